// SPDX-License-Identifier: GPL-2.0-or-later
/* A second, independent reader of the kernel's bridge state: libnl-route-3,
 * not libbrkit. The netns suites check brkit's writes with it beside iproute2.
 * Run inside the namespace (ip netns exec NS nlread ...):
 *
 *   nlread bridge DEV   one line: up, mtu and the bridge's IFLA_BR_* attributes
 *                       (libnl 3.7 has no accessors for those, so they are
 *                       read with libnl's own attribute parser, nla_parse_nested)
 *   nlread port DEV     one line: master, state, priority, cost, learning, flood,
 *                       hairpin (rtnl_link_bridge_* on an AF_BRIDGE link cache)
 *   nlread fdb          one line an entry, sorted: mac, dev, master, vlan, state,
 *                       flags (rtnl_neigh on an AF_BRIDGE neighbour cache); an
 *                       entry with NTF_EXT_LOCKED in NDA_FLAGS_EXT (libnl 3.7 has
 *                       no accessor: libnl's nlmsg_parse) also says locked
 *   nlread portflags DEV one line: ifname, locked, mab: IFLA_BRPORT_LOCKED and
 *                       IFLA_BRPORT_MAB (Linux 6.2; iproute2 6.1 shows neither
 *                       mab nor locked entries) through nla_parse_nested
 *
 * Output: key=value words, stable for the suites to compare. Exit 0; 1 when
 * the device is missing or a read fails (with the reason on stderr); 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/neighbour.h>

static int fail(const char *what, int err)
{
	fprintf(stderr, "nlread: %s: %s\n", what, nl_geterror(err));
	return 1;
}

/* ---- bridge DEV: the raw RTM_NEWLINK through libnl's parser ---- */
struct br_read {
	const char *name;
	int found;
};

static int br_valid(struct nl_msg *msg, void *arg)
{
	struct br_read *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct ifinfomsg *ifi = nlmsg_data(nlh);
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1], *br[IFLA_BR_MAX + 1];
	static const struct {
		int attr;
		const char *name;
		int bits;
	} keys[] = {
		{ IFLA_BR_FORWARD_DELAY, "forward_delay", 32 },
		{ IFLA_BR_HELLO_TIME, "hello_time", 32 },
		{ IFLA_BR_MAX_AGE, "max_age", 32 },
		{ IFLA_BR_AGEING_TIME, "ageing_time", 32 },
		{ IFLA_BR_STP_STATE, "stp_state", 32 },
		{ IFLA_BR_PRIORITY, "priority", 16 },
		{ IFLA_BR_GROUP_FWD_MASK, "group_fwd_mask", 16 },
		{ IFLA_BR_MCAST_SNOOPING, "mcast_snooping", 8 },
		{ IFLA_BR_VLAN_FILTERING, "vlan_filtering", 8 },
		{ IFLA_BR_VLAN_DEFAULT_PVID, "vlan_default_pvid", 16 },
	};
	size_t k;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 || !tb[IFLA_IFNAME] ||
	    strcmp(nla_get_string(tb[IFLA_IFNAME]), r->name))
		return NL_OK;
	r->found = 1;
	printf("ifname=%s up=%d", r->name, !!(ifi->ifi_flags & IFF_UP));
	if (tb[IFLA_MTU])
		printf(" mtu=%u", nla_get_u32(tb[IFLA_MTU]));
	if (!tb[IFLA_LINKINFO] ||
	    nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) < 0 ||
	    !li[IFLA_INFO_KIND] || strcmp(nla_get_string(li[IFLA_INFO_KIND]), "bridge")) {
		printf(" kind=other\n");
		return NL_OK;
	}
	printf(" kind=bridge");
	if (!li[IFLA_INFO_DATA] ||
	    nla_parse_nested(br, IFLA_BR_MAX, li[IFLA_INFO_DATA], NULL) < 0) {
		printf("\n");
		return NL_OK;
	}
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		struct nlattr *a = br[keys[k].attr];
		unsigned long v;

		if (!a)
			continue;
		if (nla_len(a) < keys[k].bits / 8)
			continue; /* short: leave it out, the suite then sees it missing */
		v = keys[k].bits == 32	 ? nla_get_u32(a)
		    : keys[k].bits == 16 ? nla_get_u16(a)
					 : nla_get_u8(a);
		printf(" %s=%lu", keys[k].name, v);
	}
	printf("\n");
	return NL_OK;
}

static int read_bridge(struct nl_sock *sk, const char *dev)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct br_read r = { .name = dev };
	int err;

	err = nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, br_valid, &r);
	if (err < 0)
		return fail("callback", err);
	err = nl_send_simple(sk, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi));
	if (err < 0)
		return fail("RTM_GETLINK", err);
	err = nl_recvmsgs_default(sk);
	if (err < 0)
		return fail("reading links", err);
	if (!r.found) {
		fprintf(stderr, "nlread: %s: no such device\n", dev);
		return 1;
	}
	return 0;
}

/* ---- port DEV: rtnl_link_bridge_* ---- */
static const char *const states[] = { "disabled", "listening", "learning", "forwarding",
				      "blocking" };

static int read_port(struct nl_sock *sk, const char *dev)
{
	struct nl_cache *cache, *all;
	struct rtnl_link *l, *m;
	char master[IFNAMSIZ] = "";
	uint32_t cost = 0;
	int err, st, fl;

	err = rtnl_link_alloc_cache(sk, AF_BRIDGE, &cache);
	if (err < 0)
		return fail("AF_BRIDGE link dump", err);
	err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &all);
	if (err < 0) {
		nl_cache_free(cache);
		return fail("link dump", err);
	}
	l = rtnl_link_get_by_name(cache, dev);
	if (!l || !rtnl_link_is_bridge(l)) {
		fprintf(stderr, "nlread: %s: not a bridge port\n", dev);
		if (l)
			rtnl_link_put(l);
		nl_cache_free(cache);
		nl_cache_free(all);
		return 1;
	}
	m = rtnl_link_get(all, rtnl_link_get_master(l));
	if (m) {
		snprintf(master, sizeof(master), "%s", rtnl_link_get_name(m));
		rtnl_link_put(m);
	}
	st = rtnl_link_bridge_get_port_state(l);
	fl = rtnl_link_bridge_get_flags(l);
	rtnl_link_bridge_get_cost(l, &cost);
	printf("ifname=%s master=%s up=%d state=%s priority=%d cost=%u learning=%s flood=%s "
	       "hairpin=%s\n",
	       dev, master, !!(rtnl_link_get_flags(l) & IFF_UP),
	       st >= 0 && st < 5 ? states[st] : "unknown", rtnl_link_bridge_get_priority(l), cost,
	       fl & RTNL_BRIDGE_LEARNING ? "on" : "off",
	       fl & RTNL_BRIDGE_UNICAST_FLOOD ? "on" : "off",
	       fl & RTNL_BRIDGE_HAIRPIN_MODE ? "on" : "off");
	rtnl_link_put(l);
	nl_cache_free(cache);
	nl_cache_free(all);
	return 0;
}

/* ---- portflags DEV: the raw RTM_NEWLINK through libnl's parser ---- */
#define NLREAD_BRPORT_MAB 40 /* IFLA_BRPORT_MAB, Linux 6.2; not in 6.1 headers */
#ifndef NTF_EXT_LOCKED
#define NTF_EXT_LOCKED (1 << 1)
#endif

static int pf_valid(struct nl_msg *msg, void *arg)
{
	struct br_read *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1], *pt[NLREAD_BRPORT_MAB + 1];
	int locked = 0, mab = 0;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL) < 0 ||
	    !tb[IFLA_IFNAME] || strcmp(nla_get_string(tb[IFLA_IFNAME]), r->name))
		return NL_OK;
	r->found = 1;
	if (tb[IFLA_LINKINFO] &&
	    nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) >= 0 &&
	    li[IFLA_INFO_SLAVE_DATA] &&
	    nla_parse_nested(pt, NLREAD_BRPORT_MAB, li[IFLA_INFO_SLAVE_DATA], NULL) >= 0) {
		locked = pt[IFLA_BRPORT_LOCKED] && nla_get_u8(pt[IFLA_BRPORT_LOCKED]);
		mab = pt[NLREAD_BRPORT_MAB] && nla_get_u8(pt[NLREAD_BRPORT_MAB]);
	}
	printf("ifname=%s locked=%d mab=%d\n", r->name, locked, mab);
	return NL_OK;
}

static int read_portflags(struct nl_sock *sk, const char *dev)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct br_read r = { .name = dev };
	int err;

	err = nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, pf_valid, &r);
	if (err < 0)
		return fail("callback", err);
	err = nl_send_simple(sk, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi));
	if (err < 0)
		return fail("RTM_GETLINK", err);
	err = nl_recvmsgs_default(sk);
	if (err < 0)
		return fail("reading links", err);
	if (!r.found) {
		fprintf(stderr, "nlread: %s: no such device\n", dev);
		return 1;
	}
	return 0;
}

/* ---- fdb: rtnl_neigh ---- */
struct lines {
	char **v;
	size_t n, cap;
};

static void fdb_one(struct nl_object *obj, void *arg, int locked)
{
	struct rtnl_neigh *n = (struct rtnl_neigh *)obj;
	struct lines *ls = arg;
	struct nl_addr *ll = rtnl_neigh_get_lladdr(n);
	char mac[32] = "", line[256], dev[IFNAMSIZ], master[IFNAMSIZ];
	int state = rtnl_neigh_get_state(n), vlan = rtnl_neigh_get_vlan(n);
	unsigned int flags = rtnl_neigh_get_flags(n);

	if (rtnl_neigh_get_family(n) != AF_BRIDGE)
		return;
	if (ll)
		nl_addr2str(ll, mac, sizeof(mac));
	if (!if_indextoname((unsigned int)rtnl_neigh_get_ifindex(n), dev))
		snprintf(dev, sizeof(dev), "if%d", rtnl_neigh_get_ifindex(n));
	master[0] = '\0';
	if (rtnl_neigh_get_master(n) > 0 &&
	    !if_indextoname((unsigned int)rtnl_neigh_get_master(n), master))
		snprintf(master, sizeof(master), "if%d", rtnl_neigh_get_master(n));
	snprintf(line, sizeof(line), "mac=%s dev=%s master=%s vlan=%d state=%s flags=%s%s%s%s%s",
		 mac, dev, master, vlan > 0 ? vlan : 0,
		 state & NUD_PERMANENT ? "permanent"
		 : state & NUD_NOARP   ? "static"
				       : "dynamic",
		 flags & NTF_SELF ? "self," : "", flags & NTF_MASTER ? "master," : "",
		 flags & NTF_STICKY ? "sticky," : "",
		 flags & NTF_EXT_LEARNED ? "extern_learn," : "", locked ? "locked," : "");
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 64;
		char **p = realloc(ls->v, cap * sizeof(*p));

		if (!p)
			return;
		ls->v = p;
		ls->cap = cap;
	}
	ls->v[ls->n] = strdup(line);
	if (ls->v[ls->n])
		ls->n++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each RTM_NEWNEIGH of an AF_BRIDGE dump through libnl's rtnl_neigh_parse (no
 * cache: a cache would fold a device's self and master entries into one). */
static int fdb_valid(struct nl_msg *msg, void *arg)
{
	struct rtnl_neigh *n = NULL;
	struct nlattr *tb[NDA_MAX + 1];
	int locked = 0;

	if (nlmsg_hdr(msg)->nlmsg_type != RTM_NEWNEIGH)
		return NL_OK;
	if (rtnl_neigh_parse(nlmsg_hdr(msg), &n) < 0 || !n)
		return NL_OK;
	if (nlmsg_parse(nlmsg_hdr(msg), sizeof(struct ndmsg), tb, NDA_MAX, NULL) >= 0 &&
	    tb[NDA_FLAGS_EXT] && nla_len(tb[NDA_FLAGS_EXT]) >= 4)
		locked = !!(nla_get_u32(tb[NDA_FLAGS_EXT]) & NTF_EXT_LOCKED);
	fdb_one((struct nl_object *)n, arg, locked);
	rtnl_neigh_put(n);
	return NL_OK;
}

static int read_fdb(struct nl_sock *sk)
{
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE };
	struct lines ls = { 0 };
	size_t i;
	int err;

	err = nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, fdb_valid, &ls);
	if (err < 0)
		return fail("callback", err);
	err = nl_send_simple(sk, RTM_GETNEIGH, NLM_F_DUMP, &ndm, sizeof(ndm));
	if (err < 0)
		return fail("RTM_GETNEIGH", err);
	err = nl_recvmsgs_default(sk);
	if (err < 0)
		return fail("reading the FDB", err);
	qsort(ls.v, ls.n, sizeof(*ls.v), cmp_str);
	for (i = 0; i < ls.n; i++) {
		puts(ls.v[i]);
		free(ls.v[i]);
	}
	free(ls.v);
	return 0;
}

int main(int argc, char **argv)
{
	struct nl_sock *sk;
	int err, ret;

	if (argc < 2 || (strcmp(argv[1], "fdb") && argc != 3) ||
	    (!strcmp(argv[1], "fdb") && argc != 2)) {
		fprintf(stderr, "usage: nlread bridge DEV | port DEV | portflags DEV | fdb\n");
		return 2;
	}
	sk = nl_socket_alloc();
	if (!sk)
		return fail("socket", -NLE_NOMEM);
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0) {
		nl_socket_free(sk);
		return fail("connect", err);
	}
	if (!strcmp(argv[1], "bridge")) {
		ret = read_bridge(sk, argv[2]);
	} else if (!strcmp(argv[1], "port")) {
		ret = read_port(sk, argv[2]);
	} else if (!strcmp(argv[1], "portflags")) {
		ret = read_portflags(sk, argv[2]);
	} else if (!strcmp(argv[1], "fdb")) {
		ret = read_fdb(sk);
	} else {
		fprintf(stderr, "usage: nlread bridge DEV | port DEV | portflags DEV | fdb\n");
		ret = 2;
	}
	nl_socket_free(sk);
	return ret;
}

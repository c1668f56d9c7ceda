// SPDX-License-Identifier: GPL-2.0-or-later
/* FDB entries as iproute2's `bridge fdb show` and bridge-utils' `brctl showmacs`
 * print them: one print call per field, text and JSON alike. */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include "cli/show_fdb.h"

static const char hexd[] = "0123456789abcdef";

static void mac_str(const uint8_t *m, char buf[18])
{
	int i;

	for (i = 0; i < 6; i++) {
		buf[i * 3] = hexd[m[i] >> 4];
		buf[i * 3 + 1] = hexd[m[i] & 15];
		buf[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
}

static const char *name_of(const struct show_fdb *s, int ifindex, char tmp[16])
{
	const char *n = s->name ? s->name(s->arg, ifindex) : NULL;

	if (n)
		return n;
	snprintf(tmp, 16, "if%d", ifindex);
	return tmp;
}

static const char *state_name(unsigned int st, char buf[16])
{
	if (st & NUD_PERMANENT)
		return "permanent";
	if (st & NUD_NOARP)
		return "static";
	if (st & NUD_STALE)
		return "stale";
	if (st & NUD_REACHABLE)
		return "";
	snprintf(buf, 16, "state=%#x", st);
	return buf;
}

static const struct {
	uint8_t bit;
	const char *name;
} flag_names[] = {
	{ NTF_SELF, "self" },	      { NTF_ROUTER, "router" }, { NTF_EXT_LEARNED, "extern_learn" },
	{ NTF_OFFLOADED, "offload" }, { NTF_MASTER, "master" }, { NTF_STICKY, "sticky" },
};

/* The rtnetlink protocol names (rtnl_rtprot_tab) are libbrkit's, for FDB and
 * MDB entries alike; a number without a name is printed as the number. */
const char *show_fdb_proto_name(uint8_t proto, char buf[16])
{
	const char *name = brkit_mdb_proto_name(proto);

	if (name)
		return name;
	snprintf(buf, 16, "%u", proto);
	return buf;
}

void show_fdb_entry(struct pr *p, const struct brkit_fdb_entry *e, const struct show_fdb *s)
{
	char mac[18], tmp[16], sb[16];
	size_t i;

	pr_open_obj(p, NULL);
	if (e->deleted) {
		pr_text(p, "Deleted ");
		pr_bool(p, PR_JSON, "deleted", "%d", true);
	}
	mac_str(e->mac, mac);
	pr_str(p, PR_ANY, "mac", "%s ", mac);
	if (!s->omit_dev && e->ifindex)
		pr_str(p, PR_ANY, "ifname", "dev %s ", name_of(s, e->ifindex, tmp));
	if (e->dst_family) {
		char a[INET6_ADDRSTRLEN];

		if (!inet_ntop(e->dst_family, e->dst, a, sizeof(a)))
			snprintf(a, sizeof(a), "?");
		pr_str(p, PR_ANY, "dst", "dst %s ", a);
	}
	if (e->vlan)
		pr_uint(p, PR_ANY, "vlan", "vlan %u ", e->vlan);
	if (e->has_port)
		pr_uint(p, PR_ANY, "port", "port %u ", e->port);
	if (e->has_vni)
		pr_uint(p, PR_ANY, "vni", "vni %u ", e->vni);
	if (e->has_src_vni)
		pr_uint(p, PR_ANY, "src_vni", "src_vni %u ", e->src_vni);
	if (e->has_via) {
		if (e->has_netnsid)
			pr_uint(p, PR_ANY, "viaIfIndex", "via ifindex %u ", (unsigned int)e->via);
		else
			pr_str(p, PR_ANY, "viaIf", "via %s ", name_of(s, e->via, tmp));
	}
	if (e->has_nh_id) /* a VXLAN remote through a nexthop group (FRR, EVPN multihoming) */
		pr_uint(p, PR_ANY, "nhid", "nhid %u ", e->nh_id);
	if (e->has_netnsid)
		pr_int(p, PR_ANY, "linkNetNsId", "link-netnsid %d ", e->netnsid);
	if (s->stats && e->has_cacheinfo) {
		/* As iproute2: the u32 tick count divided, then printed; never
		 * a negative number of seconds. */
		pr_uint(p, PR_ANY, "used", "used %u/", e->used / SHOW_FDB_HZ);
		pr_uint(p, PR_ANY, "updated", "%u ", e->updated / SHOW_FDB_HZ);
	}
	pr_open_arr(p, "flags");
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (e->flags & flag_names[i].bit)
			pr_str(p, PR_ANY, NULL, "%s ", flag_names[i].name);
	pr_close_arr(p);
	if (e->master)
		pr_str(p, PR_ANY, "master", "master %s ", name_of(s, e->master, tmp));
	/* After master, as iproute2 prints it where it shows NDA_PROTOCOL (its
	 * names; no file under /etc/iproute2 is read: a number otherwise). */
	if (e->protocol)
		pr_str(p, PR_ANY, "protocol", "proto %s ", show_fdb_proto_name(e->protocol, tmp));
	pr_str(p, PR_ANY, "state", "%s\n", state_name(e->state, sb));
	pr_close_obj(p);
}

void show_fdb_mac_header(FILE *f)
{
	fputs("port no\tmac addr\t\tis local?\tageing timer\n", f);
}

/* Hand-written: `brctl showmacs` of 100k entries is benchmarked against brctl. */
void show_fdb_mac(FILE *f, const struct brkit_fdb_mac *m)
{
	unsigned int port = m->port_no & 0xff; /* bridge-utils keeps the low byte */
	unsigned long secs = m->ageing / 100, cs = m->ageing % 100, v;
	char buf[64], *p = buf, digits[24];
	int n = 0;

	/* "%3i\t" */
	if (port < 100)
		*p++ = ' ';
	if (port < 10)
		*p++ = ' ';
	if (port >= 100)
		*p++ = (char)('0' + port / 100);
	if (port >= 10)
		*p++ = (char)('0' + port / 10 % 10);
	*p++ = (char)('0' + port % 10);
	*p++ = '\t';
	mac_str(m->mac, p);
	p += 17;
	memcpy(p, m->is_local ? "\tyes\t\t" : "\tno\t\t", m->is_local ? 6 : 5);
	p += m->is_local ? 6 : 5;
	/* "%4i.%.2i" */
	v = secs;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < 4)
		digits[n++] = ' ';
	while (n)
		*p++ = digits[--n];
	*p++ = '.';
	*p++ = (char)('0' + cs / 10);
	*p++ = (char)('0' + cs % 10);
	*p++ = '\n';
	fwrite_unlocked(buf, 1, (size_t)(p - buf), f);
}

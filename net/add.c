// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit net add: the host checks, then each step recorded before it is
 * taken (so del undoes a crashed add), and a rollback of the steps done when
 * a later one fails. */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <brkit/bridge.h>
#include "net/apply.h"

struct overlap {
	struct net_env *e;
	const struct net_spec *s;
	int brindex; /* the adopted bridge, 0 none */
	bool has4, has6; /* the adopted bridge has the spec's address already */
	struct net_addr clash;
};

static int overlap_cb(const struct net_addr *a, void *arg)
{
	struct overlap *o = arg;
	struct in_addr in;

	if (a->family == AF_INET6) {
		if (o->s->has_ipv6 && a->ifindex == o->brindex &&
		    !memcmp(a->addr, &o->s->addr6, 16) && a->prefix == o->s->prefix6)
			o->has6 = true;
		return 0;
	}
	memcpy(&in, a->addr, 4);
	if ((ntohl(in.s_addr) >> 24) == 127)
		return 0;
	if (a->ifindex == o->brindex && in.s_addr == o->s->addr.s_addr &&
	    a->prefix == o->s->prefix) {
		o->has4 = true;
		return 0;
	}
	if (!net_overlap(in, a->prefix, o->s->addr, o->s->prefix))
		return 0;
	/* the first clash, named after the dump (the handle is busy in it) */
	o->clash = *a;
	return -EADDRINUSE;
}

/* Checks that need the host: other networks, addresses, the bridge, the
 * uplink, dnsmasq. */
static int host_checks(struct net_env *e, const struct net_spec *s, struct overlap *o)
{
	char(*names)[NET_NAMELEN];
	struct brkit_link l;
	size_t n, i;
	int err;

	err = net_names(e, &names, &n);
	if (err)
		return err;
	for (i = 0; i < n && !err; i++) {
		struct net_state st;
		struct net_spec other;
		char a[INET_ADDRSTRLEN];

		if (net_state_load(e, names[i], &st) || net_state_spec(e, &st, &other))
			continue; /* a broken one is del's business */
		inet_ntop(AF_INET, &other.addr, a, sizeof(a));
		if (!strcmp(st.bridge, s->bridge))
			err = net_fail(e, -EBUSY,
				       "network %s: bridge %s belongs to brkit network %s", s->name,
				       s->bridge, names[i]);
		else if (net_overlap(other.addr, other.prefix, s->addr, s->prefix))
			err = net_fail(e, -EADDRINUSE,
				       "network %s: subnet overlaps brkit network %s (%s/%u)",
				       s->name, names[i], a, other.prefix);
	}
	free(names);
	if (err)
		return err;
	memset(o, 0, sizeof(*o));
	o->e = e;
	o->s = s;
	err = brkit_link_get(e->h, s->bridge, &l);
	if (err == 0) {
		if (strcmp(l.kind, "bridge"))
			return net_fail(e, -ENOTTY,
					"network %s: %s exists and is not a bridge (%s)", s->name,
					s->bridge, *l.kind ? l.kind : "no kind");
		o->brindex = l.ifindex;
	} else if (err != -ENODEV) {
		return net_fail(e, err, "network %s: looking up %s: %s", s->name, s->bridge,
				brkit_errmsg(e->h));
	}
	if (s->uplink[0]) {
		err = brkit_link_get(e->h, s->uplink, &l);
		if (err == -ENODEV)
			return net_fail(e, err, "network %s: uplink %s: no such device", s->name,
					s->uplink);
		if (err)
			return net_fail(e, err, "network %s: uplink %s: %s", s->name, s->uplink,
					brkit_errmsg(e->h));
	}
	err = net_addr_foreach(e, overlap_cb, o);
	if (err == -EADDRINUSE) {
		char ifname[IFNAMSIZ] = "?", as[INET_ADDRSTRLEN], bs[INET_ADDRSTRLEN];

		if (brkit_link_get_index(e->h, o->clash.ifindex, &l) == 0)
			snprintf(ifname, sizeof(ifname), "%s", l.ifname);
		inet_ntop(AF_INET, o->clash.addr, as, sizeof(as));
		inet_ntop(AF_INET, &s->addr, bs, sizeof(bs));
		return net_fail(
			e, err,
			"network %s: subnet %s/%u overlaps address %s/%u on %s of this host",
			s->name, bs, s->prefix, as, o->clash.prefix, ifname);
	}
	if (err)
		return err;
	if ((s->has_dhcp || s->dns || s->has_ipv6) && access(NET_DNSMASQ, X_OK) < 0)
		return net_fail(e, -ENOENT,
				"network %s: dnsmasq is not installed (%s; Debian's dnsmasq-base)",
				s->name, NET_DNSMASQ);
	return 0;
}

int net_hosts_write(struct net_env *e, const struct net_spec *s)
{
	char path[NET_PATHLEN], *buf;
	size_t i, n = 0, cap = (s->nhosts + 1) * 128;
	int err;

	buf = calloc(1, cap);
	if (!buf)
		return net_fail(e, -ENOMEM, "out of memory");
	for (i = 0; i < s->nhosts; i++)
		n += net_host_line(&s->hosts[i], buf + n, cap - n);
	net_path(e, s->name, "hosts", path, sizeof(path));
	err = net_write_file(path, buf);
	free(buf);
	if (err)
		return net_fail(e, err, "network %s: writing %s: %s", s->name, path,
				strerror(-err));
	net_path(e, s->name, NULL, path, sizeof(path));
	net_dnsmasq_reload(path);
	return 0;
}

static int step(struct net_env *e, unsigned int *n)
{
	++*n;
	if (e->crash_after && *n >= e->crash_after)
		raise(SIGKILL);
	if (e->fail_after && *n >= e->fail_after)
		return net_fail(e, -EIO, "failing after %u steps (BRKIT_NET_FAIL_AFTER)",
				e->fail_after);
	return 0;
}

static int make(struct net_env *e, struct net_spec *s, struct net_state *st,
		const struct overlap *o)
{
	char dir[NET_PATHLEN], path[NET_PATHLEN], *text;
	struct brkit_bridge_opts bo;
	struct brkit_link l;
	unsigned int steps = 0;
	size_t cap = 16384;
	int err;

	net_path(e, s->name, NULL, dir, sizeof(dir));
	/* the bridge: made (recorded first), or adopted as it is */
	if (!o->brindex) {
		st->made_bridge = true;
		err = net_state_save(e, st);
		if (err)
			return err;
		memset(&bo, 0, sizeof(bo));
		err = brkit_bridge_add(e->h, s->bridge, &bo);
		if (err)
			return net_fail(e, err, "network %s: making bridge %s: %s", s->name,
					s->bridge, brkit_errmsg(e->h));
	}
	if ((err = step(e, &steps)))
		return err;
	if (s->mtu && brkit_link_set_mtu(e->h, s->bridge, s->mtu))
		return net_fail(e, -EINVAL, "network %s: mtu %u on %s: %s", s->name, s->mtu,
				s->bridge, brkit_errmsg(e->h));
	if (brkit_link_set_up(e->h, s->bridge, true) || brkit_link_get(e->h, s->bridge, &l))
		return net_fail(e, -EIO, "network %s: setting %s up: %s", s->name, s->bridge,
				brkit_errmsg(e->h));
	if (!o->has4) {
		st->addr_added = true;
		if ((err = net_state_save(e, st)))
			return err;
		err = net_addr_change(e, true, l.ifindex, AF_INET, &s->addr, s->prefix);
		if (err)
			return net_fail(e, err, "network %s: %s", s->name, e->why);
	}
	if (s->has_ipv6 && !o->has6) {
		st->addr6_added = true;
		if ((err = net_state_save(e, st)))
			return err;
		err = net_addr_change(e, true, l.ifindex, AF_INET6, &s->addr6, s->prefix6);
		if (err)
			return net_fail(e, err, "network %s: %s", s->name, e->why);
	}
	if ((err = step(e, &steps)))
		return err;
	/* the nftables table */
	st->table = true;
	if ((err = net_state_save(e, st)))
		return err;
	text = malloc(cap);
	if (!text)
		return net_fail(e, -ENOMEM, "out of memory");
	net_nft_script(s, text, cap);
	err = net_nft_run(e, text);
	free(text);
	if (err)
		return net_fail(e, err, "network %s: %s", s->name, e->why);
	if ((err = step(e, &steps)))
		return err;
	/* forwarding */
	if (s->mode == NET_MODE_NAT || s->mode == NET_MODE_ROUTED) {
		if ((err = net_forward_on(e, 0)))
			return err;
		if (s->has_ipv6 && (err = net_forward_on(e, 1)))
			return err;
	}
	if ((err = step(e, &steps)))
		return err;
	/* dnsmasq */
	if (s->has_dhcp || s->dns || s->has_ipv6) {
		err = net_hosts_write(e, s);
		if (err)
			return err;
		text = malloc(cap);
		if (!text)
			return net_fail(e, -ENOMEM, "out of memory");
		net_dnsmasq_conf(s, dir, text, cap);
		net_path(e, s->name, "dnsmasq.conf", path, sizeof(path));
		err = net_write_file(path, text);
		free(text);
		if (err)
			return net_fail(e, err, "network %s: writing %s: %s", s->name, path,
					strerror(-err));
		net_path(e, s->name, "leases", path, sizeof(path));
		if (access(path, F_OK) < 0 && (err = net_write_file(path, "")))
			return net_fail(e, err, "network %s: writing %s: %s", s->name, path,
					strerror(-err));
		st->dnsmasq = true;
		if ((err = net_state_save(e, st)))
			return err;
		if ((err = net_dnsmasq_start(e, s->name, dir)))
			return err;
	}
	if ((err = step(e, &steps)))
		return err;
	st->complete = true;
	return net_state_save(e, st);
}

int net_add(struct net_env *e, struct net_spec *s, bool *same)
{
	char dir[NET_PATHLEN], why[NET_WHYLEN];
	struct net_state st, old;
	struct overlap o;
	int err;

	*same = false;
	net_path(e, s->name, NULL, dir, sizeof(dir));
	if (net_state_load(e, s->name, &old) == 0) {
		char words[sizeof(old.spec)];

		net_spec_format(s, words, sizeof(words));
		if (old.complete && !strcmp(words, old.spec) &&
		    (!old.dnsmasq || net_dnsmasq_pid(dir))) {
			*same = true;
			return 0;
		}
		return net_fail(e, -EEXIST,
				"network %s: exists already%s (%s); brkit net del %s first",
				s->name, old.complete ? "" : ", half made", old.spec, s->name);
	}
	err = host_checks(e, s, &o);
	if (err)
		return err;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return net_fail(e, -errno, "network %s: %s: %s", s->name, dir, strerror(errno));
	memset(&st, 0, sizeof(st));
	snprintf(st.name, sizeof(st.name), "%s", s->name);
	snprintf(st.bridge, sizeof(st.bridge), "%s", s->bridge);
	net_spec_format(s, st.spec, sizeof(st.spec));
	err = net_state_save(e, &st);
	if (err) {
		rmdir(dir);
		return err;
	}
	err = make(e, s, &st, &o);
	if (err) {
		snprintf(why, sizeof(why), "%s", e->why);
		net_undo(e, &st); /* its own failure is not the one to report */
		snprintf(e->why, sizeof(e->why), "%s", why);
	}
	return err;
}

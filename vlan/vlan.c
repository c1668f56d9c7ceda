// SPDX-License-Identifier: LGPL-2.1-or-later
/* Bridge VLAN membership over rtnetlink: checks, add/del in one request,
 * "make it exactly this set" in two, read-back as compressed ranges. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include "nl/nl.h"
#include "nl/util.h"
#include "vlan/plan.h"
#include "vlan/tunnel.h"

#define KCONFIG_MSG "the kernel was built without CONFIG_BRIDGE_VLAN_FILTERING"

/* What the checks need to know about one device. */
struct devinfo {
	int ifindex;
	char ifname[IFNAMSIZ];
	int master;
	bool is_bridge;
	/* The kernel has VLAN filtering: IFLA_BR_VLAN_PROTOCOL is present (the
	 * kernel reports IFLA_BR_VLAN_FILTERING (as 0) even without it). */
	bool has_vf;
	uint8_t vf; /* its value */
	bool got;
};

static void devinfo_parse(const struct nlmsghdr *nlh, struct devinfo *d)
{
	const struct nlattr *tb[IFLA_MAX + 1];
	struct brkit_link l;

	if (brkit_nl_parse_link(nlh, &l, tb) < 0)
		return;
	memset(d, 0, sizeof(*d));
	d->got = true;
	d->ifindex = l.ifindex;
	memcpy(d->ifname, l.ifname, sizeof(d->ifname));
	d->master = l.master;
	d->is_bridge = !strcmp(l.kind, "bridge");
	if (d->is_bridge && tb[IFLA_LINKINFO]) {
		const struct nlattr *li[IFLA_INFO_MAX + 1];

		brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
		if (li[IFLA_INFO_DATA]) {
			const struct nlattr *br[IFLA_BR_MAX + 1];

			brkit_nl_parse_nested(li[IFLA_INFO_DATA], br, IFLA_BR_MAX);
			d->vf = brkit_nl_u8(br[IFLA_BR_VLAN_FILTERING]);
			d->has_vf = br[IFLA_BR_VLAN_PROTOCOL] != NULL;
		}
	}
}

static int devinfo_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		devinfo_parse(nlh, data);
	return MNL_CB_OK;
}

static int devinfo_get(struct brkit *h, const char *ifname, int ifindex, struct devinfo *d)
{
	int err;

	memset(d, 0, sizeof(*d));
	err = brkit_nl_getlink(h, ifname, ifindex, devinfo_cb, d);
	if (err == -ENODEV || (!err && !d->got)) {
		if (ifname)
			return brkit_failf(h, -ENODEV, "%s: no such device", ifname);
		return brkit_failf(h, -ENODEV, "ifindex %d: no such device", ifindex);
	}
	if (err)
		return brkit_fail(h, err, "looking up %s", ifname ? ifname : "a device");
	return 0;
}

/* @dev must be a bridge or a bridge port; fills @d (the device) and @br (its
 * bridge, a copy of @d for the bridge itself). @need_on: writes need
 * vlan_filtering on. */
static int dev_check(struct brkit *h, const char *dev, struct devinfo *d, struct devinfo *br,
		     bool need_on)
{
	const char *why;
	int err;

	if (brkit_ifname_check(dev, &why))
		return brkit_failf(h, -EINVAL, "%s: %s", dev ? dev : "", why);
	err = devinfo_get(h, dev, 0, d);
	if (err)
		return err;
	if (d->is_bridge) {
		*br = *d;
	} else {
		if (!d->master)
			return brkit_failf(h, -ENOLINK, "%s is not a bridge port", dev);
		err = devinfo_get(h, NULL, d->master, br);
		if (err)
			return err;
		if (!br->is_bridge)
			return brkit_failf(
				h, -ENOLINK,
				"%s is not a bridge port (its master %s is not a bridge)", dev,
				br->ifname);
	}
	if (!br->has_vf)
		return brkit_failf(h, -EOPNOTSUPP,
				   "%s: bridge VLAN filtering is not available: " KCONFIG_MSG, dev);
	if (need_on && !br->vf)
		return brkit_failf(h, -ENOPROTOOPT,
				   "%s: bridge %s has vlan_filtering off (turn it on first: "
				   "brkit bridge set %s vlan_filtering on)",
				   dev, br->ifname, br->ifname);
	return 0;
}

int brkit_vlan_check(struct brkit *h, const char *dev, bool *is_bridge)
{
	struct devinfo d, br;
	int err;

	brkit_clear_err(h);
	err = dev_check(h, dev, &d, &br, true);
	if (!err && is_bridge)
		*is_bridge = d.is_bridge;
	return err;
}

/* ---- requests ---- */

struct entry {
	unsigned int lo, hi, flags;
};

static void put_vinfo(struct nlmsghdr *nlh, unsigned int vid, unsigned int flags)
{
	struct bridge_vlan_info vi = { .flags = (uint16_t)flags, .vid = (uint16_t)vid };

	mnl_attr_put(nlh, IFLA_BRIDGE_VLAN_INFO, sizeof(vi), &vi);
}

static void put_entry(struct nlmsghdr *nlh, const struct entry *e)
{
	if (e->lo == e->hi) {
		put_vinfo(nlh, e->lo, e->flags);
	} else {
		put_vinfo(nlh, e->lo, e->flags | BRIDGE_VLAN_INFO_RANGE_BEGIN);
		put_vinfo(nlh, e->hi, e->flags | BRIDGE_VLAN_INFO_RANGE_END);
	}
}

/* Start an RTM_SETLINK/RTM_DELLINK AF_BRIDGE request for @ifindex; the
 * caller adds entries and ends the nest. */
static struct nlattr *vlan_msg(struct brkit *h, struct nlmsghdr **nlhp, uint16_t type, int ifindex,
			       unsigned int bflags)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, type, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *nest;

	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex;
	nest = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	if (bflags)
		mnl_attr_put_u16(nlh, IFLA_BRIDGE_FLAGS, (uint16_t)bflags);
	*nlhp = nlh;
	return nest;
}

/* The IFLA_BRIDGE_FLAGS for @where on device @d; -EINVAL for master on the bridge. */
static int where_flags(struct brkit *h, const struct devinfo *d, enum brkit_vlan_where where,
		       unsigned int *bflags)
{
	if (where == BRKIT_VLAN_SELF || (where == BRKIT_VLAN_AUTO && d->is_bridge)) {
		*bflags = BRIDGE_FLAGS_SELF;
		return 0;
	}
	if (d->is_bridge)
		return brkit_failf(h, -EINVAL,
				   "%s is the bridge itself: its own VLANs are changed with 'self'",
				   d->ifname);
	*bflags = where == BRKIT_VLAN_MASTER ? BRIDGE_FLAGS_MASTER : 0;
	return 0;
}

static int one_request(struct brkit *h, const char *dev, uint16_t type, unsigned int lo,
		       unsigned int hi, unsigned int flags, enum brkit_vlan_where where)
{
	struct devinfo d, br;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct entry e = { lo, hi, flags };
	unsigned int bflags = 0;
	const char *what = type == RTM_SETLINK ? "adding" : "deleting";
	char vids[16];
	int err;

	brkit_clear_err(h);
	if (hi == lo)
		snprintf(vids, sizeof(vids), "%u", lo);
	else
		snprintf(vids, sizeof(vids), "%u-%u", lo, hi);
	if (lo < BRKIT_VID_MIN || hi > BRKIT_VID_MAX || hi < lo)
		return brkit_failf(h, -EINVAL, "%s vlan %s on %s: VLAN IDs are 1-4094", what, vids,
				   dev);
	if ((flags & BRKIT_VLAN_PVID) && lo != hi)
		return brkit_failf(h, -EINVAL, "%s vlan %s on %s: pvid cannot be set on a range",
				   what, vids, dev);
	if (flags & ~(unsigned int)(BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED))
		return brkit_failf(h, -EINVAL, "%s vlan %s on %s: unknown flags", what, vids, dev);
	err = dev_check(h, dev, &d, &br, true);
	if (err)
		return err;
	err = where_flags(h, &d, where, &bflags);
	if (err)
		return err;
	nest = vlan_msg(h, &nlh, type, d.ifindex, bflags);
	put_entry(nlh, &e);
	mnl_attr_nest_end(nlh, nest);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err)
		return brkit_fail(h, err, "%s vlan %s on %s", what, vids, dev);
	return 0;
}

int brkit_vlan_add(struct brkit *h, const char *dev, unsigned int lo, unsigned int hi,
		   unsigned int flags, enum brkit_vlan_where where)
{
	return one_request(h, dev, RTM_SETLINK, lo, hi, flags, where);
}

int brkit_vlan_del(struct brkit *h, const char *dev, unsigned int lo, unsigned int hi,
		   enum brkit_vlan_where where)
{
	return one_request(h, dev, RTM_DELLINK, lo, hi, 0, where);
}

/* ---- read-back ---- */

struct rdev {
	int ifindex;
	size_t n, cap;
	struct brkit_vlan_range *r;
};

struct collect {
	int only; /* ifindex filter, 0 for all */
	bool via_link; /* parsing RTM_GETLINK AF_BRIDGE replies */
	struct rdev *d;
	size_t n, cap;
	unsigned int pending_begin; /* getlink: a RANGE_BEGIN waiting for its END */
	bool in_range;
	int err;
};

static void collect_reset(void *data)
{
	struct collect *c = data;
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->d[i].r);
	free(c->d);
	c->d = NULL;
	c->n = c->cap = 0;
	c->in_range = false;
}

static struct rdev *collect_dev(struct collect *c, int ifindex)
{
	if (c->n && c->d[c->n - 1].ifindex == ifindex)
		return &c->d[c->n - 1];
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct rdev *nd = realloc(c->d, cap * sizeof(*nd));

		if (!nd)
			return NULL;
		c->d = nd;
		c->cap = cap;
	}
	memset(&c->d[c->n], 0, sizeof(c->d[0]));
	c->d[c->n].ifindex = ifindex;
	return &c->d[c->n++];
}

static int rdev_add(struct rdev *d, unsigned int lo, unsigned int hi, unsigned int flags)
{
	flags &= BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED;
	/* Merge with the previous range when adjacent with the same flags. */
	if (d->n && d->r[d->n - 1].vid_end + 1u == lo && d->r[d->n - 1].flags == flags) {
		d->r[d->n - 1].vid_end = (uint16_t)hi;
		return 0;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct brkit_vlan_range *nr = realloc(d->r, cap * sizeof(*nr));

		if (!nr)
			return -ENOMEM;
		d->r = nr;
		d->cap = cap;
	}
	d->r[d->n].vid = (uint16_t)lo;
	d->r[d->n].vid_end = (uint16_t)hi;
	d->r[d->n].flags = (uint16_t)flags;
	d->n++;
	return 0;
}

/* RTM_NEWVLAN: br_vlan_msg + BRIDGE_VLANDB_ENTRY { INFO, RANGE, ... }. */
static int getvlan_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	const struct br_vlan_msg *bvm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	struct rdev *d = NULL;

	if (nlh->nlmsg_type != RTM_NEWVLAN || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*bvm)))
		return MNL_CB_OK;
	if (c->only && (int)bvm->ifindex != c->only)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*bvm))
	{
		const struct nlattr *tb[BRIDGE_VLANDB_ENTRY_MAX + 1];
		const struct bridge_vlan_info *vi;
		unsigned int hi;

		if (mnl_attr_get_type(attr) != BRIDGE_VLANDB_ENTRY)
			continue;
		brkit_nl_parse_nested(attr, tb, BRIDGE_VLANDB_ENTRY_MAX);
		/* An entry whose bridge_vlan_info is malformed is skipped; a
		 * malformed range end is absent (the entry is its one VLAN). */
		if (!tb[BRIDGE_VLANDB_ENTRY_INFO] ||
		    mnl_attr_validate2(tb[BRIDGE_VLANDB_ENTRY_INFO], MNL_TYPE_BINARY, sizeof(*vi)) <
			    0)
			continue;
		vi = mnl_attr_get_payload(tb[BRIDGE_VLANDB_ENTRY_INFO]);
		hi = vi->vid;
		if (brkit_nl_attr_ok(tb[BRIDGE_VLANDB_ENTRY_RANGE], MNL_TYPE_U16))
			hi = mnl_attr_get_u16(tb[BRIDGE_VLANDB_ENTRY_RANGE]);
		if (!d)
			d = collect_dev(c, (int)bvm->ifindex);
		if (!d || rdev_add(d, vi->vid, hi, vi->flags)) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;
}

/* RTM_NEWLINK AF_BRIDGE: IFLA_AF_SPEC { IFLA_BRIDGE_VLAN_INFO (RANGE_BEGIN/END) ... }. */
static int getlink_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *spec = NULL;
	struct rdev *d = NULL;

	if (nlh->nlmsg_type != RTM_NEWLINK || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return MNL_CB_OK;
	if (c->only && ifi->ifi_index != c->only)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*ifi))
	{
		if (mnl_attr_get_type(attr) == IFLA_AF_SPEC)
			spec = attr;
	}
	if (!brkit_nl_attr_ok(spec, MNL_TYPE_NESTED))
		return MNL_CB_OK;
	c->in_range = false;
	mnl_attr_for_each_nested(attr, spec)
	{
		const struct bridge_vlan_info *vi;

		if (mnl_attr_get_type(attr) != IFLA_BRIDGE_VLAN_INFO ||
		    mnl_attr_validate2(attr, MNL_TYPE_BINARY, sizeof(*vi)) < 0)
			continue;
		vi = mnl_attr_get_payload(attr);
		if (vi->flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) {
			c->pending_begin = vi->vid;
			c->in_range = true;
			continue;
		}
		if (!d)
			d = collect_dev(c, ifi->ifi_index);
		if (!d || rdev_add(d,
				   (vi->flags & BRIDGE_VLAN_INFO_RANGE_END) && c->in_range
					   ? c->pending_begin
					   : vi->vid,
				   vi->vid, vi->flags)) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		c->in_range = false;
	}
	return MNL_CB_OK;
}

static int dump_getvlan(struct brkit *h, struct collect *c)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETVLAN, 0);
	struct br_vlan_msg *bvm = mnl_nlmsg_put_extra_header(nlh, sizeof(*bvm));

	bvm->family = AF_BRIDGE;
	bvm->ifindex = (uint32_t)c->only;
	return brkit_nl_dump(h, nlh, getvlan_cb, c, collect_reset);
}

static int dump_getlink(struct brkit *h, struct collect *c)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_BRIDGE;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN_COMPRESSED);
	c->via_link = true;
	return brkit_nl_dump(h, nlh, getlink_cb, c, collect_reset);
}

/* All devices, for names and for telling bridges from ports. */
struct devmap {
	struct devinfo *d;
	size_t n, cap;
	bool any_vf;
};

static int devmap_cb(const struct nlmsghdr *nlh, void *data)
{
	struct devmap *m = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct devinfo *nd = realloc(m->d, cap * sizeof(*nd));

		if (!nd) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		m->d = nd;
		m->cap = cap;
	}
	devinfo_parse(nlh, &m->d[m->n]);
	if (m->d[m->n].has_vf)
		m->any_vf = true;
	m->n++;
	return MNL_CB_OK;
}

static void devmap_reset(void *data)
{
	struct devmap *m = data;

	m->n = 0;
	m->any_vf = false;
}

static int devmap_load(struct brkit *h, struct devmap *m)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return brkit_nl_dump(h, nlh, devmap_cb, m, devmap_reset);
}

/* The device map of a listing: @dev's own look-up for one device (its
 * ifindex in *@only), every device's for all (@dev NULL). @what names the
 * listing in messages. The caller frees m->d, also on failure. */
static int devmap_for(struct brkit *h, const char *dev, const char *what, struct devmap *m,
		      int *only)
{
	struct devinfo d, br;
	int err;

	if (!dev) {
		err = devmap_load(h, m);
		return err ? brkit_fail(h, err, "listing devices") : 0;
	}
	err = dev_check(h, dev, &d, &br, false);
	if (err)
		return err;
	*only = d.ifindex;
	m->d = malloc(sizeof(*m->d));
	if (!m->d)
		return brkit_failf(h, -ENOMEM, "%s of %s: out of memory", what, dev);
	m->d[0] = d;
	m->n = m->cap = 1;
	m->any_vf = br.has_vf;
	return 0;
}

static const struct devinfo *devmap_find(const struct devmap *m, int ifindex)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->d[i].ifindex == ifindex)
			return &m->d[i];
	return NULL;
}

/* Read @only's (0: every device's) VLANs into @c; @m gets the device map when
 * non-NULL (needed for names when reading all). */
static int vlan_read(struct brkit *h, const char *what, unsigned int flags, struct collect *c,
		     struct devmap *m)
{
	int err = -EOPNOTSUPP;

	if (!(flags & BRKIT_VLAN_VIA_GETLINK)) {
		err = dump_getvlan(h, c);
		if (err && err != -EOPNOTSUPP)
			return brkit_fail(h, err, "reading the VLANs of %s", what);
	}
	if (err == -EOPNOTSUPP) {
		collect_reset(c);
		if (m && !c->only) {
			/* No RTM_GETVLAN: an old kernel, or one without VLAN filtering. */
			if (!m->any_vf)
				return brkit_failf(h, -EOPNOTSUPP,
						   "reading VLANs: bridge VLAN filtering is not "
						   "available: " KCONFIG_MSG);
		}
		err = dump_getlink(h, c);
		if (err)
			return brkit_fail(h, err, "reading the VLANs of %s", what);
	}
	return 0;
}

int brkit_vlan_foreach(struct brkit *h, const char *dev, unsigned int flags,
		       int (*cb)(const struct brkit_vlan_dev *d, void *arg), void *arg)
{
	struct collect c = { 0 };
	struct devmap m = { 0 };
	size_t i;
	int err;

	brkit_clear_err(h);
	err = devmap_for(h, dev, "reading the VLANs", &m, &c.only);
	if (err)
		goto out;
	err = vlan_read(h, dev ? dev : "all devices", flags, &c, &m);
	if (err)
		goto out;
	for (i = 0; i < c.n; i++) {
		const struct devinfo *di = devmap_find(&m, c.d[i].ifindex);
		struct brkit_vlan_dev v = { .ifindex = c.d[i].ifindex,
					    .n = c.d[i].n,
					    .r = c.d[i].r };

		if (!di || !c.d[i].n)
			continue;
		memcpy(v.ifname, di->ifname, sizeof(v.ifname));
		v.is_bridge = di->is_bridge;
		v.master = di->is_bridge ? 0 : di->master;
		err = cb(&v, arg);
		if (err)
			break;
	}
out:
	collect_reset(&c);
	free(m.d);
	return err;
}

/* ---- vlan set ---- */

static int state_read(struct brkit *h, const struct devinfo *d, struct brkit_vlan_state *s)
{
	struct collect c = { .only = d->ifindex };
	size_t i, k;
	int err;

	memset(s, 0, sizeof(*s));
	err = vlan_read(h, d->ifname, 0, &c, NULL);
	if (err)
		goto out;
	for (i = 0; i < c.n; i++) {
		for (k = 0; k < c.d[i].n; k++) {
			const struct brkit_vlan_range *r = &c.d[i].r[k];

			brkit_vlan_set_add(&s->vids, r->vid, r->vid_end);
			if (r->flags & BRKIT_VLAN_UNTAGGED)
				brkit_vlan_set_add(&s->untagged, r->vid, r->vid_end);
			if (r->flags & BRKIT_VLAN_PVID)
				s->pvid = r->vid;
		}
	}
out:
	collect_reset(&c);
	return err;
}

/* Send one request of @n entries. */
static int send_entries(struct brkit *h, uint16_t type, int ifindex, unsigned int bflags,
			const struct brkit_vlan_entry *v, size_t n)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	size_t i;

	if (!n)
		return 0;
	nest = vlan_msg(h, &nlh, type, ifindex, bflags);
	for (i = 0; i < n; i++) {
		struct entry e = { v[i].lo, v[i].hi, v[i].flags };

		put_entry(nlh, &e);
	}
	mnl_attr_nest_end(nlh, nest);
	return brkit_nl_talk(h, nlh, NULL, NULL);
}

/* The two requests that take a device from @cur to @want: adds (and flag
 * changes) first, so a moving pvid never leaves the port without one longer
 * than needed, then deletions. */
static int converge(struct brkit *h, const struct devinfo *d, unsigned int bflags,
		    const struct brkit_vlan_state *cur, const struct brkit_vlan_state *want,
		    struct brkit_vlan_plan *p)
{
	int err;

	brkit_vlan_plan(cur, want, p);
	err = send_entries(h, RTM_SETLINK, d->ifindex, bflags, p->add, p->nadd);
	if (err)
		return err;
	return send_entries(h, RTM_DELLINK, d->ifindex, bflags, p->del, p->ndel);
}

int brkit_vlan_set(struct brkit *h, const char *dev, const struct brkit_vlan_set *vids,
		   unsigned int pvid, enum brkit_vlan_where where, unsigned int *added,
		   unsigned int *removed)
{
	struct devinfo d, br;
	struct brkit_vlan_state cur, want, now;
	struct brkit_vlan_plan *p;
	unsigned int bflags = 0;
	char ext[BRKIT_EXTLEN];
	int err, rerr;

	brkit_clear_err(h);
	if (added)
		*added = 0;
	if (removed)
		*removed = 0;
	if (brkit_vlan_set_has(vids, 0) || brkit_vlan_set_has(vids, 4095))
		return brkit_failf(h, -EINVAL, "setting the VLANs of %s: VLAN IDs are 1-4094", dev);
	if (pvid && !brkit_vlan_set_has(vids, pvid))
		return brkit_failf(h, -EINVAL,
				   "setting the VLANs of %s: pvid %u is not in the list", dev,
				   pvid);
	err = dev_check(h, dev, &d, &br, true);
	if (err)
		return err;
	err = where_flags(h, &d, where, &bflags);
	if (err)
		return err;
	err = state_read(h, &d, &cur);
	if (err)
		return err;
	p = malloc(sizeof(*p));
	if (!p)
		return brkit_failf(h, -ENOMEM, "setting the VLANs of %s: out of memory", dev);
	memset(&want, 0, sizeof(want));
	want.vids = *vids;
	want.pvid = pvid;
	if (pvid)
		brkit_vlan_set_add(&want.untagged, pvid, pvid);
	err = converge(h, &d, bflags, &cur, &want, p);
	if (!err) {
		if (added)
			*added = p->vids_added;
		if (removed)
			*removed = p->vids_removed;
		free(p);
		return 0;
	}
	/* Undo: read what the kernel holds now (a request may have been applied
	 * in part) and go back to where we started. */
	snprintf(ext, sizeof(ext), "%s", h->ext);
	rerr = state_read(h, &d, &now);
	if (!rerr)
		rerr = converge(h, &d, bflags, &now, &cur, p);
	free(p);
	snprintf(h->ext, sizeof(h->ext), "%s", ext);
	if (rerr)
		return brkit_fail(h, err, "setting the VLANs of %s (and the undo failed too)", dev);
	return brkit_fail(h, err, "setting the VLANs of %s (undone)", dev);
}

/* ---- per-VLAN tunnel ids ---- */

struct tun_collect {
	int only;
	struct tun_dev {
		int ifindex;
		size_t n, cap;
		struct brkit_vlan_tunnel *t;
	} * d;
	size_t n, cap;
};

static void tun_reset(void *data)
{
	struct tun_collect *c = data;
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->d[i].t);
	free(c->d);
	c->d = NULL;
	c->n = c->cap = 0;
}

static int tun_add(int ifindex, const struct brkit_vlan_tunnel *t, void *arg)
{
	struct tun_collect *c = arg;
	struct tun_dev *d;

	if (!c->n || c->d[c->n - 1].ifindex != ifindex) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 8;
			struct tun_dev *nd = realloc(c->d, cap * sizeof(*nd));

			if (!nd)
				return -ENOMEM;
			c->d = nd;
			c->cap = cap;
		}
		memset(&c->d[c->n], 0, sizeof(c->d[0]));
		c->d[c->n++].ifindex = ifindex;
	}
	d = &c->d[c->n - 1];
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct brkit_vlan_tunnel *nt = realloc(d->t, cap * sizeof(*nt));

		if (!nt)
			return -ENOMEM;
		d->t = nt;
		d->cap = cap;
	}
	d->t[d->n++] = *t;
	return 0;
}

static int tun_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tun_collect *c = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return MNL_CB_OK;
	if (c->only && ifi->ifi_index != c->only)
		return MNL_CB_OK;
	err = brkit_vlan_tunnel_parse(nlh, tun_add, c);
	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* Every port's mappings (or @c->only's) into @c. */
static int tun_read(struct brkit *h, struct tun_collect *c)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_BRIDGE;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN);
	return brkit_nl_dump(h, nlh, tun_cb, c, tun_reset);
}

/* The tunnel id VLAN @vid maps to in @d (0: none). */
static uint32_t tun_of(const struct tun_dev *d, unsigned int vid)
{
	size_t i;

	for (i = 0; d && i < d->n; i++)
		if (vid >= d->t[i].vid && vid <= d->t[i].vid_end)
			return d->t[i].tunid + (vid - d->t[i].vid);
	return 0;
}

static int has_vids_cb(const struct brkit_vlan_dev *d, void *arg)
{
	struct brkit_vlan_set *s = arg;
	size_t i;

	for (i = 0; i < d->n; i++)
		brkit_vlan_set_add(s, d->r[i].vid, d->r[i].vid_end);
	return 0;
}

static int tunnel_change(struct brkit *h, bool add, const char *dev, unsigned int vid,
			 unsigned int vid_end, uint32_t tunid)
{
	char what[96], vids[16];
	struct devinfo d, br;
	struct brkit_port_info pi;
	struct brkit_vlan_set have;
	struct tun_collect c = { 0 };
	struct nlmsghdr *nlh;
	uint32_t first;
	unsigned int v;
	int err;

	brkit_clear_err(h);
	if (vid == vid_end)
		snprintf(vids, sizeof(vids), "%u", vid);
	else
		snprintf(vids, sizeof(vids), "%u-%u", vid, vid_end);
	snprintf(what, sizeof(what), "%s the tunnel id of vlan %s on %s",
		 add ? "setting" : "removing", vids, dev ? dev : "");
	if (vid < BRKIT_VID_MIN || vid_end > BRKIT_VID_MAX || vid_end < vid)
		return brkit_failf(h, -EINVAL, "%s: VLAN IDs are 1-4094", what);
	if ((add || tunid) &&
	    (tunid < 1 || tunid > 0xffffffu || tunid + (vid_end - vid) > 0xffffffu))
		return brkit_failf(h, -EINVAL, "%s: tunnel ids are 1-16777215", what);
	err = dev_check(h, dev, &d, &br, true);
	if (err)
		return err;
	if (d.is_bridge)
		return brkit_failf(h, -ENOLINK,
				   "%s: %s is the bridge itself; tunnel ids belong to a port (the "
				   "VXLAN device)",
				   what, dev);
	err = brkit_port_get(h, dev, &pi);
	if (err)
		return err;
	if (!(pi.flags & BRKIT_PF_VLAN_TUNNEL))
		return brkit_failf(h, -ENOPROTOOPT,
				   "%s: port %s has vlan_tunnel off (turn it on first: brkit port "
				   "set %s %s vlan_tunnel on)",
				   what, dev, br.ifname, dev);
	brkit_vlan_set_zero(&have);
	err = brkit_vlan_foreach(h, dev, 0, has_vids_cb, &have);
	if (err)
		return err;
	for (v = vid; v <= vid_end; v++)
		if (!brkit_vlan_set_has(&have, v))
			return brkit_failf(h, -ENOENT,
					   "%s: vlan %u is not on %s (add it first: brkit vlan add "
					   "dev %s vid %u)",
					   what, v, dev, dev, v);
	c.only = d.ifindex;
	err = tun_read(h, &c);
	if (err) {
		tun_reset(&c);
		return brkit_fail(h, err, "%s", what);
	}
	if (add) {
		/* An id another VLAN of the port has: the kernel would drop the
		 * VLAN's old mapping and then refuse the new one (EEXIST). */
		const struct tun_dev *td = c.n ? &c.d[0] : NULL;
		size_t i;

		for (i = 0; td && i < td->n && !err; i++) {
			const struct brkit_vlan_tunnel *t = &td->t[i];
			uint32_t tlast = tunid + (vid_end - vid);

			for (v = t->vid; v <= t->vid_end && !err; v++) {
				uint32_t id = t->tunid + (v - t->vid);

				if ((v < vid || v > vid_end) && id >= tunid && id <= tlast)
					err = brkit_failf(h, -EEXIST,
							  "%s: tunnel id %u is vlan %u's already",
							  what, id, v);
			}
		}
		/* The kernel answers EEXIST for a VLAN that has an id already, even
		 * the same one, after changing the VLANs of the range before it:
		 * the same ids are no change, another id is refused here. */
		if (!err) {
			bool same = true;

			for (v = vid; v <= vid_end && !err; v++) {
				uint32_t cur = tun_of(td, v);

				if (cur != tunid + (v - vid))
					same = false;
				if (cur && cur != tunid + (v - vid))
					err = brkit_failf(
						h, -EEXIST,
						"%s: vlan %u maps to %u already (remove it "
						"first: brkit vlan del dev %s vid %u "
						"tunnel_info)",
						what, v, cur, dev, v);
			}
			if (!err && same) {
				tun_reset(&c);
				return 0;
			}
			for (v = vid; v <= vid_end && !err; v++)
				if (tun_of(td, v))
					err = brkit_failf(h, -EEXIST,
							  "%s: vlan %u maps to %u already, and the "
							  "rest of the range does not",
							  what, v, tun_of(td, v));
		}
		tun_reset(&c);
		if (err)
			return err;
	} else {
		first = tun_of(c.n ? &c.d[0] : NULL, vid);
		for (v = vid; v <= vid_end && !err; v++) {
			uint32_t cur = tun_of(c.n ? &c.d[0] : NULL, v);

			if (!cur)
				err = brkit_failf(h, -ENOENT, "%s: vlan %u has no tunnel id", what,
						  v);
			else if (tunid && cur != tunid + (v - vid))
				err = brkit_failf(h, -ENOENT, "%s: vlan %u maps to %u, not %u",
						  what, v, cur, tunid + (v - vid));
		}
		tun_reset(&c);
		if (err)
			return err;
		/* The kernel deletes by VLAN, but wants ids (any, of the range's length). */
		if (!tunid)
			tunid = first;
	}
	nlh = brkit_nl_msg(h, add ? RTM_SETLINK : RTM_DELLINK, 0);
	brkit_vlan_tunnel_build(nlh, d.ifindex, vid, vid_end, tunid);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err)
		return brkit_fail(h, err, "%s", what);
	return 0;
}

int brkit_vlan_tunnel_add(struct brkit *h, const char *dev, unsigned int vid, unsigned int vid_end,
			  uint32_t tunid)
{
	return tunnel_change(h, true, dev, vid, vid_end, tunid);
}

int brkit_vlan_tunnel_del(struct brkit *h, const char *dev, unsigned int vid, unsigned int vid_end,
			  uint32_t tunid)
{
	return tunnel_change(h, false, dev, vid, vid_end, tunid);
}

int brkit_vlan_tunnel_foreach(struct brkit *h, const char *dev,
			      int (*cb)(const struct brkit_vlan_tunnel_dev *d, void *arg),
			      void *arg)
{
	struct tun_collect c = { 0 };
	struct devmap m = { 0 };
	size_t i;
	int err;

	brkit_clear_err(h);
	err = devmap_for(h, dev, "reading VLAN tunnel ids", &m, &c.only);
	if (err) {
		free(m.d);
		return err;
	}
	if (!dev && !m.any_vf) {
		free(m.d);
		return brkit_failf(h, -EOPNOTSUPP,
				   "reading VLAN tunnel ids: bridge VLAN filtering is not "
				   "available: " KCONFIG_MSG);
	}
	err = tun_read(h, &c);
	if (err) {
		err = brkit_fail(h, err, "reading VLAN tunnel ids");
		goto out;
	}
	for (i = 0; i < c.n; i++) {
		const struct devinfo *di = devmap_find(&m, c.d[i].ifindex);
		struct brkit_vlan_tunnel_dev v = { .ifindex = c.d[i].ifindex,
						   .n = c.d[i].n,
						   .t = c.d[i].t };

		if (!di || !c.d[i].n)
			continue;
		memcpy(v.ifname, di->ifname, sizeof(v.ifname));
		v.master = di->master;
		err = cb(&v, arg);
		if (err)
			break;
	}
out:
	tun_reset(&c);
	free(m.d);
	return err;
}

/* ---- per-VLAN global options ---- */

int brkit_vlan_global_parse(struct brkit_vlan_global_opts *o, const char *name, const char *val,
			    char *why, size_t whylen)
{
	static const struct {
		const char *name;
		uint32_t bit;
		unsigned int lo, hi;
	} kw[] = {
		{ "mcast_snooping", BRKIT_VG_MCAST_SNOOPING, 0, 1 },
		{ "mcast_querier", BRKIT_VG_MCAST_QUERIER, 0, 1 },
		{ "mcast_igmp_version", BRKIT_VG_MCAST_IGMP_VERSION, 2, 3 },
		{ "mcast_mld_version", BRKIT_VG_MCAST_MLD_VERSION, 1, 2 },
	};
	unsigned int v;
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (name && !strcmp(name, kw[i].name))
			break;
	if (i == sizeof(kw) / sizeof(kw[0]))
		return brkit_whyf(why, whylen, -ENOENT, "%s: no such per-VLAN option",
				  name ? name : "");
	if (!val)
		return brkit_whyf(why, whylen, -EINVAL, "%s: needs a value", name);
	if (kw[i].hi == 1 && (!strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true")))
		v = 1;
	else if (kw[i].hi == 1 &&
		 (!strcmp(val, "off") || !strcmp(val, "no") || !strcmp(val, "false")))
		v = 0;
	else if (val[0] >= '0' && val[0] <= '9' && !val[1])
		v = (unsigned int)(val[0] - '0');
	else
		return brkit_whyf(why, whylen, -EINVAL, "%s: '%s' is not %s", name, val,
				  kw[i].hi == 1 ? "on or off (1 or 0)" : "a number");
	if (v < kw[i].lo || v > kw[i].hi)
		return brkit_whyf(why, whylen, -ERANGE, "%s: %u is out of range (%u or %u)", name,
				  v, kw[i].lo, kw[i].hi);
	o->mask |= kw[i].bit;
	switch (kw[i].bit) {
	case BRKIT_VG_MCAST_SNOOPING:
		o->mcast_snooping = v;
		break;
	case BRKIT_VG_MCAST_QUERIER:
		o->mcast_querier = v;
		break;
	case BRKIT_VG_MCAST_IGMP_VERSION:
		o->mcast_igmp_version = (uint8_t)v;
		break;
	default:
		o->mcast_mld_version = (uint8_t)v;
		break;
	}
	return 0;
}

int brkit_vlan_global_set(struct brkit *h, const char *br, unsigned int lo, unsigned int hi,
			  const struct brkit_vlan_global_opts *o)
{
	struct devinfo d, b;
	struct nlmsghdr *nlh;
	struct br_vlan_msg *bvm;
	struct nlattr *nest;
	int err;

	brkit_clear_err(h);
	if (lo < 1 || hi > 4094 || hi < lo)
		return brkit_failf(h, -EINVAL, "%s: vid %u-%u out of range (1 to 4094)", br, lo,
				   hi);
	err = dev_check(h, br, &d, &b, true);
	if (err)
		return err;
	if (!d.is_bridge)
		return brkit_failf(h, -ENOTTY,
				   "%s: not a bridge (per-VLAN options are the bridge's)", br);
	nlh = brkit_nl_msg(h, RTM_NEWVLAN, 0);
	bvm = mnl_nlmsg_put_extra_header(nlh, sizeof(*bvm));
	bvm->family = AF_BRIDGE;
	bvm->ifindex = (uint32_t)d.ifindex;
	nest = mnl_attr_nest_start(nlh, BRIDGE_VLANDB_GLOBAL_OPTIONS);
	mnl_attr_put_u16(nlh, BRIDGE_VLANDB_GOPTS_ID, (uint16_t)lo);
	if (hi > lo)
		mnl_attr_put_u16(nlh, BRIDGE_VLANDB_GOPTS_RANGE, (uint16_t)hi);
	if (o->mask & BRKIT_VG_MCAST_SNOOPING)
		mnl_attr_put_u8(nlh, BRIDGE_VLANDB_GOPTS_MCAST_SNOOPING, o->mcast_snooping);
	if (o->mask & BRKIT_VG_MCAST_QUERIER)
		mnl_attr_put_u8(nlh, BRIDGE_VLANDB_GOPTS_MCAST_QUERIER, o->mcast_querier);
	if (o->mask & BRKIT_VG_MCAST_IGMP_VERSION)
		mnl_attr_put_u8(nlh, BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION, o->mcast_igmp_version);
	if (o->mask & BRKIT_VG_MCAST_MLD_VERSION)
		mnl_attr_put_u8(nlh, BRIDGE_VLANDB_GOPTS_MCAST_MLD_VERSION, o->mcast_mld_version);
	mnl_attr_nest_end(nlh, nest);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err) {
		char v[32];

		if (hi > lo)
			snprintf(v, sizeof(v), "VLANs %u-%u", lo, hi);
		else
			snprintf(v, sizeof(v), "VLAN %u", lo);
		return brkit_fail(h, err, "setting the options of %s on %s", v, br);
	}
	return 0;
}

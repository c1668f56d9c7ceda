// SPDX-License-Identifier: LGPL-2.1-or-later
/* The MDB over rtnetlink: parse, dump, add/replace/del, get. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include "nl/nl.h"
#include "mdb/mdb_int.h"

#ifndef MDBA_MDB_EATTR_RTPROT
#define MDBA_MDB_EATTR_RTPROT 5
#endif

/* ---- parsing ---- */

struct parse_ctx {
	const struct brkit_mdb_filter *f;
	const struct brkit_mdb_ops *ops;
	void *arg;
	struct brkit_mdb_src *srcs;
	size_t cap;
};

static void addr_of(const struct br_mdb_entry *k, int *family, uint8_t grp[16])
{
	memset(grp, 0, 16);
	if (k->addr.proto == htons(ETH_P_IP)) {
		*family = AF_INET;
		memcpy(grp, &k->addr.u.ip4, 4);
	} else if (k->addr.proto == htons(ETH_P_IPV6)) {
		*family = AF_INET6;
		memcpy(grp, &k->addr.u.ip6, 16);
	} else {
		*family = AF_PACKET;
		memcpy(grp, k->addr.u.mac_addr, 6);
	}
}

static int parse_srcs(struct parse_ctx *c, const struct nlattr *list, struct brkit_mdb_entry *e)
{
	const struct nlattr *a;

	e->has_srcs = true;
	mnl_attr_for_each_nested(a, list)
	{
		const struct nlattr *tb[3] = { 0 };
		struct brkit_mdb_src *s;
		uint16_t len;

		brkit_nl_parse_nested(a, tb, 2);
		if (!tb[MDBA_MDB_SRCATTR_ADDRESS])
			continue;
		len = mnl_attr_get_payload_len(tb[MDBA_MDB_SRCATTR_ADDRESS]);
		if (len != 4 && len != 16)
			continue;
		if (e->n_srcs == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 32;
			void *p = realloc(c->srcs, cap * sizeof(*c->srcs));

			if (!p)
				return -ENOMEM;
			c->srcs = p;
			c->cap = cap;
		}
		s = &c->srcs[e->n_srcs++];
		memset(s, 0, sizeof(*s));
		memcpy(s->addr, mnl_attr_get_payload(tb[MDBA_MDB_SRCATTR_ADDRESS]), len);
		s->timer = brkit_nl_u32(tb[MDBA_MDB_SRCATTR_TIMER]);
	}
	e->srcs = c->srcs;
	return 0;
}

/* One MDBA_MDB_ENTRY_INFO: struct br_mdb_entry, then its attributes. */
static int parse_info(struct parse_ctx *c, int br, bool deleted, const struct nlattr *info)
{
	uint16_t len = mnl_attr_get_payload_len(info);
	const char *pl = mnl_attr_get_payload(info);
	struct brkit_mdb_entry e;
	struct br_mdb_entry k;
	const struct nlattr *a;
	size_t off = MNL_ALIGN(sizeof(k));
	int err;

	if (len < sizeof(k))
		return 0;
	memcpy(&k, pl, sizeof(k));
	memset(&e, 0, sizeof(e));
	e.br = br;
	e.port = (int)k.ifindex;
	e.state = k.state;
	e.flags = k.flags;
	e.vid = k.vid;
	e.deleted = deleted;
	addr_of(&k, &e.family, e.grp);
	if (c->f && c->f->vid && c->f->vid != e.vid)
		return 0;
	if (len > off) {
		for (a = (const struct nlattr *)(pl + off);
		     mnl_attr_ok(a, (int)((pl + len) - (const char *)a)); a = mnl_attr_next(a)) {
			uint16_t alen = mnl_attr_get_payload_len(a);

			switch (mnl_attr_get_type(a)) {
			case MDBA_MDB_EATTR_TIMER:
				if (brkit_nl_attr_ok(a, MNL_TYPE_U32)) {
					e.timer = mnl_attr_get_u32(a);
					e.has_timer = true;
				}
				break;
			case MDBA_MDB_EATTR_SRC_LIST:
				err = parse_srcs(c, a, &e);
				if (err)
					return err;
				break;
			case MDBA_MDB_EATTR_GROUP_MODE:
				if (brkit_nl_attr_ok(a, MNL_TYPE_U8)) {
					e.filter_mode = mnl_attr_get_u8(a);
					e.has_mode = true;
				}
				break;
			case MDBA_MDB_EATTR_SOURCE:
				if (alen == 4 || alen == 16) {
					memcpy(e.src, mnl_attr_get_payload(a), alen);
					e.has_src = true;
				}
				break;
			case MDBA_MDB_EATTR_RTPROT:
				if (brkit_nl_attr_ok(a, MNL_TYPE_U8)) {
					e.rtprot = mnl_attr_get_u8(a);
					e.has_rtprot = true;
				}
				break;
			}
		}
	}
	return c->ops->entry ? c->ops->entry(&e, c->arg) : 0;
}

static int parse_router(struct parse_ctx *c, int br, bool deleted, const struct nlattr *port)
{
	uint16_t len = mnl_attr_get_payload_len(port);
	const char *pl = mnl_attr_get_payload(port);
	struct brkit_mdb_router r;
	const struct nlattr *a;
	size_t off = MNL_ALIGN(sizeof(uint32_t));
	uint32_t ix;

	if (len < sizeof(ix))
		return 0;
	memcpy(&ix, pl, sizeof(ix));
	memset(&r, 0, sizeof(r));
	r.br = br;
	r.port = (int)ix;
	r.deleted = deleted;
	if (len > off) {
		for (a = (const struct nlattr *)(pl + off);
		     mnl_attr_ok(a, (int)((pl + len) - (const char *)a)); a = mnl_attr_next(a)) {
			if (mnl_attr_get_type(a) == MDBA_ROUTER_PATTR_TIMER &&
			    brkit_nl_attr_ok(a, MNL_TYPE_U32)) {
				r.timer = mnl_attr_get_u32(a);
				r.has_timer = true;
			} else if (mnl_attr_get_type(a) == MDBA_ROUTER_PATTR_TYPE &&
				   brkit_nl_attr_ok(a, MNL_TYPE_U8)) {
				r.type = mnl_attr_get_u8(a);
				r.has_type = true;
			}
		}
	}
	return c->ops->router ? c->ops->router(&r, c->arg) : 0;
}

static int parse_msg(struct parse_ctx *c, const struct nlmsghdr *nlh)
{
	const struct br_port_msg *bpm = mnl_nlmsg_get_payload(nlh);
	bool deleted = nlh->nlmsg_type == RTM_DELMDB;
	const struct nlattr *a, *b, *i;
	int br, ret;

	if (nlh->nlmsg_type != RTM_GETMDB && nlh->nlmsg_type != RTM_NEWMDB &&
	    nlh->nlmsg_type != RTM_DELMDB)
		return -ENOENT;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*bpm)))
		return -EBADMSG;
	br = (int)bpm->ifindex;
	if (c->f && c->f->br && c->f->br != br)
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*bpm))
	{
		if (mnl_attr_get_type(a) == MDBA_MDB) {
			mnl_attr_for_each_nested(b, a)
			{
				if (mnl_attr_get_type(b) != MDBA_MDB_ENTRY)
					continue;
				mnl_attr_for_each_nested(i, b)
				{
					if (mnl_attr_get_type(i) != MDBA_MDB_ENTRY_INFO)
						continue;
					ret = parse_info(c, br, deleted, i);
					if (ret)
						return ret;
				}
			}
		} else if (mnl_attr_get_type(a) == MDBA_ROUTER) {
			mnl_attr_for_each_nested(b, a)
			{
				if (mnl_attr_get_type(b) != MDBA_ROUTER_PORT)
					continue;
				ret = parse_router(c, br, deleted, b);
				if (ret)
					return ret;
			}
		}
	}
	return 0;
}

int brkit_mdb_parse(const struct nlmsghdr *nlh, const struct brkit_mdb_filter *f,
		    const struct brkit_mdb_ops *ops, void *arg)
{
	struct parse_ctx c = { .f = f, .ops = ops, .arg = arg };
	int ret = parse_msg(&c, nlh);

	free(c.srcs);
	return ret;
}

/* ---- dump ---- */

struct dump_ctx {
	struct parse_ctx p;
	int ret;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	int ret = parse_msg(&d->p, nlh);

	if (ret == -ENOENT || ret == -EBADMSG)
		return MNL_CB_OK;
	d->ret = ret;
	return ret ? MNL_CB_STOP : MNL_CB_OK;
}

int brkit_mdb_foreach(struct brkit *h, const struct brkit_mdb_filter *f,
		      const struct brkit_mdb_ops *ops, void *arg)
{
	struct dump_ctx d = { .p = { .f = f, .ops = ops, .arg = arg } };
	struct nlmsghdr *nlh;
	struct br_port_msg *bpm;
	int err;

	brkit_clear_err(h);
	nlh = brkit_nl_msg(h, RTM_GETMDB, NLM_F_DUMP);
	bpm = mnl_nlmsg_put_extra_header(nlh, sizeof(*bpm));
	bpm->family = AF_BRIDGE;
	err = brkit_nl_dump(h, nlh, dump_cb, &d, NULL);
	free(d.p.srcs);
	if (err)
		return brkit_fail(h, err, "listing the multicast database");
	return d.ret;
}

/* ---- changes ---- */

static void key_of(const struct brkit_mdb_spec *s, int port, struct br_mdb_entry *k)
{
	memset(k, 0, sizeof(*k));
	k->ifindex = (uint32_t)port;
	k->vid = s->vid;
	if (s->op != BRKIT_MDB_DEL && s->permanent)
		k->state = MDB_PERMANENT;
	if (s->family == AF_INET) {
		k->addr.proto = htons(ETH_P_IP);
		memcpy(&k->addr.u.ip4, s->grp, 4);
	} else if (s->family == AF_INET6) {
		k->addr.proto = htons(ETH_P_IPV6);
		memcpy(&k->addr.u.ip6, s->grp, 16);
	} else {
		memcpy(k->addr.u.mac_addr, s->grp, 6);
	}
}

static size_t addr_len(const struct brkit_mdb_spec *s)
{
	return s->family == AF_INET ? 4 : 16;
}

static void put_attrs(struct nlmsghdr *nlh, uint16_t type, const struct brkit_mdb_spec *s)
{
	struct nlattr *nest, *list, *ent;
	unsigned int i;

	if (!s->has_src && !s->has_mode && !s->has_srcs && !s->rtprot)
		return;
	nest = mnl_attr_nest_start(nlh, type);
	nest->nla_type |= NLA_F_NESTED;
	if (s->has_src)
		mnl_attr_put(nlh, BRKIT_MDBE_ATTR_SOURCE, addr_len(s), s->src);
	if (s->has_mode)
		mnl_attr_put_u8(nlh, BRKIT_MDBE_ATTR_GROUP_MODE, s->filter_mode);
	if (s->has_srcs) {
		list = mnl_attr_nest_start(nlh, BRKIT_MDBE_ATTR_SRC_LIST);
		list->nla_type |= NLA_F_NESTED;
		for (i = 0; i < s->n_srcs && i < BRKIT_MDB_SRCS_MAX; i++) {
			ent = mnl_attr_nest_start(nlh, BRKIT_MDBE_SRC_LIST_ENTRY);
			ent->nla_type |= NLA_F_NESTED;
			mnl_attr_put(nlh, BRKIT_MDBE_SRCATTR_ADDRESS, addr_len(s), s->srcs[i]);
			mnl_attr_nest_end(nlh, ent);
		}
		mnl_attr_nest_end(nlh, list);
	}
	if (s->rtprot)
		mnl_attr_put_u8(nlh, BRKIT_MDBE_ATTR_RTPROT, s->rtprot);
	mnl_attr_nest_end(nlh, nest);
}

static void what(const struct brkit_mdb_spec *s, char *buf, size_t len)
{
	char g[INET6_ADDRSTRLEN], src[INET6_ADDRSTRLEN + 8] = "", vid[16] = "";

	if (s->family == AF_PACKET)
		snprintf(g, sizeof(g), "%02x:%02x:%02x:%02x:%02x:%02x", s->grp[0], s->grp[1],
			 s->grp[2], s->grp[3], s->grp[4], s->grp[5]);
	else if (!inet_ntop(s->family, s->grp, g, sizeof(g)))
		snprintf(g, sizeof(g), "?");
	if (s->has_src) {
		char a[INET6_ADDRSTRLEN];

		if (inet_ntop(s->family, s->src, a, sizeof(a)))
			snprintf(src, sizeof(src), " src %s", a);
	}
	if (s->vid)
		snprintf(vid, sizeof(vid), " vid %u", s->vid);
	if (s->port[0])
		snprintf(buf, len, "group %s%s%s on %s of %s", g, src, vid, s->port, s->dev);
	else
		snprintf(buf, len, "group %s%s%s on %s", g, src, vid, s->dev);
}

static int bridge_index(struct brkit *h, const char *br)
{
	struct brkit_link l;
	int err = brkit_link_get(h, br, &l);

	if (err)
		return err;
	if (strcmp(l.kind, "bridge"))
		return brkit_failf(h, -ENOTTY, "%s: not a bridge", br);
	return l.ifindex;
}

int brkit_mdb_apply(struct brkit *h, const struct brkit_mdb_spec *s)
{
	static const char *const ing[] = { "adding", "replacing", "deleting" };
	struct br_mdb_entry k;
	struct brkit_link p;
	struct nlmsghdr *nlh;
	struct br_port_msg *bpm;
	char w[160];
	int br, err;

	brkit_clear_err(h);
	br = bridge_index(h, s->dev);
	if (br < 0)
		return br;
	err = brkit_link_get(h, s->port, &p);
	if (err)
		return err;
	if (p.ifindex != br && p.master != br)
		return brkit_failf(h, -ENOLINK,
				   "%s: not a port of %s (name one of its ports, or %s itself "
				   "for the host)",
				   s->port, s->dev, s->dev);
	what(s, w, sizeof(w));
	switch (s->op) {
	case BRKIT_MDB_ADD:
		nlh = brkit_nl_msg(h, RTM_NEWMDB, NLM_F_CREATE | NLM_F_EXCL);
		break;
	case BRKIT_MDB_REPLACE:
		nlh = brkit_nl_msg(h, RTM_NEWMDB, NLM_F_CREATE | NLM_F_REPLACE);
		break;
	default:
		nlh = brkit_nl_msg(h, RTM_DELMDB, 0);
		break;
	}
	bpm = mnl_nlmsg_put_extra_header(nlh, sizeof(*bpm));
	bpm->family = AF_BRIDGE;
	bpm->ifindex = (uint32_t)br;
	key_of(s, p.ifindex, &k);
	mnl_attr_put(nlh, MDBA_SET_ENTRY, sizeof(k), &k);
	put_attrs(nlh, MDBA_SET_ENTRY_ATTRS, s);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err == -EEXIST && s->op == BRKIT_MDB_ADD)
		return brkit_failf(
			h, err, "adding %s: the entry exists (use 'mdb replace' to change it)", w);
	/* The kernel answers a delete of an entry it lacks with EINVAL, no text. */
	if ((err == -ENOENT || (err == -EINVAL && !h->ext[0])) && s->op == BRKIT_MDB_DEL)
		return brkit_failf(h, -ENOENT, "deleting %s: no such entry", w);
	if (err)
		return brkit_fail(h, err, "%s %s", ing[s->op], w);
	return 0;
}

/* ---- get ---- */

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	int ret = parse_msg(&d->p, nlh);

	if (ret == -ENOENT || ret == -EBADMSG)
		return MNL_CB_OK;
	if (ret)
		d->ret = ret;
	return MNL_CB_OK;
}

int brkit_mdb_get(struct brkit *h, const struct brkit_mdb_spec *key,
		  const struct brkit_mdb_ops *ops, void *arg)
{
	struct dump_ctx d = { .p = { .ops = ops, .arg = arg } };
	struct brkit_mdb_spec s = *key;
	struct br_mdb_entry k;
	struct nlmsghdr *nlh;
	struct br_port_msg *bpm;
	char w[160];
	int br, err;

	brkit_clear_err(h);
	br = bridge_index(h, key->dev);
	if (br < 0)
		return br;
	s.op = BRKIT_MDB_DEL; /* no state in a key */
	s.port[0] = '\0';
	s.has_mode = s.has_srcs = false;
	s.rtprot = 0;
	what(&s, w, sizeof(w));
	nlh = brkit_nl_msg(h, RTM_GETMDB, 0);
	bpm = mnl_nlmsg_put_extra_header(nlh, sizeof(*bpm));
	bpm->family = AF_BRIDGE;
	bpm->ifindex = (uint32_t)br;
	key_of(&s, 0, &k);
	mnl_attr_put(nlh, BRKIT_MDBA_GET_ENTRY, sizeof(k), &k);
	put_attrs(nlh, BRKIT_MDBA_GET_ENTRY_ATTRS, &s);
	err = brkit_nl_talk(h, nlh, get_cb, &d);
	free(d.p.srcs);
	if (err == -ENOENT)
		return brkit_failf(h, err, "%s: no such group", w);
	if (err == -EOPNOTSUPP)
		return brkit_failf(
			h, err,
			"looking up %s: this kernel cannot look one group up "
			"(RTM_GETMDB get needs Linux 6.7 or later); use 'mdb show dev %s'",
			w, key->dev);
	if (err)
		return brkit_fail(h, err, "looking up %s", w);
	return d.ret;
}

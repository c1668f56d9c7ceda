// SPDX-License-Identifier: LGPL-2.1-or-later
/* The FDB over rtnetlink: dump, change, get, flush, brctl's view. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include "nl/nl.h"
#include "fdb/fdb_int.h"

#ifndef NLM_F_BULK
#define NLM_F_BULK 0x200 /* Linux 5.19; Debian 12's headers predate it */
#endif

/* ---- parsing ---- */

int brkit_fdb_parse(const struct nlmsghdr *nlh, struct brkit_fdb_entry *e)
{
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH)
		return -ENOENT;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ndm)))
		return -EBADMSG;
	if (ndm->ndm_family != AF_BRIDGE)
		return -ENOENT;
	memset(e, 0, sizeof(*e));
	e->ifindex = ndm->ndm_ifindex;
	e->state = ndm->ndm_state;
	e->flags = ndm->ndm_flags;
	e->deleted = nlh->nlmsg_type == RTM_DELNEIGH;
	/* Each attribute's length is checked before it is read (libmnl's
	 * mnl_attr_validate): a malformed one is ignored as absent, except the
	 * MAC, which names the entry: an entry whose MAC cannot be read is
	 * refused rather than reported (and flushed) as 00:00:00:00:00:00. */
	mnl_attr_for_each(a, nlh, sizeof(*ndm))
	{
		uint16_t len = mnl_attr_get_payload_len(a);
		const void *pl = mnl_attr_get_payload(a);

		switch (mnl_attr_get_type(a)) {
		case NDA_LLADDR:
			if (mnl_attr_validate2(a, MNL_TYPE_BINARY, 6) < 0)
				return -EBADMSG;
			memcpy(e->mac, pl, 6);
			break;
		case NDA_MASTER:
			e->master = (int)brkit_nl_u32(a);
			break;
		case NDA_VLAN:
			e->vlan = brkit_nl_u16(a);
			break;
		case NDA_DST:
			if (len == 4 || len == 16) {
				e->dst_family = len == 4 ? AF_INET : AF_INET6;
				memcpy(e->dst, pl, len);
			}
			break;
		case NDA_PORT:
			if (brkit_nl_attr_ok(a, MNL_TYPE_U16)) {
				e->port = ntohs(mnl_attr_get_u16(a));
				e->has_port = true;
			}
			break;
		case NDA_VNI:
			if (brkit_nl_attr_ok(a, MNL_TYPE_U32)) {
				e->vni = mnl_attr_get_u32(a);
				e->has_vni = true;
			}
			break;
		case NDA_SRC_VNI:
			if (brkit_nl_attr_ok(a, MNL_TYPE_U32)) {
				e->src_vni = mnl_attr_get_u32(a);
				e->has_src_vni = true;
			}
			break;
		case NDA_IFINDEX:
			if (brkit_nl_attr_ok(a, MNL_TYPE_U32)) {
				e->via = (int)mnl_attr_get_u32(a);
				e->has_via = true;
			}
			break;
		case NDA_LINK_NETNSID:
			if (brkit_nl_attr_ok(a, MNL_TYPE_U32)) {
				e->netnsid = (int32_t)mnl_attr_get_u32(a);
				e->has_netnsid = true;
			}
			break;
		case NDA_NH_ID:
			if (brkit_nl_attr_ok(a, MNL_TYPE_U32)) {
				e->nh_id = mnl_attr_get_u32(a);
				e->has_nh_id = true;
			}
			break;
		case NDA_PROTOCOL:
			e->protocol = brkit_nl_u8(a);
			break;
		case NDA_FLAGS_EXT:
			e->flags_ext = brkit_nl_u32(a);
			break;
		case NDA_CACHEINFO:
			if (mnl_attr_validate2(a, MNL_TYPE_BINARY, sizeof(struct nda_cacheinfo)) ==
			    0) {
				const struct nda_cacheinfo *ci = pl;

				e->used = ci->ndm_used;
				e->updated = ci->ndm_updated;
				e->has_cacheinfo = true;
			}
			break;
		}
	}
	return 0;
}

static enum brkit_fdb_kind entry_kind(const struct brkit_fdb_entry *e)
{
	if (e->state & NUD_PERMANENT)
		return BRKIT_FDB_ANY; /* local: neither static nor dynamic */
	if (e->state & NUD_NOARP)
		return BRKIT_FDB_STATIC;
	return BRKIT_FDB_DYNAMIC;
}

bool brkit_fdb_match(const struct brkit_fdb_filter *f, const struct brkit_fdb_entry *e)
{
	if (!f)
		return true;
	if (f->vlan && f->vlan != e->vlan)
		return false;
	if (f->kind && f->kind != entry_kind(e))
		return false;
	if ((e->flags & f->ntf_mask) != (f->ntf_flags & f->ntf_mask))
		return false;
	/* The kernel filters these too; kept for kernels that ignore the attributes. */
	if (f->dev && f->dev != e->ifindex)
		return false;
	return true;
}

/* ---- dump ---- */

struct dump_ctx {
	const struct brkit_fdb_filter *f;
	brkit_fdb_cb cb;
	void *arg;
	int ret;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct brkit_fdb_entry e;

	if (brkit_fdb_parse(nlh, &e) < 0)
		return MNL_CB_OK;
	if (!brkit_fdb_match(ctx->f, &e))
		return MNL_CB_OK;
	ctx->ret = ctx->cb(&e, ctx->arg);
	return ctx->ret ? MNL_CB_STOP : MNL_CB_OK;
}

static void dump_request(struct brkit *h, const struct brkit_fdb_filter *f, struct nlmsghdr **out)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETNEIGH, 0);
	struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));

	ndm->ndm_family = AF_BRIDGE;
	if (f && f->br)
		mnl_attr_put_u32(nlh, NDA_MASTER, (uint32_t)f->br);
	if (f && f->dev)
		mnl_attr_put_u32(nlh, NDA_IFINDEX, (uint32_t)f->dev);
	*out = nlh;
}

int brkit_fdb_foreach(struct brkit *h, const struct brkit_fdb_filter *f, brkit_fdb_cb cb, void *arg)
{
	struct dump_ctx ctx = { .f = f, .cb = cb, .arg = arg };
	struct nlmsghdr *nlh;
	int err;

	brkit_clear_err(h);
	dump_request(h, f, &nlh);
	err = brkit_nl_dump(h, nlh, dump_cb, &ctx, NULL);
	if (err)
		return brkit_fail(h, err, "listing the forwarding database");
	return ctx.ret;
}

/* ---- changes ---- */

/* An attribute whose padding is zeroed too: libmnl leaves it as the buffer
 * had it, and brkit_fdb_build() is public, so callers' buffers may be
 * uninitialised (libbrkit's own buffers are allocated zeroed). */
static void put_padded(struct nlmsghdr *nlh, uint16_t type, size_t len, const void *data)
{
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);

	mnl_attr_put(nlh, type, len, data);
	memset((char *)mnl_attr_get_payload(a) + len, 0, MNL_ALIGN(len) - len);
}

static void put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t v)
{
	put_padded(nlh, type, sizeof(v), &v);
}

void brkit_fdb_build(struct nlmsghdr *nlh, const struct brkit_fdb_spec *s,
		     const struct brkit_fdb_target *t)
{
	struct ndmsg *ndm;

	switch (s->op) {
	case BRKIT_FDB_ADD:
		nlh->nlmsg_type = RTM_NEWNEIGH;
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
		break;
	case BRKIT_FDB_APPEND:
		nlh->nlmsg_type = RTM_NEWNEIGH;
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_APPEND;
		break;
	case BRKIT_FDB_REPLACE:
		nlh->nlmsg_type = RTM_NEWNEIGH;
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
		break;
	case BRKIT_FDB_DEL:
		nlh->nlmsg_type = RTM_DELNEIGH;
		break;
	}
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = t->ifindex;
	ndm->ndm_flags = t->flags | (s->flags & (uint8_t) ~(NTF_SELF | NTF_MASTER));
	if (s->state)
		ndm->ndm_state = s->state;
	else
		ndm->ndm_state = t->bridge ? NUD_NOARP | NUD_REACHABLE : NUD_PERMANENT;
	put_padded(nlh, NDA_LLADDR, 6, s->mac);
	if (s->dst_family)
		mnl_attr_put(nlh, NDA_DST, s->dst_family == AF_INET ? 4 : 16, s->dst);
	if (s->vlan)
		put_u16(nlh, NDA_VLAN, s->vlan);
	if (s->has_port)
		put_u16(nlh, NDA_PORT, htons(s->port));
	if (s->has_vni)
		mnl_attr_put_u32(nlh, NDA_VNI, s->vni);
	if (t->via)
		mnl_attr_put_u32(nlh, NDA_IFINDEX, (uint32_t)t->via);
}

/* Decide the table an entry goes to, from the device's kind and master. */
static int target_of(struct brkit *h, const struct brkit_fdb_spec *s, const struct brkit_link *dev,
		     const char *master_kind, struct brkit_fdb_target *t)
{
	bool is_bridge = !strcmp(dev->kind, "bridge");
	bool is_port = dev->master && master_kind && !strcmp(master_kind, "bridge");

	t->ifindex = dev->ifindex;
	t->flags = s->flags & (NTF_SELF | NTF_MASTER);
	if (is_bridge && s->state && !(s->state & NUD_PERMANENT))
		return brkit_failf(
			h, -EINVAL,
			"%s: entries of the bridge itself are local (drop static/dynamic, "
			"or name a port)",
			dev->ifname);
	if (s->flags & NTF_SELF) {
		if ((s->flags & NTF_MASTER) && !is_port)
			return brkit_failf(h, -ENOLINK, "%s: not a bridge port (drop 'master')",
					   dev->ifname);
		t->bridge = !is_bridge && (s->flags & NTF_MASTER);
		return 0;
	}
	if (is_port) {
		t->flags = NTF_MASTER;
		t->bridge = true;
	} else if (is_bridge) {
		if (s->flags & NTF_MASTER)
			return brkit_failf(h, -ENOLINK,
					   "%s: is a bridge, not a bridge port (use 'self' for "
					   "the bridge's own entries)",
					   dev->ifname);
		t->flags = NTF_SELF;
		t->bridge = false; /* the bridge's own entries are local */
	} else {
		return brkit_failf(h, -ENOLINK,
				   "%s: not a bridge port (use 'self' for the device's own table)",
				   dev->ifname);
	}
	return 0;
}

int brkit_fdb_resolve(struct brkit *h, const struct brkit_fdb_spec *s, struct brkit_fdb_target *t)
{
	struct brkit_link dev, master;
	const char *mkind = NULL;
	int err;

	memset(t, 0, sizeof(*t));
	brkit_clear_err(h);
	err = brkit_link_get(h, s->dev, &dev);
	if (err)
		return err;
	if (dev.master) {
		err = brkit_link_get_index(h, dev.master, &master);
		if (err)
			return err;
		mkind = master.kind;
	}
	err = target_of(h, s, &dev, mkind, t);
	if (err)
		return err;
	if (s->via[0]) {
		err = brkit_nl_ifindex(h, s->via);
		if (err < 0)
			return err;
		t->via = err;
	}
	return 0;
}

static const char *op_ing(enum brkit_fdb_op op)
{
	switch (op) {
	case BRKIT_FDB_ADD:
		return "adding";
	case BRKIT_FDB_APPEND:
		return "appending";
	case BRKIT_FDB_REPLACE:
		return "replacing";
	default:
		return "deleting";
	}
}

static void what(const struct brkit_fdb_spec *s, char *buf, size_t len)
{
	char mac[18];
	int i;

	for (i = 0; i < 6; i++)
		snprintf(mac + i * 3, 4, "%02x%s", s->mac[i], i < 5 ? ":" : "");
	if (s->vlan)
		snprintf(buf, len, "%s vlan %u on %s", mac, s->vlan, s->dev);
	else
		snprintf(buf, len, "%s on %s", mac, s->dev);
}

int brkit_fdb_apply(struct brkit *h, const struct brkit_fdb_spec *s)
{
	struct brkit_fdb_target t;
	struct nlmsghdr *nlh;
	char w[80];
	int err;

	err = brkit_fdb_resolve(h, s, &t);
	if (err)
		return err;
	what(s, w, sizeof(w));
	nlh = brkit_nl_msg(h, 0, 0);
	brkit_fdb_build(nlh, s, &t);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err == -EEXIST && s->op == BRKIT_FDB_ADD)
		return brkit_failf(
			h, err, "adding %s: the entry exists (use 'fdb replace' to change it)", w);
	if (err == -ENOENT && s->op == BRKIT_FDB_DEL)
		return brkit_failf(h, err, "deleting %s: no such entry", w);
	if (err == -EINVAL && s->vlan && !h->ext[0])
		return brkit_failf(h, err,
				   "%s %s: refused (is VLAN %u configured on %s? VLAN filtering "
				   "must be on)",
				   op_ing(s->op), w, s->vlan, s->dev);
	if (err)
		return brkit_fail(h, err, "%s %s", op_ing(s->op), w);
	return 0;
}

int brkit_fdb_batch_add(struct brkit_batch *b, const struct brkit_fdb_spec *s,
			const struct brkit_fdb_target *t)
{
	struct nlmsghdr *nlh = brkit_batch_msg(b, 0, 0);

	if (!nlh)
		return -ENOBUFS;
	brkit_fdb_build(nlh, s, t);
	return brkit_batch_push(b);
}

/* ---- get ---- */

struct get_ctx {
	struct brkit_fdb_entry *out;
	int found;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *ctx = data;

	if (brkit_fdb_parse(nlh, ctx->out) == 0)
		ctx->found = 1;
	return MNL_CB_OK;
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

int brkit_fdb_get(struct brkit *h, const char *br, const uint8_t mac[6], uint16_t vlan,
		  struct brkit_fdb_entry *out)
{
	struct get_ctx ctx = { .out = out };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	int brix, err;

	brkit_clear_err(h);
	brix = bridge_index(h, br);
	if (brix < 0)
		return brix;
	nlh = brkit_nl_msg(h, RTM_GETNEIGH, 0);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	put_padded(nlh, NDA_LLADDR, 6, mac);
	mnl_attr_put_u32(nlh, NDA_MASTER, (uint32_t)brix);
	if (vlan)
		put_u16(nlh, NDA_VLAN, vlan);
	err = brkit_nl_talk(h, nlh, get_cb, &ctx);
	if (!err && !ctx.found)
		err = -ENOENT;
	if (err == -ENOENT)
		return brkit_failf(h, err, "%02x:%02x:%02x:%02x:%02x:%02x%s in %s: no such entry",
				   mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
				   vlan ? " (with that vlan)" : "", br);
	if (err)
		return brkit_fail(h, err, "looking up an entry in %s", br);
	return 0;
}

/* ---- flush ---- */

struct victim {
	uint8_t mac[6];
	uint16_t vlan;
	int ifindex;
};

struct collect_ctx {
	struct victim *v;
	size_t n, cap;
	int br;
};

static int collect_cb(const struct brkit_fdb_entry *e, void *arg)
{
	struct collect_ctx *c = arg;

	/* Only the bridge's own table (not devices' self lists) and never the
	 * bridge's local addresses when no kind was asked (matched before). */
	if ((e->flags & NTF_SELF) || e->master != c->br || e->ifindex == c->br)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		struct victim *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	memcpy(c->v[c->n].mac, e->mac, 6);
	c->v[c->n].vlan = e->vlan;
	c->v[c->n].ifindex = e->ifindex;
	c->n++;
	return 0;
}

static int any_not_permanent(const struct brkit_fdb_entry *e, void *arg)
{
	return (e->state & NUD_PERMANENT) ? 0 : collect_cb(e, arg);
}

/* Dump-and-delete for kernels without bulk delete. */
static int flush_slow(struct brkit *h, int br, const struct brkit_fdb_filter *f, const char *brname)
{
	struct brkit_fdb_filter df = *f;
	struct collect_ctx c = { .br = br };
	struct brkit_batch *b;
	size_t i;
	int err;

	df.br = br;
	err = brkit_fdb_foreach(h, &df, f->kind ? collect_cb : any_not_permanent, &c);
	if (err) {
		free(c.v);
		return err < 0 ? err : brkit_fail(h, -err, "flushing %s", brname);
	}
	b = brkit_batch_new(h, 256, NULL, NULL);
	if (!b) {
		free(c.v);
		return -ENOMEM;
	}
	for (i = 0; i < c.n; i++) {
		struct nlmsghdr *nlh = brkit_batch_msg(b, RTM_DELNEIGH, 0);
		struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));

		ndm->ndm_family = AF_BRIDGE;
		ndm->ndm_ifindex = c.v[i].ifindex;
		ndm->ndm_flags = NTF_MASTER;
		put_padded(nlh, NDA_LLADDR, 6, c.v[i].mac);
		if (c.v[i].vlan)
			put_u16(nlh, NDA_VLAN, c.v[i].vlan);
		err = brkit_batch_push(b);
		if (err)
			break;
	}
	if (!err)
		err = brkit_batch_finish(b);
	/* An entry that aged out meanwhile is not a failure. */
	if (err == -ENOENT)
		err = 0;
	brkit_batch_free(b);
	free(c.v);
	if (err)
		return brkit_fail(h, err, "flushing %s", brname);
	return (int)c.n;
}

bool brkit_fdb_bulk_unsupported(int err, const char *extack)
{
	/* 5.19 and later, a device without ndo_fdb_del_bulk. */
	if (err == -EOPNOTSUPP)
		return true;
	/* Before 5.19 rtnl_fdb_del() ignores NLM_F_BULK and refuses the
	 * request for its missing NDA_LLADDR: EINVAL, with the extended ack
	 * "invalid address" (or none, on kernels without extended acks). A
	 * 5.19+ kernel that refuses a bulk request with EINVAL says why in
	 * other words (a bad filter): that is a real failure. */
	if (err == -EINVAL)
		return !extack || !extack[0] || !strcmp(extack, "invalid address");
	return false;
}

/* Flush one bridge. *slow (shared by the bridges of one call) is set once
 * the kernel has shown it lacks bulk delete, so it is asked only once. */
static int flush_bridge(struct brkit *h, int br, const struct brkit_fdb_filter *f,
			const char *brname, unsigned int mode, bool *slow)
{
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	uint16_t mask = NUD_PERMANENT;
	int err;

	if (*slow)
		return flush_slow(h, br, f, brname);
	/* BRKIT_FDB_FLUSH_NO_BULK_FLAG leaves NLM_F_BULK out, so a 5.19+
	 * kernel answers as older ones do (tests reach the fallback so). */
	nlh = brkit_nl_msg(h, RTM_DELNEIGH, mode & BRKIT_FDB_FLUSH_NO_BULK_FLAG ? 0 : NLM_F_BULK);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = br;
	ndm->ndm_flags = NTF_SELF;
	if (f->kind == BRKIT_FDB_STATIC) {
		ndm->ndm_state = NUD_NOARP;
		mask |= NUD_NOARP;
	} else if (f->kind == BRKIT_FDB_DYNAMIC) {
		mask |= NUD_NOARP;
	}
	put_u16(nlh, NDA_NDM_STATE_MASK, mask);
	if (f->ntf_mask) {
		ndm->ndm_flags |= f->ntf_flags & f->ntf_mask;
		mnl_attr_put_u8(nlh, NDA_NDM_FLAGS_MASK, f->ntf_mask);
	}
	if (f->vlan)
		put_u16(nlh, NDA_VLAN, f->vlan);
	if (f->dev)
		mnl_attr_put_u32(nlh, NDA_IFINDEX, (uint32_t)f->dev);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err && brkit_fdb_bulk_unsupported(err, h->ext)) {
		*slow = true;
		return flush_slow(h, br, f, brname);
	}
	if (err)
		return brkit_fail(h, err, "flushing %s", brname);
	return 0;
}

struct bridges_ctx {
	struct brkit_link *l;
	size_t n, cap;
};

static int bridges_cb(const struct brkit_link *l, void *arg)
{
	struct bridges_ctx *c = arg;

	if (strcmp(l->kind, "bridge"))
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct brkit_link *nl = realloc(c->l, cap * sizeof(*nl));

		if (!nl)
			return -ENOMEM;
		c->l = nl;
		c->cap = cap;
	}
	c->l[c->n++] = *l;
	return 0;
}

int brkit_fdb_flush_mode(struct brkit *h, const struct brkit_fdb_filter *f, unsigned int mode)
{
	struct brkit_link l;
	bool slow = false;
	int err, total = 0;
	size_t i;

	brkit_clear_err(h);
	if (f->ntf_mask & ~(NTF_EXT_LEARNED | NTF_STICKY | NTF_OFFLOADED))
		return brkit_failf(
			h, -EINVAL,
			"flushing: only extern_learn, sticky and offload select entries");
	if (f->br) {
		err = brkit_link_get_index(h, f->br, &l);
		if (err)
			return err;
		if (strcmp(l.kind, "bridge"))
			return brkit_failf(h, -ENOTTY, "%s: not a bridge", l.ifname);
		if (f->dev) {
			struct brkit_link d;

			err = brkit_link_get_index(h, f->dev, &d);
			if (err)
				return err;
			if (d.master != f->br)
				return brkit_failf(h, -ENOLINK, "%s: not a port of %s", d.ifname,
						   l.ifname);
		}
		return flush_bridge(h, f->br, f, l.ifname, mode, &slow);
	}
	if (f->dev) {
		struct brkit_fdb_filter pf = *f;
		struct brkit_link m;

		err = brkit_link_get_index(h, f->dev, &l);
		if (err)
			return err;
		if (!strcmp(l.kind, "bridge")) {
			pf.br = pf.dev;
			pf.dev = 0;
			return flush_bridge(h, pf.br, &pf, l.ifname, mode, &slow);
		}
		if (!l.master)
			return brkit_failf(h, -ENOLINK, "%s: not a bridge port", l.ifname);
		err = brkit_link_get_index(h, l.master, &m);
		if (err)
			return err;
		if (strcmp(m.kind, "bridge"))
			return brkit_failf(h, -ENOLINK, "%s: not a bridge port", l.ifname);
		pf.br = l.master;
		return flush_bridge(h, pf.br, &pf, m.ifname, mode, &slow);
	} else {
		/* Every bridge, however many (the list grows as needed). */
		struct bridges_ctx c = { 0 };

		err = brkit_link_foreach(h, bridges_cb, &c);
		if (err > 0)
			err = -err;
		for (i = 0; !err && i < c.n; i++) {
			err = flush_bridge(h, c.l[i].ifindex, f, c.l[i].ifname, mode, &slow);
			if (err > 0) {
				total += err;
				err = 0;
			}
		}
		free(c.l);
		return err < 0 ? err : total;
	}
}

int brkit_fdb_flush(struct brkit *h, const struct brkit_fdb_filter *f)
{
	return brkit_fdb_flush_mode(h, f, 0);
}

/* ---- brctl showmacs ---- */

struct port_no {
	int ifindex;
	uint16_t no;
};

struct macs_ctx {
	struct port_no *ports;
	size_t nports, cap;
	struct brkit_fdb_mac *m;
	uint32_t *order;
	size_t n, mcap;
	int br;
	size_t last;
	int err;
};

static int ports_cb(const struct nlmsghdr *nlh, void *data)
{
	struct macs_ctx *c = data;
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct nlattr *li[IFLA_INFO_MAX + 1], *pd[IFLA_BRPORT_MAX + 1];
	struct brkit_link l;

	if (nlh->nlmsg_type != RTM_NEWLINK || brkit_nl_parse_link(nlh, &l, tb) < 0)
		return MNL_CB_OK;
	if (l.master != c->br || !tb[IFLA_LINKINFO])
		return MNL_CB_OK;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!li[IFLA_INFO_SLAVE_DATA])
		return MNL_CB_OK;
	brkit_nl_parse_nested(li[IFLA_INFO_SLAVE_DATA], pd, IFLA_BRPORT_MAX);
	if (!brkit_nl_attr_ok(pd[IFLA_BRPORT_NO], MNL_TYPE_U16))
		return MNL_CB_OK; /* no port number that can be read: not listed */
	if (c->nports == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct port_no *p = realloc(c->ports, cap * sizeof(*p));

		if (!p) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		c->ports = p;
		c->cap = cap;
	}
	c->ports[c->nports].ifindex = l.ifindex;
	c->ports[c->nports].no = brkit_nl_u16(pd[IFLA_BRPORT_NO]);
	c->nports++;
	return MNL_CB_OK;
}

static int port_cmp(const void *a, const void *b)
{
	const struct port_no *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int port_lookup(struct macs_ctx *c, int ifindex, uint16_t *no)
{
	size_t lo = 0, hi = c->nports;

	if (c->last < c->nports && c->ports[c->last].ifindex == ifindex) {
		*no = c->ports[c->last].no;
		return 0;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c->ports[mid].ifindex == ifindex) {
			c->last = mid;
			*no = c->ports[mid].no;
			return 0;
		}
		if (c->ports[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

static int macs_cb(const struct brkit_fdb_entry *e, void *arg)
{
	struct macs_ctx *c = arg;
	struct brkit_fdb_mac *m;
	uint16_t no;

	/* brforward lists the bridge's entries that point to a port. */
	if ((e->flags & NTF_SELF) || e->master != c->br || port_lookup(c, e->ifindex, &no))
		return 0;
	if (c->n == c->mcap) {
		size_t cap = c->mcap ? c->mcap * 2 : 1024;
		struct brkit_fdb_mac *nm = realloc(c->m, cap * sizeof(*nm));

		if (!nm)
			return -ENOMEM;
		c->m = nm;
		c->mcap = cap;
	}
	m = &c->m[c->n++];
	memcpy(m->mac, e->mac, 6);
	m->port_no = no;
	m->is_local = e->state & NUD_PERMANENT;
	m->ageing = (e->state & (NUD_PERMANENT | NUD_NOARP)) || !e->has_cacheinfo ? 0 : e->updated;
	return 0;
}

struct mac_key {
	uint64_t key; /* MAC in the high 48 bits */
	uint32_t idx; /* dump order: ties keep it */
};

static int key_cmp(const void *a, const void *b)
{
	const struct mac_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

int brkit_fdb_macs(struct brkit *h, const char *br, struct brkit_fdb_mac **out, size_t *n)
{
	struct macs_ctx c = { 0 };
	struct brkit_fdb_filter f = { 0 };
	struct brkit_fdb_mac *sorted = NULL;
	struct mac_key *keys = NULL;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	size_t i;
	int err;

	*out = NULL;
	*n = 0;
	brkit_clear_err(h);
	err = bridge_index(h, br);
	if (err < 0)
		return err;
	c.br = err;
	/* One link dump for the port numbers (the kernel filters by master). */
	nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)c.br);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = brkit_nl_dump(h, nlh, ports_cb, &c, NULL);
	if (err) {
		err = brkit_fail(h, err, "listing the ports of %s", br);
		goto out;
	}
	qsort(c.ports, c.nports, sizeof(*c.ports), port_cmp);
	f.br = c.br;
	err = brkit_fdb_foreach(h, &f, macs_cb, &c);
	if (err > 0)
		err = brkit_fail(h, -err, "reading the forwarding table of %s", br);
	if (err)
		goto out;
	keys = malloc((c.n ? c.n : 1) * sizeof(*keys));
	sorted = malloc((c.n ? c.n : 1) * sizeof(*sorted));
	if (!keys || !sorted) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < c.n; i++) {
		const uint8_t *a = c.m[i].mac;

		keys[i].key = (uint64_t)a[0] << 56 | (uint64_t)a[1] << 48 | (uint64_t)a[2] << 40 |
			      (uint64_t)a[3] << 32 | (uint64_t)a[4] << 24 | (uint64_t)a[5] << 16;
		keys[i].idx = (uint32_t)i;
	}
	qsort(keys, c.n, sizeof(*keys), key_cmp);
	for (i = 0; i < c.n; i++)
		sorted[i] = c.m[keys[i].idx];
	*out = sorted;
	*n = c.n;
	sorted = NULL;
out:
	free(sorted);
	free(keys);
	free(c.m);
	free(c.ports);
	return err;
}

/* ---- bulk resolution: one link dump ---- */

struct devrec {
	int ifindex;
	int master;
	char name[IFNAMSIZ];
	char kind[32];
};

struct devtab {
	struct devrec *d;
	size_t n, cap;
	struct devrec **by_name;
};

static int devtab_cb(const struct brkit_link *l, void *arg)
{
	struct devtab *t = arg;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct devrec *d = realloc(t->d, cap * sizeof(*d));

		if (!d)
			return -ENOMEM;
		t->d = d;
		t->cap = cap;
	}
	t->d[t->n].ifindex = l->ifindex;
	t->d[t->n].master = l->master;
	memcpy(t->d[t->n].name, l->ifname, IFNAMSIZ);
	memcpy(t->d[t->n].kind, l->kind, sizeof(l->kind));
	t->n++;
	return 0;
}

static int rec_by_index(const void *a, const void *b)
{
	const struct devrec *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int rec_by_name(const void *a, const void *b)
{
	const struct devrec *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static const struct devrec *find_name(const struct devtab *t, const char *name)
{
	struct devrec key, *kp = &key, **r;

	snprintf(key.name, sizeof(key.name), "%s", name);
	r = bsearch(&kp, t->by_name, t->n, sizeof(*t->by_name), rec_by_name);
	return r ? *r : NULL;
}

static const struct devrec *find_index(const struct devtab *t, int ifindex)
{
	struct devrec key = { .ifindex = ifindex };

	return bsearch(&key, t->d, t->n, sizeof(*t->d), rec_by_index);
}

int brkit_fdb_resolve_all(struct brkit *h, const struct brkit_fdb_spec *s, size_t n,
			  struct brkit_fdb_target *t, size_t *bad)
{
	struct devtab tab = { 0 };
	size_t i;
	int err;

	*bad = 0;
	brkit_clear_err(h);
	err = brkit_link_foreach(h, devtab_cb, &tab);
	if (err)
		goto out;
	qsort(tab.d, tab.n, sizeof(*tab.d), rec_by_index);
	tab.by_name = malloc((tab.n ? tab.n : 1) * sizeof(*tab.by_name));
	if (!tab.by_name) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < tab.n; i++)
		tab.by_name[i] = &tab.d[i];
	qsort(tab.by_name, tab.n, sizeof(*tab.by_name), rec_by_name);
	for (i = 0; i < n; i++) {
		const struct devrec *d = find_name(&tab, s[i].dev), *m = NULL;
		struct brkit_link l = { 0 };

		*bad = i;
		memset(&t[i], 0, sizeof(t[i]));
		if (!d) {
			err = brkit_failf(h, -ENODEV, "%s: no such device", s[i].dev);
			goto out;
		}
		if (d->master)
			m = find_index(&tab, d->master);
		l.ifindex = d->ifindex;
		l.master = d->master;
		memcpy(l.ifname, d->name, IFNAMSIZ);
		memcpy(l.kind, d->kind, sizeof(l.kind));
		err = target_of(h, &s[i], &l, m ? m->kind : NULL, &t[i]);
		if (err)
			goto out;
		if (s[i].via[0]) {
			const struct devrec *v = find_name(&tab, s[i].via);

			if (!v) {
				err = brkit_failf(h, -ENODEV, "%s: no such device", s[i].via);
				goto out;
			}
			t[i].via = v->ifindex;
		}
	}
out:
	free(tab.by_name);
	free(tab.d);
	return err;
}

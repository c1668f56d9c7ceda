// SPDX-License-Identifier: LGPL-2.1-or-later
/* rtnetlink events (links, bridge ports, FDB, VLANs, VNI filters) parsed into structs, and
 * the resynchronisation after the kernel dropped some (ENOBUFS). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include "nl/nl.h"
#include "events/events_int.h"

#define EV_BUFLEN (1 << 16)
/* Datagrams discarded at most after a loss before the re-read: bounds the
 * time spent when the events keep coming faster than they are read. */
#define EV_DRAIN_MAX 100000

struct brkit_events {
	struct brkit *h;
	struct mnl_socket *nl;
	unsigned int groups;
	char *buf;
};

struct vni_vec {
	struct brkit_vni_entry *e;
	size_t n, cap;
};

static int vni_push(const struct brkit_vni_entry *e, void *arg)
{
	struct vni_vec *v = arg;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		struct brkit_vni_entry *ne = realloc(v->e, cap * sizeof(*ne));

		if (!ne)
			return -ENOMEM;
		v->e = ne;
		v->cap = cap;
	}
	v->e[v->n++] = *e;
	return 0;
}

/* One device's entries in one callback; a malformed message is skipped. */
static int deliver_vni(const struct nlmsghdr *nlh, const struct brkit_events_ops *ops, void *arg)
{
	const struct tunnel_msg *tm = mnl_nlmsg_get_payload(nlh);
	struct vni_vec v = { 0 };
	struct brkit_ev_vni ev = { 0 };
	int ret;

	ret = brkit_vni_parse(nlh, vni_push, &v);
	if (ret || !v.n) {
		free(v.e);
		return ret == -ENOMEM ? ret : 0;
	}
	ev.deleted = nlh->nlmsg_type == RTM_DELTUNNEL;
	ev.ifindex = (int)tm->ifindex;
	ev.n = v.n;
	ev.e = v.e;
	ret = ops->vni(&ev, arg);
	free(v.e);
	return ret;
}

static int deliver(const struct nlmsghdr *nlh, const struct brkit_events *ev,
		   const struct brkit_events_ops *ops, void *arg)
{
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if ((ev->groups & BRKIT_EV_LINK) && ops->link) {
			struct brkit_ev_link l;

			if (events_parse_link(nlh, &l) == 0)
				return ops->link(&l, arg);
		}
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		if ((ev->groups & BRKIT_EV_FDB) && ops->fdb) {
			struct brkit_fdb_entry e;

			if (brkit_fdb_parse(nlh, &e) == 0)
				return ops->fdb(&e, arg);
		}
		break;
	case RTM_NEWTUNNEL:
	case RTM_DELTUNNEL:
		if ((ev->groups & BRKIT_EV_VNI) && ops->vni)
			return deliver_vni(nlh, ops, arg);
		break;
	case RTM_NEWMDB:
	case RTM_DELMDB:
		if ((ev->groups & BRKIT_EV_MDB) && (ops->mdb || ops->mdb_router)) {
			struct brkit_mdb_ops mo = { .entry = ops->mdb, .router = ops->mdb_router };
			int ret = brkit_mdb_parse(nlh, NULL, &mo, arg);

			return ret == -EBADMSG || ret == -ENOENT ? 0 : ret;
		}
		break;
	case RTM_NEWVLAN:
	case RTM_DELVLAN:
		if ((ev->groups & BRKIT_EV_VLAN) && ops->vlan) {
			int ret = events_parse_vlans(nlh, ops->vlan, arg);

			return ret == -EBADMSG ? 0 : ret;
		}
		break;
	}
	return 0;
}

/* ---- the state, read for a resync: collected first, delivered after ---- */

struct vec {
	void *v;
	size_t n, cap, size;
};

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		void *p = realloc(v->v, cap * v->size);

		if (!p)
			return NULL;
		v->v = p;
		v->cap = cap;
	}
	return (char *)v->v + v->n++ * v->size;
}

static void vec_reset(void *data)
{
	((struct vec *)data)->n = 0;
}

static int link_collect(const struct nlmsghdr *nlh, void *data)
{
	struct brkit_ev_link l, *slot;

	if (events_parse_link(nlh, &l))
		return MNL_CB_OK;
	slot = vec_push(data);
	if (!slot) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	*slot = l;
	return MNL_CB_OK;
}

static int dump_links(struct brkit *h, int family, struct vec *out)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = (unsigned char)family;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return brkit_nl_dump(h, nlh, link_collect, out, vec_reset);
}

static int fdb_collect(const struct brkit_fdb_entry *e, void *data)
{
	struct brkit_fdb_entry *slot = vec_push(data);

	if (!slot)
		return -ENOMEM;
	*slot = *e;
	return 0;
}

/* A resync hands MDB entries over without their source lists. */
static int mdb_collect(const struct brkit_mdb_entry *e, void *data)
{
	struct brkit_mdb_entry *slot = vec_push(data);

	if (!slot)
		return -ENOMEM;
	*slot = *e;
	slot->has_srcs = false;
	slot->n_srcs = 0;
	slot->srcs = NULL;
	return 0;
}

struct mdb_vecs {
	struct vec e, r;
};

static int mdb_entry_collect(const struct brkit_mdb_entry *e, void *data)
{
	return mdb_collect(e, &((struct mdb_vecs *)data)->e);
}

static int mdb_router_collect(const struct brkit_mdb_router *r, void *data)
{
	struct brkit_mdb_router *slot = vec_push(&((struct mdb_vecs *)data)->r);

	if (!slot)
		return -ENOMEM;
	*slot = *r;
	return 0;
}

static int vlan_collect(const struct brkit_vlan_dev *d, void *data)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		struct brkit_ev_vlan *slot = vec_push(data);

		if (!slot)
			return -ENOMEM;
		memset(slot, 0, sizeof(*slot));
		slot->ifindex = d->ifindex;
		slot->vid = d->r[i].vid;
		slot->vid_end = d->r[i].vid_end;
		slot->flags = d->r[i].flags;
		slot->state = -1;
	}
	return 0;
}

int brkit_events_resync(struct brkit_events *ev, const struct brkit_events_ops *ops, void *arg)
{
	struct vec links = { .size = sizeof(struct brkit_ev_link) };
	struct vec ports = { .size = sizeof(struct brkit_ev_link) };
	struct vec fdb = { .size = sizeof(struct brkit_fdb_entry) };
	struct vec vlans = { .size = sizeof(struct brkit_ev_vlan) };
	struct vni_vec vnis = { 0 };
	struct mdb_vecs mdb = { .e = { .size = sizeof(struct brkit_mdb_entry) },
				.r = { .size = sizeof(struct brkit_mdb_router) } };
	struct brkit *h = ev->h;
	size_t i;
	int ret;

	brkit_clear_err(h);
	/* Read everything before delivering anything: callbacks may then use @h. */
	if (ev->groups & BRKIT_EV_LINK) {
		ret = dump_links(h, AF_UNSPEC, &links);
		if (ret) {
			brkit_fail(h, ret, "events: re-reading the devices");
			goto out;
		}
		ret = dump_links(h, AF_BRIDGE, &ports);
		if (ret) {
			brkit_fail(h, ret, "events: re-reading the bridge ports");
			goto out;
		}
	}
	if (ev->groups & BRKIT_EV_FDB) {
		ret = brkit_fdb_foreach(h, NULL, fdb_collect, &fdb);
		if (ret) {
			if (!brkit_errmsg(h)[0])
				brkit_fail(h, ret, "events: re-reading the FDB");
			goto out;
		}
	}
	if (ev->groups & BRKIT_EV_VLAN) {
		ret = brkit_vlan_foreach(h, NULL, 0, vlan_collect, &vlans);
		if (ret) {
			if (!brkit_errmsg(h)[0])
				brkit_fail(h, ret, "events: re-reading the VLANs");
			goto out;
		}
	}
	if (ev->groups & BRKIT_EV_VNI) {
		ret = brkit_vni_foreach(h, NULL, vni_push, &vnis);
		if (ret) {
			if (!brkit_errmsg(h)[0])
				brkit_fail(h, ret, "events: re-reading the VNI filters");
			goto out;
		}
	}
	if (ev->groups & BRKIT_EV_MDB) {
		struct brkit_mdb_ops mo = { .entry = mdb_entry_collect,
					    .router = mdb_router_collect };

		ret = brkit_mdb_foreach(h, NULL, &mo, &mdb);
		if (ret) {
			if (!brkit_errmsg(h)[0])
				brkit_fail(h, ret, "events: re-reading the MDB");
			goto out;
		}
	}
	ret = ops->resync ? ops->resync(BRKIT_EV_RESYNC_BEGIN, ev->groups, arg) : 0;
	for (i = 0; !ret && ops->link && i < links.n; i++)
		ret = ops->link((struct brkit_ev_link *)links.v + i, arg);
	for (i = 0; !ret && ops->link && i < ports.n; i++)
		ret = ops->link((struct brkit_ev_link *)ports.v + i, arg);
	for (i = 0; !ret && ops->fdb && i < fdb.n; i++)
		ret = ops->fdb((struct brkit_fdb_entry *)fdb.v + i, arg);
	for (i = 0; !ret && ops->vlan && i < vlans.n; i++)
		ret = ops->vlan((struct brkit_ev_vlan *)vlans.v + i, arg);
	/* each device's filter in one callback, as the kernel's dump has it */
	for (i = 0; !ret && ops->vni && i < vnis.n;) {
		struct brkit_ev_vni v = { .ifindex = vnis.e[i].ifindex, .e = &vnis.e[i] };

		while (i + v.n < vnis.n && vnis.e[i + v.n].ifindex == v.ifindex)
			v.n++;
		ret = ops->vni(&v, arg);
		i += v.n;
	}
	for (i = 0; !ret && ops->mdb && i < mdb.e.n; i++)
		ret = ops->mdb((struct brkit_mdb_entry *)mdb.e.v + i, arg);
	for (i = 0; !ret && ops->mdb_router && i < mdb.r.n; i++)
		ret = ops->mdb_router((struct brkit_mdb_router *)mdb.r.v + i, arg);
	if (!ret && ops->resync)
		ret = ops->resync(BRKIT_EV_RESYNC_END, ev->groups, arg);
out:
	free(mdb.e.v);
	free(mdb.r.v);
	free(vnis.e);
	free(links.v);
	free(ports.v);
	free(fdb.v);
	free(vlans.v);
	return ret;
}

/* ---- the subscription ---- */

struct ev_open {
	unsigned int groups;
	struct mnl_socket *nl;
	bool no_tunnel; /* RTNLGRP_TUNNEL refused */
};

static int join(struct mnl_socket *nl, int group)
{
	return mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group));
}

static int open_in(struct brkit *h, void *arg)
{
	struct ev_open *o = arg;
	struct mnl_socket *nl;
	int rcvbuf = 4 << 20, fd, err;

	(void)h;
	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	if ((o->groups & BRKIT_EV_LINK) && join(nl, RTNLGRP_LINK) < 0)
		goto fail;
	if ((o->groups & BRKIT_EV_FDB) && join(nl, RTNLGRP_NEIGH) < 0)
		goto fail;
	if ((o->groups & BRKIT_EV_VLAN) && join(nl, RTNLGRP_BRVLAN) < 0)
		goto fail;
	if ((o->groups & BRKIT_EV_MDB) && join(nl, RTNLGRP_MDB) < 0)
		goto fail;
	/* A kernel before 5.18 has no such group: EINVAL. */
	if ((o->groups & BRKIT_EV_VNI) && join(nl, RTNLGRP_TUNNEL) < 0) {
		o->no_tunnel = errno == EINVAL;
		goto fail;
	}
	fd = mnl_socket_get_fd(nl);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	o->nl = nl;
	return 0;
fail:
	err = -errno;
	mnl_socket_close(nl);
	return err;
}

static int vlan_none(const struct brkit_vlan_dev *d, void *arg)
{
	(void)d;
	(void)arg;
	return 0;
}

int brkit_events_open(struct brkit *h, unsigned int groups, struct brkit_events **out)
{
	struct ev_open o = { .groups = groups };
	struct brkit_events *ev;
	int err;

	*out = NULL;
	brkit_clear_err(h);
	if (!groups || (groups & ~(unsigned int)(BRKIT_EV_LINK | BRKIT_EV_FDB | BRKIT_EV_VLAN |
						 BRKIT_EV_VNI | BRKIT_EV_MDB)))
		return brkit_failf(h, -EINVAL, "events: unknown groups %#x", groups);
	if (groups & BRKIT_EV_VLAN) {
		/* Joining RTNLGRP_BRVLAN works on any kernel; reading the VLANs
		 * tells whether it has VLAN filtering at all. */
		err = brkit_vlan_foreach(h, NULL, 0, vlan_none, NULL);
		if (err == -EOPNOTSUPP)
			return brkit_failf(h, err,
					   "events: VLAN events need bridge VLAN filtering: the "
					   "kernel was built without CONFIG_BRIDGE_VLAN_FILTERING");
		if (err)
			return err;
	}
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return brkit_failf(h, -ENOMEM, "events: out of memory");
	ev->buf = malloc(EV_BUFLEN);
	if (!ev->buf) {
		free(ev);
		return brkit_failf(h, -ENOMEM, "events: out of memory");
	}
	err = brkit_in_netns(h, open_in, &o);
	if (err && o.no_tunnel) {
		free(ev->buf);
		free(ev);
		return brkit_failf(h, -EOPNOTSUPP,
				   "events: VNI filter events need RTNLGRP_TUNNEL (Linux 5.18)");
	}
	if (err) {
		free(ev->buf);
		free(ev);
		if (!brkit_errmsg(h)[0])
			brkit_fail(h, err, "subscribing to rtnetlink events");
		return err;
	}
	ev->h = h;
	ev->nl = o.nl;
	ev->groups = groups;
	*out = ev;
	return 0;
}

int brkit_events_fd(const struct brkit_events *ev)
{
	return mnl_socket_get_fd(ev->nl);
}

/* After a loss: what is still queued happened before the state about to be
 * read, so it goes out first (a consumer keeping a log loses nothing the
 * kernel kept), in order, and never after that state, where it would undo
 * newer changes. Bounded, for events that keep coming faster than read. */
static int drain(struct brkit_events *ev, const struct brkit_events_ops *ops, void *arg)
{
	int fd = mnl_socket_get_fd(ev->nl), i, len, ret;
	const struct nlmsghdr *nlh;

	for (i = 0; i < EV_DRAIN_MAX; i++) {
		ssize_t n = recv(fd, ev->buf, EV_BUFLEN, MSG_DONTWAIT);

		if (n < 0 && (errno == ENOBUFS || errno == EINTR))
			continue;
		if (n < 0)
			break;
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)ev->buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			ret = deliver(nlh, ev, ops, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int brkit_events_read(struct brkit_events *ev, const struct brkit_events_ops *ops, void *arg)
{
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len, ret;

	do {
		n = recv(mnl_socket_get_fd(ev->nl), ev->buf, EV_BUFLEN, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == ENOBUFS) {
		ret = drain(ev, ops, arg);
		return ret ? ret : brkit_events_resync(ev, ops, arg);
	}
	if (n < 0)
		return brkit_fail(ev->h, -errno, "events: reading");
	len = (int)n;
	for (nlh = (const struct nlmsghdr *)ev->buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		ret = deliver(nlh, ev, ops, arg);
		if (ret)
			return ret;
	}
	return 0;
}

void brkit_events_close(struct brkit_events *ev)
{
	if (!ev)
		return;
	mnl_socket_close(ev->nl);
	free(ev->buf);
	free(ev);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* VM ports on the kernel: up (check everything, then apply step by step,
 * undoing on failure), down (undo what the state file records), and the
 * state directory with its lock. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include "nl/util.h"
#include "nl/nl.h"
#include "bridge/bridge_int.h"
#include "hooks/vmport.h"

int vmport_load_file(const char *path, char **text, void *arg)
{
	int fd, err;

	(void)arg;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = brkit_read_fd(fd, 1u << 20, text, NULL);
	close(fd);
	return err;
}

/* ---- one device, with what struct brkit_link lacks ---- */
struct dev {
	struct brkit_link link;
	unsigned int max_mtu;
	bool is_port; /* a bridge port: flags below are valid */
	uint32_t flags; /* VMPORT_F_* that are on */
};

/* VMPORT_F_* (the state file's numbers: they stay) as the bridge module's
 * port flags, which read and set them. */
static const uint32_t flag_pf[VMPORT_F_COUNT] = {
	BRKIT_PF_GUARD,
	BRKIT_PF_PROTECT,
	BRKIT_PF_ISOLATED,
	BRKIT_PF_LOCKED,
};
static const char *const flag_name[VMPORT_F_COUNT] = { "bpdu guard", "root block", "isolated",
						       "locked" };

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 }, *li[IFLA_INFO_MAX + 1] = { 0 };
	struct brkit_port_info port;
	struct dev *d = data;
	unsigned int i;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (brkit_nl_parse_link(nlh, &d->link, tb) < 0)
		return MNL_CB_ERROR;
	if (tb[IFLA_MAX_MTU])
		d->max_mtu = mnl_attr_get_u32(tb[IFLA_MAX_MTU]);
	if (!tb[IFLA_LINKINFO])
		return MNL_CB_OK;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!li[IFLA_INFO_SLAVE_KIND] ||
	    strcmp(mnl_attr_get_str(li[IFLA_INFO_SLAVE_KIND]), "bridge"))
		return MNL_CB_OK;
	d->is_port = true;
	if (!li[IFLA_INFO_SLAVE_DATA])
		return MNL_CB_OK;
	brkit_parse_port_data(li[IFLA_INFO_SLAVE_DATA], &port);
	for (i = 0; i < VMPORT_F_COUNT; i++)
		if (port.flags & flag_pf[i])
			d->flags |= 1u << i;
	return MNL_CB_OK;
}

static int dev_get(struct brkit *h, const char *name, struct dev *d)
{
	memset(d, 0, sizeof(*d));
	return brkit_nl_getlink(h, name, 0, dev_cb, d);
}

/* Set the port flags in @mask to the values in @val (VMPORT_F_*), in one
 * request of the bridge module's. */
static int set_flags(struct brkit *h, int ifindex, uint32_t mask, uint32_t val)
{
	struct brkit_port_opts o = { 0 };
	unsigned int i;

	for (i = 0; i < VMPORT_F_COUNT; i++) {
		if (!(mask & (1u << i)))
			continue;
		o.flags_mask |= flag_pf[i];
		if (val & (1u << i))
			o.flags |= flag_pf[i];
	}
	return brkit_port_set_index(h, ifindex, &o);
}

/* ---- VLANs of one port ---- */
struct vlans {
	struct brkit_vlan_set vids;
	unsigned int pvid;
};

static int vlans_cb(const struct brkit_vlan_dev *d, void *arg)
{
	struct vlans *v = arg;
	size_t i;

	for (i = 0; i < d->n; i++) {
		brkit_vlan_set_add(&v->vids, d->r[i].vid, d->r[i].vid_end);
		if (d->r[i].flags & BRKIT_VLAN_PVID)
			v->pvid = d->r[i].vid;
	}
	return 0;
}

static int vlans_get(struct brkit *h, const char *dev, struct vlans *v)
{
	memset(v, 0, sizeof(*v));
	return brkit_vlan_foreach(h, dev, 0, vlans_cb, v);
}

/* ---- FDB pins ---- */
static void pin_spec(struct brkit_fdb_spec *f, enum brkit_fdb_op op, const char *tap,
		     const uint8_t mac[6], unsigned int vid)
{
	memset(f, 0, sizeof(*f));
	f->op = op;
	memcpy(f->mac, mac, 6);
	snprintf(f->dev, sizeof(f->dev), "%s", tap);
	f->vlan = (uint16_t)vid;
	f->state = NUD_NOARP;
	f->flags = NTF_MASTER;
}

/* ---- undo: what @st records, in reverse order; -ENODEV (the tap went
 * away, and its port state with it) counts as done. Returns the first error. */
static int undo(struct brkit *h, const struct vmport_state *st)
{
	char saved[BRKIT_ERRLEN] = "";
	struct dev d;
	unsigned int lo, hi, v;
	int err, first = 0;

#define KEEP(e, ...)                                                           \
	do {                                                                   \
		if ((e) && (e) != -ENODEV && !first) {                         \
			first = brkit_fail(h, (e), __VA_ARGS__);               \
			snprintf(saved, sizeof(saved), "%s", brkit_errmsg(h)); \
		}                                                              \
	} while (0)

	err = dev_get(h, st->tap, &d);
	if (err == -ENODEV)
		return 0;
	if (err)
		return brkit_fail(h, err, "looking up %s", st->tap);
	if (st->ifindex && d.link.ifindex != st->ifindex)
		return 0; /* another device by that name now: ours went away */
	if (st->created) {
		err = brkit_nl_dellink(h, d.link.ifindex);
		KEEP(err, "deleting %s", st->tap);
		goto out;
	}
	if (st->set_up) {
		err = brkit_nl_setlink(h, d.link.ifindex, 0, -1, -1);
		KEEP(err, "setting %s down", st->tap);
	}
	if (st->pinned) {
		for (v = 0; brkit_vlan_set_next_range(&st->pin_vids, v, &lo, &hi); v = hi + 1) {
			for (; lo <= hi; lo++) {
				struct brkit_fdb_spec f;
				struct brkit_fdb_entry e;

				if (brkit_fdb_get(h, st->bridge, st->pin_mac, (uint16_t)lo, &e) ||
				    e.ifindex != d.link.ifindex)
					continue;
				pin_spec(&f, BRKIT_FDB_DEL, st->tap, st->pin_mac, lo);
				if (st->pin_local) { /* give the port its local entry back */
					f.op = BRKIT_FDB_REPLACE;
					f.state = NUD_PERMANENT;
				}
				err = brkit_fdb_apply(h, &f);
				KEEP(err, "removing %s's FDB pin", st->tap);
			}
		}
	}
	if (!st->enslaved && st->flags_changed && d.is_port) {
		err = set_flags(h, d.link.ifindex, st->flags_changed, st->old_flags);
		KEEP(err, "restoring %s's port flags", st->tap);
	}
	if (!st->enslaved && st->vlans_changed && d.is_port) {
		err = brkit_vlan_set(h, st->tap, &st->old_vids, st->old_pvid, BRKIT_VLAN_MASTER,
				     NULL, NULL);
		KEEP(err, "restoring %s's VLANs", st->tap);
	}
	if (st->enslaved && d.is_port) {
		err = brkit_nl_setlink(h, d.link.ifindex, -1, -1, 0);
		KEEP(err, "releasing %s from %s", st->tap, st->bridge);
	}
	if (st->mtu_changed) {
		err = brkit_nl_setlink(h, d.link.ifindex, -1, st->old_mtu, -1);
		KEEP(err, "restoring %s's MTU %u", st->tap, st->old_mtu);
	}
out:
	if (first)
		snprintf(h->err, sizeof(h->err), "%s", saved);
	return first;
#undef KEEP
}

/* ---- the state directory ---- */
static int state_path(struct brkit *h, const char *dir, const char *tap, const char *suffix,
		      char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/%s%s", dir, tap, suffix) >= len)
		return brkit_failf(h, -ENAMETOOLONG, "state directory %s: name too long", dir);
	return 0;
}

static int mkdirs(const char *dir)
{
	char p[VMPORT_PATHLEN], *s;

	if ((size_t)snprintf(p, sizeof(p), "%s", dir) >= sizeof(p))
		return -ENAMETOOLONG;
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0755) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(p, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* flock on DIR/.lock: every read-modify-write of a port and its state file
 * runs under it, so concurrent hooks on one bridge serialise. */
static int lock_dir(struct brkit *h, const char *dir)
{
	char p[VMPORT_PATHLEN];
	int fd, err;

	err = mkdirs(dir);
	if (err)
		return brkit_failf(h, err, "state directory %s: %s", dir, strerror(-err));
	err = state_path(h, dir, ".lock", "", p, sizeof(p));
	if (err)
		return err;
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return brkit_failf(h, -errno, "lock file %s: %s", p, strerror(errno));
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			err = -errno;
			close(fd);
			return brkit_failf(h, err, "locking %s: %s", p, strerror(-err));
		}
	}
	return fd;
}

static void unlock_dir(int fd)
{
	close(fd);
}

int vmport_state_read(struct brkit *h, const char *dir, const char *tap, struct vmport_state *st)
{
	char p[VMPORT_PATHLEN], why[VMPORT_WHYLEN], *text;
	int err;

	err = state_path(h, dir, tap, "", p, sizeof(p));
	if (err)
		return err;
	err = vmport_load_file(p, &text, NULL);
	if (err == -ENOENT)
		return err;
	if (err)
		return brkit_failf(h, err, "state file %s: %s", p, strerror(-err));
	err = vmport_state_parse(text, st, why, sizeof(why));
	free(text);
	if (err)
		return brkit_failf(h, -EBADMSG, "state file %s: %s", p, why);
	if (strcmp(st->tap, tap))
		return brkit_failf(h, -EBADMSG, "state file %s: it names tap %s", p, st->tap);
	return 0;
}

static int state_write(struct brkit *h, const char *dir, const struct vmport_state *st)
{
	char p[VMPORT_PATHLEN], tmp[VMPORT_PATHLEN], buf[8192];
	size_t n = vmport_state_format(st, buf, sizeof(buf));
	int fd, err;

	if (n >= sizeof(buf))
		return brkit_failf(h, -E2BIG, "state of %s: too large", st->tap);
	err = state_path(h, dir, st->tap, "", p, sizeof(p));
	if (!err)
		err = state_path(h, dir, st->tap, ".tmp", tmp, sizeof(tmp));
	if (err)
		return err;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return brkit_failf(h, -errno, "state file %s: %s", tmp, strerror(errno));
	if (write(fd, buf, n) != (ssize_t)n) {
		err = errno ? -errno : -EIO;
		close(fd);
		unlink(tmp);
		return brkit_failf(h, err, "writing state file %s: %s", tmp, strerror(-err));
	}
	close(fd);
	if (rename(tmp, p) < 0) {
		err = -errno;
		unlink(tmp);
		return brkit_failf(h, err, "state file %s: %s", p, strerror(-err));
	}
	return 0;
}

static void state_remove(const char *dir, const char *tap)
{
	char p[VMPORT_PATHLEN];

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, tap) < sizeof(p))
		unlink(p);
}

/* ---- up ---- */
struct up {
	struct brkit *h;
	const struct vmport_ctx *ctx;
	const struct vmport_spec *s;
	struct vmport_state st; /* what this call did */
	unsigned int changes;
};

/* Count a change; the test hook fails here. */
static int changed(struct up *u)
{
	u->changes++;
	if (u->ctx->fail_after && u->changes >= u->ctx->fail_after)
		return brkit_failf(u->h, -EIO, "%s: failure injected after %u changes", u->st.tap,
				   u->changes);
	return 0;
}

static int check_acl(struct brkit *h, const struct vmport_spec *s)
{
	char why[VMPORT_WHYLEN];
	bool allowed = false;
	int err;

	if (!*s->acl)
		return 0;
	err = vmport_acl_check(s->acl, s->bridge, vmport_load_file, NULL, &allowed, why,
			       sizeof(why));
	if (err)
		return brkit_failf(h, err, "%s", why);
	if (!allowed)
		return brkit_failf(h, -EACCES, "bridge %s is not allowed by the ACL %s", s->bridge,
				   s->acl);
	return 0;
}

static int apply(struct up *u, struct dev *br, struct dev *tap, bool exists)
{
	struct brkit *h = u->h;
	const struct vmport_spec *s = u->s;
	struct vmport_state *st = &u->st;
	unsigned int mtu = s->mtu_auto ? br->link.mtu : s->mtu, pvid = 0, lo, hi, v;
	struct brkit_vlan_set want;
	uint32_t fwant = 0, fmask;
	bool has_vlans = vmport_spec_vlans(s, &want, &pvid);
	int err;

	if (!exists) {
		struct brkit_tap t = { 0 };

		t.name = st->tap;
		t.bridge = s->bridge;
		t.mtu = mtu;
		t.owner = u->ctx->uid;
		t.has_owner = u->ctx->has_uid;
		t.vnet_hdr = s->vnet_hdr;
		t.multi_queue = s->multi_queue;
		t.down = true;
		err = brkit_tap_add(h, &t);
		if (err)
			return err;
		snprintf(st->tap, sizeof(st->tap), "%s", t.ifname);
		st->created = st->enslaved = true;
		err = changed(u);
		if (err)
			return err;
		err = dev_get(h, st->tap, tap);
		if (err)
			return brkit_fail(h, err, "looking up %s", st->tap);
	}
	if (mtu && tap->link.mtu != mtu) {
		err = brkit_nl_setlink(h, tap->link.ifindex, -1, mtu, -1);
		if (err)
			return brkit_fail(h, err, "setting %s's MTU to %u", st->tap, mtu);
		st->mtu_changed = true;
		st->old_mtu = tap->link.mtu;
		err = changed(u);
		if (err)
			return err;
	}
	if (tap->link.master != br->link.ifindex) {
		err = brkit_nl_setlink(h, tap->link.ifindex, -1, -1, br->link.ifindex);
		if (err)
			return brkit_fail(h, err, "adding %s to %s", st->tap, s->bridge);
		st->enslaved = true;
		err = changed(u);
		if (err)
			return err;
		err = dev_get(h, st->tap, tap);
		if (err)
			return brkit_fail(h, err, "looking up %s", st->tap);
	}
	if (has_vlans) {
		struct vlans cur;

		err = vlans_get(h, st->tap, &cur);
		if (err)
			return err;
		if (!brkit_vlan_set_equal(&cur.vids, &want) || cur.pvid != pvid) {
			err = brkit_vlan_set(h, st->tap, &want, pvid, BRKIT_VLAN_MASTER, NULL,
					     NULL);
			if (err)
				return err;
			if (!st->enslaved) {
				st->vlans_changed = true;
				st->old_vids = cur.vids;
				st->old_pvid = cur.pvid;
			}
			err = changed(u);
			if (err)
				return err;
		}
	}
	if (s->lock) {
		const uint8_t *mac = s->has_mac ? s->mac : tap->link.addr;
		struct brkit_vlan_set pins;
		char m[18];

		brkit_vlan_set_zero(&pins);
		if (has_vlans) {
			pins = want;
		} else if (brkit_vlan_check(h, s->bridge, NULL) == 0) {
			/* a VLAN-filtering bridge classifies the guest's frames to the
			 * port's VLANs (its pvid): the pin must be on those */
			struct vlans cur;

			err = vlans_get(h, st->tap, &cur);
			if (err)
				return err;
			pins = cur.vids;
		}
		brkit_clear_err(h);
		if (!brkit_vlan_set_count(&pins))
			brkit_vlan_set_add(&pins, 0, 0);
		vmport_mac_str(mac, m);
		for (v = 0; brkit_vlan_set_next_range(&pins, v, &lo, &hi); v = hi + 1) {
			for (; lo <= hi; lo++) {
				struct brkit_fdb_entry e;
				struct brkit_fdb_spec f;
				enum brkit_fdb_op op = BRKIT_FDB_ADD;

				err = brkit_fdb_get(h, s->bridge, mac, (uint16_t)lo, &e);
				if (err && err != -ENOENT)
					return err;
				if (!err && e.ifindex == tap->link.ifindex &&
				    (e.state & NUD_NOARP) && !(e.state & NUD_PERMANENT))
					continue;
				if (!err && e.ifindex == tap->link.ifindex &&
				    (e.state & NUD_PERMANENT)) {
					/* the port's own address, local to the bridge: a
					 * locked port drops frames from local addresses */
					op = BRKIT_FDB_REPLACE;
					st->pin_local = true;
				} else if (!err && (e.state & (NUD_NOARP | NUD_PERMANENT)))
					return brkit_failf(
						h, -EEXIST,
						"%s: MAC %s is already a static entry of "
						"ifindex %d in %s",
						st->tap, m, e.ifindex, s->bridge);
				else if (!err)
					op = BRKIT_FDB_REPLACE; /* a learned entry */
				pin_spec(&f, op, st->tap, mac, lo);
				err = brkit_fdb_apply(h, &f);
				if (err)
					return err;
				if (!st->pinned) {
					st->pinned = true;
					memcpy(st->pin_mac, mac, 6);
					brkit_vlan_set_zero(&st->pin_vids);
				}
				brkit_vlan_set_add(&st->pin_vids, lo, lo);
				err = changed(u);
				if (err)
					return err;
			}
		}
	}
	fmask = (1u << VMPORT_F_COUNT) - 1;
	if (!s->noguard)
		fwant |= VMPORT_F_GUARD | VMPORT_F_PROTECT;
	if (s->isolated)
		fwant |= VMPORT_F_ISOLATED;
	if (s->lock)
		fwant |= VMPORT_F_LOCKED;
	fmask &= tap->flags ^ fwant;
	if (fmask) {
		char names[80] = "";
		unsigned int i;

		for (i = 0; i < VMPORT_F_COUNT; i++)
			if (fmask & (1u << i))
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
					 "%s%s", *names ? ", " : "", flag_name[i]);
		err = set_flags(h, tap->link.ifindex, fmask, fwant);
		if (err)
			return brkit_fail(h, err, "setting %s's port flags (%s)", st->tap, names);
		st->flags_changed = fmask;
		st->old_flags = tap->flags & fmask;
		err = changed(u);
		if (err)
			return err;
	}
	if (!(tap->link.flags & IFF_UP)) {
		err = brkit_nl_setlink(h, tap->link.ifindex, 1, -1, -1);
		if (err)
			return brkit_fail(h, err, "setting %s up", st->tap);
		st->set_up = true;
		err = changed(u);
		if (err)
			return err;
	}
	return 0;
}

/* Everything that can be refused is refused here, before any change. */
static int check(struct up *u, struct dev *br, struct dev *tap, bool *exists)
{
	struct brkit *h = u->h;
	const struct vmport_spec *s = u->s;
	const char *why;
	unsigned int mtu;
	int err;

	err = dev_get(h, s->bridge, br);
	if (err == -ENODEV)
		return brkit_failf(h, err, "bridge %s: no such device", s->bridge);
	if (err)
		return brkit_fail(h, err, "looking up bridge %s", s->bridge);
	if (strcmp(br->link.kind, "bridge"))
		return brkit_failf(h, -EINVAL, "%s is not a bridge", s->bridge);
	err = check_acl(h, s);
	if (err)
		return err;
	if (brkit_tap_name_is_template(u->st.tap)) {
		if (!s->create)
			return brkit_failf(h, -EINVAL, "%s: a name template needs create",
					   u->st.tap);
		*exists = false;
	} else {
		err = dev_get(h, u->st.tap, tap);
		if (err && err != -ENODEV)
			return brkit_fail(h, err, "looking up %s", u->st.tap);
		*exists = !err;
	}
	if (!*exists && !s->create)
		return brkit_failf(h, -ENODEV,
				   "tap %s does not exist (give create to make it, or start the VM "
				   "first)",
				   u->st.tap);
	if (*exists) {
		if (!strcmp(tap->link.kind, "bridge"))
			return brkit_failf(h, -EINVAL, "%s is a bridge, not a VM's port",
					   u->st.tap);
		if (tap->link.master && tap->link.master != br->link.ifindex)
			return brkit_failf(h, -EBUSY, "%s already has another master (ifindex %d)",
					   u->st.tap, tap->link.master);
	}
	if (s->vlan || s->has_trunks) {
		err = brkit_vlan_check(h, s->bridge, NULL);
		if (err) {
			char m[BRKIT_ERRLEN];

			snprintf(m, sizeof(m), "%s", brkit_errmsg(h));
			return brkit_failf(h, err, "%s: %s asked, but %s", u->st.tap,
					   s->has_trunks ? "trunks" : "vlan", m);
		}
	}
	mtu = s->mtu_auto ? br->link.mtu : s->mtu;
	/* A port above the bridge's MTU would take frames from the guest that the
	 * bridge's other side cannot carry: raise the bridge first. */
	if (mtu && mtu > br->link.mtu)
		return brkit_failf(h, -ERANGE,
				   "%s: mtu %u is above bridge %s's MTU %u (its maximum for a "
				   "port; raise the bridge's first)",
				   u->st.tap, mtu, s->bridge, br->link.mtu);
	if (mtu && *exists && tap->max_mtu && mtu > tap->max_mtu)
		return brkit_failf(h, -ERANGE, "%s: mtu %u is above its maximum %u", u->st.tap, mtu,
				   tap->max_mtu);
	if (s->lock && !s->has_mac && *exists &&
	    brkit_tap_mac_check(tap->link.addr, &why) == -EINVAL)
		return brkit_failf(h, -EINVAL, "%s: its address cannot be pinned: %s", u->st.tap,
				   why);
	return 0;
}

static void merge(struct vmport_state *old, const struct vmport_state *now)
{
	old->created |= now->created;
	old->enslaved |= now->enslaved;
	old->set_up |= now->set_up;
	if (now->mtu_changed && !old->mtu_changed) {
		old->mtu_changed = true;
		old->old_mtu = now->old_mtu;
	}
	old->old_flags |= now->old_flags & ~old->flags_changed;
	old->flags_changed |= now->flags_changed;
	if (now->pinned) {
		unsigned int lo, hi, v;

		if (!old->pinned)
			brkit_vlan_set_zero(&old->pin_vids);
		old->pinned = true;
		old->pin_local |= now->pin_local;
		memcpy(old->pin_mac, now->pin_mac, 6);
		for (v = 0; brkit_vlan_set_next_range(&now->pin_vids, v, &lo, &hi); v = hi + 1)
			brkit_vlan_set_add(&old->pin_vids, lo, hi);
	}
	if (now->vlans_changed && !old->vlans_changed) {
		old->vlans_changed = true;
		old->old_vids = now->old_vids;
		old->old_pvid = now->old_pvid;
	}
}

int vmport_up(struct brkit *h, const struct vmport_ctx *ctx, const char *tap,
	      const struct vmport_spec *s, struct vmport_result *res)
{
	struct up u = { .h = h, .ctx = ctx, .s = s };
	struct vmport_state old;
	struct dev br, td;
	bool exists = false, had_state = false;
	const char *why;
	char saved[BRKIT_ERRLEN];
	int lock, err;

	memset(res, 0, sizeof(*res));
	brkit_clear_err(h);
	if (brkit_tap_name_check(tap, &why))
		return brkit_failf(h, -EINVAL, "tap '%s': %s", tap, why);
	snprintf(u.st.tap, sizeof(u.st.tap), "%s", tap);
	snprintf(u.st.bridge, sizeof(u.st.bridge), "%s", s->bridge);
	vmport_spec_format(s, u.st.spec, sizeof(u.st.spec));
	lock = lock_dir(h, ctx->state_dir);
	if (lock < 0)
		return lock;
	if (!brkit_tap_name_is_template(tap)) {
		err = vmport_state_read(h, ctx->state_dir, tap, &old);
		if (err && err != -ENOENT)
			goto out;
		had_state = !err;
	}
	err = check(&u, &br, &td, &exists);
	if (err)
		goto out;
	if (had_state && (!exists || (old.ifindex && old.ifindex != td.link.ifindex)))
		had_state = false; /* stale: recorded for a device that is gone */
	if (had_state && strcmp(old.spec, u.st.spec)) {
		err = brkit_failf(h, -EBUSY,
				  "%s is managed by brkit with another spec (%s); "
				  "run 'brkit vm-port down %s' first",
				  tap, old.spec, tap);
		goto out;
	}
	err = apply(&u, &br, &td, exists);
	if (!err) {
		u.st.ifindex = td.link.ifindex;
		old.ifindex = td.link.ifindex;
		if (had_state)
			merge(&old, &u.st);
		err = state_write(h, ctx->state_dir, had_state ? &old : &u.st);
	}
	if (err) {
		snprintf(saved, sizeof(saved), "%s", brkit_errmsg(h));
		undo(h, &u.st);
		snprintf(h->err, sizeof(h->err), "%s", saved);
		goto out;
	}
	res->changes = u.changes;
	res->created = u.st.created;
	snprintf(res->tap, sizeof(res->tap), "%s", u.st.tap);
out:
	unlock_dir(lock);
	return err;
}

int vmport_down(struct brkit *h, const struct vmport_ctx *ctx, const char *tap, bool *managed)
{
	struct vmport_state st;
	const char *why;
	int lock, err;

	*managed = false;
	brkit_clear_err(h);
	if (brkit_ifname_check(tap, &why))
		return brkit_failf(h, -EINVAL, "tap '%s': %s", tap, why);
	lock = lock_dir(h, ctx->state_dir);
	if (lock < 0)
		return lock;
	err = vmport_state_read(h, ctx->state_dir, tap, &st);
	if (err == -ENOENT) {
		err = 0;
		goto out;
	}
	if (err)
		goto out;
	*managed = true;
	err = undo(h, &st);
	if (!err)
		state_remove(ctx->state_dir, tap);
out:
	unlock_dir(lock);
	return err;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vmport_foreach(struct brkit *h, const char *dir,
		   int (*cb)(const struct vmport_state *st, void *arg), void *arg)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	DIR *d = opendir(dir);
	int err = 0;

	if (!d)
		return errno == ENOENT ? 0 : brkit_failf(h, -errno, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		const char *why;

		if (de->d_name[0] == '.' || brkit_ifname_check(de->d_name, &why) ||
		    strstr(de->d_name, ".tmp"))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap ? cap * 2 : 16) * sizeof(*names));

			if (!nn) {
				err = -ENOMEM;
				break;
			}
			names = nn;
			cap = cap ? cap * 2 : 16;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			err = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (!err)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n && !err; i++) {
		struct vmport_state st;

		err = vmport_state_read(h, dir, names[i], &st);
		if (err == -ENOENT) {
			err = 0;
			continue;
		}
		if (!err)
			err = cb(&st, arg);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (err == -ENOMEM)
		return brkit_failf(h, err, "listing %s: out of memory", dir);
	return err;
}

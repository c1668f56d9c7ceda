// SPDX-License-Identifier: LGPL-2.1-or-later
/* Taps through /dev/net/tun: create (one RTM_SETLINK for master, MTU, MAC,
 * group and up), delete, flush a netdev group, list with the tun attributes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include "nl/nl.h"
#include "tap/tap_msg.h"

/* Taps opened at once by brkit_tap_add_many(): each holds a file descriptor
 * until its RTM_SETLINK is acknowledged, so this bounds the fds we use. */
#define TAP_CHUNK 128

/* ---- pure helpers ---- */

bool brkit_tap_name_is_template(const char *name)
{
	return name && strchr(name, '%');
}

int brkit_tap_name_check(const char *name, const char **why)
{
	const char *dummy, *p;

	if (!why)
		why = &dummy;
	if (brkit_ifname_check(name, why))
		return -EINVAL;
	p = strchr(name, '%');
	if (p && (p[1] != 'd' || strchr(p + 2, '%'))) {
		*why = "a name template takes one '%d' and no other '%'";
		return -EINVAL;
	}
	return 0;
}

void brkit_tap_mac_from_random(uint8_t mac[6], const uint8_t rnd[6])
{
	memcpy(mac, rnd, 6);
	/* As libvirt: a high first byte so a bridge, which takes the lowest port
	 * address as its own, never adopts the tap's; 0xfe is also locally
	 * administered (bit 1) and unicast (bit 0 clear). */
	mac[0] = 0xfe;
}

int brkit_tap_mac_check(const uint8_t mac[6], const char **why)
{
	static const uint8_t zero[6];
	const char *dummy;

	if (!why)
		why = &dummy;
	if (mac[0] & 1) {
		*why = "a multicast address cannot be a device address";
		return -EINVAL;
	}
	if (!memcmp(mac, zero, 6)) {
		*why = "the all-zero address cannot be a device address";
		return -EINVAL;
	}
	return 0;
}

void brkit_tap_setlink_fill(struct nlmsghdr *nlh, const char *ifname, const struct brkit_tap *t,
			    int master, unsigned int mtu, const uint8_t mac[6])
{
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = 0; /* by name: the kernel chose it, we never learnt the index */
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (t->has_devgroup)
		mnl_attr_put_u32(nlh, IFLA_GROUP, t->devgroup);
	if (master > 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	if (!t->down) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = IFF_UP;
	}
}

int brkit_tap_parse(const struct nlmsghdr *nlh, struct brkit_tap_info *out)
{
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct nlattr *li[IFLA_INFO_MAX + 1];
	const struct nlattr *td[IFLA_TUN_MAX + 1];
	int err;

	memset(out, 0, sizeof(*out));
	err = brkit_nl_parse_link(nlh, &out->link, tb);
	if (err)
		return err;
	if (!tb[IFLA_LINKINFO] || strcmp(out->link.kind, "tun"))
		return 0;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!li[IFLA_INFO_DATA])
		return 0;
	brkit_nl_parse_nested(li[IFLA_INFO_DATA], td, IFLA_TUN_MAX);
	/* Each attribute's length is checked before it is read: a malformed
	 * one is absent (owner and group then unknown, as when not set). */
	out->is_tap = brkit_nl_u8(td[IFLA_TUN_TYPE]) == IFF_TAP;
	out->pi = brkit_nl_u8(td[IFLA_TUN_PI]);
	out->vnet_hdr = brkit_nl_u8(td[IFLA_TUN_VNET_HDR]);
	out->persist = brkit_nl_u8(td[IFLA_TUN_PERSIST]);
	out->multi_queue = brkit_nl_u8(td[IFLA_TUN_MULTI_QUEUE]);
	if (brkit_nl_attr_ok(td[IFLA_TUN_OWNER], MNL_TYPE_U32)) {
		out->has_owner = true;
		out->owner = mnl_attr_get_u32(td[IFLA_TUN_OWNER]);
	}
	if (brkit_nl_attr_ok(td[IFLA_TUN_GROUP], MNL_TYPE_U32)) {
		out->has_group = true;
		out->group = mnl_attr_get_u32(td[IFLA_TUN_GROUP]);
	}
	out->num_queues = brkit_nl_u32(td[IFLA_TUN_NUM_QUEUES]);
	out->num_disabled_queues = brkit_nl_u32(td[IFLA_TUN_NUM_DISABLED_QUEUES]);
	return 0;
}

/* ---- creating taps ---- */

static const char *tap_label(const struct brkit_tap *t)
{
	if (t->ifname[0])
		return t->ifname;
	return t->name ? t->name : "tap%d";
}

/* What add needs to know about each distinct bridge, resolved before anything changes. */
struct tap_master {
	int ifindex;
	unsigned int mtu;
};

static int resolve_bridge(struct brkit *h, const char *name, struct tap_master *m)
{
	struct brkit_link l;
	const char *why;
	int err;

	if (brkit_ifname_check(name, &why))
		return brkit_failf(h, -EINVAL, "bridge '%s': %s", name, why);
	err = brkit_link_get(h, name, &l);
	if (err == -ENODEV)
		return brkit_failf(h, err, "bridge %s: no such device", name);
	if (err)
		return err;
	if (strcmp(l.kind, "bridge"))
		return brkit_failf(h, -ENOTTY, "%s is not a bridge (kind %s)", name,
				   l.kind[0] ? l.kind : "none");
	m->ifindex = l.ifindex;
	m->mtu = l.mtu;
	return 0;
}

static int check_tap(struct brkit *h, const struct brkit_tap *t)
{
	const char *why;
	char buf[18];

	if (t->name && brkit_tap_name_check(t->name, &why))
		return brkit_failf(h, -EINVAL, "tap '%s': %s", t->name, why);
	if (t->has_mac && brkit_tap_mac_check(t->mac, &why)) {
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", t->mac[0], t->mac[1],
			 t->mac[2], t->mac[3], t->mac[4], t->mac[5]);
		return brkit_failf(h, -EINVAL, "tap %s: mac %s: %s", tap_label(t), buf, why);
	}
	if (t->mtu && (t->mtu < 68 || t->mtu > 65535))
		return brkit_failf(h, -EINVAL, "tap %s: mtu %u is outside 68..65535", tap_label(t),
				   t->mtu);
	return 0;
}

/*
 * A tap made for a VM that is not running yet has no carrier: the kernel
 * turns it on when the queue attaches (TUNSETIFF) and off when the fd
 * closes. But the operational state follows the carrier only when the
 * kernel's link watch runs, at most once a second; until then the tap reads
 * as operationally up, so enslaving it up makes the bridge enable the port
 * (walking every port of the bridge) and disable it again a moment later:
 * with a thousand taps that doubled the bring-up time (measured). So the
 * carrier goes off now (TUNSETCARRIER, Linux 5.0+), and an RTM_GETLINK sent
 * just before the RTM_SETLINK syncs the link watch for the device (as the
 * name look-up of `ip link set` does). Both only save time: without them the
 * end state is the same.
 */
static bool carrier_off(int fd)
{
	return ioctl(fd, TUNSETCARRIER, &(int){ 0 }) == 0;
}

struct tap_chunk {
	struct brkit_tap *t;
	size_t n;
	int fd[TAP_CHUNK];
	bool sync[TAP_CHUNK]; /* carrier turned off: sync the link watch */
	unsigned long req[TAP_CHUNK]; /* batch index of each tap's RTM_SETLINK */
	size_t opened; /* fd[0 .. opened) are valid */
};

/* In the handle's namespace: /dev/net/tun makes the device in the namespace of
 * the process that opens it. */
static int chunk_open(struct brkit *h, void *arg)
{
	struct tap_chunk *c = arg;
	struct ifreq ifr;
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct brkit_tap *t = &c->t[i];
		int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

		if (fd < 0)
			return brkit_failf(h, -errno, "tap %s: opening /dev/net/tun: %s",
					   tap_label(t), strerror(errno));
		c->fd[c->opened++] = fd;
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", t->name ? t->name : "tap%d");
		ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL;
		if (t->vnet_hdr)
			ifr.ifr_flags |= IFF_VNET_HDR;
		if (t->multi_queue)
			ifr.ifr_flags |= IFF_MULTI_QUEUE;
		if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
			/* With IFF_TUN_EXCL, EBUSY means a device of that name exists. */
			if (errno == EBUSY)
				return brkit_failf(h, -EEXIST,
						   "tap %s: a device of that name exists",
						   tap_label(t));
			return brkit_failf(h, -errno, "creating tap %s: %s", tap_label(t),
					   strerror(errno));
		}
		snprintf(t->ifname, sizeof(t->ifname), "%s", ifr.ifr_name);
		c->sync[i] = !t->keep_fd && carrier_off(fd);
		if (t->has_owner && ioctl(fd, TUNSETOWNER, (unsigned long)t->owner) < 0)
			return brkit_failf(h, -errno, "tap %s: setting owner %u: %s", t->ifname,
					   t->owner, strerror(errno));
		if (t->has_group && ioctl(fd, TUNSETGROUP, (unsigned long)t->group) < 0)
			return brkit_failf(h, -errno, "tap %s: setting group %u: %s", t->ifname,
					   t->group, strerror(errno));
	}
	return 0;
}

static void chunk_close(struct tap_chunk *c)
{
	size_t i;

	for (i = 0; i < c->opened; i++)
		close(c->fd[i]);
	c->opened = 0;
}

struct setlink_err {
	long index; /* first refused request, -1 when none */
	int err;
};

static void setlink_err_cb(void *arg, unsigned long index, int err, const char *extack)
{
	struct setlink_err *e = arg;

	(void)extack;
	if (e->index < 0) {
		e->index = (long)index;
		e->err = err;
	}
}

static int tap_dump(struct brkit *h, bool only_tun, mnl_cb_t cb, void *data);

/* One pipelined request a persistent tap of [0, n), by name: RTM_DELLINK, or
 * RTM_SETLINK into netdev group @group. */
static int each_persistent(struct brkit *h, struct brkit_tap *t, size_t n, uint16_t type,
			   uint32_t group)
{
	struct brkit_batch *b = brkit_batch_new(h, 0, NULL, NULL);
	size_t i;
	int err = 0;

	if (!b)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++) {
		struct nlmsghdr *nlh;
		struct ifinfomsg *ifi;

		if (t[i].keep_fd)
			continue;
		nlh = brkit_batch_msg(b, type, 0);
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		mnl_attr_put_strz(nlh, IFLA_IFNAME, t[i].ifname);
		if (type == RTM_SETLINK)
			mnl_attr_put_u32(nlh, IFLA_GROUP, group);
		err = brkit_batch_push(b);
	}
	if (!err)
		err = brkit_batch_finish(b);
	brkit_batch_free(b);
	return err;
}

struct group_probe {
	uint32_t group;
	bool used;
};

static int group_probe_cb(const struct nlmsghdr *nlh, void *data)
{
	struct group_probe *p = data;
	struct brkit_link l;

	if (nlh->nlmsg_type == RTM_NEWLINK && brkit_nl_parse_link(nlh, &l, NULL) == 0 &&
	    l.group == p->group)
		p->used = true;
	return MNL_CB_OK;
}

/* Deleting taps one by one costs an RCU grace period each (19 s for 1000):
 * move them into an unused netdev group (pipelined setlinks, cheap) and
 * delete that group with one request. */
static int del_by_group(struct brkit *h, struct brkit_tap *t, size_t n)
{
	struct group_probe p = { 0 };
	int err;

	if (getrandom(&p.group, sizeof(p.group), 0) != sizeof(p.group))
		return -EIO;
	p.group = (p.group | 0x80000000u) & ~1u; /* far from the groups people number */
	err = tap_dump(h, false, group_probe_cb, &p);
	if (err)
		return err;
	if (p.used)
		return -EBUSY;
	err = each_persistent(h, t, n, RTM_SETLINK, p.group);
	if (err)
		return err;
	return brkit_link_del_group(h, p.group);
}

/* Delete taps [0, n) made by this call: close the kept fds, delete the
 * persistent ones. Keeps h's error text. */
static void rollback(struct brkit *h, struct brkit_tap *t, size_t n)
{
	char saved_err[BRKIT_ERRLEN], saved_ext[BRKIT_EXTLEN];
	size_t i, persistent = 0;

	memcpy(saved_err, h->err, sizeof(saved_err));
	memcpy(saved_ext, h->ext, sizeof(saved_ext));
	for (i = 0; i < n; i++) {
		if (!t[i].keep_fd) {
			persistent++;
			continue;
		}
		if (t[i].fd >= 0)
			close(t[i].fd);
		t[i].fd = -1;
	}
	if (persistent > 1 && del_by_group(h, t, n) == 0)
		persistent = 0;
	if (persistent)
		each_persistent(h, t, n, RTM_DELLINK, 0);
	memcpy(h->err, saved_err, sizeof(saved_err));
	memcpy(h->ext, saved_ext, sizeof(saved_ext));
}

static void describe_setlink(char *buf, size_t len, const struct brkit_tap *t, const char *bridge,
			     unsigned int mtu)
{
	size_t n = 0;

	buf[0] = '\0';
	if (bridge)
		n += (size_t)snprintf(buf + n, len - n, " master %s", bridge);
	if (mtu && n < len)
		n += (size_t)snprintf(buf + n, len - n, " mtu %u", mtu);
	if (t->has_devgroup && n < len)
		n += (size_t)snprintf(buf + n, len - n, " devgroup %u", t->devgroup);
	if (!t->down && n < len)
		snprintf(buf + n, len - n, " up");
}

/* Create and configure chunk [0, c->n) of the taps; on failure close what it
 * opened (the taps are not persistent yet, so they go away). */
/* Where a chunk's requests go: pipelined in a batch, or, for a single tap
 * (`brkit tap add`, a -batch line), straight request+ACK, which saves the
 * batch's buffer. Requests are numbered the same way in both. */
struct sink {
	struct brkit *h;
	struct brkit_batch *b; /* NULL: direct */
	struct setlink_err *se;
	unsigned long count;
	struct nlmsghdr *cur;
};

static struct nlmsghdr *sink_msg(struct sink *k, uint16_t type)
{
	k->cur = k->b ? brkit_batch_msg(k->b, type, 0) : brkit_nl_msg(k->h, type, 0);
	return k->cur;
}

static int sink_push(struct sink *k)
{
	int err;

	if (k->b) {
		k->count++;
		return brkit_batch_push(k->b);
	}
	err = brkit_nl_talk(k->h, k->cur, NULL, NULL);
	if (err && k->se->index < 0) {
		k->se->index = (long)k->count;
		k->se->err = err;
	}
	k->count++;
	return err;
}

static int add_chunk(struct brkit *h, struct tap_chunk *c, const struct tap_master *masters)
{
	struct setlink_err se = { .index = -1 };
	struct sink k = { .h = h, .se = &se };
	uint8_t rnd[TAP_CHUNK * 6];
	unsigned int mtu[TAP_CHUNK];
	size_t i;
	int err;

	c->opened = 0;
	for (i = 0; i < c->n; i++) {
		c->t[i].ifname[0] = '\0';
		c->t[i].fd = -1;
	}
	if (getrandom(rnd, c->n * 6, 0) != (ssize_t)(c->n * 6))
		return brkit_failf(h, -EIO, "reading random bytes for tap addresses: %s",
				   strerror(errno));
	err = brkit_in_netns(h, chunk_open, c);
	if (err) {
		chunk_close(c);
		return err;
	}
	if (c->n > 1) {
		k.b = brkit_batch_new(h, 256, setlink_err_cb, &se);
		if (!k.b) {
			chunk_close(c);
			return brkit_failf(h, -ENOMEM, "creating taps: out of memory");
		}
	}
	for (i = 0; i < c->n; i++) {
		struct brkit_tap *t = &c->t[i];
		struct nlmsghdr *nlh;

		if (c->sync[i]) {
			struct ifinfomsg *ifi;

			nlh = sink_msg(&k, RTM_GETLINK);
			ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
			ifi->ifi_family = AF_UNSPEC;
			mnl_attr_put_strz(nlh, IFLA_IFNAME, t->ifname);
			mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
			err = sink_push(&k);
			if (err)
				break;
		}
		c->req[i] = k.count;
		nlh = sink_msg(&k, RTM_SETLINK);
		if (t->has_mac)
			memcpy(t->addr, t->mac, 6);
		else
			brkit_tap_mac_from_random(t->addr, rnd + i * 6);
		mtu[i] = t->mtu ? t->mtu : (t->bridge ? masters[i].mtu : 0);
		brkit_tap_setlink_fill(nlh, t->ifname, t, t->bridge ? masters[i].ifindex : 0,
				       mtu[i], t->addr);
		err = sink_push(&k);
		if (err)
			break;
	}
	if (k.b) {
		if (!err)
			err = brkit_batch_finish(k.b);
		brkit_batch_free(k.b);
	}
	if (err && se.index >= 0) {
		char what[96];
		struct brkit_tap *t;

		/* The request that failed: a tap's RTM_GETLINK or RTM_SETLINK. */
		for (i = 0; i + 1 < c->n && c->req[i] < (unsigned long)se.index; i++)
			;
		t = &c->t[i];
		describe_setlink(what, sizeof(what), t, t->bridge, mtu[i]);
		if (t->bridge)
			brkit_fail(h, se.err, "attaching tap %s to bridge %s (%s)", t->ifname,
				   t->bridge, what + 1);
		else
			brkit_fail(h, se.err, "configuring tap %s (%s)", t->ifname, what + 1);
		chunk_close(c);
		return se.err;
	}
	if (err) {
		chunk_close(c);
		return brkit_fail(h, err, "configuring taps");
	}
	/* Acknowledged: now make them outlive this process (or hand the fd over). */
	for (i = 0; i < c->n; i++) {
		struct brkit_tap *t = &c->t[i];

		if (t->keep_fd)
			continue;
		if (ioctl(c->fd[i], TUNSETPERSIST, 1UL) < 0) {
			err = brkit_failf(h, -errno, "tap %s: making it persistent: %s", t->ifname,
					  strerror(errno));
			chunk_close(c);
			return err;
		}
	}
	for (i = 0; i < c->n; i++) {
		if (c->t[i].keep_fd)
			c->t[i].fd = c->fd[i];
		else
			close(c->fd[i]);
	}
	c->opened = 0;
	return 0;
}

int brkit_tap_add_many(struct brkit *h, struct brkit_tap *t, size_t n)
{
	struct tap_master *masters;
	struct tap_chunk *c;
	size_t i, done;
	int err = 0;

	brkit_clear_err(h);
	for (i = 0; i < n; i++) {
		t[i].fd = -1;
		t[i].ifname[0] = '\0';
		err = check_tap(h, &t[i]);
		if (err)
			return err;
	}
	masters = calloc(n ? n : 1, sizeof(*masters));
	c = malloc(sizeof(*c));
	if (!masters || !c) {
		free(masters);
		free(c);
		return brkit_failf(h, -ENOMEM, "creating taps: out of memory");
	}
	/* Every bridge is looked up before anything changes (taps of one VM host
	 * share a few bridges: look each name up once). */
	for (i = 0; i < n && !err; i++) {
		if (!t[i].bridge)
			continue;
		if (i > 0 && t[i - 1].bridge && !strcmp(t[i - 1].bridge, t[i].bridge))
			masters[i] = masters[i - 1];
		else
			err = resolve_bridge(h, t[i].bridge, &masters[i]);
	}
	for (done = 0; !err && done < n; done += c->n) {
		c->t = t + done;
		c->n = n - done < TAP_CHUNK ? n - done : TAP_CHUNK;
		err = add_chunk(h, c, masters + done);
		if (err)
			rollback(h, t, done);
	}
	free(masters);
	free(c);
	return err;
}

int brkit_tap_add(struct brkit *h, struct brkit_tap *t)
{
	return brkit_tap_add_many(h, t, 1);
}

/* ---- reading taps back ---- */

struct tap_get_ctx {
	struct brkit_tap_info *out;
	int found;
};

static int tap_get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tap_get_ctx *ctx = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (brkit_tap_parse(nlh, ctx->out) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	ctx->found = 1;
	return MNL_CB_OK;
}

int brkit_tap_get(struct brkit *h, const char *name, struct brkit_tap_info *info)
{
	struct tap_get_ctx ctx = { .out = info };
	const char *why;
	int err;

	if (brkit_ifname_check(name, &why))
		return brkit_failf(h, -EINVAL, "tap '%s': %s", name ? name : "", why);
	err = brkit_nl_getlink(h, name, 0, tap_get_cb, &ctx);
	if (err == -ENODEV || (!err && !ctx.found))
		return brkit_failf(h, -ENODEV, "tap %s: no such device", name);
	if (err)
		return brkit_fail(h, err, "looking up tap %s", name);
	return 0;
}

struct tap_foreach_ctx {
	int (*cb)(const struct brkit_tap_info *t, void *arg);
	void *arg;
	int ret;
};

static int tap_foreach_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tap_foreach_ctx *ctx = data;
	struct brkit_tap_info ti;

	if (nlh->nlmsg_type != RTM_NEWLINK || brkit_tap_parse(nlh, &ti) < 0)
		return MNL_CB_OK;
	if (strcmp(ti.link.kind, "tun"))
		return MNL_CB_OK;
	ctx->ret = ctx->cb(&ti, ctx->arg);
	return ctx->ret ? MNL_CB_STOP : MNL_CB_OK;
}

/* One RTM_GETLINK dump, optionally filtered on kind "tun" by the kernel. */
static int tap_dump(struct brkit *h, bool only_tun, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	if (only_tun) {
		struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);

		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "tun");
		mnl_attr_nest_end(nlh, li);
	}
	return brkit_nl_dump(h, nlh, cb, data, NULL);
}

int brkit_tap_foreach(struct brkit *h, int (*cb)(const struct brkit_tap_info *t, void *arg),
		      void *arg)
{
	struct tap_foreach_ctx ctx = { .cb = cb, .arg = arg };
	int err = tap_dump(h, true, tap_foreach_cb, &ctx);

	if (err)
		return brkit_fail(h, err, "listing taps");
	return ctx.ret;
}

/* ---- deleting taps ---- */

int brkit_tap_del(struct brkit *h, const char *name)
{
	struct brkit_tap_info ti;
	int err;

	err = brkit_tap_get(h, name, &ti);
	if (err)
		return err;
	if (strcmp(ti.link.kind, "tun") || !ti.is_tap)
		return brkit_failf(h, -ENOTTY, "%s is not a tap (kind %s): refusing to delete it",
				   name,
				   !strcmp(ti.link.kind, "tun") ? "tun in tun mode"
				   : ti.link.kind[0]		? ti.link.kind
								: "none");
	err = brkit_nl_dellink(h, ti.link.ifindex);
	if (err == -ENODEV)
		return brkit_failf(h, err, "tap %s: no such device", name);
	if (err)
		return brkit_fail(h, err, "deleting tap %s", name);
	return 0;
}

struct flush_ctx {
	uint32_t group;
	int taps;
	int others;
	char names[160];
};

static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	struct flush_ctx *ctx = data;
	struct brkit_tap_info ti;
	size_t n;

	if (nlh->nlmsg_type != RTM_NEWLINK || brkit_tap_parse(nlh, &ti) < 0)
		return MNL_CB_OK;
	if (ti.link.group != ctx->group)
		return MNL_CB_OK;
	if (!strcmp(ti.link.kind, "tun") && ti.is_tap) {
		ctx->taps++;
		return MNL_CB_OK;
	}
	if (ctx->others++ < 3) {
		n = strlen(ctx->names);
		snprintf(ctx->names + n, sizeof(ctx->names) - n, "%s%s", n ? ", " : "",
			 ti.link.ifname);
	}
	return MNL_CB_OK;
}

int brkit_tap_flush_group(struct brkit *h, uint32_t group)
{
	struct flush_ctx ctx = { .group = group };
	int err;

	brkit_clear_err(h);
	if (group == 0)
		return brkit_failf(h, -EINVAL,
				   "netdev group 0: refusing to flush the default group");
	/* RTM_DELLINK by group deletes every device in it: check first that
	 * they are all taps (the group cannot be a dump filter). */
	err = tap_dump(h, false, flush_cb, &ctx);
	if (err)
		return brkit_fail(h, err, "listing the devices of netdev group %u", group);
	if (ctx.others)
		return brkit_failf(h, -ENOTTY,
				   "netdev group %u holds %d device(s) that are not taps (%s%s): "
				   "refusing to flush it",
				   group, ctx.others, ctx.names, ctx.others > 3 ? ", ..." : "");
	if (!ctx.taps)
		return 0;
	err = brkit_link_del_group(h, group);
	if (err == -ENODEV)
		return 0; /* emptied meanwhile */
	return err ? err : ctx.taps;
}

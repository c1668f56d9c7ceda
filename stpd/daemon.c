// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-stpd: one RSTP engine (stp/) per bridge it runs, fed with the BPDUs
 * of its ports, its port states and FDB flushes written back over rtnetlink. */
#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/if_bridge.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include "nl/nl.h"
#include "stpd/ctl.h"
#include "stpd/daemon.h"

/* Kernel port states (BR_STATE_*). With STP off (mode c) the kernel turns a
 * blocking port it thinks designated back to forwarding at once
 * (br_port_state_selection), so discarding is written as listening there,
 * which it leaves alone and which forwards and learns nothing. */
#define K_DISABLED 0
#define K_LISTENING 1
#define K_LEARNING 2
#define K_FORWARDING 3
#define K_BLOCKING 4

static int k_discarding(const struct sbridge *b)
{
	return b->mode == STPD_MODE_NFT ? K_LISTENING : K_BLOCKING;
}

/* ---- kernel writes ---- */

static int set_kstate(struct stpd *d, int ifindex, int state)
{
	struct brkit *h = d->h;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *nest;
	int err;

	if ((err = brkit_nl_idle(h)) < 0)
		return err;
	nlh = brkit_nl_msg(h, RTM_SETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex;
	nest = mnl_attr_nest_start(nlh, IFLA_PROTINFO);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_STATE, (uint8_t)state);
	mnl_attr_nest_end(nlh, nest);
	return brkit_nl_talk(h, nlh, NULL, NULL);
}

static void write_port_state(struct sbridge *b, struct sport *p, int state, bool force)
{
	int err;

	double t0;

	if (!force && p->kstate == state)
		return;
	t0 = stpd_debug ? stpd_now() : 0;
	err = set_kstate(b->d, p->ifindex, state);
	stpd_dbg("%s kstate %s %d err %d %.3f ms", b->name, p->name, state, err,
		 (stpd_now() - t0) * 1e3);
	if (err == -ENETDOWN) {
		p->kstate = -1; /* no carrier: the kernel has it disabled */
		return;
	}
	if (err < 0) {
		stpd_log(LOG_ERR, "%s: setting port %s state %d: %s", b->name, p->name, state,
			 strerror(-err));
		p->kstate = -1;
		return;
	}
	p->kstate = state;
}

static int engine_to_k(const struct sbridge *b, enum stp_state s)
{
	switch (s) {
	case STP_STATE_FORWARDING:
		return K_FORWARDING;
	case STP_STATE_LEARNING:
		return K_LEARNING;
	default:
		return k_discarding(b);
	}
}

static uint32_t port_speed_cost(struct stpd *d, const char *name)
{
	struct ethtool_cmd ec = { .cmd = ETHTOOL_GSET };
	struct ifreq ifr = { 0 };
	uint32_t speed;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	(void)d;
	/* the unit's RestrictAddressFamilies has no AF_INET: any socket takes
	 * the device ioctls (as ethtool's fallback does) */
	if (fd < 0)
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return STP_DEFAULT_PATH_COST;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_data = (void *)&ec;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) {
		close(fd);
		return STP_DEFAULT_PATH_COST;
	}
	close(fd);
	speed = ethtool_cmd_speed(&ec);
	if (speed == 0 || speed == (uint32_t)SPEED_UNKNOWN)
		return STP_DEFAULT_PATH_COST;
	return stp_path_cost_for_speed(speed);
}

/* ---- engine callbacks ---- */

/* -v: one BPDU on one line */
static void dbg_bpdu(const struct sbridge *b, const char *what, const struct sport *p,
		     const struct stp_bpdu *x)
{
	static const char *const role[] = { "mst", "alt", "root", "desg" };

	if (!stpd_debug)
		return;
	if (x->type == STP_BPDU_TCN) {
		stpd_dbg("%s %s %s tcn", b->name, what, p->name);
		return;
	}
	stpd_dbg("%s %s %s %s %s%s%s%s%s%s root %016llx cost %u br %016llx port %04x", b->name,
		 what, p->name, x->type == STP_BPDU_RST ? "rst" : "config",
		 x->type == STP_BPDU_RST
			 ? role[(x->flags & STP_FLAG_ROLE_MASK) >> STP_FLAG_ROLE_SHIFT]
			 : "-",
		 x->flags & STP_FLAG_PROPOSAL ? " P" : "",
		 x->flags & STP_FLAG_AGREEMENT ? " A" : "",
		 x->flags & STP_FLAG_LEARNING ? " L" : "",
		 x->flags & STP_FLAG_FORWARDING ? " F" : "", x->flags & STP_FLAG_TC ? " TC" : "",
		 (unsigned long long)x->root_id, x->root_path_cost,
		 (unsigned long long)x->bridge_id, x->port_id);
}

static void cb_send(void *ctx, unsigned int port, const struct stp_bpdu *bpdu)
{
	struct sbridge *b = ctx;
	struct sport *p = &b->ports[port];
	uint8_t frame[64];
	size_t n;

	if (!p->used || !p->carrier)
		return;
	n = stp_frame_encode(bpdu, p->addr, frame, sizeof(frame));
	if (!n)
		return;
	dbg_bpdu(b, "tx", p, bpdu);
	if (stpd_io_send(b->d, p->ifindex, frame, n) < 0)
		return;
	p->tx[bpdu->type == STP_BPDU_CONFIG ? 0 : bpdu->type == STP_BPDU_TCN ? 1 : 2]++;
}

static void cb_set_state(void *ctx, unsigned int port, enum stp_state state)
{
	struct sbridge *b = ctx;
	struct sport *p = &b->ports[port];

	if (!p->used || !p->carrier)
		return;
	write_port_state(b, p, engine_to_k(b, state), false);
}

static void cb_flush(void *ctx, unsigned int port)
{
	struct sbridge *b = ctx;
	struct sport *p = &b->ports[port];
	struct brkit_fdb_filter f = { .br = b->ifindex,
				      .dev = p->ifindex,
				      .kind = BRKIT_FDB_DYNAMIC };
	double t0 = stpd_debug ? stpd_now() : 0;
	int err;

	if (!p->used)
		return;
	err = brkit_fdb_flush(b->d->h, &f);
	stpd_dbg("%s flush %s err %d %.3f ms", b->name, p->name, err, (stpd_now() - t0) * 1e3);
	if (err < 0)
		stpd_log(LOG_WARNING, "%s: flushing %s: %s", b->name, p->name,
			 brkit_errmsg(b->d->h));
	else
		p->flushes++;
}

static void cb_held(void *ctx, unsigned int port)
{
	struct sbridge *b = ctx;

	stpd_dbg("%s hold %s", b->name, b->ports[port].name);
}

static const struct stp_ops engine_ops = {
	.send = cb_send,
	.set_state = cb_set_state,
	.flush = cb_flush,
	.held = cb_held,
};

static uint64_t mac64(const uint8_t a[6])
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 6; i++)
		v = v << 8 | a[i];
	return v;
}

/* ---- settings ---- */

static void fill_bridge_defaults(struct stpd_opts *o)
{
	static const uint32_t def[] = {
		[STPD_B_FORCEVERS] = STP_FORCE_RSTP,
		[STPD_B_PRIORITY] = STP_DEFAULT_BRIDGE_PRIORITY,
		[STPD_B_HELLO] = STP_DEFAULT_HELLO_TIME,
		[STPD_B_MAXAGE] = STP_DEFAULT_MAX_AGE,
		[STPD_B_FDELAY] = STP_DEFAULT_FORWARD_DELAY,
		[STPD_B_TXHOLD] = STP_DEFAULT_TX_HOLD_COUNT,
	};
	unsigned int k;

	for (k = 0; k <= STPD_B_TXHOLD; k++)
		if (!(o->mask & (1u << k)))
			o->val[k] = def[k];
	if (!(o->mask & (1u << STPD_B_RULES)))
		o->val[STPD_B_RULES] = STP_RULES_SAFE;
}

static void merge(struct stpd_opts *o, const struct stpd_opts *n)
{
	unsigned int k;

	for (k = 0; k < STPD_OPTS_MAX; k++)
		if (n->mask & (1u << k))
			o->val[k] = n->val[k];
	o->mask |= n->mask;
}

static void mirror_kernel(struct sbridge *b, const struct stpd_opts *o);

/* Apply bridge settings @o (full: defaults filled). The times are checked
 * together first, so a refusal changes nothing. */
static int apply_bridge(struct sbridge *b, const struct stpd_opts *o, char *err, size_t len)
{
	int ret;

	ret = stp_set_times(b->stp, o->val[STPD_B_HELLO], o->val[STPD_B_MAXAGE],
			    o->val[STPD_B_FDELAY]);
	if (ret) {
		snprintf(err, len,
			 "%s: hello %u, maxage %u, fdelay %u: 802.1D needs "
			 "2 x (fdelay - 1) >= maxage >= 2 x (hello + 1)",
			 b->name, o->val[STPD_B_HELLO], o->val[STPD_B_MAXAGE],
			 o->val[STPD_B_FDELAY]);
		return -ERANGE;
	}
	stp_set_priority(b->stp, o->val[STPD_B_PRIORITY]);
	stp_set_tx_hold_count(b->stp, o->val[STPD_B_TXHOLD]);
	stp_set_force_version(b->stp, o->val[STPD_B_FORCEVERS]);
	/* the parser makes only known bits; an unchanged set is left alone */
	if (stp_rules(b->stp) != o->val[STPD_B_RULES])
		stp_set_rules(b->stp, o->val[STPD_B_RULES]);
	if (o->mask & (1u << STPD_B_AGEING)) {
		struct brkit_bridge_opts bo = { .mask = BRKIT_BR_AGEING_TIME,
						.ageing_time = o->val[STPD_B_AGEING] * 100 };

		if (brkit_bridge_set(b->d->h, b->name, &bo) < 0) {
			snprintf(err, len, "%s", brkit_errmsg(b->d->h));
			return -EIO;
		}
	}
	mirror_kernel(b, o);
	return 0;
}

/* What the kernel can hold of the daemon's settings goes to the kernel too, so
 * that `ip -d link` agrees: the bridge priority, Hello Time and Max Age (the
 * kernel runs no timer on them while the daemon runs the bridge), and Forward
 * Delay except in mode c, where it must stay 0 (see disarm_kernel_timers). */
struct kmirror {
	struct brkit_bridge_opts o;
};

static void kernel_wants(const struct sbridge *b, const struct stpd_opts *o, struct kmirror *k)
{
	memset(k, 0, sizeof(*k));
	k->o.mask =
		BRKIT_BR_PRIORITY | BRKIT_BR_HELLO_TIME | BRKIT_BR_MAX_AGE | BRKIT_BR_FORWARD_DELAY;
	k->o.priority = (uint16_t)o->val[STPD_B_PRIORITY];
	k->o.hello_time = o->val[STPD_B_HELLO] * 100;
	k->o.max_age = o->val[STPD_B_MAXAGE] * 100;
	k->o.forward_delay = b->mode == STPD_MODE_NFT ? 0 : o->val[STPD_B_FDELAY] * 100;
}

static void mirror_kernel(struct sbridge *b, const struct stpd_opts *o)
{
	struct kmirror k;

	if (!b->d->h)
		return;
	kernel_wants(b, o, &k);
	/* mode c: the forward delay is disarm_kernel_timers'; a bridge being
	 * taken has not disarmed yet */
	if (b->mode == STPD_MODE_NFT)
		k.o.mask &= ~BRKIT_BR_FORWARD_DELAY;
	if (brkit_bridge_set(b->d->h, b->name, &k.o) < 0)
		stpd_log(LOG_WARNING, "%s: mirroring priority and timers into the kernel: %s",
			 b->name, brkit_errmsg(b->d->h));
}

static void apply_port(struct sbridge *b, unsigned int i, const struct stpd_opts *o)
{
	struct stp_bridge *s = b->stp;
	struct sport *p = &b->ports[i];
	const uint32_t *v = o->val;
	uint32_t m = o->mask;

	stp_port_set_path_cost(
		s, i, m & (1u << STPD_P_COST) ? v[STPD_P_COST] : port_speed_cost(b->d, p->name));
	stp_port_set_priority(
		s, i, m & (1u << STPD_P_PRIORITY) ? v[STPD_P_PRIORITY] : STP_DEFAULT_PORT_PRIORITY);
	stp_port_set_admin_edge(s, i, m & (1u << STPD_P_EDGE) ? v[STPD_P_EDGE] : false);
	stp_port_set_auto_edge(s, i, m & (1u << STPD_P_AUTOEDGE) ? v[STPD_P_AUTOEDGE] : true);
	stp_port_set_admin_p2p(s, i, m & (1u << STPD_P_P2P) ? v[STPD_P_P2P] : STP_P2P_AUTO);
	stp_port_set_bpdu_guard(s, i, m & (1u << STPD_P_BPDUGUARD) ? v[STPD_P_BPDUGUARD] : false);
	stp_port_set_bpdu_filter(s, i,
				 m & (1u << STPD_P_BPDUFILTER) ? v[STPD_P_BPDUFILTER] : false);
	stp_port_set_root_guard(s, i, m & (1u << STPD_P_ROOTGUARD) ? v[STPD_P_ROOTGUARD] : false);
	stp_port_set_tcn_guard(s, i, m & (1u << STPD_P_RESTRTCN) ? v[STPD_P_RESTRTCN] : false);
	p->eff = *o;
}

static void port_opts(struct sbridge *b, struct sport *p, struct stpd_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->port = true;
	stpd_conf_match(&b->d->conf, b->name, p->name, o);
	merge(o, &p->cli);
}

static void bridge_opts(struct sbridge *b, struct stpd_opts *o)
{
	memset(o, 0, sizeof(*o));
	stpd_conf_match(&b->d->conf, b->name, NULL, o);
	merge(o, &b->cli);
	fill_bridge_defaults(o);
}

/* After anything the engine did: latch ports that bpduguard took down. */
static void check_guards(struct sbridge *b)
{
	unsigned int i;

	for (i = 0; i < b->cap; i++) {
		struct stp_port_info pi;

		if (!b->ports[i].used || b->ports[i].guard_latched)
			continue;
		if (!stp_port_info(b->stp, i, &pi) && pi.guard_disabled) {
			b->ports[i].guard_latched = true;
			/* the MAC counts as down while latched, so that turning
			 * bpduguard off does not bring the port back by itself */
			stp_port_enable(b->stp, i, false);
			stpd_log(LOG_WARNING,
				 "%s: port %s received a BPDU with bpduguard on: disabled until "
				 "`brkit stp port set %s %s enable`",
				 b->name, b->ports[i].name, b->name, b->ports[i].name);
		}
	}
}

/* Write the engine's state of port @i to the kernel, whatever was there. */
static void sync_port(struct sbridge *b, unsigned int i)
{
	struct sport *p = &b->ports[i];
	struct stp_port_info pi;

	if (!p->carrier || stp_port_info(b->stp, i, &pi))
		return;
	write_port_state(b, p, engine_to_k(b, pi.state), true);
}

/* ---- bridges and ports ---- */

static struct sbridge *find_bridge(struct stpd *d, int ifindex, const char *name)
{
	size_t i;

	for (i = 0; i < d->nbr; i++)
		if ((ifindex && d->br[i]->ifindex == ifindex) ||
		    (name && !strcmp(d->br[i]->name, name)))
			return d->br[i];
	return NULL;
}

static int find_port(const struct sbridge *b, int ifindex, const char *name)
{
	unsigned int i;

	for (i = 0; i < b->cap; i++)
		if (b->ports[i].used && ((ifindex && b->ports[i].ifindex == ifindex) ||
					 (name && !strcmp(b->ports[i].name, name))))
			return (int)i;
	return -1;
}

/* The bridge of ours that holds the port with this ifindex (a device is a port
 * of one bridge at most), and the port's slot in *slot; NULL if none does. */
static struct sbridge *port_owner(struct stpd *d, int ifindex, unsigned int *slot)
{
	size_t i;

	for (i = 0; i < d->nbr; i++) {
		int j = find_port(d->br[i], ifindex, NULL);

		if (j >= 0) {
			*slot = (unsigned int)j;
			return d->br[i];
		}
	}
	return NULL;
}

static int new_engine(struct sbridge *b, unsigned int cap)
{
	struct stp_bridge *s;
	struct stpd_opts o;
	char err[256];
	int ret = stp_bridge_new(&s, mac64(b->addr), cap, &engine_ops, b);

	if (ret)
		return ret;
	b->stp = s;
	bridge_opts(b, &o);
	if (apply_bridge(b, &o, err, sizeof(err))) {
		stpd_log(LOG_ERR, "%s", err);
		b->cli.mask = 0;
		bridge_opts(b, &o);
		apply_bridge(b, &o, err, sizeof(err));
	}
	b->eff = o;
	return 0;
}

/* 6.4.3: the MAC's point-to-point status from its duplex, read when the
 * port joins and whenever its carrier comes back (a duplex change comes with
 * a new link negotiation, so with a carrier flap); veth and tap report full
 * duplex, and a port whose duplex is unknown counts as full, as before. */
static bool port_mac_p2p(struct sbridge *b, struct sport *p)
{
	int duplex = stpd_port_duplex(b->d, p->ifindex);

	stpd_dbg("%s duplex %s %d", b->name, p->name, duplex);
	return stpd_duplex_p2p(duplex < 0 ? DUPLEX_UNKNOWN : duplex);
}

void stpd_duplex_changed(struct stpd *d, int ifindex, int duplex)
{
	unsigned int j;
	struct sbridge *b = port_owner(d, ifindex, &j);

	if (!b)
		return;
	stpd_dbg("%s duplex %s %d (notified)", b->name, b->ports[j].name, duplex);
	stp_port_set_mac_p2p(b->stp, j, stpd_duplex_p2p(duplex));
	check_guards(b);
}

static void port_enable(struct sbridge *b, unsigned int i)
{
	struct sport *p = &b->ports[i];

	stp_port_set_mac_p2p(b->stp, i, port_mac_p2p(b, p));
	if (p->carrier && !p->guard_latched)
		stp_port_enable(b->stp, i, true);
	sync_port(b, i);
	check_guards(b);
}

/* More engine ports: a new engine, every port beginning again (discarding). */
static int grow(struct sbridge *b)
{
	unsigned int cap = b->cap * 2 > STP_MAX_PORTS ? STP_MAX_PORTS : b->cap * 2, i;
	struct sport *np = cap > b->cap ? calloc(cap, sizeof(*np)) : NULL;
	struct stp_bridge *old = b->stp;
	struct stpd_opts o;

	if (!np) {
		free(np);
		return -ENOSPC;
	}
	memcpy(np, b->ports, b->cap * sizeof(*np));
	free(b->ports);
	b->ports = np;
	b->cap = cap;
	stp_bridge_free(old);
	b->stp = NULL;
	if (new_engine(b, cap))
		return -ENOMEM;
	for (i = 0; i < cap; i++) {
		if (!b->ports[i].used)
			continue;
		b->ports[i].base_rx = b->ports[i].base_tx = 0;
		memset(b->ports[i].base_drops, 0, sizeof(b->ports[i].base_drops));
		port_opts(b, &b->ports[i], &o);
		apply_port(b, i, &o);
		port_enable(b, i);
	}
	return 0;
}

/* @in_set: already in the nftables set (take() adds a bridge's ports at once) */
static void port_add(struct sbridge *b, int ifindex, const char *name, const uint8_t *addr,
		     bool carrier, bool in_set)
{
	struct stpd_opts o;
	struct sport *p;
	unsigned int i;

	for (i = 0; i < b->cap && b->ports[i].used; i++)
		;
	if (i == b->cap && grow(b)) {
		stpd_log(LOG_ERR, "%s: no room for port %s", b->name, name);
		return;
	}
	p = &b->ports[i];
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->ifindex = ifindex;
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (addr)
		memcpy(p->addr, addr, 6);
	p->carrier = carrier;
	p->kstate = -1;
	if (b->nft && !in_set)
		stpd_nft_port(b->d, p->name, true);
	{
		struct stp_port_info pi;

		if (!stp_port_info(b->stp, i, &pi)) {
			p->base_rx = pi.rx_count;
			p->base_tx = pi.tx_count;
			memcpy(p->base_drops, pi.drops, sizeof(p->base_drops));
		}
	}
	stp_port_reinit(b->stp, i);
	port_opts(b, p, &o);
	apply_port(b, i, &o);
	/* discarding first: the kernel made it forwarding when it came up */
	if (carrier)
		write_port_state(b, p, k_discarding(b), true);
	port_enable(b, i);
	stpd_log(LOG_INFO, "%s: port %s joined", b->name, name);
}

static void port_del(struct sbridge *b, unsigned int i)
{
	stp_port_enable(b->stp, i, false);
	if (b->nft)
		stpd_nft_port(b->d, b->ports[i].name, false);
	stpd_log(LOG_INFO, "%s: port %s left", b->name, b->ports[i].name);
	memset(&b->ports[i], 0, sizeof(b->ports[i]));
}

static void port_carrier(struct sbridge *b, unsigned int i, bool up)
{
	struct sport *p = &b->ports[i];

	stpd_dbg("%s carrier %s %s", b->name, p->name, up ? "up" : "down");
	if (p->carrier == up) {
		if (up && p->kstate < 0)
			sync_port(b, i);
		return;
	}
	p->carrier = up;
	if (up) {
		p->kstate = -1;
		port_enable(b, i);
	} else {
		stp_port_enable(b->stp, i, false);
		p->kstate = -1;
	}
}

static void save_state(struct stpd *d)
{
	stpd_state_save(d);
}

static bool in_state_file(struct stpd *d, const char *name)
{
	return stpd_state_has(d, name);
}

/* Does this kernel have IFLA_BR_STP_MODE? It reports it for every bridge. */
struct has_attr {
	bool found;
};

static int stp_mode_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 }, *li[IFLA_INFO_MAX + 1] = { 0 };
	const struct nlattr *a;
	struct brkit_link l;
	struct has_attr *h = data;

	if (brkit_nl_parse_link(nlh, &l, tb) < 0 || !tb[IFLA_LINKINFO])
		return MNL_CB_OK;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!li[IFLA_INFO_DATA])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(a, li[IFLA_INFO_DATA]) if (mnl_attr_get_type(a) ==
							    STPD_IFLA_BR_STP_MODE) h->found = true;
	return MNL_CB_OK;
}

static bool kernel_has_stp_mode(struct stpd *d, int ifindex)
{
	struct has_attr h = { false };

	brkit_nl_getlink(d->h, NULL, ifindex, stp_mode_cb, &h);
	return h.found;
}

static int set_stp_state(struct stpd *d, const char *br, uint32_t on)
{
	struct brkit_bridge_opts o = { .mask = BRKIT_BR_STP_STATE, .stp_state = on };

	return brkit_bridge_set(d->h, br, &o);
}

static int send_mode(struct stpd *d, int ifindex, uint32_t mode, uint32_t state)
{
	struct nlmsghdr *nlh;
	size_t n;
	int err;

	if ((err = brkit_nl_idle(d->h)) < 0)
		return err;
	nlh = brkit_nl_msg(d->h, RTM_NEWLINK, 0);
	n = stpd_mode_request(nlh, BRKIT_REQLEN, 0, ifindex, mode, state);
	if (!n)
		return -ENOSPC;
	return brkit_nl_talk(d->h, nlh, NULL, NULL);
}

/* Mode c: with STP off, the kernel arms a port's forward delay timer each
 * time it makes the port forwarding (br_make_forwarding: carrier up, or a
 * blocking write), and when that timer expires it moves a listening port to
 * learning, and 15 s later to forwarding: a port the daemon holds
 * discarding would forward on its own (a loop), while the daemon runs and
 * after it stops. With the bridge's forward delay 0 the kernel arms no timer
 * (it accepts 0 while STP is off); a blocking write on a forwarding port
 * (turned back to forwarding at once) deletes a timer already pending. The
 * old value comes back with `stp BR off`. */
static void disarm_kernel_timers(struct stpd *d, struct sbridge *b,
				 const struct brkit_bridge_info *bi)
{
	struct brkit_bridge_opts o = { .mask = BRKIT_BR_FORWARD_DELAY, .forward_delay = 0 };
	size_t i;

	if (bi->forward_delay)
		b->saved_fd = bi->forward_delay;
	if (brkit_bridge_set(d->h, b->name, &o) < 0) {
		stpd_log(LOG_WARNING, "%s: forward delay 0: %s", b->name, brkit_errmsg(d->h));
		return;
	}
	for (i = 0; i < bi->nports; i++)
		if (bi->ports[i].state == K_FORWARDING ||
		    (bi->ports[i].state != K_DISABLED && bi->ports[i].forward_delay_timer))
			set_kstate(d, bi->ports[i].ifindex, K_BLOCKING);
}

/* Fix the bridge's address (its STP id) while the daemon runs it. A bridge
 * whose address the user never set takes the lowest of its ports' MACs, and
 * the kernel recomputes it whenever a port joins or leaves: the bridge id
 * would change under the tree, and a neighbour (Open vSwitch, mstpd, kernel
 * STP) holds the old id's information as another designated bridge's until
 * it ages out (3 x Hello Time). Writing IFLA_ADDRESS with the current value
 * marks it set by the user (addr_assign_type NET_ADDR_SET), and the kernel
 * stops recomputing it. The pin outlives `stp BR off` (no netlink request
 * turns the kernel's recomputation back on); the address itself does not
 * change. */
static void pin_address(struct stpd *d, struct sbridge *b)
{
	struct brkit_bridge_opts o = { .mask = BRKIT_BR_ADDRESS };
	static const uint8_t zero[6];

	if (!memcmp(b->addr, zero, 6) || (b->addr[0] & 1))
		return;
	memcpy(o.address, b->addr, 6);
	if (brkit_bridge_set(d->h, b->name, &o) < 0)
		stpd_log(LOG_WARNING, "%s: fixing the address (bridge id): %s", b->name,
			 brkit_errmsg(d->h));
	else
		stpd_dbg("%s address %02x:%02x:%02x:%02x:%02x:%02x fixed", b->name, b->addr[0],
			 b->addr[1], b->addr[2], b->addr[3], b->addr[4], b->addr[5]);
}

/* Taking bridges, in three steps over every bridge taken at once (the
 * daemon's start, a reload, a rescan; `on BR` and a bridge appearing are a
 * batch of one), so that no bridge relays BPDUs while another already
 * speaks: with STP off (mode c) a bridge not taken yet relays its
 * neighbours' BPDUs, and three bridges in a triangle taken one by one (one
 * nftables run each, about 20 ms apart) heard their own and each other's
 * relayed information and kept a wrong tree until it aged out (4-6 s).
 *   take_prepare(): each bridge's mode, every port discarding, the kernel's
 *                   forward delay timers disarmed;
 *   take_nft():     ONE nftables transaction for the ports of every mode c
 *                   bridge of the batch (the table too when it is not there);
 *   take_finish():  STP off where needed, the engine and its ports: the first
 *                   BPDU goes out here, once every bridge of the batch is
 *                   silent. */
static struct sbridge *take_prepare(struct stpd *d, const struct brkit_bridge_info *bi, char *err,
				    size_t len)
{
	struct sbridge *b = calloc(1, sizeof(*b));
	struct brkit_link l;
	unsigned int cap = 8;
	size_t i;

	if (!b) {
		snprintf(err, len, "%s: out of memory", bi->ifname);
		return NULL;
	}
	b->d = d;
	b->ifindex = bi->ifindex;
	snprintf(b->name, sizeof(b->name), "%s", bi->ifname);
	/* the device's address (the kernel's bridge id reads zero without ports) */
	if (!brkit_link_get_index(d->h, bi->ifindex, &l) && l.has_addr)
		memcpy(b->addr, l.addr, 6);
	else
		memcpy(b->addr, bi->bridge_id.addr, 6);
	pin_address(d, b);
	/* room for 4 more ports: a port beyond it makes a new engine (all
	 * ports start again); no rounding to a power of 2, each slot is about
	 * 600 bytes of engine and daemon state */
	if (cap < bi->nports + 4)
		cap = (unsigned int)bi->nports + 4;
	b->cap = cap;
	b->ports = calloc(cap, sizeof(*b->ports));
	if (!b->ports) {
		free(b);
		snprintf(err, len, "%s: out of memory", bi->ifname);
		return NULL;
	}
	/* the mode */
	if (bi->stp_state == 2) {
		b->mode = d->initial_ns ? STPD_MODE_HELPER : STPD_MODE_STP_MODE;
	} else if (kernel_has_stp_mode(d, bi->ifindex)) {
		b->mode = STPD_MODE_STP_MODE;
	} else if (d->initial_ns && bi->stp_state == 0 && !set_stp_state(d, bi->ifname, 1)) {
		struct brkit_bridge_list bl;

		/* /sbin/bridge-stp answered (or not) inside that request */
		b->mode = STPD_MODE_NFT;
		if (!brkit_bridge_list(d->h, bi->ifname, &bl)) {
			if (bl.n == 1 && bl.bridges[0].stp_state == 2)
				b->mode = STPD_MODE_HELPER;
			brkit_bridge_list_free(&bl);
		}
	} else {
		b->mode = STPD_MODE_NFT;
	}
	if (b->mode == STPD_MODE_NFT && bi->stp_state == 0)
		disarm_kernel_timers(d, b, bi);
	/* ports discarding before anything else changes */
	for (i = 0; i < bi->nports; i++)
		if (bi->ports[i].state != K_DISABLED)
			set_kstate(d, bi->ports[i].ifindex, k_discarding(b));
	if (b->mode == STPD_MODE_STP_MODE && bi->stp_state != 2) {
		int e = send_mode(d, bi->ifindex, STPD_BR_STP_MODE_USER, 0);

		if (!e)
			e = send_mode(d, bi->ifindex, STPD_BR_STP_MODE_USER, 1);
		if (e) {
			stpd_log(LOG_WARNING, "%s: IFLA_BR_STP_MODE user: %s; using nftables",
				 bi->ifname, strerror(-e));
			b->mode = STPD_MODE_NFT;
		}
	}
	return b;
}

static void take_abandon(struct sbridge *b)
{
	free(b->ports);
	free(b);
}

/* The ports of every mode c bridge of @bs (@n, NULL entries skipped) into
 * the nftables set, with the table, in one transaction. Returns 0 or -errno. */
static int take_nft(struct stpd *d, struct sbridge *const *bs,
		    const struct brkit_bridge_info *const *bis, size_t n)
{
	const char **names;
	size_t total = 0, k, i, m = 0;
	int ret;

	for (k = 0; k < n; k++)
		if (bs[k] && bs[k]->mode == STPD_MODE_NFT)
			total += bis[k]->nports;
	names = calloc(total + 1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (k = 0; k < n; k++)
		if (bs[k] && bs[k]->mode == STPD_MODE_NFT)
			for (i = 0; i < bis[k]->nports; i++)
				names[m++] = bis[k]->ports[i].ifname;
	ret = stpd_nft_ports(d, names, m, true);
	free(names);
	return ret;
}

/* The last step: the bridge joins the daemon's list and its engine starts
 * (BPDUs go out). Returns false (bridge freed, @err set) when out of memory. */
static bool take_finish(struct stpd *d, struct sbridge *b, const struct brkit_bridge_info *bi,
			char *err, size_t len)
{
	struct sbridge **nb = realloc(d->br, (d->nbr + 1) * sizeof(*d->br));
	struct brkit_link l;
	size_t i;

	if (nb)
		d->br = nb;
	if (b->mode == STPD_MODE_NFT) {
		b->nft = true;
		if (bi->stp_state != 0 && !set_stp_state(d, b->name, 0))
			disarm_kernel_timers(d, b, bi);
		/* listening now that STP is off (blocking would not hold) */
		for (i = 0; i < bi->nports; i++)
			if (bi->ports[i].state != K_DISABLED)
				set_kstate(d, bi->ports[i].ifindex, K_LISTENING);
	}
	if (!nb || new_engine(b, b->cap)) {
		snprintf(err, len, "%s: out of memory", b->name);
		for (i = 0; b->mode == STPD_MODE_NFT && i < bi->nports; i++)
			stpd_nft_port(d, bi->ports[i].ifname, false);
		take_abandon(b);
		return false;
	}
	d->br[d->nbr++] = b;
	stpd_log(LOG_INFO, "%s: running RSTP (mode %s)", b->name, stpd_mode_name(b->mode));
	for (i = 0; i < bi->nports; i++) {
		const struct brkit_port_info *pi = &bi->ports[i];
		bool up = (pi->ifflags & IFF_UP) && (pi->ifflags & IFF_LOWER_UP);

		if (brkit_link_get_index(d->h, pi->ifindex, &l))
			memset(&l, 0, sizeof(l));
		port_add(b, pi->ifindex, pi->ifname, l.has_addr ? l.addr : NULL, up, true);
	}
	return true;
}

/* Take the @n bridges @bis together (see above). Each failure is logged, or
 * written to @err when @err is given (a batch of one: `on BR`). Returns how
 * many were taken. */
static size_t take_all(struct stpd *d, const struct brkit_bridge_info *const *bis, size_t n,
		       char *err, size_t len)
{
	struct sbridge **bs = calloc(n + 1, sizeof(*bs));
	char buf[256], *e = err ? err : buf;
	size_t elen = err ? len : sizeof(buf), k, done = 0;
	bool nft = false;

	if (!bs) {
		snprintf(e, elen, "out of memory");
		if (!err)
			stpd_log(LOG_ERR, "%s", e);
		return 0;
	}
	for (k = 0; k < n; k++) {
		bs[k] = take_prepare(d, bis[k], e, elen);
		if (!bs[k] && !err)
			stpd_log(LOG_ERR, "%s", e);
		nft |= bs[k] && bs[k]->mode == STPD_MODE_NFT;
	}
	if (nft && take_nft(d, bs, bis, n)) {
		for (k = 0; k < n; k++) {
			if (!bs[k] || bs[k]->mode != STPD_MODE_NFT)
				continue;
			snprintf(e, elen,
				 "%s: adding the nftables rule that stops BPDU relay failed",
				 bs[k]->name);
			if (!err)
				stpd_log(LOG_ERR, "%s", e);
			take_abandon(bs[k]);
			bs[k] = NULL;
		}
	}
	for (k = 0; k < n; k++) {
		if (!bs[k])
			continue;
		if (take_finish(d, bs[k], bis[k], e, elen))
			done++;
		else if (!err)
			stpd_log(LOG_ERR, "%s", e);
	}
	free(bs);
	if (done)
		save_state(d);
	return done;
}

/* Take one bridge (`on BR`, a bridge appearing): a batch of one. */
static bool take(struct stpd *d, const struct brkit_bridge_info *bi, char *err, size_t len)
{
	return take_all(d, &bi, 1, err, len) == 1;
}

/* The bridge's ports into or out of the nftables set, in one transaction. */
static void nft_ports(struct sbridge *b, bool add)
{
	const char **names;
	unsigned int i;
	size_t n = 0;

	if (!b->nft)
		return;
	names = calloc(b->cap + 1, sizeof(*names));
	for (i = 0; i < b->cap; i++)
		if (b->ports[i].used) {
			if (names)
				names[n++] = b->ports[i].name;
			else
				stpd_nft_port(b->d, b->ports[i].name, add);
		}
	if (names)
		stpd_nft_ports(b->d, names, n, add);
	free(names);
}

static void bridge_free(struct sbridge *b)
{
	stp_bridge_free(b->stp);
	free(b->ports);
	free(b);
}

static void unlink_bridge(struct stpd *d, struct sbridge *b)
{
	size_t i;

	for (i = 0; i < d->nbr; i++)
		if (d->br[i] == b) {
			d->br[i] = d->br[--d->nbr];
			break;
		}
}

/* Let the bridge go. @shutdown: the daemon stops; each port is left
 * discarding, or forwarding where it is an edge port that forwards now.
 * Otherwise (`stp BR off`): STP off, every port forwarding, as brctl. */
static void release(struct stpd *d, struct sbridge *b, bool shutdown)
{
	unsigned int i;

	for (i = 0; i < b->cap; i++) {
		struct sport *p = &b->ports[i];
		struct stp_port_info pi;
		int st = k_discarding(b);

		if (!p->used || !p->carrier)
			continue;
		if (!shutdown)
			st = K_FORWARDING;
		else if (!stp_port_info(b->stp, i, &pi) && pi.oper_edge &&
			 pi.state == STP_STATE_FORWARDING)
			st = K_FORWARDING;
		write_port_state(b, p, st, true);
	}
	nft_ports(b, false);
	if (!shutdown) {
		if (b->mode == STPD_MODE_NFT) {
			struct brkit_bridge_opts o = { .mask = BRKIT_BR_FORWARD_DELAY,
						       .forward_delay =
							       b->saved_fd ? b->saved_fd : 1500 };

			brkit_bridge_set(d->h, b->name, &o);
		}
		if (b->mode == STPD_MODE_STP_MODE)
			send_mode(d, b->ifindex, STPD_BR_STP_MODE_AUTO, 0);
		else if (b->mode == STPD_MODE_HELPER)
			set_stp_state(d, b->name, 0);
		for (i = 0; i < b->cap; i++)
			if (b->ports[i].used && b->ports[i].carrier)
				write_port_state(b, &b->ports[i], K_FORWARDING, true);
	}
	stpd_log(LOG_INFO, "%s: released (%s)", b->name, shutdown ? "shutdown" : "stp off");
	unlink_bridge(d, b);
	bridge_free(b);
}

static bool wanted(struct stpd *d, const struct brkit_bridge_info *bi)
{
	struct stpd_opts o = { 0 };

	if (bi->stp_state == 2 && d->initial_ns)
		return true;
	stpd_conf_match(&d->conf, bi->ifname, NULL, &o);
	if (o.mask & (1u << STPD_B_STP))
		return o.val[STPD_B_STP];
	return in_state_file(d, bi->ifname);
}

/* Bring the bridges and their ports in line with the kernel. */
static void sync_bridge(struct stpd *d, struct sbridge *b, const struct brkit_bridge_info *bi)
{
	unsigned int i;
	size_t k;

	{
		struct brkit_link bl;

		if (!brkit_link_get_index(d->h, b->ifindex, &bl) && bl.has_addr &&
		    memcmp(b->addr, bl.addr, 6)) {
			memcpy(b->addr, bl.addr, 6);
			stp_set_address(b->stp, mac64(b->addr));
		}
	}
	for (i = 0; i < b->cap; i++) {
		bool found = false;

		if (!b->ports[i].used)
			continue;
		for (k = 0; k < bi->nports && !found; k++)
			found = bi->ports[k].ifindex == b->ports[i].ifindex;
		if (!found)
			port_del(b, i);
	}
	for (k = 0; k < bi->nports; k++) {
		const struct brkit_port_info *pi = &bi->ports[k];
		bool up = (pi->ifflags & IFF_UP) && (pi->ifflags & IFF_LOWER_UP);
		int j = find_port(b, pi->ifindex, NULL);
		struct brkit_link l;

		if (j < 0) {
			if (brkit_link_get_index(d->h, pi->ifindex, &l))
				memset(&l, 0, sizeof(l));
			port_add(b, pi->ifindex, pi->ifname, l.has_addr ? l.addr : NULL, up, false);
		} else {
			snprintf(b->ports[j].name, IFNAMSIZ, "%s", pi->ifname);
			port_carrier(b, (unsigned int)j, up);
			if (up && pi->state != b->ports[j].kstate)
				sync_port(b, (unsigned int)j);
		}
	}
}

void stpd_rescan(struct stpd *d)
{
	const struct brkit_bridge_info **want;
	struct brkit_bridge_list bl;
	size_t i, k, nwant = 0;
	char err[256];

	if (brkit_bridge_list(d->h, NULL, &bl) < 0) {
		stpd_log(LOG_ERR, "listing bridges: %s", brkit_errmsg(d->h));
		return;
	}
	want = calloc(bl.n + 1, sizeof(*want));
	for (k = 0; k < d->nbr;) {
		bool found = false;

		for (i = 0; i < bl.n && !found; i++)
			found = bl.bridges[i].ifindex == d->br[k]->ifindex;
		if (!found) {
			struct sbridge *b = d->br[k];

			stpd_log(LOG_INFO, "%s: gone", b->name);
			nft_ports(b, false);
			unlink_bridge(d, b);
			bridge_free(b);
			continue;
		}
		k++;
	}
	for (i = 0; i < bl.n; i++) {
		struct sbridge *b = find_bridge(d, bl.bridges[i].ifindex, NULL);

		if (b)
			sync_bridge(d, b, &bl.bridges[i]);
		else if (wanted(d, &bl.bridges[i]) && want)
			want[nwant++] = &bl.bridges[i];
		else if (wanted(d, &bl.bridges[i]) && !take(d, &bl.bridges[i], err, sizeof(err)))
			stpd_log(LOG_ERR, "%s", err);
	}
	/* every new bridge at once: none relays while another speaks */
	if (nwant)
		take_all(d, want, nwant, NULL, 0);
	free(want);
	brkit_bridge_list_free(&bl);
	/* The dump (every bridge with its ports) is freed: give its pages back,
	 * or the heap keeps them (about 1 MB with 64 bridges of 16 ports). */
	malloc_trim(0);
	save_state(d);
}

/* ---- the kernel's view, kept in line ---- */

/* The stp_state the kernel reports in each mode. */
static uint32_t want_stp_state(const struct sbridge *b)
{
	return b->mode == STPD_MODE_NFT ? 0 : 2;
}

/* The bridge's own STP attributes, from one RTM_GETLINK of it (cheap: the
 * full list, with every port, is read only when something must be put back). */
struct kattrs {
	bool ok;
	uint32_t stp_state, forward_delay, hello_time, max_age;
	uint16_t priority;
};

static int kattrs_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 }, *li[IFLA_INFO_MAX + 1] = { 0 };
	const struct nlattr *br[IFLA_BR_MAX + 1] = { 0 };
	struct kattrs *k = data;
	struct brkit_link l;

	if (brkit_nl_parse_link(nlh, &l, tb) < 0 || !tb[IFLA_LINKINFO])
		return MNL_CB_OK;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!li[IFLA_INFO_DATA])
		return MNL_CB_OK;
	brkit_nl_parse_nested(li[IFLA_INFO_DATA], br, IFLA_BR_MAX);
	if (!br[IFLA_BR_STP_STATE] || !br[IFLA_BR_FORWARD_DELAY] || !br[IFLA_BR_PRIORITY] ||
	    !br[IFLA_BR_HELLO_TIME] || !br[IFLA_BR_MAX_AGE])
		return MNL_CB_OK;
	k->stp_state = brkit_nl_u32(br[IFLA_BR_STP_STATE]);
	k->forward_delay = brkit_nl_u32(br[IFLA_BR_FORWARD_DELAY]);
	k->hello_time = brkit_nl_u32(br[IFLA_BR_HELLO_TIME]);
	k->max_age = brkit_nl_u32(br[IFLA_BR_MAX_AGE]);
	k->priority = brkit_nl_u16(br[IFLA_BR_PRIORITY]);
	k->ok = true;
	return MNL_CB_OK;
}

/* Something other than the daemon (iproute2, sysfs, an old brctl) changed
 * bridge @b's STP attributes in the kernel: put back what the daemon needs
 * (STP state, in mode c Forward Delay 0 and no kernel timer armed) and what it
 * mirrors (priority, Hello Time, Max Age), with a log line naming each, then
 * rewrite every port's state. Called on each RTM_NEWLINK of the bridge; a
 * write of the daemon's own comes back equal and does nothing. */
static void check_kernel(struct stpd *d, struct sbridge *b)
{
	struct brkit_bridge_list bl = { 0 };
	const struct brkit_bridge_info *bi;
	struct kmirror k;
	struct brkit_bridge_opts fix = { 0 };
	struct kattrs ka = { 0 };
	bool resync = false;
	unsigned int i;

	/* the usual case, every write of the daemon's own coming back: in line */
	kernel_wants(b, &b->eff, &k);
	if (!brkit_nl_getlink(d->h, NULL, b->ifindex, kattrs_cb, &ka) && ka.ok &&
	    ka.stp_state == want_stp_state(b) && ka.priority == k.o.priority &&
	    ka.hello_time == k.o.hello_time && ka.max_age == k.o.max_age &&
	    ka.forward_delay == k.o.forward_delay)
		return;
	if (brkit_bridge_list(d->h, b->name, &bl) < 0)
		return;
	if (bl.n != 1) {
		brkit_bridge_list_free(&bl);
		return;
	}
	bi = &bl.bridges[0];
	if (bi->stp_state != want_stp_state(b)) {
		stpd_log(LOG_WARNING,
			 "%s: stp_state changed to %u behind brkit-stpd's back; restoring %u "
			 "(mode %s; `brkit stp %s off` hands the bridge back)",
			 b->name, bi->stp_state, want_stp_state(b), stpd_mode_name(b->mode),
			 b->name);
		if (b->mode == STPD_MODE_NFT)
			set_stp_state(d, b->name, 0);
		else if (b->mode == STPD_MODE_STP_MODE)
			send_mode(d, b->ifindex, STPD_BR_STP_MODE_USER, 1);
		else
			set_stp_state(d, b->name, 1); /* /sbin/bridge-stp makes it 2 */
		resync = true;
	}
	if (b->mode == STPD_MODE_NFT && (bi->forward_delay || resync)) {
		/* kernel STP, even for a moment, arms the ports' timers and
		 * (Linux clamps it on) a forward delay of at least 2 s */
		if (bi->forward_delay)
			stpd_log(LOG_WARNING,
				 "%s: forward_delay changed to %u cs behind brkit-stpd's back; "
				 "restoring 0 (mode c: the kernel's own timers would move "
				 "discarding ports on); `brkit stp %s off` gives the kernel %u cs",
				 b->name, bi->forward_delay, b->name, bi->forward_delay);
		/* re-read: the stp_state write above may have changed the ports */
		if (resync) {
			brkit_bridge_list_free(&bl);
			if (brkit_bridge_list(d->h, b->name, &bl) < 0 || bl.n != 1)
				return;
			bi = &bl.bridges[0];
		}
		disarm_kernel_timers(d, b, bi);
		resync = true;
	} else if (b->mode != STPD_MODE_NFT && bi->forward_delay != k.o.forward_delay) {
		fix.mask |= BRKIT_BR_FORWARD_DELAY;
		fix.forward_delay = k.o.forward_delay;
		stpd_log(LOG_WARNING,
			 "%s: forward_delay changed to %u cs; restoring brkit-stpd's %u", b->name,
			 bi->forward_delay, k.o.forward_delay);
	}
	if (bi->priority != k.o.priority) {
		fix.mask |= BRKIT_BR_PRIORITY;
		fix.priority = k.o.priority;
		stpd_log(LOG_WARNING, "%s: priority changed to %u; restoring brkit-stpd's %u",
			 b->name, bi->priority, k.o.priority);
	}
	if (bi->hello_time != k.o.hello_time) {
		fix.mask |= BRKIT_BR_HELLO_TIME;
		fix.hello_time = k.o.hello_time;
		stpd_log(LOG_WARNING, "%s: hello_time changed to %u cs; restoring brkit-stpd's %u",
			 b->name, bi->hello_time, k.o.hello_time);
	}
	if (bi->max_age != k.o.max_age) {
		fix.mask |= BRKIT_BR_MAX_AGE;
		fix.max_age = k.o.max_age;
		stpd_log(LOG_WARNING, "%s: max_age changed to %u cs; restoring brkit-stpd's %u",
			 b->name, bi->max_age, k.o.max_age);
	}
	brkit_bridge_list_free(&bl);
	if (fix.mask && brkit_bridge_set(d->h, b->name, &fix) < 0)
		stpd_log(LOG_ERR, "%s: restoring its STP attributes: %s", b->name,
			 brkit_errmsg(d->h));
	if (resync)
		for (i = 0; i < b->cap; i++)
			if (b->ports[i].used)
				sync_port(b, i);
}

/* The kernel's forwarding class of a port state: forwarding, learning, or
 * neither (listening, blocking: both discard; in mode c the kernel may turn
 * one into the other by itself, which changes nothing). */
static int k_class(int state)
{
	return state == K_FORWARDING ? 2 : state == K_LEARNING ? 1 : 0;
}

/* A port state the kernel reports (AF_BRIDGE RTM_NEWLINK): when it forwards
 * or learns other than the daemon wrote (a kernel timer, `bridge link set
 * state`, kernel STP turned on behind the daemon's back), write the daemon's
 * state back. A disabled port (no carrier) is the kernel's to report. */
static void check_port_state(struct stpd *d, int ifindex, int state)
{
	struct brkit_port_info pi;
	unsigned int j;
	struct sbridge *b = port_owner(d, ifindex, &j);
	struct sport *p;

	if (!b)
		return;
	p = &b->ports[j];
	if (state == K_DISABLED || !p->carrier || p->kstate < 0 ||
	    k_class(state) == k_class(p->kstate))
		return;
	/* the echo of an earlier write (ours, or the kernel's answer to
	 * one) arrives after a later one: what counts is the state now */
	if (brkit_port_get(d->h, p->name, &pi) < 0 || pi.state == K_DISABLED ||
	    k_class(pi.state) == k_class(p->kstate))
		return;
	stpd_log(LOG_WARNING, "%s: port %s moved to %s behind brkit-stpd's back; restoring %s",
		 b->name, p->name, brkit_port_state_name(pi.state),
		 brkit_port_state_name((unsigned int)p->kstate));
	sync_port(b, j);
}

/* ---- events ---- */

static int ev_link(const struct brkit_ev_link *e, void *arg)
{
	struct stpd *d = arg;
	const struct brkit_link *l = &e->link;
	struct sbridge *b;
	bool up = (l->flags & IFF_UP) && (l->flags & IFF_LOWER_UP);
	size_t i;
	int j;

	if (e->port) {
		/* the AF_UNSPEC message says all we need, but for a port's state */
		if (!e->deleted && e->has_state)
			check_port_state(d, l->ifindex, e->state);
		return 0;
	}
	b = find_bridge(d, l->ifindex, NULL);
	if (b) {
		if (e->deleted) {
			stpd_log(LOG_INFO, "%s: deleted", b->name);
			nft_ports(b, false);
			unlink_bridge(d, b);
			bridge_free(b);
			save_state(d);
			return 0;
		}
		if (l->has_addr && memcmp(l->addr, b->addr, 6)) {
			memcpy(b->addr, l->addr, 6);
			stp_set_address(b->stp, mac64(b->addr));
		}
		check_kernel(d, b);
		return 0;
	}
	/* a port of one of ours? (or one that left) */
	for (i = 0; i < d->nbr; i++) {
		b = d->br[i];
		j = find_port(b, l->ifindex, NULL);
		if (j >= 0 && (e->deleted || l->master != b->ifindex)) {
			port_del(b, (unsigned int)j);
			continue;
		}
		if (j >= 0) {
			if (l->has_addr)
				memcpy(b->ports[j].addr, l->addr, 6);
			snprintf(b->ports[j].name, IFNAMSIZ, "%s", l->ifname);
			port_carrier(b, (unsigned int)j, up);
		} else if (!e->deleted && l->master == b->ifindex) {
			port_add(b, l->ifindex, l->ifname, l->has_addr ? l->addr : NULL, up, false);
		}
	}
	/* a bridge we do not run yet: maybe we should */
	if (!e->deleted && !strcmp(l->kind, "bridge")) {
		struct brkit_bridge_list bl;
		char err[256];

		if (!brkit_bridge_list(d->h, l->ifname, &bl)) {
			if (bl.n == 1 && wanted(d, &bl.bridges[0]) &&
			    !take(d, &bl.bridges[0], err, sizeof(err)))
				stpd_log(LOG_ERR, "%s", err);
			brkit_bridge_list_free(&bl);
		}
	}
	return 0;
}

static int ev_resync(enum brkit_ev_resync phase, unsigned int groups, void *arg)
{
	(void)groups;
	if (phase == BRKIT_EV_RESYNC_END)
		stpd_rescan(arg);
	return 0;
}

static const struct brkit_events_ops ev_ops = {
	.link = ev_link,
	.resync = ev_resync,
};

int stpd_events(struct stpd *d)
{
	int err = brkit_events_read(d->ev, &ev_ops, d);

	if (err < 0 && err != -EAGAIN && err != -EINTR)
		stpd_log(LOG_ERR, "events: %s", strerror(-err));
	return 0;
}

/* ---- BPDUs ---- */

void stpd_receive(struct stpd *d, int ifindex, int pkttype, const uint8_t *frame, size_t len)
{
	struct stp_bpdu bpdu;
	int r;
	unsigned int j;
	struct sbridge *b = port_owner(d, ifindex, &j);
	struct sport *p;

	if (!b)
		return;
	p = &b->ports[j];
	r = stpd_frame_parse(pkttype, frame, len, &bpdu);
	if (r < 0) /* not a frame received for a group: never counted */
		return;
	if (r != STP_DROP_NONE) {
		p->drops[r]++;
		return;
	}
	p->rx[bpdu.type == STP_BPDU_CONFIG ? 0 : bpdu.type == STP_BPDU_TCN ? 1 : 2]++;
	dbg_bpdu(b, "rx", p, &bpdu);
	stp_receive(b->stp, j, &bpdu);
	check_guards(b);
}

void stpd_tick(struct stpd *d)
{
	size_t i;

	d->ticks++;
	for (i = 0; i < d->nbr; i++) {
		struct sbridge *b = d->br[i];
		unsigned int k;

		stp_tick(b->stp);
		check_guards(b);
		/* a state the kernel refused for want of a carrier (ENETDOWN) */
		for (k = 0; k < b->cap; k++)
			if (b->ports[k].used && b->ports[k].carrier && b->ports[k].kstate < 0)
				sync_port(b, k);
	}
}

/* ---- configuration ---- */

static void reapply(struct stpd *d)
{
	size_t i;
	unsigned int k;
	char err[256];

	for (i = 0; i < d->nbr; i++) {
		struct sbridge *b = d->br[i];
		struct stpd_opts o;

		bridge_opts(b, &o);
		if (apply_bridge(b, &o, err, sizeof(err)))
			stpd_log(LOG_ERR,
				 "bridge %s: settings not applied, it keeps its old ones: %s",
				 b->name, err);
		else
			b->eff = o;
		for (k = 0; k < b->cap; k++) {
			if (!b->ports[k].used)
				continue;
			port_opts(b, &b->ports[k], &o);
			apply_port(b, k, &o);
		}
		check_guards(b);
	}
}

int stpd_reload(struct stpd *d, char *err, size_t len)
{
	struct stpd_conf c;
	char *text = NULL;
	size_t n = 0;
	FILE *f;
	int ret;

	if (!d->conf_path)
		return 0;
	f = fopen(d->conf_path, "r");
	if (!f) {
		/* only the default file may be missing: an explicit -c names a
		 * file the operator means, so it not being there is an error */
		if (errno == ENOENT && !strcmp(d->conf_path, STPD_CONF_DEFAULT)) {
			stpd_conf_free(&d->conf);
			reapply(d);
			return 0;
		}
		ret = -errno;
		snprintf(err, len, "%s: %s", d->conf_path, strerror(errno));
		return ret;
	}
	errno = 0;
	if (getdelim(&text, &n, 0, f) < 0) {
		ret = ferror(f) ? -(errno ?: EIO) : 0; /* EISDIR for a directory */
		fclose(f);
		free(text);
		if (ret) {
			snprintf(err, len, "%s: %s", d->conf_path, strerror(-ret));
			return ret;
		}
		/* an empty file (or /dev/null) */
		stpd_conf_free(&d->conf);
		reapply(d);
		return 0;
	}
	fclose(f);
	ret = stpd_conf_parse(d->conf_path, text, &c, err, len);
	free(text);
	if (!ret && (ret = stpd_ctl_conf(d->conf_path, &c, err, len)))
		stpd_conf_free(&c);
	if (ret)
		return ret;
	stpd_conf_free(&d->conf);
	d->conf = c;
	reapply(d);
	if (d->ev) /* running: bridges the new file names may now be ours */
		stpd_rescan(d);
	return 0;
}

/* ---- control requests ---- */

static void id_str(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%04x.%012llx", (unsigned int)(id >> 48),
		 (unsigned long long)(id & 0xffffffffffffull));
}

static void show_bridge(struct sbridge *b, FILE *out)
{
	unsigned int hello, maxage, fdelay, rules = stp_rules(b->stp);
	char id[24], root[24], rnames[96];
	int rp = stp_root_port(b->stp);

	id_str(stp_bridge_id(b->stp), id);
	id_str(stp_root_id(b->stp), root);
	stp_bridge_times(b->stp, &hello, &maxage, &fdelay);
	fprintf(out,
		"bridge name=%s mode=%s id=%s root=%s root_cost=%u root_port=%s is_root=%d "
		"hello=%u maxage=%u fdelay=%u txholdcount=%u forcevers=%s",
		b->name, stpd_mode_name(b->mode), id, root, stp_root_path_cost(b->stp),
		rp >= 0 ? b->ports[rp].name : "none", stp_is_root(b->stp), hello, maxage, fdelay,
		stp_tx_hold_count(b->stp),
		stp_force_version(b->stp) == STP_FORCE_STP ? "stp" : "rstp");
	stpd_rules_format(rules, rnames, sizeof(rnames));
	fprintf(out, " strict=%d rules=%s", rules == 0, rnames);
	if (b->eff.mask & (1u << STPD_B_AGEING))
		fprintf(out, " ageing=%u", b->eff.val[STPD_B_AGEING]);
	fputc('\n', out);
}

static void show_port(struct sbridge *b, unsigned int i, FILE *out)
{
	struct sport *p = &b->ports[i];
	struct stp_port_info pi;
	const uint32_t *v = p->eff.val;
	uint32_t m = p->eff.mask;
	char root[24], br[24];
	unsigned int r;

	if (stp_port_info(b->stp, i, &pi))
		return;
	id_str(pi.designated_root, root);
	id_str(pi.designated_bridge, br);
	fprintf(out,
		"port bridge=%s name=%s port_id=%04x role=%s state=%s kernel_state=%s "
		"enabled=%d carrier=%d guard_disabled=%d edge=%d p2p=%d rstp=%d cost=%u "
		"priority=%u designated_root=%s designated_cost=%u designated_bridge=%s "
		"designated_port=%04x tc_while=%u",
		b->name, p->name, pi.port_id, stp_role_name(pi.role), stp_state_name(pi.state),
		p->kstate >= 0 ? brkit_port_state_name((unsigned int)p->kstate) : "disabled",
		pi.enabled, p->carrier, p->guard_latched || pi.guard_disabled, pi.oper_edge,
		pi.oper_p2p, pi.send_rstp, pi.path_cost, pi.port_id >> 8 & 0xf0, root,
		pi.designated_cost, br, pi.designated_port, pi.tc_while);
	fprintf(out,
		" admin_edge=%d auto_edge=%d admin_p2p=%s bpduguard=%d bpdufilter=%d rootguard=%d "
		"restrtcn=%d",
		m & (1u << STPD_P_EDGE) ? (int)v[STPD_P_EDGE] : 0,
		m & (1u << STPD_P_AUTOEDGE) ? (int)v[STPD_P_AUTOEDGE] : 1,
		!(m & (1u << STPD_P_P2P))      ? "auto"
		: v[STPD_P_P2P] == STP_P2P_ON  ? "on"
		: v[STPD_P_P2P] == STP_P2P_OFF ? "off"
					       : "auto",
		m & (1u << STPD_P_BPDUGUARD) ? (int)v[STPD_P_BPDUGUARD] : 0,
		m & (1u << STPD_P_BPDUFILTER) ? (int)v[STPD_P_BPDUFILTER] : 0,
		m & (1u << STPD_P_ROOTGUARD) ? (int)v[STPD_P_ROOTGUARD] : 0,
		m & (1u << STPD_P_RESTRTCN) ? (int)v[STPD_P_RESTRTCN] : 0);
	fprintf(out,
		" rx_config=%u rx_tcn=%u rx_rst=%u tx_config=%u tx_tcn=%u tx_rst=%u "
		"rx_taken=%u tx_total=%u flushes=%u",
		p->rx[0], p->rx[1], p->rx[2], p->tx[0], p->tx[1], p->tx[2],
		pi.rx_count - p->base_rx, pi.tx_count - p->base_tx, p->flushes);
	for (r = 1; r < STP_DROP_REASONS; r++) {
		char key[32];
		const char *n = stp_drop_reason_name(r);
		size_t k;

		snprintf(key, sizeof(key), "drop_%s", n);
		for (k = 0; key[k]; k++)
			if (key[k] == ' ')
				key[k] = '_';
		fprintf(out, " %s=%u", key, p->drops[r] + pi.drops[r] - p->base_drops[r]);
	}
	fputc('\n', out);
}

static void reply_err(FILE *out, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void reply_err(FILE *out, int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(out, "error %d ", err);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

static void req_show(struct stpd *d, int argc, char **argv, FILE *out)
{
	struct sbridge *b = NULL;
	size_t i;
	unsigned int k;
	int j = -1;

	if (argc >= 2 && !(b = find_bridge(d, 0, argv[1]))) {
		reply_err(out, ENOENT, "bridge %s: not run by brkit-stpd", argv[1]);
		return;
	}
	if (argc >= 3 && (j = find_port(b, 0, argv[2])) < 0) {
		reply_err(out, ENOENT, "%s: not a port of bridge %s", argv[2], argv[1]);
		return;
	}
	fputs("ok\n", out);
	fprintf(out, "daemon netns=%s pid=%d ticks=%lu\n", d->netns[0] ? d->netns : "-",
		(int)getpid(), d->ticks);
	for (i = 0; i < d->nbr; i++) {
		if (b && d->br[i] != b)
			continue;
		show_bridge(d->br[i], out);
		for (k = 0; k < d->br[i]->cap; k++)
			if (d->br[i]->ports[k].used && (j < 0 || (int)k == j))
				show_port(d->br[i], k, out);
	}
}

static void req_on(struct stpd *d, const char *name, FILE *out)
{
	struct brkit_bridge_list bl;
	char err[256];
	int ret;

	if (find_bridge(d, 0, name)) {
		fputs("ok\n", out);
		return;
	}
	ret = brkit_bridge_list(d->h, name, &bl);
	if (ret < 0) {
		reply_err(out, -ret, "%s", brkit_errmsg(d->h));
		return;
	}
	if (!take(d, &bl.bridges[0], err, sizeof(err)))
		reply_err(out, EIO, "%s", err);
	else
		fputs("ok\n", out);
	brkit_bridge_list_free(&bl);
}

static void req_set(struct stpd *d, int argc, char **argv, FILE *out)
{
	struct sbridge *b = find_bridge(d, 0, argv[1]);
	struct stpd_opts n = { 0 }, o, saved;
	char err[256];

	if (!b) {
		reply_err(out, ENOENT, "bridge %s: not run by brkit-stpd", argv[1]);
		return;
	}
	if (stpd_opts_parse(&n, argc - 2, argv + 2, err, sizeof(err))) {
		reply_err(out, EINVAL, "%s", err);
		return;
	}
	if (n.mask & (1u << STPD_B_STP)) {
		reply_err(out, EINVAL, "stp: use `brkit stp %s on|off`", b->name);
		return;
	}
	saved = b->cli;
	merge(&b->cli, &n);
	bridge_opts(b, &o);
	if (apply_bridge(b, &o, err, sizeof(err))) {
		b->cli = saved;
		reply_err(out, ERANGE, "%s", err);
		return;
	}
	b->eff = o;
	/* mode c keeps the kernel's Forward Delay at 0: what `stp BR off` gives
	 * back is the one set last */
	if (b->mode == STPD_MODE_NFT && (n.mask & (1u << STPD_B_FDELAY)))
		b->saved_fd = n.val[STPD_B_FDELAY] * 100;
	fputs("ok\n", out);
}

static void req_port(struct stpd *d, int argc, char **argv, FILE *out)
{
	struct sbridge *b;
	struct stpd_opts n = { .port = true }, o;
	char err[256];
	int j;

	if (argc < 4) {
		reply_err(out, EINVAL, "usage: port BR PORT SETTING [VALUE]...");
		return;
	}
	if (!(b = find_bridge(d, 0, argv[1]))) {
		reply_err(out, ENOENT, "bridge %s: not run by brkit-stpd", argv[1]);
		return;
	}
	if ((j = find_port(b, 0, argv[2])) < 0) {
		reply_err(out, ENOENT, "%s: not a port of bridge %s", argv[2], argv[1]);
		return;
	}
	if (stpd_opts_parse(&n, argc - 3, argv + 3, err, sizeof(err))) {
		reply_err(out, EINVAL, "%s", err);
		return;
	}
	if (n.mask & (1u << STPD_P_MCHECK))
		stp_port_mcheck(b->stp, (unsigned int)j);
	if (n.mask & (1u << STPD_P_ENABLE)) {
		b->ports[j].guard_latched = false;
		if (b->ports[j].carrier) {
			stp_port_enable(b->stp, (unsigned int)j, false);
			stp_port_enable(b->stp, (unsigned int)j, true);
			sync_port(b, (unsigned int)j);
		}
	}
	n.mask &= ~((1u << STPD_P_MCHECK) | (1u << STPD_P_ENABLE));
	merge(&b->ports[j].cli, &n);
	port_opts(b, &b->ports[j], &o);
	apply_port(b, (unsigned int)j, &o);
	check_guards(b);
	fputs("ok\n", out);
}

void stpd_request(struct stpd *d, char *line, bool may_change, FILE *out)
{
	char *argv[STPD_MAX_WORDS], err[512];
	int argc = stpd_split(line, argv, STPD_MAX_WORDS);
	struct sbridge *b;

	if (argc <= 0) {
		reply_err(out, EINVAL, "empty request");
		return;
	}
	if (stpd_req_is_change(argv[0]) && !may_change) {
		stpd_req_name(argc, argv, err, sizeof(err));
		/* stpd/ctl.c refuses these first, with the uid and the reason */
		reply_err(out, EPERM, "%s: refused: not root or the control group", err);
		return;
	}
	if (!strcmp(argv[0], "show") && argc <= 3) {
		req_show(d, argc, argv, out);
	} else if (!strcmp(argv[0], "on") && argc == 2) {
		req_on(d, argv[1], out);
	} else if (!strcmp(argv[0], "off") && argc == 2) {
		if (!(b = find_bridge(d, 0, argv[1]))) {
			reply_err(out, ENOENT, "bridge %s: not run by brkit-stpd", argv[1]);
			return;
		}
		release(d, b, false);
		save_state(d);
		fputs("ok\n", out);
	} else if (!strcmp(argv[0], "set") && argc >= 3) {
		req_set(d, argc, argv, out);
	} else if (!strcmp(argv[0], "port") && argc >= 2) {
		req_port(d, argc, argv, out);
	} else if (!strcmp(argv[0], "reload") && argc == 1) {
		if (stpd_reload(d, err, sizeof(err)))
			reply_err(out, EINVAL, "%s", err);
		else
			fputs("ok\n", out);
	} else {
		reply_err(out, EINVAL, "unknown request '%s'", argv[0]);
	}
}

/* ---- life ---- */

int stpd_init(struct stpd *d)
{
	int err;

	err = brkit_events_open(d->h, BRKIT_EV_LINK, &d->ev);
	if (err < 0)
		return err;
	stpd_state_mine(d); /* a stale file is ignored and removed */
	stpd_state_sweep(d);
	stpd_rescan(d);
	return 0;
}

void stpd_fini(struct stpd *d)
{
	while (d->nbr)
		release(d, d->br[0], true);
	free(d->br);
	d->br = NULL;
	stpd_nft_fini(d);
	stpd_duplex_close(d);
	if (d->ev)
		brkit_events_close(d->ev);
	stpd_conf_free(&d->conf);
}

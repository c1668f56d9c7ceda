// SPDX-License-Identifier: LGPL-2.1-or-later
/* Reading bridges and ports back: one RTM_GETLINK dump for all of them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include "nl/nl.h"
#include "bridge/bridge_int.h"

const char *brkit_port_state_name(unsigned int state)
{
	static const char *const names[] = { "disabled", "listening", "learning", "forwarding",
					     "blocking" };

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "unknown";
}

void brkit_bridge_id_str(const struct brkit_bridge_id *id, char buf[18])
{
	snprintf(buf, 18, "%.2x%.2x.%.2x%.2x%.2x%.2x%.2x%.2x", id->prio[0], id->prio[1],
		 id->addr[0], id->addr[1], id->addr[2], id->addr[3], id->addr[4], id->addr[5]);
}

/* Every read checks the attribute's length first: a malformed one is absent. */
static void get_id(const struct nlattr *a, struct brkit_bridge_id *id)
{
	if (a && mnl_attr_get_payload_len(a) == sizeof(*id))
		memcpy(id, mnl_attr_get_payload(a), sizeof(*id));
}

/* The kernel keeps a port's designated cost in 32 bits but sends it as a u16
 * (br_port_fill_attrs); take either width, nothing else. */
static uint32_t get_cost16(const struct nlattr *a)
{
	return brkit_nl_attr_ok(a, MNL_TYPE_U16) ? mnl_attr_get_u16(a) : brkit_nl_u32(a);
}

#define get_u64 brkit_nl_u64
#define U8 brkit_nl_u8
#define U16 brkit_nl_u16
#define U32 brkit_nl_u32

void brkit_parse_bridge_data(const struct nlattr *data, struct brkit_bridge_info *br)
{
	const struct nlattr *tb[IFLA_BR_MAX + 1];

	brkit_nl_parse_nested(data, tb, IFLA_BR_MAX);
	get_id(tb[IFLA_BR_BRIDGE_ID], &br->bridge_id);
	get_id(tb[IFLA_BR_ROOT_ID], &br->designated_root);
	br->root_port = U16(tb[IFLA_BR_ROOT_PORT]);
	br->root_path_cost = U32(tb[IFLA_BR_ROOT_PATH_COST]);
	br->max_age = U32(tb[IFLA_BR_MAX_AGE]);
	br->hello_time = U32(tb[IFLA_BR_HELLO_TIME]);
	br->forward_delay = U32(tb[IFLA_BR_FORWARD_DELAY]);
	br->ageing_time = U32(tb[IFLA_BR_AGEING_TIME]);
	br->hello_timer = get_u64(tb[IFLA_BR_HELLO_TIMER]);
	br->tcn_timer = get_u64(tb[IFLA_BR_TCN_TIMER]);
	br->topology_change_timer = get_u64(tb[IFLA_BR_TOPOLOGY_CHANGE_TIMER]);
	br->gc_timer = get_u64(tb[IFLA_BR_GC_TIMER]);
	br->topology_change = U8(tb[IFLA_BR_TOPOLOGY_CHANGE]);
	br->topology_change_detected = U8(tb[IFLA_BR_TOPOLOGY_CHANGE_DETECTED]);
	br->stp_state = U32(tb[IFLA_BR_STP_STATE]);
	br->priority = U16(tb[IFLA_BR_PRIORITY]);
	br->group_fwd_mask = U16(tb[IFLA_BR_GROUP_FWD_MASK]);
	br->mcast_snooping = U8(tb[IFLA_BR_MCAST_SNOOPING]);
	/* VLAN_FILTERING is always reported; the others only with CONFIG_BRIDGE_VLAN_FILTERING. */
	br->has_vlan = tb[IFLA_BR_VLAN_PROTOCOL] != NULL;
	br->vlan_filtering = U8(tb[IFLA_BR_VLAN_FILTERING]);
	br->vlan_protocol = tb[IFLA_BR_VLAN_PROTOCOL] ? ntohs(U16(tb[IFLA_BR_VLAN_PROTOCOL])) : 0;
	br->default_pvid = U16(tb[IFLA_BR_VLAN_DEFAULT_PVID]);
	br->vlan_stats = U8(tb[IFLA_BR_VLAN_STATS_ENABLED]);
}

void brkit_parse_port_data(const struct nlattr *data, struct brkit_port_info *p)
{
	const struct nlattr *tb[IFLA_BRPORT_MAX + 1];
	unsigned int i;

	brkit_nl_parse_nested(data, tb, IFLA_BRPORT_MAX);
	p->port_no = U16(tb[IFLA_BRPORT_NO]);
	p->port_id = U16(tb[IFLA_BRPORT_ID]);
	p->state = U8(tb[IFLA_BRPORT_STATE]);
	p->cost = U32(tb[IFLA_BRPORT_COST]);
	p->priority = U16(tb[IFLA_BRPORT_PRIORITY]);
	get_id(tb[IFLA_BRPORT_ROOT_ID], &p->designated_root);
	get_id(tb[IFLA_BRPORT_BRIDGE_ID], &p->designated_bridge);
	p->designated_port = U16(tb[IFLA_BRPORT_DESIGNATED_PORT]);
	p->designated_cost = get_cost16(tb[IFLA_BRPORT_DESIGNATED_COST]);
	p->message_age_timer = get_u64(tb[IFLA_BRPORT_MESSAGE_AGE_TIMER]);
	p->forward_delay_timer = get_u64(tb[IFLA_BRPORT_FORWARD_DELAY_TIMER]);
	p->hold_timer = get_u64(tb[IFLA_BRPORT_HOLD_TIMER]);
	p->config_pending = U8(tb[IFLA_BRPORT_CONFIG_PENDING]);
	p->topology_change_ack = U8(tb[IFLA_BRPORT_TOPOLOGY_CHANGE_ACK]);
	p->flags = 0;
	p->flags_known = 0;
	for (i = 0; i < BRKIT_PF_COUNT; i++) {
		const struct nlattr *a = tb[brkit_port_flag_attr[i]];

		if (!brkit_nl_attr_ok(a, MNL_TYPE_U8))
			continue;
		p->flags_known |= 1u << i;
		if (mnl_attr_get_u8(a))
			p->flags |= 1u << i;
	}
}

int brkit_parse_link_bridge(const struct nlmsghdr *nlh, struct brkit_link *l,
			    struct brkit_bridge_info *br, bool *is_bridge,
			    struct brkit_port_info *port, bool *is_port)
{
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct nlattr *li[IFLA_INFO_MAX + 1];
	int err = brkit_nl_parse_link(nlh, l, tb);

	*is_bridge = false;
	*is_port = false;
	if (err)
		return err;
	if (!tb[IFLA_LINKINFO])
		return 0;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!strcmp(l->kind, "bridge")) {
		memset(br, 0, sizeof(*br));
		br->ifindex = l->ifindex;
		memcpy(br->ifname, l->ifname, sizeof(br->ifname));
		br->ifflags = l->flags;
		if (li[IFLA_INFO_DATA])
			brkit_parse_bridge_data(li[IFLA_INFO_DATA], br);
		*is_bridge = true;
	}
	if (l->master && brkit_nl_str(li[IFLA_INFO_SLAVE_KIND]) &&
	    !strcmp(brkit_nl_str(li[IFLA_INFO_SLAVE_KIND]), "bridge")) {
		memset(port, 0, sizeof(*port));
		port->ifindex = l->ifindex;
		memcpy(port->ifname, l->ifname, sizeof(port->ifname));
		port->master = l->master;
		port->ifflags = l->flags;
		if (li[IFLA_INFO_SLAVE_DATA])
			brkit_parse_port_data(li[IFLA_INFO_SLAVE_DATA], port);
		*is_port = true;
	}
	return 0;
}

/* ---- the dump ---- */

struct list_ctx {
	const char *only;
	int only_found; /* 0 no, 1 bridge, 2 other device */
	struct brkit_bridge_info *br;
	size_t nbr, capbr;
	struct brkit_port_info *ports;
	size_t nports, capports;
};

static void list_reset(void *data)
{
	struct list_ctx *ctx = data;

	ctx->nbr = 0;
	ctx->nports = 0;
	ctx->only_found = 0;
}

static void list_reset_ports(void *data)
{
	struct list_ctx *ctx = data;

	ctx->nports = 0;
}

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, ncap * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct list_ctx *ctx = data;
	struct brkit_bridge_info br;
	struct brkit_port_info port;
	struct brkit_link l;
	bool is_br, is_port;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (brkit_parse_link_bridge(nlh, &l, &br, &is_br, &port, &is_port) < 0)
		return MNL_CB_OK;
	if (ctx->only && !strcmp(l.ifname, ctx->only))
		ctx->only_found = is_br ? 1 : 2;
	if (is_br && (!ctx->only || !strcmp(l.ifname, ctx->only))) {
		if (grow((void **)&ctx->br, &ctx->capbr, ctx->nbr, sizeof(br))) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		ctx->br[ctx->nbr++] = br;
	}
	if (is_port) {
		if (grow((void **)&ctx->ports, &ctx->capports, ctx->nports, sizeof(port))) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		ctx->ports[ctx->nports++] = port;
	}
	return MNL_CB_OK;
}

void brkit_bridge_list_free(struct brkit_bridge_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->bridges[i].ports);
	free(l->bridges);
	l->bridges = NULL;
	l->n = 0;
}

/* Hand each port to its bridge (ports arrive in ifindex order, and stay so). */
static int attach_ports(struct list_ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < ctx->nbr; i++) {
		struct brkit_bridge_info *b = &ctx->br[i];
		size_t n = 0;

		b->ports = NULL;
		b->nports = 0;
		for (j = 0; j < ctx->nports; j++)
			n += ctx->ports[j].master == b->ifindex;
		if (!n)
			continue;
		b->ports = calloc(n, sizeof(*b->ports));
		if (!b->ports)
			return -ENOMEM;
		for (j = 0; j < ctx->nports; j++)
			if (ctx->ports[j].master == b->ifindex)
				b->ports[b->nports++] = ctx->ports[j];
	}
	return 0;
}

int brkit_bridge_list(struct brkit *h, const char *only, struct brkit_bridge_list *out)
{
	struct list_ctx ctx = { .only = only };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	const char *why;
	int err;

	out->n = 0;
	out->bridges = NULL;
	if (only && brkit_ifname_check(only, &why))
		return brkit_failf(h, -EINVAL, "bridge '%s': %s", only, why);
	if (only) {
		/* One bridge: look it up, then dump only its ports (IFLA_MASTER
		 * is a dump filter the kernel applies itself). */
		nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		mnl_attr_put_strz(nlh, IFLA_IFNAME, only);
		mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
		err = brkit_nl_talk(h, nlh, list_cb, &ctx);
		if (err == -ENODEV || err == -ENOENT)
			err = 0;
		if (err || ctx.only_found != 1)
			goto looked;
	}
	nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	if (only)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)ctx.br[0].ifindex);
	err = brkit_nl_dump(h, nlh, list_cb, &ctx, only ? list_reset_ports : list_reset);
looked:
	if (err) {
		brkit_fail(h, err, "listing bridges");
		goto fail;
	}
	if (only && ctx.only_found == 0) {
		err = brkit_failf(h, -ENODEV, "bridge %s does not exist", only);
		goto fail;
	}
	if (only && ctx.only_found == 2) {
		err = brkit_failf(h, -ENOTTY, "device %s is not a bridge", only);
		goto fail;
	}
	out->bridges = ctx.br;
	out->n = ctx.nbr;
	err = attach_ports(&ctx);
	free(ctx.ports);
	if (err) {
		brkit_bridge_list_free(out);
		return brkit_failf(h, err, "listing bridges: out of memory");
	}
	return 0;
fail:
	free(ctx.br);
	free(ctx.ports);
	return err;
}

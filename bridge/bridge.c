// SPDX-License-Identifier: LGPL-2.1-or-later
/* Bridges and their ports: create, change, delete, enslave, release, port
 * flags, over IFLA_BR_* and IFLA_BRPORT_* (one request per action). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include "nl/nl.h"
#include "bridge/bridge_int.h"
#include "nl/util.h"

/* iproute2's keywords (`bridge link set dev D guard on root_block on`). */
static const char *const flag_names[BRKIT_PF_COUNT] = {
	"learning",	  "flood",  "mcast_flood", "bcast_flood", "hairpin",	 "isolated",
	"neigh_suppress", "locked", "guard",	   "root_block",  "vlan_tunnel",
};

const uint16_t brkit_port_flag_attr[BRKIT_PF_COUNT] = {
	IFLA_BRPORT_LEARNING,	    IFLA_BRPORT_UNICAST_FLOOD, IFLA_BRPORT_MCAST_FLOOD,
	IFLA_BRPORT_BCAST_FLOOD,    IFLA_BRPORT_MODE,	       IFLA_BRPORT_ISOLATED,
	IFLA_BRPORT_NEIGH_SUPPRESS, IFLA_BRPORT_LOCKED,	       IFLA_BRPORT_GUARD,
	IFLA_BRPORT_PROTECT,	    IFLA_BRPORT_VLAN_TUNNEL,
};

const char *brkit_port_flag_name(unsigned int bit)
{
	return bit < BRKIT_PF_COUNT ? flag_names[bit] : NULL;
}

int brkit_bridge_opts_set(struct brkit_bridge_opts *o, uint32_t bit, unsigned long value)
{
	switch (bit) {
	case BRKIT_BR_AGEING_TIME:
		o->ageing_time = (uint32_t)value;
		break;
	case BRKIT_BR_FORWARD_DELAY:
		o->forward_delay = (uint32_t)value;
		break;
	case BRKIT_BR_HELLO_TIME:
		o->hello_time = (uint32_t)value;
		break;
	case BRKIT_BR_MAX_AGE:
		o->max_age = (uint32_t)value;
		break;
	case BRKIT_BR_PRIORITY:
		o->priority = (uint16_t)value;
		break;
	case BRKIT_BR_STP_STATE:
		o->stp_state = (uint32_t)value;
		break;
	case BRKIT_BR_GROUP_FWD_MASK:
		o->group_fwd_mask = (uint16_t)value;
		break;
	case BRKIT_BR_MCAST_SNOOPING:
		o->mcast_snooping = value;
		break;
	case BRKIT_BR_MCAST_QUERIER:
		o->mcast_querier = value;
		break;
	case BRKIT_BR_MCAST_IGMP_VERSION:
		o->mcast_igmp_version = (uint8_t)value;
		break;
	case BRKIT_BR_MCAST_MLD_VERSION:
		o->mcast_mld_version = (uint8_t)value;
		break;
	case BRKIT_BR_MCAST_ROUTER:
		o->mcast_router = (uint8_t)value;
		break;
	case BRKIT_BR_MCAST_QUERY_INTERVAL:
		o->mcast_query_interval = (uint32_t)value;
		break;
	case BRKIT_BR_MCAST_VLAN_SNOOPING:
		o->mcast_vlan_snooping = value;
		break;
	case BRKIT_BR_VLAN_FILTERING:
		o->vlan_filtering = value;
		break;
	case BRKIT_BR_VLAN_PROTOCOL:
		o->vlan_protocol = (uint16_t)value;
		break;
	case BRKIT_BR_DEFAULT_PVID:
		o->default_pvid = (uint16_t)value;
		break;
	case BRKIT_BR_VLAN_STATS:
		o->vlan_stats = value;
		break;
	default:
		return -EINVAL;
	}
	o->mask |= bit;
	return 0;
}

/* iproute2's keywords (`ip link add type bridge ...`); an alias follows the
 * option's own name, which brkit_bridge_opt_lookup() returns for both. */
static const struct {
	const char *name;
	uint32_t bit;
	unsigned long max;
	char type; /* 'u' number, 'b' boolean, 'p' VLAN protocol, 'm' MAC */
} opt_kw[] = {
	{ "ageing_time", BRKIT_BR_AGEING_TIME, UINT32_MAX, 'u' },
	{ "forward_delay", BRKIT_BR_FORWARD_DELAY, UINT32_MAX, 'u' },
	{ "hello_time", BRKIT_BR_HELLO_TIME, UINT32_MAX, 'u' },
	{ "max_age", BRKIT_BR_MAX_AGE, UINT32_MAX, 'u' },
	{ "priority", BRKIT_BR_PRIORITY, 65535, 'u' },
	{ "stp_state", BRKIT_BR_STP_STATE, 1, 'b' },
	{ "group_fwd_mask", BRKIT_BR_GROUP_FWD_MASK, 65535, 'u' },
	{ "mcast_snooping", BRKIT_BR_MCAST_SNOOPING, 1, 'b' },
	{ "mcast_querier", BRKIT_BR_MCAST_QUERIER, 1, 'b' },
	{ "mcast_igmp_version", BRKIT_BR_MCAST_IGMP_VERSION, 255, 'u' },
	{ "mcast_mld_version", BRKIT_BR_MCAST_MLD_VERSION, 255, 'u' },
	{ "mcast_router", BRKIT_BR_MCAST_ROUTER, 255, 'u' },
	{ "mcast_query_interval", BRKIT_BR_MCAST_QUERY_INTERVAL, UINT32_MAX, 'u' },
	{ "mcast_vlan_snooping", BRKIT_BR_MCAST_VLAN_SNOOPING, 1, 'b' },
	{ "vlan_filtering", BRKIT_BR_VLAN_FILTERING, 1, 'b' },
	{ "vlan_protocol", BRKIT_BR_VLAN_PROTOCOL, 0, 'p' },
	{ "default_pvid", BRKIT_BR_DEFAULT_PVID, 4094, 'u' },
	{ "vlan_stats", BRKIT_BR_VLAN_STATS, 1, 'b' },
	{ "address", BRKIT_BR_ADDRESS, 0, 'm' },
	{ "vlan_default_pvid", BRKIT_BR_DEFAULT_PVID, 4094, 'u' },
	{ "vlan_stats_enabled", BRKIT_BR_VLAN_STATS, 1, 'b' },
};
#define NOPT_KW (sizeof(opt_kw) / sizeof(opt_kw[0]))

static size_t opt_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < NOPT_KW; i++)
		if (!strcmp(name, opt_kw[i].name))
			break;
	return name ? i : NOPT_KW;
}

const char *brkit_bridge_opt_lookup(const char *name, uint32_t *bit)
{
	size_t i = opt_find(name), k = 0;

	if (i == NOPT_KW)
		return NULL;
	while (opt_kw[k].bit != opt_kw[i].bit) /* the option's own name */
		k++;
	if (bit)
		*bit = opt_kw[i].bit;
	return opt_kw[k].name;
}

/* Decimal, or hexadecimal after 0x, 0..max. */
static int opt_num(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0, base = 10;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (v > (max - (unsigned long)d) / base)
			return -ERANGE;
		v = v * base + (unsigned long)d;
	}
	*out = v;
	return 0;
}

static int opt_bool(const char *s, unsigned long *out)
{
	static const char *const words[] = { "off", "on", "no", "yes", "0", "1", "false", "true" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i])) {
			*out = i % 2;
			return 0;
		}
	return -EINVAL;
}

int brkit_bridge_opt_parse(struct brkit_bridge_opts *o, const char *name, const char *val,
			   char *why, size_t whylen)
{
	size_t i = opt_find(name);
	unsigned long v = 0;
	const char *dummy;
	int err;

	if (i == NOPT_KW)
		return brkit_whyf(why, whylen, -ENOENT, "unknown bridge option '%s'",
				  name ? name : "");
	if (!val)
		return brkit_whyf(why, whylen, -EINVAL, "option %s needs a value", name);
	switch (opt_kw[i].type) {
	case 'b':
		if (opt_bool(val, &v))
			return brkit_whyf(why, whylen, -EINVAL,
					  "%s: '%s' is not on/off, yes/no or 1/0", name, val);
		break;
	case 'p':
		if (!strcasecmp(val, "802.1Q"))
			v = ETH_P_8021Q;
		else if (!strcasecmp(val, "802.1ad"))
			v = ETH_P_8021AD;
		else
			return brkit_whyf(why, whylen, -EINVAL, "%s: '%s' is not 802.1Q or 802.1ad",
					  name, val);
		break;
	case 'm':
		if (brkit_fdb_parse_mac(val, o->address, &dummy))
			return brkit_whyf(why, whylen, -EINVAL,
					  "%s: '%s' is not a MAC address (aa:bb:cc:dd:ee:ff)", name,
					  val);
		o->mask |= BRKIT_BR_ADDRESS;
		return 0;
	default:
		err = opt_num(val, opt_kw[i].max, &v);
		if (err == -ERANGE)
			return brkit_whyf(why, whylen, err, "%s: %s is out of range (0 to %lu)",
					  name, val, opt_kw[i].max);
		if (err)
			return brkit_whyf(why, whylen, err, "%s: '%s' is not a number", name, val);
	}
	return brkit_bridge_opts_set(o, opt_kw[i].bit, v);
}

int brkit_bridge_opts_check(const struct brkit_bridge_opts *o, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!o)
		return 0;
	if ((o->mask & BRKIT_BR_HELLO_TIME) &&
	    (o->hello_time < BRKIT_BR_MIN_HELLO || o->hello_time > BRKIT_BR_MAX_HELLO)) {
		*why = "hello_time out of range (1 to 10 seconds)";
		return -ERANGE;
	}
	if ((o->mask & BRKIT_BR_MAX_AGE) &&
	    (o->max_age < BRKIT_BR_MIN_MAX_AGE || o->max_age > BRKIT_BR_MAX_MAX_AGE)) {
		*why = "max_age out of range (6 to 40 seconds)";
		return -ERANGE;
	}
	if ((o->mask & BRKIT_BR_STP_STATE) && o->stp_state > 1) {
		*why = "stp_state must be 0 or 1";
		return -EINVAL;
	}
	if ((o->mask & BRKIT_BR_FORWARD_DELAY) && (o->mask & BRKIT_BR_STP_STATE) && o->stp_state &&
	    (o->forward_delay < BRKIT_BR_MIN_FWD_DELAY ||
	     o->forward_delay > BRKIT_BR_MAX_FWD_DELAY)) {
		*why = "forward_delay out of range with STP on (2 to 30 seconds)";
		return -ERANGE;
	}
	if ((o->mask & BRKIT_BR_ADDRESS) &&
	    ((o->address[0] & 1) || !(o->address[0] | o->address[1] | o->address[2] |
				      o->address[3] | o->address[4] | o->address[5]))) {
		*why = "address must be a unicast MAC address, not all zeros";
		return -EINVAL;
	}
	if ((o->mask & BRKIT_BR_GROUP_FWD_MASK) && (o->group_fwd_mask & 7)) {
		*why = "group_fwd_mask may not forward 01:80:c2:00:00:00..02 (bits 0-2)";
		return -EINVAL;
	}
	if ((o->mask & BRKIT_BR_VLAN_PROTOCOL) && o->vlan_protocol != ETH_P_8021Q &&
	    o->vlan_protocol != ETH_P_8021AD) {
		*why = "vlan_protocol must be 802.1Q or 802.1ad";
		return -EINVAL;
	}
	if ((o->mask & BRKIT_BR_MCAST_IGMP_VERSION) &&
	    (o->mcast_igmp_version < 2 || o->mcast_igmp_version > 3)) {
		*why = "mcast_igmp_version must be 2 or 3";
		return -ERANGE;
	}
	if ((o->mask & BRKIT_BR_MCAST_MLD_VERSION) &&
	    (o->mcast_mld_version < 1 || o->mcast_mld_version > 2)) {
		*why = "mcast_mld_version must be 1 or 2";
		return -ERANGE;
	}
	if ((o->mask & BRKIT_BR_MCAST_ROUTER) && o->mcast_router > 2) {
		*why = "mcast_router must be 0 (disabled), 1 (learn) or 2 (permanent)";
		return -ERANGE;
	}
	if ((o->mask & BRKIT_BR_MCAST_QUERY_INTERVAL) && o->mcast_query_interval < 100) {
		*why = "mcast_query_interval out of range (1 second or more, in centiseconds)";
		return -ERANGE;
	}
	if ((o->mask & BRKIT_BR_DEFAULT_PVID) && o->default_pvid > 4094) {
		*why = "default_pvid out of range (0 to 4094)";
		return -ERANGE;
	}
	return 0;
}

int brkit_port_opts_check(const struct brkit_port_opts *o, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (o->has_cost && (o->cost < BRKIT_PORT_MIN_COST || o->cost > BRKIT_PORT_MAX_COST)) {
		*why = "path cost out of range (1 to 65535)";
		return -ERANGE;
	}
	if (o->has_priority && o->priority > BRKIT_PORT_MAX_PRIO) {
		*why = "port priority out of range (0 to 63)";
		return -ERANGE;
	}
	if (o->flags_mask >> BRKIT_PF_COUNT) {
		*why = "unknown port flag";
		return -EINVAL;
	}
	return 0;
}

unsigned int brkit_port_flags_unsupported(const struct brkit_port_opts *o, uint32_t known)
{
	unsigned int i;

	for (i = 0; i < BRKIT_PF_COUNT; i++)
		if ((o->flags_mask & (1u << i)) && !(known & (1u << i)))
			return i;
	return BRKIT_PF_COUNT;
}

void brkit_bridge_opts_put(struct nlmsghdr *nlh, const struct brkit_bridge_opts *o)
{
	uint32_t m = o->mask;

	/* The kernel applies them in its own order (br_changelink). */
	if (m & BRKIT_BR_AGEING_TIME)
		mnl_attr_put_u32(nlh, IFLA_BR_AGEING_TIME, o->ageing_time);
	if (m & BRKIT_BR_FORWARD_DELAY)
		mnl_attr_put_u32(nlh, IFLA_BR_FORWARD_DELAY, o->forward_delay);
	if (m & BRKIT_BR_HELLO_TIME)
		mnl_attr_put_u32(nlh, IFLA_BR_HELLO_TIME, o->hello_time);
	if (m & BRKIT_BR_MAX_AGE)
		mnl_attr_put_u32(nlh, IFLA_BR_MAX_AGE, o->max_age);
	if (m & BRKIT_BR_PRIORITY)
		mnl_attr_put_u16(nlh, IFLA_BR_PRIORITY, o->priority);
	if (m & BRKIT_BR_STP_STATE)
		mnl_attr_put_u32(nlh, IFLA_BR_STP_STATE, o->stp_state);
	if (m & BRKIT_BR_GROUP_FWD_MASK)
		mnl_attr_put_u16(nlh, IFLA_BR_GROUP_FWD_MASK, o->group_fwd_mask);
	if (m & BRKIT_BR_MCAST_SNOOPING)
		mnl_attr_put_u8(nlh, IFLA_BR_MCAST_SNOOPING, o->mcast_snooping);
	if (m & BRKIT_BR_MCAST_ROUTER)
		mnl_attr_put_u8(nlh, IFLA_BR_MCAST_ROUTER, o->mcast_router);
	if (m & BRKIT_BR_MCAST_QUERIER)
		mnl_attr_put_u8(nlh, IFLA_BR_MCAST_QUERIER, o->mcast_querier);
	if (m & BRKIT_BR_MCAST_QUERY_INTERVAL)
		mnl_attr_put_u64(nlh, IFLA_BR_MCAST_QUERY_INTVL, o->mcast_query_interval);
	if (m & BRKIT_BR_MCAST_IGMP_VERSION)
		mnl_attr_put_u8(nlh, IFLA_BR_MCAST_IGMP_VERSION, o->mcast_igmp_version);
	if (m & BRKIT_BR_MCAST_MLD_VERSION)
		mnl_attr_put_u8(nlh, IFLA_BR_MCAST_MLD_VERSION, o->mcast_mld_version);
	if (m & BRKIT_BR_VLAN_FILTERING)
		mnl_attr_put_u8(nlh, IFLA_BR_VLAN_FILTERING, o->vlan_filtering);
	if (m & BRKIT_BR_MCAST_VLAN_SNOOPING) {
		struct br_boolopt_multi bm = {
			.optval = o->mcast_vlan_snooping ? 1u << BR_BOOLOPT_MCAST_VLAN_SNOOPING : 0,
			.optmask = 1u << BR_BOOLOPT_MCAST_VLAN_SNOOPING,
		};

		mnl_attr_put(nlh, IFLA_BR_MULTI_BOOLOPT, sizeof(bm), &bm);
	}
	if (m & BRKIT_BR_VLAN_PROTOCOL)
		mnl_attr_put_u16(nlh, IFLA_BR_VLAN_PROTOCOL, htons(o->vlan_protocol));
	if (m & BRKIT_BR_DEFAULT_PVID)
		mnl_attr_put_u16(nlh, IFLA_BR_VLAN_DEFAULT_PVID, o->default_pvid);
	if (m & BRKIT_BR_VLAN_STATS)
		mnl_attr_put_u8(nlh, IFLA_BR_VLAN_STATS_ENABLED, o->vlan_stats);
}

void brkit_port_opts_put(struct nlmsghdr *nlh, const struct brkit_port_opts *o)
{
	unsigned int i;

	for (i = 0; i < BRKIT_PF_COUNT; i++)
		if (o->flags_mask & (1u << i))
			mnl_attr_put_u8(nlh, brkit_port_flag_attr[i], !!(o->flags & (1u << i)));
	if (o->has_cost)
		mnl_attr_put_u32(nlh, IFLA_BRPORT_COST, o->cost);
	if (o->has_priority)
		mnl_attr_put_u16(nlh, IFLA_BRPORT_PRIORITY, o->priority);
}

static const char vlan_config_msg[] =
	"the kernel lacks bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING is not set)";

static struct nlmsghdr *newlink_msg(struct brkit *h, int ifindex, uint16_t flags)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_NEWLINK, flags);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

/* The link-level options (IFF_UP, IFLA_ADDRESS) go beside IFLA_LINKINFO. */
static void put_link_opts(struct nlmsghdr *nlh, const struct brkit_bridge_opts *o)
{
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (!o)
		return;
	if (o->mask & BRKIT_BR_UP) {
		ifi->ifi_change |= IFF_UP;
		ifi->ifi_flags = o->up ? IFF_UP : 0;
	}
	if (o->mask & BRKIT_BR_ADDRESS)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, o->address);
}

int brkit_bridge_add(struct brkit *h, const char *name, const struct brkit_bridge_opts *o)
{
	struct nlattr *li, *data;
	struct nlmsghdr *nlh;
	const char *why;
	int err;

	if (brkit_ifname_check(name, &why))
		return brkit_failf(h, -EINVAL, "bridge '%s': %s", name ? name : "", why);
	err = brkit_bridge_opts_check(o, &why);
	if (err)
		return brkit_failf(h, err, "creating bridge %s: %s", name, why);
	nlh = newlink_msg(h, 0, NLM_F_CREATE | NLM_F_EXCL);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	put_link_opts(nlh, o);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	if (o && o->mask) {
		struct brkit_bridge_opts send = *o;

		/* A kernel without CONFIG_BRIDGE_VLAN_FILTERING silently ignores
		 * vlan_protocol, default_pvid and vlan_stats but refuses
		 * vlan_filtering (even 0, the default of a new bridge): send it as
		 * the probe, so such a kernel refuses the whole creation. */
		if ((send.mask & BRKIT_BR_VLAN_OPTS) && !(send.mask & BRKIT_BR_VLAN_FILTERING)) {
			send.mask |= BRKIT_BR_VLAN_FILTERING;
			send.vlan_filtering = false;
		}
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		brkit_bridge_opts_put(nlh, &send);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err == -EOPNOTSUPP && o && (o->mask & BRKIT_BR_VLAN_OPTS))
		return brkit_failf(h, err, "creating bridge %s: %s", name, vlan_config_msg);
	if (err == -EEXIST)
		return brkit_failf(h, err, "creating bridge %s: device %s already exists", name,
				   name);
	if (err)
		return brkit_fail(h, err, "creating bridge %s", name);
	return 0;
}

/* ---- looking one device up with its bridge attributes ---- */

struct one_ctx {
	struct brkit_link link;
	struct brkit_bridge_info br;
	struct brkit_port_info port;
	bool is_bridge, is_port, found;
};

static int one_cb(const struct nlmsghdr *nlh, void *data)
{
	struct one_ctx *ctx = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (brkit_parse_link_bridge(nlh, &ctx->link, &ctx->br, &ctx->is_bridge, &ctx->port,
				    &ctx->is_port) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	ctx->found = true;
	return MNL_CB_OK;
}

static int lookup(struct brkit *h, const char *name, struct one_ctx *ctx)
{
	const char *why;
	int err;

	memset(ctx, 0, sizeof(*ctx));
	if (brkit_ifname_check(name, &why))
		return brkit_failf(h, -EINVAL, "'%s': %s", name ? name : "", why);
	err = brkit_nl_getlink(h, name, 0, one_cb, ctx);
	if (err == -ENODEV || (!err && !ctx->found))
		return brkit_failf(h, -ENODEV, "%s: no such device", name);
	if (err)
		return brkit_fail(h, err, "looking up %s", name);
	return 0;
}

/* Look up bridge @name: -ENODEV when absent, -ENOTTY when not a bridge. */
static int bridge_lookup(struct brkit *h, const char *name, struct one_ctx *ctx)
{
	int err = lookup(h, name, ctx);

	if (err == -ENODEV)
		return brkit_failf(h, err, "bridge %s does not exist", name);
	if (err)
		return err;
	if (!ctx->is_bridge)
		return brkit_failf(h, -ENOTTY, "device %s is not a bridge", name);
	return 0;
}

/* Bridge @br and device @dev for one change of a port, @what naming it
 * ("adding p1 to br0"): "@what: @dev does not exist" when @dev is absent. */
static int bridge_and_dev(struct brkit *h, const char *br, const char *dev, const char *what,
			  struct one_ctx *b, struct one_ctx *d)
{
	int err = bridge_lookup(h, br, b);

	if (err)
		return err;
	err = lookup(h, dev, d);
	if (err == -ENODEV)
		return brkit_failf(h, err, "%s: %s does not exist", what, dev);
	return err;
}

static int add_one(struct brkit *h, const char *name, void *arg)
{
	return brkit_bridge_add(h, name, arg);
}

int brkit_bridge_add_named(struct brkit *h, const char *name, const struct brkit_bridge_opts *o,
			   char out[IFNAMSIZ])
{
	const char *why;
	int err;

	if (brkit_ifname_check(name, &why))
		return brkit_failf(h, -EINVAL, "bridge '%s': %s", name ? name : "", why);
	/* the options first: a bad one is not tried once per candidate name */
	err = brkit_bridge_opts_check(o, &why);
	if (err)
		return brkit_failf(h, err, "creating bridge %s: %s", name, why);
	return brkit_nl_add_templated(h, "bridge", name, out, add_one, (void *)o);
}

int brkit_bridge_set(struct brkit *h, const char *name, const struct brkit_bridge_opts *o)
{
	struct nlattr *li, *data;
	struct nlmsghdr *nlh;
	struct one_ctx ctx;
	const char *why;
	int err;

	err = brkit_bridge_opts_check(o, &why);
	if (err)
		return brkit_failf(h, err, "changing bridge %s: %s", name ? name : "", why);
	err = bridge_lookup(h, name, &ctx);
	if (err)
		return err;
	if (!o || !o->mask)
		return 0;
	/* Refuse before sending: the kernel applies options one by one and
	 * would keep the ones it took before failing on a VLAN option. */
	if ((o->mask & BRKIT_BR_VLAN_OPTS) && !ctx.br.has_vlan)
		return brkit_failf(h, -EOPNOTSUPP, "changing bridge %s: %s", name, vlan_config_msg);
	/* Forward delay is checked first by the kernel, against the current STP state. */
	if ((o->mask & BRKIT_BR_FORWARD_DELAY) && ctx.br.stp_state &&
	    (o->forward_delay < BRKIT_BR_MIN_FWD_DELAY ||
	     o->forward_delay > BRKIT_BR_MAX_FWD_DELAY))
		return brkit_failf(h, -ERANGE,
				   "changing bridge %s: forward_delay out of range with STP on (2 "
				   "to 30 seconds)",
				   name);
	nlh = newlink_msg(h, ctx.link.ifindex, 0);
	put_link_opts(nlh, o);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	brkit_bridge_opts_put(nlh, o);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err == -EOPNOTSUPP && (o->mask & BRKIT_BR_VLAN_OPTS))
		return brkit_failf(h, err, "changing bridge %s: %s", name, vlan_config_msg);
	if (err)
		return brkit_fail(h, err, "changing bridge %s", name);
	return 0;
}

int brkit_bridge_del(struct brkit *h, const char *name)
{
	struct one_ctx ctx;
	int err = bridge_lookup(h, name, &ctx);

	if (err)
		return err;
	err = brkit_nl_dellink(h, ctx.link.ifindex);
	if (err)
		return brkit_fail(h, err, "deleting bridge %s", name);
	return 0;
}

int brkit_bridge_addif(struct brkit *h, const char *br, const char *dev)
{
	struct one_ctx b, d;
	char what[2 * IFNAMSIZ + 24];
	int err;

	snprintf(what, sizeof(what), "adding %s to %s", dev ? dev : "", br ? br : "");
	err = bridge_and_dev(h, br, dev, what, &b, &d);
	if (err)
		return err;
	if (d.is_bridge)
		return brkit_failf(h, -ELOOP,
				   "adding %s to %s: %s is a bridge itself; a bridge cannot be a "
				   "port of a bridge",
				   dev, br, dev);
	if (d.link.master == b.link.ifindex)
		return brkit_failf(h, -EEXIST, "adding %s to %s: already a port of %s", dev, br,
				   br);
	if (d.link.master) {
		struct brkit_link m;

		if (brkit_link_get_index(h, d.link.master, &m))
			snprintf(m.ifname, sizeof(m.ifname), "ifindex %d", d.link.master);
		return brkit_failf(h, -EBUSY, "adding %s to %s: %s is already enslaved to %s", dev,
				   br, dev, m.ifname);
	}
	err = brkit_nl_setlink(h, d.link.ifindex, -1, -1, b.link.ifindex);
	if (err)
		return brkit_fail(h, err, "%s", what);
	return 0;
}

int brkit_bridge_delif(struct brkit *h, const char *br, const char *dev)
{
	struct one_ctx b, d;
	char what[2 * IFNAMSIZ + 24];
	int err;

	snprintf(what, sizeof(what), "releasing %s from %s", dev ? dev : "", br ? br : "");
	err = bridge_and_dev(h, br, dev, what, &b, &d);
	if (err)
		return err;
	if (d.link.master != b.link.ifindex)
		return brkit_failf(h, -ENOLINK, "releasing %s from %s: %s is not a port of %s", dev,
				   br, dev, br);
	err = brkit_nl_setlink(h, d.link.ifindex, -1, -1, 0);
	if (err)
		return brkit_fail(h, err, "%s", what);
	return 0;
}

int brkit_port_set(struct brkit *h, const char *br, const char *dev,
		   const struct brkit_port_opts *o)
{
	char what[2 * IFNAMSIZ + 24];
	struct one_ctx b, d;
	const char *why;
	unsigned int i;
	int err;

	err = brkit_port_opts_check(o, &why);
	if (err)
		return brkit_failf(h, err, "changing port %s of %s: %s", dev ? dev : "",
				   br ? br : "", why);
	snprintf(what, sizeof(what), "changing port %s of %s", dev ? dev : "", br ? br : "");
	err = bridge_and_dev(h, br, dev, what, &b, &d);
	if (err)
		return err;
	if (d.link.master != b.link.ifindex || !d.is_port)
		return brkit_failf(h, -ENOLINK, "changing port %s of %s: %s is not a port of %s",
				   dev, br, dev, br);
	i = brkit_port_flags_unsupported(o, d.port.flags_known);
	if (i < BRKIT_PF_COUNT)
		return brkit_failf(h, -EOPNOTSUPP,
				   "changing port %s of %s: this kernel has no port flag %s", dev,
				   br, flag_names[i]);
	err = brkit_port_set_index(h, d.link.ifindex, o);
	if (err)
		return brkit_fail(h, err, "%s", what);
	return 0;
}

int brkit_port_set_index(struct brkit *h, int ifindex, const struct brkit_port_opts *o)
{
	struct nlattr *li, *data;
	struct nlmsghdr *nlh;

	if (!o->flags_mask && !o->has_cost && !o->has_priority)
		return 0;
	nlh = newlink_msg(h, ifindex, 0);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
	brkit_port_opts_put(nlh, o);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return brkit_nl_talk(h, nlh, NULL, NULL);
}

int brkit_port_get(struct brkit *h, const char *dev, struct brkit_port_info *out)
{
	struct one_ctx d;
	int err = lookup(h, dev, &d);

	if (err)
		return err;
	if (!d.is_port)
		return brkit_failf(h, -ENOLINK, "%s is not a bridge port", dev);
	*out = d.port;
	return 0;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* VXLAN devices: create (one RTM_NEWLINK, enslaved and up in the same
 * request), delete (only when the device is a vxlan), read back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_link.h>
#include "nl/nl.h"
#include "vxlan/vxlan.h"

void brkit_vxlan_cfg_init(struct brkit_vxlan_cfg *cfg, const char *ifname, uint32_t vni)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ifname = ifname;
	cfg->vni = vni;
	cfg->dstport = BRKIT_VXLAN_PORT;
	cfg->learning = true;
	cfg->ttl = -1;
}

int brkit_vxlan_cfg_check(const struct brkit_vxlan_cfg *cfg, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (brkit_ifname_check(cfg->ifname, why))
		return -EINVAL;
	if (cfg->vni > BRKIT_VXLAN_VNI_MAX) {
		*why = "VNI is over 16777215 (2^24-1)";
		return -EINVAL;
	}
	if (cfg->dstport == 0) {
		*why = "destination port 0 is not a port (1..65535)";
		return -EINVAL;
	}
	if (cfg->ttl < -1 || cfg->ttl > 255) {
		*why = "ttl is not 0 (auto) .. 255";
		return -EINVAL;
	}
	if (cfg->local.family != 0 && cfg->local.family != AF_INET &&
	    cfg->local.family != AF_INET6) {
		*why = "local address is neither IPv4 nor IPv6";
		return -EINVAL;
	}
	if (cfg->dev && brkit_ifname_check(cfg->dev, why)) {
		*why = "underlay device name is not a valid interface name";
		return -EINVAL;
	}
	if (cfg->bridge && brkit_ifname_check(cfg->bridge, why)) {
		*why = "bridge name is not a valid interface name";
		return -EINVAL;
	}
	if (cfg->external && cfg->vni) {
		*why = "external (collect metadata) and a VNI exclude each other";
		return -EINVAL;
	}
	if (cfg->vnifilter && !cfg->external) {
		*why = "vnifilter needs external";
		return -EINVAL;
	}
	if ((cfg->dev && !strcmp(cfg->dev, cfg->ifname)) ||
	    (cfg->bridge && !strcmp(cfg->bridge, cfg->ifname))) {
		*why = "the device cannot be its own underlay or bridge";
		return -EINVAL;
	}
	return 0;
}

int brkit_vxlan_build_newlink(struct nlmsghdr *nlh, const struct brkit_vxlan_cfg *cfg, int dev_idx,
			      int master_idx)
{
	struct nlattr *linkinfo, *data;
	struct ifinfomsg *ifi;

	if (brkit_vxlan_cfg_check(cfg, NULL))
		return -EINVAL;
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (cfg->up || master_idx > 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = IFF_UP;
	}
	mnl_attr_put_strz(nlh, IFLA_IFNAME, cfg->ifname);
	if (master_idx > 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master_idx);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (cfg->external) {
		mnl_attr_put_u8(nlh, IFLA_VXLAN_COLLECT_METADATA, 1);
		if (cfg->vnifilter)
			mnl_attr_put_u8(nlh, IFLA_VXLAN_VNIFILTER, 1);
	} else {
		mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, cfg->vni);
	}
	mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(cfg->dstport));
	mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, cfg->learning ? 1 : 0);
	if (cfg->local.family == AF_INET)
		mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, 4, cfg->local.addr);
	else if (cfg->local.family == AF_INET6)
		mnl_attr_put(nlh, IFLA_VXLAN_LOCAL6, 16, cfg->local.addr);
	if (cfg->ttl >= 0)
		mnl_attr_put_u8(nlh, IFLA_VXLAN_TTL, (uint8_t)cfg->ttl);
	if (dev_idx > 0)
		mnl_attr_put_u32(nlh, IFLA_VXLAN_LINK, (uint32_t)dev_idx);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return 0;
}

/* An address of exactly its family's size; any other is absent. */
static void put_ip(struct brkit_ipaddr *ip, int family, const struct nlattr *a)
{
	size_t len = family == AF_INET ? 4 : 16;

	if (!a || mnl_attr_validate2(a, MNL_TYPE_BINARY, len) < 0)
		return;
	ip->family = family;
	memcpy(ip->addr, mnl_attr_get_payload(a), len);
}

int brkit_vxlan_parse(const struct nlmsghdr *nlh, struct brkit_vxlan_info *out)
{
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct nlattr *li[IFLA_INFO_MAX + 1];
	const struct nlattr *vx[IFLA_VXLAN_MAX + 1];
	int err;

	memset(out, 0, sizeof(*out));
	err = brkit_nl_parse_link(nlh, &out->link, tb);
	if (err)
		return err;
	if (strcmp(out->link.kind, "vxlan"))
		return -EINVAL;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!brkit_nl_attr_ok(li[IFLA_INFO_DATA], MNL_TYPE_NESTED))
		return -EBADMSG;
	brkit_nl_parse_nested(li[IFLA_INFO_DATA], vx, IFLA_VXLAN_MAX);
	/* Each attribute's length is checked before it is read: a malformed
	 * one is absent, except the VNI, which names the device's segment: a
	 * VNI that cannot be read makes the message malformed, not "vni 0". */
	if (vx[IFLA_VXLAN_ID] && !brkit_nl_attr_ok(vx[IFLA_VXLAN_ID], MNL_TYPE_U32))
		return -EBADMSG;
	out->vni = brkit_nl_u32(vx[IFLA_VXLAN_ID]);
	if (vx[IFLA_VXLAN_LOCAL])
		put_ip(&out->local, AF_INET, vx[IFLA_VXLAN_LOCAL]);
	else
		put_ip(&out->local, AF_INET6, vx[IFLA_VXLAN_LOCAL6]);
	if (vx[IFLA_VXLAN_GROUP])
		put_ip(&out->remote, AF_INET, vx[IFLA_VXLAN_GROUP]);
	else
		put_ip(&out->remote, AF_INET6, vx[IFLA_VXLAN_GROUP6]);
	out->dstport = ntohs(brkit_nl_u16(vx[IFLA_VXLAN_PORT]));
	out->learning = brkit_nl_u8(vx[IFLA_VXLAN_LEARNING]) != 0;
	out->ttl = brkit_nl_u8(vx[IFLA_VXLAN_TTL]);
	/* A u8 since it exists; accept an empty flag too. */
	out->ttl_inherit = brkit_nl_attr_ok(vx[IFLA_VXLAN_TTL_INHERIT], MNL_TYPE_FLAG) ||
			   brkit_nl_u8(vx[IFLA_VXLAN_TTL_INHERIT]);
	out->underlay = (int)brkit_nl_u32(vx[IFLA_VXLAN_LINK]);
	out->ageing = brkit_nl_u32(vx[IFLA_VXLAN_AGEING]);
	out->external = brkit_nl_u8(vx[IFLA_VXLAN_COLLECT_METADATA]) != 0;
	out->vnifilter = brkit_nl_u8(vx[IFLA_VXLAN_VNIFILTER]) != 0;
	return 0;
}

/* Resolve @name and check its kind; messages say what we were doing. */
static int lookup(struct brkit *h, const char *doing, const char *role, const char *name,
		  const char *want_kind, int *idx)
{
	struct brkit_link l;
	int err = brkit_link_get(h, name, &l);

	if (err == -ENODEV && want_kind)
		return brkit_failf(h, err, "%s: no such device", doing);
	if (err == -ENODEV)
		return brkit_failf(h, err, "%s: %s %s does not exist", doing, role, name);
	if (err)
		return err;
	if (want_kind && !strcmp(want_kind, "vxlan") && strcmp(l.kind, want_kind))
		return brkit_failf(h, -ENOTTY, "%s: not a vxlan device (kind %s)", doing,
				   l.kind[0] ? l.kind : "none");
	if (want_kind && strcmp(l.kind, want_kind))
		return brkit_failf(h, -ENOTTY, "%s: %s is not a %s (kind %s)", doing, name, role,
				   l.kind[0] ? l.kind : "none");
	*idx = l.ifindex;
	return 0;
}

int brkit_vxlan_add(struct brkit *h, const struct brkit_vxlan_cfg *cfg)
{
	char doing[96];
	const char *why;
	struct nlmsghdr *nlh;
	int dev_idx = 0, master_idx = 0, err;

	brkit_clear_err(h);
	if (brkit_vxlan_cfg_check(cfg, &why))
		return brkit_failf(h, -EINVAL, "vxlan %s: %s", cfg->ifname ? cfg->ifname : "", why);
	if (cfg->bridge)
		snprintf(doing, sizeof(doing), "creating vxlan %s in bridge %s", cfg->ifname,
			 cfg->bridge);
	else
		snprintf(doing, sizeof(doing), "creating vxlan %s", cfg->ifname);
	if (cfg->bridge) {
		err = lookup(h, doing, "bridge", cfg->bridge, "bridge", &master_idx);
		if (err)
			return err;
	}
	if (cfg->dev) {
		err = lookup(h, doing, "underlay device", cfg->dev, NULL, &dev_idx);
		if (err)
			return err;
	}
	nlh = brkit_nl_msg(h, RTM_NEWLINK, 0);
	brkit_vxlan_build_newlink(nlh, cfg, dev_idx, master_idx);
	/* The kernel unregisters the new device itself when IFLA_MASTER fails,
	 * so there is nothing to roll back here. */
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err == -EEXIST && !h->ext[0])
		return brkit_failf(h, err, "%s: a device named %s already exists", doing,
				   cfg->ifname);
	if (err)
		return brkit_fail(h, err, "%s", doing);
	return 0;
}

static int vxlan_add_one(struct brkit *h, const char *name, void *arg)
{
	struct brkit_vxlan_cfg cfg = *(const struct brkit_vxlan_cfg *)arg;

	cfg.ifname = name;
	return brkit_vxlan_add(h, &cfg);
}

int brkit_vxlan_add_named(struct brkit *h, const struct brkit_vxlan_cfg *cfg, char out[IFNAMSIZ])
{
	const char *why;

	brkit_clear_err(h);
	if (brkit_vxlan_cfg_check(cfg, &why))
		return brkit_failf(h, -EINVAL, "vxlan %s: %s", cfg->ifname ? cfg->ifname : "", why);
	return brkit_nl_add_templated(h, "vxlan", cfg->ifname, out, vxlan_add_one, (void *)cfg);
}

int brkit_vxlan_del(struct brkit *h, const char *ifname)
{
	char doing[64];
	int idx = 0, err;

	brkit_clear_err(h);
	snprintf(doing, sizeof(doing), "deleting %s", ifname ? ifname : "");
	err = lookup(h, doing, "vxlan device", ifname, "vxlan", &idx);
	if (err)
		return err;
	err = brkit_nl_dellink(h, idx);
	if (err)
		return brkit_fail(h, err, "%s", doing);
	return 0;
}

struct get_ctx {
	struct brkit_vxlan_info *out;
	int err;
	bool seen;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *ctx = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	ctx->seen = true;
	ctx->err = brkit_vxlan_parse(nlh, ctx->out);
	return MNL_CB_OK;
}

int brkit_vxlan_get(struct brkit *h, const char *ifname, struct brkit_vxlan_info *out)
{
	struct get_ctx ctx = { .out = out };
	const char *why;
	int err;

	brkit_clear_err(h);
	if (brkit_ifname_check(ifname, &why))
		return brkit_failf(h, -EINVAL, "%s: %s", ifname ? ifname : "", why);
	err = brkit_nl_getlink(h, ifname, 0, get_cb, &ctx);
	if (err == -ENODEV)
		return brkit_failf(h, -ENODEV, "%s: no such device", ifname);
	if (err)
		return brkit_fail(h, err, "looking up %s", ifname);
	if (!ctx.seen)
		return brkit_failf(h, -ENODEV, "%s: no such device", ifname);
	if (ctx.err == -EINVAL)
		return brkit_failf(h, -ENOTTY, "%s: not a vxlan device (kind %s)", ifname,
				   out->link.kind[0] ? out->link.kind : "none");
	if (ctx.err)
		return brkit_failf(h, ctx.err, "%s: malformed reply from the kernel", ifname);
	return 0;
}

/* The dump is collected first and the callbacks run after it, so a restarted
 * dump never shows a device twice and @cb may use the handle. */
struct foreach_ctx {
	struct brkit_vxlan_info *v;
	size_t n, cap;
	int err;
};

static void foreach_restart(void *data)
{
	((struct foreach_ctx *)data)->n = 0;
}

static int foreach_cb(const struct nlmsghdr *nlh, void *data)
{
	struct foreach_ctx *ctx = data;
	struct brkit_vxlan_info vx;

	if (nlh->nlmsg_type != RTM_NEWLINK || brkit_vxlan_parse(nlh, &vx))
		return MNL_CB_OK;
	if (ctx->n == ctx->cap) {
		size_t cap = ctx->cap ? ctx->cap * 2 : 16;
		struct brkit_vxlan_info *v = realloc(ctx->v, cap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		ctx->v = v;
		ctx->cap = cap;
	}
	ctx->v[ctx->n++] = vx;
	return MNL_CB_OK;
}

int brkit_vxlan_foreach(struct brkit *h, int (*cb)(const struct brkit_vxlan_info *vx, void *arg),
			void *arg)
{
	struct foreach_ctx ctx = { 0 };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li;
	size_t i;
	int err;

	brkit_clear_err(h);
	nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	/* A kind filter the kernel applies to link dumps (strict checking allows it). */
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxlan");
	mnl_attr_nest_end(nlh, li);
	err = brkit_nl_dump(h, nlh, foreach_cb, &ctx, foreach_restart);
	if (err) {
		free(ctx.v);
		return brkit_fail(h, err, "listing vxlan devices");
	}
	for (i = 0, err = 0; i < ctx.n && !err; i++)
		err = cb(&ctx.v[i], arg);
	free(ctx.v);
	return err;
}

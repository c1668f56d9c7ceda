// SPDX-License-Identifier: LGPL-2.1-or-later
/* The VNI filter of an `external vnifilter` VXLAN device: RTM_NEWTUNNEL,
 * RTM_DELTUNNEL and RTM_GETTUNNEL with struct tunnel_msg (family
 * PF_BRIDGE), one VXLAN_VNIFILTER_ENTRY nest per range, as iproute2's
 * `bridge vni` sends them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include "nl/nl.h"
#include "vxlan/vxlan.h"

int brkit_vni_range_check(uint32_t vni, uint32_t vni_end, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (vni == 0 || vni_end == 0) {
		*why = "VNI 0 cannot be filtered (1..16777215)";
		return -EINVAL;
	}
	if (vni > BRKIT_VXLAN_VNI_MAX || vni_end > BRKIT_VXLAN_VNI_MAX) {
		*why = "VNI is over 16777215 (2^24-1)";
		return -EINVAL;
	}
	if (vni_end < vni) {
		*why = "range ends before it starts";
		return -EINVAL;
	}
	return 0;
}

/* The device must be a vxlan device with its VNI filter on. */
static int check_dev(struct brkit *h, const char *doing, const char *dev, int *ifindex)
{
	struct brkit_vxlan_info vx;
	const char *why;
	int err;

	if (brkit_ifname_check(dev, &why))
		return brkit_failf(h, -EINVAL, "%s: '%s': %s", doing, dev ? dev : "", why);
	err = brkit_vxlan_get(h, dev, &vx);
	if (err == -ENODEV)
		return brkit_failf(h, err, "%s: %s: no such device", doing, dev);
	if (err == -ENOTTY)
		return brkit_failf(h, err, "%s: %s is not a vxlan device (kind %s)", doing, dev,
				   vx.link.kind[0] ? vx.link.kind : "none");
	if (err)
		return err;
	if (!vx.vnifilter)
		return brkit_failf(h, -EOPNOTSUPP,
				   "%s: vxlan %s has no VNI filter (create it with "
				   "'external vnifilter')",
				   doing, dev);
	*ifindex = vx.link.ifindex;
	return 0;
}

static void describe(char *buf, size_t len, const char *verb, const char *prep, const char *dev,
		     const struct brkit_vni_entry *r, size_t n)
{
	if (n == 1 && r[0].vni == r[0].vni_end)
		snprintf(buf, len, "%s vni %u %s %s", verb, r[0].vni, prep, dev);
	else if (n == 1)
		snprintf(buf, len, "%s vni %u-%u %s %s", verb, r[0].vni, r[0].vni_end, prep, dev);
	else
		snprintf(buf, len, "%s %zu VNI ranges %s %s", verb, n, prep, dev);
}

static int change(struct brkit *h, bool add, const char *dev, const struct brkit_vni_entry *r,
		  size_t n, const struct brkit_ipaddr *remote)
{
	char doing[96];
	struct nlmsghdr *nlh;
	struct tunnel_msg *tm;
	const char *why;
	int ifindex = 0, err;
	size_t i;

	brkit_clear_err(h);
	describe(doing, sizeof(doing), add ? "adding" : "deleting", add ? "to" : "from",
		 dev ? dev : "", r, n);
	if (!n || !r)
		return brkit_failf(h, -EINVAL, "%s: no VNI given", doing);
	for (i = 0; i < n; i++)
		if (brkit_vni_range_check(r[i].vni, r[i].vni_end, &why))
			return brkit_failf(h, -EINVAL, "%s: %s", doing, why);
	if (remote && remote->family && remote->family != AF_INET && remote->family != AF_INET6)
		return brkit_failf(h, -EINVAL, "%s: remote is neither IPv4 nor IPv6", doing);
	/* 32 bytes an entry at most: stay far inside the request buffer */
	if (n > 1024)
		return brkit_failf(h, -E2BIG, "%s: more than 1024 ranges in one request", doing);
	err = check_dev(h, doing, dev, &ifindex);
	if (err)
		return err;
	nlh = brkit_nl_msg(h, add ? RTM_NEWTUNNEL : RTM_DELTUNNEL, 0);
	tm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tm));
	tm->family = PF_BRIDGE;
	tm->ifindex = (uint32_t)ifindex;
	for (i = 0; i < n; i++) {
		struct nlattr *e = mnl_attr_nest_start(nlh, VXLAN_VNIFILTER_ENTRY);

		mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_START, r[i].vni);
		if (r[i].vni_end != r[i].vni)
			mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_END, r[i].vni_end);
		if (add && remote && remote->family == AF_INET)
			mnl_attr_put(nlh, VXLAN_VNIFILTER_ENTRY_GROUP, 4, remote->addr);
		else if (add && remote && remote->family == AF_INET6)
			mnl_attr_put(nlh, VXLAN_VNIFILTER_ENTRY_GROUP6, 16, remote->addr);
		mnl_attr_nest_end(nlh, e);
	}
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err == -ENOENT && !add && !h->ext[0])
		return brkit_failf(h, err, "%s: not in the VNI filter", doing);
	if (err)
		return brkit_fail(h, err, "%s", doing);
	return 0;
}

int brkit_vni_add(struct brkit *h, const char *dev, const struct brkit_vni_entry *r, size_t n,
		  const struct brkit_ipaddr *remote)
{
	return change(h, true, dev, r, n, remote);
}

int brkit_vni_del(struct brkit *h, const char *dev, const struct brkit_vni_entry *r, size_t n)
{
	return change(h, false, dev, r, n, NULL);
}

/* An address of exactly its family's size; any other is absent. */
static void get_ip(struct brkit_ipaddr *ip, int family, const struct nlattr *a)
{
	size_t len = family == AF_INET ? 4 : 16;

	if (!a || mnl_attr_validate2(a, MNL_TYPE_BINARY, len) < 0)
		return;
	ip->family = family;
	memcpy(ip->addr, mnl_attr_get_payload(a), len);
}

int brkit_vni_parse(const struct nlmsghdr *nlh,
		    int (*cb)(const struct brkit_vni_entry *e, void *arg), void *arg)
{
	const struct tunnel_msg *tm;
	const struct nlattr *a;
	int err;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*tm))
		return -EBADMSG;
	tm = mnl_nlmsg_get_payload(nlh);
	if (tm->family != PF_BRIDGE)
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*tm))
	{
		const struct nlattr *tb[VXLAN_VNIFILTER_ENTRY_MAX + 1];
		struct brkit_vni_entry e;

		if (mnl_attr_get_type(a) != VXLAN_VNIFILTER_ENTRY)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			return -EBADMSG;
		brkit_nl_parse_nested(a, tb, VXLAN_VNIFILTER_ENTRY_MAX);
		if (!brkit_nl_attr_ok(tb[VXLAN_VNIFILTER_ENTRY_START], MNL_TYPE_U32))
			return -EBADMSG;
		memset(&e, 0, sizeof(e));
		e.ifindex = (int)tm->ifindex;
		e.vni = mnl_attr_get_u32(tb[VXLAN_VNIFILTER_ENTRY_START]);
		e.vni_end = brkit_nl_u32(tb[VXLAN_VNIFILTER_ENTRY_END]);
		if (!e.vni_end)
			e.vni_end = e.vni;
		if (e.vni_end < e.vni)
			return -EBADMSG;
		if (tb[VXLAN_VNIFILTER_ENTRY_GROUP])
			get_ip(&e.remote, AF_INET, tb[VXLAN_VNIFILTER_ENTRY_GROUP]);
		else
			get_ip(&e.remote, AF_INET6, tb[VXLAN_VNIFILTER_ENTRY_GROUP6]);
		err = cb(&e, arg);
		if (err)
			return err;
	}
	return 0;
}

struct dump_ctx {
	struct brkit_vni_entry *v;
	size_t n, cap;
};

static void dump_restart(void *data)
{
	((struct dump_ctx *)data)->n = 0;
}

static int collect(const struct brkit_vni_entry *e, void *arg)
{
	struct dump_ctx *ctx = arg;

	if (ctx->n == ctx->cap) {
		size_t cap = ctx->cap ? ctx->cap * 2 : 32;
		struct brkit_vni_entry *v = realloc(ctx->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		ctx->v = v;
		ctx->cap = cap;
	}
	ctx->v[ctx->n++] = *e;
	return 0;
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	int err;

	if (nlh->nlmsg_type != RTM_NEWTUNNEL)
		return MNL_CB_OK;
	err = brkit_vni_parse(nlh, collect, data);
	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int brkit_vni_foreach(struct brkit *h, const char *dev,
		      int (*cb)(const struct brkit_vni_entry *e, void *arg), void *arg)
{
	struct dump_ctx ctx = { 0 };
	char doing[64];
	struct nlmsghdr *nlh;
	struct tunnel_msg *tm;
	int ifindex = 0, err;
	size_t i;

	brkit_clear_err(h);
	snprintf(doing, sizeof(doing), "listing the VNI filter%s%s", dev ? " of " : "",
		 dev ? dev : "");
	if (dev) {
		err = check_dev(h, doing, dev, &ifindex);
		if (err)
			return err;
	}
	nlh = brkit_nl_msg(h, RTM_GETTUNNEL, NLM_F_DUMP);
	tm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tm));
	tm->family = PF_BRIDGE;
	tm->ifindex = (uint32_t)ifindex;
	err = brkit_nl_dump(h, nlh, dump_cb, &ctx, dump_restart);
	if (err) {
		free(ctx.v);
		return brkit_fail(h, err, "%s", doing);
	}
	for (i = 0, err = 0; i < ctx.n && !err; i++)
		err = cb(&ctx.v[i], arg);
	free(ctx.v);
	return err;
}

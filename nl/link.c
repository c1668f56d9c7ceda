// SPDX-License-Identifier: LGPL-2.1-or-later
/* Generic link operations every module uses: look-up, up/down, MTU, delete. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_link.h>
#include "nl/nl.h"

int brkit_nl_parse_link(const struct nlmsghdr *nlh, struct brkit_link *out,
			const struct nlattr **tb_out)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct nlattr *attr;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -EBADMSG;
	memset(out, 0, sizeof(*out));
	out->ifindex = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	mnl_attr_for_each(attr, nlh, sizeof(*ifi))
	{
		unsigned int type = mnl_attr_get_type(attr);

		if (type <= IFLA_MAX)
			tb[type] = attr;
	}
	/* Each read checks the attribute's length: a malformed one is absent. */
	if (brkit_nl_str(tb[IFLA_IFNAME]))
		snprintf(out->ifname, sizeof(out->ifname), "%s", brkit_nl_str(tb[IFLA_IFNAME]));
	out->master = (int)brkit_nl_u32(tb[IFLA_MASTER]);
	out->mtu = brkit_nl_u32(tb[IFLA_MTU]);
	out->group = brkit_nl_u32(tb[IFLA_GROUP]);
	out->operstate = brkit_nl_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(out->addr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
		out->has_addr = true;
	}
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *li[IFLA_INFO_MAX + 1];
		const char *kind;

		brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
		kind = brkit_nl_str(li[IFLA_INFO_KIND]);
		if (kind)
			snprintf(out->kind, sizeof(out->kind), "%s", kind);
	}
	if (tb_out)
		memcpy(tb_out, tb, sizeof(tb));
	return 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct brkit_link *out = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (brkit_nl_parse_link(nlh, out, NULL) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int brkit_nl_getlink(struct brkit *h, const char *ifname, int ifindex, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int err;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (ifname)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = brkit_nl_talk(h, nlh, cb, data);
	return err == -ENOENT ? -ENODEV : err;
}

static int link_get(struct brkit *h, const char *ifname, int ifindex, struct brkit_link *out)
{
	memset(out, 0, sizeof(*out));
	return brkit_nl_getlink(h, ifname, ifindex, link_cb, out);
}

int brkit_link_get(struct brkit *h, const char *ifname, struct brkit_link *out)
{
	const char *why;
	int err;

	if (brkit_ifname_check(ifname, &why))
		return brkit_failf(h, -EINVAL, "%s: %s", ifname ? ifname : "", why);
	err = link_get(h, ifname, 0, out);
	if (err == -ENODEV)
		return brkit_failf(h, err, "%s: no such device", ifname);
	if (err)
		return brkit_fail(h, err, "looking up %s", ifname);
	return 0;
}

int brkit_link_get_index(struct brkit *h, int ifindex, struct brkit_link *out)
{
	int err = link_get(h, NULL, ifindex, out);

	if (err == -ENODEV)
		return brkit_failf(h, err, "ifindex %d: no such device", ifindex);
	if (err)
		return brkit_fail(h, err, "looking up ifindex %d", ifindex);
	return 0;
}

int brkit_nl_ifindex(struct brkit *h, const char *ifname)
{
	struct brkit_link l;
	int err = brkit_link_get(h, ifname, &l);

	return err ? err : l.ifindex;
}

/* The devices are collected during the dump and handed to the caller's
 * callback after it: an interrupted dump is re-run from a clean list (no
 * device seen twice), and the callback may use the handle. */
struct foreach_ctx {
	struct brkit_link *v;
	size_t n, cap;
};

static int foreach_cb(const struct nlmsghdr *nlh, void *data)
{
	struct foreach_ctx *ctx = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (ctx->n == ctx->cap) {
		size_t cap = ctx->cap ? ctx->cap * 2 : 64;
		struct brkit_link *v = realloc(ctx->v, cap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		ctx->v = v;
		ctx->cap = cap;
	}
	if (brkit_nl_parse_link(nlh, &ctx->v[ctx->n], NULL) == 0)
		ctx->n++;
	return MNL_CB_OK;
}

static void foreach_restart(void *data)
{
	((struct foreach_ctx *)data)->n = 0;
}

int brkit_link_foreach(struct brkit *h, int (*cb)(const struct brkit_link *l, void *arg), void *arg)
{
	struct foreach_ctx ctx = { 0 };
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	size_t i;
	int err;

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = brkit_nl_dump(h, nlh, foreach_cb, &ctx, foreach_restart);
	if (err) {
		free(ctx.v);
		return brkit_fail(h, err, "listing devices");
	}
	for (i = 0; i < ctx.n && !err; i++)
		err = cb(&ctx.v[i], arg);
	free(ctx.v);
	return err;
}

struct names_seen {
	char (*name)[IFNAMSIZ];
	size_t n, cap;
};

static int collect_name(const struct brkit_link *l, void *arg)
{
	struct names_seen *s = arg;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char(*p)[IFNAMSIZ] = realloc(s->name, cap * IFNAMSIZ);

		if (!p)
			return -ENOMEM;
		s->name = p;
		s->cap = cap;
	}
	memcpy(s->name[s->n++], l->ifname, IFNAMSIZ);
	return 0;
}

static bool name_taken(const struct names_seen *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strncmp(s->name[i], name, IFNAMSIZ))
			return true;
	return false;
}

int brkit_nl_add_templated(struct brkit *h, const char *what, const char *tmpl, char out[IFNAMSIZ],
			   int (*add)(struct brkit *h, const char *name, void *arg), void *arg)
{
	struct names_seen s = { 0 };
	unsigned int n = 0, tries = 0;
	const char *pct = tmpl ? strchr(tmpl, '%') : NULL;
	char name[IFNAMSIZ];
	int err, len;

	if (!pct) {
		err = add(h, tmpl, arg);
		if (!err)
			snprintf(out, IFNAMSIZ, "%s", tmpl);
		return err;
	}
	if (pct[1] != 'd' || strchr(pct + 2, '%'))
		return brkit_failf(h, -EINVAL,
				   "%s '%s': a name template takes one '%%d' and no other '%%'",
				   what, tmpl);
	err = brkit_link_foreach(h, collect_name, &s);
	if (err) {
		free(s.name);
		return err == -ENOMEM ? brkit_failf(h, err, "listing devices: out of memory") : err;
	}
	for (;;) {
		len = snprintf(name, sizeof(name), "%.*s%u%s", (int)(pct - tmpl), tmpl, n, pct + 2);
		if (len < 0 || len >= IFNAMSIZ || n > 32767) {
			err = brkit_failf(h, -ENFILE,
					  "%s %s: no free name (every number up to %u is taken%s)",
					  what, tmpl, n ? n - 1 : 0,
					  len >= IFNAMSIZ ? " or too long a name" : "");
			break;
		}
		n++;
		if (name_taken(&s, name))
			continue;
		err = add(h, name, arg);
		if (err != -EEXIST || ++tries > 100)
			break;
		/* -EEXIST for something else than the name (a VXLAN's VNI): stop */
		if (brkit_nl_getlink(h, name, 0, NULL, NULL) != 0)
			break;
	}
	free(s.name);
	if (!err)
		memcpy(out, name, IFNAMSIZ);
	return err;
}

int brkit_nl_setlink(struct brkit *h, int ifindex, int up, long mtu, int master)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_SETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (up >= 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = up ? IFF_UP : 0;
	}
	if (mtu >= 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, (uint32_t)mtu);
	if (master >= 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	return brkit_nl_talk(h, nlh, NULL, NULL);
}

int brkit_link_set_up(struct brkit *h, const char *ifname, bool up)
{
	int idx = brkit_nl_ifindex(h, ifname), err;

	if (idx < 0)
		return idx;
	err = brkit_nl_setlink(h, idx, up, -1, -1);
	if (err)
		return brkit_fail(h, err, "setting %s %s", ifname, up ? "up" : "down");
	return 0;
}

int brkit_link_set_mtu(struct brkit *h, const char *ifname, unsigned int mtu)
{
	int idx = brkit_nl_ifindex(h, ifname), err;

	if (idx < 0)
		return idx;
	err = brkit_nl_setlink(h, idx, -1, mtu, -1);
	if (err)
		return brkit_fail(h, err, "setting mtu %u on %s", mtu, ifname);
	return 0;
}

int brkit_nl_dellink(struct brkit *h, int ifindex)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_DELLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return brkit_nl_talk(h, nlh, NULL, NULL);
}

int brkit_link_del(struct brkit *h, const char *ifname)
{
	int idx = brkit_nl_ifindex(h, ifname), err;

	if (idx < 0)
		return idx;
	err = brkit_nl_dellink(h, idx);
	if (err)
		return brkit_fail(h, err, "deleting %s", ifname);
	return 0;
}

int brkit_link_del_group(struct brkit *h, unsigned int group)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	int err;

	if (group == 0)
		return brkit_failf(h, -EINVAL,
				   "netdev group 0: refusing to delete the default group");
	nlh = brkit_nl_msg(h, RTM_DELLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_GROUP, group);
	err = brkit_nl_talk(h, nlh, NULL, NULL);
	if (err)
		return brkit_fail(h, err, "deleting the devices of netdev group %u", group);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* A port's duplex through ethtool netlink (generic netlink family "ethtool",
 * ETHTOOL_MSG_LINKMODES_GET): the requests and the parsing of the replies,
 * pure (no system calls), so the unit tests feed them bytes. 802.1D-2004
 * 6.4.3: a full-duplex MAC is point-to-point unless told otherwise, a
 * half-duplex one is a shared medium (no proposal/agreement there). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include "stpd/stpd.h"

static struct nlmsghdr *genl_put(void *buf, size_t len, uint16_t type, uint8_t cmd, uint32_t seq,
				 uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	if (len < 256) /* room for the largest request here */
		return NULL;
	memset(buf, 0, MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*g)));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

size_t stpd_genl_family_request(void *buf, size_t len, uint32_t seq)
{
	struct nlmsghdr *nlh = genl_put(buf, len, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, seq, 1);

	if (!nlh)
		return 0;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME);
	return nlh->nlmsg_len;
}

/* The first message of @buf (@len bytes), checked: a whole netlink message
 * of type @type with a generic netlink header; its attributes' offset. */
static const struct nlmsghdr *genl_msg(const void *buf, size_t len, int *err)
{
	const struct nlmsghdr *nlh = buf;

	*err = -EINVAL;
	if (len < sizeof(*nlh) || !mnl_nlmsg_ok(nlh, (int)len))
		return NULL;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e))
			return NULL;
		*err = e->error < 0 ? e->error : -EPROTO;
		return NULL;
	}
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)))
		return NULL;
	*err = 0;
	return nlh;
}

/* The id of multicast group "monitor" in CTRL_ATTR_MCAST_GROUPS @a. */
static int monitor_group(const struct nlattr *a, uint32_t *group)
{
	const struct nlattr *g, *x;

	mnl_attr_for_each_nested(g, a)
	{
		const char *name = NULL;
		uint32_t id = 0;
		bool has_id = false;

		mnl_attr_for_each_nested(x, g)
		{
			if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(x, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(x);
			else if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_ID &&
				 mnl_attr_validate(x, MNL_TYPE_U32) == 0) {
				id = mnl_attr_get_u32(x);
				has_id = true;
			}
		}
		if (name && has_id && !strcmp(name, ETHTOOL_MCGRP_MONITOR_NAME)) {
			*group = id;
			return 0;
		}
	}
	return -ENOENT;
}

int stpd_genl_family_parse(const void *buf, size_t len, uint16_t *id, uint32_t *monitor)
{
	const struct nlmsghdr *nlh;
	const struct nlattr *a;
	bool found = false;
	int err;

	nlh = genl_msg(buf, len, &err);
	if (!nlh)
		return err;
	if (monitor)
		*monitor = 0;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
	{
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID) {
			if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
				return -EINVAL;
			*id = mnl_attr_get_u16(a);
			found = true;
		} else if (monitor &&
			   (mnl_attr_get_type(a) & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GROUPS) {
			monitor_group(a, monitor);
		}
	}
	return found ? 0 : -ENOENT;
}

size_t stpd_ethtool_duplex_request(void *buf, size_t len, uint16_t family, uint32_t seq,
				   int ifindex)
{
	struct nlmsghdr *nlh =
		genl_put(buf, len, family, ETHTOOL_MSG_LINKMODES_GET, seq, ETHTOOL_GENL_VERSION);
	struct nlattr *nest;

	if (!nlh)
		return 0;
	nest = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKMODES_HEADER);
	mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t)ifindex);
	/* the bit sets compact: the reply's link modes are not read here */
	mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_FLAGS, ETHTOOL_FLAG_COMPACT_BITSETS);
	mnl_attr_nest_end(nlh, nest);
	return nlh->nlmsg_len;
}

int stpd_ethtool_duplex_parse(const void *buf, size_t len, int *duplex)
{
	const struct nlmsghdr *nlh;
	const struct genlmsghdr *g;
	const struct nlattr *a;
	int err;

	nlh = genl_msg(buf, len, &err);
	if (!nlh)
		return err;
	g = mnl_nlmsg_get_payload(nlh);
	if (g->cmd != ETHTOOL_MSG_LINKMODES_GET_REPLY)
		return -EINVAL;
	mnl_attr_for_each(a, nlh, sizeof(*g))
	{
		if (mnl_attr_get_type(a) != ETHTOOL_A_LINKMODES_DUPLEX)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U8) < 0)
			return -EINVAL;
		*duplex = mnl_attr_get_u8(a);
		return 0;
	}
	*duplex = DUPLEX_UNKNOWN; /* a driver that says nothing of it */
	return 0;
}

int stpd_ethtool_duplex_ntf(const void *buf, size_t len, int *ifindex, int *duplex)
{
	const struct nlmsghdr *nlh;
	const struct genlmsghdr *g;
	const struct nlattr *a, *x;
	int err;

	nlh = genl_msg(buf, len, &err);
	if (!nlh)
		return err;
	g = mnl_nlmsg_get_payload(nlh);
	if (g->cmd != ETHTOOL_MSG_LINKMODES_NTF)
		return -ENOENT; /* another ethtool notification */
	*ifindex = 0;
	*duplex = DUPLEX_UNKNOWN;
	mnl_attr_for_each(a, nlh, sizeof(*g))
	{
		if ((mnl_attr_get_type(a) & NLA_TYPE_MASK) == ETHTOOL_A_LINKMODES_HEADER) {
			mnl_attr_for_each_nested(x, a)
			{
				if (mnl_attr_get_type(x) != ETHTOOL_A_HEADER_DEV_INDEX)
					continue;
				if (mnl_attr_validate(x, MNL_TYPE_U32) < 0)
					return -EINVAL;
				*ifindex = (int)mnl_attr_get_u32(x);
			}
		} else if (mnl_attr_get_type(a) == ETHTOOL_A_LINKMODES_DUPLEX) {
			if (mnl_attr_validate(a, MNL_TYPE_U8) < 0)
				return -EINVAL;
			*duplex = mnl_attr_get_u8(a);
		}
	}
	return *ifindex > 0 ? 0 : -EINVAL;
}

bool stpd_duplex_p2p(int duplex)
{
	/* full, or unknown (no driver answer): point-to-point, as before */
	return duplex != DUPLEX_HALF;
}

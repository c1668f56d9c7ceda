// SPDX-License-Identifier: LGPL-2.1-or-later
/* Event messages into the structs of <brkit/events.h>: pure, no system calls.
 * Every attribute's length is checked before it is read. */
#include <errno.h>
#include <string.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include "nl/nl.h"
#include "events/events_int.h"

static bool attr_ok(const struct nlattr *a, enum mnl_attr_data_type t)
{
	return a && mnl_attr_validate(a, t) >= 0;
}

int events_parse_link(const struct nlmsghdr *nlh, struct brkit_ev_link *out)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return -ENOENT;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -EBADMSG;
	if (ifi->ifi_family != AF_BRIDGE && ifi->ifi_family != AF_UNSPEC)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	if (brkit_nl_parse_link(nlh, &out->link, tb) < 0)
		return -EBADMSG;
	if (!attr_ok(tb[IFLA_IFNAME], MNL_TYPE_NUL_STRING))
		return -EBADMSG;
	out->deleted = nlh->nlmsg_type == RTM_DELLINK;
	out->port = ifi->ifi_family == AF_BRIDGE;
	out->has_mtu = attr_ok(tb[IFLA_MTU], MNL_TYPE_U32);
	if (tb[IFLA_LINK]) {
		if (!attr_ok(tb[IFLA_LINK], MNL_TYPE_U32))
			return -EBADMSG;
		out->has_link = true;
		out->lower = (int)mnl_attr_get_u32(tb[IFLA_LINK]);
		out->lower_netnsid = tb[IFLA_LINK_NETNSID] != NULL;
	}
	if (tb[IFLA_PROTINFO] && (tb[IFLA_PROTINFO]->nla_type & NLA_F_NESTED)) {
		const struct nlattr *p[IFLA_BRPORT_MAX + 1];

		brkit_nl_parse_nested(tb[IFLA_PROTINFO], p, IFLA_BRPORT_MAX);
		if (attr_ok(p[IFLA_BRPORT_STATE], MNL_TYPE_U8)) {
			out->has_state = true;
			out->state = mnl_attr_get_u8(p[IFLA_BRPORT_STATE]);
		}
		if (attr_ok(p[IFLA_BRPORT_PRIORITY], MNL_TYPE_U16)) {
			out->has_priority = true;
			out->priority = mnl_attr_get_u16(p[IFLA_BRPORT_PRIORITY]);
		}
		if (attr_ok(p[IFLA_BRPORT_COST], MNL_TYPE_U32)) {
			out->has_cost = true;
			out->cost = mnl_attr_get_u32(p[IFLA_BRPORT_COST]);
		}
	} else if (attr_ok(tb[IFLA_PROTINFO], MNL_TYPE_U8)) {
		/* older kernels: the port state alone */
		out->has_state = true;
		out->state = mnl_attr_get_u8(tb[IFLA_PROTINFO]);
	}
	return 0;
}

int events_parse_vlans(const struct nlmsghdr *nlh, events_vlan_fn fn, void *arg)
{
	const struct br_vlan_msg *bvm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *b;
	int ret;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*bvm)))
		return -EBADMSG;
	mnl_attr_for_each(a, nlh, sizeof(*bvm))
	{
		const struct bridge_vlan_info *vi = NULL;
		struct brkit_ev_vlan v = { .deleted = nlh->nlmsg_type == RTM_DELVLAN,
					   .ifindex = (int)bvm->ifindex,
					   .state = -1 };

		if (mnl_attr_get_type(a) != BRIDGE_VLANDB_ENTRY)
			continue;
		mnl_attr_for_each_nested(b, a)
		{
			switch (mnl_attr_get_type(b)) {
			case BRIDGE_VLANDB_ENTRY_INFO:
				if (mnl_attr_get_payload_len(b) >= sizeof(*vi))
					vi = mnl_attr_get_payload(b);
				break;
			case BRIDGE_VLANDB_ENTRY_RANGE:
				if (attr_ok(b, MNL_TYPE_U16))
					v.vid_end = mnl_attr_get_u16(b);
				break;
			case BRIDGE_VLANDB_ENTRY_STATE:
				if (attr_ok(b, MNL_TYPE_U8))
					v.state = mnl_attr_get_u8(b);
				break;
			}
		}
		if (!vi)
			continue;
		v.vid = vi->vid;
		if (v.vid_end < v.vid)
			v.vid_end = v.vid;
		v.flags = vi->flags & (BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED);
		ret = fn(&v, arg);
		if (ret)
			return ret;
	}
	return 0;
}

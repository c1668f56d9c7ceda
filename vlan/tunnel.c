// SPDX-License-Identifier: LGPL-2.1-or-later
/* IFLA_BRIDGE_VLAN_TUNNEL_INFO requests and replies, pure. */
#include <errno.h>
#include <string.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "nl/nl.h"
#include "vlan/tunnel.h"

static void put_one(struct nlmsghdr *nlh, uint32_t id, unsigned int vid, uint16_t flags)
{
	struct nlattr *t = mnl_attr_nest_start(nlh, IFLA_BRIDGE_VLAN_TUNNEL_INFO);

	mnl_attr_put_u32(nlh, IFLA_BRIDGE_VLAN_TUNNEL_ID, id);
	mnl_attr_put_u16(nlh, IFLA_BRIDGE_VLAN_TUNNEL_VID, (uint16_t)vid);
	mnl_attr_put_u16(nlh, IFLA_BRIDGE_VLAN_TUNNEL_FLAGS, flags);
	mnl_attr_nest_end(nlh, t);
}

void brkit_vlan_tunnel_build(struct nlmsghdr *nlh, int ifindex, unsigned int vid,
			     unsigned int vid_end, uint32_t tunid)
{
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *spec;

	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex;
	spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	if (vid_end == vid) {
		put_one(nlh, tunid, vid, 0);
	} else {
		put_one(nlh, tunid, vid, BRIDGE_VLAN_INFO_RANGE_BEGIN);
		put_one(nlh, tunid + (vid_end - vid), vid_end, BRIDGE_VLAN_INFO_RANGE_END);
	}
	mnl_attr_nest_end(nlh, spec);
}

int brkit_vlan_tunnel_parse(const struct nlmsghdr *nlh,
			    int (*cb)(int ifindex, const struct brkit_vlan_tunnel *t, void *arg),
			    void *arg)
{
	const struct ifinfomsg *ifi;
	const struct nlattr *attr, *spec = NULL;
	struct brkit_vlan_tunnel cur = { 0 }, begin = { 0 };
	bool have = false, in_range = false;
	int err;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -EBADMSG;
	ifi = mnl_nlmsg_get_payload(nlh);
	mnl_attr_for_each(attr, nlh, sizeof(*ifi))
	{
		if (mnl_attr_get_type(attr) == IFLA_AF_SPEC)
			spec = attr;
	}
	if (!brkit_nl_attr_ok(spec, MNL_TYPE_NESTED))
		return 0;
	mnl_attr_for_each_nested(attr, spec)
	{
		const struct nlattr *tb[IFLA_BRIDGE_VLAN_TUNNEL_MAX + 1];
		struct brkit_vlan_tunnel t;
		uint16_t flags;
		uint32_t id;
		uint16_t vid;

		if (mnl_attr_get_type(attr) != IFLA_BRIDGE_VLAN_TUNNEL_INFO)
			continue;
		brkit_nl_parse_nested(attr, tb, IFLA_BRIDGE_VLAN_TUNNEL_MAX);
		if (!brkit_nl_attr_ok(tb[IFLA_BRIDGE_VLAN_TUNNEL_ID], MNL_TYPE_U32) ||
		    !brkit_nl_attr_ok(tb[IFLA_BRIDGE_VLAN_TUNNEL_VID], MNL_TYPE_U16))
			continue;
		id = mnl_attr_get_u32(tb[IFLA_BRIDGE_VLAN_TUNNEL_ID]);
		vid = mnl_attr_get_u16(tb[IFLA_BRIDGE_VLAN_TUNNEL_VID]);
		flags = brkit_nl_u16(tb[IFLA_BRIDGE_VLAN_TUNNEL_FLAGS]);
		if (flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) {
			begin.vid = vid;
			begin.tunid = id;
			in_range = true;
			continue;
		}
		if ((flags & BRIDGE_VLAN_INFO_RANGE_END) && in_range && begin.vid <= vid &&
		    id - begin.tunid == (uint32_t)(vid - begin.vid)) {
			t.vid = begin.vid;
			t.tunid = begin.tunid;
		} else {
			t.vid = vid;
			t.tunid = id;
		}
		t.vid_end = vid;
		t.tunid_end = id;
		in_range = false;
		/* join with the previous range when both continue */
		if (have && cur.vid_end + 1u == t.vid && cur.tunid_end + 1u == t.tunid) {
			cur.vid_end = t.vid_end;
			cur.tunid_end = t.tunid_end;
			continue;
		}
		if (have) {
			err = cb(ifi->ifi_index, &cur, arg);
			if (err)
				return err;
		}
		cur = t;
		have = true;
	}
	if (have)
		return cb(ifi->ifi_index, &cur, arg);
	return 0;
}

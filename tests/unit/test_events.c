// SPDX-License-Identifier: GPL-2.0-or-later
/* The events module's parsers: link and port messages, VLAN entries, and
 * malformed input (short attributes, missing names, truncated entries). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "events/events_int.h"

static char buf[8192];

static struct nlmsghdr *link_msg(uint16_t type, unsigned char family, int ifindex,
				 unsigned int flags)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = family;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = flags;
	return nlh;
}

static void test_link(void **state)
{
	struct nlmsghdr *nlh = link_msg(RTM_NEWLINK, AF_UNSPEC, 7, IFF_UP | IFF_BROADCAST);
	struct brkit_ev_link l;

	(void)state;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-a");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1400);
	mnl_attr_put_u32(nlh, IFLA_MASTER, 3);
	mnl_attr_put_u32(nlh, IFLA_LINK, 8);
	assert_int_equal(events_parse_link(nlh, &l), 0);
	assert_false(l.deleted);
	assert_false(l.port);
	assert_int_equal(l.link.ifindex, 7);
	assert_string_equal(l.link.ifname, "p-a");
	assert_int_equal(l.link.flags, IFF_UP | IFF_BROADCAST);
	assert_true(l.has_mtu);
	assert_int_equal(l.link.mtu, 1400);
	assert_int_equal(l.link.master, 3);
	assert_true(l.has_link);
	assert_int_equal(l.lower, 8);
	assert_false(l.lower_netnsid);
	assert_false(l.has_state || l.has_priority || l.has_cost);

	nlh = link_msg(RTM_DELLINK, AF_UNSPEC, 9, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-b");
	mnl_attr_put_u32(nlh, IFLA_LINK, 0); /* "@NONE" */
	mnl_attr_put_u32(nlh, IFLA_LINK_NETNSID, 1);
	assert_int_equal(events_parse_link(nlh, &l), 0);
	assert_true(l.deleted);
	assert_false(l.has_mtu);
	assert_true(l.has_link);
	assert_int_equal(l.lower, 0);
	assert_true(l.lower_netnsid);
}

static void test_port(void **state)
{
	struct nlmsghdr *nlh = link_msg(RTM_NEWLINK, AF_BRIDGE, 7, IFF_UP);
	struct brkit_ev_link l;
	struct nlattr *nest;

	(void)state;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-a");
	nest = mnl_attr_nest_start(nlh, IFLA_PROTINFO);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_STATE, BRKIT_PORT_FORWARDING);
	mnl_attr_put_u16(nlh, IFLA_BRPORT_PRIORITY, 32);
	mnl_attr_put_u32(nlh, IFLA_BRPORT_COST, 100);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_MAX + 5, 1); /* newer than us: ignored */
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(events_parse_link(nlh, &l), 0);
	assert_true(l.port);
	assert_true(l.has_state && l.has_priority && l.has_cost);
	assert_int_equal(l.state, BRKIT_PORT_FORWARDING);
	assert_int_equal(l.priority, 32);
	assert_int_equal(l.cost, 100);

	/* older kernels: IFLA_PROTINFO is the state alone */
	nlh = link_msg(RTM_NEWLINK, AF_BRIDGE, 7, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-a");
	mnl_attr_put_u8(nlh, IFLA_PROTINFO, BRKIT_PORT_BLOCKING);
	assert_int_equal(events_parse_link(nlh, &l), 0);
	assert_true(l.has_state);
	assert_false(l.has_priority || l.has_cost);
	assert_int_equal(l.state, BRKIT_PORT_BLOCKING);

	/* a cost of two bytes is not read as four */
	nlh = link_msg(RTM_NEWLINK, AF_BRIDGE, 7, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-a");
	nest = mnl_attr_nest_start(nlh, IFLA_PROTINFO);
	mnl_attr_put_u16(nlh, IFLA_BRPORT_COST, 100);
	mnl_attr_put_u32(nlh, IFLA_BRPORT_PRIORITY, 32);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(events_parse_link(nlh, &l), 0);
	assert_false(l.has_cost);
	assert_false(l.has_priority);
}

static void test_link_bad(void **state)
{
	struct nlmsghdr *nlh;
	struct brkit_ev_link l;

	(void)state;
	/* not ours */
	nlh = link_msg(RTM_NEWLINK, AF_INET6, 7, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-a");
	assert_int_equal(events_parse_link(nlh, &l), -ENOENT);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	assert_int_equal(events_parse_link(nlh, &l), -ENOENT);
	/* no name */
	nlh = link_msg(RTM_NEWLINK, AF_UNSPEC, 7, 0);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	assert_int_equal(events_parse_link(nlh, &l), -EBADMSG);
	/* a short IFLA_LINK */
	nlh = link_msg(RTM_NEWLINK, AF_UNSPEC, 7, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-a");
	mnl_attr_put_u16(nlh, IFLA_LINK, 3);
	assert_int_equal(events_parse_link(nlh, &l), -EBADMSG);
	/* shorter than its header */
	nlh = link_msg(RTM_NEWLINK, AF_UNSPEC, 7, 0);
	nlh->nlmsg_len = mnl_nlmsg_size(sizeof(struct ifinfomsg)) - 1;
	assert_int_equal(events_parse_link(nlh, &l), -EBADMSG);
	/* a short IFLA_MTU is not taken */
	nlh = link_msg(RTM_NEWLINK, AF_UNSPEC, 7, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p-a");
	mnl_attr_put_u16(nlh, IFLA_MTU, 1500);
	assert_int_equal(events_parse_link(nlh, &l), 0);
	assert_false(l.has_mtu);
}

struct seen {
	struct brkit_ev_vlan v[8];
	int n;
	int stop_at;
};

static int vlan_cb(const struct brkit_ev_vlan *v, void *arg)
{
	struct seen *s = arg;

	s->v[s->n++] = *v;
	return s->n == s->stop_at ? 42 : 0;
}

static struct nlmsghdr *vlan_msg(uint16_t type, int ifindex)
{
	struct nlmsghdr *nlh;
	struct br_vlan_msg *bvm;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	bvm = mnl_nlmsg_put_extra_header(nlh, sizeof(*bvm));
	bvm->family = AF_BRIDGE;
	bvm->ifindex = (uint32_t)ifindex;
	return nlh;
}

static void put_entry(struct nlmsghdr *nlh, uint16_t vid, uint16_t flags, int range, int st,
		      size_t infolen)
{
	struct bridge_vlan_info vi = { .flags = flags, .vid = vid };
	struct nlattr *e = mnl_attr_nest_start(nlh, BRIDGE_VLANDB_ENTRY);

	mnl_attr_put(nlh, BRIDGE_VLANDB_ENTRY_INFO, infolen, &vi);
	if (range)
		mnl_attr_put_u16(nlh, BRIDGE_VLANDB_ENTRY_RANGE, (uint16_t)range);
	if (st >= 0)
		mnl_attr_put_u8(nlh, BRIDGE_VLANDB_ENTRY_STATE, (uint8_t)st);
	mnl_attr_nest_end(nlh, e);
}

static void test_vlans(void **state)
{
	struct nlmsghdr *nlh = vlan_msg(RTM_NEWVLAN, 5);
	struct seen s = { .n = 0 };

	(void)state;
	put_entry(nlh, 10, BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED, 0, -1,
		  sizeof(struct bridge_vlan_info));
	put_entry(nlh, 20, BRIDGE_VLAN_INFO_MASTER, 30, BRKIT_PORT_LEARNING,
		  sizeof(struct bridge_vlan_info));
	put_entry(nlh, 40, 0, 0, -1, 2); /* INFO cut short: skipped */
	put_entry(nlh, 50, 0, 45, -1, sizeof(struct bridge_vlan_info)); /* range below vid */
	assert_int_equal(events_parse_vlans(nlh, vlan_cb, &s), 0);
	assert_int_equal(s.n, 3);
	assert_false(s.v[0].deleted);
	assert_int_equal(s.v[0].ifindex, 5);
	assert_int_equal(s.v[0].vid, 10);
	assert_int_equal(s.v[0].vid_end, 10);
	assert_int_equal(s.v[0].flags, BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED);
	assert_int_equal(s.v[0].state, -1);
	assert_int_equal(s.v[1].vid, 20);
	assert_int_equal(s.v[1].vid_end, 30);
	assert_int_equal(s.v[1].flags, 0); /* only PVID and untagged are passed on */
	assert_int_equal(s.v[1].state, BRKIT_PORT_LEARNING);
	assert_int_equal(s.v[2].vid, 50);
	assert_int_equal(s.v[2].vid_end, 50);

	/* a callback's return stops the walk */
	s.n = 0;
	s.stop_at = 1;
	assert_int_equal(events_parse_vlans(nlh, vlan_cb, &s), 42);
	assert_int_equal(s.n, 1);

	nlh = vlan_msg(RTM_DELVLAN, 6);
	put_entry(nlh, 7, 0, 0, -1, sizeof(struct bridge_vlan_info));
	s.n = 0;
	s.stop_at = 0;
	assert_int_equal(events_parse_vlans(nlh, vlan_cb, &s), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.v[0].deleted);
	nlh->nlmsg_len = mnl_nlmsg_size(sizeof(struct br_vlan_msg)) - 1;
	assert_int_equal(events_parse_vlans(nlh, vlan_cb, &s), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_link_bad),
		cmocka_unit_test(test_vlans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

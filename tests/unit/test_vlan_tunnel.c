// SPDX-License-Identifier: GPL-2.0-or-later
/* Per-VLAN tunnel ids on the wire: the request brkit sends (as iproute2's
 * `bridge vlan add ... tunnel_info id N`) and the replies it reads back,
 * ranges included. Pure: no sockets. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "nl/nl.h"
#include "vlan/tunnel.h"

struct ent {
	uint32_t id;
	uint16_t vid, flags;
};

/* The IFLA_BRIDGE_VLAN_TUNNEL_INFO entries of @nlh, in order. */
static size_t entries(const struct nlmsghdr *nlh, struct ent *out, size_t max)
{
	const struct nlattr *a, *spec = NULL, *t;
	size_t n = 0;

	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg))
	{
		if (mnl_attr_get_type(a) == IFLA_AF_SPEC)
			spec = a;
	}
	assert_non_null(spec);
	mnl_attr_for_each_nested(t, spec)
	{
		const struct nlattr *tb[IFLA_BRIDGE_VLAN_TUNNEL_MAX + 1];

		assert_int_equal(mnl_attr_get_type(t), IFLA_BRIDGE_VLAN_TUNNEL_INFO);
		assert_true(n < max);
		brkit_nl_parse_nested(t, tb, IFLA_BRIDGE_VLAN_TUNNEL_MAX);
		out[n].id = mnl_attr_get_u32(tb[IFLA_BRIDGE_VLAN_TUNNEL_ID]);
		out[n].vid = mnl_attr_get_u16(tb[IFLA_BRIDGE_VLAN_TUNNEL_VID]);
		out[n].flags = mnl_attr_get_u16(tb[IFLA_BRIDGE_VLAN_TUNNEL_FLAGS]);
		n++;
	}
	return n;
}

static void test_build(void **state)
{
	static char buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	const struct ifinfomsg *ifi;
	struct ent e[4];

	(void)state;
	nlh->nlmsg_type = RTM_SETLINK;
	brkit_vlan_tunnel_build(nlh, 9, 10, 10, 1010);
	ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_family, AF_BRIDGE);
	assert_int_equal(ifi->ifi_index, 9);
	assert_int_equal(entries(nlh, e, 4), 1);
	assert_int_equal(e[0].id, 1010);
	assert_int_equal(e[0].vid, 10);
	assert_int_equal(e[0].flags, 0);
	/* a range: RANGE_BEGIN and RANGE_END, the ids as long as the VLANs */
	nlh = mnl_nlmsg_put_header(buf);
	brkit_vlan_tunnel_build(nlh, 9, 30, 32, 1030);
	assert_int_equal(entries(nlh, e, 4), 2);
	assert_int_equal(e[0].vid, 30);
	assert_int_equal(e[0].id, 1030);
	assert_int_equal(e[0].flags, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	assert_int_equal(e[1].vid, 32);
	assert_int_equal(e[1].id, 1032);
	assert_int_equal(e[1].flags, BRIDGE_VLAN_INFO_RANGE_END);
}

/* A reply as br_fill_vlan_tunnel_info() writes it. */
static void put(struct nlmsghdr *nlh, uint32_t id, uint16_t vid, uint16_t flags)
{
	struct nlattr *t = mnl_attr_nest_start(nlh, IFLA_BRIDGE_VLAN_TUNNEL_INFO);

	mnl_attr_put_u32(nlh, IFLA_BRIDGE_VLAN_TUNNEL_ID, id);
	mnl_attr_put_u16(nlh, IFLA_BRIDGE_VLAN_TUNNEL_VID, vid);
	if (flags)
		mnl_attr_put_u16(nlh, IFLA_BRIDGE_VLAN_TUNNEL_FLAGS, flags);
	mnl_attr_nest_end(nlh, t);
}

struct seen {
	int ifindex;
	struct brkit_vlan_tunnel t[8];
	size_t n;
};

static int seen_cb(int ifindex, const struct brkit_vlan_tunnel *t, void *arg)
{
	struct seen *s = arg;

	if (s->n == 8)
		return -E2BIG;
	s->ifindex = ifindex;
	s->t[s->n++] = *t;
	return 0;
}

static void test_parse(void **state)
{
	static char buf[2048];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *spec, *bad;
	struct bridge_vlan_info vi = { .vid = 10 };
	struct seen s = { .n = 0 };

	(void)state;
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = 4;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "vx0");
	spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	mnl_attr_put(nlh, IFLA_BRIDGE_VLAN_INFO, sizeof(vi), &vi); /* not a tunnel: skipped */
	put(nlh, 1010, 10, 0);
	put(nlh, 1020, 20, 0);
	put(nlh, 1030, 30, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	put(nlh, 1032, 32, BRIDGE_VLAN_INFO_RANGE_END);
	put(nlh, 1033, 33, 0); /* continues 30-32: joined */
	bad = mnl_attr_nest_start(nlh, IFLA_BRIDGE_VLAN_TUNNEL_INFO);
	mnl_attr_put_u16(nlh, IFLA_BRIDGE_VLAN_TUNNEL_ID, 7); /* malformed: skipped */
	mnl_attr_nest_end(nlh, bad);
	put(nlh, 5000, 40, 0);
	mnl_attr_nest_end(nlh, spec);
	assert_int_equal(brkit_vlan_tunnel_parse(nlh, seen_cb, &s), 0);
	assert_int_equal(s.ifindex, 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.t[0].vid, 10);
	assert_int_equal(s.t[0].vid_end, 10);
	assert_int_equal(s.t[0].tunid, 1010);
	assert_int_equal(s.t[0].tunid_end, 1010);
	assert_int_equal(s.t[1].tunid, 1020);
	assert_int_equal(s.t[2].vid, 30);
	assert_int_equal(s.t[2].vid_end, 33);
	assert_int_equal(s.t[2].tunid, 1030);
	assert_int_equal(s.t[2].tunid_end, 1033);
	assert_int_equal(s.t[3].vid, 40);
	assert_int_equal(s.t[3].tunid, 5000);
	/* a message without IFLA_AF_SPEC: nothing; one too short: -EBADMSG */
	s.n = 0;
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	assert_int_equal(brkit_vlan_tunnel_parse(nlh, seen_cb, &s), 0);
	assert_int_equal(s.n, 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4;
	assert_int_equal(brkit_vlan_tunnel_parse(nlh, seen_cb, &s), -EBADMSG);
}

static void test_roundtrip(void **state)
{
	static char buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct seen s = { .n = 0 };

	(void)state;
	/* what brkit sends reads back as the one range it meant */
	brkit_vlan_tunnel_build(nlh, 3, 100, 4094, 16777215 - 3994);
	assert_int_equal(brkit_vlan_tunnel_parse(nlh, seen_cb, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.t[0].vid, 100);
	assert_int_equal(s.t[0].vid_end, 4094);
	assert_int_equal(s.t[0].tunid, 16777215 - 3994);
	assert_int_equal(s.t[0].tunid_end, 16777215);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

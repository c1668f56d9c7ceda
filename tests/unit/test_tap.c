// SPDX-License-Identifier: GPL-2.0-or-later
/* The tap module's pure parts: name templates, the default MAC rule, the one
 * RTM_SETLINK, parsing IFLA_INFO_DATA of kind tun, and `brkit tap` arguments. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include "nl/nl.h"
#include "tap/tap_msg.h"
#include "cli/cmd_tap.h"

/* ---- names ---- */

static void test_name_ok(void **state)
{
	static const char *const ok[] = { "vm-1", "tap0", "vnet%d",	     "%d",
					  "a",	  "x%dy", "123456789012345", "vm-%d-net" };
	const char *why = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_int_equal(brkit_tap_name_check(ok[i], &why), 0);
}

static void test_name_bad(void **state)
{
	static const struct {
		const char *name;
		const char *why;
	} bad[] = {
		{ "", "empty" },
		{ "1234567890123456", "longer than 15" },
		{ "a/b", "'/'" },
		{ "a b", "white space" },
		{ "a\tb", "white space" },
		{ "a:b", "':'" },
		{ ".", "'.'" },
		{ "..", "'..'" },
		{ "vm%s", "one '%d'" },
		{ "vm%d%d", "one '%d'" },
		{ "vm%", "one '%d'" },
		{ "%%d", "one '%d'" },
		{ "a%db%", "one '%d'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		assert_int_equal(brkit_tap_name_check(bad[i].name, &why), -EINVAL);
		assert_non_null(why);
		assert_non_null(strstr(why, bad[i].why));
	}
	assert_int_equal(brkit_tap_name_check(NULL, NULL), -EINVAL);
}

static void test_name_template(void **state)
{
	(void)state;
	assert_true(brkit_tap_name_is_template("vnet%d"));
	assert_true(brkit_tap_name_is_template("%d"));
	assert_false(brkit_tap_name_is_template("vnet0"));
	assert_false(brkit_tap_name_is_template(NULL));
}

/* ---- the default MAC ---- */

static void check_default_mac(const uint8_t rnd[6])
{
	uint8_t mac[6];

	brkit_tap_mac_from_random(mac, rnd);
	assert_int_equal(mac[0], 0xfe);
	assert_int_equal(mac[0] & 1, 0); /* unicast */
	assert_int_equal(mac[0] & 2, 2); /* locally administered */
	assert_memory_equal(mac + 1, rnd + 1, 5);
	assert_int_equal(brkit_tap_mac_check(mac, NULL), 0);
}

static void test_mac_rule(void **state)
{
	static const uint8_t fixed[][6] = {
		{ 0, 0, 0, 0, 0, 0 },
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		{ 0x01, 0x80, 0xc2, 0, 0, 0 },
		{ 0x33, 0x33, 0, 0, 0, 1 },
	};
	uint8_t rnd[6];
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_default_mac(fixed[i]);
	srand(7);
	for (i = 0; i < 10000; i++) {
		for (k = 0; k < 6; k++)
			rnd[k] = (uint8_t)rand();
		check_default_mac(rnd);
	}
}

static void test_mac_check(void **state)
{
	static const uint8_t zero[6] = { 0 };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	static const uint8_t mcast2[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const uint8_t local[6] = { 0x02, 0, 0, 0, 0, 1 };
	static const uint8_t global[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(brkit_tap_mac_check(zero, &why), -EINVAL);
	assert_non_null(strstr(why, "all-zero"));
	assert_int_equal(brkit_tap_mac_check(bcast, &why), -EINVAL);
	assert_non_null(strstr(why, "multicast"));
	assert_int_equal(brkit_tap_mac_check(mcast, &why), -EINVAL);
	assert_int_equal(brkit_tap_mac_check(mcast2, &why), -EINVAL);
	assert_int_equal(brkit_tap_mac_check(local, &why), 0);
	assert_int_equal(brkit_tap_mac_check(global, &why), 0);
}

/* ---- the one RTM_SETLINK ---- */

struct attrs {
	const struct nlattr *tb[IFLA_MAX + 1];
	int count;
};

static void parse_attrs(const struct nlmsghdr *nlh, struct attrs *a)
{
	const struct nlattr *attr;

	memset(a, 0, sizeof(*a));
	mnl_attr_for_each(attr, nlh, sizeof(struct ifinfomsg))
	{
		assert_true(mnl_attr_get_type(attr) <= IFLA_MAX);
		assert_null(a->tb[mnl_attr_get_type(attr)]); /* each attribute once */
		a->tb[mnl_attr_get_type(attr)] = attr;
		a->count++;
	}
}

static struct nlmsghdr *new_setlink(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = RTM_SETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	return nlh;
}

static void test_setlink_all(void **state)
{
	static const uint8_t mac[6] = { 0xfe, 1, 2, 3, 4, 5 };
	struct brkit_tap t = { .has_devgroup = true, .devgroup = 7 };
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = new_setlink(buf);
	const struct ifinfomsg *ifi;
	struct attrs a;

	(void)state;
	brkit_tap_setlink_fill(nlh, "vm-1", &t, 42, 9000, mac);
	ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_index, 0); /* by name */
	assert_int_equal(ifi->ifi_family, AF_UNSPEC);
	assert_int_equal(ifi->ifi_change, IFF_UP);
	assert_int_equal(ifi->ifi_flags, IFF_UP);
	parse_attrs(nlh, &a);
	assert_int_equal(a.count, 5);
	assert_string_equal(mnl_attr_get_str(a.tb[IFLA_IFNAME]), "vm-1");
	assert_int_equal(mnl_attr_get_payload_len(a.tb[IFLA_ADDRESS]), 6);
	assert_memory_equal(mnl_attr_get_payload(a.tb[IFLA_ADDRESS]), mac, 6);
	assert_int_equal(mnl_attr_get_u32(a.tb[IFLA_MTU]), 9000);
	assert_int_equal(mnl_attr_get_u32(a.tb[IFLA_GROUP]), 7);
	assert_int_equal(mnl_attr_get_u32(a.tb[IFLA_MASTER]), 42);
}

static void test_setlink_minimal(void **state)
{
	static const uint8_t mac[6] = { 0xfe, 1, 2, 3, 4, 5 };
	struct brkit_tap t = { .down = true };
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = new_setlink(buf);
	const struct ifinfomsg *ifi;
	struct attrs a;

	(void)state;
	brkit_tap_setlink_fill(nlh, "vnet3", &t, 0, 0, mac);
	ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_change, 0);
	assert_int_equal(ifi->ifi_flags, 0);
	parse_attrs(nlh, &a);
	assert_int_equal(a.count, 2); /* name and address only */
	assert_non_null(a.tb[IFLA_IFNAME]);
	assert_non_null(a.tb[IFLA_ADDRESS]);
	assert_null(a.tb[IFLA_MTU]);
	assert_null(a.tb[IFLA_GROUP]);
	assert_null(a.tb[IFLA_MASTER]);
}

static void test_setlink_group_zero(void **state)
{
	static const uint8_t mac[6] = { 0xfe, 1, 2, 3, 4, 5 };
	struct brkit_tap t = { .has_devgroup = true, .devgroup = 0 };
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = new_setlink(buf);
	struct attrs a;

	(void)state;
	brkit_tap_setlink_fill(nlh, "vm-2", &t, 0, 1500, mac);
	parse_attrs(nlh, &a);
	assert_non_null(a.tb[IFLA_GROUP]); /* devgroup 0 given is sent */
	assert_int_equal(mnl_attr_get_u32(a.tb[IFLA_GROUP]), 0);
	assert_int_equal(mnl_attr_get_u32(a.tb[IFLA_MTU]), 1500);
}

/* ---- parsing a kind "tun" RTM_NEWLINK ---- */

static struct nlmsghdr *newlink(char *buf, const char *name, const char *kind, bool tap, bool mq,
				bool owner)
{
	static const uint8_t mac[6] = { 0xfe, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *li, *data;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi->ifi_index = 12;
	ifi->ifi_flags = IFF_UP | IFF_BROADCAST;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1400);
	mnl_attr_put_u32(nlh, IFLA_GROUP, 9);
	mnl_attr_put_u32(nlh, IFLA_MASTER, 3);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (!strcmp(kind, "tun")) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (owner) {
			mnl_attr_put_u32(nlh, IFLA_TUN_OWNER, 1000);
			mnl_attr_put_u32(nlh, IFLA_TUN_GROUP, 100);
		}
		mnl_attr_put_u8(nlh, IFLA_TUN_TYPE, tap ? IFF_TAP : IFF_TUN);
		mnl_attr_put_u8(nlh, IFLA_TUN_PI, 0);
		mnl_attr_put_u8(nlh, IFLA_TUN_VNET_HDR, 1);
		mnl_attr_put_u8(nlh, IFLA_TUN_PERSIST, 1);
		mnl_attr_put_u8(nlh, IFLA_TUN_MULTI_QUEUE, mq);
		if (mq) {
			mnl_attr_put_u32(nlh, IFLA_TUN_NUM_QUEUES, 4);
			mnl_attr_put_u32(nlh, IFLA_TUN_NUM_DISABLED_QUEUES, 1);
		}
		/* an attribute from a newer kernel is ignored */
		mnl_attr_put_u32(nlh, IFLA_TUN_MAX + 5, 1);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
	return nlh;
}

static void test_parse_tap(void **state)
{
	char buf[2048] = { 0 };
	struct brkit_tap_info ti;

	(void)state;
	assert_int_equal(brkit_tap_parse(newlink(buf, "vm-1", "tun", true, true, true), &ti), 0);
	assert_string_equal(ti.link.ifname, "vm-1");
	assert_string_equal(ti.link.kind, "tun");
	assert_int_equal(ti.link.ifindex, 12);
	assert_int_equal(ti.link.mtu, 1400);
	assert_int_equal(ti.link.group, 9);
	assert_int_equal(ti.link.master, 3);
	assert_true(ti.link.flags & IFF_UP);
	assert_true(ti.is_tap);
	assert_false(ti.pi);
	assert_true(ti.vnet_hdr);
	assert_true(ti.persist);
	assert_true(ti.multi_queue);
	assert_int_equal(ti.num_queues, 4);
	assert_int_equal(ti.num_disabled_queues, 1);
	assert_true(ti.has_owner);
	assert_int_equal(ti.owner, 1000);
	assert_true(ti.has_group);
	assert_int_equal(ti.group, 100);
}

static void test_parse_tun_and_others(void **state)
{
	char buf[2048] = { 0 };
	struct brkit_tap_info ti;

	(void)state;
	assert_int_equal(brkit_tap_parse(newlink(buf, "tun0", "tun", false, false, false), &ti), 0);
	assert_false(ti.is_tap);
	assert_false(ti.has_owner);
	assert_false(ti.has_group);
	assert_false(ti.multi_queue);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(brkit_tap_parse(newlink(buf, "p-a", "veth", false, false, false), &ti), 0);
	assert_string_equal(ti.link.kind, "veth");
	assert_false(ti.is_tap);
	assert_false(ti.persist);
}

/* ---- brkit tap add / flush arguments ---- */

static int parse(struct tap_add_args *a, char *msg, const char *line)
{
	char copy[512], *argv[32], *p;
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (p = strtok(copy, " "); p && argc < 32; p = strtok(NULL, " "))
		argv[argc++] = p;
	msg[0] = '\0';
	return tap_parse_add(argc, argv, a, msg, 256);
}

static void test_add_args_all(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	char line[] = "vnet%d bridge br-a user qemu group kvm vnet_hdr multi_queue mtu 9000 "
		      "mac 52:54:00:12:34:56 devgroup 4294967295";
	char *argv[32], *p;
	struct tap_add_args a;
	char msg[256];
	int argc = 0;

	(void)state;
	for (p = strtok(line, " "); p; p = strtok(NULL, " "))
		argv[argc++] = p;
	assert_int_equal(tap_parse_add(argc, argv, &a, msg, sizeof(msg)), 0);
	assert_string_equal(a.tap.name, "vnet%d");
	assert_string_equal(a.tap.bridge, "br-a");
	assert_string_equal(a.user, "qemu");
	assert_string_equal(a.group, "kvm");
	assert_true(a.tap.vnet_hdr);
	assert_true(a.tap.multi_queue);
	assert_int_equal(a.tap.mtu, 9000);
	assert_true(a.tap.has_mac);
	assert_memory_equal(a.tap.mac, mac, 6);
	assert_true(a.tap.has_devgroup);
	assert_int_equal(a.tap.devgroup, 4294967295U);
	assert_int_equal(a.tap.fd, -1);
}

static void test_add_args_defaults(void **state)
{
	struct tap_add_args a;
	char msg[256];

	(void)state;
	assert_int_equal(parse(&a, msg, "vm-1"), 0);
	assert_string_equal(a.tap.name, "vm-1");
	assert_null(a.tap.bridge);
	assert_null(a.user);
	assert_null(a.group);
	assert_false(a.tap.vnet_hdr);
	assert_false(a.tap.multi_queue);
	assert_int_equal(a.tap.mtu, 0);
	assert_false(a.tap.has_mac);
	assert_false(a.tap.has_devgroup);
	assert_false(a.tap.down);
	assert_false(a.tap.keep_fd);
	assert_int_equal(parse(&a, msg, "vm-1 master br-b mtu 68"), 0);
	assert_string_equal(a.tap.bridge, "br-b");
	assert_int_equal(a.tap.mtu, 68);
	assert_int_equal(parse(&a, msg, "vm-1 mtu 65535 devgroup 0"), 0);
	assert_int_equal(a.tap.mtu, 65535);
	assert_true(a.tap.has_devgroup);
	assert_int_equal(a.tap.devgroup, 0);
}

static void test_add_args_bad(void **state)
{
	static const struct {
		const char *line;
		const char *msg; /* the message names the object and the reason */
	} bad[] = {
		{ "vm-1234567890abc", "tap 'vm-1234567890abc': interface name is longer than 15" },
		{ "a/b", "tap 'a/b': interface name contains '/'" },
		{ "vm%s", "tap 'vm%s': a name template" },
		{ "vm-1 bridge", "tap vm-1: bridge needs a value" },
		{ "vm-1 bridge br/x", "bridge 'br/x': interface name contains '/'" },
		{ "vm-1 bridge 0123456789abcdef",
		  "bridge '0123456789abcdef': interface name is longer" },
		{ "vm-1 mtu abc", "tap vm-1: mtu 'abc': not a number" },
		{ "vm-1 mtu -5", "tap vm-1: mtu '-5': not a number" },
		{ "vm-1 mtu 67", "tap vm-1: mtu '67': out of range 68..65535" },
		{ "vm-1 mtu 65536", "tap vm-1: mtu '65536': out of range" },
		{ "vm-1 mtu 99999999999999999999999",
		  "tap vm-1: mtu '99999999999999999999999': out of range" },
		{ "vm-1 mac zz:00:00:00:00:01",
		  "tap vm-1: mac 'zz:00:00:00:00:01': not a MAC address" },
		{ "vm-1 mac 52:54:00:12:34", "tap vm-1: mac '52:54:00:12:34': not a MAC address" },
		{ "vm-1 mac 01:00:5e:00:00:01",
		  "tap vm-1: mac 01:00:5e:00:00:01: a multicast address" },
		{ "vm-1 mac ff:ff:ff:ff:ff:ff",
		  "tap vm-1: mac ff:ff:ff:ff:ff:ff: a multicast address" },
		{ "vm-1 mac 00:00:00:00:00:00", "tap vm-1: mac 00:00:00:00:00:00: the all-zero" },
		{ "vm-1 devgroup seven", "tap vm-1: devgroup 'seven': not a number" },
		{ "vm-1 devgroup 4294967296", "tap vm-1: devgroup '4294967296': out of range" },
		{ "vm-1 devgroup", "tap vm-1: devgroup needs a value" },
		{ "vm-1 user", "tap vm-1: user needs a value" },
		{ "vm-1 frobnicate", "tap vm-1: unknown argument 'frobnicate'" },
		/* a keyword given twice, aliases included */
		{ "t bridge b0 bridge b1", "tap t: 'bridge' given twice" },
		{ "t bridge b0 master b1", "tap t: 'master': bridge given twice" },
		{ "t vnet_hdr vnet_hdr", "tap t: 'vnet_hdr' given twice" },
		{ "t mtu 1500 mtu 9000", "tap t: 'mtu' given twice" },
		{ "t mac 52:54:00:12:34:56 address 52:54:00:12:34:57",
		  "tap t: 'address': mac given twice" },
		{ "t user 1 user 2", "tap t: 'user' given twice" },
		{ "t devgroup 1 devgroup 1", "tap t: 'devgroup' given twice" },
	};
	struct tap_add_args a;
	char msg[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&a, msg, bad[i].line), -EINVAL);
		if (!strstr(msg, bad[i].msg))
			fail_msg("'%s': message '%s' lacks '%s'", bad[i].line, msg, bad[i].msg);
	}
	assert_int_equal(tap_parse_add(0, NULL, &a, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "NAME is missing"));
}

static void test_add_args_empty_name(void **state)
{
	char *argv[] = { "" };
	struct tap_add_args a;
	char msg[256];

	(void)state;
	assert_int_equal(tap_parse_add(1, argv, &a, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "tap '': interface name is empty"));
}

static void test_flush_args(void **state)
{
	char *ok[] = { "devgroup", "7" };
	char *zero[] = { "devgroup", "0" };
	char *nan[] = { "devgroup", "x7" };
	char *big[] = { "devgroup", "4294967296" };
	char *kw[] = { "group", "7" };
	uint32_t g = 0;
	char msg[256];

	(void)state;
	assert_int_equal(tap_parse_flush(2, ok, &g, msg, sizeof(msg)), 0);
	assert_int_equal(g, 7);
	assert_int_equal(tap_parse_flush(2, zero, &g, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "default group"));
	assert_int_equal(tap_parse_flush(2, nan, &g, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "devgroup 'x7': not a number"));
	assert_int_equal(tap_parse_flush(2, big, &g, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "out of range"));
	assert_int_equal(tap_parse_flush(2, kw, &g, msg, sizeof(msg)), -EINVAL);
	assert_int_equal(tap_parse_flush(1, ok, &g, msg, sizeof(msg)), -EINVAL);
}

static void test_ids(void **state)
{
	uint32_t id = 1;

	(void)state;
	assert_int_equal(tap_parse_id("0", &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(tap_parse_id("1000", &id), 0);
	assert_int_equal(id, 1000);
	assert_int_equal(tap_parse_id("4294967294", &id), 0);
	assert_int_equal(id, 4294967294U);
	assert_int_equal(tap_parse_id("4294967295", &id), -ERANGE); /* (uid_t)-1: "none" */
	assert_int_equal(tap_parse_id("qemu", &id), -EINVAL);
	assert_int_equal(tap_parse_id("", &id), -EINVAL);
	assert_int_equal(tap_parse_id("-1", &id), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_ok),		cmocka_unit_test(test_name_bad),
		cmocka_unit_test(test_name_template),	cmocka_unit_test(test_mac_rule),
		cmocka_unit_test(test_mac_check),	cmocka_unit_test(test_setlink_all),
		cmocka_unit_test(test_setlink_minimal), cmocka_unit_test(test_setlink_group_zero),
		cmocka_unit_test(test_parse_tap),	cmocka_unit_test(test_parse_tun_and_others),
		cmocka_unit_test(test_add_args_all),	cmocka_unit_test(test_add_args_defaults),
		cmocka_unit_test(test_add_args_bad),	cmocka_unit_test(test_add_args_empty_name),
		cmocka_unit_test(test_flush_args),	cmocka_unit_test(test_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

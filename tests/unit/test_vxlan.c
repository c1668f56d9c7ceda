// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vxlan: argument parsing, RTM_NEWLINK building, reply parsing and
 * formatting. Pure: no sockets. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>
#include "nl/nl.h"
#include "vxlan/vxlan.h"
#include "cli/cli.h"
#include "cli/cmd_vxlan.h"
#include "cli/print.h"
#include "cli/show_vxlan.h"

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(cfg, why, ...) \
	vxlan_parse_add(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), cfg, why, sizeof(why))

/* ---- argument parsing ---- */

static void test_parse_full(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";
	const uint8_t want[4] = { 198, 51, 100, 1 };

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "42", "local", "198.51.100.1", "dstport",
			       "4790", "learning", "off", "ttl", "64", "dev", "u-1", "bridge",
			       "br-h", "up"),
			 0);
	assert_string_equal(cfg.ifname, "vx0");
	assert_int_equal(cfg.vni, 42);
	assert_int_equal(cfg.local.family, AF_INET);
	assert_memory_equal(cfg.local.addr, want, 4);
	assert_int_equal(cfg.dstport, 4790);
	assert_false(cfg.learning);
	assert_int_equal(cfg.ttl, 64);
	assert_string_equal(cfg.dev, "u-1");
	assert_string_equal(cfg.bridge, "br-h");
	assert_true(cfg.up);
}

static void test_parse_defaults(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "7"), 0);
	assert_int_equal(cfg.vni, 7);
	assert_int_equal(cfg.dstport, BRKIT_VXLAN_PORT);
	assert_int_equal(cfg.dstport, 4789);
	assert_true(cfg.learning);
	assert_int_equal(cfg.ttl, -1);
	assert_int_equal(cfg.local.family, 0);
	assert_null(cfg.dev);
	assert_null(cfg.bridge);
	assert_false(cfg.up);
	/* "id" as iproute2 spells it, "master" as a synonym of bridge, ttl auto. */
	assert_int_equal(PARSE(&cfg, why, "vx0", "id", "9", "master", "br-a", "ttl", "auto"), 0);
	assert_int_equal(cfg.vni, 9);
	assert_string_equal(cfg.bridge, "br-a");
	assert_int_equal(cfg.ttl, 0);
}

static void test_parse_vni_range(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";

	(void)state;
	/* The kernel and iproute2 accept VNI 0. */
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "0"), 0);
	assert_int_equal(cfg.vni, 0);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "16777215"), 0);
	assert_int_equal(cfg.vni, 16777215);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "16777216"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: VNI 16777216 is over 16777215 (2^24-1)");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "184467440737095516160"), -EINVAL);
	assert_non_null(strstr(why, "is over 16777215"));
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "abc"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: VNI 'abc' is not a number 0..16777215");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "-1"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "42x"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", ""), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "0x10"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", " 1"), -EINVAL);
}

static void test_parse_local(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";
	struct in6_addr a6;

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", "2001:db8::1"), 0);
	assert_int_equal(cfg.local.family, AF_INET6);
	inet_pton(AF_INET6, "2001:db8::1", &a6);
	assert_memory_equal(cfg.local.addr, &a6, 16);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", "198.51.100"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: local '198.51.100' is not an IPv4 or IPv6 address");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", "198.51.100.256"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", "host"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", ""), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", "2001:db8::1/64"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", "2001:db8:::1"), -EINVAL);
}

static void test_parse_dstport(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dstport", "1"), 0);
	assert_int_equal(cfg.dstport, 1);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dstport", "65535"), 0);
	assert_int_equal(cfg.dstport, 65535);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dstport", "0"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: dstport 0 is out of range 1..65535");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dstport", "65536"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: dstport 65536 is out of range 1..65535");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dstport", "vxlan"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: dstport 'vxlan' is not a number 1..65535");
}

static void test_parse_learning_ttl(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "learning", "on"), 0);
	assert_true(cfg.learning);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "learning", "no"), 0);
	assert_false(cfg.learning);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "learning", "maybe"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: learning 'maybe' is not on or off");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "ttl", "255"), 0);
	assert_int_equal(cfg.ttl, 255);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "ttl", "0"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "ttl", "256"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: ttl '256' is not auto or a number 1..255");
}

static void test_parse_names(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx-0123456789abc", "vni", "1"), -EINVAL);
	assert_string_equal(why,
			    "vxlan 'vx-0123456789abc': interface name is longer than 15 bytes");
	assert_int_equal(PARSE(&cfg, why, "vx-0123456789ab", "vni", "1"), 0);
	assert_int_equal(PARSE(&cfg, why, "", "vni", "1"), -EINVAL);
	assert_string_equal(why, "vxlan '': interface name is empty");
	assert_int_equal(PARSE(&cfg, why, "vx/0", "vni", "1"), -EINVAL);
	assert_string_equal(why, "vxlan 'vx/0': interface name contains '/', ':' or white space");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "bridge", "br/a"), -EINVAL);
	assert_string_equal(why,
			    "vxlan vx0: bridge 'br/a': interface name contains '/', ':' or white "
			    "space");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dev", ""), -EINVAL);
	assert_string_equal(why, "vxlan vx0: underlay device '': interface name is empty");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "bridge", "vx0"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: the device cannot be its own underlay or bridge");
	assert_int_equal(vxlan_parse_add(0, ARGV("x"), &cfg, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "vxlan add: a device name is needed");
}

static void test_parse_syntax(void **state)
{
	struct brkit_vxlan_cfg cfg;
	char why[256] = "";

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx0"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: vni N (or external) is required");
	assert_int_equal(PARSE(&cfg, why, "vx0", "local", "198.51.100.1"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: vni N (or external) is required");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: 'vni' needs a value");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dstport"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: 'dstport' needs a value");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "group", "198.51.100.9"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: unknown argument 'group'");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "vni", "2"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: 'vni': vni given twice");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "bridge", "a", "master", "b"),
			 -EINVAL);
	assert_string_equal(why, "vxlan vx0: 'master': bridge given twice");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "up", "up"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: 'up' given twice");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "dev", "a", "dev", "b"), -EINVAL);
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "1", "local", "198.51.100.1", "local",
			       "198.51.100.2"),
			 -EINVAL);
	/* A too small buffer truncates the message, never overflows. */
	{
		char small[8];

		assert_int_equal(vxlan_parse_add(1, ARGV("vx0"), &cfg, small, sizeof(small)),
				 -EINVAL);
		assert_string_equal(small, "vxlan v");
	}
}

/* ---- configuration check ---- */

static void test_cfg_check(void **state)
{
	struct brkit_vxlan_cfg cfg;
	const char *why = NULL;

	(void)state;
	brkit_vxlan_cfg_init(&cfg, "vx0", 42);
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), 0);
	cfg.vni = BRKIT_VXLAN_VNI_MAX + 1;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), -EINVAL);
	assert_string_equal(why, "VNI is over 16777215 (2^24-1)");
	cfg.vni = 1;
	cfg.dstport = 0;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), -EINVAL);
	cfg.dstport = 4789;
	cfg.ttl = 256;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, NULL), -EINVAL);
	cfg.ttl = -2;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, NULL), -EINVAL);
	cfg.ttl = -1;
	cfg.local.family = AF_UNIX;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), -EINVAL);
	cfg.local.family = 0;
	cfg.ifname = NULL;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), -EINVAL);
	cfg.ifname = "vx0";
	cfg.dev = "vx0";
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), -EINVAL);
	cfg.dev = "bad name";
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), -EINVAL);
	assert_string_equal(why, "underlay device name is not a valid interface name");
	cfg.dev = NULL;
	cfg.bridge = "";
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &why), -EINVAL);
	assert_string_equal(why, "bridge name is not a valid interface name");
}

/* ---- message building ---- */

struct built {
	const struct ifinfomsg *ifi;
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct nlattr *li[IFLA_INFO_MAX + 1];
	const struct nlattr *vx[IFLA_VXLAN_MAX + 1];
};

static void split(const struct nlmsghdr *nlh, struct built *b)
{
	const struct nlattr *a;

	memset(b, 0, sizeof(*b));
	b->ifi = mnl_nlmsg_get_payload(nlh);
	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg))
	{
		assert_true(mnl_attr_get_type(a) <= IFLA_MAX);
		assert_null(b->tb[mnl_attr_get_type(a)]); /* each attribute once */
		b->tb[mnl_attr_get_type(a)] = a;
	}
	assert_non_null(b->tb[IFLA_LINKINFO]);
	brkit_nl_parse_nested(b->tb[IFLA_LINKINFO], b->li, IFLA_INFO_MAX);
	assert_non_null(b->li[IFLA_INFO_DATA]);
	brkit_nl_parse_nested(b->li[IFLA_INFO_DATA], b->vx, IFLA_VXLAN_MAX);
}

static void test_build_full(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_cfg cfg;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	const uint8_t local[4] = { 198, 51, 100, 1 };
	const uint8_t *port;
	struct built b;

	(void)state;
	brkit_vxlan_cfg_init(&cfg, "vx0", 42);
	memcpy(cfg.local.addr, local, 4);
	cfg.local.family = AF_INET;
	cfg.ttl = 64;
	cfg.bridge = "br-h";
	cfg.dev = "u-1";
	assert_int_equal(brkit_vxlan_build_newlink(nlh, &cfg, 3, 7), 0);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	split(nlh, &b);
	assert_int_equal(b.ifi->ifi_family, AF_UNSPEC);
	assert_int_equal(b.ifi->ifi_index, 0);
	/* A master implies up, in the same request. */
	assert_int_equal(b.ifi->ifi_change, IFF_UP);
	assert_int_equal(b.ifi->ifi_flags, IFF_UP);
	assert_string_equal(mnl_attr_get_str(b.tb[IFLA_IFNAME]), "vx0");
	assert_int_equal(mnl_attr_get_u32(b.tb[IFLA_MASTER]), 7);
	assert_string_equal(mnl_attr_get_str(b.li[IFLA_INFO_KIND]), "vxlan");
	assert_int_equal(mnl_attr_get_u32(b.vx[IFLA_VXLAN_ID]), 42);
	/* The port goes in network byte order: 4789 = 0x12b5. */
	assert_int_equal(mnl_attr_get_payload_len(b.vx[IFLA_VXLAN_PORT]), 2);
	port = mnl_attr_get_payload(b.vx[IFLA_VXLAN_PORT]);
	assert_int_equal(port[0], 0x12);
	assert_int_equal(port[1], 0xb5);
	assert_int_equal(mnl_attr_get_u8(b.vx[IFLA_VXLAN_LEARNING]), 1);
	assert_int_equal(mnl_attr_get_payload_len(b.vx[IFLA_VXLAN_LOCAL]), 4);
	assert_memory_equal(mnl_attr_get_payload(b.vx[IFLA_VXLAN_LOCAL]), local, 4);
	assert_null(b.vx[IFLA_VXLAN_LOCAL6]);
	assert_int_equal(mnl_attr_get_u8(b.vx[IFLA_VXLAN_TTL]), 64);
	assert_int_equal(mnl_attr_get_u32(b.vx[IFLA_VXLAN_LINK]), 3);
	assert_null(b.vx[IFLA_VXLAN_GROUP]);
}

static void test_build_minimal(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_cfg cfg;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct in6_addr a6;
	struct built b;

	(void)state;
	brkit_vxlan_cfg_init(&cfg, "vx1", 0);
	cfg.learning = false;
	cfg.dstport = 8472;
	cfg.local.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::2", &a6);
	memcpy(cfg.local.addr, &a6, 16);
	assert_int_equal(brkit_vxlan_build_newlink(nlh, &cfg, 0, 0), 0);
	split(nlh, &b);
	assert_int_equal(b.ifi->ifi_change, 0);
	assert_int_equal(b.ifi->ifi_flags, 0);
	assert_null(b.tb[IFLA_MASTER]);
	assert_int_equal(mnl_attr_get_u32(b.vx[IFLA_VXLAN_ID]), 0);
	assert_int_equal(ntohs(mnl_attr_get_u16(b.vx[IFLA_VXLAN_PORT])), 8472);
	assert_int_equal(mnl_attr_get_u8(b.vx[IFLA_VXLAN_LEARNING]), 0);
	assert_null(b.vx[IFLA_VXLAN_LOCAL]);
	assert_memory_equal(mnl_attr_get_payload(b.vx[IFLA_VXLAN_LOCAL6]), &a6, 16);
	assert_null(b.vx[IFLA_VXLAN_TTL]);
	assert_null(b.vx[IFLA_VXLAN_LINK]);
	/* up without a master */
	nlh = mnl_nlmsg_put_header(buf);
	cfg.up = true;
	assert_int_equal(brkit_vxlan_build_newlink(nlh, &cfg, 0, 0), 0);
	split(nlh, &b);
	assert_int_equal(b.ifi->ifi_flags, IFF_UP);
	assert_null(b.tb[IFLA_MASTER]);
}

static void test_build_refuses_bad_cfg(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_cfg cfg;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	(void)state;
	brkit_vxlan_cfg_init(&cfg, "vx0", BRKIT_VXLAN_VNI_MAX + 1);
	assert_int_equal(brkit_vxlan_build_newlink(nlh, &cfg, 0, 0), -EINVAL);
	assert_int_equal(nlh->nlmsg_len, mnl_nlmsg_size(0)); /* nothing written */
}

/* ---- reply parsing ---- */

/* A reply as the kernel sends it for a vxlan device. */
static struct nlmsghdr *kernel_reply(char *buf, const char *kind, bool with_data)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *li, *data;
	const uint8_t local[4] = { 198, 51, 100, 2 }, remote[4] = { 198, 51, 100, 9 };

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi->ifi_index = 12;
	ifi->ifi_flags = IFF_UP | IFF_BROADCAST;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "vx0");
	mnl_attr_put_u32(nlh, IFLA_MASTER, 4);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1450);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (with_data) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, 42);
		mnl_attr_put(nlh, IFLA_VXLAN_GROUP, 4, remote);
		mnl_attr_put_u32(nlh, IFLA_VXLAN_LINK, 3);
		mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, 4, local);
		mnl_attr_put_u8(nlh, IFLA_VXLAN_TTL, 0);
		mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, 1);
		mnl_attr_put_u32(nlh, IFLA_VXLAN_AGEING, 300);
		mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(4789));
		mnl_attr_put_u8(nlh, IFLA_VXLAN_COLLECT_METADATA, 0);
		mnl_attr_put_u8(nlh, IFLA_VXLAN_TTL_INHERIT, 0);
		/* An attribute newer than the headers: ignored. */
		mnl_attr_put_u32(nlh, IFLA_VXLAN_MAX + 5, 1);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
	return nlh;
}

static void test_parse_reply(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_info vx;
	char ip[64];

	(void)state;
	assert_int_equal(brkit_vxlan_parse(kernel_reply(buf, "vxlan", true), &vx), 0);
	assert_string_equal(vx.link.ifname, "vx0");
	assert_int_equal(vx.link.ifindex, 12);
	assert_int_equal(vx.link.master, 4);
	assert_string_equal(vx.link.kind, "vxlan");
	assert_int_equal(vx.vni, 42);
	vxlan_format_ip(&vx.local, ip, sizeof(ip));
	assert_string_equal(ip, "198.51.100.2");
	vxlan_format_ip(&vx.remote, ip, sizeof(ip));
	assert_string_equal(ip, "198.51.100.9");
	assert_int_equal(vx.dstport, 4789);
	assert_true(vx.learning);
	assert_int_equal(vx.ttl, 0);
	assert_false(vx.ttl_inherit);
	assert_int_equal(vx.underlay, 3);
	assert_int_equal(vx.ageing, 300);
	assert_false(vx.external);
}

static void test_parse_reply_refuses(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_info vx;
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(brkit_vxlan_parse(kernel_reply(buf, "veth", true), &vx), -EINVAL);
	assert_string_equal(vx.link.kind, "veth");
	assert_int_equal(brkit_vxlan_parse(kernel_reply(buf, "vxlan", false), &vx), -EBADMSG);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	assert_int_equal(brkit_vxlan_parse(nlh, &vx), -EBADMSG); /* no ifinfomsg */
}

/* What brkit sends parses back to the same configuration. */
static void test_build_parse_roundtrip(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_cfg cfg;
	struct brkit_vxlan_info vx;
	struct nlmsghdr *nlh;
	unsigned long vni;

	(void)state;
	for (vni = 0; vni <= BRKIT_VXLAN_VNI_MAX; vni += 65521) {
		nlh = mnl_nlmsg_put_header(buf);
		brkit_vxlan_cfg_init(&cfg, "vx-rt", (uint32_t)vni);
		cfg.dstport = (uint16_t)(1 + vni % 65535);
		cfg.learning = vni & 1;
		cfg.local.family = vni & 2 ? AF_INET6 : AF_INET;
		memset(cfg.local.addr, (int)(vni & 0xff), 16);
		assert_int_equal(brkit_vxlan_build_newlink(nlh, &cfg, 0, 5), 0);
		assert_int_equal(brkit_vxlan_parse(nlh, &vx), 0);
		assert_string_equal(vx.link.ifname, "vx-rt");
		assert_int_equal(vx.link.master, 5);
		assert_int_equal(vx.vni, vni);
		assert_int_equal(vx.dstport, cfg.dstport);
		assert_int_equal(vx.learning, cfg.learning);
		assert_int_equal(vx.local.family, cfg.local.family);
		assert_memory_equal(vx.local.addr, cfg.local.addr,
				    cfg.local.family == AF_INET ? 4 : 16);
	}
}

/* ---- formatting ---- */

static char *vx_out(const struct brkit_vxlan_info *vx, const char *dev, const char *master,
		    bool json)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	struct pr p;

	assert_non_null(f);
	pr_init(&p, f, json, false);
	show_vxlan(&p, vx, dev, master);
	pr_end(&p);
	fclose(f);
	return s;
}

static void text_is(const struct brkit_vxlan_info *vx, const char *dev, const char *master,
		    const char *want)
{
	char *s = vx_out(vx, dev, master, false);

	assert_string_equal(s, want);
	free(s);
}

static void test_format_text(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_info vx;

	(void)state;
	assert_int_equal(brkit_vxlan_parse(kernel_reply(buf, "vxlan", true), &vx), 0);
	text_is(&vx, "u-2", "br-h",
		"vx0: vni 42 local 198.51.100.2 remote 198.51.100.9 dstport 4789 "
		"learning on ttl auto dev u-2 master br-h up\n");
	vx.link.flags = 0;
	vx.learning = false;
	vx.ttl = 64;
	vx.local.family = 0;
	vx.remote.family = 0;
	text_is(&vx, NULL, NULL, "vx0: vni 42 dstport 4789 learning off ttl 64 down\n");
	vx.ttl_inherit = true;
	vx.external = true;
	text_is(&vx, NULL, NULL,
		"vx0: vni 42 external dstport 4789 learning off ttl inherit down\n");
}

static void test_format_json(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_info vx;
	char *s;

	(void)state;
	assert_int_equal(brkit_vxlan_parse(kernel_reply(buf, "vxlan", true), &vx), 0);
	s = vx_out(&vx, "u-2", "br-h", true);
	assert_string_equal(
		s, "{\"ifname\":\"vx0\",\"ifindex\":12,\"vni\":42,\"local\":\"198.51.100.2\","
		   "\"remote\":\"198.51.100.9\",\"dstport\":4789,\"learning\":true,"
		   "\"ttl\":\"auto\",\"ageing\":300,\"dev\":\"u-2\",\"master\":\"br-h\","
		   "\"up\":true}\n");
	free(s);
	vx.local.family = 0;
	vx.remote.family = 0;
	vx.link.flags = 0;
	s = vx_out(&vx, NULL, NULL, true);
	assert_string_equal(s, "{\"ifname\":\"vx0\",\"ifindex\":12,\"vni\":42,\"dstport\":4789,"
			       "\"learning\":true,\"ttl\":\"auto\",\"ageing\":300,\"up\":false}\n");
	free(s);
}

static void test_ip_text(void **state)
{
	struct brkit_ipaddr ip;
	char buf[64];

	(void)state;
	assert_int_equal(vxlan_parse_ip("203.0.113.7", &ip), 0);
	assert_int_equal(ip.family, AF_INET);
	vxlan_format_ip(&ip, buf, sizeof(buf));
	assert_string_equal(buf, "203.0.113.7");
	assert_int_equal(vxlan_parse_ip("2001:DB8:0::7", &ip), 0);
	vxlan_format_ip(&ip, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::7");
	assert_int_equal(vxlan_parse_ip(NULL, &ip), -EINVAL);
	/* A failed parse leaves the output alone. */
	assert_int_equal(vxlan_parse_ip("203.0.113", &ip), -EINVAL);
	assert_int_equal(ip.family, AF_INET6);
	ip.family = 0;
	vxlan_format_ip(&ip, buf, sizeof(buf));
	assert_string_equal(buf, "");
	/* Too small a buffer: empty, not cut. */
	assert_int_equal(vxlan_parse_ip("203.0.113.7", &ip), 0);
	vxlan_format_ip(&ip, buf, 5);
	assert_string_equal(buf, "");
}

/* ---- external / vnifilter devices ---- */

static void test_external_vnifilter(void **state)
{
	static char buf[4096];
	struct brkit_vxlan_cfg cfg;
	struct nlmsghdr *nlh;
	struct built b;
	char why[256] = "";
	const char *r;

	(void)state;
	assert_int_equal(PARSE(&cfg, why, "vx0", "external", "vnifilter", "local", "192.0.2.1"), 0);
	assert_true(cfg.external);
	assert_true(cfg.vnifilter);
	assert_int_equal(cfg.vni, 0);
	nlh = mnl_nlmsg_put_header(buf);
	assert_int_equal(brkit_vxlan_build_newlink(nlh, &cfg, 0, 0), 0);
	split(nlh, &b);
	assert_int_equal(mnl_attr_get_u8(b.vx[IFLA_VXLAN_COLLECT_METADATA]), 1);
	assert_int_equal(mnl_attr_get_u8(b.vx[IFLA_VXLAN_VNIFILTER]), 1);
	/* no VNI for an external device: the kernel refuses the two together */
	assert_null(b.vx[IFLA_VXLAN_ID]);
	/* external alone: no VNIFILTER attribute */
	assert_int_equal(PARSE(&cfg, why, "vx0", "external"), 0);
	assert_false(cfg.vnifilter);
	nlh = mnl_nlmsg_put_header(buf);
	assert_int_equal(brkit_vxlan_build_newlink(nlh, &cfg, 0, 0), 0);
	split(nlh, &b);
	assert_null(b.vx[IFLA_VXLAN_VNIFILTER]);
	assert_int_equal(PARSE(&cfg, why, "vx0", "external", "vni", "5"), -EINVAL);
	assert_non_null(strstr(why, "external and vni exclude each other"));
	assert_int_equal(PARSE(&cfg, why, "vx0", "vni", "5", "vnifilter"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: vnifilter needs external");
	assert_int_equal(PARSE(&cfg, why, "vx0", "vnifilter", "vnifilter"), -EINVAL);
	assert_string_equal(why, "vxlan vx0: 'vnifilter' given twice");
	/* the library checks the same without the CLI */
	brkit_vxlan_cfg_init(&cfg, "vx0", 5);
	cfg.external = true;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &r), -EINVAL);
	cfg.vni = 0;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &r), 0);
	cfg.external = false;
	cfg.vnifilter = true;
	assert_int_equal(brkit_vxlan_cfg_check(&cfg, &r), -EINVAL);
	assert_string_equal(r, "vnifilter needs external");
}

static void test_parse_reply_vnifilter(void **state)
{
	static char buf[4096];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *li, *data;
	struct brkit_vxlan_info vx;
	char *s;

	(void)state;
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi->ifi_index = 9;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "vx9");
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u8(nlh, IFLA_VXLAN_COLLECT_METADATA, 1);
	mnl_attr_put_u8(nlh, IFLA_VXLAN_VNIFILTER, 1);
	mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(4789));
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	assert_int_equal(brkit_vxlan_parse(nlh, &vx), 0);
	assert_true(vx.external);
	assert_true(vx.vnifilter);
	s = vx_out(&vx, NULL, NULL, false);
	assert_string_equal(s, "vx9: vni 0 external vnifilter dstport 4789 learning off ttl auto "
			       "down\n");
	free(s);
	s = vx_out(&vx, NULL, NULL, true);
	assert_non_null(strstr(s, "\"external\":true,\"vnifilter\":true"));
	free(s);
}

/* ---- VNI filter: words, requests, replies, output ---- */

static void test_vni_list(void **state)
{
	struct brkit_vni_entry r[4];
	char why[256];
	size_t n = 0;

	(void)state;
	assert_int_equal(vxlan_parse_vni_list("100", r, 4, &n, why, sizeof(why)), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].vni, 100);
	assert_int_equal(r[0].vni_end, 100);
	assert_int_equal(vxlan_parse_vni_list("5,7,100-120,16777215", r, 4, &n, why, sizeof(why)),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(r[2].vni, 100);
	assert_int_equal(r[2].vni_end, 120);
	assert_int_equal(r[3].vni, 16777215);
	assert_int_equal(vxlan_parse_vni_list("0", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "VNI 0 cannot be filtered (a VNI filter holds 1..16777215)");
	assert_int_equal(vxlan_parse_vni_list("16777216", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "VNI 16777216 is over 16777215 (2^24-1)");
	assert_int_equal(vxlan_parse_vni_list("10-16777216", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_int_equal(vxlan_parse_vni_list("20-10", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "VNI range 20-10 ends before it starts");
	assert_int_equal(vxlan_parse_vni_list("5,,6", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "VNI list '5,,6': item 2 is empty");
	assert_int_equal(vxlan_parse_vni_list("5,", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_int_equal(vxlan_parse_vni_list("", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_int_equal(vxlan_parse_vni_list("1,2,3,4,5", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "VNI list '1,2,3,4,5': more than 4 ranges");
	assert_int_equal(vxlan_parse_vni_list("ten", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_int_equal(vxlan_parse_vni_list("-5", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_int_equal(vxlan_parse_vni_list("5-", r, 4, &n, why, sizeof(why)), -EINVAL);
	assert_int_equal(vxlan_parse_vni_list("123456789012345678901234567890123", r, 4, &n, why,
					      sizeof(why)),
			 -EINVAL);
	assert_int_equal(brkit_vni_range_check(1, 1, NULL), 0);
	assert_int_equal(brkit_vni_range_check(0, 1, NULL), -EINVAL);
	assert_int_equal(brkit_vni_range_check(5, 4, NULL), -EINVAL);
	assert_int_equal(brkit_vni_range_check(5, BRKIT_VXLAN_VNI_MAX + 1, NULL), -EINVAL);
}

#define VPARSE(add, a, why, ...) \
	vxlan_parse_vni(add, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), a, why, sizeof(why))

static void test_vni_args(void **state)
{
	struct vni_args a;
	char why[256];
	const uint8_t grp[4] = { 239, 1, 1, 1 };

	(void)state;
	assert_int_equal(
		VPARSE(true, &a, why, "dev", "vx0", "vni", "100-102,7", "group", "239.1.1.1"), 0);
	assert_string_equal(a.dev, "vx0");
	assert_int_equal(a.n, 2);
	assert_int_equal(a.remote.family, AF_INET);
	assert_memory_equal(a.remote.addr, grp, 4);
	assert_int_equal(VPARSE(true, &a, why, "vni", "5", "dev", "vx0", "remote", "2001:db8::1"),
			 0);
	assert_int_equal(a.remote.family, AF_INET6);
	assert_int_equal(VPARSE(true, &a, why, "dev", "vx0", "vni", "5", "group", "198.51.100.1"),
			 -EINVAL);
	assert_string_equal(why, "vxlan vni add: group 198.51.100.1 is not a multicast address");
	assert_int_equal(VPARSE(true, &a, why, "dev", "vx0", "vni", "5", "remote", "ff02::1"),
			 -EINVAL);
	assert_string_equal(why,
			    "vxlan vni add: remote ff02::1 is a multicast address (use group)");
	assert_int_equal(VPARSE(true, &a, why, "dev", "vx0", "vni", "5", "remote", "198.51.100.1",
				"group", "239.1.1.1"),
			 -EINVAL);
	assert_string_equal(why, "vxlan vni add: 'group' after 'remote': one remote or group");
	assert_int_equal(VPARSE(false, &a, why, "dev", "vx0", "vni", "5", "remote", "198.51.100.1"),
			 -EINVAL);
	assert_string_equal(why, "vxlan vni del: unknown argument 'remote'");
	assert_int_equal(VPARSE(false, &a, why, "dev", "vx0"), -EINVAL);
	assert_string_equal(why, "vxlan vni del vx0: vni LIST is required");
	assert_int_equal(VPARSE(false, &a, why, "vni", "5"), -EINVAL);
	assert_string_equal(why, "vxlan vni del: dev DEV is required");
	assert_int_equal(VPARSE(false, &a, why, "dev", "vx0", "vni"), -EINVAL);
	assert_string_equal(why, "vxlan vni del: 'vni' needs a value");
	assert_int_equal(VPARSE(false, &a, why, "dev", "vx0", "dev", "vx1", "vni", "5"), -EINVAL);
	assert_string_equal(why, "vxlan vni del: 'dev' given twice");
	assert_int_equal(VPARSE(false, &a, why, "dev", "a/b", "vni", "5"), -EINVAL);
	assert_int_equal(VPARSE(false, &a, why, "dev", "vx0", "vni", "0"), -EINVAL);
	assert_string_equal(
		why,
		"vxlan vni del vx0: VNI 0 cannot be filtered (a VNI filter holds 1..16777215)");
}

/* An RTM_NEWTUNNEL as the kernel sends it: one device, its entries. */
static struct nlmsghdr *tunnel_msg(char *buf, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct tunnel_msg *tm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tm));
	const uint8_t r4[4] = { 198, 51, 100, 7 }, g4[4] = { 239, 1, 1, 1 }, z4[4] = { 0 };
	struct in6_addr r6;
	struct nlattr *e;

	nlh->nlmsg_type = RTM_NEWTUNNEL;
	tm->family = PF_BRIDGE;
	tm->ifindex = (uint32_t)ifindex;
	inet_pton(AF_INET6, "2001:db8::7", &r6);
	e = mnl_attr_nest_start(nlh, VXLAN_VNIFILTER_ENTRY);
	mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_START, 100);
	mnl_attr_nest_end(nlh, e);
	e = mnl_attr_nest_start(nlh, VXLAN_VNIFILTER_ENTRY);
	mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_START, 200);
	mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_END, 210);
	mnl_attr_put(nlh, VXLAN_VNIFILTER_ENTRY_GROUP, 4, z4); /* the kernel's "none" */
	mnl_attr_nest_end(nlh, e);
	e = mnl_attr_nest_start(nlh, VXLAN_VNIFILTER_ENTRY);
	mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_START, 300);
	mnl_attr_put(nlh, VXLAN_VNIFILTER_ENTRY_GROUP, 4, r4);
	mnl_attr_nest_end(nlh, e);
	e = mnl_attr_nest_start(nlh, VXLAN_VNIFILTER_ENTRY);
	mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_START, 400);
	mnl_attr_put(nlh, VXLAN_VNIFILTER_ENTRY_GROUP, 4, g4);
	mnl_attr_nest_end(nlh, e);
	e = mnl_attr_nest_start(nlh, VXLAN_VNIFILTER_ENTRY);
	mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_START, 500);
	mnl_attr_put_u32(nlh, VXLAN_VNIFILTER_ENTRY_END, 509);
	mnl_attr_put(nlh, VXLAN_VNIFILTER_ENTRY_GROUP6, 16, &r6);
	mnl_attr_nest_end(nlh, e);
	return nlh;
}

struct vni_seen {
	struct brkit_vni_entry e[8];
	size_t n;
};

static int vni_seen_cb(const struct brkit_vni_entry *e, void *arg)
{
	struct vni_seen *s = arg;

	if (s->n == 8)
		return -E2BIG;
	s->e[s->n++] = *e;
	return 0;
}

static void test_vni_parse(void **state)
{
	static char buf[4096];
	struct vni_seen s = { .n = 0 };
	struct nlmsghdr *nlh = tunnel_msg(buf, 7);
	struct tunnel_msg *tm;

	(void)state;
	assert_int_equal(brkit_vni_parse(nlh, vni_seen_cb, &s), 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.e[0].ifindex, 7);
	assert_int_equal(s.e[0].vni, 100);
	assert_int_equal(s.e[0].vni_end, 100);
	assert_int_equal(s.e[0].remote.family, 0);
	assert_int_equal(s.e[1].vni_end, 210);
	assert_int_equal(s.e[2].remote.family, AF_INET);
	assert_int_equal(s.e[4].remote.family, AF_INET6);
	assert_int_equal(s.e[4].vni_end, 509);
	/* another family: nothing */
	s.n = 0;
	tm = mnl_nlmsg_get_payload(nlh);
	tm->family = AF_INET;
	assert_int_equal(brkit_vni_parse(nlh, vni_seen_cb, &s), 0);
	assert_int_equal(s.n, 0);
	/* a range that ends before it starts is malformed */
	{
		static char b2[512];
		struct nlmsghdr *n2 = mnl_nlmsg_put_header(b2);
		struct tunnel_msg *t2 = mnl_nlmsg_put_extra_header(n2, sizeof(*t2));
		struct nlattr *e = mnl_attr_nest_start(n2, VXLAN_VNIFILTER_ENTRY);

		t2->family = PF_BRIDGE;
		mnl_attr_put_u32(n2, VXLAN_VNIFILTER_ENTRY_START, 20);
		mnl_attr_put_u32(n2, VXLAN_VNIFILTER_ENTRY_END, 10);
		mnl_attr_nest_end(n2, e);
		assert_int_equal(brkit_vni_parse(n2, vni_seen_cb, &s), -EBADMSG);
	}
	/* too short for its header */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	assert_int_equal(brkit_vni_parse(nlh, vni_seen_cb, &s), -EBADMSG);
}

static char *vni_out(const struct vni_seen *s, const char *ifname, bool json)
{
	char *out = NULL;
	size_t n = 0, i;
	FILE *f = open_memstream(&out, &n);
	struct pr p;

	assert_non_null(f);
	pr_init(&p, f, json, false);
	pr_open_arr(&p, NULL);
	show_vni_header(&p);
	show_vni_dev_open(&p, ifname);
	for (i = 0; i < s->n; i++)
		show_vni_entry(&p, &s->e[i], i == 0);
	show_vni_dev_close(&p);
	pr_close_arr(&p);
	pr_end(&p);
	fclose(f);
	return out;
}

static void test_vni_format(void **state)
{
	static char buf[4096];
	struct vni_seen s = { .n = 0 };
	char *out;

	(void)state;
	assert_int_equal(brkit_vni_parse(tunnel_msg(buf, 7), vni_seen_cb, &s), 0);
	/* iproute2 6.1's `bridge vni show` of the same entries, byte for byte */
	out = vni_out(&s, "vx0", false);
	assert_string_equal(out, "dev               vni              group/remote   \n"
				 "vx0                100           \n"
				 "                   200-210            \n"
				 "                   300            198.51.100.7\n"
				 "                   400            239.1.1.1\n"
				 "                   500-509             2001:db8::7\n"
				 "\n");
	free(out);
	out = vni_out(&s, "vx0", true);
	assert_string_equal(out,
			    "[{\"ifname\":\"vx0\",\"vnis\":[{\"vni\":100},{\"vni\":200,\"vniEnd\":"
			    "210},{\"vni\":300,\"remote\":\"198.51.100.7\"},{\"vni\":400,"
			    "\"group\":\"239.1.1.1\"},{\"vni\":500,\"vniEnd\":509,\"remote\":"
			    "\"2001:db8::7\"}]}]\n");
	free(out);
	/* a name of 16 characters and more pushes the columns, as in iproute2 */
	s.n = 1;
	out = vni_out(&s, "a-very-long-name", false);
	assert_string_equal(out, "dev               vni              group/remote   \n"
				 "a-very-long-name   100           \n"
				 "\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_external_vnifilter),
		cmocka_unit_test(test_parse_reply_vnifilter),
		cmocka_unit_test(test_vni_list),
		cmocka_unit_test(test_vni_args),
		cmocka_unit_test(test_vni_parse),
		cmocka_unit_test(test_vni_format),
		cmocka_unit_test(test_parse_defaults),
		cmocka_unit_test(test_parse_vni_range),
		cmocka_unit_test(test_parse_local),
		cmocka_unit_test(test_parse_dstport),
		cmocka_unit_test(test_parse_learning_ttl),
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_parse_syntax),
		cmocka_unit_test(test_cfg_check),
		cmocka_unit_test(test_build_full),
		cmocka_unit_test(test_build_minimal),
		cmocka_unit_test(test_build_refuses_bad_cfg),
		cmocka_unit_test(test_parse_reply),
		cmocka_unit_test(test_parse_reply_refuses),
		cmocka_unit_test(test_build_parse_roundtrip),
		cmocka_unit_test(test_format_text),
		cmocka_unit_test(test_format_json),
		cmocka_unit_test(test_ip_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

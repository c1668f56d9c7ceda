// SPDX-License-Identifier: GPL-2.0-or-later
/* The FDB's pure parts: MAC/VLAN parsing, the change grammar (also the
 * `fdb load` line parser), request building and message parsing. (The
 * output formats are the command's: tests/unit/test_print.c.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <brkit/brkit.h>

static void test_mac_good(void **state)
{
	const char *why = NULL;
	uint8_t m[6];
	const uint8_t want[6] = { 0x02, 0xab, 0xcd, 0xef, 0x00, 0x9f };

	(void)state;
	assert_int_equal(brkit_fdb_parse_mac("02:ab:cd:ef:00:9f", m, &why), 0);
	assert_memory_equal(m, want, 6);
	assert_int_equal(brkit_fdb_parse_mac("02-AB-CD-EF-00-9F", m, &why), 0);
	assert_memory_equal(m, want, 6);
}

static void check_bad_mac(const char *s, const char *reason)
{
	uint8_t m[6] = { 1, 2, 3, 4, 5, 6 };
	const uint8_t orig[6] = { 1, 2, 3, 4, 5, 6 };
	const char *why = NULL;

	assert_int_equal(brkit_fdb_parse_mac(s, m, &why), -EINVAL);
	assert_non_null(why);
	if (!strstr(why, reason))
		fail_msg("'%s': reason '%s' lacks '%s'", s, why, reason);
	assert_memory_equal(m, orig, 6); /* untouched on failure */
}

static void test_mac_bad(void **state)
{
	(void)state;
	check_bad_mac("", "empty");
	check_bad_mac("02:00:00:00:01", "too short");
	check_bad_mac("02:00:00:00:00:0", "too short");
	check_bad_mac("02:00:00:00:00:01:02", "too long");
	check_bad_mac("02:00:00:00:00:0g", "'g' is not a hex digit");
	check_bad_mac("x2:00:00:00:00:01", "'x' is not a hex digit");
	check_bad_mac("02.00.00.00.00.01", "wrong separator '.'");
	check_bad_mac("0200:00:00:00:001", "wrong separator '0'");
	check_bad_mac("02:00-00:00:00:01", "mixed separators");
	check_bad_mac("2:0:0:0:0:1", "two hex digits");
	check_bad_mac("02:00:00:00:00: 1", "' ' is not a hex digit");
}

static void test_vlan(void **state)
{
	const char *why;
	uint16_t v = 77;

	(void)state;
	assert_int_equal(brkit_fdb_parse_vlan("1", &v, &why), 0);
	assert_int_equal(v, 1);
	assert_int_equal(brkit_fdb_parse_vlan("4094", &v, &why), 0);
	assert_int_equal(v, 4094);
	v = 77;
	assert_int_equal(brkit_fdb_parse_vlan("0", &v, &why), -EINVAL);
	assert_non_null(strstr(why, "1..4094"));
	assert_int_equal(brkit_fdb_parse_vlan("4095", &v, &why), -EINVAL);
	assert_non_null(strstr(why, "reserved"));
	assert_int_equal(brkit_fdb_parse_vlan("5000", &v, &why), -EINVAL);
	assert_int_equal(brkit_fdb_parse_vlan("-1", &v, &why), -EINVAL);
	assert_int_equal(brkit_fdb_parse_vlan("", &v, &why), -EINVAL);
	assert_int_equal(brkit_fdb_parse_vlan("10x", &v, &why), -EINVAL);
	assert_int_equal(brkit_fdb_parse_vlan("99999999999999999999", &v, &why), -EINVAL);
	assert_int_equal(v, 77);
}

/* Parse a line as `fdb load` does. */
static int parse_line(const char *line, struct brkit_fdb_spec *s, char *why)
{
	char buf[512], *w[32];
	int n;

	snprintf(buf, sizeof(buf), "%s", line);
	n = brkit_fdb_split(buf, w, 32);
	if (n <= 0)
		return n == 0 ? 1 : n;
	return brkit_fdb_spec_parse(s, n, w, why, 256);
}

static void test_split(void **state)
{
	char line[] = "  add\t02:00:00:00:00:01  dev p-a # a comment\r\n", *w[8];
	char blank[] = " \t\n", comment[] = "# only a comment", many[] = "a b c d e";

	(void)state;
	assert_int_equal(brkit_fdb_split(line, w, 8), 4);
	assert_string_equal(w[0], "add");
	assert_string_equal(w[1], "02:00:00:00:00:01");
	assert_string_equal(w[3], "p-a");
	assert_int_equal(brkit_fdb_split(blank, w, 8), 0);
	assert_int_equal(brkit_fdb_split(comment, w, 8), 0);
	assert_int_equal(brkit_fdb_split(many, w, 4), -E2BIG);
}

static void test_spec_good(void **state)
{
	struct brkit_fdb_spec s;
	char why[256];
	const uint8_t dst[4] = { 198, 51, 100, 2 };

	(void)state;
	assert_int_equal(parse_line("add 02:00:00:00:00:01 dev p-a", &s, why), 0);
	assert_int_equal(s.op, BRKIT_FDB_ADD);
	assert_string_equal(s.dev, "p-a");
	assert_int_equal(s.state, 0); /* the default, decided by the device */
	assert_int_equal(s.flags, 0);
	assert_int_equal(s.vlan, 0);

	assert_int_equal(
		parse_line("replace 02:00:00:00:00:01 dev p-a vlan 10 master static sticky", &s,
			   why),
		0);
	assert_int_equal(s.op, BRKIT_FDB_REPLACE);
	assert_int_equal(s.vlan, 10);
	assert_int_equal(s.flags, NTF_MASTER | NTF_STICKY);
	assert_true(s.state & NUD_NOARP);

	assert_int_equal(
		parse_line("append 00:00:00:00:00:00 dev vx0 dst 198.51.100.2 vni 16777215 "
			   "port 4789 via eth0 self",
			   &s, why),
		0);
	assert_int_equal(s.op, BRKIT_FDB_APPEND);
	assert_int_equal(s.dst_family, AF_INET);
	assert_memory_equal(s.dst, dst, 4);
	assert_true(s.has_vni);
	assert_int_equal(s.vni, 16777215);
	assert_true(s.has_port);
	assert_int_equal(s.port, 4789);
	assert_string_equal(s.via, "eth0");
	assert_int_equal(s.flags, NTF_SELF);

	assert_int_equal(parse_line("del 02:00:00:00:00:01 dev vx6 dst 2001:db8::1 vni 0", &s, why),
			 0);
	assert_int_equal(s.op, BRKIT_FDB_DEL);
	assert_int_equal(s.dst_family, AF_INET6);
	assert_true(s.has_vni);
	assert_int_equal(s.vni, 0);
	assert_int_equal(parse_line("delete 02:00:00:00:00:01 dev p-a dynamic", &s, why), 0);
	assert_int_equal(s.state, NUD_REACHABLE);
	assert_int_equal(parse_line("add 02:00:00:00:00:01 dev p-a local", &s, why), 0);
	assert_int_equal(s.state, NUD_PERMANENT);
}

static void check_bad_line(const char *line, const char *reason)
{
	struct brkit_fdb_spec s;
	char why[256] = "";

	assert_int_equal(parse_line(line, &s, why), -EINVAL);
	if (!strstr(why, reason))
		fail_msg("'%s': reason '%s' lacks '%s'", line, why, reason);
}

static void test_spec_bad(void **state)
{
	(void)state;
	check_bad_line("frob 02:00:00:00:00:01 dev p-a", "unknown verb 'frob'");
	check_bad_line("add 02:00:00:00:01 dev p-a",
		       "address '02:00:00:00:01': MAC address too short");
	check_bad_line("add 02:00:00:00:00:01", "missing 'dev DEV'");
	check_bad_line("add dev p-a", "missing the MAC address");
	check_bad_line("add 02:00:00:00:00:01 dev", "'dev' needs a value");
	check_bad_line("add 02:00:00:00:00:01 dev p-a dev p-b", "'dev' given twice");
	check_bad_line("add 02:00:00:00:00:01 dev a/b", "device 'a/b'");
	check_bad_line("add 02:00:00:00:00:01 dev 0123456789abcdef", "longer than 15");
	check_bad_line("add 02:00:00:00:00:01 dev p-a vlan 0", "vlan '0'");
	check_bad_line("add 02:00:00:00:00:01 dev p-a vlan 4095", "vlan '4095'");
	check_bad_line("add 02:00:00:00:00:01 dev p-a vlan 5000", "vlan '5000'");
	check_bad_line("add 02:00:00:00:00:01 dev p-a vlan -1", "vlan '-1'");
	check_bad_line("add 02:00:00:00:00:01 dev p-a vlan 5 vlan 6", "'vlan' given twice");
	check_bad_line("add 02:00:00:00:00:01 dev vx0 dst 198.51.100",
		       "dst '198.51.100': not an IPv4");
	check_bad_line("add 02:00:00:00:00:01 dev vx0 dst host.example", "dst 'host.example'");
	check_bad_line("add 02:00:00:00:00:01 dev vx0 vni 16777216", "vni '16777216'");
	check_bad_line("add 02:00:00:00:00:01 dev vx0 vni -1", "vni '-1'");
	check_bad_line("add 02:00:00:00:00:01 dev vx0 port 0", "port '0'");
	check_bad_line("add 02:00:00:00:00:01 dev vx0 port 65536", "port '65536'");
	check_bad_line("add 02:00:00:00:00:01 dev vx0 port vxlan", "port 'vxlan'");
	check_bad_line("add 02:00:00:00:00:01 dev p-a static dynamic", "only one of");
	check_bad_line("add 02:00:00:00:00:01 dev p-a dynamic sticky", "cannot be dynamic");
	check_bad_line("add 02:00:00:00:00:01 dev p-a 02:00:00:00:00:02", "unexpected '02:00");
	check_bad_line("add 02:00:00:00:00:01 dev p-a bogus", "unexpected 'bogus'");
}

/* Walk a built request's attributes. */
static void test_build(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct brkit_fdb_spec s;
	struct brkit_fdb_target t = { .ifindex = 7, .via = 9, .flags = NTF_SELF };
	const struct nlattr *a, *tb[NDA_MAX + 1] = { 0 };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	char why[256];

	(void)state;
	assert_int_equal(
		parse_line("append 00:00:00:00:00:00 dev vx0 dst 198.51.100.2 vni 42 port 4789 "
			   "via q-a self",
			   &s, why),
		0);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_flags = NLM_F_REQUEST;
	brkit_fdb_build(nlh, &s, &t);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_APPEND);
	ndm = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ndm->ndm_family, AF_BRIDGE);
	assert_int_equal(ndm->ndm_ifindex, 7);
	assert_int_equal(ndm->ndm_flags, NTF_SELF);
	assert_int_equal(ndm->ndm_state, NUD_PERMANENT); /* a device's own table */
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) tb[mnl_attr_get_type(a)] = a;
	assert_non_null(tb[NDA_LLADDR]);
	assert_int_equal(mnl_attr_get_payload_len(tb[NDA_LLADDR]), 6);
	assert_int_equal(mnl_attr_get_payload_len(tb[NDA_DST]), 4);
	assert_int_equal(mnl_attr_get_u32(tb[NDA_VNI]), 42);
	assert_int_equal(ntohs(mnl_attr_get_u16(tb[NDA_PORT])), 4789);
	assert_int_equal(mnl_attr_get_u32(tb[NDA_IFINDEX]), 9);
	assert_null(tb[NDA_VLAN]);

	/* a port's entry: master, static by default; add is exclusive */
	assert_int_equal(parse_line("add 02:00:00:00:00:01 dev p-a vlan 10 sticky", &s, why), 0);
	memset(tb, 0, sizeof(tb));
	t = (struct brkit_fdb_target){ .ifindex = 3, .flags = NTF_MASTER, .bridge = true };
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_flags = NLM_F_REQUEST;
	brkit_fdb_build(nlh, &s, &t);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	ndm = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ndm->ndm_flags, NTF_MASTER | NTF_STICKY);
	assert_true(ndm->ndm_state & NUD_NOARP);
	assert_false(ndm->ndm_state & NUD_PERMANENT);
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) tb[mnl_attr_get_type(a)] = a;
	assert_int_equal(mnl_attr_get_u16(tb[NDA_VLAN]), 10);
	assert_null(tb[NDA_DST]);
	assert_null(tb[NDA_IFINDEX]);

	assert_int_equal(parse_line("del 02:00:00:00:00:01 dev p-a", &s, why), 0);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_flags = NLM_F_REQUEST;
	brkit_fdb_build(nlh, &s, &t);
	assert_int_equal(nlh->nlmsg_type, RTM_DELNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST);
}

/* A kernel-like RTM_NEWNEIGH, parsed back. */
static void test_parse(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0x42 }, dst[4] = { 203, 0, 113, 9 };
	struct nda_cacheinfo ci = { .ndm_used = 250, .ndm_updated = 1234 };
	struct brkit_fdb_entry e;
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	(void)state;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_DELNEIGH;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = 5;
	ndm->ndm_state = NUD_NOARP;
	ndm->ndm_flags = NTF_STICKY | NTF_EXT_LEARNED;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	mnl_attr_put_u32(nlh, NDA_MASTER, 2);
	mnl_attr_put_u16(nlh, NDA_VLAN, 100);
	mnl_attr_put(nlh, NDA_DST, 4, dst);
	mnl_attr_put_u16(nlh, NDA_PORT, htons(4790));
	mnl_attr_put_u32(nlh, NDA_VNI, 99);
	mnl_attr_put_u32(nlh, NDA_IFINDEX, 11);
	mnl_attr_put(nlh, NDA_CACHEINFO, sizeof(ci), &ci);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_memory_equal(e.mac, mac, 6);
	assert_int_equal(e.ifindex, 5);
	assert_int_equal(e.master, 2);
	assert_int_equal(e.vlan, 100);
	assert_int_equal(e.dst_family, AF_INET);
	assert_memory_equal(e.dst, dst, 4);
	assert_true(e.has_port && e.port == 4790);
	assert_true(e.has_vni && e.vni == 99);
	assert_true(e.has_via && e.via == 11);
	assert_true(e.has_cacheinfo && e.updated == 1234 && e.used == 250);
	assert_true(e.deleted);
	assert_int_equal(e.flags, NTF_STICKY | NTF_EXT_LEARNED);

	ndm->ndm_family = AF_INET; /* an IP neighbour: not ours */
	assert_int_equal(brkit_fdb_parse(nlh, &e), -ENOENT);
	nlh->nlmsg_type = RTM_NEWLINK;
	assert_int_equal(brkit_fdb_parse(nlh, &e), -ENOENT);
}

static struct brkit_fdb_entry entry(void)
{
	struct brkit_fdb_entry e = {
		.mac = { 2, 0, 0, 0, 0, 0xab }, .ifindex = 5, .master = 2, .state = NUD_NOARP
	};
	return e;
}

static void test_match(void **state)
{
	struct brkit_fdb_entry e = entry();
	struct brkit_fdb_filter f = { 0 };

	(void)state;
	assert_true(brkit_fdb_match(NULL, &e));
	assert_true(brkit_fdb_match(&f, &e));
	f.kind = BRKIT_FDB_STATIC;
	assert_true(brkit_fdb_match(&f, &e));
	f.kind = BRKIT_FDB_DYNAMIC;
	assert_false(brkit_fdb_match(&f, &e));
	e.state = NUD_REACHABLE;
	assert_true(brkit_fdb_match(&f, &e));
	e.state = NUD_PERMANENT; /* local: neither static nor dynamic */
	assert_false(brkit_fdb_match(&f, &e));
	f.kind = BRKIT_FDB_STATIC;
	assert_false(brkit_fdb_match(&f, &e));
	f.kind = 0;
	f.vlan = 10;
	assert_false(brkit_fdb_match(&f, &e));
	e.vlan = 10;
	assert_true(brkit_fdb_match(&f, &e));
	f.dev = 6;
	assert_false(brkit_fdb_match(&f, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_good),  cmocka_unit_test(test_mac_bad),
		cmocka_unit_test(test_vlan),	  cmocka_unit_test(test_split),
		cmocka_unit_test(test_spec_good), cmocka_unit_test(test_spec_bad),
		cmocka_unit_test(test_build),	  cmocka_unit_test(test_parse),
		cmocka_unit_test(test_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

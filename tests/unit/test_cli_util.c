// SPDX-License-Identifier: GPL-2.0-or-later
/* The CLI's shared pure parsers and the interface-name rule. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "cli/cli.h"

static void test_uint(void **state)
{
	unsigned long v = 99;

	(void)state;
	assert_int_equal(cli_parse_uint("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cli_parse_uint("65535", 0, 65535, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(cli_parse_uint("65536", 0, 65535, &v), -ERANGE);
	assert_int_equal(cli_parse_uint("4", 5, 10, &v), -ERANGE);
	assert_int_equal(cli_parse_uint("", 0, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint(NULL, 0, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("-1", 0, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("+1", 0, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("1x", 0, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint(" 1", 0, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("abc", 0, 10, &v), -EINVAL);
	assert_int_equal(cli_parse_uint("99999999999999999999999", 0, ~0UL, &v), -ERANGE);
	assert_int_equal(cli_parse_uint("18446744073709551615", 0, ~0UL, &v), 0);
	assert_true(v == ~0UL);
	assert_int_equal(cli_parse_uint("18446744073709551616", 0, ~0UL, &v), -ERANGE);
	/* a failed parse leaves the output alone */
	v = 7;
	assert_int_equal(cli_parse_uint("8", 0, 5, &v), -ERANGE);
	assert_int_equal(v, 7);
}

static void test_centisecs(void **state)
{
	unsigned long v = 0;

	(void)state;
	assert_int_equal(cli_parse_centisecs("15", 0, 100000, &v), 0);
	assert_int_equal(v, 1500);
	assert_int_equal(cli_parse_centisecs("2.5", 0, 100000, &v), 0);
	assert_int_equal(v, 250);
	assert_int_equal(cli_parse_centisecs("0.01", 0, 100000, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(cli_parse_centisecs("1.999", 0, 100000, &v), 0);
	assert_int_equal(v, 199);
	assert_int_equal(cli_parse_centisecs("300.00", 0, 100000, &v), 0);
	assert_int_equal(v, 30000);
	assert_int_equal(cli_parse_centisecs("1.", 0, 100000, &v), -EINVAL);
	assert_int_equal(cli_parse_centisecs(".5", 0, 100000, &v), -EINVAL);
	assert_int_equal(cli_parse_centisecs("1.2.3", 0, 100000, &v), -EINVAL);
	assert_int_equal(cli_parse_centisecs("-1", 0, 100000, &v), -EINVAL);
	assert_int_equal(cli_parse_centisecs("abc", 0, 100000, &v), -EINVAL);
	assert_int_equal(cli_parse_centisecs("", 0, 100000, &v), -EINVAL);
	assert_int_equal(cli_parse_centisecs("31", 200, 3000, &v), -ERANGE);
	assert_int_equal(cli_parse_centisecs("1.99", 200, 3000, &v), -ERANGE);
	assert_int_equal(cli_parse_centisecs("99999999999999", 0, 100000, &v), -ERANGE);
}

static void test_bool(void **state)
{
	const char *yes[] = { "on", "yes", "1", "true" }, *no[] = { "off", "no", "0", "false" };
	bool b;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		b = false;
		assert_int_equal(cli_parse_bool(yes[i], &b), 0);
		assert_true(b);
		assert_int_equal(cli_parse_bool(no[i], &b), 0);
		assert_false(b);
	}
	assert_int_equal(cli_parse_bool("On", &b), -EINVAL);
	assert_int_equal(cli_parse_bool("2", &b), -EINVAL);
	assert_int_equal(cli_parse_bool("", &b), -EINVAL);
	assert_int_equal(cli_parse_bool(NULL, &b), -EINVAL);
}

static void test_mac(void **state)
{
	uint8_t mac[6], want[6] = { 0x02, 0xab, 0xCD, 0x00, 0x10, 0xff };
	char buf[18];

	(void)state;
	assert_int_equal(cli_parse_mac("02:ab:cd:00:10:ff", mac), 0);
	assert_memory_equal(mac, want, 6);
	assert_int_equal(cli_parse_mac("02-AB-CD-00-10-FF", mac), 0);
	assert_memory_equal(mac, want, 6);
	cli_format_mac(mac, buf);
	assert_string_equal(buf, "02:ab:cd:00:10:ff");
	assert_int_equal(cli_parse_mac("02:ab:cd:00:10", mac), -EINVAL); /* short */
	assert_int_equal(cli_parse_mac("02:ab:cd:00:10:ff:01", mac), -EINVAL); /* long */
	assert_int_equal(cli_parse_mac("02:ab:cd:00:10:fg", mac), -EINVAL); /* non-hex */
	assert_int_equal(cli_parse_mac("02:ab-cd:00:10:ff", mac), -EINVAL); /* mixed seps */
	assert_int_equal(cli_parse_mac("02.ab.cd.00.10.ff", mac), -EINVAL); /* wrong sep */
	assert_int_equal(cli_parse_mac("2:ab:cd:00:10:ff:", mac), -EINVAL);
	assert_int_equal(cli_parse_mac("", mac), -EINVAL);
	assert_int_equal(cli_parse_mac(NULL, mac), -EINVAL);
}

static void test_ifname(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(brkit_ifname_check("br0", &why), 0);
	assert_int_equal(brkit_ifname_check("a23456789012345", &why), 0); /* 15 bytes */
	assert_int_equal(brkit_ifname_check("a234567890123456", &why), -EINVAL);
	assert_non_null(strstr(why, "15 bytes"));
	assert_int_equal(brkit_ifname_check("", &why), -EINVAL);
	assert_non_null(strstr(why, "empty"));
	assert_int_equal(brkit_ifname_check(NULL, &why), -EINVAL);
	assert_int_equal(brkit_ifname_check("a/b", &why), -EINVAL);
	assert_int_equal(brkit_ifname_check("a b", &why), -EINVAL);
	assert_int_equal(brkit_ifname_check("a:b", &why), -EINVAL);
	assert_int_equal(brkit_ifname_check("a\tb", &why), -EINVAL);
	assert_int_equal(brkit_ifname_check(".", &why), -EINVAL);
	assert_int_equal(brkit_ifname_check("..", &why), -EINVAL);
	assert_int_equal(brkit_ifname_check("vnet%d", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uint),   cmocka_unit_test(test_centisecs),
		cmocka_unit_test(test_bool),   cmocka_unit_test(test_mac),
		cmocka_unit_test(test_ifname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

static void test_uint_c(void **state)
{
	unsigned long v = 99;

	(void)state;
	assert_int_equal(cli_parse_uint_c("010", 0, 65535, &v), 0);
	assert_int_equal(v, 8); /* octal, as bridge-utils' sscanf("%i") */
	assert_int_equal(cli_parse_uint_c("0x10", 0, 65535, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(cli_parse_uint_c("0X1f", 0, 65535, &v), 0);
	assert_int_equal(v, 31);
	assert_int_equal(cli_parse_uint_c("10", 0, 65535, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(cli_parse_uint_c("0", 0, 65535, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cli_parse_uint_c("09", 0, 65535, &v), -EINVAL);
	assert_int_equal(cli_parse_uint_c("0x", 0, 65535, &v), -EINVAL);
	assert_int_equal(cli_parse_uint_c("0x1g", 0, 65535, &v), -EINVAL);
	assert_int_equal(cli_parse_uint_c("-1", 0, 65535, &v), -EINVAL);
	assert_int_equal(cli_parse_uint_c("", 0, 65535, &v), -EINVAL);
	assert_int_equal(cli_parse_uint_c("0x10000", 0, 65535, &v), -ERANGE);
	assert_int_equal(cli_parse_uint_c("0200000", 0, 65535, &v), -ERANGE);
	assert_int_equal(cli_parse_uint_c("0xffffffffffffffffff", 0, ~0UL, &v), -ERANGE);
	assert_int_equal(v, 0);
}

static void test_once(void **state)
{
	struct cli_once o = { 0 };
	char key[8];
	int i;

	(void)state;
	assert_int_equal(cli_once(&o, "up"), 0);
	assert_int_equal(cli_once(&o, "learning"), 0);
	assert_int_equal(cli_once(&o, "up"), -EEXIST);
	assert_int_equal(cli_once(&o, "learning"), -EEXIST);
	assert_int_equal(cli_once(&o, "flood"), 0);
	/* keys are compared by content, not by pointer */
	snprintf(key, sizeof(key), "%s", "flood");
	assert_int_equal(cli_once(&o, key), -EEXIST);
	/* past CLI_ONCE_MAX keys nothing breaks (the rest are not remembered) */
	for (i = 0; i < CLI_ONCE_MAX + 4; i++)
		cli_once(&o, "x");
	assert_true(o.n <= CLI_ONCE_MAX);
}

static void test_template(void **state)
{
	char out[IFNAMSIZ];

	(void)state;
	assert_int_equal(cli_template_name("x%d", 0, out), 0);
	assert_string_equal(out, "x0");
	assert_int_equal(cli_template_name("br%d-lan", 12, out), 0);
	assert_string_equal(out, "br12-lan");
	assert_int_equal(cli_template_name("x", 0, out), -EINVAL);
	assert_int_equal(cli_template_name("y%d%d", 0, out), -EINVAL);
	assert_int_equal(cli_template_name("z%", 0, out), -EINVAL);
	assert_int_equal(cli_template_name("abcdefghijklm%d", 9, out), 0);
	assert_string_equal(out, "abcdefghijklm9");
	assert_int_equal(cli_template_name("abcdefghijklm%d", 10, out), 0);
	assert_int_equal(cli_template_name("abcdefghijklm%d", 100, out), -ENAMETOOLONG);
}

static int split(char *line, char **argv, const char **why)
{
	return cli_split_line(line, argv, 4, why);
}

static void test_split_line(void **state)
{
	char *argv[5];
	const char *why = NULL;
	char l1[] = "bridge add \"q b\" up\n", l2[] = "  tap  'a \"b' # comment\n";
	char l3[] = "bridge add \"q\n", l4[] = "a \"b\"c", l5[] = "a b c d e";
	char l6[] = "   # only a comment", l7[] = "a \"\" b", l8[] = "a \"#x\" b";

	(void)state;
	assert_int_equal(split(l1, argv, &why), 4);
	assert_string_equal(argv[2], "q b");
	assert_string_equal(argv[3], "up");
	assert_null(argv[4]);
	assert_int_equal(split(l2, argv, &why), 2);
	assert_string_equal(argv[1], "a \"b");
	assert_int_equal(split(l3, argv, &why), -EINVAL);
	assert_string_equal(why, "unterminated double quote");
	assert_int_equal(split(l4, argv, &why), -EINVAL);
	assert_string_equal(why, "a closing quote must end its word");
	assert_int_equal(split(l5, argv, &why), -E2BIG);
	assert_string_equal(why, "too many words");
	assert_int_equal(split(l6, argv, &why), 0);
	assert_int_equal(split(l7, argv, &why), 3);
	assert_string_equal(argv[1], "");
	assert_int_equal(split(l8, argv, &why), 3);
	assert_string_equal(argv[1], "#x");
}

static void test_escape(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(cli_escape("plain", 5, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "plain");
	cli_escape("a\001\033[31mb\x7f", 9, buf, sizeof(buf));
	assert_string_equal(buf, "a\\x01\\x1b[31mb\\x7f");
	cli_escape("\xff\xfez", 3, buf, sizeof(buf));
	assert_string_equal(buf, "\\xff\\xfez");
	/* valid UTF-8 passes; a cut sequence does not */
	cli_escape("caf\xc3\xa9", 5, buf, sizeof(buf));
	assert_string_equal(buf, "caf\xc3\xa9");
	cli_escape("caf\xc3", 4, buf, sizeof(buf));
	assert_string_equal(buf, "caf\\xc3");
	cli_escape("a\nb", 3, buf, sizeof(buf));
	assert_string_equal(buf, "a\\x0ab");
	/* a NUL byte inside the length is escaped too */
	cli_escape("a\0b", 3, buf, sizeof(buf));
	assert_string_equal(buf, "a\\x00b");
	/* truncation never splits an escape and always terminates */
	assert_int_equal(cli_escape("\001\002", 2, buf, 6), 4);
	assert_string_equal(buf, "\\x01");
	assert_int_equal(cli_escape("abc", 3, buf, 1), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uint),	   cmocka_unit_test(test_centisecs),
		cmocka_unit_test(test_bool),	   cmocka_unit_test(test_mac),
		cmocka_unit_test(test_ifname),	   cmocka_unit_test(test_uint_c),
		cmocka_unit_test(test_once),	   cmocka_unit_test(test_template),
		cmocka_unit_test(test_split_line), cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

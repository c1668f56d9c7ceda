// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the pure VLAN-set code: parsing, ranges, diff, format. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <brkit/brkit.h>

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A random set: runs of random lengths, so both singles and ranges appear. */
static void random_set(struct brkit_vlan_set *s, unsigned int density)
{
	unsigned int v = 1;

	brkit_vlan_set_zero(s);
	while (v <= BRKIT_VID_MAX) {
		unsigned int run = (unsigned int)(rng() % 20) + 1;

		if (rng() % 100 < density)
			brkit_vlan_set_add(
				s, v, v + run - 1 > BRKIT_VID_MAX ? BRKIT_VID_MAX : v + run - 1);
		v += run;
	}
}

static void test_parse_vid_every_value(void **state)
{
	unsigned int v, got;
	char buf[16];
	const char *why;

	(void)state;
	for (v = 0; v <= 5000; v++) {
		int err;

		snprintf(buf, sizeof(buf), "%u", v);
		why = NULL;
		err = brkit_vlan_parse_vid(buf, &got, &why);
		if (v >= 1 && v <= 4094) {
			assert_int_equal(err, 0);
			assert_int_equal(got, v);
		} else {
			assert_int_equal(err, -EINVAL);
			assert_non_null(why);
		}
	}
}

static void test_parse_vid_bad(void **state)
{
	static const char *bad[] = {
		"",	"0",   "4095", "4096", "-1",   "+1",  "abc",
		"1a",	"a1",  " 1",   "1 ",   "0x10", "1.0", "99999999999999999999",
		"10-5", "1,2", "-",    NULL
	};
	unsigned int v;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		why = NULL;
		assert_int_equal(brkit_vlan_parse_vid(bad[i], &v, &why), -EINVAL);
		assert_non_null(why);
	}
	assert_int_equal(brkit_vlan_parse_vid(NULL, &v, NULL), -EINVAL);
	assert_int_equal(brkit_vlan_parse_vid("0", &v, &why), -EINVAL);
	assert_non_null(strstr(why, "0 is reserved"));
	assert_int_equal(brkit_vlan_parse_vid("4095", &v, &why), -EINVAL);
	assert_non_null(strstr(why, "4095 is reserved"));
	assert_int_equal(brkit_vlan_parse_vid("007", &v, &why), 0);
	assert_int_equal(v, 7);
}

static void test_parse_range(void **state)
{
	unsigned int lo, hi;
	const char *why;

	(void)state;
	assert_int_equal(brkit_vlan_parse_range("10", &lo, &hi, &why), 0);
	assert_int_equal(lo, 10);
	assert_int_equal(hi, 10);
	assert_int_equal(brkit_vlan_parse_range("1-4094", &lo, &hi, &why), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 4094);
	assert_int_equal(brkit_vlan_parse_range("7-7", &lo, &hi, &why), 0);
	assert_int_equal(lo, 7);
	assert_int_equal(hi, 7);
	assert_int_equal(brkit_vlan_parse_range("10-5", &lo, &hi, &why), -EINVAL);
	assert_non_null(strstr(why, "below its start"));
	assert_int_equal(brkit_vlan_parse_range("0-5", &lo, &hi, &why), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range("5-4095", &lo, &hi, &why), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range("-1", &lo, &hi, &why), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range("1-", &lo, &hi, &why), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range("1--2", &lo, &hi, &why), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range("1-2-3", &lo, &hi, &why), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range("", &lo, &hi, &why), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range(NULL, &lo, &hi, NULL), -EINVAL);
	assert_int_equal(brkit_vlan_parse_range("abc", &lo, &hi, &why), -EINVAL);
	/* every pair of a small window, against the obvious rule */
	for (lo = 0; lo < 40; lo++) {
		for (hi = 0; hi < 40; hi++) {
			char buf[32];
			unsigned int a, b;
			int want = lo >= 1 && hi >= lo ? 0 : -EINVAL;

			snprintf(buf, sizeof(buf), "%u-%u", lo, hi);
			assert_int_equal(brkit_vlan_parse_range(buf, &a, &b, &why), want);
			if (!want) {
				assert_int_equal(a, lo);
				assert_int_equal(b, hi);
			}
		}
	}
}

static void test_set_parse_list(void **state)
{
	struct brkit_vlan_set s, want;
	const char *why;
	char buf[64];

	(void)state;
	assert_int_equal(brkit_vlan_set_parse("1,10,20-30", &s, &why), 0);
	brkit_vlan_set_zero(&want);
	brkit_vlan_set_add(&want, 1, 1);
	brkit_vlan_set_add(&want, 10, 10);
	brkit_vlan_set_add(&want, 20, 30);
	assert_true(brkit_vlan_set_equal(&s, &want));
	assert_int_equal(brkit_vlan_set_count(&s), 13);
	brkit_vlan_set_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "1,10,20-30");
	/* overlapping and unordered elements merge */
	assert_int_equal(brkit_vlan_set_parse("30,20-29,25,1,10,1", &s, &why), 0);
	assert_true(brkit_vlan_set_equal(&s, &want));
	assert_int_equal(brkit_vlan_set_parse("1-4094", &s, &why), 0);
	assert_int_equal(brkit_vlan_set_count(&s), 4094);
	assert_false(brkit_vlan_set_has(&s, 0));
	assert_false(brkit_vlan_set_has(&s, 4095));
	brkit_vlan_set_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "1-4094");
}

static void test_set_parse_bad(void **state)
{
	static const char *bad[] = {
		"",    "1,,2", ",1",	"1,",	"0",   "4095",	"4096",	 "-1",
		"abc", "10-5", "1,abc", "1, 2", "1;2", "1-2-3", "5,0-3", NULL
	};
	struct brkit_vlan_set s;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		why = NULL;
		assert_int_equal(brkit_vlan_set_parse(bad[i], &s, &why), -EINVAL);
		assert_non_null(why);
		assert_int_equal(brkit_vlan_set_count(&s), 0);
	}
	assert_int_equal(brkit_vlan_set_parse("1,,2", &s, &why), -EINVAL);
	assert_non_null(strstr(why, "empty element"));
	assert_int_equal(brkit_vlan_set_parse(NULL, &s, NULL), -EINVAL);
}

static void test_set_add_del_has(void **state)
{
	struct brkit_vlan_set s;
	unsigned int v;

	(void)state;
	brkit_vlan_set_zero(&s);
	for (v = 0; v < 4096; v++)
		assert_false(brkit_vlan_set_has(&s, v));
	brkit_vlan_set_add(&s, 0, 4095);
	assert_int_equal(brkit_vlan_set_count(&s), 4096);
	brkit_vlan_set_del(&s, 63, 64);
	assert_false(brkit_vlan_set_has(&s, 63));
	assert_false(brkit_vlan_set_has(&s, 64));
	assert_true(brkit_vlan_set_has(&s, 62));
	assert_true(brkit_vlan_set_has(&s, 65));
	assert_false(brkit_vlan_set_has(&s, 4096));
	assert_false(brkit_vlan_set_has(&s, 100000));
	/* beyond the end is ignored, not written */
	brkit_vlan_set_zero(&s);
	brkit_vlan_set_add(&s, 4090, 9000);
	assert_int_equal(brkit_vlan_set_count(&s), 6);
}

/* next_range against a naive walk, on many random sets and on every single VID. */
static void check_ranges(const struct brkit_vlan_set *s)
{
	unsigned int lo, hi, from = 0, v = 0, n = 0;

	while (brkit_vlan_set_next_range(s, from, &lo, &hi)) {
		while (v < lo) {
			assert_false(brkit_vlan_set_has(s, v));
			v++;
		}
		for (; v <= hi; v++)
			assert_true(brkit_vlan_set_has(s, v));
		assert_false(brkit_vlan_set_has(s, hi + 1));
		from = hi + 1;
		n++;
	}
	for (; v < 4096; v++)
		assert_false(brkit_vlan_set_has(s, v));
	assert_int_equal(brkit_vlan_set_nranges(s), n);
}

static void test_ranges(void **state)
{
	struct brkit_vlan_set s;
	unsigned int v, i, lo, hi;

	(void)state;
	brkit_vlan_set_zero(&s);
	assert_false(brkit_vlan_set_next_range(&s, 0, &lo, &hi));
	assert_int_equal(brkit_vlan_set_nranges(&s), 0);
	for (v = 0; v < 4096; v++) {
		brkit_vlan_set_zero(&s);
		brkit_vlan_set_add(&s, v, v);
		assert_true(brkit_vlan_set_next_range(&s, 0, &lo, &hi));
		assert_int_equal(lo, v);
		assert_int_equal(hi, v);
		assert_false(brkit_vlan_set_next_range(&s, v + 1, &lo, &hi));
	}
	brkit_vlan_set_zero(&s);
	brkit_vlan_set_add(&s, 0, 4095);
	assert_true(brkit_vlan_set_next_range(&s, 0, &lo, &hi));
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 4095);
	/* every other VID: 2047 ranges, the worst case */
	brkit_vlan_set_zero(&s);
	for (v = 1; v <= 4094; v += 2)
		brkit_vlan_set_add(&s, v, v);
	assert_int_equal(brkit_vlan_set_nranges(&s), 2047);
	check_ranges(&s);
	for (i = 0; i < 300; i++) {
		random_set(&s, (unsigned int)(i % 101));
		check_ranges(&s);
	}
}

static void test_format_roundtrip(void **state)
{
	struct brkit_vlan_set s, back;
	char *buf = malloc(32768);
	const char *why;
	size_t need;
	unsigned int i;

	(void)state;
	assert_non_null(buf);
	brkit_vlan_set_zero(&s);
	assert_int_equal(brkit_vlan_set_format(&s, buf, 100), 0);
	assert_string_equal(buf, "");
	for (i = 0; i < 300; i++) {
		random_set(&s, (unsigned int)(i % 100) + 1);
		if (!brkit_vlan_set_count(&s))
			continue;
		need = brkit_vlan_set_format(&s, buf, 32768);
		assert_int_equal(need, strlen(buf));
		assert_int_equal(brkit_vlan_set_parse(buf, &back, &why), 0);
		assert_true(brkit_vlan_set_equal(&s, &back));
	}
	/* truncation: terminated, never overflowing, full length reported */
	brkit_vlan_set_parse("1,10,20-30", &s, &why);
	memset(buf, 'x', 16);
	need = brkit_vlan_set_format(&s, buf, 6);
	assert_int_equal(need, 10);
	assert_string_equal(buf, "1,10");
	assert_int_equal(buf[6], 'x');
	assert_int_equal(brkit_vlan_set_format(&s, NULL, 0), 10);
	free(buf);
}

static void test_diff(void **state)
{
	struct brkit_vlan_set cur, want, add, del, x;
	unsigned int i, v;
	const char *why;
	char buf[64];

	(void)state;
	brkit_vlan_set_parse("1,10-20", &cur, &why);
	brkit_vlan_set_parse("10,15-25,100", &want, &why);
	brkit_vlan_set_diff(&cur, &want, &add, &del);
	brkit_vlan_set_format(&add, buf, sizeof(buf));
	assert_string_equal(buf, "21-25,100");
	brkit_vlan_set_format(&del, buf, sizeof(buf));
	assert_string_equal(buf, "1,11-14");
	/* the same set: nothing to do */
	brkit_vlan_set_diff(&want, &want, &add, &del);
	assert_int_equal(brkit_vlan_set_count(&add), 0);
	assert_int_equal(brkit_vlan_set_count(&del), 0);
	/* 1-4094 -> 10 and back */
	brkit_vlan_set_parse("1-4094", &cur, &why);
	brkit_vlan_set_parse("10", &want, &why);
	brkit_vlan_set_diff(&cur, &want, &add, &del);
	assert_int_equal(brkit_vlan_set_count(&add), 0);
	brkit_vlan_set_format(&del, buf, sizeof(buf));
	assert_string_equal(buf, "1-9,11-4094");
	/* random: cur - del + add == want, add and cur disjoint, del within cur */
	for (i = 0; i < 300; i++) {
		random_set(&cur, i % 100);
		random_set(&want, (i * 7) % 100);
		brkit_vlan_set_diff(&cur, &want, &add, &del);
		x = cur;
		for (v = 0; v < 4096; v++) {
			assert_false(brkit_vlan_set_has(&add, v) && brkit_vlan_set_has(&cur, v));
			if (brkit_vlan_set_has(&del, v)) {
				assert_true(brkit_vlan_set_has(&cur, v));
				brkit_vlan_set_del(&x, v, v);
			}
			if (brkit_vlan_set_has(&add, v))
				brkit_vlan_set_add(&x, v, v);
		}
		assert_true(brkit_vlan_set_equal(&x, &want));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_vid_every_value),
		cmocka_unit_test(test_parse_vid_bad),
		cmocka_unit_test(test_parse_range),
		cmocka_unit_test(test_set_parse_list),
		cmocka_unit_test(test_set_parse_bad),
		cmocka_unit_test(test_set_add_del_has),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

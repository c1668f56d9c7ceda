// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for brkit-stp-sim's script reader: bad scripts exit 2 naming
 * the file and line, failed checks exit 1 naming the line and what was
 * seen, good scripts exit 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sim/script.h"

static char *errbuf;

static int run(const char *text, bool stp)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *out = fopen("/dev/null", "w");
	size_t n = 0;
	FILE *err;
	int r;

	free(errbuf);
	errbuf = NULL;
	err = open_memstream(&errbuf, &n);
	assert_non_null(in);
	assert_non_null(out);
	assert_non_null(err);
	r = (int)sim_run_script(in, "t.stp", stp, out, err);
	fclose(in);
	fclose(out);
	fclose(err);
	return r;
}

static void expect(const char *text, bool stp, int code, const char *msg)
{
	int r = run(text, stp);

	if (r != code || (msg && !strstr(errbuf, msg)))
		fail_msg("script:\n%s\nexit %d (want %d), stderr: %s (want \"%s\")", text, r, code,
			 errbuf, msg ? msg : "");
}

static void test_good(void **state)
{
	(void)state;
	expect("# nothing\n\n", false, 0, NULL);
	expect("bridge 0 0x111 = a b\nrun 1000\ncheck 0 = root\n", false, 0, NULL);
	expect("bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\ncheck 1 = F:200000\n", false, 0,
	       NULL);
	expect("bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\ncheck 1 = F:10\n", true, 0, NULL);
	expect("bridge 0 0x123 =\ncheck 0 = root\n", true, 0, NULL);
	assert_string_equal(errbuf, "");
}

static void test_unknown_directive(void **state)
{
	(void)state;
	expect("bridge 0 0x111 = a\nfrobnicate 3\n", false, 2,
	       "t.stp:2: unknown directive frobnicate");
	expect("bridge 0 0x111 = a\nrun 1000 extra\n", false, 2, "t.stp:2: trailing garbage");
	expect("run\n", false, 2, "t.stp:1: expected an integer");
	expect("run 0\n", false, 2, "t.stp:1:");
}

static void test_bridge_order(void **state)
{
	(void)state;
	expect("bridge 1 0x111 = a\n", false, 2, "t.stp:1: bridges must be numbered consecutively");
	expect("bridge 0 0x111 = a\n\nbridge 2 0x222 = a\n", false, 2,
	       "t.stp:3: bridges must be numbered consecutively");
	expect("check 0 = root\n", false, 2, "t.stp:1: no bridge numbered 0");
}

static void test_port_limit(void **state)
{
	(void)state;
	/* test-rstp.c: ports 1..9 */
	expect("bridge 0 0x111 = a b c d e f g h i j\n", false, 2, "t.stp:1: too many ports");
	expect("bridge 0 0x111 = a\nset 0 10 edge on\n", false, 2,
	       "t.stp:2: port 10 is past the limit");
	expect("bridge 0 0x111 = a\nlink 0 0 down\n", false, 2,
	       "t.stp:2: port 0 is past the limit");
	expect("bridge 0 0x111 = a\nlink 0 2 down\n", false, 2, "t.stp:2: bridge 0 has no port 2");
	expect("bridge 0 0x111 = X a\n", false, 2, "t.stp:1: ports must be numbered consecutively");
	/* test-stp.c: ports 0..254; port 0 exists */
	expect("bridge 0 0x111 = a\nlink 0 0 down\n", true, 0, NULL);
	expect("bridge 0 0x111 = a\nlink 0 255 down\n", true, 2,
	       "t.stp:2: port 255 is past the limit");
}

static void test_lan_letter(void **state)
{
	(void)state;
	expect("bridge 0 0x111 = A\n", false, 2, "t.stp:1: A is not a valid LAN name");
	expect("bridge 0 0x111 = ab\n", false, 2, "t.stp:1: ab is not a valid LAN name");
	expect("bridge 0 0x111 = 1\n", false, 2, "t.stp:1: 1 is not a valid LAN name");
	expect("bridge 0 0x111 = a\nlan B down\n", false, 2, "t.stp:2: B is not a valid LAN name");
}

static void test_bad_values(void **state)
{
	(void)state;
	expect("bridge 0 0x111 = a:0\n", false, 2, "t.stp:1: path cost 0");
	expect("bridge 0 0x111 = a:200000001\n", false, 2, "t.stp:1: path cost 200000001");
	expect("bridge 0 0x111 ^ 70000 = a\n", false, 2, "t.stp:1: bridge priority 70000");
	expect("bridge 0 0x111 = a^256\n", false, 2, "t.stp:1:");
	expect("bridge 0 0x1000000000000 = a\n", false, 2, "t.stp:1:");
	expect("bridge 0 0x111 = a\nset 0 maxage 41\n", false, 2, "t.stp:2: maxage 41");
	expect("bridge 0 0x111 = a\nset 0 fwddelay 10\n", false, 2, "t.stp:2: fwddelay 10");
	expect("bridge 0 0x111 = a\nset 0 txhold 11\n", false, 2, "t.stp:2: txhold 11");
	expect("bridge 0 0x111 = a\nset 0 version 1\n", false, 2, "t.stp:2: version 1");
	expect("bridge 0 0x111 = a\nset 0 1 priority 17\n", false, 2, "t.stp:2: priority 17");
	expect("bridge 0 0x111 = a\nset 0 1 colour blue\n", false, 2, "t.stp:2:");
}

static void test_bad_state_letters(void **state)
{
	(void)state;
	expect("bridge 0 0x111 = a\ncheck 0 = Q\n", false, 2, "t.stp:2: unknown port state Q");
	/* each dialect its own letters */
	expect("bridge 0 0x111 = a\ncheck 0 = B\n", false, 2, "t.stp:2: unknown port state B");
	expect("bridge 0 0x111 = a\ncheck 0 = Di\n", true, 2, "t.stp:2: unknown port state Di");
}

static void test_failed_checks(void **state)
{
	(void)state;
	/* before any time passes a port discards (Li in test-stp.c) */
	expect("bridge 0 0x111 = a\ncheck 0 = F\n", false, 1,
	       "t.stp:2: bridge 0 port 1: state is discarding but should be forwarding");
	expect("bridge 0 0x111 = a\ncheck 0 = F\n", true, 1,
	       "t.stp:2: bridge 0 port 0: state is listening but should be forwarding");
	expect("bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\ncheck 1 = root\n", false, 1,
	       "t.stp:4: bridge 1: root is 8000000000000111");
	expect("bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\ncheck 1 = F:5\n", false, 1,
	       "t.stp:4: bridge 1: root path cost is 200000, should be 5");
	expect("bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\ncheck 1 = F\n", false, 1,
	       "t.stp:4: bridge 1: port 1 is the root port but not expected to be");
	expect("bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\ncheck 0 = F:1\n", false, 1,
	       "port 1 is not the root port (there is none)");
	expect("bridge 0 0x111 = a\ncheck 0 = rootid:0x222 Di\n", false, 1,
	       "t.stp:2: bridge 0: root is 8000000000000111, not 8000000000000222");
	/* the first failing check ends the run: line 3 is not reached */
	expect("bridge 0 0x111 = a\ncheck 0 = F\ncheck 0 = Le\n", false, 1, "t.stp:2:");
	assert_null(strstr(errbuf, "t.stp:3:"));
	expect("bridge 0 0x111 = a\nloop yes\n", false, 1,
	       "t.stp:2: the forwarding ports make no loop");
	expect("bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\nflushed 0 = 1\n", false, 1,
	       "t.stp:4: bridge 0 port 1: no flush");
}

/* Random scripts from the language's own words: whatever they say, the
 * reader ends with 0, 1 or 2 and never crashes (ASan build). */
static void test_random_scripts(void **state)
{
	static const char *const words[] = { "bridge",	 "check",
					     "dump",	 "tree",
					     "time 1",	 "time 0",
					     "link",	 "lan",
					     "set",	 "mcheck",
					     "flushed",	 "sent",
					     "loop",	 "port",
					     "run 1000", "0",
					     "1",	 "2",
					     "3",	 "9",
					     "10",	 "255",
					     "0x111",	 "0x222",
					     "=",	 "^",
					     ":",	 "_",
					     "X",	 "a",
					     "b",	 "c",
					     "z",	 "A",
					     "F",	 "Di",
					     "Le",	 "D",
					     "B",	 "Li",
					     "root",	 "rootid",
					     "up",	 "down",
					     "on",	 "off",
					     "edge",	 "ptp",
					     "cost",	 "priority",
					     "version",	 "txhold",
					     "legacy",	 "none",
					     "clear",	 "yes",
					     "no",	 "#",
					     "role",	 "4096",
					     "200000",	 "99999999999999999999",
					     "-1",	 "\t" };
	uint64_t x = 0x1234567;
	char text[512];
	int counts[3] = { 0 };

	(void)state;
	for (int n = 0; n < 1500; n++) {
		size_t len = 0;
		int lines = 1 + (int)(x % 6);

		for (int l = 0; l < lines; l++) {
			int nw = 1 + (int)((x >> 8) % 8);

			for (int w = 0; w < nw; w++) {
				const char *word;

				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				word = words[x % (sizeof(words) / sizeof(words[0]))];
				if (len + strlen(word) + 2 < sizeof(text))
					len += (size_t)snprintf(text + len, sizeof(text) - len,
								"%s ", word);
			}
			if (len + 2 < sizeof(text))
				text[len++] = '\n';
			text[len] = 0;
		}
		{
			int r = run(text, (x >> 3) & 1);

			assert_true(r >= 0 && r <= 2);
			counts[r]++;
		}
	}
	/* the words make all three outcomes */
	assert_true(counts[2] > 0);
	assert_true(counts[0] + counts[1] > 0);
}

static void test_missing_file(void **state)
{
	FILE *err = fopen("/dev/null", "w");

	(void)state;
	assert_int_equal(sim_run_file("/nonexistent/x.stp", false, err, err), SIM_SYNTAX);
	fclose(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_unknown_directive),
		cmocka_unit_test(test_bridge_order),
		cmocka_unit_test(test_port_limit),
		cmocka_unit_test(test_lan_letter),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_state_letters),
		cmocka_unit_test(test_failed_checks),
		cmocka_unit_test(test_random_scripts),
		cmocka_unit_test(test_missing_file),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(errbuf);
	return r;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The library's own rules, as a caller sees them: pure calls that return a
 * reason text are safe from two threads at once, and the public structs keep
 * their size and layout (brkit.h, "How the public structs grow"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <brkit/brkit.h>
#include <brkit/lab.h>

#define ROUNDS 20000

struct mac_thread {
	const char *input; /* a bad MAC */
	const char *want; /* its reason */
	pthread_barrier_t *bar;
	const char *why; /* the reason's buffer after the other thread parsed too */
	int wrong; /* rounds where the reason was not ours */
};

static void *mac_worker(void *arg)
{
	struct mac_thread *t = arg;
	uint8_t m[6];
	int i;

	for (i = 0; i < ROUNDS; i++) {
		const char *why = NULL;

		if (brkit_fdb_parse_mac(t->input, m, &why) != -EINVAL || !why ||
		    strcmp(why, t->want))
			t->wrong++;
	}
	/* Deterministic part: both threads parse, wait for each other, then
	 * read their reason again; one shared buffer would hold the other's. */
	brkit_fdb_parse_mac(t->input, m, &t->why);
	pthread_barrier_wait(t->bar);
	if (strcmp(t->why, t->want))
		t->wrong++;
	pthread_barrier_wait(t->bar); /* keep both threads' buffers alive until both read */
	return NULL;
}

static void test_mac_parser_two_threads(void **state)
{
	pthread_barrier_t bar;
	struct mac_thread a = { .input = "02:00:00:00:00:0g",
				.want = "'g' is not a hex digit",
				.bar = &bar },
			  b = { .input = "02.00.00.00.00.01",
				.want = "wrong separator '.' in MAC address (use ':')",
				.bar = &bar };
	pthread_t ta, tb;

	(void)state;
	assert_int_equal(pthread_barrier_init(&bar, NULL, 2), 0);
	assert_int_equal(pthread_create(&ta, NULL, mac_worker, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, mac_worker, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&bar);
	if (a.wrong || b.wrong)
		fail_msg("reasons overwritten by the other thread: %d and %d times", a.wrong,
			 b.wrong);
}

/* Reentrancy in one thread: a constant reason never points into a buffer a
 * later call rewrites. */
static void test_mac_parser_reasons_stable(void **state)
{
	const char *w1 = NULL, *w2 = NULL;
	uint8_t m[6];

	(void)state;
	assert_int_equal(brkit_fdb_parse_mac("", m, &w1), -EINVAL);
	assert_int_equal(brkit_fdb_parse_mac("02:00:00:00:00:0z", m, &w2), -EINVAL);
	assert_string_equal(w1, "empty MAC address");
	assert_string_equal(w2, "'z' is not a hex digit");
}

/* The layout of LIBBRKIT_0 on x86-64 (LP64). A struct with a reserved tail
 * must keep both its size and the tail at its end: new members are carved
 * out of the tail. A struct without one never grows. Changing a number here
 * breaks every harness built against the old header: don't, unless the
 * soname changes. */
struct layout {
	const char *name;
	size_t size; /* LIBBRKIT_0's, on x86-64 */
	size_t got; /* this build's */
	size_t tail_end; /* offset of the end of the reserved tail, 0 when none */
};
/* clang-format off */
#define TAIL_END(t) (offsetof(struct t, reserved) + sizeof(((struct t *)0)->reserved))
#define GROWS(t, n) { #t, n, sizeof(struct t), TAIL_END(t) }
#define FIXED(t, n) { #t, n, sizeof(struct t), 0 }
/* clang-format on */

static void test_struct_layout(void **state)
{
	/* clang-format off */
	const struct layout l[] = {
		GROWS(brkit_link, 112),
		GROWS(brkit_bridge_opts, 112),
		GROWS(brkit_port_opts, 56),
		FIXED(brkit_bridge_id, 8),
		GROWS(brkit_port_info, 168),
		GROWS(brkit_bridge_info, 200),
		FIXED(brkit_bridge_list, 16),
		GROWS(brkit_fdb_entry, 120),
		GROWS(brkit_fdb_filter, 32),
		GROWS(brkit_fdb_spec, 96),
		GROWS(brkit_fdb_target, 24),
		FIXED(brkit_fdb_mac, 16),
		FIXED(brkit_mdb_src, 20),
		GROWS(brkit_mdb_entry, 112),
		GROWS(brkit_mdb_router, 40),
		GROWS(brkit_mdb_ops, 32),
		GROWS(brkit_mdb_filter, 24),
		GROWS(brkit_mdb_spec, 616),
		GROWS(brkit_vlan_global_opts, 24),
		GROWS(brkit_tap, 112),
		GROWS(brkit_tap_info, 168),
		FIXED(brkit_vlan_set, 512),
		FIXED(brkit_vlan_range, 6),
		FIXED(brkit_vlan_tunnel, 12),
		GROWS(brkit_vlan_tunnel_dev, 56),
		GROWS(brkit_vlan_dev, 64),
		FIXED(brkit_ipaddr, 20),
		GROWS(brkit_vxlan_cfg, 96),
		GROWS(brkit_vxlan_info, 208),
		GROWS(brkit_vni_entry, 48),
		GROWS(brkit_ev_link, 176),
		GROWS(brkit_ev_vlan, 40),
		GROWS(brkit_ev_vni, 40),
		GROWS(brkit_events_ops, 64),
		FIXED(brkit_lab_error, 776),
		FIXED(brkit_lab_addr, 24),
		FIXED(brkit_lab_iface, 840), /* its reserved tail is used up */
		GROWS(brkit_lab_node, 272),
		FIXED(brkit_lab_end, 16),
		GROWS(brkit_lab_link, 96),
		GROWS(brkit_lab, 384),
		GROWS(brkit_lab_frr, 576),
		GROWS(brkit_lab_vni, 32),
		GROWS(brkit_lab_node_ext, 296), /* exec:, vlan_multicast: from its reserved (issue 19) */
		GROWS(brkit_lab_vlan_mcast, 56),
		GROWS(brkit_lab_cmd, 32),
		GROWS(brkit_lab_exec, 80),
	};
	/* clang-format on */
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
		if (l[i].tail_end && l[i].tail_end != l[i].got) {
			print_error("struct %s: the reserved tail is not at its end\n", l[i].name);
			bad++;
		}
#if defined(__x86_64__) && defined(__LP64__)
		if (l[i].got != l[i].size) {
			print_error("struct %s: %zu bytes, LIBBRKIT_0 has %zu\n", l[i].name,
				    l[i].got, l[i].size);
			bad++;
		}
#endif
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_parser_two_threads),
		cmocka_unit_test(test_mac_parser_reasons_stable),
		cmocka_unit_test(test_struct_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

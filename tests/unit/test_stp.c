// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the RSTP engine's parameters (802.1D-2004 17.13, 17.14):
 * every setter refuses what the standard does not allow, and then nothing
 * has changed; and a few direct checks of the machines through the
 * callbacks (no simulator). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "stp/stp.h"

struct rec {
	unsigned int sent[4];
	struct stp_bpdu last[4];
	enum stp_state state[4];
	unsigned int flushes[4];
};

static void rec_send(void *ctx, unsigned int port, const struct stp_bpdu *b)
{
	struct rec *r = ctx;

	r->sent[port]++;
	r->last[port] = *b;
}

static void rec_state(void *ctx, unsigned int port, enum stp_state s)
{
	struct rec *r = ctx;

	r->state[port] = s;
}

static void rec_flush(void *ctx, unsigned int port)
{
	struct rec *r = ctx;

	r->flushes[port]++;
}

static unsigned int held_calls;

static void rec_held(void *ctx, unsigned int port)
{
	(void)ctx;
	(void)port;
	held_calls++;
}

static const struct stp_ops ops = { rec_send, rec_state, rec_flush, NULL };
static const struct stp_ops ops_held = { rec_send, rec_state, rec_flush, rec_held };

static struct stp_bridge *mk(struct rec *r)
{
	struct stp_bridge *br = NULL;

	memset(r, 0, sizeof(*r));
	assert_int_equal(stp_bridge_new(&br, 0x020000000001ULL, 4, &ops, r), 0);
	return br;
}

static void check_times(struct stp_bridge *br, unsigned int h, unsigned int m, unsigned int f)
{
	unsigned int hh, mm, ff;

	stp_bridge_times(br, &hh, &mm, &ff);
	assert_int_equal(hh, h);
	assert_int_equal(mm, m);
	assert_int_equal(ff, f);
}

static void test_defaults(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);
	struct stp_port_info pi;

	(void)state;
	check_times(br, 2, 20, 15);
	assert_int_equal(stp_tx_hold_count(br), 6);
	assert_int_equal(stp_force_version(br), 2);
	assert_true(stp_bridge_id(br) == 0x8000020000000001ULL);
	assert_true(stp_is_root(br));
	assert_int_equal(stp_port_info(br, 0, &pi), 0);
	assert_int_equal(pi.path_cost, 200000);
	assert_int_equal(pi.port_id, 0x8001);
	assert_false(pi.enabled);
	assert_int_equal(stp_port_info(br, 4, &pi), -EINVAL);
	stp_bridge_free(br);
}

static void test_bad_new(void **state)
{
	struct stp_bridge *br = NULL;

	(void)state;
	assert_int_equal(stp_bridge_new(&br, 1, 0, &ops, NULL), -EINVAL);
	assert_int_equal(stp_bridge_new(&br, 1, STP_MAX_PORTS + 1, &ops, NULL), -EINVAL);
	assert_int_equal(stp_bridge_new(&br, 1ULL << 48, 2, &ops, NULL), -EINVAL);
	assert_null(br);
}

/* stp_bridge_new() refuses NULL ops, or ops without a callback it calls
 * (held alone is optional), rather than calling through NULL later. */
static void test_bad_ops(void **state)
{
	static const struct stp_ops no_send = { NULL, rec_state, rec_flush, NULL };
	static const struct stp_ops no_state = { rec_send, NULL, rec_flush, NULL };
	static const struct stp_ops no_flush = { rec_send, rec_state, NULL, NULL };
	struct stp_bridge *br = NULL;

	(void)state;
	assert_int_equal(stp_bridge_new(&br, 1, 2, NULL, NULL), -EINVAL);
	assert_int_equal(stp_bridge_new(&br, 1, 2, &no_send, NULL), -EINVAL);
	assert_int_equal(stp_bridge_new(&br, 1, 2, &no_state, NULL), -EINVAL);
	assert_int_equal(stp_bridge_new(&br, 1, 2, &no_flush, NULL), -EINVAL);
	assert_null(br);
}

/* The strict switch and the rules: stp_set_rules() refuses unknown bits. */
static void test_rules(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);

	(void)state;
	assert_int_equal(stp_rules(br), STP_RULES_SAFE);
	assert_int_equal(stp_set_strict(br, true), 0);
	assert_int_equal(stp_rules(br), 0);
	assert_int_equal(stp_set_rules(br, STP_RULES_SAFE << 1), -EINVAL);
	assert_int_equal(stp_rules(br), 0);
	assert_int_equal(stp_set_rules(br, STP_RULE_TXHOLD_EVENTS), 0);
	assert_int_equal(stp_rules(br), STP_RULE_TXHOLD_EVENTS);
	assert_int_equal(stp_set_strict(br, false), 0);
	assert_int_equal(stp_rules(br), STP_RULES_SAFE);
	stp_bridge_free(br);
}

/* 9.2.9: an RST BPDU with the Unknown port role (0) is read as a
 * Configuration BPDU, a designated port's: its better root is taken. */
static void test_unknown_role(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);
	struct stp_bpdu b = { .type = STP_BPDU_RST, .version = 2 };

	(void)state;
	b.flags = STP_BPDU_ROLE_UNKNOWN << 2;
	b.root_id = b.bridge_id = 0x1000000000000001ULL;
	b.port_id = 0x8001;
	b.max_age = 20 * 256;
	b.hello_time = 2 * 256;
	b.forward_delay = 15 * 256;
	stp_port_enable(br, 0, true);
	assert_int_equal(stp_receive(br, 0, &b), 0);
	assert_false(stp_is_root(br));
	assert_int_equal(stp_root_port(br), 0);
	assert_true(stp_root_id(br) == 0x1000000000000001ULL);
	stp_bridge_free(br);
}

/* TxHoldCount starvation at Hello Time 1 s (issue 16, point 5): a burst
 * fills txCount; under 802.1D-2004 to the letter every periodic hello adds
 * one and every tick takes one off, so the count never drains and the next
 * event-driven BPDU waits for a tick. brkit's rule (STP_RULE_TXHOLD_EVENTS)
 * does not count hellos: after a few seconds the event goes out at once.
 * Returns the BPDUs port 0 sent for the event before any tick. */
static unsigned int event_after_burst(bool strict, unsigned int *burst)
{
	struct rec r;
	struct stp_bridge *br = NULL;
	unsigned int before;

	memset(&r, 0, sizeof(r));
	assert_int_equal(stp_bridge_new(&br, 0x020000000001ULL, 1, &ops, &r), 0);
	assert_int_equal(stp_set_strict(br, strict), 0);
	assert_int_equal(stp_set_times(br, 1, 20, 15), 0);
	stp_port_set_mac_p2p(br, 0, true);
	stp_port_enable(br, 0, true);
	stp_tick(br);
	/* the burst: ten changes in one instant, TxHoldCount (6) a second */
	before = r.sent[0];
	for (unsigned int i = 0; i < 10; i++)
		stp_set_priority(br, i % 2 ? 4096 : 8192);
	*burst = r.sent[0] - before;
	/* five seconds of hellos, one a second */
	for (unsigned int i = 0; i < 5; i++)
		stp_tick(br);
	/* the event: a new priority, new information to send */
	before = r.sent[0];
	stp_set_priority(br, 12288);
	before = r.sent[0] - before;
	stp_bridge_free(br);
	return before;
}

static void test_txhold_hello1(void **state)
{
	unsigned int burst_safe, burst_strict;

	(void)state;
	/* brkit's rules: the event's BPDU at once */
	assert_int_equal(event_after_burst(false, &burst_safe), 1);
	/* 802.1D-2004 to the letter: held until the next tick */
	assert_int_equal(event_after_burst(true, &burst_strict), 0);
	/* a burst still respects TxHoldCount under both */
	assert_true(burst_safe <= STP_DEFAULT_TX_HOLD_COUNT && burst_safe > 0);
	assert_true(burst_strict <= STP_DEFAULT_TX_HOLD_COUNT && burst_strict > 0);
}

static void test_times(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);

	(void)state;
	/* ranges: hello 1..2, max age 6..40, forward delay 4..30 */
	assert_int_equal(stp_set_times(br, 0, 20, 15), -ERANGE);
	assert_int_equal(stp_set_times(br, 3, 20, 15), -ERANGE);
	assert_int_equal(stp_set_times(br, 2, 5, 15), -ERANGE);
	assert_int_equal(stp_set_times(br, 2, 41, 30), -ERANGE);
	assert_int_equal(stp_set_times(br, 2, 20, 3), -ERANGE);
	assert_int_equal(stp_set_times(br, 2, 20, 31), -ERANGE);
	/* 2 x (forward delay - 1) >= max age: 2 x 9 = 18 < 20 */
	assert_int_equal(stp_set_times(br, 2, 20, 10), -ERANGE);
	/* hello 2, max age 7, forward delay 4: 2 x 3 = 6 < 7 */
	assert_int_equal(stp_set_times(br, 2, 7, 4), -ERANGE);
	check_times(br, 2, 20, 15);
	/* the edges: max age 6 = 2 x (hello 2 + 1) = 2 x (4 - 1) */
	assert_int_equal(stp_set_times(br, 2, 6, 4), 0);
	check_times(br, 2, 6, 4);
	assert_int_equal(stp_set_times(br, 1, 40, 30), 0);
	check_times(br, 1, 40, 30);
	/* a refused change after a good one leaves the good one */
	assert_int_equal(stp_set_times(br, 1, 40, 20), -ERANGE);
	check_times(br, 1, 40, 30);
	stp_bridge_free(br);
}

static void test_priority(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);

	(void)state;
	assert_int_equal(stp_set_priority(br, 4097), -EINVAL);
	assert_int_equal(stp_set_priority(br, 65536), -ERANGE);
	assert_int_equal(stp_set_priority(br, 61440 + 4096), -ERANGE);
	assert_true(stp_bridge_id(br) == 0x8000020000000001ULL);
	assert_int_equal(stp_set_priority(br, 61440), 0);
	assert_true(stp_bridge_id(br) == 0xf000020000000001ULL);
	assert_int_equal(stp_set_priority(br, 0), 0);
	assert_true(stp_bridge_id(br) == 0x0000020000000001ULL);
	assert_int_equal(stp_set_address(br, 1ULL << 48), -EINVAL);
	assert_true(stp_bridge_id(br) == 0x0000020000000001ULL);
	stp_bridge_free(br);
}

static void test_port_params(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);
	struct stp_port_info pi;

	(void)state;
	assert_int_equal(stp_port_set_priority(br, 1, 8), -EINVAL);
	assert_int_equal(stp_port_set_priority(br, 1, 256), -ERANGE);
	assert_int_equal(stp_port_set_priority(br, 1, 241), -ERANGE);
	assert_int_equal(stp_port_set_path_cost(br, 1, 0), -ERANGE);
	assert_int_equal(stp_port_set_path_cost(br, 1, 200000001), -ERANGE);
	assert_int_equal(stp_port_set_path_cost(br, 9, 100), -EINVAL);
	assert_int_equal(stp_port_set_priority(br, 9, 16), -EINVAL);
	stp_port_info(br, 1, &pi);
	assert_int_equal(pi.port_id, 0x8002);
	assert_int_equal(pi.path_cost, 200000);
	assert_int_equal(stp_port_set_priority(br, 1, 240), 0);
	assert_int_equal(stp_port_set_path_cost(br, 1, 200000000), 0);
	stp_port_info(br, 1, &pi);
	assert_int_equal(pi.port_id, 0xf002);
	assert_int_equal(pi.path_cost, 200000000);
	assert_int_equal(stp_port_set_path_cost(br, 1, 1), 0);
	assert_int_equal(stp_port_set_admin_p2p(br, 1, (enum stp_p2p)7), -EINVAL);
	stp_bridge_free(br);
}

static void test_version_txhold(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);

	(void)state;
	assert_int_equal(stp_set_force_version(br, 1), -EINVAL);
	assert_int_equal(stp_set_force_version(br, 3), -EINVAL);
	assert_int_equal(stp_force_version(br), 2);
	assert_int_equal(stp_set_force_version(br, 0), 0);
	assert_int_equal(stp_force_version(br), 0);
	assert_int_equal(stp_set_tx_hold_count(br, 0), -ERANGE);
	assert_int_equal(stp_set_tx_hold_count(br, 11), -ERANGE);
	assert_int_equal(stp_tx_hold_count(br), 6);
	assert_int_equal(stp_set_tx_hold_count(br, 10), 0);
	assert_int_equal(stp_tx_hold_count(br), 10);
	stp_bridge_free(br);
}

static void test_path_cost_speed(void **state)
{
	(void)state;
	/* 802.1D-2004 Table 17-3 */
	assert_int_equal(stp_path_cost_for_speed(0), 200000000);
	assert_int_equal(stp_path_cost_for_speed(1), 20000000);
	assert_int_equal(stp_path_cost_for_speed(10), 2000000);
	assert_int_equal(stp_path_cost_for_speed(100), 200000);
	assert_int_equal(stp_path_cost_for_speed(1000), 20000);
	assert_int_equal(stp_path_cost_for_speed(10000), 2000);
	assert_int_equal(stp_path_cost_for_speed(100000), 200);
	assert_int_equal(stp_path_cost_for_speed(1000000), 20);
	assert_int_equal(stp_path_cost_for_speed(10000000), 2);
	assert_int_equal(stp_path_cost_for_speed(100000000), 1);
}

/* A lone enabled port: designated, proposing, an RST BPDU out at once. */
static void test_port_up_sends(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);
	struct stp_port_info pi;

	(void)state;
	assert_int_equal(r.sent[0], 0);
	stp_port_set_mac_p2p(br, 0, true);
	assert_int_equal(stp_port_enable(br, 0, true), 0);
	assert_true(r.sent[0] >= 1);
	assert_int_equal(r.last[0].type, STP_BPDU_RST);
	assert_int_equal(r.last[0].flags & STP_FLAG_ROLE_MASK, STP_BPDU_ROLE_DESIGNATED << 2);
	assert_true(r.last[0].flags & STP_FLAG_PROPOSAL);
	assert_true(r.last[0].root_id == stp_bridge_id(br));
	assert_int_equal(r.last[0].hello_time, 2 * 256);
	stp_port_info(br, 0, &pi);
	assert_int_equal(pi.role, STP_ROLE_DESIGNATED);
	assert_int_equal(pi.state, STP_STATE_DISCARDING);
	/* nobody answers; point-to-point: edge after Migrate Time (3 s) */
	stp_tick(br);
	stp_tick(br);
	stp_port_info(br, 0, &pi);
	assert_false(pi.oper_edge);
	for (int i = 0; i < 1; i++)
		stp_tick(br);
	stp_port_info(br, 0, &pi);
	assert_true(pi.oper_edge);
	assert_int_equal(pi.state, STP_STATE_FORWARDING);
	assert_int_equal(r.state[0], STP_STATE_FORWARDING);
	stp_bridge_free(br);
}

/* A superior BPDU makes the port root; an unknown type, a looped-back
 * BPDU, and anything on a disabled port change nothing. */
static void test_receive(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);
	struct stp_bpdu b = { .type = STP_BPDU_RST, .version = 2 };
	struct stp_port_info pi;

	(void)state;
	b.flags = STP_BPDU_ROLE_DESIGNATED << 2;
	b.root_id = 0x1000000000000001ULL;
	b.bridge_id = b.root_id;
	b.port_id = 0x8001;
	b.max_age = 20 * 256;
	b.hello_time = 2 * 256;
	b.forward_delay = 15 * 256;
	/* disabled port: ignored */
	assert_int_equal(stp_receive(br, 0, &b), 0);
	assert_true(stp_is_root(br));
	stp_port_enable(br, 0, true);
	stp_port_enable(br, 1, true);
	/* an unknown type: counted, dropped */
	b.type = (enum stp_bpdu_type)0x33;
	assert_int_equal(stp_receive(br, 0, &b), 0);
	assert_true(stp_is_root(br));
	stp_port_info(br, 0, &pi);
	assert_int_equal(pi.drops[STP_DROP_TYPE], 1);
	/* our own BPDU looped back */
	b.type = STP_BPDU_RST;
	b.root_id = b.bridge_id = stp_bridge_id(br);
	b.port_id = 0x8001;
	assert_int_equal(stp_receive(br, 0, &b), 0);
	stp_port_info(br, 0, &pi);
	assert_int_equal(pi.drops[STP_DROP_LOOPBACK], 1);
	assert_true(stp_is_root(br));
	/* superior: root port */
	b.root_id = b.bridge_id = 0x1000000000000001ULL;
	assert_int_equal(stp_receive(br, 0, &b), 0);
	assert_false(stp_is_root(br));
	assert_int_equal(stp_root_port(br), 0);
	assert_true(stp_root_id(br) == 0x1000000000000001ULL);
	assert_int_equal(stp_root_path_cost(br), 200000);
	assert_int_equal(stp_receive(br, 7, &b), -EINVAL);
	/* the information ages out after 3 x hello */
	for (int i = 0; i < 7; i++)
		stp_tick(br);
	assert_true(stp_is_root(br));
	stp_bridge_free(br);
}

/* A designated RST BPDU from bridge @root (as root), port 0x8001. */
static struct stp_bpdu from_root(uint64_t root)
{
	struct stp_bpdu b = { .type = STP_BPDU_RST, .version = 2 };

	b.flags = STP_BPDU_ROLE_DESIGNATED << 2;
	b.root_id = b.bridge_id = root;
	b.port_id = 0x8001;
	b.max_age = 20 * 256;
	b.hello_time = 2 * 256;
	b.forward_delay = 15 * 256;
	return b;
}

/* Two ports up; port 0 then hears a root better than the last, five times
 * (as when news of ever better roots crosses a ring). @batch: all five in one
 * batch. Returns the BPDUs port 1 sent meanwhile, and in *@last_root the
 * root its last BPDU named. */
static unsigned int five_better_roots(bool batch, unsigned int *held, uint64_t *last_root)
{
	struct rec r;
	struct stp_bridge *br = NULL;
	unsigned int before, i;

	memset(&r, 0, sizeof(r));
	held_calls = 0;
	assert_int_equal(stp_bridge_new(&br, 0x020000000001ULL, 2, &ops_held, &r), 0);
	/* TxHoldCount 3: five BPDUs one by one are more than a second's worth */
	assert_int_equal(stp_set_tx_hold_count(br, 3), 0);
	stp_port_set_mac_p2p(br, 0, true);
	stp_port_set_mac_p2p(br, 1, true);
	stp_port_enable(br, 0, true);
	stp_port_enable(br, 1, true);
	stp_tick(br); /* a new second: txCount back to 0 after the start-up BPDUs */
	stp_tick(br);
	before = r.sent[1];
	if (batch)
		stp_batch_begin(br);
	for (i = 0; i < 5; i++) {
		struct stp_bpdu b = from_root(0x5000000000000001ULL - ((uint64_t)i << 60));

		assert_int_equal(stp_receive(br, 0, &b), 0);
		if (batch) /* Port Transmit waits for the end of the batch */
			assert_int_equal(r.sent[1], before);
	}
	if (batch)
		stp_batch_end(br);
	assert_int_equal(stp_root_port(br), 0);
	assert_true(stp_root_id(br) == 0x1000000000000001ULL);
	*last_root = r.last[1].root_id;
	*held = held_calls;
	stp_bridge_free(br);
	return r.sent[1] - before;
}

/* One BPDU per batch and port, not one per BPDU received: the batch spends
 * one of the port's TxHoldCount transmissions where BPDU by BPDU spends them
 * all and is held back (the held callback says so). */
static void test_batch_one_tx(void **state)
{
	unsigned int held_one, held_each, one, each;
	uint64_t root_one, root_each;

	(void)state;
	one = five_better_roots(true, &held_one, &root_one);
	each = five_better_roots(false, &held_each, &root_each);
	/* the batch: one BPDU, with the best root, nothing held back */
	assert_int_equal(one, 1);
	assert_true(root_one == 0x1000000000000001ULL);
	assert_int_equal(held_one, 0);
	/* BPDU by BPDU: what was left of the port's TxHoldCount (3 a second)
	 * spent, the best root held back until the next tick */
	assert_true(each > one && each <= 3);
	assert_true(held_each > 0);
	assert_true(root_each != 0x1000000000000001ULL);
}

/* TxHoldCount stays a per-second limit: ten better roots BPDU by BPDU send
 * at most TxHoldCount (6) BPDUs on port 1 before the next tick, the rest
 * held back (callback called), and the tick lets the news out. */
static void test_txhold_held(void **state)
{
	struct rec r;
	struct stp_bridge *br = NULL;
	unsigned int before, i;

	(void)state;
	memset(&r, 0, sizeof(r));
	held_calls = 0;
	assert_int_equal(stp_bridge_new(&br, 0x020000000001ULL, 2, &ops_held, &r), 0);
	stp_port_set_mac_p2p(br, 0, true);
	stp_port_set_mac_p2p(br, 1, true);
	stp_port_enable(br, 0, true);
	stp_port_enable(br, 1, true);
	stp_tick(br);
	stp_tick(br);
	before = r.sent[1];
	for (i = 0; i < 10; i++) {
		struct stp_bpdu b = from_root(0xa000000000000001ULL - ((uint64_t)i << 60));

		stp_receive(br, 0, &b);
	}
	assert_true(r.sent[1] - before <= STP_DEFAULT_TX_HOLD_COUNT);
	assert_true(held_calls > 0);
	assert_true(r.last[1].root_id != 0x1000000000000001ULL);
	stp_tick(br);
	assert_true(r.last[1].root_id == 0x1000000000000001ULL);
	stp_bridge_free(br);
}

/* An empty batch sends nothing and changes nothing; a batch with a tick in
 * it sends at its end. */
static void test_batch_empty(void **state)
{
	struct rec r;
	struct stp_bridge *br = mk(&r);
	unsigned int before;

	(void)state;
	stp_port_set_mac_p2p(br, 0, true);
	stp_port_enable(br, 0, true);
	before = r.sent[0];
	stp_batch_begin(br);
	stp_batch_end(br);
	stp_batch_end(br); /* no batch: nothing */
	assert_int_equal(r.sent[0], before);
	stp_batch_begin(br);
	stp_tick(br);
	stp_tick(br); /* helloWhen 0: a periodic BPDU is due */
	assert_int_equal(r.sent[0], before);
	stp_batch_end(br);
	assert_int_equal(r.sent[0], before + 1);
	stp_bridge_free(br);
}

/* A Configuration BPDU whose Message Age would reach Max Age is not sent
 * (9.3.4 a: the receiver drops it); found by tests/fuzz/fuzz_frame.c. */
static void test_config_age_not_sent(void **state)
{
	struct stp_bpdu b = {
		.type = STP_BPDU_CONFIG,
		.root_id = 1,
		.bridge_id = 1,
		.port_id = 0x8001,
		.message_age = 19 * 256,
		.max_age = 20 * 256,
		.hello_time = 2 * 256,
		.forward_delay = 15 * 256,
	};
	struct stp_bridge *br;
	struct rec r;
	unsigned int i, before;

	(void)state;
	br = mk(&r);
	for (i = 0; i < 4; i++)
		assert_int_equal(stp_port_enable(br, i, true), 0);
	assert_int_equal(stp_set_force_version(br, STP_FORCE_STP), 0);
	for (i = 0; i < 4; i++)
		stp_tick(br);
	before = r.sent[1];
	assert_true(before > 0);
	assert_int_equal(stp_receive(br, 0, &b), 0);
	assert_int_equal(stp_root_port(br), 0);
	assert_true(stp_root_id(br) == 1);
	/* port 1 is designated for root 1 with Message Age 20 s = Max Age:
	 * nothing sent (the last BPDU is still the bridge's own) */
	assert_true(r.last[1].message_age < r.last[1].max_age);
	assert_true(r.last[1].root_id != 1);
	assert_int_equal(r.sent[1], before);
	stp_bridge_free(br);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bad_new),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_port_params),
		cmocka_unit_test(test_version_txhold),
		cmocka_unit_test(test_path_cost_speed),
		cmocka_unit_test(test_port_up_sends),
		cmocka_unit_test(test_receive),
		cmocka_unit_test(test_batch_one_tx),
		cmocka_unit_test(test_txhold_held),
		cmocka_unit_test(test_batch_empty),
		cmocka_unit_test(test_bad_ops),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_unknown_role),
		cmocka_unit_test(test_txhold_hello1),
		cmocka_unit_test(test_config_age_not_sent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

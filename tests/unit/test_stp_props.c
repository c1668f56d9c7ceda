// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Properties of the RSTP engine on random graphs (seeded, so every run is
 * the same): 100 graphs of 2 to 30 bridges, random path costs, priorities
 * and addresses, some LANs shared by three bridges, drawn and checked by
 * sim/props.c's sim_prop_graph_make() and sim_prop_converged(), the code
 * behind test_loop_events. After convergence:
 *  - every bridge's root is the lowest bridge identifier of its part;
 *  - every bridge's root path cost is its shortest-path cost (Dijkstra);
 *  - the forwarding ports make a spanning tree of bridges and LANs;
 *  - each LAN has exactly one designated port.
 * Then links are cut and restored: while the graph stays connected, no
 * forwarding loop at any instant (checked at every port state change and
 * after every BPDU); a cut that partitions it leaves each part with its
 * own tree.
 *
 * test_loop_events: the loop properties of sim/props.c, PROPS_GRAPHS random
 * graphs (500 by default) for each of: the root dies, a best bridge
 * appears, the root is made the worst, random link cuts, mixed STP/RSTP
 * LANs; a loop is looked for after every BPDU, every tick and every port
 * that starts forwarding, and every graph must converge to the right tree.
 * Asserts no loop under brkit's default rules (see PROPS_LOOPS_ALLOWED) and
 * prints the convergence times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sim/props.h"
#include "sim/sim.h"

/* The ASan build runs fewer graphs (Makefile: -DPROPS_GRAPHS=...) */
#ifndef PROPS_GRAPHS
#define PROPS_GRAPHS 500
#endif
/* Graphs allowed a loop, per event, under the default rules. */
#define PROPS_LOOPS_ALLOWED 0

static uint64_t rng_state;

static uint64_t rng(void)
{
	return sim_prop_rng(&rng_state);
}

struct watch {
	bool armed;
	unsigned long loops;
	unsigned long checks;
	uint64_t first, last; /* simulated seconds of the first and last loop */
};

static void observe(struct sim *s, void *arg)
{
	struct watch *w = arg;

	if (!w->armed)
		return;
	w->checks++;
	if (sim_has_loop(s)) {
		if (!w->loops)
			w->first = s->now;
		w->last = s->now;
		w->loops++;
	}
}

static struct sim *build(const struct sim_prop_graph *g, struct watch *w, bool stp)
{
	struct sim *s;

	assert_int_equal(sim_new(&s, g->nl), 0);
	for (unsigned int i = 0; i < g->nb; i++) {
		struct sim_bridge *b;

		assert_int_equal(sim_add_bridge(s, g->id[i] & 0xffffffffffffULL,
						g->nports[i] ? g->nports[i] : 1, &b),
				 0);
		assert_int_equal(stp_set_priority(b->stp, (unsigned int)(g->id[i] >> 48)), 0);
		/* 30 bridges can be more than Max Age 20 hops apart */
		assert_int_equal(stp_set_times(b->stp, 2, 40, 30), 0);
		if (stp)
			assert_int_equal(stp_set_force_version(b->stp, STP_FORCE_STP), 0);
	}
	for (unsigned int l = 0; l < g->nl; l++) {
		for (unsigned int k = 0; k < g->lan_n[l]; k++) {
			struct sim_bridge *b = s->bridges[g->lan_b[l][k]];
			unsigned int p = g->lan_port[l][k];

			assert_int_equal(stp_port_set_path_cost(b->stp, p, g->lan_cost[l][k]), 0);
			assert_int_equal(sim_port_connect(s, b, p, (int)l), 0);
			assert_int_equal(sim_port_admin(s, b, p, true), 0);
		}
	}
	s->observe = observe;
	s->observe_arg = w;
	return s;
}

/* The tree checks of sim_prop_converged(), and no loop once converged. */
static void check_converged(const struct sim_prop_graph *g, struct sim *s, unsigned int gi)
{
	char msg[200];

	if (!sim_prop_converged(g, s, msg, sizeof(msg)))
		fail_msg("graph %u: %s", gi, msg);
	if (sim_has_loop(s))
		fail_msg("graph %u: forwarding loop after convergence", gi);
}

static void set_lan(struct sim_prop_graph *g, struct sim *s, unsigned int l, bool up)
{
	g->down[l] = !up;
	assert_int_equal(sim_lan_carrier(s, (int)l, up), 0);
}

static void test_random_graphs(void **state)
{
	unsigned long checks = 0, cuts = 0, partitions = 0, cti_loops = 0, cti_cuts = 0;
	uint64_t cti_longest = 0;

	(void)state;
	rng_state = 0x5eed5eed12345678ULL;
	for (unsigned int gi = 0; gi < 100; gi++) {
		struct sim_prop_graph g;
		struct watch w = { 0 };
		struct sim *s;
		unsigned int comp[SIM_PROP_MAXB];

		sim_prop_graph_make(&g, &rng_state, false);
		s = build(&g, &w, false);
		sim_advance(s, 60);
		check_converged(&g, s, gi);
		for (unsigned int round = 0; round < 3 && g.nl > 0; round++) {
			unsigned int l = (unsigned int)(rng() % g.nl);
			bool connected;

			g.down[l] = true;
			connected = sim_prop_components(&g, comp) == 1;
			g.down[l] = false;
			/* the cut: no loop at any instant if the graph stays connected;
			 * a part that loses the root may count to infinity, which the
			 * standard bounds by Max Age and TxHoldCount: measured only */
			w.armed = true;
			w.loops = 0;
			set_lan(&g, s, l, false);
			sim_advance(s, connected ? 60 : 150);
			if (!connected && w.loops) {
				cti_cuts++;
				cti_loops += w.loops;
				if (w.last - w.first + 1 > cti_longest)
					cti_longest = w.last - w.first + 1;
				w.loops = 0;
			}
			if (w.loops)
				fail_msg(
					"graph %u: %lu instants with a forwarding loop after cutting LAN %u",
					gi, w.loops, l);
			check_converged(&g, s, gi);
			cuts++;
			partitions += !connected;
			/* the restore: the graph is whole again */
			w.armed = true;
			set_lan(&g, s, l, true);
			sim_advance(s, 60);
			if (w.loops)
				fail_msg(
					"graph %u: %lu instants with a forwarding loop after restoring LAN %u",
					gi, w.loops, l);
			check_converged(&g, s, gi);
			checks += w.checks;
			w.checks = 0;
		}
		assert_false(s->dropped_cap);
		sim_free(s);
	}
	printf("random graphs: 100 graphs, %lu cuts (%lu partitioning), %lu loop checks\n", cuts,
	       partitions, checks);
	printf("partitioning cuts with a transient loop: %lu (%lu instants, longest over %llu s)\n",
	       cti_cuts, cti_loops, (unsigned long long)cti_longest);
	assert_true(checks > 0);
	assert_true(partitions > 0);
}

/* The same properties with every bridge forced to STP (Force Protocol
 * Version 0): 30 graphs, slower timers. STP's transient loops, if any, are
 * counted and printed, not failed: 802.1D-1998 only makes them unlikely. */
static void test_random_graphs_stp(void **state)
{
	unsigned long cuts = 0, loops = 0;

	(void)state;
	rng_state = 0x0123456789abcdefULL;
	for (unsigned int gi = 0; gi < 30; gi++) {
		struct sim_prop_graph g;
		struct watch w = { 0 };
		struct sim *s;

		sim_prop_graph_make(&g, &rng_state, false);
		s = build(&g, &w, true);
		sim_advance(s, 150);
		check_converged(&g, s, gi);
		w.armed = true;
		for (unsigned int round = 0; round < 2 && g.nl > 0; round++) {
			unsigned int l = (unsigned int)(rng() % g.nl);

			set_lan(&g, s, l, false);
			sim_advance(s, 200);
			check_converged(&g, s, gi);
			set_lan(&g, s, l, true);
			sim_advance(s, 200);
			check_converged(&g, s, gi);
			cuts++;
		}
		loops += w.loops;
		sim_free(s);
	}
	printf("random graphs, STP: 30 graphs, %lu cuts and restores, %lu instants with a loop\n",
	       cuts, loops);
	assert_true(cuts > 0);
}

/* The loop detector itself: a triangle whose bridges filter BPDUs forwards
 * everywhere, which is a loop. */
static void test_loop_detector(void **state)
{
	struct sim *s;
	struct sim_bridge *b[3];

	(void)state;
	assert_int_equal(sim_new(&s, 3), 0);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(sim_add_bridge(s, i + 1, 2, &b[i]), 0);
	for (unsigned int i = 0; i < 3; i++) {
		sim_port_connect(s, b[i], 0, (int)i);
		sim_port_connect(s, b[(i + 1) % 3], 1, (int)i);
	}
	for (unsigned int i = 0; i < 3; i++) {
		for (unsigned int p = 0; p < 2; p++) {
			stp_port_set_bpdu_filter(b[i]->stp, p, true);
			sim_port_admin(s, b[i], p, true);
		}
	}
	sim_advance(s, 30);
	assert_true(sim_has_loop(s));
	/* the same triangle running the protocol: no loop */
	for (unsigned int i = 0; i < 3; i++)
		for (unsigned int p = 0; p < 2; p++)
			stp_port_set_bpdu_filter(b[i]->stp, p, false);
	for (unsigned int i = 0; i < 3; i++)
		sim_lan_carrier(s, (int)i, false);
	for (unsigned int i = 0; i < 3; i++)
		sim_lan_carrier(s, (int)i, true);
	sim_advance(s, 30);
	assert_false(sim_has_loop(s));
	sim_free(s);
}

static void test_loop_events(void **state)
{
	unsigned int total_loops = 0;

	(void)state;
	for (unsigned int ev = 0; ev < SIM_PROP_EVENTS; ev++) {
		struct sim_prop_result r;
		unsigned int med, p90, max;

		/* the seeds are bench/stp_sim's, so its figures are these graphs' */
		assert_int_equal(sim_prop_run((enum sim_prop_event)ev, PROPS_GRAPHS,
					      0x1005eed0ULL + ev, STP_RULES_SAFE, &r),
				 0);
		sim_prop_stats(&r, &med, &p90, &max);
		printf("%-20s %u graphs, %u with a loop (%lu instants), %lu loop checks, "
		       "converged in %u/%u/%u s (median/p90/max)\n",
		       sim_prop_name((enum sim_prop_event)ev), r.graphs, r.loop_graphs,
		       r.loop_instants, r.checks, med, p90, max);
		if (r.failures)
			fail_msg("%s: %u graphs not converged; first: %s",
				 sim_prop_name((enum sim_prop_event)ev), r.failures, r.failure);
		assert_int_equal(r.graphs, PROPS_GRAPHS);
		assert_true(r.checks > 0);
		total_loops += r.loop_graphs;
		if (r.loop_graphs > PROPS_LOOPS_ALLOWED)
			fail_msg("%s: %u graphs with a forwarding loop; first: %s",
				 sim_prop_name((enum sim_prop_event)ev), r.loop_graphs, r.failure);
		sim_prop_free(&r);
	}
	printf("loop events: %u graphs with a loop in %u\n", total_loops,
	       PROPS_GRAPHS * SIM_PROP_EVENTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loop_detector),
		cmocka_unit_test(test_loop_events),
		cmocka_unit_test(test_random_graphs),
		cmocka_unit_test(test_random_graphs_stp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

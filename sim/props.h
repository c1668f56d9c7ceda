/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Random-graph properties of the RSTP engine in the simulator, shared by the
 * unit test (tests/unit/test_stp_props.c, which asserts) and the benchmark
 * (bench/stp_sim.c, which prints default and strict rules side by side).
 * Seeded, so every run sees the same graphs.
 */
#ifndef BRKIT_SIM_PROPS_H
#define BRKIT_SIM_PROPS_H

#include <stdbool.h>
#include <stdint.h>

enum sim_prop_event {
	SIM_PROP_ROOT_DIES, /* the root bridge stops (links down, or silent) */
	SIM_PROP_BEST_APPEARS, /* a bridge is given priority 0: the new root */
	SIM_PROP_ROOT_WORST, /* the root is given priority 61440: the worst */
	SIM_PROP_CUTS, /* one to three links cut at once, then restored */
	SIM_PROP_MIXED, /* a third of the bridges STP (version 0 or 802.1D-1998),
			 * then one of the events above */
	SIM_PROP_EVENTS,
};

struct sim_prop_result {
	unsigned int graphs;
	unsigned int loop_graphs; /* graphs with a loop at some instant */
	unsigned long loop_instants; /* observations that saw a loop */
	unsigned long checks; /* loop checks made (every BPDU, tick, state change) */
	unsigned int failures; /* graphs not converged to the right tree */
	char failure[256]; /* the first failure, or the first loop */
	/* seconds from each event to the last port state change it caused */
	unsigned int *conv;
	unsigned int nconv, convcap;
};

const char *sim_prop_name(enum sim_prop_event ev);
/* Runs @graphs random graphs for @ev with the engine rules @rules (enum
 * stp_rules bits; 0 is strict 802.1D-2004). 0 or -ENOMEM. */
int sim_prop_run(enum sim_prop_event ev, unsigned int graphs, uint64_t seed, unsigned int rules,
		 struct sim_prop_result *r);
void sim_prop_free(struct sim_prop_result *r);
/* The median, 90th percentile and maximum of r->conv (0s when empty). */
void sim_prop_stats(struct sim_prop_result *r, unsigned int *median, unsigned int *p90,
		    unsigned int *max);

#endif

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
#include <stddef.h>
#include <stdint.h>

struct sim;

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

#define SIM_PROP_MAXB 30
#define SIM_PROP_MAXL 80

/* A random graph: bridge i has identifier id[i] (priority << 48 | address)
 * and nports[i] ports; LAN l joins lan_n[l] (2 or 3) bridges lan_b[l][k],
 * each on its port lan_port[l][k] with path cost lan_cost[l][k]. The
 * caller marks the LANs it cuts in down[] and the bridges it stops in
 * dead[]; window and stp[] are sim_prop_run's. */
struct sim_prop_graph {
	unsigned int nb, nl;
	unsigned int lan_n[SIM_PROP_MAXL];
	unsigned int lan_b[SIM_PROP_MAXL][3];
	unsigned int lan_port[SIM_PROP_MAXL][3];
	uint32_t lan_cost[SIM_PROP_MAXL][3];
	unsigned int nports[SIM_PROP_MAXB];
	bool down[SIM_PROP_MAXL];
	bool dead[SIM_PROP_MAXB];
	unsigned int window; /* seconds given to each start and event */
	uint8_t stp[SIM_PROP_MAXB]; /* 0: RSTP, 1: Force Protocol Version 0, 2: 802.1D-1998 */
	uint64_t id[SIM_PROP_MAXB];
};

/* The xorshift generator the graphs are drawn with; *state must not be 0. */
uint64_t sim_prop_rng(uint64_t *state);
/* Draws a graph (see sim/props.c) from *@rng; @mixed makes about a third
 * of the bridges STP. */
void sim_prop_graph_make(struct sim_prop_graph *g, uint64_t *rng, bool mixed);
/* Parts of the graph among live bridges over live LANs: @comp[bridge]
 * (SIM_PROP_MAXB entries) is its part's number; returns the number of parts. */
unsigned int sim_prop_components(const struct sim_prop_graph *g, unsigned int *comp);
/* True when every live part of @g, simulated as bridge i = s->bridges[i] and
 * port lan_port[l][k], has converged to its right tree: each part's root is
 * its lowest identifier, every root path cost the shortest (Dijkstra), each
 * LAN has one designated port and the forwarding ports make a spanning tree.
 * When not, why goes into @msg. */
bool sim_prop_converged(const struct sim_prop_graph *g, struct sim *s, char *msg, size_t len);

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

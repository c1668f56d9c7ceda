// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The spanning tree engine in the simulator: simulated convergence time of
 * the 802.1D figures and of a ring of 64 bridges after a link cut, with
 * RSTP and with every bridge forced to STP; and the wall-clock cost of the
 * engine, as simulated bridge-seconds per second of CPU for 1000 bridges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sim/props.h"
#include "sim/sim.h"

struct link {
	unsigned int a, b; /* bridges */
	uint32_t cost;
};

/* The engine rules every bridge gets: brkit's default, or 0 (strict). */
static unsigned int bench_rules = STP_RULES_SAFE;

/* Time of the last port state change, through the observer and states. */
static uint64_t last_change;
static unsigned int nstates;
static enum stp_state *prev;

static void watch(struct sim *s, void *arg)
{
	unsigned int k = 0;

	(void)arg;
	for (unsigned int i = 0; i < s->nbridges; i++) {
		for (unsigned int j = 0; j < s->bridges[i]->nports; j++, k++) {
			if (k < nstates && prev[k] != s->bridges[i]->ports[j].state) {
				prev[k] = s->bridges[i]->ports[j].state;
				last_change = s->now;
			}
		}
	}
}

static struct sim *build(unsigned int nb, const uint64_t *ids, const struct link *links,
			 unsigned int nl, bool stp, unsigned int max_age, unsigned int fwd)
{
	unsigned int *deg = calloc(nb, sizeof(*deg));
	unsigned int total = 0;
	struct sim *s;

	if (!deg || sim_new(&s, nl))
		exit(1);
	for (unsigned int l = 0; l < nl; l++) {
		deg[links[l].a]++;
		deg[links[l].b]++;
	}
	for (unsigned int i = 0; i < nb; i++) {
		struct sim_bridge *b;

		if (sim_add_bridge(s, ids[i] & 0xffffffffffffULL, deg[i] ? deg[i] : 1, &b))
			exit(1);
		stp_set_rules(b->stp, bench_rules);
		stp_set_priority(b->stp, (unsigned int)(ids[i] >> 48));
		stp_set_times(b->stp, 2, max_age, fwd);
		if (stp)
			stp_set_force_version(b->stp, STP_FORCE_STP);
		total += b->nports;
		deg[i] = 0;
	}
	free(prev);
	prev = calloc(total, sizeof(*prev));
	nstates = total;
	for (unsigned int l = 0; l < nl; l++) {
		struct sim_bridge *a = s->bridges[links[l].a], *b = s->bridges[links[l].b];
		unsigned int pa = deg[links[l].a]++, pb = deg[links[l].b]++;

		stp_port_set_path_cost(a->stp, pa, links[l].cost);
		stp_port_set_path_cost(b->stp, pb, links[l].cost);
		sim_port_connect(s, a, pa, (int)l);
		sim_port_connect(s, b, pb, (int)l);
		sim_port_carrier(s, a, pa, false);
		sim_port_carrier(s, b, pb, false);
		sim_port_admin(s, a, pa, true);
		sim_port_admin(s, b, pb, true);
	}
	/* every cable plugged in at t = 0, both ends of each at once */
	for (unsigned int l = 0; l < nl; l++)
		sim_lan_carrier(s, (int)l, true);
	s->observe = watch;
	return s;
}

/* Seconds from now until the last port state change within @window. */
static uint64_t converge(struct sim *s, unsigned int window)
{
	uint64_t start = s->now;

	last_change = start;
	watch(s, NULL);
	last_change = start;
	sim_advance(s, window);
	return last_change - start;
}

/* 802.1D-2004 figure 17-4 (as in OVS tests/rstp.at), 17-6, 17-7, and the
 * 802.1D-1998 example, as point-to-point links between bridges. */
static const struct {
	const char *name;
	unsigned int nb;
	const char *lans[8]; /* one string of LAN letters a bridge */
	uint32_t cost;
} figs[] = {
	{ "802.1D-2004 fig 17-4",
	  8,
	  { "abec", "abdf", "cdljhg", "efnmki", "gi", "hk", "jm", "ln" },
	  200000 },
	{ "802.1D-2004 fig 17-6", 6, { "abl", "bcd", "def", "fgh", "jhi", "ljk" }, 200000 },
	{ "802.1D-2004 fig 17-7", 3, { "b", "abdfhgec", "ghjlnmki" }, 200000 },
	{ "802.1D-1998 example", 5, { "ab", "cad", "be", "be", "ae" }, 200000 },
};

/* The clock ticks whole seconds: 0 means within the first second. */
static const char *secs(uint64_t t, char *buf, size_t len)
{
	if (t == 0)
		snprintf(buf, len, " <1 s");
	else
		snprintf(buf, len, "%3llu s", (unsigned long long)t);
	return buf;
}

static void bench_fig(unsigned int f, bool stp)
{
	struct link links[64];
	unsigned int nl = 0;
	uint64_t ids[8];
	struct sim *s;
	char b1[32];

	/* a LAN letter shared by two bridges is a link between them */
	for (char c = 'a'; c <= 'z'; c++) {
		int first = -1;

		for (unsigned int i = 0; i < figs[f].nb; i++) {
			if (!strchr(figs[f].lans[i], c))
				continue;
			if (first < 0) {
				first = (int)i;
			} else {
				links[nl].a = (unsigned int)first;
				links[nl].b = i;
				links[nl].cost = figs[f].cost;
				nl++;
			}
		}
	}
	for (unsigned int i = 0; i < figs[f].nb; i++)
		ids[i] = 0x8000ULL << 48 | (0x111ULL * (i + 1));
	s = build(figs[f].nb, ids, links, nl, stp, 20, 15);
	printf("%-22s %-5s %3u bridges %3u links: converged in %s", figs[f].name,
	       stp ? "STP" : "RSTP", figs[f].nb, nl, secs(converge(s, 200), b1, sizeof(b1)));
	sim_free(s);
	bench_rules = 0;
	s = build(figs[f].nb, ids, links, nl, stp, 20, 15);
	printf(" (strict %s) (simulated)\n", secs(converge(s, 200), b1, sizeof(b1)));
	bench_rules = STP_RULES_SAFE;
	sim_free(s);
}

static void bench_ring(unsigned int n, bool stp)
{
	struct link *links = calloc(n, sizeof(*links));
	uint64_t *ids = calloc(n, sizeof(*ids));
	struct sim *s;
	uint64_t t0, t1;
	char b1[32], b2[32];

	if (!links || !ids)
		exit(1);
	for (unsigned int i = 0; i < n; i++) {
		ids[i] = 0x8000ULL << 48 | (0x100ULL + i);
		links[i].a = i;
		links[i].b = (i + 1) % n;
		links[i].cost = 20000;
	}
	/* Max Age 40 (the most 802.1D allows): after the cut the far bridges
	 * are 39 hops from the root; forward delay 21 is the least with it */
	s = build(n, ids, links, n, stp, 40, 21);
	t0 = converge(s, 300);
	/* cut the link between bridges 24 and 25 */
	sim_lan_carrier(s, 24, false);
	t1 = converge(s, 300);
	printf("ring of %u              %-5s%s: converged in %s, after a cut %s (simulated)%s\n", n,
	       stp ? "STP" : "RSTP", bench_rules ? "" : " strict", secs(t0, b1, sizeof(b1)),
	       secs(t1, b2, sizeof(b2)), sim_has_loop(s) ? " LOOP" : "");
	sim_free(s);
	free(links);
	free(ids);
}

/* Count to infinity (the transient): a triangle hanging off the
 * root by one link; cutting it leaves the triangle with stale root
 * information that circulates, its cost growing, until Max Age retires it.
 * Reports how long the stale root lives and how long forwarding ports make
 * a loop meanwhile (checked at every BPDU and port state change). */
static unsigned long cti_loops;
static uint64_t cti_first_loop = UINT64_MAX, cti_last_loop;

static void cti_watch(struct sim *s, void *arg)
{
	(void)arg;
	if (sim_has_loop(s)) {
		cti_loops++;
		if (cti_first_loop == UINT64_MAX)
			cti_first_loop = s->now;
		cti_last_loop = s->now;
	}
}

static void bench_cti(unsigned int max_age, unsigned int txhold)
{
	static const struct link links[] = {
		{ 0, 1, 200000 }, { 1, 2, 200000 }, { 2, 3, 200000 }, { 3, 1, 200000 }
	};
	uint64_t ids[4] = { 0x8000ULL << 48 | 0x100, 0x8000ULL << 48 | 0x200,
			    0x8000ULL << 48 | 0x300, 0x8000ULL << 48 | 0x400 };
	struct sim *s = build(4, ids, links, 4, false, max_age, max_age / 2 + 1);
	uint64_t t0, stale = 0;

	for (unsigned int i = 0; i < 4; i++)
		stp_set_tx_hold_count(s->bridges[i]->stp, txhold);
	sim_advance(s, 100);
	s->observe = cti_watch;
	cti_loops = 0;
	cti_first_loop = UINT64_MAX;
	t0 = s->now;
	sim_lan_carrier(s, 0, false);
	for (unsigned int t = 0; t < 200; t++) {
		bool old = false;

		for (unsigned int i = 1; i < 4; i++)
			old = old || stp_root_id(s->bridges[i]->stp) == ids[0];
		if (old)
			stale = s->now - t0 + 1;
		sim_advance(s, 1);
	}
	printf("count to infinity, Max Age %2u, TxHoldCount %2u%s: stale root gone after %2llu s; %s\n",
	       max_age, txhold, bench_rules ? "" : " strict", (unsigned long long)stale,
	       cti_loops ? "forwarding loop seen" : "no forwarding loop at any instant");
	if (cti_loops)
		printf("    loop at %lu instants, from second %llu to %llu after the cut\n",
		       cti_loops, (unsigned long long)(cti_first_loop - t0),
		       (unsigned long long)(cti_last_loop - t0));
	sim_free(s);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_throughput(unsigned int n, unsigned int secs, bool stp)
{
	unsigned int nl = n - 1 + n / 2;
	struct link *links = calloc(nl, sizeof(*links));
	uint64_t *ids = calloc(n, sizeof(*ids));
	uint64_t r = 0x9e3779b97f4a7c15ULL;
	struct sim *s;
	double t, t2;
	uint64_t d0;

	if (!links || !ids)
		exit(1);
	for (unsigned int i = 0; i < n; i++)
		ids[i] = 0x8000ULL << 48 | (0x1000ULL + i);
	for (unsigned int l = 0; l < nl; l++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		if (l < n - 1) {
			links[l].a = l + 1;
			links[l].b = (unsigned int)(r % (l + 1));
		} else {
			links[l].a = (unsigned int)(r % n);
			links[l].b = (unsigned int)((r >> 20) % n);
			if (links[l].a == links[l].b)
				links[l].b = (links[l].a + 1) % n;
		}
		links[l].cost = 20000 + (uint32_t)(r % 8) * 20000;
	}
	t = now_s();
	s = build(n, ids, links, nl, stp, 40, 21);
	s->observe = NULL;
	sim_advance(s, secs);
	t = now_s() - t;
	d0 = s->delivered;
	/* the steady state alone: hellos only */
	t2 = now_s();
	sim_advance(s, secs);
	t2 = now_s() - t2;
	printf("%u bridges, %u links, %-4s: %u s from power-on in %.2f s of CPU: %.0f bridge-seconds/s "
	       "(%llu BPDUs); steady state %.0f bridge-seconds/s\n",
	       n, nl, stp ? "STP" : "RSTP", secs, t, n * (double)secs / t, (unsigned long long)d0,
	       n * (double)secs / t2);
	sim_free(s);
	free(links);
	free(ids);
}

/* The loop properties (sim/props.c) under brkit's default rules and under
 * 802.1D-2004 to the letter: graphs with a loop at some instant, and the
 * seconds from each event to the last port state change it caused. */
static void bench_loops(unsigned int graphs, uint64_t seed)
{
	printf("%-20s %-8s %6s %6s %22s\n", "random graphs", "rules", "graphs", "loops",
	       "converged median/p90/max");
	for (unsigned int ev = 0; ev < SIM_PROP_EVENTS; ev++) {
		for (int strict = 0; strict < 2; strict++) {
			struct sim_prop_result r;
			unsigned int med, p90, max;

			if (sim_prop_run((enum sim_prop_event)ev, graphs, seed + ev,
					 strict ? 0 : STP_RULES_SAFE, &r))
				exit(1);
			sim_prop_stats(&r, &med, &p90, &max);
			printf("%-20s %-8s %6u %6u %12u/%u/%u s%s%s\n",
			       sim_prop_name((enum sim_prop_event)ev),
			       strict ? "strict" : "default", r.graphs, r.loop_graphs, med, p90,
			       max, r.failures ? "  NOT CONVERGED: " : "",
			       r.failures ? r.failure : "");
			sim_prop_free(&r);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "loops")) {
		/* `loops [GRAPHS [SEED]]`: SEED + event seeds each event's run */
		bench_loops(argc > 2 ? (unsigned int)atoi(argv[2]) : 500,
			    argc > 3 ? strtoull(argv[3], NULL, 0) : 0x1005eed0ULL);
		return 0;
	}
	for (unsigned int f = 0; f < sizeof(figs) / sizeof(figs[0]); f++) {
		bench_fig(f, false);
		bench_fig(f, true);
	}
	for (int strict = 0; strict < 2; strict++) {
		bench_rules = strict ? 0 : STP_RULES_SAFE;
		bench_cti(20, 6);
		bench_cti(40, 6);
		bench_cti(20, 1);
		bench_cti(20, 10);
		bench_ring(64, false);
		bench_ring(64, true);
	}
	bench_rules = STP_RULES_SAFE;
	if (argc > 1 && !strcmp(argv[1], "noloops"))
		return 0;
	bench_throughput(1000, 300, false);
	bench_throughput(1000, 300, true);
	bench_loops(500, 0x1005eed0ULL);
	free(prev);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Random graphs for the loop properties (sim/props.h). Each graph: 2 to 30
 * bridges on a random spanning tree plus extra links, random path costs,
 * priorities 4096..57344 (so priority 0 is always the best and 61440 the
 * worst), some LANs shared by three bridges; the default timers 2/20/15
 * (attaching each bridge to a random earlier one keeps the trees far below
 * Max Age's 20 hops). The graph converges, one event happens, and a
 * loop is looked for after every BPDU, every tick and every port that starts
 * forwarding; then the tree is checked: each part's root is its lowest
 * bridge identifier, every root path cost is the shortest (Dijkstra), each
 * LAN has one designated port and the forwarding ports make a spanning tree.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/props.h"
#include "sim/sim.h"

#define MAXB SIM_PROP_MAXB
#define MAXL SIM_PROP_MAXL
/* Seconds given to each start and event: RSTP alone converges within 45 s
 * in every graph measured (10,000 per event); STP needs Max Age + 2 x
 * Forward Delay and more for its own count to infinity. A graph that has
 * not converged by then fails the tree check, so a short window cannot
 * hide anything. */
#define WINDOW_RSTP 75
#define WINDOW_MIXED 120

struct watch {
	uint64_t rng;
	bool armed;
	bool loop_seen;
	unsigned long loops, checks;
	uint64_t last_change;
	unsigned int nstates;
	uint8_t states[MAXB * MAXL];
};

uint64_t sim_prop_rng(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

const char *sim_prop_name(enum sim_prop_event ev)
{
	switch (ev) {
	case SIM_PROP_ROOT_DIES:
		return "root dies";
	case SIM_PROP_BEST_APPEARS:
		return "best bridge appears";
	case SIM_PROP_ROOT_WORST:
		return "root made worst";
	case SIM_PROP_CUTS:
		return "random link cuts";
	case SIM_PROP_MIXED:
		return "mixed STP/RSTP";
	case SIM_PROP_EVENTS:
		break;
	}
	return "?";
}

static void observe(struct sim *s, void *arg)
{
	struct watch *w = arg;
	unsigned int k = 0;

	if (!w->armed)
		return;
	w->checks++;
	if (sim_has_loop(s)) {
		w->loops++;
		w->loop_seen = true;
	}
	for (unsigned int i = 0; i < s->nbridges; i++) {
		for (unsigned int j = 0; j < s->bridges[i]->nports; j++, k++) {
			uint8_t st = (uint8_t)s->bridges[i]->ports[j].state;

			if (k < w->nstates && w->states[k] != st) {
				w->states[k] = st;
				w->last_change = s->now;
			}
		}
	}
}

static void snapshot(struct sim *s, struct watch *w)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < s->nbridges; i++)
		for (unsigned int j = 0; j < s->bridges[i]->nports; j++, k++)
			if (k < sizeof(w->states))
				w->states[k] = (uint8_t)s->bridges[i]->ports[j].state;
	w->nstates = k < sizeof(w->states) ? k : (unsigned int)sizeof(w->states);
	w->last_change = s->now;
}

void sim_prop_graph_make(struct sim_prop_graph *g, uint64_t *rng, bool mixed)
{
	memset(g, 0, sizeof(*g));
	g->nb = 2 + (unsigned int)(sim_prop_rng(rng) % 29);
	g->window = mixed ? WINDOW_MIXED : WINDOW_RSTP;
	for (unsigned int i = 0; i < g->nb; i++) {
		uint64_t prio = (1 + sim_prop_rng(rng) % 14) * 4096;
		uint64_t addr = 0x020000000000ULL | (i + 1) | ((sim_prop_rng(rng) % 256) << 16);

		g->id[i] = prio << 48 | addr;
		if (mixed && sim_prop_rng(rng) % 3 == 0)
			g->stp[i] = 1 + (uint8_t)(sim_prop_rng(rng) % 2);
	}
	for (unsigned int i = 1; i < g->nb + g->nb / 2 + 1 && g->nl < MAXL; i++) {
		unsigned int a, b, l = g->nl;

		if (i < g->nb) {
			a = i;
			b = (unsigned int)(sim_prop_rng(rng) % i);
		} else {
			a = (unsigned int)(sim_prop_rng(rng) % g->nb);
			b = (unsigned int)(sim_prop_rng(rng) % g->nb);
			if (a == b)
				continue;
		}
		g->lan_b[l][0] = a;
		g->lan_b[l][1] = b;
		g->lan_n[l] = 2;
		if (g->nb > 2 && sim_prop_rng(rng) % 5 == 0) {
			unsigned int c = (unsigned int)(sim_prop_rng(rng) % g->nb);

			if (c != a && c != b) {
				g->lan_b[l][2] = c;
				g->lan_n[l] = 3;
			}
		}
		for (unsigned int k = 0; k < g->lan_n[l]; k++) {
			g->lan_port[l][k] = g->nports[g->lan_b[l][k]]++;
			g->lan_cost[l][k] = 1 + (uint32_t)(sim_prop_rng(rng) % 20) * 10000;
		}
		g->nl++;
	}
}

static int build(const struct sim_prop_graph *g, struct watch *w, unsigned int rules,
		 struct sim **out)
{
	struct sim *s;
	int err = sim_new(&s, g->nl);

	if (err)
		return err;
	for (unsigned int i = 0; i < g->nb; i++) {
		struct sim_bridge *b;

		err = sim_add_bridge(s, g->id[i] & 0xffffffffffffULL,
				     g->nports[i] ? g->nports[i] : 1, &b);
		if (err) {
			sim_free(s);
			return err;
		}
		stp_set_rules(b->stp, rules);
		stp_set_priority(b->stp, (unsigned int)(g->id[i] >> 48));
		stp_set_times(b->stp, 2, 20, 15);
		if (g->stp[i])
			stp_set_force_version(b->stp, STP_FORCE_STP);
		b->legacy = g->stp[i] == 2;
	}
	for (unsigned int l = 0; l < g->nl; l++) {
		for (unsigned int k = 0; k < g->lan_n[l]; k++) {
			struct sim_bridge *b = s->bridges[g->lan_b[l][k]];
			unsigned int p = g->lan_port[l][k];

			stp_port_set_path_cost(b->stp, p, g->lan_cost[l][k]);
			sim_port_connect(s, b, p, (int)l);
			sim_port_admin(s, b, p, true);
		}
	}
	s->observe = observe;
	s->observe_arg = w;
	*out = s;
	return 0;
}

/* The member of LAN @l that is alive, first in its list; -1 when none. */
static int lan_first(const struct sim_prop_graph *g, unsigned int l)
{
	for (unsigned int k = 0; k < g->lan_n[l]; k++)
		if (!g->dead[g->lan_b[l][k]])
			return (int)g->lan_b[l][k];
	return -1;
}

unsigned int sim_prop_components(const struct sim_prop_graph *g, unsigned int *comp)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < g->nb; i++)
		comp[i] = UINT32_MAX;
	for (unsigned int i = 0; i < g->nb; i++) {
		bool changed = true;

		if (comp[i] != UINT32_MAX || g->dead[i])
			continue;
		comp[i] = n;
		while (changed) {
			changed = false;
			for (unsigned int l = 0; l < g->nl; l++) {
				bool in = false;

				if (g->down[l])
					continue;
				for (unsigned int k = 0; k < g->lan_n[l]; k++)
					in = in || comp[g->lan_b[l][k]] == n;
				for (unsigned int k = 0; in && k < g->lan_n[l]; k++) {
					unsigned int v = g->lan_b[l][k];

					if (!g->dead[v] && comp[v] != n) {
						comp[v] = n;
						changed = true;
					}
				}
			}
		}
		n++;
	}
	return n;
}

/* Writes why into @msg; false, for `return failed(...)`. */
static bool __attribute__((format(printf, 3, 4)))
failed(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

bool sim_prop_converged(const struct sim_prop_graph *g, struct sim *s, char *msg, size_t len)
{
	unsigned int comp[MAXB], ncomp = sim_prop_components(g, comp);
	uint64_t dist[MAXB];
	bool done[MAXB];

	for (unsigned int c = 0; c < ncomp; c++) {
		unsigned int root = UINT32_MAX, nodes = 0, edges = 0;

		for (unsigned int i = 0; i < g->nb; i++)
			if (comp[i] == c && (root == UINT32_MAX || g->id[i] < g->id[root]))
				root = i;
		for (unsigned int i = 0; i < g->nb; i++) {
			dist[i] = UINT64_MAX;
			done[i] = false;
		}
		dist[root] = 0;
		for (;;) {
			unsigned int u = UINT32_MAX;

			for (unsigned int i = 0; i < g->nb; i++)
				if (!done[i] && dist[i] != UINT64_MAX &&
				    (u == UINT32_MAX || dist[i] < dist[u]))
					u = i;
			if (u == UINT32_MAX)
				break;
			done[u] = true;
			for (unsigned int l = 0; l < g->nl; l++) {
				bool has = false;

				if (g->down[l])
					continue;
				for (unsigned int k = 0; k < g->lan_n[l]; k++)
					has = has || g->lan_b[l][k] == u;
				for (unsigned int k = 0; has && k < g->lan_n[l]; k++) {
					unsigned int v = g->lan_b[l][k];

					if (!g->dead[v] && dist[u] + g->lan_cost[l][k] < dist[v])
						dist[v] = dist[u] + g->lan_cost[l][k];
				}
			}
		}
		for (unsigned int i = 0; i < g->nb; i++) {
			struct stp_bridge *br = s->bridges[i]->stp;

			if (comp[i] != c)
				continue;
			nodes++;
			if (stp_root_id(br) != g->id[root])
				return failed(msg, len,
					      "bridge %u (of %u): root %016llx, not %016llx", i,
					      g->nb, (unsigned long long)stp_root_id(br),
					      (unsigned long long)g->id[root]);
			if (stp_root_path_cost(br) != dist[i])
				return failed(msg, len,
					      "bridge %u (of %u): root path cost %u, shortest %llu",
					      i, g->nb, stp_root_path_cost(br),
					      (unsigned long long)dist[i]);
		}
		for (unsigned int l = 0; l < g->nl; l++) {
			unsigned int designated = 0;
			int first = lan_first(g, l);

			if (g->down[l] || first < 0 || comp[first] != c)
				continue;
			nodes++;
			for (unsigned int k = 0; k < g->lan_n[l]; k++) {
				struct stp_port_info pi;

				if (g->dead[g->lan_b[l][k]])
					continue;
				stp_port_info(s->bridges[g->lan_b[l][k]]->stp, g->lan_port[l][k],
					      &pi);
				if (pi.role == STP_ROLE_DESIGNATED)
					designated++;
				if (pi.state == STP_STATE_FORWARDING)
					edges++;
			}
			if (designated != 1)
				return failed(msg, len, "LAN %u: %u designated ports", l,
					      designated);
		}
		if (edges != nodes - 1)
			return failed(msg, len, "part %u: %u forwarding ports for %u nodes", c,
				      edges, nodes);
	}
	return true;
}

static int conv_add(struct sim_prop_result *r, unsigned int secs)
{
	if (r->nconv == r->convcap) {
		unsigned int ncap = r->convcap ? r->convcap * 2 : 256;
		unsigned int *n = realloc(r->conv, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		r->conv = n;
		r->convcap = ncap;
	}
	r->conv[r->nconv++] = secs;
	return 0;
}

static unsigned int lowest(const struct sim_prop_graph *g)
{
	unsigned int root = 0;

	for (unsigned int i = 1; i < g->nb; i++)
		if (!g->dead[i] && (g->dead[root] || g->id[i] < g->id[root]))
			root = i;
	return root;
}

static void set_lan(struct sim_prop_graph *g, struct sim *s, unsigned int l, bool up)
{
	g->down[l] = !up;
	sim_lan_carrier(s, (int)l, up);
}

static void kill_bridge(struct sim_prop_graph *g, struct sim *s, unsigned int victim, bool silent)
{
	for (unsigned int l = 0; l < g->nl; l++) {
		for (unsigned int k = 0; k < g->lan_n[l]; k++) {
			if (g->lan_b[l][k] != victim)
				continue;
			if (!silent && g->lan_n[l] == 2)
				set_lan(g, s, l, false);
			else
				sim_port_carrier(s, s->bridges[victim], g->lan_port[l][k], false);
		}
	}
	g->dead[victim] = true;
}

static void set_prio(struct sim_prop_graph *g, struct sim *s, unsigned int i, unsigned int prio)
{
	stp_set_priority(s->bridges[i]->stp, prio);
	g->id[i] = (uint64_t)prio << 48 | (g->id[i] & 0xffffffffffffULL);
}

/* One event and its aftermath: loops watched, convergence timed, tree checked. */
static int step(struct sim_prop_graph *g, struct sim *s, struct watch *w, struct sim_prop_result *r,
		unsigned int gi, enum sim_prop_event ev, int what)
{
	char msg[200];
	int err;

	snapshot(s, w);
	w->armed = true;
	switch (ev) {
	case SIM_PROP_ROOT_DIES:
		kill_bridge(g, s, lowest(g), gi % 2);
		break;
	case SIM_PROP_BEST_APPEARS:
		set_prio(g, s, (unsigned int)what, 0);
		break;
	case SIM_PROP_ROOT_WORST:
		set_prio(g, s, lowest(g), 61440);
		break;
	case SIM_PROP_CUTS: /* @what: a bit per LAN, cut (what >= 0) or restored */
		for (unsigned int l = 0; l < g->nl && l < 31; l++)
			if ((unsigned int)(what < 0 ? -what : what) & (1u << l))
				set_lan(g, s, l, what < 0);
		break;
	default:
		break;
	}
	sim_advance(s, g->window);
	w->armed = false;
	err = conv_add(r, (unsigned int)(w->last_change - (s->now - g->window)));
	if (err)
		return err;
	if (!sim_prop_converged(g, s, msg, sizeof(msg))) {
		if (!r->failures && !r->loop_graphs)
			snprintf(r->failure, sizeof(r->failure), "graph %u, %s: %s", gi,
				 sim_prop_name(ev), msg);
		r->failures++;
		return 1;
	}
	return 0;
}

static int run_graph(enum sim_prop_event ev, unsigned int gi, struct watch *w, unsigned int rules,
		     struct sim_prop_result *r)
{
	struct sim_prop_graph g;
	struct sim *s;
	char msg[200];
	int err;

	sim_prop_graph_make(&g, &w->rng, ev == SIM_PROP_MIXED);
	err = build(&g, w, rules, &s);
	if (err)
		return err;
	w->loop_seen = false;
	sim_advance(s, g.window);
	if (!sim_prop_converged(&g, s, msg, sizeof(msg))) {
		if (!r->failures && !r->loop_graphs)
			snprintf(r->failure, sizeof(r->failure), "graph %u, start: %s", gi, msg);
		r->failures++;
		sim_free(s);
		return 0;
	}
	if (ev == SIM_PROP_MIXED)
		ev = (enum sim_prop_event)(gi % 4);
	switch (ev) {
	case SIM_PROP_BEST_APPEARS: {
		unsigned int i = (unsigned int)(sim_prop_rng(&w->rng) % g.nb);

		if (i == lowest(&g))
			i = (i + 1) % g.nb;
		err = step(&g, s, w, r, gi, ev, (int)i);
		break;
	}
	case SIM_PROP_CUTS: {
		unsigned int n = 1 + (unsigned int)(sim_prop_rng(&w->rng) % 3), mask = 0;

		for (unsigned int k = 0; k < n; k++)
			mask |= 1u << (sim_prop_rng(&w->rng) % (g.nl < 31 ? g.nl : 31));
		err = step(&g, s, w, r, gi, ev, -(int)mask);
		if (!err)
			err = step(&g, s, w, r, gi, ev, (int)mask);
		break;
	}
	default:
		err = step(&g, s, w, r, gi, ev, 0);
		break;
	}
	if (s->dropped_cap && !r->failures++)
		snprintf(r->failure, sizeof(r->failure), "graph %u: BPDU storm", gi);
	if (w->loop_seen) {
		if (!r->loop_graphs && !r->failures)
			snprintf(r->failure, sizeof(r->failure), "graph %u (%u bridges), %s: loop",
				 gi, g.nb, sim_prop_name(ev));
		r->loop_graphs++;
	}
	sim_free(s);
	return err < 0 ? err : 0;
}

int sim_prop_run(enum sim_prop_event ev, unsigned int graphs, uint64_t seed, unsigned int rules,
		 struct sim_prop_result *r)
{
	struct watch *w = calloc(1, sizeof(*w));
	int err = 0;

	if (!w)
		return -ENOMEM;
	memset(r, 0, sizeof(*r));
	w->rng = seed ? seed : 1;
	for (unsigned int gi = 0; gi < graphs && !err; gi++) {
		unsigned long loops = w->loops;

		err = run_graph(ev, gi, w, rules, r);
		r->graphs++;
		r->loop_instants += w->loops - loops;
	}
	r->checks = w->checks;
	free(w);
	return err;
}

void sim_prop_free(struct sim_prop_result *r)
{
	free(r->conv);
	r->conv = NULL;
	r->nconv = r->convcap = 0;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

void sim_prop_stats(struct sim_prop_result *r, unsigned int *median, unsigned int *p90,
		    unsigned int *max)
{
	*median = *p90 = *max = 0;
	if (!r->nconv)
		return;
	qsort(r->conv, r->nconv, sizeof(*r->conv), cmp_uint);
	*median = r->conv[r->nconv / 2];
	*p90 = r->conv[(r->nconv * 9) / 10 < r->nconv ? (r->nconv * 9) / 10 : r->nconv - 1];
	*max = r->conv[r->nconv - 1];
}

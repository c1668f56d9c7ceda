// SPDX-License-Identifier: GPL-2.0-or-later
/* The simulator's core: bridges, LANs, BPDU queues, time. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "sim/sim.h"

#define DELIVER_BOUND 1000000u /* rounds; a storm past this is a bug */

static void on_send(void *ctx, unsigned int port, const struct stp_bpdu *bp)
{
	struct sim_bridge *b = ctx;
	struct sim *s = b->sim;
	struct sim_lan *lan;
	int l = b->ports[port].lan;

	b->ports[port].sent++;
	if (l < 0 || !b->ports[port].carrier)
		return;
	lan = &s->lans[l];
	for (unsigned int i = 0; i < lan->n; i++) {
		struct sim_conn *c = &lan->conns[i];
		struct sim_bridge *d = s->bridges[c->bridge];
		struct sim_msg *m;

		if (c->bridge == b->index && c->port == port)
			continue;
		if (!d->ports[c->port].carrier)
			continue;
		if (d->qhead - d->qtail == d->qcap) {
			unsigned int ncap = d->qcap ? d->qcap * 2 : 16;
			struct sim_msg *nq = malloc(ncap * sizeof(*nq));

			if (!nq)
				continue; /* lost, as on a congested wire */
			for (unsigned int k = 0; k < d->qhead - d->qtail; k++)
				nq[k] = d->q[(d->qtail + k) % d->qcap];
			d->qhead -= d->qtail;
			d->qtail = 0;
			free(d->q);
			d->q = nq;
			d->qcap = ncap;
		}
		m = &d->q[d->qhead++ % d->qcap];
		m->port = c->port;
		m->b = *bp;
	}
}

static void on_state(void *ctx, unsigned int port, enum stp_state st)
{
	struct sim_bridge *b = ctx;

	b->ports[port].state = st;
	/* a port that starts forwarding is the instant a loop could appear */
	if (st == STP_STATE_FORWARDING && b->sim->observe)
		b->sim->observe(b->sim, b->sim->observe_arg);
}

static void on_flush(void *ctx, unsigned int port)
{
	struct sim_bridge *b = ctx;

	b->ports[port].flushes++;
	b->ports[port].flushes_total++;
}

static const struct stp_ops sim_ops = {
	.send = on_send,
	.set_state = on_state,
	.flush = on_flush,
};

int sim_new(struct sim **out, unsigned int nlans)
{
	struct sim *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->lans = calloc(nlans ? nlans : 1, sizeof(*s->lans));
	if (!s->lans) {
		free(s);
		return -ENOMEM;
	}
	s->nlans = nlans;
	*out = s;
	return 0;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	for (unsigned int i = 0; i < s->nbridges; i++) {
		struct sim_bridge *b = s->bridges[i];

		stp_bridge_free(b->stp);
		free(b->ports);
		free(b->q);
		free(b);
	}
	for (unsigned int i = 0; i < s->nlans; i++)
		free(s->lans[i].conns);
	free(s->lans);
	free(s->bridges);
	free(s);
}

int sim_add_bridge(struct sim *s, uint64_t addr, unsigned int nports, struct sim_bridge **out)
{
	struct sim_bridge *b;
	int err;

	if (s->nbridges == s->bcap) {
		unsigned int ncap = s->bcap ? s->bcap * 2 : 16;
		struct sim_bridge **nb = realloc(s->bridges, ncap * sizeof(*nb));

		if (!nb)
			return -ENOMEM;
		s->bridges = nb;
		s->bcap = ncap;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->ports = calloc(nports, sizeof(*b->ports));
	if (!b->ports) {
		free(b);
		return -ENOMEM;
	}
	b->sim = s;
	b->index = s->nbridges;
	b->addr = addr;
	b->nports = nports;
	for (unsigned int i = 0; i < nports; i++) {
		b->ports[i].lan = -1;
		b->ports[i].carrier = true;
	}
	err = stp_bridge_new(&b->stp, addr, nports, &sim_ops, b);
	if (err) {
		free(b->ports);
		free(b);
		return err;
	}
	for (unsigned int i = 0; i < nports; i++)
		stp_port_set_mac_p2p(b->stp, i, true); /* on no LAN: a cable to a host */
	s->bridges[s->nbridges++] = b;
	if (out)
		*out = b;
	return 0;
}

/* adminPointToPointMAC auto: a LAN of exactly two ports is a point-to-point
 * link; a port on no LAN is a cable to a host. */
static void update_p2p(struct sim *s, int l)
{
	struct sim_lan *lan;

	if (l < 0)
		return;
	lan = &s->lans[l];
	for (unsigned int i = 0; i < lan->n; i++)
		stp_port_set_mac_p2p(s->bridges[lan->conns[i].bridge]->stp, lan->conns[i].port,
				     lan->n == 2);
}

int sim_port_connect(struct sim *s, struct sim_bridge *b, unsigned int port, int l)
{
	struct sim_port *p;
	int old;

	if (port >= b->nports || l >= (int)s->nlans)
		return -EINVAL;
	p = &b->ports[port];
	old = p->lan;
	if (old == l)
		return 0;
	if (old >= 0) {
		struct sim_lan *lan = &s->lans[old];

		for (unsigned int i = 0; i < lan->n; i++) {
			if (lan->conns[i].bridge == b->index && lan->conns[i].port == port) {
				memmove(&lan->conns[i], &lan->conns[i + 1],
					(lan->n - i - 1) * sizeof(lan->conns[0]));
				lan->n--;
				break;
			}
		}
	}
	if (l >= 0) {
		struct sim_lan *lan = &s->lans[l];

		if (lan->n == lan->cap) {
			unsigned int ncap = lan->cap ? lan->cap * 2 : 4;
			struct sim_conn *nc = realloc(lan->conns, ncap * sizeof(*nc));

			if (!nc)
				return -ENOMEM;
			lan->conns = nc;
			lan->cap = ncap;
		}
		lan->conns[lan->n].bridge = b->index;
		lan->conns[lan->n].port = port;
		lan->n++;
	}
	p->lan = l;
	if (l < 0)
		stp_port_set_mac_p2p(b->stp, port, true);
	update_p2p(s, old);
	update_p2p(s, l);
	return 0;
}

static int apply_enable(struct sim_bridge *b, unsigned int port)
{
	struct sim_port *p = &b->ports[port];

	return stp_port_enable(b->stp, port, p->admin && p->carrier);
}

int sim_port_admin(struct sim *s, struct sim_bridge *b, unsigned int port, bool up)
{
	(void)s;
	if (port >= b->nports)
		return -EINVAL;
	b->ports[port].admin = up;
	return apply_enable(b, port);
}

int sim_port_carrier(struct sim *s, struct sim_bridge *b, unsigned int port, bool up)
{
	(void)s;
	if (port >= b->nports)
		return -EINVAL;
	b->ports[port].carrier = up;
	return apply_enable(b, port);
}

int sim_lan_carrier(struct sim *s, int l, bool up)
{
	struct sim_lan *lan;

	if (l < 0 || l >= (int)s->nlans)
		return -EINVAL;
	lan = &s->lans[l];
	/* every end first, so that the first BPDUs find the others up */
	for (unsigned int i = 0; i < lan->n; i++)
		s->bridges[lan->conns[i].bridge]->ports[lan->conns[i].port].carrier = up;
	for (unsigned int i = 0; i < lan->n; i++)
		apply_enable(s->bridges[lan->conns[i].bridge], lan->conns[i].port);
	return 0;
}

unsigned int sim_deliver(struct sim *s, unsigned int max_rounds)
{
	unsigned int rounds = 0;

	for (;;) {
		bool any = false;

		if (max_rounds && rounds >= max_rounds)
			break;
		if (rounds >= DELIVER_BOUND) {
			s->dropped_cap = true;
			break;
		}
		for (unsigned int i = 0; i < s->nbridges; i++) {
			struct sim_bridge *b = s->bridges[i];

			while (b->qtail != b->qhead) {
				struct sim_msg m = b->q[b->qtail++ % b->qcap];

				if (!(b->legacy && m.b.type == STP_BPDU_RST))
					stp_receive(b->stp, m.port, &m.b);
				s->delivered++;
				any = true;
				if (s->observe)
					s->observe(s, s->observe_arg);
			}
		}
		if (!any)
			break;
		rounds++;
	}
	return rounds;
}

void sim_tick(struct sim *s)
{
	s->now++;
	for (unsigned int i = 0; i < s->nbridges; i++)
		stp_tick(s->bridges[i]->stp);
	if (s->observe)
		s->observe(s, s->observe_arg);
}

void sim_advance(struct sim *s, unsigned int secs)
{
	sim_deliver(s, 0);
	for (unsigned int i = 0; i < secs; i++) {
		sim_tick(s);
		sim_deliver(s, 0);
	}
}

static unsigned int uf_find(unsigned int *parent, unsigned int x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

bool sim_has_loop(const struct sim *s)
{
	unsigned int n = s->nbridges + s->nlans;
	unsigned int *parent = malloc((n ? n : 1) * sizeof(*parent));
	bool loop = false;

	if (!parent)
		return false;
	for (unsigned int i = 0; i < n; i++)
		parent[i] = i;
	for (unsigned int i = 0; i < s->nbridges && !loop; i++) {
		struct sim_bridge *b = s->bridges[i];

		for (unsigned int j = 0; j < b->nports; j++) {
			struct sim_port *p = &b->ports[j];
			unsigned int x, y;

			if (p->lan < 0 || !p->admin || !p->carrier ||
			    p->state != STP_STATE_FORWARDING)
				continue;
			x = uf_find(parent, i);
			y = uf_find(parent, s->nbridges + (unsigned int)p->lan);
			if (x == y) {
				loop = true;
				break;
			}
			parent[x] = y;
		}
	}
	free(parent);
	return loop;
}

unsigned int sim_port_number(bool stp_dialect, unsigned int i)
{
	return stp_dialect ? i : i + 1;
}

static char lan_name(int l)
{
	return l >= 0 && l < 26 ? (char)('a' + l) : '?';
}

void sim_dump(const struct sim *s, FILE *f, bool stp_dialect)
{
	for (unsigned int i = 0; i < s->nbridges; i++) {
		struct sim_bridge *b = s->bridges[i];
		struct stp_bridge *br = b->stp;
		unsigned int flushes = 0;

		for (unsigned int j = 0; j < b->nports; j++)
			flushes += b->ports[j].flushes_total;
		fprintf(f,
			"bridge %u %" PRIx64 ":%s root %016" PRIx64 " cost %" PRIu32
			"%s, FDB flushes asked %u\n",
			i, stp_bridge_id(br), stp_is_root(br) ? " root," : "", stp_root_id(br),
			stp_root_path_cost(br), stp_force_version(br) < 2 ? " (stp)" : "", flushes);
		for (unsigned int j = 0; j < b->nports; j++) {
			struct sim_port *p = &b->ports[j];
			struct stp_port_info pi;

			if (!p->defined)
				continue;
			stp_port_info(br, j, &pi);
			fprintf(f, "\tport %u", sim_port_number(stp_dialect, j));
			if (p->lan >= 0 && s->nlans <= 26)
				fprintf(f, " (lan %c)", lan_name(p->lan));
			else if (p->lan >= 0)
				fprintf(f, " (lan %d)", p->lan);
			else
				fprintf(f, " (disconnected)");
			fprintf(f,
				": %s %s, cost %" PRIu32 ", designated %016" PRIx64
				"/%04x cost %" PRIu32,
				pi.enabled ? stp_role_name(pi.role) : "disabled",
				pi.enabled ? stp_state_name(pi.state) : "", pi.path_cost,
				pi.designated_bridge, pi.designated_port, pi.designated_cost);
			if ((int)j == stp_root_port(br))
				fprintf(f, " (root port, root_path_cost=%" PRIu32 ")",
					stp_root_path_cost(br));
			if (pi.oper_edge)
				fprintf(f, " edge");
			if (!pi.send_rstp && pi.enabled)
				fprintf(f, " stp");
			fprintf(f, ", flushes %u\n", p->flushes_total);
		}
	}
}

static void tree_lan(struct sim *s, FILE *f, int l, int level, bool *seen);

static void tree_bridge(struct sim *s, FILE *f, struct sim_bridge *b, int level, bool *seen)
{
	if (seen[b->index])
		return;
	seen[b->index] = true;
	fprintf(f, "%*s%s%" PRIx64 "\n", level * 2, "", "bridge ", b->addr);
	for (unsigned int j = 0; j < b->nports; j++) {
		struct sim_port *p = &b->ports[j];

		if (p->lan >= 0 && p->state == STP_STATE_FORWARDING && p->admin && p->carrier)
			tree_lan(s, f, p->lan, level + 1, seen);
	}
}

static void tree_lan(struct sim *s, FILE *f, int l, int level, bool *seen)
{
	struct sim_lan *lan = &s->lans[l];

	if (lan->reached)
		return;
	lan->reached = true;
	if (s->nlans <= 26)
		fprintf(f, "%*slan %c\n", level * 2, "", lan_name(l));
	else
		fprintf(f, "%*slan %d\n", level * 2, "", l);
	for (unsigned int i = 0; i < lan->n; i++) {
		struct sim_bridge *b = s->bridges[lan->conns[i].bridge];

		if (b->ports[lan->conns[i].port].state == STP_STATE_FORWARDING)
			tree_bridge(s, f, b, level + 1, seen);
	}
}

void sim_tree(struct sim *s, FILE *f)
{
	bool *seen = calloc(s->nbridges ? s->nbridges : 1, sizeof(*seen));

	if (!seen)
		return;
	for (unsigned int i = 0; i < s->nlans; i++)
		s->lans[i].reached = false;
	for (unsigned int i = 0; i < s->nbridges; i++)
		if (stp_is_root(s->bridges[i]->stp))
			tree_bridge(s, f, s->bridges[i], 0, seen);
	free(seen);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The scripts of Open vSwitch's tests/test-rstp.c and tests/test-stp.c, read
 * with the same meaning so that published scenarios run unchanged:
 *
 *   bridge N ID [^PRIO] [= PORTSPEC...]   PORTSPEC: a-z | 0 | X | _ [:COST] [^PRIO]
 *   run G                                 180 s of simulated time, see simulate()
 *   check N = [rootid:ID[^PRIO]] root | STATE...
 *   dump, tree, # comments
 *
 * The RSTP dialect numbers ports 1..9 and its default path cost is 200000;
 * the STP dialect (test-stp.c) numbers them 0..254 with a default cost of 10.
 * brkit's own directives are described in the README and at parse_ext().
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "sim/script.h"
#include "sim/sim.h"

#define RSTP_MAX_PORT 9 /* test-rstp.c: MAX_PORTS 10, port 0 unused */
#define STP_MAX_PORT 254 /* test-stp.c: STP_MAX_PORTS 255 */
#define NLANS 26

struct bridge_x {
	unsigned int n_ports; /* ports defined so far (the dialect's count) */
};

struct ctx {
	const char *name;
	unsigned int line;
	bool stp;
	bool strict; /* --strict: every bridge starts with stp_set_strict(true) */
	FILE *out, *err;
	struct sim *sim;
	struct bridge_x *bx;
	unsigned int bxcap;
	char *pos;
	char tok[64];
	bool have;
	unsigned int warnings;
	bool watching; /* `loop watch`: every BPDU and tick looked at */
	unsigned long loops_seen; /* instants with a loop since `loop watch` */
};

/* ---- tokens, as test-rstp.c's get_token(): a run of letters, a number
 * (decimal or 0x hex), or one other character ---- */

static bool next(struct ctx *c)
{
	char *start;
	size_t n;

	while (isspace((unsigned char)*c->pos))
		c->pos++;
	if (!*c->pos) {
		c->have = false;
		c->tok[0] = 0;
		return false;
	}
	start = c->pos;
	if (isalpha((unsigned char)*c->pos)) {
		while (isalpha((unsigned char)*++c->pos))
			;
	} else if (isdigit((unsigned char)*c->pos)) {
		if (c->pos[0] == '0' && (c->pos[1] == 'x' || c->pos[1] == 'X')) {
			c->pos += 2;
			while (isxdigit((unsigned char)*c->pos))
				c->pos++;
		} else {
			while (isdigit((unsigned char)*++c->pos))
				;
		}
	} else {
		c->pos++;
	}
	n = (size_t)(c->pos - start);
	if (n >= sizeof(c->tok))
		n = sizeof(c->tok) - 1;
	memcpy(c->tok, start, n);
	c->tok[n] = 0;
	c->have = true;
	return true;
}

static bool match(struct ctx *c, const char *want)
{
	if (c->have && !strcmp(c->tok, want)) {
		next(c);
		return true;
	}
	return false;
}

static int syntax(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(c->err, "%s:%u: ", c->name, c->line);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	return SIM_SYNTAX;
}

static void warn(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(c->err, "%s:%u: ", c->name, c->line);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	c->warnings++;
}

static bool get_u64(struct ctx *c, uint64_t *v)
{
	char *end;

	if (!c->have || !isdigit((unsigned char)c->tok[0]))
		return false;
	errno = 0;
	*v = strtoull(c->tok, &end, 0);
	if (errno || *end)
		return false;
	next(c);
	return true;
}

static int must_int(struct ctx *c, uint64_t *v, uint64_t max)
{
	if (!get_u64(c, v))
		return syntax(c, "expected an integer%s%s%s", c->have ? " (not \"" : "",
			      c->have ? c->tok : "", c->have ? "\")" : "");
	if (*v > max)
		return syntax(c, "%" PRIu64 " is too large (at most %" PRIu64 ")", *v, max);
	return 0;
}

static int must_match(struct ctx *c, const char *want)
{
	if (!match(c, want))
		return syntax(c, "expected \"%s\"", want);
	return 0;
}

static unsigned int first_port(const struct ctx *c)
{
	return c->stp ? 0 : 1;
}

static unsigned int max_port(const struct ctx *c)
{
	return c->stp ? STP_MAX_PORT : RSTP_MAX_PORT;
}

/* The engine's port index for the script's port number. */
static unsigned int eport(const struct ctx *c, unsigned int n)
{
	return c->stp ? n : n - 1;
}

static int einval(struct ctx *c, int err, const char *what, uint64_t v)
{
	return syntax(c, "%s %" PRIu64 ": %s", what, v, strerror(-err));
}

static struct sim_bridge *get_bridge(struct ctx *c, uint64_t n)
{
	return n < c->sim->nbridges ? c->sim->bridges[n] : NULL;
}

static int must_bridge(struct ctx *c, struct sim_bridge **b)
{
	uint64_t n;
	int r = must_int(c, &n, UINT32_MAX);

	if (r)
		return r;
	*b = get_bridge(c, n);
	if (!*b)
		return syntax(c, "no bridge numbered %" PRIu64, n);
	return 0;
}

static int must_port(struct ctx *c, struct sim_bridge *b, unsigned int *port)
{
	uint64_t n;
	int r = must_int(c, &n, UINT32_MAX);

	if (r)
		return r;
	if (n < first_port(c) || n > max_port(c))
		return syntax(c, "port %" PRIu64 " is past the limit (%u to %u)", n, first_port(c),
			      max_port(c));
	if (n - first_port(c) >= c->bx[b->index].n_ports)
		return syntax(c, "bridge %u has no port %" PRIu64, b->index, n);
	*port = eport(c, (unsigned int)n);
	return 0;
}

/* ---- bridge N ID [^PRIO] [= PORTSPEC...] ---- */

static int set_bridge_prio(struct ctx *c, struct sim_bridge *b, uint64_t prio)
{
	int err;

	if (prio > 65535)
		return syntax(c, "bridge priority %" PRIu64 " is out of range", prio);
	/* Like test-rstp.c's rstp_set_bridge_priority(): rounded down to a
	 * step of 4096, so published scenarios (^31000, ^0x4001) run. */
	prio -= prio % STP_BRIDGE_PRIORITY_STEP;
	err = stp_set_priority(b->stp, (unsigned int)prio);
	return err ? einval(c, err, "bridge priority", prio) : 0;
}

static int port_spec(struct ctx *c, struct sim_bridge *b, unsigned int n)
{
	struct bridge_x *x = &c->bx[b->index];
	unsigned int defined = x->n_ports + first_port(c); /* next number to define */
	unsigned int i = eport(c, n);
	uint64_t cost = c->stp ? 10 : STP_DEFAULT_PATH_COST;
	int lan, err;

	if (!c->have || match(c, "X")) {
		if (n < defined) {
			if (!c->stp)
				stp_port_reinit(b->stp, i);
			sim_port_admin(c->sim, b, i, false);
		}
		return 0;
	}
	if (match(c, "_"))
		return 0;
	if (!strcmp(c->tok, "0"))
		lan = -1;
	else if (strlen(c->tok) == 1 && islower((unsigned char)c->tok[0]))
		lan = c->tok[0] - 'a';
	else
		return syntax(c, "%s is not a valid LAN name (0 or a lowercase letter a-z)",
			      c->tok);
	next(c);
	if (match(c, ":")) {
		err = must_int(c, &cost, UINT32_MAX);
		if (err)
			return err;
	}
	if (n > defined)
		return syntax(c, "ports must be numbered consecutively");
	if (n == defined) {
		x->n_ports++;
		b->ports[i].defined = true;
	}
	err = stp_port_set_path_cost(b->stp, i, (uint32_t)cost);
	if (err)
		return einval(c, err, "path cost", cost);
	if (!c->stp && n < defined)
		stp_port_reinit(b->stp, i); /* test-rstp.c reinitializes the port */
	sim_port_connect(c->sim, b, i, lan);
	sim_port_admin(c->sim, b, i, true);
	if (match(c, "^")) {
		uint64_t prio;

		err = must_int(c, &prio, 65535);
		if (err)
			return err;
		/* rounded down like rstp_port_set_priority() */
		err = stp_port_set_priority(b->stp, i, (unsigned int)(prio - prio % 16));
		if (err)
			return einval(c, err, "port priority", prio);
	}
	return 0;
}

static int do_bridge(struct ctx *c)
{
	struct sim_bridge *b;
	uint64_t n;
	int err = must_int(c, &n, UINT32_MAX);

	if (err)
		return err;
	if (n < c->sim->nbridges) {
		b = c->sim->bridges[n];
	} else if (n == c->sim->nbridges) {
		uint64_t id;

		err = must_int(c, &id, 0xffffffffffffULL);
		if (err)
			return err;
		if (c->sim->nbridges == c->bxcap) {
			unsigned int ncap = c->bxcap ? c->bxcap * 2 : 16;
			struct bridge_x *nb = realloc(c->bx, ncap * sizeof(*nb));

			if (!nb)
				return syntax(c, "out of memory");
			c->bx = nb;
			c->bxcap = ncap;
		}
		err = sim_add_bridge(c->sim, id, max_port(c) + 1 - first_port(c), &b);
		if (err)
			return syntax(c, "bridge %" PRIu64 ": %s", id, strerror(-err));
		c->bx[b->index].n_ports = 0;
		if (c->strict)
			stp_set_strict(b->stp, true);
		if (c->stp)
			stp_set_force_version(b->stp, STP_FORCE_STP);
	} else {
		return syntax(
			c,
			"bridges must be numbered consecutively from 0 (expected %u, not %" PRIu64
			")",
			c->sim->nbridges, n);
	}
	if (match(c, "^")) {
		uint64_t prio;

		err = must_int(c, &prio, UINT32_MAX);
		if (err)
			return err;
		err = set_bridge_prio(c, b, prio);
		if (err)
			return err;
	}
	if (match(c, "=")) {
		for (unsigned int p = first_port(c); p <= max_port(c); p++) {
			err = port_spec(c, b, p);
			if (err)
				return err;
		}
		if (c->have)
			return syntax(c, "too many ports: at most %u a bridge (numbered %u to %u)",
				      max_port(c) + 1 - first_port(c), first_port(c), max_port(c));
	}
	return 0;
}

/* ---- run G: as simulate() in test-rstp.c and test-stp.c ---- */

static void simulate(struct ctx *c, unsigned int g)
{
	struct sim *s = c->sim;

	for (unsigned int t = 0; t < 1000 * 180; t += g) {
		if (c->stp) {
			/* stp_tick(stp, g): g milliseconds; the engine ticks whole seconds */
			s->ms += g;
			while (s->ms >= 1000) {
				s->ms -= 1000;
				sim_tick(s);
			}
		} else {
			/* rstp_tick_timers(): one tick, one second, whatever g is */
			sim_tick(s);
		}
		sim_deliver(s, g);
	}
}

/* ---- check ---- */

static const char *letters(const struct ctx *c, struct sim_bridge *b, unsigned int i)
{
	struct stp_port_info pi;

	stp_port_info(b->stp, i, &pi);
	if (!pi.enabled)
		return "D";
	if (pi.state == STP_STATE_FORWARDING)
		return "F";
	if (pi.state == STP_STATE_LEARNING)
		return "Le";
	if (!c->stp)
		return "Di";
	/* 802.1D-1998's two discarding states: a port on its way to forwarding
	 * (root or designated) listens, the others block. */
	return pi.role == STP_ROLE_ROOT || pi.role == STP_ROLE_DESIGNATED ? "Li" : "B";
}

static const char *long_name(const char *l)
{
	if (!strcmp(l, "D"))
		return "disabled";
	if (!strcmp(l, "Di"))
		return "discarding";
	if (!strcmp(l, "Le"))
		return "learning";
	if (!strcmp(l, "F"))
		return "forwarding";
	if (!strcmp(l, "Li"))
		return "listening";
	if (!strcmp(l, "B"))
		return "blocking";
	return l;
}

static bool valid_letter(const struct ctx *c, const char *t)
{
	if (!strcmp(t, "D") || !strcmp(t, "Le") || !strcmp(t, "F"))
		return true;
	if (c->stp)
		return !strcmp(t, "B") || !strcmp(t, "Li");
	return !strcmp(t, "Di");
}

static int do_check(struct ctx *c)
{
	struct sim_bridge *b;
	struct stp_bridge *br;
	unsigned int nports;
	int err = must_bridge(c, &b);

	if (err)
		return err;
	br = b->stp;
	err = must_match(c, "=");
	if (err)
		return err;
	if (match(c, "rootid")) {
		uint64_t id, prio = 0x8000;

		err = must_match(c, ":");
		if (!err)
			err = must_int(c, &id, 0xffffffffffffULL);
		if (!err && match(c, "^"))
			err = must_int(c, &prio, 65535);
		if (err)
			return err;
		id |= prio << 48;
		if (stp_root_id(br) != id)
			warn(c, "bridge %u: root is %016" PRIx64 ", not %016" PRIx64, b->index,
			     stp_root_id(br), id);
	}
	nports = c->bx[b->index].n_ports;
	if (match(c, "root")) {
		if (stp_root_path_cost(br) != 0)
			warn(c, "bridge %u: root path cost of root is %" PRIu32 ", not 0", b->index,
			     stp_root_path_cost(br));
		if (!stp_is_root(br))
			warn(c, "bridge %u: root is %016" PRIx64 ", not this bridge %016" PRIx64,
			     b->index, stp_root_id(br), stp_bridge_id(br));
		for (unsigned int k = 0; k < nports; k++) {
			const char *l = letters(c, b, k);

			if (strcmp(l, "D") && strcmp(l, "F"))
				warn(c, "bridge %u (root) port %u is %s", b->index,
				     sim_port_number(c->stp, k), long_name(l));
		}
		return 0;
	}
	/* test-stp.c checks every possible port (the missing ones must be
	 * disabled); test-rstp.c the ports defined so far */
	for (unsigned int k = 0; k < (c->stp ? STP_MAX_PORT + 1 : nports); k++) {
		unsigned int n = sim_port_number(c->stp, k);
		char want[8] = "D";
		const char *seen;

		if (c->have) {
			if (!strcmp(c->tok, "_")) {
				next(c);
				continue;
			}
			if (!valid_letter(c, c->tok))
				return syntax(c, "unknown port state %s (%s)", c->tok,
					      c->stp ? "D, B, Li, Le, F or _"
						     : "D, Di, Le, F or _");
			snprintf(want, sizeof(want), "%s", c->tok);
			next(c);
		}
		seen = letters(c, b, k);
		if (strcmp(seen, want))
			warn(c, "bridge %u port %u: state is %s but should be %s", b->index, n,
			     long_name(seen), long_name(want));
		if (!strcmp(want, "F")) {
			int rp = stp_root_port(br);

			if (match(c, ":")) {
				uint64_t cost;

				err = must_int(c, &cost, UINT32_MAX);
				if (err)
					return err;
				if (rp != (int)k) {
					if (rp < 0)
						warn(c,
						     "bridge %u: port %u is not the root port (there is none)",
						     b->index, n);
					else
						warn(c,
						     "bridge %u: port %u is not the root port (port %u is)",
						     b->index, n,
						     sim_port_number(c->stp, (unsigned int)rp));
				} else if (stp_root_path_cost(br) != cost) {
					warn(c,
					     "bridge %u: root path cost is %" PRIu32
					     ", should be %" PRIu64,
					     b->index, stp_root_path_cost(br), cost);
				}
			} else if (rp == (int)k) {
				warn(c,
				     "bridge %u: port %u is the root port but not expected to be",
				     b->index, n);
			}
		}
	}
	return 0;
}

/* ---- brkit's own directives ----
 *
 *   time S                   S simulated seconds, every BPDU delivered after each
 *                            tick; `time 0` delivers what is queued, no time passes
 *   link N P down|up         port P of bridge N loses or regains its carrier
 *   lan X down|up            every port on LAN X loses or regains its carrier
 *   set N P OPTION VALUE     edge, autoedge, bpduguard, bpdufilter, rootguard,
 *                            tcnguard: on|off; ptp on|off|auto; cost C; priority P
 *   set N OPTION VALUE       version 0|2, txhold N, hello S, maxage S, fwddelay S,
 *                            legacy 1|0 (an 802.1D-1998 bridge: version 0 and
 *                            RST BPDUs dropped unread), strict on|off (802.1D-2004
 *                            to the letter, or brkit's rules: stp_set_strict())
 *   mcheck N P               Port Protocol Migration's mcheck
 *   flushed N = P... | none  exactly the ports bridge N was told to flush since the
 *                            last `flushed N` (or `flushes clear`)
 *   flushes clear            forget every bridge's flushes
 *   sent N P = K             BPDUs port P sent since the last `sent` on it
 *   sent clear               forget every port's count
 *   loop no|yes              whether forwarding ports make a loop now
 *   loop watch               from now on look for a loop after every BPDU,
 *                            tick and port that starts forwarding
 *   loop never|seen          whether one was seen since `loop watch` or the
 *                            last `loop never|seen` (which restarts the count)
 *   port N P KEY VALUE       role root|designated|alternate|backup|disabled,
 *                            proto rstp|stp, edge yes|no, ptp yes|no
 */

static int on_off(struct ctx *c, bool *v)
{
	if (match(c, "on")) {
		*v = true;
		return 0;
	}
	if (match(c, "off")) {
		*v = false;
		return 0;
	}
	return syntax(c, "expected on or off");
}

static int do_time(struct ctx *c)
{
	uint64_t s;
	int err = must_int(c, &s, 1000000);

	if (err)
		return err;
	sim_advance(c->sim, (unsigned int)s);
	return 0;
}

static int up_down(struct ctx *c, bool *up)
{
	if (match(c, "up")) {
		*up = true;
		return 0;
	}
	if (match(c, "down")) {
		*up = false;
		return 0;
	}
	return syntax(c, "expected up or down");
}

static int do_link(struct ctx *c)
{
	struct sim_bridge *b;
	unsigned int p;
	bool up;
	int err = must_bridge(c, &b);

	if (!err)
		err = must_port(c, b, &p);
	if (!err)
		err = up_down(c, &up);
	if (err)
		return err;
	sim_port_carrier(c->sim, b, p, up);
	return 0;
}

static int do_lan(struct ctx *c)
{
	bool up;
	int l, err;

	if (!c->have || strlen(c->tok) != 1 || !islower((unsigned char)c->tok[0]))
		return syntax(c, "%s is not a valid LAN name (a lowercase letter a-z)",
			      c->have ? c->tok : "(nothing)");
	l = c->tok[0] - 'a';
	next(c);
	err = up_down(c, &up);
	if (err)
		return err;
	return sim_lan_carrier(c->sim, l, up);
}

static int set_port(struct ctx *c, struct sim_bridge *b, unsigned int p)
{
	struct stp_bridge *br = b->stp;
	char opt[sizeof(c->tok)];
	bool v = false;
	uint64_t n;
	int err;

	snprintf(opt, sizeof(opt), "%s", c->have ? c->tok : "");
	next(c);
	if (!strcmp(opt, "ptp")) {
		if (match(c, "on"))
			return stp_port_set_admin_p2p(br, p, STP_P2P_ON);
		if (match(c, "off"))
			return stp_port_set_admin_p2p(br, p, STP_P2P_OFF);
		if (match(c, "auto"))
			return stp_port_set_admin_p2p(br, p, STP_P2P_AUTO);
		return syntax(c, "expected on, off or auto");
	}
	if (!strcmp(opt, "cost") || !strcmp(opt, "priority")) {
		err = must_int(c, &n, UINT32_MAX);
		if (err)
			return err;
		err = !strcmp(opt, "cost") ? stp_port_set_path_cost(br, p, (uint32_t)n)
					   : stp_port_set_priority(br, p, (unsigned int)n);
		return err ? einval(c, err, opt, n) : 0;
	}
	err = on_off(c, &v);
	if (err)
		return err;
	if (!strcmp(opt, "edge"))
		return stp_port_set_admin_edge(br, p, v);
	if (!strcmp(opt, "autoedge"))
		return stp_port_set_auto_edge(br, p, v);
	if (!strcmp(opt, "bpduguard"))
		return stp_port_set_bpdu_guard(br, p, v);
	if (!strcmp(opt, "bpdufilter"))
		return stp_port_set_bpdu_filter(br, p, v);
	if (!strcmp(opt, "rootguard"))
		return stp_port_set_root_guard(br, p, v);
	if (!strcmp(opt, "tcnguard"))
		return stp_port_set_tcn_guard(br, p, v);
	return syntax(c, "unknown port option %s", opt);
}

static int set_bridge(struct ctx *c, struct sim_bridge *b)
{
	struct stp_bridge *br = b->stp;
	char opt[sizeof(c->tok)];
	uint64_t n;
	int err;

	snprintf(opt, sizeof(opt), "%s", c->have ? c->tok : "");
	next(c);
	if (!strcmp(opt, "strict")) {
		/* on: 802.1D-2004 to the letter; off: brkit's rules (README) */
		bool v;

		err = on_off(c, &v);
		return err ? err : stp_set_strict(br, v);
	}
	err = must_int(c, &n, UINT32_MAX);
	if (err)
		return err;
	if (!strcmp(opt, "version")) {
		err = stp_set_force_version(br, (unsigned int)n);
	} else if (!strcmp(opt, "legacy")) {
		/* 0 or 1: an 802.1D-1998 bridge, Force Protocol Version 0 and
		 * deaf to RST BPDUs, whose type it does not know */
		b->legacy = n != 0;
		err = stp_set_force_version(br, n ? STP_FORCE_STP : STP_FORCE_RSTP);
	} else if (!strcmp(opt, "txhold"))
		err = stp_set_tx_hold_count(br, (unsigned int)n);
	else if (!strcmp(opt, "hello") || !strcmp(opt, "maxage") || !strcmp(opt, "fwddelay")) {
		unsigned int h, m, f;

		stp_bridge_times(br, &h, &m, &f);
		if (!strcmp(opt, "hello"))
			h = (unsigned int)n;
		else if (!strcmp(opt, "maxage"))
			m = (unsigned int)n;
		else
			f = (unsigned int)n;
		err = stp_set_times(br, h, m, f);
	} else {
		return syntax(c, "unknown bridge option %s", opt);
	}
	return err ? einval(c, err, opt, n) : 0;
}

static int do_set(struct ctx *c)
{
	struct sim_bridge *b;
	unsigned int p;
	int err = must_bridge(c, &b);

	if (err)
		return err;
	if (c->have && isdigit((unsigned char)c->tok[0])) {
		err = must_port(c, b, &p);
		if (err)
			return err;
		return set_port(c, b, p);
	}
	return set_bridge(c, b);
}

static int do_mcheck(struct ctx *c)
{
	struct sim_bridge *b;
	unsigned int p;
	int err = must_bridge(c, &b);

	if (!err)
		err = must_port(c, b, &p);
	if (err)
		return err;
	return stp_port_mcheck(b->stp, p);
}

static int do_flushed(struct ctx *c)
{
	struct sim_bridge *b;
	bool *want;
	int err;

	if (match(c, "clear")) {
		for (unsigned int i = 0; i < c->sim->nbridges; i++)
			for (unsigned int j = 0; j < c->sim->bridges[i]->nports; j++)
				c->sim->bridges[i]->ports[j].flushes = 0;
		return 0;
	}
	err = must_bridge(c, &b);
	if (!err)
		err = must_match(c, "=");
	if (err)
		return err;
	want = calloc(b->nports, sizeof(*want));
	if (!want)
		return syntax(c, "out of memory");
	if (!match(c, "none")) {
		do {
			unsigned int p;

			err = must_port(c, b, &p);
			if (err) {
				free(want);
				return err;
			}
			want[p] = true;
		} while (c->have);
	}
	for (unsigned int j = 0; j < b->nports; j++) {
		unsigned int n = sim_port_number(c->stp, j);

		if (want[j] && !b->ports[j].flushes)
			warn(c, "bridge %u port %u: no flush, one expected", b->index, n);
		else if (!want[j] && b->ports[j].flushes)
			warn(c, "bridge %u port %u: flushed %u times, none expected", b->index, n,
			     b->ports[j].flushes);
		b->ports[j].flushes = 0;
	}
	free(want);
	return 0;
}

static int do_sent(struct ctx *c)
{
	struct sim_bridge *b;
	unsigned int p;
	uint64_t n;
	int err;

	if (match(c, "clear")) {
		for (unsigned int i = 0; i < c->sim->nbridges; i++)
			for (unsigned int j = 0; j < c->sim->bridges[i]->nports; j++)
				c->sim->bridges[i]->ports[j].sent = 0;
		return 0;
	}
	err = must_bridge(c, &b);
	if (!err)
		err = must_port(c, b, &p);
	if (!err)
		err = must_match(c, "=");
	if (!err)
		err = must_int(c, &n, UINT32_MAX);
	if (err)
		return err;
	if (b->ports[p].sent != n)
		warn(c, "bridge %u port %u: sent %u BPDUs, not %" PRIu64, b->index,
		     sim_port_number(c->stp, p), b->ports[p].sent, n);
	b->ports[p].sent = 0;
	return 0;
}

static void watch_loops(struct sim *s, void *arg)
{
	struct ctx *c = arg;

	if (sim_has_loop(s))
		c->loops_seen++;
}

static int do_loop(struct ctx *c)
{
	bool loop = sim_has_loop(c->sim);

	if (match(c, "watch")) {
		/* from now on, after every BPDU, tick and port that starts
		 * forwarding, as the property test does */
		c->watching = true;
		c->loops_seen = 0;
		c->sim->observe = watch_loops;
		c->sim->observe_arg = c;
		return 0;
	}
	if (!strcmp(c->tok, "never") || !strcmp(c->tok, "seen")) {
		bool never = !strcmp(c->tok, "never");

		next(c);
		if (!c->watching)
			return syntax(c, "loop %s needs a loop watch before it",
				      never ? "never" : "seen");
		if (never && c->loops_seen)
			warn(c, "the forwarding ports made a loop at %lu instants since loop watch",
			     c->loops_seen);
		if (!never && !c->loops_seen)
			warn(c, "the forwarding ports made no loop since loop watch");
		c->loops_seen = 0;
		return 0;
	}

	if (match(c, "no")) {
		if (loop)
			warn(c, "the forwarding ports make a loop");
		return 0;
	}
	if (match(c, "yes")) {
		if (!loop)
			warn(c, "the forwarding ports make no loop");
		return 0;
	}
	return syntax(c, "expected yes, no, watch, never or seen");
}

static int do_port(struct ctx *c)
{
	struct sim_bridge *b;
	struct stp_port_info pi;
	char key[sizeof(c->tok)], want[sizeof(c->tok)];
	const char *seen;
	unsigned int p;
	int err = must_bridge(c, &b);

	if (!err)
		err = must_port(c, b, &p);
	if (err)
		return err;
	if (!c->have)
		return syntax(c, "expected role, proto, edge or ptp");
	snprintf(key, sizeof(key), "%s", c->tok);
	next(c);
	if (!c->have)
		return syntax(c, "expected a value for %s", key);
	snprintf(want, sizeof(want), "%s", c->tok);
	next(c);
	stp_port_info(b->stp, p, &pi);
	if (!strcmp(key, "role"))
		seen = pi.enabled ? stp_role_name(pi.role) : "disabled";
	else if (!strcmp(key, "proto"))
		seen = pi.send_rstp ? "rstp" : "stp";
	else if (!strcmp(key, "edge"))
		seen = pi.oper_edge ? "yes" : "no";
	else if (!strcmp(key, "ptp"))
		seen = pi.oper_p2p ? "yes" : "no";
	else
		return syntax(c, "unknown port property %s (role, proto, edge or ptp)", key);
	if (strcmp(seen, want))
		warn(c, "bridge %u port %u: %s is %s, not %s", b->index, sim_port_number(c->stp, p),
		     key, seen, want);
	return 0;
}

static int directive(struct ctx *c)
{
	uint64_t g;
	int err;

	if (match(c, "bridge"))
		return do_bridge(c);
	if (match(c, "run")) {
		err = must_int(c, &g, 1000 * 180);
		if (err)
			return err;
		if (g == 0)
			return syntax(c, "run 0 would never end");
		simulate(c, (unsigned int)g);
		return 0;
	}
	if (match(c, "dump")) {
		sim_dump(c->sim, c->out, c->stp);
		return 0;
	}
	if (match(c, "tree")) {
		sim_tree(c->sim, c->out);
		return 0;
	}
	if (match(c, "check"))
		return do_check(c);
	if (match(c, "time"))
		return do_time(c);
	if (match(c, "link"))
		return do_link(c);
	if (match(c, "lan"))
		return do_lan(c);
	if (match(c, "set"))
		return do_set(c);
	if (match(c, "mcheck"))
		return do_mcheck(c);
	if (match(c, "flushed") || match(c, "flushes"))
		return do_flushed(c);
	if (match(c, "sent"))
		return do_sent(c);
	if (match(c, "loop"))
		return do_loop(c);
	if (match(c, "port"))
		return do_port(c);
	return syntax(c, "unknown directive %s", c->tok);
}

enum sim_result sim_run_script(FILE *in, const char *name, bool stp, FILE *out, FILE *err)
{
	return sim_run_script_opts(in, name, stp ? SIM_OPT_STP : 0, out, err);
}

enum sim_result sim_run_script_opts(FILE *in, const char *name, unsigned int opts, FILE *out,
				    FILE *err)
{
	struct ctx c = { .name = name,
			 .stp = opts & SIM_OPT_STP,
			 .strict = opts & SIM_OPT_STRICT,
			 .out = out,
			 .err = err };
	enum sim_result res = SIM_OK;
	char *line = NULL;
	size_t cap = 0;

	if (sim_new(&c.sim, NLANS)) {
		fprintf(err, "%s: out of memory\n", name);
		return SIM_SYNTAX;
	}
	while (getline(&line, &cap, in) >= 0) {
		char *hash = strchr(line, '#');
		int r;

		c.line++;
		if (hash)
			*hash = 0;
		c.pos = line;
		if (!next(&c))
			continue;
		r = directive(&c);
		if (!r && c.have)
			r = syntax(&c, "trailing garbage on line: %s", c.tok);
		if (r < 0) /* an engine setter refused a value */
			r = syntax(&c, "%s", strerror(-r));
		if (r) {
			res = SIM_SYNTAX;
			break;
		}
		if (c.warnings) {
			fprintf(err, "%s:%u: check failed (%u problem%s)\n", name, c.line,
				c.warnings, c.warnings == 1 ? "" : "s");
			res = SIM_CHECK_FAILED;
			break;
		}
	}
	free(line);
	free(c.bx);
	sim_free(c.sim);
	return res;
}

enum sim_result sim_run_file(const char *path, bool stp, FILE *out, FILE *err)
{
	return sim_run_file_opts(path, stp ? SIM_OPT_STP : 0, out, err);
}

enum sim_result sim_run_file_opts(const char *path, unsigned int opts, FILE *out, FILE *err)
{
	FILE *f = fopen(path, "r");
	enum sim_result r;

	if (!f) {
		fprintf(err, "%s: cannot open: %s\n", path, strerror(errno));
		return SIM_SYNTAX;
	}
	r = sim_run_script_opts(f, path, opts, out, err);
	fclose(f);
	return r;
}

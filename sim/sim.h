/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The spanning tree simulator's core: bridges running the stp/ engine on
 * shared LANs, in memory, deterministic. BPDUs travel as struct stp_bpdu
 * (no codec); each bridge has a receive queue, drained in bridge order.
 */
#ifndef BRKIT_SIM_SIM_H
#define BRKIT_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "stp/stp.h"

struct sim;

struct sim_port {
	int lan; /* -1: on no LAN */
	bool admin; /* configured up (not X) */
	bool carrier; /* link up (the `link`/`lan` directives) */
	bool defined; /* ever configured by the script */
	enum stp_state state; /* as the engine last reported it */
	unsigned int flushes; /* FDB flushes asked for since the last reset */
	unsigned int flushes_total;
	unsigned int sent; /* BPDUs put on the wire since the last reset */
};

struct sim_msg {
	unsigned int port;
	struct stp_bpdu b;
};

struct sim_bridge {
	struct sim *sim;
	unsigned int index;
	uint64_t addr;
	bool legacy; /* an 802.1D-1998 bridge: drops RST BPDUs (unknown type to it) */
	struct stp_bridge *stp;
	unsigned int nports;
	struct sim_port *ports;
	struct sim_msg *q; /* ring */
	unsigned int qcap, qhead, qtail;
};

struct sim_conn {
	unsigned int bridge, port;
};

struct sim_lan {
	struct sim_conn *conns;
	unsigned int n, cap;
	bool reached;
};

struct sim {
	struct sim_bridge **bridges;
	unsigned int nbridges, bcap;
	struct sim_lan *lans;
	unsigned int nlans;
	uint64_t now; /* simulated seconds */
	unsigned int ms; /* milliseconds towards the next second (STP dialect) */
	uint64_t delivered;
	bool dropped_cap; /* a delivery loop hit its bound */
	/* Called after every delivered BPDU and every tick (property tests). */
	void (*observe)(struct sim *s, void *arg);
	void *observe_arg;
};

int sim_new(struct sim **out, unsigned int nlans);
void sim_free(struct sim *s);
/* Add bridge number s->nbridges with MAC address @addr and @nports ports,
 * all disabled and on no LAN. */
int sim_add_bridge(struct sim *s, uint64_t addr, unsigned int nports, struct sim_bridge **out);
/* Put @port of @b on @lan (-1: none); enable or disable it. */
int sim_port_connect(struct sim *s, struct sim_bridge *b, unsigned int port, int lan);
int sim_port_admin(struct sim *s, struct sim_bridge *b, unsigned int port, bool up);
int sim_port_carrier(struct sim *s, struct sim_bridge *b, unsigned int port, bool up);
/* Every port on LAN @l loses or regains its carrier at the same instant. */
int sim_lan_carrier(struct sim *s, int l, bool up);
/* Deliver queued BPDUs, round after round (each round drains every queue in
 * bridge order), at most @max_rounds rounds (0: until none is left).
 * Returns the number of rounds that delivered something. */
unsigned int sim_deliver(struct sim *s, unsigned int max_rounds);
/* One second for every bridge. */
void sim_tick(struct sim *s);
/* @secs seconds, delivering everything after each tick; 0: deliver only. */
void sim_advance(struct sim *s, unsigned int secs);
/* True when the ports in forwarding state make a loop (bridges and LANs as
 * nodes, forwarding ports as edges). */
bool sim_has_loop(const struct sim *s);
void sim_dump(const struct sim *s, FILE *f, bool stp_dialect);
void sim_tree(struct sim *s, FILE *f);
/* The port number a script uses for engine port @i. */
unsigned int sim_port_number(bool stp_dialect, unsigned int i);

#endif

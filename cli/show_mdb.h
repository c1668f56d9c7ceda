/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MDB entries and router ports as iproute2 6.1's `bridge mdb show` and
 * `bridge monitor mdb` print them, through the print layer. Pure. */
#ifndef BRKIT_CLI_SHOW_MDB_H
#define BRKIT_CLI_SHOW_MDB_H

#include <brkit/brkit.h>
#include "cli/print.h"
#include "cli/show_fdb.h"

struct show_mdb {
	show_ifname_fn name;
	void *arg;
	bool details; /* -d: filter mode, source list, protocol; router ports */
	bool stats; /* -s: timers */
};

/* A timer as iproute2's format_timer(): centiseconds as "%4lu.%.2lu"
 * (@align) or "%lu.%.2lu". */
void show_mdb_timer(uint32_t cs, bool align, char buf[32]);
/* One entry: a text line (with its '\n') or one JSON object. */
void show_mdb_entry(struct pr *p, const struct brkit_mdb_entry *e, const struct show_mdb *s);
/* The router ports of one bridge in `mdb show -d`: "router ports on BR: P1 P2 \n",
 * or (JSON) the member "BR": [{"port": "P1"}, ...] of the "router" object. */
void show_mdb_routers(struct pr *p, int br, const struct brkit_mdb_router *r, size_t n,
		      const struct show_mdb *s);
/* A router port event (monitor): "router port dev P master BR\n". */
void show_mdb_router_event(struct pr *p, const struct brkit_mdb_router *r,
			   const struct show_mdb *s);

#endif

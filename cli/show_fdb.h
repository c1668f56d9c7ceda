/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FDB entries as `bridge fdb show` / `bridge -j fdb show` and `brctl showmacs`
 * print them, through the print layer. Pure. */
#ifndef BRKIT_CLI_SHOW_FDB_H
#define BRKIT_CLI_SHOW_FDB_H

#include <stdio.h>
#include <brkit/brkit.h>
#include "cli/print.h"

/* A name for an ifindex, NULL when unknown (then "if%d" is printed). */
typedef const char *(*show_ifname_fn)(void *arg, int ifindex);

struct show_fdb {
	show_ifname_fn name;
	void *arg;
	bool omit_dev; /* `show dev DEV`: iproute2 leaves out "dev DEV" */
	bool stats; /* -s: "used U/T" */
};

/* USER_HZ: NDA_CACHEINFO counts clock ticks (iproute2 divides by it too). */
#define SHOW_FDB_HZ 100

/* One entry: a text line (with its '\n'), or one JSON object (the caller
 * opens and closes the array around it, or ends the line for a monitor). */
/* iproute2's name of an RTPROT_* value ("zebra"), or its number in @buf. Pure. */
const char *show_fdb_proto_name(uint8_t proto, char buf[16]);
void show_fdb_entry(struct pr *p, const struct brkit_fdb_entry *e, const struct show_fdb *s);
/* One `brctl showmacs` line (with its '\n'), and its header. */
void show_fdb_mac_header(FILE *f);
void show_fdb_mac(FILE *f, const struct brkit_fdb_mac *m);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The option parsers of the bridge and port commands (pure, unit-tested).
 * Their output: cli/show_bridge.h and cli/show_brctl.h. */
#ifndef BRKIT_CMD_BRIDGE_H
#define BRKIT_CMD_BRIDGE_H

#include <stdio.h>
#include <brkit/brkit.h>

struct cli;

/* Parse iproute2-style bridge options ("forward_delay 1500 stp_state 1 ...",
 * timers in centiseconds) into @o. Returns 0, or -EINVAL/-ERANGE with a
 * message naming the option in @err. */
int bridge_opts_parse(int argc, char **argv, struct brkit_bridge_opts *o, char *err, size_t errlen);
/* Parse "FLAG on|off ... cost N priority N" into @o. */
int port_opts_parse(int argc, char **argv, struct brkit_port_opts *o, char *err, size_t errlen);

/* Create bridge @br, a name or a template with one %d, through
 * brkit_bridge_add_named() (the lowest free number, as the kernel would pick
 * it). The name made is in @got. Returns 0 or a negative errno from the
 * library (its message in h). */
int bridge_add_named(struct cli *c, const char *br, const struct brkit_bridge_opts *o,
		     char got[IFNAMSIZ]);
/* After `bridge add TEMPLATE` / `addbr TEMPLATE`: print the name made (text,
 * or {"ifname":...} with -j); when it cannot be written, delete the bridge.
 * Returns an exit status. */
int bridge_report_name(struct cli *c, const char *got);
/* Every bridge (or just @only) with its ports, in brctl's order, for the
 * show commands. Returns EXIT_OK, or an exit status after printing why. */
int bridge_list_sorted(struct cli *c, const char *only, struct brkit_bridge_list *l);

#endif

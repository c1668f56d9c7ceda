/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The option parsers of the bridge and port commands (pure, unit-tested).
 * Their output: cli/show_bridge.h and cli/show_brctl.h. */
#ifndef BRKIT_CMD_BRIDGE_H
#define BRKIT_CMD_BRIDGE_H

#include <stdio.h>
#include <brkit/brkit.h>

/* Parse iproute2-style bridge options ("forward_delay 1500 stp_state 1 ...",
 * timers in centiseconds) into @o. Returns 0, or -EINVAL/-ERANGE with a
 * message naming the option in @err. */
int bridge_opts_parse(int argc, char **argv, struct brkit_bridge_opts *o, char *err, size_t errlen);
/* Parse "FLAG on|off ... cost N priority N" into @o. */
int port_opts_parse(int argc, char **argv, struct brkit_port_opts *o, char *err, size_t errlen);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bridges and ports as `brkit bridge show` / `brkit port show` print them, in
 * text and (-j) JSON through the print layer. Pure. */
#ifndef BRKIT_CLI_SHOW_BRIDGE_H
#define BRKIT_CLI_SHOW_BRIDGE_H

#include <brkit/brkit.h>
#include "cli/print.h"

/* How a bridge's ports are shown: by name ("ports": ["p0", ...]) or, in
 * JSON only, each as show_port prints it (brctl -j showstp). */
enum show_ports { SHOW_PORT_NAMES, SHOW_PORT_OBJECTS };

void show_bridge(struct pr *p, const struct brkit_bridge_info *b, enum show_ports ports);
/* The same, saying which component runs its spanning tree ("stp_by":
 * "brkit-stpd", "kernel", "user" or "none"); show_bridge() says it from the
 * kernel's stp_state alone. */
void show_bridge_by(struct pr *p, const struct brkit_bridge_info *b, enum show_ports ports,
		    const char *stp_by, const char *const *roles);
void show_port(struct pr *p, const struct brkit_port_info *pt, const char *master);
/* The same with the port's role in the spanning tree when a userspace daemon
 * runs it (brkit-stpd: "root", "designated", "alternate", ...; NULL: none). In
 * brkit_bridge_info's place, @roles (NULL, or one per port of @b) for
 * show_bridge_by. */
void show_port_role(struct pr *p, const struct brkit_port_info *pt, const char *master,
		    const char *role);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VXLAN devices as `brkit vxlan show` prints them, text and JSON. Pure. */
#ifndef BRKIT_CLI_SHOW_VXLAN_H
#define BRKIT_CLI_SHOW_VXLAN_H

#include <stddef.h>
#include <brkit/brkit.h>
#include "cli/print.h"

/* Text form of @ip ("" for family 0), truncated to @len. */
void vxlan_format_ip(const struct brkit_ipaddr *ip, char *buf, size_t len);
/* One device: a line (with its '\n') or a JSON object. @dev and @master are
 * the names of the underlay and the master (NULL when none). */
void show_vxlan(struct pr *p, const struct brkit_vxlan_info *vx, const char *dev,
		const char *master);

#endif

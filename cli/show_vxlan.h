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

/* The VNI filter as iproute2 6.1's `bridge vni show` prints it, byte for
 * byte (text and JSON): the header (text only), then per device an open,
 * its entries, a close. */
void show_vni_header(struct pr *p);
/* An IPv4 224/4 or IPv6 ff00::/8 address. */
bool show_vni_is_multicast(const struct brkit_ipaddr *ip);
void show_vni_dev_open(struct pr *p, const char *ifname);
void show_vni_entry(struct pr *p, const struct brkit_vni_entry *e, bool first);
void show_vni_dev_close(struct pr *p);
#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* brkit vxlan: the pure parts of the command (parsing and formatting), unit-tested. */
#ifndef BRKIT_CMD_VXLAN_H
#define BRKIT_CMD_VXLAN_H

#include <stddef.h>
#include <json-c/json.h>
#include <brkit/brkit.h>

/* Parse `NAME vni N [local IP] [dstport N] [learning on|off] [ttl N|auto]
 * [dev UNDERLAY] [bridge BR] [up]` (argv[0] is NAME) into @cfg, pointing into
 * argv. Returns 0, or -EINVAL with a message naming the object and the
 * reason in @why. No system calls. */
int vxlan_parse_add(int argc, char **argv, struct brkit_vxlan_cfg *cfg, char *why, size_t len);
/* An IPv4 or IPv6 address in text; 0 or -EINVAL. */
int vxlan_parse_ip(const char *s, struct brkit_ipaddr *ip);
/* Text form of @ip ("" for family 0). */
void vxlan_format_ip(const struct brkit_ipaddr *ip, char *buf, size_t len);
/* One line of `brkit vxlan show` (no newline). @dev and @master are the names
 * of the underlay and the master (NULL when none). Returns the length. */
int vxlan_format_text(const struct brkit_vxlan_info *vx, const char *dev, const char *master,
		      char *buf, size_t len);
/* The same as a JSON object (new reference). */
json_object *vxlan_to_json(const struct brkit_vxlan_info *vx, const char *dev, const char *master);

#endif

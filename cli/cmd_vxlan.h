/* SPDX-License-Identifier: GPL-2.0-or-later */
/* brkit vxlan: the pure parts of the command (parsing), unit-tested. Its
 * output: cli/show_vxlan.h. */
#ifndef BRKIT_CMD_VXLAN_H
#define BRKIT_CMD_VXLAN_H

#include <stddef.h>
#include <brkit/brkit.h>

/* Parse `NAME vni N [local IP] [dstport N] [learning on|off] [ttl N|auto]
 * [dev UNDERLAY] [bridge BR] [up]` (argv[0] is NAME) into @cfg, pointing into
 * argv. Returns 0, or -EINVAL with a message naming the object and the
 * reason in @why. No system calls. */
int vxlan_parse_add(int argc, char **argv, struct brkit_vxlan_cfg *cfg, char *why, size_t len);
/* An IPv4 or IPv6 address in text; 0 or -EINVAL. */
int vxlan_parse_ip(const char *s, struct brkit_ipaddr *ip);
#endif

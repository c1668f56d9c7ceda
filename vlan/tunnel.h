/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The wire side of per-VLAN tunnel ids, pure (unit-tested). */
#ifndef BRKIT_VLAN_TUNNEL_H
#define BRKIT_VLAN_TUNNEL_H

#include <stddef.h>
#include <libmnl/libmnl.h>
#include <brkit/brkit.h>

/* RTM_SETLINK (@type, add) or RTM_DELLINK (delete) AF_BRIDGE for port
 * @ifindex: IFLA_AF_SPEC { IFLA_BRIDGE_VLAN_TUNNEL_INFO { ID, VID, FLAGS } },
 * a RANGE_BEGIN/RANGE_END pair for a range, as iproute2 sends it. @nlh is a
 * fresh header with its type set by the caller. */
void brkit_vlan_tunnel_build(struct nlmsghdr *nlh, int ifindex, unsigned int vid,
			     unsigned int vid_end, uint32_t tunid);

/* The mappings of one RTM_NEWLINK AF_BRIDGE message, ranges joined (a
 * RANGE_BEGIN with its RANGE_END; then consecutive VIDs with consecutive ids).
 * Calls @cb once per range with the message's ifindex; 0, -EBADMSG for a
 * message too short, or @cb's non-zero return. Malformed entries are skipped. */
int brkit_vlan_tunnel_parse(const struct nlmsghdr *nlh,
			    int (*cb)(int ifindex, const struct brkit_vlan_tunnel *t, void *arg),
			    void *arg);

#endif

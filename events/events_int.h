/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The events module's pure parsers (not a public header; unit-tested). */
#ifndef BRKIT_EVENTS_INT_H
#define BRKIT_EVENTS_INT_H

#include <libmnl/libmnl.h>
#include <brkit/brkit.h>

/* An RTM_NEWLINK / RTM_DELLINK of family AF_UNSPEC (a device) or AF_BRIDGE
 * (a bridge port). Returns 0 with @out filled, -ENOENT for any other message,
 * -EBADMSG when malformed (no name, a short IFLA_LINK). */
int events_parse_link(const struct nlmsghdr *nlh, struct brkit_ev_link *out);

/* Each BRIDGE_VLANDB_ENTRY of an RTM_NEWVLAN / RTM_DELVLAN to @fn; entries
 * without a whole BRIDGE_VLANDB_ENTRY_INFO are skipped. Returns 0, @fn's
 * non-zero return, or -EBADMSG for a message shorter than its header. */
typedef int (*events_vlan_fn)(const struct brkit_ev_vlan *v, void *arg);
int events_parse_vlans(const struct nlmsghdr *nlh, events_vlan_fn fn, void *arg);

#endif

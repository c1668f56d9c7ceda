/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to the bridge module: message building and parsing shared by its
 * files, and with hooks/vmport.c (linked statically into the brkit command). */
#ifndef BRKIT_BRIDGE_INT_H
#define BRKIT_BRIDGE_INT_H

#include "nl/nl.h"

extern const uint16_t brkit_port_flag_attr[BRKIT_PF_COUNT];

/* Put the IFLA_BR_* / IFLA_BRPORT_* attributes present in @o (inside an open nest). */
void brkit_bridge_opts_put(struct nlmsghdr *nlh, const struct brkit_bridge_opts *o);
void brkit_port_opts_put(struct nlmsghdr *nlh, const struct brkit_port_opts *o);

/* Change port @ifindex without looking anything up (the caller knows it is a
 * bridge port): @o's flags, cost and priority in one RTM_NEWLINK
 * (IFLA_INFO_SLAVE_DATA). Returns 0 or the kernel's -errno; sets no error
 * text of its own (the caller names the port). Shared with the VM-port hooks. */
int brkit_port_set_index(struct brkit *h, int ifindex, const struct brkit_port_opts *o);

/* Parse IFLA_INFO_DATA of a bridge / IFLA_INFO_SLAVE_DATA of a port. */
void brkit_parse_bridge_data(const struct nlattr *data, struct brkit_bridge_info *br);
void brkit_parse_port_data(const struct nlattr *data, struct brkit_port_info *p);

/* Parse one RTM_NEWLINK: the link, and its bridge or bridge-port attributes. */
int brkit_parse_link_bridge(const struct nlmsghdr *nlh, struct brkit_link *l,
			    struct brkit_bridge_info *br, bool *is_bridge,
			    struct brkit_port_info *port, bool *is_port);

#endif

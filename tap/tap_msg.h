/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The tap module's message building and parsing (internal; unit-tested). */
#ifndef BRKIT_TAP_MSG_H
#define BRKIT_TAP_MSG_H

#include "nl/nl.h"

/* Fill the RTM_SETLINK that configures a fresh tap in one request: by name
 * (ifi_index 0), IFLA_MASTER when @master > 0, IFLA_MTU when @mtu > 0,
 * IFLA_ADDRESS @mac, IFLA_GROUP when t->has_devgroup, IFF_UP unless t->down.
 * @nlh is a header with room for the request (type and flags already set). */
void brkit_tap_setlink_fill(struct nlmsghdr *nlh, const char *ifname, const struct brkit_tap *t,
			    int master, unsigned int mtu, const uint8_t mac[6]);

/* Parse one RTM_NEWLINK into @out (link fields and, for kind "tun", the
 * IFLA_INFO_DATA attributes). Returns 0 or -EBADMSG. An attribute of the
 * wrong length reads as absent (false, 0, has_owner/has_group false). */
int brkit_tap_parse(const struct nlmsghdr *nlh, struct brkit_tap_info *out);

#endif

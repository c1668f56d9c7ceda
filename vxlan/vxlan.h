/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The vxlan module's pure parts (message building and parsing), for unit tests. */
#ifndef BRKIT_VXLAN_INTERNAL_H
#define BRKIT_VXLAN_INTERNAL_H

#include <libmnl/libmnl.h>
#include <brkit/brkit.h>

/* Fill @nlh (a bare header from mnl_nlmsg_put_header) as the RTM_NEWLINK that
 * creates @cfg: ifinfomsg, IFLA_IFNAME, IFLA_MASTER @master_idx (when > 0),
 * IFF_UP when cfg->up or a master is given, and IFLA_LINKINFO {kind "vxlan",
 * data {ID, PORT, LEARNING, LOCAL/LOCAL6, TTL, LINK @dev_idx (when > 0)}}.
 * Flags: NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL. Returns 0 or -EINVAL
 * when @cfg fails brkit_vxlan_cfg_check(). */
int brkit_vxlan_build_newlink(struct nlmsghdr *nlh, const struct brkit_vxlan_cfg *cfg, int dev_idx,
			      int master_idx);

/* Parse an RTM_NEWLINK message: 0, or -EINVAL when it is not a vxlan device,
 * -EBADMSG when it is malformed (no IFLA_INFO_DATA, or an IFLA_VXLAN_ID that
 * is not 4 bytes); any other attribute of the wrong length reads as absent. */
int brkit_vxlan_parse(const struct nlmsghdr *nlh, struct brkit_vxlan_info *out);

#endif

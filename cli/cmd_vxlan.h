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

/* `brkit vxlan vni add|del dev DEV vni LIST [remote IP | group IP]`: LIST is
 * VNI[-VNI][,...]; at most VXLAN_VNI_MAX_RANGES ranges. */
#define VXLAN_VNI_MAX_RANGES 64
struct vni_args {
	const char *dev;
	struct brkit_vni_entry r[VXLAN_VNI_MAX_RANGES];
	size_t n;
	struct brkit_ipaddr remote; /* family 0: none */
};
/* Parse a VNI list ("100", "200-210", "5,7,100-120") into @out (at most
 * @max). 0, or -EINVAL with the reason in @why. Pure. */
int vxlan_parse_vni_list(const char *s, struct brkit_vni_entry *out, size_t max, size_t *n,
			 char *why, size_t len);
/* Parse the arguments after `add`/`del` (@add: remote/group allowed). Pure. */
int vxlan_parse_vni(bool add, int argc, char **argv, struct vni_args *a, char *why, size_t len);
#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `brkit tap`: the pure argument parsing, exposed for the unit tests. */
#ifndef BRKIT_CLI_CMD_TAP_H
#define BRKIT_CLI_CMD_TAP_H

#include <stddef.h>
#include "cli/cli.h"

struct tap_add_args {
	struct brkit_tap tap;
	const char *user; /* name or number, resolved by tap_resolve_ids() */
	const char *group;
};

/* Parse `tap add NAME [bridge BR] [user U] [group G] [vnet_hdr] [multi_queue]
 * [mtu N] [mac ADDR] [devgroup N]` (argv[0] is NAME). Returns 0, or -EINVAL
 * with a message naming the argument and the reason in @msg. Pure. */
int tap_parse_add(int argc, char **argv, struct tap_add_args *a, char *msg, size_t msglen);
/* `tap flush devgroup N`. Returns 0 or -EINVAL with @msg. Pure. */
int tap_parse_flush(int argc, char **argv, uint32_t *group, char *msg, size_t msglen);
/* A numeric user or group id (what `ip tuntap` accepts besides names):
 * 0 on success, -EINVAL when not a number, -ERANGE when too big. Pure. */
int tap_parse_id(const char *s, uint32_t *out);

#endif

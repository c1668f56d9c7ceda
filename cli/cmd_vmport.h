/* SPDX-License-Identifier: GPL-2.0-or-later */
/* brkit vm-port and the hooks brkit is when called by their names. */
#ifndef BRKIT_CLI_CMD_VMPORT_H
#define BRKIT_CLI_CMD_VMPORT_H

#include "cli/cli.h"

struct vmport_spec;

int cmd_vmport(struct cli *c, int argc, char **argv);
/* brkit vm-port hook qemu-bridge-helper ARGS: the helper's code (hooks/helper.c). */
int vmport_cli_bridge_helper(struct cli *c, int argc, char **argv);

#endif

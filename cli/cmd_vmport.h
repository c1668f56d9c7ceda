/* SPDX-License-Identifier: GPL-2.0-or-later */
/* brkit vm-port and the hooks brkit is when called by their names. */
#ifndef BRKIT_CLI_CMD_VMPORT_H
#define BRKIT_CLI_CMD_VMPORT_H

#include "cli/cli.h"

struct vmport_spec;

int cmd_vmport(struct cli *c, int argc, char **argv);
/* The port spec for @tap: the environment (BRKIT_BRIDGE ...) first, else the
 * config file (BRKIT_CONFIG or /etc/brkit/vm-ports.conf). 0, or an exit
 * status after printing why. */
int vmport_spec_for(struct cli *c, const char *tap, struct vmport_spec *s);
/* brkit called as qemu-ifup / qemu-ifdown: argv[1] is the tap. */
int vmport_qemu_ifup(struct cli *c, int argc, char **argv);
int vmport_qemu_ifdown(struct cli *c, int argc, char **argv);
/* libvirt's qemu hook: argv[1] domain, argv[2] operation, XML on stdin. */
int vmport_libvirt_hook(struct cli *c, int argc, char **argv);
/* QEMU's bridge helper: [--use-vnet] --br=BR --fd=N. */
int vmport_bridge_helper(struct cli *c, int argc, char **argv);
/* The hook for the name brkit was called by, NULL when none. */
cli_cmd_fn vmport_hook_for(const char *argv0);

#endif

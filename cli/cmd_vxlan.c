// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli.h"

int cmd_vxlan(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_failmsg(c, "cmd_vxlan: not built yet");
}

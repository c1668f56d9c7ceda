// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli.h"

int cmd_port(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_failmsg(c, "cmd_port: not built yet");
}

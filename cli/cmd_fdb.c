// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli.h"

int cmd_fdb(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_failmsg(c, "cmd_fdb: not built yet");
}

int cmd_showmacs(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_failmsg(c, "cmd_showmacs: not built yet");
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli.h"

void brctl_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brctl [commands]\n", f);
}

int cmd_brctl(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return -1;
}

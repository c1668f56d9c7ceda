// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * brkit-stp-sim [--stp] [--strict] FILE...: run spanning tree scenarios written in the
 * language of Open vSwitch's tests/test-rstp.c (tests/test-stp.c with --stp)
 * on bridges simulated in memory. Exit 0 when every check of every file
 * holds, 1 when one fails, 2 for a usage or syntax error.
 */
#include <stdio.h>
#include <string.h>
#include "sim/script.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: brkit-stp-sim [--stp] [--strict] FILE...\n"
		   "  Runs each topology script (Open vSwitch test-rstp.c language; --stp:\n"
		   "  test-stp.c's, every bridge forced to STP; --strict: every bridge runs\n"
		   "  802.1D-2004 to the letter, without brkit's loop and hold rules).\n"
		   "  Exit 0: every check held; 1: a check failed; 2: usage or syntax error.\n");
}

int main(int argc, char **argv)
{
	unsigned int opts = 0;
	int worst = 0, files = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--stp")) {
			opts |= SIM_OPT_STP;
		} else if (!strcmp(argv[i], "--strict")) {
			opts |= SIM_OPT_STRICT;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "brkit-stp-sim: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	for (int i = 1; i < argc; i++) {
		int r;

		if (!strcmp(argv[i], "--stp") || !strcmp(argv[i], "--strict"))
			continue;
		files++;
		r = (int)sim_run_file_opts(argv[i], opts, stdout, stderr);
		if (r > worst)
			worst = r;
	}
	if (!files) {
		fprintf(stderr, "brkit-stp-sim: no script given\n");
		usage(stderr);
		return 2;
	}
	fflush(stdout);
	return worst;
}

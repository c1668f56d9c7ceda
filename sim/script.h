/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The topology-script language of Open vSwitch's tests/test-rstp.c (and,
 * with @stp, tests/test-stp.c), plus brkit's own directives.
 */
#ifndef BRKIT_SIM_SCRIPT_H
#define BRKIT_SIM_SCRIPT_H

#include <stdbool.h>
#include <stdio.h>

enum sim_result {
	SIM_OK = 0, /* every check held */
	SIM_CHECK_FAILED = 1, /* a check did not hold (file, line, what was seen) */
	SIM_SYNTAX = 2, /* the script is wrong (file and line) */
};

/* Run the script read from @in, named @name in messages. Output of `dump`
 * and `tree` goes to @out, failures and errors to @err. */
enum sim_result sim_run_script(FILE *in, const char *name, bool stp, FILE *out, FILE *err);
enum sim_result sim_run_file(const char *path, bool stp, FILE *out, FILE *err);
/* The same with options: SIM_OPT_STP (the test-stp.c dialect), SIM_OPT_STRICT
 * (every bridge runs 802.1D-2004 to the letter: stp_set_strict()). */
#define SIM_OPT_STP 1u
#define SIM_OPT_STRICT 2u
enum sim_result sim_run_script_opts(FILE *in, const char *name, unsigned int opts, FILE *out,
				    FILE *err);
enum sim_result sim_run_file_opts(const char *path, unsigned int opts, FILE *out, FILE *err);

#endif

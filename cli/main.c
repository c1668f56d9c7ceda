// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit [-n NETNS] [-j [-p]] COMMAND ...; a drop-in brctl when invoked as brctl. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

static const struct {
	const char *name;
	cli_cmd_fn fn;
} commands[] = {
	{ "bridge", cmd_bridge }, { "port", cmd_port },	      { "tap", cmd_tap },
	{ "fdb", cmd_fdb },	  { "monitor", cmd_monitor }, { "vxlan", cmd_vxlan },
	{ "vlan", cmd_vlan },	  { "lab", cmd_lab },	      { "stp", cmd_stp },
};

static void usage(FILE *f)
{
	fputs("Usage: brkit [-n NETNS] [-j [-p]] COMMAND [ARGS]\n"
	      "       brkit [-n NETNS] [-j [-p]] -batch FILE\n"
	      "  object commands:\n"
	      "    bridge add|del|set|show   port set|show   tap add|del|show|flush\n"
	      "    fdb show|add|append|replace|del|get|flush|load   monitor   vxlan add|del|show\n"
	      "    vlan add|del|set|show   lab up|down|show|list|exec|link|graph\n"
	      "    stp BR on|off|show|set|port set|trace   (brkit-stpd)\n"
	      "  brctl verbs (brkit is also a drop-in brctl):\n"
	      "    addbr delbr addif delif hairpin setageing setbridgeprio setfd sethello\n"
	      "    setmaxage setpathcost setportprio show showmacs showstp stp\n"
	      "  options:\n"
	      "    -n NETNS     act in network namespace NETNS (as ip -n)\n"
	      "    -j           JSON output;  -p  pretty JSON\n"
	      "    -batch FILE  run the commands of FILE ('-' for stdin), one a line\n"
	      "    -V           version\n",
	      f);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int dispatch(struct cli *c, int argc, char **argv)
{
	size_t k;
	int ret;

	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		if (!strcmp(argv[0], commands[k].name))
			return commands[k].fn(c, argc - 1, argv + 1);
	}
	ret = cmd_brctl(c, argc, argv);
	if (ret < 0) {
		usage(c->err);
		ret = cli_usage(c, "unknown command '%s'", argv[0]);
	}
	return ret;
}

/* -batch FILE: one command a line (as after "brkit"), '#' starts a comment;
 * stops at the first failing line and names it, as ip -batch does. */
static int run_batch(struct cli *c, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *argv[256];
	unsigned long lineno = 0;
	size_t cap = 0;
	int ret = EXIT_OK;

	if (!f)
		return cli_failmsg(c, "batch file %s: %s", path, strerror(errno));
	while (ret == EXIT_OK && getline(&line, &cap, f) > 0) {
		char *p = line, *tok;
		int argc = 0;

		lineno++;
		while ((tok = strsep(&p, " \t\r\n")) != NULL) {
			if (*tok == '#')
				break;
			if (!*tok)
				continue;
			if (argc == 255)
				break;
			argv[argc++] = tok;
		}
		if (!argc)
			continue;
		argv[argc] = NULL;
		if (argc == 255)
			ret = cli_usage(c, "too many words");
		else
			ret = dispatch(c, argc, argv);
		if (ret != EXIT_OK)
			fprintf(c->err, "%s: batch file %s: command failed at line %lu\n", c->prog,
				path, lineno);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}

static int brctl_main(struct cli *c, int argc, char **argv)
{
	int ret;

	c->prog = "brctl";
	c->brctl = true;
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		brctl_usage(c, stdout);
		return argc < 2 ? EXIT_FAIL : EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("bridge-utils, 1.7 (brkit %s)\n", BRKIT_VERSION);
		return EXIT_OK;
	}
	ret = cmd_brctl(c, argc - 1, argv + 1);
	if (ret < 0) {
		fprintf(stderr, "never heard of command [%s]\n", argv[1]);
		brctl_usage(c, stderr);
		ret = EXIT_USAGE;
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct cli c = { .prog = "brkit", .out = stdout, .err = stderr };
	const char *batch = NULL;
	int i = 1, ret;

	if (!strcmp(base_name(argv[0]), "brctl")) {
		ret = brctl_main(&c, argc, argv);
		goto out;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "-n") || !strcmp(o, "-netns") || !strcmp(o, "--netns")) {
			if (++i >= argc)
				return cli_usage(&c, "option %s needs a namespace name", o);
			c.netns = argv[i];
			if (!*c.netns)
				return cli_usage(&c, "network namespace name is empty");
		} else if (!strcmp(o, "-j") || !strcmp(o, "-json") || !strcmp(o, "--json")) {
			c.json = true;
		} else if (!strcmp(o, "-p") || !strcmp(o, "-pretty") || !strcmp(o, "--pretty")) {
			c.pretty = true;
		} else if (!strcmp(o, "-b") || !strcmp(o, "-batch") || !strcmp(o, "--batch")) {
			if (++i >= argc)
				return cli_usage(&c, "option %s needs a file name", o);
			batch = argv[i];
		} else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(o, "-V") || !strcmp(o, "--version")) {
			printf("brkit %s\n", BRKIT_VERSION);
			return EXIT_OK;
		} else {
			usage(stderr);
			return cli_usage(&c, "unknown option '%s'", o);
		}
	}
	if (batch) {
		if (i < argc)
			return cli_usage(&c, "-batch takes no command after the file");
		ret = run_batch(&c, batch);
	} else if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	} else if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return EXIT_OK;
	} else {
		ret = dispatch(&c, argc - i, argv + i);
	}
out:
	if (fflush(stdout) != 0 && ret == EXIT_OK)
		ret = cli_failmsg(&c, "writing output: %s", strerror(errno));
	brkit_close(c.h);
	return ret;
}

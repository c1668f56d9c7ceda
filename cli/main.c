// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit [-n NETNS] [-j [-p]] COMMAND ...; a drop-in brctl when invoked as brctl. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

static const struct {
	const char *name;
	cli_cmd_fn fn;
} commands[] = {
	{ "bridge", cmd_bridge }, { "port", cmd_port },	      { "tap", cmd_tap },
	{ "fdb", cmd_fdb },	  { "monitor", cmd_monitor }, { "vxlan", cmd_vxlan },
	{ "vlan", cmd_vlan },
};

static void usage(FILE *f)
{
	fputs("Usage: brkit [-n NETNS] [-j [-p]] COMMAND [ARGS]\n"
	      "  object commands:\n"
	      "    bridge add|del|set|show   port set|show   tap add|del|show|flush\n"
	      "    fdb show|add|append|replace|del|get|flush|load   monitor   vxlan add|del\n"
	      "    vlan add|del|set|show\n"
	      "  brctl verbs (brkit is also a drop-in brctl):\n"
	      "    addbr delbr addif delif hairpin setageing setbridgeprio setfd sethello\n"
	      "    setmaxage setpathcost setportprio show showmacs showstp stp\n"
	      "  options:\n"
	      "    -n NETNS   act in network namespace NETNS (as ip -n)\n"
	      "    -j         JSON output;  -p  pretty JSON\n"
	      "    -V         version\n",
	      f);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int main(int argc, char **argv)
{
	struct cli c = { .prog = "brkit", .out = stdout, .err = stderr };
	int i = 1, ret;
	size_t k;

	if (!strcmp(base_name(argv[0]), "brctl")) {
		c.prog = "brctl";
		c.brctl = true;
		if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			brctl_usage(&c, stdout);
			return argc < 2 ? EXIT_FAIL : EXIT_OK;
		}
		if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
			printf("bridge-utils, 1.7 (brkit %s)\n", BRKIT_VERSION);
			return EXIT_OK;
		}
		ret = cmd_brctl(&c, argc - 1, argv + 1);
		if (ret < 0) {
			fprintf(stderr, "never heard of command [%s]\n", argv[1]);
			brctl_usage(&c, stderr);
			ret = EXIT_USAGE;
		}
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
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		if (!strcmp(argv[i], commands[k].name)) {
			ret = commands[k].fn(&c, argc - i - 1, argv + i + 1);
			goto out;
		}
	}
	ret = cmd_brctl(&c, argc - i, argv + i);
	if (ret < 0) {
		usage(stderr);
		ret = cli_usage(&c, "unknown command '%s'", argv[i]);
	}
out:
	fflush(stdout);
	if (ferror(stdout) && ret == EXIT_OK)
		ret = cli_failmsg(&c, "writing output: %s", strerror(errno));
	brkit_close(c.h);
	return ret;
}

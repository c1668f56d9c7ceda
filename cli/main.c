// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit [-n NETNS] [-j [-p]] COMMAND ...; a drop-in brctl when invoked as brctl. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/cmd_vmport.h"
#include "hooks/hook.h"

static const struct {
	const char *name;
	cli_cmd_fn fn;
	cli_usage_fn usage;
} commands[] = {
	{ "bridge", cmd_bridge, cmd_bridge_usage }, { "port", cmd_port, cmd_port_usage },
	{ "tap", cmd_tap, cmd_tap_usage },	    { "fdb", cmd_fdb, cmd_fdb_usage },
	{ "mdb", cmd_mdb, cmd_mdb_usage },	    { "monitor", cmd_monitor, cmd_monitor_usage },
	{ "vxlan", cmd_vxlan, cmd_vxlan_usage },    { "vlan", cmd_vlan, cmd_vlan_usage },
	{ "lab", cmd_lab, cmd_lab_usage },	    { "vm-port", cmd_vmport, cmd_vmport_usage },
	{ "stp", cmd_stp, cmd_stp_usage },	    { "evpn", cmd_evpn, cmd_evpn_usage },
	{ "net", cmd_net, cmd_net_usage },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fputs("Usage: brkit [-n NETNS] [-j [-p]] COMMAND [ARGS]\n"
	      "       brkit [-n NETNS] [-j [-p]] -batch FILE\n"
	      "       brkit help [COMMAND]   (or brkit COMMAND help: that command's usage)\n"
	      "  object commands:\n"
	      "    bridge add|del|set|show   port set|show   tap add|del|show|flush\n"
	      "    fdb show|add|append|replace|del|get|flush|load   monitor   vxlan add|del|show\n"
	      "    mdb show|add|replace|del|get\n"
	      "    vlan add|del|set|show   lab up|down|show|list|exec|link|graph\n"
	      "    vm-port up|down|show|hook\n"
	      "    stp BR on|off|show|set|port set|trace   (brkit-stpd)\n"
	      "    evpn apply|show   (an EVPN host: VXLAN layout + FRR's BGP EVPN)\n"
	      "    net add|del|show|list|host|import   (NAT, routed, isolated networks)\n"
	      "  brctl verbs (brkit is also a drop-in brctl):\n"
	      "    addbr delbr addif delif hairpin setageing setbridgeprio setfd sethello\n"
	      "    setmaxage setpathcost setportprio show showmacs showstp stp\n"
	      "  options:\n"
	      "    -n NETNS     act in network namespace NETNS (as ip -n)\n"
	      "    -j           JSON output;  -p  pretty JSON\n"
	      "    -d, -s       details, timers (mdb show and get, as bridge -d -s)\n"
	      "    -batch FILE  run the commands of FILE ('-' for stdin), one a line\n"
	      "    -V           version\n",
	      f);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static bool is_help(const char *w)
{
	return !strcmp(w, "help") || !strcmp(w, "-h") || !strcmp(w, "--help");
}

/* `help [CMD]`: the usage asked for goes to stdout and exits 0. */
static int help(struct cli *c, int argc, char **argv)
{
	size_t k;

	if (argc == 1) {
		usage(c->out);
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_usage(c, "help: one command at most (brkit help [COMMAND])");
	for (k = 0; k < NCOMMANDS; k++) {
		if (!strcmp(argv[1], commands[k].name)) {
			commands[k].usage(c, c->out);
			return EXIT_OK;
		}
	}
	if (brctl_verb_usage(c, c->out, argv[1]))
		return EXIT_OK;
	usage(c->err);
	return cli_usage(c, "help: unknown command '%s'", argv[1]);
}

static int dispatch(struct cli *c, int argc, char **argv)
{
	size_t k;
	int ret;

	if (is_help(argv[0]))
		return help(c, argc, argv);
	for (k = 0; k < NCOMMANDS; k++) {
		if (strcmp(argv[0], commands[k].name))
			continue;
		/* CMD help|-h|--help: the command's usage, to stdout */
		if (argc >= 2 && is_help(argv[1])) {
			if (argc > 2)
				return cli_usage(c, "%s %s: takes no argument", argv[0], argv[1]);
			commands[k].usage(c, c->out);
			return EXIT_OK;
		}
		/* CMD VERB -h|--help (brkit bridge show --help): the same, as a
		 * user of ip and bridge expects; not where the words after the
		 * verb are another program's (lab exec, vm-port hook) */
		if (argc == 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")) &&
		    strcmp(argv[1], "exec") && strcmp(argv[1], "hook")) {
			commands[k].usage(c, c->out);
			return EXIT_OK;
		}
		return commands[k].fn(c, argc - 1, argv + 1);
	}
	ret = cmd_brctl(c, argc, argv);
	if (ret < 0) {
		usage(c->err);
		ret = cli_usage(c, "unknown command '%s'", argv[0]);
	}
	return ret;
}

#define BATCH_MAXWORDS 255

/* -batch FILE: one command a line (as after "brkit"), '#' starts a comment,
 * "double" or 'single' quotes keep white space in a word (as ip -batch);
 * stops at the first failing line and names it, as ip -batch does. A line
 * with a NUL byte is refused whole, not cut short and run. */
static int run_batch(struct cli *c, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *argv[BATCH_MAXWORDS + 1];
	unsigned long lineno = 0;
	size_t cap = 0;
	ssize_t len;
	struct stat st;
	int ret = EXIT_OK;

	if (!f)
		return cli_failmsg(c, "batch file %s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		if (f != stdin)
			fclose(f);
		return cli_failmsg(c, "batch file %s: %s", path, strerror(EISDIR));
	}
	errno = 0;
	while (ret == EXIT_OK && (len = getline(&line, &cap, f)) > 0) {
		const char *why;
		int argc;

		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			ret = cli_usage(c, "batch file %s: line %lu holds a NUL byte", path,
					lineno);
			break;
		}
		argc = cli_split_line(line, argv, BATCH_MAXWORDS, &why);
		if (argc == -E2BIG)
			ret = cli_usage(c, "batch file %s: line %lu: %s (at most %d)", path, lineno,
					why, BATCH_MAXWORDS);
		else if (argc < 0)
			ret = cli_usage(c, "batch file %s: line %lu: %s", path, lineno, why);
		else if (argc > 0)
			ret = dispatch(c, argc, argv);
		if (ret != EXIT_OK)
			(void)cli_failmsg(c, "batch file %s: command failed at line %lu", path,
					  lineno);
		errno = 0;
	}
	if (ret == EXIT_OK && ferror(f))
		ret = cli_failmsg(c, "batch file %s: reading: %s", path,
				  strerror(errno ? errno : EIO));
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
	cli_cmd_fn hook;
	int i = 1, ret;

	/* brkit is never a privileged program: run setuid or with file
	 * capabilities (AT_SECURE) it refuses everything, whatever its name
	 * (the bridge helper is a program of its own, qemu-bridge-helper). */
	if (getauxval(AT_SECURE)) {
		fprintf(stderr,
			"%s: runs setuid or with file capabilities: refused (brkit is "
			"never installed so; for QEMU run by a user install "
			"qemu-bridge-helper)\n",
			argv[0] ? base_name(argv[0]) : "brkit");
		return EXIT_FAIL;
	}
	hook = vmport_hook_for(argv[0]);
	cli_hold_std_fds();
	if (hook) { /* qemu-ifup, qemu-ifdown, ...: brkit called by a hook's name */
		ret = hook(&c, argc, argv);
		goto out;
	}
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
		} else if (!strcmp(o, "-d") || !strcmp(o, "-details") || !strcmp(o, "--details")) {
			c.details = true;
		} else if (!strcmp(o, "-s") || !strcmp(o, "-stats") || !strcmp(o, "--stats")) {
			c.stats = true;
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
	} else {
		ret = dispatch(&c, argc - i, argv + i);
	}
out:
	if (fflush(stdout) != 0 && ret == EXIT_OK)
		ret = cli_failmsg(&c, "writing output: %s", strerror(errno));
	brkit_close(c.h);
	return ret;
}

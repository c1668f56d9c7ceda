// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit bridge add|del|set|show: iproute2's option names and units (timers in
 * centiseconds, as `ip link add type bridge forward_delay 1500`). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/cmd_bridge.h"
#include "cli/print.h"
#include "cli/show_bridge.h"
#include "cli/show_brctl.h"
#include "nl/util.h"

/* The options' table and value parsing are libbrkit's (brkit_bridge_opt_parse,
 * shared with the lab's files); here: up/down, and each setting given once. */
int bridge_opts_parse(int argc, char **argv, struct brkit_bridge_opts *o, char *err, size_t errlen)
{
	struct cli_once once = { 0 };
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < argc; i += 2) {
		const char *kw = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL, *own;
		int ret;

		if (!strcmp(kw, "up") || !strcmp(kw, "down")) {
			if (cli_once(&once, "up"))
				return brkit_whyf(
					err, errlen, -EINVAL,
					"'%s': up or down given twice (they are one setting)", kw);
			o->mask |= BRKIT_BR_UP;
			o->up = kw[0] == 'u';
			i--; /* a keyword without a value */
			continue;
		}
		own = brkit_bridge_opt_lookup(kw, NULL);
		if (own && val && cli_once(&once, own)) {
			/* an alias (vlan_stats_enabled) is the same setting */
			if (!strcmp(own, kw))
				return brkit_whyf(err, errlen, -EINVAL, "'%s' given twice", kw);
			return brkit_whyf(err, errlen, -EINVAL, "'%s': %s given twice", kw, own);
		}
		ret = brkit_bridge_opt_parse(o, kw, val, err, errlen);
		if (ret)
			return ret == -ENOENT ? -EINVAL : ret;
	}
	return 0;
}

void cmd_bridge_usage(struct cli *c, FILE *f)
{
	fprintf(f,
		"Usage: %s bridge add BR [OPTION VALUE]...\n"
		"       %s bridge set BR OPTION VALUE [OPTION VALUE]...\n"
		"       %s bridge del BR [force]\n"
		"       %s bridge show [BR]\n"
		"OPTION: up | down | address MAC |\n"
		"        ageing_time CS | forward_delay CS | hello_time CS | max_age CS |\n"
		"        priority N | stp_state 0|1 | group_fwd_mask MASK | mcast_snooping "
		"0|1 |\n"
		"        mcast_querier 0|1 | mcast_igmp_version 2|3 | mcast_mld_version 1|2 |\n"
		"        mcast_router 0|1|2 | mcast_query_interval CS | mcast_vlan_snooping 0|1 |\n"
		"        vlan_filtering on|off | vlan_protocol 802.1Q|802.1ad | default_pvid "
		"N |\n"
		"        vlan_stats on|off   (timers in centiseconds, as iproute2)\n"
		"bridge add BR may be a template with one %%d (br%%d): it prints the name made\n",
		c->prog, c->prog, c->prog, c->prog);
}

int bridge_list_sorted(struct cli *c, const char *only, struct brkit_bridge_list *l)
{
	if (only && cli_check_ifname(c, "bridge", only))
		return EXIT_USAGE;
	if (!cli_handle(c))
		return EXIT_FAIL;
	if (brkit_bridge_list(c->h, only, l))
		return cli_fail(c, -1);
	brctl_sort(l);
	return EXIT_OK;
}

static int show(struct cli *c, const char *only)
{
	struct brkit_bridge_list l;
	const char **by;
	struct pr p;
	size_t i;
	int ret = bridge_list_sorted(c, only, &l);

	if (ret)
		return ret;
	by = calloc(l.n + 1, sizeof(*by));
	if (!by) {
		brkit_bridge_list_free(&l);
		return cli_failmsg(c, "bridge show: out of memory");
	}
	/* brkit-stpd's view of the bridges it runs */
	stp_daemon_overlay(c, &l, by);
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_arr(&p, NULL);
	for (i = 0; i < l.n; i++)
		show_bridge_by(&p, &l.bridges[i], SHOW_PORT_NAMES, by[i], NULL);
	pr_close_arr(&p);
	pr_end(&p);
	free(by);
	brkit_bridge_list_free(&l);
	return EXIT_OK;
}

struct port_count {
	int master;
	unsigned int n;
	char first[IFNAMSIZ];
};

static int count_port(const struct brkit_link *l, void *arg)
{
	struct port_count *pc = arg;

	if (l->master == pc->master && pc->n++ == 0)
		snprintf(pc->first, sizeof(pc->first), "%s", l->ifname);
	return 0;
}

/* As brctl, refuse to delete a bridge that is up with ports; say how to go on.
 * Returns non-zero after printing why. */
static int refuse_busy(struct cli *c, const char *br)
{
	struct port_count pc = { 0 };
	struct brkit_link l;

	if (brkit_link_get(c->h, br, &l))
		return 0; /* brkit_bridge_del names the problem */
	if (!(l.flags & IFF_UP))
		return 0;
	pc.master = l.ifindex;
	if (brkit_link_foreach(c->h, count_port, &pc))
		return cli_fail(c, -1);
	if (!pc.n)
		return 0;
	cli_failmsg(c,
		    "bridge %s is still up with %u port(s) (%s...); can't delete it: set it down "
		    "first, or use 'bridge del %s force'",
		    br, pc.n, pc.first, br);
	return 1;
}

/* ---- name templates: `bridge add br%d` ---- */

int bridge_add_named(struct cli *c, const char *br, const struct brkit_bridge_opts *o,
		     char got[IFNAMSIZ])
{
	return brkit_bridge_add_named(c->h, br, o, got);
}

int bridge_report_name(struct cli *c, const char *got)
{
	struct pr p;
	int err;

	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_obj(&p, NULL);
	pr_str(&p, PR_ANY, "ifname", "%s\n", got);
	pr_close_obj(&p);
	pr_end(&p);
	err = cli_flush_out(c);
	if (err) {
		int derr = brkit_bridge_del(c->h, got);

		return cli_failmsg(c, "bridge %s: writing its name: %s; %s", got, strerror(err),
				   derr ? "and removing it failed" : "removed it again");
	}
	return EXIT_OK;
}

/* bridge set on a bridge brkit-stpd runs (one source of truth): stp_state 0
 * hands it back to the kernel (as `brkit stp BR off`), stp_state 1 hands a
 * bridge to the daemon when one runs in the namespace (as `brctl stp BR on`),
 * and while the daemon runs it, priority and the timers go to the daemon
 * (whole seconds); the rest of @o stays for the kernel. Returns -1 when the
 * caller should give @o (what is left of it) to the kernel, else the exit
 * status. */
static int set_stp_part(struct cli *c, const char *br, struct brkit_bridge_opts *o)
{
	char why[512];
	int ret;

	if (o->mask & BRKIT_BR_STP_STATE) {
		ret = stp_daemon_onoff(c, br, o->stp_state != 0);
		if (ret > 0)
			return ret;
		if (ret == 0)
			o->mask &= ~(uint32_t)BRKIT_BR_STP_STATE;
	}
	ret = stp_route_bridge(c, br, o, why, sizeof(why));
	if (ret < 0)
		return cli_failmsg(c, "bridge set %s: %s", br, why);
	if (!o->mask)
		return EXIT_OK;
	return -1;
}

int cmd_bridge(struct cli *c, int argc, char **argv)
{
	struct brkit_bridge_opts o;
	const char *verb, *br, *why;
	char err[160], got[IFNAMSIZ];
	int ret;

	if (argc < 1) {
		cmd_bridge_usage(c, c->err);
		return EXIT_USAGE;
	}
	verb = argv[0];
	if (!strcmp(verb, "show") || !strcmp(verb, "list")) {
		if (argc > 2)
			return cli_usage(c, "bridge show: too many arguments");
		return show(c, argc == 2 ? argv[1] : NULL);
	}
	if (strcmp(verb, "add") && strcmp(verb, "del") && strcmp(verb, "set")) {
		cmd_bridge_usage(c, c->err);
		return cli_usage(c, "bridge: unknown command '%s'", verb);
	}
	if (argc < 2)
		return cli_usage(c, "bridge %s: missing bridge name", verb);
	br = argv[1];
	if (!strcmp(verb, "add") ? cli_check_template(c, "bridge", br)
				 : cli_check_ifname(c, "bridge", br))
		return EXIT_USAGE;
	if (!strcmp(verb, "del")) {
		bool force = argc == 3 && !strcmp(argv[2], "force");

		if (argc > 3 || (argc == 3 && !force))
			return cli_usage(c, "bridge del %s: unexpected '%s' (only 'force')", br,
					 argv[2]);
		if (!cli_handle(c))
			return EXIT_FAIL;
		if (!force && refuse_busy(c, br))
			return EXIT_FAIL;
		return brkit_bridge_del(c->h, br) ? cli_fail(c, -1) : EXIT_OK;
	}
	if (bridge_opts_parse(argc - 2, argv + 2, &o, err, sizeof(err)))
		return cli_usage(c, "bridge %s %s: %s", verb, br, err);
	if (!strcmp(verb, "set") && !o.mask)
		return cli_usage(c, "bridge set %s: nothing to change", br);
	if (brkit_bridge_opts_check(&o, &why))
		return cli_usage(c, "bridge %s %s: %s", verb, br, why);
	if (!cli_handle(c))
		return EXIT_FAIL;
	if (!strcmp(verb, "set")) {
		ret = set_stp_part(c, br, &o);
		if (ret >= 0)
			return ret;
	}
	if (!strcmp(verb, "add"))
		ret = bridge_add_named(c, br, &o, got);
	else
		ret = brkit_bridge_set(c->h, br, &o);
	if (ret == EXIT_FAIL)
		return EXIT_FAIL;
	if (ret == -ERANGE) {
		cli_fail(c, ret);
		return EXIT_USAGE;
	}
	if (ret)
		return cli_fail(c, ret);
	return strchr(br, '%') ? bridge_report_name(c, got) : EXIT_OK;
}

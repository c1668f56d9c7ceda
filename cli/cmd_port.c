// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit port set BR DEV FLAG on|off ... [cost N] [priority N]; brkit port show [BR]. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/cmd_bridge.h"
#include "cli/print.h"
#include "cli/show_bridge.h"
#include "cli/show_brctl.h"

int port_opts_parse(int argc, char **argv, struct brkit_port_opts *o, char *err, size_t errlen)
{
	struct cli_once once = { 0 };
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < argc; i += 2) {
		const char *kw = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long v;
		unsigned int bit;
		bool b;
		int ret;

		if (!val) {
			snprintf(err, errlen, "option %s needs a value", kw);
			return -EINVAL;
		}
		if (cli_once(&once, kw)) {
			snprintf(err, errlen, "'%s' given twice", kw);
			return -EINVAL;
		}
		if (!strcmp(kw, "cost")) {
			ret = cli_parse_uint(val, BRKIT_PORT_MIN_COST, BRKIT_PORT_MAX_COST, &v);
			if (ret == -ERANGE)
				snprintf(err, errlen, "cost %s is out of range (1 to 65535)", val);
			else if (ret)
				snprintf(err, errlen, "cost: '%s' is not a number", val);
			if (ret)
				return ret;
			o->has_cost = true;
			o->cost = (uint32_t)v;
			continue;
		}
		if (!strcmp(kw, "priority")) {
			ret = cli_parse_uint(val, 0, BRKIT_PORT_MAX_PRIO, &v);
			if (ret == -ERANGE)
				snprintf(err, errlen, "priority %s is out of range (0 to 63)", val);
			else if (ret)
				snprintf(err, errlen, "priority: '%s' is not a number", val);
			if (ret)
				return ret;
			o->has_priority = true;
			o->priority = (uint16_t)v;
			continue;
		}
		for (bit = 0; bit < BRKIT_PF_COUNT; bit++)
			if (!strcmp(kw, brkit_port_flag_name(bit)))
				break;
		if (bit == BRKIT_PF_COUNT) {
			snprintf(err, errlen, "unknown port option '%s'", kw);
			return -EINVAL;
		}
		if (cli_parse_bool(val, &b)) {
			snprintf(err, errlen, "%s: '%s' is not on/off", kw, val);
			return -EINVAL;
		}
		o->flags_mask |= 1u << bit;
		if (b)
			o->flags |= 1u << bit;
		else
			o->flags &= ~(1u << bit);
	}
	return 0;
}

void cmd_port_usage(struct cli *c, FILE *f)
{
	fprintf(f,
		"Usage: %s port set BR DEV [FLAG on|off]... [cost N] [priority N]\n"
		"       %s port show [BR]\n"
		"FLAG: learning flood mcast_flood bcast_flood hairpin isolated neigh_suppress "
		"locked\n"
		"      guard root_block vlan_tunnel\n",
		c->prog, c->prog);
}

static int show(struct cli *c, const char *only)
{
	struct brkit_bridge_list l;
	struct pr p;
	size_t i, k;
	const char **by, ***roles;
	int ret = bridge_list_sorted(c, only, &l);

	if (ret)
		return ret;
	by = calloc(l.n + 1, sizeof(*by));
	roles = calloc(l.n + 1, sizeof(*roles));
	if (!by || !roles) {
		free(by);
		free(roles);
		brkit_bridge_list_free(&l);
		return cli_failmsg(c, "port show: out of memory");
	}
	/* brkit-stpd's view of the ports of the bridges it runs, with their roles */
	stp_daemon_overlay_roles(c, &l, by, roles);
	free(by);
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_arr(&p, NULL);
	for (i = 0; i < l.n; i++) {
		const struct brkit_bridge_info *b = &l.bridges[i];

		for (k = 0; k < b->nports; k++)
			show_port_role(&p, &b->ports[k], b->ifname, roles[i] ? roles[i][k] : NULL);
	}
	pr_close_arr(&p);
	pr_end(&p);
	stp_roles_free(roles, l.n);
	free(roles);
	brkit_bridge_list_free(&l);
	return EXIT_OK;
}

int cmd_port(struct cli *c, int argc, char **argv)
{
	struct brkit_port_opts o;
	char err[512];
	int ret;

	if (argc < 1) {
		cmd_port_usage(c, c->err);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		if (argc > 2)
			return cli_usage(c, "port show: too many arguments");
		return show(c, argc == 2 ? argv[1] : NULL);
	}
	if (strcmp(argv[0], "set")) {
		cmd_port_usage(c, c->err);
		return cli_usage(c, "port: unknown command '%s'", argv[0]);
	}
	if (argc < 3)
		return cli_usage(c, "port set: needs BR DEV and what to change");
	if (cli_check_ifname(c, "bridge", argv[1]) || cli_check_ifname(c, "port", argv[2]))
		return EXIT_USAGE;
	if (port_opts_parse(argc - 3, argv + 3, &o, err, sizeof(err)))
		return cli_usage(c, "port set %s %s: %s", argv[1], argv[2], err);
	if (!o.flags_mask && !o.has_cost && !o.has_priority)
		return cli_usage(c, "port set %s %s: nothing to change", argv[1], argv[2]);
	if (!cli_handle(c))
		return EXIT_FAIL;
	/* cost, priority, guard and root_block are brkit-stpd's while it runs
	 * the bridge (priority in the kernel's units: 802.1D's / 4) */
	ret = stp_route_port(c, argv[1], argv[2], &o, err, sizeof(err));
	if (ret < 0)
		return cli_failmsg(c, "port set %s %s: %s", argv[1], argv[2], err);
	if (!ret && !o.flags_mask && !o.has_cost && !o.has_priority)
		return EXIT_OK;
	return brkit_port_set(c->h, argv[1], argv[2], &o) ? cli_fail(c, -1) : EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The brctl verbs, with bridge-utils 1.7's arguments, output and messages.
 * Differences, on purpose: usage errors and bad numbers exit 2 (brctl: 1);
 * numbers must be whole (brctl's sscanf takes "5x"); values the kernel
 * would truncate or refuse are refused before anything changes; a port must
 * belong to the bridge named. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include "cli/cli.h"
#include "cli/cmd_bridge.h"
#include "cli/print.h"
#include "cli/show_bridge.h"
#include "cli/show_brctl.h"

/* ---- the verbs ---- */

struct verb {
	const char *name;
	int nargs;
	int (*fn)(struct cli *c, char **argv);
	const char *help;
	/* takes any number of devices after the bridge (addif, delif) */
	int (*fnv)(struct cli *c, int argc, char **argv);
};

/* brctl's own messages carry no program name. */
static void msg(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void msg(struct cli *c, const char *fmt, ...)
{
	char text[1024], esc[4 * 1024 + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cli_escape(text, strlen(text), esc, sizeof(esc)); /* names may hold control bytes */
	fprintf(c->err, "%s\n", esc);
}

/* A name that cannot be an interface: "<prefix>: <what> 'name': reason", exit 2. */
static int bad_name(struct cli *c, const char *prefix, const char *what, const char *name)
{
	const char *why;

	if (brkit_ifname_check(name, &why) == 0)
		return 0;
	if (prefix)
		msg(c, "%s: %s '%s': %s", prefix, what, name, why);
	else
		msg(c, "%s '%s': %s", what, name, why);
	return EXIT_USAGE;
}

static struct brkit *handle(struct cli *c)
{
	return cli_handle(c);
}

static int lib_fail(struct cli *c, const char *prefix)
{
	msg(c, "%s: %s", prefix, brkit_errmsg(c->h));
	return EXIT_FAIL;
}

static int br_addbr(struct cli *c, char **argv)
{
	const char *br = argv[1];
	int err;

	char got[IFNAMSIZ];
	const char *why;

	if (br[0] == '-') {
		/* bridge-utils' getopt takes it for an option */
		msg(c, "brctl: invalid option -- '%s'", br + 1);
		return EXIT_USAGE;
	}
	if (brkit_tap_name_check(br, &why)) {
		msg(c, "add bridge failed: bridge name '%s': %s", br, why);
		return EXIT_USAGE;
	}
	if (!handle(c))
		return EXIT_FAIL;
	err = bridge_add_named(c, br, NULL, got);
	if (err == EXIT_FAIL)
		return EXIT_FAIL;
	if (err == -EEXIST) {
		msg(c, "device %s already exists; can't create bridge with the same name", br);
		return EXIT_FAIL;
	}
	if (err)
		return lib_fail(c, "add bridge failed");
	return strchr(br, '%') ? bridge_report_name(c, got) : EXIT_OK;
}

/* Look the bridge up the way brctl reports it: "bridge X does not exist!". */
static int need_bridge(struct cli *c, const char *br, struct brkit_link *l, const char *prefix)
{
	int err = brkit_link_get(c->h, br, l);

	if (err == -ENODEV) {
		msg(c, "bridge %s does not exist!", br);
		return EXIT_FAIL;
	}
	if (err)
		return lib_fail(c, prefix);
	if (strcmp(l->kind, "bridge")) {
		msg(c, "%s: device %s is not a bridge", prefix, br);
		return EXIT_FAIL;
	}
	return 0;
}

static int need_dev(struct cli *c, const char *dev, struct brkit_link *l, const char *prefix)
{
	int err = brkit_link_get(c->h, dev, l);

	if (err == -ENODEV) {
		msg(c, "interface %s does not exist!", dev);
		return EXIT_FAIL;
	}
	return err ? lib_fail(c, prefix) : 0;
}

static int br_delbr(struct cli *c, char **argv)
{
	const char *br = argv[1];
	struct brkit_link l;
	char prefix[64];
	int err;

	snprintf(prefix, sizeof(prefix), "can't delete bridge %s", br);
	if (bad_name(c, prefix, "bridge name", br))
		return EXIT_USAGE;
	if (!handle(c))
		return EXIT_FAIL;
	err = brkit_link_get(c->h, br, &l);
	if (err == -ENODEV) {
		msg(c, "bridge %s doesn't exist; can't delete it", br);
		return EXIT_FAIL;
	}
	if (err)
		return lib_fail(c, prefix);
	if (strcmp(l.kind, "bridge")) {
		msg(c, "%s: device %s is not a bridge", prefix, br);
		return EXIT_FAIL;
	}
	/* brctl (the kernel's SIOCBRDELBR) refuses a bridge that is up. */
	if (l.flags & IFF_UP) {
		msg(c, "bridge %s is still up; can't delete it", br);
		return EXIT_FAIL;
	}
	err = brkit_bridge_del(c->h, br);
	return err ? lib_fail(c, prefix) : EXIT_OK;
}

/* A verb on device @dev and bridge @br: both names checked (exit 2), then both
 * looked up, and with @port, @dev must be a port of @br (exit 1 with brctl's
 * message). Returns 0 with @b and @d filled, or the exit status. */
static int bridge_and_dev(struct cli *c, const char *br, const char *dev, bool port,
			  struct brkit_link *b, struct brkit_link *d, const char *prefix)
{
	int ret;

	if (bad_name(c, prefix, "interface name", dev) || bad_name(c, prefix, "bridge name", br))
		return EXIT_USAGE;
	if (!handle(c))
		return EXIT_FAIL;
	ret = need_dev(c, dev, d, prefix);
	if (!ret)
		ret = need_bridge(c, br, b, prefix);
	if (!ret && port && d->master != b->ifindex) {
		msg(c, "device %s is not a port of %s", dev, br);
		ret = EXIT_FAIL;
	}
	return ret;
}

/* addif/delif BR DEV...: every device, as bridge-utils takes them. Each is
 * checked in order with bridge-utils' message and status for the first that
 * fails; unlike bridge-utils (which keeps the devices before it enslaved),
 * nothing changes: all are checked before the first request, and a request
 * the kernel refuses undoes the ones before it. */
static int addif_check(struct cli *c, const char *br, char **devs, int i)
{
	const char *dev = devs[i];
	struct brkit_link b, d;
	char prefix[96];
	int k, ret;

	snprintf(prefix, sizeof(prefix), "can't add %.20s to bridge %.20s", dev, br);
	ret = bridge_and_dev(c, br, dev, false, &b, &d, prefix);
	if (ret)
		return ret;
	if (!strcmp(d.kind, "bridge")) {
		msg(c,
		    "device %s is a bridge device itself; can't add a bridge device to a bridge "
		    "device.",
		    dev);
		return EXIT_FAIL;
	}
	for (k = 0; k < i && strcmp(devs[k], dev); k++)
		;
	if (d.master || k < i) { /* named twice: a member once the first is added */
		msg(c, "device %s is already a member of a bridge; can't add it to bridge %s.", dev,
		    br);
		return EXIT_FAIL;
	}
	return 0;
}

static int delif_check(struct cli *c, const char *br, char **devs, int i)
{
	struct brkit_link b, d;
	char prefix[96];
	int k, ret;

	snprintf(prefix, sizeof(prefix), "can't delete %.20s from %.20s", devs[i], br);
	ret = bridge_and_dev(c, br, devs[i], true, &b, &d, prefix);
	if (ret)
		return ret;
	for (k = 0; k < i && strcmp(devs[k], devs[i]); k++)
		;
	if (k < i) { /* named twice: no longer a port once the first is released */
		msg(c, "device %s is not a port of %s", devs[i], br);
		return EXIT_FAIL;
	}
	return 0;
}

static int br_ifs(struct cli *c, int argc, char **argv, bool add)
{
	const char *br = argv[1];
	char **devs = argv + 2, prefix[96];
	int n = argc - 2, i, k, err = 0, ret;

	for (i = 0; i < n; i++) {
		ret = add ? addif_check(c, br, devs, i) : delif_check(c, br, devs, i);
		if (ret)
			return ret;
	}
	for (i = 0; i < n; i++) {
		err = add ? brkit_bridge_addif(c->h, br, devs[i])
			  : brkit_bridge_delif(c->h, br, devs[i]);
		if (err)
			break;
	}
	if (!err)
		return EXIT_OK;
	if (add)
		snprintf(prefix, sizeof(prefix), "can't add %.20s to bridge %.20s", devs[i], br);
	else
		snprintf(prefix, sizeof(prefix), "can't delete %.20s from %.20s", devs[i], br);
	ret = lib_fail(c, prefix);
	for (k = i - 1; k >= 0; k--) { /* undo, last first */
		int uerr = add ? brkit_bridge_delif(c->h, br, devs[k])
			       : brkit_bridge_addif(c->h, br, devs[k]);

		if (uerr)
			msg(c, "undo: can't %s %s %s %s: %s", add ? "delete" : "add", devs[k],
			    add ? "from" : "to bridge", br, brkit_errmsg(c->h));
	}
	return ret;
}

static int br_addif(struct cli *c, int argc, char **argv)
{
	return br_ifs(c, argc, argv, true);
}

static int br_delif(struct cli *c, int argc, char **argv)
{
	return br_ifs(c, argc, argv, false);
}

/* Change port @dev of @br: brctl's checks, then one request. */
static int port_change(struct cli *c, const char *br, const char *dev,
		       const struct brkit_port_opts *o, const char *prefix)
{
	struct brkit_port_opts k = *o;
	struct brkit_link b, d;
	char why[512];
	int ret = bridge_and_dev(c, br, dev, true, &b, &d, prefix);

	if (ret)
		return ret;
	/* brkit-stpd's, when it runs the bridge */
	ret = stp_route_port(c, br, dev, &k, why, sizeof(why));
	if (ret < 0) {
		msg(c, "%s: %s", prefix, why);
		return EXIT_FAIL;
	}
	if (!ret && !k.flags_mask && !k.has_cost && !k.has_priority)
		return EXIT_OK;
	return brkit_port_set(c->h, br, dev, &k) ? lib_fail(c, prefix) : EXIT_OK;
}

static int onoff(const char *s, bool *v)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "1")) {
		*v = true;
		return 0;
	}
	if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "0")) {
		*v = false;
		return 0;
	}
	return -EINVAL;
}

static int br_hairpin(struct cli *c, char **argv)
{
	struct brkit_port_opts o = { .flags_mask = BRKIT_PF_HAIRPIN };
	char prefix[96];
	bool on;

	snprintf(prefix, sizeof(prefix), "can't set %.20s to hairpin on bridge %.20s", argv[2],
		 argv[1]);
	if (onoff(argv[3], &on)) {
		msg(c, "expect on/off for argument: %s of %s: '%s'", argv[2], argv[1], argv[3]);
		return EXIT_USAGE;
	}
	o.flags = on ? BRKIT_PF_HAIRPIN : 0;
	return port_change(c, argv[1], argv[2], &o, prefix);
}

static int bridge_change(struct cli *c, const char *br, const struct brkit_bridge_opts *o,
			 const char *prefix)
{
	struct brkit_bridge_opts k;
	const char *bad;
	char why[512];
	int err;

	if (bad_name(c, prefix, "bridge name", br))
		return EXIT_USAGE;
	if (brkit_bridge_opts_check(o, &bad)) {
		msg(c, "%s: %s: %s", prefix, br, bad);
		return EXIT_USAGE;
	}
	if (!handle(c))
		return EXIT_FAIL;
	/* brkit-stpd's, when it runs the bridge (the timers in its units) */
	k = *o;
	err = stp_route_bridge(c, br, &k, why, sizeof(why));
	if (err < 0) {
		msg(c, "%s: %s", prefix, why);
		return EXIT_FAIL;
	}
	if (!err && !k.mask)
		return EXIT_OK;
	err = brkit_bridge_set(c->h, br, &k);
	if (err == -ERANGE) {
		msg(c, "%s: %s", prefix, brkit_errmsg(c->h));
		return EXIT_USAGE;
	}
	return err ? lib_fail(c, prefix) : EXIT_OK;
}

/* Seconds with up to two decimals, as brctl reads them (into centiseconds). */
static int timer_verb(struct cli *c, char **argv, uint32_t bit, const char *bad, const char *prefix)
{
	struct brkit_bridge_opts o = { .mask = bit };
	unsigned long cs;

	int err = cli_parse_centisecs(argv[2], 0, UINT32_MAX, &cs);

	/* brctl's words, then what brctl leaves out: the bridge and the reason */
	if (err == -ERANGE) {
		/* the kernel's clock_t: 32 bits of centiseconds */
		msg(c, "%s: %s: '%s' seconds out of range (0 to 42949672.95)", bad, argv[1],
		    argv[2]);
		return EXIT_USAGE;
	}
	if (err) {
		msg(c, "%s: %s: '%s' is not a number of seconds", bad, argv[1], argv[2]);
		return EXIT_USAGE;
	}
	o.ageing_time = o.forward_delay = o.hello_time = o.max_age = (uint32_t)cs;
	return bridge_change(c, argv[1], &o, prefix);
}

static int br_setageing(struct cli *c, char **argv)
{
	return timer_verb(c, argv, BRKIT_BR_AGEING_TIME, "bad ageing time value",
			  "set ageing time failed");
}

static int br_setfd(struct cli *c, char **argv)
{
	return timer_verb(c, argv, BRKIT_BR_FORWARD_DELAY, "bad forward delay value",
			  "set forward delay failed");
}

static int br_sethello(struct cli *c, char **argv)
{
	return timer_verb(c, argv, BRKIT_BR_HELLO_TIME, "bad hello timer value",
			  "set hello timer failed");
}

static int br_setmaxage(struct cli *c, char **argv)
{
	return timer_verb(c, argv, BRKIT_BR_MAX_AGE, "bad max age value", "set max age failed");
}

static int br_setbridgeprio(struct cli *c, char **argv)
{
	struct brkit_bridge_opts o = { .mask = BRKIT_BR_PRIORITY };
	unsigned long v;
	int err = cli_parse_uint_c(argv[2], 0, 65535, &v); /* "010" is 8, as brctl */

	if (err == -EINVAL) {
		msg(c, "bad priority: %s: '%s' is not a whole number", argv[1], argv[2]);
		return EXIT_USAGE;
	}
	if (err) {
		msg(c, "set bridge priority failed: %s: priority %s out of range (0 to 65535)",
		    argv[1], argv[2]);
		return EXIT_USAGE;
	}
	o.priority = (uint16_t)v;
	return bridge_change(c, argv[1], &o, "set bridge priority failed");
}

static int br_setpathcost(struct cli *c, char **argv)
{
	struct brkit_port_opts o = { .has_cost = true };
	const char *prefix = "set path cost failed";
	unsigned long v;
	int err = cli_parse_uint_c(argv[3], 0, UINT32_MAX, &v);

	if (err == -EINVAL) {
		msg(c, "bad path cost value: %s of %s: '%s' is not a whole number", argv[2],
		    argv[1], argv[3]);
		return EXIT_USAGE;
	}
	if (err || v < BRKIT_PORT_MIN_COST || v > BRKIT_PORT_MAX_COST) {
		msg(c, "%s: %s of %s: path cost %s out of range (1 to 65535)", prefix, argv[2],
		    argv[1], argv[3]);
		return EXIT_USAGE;
	}
	o.cost = (uint32_t)v;
	return port_change(c, argv[1], argv[2], &o, prefix);
}

static int br_setportprio(struct cli *c, char **argv)
{
	struct brkit_port_opts o = { .has_priority = true };
	const char *prefix = "set port priority failed";
	unsigned long v;
	int err = cli_parse_uint_c(argv[3], 0, UINT32_MAX, &v);

	if (err == -EINVAL) {
		msg(c, "bad path priority value: %s of %s: '%s' is not a whole number", argv[2],
		    argv[1], argv[3]);
		return EXIT_USAGE;
	}
	if (err || v > BRKIT_PORT_MAX_PRIO) {
		msg(c, "%s: %s of %s: port priority %s out of range (0 to 63)", prefix, argv[2],
		    argv[1], argv[3]);
		return EXIT_USAGE;
	}
	o.priority = (uint16_t)v;
	return port_change(c, argv[1], argv[2], &o, prefix);
}

static int br_stp(struct cli *c, char **argv)
{
	struct brkit_bridge_opts o = { .mask = BRKIT_BR_STP_STATE };
	bool on;
	int err;

	if (onoff(argv[2], &on)) {
		msg(c, "expect on/off for argument: %s: '%s'", argv[1], argv[2]);
		return EXIT_USAGE;
	}
	o.stp_state = on;
	/* brkit-stpd takes the bridge when it runs in the namespace */
	if ((err = stp_daemon_onoff(c, argv[1], on)) >= 0)
		return err;
	return bridge_change(c, argv[1], &o, "set stp status failed");
}

/* brctl's wording for a name that is not a bridge we can show. */
static int show_missing(struct cli *c, const char *name)
{
	struct brkit_link l;

	if (brkit_link_get(c->h, name, &l) == 0)
		msg(c, "device %s is not a bridge!", name);
	else
		msg(c, "bridge %s does not exist!", name);
	return EXIT_FAIL;
}

static int br_show_args(struct cli *c, int argc, char **argv)
{
	struct brkit_bridge_list l;
	bool header = false;
	const char **by;
	struct pr p;
	int i, ret = EXIT_OK;
	size_t k;

	for (i = 1; i < argc; i++)
		if (bad_name(c, NULL, "bridge name", argv[i]))
			return EXIT_USAGE;
	if (!handle(c))
		return EXIT_FAIL;
	if (brkit_bridge_list(c->h, NULL, &l))
		return lib_fail(c, "can't list bridges");
	brctl_sort(&l);
	by = calloc(l.n + 1, sizeof(*by));
	if (!by) {
		brkit_bridge_list_free(&l);
		msg(c, "can't list bridges: out of memory");
		return EXIT_FAIL;
	}
	/* brkit-stpd's ids for the bridges it runs, and STP enabled: yes */
	stp_daemon_overlay(c, &l, by);
	/* With -j, the bridges as `bridge show -j` prints them. */
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_arr(&p, NULL);
	/* Like brctl, the header comes with the first bridge shown. */
	if (argc < 2) {
		for (k = 0; k < l.n; k++) {
			if (c->json) {
				show_bridge_by(&p, &l.bridges[k], SHOW_PORT_NAMES, by[k], NULL);
				continue;
			}
			if (!header)
				brctl_fmt_show_header(c->out);
			header = true;
			brctl_fmt_show_bridge_stp(c->out, &l.bridges[k], strcmp(by[k], "none"));
		}
	}
	for (i = 1; i < argc; i++) {
		for (k = 0; k < l.n && strcmp(l.bridges[k].ifname, argv[i]); k++)
			;
		if (k == l.n) {
			fflush(c->out);
			ret = show_missing(c, argv[i]);
			continue;
		}
		if (c->json) {
			show_bridge_by(&p, &l.bridges[k], SHOW_PORT_NAMES, by[k], NULL);
			continue;
		}
		if (!header)
			brctl_fmt_show_header(c->out);
		header = true;
		brctl_fmt_show_bridge_stp(c->out, &l.bridges[k], strcmp(by[k], "none"));
	}
	pr_close_arr(&p);
	pr_end(&p);
	free(by);
	brkit_bridge_list_free(&l);
	return ret;
}

static int br_show(struct cli *c, char **argv)
{
	(void)c;
	(void)argv;
	return EXIT_OK; /* not reached: show takes any number of bridges */
}

static int br_showstp(struct cli *c, char **argv)
{
	struct brkit_bridge_list l;
	const char *by[1], **roles[1] = { NULL };
	int err;

	if (bad_name(c, NULL, "bridge name", argv[1]))
		return EXIT_USAGE;
	if (!handle(c))
		return EXIT_FAIL;
	err = brkit_bridge_list(c->h, argv[1], &l);
	if (err == -ENODEV) {
		msg(c, "bridge %s does not exist!", argv[1]);
		return EXIT_FAIL;
	}
	if (err == -ENOTTY) {
		msg(c, "device %s is not a bridge!", argv[1]);
		return EXIT_FAIL;
	}
	if (err)
		return lib_fail(c, argv[1]);
	brctl_sort(&l);
	if (l.n)
		stp_daemon_overlay_roles(c, &l, by, roles); /* brkit-stpd's view, for its bridges */
	if (l.n && c->json) {
		/* The bridge as `bridge show -j`, its ports in full as `port show -j`. */
		struct pr p;

		pr_init(&p, c->out, c->json, c->pretty);
		show_bridge_by(&p, &l.bridges[0], SHOW_PORT_OBJECTS, by[0], roles[0]);
		pr_end(&p);
	} else if (l.n) {
		brctl_fmt_showstp(c->out, &l.bridges[0]);
	}
	stp_roles_free(roles, 1);
	brkit_bridge_list_free(&l);
	return EXIT_OK;
}

static int br_showmacs(struct cli *c, char **argv)
{
	(void)c;
	(void)argv;
	return EXIT_OK; /* not reached: handed to cmd_showmacs */
}

static const struct verb verbs[] = {
	{ "addbr", 1, br_addbr, "<bridge>\t\tadd bridge", NULL },
	{ "delbr", 1, br_delbr, "<bridge>\t\tdelete bridge", NULL },
	{ "addif", 2, NULL, "<bridge> <device>\tadd interface to bridge", br_addif },
	{ "delif", 2, NULL, "<bridge> <device>\tdelete interface from bridge", br_delif },
	{ "hairpin", 3, br_hairpin, "<bridge> <port> {on|off}\tturn hairpin on/off", NULL },
	{ "setageing", 2, br_setageing, "<bridge> <time>\t\tset ageing time", NULL },
	{ "setbridgeprio", 2, br_setbridgeprio, "<bridge> <prio>\t\tset bridge priority", NULL },
	{ "setfd", 2, br_setfd, "<bridge> <time>\t\tset bridge forward delay", NULL },
	{ "sethello", 2, br_sethello, "<bridge> <time>\t\tset hello time", NULL },
	{ "setmaxage", 2, br_setmaxage, "<bridge> <time>\t\tset max message age", NULL },
	{ "setpathcost", 3, br_setpathcost, "<bridge> <port> <cost>\tset path cost", NULL },
	{ "setportprio", 3, br_setportprio, "<bridge> <port> <prio>\tset port priority", NULL },
	{ "show", 0, br_show, "[ <bridge> ]\t\tshow a list of bridges", NULL },
	{ "showmacs", 1, br_showmacs, "<bridge>\t\tshow a list of mac addrs", NULL },
	{ "showstp", 1, br_showstp, "<bridge>\t\tshow bridge stp info", NULL },
	{ "stp", 2, br_stp, "<bridge> {on|off}\tturn stp on/off", NULL },
};

void brctl_usage(struct cli *c, FILE *f)
{
	size_t i;

	(void)c;
	fputs("Usage: brctl [commands]\ncommands:\n", f);
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		fprintf(f, "\t%-10s\t%s\n", verbs[i].name, verbs[i].help);
}

/* One verb's usage line, as brctl prints it after a wrong argument count. */
static void verb_usage(struct cli *c, FILE *f, const struct verb *v)
{
	fprintf(f, "Usage: %s %s %s\n", c->prog, v->name, v->help);
}

bool brctl_verb_usage(struct cli *c, FILE *f, const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (!strcmp(w, verbs[i].name)) {
			verb_usage(c, f, &verbs[i]);
			return true;
		}
	}
	return false;
}

/* -h or --help anywhere after the verb (bridge-utils' getopt finds it there). */
static bool asks_help(int argc, char **argv)
{
	int k;

	for (k = 1; k < argc; k++)
		if (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help"))
			return true;
	return false;
}

int cmd_brctl(struct cli *c, int argc, char **argv)
{
	size_t i;

	if (argc < 1)
		return -1;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		const struct verb *v = &verbs[i];

		if (strcmp(argv[0], v->name))
			continue;
		if (asks_help(argc, argv)) {
			/* as brctl: bridge-utils' whole usage, byte for byte; as brkit: the verb's */
			if (c->brctl)
				brctl_usage(c, c->out);
			else
				verb_usage(c, c->out, v);
			return EXIT_OK;
		}
		if (argc - 1 < v->nargs) {
			fprintf(c->out, "Incorrect number of arguments for command\n");
			fprintf(c->out, "Usage: brctl %s %s\n", v->name, v->help);
			return EXIT_USAGE;
		}
		if (!strcmp(v->name, "show"))
			return br_show_args(c, argc, argv);
		if (!strcmp(v->name, "showmacs")) {
			char *fdb_show[] = { "show", "br", argv[1], NULL };

			if (bad_name(c, NULL, "bridge name", argv[1]))
				return EXIT_USAGE;
			/* brctl's table has no JSON form: -j gives the bridge's FDB as `fdb show -j`. */
			if (c->json)
				return cmd_fdb(c, 3, fdb_show);
			return cmd_showmacs(c, argc, argv);
		}
		if (v->fnv)
			return v->fnv(c, argc, argv);
		return v->fn(c, argv);
	}
	return -1;
}

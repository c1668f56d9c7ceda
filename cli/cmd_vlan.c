// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vlan add|del|set|show: bridge VLAN filtering membership. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/print.h"

static void vlan_usage(FILE *f)
{
	fputs("Usage: brkit vlan add dev DEV vid VID[-VID2] [pvid] [untagged] [self|master]\n"
	      "       brkit vlan del dev DEV vid VID[-VID2] [self|master]\n"
	      "       brkit vlan set dev DEV vids LIST [pvid N] [self|master]\n"
	      "       brkit vlan show [dev DEV] [vid VID] [compressed]\n"
	      "  VID: 1-4094; LIST: VIDs and ranges like 1,10,20-30.\n"
	      "  set makes DEV's VLANs exactly LIST (the pvid VID untagged, the rest tagged).\n",
	      f);
}

/* Library failures: brkit's own -EINVAL checks are usage errors (2). */
static int vlan_fail(struct cli *c, int err)
{
	int st = cli_fail(c, err);

	return err == -EINVAL ? EXIT_USAGE : st;
}

static int parse_where(const char *w, enum brkit_vlan_where *where)
{
	if (!strcmp(w, "self"))
		*where = BRKIT_VLAN_SELF;
	else if (!strcmp(w, "master"))
		*where = BRKIT_VLAN_MASTER;
	else
		return -1;
	return 0;
}

static int vlan_modify(struct cli *c, bool add, int argc, char **argv)
{
	const char *verb = add ? "add" : "del";
	const char *dev = NULL, *vid = NULL, *why;
	enum brkit_vlan_where where = BRKIT_VLAN_AUTO;
	unsigned int lo, hi, flags = 0;
	struct brkit *h;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "dev") || !strcmp(a, "vid")) {
			if (i + 1 >= argc)
				return cli_usage(c, "vlan %s: '%s' needs a value", verb, a);
			if (a[0] == 'd')
				dev = argv[++i];
			else
				vid = argv[++i];
		} else if (!strcmp(a, "pvid") && add) {
			flags |= BRKIT_VLAN_PVID;
		} else if (!strcmp(a, "untagged") && add) {
			flags |= BRKIT_VLAN_UNTAGGED;
		} else if (parse_where(a, &where)) {
			return cli_usage(c, "vlan %s: unknown argument '%s'", verb, a);
		}
	}
	if (!dev)
		return cli_usage(c, "vlan %s: missing 'dev DEV'", verb);
	if (cli_check_ifname(c, "device", dev))
		return EXIT_USAGE;
	if (!vid)
		return cli_usage(c, "vlan %s dev %s: missing 'vid VID'", verb, dev);
	if (brkit_vlan_parse_range(vid, &lo, &hi, &why))
		return cli_usage(c, "vlan %s dev %s: bad vid '%s': %s", verb, dev, vid, why);
	if ((flags & BRKIT_VLAN_PVID) && lo != hi)
		return cli_usage(c, "vlan %s dev %s vid %s: pvid cannot be set on a range", verb,
				 dev, vid);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = add ? brkit_vlan_add(h, dev, lo, hi, flags, where)
		  : brkit_vlan_del(h, dev, lo, hi, where);
	return err ? vlan_fail(c, err) : EXIT_OK;
}

static int vlan_set(struct cli *c, int argc, char **argv)
{
	const char *dev = NULL, *list = NULL, *pvid_s = NULL, *why;
	enum brkit_vlan_where where = BRKIT_VLAN_AUTO;
	struct brkit_vlan_set vids;
	unsigned int pvid = 0, added, removed;
	struct brkit *h;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "dev") || !strcmp(a, "vids") || !strcmp(a, "pvid")) {
			if (i + 1 >= argc)
				return cli_usage(c, "vlan set: '%s' needs a value", a);
			if (a[0] == 'd')
				dev = argv[++i];
			else if (a[1] == 'i')
				list = argv[++i];
			else
				pvid_s = argv[++i];
		} else if (parse_where(a, &where)) {
			return cli_usage(c, "vlan set: unknown argument '%s'", a);
		}
	}
	if (!dev)
		return cli_usage(c, "vlan set: missing 'dev DEV'");
	if (cli_check_ifname(c, "device", dev))
		return EXIT_USAGE;
	if (!list)
		return cli_usage(c, "vlan set dev %s: missing 'vids LIST'", dev);
	if (brkit_vlan_set_parse(list, &vids, &why))
		return cli_usage(c, "vlan set dev %s: bad vids '%s': %s", dev, list, why);
	if (pvid_s) {
		if (brkit_vlan_parse_vid(pvid_s, &pvid, &why))
			return cli_usage(c, "vlan set dev %s: bad pvid '%s': %s", dev, pvid_s, why);
		if (!brkit_vlan_set_has(&vids, pvid))
			return cli_usage(c, "vlan set dev %s: pvid %u is not in vids %s", dev, pvid,
					 list);
	}
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = brkit_vlan_set(h, dev, &vids, pvid, where, &added, &removed);
	return err ? vlan_fail(c, err) : EXIT_OK;
}

/* ---- show: text like iproute2 6.1's `bridge vlan show`, JSON like `bridge -j vlan show` ---- */

struct show {
	struct pr p;
	unsigned int vid; /* filter, 0 for none */
	bool compressed;
	bool started; /* the header and the array's opening are out */
};

/* Printed with the first device, or after the read when there is none: a
 * read that fails prints nothing on stdout. */
static void show_start(struct show *s)
{
	if (s->started)
		return;
	s->started = true;
	pr_text(&s->p, "port              vlan-id  \n");
	pr_open_arr(&s->p, NULL);
}

static const char pad[] = "                  "; /* 18 columns */

/* One line / one {"vlan":...} object; the device's name and its "vlans"
 * array open with its first one. */
static void show_vlan(struct show *s, bool *first, const char *ifname, unsigned int lo,
		      unsigned int hi, unsigned int flags)
{
	struct pr *p = &s->p;

	if (*first) {
		size_t n = strlen(ifname);

		pr_open_obj(p, NULL);
		pr_str(p, PR_ANY, "ifname", "%s", ifname);
		pr_text(p, n < 16 ? pad + n : pad + 16);
		pr_open_arr(p, "vlans");
		*first = false;
	} else {
		pr_text(p, pad);
	}
	pr_open_obj(p, NULL);
	pr_uint(p, PR_ANY, "vlan", "%u", lo);
	if (hi != lo)
		pr_uint(p, PR_ANY, "vlanEnd", "-%u", hi);
	if (flags & (BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED)) {
		pr_open_arr(p, "flags");
		if (flags & BRKIT_VLAN_PVID)
			pr_str(p, PR_ANY, NULL, " %s", "PVID");
		if (flags & BRKIT_VLAN_UNTAGGED)
			pr_str(p, PR_ANY, NULL, " %s", "Egress Untagged");
		pr_close_arr(p);
	}
	pr_text(p, "\n");
	pr_close_obj(p);
}

static int show_dev(const struct brkit_vlan_dev *d, void *arg)
{
	struct show *s = arg;
	bool first = true;
	size_t i;

	show_start(s);
	for (i = 0; i < d->n; i++) {
		const struct brkit_vlan_range *r = &d->r[i];
		unsigned int lo = r->vid, hi = r->vid_end, v;

		if (s->vid) {
			if (s->vid < lo || s->vid > hi)
				continue;
			if (!s->compressed)
				lo = hi = s->vid;
		}
		if (s->compressed) {
			show_vlan(s, &first, d->ifname, lo, hi, r->flags);
			continue;
		}
		for (v = lo; v <= hi; v++)
			show_vlan(s, &first, d->ifname, v, v, r->flags);
	}
	if (!first) {
		pr_close_arr(&s->p);
		pr_close_obj(&s->p);
	}
	return 0;
}

static int vlan_show(struct cli *c, int argc, char **argv)
{
	struct show s = { 0 };
	const char *dev = NULL, *why, *env;
	unsigned int flags = 0;
	struct brkit *h;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "dev") || !strcmp(a, "vid")) {
			if (i + 1 >= argc)
				return cli_usage(c, "vlan show: '%s' needs a value", a);
			if (a[0] == 'd') {
				dev = argv[++i];
			} else if (brkit_vlan_parse_vid(argv[++i], &s.vid, &why)) {
				return cli_usage(c, "vlan show: bad vid '%s': %s", argv[i], why);
			}
		} else if (!strcmp(a, "compressed")) {
			s.compressed = true;
		} else {
			return cli_usage(c, "vlan show: unknown argument '%s'", a);
		}
	}
	if (dev && cli_check_ifname(c, "device", dev))
		return EXIT_USAGE;
	/* Tests cover the older read-back path with this. */
	env = getenv("BRKIT_VLAN_GETLINK");
	if (env && *env == '1')
		flags |= BRKIT_VLAN_VIA_GETLINK;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	pr_init(&s.p, c->out, c->json, c->pretty);
	err = brkit_vlan_foreach(h, dev, flags, show_dev, &s);
	if (err)
		return vlan_fail(c, err);
	show_start(&s);
	pr_close_arr(&s.p);
	pr_end(&s.p);
	return EXIT_OK;
}

int cmd_vlan(struct cli *c, int argc, char **argv)
{
	const char *verb = argc > 0 ? argv[0] : "show";

	if (argc > 0 && (!strcmp(verb, "help") || !strcmp(verb, "-h"))) {
		vlan_usage(c->out);
		return EXIT_OK;
	}
	if (!strcmp(verb, "add"))
		return vlan_modify(c, true, argc - 1, argv + 1);
	if (!strcmp(verb, "del") || !strcmp(verb, "delete"))
		return vlan_modify(c, false, argc - 1, argv + 1);
	if (!strcmp(verb, "set"))
		return vlan_set(c, argc - 1, argv + 1);
	if (!strcmp(verb, "show") || !strcmp(verb, "list"))
		return vlan_show(c, argc > 0 ? argc - 1 : 0, argv + 1);
	vlan_usage(c->err);
	return cli_usage(c, "vlan: unknown command '%s'", verb);
}

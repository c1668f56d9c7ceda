// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vlan add|del|set|show: bridge VLAN filtering membership. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/print.h"

void cmd_vlan_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit vlan add dev DEV vid VID[-VID2] [pvid] [untagged] [self|master]\n"
	      "       brkit vlan del dev DEV vid VID[-VID2] [self|master]\n"
	      "       brkit vlan set dev DEV vids LIST [pvid N] [self|master]\n"
	      "       brkit vlan show [dev DEV] [vid VID] [compressed]\n"
	      "       brkit vlan add|del dev DEV vid VID[-VID2] tunnel_info id N[-M]\n"
	      "       brkit vlan tunnelshow [dev DEV]\n"
	      "       brkit vlan global set dev BRIDGE vid VID[-VID2] [mcast_snooping 0|1]\n"
	      "                 [mcast_querier 0|1] [mcast_igmp_version 2|3] [mcast_mld_version 1|2]\n"
	      "  VID: 1-4094; LIST: VIDs and ranges like 1,10,20-30.\n"
	      "  set makes DEV's VLANs exactly LIST (the pvid VID untagged, the rest tagged).\n"
	      "  global set: per-VLAN multicast options of a bridge (vlan_filtering on; they\n"
	      "  act with the bridge's mcast_vlan_snooping on).\n",
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

/* self and master are one setting: where the change goes. */
static const char *once_key(const char *w)
{
	return !strcmp(w, "self") || !strcmp(w, "master") ? "self/master" : w;
}

static const char *once_note(const char *w)
{
	return !strcmp(w, "self") || !strcmp(w, "master") ? " (self or master, one of them)" : "";
}

/* `id N` or `id N-M` of tunnel_info: 1..16777215. */
static int parse_tunid(const char *s, uint32_t *lo, uint32_t *hi)
{
	char buf[32], *dash;
	unsigned long a, b;

	if (!s || strlen(s) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", s);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (cli_parse_uint(buf, 1, 0xffffff, &a))
		return -EINVAL;
	b = a;
	if (dash && cli_parse_uint(dash + 1, 1, 0xffffff, &b))
		return -EINVAL;
	if (b < a)
		return -EINVAL;
	*lo = (uint32_t)a;
	*hi = (uint32_t)b;
	return 0;
}

/* `vlan add|del dev DEV vid VID[-VID2] tunnel_info id N[-M]`: the VLANs' tunnel
 * ids (iproute2's grammar; id is optional on del). */
static int vlan_tunnel(struct cli *c, bool add, const char *dev, const char *vid, const char *id,
		       bool other)
{
	const char *verb = add ? "add" : "del", *why;
	unsigned int lo, hi;
	uint32_t tlo = 0, thi = 0;
	struct brkit *h;
	int err;

	if (other)
		return cli_usage(c,
				 "vlan %s dev %s: tunnel_info takes no pvid, untagged, self or "
				 "master",
				 verb, dev);
	if (brkit_vlan_parse_range(vid, &lo, &hi, &why))
		return cli_usage(c, "vlan %s dev %s: bad vid '%s': %s", verb, dev, vid, why);
	if (!id && add)
		return cli_usage(c, "vlan add dev %s vid %s: tunnel_info needs 'id N'", dev, vid);
	if (id && parse_tunid(id, &tlo, &thi))
		return cli_usage(c,
				 "vlan %s dev %s vid %s: tunnel id '%s' is not N or N-M in "
				 "1..16777215",
				 verb, dev, vid, id);
	if (id && thi - tlo != hi - lo)
		return cli_usage(c,
				 "vlan %s dev %s vid %s: tunnel ids %s are not as many as the "
				 "VLANs",
				 verb, dev, vid, id);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = add ? brkit_vlan_tunnel_add(h, dev, lo, hi, tlo)
		  : brkit_vlan_tunnel_del(h, dev, lo, hi, tlo);
	return err ? vlan_fail(c, err) : EXIT_OK;
}

static int vlan_modify(struct cli *c, bool add, int argc, char **argv)
{
	const char *verb = add ? "add" : "del";
	const char *dev = NULL, *vid = NULL, *why;
	enum brkit_vlan_where where = BRKIT_VLAN_AUTO;
	unsigned int lo, hi, flags = 0;
	struct cli_once once = { 0 };
	const char *tun_id = NULL;
	bool tunnel = false, other = false;
	struct brkit *h;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (cli_once(&once, once_key(a)))
			return cli_usage(c, "vlan %s: '%s' given twice%s", verb, a, once_note(a));
		if (!strcmp(a, "dev") || !strcmp(a, "vid") || (tunnel && !strcmp(a, "id"))) {
			if (i + 1 >= argc)
				return cli_usage(c, "vlan %s: '%s' needs a value", verb, a);
			if (a[0] == 'd')
				dev = argv[++i];
			else if (a[0] == 'i')
				tun_id = argv[++i];
			else
				vid = argv[++i];
			continue;
		}
		if (!strcmp(a, "tunnel_info")) {
			tunnel = true;
			continue;
		}
		other = true;
		if (!strcmp(a, "pvid") && add) {
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
	if (tunnel)
		return vlan_tunnel(c, add, dev, vid, tun_id, other);
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
	struct cli_once once = { 0 };
	struct brkit *h;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (cli_once(&once, once_key(a)))
			return cli_usage(c, "vlan set: '%s' given twice%s", a, once_note(a));

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
	struct cli_once once = { 0 };
	struct brkit *h;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (cli_once(&once, a))
			return cli_usage(c, "vlan show: '%s' given twice", a);

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

/* ---- tunnelshow: iproute2's `bridge vlan tunnelshow` (text and JSON keys) ---- */

struct tshow {
	struct pr p;
	bool started;
};

static void tshow_start(struct tshow *s)
{
	if (s->started)
		return;
	s->started = true;
	pr_text(&s->p, "port              vlan-id    tunnel-id\n");
	pr_open_arr(&s->p, NULL);
}

static int tshow_dev(const struct brkit_vlan_tunnel_dev *d, void *arg)
{
	struct tshow *s = arg;
	struct pr *p = &s->p;
	size_t i, n = strlen(d->ifname);

	tshow_start(s);
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "ifname", "%s", d->ifname);
	pr_text(p, n < 16 ? pad + n : pad + 16);
	pr_open_arr(p, "tunnels");
	for (i = 0; i < d->n; i++) {
		const struct brkit_vlan_tunnel *t = &d->t[i];
		char vids[16];
		int w;

		if (i)
			pr_text(p, pad);
		pr_open_obj(p, NULL);
		pr_uint(p, PR_ANY, "vlan", "%u", t->vid);
		if (t->vid_end != t->vid)
			pr_uint(p, PR_ANY, "vlanEnd", "-%u", t->vid_end);
		w = t->vid_end != t->vid ? snprintf(vids, sizeof(vids), "%u-%u", t->vid, t->vid_end)
					 : snprintf(vids, sizeof(vids), "%u", t->vid);
		pr_text(p, "%*s", w < 9 ? 11 - w : 2, "");
		pr_uint(p, PR_ANY, "tunid", "%u", t->tunid);
		if (t->tunid_end != t->tunid)
			pr_uint(p, PR_ANY, "tunidEnd", "-%u", t->tunid_end);
		pr_text(p, "\n");
		pr_close_obj(p);
	}
	pr_close_arr(p);
	pr_close_obj(p);
	return 0;
}

static int vlan_tunnelshow(struct cli *c, int argc, char **argv)
{
	struct tshow s = { 0 };
	const char *dev = NULL;
	struct brkit *h;
	int err;

	if (argc == 2 && !strcmp(argv[0], "dev"))
		dev = argv[1];
	else if (argc)
		return cli_usage(c, "vlan tunnelshow: expected [dev DEV], not '%s'", argv[0]);
	if (dev && cli_check_ifname(c, "device", dev))
		return EXIT_USAGE;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	pr_init(&s.p, c->out, c->json, c->pretty);
	err = brkit_vlan_tunnel_foreach(h, dev, tshow_dev, &s);
	if (err)
		return vlan_fail(c, err);
	tshow_start(&s);
	pr_close_arr(&s.p);
	pr_end(&s.p);
	return EXIT_OK;
}

/* vlan global set dev BR vid VID[-VID2] OPTION VALUE...: iproute2's `bridge
 * vlan global set`, the multicast options. */
static int vlan_global(struct cli *c, int argc, char **argv)
{
	struct brkit_vlan_global_opts o = { 0 };
	struct cli_once once = { 0 };
	const char *dev = NULL, *vid = NULL, *why;
	unsigned int lo = 0, hi = 0;
	char reason[160];
	int i, err;

	if (argc < 1 || strcmp(argv[0], "set")) {
		cmd_vlan_usage(c, c->err);
		return cli_usage(
			c, "vlan global: want 'set' (vlan global set dev BRIDGE vid VID ...)");
	}
	for (i = 1; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (cli_once(&once, a))
			return cli_usage(c, "vlan global set: '%s' given twice", a);
		if (!v)
			return cli_usage(c, "vlan global set: '%s' needs a value", a);
		if (!strcmp(a, "dev")) {
			dev = v;
		} else if (!strcmp(a, "vid")) {
			vid = v;
		} else {
			err = brkit_vlan_global_parse(&o, a, v, reason, sizeof(reason));
			if (err == -ENOENT)
				return cli_usage(
					c,
					"vlan global set: unknown argument '%s' (want dev, "
					"vid, mcast_snooping, mcast_querier, "
					"mcast_igmp_version or mcast_mld_version)",
					a);
			if (err)
				return cli_usage(c, "vlan global set: %s", reason);
		}
	}
	if (!dev)
		return cli_usage(c, "vlan global set: missing 'dev BRIDGE'");
	if (cli_check_ifname(c, "bridge", dev))
		return EXIT_USAGE;
	if (!vid)
		return cli_usage(c, "vlan global set dev %s: missing 'vid VID'", dev);
	if (brkit_vlan_parse_range(vid, &lo, &hi, &why))
		return cli_usage(c, "vlan global set dev %s: bad vid '%s': %s", dev, vid, why);
	if (!o.mask)
		return cli_usage(c, "vlan global set dev %s vid %s: nothing to set", dev, vid);
	if (!cli_handle(c))
		return EXIT_FAIL;
	err = brkit_vlan_global_set(c->h, dev, lo, hi, &o);
	if (err)
		return vlan_fail(c, err);
	return EXIT_OK;
}

int cmd_vlan(struct cli *c, int argc, char **argv)
{
	const char *verb = argc > 0 ? argv[0] : "show";

	if (!strcmp(verb, "add"))
		return vlan_modify(c, true, argc - 1, argv + 1);
	if (!strcmp(verb, "del") || !strcmp(verb, "delete"))
		return vlan_modify(c, false, argc - 1, argv + 1);
	if (!strcmp(verb, "set"))
		return vlan_set(c, argc - 1, argv + 1);
	if (!strcmp(verb, "show") || !strcmp(verb, "list"))
		return vlan_show(c, argc > 0 ? argc - 1 : 0, argv + 1);
	if (!strcmp(verb, "tunnelshow"))
		return vlan_tunnelshow(c, argc - 1, argv + 1);
	if (!strcmp(verb, "global"))
		return vlan_global(c, argc - 1, argv + 1);
	cmd_vlan_usage(c, c->err);
	return cli_usage(c, "vlan: unknown command '%s'", verb);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vlan add|del|set|show: bridge VLAN filtering membership. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

void cmd_vlan_usage(struct cli *c, FILE *f)
{
	(void)c;
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

/* self and master are one setting: where the change goes. */
static const char *once_key(const char *w)
{
	return !strcmp(w, "self") || !strcmp(w, "master") ? "self/master" : w;
}

static const char *once_note(const char *w)
{
	return !strcmp(w, "self") || !strcmp(w, "master") ? " (self or master, one of them)" : "";
}

static int vlan_modify(struct cli *c, bool add, int argc, char **argv)
{
	const char *verb = add ? "add" : "del";
	const char *dev = NULL, *vid = NULL, *why;
	enum brkit_vlan_where where = BRKIT_VLAN_AUTO;
	unsigned int lo, hi, flags = 0;
	struct cli_once once = { 0 };
	struct brkit *h;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (cli_once(&once, once_key(a)))
			return cli_usage(c, "vlan %s: '%s' given twice%s", verb, a, once_note(a));
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
	struct cli *c;
	unsigned int vid; /* filter, 0 for none */
	bool compressed;
	bool stream; /* compact JSON written directly (fast); -p uses json-c */
	unsigned long ndev;
	json_object *arr;
	char *buf;
	size_t len;
};

#define SHOW_BUFLEN (256 * 1024)

static void out_flush(struct show *s)
{
	fwrite(s->buf, 1, s->len, s->c->out);
	s->len = 0;
}

static void out_str(struct show *s, const char *str, size_t n)
{
	if (s->len + n > SHOW_BUFLEN)
		out_flush(s);
	memcpy(s->buf + s->len, str, n);
	s->len += n;
}

/* A string literal, its length counted by the compiler. */
#define OUT_LIT(s, lit) out_str((s), (lit), sizeof(lit) - 1)

static void out_uint(struct show *s, unsigned int v)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[11 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_str(s, tmp + 12 - n, (size_t)n);
}

static const char pad[] = "                  "; /* 18 columns */

static void text_line(struct show *s, bool *first, const char *ifname, unsigned int lo,
		      unsigned int hi, unsigned int flags)
{
	if (*first) {
		size_t n = strlen(ifname);

		out_str(s, ifname, n);
		out_str(s, pad, n < 16 ? 18 - n : 2);
		*first = false;
	} else {
		out_str(s, pad, 18);
	}
	out_uint(s, lo);
	if (hi != lo) {
		OUT_LIT(s, "-");
		out_uint(s, hi);
	}
	if (flags & BRKIT_VLAN_PVID)
		OUT_LIT(s, " PVID");
	if (flags & BRKIT_VLAN_UNTAGGED)
		OUT_LIT(s, " Egress Untagged");
	OUT_LIT(s, "\n");
}

/* A JSON string; interface names have no '/', ':' or white space but may hold
 * quotes or backslashes. */
static void out_json_str(struct show *s, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;

	OUT_LIT(s, "\"");
	for (p = (const unsigned char *)str; *p; p++) {
		if (*p == '"' || *p == '\\') {
			char esc[2] = { '\\', (char)*p };

			out_str(s, esc, 2);
		} else if (*p < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };

			out_str(s, esc, 6);
		} else {
			out_str(s, (const char *)p, 1);
		}
	}
	OUT_LIT(s, "\"");
}

static void stream_vlan(struct show *s, bool *first, const char *ifname, unsigned int lo,
			unsigned int hi, unsigned int flags)
{
	if (*first) {
		if (s->ndev++)
			OUT_LIT(s, ",");
		OUT_LIT(s, "{\"ifname\":");
		out_json_str(s, ifname);
		OUT_LIT(s, ",\"vlans\":[{\"vlan\":");
		*first = false;
	} else {
		OUT_LIT(s, ",{\"vlan\":");
	}
	out_uint(s, lo);
	if (hi != lo) {
		OUT_LIT(s, ",\"vlanEnd\":");
		out_uint(s, hi);
	}
	if ((flags & BRKIT_VLAN_PVID) && (flags & BRKIT_VLAN_UNTAGGED))
		OUT_LIT(s, ",\"flags\":[\"PVID\",\"Egress Untagged\"]");
	else if (flags & BRKIT_VLAN_PVID)
		OUT_LIT(s, ",\"flags\":[\"PVID\"]");
	else if (flags & BRKIT_VLAN_UNTAGGED)
		OUT_LIT(s, ",\"flags\":[\"Egress Untagged\"]");
	OUT_LIT(s, "}");
}

static void json_vlan(json_object *vlans, unsigned int lo, unsigned int hi, unsigned int flags)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "vlan", json_object_new_int((int)lo));
	if (hi != lo)
		json_object_object_add(o, "vlanEnd", json_object_new_int((int)hi));
	if (flags & (BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED)) {
		json_object *f = json_object_new_array();

		if (flags & BRKIT_VLAN_PVID)
			json_object_array_add(f, json_object_new_string("PVID"));
		if (flags & BRKIT_VLAN_UNTAGGED)
			json_object_array_add(f, json_object_new_string("Egress Untagged"));
		json_object_object_add(o, "flags", f);
	}
	json_object_array_add(vlans, o);
}

static int show_dev(const struct brkit_vlan_dev *d, void *arg)
{
	struct show *s = arg;
	json_object *vlans = NULL;
	bool first = true;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct brkit_vlan_range *r = &d->r[i];
		unsigned int lo = r->vid, hi = r->vid_end, v;

		if (s->vid) {
			if (s->vid < lo || s->vid > hi)
				continue;
			if (!s->compressed)
				lo = hi = s->vid;
		}
		if (s->arr && !vlans)
			vlans = json_object_new_array();
		if (s->compressed) {
			if (s->arr)
				json_vlan(vlans, lo, hi, r->flags);
			else if (s->stream)
				stream_vlan(s, &first, d->ifname, lo, hi, r->flags);
			else
				text_line(s, &first, d->ifname, lo, hi, r->flags);
			continue;
		}
		for (v = lo; v <= hi; v++) {
			if (s->arr)
				json_vlan(vlans, v, v, r->flags);
			else if (s->stream)
				stream_vlan(s, &first, d->ifname, v, v, r->flags);
			else
				text_line(s, &first, d->ifname, v, v, r->flags);
		}
	}
	if (s->stream && !first)
		OUT_LIT(s, "]}");
	if (vlans) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "ifname", json_object_new_string(d->ifname));
		json_object_object_add(o, "vlans", vlans);
		json_object_array_add(s->arr, o);
	}
	return 0;
}

static int vlan_show(struct cli *c, int argc, char **argv)
{
	struct show s = { .c = c };
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
	s.stream = c->json && !c->pretty;
	if (c->json && !s.stream)
		s.arr = json_object_new_array();
	else
		s.buf = malloc(SHOW_BUFLEN);
	if (!s.arr && !s.buf)
		return cli_failmsg(c, "vlan show: out of memory");
	if (s.stream)
		OUT_LIT(&s, "[");
	else if (s.buf)
		OUT_LIT(&s, "port              vlan-id  \n");
	err = brkit_vlan_foreach(h, dev, flags, show_dev, &s);
	if (err) {
		json_object_put(s.arr);
		free(s.buf);
		return vlan_fail(c, err);
	}
	if (s.arr) {
		cli_json_print(c, s.arr);
	} else {
		if (s.stream)
			OUT_LIT(&s, "]\n");
		out_flush(&s);
		free(s.buf);
	}
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
	cmd_vlan_usage(c, c->err);
	return cli_usage(c, "vlan: unknown command '%s'", verb);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit mdb show|add|replace|del|get: the multicast database, with iproute2
 * 6.1's `bridge mdb` grammar and output (get as iproute2 6.7+ has it). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "cli/show_mdb.h"

struct show_ctx {
	struct pr p;
	struct show_mdb fmt;
	struct brkit_mdb_router *r; /* router ports, printed after the entries */
	size_t n, cap;
	bool nomem;
};

static int entry_cb(const struct brkit_mdb_entry *e, void *arg)
{
	struct show_ctx *s = arg;

	show_mdb_entry(&s->p, e, &s->fmt);
	return 0;
}

static int router_cb(const struct brkit_mdb_router *r, void *arg)
{
	struct show_ctx *s = arg;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		void *p = realloc(s->r, cap * sizeof(*s->r));

		if (!p) {
			s->nomem = true;
			return -ENOMEM;
		}
		s->r = p;
		s->cap = cap;
	}
	s->r[s->n++] = *r;
	return 0;
}

static const struct brkit_mdb_ops show_ops = { .entry = entry_cb, .router = router_cb };

static int mdb_show(struct cli *c, int argc, char **argv)
{
	struct brkit_mdb_filter f = { 0 };
	struct cli_once once = { 0 };
	const char *dev = NULL, *why;
	struct show_ctx s = { 0 };
	struct cli_names n;
	size_t i, j;
	int k, ret, err;

	for (k = 0; k < argc; k++) {
		if (strcmp(argv[k], "dev") && strcmp(argv[k], "vid"))
			return cli_usage(c,
					 "mdb show: unexpected '%s' (want dev BRIDGE or vid VID)",
					 argv[k]);
		if (cli_once(&once, argv[k]))
			return cli_usage(c, "mdb show: '%s' given twice", argv[k]);
		if (k + 1 >= argc)
			return cli_usage(c, "mdb show: '%s' needs a value", argv[k]);
		if (argv[k][0] == 'd') {
			dev = argv[++k];
			if (cli_check_ifname(c, "bridge", dev))
				return EXIT_USAGE;
		} else if (brkit_fdb_parse_vlan(argv[k + 1], &f.vid, &why)) {
			return cli_usage(c, "mdb show: vid '%s': %s", argv[k + 1], why);
		} else {
			k++;
		}
	}
	if (!cli_handle(c))
		return EXIT_FAIL;
	if (dev) {
		struct brkit_link l;

		err = brkit_link_get(c->h, dev, &l);
		if (err)
			return cli_fail(c, err);
		if (strcmp(l.kind, "bridge"))
			return cli_failmsg(c, "mdb show: %s: not a bridge", dev);
		f.br = l.ifindex;
	}
	ret = cli_names_load(c, &n);
	if (ret)
		return ret;
	s.fmt.name = cli_names_get;
	s.fmt.arg = &n;
	s.fmt.details = c->details;
	s.fmt.stats = c->stats;
	pr_init(&s.p, c->out, c->json, c->pretty);
	pr_open_arr(&s.p, NULL);
	pr_open_obj(&s.p, NULL);
	pr_open_arr(&s.p, "mdb");
	err = brkit_mdb_foreach(c->h, &f, &show_ops, &s);
	pr_close_arr(&s.p);
	pr_open_obj(&s.p, "router");
	/* iproute2 prints a dump's router ports with -d only, bridge by bridge */
	for (i = 0; !err && c->details && i < s.n; i = j) {
		for (j = i + 1; j < s.n && s.r[j].br == s.r[i].br; j++)
			;
		show_mdb_routers(&s.p, s.r[i].br, s.r + i, j - i, &s.fmt);
	}
	pr_close_obj(&s.p);
	pr_close_obj(&s.p);
	pr_close_arr(&s.p);
	pr_end(&s.p);
	free(s.r);
	free(n.name);
	if (s.nomem)
		return cli_failmsg(c, "mdb show: out of memory");
	if (err)
		return cli_fail(c, err);
	return EXIT_OK;
}

static int mdb_change(struct cli *c, int argc, char **argv)
{
	struct brkit_mdb_spec s;
	char why[256];
	int err;

	if (brkit_mdb_spec_parse(&s, argc, argv, why, sizeof(why)))
		return cli_usage(c, "mdb %s: %s", argv[0], why);
	if (!cli_handle(c))
		return EXIT_FAIL;
	err = brkit_mdb_apply(c->h, &s);
	if (err)
		return cli_fail(c, err);
	return EXIT_OK;
}

static int mdb_get(struct cli *c, int argc, char **argv)
{
	static const struct brkit_mdb_ops ops = { .entry = entry_cb };
	struct brkit_mdb_spec key;
	struct cli_once once = { 0 };
	const char *grp = NULL, *src = NULL, *why;
	struct show_ctx s = { 0 };
	struct cli_names n;
	int i, ret, err;

	memset(&key, 0, sizeof(key));
	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (strcmp(w, "dev") && strcmp(w, "grp") && strcmp(w, "src") && strcmp(w, "vid"))
			return cli_usage(c,
					 "mdb get: unexpected '%s' (want dev BRIDGE grp GROUP "
					 "[src SOURCE] [vid VID])",
					 w);
		if (cli_once(&once, w))
			return cli_usage(c, "mdb get: '%s' given twice", w);
		if (i + 1 >= argc)
			return cli_usage(c, "mdb get: '%s' needs a value", w);
		i++;
		if (!strcmp(w, "dev")) {
			if (cli_check_ifname(c, "bridge", argv[i]))
				return EXIT_USAGE;
			snprintf(key.dev, sizeof(key.dev), "%s", argv[i]);
		} else if (!strcmp(w, "grp")) {
			grp = argv[i];
		} else if (!strcmp(w, "src")) {
			src = argv[i];
		} else if (brkit_fdb_parse_vlan(argv[i], &key.vid, &why)) {
			return cli_usage(c, "mdb get: vid '%s': %s", argv[i], why);
		}
	}
	if (!key.dev[0] || !grp)
		return cli_usage(c, "mdb get: usage: mdb get dev BRIDGE grp GROUP [src SOURCE] "
				    "[vid VID]");
	if (brkit_mdb_parse_group(grp, &key.family, key.grp, &why))
		return cli_usage(c, "mdb get: grp '%s': %s", grp, why);
	if (src) {
		int fam = 0;
		uint8_t tmp[16];

		if (key.family == AF_PACKET)
			return cli_usage(c, "mdb get: src '%s': a MAC group has no sources", src);
		if (brkit_mdb_parse_group(src, &fam, tmp, &why) == 0 ||
		    inet_pton(key.family, src, key.src) != 1)
			return cli_usage(c, "mdb get: src '%s': not a unicast %s address", src,
					 key.family == AF_INET ? "IPv4" : "IPv6");
		key.has_src = true;
	}
	if (!cli_handle(c))
		return EXIT_FAIL;
	ret = cli_names_load(c, &n);
	if (ret)
		return ret;
	s.fmt.name = cli_names_get;
	s.fmt.arg = &n;
	s.fmt.details = c->details;
	s.fmt.stats = c->stats;
	/* Nothing is printed before the answer: a failed get prints no '[]'. */
	pr_init(&s.p, c->out, c->json, c->pretty);
	pr_open_arr(&s.p, NULL);
	err = brkit_mdb_get(c->h, &key, &ops, &s);
	if (err) {
		free(n.name);
		return cli_fail(c, err);
	}
	pr_close_arr(&s.p);
	pr_end(&s.p);
	free(n.name);
	return EXIT_OK;
}

void cmd_mdb_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit [-d] [-s] mdb show [dev BRIDGE] [vid VID]\n"
	      "       brkit mdb {add|replace|del} dev BRIDGE port PORT grp GROUP [src SOURCE]\n"
	      "                 [permanent|temp] [vid VID] [filter_mode include|exclude]\n"
	      "                 [source_list S1[,S2...]] [proto PROTO]\n"
	      "       brkit [-d] [-s] mdb get dev BRIDGE grp GROUP [src SOURCE] [vid VID]\n"
	      "  GROUP: an IPv4 or IPv6 multicast address, or a multicast MAC (permanent only);\n"
	      "  PORT: a port of BRIDGE, or BRIDGE itself for the host. -d adds filter mode,\n"
	      "  sources, protocol and router ports; -s adds timers.\n",
	      f);
}

int cmd_mdb(struct cli *c, int argc, char **argv)
{
	const char *v;

	if (argc < 1)
		return mdb_show(c, 0, NULL);
	v = argv[0];
	if (!strcmp(v, "show") || !strcmp(v, "list") || !strcmp(v, "lst"))
		return mdb_show(c, argc - 1, argv + 1);
	if (!strcmp(v, "add") || !strcmp(v, "replace") || !strcmp(v, "del") || !strcmp(v, "delete"))
		return mdb_change(c, argc, argv);
	if (!strcmp(v, "get"))
		return mdb_get(c, argc, argv);
	cmd_mdb_usage(c, c->err);
	return cli_usage(c, "mdb: unknown command '%s'", v);
}

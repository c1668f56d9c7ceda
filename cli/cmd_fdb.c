// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit fdb show|add|append|replace|del|get|flush|load, and brctl showmacs. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/neighbour.h>
#include "cli/cli.h"
#include "cli/show_fdb.h"
#include "nl/util.h"

/* ---- ifindex -> name, from one link dump (also for cmd_mdb.c) ---- */

static int names_cb(const struct brkit_link *l, void *arg)
{
	struct cli_names *n = arg;

	if (l->ifindex <= 0 || l->ifindex > (1 << 22))
		return 0;
	if (l->ifindex >= n->max) {
		int max = n->max ? n->max : 64;
		char(*p)[IFNAMSIZ];

		while (max <= l->ifindex)
			max *= 2;
		p = realloc(n->name, (size_t)max * IFNAMSIZ);
		if (!p)
			return -ENOMEM;
		memset(p + n->max, 0, (size_t)(max - n->max) * IFNAMSIZ);
		n->name = p;
		n->max = max;
	}
	memcpy(n->name[l->ifindex], l->ifname, IFNAMSIZ);
	return 0;
}

const char *cli_names_get(void *arg, int ifindex)
{
	struct cli_names *n = arg;

	if (ifindex > 0 && ifindex < n->max && n->name[ifindex][0])
		return n->name[ifindex];
	return NULL;
}

int cli_names_load(struct cli *c, struct cli_names *n)
{
	int err;

	memset(n, 0, sizeof(*n));
	err = brkit_link_foreach(c->h, names_cb, n);
	if (err < 0)
		return cli_fail(c, err);
	if (err > 0)
		return cli_failmsg(c, "listing devices: %s", strerror(err));
	return 0;
}

/* ---- show ---- */
struct show_ctx {
	struct pr p;
	struct show_fdb fmt;
};

static int show_cb(const struct brkit_fdb_entry *e, void *arg)
{
	struct show_ctx *s = arg;

	show_fdb_entry(&s->p, e, &s->fmt);
	return 0;
}

/* Look up a device by name for a filter; prints and returns an exit status on failure. */
static int filter_dev(struct cli *c, const char *what, const char *name, bool want_bridge, int *ix)
{
	struct brkit_link l;
	int err;

	if (cli_check_ifname(c, what, name))
		return EXIT_USAGE;
	err = brkit_link_get(c->h, name, &l);
	if (err)
		return cli_fail(c, err);
	if (want_bridge && strcmp(l.kind, "bridge"))
		return cli_failmsg(c, "%s: not a bridge", name);
	*ix = l.ifindex;
	return 0;
}

struct filter_args {
	const char *br, *dev;
	bool flush, extern_learn;
	struct brkit_fdb_filter f;
};

static int parse_filter(struct cli *c, const char *cmd, int argc, char **argv,
			struct filter_args *a)
{
	const char *why;
	int i;

	memset(a, 0, sizeof(*a));
	a->flush = !strcmp(cmd, "flush");
	for (i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (!strcmp(w, "br") || !strcmp(w, "dev") || !strcmp(w, "brport") ||
		    !strcmp(w, "vlan")) {
			if (i + 1 >= argc)
				return cli_usage(c, "fdb %s: '%s' needs a value", cmd, w);
			i++;
			if (!strcmp(w, "br")) {
				if (a->br)
					return cli_usage(c, "fdb %s: 'br' given twice", cmd);
				a->br = argv[i];
			} else if (w[0] == 'v') {
				if (a->f.vlan)
					return cli_usage(c, "fdb %s: 'vlan' given twice", cmd);
				if (brkit_fdb_parse_vlan(argv[i], &a->f.vlan, &why))
					return cli_usage(c, "fdb %s: vlan '%s': %s", cmd, argv[i],
							 why);
			} else {
				if (a->dev)
					return cli_usage(c, "fdb %s: 'dev' given twice", cmd);
				a->dev = argv[i];
			}
		} else if (a->flush && !strcmp(w, "extern_learn")) {
			if (a->extern_learn)
				return cli_usage(c, "fdb %s: '%s' given twice", cmd, w);
			a->extern_learn = true;
		} else if (!strcmp(w, "static") || !strcmp(w, "dynamic")) {
			if (a->f.kind == (w[0] == 's' ? BRKIT_FDB_STATIC : BRKIT_FDB_DYNAMIC))
				return cli_usage(c, "fdb %s: '%s' given twice", cmd, w);
			if (a->f.kind)
				return cli_usage(c, "fdb %s: only one of static, dynamic", cmd);
			a->f.kind = w[0] == 's' ? BRKIT_FDB_STATIC : BRKIT_FDB_DYNAMIC;
		} else {
			return cli_usage(c,
					 "fdb %s: unexpected '%s' (want br BR, dev DEV, vlan VID, "
					 "static or dynamic)",
					 cmd, w);
		}
	}
	if (a->br && cli_check_ifname(c, "bridge", a->br))
		return EXIT_USAGE;
	if (a->dev && cli_check_ifname(c, "device", a->dev))
		return EXIT_USAGE;
	if (!cli_handle(c))
		return EXIT_FAIL;
	if (a->br) {
		int ret = filter_dev(c, "bridge", a->br, true, &a->f.br);

		if (ret)
			return ret;
	}
	if (a->dev) {
		int ret = filter_dev(c, "device", a->dev, false, &a->f.dev);

		if (ret)
			return ret;
	}
	return 0;
}

static int fdb_show(struct cli *c, int argc, char **argv)
{
	struct show_ctx s;
	struct filter_args a;
	struct cli_names n;
	int ret, err;

	ret = parse_filter(c, "show", argc, argv, &a);
	if (ret)
		return ret;
	ret = cli_names_load(c, &n);
	if (ret)
		return ret;
	memset(&s.fmt, 0, sizeof(s.fmt));
	s.fmt.name = cli_names_get;
	s.fmt.arg = &n;
	s.fmt.omit_dev = a.f.dev != 0;
	pr_big_buffer(c->out);
	pr_init(&s.p, c->out, c->json, c->pretty);
	pr_open_arr(&s.p, NULL);
	err = brkit_fdb_foreach(c->h, &a.f, show_cb, &s);
	pr_close_arr(&s.p);
	pr_end(&s.p);
	free(n.name);
	if (err)
		return cli_fail(c, err);
	return EXIT_OK;
}

/* ---- add / append / replace / del ---- */
static int fdb_change(struct cli *c, int argc, char **argv)
{
	struct brkit_fdb_spec s;
	char why[256];
	int err;

	if (brkit_fdb_spec_parse(&s, argc, argv, why, sizeof(why)))
		return cli_usage(c, "fdb %s: %s", argv[0], why);
	if (!cli_handle(c))
		return EXIT_FAIL;
	err = brkit_fdb_apply(c->h, &s);
	if (err)
		return cli_fail(c, err);
	return EXIT_OK;
}

/* ---- get ---- */
static int fdb_get(struct cli *c, int argc, char **argv)
{
	struct show_fdb fmt = { 0 };
	struct brkit_fdb_entry e;
	struct pr p;
	const char *br = NULL, *why;
	uint8_t mac[6];
	uint16_t vlan = 0;
	bool has_mac = false;
	struct cli_once once = { 0 };
	struct cli_names n;
	int i, err, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "br") || !strcmp(argv[i], "vlan")) {
			if (cli_once(&once, argv[i]))
				return cli_usage(c, "fdb get: '%s' given twice", argv[i]);
			if (i + 1 >= argc)
				return cli_usage(c, "fdb get: '%s' needs a value", argv[i]);
			if (argv[i][0] == 'b') {
				br = argv[++i];
			} else if (brkit_fdb_parse_vlan(argv[i + 1], &vlan, &why)) {
				return cli_usage(c, "fdb get: vlan '%s': %s", argv[i + 1], why);
			} else {
				i++;
			}
		} else if (!has_mac) {
			if (brkit_fdb_parse_mac(argv[i], mac, &why))
				return cli_usage(c, "fdb get: address '%s': %s", argv[i], why);
			has_mac = true;
		} else {
			return cli_usage(c, "fdb get: unexpected '%s' (want ADDR br BR [vlan VID])",
					 argv[i]);
		}
	}
	if (!has_mac || !br)
		return cli_usage(c, "fdb get: usage: fdb get ADDR br BR [vlan VID]");
	if (cli_check_ifname(c, "bridge", br))
		return EXIT_USAGE;
	if (!cli_handle(c))
		return EXIT_FAIL;
	err = brkit_fdb_get(c->h, br, mac, vlan, &e);
	if (err)
		return cli_fail(c, err);
	ret = cli_names_load(c, &n);
	if (ret)
		return ret;
	fmt.name = cli_names_get;
	fmt.arg = &n;
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_arr(&p, NULL);
	show_fdb_entry(&p, &e, &fmt);
	pr_close_arr(&p);
	pr_end(&p);
	free(n.name);
	return EXIT_OK;
}

/* ---- flush ---- */
static int fdb_flush(struct cli *c, int argc, char **argv)
{
	struct filter_args a;
	int ret, err;

	ret = parse_filter(c, "flush", argc, argv, &a);
	if (ret)
		return ret;
	/* What a control plane wrote (extern_learn: FRR's zebra, remote MACs)
	 * stays unless asked for; then only that goes. */
	a.f.ntf_mask = NTF_EXT_LEARNED;
	a.f.ntf_flags = a.extern_learn ? NTF_EXT_LEARNED : 0;
	err = brkit_fdb_flush(c->h, &a.f);
	if (err < 0)
		return cli_fail(c, err);
	return EXIT_OK;
}

/* ---- load ---- */
struct load_ctx {
	struct cli *c;
	const char *file;
	const struct brkit_fdb_spec *specs;
	const unsigned long *lineno;
	unsigned long refused;
};

static void load_err(void *arg, unsigned long index, int err, const char *extack)
{
	struct load_ctx *l = arg;
	const struct brkit_fdb_spec *s = &l->specs[index];
	static const char *const verb[] = { "adding", "appending", "replacing", "deleting" };
	const char *reason = extack && *extack ? extack : strerror(-err);
	char mac[18];

	cli_format_mac(s->mac, mac);
	l->refused++;
	if (err == -EEXIST && s->op == BRKIT_FDB_ADD)
		reason = "the entry exists (use replace to change it)";
	else if (err == -ENOENT && s->op == BRKIT_FDB_DEL)
		reason = "no such entry";
	fprintf(l->c->err, "%s: fdb load %s:%lu: %s %s on %s: %s\n", l->c->prog, l->file,
		l->lineno[index], verb[s->op], mac, s->dev, reason);
}

static int fdb_load(struct cli *c, int argc, char **argv)
{
	struct load_ctx l = { .c = c };
	struct brkit_fdb_spec *specs = NULL;
	struct brkit_fdb_target *tg = NULL;
	unsigned long *lineno = NULL, ln = 0, bad = 0;
	size_t n = 0, cap = 0, len = 0, i, badix;
	struct brkit_batch *b = NULL;
	char *text = NULL, *p, *nl;
	int ret = EXIT_FAIL, err, fd;

	if (argc != 2)
		return cli_usage(c, "fdb load: usage: fdb load FILE|-");
	l.file = argv[1];
	fd = strcmp(argv[1], "-") ? open(argv[1], O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (fd < 0)
		return cli_failmsg(c, "fdb load: %s: %s", argv[1], strerror(errno));
	err = brkit_read_fd(fd, 0, &text, &len);
	if (fd != STDIN_FILENO)
		close(fd);
	if (err)
		return cli_failmsg(c, "fdb load: reading %s: %s", argv[1], strerror(-err));
	/* Parse it all first: a syntax error anywhere refuses the whole file. */
	for (p = text; *p || p < text + len; p = nl + 1) {
		char *words[32], **wp, why[256];
		int nw;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		*nl = '\0';
		ln++;
		nw = brkit_fdb_split(p, words, 32);
		if (nw == 0)
			goto next;
		/* `bridge -batch` lines ("fdb add ...") load as they are. */
		wp = words;
		if (nw > 0 && !strcmp(words[0], "fdb")) {
			wp++;
			nw--;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			void *s2 = realloc(specs, ncap * sizeof(*specs));
			void *l2;

			if (!s2)
				goto nomem;
			specs = s2;
			l2 = realloc(lineno, ncap * sizeof(*lineno));
			if (!l2)
				goto nomem;
			lineno = l2;
			cap = ncap;
		}
		if (nw < 0) {
			snprintf(why, sizeof(why), "too many words");
		} else if (brkit_fdb_spec_parse(&specs[n], nw, wp, why, sizeof(why)) == 0) {
			lineno[n++] = ln;
			goto next;
		}
		if (++bad <= 20)
			fprintf(c->err, "%s: fdb load %s:%lu: %s\n", c->prog, l.file, ln, why);
	next:
		if (nl >= text + len)
			break;
	}
	if (bad) {
		fprintf(c->err, "%s: fdb load %s: %lu bad line%s, nothing applied\n", c->prog,
			l.file, bad, bad == 1 ? "" : "s");
		ret = EXIT_USAGE;
		goto out;
	}
	if (!cli_handle(c))
		goto out;
	tg = malloc((n ? n : 1) * sizeof(*tg));
	if (!tg)
		goto nomem;
	err = brkit_fdb_resolve_all(c->h, specs, n, tg, &badix);
	if (err) {
		fprintf(c->err, "%s: fdb load %s:%lu: %s; nothing applied\n", c->prog, l.file,
			lineno[badix], brkit_errmsg(c->h));
		goto out;
	}
	l.specs = specs;
	l.lineno = lineno;
	b = brkit_batch_new(c->h, 256, load_err, &l);
	if (!b)
		goto nomem;
	for (i = 0; i < n; i++) {
		err = brkit_fdb_batch_add(b, &specs[i], &tg[i]);
		if (err)
			break;
	}
	if (i == n)
		err = brkit_batch_finish(b);
	if (err && i < n) {
		cli_failmsg(c, "fdb load %s: %s after %zu lines", l.file, strerror(-err), i);
		goto out;
	}
	/* A summary for people: with -j it would break the JSON stream of a
	 * -batch, so it goes to stderr there. */
	fprintf(c->json ? c->err : c->out, "fdb load %s: %lu of %zu lines applied\n", l.file,
		(unsigned long)n - l.refused, n);
	ret = l.refused ? EXIT_FAIL : EXIT_OK;
	goto out;
nomem:
	cli_failmsg(c, "fdb load: out of memory");
out:
	brkit_batch_free(b);
	free(tg);
	free(specs);
	free(lineno);
	free(text);
	return ret;
}

void cmd_fdb_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit fdb show [br BR] [dev DEV] [vlan VID] [static|dynamic]\n"
	      "       brkit fdb {add|append|replace|del} ADDR dev DEV [vlan VID] [master|self]\n"
	      "                 [static|dynamic|local] [sticky] [extern_learn] [dst IP] [vni VNI]\n"
	      "                 [port N] [via DEV]\n"
	      "       brkit fdb get ADDR br BR [vlan VID]\n"
	      "       brkit fdb flush [br BR] [dev DEV] [vlan VID] [static|dynamic] [extern_learn]\n"
	      "       brkit fdb load FILE|-\n",
	      f);
}

int cmd_fdb(struct cli *c, int argc, char **argv)
{
	const char *v;

	if (argc < 1)
		return fdb_show(c, 0, NULL);
	v = argv[0];
	if (!strcmp(v, "show") || !strcmp(v, "list"))
		return fdb_show(c, argc - 1, argv + 1);
	if (!strcmp(v, "add") || !strcmp(v, "append") || !strcmp(v, "replace") ||
	    !strcmp(v, "del") || !strcmp(v, "delete"))
		return fdb_change(c, argc, argv);
	if (!strcmp(v, "get"))
		return fdb_get(c, argc, argv);
	if (!strcmp(v, "flush"))
		return fdb_flush(c, argc - 1, argv + 1);
	if (!strcmp(v, "load"))
		return fdb_load(c, argc, argv);
	cmd_fdb_usage(c, c->err);
	return cli_usage(c, "fdb: unknown command '%s'", v);
}

/* ---- brctl showmacs BR ---- */
int cmd_showmacs(struct cli *c, int argc, char **argv)
{
	struct brkit_fdb_mac *m;
	size_t n, i;
	int err;

	/* As bridge-utils: words after the bridge are ignored. */
	if (argc < 2) {
		fprintf(c->out, "Incorrect number of arguments for command\n");
		fprintf(c->out, "Usage: brctl showmacs <bridge>\t\tshow a list of mac addrs\n");
		return EXIT_USAGE;
	}
	if (!c->brctl && cli_check_ifname(c, "bridge", argv[1]))
		return EXIT_USAGE;
	if (!cli_handle(c))
		return EXIT_FAIL;
	err = brkit_fdb_macs(c->h, argv[1], &m, &n);
	if (err) {
		if (c->brctl) {
			/* bridge-utils' own words */
			fprintf(c->err, "read of forward table failed: %s\n",
				strerror(err == -ENOTTY ? EOPNOTSUPP : -err));
			return EXIT_FAIL;
		}
		return cli_fail(c, err);
	}
	pr_big_buffer(c->out);
	show_fdb_mac_header(c->out);
	for (i = 0; i < n; i++)
		show_fdb_mac(c->out, &m[i]);
	free(m);
	return EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vxlan add|del|show: VXLAN devices that stretch a bridge across hosts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <net/if.h>
#include <string.h>
#include <arpa/inet.h>
#include "cli/cli.h"
#include "cli/cmd_vxlan.h"
#include "cli/show_vxlan.h"
#include "nl/util.h"

void cmd_vxlan_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit vxlan add NAME vni N|external [vnifilter] [local IP] [dstport N]\n"
	      "                      [learning on|off] [ttl N|auto] [dev UNDERLAY] [bridge BR] [up]\n"
	      "       brkit vxlan del NAME\n"
	      "       brkit [-j] vxlan show [NAME]\n"
	      "       brkit vxlan vni add dev NAME vni LIST [remote IP|group IP]\n"
	      "       brkit vxlan vni del dev NAME vni LIST\n"
	      "       brkit [-j] vxlan vni show [dev NAME]\n"
	      "  external: collect metadata (no vni); vnifilter (with external): only the\n"
	      "  VNIs of the device's VNI filter, LIST = VNI[-VNI][,...] with VNIs 1..16777215.\n"
	      "  vni 0..16777215; dstport defaults to 4789 (IANA); learning defaults to on;\n"
	      "  bridge BR enslaves the device to BR and sets it up.\n"
	      "  Remote endpoints are FDB entries: brkit fdb append 00:00:00:00:00:00 dev NAME\n"
	      "  dst IP self\n",
	      f);
}

int vxlan_parse_ip(const char *s, struct brkit_ipaddr *ip)
{
	struct brkit_ipaddr tmp = { 0 };

	if (!s)
		return -EINVAL;
	if (inet_pton(AF_INET, s, tmp.addr) == 1)
		tmp.family = AF_INET;
	else if (inet_pton(AF_INET6, s, tmp.addr) == 1)
		tmp.family = AF_INET6;
	else
		return -EINVAL;
	*ip = tmp;
	return 0;
}

int vxlan_parse_add(int argc, char **argv, struct brkit_vxlan_cfg *cfg, char *why, size_t len)
{
	const char *name, *reason;
	bool seen_vni = false, seen_local = false, seen_port = false, seen_learn = false;
	bool seen_ttl = false, seen_up = false;
	unsigned long v;
	int i, err;

	if (argc < 1)
		return brkit_whyf(why, len, -EINVAL, "vxlan add: a device name is needed");
	name = argv[0];
	if (brkit_ifname_check(name, &reason))
		return brkit_whyf(why, len, -EINVAL, "vxlan '%s': %s", name, reason);
	brkit_vxlan_cfg_init(cfg, name, 0);
	for (i = 1; i < argc; i++) {
		const char *kw = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(kw, "external") || !strcmp(kw, "vnifilter")) {
			bool *flag = kw[0] == 'e' ? &cfg->external : &cfg->vnifilter;

			if (*flag)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: '%s' given twice",
						  name, kw);
			*flag = true;
			continue;
		}
		if (!strcmp(kw, "up")) {
			if (seen_up)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: 'up' given twice",
						  name);
			seen_up = true;
			cfg->up = true;
			continue;
		}
		if (!strcmp(kw, "vni") || !strcmp(kw, "id") || !strcmp(kw, "local") ||
		    !strcmp(kw, "dstport") || !strcmp(kw, "learning") || !strcmp(kw, "ttl") ||
		    !strcmp(kw, "dev") || !strcmp(kw, "bridge") || !strcmp(kw, "master")) {
			if (!val)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: '%s' needs a value",
						  name, kw);
			i++;
		} else {
			return brkit_whyf(why, len, -EINVAL, "vxlan %s: unknown argument '%s'",
					  name, kw);
		}
		if (!strcmp(kw, "vni") || !strcmp(kw, "id")) {
			if (seen_vni)
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: '%s': vni given twice", name, kw);
			seen_vni = true;
			err = cli_parse_uint(val, 0, BRKIT_VXLAN_VNI_MAX, &v);
			if (err == -ERANGE)
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: VNI %s is over 16777215 (2^24-1)",
						  name, val);
			if (err)
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: VNI '%s' is not a number 0..16777215",
						  name, val);
			cfg->vni = (uint32_t)v;
		} else if (!strcmp(kw, "local")) {
			if (seen_local)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: '%s' given twice",
						  name, kw);
			seen_local = true;
			if (vxlan_parse_ip(val, &cfg->local))
				return brkit_whyf(
					why, len, -EINVAL,
					"vxlan %s: local '%s' is not an IPv4 or IPv6 address", name,
					val);
		} else if (!strcmp(kw, "dstport")) {
			if (seen_port)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: '%s' given twice",
						  name, kw);
			seen_port = true;
			err = cli_parse_uint(val, 1, 65535, &v);
			if (err == -ERANGE)
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: dstport %s is out of range 1..65535",
						  name, val);
			if (err)
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: dstport '%s' is not a number 1..65535",
						  name, val);
			cfg->dstport = (uint16_t)v;
		} else if (!strcmp(kw, "learning")) {
			if (seen_learn)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: '%s' given twice",
						  name, kw);
			seen_learn = true;
			if (cli_parse_bool(val, &cfg->learning))
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: learning '%s' is not on or off", name,
						  val);
		} else if (!strcmp(kw, "ttl")) {
			if (seen_ttl)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: '%s' given twice",
						  name, kw);
			seen_ttl = true;
			if (!strcmp(val, "auto")) {
				cfg->ttl = 0;
			} else if (cli_parse_uint(val, 1, 255, &v)) {
				return brkit_whyf(
					why, len, -EINVAL,
					"vxlan %s: ttl '%s' is not auto or a number 1..255", name,
					val);
			} else {
				cfg->ttl = (int)v;
			}
		} else if (!strcmp(kw, "dev")) {
			if (cfg->dev)
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: '%s' given twice",
						  name, kw);
			if (brkit_ifname_check(val, &reason))
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: underlay device '%s': %s", name, val,
						  reason);
			cfg->dev = val;
		} else { /* bridge, master */
			if (cfg->bridge)
				return brkit_whyf(why, len, -EINVAL,
						  "vxlan %s: '%s': bridge given twice", name, kw);
			if (brkit_ifname_check(val, &reason))
				return brkit_whyf(why, len, -EINVAL, "vxlan %s: bridge '%s': %s",
						  name, val, reason);
			cfg->bridge = val;
		}
	}
	if (seen_vni && cfg->external)
		return brkit_whyf(
			why, len, -EINVAL,
			"vxlan %s: external and vni exclude each other (an external device "
			"takes its VNIs from the VNI filter or per packet)",
			name);
	if (!seen_vni && !cfg->external)
		return brkit_whyf(why, len, -EINVAL, "vxlan %s: vni N (or external) is required",
				  name);
	if (cfg->vnifilter && !cfg->external)
		return brkit_whyf(why, len, -EINVAL, "vxlan %s: vnifilter needs external", name);
	if (brkit_vxlan_cfg_check(cfg, &reason))
		return brkit_whyf(why, len, -EINVAL, "vxlan %s: %s", name, reason);
	return 0;
}

static int do_add(struct cli *c, int argc, char **argv)
{
	struct brkit_vxlan_cfg cfg;
	char why[256];
	struct brkit *h;
	int err;

	if (vxlan_parse_add(argc, argv, &cfg, why, sizeof(why)))
		return cli_usage(c, "%s", why);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = brkit_vxlan_add(h, &cfg);
	return err ? cli_fail(c, err) : EXIT_OK;
}

static int do_del(struct cli *c, int argc, char **argv)
{
	struct brkit *h;
	int err;

	if (argc != 1)
		return cli_usage(c, "vxlan del: exactly one device name is needed");
	if (cli_check_ifname(c, "vxlan", argv[0]))
		return EXIT_USAGE;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = brkit_vxlan_del(h, argv[0]);
	return err ? cli_fail(c, err) : EXIT_OK;
}

/* The name of ifindex @idx, or "if<idx>" when it cannot be looked up (for
 * example an underlay in another namespace). NULL for 0. */
static const char *idx_name(struct brkit *h, int idx, char *buf, size_t len)
{
	struct brkit_link l;

	if (idx <= 0)
		return NULL;
	if (brkit_link_get_index(h, idx, &l) == 0)
		snprintf(buf, len, "%s", l.ifname);
	else
		snprintf(buf, len, "if%d", idx);
	return buf;
}

/* One VNI of a list: 1..16777215, with a message naming it otherwise. */
static int parse_one_vni(const char *s, uint32_t *out, char *why, size_t len)
{
	unsigned long v;
	int err = cli_parse_uint(s, 0, BRKIT_VXLAN_VNI_MAX, &v);

	if (err == -ERANGE)
		return brkit_whyf(why, len, -EINVAL, "VNI %s is over 16777215 (2^24-1)", s);
	if (err)
		return brkit_whyf(why, len, -EINVAL, "VNI '%s' is not a number 1..16777215", s);
	if (v == 0)
		return brkit_whyf(why, len, -EINVAL,
				  "VNI 0 cannot be filtered (a VNI filter holds 1..16777215)");
	*out = (uint32_t)v;
	return 0;
}

int vxlan_parse_vni_list(const char *s, struct brkit_vni_entry *out, size_t max, size_t *n,
			 char *why, size_t len)
{
	char item[32], *dash;
	const char *p = s, *comma;
	size_t k = 0, il;
	int err;

	if (!s || !*s)
		return brkit_whyf(why, len, -EINVAL, "an empty VNI list");
	for (;;) {
		comma = strchr(p, ',');
		il = comma ? (size_t)(comma - p) : strlen(p);
		if (il == 0 || il >= sizeof(item))
			return brkit_whyf(why, len, -EINVAL, "VNI list '%s': item %zu is %s", s,
					  k + 1, il ? "too long" : "empty");
		if (k == max)
			return brkit_whyf(why, len, -EINVAL, "VNI list '%s': more than %zu ranges",
					  s, max);
		memcpy(item, p, il);
		item[il] = '\0';
		memset(&out[k], 0, sizeof(out[k]));
		dash = strchr(item, '-');
		if (dash)
			*dash = '\0';
		err = parse_one_vni(item, &out[k].vni, why, len);
		if (!err && dash)
			err = parse_one_vni(dash + 1, &out[k].vni_end, why, len);
		else
			out[k].vni_end = out[k].vni;
		if (err)
			return err;
		if (out[k].vni_end < out[k].vni)
			return brkit_whyf(why, len, -EINVAL,
					  "VNI range %u-%u ends before it starts", out[k].vni,
					  out[k].vni_end);
		k++;
		if (!comma)
			break;
		p = comma + 1;
	}
	*n = k;
	return 0;
}

int vxlan_parse_vni(bool add, int argc, char **argv, struct vni_args *a, char *why, size_t len)
{
	const char *verb = add ? "vxlan vni add" : "vxlan vni del";
	const char *vnis = NULL, *remote_kw = NULL, *reason;
	char sub[200];
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i += 2) {
		const char *kw = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool is_remote = add && (!strcmp(kw, "remote") || !strcmp(kw, "group"));

		if (strcmp(kw, "dev") && strcmp(kw, "vni") && !is_remote)
			return brkit_whyf(why, len, -EINVAL, "%s: unknown argument '%s'", verb, kw);
		if (!val)
			return brkit_whyf(why, len, -EINVAL, "%s: '%s' needs a value", verb, kw);
		if (!strcmp(kw, "dev")) {
			if (a->dev)
				return brkit_whyf(why, len, -EINVAL, "%s: 'dev' given twice", verb);
			if (brkit_ifname_check(val, &reason))
				return brkit_whyf(why, len, -EINVAL, "%s: device '%s': %s", verb,
						  val, reason);
			a->dev = val;
		} else if (!strcmp(kw, "vni")) {
			if (vnis)
				return brkit_whyf(why, len, -EINVAL, "%s: 'vni' given twice", verb);
			vnis = val;
		} else {
			if (remote_kw)
				return brkit_whyf(why, len, -EINVAL,
						  "%s: '%s' after '%s': one remote or group", verb,
						  kw, remote_kw);
			remote_kw = kw;
			if (vxlan_parse_ip(val, &a->remote))
				return brkit_whyf(why, len, -EINVAL,
						  "%s: %s '%s' is not an IPv4 or IPv6 address",
						  verb, kw, val);
			if ((kw[0] == 'g') != show_vni_is_multicast(&a->remote))
				return brkit_whyf(why, len, -EINVAL,
						  "%s: %s %s is %sa multicast address%s", verb, kw,
						  val, kw[0] == 'g' ? "not " : "",
						  kw[0] == 'g' ? "" : " (use group)");
		}
	}
	if (!a->dev)
		return brkit_whyf(why, len, -EINVAL, "%s: dev DEV is required", verb);
	if (!vnis)
		return brkit_whyf(why, len, -EINVAL, "%s %s: vni LIST is required", verb, a->dev);
	if (vxlan_parse_vni_list(vnis, a->r, VXLAN_VNI_MAX_RANGES, &a->n, sub, sizeof(sub)))
		return brkit_whyf(why, len, -EINVAL, "%s %s: %s", verb, a->dev, sub);
	return 0;
}

static int do_vni_change(struct cli *c, bool add, int argc, char **argv)
{
	struct vni_args *a = calloc(1, sizeof(*a));
	char why[256];
	struct brkit *h;
	int err;

	if (!a)
		return cli_failmsg(c, "vxlan vni: out of memory");
	if (vxlan_parse_vni(add, argc, argv, a, why, sizeof(why))) {
		free(a);
		return cli_usage(c, "%s", why);
	}
	h = cli_handle(c);
	if (!h) {
		free(a);
		return EXIT_FAIL;
	}
	if (add)
		err = brkit_vni_add(h, a->dev, a->r, a->n, a->remote.family ? &a->remote : NULL);
	else
		err = brkit_vni_del(h, a->dev, a->r, a->n);
	free(a);
	return err ? cli_fail(c, err) : EXIT_OK;
}

struct vni_show_ctx {
	struct cli *c;
	struct pr p;
	bool started; /* header printed, JSON array open */
	int ifindex; /* of the device whose entries are open, 0 none */
};

static void vni_show_start(struct vni_show_ctx *ctx)
{
	if (ctx->started)
		return;
	ctx->started = true;
	pr_open_arr(&ctx->p, NULL);
	show_vni_header(&ctx->p);
}

static int vni_show_one(const struct brkit_vni_entry *e, void *arg)
{
	struct vni_show_ctx *ctx = arg;
	char name[IFNAMSIZ + 8];
	bool first = e->ifindex != ctx->ifindex;

	vni_show_start(ctx);
	if (first) {
		if (ctx->ifindex)
			show_vni_dev_close(&ctx->p);
		if (!idx_name(ctx->c->h, e->ifindex, name, sizeof(name)))
			snprintf(name, sizeof(name), "if%d", e->ifindex);
		show_vni_dev_open(&ctx->p, name);
		ctx->ifindex = e->ifindex;
	}
	show_vni_entry(&ctx->p, e, first);
	return 0;
}

static int do_vni_show(struct cli *c, int argc, char **argv)
{
	struct vni_show_ctx ctx = { .c = c };
	const char *dev = NULL;
	struct brkit *h;
	int err;

	if (argc == 2 && !strcmp(argv[0], "dev"))
		dev = argv[1];
	else if (argc)
		return cli_usage(c, "vxlan vni show: expected [dev DEV], not '%s'", argv[0]);
	if (dev && cli_check_ifname(c, "vxlan", dev))
		return EXIT_USAGE;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	/* Nothing is printed until the whole dump is in (a failure prints nothing). */
	pr_init(&ctx.p, c->out, c->json, c->pretty);
	err = brkit_vni_foreach(h, dev, vni_show_one, &ctx);
	if (err)
		return cli_fail(c, err);
	vni_show_start(&ctx);
	if (ctx.ifindex)
		show_vni_dev_close(&ctx.p);
	pr_close_arr(&ctx.p);
	pr_end(&ctx.p);
	return EXIT_OK;
}

static int do_vni(struct cli *c, int argc, char **argv)
{
	if (argc < 1) {
		cmd_vxlan_usage(c, c->err);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "add"))
		return do_vni_change(c, true, argc - 1, argv + 1);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return do_vni_change(c, false, argc - 1, argv + 1);
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list"))
		return do_vni_show(c, argc - 1, argv + 1);
	cmd_vxlan_usage(c, c->err);
	return cli_usage(c, "vxlan vni: unknown command '%s'", argv[0]);
}

struct show_ctx {
	struct cli *c;
	struct pr p;
	bool started; /* the JSON array is open */
};

/* Output waits for the whole read (the callbacks run after it): a failure
 * prints nothing on stdout. */
static void show_start(struct show_ctx *ctx)
{
	if (!ctx->started)
		pr_open_arr(&ctx->p, NULL);
	ctx->started = true;
}

static int show_one(const struct brkit_vxlan_info *vx, void *arg)
{
	struct show_ctx *ctx = arg;
	char devbuf[IFNAMSIZ + 8], masterbuf[IFNAMSIZ + 8];
	const char *dev = idx_name(ctx->c->h, vx->underlay, devbuf, sizeof(devbuf));
	const char *master = idx_name(ctx->c->h, vx->link.master, masterbuf, sizeof(masterbuf));

	show_start(ctx);
	show_vxlan(&ctx->p, vx, dev, master);
	return 0;
}

static int do_show(struct cli *c, int argc, char **argv)
{
	struct show_ctx ctx = { .c = c };
	struct brkit_vxlan_info vx;
	struct brkit *h;
	int err;

	if (argc > 1)
		return cli_usage(c, "vxlan show: unexpected argument '%s'", argv[1]);
	if (argc == 1 && cli_check_ifname(c, "vxlan", argv[0]))
		return EXIT_USAGE;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	pr_init(&ctx.p, c->out, c->json, c->pretty);
	if (argc == 1) {
		err = brkit_vxlan_get(h, argv[0], &vx);
		if (!err)
			err = show_one(&vx, &ctx);
	} else {
		err = brkit_vxlan_foreach(h, show_one, &ctx);
	}
	if (err)
		return cli_fail(c, err);
	show_start(&ctx);
	pr_close_arr(&ctx.p);
	pr_end(&ctx.p);
	return EXIT_OK;
}

int cmd_vxlan(struct cli *c, int argc, char **argv)
{
	if (argc < 1) {
		cmd_vxlan_usage(c, c->err);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "add"))
		return do_add(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return do_del(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list"))
		return do_show(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "vni"))
		return do_vni(c, argc - 1, argv + 1);
	cmd_vxlan_usage(c, c->err);
	return cli_usage(c, "vxlan: unknown command '%s'", argv[0]);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vxlan add|del|show: VXLAN devices that stretch a bridge across hosts. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "cli/cli.h"
#include "cli/cmd_vxlan.h"
#include "cli/show_vxlan.h"
#include "nl/util.h"

void cmd_vxlan_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit vxlan add NAME vni N [local IP] [dstport N] [learning on|off]\n"
	      "                      [ttl N|auto] [dev UNDERLAY] [bridge BR] [up]\n"
	      "       brkit vxlan del NAME\n"
	      "       brkit [-j] vxlan show [NAME]\n"
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
	if (!seen_vni)
		return brkit_whyf(why, len, -EINVAL, "vxlan %s: vni N is required", name);
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
	cmd_vxlan_usage(c, c->err);
	return cli_usage(c, "vxlan: unknown command '%s'", argv[0]);
}

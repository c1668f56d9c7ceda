// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vm-port up|down|show, and the QEMU hooks qemu-ifup / qemu-ifdown
 * (brkit called by that name, with the tap as the only argument). */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/cmd_vmport.h"
#include "hooks/vmport.h"

static void vmport_usage(FILE *f)
{
	fputs("Usage: brkit vm-port up TAP bridge BR [vlan TAG] [trunks LIST] [mtu N|auto]\n"
	      "                     [mac ADDR] [isolated] [lock] [noguard]\n"
	      "                     [create [user U] [vnet_hdr] [multi_queue]] [acl FILE]\n"
	      "       brkit vm-port down TAP\n"
	      "       brkit [-j] vm-port show [TAP]\n",
	      f);
}

/* The environment only tunes where state lives (tests) and the rollback
 * test hook; the library never reads it. */
static void ctx_init(struct vmport_ctx *ctx)
{
	const char *d = getenv("BRKIT_STATE_DIR"), *f = getenv("BRKIT_VMPORT_FAIL_AFTER");
	unsigned long n;

	memset(ctx, 0, sizeof(*ctx));
	ctx->state_dir = d && *d == '/' ? d : VMPORT_STATE_DIR;
	if (f && cli_parse_uint(f, 1, 1000000, &n) == 0)
		ctx->fail_after = (unsigned int)n;
}

static int resolve_user(struct cli *c, const struct vmport_spec *s, struct vmport_ctx *ctx)
{
	unsigned long n;
	struct passwd *pw;

	if (!*s->user)
		return 0;
	if (cli_parse_uint(s->user, 0, 4294967294UL, &n) == 0) {
		ctx->uid = (uint32_t)n;
	} else {
		pw = getpwnam(s->user);
		if (!pw)
			return cli_usage(c, "user '%s': no such user", s->user);
		ctx->uid = pw->pw_uid;
	}
	ctx->has_uid = true;
	return 0;
}

static int do_up(struct cli *c, const char *tap, const struct vmport_spec *s)
{
	struct vmport_result res;
	struct vmport_ctx ctx;
	struct brkit *h;
	char spec[VMPORT_SPECLEN];
	int err;

	ctx_init(&ctx);
	err = resolve_user(c, s, &ctx);
	if (err)
		return err;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = vmport_up(h, &ctx, tap, s, &res);
	if (err)
		return cli_fail(c, err);
	vmport_spec_format(s, spec, sizeof(spec));
	if (res.changes)
		fprintf(c->out, "%s: up on %s (%s), %u change%s\n", res.tap, s->bridge, spec,
			res.changes, res.changes == 1 ? "" : "s");
	else
		fprintf(c->out, "%s: already up on %s as asked, nothing changed\n", res.tap,
			s->bridge);
	return EXIT_OK;
}

static int do_down(struct cli *c, const char *tap)
{
	struct vmport_ctx ctx;
	struct brkit *h;
	bool managed;
	int err;

	if (cli_check_ifname(c, "tap", tap))
		return EXIT_USAGE;
	ctx_init(&ctx);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = vmport_down(h, &ctx, tap, &managed);
	if (err)
		return cli_fail(c, err);
	if (!managed)
		fprintf(c->out, "%s: not managed by brkit (no state in %s), nothing to undo\n", tap,
			ctx.state_dir);
	else
		fprintf(c->out, "%s: down, undone as recorded\n", tap);
	return EXIT_OK;
}

struct show {
	struct cli *c;
	json_object *arr;
};

static int show_cb(const struct vmport_state *st, void *arg)
{
	struct show *sh = arg;
	char mac[18], vl[2048];

	if (st->pinned) {
		cli_format_mac(st->pin_mac, mac);
		if (brkit_vlan_set_has(&st->pin_vids, 0))
			*vl = 0;
		else
			brkit_vlan_set_format(&st->pin_vids, vl, sizeof(vl));
	}
	if (sh->arr) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "tap", json_object_new_string(st->tap));
		json_object_object_add(o, "bridge", json_object_new_string(st->bridge));
		json_object_object_add(o, "spec", json_object_new_string(st->spec));
		json_object_object_add(o, "created", json_object_new_boolean(st->created));
		json_object_object_add(o, "enslaved", json_object_new_boolean(st->enslaved));
		if (st->pinned) {
			json_object_object_add(o, "pinned_mac", json_object_new_string(mac));
			if (*vl)
				json_object_object_add(o, "pinned_vlans",
						       json_object_new_string(vl));
		}
		json_object_array_add(sh->arr, o);
	} else {
		fprintf(sh->c->out, "%s %s%s%s%s%s%s\n", st->tap, st->spec,
			st->created ? " (created)" : "", st->pinned ? " pinned " : "",
			st->pinned ? mac : "", st->pinned && *vl ? " vlans " : "",
			st->pinned ? vl : "");
	}
	return 0;
}

static int do_show(struct cli *c, const char *tap)
{
	struct show sh = { .c = c };
	struct vmport_ctx ctx;
	struct brkit *h;
	int err;

	if (tap && cli_check_ifname(c, "tap", tap))
		return EXIT_USAGE;
	ctx_init(&ctx);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	if (c->json)
		sh.arr = json_object_new_array();
	if (tap) {
		struct vmport_state st;

		err = vmport_state_read(h, ctx.state_dir, tap, &st);
		if (err == -ENOENT) {
			json_object_put(sh.arr);
			return cli_failmsg(c, "%s: not managed by brkit", tap);
		}
		if (!err)
			err = show_cb(&st, &sh);
	} else {
		err = vmport_foreach(h, ctx.state_dir, show_cb, &sh);
	}
	if (err) {
		json_object_put(sh.arr);
		return cli_fail(c, err);
	}
	if (sh.arr)
		cli_json_print(c, sh.arr);
	return EXIT_OK;
}

int cmd_vmport(struct cli *c, int argc, char **argv)
{
	struct vmport_spec s;
	char why[VMPORT_WHYLEN];

	if (argc < 1 || !strcmp(argv[0], "help")) {
		vmport_usage(argc < 1 ? c->err : c->out);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[0], "up")) {
		if (argc < 2)
			return cli_usage(c, "vm-port up: the TAP is missing");
		if (vmport_spec_parse(&s, argc - 2, argv + 2, why, sizeof(why)))
			return cli_usage(c, "vm-port up %s: %s", argv[1], why);
		return do_up(c, argv[1], &s);
	}
	if (!strcmp(argv[0], "down")) {
		if (argc != 2)
			return cli_usage(c, "vm-port down takes one TAP");
		return do_down(c, argv[1]);
	}
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		if (argc > 2)
			return cli_usage(c, "vm-port show takes at most one TAP");
		return do_show(c, argc == 2 ? argv[1] : NULL);
	}
	vmport_usage(c->err);
	return cli_usage(c, "vm-port: unknown verb '%s'", argv[0]);
}

/* ---- the QEMU hooks: the port spec from the environment or the config ---- */

/* BRKIT_BRIDGE [BRKIT_VLAN] [BRKIT_TRUNKS] [BRKIT_MTU] [BRKIT_LOCK] [BRKIT_ACL]
 * as the words of `vm-port up`. Returns -1 when BRKIT_BRIDGE is unset, else 0
 * or an exit status. */
static int spec_from_env(struct cli *c, const char *tap, struct vmport_spec *s)
{
	static const struct {
		const char *env, *kw;
	} map[] = {
		{ "BRKIT_BRIDGE", "bridge" }, { "BRKIT_VLAN", "vlan" },
		{ "BRKIT_TRUNKS", "trunks" }, { "BRKIT_MTU", "mtu" },
		{ "BRKIT_ACL", "acl" },
	};
	char *words[16], why[VMPORT_WHYLEN];
	const char *lk = getenv("BRKIT_LOCK");
	int n = 0;
	size_t i;
	bool on;

	if (!getenv("BRKIT_BRIDGE"))
		return -1;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		char *v = getenv(map[i].env);

		if (!v || !*v)
			continue;
		words[n++] = (char *)map[i].kw;
		words[n++] = v;
	}
	if (lk && *lk) {
		if (cli_parse_bool(lk, &on))
			return cli_usage(c, "BRKIT_LOCK='%s': want 1/0, yes/no or on/off", lk);
		if (on)
			words[n++] = "lock";
	}
	if (vmport_spec_parse(s, n, words, why, sizeof(why)))
		return cli_usage(c, "%s: port spec from the environment: %s", tap, why);
	return 0;
}

static const char *config_path(void)
{
	const char *p = getenv("BRKIT_CONFIG");

	return p && *p ? p : VMPORT_CONFIG;
}

/* 0 with @s filled, or an exit status after printing why. */
int vmport_spec_for(struct cli *c, const char *tap, struct vmport_spec *s)
{
	const char *path = config_path();
	struct vmport_conf_match m;
	char why[VMPORT_WHYLEN], *text;
	int err;

	err = spec_from_env(c, tap, s);
	if (err >= 0)
		return err;
	err = vmport_load_file(path, &text, NULL);
	if (err && err != -ENOENT)
		return cli_failmsg(c, "%s: %s", path, strerror(-err));
	if (!err) {
		err = vmport_conf_find(text, path, tap, &m, why, sizeof(why));
		free(text);
		if (err)
			return cli_failmsg(c, "%s", why);
		if (m.found) {
			*s = m.spec;
			return 0;
		}
	}
	return cli_failmsg(c,
			   "%s: no port spec: BRKIT_BRIDGE is not set in the environment and %s "
			   "%s",
			   tap, path, err ? "does not exist" : "has no line matching it");
}

int vmport_qemu_ifup(struct cli *c, int argc, char **argv)
{
	struct vmport_spec s;
	int err;

	c->prog = "qemu-ifup";
	if (argc != 2)
		return cli_usage(c,
				 "usage: qemu-ifup TAP (QEMU's script=; the spec comes from "
				 "BRKIT_BRIDGE... or %s)",
				 config_path());
	if (cli_check_ifname(c, "tap", argv[1]))
		return EXIT_USAGE;
	err = vmport_spec_for(c, argv[1], &s);
	if (err)
		return err;
	return do_up(c, argv[1], &s);
}

int vmport_qemu_ifdown(struct cli *c, int argc, char **argv)
{
	c->prog = "qemu-ifdown";
	if (argc != 2)
		return cli_usage(c, "usage: qemu-ifdown TAP (QEMU's downscript=)");
	return do_down(c, argv[1]);
}

cli_cmd_fn vmport_hook_for(const char *name)
{
	if (!strcmp(name, "qemu-ifup"))
		return vmport_qemu_ifup;
	if (!strcmp(name, "qemu-ifdown"))
		return vmport_qemu_ifdown;
	return NULL;
}

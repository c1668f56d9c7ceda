// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vm-port up|down|show, and the QEMU hooks qemu-ifup / qemu-ifdown
 * (brkit called by that name, with the tap as the only argument). */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/print.h"
#include "cli/cmd_vmport.h"
#include "hooks/libvirt.h"
#include "hooks/vmport.h"
#include "nl/util.h"

/* QEMU's hooks are quiet on success: their stdout is QEMU's. */
static bool hook_quiet;

void cmd_vmport_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit vm-port up TAP bridge BR [vlan TAG] [trunks LIST] [mtu N|auto]\n"
	      "                     [mac ADDR] [isolated] [lock] [noguard]\n"
	      "                     [create [user U] [vnet_hdr] [multi_queue]] [acl FILE]\n"
	      "       brkit vm-port down TAP\n"
	      "       brkit [-j] vm-port show [TAP]\n"
	      "       brkit vm-port hook qemu-ifup|qemu-ifdown|qemu-bridge-helper|libvirt-qemu ARGS...\n",
	      f);
}

/* The environment only tunes where state lives (tests) and the rollback
 * test hook; the library never reads it. */
/* Tap names are per network namespace, so is the state: BASE for the initial
 * namespace, BASE/net-INODE for another (the namespace of -n, or the caller's). */
static const char *state_dir_for(struct cli *c, const char *base)
{
	static char buf[VMPORT_PATHLEN];
	char nspath[VMPORT_PATHLEN];
	struct stat init, me;

	if (!c->netns)
		snprintf(nspath, sizeof(nspath), "/proc/self/ns/net");
	else if (strchr(c->netns, '/'))
		snprintf(nspath, sizeof(nspath), "%s", c->netns);
	else
		snprintf(nspath, sizeof(nspath), "/run/netns/%s", c->netns);
	if (stat(nspath, &me) < 0 || (stat("/proc/1/ns/net", &init) == 0 &&
				      init.st_dev == me.st_dev && init.st_ino == me.st_ino))
		return base;
	if ((size_t)snprintf(buf, sizeof(buf), "%s/net-%lu", base, (unsigned long)me.st_ino) >=
	    sizeof(buf))
		return base;
	return buf;
}

/* BRKIT_STATE_DIR moves the state root (tests), for a caller that is really
 * root and runs with no privilege it gained (AT_SECURE): a setuid program
 * reads no environment for it. */
static const char *state_base(void)
{
	const char *d = getuid() == 0 && !getauxval(AT_SECURE) ? getenv("BRKIT_STATE_DIR") : NULL;

	return d && *d == '/' ? d : VMPORT_STATE_DIR;
}

static void ctx_init(struct cli *c, struct vmport_ctx *ctx)
{
	const char *f = getenv("BRKIT_VMPORT_FAIL_AFTER");
	unsigned long n;

	memset(ctx, 0, sizeof(*ctx));
	ctx->state_dir = state_dir_for(c, state_base());
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

/* Under brkit-stpd the guards are the daemon's: when it runs the bridge, the
 * port becomes an admin edge port with bpduguard (the kernel's guard flags act
 * under the kernel's STP only). The daemon learns of a new port from its own
 * events, so it may not know the port yet: it is asked again for up to 2 s.
 * Returns 0 (*done: the daemon runs the bridge and now guards the port), or
 * an exit status after printing. */
static int stpd_guard(struct cli *c, const char *br, const char *tap, bool *done)
{
	char req[96], *reply = NULL;
	int err, i;

	*done = false;
	snprintf(req, sizeof(req), "show %s %s", br, tap);
	err = stp_daemon_request(c, req, &reply);
	if (err == -ENOENT || (err == -EREMOTE && strstr(reply, "not run by"))) {
		free(reply);
		return 0; /* no daemon, or not this bridge: the kernel's flags guard it */
	}
	if (!err && strstr(reply, " admin_edge=1 ") && strstr(reply, " bpduguard=1 ")) {
		free(reply);
		*done = true;
		return 0;
	}
	snprintf(req, sizeof(req), "port %s %s edge on bpduguard on", br, tap);
	for (i = 0; i < 40; i++) {
		free(reply);
		reply = NULL;
		err = stp_daemon_request(c, req, &reply);
		if (err != -EREMOTE)
			break;
		usleep(50000);
	}
	if (err) {
		if (reply)
			reply[strcspn(reply, "\n")] = 0;
		cli_failmsg(c, "%s: making it an edge port with bpduguard in brkit-stpd: %s", tap,
			    reply ? reply : strerror(-err));
		free(reply);
		return EXIT_FAIL;
	}
	free(reply);
	*done = true;
	return 0;
}

static int do_up(struct cli *c, const char *tap, const struct vmport_spec *s)
{
	struct vmport_result res;
	struct vmport_ctx ctx;
	struct brkit *h;
	char spec[VMPORT_SPECLEN];
	int err;

	ctx_init(c, &ctx);
	err = resolve_user(c, s, &ctx);
	if (err)
		return err;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = vmport_up(h, &ctx, tap, s, &res);
	if (err)
		return cli_fail(c, err);
	if (!s->noguard) {
		bool guarded;

		err = stpd_guard(c, s->bridge, res.tap, &guarded);
		if (err) { /* undo what this call did: the tap as it was found */
			bool managed;

			if (res.changes)
				vmport_down(h, &ctx, res.tap, &managed);
			return err;
		}
	}
	vmport_spec_format(s, spec, sizeof(spec));
	if (hook_quiet)
		return EXIT_OK;
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
	ctx_init(c, &ctx);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = vmport_down(h, &ctx, tap, &managed);
	if (err)
		return cli_fail(c, err);
	if (hook_quiet)
		return EXIT_OK;
	if (!managed)
		fprintf(c->out, "%s: not managed by brkit (no state in %s), nothing to undo\n", tap,
			ctx.state_dir);
	else
		fprintf(c->out, "%s: down, undone as recorded\n", tap);
	return EXIT_OK;
}

struct show {
	struct cli *c;
	struct pr p;
};

static int show_cb(const struct vmport_state *st, void *arg)
{
	struct show *sh = arg;
	struct pr *p = &sh->p;
	char mac[18], vl[2048];
	struct brkit_link l;
	/* stale: the tap is gone, or another device has its name now */
	bool stale = brkit_link_get(sh->c->h, st->tap, &l) == -ENODEV ||
		     (st->ifindex && l.ifindex != st->ifindex);

	*vl = 0;
	if (st->pinned) {
		cli_format_mac(st->pin_mac, mac);
		if (!brkit_vlan_set_has(&st->pin_vids, 0))
			brkit_vlan_set_format(&st->pin_vids, vl, sizeof(vl));
	}
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "tap", "%s", st->tap);
	pr_str(p, PR_JSON, "bridge", "%s", st->bridge);
	pr_str(p, PR_ANY, "spec", " %s", st->spec);
	pr_bool(p, PR_JSON, "created", "%d", st->created);
	if (st->created)
		pr_text(p, " (created)");
	pr_bool(p, PR_JSON, "enslaved", "%d", st->enslaved);
	pr_bool(p, PR_JSON, "stale", "%d", stale);
	if (st->pinned) {
		pr_str(p, PR_ANY, "pinned_mac", " pinned %s", mac);
		if (*vl)
			pr_str(p, PR_ANY, "pinned_vlans", " vlans %s", vl);
	}
	pr_text(p, "%s\n", stale ? " (stale: the tap is gone)" : "");
	pr_close_obj(p);
	return 0;
}

static int do_show(struct cli *c, const char *tap)
{
	struct show sh = { .c = c };
	struct vmport_ctx ctx;
	struct vmport_state st;
	struct brkit *h;
	int err;

	if (tap && cli_check_ifname(c, "tap", tap))
		return EXIT_USAGE;
	ctx_init(c, &ctx);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	if (tap) {
		err = vmport_state_read(h, ctx.state_dir, tap, &st);
		if (err == -ENOENT)
			return cli_failmsg(c, "%s: not managed by brkit", tap);
		if (err)
			return cli_fail(c, err);
	}
	pr_init(&sh.p, c->out, c->json, c->pretty);
	pr_open_arr(&sh.p, NULL);
	err = tap ? show_cb(&st, &sh) : vmport_foreach(h, ctx.state_dir, show_cb, &sh);
	pr_close_arr(&sh.p);
	pr_end(&sh.p);
	if (err)
		return cli_fail(c, err);
	return EXIT_OK;
}

int cmd_vmport(struct cli *c, int argc, char **argv)
{
	struct vmport_spec s;
	char why[VMPORT_WHYLEN];

	if (argc < 1 || !strcmp(argv[0], "help")) {
		cmd_vmport_usage(c, argc < 1 ? c->err : c->out);
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
	if (!strcmp(argv[0], "hook")) {
		cli_cmd_fn fn = argc >= 2 ? vmport_hook_for(argv[1]) : NULL;

		if (!fn)
			return cli_usage(c, "vm-port hook: want qemu-ifup, qemu-ifdown, "
					    "qemu-bridge-helper or libvirt-qemu");
		return fn(c, argc - 1, argv + 1);
	}
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		if (argc > 2)
			return cli_usage(c, "vm-port show takes at most one TAP");
		return do_show(c, argc == 2 ? argv[1] : NULL);
	}
	cmd_vmport_usage(c, c->err);
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

/* The config file's spec for @tap: 0 with *found set, or an exit status
 * after printing why. *missing tells the file does not exist. */
static int spec_from_conf(struct cli *c, const char *tap, struct vmport_spec *s, bool *found,
			  bool *missing)
{
	const char *path = config_path();
	struct vmport_conf_match m;
	char why[VMPORT_WHYLEN], *text;
	int err;

	*found = *missing = false;
	err = vmport_load_file(path, &text, NULL);
	if (err == -ENOENT) {
		*missing = true;
		return 0;
	}
	if (err)
		return cli_failmsg(c, "%s: %s", path, strerror(-err));
	err = vmport_conf_find(text, path, tap, &m, why, sizeof(why));
	free(text);
	if (err)
		return cli_failmsg(c, "%s", why);
	if (m.found)
		*s = m.spec;
	*found = m.found;
	return 0;
}

/* 0 with @s filled, or an exit status after printing why. */
int vmport_spec_for(struct cli *c, const char *tap, struct vmport_spec *s)
{
	bool found, missing;
	int err;

	err = spec_from_env(c, tap, s);
	if (err >= 0)
		return err;
	err = spec_from_conf(c, tap, s, &found, &missing);
	if (err || found)
		return err;
	return cli_failmsg(c,
			   "%s: no port spec: BRKIT_BRIDGE is not set in the environment and %s "
			   "%s",
			   tap, config_path(),
			   missing ? "does not exist" : "has no line matching it");
}

int vmport_qemu_ifup(struct cli *c, int argc, char **argv)
{
	struct vmport_spec s;
	int err;

	c->prog = "qemu-ifup";
	hook_quiet = true;
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
	hook_quiet = true;
	if (argc != 2)
		return cli_usage(c, "usage: qemu-ifdown TAP (QEMU's downscript=)");
	return do_down(c, argv[1]);
}

static int vmport_refuse_secure(struct cli *c, int argc, char **argv)
{
	(void)argc;
	return cli_failmsg(c,
			   "%s runs setuid or with file capabilities: only the name "
			   "qemu-bridge-helper may (install a copy by that name)",
			   argv[0]);
}

/* ---- libvirt's qemu hook: /etc/libvirt/hooks/qemu DOMAIN OP SUBOP EXTRA,
 * the domain XML on stdin ---- */
int vmport_libvirt_hook(struct cli *c, int argc, char **argv)
{
	struct vmport_iface *ifs = NULL;
	const char *dom, *op;
	char why[VMPORT_WHYLEN], *xml;
	bool up, found, missing;
	size_t len, n, i, k;
	int ret = EXIT_OK, err;

	c->prog = "libvirt-qemu";
	if (argc < 3)
		return cli_usage(c, "usage: libvirt-qemu DOMAIN OPERATION [SUB-OPERATION EXTRA] "
				    "(libvirt's qemu hook; the domain XML on stdin)");
	dom = argv[1];
	op = argv[2];
	if (!strcmp(op, "started") || !strcmp(op, "reconnect"))
		up = true;
	else if (!strcmp(op, "stopped") || !strcmp(op, "release"))
		up = false;
	else
		return EXIT_OK; /* prepare, start, migrate, ...: nothing for brkit */
	err = brkit_read_fd(STDIN_FILENO, 64u << 20, &xml, &len);
	if (err)
		return cli_failmsg(c, "domain %s: reading the domain XML on stdin: %s", dom,
				   strerror(-err));
	if (vmport_libvirt_parse(xml, len, &ifs, &n, why, sizeof(why))) {
		free(xml);
		return cli_failmsg(c, "domain %s: %s", dom, why);
	}
	free(xml);
	if (!n) {
		fprintf(c->out, "domain %s: no bridge interface, nothing to do\n", dom);
		free(ifs);
		return EXIT_OK;
	}
	for (i = 0; i < n && ret == EXIT_OK; i++) {
		struct vmport_iface *f = &ifs[i];

		if (!up) {
			ret = do_down(c, f->dev);
			continue;
		}
		if (!f->has_spec) {
			ret = spec_from_conf(c, f->dev, &f->spec, &found, &missing);
			if (ret)
				break;
			if (!found) {
				fprintf(c->out,
					"%s: no brkit:port in domain %s's metadata and no line in "
					"%s: left as libvirt made it\n",
					f->dev, dom, config_path());
				continue;
			}
			if (strcmp(f->spec.bridge, f->bridge)) {
				ret = cli_failmsg(c, "%s: %s says bridge %s, the domain %s", f->dev,
						  config_path(), f->spec.bridge, f->bridge);
				break;
			}
			f->has_spec = true;
		}
		ret = do_up(c, f->dev, &f->spec);
		f->done = ret == EXIT_OK;
	}
	/* started: all or nothing for the domain; reconnect leaves running VMs alone */
	if (ret != EXIT_OK && up && !strcmp(op, "started")) {
		for (k = 0; k < n; k++)
			if (ifs[k].done)
				do_down(c, ifs[k].dev);
	}
	free(ifs);
	return ret;
}

cli_cmd_fn vmport_hook_for(const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t l = strlen(path);

	/* Run setuid or with file capabilities (AT_SECURE), brkit is the bridge
	 * helper or nothing: every other role would hand its caller the host. */
	if (getauxval(AT_SECURE) && strcmp(name, "qemu-bridge-helper"))
		return vmport_refuse_secure;

	if (!strcmp(name, "libvirt-qemu") || (l >= 11 && !strcmp(path + l - 11, "/hooks/qemu")))
		return vmport_libvirt_hook;
	if (!strcmp(name, "qemu-bridge-helper"))
		return vmport_bridge_helper;
	if (!strcmp(name, "qemu-ifup"))
		return vmport_qemu_ifup;
	if (!strcmp(name, "qemu-ifdown"))
		return vmport_qemu_ifdown;
	return NULL;
}

/* ---- qemu-bridge-helper: QEMU's -netdev bridge,br=BR,helper=PATH runs
 * PATH [--use-vnet] --br=BR --fd=N and takes the tap back over unix socket N.
 * Meant to run setuid root or with CAP_NET_ADMIN: it takes nothing from its
 * caller but the bridge name (and the environment only when the caller is
 * root, or when the file it names is root's and not writable by others). */

/* A file or directory only root could have written. */
static bool root_owned(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

static const char *trusted_env(const char *name)
{
	const char *v = getenv(name);

	if (!v || *v != '/')
		return NULL;
	if (getuid() == 0 && geteuid() == 0)
		return v;
	return root_owned(v) ? v : NULL;
}

static int send_fd(int sock, int fd)
{
	char byte = 0, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	ssize_t r;

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	do
		r = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r == 1 ? 0 : -errno;
}

static int drop_privileges(void)
{
	gid_t g = getgid();
	uid_t u = getuid();

	if (setresgid(g, g, g) < 0 || setresuid(u, u, u) < 0)
		return -errno;
	return 0;
}

/* The helper's spec: the first config line naming bridge @br, else the
 * defaults; the ACL from that line, the config's acl line, or QEMU's own
 * /etc/qemu/bridge.conf. */
static int helper_spec(struct cli *c, const char *br, struct vmport_spec *s)
{
	const char *path = trusted_env("BRKIT_CONFIG");
	char *text, *line, *next, why[VMPORT_WHYLEN], *w[64], acl[VMPORT_PATHLEN] = "";
	struct vmport_conf_match m;
	bool matched = false;
	int err;

	memset(s, 0, sizeof(*s));
	snprintf(s->bridge, sizeof(s->bridge), "%s", br);
	if (!path)
		path = VMPORT_CONFIG;
	err = vmport_load_file(path, &text, NULL);
	if (err && err != -ENOENT)
		return cli_failmsg(c, "%s: %s", path, strerror(-err));
	if (!err) {
		char *copy = strdup(text);

		/* check every line (and learn the acl line) */
		err = copy ? vmport_conf_find(copy, path, "", &m, why, sizeof(why)) : -ENOMEM;
		free(copy);
		if (err) {
			free(text);
			return cli_failmsg(c, "%s", err == -ENOMEM ? "out of memory" : why);
		}
		for (line = text; line; line = next) {
			struct vmport_spec t;
			int n = 0;
			char *p;

			next = strchr(line, '\n');
			if (next)
				*next++ = 0;
			for (p = strtok(line, " \t\r"); p && *p != '#' && n < 64;
			     p = strtok(NULL, " \t\r"))
				w[n++] = p;
			if (n == 2 && !strcmp(w[0], "acl")) {
				snprintf(acl, sizeof(acl), "%s", w[1]);
				continue;
			}
			if (n < 2 || vmport_spec_parse(&t, n - 1, w + 1, why, sizeof(why)))
				continue;
			if (!matched && !strcmp(t.bridge, br)) {
				*s = t; /* the first line naming the bridge */
				matched = true;
			}
		}
		free(text);
	}
	/* the helper creates its tap itself: no create, no owner */
	s->create = false;
	*s->user = 0;
	if (!*s->acl)
		snprintf(s->acl, sizeof(s->acl), "%s", *acl ? acl : "/etc/qemu/bridge.conf");
	return 0;
}

int vmport_bridge_helper(struct cli *c, int argc, char **argv)
{
	const char *br = NULL, *why;
	struct vmport_result res;
	struct vmport_spec s;
	struct vmport_ctx ctx;
	struct brkit_tap t = { 0 };
	unsigned long sock = 0;
	bool vnet = false, has_fd = false, allowed = false;
	char w[VMPORT_WHYLEN];
	struct brkit *h;
	int i, err;

	c->prog = "qemu-bridge-helper";
	hook_quiet = true;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--use-vnet"))
			vnet = true;
		else if (!strncmp(argv[i], "--br=", 5))
			br = argv[i] + 5;
		else if (!strncmp(argv[i], "--fd=", 5) &&
			 cli_parse_uint(argv[i] + 5, 0, 65535, &sock) == 0)
			has_fd = true;
		else
			return cli_usage(c,
					 "usage: qemu-bridge-helper [--use-vnet] --br=BR --fd=N "
					 "(bad argument '%s')",
					 argv[i]);
	}
	if (!br || !has_fd)
		return cli_usage(c, "usage: qemu-bridge-helper [--use-vnet] --br=BR --fd=N");
	if (brkit_ifname_check(br, &why))
		return cli_usage(c, "bridge '%s': %s", br, why);
	err = helper_spec(c, br, &s);
	if (err)
		return err;
	/* the ACL first: a denied bridge gets nothing, not even a tap */
	err = vmport_acl_check(s.acl, br, vmport_load_file, NULL, &allowed, w, sizeof(w));
	if (err)
		return cli_failmsg(c, "%s", w);
	if (!allowed)
		return cli_failmsg(c, "bridge %s is not allowed by the ACL %s", br, s.acl);
	memset(&ctx, 0, sizeof(ctx));
	ctx.state_dir = state_dir_for(c, state_base());
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	t.name = "tap%d";
	t.bridge = br;
	t.vnet_hdr = vnet;
	t.keep_fd = true; /* the tap lives as long as QEMU holds the fd */
	t.down = true;
	err = brkit_tap_add(h, &t);
	if (err)
		return cli_fail(c, err);
	err = vmport_up(h, &ctx, t.ifname, &s, &res);
	if (err) {
		close(t.fd);
		return cli_fail(c, err);
	}
	err = send_fd((int)sock, t.fd);
	if (err) { /* a failed plug leaves no state: undo it while the tap lives */
		bool managed;

		vmport_down(h, &ctx, t.ifname, &managed);
		close(t.fd);
		return cli_failmsg(c, "passing %s to QEMU on fd %lu: %s", t.ifname, sock,
				   strerror(-err));
	}
	close(t.fd);
	err = drop_privileges();
	if (err)
		return cli_failmsg(c, "dropping privileges: %s", strerror(-err));
	return EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit evpn apply|show: one EVPN host from its YAML description. brkit
 * builds the kernel layout FRR expects (a bridge and a VXLAN device a VNI)
 * by difference, configures FRR's BGP EVPN part through vtysh and reads back
 * what FRR learnt beside the kernel's FDB. The pure parts are evpn/. */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <json-c/json.h>
#include "cli/cli.h"
#include "cli/print.h"
#include "evpn/evpn.h"
#include "hooks/hook.h"
#include "hooks/vmport.h"

#define VTYSH_DEFAULT "/usr/bin/vtysh"

void cmd_evpn_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit [-n NETNS] [-j] evpn apply FILE [--dry-run] [--wait SECONDS]\n"
	      "       brkit [-n NETNS] [-j] evpn show [FILE] [vni N]\n"
	      "  options of both: --vty-socket DIR  --pathspace NAME (FRR's vtysh --vty_socket\n"
	      "                   and -N; the file's frr: section gives them too)\n"
	      "  apply: build the bridges and VXLAN devices of FILE's VNIs by difference,\n"
	      "         delete those of VNIs removed from it, configure FRR's BGP EVPN part\n"
	      "         through vtysh and wait (--wait, default 30 s) until FRR lists every VNI.\n"
	      "  show:  VNIs, remote VTEPs, BGP sessions and remote MACs from FRR, beside the\n"
	      "         kernel FDB of each VXLAN device.\n"
	      "  The file format: brkit-evpn(8). vtysh is /usr/bin/vtysh (BRKIT_VTYSH).\n",
	      f);
}

/* ---- vtysh ---- */
struct frr_target {
	char vty_socket[EVPN_PATHLEN];
	char pathspace[64];
	const char *vtysh;
};

static void frr_target(struct frr_target *t, const struct evpn_spec *s, const char *sock,
		       const char *ps)
{
	const char *env = getenv("BRKIT_VTYSH");

	memset(t, 0, sizeof(*t));
	snprintf(t->vty_socket, sizeof(t->vty_socket), "%s", sock ? sock : s ? s->vty_socket : "");
	snprintf(t->pathspace, sizeof(t->pathspace), "%s", ps ? ps : s ? s->pathspace : "");
	/* vtysh -N NAME looks for the sockets in DIR/NAME/, but daemons started
	 * with --vty_socket DIR (and -N NAME) put them in DIR: the folder wins */
	if (t->vty_socket[0])
		t->pathspace[0] = 0;
	t->vtysh = env && *env ? env : VTYSH_DEFAULT;
}

/* Run vtysh with @cmds as -c arguments; its output (stdout and stderr) in
 * *@out (malloc'd). Returns its exit status, or -errno when it could not run
 * (-ENOENT: no such program). */
static int vtysh_run(const struct frr_target *t, char **cmds, int ncmds, char **out)
{
	char **argv;
	int pfd[2], st, n = 0, i;
	size_t len = 0, cap = 0;
	pid_t pid;

	*out = NULL;
	if (access(t->vtysh, X_OK))
		return -errno;
	argv = calloc((size_t)ncmds * 2 + 8, sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	argv[n++] = (char *)t->vtysh;
	if (t->vty_socket[0]) {
		argv[n++] = (char *)"--vty_socket";
		argv[n++] = (char *)t->vty_socket;
	}
	if (t->pathspace[0]) {
		argv[n++] = (char *)"-N";
		argv[n++] = (char *)t->pathspace;
	}
	for (i = 0; i < ncmds; i++) {
		argv[n++] = (char *)"-c";
		argv[n++] = cmds[i];
	}
	if (pipe2(pfd, O_CLOEXEC)) {
		free(argv);
		return -errno;
	}
	pid = fork();
	if (pid < 0) {
		free(argv);
		close(pfd[0]);
		close(pfd[1]);
		return -errno;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		execv(argv[0], argv);
		_exit(127);
	}
	free(argv);
	close(pfd[1]);
	for (;;) {
		ssize_t r;

		if (len + 4096 + 1 > cap) {
			char *nb = realloc(*out, cap ? cap * 2 : 16384);

			if (!nb)
				break;
			*out = nb;
			cap = cap ? cap * 2 : 16384;
		}
		r = read(pfd[0], *out + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(pfd[0]);
	if (!*out)
		*out = calloc(1, 1);
	else
		(*out)[len] = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st))
		return WEXITSTATUS(st) == 127 ? -ENOEXEC : WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* One vtysh command, checked: 0 with *@out, or EXIT_FAIL after printing
 * that FRR is not installed or not running. */
static int vtysh_show(struct cli *c, const struct frr_target *t, const char *cmd, char **out)
{
	char *cmds[1] = { (char *)cmd };
	int r = vtysh_run(t, cmds, 1, out);

	if (r == -ENOENT || r == -EACCES || r == -ENOEXEC)
		return cli_failmsg(c,
				   "FRR is not installed: %s cannot be run (%s; Debian package "
				   "frr, or BRKIT_VTYSH)",
				   t->vtysh, r == -ENOEXEC ? "exec failed" : strerror(-r));
	if (r < 0)
		return cli_failmsg(c, "running %s: %s", t->vtysh, strerror(-r));
	if (r != 0 || strstr(*out, "failed to connect")) {
		char *nl;

		nl = strchr(*out, '\n');
		if (strstr(*out, "failed to connect"))
			cli_failmsg(c,
				    "FRR is not running: vtysh finds no daemon's socket in %s%s%s "
				    "(for daemons started with --vty_socket DIR give --vty-socket "
				    "DIR; with -N NAME alone, --pathspace NAME)",
				    t->vty_socket[0] ? t->vty_socket : "FRR's default folder",
				    t->pathspace[0] ? ", pathspace " : "", t->pathspace);
		else
			cli_failmsg(c, "vtysh '%s' failed (exit %d): %.*s", cmd, r,
				    nl ? (int)(nl - *out) : (int)strlen(*out), *out);
		free(*out);
		*out = NULL;
		return EXIT_FAIL;
	}
	return 0;
}

static struct json_object *vtysh_json(struct cli *c, const struct frr_target *t, const char *cmd,
				      int *ret)
{
	struct json_object *j;
	char *out;

	*ret = vtysh_show(c, t, cmd, &out);
	if (*ret)
		return NULL;
	j = json_tokener_parse(out);
	free(out);
	if (!j || !json_object_is_type(j, json_type_object)) {
		json_object_put(j);
		return json_object_new_object(); /* e.g. "% No BGP neighbors found" */
	}
	return j;
}

/* ---- kernel state ---- */
struct st_ctx {
	struct evpn_state st;
	size_t cap;
};

static int link_cb(const struct brkit_link *l, void *arg)
{
	struct st_ctx *x = arg;
	struct evpn_link *e;

	if (x->st.n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 64;
		struct evpn_link *nv = realloc(x->st.links, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		x->st.links = nv;
		x->cap = cap;
	}
	e = &x->st.links[x->st.n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", l->ifname);
	e->ifindex = l->ifindex;
	snprintf(e->kind, sizeof(e->kind), "%s", l->kind);
	e->master = l->master;
	e->up = l->flags & IFF_UP;
	return 0;
}

static struct evpn_link *st_find(struct evpn_state *st, int ifindex)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (st->links[i].ifindex == ifindex)
			return &st->links[i];
	return NULL;
}

static int vx_cb(const struct brkit_vxlan_info *vx, void *arg)
{
	struct evpn_link *e = st_find(arg, vx->link.ifindex);

	if (e) {
		e->vni = vx->vni;
		e->local = vx->local;
		e->dstport = vx->dstport;
		e->learning = vx->learning;
	}
	return 0;
}

static int read_state(struct brkit *h, struct evpn_state *out)
{
	struct st_ctx x = { 0 };
	struct brkit_bridge_list bl = { 0 };
	size_t i, j;
	int err;

	err = brkit_link_foreach(h, link_cb, &x);
	if (!err)
		err = brkit_vxlan_foreach(h, vx_cb, &x.st);
	if (!err)
		err = brkit_bridge_list(h, NULL, &bl);
	if (err) {
		free(x.st.links);
		return err;
	}
	for (i = 0; i < bl.n; i++)
		for (j = 0; j < bl.bridges[i].nports; j++) {
			const struct brkit_port_info *pi = &bl.bridges[i].ports[j];
			struct evpn_link *e = st_find(&x.st, pi->ifindex);

			if (!e)
				continue;
			e->is_port = true;
			e->port_learning = pi->flags & BRKIT_PF_LEARNING;
			e->neigh_suppress = pi->flags & BRKIT_PF_NEIGH_SUPPRESS;
		}
	brkit_bridge_list_free(&bl);
	*out = x.st;
	return 0;
}

/* Is @arg (a struct brkit_ipaddr) an address of this namespace? */
static int local_cb(struct brkit *h, void *arg)
{
	const struct brkit_ipaddr *ip = arg;
	struct ifaddrs *ifa, *i;
	int found = 0;

	(void)h;
	if (getifaddrs(&ifa))
		return -errno;
	for (i = ifa; i && !found; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != ip->family)
			continue;
		if (ip->family == AF_INET)
			found = !memcmp(&((struct sockaddr_in *)i->ifa_addr)->sin_addr, ip->addr,
					4);
		else
			found = !memcmp(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, ip->addr,
					16);
	}
	freeifaddrs(ifa);
	return found;
}

/* ---- apply ---- */
static int run_act(struct brkit *h, const struct evpn_spec *s, const struct evpn_act *a)
{
	struct brkit_bridge_opts bo = { .mask = BRKIT_BR_UP, .up = true };
	struct brkit_port_opts po = { 0 };
	struct brkit_vxlan_cfg cfg;

	switch (a->kind) {
	case EVPN_BRIDGE_ADD:
		return brkit_bridge_add(h, a->dev, &bo);
	case EVPN_BRIDGE_UP:
	case EVPN_VXLAN_UP:
		return brkit_link_set_up(h, a->dev, true);
	case EVPN_VXLAN_DEL:
		return brkit_vxlan_del(h, a->dev);
	case EVPN_VXLAN_ADD:
		brkit_vxlan_cfg_init(&cfg, a->dev, a->vni);
		cfg.local = s->vtep;
		cfg.dstport = s->dstport;
		cfg.learning = false;
		cfg.bridge = a->bridge;
		cfg.up = true;
		return brkit_vxlan_add(h, &cfg);
	case EVPN_VXLAN_MASTER:
		if (a->from[0]) {
			int err = brkit_bridge_delif(h, a->from, a->dev);

			if (err)
				return err;
		}
		return brkit_bridge_addif(h, a->bridge, a->dev);
	case EVPN_PORT_FLAGS:
		po.flags_mask = BRKIT_PF_LEARNING | BRKIT_PF_NEIGH_SUPPRESS;
		po.flags = BRKIT_PF_NEIGH_SUPPRESS;
		return brkit_port_set(h, a->bridge, a->dev, &po);
	case EVPN_BRIDGE_DEL:
		return brkit_bridge_del(h, a->dev);
	}
	return -EINVAL;
}

/* A later step failed: delete the devices this apply created (in reverse);
 * returns how many other changes stay (flags, up, enslave, deletions). */
static size_t undo_creations(struct brkit *h, const struct evpn_act *a, size_t done)
{
	size_t other = 0;

	while (done--) {
		if (a[done].kind == EVPN_VXLAN_ADD)
			brkit_vxlan_del(h, a[done].dev);
		else if (a[done].kind == EVPN_BRIDGE_ADD)
			brkit_bridge_del(h, a[done].dev);
		else if (a[done].kind != EVPN_PORT_FLAGS ||
			 (done && a[done - 1].kind != EVPN_VXLAN_ADD))
			other++;
	}
	return other;
}

static void print_act(struct pr *p, const struct evpn_act *a, bool dry)
{
	pr_open_obj(p, NULL);
	pr_uint(p, PR_ANY, "vni", "  VNI %u: ", a->vni);
	pr_text(p, "%s", dry ? "would " : "");
	pr_str(p, PR_ANY, "action", "%s ", evpn_act_name(a->kind));
	pr_str(p, PR_ANY, "dev", "%s", a->dev);
	if (a->bridge[0] && a->kind != EVPN_VXLAN_DEL)
		pr_str(p, PR_ANY, "bridge", " in %s", a->bridge);
	if (a->kind == EVPN_PORT_FLAGS)
		pr_text(p, " (learning off, neigh_suppress on)");
	if (a->why[0])
		pr_str(p, PR_ANY, "why", ": %s", a->why);
	pr_text(p, "\n");
	pr_close_obj(p);
}

/* The VLAN -> VNI -> bridge map vm-port reads (vm-port up TAP vlan N):
 * VMPORT_EVPN_DIR[/net-INODE]/vlans, root's, replaced atomically. */
static int write_map(struct cli *c, const struct evpn_spec *s, char *path, size_t plen)
{
	char dbuf[VMPORT_PATHLEN], tmp[VMPORT_PATHLEN + 32];
	const char *dir = vmport_dir_for(c, VMPORT_EVPN_DIR, dbuf, sizeof(dbuf));
	FILE *f;
	size_t i;
	int fd;

	snprintf(path, plen, "%s/%s", dir, VMPORT_EVPN_MAP);
	if (mkdir("/run/brkit", 0755) && errno != EEXIST)
		return -errno;
	if (mkdir(VMPORT_EVPN_DIR, 0755) && errno != EEXIST)
		return -errno;
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return -ENOMEM;
	}
	fprintf(f, "# brkit evpn apply: VLAN -> VNI -> bridge (vm-port up TAP vlan N)\n");
	for (i = 0; i < s->nvnis; i++)
		fprintf(f, "vlan %u vni %u bridge %s\n", s->vnis[i].vlan, s->vnis[i].vni,
			s->vnis[i].bridge);
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -EIO;
	}
	return 0;
}

/* 0 when FRR's `show evpn vni json` @j lists every VNI of @s, else the
 * first it lacks. */
static uint32_t frr_lacks_vni(struct json_object *j, const struct evpn_spec *s)
{
	char key[16];
	size_t i;

	for (i = 0; i < s->nvnis; i++) {
		snprintf(key, sizeof(key), "%u", s->vnis[i].vni);
		if (!json_object_object_get_ex(j, key, NULL))
			return s->vnis[i].vni;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct opts {
	const char *file;
	const char *sock, *pathspace;
	bool dry;
	unsigned long wait_s;
	bool has_vni;
	unsigned long vni;
};

static int parse_opts(struct cli *c, int argc, char **argv, bool apply, struct opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->wait_s = 30;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--dry-run") && apply) {
			o->dry = true;
		} else if ((!strcmp(a, "--vty-socket") || !strcmp(a, "--pathspace") ||
			    (!strcmp(a, "--wait") && apply) || (!strcmp(a, "vni") && !apply))) {
			if (i + 1 >= argc)
				return cli_usage(c, "evpn %s: %s needs a value", argv[0], a);
			i++;
			if (!strcmp(a, "--vty-socket")) {
				if (argv[i][0] != '/' || strlen(argv[i]) >= EVPN_PATHLEN - 16)
					return cli_usage(
						c,
						"evpn: --vty-socket '%s' must be an absolute "
						"directory path",
						argv[i]);
				o->sock = argv[i];
			} else if (!strcmp(a, "--pathspace")) {
				if (strchr(argv[i], '/') || !argv[i][0] || strlen(argv[i]) >= 64)
					return cli_usage(
						c, "evpn: --pathspace '%s' is not a plain name",
						argv[i]);
				o->pathspace = argv[i];
			} else if (!strcmp(a, "--wait")) {
				if (cli_parse_uint(argv[i], 0, 3600, &o->wait_s))
					return cli_usage(c,
							 "evpn apply: --wait '%s' is not 0..3600",
							 argv[i]);
			} else {
				if (cli_parse_uint(argv[i], 1, BRKIT_VXLAN_VNI_MAX, &o->vni))
					return cli_usage(c,
							 "evpn show: VNI '%s' is not 1..16777215",
							 argv[i]);
				o->has_vni = true;
			}
		} else if (a[0] != '-' && !o->file) {
			o->file = a;
		} else {
			cmd_evpn_usage(c, c->err);
			return cli_usage(c, "evpn %s: unknown argument '%s'", argv[0], a);
		}
	}
	if (apply && !o->file) {
		cmd_evpn_usage(c, c->err);
		return cli_usage(c, "evpn apply: a host file is needed");
	}
	return 0;
}

static int load(struct cli *c, const char *file, struct evpn_spec *s)
{
	char why[512];
	int err = evpn_spec_load(file, s, why, sizeof(why));

	if (err == -ENOMEM)
		return cli_failmsg(c, "%s: out of memory", file);
	if (err)
		return cli_usage(c, "evpn: %s", why);
	return 0;
}

/* The host checks: the VTEP is an address here, the underlay devices exist. */
static int check_host(struct cli *c, struct brkit *h, const char *file, const struct evpn_spec *s)
{
	struct brkit_link l;
	size_t i;
	int r;

	r = brkit_in_netns(h, local_cb, (void *)&s->vtep);
	if (r < 0)
		return cli_fail(c, r);
	if (r == 0)
		return cli_usage(c,
				 "evpn: %s:%u: vtep %s is not an address of this host%s%s (add "
				 "it first, e.g. to lo)",
				 file, s->vtep_line, s->vtep_str, c->netns ? " in namespace " : "",
				 c->netns ? c->netns : "");
	for (i = 0; i < s->nunderlay; i++)
		if (brkit_link_get(h, s->underlay[i], &l) == -ENODEV)
			return cli_usage(c, "evpn: %s:%u: underlay %s: no such device", file,
					 s->underlay_line[i], s->underlay[i]);
	return 0;
}

static int cmd_apply(struct cli *c, int argc, char **argv)
{
	struct evpn_spec s;
	struct evpn_state st = { 0 };
	struct evpn_act *acts = NULL;
	struct frr_target t;
	struct opts o;
	struct brkit *h;
	struct pr p;
	char **cmds = NULL, *run = NULL, why[512];
	int ncmds = 0, missing, ret, err;
	size_t n = 0, done = 0, i;
	bool frr_changed = false;

	ret = parse_opts(c, argc, argv, true, &o);
	if (ret)
		return ret;
	ret = load(c, o.file, &s);
	if (ret)
		return ret;
	frr_target(&t, &s, o.sock, o.pathspace);
	if (o.sock && !s.save_given)
		s.save = false; /* another FRR than the system's: see evpn.h */
	h = cli_handle(c);
	if (!h) {
		ret = EXIT_FAIL;
		goto out;
	}
	ret = check_host(c, h, o.file, &s);
	if (ret)
		goto out;
	/* FRR first: not installed, not running, another AS: nothing changed */
	ret = vtysh_show(c, &t, "show running-config", &run);
	if (ret)
		goto out;
	missing = evpn_frr_missing(run, &s, why, sizeof(why));
	if (missing < 0) {
		ret = cli_failmsg(c, "evpn: %s", why);
		goto out;
	}
	err = read_state(h, &st);
	if (err) {
		ret = cli_fail(c, err);
		goto out;
	}
	err = evpn_plan(&s, &st, &acts, &n, why, sizeof(why));
	if (err) {
		ret = err == -ENOMEM ? cli_failmsg(c, "out of memory")
				     : cli_failmsg(c, "evpn: %s (nothing changed)", why);
		goto out;
	}
	ncmds = evpn_frr_commands(&s, &cmds);
	if (ncmds < 0) {
		ncmds = 0;
		ret = cli_failmsg(c, "out of memory");
		goto out;
	}
	/* FRR before the kernel: a configuration FRR refuses leaves the kernel
	 * as it was (FRR keeps what it accepted before the refused line) */
	if (missing && !o.dry) {
		char *res = NULL;
		int r = vtysh_run(&t, cmds, ncmds, &res);
		const char *bad = res ? strstr(res, "% ") : NULL;

		if (r || bad) {
			const char *e = bad ? bad : res ? res : "";
			const char *nl = strchr(e, '\n');

			ret = cli_failmsg(
				c,
				"evpn: FRR refused the configuration (vtysh exit %d): %.*s "
				"(the kernel unchanged)",
				r, nl ? (int)(nl - e) : (int)strlen(e), e);
			free(res);
			goto out;
		}
		free(res);
		frr_changed = true;
	}
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_obj(&p, NULL);
	pr_str(&p, PR_ANY, "file", "evpn %s", o.file);
	pr_str(&p, PR_ANY, "vtep", ": vtep %s", s.vtep_str);
	pr_uint(&p, PR_ANY, "vnis", s.nvnis == 1 ? ", %u VNI" : ", %u VNIs", (unsigned int)s.nvnis);
	pr_bool(&p, PR_JSON, "dry_run", "%d", o.dry);
	pr_text(&p, "%s\n", o.dry ? " (dry run)" : "");
	pr_open_arr(&p, "kernel");
	for (i = 0; i < n; i++) {
		if (!o.dry) {
			err = run_act(h, &s, &acts[i]);
			if (err) {
				char msg[512];
				size_t other;

				snprintf(msg, sizeof(msg), "%s",
					 brkit_errmsg(h)[0] ? brkit_errmsg(h) : strerror(-err));
				other = undo_creations(h, acts, done);
				pr_close_arr(&p);
				pr_close_obj(&p);
				pr_end(&p);
				cli_flush_out(c);
				if (other)
					ret = cli_failmsg(
						c,
						"evpn: %s %s (VNI %u): %s (the devices this "
						"apply created are deleted again; %zu other "
						"changes before it stay: apply again)",
						evpn_act_name(acts[i].kind), acts[i].dev,
						acts[i].vni, msg, other);
				else
					ret = cli_failmsg(c, "evpn: %s %s (VNI %u): %s (%s)",
							  evpn_act_name(acts[i].kind), acts[i].dev,
							  acts[i].vni, msg,
							  frr_changed
								  ? "the kernel unchanged; FRR's "
								    "configuration was sent"
								  : "nothing changed");
				goto out;
			}
			done++;
		}
		print_act(&p, &acts[i], o.dry);
	}
	pr_close_arr(&p);
	if (!n)
		pr_text(&p, "  kernel: unchanged\n");
	if (!o.dry) {
		char mpath[VMPORT_PATHLEN + 16];

		err = write_map(c, &s, mpath, sizeof(mpath));
		if (err) {
			pr_close_obj(&p);
			pr_end(&p);
			cli_flush_out(c);
			ret = cli_failmsg(c, "evpn: writing the VLAN map %s: %s", mpath,
					  strerror(-err));
			goto out;
		}
		pr_str(&p, PR_JSON, "vlan_map", "%s", mpath);
	}
	pr_open_obj(&p, "frr");
	pr_uint(&p, PR_JSON, "as", "%u", s.asn);
	pr_bool(&p, PR_JSON, "changed", "%d", frr_changed);
	if (missing && o.dry) {
		pr_text(&p, "  would configure FRR (router bgp %u):\n", s.asn);
		pr_open_arr(&p, "commands");
		for (i = 0; i < (size_t)ncmds; i++)
			pr_str(&p, PR_ANY, NULL, "    %s\n", cmds[i]);
		pr_close_arr(&p);
	} else if (missing) {
		pr_uint(&p, PR_ANY, "commands", "  frr: configured router bgp %u", s.asn);
		pr_text(&p, " (%d vtysh commands)\n", ncmds);
	} else {
		pr_text(&p, "  frr: unchanged (router bgp %u)\n", s.asn);
	}
	pr_close_obj(&p);
	pr_bool(&p, PR_JSON, "changed", "%d", n || frr_changed);
	if (!n && !frr_changed && !o.dry)
		pr_text(&p, "  nothing changed\n");
	/* the check: FRR lists each VNI */
	if (!o.dry && s.nvnis) {
		double end = now_s() + (double)o.wait_s;
		struct json_object *j = NULL;
		uint32_t lacks = 0;

		for (;;) {
			j = vtysh_json(c, &t, "show evpn vni json", &ret);
			if (!j)
				break;
			lacks = frr_lacks_vni(j, &s);
			json_object_put(j);
			if (!lacks || now_s() >= end)
				break;
			usleep(200 * 1000);
		}
		if (!j || lacks) {
			pr_close_obj(&p);
			pr_end(&p);
			cli_flush_out(c);
			if (!ret) {
				const struct evpn_vni *v = evpn_spec_vni(&s, lacks);

				ret = cli_failmsg(
					c,
					"evpn: FRR does not list VNI %u (vxlan %s, bridge "
					"%s) after %lu s (vtysh show evpn vni); its zebra "
					"may not see the devices or advertise-all-vni",
					lacks, v->vxlan, v->bridge, o.wait_s);
			}
			goto out;
		}
		pr_bool(&p, PR_JSON, "checked", "%d", true);
		pr_text(&p,
			s.nvnis == 1 ? "  check: FRR lists the VNI\n"
				     : "  check: FRR lists all %u VNIs\n",
			(unsigned int)s.nvnis);
	}
	pr_close_obj(&p);
	pr_end(&p);
	ret = cli_flush_out(c) ? EXIT_FAIL : EXIT_OK;
out:
	evpn_strv_free(cmds, ncmds);
	free(run);
	free(acts);
	free(st.links);
	evpn_spec_free(&s);
	return ret;
}

/* ---- show ---- */
static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return json_object_get_string(v);
}

/* The VXLAN device's own FDB entries with a remote, collected first so the
 * remote MACs can say whether the kernel holds them. */
struct fdb_list {
	struct brkit_fdb_entry *v;
	size_t n, cap;
};

static int fdb_cb(const struct brkit_fdb_entry *e, void *arg)
{
	struct fdb_list *fl = arg;

	if (!e->dst_family || !(e->flags & NTF_SELF))
		return 0;
	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 32;
		struct brkit_fdb_entry *nv = realloc(fl->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		fl->v = nv;
		fl->cap = cap;
	}
	fl->v[fl->n++] = *e;
	return 0;
}

static bool fdb_has_remote(const struct fdb_list *fl, const char *mac, const char *vtep)
{
	char m[18], d[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < fl->n; i++) {
		if (!(fl->v[i].flags & NTF_EXT_LEARNED))
			continue;
		cli_format_mac(fl->v[i].mac, m);
		inet_ntop(fl->v[i].dst_family, fl->v[i].dst, d, sizeof(d));
		if (!strcasecmp(m, mac) && (!vtep || !strcmp(d, vtep)))
			return true;
	}
	return false;
}

static void print_fdb(struct pr *p, const struct fdb_list *fl)
{
	static const uint8_t zero[6];
	char mac[18], dst[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < fl->n; i++) {
		const struct brkit_fdb_entry *e = &fl->v[i];

		inet_ntop(e->dst_family, e->dst, dst, sizeof(dst));
		cli_format_mac(e->mac, mac);
		pr_open_obj(p, NULL);
		pr_str(p, PR_ANY, "mac", "    fdb %s", mac);
		pr_str(p, PR_ANY, "dst", " dst %s", dst);
		pr_bool(p, PR_JSON, "extern_learn", "%d", !!(e->flags & NTF_EXT_LEARNED));
		pr_bool(p, PR_JSON, "flood", "%d", !memcmp(e->mac, zero, 6));
		pr_bool(p, PR_JSON, "permanent", "%d", !!(e->state & NUD_PERMANENT));
		if (e->flags & NTF_EXT_LEARNED)
			pr_text(p, " extern_learn");
		if (!memcmp(e->mac, zero, 6))
			pr_text(p, " (flood)");
		pr_text(p, "\n");
		pr_close_obj(p);
	}
}

static void show_vni(struct cli *c, struct pr *p, uint32_t vni, const struct evpn_vni *v,
		     struct json_object *jv, struct json_object *jm)
{
	struct json_object *rv, *macs;
	struct brkit_fdb_filter f = { 0 };
	struct fdb_list fl = { 0 };
	struct brkit_link l;
	const char *vx = v ? v->vxlan : jstr(jv, "vxlanIf");
	size_t i;

	if (vx && cli_handle(c) && !brkit_link_get(c->h, vx, &l)) {
		f.dev = l.ifindex;
		brkit_fdb_foreach(c->h, &f, fdb_cb, &fl);
	}
	pr_open_obj(p, NULL);
	pr_uint(p, PR_ANY, "vni", "VNI %u", vni);
	if (v) {
		pr_uint(p, PR_ANY, "vlan", "  vlan %u", v->vlan);
		pr_str(p, PR_ANY, "bridge", "  bridge %s", v->bridge);
	}
	if (vx)
		pr_str(p, PR_ANY, "vxlan", "  vxlan %s", vx);
	pr_bool(p, PR_JSON, "frr", "%d", jv != NULL);
	pr_text(p, "  %s", jv ? "known to FRR" : "NOT known to FRR");
	pr_text(p, "\n");
	pr_open_arr(p, "remote_vteps");
	if (jv && json_object_object_get_ex(jv, "remoteVteps", &rv) &&
	    json_object_is_type(rv, json_type_array)) {
		for (i = 0; i < json_object_array_length(rv); i++)
			pr_str(p, PR_ANY, NULL, "  remote VTEP %s\n",
			       json_object_get_string(json_object_array_get_idx(rv, i)));
	}
	pr_close_arr(p);
	pr_open_arr(p, "remote_macs");
	if (jm && json_object_object_get_ex(jm, "macs", &macs)) {
		json_object_object_foreach(macs, mac, mo)
		{
			const char *type = jstr(mo, "type"), *vtep = jstr(mo, "remoteVtep");
			bool in_kernel;

			if (!type || strcmp(type, "remote"))
				continue;
			in_kernel = fdb_has_remote(&fl, mac, vtep);
			pr_open_obj(p, NULL);
			pr_str(p, PR_ANY, "mac", "  remote MAC %s", mac);
			pr_str(p, PR_ANY, "vtep", " via %s", vtep ? vtep : "?");
			pr_bool(p, PR_JSON, "in_kernel", "%d", in_kernel);
			pr_text(p, "%s\n",
				in_kernel ? ", in the kernel FDB" : ", NOT in the kernel FDB");
			pr_close_obj(p);
		}
	}
	pr_close_arr(p);
	pr_open_arr(p, "fdb");
	print_fdb(p, &fl);
	pr_close_arr(p);
	pr_close_obj(p);
	free(fl.v);
}

static int cmd_show(struct cli *c, int argc, char **argv)
{
	struct evpn_spec s;
	struct frr_target t;
	struct json_object *jv = NULL, *jb = NULL, *jm = NULL, *peers, *x, *y;
	struct opts o;
	struct pr p;
	const char *v;
	bool have_file;
	size_t i;
	int ret;

	memset(&s, 0, sizeof(s));
	ret = parse_opts(c, argc, argv, false, &o);
	if (ret)
		return ret;
	have_file = o.file != NULL;
	if (have_file) {
		ret = load(c, o.file, &s);
		if (ret)
			return ret;
		if (o.has_vni && !evpn_spec_vni(&s, (uint32_t)o.vni)) {
			ret = cli_usage(c, "evpn show: unknown VNI %lu: %s does not list it", o.vni,
					o.file);
			goto out;
		}
	}
	frr_target(&t, have_file ? &s : NULL, o.sock, o.pathspace);
	if (!cli_handle(c)) {
		ret = EXIT_FAIL;
		goto out;
	}
	jv = vtysh_json(c, &t, "show evpn vni json", &ret);
	if (jv)
		jb = vtysh_json(c, &t, "show bgp l2vpn evpn summary json", &ret);
	if (jb)
		jm = vtysh_json(c, &t, "show evpn mac vni all json", &ret);
	if (!jm)
		goto out;
	if (!have_file && o.has_vni) {
		char key[16];

		snprintf(key, sizeof(key), "%lu", o.vni);
		if (!json_object_object_get_ex(jv, key, NULL)) {
			ret = cli_usage(c, "evpn show: unknown VNI %lu: FRR does not list it",
					o.vni);
			goto out;
		}
	}
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_obj(&p, NULL);
	if (have_file)
		pr_str(&p, PR_ANY, "vtep", "vtep %s\n", s.vtep_str);
	pr_open_arr(&p, "vnis");
	if (have_file) {
		for (i = 0; i < s.nvnis; i++) {
			char key[16];

			if (o.has_vni && s.vnis[i].vni != o.vni)
				continue;
			snprintf(key, sizeof(key), "%u", s.vnis[i].vni);
			x = y = NULL;
			json_object_object_get_ex(jv, key, &x);
			json_object_object_get_ex(jm, key, &y);
			show_vni(c, &p, s.vnis[i].vni, &s.vnis[i], x, y);
		}
	} else {
		json_object_object_foreach(jv, key, val)
		{
			unsigned long vni;

			if (cli_parse_uint(key, 0, BRKIT_VXLAN_VNI_MAX, &vni) ||
			    (o.has_vni && vni != o.vni))
				continue;
			y = NULL;
			json_object_object_get_ex(jm, key, &y);
			show_vni(c, &p, (uint32_t)vni, NULL, val, y);
		}
	}
	if (!have_file && !json_object_object_length(jv))
		pr_text(&p, "FRR knows no VNI\n");
	pr_close_arr(&p);
	pr_open_obj(&p, "bgp");
	v = jstr(jb, "as");
	if (v)
		pr_num(&p, PR_ANY, "as", "BGP AS %s", v);
	else
		pr_text(&p, "BGP: FRR runs no l2vpn evpn instance");
	v = jstr(jb, "routerId");
	if (v)
		pr_str(&p, PR_ANY, "router_id", " router-id %s", v);
	pr_text(&p, "\n");
	pr_open_arr(&p, "peers");
	if (json_object_object_get_ex(jb, "peers", &peers)) {
		json_object_object_foreach(peers, addr, po)
		{
			pr_open_obj(&p, NULL);
			pr_str(&p, PR_ANY, "peer", "  peer %s", addr);
			v = jstr(po, "hostname");
			if (v)
				pr_str(&p, PR_ANY, "hostname", " (%s)", v);
			v = jstr(po, "remoteAs");
			if (v)
				pr_num(&p, PR_ANY, "remote_as", " AS %s", v);
			v = jstr(po, "state");
			pr_str(&p, PR_ANY, "state", " %s", v ? v : "?");
			v = jstr(po, "pfxRcd");
			if (v)
				pr_num(&p, PR_ANY, "prefixes_received", ", %s prefixes received",
				       v);
			pr_text(&p, "\n");
			pr_close_obj(&p);
		}
	}
	pr_close_arr(&p);
	pr_close_obj(&p);
	pr_close_obj(&p);
	pr_end(&p);
	ret = cli_flush_out(c) ? EXIT_FAIL : EXIT_OK;
out:
	json_object_put(jv);
	json_object_put(jb);
	json_object_put(jm);
	evpn_spec_free(&s);
	return ret;
}

int cmd_evpn(struct cli *c, int argc, char **argv)
{
	if (argc < 1) {
		cmd_evpn_usage(c, c->err);
		return cli_usage(c, "evpn: apply or show?");
	}
	if (!strcmp(argv[0], "apply"))
		return cmd_apply(c, argc, argv);
	if (!strcmp(argv[0], "show"))
		return cmd_show(c, argc, argv);
	cmd_evpn_usage(c, c->err);
	return cli_usage(c, "evpn: unknown verb '%s' (apply, show)", argv[0]);
}

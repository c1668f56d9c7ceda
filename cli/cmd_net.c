// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit net: virtual networks as libvirt makes them (NAT, routed, isolated)
 * with dnsmasq and one nftables table each. The work is net/'s; here the
 * verbs, the messages and show. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/print.h"
#include "hooks/hook.h"
#include "hooks/vmport.h"
#include "net/apply.h"
#include "nl/util.h"

void cmd_net_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit net add NAME mode nat|routed|isolated address CIDR\n"
	      "                 [dhcp FIRST-LAST] [dns on|off] [domain DOMAIN] [uplink DEV]\n"
	      "                 [bridge BR] [mtu N] [ipv6 CIDR]\n"
	      "       brkit net del NAME\n"
	      "       brkit [-j] net show [NAME]\n"
	      "       brkit [-j] net list\n"
	      "       brkit net host add NAME mac MAC ip IP [name HOST]\n"
	      "       brkit net host del NAME mac MAC\n"
	      "       brkit net import FILE.xml   (a libvirt <network> definition)\n",
	      f);
}

enum { NO_LOCK, LOCK, LOCK_CREATE };

/* Into the namespace, a handle, the state root of that namespace, and its
 * lock when @lock asks (LOCK_CREATE: make the state directory too). */
static int env_open(struct cli *c, struct net_env *e, int lock)
{
	const char *v;
	unsigned long n;

	memset(e, 0, sizeof(*e));
	e->lockfd = -1;
	if (geteuid() != 0)
		return cli_failmsg(c, "net: needs root (it changes the namespace's networking)");
	{
		char buf[NET_PATHLEN];

		snprintf(e->root, sizeof(e->root), "%s",
			 vmport_dir_for(c, NET_STATE_DIR, buf, sizeof(buf)));
	}
	if (net_enter(c->netns, e->why, sizeof(e->why)))
		return cli_failmsg(c, "%s", e->why);
	e->h = cli_handle(c);
	if (!e->h)
		return EXIT_FAIL;
	v = getenv("BRKIT_NET_FAIL_AFTER");
	if (v && cli_parse_uint(v, 1, 100, &n) == 0)
		e->fail_after = (unsigned int)n;
	v = getenv("BRKIT_NET_CRASH_AFTER");
	if (v && cli_parse_uint(v, 1, 100, &n) == 0)
		e->crash_after = (unsigned int)n;
	if (lock != NO_LOCK && net_lock(e, lock == LOCK_CREATE))
		return cli_failmsg(c, "%s", e->why);
	return 0;
}

static int do_add(struct cli *c, struct net_spec *s)
{
	char why[NET_WHYLEN], a[INET_ADDRSTRLEN];
	struct net_env e;
	bool same;
	int err;

	if (net_spec_check(s, why, sizeof(why)))
		return cli_usage(c, "%s", why);
	err = env_open(c, &e, LOCK_CREATE);
	if (err)
		return err;
	err = net_add(&e, s, &same);
	net_unlock(&e);
	if (err)
		return cli_failmsg(c, "%s", e.why);
	inet_ntop(AF_INET, &s->addr, a, sizeof(a));
	if (same)
		fprintf(c->out, "%s: already up as asked, nothing changed\n", s->name);
	else
		fprintf(c->out, "%s: up, mode %s, bridge %s, address %s/%u\n", s->name,
			net_mode_name(s->mode), s->bridge, a, s->prefix);
	return EXIT_OK;
}

static int do_del(struct cli *c, const char *name)
{
	char why[NET_WHYLEN];
	struct net_state st;
	struct net_env e;
	int err;

	if (net_name_check(name, why, sizeof(why)))
		return cli_usage(c, "net del: %s", why);
	err = env_open(c, &e, LOCK);
	if (err)
		return err;
	err = net_state_load(&e, name, &st);
	if (!err)
		err = net_undo(&e, &st);
	if (!err)
		net_root_tidy(&e);
	net_unlock(&e);
	if (err)
		return cli_failmsg(c, "%s", e.why);
	fprintf(c->out, "%s: removed\n", name);
	return EXIT_OK;
}

struct show_ctx {
	struct pr *p;
	time_t now;
};

static int lease_cb(const struct net_lease *l, void *arg)
{
	struct show_ctx *sc = arg;
	struct pr *p = sc->p;
	char mac[18];

	cli_format_mac(l->mac, mac);
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "mac", "    lease %s", mac);
	pr_str(p, PR_ANY, "ip", " %s", l->ip);
	if (l->hostname[0])
		pr_str(p, PR_ANY, "hostname", " %s", l->hostname);
	if (l->expiry) {
		long long left = l->expiry - (long long)sc->now;

		pr_u64(p, PR_JSON, "expiry", "%llu", (unsigned long long)l->expiry);
		pr_int(p, PR_TEXT, NULL, " expires in %ds", (int)(left > 0 ? left : 0));
	} else {
		pr_text(p, " infinite");
	}
	pr_text(p, "\n");
	pr_close_obj(p);
	return 0;
}

static void show_one(struct cli *c, struct net_env *e, struct pr *p, const struct net_state *st,
		     const struct net_spec *s, bool brief)
{
	char a[INET6_ADDRSTRLEN], b[INET_ADDRSTRLEN], dir[NET_PATHLEN], path[NET_PATHLEN];
	struct show_ctx sc = { p, time(NULL) };
	pid_t pid;
	size_t i;
	char *text;

	(void)c;
	net_path(e, st->name, NULL, dir, sizeof(dir));
	pid = st->dnsmasq ? net_dnsmasq_pid(dir) : 0;
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "name", "%s:", st->name);
	pr_str(p, PR_ANY, "mode", " mode %s", net_mode_name(s->mode));
	pr_str(p, PR_ANY, "bridge", " bridge %s", st->bridge);
	pr_bool(p, PR_JSON, "made_bridge", "%d", st->made_bridge);
	inet_ntop(AF_INET, &s->addr, a, sizeof(a));
	pr_str(p, PR_ANY, "address", " address %s", a);
	pr_uint(p, PR_ANY, "prefix", "/%u", s->prefix);
	if (s->has_ipv6) {
		inet_ntop(AF_INET6, &s->addr6, a, sizeof(a));
		pr_str(p, PR_ANY, "ipv6", " ipv6 %s", a);
		pr_uint(p, PR_ANY, "ipv6_prefix", "/%u", s->prefix6);
	}
	pr_bool(p, PR_JSON, "complete", "%d", st->complete);
	if (!st->complete)
		pr_text(p, " (half made: brkit net del %s)", st->name);
	if (brief) {
		pr_bool(p, PR_JSON, "dnsmasq_running", "%d", pid != 0);
		pr_text(p, "\n");
		pr_close_obj(p);
		return;
	}
	pr_text(p, "\n   ");
	if (s->has_dhcp) {
		inet_ntop(AF_INET, &s->dhcp_first, a, sizeof(a));
		inet_ntop(AF_INET, &s->dhcp_last, b, sizeof(b));
		pr_open_obj(p, "dhcp");
		pr_str(p, PR_ANY, "first", " dhcp %s", a);
		pr_str(p, PR_ANY, "last", "-%s", b);
		pr_close_obj(p);
	} else {
		pr_text(p, " dhcp off");
	}
	pr_bool(p, PR_JSON, "dns", "%d", s->dns);
	pr_text(p, " dns %s", s->dns ? "on" : "off");
	if (s->domain[0])
		pr_str(p, PR_ANY, "domain", " domain %s", s->domain);
	if (s->uplink[0])
		pr_str(p, PR_ANY, "uplink", " uplink %s", s->uplink);
	else if (s->mode != NET_MODE_ISOLATED)
		pr_text(p, " uplink any");
	if (s->mtu)
		pr_uint(p, PR_ANY, "mtu", " mtu %u", s->mtu);
	pr_text(p, "\n");
	snprintf(path, sizeof(path), "%s%s", NET_TABLE_PREFIX, st->name);
	pr_str(p, PR_ANY, "nft_table", "    nftables: table inet %s", path);
	if (s->mode != NET_MODE_ISOLATED) {
		bool held = net_forward_held(e, 0);

		pr_bool(p, PR_JSON, "forwarding_held", "%d", held);
		pr_text(p, ", ip_forward on%s", held ? " (brkit turned it on)" : "");
	}
	pr_text(p, "\n");
	pr_open_obj(p, "dnsmasq");
	if (!st->dnsmasq) {
		pr_bool(p, PR_JSON, "used", "%d", 0);
		pr_text(p, "    dnsmasq: not used\n");
	} else {
		pr_bool(p, PR_JSON, "used", "%d", 1);
		pr_bool(p, PR_JSON, "running", "%d", pid != 0);
		if (pid)
			pr_int(p, PR_ANY, "pid", "    dnsmasq: running, pid %d\n", (int)pid);
		else
			pr_text(p, "    dnsmasq: NOT running\n");
	}
	pr_close_obj(p);
	pr_open_arr(p, "hosts");
	for (i = 0; i < s->nhosts; i++) {
		char mac[18];

		cli_format_mac(s->hosts[i].mac, mac);
		inet_ntop(AF_INET, &s->hosts[i].ip, a, sizeof(a));
		pr_open_obj(p, NULL);
		pr_str(p, PR_ANY, "mac", "    host %s", mac);
		pr_str(p, PR_ANY, "ip", " %s", a);
		if (s->hosts[i].name[0])
			pr_str(p, PR_ANY, "name", " %s", s->hosts[i].name);
		pr_text(p, "\n");
		pr_close_obj(p);
	}
	pr_close_arr(p);
	pr_open_arr(p, "leases");
	net_path(e, st->name, "leases", path, sizeof(path));
	if (net_read_file(path, &text) == 0) {
		net_leases_parse(text, lease_cb, &sc);
		free(text);
	}
	pr_close_arr(p);
	pr_close_obj(p);
}

static int do_show(struct cli *c, const char *name, bool brief)
{
	char(*names)[NET_NAMELEN] = NULL, why[NET_WHYLEN];
	struct net_env e;
	struct pr p;
	size_t n = 0, i;
	int err, rc = EXIT_OK;

	if (name && net_name_check(name, why, sizeof(why)))
		return cli_usage(c, "net show: %s", why);
	err = env_open(c, &e, NO_LOCK);
	if (err)
		return err;
	if (name) {
		struct net_state st;

		if (net_state_load(&e, name, &st))
			return cli_failmsg(c, "%s", e.why);
		names = calloc(1, NET_NAMELEN);
		if (!names)
			return cli_failmsg(c, "out of memory");
		strcpy(names[0], name);
		n = 1;
	} else if (net_names(&e, &names, &n)) {
		return cli_failmsg(c, "%s", e.why);
	}
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_arr(&p, NULL);
	for (i = 0; i < n; i++) {
		struct net_state st;
		struct net_spec s;

		if (net_state_load(&e, names[i], &st) || net_state_spec(&e, &st, &s)) {
			fprintf(c->err, "%s: %s\n", c->prog, e.why);
			rc = EXIT_FAIL;
			continue;
		}
		show_one(c, &e, &p, &st, &s, brief);
	}
	pr_close_arr(&p);
	pr_end(&p);
	free(names);
	return rc;
}

static int do_host(struct cli *c, int argc, char **argv)
{
	char why[NET_WHYLEN], mac[18], a[INET_ADDRSTRLEN];
	const char *name;
	struct net_state st;
	struct net_spec s;
	struct net_host hst;
	struct net_env e;
	bool add;
	size_t i;
	int err;

	if (argc < 2 || (strcmp(argv[0], "add") && strcmp(argv[0], "del")))
		return cli_usage(c, "net host: want add NAME mac MAC ip IP [name HOST] or del NAME "
				    "mac MAC");
	add = !strcmp(argv[0], "add");
	name = argv[1];
	if (net_name_check(name, why, sizeof(why)))
		return cli_usage(c, "net host %s: %s", argv[0], why);
	if (add) {
		if (net_host_parse(&hst, argc - 2, argv + 2, why, sizeof(why)))
			return cli_usage(c, "net host add %s: %s", name, why);
	} else {
		memset(&hst, 0, sizeof(hst));
		if (argc != 4 || strcmp(argv[2], "mac") || cli_parse_mac(argv[3], hst.mac))
			return cli_usage(c, "net host del %s: want mac MAC", name);
	}
	err = env_open(c, &e, LOCK);
	if (err)
		return err;
	err = net_state_load(&e, name, &st);
	if (!err)
		err = net_state_spec(&e, &st, &s);
	if (err) {
		net_unlock(&e);
		return cli_failmsg(c, "%s", e.why);
	}
	cli_format_mac(hst.mac, mac);
	inet_ntop(AF_INET, &hst.ip, a, sizeof(a));
	for (i = 0; i < s.nhosts && memcmp(s.hosts[i].mac, hst.mac, 6); i++)
		;
	if (add) {
		if (!s.has_dhcp)
			err = net_fail(&e, -EINVAL,
				       "network %s: has no DHCP (dhcp FIRST-LAST): a static lease "
				       "would never be given",
				       name);
		else if (i < s.nhosts)
			err = net_fail(&e, -EEXIST,
				       "network %s: host %s: has a static lease already", name,
				       mac);
		else if (s.nhosts >= NET_MAXHOSTS)
			err = net_fail(&e, -ENOSPC, "network %s: %d static leases at most", name,
				       NET_MAXHOSTS);
		if (!err) {
			s.hosts[s.nhosts++] = hst;
			if (net_spec_check(&s, why, sizeof(why)))
				err = net_fail(&e, -EINVAL, "%s", why);
		}
	} else if (i == s.nhosts) {
		err = net_fail(&e, -ENOENT, "network %s: host %s: no static lease", name, mac);
	} else {
		memmove(&s.hosts[i], &s.hosts[i + 1], (s.nhosts - i - 1) * sizeof(s.hosts[0]));
		s.nhosts--;
	}
	if (!err)
		err = net_hosts_write(&e, &s);
	net_unlock(&e);
	if (err)
		return cli_failmsg(c, "%s", e.why);
	if (add)
		fprintf(c->out, "%s: host %s gets %s%s%s\n", name, mac, a,
			hst.name[0] ? " as " : "", hst.name);
	else
		fprintf(c->out, "%s: host %s: static lease removed\n", name, mac);
	return EXIT_OK;
}

static int do_import(struct cli *c, int argc, char **argv)
{
	char why[NET_WHYLEN], *text = NULL;
	struct net_spec *s;
	size_t len = 0;
	int fd, err;

	if (argc != 1)
		return cli_usage(c, "net import takes one FILE (a libvirt network's XML)");
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cli_failmsg(c, "net import %s: %s", argv[0], strerror(errno));
	err = brkit_read_fd(fd, 1 << 20, &text, &len);
	close(fd);
	if (err)
		return cli_failmsg(c, "net import %s: %s", argv[0],
				   err == -EFBIG ? "over 1 MiB, not a network definition"
						 : strerror(-err));
	s = calloc(1, sizeof(*s));
	if (!s) {
		free(text);
		return cli_failmsg(c, "out of memory");
	}
	s->dns = true;
	err = net_xml_parse(text, len, s, why, sizeof(why));
	free(text);
	if (err) {
		free(s);
		if (err == -ENOENT) /* libxml2 could not be loaded */
			return cli_failmsg(c, "net import %s: %s", argv[0], why);
		return cli_usage(c, "net import %s: %s", argv[0], why);
	}
	err = do_add(c, s);
	free(s);
	return err;
}

int cmd_net(struct cli *c, int argc, char **argv)
{
	char why[NET_WHYLEN];
	struct net_spec *s;
	int rc;

	if (argc < 1) {
		cmd_net_usage(c, c->err);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "add")) {
		if (argc < 2)
			return cli_usage(c, "net add: the NAME is missing");
		if (net_name_check(argv[1], why, sizeof(why)))
			return cli_usage(c, "net add: %s", why);
		s = calloc(1, sizeof(*s));
		if (!s)
			return cli_failmsg(c, "out of memory");
		snprintf(s->name, sizeof(s->name), "%s", argv[1]);
		if (net_spec_parse(s, argc - 2, argv + 2, why, sizeof(why))) {
			free(s);
			return cli_usage(c, "net add %s: %s", argv[1], why);
		}
		rc = do_add(c, s);
		free(s);
		return rc;
	}
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete")) {
		if (argc != 2)
			return cli_usage(c, "net del takes one NAME");
		return do_del(c, argv[1]);
	}
	if (!strcmp(argv[0], "show")) {
		if (argc > 2)
			return cli_usage(c, "net show takes at most one NAME");
		return do_show(c, argc == 2 ? argv[1] : NULL, false);
	}
	if (!strcmp(argv[0], "list")) {
		if (argc != 1)
			return cli_usage(c, "net list takes no arguments");
		return do_show(c, NULL, true);
	}
	if (!strcmp(argv[0], "host"))
		return do_host(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "import"))
		return do_import(c, argc - 1, argv + 1);
	cmd_net_usage(c, c->err);
	return cli_usage(c, "net: unknown verb '%s'", argv[0]);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit lab up|down|show|list|exec|link|graph: network-namespace topologies
 * from a file (the lab module does the work; this prints and picks the exit
 * status: 2 for a bad file or usage, 1 for a failed operation). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <brkit/lab.h>
#include "nl/nl.h"
#include "cli/cli.h"
#include "cli/print.h"
#include "stpd/stpd.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000 /* <linux/if.h>, which clashes with <net/if.h> */
#endif

void cmd_lab_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit lab up FILE [name NAME]\n"
	      "       brkit lab down NAME|FILE\n"
	      "       brkit [-j [-p]] lab show [NAME]\n"
	      "       brkit lab list\n"
	      "       brkit lab exec NAME NODE CMD [ARGS...]\n"
	      "       brkit lab link NAME NODE:IF down|up\n"
	      "       brkit lab graph NAME [format dot|mermaid]\n",
	      f);
}

/* "FILE:LINE:COLUMN: message", as compilers print, where a place is known. */
static int lab_errmsg(struct cli *c, int status, const struct brkit_lab_error *e)
{
	if (e->file[0] && e->line)
		fprintf(c->err, "%s: %s:%u:%u: %s\n", c->prog, e->file, e->line, e->column, e->msg);
	else if (e->file[0] && strncmp(e->msg, "reading ", 8))
		fprintf(c->err, "%s: %s: %s\n", c->prog, e->file, e->msg);
	else
		fprintf(c->err, "%s: %s\n", c->prog, e->msg);
	return status;
}

/* brkit-stpd next to the running brkit (the build folder, or where `make
 * install` puts both: bin/brkit and sbin/brkit-stpd). NULL when absent. */
static const char *stpd_path(char *buf, size_t len)
{
	static const char *const rel[] = { "/brkit-stpd", "/../sbin/brkit-stpd" };
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		if ((size_t)snprintf(buf, len, "%s%s", exe, rel[i]) < len && access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

static int lab_up(struct cli *c, int argc, char **argv)
{
	char ns[BRKIT_LAB_NSLEN], stpd[PATH_MAX];
	struct brkit_lab_error e;
	struct brkit_lab *lab;
	const char *name = NULL, *why;
	size_t k;
	int err;

	if (argc != 1 && !(argc == 3 && !strcmp(argv[1], "name")))
		return cli_usage(c, "lab up: expected FILE [name NAME]");
	if (argc == 3) {
		name = argv[2];
		if (brkit_lab_name_check(name, &why))
			return cli_usage(c, "lab name '%s': %s", name, why);
	}
	err = brkit_lab_load(argv[0], &lab, &e);
	if (err)
		return lab_errmsg(c, EXIT_USAGE, &e);
	/* FRR missing, or refusing a node's configuration: the file's fault (exit 2) */
	err = brkit_lab_frr_check(lab, &e);
	if (err) {
		brkit_lab_free(lab);
		return lab_errmsg(c, EXIT_USAGE, &e);
	}
	/* Under another lab name, every namespace name must still be valid. */
	for (k = 0; name && k < lab->nnodes; k++) {
		if (brkit_lab_netns_name(ns, sizeof(ns), name, lab->nodes[k].name, &why)) {
			fprintf(c->err,
				"%s: %s:%u:%u: node '%s' would make namespace name '%s-%s', "
				"which is not valid: %s\n",
				c->prog, lab->file, lab->nodes[k].line, lab->nodes[k].column,
				lab->nodes[k].name, name, lab->nodes[k].name, why);
			brkit_lab_free(lab);
			return EXIT_USAGE;
		}
	}
	/* Past the file's checks, a failure is the operation's (exit 1). */
	err = brkit_lab_up_stpd(lab, name, stpd_path(stpd, sizeof(stpd)), &e);
	brkit_lab_free(lab);
	if (err)
		return lab_errmsg(c, EXIT_FAIL, &e);
	return EXIT_OK;
}

/* NAME, or a FILE whose name: is the lab's. */
static int lab_resolve(struct cli *c, const char *arg, char *name, size_t len)
{
	struct brkit_lab_error e;
	struct brkit_lab *lab;
	char path[256];
	const char *why;

	if (!brkit_lab_name_check(arg, &why)) {
		snprintf(path, sizeof(path), "%s/%s", BRKIT_LAB_DIR, arg);
		if (access(path, F_OK) == 0 || !strchr(arg, '.') || access(arg, R_OK) != 0) {
			snprintf(name, len, "%s", arg);
			return 0;
		}
	} else if (access(arg, R_OK) != 0) {
		return cli_usage(c, "'%s' is neither a lab name (%s) nor a readable file", arg,
				 why);
	}
	if (brkit_lab_load(arg, &lab, &e))
		return lab_errmsg(c, EXIT_USAGE, &e);
	snprintf(name, len, "%s", lab->name);
	brkit_lab_free(lab);
	return 0;
}

static int lab_down(struct cli *c, int argc, char **argv)
{
	char name[BRKIT_LAB_NAMELEN];
	struct brkit_lab_error e;
	int ret;

	if (argc != 1)
		return cli_usage(c, "lab down: expected NAME or FILE");
	ret = lab_resolve(c, argv[0], name, sizeof(name));
	if (ret)
		return ret;
	if (brkit_lab_down(name, &e))
		return lab_errmsg(c, EXIT_FAIL, &e);
	return EXIT_OK;
}

static int load_state(struct cli *c, const char *name, struct brkit_lab **lab, bool *complete)
{
	struct brkit_lab_error e;
	const char *why;

	if (brkit_lab_name_check(name, &why))
		return cli_usage(c, "lab name '%s': %s", name, why);
	if (brkit_lab_state(name, lab, complete, &e))
		return lab_errmsg(c, EXIT_FAIL, &e);
	return 0;
}

static const char *kind_name(enum brkit_lab_kind k)
{
	switch (k) {
	case BRKIT_LAB_BRIDGE:
		return "bridge";
	case BRKIT_LAB_ROUTER:
		return "router";
	case BRKIT_LAB_HYPERVISOR:
		return "hypervisor";
	default:
		return "host";
	}
}

/* A link end's live state: "up", "down" (admin), "no-carrier", "missing". */
static const char *end_state(struct brkit **hs, const struct brkit_lab *lab,
			     const struct brkit_lab_end *e)
{
	struct brkit_link l;
	struct brkit *h = hs[e->node];

	if (!h)
		return "missing";
	if (brkit_link_get(h, lab->nodes[e->node].ifaces[e->iface].ifname, &l))
		return "missing";
	if (!(l.flags & IFF_UP))
		return "down";
	if (!(l.flags & IFF_LOWER_UP))
		return "no-carrier";
	return "up";
}

static void open_nodes(const struct brkit_lab *lab, struct brkit **hs)
{
	size_t i;

	for (i = 0; i < lab->nnodes; i++)
		if (brkit_lab_open(&hs[i], lab->name, lab->nodes[i].name))
			hs[i] = NULL;
}

static void close_nodes(const struct brkit_lab *lab, struct brkit **hs)
{
	size_t i;

	for (i = 0; i < lab->nnodes; i++)
		brkit_close(hs[i]);
	free(hs);
}

/* ---- a node's addresses, as the kernel has them ---- */

struct node_addr {
	int ifindex;
	int family;
	uint8_t addr[16];
	unsigned int prefix;
};

struct addr_list {
	struct node_addr *a;
	size_t n;
	int err;
};

/* Left out: lo's 127.0.0.0/8 and ::1 (every namespace has them) and IPv6
 * link-local addresses (every interface has one). */
static bool addr_boring(const struct node_addr *a)
{
	static const uint8_t v6lo[16] = { [15] = 1 };

	if (a->family == AF_INET)
		return a->addr[0] == 127;
	return !memcmp(a->addr, v6lo, 16) || (a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80);
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_list *l = data;
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct node_addr a = { 0 }, *na;
	struct nlattr *attr;
	bool got = false;

	if (nlh->nlmsg_type != RTM_NEWADDR)
		return MNL_CB_OK;
	a.family = ifa->ifa_family;
	a.prefix = ifa->ifa_prefixlen;
	a.ifindex = (int)ifa->ifa_index;
	if (a.family != AF_INET && a.family != AF_INET6)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa))
	{
		unsigned int t = mnl_attr_get_type(attr);
		size_t alen = a.family == AF_INET ? 4 : 16;

		/* IFA_LOCAL is the address itself (IFA_ADDRESS the peer's on a
		 * point-to-point link), as `ip addr` shows it */
		if ((t == IFA_LOCAL || (t == IFA_ADDRESS && !got)) &&
		    mnl_attr_get_payload_len(attr) == alen) {
			memcpy(a.addr, mnl_attr_get_payload(attr), alen);
			got = true;
		}
	}
	if (!got || addr_boring(&a))
		return MNL_CB_OK;
	na = realloc(l->a, (l->n + 1) * sizeof(*na));
	if (!na) {
		l->err = -ENOMEM;
		return MNL_CB_STOP;
	}
	l->a = na;
	l->a[l->n++] = a;
	return MNL_CB_OK;
}

static void addr_restart(void *data)
{
	struct addr_list *l = data;

	l->n = 0;
}

static int addr_cmp(const void *x, const void *y)
{
	const struct node_addr *a = x, *b = y;

	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return 0;
}

/* Node @h's addresses (one RTM_GETADDR dump), by interface: text lines
 * "    IF ADDR/PREFIX ...", JSON objects {ifname, family, local, prefixlen}. */
static void show_addrs(struct cli *c, struct pr *p, struct brkit *h)
{
	struct addr_list l = { 0 };
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	size_t i;
	int err;

	pr_open_arr(p, "addresses");
	if (!h) {
		pr_close_arr(p);
		return;
	}
	nlh = brkit_nl_msg(h, RTM_GETADDR, NLM_F_DUMP);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	err = brkit_nl_dump(h, nlh, addr_cb, &l, addr_restart);
	if (err || l.err)
		fprintf(c->err, "%s: reading the addresses: %s\n", c->prog,
			strerror(-(err ? err : l.err)));
	/* stable: the kernel's order within an interface and family */
	for (i = 1; i < l.n; i++) {
		struct node_addr t = l.a[i];
		size_t j = i;

		for (; j > 0 && addr_cmp(&l.a[j - 1], &t) > 0; j--)
			l.a[j] = l.a[j - 1];
		l.a[j] = t;
	}
	for (i = 0; i < l.n; i++) {
		struct brkit_link lk;
		char ifname[IFNAMSIZ + 8], buf[INET6_ADDRSTRLEN];
		bool first = i == 0 || l.a[i - 1].ifindex != l.a[i].ifindex;
		bool last = i + 1 == l.n || l.a[i + 1].ifindex != l.a[i].ifindex;

		if (brkit_link_get_index(h, l.a[i].ifindex, &lk))
			snprintf(ifname, sizeof(ifname), "if%d", l.a[i].ifindex);
		else
			snprintf(ifname, sizeof(ifname), "%s", lk.ifname);
		inet_ntop(l.a[i].family, l.a[i].addr, buf, sizeof(buf));
		pr_open_obj(p, NULL);
		pr_str(p, PR_ANY, "ifname", first ? "    %s" : "", ifname);
		pr_str(p, PR_JSON, "family", "%s", l.a[i].family == AF_INET ? "inet" : "inet6");
		pr_str(p, PR_ANY, "local", " %s", buf);
		pr_uint(p, PR_ANY, "prefixlen", "/%u", l.a[i].prefix);
		pr_text(p, last ? "\n" : "");
		pr_close_obj(p);
	}
	pr_close_arr(p);
	free(l.a);
}

/* One lab as text lines or as a JSON object, through the one print path. */
static int show_one(struct cli *c, struct pr *p, const char *name)
{
	struct brkit_lab *lab;
	struct brkit **hs;
	char ns[BRKIT_LAB_NSLEN];
	bool complete;
	size_t i;
	int status, k;

	status = load_state(c, name, &lab, &complete);
	if (status)
		return status;
	hs = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*hs));
	if (!hs) {
		brkit_lab_free(lab);
		return cli_failmsg(c, "out of memory");
	}
	open_nodes(lab, hs);
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "name", "lab %s", lab->name);
	if (!complete)
		pr_text(p, " (incomplete)");
	pr_str(p, PR_ANY, "file", " file %s\n", lab->file);
	pr_bool(p, PR_JSON, "complete", "%d", complete);
	pr_open_arr(p, "nodes");
	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];

		brkit_lab_netns_name(ns, sizeof(ns), lab->name, nd->name, NULL);
		pr_open_obj(p, NULL);
		pr_str(p, PR_ANY, "name", "  node %s", nd->name);
		pr_str(p, PR_ANY, "kind", " %s", kind_name(nd->kind));
		pr_str(p, PR_ANY, "netns", " netns %s", ns);
		pr_bool(p, PR_JSON, "present", "%d", hs[i] != NULL);
		pr_text(p, "%s\n", hs[i] ? "" : " (missing)");
		show_addrs(c, p, hs[i]);
		pr_close_obj(p);
	}
	pr_close_arr(p);
	pr_open_arr(p, "links");
	for (i = 0; i < lab->nlinks; i++) {
		const struct brkit_lab_link *l = &lab->links[i];
		const char *st[2], *nn[2], *ifn[2];

		for (k = 0; k < 2; k++) {
			st[k] = end_state(hs, lab, &l->end[k]);
			nn[k] = lab->nodes[l->end[k].node].name;
			ifn[k] = lab->nodes[l->end[k].node].ifaces[l->end[k].iface].ifname;
		}
		pr_open_obj(p, NULL);
		pr_text(p, "  link");
		pr_open_arr(p, "endpoints");
		for (k = 0; k < 2; k++) {
			pr_open_obj(p, NULL);
			pr_str(p, PR_ANY, "node", k ? " -- %s" : " %s", nn[k]);
			pr_str(p, PR_ANY, "ifname", ":%s", ifn[k]);
			pr_str(p, PR_JSON, "state", "%s", st[k]);
			pr_close_obj(p);
		}
		pr_close_arr(p);
		pr_text(p, "  %s/%s\n", st[0], st[1]);
		pr_close_obj(p);
	}
	pr_close_arr(p);
	pr_close_obj(p);
	close_nodes(lab, hs);
	brkit_lab_free(lab);
	return 0;
}

static int lab_show(struct cli *c, int argc, char **argv)
{
	struct pr p;
	char **names = NULL;
	size_t n = 0, i;
	int status = 0, err;

	if (argc > 1)
		return cli_usage(c, "lab show: expected [NAME]");
	pr_init(&p, c->out, c->json, c->pretty);
	if (argc == 1) {
		status = show_one(c, &p, argv[0]);
		pr_end(&p);
		return status;
	}
	err = brkit_lab_names(&names, &n);
	if (err)
		return cli_failmsg(c, "listing %s: %s", BRKIT_LAB_DIR, strerror(-err));
	pr_open_arr(&p, NULL);
	for (i = 0; i < n; i++) {
		int st = show_one(c, &p, names[i]);

		if (st && !status)
			status = st;
	}
	pr_close_arr(&p);
	pr_end(&p);
	brkit_lab_names_free(names, n);
	return status;
}

static int lab_list(struct cli *c, int argc, char **argv)
{
	struct pr p;
	char **names;
	size_t n, i;
	int err;

	(void)argv;
	if (argc)
		return cli_usage(c, "lab list: takes no argument");
	err = brkit_lab_names(&names, &n);
	if (err)
		return cli_failmsg(c, "listing %s: %s", BRKIT_LAB_DIR, strerror(-err));
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_arr(&p, NULL);
	for (i = 0; i < n; i++)
		pr_str(&p, PR_ANY, NULL, "%s\n", names[i]);
	pr_close_arr(&p);
	pr_end(&p);
	brkit_lab_names_free(names, n);
	return EXIT_OK;
}

/* Find NODE (and IF, when given) in a running lab. */
static int find_node(struct cli *c, const struct brkit_lab *lab, const char *node,
		     const char *ifname, int *idx)
{
	size_t k;

	*idx = brkit_lab_node_find(lab, node);
	if (*idx < 0)
		return cli_usage(c, "lab %s has no node '%s'", lab->name, node);
	if (!ifname)
		return 0;
	for (k = 0; k < lab->nodes[*idx].nifaces; k++)
		if (!strcmp(lab->nodes[*idx].ifaces[k].ifname, ifname))
			return 0;
	return cli_usage(c, "node %s of lab %s has no interface '%s'", node, lab->name, ifname);
}

/* As `ip netns exec`: enter the namespace, and give the command a /sys of
 * it in a private mount namespace. */
/* `vtysh ...` in a node that runs FRR gets `--vty_socket DIR --config_dir
 * DIR` after its name (its daemons' sockets; `write` saves the node's
 * frr.conf there, never /etc/frr's), unless it has either: true with the new
 * argument list in *vargv. */
static bool vtysh_args(const char *lab, const char *node, int argc, char **argv, char ***vargv,
		       char *dir, size_t len)
{
	const char *base = strrchr(argv[0], '/');
	char path[PATH_MAX + 16];
	char **v;
	int i;

	if (strcmp(base ? base + 1 : argv[0], "vtysh"))
		return false;
	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--vty_socket", 12) || !strncmp(argv[i], "--config_dir", 12))
			return false;
	if (brkit_lab_frr_dir(dir, len, lab, node))
		return false;
	snprintf(path, sizeof(path), "%s/zebra.vty", dir);
	if (access(path, F_OK))
		return false;
	v = calloc((size_t)argc + 5, sizeof(*v));
	if (!v)
		return false;
	v[0] = argv[0];
	v[1] = "--vty_socket";
	v[2] = dir;
	v[3] = "--config_dir";
	v[4] = dir;
	for (i = 1; i < argc; i++)
		v[i + 4] = argv[i];
	*vargv = v;
	return true;
}

static int lab_exec(struct cli *c, int argc, char **argv)
{
	char ns[BRKIT_LAB_NSLEN], path[BRKIT_LAB_NSLEN + 16], dir[PATH_MAX], **vargv;
	struct brkit_lab *lab;
	bool complete;
	int ret, idx, fd;

	if (argc < 3)
		return cli_usage(c, "lab exec: expected NAME NODE CMD [ARGS...]");
	ret = load_state(c, argv[0], &lab, &complete);
	if (ret)
		return ret;
	ret = find_node(c, lab, argv[1], NULL, &idx);
	brkit_lab_free(lab);
	if (ret)
		return ret;
	brkit_lab_netns_name(ns, sizeof(ns), argv[0], argv[1], NULL);
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cli_failmsg(c, "namespace %s: %s", ns, strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0) {
		close(fd);
		return cli_failmsg(c, "entering namespace %s: %s", ns, strerror(errno));
	}
	close(fd);
	if (unshare(CLONE_NEWNS) < 0)
		return cli_failmsg(c, "unsharing the mount namespace: %s", strerror(errno));
	if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0)
		return cli_failmsg(c, "making / a slave mount: %s", strerror(errno));
	if (umount2("/sys", MNT_DETACH) == 0 || errno == EINVAL) {
		if (mount(ns, "/sys", "sysfs", 0, NULL) < 0)
			return cli_failmsg(c, "mounting /sys for %s: %s", ns, strerror(errno));
	}
	fflush(c->out);
	/* vtysh reaches the node's FRR: its vty sockets are in the node's run folder */
	if (vtysh_args(argv[0], argv[1], argc - 2, argv + 2, &vargv, dir, sizeof(dir))) {
		execvp(vargv[0], vargv);
		free(vargv);
	} else {
		execvp(argv[2], argv + 2);
	}
	return cli_failmsg(c, "running %s in %s: %s", argv[2], ns, strerror(errno));
}

static int lab_link(struct cli *c, int argc, char **argv)
{
	char node[BRKIT_LAB_NAMELEN], *colon;
	struct brkit_lab *lab;
	struct brkit *h;
	bool complete, up;
	int ret, idx, err;

	if (argc != 3 || (strcmp(argv[2], "up") && strcmp(argv[2], "down")))
		return cli_usage(c, "lab link: expected NAME NODE:IF down|up");
	up = argv[2][0] == 'u';
	colon = strchr(argv[1], ':');
	if (!colon || (size_t)(colon - argv[1]) >= sizeof(node))
		return cli_usage(c, "lab link: '%s' is not NODE:IF", argv[1]);
	memcpy(node, argv[1], (size_t)(colon - argv[1]));
	node[colon - argv[1]] = '\0';
	ret = load_state(c, argv[0], &lab, &complete);
	if (ret)
		return ret;
	ret = find_node(c, lab, node, colon + 1, &idx);
	brkit_lab_free(lab);
	if (ret)
		return ret;
	err = brkit_lab_open(&h, argv[0], node);
	if (err)
		return cli_failmsg(c, "node %s of lab %s: %s", node, argv[0], strerror(-err));
	err = brkit_link_set_up(h, colon + 1, up);
	if (err) {
		fprintf(c->err, "%s: node %s of lab %s: %s\n", c->prog, node, argv[0],
			brkit_errmsg(h));
		brkit_close(h);
		return EXIT_FAIL;
	}
	brkit_close(h);
	return EXIT_OK;
}

/* The STP role of @p on @br, from what the kernel reports. */
static const char *stp_role(const struct brkit_bridge_info *br, const struct brkit_port_info *p)
{
	if (p->state == BRKIT_PORT_DISABLED)
		return "disabled";
	if (br->root_port && br->root_port == p->port_no)
		return "root";
	if (!memcmp(&p->designated_bridge, &br->bridge_id, sizeof(br->bridge_id)) &&
	    p->designated_port == p->port_id)
		return "designated";
	return "alternate";
}

/* The reply of brkit-stpd in the node's namespace to `show br0`, or NULL
 * when none runs there (a node without stp: rstp). */
static char *rstp_show(const char *lab, const char *node)
{
	char ns[BRKIT_LAB_NSLEN], path[PATH_MAX], *out = NULL;
	int saved, fd;

	if (brkit_lab_netns_name(ns, sizeof(ns), lab, node, NULL))
		return NULL;
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved >= 0 && setns(fd, CLONE_NEWNET) == 0) {
		if (stpd_client_call("show " BRKIT_LAB_BRNAME, &out) == 0 &&
		    strncmp(out, "ok", 2)) {
			free(out);
			out = NULL;
		}
		/* the socket is made and connected: back home before anything else */
		if (setns(saved, CLONE_NEWNET) < 0) {
			free(out);
			out = NULL;
		}
	}
	if (saved >= 0)
		close(saved);
	close(fd);
	return out;
}

/* The record of kind @kind (and name @name, when non-NULL) in @reply, copied
 * into @buf for stpd_rec_parse; false when there is none. */
static bool rstp_rec(const char *reply, const char *kind, const char *name, char *buf, size_t len,
		     struct stpd_rec *r)
{
	const char *line = reply;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);

		if (n < len) {
			const char *nm;

			memcpy(buf, line, n);
			buf[n] = '\0';
			if (!stpd_rec_parse(buf, r) && !strcmp(r->kind, kind) &&
			    (!name || ((nm = stpd_rec_get(r, "name")) && !strcmp(nm, name))))
				return true;
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

/* A port's label: its name, with its STP state and role where a tree runs
 * (brkit-stpd's view for its bridges, the kernel's otherwise), into @buf;
 * the two parts are split by @sep ("\\n" for DOT, " " for Mermaid). */
static void port_label(char *buf, size_t len, struct brkit_bridge_list *bl, const char *rstp,
		       const char *ifname, const char *sep)
{
	const struct brkit_bridge_info *br;
	struct stpd_rec r;
	char rec[1024];
	size_t k;

	snprintf(buf, len, "%s", ifname);
	if (rstp && rstp_rec(rstp, "port", ifname, rec, sizeof(rec), &r)) {
		snprintf(buf, len, "%s%s%s %s", ifname, sep, stpd_rec_get(&r, "state") ?: "?",
			 stpd_rec_get(&r, "role") ?: "?");
		return;
	}
	if (!bl || !bl->n || !bl->bridges[0].stp_state)
		return;
	br = &bl->bridges[0];
	for (k = 0; k < br->nports; k++) {
		const struct brkit_port_info *p = &br->ports[k];

		if (!strcmp(p->ifname, ifname)) {
			snprintf(buf, len, "%s%s%s %s", ifname, sep,
				 brkit_port_state_name(p->state), stp_role(br, p));
			return;
		}
	}
}

/* lab graph NAME [format dot|mermaid]: DOT (Graphviz) by default; Mermaid
 * flowchart text renders in Markdown viewers (a ```mermaid block). Nodes
 * and links from the lab's state, STP roles from the kernel or brkit-stpd. */
static int lab_graph(struct cli *c, int argc, char **argv)
{
	struct brkit_bridge_list *bls;
	struct brkit_lab *lab;
	struct brkit **hs;
	char **rs;
	const char **extra;
	bool complete, mermaid = false;
	size_t i;
	int ret;

	if (argc == 3 && !strcmp(argv[1], "format")) {
		if (!strcmp(argv[2], "mermaid"))
			mermaid = true;
		else if (strcmp(argv[2], "dot"))
			return cli_usage(c, "lab graph: format '%s' is not dot or mermaid",
					 argv[2]);
	} else if (argc != 1) {
		return cli_usage(c, "lab graph: expected NAME [format dot|mermaid]");
	}
	ret = load_state(c, argv[0], &lab, &complete);
	if (ret)
		return ret;
	hs = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*hs));
	bls = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*bls));
	rs = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*rs));
	extra = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*extra));
	if (!hs || !bls || !rs || !extra) {
		free(hs);
		free(bls);
		free(rs);
		free(extra);
		brkit_lab_free(lab);
		return cli_failmsg(c, "out of memory");
	}
	open_nodes(lab, hs);
	/* each bridge's STP: "stp", "stp root", "rstp", "rstp root" or none */
	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];

		extra[i] = "";
		if (nd->kind == BRKIT_LAB_BRIDGE && hs[i] &&
		    brkit_bridge_list(hs[i], BRKIT_LAB_BRNAME, &bls[i]) == 0 && bls[i].n) {
			const struct brkit_bridge_info *br = &bls[i].bridges[0];

			if (br->stp_state &&
			    !memcmp(&br->designated_root, &br->bridge_id, sizeof(br->bridge_id)))
				extra[i] = "stp root";
			else if (br->stp_state)
				extra[i] = "stp";
		}
		/* a bridge brkit-stpd runs: its view, roles included */
		if (nd->kind == BRKIT_LAB_BRIDGE && !*extra[i] &&
		    (rs[i] = rstp_show(lab->name, nd->name)) != NULL) {
			struct stpd_rec r;
			char buf[1024];
			const char *id, *root;

			extra[i] = "rstp";
			if (rstp_rec(rs[i], "bridge", NULL, buf, sizeof(buf), &r) &&
			    (id = stpd_rec_get(&r, "id")) && (root = stpd_rec_get(&r, "root")) &&
			    !strcmp(id, root))
				extra[i] = "rstp root";
		}
	}
	if (mermaid)
		/* ids n0, n1...: a node name such as "end" is a Mermaid keyword */
		fprintf(c->out, "%%%% brkit lab graph %s\nflowchart LR\n", lab->name);
	else
		fprintf(c->out, "graph \"%s\" {\n", lab->name);
	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];
		bool br = nd->kind == BRKIT_LAB_BRIDGE;

		if (mermaid)
			fprintf(c->out, "    n%zu%s\"%s%s%s\"%s\n", i, br ? "[" : "(", nd->name,
				*extra[i] ? "<br/>" : "", extra[i], br ? "]" : ")");
		else
			fprintf(c->out, "\t\"%s\" [shape=%s, label=\"%s%s%s\"];\n", nd->name,
				br ? "box" : "ellipse", nd->name, *extra[i] ? "\\n" : "", extra[i]);
	}
	for (i = 0; i < lab->nlinks; i++) {
		const struct brkit_lab_link *l = &lab->links[i];
		size_t a = l->end[0].node, b = l->end[1].node;
		char la[IFNAMSIZ + 64], lb[IFNAMSIZ + 64];
		const char *sep = mermaid ? " " : "\\n";

		port_label(la, sizeof(la), lab->nodes[a].kind == BRKIT_LAB_BRIDGE ? &bls[a] : NULL,
			   rs[a], lab->nodes[a].ifaces[l->end[0].iface].ifname, sep);
		port_label(lb, sizeof(lb), lab->nodes[b].kind == BRKIT_LAB_BRIDGE ? &bls[b] : NULL,
			   rs[b], lab->nodes[b].ifaces[l->end[1].iface].ifname, sep);
		if (mermaid)
			/* Mermaid has no label per end: "tail -- head" on the edge */
			fprintf(c->out, "    n%zu ---|\"%s -- %s\"| n%zu\n", a, la, lb, b);
		else
			fprintf(c->out,
				"\t\"%s\" -- \"%s\" [taillabel=\"%s\", headlabel=\"%s\"];\n",
				lab->nodes[a].name, lab->nodes[b].name, la, lb);
	}
	if (!mermaid)
		fputs("}\n", c->out);
	for (i = 0; i < lab->nnodes; i++) {
		brkit_bridge_list_free(&bls[i]);
		free(rs[i]);
	}
	free(bls);
	free(rs);
	free(extra);
	close_nodes(lab, hs);
	brkit_lab_free(lab);
	return EXIT_OK;
}

int cmd_lab(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *verb;
		cli_cmd_fn fn;
	} verbs[] = {
		{ "up", lab_up },	{ "down", lab_down }, { "show", lab_show },
		{ "list", lab_list },	{ "exec", lab_exec }, { "link", lab_link },
		{ "graph", lab_graph },
	};
	size_t k;

	/* where FRR is: a test points these elsewhere to play "FRR not installed" */
	brkit_lab_frr_paths(getenv("BRKIT_FRR_DIR"), getenv("BRKIT_VTYSH"));
	if (argc < 1 || !strcmp(argv[0], "help")) {
		cmd_lab_usage(c, argc < 1 ? c->err : c->out);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	for (k = 0; k < sizeof(verbs) / sizeof(verbs[0]); k++)
		if (!strcmp(argv[0], verbs[k].verb))
			return verbs[k].fn(c, argc - 1, argv + 1);
	cmd_lab_usage(c, c->err);
	return cli_usage(c, "lab: unknown command '%s'", argv[0]);
}

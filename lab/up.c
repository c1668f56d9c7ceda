// SPDX-License-Identifier: LGPL-2.1-or-later
/* brkit_lab_up / brkit_lab_down: namespaces as `ip netns add` makes them (a
 * bind mount of the thread's network namespace under /run/netns, that folder
 * a shared mount), veth pairs created with each end directly in its node's
 * namespace (so no name ever exists outside it), and an intent log under
 * /run/brkit/lab/ written before each namespace is made, so down finds
 * everything even after up was killed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <spawn.h>
#include <time.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <dirent.h>
#include <poll.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/veth.h>
#include "nl/nl.h"
#include "lab/lab_int.h"

#define NETNS_RUN_DIR "/run/netns"
#define IFINDEX_BASE 100

/* Interface @iface of node @node gets ifindex 100 + iface x nnodes + node:
 * fixed, and unique in the lab, so the two ends of a veth never share one.
 * The kernel's linkwatch takes a device whose ifindex equals its link's
 * (iflink, the peer's ifindex for a veth) as a "non-urgent" one and reports
 * its carrier changes at most once a second, which delayed STP's reaction to
 * a cut link by up to a second. */
static int if_index(const struct brkit_lab *lab, size_t node, size_t iface)
{
	return IFINDEX_BASE + (int)(iface * lab->nnodes + node);
}

struct up_node {
	char ns[BRKIT_LAB_NSLEN];
	struct brkit *h;
	int br_ifindex;
	bool made; /* its namespace exists and is ours */
	pid_t stpd; /* its brkit-stpd, 0: none */
	int *vni_br; /* hypervisor: the ifindex of each VNI's bridge, as ext->vnis */
	bool frr; /* its FRR folder is in the log */
};

struct up_ctx {
	const struct brkit_lab *lab;
	const char *name;
	const char *stpd; /* brkit-stpd's path, or NULL */
	struct brkit_lab_error *err;
	struct up_node *nodes;
	int log_fd;
	char log[PATH_MAX];
	/* the request each batch index stands for, to name the failing step */
	char (*what)[160];
	size_t nwhat, capwhat;
	unsigned int (*at)[2];
	int batch_err;
	char batch_ext[BRKIT_EXTLEN];
	unsigned long batch_idx;
};

int brkit_lab_log_path(char *buf, size_t len, const char *name)
{
	const char *why;

	if (brkit_lab_name_check(name, &why))
		return -EINVAL;
	if ((size_t)snprintf(buf, len, "%s/%s", BRKIT_LAB_DIR, name) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* mkdir -p PATH (0755): 0 or -errno. */
int lab_mkdir_p(const char *path)
{
	char buf[PATH_MAX], *s;

	snprintf(buf, sizeof(buf), "%s", path);
	for (s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* /run/netns must be a shared mount, so namespace mounts propagate to
 * every mount namespace (iproute2's netns_add does the same). */
static int netns_dir_prepare(void)
{
	int err = lab_mkdir_p(NETNS_RUN_DIR), tries;

	if (err)
		return err;
	for (tries = 0; tries < 2; tries++) {
		if (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) == 0)
			return 0;
		if (errno != EINVAL || tries)
			return -errno;
		/* Not a mount point yet: bind it onto itself, then share it. */
		if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL) < 0)
			return -errno;
	}
	return -EINVAL;
}

/* Create namespace @name: the mount point, a fresh namespace on this thread,
 * its bind mount, and back to the namespace we came from. */
static int netns_create(const char *name)
{
	char path[PATH_MAX];
	int fd, saved, err = 0;

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		err = -errno;
		unlink(path);
		return err;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		err = -errno;
	} else {
		if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0)
			err = -errno;
		/* Going back to the namespace we came from cannot fail for root;
		 * should it, say so rather than act in the wrong namespace. */
		if (setns(saved, CLONE_NEWNET) < 0)
			err = -errno;
	}
	close(saved);
	if (err)
		unlink(path);
	return err;
}

/* Remove namespace @name as `ip netns del` does: the kernel frees it, and
 * every device in it, once the last reference goes. -ENOENT when absent. */
static int netns_remove(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
		return -errno;
	if (unlink(path) < 0)
		return -errno;
	return 0;
}

static int netns_exists(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	return access(path, F_OK) == 0;
}

static int log_write(struct up_ctx *c, const char *text)
{
	size_t len = strlen(text), off = 0;

	while (off < len) {
		ssize_t n = write(c->log_fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		off += (size_t)n;
	}
	return 0;
}

/* The log's head: the topology's shape, for show, graph, exec and link. */
static int log_head(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	size_t cap = PATH_MAX + 256 + lab->nnodes * 96 + lab->nlinks * 96, len = 0, i;
	char *buf = malloc(cap), *abs = realpath(lab->file, NULL);
	int err;

	if (!buf) {
		free(abs);
		return -ENOMEM;
	}
	/* The file as an absolute path, when it still exists, for show. */
	len += (size_t)snprintf(buf + len, cap - len, "brkit-lab 1 %s\nfile %s\n", c->name,
				abs ? abs : lab->file);
	free(abs);
	for (i = 0; i < lab->nnodes; i++)
		len += (size_t)snprintf(buf + len, cap - len, "node %s %s\n", lab->nodes[i].name,
					lab_kind_name(lab->nodes[i].kind));
	for (i = 0; i < lab->nlinks; i++) {
		const struct brkit_lab_end *e = lab->links[i].end;

		len += (size_t)snprintf(
			buf + len, cap - len, "link %s %s %s %s\n", lab->nodes[e[0].node].name,
			lab->nodes[e[0].node].ifaces[e[0].iface].ifname, lab->nodes[e[1].node].name,
			lab->nodes[e[1].node].ifaces[e[1].iface].ifname);
	}
	err = log_write(c, buf);
	free(buf);
	return err;
}

/* ---- batches, with the step each request stands for ---- */

static void on_batch_err(void *arg, unsigned long index, int err, const char *ext)
{
	struct up_ctx *c = arg;

	if (c->batch_err)
		return;
	c->batch_err = err;
	c->batch_idx = index;
	snprintf(c->batch_ext, sizeof(c->batch_ext), "%s", ext ? ext : "");
}

static int what_add(struct up_ctx *c, unsigned int line, unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int what_add(struct up_ctx *c, unsigned int line, unsigned int col, const char *fmt, ...)
{
	va_list ap;

	if (c->nwhat == c->capwhat) {
		size_t cap = c->capwhat ? c->capwhat * 2 : 64;
		void *w = realloc(c->what, cap * sizeof(*c->what));
		void *a;

		if (!w)
			return -ENOMEM;
		c->what = w;
		a = realloc(c->at, cap * sizeof(*c->at));
		if (!a)
			return -ENOMEM;
		c->at = a;
		c->capwhat = cap;
	}
	va_start(ap, fmt);
	vsnprintf(c->what[c->nwhat], sizeof(c->what[0]), fmt, ap);
	va_end(ap);
	c->at[c->nwhat][0] = line;
	c->at[c->nwhat][1] = col;
	c->nwhat++;
	return 0;
}

static struct brkit_batch *batch_begin(struct up_ctx *c, struct brkit *h)
{
	c->nwhat = 0;
	c->batch_err = 0;
	c->batch_ext[0] = '\0';
	return brkit_batch_new(h, 256, on_batch_err, c);
}

/* Finish @b; on a refusal, name the request's step in c->err. */
static int batch_end(struct up_ctx *c, struct brkit_batch *b, int err)
{
	if (!err)
		err = brkit_batch_finish(b);
	brkit_batch_free(b);
	if (!err)
		return 0;
	if (c->batch_err && c->batch_idx < c->nwhat) {
		lab_err_at(c->err, c->lab->file, c->at[c->batch_idx][0], c->at[c->batch_idx][1], 0,
			   "%s: %s", c->what[c->batch_idx],
			   c->batch_ext[0] ? c->batch_ext : strerror(-c->batch_err));
		return c->batch_err;
	}
	lab_err_at(c->err, c->lab->file, 0, 0, 0, "sending requests to lab %s: %s", c->name,
		   strerror(-err));
	return err;
}

static const char *ifname_of(const struct brkit_lab *lab, const struct brkit_lab_end *e)
{
	return lab->nodes[e->node].ifaces[e->iface].ifname;
}

/* The bridge the interface @iface of node @node is a port of: the bridge
 * node's br0, a hypervisor's VNI bridge, else none (0). */
static int master_of(const struct up_ctx *c, size_t node, size_t iface)
{
	const struct brkit_lab_node *nd = &c->lab->nodes[node];
	const struct up_node *n = &c->nodes[node];
	uint32_t vni = nd->ifaces[iface].vni;
	size_t j;

	if (nd->kind == BRKIT_LAB_BRIDGE)
		return n->br_ifindex;
	for (j = 0; vni && nd->ext && n->vni_br && j < nd->ext->nvnis; j++)
		if (nd->ext->vnis[j].vni == vni)
			return n->vni_br[j];
	return 0;
}

/* ---- the steps ---- */

static int make_namespaces(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	char line[BRKIT_LAB_NSLEN + 8];
	size_t i;
	int err;

	for (i = 0; i < lab->nnodes; i++) {
		struct up_node *n = &c->nodes[i];

		snprintf(line, sizeof(line), "ns %s\n", n->ns);
		err = log_write(c, line); /* the intent, before the act */
		if (err)
			return lab_err_at(c->err, "", 0, 0, err, "writing %s: %s", c->log,
					  strerror(-err));
		err = netns_create(n->ns);
		if (err)
			return lab_err_at(
				c->err, lab->file, lab->nodes[i].line, lab->nodes[i].column, err,
				"creating namespace %s for node %s: %s", n->ns, lab->nodes[i].name,
				err == -EEXIST ? "it already exists" : strerror(-err));
		n->made = true;
		err = brkit_open(&n->h, n->ns);
		if (err)
			return lab_err_at(
				c->err, lab->file, lab->nodes[i].line, lab->nodes[i].column, err,
				"opening rtnetlink in namespace %s: %s", n->ns, strerror(-err));
	}
	return 0;
}

/* A hypervisor's traditional VXLAN layout, per VNI: bridge brVNI, device
 * vxlanVNI (id VNI, local VTEP, dstport 4789, nolearning) in it, its port
 * flags learning off and neigh_suppress on, as FRR's EVPN expects. */
static int make_vnis(struct up_ctx *c, size_t i)
{
	const struct brkit_lab *lab = c->lab;
	const struct brkit_lab_node *nd = &lab->nodes[i];
	const struct brkit_lab_node_ext *x = nd->ext;
	struct up_node *n = &c->nodes[i];
	size_t j;
	int err;

	if (!x || !x->nvnis)
		return 0;
	n->vni_br = calloc(x->nvnis, sizeof(*n->vni_br));
	if (!n->vni_br)
		return lab_err_at(c->err, "", 0, 0, -ENOMEM, "out of memory");
	for (j = 0; j < x->nvnis; j++) {
		const struct brkit_lab_vni *vn = &x->vnis[j];
		struct brkit_bridge_opts bo = { .mask = BRKIT_BR_UP | BRKIT_BR_STP_STATE,
						.up = true };
		struct brkit_port_opts po = {
			.flags_mask = BRKIT_PF_LEARNING | BRKIT_PF_NEIGH_SUPPRESS,
			.flags = BRKIT_PF_NEIGH_SUPPRESS,
		};
		struct brkit_vxlan_cfg vc;
		char br[IFNAMSIZ], vx[IFNAMSIZ];
		const char *step = "creating bridge";

		snprintf(br, sizeof(br), "br%u", vn->vni);
		snprintf(vx, sizeof(vx), "vxlan%u", vn->vni);
		err = brkit_bridge_add(n->h, br, &bo);
		if (!err) {
			err = brkit_nl_ifindex(n->h, br);
			if (err > 0) {
				n->vni_br[j] = err;
				err = 0;
			}
		}
		if (!err) {
			step = "creating VXLAN device";
			brkit_vxlan_cfg_init(&vc, vx, vn->vni);
			vc.local.family = AF_INET;
			memcpy(vc.local.addr, x->vtep.addr, 4);
			vc.dstport = BRKIT_VXLAN_PORT;
			vc.learning = false;
			vc.bridge = br;
			vc.up = true;
			err = brkit_vxlan_add(n->h, &vc);
		}
		if (!err) {
			step = "setting port flags (learning off, neigh_suppress on) of";
			err = brkit_port_set(n->h, br, vx, &po);
		}
		if (err)
			return lab_err_at(c->err, lab->file, vn->line, vn->column, err,
					  "node %s: VNI %u: %s %s: %s", nd->name, vn->vni, step,
					  strcmp(step, "creating bridge") ? vx : br,
					  brkit_errmsg(n->h));
	}
	return 0;
}

static int make_bridges(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	size_t i;
	int err;

	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];
		struct up_node *n = &c->nodes[i];

		if (nd->kind == BRKIT_LAB_HYPERVISOR) {
			err = make_vnis(c, i);
			if (err)
				return err;
			continue;
		}
		if (nd->kind != BRKIT_LAB_BRIDGE)
			continue;
		err = brkit_bridge_add(n->h, BRKIT_LAB_BRNAME, &nd->br);
		if (!err) {
			err = brkit_nl_ifindex(n->h, BRKIT_LAB_BRNAME);
			if (err > 0) {
				n->br_ifindex = err;
				err = 0;
			}
		}
		if (err)
			return lab_err_at(c->err, lab->file, nd->line, nd->column, err,
					  "creating the bridge of node %s: %s", nd->name,
					  brkit_errmsg(n->h));
	}
	return 0;
}

static void put_up(struct ifinfomsg *ifi)
{
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
}

/* One RTM_NEWLINK on end 0's socket makes both ends, each in its namespace. */
static int put_veth(struct up_ctx *c, struct brkit_batch *b, const struct brkit_lab_link *l)
{
	const struct brkit_lab *lab = c->lab;
	const struct brkit_lab_end *e = l->end;
	struct up_node *n1 = &c->nodes[e[1].node];
	struct nlattr *li, *data, *peer;
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;

	nlh = brkit_batch_msg(b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	if (!nlh)
		return -ENOBUFS;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = if_index(lab, e[0].node, e[0].iface);
	put_up(ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname_of(lab, &e[0]));
	if (lab->nodes[e[0].node].ifaces[e[0].iface].has_mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, lab->nodes[e[0].node].ifaces[e[0].iface].mac);
	if (l->mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, l->mtu);
	if (master_of(c, e[0].node, e[0].iface))
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master_of(c, e[0].node, e[0].iface));
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = if_index(lab, e[1].node, e[1].iface);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname_of(lab, &e[1]));
	if (lab->nodes[e[1].node].ifaces[e[1].iface].has_mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, lab->nodes[e[1].node].ifaces[e[1].iface].mac);
	if (l->mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, l->mtu);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)n1->h->netns_fd);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return brkit_batch_push(b);
}

/* Per node: lo up, then the links whose first end is here. */
static int make_links(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	size_t i, k;
	int err = 0;

	for (i = 0; i < lab->nnodes; i++) {
		struct up_node *n = &c->nodes[i];
		struct brkit_batch *b = batch_begin(c, n->h);
		struct ifinfomsg *ifi;
		struct nlmsghdr *nlh;

		if (!b)
			return lab_err_at(c->err, "", 0, 0, -ENOMEM, "out of memory");
		nlh = brkit_batch_msg(b, RTM_NEWLINK, 0);
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		put_up(ifi);
		mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
		err = what_add(c, lab->nodes[i].line, lab->nodes[i].column,
			       "setting lo up in node %s", lab->nodes[i].name);
		if (!err)
			err = brkit_batch_push(b);
		for (k = 0; k < lab->nlinks && !err; k++) {
			const struct brkit_lab_link *l = &lab->links[k];

			if (l->end[0].node != i)
				continue;
			err = what_add(c, l->line, l->column, "creating link %s:%s -- %s:%s",
				       lab->nodes[l->end[0].node].name, ifname_of(lab, &l->end[0]),
				       lab->nodes[l->end[1].node].name, ifname_of(lab, &l->end[1]));
			if (!err)
				err = put_veth(c, b, l);
		}
		err = batch_end(c, b, err);
		if (err)
			return err;
	}
	return 0;
}

static void put_addr(struct brkit_batch *b, int ifindex, const struct brkit_lab_addr *a)
{
	struct nlmsghdr *nlh = brkit_batch_msg(b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	size_t alen = a->family == AF_INET ? 4 : 16;

	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = (uint8_t)a->prefix;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_LOCAL, alen, a->addr);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, a->addr);
	/* A lab address is usable at once: no duplicate address detection. */
	if (a->family == AF_INET6)
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
}

static void put_default_route(struct brkit_batch *b, const struct brkit_lab_addr *gw)
{
	struct nlmsghdr *nlh = brkit_batch_msg(b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = (uint8_t)gw->family;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_GATEWAY, gw->family == AF_INET ? 4 : 16, gw->addr);
}

static void addr_str(const struct brkit_lab_addr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

/* Per node: the second ends up (and into the bridge), then addresses and
 * the default route. */
static int config_nodes(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	size_t i, k, a;
	int err = 0;

	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];
		struct up_node *n = &c->nodes[i];
		struct brkit_batch *b;
		char abuf[INET6_ADDRSTRLEN];

		b = batch_begin(c, n->h);
		if (!b)
			return lab_err_at(c->err, "", 0, 0, -ENOMEM, "out of memory");
		for (k = 0; k < lab->nlinks && !err; k++) {
			const struct brkit_lab_link *l = &lab->links[k];
			struct ifinfomsg *ifi;
			struct nlmsghdr *nlh;

			int master;

			if (l->end[1].node != i)
				continue;
			master = master_of(c, i, l->end[1].iface);
			nlh = brkit_batch_msg(b, RTM_NEWLINK, 0);
			ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
			ifi->ifi_family = AF_UNSPEC;
			ifi->ifi_index = if_index(lab, i, l->end[1].iface);
			put_up(ifi);
			if (master)
				mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
			err = what_add(c, l->line, l->column, "%s %s:%s",
				       master ? "adding to the bridge and setting up"
					      : "setting up",
				       nd->name, ifname_of(lab, &l->end[1]));
			if (!err)
				err = brkit_batch_push(b);
		}
		for (k = 0; k < nd->nifaces && !err; k++) {
			const struct brkit_lab_iface *f = &nd->ifaces[k];

			for (a = 0; a < f->naddr && !err; a++) {
				addr_str(&f->addr[a], abuf, sizeof(abuf));
				put_addr(b, if_index(lab, i, k), &f->addr[a]);
				err = what_add(c, nd->line, nd->column,
					       "adding address %s/%u to %s:%s", abuf,
					       f->addr[a].prefix, nd->name, f->ifname);
				if (!err)
					err = brkit_batch_push(b);
			}
		}
		for (a = 0; nd->ext && a < nd->ext->nloopbacks && !err; a++) {
			const struct brkit_lab_addr *la = &nd->ext->loopback[a];

			addr_str(la, abuf, sizeof(abuf));
			put_addr(b, 1, la); /* lo is ifindex 1 in every namespace */
			err = what_add(c, nd->line, nd->column,
				       "adding loopback address %s/%u to %s", abuf, la->prefix,
				       nd->name);
			if (!err)
				err = brkit_batch_push(b);
		}
		if (nd->has_gateway && !err) {
			addr_str(&nd->gateway, abuf, sizeof(abuf));
			put_default_route(b, &nd->gateway);
			err = what_add(c, nd->line, nd->column,
				       "adding default route via %s in node %s", abuf, nd->name);
			if (!err)
				err = brkit_batch_push(b);
		}
		err = batch_end(c, b, err);
		if (err)
			return err;
	}
	return 0;
}

/* Port options and VLANs (rare: one call each, through the bridge and vlan modules). */
static int config_ports(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	size_t i, k;
	int err;

	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];
		struct up_node *n = &c->nodes[i];

		if (nd->kind != BRKIT_LAB_BRIDGE)
			continue;
		for (k = 0; k < nd->nifaces; k++) {
			const struct brkit_lab_iface *f = &nd->ifaces[k];

			struct brkit_port_opts po = f->port;

			/* an rstp node's cost and priority are its daemon's
			 * (config_stpd_ports), in the engine's ranges */
			if (nd->stp == BRKIT_LAB_STP_RSTP)
				po.has_cost = po.has_priority = false;
			if (po.flags_mask || po.has_cost || po.has_priority) {
				err = brkit_port_set(n->h, BRKIT_LAB_BRNAME, f->ifname, &po);
				if (err)
					return lab_err_at(c->err, lab->file, f->line, f->column,
							  err, "setting port options of %s:%s: %s",
							  nd->name, f->ifname, brkit_errmsg(n->h));
			}
			if (f->has_vlans) {
				err = brkit_vlan_set(n->h, f->ifname, &f->vlans, f->pvid,
						     BRKIT_VLAN_MASTER, NULL, NULL);
				if (err)
					return lab_err_at(c->err, lab->file, f->line, f->column,
							  err, "setting vlans of %s:%s: %s",
							  nd->name, f->ifname, brkit_errmsg(n->h));
			}
		}
		/* per-VLAN multicast options, once the ports have their VLANs */
		for (k = 0; nd->ext && k < nd->ext->nvlan_mcast; k++) {
			const struct brkit_lab_vlan_mcast *m = &nd->ext->vlan_mcast[k];

			err = brkit_vlan_global_set(n->h, BRKIT_LAB_BRNAME, m->lo, m->hi, &m->opts);
			if (err)
				return lab_err_at(c->err, lab->file, m->line, m->column, err,
						  "node %s: vlan_multicast %u-%u: %s", nd->name,
						  m->lo, m->hi, brkit_errmsg(n->h));
		}
	}
	return 0;
}

static int config_netem(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	char msg[256];
	size_t k;
	int i, err;

	for (k = 0; k < lab->nlinks; k++) {
		const struct brkit_lab_link *l = &lab->links[k];

		if (!l->delay_us && !l->loss && !l->rate)
			continue;
		for (i = 0; i < 2; i++) {
			const struct brkit_lab_end *e = &l->end[i];

			err = brkit_lab_netem(c->nodes[e->node].h, if_index(lab, e->node, e->iface),
					      l, msg, sizeof(msg));
			if (err)
				return lab_err_at(c->err, lab->file, l->line, l->column, err,
						  "adding impairments on %s:%s: %s",
						  lab->nodes[e->node].name, ifname_of(lab, e), msg);
		}
	}
	return 0;
}

/* ---- brkit-stpd for the nodes with stp: rstp ---- */

#define STPD_SOCK "brkit-stpd" /* its abstract control socket, per namespace */
#define STPD_RUN "/run/brkit"

void lab_sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Whether @pid is a live brkit-stpd: its argv[0] (which up sets, whatever
 * the binary's file name) ends in "brkit-stpd". A zombie has no cmdline. */
ssize_t lab_proc_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static bool stpd_alive(pid_t pid)
{
	char buf[256];
	const char *base;

	if (lab_proc_cmdline(pid, buf, sizeof(buf)) < 0)
		return false;
	base = strrchr(buf, '/');
	return !strcmp(base ? base + 1 : buf, "brkit-stpd");
}

/* SIGTERM, up to 2 s for it to go (its shutdown leaves the ports in their
 * safe state and removes its nftables rule), then SIGKILL. */
static void stpd_stop(pid_t pid)
{
	int i, sig = SIGTERM;

	if (pid <= 0 || !stpd_alive(pid))
		return;
	for (i = 0; i < 2; i++, sig = SIGKILL) {
		int t;

		kill(pid, sig);
		for (t = 0; t < 200; t++) {
			waitpid(pid, NULL, WNOHANG); /* ours when up runs in this process */
			if (!stpd_alive(pid))
				return;
			lab_sleep_ms(10);
		}
	}
}

/* Whether process @pid runs in the namespace named @ns (the same nsfs
 * device and inode): a pid file can outlive its daemon, and its pid can be
 * another namespace's brkit-stpd by now. */
static bool stpd_in_ns(pid_t pid, const char *ns)
{
	char path[PATH_MAX];
	struct stat a, b;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (stat(path, &a) < 0)
		return false;
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	if (stat(path, &b) < 0)
		return false;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The daemon of namespace @ns by its pid file, in case up was killed between
 * starting it and logging its pid; then its files, should it have been killed. */
static void stpd_stop_ns(const char *ns)
{
	char path[PATH_MAX], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), STPD_RUN "/stpd-%s.pid", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if (stpd_in_ns((pid_t)atoi(buf), ns))
				stpd_stop((pid_t)atoi(buf));
		}
		unlink(path);
	}
	snprintf(path, sizeof(path), STPD_RUN "/stpd-%s.bridges", ns);
	unlink(path);
}

/* One request to the daemon of @h's namespace; 0 when it answers "ok",
 * -ECONNREFUSED (or another -errno) when none listens yet. */
static int stpd_call(struct brkit *h, const char *req, char *reply, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 5 };
	size_t n = strlen(STPD_SOCK), got = 0;
	int saved, fd, err = 0;

	reply[0] = '\0';
	memcpy(sa.sun_path + 1, STPD_SOCK, n);
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return -errno;
	if (setns(h->netns_fd, CLONE_NEWNET) < 0) {
		err = -errno;
		close(saved);
		return err;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		err = -errno;
	if (setns(saved, CLONE_NEWNET) < 0 && !err)
		err = -errno;
	close(saved);
	if (err) {
		if (fd >= 0)
			close(fd);
		return err;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0 ||
	    write(fd, req, strlen(req)) < 0 || write(fd, "\n", 1) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	shutdown(fd, SHUT_WR);
	while (got < len - 1) {
		ssize_t r = read(fd, reply + got, len - 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	reply[got] = '\0';
	reply[strcspn(reply, "\n")] = '\0';
	return strcmp(reply, "ok") ? -EPROTO : 0;
}

/* The daemon's `set br0 ...` request for node @nd's bridge settings (the
 * parser checked them against the engine's ranges; timers are whole
 * seconds there); false when the node sets none. */
static bool stpd_bridge_words(const struct brkit_lab_node *nd, char *buf, size_t len)
{
	size_t off = (size_t)snprintf(buf, len, "set %s", BRKIT_LAB_BRNAME), start = off;

	if (nd->br.mask & BRKIT_BR_PRIORITY)
		off += (size_t)snprintf(buf + off, len - off, " priority %u",
					(unsigned int)nd->br.priority);
	if (nd->br.mask & BRKIT_BR_HELLO_TIME)
		off += (size_t)snprintf(buf + off, len - off, " hello %u", nd->br.hello_time / 100);
	if (nd->br.mask & BRKIT_BR_MAX_AGE)
		off += (size_t)snprintf(buf + off, len - off, " maxage %u", nd->br.max_age / 100);
	if (nd->br.mask & BRKIT_BR_FORWARD_DELAY)
		off += (size_t)snprintf(buf + off, len - off, " fdelay %u",
					nd->br.forward_delay / 100);
	if (nd->rstp_mask & BRKIT_LAB_RSTP_FORCE_VERSION)
		off += (size_t)snprintf(buf + off, len - off, " forcevers %s",
					nd->force_version ? "rstp" : "stp");
	if (nd->rstp_mask & BRKIT_LAB_RSTP_TX_HOLD_COUNT)
		off += (size_t)snprintf(buf + off, len - off, " txholdcount %u", nd->tx_hold_count);
	return off > start && off < len;
}

/* The daemon's `port br0 IF ...` request for port @f (false: nothing set). */
static bool stpd_port_words(const struct brkit_lab_iface *f, char *buf, size_t len)
{
	static const char *const p2p[] = { "auto", "on", "off" };
	size_t off = (size_t)snprintf(buf, len, "port %s %s", BRKIT_LAB_BRNAME, f->ifname),
	       start = off;
	unsigned int b;

	if (f->port.has_cost)
		off += (size_t)snprintf(buf + off, len - off, " cost %u", f->port.cost);
	if (f->port.has_priority)
		off += (size_t)snprintf(buf + off, len - off, " priority %u",
					(unsigned int)f->port.priority);
	for (b = 0; lab_rstp_port_keys[b]; b++) {
		if (!(f->rstp_mask & 1u << b))
			continue;
		if (1u << b == BRKIT_LAB_RSTP_P2P)
			off += (size_t)snprintf(buf + off, len - off, " p2p %s",
						p2p[f->rstp_p2p < 3 ? f->rstp_p2p : 0]);
		else
			off += (size_t)snprintf(buf + off, len - off, " %s %s",
						lab_rstp_port_keys[b],
						f->rstp_flags & 1u << b ? "on" : "off");
	}
	return off > start && off < len;
}

/* The ports' settings of every stp: rstp node, to its daemon, once the
 * ports exist (the daemon runs them from the moment they join). */
static int config_stpd_ports(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	char line[256], reply[256];
	size_t i, k;
	int err, t;

	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];

		if (nd->kind != BRKIT_LAB_BRIDGE || nd->stp != BRKIT_LAB_STP_RSTP)
			continue;
		for (k = 0; k < nd->nifaces; k++) {
			const struct brkit_lab_iface *f = &nd->ifaces[k];

			if (!stpd_port_words(f, line, sizeof(line)))
				continue;
			/* the daemon hears of the new port through an rtnetlink
			 * event: until it has, it answers "error 2" (ENOENT,
			 * not a port of br0); bounded, 5 s */
			for (t = 0; t < 500; t++) {
				err = stpd_call(c->nodes[i].h, line, reply, sizeof(reply));
				if (err != -EPROTO || strncmp(reply, "error 2 ", 8))
					break;
				lab_sleep_ms(10);
			}
			if (err)
				return lab_err_at(
					c->err, lab->file, f->line, f->column, err,
					"handing the STP settings of %s:%s to brkit-stpd: %s",
					nd->name, f->ifname,
					err == -EPROTO ? reply : strerror(-err));
		}
	}
	return 0;
}

/* Start brkit-stpd in node @i's namespace, log its pid, wait for its
 * socket, and hand it the bridge with the node's settings (priority,
 * timers, force version, TxHoldCount). */
static int start_stpd(struct up_ctx *c, size_t i)
{
	const struct brkit_lab_node *nd = &c->lab->nodes[i];
	struct up_node *n = &c->nodes[i];
	char line[BRKIT_LAB_NSLEN + 160], reply[256];
	char *argv[] = { "brkit-stpd", "-f", "-n", n->ns, "-c", "/dev/null", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int err, t, st;
	pid_t pid;

	/* posix_spawn: the library never exits, not even in a child. The daemon
	 * gets its own session and /dev/null for its standard streams; -c
	 * /dev/null: the lab's bridges take no host configuration. */
	err = posix_spawnattr_init(&attr);
	if (err)
		return lab_err_at(c->err, "", 0, 0, -err, "starting brkit-stpd: %s", strerror(err));
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDWR, 0);
	posix_spawn_file_actions_adddup2(&fa, 0, 1);
	posix_spawn_file_actions_adddup2(&fa, 0, 2);
	err = posix_spawn(&pid, c->stpd, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (err)
		return lab_err_at(c->err, c->lab->file, nd->line, nd->column, -err,
				  "starting %s for node %s: %s", c->stpd, nd->name, strerror(err));
	n->stpd = pid;
	snprintf(line, sizeof(line), "stpd %d %s\n", (int)pid, n->ns);
	err = log_write(c, line);
	if (err)
		return lab_err_at(c->err, "", 0, 0, err, "writing %s: %s", c->log, strerror(-err));
	for (t = 0; t < 500; t++) {
		if (waitpid(pid, &st, WNOHANG) == pid) {
			n->stpd = 0;
			return lab_err_at(c->err, c->lab->file, nd->line, nd->column, -ECHILD,
					  "starting %s for node %s: it exited (%s %d)", c->stpd,
					  nd->name, WIFEXITED(st) ? "status" : "signal",
					  WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		}
		err = stpd_call(n->h, "on " BRKIT_LAB_BRNAME, reply, sizeof(reply));
		if (err != -ECONNREFUSED && err != -ENOENT)
			break;
		lab_sleep_ms(10);
	}
	if (!err && stpd_bridge_words(nd, line, sizeof(line)))
		err = stpd_call(n->h, line, reply, sizeof(reply));
	if (err)
		return lab_err_at(c->err, c->lab->file, nd->line, nd->column, err,
				  "handing the bridge of node %s to brkit-stpd: %s", nd->name,
				  err == -EPROTO ? reply : strerror(-err));
	return 0;
}

static int start_stpds(struct up_ctx *c)
{
	size_t i;
	int err;

	for (i = 0; i < c->lab->nnodes; i++) {
		if (c->lab->nodes[i].stp != BRKIT_LAB_STP_RSTP)
			continue;
		if (!c->stpd)
			return lab_err_at(c->err, c->lab->file, c->lab->nodes[i].line,
					  c->lab->nodes[i].column, -ENOENT,
					  "node %s: stp: rstp needs brkit-stpd, and its path was "
					  "not given (brkit_lab_up_stpd)",
					  c->lab->nodes[i].name);
		err = start_stpd(c, i);
		if (err)
			return err;
	}
	return 0;
}

/* ---- forwarding and FRR ---- */

/* Write @val to /proc/sys/@key in node @n's namespace (sysctl's net files
 * are the opener's namespace's). */
static int ns_sysctl(struct up_node *n, const char *key, const char *val)
{
	char path[128];
	int saved, fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/%s", key);
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return -errno;
	if (setns(n->h->netns_fd, CLONE_NEWNET) < 0) {
		err = -errno;
		close(saved);
		return err;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		err = -errno;
	if (setns(saved, CLONE_NEWNET) < 0 && !err)
		err = -errno;
	close(saved);
	if (fd >= 0) {
		if (!err && write(fd, val, strlen(val)) < 0)
			err = -errno;
		close(fd);
	}
	return err;
}

/* Routers, hypervisors and nodes with FRR forward IPv4 and IPv6. */
static int config_forwarding(struct up_ctx *c)
{
	static const char *const keys[] = { "net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding" };
	const struct brkit_lab *lab = c->lab;
	size_t i, k;
	int err;

	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];

		if (nd->kind != BRKIT_LAB_ROUTER && nd->kind != BRKIT_LAB_HYPERVISOR &&
		    !(nd->ext && nd->ext->frr))
			continue;
		for (k = 0; k < 2; k++) {
			err = ns_sysctl(&c->nodes[i], keys[k], "1");
			/* a kernel without IPv6 has no such file */
			if (err && !(k == 1 && err == -ENOENT))
				return lab_err_at(c->err, lab->file, nd->line, nd->column, err,
						  "node %s: turning on forwarding (%s): %s",
						  nd->name, keys[k], strerror(-err));
		}
	}
	return 0;
}

static int log_line(void *arg, const char *line)
{
	return log_write(arg, line);
}

static int start_frrs(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	struct lab_frr_node *fn;
	size_t i;
	int err;

	fn = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*fn));
	if (!fn)
		return lab_err_at(c->err, "", 0, 0, -ENOMEM, "out of memory");
	for (i = 0; i < lab->nnodes; i++) {
		fn[i].netns_fd = c->nodes[i].h->netns_fd;
		fn[i].ns = c->nodes[i].ns;
	}
	err = lab_frr_start(lab, c->name, fn, log_line, c, c->err);
	for (i = 0; i < lab->nnodes; i++)
		c->nodes[i].frr = fn[i].logged;
	free(fn);
	return err;
}

/* ---- exec: each node's commands ---- */

#define EXEC_KEEP 2048 /* the end of a failing command's output kept for the message */

struct exec_out {
	char buf[2 * EXEC_KEEP];
	size_t len;
	bool cut; /* bytes before buf[0] were dropped */
};

static void out_add(struct exec_out *o, const char *p, size_t n)
{
	if (n > EXEC_KEEP) {
		p += n - EXEC_KEEP;
		n = EXEC_KEEP;
		o->cut = true;
	}
	if (o->len + n > sizeof(o->buf)) {
		size_t drop = o->len + n - EXEC_KEEP;

		memmove(o->buf, o->buf + drop, o->len - drop);
		o->len -= drop;
		o->cut = true;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* Read what @fd has now; false at its end (or an error). */
static bool out_read(struct exec_out *o, int fd)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	out_add(o, buf, (size_t)n);
	return true;
}

/* Everything @fd (non-blocking) has now. */
static void out_drain(struct exec_out *o, int fd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			out_add(o, buf, (size_t)n);
}

/* Start /bin/sh -c @cmd in node @n's namespace: this thread enters it for
 * the spawn (a child starts in its parent thread's namespace) and comes back;
 * posix_spawn, as for brkit-stpd: the library never exits, not even in a
 * child. Its own process group (a timeout kills the group), stdin /dev/null,
 * stdout and stderr to @out, in @dir when non-NULL. */
static int exec_spawn(struct up_node *n, const char *dir, const char *cmd, char *const envp[],
		      int out, pid_t *pid)
{
	char *const argv[] = { "sh", "-c", (char *)cmd, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t sigs;
	int saved, err;

	err = posix_spawnattr_init(&attr);
	if (err)
		return -err;
	/* the caller's blocked or ignored signals (SIGPIPE, often) are not the
	 * command's: every signal at its default, none blocked */
	sigfillset(&sigs);
	posix_spawnattr_setsigdefault(&attr, &sigs);
	sigemptyset(&sigs);
	posix_spawnattr_setsigmask(&attr, &sigs);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
						POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, out, 2);
	if (dir)
		posix_spawn_file_actions_addchdir_np(&fa, dir);
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		err = errno;
	} else if (setns(n->h->netns_fd, CLONE_NEWNET) < 0) {
		err = errno;
	} else {
		err = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, envp);
		/* going back cannot fail for root; should it, say so */
		if (setns(saved, CLONE_NEWNET) < 0 && !err)
			err = errno;
	}
	if (saved >= 0)
		close(saved);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return -err;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Run one command of node @i; 0, or the failure in c->err. */
static int run_cmd(struct up_ctx *c, size_t i, const struct brkit_lab_cmd *cmd, char *const envp[],
		   const char *dir, uint32_t timeout_ms)
{
	const struct brkit_lab_node *nd = &c->lab->nodes[i];
	struct exec_out *o;
	struct pollfd pfd[2];
	int pipefd[2], pidfd, st = 0, err = 0;
	bool timed_out = false, done = false, unknown = false;
	long deadline;
	char shown[64];
	const char *text;
	size_t room;
	pid_t pid;

	o = calloc(1, sizeof(*o));
	if (!o)
		return lab_err_at(c->err, "", 0, 0, -ENOMEM, "out of memory");
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		err = -errno;
		free(o);
		return lab_err_at(c->err, "", 0, 0, err, "node %s: exec: pipe: %s", nd->name,
				  strerror(-err));
	}
	err = exec_spawn(&c->nodes[i], dir, cmd->cmd, envp, pipefd[1], &pid);
	close(pipefd[1]);
	if (err) {
		close(pipefd[0]);
		free(o);
		return lab_err_at(c->err, c->lab->file, cmd->line, cmd->column, err,
				  "node %s: exec: starting /bin/sh: %s", nd->name, strerror(-err));
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	deadline = now_ms() + (long)timeout_ms;
	pfd[0] = (struct pollfd){ .fd = pipefd[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
	/* Until the shell ends (not the pipe: a process it leaves running in the
	 * background may hold the pipe for ever). */
	while (!done) {
		long left = deadline - now_ms();
		int wait = pidfd >= 0 ? (int)(left > 0 ? left : 0) : (left > 20 ? 20 : (int)left);

		if (left <= 0) {
			timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		pfd[0].revents = pfd[1].revents = 0;
		if (poll(pfd, pidfd >= 0 ? 2 : 1, wait) < 0 && errno != EINTR)
			lab_sleep_ms(20); /* and on to the deadline */
		if (pfd[0].fd >= 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    !out_read(o, pfd[0].fd))
			pfd[0].fd = -1; /* its end: poll ignores it now */
		if (pidfd < 0 || (pfd[1].revents & POLLIN)) {
			pid_t w = waitpid(pid, &st, WNOHANG);

			/* ECHILD: a caller that ignores SIGCHLD has it reaped for it */
			done = w == pid || (w < 0 && errno == ECHILD);
			unknown = w < 0;
		}
	}
	if (!done)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	/* what is left in the pipe now, without waiting for its writers */
	if (fcntl(pipefd[0], F_SETFL, O_NONBLOCK) == 0)
		out_drain(o, pipefd[0]);
	close(pipefd[0]);
	if (pidfd >= 0)
		close(pidfd);
	if (!timed_out && !unknown && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		free(o);
		return 0;
	}
	while (o->len && (o->buf[o->len - 1] == '\n' || o->buf[o->len - 1] == ' '))
		o->len--;
	o->buf[o->len < sizeof(o->buf) ? o->len : sizeof(o->buf) - 1] = '\0';
	snprintf(shown, sizeof(shown), "%s", cmd->cmd);
	if (strlen(cmd->cmd) >= sizeof(shown))
		memcpy(shown + sizeof(shown) - 4, "...", 4);
	/* the end of the output, as much as the message has room for */
	room = sizeof(c->err->msg) - 160 - strlen(shown);
	text = o->len > room ? o->buf + o->len - room : o->buf;
	if (timed_out)
		err = lab_err_at(c->err, c->lab->file, cmd->line, cmd->column, -ETIMEDOUT,
				 "node %s: exec '%s' ran past exec_timeout (%u ms) and was "
				 "killed; its output: %s%s",
				 nd->name, shown, timeout_ms, o->cut || text != o->buf ? "..." : "",
				 o->len ? text : "(none)");
	else if (unknown)
		err = lab_err_at(c->err, c->lab->file, cmd->line, cmd->column, -ECHILD,
				 "node %s: exec '%s': its exit status is unknown (the process "
				 "ignores SIGCHLD, so the kernel reaped it); its output: %s%s",
				 nd->name, shown, o->cut || text != o->buf ? "..." : "",
				 o->len ? text : "(none)");
	else
		err = lab_err_at(c->err, c->lab->file, cmd->line, cmd->column, -ECHILD,
				 "node %s: exec '%s' failed (%s %d); its output: %s%s", nd->name,
				 shown, WIFEXITED(st) ? "exit status" : "killed by signal",
				 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
				 o->cut || text != o->buf ? "..." : "", o->len ? text : "(none)");
	free(o);
	return err;
}

static bool env_named(const char *kv, const char *const *names, size_t n)
{
	size_t k, len = strcspn(kv, "=");

	for (k = 0; k < n; k++)
		if (names[k] && strlen(names[k]) == len && !strncmp(kv, names[k], len))
			return true;
	return false;
}

/* The commands' environment: the caller's, BRKIT_LAB, BRKIT_NODE and
 * BRKIT_NETNS, then the node's env: (each later one replaces a name). */
static char **exec_env(struct up_ctx *c, size_t i, char *own[3])
{
	const struct brkit_lab_exec *x = c->lab->nodes[i].ext->exec;
	static const char *const names[] = { "BRKIT_LAB", "BRKIT_NODE", "BRKIT_NETNS" };
	size_t n = 0, k, m = 0;
	char **envp;

	while (environ && environ[n])
		n++;
	envp = calloc(n + 3 + x->nenv + 1, sizeof(*envp));
	if (!envp || asprintf(&own[0], "BRKIT_LAB=%s", c->name) < 0 ||
	    asprintf(&own[1], "BRKIT_NODE=%s", c->lab->nodes[i].name) < 0 ||
	    asprintf(&own[2], "BRKIT_NETNS=%s", c->nodes[i].ns) < 0) {
		free(envp);
		return NULL;
	}
	for (k = 0; k < n; k++)
		if (!env_named(environ[k], names, 3))
			envp[m++] = environ[k];
	/* drop the caller's entries that the node's env: replaces */
	for (k = 0; k < m;) {
		size_t e, len = strcspn(envp[k], "=");
		bool hit = false;

		for (e = 0; e < x->nenv && !hit; e++)
			hit = !strncmp(envp[k], x->env[e], len) && x->env[e][len] == '=';
		if (hit)
			memmove(&envp[k], &envp[k + 1], (m-- - k - 1) * sizeof(*envp));
		else
			k++;
	}
	for (k = 0; k < 3; k++) {
		size_t e, len = strcspn(own[k], "=");
		bool hit = false;

		for (e = 0; e < x->nenv && !hit; e++)
			hit = !strncmp(own[k], x->env[e], len) && x->env[e][len] == '=';
		if (!hit)
			envp[m++] = own[k];
	}
	for (k = 0; k < x->nenv; k++)
		envp[m++] = x->env[k];
	envp[m] = NULL;
	return envp;
}

/* Each node's exec: commands, nodes in file order; the first that fails
 * fails the up. */
static int run_execs(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	const char *slash = strrchr(lab->file, '/');
	char dir[PATH_MAX];
	size_t i, k;
	int err = 0;

	if (slash && (size_t)(slash - lab->file) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s",
			 slash == lab->file ? 1 : (int)(slash - lab->file), lab->file);
	for (i = 0; i < lab->nnodes && !err; i++) {
		const struct brkit_lab_exec *x = lab->nodes[i].ext ? lab->nodes[i].ext->exec : NULL;
		char *own[3] = { NULL, NULL, NULL }, **envp;

		if (!x || !x->ncmds)
			continue;
		envp = exec_env(c, i, own);
		if (!envp)
			err = lab_err_at(c->err, "", 0, 0, -ENOMEM, "out of memory");
		for (k = 0; envp && k < x->ncmds && !err; k++)
			err = run_cmd(c, i, &x->cmds[k], envp, slash ? dir : NULL,
				      x->timeout_ms ? x->timeout_ms : BRKIT_LAB_EXEC_TIMEOUT_MS);
		free(envp);
		for (k = 0; k < 3; k++)
			free(own[k]);
	}
	return err;
}

/* ---- processes left in a namespace ---- */

/* Stop every process in namespace @ns (`ip netns pids`): ones an exec:
 * command left running, or a user's `brkit lab exec ... &`. SIGTERM, up to
 * 2 s for them to go, then SIGKILL. Never this process. */
static void ns_kill_procs(const char *ns)
{
	char path[PATH_MAX];
	struct stat nsst, st;
	int round, sig = SIGTERM;

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, ns);
	if (stat(path, &nsst) < 0)
		return;
	for (round = 0; round < 101; round++) {
		struct dirent *d;
		bool any = false;
		DIR *dir = opendir("/proc");

		if (!dir)
			return;
		while ((d = readdir(dir)) != NULL) {
			pid_t pid = (pid_t)atoi(d->d_name);

			if (pid <= 0 || pid == getpid())
				continue;
			snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
			if (stat(path, &st) < 0 || st.st_dev != nsst.st_dev ||
			    st.st_ino != nsst.st_ino)
				continue;
			if (lab_proc_cmdline(pid, path, sizeof(path)) < 0)
				continue; /* a zombie: its parent reaps it */
			any = true;
			if (round == 0 || round == 100)
				kill(pid, sig);
		}
		closedir(dir);
		if (!any)
			return;
		if (round == 99)
			sig = SIGKILL;
		lab_sleep_ms(20);
	}
}

/* Remove every namespace this run made, then the log. */
static void rollback(struct up_ctx *c)
{
	char dir[PATH_MAX];
	size_t i;

	char **dirs = calloc(c->lab->nnodes ? c->lab->nnodes : 1, sizeof(*dirs));
	size_t n = 0;

	for (i = 0; dirs && i < c->lab->nnodes; i++) {
		if (c->nodes[i].frr &&
		    !brkit_lab_frr_dir(dir, sizeof(dir), c->name, c->lab->nodes[i].name))
			dirs[n] = strdup(dir);
		if (dirs[n])
			n++;
	}
	if (n)
		lab_frr_stop(dirs, n);
	while (n)
		free(dirs[--n]);
	free(dirs);
	for (i = 0; i < c->lab->nnodes; i++) {
		if (c->nodes[i].stpd) {
			stpd_stop(c->nodes[i].stpd);
			stpd_stop_ns(c->nodes[i].ns);
		}
		brkit_close(c->nodes[i].h);
		c->nodes[i].h = NULL;
		if (c->nodes[i].made) {
			ns_kill_procs(c->nodes[i].ns);
			netns_remove(c->nodes[i].ns);
		}
		c->nodes[i].made = false;
	}
	if (c->log_fd >= 0) {
		close(c->log_fd);
		c->log_fd = -1;
		unlink(c->log);
	}
}

static int check_names(struct up_ctx *c)
{
	const struct brkit_lab *lab = c->lab;
	const char *why;
	size_t i;

	if (brkit_lab_name_check(c->name, &why))
		return lab_err_at(c->err, "", 0, 0, -EINVAL, "lab name '%s': %s", c->name, why);
	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];

		if (brkit_lab_netns_name(c->nodes[i].ns, sizeof(c->nodes[i].ns), c->name, nd->name,
					 &why))
			return lab_err_at(
				c->err, lab->file, nd->line, nd->column, -EINVAL,
				"node '%s' would make namespace name '%s-%s', which is not "
				"valid: %s",
				nd->name, c->name, nd->name, why);
	}
	return 0;
}

int brkit_lab_up_parsed(const struct brkit_lab *lab, const char *name, struct brkit_lab_error *err)
{
	return brkit_lab_up_stpd(lab, name, NULL, err);
}

int brkit_lab_up_stpd(const struct brkit_lab *lab, const char *name, const char *stpd,
		      struct brkit_lab_error *err)
{
	struct up_ctx c = {
		.lab = lab, .name = name ? name : lab->name, .stpd = stpd, .err = err, .log_fd = -1
	};
	size_t i;
	int ret;

	memset(err, 0, sizeof(*err));
	c.nodes = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*c.nodes));
	if (!c.nodes)
		return lab_err_at(err, "", 0, 0, -ENOMEM, "out of memory");
	ret = check_names(&c);
	if (ret)
		goto out;
	/* FRR installed with its daemons (the dry runs are brkit_lab_frr_check's) */
	ret = lab_frr_installed(lab, err);
	if (ret)
		goto out;
	for (i = 0; i < lab->nnodes; i++)
		if (lab->nodes[i].nifaces > ((size_t)INT_MAX - IFINDEX_BASE) / lab->nnodes - 1) {
			ret = -E2BIG;
			lab_err_at(err, lab->file, lab->nodes[i].line, lab->nodes[i].column, 0,
				   "node %s: too many interfaces for this many nodes",
				   lab->nodes[i].name);
			goto out;
		}
	ret = brkit_lab_log_path(c.log, sizeof(c.log), c.name);
	if (!ret)
		ret = lab_mkdir_p(BRKIT_LAB_DIR);
	if (ret) {
		lab_err_at(err, "", 0, 0, 0, "creating %s: %s", BRKIT_LAB_DIR, strerror(-ret));
		goto out;
	}
	c.log_fd = open(c.log, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
	if (c.log_fd < 0) {
		ret = -errno;
		if (ret == -EEXIST)
			lab_err_at(err, "", 0, 0, 0,
				   "lab %s is already up (its state is %s; brkit lab down %s)",
				   c.name, c.log, c.name);
		else
			lab_err_at(err, "", 0, 0, 0, "creating %s: %s", c.log, strerror(-ret));
		goto out;
	}
	/* Namespaces someone else made are never ours to take or remove. */
	for (i = 0; i < lab->nnodes; i++) {
		if (netns_exists(c.nodes[i].ns)) {
			ret = -EEXIST;
			lab_err_at(
				err, lab->file, lab->nodes[i].line, lab->nodes[i].column, 0,
				"namespace %s (node %s) already exists, and lab %s did not make it",
				c.nodes[i].ns, lab->nodes[i].name, c.name);
			goto fail;
		}
	}
	ret = netns_dir_prepare();
	if (ret) {
		lab_err_at(err, "", 0, 0, 0, "preparing %s: %s", NETNS_RUN_DIR, strerror(-ret));
		goto fail;
	}
	ret = log_head(&c);
	if (ret) {
		lab_err_at(err, "", 0, 0, 0, "writing %s: %s", c.log, strerror(-ret));
		goto fail;
	}
	ret = make_namespaces(&c);
	if (!ret)
		ret = make_bridges(&c);
	/* Before the ports exist, so the daemon holds each one as it appears. */
	if (!ret)
		ret = start_stpds(&c);
	if (!ret)
		ret = make_links(&c);
	if (!ret)
		ret = config_nodes(&c);
	if (!ret)
		ret = config_ports(&c);
	if (!ret)
		ret = config_stpd_ports(&c);
	if (!ret)
		ret = config_netem(&c);
	if (!ret)
		ret = config_forwarding(&c);
	/* Last: the daemons learn the finished layout over netlink. */
	if (!ret)
		ret = start_frrs(&c);
	/* The lab is made: the nodes' exec: commands, in order. */
	if (!ret)
		ret = run_execs(&c);
	if (!ret)
		ret = log_write(&c, "complete\n");
	if (ret)
		goto fail;
	for (i = 0; i < lab->nnodes; i++)
		brkit_close(c.nodes[i].h);
	close(c.log_fd);
	goto out;
fail:
	rollback(&c);
out:
	for (i = 0; i < lab->nnodes; i++)
		free(c.nodes[i].vni_br);
	free(c.nodes);
	free(c.what);
	free(c.at);
	return ret;
}

int brkit_lab_up(const char *path, const char *name, struct brkit_lab_error *err)
{
	struct brkit_lab *lab;
	int ret = brkit_lab_load(path, &lab, err);

	if (ret)
		return ret;
	ret = brkit_lab_up_parsed(lab, name, err);
	brkit_lab_free(lab);
	return ret;
}

static void dirs_add(char ***dirs, size_t *n, const char *dir)
{
	char **d = realloc(*dirs, (*n + 1) * sizeof(**dirs));

	if (!d)
		return;
	*dirs = d;
	d[*n] = strdup(dir);
	if (d[*n])
		(*n)++;
}

int brkit_lab_down(const char *name, struct brkit_lab_error *err)
{
	char **dirs = NULL;
	size_t ndirs = 0;
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	FILE *f;
	int ret = 0, e;

	memset(err, 0, sizeof(*err));
	if (brkit_lab_log_path(path, sizeof(path), name))
		return lab_err_at(err, "", 0, 0, -EINVAL, "lab name '%s' is not valid", name);
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		if (ret == -ENOENT)
			lab_err_at(err, "", 0, 0, 0, "lab %s: no such lab is up (no %s)", name,
				   path);
		else
			lab_err_at(err, "", 0, 0, 0, "reading %s: %s", path, strerror(-ret));
		return ret;
	}
	/* The daemons first: the namespaces outlive their removal while one runs. */
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "stpd ", 5))
			stpd_stop((pid_t)atoi(line + 5));
		else if (!strncmp(line, "frr /", 5))
			dirs_add(&dirs, &ndirs, line + 4);
		else if (!strncmp(line, "ns ", 3))
			stpd_stop_ns(line + 3);
	}
	/* every node's FRR at once */
	if (ndirs)
		lab_frr_stop(dirs, ndirs);
	while (ndirs)
		free(dirs[--ndirs]);
	free(dirs);
	rewind(f);
	while (getline(&line, &cap, f) > 0) {
		size_t n = strcspn(line, "\n");

		line[n] = '\0';
		if (strncmp(line, "ns ", 3))
			continue;
		ns_kill_procs(line + 3);
		e = netns_remove(line + 3);
		if (e && e != -ENOENT && !ret) {
			ret = e;
			lab_err_at(err, "", 0, 0, 0, "removing namespace %s of lab %s: %s",
				   line + 3, name, strerror(-e));
		}
	}
	free(line);
	fclose(f);
	if (!ret && unlink(path) < 0) {
		ret = -errno;
		lab_err_at(err, "", 0, 0, 0, "removing %s: %s", path, strerror(-ret));
	}
	return ret;
}

int brkit_lab_open(struct brkit **hp, const char *lab, const char *node)
{
	char ns[BRKIT_LAB_NSLEN];

	*hp = NULL;
	if (brkit_lab_netns_name(ns, sizeof(ns), lab, node, NULL))
		return -EINVAL;
	return brkit_open(hp, ns);
}

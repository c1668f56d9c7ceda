// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit net on the kernel and the processes: the bridge and its addresses
 * (rtnetlink), the nftables table (libnftables, dlopen()ed), the forwarding
 * sysctls, dnsmasq, and the state directory. The calling process is already
 * in the network's namespace (net_enter). Nothing prints: each call returns
 * 0 or a negative errno with the reason in env->why. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <brkit/bridge.h>
#include "net/apply.h"
#include "nl/nl.h"
#include "nl/util.h"

int net_fail(struct net_env *e, int err, const char *fmt, ...)
{
	char buf[NET_WHYLEN];
	va_list ap;

	/* through a copy: callers may pass e->why itself as an argument */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memcpy(e->why, buf, sizeof(buf));
	return err < 0 ? err : -EIO;
}

int net_enter(const char *netns, char *why, size_t whylen)
{
	char path[NET_PATHLEN];
	int fd;

	if (!netns)
		return 0;
	if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = -errno;

		snprintf(why, whylen, "network namespace %s: %s", netns,
			 err == -ENOENT ? "does not exist" : strerror(-err));
		return err;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		int err = -errno;

		snprintf(why, whylen, "network namespace %s: entering it: %s", netns,
			 strerror(-err));
		close(fd);
		return err;
	}
	close(fd);
	return 0;
}

/* ---- files ---- */

static int mkdir_p(const char *path, mode_t mode)
{
	char buf[NET_PATHLEN], *p;

	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	strcpy(buf, path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

void net_path(const struct net_env *e, const char *name, const char *file, char *buf, size_t len)
{
	int n = file ? snprintf(buf, len, "%s/%s/%s", e->root, name, file)
		     : snprintf(buf, len, "%s/%s", e->root, name);

	if (n < 0 || (size_t)n >= len)
		buf[0] = 0; /* cannot happen: NET_ROOTLEN + NET_NAMELEN + a file < len */
}

/* A root-owned regular file that only root may write, at most 1 MiB; not
 * a symlink. -ENOENT when absent. */
int net_read_file(const char *path, char **text)
{
	struct stat st;
	int fd, err;

	*text = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022)) {
		close(fd);
		return -EPERM;
	}
	err = brkit_read_fd(fd, 1 << 20, text, NULL);
	close(fd);
	return err;
}

/* Write @text to @path atomically (a temporary file renamed over it), 0644. */
int net_write_file(const char *path, const char *text)
{
	char tmp[NET_PATHLEN + 8];
	size_t len = strlen(text), off = 0;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t r = write(fd, text + off, len - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int err = r < 0 ? -errno : -EIO;

			close(fd);
			unlink(tmp);
			return err;
		}
		off += (size_t)r;
	}
	if (fchmod(fd, 0644) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		int err = -errno;

		unlink(tmp);
		return err;
	}
	return 0;
}

int net_lock(struct net_env *e)
{
	char path[NET_PATHLEN];
	int err = mkdir_p(e->root, 0755);

	if (err)
		return net_fail(e, err, "state directory %s: %s", e->root, strerror(-err));
	snprintf(path, sizeof(path), "%s/.lock", e->root);
	e->lockfd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (e->lockfd < 0)
		return net_fail(e, -errno, "%s: %s", path, strerror(errno));
	if (flock(e->lockfd, LOCK_EX) < 0)
		return net_fail(e, -errno, "%s: lock: %s", path, strerror(errno));
	return 0;
}

void net_unlock(struct net_env *e)
{
	if (e->lockfd > 0)
		close(e->lockfd);
	e->lockfd = -1;
}

void net_root_tidy(struct net_env *e)
{
	char(*names)[NET_NAMELEN];
	char path[NET_PATHLEN];
	size_t n;

	if (!strcmp(e->root, NET_STATE_DIR) || net_names(e, &names, &n))
		return;
	free(names);
	if (n || net_forward_held(e, 0) || net_forward_held(e, 1))
		return;
	snprintf(path, sizeof(path), "%s/.lock", e->root);
	unlink(path);
	rmdir(e->root); /* fails, harmlessly, when anything else is in it */
}

int net_state_load(struct net_env *e, const char *name, struct net_state *st)
{
	char path[NET_PATHLEN], why[NET_WHYLEN], *text;
	int err;

	net_path(e, name, "state", path, sizeof(path));
	err = net_read_file(path, &text);
	if (err == -ENOENT)
		return net_fail(e, err, "network %s: not a brkit network (no state in %s/%s)", name,
				e->root, name);
	if (err == -EPERM)
		return net_fail(e, err,
				"network %s: %s is not a root-owned file only root may write; "
				"not used",
				name, path);
	if (err)
		return net_fail(e, err, "network %s: %s: %s", name, path, strerror(-err));
	err = net_state_parse(text, st, why, sizeof(why));
	free(text);
	if (err)
		return net_fail(e, err, "network %s: %s: %s", name, path, why);
	return 0;
}

int net_state_save(struct net_env *e, const struct net_state *st)
{
	char path[NET_PATHLEN], buf[2048];
	int err;

	net_path(e, st->name, "state", path, sizeof(path));
	net_state_format(st, buf, sizeof(buf));
	err = net_write_file(path, buf);
	if (err)
		return net_fail(e, err, "network %s: writing %s: %s", st->name, path,
				strerror(-err));
	return 0;
}

/* The spec a state records (its words parsed again) and its static hosts. */
int net_state_spec(struct net_env *e, const struct net_state *st, struct net_spec *s)
{
	char words[sizeof(st->spec)], *argv[32], why[NET_WHYLEN], path[NET_PATHLEN], *text;
	char *save = NULL, *w;
	int argc = 0, err;

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", st->name);
	strcpy(words, st->spec);
	for (w = strtok_r(words, " ", &save); w && argc < 32; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	if (net_spec_parse(s, argc, argv, why, sizeof(why)))
		return net_fail(e, -EINVAL, "network %s: its state's spec: %s", st->name, why);
	net_path(e, st->name, "hosts", path, sizeof(path));
	err = net_read_file(path, &text);
	if (err == -ENOENT)
		return 0;
	if (err)
		return net_fail(e, err, "network %s: %s: %s", st->name, path, strerror(-err));
	err = net_hosts_parse(text, s, why, sizeof(why));
	free(text);
	if (err)
		return net_fail(e, err, "network %s: %s: %s", st->name, path, why);
	return 0;
}

/* Names of the networks of this namespace, sorted; *n of them. */
int net_names(struct net_env *e, char (**names)[NET_NAMELEN], size_t *n)
{
	struct dirent **ents;
	int i, k, cnt = scandir(e->root, &ents, NULL, alphasort);

	*names = NULL;
	*n = 0;
	if (cnt < 0)
		return errno == ENOENT ? 0
				       : net_fail(e, -errno, "%s: %s", e->root, strerror(errno));
	*names = calloc((size_t)cnt + 1, NET_NAMELEN);
	for (i = 0, k = 0; i < cnt; i++) {
		char path[NET_PATHLEN];
		struct stat sb;

		if (*names && !net_name_check(ents[i]->d_name, NULL, 0)) {
			net_path(e, ents[i]->d_name, "state", path, sizeof(path));
			if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
				strcpy((*names)[k++], ents[i]->d_name);
		}
		free(ents[i]);
	}
	free(ents);
	if (!*names)
		return net_fail(e, -ENOMEM, "out of memory");
	*n = (size_t)k;
	return 0;
}

/* ---- sysctls ---- */

static int sysctl_read(const char *key, char *val, size_t len)
{
	char path[128];
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/%s", key);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = read(fd, val, len - 1);
	close(fd);
	if (r < 0)
		return -errno;
	val[r] = 0;
	val[strcspn(val, "\n")] = 0;
	return 0;
}

static int sysctl_write(const char *key, const char *val)
{
	char path[128];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/%s", key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static const struct {
	const char *key, *file;
} fwd[2] = { { "net/ipv4/ip_forward", "ip_forward.orig" },
	     { "net/ipv6/conf/all/forwarding", "ip6_forward.orig" } };

/* Forwarding on for family @i (0 IPv4, 1 IPv6); when brkit finds it off, it
 * records that (the .orig file) so the last network that needs it restores it. */
int net_forward_on(struct net_env *e, int i)
{
	char val[16], path[NET_PATHLEN];
	int err = sysctl_read(fwd[i].key, val, sizeof(val));

	if (err)
		return net_fail(e, err, "reading %s: %s", fwd[i].key, strerror(-err));
	if (strcmp(val, "0"))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", e->root, fwd[i].file);
	err = net_write_file(path, "0\n");
	if (err)
		return net_fail(e, err, "writing %s: %s", path, strerror(-err));
	err = sysctl_write(fwd[i].key, "1");
	if (err)
		return net_fail(e, err, "turning on %s: %s", fwd[i].key, strerror(-err));
	return 0;
}

/* Restore forwarding for family @i if brkit turned it on and @needed is
 * false (no other network of this namespace needs it). */
int net_forward_release(struct net_env *e, int i, bool needed)
{
	char path[NET_PATHLEN], *text;
	int err;

	snprintf(path, sizeof(path), "%s/%s", e->root, fwd[i].file);
	err = net_read_file(path, &text);
	if (err == -ENOENT || needed) {
		free(text);
		return 0;
	}
	if (err)
		return net_fail(e, err, "%s: %s", path, strerror(-err));
	free(text);
	err = sysctl_write(fwd[i].key, "0");
	if (err)
		return net_fail(e, err, "restoring %s to 0: %s", fwd[i].key, strerror(-err));
	unlink(path);
	return 0;
}

/* Whether brkit holds forwarding of family @i on (it found it off). */
bool net_forward_held(struct net_env *e, int i)
{
	char path[NET_PATHLEN];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", e->root, fwd[i].file);
	return lstat(path, &sb) == 0;
}

/* ---- addresses ---- */

struct addr_walk {
	int (*cb)(const struct net_addr *a, void *arg);
	void *arg;
	int err;
};

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_walk *w = data;
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct nlattr *attr;
	struct net_addr a = { 0 };
	bool got = false;

	if (nlh->nlmsg_type != RTM_NEWADDR)
		return MNL_CB_OK;
	a.family = ifa->ifa_family;
	a.prefix = ifa->ifa_prefixlen;
	a.ifindex = (int)ifa->ifa_index;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa))
	{
		unsigned int t = mnl_attr_get_type(attr);
		size_t alen = a.family == AF_INET ? 4 : 16;

		if ((t == IFA_LOCAL || (t == IFA_ADDRESS && !got)) &&
		    mnl_attr_get_payload_len(attr) == alen) {
			memcpy(a.addr, mnl_attr_get_payload(attr), alen);
			got = true;
		}
	}
	if (!got || (a.family != AF_INET && a.family != AF_INET6))
		return MNL_CB_OK;
	w->err = w->cb(&a, w->arg);
	return w->err ? MNL_CB_STOP : MNL_CB_OK;
}

int net_addr_foreach(struct net_env *e, int (*cb)(const struct net_addr *a, void *arg), void *arg)
{
	struct nlmsghdr *nlh = brkit_nl_msg(e->h, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct addr_walk w = { cb, arg, 0 };
	int err;

	ifa->ifa_family = AF_UNSPEC;
	err = brkit_nl_dump(e->h, nlh, addr_cb, &w, NULL);
	if (w.err)
		return w.err;
	if (err)
		return net_fail(e, err, "reading the addresses: %s", strerror(-err));
	return 0;
}

int net_addr_change(struct net_env *e, bool add, int ifindex, int family, const void *addr,
		    unsigned int prefix)
{
	struct nlmsghdr *nlh = brkit_nl_msg(e->h, add ? RTM_NEWADDR : RTM_DELADDR,
					    add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	size_t alen = family == AF_INET ? 4 : 16;
	char a[INET6_ADDRSTRLEN];
	int err;

	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)prefix;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_LOCAL, alen, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, addr);
	if (family == AF_INET) {
		uint32_t bcast;

		memcpy(&bcast, addr, 4);
		bcast = htonl(ntohl(bcast) | ~net_mask(prefix));
		mnl_attr_put_u32(nlh, IFA_BROADCAST, bcast);
	} else {
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
	}
	err = brkit_nl_talk(e->h, nlh, NULL, NULL);
	if (err) {
		const char *ext = brkit_extack(e->h);

		inet_ntop(family, addr, a, sizeof(a));
		return net_fail(e, err, "%s address %s/%u: %s", add ? "adding" : "removing", a,
				prefix, *ext ? ext : strerror(-err));
	}
	return 0;
}

/* ---- nftables ---- */

int net_nft_run(struct net_env *e, const char *script)
{
	char err[NET_WHYLEN - 16];
	int ret = brkit_nft_run(script, err, sizeof(err));

	if (ret)
		return net_fail(e, ret, "nftables: %s", err);
	return 0;
}

int net_nft_del(struct net_env *e, const char *name)
{
	char cmd[128];
	int err;

	/* nft 1.0.6 has no "destroy": add (a no-op when it exists), then delete */
	snprintf(cmd, sizeof(cmd), "add table inet %s%s\ndelete table inet %s%s\n",
		 NET_TABLE_PREFIX, name, NET_TABLE_PREFIX, name);
	err = net_nft_run(e, cmd);
	return err;
}

/* ---- dnsmasq ---- */

/* The pid in @dir/dnsmasq.pid when that process is dnsmasq with this
 * network's configuration; 0 when none runs. */
pid_t net_dnsmasq_pid(const char *dir)
{
	char path[NET_PATHLEN], want[NET_PATHLEN + 16], *text = NULL, *p;
	size_t len;
	long pid;
	int fd;
	bool ok = false;

	snprintf(path, sizeof(path), "%s/dnsmasq.pid", dir);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (brkit_read_fd(fd, 64, &text, NULL)) {
		close(fd);
		return 0;
	}
	close(fd);
	pid = strtol(text, &p, 10);
	free(text);
	if (pid <= 1 || pid > 4194304)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (brkit_read_fd(fd, 65536, &text, &len) == 0) {
		snprintf(want, sizeof(want), "--conf-file=%s/dnsmasq.conf", dir);
		for (p = text; p < text + len; p += strlen(p) + 1)
			if (!strcmp(p, want))
				ok = true;
		free(text);
	}
	close(fd);
	return ok ? (pid_t)pid : 0;
}

/* Start dnsmasq with @dir/dnsmasq.conf and wait until it has daemonised
 * (it exits non-zero with its own message when it cannot bind or read the
 * configuration). */
int net_dnsmasq_start(struct net_env *e, const char *name, const char *dir)
{
	char conf[NET_PATHLEN + 16], *msg = NULL;
	int fds[2], st = 0;
	pid_t pid;

	snprintf(conf, sizeof(conf), "--conf-file=%s/dnsmasq.conf", dir);
	if (access(NET_DNSMASQ, X_OK) < 0)
		return net_fail(e, -ENOENT,
				"network %s: dnsmasq is not installed (%s; Debian's dnsmasq-base)",
				name, NET_DNSMASQ);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return net_fail(e, -errno, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return net_fail(e, -errno, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDWR);

		dup2(nul, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execl(NET_DNSMASQ, "dnsmasq", conf, (char *)NULL);
		dprintf(2, "cannot run %s: %s", NET_DNSMASQ, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	/* dnsmasq's daemon keeps no copy of the pipe (it closes its fds),
	 * so the read ends when the parent dnsmasq exits */
	brkit_read_fd(fds[0], 8192, &msg, NULL);
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		size_t n = msg ? strlen(msg) : 0;

		while (n && msg[n - 1] == '\n')
			msg[--n] = 0;
		net_fail(e, -EIO, "network %s: dnsmasq did not start: %s", name,
			 n ? msg : "no message");
		free(msg);
		return -EIO;
	}
	free(msg);
	return 0;
}

/* Stop this network's dnsmasq, if it runs: SIGTERM, then SIGKILL after 2 s. */
int net_dnsmasq_stop(const char *dir)
{
	pid_t pid = net_dnsmasq_pid(dir);
	int i;

	if (!pid)
		return 0;
	kill(pid, SIGTERM);
	for (i = 0; i < 200; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (kill(pid, 0) < 0 && errno == ESRCH)
			return 0;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	return 0;
}

int net_dnsmasq_reload(const char *dir)
{
	pid_t pid = net_dnsmasq_pid(dir);

	if (pid && kill(pid, SIGHUP) < 0)
		return -errno;
	return 0;
}

/* ---- undo: what del does, and add's rollback ---- */

static int count_needs(struct net_env *e, const char *except, bool need[2])
{
	char(*names)[NET_NAMELEN];
	size_t n, i;
	int err = net_names(e, &names, &n);

	need[0] = need[1] = false;
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		struct net_state st;
		struct net_spec s;

		if (!strcmp(names[i], except) || net_state_load(e, names[i], &st) ||
		    net_state_spec(e, &st, &s))
			continue;
		if (s.mode == NET_MODE_NAT || s.mode == NET_MODE_ROUTED) {
			need[0] = true;
			need[1] |= s.has_ipv6;
		}
	}
	free(names);
	return 0;
}

/* Undo everything @st records, in the reverse order of add; every step
 * runs even when one fails (the first failure is returned). */
int net_undo(struct net_env *e, struct net_state *st)
{
	char dir[NET_PATHLEN], path[NET_PATHLEN], why[NET_WHYLEN] = "";
	struct net_spec s;
	struct brkit_link l;
	bool need[2];
	int err, first = 0;
	static const char *const files[] = { "dnsmasq.conf", "dnsmasq.pid", "leases", "hosts",
					     "state" };
	size_t i;

	net_path(e, st->name, NULL, dir, sizeof(dir));
	memset(&s, 0, sizeof(s));
	err = net_state_spec(e, st, &s);
	if (err) {
		first = err;
		snprintf(why, sizeof(why), "%s", e->why);
	}
	if (st->dnsmasq)
		net_dnsmasq_stop(dir);
	if (st->table) {
		err = net_nft_del(e, st->name);
		if (err && !first) {
			first = err;
			snprintf(why, sizeof(why), "%s", e->why);
		}
	}
	if (brkit_link_get(e->h, st->bridge, &l) == 0) {
		if (st->made_bridge) {
			err = brkit_bridge_del(e->h, st->bridge);
			if (err && !first) {
				first = err;
				snprintf(why, sizeof(why), "removing bridge %s: %s", st->bridge,
					 brkit_errmsg(e->h));
			}
		} else {
			if (st->addr_added && s.prefix)
				net_addr_change(e, false, l.ifindex, AF_INET, &s.addr, s.prefix);
			if (st->addr6_added && s.has_ipv6)
				net_addr_change(e, false, l.ifindex, AF_INET6, &s.addr6, s.prefix6);
		}
	}
	if (!count_needs(e, st->name, need)) {
		for (i = 0; i < 2; i++) {
			err = net_forward_release(e, (int)i, need[i]);
			if (err && !first) {
				first = err;
				snprintf(why, sizeof(why), "%s", e->why);
			}
		}
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		net_path(e, st->name, files[i], path, sizeof(path));
		unlink(path);
	}
	if (rmdir(dir) < 0 && errno != ENOENT && !first) {
		first = -errno;
		snprintf(why, sizeof(why), "removing %s: %s", dir, strerror(errno));
	}
	if (first)
		snprintf(e->why, sizeof(e->why), "%s", why);
	return first;
}

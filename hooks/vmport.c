// SPDX-License-Identifier: GPL-2.0-or-later
/* VM ports on the kernel: up (check everything, then apply step by step,
 * undoing on failure), down (undo what the state file records), and the
 * state directory with its lock. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <sched.h>
#include <linux/sockios.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include "nl/util.h"
#include "nl/nl.h"
#include "bridge/bridge_int.h"
#include "hooks/vmport.h"

#ifndef IFLA_BRPORT_MAB
#define IFLA_BRPORT_MAB 40 /* Linux 6.2: MAC authentication bypass */
#endif

int vmport_load_file(const char *path, char **text, void *arg)
{
	int fd, err;

	(void)arg;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = brkit_read_fd(fd, 1u << 20, text, NULL);
	close(fd);
	return err;
}

/* ---- one device, with what struct brkit_link lacks ---- */
struct dev {
	struct brkit_link link;
	unsigned int max_mtu;
	bool is_port; /* a bridge port: flags below are valid */
	uint32_t flags; /* VMPORT_F_* that are on */
	bool mab; /* IFLA_BRPORT_MAB reported and on */
};

/* VMPORT_F_* (the state file's numbers: they stay) as the bridge module's
 * port flags, which read and set them. */
static const uint32_t flag_pf[VMPORT_F_COUNT] = {
	BRKIT_PF_GUARD,
	BRKIT_PF_PROTECT,
	BRKIT_PF_ISOLATED,
	BRKIT_PF_LOCKED,
};
static const char *const flag_name[VMPORT_F_COUNT] = { "bpdu guard", "root block", "isolated",
						       "locked" };

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 }, *li[IFLA_INFO_MAX + 1] = { 0 };
	struct brkit_port_info port;
	struct dev *d = data;
	unsigned int i;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (brkit_nl_parse_link(nlh, &d->link, tb) < 0)
		return MNL_CB_ERROR;
	if (tb[IFLA_MAX_MTU])
		d->max_mtu = mnl_attr_get_u32(tb[IFLA_MAX_MTU]);
	if (!tb[IFLA_LINKINFO])
		return MNL_CB_OK;
	brkit_nl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
	if (!li[IFLA_INFO_SLAVE_KIND] ||
	    strcmp(mnl_attr_get_str(li[IFLA_INFO_SLAVE_KIND]), "bridge"))
		return MNL_CB_OK;
	d->is_port = true;
	if (!li[IFLA_INFO_SLAVE_DATA])
		return MNL_CB_OK;
	brkit_parse_port_data(li[IFLA_INFO_SLAVE_DATA], &port);
	for (i = 0; i < VMPORT_F_COUNT; i++)
		if (port.flags & flag_pf[i])
			d->flags |= 1u << i;
	{
		const struct nlattr *pt[IFLA_BRPORT_MAB + 1];

		brkit_nl_parse_nested(li[IFLA_INFO_SLAVE_DATA], pt, IFLA_BRPORT_MAB);
		d->mab = pt[IFLA_BRPORT_MAB] &&
			 mnl_attr_get_payload_len(pt[IFLA_BRPORT_MAB]) >= 1 &&
			 mnl_attr_get_u8(pt[IFLA_BRPORT_MAB]);
	}
	return MNL_CB_OK;
}

/* MAB (IFLA_BRPORT_MAB) on or off, in one request. The kernel takes it on a
 * locked port only, and turning it off flushes the port's locked entries. A
 * kernel before 6.2 ignores the attribute: read it back to know. */
static int set_mab(struct brkit *h, int ifindex, bool on)
{
	struct nlmsghdr *nlh = brkit_nl_msg(h, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *li, *data;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_MAB, on);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return brkit_nl_talk(h, nlh, NULL, NULL);
}

/* The start time (/proc/PID/stat field 22) of a running @pid; 0 when there is
 * no such process or it is a zombie. */
static unsigned long long proc_start(int pid)
{
	char p[64], buf[1024], *q, state;
	unsigned long long start;
	size_t n;
	FILE *f;

	if (pid <= 0)
		return 0;
	snprintf(p, sizeof(p), "/proc/%d/stat", pid);
	f = fopen(p, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	q = strrchr(buf, ')');
	if (!q || sscanf(q + 1,
			 " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d "
			 "%*d %llu",
			 &state, &start) != 2)
		return 0;
	return state == 'Z' || state == 'X' ? 0 : start;
}

bool vmport_waiter_alive(int pid, unsigned long long start)
{
	return pid > 0 && start && proc_start(pid) == start;
}

/* Stop the waiter @pid (started at @start: not another process that took its
 * pid) and wait until it is gone. */
static void waiter_stop(int pid, unsigned long long start)
{
	int i;

	if (!vmport_waiter_alive(pid, start))
		return;
	kill(pid, SIGTERM);
	for (i = 0; i < 300 && vmport_waiter_alive(pid, start); i++)
		usleep(10000);
	if (!vmport_waiter_alive(pid, start))
		return;
	kill(pid, SIGKILL);
	for (i = 0; i < 300 && vmport_waiter_alive(pid, start); i++)
		usleep(10000);
}

static int dev_get(struct brkit *h, const char *name, struct dev *d)
{
	memset(d, 0, sizeof(*d));
	return brkit_nl_getlink(h, name, 0, dev_cb, d);
}

/* The name of device @ifindex for a message, or "ifindex N" when it cannot
 * be read (gone meanwhile). */
static const char *dev_name(struct brkit *h, int ifindex, char buf[IFNAMSIZ + 16])
{
	struct dev d;

	memset(&d, 0, sizeof(d));
	if (brkit_nl_getlink(h, NULL, ifindex, dev_cb, &d) == 0 && *d.link.ifname)
		snprintf(buf, IFNAMSIZ + 16, "%s", d.link.ifname);
	else
		snprintf(buf, IFNAMSIZ + 16, "ifindex %d", ifindex);
	return buf;
}

/* Set the port flags in @mask to the values in @val (VMPORT_F_*), in one
 * request of the bridge module's. */
static int set_flags(struct brkit *h, int ifindex, uint32_t mask, uint32_t val)
{
	struct brkit_port_opts o = { 0 };
	unsigned int i;

	for (i = 0; i < VMPORT_F_COUNT; i++) {
		if (!(mask & (1u << i)))
			continue;
		o.flags_mask |= flag_pf[i];
		if (val & (1u << i))
			o.flags |= flag_pf[i];
	}
	return brkit_port_set_index(h, ifindex, &o);
}

/* ---- VLANs of one port ---- */
struct vlans {
	struct brkit_vlan_set vids;
	unsigned int pvid;
};

static int vlans_cb(const struct brkit_vlan_dev *d, void *arg)
{
	struct vlans *v = arg;
	size_t i;

	for (i = 0; i < d->n; i++) {
		brkit_vlan_set_add(&v->vids, d->r[i].vid, d->r[i].vid_end);
		if (d->r[i].flags & BRKIT_VLAN_PVID)
			v->pvid = d->r[i].vid;
	}
	return 0;
}

static int vlans_get(struct brkit *h, const char *dev, struct vlans *v)
{
	memset(v, 0, sizeof(*v));
	return brkit_vlan_foreach(h, dev, 0, vlans_cb, v);
}

/* ---- FDB pins ---- */
static void pin_spec(struct brkit_fdb_spec *f, enum brkit_fdb_op op, const char *tap,
		     const uint8_t mac[6], unsigned int vid)
{
	memset(f, 0, sizeof(*f));
	f->op = op;
	memcpy(f->mac, mac, 6);
	snprintf(f->dev, sizeof(f->dev), "%s", tap);
	f->vlan = (uint16_t)vid;
	f->state = NUD_NOARP;
	f->flags = NTF_MASTER;
}

/* ---- undo: what @st records, in reverse order; -ENODEV (the tap went
 * away, and its port state with it) counts as done. Returns the first error. */
static int undo(struct brkit *h, const struct vmport_state *st)
{
	char saved[BRKIT_ERRLEN] = "";
	struct dev d;
	unsigned int lo, hi, v;
	int err, first = 0;

#define KEEP(e, ...)                                                           \
	do {                                                                   \
		if ((e) && (e) != -ENODEV && !first) {                         \
			first = brkit_fail(h, (e), __VA_ARGS__);               \
			snprintf(saved, sizeof(saved), "%s", brkit_errmsg(h)); \
		}                                                              \
	} while (0)

	/* the MAB waiter first: it must not pin behind the undo's back (it
	 * pins only under the state directory's lock, which the caller holds) */
	if (st->waiter)
		waiter_stop(st->waiter, st->waiter_start);
	err = dev_get(h, st->tap, &d);
	if (err == -ENODEV)
		return 0;
	if (err)
		return brkit_fail(h, err, "looking up %s", st->tap);
	if (st->ifindex && d.link.ifindex != st->ifindex)
		return 0; /* another device by that name now: ours went away */
	if (st->created) {
		err = brkit_nl_dellink(h, d.link.ifindex);
		KEEP(err, "deleting %s", st->tap);
		goto out;
	}
	if (st->set_up) {
		err = brkit_nl_setlink(h, d.link.ifindex, 0, -1, -1);
		KEEP(err, "setting %s down", st->tap);
	}
	if (st->pinned) {
		for (v = 0; brkit_vlan_set_next_range(&st->pin_vids, v, &lo, &hi); v = hi + 1) {
			for (; lo <= hi; lo++) {
				struct brkit_fdb_spec f;
				struct brkit_fdb_entry e;

				if (brkit_fdb_get(h, st->bridge, st->pin_mac, (uint16_t)lo, &e) ||
				    e.ifindex != d.link.ifindex)
					continue;
				pin_spec(&f, BRKIT_FDB_DEL, st->tap, st->pin_mac, lo);
				if (st->pin_local) { /* give the port its local entry back */
					f.op = BRKIT_FDB_REPLACE;
					f.state = NUD_PERMANENT;
				}
				err = brkit_fdb_apply(h, &f);
				KEEP(err, "removing %s's FDB pin", st->tap);
			}
		}
	}
	if (st->mab && d.is_port && d.mab) { /* before locked goes: MAB needs it */
		err = set_mab(h, d.link.ifindex, false);
		KEEP(err, "turning %s's MAB off", st->tap);
	}
	if (!st->enslaved && st->flags_changed && d.is_port) {
		err = set_flags(h, d.link.ifindex, st->flags_changed, st->old_flags);
		KEEP(err, "restoring %s's port flags", st->tap);
	}
	if (!st->enslaved && st->vlans_changed && d.is_port) {
		err = brkit_vlan_set(h, st->tap, &st->old_vids, st->old_pvid, BRKIT_VLAN_MASTER,
				     NULL, NULL);
		KEEP(err, "restoring %s's VLANs", st->tap);
	}
	if (st->enslaved && d.is_port) {
		err = brkit_nl_setlink(h, d.link.ifindex, -1, -1, 0);
		KEEP(err, "releasing %s from %s", st->tap, st->bridge);
	}
	if (st->mtu_changed) {
		err = brkit_nl_setlink(h, d.link.ifindex, -1, st->old_mtu, -1);
		KEEP(err, "restoring %s's MTU %u", st->tap, st->old_mtu);
	}
out:
	if (first)
		snprintf(h->err, sizeof(h->err), "%s", saved);
	return first;
#undef KEEP
}

/* ---- the state directory ----
 * One root-owned directory (VMPORT_STATE_DIR; BRKIT_STATE_DIR moves it for a
 * caller that is really root), mode 0700, and below it a 0700 directory per
 * network namespace (net-INODE). It is opened once, component by component
 * from "/" with O_NOFOLLOW, each component checked (root's, not writable by
 * group or others unless sticky; the state root and the namespace directory
 * 0700), and everything below is reached through openat() and friends on
 * that fd, so no path is looked up twice and no symlink is followed. A
 * program running with privileges it gained (AT_SECURE) may use only the
 * fixed VMPORT_STATE_DIR. What is created is made root:root, whatever the
 * gid of the caller of a setuid program. */
struct sdir {
	int fd; /* the namespace's state directory */
	int lock; /* its .lock, flock()ed; -1: not locked */
	const char *path; /* for messages */
};

static bool ns_name(const char *s)
{
	if (strncmp(s, "net-", 4) || !s[4])
		return false;
	for (s += 4; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* VMPORT_STATE_DIR or VMPORT_STATE_DIR/net-N */
const char *vmport_fixed_state_dir = VMPORT_STATE_DIR;

static bool fixed_dir(const char *dir)
{
	size_t l = strlen(vmport_fixed_state_dir);

	return !strncmp(dir, vmport_fixed_state_dir, l) &&
	       (!dir[l] || (dir[l] == '/' && ns_name(dir + l + 1)));
}

/* A file or directory this code made: root:root (fchown: a setuid program's
 * new files carry its caller's gid). */
static int own_root(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_uid == 0 && st.st_gid == 0)
		return 0;
	return fchown(fd, 0, 0) < 0 ? -errno : 0;
}

static void sdir_close(struct sdir *d)
{
	if (d->lock >= 0)
		close(d->lock); /* releases the flock */
	if (d->fd >= 0)
		close(d->fd);
	d->fd = d->lock = -1;
}

/* Open @dir as described above, creating what is missing when @create.
 * -ENOENT (with the text set) when it does not exist and !@create. */
static int sdir_open(struct brkit *h, const char *dir, bool create, struct sdir *d)
{
	char p[VMPORT_PATHLEN], so_far[VMPORT_PATHLEN] = "", *comp[VMPORT_PATHLEN / 2], *s, *sp;
	size_t n = 0, i, priv_from;
	bool fixed = fixed_dir(dir);
	struct stat st;
	int fd, nfd, err;

	d->fd = d->lock = -1;
	d->path = dir;
	if (*dir != '/')
		return brkit_failf(h, -EINVAL, "state directory %s: not an absolute path", dir);
	if (getauxval(AT_SECURE) && !fixed)
		return brkit_failf(
			h, -EPERM,
			"state directory %s: a program running with privileges it gained "
			"keeps its state only in %s",
			dir, vmport_fixed_state_dir);
	if ((size_t)snprintf(p, sizeof(p), "%s", dir) >= sizeof(p))
		return brkit_failf(h, -ENAMETOOLONG, "state directory %s: name too long", dir);
	for (s = strtok_r(p, "/", &sp); s; s = strtok_r(NULL, "/", &sp)) {
		if (!strcmp(s, ".") || !strcmp(s, ".."))
			return brkit_failf(h, -EINVAL, "state directory %s: '.' or '..' in it",
					   dir);
		comp[n++] = s;
	}
	if (!n)
		return brkit_failf(h, -EINVAL, "state directory %s: not a directory of its own",
				   dir);
	/* the state root is the last component, or its parent when that is a
	 * namespace's directory: from there on, 0700 */
	priv_from = n >= 2 && ns_name(comp[n - 1]) ? n - 2 : n - 1;
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return brkit_failf(h, -errno, "opening /: %s", strerror(errno));
	for (i = 0; i <= n; i++) {
		bool priv = i > priv_from;

		if (fstat(fd, &st) < 0) {
			err = brkit_failf(h, -errno, "state directory %s: %s", so_far,
					  strerror(errno));
			goto fail;
		}
		if (st.st_uid != 0) {
			err = brkit_failf(h, -EPERM,
					  "state directory %s: %s is owned by uid %u, not root",
					  dir, i ? so_far : "/", (unsigned int)st.st_uid);
			goto fail;
		}
		if (priv && (st.st_mode & 077)) {
			/* a directory an older brkit made 0755: ours, tighten it (not
			 * one anyone could write: what is in it is not ours) */
			if (!fixed || (st.st_mode & 022) ||
			    fchmod(fd, (st.st_mode & 07000) | 0700) < 0 || own_root(fd) < 0) {
				err = brkit_failf(h, -EPERM,
						  "state directory %s: %s has mode %04o, want 0700 "
						  "(no access for group or others)",
						  dir, so_far, (unsigned int)(st.st_mode & 07777));
				goto fail;
			}
		} else if (!priv && (st.st_mode & 022) && !(st.st_mode & S_ISVTX)) {
			err = brkit_failf(h, -EPERM,
					  "state directory %s: %s is writable by group or others",
					  dir, i ? so_far : "/");
			goto fail;
		}
		if (i == n)
			break;
		snprintf(so_far + strlen(so_far), sizeof(so_far) - strlen(so_far), "/%s", comp[i]);
		nfd = openat(fd, comp[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 && errno == ENOENT && create) {
			mode_t mode = i >= priv_from ? 0700 : 0755;

			if (mkdirat(fd, comp[i], mode) < 0 && errno != EEXIST) {
				err = brkit_failf(h, -errno, "creating state directory %s: %s",
						  so_far, strerror(errno));
				goto fail;
			}
			nfd = openat(fd, comp[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			/* exactly this mode whatever the umask, then root:root */
			if (nfd >= 0) {
				err = fchmod(nfd, mode) < 0 ? -errno : own_root(nfd);
				if (err) {
					brkit_failf(h, err, "making state directory %s root's: %s",
						    so_far, strerror(-err));
					close(nfd);
					goto fail;
				}
			}
		}
		if (nfd < 0) {
			err = -errno;
			if (err == -ENOTDIR || err == -ELOOP)
				brkit_failf(h, err,
					    "state directory %s: %s is not a directory (symlinks "
					    "are not followed)",
					    dir, so_far);
			else
				brkit_failf(h, err, "state directory %s: %s%s", so_far,
					    strerror(-err),
					    err == -EACCES ? " (VM port state is root's)" : "");
			goto fail;
		}
		close(fd);
		fd = nfd;
	}
	d->fd = fd;
	return 0;
fail:
	close(fd);
	return err;
}

/* The pid holding a flock on the file @st, from /proc/locks (0: unknown). It
 * names any holder, brkit or not, and costs nothing while the lock is free. */
static long lock_holder(const struct stat *st)
{
	char line[256], kind[16], arrow[8];
	unsigned int maj, min;
	unsigned long ino;
	long pid, found = 0;
	FILE *f = fopen("/proc/locks", "re");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*[^:]: %7s", arrow) == 1 && !strcmp(arrow, "->"))
			continue; /* a waiter */
		if (sscanf(line, "%*[^:]: %15s %*s %*s %ld %x:%x:%lu", kind, &pid, &maj, &min,
			   &ino) == 5 &&
		    !strcmp(kind, "FLOCK") && maj == major(st->st_dev) &&
		    min == minor(st->st_dev) && ino == st->st_ino)
			found = pid;
	}
	fclose(f);
	return found;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* " (COMM)" of @pid, or "" */
static void proc_comm(long pid, char *buf, size_t len)
{
	char p[64];
	FILE *f;

	*buf = 0;
	snprintf(p, sizeof(p), "/proc/%ld/comm", pid);
	f = fopen(p, "re");
	if (!f)
		return;
	if (len > 4 && fgets(buf + 2, (int)len - 3, f)) {
		buf[0] = ' ';
		buf[1] = '(';
		buf[strcspn(buf, "\n")] = 0;
		strcat(buf, ")");
	} else {
		*buf = 0;
	}
	fclose(f);
}

/* flock on .lock in the namespace's state directory: every read-modify-write
 * of a port and its state file runs under it, so concurrent hooks on one
 * bridge serialise. The file is root's 0600 in a 0700 directory: no one else
 * can open it. The wait is bounded: one holder for VMPORT_LOCK_WAIT_MS (a
 * hook that hangs), or VMPORT_LOCK_WAIT_MAX_MS in all (a queue that keeps
 * moving: 50 VMs starting at once), then the error names the holder's pid. */
static int sdir_lock(struct brkit *h, struct sdir *d)
{
	long start = now_ms(), since = start, next_sample = start, t, holder = -1, pid;
	useconds_t step = 1000;
	struct stat st;
	char comm[64];
	int fd, err;

	fd = openat(d->fd, ".lock", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) { /* new: root:root, even when a caller's fsuid or gid made it */
		err = own_root(fd);
	} else if (errno == EEXIST) {
		fd = openat(d->fd, ".lock", O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		err = fd < 0 ? -errno : 0;
	} else {
		err = -errno;
	}
	if (!err && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0))
		err = -EBADFD; /* below: said as such */
	/* an older brkit made it 0644 (and, setuid, root:<caller's gid>) */
	if (!err && (st.st_mode & 077) && fchmod(fd, 0600) < 0)
		err = -errno;
	if (!err && st.st_gid != 0)
		err = own_root(fd);
	if (err) {
		if (fd >= 0)
			close(fd);
		return brkit_failf(h, err, "lock file %s/.lock: %s", d->path,
				   err == -EBADFD ? "not a regular file of root's"
						  : strerror(-err));
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			err = -errno;
			close(fd);
			return brkit_failf(h, err, "locking %s/.lock: %s", d->path, strerror(-err));
		}
		t = now_ms();
		if (t >= next_sample) { /* who holds it, twice a second: a new holder is progress */
			pid = lock_holder(&st);
			if (pid != holder) {
				holder = pid;
				since = t;
			}
			next_sample = t + 500;
		}
		if (t - since >= VMPORT_LOCK_WAIT_MS || t - start >= VMPORT_LOCK_WAIT_MAX_MS) {
			close(fd);
			if (holder <= 0)
				return brkit_failf(
					h, -ETIMEDOUT,
					"state directory %s is locked by another process: "
					"gave up after %ld s (lock file %s/.lock)",
					d->path, (t - start + 500) / 1000, d->path);
			proc_comm(holder, comm, sizeof(comm));
			return brkit_failf(
				h, -ETIMEDOUT,
				"state directory %s is locked by pid %ld%s: gave up after "
				"%ld s (lock file %s/.lock)",
				d->path, holder, comm, (t - start + 500) / 1000, d->path);
		}
		usleep(step);
		if (step < 50000)
			step *= 2;
	}
	d->lock = fd;
	return 0;
}

/* A name a state file may have: an interface name not beginning with '.'
 * (the directory keeps .lock and the temporary .TAP.tmp). */
static int state_name_check(struct brkit *h, const char *tap)
{
	const char *why;

	if (brkit_ifname_check(tap, &why))
		return brkit_failf(h, -EINVAL, "tap '%s': %s", tap, why);
	if (*tap == '.')
		return brkit_failf(
			h, -EINVAL,
			"tap '%s': a name beginning with '.' is not supported (the state "
			"directory keeps its own files under such names)",
			tap);
	return 0;
}

static int state_read_at(struct brkit *h, const struct sdir *d, const char *tap,
			 struct vmport_state *st)
{
	char why[VMPORT_WHYLEN], *text;
	struct stat sb;
	int fd, err;

	err = state_name_check(h, tap);
	if (err)
		return err;
	fd = openat(d->fd, tap, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0)
		return brkit_failf(h, -errno, "state file %s/%s: %s", d->path, tap,
				   strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_uid != 0) {
		close(fd);
		return brkit_failf(h, -EBADMSG, "state file %s/%s: not a regular file of root's",
				   d->path, tap);
	}
	err = brkit_read_fd(fd, 1u << 20, &text, NULL);
	close(fd);
	if (err)
		return brkit_failf(h, err, "state file %s/%s: %s", d->path, tap, strerror(-err));
	err = vmport_state_parse(text, st, why, sizeof(why));
	free(text);
	if (err)
		return brkit_failf(h, -EBADMSG, "state file %s/%s: %s", d->path, tap, why);
	if (strcmp(st->tap, tap))
		return brkit_failf(h, -EBADMSG, "state file %s/%s: it names tap %s", d->path, tap,
				   st->tap);
	return 0;
}

int vmport_state_read(struct brkit *h, const char *dir, const char *tap, struct vmport_state *st)
{
	struct sdir d;
	int err;

	err = state_name_check(h, tap);
	if (err)
		return err;
	err = sdir_open(h, dir, false, &d);
	if (!err)
		err = state_read_at(h, &d, tap, st);
	sdir_close(&d);
	return err;
}

/* A new file under a temporary name (.TAP.tmp: a stale one from a crash is
 * removed first), created O_EXCL|O_NOFOLLOW, 0600 root:root, then renamed
 * over TAP: a reader sees the old state or the new one, never a part. No
 * fsync: the state lives in /run (tmpfs), which a reboot empties anyway. */
static int state_write_at(struct brkit *h, const struct sdir *d, const struct vmport_state *st)
{
	char tmp[IFNAMSIZ + 8], buf[8192];
	size_t n = vmport_state_format(st, buf, sizeof(buf)), off = 0;
	int fd, err = 0;

	if (n >= sizeof(buf))
		return brkit_failf(h, -E2BIG, "state of %s: too large", st->tap);
	err = state_name_check(h, st->tap);
	if (err)
		return err;
	snprintf(tmp, sizeof(tmp), ".%s.tmp", st->tap);
	if (unlinkat(d->fd, tmp, 0) < 0 && errno != ENOENT)
		return brkit_failf(h, -errno, "removing the stale state file %s/%s: %s", d->path,
				   tmp, strerror(errno));
	fd = openat(d->fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return brkit_failf(h, -errno, "state file %s/%s: %s", d->path, tmp,
				   strerror(errno));
	err = own_root(fd);
	while (!err && off < n) {
		ssize_t r = write(fd, buf + off, n - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			err = r < 0 ? -errno : -EIO;
		else
			off += (size_t)r;
	}
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && renameat(d->fd, tmp, d->fd, st->tap) < 0)
		err = -errno;
	if (err) {
		unlinkat(d->fd, tmp, 0);
		return brkit_failf(h, err, "writing state file %s/%s: %s", d->path, st->tap,
				   strerror(-err));
	}
	return 0;
}

static int state_remove_at(struct brkit *h, const struct sdir *d, const char *tap)
{
	if (unlinkat(d->fd, tap, 0) < 0 && errno != ENOENT)
		return brkit_failf(h, -errno, "removing state file %s/%s: %s", d->path, tap,
				   strerror(errno));
	return 0;
}

/* ---- up ---- */
struct up {
	struct brkit *h;
	const struct vmport_ctx *ctx;
	const struct vmport_spec *s;
	struct vmport_state st; /* what this call did */
	unsigned int changes;
};

/* Count a change; the test hook fails here. */
static int changed(struct up *u)
{
	u->changes++;
	if (u->ctx->fail_after && u->changes >= u->ctx->fail_after)
		return brkit_failf(u->h, -EIO, "%s: failure injected after %u changes", u->st.tap,
				   u->changes);
	return 0;
}

static int check_acl(struct brkit *h, const struct vmport_spec *s)
{
	char why[VMPORT_WHYLEN];
	bool allowed = false;
	int err;

	if (!*s->acl)
		return 0;
	err = vmport_acl_check(s->acl, s->bridge, vmport_load_file, NULL, &allowed, why,
			       sizeof(why));
	if (err)
		return brkit_failf(h, err, "%s", why);
	if (!allowed)
		return brkit_failf(h, -EACCES, "bridge %s is not allowed by the ACL %s", s->bridge,
				   s->acl);
	return 0;
}

/* Pin the guest's MAC @mac on tap @ifindex (u->st.tap) as a static entry,
 * on the VLANs the port's guest frames are classified to: the spec's, or on
 * a VLAN-filtering bridge the port's own (its pvid). What is pinned goes to
 * u->st (pinned, pin_mac, pin_vids, pin_local) step by step, so an undo
 * removes exactly that. `lock mac ADDR` calls it from up, and the MAB waiter
 * with the MAC it learnt. */
static int pin_guest(struct up *u, int ifindex, const uint8_t mac[6])
{
	struct brkit *h = u->h;
	const struct vmport_spec *s = u->s;
	struct vmport_state *st = &u->st;
	unsigned int pvid = 0, lo, hi, v;
	struct brkit_vlan_set want;
	bool has_vlans = vmport_spec_vlans(s, &want, &pvid);
	struct brkit_vlan_set pins;
	char m[18];
	int err;

	brkit_vlan_set_zero(&pins);
	if (has_vlans) {
		pins = want;
	} else if (brkit_vlan_check(h, s->bridge, NULL) == 0) {
		/* a VLAN-filtering bridge classifies the guest's frames to the
			 * port's VLANs (its pvid): the pin must be on those */
		struct vlans cur;

		err = vlans_get(h, st->tap, &cur);
		if (err)
			return err;
		pins = cur.vids;
	}
	brkit_clear_err(h);
	if (!brkit_vlan_set_count(&pins))
		brkit_vlan_set_add(&pins, 0, 0);
	vmport_mac_str(mac, m);
	for (v = 0; brkit_vlan_set_next_range(&pins, v, &lo, &hi); v = hi + 1) {
		for (; lo <= hi; lo++) {
			struct brkit_fdb_entry e;
			struct brkit_fdb_spec f;
			enum brkit_fdb_op op = BRKIT_FDB_ADD;

			err = brkit_fdb_get(h, s->bridge, mac, (uint16_t)lo, &e);
			if (err && err != -ENOENT)
				return err;
			if (!err && e.ifindex == ifindex && (e.state & NUD_NOARP) &&
			    !(e.state & NUD_PERMANENT))
				continue;
			if (!err && e.ifindex == ifindex && (e.state & NUD_PERMANENT)) {
				/* the port's own address, local to the bridge: a
					 * locked port drops frames from local addresses */
				op = BRKIT_FDB_REPLACE;
				st->pin_local = true;
			} else if (!err && (e.state & (NUD_NOARP | NUD_PERMANENT))) {
				char other[IFNAMSIZ + 16];

				return brkit_failf(
					h, -EEXIST,
					"%s: MAC %s is already a static entry of %s in %s", st->tap,
					m, dev_name(h, e.ifindex, other), s->bridge);
			} else if (!err)
				op = BRKIT_FDB_REPLACE; /* a learned entry */
			pin_spec(&f, op, st->tap, mac, lo);
			err = brkit_fdb_apply(h, &f);
			if (err)
				return err;
			if (!st->pinned) {
				st->pinned = true;
				memcpy(st->pin_mac, mac, 6);
				brkit_vlan_set_zero(&st->pin_vids);
			}
			brkit_vlan_set_add(&st->pin_vids, lo, lo);
			err = changed(u);
			if (err)
				return err;
		}
	}
	return 0;
}

static int apply(struct up *u, struct dev *br, struct dev *tap, bool exists)
{
	struct brkit *h = u->h;
	const struct vmport_spec *s = u->s;
	struct vmport_state *st = &u->st;
	unsigned int mtu = s->mtu_auto ? br->link.mtu : s->mtu, pvid = 0;
	struct brkit_vlan_set want;
	uint32_t fwant = 0, fmask;
	bool has_vlans = vmport_spec_vlans(s, &want, &pvid);
	int err;

	if (!exists) {
		struct brkit_tap t = { 0 };

		t.name = st->tap;
		t.bridge = s->bridge;
		t.mtu = mtu;
		t.owner = u->ctx->uid;
		t.has_owner = u->ctx->has_uid;
		t.vnet_hdr = s->vnet_hdr;
		t.multi_queue = s->multi_queue;
		t.down = true;
		err = brkit_tap_add(h, &t);
		if (err)
			return err;
		snprintf(st->tap, sizeof(st->tap), "%s", t.ifname);
		st->created = st->enslaved = true;
		err = changed(u);
		if (err)
			return err;
		err = dev_get(h, st->tap, tap);
		if (err)
			return brkit_fail(h, err, "looking up %s", st->tap);
	}
	if (mtu && tap->link.mtu != mtu) {
		err = brkit_nl_setlink(h, tap->link.ifindex, -1, mtu, -1);
		if (err)
			return brkit_fail(h, err, "setting %s's MTU to %u", st->tap, mtu);
		st->mtu_changed = true;
		st->old_mtu = tap->link.mtu;
		err = changed(u);
		if (err)
			return err;
	}
	if (tap->link.master != br->link.ifindex) {
		err = brkit_nl_setlink(h, tap->link.ifindex, -1, -1, br->link.ifindex);
		if (err)
			return brkit_fail(h, err, "adding %s to %s", st->tap, s->bridge);
		st->enslaved = true;
		err = changed(u);
		if (err)
			return err;
		err = dev_get(h, st->tap, tap);
		if (err)
			return brkit_fail(h, err, "looking up %s", st->tap);
	}
	if (has_vlans) {
		struct vlans cur;

		err = vlans_get(h, st->tap, &cur);
		if (err)
			return err;
		if (!brkit_vlan_set_equal(&cur.vids, &want) || cur.pvid != pvid) {
			err = brkit_vlan_set(h, st->tap, &want, pvid, BRKIT_VLAN_MASTER, NULL,
					     NULL);
			if (err)
				return err;
			if (!st->enslaved) {
				st->vlans_changed = true;
				st->old_vids = cur.vids;
				st->old_pvid = cur.pvid;
			}
			err = changed(u);
			if (err)
				return err;
		}
	}
	if (s->lock && s->has_mac) {
		err = pin_guest(u, tap->link.ifindex, s->mac);
		if (err)
			return err;
	}
	fmask = (1u << VMPORT_F_COUNT) - 1;
	if (!s->noguard)
		fwant |= VMPORT_F_GUARD | VMPORT_F_PROTECT;
	if (s->isolated)
		fwant |= VMPORT_F_ISOLATED;
	if (s->lock)
		fwant |= VMPORT_F_LOCKED;
	fmask &= tap->flags ^ fwant;
	if (fmask) {
		char names[80] = "";
		unsigned int i;

		for (i = 0; i < VMPORT_F_COUNT; i++)
			if (fmask & (1u << i))
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
					 "%s%s", *names ? ", " : "", flag_name[i]);
		err = set_flags(h, tap->link.ifindex, fmask, fwant);
		if (err)
			return brkit_fail(h, err, "setting %s's port flags (%s)", st->tap, names);
		st->flags_changed = fmask;
		st->old_flags = tap->flags & fmask;
		err = changed(u);
		if (err)
			return err;
	}
	if (s->lock && !s->has_mac) {
		/* learn the guest's MAC: MAB makes the kernel add a `locked` entry
		 * for the first source it drops, which the waiter pins; on before
		 * the tap is up, so the guest's first frame already counts */
		struct dev now;

		err = dev_get(h, st->tap, &now);
		if (err)
			return brkit_fail(h, err, "looking up %s", st->tap);
		if (!now.mab) {
			err = u->ctx->test_no_mab ? 0 : set_mab(h, tap->link.ifindex, true);
			if (err)
				return brkit_fail(h, err, "turning MAB on on %s", st->tap);
			st->mab = true;
			err = dev_get(h, st->tap, &now);
			if (err)
				return brkit_fail(h, err, "looking up %s", st->tap);
			if (!now.mab)
				return brkit_failf(
					h, -EOPNOTSUPP,
					"%s: lock without the guest's MAC: this kernel cannot learn "
					"it (it needs MAC authentication bypass on a locked port, "
					"IFLA_BRPORT_MAB, Linux 6.2 or later, which reports the "
					"guest's first source MAC): give the guest's MAC (mac ADDR; "
					"qemu-ifup: BRKIT_MAC); the tap's own address is the host's",
					st->tap);
			err = changed(u);
			if (err)
				return err;
		}
	}
	if (!(tap->link.flags & IFF_UP)) {
		err = brkit_nl_setlink(h, tap->link.ifindex, 1, -1, -1);
		if (err)
			return brkit_fail(h, err, "setting %s up", st->tap);
		st->set_up = true;
		err = changed(u);
		if (err)
			return err;
	}
	return 0;
}

/* ---- the MAB waiter: a detached process per port that learns the guest's
 * MAC. It listens to link and FDB events of its namespace; on the first
 * `locked` FDB entry of its tap it takes the state directory's lock, turns
 * MAB off (the kernel flushes the port's locked entries; the port stays
 * locked), pins that MAC as `lock mac ADDR` does (pin_guest), records the pin
 * in the state file and exits. It also exits when the tap goes, the port is
 * no longer locked with MAB, or the state no longer names it (down, which
 * also kills it). ---- */
struct wait_ctx {
	struct brkit *h;
	const struct vmport_ctx *ctx;
	const struct vmport_spec *s;
	const char *tap;
	int ifindex;
};

struct locked_find {
	bool found;
	uint8_t mac[6];
};

static int locked_cb(const struct brkit_fdb_entry *e, void *arg)
{
	struct locked_find *lf = arg;

	if (lf->found || !(e->flags_ext & BRKIT_FDB_EXT_LOCKED))
		return 0;
	lf->found = true;
	memcpy(lf->mac, e->mac, 6);
	return 0;
}

/* Pin @mac under the lock. 1: done (pinned and recorded, or nothing left to
 * do: exit), 0: keep waiting. */
static int waiter_learn(struct wait_ctx *w, const uint8_t mac[6])
{
	struct vmport_ctx ctx = *w->ctx;
	struct up u = { .h = w->h, .ctx = &ctx, .s = w->s };
	struct sdir d;
	int err, ret = 1;

	ctx.fail_after = 0;
	err = sdir_open(w->h, ctx.state_dir, false, &d);
	if (!err)
		err = sdir_lock(w->h, &d);
	if (err) {
		sdir_close(&d);
		return err == -ETIMEDOUT ? 0 : 1;
	}
	err = state_read_at(w->h, &d, w->tap, &u.st);
	if (err || u.st.waiter != getpid() || u.st.ifindex != w->ifindex)
		goto out; /* down ran, or the state is another port's now */
	err = set_mab(w->h, w->ifindex, false);
	if (err) {
		ret = 0;
		goto out;
	}
	u.st.mab = false;
	err = pin_guest(&u, w->ifindex, mac);
	if (err) {
		/* back to waiting (e.g. the MAC is another port's static entry):
		 * what was pinned is recorded, so down removes it */
		if (!set_mab(w->h, w->ifindex, true)) {
			u.st.mab = true;
			ret = 0;
		}
		state_write_at(w->h, &d, &u.st);
		goto out;
	}
	u.st.waiter = 0;
	u.st.waiter_start = 0;
	u.st.learnt = true;
	state_write_at(w->h, &d, &u.st);
out:
	sdir_close(&d);
	return ret;
}

/* One look at everything. 1: exit, 0: keep waiting. */
static int waiter_check(struct wait_ctx *w)
{
	struct brkit_fdb_filter f = { 0 };
	struct locked_find lf = { 0 };
	struct vmport_state st;
	struct dev d;

	if (vmport_state_read(w->h, w->ctx->state_dir, w->tap, &st) || st.waiter != getpid())
		return 1;
	memset(&d, 0, sizeof(d));
	if (brkit_nl_getlink(w->h, NULL, w->ifindex, dev_cb, &d) || !d.is_port ||
	    !(d.flags & VMPORT_F_LOCKED) || !d.mab)
		return 1;
	f.dev = w->ifindex;
	if (brkit_fdb_foreach(w->h, &f, locked_cb, &lf) || !lf.found)
		return 0;
	return waiter_learn(w, lf.mac);
}

/* Whether a batch of events names our tap (or was lost: ENOBUFS). */
static bool events_touch(int fd, int ifindex)
{
	char buf[16384];
	bool touch = false;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int len = (int)n;

		if (n < 0)
			return touch || (errno != EAGAIN && errno != EINTR);
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if ((nlh->nlmsg_type == RTM_NEWNEIGH || nlh->nlmsg_type == RTM_DELNEIGH) &&
			    nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ndmsg))) {
				const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);

				touch |= nd->ndm_ifindex == ifindex;
			} else if ((nlh->nlmsg_type == RTM_NEWLINK ||
				    nlh->nlmsg_type == RTM_DELLINK) &&
				   nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
				const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

				touch |= ifi->ifi_index == ifindex;
			}
		}
	}
}

static int waiter_run(struct wait_ctx *w)
{
	struct mnl_socket *ev = mnl_socket_open(NETLINK_ROUTE);
	struct pollfd pfd;

	if (!ev || mnl_socket_bind(ev, RTMGRP_LINK | RTMGRP_NEIGH, MNL_SOCKET_AUTOPID) < 0 ||
	    brkit_open(&w->h, NULL))
		return 1;
	pfd.fd = mnl_socket_get_fd(ev);
	pfd.events = POLLIN;
	/* the up that started us holds the state directory's lock until it has
	 * written our pid in the state (or undone everything): wait for it */
	for (;;) {
		struct sdir d;
		int err = sdir_open(w->h, w->ctx->state_dir, false, &d);

		if (!err)
			err = sdir_lock(w->h, &d);
		sdir_close(&d);
		if (err != -ETIMEDOUT)
			break;
	}
	/* subscribed first, then the first look: an entry the kernel added
	 * before is in the dump, one after comes as an event */
	while (!waiter_check(w)) {
		int r = poll(&pfd, 1, 2000); /* and a look every 2 s whatever comes */

		if (r > 0 && !events_touch(pfd.fd, w->ifindex))
			continue;
	}
	return 0;
}

/* Start the waiter for tap @ifindex, detached (its own session, no file of
 * the caller open: QEMU and libvirt wait for their hook's output to end),
 * in the namespace of @h's socket. 0 with *pid and *start, or -errno. */
static int waiter_spawn(struct brkit *h, const struct vmport_ctx *ctx, const struct vmport_spec *s,
			const char *tap, int ifindex, int *pid, unsigned long long *start)
{
	int pfd[2], nsfd, status, got = 0;
	pid_t c;
	ssize_t r;

	nsfd = h->nl ? ioctl(mnl_socket_get_fd(h->nl), SIOCGSKNS) : -1;
	if (nsfd < 0)
		return -errno;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		close(nsfd);
		return -errno;
	}
	c = fork();
	if (c < 0) {
		int e = -errno;

		close(nsfd);
		close(pfd[0]);
		close(pfd[1]);
		return e;
	}
	if (c == 0) {
		struct wait_ctx w = { .ctx = ctx, .s = s, .tap = tap, .ifindex = ifindex };
		int me, nul;

		setsid();
		if (fork() != 0)
			_exit(0);
		me = getpid();
		if (setns(nsfd, CLONE_NEWNET) < 0)
			_exit(1);
		nul = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 || dup2(nul, 2) < 0)
			_exit(1);
		signal(SIGHUP, SIG_IGN);
		signal(SIGINT, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		if (write(pfd[1], &me, sizeof(me)) != sizeof(me))
			_exit(1);
		close_range(3, ~0U, 0); /* the caller's netlink socket, its lock: not ours */
		if (chdir("/") < 0)
			_exit(1);
		_exit(waiter_run(&w));
	}
	close(nsfd);
	close(pfd[1]);
	while (waitpid(c, &status, 0) < 0 && errno == EINTR)
		;
	do
		r = read(pfd[0], pid, sizeof(*pid));
	while (r < 0 && errno == EINTR);
	close(pfd[0]);
	if (r == sizeof(*pid))
		got = *pid;
	*start = got ? proc_start(got) : 0;
	if (!*start)
		return -ECHILD;
	return 0;
}

/* Everything that can be refused is refused here, before any change. */
static int check(struct up *u, struct dev *br, struct dev *tap, bool *exists)
{
	struct brkit *h = u->h;
	const struct vmport_spec *s = u->s;
	unsigned int mtu;
	int err;

	err = dev_get(h, s->bridge, br);
	if (err == -ENODEV)
		return brkit_failf(h, err, "bridge %s: no such device", s->bridge);
	if (err)
		return brkit_fail(h, err, "looking up bridge %s", s->bridge);
	if (strcmp(br->link.kind, "bridge"))
		return brkit_failf(h, -EINVAL, "%s is not a bridge", s->bridge);
	err = check_acl(h, s);
	if (err)
		return err;
	if (brkit_tap_name_is_template(u->st.tap)) {
		if (!s->create)
			return brkit_failf(h, -EINVAL, "%s: a name template needs create",
					   u->st.tap);
		*exists = false;
	} else {
		err = dev_get(h, u->st.tap, tap);
		if (err && err != -ENODEV)
			return brkit_fail(h, err, "looking up %s", u->st.tap);
		*exists = !err;
	}
	if (!*exists && !s->create)
		return brkit_failf(h, -ENODEV,
				   "tap %s does not exist (give create to make it, or start the VM "
				   "first)",
				   u->st.tap);
	if (*exists) {
		char other[IFNAMSIZ + 16];

		if (!strcmp(tap->link.kind, "bridge"))
			return brkit_failf(h, -EINVAL, "%s is a bridge, not a VM's port",
					   u->st.tap);
		/* a VM's port is a tap (IFLA_INFO_KIND "tun"); the wire tests
		 * plug veths, whose other end plays the guest */
		if (strcmp(tap->link.kind, "tun") &&
		    !(u->ctx->test_veth && !strcmp(tap->link.kind, "veth")))
			return brkit_failf(
				h, -EINVAL,
				"%s is %s%s%s, not a tap: vm-port plugs a VM's tap (kind "
				"tun, as QEMU and libvirt make them)",
				u->st.tap, *tap->link.kind ? "a " : "",
				*tap->link.kind ? tap->link.kind : "a device of no kind",
				*tap->link.kind ? " device" : "");
		if (tap->link.master && tap->link.master != br->link.ifindex)
			return brkit_failf(h, -EBUSY,
					   "%s already has another master, %s (not %s); release it "
					   "first",
					   u->st.tap, dev_name(h, tap->link.master, other),
					   s->bridge);
	}
	if (s->vlan || s->has_trunks) {
		err = brkit_vlan_check(h, s->bridge, NULL);
		if (err) {
			char m[BRKIT_ERRLEN];

			snprintf(m, sizeof(m), "%s", brkit_errmsg(h));
			return brkit_failf(h, err, "%s: %s asked, but %s", u->st.tap,
					   s->has_trunks ? "trunks" : "vlan", m);
		}
	}
	mtu = s->mtu_auto ? br->link.mtu : s->mtu;
	/* A port above the bridge's MTU would take frames from the guest that the
	 * bridge's other side cannot carry: raise the bridge first. */
	if (mtu && mtu > br->link.mtu)
		return brkit_failf(h, -ERANGE,
				   "%s: mtu %u is above bridge %s's MTU %u: vm-port keeps a VM's "
				   "port at or below its bridge's MTU, so what the guest sends "
				   "fits the bridge (the kernel would take it); raise the "
				   "bridge's MTU first",
				   u->st.tap, mtu, s->bridge, br->link.mtu);
	if (mtu && *exists && tap->max_mtu && mtu > tap->max_mtu)
		return brkit_failf(h, -ERANGE, "%s: mtu %u is above its maximum %u", u->st.tap, mtu,
				   tap->max_mtu);
	return 0;
}

static void merge(struct vmport_state *old, const struct vmport_state *now)
{
	old->created |= now->created;
	old->enslaved |= now->enslaved;
	old->set_up |= now->set_up;
	if (now->mtu_changed && !old->mtu_changed) {
		old->mtu_changed = true;
		old->old_mtu = now->old_mtu;
	}
	old->old_flags |= now->old_flags & ~old->flags_changed;
	old->flags_changed |= now->flags_changed;
	if (now->pinned) {
		unsigned int lo, hi, v;

		if (!old->pinned)
			brkit_vlan_set_zero(&old->pin_vids);
		old->pinned = true;
		old->pin_local |= now->pin_local;
		memcpy(old->pin_mac, now->pin_mac, 6);
		for (v = 0; brkit_vlan_set_next_range(&now->pin_vids, v, &lo, &hi); v = hi + 1)
			brkit_vlan_set_add(&old->pin_vids, lo, hi);
	}
	old->mab |= now->mab;
	if (now->waiter) {
		old->waiter = now->waiter;
		old->waiter_start = now->waiter_start;
	}
	if (now->vlans_changed && !old->vlans_changed) {
		old->vlans_changed = true;
		old->old_vids = now->old_vids;
		old->old_pvid = now->old_pvid;
	}
}

int vmport_up(struct brkit *h, const struct vmport_ctx *ctx, const char *tap,
	      const struct vmport_spec *s, struct vmport_result *res)
{
	struct up u = { .h = h, .ctx = ctx, .s = s };
	struct vmport_state old;
	struct dev br, td;
	bool exists = false, had_state = false;
	const char *why;
	char saved[BRKIT_ERRLEN];
	struct sdir d;
	int err;

	memset(res, 0, sizeof(*res));
	brkit_clear_err(h);
	if (s->evpn) /* resolved to the VNI's bridge by vmport_do_up, never here */
		return brkit_failf(h, -EINVAL, "%s: bridge evpn vlan %u: not resolved to a bridge",
				   tap, s->vlan);
	if (*s->network && !*s->bridge) /* resolved by the caller, never here */
		return brkit_failf(h, -EINVAL, "%s: network %s: not resolved to a bridge", tap,
				   s->network);
	if (brkit_tap_name_check(tap, &why))
		return brkit_failf(h, -EINVAL, "tap '%s': %s", tap, why);
	/* The tap's own address is the host's end: a guest never sends from it,
	 * so pinning it would cut the VM off. Each caller says where the guest's
	 * MAC comes from on its path; this is the last guard. */
	if (s->lock && !s->has_mac && getauxval(AT_SECURE))
		return brkit_failf(
			h, -EPERM,
			"%s: lock needs the guest's MAC (mac ADDR): a program running with "
			"privileges it gained does not start the process that learns it",
			tap);
	err = state_name_check(h, tap);
	if (err)
		return err;
	snprintf(u.st.tap, sizeof(u.st.tap), "%s", tap);
	snprintf(u.st.bridge, sizeof(u.st.bridge), "%s", s->bridge);
	vmport_spec_format(s, u.st.spec, sizeof(u.st.spec));
	err = sdir_open(h, ctx->state_dir, true, &d);
	if (!err)
		err = sdir_lock(h, &d);
	if (err)
		goto out;
	if (!brkit_tap_name_is_template(tap)) {
		err = state_read_at(h, &d, tap, &old);
		if (err && err != -ENOENT)
			goto out;
		had_state = !err;
	}
	err = check(&u, &br, &td, &exists);
	if (err)
		goto out;
	if (had_state && (!exists || (old.ifindex && old.ifindex != td.link.ifindex)))
		had_state = false; /* stale: recorded for a device that is gone */
	if (had_state && strcmp(old.spec, u.st.spec)) {
		err = brkit_failf(h, -EBUSY,
				  "%s is managed by brkit with another spec (%s); "
				  "run 'brkit vm-port down %s' first",
				  tap, old.spec, tap);
		goto out;
	}
	err = apply(&u, &br, &td, exists);
	/* lock without the guest's MAC: a waiter when MAB was just turned on, or
	 * again when an earlier up's waiter is gone before it learnt (killed) */
	if (!err && s->lock && !s->has_mac &&
	    (u.st.mab || (had_state && old.mab && !old.learnt &&
			  !vmport_waiter_alive(old.waiter, old.waiter_start)))) {
		/* lock without the guest's MAC: MAB is on, the waiter learns it */
		err = waiter_spawn(h, ctx, s, u.st.tap, td.link.ifindex, &u.st.waiter,
				   &u.st.waiter_start);
		if (err)
			brkit_failf(h, err,
				    "%s: starting the process that learns the guest's MAC: %s",
				    u.st.tap, strerror(-err));
	}
	if (!err) {
		u.st.ifindex = td.link.ifindex;
		old.ifindex = td.link.ifindex;
		if (had_state)
			merge(&old, &u.st);
		err = state_write_at(h, &d, had_state ? &old : &u.st);
	}
	if (err) {
		snprintf(saved, sizeof(saved), "%s", brkit_errmsg(h));
		undo(h, &u.st);
		snprintf(h->err, sizeof(h->err), "%s", saved);
		goto out;
	}
	res->changes = u.changes;
	res->created = u.st.created;
	snprintf(res->tap, sizeof(res->tap), "%s", u.st.tap);
out:
	sdir_close(&d);
	return err;
}

int vmport_down(struct brkit *h, const struct vmport_ctx *ctx, const char *tap, bool *managed)
{
	struct vmport_state st;
	struct sdir d;
	int err;

	*managed = false;
	brkit_clear_err(h);
	err = state_name_check(h, tap);
	if (err)
		return err;
	err = sdir_open(h, ctx->state_dir, false, &d);
	if (!err)
		err = sdir_lock(h, &d);
	if (!err)
		err = state_read_at(h, &d, tap, &st);
	if (err == -ENOENT) { /* no state directory, or no state for @tap */
		brkit_clear_err(h);
		err = 0;
		goto out;
	}
	if (err)
		goto out;
	*managed = true;
	err = undo(h, &st);
	if (!err)
		err = state_remove_at(h, &d, tap);
out:
	sdir_close(&d);
	return err;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vmport_foreach(struct brkit *h, const char *dir,
		   int (*cb)(const struct vmport_state *st, void *arg), void *arg)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	struct sdir sd;
	struct stat sb;
	DIR *dp = NULL;
	int err, fd;

	err = sdir_open(h, dir, false, &sd);
	if (err == -ENOENT) {
		brkit_clear_err(h);
		return 0;
	}
	if (err)
		return err;
	fd = openat(sd.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		dp = fdopendir(fd);
	if (!dp) {
		err = brkit_failf(h, -errno, "listing %s: %s", dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		sdir_close(&sd);
		return err;
	}
	while ((de = readdir(dp))) {
		const char *why;

		/* state files only: not .lock, a .TAP.tmp or a namespace's directory */
		if (de->d_name[0] == '.' || brkit_ifname_check(de->d_name, &why) ||
		    (de->d_type != DT_REG && de->d_type != DT_UNKNOWN) ||
		    (de->d_type == DT_UNKNOWN &&
		     (fstatat(sd.fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ||
		      !S_ISREG(sb.st_mode))))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap ? cap * 2 : 16) * sizeof(*names));

			if (!nn) {
				err = -ENOMEM;
				break;
			}
			names = nn;
			cap = cap ? cap * 2 : 16;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			err = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(dp);
	if (!err)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n && !err; i++) {
		struct vmport_state st;

		err = state_read_at(h, &sd, names[i], &st);
		if (err == -ENOENT) {
			err = 0;
			continue;
		}
		if (!err)
			err = cb(&st, arg);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	sdir_close(&sd);
	if (err == -ENOMEM)
		return brkit_failf(h, err, "listing %s: out of memory", dir);
	return err;
}

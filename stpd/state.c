// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-stpd's files under /run/brkit, keyed by the network namespace's
 * identity. The names (`stpd-NS.pid`, `stpd-NS.bridges`) are what other
 * programs look for (the lab, /sbin/bridge-stp), but a name outlives its
 * namespace: after `ip netns del NS` and `ip netns add NS`, a new namespace
 * would have inherited the old one's bridges. So each file says whose it is,
 * on its own line
 *     netns DEV:INODE:COOKIE PATH
 * (the nsfs device and inode of the namespace, as `stat -L -c %d:%i PATH`
 * shows them, its cookie (SO_NETNS_COOKIE), and the path it was reached by:
 * /run/netns/NAME, the -n path, or /proc/1/ns/net for the initial one). A daemon ignores and removes
 * a state file whose identity is not its namespace's (or that has none), and
 * at start removes the files of every namespace that is gone: its PATH is
 * missing or is now another namespace (by its inode), and no daemon holds
 * the pid file's lock. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "stpd/daemon.h"

int stpd_ns_id(const char *path, char *buf, size_t len)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	snprintf(buf, len, "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	return 0;
}

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* DEV:INODE:COOKIE of the caller's namespace. The kernel gives a freed
 * namespace's inode number to the next one made (measured: `ip netns del
 * NS; ip netns add NS` got the same inode), so the inode alone let a new
 * namespace inherit; its cookie (SO_NETNS_COOKIE, Linux 5.14) is never
 * reused while the system runs. 0 when the kernel has none. */
int stpd_ns_self_id(char *buf, size_t len)
{
	unsigned long long cookie = 0;
	socklen_t clen = sizeof(cookie);
	char id[64];
	int fd, ret = stpd_ns_id("/proc/self/ns/net", id, sizeof(id));

	if (ret)
		return ret;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &clen) < 0)
			cookie = 0;
		close(fd);
	}
	snprintf(buf, len, "%s:%llu", id, cookie);
	return 0;
}

/* Whether identity @id (DEV:INODE:COOKIE) has the DEV:INODE @now. */
static bool same_inode(const char *id, const char *now)
{
	size_t n = strlen(now);

	return !strncmp(id, now, n) && (id[n] == ':' || id[n] == '\0');
}

/* The identity line of the file at @path, split: @id (DEV:INODE) and @nspath. */
static int read_id(const char *path, char *id, size_t idlen, char *nspath, size_t plen,
		   bool pidfile)
{
	char line[512];
	FILE *f = fopen(path, "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *s, *p;

		line[strcspn(line, "\n")] = 0;
		if (strncmp(line, "netns ", 6)) {
			if (!pidfile)
				break; /* the identity comes first in a state file */
			continue;
		}
		s = line + 6;
		p = strchr(s, ' ');
		if (!p)
			break;
		*p++ = 0;
		snprintf(id, idlen, "%.63s", s);
		snprintf(nspath, plen, "%.399s", p);
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

bool stpd_state_mine(struct stpd *d)
{
	char id[64], nspath[400];

	if (!d->state_path[0] || access(d->state_path, F_OK) < 0)
		return false; /* no file */
	if (!read_id(d->state_path, id, sizeof(id), nspath, sizeof(nspath), false) &&
	    !strcmp(id, d->ns_id))
		return true;
	stpd_log(LOG_INFO,
		 "%s: left by another network namespace of the same name (gone now), or "
		 "without one: ignored and removed",
		 d->state_path);
	unlink(d->state_path);
	return false;
}

/* Namespace files named stpd-NAME.{pid,bridges} (or stpd.*) whose namespace
 * is gone. A pid file is removed only while we hold its lock (no daemon
 * runs), and only with its state file's namespace gone too. */
static bool gone(const char *file, bool pidfile)
{
	char id[64], nspath[400], now[64];

	if (read_id(file, id, sizeof(id), nspath, sizeof(nspath), pidfile))
		return pidfile ? false : true; /* a state file with no identity: stale */
	if (stpd_ns_id(nspath, now, sizeof(now)))
		return true;
	/* the inode only: another namespace's cookie cannot be read without
	 * entering it; a reused inode keeps the file, which its namespace's
	 * daemon then finds is not its own (stpd_state_mine) */
	return !same_inode(id, now);
}

void stpd_state_sweep(struct stpd *d)
{
	DIR *dir = opendir(STPD_RUN_DIR);
	struct dirent *e;
	char path[600];

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		bool pid = n > 4 && !strcmp(e->d_name + n - 4, ".pid");
		bool br = n > 8 && !strcmp(e->d_name + n - 8, ".bridges");
		int fd;

		if (strncmp(e->d_name, "stpd", 4) || (!pid && !br))
			continue;
		snprintf(path, sizeof(path), STPD_RUN_DIR "/%s", e->d_name);
		if (!strcmp(path, d->state_path) || !strcmp(path, d->pid_path))
			continue; /* ours: stpd_state_mine() */
		if (!gone(path, pid))
			continue;
		if (pid) {
			fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			if (fd < 0)
				continue;
			/* a daemon holds it: its namespace lives on without a name */
			if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
				unlink(path);
				stpd_log(LOG_INFO, "%s: its network namespace is gone: removed",
					 path);
			}
			close(fd);
			continue;
		}
		/* the state file of a namespace that is gone: its pid file, if
		 * any, must not be locked (a daemon runs there, unnamed) */
		{
			char pp[600];
			bool busy = false;

			snprintf(pp, sizeof(pp), "%.*s.pid", (int)(strlen(path) - 8), path);
			fd = open(pp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			if (fd >= 0) {
				busy = flock(fd, LOCK_SH | LOCK_NB) < 0;
				close(fd);
			}
			if (!busy) {
				unlink(path);
				stpd_log(LOG_INFO, "%s: its network namespace is gone: removed",
					 path);
			}
		}
	}
	closedir(dir);
}

void stpd_state_save(struct stpd *d)
{
	char tmp[420];
	FILE *f;
	size_t i;

	if (!d->state_path[0])
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", d->state_path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	fprintf(f, "netns %s %s\n", d->ns_id, d->ns_path);
	for (i = 0; i < d->nbr; i++)
		if (d->br[i]->mode == STPD_MODE_NFT || d->br[i]->mode == STPD_MODE_STP_MODE)
			fprintf(f, "%s\n", d->br[i]->name);
	fclose(f);
	rename(tmp, d->state_path);
}

bool stpd_state_has(struct stpd *d, const char *name)
{
	char line[512]; /* the identity line holds a path: read it whole */
	bool found = false, first = true;
	FILE *f;

	if (!d->state_path[0] || !(f = fopen(d->state_path, "re")))
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (first && !strncmp(line, "netns ", 6)) {
			first = false;
			continue;
		}
		first = false;
		found = !strcmp(line, name);
	}
	fclose(f);
	return found;
}

void stpd_state_fini(struct stpd *d)
{
	size_t i;

	if (!d->state_path[0])
		return;
	/* bridges left discarding stay the daemon's: a new daemon takes them back */
	for (i = 0; i < d->nbr; i++)
		if (d->br[i]->mode == STPD_MODE_NFT || d->br[i]->mode == STPD_MODE_STP_MODE)
			return;
	unlink(d->state_path);
}

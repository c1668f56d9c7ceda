// SPDX-License-Identifier: GPL-2.0-or-later
/* The loader of files a program reads with privileges, or for someone else
 * (the bridge helper's config and ACL, a brkit network's state): every
 * directory from / down walked with O_NOFOLLOW and root's, not writable by
 * group or others, the file a regular root's file only root may write. In
 * the hook programs' core (hooks/hook.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "hooks/hook.h"
#include "nl/util.h"

/* One path component (not "." or ".."), at most NAME_MAX. */
static int next_component(const char **p, char *name, size_t len)
{
	const char *s = *p, *e;

	while (*s == '/')
		s++;
	e = strchr(s, '/');
	if (!e)
		e = s + strlen(s);
	if (e == s || (size_t)(e - s) >= len)
		return -ENAMETOOLONG;
	memcpy(name, s, (size_t)(e - s));
	name[e - s] = 0;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	*p = e;
	return 0;
}

static const char *mode_problem(const struct stat *st)
{
	if (st->st_uid != 0)
		return "not owned by root";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "writable by group or others";
	return NULL;
}

int vmport_load_secure(const char *path, char **text, char *why, size_t whylen)
{
	const char *p = path, *dir = path, *end = path, *bad;
	char name[256];
	struct stat st;
	int dfd, fd, err;

	*text = NULL;
	if (*path != '/')
		return brkit_whyf(why, whylen, -EPERM, "%s: not an absolute path", path);
	dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return brkit_whyf(why, whylen, -errno, "/: %s", strerror(errno));
	for (;;) {
		dir = end; /* the directory checked next: path up to here */
		err = next_component(&p, name, sizeof(name));
		end = p;
		if (err) {
			close(dfd);
			return brkit_whyf(why, whylen, -EPERM, "%s: not a plain absolute path",
					  path);
		}
		/* the directory the next name is looked up in: only root may change it */
		if (fstat(dfd, &st) < 0) {
			err = -errno;
			close(dfd);
			return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
		}
		/* a root-owned sticky directory (/tmp) is fine: no one else may
		 * replace root's entries in it, and what they add is theirs and
		 * refused below */
		bad = st.st_uid == 0 && (st.st_mode & S_ISVTX) ? NULL : mode_problem(&st);
		if (bad) {
			close(dfd);
			return brkit_whyf(why, whylen, -EPERM, "%s: its directory %.*s is %s", path,
					  dir == path ? 1 : (int)(dir - path), path, bad);
		}
		while (*p == '/')
			p++;
		if (!*p)
			break;
		fd = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		err = -errno;
		close(dfd);
		if (fd < 0 && (err == -ELOOP || err == -ENOTDIR))
			return brkit_whyf(why, whylen, -EPERM,
					  "%s: its directory %.*s is a symbolic link or not a "
					  "directory",
					  path, (int)(end - path), path);
		if (fd < 0)
			return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
		dfd = fd;
	}
	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below */
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	err = -errno;
	close(dfd);
	if (fd < 0 && err == -ELOOP)
		return brkit_whyf(why, whylen, -EPERM, "%s: a symbolic link (refused)", path);
	if (fd < 0)
		return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
	}
	bad = !S_ISREG(st.st_mode) ? "not a regular file" : mode_problem(&st);
	if (bad) {
		close(fd);
		return brkit_whyf(why, whylen, -EPERM, "%s: %s (refused)", path, bad);
	}
	err = brkit_read_fd(fd, 1u << 20, text, NULL);
	close(fd);
	if (err)
		return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
	return 0;
}

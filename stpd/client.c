// SPDX-License-Identifier: GPL-2.0-or-later
/* The control socket's client: one request, the whole reply. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include "nl/util.h"
#include "stpd/stpd.h"

/* Whether this process runs in the initial user namespace: its uid_map maps
 * all of 0..2^32-2 onto itself. */
static bool initial_userns(void)
{
	unsigned long a, b, n;
	bool ok = false;
	FILE *f = fopen("/proc/self/uid_map", "re");

	if (!f)
		return true; /* no user namespaces: the initial one */
	if (fscanf(f, "%lu %lu %lu", &a, &b, &n) == 3)
		ok = a == 0 && b == 0 && n == 4294967295UL;
	fclose(f);
	return ok;
}

bool stpd_server_trusted(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 || len != sizeof(cr))
		return false;
	if (cr.uid == 0 || cr.uid == geteuid())
		return true;
	/* In a user namespace of its own (unshare -U), the caller sees root's
	 * daemon as the overflow uid, as it sees everyone it does not map; it
	 * holds no privilege outside, so no answer can mislead it into using
	 * any. */
	return !initial_userns();
}

int stpd_client_call(const char *req, char **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 5 };
	size_t n = strlen(STPD_SOCK_NAME);
	int fd, err;

	*out = NULL;
	memcpy(sa.sun_path + 1, STPD_SOCK_NAME, n);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	/* Any local user may bind the abstract name while no daemon holds it: an
	 * answer counts only from root (as this namespace's user namespace sees
	 * it) or from the caller's own user. Anyone else is no daemon at all, so a
	 * squatter can do no more than an absent daemon (the kernel's guards then
	 * act), and never speaks for brkit-stpd. */
	if (!stpd_server_trusted(fd)) {
		close(fd);
		return -ENOENT;
	}
	if (write(fd, req, strlen(req)) < 0 || write(fd, "\n", 1) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	shutdown(fd, SHUT_WR);
	err = brkit_read_fd(fd, 0, out, NULL);
	close(fd);
	return err;
}

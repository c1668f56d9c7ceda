// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's floor for a lab: make N network namespaces as `ip netns add`
 * does (a file under /run/netns, unshare, a bind mount, back) and remove them
 * (unmount, unlink), nothing else; prints both wall times in seconds.
 * Usage: lab_floor N PREFIX (root). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n, i, saved, fd;
	char path[256];
	double t0, t1, t2;

	if (argc != 3 || (n = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: lab_floor N PREFIX\n");
		return 2;
	}
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		perror("lab_floor: /proc/thread-self/ns/net");
		return 1;
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/run/netns/%s-%d", argv[2], i);
		fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
		if (fd < 0 || close(fd) < 0 || unshare(CLONE_NEWNET) < 0 ||
		    mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0 ||
		    setns(saved, CLONE_NEWNET) < 0) {
			fprintf(stderr, "lab_floor: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	t1 = now();
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/run/netns/%s-%d", argv[2], i);
		if (umount2(path, MNT_DETACH) < 0 || unlink(path) < 0) {
			fprintf(stderr, "lab_floor: removing %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	t2 = now();
	printf("%.4f %.4f\n", t1 - t0, t2 - t1);
	return 0;
}

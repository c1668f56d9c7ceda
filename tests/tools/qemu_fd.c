// SPDX-License-Identifier: GPL-2.0-or-later
/* qemu_fd: run a bridge helper as QEMU's -netdev bridge does, and report
 * what came back, for the security suite (run as the unprivileged user).
 *   qemu_fd [--bpdu N] [--hold SECS] [--argv0 S] HELPER --br=BR [ARGS...]
 * A socketpair; the helper runs with --fd=N (our end's number) after the
 * given arguments; its stdout and stderr pass through. Prints
 *   "fd TAPNAME"   a tap fd arrived (its name read with TUNGETIFF), or
 *   "nofd"         none did,
 * then "exit N" with the helper's status. With --bpdu N it writes N
 * superior RST BPDUs (root 0000.020000000001, as a hostile guest would) into
 * the tap, one every 500 ms; with --hold it keeps the fd (so the tap) open
 * SECS seconds before it exits; --argv0 runs HELPER with argv[0] S (any
 * text: it is the caller's to choose). Exit 0 when a fd arrived, 1 when not. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

static int recv_fd(int sock)
{
	char byte, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, MSG_DONTWAIT) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

/* An RST BPDU claiming root priority 0: superior to any bridge's own. */
static size_t superior_bpdu(unsigned char *f)
{
	static const unsigned char mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	unsigned char *b = f + 17;
	size_t n = 36;

	memset(f, 0, 64);
	memcpy(f, "\x01\x80\xc2\x00\x00\x00", 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0;
	f[13] = (unsigned char)(3 + n); /* 802.3 length: LLC + BPDU */
	f[14] = 0x42;
	f[15] = 0x42;
	f[16] = 0x03;
	b[0] = b[1] = 0; /* protocol id */
	b[2] = 2; /* version: RSTP */
	b[3] = 2; /* type: RST */
	b[4] = 0x3c; /* designated, learning, forwarding */
	b[5] = b[6] = 0; /* root: priority 0 */
	memcpy(b + 7, mac, 6);
	/* root path cost 0 (b[13..16]) */
	memcpy(b + 19, mac, 6); /* bridge id: priority 0 (b[17..18]) and the MAC */
	b[25] = 0x80; /* port id 8001 */
	b[26] = 0x01;
	b[27] = b[28] = 0; /* message age */
	b[29] = 20; /* max age 20 s */
	b[31] = 2; /* hello 2 s */
	b[33] = 15; /* forward delay 15 s */
	b[35] = 0; /* version 1 length */
	return 60;
}

int main(int argc, char **argv)
{
	int sv[2], fd, st, i, nbpdu = 0, hold = 0, a = 1;
	char fdarg[32], **args, *argv0 = NULL;
	pid_t pid;

	for (; a < argc && !strncmp(argv[a], "--", 2); a += 2) {
		if (a + 1 >= argc)
			break;
		if (!strcmp(argv[a], "--bpdu"))
			nbpdu = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--hold"))
			hold = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--argv0"))
			argv0 = argv[a + 1];
		else
			break;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: qemu_fd [--bpdu N] [--hold SECS] HELPER ARGS...\n");
		return 2;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
		perror("socketpair");
		return 2;
	}
	args = calloc((size_t)(argc - a + 2), sizeof(*args));
	if (!args)
		return 2;
	for (i = a; i < argc; i++)
		args[i - a] = argv[i];
	snprintf(fdarg, sizeof(fdarg), "--fd=%d", sv[1]);
	args[argc - a] = fdarg;
	if (argv0)
		args[0] = argv0;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(sv[0]);
		execv(argv[a], args);
		perror(args[0]);
		_exit(127);
	}
	close(sv[1]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	fd = recv_fd(sv[0]);
	if (fd < 0) {
		printf("nofd\n");
	} else {
		struct ifreq ifr;

		memset(&ifr, 0, sizeof(ifr));
		if (ioctl(fd, TUNGETIFF, &ifr) < 0)
			printf("fd ?\n");
		else
			printf("fd %s\n", ifr.ifr_name);
	}
	printf("exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	fflush(stdout);
	if (fd >= 0) {
		unsigned char f[64];
		size_t n = superior_bpdu(f);

		for (i = 0; i < nbpdu; i++) {
			if (write(fd, f, n) != (ssize_t)n)
				perror("writing a BPDU into the tap");
			usleep(500000);
		}
		if (hold > 0)
			sleep((unsigned int)hold);
		close(fd);
	}
	free(args);
	return fd >= 0 ? 0 : 1;
}

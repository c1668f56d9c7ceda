// SPDX-License-Identifier: GPL-2.0-or-later
/* ctlpoke: misbehaving (and timed) clients of brkit-stpd's control socket,
 * for tests/netns/sec_stpd.sh. Run inside the daemon's namespace.
 *   ctlpoke req LINE            send LINE, print the reply and, to stderr,
 *                               "reply in N.NNN ms"
 *   ctlpoke raw LINE            send LINE without a newline, do not shut down
 *                               the write side; print what comes back
 *   ctlpoke slow SECS MS        for SECS seconds, one byte of "show" every MS
 *                               ms (reconnecting when dropped); prints
 *                               "slow: C connections, B bytes, D dropped"
 *   ctlpoke idle N SECS         hold N idle connections for SECS seconds,
 *                               reopening those the daemon drops every 100 ms; prints
 *                               "idle: C connections made, D dropped, F failed"
 *   ctlpoke setuid-exec LINE PROG ARG...
 *                               connect, then exec PROG (a setuid program) while
 *                               a child sharing the socket sends LINE 0.3 s later
 *                               and prints the reply: SO_PEERCRED names the
 *                               process that connected, now PROG. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SOCK_NAME "brkit-stpd"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* a blocking connection (not close-on-exec: setuid-exec hands it on) */
static int conn(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(SOCK_NAME);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memcpy(sa.sun_path + 1, SOCK_NAME, n);
	if (connect(fd, (struct sockaddr *)&sa,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* copy the reply to stdout until EOF or a 5 s silence */
static void dump_reply(int fd)
{
	char buf[4096];
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, 5000) > 0) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r <= 0)
			break;
		fwrite(buf, 1, (size_t)r, stdout);
	}
	fflush(stdout);
}

static int do_req(const char *line, bool nl)
{
	double t0 = now();
	int fd = conn();

	if (fd < 0) {
		fprintf(stderr, "ctlpoke: connect: %s\n", strerror(errno));
		return 1;
	}
	if (write_all(fd, line, strlen(line)) || (nl && write_all(fd, "\n", 1))) {
		fprintf(stderr, "ctlpoke: write: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	if (nl)
		shutdown(fd, SHUT_WR);
	dump_reply(fd);
	fprintf(stderr, "reply in %.3f ms\n", (now() - t0) * 1e3);
	close(fd);
	return 0;
}

static int do_slow(double secs, int ms)
{
	const char *req = "show\n";
	double end = now() + secs;
	unsigned long conns = 0, bytes = 0, dropped = 0;
	size_t off = 0;
	int fd = -1;

	while (now() < end) {
		struct pollfd p;

		if (fd < 0) {
			fd = conn();
			if (fd < 0) {
				usleep(100000);
				continue;
			}
			conns++;
			off = 0;
		}
		/* a byte, never the whole line: the newline is not sent */
		if (write(fd, req + off, 1) == 1) {
			bytes++;
			off = (off + 1) % 4;
		}
		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, ms) > 0) {
			char buf[512];

			/* an answer (a time-out) or EOF: the daemon let go */
			if (read(fd, buf, sizeof(buf)) >= 0) {
				dropped++;
				close(fd);
				fd = -1;
			}
		}
	}
	if (fd >= 0)
		close(fd);
	printf("slow: %lu connections, %lu bytes, %lu dropped\n", conns, bytes, dropped);
	return 0;
}

static int do_idle(int n, double secs)
{
	struct pollfd *p = calloc((size_t)n, sizeof(*p));
	double end = now() + secs, last = 0;
	unsigned long made = 0, dropped = 0, failed = 0;
	int i;

	if (!p)
		return 1;
	for (i = 0; i < n; i++)
		p[i].fd = -1;
	while (now() < end) {
		/* reopen what was dropped, at most every 100 ms */
		for (i = 0; i < n && now() - last >= 0.1; i++) {
			if (p[i].fd >= 0)
				continue;
			p[i].fd = conn();
			p[i].events = POLLIN;
			if (p[i].fd < 0)
				failed++;
			else
				made++;
		}
		if (now() - last >= 0.1)
			last = now();
		if (poll(p, (nfds_t)n, 100) <= 0)
			continue;
		for (i = 0; i < n; i++) {
			char buf[512];

			if (p[i].fd >= 0 && p[i].revents) {
				if (read(p[i].fd, buf, sizeof(buf)) > 0)
					continue;
				close(p[i].fd);
				p[i].fd = -1;
				dropped++;
			}
		}
	}
	for (i = 0; i < n; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	free(p);
	printf("idle: %lu connections made, %lu dropped, %lu failed\n", made, dropped, failed);
	return 0;
}

static int do_setuid_exec(const char *line, char **argv)
{
	int fd = conn();
	pid_t pid;

	if (fd < 0) {
		fprintf(stderr, "ctlpoke: connect: %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		usleep(300000); /* the parent is PROG by now */
		if (write_all(fd, line, strlen(line)) || write_all(fd, "\n", 1))
			_exit(1);
		shutdown(fd, SHUT_WR);
		dump_reply(fd);
		_exit(0);
	}
	execv(argv[0], argv);
	fprintf(stderr, "ctlpoke: exec %s: %s\n", argv[0], strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN); /* a dropped connection is counted, not fatal */
	if (argc == 3 && !strcmp(argv[1], "req"))
		return do_req(argv[2], true);
	if (argc == 3 && !strcmp(argv[1], "raw"))
		return do_req(argv[2], false);
	if (argc == 4 && !strcmp(argv[1], "slow"))
		return do_slow(atof(argv[2]), atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "idle"))
		return do_idle(atoi(argv[2]), atof(argv[3]));
	if (argc >= 4 && !strcmp(argv[1], "setuid-exec"))
		return do_setuid_exec(argv[2], argv + 3);
	fputs("usage: ctlpoke req LINE | raw LINE | slow SECS MS | idle N SECS |\n"
	      "       setuid-exec LINE PROG ARG...\n",
	      stderr);
	return 2;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-stpd [-n NETNS] [-f] [-c CONFIG]: RSTP on the bridges of one network
 * namespace. An epoll loop over a 1 s timerfd, signals (signalfd), rtnetlink
 * events, the BPDU capture and the control socket. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include "stpd/daemon.h"

bool stpd_log_stderr;
bool stpd_debug;

double stpd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* -v: one line per event with its CLOCK_MONOTONIC time (what the benchmark
 * reads back to find where convergence time goes). */
void stpd_dbg(const char *fmt, ...)
{
	va_list ap;
	char buf[320];
	int n;

	if (!stpd_debug)
		return;
	n = snprintf(buf, sizeof(buf), "%.6f ", stpd_now());
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	if (stpd_log_stderr)
		fprintf(stderr, "%s\n", buf);
	else
		syslog(LOG_DEBUG, "%s", buf);
}

void stpd_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (stpd_log_stderr) {
		fputs("brkit-stpd: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}

static void usage(FILE *f)
{
	fputs("Usage: brkit-stpd [-n NETNS] [-f] [-c CONFIG] [-v]\n"
	      "  -n NETNS   run in network namespace NETNS (a name under /run/netns or a path)\n"
	      "  -f         stay in the foreground, log to stderr\n"
	      "  -c CONFIG  configuration file (default " STPD_CONF_DEFAULT
	      ", the only one that may be\n"
	      "             missing; -c /dev/null for none)\n"
	      "  -v         debug log: BPDUs, hold-backs, port states, flushes, events, with\n"
	      "             CLOCK_MONOTONIC times\n",
	      f);
}

static int enter_netns(const char *ns)
{
	char path[512];
	int fd, ret;

	if (strchr(ns, '/'))
		snprintf(path, sizeof(path), "%s", ns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static bool initial_netns(void)
{
	struct stat a, b;

	if (stat("/proc/self/ns/net", &a) || stat("/proc/1/ns/net", &b))
		return false;
	return a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

static int ctl_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(STPD_SOCK_NAME);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -errno;
	memcpy(sa.sun_path + 1, STPD_SOCK_NAME, n);
	if (bind(fd, (struct sockaddr *)&sa,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0 ||
	    listen(fd, 16) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* root, or a process holding CAP_NET_ADMIN (its effective set, from /proc) */
static bool may_change(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	char path[64], line[256];
	bool ok = false;
	FILE *f;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return false;
	if (cr.uid == 0)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)cr.pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long caps;

		if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			ok = caps & (1ull << 12); /* CAP_NET_ADMIN */
			break;
		}
	}
	fclose(f);
	return ok;
}

/* One client: read its line (it shuts its side down), answer, close. A
 * client has 1 s to send and to read. */
static void ctl_serve(struct stpd *d, int lfd)
{
	struct timeval tv = { .tv_sec = 1 };
	char line[STPD_MAX_REQ + 1];
	size_t n = 0;
	char *reply = NULL;
	size_t rlen = 0;
	FILE *out;
	int fd;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (n < STPD_MAX_REQ) {
		ssize_t r = read(fd, line + n, STPD_MAX_REQ - n);

		if (r <= 0)
			break;
		n += (size_t)r;
		if (memchr(line, '\n', n))
			break;
	}
	line[n] = 0;
	line[strcspn(line, "\n")] = 0;
	out = open_memstream(&reply, &rlen);
	if (out) {
		double t0 = stpd_debug ? stpd_now() : 0;
		char req[64];

		snprintf(req, sizeof(req), "%.60s", line); /* split in place below */
		stpd_dbg("ctl '%s'", req);
		stpd_request(d, line, may_change(fd), out);
		fclose(out);
		stpd_dbg("ctl done '%s' %.3f ms", req, (stpd_now() - t0) * 1e3);
		for (size_t off = 0; off < rlen;) {
			ssize_t w = write(fd, reply + off, rlen - off);

			if (w <= 0)
				break;
			off += (size_t)w;
		}
		free(reply);
	}
	close(fd);
}

/* The pid, then the namespace's identity line (stpd/state.c). */
static int pid_text(const struct stpd *d, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%d\nnetns %s %s\n", (int)getpid(), d->ns_id, d->ns_path);

	return n < 0 ? 0 : (size_t)n >= len ? (int)len - 1 : n; /* what is in @buf */
}

static int write_pid(const struct stpd *d, const char *path)
{
	char buf[512];
	struct stat st;
	int fd, n;

	mkdir(STPD_RUN_DIR, 0755);
	for (;;) {
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0)
			return -errno;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			return -EEXIST;
		}
		/* another daemon's sweep removed a stale file we just opened */
		if (fstat(fd, &st) == 0 && st.st_nlink == 0) {
			close(fd);
			continue;
		}
		break;
	}
	if (ftruncate(fd, 0) < 0) {
		close(fd);
		return -errno;
	}
	n = pid_text(d, buf, sizeof(buf));
	if (write(fd, buf, (size_t)n) != n) {
		close(fd);
		return -EIO;
	}
	return fd; /* kept open: the lock says a daemon runs */
}

/* The namespace's identity and the path it is known by: /run/netns/NAME,
 * the -n path, or /proc/1/ns/net for the initial one (and for a namespace
 * entered without -n, which then has no path that names it). */
static void ns_identity(struct stpd *d)
{
	if (!d->netns[0])
		snprintf(d->ns_path, sizeof(d->ns_path), "/proc/1/ns/net");
	else if (strchr(d->netns, '/') && !realpath(d->netns, d->ns_path))
		snprintf(d->ns_path, sizeof(d->ns_path), "%s", d->netns);
	else if (!strchr(d->netns, '/'))
		snprintf(d->ns_path, sizeof(d->ns_path), "/run/netns/%s", d->netns);
	if (stpd_ns_self_id(d->ns_id, sizeof(d->ns_id)))
		snprintf(d->ns_id, sizeof(d->ns_id), "0:0:0");
}

static void name_of(const char *netns, char *buf, size_t len)
{
	const char *s = strrchr(netns, '/');

	snprintf(buf, len, "%s", s ? s + 1 : netns);
}

int main(int argc, char **argv)
{
	struct stpd d = { .netns = "", .conf_path = STPD_CONF_DEFAULT, .rxfd = -1, .txfd = -1 };
	char err[512], *pidpath = d.pid_path, base[200];
	struct epoll_event ev;
	struct itimerspec its = { .it_interval = { 1, 0 }, .it_value = { 1, 0 } };
	int opt, epfd, tfd, sfd, cfd, pidfd, dfd = -1, ret = 1;
	sigset_t mask;

	/* Fixed thresholds turn off glibc's sliding ones: a big `stp show`
	 * reply (about 300 bytes a port) or a bridge dump goes through mmap and
	 * back to the kernel when freed, and a heap top with more than 64 KiB
	 * free is trimmed, instead of staying resident for good. */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024);
	while ((opt = getopt(argc, argv, "n:fc:hv")) != -1) {
		switch (opt) {
		case 'n':
			d.netns = optarg;
			break;
		case 'f':
			d.foreground = true;
			break;
		case 'c':
			d.conf_path = optarg;
			break;
		case 'v':
			stpd_debug = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	stpd_log_stderr = d.foreground;
	if (!d.foreground)
		openlog("brkit-stpd", LOG_PID, LOG_DAEMON);
	if (d.netns[0] && (ret = enter_netns(d.netns)) < 0) {
		fprintf(stderr, "brkit-stpd: network namespace %s: %s\n", d.netns, strerror(-ret));
		return 1;
	}
	d.initial_ns = initial_netns();
	name_of(d.netns[0] ? d.netns : "", base, sizeof(base));
	snprintf(pidpath, sizeof(d.pid_path), STPD_RUN_DIR "/stpd%s%s.pid", base[0] ? "-" : "",
		 base);
	ns_identity(&d);
	snprintf(d.state_path, sizeof(d.state_path), STPD_RUN_DIR "/stpd%s%s.bridges",
		 base[0] ? "-" : "", base);
	pidfd = write_pid(&d, pidpath);
	if (pidfd < 0) {
		fprintf(stderr, "brkit-stpd: %s: %s\n", pidpath,
			pidfd == -EEXIST ? "another brkit-stpd runs in this namespace"
					 : strerror(-pidfd));
		return 1;
	}
	cfd = ctl_open();
	if (cfd < 0) {
		fprintf(stderr, "brkit-stpd: control socket @%s: %s\n", STPD_SOCK_NAME,
			cfd == -EADDRINUSE ? "another brkit-stpd runs in this namespace"
					   : strerror(-cfd));
		goto fail;
	}
	if (stpd_reload(&d, err, sizeof(err))) {
		fprintf(stderr, "brkit-stpd: %s\n", err);
		goto fail;
	}
	if ((ret = brkit_open(&d.h, NULL)) < 0) {
		fprintf(stderr, "brkit-stpd: rtnetlink: %s\n", strerror(-ret));
		goto fail;
	}
	if (stpd_io_open(&d, err, sizeof(err))) {
		fprintf(stderr, "brkit-stpd: %s\n", err);
		goto fail;
	}
	if (!d.foreground && daemon(0, 0) < 0) {
		fprintf(stderr, "brkit-stpd: daemon: %s\n", strerror(errno));
		goto fail;
	}
	if (!d.foreground) {
		/* the pid changed */
		char buf[512];
		int n = pid_text(&d, buf, sizeof(buf));

		if (ftruncate(pidfd, 0) < 0 || pwrite(pidfd, buf, (size_t)n, 0) != n)
			stpd_log(LOG_WARNING, "%s: cannot write the pid", pidpath);
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || tfd < 0 || epfd < 0 || timerfd_settime(tfd, 0, &its, NULL) < 0) {
		stpd_log(LOG_ERR, "setting up the loop: %s", strerror(errno));
		goto fail;
	}
	if ((ret = stpd_init(&d)) < 0) {
		stpd_log(LOG_ERR, "events: %s", strerror(-ret));
		goto fail;
	}
	ev.events = EPOLLIN;
	ev.data.fd = sfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev);
	ev.data.fd = tfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev);
	ev.data.fd = cfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, cfd, &ev);
	ev.data.fd = d.rxfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, d.rxfd, &ev);
	ev.data.fd = brkit_events_fd(d.ev);
	epoll_ctl(epfd, EPOLL_CTL_ADD, ev.data.fd, &ev);
	/* ethtool's notifications: a port's duplex changed */
	dfd = stpd_duplex_open(&d);
	if (dfd >= 0) {
		ev.data.fd = dfd;
		epoll_ctl(epfd, EPOLL_CTL_ADD, dfd, &ev);
	}
	stpd_log(LOG_INFO, "running in %s (%s)", d.netns[0] ? d.netns : "the initial namespace",
		 d.initial_ns ? "initial" : "not initial");
	while (!d.quit) {
		struct epoll_event evs[8];
		int n = epoll_wait(epfd, evs, 8, -1), i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == d.rxfd) {
				stpd_io_read(&d);
			} else if (fd == tfd) {
				uint64_t exp;

				if (read(tfd, &exp, sizeof(exp)) == sizeof(exp))
					while (exp--) {
						stpd_dbg("tick");
						stpd_tick(&d);
					}
			} else if (fd == cfd) {
				ctl_serve(&d, cfd);
			} else if (fd == dfd) {
				stpd_duplex_read(&d);
			} else if (fd == sfd) {
				struct signalfd_siginfo si;

				while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
					if (si.ssi_signo == SIGHUP) {
						if (stpd_reload(&d, err, sizeof(err)))
							stpd_log(LOG_ERR,
								 "%s (kept the old configuration)",
								 err);
						else
							stpd_log(LOG_INFO,
								 "configuration reloaded");
					} else if (si.ssi_signo == SIGUSR1) {
						stpd_rescan(&d);
					} else {
						d.quit = true;
					}
				}
			} else {
				stpd_events(&d);
			}
		}
	}
	stpd_log(LOG_INFO, "stopping: ports left discarding (edge ports forwarding)");
	stpd_state_fini(&d); /* the state file goes, unless it names a bridge */
	stpd_fini(&d);
	stpd_io_close(&d);
	brkit_close(d.h);
	close(cfd);
	close(epfd);
	close(tfd);
	close(sfd);
	unlink(pidpath);
	close(pidfd);
	return 0;
fail:
	/* nothing was taken yet, or stpd_fini() gives it back below */
	if (d.ev)
		stpd_fini(&d);
	unlink(pidpath);
	close(pidfd);
	return 1;
}

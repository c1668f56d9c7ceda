// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-stpd [-n NETNS] [-f] [-c CONFIG]: RSTP on the bridges of one network
 * namespace. An epoll loop over a 1 s timerfd, signals (signalfd), rtnetlink
 * events, the BPDU capture and the control socket (stpd/ctl.c). */
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
#include <sys/prctl.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <cap-ng.h>
#include "stpd/ctl.h"
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

/* After start-up the daemon keeps CAP_NET_ADMIN (port states, bridge
 * attributes, nftables in the forked child) and CAP_NET_RAW (the capture and
 * the packet socket are open already, but a rescan may need them again), in
 * its effective, permitted and bounding sets; nothing inheritable or ambient,
 * and no new privileges: the nftables child is forked, never exec'd. It
 * stays uid 0 (its state files under /run/brkit are root's). When it lacks
 * CAP_SETPCAP (a systemd unit's CapabilityBoundingSet) the bounding set is
 * left as it was given. */
static int drop_privileges(char *err, size_t len)
{
	static const int keep[] = { CAP_NET_ADMIN, CAP_NET_RAW };
	capng_select_t sel = CAPNG_SELECT_CAPS;
	bool have[2];
	size_t i;

	if (capng_get_caps_process()) {
		snprintf(err, len, "reading its capabilities: %s", strerror(errno));
		return -1;
	}
	if (capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP))
		sel = CAPNG_SELECT_BOTH;
	for (i = 0; i < 2; i++)
		have[i] = capng_have_capability(CAPNG_PERMITTED, (unsigned int)keep[i]);
	capng_clear(CAPNG_SELECT_BOTH);
	for (i = 0; i < 2; i++)
		if (have[i] &&
		    capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET,
				 (unsigned int)keep[i])) {
			snprintf(err, len, "keeping capability %d: failed", keep[i]);
			return -1;
		}
	if (capng_apply(sel)) {
		snprintf(err, len, "dropping capabilities: %s", strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, len, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int write_pid(const char *path)
{
	char buf[32];
	int fd, n;

	mkdir(STPD_RUN_DIR, 0755);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return -EEXIST;
	}
	if (ftruncate(fd, 0) < 0) {
		close(fd);
		return -errno;
	}
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		close(fd);
		return -EIO;
	}
	return fd; /* kept open: the lock says a daemon runs */
}

static void name_of(const char *netns, char *buf, size_t len)
{
	const char *s = strrchr(netns, '/');

	snprintf(buf, len, "%s", s ? s + 1 : netns);
}

int main(int argc, char **argv)
{
	struct stpd d = { .netns = "", .conf_path = STPD_CONF_DEFAULT, .rxfd = -1, .txfd = -1 };
	char err[512], pidpath[400], base[200];
	struct epoll_event ev;
	struct itimerspec its = { .it_interval = { 1, 0 }, .it_value = { 1, 0 } };
	int opt, epfd, tfd, sfd, cfd, pidfd, ret = 1;
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
	snprintf(pidpath, sizeof(pidpath), STPD_RUN_DIR "/stpd%s%s.pid", base[0] ? "-" : "", base);
	snprintf(d.state_path, sizeof(d.state_path), STPD_RUN_DIR "/stpd%s%s.bridges",
		 base[0] ? "-" : "", base);
	pidfd = write_pid(pidpath);
	if (pidfd < 0) {
		fprintf(stderr, "brkit-stpd: %s: %s\n", pidpath,
			pidfd == -EEXIST ? "another brkit-stpd runs in this namespace"
					 : strerror(-pidfd));
		return 1;
	}
	cfd = stpd_ctl_listen();
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
		char buf[32];
		int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

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
	if (stpd_ctl_attach(cfd, epfd) < 0) {
		stpd_log(LOG_ERR, "control socket: %s", strerror(errno));
		goto fail;
	}
	ev.data.fd = d.rxfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, d.rxfd, &ev);
	ev.data.fd = brkit_events_fd(d.ev);
	epoll_ctl(epfd, EPOLL_CTL_ADD, ev.data.fd, &ev);
	if (drop_privileges(err, sizeof(err))) {
		stpd_log(LOG_ERR, "%s", err);
		goto fail;
	}
	stpd_log(LOG_INFO, "running in %s (%s)", d.netns[0] ? d.netns : "the initial namespace",
		 d.initial_ns ? "initial" : "not initial");
	while (!d.quit) {
		struct epoll_event evs[8];
		int n = epoll_wait(epfd, evs, 8, stpd_ctl_timeout()), i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		stpd_ctl_expire();
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
				stpd_ctl_accept(&d);
			} else if (stpd_ctl_event(&d, fd, evs[i].events)) {
				/* a control connection */
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
	stpd_fini(&d);
	stpd_io_close(&d);
	brkit_close(d.h);
	stpd_ctl_close();
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

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-stpd's control socket, served from the daemon's epoll loop without
 * ever waiting for a client: every accepted connection is non-blocking, has
 * STPD_CTL_DEADLINE_MS from accept to send its whole request and
 * STPD_CTL_REPLY_MS to take the reply, and at most STPD_CTL_MAX_CONNS are
 * open, STPD_CTL_MAX_USER of them from peers that may not change (more of
 * theirs are refused; a privileged newcomer pushes out the oldest of theirs). A client that sends its request at
 * once (the CLI, vm-port's guard request) is answered in the pass that
 * accepts it. Changes are authorised by SO_PEERCRED/SO_PEERGROUPS, never by
 * /proc (stpd/ctl_proto.c decides). */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "stpd/ctl.h"
#include "stpd/daemon.h"

#ifndef SO_PEERGROUPS
#define SO_PEERGROUPS 59
#endif

struct conn {
	int fd;
	bool priv; /* root or the control group, when it connected */
	double born, deadline;
	bool replying;
	bool toolong; /* over STPD_MAX_REQ: the rest is read and dropped */
	char *out; /* the reply, then written from @off */
	size_t olen, off;
	size_t n;
	char in[STPD_CTL_BUF + 1];
};

static struct conn *conns[STPD_CTL_MAX_CONNS];
static int ctl_lfd = -1, ctl_epfd = -1;

int stpd_ctl_listen(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(STPD_SOCK_NAME);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -errno;
	memcpy(sa.sun_path + 1, STPD_SOCK_NAME, n);
	if (bind(fd, (struct sockaddr *)&sa,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0 ||
	    listen(fd, STPD_CTL_BACKLOG) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int stpd_ctl_attach(int lfd, int epfd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };

	ctl_lfd = lfd;
	ctl_epfd = epfd;
	return epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev) < 0 ? -errno : 0;
}

static void conn_close(int i)
{
	struct conn *c = conns[i];

	epoll_ctl(ctl_epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	free(c);
	conns[i] = NULL;
}

/* a last word to a client being dropped: best effort, never waits */
static void conn_say(struct conn *c, const char *msg)
{
	if (!c->replying && send(c->fd, msg, strlen(msg), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		stpd_dbg("ctl: could not tell a dropped client why: %s", strerror(errno));
}

/* Write what the socket takes now; close when all is out (or it fails). */
static void conn_write(int i)
{
	struct conn *c = conns[i];

	while (c->off < c->olen) {
		ssize_t w =
			send(c->fd, c->out + c->off, c->olen - c->off, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct epoll_event ev = { .events = EPOLLOUT, .data.fd = c->fd };

			epoll_ctl(ctl_epfd, EPOLL_CTL_MOD, c->fd, &ev);
			return;
		}
		if (w <= 0)
			break;
		c->off += (size_t)w;
	}
	conn_close(i);
}

static void conn_reply(int i, char *text, size_t len)
{
	struct conn *c = conns[i];

	c->out = text;
	c->olen = len;
	c->off = 0;
	c->replying = true;
	c->deadline = stpd_now() + STPD_CTL_REPLY_MS / 1e3;
	conn_write(i);
}

static void conn_reply_str(int i, const char *s)
{
	char *t = strdup(s);

	if (!t) {
		conn_close(i);
		return;
	}
	conn_reply(i, t, strlen(t));
}

/* the peer's groups (as this namespace sees them), malloc'd; NULL when none */
static uint32_t *peer_groups(int fd, size_t *n)
{
	socklen_t len = 64 * sizeof(gid_t);
	gid_t *g = malloc(len), *ng;

	*n = 0;
	if (!g)
		return NULL;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, g, &len) < 0) {
		/* ERANGE: len now says how much room they need */
		if (errno != ERANGE || !(ng = realloc(g, len))) {
			free(g);
			return NULL;
		}
		g = ng;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, g, &len) < 0) {
			free(g);
			return NULL;
		}
	}
	*n = len / sizeof(gid_t);
	return (uint32_t *)g; /* gid_t is a 32-bit unsigned int on Linux */
}

/* The peer's credentials and the policy: groups read only when they matter
 * (*groups, malloc'd, to be freed). */
static int peer_of(struct stpd *d, int fd, struct stpd_peer *peer, struct stpd_ctl_policy *pol,
		   uint32_t **groups)
{
	struct ucred cr;
	socklen_t clen = sizeof(cr);

	*groups = NULL;
	memset(peer, 0, sizeof(*peer));
	memset(pol, 0, sizeof(*pol));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &clen) < 0)
		return -errno;
	peer->uid = cr.uid;
	peer->gid = cr.gid;
	if (d->conf.ctl_group[0]) {
		pol->group = d->conf.ctl_group;
		pol->gid = d->conf.ctl_gid;
		if (cr.uid != 0 && cr.gid != pol->gid) {
			*groups = peer_groups(fd, &peer->ngroups);
			peer->groups = *groups;
		}
	}
	return 0;
}

/* A refusal is logged, at most one a second (a user could otherwise fill the
 * log with them); the ones left out are counted in the next line. */
static void log_refusal(const char *why)
{
	static double last;
	static unsigned long skipped;
	double now = stpd_now();

	if (last && now - last < 1.0) {
		skipped++;
		return;
	}
	if (skipped)
		stpd_log(LOG_NOTICE, "control: %.*s (and %lu refusals not logged)",
			 (int)strcspn(why, "\n"), why, skipped);
	else
		stpd_log(LOG_NOTICE, "control: %.*s", (int)strcspn(why, "\n"), why);
	last = now;
	skipped = 0;
}

static void conn_run(struct stpd *d, int i)
{
	struct conn *c = conns[i];
	struct stpd_ctl_policy pol;
	struct stpd_peer peer;
	char reply[512], req[64], *text = NULL;
	uint32_t *groups;
	size_t tlen = 0;
	FILE *out;
	int ret;

	if (peer_of(d, c->fd, &peer, &pol, &groups) < 0) {
		conn_close(i);
		return;
	}
	ret = stpd_ctl_check(c->in, &peer, &pol, reply, sizeof(reply));
	snprintf(req, sizeof(req), "%.60s", c->in); /* split in place below */
	if (ret) {
		free(groups);
		if (ret == EPERM)
			log_refusal(reply + 8);
		conn_reply_str(i, reply);
		return;
	}
	out = open_memstream(&text, &tlen);
	if (!out) {
		free(groups);
		conn_close(i);
		return;
	}
	{
		double t0 = stpd_debug ? stpd_now() : 0;

		stpd_dbg("ctl '%s'", req);
		stpd_request(d, c->in, stpd_ctl_privileged(&peer, &pol), out);
		fclose(out);
		stpd_dbg("ctl done '%s' %.3f ms", req, (stpd_now() - t0) * 1e3);
	}
	free(groups);
	conn_reply(i, text, tlen);
}

/* Take what the client sent; run the request once it is whole. */
static void conn_read(struct stpd *d, int i)
{
	struct conn *c = conns[i];
	bool eof = false;
	char reply[96];

	if (c->toolong) {
		/* Drop the rest of an over-long request up to its newline or the
		 * client's end, then answer: closing with it unread would reset
		 * the connection, and a client still writing would get EPIPE
		 * instead of the answer. The connection's deadline bounds this. */
		char junk[4096];
		ssize_t r;

		while ((r = recv(c->fd, junk, sizeof(junk), MSG_DONTWAIT)) > 0)
			if (memchr(junk, '\n', (size_t)r))
				break;
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		stpd_ctl_toolong(reply, sizeof(reply));
		conn_reply_str(i, reply);
		return;
	}
	while (c->n < STPD_CTL_BUF) {
		ssize_t r = recv(c->fd, c->in + c->n, STPD_CTL_BUF - c->n, MSG_DONTWAIT);

		if (r > 0) {
			c->n += (size_t)r;
			if (memchr(c->in + c->n - (size_t)r, '\n', (size_t)r))
				break;
			continue;
		}
		if (r == 0) {
			eof = true;
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN)
			break;
		conn_close(i);
		return;
	}
	switch (stpd_ctl_frame(c->in, c->n, eof)) {
	case STPD_FRAME_MORE:
		return;
	case STPD_FRAME_TOOLONG:
		c->toolong = true;
		conn_read(d, i);
		return;
	case STPD_FRAME_LINE:
		conn_run(d, i);
		return;
	}
}

/* Room for a new connection from a peer with (@priv) or without change
 * rights: a free slot index, or -1 (the newcomer is refused). */
static int make_room(bool priv)
{
	int i, free_slot = -1, oldest = -1, users = 0;

	for (i = 0; i < STPD_CTL_MAX_CONNS; i++) {
		if (!conns[i]) {
			if (free_slot < 0)
				free_slot = i;
			continue;
		}
		if (conns[i]->priv)
			continue;
		users++;
		if (oldest < 0 || conns[i]->born < conns[oldest]->born)
			oldest = i;
	}
	if (!priv)
		return users < STPD_CTL_MAX_USER ? free_slot : -1;
	if (free_slot >= 0)
		return free_slot;
	if (oldest < 0) /* 32 privileged ones: root's own to sort out */
		return -1;
	conn_say(conns[oldest], "error 16 dropped: the control socket is full and a peer with "
				"change rights came\n");
	conn_close(oldest);
	return oldest;
}

void stpd_ctl_accept(struct stpd *d)
{
	int k;

	/* a bounded batch: BPDUs and ticks get their turn between batches */
	for (k = 0; k < 2 * STPD_CTL_MAX_CONNS; k++) {
		struct epoll_event ev = { .events = EPOLLIN };
		int fd = accept4(ctl_lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK), slot;
		struct stpd_ctl_policy pol;
		struct stpd_peer peer;
		uint32_t *groups;
		struct conn *c;
		bool priv;

		if (fd < 0)
			return;
		if (peer_of(d, fd, &peer, &pol, &groups) < 0) {
			close(fd);
			continue;
		}
		priv = stpd_ctl_privileged(&peer, &pol);
		free(groups);
		slot = make_room(priv);
		if (slot < 0) {
			char msg[128];

			snprintf(msg, sizeof(msg),
				 "error %d busy: %d connections from peers without change rights "
				 "are open\n",
				 EBUSY, STPD_CTL_MAX_USER);
			if (send(fd, msg, strlen(msg), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
				stpd_dbg("ctl: could not tell a refused client why: %s",
					 strerror(errno));
			close(fd);
			continue;
		}
		c = malloc(sizeof(*c));
		if (!c) {
			close(fd);
			return;
		}
		c->fd = fd;
		c->priv = priv;
		c->born = stpd_now();
		c->deadline = c->born + STPD_CTL_DEADLINE_MS / 1e3;
		c->replying = false;
		c->toolong = false;
		c->out = NULL;
		c->olen = c->off = c->n = 0;
		ev.data.fd = fd;
		if (epoll_ctl(ctl_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			free(c);
			continue;
		}
		conns[slot] = c;
		/* the CLI has sent its line already: answer it now */
		conn_read(d, slot);
	}
}

bool stpd_ctl_event(struct stpd *d, int fd, uint32_t events)
{
	int i;

	for (i = 0; i < STPD_CTL_MAX_CONNS; i++)
		if (conns[i] && conns[i]->fd == fd)
			break;
	if (i == STPD_CTL_MAX_CONNS)
		return false;
	if (conns[i]->replying)
		conn_write(i);
	else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		conn_read(d, i);
	return true;
}

int stpd_ctl_timeout(void)
{
	double first = 0, now;
	int i;

	for (i = 0; i < STPD_CTL_MAX_CONNS; i++)
		if (conns[i] && (first == 0 || conns[i]->deadline < first))
			first = conns[i]->deadline;
	if (first == 0)
		return -1;
	now = stpd_now();
	return first <= now ? 0 : (int)((first - now) * 1e3) + 1;
}

void stpd_ctl_expire(void)
{
	char msg[96];
	double now = stpd_now();
	int i;

	snprintf(msg, sizeof(msg), "error %d request not complete within %d s\n", ETIMEDOUT,
		 STPD_CTL_DEADLINE_MS / 1000);
	for (i = 0; i < STPD_CTL_MAX_CONNS; i++) {
		if (!conns[i] || conns[i]->deadline > now)
			continue;
		conn_say(conns[i], msg);
		conn_close(i);
	}
}

void stpd_ctl_close(void)
{
	int i;

	for (i = 0; i < STPD_CTL_MAX_CONNS; i++)
		if (conns[i])
			conn_close(i);
	if (ctl_lfd >= 0)
		close(ctl_lfd);
	ctl_lfd = -1;
}

int stpd_ctl_conf(const char *file, struct stpd_conf *c, char *err, size_t len)
{
	struct group gr, *res = NULL;
	char buf[4096];

	if (!c->ctl_group[0])
		return 0;
	int ret = getgrnam_r(c->ctl_group, &gr, buf, sizeof(buf), &res);

	if (ret || !res) {
		snprintf(err, len, "%s:%u: control group '%s': %s", file, c->ctl_group_line,
			 c->ctl_group, ret ? strerror(ret) : "no such group");
		return -EINVAL;
	}
	c->ctl_gid = (uint32_t)res->gr_gid;
	return 0;
}

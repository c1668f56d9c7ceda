/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * brkit-stpd's control socket: who may change what, and the framing of a
 * request. The pure half (stpd/ctl_proto.c: no system calls, fuzzed by
 * tests/fuzz/fuzz_ctl.c) decides on bytes and credentials; the daemon's half
 * (stpd/ctl.c) serves the connections from its epoll loop without ever
 * waiting for a client.
 */
#ifndef BRKIT_STPD_CTL_H
#define BRKIT_STPD_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stpd/stpd.h"

#define STPD_CTL_MAX_CONNS 32 /* at once */
/* of which from peers that may not change: beyond that a new one of theirs is
 * refused, and a privileged one pushes out the oldest unprivileged one, so a
 * flood from users never keeps root (or the control group) out */
#define STPD_CTL_MAX_USER 24
#define STPD_CTL_BACKLOG 128
#define STPD_CTL_DEADLINE_MS 1000 /* from accept to a whole request */
#define STPD_CTL_REPLY_MS 2000 /* to take the whole reply */
#define STPD_CTL_BUF (STPD_MAX_REQ + 1) /* a request line and its newline */

/* The peer as the daemon's user namespace sees it (SO_PEERCRED and
 * SO_PEERGROUPS: fixed when the peer connected). */
struct stpd_peer {
	uint32_t uid, gid;
	const uint32_t *groups;
	size_t ngroups;
};

/* Who may change: uid 0, and the members of @group (NULL: nobody else). */
struct stpd_ctl_policy {
	const char *group;
	uint32_t gid;
};

enum stpd_frame {
	STPD_FRAME_MORE, /* no newline yet: wait for more */
	STPD_FRAME_LINE, /* a request line (NUL-terminated in place) */
	STPD_FRAME_TOOLONG, /* STPD_CTL_BUF bytes and no newline */
};

/* Look at the @n bytes received so far in @buf (room for n + 1); @eof: the
 * peer shut its side down (what was sent is then the request). Pure. */
enum stpd_frame stpd_ctl_frame(char *buf, size_t n, bool eof);

/* Whether @peer is root or in the policy's group. Pure. */
bool stpd_ctl_privileged(const struct stpd_peer *peer, const struct stpd_ctl_policy *pol);

/* Decide on request @line from @peer: 0 when the daemon runs it, or an errno
 * with the whole reply ("error ERRNO reason\n") in @reply: an empty request,
 * too many words, an unknown request, or a change from a peer that may not
 * change (the refusal names the request, the uid and the reason). Pure. */
int stpd_ctl_check(const char *line, const struct stpd_peer *peer,
		   const struct stpd_ctl_policy *pol, char *reply, size_t len);

/* The reply to a request of STPD_CTL_BUF bytes with no newline. Pure. */
void stpd_ctl_toolong(char *reply, size_t len);

/* ---- the daemon's half (stpd/ctl.c) ---- */
struct stpd;
/* The listening socket (abstract @brkit-stpd), non-blocking; -errno. */
int stpd_ctl_listen(void);
/* Serve from epoll @epfd: the listening socket @lfd is added to it. */
int stpd_ctl_attach(int lfd, int epfd);
/* The listening socket is readable: accept what waits. */
void stpd_ctl_accept(struct stpd *d);
/* @fd is one of the connections: serve it (true), or not ours (false). */
bool stpd_ctl_event(struct stpd *d, int fd, uint32_t events);
/* Milliseconds until the earliest connection deadline, -1 when none. */
int stpd_ctl_timeout(void);
/* Drop the connections past their deadline (answering why). */
void stpd_ctl_expire(void);
void stpd_ctl_close(void);
/* Resolve the configuration's `control group NAME` (its gid into @c):
 * -EINVAL with "FILE:LINE: control group 'NAME': no such group" in @err. */
int stpd_ctl_conf(const char *file, struct stpd_conf *c, char *err, size_t len);

#endif

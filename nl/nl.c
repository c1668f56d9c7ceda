// SPDX-License-Identifier: LGPL-2.1-or-later
/* The netlink core: a handle per namespace, request+ACK with extended ack,
 * dumps that restart when interrupted. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include "nl/nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

static int netns_open(const char *netns)
{
	char path[PATH_MAX];

	if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* Enter @fd's namespace, remembering the current one in *saved. */
static int netns_enter(int fd, int *saved)
{
	*saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*saved < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET) < 0) {
		int err = -errno;

		close(*saved);
		*saved = -1;
		return err;
	}
	return 0;
}

/* Back to the namespace saved by netns_enter(). It does not fail for a caller
 * that could enter; if it does, say so: the thread is left in the handle's
 * namespace, and the library never aborts its caller. */
static int netns_leave(int saved)
{
	int err = 0;

	if (saved < 0)
		return 0;
	if (setns(saved, CLONE_NEWNET) < 0)
		err = -errno;
	close(saved);
	return err;
}

static int sock_open(struct brkit *h)
{
	int one = 1, rcvbuf = 4 << 20;
	int fd;

	h->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!h->nl)
		return -errno;
	if (mnl_socket_bind(h->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	h->portid = mnl_socket_get_portid(h->nl);
	fd = mnl_socket_get_fd(h->nl);
	/* Best effort: older kernels lack some of these, and they only add detail. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	/* Pipelined batches keep hundreds of ACKs queued; as root, lift the cap. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return 0;
}

int brkit_open(struct brkit **hp, const char *netns)
{
	struct brkit *h;
	int err = 0, saved = -1;

	*hp = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->netns_fd = -1;
	/* Zeroed: libmnl leaves attribute padding unwritten, and valgrind flags it. */
	h->req = calloc(1, BRKIT_REQLEN);
	h->rx = malloc(BRKIT_RXLEN);
	if (!h->req || !h->rx) {
		brkit_close(h);
		return -ENOMEM;
	}
	h->seq = (uint32_t)time(NULL);
	if (netns && *netns) {
		snprintf(h->netns, sizeof(h->netns), "%s", netns);
		h->netns_fd = netns_open(netns);
		if (h->netns_fd < 0) {
			err = -errno;
			brkit_close(h);
			return err;
		}
		err = netns_enter(h->netns_fd, &saved);
		if (err) {
			brkit_close(h);
			return err;
		}
	}
	err = sock_open(h);
	if (netns_leave(saved) < 0 && !err)
		err = -ENOTRECOVERABLE;
	if (err) {
		brkit_close(h);
		return err;
	}
	*hp = h;
	return 0;
}

int brkit_nl_open_peer(struct brkit **hp, const struct brkit_nl_peer *peer)
{
	struct brkit *h;

	*hp = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->netns_fd = -1;
	h->peer = peer;
	h->portid = peer->portid;
	h->req = calloc(1, BRKIT_REQLEN);
	h->rx = malloc(BRKIT_RXLEN);
	if (!h->req || !h->rx) {
		brkit_close(h);
		return -ENOMEM;
	}
	h->seq = 1000;
	*hp = h;
	return 0;
}

ssize_t brkit_nl_send(struct brkit *h, const void *buf, size_t len)
{
	if (h->peer)
		return h->peer->send(h->peer->arg, buf, len);
	return mnl_socket_sendto(h->nl, buf, len);
}

ssize_t brkit_nl_recv(struct brkit *h, void *buf, size_t len)
{
	if (h->peer)
		return h->peer->recv(h->peer->arg, buf, len);
	return mnl_socket_recvfrom(h->nl, buf, len);
}

void brkit_close(struct brkit *h)
{
	if (!h)
		return;
	if (h->nl)
		mnl_socket_close(h->nl);
	if (h->netns_fd >= 0)
		close(h->netns_fd);
	free(h->req);
	free(h->rx);
	free(h);
}

const char *brkit_errmsg(const struct brkit *h)
{
	return h ? h->err : "";
}

const char *brkit_extack(const struct brkit *h)
{
	return h ? h->ext : "";
}

const char *brkit_netns(const struct brkit *h)
{
	return h->netns;
}

int brkit_in_netns(struct brkit *h, int (*fn)(struct brkit *h, void *arg), void *arg)
{
	int saved = -1, err, ret;

	if (h->netns_fd < 0)
		return fn(h, arg);
	err = netns_enter(h->netns_fd, &saved);
	if (err)
		return brkit_failf(h, err, "entering network namespace %s: %s", h->netns,
				   strerror(-err));
	ret = fn(h, arg);
	err = netns_leave(saved);
	if (err)
		return brkit_failf(h, -ENOTRECOVERABLE,
				   "returning from network namespace %s: %s (this thread "
				   "stays in it)",
				   h->netns, strerror(-err));
	return ret;
}

int brkit_ifname_check(const char *name, const char **why)
{
	const char *p;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!name || !*name) {
		*why = "interface name is empty";
		return -EINVAL;
	}
	if (strlen(name) >= IFNAMSIZ) {
		*why = "interface name is longer than 15 bytes";
		return -EINVAL;
	}
	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		*why = "interface name cannot be '.' or '..'";
		return -EINVAL;
	}
	for (p = name; *p; p++) {
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\v' || *p == '\f') {
			*why = "interface name contains '/', ':' or white space";
			return -EINVAL;
		}
	}
	return 0;
}

void brkit_clear_err(struct brkit *h)
{
	h->err[0] = '\0';
	h->ext[0] = '\0';
	h->why = NULL;
}

static void vfail(struct brkit *h, const char *reason, const char *fmt, va_list ap)
{
	size_t n;

	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	n = strlen(h->err);
	if (reason)
		snprintf(h->err + n, sizeof(h->err) - n, ": %s", reason);
}

int brkit_fail(struct brkit *h, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* brkit's own reason applies to the failure it was given for. */
	if (h->why && err == h->why_err)
		vfail(h, h->why, fmt, ap);
	else
		vfail(h, h->ext[0] ? h->ext : strerror(-err), fmt, ap);
	va_end(ap);
	return err;
}

int brkit_failf(struct brkit *h, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(h, NULL, fmt, ap);
	va_end(ap);
	return err;
}

struct nlmsghdr *brkit_nl_msg(struct brkit *h, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(h->req);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	/* The number is taken when the request is sent (brkit_nl_talk/dump). */
	nlh->nlmsg_seq = h->seq + 1;
	return nlh;
}

#define WHY_NESTED                                                                        \
	"the handle is busy with a running dump or request (a call from its callback?); " \
	"use another handle"
#define WHY_BATCH "a batch is open on the handle (finish and free it first)"
#define WHY_INTR "the kernel's table kept changing during the dump; try again"

int brkit_nl_idle(struct brkit *h)
{
	if (h->busy || h->batch) {
		h->why = h->busy ? WHY_NESTED : WHY_BATCH;
		h->why_err = -EBUSY;
		return -EBUSY;
	}
	return 0;
}

int brkit_nl_ack(const struct nlmsghdr *nlh, const char **ext)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t hdrlen = sizeof(*e);
	const struct nlattr *attr;

	*ext = "";
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return -EBADMSG;
	/* Without NETLINK_CAP_ACK (or when the kernel ignores it) the request is echoed. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr) ||
		    e->msg.nlmsg_len >
			    nlh->nlmsg_len - mnl_nlmsg_size(sizeof(*e)) + sizeof(struct nlmsghdr))
			return e->error > 0 ? -e->error : e->error;
		hdrlen += MNL_ALIGN(e->msg.nlmsg_len) - sizeof(struct nlmsghdr);
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(attr, nlh, hdrlen)
		{
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
				*ext = mnl_attr_get_str(attr);
				break;
			}
		}
	}
	/* Some subsystems answer with a positive errno. */
	return e->error > 0 ? -e->error : e->error;
}

/* NLMSG_DONE: the dump's status, and extended-ack text after it. */
static int done_parse(const struct nlmsghdr *nlh, const char **ext)
{
	const struct nlattr *attr;
	int err;

	*ext = "";
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(int)))
		return 0; /* very old kernels send an empty DONE */
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(attr, nlh, sizeof(int))
		{
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
				*ext = mnl_attr_get_str(attr);
				break;
			}
		}
	}
	return err > 0 ? 0 : err;
}

/* One request's walk through its replies. */
struct run_ctx {
	struct brkit *h;
	mnl_cb_t cb;
	void *data;
	uint32_t seq;
	int status; /* the kernel's answer: ACK error or DONE status */
	int err; /* brkit's own: the callback's, or a malformed message */
	bool stopped; /* the callback asked to stop: read the rest, call it no more */
	bool redo; /* NLM_F_DUMP_INTR, or messages may have been lost: run it again */
	bool end; /* the ACK, the error or NLMSG_DONE was read */
	bool lost; /* a probe's ACK came first: the kernel's answer was dropped */
	uint32_t probe0, probes; /* NLMSG_NOOP probes sent after ENOBUFS */
};

static void run_msg(struct run_ctx *c, const struct nlmsghdr *nlh)
{
	struct brkit *h = c->h;
	const char *ext;
	int ret;

	if (nlh->nlmsg_pid && nlh->nlmsg_pid != h->portid)
		return;
	/* The kernel answers in order: a probe's ACK before ours means ours was
	 * dropped when the queue overflowed. */
	if (c->probes && nlh->nlmsg_type == NLMSG_ERROR &&
	    (uint32_t)(nlh->nlmsg_seq - c->probe0) < c->probes) {
		c->lost = true;
		c->end = true;
		return;
	}
	/* Another request's answer, one that was given up on: not ours. */
	if (nlh->nlmsg_seq != c->seq)
		return;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		c->redo = true;
	switch (nlh->nlmsg_type) {
	case NLMSG_ERROR:
		c->status = brkit_nl_ack(nlh, &ext);
		snprintf(h->ext, sizeof(h->ext), "%s", ext);
		c->end = true;
		return;
	case NLMSG_DONE:
		c->status = done_parse(nlh, &ext);
		snprintf(h->ext, sizeof(h->ext), "%s", ext);
		c->end = true;
		return;
	}
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE || c->stopped || !c->cb)
		return;
	errno = 0;
	ret = c->cb(nlh, c->data);
	if (ret <= MNL_CB_STOP) {
		/* Keep reading to the end of the reply so the socket stays in step. */
		c->stopped = true;
		if (ret == MNL_CB_ERROR && !c->err)
			c->err = -(errno ? errno : EIO);
	}
}

/* One datagram. A message running past its end (never sent so by the kernel)
 * is malformed; when it is ours and ends the reply, the reply ends here. */
static void run_datagram(struct run_ctx *c, size_t n)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)c->h->rx;
	int len = (int)n;

	for (; mnl_nlmsg_ok(nlh, len) && !c->end; nlh = mnl_nlmsg_next(nlh, &len))
		run_msg(c, nlh);
	if (c->end || len <= 0)
		return;
	if ((size_t)len < sizeof(*nlh)) {
		c->err = c->err ? c->err : -EBADMSG;
		return;
	}
	if (nlh->nlmsg_seq != c->seq)
		return;
	c->err = c->err ? c->err : -EBADMSG;
	if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE)
		c->end = true;
}

/* After ENOBUFS, ask the kernel for one more ACK (an NLMSG_NOOP request): it
 * handles requests in order, so that ACK comes after our answer, if any. */
static int probe(struct brkit *h, struct run_ctx *c)
{
	struct nlmsghdr req = {
		.nlmsg_len = sizeof(req),
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = ++h->seq,
	};

	if (!c->probes)
		c->probe0 = req.nlmsg_seq;
	c->probes++;
	return brkit_nl_send(h, &req, sizeof(req)) < 0 ? -errno : 0;
}

/* Send @nlh and read until its ACK, its error or the end of its dump. */
static int exchange(struct brkit *h, struct nlmsghdr *nlh, struct run_ctx *c, bool dump)
{
	ssize_t n;
	int err;

	c->seq = nlh->nlmsg_seq;
	h->ext[0] = '\0';
	if (brkit_nl_send(h, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while (!c->end) {
		n = brkit_nl_recv(h, h->rx, BRKIT_RXLEN);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS && dump) {
			/* The receive queue overflowed: messages may be lost. The
			 * dump's own end still comes; run it again after. */
			c->redo = true;
			continue;
		}
		if (n < 0 && errno == ENOBUFS) {
			/* Our ACK may have been dropped: find out without waiting
			 * forever. Probes' late ACKs are dropped by number. */
			err = probe(h, c);
			if (err)
				return err;
			continue;
		}
		if (n < 0)
			return -errno;
		run_datagram(c, (size_t)n);
	}
	if (c->lost)
		return -ENOBUFS;
	if (c->status)
		return c->status;
	return c->err;
}

int brkit_nl_talk(struct brkit *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct run_ctx c = { .h = h, .cb = cb, .data = data };
	int err = brkit_nl_idle(h);

	if (err)
		return err;
	h->busy = true;
	h->why = NULL;
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++h->seq;
	err = exchange(h, nlh, &c, false);
	h->busy = false;
	h->why = NULL;
	return err;
}

#define DUMP_TRIES 5

int brkit_nl_dump(struct brkit *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		  void (*restart)(void *data))
{
	struct nlmsghdr *req;
	int tries, err = brkit_nl_idle(h);

	if (err)
		return err;
	/* Our own copy to resend: h->req belongs to whoever calls brkit_nl_msg(). */
	req = malloc(nlh->nlmsg_len);
	if (!req)
		return -ENOMEM;
	memcpy(req, nlh, nlh->nlmsg_len);
	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
	h->busy = true;
	h->why = NULL;
	for (tries = 0; tries < DUMP_TRIES; tries++) {
		struct run_ctx c = { .h = h, .cb = cb, .data = data };

		req->nlmsg_seq = ++h->seq;
		err = exchange(h, req, &c, true);
		if (err || !c.redo || c.stopped)
			break;
		err = -EAGAIN;
		if (tries + 1 < DUMP_TRIES && restart)
			restart(data);
	}
	h->busy = false;
	h->why = err == -EAGAIN ? WHY_INTR : NULL;
	h->why_err = err;
	free(req);
	return err;
}

bool brkit_nl_attr_ok(const struct nlattr *a, enum mnl_attr_data_type type)
{
	return a && mnl_attr_validate(a, type) == 0;
}

uint8_t brkit_nl_u8(const struct nlattr *a)
{
	return brkit_nl_attr_ok(a, MNL_TYPE_U8) ? mnl_attr_get_u8(a) : 0;
}

uint16_t brkit_nl_u16(const struct nlattr *a)
{
	return brkit_nl_attr_ok(a, MNL_TYPE_U16) ? mnl_attr_get_u16(a) : 0;
}

uint32_t brkit_nl_u32(const struct nlattr *a)
{
	return brkit_nl_attr_ok(a, MNL_TYPE_U32) ? mnl_attr_get_u32(a) : 0;
}

uint64_t brkit_nl_u64(const struct nlattr *a)
{
	return brkit_nl_attr_ok(a, MNL_TYPE_U64) ? mnl_attr_get_u64(a) : 0;
}

const char *brkit_nl_str(const struct nlattr *a)
{
	return brkit_nl_attr_ok(a, MNL_TYPE_NUL_STRING) ? mnl_attr_get_str(a) : NULL;
}

void brkit_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max)
{
	const struct nlattr *attr;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	if (!brkit_nl_attr_ok(nest, MNL_TYPE_NESTED))
		return;
	mnl_attr_for_each_nested(attr, nest)
	{
		unsigned int type = mnl_attr_get_type(attr);

		if (type <= max)
			tb[type] = attr;
	}
}

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

static void netns_leave(int saved)
{
	if (saved < 0)
		return;
	/* Going back to the namespace we came from cannot fail for root. */
	if (setns(saved, CLONE_NEWNET) < 0)
		abort();
	close(saved);
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
	netns_leave(saved);
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
	netns_leave(saved);
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
	nlh->nlmsg_seq = ++h->seq;
	return nlh;
}

/* Pull the NLMSGERR_ATTR_MSG text out of an error or done message. */
static void extack_parse(struct brkit *h, const struct nlmsghdr *nlh, size_t hdrlen)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, hdrlen)
	{
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(h->ext, sizeof(h->ext), "%s", mnl_attr_get_str(attr));
			return;
		}
	}
}

static int cb_error(const struct nlmsghdr *nlh, void *data)
{
	struct brkit *h = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t hdrlen = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/* Without NETLINK_CAP_ACK (or when the kernel ignores it) the request is echoed. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hdrlen += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	extack_parse(h, nlh, hdrlen);
	if (e->error == 0)
		return MNL_CB_STOP;
	errno = -e->error;
	return MNL_CB_ERROR;
}

static int cb_done(const struct nlmsghdr *nlh, void *data)
{
	struct brkit *h = data;
	int err = 0;

	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int)))
		err = *(const int *)mnl_nlmsg_get_payload(nlh);
	extack_parse(h, nlh, sizeof(int));
	if (err < 0) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int cb_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* libmnl passes one data pointer to both the data and control callbacks. */
struct run_ctx {
	struct brkit *h;
	mnl_cb_t cb;
	void *data;
	int cb_failed; /* the user callback asked to stop: drain the rest */
	int cb_errno;
	int draining;
};

static int run_data(const struct nlmsghdr *nlh, void *arg)
{
	struct run_ctx *ctx = arg;
	int ret;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		ctx->h->dump_intr = 1;
	if (ctx->draining || !ctx->cb)
		return MNL_CB_OK;
	ret = ctx->cb(nlh, ctx->data);
	if (ret <= MNL_CB_STOP) {
		/* Keep reading to the end of the reply so the socket stays in step. */
		ctx->cb_failed = ret == MNL_CB_ERROR ? 1 : 2;
		ctx->cb_errno = errno;
		ctx->draining = 1;
	}
	return MNL_CB_OK;
}

static int run_ctl_error(const struct nlmsghdr *nlh, void *arg)
{
	struct run_ctx *ctx = arg;

	return cb_error(nlh, ctx->h);
}

static int run_ctl_done(const struct nlmsghdr *nlh, void *arg)
{
	struct run_ctx *ctx = arg;

	return cb_done(nlh, ctx->h);
}

static mnl_cb_t run_ctl[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = cb_noop,
	[NLMSG_ERROR] = run_ctl_error,
	[NLMSG_DONE] = run_ctl_done,
	[NLMSG_OVERRUN] = cb_noop,
};

/* Send and read replies until an ACK, an error or the end of a dump. */
static int exchange(struct brkit *h, struct nlmsghdr *nlh, struct run_ctx *ctx)
{
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	h->ext[0] = '\0';
	if (brkit_nl_send(h, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = brkit_nl_recv(h, h->rx, BRKIT_RXLEN);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		ret = mnl_cb_run2(h->rx, n, seq, h->portid, run_data, ctx, run_ctl,
				  MNL_ARRAY_SIZE(run_ctl));
		if (ret == MNL_CB_ERROR)
			return -errno;
		if (ret == MNL_CB_STOP)
			break;
	}
	if (ctx->cb_failed == 1)
		return -(ctx->cb_errno ? ctx->cb_errno : EIO);
	return 0;
}

int brkit_nl_talk(struct brkit *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct run_ctx ctx = { .h = h, .cb = cb, .data = data };

	nlh->nlmsg_flags |= NLM_F_ACK;
	return exchange(h, nlh, &ctx);
}

int brkit_nl_dump(struct brkit *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		  void (*restart)(void *data))
{
	int tries, err = 0;

	nlh->nlmsg_flags |= NLM_F_DUMP;
	for (tries = 0; tries < 5; tries++) {
		struct run_ctx ctx = { .h = h, .cb = cb, .data = data };

		h->dump_intr = 0;
		err = exchange(h, nlh, &ctx);
		if (err || !h->dump_intr || ctx.cb_failed)
			return err;
		if (restart)
			restart(data);
		nlh->nlmsg_seq = ++h->seq;
	}
	return -EAGAIN;
}

void brkit_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max)
{
	const struct nlattr *attr;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	mnl_attr_for_each_nested(attr, nest)
	{
		unsigned int type = mnl_attr_get_type(attr);

		if (type <= max)
			tb[type] = attr;
	}
}

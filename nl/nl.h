/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The netlink core shared by every libbrkit module (not a public header). */
#ifndef BRKIT_NL_H
#define BRKIT_NL_H

#include <stdarg.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <brkit/brkit.h>

#define BRKIT_ERRLEN 512
#define BRKIT_EXTLEN 256
/* Room for one request; the kernel never sends a dump datagram over 32 KiB. */
#define BRKIT_REQLEN 65536
#define BRKIT_RXLEN 65536

/* A unit test's stand-in for the kernel: requests go to @send, replies come
 * from @recv (which returns like recvfrom: bytes, or -1 with errno). */
struct brkit_nl_peer {
	ssize_t (*send)(void *arg, const void *buf, size_t len);
	ssize_t (*recv)(void *arg, void *buf, size_t len);
	void *arg;
	uint32_t portid;
};

struct brkit {
	struct mnl_socket *nl; /* NULL when @peer stands in for the kernel */
	const struct brkit_nl_peer *peer;
	unsigned int portid;
	uint32_t seq;
	int netns_fd; /* -1: the caller's own namespace */
	char netns[256];
	char err[BRKIT_ERRLEN];
	char ext[BRKIT_EXTLEN];
	/* A handle does one exchange at a time (see brkit.h): */
	bool busy; /* a talk or dump is reading its replies (its callbacks run) */
	struct brkit_batch *batch; /* the open batch: its ACKs are in flight */
	const char *why; /* brkit's own reason for the last talk/dump failure, */
	int why_err; /* which was this error */
	char *req; /* BRKIT_REQLEN */
	char *rx; /* BRKIT_RXLEN */
};

/* Test only: a handle that talks to @peer instead of a netlink socket. */
int brkit_nl_open_peer(struct brkit **hp, const struct brkit_nl_peer *peer);
/* Send a datagram / receive one, on the socket or to the test's peer. */
ssize_t brkit_nl_send(struct brkit *h, const void *buf, size_t len);
ssize_t brkit_nl_recv(struct brkit *h, void *buf, size_t len);

/* A fresh request in the handle's buffer: header zeroed, type and flags set,
 * NLM_F_REQUEST added. Its sequence number is taken when it is sent. */
struct nlmsghdr *brkit_nl_msg(struct brkit *h, uint16_t type, uint16_t flags);

/* 0 when the handle can start an exchange; -EBUSY (reason kept for
 * brkit_fail) from a callback of a running talk/dump, or while a batch is open. */
int brkit_nl_idle(struct brkit *h);

/* The error of an NLMSG_ERROR message (0 for an ACK, -EBADMSG when too short)
 * and its extended-ack text in *ext ("" when none). */
int brkit_nl_ack(const struct nlmsghdr *nlh, const char **ext);

/* Send @nlh with NLM_F_ACK and the handle's next sequence number, and read
 * until its ACK; messages with other numbers (answers to requests given up
 * on) are dropped. @cb (may be NULL) sees any reply message (NLM_F_ECHO,
 * RTM_GET* without dump). When the receive queue overflows (ENOBUFS) the
 * kernel is sent an NLMSG_NOOP probe: its ACK coming first means ours was
 * dropped. Returns 0 or -errno: -EBUSY when the handle is busy
 * (brkit_nl_idle), -ENOBUFS when the ACK was dropped (the outcome is
 * unknown), -EBADMSG for a malformed reply. The kernel's
 * extended-ack text is kept in h->ext. Does not set h->err: callers add what
 * they were doing with brkit_fail(). */
int brkit_nl_talk(struct brkit *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* Run a dump request: @cb sees every message. When the kernel flags the dump
 * as interrupted (NLM_F_DUMP_INTR on a data message or on NLMSG_DONE) or the
 * receive queue overflowed (ENOBUFS), the dump is read to its end and run
 * again from the start with a new sequence number, after @restart(data) when
 * given, up to 5 times (then -EAGAIN). A callback returning MNL_CB_ERROR
 * (errno set) or MNL_CB_STOP ends the walk; the rest of the dump is drained so
 * the socket stays usable. The request is copied first, so @nlh may be h->req.
 * Returns 0 or -errno (-EBUSY as brkit_nl_talk). */
int brkit_nl_dump(struct brkit *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		  void (*restart)(void *data));

/* Record a failure: h->err becomes "<what>: <extack or strerror(-err)>".
 * Returns @err (negative) so callers can `return brkit_fail(h, ret, ...)`. */
int brkit_fail(struct brkit *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record a failure found by brkit itself, with its own reason text. */
int brkit_failf(struct brkit *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void brkit_clear_err(struct brkit *h);

/* One RTM_GETLINK of a device by name, or by @ifindex when @ifname is NULL;
 * @cb sees the reply. Returns 0, -ENODEV when there is no such device, or
 * -errno; sets no error text, so each module says what it was looking up. */
int brkit_nl_getlink(struct brkit *h, const char *ifname, int ifindex, mnl_cb_t cb, void *data);

/* One RTM_SETLINK of device @ifindex: set it up (1) or down (0) unless @up < 0,
 * its MTU to @mtu unless @mtu < 0, its master to ifindex @master (0 releases
 * it) unless @master < 0. Returns 0 or -errno and sets no error text. */
int brkit_nl_setlink(struct brkit *h, int ifindex, int up, long mtu, int master);

/* Create a device named @tmpl, or, when @tmpl is a template with one "%d"
 * (no other '%'), the lowest-numbered free name it makes, as the kernel's
 * dev_alloc_name() would pick it: the kernel does not report its choice over
 * rtnetlink, so brkit lists the names in use (one dump), and calls
 * @add(h, name, arg) with the first free one; a device of that name made in
 * between (-EEXIST while a device of that name exists) moves it on (up to
 * 100 times). The name made is in @out.
 * @what names the kind in messages ("bridge"). Returns @add's result,
 * -EINVAL for a bad template, or -ENFILE (as the kernel) when no number up
 * to 32767 is free or its name would be longer than 15 bytes. */
int brkit_nl_add_templated(struct brkit *h, const char *what, const char *tmpl, char out[IFNAMSIZ],
			   int (*add)(struct brkit *h, const char *name, void *arg), void *arg);

/* One RTM_DELLINK of device @ifindex; returns 0 or -errno and sets no error
 * text, so each module says what it was deleting. */
int brkit_nl_dellink(struct brkit *h, int ifindex);

/* Resolve @ifname to an ifindex in the handle's namespace; -ENODEV with
 * h->err "<ifname>: no such device" when absent. */
int brkit_nl_ifindex(struct brkit *h, const char *ifname);

/* Parse one RTM_NEWLINK message into @out (fills what struct brkit_link has);
 * @tb, when non-NULL, receives the IFLA_* attribute table (IFLA_MAX + 1). */
int brkit_nl_parse_link(const struct nlmsghdr *nlh, struct brkit_link *out,
			const struct nlattr **tb);
/* Attribute readers that check the payload's length first (libmnl's
 * mnl_attr_validate): a missing or malformed attribute (too short, too long,
 * a string without its NUL) reads as absent: 0, NULL or false. Never past
 * the attribute's end. */
bool brkit_nl_attr_ok(const struct nlattr *a, enum mnl_attr_data_type type);
uint8_t brkit_nl_u8(const struct nlattr *a);
uint16_t brkit_nl_u16(const struct nlattr *a);
uint32_t brkit_nl_u32(const struct nlattr *a);
uint64_t brkit_nl_u64(const struct nlattr *a);
const char *brkit_nl_str(const struct nlattr *a);

/* Parse the nested attributes of @nest into @tb (size @max + 1), ignoring
 * types above @max (newer kernels add attributes); all NULL when @nest is
 * NULL or not a valid nest. */
void brkit_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max);

#endif

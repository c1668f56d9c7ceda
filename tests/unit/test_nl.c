// SPDX-License-Identifier: GPL-2.0-or-later
/* nl/ against a scripted fake kernel: each test's script answers the requests
 * the library sends (interrupted dumps, stale ACKs, ENOBUFS, truncated
 * messages and attributes, nested calls, batches whose ACKs arrive out of
 * order), through the peer transport of nl/nl.h. No socket is opened. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/if_link.h>
#include "nl/util.h"
#include "nl/nl.h"
#include "bridge/bridge_int.h"

#define PORTID 4242
#define MAXREQ 64
#define MAXQ 64
#define DGLEN 8192

struct peer;
/* Called for each request message the library sends; @n counts them from 0. */
typedef void (*script_fn)(struct peer *p, const struct nlmsghdr *req, int n);

struct dgram {
	char *buf;
	size_t len;
	int err; /* recv fails with this errno instead */
};

struct peer {
	struct brkit_nl_peer t;
	struct brkit *h;
	script_fn script;
	int nreq;
	struct nlmsghdr *req[MAXREQ]; /* copies of what the library sent */
	int nprobe; /* NLMSG_NOOP requests, answered here as the kernel does */
	struct dgram q[MAXQ];
	int qhead, qtail;
	char cur[DGLEN]; /* the datagram being built */
	size_t curlen;
	/* per-test state */
	int step;
	int nested_err;
	char nested_msg[BRKIT_ERRLEN];
	int seen[16];
	int nseen;
	int restarts;
};

/* ---- the peer's side ---- */

static void cut(struct peer *p)
{
	struct dgram *d;

	if (!p->curlen)
		return;
	assert_true(p->qtail < MAXQ);
	d = &p->q[p->qtail++];
	d->buf = malloc(p->curlen);
	assert_non_null(d->buf);
	memcpy(d->buf, p->cur, p->curlen);
	d->len = p->curlen;
	d->err = 0;
	p->curlen = 0;
	/* 0xff, not zero: a reader past an attribute's end sees non-zero bytes. */
	memset(p->cur, 0xff, sizeof(p->cur));
}

static void q_errno(struct peer *p, int err)
{
	cut(p);
	assert_true(p->qtail < MAXQ);
	p->q[p->qtail].buf = NULL;
	p->q[p->qtail].len = 0;
	p->q[p->qtail++].err = err;
}

static struct nlmsghdr *begin(struct peer *p, uint16_t type, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p->cur + p->curlen);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = PORTID;
	return nlh;
}

static void end(struct peer *p, struct nlmsghdr *nlh)
{
	p->curlen += NLMSG_ALIGN(nlh->nlmsg_len);
	assert_true(p->curlen + 1024 < DGLEN);
}

static void link_msg(struct peer *p, uint32_t seq, uint16_t flags, int ifindex, const char *name)
{
	struct nlmsghdr *nlh = begin(p, RTM_NEWLINK, flags, seq);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_index = ifindex;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	end(p, nlh);
}

static void ack_msg(struct peer *p, uint32_t seq, int error, const char *ext)
{
	struct nlmsghdr *nlh = begin(p, NLMSG_ERROR, NLM_F_CAPPED, seq);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr);
	e->msg.nlmsg_seq = seq;
	e->msg.nlmsg_pid = PORTID;
	if (ext) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, ext);
	}
	end(p, nlh);
}

static void done_msg(struct peer *p, uint32_t seq, uint16_t flags)
{
	struct nlmsghdr *nlh = begin(p, NLMSG_DONE, NLM_F_MULTI | flags, seq);
	int *v = mnl_nlmsg_put_extra_header(nlh, sizeof(*v));

	*v = 0;
	end(p, nlh);
}

static ssize_t peer_send(void *arg, const void *buf, size_t len)
{
	struct peer *p = arg;
	const struct nlmsghdr *nlh;
	int n = (int)len;

	for (nlh = buf; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		/* The kernel ACKs a NOOP request after whatever it queued before. */
		if (nlh->nlmsg_type == NLMSG_NOOP) {
			assert_true(nlh->nlmsg_flags & NLM_F_ACK);
			p->nprobe++;
			ack_msg(p, nlh->nlmsg_seq, 0, NULL);
			continue;
		}
		assert_true(p->nreq < MAXREQ);
		p->req[p->nreq] = malloc(nlh->nlmsg_len);
		assert_non_null(p->req[p->nreq]);
		memcpy(p->req[p->nreq], nlh, nlh->nlmsg_len);
		p->nreq++;
		p->script(p, nlh, p->nreq - 1);
	}
	cut(p);
	return (ssize_t)len;
}

static ssize_t peer_recv(void *arg, void *buf, size_t len)
{
	struct peer *p = arg;
	struct dgram *d;

	/* Nothing queued: the library would block on a real socket forever. */
	if (p->qhead == p->qtail)
		fail_msg("the library waits for a reply the kernel would never send");
	d = &p->q[p->qhead++];
	if (d->err) {
		errno = d->err;
		return -1;
	}
	if (d->len < len)
		len = d->len;
	memcpy(buf, d->buf, len);
	return (ssize_t)len;
}

static struct peer *peer_new(script_fn script)
{
	struct peer *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->script = script;
	p->t.send = peer_send;
	p->t.recv = peer_recv;
	p->t.arg = p;
	p->t.portid = PORTID;
	memset(p->cur, 0xff, sizeof(p->cur));
	assert_int_equal(brkit_nl_open_peer(&p->h, &p->t), 0);
	return p;
}

static void peer_free(struct peer *p)
{
	int i;

	brkit_close(p->h);
	for (i = 0; i < p->nreq; i++)
		free(p->req[i]);
	for (i = 0; i < p->qtail; i++)
		free(p->q[i].buf);
	free(p);
}

/* Every datagram queued was read: nothing left for the next call to trip on. */
static void assert_all_read(struct peer *p)
{
	assert_int_equal(p->qhead, p->qtail);
}

/* ---- the library's side ---- */

static int collect_cb(const struct nlmsghdr *nlh, void *data)
{
	struct peer *p = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	assert_true(p->nseen < 16);
	p->seen[p->nseen++] = ifi->ifi_index;
	return MNL_CB_OK;
}

static void collect_restart(void *data)
{
	struct peer *p = data;

	p->nseen = 0;
	p->restarts++;
}

static int run_dump(struct peer *p, mnl_cb_t cb)
{
	struct nlmsghdr *nlh = brkit_nl_msg(p->h, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	return brkit_nl_dump(p->h, nlh, cb, p, collect_restart);
}

static void assert_seen_123(struct peer *p)
{
	assert_int_equal(p->nseen, 3);
	assert_int_equal(p->seen[0], 1);
	assert_int_equal(p->seen[1], 2);
	assert_int_equal(p->seen[2], 3);
}

static void assert_is_dump(const struct nlmsghdr *req)
{
	assert_int_equal(req->nlmsg_type, RTM_GETLINK);
	assert_true(req->nlmsg_flags & NLM_F_DUMP);
}

/* A consistent dump of devices 1, 2, 3 in two datagrams. */
static void full_dump(struct peer *p, uint32_t seq)
{
	link_msg(p, seq, NLM_F_MULTI, 1, "d1");
	link_msg(p, seq, NLM_F_MULTI, 2, "d2");
	cut(p);
	link_msg(p, seq, NLM_F_MULTI, 3, "d3");
	done_msg(p, seq, 0);
}

/* -- interrupted dumps -- */

static void script_intr_data(struct peer *p, const struct nlmsghdr *req, int n)
{
	assert_is_dump(req);
	if (n == 0) {
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 1, "d1");
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI | NLM_F_DUMP_INTR, 9, "gone");
		cut(p);
		done_msg(p, req->nlmsg_seq, NLM_F_DUMP_INTR);
	} else {
		full_dump(p, req->nlmsg_seq);
	}
}

static void test_dump_intr_data(void **state)
{
	struct peer *p = peer_new(script_intr_data);

	(void)state;
	assert_int_equal(run_dump(p, collect_cb), 0);
	assert_int_equal(p->nreq, 2);
	assert_int_equal(p->restarts, 1);
	assert_seen_123(p);
	/* The retry is a new request with its own number. */
	assert_int_not_equal(p->req[0]->nlmsg_seq, p->req[1]->nlmsg_seq);
	assert_all_read(p);
	peer_free(p);
}

/* The kernel sets NLM_F_DUMP_INTR on NLMSG_DONE alone when the generation
 * changed after the last data message (netlink_dump_done). */
static void script_intr_done(struct peer *p, const struct nlmsghdr *req, int n)
{
	assert_is_dump(req);
	if (n == 0) {
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 1, "d1");
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 9, "gone");
		cut(p);
		done_msg(p, req->nlmsg_seq, NLM_F_DUMP_INTR);
	} else {
		full_dump(p, req->nlmsg_seq);
	}
}

static void test_dump_intr_done(void **state)
{
	struct peer *p = peer_new(script_intr_done);

	(void)state;
	assert_int_equal(run_dump(p, collect_cb), 0);
	assert_int_equal(p->nreq, 2);
	assert_int_equal(p->restarts, 1);
	assert_seen_123(p);
	assert_all_read(p);
	peer_free(p);
}

/* Interrupted every time: give up with -EAGAIN after a few tries, socket in step. */
static void script_intr_always(struct peer *p, const struct nlmsghdr *req, int n)
{
	(void)n;
	if (req->nlmsg_flags & NLM_F_DUMP) {
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 1, "d1");
		done_msg(p, req->nlmsg_seq, NLM_F_DUMP_INTR);
	} else {
		ack_msg(p, req->nlmsg_seq, 0, NULL);
	}
}

static void test_dump_intr_always(void **state)
{
	struct peer *p = peer_new(script_intr_always);
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(run_dump(p, collect_cb), -EAGAIN);
	assert_true(p->nreq >= 2);
	assert_all_read(p);
	/* The error text says why, not "Resource temporarily unavailable". */
	assert_int_equal(brkit_link_foreach(p->h, NULL, NULL), -EAGAIN);
	assert_non_null(
		strstr(brkit_errmsg(p->h), "listing devices: the kernel's table kept changing"));
	assert_all_read(p);
	nlh = brkit_nl_msg(p->h, RTM_SETLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), 0);
	peer_free(p);
}

/* -- stale ACKs -- */

/* Before the ACK of request 1: an ACK and a reply with older numbers (a
 * request given up on). They are not request 1's answer. */
static void script_stale(struct peer *p, const struct nlmsghdr *req, int n)
{
	(void)n;
	ack_msg(p, req->nlmsg_seq - 3, -EEXIST, "stale refusal");
	link_msg(p, req->nlmsg_seq - 2, 0, 7, "stale");
	cut(p);
	if (req->nlmsg_flags & NLM_F_DUMP) {
		full_dump(p, req->nlmsg_seq);
	} else {
		link_msg(p, req->nlmsg_seq, 0, 1, "d1");
		ack_msg(p, req->nlmsg_seq, 0, NULL);
	}
}

static void test_stale_ack_talk(void **state)
{
	struct peer *p = peer_new(script_stale);
	struct nlmsghdr *nlh = brkit_nl_msg(p->h, RTM_GETLINK, 0);

	(void)state;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, collect_cb, p), 0);
	assert_int_equal(p->nseen, 1);
	assert_int_equal(p->seen[0], 1);
	assert_string_equal(brkit_extack(p->h), "");
	assert_all_read(p);
	peer_free(p);
}

static void test_stale_ack_dump(void **state)
{
	struct peer *p = peer_new(script_stale);

	(void)state;
	assert_int_equal(run_dump(p, collect_cb), 0);
	assert_seen_123(p);
	assert_all_read(p);
	peer_free(p);
}

/* -- ENOBUFS on receive -- */

/* Request 0's ACK (a refusal) comes after the overflow is reported: the
 * library probes, gets the real answer first, and drops the probe's ACK later. */
static void script_enobufs_talk(struct peer *p, const struct nlmsghdr *req, int n)
{
	if (n == 0)
		q_errno(p, ENOBUFS);
	ack_msg(p, req->nlmsg_seq, n == 0 ? -EPERM : 0, n == 0 ? "real answer" : NULL);
}

static void test_enobufs_talk(void **state)
{
	struct peer *p = peer_new(script_enobufs_talk);
	struct nlmsghdr *nlh;

	(void)state;
	nlh = brkit_nl_msg(p->h, RTM_SETLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), -EPERM);
	assert_string_equal(brkit_extack(p->h), "real answer");
	assert_int_equal(p->nprobe, 1);
	/* The probe's late ACK is not request 1's answer. */
	nlh = brkit_nl_msg(p->h, RTM_SETLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), 0);
	assert_int_equal(p->nprobe, 1);
	assert_all_read(p);
	peer_free(p);
}

/* Request 0's ACK was dropped with the overflow: the probe's ACK comes first,
 * so the library says -ENOBUFS (outcome unknown) instead of waiting forever. */
static void script_enobufs_lost(struct peer *p, const struct nlmsghdr *req, int n)
{
	if (n == 0)
		q_errno(p, ENOBUFS);
	else
		ack_msg(p, req->nlmsg_seq, 0, NULL);
}

static void test_enobufs_talk_lost(void **state)
{
	struct peer *p = peer_new(script_enobufs_lost);
	struct nlmsghdr *nlh;

	(void)state;
	nlh = brkit_nl_msg(p->h, RTM_SETLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), -ENOBUFS);
	assert_int_equal(p->nprobe, 1);
	nlh = brkit_nl_msg(p->h, RTM_SETLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), 0);
	assert_all_read(p);
	peer_free(p);
}

/* Messages may have been lost in the middle of a dump: it is run again. */
static void script_enobufs_dump(struct peer *p, const struct nlmsghdr *req, int n)
{
	assert_is_dump(req);
	if (n == 0) {
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 1, "d1");
		q_errno(p, ENOBUFS);
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 3, "d3");
		done_msg(p, req->nlmsg_seq, 0);
	} else {
		full_dump(p, req->nlmsg_seq);
	}
}

static void test_enobufs_dump(void **state)
{
	struct peer *p = peer_new(script_enobufs_dump);

	(void)state;
	assert_int_equal(run_dump(p, collect_cb), 0);
	assert_int_equal(p->nreq, 2);
	assert_int_equal(p->restarts, 1);
	assert_seen_123(p);
	assert_all_read(p);
	peer_free(p);
}

/* -- truncated messages -- */

/* A data message whose length runs past the end of its datagram. */
static void script_trunc_msg(struct peer *p, const struct nlmsghdr *req, int n)
{
	struct nlmsghdr *nlh;

	if (n == 0) {
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 1, "d1");
		nlh = begin(p, RTM_NEWLINK, NLM_F_MULTI, req->nlmsg_seq);
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
		end(p, nlh);
		nlh->nlmsg_len = 400; /* only 32 bytes are there */
		cut(p);
		done_msg(p, req->nlmsg_seq, 0);
	} else {
		ack_msg(p, req->nlmsg_seq, 0, NULL);
	}
}

static void test_truncated_message(void **state)
{
	struct peer *p = peer_new(script_trunc_msg);
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(run_dump(p, collect_cb), -EBADMSG);
	assert_all_read(p);
	/* The rest of that dump was read: the next request gets its own answer. */
	nlh = brkit_nl_msg(p->h, RTM_SETLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), 0);
	peer_free(p);
}

/* An error message too short to hold struct nlmsgerr. */
static void script_trunc_ack(struct peer *p, const struct nlmsghdr *req, int n)
{
	struct nlmsghdr *nlh;

	(void)n;
	nlh = begin(p, NLMSG_ERROR, 0, req->nlmsg_seq);
	mnl_nlmsg_put_extra_header(nlh, 4);
	end(p, nlh);
}

static void test_truncated_ack(void **state)
{
	struct peer *p = peer_new(script_trunc_ack);
	struct nlmsghdr *nlh = brkit_nl_msg(p->h, RTM_SETLINK, 0);

	(void)state;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), -EBADMSG);
	peer_free(p);
}

/* -- truncated attributes -- */

/* One byte of payload where 4 are due, a name without its NUL, an empty u8,
 * a 2-byte master: each read as absent, never past its end (the peer's
 * padding is 0xff, so a reader past the end would see non-zero bytes). */
static void script_trunc_attr(struct peer *p, const struct nlmsghdr *req, int n)
{
	struct nlmsghdr *nlh = begin(p, RTM_NEWLINK, 0, req->nlmsg_seq);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *li;
	uint8_t one = 1;
	uint16_t two = 2;

	(void)n;
	ifi->ifi_index = 5;
	mnl_attr_put(nlh, IFLA_MTU, 1, &one);
	mnl_attr_put(nlh, IFLA_IFNAME, 4, "abcd");
	mnl_attr_put(nlh, IFLA_OPERSTATE, 0, NULL);
	mnl_attr_put(nlh, IFLA_MASTER, 2, &two);
	mnl_attr_put(nlh, IFLA_GROUP, 3, "xyz");
	mnl_attr_put(nlh, IFLA_ADDRESS, 4, "\x02\x00\x00\x01");
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put(nlh, IFLA_INFO_KIND, 6, "bridge");
	mnl_attr_nest_end(nlh, li);
	end(p, nlh);
	ack_msg(p, req->nlmsg_seq, 0, NULL);
}

static void test_truncated_attrs_link(void **state)
{
	struct peer *p = peer_new(script_trunc_attr);
	struct brkit_link l;

	(void)state;
	memset(&l, 0x55, sizeof(l));
	assert_int_equal(brkit_link_get_index(p->h, 5, &l), 0);
	assert_int_equal(l.ifindex, 5);
	assert_int_equal(l.mtu, 0);
	assert_string_equal(l.ifname, "");
	assert_int_equal(l.operstate, 0);
	assert_int_equal(l.master, 0);
	assert_int_equal(l.group, 0);
	assert_false(l.has_addr);
	assert_string_equal(l.kind, "");
	peer_free(p);
}

/* A bridge and a port whose IFLA_BR_* / IFLA_BRPORT_* values are too short. */
static struct nlmsghdr *bridge_msg(char *buf, bool port)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li, *data;
	uint8_t b = 1;

	memset(buf, 0xff, DGLEN);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 4;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, port ? "p0" : "br0");
	if (port)
		mnl_attr_put_u32(nlh, IFLA_MASTER, 3);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	if (port) {
		mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
		data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
		mnl_attr_put(nlh, IFLA_BRPORT_NO, 1, &b);
		mnl_attr_put(nlh, IFLA_BRPORT_COST, 2, "\x01\x00");
		mnl_attr_put(nlh, IFLA_BRPORT_STATE, 0, NULL);
		mnl_attr_put(nlh, IFLA_BRPORT_PRIORITY, 1, &b);
		mnl_attr_put(nlh, IFLA_BRPORT_ROOT_ID, 4, "\x80\x00\x02\x00");
		mnl_attr_put(nlh, IFLA_BRPORT_HOLD_TIMER, 4, "\x01\x00\x00\x00");
		mnl_attr_put(nlh, IFLA_BRPORT_LEARNING, 0, NULL);
		/* right as the kernel sends it: a u16 (br_port_fill_attrs) */
		mnl_attr_put_u16(nlh, IFLA_BRPORT_DESIGNATED_COST, 2);
	} else {
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put(nlh, IFLA_BR_PRIORITY, 1, &b);
		mnl_attr_put(nlh, IFLA_BR_STP_STATE, 2, "\x01\x00");
		mnl_attr_put(nlh, IFLA_BR_VLAN_FILTERING, 0, NULL);
		mnl_attr_put(nlh, IFLA_BR_AGEING_TIME, 1, &b);
		mnl_attr_put(nlh, IFLA_BR_BRIDGE_ID, 4, "\x80\x00\x02\x00");
		mnl_attr_put(nlh, IFLA_BR_GC_TIMER, 4, "\x01\x00\x00\x00");
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return nlh;
}

static void test_truncated_attrs_bridge(void **state)
{
	static char buf[DGLEN];
	struct brkit_bridge_info br;
	struct brkit_port_info port;
	struct brkit_link l;
	bool is_br, is_port;
	size_t i;

	(void)state;
	memset(&br, 0x55, sizeof(br));
	assert_int_equal(
		brkit_parse_link_bridge(bridge_msg(buf, false), &l, &br, &is_br, &port, &is_port),
		0);
	assert_true(is_br);
	assert_int_equal(br.priority, 0);
	assert_int_equal(br.stp_state, 0);
	assert_int_equal(br.vlan_filtering, 0);
	assert_int_equal(br.ageing_time, 0);
	assert_int_equal(br.gc_timer, 0);
	for (i = 0; i < sizeof(br.bridge_id.addr); i++)
		assert_int_equal(br.bridge_id.addr[i], 0);

	memset(&port, 0x55, sizeof(port));
	assert_int_equal(
		brkit_parse_link_bridge(bridge_msg(buf, true), &l, &br, &is_br, &port, &is_port),
		0);
	assert_true(is_port);
	assert_int_equal(port.port_no, 0);
	assert_int_equal(port.cost, 0);
	assert_int_equal(port.state, 0);
	assert_int_equal(port.priority, 0);
	assert_int_equal(port.hold_timer, 0);
	assert_int_equal(port.designated_cost, 2);
	for (i = 0; i < sizeof(port.designated_root.addr); i++)
		assert_int_equal(port.designated_root.addr[i], 0);
}

/* -- nested calls -- */

/* What the kernel would answer: dumps (interrupted the first time, so the
 * library resends its request), and RTM_GETLINK of one device. */
static void script_nested(struct peer *p, const struct nlmsghdr *req, int n)
{
	if (!(req->nlmsg_flags & NLM_F_DUMP)) {
		link_msg(p, req->nlmsg_seq, 0, 7, "asked");
		ack_msg(p, req->nlmsg_seq, 0, NULL);
		return;
	}
	if (n == 0) {
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 1, "d1");
		link_msg(p, req->nlmsg_seq, NLM_F_MULTI, 2, "d2");
		cut(p);
		done_msg(p, req->nlmsg_seq, NLM_F_DUMP_INTR);
	} else {
		full_dump(p, req->nlmsg_seq);
	}
}

/* The monitor's mistake: look a device up from inside a dump's callback. */
static int nested_cb(const struct nlmsghdr *nlh, void *data)
{
	struct peer *p = data;
	struct brkit_link l;
	int err;

	err = brkit_link_get_index(p->h, 7, &l);
	if (err && !p->nested_err) {
		p->nested_err = err;
		snprintf(p->nested_msg, sizeof(p->nested_msg), "%s", brkit_errmsg(p->h));
	}
	return collect_cb(nlh, data);
}

static void test_nested_in_dump(void **state)
{
	struct peer *p = peer_new(script_nested);
	struct brkit_link l;
	int i;

	(void)state;
	assert_int_equal(run_dump(p, nested_cb), 0);
	assert_int_equal(p->nested_err, -EBUSY);
	assert_non_null(strstr(p->nested_msg, "looking up ifindex 7"));
	assert_non_null(strstr(p->nested_msg, "busy"));
	/* Only the dump reached the kernel, and its retry was the same request. */
	assert_int_equal(p->nreq, 2);
	for (i = 0; i < 2; i++)
		assert_is_dump(p->req[i]);
	assert_int_equal(p->req[0]->nlmsg_len, p->req[1]->nlmsg_len);
	assert_seen_123(p);
	assert_all_read(p);
	/* Once the dump returned, the handle works again. */
	assert_int_equal(brkit_link_get_index(p->h, 7, &l), 0);
	assert_string_equal(l.ifname, "asked");
	peer_free(p);
}

static int nested_talk_cb(const struct nlmsghdr *nlh, void *data)
{
	struct peer *p = data;
	struct nlmsghdr *req = brkit_nl_msg(p->h, RTM_SETLINK, 0);

	(void)nlh;
	mnl_nlmsg_put_extra_header(req, sizeof(struct ifinfomsg));
	p->nested_err = brkit_nl_talk(p->h, req, NULL, NULL);
	/* No batch either while the handle is busy. */
	if (brkit_batch_new(p->h, 0, NULL, NULL) == NULL)
		p->step = errno;
	return MNL_CB_OK;
}

static void test_nested_in_talk(void **state)
{
	struct peer *p = peer_new(script_nested);
	struct nlmsghdr *nlh = brkit_nl_msg(p->h, RTM_GETLINK, 0);

	(void)state;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, nested_talk_cb, p), 0);
	assert_int_equal(p->nested_err, -EBUSY);
	assert_int_equal(p->step, EBUSY);
	assert_int_equal(p->nreq, 1);
	assert_all_read(p);
	peer_free(p);
}

/* brkit_link_foreach reads the whole dump first: after an interruption each
 * device is seen once, and its callback may use the handle. */
static int foreach_link_cb(const struct brkit_link *l, void *arg)
{
	struct peer *p = arg;
	struct brkit_link asked;

	assert_true(p->nseen < 16);
	p->seen[p->nseen++] = l->ifindex;
	assert_int_equal(brkit_link_get_index(p->h, 7, &asked), 0);
	assert_string_equal(asked.ifname, "asked");
	return 0;
}

static void test_link_foreach(void **state)
{
	struct peer *p = peer_new(script_nested);

	(void)state;
	assert_int_equal(brkit_link_foreach(p->h, foreach_link_cb, p), 0);
	assert_seen_123(p);
	/* two dumps (the first interrupted), then one look-up per device */
	assert_int_equal(p->nreq, 5);
	assert_all_read(p);
	peer_free(p);
}

/* -- batches -- */

static unsigned long batch_err_index[8];
static int batch_err_code[8];
static char batch_err_ext[8][64];
static int batch_nerr;

static void batch_err(void *arg, unsigned long index, int err, const char *extack)
{
	(void)arg;
	assert_true(batch_nerr < 8);
	batch_err_index[batch_nerr] = index;
	batch_err_code[batch_nerr] = err;
	snprintf(batch_err_ext[batch_nerr], sizeof(batch_err_ext[0]), "%s", extack);
	batch_nerr++;
}

static int batch_push_n(struct brkit_batch *b, int n)
{
	int i, err = 0;

	for (i = 0; i < n && !err; i++) {
		struct nlmsghdr *nlh = brkit_batch_msg(b, RTM_SETLINK, 0);
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

		ifi->ifi_index = 100 + i;
		err = brkit_batch_push(b);
	}
	return err;
}

/* Five requests, ACKed in the order 3, 0, 4, 1, 2; request 1 is refused.
 * Counting arrivals would blame request 3 (the fourth ACK). */
static void script_batch_order(struct peer *p, const struct nlmsghdr *req, int n)
{
	static const int order[] = { 3, 0, 4, 1, 2 };
	int i;

	assert_int_equal(req->nlmsg_type, RTM_SETLINK);
	assert_true(req->nlmsg_flags & NLM_F_ACK);
	if (n != 4)
		return;
	for (i = 0; i < 5; i++) {
		const struct nlmsghdr *r = p->req[order[i]];

		ack_msg(p, r->nlmsg_seq, order[i] == 1 ? -EEXIST : 0,
			order[i] == 1 ? "Device 101 says no" : NULL);
		if (i == 1)
			cut(p);
	}
}

static void test_batch_out_of_order(void **state)
{
	struct peer *p = peer_new(script_batch_order);
	struct brkit_batch *b;

	(void)state;
	batch_nerr = 0;
	b = brkit_batch_new(p->h, 64, batch_err, NULL);
	assert_non_null(b);
	assert_int_equal(batch_push_n(b, 5), 0);
	assert_int_equal(brkit_batch_finish(b), -EEXIST);
	assert_int_equal(brkit_batch_failed(b), 1);
	assert_int_equal(brkit_batch_count(b), 5);
	assert_int_equal(batch_nerr, 1);
	assert_int_equal(batch_err_index[0], 1);
	assert_int_equal(batch_err_code[0], -EEXIST);
	assert_string_equal(batch_err_ext[0], "Device 101 says no");
	assert_all_read(p);
	brkit_batch_free(b);
	peer_free(p);
}

/* A batch freed before its ACKs came (tap.c's and fdb.c's error paths): the
 * first of them refuses. The next request must not take that answer. */
static void script_batch_freed(struct peer *p, const struct nlmsghdr *req, int n)
{
	if (req->nlmsg_type == RTM_SETLINK) {
		/* the batch: the kernel answers each as it comes */
		ack_msg(p, req->nlmsg_seq, n == 0 ? -EEXIST : 0, n == 0 ? "batch refusal" : NULL);
		return;
	}
	ack_msg(p, req->nlmsg_seq, 0, NULL);
}

static void test_batch_freed_seq(void **state)
{
	struct peer *p = peer_new(script_batch_freed);
	struct brkit_batch *b;
	struct nlmsghdr *nlh;
	int i;

	(void)state;
	batch_nerr = 0;
	/* window 4: a quarter window plus one (2) goes out per send */
	b = brkit_batch_new(p->h, 4, batch_err, NULL);
	assert_non_null(b);
	assert_int_equal(batch_push_n(b, 3), 0);
	assert_int_equal(p->nreq, 2);
	brkit_batch_free(b);
	/* Four direct requests: none may take a number of the freed batch. */
	for (i = 0; i < 4; i++) {
		nlh = brkit_nl_msg(p->h, RTM_DELLINK, 0);
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
		assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), 0);
		assert_string_equal(brkit_extack(p->h), "");
	}
	assert_int_equal(p->nreq, 6);
	for (i = 2; i < 6; i++) {
		assert_int_not_equal(p->req[i]->nlmsg_seq, p->req[0]->nlmsg_seq);
		assert_int_not_equal(p->req[i]->nlmsg_seq, p->req[1]->nlmsg_seq);
		assert_int_not_equal(p->req[i]->nlmsg_seq, p->req[1]->nlmsg_seq + 1);
	}
	assert_all_read(p);
	peer_free(p);
}

/* A batch freed before its ACKs came, one of them a refusal, then a second
 * batch: the first one's ACKs are not the second one's. */
static void test_batch_stale_ack(void **state)
{
	struct peer *p = peer_new(script_batch_freed);
	struct brkit_batch *b;

	(void)state;
	batch_nerr = 0;
	b = brkit_batch_new(p->h, 4, batch_err, NULL);
	assert_non_null(b);
	assert_int_equal(batch_push_n(b, 3), 0);
	assert_int_equal(p->nreq, 2);
	brkit_batch_free(b);
	b = brkit_batch_new(p->h, 64, batch_err, NULL);
	assert_non_null(b);
	assert_int_equal(batch_push_n(b, 2), 0);
	assert_int_equal(brkit_batch_finish(b), 0);
	assert_int_equal(brkit_batch_failed(b), 0);
	assert_int_equal(batch_nerr, 0);
	assert_int_equal(p->nreq, 4);
	assert_all_read(p);
	brkit_batch_free(b);
	peer_free(p);
}

/* While a batch is open, a direct request would read (and lose) its ACKs. */
static void test_talk_while_batch_open(void **state)
{
	struct peer *p = peer_new(script_batch_freed);
	struct brkit_batch *b;
	struct nlmsghdr *nlh;

	(void)state;
	b = brkit_batch_new(p->h, 64, NULL, NULL);
	assert_non_null(b);
	nlh = brkit_nl_msg(p->h, RTM_DELLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), -EBUSY);
	assert_int_equal(brkit_link_del(p->h, "d1"), -EBUSY);
	assert_non_null(strstr(brkit_errmsg(p->h), "a batch is open on the handle"));
	assert_null(brkit_batch_new(p->h, 64, NULL, NULL));
	assert_int_equal(errno, EBUSY);
	assert_int_equal(p->nreq, 0);
	brkit_batch_free(b);
	/* Freed: the handle takes requests again. */
	nlh = brkit_nl_msg(p->h, RTM_DELLINK, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	assert_int_equal(brkit_nl_talk(p->h, nlh, NULL, NULL), 0);
	peer_free(p);
}

/* brkit_read_fd, the one read-to-end loop: grows past its first 4 KiB, ends
 * the text with a NUL, and stops past its limit. */
static int pipe_with(size_t n, char fill)
{
	char buf[10000];
	int fds[2];

	assert_true(n <= sizeof(buf));
	assert_int_equal(pipe(fds), 0);
	memset(buf, fill, n);
	assert_int_equal(write(fds[1], buf, n), (ssize_t)n);
	close(fds[1]);
	return fds[0];
}

static void test_read_fd(void **state)
{
	char *text = (char *)1;
	size_t len = 0, i;
	int fd;

	(void)state;
	fd = pipe_with(10000, 'x');
	assert_int_equal(brkit_read_fd(fd, 0, &text, &len), 0);
	close(fd);
	assert_int_equal(len, 10000);
	for (i = 0; i < len && text[i] == 'x'; i++)
		;
	assert_int_equal(i, 10000);
	assert_int_equal(text[len], 0);
	free(text);

	fd = pipe_with(0, 0);
	assert_int_equal(brkit_read_fd(fd, 0, &text, NULL), 0);
	close(fd);
	assert_string_equal(text, "");
	free(text);

	fd = pipe_with(10000, 'y');
	assert_int_equal(brkit_read_fd(fd, 9999, &text, &len), -EFBIG);
	assert_null(text);
	close(fd);
	fd = pipe_with(10000, 'y');
	assert_int_equal(brkit_read_fd(fd, 10000, &text, &len), 0);
	close(fd);
	assert_int_equal(len, 10000);
	free(text);

	assert_int_equal(brkit_read_fd(-1, 0, &text, &len), -EBADF);
	assert_null(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_fd),
		cmocka_unit_test(test_dump_intr_data),
		cmocka_unit_test(test_dump_intr_done),
		cmocka_unit_test(test_dump_intr_always),
		cmocka_unit_test(test_stale_ack_talk),
		cmocka_unit_test(test_stale_ack_dump),
		cmocka_unit_test(test_enobufs_talk),
		cmocka_unit_test(test_enobufs_talk_lost),
		cmocka_unit_test(test_enobufs_dump),
		cmocka_unit_test(test_truncated_message),
		cmocka_unit_test(test_truncated_ack),
		cmocka_unit_test(test_truncated_attrs_link),
		cmocka_unit_test(test_truncated_attrs_bridge),
		cmocka_unit_test(test_nested_in_dump),
		cmocka_unit_test(test_nested_in_talk),
		cmocka_unit_test(test_link_foreach),
		cmocka_unit_test(test_batch_out_of_order),
		cmocka_unit_test(test_batch_freed_seq),
		cmocka_unit_test(test_batch_stale_ack),
		cmocka_unit_test(test_talk_while_batch_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* Pipelined requests: many in flight, ACKs matched by sequence number. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nl/nl.h"

/* The queue; a request is begun only while BRKIT_BATCH_MSGLEN bytes (the room
 * brkit.h promises callers) are left in it. */
#define BATCH_BUFLEN (128 * 1024)
_Static_assert(BATCH_BUFLEN % BRKIT_BATCH_MSGLEN == 0, "whole requests fit the queue");

struct brkit_batch {
	struct brkit *h;
	unsigned int window; /* most requests in flight */
	brkit_batch_err_cb cb;
	void *arg;
	char *buf;
	size_t len; /* bytes queued in buf */
	struct nlmsghdr *cur; /* begun, not yet pushed */
	uint32_t seq0; /* sequence number of request 0 */
	unsigned long count; /* requests pushed */
	unsigned long queued; /* pushed, not yet sent */
	unsigned long in_flight; /* sent, not yet ACKed */
	unsigned long failed;
	int first_err;
};

struct brkit_batch *brkit_batch_new(struct brkit *h, unsigned int window, brkit_batch_err_cb cb,
				    void *arg)
{
	struct brkit_batch *b;
	int err = brkit_nl_idle(h);

	if (err) {
		brkit_fail(h, err, "starting a batch of requests");
		errno = -err;
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->buf = calloc(1, BATCH_BUFLEN); /* zeroed: libmnl leaves attribute padding unset */
	if (!b->buf) {
		free(b);
		return NULL;
	}
	b->h = h;
	b->window = window ? window : 256;
	b->cb = cb;
	b->arg = arg;
	/* No other request is sent while the batch is open (brkit_nl_idle), so
	 * its numbers run on from here without a gap. */
	b->seq0 = h->seq + 1;
	h->batch = b;
	brkit_clear_err(h);
	return b;
}

void brkit_batch_free(struct brkit_batch *b)
{
	if (!b)
		return;
	/* ACKs still in flight carry numbers up to h->seq, which later requests
	 * never reuse: they are dropped as stale when they come. */
	if (b->h->batch == b)
		b->h->batch = NULL;
	free(b->buf);
	free(b);
}

unsigned long brkit_batch_count(const struct brkit_batch *b)
{
	return b->count;
}

unsigned long brkit_batch_failed(const struct brkit_batch *b)
{
	return b->failed;
}

struct nlmsghdr *brkit_batch_msg(struct brkit_batch *b, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	if (b->len + BRKIT_BATCH_MSGLEN > BATCH_BUFLEN)
		return NULL; /* brkit_batch_push() flushes before this can happen */
	nlh = mnl_nlmsg_put_header(b->buf + b->len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	/* Reserved now: a batch freed before its ACKs came must not leave
	 * numbers the next requests would take again. */
	nlh->nlmsg_seq = b->seq0 + (uint32_t)b->count;
	b->h->seq = nlh->nlmsg_seq;
	b->cur = nlh;
	return nlh;
}

static void note_ack(struct brkit_batch *b, const struct nlmsghdr *nlh)
{
	unsigned long index = (uint32_t)(nlh->nlmsg_seq - b->seq0);
	const char *ext;
	int err = brkit_nl_ack(nlh, &ext);

	if (b->in_flight)
		b->in_flight--;
	if (err == 0)
		return;
	b->failed++;
	if (!b->first_err) {
		b->first_err = err;
		snprintf(b->h->ext, sizeof(b->h->ext), "%s", ext);
	}
	if (b->cb) {
		/* The callback may not use the handle: it is walking h->rx. */
		b->h->busy = true;
		b->cb(b->arg, index, err, ext);
		b->h->busy = false;
	}
}

/* Is @nlh the ACK of a request of this batch that was sent? Others are
 * answers to requests given up on (or to a batch freed before its end). */
static bool ours(const struct brkit_batch *b, const struct nlmsghdr *nlh)
{
	uint32_t index = nlh->nlmsg_seq - b->seq0;

	return nlh->nlmsg_type == NLMSG_ERROR && index < b->count - b->queued;
}

/* Read one datagram of ACKs. -ENOBUFS: the receive queue overflowed and ACKs
 * may be lost, so the outcome of the requests in flight is unknown. */
static int reap(struct brkit_batch *b)
{
	struct brkit *h = b->h;
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len;

	do {
		n = brkit_nl_recv(h, h->rx, BRKIT_RXLEN);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	len = (int)n;
	for (nlh = (const struct nlmsghdr *)h->rx; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_pid && nlh->nlmsg_pid != h->portid)
			continue;
		if (ours(b, nlh))
			note_ack(b, nlh);
	}
	/* A message cut short: never sent so by the kernel; its ACK is lost. */
	if (len > 0)
		return -EBADMSG;
	return 0;
}

static int flush(struct brkit_batch *b)
{
	if (!b->len)
		return 0;
	if (brkit_nl_send(b->h, b->buf, b->len) < 0)
		return -errno;
	b->in_flight += b->queued;
	b->queued = 0;
	b->len = 0;
	return 0;
}

int brkit_batch_push(struct brkit_batch *b)
{
	int err;

	if (!b->cur)
		return -EINVAL;
	if (b->h->busy)
		return brkit_nl_idle(b->h);
	b->len += NLMSG_ALIGN(b->cur->nlmsg_len);
	b->cur = NULL;
	b->count++;
	b->queued++;
	/* Send in chunks of a quarter window, keep at most a window in flight. */
	if (b->queued >= b->window / 4 + 1 || b->len + BRKIT_BATCH_MSGLEN > BATCH_BUFLEN) {
		err = flush(b);
		if (err)
			return err;
	}
	while (b->in_flight > b->window) {
		err = reap(b);
		if (err)
			return err;
	}
	return 0;
}

int brkit_batch_finish(struct brkit_batch *b)
{
	int err;

	if (b->h->busy)
		return brkit_nl_idle(b->h);
	err = flush(b);
	if (err)
		return err;
	while (b->in_flight) {
		err = reap(b);
		if (err)
			return err;
	}
	return b->first_err;
}

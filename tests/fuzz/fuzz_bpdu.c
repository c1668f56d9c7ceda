// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for the BPDU codec: any octets, as a whole frame and as
 * a bare BPDU. Nothing may crash or read past the input (ASan, UBSan), a
 * drop reason is one the decoder may give, and a decoded BPDU re-encodes to
 * octets that decode to the same struct, as a BPDU and as a frame. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stp/bpdu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const struct stp_bpdu *a, const struct stp_bpdu *b)
{
	return a->type == b->type && a->version == b->version && a->flags == b->flags &&
	       a->root_id == b->root_id && a->root_path_cost == b->root_path_cost &&
	       a->bridge_id == b->bridge_id && a->port_id == b->port_id &&
	       a->message_age == b->message_age && a->max_age == b->max_age &&
	       a->hello_time == b->hello_time && a->forward_delay == b->forward_delay;
}

static void check(enum stp_drop_reason r, const struct stp_bpdu *b)
{
	static const uint8_t src[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	uint8_t buf[STP_FRAME_MIN_LEN];
	struct stp_bpdu again;
	size_t n;

	/* The loopback check is the engine's, never the codec's. */
	if (r >= STP_DROP_REASONS || r == STP_DROP_LOOPBACK)
		abort();
	if (r != STP_DROP_NONE)
		return;
	n = stp_bpdu_encode(b, buf, sizeof(buf));
	if (n == 0 || stp_bpdu_decode(buf, n, &again) != STP_DROP_NONE || !same(b, &again))
		abort();
	if (stp_frame_encode(b, src, buf, sizeof(buf)) != STP_FRAME_MIN_LEN ||
	    stp_frame_decode(buf, sizeof(buf), &again) != STP_DROP_NONE || !same(b, &again))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stp_bpdu b;

	check(stp_frame_decode(data, size, &b), &b);
	check(stp_bpdu_decode(data, size, &b), &b);
	return 0;
}

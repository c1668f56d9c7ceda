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

/* What 9.3.4 asks of an accepted BPDU of @len octets, restated on the raw
 * octets: the decoder may not accept anything else. */
static void check_accepted(const uint8_t *p, size_t len, const struct stp_bpdu *b)
{
	size_t need;

	if (len < 4 || p[0] != 0 || p[1] != 0 || p[3] != b->type || p[2] != b->version)
		abort();
	switch (p[3]) {
	case 0x00:
		need = 35;
		if ((p[27] << 8 | p[28]) >= (p[29] << 8 | p[30]))
			abort();
		break;
	case 0x80:
		need = 4;
		break;
	case 0x02:
		need = p[2] == 2 ? 36 : 35;
		if (p[2] < 2)
			abort();
		break;
	default:
		abort();
	}
	if (len < need)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t head[17] = { 0x01, 0x80,	     0xc2, 0x00, 0x00,
					  0x00, [14] = 0x42, 0x42, 0x03 };
	struct stp_bpdu b;
	enum stp_drop_reason r;
	size_t llc;

	r = stp_frame_decode(data, size, &b);
	check(r, &b);
	if (r == STP_DROP_NONE) {
		/* to the group address, with an 802.3 length the frame holds, LLC 42 42 03 */
		llc = size >= 17 ? (size_t)(data[12] << 8 | data[13]) : 0;
		if (size < 17 || memcmp(data, head, 6) != 0 ||
		    memcmp(data + 14, head + 14, 3) != 0 || llc < 3 || llc > 1500 ||
		    llc > size - 14)
			abort();
		check_accepted(data + 17, llc - 3, &b);
	}
	r = stp_bpdu_decode(data, size, &b);
	check(r, &b);
	if (r == STP_DROP_NONE)
		check_accepted(data, size, &b);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for what brkit-stpd takes as a BPDU (stpd_frame_parse(), issue
 * 15): only received multicast frames are looked at; only those to
 * 01:80:c2:00:00:00 with LLC 42 42 03 are BPDUs; the 802.3 length bounds the
 * BPDU (too short, past the frame: dropped; padding never read). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/if_packet.h>
#include "stp/bpdu.h"
#include "stpd/stpd.h"

static const uint8_t src[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };

static struct stp_bpdu sample(enum stp_bpdu_type type)
{
	struct stp_bpdu b = {
		.type = type,
		.version = type == STP_BPDU_RST ? STP_VERSION_RSTP : 0,
		.flags = type == STP_BPDU_RST	? 0x3c
			 : type == STP_BPDU_TCN ? 0
						: STP_FLAG_TC,
		.root_id = type == STP_BPDU_TCN ? 0 : 0x0000000000000001ULL,
		.root_path_cost = type == STP_BPDU_TCN ? 0 : 20000,
		.bridge_id = type == STP_BPDU_TCN ? 0 : 0x8000025e00005301ULL,
		.port_id = type == STP_BPDU_TCN ? 0 : 0x8002,
		.message_age = type == STP_BPDU_TCN ? 0 : 256,
		.max_age = type == STP_BPDU_TCN ? 0 : 20 * 256,
		.hello_time = type == STP_BPDU_TCN ? 0 : 2 * 256,
		.forward_delay = type == STP_BPDU_TCN ? 0 : 15 * 256,
	};
	return b;
}

/* @b as a 60-octet frame (padded with 0xee, so a read of the padding shows) */
static void frame_of(const struct stp_bpdu *b, uint8_t f[60])
{
	size_t n, k;

	assert_int_equal(stp_frame_encode(b, src, f, 60), 60);
	n = (size_t)(f[12] << 8 | f[13]);
	for (k = 14 + n; k < 60; k++)
		f[k] = 0xee;
}

static void set_length(uint8_t f[60], unsigned int len)
{
	f[12] = (uint8_t)(len >> 8);
	f[13] = (uint8_t)len;
}

/* parse an exact-size heap copy, so ASan sees any read past @len */
static int parse(int pkttype, const uint8_t *f, size_t len, struct stp_bpdu *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, f, len);
	r = stpd_frame_parse(pkttype, copy, len, out);
	free(copy);
	return r;
}

static void same(const struct stp_bpdu *a, const struct stp_bpdu *b)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->flags, b->flags);
	assert_true(a->root_id == b->root_id);
	assert_int_equal(a->root_path_cost, b->root_path_cost);
	assert_true(a->bridge_id == b->bridge_id);
	assert_int_equal(a->port_id, b->port_id);
	assert_int_equal(a->message_age, b->message_age);
	assert_int_equal(a->max_age, b->max_age);
	assert_int_equal(a->hello_time, b->hello_time);
	assert_int_equal(a->forward_delay, b->forward_delay);
}

static void test_valid(void **state)
{
	static const enum stp_bpdu_type types[] = { STP_BPDU_TCN, STP_BPDU_CONFIG, STP_BPDU_RST };
	struct stp_bpdu b, got;
	uint8_t f[60];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		b = sample(types[i]);
		frame_of(&b, f);
		assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NONE);
		same(&b, &got);
		/* unpadded, as the kernel sends them: the length is the frame */
		assert_int_equal(parse(PACKET_MULTICAST, f, 14 + (size_t)f[13], &got),
				 STP_DROP_NONE);
		same(&b, &got);
	}
}

static void test_not_received_multicast(void **state)
{
	static const int others[] = { PACKET_HOST,
				      PACKET_BROADCAST,
				      PACKET_OTHERHOST,
				      PACKET_OUTGOING,
				      PACKET_LOOPBACK,
				      99,
				      -1 };
	struct stp_bpdu b = sample(STP_BPDU_RST), got;
	uint8_t f[60];
	size_t i;

	(void)state;
	frame_of(&b, f);
	/* our own transmissions and unicast frames are not looked at (not counted) */
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		assert_int_equal(parse(others[i], f, 60, &got), -1);
}

static void test_wrong_destination(void **state)
{
	static const uint8_t bad[][6] = {
		{ 0x01, 0x00, 0x00, 0x00, 0x00, 0x42 }, /* attack 6 */
		{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x01 }, /* PAUSE, another reserved group */
		{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e }, /* LLDP */
		{ 0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd }, /* Cisco PVST+ */
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, { 0x03, 0x80, 0xc2, 0x00, 0x00, 0x00 },
	};
	struct stp_bpdu b = sample(STP_BPDU_RST), got;
	uint8_t f[60];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		frame_of(&b, f);
		memcpy(f, bad[i], 6);
		assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NOT_STP);
	}
}

static void test_wrong_llc(void **state)
{
	struct stp_bpdu b = sample(STP_BPDU_CONFIG), got;
	uint8_t f[60];
	int k;

	(void)state;
	for (k = 14; k < 17; k++) {
		frame_of(&b, f);
		f[k] ^= 0x10; /* DSAP 0x52, SSAP 0x52, control 0x13 (UI with P/F) */
		assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NOT_STP);
	}
	frame_of(&b, f);
	f[16] = 0x13;
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NOT_STP);
	/* an EtherType, not an 802.3 length */
	frame_of(&b, f);
	set_length(f, 0x0800);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NOT_STP);
	set_length(f, 1501);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NOT_STP);
}

static void test_length_too_short(void **state)
{
	struct stp_bpdu b, got;
	uint8_t f[60];

	(void)state;
	/* shorter than the LLC header */
	b = sample(STP_BPDU_CONFIG);
	frame_of(&b, f);
	set_length(f, 2);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NOT_STP);
	/* LLC and less than a TCN BPDU (4) */
	set_length(f, 3 + 3);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_SHORT);
	/* a Configuration BPDU cut to 34 octets: the padding would complete it */
	set_length(f, 3 + 34);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_SHORT);
	/* an RST BPDU cut to 35 octets */
	b = sample(STP_BPDU_RST);
	frame_of(&b, f);
	set_length(f, 3 + 35);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_SHORT);
}

static void test_length_past_frame(void **state)
{
	struct stp_bpdu b = sample(STP_BPDU_RST), got;
	uint8_t f[60];
	size_t n;

	(void)state;
	frame_of(&b, f);
	set_length(f, 60 - 14 + 1);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_LENGTH);
	set_length(f, 1500);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_LENGTH);
	/* a frame cut one octet short of its length */
	frame_of(&b, f);
	n = 14 + (size_t)f[13];
	assert_int_equal(parse(PACKET_MULTICAST, f, n - 1, &got), STP_DROP_LENGTH);
	assert_int_equal(parse(PACKET_MULTICAST, f, n, &got), STP_DROP_NONE);
}

static void test_padding_ignored(void **state)
{
	struct stp_bpdu b = sample(STP_BPDU_CONFIG), got;
	uint8_t f[60];

	(void)state;
	/* a Configuration BPDU of 35 octets, then 0xee padding: read as sent */
	frame_of(&b, f);
	assert_int_equal(f[13], 3 + 35);
	assert_int_equal(f[14 + 3 + 35], 0xee);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NONE);
	same(&b, &got);
	/* a TCN BPDU: the padding holds what would be a Root Identifier */
	b = sample(STP_BPDU_TCN);
	frame_of(&b, f);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_NONE);
	assert_int_equal(got.type, STP_BPDU_TCN);
	assert_true(got.root_id == 0);
	/* an RST BPDU whose type octet is followed by a length of 4: a TCN?
	 * no: type 2 with 4 octets is short (the RST fields are padding) */
	b = sample(STP_BPDU_RST);
	frame_of(&b, f);
	set_length(f, 3 + 4);
	assert_int_equal(parse(PACKET_MULTICAST, f, 60, &got), STP_DROP_SHORT);
}

/* every prefix of a valid frame: a verdict, never a read past the end (ASan) */
static void test_every_prefix(void **state)
{
	static const enum stp_bpdu_type types[] = { STP_BPDU_TCN, STP_BPDU_CONFIG, STP_BPDU_RST };
	struct stp_bpdu b, got;
	uint8_t f[60];
	size_t i, n, need;
	int r;

	(void)state;
	for (i = 0; i < 3; i++) {
		b = sample(types[i]);
		frame_of(&b, f);
		need = 14 + (size_t)f[13];
		for (n = 0; n <= 60; n++) {
			r = parse(PACKET_MULTICAST, f, n, &got);
			if (n < 17)
				assert_int_equal(r, STP_DROP_SHORT);
			else if (n < need)
				assert_int_equal(r, STP_DROP_LENGTH);
			else
				assert_int_equal(r, STP_DROP_NONE);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_not_received_multicast),
		cmocka_unit_test(test_wrong_destination),
		cmocka_unit_test(test_wrong_llc),
		cmocka_unit_test(test_length_too_short),
		cmocka_unit_test(test_length_past_frame),
		cmocka_unit_test(test_padding_ignored),
		cmocka_unit_test(test_every_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

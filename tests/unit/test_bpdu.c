// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the BPDU codec (stp/bpdu.c): frames captured from the
 * kernel's STP, RST and MST BPDUs written octet by octet from 802.1D-2004
 * 9.3 and 802.1Q 14.3, every drop reason of 9.3.4, the boundary lengths,
 * each flag and role, and a seeded round-trip property. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "stp/bpdu.h"

/* Frames captured with tcpdump -w on a veth between two kernel STP bridges
 * in two namespaces (br-a priority 4096 and root, br-b 32768; hello 1 s,
 * max age 10 s, forward delay 4 s), as the kernel sends them: not padded.
 * tests/fuzz/capture-kernel-bpdus.sh captures them again (the veths' MACs
 * differ from run to run). */
/* br-a, root, a Configuration BPDU with no flag */
static const char kernel_config_hex[] =
	"0180c20000004ac4c49519ee00264242030000000000100002000000000a00000000100002000000000a80010000"
	"0a0001000400";
/* br-a, topology change flag set */
static const char kernel_config_tc_hex[] =
	"0180c20000004ac4c49519ee00264242030000000001100002000000000a00000000100002000000000a80010000"
	"0a0001000400";
/* br-a, answering br-b's TCN: TC and TCA */
static const char kernel_config_tca_hex[] =
	"0180c20000004ac4c49519ee00264242030000000081100002000000000a00000000100002000000000a80010000"
	"0a0001000400";
/* br-b, a TCN when its second port went forwarding */
static const char kernel_tcn_hex[] = "0180c20000005a2781662dff000742420300000080";
/* br-b on its designated port: root path cost 2, Message Age 1/256 s */
static const char kernel_config_b_hex[] =
	"0180c2000000f2dfbf163d4a00264242030000000001100002000000000a00000002800002000000000b80020001"
	"0a0001000400";

/* An RST BPDU as mstpd or Open vSwitch sends one from a designated port
 * proposing on a point-to-point link, padded to 60 octets (9.3.3). This and
 * the MST BPDU below are written from the standards; tcpdump -vvv reads
 * every field of both as the comments say. */
static const uint8_t rst_frame[60] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, /* destination: the bridge group address */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, /* source: the port's MAC */
	0x00, 0x27, /* 802.3 length: 3 + 36 */
	0x42, 0x42, 0x03, /* LLC: DSAP, SSAP, UI */
	0x00, 0x00, /* Protocol Identifier */
	0x02, /* Protocol Version Identifier: RSTP */
	0x02, /* BPDU Type: RST */
	0x3e, /* flags: proposal, role designated (3 << 2), learning, forwarding */
	0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* Root Identifier */
	0x00, 0x00, 0x4e, 0x20, /* Root Path Cost 20000 */
	0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, /* Bridge Identifier */
	0x80, 0x01, /* Port Identifier */
	0x01, 0x00, /* Message Age 1 s */
	0x14, 0x00, /* Max Age 20 s */
	0x02, 0x00, /* Hello Time 2 s */
	0x0f, 0x00, /* Forward Delay 15 s */
	0x00, /* Version 1 Length */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* padding to 60 */
};

/* An MST BPDU with two MSTI Configuration Messages (802.1Q 14.3.3, 14.6). */
static const uint8_t mst_frame[17 + 102 + 2 * 16] = {
	0x01,
	0x80,
	0xc2,
	0x00,
	0x00,
	0x00, /* destination */
	0x02,
	0x00,
	0x00,
	0x00,
	0x00,
	0x04, /* source */
	0x00,
	0x89, /* 802.3 length: 3 + 134 */
	0x42,
	0x42,
	0x03, /* LLC */
	0x00,
	0x00, /* Protocol Identifier */
	0x03, /* Protocol Version Identifier: MSTP */
	0x02, /* BPDU Type */
	0x7c, /* CIST flags: agreement, forwarding, learning, designated */
	0x80,
	0x00,
	0x02,
	0x00,
	0x00,
	0x00,
	0x00,
	0x01, /* CIST Root Identifier */
	0x00,
	0x00,
	0x4e,
	0x20, /* CIST External Root Path Cost */
	0x80,
	0x00,
	0x02,
	0x00,
	0x00,
	0x00,
	0x00,
	0x03, /* CIST Regional Root Identifier */
	0x80,
	0x03, /* CIST Port Identifier */
	0x02,
	0x00, /* Message Age 2 s */
	0x14,
	0x00, /* Max Age */
	0x02,
	0x00, /* Hello Time */
	0x0f,
	0x00, /* Forward Delay */
	0x00, /* Version 1 Length */
	0x00,
	0x60, /* Version 3 Length: 64 + 2 * 16 */
	0x00, /* MST Configuration Identifier: Format Selector */
	'r',
	'e',
	'g',
	'i',
	'o',
	'n',
	'-',
	'a',
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0, /* Configuration Name */
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0, /* (32 octets) */
	0x00,
	0x01, /* Revision Level */
	0xac,
	0x36,
	0x17,
	0x7f,
	0x50,
	0x28,
	0x3c,
	0xd4, /* Configuration Digest */
	0xb8,
	0x38,
	0x21,
	0xd8,
	0xab,
	0x26,
	0xde,
	0x62,
	0x00,
	0x00,
	0x00,
	0x00, /* CIST Internal Root Path Cost */
	0x80,
	0x00,
	0x02,
	0x00,
	0x00,
	0x00,
	0x00,
	0x04, /* CIST Bridge Identifier */
	0x14, /* CIST Remaining Hops */
	/* MSTI 1 */
	0x7c, /* flags */
	0x90,
	0x01,
	0x02,
	0x00,
	0x00,
	0x00,
	0x00,
	0x03, /* MSTI Regional Root Identifier */
	0x00,
	0x00,
	0x4e,
	0x20, /* MSTI Internal Root Path Cost */
	0x90, /* MSTI Bridge Priority */
	0x80, /* MSTI Port Priority */
	0x13, /* MSTI Remaining Hops */
	/* MSTI 2 */
	0x05, /* flags: TC, role alternate/backup */
	0x80,
	0x02,
	0x02,
	0x00,
	0x00,
	0x00,
	0x00,
	0x03,
	0x00,
	0x03,
	0x0d,
	0x40,
	0x80,
	0x80,
	0x14,
};

static size_t unhex(const char *hex, uint8_t *out, size_t room)
{
	size_t n = strlen(hex) / 2, i;
	unsigned int v;

	assert_true(n <= room);
	for (i = 0; i < n; i++) {
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

static void assert_bpdu_equal(const struct stp_bpdu *a, const struct stp_bpdu *b)
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

/* Re-encode @b from the frame's source: the frame again, padded to 60. */
static void assert_reencodes(const struct stp_bpdu *b, const uint8_t *frame, size_t len)
{
	uint8_t out[STP_FRAME_MIN_LEN + 8], want[STP_FRAME_MIN_LEN];

	assert_true(len <= STP_FRAME_MIN_LEN);
	memset(want, 0, sizeof(want));
	memcpy(want, frame, len);
	memset(out, 0xa5, sizeof(out));
	assert_int_equal(stp_frame_encode(b, frame + 6, out, sizeof(out)), STP_FRAME_MIN_LEN);
	assert_memory_equal(out, want, STP_FRAME_MIN_LEN);
	assert_int_equal(out[STP_FRAME_MIN_LEN], 0xa5); /* nothing written past */
}

static void test_kernel_config(void **state)
{
	uint8_t f[64];
	size_t n = unhex(kernel_config_hex, f, sizeof(f));
	struct stp_bpdu b;

	(void)state;
	assert_int_equal(n, 52);
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
	assert_int_equal(b.type, STP_BPDU_CONFIG);
	assert_int_equal(b.version, 0);
	assert_int_equal(b.flags, 0);
	assert_true(b.root_id == 0x100002000000000aULL);
	assert_int_equal(b.root_path_cost, 0);
	assert_true(b.bridge_id == 0x100002000000000aULL);
	assert_int_equal(b.port_id, 0x8001);
	assert_int_equal(b.message_age, 0);
	assert_int_equal(b.max_age, 10 * 256);
	assert_int_equal(b.hello_time, 1 * 256);
	assert_int_equal(b.forward_delay, 4 * 256);
	assert_reencodes(&b, f, n);
	/* The same BPDU without the frame around it. */
	assert_int_equal(stp_bpdu_decode(f + STP_FRAME_HDR_LEN, 35, &b), STP_DROP_NONE);
	assert_int_equal(b.port_id, 0x8001);
}

static void test_kernel_config_flags(void **state)
{
	uint8_t f[64];
	size_t n;
	struct stp_bpdu b;

	(void)state;
	n = unhex(kernel_config_tc_hex, f, sizeof(f));
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
	assert_int_equal(b.flags, STP_FLAG_TC);
	assert_reencodes(&b, f, n);
	n = unhex(kernel_config_tca_hex, f, sizeof(f));
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
	assert_int_equal(b.flags, STP_FLAG_TC | STP_FLAG_TCA);
	assert_reencodes(&b, f, n);
	n = unhex(kernel_config_b_hex, f, sizeof(f));
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
	assert_int_equal(b.flags, STP_FLAG_TC);
	assert_true(b.root_id == 0x100002000000000aULL);
	assert_int_equal(b.root_path_cost, 2);
	assert_true(b.bridge_id == 0x800002000000000bULL);
	assert_int_equal(b.port_id, 0x8002);
	assert_int_equal(b.message_age, 1);
	assert_reencodes(&b, f, n);
}

static void test_kernel_tcn(void **state)
{
	uint8_t f[64];
	size_t n = unhex(kernel_tcn_hex, f, sizeof(f));
	struct stp_bpdu b, zero;

	(void)state;
	assert_int_equal(n, 21);
	memset(&b, 0xff, sizeof(b));
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
	memset(&zero, 0, sizeof(zero));
	zero.type = STP_BPDU_TCN;
	assert_bpdu_equal(&b, &zero); /* a TCN carries nothing else */
	assert_reencodes(&b, f, n);
}

static void test_rst(void **state)
{
	struct stp_bpdu b;

	(void)state;
	assert_int_equal(stp_frame_decode(rst_frame, sizeof(rst_frame), &b), STP_DROP_NONE);
	assert_int_equal(b.type, STP_BPDU_RST);
	assert_int_equal(b.version, 2);
	assert_int_equal(b.flags, 0x3e);
	assert_int_equal((b.flags & STP_FLAG_ROLE_MASK) >> STP_FLAG_ROLE_SHIFT,
			 STP_BPDU_ROLE_DESIGNATED);
	assert_true(b.flags & STP_FLAG_PROPOSAL);
	assert_true(b.root_id == 0x8000020000000001ULL);
	assert_int_equal(b.root_path_cost, 20000);
	assert_true(b.bridge_id == 0x8000020000000002ULL);
	assert_int_equal(b.port_id, 0x8001);
	assert_int_equal(b.message_age, 256);
	assert_int_equal(b.max_age, 20 * 256);
	assert_int_equal(b.hello_time, 2 * 256);
	assert_int_equal(b.forward_delay, 15 * 256);
	assert_reencodes(&b, rst_frame, sizeof(rst_frame));
}

/* An MST BPDU is an RST BPDU with the CIST's information (802.1Q 14.4). */
static void test_mst(void **state)
{
	struct stp_bpdu b, again;
	uint8_t buf[STP_BPDU_RST_LEN];
	uint8_t f[sizeof(mst_frame)];

	(void)state;
	assert_int_equal(stp_frame_decode(mst_frame, sizeof(mst_frame), &b), STP_DROP_NONE);
	assert_int_equal(b.type, STP_BPDU_RST);
	assert_int_equal(b.version, 3);
	assert_int_equal(b.flags, 0x7c);
	assert_true(b.root_id == 0x8000020000000001ULL);
	assert_int_equal(b.root_path_cost, 20000);
	assert_true(b.bridge_id == 0x8000020000000003ULL); /* the CIST Regional Root */
	assert_int_equal(b.port_id, 0x8003);
	assert_int_equal(b.message_age, 2 * 256);
	assert_int_equal(b.max_age, 20 * 256);
	/* Re-encoded, it is the CIST part alone, which decodes the same. */
	assert_int_equal(stp_bpdu_encode(&b, buf, sizeof(buf)), STP_BPDU_RST_LEN);
	assert_memory_equal(buf, mst_frame + STP_FRAME_HDR_LEN, STP_BPDU_RST_LEN);
	assert_int_equal(stp_bpdu_decode(buf, sizeof(buf), &again), STP_DROP_NONE);
	assert_bpdu_equal(&b, &again);
	/* A broken MST part (bad Version 3 Length, MSTI cut short) still
	 * leaves a valid RST BPDU (802.1Q 14.4 d). */
	memcpy(f, mst_frame, sizeof(f));
	f[STP_FRAME_HDR_LEN + 37] = 0x61;
	assert_int_equal(stp_frame_decode(f, sizeof(f), &again), STP_DROP_NONE);
	assert_bpdu_equal(&b, &again);
	assert_int_equal(stp_bpdu_decode(mst_frame + STP_FRAME_HDR_LEN, 40, &again), STP_DROP_NONE);
	assert_bpdu_equal(&b, &again);
	/* A later version (4) is read the same way. */
	f[STP_FRAME_HDR_LEN + 2] = 4;
	assert_int_equal(stp_frame_decode(f, sizeof(f), &again), STP_DROP_NONE);
	assert_int_equal(again.version, 4);
	assert_int_equal(again.type, STP_BPDU_RST);
}

/* A valid BPDU of each type, at its exact length, to cut and bend. */
static size_t make_bpdu(enum stp_bpdu_type type, uint8_t version, uint8_t *buf)
{
	struct stp_bpdu b;

	memset(&b, 0, sizeof(b));
	b.type = type;
	b.version = version;
	b.root_id = 0x8000020000000001ULL;
	b.root_path_cost = 4;
	b.bridge_id = 0x8000020000000002ULL;
	b.port_id = 0x8001;
	b.message_age = 0x100;
	b.max_age = 0x1400;
	b.hello_time = 0x200;
	b.forward_delay = 0xf00;
	return stp_bpdu_encode(&b, buf, 64);
}

static void test_boundary_lengths(void **state)
{
	uint8_t buf[64], pad[80];
	struct stp_bpdu b;
	unsigned int v;

	(void)state;
	assert_int_equal(make_bpdu(STP_BPDU_CONFIG, 0, buf), 35);
	assert_int_equal(stp_bpdu_decode(buf, 34, &b), STP_DROP_SHORT);
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_NONE);
	assert_int_equal(make_bpdu(STP_BPDU_TCN, 0, buf), 4);
	assert_int_equal(stp_bpdu_decode(buf, 3, &b), STP_DROP_SHORT);
	assert_int_equal(stp_bpdu_decode(buf, 4, &b), STP_DROP_NONE);
	for (v = 0; v < 4; v++)
		assert_int_equal(stp_bpdu_decode(buf, v, &b), STP_DROP_SHORT);
	assert_int_equal(stp_bpdu_decode(NULL, 0, &b), STP_DROP_SHORT);
	assert_int_equal(make_bpdu(STP_BPDU_RST, 2, buf), 36);
	assert_int_equal(stp_bpdu_decode(buf, 34, &b), STP_DROP_SHORT);
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_SHORT);
	assert_int_equal(stp_bpdu_decode(buf, 36, &b), STP_DROP_NONE);
	/* version 3 and up: 35 octets are enough (802.1Q 14.4 d) */
	assert_int_equal(make_bpdu(STP_BPDU_RST, 3, buf), 36);
	assert_int_equal(stp_bpdu_decode(buf, 34, &b), STP_DROP_SHORT);
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_NONE);
	assert_int_equal(b.version, 3);
	assert_int_equal(stp_bpdu_decode(buf, 36, &b), STP_DROP_NONE);

	/* Trailing octets are allowed, whatever they hold. */
	memset(pad, 0xee, sizeof(pad));
	make_bpdu(STP_BPDU_CONFIG, 0, pad);
	assert_int_equal(stp_bpdu_decode(pad, sizeof(pad), &b), STP_DROP_NONE);
	assert_int_equal(b.type, STP_BPDU_CONFIG);
	make_bpdu(STP_BPDU_RST, 2, pad);
	pad[35] = 0xee; /* Version 1 Length not 0: not checked */
	assert_int_equal(stp_bpdu_decode(pad, sizeof(pad), &b), STP_DROP_NONE);
	assert_int_equal(b.type, STP_BPDU_RST);
	make_bpdu(STP_BPDU_TCN, 0, pad);
	assert_int_equal(stp_bpdu_decode(pad, sizeof(pad), &b), STP_DROP_NONE);
	assert_int_equal(b.type, STP_BPDU_TCN);
	assert_true(b.root_id == 0); /* the octets after a TCN are not read */
}

static void test_message_age(void **state)
{
	uint8_t buf[64];
	struct stp_bpdu b;

	(void)state;
	make_bpdu(STP_BPDU_CONFIG, 0, buf);
	buf[27] = 0x13; /* Message Age 0x13ff, Max Age 0x1400 */
	buf[28] = 0xff;
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_NONE);
	buf[27] = 0x14; /* == Max Age */
	buf[28] = 0x00;
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_AGE);
	buf[28] = 0x01; /* over */
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_AGE);
	buf[27] = buf[28] = buf[29] = buf[30] = 0; /* both 0 */
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_AGE);
	/* The short check comes first. */
	assert_int_equal(stp_bpdu_decode(buf, 34, &b), STP_DROP_SHORT);
	/* An RST BPDU with Message Age == Max Age is taken: its information
	 * ages out at once in the engine (17.21.23), not here. */
	make_bpdu(STP_BPDU_RST, 2, buf);
	buf[27] = 0x14;
	buf[28] = 0x00;
	assert_int_equal(stp_bpdu_decode(buf, 36, &b), STP_DROP_NONE);
	assert_int_equal(b.message_age, b.max_age);
}

static void test_drop_protocol_type_version(void **state)
{
	uint8_t buf[64];
	struct stp_bpdu b;
	unsigned int t, v;

	(void)state;
	make_bpdu(STP_BPDU_CONFIG, 0, buf);
	buf[0] = 0x01;
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_PROTOCOL);
	buf[0] = 0x00;
	buf[1] = 0x01;
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_PROTOCOL);
	make_bpdu(STP_BPDU_TCN, 0, buf);
	buf[1] = 0x80;
	assert_int_equal(stp_bpdu_decode(buf, 4, &b), STP_DROP_PROTOCOL);

	/* Every type octet, at a length every type would accept. */
	for (t = 0; t < 256; t++) {
		enum stp_drop_reason r, want;

		make_bpdu(STP_BPDU_RST, 2, buf);
		buf[3] = (uint8_t)t;
		r = stp_bpdu_decode(buf, 36, &b);
		want = (t == 0x00 || t == 0x02 || t == 0x80) ? STP_DROP_NONE : STP_DROP_TYPE;
		assert_int_equal(r, want);
		if (r == STP_DROP_NONE)
			assert_int_equal(b.type, t);
	}

	/* Configuration and TCN BPDUs: the version is not checked, and kept. */
	for (v = 0; v < 256; v++) {
		make_bpdu(STP_BPDU_CONFIG, (uint8_t)v, buf);
		assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_NONE);
		assert_int_equal(b.version, v);
		make_bpdu(STP_BPDU_TCN, (uint8_t)v, buf);
		assert_int_equal(stp_bpdu_decode(buf, 4, &b), STP_DROP_NONE);
		assert_int_equal(b.version, v);
		/* Type 2 needs version 2 or more (9.3.4 c). */
		make_bpdu(STP_BPDU_RST, 2, buf);
		buf[2] = (uint8_t)v;
		assert_int_equal(stp_bpdu_decode(buf, 36, &b),
				 v < 2 ? STP_DROP_VERSION : STP_DROP_NONE);
	}
}

/* A frame around a BPDU of @n octets, padded to 60 with @padbyte. */
static size_t make_frame(const uint8_t *bpdu, size_t n, uint8_t padbyte, uint8_t *f)
{
	static const uint8_t hdr[17] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
					 0x00, 0x00, 0x09, 0x00, 0x00, 0x42, 0x42, 0x03 };

	memset(f, padbyte, STP_FRAME_MIN_LEN);
	memcpy(f, hdr, sizeof(hdr));
	f[13] = (uint8_t)(3 + n);
	memcpy(f + 17, bpdu, n);
	return 17 + n < STP_FRAME_MIN_LEN ? STP_FRAME_MIN_LEN : 17 + n;
}

static void test_frame_drops(void **state)
{
	uint8_t bpdu[64], f[128], g[128];
	struct stp_bpdu b;
	size_t n, i;

	(void)state;
	n = make_frame(bpdu, make_bpdu(STP_BPDU_CONFIG, 0, bpdu), 0, f);
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
	/* shorter than the header */
	for (i = 0; i < STP_FRAME_HDR_LEN; i++)
		assert_int_equal(stp_frame_decode(f, i, &b), STP_DROP_SHORT);
	/* each octet of the destination and of the LLC header */
	for (i = 0; i < 17; i++) {
		if (i >= 6 && i < 14)
			continue; /* source and length */
		memcpy(g, f, n);
		g[i] ^= 0x01;
		assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_NOT_STP);
	}
	/* other group addresses (01:80:c2:00:00:0x) are not STP's */
	memcpy(g, f, n);
	g[5] = 0x0e;
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_NOT_STP);
	/* an EtherType where the length belongs, and the longest 802.3 length */
	memcpy(g, f, n);
	g[12] = 0x08;
	g[13] = 0x00;
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_NOT_STP);
	g[12] = 0x05;
	g[13] = 0xdd; /* 1501 */
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_NOT_STP);
	g[13] = 0xdc; /* 1500, but the frame is 60 octets */
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_LENGTH);
	/* a length below the LLC header's */
	for (i = 0; i < 3; i++) {
		g[12] = 0;
		g[13] = (uint8_t)i;
		assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_NOT_STP);
	}
	/* the length says one octet more than the frame holds */
	memcpy(g, f, n);
	g[13] = (uint8_t)(n - 14 + 1);
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_LENGTH);
	g[13] = (uint8_t)(n - 14);
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_NONE);
	/* the length, not the padding, bounds the BPDU: 34 octets is short
	 * even though the padded frame holds 43 */
	memcpy(g, f, n);
	g[13] = 3 + 34;
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_SHORT);
	/* a whole frame cut short of its BPDU: length over the frame */
	assert_int_equal(stp_frame_decode(f, 17 + 34, &b), STP_DROP_LENGTH);
	/* drops from the BPDU itself come through */
	memcpy(g, f, n);
	g[17] = 1;
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_PROTOCOL);
	g[17] = 0;
	g[20] = 0x42;
	assert_int_equal(stp_frame_decode(g, n, &b), STP_DROP_TYPE);

	/* A TCN padded with what looks like a Configuration BPDU is a TCN. */
	n = make_frame(bpdu, make_bpdu(STP_BPDU_TCN, 0, bpdu), 0x11, f);
	assert_int_equal(n, STP_FRAME_MIN_LEN);
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
	assert_int_equal(b.type, STP_BPDU_TCN);
	assert_true(b.root_id == 0);
	/* and a TCN whose length field says 3 octets is short */
	f[13] = 3 + 3;
	assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_SHORT);
}

static void test_flags_and_roles(void **state)
{
	uint8_t buf[64];
	struct stp_bpdu b;
	unsigned int bit, role;

	(void)state;
	for (bit = 0; bit < 8; bit++) {
		uint8_t flag = (uint8_t)(1u << bit);

		make_bpdu(STP_BPDU_RST, 2, buf);
		buf[4] = flag;
		assert_int_equal(stp_bpdu_decode(buf, 36, &b), STP_DROP_NONE);
		assert_int_equal(b.flags, flag);
		/* A Configuration BPDU keeps TC (bit 1) and TCA (bit 8) only. */
		make_bpdu(STP_BPDU_CONFIG, 0, buf);
		buf[4] = flag;
		assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_NONE);
		assert_int_equal(b.flags, flag & (STP_FLAG_TC | STP_FLAG_TCA));
	}
	/* all eight at once, then the encoder's side of the same rule */
	buf[4] = 0xff;
	assert_int_equal(stp_bpdu_decode(buf, 35, &b), STP_DROP_NONE);
	assert_int_equal(b.flags, 0x81);
	b.flags = 0xff;
	assert_int_equal(stp_bpdu_encode(&b, buf, sizeof(buf)), 35);
	assert_int_equal(buf[4], 0x81);

	for (role = 0; role < 4; role++) {
		make_bpdu(STP_BPDU_RST, 2, buf);
		buf[4] = (uint8_t)(role << STP_FLAG_ROLE_SHIFT | STP_FLAG_TC | STP_FLAG_TCA);
		assert_int_equal(stp_bpdu_decode(buf, 36, &b), STP_DROP_NONE);
		assert_int_equal((b.flags & STP_FLAG_ROLE_MASK) >> STP_FLAG_ROLE_SHIFT, role);
		assert_int_equal(b.flags & ~STP_FLAG_ROLE_MASK, STP_FLAG_TC | STP_FLAG_TCA);
	}
	assert_int_equal(STP_BPDU_ROLE_UNKNOWN, 0);
	assert_int_equal(STP_BPDU_ROLE_ALT_BACKUP, 1);
	assert_int_equal(STP_BPDU_ROLE_ROOT, 2);
	assert_int_equal(STP_BPDU_ROLE_DESIGNATED, 3);
}

static void test_encode_limits(void **state)
{
	struct stp_bpdu b;
	uint8_t buf[64], src[6] = { 0x02, 0, 0, 0, 0, 0x01 };

	(void)state;
	memset(&b, 0, sizeof(b));
	b.type = STP_BPDU_CONFIG;
	assert_int_equal(stp_bpdu_encode(&b, buf, 34), 0);
	assert_int_equal(stp_bpdu_encode(&b, buf, 35), 35);
	b.type = STP_BPDU_TCN;
	assert_int_equal(stp_bpdu_encode(&b, buf, 3), 0);
	assert_int_equal(stp_bpdu_encode(&b, buf, 4), 4);
	b.type = STP_BPDU_RST;
	assert_int_equal(stp_bpdu_encode(&b, buf, 35), 0);
	assert_int_equal(stp_bpdu_encode(&b, buf, 36), 36);
	/* A zeroed RST struct goes out as version 2 (txRstp, 17.21.20). */
	assert_int_equal(buf[2], 2);
	assert_int_equal(buf[3], 2);
	assert_int_equal(buf[35], 0);
	assert_int_equal(stp_frame_encode(&b, src, buf, 59), 0);
	assert_int_equal(stp_frame_encode(&b, src, buf, 60), 60);
	assert_int_equal(buf[12], 0);
	assert_int_equal(buf[13], 39);
	b.type = (enum stp_bpdu_type)1;
	assert_int_equal(stp_bpdu_encode(&b, buf, sizeof(buf)), 0);
	assert_int_equal(stp_frame_encode(&b, src, buf, sizeof(buf)), 0);
}

static void test_reason_names(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i < STP_DROP_REASONS; i++) {
		const char *n = stp_drop_reason_name((enum stp_drop_reason)i);

		assert_non_null(n);
		assert_true(strlen(n) > 0);
		assert_string_not_equal(n, "unknown");
		for (j = 0; j < i; j++)
			assert_string_not_equal(n, stp_drop_reason_name((enum stp_drop_reason)j));
	}
	assert_string_equal(stp_drop_reason_name(STP_DROP_SHORT), "short");
	assert_string_equal(stp_drop_reason_name(STP_DROP_REASONS), "unknown");
	assert_string_equal(stp_drop_reason_name((enum stp_drop_reason) - 1), "unknown");
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A random valid BPDU of @type, as decode would return it. Times are drawn
 * from the whole 16-bit range, and near the edges now and then. */
static void random_bpdu(enum stp_bpdu_type type, struct stp_bpdu *b)
{
	memset(b, 0, sizeof(*b));
	b->type = type;
	switch (rng() % 4) {
	case 0:
		b->version = 0;
		break;
	case 1:
		b->version = 2;
		break;
	case 2:
		b->version = 3;
		break;
	default:
		b->version = (uint8_t)rng();
	}
	if (type == STP_BPDU_TCN)
		return;
	if (type == STP_BPDU_RST && b->version < 2)
		b->version = (uint8_t)(2 + rng() % 254);
	b->flags = (uint8_t)rng();
	if (type == STP_BPDU_CONFIG)
		b->flags &= STP_FLAG_TC | STP_FLAG_TCA;
	b->root_id = rng();
	b->root_path_cost = (uint32_t)rng();
	b->bridge_id = rng();
	b->port_id = (uint16_t)rng();
	b->max_age = (uint16_t)rng();
	b->message_age = (uint16_t)rng();
	b->hello_time = (uint16_t)rng();
	b->forward_delay = (uint16_t)rng();
	if (rng() % 8 == 0)
		b->max_age = (uint16_t)(rng() % 2 ? 0xffff : 1);
	if (type == STP_BPDU_CONFIG) {
		if (b->max_age == 0)
			b->max_age = 1;
		b->message_age = (uint16_t)(rng() % 4 == 0 ? b->max_age - 1u : rng() % b->max_age);
	}
}

static void test_roundtrip_property(void **state)
{
	static const enum stp_bpdu_type types[] = { STP_BPDU_CONFIG, STP_BPDU_TCN, STP_BPDU_RST };
	uint8_t buf[64], f[64];
	struct stp_bpdu x, y;
	unsigned int i, t;
	size_t n;

	(void)state;
	rng_state = 0x243f6a8885a308d3ULL; /* fixed seed: the same values every run */
	for (t = 0; t < 3; t++) {
		for (i = 0; i < 100000; i++) {
			random_bpdu(types[t], &x);
			/* decode(encode(x)) == x */
			n = stp_bpdu_encode(&x, buf, sizeof(buf));
			assert_int_not_equal(n, 0);
			assert_int_equal(stp_bpdu_decode(buf, n, &y), STP_DROP_NONE);
			assert_bpdu_equal(&x, &y);
			/* the same through a frame */
			memset(f, 0xa5, sizeof(f));
			assert_int_equal(stp_frame_encode(&x, f + 6, f, sizeof(f)), 60);
			assert_int_equal(stp_frame_decode(f, 60, &y), STP_DROP_NONE);
			assert_bpdu_equal(&x, &y);
		}
	}
}

/* encode(decode(frame)) == frame for canonical frames: random octets put
 * in canonical form (fixed header, unused flags clear, Version 1 Length 0,
 * zero padding), the Configuration BPDU's Message Age below its Max Age. */
static void test_canonical_frames(void **state)
{
	uint8_t f[64], out[64], r[64];
	struct stp_bpdu b;
	unsigned int i, k;
	size_t n, blen;

	(void)state;
	rng_state = 0x13198a2e03707344ULL;
	for (i = 0; i < 100000; i++) {
		uint8_t type = (uint8_t[]){ 0x00, 0x80, 0x02 }[i % 3];

		for (k = 0; k < sizeof(r); k++)
			r[k] = (uint8_t)rng();
		blen = type == 0x00 ? 35 : type == 0x80 ? 4 : 36;
		n = make_frame(r, blen, 0, f);
		memcpy(f + 6, r + 40, 6); /* a random source */
		f[17] = f[18] = 0;
		f[20] = type;
		if (type == 0x02 && f[19] < 2)
			f[19] = 2;
		if (type == 0x00) {
			f[21] &= STP_FLAG_TC | STP_FLAG_TCA;
			if (f[17 + 29] == 0 && f[17 + 30] == 0)
				f[17 + 30] = 1;
			/* Message Age below Max Age: take it from Max Age - 1 down */
			f[17 + 27] = f[17 + 29];
			f[17 + 28] = f[17 + 30];
			if (f[17 + 28]-- == 0)
				f[17 + 27]--;
		}
		if (type == 0x02)
			f[17 + 35] = 0;
		assert_int_equal(stp_frame_decode(f, n, &b), STP_DROP_NONE);
		assert_int_equal(stp_frame_encode(&b, f + 6, out, sizeof(out)), n);
		assert_memory_equal(out, f, n);
	}
}

/* Random octets after a valid header: whatever decode accepts re-encodes
 * to a BPDU that decodes the same. */
static void test_random_octets(void **state)
{
	uint8_t f[64], out[64];
	struct stp_bpdu b, again;
	unsigned int i, k, ok = 0;
	size_t n;

	(void)state;
	rng_state = 0xa4093822299f31d0ULL;
	for (i = 0; i < 200000; i++) {
		enum stp_drop_reason r;

		for (k = 0; k < sizeof(f); k++)
			f[k] = (uint8_t)rng();
		f[0] = f[1] = 0;
		f[3] = (uint8_t[]){ 0x00, 0x80, 0x02, f[3] }[i % 4];
		n = rng() % (sizeof(f) + 1);
		r = stp_bpdu_decode(f, n, &b);
		assert_true(r < STP_DROP_REASONS && r != STP_DROP_LOOPBACK);
		if (r != STP_DROP_NONE)
			continue;
		ok++;
		n = stp_bpdu_encode(&b, out, sizeof(out));
		assert_int_not_equal(n, 0);
		assert_int_equal(stp_bpdu_decode(out, n, &again), STP_DROP_NONE);
		assert_bpdu_equal(&b, &again);
	}
	assert_true(ok > 10000); /* the property was exercised, not skipped */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_config),
		cmocka_unit_test(test_kernel_config_flags),
		cmocka_unit_test(test_kernel_tcn),
		cmocka_unit_test(test_rst),
		cmocka_unit_test(test_mst),
		cmocka_unit_test(test_boundary_lengths),
		cmocka_unit_test(test_message_age),
		cmocka_unit_test(test_drop_protocol_type_version),
		cmocka_unit_test(test_frame_drops),
		cmocka_unit_test(test_flags_and_roles),
		cmocka_unit_test(test_encode_limits),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_roundtrip_property),
		cmocka_unit_test(test_canonical_frames),
		cmocka_unit_test(test_random_octets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

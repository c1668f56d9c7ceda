// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * BPDU codec: IEEE 802.1D-2004 9.3 (encoding), 9.3.4 (validation) and
 * 802.1Q 14.4 (an MST BPDU read as an RST BPDU). Pure: no system calls.
 *
 * Octet offsets within a BPDU (9.3.1-9.3.3, counting from 0):
 *   0 Protocol Identifier (2)   2 Protocol Version (1)   3 BPDU Type (1)
 *   4 Flags (1)                 5 Root Identifier (8)    13 Root Path Cost (4)
 *  17 Bridge Identifier (8)    25 Port Identifier (2)   27 Message Age (2)
 *  29 Max Age (2)              31 Hello Time (2)        33 Forward Delay (2)
 *  35 Version 1 Length (1, RST only)
 */
#include <string.h>

#include "stp/bpdu.h"

#define OFF_VERSION 2
#define OFF_TYPE 3
#define OFF_FLAGS 4
#define OFF_ROOT_ID 5
#define OFF_ROOT_COST 13
#define OFF_BRIDGE_ID 17
#define OFF_PORT_ID 25
#define OFF_MESSAGE_AGE 27
#define OFF_MAX_AGE 29
#define OFF_HELLO_TIME 31
#define OFF_FORWARD_DELAY 33
#define OFF_VERSION1_LEN 35

#define MAC_LEN 6
#define OFF_FRAME_LENGTH 12 /* the 802.3 length field */
#define OFF_FRAME_LLC 14
#define LLC_LEN 3
#define ETH_MAX_LENGTH 1500 /* above this the field is an EtherType */

static const uint8_t stp_group_addr[MAC_LEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
static const uint8_t stp_llc[LLC_LEN] = { 0x42, 0x42, 0x03 };

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

/* The parameters after the flags, common to Configuration and RST BPDUs. */
static void decode_body(const uint8_t *buf, struct stp_bpdu *out)
{
	out->root_id = get64(buf + OFF_ROOT_ID);
	out->root_path_cost = get32(buf + OFF_ROOT_COST);
	out->bridge_id = get64(buf + OFF_BRIDGE_ID);
	out->port_id = get16(buf + OFF_PORT_ID);
	out->message_age = get16(buf + OFF_MESSAGE_AGE);
	out->max_age = get16(buf + OFF_MAX_AGE);
	out->hello_time = get16(buf + OFF_HELLO_TIME);
	out->forward_delay = get16(buf + OFF_FORWARD_DELAY);
}

static void encode_body(const struct stp_bpdu *b, uint8_t *buf)
{
	put64(buf + OFF_ROOT_ID, b->root_id);
	put32(buf + OFF_ROOT_COST, b->root_path_cost);
	put64(buf + OFF_BRIDGE_ID, b->bridge_id);
	put16(buf + OFF_PORT_ID, b->port_id);
	put16(buf + OFF_MESSAGE_AGE, b->message_age);
	put16(buf + OFF_MAX_AGE, b->max_age);
	put16(buf + OFF_HELLO_TIME, b->hello_time);
	put16(buf + OFF_FORWARD_DELAY, b->forward_delay);
}

enum stp_drop_reason stp_bpdu_decode(const uint8_t *buf, size_t len, struct stp_bpdu *out)
{
	uint8_t version, type;

	/* Every BPDU has the Protocol Identifier, the version and the type. */
	if (len < STP_BPDU_TCN_LEN)
		return STP_DROP_SHORT;
	if (get16(buf) != 0)
		return STP_DROP_PROTOCOL;
	version = buf[OFF_VERSION];
	type = buf[OFF_TYPE];
	memset(out, 0, sizeof(*out));
	out->version = version;

	switch (type) {
	case STP_BPDU_CONFIG: /* 9.3.4 a) */
		if (len < STP_BPDU_CONFIG_LEN)
			return STP_DROP_SHORT;
		decode_body(buf, out);
		if (out->message_age >= out->max_age)
			return STP_DROP_AGE;
		out->type = STP_BPDU_CONFIG;
		out->flags = buf[OFF_FLAGS] & (STP_FLAG_TC | STP_FLAG_TCA);
		return STP_DROP_NONE;
	case STP_BPDU_TCN: /* 9.3.4 b) */
		out->type = STP_BPDU_TCN;
		return STP_DROP_NONE;
	case STP_BPDU_RST: /* 9.3.4 c); 802.1Q 14.4 c), d), e) */
		if (version < STP_VERSION_RSTP)
			return STP_DROP_VERSION;
		if (len < (version == STP_VERSION_RSTP ? STP_BPDU_RST_LEN : STP_BPDU_MST_MIN_LEN))
			return STP_DROP_SHORT;
		decode_body(buf, out);
		out->type = STP_BPDU_RST;
		out->flags = buf[OFF_FLAGS];
		return STP_DROP_NONE;
	default:
		return STP_DROP_TYPE;
	}
}

enum stp_drop_reason stp_frame_decode(const uint8_t *frame, size_t len, struct stp_bpdu *out)
{
	size_t llc_len;

	if (len < STP_FRAME_HDR_LEN)
		return STP_DROP_SHORT;
	if (memcmp(frame, stp_group_addr, MAC_LEN) != 0)
		return STP_DROP_NOT_STP;
	llc_len = get16(frame + OFF_FRAME_LENGTH);
	if (llc_len > ETH_MAX_LENGTH || llc_len < LLC_LEN)
		return STP_DROP_NOT_STP;
	if (memcmp(frame + OFF_FRAME_LLC, stp_llc, LLC_LEN) != 0)
		return STP_DROP_NOT_STP;
	/* The frame may be padded past the length; it may not be cut short of it. */
	if (llc_len > len - OFF_FRAME_LLC)
		return STP_DROP_LENGTH;
	return stp_bpdu_decode(frame + STP_FRAME_HDR_LEN, llc_len - LLC_LEN, out);
}

size_t stp_bpdu_encode(const struct stp_bpdu *b, uint8_t *buf, size_t len)
{
	size_t n;
	uint8_t version = b->version;

	switch (b->type) {
	case STP_BPDU_CONFIG:
		n = STP_BPDU_CONFIG_LEN;
		break;
	case STP_BPDU_TCN:
		n = STP_BPDU_TCN_LEN;
		break;
	case STP_BPDU_RST:
		n = STP_BPDU_RST_LEN;
		if (version < STP_VERSION_RSTP)
			version = STP_VERSION_RSTP;
		break;
	default:
		return 0;
	}
	if (len < n)
		return 0;
	memset(buf, 0, n);
	buf[OFF_VERSION] = version;
	buf[OFF_TYPE] = (uint8_t)b->type;
	if (b->type == STP_BPDU_TCN)
		return n;
	buf[OFF_FLAGS] =
		b->type == STP_BPDU_CONFIG ? b->flags & (STP_FLAG_TC | STP_FLAG_TCA) : b->flags;
	encode_body(b, buf);
	/* An RST BPDU's Version 1 Length (OFF_VERSION1_LEN) stays 0 (9.3.3). */
	return n;
}

size_t stp_frame_encode(const struct stp_bpdu *b, const uint8_t src[6], uint8_t *buf, size_t len)
{
	size_t n;

	if (len < STP_FRAME_MIN_LEN)
		return 0;
	n = stp_bpdu_encode(b, buf + STP_FRAME_HDR_LEN, len - STP_FRAME_HDR_LEN);
	if (n == 0)
		return 0;
	memcpy(buf, stp_group_addr, MAC_LEN);
	memcpy(buf + MAC_LEN, src, MAC_LEN);
	put16(buf + OFF_FRAME_LENGTH, (uint16_t)(LLC_LEN + n));
	memcpy(buf + OFF_FRAME_LLC, stp_llc, LLC_LEN);
	memset(buf + STP_FRAME_HDR_LEN + n, 0, STP_FRAME_MIN_LEN - STP_FRAME_HDR_LEN - n);
	return STP_FRAME_MIN_LEN;
}

const char *stp_drop_reason_name(enum stp_drop_reason r)
{
	static const char *const names[STP_DROP_REASONS] = {
		[STP_DROP_NONE] = "none",	  [STP_DROP_SHORT] = "short",
		[STP_DROP_NOT_STP] = "not stp",	  [STP_DROP_PROTOCOL] = "protocol",
		[STP_DROP_TYPE] = "type",	  [STP_DROP_AGE] = "message age",
		[STP_DROP_LOOPBACK] = "loopback", [STP_DROP_VERSION] = "version",
		[STP_DROP_LENGTH] = "length",
	};

	if ((unsigned int)r >= STP_DROP_REASONS)
		return "unknown";
	return names[r];
}

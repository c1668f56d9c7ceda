/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * BPDU codec (IEEE 802.1D-2004 clause 9): Configuration, TCN and RST BPDUs,
 * and MST BPDUs (802.1Q) read as RST BPDUs carrying their CIST information.
 * Pure: buffers in, structs out; no system calls. Not a public header.
 */
#ifndef BRKIT_STP_BPDU_H
#define BRKIT_STP_BPDU_H

#include <stddef.h>
#include <stdint.h>

/* 802.1D-2004 9.3.1-9.3.3: the BPDU Type octet. */
enum stp_bpdu_type {
	STP_BPDU_CONFIG = 0x00, /* Configuration BPDU, 35 octets */
	STP_BPDU_TCN = 0x80, /* Topology Change Notification BPDU, 4 octets */
	STP_BPDU_RST = 0x02, /* RST BPDU, 36 octets (also MST, read as RST) */
};

#define STP_BPDU_CONFIG_LEN 35
#define STP_BPDU_TCN_LEN 4
#define STP_BPDU_RST_LEN 36
/* The frame around a BPDU: 802.3 header (dst, src, length) and LLC 42 42 03. */
#define STP_FRAME_HDR_LEN 17
#define STP_FRAME_MIN_LEN 60 /* padded minimum Ethernet frame (no FCS) */
/* 802.1Q 14.4 d): an MST BPDU (version 3 or more) needs only 35 octets to be
 * read as an RST BPDU, since the Version 1 Length octet is not used. */
#define STP_BPDU_MST_MIN_LEN 35

/* Protocol Version Identifier values (9.3.1-9.3.3, 802.1Q 14.2). */
#define STP_VERSION_STP 0
#define STP_VERSION_RSTP 2
#define STP_VERSION_MSTP 3

/* 802.1D-2004 9.3.3: the flags octet. */
#define STP_FLAG_TC 0x01
#define STP_FLAG_PROPOSAL 0x02
#define STP_FLAG_ROLE_MASK 0x0c
#define STP_FLAG_ROLE_SHIFT 2
#define STP_FLAG_LEARNING 0x10
#define STP_FLAG_FORWARDING 0x20
#define STP_FLAG_AGREEMENT 0x40
#define STP_FLAG_TCA 0x80

/* The Port Role field of an RST BPDU's flags (9.3.3). */
enum stp_bpdu_role {
	STP_BPDU_ROLE_UNKNOWN = 0, /* Master port in MSTP; read as Unknown here */
	STP_BPDU_ROLE_ALT_BACKUP = 1,
	STP_BPDU_ROLE_ROOT = 2,
	STP_BPDU_ROLE_DESIGNATED = 3,
};

/* A decoded BPDU. Identifiers are held as the 64-bit (bridge) or 16-bit
 * (port) big-endian numbers they are on the wire, so comparing them as
 * integers is the standard's comparison. Times are in the wire's unit of
 * 1/256 s. Fields a type does not carry are zero.
 *
 * An MST BPDU decodes as type STP_BPDU_RST with its version (3 or more): its
 * first 36 octets are the CIST's, laid out as an RST BPDU's, with the CIST
 * Regional Root Identifier where an RST BPDU has the Bridge Identifier, and
 * role 0 (Master) where an RST BPDU has Unknown. The MSTI records are not read. */
struct stp_bpdu {
	enum stp_bpdu_type type;
	uint8_t version; /* Protocol Version Identifier as received (0, 2, 3, ...) */
	uint8_t flags; /* STP_FLAG_*; a Configuration BPDU keeps TC and TCA only */
	uint64_t root_id;
	uint32_t root_path_cost;
	uint64_t bridge_id;
	uint16_t port_id;
	uint16_t message_age;
	uint16_t max_age;
	uint16_t hello_time;
	uint16_t forward_delay;
};

/* Why a received frame was not taken as a BPDU; the daemon counts each. */
enum stp_drop_reason {
	STP_DROP_NONE = 0,
	STP_DROP_SHORT, /* fewer octets than the type needs (35, 4, 36; 35 for MST) */
	STP_DROP_NOT_STP, /* not to 01:80:c2:00:00:00, an EtherType (not an 802.3
			   * length), or LLC not 42 42 03 */
	STP_DROP_PROTOCOL, /* Protocol Identifier not 0 */
	STP_DROP_TYPE, /* unknown BPDU Type */
	STP_DROP_AGE, /* Configuration BPDU: Message Age not below Max Age (9.3.4 a) */
	STP_DROP_LOOPBACK, /* our own BPDU came back (9.3.4 a, checked by the engine) */
	STP_DROP_VERSION, /* BPDU Type 2 with a Protocol Version below 2 (9.3.4 c) */
	STP_DROP_LENGTH, /* the 802.3 length says more octets than the frame holds */
	STP_DROP_REASONS
};

/* Decode the BPDU that starts at @buf (the Protocol Identifier), @len octets,
 * validating as 802.1D-2004 9.3.4 says:
 *  - Type 0x00 with 35 or more octets and Message Age < Max Age: a
 *    Configuration BPDU, whatever its version; flags other than TC and TCA
 *    are cleared (9.3.1 leaves them unused);
 *  - Type 0x80 with 4 or more octets: a TCN BPDU, whatever its version;
 *  - Type 0x02, version 2, 36 or more octets: an RST BPDU. Version 3 or
 *    more with 35 or more octets (802.1Q 14.4 d, e): an MST BPDU, read as
 *    an RST BPDU carrying its CIST information. An RST BPDU's Message Age is
 *    not checked here: the engine ages such information out (17.21.23).
 * Octets past the type's length are ignored. Returns STP_DROP_NONE (0) and
 * fills @out, or the reason it is not a valid BPDU (@out then undefined). */
enum stp_drop_reason stp_bpdu_decode(const uint8_t *buf, size_t len, struct stp_bpdu *out);

/* Decode an Ethernet frame (destination MAC first, no FCS): checks the
 * destination, that the type/length field is an 802.3 length (<= 1500) that
 * the frame holds, and the LLC header, then decodes the BPDU behind it,
 * taking the length field's octets only (the frame may be padded). */
enum stp_drop_reason stp_frame_decode(const uint8_t *frame, size_t len, struct stp_bpdu *out);

/* Encode @b (its type picks the layout) at @buf, room @len. Returns the
 * octets written (35, 4 or 36), or 0 when @len is too small or the type is
 * not one of enum stp_bpdu_type. The version written is @b->version, except
 * that an RST BPDU carries at least 2 (so a zeroed struct encodes as the
 * standard's txConfig, txTcn and txRstp send). A Configuration BPDU carries
 * the TC and TCA flags only; an RST BPDU's Version 1 Length is 0. */
size_t stp_bpdu_encode(const struct stp_bpdu *b, uint8_t *buf, size_t len);

/* Encode @b as a whole frame from source MAC @src: 01:80:c2:00:00:00, @src,
 * the 802.3 length, LLC 42 42 03, the BPDU, zero padding to 60 octets.
 * Returns the frame length, or 0 when @len is too small. */
size_t stp_frame_encode(const struct stp_bpdu *b, const uint8_t src[6], uint8_t *buf, size_t len);

/* A short English name for a drop reason ("short", "not stp", ...). */
const char *stp_drop_reason_name(enum stp_drop_reason r);

#endif

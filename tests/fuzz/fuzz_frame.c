// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for brkit-stpd's whole BPDU input path: frames as its
 * packet socket delivers them (sockaddr_ll's packet type, then the Ethernet
 * frame) through stpd_frame_parse() (destination, 802.3 length, LLC) and the
 * BPDU decoder into the engine (stp/rstp.c) of a bridge of NPORTS ports with
 * stub callbacks, interleaved with ticks, batches and setting changes.
 *
 * Input layout (every byte is the fuzzer's):
 *   [0]          bridge: bit 0 Force Protocol Version STP, bits 1-3 priority
 *                step, bits 4-5 times (defaults, fastest, slowest, odd),
 *                bits 6-7 Transmit Hold Count
 *   [1..NPORTS]  per port: bit 0 up, 1 bpduguard, 2 rootguard, 3 bpdufilter,
 *                4 admin edge, 5 auto edge, 6 point-to-point, 7 restrictedTcn
 *   then records, one opcode octet each:
 *     0x00-0x7f  a frame on port (op % NPORTS); next octet: its packet type
 *                (low 3 bits) and length (high 5 bits x 4, plus the octet
 *                after); then that many octets of frame
 *     0x80-0x9f  (op & 0x1f) + 1 ticks (MAX_TICKS in all: timers of at most
 *                40 s matter, and ticks are what costs)
 *     0xa0-0xbf  batch begin (even) / end (odd)
 *     0xc0-0xdf  port ((op >> 3) % NPORTS) setting (op & 7) flips
 *     0xe0-0xff  port (op % NPORTS): the MAC goes down / up, reinit, mcheck
 *
 * Nothing may crash, leak or be undefined (ASan, UBSan); the engine's
 * invariants are checked after every record: valid roles and states, a root
 * no worse than the bridge itself, the bridge is root exactly when it has no
 * root port, a root port is enabled and has the root role, and every BPDU it
 * sends encodes and decodes to itself. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_packet.h>

#include "stp/bpdu.h"
#include "stp/stp.h"
#include "stpd/stpd.h"

#define NPORTS 4
#define MAX_TICKS 128

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned int sent;

static bool same(const struct stp_bpdu *a, const struct stp_bpdu *b)
{
	return a->type == b->type && a->flags == b->flags && a->root_id == b->root_id &&
	       a->root_path_cost == b->root_path_cost && a->bridge_id == b->bridge_id &&
	       a->port_id == b->port_id && a->message_age == b->message_age &&
	       a->max_age == b->max_age && a->hello_time == b->hello_time &&
	       a->forward_delay == b->forward_delay;
}

/* What the daemon does with a BPDU to send: a frame. It must read back. */
static void op_send(void *ctx, unsigned int port, const struct stp_bpdu *b)
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 1 };
	uint8_t f[STP_FRAME_MIN_LEN];
	struct stp_bpdu back;

	(void)ctx;
	if (port >= NPORTS)
		abort();
	if (stp_frame_encode(b, src, f, sizeof(f)) != sizeof(f))
		abort();
	if (stpd_frame_parse(PACKET_MULTICAST, f, sizeof(f), &back) != STP_DROP_NONE)
		abort();
	if (b->type != STP_BPDU_TCN && !same(b, &back))
		abort();
	sent++;
}

static void op_set_state(void *ctx, unsigned int port, enum stp_state s)
{
	(void)ctx;
	if (port >= NPORTS ||
	    (s != STP_STATE_DISCARDING && s != STP_STATE_LEARNING && s != STP_STATE_FORWARDING))
		abort();
}

static void op_flush(void *ctx, unsigned int port)
{
	(void)ctx;
	if (port >= NPORTS)
		abort();
}

static const struct stp_ops ops = {
	.send = op_send,
	.set_state = op_set_state,
	.flush = op_flush,
};

static void check(struct stp_bridge *br)
{
	struct stp_port_info pi;
	int rp = stp_root_port(br);
	unsigned int i;

	if (stp_root_id(br) > stp_bridge_id(br))
		abort();
	if (stp_is_root(br) != (rp < 0))
		abort();
	if (stp_is_root(br) && (stp_root_id(br) != stp_bridge_id(br) || stp_root_path_cost(br)))
		abort();
	if (rp >= NPORTS)
		abort();
	for (i = 0; i < NPORTS; i++) {
		if (stp_port_info(br, i, &pi) != 0)
			abort();
		if (pi.role > STP_ROLE_BACKUP || pi.state > STP_STATE_FORWARDING)
			abort();
		if ((int)i == rp && (!pi.enabled || pi.role != STP_ROLE_ROOT))
			abort();
		if (!pi.enabled && pi.state != STP_STATE_DISCARDING)
			abort();
	}
}

static void set_port(struct stp_bridge *br, unsigned int p, unsigned int which, bool on)
{
	switch (which) {
	case 0:
		stp_port_enable(br, p, on);
		break;
	case 1:
		stp_port_set_bpdu_guard(br, p, on);
		break;
	case 2:
		stp_port_set_root_guard(br, p, on);
		break;
	case 3:
		stp_port_set_bpdu_filter(br, p, on);
		break;
	case 4:
		stp_port_set_admin_edge(br, p, on);
		break;
	case 5:
		stp_port_set_auto_edge(br, p, on);
		break;
	case 6:
		stp_port_set_admin_p2p(br, p, on ? STP_P2P_ON : STP_P2P_OFF);
		break;
	default:
		stp_port_set_tcn_guard(br, p, on);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int times[4][3] = {
		{ 2, 20, 15 }, { 1, 6, 4 }, { 2, 40, 30 }, { 1, 9, 6 }
	};
	uint8_t cfg[NPORTS] = { 0 };
	struct stp_bridge *br;
	struct stp_bpdu b;
	size_t pos = 0;
	unsigned int i, batch = 0, nticks = 0;

	if (size < 1 + NPORTS)
		return 0;
	if (stp_bridge_new(&br, 0x025e00005301ULL, NPORTS, &ops, NULL) != 0)
		abort();
	sent = 0;
	if (stp_set_force_version(br, data[0] & 1 ? STP_FORCE_STP : STP_FORCE_RSTP) ||
	    stp_set_priority(br, ((data[0] >> 1) & 7) * 8192) ||
	    stp_set_times(br, times[(data[0] >> 4) & 3][0], times[(data[0] >> 4) & 3][1],
			  times[(data[0] >> 4) & 3][2]) ||
	    stp_set_tx_hold_count(br, 1 + (data[0] >> 6) * 3))
		abort();
	for (i = 0; i < NPORTS; i++) {
		unsigned int k;

		cfg[i] = data[1 + i];
		for (k = 1; k < 8; k++)
			set_port(br, i, k, cfg[i] >> k & 1);
		stp_port_set_mac_p2p(br, i, true);
		set_port(br, i, 0, cfg[i] & 1);
	}
	pos = 1 + NPORTS;
	check(br);
	while (pos < size) {
		uint8_t op = data[pos++];

		if (op < 0x80) {
			unsigned int port = op % NPORTS;
			size_t len;
			int r;

			if (pos + 2 > size)
				break;
			len = (size_t)(data[pos] >> 3) * 4 + data[pos + 1];
			r = data[pos] & 7; /* PACKET_HOST .. PACKET_KERNEL */
			pos += 2;
			if (len > size - pos)
				len = size - pos;
			/* a copy of exactly the frame: ASan sees a read past it */
			{
				uint8_t *f = malloc(len ? len : 1);

				if (!f)
					abort();
				memcpy(f, data + pos, len);
				r = stpd_frame_parse(r, f, len, &b);
				free(f);
			}
			pos += len;
			if (r < -1 || r >= STP_DROP_REASONS || r == STP_DROP_LOOPBACK)
				abort();
			if (r == STP_DROP_NONE && stp_receive(br, port, &b) != 0)
				abort();
		} else if (op < 0xa0) {
			for (i = 0; i <= (op & 0x1fu) && nticks < MAX_TICKS; i++, nticks++)
				stp_tick(br);
		} else if (op < 0xc0) {
			if (op & 1) {
				if (batch) {
					stp_batch_end(br);
					batch = 0;
				}
			} else if (!batch) {
				stp_batch_begin(br);
				batch = 1;
			}
		} else if (op < 0xe0) {
			unsigned int port = (op >> 3) % NPORTS, which = op & 7;

			cfg[port] ^= (uint8_t)(1u << which);
			set_port(br, port, which, cfg[port] >> which & 1);
		} else {
			unsigned int port = op % NPORTS;

			switch ((op >> 2) & 3) {
			case 0:
				stp_port_enable(br, port, false);
				cfg[port] &= (uint8_t)~1u;
				break;
			case 1:
				stp_port_enable(br, port, true);
				cfg[port] |= 1;
				break;
			case 2:
				stp_port_reinit(br, port);
				break;
			default:
				stp_port_mcheck(br, port);
				break;
			}
		}
		if (!batch)
			check(br);
	}
	if (batch)
		stp_batch_end(br);
	check(br);
	stp_bridge_free(br);
	return 0;
}

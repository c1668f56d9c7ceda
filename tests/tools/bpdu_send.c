// SPDX-License-Identifier: GPL-2.0-or-later
/* A hostile BPDU sender for the brkit-stpd suites: writes a Configuration,
 * RST or TCN BPDU claiming root ROOT (and bridge ROOT) as a whole Ethernet
 * frame on IFACE through an AF_PACKET socket, COUNT times, INTERVAL ms apart.
 *   bpdu_send IFACE DST config|rst|tcn ROOT COUNT INTERVAL_MS [LENGTH [FRAMELEN]]
 * DST: the destination MAC (aa:bb:cc:dd:ee:ff); ROOT: 16 hex digits (the
 * bridge id, e.g. 0000000000000001). LENGTH overrides the 802.3 length field
 * (default: 3 + the BPDU's own length); FRAMELEN sends that many octets of the
 * frame (default 60, zero padded), so a length past the frame or a short
 * length followed by padding can be put on the wire. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include "stp/bpdu.h"

static int usage(void)
{
	fprintf(stderr, "usage: bpdu_send IFACE DST config|rst|tcn ROOT COUNT INTERVAL_MS "
			"[LENGTH [FRAMELEN]]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const uint8_t src[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x99 };
	uint8_t frame[1514] = { 0 };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = ETH_ALEN };
	struct stp_bpdu b = { 0 };
	unsigned int mac[6];
	unsigned long count, interval, i;
	size_t flen = STP_FRAME_MIN_LEN;
	char *end;
	int fd, k;

	if (argc < 7 || argc > 9)
		return usage();
	if (sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4],
		   &mac[5]) != 6)
		return usage();
	if (!strcmp(argv[3], "config")) {
		b.type = STP_BPDU_CONFIG;
	} else if (!strcmp(argv[3], "rst")) {
		b.type = STP_BPDU_RST;
		b.version = STP_VERSION_RSTP;
		b.flags = STP_BPDU_ROLE_DESIGNATED << STP_FLAG_ROLE_SHIFT | STP_FLAG_LEARNING |
			  STP_FLAG_FORWARDING;
	} else if (!strcmp(argv[3], "tcn")) {
		b.type = STP_BPDU_TCN;
	} else {
		return usage();
	}
	errno = 0;
	b.root_id = b.bridge_id = strtoull(argv[4], &end, 16);
	if (errno || *end || strlen(argv[4]) != 16)
		return usage();
	b.port_id = 0x8001;
	b.max_age = 20 * 256;
	b.hello_time = 2 * 256;
	b.forward_delay = 15 * 256;
	count = strtoul(argv[5], NULL, 10);
	interval = strtoul(argv[6], NULL, 10);
	if (stp_frame_encode(&b, src, frame, sizeof(frame)) == 0)
		return 1;
	for (k = 0; k < 6; k++)
		frame[k] = (uint8_t)mac[k];
	if (argc > 7) {
		unsigned long l = strtoul(argv[7], NULL, 10);

		frame[12] = (uint8_t)(l >> 8);
		frame[13] = (uint8_t)l;
	}
	if (argc > 8) {
		flen = strtoul(argv[8], NULL, 10);
		if (flen < 17 || flen > sizeof(frame))
			return usage();
	}
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (sll.sll_ifindex == 0) {
		fprintf(stderr, "bpdu_send: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memcpy(sll.sll_addr, frame, ETH_ALEN);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		fprintf(stderr, "bpdu_send: packet socket: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < count; i++) {
		struct timespec ts = { .tv_sec = (time_t)(interval / 1000),
				       .tv_nsec = (long)(interval % 1000) * 1000000L };

		if (sendto(fd, frame, flen, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			fprintf(stderr, "bpdu_send: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		if (i + 1 < count)
			nanosleep(&ts, NULL);
	}
	close(fd);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* tap_guest: play a VM's guest on a tap, as QEMU's NIC would: attach to the
 * existing (persistent) tap TAP of the current namespace and ask for PEER's
 * MAC with ARP, from the guest's own MAC and address.
 *   tap_guest TAP MAC IP PEER [SECS]
 * Every 250 ms an ARP request "who has PEER, tell IP" leaves from source MAC
 * MAC; every frame the bridge sends to the tap is read. Prints "reply MAC"
 * and exits 0 when PEER's ARP reply to MAC arrives; prints "no reply" and
 * exits 1 after SECS seconds (default 20); exits 2 on bad arguments or when
 * the tap cannot be attached. The vm-port lock suite uses it: a locked port
 * that pins another MAC than the guest's drops the requests. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

static int parse_mac(const char *s, unsigned char m[6])
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		m[i] = (unsigned char)b[i];
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* An ARP request who-has @peer tell @ip, from @mac, broadcast: 42 bytes. */
static size_t arp_request(unsigned char *f, const unsigned char mac[6], struct in_addr ip,
			  struct in_addr peer)
{
	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08;
	f[13] = 0x06;
	f[14] = 0x00; /* hardware: Ethernet */
	f[15] = 0x01;
	f[16] = 0x08; /* protocol: IPv4 */
	f[17] = 0x00;
	f[18] = 6;
	f[19] = 4;
	f[20] = 0x00; /* request */
	f[21] = 0x01;
	memcpy(f + 22, mac, 6);
	memcpy(f + 28, &ip, 4);
	memcpy(f + 38, &peer, 4);
	return 60; /* padded to the Ethernet minimum */
}

int main(int argc, char **argv)
{
	unsigned char mac[6], f[2048];
	struct in_addr ip, peer;
	struct ifreq ifr;
	long secs = 20, end, next = 0;
	int fd;

	if (argc < 5 || argc > 6 || parse_mac(argv[2], mac) || !inet_aton(argv[3], &ip) ||
	    !inet_aton(argv[4], &peer) || (argc == 6 && (secs = atol(argv[5])) <= 0) ||
	    strlen(argv[1]) >= IFNAMSIZ) {
		fprintf(stderr, "usage: tap_guest TAP MAC IP PEER [SECS]\n");
		return 2;
	}
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("tap_guest: /dev/net/tun");
		return 2;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "tap_guest: attaching to %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	end = now_ms() + secs * 1000;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long t = now_ms();
		ssize_t n;

		if (t >= end)
			break;
		if (t >= next) {
			size_t len = arp_request(f, mac, ip, peer);

			if (write(fd, f, len) < 0 && errno != EIO) {
				perror("tap_guest: write");
				return 2;
			}
			next = t + 250;
		}
		if (poll(&p, 1, (int)(next - t)) <= 0)
			continue;
		n = read(fd, f, sizeof(f));
		/* an ARP reply (op 2) to the guest's MAC, from PEER */
		if (n >= 42 && !memcmp(f, mac, 6) && f[12] == 0x08 && f[13] == 0x06 && f[20] == 0 &&
		    f[21] == 2 && !memcmp(f + 28, &peer, 4)) {
			printf("reply %02x:%02x:%02x:%02x:%02x:%02x\n", f[22], f[23], f[24], f[25],
			       f[26], f[27]);
			return 0;
		}
	}
	printf("no reply\n");
	return 1;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The README's example harness: bring a lab up from a file, check that h1
 * pings h2 (an ICMP echo sent from inside h1's namespace), tear it down.
 * Build: cc lab_example.c $(pkg-config --cflags --libs brkit)
 * Usage: lab_example FILE NAME   (root; exit 0 when the ping came back) */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/ip_icmp.h>
#include <brkit/lab.h>

/* One ICMP echo to 192.0.2.2 and its reply; runs inside h1's namespace. */
static int ping_once(struct brkit *h, void *arg)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct icmphdr req = { .type = ICMP_ECHO, .un.echo.id = htons(0x6b6c) };
	struct pollfd pfd;
	char buf[256];
	int fd, ok = 0, tries;

	(void)h;
	(void)arg;
	inet_pton(AF_INET, "192.0.2.2", &to.sin_addr);
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (fd < 0)
		return -errno;
	for (tries = 1; tries <= 5 && !ok; tries++) {
		uint32_t sum = 0;
		uint16_t *w = (uint16_t *)&req;
		size_t i;

		req.un.echo.sequence = htons((uint16_t)tries);
		req.checksum = 0;
		for (i = 0; i < sizeof(req) / 2; i++)
			sum += w[i];
		req.checksum = (uint16_t) ~((sum & 0xffff) + (sum >> 16));
		sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&to, sizeof(to));
		pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
		while (!ok && poll(&pfd, 1, 1000) > 0) {
			ssize_t n = recv(fd, buf, sizeof(buf), 0);
			size_t ihl = n > 0 ? (size_t)(buf[0] & 0xf) * 4 : 0;
			const struct icmphdr *rep = (const struct icmphdr *)(buf + ihl);

			ok = n >= (ssize_t)(ihl + sizeof(*rep)) && rep->type == ICMP_ECHOREPLY &&
			     rep->un.echo.id == req.un.echo.id;
		}
	}
	close(fd);
	return ok ? 0 : -ETIMEDOUT;
}

int main(int argc, char **argv)
{
	struct brkit_lab_error err;
	struct brkit *h1;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: lab_example FILE NAME\n");
		return 2;
	}
	if (brkit_lab_up(argv[1], argv[2], &err)) {
		fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.column, err.msg);
		return 1;
	}
	ret = brkit_lab_open(&h1, argv[2], "h1");
	if (ret == 0) {
		ret = brkit_in_netns(h1, ping_once, NULL);
		brkit_close(h1);
	}
	printf("h1 -> h2: %s\n", ret ? strerror(-ret) : "ping answered");
	if (brkit_lab_down(argv[2], &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return ret ? 1 : 0;
}

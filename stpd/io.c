// SPDX-License-Identifier: GPL-2.0-or-later
/* BPDUs in (one AF_PACKET socket on every device of the namespace, with a
 * kernel filter) and out (the same kind of socket, sendto by ifindex), and
 * the nftables chain that stops a bridge with STP off relaying BPDUs
 * (libnftables is loaded in a short-lived child, never in the daemon).
 *
 * Not libpcap on "any": its cooked (DLT_LINUX_SLL2) frames have lost the
 * Ethernet header, so neither the destination address nor the 802.3 length
 * could be checked, and any multicast LLC 42 42 frame passed for a BPDU
 * (issue 15). A raw packet socket sees whole frames, before the bridge
 * decides anything, as a capture does. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "nl/util.h"
#include "stpd/daemon.h"

/* The receive buffer: 64 KiB holds a few hundred BPDUs (each a small
 * frame plus the kernel's skb overhead) between two reads. */
#define RX_BUFFER (64 * 1024)
/* A frame is read whole up to this; a longer one is cut (its 802.3 length,
 * at most 1500, still lies within the octets read). */
#define RX_FRAME 2048

/* The kernel's half of stpd_frame_parse(): received (not sent by us) and
 * multicast, no VLAN tag taken off by the driver, to 01:80:c2:00:00:00, a
 * type/length field that is an 802.3 length, LLC 42 42 03. Whatever else
 * the frame holds (its length against its size, the BPDU) is read by
 * stpd_frame_parse() again, which counts what it drops. */
static struct sock_filter bpdu_filter[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_MULTICAST, 0, 12),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 10),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0180c200, 0, 8),
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0000, 0, 6),
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 1500, 4, 0),
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 14),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4242, 0, 2),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 16),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x03, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, 0),
	BPF_STMT(BPF_RET | BPF_K, RX_FRAME),
};

int stpd_io_open(struct stpd *d, char *err, size_t len)
{
	struct sock_fprog prog = { .len = sizeof(bpdu_filter) / sizeof(bpdu_filter[0]),
				   .filter = bpdu_filter };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int one = 1, size = RX_BUFFER;

	d->txfd = -1;
	/* protocol 0: nothing is queued until bind(), after the filter is on */
	d->rxfd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (d->rxfd < 0) {
		snprintf(err, len, "packet socket: %s", strerror(errno));
		return -1;
	}
	if (setsockopt(d->rxfd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0) {
		snprintf(err, len, "packet socket: BPDU filter: %s", strerror(errno));
		goto fail;
	}
	/* our own transmissions never come back (the filter drops them too) */
	setsockopt(d->rxfd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
	setsockopt(d->rxfd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(d->rxfd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		snprintf(err, len, "packet socket: bind: %s", strerror(errno));
		goto fail;
	}
	d->txfd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (d->txfd < 0) {
		snprintf(err, len, "packet socket: %s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	stpd_io_close(d);
	return -1;
}

void stpd_io_close(struct stpd *d)
{
	if (d->rxfd >= 0)
		close(d->rxfd);
	if (d->txfd >= 0)
		close(d->txfd);
	d->txfd = d->rxfd = -1;
}

/* Everything readable, in one batch per engine: Port Transmit runs once it
 * is all taken in (stp_batch_begin()), so a burst of BPDUs on a port costs
 * one transmission per port, not one per BPDU. */
void stpd_io_read(struct stpd *d)
{
	uint8_t frame[RX_FRAME];
	int total = 0;
	size_t i;

	for (i = 0; i < d->nbr; i++)
		stp_batch_begin(d->br[i]->stp);
	while (total < 4096) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n =
			recvfrom(d->rxfd, frame, sizeof(frame), 0, (struct sockaddr *)&from, &fl);

		if (n < 0)
			break;
		total++;
		if (fl < offsetof(struct sockaddr_ll, sll_addr))
			continue;
		stpd_receive(d, from.sll_ifindex, from.sll_pkttype, frame, (size_t)n);
	}
	for (i = 0; i < d->nbr; i++)
		stp_batch_end(d->br[i]->stp);
}

int stpd_io_send(struct stpd *d, int ifindex, const uint8_t *frame, size_t len)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = ifindex,
		.sll_halen = ETH_ALEN,
	};

	memcpy(sll.sll_addr, frame, ETH_ALEN);
	if (sendto(d->txfd, frame, len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	return 0;
}

#define NFT_TABLE "brkit_stpd"
/* The child's half: libnftables is loaded here only (brkit_nft_run), its
 * error text written to @wfd. Returns the exit status (0: done). */
static int nft_child(const char *cmd, int wfd)
{
	char err[1024];

	if (brkit_nft_run(cmd, err, sizeof(err))) {
		dprintf(wfd, "%s", err);
		return 1;
	}
	return 0;
}

/* Run one nftables command in a short-lived child that loads libnftables:
 * the library and its dependencies (libnftnl, libgmp, libxtables,
 * libjansson: about 1.3 MB of RSS) and a context (about 2 MB of heap) are
 * never mapped in the daemon, which changes rules only when a bridge or
 * port comes or goes. The child's error text is logged here. */
static int nft_exec(const char *cmd)
{
	char *msg = NULL;
	size_t got = 0;
	int fds[2], st = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		stpd_log(3, "nftables: pipe: %s", strerror(errno));
		return -errno;
	}
	pid = fork();
	if (pid < 0) {
		int e = errno;

		stpd_log(3, "nftables: fork: %s", strerror(e));
		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	if (pid == 0) {
		close(fds[0]);
		_exit(nft_child(cmd, fds[1]));
	}
	close(fds[1]);
	/* the child's error text, all of it (the child never blocks on a full pipe) */
	if (brkit_read_fd(fds[0], 0, &msg, &got) < 0)
		got = 0;
	close(fds[0]);
	while (got && (msg[got - 1] == '\n' || msg[got - 1] == ' '))
		msg[--got] = '\0';
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			stpd_log(3, "nftables: waitpid: %s", strerror(errno));
			free(msg);
			return -EIO;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		free(msg);
		return 0;
	}
	if (WIFSIGNALED(st))
		stpd_log(3, "nftables: the child running \"%.*s\" died of signal %d", 60, cmd,
			 WTERMSIG(st));
	else
		stpd_log(3, "nftables: %.1023s", got ? msg : "failed");
	free(msg);
	return -EIO;
}

/* nft_exec(), timed in the debug log (-v): each run costs a fork, loading
 * libnftables and a context, tens of milliseconds. */
static int nft_run(const char *cmd)
{
	double t0 = stpd_debug ? stpd_now() : 0;
	int ret = nft_exec(cmd);
	size_t n = strlen(cmd);
	const char *last;

	/* the last line: the elements when the table comes first */
	while (n && cmd[n - 1] == '\n')
		n--;
	for (last = cmd + n; last > cmd && last[-1] != '\n'; last--)
		;
	stpd_dbg("nft %.*s: %d %.3f ms", (int)(cmd + n - last), last, ret, (stpd_now() - t0) * 1e3);
	return ret;
}

/* One table: a set of the ports of the bridges run in mode c, and a chain on
 * the bridge family's forward hook dropping BPDUs that came in on one of them
 * (with STP off the kernel relays them on purpose). The kernel here has no
 * `meta ibrname` (nft_meta_bridge): ports are named one by one instead. */
#define NFT_INIT                                                          \
	"add table bridge " NFT_TABLE "\n"                                \
	"delete table bridge " NFT_TABLE "\n"                             \
	"add table bridge " NFT_TABLE "\n"                                \
	"add set bridge " NFT_TABLE " ports { type ifname; }\n"           \
	"add chain bridge " NFT_TABLE " bpdu { type filter hook forward " \
	"priority -200; policy accept; }\n"                               \
	"add rule bridge " NFT_TABLE " bpdu meta iifname @ports "         \
	"ether daddr 01:80:c2:00:00:00 counter drop\n"

int stpd_nft_init(struct stpd *d)
{
	int ret;

	if (d->nft)
		return 0;
	/* one transaction: a table left by a daemon that was killed goes */
	ret = nft_run(NFT_INIT);
	if (!ret)
		d->nft = d; /* the table is in place */
	return ret;
}

/* @n ports in one transaction, with the table when it is not there yet (each
 * libnftables run costs tens of milliseconds, which delayed `stp BR on`); a
 * delete that fails (one name not in the set fails them all) falls back to
 * one by one. */
int stpd_nft_ports(struct stpd *d, const char *const *ports, size_t n, bool add)
{
	size_t len = sizeof(NFT_INIT) + 128 + n * (IFNAMSIZ + 4), off = 0, i;
	char *cmd;
	int ret;

	if (!n)
		return add ? stpd_nft_init(d) : 0;
	if (!add && !d->nft && stpd_nft_init(d))
		return -EIO;
	cmd = malloc(len);
	if (!cmd)
		return -ENOMEM;
	if (!d->nft)
		off = (size_t)snprintf(cmd, len, "%s", NFT_INIT);
	off += (size_t)snprintf(cmd + off, len - off, "%s element bridge " NFT_TABLE " ports { ",
				add ? "add" : "delete");
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(cmd + off, len - off, "%s\"%.*s\"", i ? ", " : "",
					IFNAMSIZ - 1, ports[i]);
	snprintf(cmd + off, len - off, " }\n");
	ret = nft_run(cmd);
	free(cmd);
	if (!ret)
		d->nft = d; /* the table is in place */
	if (ret && !add && n > 1)
		for (ret = 0, i = 0; i < n; i++)
			if (stpd_nft_ports(d, &ports[i], 1, false))
				ret = -EIO;
	return ret;
}

int stpd_nft_port(struct stpd *d, const char *port, bool add)
{
	return stpd_nft_ports(d, &port, 1, add);
}

void stpd_nft_fini(struct stpd *d)
{
	if (!d->nft)
		return;
	nft_run("delete table bridge " NFT_TABLE "\n");
	d->nft = NULL;
}

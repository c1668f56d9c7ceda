// SPDX-License-Identifier: GPL-2.0-or-later
/* BPDUs in (one libpcap handle on "any", DLT_LINUX_SLL2: each frame's
 * ifindex, a small ring) and out (one AF_PACKET socket, sendto by ifindex),
 * and the nftables chain that stops a bridge with STP off relaying BPDUs. */
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <pcap/pcap.h>
#include <pcap/sll.h>
#include <nftables/libnftables.h>
#include "stpd/daemon.h"

#define RX_BUFFER (128 * 1024)

int stpd_io_open(struct stpd *d, char *err, size_t len)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	pcap_t *p;

	d->rxfd = d->txfd = -1;
	p = pcap_create("any", ebuf);
	if (!p) {
		snprintf(err, len, "pcap on any: %s", ebuf);
		return -1;
	}
	pcap_set_snaplen(p, 256);
	pcap_set_buffer_size(p, RX_BUFFER);
	pcap_set_immediate_mode(p, 1);
	if (pcap_activate(p) < 0) {
		snprintf(err, len, "pcap on any: %s", pcap_geterr(p));
		goto fail;
	}
	if (pcap_set_datalink(p, DLT_LINUX_SLL2) < 0) {
		snprintf(err, len, "pcap on any: DLT_LINUX_SLL2: %s", pcap_geterr(p));
		goto fail;
	}
	/* A cooked capture has no destination address, so "ether dst
	 * 01:80:c2:00:00:00" does not compile, and libpcap's "stp" does not match
	 * on SLL2 here: the SLL2 header's protocol ETH_P_802_2, packet type
	 * multicast (not our own transmissions), then LLC DSAP and SSAP 0x42. */
	if (pcap_compile(p, &prog, "link[0:2] = 4 and link[10] = 2 and link[20:2] = 0x4242", 1,
			 PCAP_NETMASK_UNKNOWN) < 0 ||
	    pcap_setfilter(p, &prog) < 0) {
		snprintf(err, len, "pcap filter: %s", pcap_geterr(p));
		goto fail;
	}
	pcap_freecode(&prog);
	if (pcap_setnonblock(p, 1, ebuf) < 0) {
		snprintf(err, len, "pcap: %s", ebuf);
		goto fail;
	}
	d->rxfd = pcap_get_selectable_fd(p);
	d->pcap = p;
	d->txfd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (d->txfd < 0) {
		snprintf(err, len, "packet socket: %s", strerror(errno));
		stpd_io_close(d);
		return -1;
	}
	return 0;
fail:
	pcap_close(p);
	return -1;
}

void stpd_io_close(struct stpd *d)
{
	if (d->pcap)
		pcap_close(d->pcap);
	d->pcap = NULL;
	if (d->txfd >= 0)
		close(d->txfd);
	d->txfd = d->rxfd = -1;
}

static void on_frame(u_char *arg, const struct pcap_pkthdr *hdr, const u_char *bytes)
{
	struct stpd *d = (struct stpd *)arg;
	const struct sll2_header *s = (const struct sll2_header *)bytes;

	if (hdr->caplen < SLL2_HDR_LEN)
		return;
	/* our own transmissions, and frames not sent to a group address */
	if (s->sll2_pkttype != PACKET_MULTICAST)
		return;
	stpd_receive(d, (int)ntohl(s->sll2_if_index), bytes + SLL2_HDR_LEN,
		     hdr->caplen - SLL2_HDR_LEN);
}

/* Everything readable, in one batch per engine: Port Transmit runs once it
 * is all taken in (stp_batch_begin()), so a burst of BPDUs on a port costs
 * one transmission per port, not one per BPDU. */
void stpd_io_read(struct stpd *d)
{
	int n, total = 0;
	size_t i;

	for (i = 0; i < d->nbr; i++)
		stp_batch_begin(d->br[i]->stp);
	do {
		n = pcap_dispatch(d->pcap, 64, on_frame, (u_char *)d);
		total += n > 0 ? n : 0;
	} while (n > 0 && total < 4096);
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

/* One nftables context per command, freed at once: a context holds about
 * 2 MB (its parser and caches) that a daemon between changes does not need. */
static int nft_run(struct stpd *d, const char *cmd)
{
	double t0 = stpd_debug ? stpd_now() : 0;
	struct nft_ctx *c = nft_ctx_new(NFT_CTX_DEFAULT);
	int ret;

	(void)d;
	if (!c)
		return -ENOMEM;
	nft_ctx_buffer_output(c);
	nft_ctx_buffer_error(c);
	ret = nft_run_cmd_from_buffer(c, cmd);
	if (ret) {
		const char *e = nft_ctx_get_error_buffer(c);

		stpd_log(3, "nftables: %s", e && *e ? e : "failed");
	}
	nft_ctx_free(c);
	malloc_trim(0);
	stpd_dbg("nft %.*s: %d %.3f ms", (int)strcspn(cmd, "\n"), cmd, ret,
		 (stpd_now() - t0) * 1e3);
	return ret ? -EIO : 0;
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
	ret = nft_run(d, NFT_INIT);
	if (!ret)
		d->nft = d; /* the table is in place */
	return ret;
}

/* The ports of a bridge being taken, in one transaction with the table when
 * it is not there yet: each libnftables run costs tens of milliseconds (a
 * context, its parser, the cache), which delayed `stp BR on`. */
int stpd_nft_ports(struct stpd *d, const char *const *ports, size_t n)
{
	size_t len = sizeof(NFT_INIT) + 64 + n * (IFNAMSIZ + 4), off = 0, i;
	char *cmd;
	int ret;

	if (n == 0)
		return stpd_nft_init(d);
	cmd = malloc(len);
	if (!cmd)
		return -ENOMEM;
	if (!d->nft)
		off += (size_t)snprintf(cmd, len, "%s", NFT_INIT);
	off += (size_t)snprintf(cmd + off, len - off, "add element bridge " NFT_TABLE " ports { ");
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(cmd + off, len - off, "%s\"%s\"", i ? ", " : "", ports[i]);
	snprintf(cmd + off, len - off, " }\n");
	ret = nft_run(d, cmd);
	free(cmd);
	if (!ret)
		d->nft = d;
	return ret;
}

int stpd_nft_port(struct stpd *d, const char *port, bool add)
{
	char cmd[256];

	if (!d->nft && stpd_nft_init(d))
		return -EIO;
	snprintf(cmd, sizeof(cmd), "%s element bridge " NFT_TABLE " ports { \"%s\" }\n",
		 add ? "add" : "delete", port);
	return nft_run(d, cmd);
}

void stpd_nft_fini(struct stpd *d)
{
	if (!d->nft)
		return;
	nft_run(d, "delete table bridge " NFT_TABLE "\n");
	d->nft = NULL;
}

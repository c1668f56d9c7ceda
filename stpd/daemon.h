/* SPDX-License-Identifier: GPL-2.0-or-later */
/* brkit-stpd internals: the engine on real bridges. */
#ifndef BRKIT_STPD_DAEMON_H
#define BRKIT_STPD_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif
#include <brkit/brkit.h>
#include <brkit/events.h>
#include "stp/stp.h"
#include "stpd/stpd.h"

struct stpd;

struct sport {
	bool used; /* this engine slot holds a port */
	int ifindex;
	char name[IFNAMSIZ];
	uint8_t addr[6];
	bool carrier;
	bool guard_latched; /* bpduguard disabled it: stays down until `enable` */
	struct stpd_opts cli; /* settings given through the control socket */
	struct stpd_opts eff; /* what is applied (config, then CLI) */
	int kstate; /* last BR_STATE_* written, -1 none */
	/* counters of the daemon (the engine counts its own drops); 32 bits
	 * like the engine's: a BPDU every second wraps them in 136 years */
	unsigned int rx[3], tx[3]; /* config, tcn, rst */
	unsigned int drops[STP_DROP_REASONS];
	unsigned int flushes;
	/* the engine's counters when the port took this slot (a slot is reused) */
	unsigned int base_rx, base_tx, base_drops[STP_DROP_REASONS];
};

struct sbridge {
	struct stpd *d;
	int ifindex;
	char name[IFNAMSIZ];
	uint8_t addr[6];
	enum stpd_mode mode;
	struct stp_bridge *stp;
	unsigned int cap;
	struct sport *ports; /* cap slots; engine port index = slot */
	struct stpd_opts cli, eff;
	bool nft; /* its nftables chain is in place */
	uint32_t saved_fd; /* mode c: the forward delay (cs) before the daemon set 0 */
};

/* the only configuration file that may be missing (then empty) */
#define STPD_CONF_DEFAULT "/etc/brkit/stpd.conf"

struct stpd {
	const char *netns; /* "" for the initial one */
	const char *conf_path;
	bool foreground;
	bool initial_ns;
	struct brkit *h;
	struct brkit_events *ev;
	struct stpd_conf conf;
	struct sbridge **br;
	size_t nbr;
	int rxfd, txfd; /* packet sockets: BPDUs in (filtered), out */
	void *nft; /* non-NULL once the nftables table is in place */
	char state_path[400]; /* bridges handed over, for a restart */
	char pid_path[400];
	char ns_id[96]; /* the namespace's nsfs DEV:INODE:COOKIE (stpd/state.c) */
	char ns_path[400]; /* the path it was reached by */
	bool quit;
	unsigned long ticks;
	void *genl; /* struct mnl_socket: ethtool netlink (stpd/duplex.c) */
	void *genl_mon; /* the same, joined to its "monitor" group */
	int ethtool_family; /* its generic netlink id; -1: none */
	uint32_t genl_seq;
};

void stpd_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern bool stpd_log_stderr;
extern bool stpd_debug; /* -v */
double stpd_now(void); /* CLOCK_MONOTONIC, seconds */
void stpd_dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* daemon.c */
int stpd_init(struct stpd *d);
void stpd_fini(struct stpd *d);
void stpd_tick(struct stpd *d);
int stpd_events(struct stpd *d);
void stpd_rescan(struct stpd *d);
int stpd_reload(struct stpd *d, char *err, size_t len);
/* Handle one control request (a line); writes the reply to @out. */
void stpd_request(struct stpd *d, char *line, bool may_change, FILE *out);
/* A frame the packet socket read on @ifindex (@pkttype: sockaddr_ll's),
 * from its destination address, @len octets. */
void stpd_receive(struct stpd *d, int ifindex, int pkttype, const uint8_t *frame, size_t len);

/* state.c: the pid and state files, keyed by the namespace's identity */
int stpd_ns_id(const char *path, char *buf, size_t len); /* DEV:INODE */
int stpd_ns_self_id(char *buf, size_t len); /* DEV:INODE:COOKIE */
bool stpd_state_mine(struct stpd *d); /* false: none, or stale (removed) */
void stpd_state_sweep(struct stpd *d); /* remove the files of gone namespaces */
void stpd_state_save(struct stpd *d);
bool stpd_state_has(struct stpd *d, const char *name);
void stpd_state_fini(struct stpd *d); /* a clean exit */

/* duplex.c: a port's duplex (DUPLEX_HALF, DUPLEX_FULL, DUPLEX_UNKNOWN) or -errno */
int stpd_port_duplex(struct stpd *d, int ifindex);
/* At start: the sockets; returns the monitor's fd for the loop, or -1. */
int stpd_duplex_open(struct stpd *d);
void stpd_duplex_read(struct stpd *d); /* the monitor's notifications */
void stpd_duplex_close(struct stpd *d);
/* daemon.c: port @ifindex's duplex changed (a notification) */
void stpd_duplex_changed(struct stpd *d, int ifindex, int duplex);

/* io.c: BPDU capture and transmission, nftables */
int stpd_io_open(struct stpd *d, char *err, size_t len);
void stpd_io_close(struct stpd *d);
void stpd_io_read(struct stpd *d);
int stpd_io_send(struct stpd *d, int ifindex, const uint8_t *frame, size_t len);
int stpd_nft_init(struct stpd *d);
int stpd_nft_port(struct stpd *d, const char *port, bool add);
/* @n ports in one transaction (a delete falls back to one by one). */
int stpd_nft_ports(struct stpd *d, const char *const *ports, size_t n, bool add);
void stpd_nft_fini(struct stpd *d);

#endif

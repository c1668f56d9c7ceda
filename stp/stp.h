/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The RSTP engine: IEEE 802.1D-2004 clause 17 (RSTP with STP compatibility).
 * Pure: no system calls, no clock, no allocation after stp_bridge_new(). The
 * caller drives time (stp_tick(), once a second) and hands in decoded BPDUs
 * (stp_receive()); the engine answers through the callbacks of struct stp_ops:
 * BPDUs to send, port state changes, FDB flushes. Not a public header.
 */
#ifndef BRKIT_STP_STP_H
#define BRKIT_STP_STP_H

#include <stdbool.h>
#include <stdint.h>
#include "stp/bpdu.h"

/* 17.14 Table 17-1 and 17.13: defaults and ranges, in seconds. */
#define STP_DEFAULT_HELLO_TIME 2
#define STP_DEFAULT_MAX_AGE 20
#define STP_DEFAULT_FORWARD_DELAY 15
#define STP_DEFAULT_TX_HOLD_COUNT 6
#define STP_MIGRATE_TIME 3
#define STP_MIN_HELLO_TIME 1
#define STP_MAX_HELLO_TIME 2
#define STP_MIN_MAX_AGE 6
#define STP_MAX_MAX_AGE 40
#define STP_MIN_FORWARD_DELAY 4
#define STP_MAX_FORWARD_DELAY 30
#define STP_MIN_TX_HOLD_COUNT 1
#define STP_MAX_TX_HOLD_COUNT 10
#define STP_DEFAULT_BRIDGE_PRIORITY 32768
#define STP_MAX_BRIDGE_PRIORITY 61440
#define STP_BRIDGE_PRIORITY_STEP 4096
#define STP_DEFAULT_PORT_PRIORITY 128
#define STP_MAX_PORT_PRIORITY 240
#define STP_PORT_PRIORITY_STEP 16
#define STP_MIN_PATH_COST 1
#define STP_MAX_PATH_COST 200000000
#define STP_DEFAULT_PATH_COST 200000 /* 100 Mb/s, Table 17-3 */
#define STP_MAX_PORTS 4095 /* port numbers are 12 bits, 1..4095 */

/* 17.13.4 Force Protocol Version (named apart from the Protocol Version
 * Identifier macros of stp/bpdu.h). */
enum stp_force_version {
	STP_FORCE_STP = 0, /* STP compatibility: Configuration and TCN BPDUs only */
	STP_FORCE_RSTP = 2,
};

/* 17.7 Port roles (selectedRole and role). */
enum stp_role {
	STP_ROLE_DISABLED = 0,
	STP_ROLE_ROOT,
	STP_ROLE_DESIGNATED,
	STP_ROLE_ALTERNATE,
	STP_ROLE_BACKUP,
};

/* 17.4 Port states as the forwarding process sees them. */
enum stp_state {
	STP_STATE_DISCARDING = 0,
	STP_STATE_LEARNING,
	STP_STATE_FORWARDING,
};

/* adminPointToPointMAC (6.4.3). */
enum stp_p2p {
	STP_P2P_AUTO = 0, /* from the MAC: stp_port_set_mac_p2p() */
	STP_P2P_ON,
	STP_P2P_OFF,
};

/* What the engine asks of its caller. Every callback gets the caller's @ctx
 * and a port index (0 .. nports - 1). Callbacks must not call back into
 * the engine. */
struct stp_ops {
	/* Transmit @b on the port (the caller encodes it, or not, as it likes). */
	void (*send)(void *ctx, unsigned int port, const struct stp_bpdu *b);
	/* The port's state for the forwarding process changed (17.21.x
	 * enableLearning, enableForwarding, disableLearning, disableForwarding). */
	void (*set_state)(void *ctx, unsigned int port, enum stp_state state);
	/* Remove the dynamic FDB entries learned on the port (fdbFlush). */
	void (*flush)(void *ctx, unsigned int port);
	/* Optional (may be NULL), for diagnostics: the port has news to send
	 * (newInfo) but TxHoldCount BPDUs went out since the last tick. */
	void (*held)(void *ctx, unsigned int port);
};

struct stp_bridge;

/* A bridge with @nports ports (indices 0..nports-1, port numbers 1..nports),
 * MAC address @addr (low 48 bits), every port disabled (no MAC operational)
 * until stp_port_enable(). Returns 0, -ENOMEM, or -EINVAL (no port, too many,
 * an address past 48 bits, NULL @ops or one without send, set_state and
 * flush). */
int stp_bridge_new(struct stp_bridge **out, uint64_t addr, unsigned int nports,
		   const struct stp_ops *ops, void *ctx);
void stp_bridge_free(struct stp_bridge *br);

/* One second passes (the Port Timers machines' tick), then every machine runs. */
void stp_tick(struct stp_bridge *br);
/* A BPDU, decoded by stp/bpdu.c, arrived on @port. Loops back and BPDUs on
 * disabled ports are dropped (counted). Returns 0 or -EINVAL (bad port). */
int stp_receive(struct stp_bridge *br, unsigned int port, const struct stp_bpdu *b);

/* A batch of received BPDUs: between stp_batch_begin() and stp_batch_end()
 * every machine runs on each stp_receive() (and stp_tick() or setting) except
 * Port Transmit, which runs at stp_batch_end(); so a port whose information
 * changed several times in the batch sends one BPDU with the last of it, and
 * spends one of its TxHoldCount transmissions, not one per BPDU heard. The
 * caller begins a batch before it reads what is queued and ends it once
 * nothing more is readable. A batch with nothing in it costs nothing. */
void stp_batch_begin(struct stp_bridge *br);
void stp_batch_end(struct stp_bridge *br);

/* Bridge parameters (17.13). Each validates against 802.1D-2004 and the
 * others, and changes nothing when it returns an error: -EINVAL for a value
 * not allowed at all (not a step of the priority), -ERANGE out of range or
 * breaking 2 x (Forward Delay - 1) >= Max Age >= 2 x (Hello Time + 1). */
int stp_set_priority(struct stp_bridge *br, unsigned int prio);
/* Whether the three timers are each in range and meet 17.14's relation: what
 * stp_set_times() accepts. Pure, for callers that check before they apply. */
bool stp_times_valid(unsigned int hello, unsigned int max_age, unsigned int fwd_delay);
int stp_set_times(struct stp_bridge *br, unsigned int hello, unsigned int max_age,
		  unsigned int fwd_delay);
int stp_set_force_version(struct stp_bridge *br, unsigned int version);
int stp_set_tx_hold_count(struct stp_bridge *br, unsigned int n);
/* Changes the MAC address half of the bridge identifier. */
int stp_set_address(struct stp_bridge *br, uint64_t addr);

/* brkit's deviations from 802.1D-2004, each documented in stp/rstp.c next to
 * the clause it changes (README, "Spanning tree engine"). A bridge starts
 * with STP_RULES_SAFE; stp_set_strict(br, true) (or stp_set_rules(br, 0))
 * runs clause 17 to the letter. None of them changes what goes on the wire
 * in a way a standard bridge could tell from a slower or more careful one. */
enum stp_rules {
	/* 17.27: an agreement (agreed, agree) never outlives a change of the
	 * root identifier of the vector it was given for. */
	STP_RULE_AGREE_SAME_ROOT = 1u << 0,
	/* 17.27/17.29: a port that turns designated because the information it
	 * held aged out (or arrived already at Max Age) waits fdWhile before it
	 * may learn, unless it gets an agreement. */
	STP_RULE_AGED_FDWHILE = 1u << 1,
	/* 17.21.25/17.29: when the root path cost to the same root rises and
	 * the new root port's own cost is not below the old root path cost
	 * (count to infinity looks like this), the designated ports are synced
	 * and may not learn or forward for Forward Delay (a hold-down, re-armed
	 * at every further rise); the root port and edge ports are not held. */
	STP_RULE_RISING_COST = 1u << 2,
	/* 17.26: the periodic hello does not count against TxHoldCount, so
	 * event-driven BPDUs are not starved at Hello Time 1 s. */
	STP_RULE_TXHOLD_EVENTS = 1u << 3,
	/* 17.27: information a designated bridge has since replaced ages at
	 * once: that of a designated port that now says it is a Root or
	 * Alternate port, that which another port holds from a bridge that
	 * now names another root or root path cost, and a root identifier with
	 * this bridge's address but an old priority; and an agreement from a
	 * bridge still naming the root and cost that aged a port's information
	 * is not taken (it crossed the port's new proposal). */
	STP_RULE_STALE_INFO = 1u << 4,
};
#define STP_RULES_SAFE                                                             \
	(STP_RULE_AGREE_SAME_ROOT | STP_RULE_AGED_FDWHILE | STP_RULE_RISING_COST | \
	 STP_RULE_TXHOLD_EVENTS | STP_RULE_STALE_INFO)
/* -EINVAL for a bit that is not a rule; nothing changed then. */
int stp_set_rules(struct stp_bridge *br, unsigned int rules);
unsigned int stp_rules(const struct stp_bridge *br);
/* true: 802.1D-2004 to the letter (no rule); false: STP_RULES_SAFE. */
int stp_set_strict(struct stp_bridge *br, bool strict);

/* Port operations and operator settings. Each returns 0, -EINVAL for a bad
 * port index, or -EINVAL / -ERANGE for a bad value (nothing changed). */
int stp_port_enable(struct stp_bridge *br, unsigned int port, bool up); /* MAC operational */
int stp_port_reinit(struct stp_bridge *br, unsigned int port); /* the port's BEGIN */
int stp_port_set_path_cost(struct stp_bridge *br, unsigned int port, uint32_t cost);
int stp_port_set_priority(struct stp_bridge *br, unsigned int port, unsigned int prio);
int stp_port_set_admin_edge(struct stp_bridge *br, unsigned int port, bool on);
int stp_port_set_auto_edge(struct stp_bridge *br, unsigned int port, bool on);
int stp_port_set_admin_p2p(struct stp_bridge *br, unsigned int port, enum stp_p2p p2p);
/* What the MAC says (full duplex: point-to-point); used when admin p2p is auto. */
int stp_port_set_mac_p2p(struct stp_bridge *br, unsigned int port, bool p2p);
int stp_port_mcheck(struct stp_bridge *br, unsigned int port);
int stp_port_set_bpdu_guard(struct stp_bridge *br, unsigned int port, bool on);
int stp_port_set_bpdu_filter(struct stp_bridge *br, unsigned int port, bool on);
int stp_port_set_root_guard(struct stp_bridge *br, unsigned int port, bool on); /* restrictedRole */
int stp_port_set_tcn_guard(struct stp_bridge *br, unsigned int port, bool on); /* restrictedTcn */

/* 17.14 Table 17-3: the recommended path cost for a link of @mbps Mb/s. */
uint32_t stp_path_cost_for_speed(uint64_t mbps);

/* Read-outs, for the daemon's status and the simulator's checks. */
uint64_t stp_bridge_id(const struct stp_bridge *br);
uint64_t stp_root_id(const struct stp_bridge *br); /* rootPriority's root bridge id */
uint32_t stp_root_path_cost(const struct stp_bridge *br);
bool stp_is_root(const struct stp_bridge *br);
/* The root port's index, or -1 when there is none. */
int stp_root_port(const struct stp_bridge *br);
unsigned int stp_nports(const struct stp_bridge *br);
unsigned int stp_force_version(const struct stp_bridge *br);
void stp_bridge_times(const struct stp_bridge *br, unsigned int *hello, unsigned int *max_age,
		      unsigned int *fwd_delay);
unsigned int stp_tx_hold_count(const struct stp_bridge *br);

struct stp_port_info {
	bool enabled; /* portEnabled */
	bool guard_disabled; /* disabled by bpduguard */
	enum stp_role role;
	enum stp_state state;
	bool oper_edge;
	bool oper_p2p;
	bool send_rstp;
	uint16_t port_id;
	uint32_t path_cost;
	uint64_t designated_root;
	uint32_t designated_cost;
	uint64_t designated_bridge;
	uint16_t designated_port;
	unsigned int tx_count; /* BPDUs sent, in all */
	unsigned int rx_count; /* BPDUs taken in */
	unsigned int drops[STP_DROP_REASONS];
	unsigned int tc_while;
};
int stp_port_info(const struct stp_bridge *br, unsigned int port, struct stp_port_info *out);

const char *stp_role_name(enum stp_role r);
const char *stp_state_name(enum stp_state s);

#endif

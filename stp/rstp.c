// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IEEE 802.1D-2004 clause 17: the Rapid Spanning Tree state machines.
 *
 * Names follow the standard so that a reader with clause 17 open can check
 * each machine line by line: one function per machine (17.22 to 17.31), an
 * enum of its states, and the procedures of 17.21 under their own names.
 * Each machine function makes at most one transition and says whether it
 * made one; run() calls every machine until none moves, which is how the
 * standard's concurrently running machines settle.
 *
 * Where this follows 802.1Q rather than 802.1D-2004 it says so: recordDispute
 * (802.1Q-2005 corrected it), TCN BPDUs setting rcvdTcn (17.21.8 leaves it
 * out), restrictedRole and restrictedTcn (802.1Q 13.25), which the
 * operator's root guard and TCN guard set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "stp/stp.h"

#define ADDR_MASK 0x0000ffffffffffffULL
#define PORTNUM_MASK 0x0fff

/* 17.5/17.6: a priority vector {RootBridgeID : RootPathCost :
 * DesignatedBridgeID : DesignatedPortID : BridgePortID}. */
struct prio_vec {
	uint64_t root;
	uint64_t bridge; /* before cost: 24 bytes, no padding */
	uint32_t cost;
	uint16_t port;
	uint16_t rx_port; /* BridgePortID; only the root path vectors use it */
};

/* 17.19.x: {Message Age, Max Age, Forward Delay, Hello Time}, seconds. */
struct times { /* 16 bits, as in a BPDU */
	uint16_t message_age;
	uint16_t max_age;
	uint16_t forward_delay;
	uint16_t hello_time;
};

enum info_is { INFO_DISABLED, INFO_AGED, INFO_MINE, INFO_RECEIVED };

enum rcvd_info {
	SUPERIOR_DESIGNATED_INFO,
	REPEATED_DESIGNATED_INFO,
	INFERIOR_DESIGNATED_INFO,
	INFERIOR_ROOT_ALTERNATE_INFO,
	OTHER_INFO,
};

/* 17.22 Port Timers */
enum pti_state { PTI_ONE_SECOND, PTI_TICK };
/* 17.23 Port Receive */
enum prx_state { PRX_DISCARD, PRX_RECEIVE };
/* 17.24 Port Protocol Migration */
enum ppm_state { PPM_CHECKING_RSTP, PPM_SELECTING_STP, PPM_SENSING };
/* 17.25 Bridge Detection */
enum bdm_state { BDM_EDGE, BDM_NOT_EDGE };
/* 17.26 Port Transmit */
enum ptx_state {
	PTX_TRANSMIT_INIT,
	PTX_TRANSMIT_PERIODIC,
	PTX_TRANSMIT_CONFIG,
	PTX_TRANSMIT_TCN,
	PTX_TRANSMIT_RSTP,
	PTX_IDLE,
};
/* 17.27 Port Information */
enum pim_state {
	PIM_DISABLED,
	PIM_AGED,
	PIM_UPDATE,
	PIM_SUPERIOR_DESIGNATED,
	PIM_REPEATED_DESIGNATED,
	PIM_INFERIOR_DESIGNATED,
	PIM_NOT_DESIGNATED,
	PIM_OTHER,
	PIM_CURRENT,
	PIM_RECEIVE,
};
/* 17.28 Port Role Selection */
enum prs_state { PRS_INIT_BRIDGE, PRS_ROLE_SELECTION };
/* 17.29 Port Role Transitions */
enum prt_state {
	PRT_INIT_PORT,
	PRT_DISABLE_PORT,
	PRT_DISABLED_PORT,
	PRT_ROOT_PROPOSED,
	PRT_ROOT_AGREED,
	PRT_REROOT,
	PRT_ROOT_FORWARD,
	PRT_ROOT_LEARN,
	PRT_REROOTED,
	PRT_ROOT_PORT,
	PRT_DESIGNATED_PROPOSE,
	PRT_DESIGNATED_SYNCED,
	PRT_DESIGNATED_RETIRED,
	PRT_DESIGNATED_FORWARD,
	PRT_DESIGNATED_LEARN,
	PRT_DESIGNATED_DISCARD,
	PRT_DESIGNATED_PORT,
	PRT_ALTERNATE_PROPOSED,
	PRT_ALTERNATE_AGREED,
	PRT_BLOCK_PORT,
	PRT_BACKUP_PORT,
	PRT_ALTERNATE_PORT,
};
/* 17.30 Port State Transition */
enum pst_state { PST_DISCARDING, PST_LEARNING, PST_FORWARDING };
/* 17.31 Topology Change */
enum tcm_state {
	TCM_INACTIVE,
	TCM_LEARNING,
	TCM_DETECTED,
	TCM_ACTIVE,
	TCM_NOTIFIED_TCN,
	TCM_NOTIFIED_TC,
	TCM_PROPAGATING,
	TCM_ACKNOWLEDGED,
};

struct port {
	unsigned int index;
	bool begin; /* BEGIN, for this port alone */

	/* 17.17 timers, seconds */
	unsigned int edgeDelayWhile, fdWhile, helloWhen, mdelayWhile;
	unsigned int rbWhile, rcvdInfoWhile, rrWhile, tcWhile;
	unsigned int risingWhile; /* brkit: STP_RULE_RISING_COST's hold */
	/* brkit (STP_RULE_STALE_INFO): the root and root path cost that the
	 * designated bridge of this port's aged information named elsewhere
	 * when it aged it (staleBridge 0: none); kept until that bridge names
	 * another, the port holds received information again, forwards or is
	 * disabled. At worst the port waits its fdWhile instead of an
	 * agreement (STP_RULE_AGED_FDWHILE started it). */
	uint64_t staleBridge, staleRoot;
	uint32_t staleCost;

	/* 17.19 per-port variables */
	bool agree, agreed;
	struct prio_vec designatedPriority;
	struct times designatedTimes;
	bool disputed, fdbFlush, forward, forwarding;
	uint8_t infoIs; /* enum info_is */
	bool learn, learning, mcheck;
	struct prio_vec msgPriority;
	struct times msgTimes;
	bool newInfo, operEdge, portEnabled;
	uint16_t portId;
	uint32_t PortPathCost;
	struct prio_vec portPriority;
	struct times portTimes;
	bool proposed, proposing, rcvdBpdu;
	uint8_t rcvdInfo; /* enum rcvd_info */
	bool rcvdMsg, rcvdRSTP, rcvdSTP, rcvdTc, rcvdTcAck, rcvdTcn;
	bool reRoot, reselect;
	uint8_t role; /* enum stp_role */
	bool selected;
	uint8_t selectedRole; /* enum stp_role */
	bool sendRSTP, sync, synced, tcAck, tcProp, tick;
	unsigned int txCount;
	bool updtInfo;
	bool helloOnly; /* brkit: TRANSMIT_PERIODIC found no news to send */

	/* operator settings (17.13, 6.4.3, 802.1Q 13.25) */
	bool AdminEdge, AutoEdge;
	uint8_t adminPointToPointMAC; /* enum stp_p2p */
	bool macPointToPoint, macOperational;
	bool restrictedRole, restrictedTcn, bpduGuard, bpduFilter;
	bool guardDisabled;
	uint8_t priority; /* the port priority, 0..240 */

	/* the received BPDU being processed */
	struct stp_bpdu rx;

	/* machine states */
	uint8_t pti; /* enum pti_state */
	uint8_t prx; /* enum prx_state */
	uint8_t ppm; /* enum ppm_state */
	uint8_t bdm; /* enum bdm_state */
	uint8_t ptx; /* enum ptx_state */
	uint8_t pim; /* enum pim_state */
	uint8_t prt; /* enum prt_state */
	uint8_t pst; /* enum pst_state */
	uint8_t tcm; /* enum tcm_state */

	/* bookkeeping outside the standard */
	uint8_t reported; /* enum stp_state */
	bool learnedSinceFlush;
	unsigned int txTotal, rxTotal;
	unsigned int drops[STP_DROP_REASONS];
};

struct stp_bridge {
	const struct stp_ops *ops;
	void *ctx;
	bool begin;

	/* 17.18 per-bridge variables */
	uint64_t BridgeIdentifier;
	struct prio_vec BridgePriority;
	struct times BridgeTimes;
	uint16_t rootPortId;
	int rootPort; /* index of the root port, -1 when this bridge is root */
	struct prio_vec rootPriority;
	/* brkit (STP_RULE_RISING_COST): the last root other than this bridge
	 * and the least root path cost to it since it became the root */
	uint64_t lastRoot;
	uint32_t lastRootCost;
	struct times rootTimes;

	/* 17.13 parameters */
	unsigned int ForceProtocolVersion;
	unsigned int TxHoldCount;
	unsigned int MigrateTime;
	unsigned int rules; /* enum stp_rules */

	enum prs_state prs;
	bool batch; /* stp_batch_begin(): Port Transmit waits for stp_batch_end() */
	bool deferred; /* the machines ran during the batch */
	unsigned int nports;
	struct port *ports;
};

/* ---- priority vectors and times (17.5, 17.6) ---- */

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* Compare the first four components; negative when @a is better. */
static int vec_cmp(const struct prio_vec *a, const struct prio_vec *b)
{
	int c;

	if ((c = cmp_u64(a->root, b->root)))
		return c;
	if ((c = cmp_u64(a->cost, b->cost)))
		return c;
	if ((c = cmp_u64(a->bridge, b->bridge)))
		return c;
	return cmp_u64(a->port, b->port);
}

/* All five components, for the root path priority vectors. */
static int vec_cmp5(const struct prio_vec *a, const struct prio_vec *b)
{
	int c = vec_cmp(a, b);

	return c ? c : cmp_u64(a->rx_port, b->rx_port);
}

static bool times_equal(const struct times *a, const struct times *b)
{
	return a->message_age == b->message_age && a->max_age == b->max_age &&
	       a->forward_delay == b->forward_delay && a->hello_time == b->hello_time;
}

/* ---- derived variables and conditions (17.20) ---- */

static bool rstpVersion(const struct stp_bridge *br)
{
	return br->ForceProtocolVersion >= 2;
}

static bool rule(const struct stp_bridge *br, enum stp_rules r)
{
	return (br->rules & r) != 0;
}

static unsigned int FwdDelay(const struct port *p)
{
	return p->designatedTimes.forward_delay;
}

static unsigned int HelloTime(const struct port *p)
{
	return p->designatedTimes.hello_time;
}

static unsigned int MaxAge(const struct port *p)
{
	return p->designatedTimes.max_age;
}

static unsigned int forwardDelay(const struct port *p)
{
	return p->sendRSTP ? HelloTime(p) : FwdDelay(p);
}

static bool operPointToPointMAC(const struct port *p)
{
	if (p->adminPointToPointMAC == STP_P2P_ON)
		return true;
	if (p->adminPointToPointMAC == STP_P2P_OFF)
		return false;
	return p->macPointToPoint;
}

static unsigned int EdgeDelay(const struct stp_bridge *br, const struct port *p)
{
	return operPointToPointMAC(p) ? br->MigrateTime : MaxAge(p);
}

static bool reRooted(const struct stp_bridge *br, const struct port *self)
{
	for (unsigned int i = 0; i < br->nports; i++) {
		const struct port *p = &br->ports[i];

		if (p != self && p->rrWhile != 0)
			return false;
	}
	return true;
}

/* allSynced, as 802.1Q words it: the Root Port itself need not be synced. */
static bool allSynced(const struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++) {
		const struct port *p = &br->ports[i];

		if (!p->selected || p->role != p->selectedRole || p->updtInfo)
			return false;
		if (!p->synced && p->role != STP_ROLE_ROOT)
			return false;
	}
	return true;
}

/* ---- the forwarding process, through the caller (17.21.x) ---- */

static void report_state(struct stp_bridge *br, struct port *p)
{
	enum stp_state s = p->forwarding ? STP_STATE_FORWARDING
			   : p->learning ? STP_STATE_LEARNING
					 : STP_STATE_DISCARDING;

	if (s != STP_STATE_DISCARDING)
		p->learnedSinceFlush = true;
	if (s != p->reported) {
		p->reported = s;
		br->ops->set_state(br->ctx, p->index, s);
	}
}

static void disableForwarding(struct stp_bridge *br, struct port *p)
{
	p->forwarding = false;
	report_state(br, p);
}

static void disableLearning(struct stp_bridge *br, struct port *p)
{
	p->learning = false;
	report_state(br, p);
}

static void enableForwarding(struct stp_bridge *br, struct port *p)
{
	p->forwarding = true;
	report_state(br, p);
}

static void enableLearning(struct stp_bridge *br, struct port *p)
{
	p->learning = true;
	report_state(br, p);
}

/* fdbFlush is cleared by the filtering database once it has removed the
 * port's entries; here the caller's flush is that database. A port that has
 * not learned since its last flush has nothing to remove: not asked. */
static void fdb_flush(struct stp_bridge *br, struct port *p, bool always)
{
	if ((always || p->learnedSinceFlush || p->learning))
		br->ops->flush(br->ctx, p->index);
	p->learnedSinceFlush = p->learning;
	p->fdbFlush = false;
}

/* ---- procedures (17.21) ---- */

/* 17.21.1 */
static bool betterorsameInfo(const struct port *p, enum info_is newInfoIs)
{
	if (newInfoIs == INFO_RECEIVED && p->infoIs == INFO_RECEIVED)
		return vec_cmp(&p->msgPriority, &p->portPriority) <= 0;
	if (newInfoIs == INFO_MINE && p->infoIs == INFO_MINE)
		return vec_cmp(&p->designatedPriority, &p->portPriority) <= 0;
	return false;
}

/* 17.21.2 */
static void clearReselectTree(struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++)
		br->ports[i].reselect = false;
}

/* 17.21.7 */
static void newTcWhile(struct stp_bridge *br, struct port *p)
{
	if (p->tcWhile != 0)
		return;
	if (p->sendRSTP) {
		p->tcWhile = HelloTime(p) + 1;
		p->newInfo = true;
	} else {
		p->tcWhile = br->rootTimes.max_age + br->rootTimes.forward_delay;
	}
}

static unsigned int time_from_wire(uint16_t v)
{
	return (v + 128u) / 256u;
}

static uint16_t time_to_wire(unsigned int s)
{
	return (uint16_t)(s * 256u);
}

/* 17.21.8 rcvInfo(): the received message against the port priority vector. */
static enum rcvd_info rcvInfo(struct port *p)
{
	const struct stp_bpdu *b = &p->rx;
	unsigned int role;
	bool superior, same_designated;
	int c;

	if (b->type == STP_BPDU_TCN) {
		/* 802.1Q: a TCN BPDU sets rcvdTcn (802.1D-2004 omits it). */
		p->rcvdTcn = true;
		return OTHER_INFO;
	}
	p->msgPriority.root = b->root_id;
	p->msgPriority.cost = b->root_path_cost;
	p->msgPriority.bridge = b->bridge_id;
	p->msgPriority.port = b->port_id;
	p->msgPriority.rx_port = p->portId;
	p->msgTimes.message_age = time_from_wire(b->message_age);
	p->msgTimes.max_age = time_from_wire(b->max_age);
	p->msgTimes.forward_delay = time_from_wire(b->forward_delay);
	p->msgTimes.hello_time = time_from_wire(b->hello_time);

	if (b->type == STP_BPDU_CONFIG)
		role = STP_BPDU_ROLE_DESIGNATED; /* a Configuration BPDU conveys it */
	else
		role = (b->flags & STP_FLAG_ROLE_MASK) >> STP_FLAG_ROLE_SHIFT;
	/* 9.2.9: an RST BPDU whose Port Role is Unknown (0) is treated as a
	 * Configuration BPDU, which conveys a Designated port (as Open vSwitch
	 * and mstpd read it); recordProposal() still ignores its flags. */
	if (role == STP_BPDU_ROLE_UNKNOWN)
		role = STP_BPDU_ROLE_DESIGNATED;

	c = vec_cmp(&p->msgPriority, &p->portPriority);
	/* 17.6: superior if better, or sent by the same designated port
	 * (same bridge address and port number) as the information held. */
	same_designated =
		(p->msgPriority.bridge & ADDR_MASK) == (p->portPriority.bridge & ADDR_MASK) &&
		(p->msgPriority.port & PORTNUM_MASK) == (p->portPriority.port & PORTNUM_MASK);
	superior = c < 0 || (c != 0 && same_designated);

	if (role == STP_BPDU_ROLE_DESIGNATED) {
		if (superior || (c == 0 && !times_equal(&p->msgTimes, &p->portTimes)))
			return SUPERIOR_DESIGNATED_INFO;
		if (c == 0)
			return REPEATED_DESIGNATED_INFO;
		return INFERIOR_DESIGNATED_INFO;
	}
	if ((role == STP_BPDU_ROLE_ROOT || role == STP_BPDU_ROLE_ALT_BACKUP) && c >= 0)
		return INFERIOR_ROOT_ALTERNATE_INFO;
	return OTHER_INFO;
}

static bool stale_sender(struct stp_bridge *br, struct port *p);

/* 17.21.9 */
static void recordAgreement(struct stp_bridge *br, struct port *p)
{
	bool same = true;

	/* brkit (STP_RULE_AGREE_SAME_ROOT): 17.21.9 takes an agreement from any
	 * Root or Alternate port message that is not better than the port's
	 * priority vector, whatever root it names; one given while the other
	 * bridge still followed another (or a stale) root then opens this port
	 * for a vector it never synced for. Taken only when the message names
	 * this port's root (rcvInfo() already made it no better than ours). */
	if (rule(br, STP_RULE_AGREE_SAME_ROOT))
		same = p->msgPriority.root == p->portPriority.root;
	/* brkit (STP_RULE_STALE_INFO): nor an agreement from a bridge still in
	 * the state that made this port age its information (stale_sender()):
	 * that bridge agreed to what this port said before, and the agreement
	 * crossed this port's new proposal on the wire (a Root port's
	 * agreement for a vector this port no longer sends opened it toward a
	 * bridge that had moved its root port away, a loop through a shared
	 * LAN: tests/stp/loop-stale-agreement.stp). */
	if (stale_sender(br, p))
		same = false;
	if (rstpVersion(br) && operPointToPointMAC(p) && (p->rx.flags & STP_FLAG_AGREEMENT) &&
	    p->rx.type == STP_BPDU_RST && same) {
		p->agreed = true;
		p->proposing = false;
	} else {
		p->agreed = false;
	}
}

/* 17.21.10, as 802.1Q-2005 corrected it: a designated port hearing an
 * inferior designated port that is learning has a dispute. */
static void recordDispute(struct port *p)
{
	if (p->rx.type == STP_BPDU_RST && (p->rx.flags & STP_FLAG_LEARNING)) {
		p->disputed = true;
		p->agreed = false;
	}
}

/* 17.21.11 */
static void recordProposal(struct port *p)
{
	unsigned int role = (p->rx.flags & STP_FLAG_ROLE_MASK) >> STP_FLAG_ROLE_SHIFT;

	if (p->rx.type == STP_BPDU_RST && role == STP_BPDU_ROLE_DESIGNATED &&
	    (p->rx.flags & STP_FLAG_PROPOSAL))
		p->proposed = true;
}

/* 17.21.12 */
static void recordPriority(struct port *p)
{
	p->portPriority = p->msgPriority;
	p->staleBridge = 0; /* brkit: information held again (stale_sender()) */
}

/* 17.21.13 */
static void recordTimes(struct port *p)
{
	p->portTimes = p->msgTimes;
	if (p->portTimes.hello_time < STP_MIN_HELLO_TIME)
		p->portTimes.hello_time = STP_MIN_HELLO_TIME;
}

/* 17.21.14 */
static void setSyncTree(struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++)
		br->ports[i].sync = true;
}

/* 17.21.15 */
static void setReRootTree(struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++)
		br->ports[i].reRoot = true;
}

/* 17.21.16 */
static void setSelectedTree(struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++)
		if (br->ports[i].reselect)
			return;
	for (unsigned int i = 0; i < br->nports; i++)
		br->ports[i].selected = true;
}

/* 17.21.17 */
static void setTcFlags(struct port *p)
{
	if (p->rx.type == STP_BPDU_CONFIG || p->rx.type == STP_BPDU_RST) {
		if (p->rx.flags & STP_FLAG_TC)
			p->rcvdTc = true;
		if (p->rx.flags & STP_FLAG_TCA)
			p->rcvdTcAck = true;
	} else if (p->rx.type == STP_BPDU_TCN) {
		p->rcvdTcn = true;
	}
}

/* 17.21.18 */
static void setTcPropTree(struct stp_bridge *br, struct port *self)
{
	for (unsigned int i = 0; i < br->nports; i++)
		if (&br->ports[i] != self)
			br->ports[i].tcProp = true;
}

static void tx(struct stp_bridge *br, struct port *p, const struct stp_bpdu *b)
{
	p->txTotal++;
	if (p->bpduFilter || !p->portEnabled)
		return;
	br->ops->send(br->ctx, p->index, b);
}

static void fill_vector(struct stp_bpdu *b, const struct port *p)
{
	b->root_id = p->designatedPriority.root;
	b->root_path_cost = p->designatedPriority.cost;
	b->bridge_id = p->designatedPriority.bridge;
	b->port_id = p->designatedPriority.port;
	b->message_age = time_to_wire(p->designatedTimes.message_age);
	b->max_age = time_to_wire(p->designatedTimes.max_age);
	b->hello_time = time_to_wire(p->designatedTimes.hello_time);
	b->forward_delay = time_to_wire(p->designatedTimes.forward_delay);
}

/* 17.21.19 */
static void txConfig(struct stp_bridge *br, struct port *p)
{
	struct stp_bpdu b = { .type = STP_BPDU_CONFIG, .version = 0 };

	fill_vector(&b, p);
	/* Information whose Message Age has reached Max Age is not sent: 9.3.4 a)
	 * makes every receiver discard such a Configuration BPDU (the Linux
	 * bridge's br_transmit_config() holds it back too). It is aged out here
	 * at the next tick (17.21.23). Found by tests/fuzz/fuzz_frame.c. */
	if (b.message_age >= b.max_age)
		return;
	if (p->tcWhile != 0)
		b.flags |= STP_FLAG_TC;
	if (p->tcAck)
		b.flags |= STP_FLAG_TCA;
	tx(br, p, &b);
}

/* 17.21.20 */
static void txRstp(struct stp_bridge *br, struct port *p)
{
	struct stp_bpdu b = { .type = STP_BPDU_RST, .version = 2 };
	unsigned int role;

	fill_vector(&b, p);
	switch (p->role) {
	case STP_ROLE_ROOT:
		role = STP_BPDU_ROLE_ROOT;
		break;
	case STP_ROLE_DESIGNATED:
		role = STP_BPDU_ROLE_DESIGNATED;
		break;
	case STP_ROLE_ALTERNATE:
	case STP_ROLE_BACKUP:
		role = STP_BPDU_ROLE_ALT_BACKUP;
		break;
	default:
		role = STP_BPDU_ROLE_UNKNOWN;
		break;
	}
	b.flags = (uint8_t)(role << STP_FLAG_ROLE_SHIFT);
	if (p->agree)
		b.flags |= STP_FLAG_AGREEMENT;
	if (p->proposing)
		b.flags |= STP_FLAG_PROPOSAL;
	if (p->tcWhile != 0)
		b.flags |= STP_FLAG_TC;
	if (p->learning)
		b.flags |= STP_FLAG_LEARNING;
	if (p->forwarding)
		b.flags |= STP_FLAG_FORWARDING;
	tx(br, p, &b);
}

/* 17.21.21 */
static void txTcn(struct stp_bridge *br, struct port *p)
{
	struct stp_bpdu b = { .type = STP_BPDU_TCN, .version = 0 };

	tx(br, p, &b);
}

/* 17.21.22 */
static void updtBPDUVersion(struct port *p)
{
	if (p->rx.type == STP_BPDU_RST)
		p->rcvdRSTP = true;
	else
		p->rcvdSTP = true;
}

/* 17.21.23 */
static void updtRcvdInfoWhile(struct port *p)
{
	if (p->portTimes.message_age + 1 <= p->portTimes.max_age)
		p->rcvdInfoWhile = 3 * p->portTimes.hello_time;
	else
		p->rcvdInfoWhile = 0;
}

/* 17.21.24 */
static void updtRoleDisabledTree(struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++)
		br->ports[i].selectedRole = STP_ROLE_DISABLED;
}

static bool holding(const struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++)
		if (br->ports[i].risingWhile)
			return true;
	return false;
}

/* 17.21.25 updtRolesTree(): the root priority vector, the root port, and
 * every port's designated priority vector and role. */
static void updtRolesTree(struct stp_bridge *br)
{
	struct prio_vec root = br->BridgePriority;
	int root_port = -1;

	for (unsigned int i = 0; i < br->nports; i++) {
		struct port *p = &br->ports[i];
		struct prio_vec rpv;

		if (p->infoIs != INFO_RECEIVED || p->restrictedRole)
			continue;
		/* information from this bridge's own ports does not count */
		if ((p->portPriority.bridge & ADDR_MASK) == (br->BridgeIdentifier & ADDR_MASK))
			continue;
		rpv = p->portPriority;
		rpv.cost = rpv.cost + p->PortPathCost < rpv.cost ? UINT32_MAX
								 : rpv.cost + p->PortPathCost;
		rpv.rx_port = p->portId;
		if (vec_cmp5(&rpv, &root) < 0) {
			root = rpv;
			root_port = (int)i;
		}
	}
	if (rule(br, STP_RULE_RISING_COST) && root_port >= 0) {
		struct port *rp = &br->ports[root_port];

		/* brkit (STP_RULE_RISING_COST), a deviation from 17.21.25 and
		 * 17.29: the root path cost to the same root rose and the new
		 * root port's designated bridge is not closer to the root than
		 * this bridge was (its cost is not below the old root path
		 * cost, a distance-vector feasibility test): the information
		 * may be this bridge's own, come back round a cycle, which is
		 * how a count to infinity starts. The root port still forwards
		 * at once (a ring cut heals as fast as before), but every
		 * designated port is synced and may not learn or forward while
		 * the hold lasts (Forward Delay, re-armed at every further
		 * rise), so this bridge is a leaf and closes no cycle while Max
		 * Age retires stale information. Edge ports are not held. The
		 * old cost is kept during the hold, then follows the root path
		 * cost. */
		if (root.root == br->lastRoot && root.cost > br->lastRootCost &&
		    rp->portPriority.cost >= br->lastRootCost) {
			rp->risingWhile = rp->designatedTimes.forward_delay;
			setSyncTree(br);
		}
		if (root.root != br->lastRoot || root.cost < br->lastRootCost || !holding(br)) {
			br->lastRoot = root.root;
			br->lastRootCost = root.cost;
		}
	}
	br->rootPriority = root;
	br->rootPort = root_port;
	if (root_port < 0) {
		br->rootPortId = 0;
		br->rootTimes = br->BridgeTimes;
	} else {
		br->rootPortId = br->ports[root_port].portId;
		br->rootTimes = br->ports[root_port].portTimes;
		br->rootTimes.message_age += 1;
	}

	for (unsigned int i = 0; i < br->nports; i++) {
		struct port *p = &br->ports[i];

		p->designatedPriority.root = root.root;
		p->designatedPriority.cost = root.cost;
		p->designatedPriority.bridge = br->BridgeIdentifier;
		p->designatedPriority.port = p->portId;
		p->designatedPriority.rx_port = p->portId;
		p->designatedTimes = br->rootTimes;
		p->designatedTimes.hello_time = br->BridgeTimes.hello_time;

		switch (p->infoIs) {
		case INFO_DISABLED:
			p->selectedRole = STP_ROLE_DISABLED;
			break;
		case INFO_AGED:
			p->updtInfo = true;
			p->selectedRole = STP_ROLE_DESIGNATED;
			break;
		case INFO_MINE:
			p->selectedRole = STP_ROLE_DESIGNATED;
			if (vec_cmp(&p->portPriority, &p->designatedPriority) != 0 ||
			    !times_equal(&p->portTimes, &p->designatedTimes))
				p->updtInfo = true;
			break;
		case INFO_RECEIVED:
			if ((int)i == root_port) {
				p->selectedRole = STP_ROLE_ROOT;
				p->updtInfo = false;
			} else if (vec_cmp(&p->designatedPriority, &p->portPriority) >= 0) {
				if ((p->portPriority.bridge & ADDR_MASK) !=
				    (br->BridgeIdentifier & ADDR_MASK))
					p->selectedRole = STP_ROLE_ALTERNATE;
				else
					p->selectedRole = STP_ROLE_BACKUP;
				p->updtInfo = false;
			} else {
				p->selectedRole = STP_ROLE_DESIGNATED;
				p->updtInfo = true;
			}
			break;
		}
	}
}

/* ---- 17.22 Port Timers ---- */

static void dec(unsigned int *t)
{
	if (*t > 0)
		(*t)--;
}

static bool port_timers(struct stp_bridge *br, struct port *p)
{
	(void)br;
	if (p->begin) {
		p->pti = PTI_ONE_SECOND;
		p->tick = false;
		return true;
	}
	switch (p->pti) {
	case PTI_ONE_SECOND:
		if (!p->tick)
			return false;
		p->pti = PTI_TICK;
		dec(&p->helloWhen);
		dec(&p->tcWhile);
		dec(&p->fdWhile);
		dec(&p->rcvdInfoWhile);
		dec(&p->rrWhile);
		dec(&p->rbWhile);
		dec(&p->mdelayWhile);
		dec(&p->edgeDelayWhile);
		dec(&p->risingWhile);
		dec(&p->txCount);
		return true;
	case PTI_TICK: /* UCT */
		p->pti = PTI_ONE_SECOND;
		p->tick = false;
		return true;
	}
	return false;
}

/* ---- 17.23 Port Receive ---- */

static void prx_discard(struct stp_bridge *br, struct port *p)
{
	p->prx = PRX_DISCARD;
	p->rcvdBpdu = p->rcvdRSTP = p->rcvdSTP = false;
	p->rcvdMsg = false; /* clearAllRcvdMsgs() */
	p->edgeDelayWhile = br->MigrateTime;
}

static bool port_receive(struct stp_bridge *br, struct port *p)
{
	if (p->begin ||
	    ((p->rcvdBpdu || p->edgeDelayWhile != br->MigrateTime) && !p->portEnabled)) {
		prx_discard(br, p);
		return true;
	}
	switch (p->prx) {
	case PRX_DISCARD:
	case PRX_RECEIVE:
		if (p->rcvdBpdu && p->portEnabled && (p->prx == PRX_DISCARD || !p->rcvdMsg)) {
			p->prx = PRX_RECEIVE;
			updtBPDUVersion(p);
			p->operEdge = p->rcvdBpdu = false;
			p->rcvdMsg = true;
			p->edgeDelayWhile = br->MigrateTime;
			return true;
		}
		return false;
	}
	return false;
}

/* ---- 17.24 Port Protocol Migration ---- */

static void ppm_checking_rstp(struct stp_bridge *br, struct port *p)
{
	p->ppm = PPM_CHECKING_RSTP;
	p->mcheck = false;
	p->sendRSTP = rstpVersion(br);
	p->mdelayWhile = br->MigrateTime;
}

static void ppm_sensing(struct port *p)
{
	p->ppm = PPM_SENSING;
	p->rcvdRSTP = p->rcvdSTP = false;
}

static bool port_protocol_migration(struct stp_bridge *br, struct port *p)
{
	if (p->begin) {
		ppm_checking_rstp(br, p);
		return true;
	}
	switch (p->ppm) {
	case PPM_CHECKING_RSTP:
		if (p->mdelayWhile != br->MigrateTime && !p->portEnabled) {
			ppm_checking_rstp(br, p);
			return true;
		}
		if (p->mdelayWhile == 0) {
			ppm_sensing(p);
			return true;
		}
		return false;
	case PPM_SENSING:
		if (!p->portEnabled || p->mcheck ||
		    (rstpVersion(br) && !p->sendRSTP && p->rcvdRSTP)) {
			ppm_checking_rstp(br, p);
			return true;
		}
		if (p->sendRSTP && p->rcvdSTP) {
			p->ppm = PPM_SELECTING_STP;
			p->sendRSTP = false;
			p->mdelayWhile = br->MigrateTime;
			return true;
		}
		return false;
	case PPM_SELECTING_STP:
		if (p->mdelayWhile == 0 || !p->portEnabled || p->mcheck) {
			ppm_sensing(p);
			return true;
		}
		return false;
	}
	return false;
}

/* ---- 17.25 Bridge Detection ---- */

static bool bridge_detection(struct stp_bridge *br, struct port *p)
{
	if (p->begin) {
		p->bdm = p->AdminEdge ? BDM_EDGE : BDM_NOT_EDGE;
		p->operEdge = p->AdminEdge;
		return true;
	}
	switch (p->bdm) {
	case BDM_EDGE:
		if ((!p->portEnabled && !p->AdminEdge) || !p->operEdge) {
			p->bdm = BDM_NOT_EDGE;
			p->operEdge = false;
			return true;
		}
		return false;
	case BDM_NOT_EDGE:
		if ((!p->portEnabled && p->AdminEdge) ||
		    (p->edgeDelayWhile == 0 && p->AutoEdge && p->sendRSTP && p->proposing)) {
			p->bdm = BDM_EDGE;
			p->operEdge = true;
			return true;
		}
		return false;
	}
	(void)br;
	return false;
}

/* ---- 17.26 Port Transmit ---- */

/* 17.26 counts every BPDU against TxHoldCount (txCount += 1) and Port
 * Timers take one off a second. brkit (STP_RULE_TXHOLD_EVENTS): a periodic
 * hello that carries no news is not counted. With Hello Time 1 s a port
 * sends one hello a second, which is all the tick takes off: a count that
 * filled up during start-up (or any burst) never drained, and every later
 * event-driven BPDU (new information, a proposal, an agreement) waited for
 * the next tick. Bursts of news are still held to TxHoldCount a second, and
 * hellos stay one per Hello Time. */
static void count_tx(struct stp_bridge *br, struct port *p)
{
	if (!(p->helloOnly && rule(br, STP_RULE_TXHOLD_EVENTS)))
		p->txCount += 1;
	p->helloOnly = false;
}

static bool port_transmit(struct stp_bridge *br, struct port *p)
{
	if (p->begin) {
		p->ptx = PTX_TRANSMIT_INIT;
		p->newInfo = true;
		p->txCount = 0;
		return true;
	}
	switch (p->ptx) {
	case PTX_TRANSMIT_INIT:
	case PTX_TRANSMIT_PERIODIC:
	case PTX_TRANSMIT_CONFIG:
	case PTX_TRANSMIT_TCN:
	case PTX_TRANSMIT_RSTP: /* UCT */
		p->ptx = PTX_IDLE;
		p->helloWhen = HelloTime(p);
		return true;
	case PTX_IDLE:
		if (!p->selected || p->updtInfo)
			return false;
		/* The order of 17.26's transitions out of IDLE matters: the
		 * periodic hello is tested before the hold, so a port whose
		 * TxHoldCount is spent still marks its hello due (newInfo); it
		 * goes out when the hold allows. */
		if (p->helloWhen == 0) {
			p->ptx = PTX_TRANSMIT_PERIODIC;
			p->helloOnly =
				!p->newInfo && (p->role == STP_ROLE_DESIGNATED ||
						(p->role == STP_ROLE_ROOT && p->tcWhile != 0));
			p->newInfo = p->newInfo || p->helloOnly;
			return true;
		}
		if (p->txCount >= br->TxHoldCount) {
			if (p->newInfo && br->ops->held)
				br->ops->held(br->ctx, p->index);
			return false;
		}
		if (p->sendRSTP && p->newInfo) {
			p->ptx = PTX_TRANSMIT_RSTP;
			txRstp(br, p);
			count_tx(br, p);
			p->newInfo = false;
			return true;
		}
		if (!p->sendRSTP && p->newInfo && p->role == STP_ROLE_ROOT) {
			p->ptx = PTX_TRANSMIT_TCN;
			txTcn(br, p);
			count_tx(br, p);
			p->newInfo = false;
			return true;
		}
		if (!p->sendRSTP && p->newInfo && p->role == STP_ROLE_DESIGNATED) {
			p->ptx = PTX_TRANSMIT_CONFIG;
			p->newInfo = false;
			txConfig(br, p);
			count_tx(br, p);
			p->tcAck = false;
			return true;
		}
		return false;
	}
	return false;
}

/* ---- 17.27 Port Information ---- */

static void pim_disabled(struct port *p)
{
	p->pim = PIM_DISABLED;
	p->rcvdMsg = false;
	p->proposing = p->proposed = p->agree = p->agreed = false;
	p->staleBridge = 0;
	p->rcvdInfoWhile = 0;
	p->infoIs = INFO_DISABLED;
	p->reselect = true;
	p->selected = false;
}

static bool same_sender(const struct prio_vec *a, const struct prio_vec *b)
{
	return (a->bridge & ADDR_MASK) == (b->bridge & ADDR_MASK) &&
	       (a->port & PORTNUM_MASK) == (b->port & PORTNUM_MASK);
}

/* brkit (STP_RULE_STALE_INFO), beyond 17.27: a bridge sends one root and
 * root path cost on every port (17.21.25). When @p hears bridge X name a
 * root or cost other than what another port still holds from X, that
 * port's information is older than X's own word: it ages at once, rather
 * than being taken for a root path that X no longer has (how a bridge
 * that lost the root hands its stale root back round parallel links). */
static void stale_elsewhere(struct stp_bridge *br, const struct port *p)
{
	if (!rule(br, STP_RULE_STALE_INFO))
		return;
	for (unsigned int i = 0; i < br->nports; i++) {
		struct port *q = &br->ports[i];

		if (q == p || q->infoIs != INFO_RECEIVED)
			continue;
		if ((q->portPriority.bridge & ADDR_MASK) != (p->msgPriority.bridge & ADDR_MASK))
			continue;
		if (q->portPriority.root != p->msgPriority.root ||
		    q->portPriority.cost != p->msgPriority.cost) {
			q->rcvdInfoWhile = 0;
			q->staleBridge = p->msgPriority.bridge & ADDR_MASK;
			q->staleRoot = p->msgPriority.root;
			q->staleCost = p->msgPriority.cost;
		}
	}
}

/* brkit (STP_RULE_STALE_INFO): whether the message on @p comes from the
 * bridge whose information @p aged because it named another root or cost
 * elsewhere, still naming that root and cost. Such a message was sent in
 * the same state of that bridge as the one that aged the information, so
 * before it could have heard what @p says since; the message ends the
 * record when it names anything else. */
static bool stale_sender(struct stp_bridge *br, struct port *p)
{
	if (!rule(br, STP_RULE_STALE_INFO) || !p->staleBridge)
		return false;
	if ((p->msgPriority.bridge & ADDR_MASK) != p->staleBridge)
		return false;
	if (p->msgPriority.root == p->staleRoot && p->msgPriority.cost == p->staleCost)
		return true;
	p->staleBridge = 0;
	return false;
}

static void pim_aged(struct stp_bridge *br, struct port *p, bool aged_out)
{
	p->pim = PIM_AGED;
	p->infoIs = INFO_AGED;
	p->reselect = true;
	p->selected = false;
	/* brkit (STP_RULE_AGED_FDWHILE): information that aged out (or came
	 * with Message Age at Max Age, which ages it at once) makes the port
	 * designated with whatever fdWhile it had, 0 when it waited long
	 * enough before: it could learn and forward at once towards a bridge
	 * that still believes the stale information. A port not forwarding
	 * starts fdWhile, as DESIGNATED_DISCARD would; an agreement still
	 * opens it at once. */
	if (aged_out && rule(br, STP_RULE_AGED_FDWHILE) && !p->forward && !p->learn)
		p->fdWhile = forwardDelay(p);
}

static bool port_information(struct stp_bridge *br, struct port *p)
{
	if (p->begin || (!p->portEnabled && p->infoIs != INFO_DISABLED)) {
		pim_disabled(p);
		return true;
	}
	switch (p->pim) {
	case PIM_DISABLED:
		if (p->portEnabled) {
			pim_aged(br, p, false);
			return true;
		}
		if (p->rcvdMsg) {
			pim_disabled(p);
			return true;
		}
		return false;
	case PIM_AGED:
		if (p->selected && p->updtInfo)
			goto update;
		return false;
	case PIM_UPDATE:
	case PIM_SUPERIOR_DESIGNATED:
	case PIM_REPEATED_DESIGNATED:
	case PIM_INFERIOR_DESIGNATED:
	case PIM_NOT_DESIGNATED:
	case PIM_OTHER: /* UCT */
		p->pim = PIM_CURRENT;
		return true;
	case PIM_CURRENT:
		/* Order: new information of this bridge's own (UPDATE) before
		 * ageing, ageing before a received message, as 17.27 qualifies
		 * them (!updtInfo, !rcvdMsg) so that at most one can fire. */
		if (p->selected && p->updtInfo)
			goto update;
		if (p->infoIs == INFO_RECEIVED && p->rcvdInfoWhile == 0 && !p->updtInfo &&
		    !p->rcvdMsg) {
			pim_aged(br, p, true);
			return true;
		}
		if (p->rcvdMsg && !p->updtInfo) {
			p->pim = PIM_RECEIVE;
			p->rcvdInfo = rcvInfo(p);
			(void)stale_sender(br, p); /* ends the record when it moved on */
			return true;
		}
		return false;
	case PIM_RECEIVE:
		switch (p->rcvdInfo) {
		case SUPERIOR_DESIGNATED_INFO:
			p->pim = PIM_SUPERIOR_DESIGNATED;
			p->agreed = p->proposing = false;
			recordProposal(p);
			setTcFlags(p);
			p->agree = p->agree && betterorsameInfo(p, INFO_RECEIVED);
			/* brkit (STP_RULE_AGREE_SAME_ROOT): nor an agreement given
			 * for another root (see UPDATE below) */
			if (rule(br, STP_RULE_AGREE_SAME_ROOT) &&
			    p->msgPriority.root != p->portPriority.root)
				p->agree = false;
			recordPriority(p);
			recordTimes(p);
			updtRcvdInfoWhile(p);
			p->infoIs = INFO_RECEIVED;
			p->reselect = true;
			p->selected = false;
			p->rcvdMsg = false;
			break;
		case REPEATED_DESIGNATED_INFO:
			p->pim = PIM_REPEATED_DESIGNATED;
			recordProposal(p);
			setTcFlags(p);
			updtRcvdInfoWhile(p);
			p->rcvdMsg = false;
			break;
		case INFERIOR_DESIGNATED_INFO:
			p->pim = PIM_INFERIOR_DESIGNATED;
			recordDispute(p);
			p->rcvdMsg = false;
			break;
		case INFERIOR_ROOT_ALTERNATE_INFO:
			p->pim = PIM_NOT_DESIGNATED;
			recordAgreement(br, p);
			setTcFlags(p);
			p->rcvdMsg = false;
			/* brkit (STP_RULE_STALE_INFO): 17.27 keeps the
			 * information of a designated port that now says it is
			 * a Root or Alternate port; on a shared LAN the others
			 * then follow a designated port that no longer is one
			 * until rcvdInfoWhile runs out. It ages at once. */
			if (rule(br, STP_RULE_STALE_INFO) && p->infoIs == INFO_RECEIVED &&
			    same_sender(&p->msgPriority, &p->portPriority))
				p->rcvdInfoWhile = 0;
			break;
		case OTHER_INFO:
			p->pim = PIM_OTHER;
			p->rcvdMsg = false;
			break;
		}
		if (p->rcvdInfo != OTHER_INFO && p->rx.type != STP_BPDU_TCN)
			stale_elsewhere(br, p);
		/* brkit (STP_RULE_STALE_INFO): a root identifier with this
		 * bridge's address and another priority is this bridge before
		 * its priority changed: information about a root that is gone */
		if (rule(br, STP_RULE_STALE_INFO) && p->infoIs == INFO_RECEIVED &&
		    (p->portPriority.root & ADDR_MASK) == (br->BridgeIdentifier & ADDR_MASK) &&
		    p->portPriority.root != br->BridgeIdentifier)
			p->rcvdInfoWhile = 0;
		return true;
	}
	return false;
update:
	p->pim = PIM_UPDATE;
	p->proposing = p->proposed = false;
	p->agreed = p->agreed && betterorsameInfo(p, INFO_MINE);
	/* brkit (STP_RULE_AGREE_SAME_ROOT): 17.27 UPDATE keeps an agreement
	 * when the new designated vector is better or the same, even when it
	 * names another root: the agreement was given by a bridge that synced
	 * for the old root, and a root port that agreed on the old root's
	 * information can be the stale branch of a count to infinity. Kept
	 * only for the same root identifier. */
	if (rule(br, STP_RULE_AGREE_SAME_ROOT) &&
	    p->designatedPriority.root != p->portPriority.root)
		p->agreed = false;
	p->synced = p->synced && p->agreed;
	p->portPriority = p->designatedPriority;
	p->portTimes = p->designatedTimes;
	p->updtInfo = false;
	p->infoIs = INFO_MINE;
	p->newInfo = true;
	return true;
}

/* ---- 17.28 Port Role Selection ---- */

static bool port_role_selection(struct stp_bridge *br)
{
	bool reselect = false;

	if (br->begin) {
		br->prs = PRS_INIT_BRIDGE;
		updtRoleDisabledTree(br);
		return true;
	}
	for (unsigned int i = 0; i < br->nports; i++)
		reselect = reselect || br->ports[i].reselect;
	if (br->prs == PRS_INIT_BRIDGE || reselect) {
		br->prs = PRS_ROLE_SELECTION;
		clearReselectTree(br);
		updtRolesTree(br);
		setSelectedTree(br);
		return true;
	}
	return false;
}

/* ---- 17.29 Port Role Transitions ---- */

static void prt_enter(struct stp_bridge *br, struct port *p, enum prt_state s)
{
	p->prt = s;
	switch (s) {
	case PRT_INIT_PORT:
		p->role = STP_ROLE_DISABLED;
		p->learn = p->forward = false;
		p->synced = false;
		p->sync = p->reRoot = true;
		p->rrWhile = FwdDelay(p);
		p->fdWhile = MaxAge(p);
		p->rbWhile = 0;
		break;
	case PRT_DISABLE_PORT:
		p->role = p->selectedRole;
		p->learn = p->forward = false;
		break;
	case PRT_DISABLED_PORT:
		p->fdWhile = MaxAge(p);
		p->synced = true;
		p->rrWhile = 0;
		p->sync = p->reRoot = false;
		break;
	case PRT_ROOT_PROPOSED:
		setSyncTree(br);
		p->proposed = false;
		break;
	case PRT_ROOT_AGREED:
		p->proposed = p->sync = false;
		p->agree = true;
		p->newInfo = true;
		break;
	case PRT_REROOT:
		setReRootTree(br);
		break;
	case PRT_ROOT_FORWARD:
		p->fdWhile = 0;
		p->forward = true;
		break;
	case PRT_ROOT_LEARN:
		p->fdWhile = forwardDelay(p);
		p->learn = true;
		break;
	case PRT_REROOTED:
		p->reRoot = false;
		break;
	case PRT_ROOT_PORT:
		p->role = STP_ROLE_ROOT;
		p->rrWhile = FwdDelay(p);
		break;
	case PRT_DESIGNATED_PROPOSE:
		p->proposing = true;
		p->edgeDelayWhile = EdgeDelay(br, p);
		p->newInfo = true;
		break;
	case PRT_DESIGNATED_SYNCED:
		p->rrWhile = 0;
		p->synced = true;
		p->sync = false;
		break;
	case PRT_DESIGNATED_RETIRED:
		p->reRoot = false;
		break;
	case PRT_DESIGNATED_FORWARD:
		p->forward = true;
		p->fdWhile = 0;
		p->agreed = p->sendRSTP;
		p->staleBridge = 0; /* brkit: forwarding, it needs no agreement */
		break;
	case PRT_DESIGNATED_LEARN:
		p->learn = true;
		p->fdWhile = forwardDelay(p);
		break;
	case PRT_DESIGNATED_DISCARD:
		p->learn = p->forward = p->disputed = false;
		p->fdWhile = forwardDelay(p);
		break;
	case PRT_DESIGNATED_PORT:
		p->role = STP_ROLE_DESIGNATED;
		break;
	case PRT_ALTERNATE_PROPOSED:
		setSyncTree(br);
		p->proposed = false;
		break;
	case PRT_ALTERNATE_AGREED:
		p->proposed = false;
		p->agree = true;
		p->newInfo = true;
		break;
	case PRT_BLOCK_PORT:
		p->role = p->selectedRole;
		p->learn = p->forward = false;
		break;
	case PRT_BACKUP_PORT:
		p->rbWhile = 2 * HelloTime(p);
		break;
	case PRT_ALTERNATE_PORT:
		p->fdWhile = forwardDelay(p);
		p->synced = true;
		p->rrWhile = 0;
		p->sync = p->reRoot = false;
		break;
	}
}

static bool go(struct stp_bridge *br, struct port *p, enum prt_state s)
{
	prt_enter(br, p, s);
	return true;
}

static bool port_role_transitions(struct stp_bridge *br, struct port *p)
{
	if (p->begin)
		return go(br, p, PRT_INIT_PORT);
	if (p->prt == PRT_INIT_PORT) /* UCT */
		return go(br, p, PRT_DISABLE_PORT);
	/* every other transition is qualified by selected && !updtInfo */
	if (!p->selected || p->updtInfo)
		return false;

	/* the global transitions: a new role */
	if (p->role != p->selectedRole) {
		switch (p->selectedRole) {
		case STP_ROLE_DISABLED:
			return go(br, p, PRT_DISABLE_PORT);
		case STP_ROLE_ROOT:
			return go(br, p, PRT_ROOT_PORT);
		case STP_ROLE_DESIGNATED:
			return go(br, p, PRT_DESIGNATED_PORT);
		case STP_ROLE_ALTERNATE:
		case STP_ROLE_BACKUP:
			return go(br, p, PRT_BLOCK_PORT);
		}
	}

	switch (p->prt) {
	case PRT_INIT_PORT:
		return false;
	case PRT_DISABLE_PORT:
		if (!p->learning && !p->forwarding)
			return go(br, p, PRT_DISABLED_PORT);
		return false;
	case PRT_DISABLED_PORT:
		if (p->fdWhile != MaxAge(p) || p->sync || p->reRoot || !p->synced)
			return go(br, p, PRT_DISABLED_PORT);
		return false;

	case PRT_ROOT_PROPOSED:
	case PRT_ROOT_AGREED:
	case PRT_REROOT:
	case PRT_ROOT_FORWARD:
	case PRT_ROOT_LEARN:
	case PRT_REROOTED: /* UCT */
		return go(br, p, PRT_ROOT_PORT);
	case PRT_ROOT_PORT:
		/* Several of these can hold at once; the order is the one the
		 * standard's figure reads in and it matters: a proposal is
		 * answered (sync, then agree) before the port may learn, and
		 * REROOT/REROOTED settle reRoot before the forward tests. */
		if (p->proposed && !p->agree)
			return go(br, p, PRT_ROOT_PROPOSED);
		if ((allSynced(br) && !p->agree) || (p->proposed && p->agree))
			return go(br, p, PRT_ROOT_AGREED);
		if (!p->forward && !p->reRoot)
			return go(br, p, PRT_REROOT);
		if (p->rrWhile != FwdDelay(p))
			return go(br, p, PRT_ROOT_PORT);
		if (p->reRoot && p->forward)
			return go(br, p, PRT_REROOTED);
		if ((p->fdWhile == 0 || (reRooted(br, p) && p->rbWhile == 0 && rstpVersion(br))) &&
		    !p->learn)
			return go(br, p, PRT_ROOT_LEARN);
		if ((p->fdWhile == 0 || (reRooted(br, p) && p->rbWhile == 0 && rstpVersion(br))) &&
		    p->learn && !p->forward)
			return go(br, p, PRT_ROOT_FORWARD);
		return false;

	case PRT_DESIGNATED_PROPOSE:
	case PRT_DESIGNATED_SYNCED:
	case PRT_DESIGNATED_RETIRED:
	case PRT_DESIGNATED_FORWARD:
	case PRT_DESIGNATED_LEARN:
	case PRT_DESIGNATED_DISCARD: /* UCT */
		return go(br, p, PRT_DESIGNATED_PORT);
	case PRT_DESIGNATED_PORT:
		/* Order matters: propose before syncing, sync (and retire a
		 * recent root) before the discard test, and discard before
		 * learn/forward, so a port asked to sync never opens first. */
		if (!p->forward && !p->agreed && !p->proposing && !p->operEdge)
			return go(br, p, PRT_DESIGNATED_PROPOSE);
		if ((!p->learning && !p->forwarding && !p->synced) || (p->agreed && !p->synced) ||
		    (p->operEdge && !p->synced) || (p->sync && p->synced))
			return go(br, p, PRT_DESIGNATED_SYNCED);
		if (p->rrWhile == 0 && p->reRoot)
			return go(br, p, PRT_DESIGNATED_RETIRED);
		if (((p->sync && !p->synced) || (p->reRoot && p->rrWhile != 0) || p->disputed) &&
		    !p->operEdge && (p->learn || p->forward))
			return go(br, p, PRT_DESIGNATED_DISCARD);
		/* brkit (STP_RULE_RISING_COST): not while the bridge holds */
		if ((p->fdWhile == 0 || p->agreed || p->operEdge) &&
		    (p->rrWhile == 0 || !p->reRoot) && !p->sync && (p->operEdge || !holding(br))) {
			if (!p->learn)
				return go(br, p, PRT_DESIGNATED_LEARN);
			if (p->learn && !p->forward)
				return go(br, p, PRT_DESIGNATED_FORWARD);
		}
		return false;

	case PRT_ALTERNATE_PROPOSED:
	case PRT_ALTERNATE_AGREED:
	case PRT_BACKUP_PORT: /* UCT */
		return go(br, p, PRT_ALTERNATE_PORT);
	case PRT_BLOCK_PORT:
		if (!p->learning && !p->forwarding)
			return go(br, p, PRT_ALTERNATE_PORT);
		return false;
	case PRT_ALTERNATE_PORT:
		if (p->proposed && !p->agree)
			return go(br, p, PRT_ALTERNATE_PROPOSED);
		if ((allSynced(br) && !p->agree) || (p->proposed && p->agree))
			return go(br, p, PRT_ALTERNATE_AGREED);
		if (p->fdWhile != forwardDelay(p) || p->sync || p->reRoot || !p->synced)
			return go(br, p, PRT_ALTERNATE_PORT);
		if (p->rbWhile != 2 * HelloTime(p) && p->role == STP_ROLE_BACKUP)
			return go(br, p, PRT_BACKUP_PORT);
		return false;
	}
	return false;
}

/* ---- 17.30 Port State Transition ---- */

static bool port_state_transition(struct stp_bridge *br, struct port *p)
{
	if (p->begin) {
		p->pst = PST_DISCARDING;
		disableLearning(br, p);
		disableForwarding(br, p);
		return true;
	}
	switch (p->pst) {
	case PST_DISCARDING:
		if (p->learn) {
			p->pst = PST_LEARNING;
			enableLearning(br, p);
			return true;
		}
		return false;
	case PST_LEARNING:
		if (!p->learn) {
			p->pst = PST_DISCARDING;
			disableLearning(br, p);
			disableForwarding(br, p);
			return true;
		}
		if (p->forward) {
			p->pst = PST_FORWARDING;
			enableForwarding(br, p);
			return true;
		}
		return false;
	case PST_FORWARDING:
		if (!p->forward) {
			p->pst = PST_DISCARDING;
			disableLearning(br, p);
			disableForwarding(br, p);
			return true;
		}
		return false;
	}
	return false;
}

/* ---- 17.31 Topology Change ---- */

static void tcm_inactive(struct stp_bridge *br, struct port *p)
{
	p->tcm = TCM_INACTIVE;
	p->fdbFlush = true;
	fdb_flush(br, p, false);
	p->tcWhile = 0;
	p->tcAck = false;
}

static void tcm_learning(struct port *p)
{
	p->tcm = TCM_LEARNING;
	p->rcvdTc = p->rcvdTcn = p->rcvdTcAck = false;
	p->tcProp = false;
}

static void tcm_notified_tc(struct stp_bridge *br, struct port *p)
{
	p->tcm = TCM_NOTIFIED_TC;
	p->rcvdTcn = p->rcvdTc = false;
	if (p->role == STP_ROLE_DESIGNATED)
		p->tcAck = true;
	/* 802.1Q restrictedTcn: the change is not passed on */
	if (!p->restrictedTcn)
		setTcPropTree(br, p);
}

static bool topology_change(struct stp_bridge *br, struct port *p)
{
	bool rd = p->role == STP_ROLE_ROOT || p->role == STP_ROLE_DESIGNATED;

	if (p->begin) {
		tcm_inactive(br, p);
		return true;
	}
	switch (p->tcm) {
	case TCM_INACTIVE:
		if (p->learn && !p->fdbFlush) {
			tcm_learning(p);
			return true;
		}
		return false;
	case TCM_LEARNING:
		if (rd && p->forward && !p->operEdge) {
			p->tcm = TCM_DETECTED;
			newTcWhile(br, p);
			setTcPropTree(br, p);
			p->newInfo = true;
			return true;
		}
		if (p->rcvdTc || p->rcvdTcn || p->rcvdTcAck || p->tcProp) {
			tcm_learning(p); /* LEARNING re-entered */
			return true;
		}
		if (!rd && !(p->learn || p->learning)) {
			tcm_inactive(br, p);
			return true;
		}
		return false;
	case TCM_DETECTED:
	case TCM_NOTIFIED_TC:
	case TCM_PROPAGATING:
	case TCM_ACKNOWLEDGED: /* UCT */
		p->tcm = TCM_ACTIVE;
		return true;
	case TCM_NOTIFIED_TCN: /* UCT */
		tcm_notified_tc(br, p);
		return true;
	case TCM_ACTIVE:
		if (!rd || p->operEdge) {
			tcm_learning(p);
			return true;
		}
		if (p->rcvdTcn) {
			p->tcm = TCM_NOTIFIED_TCN;
			newTcWhile(br, p);
			return true;
		}
		if (p->rcvdTc) {
			tcm_notified_tc(br, p);
			return true;
		}
		if (p->tcProp && !p->operEdge) {
			p->tcm = TCM_PROPAGATING;
			newTcWhile(br, p);
			p->fdbFlush = true;
			fdb_flush(br, p, true);
			p->tcProp = false;
			return true;
		}
		if (p->rcvdTcAck) {
			p->tcm = TCM_ACKNOWLEDGED;
			p->tcWhile = 0;
			p->rcvdTcAck = false;
			return true;
		}
		return false;
	}
	return false;
}

/* ---- running the machines ---- */

static void run(struct stp_bridge *br)
{
	if (br->batch)
		br->deferred = true;
	for (unsigned int round = 0; round < 10000; round++) {
		bool moved = port_role_selection(br);

		for (unsigned int i = 0; i < br->nports; i++) {
			struct port *p = &br->ports[i];

			p->portEnabled = p->macOperational && !p->guardDisabled;
			moved |= port_timers(br, p);
			moved |= port_receive(br, p);
			moved |= port_protocol_migration(br, p);
			moved |= bridge_detection(br, p);
			moved |= port_information(br, p);
			moved |= port_role_transitions(br, p);
			moved |= port_state_transition(br, p);
			moved |= topology_change(br, p);
			/* in a batch Port Transmit runs at its end (its BEGIN at once) */
			if (!br->batch || p->begin)
				moved |= port_transmit(br, p);
			p->begin = false;
		}
		br->begin = false;
		if (!moved)
			return;
	}
}

/* ---- the interface ---- */

static void init_port(struct stp_bridge *br, struct port *p, unsigned int i)
{
	memset(p, 0, sizeof(*p));
	p->index = i;
	p->priority = STP_DEFAULT_PORT_PRIORITY;
	p->portId = (uint16_t)((p->priority << 8) | ((i + 1) & PORTNUM_MASK));
	p->PortPathCost = STP_DEFAULT_PATH_COST;
	p->AutoEdge = true;
	p->adminPointToPointMAC = STP_P2P_AUTO;
	p->designatedTimes = br->BridgeTimes;
	p->portTimes = br->BridgeTimes;
	p->begin = true;
}

static void set_bridge_id(struct stp_bridge *br, uint64_t id)
{
	br->BridgeIdentifier = id;
	br->BridgePriority.root = id;
	br->BridgePriority.cost = 0;
	br->BridgePriority.bridge = id;
	br->BridgePriority.port = 0;
	br->BridgePriority.rx_port = 0;
}

int stp_bridge_new(struct stp_bridge **out, uint64_t addr, unsigned int nports,
		   const struct stp_ops *ops, void *ctx)
{
	struct stp_bridge *br;

	if (!out || nports == 0 || nports > STP_MAX_PORTS || (addr & ~ADDR_MASK))
		return -EINVAL;
	/* the engine calls these three; held is optional */
	if (!ops || !ops->send || !ops->set_state || !ops->flush)
		return -EINVAL;
	br = calloc(1, sizeof(*br));
	if (!br)
		return -ENOMEM;
	br->ports = calloc(nports, sizeof(*br->ports));
	if (!br->ports) {
		free(br);
		return -ENOMEM;
	}
	br->ops = ops;
	br->ctx = ctx;
	br->nports = nports;
	br->ForceProtocolVersion = STP_FORCE_RSTP;
	br->TxHoldCount = STP_DEFAULT_TX_HOLD_COUNT;
	br->MigrateTime = STP_MIGRATE_TIME;
	br->rules = STP_RULES_SAFE;
	br->BridgeTimes.message_age = 0;
	br->BridgeTimes.max_age = STP_DEFAULT_MAX_AGE;
	br->BridgeTimes.forward_delay = STP_DEFAULT_FORWARD_DELAY;
	br->BridgeTimes.hello_time = STP_DEFAULT_HELLO_TIME;
	br->rootTimes = br->BridgeTimes;
	set_bridge_id(br, ((uint64_t)STP_DEFAULT_BRIDGE_PRIORITY << 48) | addr);
	br->rootPriority = br->BridgePriority;
	br->rootPort = -1;
	for (unsigned int i = 0; i < nports; i++)
		init_port(br, &br->ports[i], i);
	br->begin = true;
	run(br);
	*out = br;
	return 0;
}

void stp_bridge_free(struct stp_bridge *br)
{
	if (!br)
		return;
	free(br->ports);
	free(br);
}

void stp_tick(struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++)
		br->ports[i].tick = true;
	run(br);
}

void stp_batch_begin(struct stp_bridge *br)
{
	br->batch = true;
}

void stp_batch_end(struct stp_bridge *br)
{
	if (!br->batch)
		return;
	br->batch = false;
	if (br->deferred) {
		br->deferred = false;
		run(br);
	}
}

int stp_receive(struct stp_bridge *br, unsigned int port, const struct stp_bpdu *b)
{
	struct port *p;

	if (port >= br->nports || !b)
		return -EINVAL;
	p = &br->ports[port];
	if (!p->portEnabled)
		return 0; /* a disabled port hears nothing */
	if (p->bpduFilter)
		return 0;
	if (p->bpduGuard) {
		p->guardDisabled = true;
		run(br);
		return 0;
	}
	if (b->type != STP_BPDU_TCN && b->bridge_id == br->BridgeIdentifier &&
	    b->port_id == p->portId) {
		p->drops[STP_DROP_LOOPBACK]++;
		return 0;
	}
	if (b->type != STP_BPDU_TCN && b->type != STP_BPDU_CONFIG && b->type != STP_BPDU_RST) {
		p->drops[STP_DROP_TYPE]++;
		return 0;
	}
	p->rxTotal++;
	p->rx = *b;
	p->rcvdBpdu = true;
	run(br);
	return 0;
}

static void reselect_all(struct stp_bridge *br)
{
	for (unsigned int i = 0; i < br->nports; i++) {
		br->ports[i].reselect = true;
		br->ports[i].selected = false;
	}
}

int stp_set_priority(struct stp_bridge *br, unsigned int prio)
{
	if (prio > STP_MAX_BRIDGE_PRIORITY)
		return -ERANGE;
	if (prio % STP_BRIDGE_PRIORITY_STEP)
		return -EINVAL;
	set_bridge_id(br, ((uint64_t)prio << 48) | (br->BridgeIdentifier & ADDR_MASK));
	reselect_all(br);
	run(br);
	return 0;
}

int stp_set_address(struct stp_bridge *br, uint64_t addr)
{
	if (addr & ~ADDR_MASK)
		return -EINVAL;
	set_bridge_id(br, (br->BridgeIdentifier & ~ADDR_MASK) | addr);
	reselect_all(br);
	run(br);
	return 0;
}

bool stp_times_valid(unsigned int hello, unsigned int max_age, unsigned int fwd_delay)
{
	if (hello < STP_MIN_HELLO_TIME || hello > STP_MAX_HELLO_TIME)
		return false;
	if (max_age < STP_MIN_MAX_AGE || max_age > STP_MAX_MAX_AGE)
		return false;
	if (fwd_delay < STP_MIN_FORWARD_DELAY || fwd_delay > STP_MAX_FORWARD_DELAY)
		return false;
	/* 17.14: 2 x (Bridge Forward Delay - 1) >= Bridge Max Age >= 2 x (Hello + 1) */
	return 2 * (fwd_delay - 1) >= max_age && max_age >= 2 * (hello + 1);
}

int stp_set_times(struct stp_bridge *br, unsigned int hello, unsigned int max_age,
		  unsigned int fwd_delay)
{
	if (!stp_times_valid(hello, max_age, fwd_delay))
		return -ERANGE;
	br->BridgeTimes.hello_time = hello;
	br->BridgeTimes.max_age = max_age;
	br->BridgeTimes.forward_delay = fwd_delay;
	reselect_all(br);
	run(br);
	return 0;
}

int stp_set_force_version(struct stp_bridge *br, unsigned int version)
{
	if (version != STP_FORCE_STP && version != STP_FORCE_RSTP)
		return -EINVAL;
	if (br->ForceProtocolVersion == version)
		return 0;
	br->ForceProtocolVersion = version;
	/* Port Protocol Migration starts over on every port (mcheck), so the
	 * ports send the BPDUs of the new version at once. */
	for (unsigned int i = 0; i < br->nports; i++)
		br->ports[i].mcheck = true;
	reselect_all(br);
	run(br);
	return 0;
}

int stp_set_tx_hold_count(struct stp_bridge *br, unsigned int n)
{
	if (n < STP_MIN_TX_HOLD_COUNT || n > STP_MAX_TX_HOLD_COUNT)
		return -ERANGE;
	br->TxHoldCount = n;
	run(br);
	return 0;
}

int stp_set_rules(struct stp_bridge *br, unsigned int rules)
{
	if (rules & ~(unsigned int)STP_RULES_SAFE)
		return -EINVAL;
	br->rules = rules;
	if (!rule(br, STP_RULE_RISING_COST))
		for (unsigned int i = 0; i < br->nports; i++)
			br->ports[i].risingWhile = 0;
	run(br);
	return 0;
}

unsigned int stp_rules(const struct stp_bridge *br)
{
	return br->rules;
}

int stp_set_strict(struct stp_bridge *br, bool strict)
{
	return stp_set_rules(br, strict ? 0 : STP_RULES_SAFE);
}

static struct port *get_port(struct stp_bridge *br, unsigned int port)
{
	return br && port < br->nports ? &br->ports[port] : NULL;
}

int stp_port_enable(struct stp_bridge *br, unsigned int port, bool up)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->macOperational = up;
	if (up)
		p->guardDisabled = false;
	run(br);
	return 0;
}

int stp_port_reinit(struct stp_bridge *br, unsigned int port)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->begin = true;
	p->guardDisabled = false;
	run(br);
	return 0;
}

int stp_port_set_path_cost(struct stp_bridge *br, unsigned int port, uint32_t cost)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	if (cost < STP_MIN_PATH_COST || cost > STP_MAX_PATH_COST)
		return -ERANGE;
	if (p->PortPathCost != cost) {
		p->PortPathCost = cost;
		p->reselect = true;
		p->selected = false;
		run(br);
	}
	return 0;
}

int stp_port_set_priority(struct stp_bridge *br, unsigned int port, unsigned int prio)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	if (prio > STP_MAX_PORT_PRIORITY)
		return -ERANGE;
	if (prio % STP_PORT_PRIORITY_STEP)
		return -EINVAL;
	p->priority = prio;
	p->portId = (uint16_t)((prio << 8) | ((port + 1) & PORTNUM_MASK));
	p->reselect = true;
	p->selected = false;
	run(br);
	return 0;
}

int stp_port_set_admin_edge(struct stp_bridge *br, unsigned int port, bool on)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->AdminEdge = on;
	if (on && !p->operEdge && p->portEnabled) {
		/* 17.13.1: the operator's change takes effect now */
		p->operEdge = true;
		p->bdm = BDM_EDGE;
	} else if (!on && p->operEdge) {
		p->operEdge = false;
	}
	run(br);
	return 0;
}

int stp_port_set_auto_edge(struct stp_bridge *br, unsigned int port, bool on)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->AutoEdge = on;
	run(br);
	return 0;
}

int stp_port_set_admin_p2p(struct stp_bridge *br, unsigned int port, enum stp_p2p p2p)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	if (p2p != STP_P2P_AUTO && p2p != STP_P2P_ON && p2p != STP_P2P_OFF)
		return -EINVAL;
	p->adminPointToPointMAC = p2p;
	run(br);
	return 0;
}

int stp_port_set_mac_p2p(struct stp_bridge *br, unsigned int port, bool p2p)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->macPointToPoint = p2p;
	run(br);
	return 0;
}

int stp_port_mcheck(struct stp_bridge *br, unsigned int port)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	if (rstpVersion(br)) /* 17.19.13: no effect when forced to STP */
		p->mcheck = true;
	run(br);
	return 0;
}

int stp_port_set_bpdu_guard(struct stp_bridge *br, unsigned int port, bool on)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->bpduGuard = on;
	if (!on && p->guardDisabled) {
		p->guardDisabled = false;
		run(br);
	}
	return 0;
}

int stp_port_set_bpdu_filter(struct stp_bridge *br, unsigned int port, bool on)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->bpduFilter = on;
	return 0;
}

int stp_port_set_root_guard(struct stp_bridge *br, unsigned int port, bool on)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->restrictedRole = on;
	p->reselect = true;
	p->selected = false;
	run(br);
	return 0;
}

int stp_port_set_tcn_guard(struct stp_bridge *br, unsigned int port, bool on)
{
	struct port *p = get_port(br, port);

	if (!p)
		return -EINVAL;
	p->restrictedTcn = on;
	return 0;
}

uint32_t stp_path_cost_for_speed(uint64_t mbps)
{
	uint64_t c;

	if (mbps == 0)
		return STP_MAX_PATH_COST;
	c = 20000000ULL / mbps;
	if (c < STP_MIN_PATH_COST)
		c = STP_MIN_PATH_COST;
	if (c > STP_MAX_PATH_COST)
		c = STP_MAX_PATH_COST;
	return (uint32_t)c;
}

uint64_t stp_bridge_id(const struct stp_bridge *br)
{
	return br->BridgeIdentifier;
}

uint64_t stp_root_id(const struct stp_bridge *br)
{
	return br->rootPriority.root;
}

uint32_t stp_root_path_cost(const struct stp_bridge *br)
{
	return br->rootPriority.cost;
}

bool stp_is_root(const struct stp_bridge *br)
{
	return br->rootPort < 0;
}

int stp_root_port(const struct stp_bridge *br)
{
	return br->rootPort;
}

unsigned int stp_nports(const struct stp_bridge *br)
{
	return br->nports;
}

unsigned int stp_force_version(const struct stp_bridge *br)
{
	return br->ForceProtocolVersion;
}

void stp_bridge_times(const struct stp_bridge *br, unsigned int *hello, unsigned int *max_age,
		      unsigned int *fwd_delay)
{
	*hello = br->BridgeTimes.hello_time;
	*max_age = br->BridgeTimes.max_age;
	*fwd_delay = br->BridgeTimes.forward_delay;
}

unsigned int stp_tx_hold_count(const struct stp_bridge *br)
{
	return br->TxHoldCount;
}

int stp_port_info(const struct stp_bridge *br, unsigned int port, struct stp_port_info *out)
{
	const struct port *p;

	if (!br || port >= br->nports || !out)
		return -EINVAL;
	p = &br->ports[port];
	memset(out, 0, sizeof(*out));
	out->enabled = p->portEnabled;
	out->guard_disabled = p->guardDisabled;
	out->role = p->role;
	out->state = p->forwarding ? STP_STATE_FORWARDING
		     : p->learning ? STP_STATE_LEARNING
				   : STP_STATE_DISCARDING;
	out->oper_edge = p->operEdge;
	out->oper_p2p = operPointToPointMAC(p);
	out->send_rstp = p->sendRSTP;
	out->port_id = p->portId;
	out->path_cost = p->PortPathCost;
	out->designated_root = p->portPriority.root;
	out->designated_cost = p->portPriority.cost;
	out->designated_bridge = p->portPriority.bridge;
	out->designated_port = p->portPriority.port;
	out->tx_count = p->txTotal;
	out->rx_count = p->rxTotal;
	memcpy(out->drops, p->drops, sizeof(out->drops));
	out->tc_while = p->tcWhile;
	return 0;
}

const char *stp_role_name(enum stp_role r)
{
	switch (r) {
	case STP_ROLE_DISABLED:
		return "disabled";
	case STP_ROLE_ROOT:
		return "root";
	case STP_ROLE_DESIGNATED:
		return "designated";
	case STP_ROLE_ALTERNATE:
		return "alternate";
	case STP_ROLE_BACKUP:
		return "backup";
	}
	return "?";
}

const char *stp_state_name(enum stp_state s)
{
	switch (s) {
	case STP_STATE_DISCARDING:
		return "discarding";
	case STP_STATE_LEARNING:
		return "learning";
	case STP_STATE_FORWARDING:
		return "forwarding";
	}
	return "?";
}

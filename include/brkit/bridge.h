/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the bridge module. Included by <brkit/brkit.h>.
 *
 * Timers are in centiseconds (the kernel's clock_t, USER_HZ 100), as in
 * IFLA_BR_* and sysfs. Every call is one netlink request where the kernel
 * allows it; bad values are refused before anything is sent. */
#ifndef BRKIT_BRIDGE_H
#define BRKIT_BRIDGE_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libbrkit.so, which is built with -fvisibility=hidden. */
#pragma GCC visibility push(default)

/* ---- bridge options: only the members named in @mask are sent ---- */
enum {
	BRKIT_BR_AGEING_TIME = 1u << 0,
	BRKIT_BR_FORWARD_DELAY = 1u << 1,
	BRKIT_BR_HELLO_TIME = 1u << 2,
	BRKIT_BR_MAX_AGE = 1u << 3,
	BRKIT_BR_PRIORITY = 1u << 4,
	BRKIT_BR_STP_STATE = 1u << 5,
	BRKIT_BR_GROUP_FWD_MASK = 1u << 6,
	BRKIT_BR_MCAST_SNOOPING = 1u << 7,
	BRKIT_BR_VLAN_FILTERING = 1u << 8,
	BRKIT_BR_VLAN_PROTOCOL = 1u << 9,
	BRKIT_BR_DEFAULT_PVID = 1u << 10,
	BRKIT_BR_VLAN_STATS = 1u << 11,
	BRKIT_BR_UP = 1u << 12, /* set the bridge up (or down) in the same request */
	BRKIT_BR_ADDRESS = 1u << 13, /* a fixed MAC: the bridge id stops following its ports */
	BRKIT_BR_MCAST_QUERIER = 1u << 14,
	BRKIT_BR_MCAST_IGMP_VERSION = 1u << 15,
	BRKIT_BR_MCAST_MLD_VERSION = 1u << 16,
	BRKIT_BR_MCAST_ROUTER = 1u << 17,
	BRKIT_BR_MCAST_QUERY_INTERVAL = 1u << 18,
	BRKIT_BR_MCAST_VLAN_SNOOPING = 1u
				       << 19, /* per-VLAN snooping (Linux 5.12, VLAN filtering) */
};
#define BRKIT_BR_MCAST_OPTS                                                               \
	(BRKIT_BR_MCAST_SNOOPING | BRKIT_BR_MCAST_QUERIER | BRKIT_BR_MCAST_IGMP_VERSION | \
	 BRKIT_BR_MCAST_MLD_VERSION | BRKIT_BR_MCAST_ROUTER | BRKIT_BR_MCAST_QUERY_INTERVAL)
#define BRKIT_BR_VLAN_OPTS                                                          \
	(BRKIT_BR_VLAN_FILTERING | BRKIT_BR_VLAN_PROTOCOL | BRKIT_BR_DEFAULT_PVID | \
	 BRKIT_BR_VLAN_STATS)

struct brkit_bridge_opts {
	uint32_t mask; /* BRKIT_BR_* present */
	uint32_t ageing_time; /* cs */
	uint32_t forward_delay; /* cs; 200..3000 when STP is on */
	uint32_t hello_time; /* cs, 100..1000 */
	uint32_t max_age; /* cs, 600..4000 */
	uint16_t priority; /* bridge priority */
	uint32_t stp_state; /* 0 off, 1 on */
	uint16_t group_fwd_mask; /* bits 0..2 may not be set */
	bool mcast_snooping;
	bool vlan_filtering;
	uint16_t vlan_protocol; /* 0x8100 or 0x88a8, host order */
	uint16_t default_pvid; /* 0 (none)..4094 */
	bool vlan_stats;
	bool up;
	uint8_t address[6]; /* unicast, not all zero */
	uint8_t reserved_pad[4]; /* zero: the padding before what was reserved[0] */
	/* Carved from reserved[0]: */
	bool mcast_querier; /* the bridge sends IGMP/MLD queries */
	uint8_t mcast_igmp_version; /* 2 or 3 */
	uint8_t mcast_mld_version; /* 1 or 2 */
	uint8_t mcast_router; /* 0 never a router port, 1 learn (default), 2 always */
	uint32_t mcast_query_interval; /* cs, 100 (1 s) or more */
	/* Carved from reserved[1]: */
	bool mcast_vlan_snooping; /* per-VLAN options (brkit_vlan_global_set) take effect */
	uint8_t reserved_b[7];
	uint64_t reserved[6]; /* zero; later members come from here (see brkit.h) */
};

/* The kernel's fixed limits (net/bridge/br_private.h), in centiseconds. */
#define BRKIT_BR_MIN_HELLO 100
#define BRKIT_BR_MAX_HELLO 1000
#define BRKIT_BR_MIN_MAX_AGE 600
#define BRKIT_BR_MAX_MAX_AGE 4000
#define BRKIT_BR_MIN_FWD_DELAY 200
#define BRKIT_BR_MAX_FWD_DELAY 3000
#define BRKIT_PORT_MIN_COST 1
#define BRKIT_PORT_MAX_COST 65535
#define BRKIT_PORT_MAX_PRIO 63

/* Check @o against the kernel's fixed ranges. Returns 0, or -ERANGE/-EINVAL
 * with *why pointing at a static reason naming the option. Pure. */
int brkit_bridge_opts_check(const struct brkit_bridge_opts *o, const char **why);
/* Set the option of bit @bit (one BRKIT_BR_* with a number or a boolean: the
 * timers, priority, stp_state, group_fwd_mask, the multicast and the VLAN
 * options) to @value in @o and add @bit to its mask. Returns 0, or -EINVAL
 * for any other bit. Pure; ranges are brkit_bridge_opts_check()'s. */
int brkit_bridge_opts_set(struct brkit_bridge_opts *o, uint32_t bit, unsigned long value);
/* Options by iproute2's keywords (`ip link add type bridge forward_delay 1500`):
 * ageing_time, forward_delay, hello_time, max_age (cs), priority, stp_state,
 * group_fwd_mask, mcast_snooping, mcast_querier, mcast_igmp_version,
 * mcast_mld_version, mcast_router, mcast_query_interval (cs), mcast_vlan_snooping,
 * vlan_filtering,
 * vlan_protocol, default_pvid (alias vlan_default_pvid), vlan_stats (alias vlan_stats_enabled), address.
 * The option's own keyword for @name ("default_pvid" for both of its
 * spellings) and its BRKIT_BR_* bit in *@bit (may be NULL), or NULL when
 * @name is no bridge option. Pure. */
const char *brkit_bridge_opt_lookup(const char *name, uint32_t *bit);
/* Set option @name in @o from its text @val and add its bit to the mask:
 * numbers in decimal or 0x-hexadecimal, booleans on/off, yes/no, true/false or
 * 1/0, vlan_protocol 802.1Q or 802.1ad, address aa:bb:cc:dd:ee:ff. Returns 0,
 * or -ENOENT (no such option), -EINVAL (no value, or not of the option's
 * kind), -ERANGE (above the option's largest value), with @why (@whylen bytes,
 * may be NULL) saying so and naming @name: "priority: 65536 is out of range (0
 * to 65535)". The kernel's tighter ranges are brkit_bridge_opts_check()'s.
 * Pure. */
int brkit_bridge_opt_parse(struct brkit_bridge_opts *o, const char *name, const char *val,
			   char *why, size_t whylen);

/* Create bridge @name with @o (may be NULL) in one RTM_NEWLINK. A @name
 * with "%d" is sent as it is, and the kernel picks the number, but does not
 * say which over rtnetlink: use brkit_bridge_add_named() to learn it. */
int brkit_bridge_add(struct brkit *h, const char *name, const struct brkit_bridge_opts *o);
/* Name templates. As brkit_bridge_add(), and @name may be a template with
 * one "%d" and no other '%' ("br%d", "lab-%d-x"): brkit lists the names in
 * use and creates the lowest-numbered free one, as the kernel would (from 0;
 * a bridge of that name made meanwhile moves it on). The name made, NUL
 * terminated, is in @out (IFNAMSIZ bytes; for a plain name, @name itself).
 * This is how `brkit bridge add br%d` and `brctl addbr br%d` learn the name
 * they print. Errors as brkit_bridge_add(), and -EINVAL for a bad template,
 * -ENFILE (the kernel's answer too) when no number up to 32767 is free or the
 * name would be longer than 15 bytes. @out is untouched on failure. */
int brkit_bridge_add_named(struct brkit *h, const char *name, const struct brkit_bridge_opts *o,
			   char out[IFNAMSIZ]);
/* Change the options in @o in one request. */
int brkit_bridge_set(struct brkit *h, const char *name, const struct brkit_bridge_opts *o);
/* Delete bridge @name (refuses a device that is not a bridge: -ENOTTY). */
int brkit_bridge_del(struct brkit *h, const char *name);
/* Enslave @dev to bridge @br / release @dev from @br (IFLA_MASTER). Errors:
 * -ENODEV, -ENOTTY (@br not a bridge), -ELOOP (@dev a bridge), -EEXIST
 * (already a port of @br), -EBUSY (a port of another master); release:
 * -ENOLINK when @dev is not a port of @br. */
int brkit_bridge_addif(struct brkit *h, const char *br, const char *dev);
int brkit_bridge_delif(struct brkit *h, const char *br, const char *dev);

/* ---- port options ---- */
enum {
	BRKIT_PF_LEARNING = 1u << 0,
	BRKIT_PF_FLOOD = 1u << 1,
	BRKIT_PF_MCAST_FLOOD = 1u << 2,
	BRKIT_PF_BCAST_FLOOD = 1u << 3,
	BRKIT_PF_HAIRPIN = 1u << 4,
	BRKIT_PF_ISOLATED = 1u << 5,
	BRKIT_PF_NEIGH_SUPPRESS = 1u << 6,
	BRKIT_PF_LOCKED = 1u << 7,
	BRKIT_PF_GUARD = 1u << 8, /* "guard": BPDU guard, a BPDU disables the port */
	BRKIT_PF_PROTECT = 1u << 9, /* "root_block": the port never becomes root port */
	/* "vlan_tunnel": a VXLAN port maps VLANs to tunnel ids (EVPN, single VXLAN device) */
	BRKIT_PF_VLAN_TUNNEL = 1u << 10,
	BRKIT_PF_COUNT = 11,
};
/* The flag's keyword ("learning", "flood", ...), NULL past the last. */
const char *brkit_port_flag_name(unsigned int bit);

struct brkit_port_opts {
	uint32_t flags_mask; /* BRKIT_PF_* to change */
	uint32_t flags; /* their new values */
	bool has_cost;
	uint32_t cost; /* 1..65535 */
	bool has_priority;
	uint16_t priority; /* 0..63 */
	uint64_t reserved[4]; /* zero; later members come from here (see brkit.h) */
};
int brkit_port_opts_check(const struct brkit_port_opts *o, const char **why);
/* The first flag in @o that the kernel does not report in @known (a port's
 * flags_known), or BRKIT_PF_COUNT when it has them all. Pure. */
unsigned int brkit_port_flags_unsupported(const struct brkit_port_opts *o, uint32_t known);
/* Change @dev, a port of @br (-ENOLINK otherwise): every given flag, cost and
 * priority in one request. A flag this kernel does not report is refused
 * (-EOPNOTSUPP) before anything is sent, with an error naming it. */
int brkit_port_set(struct brkit *h, const char *br, const char *dev,
		   const struct brkit_port_opts *o);

/* ---- read-back ---- */
/* The 802.1D bridge identifier: fixed by the standard, never grows. */
struct brkit_bridge_id {
	uint8_t prio[2];
	uint8_t addr[6];
};

enum {
	BRKIT_PORT_DISABLED,
	BRKIT_PORT_LISTENING,
	BRKIT_PORT_LEARNING,
	BRKIT_PORT_FORWARDING,
	BRKIT_PORT_BLOCKING
};
/* "disabled", "listening", ... ; "unknown" for others. */
const char *brkit_port_state_name(unsigned int state);

struct brkit_port_info {
	int ifindex;
	char ifname[IFNAMSIZ];
	int master;
	unsigned int ifflags;
	uint16_t port_no, port_id;
	uint8_t state;
	uint32_t cost;
	uint16_t priority;
	struct brkit_bridge_id designated_root, designated_bridge;
	uint16_t designated_port;
	uint32_t designated_cost;
	uint64_t message_age_timer, forward_delay_timer, hold_timer; /* cs */
	bool config_pending, topology_change_ack;
	uint32_t flags; /* BRKIT_PF_* that are on */
	uint32_t flags_known; /* BRKIT_PF_* this kernel reports */
	uint64_t reserved[8]; /* zero; later members come from here (see brkit.h) */
};

struct brkit_bridge_info {
	int ifindex;
	char ifname[IFNAMSIZ];
	unsigned int ifflags;
	struct brkit_bridge_id bridge_id, designated_root;
	uint16_t root_port;
	uint32_t root_path_cost;
	uint32_t max_age, hello_time, forward_delay, ageing_time; /* cs */
	uint64_t hello_timer, tcn_timer, topology_change_timer, gc_timer; /* cs */
	bool topology_change, topology_change_detected;
	uint32_t stp_state;
	uint16_t priority;
	uint16_t group_fwd_mask;
	bool mcast_snooping;
	bool has_vlan; /* the kernel reports the VLAN options (CONFIG_BRIDGE_VLAN_FILTERING) */
	bool vlan_filtering, vlan_stats;
	uint16_t vlan_protocol, default_pvid;
	size_t nports;
	struct brkit_port_info *ports; /* in ifindex order */
	uint64_t reserved[8]; /* zero; later members come from here (see brkit.h) */
};

/* A list head: never grows. */
struct brkit_bridge_list {
	size_t n;
	struct brkit_bridge_info *bridges; /* in ifindex order */
};

/* Every bridge and its ports from one RTM_GETLINK dump; @only (may be NULL)
 * keeps just that bridge (-ENODEV when absent, -ENOTTY when not a bridge). */
int brkit_bridge_list(struct brkit *h, const char *only, struct brkit_bridge_list *out);
void brkit_bridge_list_free(struct brkit_bridge_list *l);
/* One port's state. -ENODEV absent, -ENOLINK not a bridge port. */
int brkit_port_get(struct brkit *h, const char *dev, struct brkit_port_info *out);

/* "8000.0123456789ab", as brctl and sysfs print bridge ids. */
void brkit_bridge_id_str(const struct brkit_bridge_id *id, char buf[18]);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libbrkit: rtnetlink events of one network namespace, parsed: devices, bridge
 * ports, FDB entries and VLANs, one callback per kind. Included by <brkit/brkit.h>.
 *
 * The kernel drops events when a listener's socket is full and says so once
 * (ENOBUFS). The events module then resynchronises: it delivers what is
 * still queued (those events happened before the loss was seen), calls
 * ops->resync(BEGIN), delivers the current state of the subscribed groups
 * through the same callbacks as if everything had just been added (links,
 * then ports, FDB entries and VLANs), and calls ops->resync(END). A consumer
 * drops its state at BEGIN (or marks it, and sweeps at END what was not seen
 * again); nothing older than that state comes after END.
 *
 * Callbacks are never called from inside a dump on the handle: the state is
 * read first and delivered afterwards, so a callback may call the library on
 * the same handle (to look a name up, say).
 *
 *	struct brkit_events *ev;
 *	struct brkit_events_ops ops = { .link = on_link, .fdb = on_fdb };
 *	brkit_events_open(h, BRKIT_EV_LINK | BRKIT_EV_FDB, &ev);
 *	for (;;)
 *		if (brkit_events_read(ev, &ops, state) < 0)	// poll() brkit_events_fd() first
 *			break;				// if you must not block
 *	brkit_events_close(ev);
 */
#ifndef BRKIT_EVENTS_H
#define BRKIT_EVENTS_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

struct brkit_fdb_entry; /* <brkit/fdb.h> */
struct brkit_mdb_entry; /* <brkit/mdb.h> */
struct brkit_mdb_router;

/* Groups to subscribe to. */
enum {
	BRKIT_EV_LINK = 1, /* devices (RTNLGRP_LINK, AF_UNSPEC) and bridge ports (AF_BRIDGE) */
	BRKIT_EV_FDB = 2, /* FDB entries (RTNLGRP_NEIGH, AF_BRIDGE) */
	BRKIT_EV_VLAN = 4, /* bridge VLANs (RTNLGRP_BRVLAN); needs kernel VLAN filtering */
	BRKIT_EV_VNI = 8, /* VNI filters of vnifilter VXLAN devices (RTNLGRP_TUNNEL, Linux 5.18) */
	BRKIT_EV_MDB = 16, /* multicast groups and router ports (RTNLGRP_MDB) */
};

/* RTM_NEWLINK / RTM_DELLINK. */
struct brkit_ev_link {
	bool deleted;
	bool port; /* an AF_BRIDGE message: a bridge port's (or bridge's) own state */
	struct brkit_link link; /* ifindex, ifname, kind, master, flags (ifi_flags), mtu, ... */
	bool has_mtu;
	bool has_link; /* IFLA_LINK present: the lower device (veth peer, ...) */
	int lower; /* its ifindex; 0 when the kernel reports none */
	bool lower_netnsid; /* the lower device is in another namespace */
	/* Bridge port attributes (IFLA_PROTINFO), when present. */
	bool has_state, has_priority, has_cost;
	uint8_t state; /* enum brkit_port_state */
	uint16_t priority;
	uint32_t cost;
	uint64_t reserved[4]; /* grows here (see brkit.h) */
};

/* One VLAN range of a device (RTM_NEWVLAN / RTM_DELVLAN entries; a resync
 * delivers the current ranges the same way). */
struct brkit_ev_vlan {
	bool deleted;
	int ifindex;
	uint16_t vid, vid_end; /* vid_end == vid for one VLAN */
	uint16_t flags; /* BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED */
	int state; /* per-VLAN STP state (enum brkit_port_state), -1 when not reported */
	uint64_t reserved[2]; /* grows here (see brkit.h) */
};

struct brkit_vni_entry; /* <brkit/vxlan.h> */

/* The VNI filter entries of one RTM_NEWTUNNEL / RTM_DELTUNNEL: one device's
 * (a resync delivers each device's whole filter the same way). */
struct brkit_ev_vni {
	bool deleted;
	int ifindex;
	size_t n;
	const struct brkit_vni_entry *e; /* valid during the callback */
	uint64_t reserved[2]; /* grows here (see brkit.h) */
};

enum brkit_ev_resync { BRKIT_EV_RESYNC_BEGIN, BRKIT_EV_RESYNC_END };

/* Any callback may be NULL (its events are skipped). A non-zero return stops
 * brkit_events_read() and is returned by it. Zero-initialise the struct:
 * later versions carve new callbacks out of the reserved tail. */
struct brkit_events_ops {
	int (*link)(const struct brkit_ev_link *l, void *arg);
	int (*fdb)(const struct brkit_fdb_entry *e, void *arg);
	int (*vlan)(const struct brkit_ev_vlan *v, void *arg);
	int (*resync)(enum brkit_ev_resync phase, unsigned int groups, void *arg);
	/* Carved from reserved[0]: */
	int (*vni)(const struct brkit_ev_vni *v, void *arg);
	/* Carved from reserved[1] and [2]: MDB entries and router ports
	 * (RTM_NEWMDB / RTM_DELMDB); a resync delivers the entries without
	 * their source lists. */
	int (*mdb)(const struct brkit_mdb_entry *e, void *arg);
	int (*mdb_router)(const struct brkit_mdb_router *r, void *arg);
	uint64_t reserved[1]; /* grows here (see brkit.h) */
};

struct brkit_events;
/* Subscribe to @groups in @h's namespace. @h must outlive the subscription
 * (resyncs read the state through it). With BRKIT_EV_VLAN on a kernel without
 * VLAN filtering: -EOPNOTSUPP, and brkit_errmsg() names
 * CONFIG_BRIDGE_VLAN_FILTERING; with BRKIT_EV_VNI on a kernel without
 * RTNLGRP_TUNNEL (before 5.18): -EOPNOTSUPP. */
int brkit_events_open(struct brkit *h, unsigned int groups, struct brkit_events **out);
/* The socket to poll() for readability. */
int brkit_events_fd(const struct brkit_events *ev);
/* Wait for and read one datagram, calling @ops for each event in it; after a
 * loss (ENOBUFS), resynchronise instead (see the top of this file). Returns 0,
 * a callback's non-zero return, or -errno. */
int brkit_events_read(struct brkit_events *ev, const struct brkit_events_ops *ops, void *arg);
/* Deliver the current state now, between resync BEGIN and END (also useful at
 * start, after brkit_events_open(), so nothing is missed in between). */
int brkit_events_resync(struct brkit_events *ev, const struct brkit_events_ops *ops, void *arg);
void brkit_events_close(struct brkit_events *ev);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

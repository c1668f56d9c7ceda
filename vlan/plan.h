/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pure part of `vlan set`: which entries to add and delete to take a
 * device's VLANs from one state to another (internal to libbrkit; unit-tested). */
#ifndef BRKIT_VLAN_PLAN_H
#define BRKIT_VLAN_PLAN_H

#include <brkit/brkit.h>

struct brkit_vlan_state {
	struct brkit_vlan_set vids;
	struct brkit_vlan_set untagged;
	unsigned int pvid; /* 0: none */
};

struct brkit_vlan_entry {
	uint16_t lo, hi, flags; /* flags: BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED */
};

/* At most 2047 runs plus a split for the pvid and for each flag change:
 * 4096 entries always suffice. */
#define BRKIT_VLAN_PLAN_MAX 4096

struct brkit_vlan_plan {
	size_t nadd, ndel;
	unsigned int vids_added, vids_removed;
	struct brkit_vlan_entry add[BRKIT_VLAN_PLAN_MAX]; /* one RTM_SETLINK, in order */
	struct brkit_vlan_entry del[BRKIT_VLAN_PLAN_MAX]; /* one RTM_DELLINK */
};

/* The flags @s gives @vid. */
unsigned int brkit_vlan_state_flags(const struct brkit_vlan_state *s, unsigned int vid);
/* Fill @p: add (or re-add with new flags) the VIDs of @want that are missing
 * from @cur or carry other flags there, as ranges of uniform flags (the pvid
 * always alone); delete the VIDs of @cur that @want lacks. Touches nothing else. */
void brkit_vlan_plan(const struct brkit_vlan_state *cur, const struct brkit_vlan_state *want,
		     struct brkit_vlan_plan *p);

#endif

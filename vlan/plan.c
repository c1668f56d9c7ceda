// SPDX-License-Identifier: LGPL-2.1-or-later
/* The pure plan behind `vlan set`. */
#include <string.h>
#include "vlan/plan.h"

unsigned int brkit_vlan_state_flags(const struct brkit_vlan_state *s, unsigned int vid)
{
	return (s->pvid && s->pvid == vid ? BRKIT_VLAN_PVID : 0) |
	       (brkit_vlan_set_has(&s->untagged, vid) ? BRKIT_VLAN_UNTAGGED : 0);
}

void brkit_vlan_plan(const struct brkit_vlan_state *cur, const struct brkit_vlan_state *want,
		     struct brkit_vlan_plan *p)
{
	struct brkit_vlan_set add, del;
	unsigned int lo, hi, from, v;

	p->nadd = p->ndel = 0;
	p->vids_added = p->vids_removed = 0;
	brkit_vlan_set_diff(&cur->vids, &want->vids, &add, &del);
	/* VIDs in both whose flags change are added again with the new flags. */
	for (from = 0; brkit_vlan_set_next_range(&want->vids, from, &lo, &hi); from = hi + 1)
		for (v = lo; v <= hi; v++)
			if (brkit_vlan_set_has(&cur->vids, v) &&
			    brkit_vlan_state_flags(cur, v) != brkit_vlan_state_flags(want, v))
				brkit_vlan_set_add(&add, v, v);
	for (from = 0; brkit_vlan_set_next_range(&add, from, &lo, &hi); from = hi + 1) {
		unsigned int a = lo, fa = brkit_vlan_state_flags(want, lo);

		/* Split each run where the wanted flags change; the pvid goes alone. */
		for (v = lo; v <= hi; v++) {
			if (v == hi || (fa & BRKIT_VLAN_PVID) ||
			    brkit_vlan_state_flags(want, v + 1) != fa) {
				struct brkit_vlan_entry *e = &p->add[p->nadd++];

				e->lo = (uint16_t)a;
				e->hi = (uint16_t)v;
				e->flags = (uint16_t)fa;
				p->vids_added += v - a + 1;
				a = v + 1;
				if (v < hi)
					fa = brkit_vlan_state_flags(want, a);
			}
		}
	}
	for (from = 0; brkit_vlan_set_next_range(&del, from, &lo, &hi); from = hi + 1) {
		struct brkit_vlan_entry *e = &p->del[p->ndel++];

		e->lo = (uint16_t)lo;
		e->hi = (uint16_t)hi;
		e->flags = 0;
		p->vids_removed += hi - lo + 1;
	}
}

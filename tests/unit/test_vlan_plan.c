// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the `vlan set` plan, against a model of what the kernel does
 * with an RTM_SETLINK / RTM_DELLINK carrying the entries; and for the undo:
 * after a partly applied plan, the plan back restores the first state. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "vlan/plan.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The kernel's br_vlan_add/__vlan_add_flags and br_vlan_delete, per VID. */
static void model_add(struct brkit_vlan_state *s, const struct brkit_vlan_entry *e)
{
	unsigned int v;

	for (v = e->lo; v <= e->hi; v++) {
		brkit_vlan_set_add(&s->vids, v, v);
		if (e->flags & BRKIT_VLAN_PVID)
			s->pvid = v;
		else if (s->pvid == v)
			s->pvid = 0;
		if (e->flags & BRKIT_VLAN_UNTAGGED)
			brkit_vlan_set_add(&s->untagged, v, v);
		else
			brkit_vlan_set_del(&s->untagged, v, v);
	}
}

static void model_del(struct brkit_vlan_state *s, const struct brkit_vlan_entry *e)
{
	brkit_vlan_set_del(&s->vids, e->lo, e->hi);
	brkit_vlan_set_del(&s->untagged, e->lo, e->hi);
	if (s->pvid >= e->lo && s->pvid <= e->hi)
		s->pvid = 0;
}

/* Apply the first @nadd adds and @ndel deletes of @p. */
static void model_apply(struct brkit_vlan_state *s, const struct brkit_vlan_plan *p, size_t nadd,
			size_t ndel)
{
	size_t i;

	for (i = 0; i < nadd && i < p->nadd; i++)
		model_add(s, &p->add[i]);
	for (i = 0; i < ndel && i < p->ndel; i++)
		model_del(s, &p->del[i]);
}

static bool state_eq(const struct brkit_vlan_state *a, const struct brkit_vlan_state *b)
{
	return brkit_vlan_set_equal(&a->vids, &b->vids) &&
	       brkit_vlan_set_equal(&a->untagged, &b->untagged) && a->pvid == b->pvid;
}

/* A random state the kernel could hold: any VIDs, untagged anywhere, maybe a pvid. */
static void random_state(struct brkit_vlan_state *s, unsigned int density)
{
	unsigned int v;

	memset(s, 0, sizeof(*s));
	for (v = 1; v <= BRKIT_VID_MAX;) {
		unsigned int run = (unsigned int)(rng() % 12) + 1, hi = v + run - 1;

		if (hi > BRKIT_VID_MAX)
			hi = BRKIT_VID_MAX;
		if (rng() % 100 < density) {
			brkit_vlan_set_add(&s->vids, v, hi);
			if (rng() % 3 == 0)
				brkit_vlan_set_add(&s->untagged, v, hi);
		}
		v = hi + 1;
	}
	if (brkit_vlan_set_count(&s->vids) && rng() % 2) {
		unsigned int lo, hi;

		if (!brkit_vlan_set_next_range(&s->vids, (unsigned int)(rng() % 4000), &lo, &hi))
			brkit_vlan_set_next_range(&s->vids, 0, &lo, &hi);
		s->pvid = lo;
	}
}

/* What `vlan set` asks for: the pvid untagged, the rest tagged. */
static void wanted(struct brkit_vlan_state *w, const char *list, unsigned int pvid)
{
	memset(w, 0, sizeof(*w));
	assert_int_equal(brkit_vlan_set_parse(list, &w->vids, NULL), 0);
	w->pvid = pvid;
	if (pvid)
		brkit_vlan_set_add(&w->untagged, pvid, pvid);
}

static void check_plan_shape(const struct brkit_vlan_state *cur,
			     const struct brkit_vlan_state *want, const struct brkit_vlan_plan *p)
{
	struct brkit_vlan_set touched, del;
	size_t i;
	unsigned int v;

	brkit_vlan_set_zero(&touched);
	brkit_vlan_set_zero(&del);
	for (i = 0; i < p->nadd; i++) {
		const struct brkit_vlan_entry *e = &p->add[i];

		assert_true(e->lo >= 1 && e->hi <= BRKIT_VID_MAX && e->lo <= e->hi);
		/* the kernel refuses pvid on a range */
		if (e->flags & BRKIT_VLAN_PVID)
			assert_int_equal(e->lo, e->hi);
		brkit_vlan_set_add(&touched, e->lo, e->hi);
	}
	for (i = 0; i < p->ndel; i++)
		brkit_vlan_set_add(&del, p->del[i].lo, p->del[i].hi);
	/* adds touch only VIDs that are new or change flags; deletes exactly cur - want */
	for (v = 1; v <= BRKIT_VID_MAX; v++) {
		bool need = brkit_vlan_set_has(&want->vids, v) &&
			    (!brkit_vlan_set_has(&cur->vids, v) ||
			     brkit_vlan_state_flags(cur, v) != brkit_vlan_state_flags(want, v));

		assert_int_equal(brkit_vlan_set_has(&touched, v), need);
		assert_int_equal(brkit_vlan_set_has(&del, v),
				 brkit_vlan_set_has(&cur->vids, v) &&
					 !brkit_vlan_set_has(&want->vids, v));
	}
	assert_int_equal(p->vids_added, brkit_vlan_set_count(&touched));
	assert_int_equal(p->vids_removed, brkit_vlan_set_count(&del));
	/* adjacent add entries with equal flags would have been one range */
	for (i = 1; i < p->nadd; i++)
		if (p->add[i - 1].hi + 1 == p->add[i].lo && !(p->add[i].flags & BRKIT_VLAN_PVID) &&
		    !(p->add[i - 1].flags & BRKIT_VLAN_PVID))
			assert_int_not_equal(p->add[i - 1].flags, p->add[i].flags);
}

static void test_plan_examples(void **state)
{
	struct brkit_vlan_plan *p = malloc(sizeof(*p));
	struct brkit_vlan_state cur, want, s;

	(void)state;
	assert_non_null(p);
	/* a fresh port (1 pvid untagged) to an access port on 10 */
	wanted(&cur, "1", 1);
	wanted(&want, "10", 10);
	brkit_vlan_plan(&cur, &want, p);
	assert_int_equal(p->nadd, 1);
	assert_int_equal(p->add[0].lo, 10);
	assert_int_equal(p->add[0].flags, BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED);
	assert_int_equal(p->ndel, 1);
	assert_int_equal(p->del[0].lo, 1);
	assert_int_equal(p->del[0].hi, 1);
	/* 10 -> 1-4094: two tagged ranges around 10, which stays as it is */
	wanted(&cur, "10", 0);
	wanted(&want, "1-4094", 0);
	brkit_vlan_plan(&cur, &want, p);
	assert_int_equal(p->nadd, 2);
	assert_int_equal(p->add[0].lo, 1);
	assert_int_equal(p->add[0].hi, 9);
	assert_int_equal(p->add[1].lo, 11);
	assert_int_equal(p->add[1].hi, 4094);
	assert_int_equal(p->ndel, 0);
	assert_int_equal(p->vids_added, 4093);
	/* and back */
	brkit_vlan_plan(&want, &cur, p);
	assert_int_equal(p->nadd, 0);
	assert_int_equal(p->ndel, 2);
	assert_int_equal(p->vids_removed, 4093);
	/* the same set: nothing at all */
	wanted(&cur, "1,10,20-30", 20);
	brkit_vlan_plan(&cur, &cur, p);
	assert_int_equal(p->nadd + p->ndel, 0);
	/* the pvid moves inside a kept range: two single entries */
	wanted(&want, "1,10,20-30", 25);
	brkit_vlan_plan(&cur, &want, p);
	assert_int_equal(p->nadd, 2);
	assert_int_equal(p->ndel, 0);
	s = cur;
	model_apply(&s, p, p->nadd, p->ndel);
	assert_true(state_eq(&s, &want));
	/* 1-100 with pvid 50: the range splits around the pvid */
	wanted(&cur, "5", 0);
	wanted(&want, "1-100", 50);
	brkit_vlan_plan(&cur, &want, p);
	assert_int_equal(p->nadd, 4); /* 1-4, 6-49, 50 (pvid), 51-100 */
	assert_int_equal(p->add[2].lo, 50);
	assert_int_equal(p->add[2].hi, 50);
	free(p);
}

static void test_plan_random(void **state)
{
	struct brkit_vlan_plan *p = malloc(sizeof(*p));
	struct brkit_vlan_state cur, want, s;
	unsigned int i;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < 400; i++) {
		random_state(&cur, i % 101);
		if (i % 2) {
			random_state(&want, (i * 13) % 101); /* any state: what an undo asks for */
		} else {
			char list[32];
			unsigned int lo = (unsigned int)(rng() % 4094) + 1;
			unsigned int hi = lo + (unsigned int)(rng() % 300);

			if (hi > BRKIT_VID_MAX)
				hi = BRKIT_VID_MAX;
			snprintf(list, sizeof(list), "%u-%u", lo, hi);
			wanted(&want, list, rng() % 2 ? lo + (hi - lo) / 2 : 0);
		}
		brkit_vlan_plan(&cur, &want, p);
		check_plan_shape(&cur, &want, p);
		s = cur;
		model_apply(&s, p, p->nadd, p->ndel);
		assert_true(state_eq(&s, &want));
	}
	free(p);
}

/* The undo: whatever part of the plan the kernel applied, planning from the
 * state found back to the first one restores it exactly. */
static void test_undo_after_partial(void **state)
{
	struct brkit_vlan_plan *p = malloc(sizeof(*p)), *back = malloc(sizeof(*back));
	struct brkit_vlan_state cur, want, now;
	unsigned int i;

	(void)state;
	assert_non_null(p);
	assert_non_null(back);
	for (i = 0; i < 300; i++) {
		size_t nadd, ndel;

		random_state(&cur, (i * 7) % 101);
		random_state(&want, (i * 11) % 101);
		brkit_vlan_plan(&cur, &want, p);
		/* the first request applied in part, or whole and the second in part */
		if (i % 2) {
			nadd = p->nadd ? (size_t)(rng() % (p->nadd + 1)) : 0;
			ndel = 0;
		} else {
			nadd = p->nadd;
			ndel = p->ndel ? (size_t)(rng() % (p->ndel + 1)) : 0;
		}
		now = cur;
		model_apply(&now, p, nadd, ndel);
		brkit_vlan_plan(&now, &cur, back);
		check_plan_shape(&now, &cur, back);
		model_apply(&now, back, back->nadd, back->ndel);
		assert_true(state_eq(&now, &cur));
	}
	free(p);
	free(back);
}

static void test_plan_worst_case_fits(void **state)
{
	struct brkit_vlan_plan *p = malloc(sizeof(*p));
	struct brkit_vlan_state cur, want, s;
	unsigned int v;

	(void)state;
	assert_non_null(p);
	/* every VID with alternating untagged flags: 4094 single entries */
	memset(&cur, 0, sizeof(cur));
	memset(&want, 0, sizeof(want));
	brkit_vlan_set_add(&want.vids, 1, BRKIT_VID_MAX);
	for (v = 1; v <= BRKIT_VID_MAX; v += 2)
		brkit_vlan_set_add(&want.untagged, v, v);
	want.pvid = 2;
	brkit_vlan_plan(&cur, &want, p);
	assert_int_equal(p->nadd, 4094);
	s = cur;
	model_apply(&s, p, p->nadd, p->ndel);
	assert_true(state_eq(&s, &want));
	/* every other VID deleted: 2047 ranges */
	brkit_vlan_plan(&want, &cur, p);
	assert_int_equal(p->ndel, 1);
	memset(&cur, 0, sizeof(cur));
	for (v = 2; v <= BRKIT_VID_MAX; v += 2)
		brkit_vlan_set_add(&cur.vids, v, v);
	brkit_vlan_plan(&want, &cur, p);
	assert_int_equal(p->ndel, 2047);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_examples),
		cmocka_unit_test(test_plan_random),
		cmocka_unit_test(test_undo_after_partial),
		cmocka_unit_test(test_plan_worst_case_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

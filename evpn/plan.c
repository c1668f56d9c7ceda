// SPDX-License-Identifier: GPL-2.0-or-later
/* The difference between an EVPN host file and the kernel: which devices to
 * create, change or delete so that each VNI has its bridge and its VXLAN
 * device (id VNI local VTEP dstport PORT nolearning, a port of the bridge
 * with learning off and neigh_suppress on), and nothing touched that already
 * matches. Pure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "evpn/evpn.h"

const char *evpn_act_name(enum evpn_act_kind k)
{
	switch (k) {
	case EVPN_BRIDGE_ADD:
		return "create bridge";
	case EVPN_BRIDGE_UP:
		return "set bridge up";
	case EVPN_VXLAN_DEL:
		return "delete vxlan";
	case EVPN_VXLAN_ADD:
		return "create vxlan";
	case EVPN_VXLAN_MASTER:
		return "enslave vxlan";
	case EVPN_VXLAN_UP:
		return "set vxlan up";
	case EVPN_PORT_FLAGS:
		return "set port flags";
	case EVPN_BRIDGE_DEL:
		return "delete bridge";
	}
	return "?";
}

static const struct evpn_link *by_name(const struct evpn_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->links[i].name, name))
			return &st->links[i];
	return NULL;
}

static const struct evpn_link *by_index(const struct evpn_state *st, int ifindex)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (st->links[i].ifindex == ifindex)
			return &st->links[i];
	return NULL;
}

static bool same_ip(const struct brkit_ipaddr *a, const struct brkit_ipaddr *b)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && !memcmp(a->addr, b->addr, len);
}

struct acts {
	struct evpn_act *v;
	size_t n, cap;
};

static struct evpn_act *push(struct acts *a, enum evpn_act_kind k, const char *dev, const char *br,
			     uint32_t vni, const struct evpn_vni *v)
{
	struct evpn_act *x;

	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		struct evpn_act *nv = realloc(a->v, cap * sizeof(*nv));

		if (!nv)
			return NULL;
		a->v = nv;
		a->cap = cap;
	}
	x = &a->v[a->n++];
	memset(x, 0, sizeof(*x));
	x->kind = k;
	snprintf(x->dev, sizeof(x->dev), "%s", dev);
	snprintf(x->bridge, sizeof(x->bridge), "%s", br ? br : "");
	x->vni = vni;
	x->v = v;
	return x;
}

/* A VXLAN device this host's EVPN layout made: local is the VTEP, learning
 * off, a port of a bridge. */
static bool is_evpn_vxlan(const struct evpn_spec *s, const struct evpn_state *st,
			  const struct evpn_link *l)
{
	const struct evpn_link *m;

	if (strcmp(l->kind, "vxlan") || l->learning || !same_ip(&l->local, &s->vtep) || !l->master)
		return false;
	m = by_index(st, l->master);
	return m && !strcmp(m->kind, "bridge");
}

static bool named_in_spec(const struct evpn_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nvnis; i++)
		if (!strcmp(s->vnis[i].bridge, name) || !strcmp(s->vnis[i].vxlan, name))
			return true;
	return false;
}

/* Conflicts, checked before any action is listed. */
static int check_conflicts(const struct evpn_spec *s, const struct evpn_state *st, char *why,
			   size_t whylen)
{
	size_t i, j;

	for (i = 0; i < s->nvnis; i++) {
		const struct evpn_vni *v = &s->vnis[i];
		const struct evpn_link *b = by_name(st, v->bridge), *x = by_name(st, v->vxlan);

		if (b && strcmp(b->kind, "bridge")) {
			snprintf(why, whylen, "VNI %u: %s exists and is not a bridge (kind %s)",
				 v->vni, v->bridge, b->kind[0] ? b->kind : "none");
			return -EEXIST;
		}
		if (x && strcmp(x->kind, "vxlan")) {
			snprintf(why, whylen,
				 "VNI %u: %s exists and is not a vxlan device (kind %s)", v->vni,
				 v->vxlan, x->kind[0] ? x->kind : "none");
			return -EEXIST;
		}
		if (x && x->master) {
			const struct evpn_link *m = by_index(st, x->master);

			if (m && strcmp(m->name, v->bridge) && strcmp(m->kind, "bridge")) {
				snprintf(why, whylen, "VNI %u: %s is enslaved to %s (kind %s)",
					 v->vni, v->vxlan, m->name, m->kind);
				return -EEXIST;
			}
		}
		/* another VXLAN device with this VNI on the same port: the
		 * kernel refuses a second one ("VNI already exists") */
		for (j = 0; j < st->n; j++) {
			const struct evpn_link *o = &st->links[j];

			if (strcmp(o->kind, "vxlan") || !strcmp(o->name, v->vxlan) ||
			    o->vni != v->vni || o->dstport != s->dstport)
				continue;
			if (is_evpn_vxlan(s, st, o) && !named_in_spec(s, o->name))
				continue; /* a removed VNI's device, deleted first */
			snprintf(why, whylen, "VNI %u: vxlan device %s already carries VNI %u",
				 v->vni, o->name, v->vni);
			return -EEXIST;
		}
	}
	return 0;
}

static int plan_removed(const struct evpn_spec *s, const struct evpn_state *st, struct acts *a)
{
	size_t i, j;

	for (i = 0; i < st->n; i++) {
		const struct evpn_link *l = &st->links[i], *m;
		bool alone = true;

		if (!is_evpn_vxlan(s, st, l) || evpn_spec_vni(s, l->vni) ||
		    named_in_spec(s, l->name))
			continue;
		m = by_index(st, l->master);
		if (!push(a, EVPN_VXLAN_DEL, l->name, m->name, l->vni, NULL))
			return -ENOMEM;
		snprintf(a->v[a->n - 1].why, sizeof(a->v[0].why), "VNI %u is not in the file",
			 l->vni);
		if (named_in_spec(s, m->name))
			continue;
		for (j = 0; j < st->n; j++)
			if (st->links[j].master == m->ifindex && &st->links[j] != l)
				alone = false;
		if (alone) {
			if (!push(a, EVPN_BRIDGE_DEL, m->name, NULL, l->vni, NULL))
				return -ENOMEM;
			snprintf(a->v[a->n - 1].why, sizeof(a->v[0].why),
				 "the bridge of removed VNI %u, no other port", l->vni);
		}
	}
	return 0;
}

static int plan_vni(const struct evpn_spec *s, const struct evpn_state *st,
		    const struct evpn_vni *v, struct acts *a)
{
	const struct evpn_link *b = by_name(st, v->bridge), *x = by_name(st, v->vxlan), *m;
	struct evpn_act *act;
	bool fresh = false;
	char diff[160] = "";

	if (!b) {
		if (!push(a, EVPN_BRIDGE_ADD, v->bridge, NULL, v->vni, v))
			return -ENOMEM;
	} else if (!b->up) {
		if (!push(a, EVPN_BRIDGE_UP, v->bridge, NULL, v->vni, v))
			return -ENOMEM;
	}
	if (x) {
		if (x->vni != v->vni)
			snprintf(diff, sizeof(diff), "vni %u, want %u", x->vni, v->vni);
		else if (!same_ip(&x->local, &s->vtep))
			snprintf(diff, sizeof(diff), "local is not %s", s->vtep_str);
		else if (x->dstport != s->dstport)
			snprintf(diff, sizeof(diff), "dstport %u, want %u", x->dstport, s->dstport);
		else if (x->learning)
			snprintf(diff, sizeof(diff), "learning on, want nolearning");
		if (diff[0]) {
			act = push(a, EVPN_VXLAN_DEL, v->vxlan, NULL, v->vni, v);
			if (!act)
				return -ENOMEM;
			snprintf(act->why, sizeof(act->why), "to replace it: %s", diff);
			x = NULL;
		}
	}
	if (!x) {
		act = push(a, EVPN_VXLAN_ADD, v->vxlan, v->bridge, v->vni, v);
		if (!act)
			return -ENOMEM;
		if (diff[0])
			snprintf(act->why, sizeof(act->why), "replacing: %s", diff);
		fresh = true;
	} else {
		m = x->master ? by_index(st, x->master) : NULL;
		if (!m || !b || strcmp(m->name, v->bridge)) {
			act = push(a, EVPN_VXLAN_MASTER, v->vxlan, v->bridge, v->vni, v);
			if (!act)
				return -ENOMEM;
			if (m) { /* released from it first */
				snprintf(act->from, sizeof(act->from), "%s", m->name);
				snprintf(act->why, sizeof(act->why), "was a port of %s", m->name);
			}
			fresh = true; /* a new port: its flags are the defaults */
		}
		if (!x->up && !push(a, EVPN_VXLAN_UP, v->vxlan, NULL, v->vni, v))
			return -ENOMEM;
	}
	if (fresh || !x->is_port || x->port_learning || !x->neigh_suppress) {
		if (!push(a, EVPN_PORT_FLAGS, v->vxlan, v->bridge, v->vni, v))
			return -ENOMEM;
	}
	return 0;
}

int evpn_plan(const struct evpn_spec *s, const struct evpn_state *st, struct evpn_act **acts,
	      size_t *n, char *why, size_t whylen)
{
	struct acts a = { 0 };
	size_t i;
	int err;

	*acts = NULL;
	*n = 0;
	err = check_conflicts(s, st, why, whylen);
	if (err)
		return err;
	err = plan_removed(s, st, &a);
	for (i = 0; !err && i < s->nvnis; i++)
		err = plan_vni(s, st, &s->vnis[i], &a);
	if (err) {
		free(a.v);
		return err;
	}
	*acts = a.v;
	*n = a.n;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit monitor [link|fdb|vlan|vni|all]: events as `bridge monitor` prints them,
 * one JSON object a line with -j. A printer on top of the events module: after
 * a loss (ENOBUFS) it says so on stderr and prints a resync marker, then the
 * current state, then a second marker, and goes on. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_bridge.h>
#include "cli/cli.h"
#include "cli/print.h"
#include "cli/show_fdb.h"
#include "cli/show_mdb.h"
#include "cli/show_vxlan.h"

#define F_LOWER_UP (1U << 16)
#define F_DORMANT (1U << 17)
#define F_ECHO (1U << 18)

struct dev {
	char name[IFNAMSIZ];
	unsigned int flags;
};

struct mon {
	struct cli *c;
	struct pr p;
	struct dev *d;
	int max;
	bool banner; /* `monitor all`: [LINK] / [NEIGH] / [VLAN] prefixes */
	char tmp[IFNAMSIZ];
};

static struct dev *dev_slot(struct mon *m, int ifindex)
{
	if (ifindex <= 0 || ifindex > (1 << 22))
		return NULL;
	if (ifindex >= m->max) {
		int max = m->max ? m->max : 64;
		struct dev *d;

		while (max <= ifindex)
			max *= 2;
		d = realloc(m->d, (size_t)max * sizeof(*d));
		if (!d)
			return NULL;
		memset(d + m->max, 0, (size_t)(max - m->max) * sizeof(*d));
		m->d = d;
		m->max = max;
	}
	return &m->d[ifindex];
}

static int names_cb(const struct brkit_link *l, void *arg)
{
	struct dev *d = dev_slot(arg, l->ifindex);

	if (d) {
		memcpy(d->name, l->ifname, IFNAMSIZ);
		d->flags = l->flags;
	}
	return 0;
}

/* Called from event callbacks, never inside a dump: asking the library on
 * the same handle is allowed there. */
static const char *name_of(void *arg, int ifindex)
{
	struct mon *m = arg;
	struct brkit_link l;

	if (ifindex > 0 && ifindex < m->max && m->d[ifindex].name[0])
		return m->d[ifindex].name;
	/* A device we have not seen: ask once. */
	if (brkit_link_get_index(m->c->h, ifindex, &l) == 0) {
		names_cb(&l, m);
		memcpy(m->tmp, l.ifname, IFNAMSIZ);
		return m->tmp;
	}
	return NULL;
}

static const char *name_or_index(struct mon *m, int ifindex, char tmp[16])
{
	const char *n = name_of(m, ifindex);

	if (n)
		return n;
	snprintf(tmp, 16, "if%d", ifindex);
	return tmp;
}

static const char *port_state(unsigned int s)
{
	static const char *const names[] = { "disabled", "listening", "learning", "forwarding",
					     "blocking" };

	return s < 5 ? names[s] : "unknown";
}

/* As iproute2's print_link_flags: "<A,B,C>" / ["A","B","C"]. */
static void link_flags(struct pr *p, unsigned int flags, bool mdown)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} fl[] = {
		{ IFF_LOOPBACK, "LOOPBACK" },
		{ IFF_BROADCAST, "BROADCAST" },
		{ IFF_POINTOPOINT, "POINTOPOINT" },
		{ IFF_MULTICAST, "MULTICAST" },
		{ IFF_NOARP, "NOARP" },
		{ IFF_ALLMULTI, "ALLMULTI" },
		{ IFF_PROMISC, "PROMISC" },
		{ IFF_NOTRAILERS, "NOTRAILERS" },
		{ IFF_DEBUG, "DEBUG" },
		{ IFF_DYNAMIC, "DYNAMIC" },
		{ IFF_AUTOMEDIA, "AUTOMEDIA" },
		{ IFF_PORTSEL, "PORTSEL" },
		{ IFF_UP, "UP" },
		{ F_LOWER_UP, "LOWER_UP" },
		{ F_DORMANT, "DORMANT" },
		{ F_ECHO, "ECHO" },
	};
	char hex[16];
	size_t i;

	pr_text(p, "<");
	pr_open_arr(p, "flags");
	if ((flags & IFF_UP) && !(flags & IFF_RUNNING))
		pr_str(p, PR_ANY, NULL, flags ? "%s," : "%s", "NO-CARRIER");
	flags &= ~IFF_RUNNING;
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		if (flags & fl[i].bit) {
			flags &= ~fl[i].bit;
			pr_str(p, PR_ANY, NULL, flags ? "%s," : "%s", fl[i].name);
		}
	}
	if (flags) {
		snprintf(hex, sizeof(hex), "%x", flags);
		pr_str(p, PR_ANY, NULL, "%s", hex);
	}
	if (mdown)
		pr_str(p, PR_ANY, NULL, ",%s", "M-DOWN");
	pr_close_arr(p);
	pr_text(p, "> ");
}

static int on_link(const struct brkit_ev_link *l, void *arg)
{
	struct mon *m = arg;
	struct pr *p = &m->p;
	bool mdown = false;
	struct dev *d;
	char tmp[16];

	d = dev_slot(m, l->link.ifindex);
	if (d) {
		/* Like bridge monitor, keep the flags read at start (for M-DOWN):
		 * only names of new or renamed devices are taken from events. */
		if (!d->name[0])
			d->flags = l->link.flags;
		memcpy(d->name, l->link.ifname, IFNAMSIZ);
	}
	if (l->lower && !l->lower_netnsid) {
		/* as iproute2: a link it cannot name counts as down */
		name_of(m, l->lower);
		d = l->lower < m->max ? &m->d[l->lower] : NULL;
		mdown = !d || !d->name[0] || !(d->flags & IFF_UP);
	}
	pr_open_obj(p, NULL);
	if (m->banner)
		pr_text(p, "[LINK]");
	if (l->deleted) {
		pr_text(p, "Deleted ");
		pr_bool(p, PR_JSON, "deleted", "%d", true);
	}
	pr_int(p, PR_ANY, "ifindex", "%d: ", l->link.ifindex);
	if (!pr_is_json(p))
		pr_text(p, "%s", l->link.ifname);
	if (l->has_link && !l->lower)
		pr_null(p, PR_ANY, "link", "@%s", "NONE");
	else if (l->lower && l->lower_netnsid)
		pr_int(p, PR_ANY, "link_index", "@if%d", l->lower);
	else if (l->lower)
		pr_str(p, PR_ANY, "link", "@%s", name_or_index(m, l->lower, tmp));
	pr_str(p, PR_JSON, "ifname", "%s", l->link.ifname);
	pr_text(p, ": ");
	link_flags(p, l->link.flags, mdown);
	if (l->has_mtu)
		pr_uint(p, PR_ANY, "mtu", "mtu %u ", l->link.mtu);
	if (l->link.master)
		pr_str(p, PR_ANY, "master", "master %s ", name_or_index(m, l->link.master, tmp));
	if (l->has_state)
		pr_str(p, PR_ANY, "state", "state %s ", port_state(l->state));
	if (l->has_priority)
		pr_uint(p, PR_ANY, "priority", "priority %u ", l->priority);
	if (l->has_cost)
		pr_uint(p, PR_ANY, "cost", "cost %u ", l->cost);
	pr_text(p, "\n");
	pr_close_obj(p);
	pr_end(p);
	return 0;
}

static int on_fdb(const struct brkit_fdb_entry *e, void *arg)
{
	struct mon *m = arg;
	struct show_fdb fmt = { .name = name_of, .arg = m };

	if (m->banner)
		pr_text(&m->p, "[NEIGH]");
	show_fdb_entry(&m->p, e, &fmt);
	pr_end(&m->p);
	return 0;
}

static int on_vlan(const struct brkit_ev_vlan *v, void *arg)
{
	struct mon *m = arg;
	struct pr *p = &m->p;
	char tmp[16];

	pr_open_obj(p, NULL);
	if (m->banner)
		pr_text(p, "[VLAN]");
	if (v->deleted) {
		pr_text(p, "Deleted ");
		pr_bool(p, PR_JSON, "deleted", "%d", true);
	}
	pr_str(p, PR_ANY, "ifname", "%s", name_or_index(m, v->ifindex, tmp));
	pr_uint(p, PR_ANY, "vlan", " vlan %u", v->vid);
	if (v->vid_end > v->vid)
		pr_uint(p, PR_ANY, "vlanEnd", "-%u", v->vid_end);
	pr_open_arr(p, "flags");
	if (v->flags & BRIDGE_VLAN_INFO_PVID)
		pr_str(p, PR_ANY, NULL, " %s", "PVID");
	if (v->flags & BRIDGE_VLAN_INFO_UNTAGGED)
		pr_str(p, PR_ANY, NULL, " %s", "Egress Untagged");
	pr_close_arr(p);
	if (v->state >= 0)
		pr_str(p, PR_ANY, "state", " state %s", port_state((unsigned int)v->state));
	pr_text(p, "\n");
	pr_close_obj(p);
	pr_end(p);
	return 0;
}

/* As iproute2 6.1's `bridge monitor mdb` (print_mdb_mon): "[MDB]" with
 * `all`, "Deleted " for a removal, then the entry as `mdb show` prints it. */
static int on_mdb(const struct brkit_mdb_entry *e, void *arg)
{
	struct mon *m = arg;
	struct show_mdb fmt = { .name = name_of, .arg = m };

	if (m->banner)
		pr_text(&m->p, "[MDB]");
	show_mdb_entry(&m->p, e, &fmt);
	pr_end(&m->p);
	return 0;
}

static int on_mdb_router(const struct brkit_mdb_router *r, void *arg)
{
	struct mon *m = arg;
	struct show_mdb fmt = { .name = name_of, .arg = m };

	if (m->banner)
		pr_text(&m->p, "[MDB]");
	show_mdb_router_event(&m->p, r, &fmt);
	pr_end(&m->p);
	return 0;
}

/* As iproute2's `bridge monitor vni` (print_vnifilter_rtm): the device and
 * its entries in `bridge vni show`'s columns, an empty line after each event. */
static int on_vni(const struct brkit_ev_vni *v, void *arg)
{
	struct mon *m = arg;
	struct pr *p = &m->p;
	char tmp[16];
	size_t i;

	if (m->banner)
		pr_text(p, "[TUNNEL]");
	if (v->deleted)
		pr_text(p, "Deleted ");
	show_vni_dev_open(p, name_or_index(m, v->ifindex, tmp));
	for (i = 0; i < v->n; i++)
		show_vni_entry(p, &v->e[i], i == 0);
	pr_close_arr(p);
	if (v->deleted)
		pr_bool(p, PR_JSON, "deleted", "%d", true);
	pr_close_obj(p);
	pr_text(p, "\n");
	pr_end(p);
	return 0;
}

void cmd_monitor_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit [-j] monitor [link] [fdb] [mdb] [vlan] [vni] [all]\n"
	      "  Print link, FDB, MDB (multicast groups), VLAN and VNI filter changes as\n"
	      "  they happen (all five by default, VLANs and VNIs where the kernel has them;\n"
	      "  'all' also prefixes each event with its kind).\n",
	      f);
}

/* The in-stream marker: a consumer drops what it knew at "begin"; what
 * follows up to "end" is the current state, printed as additions. (The
 * events still queued at the loss come before "begin".) */
static int on_resync(enum brkit_ev_resync phase, unsigned int groups, void *arg)
{
	struct mon *m = arg;
	struct pr *p = &m->p;

	(void)groups;
	if (phase == BRKIT_EV_RESYNC_BEGIN) {
		fprintf(m->c->err,
			"%s: monitor: events were lost (receive queue overflow, ENOBUFS); "
			"re-reading the state\n",
			m->c->prog);
		/* devices may have come, gone or been renamed meanwhile */
		free(m->d);
		m->d = NULL;
		m->max = 0;
		brkit_link_foreach(m->c->h, names_cb, m);
	}
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "resync", "[RESYNC] %s\n",
	       phase == BRKIT_EV_RESYNC_BEGIN ? "begin" : "end");
	pr_close_obj(p);
	pr_end(p);
	return 0;
}

static const struct brkit_events_ops mon_ops = {
	.link = on_link,
	.fdb = on_fdb,
	.vlan = on_vlan,
	.resync = on_resync,
	.vni = on_vni,
	.mdb = on_mdb,
	.mdb_router = on_mdb_router,
};

int cmd_monitor(struct cli *c, int argc, char **argv)
{
	struct mon m = { .c = c };
	struct brkit_events *ev;
	unsigned int groups = 0;
	bool vlan_optional = false;
	struct cli_once once = { 0 };
	int i, err;

	for (i = 0; i < argc; i++) {
		if (cli_once(&once, argv[i]))
			return cli_usage(c, "monitor: '%s' given twice", argv[i]);
		if (!strcmp(argv[i], "link"))
			groups |= BRKIT_EV_LINK;
		else if (!strcmp(argv[i], "fdb"))
			groups |= BRKIT_EV_FDB;
		else if (!strcmp(argv[i], "vlan"))
			groups |= BRKIT_EV_VLAN;
		else if (!strcmp(argv[i], "vni"))
			groups |= BRKIT_EV_VNI;
		else if (!strcmp(argv[i], "mdb"))
			groups |= BRKIT_EV_MDB;
		else if (!strcmp(argv[i], "all")) {
			groups |= BRKIT_EV_LINK | BRKIT_EV_FDB | BRKIT_EV_MDB;
			vlan_optional = true;
			m.banner = true;
		} else {
			cmd_monitor_usage(c, c->err);
			return cli_usage(
				c,
				"monitor: unexpected '%s' (want link, fdb, mdb, vlan, vni or all)",
				argv[i]);
		}
	}
	if (!groups && !vlan_optional) {
		groups = BRKIT_EV_LINK | BRKIT_EV_FDB | BRKIT_EV_MDB;
		vlan_optional = true;
	}
	if (!cli_handle(c))
		return EXIT_FAIL;
	/* `monitor vlan` needs VLAN filtering in the kernel (exit 1 when it
	 * lacks it, as every VLAN command); `monitor` and `monitor all` show
	 * VLAN events when there can be some. */
	if (vlan_optional) {
		/* each optional group the kernel has (VNI filters: Linux 5.18) */
		static const unsigned int opt[] = { BRKIT_EV_VLAN, BRKIT_EV_VNI };
		size_t k;

		for (k = 0; k < sizeof(opt) / sizeof(opt[0]); k++) {
			if (groups & opt[k])
				continue;
			err = brkit_events_open(c->h, groups | opt[k], &ev);
			if (err == -EOPNOTSUPP)
				continue;
			if (err)
				return cli_fail(c, err);
			brkit_events_close(ev);
			groups |= opt[k];
		}
	}
	err = brkit_events_open(c->h, groups, &ev);
	if (err)
		return cli_fail(c, err);
	setvbuf(c->out, NULL, _IOLBF, 1 << 16);
	pr_init(&m.p, c->out, c->json, false);
	brkit_link_foreach(c->h, names_cb, &m);
	for (;;) {
		err = brkit_events_read(ev, &mon_ops, &m);
		if (err)
			break;
		fflush(c->out);
	}
	brkit_events_close(ev);
	free(m.d);
	return err < 0 ? cli_fail(c, err) : cli_failmsg(c, "monitor: stopped (%d)", err);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* MDB entries as iproute2 6.1's bridge/mdb.c prints them: one print call per
 * field, text and JSON alike, the same fields in the same order. */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if_bridge.h>
#include <linux/in.h>
#include "cli/show_mdb.h"

static const char *name_of(const struct show_mdb *s, int ifindex, char tmp[16])
{
	const char *n = s->name ? s->name(s->arg, ifindex) : NULL;

	if (n)
		return n;
	snprintf(tmp, 16, "if%d", ifindex);
	return tmp;
}

void show_mdb_timer(uint32_t cs, bool align, char buf[32])
{
	snprintf(buf, 32, align ? "%4lu.%.2lu" : "%lu.%.2lu", (unsigned long)cs / 100,
		 (unsigned long)cs % 100);
}

static void addr_str(int family, const uint8_t *a, char buf[INET6_ADDRSTRLEN])
{
	if (family == AF_PACKET)
		snprintf(buf, INET6_ADDRSTRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2],
			 a[3], a[4], a[5]);
	else if (!inet_ntop(family, a, buf, INET6_ADDRSTRLEN))
		snprintf(buf, INET6_ADDRSTRLEN, "?");
}

void show_mdb_entry(struct pr *p, const struct brkit_mdb_entry *e, const struct show_mdb *s)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} flags[] = {
		{ MDB_FLAGS_OFFLOAD, "offload" },
		{ MDB_FLAGS_FAST_LEAVE, "fast_leave" },
		{ MDB_FLAGS_STAR_EXCL, "added_by_star_ex" },
		{ MDB_FLAGS_BLOCKED, "blocked" },
	};
	char a[INET6_ADDRSTRLEN], tmp[16], t[32];
	size_t i;

	pr_open_obj(p, NULL);
	if (e->deleted) { /* a monitor's RTM_DELMDB */
		pr_text(p, "Deleted ");
		pr_bool(p, PR_JSON, "deleted", "%d", true);
	}
	pr_int(p, PR_JSON, "index", "%d", e->br);
	pr_str(p, PR_ANY, "dev", "dev %s", name_of(s, e->br, tmp));
	pr_str(p, PR_ANY, "port", " port %s", name_of(s, e->port, tmp));
	addr_str(e->family, e->grp, a);
	pr_str(p, PR_ANY, "grp", " grp %s", a);
	if (e->has_src && e->family != AF_PACKET) {
		addr_str(e->family, e->src, a);
		pr_str(p, PR_ANY, "src", " src %s", a);
	}
	pr_str(p, PR_ANY, "state", " %s", e->state & MDB_PERMANENT ? "permanent" : "temp");
	if (s->details) {
		if (e->has_mode)
			pr_str(p, PR_ANY, "filter_mode", " filter_mode %s",
			       e->filter_mode == MCAST_INCLUDE ? "include" : "exclude");
		if (e->has_srcs) {
			const char *sep = " ";

			pr_text(p, "%s", " source_list");
			pr_open_arr(p, "source_list");
			for (i = 0; i < e->n_srcs; i++) {
				pr_open_obj(p, NULL);
				pr_text(p, "%s", sep);
				addr_str(e->family, e->srcs[i].addr, a);
				pr_str(p, PR_ANY, "address", "%s", a);
				show_mdb_timer(e->srcs[i].timer, false, t);
				pr_str(p, PR_ANY, "timer", "/%s", t);
				pr_close_obj(p);
				sep = ",";
			}
			pr_close_arr(p);
		}
		if (e->has_rtprot) {
			const char *n = brkit_mdb_proto_name(e->rtprot);

			if (!n) {
				snprintf(tmp, sizeof(tmp), "%u", e->rtprot);
				n = tmp;
			}
			pr_str(p, PR_ANY, "protocol", " proto %s ", n);
		}
	}
	pr_open_arr(p, "flags");
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (e->flags & flags[i].bit)
			pr_str(p, PR_ANY, NULL, " %s", flags[i].name);
	pr_close_arr(p);
	if (e->vid)
		pr_uint(p, PR_ANY, "vid", " vid %u", e->vid);
	if (s->stats && e->has_timer) {
		show_mdb_timer(e->timer, true, t);
		pr_str(p, PR_ANY, "timer", " %s", t);
	}
	pr_text(p, "\n");
	pr_close_obj(p);
}

static void router_stats(struct pr *p, const struct brkit_mdb_router *r)
{
	char t[32];

	if (r->has_timer) {
		show_mdb_timer(r->timer, true, t);
		pr_str(p, PR_ANY, "timer", " %s", t);
	}
	if (r->has_type)
		pr_str(p, PR_ANY, "type", " %s",
		       r->type == MDB_RTR_TYPE_TEMP_QUERY || r->type == MDB_RTR_TYPE_TEMP
			       ? "temp"
			       : "permanent");
}

void show_mdb_routers(struct pr *p, int br, const struct brkit_mdb_router *r, size_t n,
		      const struct show_mdb *s)
{
	char tb[16], tp[16];
	const char *brn = name_of(s, br, tb);
	size_t i;

	if (pr_is_json(p))
		pr_open_arr(p, brn);
	else if (!s->stats)
		pr_text(p, "router ports on %s: ", brn);
	for (i = 0; i < n; i++) {
		const char *pn = name_of(s, r[i].port, tp);

		if (pr_is_json(p)) {
			pr_open_obj(p, NULL);
			pr_str(p, PR_JSON, "port", "%s", pn);
			if (s->stats)
				router_stats(p, &r[i]);
			pr_close_obj(p);
		} else if (s->stats) {
			pr_text(p, "router ports on %s: ", brn);
			pr_text(p, "%s", pn);
			router_stats(p, &r[i]);
			pr_text(p, "\n");
		} else {
			pr_text(p, "%s ", pn);
		}
	}
	if (!s->stats)
		pr_text(p, "\n");
	if (pr_is_json(p))
		pr_close_arr(p);
}

void show_mdb_router_event(struct pr *p, const struct brkit_mdb_router *r, const struct show_mdb *s)
{
	char tb[16], tp[16];

	pr_open_obj(p, NULL);
	if (r->deleted) {
		pr_text(p, "Deleted ");
		pr_bool(p, PR_JSON, "deleted", "%d", true);
	}
	if (pr_is_json(p)) {
		pr_open_arr(p, name_of(s, r->br, tb));
		pr_open_obj(p, NULL);
		pr_str(p, PR_JSON, "port", "%s", name_of(s, r->port, tp));
		pr_close_obj(p);
		pr_close_arr(p);
	} else {
		pr_text(p, "router port dev %s master %s\n", name_of(s, r->port, tp),
			name_of(s, r->br, tb));
	}
	pr_close_obj(p);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Taps as `brkit tap show` prints them: one print call per field. */
#include "cli/cli.h"
#include "cli/show_tap.h"

static const char *const operstates[] = { "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
					  "TESTING", "DORMANT",	   "UP" };

/* A flag: a word in text when set, true/false in JSON. */
static void flag(struct pr *p, const char *name, bool on)
{
	if (on)
		pr_text(p, " %s", name);
	pr_bool(p, PR_JSON, name, "%d", on);
}

void show_tap(struct pr *p, const struct brkit_tap_info *t, const char *master)
{
	const char *oper = t->link.operstate < 7 ? operstates[t->link.operstate] : "UNKNOWN";
	char mac[18];

	cli_format_mac(t->link.addr, mac);
	pr_open_obj(p, NULL);
	pr_int(p, PR_JSON, "ifindex", "%d", t->link.ifindex);
	pr_str(p, PR_ANY, "ifname", "%s:", t->link.ifname);
	pr_open_obj(p, "info_data");
	pr_str(p, PR_ANY, "type", " %s", t->is_tap ? "tap" : "tun");
	flag(p, "pi", t->pi);
	flag(p, "vnet_hdr", t->vnet_hdr);
	flag(p, "multi_queue", t->multi_queue);
	if (t->multi_queue) {
		pr_uint(p, PR_ANY, "numqueues", " numqueues %u", t->num_queues);
		pr_uint(p, PR_JSON, "numdisabled", "%u", t->num_disabled_queues);
	}
	flag(p, "persist", t->persist);
	if (t->has_owner)
		pr_uint(p, PR_ANY, "user", " user %u", t->owner);
	if (t->has_group)
		pr_uint(p, PR_ANY, "group", " group %u", t->group);
	pr_close_obj(p);
	pr_uint(p, PR_ANY, "mtu", " mtu %u", t->link.mtu);
	if (master)
		pr_str(p, PR_ANY, "master", " master %s", master);
	pr_text(p, " %s", t->link.flags & IFF_UP ? "up" : "down");
	pr_open_arr(p, "flags");
	if (t->link.flags & IFF_UP)
		pr_str(p, PR_JSON, NULL, "%s", "UP");
	pr_close_arr(p);
	pr_str(p, PR_ANY, "operstate", " state %s", oper);
	pr_str(p, PR_ANY, "address", " address %s", mac);
	pr_uint(p, PR_JSON, "group", "%u", t->link.group);
	if (t->link.group)
		pr_text(p, " devgroup %u", t->link.group);
	pr_text(p, "\n");
	pr_close_obj(p);
}

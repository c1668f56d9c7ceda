// SPDX-License-Identifier: GPL-2.0-or-later
/* Bridges and ports as `brkit bridge show` and `brkit port show` print them:
 * one print call per field, text and JSON alike. */
#include <linux/if_ether.h>
#include "cli/show_bridge.h"

void show_bridge(struct pr *p, const struct brkit_bridge_info *b, enum show_ports ports)
{
	show_bridge_by(p, b, ports,
		       b->stp_state == 1   ? "kernel"
		       : b->stp_state == 2 ? "user"
					   : "none",
		       NULL);
}

void show_bridge_by(struct pr *p, const struct brkit_bridge_info *b, enum show_ports ports,
		    const char *stp_by, const char *const *roles)
{
	char id[18], root[18];
	size_t i;

	brkit_bridge_id_str(&b->bridge_id, id);
	brkit_bridge_id_str(&b->designated_root, root);
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "ifname", "%s:", b->ifname);
	pr_int(p, PR_JSON, "ifindex", "%d", b->ifindex);
	pr_str(p, PR_ANY, "bridge_id", " bridge_id %s", id);
	pr_str(p, PR_ANY, "root_id", " root_id %s", root);
	pr_uint(p, PR_ANY, "root_port", " root_port %u", b->root_port);
	pr_uint(p, PR_ANY, "root_path_cost", " root_path_cost %u\n", b->root_path_cost);
	pr_uint(p, PR_ANY, "stp_state", "    stp_state %u", b->stp_state);
	pr_str(p, PR_ANY, "stp_by", " stp_by %s", stp_by);
	pr_uint(p, PR_ANY, "priority", " priority %u", b->priority);
	pr_uint(p, PR_ANY, "forward_delay", " forward_delay %u", b->forward_delay);
	pr_uint(p, PR_ANY, "hello_time", " hello_time %u", b->hello_time);
	pr_uint(p, PR_ANY, "max_age", " max_age %u", b->max_age);
	pr_uint(p, PR_ANY, "ageing_time", " ageing_time %u\n", b->ageing_time);
	pr_uint(p, PR_ANY, "group_fwd_mask", "    group_fwd_mask %#x", b->group_fwd_mask);
	pr_uint(p, PR_ANY, "mcast_snooping", " mcast_snooping %u", b->mcast_snooping);
	if (b->has_vlan) {
		pr_uint(p, PR_ANY, "vlan_filtering", " vlan_filtering %u", b->vlan_filtering);
		pr_str(p, PR_ANY, "vlan_protocol", " vlan_protocol %s",
		       b->vlan_protocol == ETH_P_8021AD ? "802.1ad" : "802.1Q");
		pr_uint(p, PR_ANY, "vlan_default_pvid", " vlan_default_pvid %u", b->default_pvid);
		pr_uint(p, PR_ANY, "vlan_stats_enabled", " vlan_stats_enabled %u", b->vlan_stats);
	}
	pr_text(p, "\n   ");
	pr_centisecs(p, PR_ANY, "hello_timer", " hello_timer %s", b->hello_timer);
	pr_centisecs(p, PR_ANY, "tcn_timer", " tcn_timer %s", b->tcn_timer);
	pr_centisecs(p, PR_ANY, "topology_change_timer", " topology_change_timer %s",
		     b->topology_change_timer);
	pr_centisecs(p, PR_ANY, "gc_timer", " gc_timer %s", b->gc_timer);
	/* text: a word when set; JSON: 0 or 1 */
	pr_uint(p, PR_JSON, "topology_change", "%u", b->topology_change);
	pr_uint(p, PR_JSON, "topology_change_detected", "%u", b->topology_change_detected);
	if (b->topology_change)
		pr_text(p, " topology_change");
	if (b->topology_change_detected)
		pr_text(p, " topology_change_detected");
	pr_text(p, "\n    ports:");
	pr_open_arr(p, "ports");
	for (i = 0; i < b->nports; i++) {
		if (ports == SHOW_PORT_OBJECTS && pr_is_json(p))
			show_port_role(p, &b->ports[i], b->ifname, roles ? roles[i] : NULL);
		else
			pr_str(p, PR_ANY, NULL, " %s", b->ports[i].ifname);
	}
	pr_close_arr(p);
	pr_text(p, "\n");
	pr_close_obj(p);
}

void show_port(struct pr *p, const struct brkit_port_info *pt, const char *master)
{
	show_port_role(p, pt, master, NULL);
}

void show_port_role(struct pr *p, const struct brkit_port_info *pt, const char *master,
		    const char *role)
{
	char root[18], bridge[18];
	unsigned int i;

	brkit_bridge_id_str(&pt->designated_root, root);
	brkit_bridge_id_str(&pt->designated_bridge, bridge);
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "ifname", "%s:", pt->ifname);
	pr_str(p, PR_ANY, "master", " master %s", master);
	pr_uint(p, PR_ANY, "no", " no %u", pt->port_no);
	pr_uint(p, PR_ANY, "id", " id %#06x", pt->port_id);
	pr_str(p, PR_ANY, "state", " state %s", brkit_port_state_name(pt->state));
	if (role)
		pr_str(p, PR_ANY, "role", " role %s", role);
	pr_uint(p, PR_ANY, "priority", " priority %u", pt->priority);
	pr_uint(p, PR_ANY, "cost", " cost %u\n", pt->cost);
	pr_str(p, PR_ANY, "root_id", "    root_id %s", root);
	pr_str(p, PR_ANY, "bridge_id", " bridge_id %s", bridge);
	pr_uint(p, PR_ANY, "designated_port", " designated_port %#06x", pt->designated_port);
	pr_uint(p, PR_ANY, "designated_cost", " designated_cost %u\n", pt->designated_cost);
	pr_centisecs(p, PR_ANY, "message_age_timer", "    message_age_timer %s",
		     pt->message_age_timer);
	pr_centisecs(p, PR_ANY, "forward_delay_timer", " forward_delay_timer %s",
		     pt->forward_delay_timer);
	pr_centisecs(p, PR_ANY, "hold_timer", " hold_timer %s", pt->hold_timer);
	/* text: a word when set; JSON: 0 or 1 */
	pr_uint(p, PR_JSON, "config_pending", "%u", pt->config_pending);
	pr_uint(p, PR_JSON, "topology_change_ack", "%u", pt->topology_change_ack);
	if (pt->config_pending)
		pr_text(p, " config_pending");
	if (pt->topology_change_ack)
		pr_text(p, " topology_change_ack");
	pr_text(p, "\n   ");
	for (i = 0; i < BRKIT_PF_COUNT; i++) {
		if (!(pt->flags_known & (1u << i)))
			continue;
		pr_text(p, " %s %s", brkit_port_flag_name(i), pt->flags & (1u << i) ? "on" : "off");
		pr_bool(p, PR_JSON, brkit_port_flag_name(i), "%d", !!(pt->flags & (1u << i)));
	}
	pr_text(p, "\n");
	pr_close_obj(p);
}

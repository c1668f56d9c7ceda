// SPDX-License-Identifier: GPL-2.0-or-later
/* VXLAN devices as `brkit vxlan show` prints them: one print call per field. */
#include <arpa/inet.h>
#include "cli/show_vxlan.h"

void vxlan_format_ip(const struct brkit_ipaddr *ip, char *buf, size_t len)
{
	if (!len)
		return;
	buf[0] = '\0';
	if (ip->family == AF_INET || ip->family == AF_INET6)
		if (!inet_ntop(ip->family, ip->addr, buf, (socklen_t)len))
			buf[0] = '\0';
}

void show_vxlan(struct pr *p, const struct brkit_vxlan_info *vx, const char *dev,
		const char *master)
{
	char ip[INET6_ADDRSTRLEN], ttl[16];

	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "ifname", "%s:", vx->link.ifname);
	pr_int(p, PR_JSON, "ifindex", "%d", vx->link.ifindex);
	pr_uint(p, PR_ANY, "vni", " vni %u", vx->vni);
	if (vx->external) {
		pr_text(p, " external");
		pr_bool(p, PR_JSON, "external", "%d", 1);
	}
	if (vx->vnifilter) {
		pr_text(p, " vnifilter");
		pr_bool(p, PR_JSON, "vnifilter", "%d", 1);
	}
	vxlan_format_ip(&vx->local, ip, sizeof(ip));
	if (ip[0])
		pr_str(p, PR_ANY, "local", " local %s", ip);
	vxlan_format_ip(&vx->remote, ip, sizeof(ip));
	if (ip[0])
		pr_str(p, PR_ANY, "remote", " remote %s", ip);
	pr_uint(p, PR_ANY, "dstport", " dstport %u", vx->dstport);
	pr_text(p, " learning %s", vx->learning ? "on" : "off");
	pr_bool(p, PR_JSON, "learning", "%d", vx->learning);
	if (vx->ttl_inherit)
		snprintf(ttl, sizeof(ttl), "inherit");
	else if (vx->ttl == 0)
		snprintf(ttl, sizeof(ttl), "auto");
	else
		snprintf(ttl, sizeof(ttl), "%u", vx->ttl);
	pr_str(p, PR_ANY, "ttl", " ttl %s", ttl);
	pr_u64(p, PR_JSON, "ageing", "%llu", (unsigned long long)vx->ageing);
	if (dev)
		pr_str(p, PR_ANY, "dev", " dev %s", dev);
	if (master)
		pr_str(p, PR_ANY, "master", " master %s", master);
	pr_text(p, " %s\n", vx->link.flags & IFF_UP ? "up" : "down");
	pr_bool(p, PR_JSON, "up", "%d", !!(vx->link.flags & IFF_UP));
	pr_close_obj(p);
}

/* iproute2's bridge/vni.c: "%-16s  " names, " %-14u" VNIs, " %u" "-%-14u "
 * ranges, " %s" remote or group (by whether the address is multicast). */
void show_vni_header(struct pr *p)
{
	pr_text(p, "%-16s  %-15s  %-15s\n", "dev", "vni", "group/remote");
}

void show_vni_dev_open(struct pr *p, const char *ifname)
{
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "ifname", "%-16s  ", ifname);
	pr_open_arr(p, "vnis");
}

bool show_vni_is_multicast(const struct brkit_ipaddr *ip)
{
	if (ip->family == AF_INET)
		return (ip->addr[0] & 0xf0) == 0xe0;
	return ip->family == AF_INET6 && ip->addr[0] == 0xff;
}

static bool is_zero(const struct brkit_ipaddr *ip)
{
	size_t i, len = ip->family == AF_INET ? 4 : 16;

	for (i = 0; i < len; i++)
		if (ip->addr[i])
			return false;
	return true;
}

void show_vni_entry(struct pr *p, const struct brkit_vni_entry *e, bool first)
{
	char ip[INET6_ADDRSTRLEN];

	pr_open_obj(p, NULL);
	if (!first)
		pr_text(p, "%-16s  ", "");
	if (e->vni_end != e->vni) {
		pr_uint(p, PR_ANY, "vni", " %u", e->vni);
		pr_uint(p, PR_ANY, "vniEnd", "-%-14u ", e->vni_end);
	} else {
		pr_uint(p, PR_ANY, "vni", " %-14u", e->vni);
	}
	if ((e->remote.family == AF_INET || e->remote.family == AF_INET6) && !is_zero(&e->remote)) {
		vxlan_format_ip(&e->remote, ip, sizeof(ip));
		pr_str(p, PR_ANY, show_vni_is_multicast(&e->remote) ? "group" : "remote", " %s",
		       ip);
	}
	pr_close_obj(p);
	pr_text(p, "\n");
}

void show_vni_dev_close(struct pr *p)
{
	pr_close_arr(p);
	pr_close_obj(p);
	pr_text(p, "\n");
}

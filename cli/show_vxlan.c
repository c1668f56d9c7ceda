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

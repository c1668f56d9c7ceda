// SPDX-License-Identifier: GPL-2.0-or-later
/* An independent reader for the brkit-stpd suites: every bridge port of the
 * caller's namespace and its STP state, through libnl-route-3 (an AF_BRIDGE
 * link dump), one "IFNAME STATE" a line. */
#include <stdio.h>
#include <sys/socket.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>

static const char *const names[] = { "disabled", "listening", "learning", "forwarding",
				     "blocking" };

static void one(struct nl_object *o, void *arg)
{
	struct rtnl_link *l = (struct rtnl_link *)o;
	int st;

	(void)arg;
	if (!rtnl_link_is_bridge(l) && rtnl_link_get_master(l) <= 0)
		return;
	st = rtnl_link_bridge_get_port_state(l);
	/* the bridge itself shows up with itself as master */
	if (st < 0 || st > 4 || rtnl_link_get_master(l) <= 0 ||
	    rtnl_link_get_master(l) == rtnl_link_get_ifindex(l))
		return;
	printf("%s %s\n", rtnl_link_get_name(l), names[st]);
}

int main(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_cache *cache;

	if (!sk || nl_connect(sk, NETLINK_ROUTE) < 0 ||
	    rtnl_link_alloc_cache(sk, AF_BRIDGE, &cache) < 0) {
		fprintf(stderr, "stpd_nlports: cannot dump bridge ports\n");
		return 1;
	}
	nl_cache_foreach(cache, one, NULL);
	nl_cache_free(cache);
	nl_socket_free(sk);
	return 0;
}

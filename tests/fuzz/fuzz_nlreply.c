// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for the netlink reply parsers the EVPN objects added
 * (issue 17) and their neighbours: any octets, taken as one netlink message
 * (its length field clipped to the input), go through the VNI filter parser
 * (RTM_NEWTUNNEL), the VLAN tunnel-id parser (RTM_NEWLINK AF_BRIDGE), the FDB
 * entry parser (RTM_NEWNEIGH), the MDB parser (RTM_GETMDB/NEWMDB/DELMDB: entries,
 * source lists, router ports) and the VXLAN device parser. Nothing may crash
 * or read past the message (ASan, UBSan); what a parser accepts is in range:
 * a VNI range starts no later than it ends, a tunnel-id range is as long as
 * its VLAN range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <brkit/brkit.h>
#include "vlan/tunnel.h"
#include "vxlan/vxlan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int vni_cb(const struct brkit_vni_entry *e, void *arg)
{
	(void)arg;
	if (e->vni_end < e->vni)
		abort();
	if (e->remote.family != 0 && e->remote.family != AF_INET && e->remote.family != AF_INET6)
		abort();
	return 0;
}

static int tun_cb(int ifindex, const struct brkit_vlan_tunnel *t, void *arg)
{
	(void)ifindex;
	(void)arg;
	if (t->vid_end < t->vid || t->tunid_end - t->tunid != (uint32_t)(t->vid_end - t->vid))
		abort();
	return 0;
}

/* every source is read (ASan sees a list shorter than its count) */
static int mdb_cb(const struct brkit_mdb_entry *e, void *arg)
{
	uint32_t sum = 0;
	size_t i;

	(void)arg;
	if (e->family != AF_INET && e->family != AF_INET6 && e->family != AF_PACKET)
		abort();
	if (e->n_srcs && (!e->has_srcs || !e->srcs))
		abort();
	for (i = 0; i < e->n_srcs; i++)
		sum += e->srcs[i].timer + e->srcs[i].addr[15];
	return sum == 0xdeadbeef; /* uses the sum; stops the walk, harmlessly, if ever */
}

static int mdb_router_cb(const struct brkit_mdb_router *r, void *arg)
{
	(void)r;
	(void)arg;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct brkit_mdb_ops mdb_ops = { .entry = mdb_cb, .router = mdb_router_cb };
	struct brkit_vxlan_info vx;
	struct brkit_fdb_entry e;
	struct nlmsghdr *nlh;
	void *buf;

	if (size < sizeof(struct nlmsghdr) || size > 65536)
		return 0;
	/* A copy of the message and its alignment padding, as a receive
	 * buffer holds it (libmnl walks attributes up to MNL_ALIGN(nlmsg_len)),
	 * and nothing more: ASan sees any read past it. */
	buf = calloc(1, MNL_ALIGN(size));
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	nlh = buf;
	if (nlh->nlmsg_len > size || nlh->nlmsg_len < sizeof(*nlh))
		nlh->nlmsg_len = (uint32_t)size;
	brkit_vni_parse(nlh, vni_cb, NULL);
	brkit_vlan_tunnel_parse(nlh, tun_cb, NULL);
	brkit_fdb_parse(nlh, &e);
	brkit_mdb_parse(nlh, NULL, &mdb_ops, NULL);
	brkit_vxlan_parse(nlh, &vx);
	free(buf);
	return 0;
}

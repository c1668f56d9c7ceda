/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the vxlan module. Included by <brkit/brkit.h>.
 *
 * VXLAN devices that stretch a bridge across hosts. Remote tunnel endpoints
 * (head-end replication, per-MAC destinations) are FDB entries on the VXLAN
 * device: see <brkit/fdb.h>. */
#ifndef BRKIT_VXLAN_H
#define BRKIT_VXLAN_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libbrkit.so, which is built with -fvisibility=hidden. */
#pragma GCC visibility push(default)

/* The IANA port (RFC 7348), what users expect and iproute2 recommends. The
 * kernel's own default when no port is given is 8472 (the pre-IANA Linux
 * port); brkit always sends a port, so a device made by brkit uses 4789
 * unless told otherwise. */
#define BRKIT_VXLAN_PORT 4789
#define BRKIT_VXLAN_VNI_MAX 0xffffffu

/* An IPv4 or IPv6 address; family 0 means "none". Network byte order. Never grows. */
struct brkit_ipaddr {
	int family; /* 0, AF_INET or AF_INET6 */
	uint8_t addr[16];
};

/* What to create. Start from brkit_vxlan_cfg_init(), which gives the defaults. */
struct brkit_vxlan_cfg {
	const char *ifname;
	uint32_t vni; /* 0 .. BRKIT_VXLAN_VNI_MAX (the kernel accepts 0) */
	struct brkit_ipaddr local; /* source address of the tunnel, family 0: any */
	uint16_t dstport; /* UDP destination port, host order, 1..65535 */
	bool learning; /* learn remote MACs and their endpoints (default on) */
	int ttl; /* -1: kernel default; 0: auto; 1..255 */
	const char *dev; /* underlay device, NULL for none */
	const char *bridge; /* enslave to this bridge, NULL for none */
	bool up; /* set the device up (implied by @bridge) */
	/* Carved from reserved[0] (sizeof and offsets unchanged): */
	bool external; /* collect-metadata mode: the VNI comes per packet (needs vni 0) */
	bool vnifilter; /* with @external: accept only the VNIs of the device's VNI filter */
	uint8_t reserved_b[6];
	uint64_t reserved[3]; /* zero; later members come from here (see brkit.h) */
};

void brkit_vxlan_cfg_init(struct brkit_vxlan_cfg *cfg, const char *ifname, uint32_t vni);

/* Check @cfg without any system call: 0, or -EINVAL with *why set to a
 * static reason (the caller names the object). */
int brkit_vxlan_cfg_check(const struct brkit_vxlan_cfg *cfg, const char **why);

/* Create the device in one RTM_NEWLINK, enslaved to cfg->bridge and up when
 * asked (the kernel deletes the new device again when enslaving fails, so a
 * failed add leaves nothing behind). Errors: -EINVAL for a @cfg that fails
 * brkit_vxlan_cfg_check(), -ENODEV when the bridge or underlay does not
 * exist, -ENOTTY when cfg->bridge is not a bridge, -EEXIST, or the
 * kernel's answer. */
int brkit_vxlan_add(struct brkit *h, const struct brkit_vxlan_cfg *cfg);
/* As brkit_vxlan_add(), and cfg->ifname may be a template with one "%d" and
 * no other '%' ("vx%d"): the lowest-numbered free name is created (see
 * brkit_bridge_add_named()) and written, NUL terminated, to @out (IFNAMSIZ
 * bytes; for a plain name, cfg->ifname itself). -ENFILE when no number is
 * free; @out is untouched on failure. */
int brkit_vxlan_add_named(struct brkit *h, const struct brkit_vxlan_cfg *cfg, char out[IFNAMSIZ]);

/* Delete @ifname; refuses (-ENOTTY, nothing done) when it is not a vxlan device. */
int brkit_vxlan_del(struct brkit *h, const char *ifname);

/* What the kernel reports for a VXLAN device. */
struct brkit_vxlan_info {
	struct brkit_link link; /* name, index, master, flags, ... */
	uint32_t vni;
	struct brkit_ipaddr local;
	struct brkit_ipaddr remote; /* IFLA_VXLAN_GROUP(6): remote or multicast group */
	uint16_t dstport; /* host order */
	bool learning;
	bool ttl_inherit;
	uint8_t ttl; /* 0: auto */
	int underlay; /* ifindex of the underlay device, 0 if none */
	uint32_t ageing; /* seconds */
	bool external; /* collect metadata mode */
	/* Carved from reserved[0]: */
	bool vnifilter; /* VNI filtering (IFLA_VXLAN_VNIFILTER, with external) */
	uint8_t reserved_b[6];
	uint64_t reserved[3]; /* zero; later members come from here (see brkit.h) */
};

/* Read one VXLAN device back: -ENODEV when absent, -ENOTTY when it is not vxlan. */
int brkit_vxlan_get(struct brkit *h, const char *ifname, struct brkit_vxlan_info *out);
/* Call @cb for every VXLAN device (one RTM_GETLINK dump filtered by kind in
 * the kernel); a non-zero return from @cb stops the walk and is returned. */
int brkit_vxlan_foreach(struct brkit *h, int (*cb)(const struct brkit_vxlan_info *vx, void *arg),
			void *arg);

/* ---- VNI filter of an `external vnifilter` device (RTM_*TUNNEL, iproute2's `bridge vni`) ---- */

/* One entry of a VNI filter: VNIs @vni..@vni_end (equal for one VNI), and the
 * remote endpoint or multicast group of their flood traffic (family 0: none). */
struct brkit_vni_entry {
	int ifindex; /* the VXLAN device */
	uint32_t vni, vni_end; /* 1 .. BRKIT_VXLAN_VNI_MAX, vni <= vni_end */
	struct brkit_ipaddr remote; /* a unicast remote or a multicast group */
	uint64_t reserved[2]; /* zero; later members come from here (see brkit.h) */
};

/* Check a range without any system call: 0, or -EINVAL with *why static. */
int brkit_vni_range_check(uint32_t vni, uint32_t vni_end, const char **why);

/* Add or delete the VNI ranges @r[0..@n) (ifindex ignored) of the filter of
 * VXLAN device @dev, all in one request; for an add, @remote (may be NULL)
 * is each entry's remote or group. Checked before anything is sent: -ENODEV
 * no such device, -ENOTTY not a vxlan device, -EOPNOTSUPP a vxlan device
 * without vnifilter, -EINVAL a bad range. Adding a VNI that is there already
 * is not an error (the kernel updates its remote); deleting one that is not
 * there is -ENOENT. The kernel applies the entries in order and stops at the
 * first it refuses. */
int brkit_vni_add(struct brkit *h, const char *dev, const struct brkit_vni_entry *r, size_t n,
		  const struct brkit_ipaddr *remote);
int brkit_vni_del(struct brkit *h, const char *dev, const struct brkit_vni_entry *r, size_t n);

/* Call @cb for every VNI filter entry (ranges as the kernel keeps them: its
 * own merge of adjacent VNIs with the same remote) of device @dev, or of every
 * device when @dev is NULL, device by device in the kernel's order. The dump is
 * read whole first. A non-zero return from @cb stops the walk and is returned. */
int brkit_vni_foreach(struct brkit *h, const char *dev,
		      int (*cb)(const struct brkit_vni_entry *e, void *arg), void *arg);

/* Parse one RTM_NEWTUNNEL message (a device's entries): calls @cb for each
 * entry. Pure; -EBADMSG for a malformed message, or @cb's non-zero return. */
int brkit_vni_parse(const struct nlmsghdr *nlh,
		    int (*cb)(const struct brkit_vni_entry *e, void *arg), void *arg);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

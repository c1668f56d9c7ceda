/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the vlan module. Included by <brkit/brkit.h>.
 *
 * Bridge VLAN filtering membership of ports and of the bridge itself ("self"):
 * add and delete a VID or a range with pvid/untagged flags in one request,
 * make a port's set exactly a given list (adding and removing only the
 * difference), and read the membership back as compressed ranges.
 *
 * Every call that writes first checks the device: it must be a bridge port
 * (or the bridge, for self; else -ENOLINK, -ENODEV when absent), the kernel
 * must have bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING; else
 * -EOPNOTSUPP) and the bridge must have vlan_filtering on (else
 * -ENOPROTOOPT); otherwise nothing is sent, and brkit_errmsg() says which.
 * Bad arguments (VID out of 1-4094, pvid on a range, master on the bridge
 * itself) fail with -EINVAL before any request. */
#ifndef BRKIT_VLAN_H
#define BRKIT_VLAN_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libbrkit.so, which is built with -fvisibility=hidden. */
#pragma GCC visibility push(default)

#define BRKIT_VID_MIN 1
#define BRKIT_VID_MAX 4094

/* Membership flags (the kernel's BRIDGE_VLAN_INFO_PVID and _UNTAGGED). */
#define BRKIT_VLAN_PVID 0x2
#define BRKIT_VLAN_UNTAGGED 0x4

/* Where a change applies: the port's bridge (master, the default for a
 * port) or the device itself (self, the default for the bridge device). */
enum brkit_vlan_where {
	BRKIT_VLAN_AUTO = 0,
	BRKIT_VLAN_MASTER = 1,
	BRKIT_VLAN_SELF = 2,
};

/* ---- VLAN sets: a bitmap of VIDs 0..4095 (pure, no system calls) ---- */
/* 4096 bits: never grows. */
struct brkit_vlan_set {
	uint64_t w[64];
};

void brkit_vlan_set_zero(struct brkit_vlan_set *s);
/* Add or remove VIDs lo..hi (both within 0..4095, lo <= hi). */
void brkit_vlan_set_add(struct brkit_vlan_set *s, unsigned int lo, unsigned int hi);
void brkit_vlan_set_del(struct brkit_vlan_set *s, unsigned int lo, unsigned int hi);
bool brkit_vlan_set_has(const struct brkit_vlan_set *s, unsigned int vid);
unsigned int brkit_vlan_set_count(const struct brkit_vlan_set *s);
bool brkit_vlan_set_equal(const struct brkit_vlan_set *a, const struct brkit_vlan_set *b);
/* @add = @want - @cur, @del = @cur - @want. */
void brkit_vlan_set_diff(const struct brkit_vlan_set *cur, const struct brkit_vlan_set *want,
			 struct brkit_vlan_set *add, struct brkit_vlan_set *del);
/* The first run of consecutive VIDs at or after @from: true with *lo..*hi set,
 * false when there is none. Walk with from = hi + 1. */
bool brkit_vlan_set_next_range(const struct brkit_vlan_set *s, unsigned int from, unsigned int *lo,
			       unsigned int *hi);
/* Number of ranges the set compresses to. */
unsigned int brkit_vlan_set_nranges(const struct brkit_vlan_set *s);
/* "1,10,20-30" into @buf (truncated to @len, always terminated); returns the
 * length the whole text needs, as snprintf does. "" for an empty set. */
size_t brkit_vlan_set_format(const struct brkit_vlan_set *s, char *buf, size_t len);

/* Parsers: 0, or -EINVAL with *why pointing at a reason (in a static or
 * @errbuf-sized buffer, see below), never printing. */
/* One VID: decimal 1..4094. */
int brkit_vlan_parse_vid(const char *s, unsigned int *vid, const char **why);
/* "VID" or "VID-VID2" with VID <= VID2. */
int brkit_vlan_parse_range(const char *s, unsigned int *lo, unsigned int *hi, const char **why);
/* A list "1,10,20-30" (at least one element; no empty elements). */
int brkit_vlan_set_parse(const char *s, struct brkit_vlan_set *out, const char **why);

/* ---- membership in the kernel ---- */
/* The kernel's bridge_vlan_info in ranges: never grows. */
struct brkit_vlan_range {
	uint16_t vid; /* first VID */
	uint16_t vid_end; /* last VID (== vid for one) */
	uint16_t flags; /* BRKIT_VLAN_PVID | BRKIT_VLAN_UNTAGGED */
};

struct brkit_vlan_dev {
	int ifindex;
	char ifname[IFNAMSIZ];
	int master; /* ifindex of the bridge for a port, 0 for the bridge itself */
	bool is_bridge; /* the bridge device's own ("self") VLANs */
	size_t n; /* ranges, ascending, each with uniform flags */
	const struct brkit_vlan_range *r;
	uint64_t reserved[2]; /* zero; later members come from here (see brkit.h) */
};

/* Read-back paths: RTM_GETVLAN where the kernel has it, else RTM_GETLINK
 * (AF_BRIDGE, RTEXT_FILTER_BRVLAN_COMPRESSED). BRKIT_VLAN_VIA_GETLINK forces
 * the second (tests use it to cover both). */
#define BRKIT_VLAN_VIA_GETLINK 0x1

/* Call @cb for each device with VLANs (bridges and ports), in ifindex order;
 * @dev NULL for all, else only that device (which must be a bridge or a port).
 * Reading works on bridges with vlan_filtering off too (only writes refuse);
 * without kernel VLAN filtering it fails with -EOPNOTSUPP.
 * A non-zero return from @cb stops the walk and is returned. */
int brkit_vlan_foreach(struct brkit *h, const char *dev, unsigned int flags,
		       int (*cb)(const struct brkit_vlan_dev *d, void *arg), void *arg);

/* Check that @dev can take VLAN changes (see the top of this file). Returns
 * 0 and, when @is_bridge is non-NULL, whether @dev is the bridge itself. */
int brkit_vlan_check(struct brkit *h, const char *dev, bool *is_bridge);

/* Add VIDs lo..hi with @flags (BRKIT_VLAN_PVID only on a single VID) or
 * delete them, in one request. */
int brkit_vlan_add(struct brkit *h, const char *dev, unsigned int lo, unsigned int hi,
		   unsigned int flags, enum brkit_vlan_where where);
int brkit_vlan_del(struct brkit *h, const char *dev, unsigned int lo, unsigned int hi,
		   enum brkit_vlan_where where);

/* Make @dev's VLANs exactly @vids: @pvid (0 for none, else a member of @vids)
 * becomes "pvid untagged", every other VID tagged. Sends one request for the
 * VIDs to add or re-flag and one for the VIDs to remove; when either fails,
 * the state the kernel then holds is read back and returned to the first. *added / *removed (may be NULL) receive how many
 * VIDs changed. */
int brkit_vlan_set(struct brkit *h, const char *dev, const struct brkit_vlan_set *vids,
		   unsigned int pvid, enum brkit_vlan_where where, unsigned int *added,
		   unsigned int *removed);

/* ---- per-VLAN multicast options of a bridge (`bridge vlan global set`,
 * BRIDGE_VLANDB_GLOBAL_OPTIONS, Linux 5.12+): they act while the bridge has
 * vlan_filtering on and mcast_vlan_snooping on ---- */
enum {
	BRKIT_VG_MCAST_SNOOPING = 1u << 0,
	BRKIT_VG_MCAST_QUERIER = 1u << 1,
	BRKIT_VG_MCAST_IGMP_VERSION = 1u << 2,
	BRKIT_VG_MCAST_MLD_VERSION = 1u << 3,
};
struct brkit_vlan_global_opts {
	uint32_t mask; /* BRKIT_VG_* present */
	bool mcast_snooping;
	bool mcast_querier;
	uint8_t mcast_igmp_version; /* 2 or 3 */
	uint8_t mcast_mld_version; /* 1 or 2 */
	uint64_t reserved[2]; /* zero; later members come from here (see brkit.h) */
};
/* Option @name (mcast_snooping, mcast_querier, mcast_igmp_version,
 * mcast_mld_version) from its text @val (0/1, on/off, ...; the versions as
 * numbers) into @o. 0, -ENOENT (no such option) or -EINVAL/-ERANGE with @why
 * naming it. Pure. */
int brkit_vlan_global_parse(struct brkit_vlan_global_opts *o, const char *name, const char *val,
			    char *why, size_t whylen);
/* Set @o on VLANs @lo..@hi of bridge @br in one RTM_NEWVLAN. -ENOTTY when @br
 * is not a bridge, -EOPNOTSUPP without kernel VLAN filtering, -ENOPROTOOPT
 * when vlan_filtering is off; the kernel's text otherwise (a VLAN the bridge
 * lacks). */
int brkit_vlan_global_set(struct brkit *h, const char *br, unsigned int lo, unsigned int hi,
			  const struct brkit_vlan_global_opts *o);

/* ---- per-VLAN tunnel ids (IFLA_BRIDGE_VLAN_TUNNEL_INFO): the single VXLAN
 * device layout of EVPN maps each VLAN of the VXLAN port to a VNI ---- */
/* One mapping range: VLANs vid..vid_end to tunnel ids tunid..tunid_end (the
 * same length). The kernel's own record: never grows. */
struct brkit_vlan_tunnel {
	uint16_t vid, vid_end;
	uint32_t tunid, tunid_end;
};

/* Map VLANs @vid..@vid_end of port @dev to tunnel ids @tunid.. (one request),
 * or remove their mappings. Checked before anything is sent, besides the
 * checks at the top of this file: ids 1..16777215 (-EINVAL), a port, not the
 * bridge (-ENOLINK), the port's vlan_tunnel flag on (-ENOPROTOOPT, naming
 * `port set ... vlan_tunnel on`), each VLAN already on the port (-ENOENT).
 * For a delete, @tunid 0 means "whatever they map to"; another value must be
 * what they map to, and each VLAN must have a mapping (else -ENOENT). */
int brkit_vlan_tunnel_add(struct brkit *h, const char *dev, unsigned int vid, unsigned int vid_end,
			  uint32_t tunid);
int brkit_vlan_tunnel_del(struct brkit *h, const char *dev, unsigned int vid, unsigned int vid_end,
			  uint32_t tunid);

struct brkit_vlan_tunnel_dev {
	int ifindex;
	char ifname[IFNAMSIZ];
	int master;
	size_t n; /* mapping ranges, ascending */
	const struct brkit_vlan_tunnel *t;
	uint64_t reserved[2]; /* zero; later members come from here (see brkit.h) */
};
/* Call @cb for each port with VLAN tunnel mappings (@dev NULL: all, else only
 * that port), from one RTM_GETLINK AF_BRIDGE dump; -EOPNOTSUPP without kernel
 * VLAN filtering. A non-zero return from @cb stops the walk and is returned. */
int brkit_vlan_tunnel_foreach(struct brkit *h, const char *dev,
			      int (*cb)(const struct brkit_vlan_tunnel_dev *d, void *arg),
			      void *arg);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libbrkit: the multicast database (MDB) of bridges: the groups IGMP/MLD
 * snooping learnt and the ones written by hand, and the multicast router
 * ports. Included by <brkit/brkit.h>.
 *
 * States and flags are the kernel's (<linux/if_bridge.h>): MDB_TEMPORARY /
 * MDB_PERMANENT, MDB_FLAGS_* (offload, fast_leave, added_by_star_ex,
 * blocked), MDB_RTR_TYPE_* for router ports; filter modes are MCAST_INCLUDE /
 * MCAST_EXCLUDE (<linux/in.h>).
 */
#ifndef BRKIT_MDB_H
#define BRKIT_MDB_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

struct nlmsghdr;

/* One source of a group's source list (IGMPv3/MLDv2). */
struct brkit_mdb_src {
	uint8_t addr[16]; /* 4 bytes for IPv4 */
	uint32_t timer; /* centiseconds left */
};

/* One group on one port, as the kernel reports it (RTM_GETMDB dump or get,
 * RTM_NEWMDB / RTM_DELMDB events). */
struct brkit_mdb_entry {
	int br; /* the bridge */
	int port; /* the port; the bridge itself for a group the host joined */
	int family; /* AF_INET, AF_INET6, or AF_PACKET: a MAC (L2) group */
	uint8_t grp[16]; /* 4 bytes for IPv4, 6 for a MAC */
	uint16_t vid; /* 0 none */
	uint8_t state; /* MDB_TEMPORARY or MDB_PERMANENT */
	uint8_t flags; /* MDB_FLAGS_* */
	bool deleted; /* an RTM_DELMDB (monitor) */
	bool has_src; /* an (S,G) entry: @src is its source */
	uint8_t src[16];
	bool has_timer;
	uint32_t timer; /* centiseconds left (0 for permanent entries) */
	bool has_mode;
	uint8_t filter_mode; /* MCAST_INCLUDE (1) or MCAST_EXCLUDE (0) */
	bool has_rtprot;
	uint8_t rtprot; /* RTPROT_*: who added it (kernel, static, zebra, ...) */
	bool has_srcs; /* a source list was reported (it may be empty) */
	size_t n_srcs;
	const struct brkit_mdb_src *srcs; /* valid during the callback */
	uint64_t reserved[4]; /* zero; later members come from here (see brkit.h) */
};

/* A multicast router port of a bridge. */
struct brkit_mdb_router {
	int br;
	int port;
	bool deleted; /* an RTM_DELMDB (monitor) */
	bool has_timer;
	uint32_t timer; /* centiseconds left */
	bool has_type;
	uint8_t type; /* MDB_RTR_TYPE_* */
	uint64_t reserved[2]; /* zero; later members come from here (see brkit.h) */
};

/* Callbacks for the entries and router ports of MDB messages; either may be
 * NULL. A non-zero return stops the walk and is returned. */
struct brkit_mdb_ops {
	int (*entry)(const struct brkit_mdb_entry *e, void *arg);
	int (*router)(const struct brkit_mdb_router *r, void *arg);
	uint64_t reserved[2]; /* zero */
};

/* What to list. Zeroed: everything. */
struct brkit_mdb_filter {
	int br; /* the bridge's ifindex, 0 any */
	uint16_t vid; /* 0 any */
	uint64_t reserved[2]; /* zero; later members come from here (see brkit.h) */
};

/* Parse one RTM_GETMDB/RTM_NEWMDB/RTM_DELMDB message and call @ops for each
 * entry and router port in it, in the kernel's order (the filter, when not
 * NULL, is applied). -ENOENT when it is not an MDB message, -EBADMSG when
 * too short; malformed attributes are skipped, never read past their end.
 * Pure (it allocates the source list it hands over). */
int brkit_mdb_parse(const struct nlmsghdr *nlh, const struct brkit_mdb_filter *f,
		    const struct brkit_mdb_ops *ops, void *arg);

/* Every entry, then (for each bridge, after its entries) every router port,
 * with one RTM_GETMDB dump. A dump the kernel flags interrupted starts over,
 * so callbacks may see entries again. The callbacks run inside the dump: they
 * must not call the library on @h. */
int brkit_mdb_foreach(struct brkit *h, const struct brkit_mdb_filter *f,
		      const struct brkit_mdb_ops *ops, void *arg);

/* ---- changes ---- */
enum brkit_mdb_op { BRKIT_MDB_ADD, BRKIT_MDB_REPLACE, BRKIT_MDB_DEL };

/* The kernel keeps at most 31 sources in a group's list. */
#define BRKIT_MDB_SRCS_MAX 31

/* A change as the user wrote it: `add|replace|del dev BR port PORT grp GROUP
 * [src SOURCE] [permanent|temp] [vid VID] [filter_mode include|exclude]
 * [source_list S1,S2,...] [proto PROTO]` (iproute2's `bridge mdb` grammar). */
struct brkit_mdb_spec {
	enum brkit_mdb_op op;
	char dev[IFNAMSIZ]; /* the bridge */
	char port[IFNAMSIZ]; /* a port, or the bridge itself (the host joins) */
	int family; /* of the group: AF_INET, AF_INET6 or AF_PACKET (a MAC) */
	uint8_t grp[16];
	bool has_src;
	uint8_t src[16]; /* same family as the group */
	bool permanent;
	uint16_t vid; /* 0 none */
	bool has_mode;
	uint8_t filter_mode; /* MCAST_INCLUDE or MCAST_EXCLUDE */
	bool has_srcs;
	unsigned int n_srcs;
	uint8_t srcs[BRKIT_MDB_SRCS_MAX][16];
	uint8_t rtprot; /* 0: not given (the kernel says static) */
	uint64_t reserved[4]; /* zero; later members come from here (see brkit.h) */
};

/* Parse a change's words (argv[0] is the verb: add, replace, del or delete).
 * Returns 0, or -EINVAL with @why set to a message naming the bad word and
 * the reason. Pure. */
int brkit_mdb_spec_parse(struct brkit_mdb_spec *s, int argc, char **argv, char *why, size_t whylen);
/* A group: an IPv4 or IPv6 multicast address, or a MAC (L2) multicast
 * address. 0 or -EINVAL with @why. Pure. */
int brkit_mdb_parse_group(const char *str, int *family, uint8_t grp[16], const char **why);
/* A routing protocol by iproute2's name (static, zebra, bgp, ...) or number
 * 0-255 into @proto. 0 or -EINVAL. Pure. */
int brkit_mdb_parse_proto(const char *str, uint8_t *proto);
/* iproute2's name of RTPROT_* @proto, NULL when it has none. Pure. */
const char *brkit_mdb_proto_name(uint8_t proto);

/* Apply one change (one request): DEV must be a bridge and PORT one of its
 * ports or the bridge itself. -EEXIST for `add` of an entry that exists,
 * -ENOENT for `del` of one that does not; h's error text says which. */
int brkit_mdb_apply(struct brkit *h, const struct brkit_mdb_spec *s);

/* The group @key names (key->dev, family, grp, has_src/src, vid; the rest is
 * ignored) on every port that has it, through @ops (one RTM_GETMDB request,
 * Linux 6.7+). -ENOENT when the bridge has no such group, -EOPNOTSUPP when
 * the kernel cannot look one group up (h's error text says so). The
 * callbacks run inside the request: they must not call the library on @h. */
int brkit_mdb_get(struct brkit *h, const struct brkit_mdb_spec *key,
		  const struct brkit_mdb_ops *ops, void *arg);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libbrkit: the forwarding database (FDB) of bridges and VXLAN devices.
 * Included by <brkit/brkit.h>.
 *
 * States and flags are the kernel's: NUD_* (<linux/neighbour.h>:
 * NUD_PERMANENT "permanent"/local, NUD_NOARP "static", NUD_REACHABLE
 * "dynamic") and NTF_* (NTF_SELF, NTF_MASTER, NTF_EXT_LEARNED, NTF_STICKY,
 * NTF_OFFLOADED, NTF_ROUTER).
 */
#ifndef BRKIT_FDB_H
#define BRKIT_FDB_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libbrkit.so, which is built with -fvisibility=hidden. */
#pragma GCC visibility push(default)

struct nlmsghdr;

/* One FDB entry as the kernel reports it (RTM_NEWNEIGH / RTM_DELNEIGH, AF_BRIDGE). */
struct brkit_fdb_entry {
	uint8_t mac[6];
	int ifindex; /* the port, or the device for its own (self) entries */
	int master; /* NDA_MASTER: the bridge, 0 if none */
	uint16_t vlan; /* 0: no VLAN */
	uint16_t state; /* NUD_* */
	uint8_t flags; /* NTF_* */
	uint8_t dst_family; /* 0, AF_INET or AF_INET6: VXLAN remote */
	uint8_t dst[16];
	bool has_vni, has_src_vni, has_port, has_via, has_netnsid, has_cacheinfo;
	uint32_t vni, src_vni;
	uint16_t port; /* UDP port, host order */
	int via; /* NDA_IFINDEX: outgoing device of a VXLAN remote */
	int32_t netnsid; /* NDA_LINK_NETNSID */
	uint32_t used, updated; /* NDA_CACHEINFO, clock ticks (USER_HZ) ago */
	bool deleted; /* an RTM_DELNEIGH (monitor) */
	bool has_nh_id;
	uint32_t nh_id; /* NDA_NH_ID: the nexthop group of a VXLAN remote */
	uint32_t
		flags_ext; /* NDA_FLAGS_EXT: BRKIT_FDB_EXT_* (the kernel's NTF_EXT_*), 0 when absent */
	/* Carved from reserved[0]: */
	uint8_t protocol; /* NDA_PROTOCOL (RTPROT_*: 11 zebra, ...), 0 when absent or unspec.
			     Linux up to 6.18 at least neither keeps nor reports it for
			     bridge and VXLAN entries; parsed for the kernels that will. */
	uint8_t reserved_b[7];
	uint64_t reserved[3]; /* zero; later members come from here (see brkit.h) */
};

/* Extended entry flags (NDA_FLAGS_EXT, the kernel's NTF_EXT_*; newer
 * kernels may report bits not named here). */
#define BRKIT_FDB_EXT_MANAGED (1u << 0) /* NTF_EXT_MANAGED */
/* NTF_EXT_LOCKED (Linux 6.1): learned on a locked port, not authorised; the
 * bridge does not forward to it. iproute2 prints it as "locked". */
#define BRKIT_FDB_EXT_LOCKED (1u << 1)

/* What to list or flush. Zeroed: everything. */
enum brkit_fdb_kind {
	BRKIT_FDB_ANY = 0,
	BRKIT_FDB_STATIC, /* NUD_NOARP without NUD_PERMANENT: programmed, not ageing */
	BRKIT_FDB_DYNAMIC, /* neither NUD_NOARP nor NUD_PERMANENT: learned, ageing */
};
struct brkit_fdb_filter {
	int br; /* bridge ifindex (kernel filter NDA_MASTER), 0 any */
	int dev; /* port/device ifindex (kernel filter NDA_IFINDEX), 0 any */
	uint16_t vlan; /* 0 any (filtered here: the kernel cannot) */
	enum brkit_fdb_kind kind;
	/* Carved from reserved[0]: entries whose NTF_* flags under @ntf_mask equal
	 * @ntf_flags (0/0: any). For a flush only NTF_EXT_LEARNED, NTF_STICKY and
	 * NTF_OFFLOADED may be in the mask (-EINVAL otherwise): e.g. mask
	 * NTF_EXT_LEARNED, flags 0 spares what a control plane (FRR's zebra)
	 * wrote, as `brkit fdb flush` does unless told `extern_learn`. */
	uint8_t ntf_flags, ntf_mask;
	uint8_t reserved_b[6];
	uint64_t reserved[1]; /* zero; later members come from here (see brkit.h) */
};

/* Parse one RTM_NEWNEIGH/RTM_DELNEIGH message. -ENOENT when it is not an
 * AF_BRIDGE neighbour message, -EBADMSG when malformed (too short, or an
 * NDA_LLADDR that is not 6 bytes); any other attribute of the wrong length
 * is ignored as absent, never read past its end. Pure. */
int brkit_fdb_parse(const struct nlmsghdr *nlh, struct brkit_fdb_entry *out);
/* Does @e pass @f's VLAN and kind tests? Pure. */
bool brkit_fdb_match(const struct brkit_fdb_filter *f, const struct brkit_fdb_entry *e);

/* Call @cb for every entry (one RTM_GETNEIGH dump, no copy of the table), in
 * the kernel's order. f->br and f->dev go into the request (NDA_MASTER,
 * NDA_IFINDEX); VLAN and kind are tested here. A non-zero return from @cb stops
 * the walk and is returned. Should the kernel flag the dump interrupted, the
 * walk starts over and @cb sees entries again. */
typedef int (*brkit_fdb_cb)(const struct brkit_fdb_entry *e, void *arg);
int brkit_fdb_foreach(struct brkit *h, const struct brkit_fdb_filter *f, brkit_fdb_cb cb,
		      void *arg);

/* ---- changes ---- */
enum brkit_fdb_op { BRKIT_FDB_ADD, BRKIT_FDB_APPEND, BRKIT_FDB_REPLACE, BRKIT_FDB_DEL };

/* A change as the user wrote it: `add|append|replace|del ADDR dev DEV [vlan VID]
 * [master|self] [static|dynamic|local] [sticky] [dst IP] [vni VNI] [port N] [via DEV]`. */
struct brkit_fdb_spec {
	enum brkit_fdb_op op;
	uint8_t mac[6];
	char dev[IFNAMSIZ];
	char via[IFNAMSIZ]; /* "" none */
	uint16_t vlan; /* 0 none */
	uint16_t state; /* NUD_*; 0: the default (static for bridge entries,
				permanent for a device's own table) */
	uint8_t flags; /* NTF_SELF / NTF_MASTER as written, NTF_STICKY ... */
	uint8_t dst_family; /* 0 none */
	uint8_t dst[16];
	bool has_vni, has_port;
	uint32_t vni;
	uint16_t port;
	uint64_t reserved[2]; /* zero; later members come from here (see brkit.h) */
};

/* Parse a change's words (argv[0] is the verb: add, append, replace, del or
 * delete). Returns 0, or -EINVAL with @why set to a message naming the bad word
 * and the reason. Pure. */
int brkit_fdb_spec_parse(struct brkit_fdb_spec *s, int argc, char **argv, char *why, size_t whylen);
/* Split one line of an `fdb load` file into words (white space separated, '#'
 * starts a comment). Returns the word count (0: blank line), or -E2BIG when
 * over @max. Modifies @line. Pure. */
int brkit_fdb_split(char *line, char **words, int max);
/* MAC aa:bb:cc:dd:ee:ff (or '-' throughout): 0 or -EINVAL with @why. Pure and
 * thread-safe: @why stays valid until the calling thread's next call. */
int brkit_fdb_parse_mac(const char *s, uint8_t mac[6], const char **why);
/* VLAN 1..4094: 0 or -EINVAL with @why. Pure. */
int brkit_fdb_parse_vlan(const char *s, uint16_t *vid, const char **why);

/* Resolved device indexes for a spec: dev, via (0 none) and the bridge flags to
 * send (NTF_MASTER for a bridge port, NTF_SELF for a bridge or with `self`). */
struct brkit_fdb_target {
	int ifindex;
	int via;
	uint8_t flags;
	bool bridge; /* a port's entry in a bridge's table: the state defaults to static
			(else permanent) */
	uint64_t reserved[1]; /* zero; later members come from here (see brkit.h) */
};
/* Fill the request for @s at @nlh (a fresh header from brkit_batch_msg(), or
 * libmnl's mnl_nlmsg_put_header() on a zeroed buffer of BRKIT_BATCH_MSGLEN
 * bytes): type, flags, ndmsg and attributes. Pure. */
void brkit_fdb_build(struct nlmsghdr *nlh, const struct brkit_fdb_spec *s,
		     const struct brkit_fdb_target *t);

/* Look up the devices of @s and check them: DEV exists, is a bridge port or a
 * bridge (or `self` is given); VIA exists. -ENODEV (absent), -ENOLINK (not a
 * bridge port), -EINVAL (a state the table refuses), with the reason. */
int brkit_fdb_resolve(struct brkit *h, const struct brkit_fdb_spec *s, struct brkit_fdb_target *t);
/* Resolve @n specs with one link dump (for bulk loads). On failure *bad is
 * the index of the first spec that failed and h's error text says why. */
int brkit_fdb_resolve_all(struct brkit *h, const struct brkit_fdb_spec *s, size_t n,
			  struct brkit_fdb_target *t, size_t *bad);
/* Apply one change (one request). -EEXIST for `add` of an entry that exists,
 * -ENOENT for `del` of one that does not; h's error text says which. */
int brkit_fdb_apply(struct brkit *h, const struct brkit_fdb_spec *s);
/* Queue an already resolved change in a pipelined batch. */
int brkit_fdb_batch_add(struct brkit_batch *b, const struct brkit_fdb_spec *s,
			const struct brkit_fdb_target *t);

/* The entry for @mac (and @vlan, 0 none) in bridge @br: -ENOENT when none,
 * -ENOTTY when @br is not a bridge. */
int brkit_fdb_get(struct brkit *h, const char *br, const uint8_t mac[6], uint16_t vlan,
		  struct brkit_fdb_entry *out);

/* Delete the bridge entries @f selects (f->br or f->dev must be set; with only
 * f->dev the port's bridge is used); kind ANY spares permanent (local) entries.
 * One RTM_DELNEIGH with NLM_F_BULK per bridge; when the kernel's answer shows it
 * has no bulk delete (before Linux 5.19: EINVAL "invalid address", as it reads
 * the request as a single delete without NDA_LLADDR; or EOPNOTSUPP), a dump
 * and pipelined deletes instead, decided once per call. Without f->br and
 * f->dev, every bridge of the namespace. Returns the number deleted when
 * known (dump-and-delete), else 0; or -errno. */
int brkit_fdb_flush(struct brkit *h, const struct brkit_fdb_filter *f);

/* ---- brctl showmacs: the bridge's forwarding table as /sys/.../brforward has it ---- */
/* The kernel's brforward record (struct __fdb_entry, itself frozen): never grows. */
struct brkit_fdb_mac {
	uint8_t mac[6];
	uint16_t port_no; /* IFLA_BRPORT_NO */
	bool is_local;
	uint32_t ageing; /* centiseconds since last seen, 0 for static and local */
};
/* Every entry of bridge @br that points to a port (not the bridge's own),
 * sorted by MAC (stable), in a malloc()ed array the caller frees. */
int brkit_fdb_macs(struct brkit *h, const char *br, struct brkit_fdb_mac **out, size_t *n);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

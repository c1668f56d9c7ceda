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
};

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
};

/* Parse one RTM_NEWNEIGH/RTM_DELNEIGH message. -ENOENT when it is not an
 * AF_BRIDGE neighbour message, -EBADMSG when malformed. Pure. */
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
};

/* Parse a change's words (argv[0] is the verb: add, append, replace, del or
 * delete). Returns 0, or -EINVAL with @why set to a message naming the bad word
 * and the reason. Pure. */
int brkit_fdb_spec_parse(struct brkit_fdb_spec *s, int argc, char **argv, char *why, size_t whylen);
/* Split one line of an `fdb load` file into words (white space separated, '#'
 * starts a comment). Returns the word count (0: blank line), or -E2BIG when
 * over @max. Modifies @line. Pure. */
int brkit_fdb_split(char *line, char **words, int max);
/* MAC aa:bb:cc:dd:ee:ff (or '-' throughout): 0 or -EINVAL with @why. Pure. */
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
};
/* Fill the request for @s at @nlh (a fresh header from brkit_nl_msg or
 * brkit_batch_msg): type, flags, ndmsg and attributes. Pure. */
void brkit_fdb_build(struct nlmsghdr *nlh, const struct brkit_fdb_spec *s,
		     const struct brkit_fdb_target *t);

/* Look up the devices of @s and check them: DEV exists, is a bridge port or a
 * bridge (or `self` is given); VIA exists. -ENODEV / -EINVAL with the reason. */
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

/* The entry for @mac (and @vlan, 0 none) in bridge @br: -ENOENT when none. */
int brkit_fdb_get(struct brkit *h, const char *br, const uint8_t mac[6], uint16_t vlan,
		  struct brkit_fdb_entry *out);

/* Delete the bridge entries @f selects (f->br or f->dev must be set; with only
 * f->dev the port's bridge is used); kind ANY spares permanent (local) entries.
 * One RTM_DELNEIGH with NLM_F_BULK where the kernel has it, else a dump and
 * pipelined deletes (also taken when the environment has BRKIT_FDB_NO_BULK, so
 * tests reach it). Returns the number deleted when known (dump-and-delete),
 * else 0; or -errno. */
int brkit_fdb_flush(struct brkit *h, const struct brkit_fdb_filter *f);

/* ---- brctl showmacs: the bridge's forwarding table as /sys/.../brforward has it ---- */
struct brkit_fdb_mac {
	uint8_t mac[6];
	uint16_t port_no; /* IFLA_BRPORT_NO */
	bool is_local;
	uint32_t ageing; /* centiseconds since last seen, 0 for static and local */
};
/* Every entry of bridge @br that points to a port (not the bridge's own),
 * sorted by MAC (stable), in a malloc()ed array the caller frees. */
int brkit_fdb_macs(struct brkit *h, const char *br, struct brkit_fdb_mac **out, size_t *n);

#ifdef __cplusplus
}
#endif

#endif

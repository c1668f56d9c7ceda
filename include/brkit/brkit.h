/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libbrkit: Linux bridges, taps, VLAN filtering, the FDB and STP over rtnetlink.
 *
 * Every call takes a handle bound to one network namespace and returns 0 (or a
 * count) on success and a negative errno on failure. Nothing prints or exits;
 * brkit_errmsg() gives the last failure as text: what brkit was doing and the
 * kernel's extended-ack message, e.g. "adding p0 to br0: Device busy".
 *
 * One exchange at a time. A handle is used by one thread at a time, and runs
 * one request, dump or batch at a time: a call on @h from a callback that
 * runs during a dump of that same handle (brkit_fdb_foreach's and
 * brkit_tap_foreach's callbacks, a batch's error callback), or any request
 * on @h while a batch is open on it (from brkit_batch_new until
 * brkit_batch_free), fails with -EBUSY and brkit_errmsg() says the handle is
 * busy; brkit_batch_new then returns NULL with errno EBUSY. Collect what the
 * callback needs and act after the call returns, or open a second handle.
 * The callbacks of brkit_link_foreach, brkit_vlan_foreach and
 * brkit_vxlan_foreach run after their dump, so they may use the handle.
 *
 * Sequence numbers. Each request takes the handle's next number when it is
 * sent (a batch's when it is queued); a reply carrying another number (the
 * late answer to a request given up on, the ACKs of a batch freed before it
 * finished) is dropped, never taken for the current request's answer. A
 * dump the kernel flags as interrupted (NLM_F_DUMP_INTR) is run again, up to
 * 5 times, then fails with -EAGAIN. When the receive queue overflows during
 * a request, brkit asks the kernel for one more ACK to learn whether the
 * answer was dropped; -ENOBUFS means it was: the outcome is unknown, read
 * the state back.
 *
 * ---- Errors: one errno per condition, in every module ----
 * Conditions brkit checks (most before sending anything), and their errno:
 *   -EINVAL       a bad argument: a name, a value or a combination the call
 *                 refuses before any request (-ERANGE: a number outside the
 *                 kernel's fixed range, in the *_opts_check calls)
 *   -ENODEV       no such device (the named device, bridge, port or underlay)
 *   -ENOTTY       the device exists but is not the kind the call needs: not a
 *                 bridge, not a tap, not a vxlan device (as ioctl(2)'s "not a
 *                 device this request applies to")
 *   -ENOLINK      the device is not a port of a bridge, or not of the bridge
 *                 named ("not linked to it")
 *   -EEXIST       already there (a device of that name, a port already in
 *                 that bridge, an FDB entry `add` would duplicate)
 *   -EBUSY        the device is already a port of another master
 *   -ELOOP        a bridge given as a port of a bridge
 *   -ENOENT       no such FDB entry; brkit_open(): no such namespace
 *   -EOPNOTSUPP   this kernel lacks the feature: bridge VLAN filtering
 *                 (CONFIG_BRIDGE_VLAN_FILTERING), a port flag it does not
 *                 report
 *   -ENOPROTOOPT  the feature is there but off on this bridge: VLAN changes
 *                 while the bridge has vlan_filtering off
 * Any other value is the kernel's own answer, passed on as it gave it (with
 * its extended-ack text in brkit_extack()).
 *
 * ---- How the public structs grow (the ABI of libbrkit.so.0) ----
 * A program built against older brkit headers keeps working with a newer
 * libbrkit.so.0; tests/unit/test_abi.c pins every struct's size and
 * tests/abi/exports.sh the exported functions (version node LIBBRKIT_0).
 * - A struct that may gain members ends with `uint64_t reserved[N]`. New
 *   members are carved out of that tail (reserved[N] becomes the members plus
 *   reserved[N - k]), so sizeof and every existing offset stay as they are:
 *   arrays the library hands out (bridges, ports, ...) keep their stride, and
 *   a struct embedded in another (brkit_link in brkit_tap_info) keeps the
 *   outer layout.
 * - Zero-initialise every struct you pass in ({ 0 }, a designated
 *   initialiser, memset, or the *_init call where there is one) and leave
 *   reserved alone: a member added later reads 0 from an old program, and 0
 *   always means "absent / the default", so the old behaviour follows.
 * - Structs the library fills have their reserved tail zeroed.
 * - Structs whose layout is a protocol's or the kernel's (brkit_bridge_id,
 *   brkit_vlan_set, brkit_vlan_range, brkit_vlan_tunnel, brkit_ipaddr, brkit_fdb_mac) and list
 *   heads (brkit_bridge_list) never grow.
 * - Flag words and enums only gain values; ignore bits you do not know.
 * - A struct whose tail runs out gets a new name and new functions; the old
 *   ones stay. Removing or reordering anything changes the soname.
 */
#ifndef BRKIT_BRKIT_H
#define BRKIT_BRKIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libbrkit.so, which is built with -fvisibility=hidden. */
#pragma GCC visibility push(default)

struct brkit;

/* Open a handle in network namespace @netns: NULL or "" for the caller's own,
 * a name under /run/netns (as `ip -n NAME`), or a path to a namespace file. */
int brkit_open(struct brkit **hp, const char *netns);
void brkit_close(struct brkit *h);

/* The last failure's text, "" when none. Valid until the next call on @h. */
const char *brkit_errmsg(const struct brkit *h);
/* The kernel's extended-ack message of the last failure, "" when it gave none. */
const char *brkit_extack(const struct brkit *h);
/* The namespace the handle was opened in ("" for the caller's own). */
const char *brkit_netns(const struct brkit *h);

/* Run @fn with the calling thread inside the handle's namespace (for
 * /dev/net/tun and ioctls, which act in the caller's namespace). */
int brkit_in_netns(struct brkit *h, int (*fn)(struct brkit *h, void *arg), void *arg);

/* Interface names: 1..15 bytes, no '/', ':', white space, not "." or "..".
 * Returns 0, or -EINVAL with *why set to a static reason. Pure. */
int brkit_ifname_check(const char *name, const char **why);

/* ---- links (any netdev) ---- */

struct brkit_link {
	int ifindex;
	char ifname[IFNAMSIZ];
	char kind[32]; /* IFLA_INFO_KIND: "bridge", "tun", "veth", ... or "" */
	int master; /* ifindex of the master device, 0 if none */
	unsigned int flags; /* IFF_* */
	unsigned int mtu;
	unsigned int group; /* netdev group */
	uint8_t addr[6];
	bool has_addr;
	uint8_t operstate; /* IF_OPER_* */
	uint64_t reserved[4]; /* zero; later members come from here (see brkit.h) */
};

/* Look up one device by name or by index. -ENODEV when it does not exist. */
int brkit_link_get(struct brkit *h, const char *ifname, struct brkit_link *out);
int brkit_link_get_index(struct brkit *h, int ifindex, struct brkit_link *out);
/* Call @cb for every device (one RTM_GETLINK dump, read whole first, so @cb
 * may use @h); a non-zero return from @cb stops the walk and is returned. */
int brkit_link_foreach(struct brkit *h, int (*cb)(const struct brkit_link *l, void *arg),
		       void *arg);
int brkit_link_set_up(struct brkit *h, const char *ifname, bool up);
int brkit_link_set_mtu(struct brkit *h, const char *ifname, unsigned int mtu);
int brkit_link_del(struct brkit *h, const char *ifname);
/* Delete every device in netdev group @group with one RTM_DELLINK. */
int brkit_link_del_group(struct brkit *h, unsigned int group);

/* ---- pipelined batches ----
 * Many requests in flight, each ACK matched to its request by sequence
 * number. Requests are numbered from 0 in the order they were added; @err_cb
 * is called for each one the kernel refused (with its extended-ack text).
 * The request is a struct nlmsghdr (<linux/netlink.h>, the kernel's UAPI);
 * brkit's own headers need nothing from libmnl. A caller that builds its own
 * attributes uses libmnl (or any netlink builder) directly and links it
 * itself, so brkit.pc lists libmnl as private only. */
/* Room for one request from brkit_batch_msg(), header included: attributes
 * must stay within BRKIT_BATCH_MSGLEN bytes of the header's start (libmnl's
 * mnl_attr_put_check(nlh, BRKIT_BATCH_MSGLEN, ...) checks it). */
#define BRKIT_BATCH_MSGLEN 4096
struct brkit_batch;
struct nlmsghdr;
typedef void (*brkit_batch_err_cb)(void *arg, unsigned long index, int err, const char *extack);
struct brkit_batch *brkit_batch_new(struct brkit *h, unsigned int window, brkit_batch_err_cb cb,
				    void *arg);
/* Start a request in the batch: returns its header (type, flags, seq set, NLM_F_REQUEST|
 * NLM_F_ACK added); fill it with libmnl's mnl_attr_put* and call brkit_batch_push(). */
struct nlmsghdr *brkit_batch_msg(struct brkit_batch *b, uint16_t type, uint16_t flags);
/* Queue the request begun with brkit_batch_msg(); sends and reaps ACKs as the
 * window fills. Returns 0 or a negative errno for a socket failure. */
int brkit_batch_push(struct brkit_batch *b);
/* Send what is queued and wait for every ACK. Returns 0, or the first
 * request's error; brkit_batch_failed() counts refusals. */
int brkit_batch_finish(struct brkit_batch *b);
unsigned long brkit_batch_count(const struct brkit_batch *b);
unsigned long brkit_batch_failed(const struct brkit_batch *b);
void brkit_batch_free(struct brkit_batch *b);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#include <brkit/bridge.h>
#include <brkit/tap.h>
#include <brkit/fdb.h>
#include <brkit/mdb.h>
#include <brkit/vlan.h>
#include <brkit/vxlan.h>
#include <brkit/events.h>

#endif

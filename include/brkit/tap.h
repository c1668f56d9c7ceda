/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the tap module. Included by <brkit/brkit.h>.
 *
 * Taps are made through /dev/net/tun (IFF_TAP | IFF_NO_PI, IFF_TUN_EXCL so an
 * existing device is never taken over), in the handle's namespace. One add
 * does: look the bridge up (RTM_GETLINK: it must be a bridge; its MTU is the
 * default), open + TUNSETIFF (+ TUNSETOWNER, TUNSETGROUP, and TUNSETCARRIER
 * off: no VM is attached yet), then ONE RTM_SETLINK carrying IFLA_MASTER,
 * IFLA_MTU, IFLA_ADDRESS, IFLA_GROUP and IFF_UP (preceded by an RTM_GETLINK
 * of the tap, which syncs the kernel's link watch so the bridge sees the port
 * down at once), then TUNSETPERSIST. Until the setlink is acknowledged the
 * tap is not persistent, so when a step fails closing the file descriptor
 * removes it: nothing is left, even if the process dies half-way.
 */
#ifndef BRKIT_TAP_H
#define BRKIT_TAP_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libbrkit.so, which is built with -fvisibility=hidden. */
#pragma GCC visibility push(default)

/* One tap to create. Zero-initialise, fill what you need. */
struct brkit_tap {
	/* in */
	/* A name, or a template with one %d and no other '%' ("vnet%d"); NULL:
	 * "tap%d". The kernel picks the number (TUNSETIFF, the lowest free) and
	 * the name it made is in ->ifname once brkit_tap_add() returns 0. */
	const char *name;
	const char *bridge; /* attach to this bridge; NULL: no master */
	uint32_t owner; /* TUNSETOWNER when has_owner */
	uint32_t group; /* TUNSETGROUP when has_group */
	bool has_owner, has_group;
	bool vnet_hdr; /* IFF_VNET_HDR */
	bool multi_queue; /* IFF_MULTI_QUEUE */
	unsigned int mtu; /* 0: the bridge's MTU when attaching, else the kernel's default */
	uint8_t mac[6]; /* used when has_mac */
	bool has_mac; /* else a random locally administered address fe:xx:xx:xx:xx:xx */
	uint32_t devgroup; /* netdev group, set when has_devgroup */
	bool has_devgroup;
	bool down; /* leave the tap down (default: up) */
	/* Not persistent: the tap lives as long as ->fd stays open (O_CLOEXEC:
	 * clear it to hand the queue to a child). The port is enabled at once. */
	bool keep_fd;
	/* out */
	char ifname[IFNAMSIZ]; /* the name the kernel gave (a template's number filled in) */
	uint8_t addr[6]; /* the MAC address set */
	int fd; /* with keep_fd, the queue's file descriptor; else -1 */
	uint64_t reserved[4]; /* zero; later members come from here (see brkit.h) */
};

/* Create one tap and attach/configure/up it. On failure nothing is left. */
int brkit_tap_add(struct brkit *h, struct brkit_tap *t);
/* Create @n taps, all or nothing: the TUNSETIFF ioctls run one by one while
 * the RTM_SETLINKs are pipelined (brkit_batch), 128 taps at a time (each
 * holds an fd until its setlink is acknowledged). Taps of earlier rounds
 * are deleted one by one on failure (slow: an RCU wait each). Every bridge
 * is looked up first. On failure every tap this
 * call made is removed, and h's error names the tap that failed. */
int brkit_tap_add_many(struct brkit *h, struct brkit_tap *t, size_t n);

/* Delete tap @name; refuses (-ENOTTY) a device that is not a tap. */
int brkit_tap_del(struct brkit *h, const char *name);
/* Delete every device of netdev group @group with one RTM_DELLINK, after one
 * dump checking they are all taps (refuses -ENOTTY otherwise; -EINVAL for
 * group 0, the default group). Returns the
 * number of taps deleted (0 when the group is empty). */
int brkit_tap_flush_group(struct brkit *h, uint32_t group);

/* A tun/tap device with its IFLA_INFO_DATA. */
struct brkit_tap_info {
	struct brkit_link link;
	bool is_tap; /* IFLA_TUN_TYPE == IFF_TAP (else a tun) */
	bool pi, vnet_hdr, persist, multi_queue;
	bool has_owner, has_group;
	uint32_t owner, group;
	uint32_t num_queues, num_disabled_queues;
	uint64_t reserved[4]; /* zero; later members come from here (see brkit.h) */
};
/* Look one device up; -ENODEV when absent. info->link.kind tells whether it is a tun. */
int brkit_tap_get(struct brkit *h, const char *name, struct brkit_tap_info *info);
/* Call @cb for every tun/tap device (one RTM_GETLINK dump filtered on kind "tun"). */
int brkit_tap_foreach(struct brkit *h, int (*cb)(const struct brkit_tap_info *t, void *arg),
		      void *arg);

/* ---- pure helpers ---- */
/* A tap name or template: an interface name (brkit_ifname_check) where '%'
 * may appear once, as "%d". Returns 0 or -EINVAL with *why set. */
int brkit_tap_name_check(const char *name, const char **why);
bool brkit_tap_name_is_template(const char *name);
/* The default MAC rule from 6 random bytes: fe:r1:r2:r3:r4:r5 (locally
 * administered, unicast, above any address a bridge would adopt). */
void brkit_tap_mac_from_random(uint8_t mac[6], const uint8_t rnd[6]);
/* A MAC a tap may take: not multicast (this includes broadcast), not all zero. */
int brkit_tap_mac_check(const uint8_t mac[6], const char **why);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

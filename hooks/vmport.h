/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VM ports: one call plugs a VM's tap into its bridge with its VLANs, guards
 * and MAC lock, atomically, and remembers what it did in a state file so the
 * undo is exact. Internal to the brkit binary (not part of libbrkit's ABI):
 * the hooks (qemu-ifup/ifdown, libvirt's qemu hook, qemu-bridge-helper) and
 * `brkit vm-port` share it. Nothing here prints or exits; failures return a
 * negative errno with the text in the handle (brkit_errmsg) or in @why.
 *
 * The pure parts (spec, config file, ACL, state file) do no system calls and
 * are unit tested in tests/unit/test_vmport*.c.
 */
#ifndef BRKIT_HOOKS_VMPORT_H
#define BRKIT_HOOKS_VMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <brkit/brkit.h>

/* The state root: root's, 0700, a 0700 net-INODE directory in it for each
 * network namespace but the initial one. */
#define VMPORT_STATE_DIR "/run/brkit/vm-ports"
/* The one state root a program running with privileges it gained (AT_SECURE)
 * may use: VMPORT_STATE_DIR, or the path the program itself was built with
 * (qemu-bridge-helper's HELPER_STATE_DIR, set at its start; never from the
 * caller). */
extern const char *vmport_fixed_state_dir;
/* How long up and down wait for the state directory's lock before they give
 * up, naming the holder's pid: while one process holds it, and in all. */
#define VMPORT_LOCK_WAIT_MS 5000
#define VMPORT_LOCK_WAIT_MAX_MS 30000
#define VMPORT_CONFIG "/etc/brkit/vm-ports.conf"
#define VMPORT_PATHLEN 4096
#define VMPORT_SPECLEN 1024
#define VMPORT_WHYLEN 512
#define VMPORT_NETLEN 32 /* a brkit network's name (net/net.h NET_NAMELEN) */
/* Where `brkit net add` records its networks (net/net.h NET_STATE_DIR): this
 * directory for the initial network namespace, DIR/net-INODE for another, a
 * directory NAME in it with the file "state" (root's). */
#define VMPORT_NET_DIR "/run/brkit/net"

/* What `vm-port up TAP ...` asks for (everything after TAP). */
struct vmport_spec {
	char bridge[IFNAMSIZ];
	unsigned int vlan; /* 0: none; else the access VLAN or a trunk's native VLAN */
	bool has_trunks;
	struct brkit_vlan_set trunks;
	unsigned int mtu; /* 0: leave it */
	bool mtu_auto; /* the bridge's MTU */
	bool has_mac;
	uint8_t mac[6]; /* the guest's MAC, which lock pins: lock needs it */
	bool isolated, lock, noguard;
	bool create, vnet_hdr, multi_queue;
	char user[64]; /* create's owner: a name or a number, "" none */
	char acl[VMPORT_PATHLEN]; /* "" none */
	/* An EVPN host's VM: `bridge evpn vlan N`, or `vlan N` with no bridge.
	 * The port goes untagged on the bridge of the VNI that VLAN N names in
	 * the map `brkit evpn apply` writes (VMPORT_EVPN_DIR); resolved by
	 * vmport_do_up, so bridge is "" until then. */
	bool evpn;
	/* A brkit network's VM (`network NAME`, issue 18): the port goes on the
	 * bridge `brkit net add NAME` made, read from the network's state
	 * (VMPORT_NET_DIR) by vmport_network_resolve; "" none. Excludes bridge,
	 * vlan and trunks. Once resolved, bridge holds the network's bridge. */
	char network[VMPORT_NETLEN];
};

/* Where `brkit evpn apply` records its VLAN -> VNI -> bridge map: this
 * directory for the initial network namespace, DIR/net-INODE for another,
 * the file VMPORT_EVPN_MAP in it; root's, lines "vlan N vni V bridge BR". */
#define VMPORT_EVPN_DIR "/run/brkit/evpn"
#define VMPORT_EVPN_MAP "vlans"

/* Parse the words after TAP. A repeated keyword is refused, naming it.
 * Returns 0, or -EINVAL with @why. Pure. */
int vmport_spec_parse(struct vmport_spec *s, int argc, char **argv, char *why, size_t whylen);
/* The spec as canonical words ("bridge br0 vlan 10 lock"), for the state file
 * and to compare two specs. Returns the length snprintf would. Pure. */
size_t vmport_spec_format(const struct vmport_spec *s, char *buf, size_t len);
/* Look VLAN @vlan up in an EVPN map's text @text (modified: split in place):
 * 0 with @bridge and *@vni, -ENOENT when no line names it, -EINVAL with @why
 * for a line that is not "vlan N vni V bridge BR" (its number). Pure. */
int vmport_evpn_lookup(char *text, unsigned int vlan, char bridge[IFNAMSIZ], unsigned long *vni,
		       char *why, size_t whylen);
/* Look bridge @bridge up in an EVPN map's text (modified): 0 with *@vlan and
 * *@vni, -ENOENT when no line names it, -EINVAL with @why. Pure. */
int vmport_evpn_bridge(char *text, const char *bridge, unsigned int *vlan, unsigned long *vni,
		       char *why, size_t whylen);
/* Resolve @s's `network NAME` with the network's state text @text (modified;
 * @path names it in messages, @dir the directory a missing network is looked
 * up in): @out is @s with bridge set to the network's bridge and, when the
 * network has an MTU and the port asks none, mtu auto (the bridge's). Returns
 * 0; -EAGAIN when the state is not complete (being made, or an add that
 * broke); -EINVAL for a state that does not parse (@why quotes it: a caller
 * reading it for someone else redacts). Pure. */
int vmport_network_apply(char *text, const char *path, const struct vmport_spec *s,
			 struct vmport_spec *out, char *why, size_t whylen);
/* A guest's MAC "aa:bb:cc:dd:ee:ff" (or with '-'): unicast, not all zero.
 * 0, or -EINVAL (@mac untouched). Pure. */
int vmport_parse_mac(const char *s, uint8_t mac[6]);
/* The guest's MAC for lock on tap @tap from BRKIT_MAC's value @env: one
 * address (QEMU's environment, one NIC), or TAP=ADDR items separated by
 * commas (several NICs; every item is checked). QEMU does not give its
 * script= the guest's MAC, so qemu-ifup takes it from here. 0 with @mac,
 * -ENOENT when the list names other taps only, -EINVAL with @why. Pure. */
int vmport_mac_env(const char *env, const char *tap, uint8_t mac[6], char *why, size_t whylen);
/* The VLANs the port gets and its pvid (0 none); false when no VLAN is asked. Pure. */
bool vmport_spec_vlans(const struct vmport_spec *s, struct brkit_vlan_set *vids,
		       unsigned int *pvid);

/* ---- config file: /etc/brkit/vm-ports.conf ----
 *   # comment
 *   acl FILE                         the ACL for every spec of this file
 *   PATTERN SPEC...                  fnmatch(3) pattern on the tap name, then
 *                                    the words of `vm-port up TAP` after TAP
 * The first matching pattern wins. Every line is checked, so a bad line is
 * reported (file and line) even when an earlier one matches. */
struct vmport_conf_match {
	bool found;
	unsigned int line; /* of the match */
	struct vmport_spec spec;
};
/* Look @tap up in the config text @text (modified: split in place). @path
 * names the file in messages. Returns 0 (match->found tells), or -EINVAL with
 * @why "PATH:LINE: reason". Pure. */
int vmport_conf_find(char *text, const char *path, const char *tap, struct vmport_conf_match *match,
		     char *why, size_t whylen);

/* ---- ACL, as qemu-bridge-helper's bridge.conf ----
 *   allow BR | allow all | deny BR | deny all | include FILE | # comment
 * A deny that matches wins over any allow; no match denies. Files are read
 * through @load (which returns a malloc()ed NUL-terminated text or a negative
 * errno), so the decision is pure and the unit tests feed files from memory. */
typedef int (*vmport_load_fn)(const char *path, char **text, void *arg);
/* 0 with *allowed set, or a negative errno with @why (a bad line: file and
 * line; an unreadable file; includes nested deeper than 8). */
int vmport_acl_check(const char *path, const char *bridge, vmport_load_fn load, void *arg,
		     bool *allowed, char *why, size_t whylen);
/* Cut "FILE:LINE: reason quoting the line" to "FILE:LINE: not a valid line
 * (its text is not shown)"; a text without FILE:LINE: stays. Pure. */
void vmport_why_redact(char *why, size_t len);
/* Read a whole file (at most 1 MiB) into a malloc()ed string. */
int vmport_load_file(const char *path, char **text, void *arg);
/* "aa:bb:cc:dd:ee:ff". Pure. */
void vmport_mac_str(const uint8_t m[6], char b[18]);

/* ---- state: what one `up` did, so `down` undoes exactly that ---- */
enum {
	VMPORT_F_GUARD = 1u << 0, /* IFLA_BRPORT_GUARD (bpdu guard) */
	VMPORT_F_PROTECT = 1u << 1, /* IFLA_BRPORT_PROTECT (root block) */
	VMPORT_F_ISOLATED = 1u << 2,
	VMPORT_F_LOCKED = 1u << 3,
	VMPORT_F_COUNT = 4,
};
struct vmport_state {
	char tap[IFNAMSIZ];
	char bridge[IFNAMSIZ];
	char spec[VMPORT_SPECLEN];
	int ifindex; /* of the tap when recorded: a state whose tap is gone or
			another device by now is stale and ignored by up */
	bool created; /* the tap was made by us: delete it */
	bool enslaved; /* we put it on the bridge: release it */
	bool set_up; /* we set it up: set it down */
	bool mtu_changed;
	unsigned int old_mtu;
	uint32_t flags_changed; /* VMPORT_F_* we changed ... */
	uint32_t old_flags; /* ... and their old values */
	bool pinned; /* we added a static FDB entry */
	uint8_t pin_mac[6];
	bool pin_local; /* the pin replaced the port's own (local) entry */
	struct brkit_vlan_set pin_vids; /* the VLANs pinned on; {0}: no VLAN */
	bool vlans_changed; /* the port had VLANs before us: restore them */
	struct brkit_vlan_set old_vids;
	unsigned int old_pvid;
	/* lock without the guest's MAC (Linux 6.2+): the port is locked with
	 * MAB, and a waiter process pins the first source MAC the kernel
	 * reports in a `locked` FDB entry of the port, then turns MAB off. */
	bool mab; /* we turned MAB (IFLA_BRPORT_MAB) on: down turns it off */
	int waiter; /* the waiter's pid, 0 none */
	unsigned long long waiter_start; /* its start time (/proc/PID/stat field 22) */
	bool learnt; /* the pin is the MAC the waiter learnt */
};
/* key=value lines. Pure. */
size_t vmport_state_format(const struct vmport_state *st, char *buf, size_t len);
int vmport_state_parse(char *text, struct vmport_state *st, char *why, size_t whylen);

/* ---- on the kernel (and the state directory) ---- */
struct vmport_ctx {
	/* VMPORT_STATE_DIR[/net-INODE], or a test's (BRKIT_STATE_DIR, for a
	 * caller that is really root): absolute, every component root's, opened
	 * from "/" without following symlinks. Under AT_SECURE only the fixed one. */
	const char *state_dir;
	uint32_t uid; /* create's owner when has_uid (resolved by the caller) */
	bool has_uid;
	/* Fail with -EIO after this many changes (0: never): tests reach the
	 * rollback of every step with it. */
	unsigned int fail_after;
	/* Take a veth as a tap (BRKIT_VMPORT_TEST_VETH=1, for a caller that is
	 * really root): the wire tests plug veths, whose peer plays the guest. */
	bool test_veth;
	/* Act as a kernel without MAB (BRKIT_VMPORT_TEST_NO_MAB=1, for a caller
	 * that is really root): IFLA_BRPORT_MAB is not sent, so the read-back
	 * finds it off, as on Linux before 6.2, and lock without a MAC is
	 * refused. The suites reach that refusal and its rollback with it. */
	bool test_no_mab;
};
struct vmport_result {
	unsigned int changes; /* 0: everything was already as asked */
	bool created;
	char tap[IFNAMSIZ];
};
/* Up: check everything first (bridge, ACL, tap, VLAN support, MTU), then
 * apply under the state directory's lock; a failure undoes every step done. */
int vmport_up(struct brkit *h, const struct vmport_ctx *ctx, const char *tap,
	      const struct vmport_spec *s, struct vmport_result *res);
/* Down: undo what the state file of @tap records. *managed false (and 0
 * returned) when there is none. */
int vmport_down(struct brkit *h, const struct vmport_ctx *ctx, const char *tap, bool *managed);
/* Read the state of @tap: -ENOENT when unmanaged (or no state directory). */
int vmport_state_read(struct brkit *h, const char *dir, const char *tap, struct vmport_state *st);
/* Whether process @pid started at @start (/proc/PID/stat) still runs (a
 * zombie does not). */
bool vmport_waiter_alive(int pid, unsigned long long start);
/* Every managed tap, by name order. */
int vmport_foreach(struct brkit *h, const char *dir,
		   int (*cb)(const struct vmport_state *st, void *arg), void *arg);

#endif

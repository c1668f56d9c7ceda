/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * brkit evpn: one EVPN host's description (a YAML file), the plan that
 * brings the kernel to it (the traditional layout: a bridge and a VXLAN
 * device a VNI) and the FRR commands of its BGP EVPN part. FRR is the control
 * plane; brkit builds the devices FRR expects and configures FRR through
 * vtysh. Everything here is pure (no system call but reading the file), so
 * the unit tests drive it with made-up kernel states and FRR outputs; the
 * command around it (cli/cmd_evpn.c) does the I/O.
 */
#ifndef BRKIT_EVPN_H
#define BRKIT_EVPN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <brkit/brkit.h>

#define EVPN_MAX_VNIS 4094 /* one a VLAN at most */
#define EVPN_MAX_PEERS 64
#define EVPN_MAX_UNDERLAY 8
#define EVPN_ADDRLEN INET6_ADDRSTRLEN
#define EVPN_PATHLEN 108 /* sun_path */
#define EVPN_ASLEN 16 /* "4294967295", "external", "internal" */

struct evpn_vni {
	uint32_t vni; /* 1..16777215 */
	uint16_t vlan; /* 1..4094: the VLAN VMs use for it (vm-port ... vlan N) */
	char bridge[IFNAMSIZ]; /* default br<VNI> */
	char vxlan[IFNAMSIZ]; /* default vx<VNI> */
	unsigned int line; /* where the file gives it */
};

struct evpn_peer {
	char address[EVPN_ADDRLEN]; /* "" when by interface */
	char ifname[IFNAMSIZ]; /* BGP unnumbered: "" when by address */
	char remote_as[EVPN_ASLEN]; /* a number, "external" or "internal" */
	unsigned int line;
};

struct evpn_spec {
	struct brkit_ipaddr vtep;
	char vtep_str[EVPN_ADDRLEN];
	unsigned int vtep_line; /* where the file gives it (0: not given) */
	char underlay[EVPN_MAX_UNDERLAY][IFNAMSIZ];
	unsigned int underlay_line[EVPN_MAX_UNDERLAY];
	size_t nunderlay;
	uint16_t dstport; /* default 4789 */
	uint32_t asn;
	char router_id[EVPN_ADDRLEN]; /* default: the VTEP when it is IPv4 */
	bool advertise_vtep; /* announce the VTEP address in BGP unicast */
	struct evpn_peer peers[EVPN_MAX_PEERS];
	size_t npeers;
	/* "" the default (vtysh's own). Daemons started with --vty_socket DIR
	 * (with or without -N) have their sockets in DIR itself. */
	char vty_socket[EVPN_PATHLEN];
	/* "" none; used only without vty_socket (vtysh -N looks in the default
	 * folder's NAME/: daemons started with -N NAME alone) */
	char pathspace[64];
	/* `write memory` after a change. Default: yes for the system's FRR, no
	 * with a vty-socket (vtysh would write the system's /etc/frr/frr.conf
	 * with that FRR's configuration) */
	bool save;
	bool save_given; /* the file says */
	struct evpn_vni *vnis;
	size_t nvnis;
};

/* Parse the text of a host file (@file names it in messages). Returns 0, or
 * -EINVAL with @why: "FILE:LINE: vnis: VLAN 10 is used twice (VNI 100 at
 * line 12 and VNI 200 at line 15)". -ENOMEM. */
int evpn_spec_parse(const char *text, size_t len, const char *file, struct evpn_spec *s, char *why,
		    size_t whylen);
/* Read and parse @path: -errno of the read (with @why) or evpn_spec_parse's. */
int evpn_spec_load(const char *path, struct evpn_spec *s, char *why, size_t whylen);
void evpn_spec_free(struct evpn_spec *s);
const struct evpn_vni *evpn_spec_vni(const struct evpn_spec *s, uint32_t vni);
const struct evpn_vni *evpn_spec_vlan(const struct evpn_spec *s, uint16_t vlan);

/* ---- the kernel plan ---- */
/* What the kernel has, reduced to what the plan compares: every link by name,
 * with its VXLAN and bridge-port details. */
struct evpn_link {
	char name[IFNAMSIZ];
	int ifindex;
	char kind[32];
	int master; /* ifindex, 0 none */
	bool up;
	/* kind "vxlan" */
	uint32_t vni;
	struct brkit_ipaddr local;
	uint16_t dstport;
	bool learning;
	/* a bridge port */
	bool is_port;
	bool port_learning, neigh_suppress;
};

struct evpn_state {
	struct evpn_link *links;
	size_t n;
};

enum evpn_act_kind {
	EVPN_BRIDGE_ADD, /* create bridge (up) */
	EVPN_BRIDGE_UP,
	EVPN_VXLAN_DEL, /* delete a VXLAN device (a removed VNI, or one to replace) */
	EVPN_VXLAN_ADD, /* create it enslaved and up */
	EVPN_VXLAN_MASTER, /* enslave it to its bridge (released from another first) */
	EVPN_VXLAN_UP,
	EVPN_PORT_FLAGS, /* learning off, neigh_suppress on */
	EVPN_BRIDGE_DEL, /* the bridge of a removed VNI, when nothing else is on it */
};

struct evpn_act {
	enum evpn_act_kind kind;
	char dev[IFNAMSIZ]; /* the device acted on */
	char bridge[IFNAMSIZ]; /* its bridge (VXLAN_ADD, VXLAN_MASTER, PORT_FLAGS) */
	char from[IFNAMSIZ]; /* VXLAN_MASTER: the bridge to release it from first, "" none */
	uint32_t vni;
	const struct evpn_vni *v; /* the file's VNI, NULL for a removed one */
	char why[160]; /* what differed: "vni 101, want 100" */
};

/* "create", "set up", ... */
const char *evpn_act_name(enum evpn_act_kind k);

/* Compare @s with @st and list the actions (in the order to run them) in
 * *@acts (malloc'd, *@n of them; none when everything matches). A removed
 * VNI is a VXLAN device with this VTEP as its local address, learning off and
 * a bridge master, whose VNI the file no longer lists: it is deleted, and its
 * bridge too when no other port is on it and the file does not name it.
 * Conflicts are refused with -EEXIST and @why, before any action: a name the
 * file gives held by a device of another kind, or another VXLAN device
 * carrying one of the file's VNIs on the same port. */
int evpn_plan(const struct evpn_spec *s, const struct evpn_state *st, struct evpn_act **acts,
	      size_t *n, char *why, size_t whylen);

/* ---- FRR ---- */
/* The vtysh -c commands of the EVPN part, in order ("configure terminal"
 * first); *@cmds malloc'd strings in a malloc'd array, freed by
 * evpn_strv_free(). Returns the count or -ENOMEM. */
int evpn_frr_commands(const struct evpn_spec *s, char ***cmds);
void evpn_strv_free(char **v, int n);
/* Check FRR's `show running-config` text @run against @s: 0 when every line
 * of the EVPN part is there (nothing to do), the number of lines missing
 * otherwise, or -EEXIST with @why when FRR runs another BGP instance (router
 * bgp with another AS) that brkit must not touch. Pure. */
int evpn_frr_missing(const char *run, const struct evpn_spec *s, char *why, size_t whylen);

#endif

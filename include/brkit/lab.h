/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the lab module (include <brkit/lab.h>; it includes <brkit/brkit.h>).
 *
 * Network-namespace topologies from a file in containerlab's shape:
 * nodes are namespaces named LAB-NODE (hosts, or bridges named br0 whose
 * ports are the node's links), links are veth pairs whose ends are created
 * directly in their nodes' namespaces, with optional netem impairments.
 *
 * brkit_lab_up() is all or nothing: it writes an intent log under
 * /run/brkit/lab/ before each namespace it creates, so brkit_lab_down()
 * removes everything even after the process that ran up was killed. No call
 * prints or exits: failures fill a struct brkit_lab_error (file, line and
 * column where the fault is in the topology file; 0 when it is not). */
#ifndef BRKIT_LAB_H
#define BRKIT_LAB_H

#include <brkit/brkit.h>
#include <brkit/bridge.h>
#include <brkit/vlan.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

#define BRKIT_LAB_DIR "/run/brkit/lab"
#define BRKIT_LAB_NAMELEN 64 /* lab and node names: 1..63 of [A-Za-z0-9_.-] */
#define BRKIT_LAB_NSLEN (2 * BRKIT_LAB_NAMELEN) /* "LAB-NODE" */
#define BRKIT_LAB_MAXADDR 8
#define BRKIT_LAB_BRNAME "br0" /* the bridge device inside a bridge node */

struct brkit_lab_error {
	char file[256]; /* "" when the failure is not in a file */
	unsigned int line, column; /* 1-based; 0 when unknown */
	char msg[512];
};

/* host: one namespace, addresses, a default route; router: a host that
 * forwards (ip_forward on), for an underlay or a spine; hypervisor: a router
 * with a VXLAN layout (a bridge brVNI and a device vxlanVNI per VNI, the
 * traditional layout FRR's EVPN expects) whose VNI ports are the VMs' links. */
enum brkit_lab_kind {
	BRKIT_LAB_HOST = 1,
	BRKIT_LAB_BRIDGE = 2,
	BRKIT_LAB_ROUTER = 3,
	BRKIT_LAB_HYPERVISOR = 4,
};
enum brkit_lab_stp { BRKIT_LAB_STP_OFF, BRKIT_LAB_STP_KERNEL, BRKIT_LAB_STP_RSTP };

struct brkit_lab_addr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	unsigned int prefix;
};

/* Settings of stp: rstp nodes that only brkit-stpd has (bits of rstp_mask:
 * the file gave them). The bridge's priority and timers stay in struct
 * brkit_bridge_opts (timers in centiseconds, whole seconds for rstp), a
 * port's cost and priority in struct brkit_port_opts (the engine's ranges
 * for rstp: cost 1..200000000, priority 0..240 in steps of 16). */
enum brkit_lab_rstp_bridge {
	BRKIT_LAB_RSTP_FORCE_VERSION = 1u << 0, /* force_version: stp|rstp */
	BRKIT_LAB_RSTP_TX_HOLD_COUNT = 1u << 1, /* tx_hold_count: 1..10 */
};
enum brkit_lab_rstp_port {
	BRKIT_LAB_RSTP_EDGE = 1u << 0, /* edge: admin edge port */
	BRKIT_LAB_RSTP_AUTOEDGE = 1u << 1,
	BRKIT_LAB_RSTP_P2P = 1u << 2, /* p2p: on|off|auto (rstp_p2p) */
	BRKIT_LAB_RSTP_BPDUGUARD = 1u << 3,
	BRKIT_LAB_RSTP_BPDUFILTER = 1u << 4,
	BRKIT_LAB_RSTP_ROOTGUARD = 1u << 5,
	BRKIT_LAB_RSTP_RESTRTCN = 1u << 6, /* restricted TCN (the TCN guard) */
};
enum brkit_lab_p2p { BRKIT_LAB_P2P_AUTO, BRKIT_LAB_P2P_ON, BRKIT_LAB_P2P_OFF };

/* One interface of a node (an end of a link): port options on a bridge node,
 * addresses on a host. */
struct brkit_lab_iface {
	char ifname[IFNAMSIZ];
	struct brkit_port_opts port; /* bridge nodes */
	bool has_vlans;
	struct brkit_vlan_set vlans;
	unsigned int pvid; /* 0: none */
	size_t naddr;
	struct brkit_lab_addr addr[BRKIT_LAB_MAXADDR];
	unsigned int line, column; /* where the file names it */
	uint32_t rstp_mask; /* enum brkit_lab_rstp_port: given */
	uint32_t rstp_flags; /* their on/off values (P2P: rstp_p2p) */
	uint32_t rstp_p2p; /* enum brkit_lab_p2p */
	uint32_t rstp_pad;
	uint32_t vni; /* hypervisor nodes: the VNI whose bridge this port is in, 0: none */
	uint32_t vni_pad;
	uint8_t mac[6]; /* mac: the interface's MAC address, when has_mac */
	bool has_mac;
	uint8_t mac_pad;
	/* (the struct's reserved tail is used up: it grows no more) */
};

/* FRR's daemons, by bit of struct brkit_lab_frr's daemons; zebra always runs. */
enum brkit_lab_frr_daemon {
	BRKIT_LAB_FRR_ZEBRA,
	BRKIT_LAB_FRR_BGPD,
	BRKIT_LAB_FRR_STATICD,
	BRKIT_LAB_FRR_OSPFD,
	BRKIT_LAB_FRR_OSPF6D,
	BRKIT_LAB_FRR_ISISD,
	BRKIT_LAB_FRR_RIPD,
	BRKIT_LAB_FRR_RIPNGD,
	BRKIT_LAB_FRR_PIMD,
	BRKIT_LAB_FRR_LDPD,
	BRKIT_LAB_FRR_NHRPD,
	BRKIT_LAB_FRR_EIGRPD,
	BRKIT_LAB_FRR_BABELD,
	BRKIT_LAB_FRR_PBRD,
	BRKIT_LAB_FRR_BFDD,
	BRKIT_LAB_FRR_FABRICD,
	BRKIT_LAB_FRR_VRRPD,
	BRKIT_LAB_FRR_PATHD,
	BRKIT_LAB_FRR_COUNT
};
/* The daemon's program name ("bgpd"), NULL past the end. */
const char *brkit_lab_frr_daemon_name(unsigned int d);

/* A node's FRR (frr: in the file): its daemons, run in the node's namespace
 * with their own pathspace, files under brkit_lab_frr_dir(). */
struct brkit_lab_frr {
	uint32_t daemons; /* bits of enum brkit_lab_frr_daemon, zebra's always set */
	char *config; /* config: the frr.conf text, NULL with config_file */
	char config_file[512]; /* config-file: as resolved against the lab file's folder */
	unsigned int config_line; /* the lab file's line of config's first line */
	unsigned int line, column; /* where frr: is */
	uint64_t reserved[4];
};

/* A hypervisor's VNI (vnis: {VNI: {vlan: N}}). */
struct brkit_lab_vni {
	uint32_t vni; /* 1..16777215 */
	uint16_t vlan; /* the VMs' VLAN id for it, 0: none */
	uint16_t pad;
	unsigned int line, column;
	uint64_t reserved[2];
};

/* One command of a node's exec: list. */
struct brkit_lab_cmd {
	char *cmd; /* a shell command line, run as /bin/sh -c CMD */
	unsigned int line, column; /* where the file gives it */
	uint64_t reserved[2];
};

#define BRKIT_LAB_EXEC_TIMEOUT_MS 60000 /* each command's, without exec_timeout: */
#define BRKIT_LAB_EXEC_TIMEOUT_MAX_MS 3600000

/* A node's exec: commands and their env: (any kind of node). After the lab is
 * made (FRR included), brkit_lab_up*() runs each node's commands, nodes in
 * file order, each node's in order: /bin/sh -c CMD in the node's namespace
 * (with a /sys of it, as `brkit lab exec`), in the lab file's folder, stdin
 * /dev/null, with the caller's environment plus BRKIT_LAB, BRKIT_NODE and
 * BRKIT_NETNS, then @env. A command that exits non-zero, is killed by a
 * signal, or runs past @timeout_ms (its process group is killed) fails the up
 * (and everything is removed): err->msg has its exit status and the end of
 * its output (stdout and stderr), err->line the command's. */
struct brkit_lab_exec {
	size_t ncmds;
	struct brkit_lab_cmd *cmds;
	size_t nenv;
	char **env; /* "NAME=VALUE": defaults' env: merged under the node's own */
	uint32_t timeout_ms; /* exec_timeout:, else BRKIT_LAB_EXEC_TIMEOUT_MS */
	unsigned int line, column; /* where exec: is (env: when there is no exec:) */
	uint64_t reserved[4];
};

/* What a node has beyond its links: loopbacks, VNIs and FRR (host, router or
 * hypervisor nodes), exec: and env: (any node). */
/* A bridge node's per-VLAN multicast options (vlan_multicast: VID or
 * VID-VID: {mcast_snooping, mcast_querier, mcast_igmp_version,
 * mcast_mld_version}), set with brkit_vlan_global_set once its ports'
 * VLANs are: the bridge needs vlan_filtering and mcast_vlan_snooping. */
struct brkit_lab_vlan_mcast {
	unsigned int lo, hi;
	struct brkit_vlan_global_opts opts;
	unsigned int line, column;
	uint64_t reserved[2];
};

struct brkit_lab_node_ext {
	size_t nloopbacks;
	struct brkit_lab_addr loopback[BRKIT_LAB_MAXADDR]; /* on lo */
	bool has_vtep;
	struct brkit_lab_addr vtep; /* hypervisor: the VXLAN devices' local address */
	unsigned int vtep_line, vtep_column;
	size_t nvnis;
	struct brkit_lab_vni *vnis;
	struct brkit_lab_frr *frr; /* NULL: no FRR */
	union {
		struct brkit_lab_exec *exec; /* NULL: no exec: or env: */
		uint64_t exec_pad;
	};
	/* bridge: per-VLAN multicast options (vlan_multicast:), nvlan_mcast of them */
	union {
		struct brkit_lab_vlan_mcast *vlan_mcast;
		uint64_t vlan_mcast_pad;
	};
	union {
		size_t nvlan_mcast;
		uint64_t nvlan_mcast_pad;
	};
	uint64_t reserved[1];
};

struct brkit_lab_node {
	char name[BRKIT_LAB_NAMELEN];
	enum brkit_lab_kind kind;
	enum brkit_lab_stp stp;
	struct brkit_bridge_opts br; /* bridge nodes; stp_state follows @stp */
	bool has_gateway;
	struct brkit_lab_addr gateway; /* host: default route (prefix unused) */
	size_t nifaces;
	struct brkit_lab_iface *ifaces; /* in the order the links name them */
	unsigned int line, column;
	uint32_t rstp_mask; /* enum brkit_lab_rstp_bridge: given */
	uint8_t force_version; /* 0: stp, 2: rstp */
	uint8_t tx_hold_count;
	uint16_t rstp_pad;
	union {
		struct brkit_lab_node_ext *ext; /* loopbacks, VNIs, FRR; NULL: none */
		uint64_t ext_pad;
	};
	uint64_t reserved[2]; /* grows here (see brkit.h) */
};

struct brkit_lab_end {
	size_t node; /* index in nodes[] */
	size_t iface; /* index in nodes[node].ifaces[] */
};

struct brkit_lab_link {
	struct brkit_lab_end end[2];
	unsigned int mtu; /* 0: the kernel's default */
	uint32_t delay_us, jitter_us; /* netem, each direction */
	uint32_t loss; /* netem probability, 0..UINT32_MAX (= 100%) */
	uint64_t rate; /* bytes per second, 0: unlimited */
	unsigned int line, column;
	uint32_t vni; /* vni: or vlan: as given (the hypervisor end's iface has the VNI) */
	uint16_t vlan;
	uint16_t vni_pad;
	uint64_t reserved[3]; /* grows here (see brkit.h) */
};

struct brkit_lab {
	char name[BRKIT_LAB_NAMELEN];
	char file[256];
	size_t nnodes, nlinks;
	struct brkit_lab_node *nodes;
	struct brkit_lab_link *links;
	uint64_t reserved[4]; /* grows here (see brkit.h) */
};

/* Parse a topology from @text (@len bytes; @file names it in messages) or
 * from the file @path. Pure (the loader reads the file, nothing else).
 * Returns 0 or -EINVAL (bad input, *err says where and why), -ENOMEM, or
 * -errno reading @path. */
int brkit_lab_parse(const char *text, size_t len, const char *file, struct brkit_lab **labp,
		    struct brkit_lab_error *err);
int brkit_lab_load(const char *path, struct brkit_lab **labp, struct brkit_lab_error *err);
void brkit_lab_free(struct brkit_lab *lab);
/* Node index by name, -1 when absent. */
int brkit_lab_node_find(const struct brkit_lab *lab, const char *name);
/* "LAB-NODE" into @buf; -EINVAL (with *why) when it is not a valid name. Pure. */
int brkit_lab_netns_name(char *buf, size_t len, const char *lab, const char *node,
			 const char **why);
/* Lab and node names: 1..63 of [A-Za-z0-9_.-], not starting with '.' or '-'. Pure. */
int brkit_lab_name_check(const char *name, const char **why);

/* Bring up the topology of file @path under lab name @name (NULL: the file's
 * own). All or nothing. Returns 0, -EINVAL for a bad file (nothing made),
 * -EEXIST when the lab is already up, or the failing step's -errno after
 * removing everything it made (err->msg names the step): -ECHILD when an
 * exec: command failed, -ETIMEDOUT when one ran past its exec_timeout (see
 * struct brkit_lab_exec). */
int brkit_lab_up(const char *path, const char *name, struct brkit_lab_error *err);
/* The same from a parsed topology (its name, or @name when non-NULL). */
int brkit_lab_up_parsed(const struct brkit_lab *lab, const char *name, struct brkit_lab_error *err);
/* The same, with @stpd the path of the brkit-stpd binary that runs the
 * bridges of nodes with stp: rstp (one `brkit-stpd -f -n LAB-NODE` each,
 * its pid in the intent log before it is used, stopped by down), handing
 * each daemon the node's STP settings (the bridge's priority and timers in
 * whole seconds, force version, TxHoldCount; each port's cost, priority,
 * edge, p2p and guards). With
 * @stpd NULL, such nodes are refused (-ENOENT). */
int brkit_lab_up_stpd(const struct brkit_lab *lab, const char *name, const char *stpd,
		      struct brkit_lab_error *err);
/* Remove everything lab @name's intent log names, then the log: its daemons,
 * then every process still in its namespaces (SIGTERM, up to 2 s, then
 * SIGKILL: ones an exec: command left running), then the namespaces.
 * -ENOENT when no such lab is up. */
int brkit_lab_down(const char *name, struct brkit_lab_error *err);

/* The topology a running lab was brought up with (a copy kept beside its
 * intent log, so later edits of the file do not matter); *complete says
 * whether up finished. */
int brkit_lab_state(const char *name, struct brkit_lab **labp, bool *complete,
		    struct brkit_lab_error *err);
/* The names of the labs with an intent log, sorted; free with brkit_lab_names_free. */
int brkit_lab_names(char ***namesp, size_t *np);
void brkit_lab_names_free(char **names, size_t n);

/* Where FRR is, for this process: the daemons' folder (NULL or "": Debian's
 * /usr/lib/frr) and vtysh (NULL or "": /usr/bin/vtysh). 0 or -ENAMETOOLONG.
 * (The brkit command takes them from $BRKIT_FRR_DIR and $BRKIT_VTYSH.) */
int brkit_lab_frr_paths(const char *bindir, const char *vtysh);
/* FRR for the nodes that run it (see brkit_lab_frr_paths). Check that FRR is
 * installed with every daemon the lab names and that vtysh's dry run (-C)
 * takes each node's configuration (reading config-file: files). 0, -ENOENT
 * (FRR or a file is missing) or -EINVAL (FRR refuses a configuration: *err
 * has FRR's message at the file and line it names). The dry runs of all
 * nodes run at once (about 0.1 s). brkit_lab_up*() check only that FRR and
 * the daemons are installed: call this first (the brkit command does) to
 * refuse a configuration before anything is made. */
int brkit_lab_frr_check(const struct brkit_lab *lab, struct brkit_lab_error *err);
/* The run folder of node @node's FRR in lab @lab: its pid files, vty sockets
 * (vtysh --vty_socket DIR), zserv socket, frr.conf and logs. */
int brkit_lab_frr_dir(char *buf, size_t len, const char *lab, const char *node);

/* A handle in node @node's namespace of running lab @lab (brkit_open on
 * "LAB-NODE"); -ENOENT when there is no such namespace. */
int brkit_lab_open(struct brkit **hp, const char *lab, const char *node);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual networks as libvirt makes them (NAT, routed, isolated) for hosts
 * that run QEMU without libvirt: a bridge with an address, dnsmasq for DHCP
 * and DNS, one nftables table for NAT and filtering, IPv4 forwarding when a
 * mode needs it. `brkit net add|del|show|list|host|import`. Internal to the
 * brkit binary, like evpn/: not part of libbrkit's ABI.
 *
 * State: NET_STATE_DIR for the initial network namespace, NET_STATE_DIR/
 * net-INODE for another; in it a directory per network (root's, 0755) with
 *   state          what `add` did, key=value lines (net_state_format); written
 *                  before each step, so `del` undoes a crashed `add` too
 *   dnsmasq.conf   the configuration brkit wrote
 *   dnsmasq.pid    dnsmasq's pid file
 *   leases         dnsmasq's lease file
 *   hosts          static leases, dnsmasq's dhcp-hostsfile ("MAC,IP[,NAME]")
 * and, beside the networks, ip_forward.orig / ip6_forward.orig while brkit
 * holds a forwarding sysctl on that it found off (content: the old value).
 *
 * The pure parts (spec, state, configuration texts, lease file) do no system
 * calls and are unit tested in tests/unit/test_net.c.
 */
#ifndef BRKIT_NET_NET_H
#define BRKIT_NET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>

#define NET_STATE_DIR "/run/brkit/net"
#define NET_NAMELEN 32 /* a network's name: [A-Za-z0-9_.-], first alnum, < 32 */
#define NET_DOMAINLEN 64
#define NET_HOSTNAMELEN 64
#define NET_MAXHOSTS 256 /* static leases a spec (import) carries */
#define NET_WHYLEN 1024
#define NET_PATHLEN 512 /* NET_ROOTLEN + a name + a file */
#define NET_TABLE_PREFIX "brkit-" /* nftables: table inet brkit-NAME */

enum net_mode { NET_MODE_NONE = 0, NET_MODE_NAT, NET_MODE_ROUTED, NET_MODE_ISOLATED };

struct net_host {
	uint8_t mac[6];
	struct in_addr ip;
	char name[NET_HOSTNAMELEN]; /* "" none */
};

/* What `brkit net add NAME ...` asks for (also what import reads). */
struct net_spec {
	char name[NET_NAMELEN];
	enum net_mode mode;
	char bridge[IFNAMSIZ]; /* "" until net_spec_check picks "brk-NAME" */
	struct in_addr addr; /* the bridge's (gateway's) address ... */
	unsigned int prefix; /* ... and the subnet's length, 8..30 */
	bool has_dhcp;
	struct in_addr dhcp_first, dhcp_last;
	bool dns; /* default on */
	char domain[NET_DOMAINLEN]; /* "" none */
	char uplink[IFNAMSIZ]; /* "" any other interface */
	unsigned int mtu; /* 0 the kernel's default */
	bool has_ipv6;
	struct in6_addr addr6;
	unsigned int prefix6; /* 64 for SLAAC (router advertisements) */
	size_t nhosts;
	struct net_host hosts[NET_MAXHOSTS];
};

const char *net_mode_name(enum net_mode m);
/* A network name: 0, or -EINVAL with @why. Pure. */
int net_name_check(const char *name, char *why, size_t whylen);
/* Parse the words after NAME of `net add NAME ...` into @s (s->name set by
 * the caller). A repeated keyword is refused, naming it. Returns 0, or
 * -EINVAL with @why. Pure. */
int net_spec_parse(struct net_spec *s, int argc, char **argv, char *why, size_t whylen);
/* Check a whole spec (parsed or imported): mode and address given, the
 * address a host of its subnet, the DHCP range inside the subnet and not
 * holding the address, static hosts inside the subnet, off the address and
 * each other. Picks the default bridge name. 0 or -EINVAL with @why. Pure. */
int net_spec_check(struct net_spec *s, char *why, size_t whylen);
/* The spec as canonical words ("mode nat address 192.0.2.1/24 ..."), hosts
 * not included. Returns the length snprintf would. Pure. */
size_t net_spec_format(const struct net_spec *s, char *buf, size_t len);
/* The subnet's network address (host order) and mask. Pure. */
uint32_t net_mask(unsigned int prefix);
/* Whether two IPv4 prefixes overlap. Pure. */
bool net_overlap(struct in_addr a, unsigned int alen, struct in_addr b, unsigned int blen);

/* ---- what add did ---- */
struct net_state {
	char name[NET_NAMELEN];
	char spec[1024]; /* net_spec_format's words */
	char bridge[IFNAMSIZ];
	bool made_bridge; /* add created it: del removes it */
	bool addr_added, addr6_added; /* add put the address there (adopted bridge) */
	bool table; /* the nftables table may exist */
	bool dnsmasq; /* dnsmasq may run */
	bool complete; /* add finished */
};
size_t net_state_format(const struct net_state *st, char *buf, size_t len);
/* 0, or -EINVAL with @why (a bad line: its number). Unknown keys are refused. Pure. */
int net_state_parse(char *text, struct net_state *st, char *why, size_t whylen);

/* ---- generated texts ---- */
/* The nftables script that creates the network's table (flushing only that
 * table first), for libnftables. Returns the length snprintf would. Pure. */
size_t net_nft_script(const struct net_spec *s, char *buf, size_t len);
/* dnsmasq's configuration; @dir is the network's state directory. Pure. */
size_t net_dnsmasq_conf(const struct net_spec *s, const char *dir, char *buf, size_t len);
/* One dhcp-hostsfile line ("52:54:00:00:00:01,192.0.2.10,vm1\n"). Pure. */
size_t net_host_line(const struct net_host *hst, char *buf, size_t len);
/* The words of `net host add NAME mac MAC ip IP [name HOST]` after NAME. Pure. */
int net_host_parse(struct net_host *h, int argc, char **argv, char *why, size_t whylen);
/* Parse a hosts file (the lines net_host_line writes) into @s's hosts. Pure. */
int net_hosts_parse(char *text, struct net_spec *s, char *why, size_t whylen);

/* ---- dnsmasq's lease file: "EXPIRY MAC IP HOSTNAME CLIENTID" lines ---- */
struct net_lease {
	long long expiry; /* epoch seconds, 0 infinite */
	uint8_t mac[6];
	char ip[INET6_ADDRSTRLEN];
	char hostname[NET_HOSTNAMELEN]; /* "" when dnsmasq wrote '*' */
};
/* Call @cb for each lease line; lines that do not parse are skipped (dnsmasq
 * also writes "duid ..." lines). Pure. */
int net_leases_parse(char *text, int (*cb)(const struct net_lease *l, void *arg), void *arg);

/* ---- libvirt's network XML (net import) ---- */
/* Read a libvirt <network> definition into @s (name from <name>, bridge from
 * <bridge name>, mode from <forward mode='nat|route'> or none = isolated,
 * the first IPv4 <ip address netmask|prefix> with its <dhcp><range> and
 * <host>s, an IPv6 <ip family='ipv6'>, <domain name>, <mtu size>,
 * <forward dev>). Returns 0, or -EINVAL / -ENOTSUP with @why naming the
 * element. libxml2 is dlopen()ed. */
int net_xml_parse(const char *xml, size_t len, struct net_spec *s, char *why, size_t whylen);

#endif

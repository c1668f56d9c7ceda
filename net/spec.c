// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit net: the pure parts (spec, state file, dnsmasq and nftables texts,
 * lease file). No system calls. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net/net.h"

static int whyf(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int whyf(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

const char *net_mode_name(enum net_mode m)
{
	switch (m) {
	case NET_MODE_NAT:
		return "nat";
	case NET_MODE_ROUTED:
		return "routed";
	case NET_MODE_ISOLATED:
		return "isolated";
	default:
		return "none";
	}
}

int net_name_check(const char *name, char *why, size_t whylen)
{
	size_t i, n = strlen(name);

	if (!n)
		return whyf(why, whylen, "network name is empty");
	if (n >= NET_NAMELEN)
		return whyf(why, whylen, "network name '%s': longer than %d characters", name,
			    NET_NAMELEN - 1);
	if (!isalnum((unsigned char)name[0]))
		return whyf(why, whylen, "network name '%s': must start with a letter or a digit",
			    name);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i]))
			return whyf(why, whylen,
				    "network name '%s': only letters, digits, '_', '.' and '-'",
				    name);
	return 0;
}

uint32_t net_mask(unsigned int prefix)
{
	return prefix ? 0xffffffffu << (32 - prefix) : 0;
}

bool net_overlap(struct in_addr a, unsigned int alen, struct in_addr b, unsigned int blen)
{
	uint32_t m = net_mask(alen < blen ? alen : blen);

	return (ntohl(a.s_addr) & m) == (ntohl(b.s_addr) & m);
}

static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* "ADDRESS/N" of @family (AF_INET: 192.0.2.1/24, AF_INET6: 2001:db8::1/64)
 * into @a (a struct in_addr or in6_addr). */
static int parse_cidr(int family, const char *s, void *a, unsigned int *prefix)
{
	char buf[64];
	char *slash;
	unsigned long n;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash)
		return -EINVAL;
	*slash = 0;
	if (inet_pton(family, buf, a) != 1 ||
	    parse_uint(slash + 1, 0, family == AF_INET ? 32 : 128, &n))
		return -EINVAL;
	*prefix = (unsigned int)n;
	return 0;
}

static int check_ifname(const char *what, const char *v, char *out, char *why, size_t whylen)
{
	size_t i, n = strlen(v);

	if (!n || n >= IFNAMSIZ)
		return whyf(why, whylen, "%s '%s': an interface name is 1 to %d characters", what,
			    v, IFNAMSIZ - 1);
	for (i = 0; i < n; i++)
		if (v[i] == '/' || v[i] == ':' || isspace((unsigned char)v[i]) ||
		    !isprint((unsigned char)v[i]))
			return whyf(why, whylen, "%s '%s': not a valid interface name", what, v);
	if (!strcmp(v, ".") || !strcmp(v, ".."))
		return whyf(why, whylen, "%s '%s': not a valid interface name", what, v);
	/* The kernel takes these, but '%' makes the name a template it fills in
	 * ("br%d" becomes br0), and the others would change the texts brkit
	 * writes: a string in the nftables script ('"', '\'), dnsmasq's
	 * interface= list (',') or a comment ('#'). */
	if (strpbrk(v, "%\"\\,#"))
		return whyf(why, whylen,
			    "%s '%s': brkit net takes no '%%', '\"', '\\', ',' or '#' in an "
			    "interface name",
			    what, v);
	strcpy(out, v);
	return 0;
}

/* A DNS domain: labels of letters, digits and '-', dot separated. */
static int check_domain(const char *v, char *why, size_t whylen)
{
	size_t i, n = strlen(v), label = 0;

	if (!n || n >= NET_DOMAINLEN)
		return whyf(why, whylen, "domain '%s': 1 to %d characters", v, NET_DOMAINLEN - 1);
	for (i = 0; i < n; i++) {
		if (v[i] == '.') {
			if (!label)
				return whyf(why, whylen, "domain '%s': an empty label", v);
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)v[i]) && v[i] != '-')
			return whyf(why, whylen, "domain '%s': only letters, digits, '-' and dots",
				    v);
		if (++label > 63)
			return whyf(why, whylen, "domain '%s': a label over 63 characters", v);
	}
	if (!label)
		return whyf(why, whylen, "domain '%s': an empty label", v);
	return 0;
}

/* A host name as DHCP gives it: one label. */
static int check_hostname(const char *v, char *why, size_t whylen)
{
	size_t i, n = strlen(v);

	if (!n || n > 63)
		return whyf(why, whylen, "host name '%s': 1 to 63 characters", v);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)v[i]) && v[i] != '-')
			return whyf(why, whylen, "host name '%s': only letters, digits and '-'", v);
	if (v[0] == '-')
		return whyf(why, whylen, "host name '%s': starts with '-'", v);
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;
	int i;

	if (strlen(s) != 17 || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
				      &b[4], &b[5], &end) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[i * 3]) || !isxdigit((unsigned char)s[i * 3 + 1]))
			return -EINVAL;
		mac[i] = (uint8_t)b[i];
	}
	return 0;
}

static const char *const keys[] = { "mode",   "address", "dhcp", "dns",	 "domain",
				    "uplink", "bridge",	 "mtu",	 "ipv6", NULL };

int net_spec_parse(struct net_spec *s, int argc, char **argv, char *why, size_t whylen)
{
	bool seen[16] = { 0 };
	int i, k;

	s->dns = true;
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long n;

		for (k = 0; keys[k] && strcmp(keys[k], key); k++)
			;
		if (!keys[k])
			return whyf(why, whylen,
				    "'%s': not a keyword of net add (mode, address, dhcp, dns, "
				    "domain, uplink, bridge, mtu, ipv6)",
				    key);
		if (seen[k])
			return whyf(why, whylen, "'%s' given twice", key);
		seen[k] = true;
		if (!v)
			return whyf(why, whylen, "'%s' needs a value", key);
		if (!strcmp(key, "mode")) {
			if (!strcmp(v, "nat"))
				s->mode = NET_MODE_NAT;
			else if (!strcmp(v, "routed") || !strcmp(v, "route"))
				s->mode = NET_MODE_ROUTED;
			else if (!strcmp(v, "isolated"))
				s->mode = NET_MODE_ISOLATED;
			else
				return whyf(why, whylen,
					    "mode '%s': not a mode (nat, routed or isolated)", v);
		} else if (!strcmp(key, "address")) {
			if (parse_cidr(AF_INET, v, &s->addr, &s->prefix))
				return whyf(why, whylen,
					    "address '%s': not an IPv4 address with a prefix "
					    "length (192.0.2.1/24)",
					    v);
		} else if (!strcmp(key, "dhcp")) {
			char buf[40], *dash;

			if (strlen(v) >= sizeof(buf) || !(dash = strchr(strcpy(buf, v), '-')))
				return whyf(
					why, whylen,
					"dhcp '%s': not a range FIRST-LAST (192.0.2.10-192.0.2.99)",
					v);
			*dash = 0;
			if (inet_pton(AF_INET, buf, &s->dhcp_first) != 1 ||
			    inet_pton(AF_INET, dash + 1, &s->dhcp_last) != 1)
				return whyf(
					why, whylen,
					"dhcp '%s': not a range of two IPv4 addresses FIRST-LAST",
					v);
			s->has_dhcp = true;
		} else if (!strcmp(key, "dns")) {
			if (!strcmp(v, "on"))
				s->dns = true;
			else if (!strcmp(v, "off"))
				s->dns = false;
			else
				return whyf(why, whylen, "dns '%s': on or off", v);
		} else if (!strcmp(key, "domain")) {
			if (check_domain(v, why, whylen))
				return -EINVAL;
			strcpy(s->domain, v);
		} else if (!strcmp(key, "uplink")) {
			if (check_ifname("uplink", v, s->uplink, why, whylen))
				return -EINVAL;
		} else if (!strcmp(key, "bridge")) {
			if (check_ifname("bridge", v, s->bridge, why, whylen))
				return -EINVAL;
		} else if (!strcmp(key, "mtu")) {
			if (parse_uint(v, 68, 65535, &n))
				return whyf(why, whylen, "mtu '%s': not a number from 68 to 65535",
					    v);
			s->mtu = (unsigned int)n;
		} else if (!strcmp(key, "ipv6")) {
			if (parse_cidr(AF_INET6, v, &s->addr6, &s->prefix6))
				return whyf(why, whylen,
					    "ipv6 '%s': not an IPv6 address with a prefix length "
					    "(2001:db8:1::1/64)",
					    v);
			s->has_ipv6 = true;
		}
	}
	return 0;
}

static bool in_subnet(struct in_addr a, const struct net_spec *s)
{
	return net_overlap(a, 32, s->addr, s->prefix);
}

/* The address is neither the subnet's network nor its broadcast address. */
static bool is_host(uint32_t a, unsigned int prefix)
{
	uint32_t m = net_mask(prefix);

	return prefix >= 31 || ((a & ~m) != 0 && (a & ~m) != ~m);
}

int net_spec_check(struct net_spec *s, char *why, size_t whylen)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], c[INET_ADDRSTRLEN], br[IFNAMSIZ + 4];
	uint32_t addr = ntohl(s->addr.s_addr);
	size_t i, j;

	if (!s->mode)
		return whyf(why, whylen, "network %s: no mode (mode nat|routed|isolated)", s->name);
	if (!s->prefix && !s->addr.s_addr)
		return whyf(why, whylen, "network %s: no address (address 192.0.2.1/24)", s->name);
	inet_ntop(AF_INET, &s->addr, a, sizeof(a));
	if (s->prefix < 8 || s->prefix > 30)
		return whyf(why, whylen,
			    "network %s: address %s/%u: the prefix length must be 8 to 30", s->name,
			    a, s->prefix);
	if (!is_host(addr, s->prefix))
		return whyf(why, whylen,
			    "network %s: address %s/%u is the subnet's network or broadcast "
			    "address, not a host's",
			    s->name, a, s->prefix);
	if ((addr >> 24) == 127 || (addr >> 28) >= 14)
		return whyf(why, whylen,
			    "network %s: address %s: a loopback, multicast or reserved address",
			    s->name, a);
	if (s->has_dhcp) {
		inet_ntop(AF_INET, &s->dhcp_first, b, sizeof(b));
		inet_ntop(AF_INET, &s->dhcp_last, c, sizeof(c));
		if (!in_subnet(s->dhcp_first, s) || !in_subnet(s->dhcp_last, s) ||
		    !is_host(ntohl(s->dhcp_first.s_addr), s->prefix) ||
		    !is_host(ntohl(s->dhcp_last.s_addr), s->prefix))
			return whyf(why, whylen,
				    "network %s: dhcp range %s-%s is not inside the subnet of "
				    "%s/%u (or holds its network or broadcast address)",
				    s->name, b, c, a, s->prefix);
		if (ntohl(s->dhcp_first.s_addr) > ntohl(s->dhcp_last.s_addr))
			return whyf(why, whylen,
				    "network %s: dhcp range %s-%s: the first address is after "
				    "the last",
				    s->name, b, c);
		if (addr >= ntohl(s->dhcp_first.s_addr) && addr <= ntohl(s->dhcp_last.s_addr))
			return whyf(
				why, whylen,
				"network %s: dhcp range %s-%s holds the bridge's own address %s",
				s->name, b, c, a);
	}
	if (s->has_ipv6 && (s->prefix6 < 8 || s->prefix6 > 127))
		return whyf(why, whylen, "network %s: ipv6: the prefix length must be 8 to 127",
			    s->name);
	if (s->has_ipv6 && (IN6_IS_ADDR_UNSPECIFIED(&s->addr6) || IN6_IS_ADDR_LOOPBACK(&s->addr6) ||
			    IN6_IS_ADDR_MULTICAST(&s->addr6) || IN6_IS_ADDR_LINKLOCAL(&s->addr6) ||
			    IN6_IS_ADDR_V4MAPPED(&s->addr6))) {
		char a6[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &s->addr6, a6, sizeof(a6));
		return whyf(why, whylen,
			    "network %s: ipv6 %s: an unspecified, loopback, multicast, link-local "
			    "or IPv4-mapped address",
			    s->name, a6);
	}
	if (s->domain[0] && !s->dns)
		return whyf(why, whylen, "network %s: domain %s needs dns on", s->name, s->domain);
	if (s->uplink[0] && s->mode != NET_MODE_NAT && s->mode != NET_MODE_ROUTED)
		return whyf(why, whylen,
			    "network %s: uplink %s: an isolated network forwards nowhere", s->name,
			    s->uplink);
	for (i = 0; i < s->nhosts; i++) {
		const struct net_host *h = &s->hosts[i];

		inet_ntop(AF_INET, &h->ip, b, sizeof(b));
		if (!in_subnet(h->ip, s) || !is_host(ntohl(h->ip.s_addr), s->prefix) ||
		    h->ip.s_addr == s->addr.s_addr)
			return whyf(why, whylen,
				    "network %s: host %s: not a free address of the subnet %s/%u",
				    s->name, b, a, s->prefix);
		for (j = 0; j < i; j++) {
			if (!memcmp(s->hosts[j].mac, h->mac, 6))
				return whyf(why, whylen,
					    "network %s: host %s: its MAC is given twice", s->name,
					    b);
			if (s->hosts[j].ip.s_addr == h->ip.s_addr)
				return whyf(why, whylen, "network %s: host %s: given twice",
					    s->name, b);
		}
	}
	if (!s->bridge[0] && strlen(s->name) + 4 >= IFNAMSIZ)
		return whyf(why, whylen,
			    "network %s: the name is too long for the default bridge name "
			    "brk-%s: give one (bridge BR)",
			    s->name, s->name);
	/* against the default name too: "uplink brk-NAME" is the network's bridge */
	snprintf(br, sizeof(br), "%s%s", s->bridge[0] ? "" : "brk-",
		 s->bridge[0] ? s->bridge : s->name);
	if (s->uplink[0] && !strcmp(s->uplink, br))
		return whyf(why, whylen, "network %s: uplink %s is the network's own bridge",
			    s->name, s->uplink);
	strcpy(s->bridge, br);
	return 0;
}

#define APPEND(...)                                                                               \
	do {                                                                                      \
		int n_ = snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, __VA_ARGS__); \
		if (n_ > 0)                                                                       \
			n += (size_t)n_;                                                          \
	} while (0)

size_t net_spec_format(const struct net_spec *s, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	size_t n = 0;

	if (len)
		buf[0] = 0;
	inet_ntop(AF_INET, &s->addr, a, sizeof(a));
	APPEND("mode %s address %s/%u", net_mode_name(s->mode), a, s->prefix);
	if (s->has_dhcp) {
		inet_ntop(AF_INET, &s->dhcp_first, a, sizeof(a));
		inet_ntop(AF_INET, &s->dhcp_last, b, sizeof(b));
		APPEND(" dhcp %s-%s", a, b);
	}
	APPEND(" dns %s", s->dns ? "on" : "off");
	if (s->domain[0])
		APPEND(" domain %s", s->domain);
	if (s->uplink[0])
		APPEND(" uplink %s", s->uplink);
	if (s->bridge[0])
		APPEND(" bridge %s", s->bridge);
	if (s->mtu)
		APPEND(" mtu %u", s->mtu);
	if (s->has_ipv6) {
		inet_ntop(AF_INET6, &s->addr6, a, sizeof(a));
		APPEND(" ipv6 %s/%u", a, s->prefix6);
	}
	return n;
}

size_t net_state_format(const struct net_state *st, char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = 0;
	APPEND("name=%s\nspec=%s\nbridge=%s\nmade_bridge=%d\naddr_added=%d\naddr6_added=%d\n"
	       "table=%d\ndnsmasq=%d\ncomplete=%d\n",
	       st->name, st->spec, st->bridge, st->made_bridge, st->addr_added, st->addr6_added,
	       st->table, st->dnsmasq, st->complete);
	return n;
}

static int state_bool(const char *v, bool *out)
{
	if (!strcmp(v, "0") || !strcmp(v, "1")) {
		*out = *v == '1';
		return 0;
	}
	return -EINVAL;
}

int net_state_parse(char *text, struct net_state *st, char *why, size_t whylen)
{
	unsigned int lineno = 0;
	char *line, *save = NULL, *eq;

	memset(st, 0, sizeof(*st));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *k = line, *v;
		int err = 0;

		lineno++;
		eq = strchr(line, '=');
		if (!eq)
			return whyf(why, whylen, "line %u: not key=value", lineno);
		*eq = 0;
		v = eq + 1;
		if (!strcmp(k, "name")) {
			if (net_name_check(v, NULL, 0))
				err = -EINVAL;
			else
				strcpy(st->name, v);
		} else if (!strcmp(k, "spec")) {
			if (strlen(v) >= sizeof(st->spec))
				err = -EINVAL;
			else
				strcpy(st->spec, v);
		} else if (!strcmp(k, "bridge")) {
			if (!*v || strlen(v) >= IFNAMSIZ || strchr(v, '/'))
				err = -EINVAL;
			else
				strcpy(st->bridge, v);
		} else if (!strcmp(k, "made_bridge")) {
			err = state_bool(v, &st->made_bridge);
		} else if (!strcmp(k, "addr_added")) {
			err = state_bool(v, &st->addr_added);
		} else if (!strcmp(k, "addr6_added")) {
			err = state_bool(v, &st->addr6_added);
		} else if (!strcmp(k, "table")) {
			err = state_bool(v, &st->table);
		} else if (!strcmp(k, "dnsmasq")) {
			err = state_bool(v, &st->dnsmasq);
		} else if (!strcmp(k, "complete")) {
			err = state_bool(v, &st->complete);
		} else {
			return whyf(why, whylen, "line %u: unknown key '%s'", lineno, k);
		}
		if (err)
			return whyf(why, whylen, "line %u: bad value for %s", lineno, k);
	}
	if (!st->name[0] || !st->bridge[0])
		return whyf(why, whylen, "no name or no bridge");
	return 0;
}

size_t net_nft_script(const struct net_spec *s, char *buf, size_t len)
{
	char a[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN], out[IFNAMSIZ + 32];
	struct in_addr net = { .s_addr = htonl(ntohl(s->addr.s_addr) & net_mask(s->prefix)) };
	struct in6_addr net6 = s->addr6;
	const char *br = s->bridge;
	size_t n = 0;
	unsigned int i;

	if (len)
		buf[0] = 0;
	inet_ntop(AF_INET, &net, a, sizeof(a));
	for (i = 0; i < 16; i++) {
		unsigned int bits = s->prefix6 > i * 8 ? s->prefix6 - i * 8 : 0;

		net6.s6_addr[i] &= bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);
	}
	inet_ntop(AF_INET6, &net6, a6, sizeof(a6));
	/* where the network's traffic may go: the uplink, or any interface but its own */
	if (s->uplink[0])
		snprintf(out, sizeof(out), "oifname \"%s\"", s->uplink);
	else
		snprintf(out, sizeof(out), "oifname != \"%s\"", br);
	/* "add table" then "flush table" makes it whether or not it exists, and
	 * touches no other table */
	APPEND("add table inet %s%s\nflush table inet %s%s\n", NET_TABLE_PREFIX, s->name,
	       NET_TABLE_PREFIX, s->name);
	APPEND("table inet %s%s {\n", NET_TABLE_PREFIX, s->name);
	APPEND("\tchain forward {\n\t\ttype filter hook forward priority filter; policy accept;\n");
	/* VM to VM on the bridge: with br_netfilter (bridge-nf-call-iptables)
	 * bridged frames pass this hook with the bridge as both devices */
	APPEND("\t\tiifname \"%s\" oifname \"%s\" accept\n", br, br);
	switch (s->mode) {
	case NET_MODE_NAT:
		APPEND("\t\tiifname \"%s\" ip saddr %s/%u %s accept\n", br, a, s->prefix, out);
		APPEND("\t\toifname \"%s\" ip daddr %s/%u ct state established,related accept\n",
		       br, a, s->prefix);
		if (s->has_ipv6) { /* IPv6 is routed, as libvirt does: no NAT66 */
			APPEND("\t\tiifname \"%s\" ip6 saddr %s/%u %s accept\n", br, a6, s->prefix6,
			       out);
			APPEND("\t\toifname \"%s\" ip6 daddr %s/%u accept\n", br, a6, s->prefix6);
		}
		break;
	case NET_MODE_ROUTED:
		APPEND("\t\tiifname \"%s\" ip saddr %s/%u %s accept\n", br, a, s->prefix, out);
		APPEND("\t\toifname \"%s\" ip daddr %s/%u accept\n", br, a, s->prefix);
		if (s->has_ipv6) {
			APPEND("\t\tiifname \"%s\" ip6 saddr %s/%u %s accept\n", br, a6, s->prefix6,
			       out);
			APPEND("\t\toifname \"%s\" ip6 daddr %s/%u accept\n", br, a6, s->prefix6);
		}
		break;
	default:
		break;
	}
	/* everything else in or out of the bridge is not forwarded */
	APPEND("\t\tiifname \"%s\" drop\n\t\toifname \"%s\" drop\n\t}\n", br, br);
	if (s->mode == NET_MODE_NAT) {
		APPEND("\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; "
		       "policy accept;\n");
		APPEND("\t\tip saddr %s/%u ip daddr != %s/%u %s masquerade\n", a, s->prefix, a,
		       s->prefix, out);
		APPEND("\t}\n");
	}
	APPEND("}\n");
	return n;
}

size_t net_dnsmasq_conf(const struct net_spec *s, const char *dir, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	struct in_addr mask = { .s_addr = htonl(net_mask(s->prefix)) };
	size_t n = 0;

	if (len)
		buf[0] = 0;
	APPEND("# written by brkit net add %s: edits are lost at the next add\n", s->name);
	APPEND("pid-file=%s/dnsmasq.pid\n", dir);
	APPEND("interface=%s\nexcept-interface=lo\nbind-interfaces\n", s->bridge);
	APPEND("strict-order\nno-hosts\n");
	if (!s->dns) {
		APPEND("port=0\n");
	} else {
		APPEND("domain-needed\nbogus-priv\n");
		if (s->domain[0])
			APPEND("domain=%s\nlocal=/%s/\nexpand-hosts\n", s->domain, s->domain);
	}
	if (s->has_dhcp) {
		inet_ntop(AF_INET, &s->dhcp_first, a, sizeof(a));
		inet_ntop(AF_INET, &s->dhcp_last, b, sizeof(b));
		APPEND("dhcp-range=%s,%s,", a, b);
		inet_ntop(AF_INET, &mask, a, sizeof(a));
		APPEND("%s,1h\n", a);
		APPEND("dhcp-no-override\ndhcp-authoritative\n");
		APPEND("dhcp-leasefile=%s/leases\ndhcp-hostsfile=%s/hosts\n", dir, dir);
		if (s->mode == NET_MODE_ISOLATED) /* no router: nothing leaves */
			APPEND("dhcp-option=3\n");
		if (!s->dns)
			APPEND("dhcp-option=6\n");
	}
	if (s->has_ipv6) {
		inet_ntop(AF_INET6, &s->addr6, a, sizeof(a));
		APPEND("enable-ra\ndhcp-range=::,constructor:%s,ra-stateless\n", s->bridge);
	}
	return n;
}

size_t net_host_line(const struct net_host *hst, char *buf, size_t len)
{
	char a[INET_ADDRSTRLEN];
	const uint8_t *m = hst->mac;
	size_t n = 0;

	if (len)
		buf[0] = 0;
	inet_ntop(AF_INET, &hst->ip, a, sizeof(a));
	APPEND("%02x:%02x:%02x:%02x:%02x:%02x,%s", m[0], m[1], m[2], m[3], m[4], m[5], a);
	if (hst->name[0])
		APPEND(",%s", hst->name);
	APPEND("\n");
	return n;
}

int net_hosts_parse(char *text, struct net_spec *s, char *why, size_t whylen)
{
	unsigned int lineno = 0;
	char *line, *save = NULL;

	s->nhosts = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct net_host *h;
		char *f[4], *p = line, *save2 = NULL;
		int nf = 0;

		lineno++;
		if (!*line || *line == '#')
			continue;
		if (s->nhosts >= NET_MAXHOSTS)
			return whyf(why, whylen, "more than %d hosts", NET_MAXHOSTS);
		for (p = strtok_r(line, ",", &save2); p && nf < 4; p = strtok_r(NULL, ",", &save2))
			f[nf++] = p;
		h = &s->hosts[s->nhosts];
		memset(h, 0, sizeof(*h));
		if (nf < 2 || nf > 3 || parse_mac(f[0], h->mac) ||
		    inet_pton(AF_INET, f[1], &h->ip) != 1 ||
		    (nf == 3 && (check_hostname(f[2], NULL, 0) || strlen(f[2]) >= NET_HOSTNAMELEN)))
			return whyf(why, whylen, "line %u: not MAC,IP[,NAME]", lineno);
		if (nf == 3)
			strcpy(h->name, f[2]);
		s->nhosts++;
	}
	return 0;
}

int net_host_parse(struct net_host *h, int argc, char **argv, char *why, size_t whylen)
{
	bool seen[3] = { 0 };
	int i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int idx = !strcmp(k, "mac")    ? 0
			  : !strcmp(k, "ip")   ? 1
			  : !strcmp(k, "name") ? 2
					       : -1;

		if (idx < 0)
			return whyf(why, whylen,
				    "'%s': not a keyword of net host add (mac, ip, name)", k);
		if (seen[idx])
			return whyf(why, whylen, "'%s' given twice", k);
		seen[idx] = true;
		if (!v)
			return whyf(why, whylen, "'%s' needs a value", k);
		if (idx == 0 && (parse_mac(v, h->mac) || (h->mac[0] & 1)))
			return whyf(why, whylen, "mac '%s': not a unicast MAC address", v);
		if (idx == 1 && inet_pton(AF_INET, v, &h->ip) != 1)
			return whyf(why, whylen, "ip '%s': not an IPv4 address", v);
		if (idx == 2) {
			if (check_hostname(v, why, whylen))
				return -EINVAL;
			strcpy(h->name, v);
		}
	}
	if (!seen[0] || !seen[1])
		return whyf(why, whylen, "net host add needs mac MAC and ip IP");
	return 0;
}

/* An IPv4 or IPv6 address in its text form. */
static bool is_ip(const char *s)
{
	struct in6_addr a;

	return inet_pton(AF_INET, s, &a) == 1 || inet_pton(AF_INET6, s, &a) == 1;
}

int net_leases_parse(char *text, int (*cb)(const struct net_lease *l, void *arg), void *arg)
{
	char *line, *save = NULL;
	int err;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char exp[24], mac[24], ip[INET6_ADDRSTRLEN + 1], host[NET_HOSTNAMELEN + 1];
		struct net_lease l;
		char *end;

		memset(&l, 0, sizeof(l));
		if (sscanf(line, "%23s %23s %46s %64s", exp, mac, ip, host) != 4)
			continue;
		l.expiry = strtoll(exp, &end, 10);
		if (*end || parse_mac(mac, l.mac) || strlen(host) >= NET_HOSTNAMELEN ||
		    strlen(ip) >= sizeof(l.ip) || !is_ip(ip))
			continue;
		strcpy(l.ip, ip);
		if (strcmp(host, "*"))
			strcpy(l.hostname, host);
		err = cb(&l, arg);
		if (err)
			return err;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit net import: libvirt's network XML (a <network> definition, as
 * /usr/share/libvirt/networks/default.xml or `virsh net-dumpxml` writes it)
 * to a struct net_spec. libxml2 is dlopen()ed (cli/xmldl.c); the document is
 * parsed with no network access and no entity substitution, and a value that
 * holds an entity reference is refused, so nothing is ever expanded.
 *
 * What brkit net does with each element and attribute (anything not listed
 * is refused, naming it: an import must not drop silently what libvirt
 * would have done):
 *   <network>                    ipv6=, trustGuestRxFilters=, connections=
 *                                accepted and ignored (guests talk IPv6 on the
 *                                bridge anyway; macvtap only; run-time count)
 *   <name>                       the network's name (net_name_check)
 *   <uuid> <title> <description> <metadata>
 *                                ignored (libvirt's bookkeeping)
 *   <bridge name=>               the bridge; stp=, delay= ignored (a bridge
 *                                of VM taps and no uplink has no loop);
 *                                macTableManager='kernel' accepted, 'libvirt'
 *                                and zone= refused
 *   <mac address=>               ignored: the bridge keeps the kernel's MAC
 *   <forward>                    no mode or mode='nat': nat; mode='route':
 *                                routed; no <forward>: isolated; the other
 *                                modes (bridge, private, vepa, passthrough,
 *                                hostdev, open) are refused, naming the mode
 *   <forward dev=>, one <interface dev=>  the uplink
 *   <forward><nat>               accepted with ipv6='no' or none, and with a
 *                                <port start='1024' end='65535'/> (libvirt's
 *                                default, which net-dumpxml writes out);
 *                                other ports, <address> and ipv6='yes' refused
 *   <ip address= netmask=|prefix=>  (family absent or 'ipv4') the bridge's
 *                                address; one only; localPtr= ignored
 *   <ip><dhcp><range start= end=>   the DHCP range; a second range is refused
 *   <ip><dhcp><host mac= ip= [name=]>  static leases
 *   <ip family='ipv6' address= prefix=>  the IPv6 address (prefix 64 when
 *                                absent, as libvirt); its <dhcp> is refused
 *                                (brkit gives IPv6 by router advertisements)
 *   <domain name=>               the DNS domain; localOnly= accepted (brkit
 *                                answers the domain's names itself either
 *                                way), register='yes' refused
 *   <dns enable='yes|no'>        DNS on or off; forwardPlainNames= accepted
 *                                (brkit's dnsmasq never forwards names
 *                                without a dot, as with 'no');
 *                                <forwarder> <host> <txt> <srv> refused
 *   <mtu size=>                  the bridge's MTU
 * Refused with their meaning: <route>, <portgroup>, <vlan>, <virtualport>,
 * <bandwidth>, <port>, <tftp>, <bootp>, <lease>, <dnsmasq:options> and any
 * element of another namespace. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/xmldl.h"
#include "net/net.h"

/* A network definition is a few kilobytes; past this it is something else. */
#define NET_XML_MAX (1024 * 1024)
#define VALLEN 256 /* the longest attribute or text value read */
#define PATHLEN 160

struct ctx {
	struct net_spec *s;
	char *why;
	size_t whylen;
	bool has_ip4, has_ip6, has_forward, dns_off;
};

static int fail(struct ctx *c, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, int err, const char *fmt, ...)
{
	va_list ap;

	if (c->why && c->whylen) {
		va_start(ap, fmt);
		vsnprintf(c->why, c->whylen, fmt, ap);
		va_end(ap);
	}
	return err;
}

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !n->ns && !strcmp((const char *)n->name, name);
}

/* An element's name as written, with its namespace prefix. */
static void qname(const xmlNode *n, char *buf, size_t len)
{
	if (n->ns && n->ns->prefix)
		snprintf(buf, len, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
	else
		snprintf(buf, len, "%s", (const char *)n->name);
}

/* "<network><ip><dhcp>": where @n is. */
static const char *path(const xmlNode *n, char *buf)
{
	const xmlNode *chain[8];
	size_t depth = 0, used = 0, i;
	char name[64];

	for (; n && n->type == XML_ELEMENT_NODE && depth < 8; n = n->parent)
		chain[depth++] = n;
	buf[0] = 0;
	for (i = depth; i-- > 0 && used < PATHLEN;) {
		int k;

		qname(chain[i], name, sizeof(name));
		k = snprintf(buf + used, PATHLEN - used, "<%s>", name);
		if (k < 0)
			break;
		used += (size_t)k;
	}
	return buf;
}

/* The text of a node list (an element's children or an attribute's value):
 * text and CDATA joined. An entity reference is refused, never expanded. */
static int text_of(struct ctx *c, const xmlNode *owner, const char *what, const xmlNode *list,
		   char *out)
{
	char p[PATHLEN];
	size_t used = 0, l;

	out[0] = 0;
	for (; list; list = list->next) {
		switch (list->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			l = list->content ? strlen((const char *)list->content) : 0;
			if (l >= VALLEN - used)
				return fail(c, -EINVAL, "%s: %s: longer than %d characters",
					    path(owner, p), what, VALLEN - 1);
			memcpy(out + used, list->content, l);
			used += l;
			out[used] = 0;
			break;
		case XML_ENTITY_REF_NODE:
			return fail(c, -EINVAL,
				    "%s: %s: the entity reference &%s; is not accepted (brkit "
				    "expands no entities)",
				    path(owner, p), what, (const char *)list->name);
		case XML_ELEMENT_NODE:
			return fail(c, -EINVAL, "%s: %s: holds an element <%s>", path(owner, p),
				    what, (const char *)list->name);
		default: /* comments, processing instructions */
			break;
		}
	}
	return 0;
}

/* Attribute @name of @n into @out: 1 present, 0 absent, or -EINVAL. */
static int attr(struct ctx *c, const xmlNode *n, const char *name, char *out)
{
	const xmlAttr *a;
	char what[80];
	int err;

	out[0] = 0;
	for (a = n->properties; a; a = a->next) {
		if (a->ns || strcmp((const char *)a->name, name))
			continue;
		snprintf(what, sizeof(what), "attribute %s", name);
		err = text_of(c, n, what, a->children, out);
		return err ? err : 1;
	}
	return 0;
}

/* Every attribute of @n is one of @ok (NULL-terminated). */
static int attrs_ok(struct ctx *c, const xmlNode *n, const char *const *ok)
{
	const xmlAttr *a;
	char p[PATHLEN];
	size_t i;

	for (a = n->properties; a; a = a->next) {
		for (i = 0; ok[i] && (a->ns || strcmp(ok[i], (const char *)a->name)); i++)
			;
		if (!ok[i])
			return fail(
				c, -ENOTSUP,
				"%s: attribute %s%s%s: not one brkit net knows; refusing rather "
				"than losing what it does",
				path(n, p),
				a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
				a->ns && a->ns->prefix ? ":" : "", (const char *)a->name);
	}
	return 0;
}

/* What libvirt does with the elements brkit net refuses by name. */
static const struct {
	const char *parent; /* NULL: anywhere */
	const char *name;
	const char *what;
} refused[] = {
	{ "network", "route", "static routes" },
	{ "network", "portgroup", "port groups" },
	{ NULL, "vlan", "VLAN tagging" },
	{ NULL, "virtualport", "a virtual port profile (Open vSwitch, 802.1Qbh)" },
	{ NULL, "bandwidth", "bandwidth limits (QoS)" },
	{ "network", "port", "port isolation" },
	{ "ip", "tftp", "a TFTP server" },
	{ "dhcp", "bootp", "network boot (BOOTP)" },
	{ NULL, "lease", "a lease time (brkit's leases last an hour)" },
	{ "dns", "forwarder", "DNS forwarders" },
	{ "dns", "host", "DNS host records" },
	{ "dns", "txt", "DNS TXT records" },
	{ "dns", "srv", "DNS SRV records" },
	{ "nat", "address", "NAT to a given range of addresses" },
	{ "forward", "pf", "a pool of SR-IOV functions" },
	{ "forward", "address", "a pool of PCI devices" },
	{ "forward", "driver", "a device driver" },
};

static int refuse(struct ctx *c, const xmlNode *n)
{
	const char *parent = n->parent ? (const char *)n->parent->name : "";
	char p[PATHLEN];
	size_t i;

	path(n, p);
	if (n->ns)
		return fail(c, -ENOTSUP,
			    "%s: an element of another namespace (%s); brkit net cannot honour it",
			    p, n->ns->href ? (const char *)n->ns->href : "");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (!strcmp(refused[i].name, (const char *)n->name) &&
		    (!refused[i].parent || !strcmp(refused[i].parent, parent)))
			return fail(c, -ENOTSUP,
				    "%s: %s: brkit net does not do this; remove the element to "
				    "import the network without it",
				    p, refused[i].what);
	return fail(c, -ENOTSUP,
		    "%s: not an element brkit net knows; refusing rather than losing what it does",
		    p);
}

/* One `net add` keyword and its value, checked by net_spec_parse. */
static int spec_word(struct ctx *c, const xmlNode *n, const char *key, const char *val)
{
	char *w[2] = { (char *)key, (char *)val }, r[NET_WHYLEN], p[PATHLEN];

	if (net_spec_parse(c->s, 2, w, r, sizeof(r)))
		return fail(c, -EINVAL, "%s: %s", path(n, p), r);
	return 0;
}

static int yesno(struct ctx *c, const xmlNode *n, const char *name, bool dflt, bool *out)
{
	char v[VALLEN], p[PATHLEN];
	int r = attr(c, n, name, v);

	if (r < 0)
		return r;
	*out = dflt;
	if (!r)
		return 0;
	if (!strcmp(v, "yes"))
		*out = true;
	else if (!strcmp(v, "no"))
		*out = false;
	else
		return fail(c, -EINVAL, "%s: %s='%s': yes or no", path(n, p), name, v);
	return 0;
}

/* Elements that may hold no element (text, comments allowed). */
static int no_children(struct ctx *c, const xmlNode *n)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return refuse(c, n);
	return 0;
}

static int parse_bridge(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = { "name", "stp", "delay", "macTableManager", "zone", NULL };
	char v[VALLEN], p[PATHLEN];
	int r;

	if ((r = attrs_ok(c, n, ok)) || (r = no_children(c, n)))
		return r;
	if ((r = attr(c, n, "macTableManager", v)) < 0)
		return r;
	if (r && strcmp(v, "kernel"))
		return fail(c, -ENOTSUP,
			    "%s: macTableManager='%s': libvirt's own management of the bridge's "
			    "forwarding table; brkit net leaves it to the kernel",
			    path(n, p), v);
	if ((r = attr(c, n, "zone", v)) < 0)
		return r;
	if (r)
		return fail(c, -ENOTSUP,
			    "%s: zone='%s': a firewalld zone; brkit net filters in its own "
			    "nftables table",
			    path(n, p), v);
	if ((r = attr(c, n, "name", v)) < 0)
		return r;
	return r ? spec_word(c, n, "bridge", v) : 0;
}

static int parse_nat(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = { "ipv6", NULL };
	static const char *const port_ok[] = { "start", "end", NULL };
	char a[VALLEN], b[VALLEN], p[PATHLEN];
	const xmlNode *k;
	bool v6;
	int r;

	if ((r = attrs_ok(c, n, ok)) || (r = yesno(c, n, "ipv6", false, &v6)))
		return r;
	if (v6)
		return fail(c, -ENOTSUP,
			    "%s: ipv6='yes': NAT for IPv6; brkit net routes a network's IPv6 "
			    "(as libvirt does without it)",
			    path(n, p));
	for (k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (!is(k, "port"))
			return refuse(c, k);
		if ((r = attrs_ok(c, k, port_ok)) || (r = no_children(c, k)) ||
		    (r = attr(c, k, "start", a)) < 0 || (r = attr(c, k, "end", b)) < 0)
			return r;
		if (strcmp(a, "1024") || strcmp(b, "65535"))
			return fail(c, -ENOTSUP,
				    "%s: start='%s' end='%s': NAT to a port range other than "
				    "libvirt's default 1024-65535; brkit net does not do this",
				    path(k, p), a, b);
	}
	return 0;
}

static int parse_forward(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = { "mode", "dev", NULL };
	static const char *const other[] = { "bridge",	"private", "vepa", "passthrough",
					     "hostdev", "open",	   NULL };
	char mode[VALLEN], dev[VALLEN], v[VALLEN], p[PATHLEN];
	const xmlNode *k;
	bool has_dev, has_iface = false;
	size_t i;
	int r;

	if ((r = attr(c, n, "mode", mode)) < 0)
		return r;
	if (!r || !strcmp(mode, "nat")) {
		c->s->mode = NET_MODE_NAT;
	} else if (!strcmp(mode, "route")) {
		c->s->mode = NET_MODE_ROUTED;
	} else {
		for (i = 0; other[i] && strcmp(other[i], mode); i++)
			;
		if (other[i])
			return fail(c, -ENOTSUP,
				    "%s: mode='%s': brkit net makes nat, route and isolated (no "
				    "<forward>) networks only",
				    path(n, p), mode);
		return fail(c, -EINVAL, "%s: mode='%s': not a libvirt forward mode", path(n, p),
			    mode);
	}
	if ((r = attrs_ok(c, n, ok)) || (r = attr(c, n, "dev", dev)) < 0)
		return r;
	has_dev = r;
	if (has_dev && (r = spec_word(c, n, "uplink", dev)))
		return r;
	for (k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is(k, "nat")) {
			if (c->s->mode != NET_MODE_NAT)
				return fail(c, -EINVAL, "%s: <nat> is for mode='nat' only",
					    path(n, p));
			if ((r = parse_nat(c, k)))
				return r;
		} else if (is(k, "interface")) {
			static const char *const iok[] = { "dev", NULL };

			if ((r = attrs_ok(c, k, iok)) || (r = no_children(c, k)) ||
			    (r = attr(c, k, "dev", v)) < 0)
				return r;
			if (!r)
				return fail(c, -EINVAL, "%s: no dev", path(k, p));
			if (has_iface)
				return fail(c, -ENOTSUP,
					    "%s: more than one <interface>: a pool of uplinks; "
					    "brkit net takes one",
					    path(n, p));
			has_iface = true;
			if (has_dev && strcmp(v, dev))
				return fail(c, -EINVAL,
					    "%s: dev='%s' is not the <forward dev='%s'>",
					    path(k, p), v, dev);
			if (!has_dev && (r = spec_word(c, k, "uplink", v)))
				return r;
		} else {
			return refuse(c, k);
		}
	}
	return 0;
}

static int parse_host(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = { "mac", "ip", "name", "id", NULL };
	char mac[VALLEN], ip[VALLEN], name[VALLEN], p[PATHLEN], r2[NET_WHYLEN];
	char *w[6] = { "mac", mac, "ip", ip, "name", name };
	struct net_host *h;
	int r, has_name;

	if ((r = attrs_ok(c, n, ok)) || (r = no_children(c, n)))
		return r;
	if ((r = attr(c, n, "id", mac)) < 0)
		return r;
	if (r)
		return fail(c, -ENOTSUP,
			    "%s: id='%s': a DHCPv6 client id; brkit net's static leases are IPv4 "
			    "by MAC",
			    path(n, p), mac);
	if ((r = attr(c, n, "mac", mac)) < 0)
		return r;
	if (!r)
		return fail(c, -ENOTSUP, "%s: no mac: brkit net's static leases are by MAC",
			    path(n, p));
	if ((r = attr(c, n, "ip", ip)) < 0)
		return r;
	if (!r)
		return fail(c, -ENOTSUP,
			    "%s: no ip: brkit net's static leases give an address (a name alone "
			    "is not supported)",
			    path(n, p));
	if ((has_name = attr(c, n, "name", name)) < 0)
		return has_name;
	if (c->s->nhosts >= NET_MAXHOSTS)
		return fail(c, -ENOTSUP, "%s: more than %d hosts", path(n->parent, p),
			    NET_MAXHOSTS);
	h = &c->s->hosts[c->s->nhosts];
	if (net_host_parse(h, has_name ? 6 : 4, w, r2, sizeof(r2)))
		return fail(c, -EINVAL, "%s: %s", path(n, p), r2);
	c->s->nhosts++;
	return 0;
}

static int parse_dhcp4(struct ctx *c, const xmlNode *n)
{
	static const char *const rok[] = { "start", "end", NULL };
	static const char *const none[] = { NULL };
	char a[VALLEN], b[VALLEN], range[2 * VALLEN + 2], p[PATHLEN];
	const xmlNode *k;
	int r;

	if ((r = attrs_ok(c, n, none)))
		return r;
	for (k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is(k, "range")) {
			if ((r = attrs_ok(c, k, rok)) || (r = no_children(c, k)) ||
			    (r = attr(c, k, "start", a)) < 0 || (r = attr(c, k, "end", b)) < 0)
				return r;
			if (!a[0] || !b[0])
				return fail(c, -EINVAL, "%s: needs start and end", path(k, p));
			if (c->s->has_dhcp)
				return fail(
					c, -ENOTSUP,
					"%s start='%s' end='%s': a second DHCP range; brkit net "
					"serves one (join them or drop one)",
					path(k, p), a, b);
			snprintf(range, sizeof(range), "%s-%s", a, b);
			if ((r = spec_word(c, k, "dhcp", range)))
				return r;
		} else if (is(k, "host")) {
			if ((r = parse_host(c, k)))
				return r;
		} else {
			return refuse(c, k);
		}
	}
	if (c->s->nhosts && !c->s->has_dhcp)
		return fail(c, -ENOTSUP,
			    "%s: static <host>s without a <range>: brkit net serves static leases "
			    "beside a DHCP range only",
			    path(n, p));
	return 0;
}

/* A dotted netmask to its prefix length; -1 when not contiguous. */
static int mask_len(struct in_addr m)
{
	uint32_t v = ntohl(m.s_addr);
	int len = 0;

	while (len < 32 && (v & (0x80000000u >> len)))
		len++;
	return (len < 32 && (v << len)) ? -1 : len;
}

static int parse_ip(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = {
		"address", "netmask", "prefix", "family", "localPtr", NULL
	};
	char fam[VALLEN], addr[VALLEN], mask[VALLEN], pfx[VALLEN], cidr[2 * VALLEN], p[PATHLEN];
	int r, has_mask, has_pfx, len;
	struct in6_addr a6;
	struct in_addr a4;
	const xmlNode *k;
	bool local_ptr, has_dhcp = false;

	if ((r = attrs_ok(c, n, ok)) || (r = yesno(c, n, "localPtr", false, &local_ptr)) ||
	    (r = attr(c, n, "family", fam)) < 0)
		return r;
	if (r && strcmp(fam, "ipv4") && strcmp(fam, "ipv6"))
		return fail(c, -EINVAL, "%s: family='%s': ipv4 or ipv6", path(n, p), fam);
	if ((r = attr(c, n, "address", addr)) < 0)
		return r;
	if (!r)
		return fail(c, -EINVAL, "%s: no address", path(n, p));
	if ((has_mask = attr(c, n, "netmask", mask)) < 0)
		return has_mask;
	if ((has_pfx = attr(c, n, "prefix", pfx)) < 0)
		return has_pfx;
	if (has_mask && has_pfx)
		return fail(c, -EINVAL, "%s address='%s': both netmask and prefix", path(n, p),
			    addr);
	if (!strcmp(fam, "ipv6")) {
		if (c->has_ip6)
			return fail(c, -ENOTSUP,
				    "%s address='%s': a second IPv6 address; brkit net gives the "
				    "bridge one",
				    path(n, p), addr);
		if (has_mask)
			return fail(c, -EINVAL,
				    "%s: an IPv6 address takes prefix=, not netmask=", path(n, p));
		if (inet_pton(AF_INET6, addr, &a6) != 1)
			return fail(c, -EINVAL, "%s family='ipv6': address '%s' is not IPv6",
				    path(n, p), addr);
		snprintf(cidr, sizeof(cidr), "%s/%s", addr, has_pfx ? pfx : "64");
		if ((r = spec_word(c, n, "ipv6", cidr)))
			return r;
		c->has_ip6 = true;
		for (k = n->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (is(k, "dhcp"))
				return fail(c, -ENOTSUP,
					    "%s: DHCPv6; brkit net gives IPv6 addresses by router "
					    "advertisements (SLAAC) only",
					    path(k, p));
			return refuse(c, k);
		}
		return 0;
	}
	if (inet_pton(AF_INET, addr, &a4) != 1)
		return fail(c, -EINVAL,
			    "%s: address '%s' is not an IPv4 address (an IPv6 one needs "
			    "family='ipv6')",
			    path(n, p), addr);
	if (c->has_ip4)
		return fail(
			c, -ENOTSUP,
			"%s address='%s': a second IPv4 address; brkit net gives the bridge one",
			path(n, p), addr);
	if (has_mask) {
		if (inet_pton(AF_INET, mask, &a4) != 1)
			return fail(c, -EINVAL, "%s: netmask '%s' is not an IPv4 netmask",
				    path(n, p), mask);
		len = mask_len(a4);
		if (len < 0)
			return fail(c, -EINVAL,
				    "%s: netmask '%s' is not contiguous (ones, then zeros)",
				    path(n, p), mask);
		snprintf(cidr, sizeof(cidr), "%s/%d", addr, len);
	} else if (has_pfx) {
		snprintf(cidr, sizeof(cidr), "%s/%s", addr, pfx);
	} else {
		return fail(c, -EINVAL, "%s address='%s': no netmask or prefix", path(n, p), addr);
	}
	if ((r = spec_word(c, n, "address", cidr)))
		return r;
	c->has_ip4 = true;
	for (k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (!is(k, "dhcp"))
			return refuse(c, k);
		if (has_dhcp)
			return fail(c, -EINVAL, "%s: <dhcp> given twice", path(n, p));
		has_dhcp = true;
		if ((r = parse_dhcp4(c, k)))
			return r;
	}
	return 0;
}

static int parse_domain(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = { "name", "localOnly", "register", NULL };
	char v[VALLEN], p[PATHLEN];
	bool local_only, reg;
	int r;

	if ((r = attrs_ok(c, n, ok)) || (r = no_children(c, n)) ||
	    (r = yesno(c, n, "localOnly", false, &local_only)) ||
	    (r = yesno(c, n, "register", false, &reg)))
		return r;
	if (reg)
		return fail(c, -ENOTSUP,
			    "%s: register='yes': registering the domain with the host's resolver "
			    "(systemd-resolved); brkit net does not do this",
			    path(n, p));
	if ((r = attr(c, n, "name", v)) < 0)
		return r;
	if (!r)
		return fail(c, -EINVAL, "%s: no name", path(n, p));
	return spec_word(c, n, "domain", v);
}

static int parse_dns(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = { "enable", "forwardPlainNames", NULL };
	bool on, plain;
	int r;

	if ((r = attrs_ok(c, n, ok)) || (r = yesno(c, n, "enable", true, &on)) ||
	    (r = yesno(c, n, "forwardPlainNames", true, &plain)) || (r = no_children(c, n)))
		return r;
	c->dns_off = !on;
	return 0;
}

static int parse_mtu(struct ctx *c, const xmlNode *n)
{
	static const char *const ok[] = { "size", NULL };
	char v[VALLEN], p[PATHLEN];
	int r;

	if ((r = attrs_ok(c, n, ok)) || (r = no_children(c, n)) || (r = attr(c, n, "size", v)) < 0)
		return r;
	if (!r)
		return fail(c, -EINVAL, "%s: no size", path(n, p));
	return spec_word(c, n, "mtu", v);
}

static int parse_network(struct ctx *c, const xmlNode *root)
{
	static const char *const ok[] = { "ipv6", "trustGuestRxFilters", "connections", NULL };
	static const char *const once[] = { "name", "bridge", "forward", "domain",
					    "dns",  "mtu",    "mac" };
	bool seen[sizeof(once) / sizeof(once[0])] = { 0 };
	char v[VALLEN], p[PATHLEN], r2[NET_WHYLEN];
	const xmlNode *n;
	bool b;
	size_t i;
	int r;

	if ((r = attrs_ok(c, root, ok)) || (r = yesno(c, root, "ipv6", false, &b)) ||
	    (r = yesno(c, root, "trustGuestRxFilters", false, &b)))
		return r;
	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue; /* text between elements, comments */
		if (n->ns)
			return refuse(c, n);
		for (i = 0; i < sizeof(once) / sizeof(once[0]); i++) {
			if (strcmp(once[i], (const char *)n->name))
				continue;
			if (seen[i])
				return fail(c, -EINVAL, "%s: given twice", path(n, p));
			seen[i] = true;
		}
		if (is(n, "name")) {
			if ((r = text_of(c, n, "its text", n->children, v)))
				return r;
			if (net_name_check(v, r2, sizeof(r2)))
				return fail(c, -EINVAL, "%s: %s", path(n, p), r2);
			strcpy(c->s->name, v);
		} else if (is(n, "uuid") || is(n, "title") || is(n, "description") ||
			   is(n, "metadata")) {
			continue;
		} else if (is(n, "bridge")) {
			r = parse_bridge(c, n);
		} else if (is(n, "mac")) {
			static const char *const mok[] = { "address", NULL };

			r = attrs_ok(c, n, mok);
			if (!r)
				r = no_children(c, n);
		} else if (is(n, "forward")) {
			c->has_forward = true;
			r = parse_forward(c, n);
		} else if (is(n, "ip")) {
			r = parse_ip(c, n);
		} else if (is(n, "domain")) {
			r = parse_domain(c, n);
		} else if (is(n, "dns")) {
			r = parse_dns(c, n);
		} else if (is(n, "mtu")) {
			r = parse_mtu(c, n);
		} else {
			r = refuse(c, n);
		}
		if (r)
			return r;
	}
	if (!c->s->name[0])
		return fail(c, -EINVAL, "<network>: no <name>");
	if (!c->has_ip4)
		return fail(c, -ENOTSUP,
			    "network %s: no IPv4 <ip address>; brkit net gives every network one "
			    "(the bridge's)",
			    c->s->name);
	if (!c->has_forward)
		c->s->mode = NET_MODE_ISOLATED;
	c->s->dns = !c->dns_off;
	return 0;
}

int net_xml_parse(const char *xml, size_t len, struct net_spec *s, char *why, size_t whylen)
{
	struct ctx c = { .s = s, .why = why, .whylen = whylen };
	const struct xmldl *x;
	char msg[256];
	xmlNode *root;
	xmlDoc *doc;
	int err;

	memset(s, 0, sizeof(*s));
	s->dns = true;
	if (whylen)
		why[0] = 0;
	if (len > NET_XML_MAX)
		return fail(&c, -E2BIG,
			    "the network XML is %zu octets; a network definition is far under %d "
			    "(1 MiB)",
			    len, NET_XML_MAX);
	x = xmldl_load(why, whylen);
	if (!x)
		return -ENOENT;
	doc = xmldl_read(x, xml, len, "network.xml", msg, sizeof(msg));
	if (!doc)
		return fail(&c, -EINVAL, "the network definition is not XML%s%s", *msg ? ": " : "",
			    msg);
	root = x->root(doc);
	if (!root || strcmp((const char *)root->name, "network")) {
		err = fail(&c, -EINVAL, "not a libvirt network definition (its root is <%s>)",
			   root ? (const char *)root->name : "");
	} else if (root->ns) {
		err = fail(&c, -EINVAL,
			   "not a libvirt network definition (its <network> is in the namespace "
			   "%s)",
			   root->ns->href ? (const char *)root->ns->href : "");
	} else {
		err = parse_network(&c, root);
	}
	x->free_doc(doc);
	if (err) /* nothing half read is left for a caller that ignores the error */
		memset(s, 0, sizeof(*s));
	return err;
}

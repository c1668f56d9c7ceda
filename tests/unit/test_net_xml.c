// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for brkit net import's reader of libvirt's network XML
 * (net/xml.c): libvirt's stock default.xml and what `virsh net-dumpxml`
 * writes of it, routed and isolated networks with static hosts, IPv6, a
 * domain and an MTU; and every refusal, with its message: not XML, not a
 * <network>, bad values, the modes and elements brkit net cannot honour,
 * entities (never expanded, "billion laughs" included) and huge input. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "net/net.h"

/* Debian's libvirt-daemon-config-network: /usr/share/libvirt/networks/default.xml
 * (also tests/net/default.xml) */
static const char stock_default[] = "<network>\n"
				    "  <name>default</name>\n"
				    "  <bridge name='virbr0'/>\n"
				    "  <forward/>\n"
				    "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
				    "    <dhcp>\n"
				    "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
				    "    </dhcp>\n"
				    "  </ip>\n"
				    "</network>\n";

/* the same network as `virsh net-dumpxml default` prints it once defined */
static const char dumped_default[] = "<network connections='2' ipv6='no'>\n"
				     "  <name>default</name>\n"
				     "  <uuid>3c96bd1b-1ecb-43e6-b941-59d2fea5b2c4</uuid>\n"
				     "  <forward mode='nat'>\n"
				     "    <nat>\n"
				     "      <port start='1024' end='65535'/>\n"
				     "    </nat>\n"
				     "  </forward>\n"
				     "  <bridge name='virbr0' stp='on' delay='0'/>\n"
				     "  <mac address='52:54:00:7a:c0:78'/>\n"
				     "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
				     "    <dhcp>\n"
				     "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
				     "    </dhcp>\n"
				     "  </ip>\n"
				     "</network>\n";

static const char routed[] =
	"<?xml version='1.0' encoding='UTF-8'?>\n"
	"<!-- a routed network with everything brkit takes -->\n"
	"<network>\n"
	"  <name>lab-rt.1</name>\n"
	"  <title>routed</title>\n"
	"  <description>for the tests</description>\n"
	"  <metadata><app:x xmlns:app='https://example.org/app'><y/></app:x></metadata>\n"
	"  <forward mode='route' dev='eth0'>\n"
	"    <interface dev='eth0'/>\n"
	"  </forward>\n"
	"  <bridge name='br-rt' macTableManager='kernel'/>\n"
	"  <mtu size='9000'/>\n"
	"  <domain name='lab.example' localOnly='yes'/>\n"
	"  <dns enable='yes' forwardPlainNames='no'/>\n"
	"  <ip family='ipv4' address='198.51.100.1' prefix='24' localPtr='yes'>\n"
	"    <dhcp>\n"
	"      <host mac='52:54:00:00:00:01' name='vm1' ip='198.51.100.10'/>\n"
	"      <range start='198.51.100.100' end='198.51.100.199'/>\n"
	"      <host mac='52:54:00:00:00:02' ip='198.51.100.11'/>\n"
	"    </dhcp>\n"
	"  </ip>\n"
	"  <ip family='ipv6' address='2001:db8:1::1' prefix='64'/>\n"
	"</network>\n";

static const char isolated[] = "<network>\n"
			       "  <name>iso</name>\n"
			       "  <dns enable='no'/>\n"
			       "  <ip address='203.0.113.1' netmask='255.255.255.128'/>\n"
			       "  <ip family='ipv6' address='2001:db8:2::1'/>\n"
			       "</network>\n";

static int parse(const char *xml, struct net_spec *s, char *why)
{
	why[0] = 0;
	return net_xml_parse(xml, strlen(xml), s, why, NET_WHYLEN);
}

static const char *fmt(struct net_spec *s)
{
	static char buf[1024];

	net_spec_format(s, buf, sizeof(buf));
	return buf;
}

static const char *ip4(struct in_addr a)
{
	static char buf[INET_ADDRSTRLEN];

	return inet_ntop(AF_INET, &a, buf, sizeof(buf));
}

static struct net_spec *spec_new(void)
{
	struct net_spec *s = malloc(sizeof(*s));

	assert_non_null(s);
	return s;
}

static void test_stock_default(void **state)
{
	const char *texts[] = { stock_default, dumped_default };
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN];
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		if (parse(texts[i], s, why))
			fail_msg("case %zu: %s", i, why);
		assert_string_equal(s->name, "default");
		assert_int_equal(s->mode, NET_MODE_NAT);
		assert_string_equal(s->bridge, "virbr0");
		assert_true(s->dns);
		assert_true(s->has_dhcp);
		assert_false(s->has_ipv6);
		assert_int_equal(s->nhosts, 0);
		assert_string_equal(s->uplink, "");
		if (net_spec_check(s, why, sizeof(why)))
			fail_msg("case %zu: %s", i, why);
		assert_string_equal(fmt(s), "mode nat address 192.168.122.1/24 dhcp "
					    "192.168.122.2-192.168.122.254 dns on bridge virbr0");
	}
	free(s);
}

/* the copy the privileged suite imports is the stock text too */
static void test_default_file(void **state)
{
	char buf[4096];
	FILE *f = fopen("tests/net/default.xml", "r");
	size_t n;

	(void)state;
	if (!f)
		fail_msg("tests/net/default.xml: not found (run from the source tree's top)");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	assert_string_equal(buf, stock_default);
}

static void test_routed(void **state)
{
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN], a6[INET6_ADDRSTRLEN];

	(void)state;
	if (parse(routed, s, why))
		fail_msg("%s", why);
	assert_string_equal(s->name, "lab-rt.1");
	assert_int_equal(s->mode, NET_MODE_ROUTED);
	assert_string_equal(s->uplink, "eth0");
	assert_string_equal(s->bridge, "br-rt");
	assert_int_equal(s->mtu, 9000);
	assert_string_equal(s->domain, "lab.example");
	assert_true(s->dns);
	assert_int_equal(s->prefix, 24);
	assert_string_equal(ip4(s->addr), "198.51.100.1");
	assert_true(s->has_dhcp);
	assert_string_equal(ip4(s->dhcp_first), "198.51.100.100");
	assert_string_equal(ip4(s->dhcp_last), "198.51.100.199");
	assert_int_equal(s->nhosts, 2);
	assert_memory_equal(s->hosts[0].mac, "\x52\x54\x00\x00\x00\x01", 6);
	assert_string_equal(ip4(s->hosts[0].ip), "198.51.100.10");
	assert_string_equal(s->hosts[0].name, "vm1");
	assert_memory_equal(s->hosts[1].mac, "\x52\x54\x00\x00\x00\x02", 6);
	assert_string_equal(ip4(s->hosts[1].ip), "198.51.100.11");
	assert_string_equal(s->hosts[1].name, "");
	assert_true(s->has_ipv6);
	assert_int_equal(s->prefix6, 64);
	inet_ntop(AF_INET6, &s->addr6, a6, sizeof(a6));
	assert_string_equal(a6, "2001:db8:1::1");
	if (net_spec_check(s, why, sizeof(why)))
		fail_msg("%s", why);
	assert_string_equal(fmt(s), "mode routed address 198.51.100.1/24 dhcp "
				    "198.51.100.100-198.51.100.199 dns on domain lab.example "
				    "uplink eth0 bridge br-rt mtu 9000 ipv6 2001:db8:1::1/64");
	free(s);
}

static void test_isolated(void **state)
{
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN];

	(void)state;
	if (parse(isolated, s, why))
		fail_msg("%s", why);
	assert_int_equal(s->mode, NET_MODE_ISOLATED);
	assert_false(s->dns);
	assert_false(s->has_dhcp);
	assert_string_equal(s->bridge, "");
	if (net_spec_check(s, why, sizeof(why)))
		fail_msg("%s", why);
	/* IPv6 without a prefix is a /64, as libvirt has it */
	assert_string_equal(fmt(s), "mode isolated address 203.0.113.1/25 dns off bridge brk-iso "
				    "ipv6 2001:db8:2::1/64");
	free(s);
}

/* Values as XML may write them: character references, CDATA, comments
 * inside a value; the uplink from a lone <interface>. */
static void test_forms(void **state)
{
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN];

	(void)state;
	if (parse("<network><name>de&#102;<!-- x -->a<![CDATA[ult]]></name>"
		  "<forward mode='n&#97;t'><interface dev='eth1'/><nat ipv6='no'/></forward>"
		  "<ip address='192.0.2.1' prefix='&#50;4'/></network>",
		  s, why))
		fail_msg("%s", why);
	assert_string_equal(s->name, "default");
	assert_int_equal(s->mode, NET_MODE_NAT);
	assert_string_equal(s->uplink, "eth1");
	assert_int_equal(s->prefix, 24);
	/* <forward mode='nat'> and every contiguous netmask */
	if (parse("<network><name>n</name><forward mode='nat'/>"
		  "<ip address='10.0.0.1' netmask='255.0.0.0'/></network>",
		  s, why))
		fail_msg("%s", why);
	assert_int_equal(s->prefix, 8);
	if (parse("<network><name>n</name><ip address='10.0.0.1' netmask='0.0.0.0'/></network>", s,
		  why))
		fail_msg("%s", why);
	assert_int_equal(s->prefix, 0); /* parsed; net_spec_check refuses it */
	assert_int_equal(net_spec_check(s, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "prefix length must be 8 to 30"));
	if (parse("<network><name>n</name>"
		  "<ip address='10.0.0.1' netmask='255.255.255.252'/></network>",
		  s, why))
		fail_msg("%s", why);
	assert_int_equal(s->prefix, 30);
	free(s);
}

struct bad {
	int err;
	const char *xml, *why;
};

static void check_bad(const struct bad *bad, size_t n)
{
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN];
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		memset(s, 0x5a, sizeof(*s));
		r = parse(bad[i].xml, s, why);
		if (r != bad[i].err)
			fail_msg("case %zu (%s): returned %d, not %d (why '%s')", i, bad[i].why, r,
				 bad[i].err, why);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
		/* nothing half read is left behind */
		assert_string_equal(s->name, "");
		assert_int_equal(s->nhosts, 0);
	}
	free(s);
}

#define NET(body) "<network><name>n</name>" body "</network>"
#define IP4 "<ip address='192.0.2.1' prefix='24'/>"

static void test_bad_input(void **state)
{
	static const struct bad bad[] = {
		{ -EINVAL, "this is not xml", "the network definition is not XML: " },
		{ -EINVAL, "", "not XML" },
		{ -EINVAL, "<network><name>n</name>", "not XML" },
		{ -EINVAL, "<network><name>n</name></network><network/>", "not XML" },
		{ -EINVAL, "<domain><name>n</name></domain>",
		  "not a libvirt network definition (its root is <domain>)" },
		{ -EINVAL, "<network xmlns='https://example.org/n'><name>n</name></network>",
		  "its <network> is in the namespace https://example.org/n" },
		{ -EINVAL, "<network>" IP4 "</network>", "<network>: no <name>" },
		{ -EINVAL, "<network><name></name>" IP4 "</network>", "network name is empty" },
		{ -EINVAL, "<network><name>my net</name>" IP4 "</network>",
		  "<network><name>: network name 'my net': only letters, digits" },
		{ -EINVAL, "<network><name>-n</name>" IP4 "</network>",
		  "network name '-n': must start with a letter or a digit" },
		{ -EINVAL,
		  "<network><name>abcdefghijabcdefghijabcdefghijabc</name>" IP4 "</network>",
		  "longer than 31 characters" },
		{ -EINVAL, "<network><name>n</name><name>m</name>" IP4 "</network>",
		  "<network><name>: given twice" },
		{ -EINVAL, "<network><name>a<b/></name>" IP4 "</network>",
		  "<network><name>: its text: holds an element <b>" },
		{ -ENOTSUP, NET("<bridge name='b'/>"), "network n: no IPv4 <ip address>" },
		{ -EINVAL, NET("<bridge name='a-very-long-bridge'/>" IP4),
		  "<network><bridge>: bridge 'a-very-long-bridge': an interface name is 1 to 15" },
		{ -EINVAL, NET("<bridge name='virbr%d'/>" IP4),
		  "<network><bridge>: bridge 'virbr%d': brkit net takes no '%'" },
		{ -EINVAL, NET("<bridge name='b'/><bridge name='c'/>" IP4),
		  "<network><bridge>: given twice" },
		{ -EINVAL, NET("<mtu size='10'/>" IP4),
		  "<network><mtu>: mtu '10': not a number from 68 to 65535" },
		{ -EINVAL, NET("<mtu/>" IP4), "<network><mtu>: no size" },
		{ -EINVAL, NET("<domain name='a..b'/>" IP4),
		  "<network><domain>: domain 'a..b': an empty label" },
		{ -EINVAL, NET("<domain localOnly='yes'/>" IP4), "<network><domain>: no name" },
		{ -EINVAL, NET("<dns enable='maybe'/>" IP4),
		  "<network><dns>: enable='maybe': yes or no" },
		{ -EINVAL, NET("<forward mode='nat' dev='a/b'/>" IP4),
		  "<network><forward>: uplink 'a/b': not a valid interface name" },
		/* <ip> */
		{ -EINVAL, NET("<ip address='192.0.2.1' netmask='255.0.255.0'/>"),
		  "<network><ip>: netmask '255.0.255.0' is not contiguous (ones, then zeros)" },
		{ -EINVAL, NET("<ip address='192.0.2.1' netmask='255.255.255.1'/>"),
		  "netmask '255.255.255.1' is not contiguous" },
		{ -EINVAL, NET("<ip address='192.0.2.1' netmask='/24'/>"),
		  "netmask '/24' is not an IPv4 netmask" },
		{ -EINVAL, NET("<ip address='192.0.2.1' netmask='255.255.255.0' prefix='24'/>"),
		  "both netmask and prefix" },
		{ -EINVAL, NET("<ip address='192.0.2.1'/>"),
		  "<network><ip> address='192.0.2.1': no netmask or prefix" },
		{ -EINVAL, NET("<ip prefix='24'/>"), "<network><ip>: no address" },
		{ -EINVAL, NET("<ip address='2001:db8::1' prefix='64'/>"),
		  "address '2001:db8::1' is not an IPv4 address (an IPv6 one needs family='ipv6')" },
		{ -EINVAL, NET("<ip address='192.0.2.256' prefix='24'/>"),
		  "address '192.0.2.256' is not an IPv4 address" },
		{ -EINVAL, NET("<ip address='192.0.2.1' prefix='33'/>"),
		  "<network><ip>: address '192.0.2.1/33': not an IPv4 address with a prefix" },
		{ -EINVAL, NET("<ip address='192.0.2.1' prefix='x'/>"), "address '192.0.2.1/x'" },
		{ -EINVAL, NET("<ip family='ipx' address='192.0.2.1' prefix='24'/>"),
		  "family='ipx': ipv4 or ipv6" },
		{ -EINVAL, NET(IP4 "<ip family='ipv6' address='192.0.2.9' prefix='64'/>"),
		  "family='ipv6': address '192.0.2.9' is not IPv6" },
		{ -EINVAL, NET(IP4 "<ip family='ipv6' address='2001:db8::1' netmask='ffff::'/>"),
		  "an IPv6 address takes prefix=, not netmask=" },
		{ -EINVAL, NET(IP4 "<ip family='ipv6' address='2001:db8::1' prefix='129'/>"),
		  "ipv6 '2001:db8::1/129': not an IPv6 address with a prefix length" },
		{ -ENOTSUP, NET(IP4 "<ip address='198.51.100.1' prefix='24'/>"),
		  "<network><ip> address='198.51.100.1': a second IPv4 address; brkit net gives "
		  "the bridge one" },
		{ -ENOTSUP,
		  NET(IP4 "<ip family='ipv6' address='2001:db8::1'/>"
			  "<ip family='ipv6' address='2001:db8:1::1'/>"),
		  "a second IPv6 address" },
		{ -EINVAL,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.9' "
		      "end='192.0.2.10'/></dhcp><dhcp/></ip>"),
		  "<network><ip>: <dhcp> given twice" },
		{ -EINVAL,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp/><dhcp><range start='192.0.2.9' "
		      "end='192.0.2.10'/></dhcp></ip>"),
		  "<network><ip>: <dhcp> given twice" },
		/* DHCP */
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp>"
		      "<range start='192.0.2.10' end='192.0.2.19'/>"
		      "<range start='192.0.2.30' end='192.0.2.39'/></dhcp></ip>"),
		  "<network><ip><dhcp><range> start='192.0.2.30' end='192.0.2.39': a second DHCP "
		  "range; brkit net serves one" },
		{ -EINVAL,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.10'/>"
		      "</dhcp></ip>"),
		  "<network><ip><dhcp><range>: needs start and end" },
		{ -EINVAL,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.10' "
		      "end='x'/></dhcp></ip>"),
		  "dhcp '192.0.2.10-x': not a range of two IPv4 addresses" },
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp>"
		      "<host mac='52:54:00:00:00:01' ip='192.0.2.5'/></dhcp></ip>"),
		  "<network><ip><dhcp>: static <host>s without a <range>" },
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp><host ip='192.0.2.5'/>"
		      "</dhcp></ip>"),
		  "<network><ip><dhcp><host>: no mac: brkit net's static leases are by MAC" },
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp>"
		      "<host mac='52:54:00:00:00:01' name='vm1'/></dhcp></ip>"),
		  "<network><ip><dhcp><host>: no ip" },
		{ -EINVAL,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp>"
		      "<host mac='01:54:00:00:00:01' ip='192.0.2.5'/></dhcp></ip>"),
		  "<network><ip><dhcp><host>: mac '01:54:00:00:00:01': not a unicast MAC" },
		{ -EINVAL,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp>"
		      "<host mac='52:54:00:00:00:01' ip='192.0.2.5' name='vm_1'/></dhcp></ip>"),
		  "host name 'vm_1': only letters, digits and '-'" },
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp>"
		      "<host id='0:1:0:1:2c:a8:ee:5b:52:54:0:0:0:1' ip='192.0.2.5'/></dhcp></ip>"),
		  "a DHCPv6 client id" },
		{ -ENOTSUP,
		  NET(IP4 "<ip family='ipv6' address='2001:db8::1' prefix='64'><dhcp><range "
			  "start='2001:db8::10' end='2001:db8::20'/></dhcp></ip>"),
		  "<network><ip><dhcp>: DHCPv6; brkit net gives IPv6 addresses by router "
		  "advertisements (SLAAC) only" },
	};

	(void)state;
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
}

/* What brkit net cannot do is refused, naming it, never dropped. */
static void test_refused(void **state)
{
	static const struct bad bad[] = {
		{ -EINVAL, NET("<forward mode='foo'/>" IP4),
		  "<network><forward>: mode='foo': not a libvirt forward mode" },
		{ -ENOTSUP, NET("<forward mode='bridge'/>" IP4),
		  "<network><forward>: mode='bridge': brkit net makes nat, route and isolated (no "
		  "<forward>) networks only" },
		{ -ENOTSUP, NET("<forward mode='open'/>" IP4), "mode='open'" },
		{ -ENOTSUP, NET("<forward mode='private'/>" IP4), "mode='private'" },
		{ -ENOTSUP, NET("<forward mode='vepa'/>" IP4), "mode='vepa'" },
		{ -ENOTSUP, NET("<forward mode='passthrough'/>" IP4), "mode='passthrough'" },
		{ -ENOTSUP, NET("<forward mode='hostdev' managed='yes'/>" IP4), "mode='hostdev'" },
		{ -ENOTSUP, NET("<forward mode='nat' managed='yes'/>" IP4),
		  "<network><forward>: attribute managed: not one brkit net knows" },
		{ -EINVAL, NET("<forward/><forward/>" IP4), "<network><forward>: given twice" },
		{ -ENOTSUP,
		  NET("<forward><nat><address start='198.51.100.5' end='198.51.100.9'/>"
		      "</nat></forward>" IP4),
		  "<network><forward><nat><address>: NAT to a given range of addresses: brkit "
		  "net does not do this; remove the element" },
		{ -ENOTSUP, NET("<forward><nat><port start='500' end='1000'/></nat></forward>" IP4),
		  "<network><forward><nat><port>: start='500' end='1000': NAT to a port range other "
		  "than libvirt's default 1024-65535" },
		{ -ENOTSUP, NET("<forward><nat ipv6='yes'/></forward>" IP4),
		  "<network><forward><nat>: ipv6='yes': NAT for IPv6" },
		{ -EINVAL, NET("<forward mode='route'><nat/></forward>" IP4),
		  "<network><forward>: <nat> is for mode='nat' only" },
		{ -ENOTSUP,
		  NET("<forward dev='eth0'><interface dev='eth0'/><interface dev='eth1'/>"
		      "</forward>" IP4),
		  "<network><forward>: more than one <interface>" },
		{ -EINVAL, NET("<forward dev='eth0'><interface dev='eth1'/></forward>" IP4),
		  "<network><forward><interface>: dev='eth1' is not the <forward dev='eth0'>" },
		{ -ENOTSUP, NET("<forward><pf dev='eth0'/></forward>" IP4),
		  "<network><forward><pf>: a pool of SR-IOV functions" },
		{ -ENOTSUP, NET("<bridge name='b' macTableManager='libvirt'/>" IP4),
		  "<network><bridge>: macTableManager='libvirt': libvirt's own management" },
		{ -ENOTSUP, NET("<bridge name='b' zone='trusted'/>" IP4),
		  "<network><bridge>: zone='trusted': a firewalld zone" },
		{ -ENOTSUP, NET("<domain name='example' register='yes'/>" IP4),
		  "<network><domain>: register='yes'" },
		{ -ENOTSUP,
		  NET(IP4 "<route address='198.51.100.0' prefix='24' gateway='192.0.2.2'/>"),
		  "<network><route>: static routes: brkit net does not do this; remove the element "
		  "to import the network without it" },
		{ -ENOTSUP, NET(IP4 "<portgroup name='engineering' default='yes'/>"),
		  "<network><portgroup>: port groups" },
		{ -ENOTSUP, NET(IP4 "<vlan><tag id='42'/></vlan>"),
		  "<network><vlan>: VLAN tagging" },
		{ -ENOTSUP, NET(IP4 "<virtualport type='openvswitch'/>"),
		  "<network><virtualport>: a virtual port profile" },
		{ -ENOTSUP, NET(IP4 "<bandwidth><inbound average='1000'/></bandwidth>"),
		  "<network><bandwidth>: bandwidth limits (QoS)" },
		{ -ENOTSUP, NET(IP4 "<port isolated='yes'/>"), "<network><port>: port isolation" },
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><tftp root='/srv/tftp'/></ip>"),
		  "<network><ip><tftp>: a TFTP server" },
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.10' "
		      "end='192.0.2.20'/><bootp file='pxelinux.0'/></dhcp></ip>"),
		  "<network><ip><dhcp><bootp>: network boot (BOOTP)" },
		{ -ENOTSUP,
		  NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.10' "
		      "end='192.0.2.20'><lease expiry='1' unit='hours'/></range></dhcp></ip>"),
		  "<network><ip><dhcp><range><lease>: a lease time" },
		{ -ENOTSUP,
		  NET(IP4 "<dns><host ip='192.0.2.7'><hostname>a</hostname></host></dns>"),
		  "<network><dns><host>: DNS host records" },
		{ -ENOTSUP, NET(IP4 "<dns><forwarder addr='192.0.2.53'/></dns>"),
		  "<network><dns><forwarder>: DNS forwarders" },
		{ -ENOTSUP, NET(IP4 "<dns><txt name='t' value='v'/></dns>"), "DNS TXT records" },
		{ -ENOTSUP, NET(IP4 "<dns><srv service='s' protocol='tcp'/></dns>"),
		  "DNS SRV records" },
		{ -ENOTSUP,
		  "<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'>"
		  "<name>n</name>" IP4 "<dnsmasq:options><dnsmasq:option value='cache-size=0'/>"
		  "</dnsmasq:options></network>",
		  "<network><dnsmasq:options>: an element of another namespace "
		  "(http://libvirt.org/schemas/network/dnsmasq/1.0)" },
		{ -ENOTSUP, NET(IP4 "<frobnicate/>"),
		  "<network><frobnicate>: not an element brkit net knows; refusing rather than "
		  "losing what it does" },
		{ -ENOTSUP, NET("<ip address='192.0.2.1' prefix='24' foo='1'/>"),
		  "<network><ip>: attribute foo: not one brkit net knows" },
		{ -ENOTSUP,
		  "<network xmlns:q='https://example.org/q' q:x='1'><name>n</name>" IP4
		  "</network>",
		  "<network>: attribute q:x: not one brkit net knows" },
		{ -EINVAL, "<network ipv6='perhaps'><name>n</name>" IP4 "</network>",
		  "<network>: ipv6='perhaps': yes or no" },
		{ -ENOTSUP, NET("<mac address='52:54:00:00:00:01'><x/></mac>" IP4),
		  "<network><mac><x>: not an element brkit net knows" },
	};

	(void)state;
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
}

/* Entities are never expanded: a reference to one (internal, external or
 * nested a billion times) is refused, whatever libxml2 would make of it. */
static void test_entities(void **state)
{
	static const struct bad bad[] = {
		{ -EINVAL,
		  "<!DOCTYPE network [<!ENTITY n 'default'>]><network><name>&n;</name>" IP4
		  "</network>",
		  "<network><name>: its text: the entity reference &n; is not accepted (brkit "
		  "expands no entities)" },
		{ -EINVAL,
		  "<!DOCTYPE network [<!ENTITY b 'virbr0'>]><network><name>n</name>"
		  "<bridge name='&b;'/>" IP4 "</network>",
		  "<network><bridge>: attribute name: the entity reference &b; is not accepted" },
		{ -EINVAL,
		  "<!DOCTYPE network [<!ENTITY f SYSTEM 'file:///etc/hostname'>]>"
		  "<network><name>&f;</name>" IP4 "</network>",
		  "the entity reference &f; is not accepted" },
		{ -EINVAL,
		  "<!DOCTYPE network SYSTEM 'http://192.0.2.1/network.dtd'><network><name>&x;</name>"
		  "</network>",
		  "the entity reference &x; is not accepted" },
	};
	/* "billion laughs": 10^9 "lol"s if expanded at 9 levels */
	static const char head[] = "<?xml version='1.0'?>\n<!DOCTYPE network [\n"
				   " <!ENTITY lol 'lol'>\n";
	struct net_spec *s = spec_new();
	char *xml, why[NET_WHYLEN];
	size_t used, levels;
	int i, j, r;

	(void)state;
	check_bad(bad, sizeof(bad) / sizeof(bad[0]));
	xml = malloc(8192);
	assert_non_null(xml);
	for (levels = 1; levels <= 9; levels++) {
		used = (size_t)sprintf(xml, "%s", head);
		for (i = 1; i <= (int)levels; i++) {
			used += (size_t)sprintf(xml + used, " <!ENTITY lol%d '", i);
			for (j = 0; j < 10; j++)
				used += (size_t)(i == 1 ? sprintf(xml + used, "&lol;")
							: sprintf(xml + used, "&lol%d;", i - 1));
			used += (size_t)sprintf(xml + used, "'>\n");
		}
		sprintf(xml + used,
			"]>\n<network><name>&lol%zu;</name><bridge name='&lol%zu;'/>" IP4
			"</network>\n",
			levels, levels);
		r = parse(xml, s, why);
		assert_int_equal(r, -EINVAL);
		/* refused by libxml2 (its entity amplification check; which sizes
		 * it refuses depends on its version) or by brkit, never expanded */
		if (!strstr(why, "not XML: Detected an entity reference loop") &&
		    !strstr(why, "the entity reference &lol"))
			fail_msg("%zu levels: %s", levels, why);
		assert_null(strstr(why, "lollol"));
		assert_string_equal(s->name, "");
	}
	free(xml);
	free(s);
}

/* Over 1 MiB is refused before libxml2 sees it; under it, a long value is
 * refused by its length, and many hosts by their number. */
static void test_huge(void **state)
{
	size_t big = 2 * 1024 * 1024, i, used;
	struct net_spec *s = spec_new();
	char *xml = malloc(big + 1), why[NET_WHYLEN];
	int n, r;

	(void)state;
	assert_non_null(xml);
	memset(xml, ' ', big);
	memcpy(xml, "<network>", 9);
	assert_int_equal(net_xml_parse(xml, big, s, why, sizeof(why)), -E2BIG);
	assert_non_null(strstr(why, "the network XML is 2097152 octets"));
	/* a 1000 kB comment is read and skipped */
	used = (size_t)sprintf(xml, "<network><name>n</name>" IP4 "<!--");
	memset(xml + used, 'x', 1000 * 1000);
	used += 1000 * 1000;
	used += (size_t)sprintf(xml + used, "--></network>");
	if (net_xml_parse(xml, used, s, why, sizeof(why)))
		fail_msg("%s", why);
	assert_string_equal(s->name, "n");
	/* a name of 100,000 characters */
	used = (size_t)sprintf(xml, "<network><name>");
	memset(xml + used, 'n', 100000);
	used += 100000;
	used += (size_t)sprintf(xml + used, "</name>" IP4 "</network>");
	assert_int_equal(net_xml_parse(xml, used, s, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "<network><name>: its text: longer than 255 characters"));
	/* 256 hosts are taken, the 257th is refused */
	for (n = 256; n <= 257; n++) {
		used = (size_t)sprintf(xml, "<network><name>n</name><ip address='10.0.0.1' "
					    "prefix='16'><dhcp><range start='10.0.2.1' "
					    "end='10.0.2.200'/>");
		for (i = 0; i < (size_t)n; i++)
			used += (size_t)sprintf(xml + used,
						"<host mac='52:54:00:00:%02zx:%02zx' "
						"ip='10.0.1.%zu'/>",
						i >> 8, i & 255, i % 250 + 2);
		used += (size_t)sprintf(xml + used, "</dhcp></ip></network>");
		r = net_xml_parse(xml, used, s, why, sizeof(why));
		if (n == 256) {
			if (r)
				fail_msg("%s", why);
			assert_int_equal(s->nhosts, 256);
		} else {
			assert_int_equal(r, -ENOTSUP);
			assert_non_null(strstr(why, "<network><ip><dhcp>: more than 256 hosts"));
		}
	}
	free(xml);
	free(s);
}

/* A range outside the subnet and hosts off it parse (the XML is well
 * formed); net_spec_check, which the caller runs, refuses them. */
static void test_checked_after(void **state)
{
	static const struct {
		const char *xml, *why;
	} cases[] = {
		{ NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.2' "
		      "end='198.51.100.9'/></dhcp></ip>"),
		  "network n: dhcp range 192.0.2.2-198.51.100.9 is not inside the subnet of "
		  "192.0.2.1/24" },
		{ NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.20' "
		      "end='192.0.2.10'/></dhcp></ip>"),
		  "the first address is after the last" },
		{ NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.1' "
		      "end='192.0.2.10'/></dhcp></ip>"),
		  "holds the bridge's own address 192.0.2.1" },
		{ NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.10' "
		      "end='192.0.2.20'/><host mac='52:54:00:00:00:01' ip='198.51.100.5'/>"
		      "</dhcp></ip>"),
		  "host 198.51.100.5: not a free address of the subnet" },
		{ NET("<ip address='192.0.2.1' prefix='24'><dhcp><range start='192.0.2.10' "
		      "end='192.0.2.20'/><host mac='52:54:00:00:00:01' ip='192.0.2.5'/>"
		      "<host mac='52:54:00:00:00:01' ip='192.0.2.6'/></dhcp></ip>"),
		  "its MAC is given twice" },
		{ NET("<domain name='example'/><dns enable='no'/>" IP4),
		  "domain example needs dns on" },
		{ NET("<ip address='192.0.2.0' prefix='24'/>"),
		  "is the subnet's network or broadcast address" },
	};
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse(cases[i].xml, s, why))
			fail_msg("case %zu: %s", i, why);
		assert_int_equal(net_spec_check(s, why, sizeof(why)), -EINVAL);
		if (!strstr(why, cases[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, cases[i].why);
	}
	free(s);
}

/* A caller may pass no room for a reason. */
static void test_no_why(void **state)
{
	struct net_spec *s = spec_new();

	(void)state;
	assert_int_equal(net_xml_parse("x", 1, s, NULL, 0), -EINVAL);
	assert_int_equal(net_xml_parse(stock_default, strlen(stock_default), s, NULL, 0), 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stock_default), cmocka_unit_test(test_default_file),
		cmocka_unit_test(test_routed),	      cmocka_unit_test(test_isolated),
		cmocka_unit_test(test_forms),	      cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_refused),	      cmocka_unit_test(test_entities),
		cmocka_unit_test(test_huge),	      cmocka_unit_test(test_checked_after),
		cmocka_unit_test(test_no_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

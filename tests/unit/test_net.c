// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for brkit net's pure parts (net/spec.c): `net add`'s words and
 * the whole-spec check, the canonical words round trip, the state file, the
 * nftables and dnsmasq texts for each mode, the hosts file, `net host add`'s
 * words and dnsmasq's lease file. */
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

static int words(char *buf, char **w, int max)
{
	char *p;
	int n = 0;

	for (p = strtok(buf, " "); p && n < max; p = strtok(NULL, " "))
		w[n++] = p;
	return n;
}

/* `net add NAME LINE`, parsed and checked; 0 or the first error. */
static int add(struct net_spec *s, const char *name, const char *line, char *why)
{
	char buf[1024], *w[64];
	int n, r;

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(buf, sizeof(buf), "%s", line);
	n = words(buf, w, 64);
	why[0] = 0;
	r = net_spec_parse(s, n, w, why, NET_WHYLEN);
	return r ? r : net_spec_check(s, why, NET_WHYLEN);
}

static const char *fmt(const struct net_spec *s)
{
	static char buf[1024];

	net_spec_format(s, buf, sizeof(buf));
	return buf;
}

static struct net_spec *spec_new(void)
{
	struct net_spec *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	return s;
}

static void test_names(void **state)
{
	char why[NET_WHYLEN];

	(void)state;
	assert_int_equal(net_name_check("default", why, sizeof(why)), 0);
	assert_int_equal(net_name_check("a.b-c_9", why, sizeof(why)), 0);
	assert_int_equal(net_name_check("9", why, sizeof(why)), 0);
	assert_int_equal(net_name_check("", why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "network name is empty");
	assert_int_equal(net_name_check(".x", why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "must start with a letter or a digit"));
	assert_int_equal(net_name_check("a/b", why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "only letters, digits, '_', '.' and '-'"));
	assert_int_equal(net_name_check("abcdefghijabcdefghijabcdefghija", why, sizeof(why)), 0);
	assert_int_equal(net_name_check("abcdefghijabcdefghijabcdefghijab", why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "longer than 31 characters"));
	assert_string_equal(net_mode_name(NET_MODE_NAT), "nat");
	assert_string_equal(net_mode_name(NET_MODE_ROUTED), "routed");
	assert_string_equal(net_mode_name(NET_MODE_ISOLATED), "isolated");
	assert_string_equal(net_mode_name(NET_MODE_NONE), "none");
}

static void test_mask_overlap(void **state)
{
	struct in_addr a, b;

	(void)state;
	assert_int_equal(net_mask(0), 0);
	assert_int_equal(net_mask(8), 0xff000000u);
	assert_int_equal(net_mask(24), 0xffffff00u);
	assert_int_equal(net_mask(32), 0xffffffffu);
	inet_pton(AF_INET, "192.0.2.1", &a);
	inet_pton(AF_INET, "192.0.2.200", &b);
	assert_true(net_overlap(a, 24, b, 24));
	assert_false(net_overlap(a, 25, b, 25));
	assert_true(net_overlap(a, 25, b, 24)); /* the /24 holds the /25 */
	inet_pton(AF_INET, "192.0.3.1", &b);
	assert_false(net_overlap(a, 24, b, 24));
	assert_true(net_overlap(a, 23, b, 24));
}

/* Accepted specs, and their canonical words parse again to the same words. */
static void test_spec_round_trip(void **state)
{
	static const struct {
		const char *line, *canon;
	} ok[] = {
		{ "mode nat address 192.0.2.1/24",
		  "mode nat address 192.0.2.1/24 dns on bridge brk-n" },
		{ "address 192.0.2.1/24 mode route dhcp 192.0.2.10-192.0.2.99 dns off",
		  "mode routed address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.99 dns off "
		  "bridge brk-n" },
		{ "mode isolated address 198.51.100.129/25 bridge br-x mtu 1400 ipv6 2001:db8:5::1/64",
		  "mode isolated address 198.51.100.129/25 dns on bridge br-x mtu 1400 "
		  "ipv6 2001:db8:5::1/64" },
		{ "mode nat address 203.0.113.1/30 domain vm.example uplink eth0 dns on",
		  "mode nat address 203.0.113.1/30 dns on domain vm.example uplink eth0 "
		  "bridge brk-n" },
		{ "mode routed address 10.0.0.1/8 dhcp 10.0.0.2-10.255.255.254",
		  "mode routed address 10.0.0.1/8 dhcp 10.0.0.2-10.255.255.254 dns on "
		  "bridge brk-n" },
	};
	struct net_spec *s = spec_new(), *t = spec_new();
	char why[NET_WHYLEN], canon[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (add(s, "n", ok[i].line, why))
			fail_msg("case %zu: %s", i, why);
		assert_string_equal(fmt(s), ok[i].canon);
		snprintf(canon, sizeof(canon), "%s", fmt(s));
		if (add(t, "n", canon, why))
			fail_msg("case %zu again: %s", i, why);
		assert_string_equal(fmt(t), canon);
	}
	/* snprintf's contract: the length it would have written */
	assert_int_equal(net_spec_format(s, canon, 10), strlen(ok[i - 1].canon));
	assert_int_equal(strlen(canon), 9);
	free(s);
	free(t);
}

static void test_spec_bad(void **state)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "mode nat", "network n: no address" },
		{ "address 192.0.2.1/24", "network n: no mode" },
		{ "mode bridge address 192.0.2.1/24", "mode 'bridge': not a mode" },
		{ "mode nat mode nat address 192.0.2.1/24", "'mode' given twice" },
		{ "mode nat address", "'address' needs a value" },
		{ "mode nat colour blue", "'colour': not a keyword of net add" },
		{ "mode nat address 192.0.2.1", "address '192.0.2.1': not an IPv4 address with a" },
		{ "mode nat address 192.0.2.1/33", "address '192.0.2.1/33'" },
		{ "mode nat address 2001:db8::1/64", "address '2001:db8::1/64'" },
		{ "mode nat address 192.0.2.1/31", "the prefix length must be 8 to 30" },
		{ "mode nat address 10.0.0.1/7", "the prefix length must be 8 to 30" },
		{ "mode nat address 192.0.2.0/24", "is the subnet's network or broadcast address" },
		{ "mode nat address 192.0.2.255/24",
		  "is the subnet's network or broadcast address" },
		{ "mode nat address 127.0.0.2/8", "a loopback, multicast or reserved address" },
		{ "mode nat address 224.0.0.2/24", "a loopback, multicast or reserved address" },
		{ "mode nat address 240.0.0.2/24", "a loopback, multicast or reserved address" },
		{ "mode nat address 192.0.2.1/24 dhcp 192.0.2.10", "not a range FIRST-LAST" },
		{ "mode nat address 192.0.2.1/24 dhcp 192.0.2.10-x", "not a range of two IPv4" },
		{ "mode nat address 192.0.2.1/24 dhcp 192.0.2.10-198.51.100.9",
		  "dhcp range 192.0.2.10-198.51.100.9 is not inside the subnet of 192.0.2.1/24" },
		{ "mode nat address 192.0.2.1/24 dhcp 192.0.2.0-192.0.2.9",
		  "is not inside the subnet" },
		{ "mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.255",
		  "is not inside the subnet" },
		{ "mode nat address 192.0.2.1/24 dhcp 192.0.2.99-192.0.2.10",
		  "the first address is after the last" },
		{ "mode nat address 192.0.2.50/24 dhcp 192.0.2.10-192.0.2.99",
		  "holds the bridge's own address 192.0.2.50" },
		{ "mode nat address 192.0.2.1/24 dns maybe", "dns 'maybe': on or off" },
		{ "mode nat address 192.0.2.1/24 dns off domain x.example", "needs dns on" },
		{ "mode nat address 192.0.2.1/24 domain .x", "domain '.x': an empty label" },
		{ "mode nat address 192.0.2.1/24 domain x.", "domain 'x.': an empty label" },
		{ "mode nat address 192.0.2.1/24 domain a_b",
		  "only letters, digits, '-' and dots" },
		{ "mode nat address 192.0.2.1/24 uplink a:b",
		  "uplink 'a:b': not a valid interface" },
		{ "mode nat address 192.0.2.1/24 uplink ..", "uplink '..': not a valid interface" },
		{ "mode nat address 192.0.2.1/24 bridge br%d",
		  "bridge 'br%d': brkit net takes no '%', '\"', '\\', ',' or '#' in an interface "
		  "name" },
		{ "mode nat address 192.0.2.1/24 bridge br0,eth0", "bridge 'br0,eth0': brkit net" },
		{ "mode nat address 192.0.2.1/24 bridge br\"x", "bridge 'br\"x': brkit net" },
		{ "mode nat address 192.0.2.1/24 uplink e\\0", "uplink 'e\\0': brkit net" },
		{ "mode nat address 192.0.2.1/24 uplink e#0", "uplink 'e#0': brkit net" },
		{ "mode nat address 192.0.2.1/24 bridge abcdefghijklmnop",
		  "bridge 'abcdefghijklmnop': an interface name is 1 to 15 characters" },
		{ "mode isolated address 192.0.2.1/24 uplink eth0",
		  "uplink eth0: an isolated network forwards nowhere" },
		{ "mode nat address 192.0.2.1/24 uplink br-a bridge br-a",
		  "uplink br-a is the network's own bridge" },
		{ "mode nat address 192.0.2.1/24 uplink brk-n",
		  "uplink brk-n is the network's own bridge" },
		{ "mode nat address 192.0.2.1/24 mtu 67",
		  "mtu '67': not a number from 68 to 65535" },
		{ "mode nat address 192.0.2.1/24 mtu 65536", "mtu '65536'" },
		{ "mode nat address 192.0.2.1/24 mtu -1", "mtu '-1'" },
		{ "mode nat address 192.0.2.1/24 ipv6 2001:db8::1",
		  "ipv6 '2001:db8::1': not an IPv6" },
		{ "mode nat address 192.0.2.1/24 ipv6 2001:db8::1/128",
		  "ipv6: the prefix length must be 8 to 127" },
		{ "mode nat address 192.0.2.1/24 ipv6 ::/64",
		  "ipv6 ::: an unspecified, loopback, multicast, link-local or IPv4-mapped" },
		{ "mode nat address 192.0.2.1/24 ipv6 ::1/64", "ipv6 ::1: an unspecified" },
		{ "mode nat address 192.0.2.1/24 ipv6 ff02::1/64", "ipv6 ff02::1: an unspecified" },
		{ "mode nat address 192.0.2.1/24 ipv6 fe80::1/64", "ipv6 fe80::1: an unspecified" },
		{ "mode nat address 192.0.2.1/24 ipv6 ::ffff:192.0.2.1/120",
		  "ipv6 ::ffff:192.0.2.1: an unspecified" },
	};
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (add(s, "n", bad[i].line, why) != -EINVAL)
			fail_msg("case %zu (%s): accepted", i, bad[i].line);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
	}
	/* a name too long for the default bridge name needs a bridge */
	assert_int_equal(add(s, "abcdefghijkl", "mode nat address 192.0.2.1/24", why), -EINVAL);
	assert_non_null(strstr(why, "too long for the default bridge name brk-abcdefghijkl"));
	assert_int_equal(add(s, "abcdefghijk", "mode nat address 192.0.2.1/24", why), 0);
	assert_string_equal(s->bridge, "brk-abcdefghijk");
	free(s);
}

static void test_spec_hosts(void **state)
{
	static const struct {
		const char *mac, *ip, *why;
	} bad[] = {
		{ "52:54:00:00:00:01", "198.51.100.5", "host 198.51.100.5: not a free address" },
		{ "52:54:00:00:00:01", "192.0.2.1", "host 192.0.2.1: not a free address" },
		{ "52:54:00:00:00:01", "192.0.2.0", "host 192.0.2.0: not a free address" },
		{ "52:54:00:00:00:01", "192.0.2.255", "host 192.0.2.255: not a free address" },
		{ "52:54:00:00:00:09", "192.0.2.10", "host 192.0.2.10: given twice" },
		{ "52:54:00:00:00:02", "192.0.2.11", "host 192.0.2.11: its MAC is given twice" },
	};
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(add(s, "n", "mode nat address 192.0.2.1/24", why), 0);
		inet_pton(AF_INET, "192.0.2.10", &s->hosts[0].ip);
		memcpy(s->hosts[0].mac, "\x52\x54\x00\x00\x00\x02", 6);
		inet_pton(AF_INET, bad[i].ip, &s->hosts[1].ip);
		memset(s->hosts[1].mac, 0, 6);
		sscanf(bad[i].mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &s->hosts[1].mac[0],
		       &s->hosts[1].mac[1], &s->hosts[1].mac[2], &s->hosts[1].mac[3],
		       &s->hosts[1].mac[4], &s->hosts[1].mac[5]);
		s->nhosts = 2;
		assert_int_equal(net_spec_check(s, why, sizeof(why)), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
	}
	free(s);
}

static void test_state(void **state)
{
	struct net_state st = { 0 }, back;
	char buf[2048], why[NET_WHYLEN];
	size_t n;

	(void)state;
	strcpy(st.name, "default");
	strcpy(st.spec, "mode nat address 192.0.2.1/24 dns on bridge virbr0");
	strcpy(st.bridge, "virbr0");
	st.made_bridge = true;
	st.table = true;
	st.dnsmasq = true;
	n = net_state_format(&st, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "name=default\n"
				 "spec=mode nat address 192.0.2.1/24 dns on bridge virbr0\n"
				 "bridge=virbr0\nmade_bridge=1\naddr_added=0\naddr6_added=0\n"
				 "table=1\ndnsmasq=1\ncomplete=0\n");
	assert_int_equal(net_state_parse(buf, &back, why, sizeof(why)), 0);
	assert_string_equal(back.name, "default");
	assert_string_equal(back.spec, st.spec);
	assert_string_equal(back.bridge, "virbr0");
	assert_true(back.made_bridge);
	assert_false(back.addr_added);
	assert_false(back.addr6_added);
	assert_true(back.table);
	assert_true(back.dnsmasq);
	assert_false(back.complete);
	/* every flag on, and back */
	st.addr_added = st.addr6_added = st.complete = true;
	st.made_bridge = st.table = st.dnsmasq = false;
	net_state_format(&st, buf, sizeof(buf));
	assert_int_equal(net_state_parse(buf, &back, why, sizeof(why)), 0);
	assert_true(back.addr_added && back.addr6_added && back.complete);
	assert_false(back.made_bridge || back.table || back.dnsmasq);
	/* the length snprintf would write, also when it does not fit */
	assert_int_equal(net_state_format(&st, buf, 8), net_state_format(&st, NULL, 0));
	assert_int_equal(strlen(buf), 7);
}

static void test_state_bad(void **state)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "name=n\nbridge=b\nnonsense\n", "line 3: not key=value" },
		{ "name=n\ncolour=red\nbridge=b\n", "line 2: unknown key 'colour'" },
		{ "name=n n\nbridge=b\n", "line 1: bad value for name" },
		{ "name=\nbridge=b\n", "line 1: bad value for name" },
		{ "name=n\nbridge=a/b\n", "line 2: bad value for bridge" },
		{ "name=n\nbridge=abcdefghijklmnop\n", "line 2: bad value for bridge" },
		{ "name=n\nbridge=\n", "line 2: bad value for bridge" },
		{ "name=n\nbridge=b\ntable=yes\n", "line 3: bad value for table" },
		{ "name=n\nbridge=b\ncomplete=2\n", "line 3: bad value for complete" },
		{ "name=n\nbridge=b\nmade_bridge=\n", "line 3: bad value for made_bridge" },
		{ "bridge=b\n", "no name or no bridge" },
		{ "name=n\n", "no name or no bridge" },
		{ "", "no name or no bridge" },
	};
	struct net_state st;
	char buf[2048 + 16], why[NET_WHYLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i].text);
		why[0] = 0;
		assert_int_equal(net_state_parse(buf, &st, why, sizeof(why)), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
	}
	/* a spec longer than the state holds */
	strcpy(buf, "name=n\nbridge=b\nspec=");
	memset(buf + strlen(buf), 'x', 1024);
	buf[21 + 1024] = 0;
	assert_int_equal(net_state_parse(buf, &st, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "line 3: bad value for spec"));
}

/* Each line of @want is a whole line of @text. */
static void has_lines(const char *text, const char *want)
{
	char buf[4096], line[512], *p, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", want);
	for (p = strtok_r(buf, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		snprintf(line, sizeof(line), "\n%s\n", p);
		if (!strstr(text, line) && strncmp(text, line + 1, strlen(line + 1)))
			fail_msg("no line '%s' in:\n%s", p, text);
	}
}

static void lacks(const char *text, const char *what)
{
	if (strstr(text, what))
		fail_msg("'%s' in:\n%s", what, text);
}

static void test_nft(void **state)
{
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN], buf[4096];
	size_t n;

	(void)state;
	assert_int_equal(add(s, "nat1", "mode nat address 192.0.2.1/24 bridge br-n", why), 0);
	n = net_nft_script(s, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	has_lines(buf, "add table inet brkit-nat1\n"
		       "flush table inet brkit-nat1\n"
		       "table inet brkit-nat1 {\n"
		       "\tchain forward {\n"
		       "\t\ttype filter hook forward priority filter; policy accept;\n"
		       "\t\tiifname \"br-n\" oifname \"br-n\" accept\n"
		       "\t\tiifname \"br-n\" ip saddr 192.0.2.0/24 oifname != \"br-n\" accept\n"
		       "\t\toifname \"br-n\" ip daddr 192.0.2.0/24 ct state established,related "
		       "accept\n"
		       "\t\tiifname \"br-n\" drop\n"
		       "\t\toifname \"br-n\" drop\n"
		       "\tchain postrouting {\n"
		       "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
		       "\t\tip saddr 192.0.2.0/24 ip daddr != 192.0.2.0/24 oifname != \"br-n\" "
		       "masquerade\n");
	lacks(buf, "ip6");
	/* never any other table, and never a flush of the whole ruleset */
	lacks(buf, "flush ruleset");
	/* with an uplink and IPv6: out through the uplink only; IPv6 routed, not NATed */
	assert_int_equal(add(s, "nat1",
			     "mode nat address 192.0.2.1/24 bridge br-n uplink eth0 "
			     "ipv6 2001:db8:7::1/64",
			     why),
			 0);
	net_nft_script(s, buf, sizeof(buf));
	has_lines(buf, "\t\tiifname \"br-n\" ip saddr 192.0.2.0/24 oifname \"eth0\" accept\n"
		       "\t\tiifname \"br-n\" ip6 saddr 2001:db8:7::/64 oifname \"eth0\" accept\n"
		       "\t\toifname \"br-n\" ip6 daddr 2001:db8:7::/64 accept\n"
		       "\t\tip saddr 192.0.2.0/24 ip daddr != 192.0.2.0/24 oifname \"eth0\" "
		       "masquerade\n");
	/* routed: both ways, no NAT */
	assert_int_equal(
		add(s, "rt", "mode routed address 198.51.100.65/26 ipv6 2001:db8:9:ff::1/60", why),
		0);
	net_nft_script(s, buf, sizeof(buf));
	has_lines(buf, "table inet brkit-rt {\n"
		       "\t\tiifname \"brk-rt\" ip saddr 198.51.100.64/26 oifname != \"brk-rt\" "
		       "accept\n"
		       "\t\toifname \"brk-rt\" ip daddr 198.51.100.64/26 accept\n"
		       "\t\tiifname \"brk-rt\" ip6 saddr 2001:db8:9:f0::/60 oifname != \"brk-rt\" "
		       "accept\n"
		       "\t\toifname \"brk-rt\" ip6 daddr 2001:db8:9:f0::/60 accept\n"
		       "\t\tiifname \"brk-rt\" drop\n");
	lacks(buf, "masquerade");
	lacks(buf, "postrouting");
	lacks(buf, "ct state");
	/* isolated: only the drops */
	assert_int_equal(add(s, "iso", "mode isolated address 203.0.113.1/24", why), 0);
	net_nft_script(s, buf, sizeof(buf));
	has_lines(buf, "\t\tiifname \"brk-iso\" oifname \"brk-iso\" accept\n"
		       "\t\tiifname \"brk-iso\" drop\n\t\toifname \"brk-iso\" drop\n");
	/* the one accept: VM to VM on the bridge (br_netfilter passes bridged frames here) */
	assert_non_null(strstr(buf, "oifname \"brk-iso\" accept\n"));
	assert_null(strstr(strstr(buf, "oifname \"brk-iso\" accept\n") + 24, "accept\n"));
	lacks(buf, "saddr");
	lacks(buf, "masquerade");
	/* the length it would write, when the buffer is short */
	assert_int_equal(net_nft_script(s, buf, 16), net_nft_script(s, NULL, 0));
	assert_int_equal(strlen(buf), 15);
	free(s);
}

static void test_dnsmasq(void **state)
{
	struct net_spec *s = spec_new();
	char why[NET_WHYLEN], buf[4096];
	size_t n;

	(void)state;
	assert_int_equal(add(s, "default",
			     "mode nat address 192.168.122.1/24 dhcp 192.168.122.2-192.168.122.254 "
			     "bridge virbr0 domain vm.example",
			     why),
			 0);
	n = net_dnsmasq_conf(s, "/run/brkit/net/default", buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	has_lines(buf, "pid-file=/run/brkit/net/default/dnsmasq.pid\n"
		       "interface=virbr0\n"
		       "except-interface=lo\n"
		       "bind-interfaces\n"
		       "domain-needed\n"
		       "bogus-priv\n"
		       "domain=vm.example\n"
		       "local=/vm.example/\n"
		       "dhcp-range=192.168.122.2,192.168.122.254,255.255.255.0,1h\n"
		       "dhcp-leasefile=/run/brkit/net/default/leases\n"
		       "dhcp-hostsfile=/run/brkit/net/default/hosts\n");
	lacks(buf, "port=0");
	lacks(buf, "dhcp-option");
	lacks(buf, "enable-ra");
	/* DNS off: no DNS server, and DHCP gives none */
	assert_int_equal(add(s, "rt",
			     "mode routed address 198.51.100.1/25 dhcp 198.51.100.10-198.51.100.20 "
			     "dns off",
			     why),
			 0);
	net_dnsmasq_conf(s, "/d", buf, sizeof(buf));
	has_lines(buf, "interface=brk-rt\nport=0\n"
		       "dhcp-range=198.51.100.10,198.51.100.20,255.255.255.128,1h\n"
		       "dhcp-option=6\n");
	lacks(buf, "domain");
	lacks(buf, "dhcp-option=3");
	/* isolated: no router option; IPv6 by router advertisements */
	assert_int_equal(add(s, "iso",
			     "mode isolated address 203.0.113.1/24 dhcp 203.0.113.50-203.0.113.60 "
			     "ipv6 2001:db8:3::1/64",
			     why),
			 0);
	net_dnsmasq_conf(s, "/d", buf, sizeof(buf));
	has_lines(buf,
		  "dhcp-option=3\nenable-ra\ndhcp-range=::,constructor:brk-iso,ra-stateless\n");
	/* no DHCP: no range, lease or hosts file */
	assert_int_equal(add(s, "nod", "mode nat address 203.0.113.1/24", why), 0);
	net_dnsmasq_conf(s, "/d", buf, sizeof(buf));
	lacks(buf, "dhcp");
	has_lines(buf, "interface=brk-nod\n");
	free(s);
}

static void test_host_words(void **state)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "mac 52:54:00:00:00:01", "net host add needs mac MAC and ip IP" },
		{ "ip 192.0.2.5", "net host add needs mac MAC and ip IP" },
		{ "mac 52:54:00:00:00:01 ip", "'ip' needs a value" },
		{ "mac 52:54:00:00:00:01 mac 52:54:00:00:00:02 ip 192.0.2.5", "'mac' given twice" },
		{ "mac 52:54:00:00:00:01 ip 192.0.2.5 colour red", "'colour': not a keyword" },
		{ "mac 53:54:00:00:00:01 ip 192.0.2.5", "mac '53:54:00:00:00:01': not a unicast" },
		{ "mac 52:54:00:00:00 ip 192.0.2.5", "mac '52:54:00:00:00'" },
		{ "mac 52-54-00-00-00-01 ip 192.0.2.5", "mac '52-54-00-00-00-01'" },
		{ "mac +2:54:00:00:00:01 ip 192.0.2.5", "mac '+2:54:00:00:00:01'" },
		{ "mac 52:54:00:00:00:01 ip 192.0.2", "ip '192.0.2': not an IPv4 address" },
		{ "mac 52:54:00:00:00:01 ip 2001:db8::1", "ip '2001:db8::1'" },
		{ "mac 52:54:00:00:00:01 ip 192.0.2.5 name a.b", "host name 'a.b'" },
		{ "mac 52:54:00:00:00:01 ip 192.0.2.5 name -a", "host name '-a': starts with '-'" },
		{ "mac 52:54:00:00:00:01 ip 192.0.2.5 name "
		  "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd",
		  "1 to 63 characters" },
	};
	struct net_host h;
	char buf[512], *w[16], why[NET_WHYLEN], line[128];
	size_t i;
	int n;

	(void)state;
	snprintf(buf, sizeof(buf), "ip 192.0.2.5 name vm-1 mac 52:54:00:AB:cd:01");
	n = words(buf, w, 16);
	assert_int_equal(net_host_parse(&h, n, w, why, sizeof(why)), 0);
	assert_memory_equal(h.mac, "\x52\x54\x00\xab\xcd\x01", 6);
	assert_string_equal(h.name, "vm-1");
	assert_int_equal(net_host_line(&h, line, sizeof(line)), 33);
	assert_string_equal(line, "52:54:00:ab:cd:01,192.0.2.5,vm-1\n");
	snprintf(buf, sizeof(buf), "mac 52:54:00:00:00:02 ip 192.0.2.6");
	n = words(buf, w, 16);
	assert_int_equal(net_host_parse(&h, n, w, why, sizeof(why)), 0);
	assert_string_equal(h.name, "");
	net_host_line(&h, line, sizeof(line));
	assert_string_equal(line, "52:54:00:00:00:02,192.0.2.6\n");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i].line);
		n = words(buf, w, 16);
		why[0] = 0;
		if (net_host_parse(&h, n, w, why, sizeof(why)) != -EINVAL)
			fail_msg("case %zu (%s): accepted", i, bad[i].line);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
	}
}

static void test_hosts_file(void **state)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "52:54:00:00:00:01\n", "line 1: not MAC,IP[,NAME]" },
		{ "52:54:00:00:00:01,192.0.2.10\nx,192.0.2.11\n", "line 2: not MAC,IP[,NAME]" },
		{ "52:54:00:00:00:01,192.0.2.300\n", "line 1" },
		{ "52:54:00:00:00:01,192.0.2.10,vm_1\n", "line 1" },
		{ "52:54:00:00:00:01,192.0.2.10,vm1,extra\n", "line 1" },
	};
	struct net_spec *s = spec_new();
	char text[4096], line[128], why[NET_WHYLEN];
	size_t i, used = 0;

	(void)state;
	strcpy(text, "# static leases\n52:54:00:00:00:01,192.0.2.10,vm1\n\n"
		     "52:54:00:00:00:02,192.0.2.11\n");
	assert_int_equal(net_hosts_parse(text, s, why, sizeof(why)), 0);
	assert_int_equal(s->nhosts, 2);
	assert_string_equal(s->hosts[0].name, "vm1");
	assert_memory_equal(s->hosts[1].mac, "\x52\x54\x00\x00\x00\x02", 6);
	assert_string_equal(s->hosts[1].name, "");
	/* what net_host_line writes, net_hosts_parse reads */
	for (i = 0; i < 2; i++) {
		net_host_line(&s->hosts[i], line, sizeof(line));
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s", line);
	}
	assert_string_equal(text,
			    "52:54:00:00:00:01,192.0.2.10,vm1\n52:54:00:00:00:02,192.0.2.11\n");
	assert_int_equal(net_hosts_parse(text, s, why, sizeof(why)), 0);
	assert_int_equal(s->nhosts, 2);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s", bad[i].text);
		why[0] = 0;
		assert_int_equal(net_hosts_parse(text, s, why, sizeof(why)), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
	}
	free(s);
}

struct seen {
	struct net_lease l[8];
	int n;
};

static int collect(const struct net_lease *l, void *arg)
{
	struct seen *s = arg;

	if (s->n >= 8)
		return -ENOSPC;
	s->l[s->n++] = *l;
	return 0;
}

static int stop_at_first(const struct net_lease *l, void *arg)
{
	(void)l;
	++*(int *)arg;
	return -ECANCELED;
}

static void test_leases(void **state)
{
	/* as dnsmasq 2.90 writes its lease file: IPv4 leases, a "duid" line
	 * (the server's DUID, when DHCPv6 is on) and an IPv6 lease (IAID, not a
	 * MAC) */
	char text[] =
		"1765080000 52:54:00:12:34:56 192.168.122.45 vm1 01:52:54:00:12:34:56\n"
		"0 52:54:00:00:00:07 192.168.122.7 * *\n"
		"duid 00:01:00:01:2e:d5:a1:33:52:54:00:aa:bb:cc\n"
		"1765080000 1234567 2001:db8::10 vm6 00:01:00:01:2e:d5:a1:33:52:54:00:00:00:06\n"
		"garbage\n"
		"17x 52:54:00:00:00:08 192.168.122.8 vm8 *\n";
	char text2[] = "1 52:54:00:00:00:01 192.0.2.1 a *\n2 52:54:00:00:00:02 192.0.2.2 b *\n";
	struct seen s = { .n = 0 };
	int calls = 0;

	(void)state;
	assert_int_equal(net_leases_parse(text, collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.l[0].expiry, 1765080000LL);
	assert_memory_equal(s.l[0].mac, "\x52\x54\x00\x12\x34\x56", 6);
	assert_string_equal(s.l[0].ip, "192.168.122.45");
	assert_string_equal(s.l[0].hostname, "vm1");
	assert_int_equal(s.l[1].expiry, 0);
	assert_string_equal(s.l[1].ip, "192.168.122.7");
	assert_string_equal(s.l[1].hostname, "");
	/* the callback's error stops the walk and is returned */
	assert_int_equal(net_leases_parse(text2, stop_at_first, &calls), -ECANCELED);
	assert_int_equal(calls, 1);
}

/* A lease line whose address field is no address, or longer than an IPv6
 * address can be, is skipped like any line that does not parse. */
static void test_leases_bad_ip(void **state)
{
	char text[512];
	struct seen s = { .n = 0 };

	(void)state;
	snprintf(text, sizeof(text),
		 "1 52:54:00:00:00:01 %s a *\n"
		 "1 52:54:00:00:00:02 not-an-address b *\n"
		 "1 52:54:00:00:00:03 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 c *\n",
		 "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeee"); /* 46 characters */
	assert_int_equal(net_leases_parse(text, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.l[0].ip, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
	assert_string_equal(s.l[0].hostname, "c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),		cmocka_unit_test(test_mask_overlap),
		cmocka_unit_test(test_spec_round_trip), cmocka_unit_test(test_spec_bad),
		cmocka_unit_test(test_spec_hosts),	cmocka_unit_test(test_state),
		cmocka_unit_test(test_state_bad),	cmocka_unit_test(test_nft),
		cmocka_unit_test(test_dnsmasq),		cmocka_unit_test(test_host_words),
		cmocka_unit_test(test_hosts_file),	cmocka_unit_test(test_leases),
		cmocka_unit_test(test_leases_bad_ip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

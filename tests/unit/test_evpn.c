// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit evpn's pure parts: the host file parser (every field, every fault
 * with its line), the kernel plan against made-up kernel states (nothing to
 * do when all matches, what to create, fix, replace or delete) and the FRR
 * commands and their check against a running configuration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "evpn/evpn.h"
#include "hooks/vmport.h"

static const char *good = "# host 1\n"
			  "vtep: 203.0.113.1\n"
			  "underlay: [ul1, ul2]\n"
			  "bgp:\n"
			  "  asn: 65001\n"
			  "  advertise-vtep: yes\n"
			  "  peers:\n"
			  "    - address: 192.0.2.2\n"
			  "      remote-as: 65002\n"
			  "    - interface: ul2\n"
			  "      remote-as: external\n"
			  "frr:\n"
			  "  vty-socket: /run/x\n"
			  "  pathspace: ns1\n"
			  "  save: false\n"
			  "vnis:\n"
			  "  - vni: 100\n"
			  "    vlan: 10\n"
			  "  - vni: 200\n"
			  "    vlan: 20\n"
			  "    bridge: brsec\n"
			  "    vxlan: vxsec\n";

static int parse(const char *text, struct evpn_spec *s, char *why, size_t len)
{
	return evpn_spec_parse(text, strlen(text), "h.yml", s, why, len);
}

static void test_parse_good(void **state)
{
	struct evpn_spec s;
	char why[256];

	(void)state;
	assert_int_equal(parse(good, &s, why, sizeof(why)), 0);
	assert_string_equal(s.vtep_str, "203.0.113.1");
	assert_int_equal(s.vtep.family, AF_INET);
	assert_int_equal(s.nunderlay, 2);
	assert_string_equal(s.underlay[1], "ul2");
	assert_int_equal(s.asn, 65001);
	assert_string_equal(s.router_id, "203.0.113.1"); /* defaults to the VTEP */
	assert_true(s.advertise_vtep);
	assert_int_equal(s.npeers, 2);
	assert_string_equal(s.peers[0].address, "192.0.2.2");
	assert_string_equal(s.peers[0].remote_as, "65002");
	assert_string_equal(s.peers[1].ifname, "ul2");
	assert_string_equal(s.peers[1].remote_as, "external");
	assert_string_equal(s.vty_socket, "/run/x");
	assert_string_equal(s.pathspace, "ns1");
	assert_false(s.save);
	assert_int_equal(s.dstport, 4789);
	assert_int_equal(s.nvnis, 2);
	assert_string_equal(s.vnis[0].bridge, "br100");
	assert_string_equal(s.vnis[0].vxlan, "vx100");
	assert_string_equal(s.vnis[1].bridge, "brsec");
	assert_string_equal(s.vnis[1].vxlan, "vxsec");
	assert_int_equal(s.vnis[1].line, 19);
	assert_ptr_equal(evpn_spec_vlan(&s, 20), &s.vnis[1]);
	assert_ptr_equal(evpn_spec_vni(&s, 100), &s.vnis[0]);
	assert_null(evpn_spec_vni(&s, 300));
	evpn_spec_free(&s);
}

/* Replace the first @from in good by @to and expect @want in the error. */
static void bad(const char *from, const char *to, const char *want)
{
	char text[4096], why[512];
	const char *at = strstr(good, from);
	struct evpn_spec s;

	assert_non_null(at);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
	if (parse(text, &s, why, sizeof(why)) != -EINVAL || !strstr(why, want)) {
		print_error("input with '%s' -> '%s': got [%s], want [%s]\n", from, to, why, want);
		fail();
	}
	assert_null(s.vnis);
}

static void test_parse_bad(void **state)
{
	(void)state;
	bad("    vlan: 20\n", "    vlan: 10\n",
	    "h.yml:19: VLAN 10 is used twice (VNI 100 at line 17 and VNI 200 at line 19)");
	bad("vni: 200", "vni: 100", "h.yml:19: VNI 100 is given twice (line 17)");
	bad("vni: 200", "vni: 16777216",
	    "h.yml:19: vnis: vni: 16777216 is out of range 1..16777215");
	bad("vni: 200", "vni: 0", "vni: 0 is out of range");
	bad("vni: 200", "vni: -1", "vni: '-1' is not a number");
	bad("vni: 200", "vni: 2x", "vni: '2x' is not a number");
	bad("vlan: 20", "vlan: 4095", "vlan: 4095 is out of range 1..4094");
	bad("    vlan: 20\n", "", "VNI 200: vlan is missing");
	bad("  - vni: 200\n    vlan: 20\n", "  - vlan: 30\n", "vnis: an entry without its vni");
	bad("vtep: 203.0.113.1", "vtep: 203.0.113.300", "vtep '203.0.113.300' is not an IPv4");
	bad("vtep: 203.0.113.1\n", "", "vtep is missing");
	bad("asn: 65001", "asn: 0", "bgp: asn: 0 is out of range 1..4294967295");
	bad("asn: 65001", "asn: 4294967296", "out of range");
	bad("  asn: 65001\n", "", "bgp: asn is missing");
	bad("remote-as: 65002", "remote-as: ibgp", "'ibgp' is not an AS number");
	bad("      remote-as: 65002\n", "", "bgp: peer 192.0.2.2: remote-as is missing");
	bad("    - interface: ul2", "    - address: 192.0.2.2", "peer 192.0.2.2 given twice");
	bad("address: 192.0.2.2", "address: 192.0.2", "is not an IPv4 or IPv6 address");
	bad("bridge: brsec", "bridge: br100",
	    "VNI 200: device br100 is VNI 100's already (line 17; give another bridge: or vxlan: name)");
	bad("bridge: brsec", "bridge: vxsec", "bridge and vxlan are both 'vxsec'");
	bad("bridge: brsec", "bridge: ul1", "VNI 200: 'ul1' is an underlay device");
	bad("bridge: brsec", "bridge: a-name-much-too-long",
	    "interface name 'a-name-much-too-long'");
	bad("underlay: [ul1, ul2]", "underlay: [ul1, ul1]", "underlay: ul1 given twice");
	bad("vtep:", "vtpe:", "unknown key 'vtpe'");
	bad("    vlan: 10\n", "    vlan: 10\n    vlan: 11\n", "'vlan' given twice");
	bad("vty-socket: /run/x", "vty-socket: run/x", "must be an absolute directory path");
	bad("pathspace: ns1", "pathspace: a/b", "pathspace 'a/b' is not a plain name");
	bad("save: false", "save: maybe", "frr: save: 'maybe' is not true or false");
	bad("vnis:\n", "vnis: [\n", "not YAML");
	bad("vtep: 203.0.113.1", "vtep: 2001:db8::1", "router-id is needed with an IPv6 vtep");
}

static void test_parse_minimal(void **state)
{
	struct evpn_spec s;
	char why[256];

	(void)state;
	assert_int_equal(parse("vtep: 192.0.2.1\nbgp: {asn: 1, router-id: 192.0.2.9, peers: "
			       "[{address: 2001:db8::2, remote-as: internal}]}\n",
			       &s, why, sizeof(why)),
			 0);
	assert_int_equal(s.nvnis, 0);
	assert_true(s.save); /* the system's FRR */
	assert_false(s.save_given);
	assert_string_equal(s.router_id, "192.0.2.9");
	assert_string_equal(s.peers[0].remote_as, "internal");
	evpn_spec_free(&s);
	assert_int_equal(parse("vtep: 192.0.2.1\nbgp: {asn: 1, peers: [{address: 192.0.2.2, "
			       "remote-as: 2}]}\nfrr: {vty-socket: /run/lab}\n",
			       &s, why, sizeof(why)),
			 0);
	assert_false(s.save); /* another FRR: vtysh would write the system's file */
	evpn_spec_free(&s);
	assert_int_equal(parse("vtep: 2001:db8::1\nbgp: {asn: 1, router-id: 192.0.2.9, "
			       "advertise-vtep: on, peers: [{address: 2001:db8::2, remote-as: "
			       "internal}]}\nfrr: {vty-socket: /run/lab, save: yes}\n",
			       &s, why, sizeof(why)),
			 0);
	assert_true(s.save);
	{
		char **c, all[1024] = "";
		int n = evpn_frr_commands(&s, &c), i;

		for (i = 0; i < n; i++) {
			strcat(all, c[i]);
			strcat(all, "|");
		}
		assert_non_null(strstr(all, "address-family ipv6 unicast|network 2001:db8::1/128|"
					    "neighbor 2001:db8::2 activate|exit-address-family|"));
		assert_non_null(strstr(all, "|end|write memory|"));
		evpn_strv_free(c, n);
	}
	evpn_spec_free(&s);
	assert_int_equal(parse("", &s, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "the file is empty"));
	assert_int_equal(parse("- a\n", &s, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "the file: expected a mapping"));
	assert_int_equal(parse("vtep: 192.0.2.1\nbgp: {asn: 1, peers: []}\n", &s, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "at least one peer"));
}

/* ---- the plan ---- */
static struct evpn_spec spec;

static int setup_spec(void **state)
{
	char why[256];

	(void)state;
	return parse(good, &spec, why, sizeof(why));
}

static int teardown_spec(void **state)
{
	(void)state;
	evpn_spec_free(&spec);
	return 0;
}

static struct evpn_link lk(const char *name, int ifindex, const char *kind, int master)
{
	struct evpn_link l;

	memset(&l, 0, sizeof(l));
	snprintf(l.name, sizeof(l.name), "%s", name);
	l.ifindex = ifindex;
	snprintf(l.kind, sizeof(l.kind), "%s", kind);
	l.master = master;
	l.up = true;
	return l;
}

static struct evpn_link vx(const char *name, int ifindex, uint32_t vni, int master)
{
	struct evpn_link l = lk(name, ifindex, "vxlan", master);

	l.vni = vni;
	l.local.family = AF_INET;
	inet_pton(AF_INET, "203.0.113.1", l.local.addr);
	l.dstport = 4789;
	l.learning = false;
	l.is_port = master != 0;
	l.neigh_suppress = true;
	return l;
}

/* The layout of @spec, complete: lo, ul1, ul2, br100, vx100, brsec, vxsec. */
static size_t full(struct evpn_link *l)
{
	size_t n = 0;

	l[n++] = lk("lo", 1, "", 0);
	l[n++] = lk("ul1", 2, "veth", 0);
	l[n++] = lk("ul2", 3, "veth", 0);
	l[n++] = lk("br100", 10, "bridge", 0);
	l[n++] = vx("vx100", 11, 100, 10);
	l[n++] = lk("brsec", 20, "bridge", 0);
	l[n++] = vx("vxsec", 21, 200, 20);
	return n;
}

static struct evpn_link *find(struct evpn_link *l, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i].name, name))
			return &l[i];
	return NULL;
}

/* Plan and write the actions as "kind dev[@bridge]" joined by ", ". */
static int plan_str(struct evpn_link *l, size_t n, char *out, size_t len, char *why)
{
	struct evpn_state st = { .links = l, .n = n };
	struct evpn_act *a;
	size_t na, i, o = 0;
	int err;

	out[0] = 0;
	err = evpn_plan(&spec, &st, &a, &na, why, 256);
	if (err)
		return err;
	for (i = 0; i < na; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s %s%s%s", i ? ", " : "",
				      evpn_act_name(a[i].kind), a[i].dev, a[i].bridge[0] ? "@" : "",
				      a[i].bridge);
	free(a);
	return 0;
}

static void test_plan_nothing(void **state)
{
	struct evpn_link l[16];
	char out[1024], why[256];
	size_t n = full(l);

	(void)state;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "");
}

static void test_plan_empty_kernel(void **state)
{
	struct evpn_link l[16];
	char out[1024], why[256];
	size_t n = 3;

	(void)state;
	full(l);
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "create bridge br100, create vxlan vx100@br100, "
				 "set port flags vx100@br100, create bridge brsec, "
				 "create vxlan vxsec@brsec, set port flags vxsec@brsec");
}

static void test_plan_fixes(void **state)
{
	struct evpn_link l[16];
	char out[1024], why[256];
	size_t n;

	(void)state;
	/* a bridge down, a port with learning on */
	n = full(l);
	find(l, n, "br100")->up = false;
	find(l, n, "vxsec")->port_learning = true;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "set bridge up br100, set port flags vxsec@brsec");
	/* neigh_suppress off, vxlan down */
	n = full(l);
	find(l, n, "vx100")->neigh_suppress = false;
	find(l, n, "vx100")->up = false;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "set vxlan up vx100, set port flags vx100@br100");
	/* a vxlan device not enslaved */
	n = full(l);
	find(l, n, "vx100")->master = 0;
	find(l, n, "vx100")->is_port = false;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "enslave vxlan vx100@br100, set port flags vx100@br100");
	/* a port of another bridge: released from it, enslaved to its own */
	n = full(l);
	l[n++] = lk("brx", 40, "bridge", 0);
	find(l, n, "vx100")->master = 40;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "enslave vxlan vx100@br100, set port flags vx100@br100");
	/* the wrong VNI, the wrong port, learning on: replaced */
	n = full(l);
	find(l, n, "vx100")->vni = 101;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "delete vxlan vx100, create vxlan vx100@br100, "
				 "set port flags vx100@br100");
	n = full(l);
	find(l, n, "vxsec")->dstport = 8472;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "delete vxlan vxsec, create vxlan vxsec@brsec, "
				 "set port flags vxsec@brsec");
	n = full(l);
	find(l, n, "vxsec")->learning = true;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "delete vxlan vxsec, create vxlan vxsec@brsec, "
				 "set port flags vxsec@brsec");
	n = full(l);
	inet_pton(AF_INET, "203.0.113.7", find(l, n, "vxsec")->local.addr);
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "delete vxlan vxsec, create vxlan vxsec@brsec, "
				 "set port flags vxsec@brsec");
}

static void test_plan_removed(void **state)
{
	struct evpn_link l[16];
	char out[1024], why[256];
	size_t n = full(l);

	(void)state;
	/* VNI 300's devices (not in the file): deleted, its bridge too */
	l[n++] = lk("br300", 30, "bridge", 0);
	l[n++] = vx("vx300", 31, 300, 30);
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "delete vxlan vx300@br300, delete bridge br300");
	/* a VM still on br300: the bridge stays */
	l[n++] = lk("tap0", 32, "tun", 30);
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "delete vxlan vx300@br300");
	/* a VXLAN device of another VTEP, or learning on, or no bridge: not ours */
	n = full(l);
	l[n++] = lk("br300", 30, "bridge", 0);
	l[n] = vx("vx300", 31, 300, 30);
	inet_pton(AF_INET, "203.0.113.7", l[n++].local.addr);
	l[n] = vx("vx400", 41, 400, 30);
	l[n++].learning = true;
	l[n++] = vx("vx500", 51, 500, 0);
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), 0);
	assert_string_equal(out, "");
}

static void test_plan_conflicts(void **state)
{
	struct evpn_link l[16];
	char out[1024], why[256];
	size_t n;

	(void)state;
	n = full(l);
	snprintf(find(l, n, "br100")->kind, 32, "veth");
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), -EEXIST);
	assert_string_equal(why, "VNI 100: br100 exists and is not a bridge (kind veth)");
	n = full(l);
	snprintf(find(l, n, "vxsec")->kind, 32, "%s", "");
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), -EEXIST);
	assert_string_equal(why, "VNI 200: vxsec exists and is not a vxlan device (kind none)");
	/* another device carrying VNI 100 that is not a removed VNI's */
	n = full(l);
	l[n] = vx("other", 60, 100, 0);
	n++;
	assert_int_equal(plan_str(l, n, out, sizeof(out), why), -EEXIST);
	assert_string_equal(why, "VNI 100: vxlan device other already carries VNI 100");
}

/* ---- FRR ---- */
static void test_frr_commands(void **state)
{
	char **c;
	int n, i;
	char all[2048] = "";

	(void)state;
	n = evpn_frr_commands(&spec, &c);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		strcat(all, c[i]);
		strcat(all, "|");
	}
	assert_string_equal(all, "configure terminal|router bgp 65001|bgp router-id 203.0.113.1|"
				 "no bgp ebgp-requires-policy|neighbor 192.0.2.2 remote-as 65002|"
				 "neighbor ul2 interface remote-as external|"
				 "address-family ipv4 unicast|network 203.0.113.1/32|"
				 "exit-address-family|address-family l2vpn evpn|"
				 "neighbor 192.0.2.2 activate|neighbor ul2 activate|"
				 "advertise-all-vni|exit-address-family|end|");
	evpn_strv_free(c, n);
}

static const char *run_ok = "Building configuration...\n\n"
			    "Current configuration:\n!\nfrr version 8.4.4\nhostname h1\n!\n"
			    "router bgp 65001\n"
			    " bgp router-id 203.0.113.1\n"
			    " no bgp ebgp-requires-policy\n"
			    " neighbor 192.0.2.2 remote-as 65002\n"
			    " neighbor ul2 interface remote-as external\n"
			    " !\n"
			    " address-family ipv4 unicast\n"
			    "  network 203.0.113.1/32\n"
			    " exit-address-family\n"
			    " !\n"
			    " address-family l2vpn evpn\n"
			    "  neighbor 192.0.2.2 activate\n"
			    "  neighbor ul2 activate\n"
			    "  advertise-all-vni\n"
			    " exit-address-family\n"
			    "exit\n!\nend\n";

static void test_frr_missing(void **state)
{
	char why[256], text[4096];
	const char *at;

	(void)state;
	assert_int_equal(evpn_frr_missing(run_ok, &spec, why, sizeof(why)), 0);
	/* nothing at all */
	assert_true(evpn_frr_missing("hostname h1\n!\nend\n", &spec, why, sizeof(why)) > 0);
	/* one line missing */
	at = strstr(run_ok, "  advertise-all-vni\n");
	snprintf(text, sizeof(text), "%.*s%s", (int)(at - run_ok), run_ok,
		 at + strlen("  advertise-all-vni\n"));
	assert_int_equal(evpn_frr_missing(text, &spec, why, sizeof(why)), 1);
	/* a line in the wrong address family does not count */
	at = strstr(run_ok, "  neighbor 192.0.2.2 activate\n");
	snprintf(text, sizeof(text), "%.*s%s", (int)(at - run_ok), run_ok,
		 at + strlen("  neighbor 192.0.2.2 activate\n"));
	assert_int_equal(evpn_frr_missing(text, &spec, why, sizeof(why)), 1);
	/* a line of another router block does not count */
	snprintf(text, sizeof(text),
		 "router bgp 65001 vrf red\n advertise-all-vni\nexit\n!\nrouter bgp 65001\n"
		 " bgp router-id 203.0.113.1\nexit\n");
	assert_true(evpn_frr_missing(text, &spec, why, sizeof(why)) > 1);
	/* another AS */
	assert_int_equal(evpn_frr_missing("router bgp 65009\n bgp router-id 1.2.3.4\nexit\n", &spec,
					  why, sizeof(why)),
			 -EEXIST);
	assert_non_null(strstr(why, "another BGP instance (router bgp 65009), not AS 65001"));
}

/* ---- vm-port on an EVPN host ---- */
static int spec_words(struct vmport_spec *s, const char *line, char *why)
{
	char buf[256], *w[16], *save = NULL, *t;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (t = strtok_r(buf, " ", &save); t && n < 16; t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	return vmport_spec_parse(s, n, w, why, VMPORT_WHYLEN);
}

static void test_vmport_evpn_spec(void **state)
{
	struct vmport_spec s;
	char why[VMPORT_WHYLEN], out[256];

	(void)state;
	assert_int_equal(spec_words(&s, "vlan 10", why), 0);
	assert_true(s.evpn);
	assert_int_equal(s.vlan, 10);
	vmport_spec_format(&s, out, sizeof(out));
	assert_string_equal(out, "bridge evpn vlan 10");
	assert_int_equal(spec_words(&s, "bridge evpn vlan 20 lock", why), 0);
	assert_true(s.evpn);
	assert_string_equal(s.bridge, "");
	assert_int_equal(spec_words(&s, "bridge br0 vlan 20", why), 0);
	assert_false(s.evpn);
	assert_int_equal(spec_words(&s, "bridge evpn", why), -EINVAL);
	assert_non_null(strstr(why, "bridge evpn needs vlan N"));
	assert_int_equal(spec_words(&s, "bridge evpn vlan 10 trunks 20-30", why), -EINVAL);
	assert_non_null(strstr(why, "joins one VNI"));
	assert_int_equal(spec_words(&s, "trunks 20-30", why), -EINVAL);
	assert_non_null(strstr(why, "'bridge BR' is missing"));
	assert_int_equal(spec_words(&s, "lock", why), -EINVAL);
	assert_non_null(strstr(why, "'bridge BR' is missing"));
}

static void test_vmport_evpn_lookup(void **state)
{
	char text[256], br[IFNAMSIZ], why[256];
	unsigned long vni;
	const char *map = "# brkit evpn apply\nvlan 10 vni 100 bridge br100\n"
			  "vlan 20 vni 200 bridge brsec\n";

	(void)state;
	snprintf(text, sizeof(text), "%s", map);
	assert_int_equal(vmport_evpn_lookup(text, 20, br, &vni, why, sizeof(why)), 0);
	assert_string_equal(br, "brsec");
	assert_int_equal(vni, 200);
	snprintf(text, sizeof(text), "%s", map);
	assert_int_equal(vmport_evpn_lookup(text, 30, br, &vni, why, sizeof(why)), -ENOENT);
	snprintf(text, sizeof(text), "%s", map);
	{
		unsigned int vlan;

		assert_int_equal(vmport_evpn_bridge(text, "brsec", &vlan, &vni, why, sizeof(why)),
				 0);
		assert_int_equal(vlan, 20);
		assert_int_equal(vni, 200);
		snprintf(text, sizeof(text), "%s", map);
		assert_int_equal(vmport_evpn_bridge(text, "br0", &vlan, &vni, why, sizeof(why)),
				 -ENOENT);
	}
	snprintf(text, sizeof(text), "\n\nvlan 10 vni 100 bridge br100\nvlan x vni 1 bridge b\n");
	assert_int_equal(vmport_evpn_lookup(text, 30, br, &vni, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "line 4 is not 'vlan N vni V bridge BR'");
	snprintf(text, sizeof(text), "vlan 4095 vni 100 bridge br100\n");
	assert_int_equal(vmport_evpn_lookup(text, 30, br, &vni, why, sizeof(why)), -EINVAL);
	snprintf(text, sizeof(text), "vlan 10 vni 100 bridge a/b\n");
	assert_int_equal(vmport_evpn_lookup(text, 10, br, &vni, why, sizeof(why)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),	  cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_minimal),	  cmocka_unit_test(test_plan_nothing),
		cmocka_unit_test(test_plan_empty_kernel), cmocka_unit_test(test_plan_fixes),
		cmocka_unit_test(test_plan_removed),	  cmocka_unit_test(test_plan_conflicts),
		cmocka_unit_test(test_frr_commands),	  cmocka_unit_test(test_frr_missing),
		cmocka_unit_test(test_vmport_evpn_spec),  cmocka_unit_test(test_vmport_evpn_lookup),
	};

	return cmocka_run_group_tests(tests, setup_spec, teardown_spec);
}

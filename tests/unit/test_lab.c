// SPDX-License-Identifier: GPL-2.0-or-later
/* The lab topology parser: the file's shape, defaults, values, and every bad
 * input with its line and column. Pure: no privileges, no kernel. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "lab/lab_int.h"

static struct brkit_lab_error lerr;

static struct brkit_lab *parse_ok(const char *text)
{
	struct brkit_lab *lab = NULL;
	int ret = brkit_lab_parse(text, strlen(text), "t.yml", &lab, &lerr);

	if (ret)
		fail_msg("parse failed: %u:%u: %s", lerr.line, lerr.column, lerr.msg);
	assert_non_null(lab);
	return lab;
}

/* Parse @text, expect failure at @line:@col with a message containing @want. */
static void parse_bad(const char *text, unsigned int line, unsigned int col, const char *want)
{
	struct brkit_lab *lab = (struct brkit_lab *)1;
	int ret = brkit_lab_parse(text, strlen(text), "t.yml", &lab, &lerr);

	if (ret != -EINVAL)
		fail_msg("parsed (%d), want [%s] at %u:%u: %s", ret, want, line, col, text);
	assert_null(lab);
	assert_string_equal(lerr.file, "t.yml");
	if (!strstr(lerr.msg, want))
		fail_msg("message [%s] lacks [%s]", lerr.msg, want);
	if (lerr.line != line || lerr.column != col)
		fail_msg("[%s] at %u:%u, want %u:%u", lerr.msg, lerr.line, lerr.column, line, col);
}

static const char ring[] = "name: ring4\n"
			   "topology:\n"
			   "  defaults: {kind: bridge, stp: kernel, forward_delay: 400}\n"
			   "  nodes:\n"
			   "    sw1: {priority: 4096}\n"
			   "    sw2: {}\n"
			   "    sw3:\n"
			   "    h1: {kind: host, addresses: [192.0.2.1/24, \"2001:db8::1/64\"],\n"
			   "         gateway: 192.0.2.254}\n"
			   "  links:\n"
			   "    - endpoints: [\"sw1:p1\", \"sw2:p1\"]\n"
			   "    - endpoints: [\"sw2:p2\", \"sw3:p1\"]\n"
			   "    - endpoints: [\"sw3:p2\", \"sw1:p2\"]\n"
			   "    - endpoints: [\"h1:eth0\", \"sw1:p3\"]\n"
			   "      mtu: 9000\n"
			   "      delay: 5ms\n"
			   "      jitter: 250us\n"
			   "      loss: 1%\n"
			   "      rate: 100mbit\n";

static void test_ring(void **state)
{
	struct brkit_lab *lab = parse_ok(ring);
	const struct brkit_lab_node *sw1, *sw3, *h1;
	const struct brkit_lab_link *l;
	char buf[64];

	(void)state;
	assert_string_equal(lab->name, "ring4");
	assert_string_equal(lab->file, "t.yml");
	assert_int_equal(lab->nnodes, 4);
	assert_int_equal(lab->nlinks, 4);
	sw1 = &lab->nodes[brkit_lab_node_find(lab, "sw1")];
	sw3 = &lab->nodes[brkit_lab_node_find(lab, "sw3")];
	h1 = &lab->nodes[brkit_lab_node_find(lab, "h1")];
	assert_int_equal(brkit_lab_node_find(lab, "nope"), -1);
	/* defaults apply; the node's own options add to them */
	assert_int_equal(sw1->kind, BRKIT_LAB_BRIDGE);
	assert_int_equal(sw1->stp, BRKIT_LAB_STP_KERNEL);
	assert_true(sw1->br.mask & BRKIT_BR_PRIORITY);
	assert_int_equal(sw1->br.priority, 4096);
	assert_true(sw1->br.mask & BRKIT_BR_FORWARD_DELAY);
	assert_int_equal(sw1->br.forward_delay, 400);
	assert_true(sw1->br.mask & BRKIT_BR_STP_STATE);
	assert_int_equal(sw1->br.stp_state, 1);
	assert_true(sw1->br.mask & BRKIT_BR_UP);
	/* an empty value ("sw3:") is an empty node */
	assert_int_equal(sw3->kind, BRKIT_LAB_BRIDGE);
	assert_false(sw3->br.mask & BRKIT_BR_PRIORITY);
	assert_int_equal(sw3->nifaces, 2);
	/* a host of another kind than the defaults takes none of their options */
	assert_int_equal(h1->kind, BRKIT_LAB_HOST);
	assert_int_equal(h1->br.mask, 0);
	assert_int_equal(h1->nifaces, 1);
	assert_string_equal(h1->ifaces[0].ifname, "eth0");
	assert_int_equal(h1->ifaces[0].naddr, 2);
	assert_int_equal(h1->ifaces[0].addr[0].family, AF_INET);
	assert_int_equal(h1->ifaces[0].addr[0].prefix, 24);
	inet_ntop(AF_INET6, h1->ifaces[0].addr[1].addr, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::1");
	assert_true(h1->has_gateway);
	inet_ntop(AF_INET, h1->gateway.addr, buf, sizeof(buf));
	assert_string_equal(buf, "192.0.2.254");
	/* sw1's interfaces in the order links name them */
	assert_int_equal(sw1->nifaces, 3);
	assert_string_equal(sw1->ifaces[0].ifname, "p1");
	assert_string_equal(sw1->ifaces[2].ifname, "p3");
	l = &lab->links[3];
	assert_int_equal(l->mtu, 9000);
	assert_int_equal(l->delay_us, 5000);
	assert_int_equal(l->jitter_us, 250);
	assert_int_equal(l->loss, (uint32_t)(UINT32_MAX / 100));
	assert_int_equal(l->rate, 12500000);
	assert_int_equal(l->line, 14);
	assert_int_equal(l->column, 7);
	assert_int_equal(lab->nodes[l->end[0].node].kind, BRKIT_LAB_HOST);
	assert_string_equal(lab->nodes[l->end[1].node].ifaces[l->end[1].iface].ifname, "p3");
	brkit_lab_free(lab);
}

static void test_ports(void **state)
{
	struct brkit_lab *lab = parse_ok(
		"name: p\n"
		"topology:\n"
		"  nodes:\n"
		"    sw: {kind: bridge, address: \"02:00:00:00:00:01\", ageing_time: 3000,\n"
		"         ports: {p1: {cost: 10, priority: 3, learning: off, hairpin: on},\n"
		"                 p2: {vlans: \"10,20-30\", pvid: 10}}}\n"
		"    h: {kind: host, interfaces: {e1: {addresses: [198.51.100.1/24]}}}\n"
		"  links:\n"
		"    - endpoints: [\"sw:p1\", \"h:e1\"]\n"
		"    - endpoints: [\"sw:p2\", \"h:e2\"]\n");
	const struct brkit_lab_node *sw = &lab->nodes[0], *h = &lab->nodes[1];

	(void)state;
	assert_true(sw->br.mask & BRKIT_BR_ADDRESS);
	assert_int_equal(sw->br.address[5], 1);
	assert_int_equal(sw->br.ageing_time, 3000);
	assert_int_equal(sw->stp, BRKIT_LAB_STP_OFF);
	assert_int_equal(sw->br.stp_state, 0);
	assert_true(sw->ifaces[0].port.has_cost);
	assert_int_equal(sw->ifaces[0].port.cost, 10);
	assert_int_equal(sw->ifaces[0].port.priority, 3);
	assert_int_equal(sw->ifaces[0].port.flags_mask, BRKIT_PF_LEARNING | BRKIT_PF_HAIRPIN);
	assert_int_equal(sw->ifaces[0].port.flags, BRKIT_PF_HAIRPIN);
	assert_true(sw->ifaces[1].has_vlans);
	assert_int_equal(brkit_vlan_set_count(&sw->ifaces[1].vlans), 12);
	assert_int_equal(sw->ifaces[1].pvid, 10);
	/* VLANs on a port turn vlan_filtering on */
	assert_true(sw->br.mask & BRKIT_BR_VLAN_FILTERING);
	assert_true(sw->br.vlan_filtering);
	assert_int_equal(h->nifaces, 2);
	assert_int_equal(h->ifaces[0].naddr, 1);
	assert_int_equal(h->ifaces[1].naddr, 0);
	brkit_lab_free(lab);
}

static void test_values(void **state)
{
	uint32_t us, p;
	uint64_t r;

	(void)state;
	assert_int_equal(brkit_lab_parse_duration("5ms", &us), 0);
	assert_int_equal(us, 5000);
	assert_int_equal(brkit_lab_parse_duration("1.5s", &us), 0);
	assert_int_equal(us, 1500000);
	assert_int_equal(brkit_lab_parse_duration("0.5ms", &us), 0);
	assert_int_equal(us, 500);
	assert_int_equal(brkit_lab_parse_duration("60s", &us), 0);
	assert_int_equal(brkit_lab_parse_duration("61s", &us), -ERANGE);
	assert_int_equal(brkit_lab_parse_duration("5", &us), -EINVAL);
	assert_int_equal(brkit_lab_parse_duration("5 ms", &us), -EINVAL);
	assert_int_equal(brkit_lab_parse_duration("ms", &us), -EINVAL);
	assert_int_equal(brkit_lab_parse_duration("-5ms", &us), -EINVAL);
	assert_int_equal(brkit_lab_parse_duration("5.ms", &us), -EINVAL);
	assert_int_equal(brkit_lab_parse_duration("5min", &us), -EINVAL);
	assert_int_equal(brkit_lab_parse_percent("100%", &p), 0);
	assert_int_equal(p, UINT32_MAX);
	assert_int_equal(brkit_lab_parse_percent("0%", &p), 0);
	assert_int_equal(p, 0);
	assert_int_equal(brkit_lab_parse_percent("0.5%", &p), 0);
	assert_int_equal(p, (uint32_t)(UINT32_MAX / 200));
	assert_int_equal(brkit_lab_parse_percent("101%", &p), -ERANGE);
	assert_int_equal(brkit_lab_parse_percent("1", &p), -EINVAL);
	assert_int_equal(brkit_lab_parse_percent("%", &p), -EINVAL);
	assert_int_equal(brkit_lab_parse_percent("x%", &p), -EINVAL);
	assert_int_equal(brkit_lab_parse_rate("1gbit", &r), 0);
	assert_int_equal(r, 125000000);
	assert_int_equal(brkit_lab_parse_rate("8bit", &r), 0);
	assert_int_equal(r, 1);
	assert_int_equal(brkit_lab_parse_rate("2.5mbps", &r), 0);
	assert_int_equal(r, 2500000);
	assert_int_equal(brkit_lab_parse_rate("1bit", &r), -ERANGE);
	assert_int_equal(brkit_lab_parse_rate("100gbit", &r), -ERANGE);
	assert_int_equal(brkit_lab_parse_rate("100", &r), -EINVAL);
	assert_int_equal(brkit_lab_parse_rate("fast", &r), -EINVAL);
}

static void test_names(void **state)
{
	char buf[BRKIT_LAB_NSLEN];
	const char *why;

	(void)state;
	assert_int_equal(brkit_lab_netns_name(buf, sizeof(buf), "ring4", "sw1", &why), 0);
	assert_string_equal(buf, "ring4-sw1");
	assert_int_equal(brkit_lab_name_check("a.b_c-9", &why), 0);
	assert_int_equal(brkit_lab_name_check("", &why), -EINVAL);
	assert_int_equal(brkit_lab_name_check("-x", &why), -EINVAL);
	assert_int_equal(brkit_lab_name_check("..", &why), -EINVAL);
	assert_int_equal(brkit_lab_name_check("a/b", &why), -EINVAL);
	assert_int_equal(brkit_lab_name_check("a b", &why), -EINVAL);
	assert_int_equal(brkit_lab_name_check("0123456789012345678901234567890123456789012345678901"
					      "234567890123",
					      &why),
			 -EINVAL);
}

#define HEAD "name: t\ntopology:\n"

static void test_bad(void **state)
{
	struct brkit_lab *ok;

	(void)state;
	/* YAML syntax */
	parse_bad("name: t\ntopology: {nodes: [\n", 3, 1, "YAML syntax error");
	parse_bad("name: t\n  bad: indent\n", 2, 6, "YAML syntax error");
	parse_bad("", 0, 0, "empty");
	/* shape */
	parse_bad("- a\n", 1, 1, "expected a mapping");
	parse_bad("name: t\nprefix: x\n", 2, 1, "unknown key 'prefix'");
	parse_bad("name: t\nname: u\n", 2, 1, "given twice");
	parse_bad("topology: {}\n", 1, 1, "no lab name");
	parse_bad("name: a/b\ntopology: {}\n", 1, 7, "lab name 'a/b'");
	parse_bad(HEAD "  mgmt: {}\n", 3, 3, "topology: unknown key 'mgmt'");
	parse_bad(HEAD "  links: []\n", 3, 3, "no nodes");
	parse_bad(HEAD "  nodes: {}\n", 3, 10, "no node");
	parse_bad(HEAD "  nodes: [a]\n", 3, 10, "expected a mapping of node names");
	/* kinds and keys */
	parse_bad(HEAD "  nodes:\n    a: {kind: switch}\n", 4, 15, "unknown kind 'switch'");
	parse_bad(HEAD "  nodes:\n    a: {}\n", 4, 5, "no kind");
	parse_bad(HEAD "  nodes:\n    a: {kind: host, colour: red}\n", 4, 21,
		  "unknown key 'colour'");
	parse_bad(HEAD "  nodes:\n    a: {kind: host, priority: 5}\n", 4, 21, "bridge option");
	/* bridge options are libbrkit's table and values (as `brkit bridge add`'s);
	 * stp_state and the aliases are no keys here (the node's stp says it) */
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, stp_state: 1}\n", 4, 23,
		  "unknown key 'stp_state'");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, vlan_default_pvid: 1}\n", 4, 23,
		  "unknown key 'vlan_default_pvid'");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, priority: 65536}\n", 4, 33,
		  "priority: 65536 is out of range (0 to 65535)");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, address: 02-00}\n", 4, 32,
		  "address: '02-00' is not a MAC address (aa:bb:cc:dd:ee:ff)");
	{
		struct brkit_lab *lab =
			parse_ok(HEAD "  nodes:\n    a: {kind: bridge, "
				      "group_fwd_mask: 0x4000, mcast_snooping: Off}\n");

		assert_int_equal(lab->nodes[0].br.group_fwd_mask, 0x4000);
		assert_true(lab->nodes[0].br.mask & BRKIT_BR_MCAST_SNOOPING);
		assert_false(lab->nodes[0].br.mcast_snooping);
		/* snooping off: no querier is added */
		assert_false(lab->nodes[0].br.mask & BRKIT_BR_MCAST_QUERIER);
		brkit_lab_free(lab);
	}
	/* multicast: a snooping bridge gets a querier unless the file says */
	{
		struct brkit_lab *lab = parse_ok(
			HEAD "  nodes:\n    a: {kind: bridge}\n"
			     "    b: {kind: bridge, mcast_querier: 0}\n"
			     "    c: {kind: bridge, mcast_snooping: 1, mcast_igmp_version: 3}\n"
			     "    h: {kind: host}\n");

		assert_true(lab->nodes[0].br.mask & BRKIT_BR_MCAST_QUERIER);
		assert_true(lab->nodes[0].br.mcast_querier);
		assert_true(lab->nodes[1].br.mask & BRKIT_BR_MCAST_QUERIER);
		assert_false(lab->nodes[1].br.mcast_querier);
		assert_true(lab->nodes[2].br.mcast_querier);
		assert_int_equal(lab->nodes[2].br.mcast_igmp_version, 3);
		assert_int_equal(lab->nodes[3].br.mask, 0);
		brkit_lab_free(lab);
	}
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, mcast_querier: maybe}\n", 4, 38,
		  "mcast_querier");
	parse_bad(HEAD "  nodes:\n    h: {kind: host, mcast_querier: 1}\n", 4, 21,
		  "is a bridge option");
	/* stp: rstp is brkit-stpd's: kernel STP off, and a ring of them is no storm */
	{
		struct brkit_lab *lab = parse_ok(
			HEAD
			"  defaults: {kind: bridge, stp: rstp}\n  nodes: {a: {}, b: {}, c: {}}\n"
			"  links:\n    - endpoints: [\"a:p1\", \"b:p1\"]\n"
			"    - endpoints: [\"b:p2\", \"c:p2\"]\n"
			"    - endpoints: [\"c:p3\", \"a:p3\"]\n");

		assert_int_equal(lab->nodes[0].stp, BRKIT_LAB_STP_RSTP);
		assert_int_equal(lab->nodes[2].stp, BRKIT_LAB_STP_RSTP);
		assert_true(lab->nodes[0].br.mask & BRKIT_BR_STP_STATE);
		assert_int_equal(lab->nodes[0].br.stp_state, 0);
		brkit_lab_free(lab);
	}
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, stp: maybe}\n", 4, 28, "not off, kernel");
	/* issue 19: checks that came at up time, or never */
#define TWO "  links:\n    - endpoints: [\"h:e0\", \"g:e0\"]\n"
	parse_bad(HEAD "  nodes:\n    h: {kind: host, addresses: [192.0.2.2/24], gateway: "
		       "203.0.113.1}\n    g: {kind: host}\n" TWO,
		  4, 57, "gateway 203.0.113.1 is on no subnet");
	parse_bad(HEAD "  nodes:\n    h: {kind: host, addresses: [\"2001:db8::2/64\"], gateway: "
		       "192.0.2.1}\n    g: {kind: host}\n" TWO,
		  4, 61, "gateway 192.0.2.1 is on no subnet");
	ok = parse_ok(HEAD "  nodes:\n    h: {kind: host, addresses: [192.0.2.2/24], gateway: "
			   "192.0.2.254}\n    g: {kind: host}\n" TWO);
	brkit_lab_free(ok);
	parse_bad(HEAD "  nodes:\n    h: {kind: host, addresses: [192.0.2.2/24, 192.0.2.2/32]}\n"
		       "    g: {kind: host}\n" TWO,
		  4, 47, "address '192.0.2.2/32' is given twice (already on e0)");
	parse_bad(HEAD "  nodes:\n    h: {kind: bridge, stp: kernel, forward_delay: 100}\n", 4, 51,
		  "forward_delay: 100 centiseconds is out of the kernel's range with stp: kernel");
	parse_bad(HEAD "  nodes:\n    h: {kind: bridge, stp: kernel, forward_delay: 3001}\n", 4, 51,
		  "(200 to 3000");
	parse_bad(HEAD "  nodes: {h: {kind: host}}\n---\nname: u\n", 4, 1,
		  "a second YAML document");
	parse_bad(HEAD "\tnodes: {}\n", 3, 1, "a tab in the indentation");
	parse_bad(HEAD "  nodes:\n  \th: {kind: host}\n", 4, 3, "a tab in the indentation");
	parse_bad("name: t\nbogus: [[[[[[[[\n", 2, 1, "unknown key 'bogus' (name, topology)");
	{
		size_t n = 200000, k = strlen(HEAD "  nodes: ");
		char *deep = malloc(k + n + 2);

		assert_non_null(deep);
		memcpy(deep, HEAD "  nodes: ", k);
		memset(deep + k, '[', n);
		deep[k + n] = '\n';
		deep[k + n + 1] = 0;
		parse_bad(deep, 3, 72, "nested deeper than 64 levels");
		free(deep);
	}
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, priority: 70000}\n", 4, 33, "out of range");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, priority: x}\n", 4, 33, "not a number");
	parse_bad(HEAD "  defaults: {kind: bridge, addresses: []}\n  nodes:\n    a: {}\n", 3, 28,
		  "belongs to a node");
	parse_bad(HEAD "  defaults: {stp: kernel}\n  nodes:\n    a: {}\n", 3, 13, "without a kind");
	/* node names that make bad namespace names */
	parse_bad(HEAD "  nodes:\n    a/b: {kind: host}\n", 4, 5, "namespace name 't-a/b'");
	parse_bad(HEAD "  nodes:\n    \"a b\": {kind: host}\n", 4, 5, "not valid");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    a: {kind: host}\n", 5, 5, "given twice");
	/* links */
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n  links:\n    - endpoints: [\"a:e0\", "
		       "\"b:e0\"]\n",
		  6, 27, "no node 'b'");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a:e0\", \"b:e0\"]\n"
		       "    - endpoints: [\"a:e1\", \"b:e0\"]\n",
		  8, 27, "already used by the link at line 7");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a:e0\", \"a:e0\"]\n",
		  7, 27, "already used");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a:e0\", \"b:averyveryverylongname\"]\n",
		  7, 27, "longer than 15 bytes");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a:e 0\", \"b:e0\"]\n",
		  7, 19, "white space");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a:e%d\", \"b:e0\"]\n",
		  7, 19, "contains '%'");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a:lo\", \"b:e0\"]\n",
		  7, 19, "loopback");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a:br0\", \"b:e0\"]\n",
		  7, 19, "bridge");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - endpoints: [\"a\", \"b:e0\"]\n",
		  7, 19, "not NODE:INTERFACE");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n  links:\n    - endpoints: [\"a:e0\"]\n", 6,
		  18, "two");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n  links:\n    - {mtu: 1500}\n", 6, 7,
		  "no endpoints");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - {endpoints: [\"a:e0\", \"b:e0\"], colour: red}\n",
		  7, 37, "unknown key 'colour'");
	/* impairment values */
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - {endpoints: [\"a:e0\", \"b:e0\"], delay: 5}\n",
		  7, 44, "not a duration");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - {endpoints: [\"a:e0\", \"b:e0\"], loss: lots}\n",
		  7, 43, "not a percentage");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - {endpoints: [\"a:e0\", \"b:e0\"], rate: 10 mbit}\n",
		  7, 43, "not a rate");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - {endpoints: [\"a:e0\", \"b:e0\"], jitter: 1ms}\n",
		  7, 37, "needs a delay");
	parse_bad(HEAD "  nodes:\n    a: {kind: host}\n    b: {kind: host}\n  links:\n"
		       "    - {endpoints: [\"a:e0\", \"b:e0\"], mtu: 10}\n",
		  7, 42, "not an MTU");
	/* addresses and ports */
	parse_bad(HEAD
		  "  nodes:\n    a: {kind: host, addresses: [192.0.2.1]}\n    b: {kind: host}\n"
		  "  links:\n    - endpoints: [\"a:e0\", \"b:e0\"]\n",
		  4, 33, "ADDRESS/PREFIX");
	parse_bad(HEAD "  nodes:\n    a: {kind: host, addresses: [192.0.2.1/24]}\n", 4, 32,
		  "no link to put them on");
	parse_bad(HEAD "  nodes:\n    a: {kind: host, gateway: 300.1.1.1}\n", 4, 30,
		  "not an IPv4 or IPv6");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, addresses: [192.0.2.1/24]}\n", 4, 23,
		  "host nodes");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, ports: {p1: {cost: 0}}}\n", 4, 42,
		  "not a path cost");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, ports: {p1: {speed: 5}}}\n", 4, 36,
		  "unknown port option 'speed'");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, ports: {p1: {vlans: 5000}}}\n", 4, 43,
		  "vlans: '5000'");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, ports: {p1: {vlans: 10, pvid: 20}}}\n", 4,
		  31, "pvid 20 is not among its vlans");
	parse_bad(HEAD "  nodes:\n    a: {kind: bridge, ports: {p1: {cost: 5}}}\n", 4, 31,
		  "not the end of any link");
	/* a loop of bridges without STP */
	parse_bad(HEAD "  defaults: {kind: bridge}\n  nodes: {a: {}, b: {}, c: {}}\n  links:\n"
		       "    - endpoints: [\"a:p1\", \"b:p1\"]\n"
		       "    - endpoints: [\"b:p2\", \"c:p1\"]\n"
		       "    - endpoints: [\"c:p2\", \"a:p2\"]\n",
		  8, 7, "closes a loop of bridges without STP");
}

static void test_load_missing(void **state)
{
	struct brkit_lab *lab;

	(void)state;
	assert_int_equal(brkit_lab_load("/nonexistent/x.yml", &lab, &lerr), -ENOENT);
	assert_null(lab);
	assert_non_null(strstr(lerr.msg, "/nonexistent/x.yml"));
}

/* stp: rstp nodes: every brkit-stpd field, in the engine's ranges */
static void test_rstp_fields(void **state)
{
	struct brkit_lab *lab = parse_ok(
		"name: r\n"
		"topology:\n"
		"  defaults: {kind: bridge, stp: rstp, hello_time: 100, max_age: 1200, "
		"forward_delay: 800}\n"
		"  nodes:\n"
		"    a: {priority: 61440, force_version: stp, tx_hold_count: 10,\n"
		"        ports: {p1: {cost: 200000000, priority: 240, edge: on, autoedge: off,\n"
		"                     p2p: off, bpduguard: on, bpdufilter: yes, rootguard: 1,\n"
		"                     restrtcn: on},\n"
		"                p2: {p2p: auto, edge: off}}}\n"
		"    b: {stp: kernel, ports: {p1: {cost: 65535, priority: 63}}}\n"
		"  links:\n"
		"    - endpoints: [\"a:p1\", \"b:p1\"]\n"
		"    - endpoints: [\"a:p2\", \"b:p2\"]\n");
	const struct brkit_lab_node *a = &lab->nodes[0], *b = &lab->nodes[1];
	const struct brkit_lab_iface *p1 = &a->ifaces[0], *p2 = &a->ifaces[1];

	(void)state;
	assert_int_equal(a->stp, BRKIT_LAB_STP_RSTP);
	assert_int_equal(a->br.priority, 61440);
	assert_int_equal(a->br.hello_time, 100);
	assert_int_equal(a->br.max_age, 1200);
	assert_int_equal(a->br.forward_delay, 800);
	assert_int_equal(a->rstp_mask, BRKIT_LAB_RSTP_FORCE_VERSION | BRKIT_LAB_RSTP_TX_HOLD_COUNT);
	assert_int_equal(a->force_version, 0);
	assert_int_equal(a->tx_hold_count, 10);
	assert_int_equal(p1->port.cost, 200000000);
	assert_int_equal(p1->port.priority, 240);
	assert_int_equal(p1->rstp_mask, 0x7f);
	assert_int_equal(p1->rstp_flags, BRKIT_LAB_RSTP_EDGE | BRKIT_LAB_RSTP_BPDUGUARD |
						 BRKIT_LAB_RSTP_BPDUFILTER |
						 BRKIT_LAB_RSTP_ROOTGUARD |
						 BRKIT_LAB_RSTP_RESTRTCN);
	assert_int_equal(p1->rstp_p2p, BRKIT_LAB_P2P_OFF);
	assert_int_equal(p2->rstp_mask, BRKIT_LAB_RSTP_P2P | BRKIT_LAB_RSTP_EDGE);
	assert_int_equal(p2->rstp_flags, 0);
	assert_int_equal(p2->rstp_p2p, BRKIT_LAB_P2P_AUTO);
	/* the kernel node keeps the kernel's ranges, and no rstp field */
	assert_int_equal(b->stp, BRKIT_LAB_STP_KERNEL);
	assert_int_equal(b->rstp_mask, 0);
	assert_int_equal(b->ifaces[0].port.cost, 65535);
	assert_int_equal(b->ifaces[0].port.priority, 63);
	brkit_lab_free(lab);
}

#define RHEAD "name: t\ntopology:\n  defaults: {kind: bridge, stp: rstp}\n  nodes:\n"
#define LINK "  links:\n    - endpoints: [\"a:p1\", \"b:p1\"]\n"

/* stp: rstp values checked against the engine's ranges at parse time, with
 * the place of the value (the node's own, or the defaults' it inherits) */
static void test_rstp_bad(void **state)
{
	(void)state;
	parse_bad(RHEAD "    a: {priority: 4097}\n", 5, 19,
		  "priority: 4097 is not a bridge priority for brkit-stpd (0 to 61440 in steps "
		  "of 4096");
	parse_bad(RHEAD "    a: {priority: 65535}\n", 5, 19,
		  "not a bridge priority for brkit-stpd");
	parse_bad(RHEAD "    a: {hello_time: 150}\n", 5, 21,
		  "hello_time: 150 centiseconds is not a whole number of seconds");
	parse_bad(
		RHEAD "    a: {hello_time: 300}\n", 5, 21,
		"hello_time: 300 centiseconds is out of brkit-stpd's range (stp: rstp: 100 to 200)");
	parse_bad(RHEAD "    a: {max_age: 4100}\n", 5, 18, "out of brkit-stpd's range");
	parse_bad(RHEAD "    a: {forward_delay: 200}\n", 5, 24,
		  "forward_delay: 200 centiseconds is out of brkit-stpd's range (stp: rstp: 400 to "
		  "3000)");
	parse_bad(RHEAD "    a: {max_age: 800, forward_delay: 400, hello_time: 200}\n", 5, 55,
		  "802.1D needs 2 x (forward_delay - 100) >= max_age >= 2 x (hello_time + 100)");
	parse_bad(RHEAD "    a: {max_age: 3000}\n", 5, 18, "802.1D needs");
	/* inherited from the defaults: the defaults' value is pointed at */
	parse_bad("name: t\ntopology:\n  defaults: {kind: bridge, stp: rstp, hello_time: 110}\n"
		  "  nodes:\n    a: {}\n",
		  3, 51, "hello_time: 110 centiseconds is not a whole number");
	/* a kernel default that does not convert, on a node made rstp */
	parse_bad(
		"name: t\ntopology:\n  defaults: {kind: bridge, stp: kernel, forward_delay: 250}\n"
		"  nodes:\n    a: {stp: rstp}\n",
		3, 56, "forward_delay: 250 centiseconds");
	parse_bad(RHEAD "    a: {force_version: mstp}\n", 5, 24,
		  "force_version: 'mstp' is not stp or rstp");
	parse_bad(RHEAD "    a: {tx_hold_count: 11}\n", 5, 24,
		  "tx_hold_count: '11' is not a transmit hold count (1 to 10)");
	parse_bad(RHEAD "    a: {tx_hold_count: 0}\n", 5, 24, "(1 to 10)");
	parse_bad(RHEAD "    a: {ports: {p1: {priority: 17}}}\n    b: {}\n" LINK, 5, 32,
		  "priority: 17 is not a port priority for brkit-stpd (0 to 240 in steps of 16");
	parse_bad(RHEAD "    a: {ports: {p1: {priority: 256}}}\n    b: {}\n" LINK, 5, 32,
		  "is not a port priority");
	parse_bad(RHEAD "    a: {ports: {p1: {cost: 200000001}}}\n    b: {}\n" LINK, 5, 28,
		  "not a path cost");
	parse_bad(RHEAD "    a: {ports: {p1: {p2p: maybe}}}\n    b: {}\n" LINK, 5, 27,
		  "p2p: 'maybe' is not on, off or auto");
	parse_bad(RHEAD "    a: {ports: {p1: {bpduguard: maybe}}}\n    b: {}\n" LINK, 5, 33,
		  "bpduguard: 'maybe' is not on/off");
	/* kernel and off nodes: the kernel's ranges, no brkit-stpd field */
	parse_bad(RHEAD "    a: {stp: kernel, ports: {p1: {priority: 64}}}\n    b: {}\n" LINK, 5,
		  45, "priority: 64 is not a port priority for the kernel (0 to 63");
	parse_bad(RHEAD "    a: {stp: kernel, ports: {p1: {cost: 65536}}}\n    b: {}\n" LINK, 5, 41,
		  "cost: 65536 is not a path cost for the kernel (1 to 65535");
	parse_bad(RHEAD "    a: {stp: kernel, ports: {p1: {edge: on}}}\n    b: {}\n" LINK, 5, 41,
		  "node a: p1: edge is a brkit-stpd setting: only stp: rstp nodes take it");
	parse_bad(RHEAD "    a: {stp: off, tx_hold_count: 3}\n", 5, 34,
		  "node a: tx_hold_count is a brkit-stpd setting");
	parse_bad("name: t\ntopology:\n  nodes:\n    a: {kind: host, force_version: rstp}\n", 4, 21,
		  "bridge option");
}

/* hypervisors, routers, VNIs, loopbacks and FRR */
#define HV "name: t\ntopology:\n  nodes:\n"
static void test_evpn(void **state)
{
	static const char text[] =
		HV "    hv1:\n"
		   "      kind: hypervisor\n"
		   "      loopback: 192.0.2.11/32\n"
		   "      vnis: {100: {vlan: 10}, 200: }\n"
		   "      interfaces: {eth0: {addresses: [203.0.113.0/31]}}\n"
		   "      frr:\n"
		   "        daemons: [bgpd]\n"
		   "        config: |\n"
		   "          hostname hv1\n"
		   "    r: {kind: router, loopback: [192.0.2.1/32], frr: {config-file: r.conf}}\n"
		   "    vm1: {kind: host, addresses: [198.51.100.1/24]}\n"
		   "    vm2: {kind: host, addresses: [198.51.100.2/24]}\n"
		   "  links:\n"
		   "    - endpoints: [\"hv1:eth0\", \"r:eth0\"]\n"
		   "    - {endpoints: [\"vm1:eth0\", \"hv1:vnet1\"], vni: 100}\n"
		   "    - {endpoints: [\"hv1:vnet2\", \"vm2:eth0\"], vlan: 10}\n";
	static const char cf[] = HV "    a: {kind: host, frr: {config-file: a.conf}}\n";
	struct brkit_lab *lab = parse_ok(text);
	const struct brkit_lab_node *hv = &lab->nodes[0], *r = &lab->nodes[1];

	(void)state;
	assert_int_equal(hv->kind, BRKIT_LAB_HYPERVISOR);
	assert_int_equal(r->kind, BRKIT_LAB_ROUTER);
	assert_non_null(hv->ext);
	assert_int_equal(hv->ext->nvnis, 2);
	assert_int_equal(hv->ext->vnis[0].vni, 100);
	assert_int_equal(hv->ext->vnis[0].vlan, 10);
	assert_int_equal(hv->ext->vnis[1].vni, 200);
	assert_true(hv->ext->has_vtep);
	assert_int_equal(hv->ext->vtep.addr[3], 11);
	assert_non_null(hv->ext->frr);
	assert_int_equal(hv->ext->frr->daemons,
			 1u << BRKIT_LAB_FRR_ZEBRA | 1u << BRKIT_LAB_FRR_BGPD);
	assert_string_equal(hv->ext->frr->config, "hostname hv1\n");
	assert_int_equal(hv->ext->frr->config_line, 12);
	assert_string_equal(r->ext->frr->config_file, "r.conf");
	assert_int_equal(r->ext->frr->daemons, 7);
	assert_int_equal(hv->ifaces[0].vni, 0);
	assert_int_equal(hv->ifaces[1].vni, 100);
	assert_int_equal(hv->ifaces[2].vni, 100);
	assert_int_equal(hv->ifaces[0].naddr, 1);
	assert_string_equal(brkit_lab_frr_daemon_name(BRKIT_LAB_FRR_STATICD), "staticd");
	assert_null(brkit_lab_frr_daemon_name(BRKIT_LAB_FRR_COUNT));
	brkit_lab_free(lab);
	lab = NULL;
	assert_int_equal(brkit_lab_parse(cf, strlen(cf), "dir/t.yml", &lab, &lerr), 0);
	assert_string_equal(lab->nodes[0].ext->frr->config_file, "dir/a.conf");
	brkit_lab_free(lab);

	lab = parse_ok(HV "    a: {kind: host, interfaces: {e0: {mac: \"02:00:00:00:00:0a\"}}}\n"
			  "    b: {kind: host}\n"
			  "  links:\n"
			  "    - endpoints: [\"a:e0\", \"b:e0\"]\n");
	assert_true(lab->nodes[0].ifaces[0].has_mac);
	assert_int_equal(lab->nodes[0].ifaces[0].mac[5], 0x0a);
	assert_false(lab->nodes[1].ifaces[0].has_mac);
	brkit_lab_free(lab);
	parse_bad(HV "    a: {kind: host, interfaces: {e0: {mac: \"01:00:00:00:00:0a\"}}}\n", 4, 44,
		  "mac: '01:00:00:00:00:0a' is not a unicast MAC address");
	parse_bad(HV "    a: {kind: host, frr: {daemons: [zebra, bgpd, ospfx]}}\n", 4, 50,
		  "unknown daemon 'ospfx'");
	parse_bad(HV "    a: {kind: host, frr: {daemons: [bgpd, bgpd]}}\n", 4, 43,
		  "daemon bgpd is listed twice");
	parse_bad(HV "    a: {kind: host, frr: {colour: red}}\n", 4, 27,
		  "frr: unknown key 'colour'");
	parse_bad(HV "    a: {kind: host, frr: {config: x, config-file: y}}\n", 4, 51,
		  "config and config-file: give one");
	parse_bad(HV "    a: {kind: bridge, frr: {}}\n", 4, 23,
		  "'frr' goes on host, router or hypervisor nodes");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: [0]}\n", 4, 58,
		  "VNI '0' is not a VNI (1 to 16777215)");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: [16777216]}\n", 4, 58,
		  "is not a VNI");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: [100, 0100]}\n", 4,
		  63, "VNI 100 is given twice");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: {1: {vlan: 5}, 2: "
		     "{vlan: 5}}}\n",
		  4, 82, "VLAN 5 is given to VNI 1 and VNI 2");
	parse_bad(HV "    a: {kind: hypervisor, vtep: 192.0.2.9, loopback: 192.0.2.1/32}\n", 4, 33,
		  "VTEP address 192.0.2.9 is not an address of the node");
	parse_bad(HV "    a: {kind: hypervisor, vnis: [5]}\n", 4, 5, "needs a VTEP address");
	parse_bad(HV "    a: {kind: host, vtep: 192.0.2.9}\n", 4, 21,
		  "'vtep' goes on hypervisor nodes");
	parse_bad(HV "    a: {kind: host, loopback: 192.0.2.1}\n", 4, 31, "is not ADDRESS/PREFIX");
	parse_bad(HV "    a: {kind: hypervisor, addresses: [192.0.2.1/24]}\n", 4, 27,
		  "a hypervisor's addresses go on its interfaces");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: [5]}\n"
		     "    b: {kind: host}\n"
		     "  links:\n"
		     "    - {endpoints: [\"b:eth0\", \"a:br5\"]}\n",
		  7, 30, "kept for the hypervisor's VNI devices");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: [5]}\n"
		     "    b: {kind: host}\n"
		     "  links:\n"
		     "    - {endpoints: [\"b:eth0\", \"a:p1\"], vni: 6}\n",
		  7, 7, "VNI 6 is not among hypervisor a's vnis");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: [5]}\n"
		     "    b: {kind: host}\n"
		     "  links:\n"
		     "    - {endpoints: [\"b:eth0\", \"a:p1\"], vlan: 6}\n",
		  7, 7, "no VNI of hypervisor a has vlan 6");
	parse_bad(HV "    a: {kind: host}\n"
		     "    b: {kind: host}\n"
		     "  links:\n"
		     "    - {endpoints: [\"b:eth0\", \"a:p1\"], vni: 6}\n",
		  7, 7, "needs exactly one end on a hypervisor node");
	parse_bad(HV "    a: {kind: hypervisor, loopback: 192.0.2.1/32, vnis: [5]}\n"
		     "    b: {kind: host}\n"
		     "  links:\n"
		     "    - {endpoints: [\"b:eth0\", \"a:p1\"], vni: 16777216}\n",
		  7, 44, "is not a VNI (1 to 16777215)");
}

/* exec:, env: and exec_timeout: (issue 19). */
#define EX "name: x\ntopology:\n  nodes:\n"
/* vlan_multicast: per-VLAN multicast options of a bridge node (issue 19) */
static void test_vlan_mcast(void **state)
{
	const char *head = "name: vm\ntopology:\n  nodes:\n"
			   "    h1: {kind: host}\n";
	char buf[1024];
	struct brkit_lab *lab;
	const struct brkit_lab_node_ext *x;

	(void)state;
	snprintf(buf, sizeof(buf),
		 "%s    sw:\n      kind: bridge\n      mcast_vlan_snooping: 1\n"
		 "      vlan_multicast:\n        10: {mcast_snooping: 1, mcast_querier: 1}\n"
		 "        20-30: {mcast_igmp_version: 3}\n"
		 "      ports: {p1: {vlans: \"10,20-30\"}}\n"
		 "  links:\n    - endpoints: [\"h1:eth0\", \"sw:p1\"]\n",
		 head);
	lab = parse_ok(buf);
	x = lab->nodes[brkit_lab_node_find(lab, "sw")].ext;
	assert_non_null(x);
	assert_int_equal(x->nvlan_mcast, 2);
	assert_int_equal(x->vlan_mcast[0].lo, 10);
	assert_int_equal(x->vlan_mcast[0].hi, 10);
	assert_true(x->vlan_mcast[0].opts.mcast_snooping);
	assert_true(x->vlan_mcast[0].opts.mcast_querier);
	assert_int_equal(x->vlan_mcast[1].lo, 20);
	assert_int_equal(x->vlan_mcast[1].hi, 30);
	assert_int_equal(x->vlan_mcast[1].opts.mcast_igmp_version, 3);
	/* a port with vlans turned vlan_filtering on */
	assert_true(lab->nodes[brkit_lab_node_find(lab, "sw")].br.vlan_filtering);
	brkit_lab_free(lab);

	/* without mcast_vlan_snooping: refused at parse time, at the key */
	snprintf(buf, sizeof(buf),
		 "%s    sw:\n      kind: bridge\n      vlan_filtering: on\n"
		 "      vlan_multicast: {10: {mcast_querier: 1}}\n",
		 head);
	parse_bad(buf, 8, 23, "vlan_multicast needs vlan_filtering on");
	snprintf(buf, sizeof(buf),
		 "%s    sw:\n      kind: bridge\n      mcast_vlan_snooping: 1\n"
		 "      vlan_multicast: {4095: {mcast_querier: 1}}\n",
		 head);
	parse_bad(buf, 8, 24, "'4095' is not a VLAN or a range");
	snprintf(buf, sizeof(buf),
		 "%s    sw:\n      kind: bridge\n      mcast_vlan_snooping: 1\n"
		 "      vlan_multicast: {10: {mcast_flood: 1}}\n",
		 head);
	parse_bad(buf, 8, 29, "'mcast_flood' is not mcast_snooping");
	snprintf(buf, sizeof(buf),
		 "%s    sw:\n      kind: bridge\n      mcast_vlan_snooping: 1\n"
		 "      vlan_multicast: {10: {mcast_igmp_version: 4}}\n",
		 head);
	parse_bad(buf, 8, 49, "vlan_multicast 10:");
	snprintf(buf, sizeof(buf),
		 "%s    h2: {kind: host, vlan_multicast: {10: {mcast_querier: 1}}}\n", head);
	parse_bad(buf, 5, 22, "vlan_multicast is a bridge option");
}

static void test_exec(void **state)
{
	(void)state;
	struct brkit_lab *lab =
		parse_ok("name: x\n"
			 "topology:\n"
			 "  defaults: {env: {A: da, B: db}, exec_timeout: 90s}\n"
			 "  nodes:\n"
			 "    h1:\n"
			 "      kind: host\n"
			 "      env: {B: own, C: '', D: ~}\n"
			 "      exec:\n"
			 "        - ip addr add 192.0.2.9/32 dev lo\n"
			 "        - \"echo $A | grep -q da\"\n"
			 "    sw: {kind: bridge, exec: [bridge link], exec_timeout: 500ms}\n"
			 "    h2: {kind: host}\n");
	const struct brkit_lab_exec *x = lab->nodes[0].ext->exec;

	assert_non_null(x);
	assert_int_equal(x->ncmds, 2);
	assert_string_equal(x->cmds[0].cmd, "ip addr add 192.0.2.9/32 dev lo");
	assert_int_equal(x->cmds[0].line, 9);
	assert_int_equal(x->cmds[0].column, 11);
	assert_string_equal(x->cmds[1].cmd, "echo $A | grep -q da");
	assert_int_equal(x->cmds[1].line, 10);
	/* the node's own first, then the defaults' it does not replace */
	assert_int_equal(x->nenv, 4);
	assert_string_equal(x->env[0], "B=own");
	assert_string_equal(x->env[1], "C=");
	assert_string_equal(x->env[2], "D=");
	assert_string_equal(x->env[3], "A=da");
	assert_int_equal(x->timeout_ms, 90000);
	assert_int_equal(x->line, 8);
	x = lab->nodes[1].ext->exec;
	assert_int_equal(x->ncmds, 1);
	assert_int_equal(x->timeout_ms, 500);
	assert_int_equal(x->nenv, 2);
	/* no exec: and no env: of its own: nothing to run */
	assert_true(!lab->nodes[2].ext || !lab->nodes[2].ext->exec);
	brkit_lab_free(lab);

	lab = parse_ok(EX "    h1: {kind: host, exec: [true]}\n");
	assert_int_equal(lab->nodes[0].ext->exec->timeout_ms, BRKIT_LAB_EXEC_TIMEOUT_MS);
	assert_int_equal(lab->nodes[0].ext->exec->nenv, 0);
	brkit_lab_free(lab);

	parse_bad(EX "    h1: {kind: host, exec: \"ip link\"}\n", 4, 28,
		  "node h1: exec: expected a list of commands");
	parse_bad(EX "    h1: {kind: host, exec: {a: b}}\n", 4, 28, "expected a list of commands");
	parse_bad(EX "    h1: {kind: host, exec: [true, [ls]]}\n", 4, 35,
		  "node h1: exec: expected a string, found a list");
	parse_bad(EX "    h1: {kind: host, exec: [{ip: link}]}\n", 4, 29,
		  "exec: expected a string, found a mapping");
	parse_bad(EX "    h1: {kind: host, exec: ['  ']}\n", 4, 29, "the command is empty");
	parse_bad(EX "    h1: {kind: host, exec: [\"a\\0b\"]}\n", 4, 29, "holds a NUL byte");
	parse_bad(EX "    h1: {kind: host, env: [A=1]}\n", 4, 27,
		  "node h1: env: expected a mapping of variables");
	parse_bad(EX "    h1: {kind: host, env: a}\n", 4, 27, "expected a mapping of variables");
	parse_bad(EX "    h1: {kind: host, env: {1A: x}}\n", 4, 28,
		  "env: '1A' is not a variable name");
	parse_bad(EX "    h1: {kind: host, env: {A-B: x}}\n", 4, 28,
		  "'A-B' is not a variable name");
	parse_bad(EX "    h1: {kind: host, env: {A=B: x}}\n", 4, 28, "is not a variable name");
	parse_bad(EX "    h1: {kind: host, env: {A: [1]}}\n", 4, 31,
		  "node h1: A: expected a string, found a list");
	parse_bad(EX "    h1: {kind: host, env: {A: x, A: y}}\n", 4, 34, "key 'A' given twice");
	parse_bad(EX "    h1: {kind: host, exec_timeout: 0s}\n", 4, 36,
		  "exec_timeout: '0s' is not a duration from 1ms to 3600s");
	parse_bad(EX "    h1: {kind: host, exec_timeout: 3601s}\n", 4, 36, "is not a duration");
	parse_bad(EX "    h1: {kind: host, exec_timeout: 30}\n", 4, 36, "is not a duration");
	parse_bad("name: x\ntopology:\n  defaults: {exec: [true]}\n  nodes: {a: {kind: host}}\n", 3,
		  14, "defaults: 'exec' belongs to a node");
	parse_bad("name: x\ntopology:\n  defaults: {env: {9: x}}\n  nodes: {a: {kind: host}}\n", 3,
		  20, "the defaults: env: '9' is not a variable name");
	parse_bad("name: x\ntopology:\n  defaults: {env: {}, stp: kernel}\n  nodes: {a: {kind: "
		  "host}}\n",
		  3, 13, "defaults: options without a kind");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring),	    cmocka_unit_test(test_ports),
		cmocka_unit_test(test_values),	    cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad),	    cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_rstp_fields), cmocka_unit_test(test_rstp_bad),
		cmocka_unit_test(test_evpn),	    cmocka_unit_test(test_exec),
		cmocka_unit_test(test_vlan_mcast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

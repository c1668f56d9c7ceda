// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the VM port's pure parts: the spec grammar, the config file,
 * the ACL (parser and decision, files fed from memory) and the state file. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hooks/vmport.h"

static int parse_words(struct vmport_spec *s, const char *line, char *why)
{
	static char buf[1024];
	char *w[64], *p;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (p = strtok(buf, " "); p; p = strtok(NULL, " "))
		w[n++] = p;
	return vmport_spec_parse(s, n, w, why, VMPORT_WHYLEN);
}

static void test_spec_ok(void **state)
{
	struct vmport_spec s;
	struct brkit_vlan_set v;
	char why[VMPORT_WHYLEN], out[VMPORT_SPECLEN];
	unsigned int pvid;

	(void)state;
	assert_int_equal(parse_words(&s,
				     "bridge br0 vlan 10 trunks 20-22,30 mtu 9000 mac "
				     "52:54:00:AB:cd:ef isolated lock noguard create user qemu "
				     "vnet_hdr multi_queue acl /etc/a.conf",
				     why),
			 0);
	assert_string_equal(s.bridge, "br0");
	assert_int_equal(s.vlan, 10);
	assert_true(s.has_trunks);
	assert_int_equal(s.mtu, 9000);
	assert_true(s.has_mac && s.lock && s.isolated && s.noguard && s.create);
	assert_true(s.vnet_hdr && s.multi_queue);
	assert_int_equal(s.mac[3], 0xab);
	assert_string_equal(s.user, "qemu");
	assert_string_equal(s.acl, "/etc/a.conf");
	vmport_spec_format(&s, out, sizeof(out));
	assert_string_equal(out,
			    "bridge br0 vlan 10 trunks 20-22,30 mtu 9000 mac 52:54:00:ab:cd:ef "
			    "isolated lock noguard create user qemu vnet_hdr multi_queue acl "
			    "/etc/a.conf");
	assert_true(vmport_spec_vlans(&s, &v, &pvid));
	assert_int_equal(pvid, 10);
	assert_int_equal(brkit_vlan_set_count(&v), 5);
	assert_true(brkit_vlan_set_has(&v, 10) && brkit_vlan_set_has(&v, 30));

	/* canonical order: the same spec written differently formats the same */
	assert_int_equal(parse_words(&s, "lock mtu auto bridge br1", why), 0);
	vmport_spec_format(&s, out, sizeof(out));
	assert_string_equal(out, "bridge br1 mtu auto lock");
	assert_false(vmport_spec_vlans(&s, &v, &pvid));
	assert_int_equal(brkit_vlan_set_count(&v), 0);
	/* a trunk without a native VLAN: no pvid */
	assert_int_equal(parse_words(&s, "bridge b trunks 5", why), 0);
	assert_true(vmport_spec_vlans(&s, &v, &pvid));
	assert_int_equal(pvid, 0);
}

static void test_spec_bad(void **state)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "bridge br0 lock lock", "'lock' given twice" },
		{ "bridge br0 bridge br1", "'bridge' given twice" },
		{ "bridge br0 vlan 1 vlan 2", "'vlan' given twice" },
		{ "lock", "'bridge BR' is missing" },
		{ "bridge", "'bridge' needs a value" },
		{ "bridge br0 vlan 0", "vlan '0'" },
		{ "bridge br0 vlan 4095", "vlan '4095'" },
		{ "bridge br0 vlan x", "vlan 'x'" },
		{ "bridge br0 trunks 10,,20", "trunks '10,,20'" },
		{ "bridge br0 trunks 20-10", "trunks '20-10'" },
		{ "bridge br0 trunks 0-5", "trunks '0-5'" },
		{ "bridge br0 trunks 4090-4095", "trunks '4090-4095'" },
		{ "bridge br0 mtu 67", "mtu '67'" },
		{ "bridge br0 mtu 65536", "mtu '65536'" },
		{ "bridge br0 mtu -1", "mtu '-1'" },
		{ "bridge br0 lock mac 01:00:00:00:00:01", "mac '01:00:00:00:00:01'" },
		{ "bridge br0 lock mac 00:00:00:00:00:00", "mac '00:00:00:00:00:00'" },
		{ "bridge br0 lock mac 52:54:00:00:00", "mac '52:54:00:00:00'" },
		{ "bridge br0 lock mac 52:54-00:00:00:01", "mac '52:54-00:00:00:01'" },
		{ "bridge br0 mac 52:54:00:00:00:01", "give lock too" },
		{ "bridge br0 user qemu", "go with create" },
		{ "bridge br0 vnet_hdr", "go with create" },
		{ "bridge br0 acl rel.conf", "acl 'rel.conf'" },
		{ "bridge br0 frob", "unknown argument 'frob'" },
		{ "bridge a/b", "bridge 'a/b'" },
		{ "bridge 0123456789abcdef", "bridge '0123456789abcdef'" },
	};
	struct vmport_spec s;
	char why[VMPORT_WHYLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = 0;
		assert_int_equal(parse_words(&s, bad[i].line, why), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("'%s': why '%s' lacks '%s'", bad[i].line, why, bad[i].why);
	}
}

/* network NAME: a brkit network's bridge (issue 18) */
static void test_spec_network(void **state)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "network n1 bridge br0", "network n1 and 'bridge' exclude each other" },
		{ "bridge br0 network n1", "network n1 and 'bridge' exclude each other" },
		{ "network n1 bridge evpn vlan 5", "network n1 and 'bridge' exclude each other" },
		{ "network n1 vlan 10", "network n1 and 'vlan' exclude each other" },
		{ "vlan 10 network n1", "network n1 and 'vlan' exclude each other" },
		{ "network n1 trunks 10-20", "network n1 and 'trunks' exclude each other" },
		{ "network n1 network n2", "'network' given twice" },
		{ "network", "'network' needs a value" },
		{ "network a/b", "network name 'a/b'" },
		{ "network ../x", "network name '../x'" },
		{ "network -x", "network name '-x'" },
		{ "network 0123456789abcdef0123456789abcdef", "longer than 31" },
		{ "network n1 mac 52:54:00:00:00:01", "give lock too" },
		{ "network n1 user qemu", "go with create" },
	};
	struct vmport_spec s;
	struct brkit_vlan_set v;
	char why[VMPORT_WHYLEN], out[VMPORT_SPECLEN];
	unsigned int pvid;
	size_t i;

	(void)state;
	assert_int_equal(parse_words(&s,
				     "isolated network default lock mac 52:54:00:00:00:01 mtu 1400 "
				     "create user qemu acl /etc/a.conf",
				     why),
			 0);
	assert_string_equal(s.network, "default");
	assert_string_equal(s.bridge, ""); /* resolved when the port goes up */
	assert_false(s.evpn);
	assert_false(vmport_spec_vlans(&s, &v, &pvid));
	vmport_spec_format(&s, out, sizeof(out));
	assert_string_equal(out, "network default mtu 1400 mac 52:54:00:00:00:01 isolated lock "
				 "create user qemu acl /etc/a.conf");
	/* the canonical words parse again to themselves */
	assert_int_equal(parse_words(&s, out, why), 0);
	vmport_spec_format(&s, out, sizeof(out));
	assert_string_equal(out, "network default mtu 1400 mac 52:54:00:00:00:01 isolated lock "
				 "create user qemu acl /etc/a.conf");
	/* resolved (bridge set) it still says network: the state keeps it */
	snprintf(s.bridge, sizeof(s.bridge), "brk-default");
	vmport_spec_format(&s, out, sizeof(out));
	assert_string_equal(out, "network default mtu 1400 mac 52:54:00:00:00:01 isolated lock "
				 "create user qemu acl /etc/a.conf");
	assert_int_equal(parse_words(&s, "network a.b_c-1", why), 0);
	assert_string_equal(s.network, "a.b_c-1");
	assert_int_equal(parse_words(&s, "network 0123456789abcdef0123456789abcde", why), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = 0;
		assert_int_equal(parse_words(&s, bad[i].line, why), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("'%s': why '%s' lacks '%s'", bad[i].line, why, bad[i].why);
	}
	/* no bridge and no network */
	assert_int_equal(parse_words(&s, "lock", why), -EINVAL);
	assert_non_null(strstr(why, "or 'network NAME'"));
}

/* A network's state file as `brkit net add` writes it (net/net.h). */
static char *net_state(char *buf, size_t len, const char *name, const char *spec,
		       const char *bridge, int complete)
{
	snprintf(buf, len,
		 "name=%s\nspec=%s\nbridge=%s\nmade_bridge=1\naddr_added=0\naddr6_added=0\n"
		 "table=1\ndnsmasq=1\ncomplete=%d\n",
		 name, spec, bridge, complete);
	return buf;
}

static void test_network_apply(void **state)
{
	struct vmport_spec s, r;
	char why[VMPORT_WHYLEN], text[1024], out[VMPORT_SPECLEN];

	(void)state;
	assert_int_equal(parse_words(&s, "network n1 lock", why), 0);
	/* no mtu in the network: the port's MTU is left */
	net_state(text, sizeof(text), "n1", "mode nat address 192.0.2.1/24 dns on", "brk-n1", 1);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)), 0);
	assert_string_equal(r.bridge, "brk-n1");
	assert_string_equal(r.network, "n1");
	assert_false(r.mtu_auto);
	assert_int_equal(r.mtu, 0);
	assert_true(r.lock);
	vmport_spec_format(&r, out, sizeof(out));
	assert_string_equal(out, "network n1 lock");
	/* the network has an MTU and the port asks none: the bridge's (mtu auto) */
	net_state(text, sizeof(text), "n1",
		  "mode isolated address 198.51.100.1/24 dns off domain vm.example bridge br-9 "
		  "mtu 9000",
		  "br-9", 1);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)), 0);
	assert_string_equal(r.bridge, "br-9");
	assert_true(r.mtu_auto);
	vmport_spec_format(&r, out, sizeof(out));
	assert_string_equal(out, "network n1 mtu auto lock");
	/* ... but a port's own mtu stays */
	assert_int_equal(parse_words(&s, "network n1 mtu 1400", why), 0);
	net_state(text, sizeof(text), "n1", "mode nat address 192.0.2.1/24 mtu 9000", "br-9", 1);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)), 0);
	assert_false(r.mtu_auto);
	assert_int_equal(r.mtu, 1400);

	/* incomplete: being made, or an add that broke */
	assert_int_equal(parse_words(&s, "network n1", why), 0);
	net_state(text, sizeof(text), "n1", "mode nat address 192.0.2.1/24", "brk-n1", 0);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EAGAIN);
	assert_string_equal(why, "network n1: being made or broken (/d/n1/state says complete=0): "
				 "brkit net del n1");
	/* a state naming another network */
	net_state(text, sizeof(text), "n2", "mode nat address 192.0.2.1/24", "brk-n2", 1);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "names network n2"));
	/* a bridge that is no interface name */
	net_state(text, sizeof(text), "n1", "mode nat address 192.0.2.1/24", "..", 1);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "bridge '..'"));
	net_state(text, sizeof(text), "n1", "mode nat address 192.0.2.1/24", "0123456789abcdef", 1);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "bad value for bridge"));
	/* not a state file; unknown key; spec words that are not add's */
	snprintf(text, sizeof(text), "hello\n");
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "network n1: state /d/n1/state: line 1"));
	snprintf(text, sizeof(text), "name=n1\nbridge=b\ncomplete=1\nfrob=1\n");
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "unknown key 'frob'"));
	net_state(text, sizeof(text), "n1", "mode nat mtu 12", "b", 1);
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "state /d/n1/state: spec: mtu '12'"));
	/* no bridge line */
	snprintf(text, sizeof(text), "name=n1\ncomplete=1\n");
	assert_int_equal(vmport_network_apply(text, "/d/n1/state", &s, &r, why, sizeof(why)),
			 -EINVAL);
}

static void test_conf(void **state)
{
	char text[] = "# VM ports\n"
		      "\n"
		      "acl /etc/brkit/bridge.conf\n"
		      "vnet* bridge br0 vlan 10 lock   # access VMs\n"
		      "web-? bridge br1 trunks 10-20 isolated\n"
		      "*     bridge br9\n";
	struct vmport_conf_match m;
	char why[VMPORT_WHYLEN], t[sizeof(text)];

	(void)state;
	memcpy(t, text, sizeof(text));
	assert_int_equal(vmport_conf_find(t, "/c", "vnet7", &m, why, sizeof(why)), 0);
	assert_true(m.found);
	assert_int_equal(m.line, 4);
	assert_string_equal(m.spec.bridge, "br0");
	assert_int_equal(m.spec.vlan, 10);
	assert_true(m.spec.lock);
	assert_string_equal(m.spec.acl, "/etc/brkit/bridge.conf");

	memcpy(t, text, sizeof(text));
	assert_int_equal(vmport_conf_find(t, "/c", "web-1", &m, why, sizeof(why)), 0);
	assert_int_equal(m.line, 5);
	assert_true(m.spec.isolated && m.spec.has_trunks);

	memcpy(t, text, sizeof(text));
	assert_int_equal(vmport_conf_find(t, "/c", "web-12", &m, why, sizeof(why)), 0);
	assert_int_equal(m.line, 6); /* '?' is one character: the catch-all */
	assert_string_equal(m.spec.bridge, "br9");

	/* no match */
	{
		char u[] = "vnet* bridge br0\n";

		assert_int_equal(vmport_conf_find(u, "/c", "tap0", &m, why, sizeof(why)), 0);
		assert_false(m.found);
	}
	/* an acl on the spec's own line wins over the file's */
	{
		char u[] = "acl /a\nx bridge b acl /b\n";

		assert_int_equal(vmport_conf_find(u, "/c", "x", &m, why, sizeof(why)), 0);
		assert_string_equal(m.spec.acl, "/b");
	}
	/* a brkit network's VMs: `PATTERN network NAME`, with the file's acl */
	{
		char u[] = "acl /a\nvnet* network default lock\n* bridge br0\n";

		assert_int_equal(vmport_conf_find(u, "/c", "vnet3", &m, why, sizeof(why)), 0);
		assert_int_equal(m.line, 2);
		assert_string_equal(m.spec.network, "default");
		assert_string_equal(m.spec.bridge, "");
		assert_true(m.spec.lock);
		assert_string_equal(m.spec.acl, "/a");
	}
	/* a bad network line is reported with its file and line */
	{
		char u[] = "vnet* network default vlan 5\n";

		assert_int_equal(vmport_conf_find(u, "/c", "x", &m, why, sizeof(why)), -EINVAL);
		assert_non_null(strstr(why, "/c:1: network default and 'vlan' exclude each other"));
	}
}

static void test_conf_bad(void **state)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "vnet* bridge br0\nweb* bridge br1 vlan 0\n", "/c:2: vlan '0'" },
		{ "# c\n\nvnet*\n", "/c:3: 'vnet*' has no port spec" },
		{ "vnet* bridge br0 lock lock\n", "/c:1: 'lock' given twice" },
		{ "acl\n", "/c:1: 'acl' takes one absolute file name" },
		{ "acl rel\n", "/c:1: 'acl' takes one absolute file name" },
		{ "acl /a\nacl /b\n", "/c:2: 'acl' given twice (first at line 1)" },
		{ "vnet* br0\n", "/c:1: unknown argument 'br0'" },
	};
	struct vmport_conf_match m;
	char why[VMPORT_WHYLEN], t[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(t, sizeof(t), "%s", bad[i].text);
		why[0] = 0;
		/* the bad line is reported even when an earlier line matches */
		assert_int_equal(vmport_conf_find(t, "/c", "vnet0", &m, why, sizeof(why)), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
	}
}

/* ---- ACL: files from memory ---- */
static const struct {
	const char *path, *text;
} files[] = {
	{ "/allow-br0", "allow br0\n" },
	{ "/allow-all", "# everything\nallow all\n" },
	{ "/deny-br1", "allow all\ndeny br1\n" },
	{ "/deny-all", "allow br0\ndeny all\n" },
	{ "/inc", "include /allow-br0\nallow br2\n" },
	{ "/inc-deny", "allow all\ninclude /deny-br1\n" },
	{ "/loop", "include /loop\n" },
	{ "/bad-word", "allow br0\npermit br1\n" },
	{ "/bad-arity", "allow\n" },
	{ "/inc-bad", "allow all\ninclude /bad-word\n" },
	{ "/empty", "" },
};

static int load_mem(const char *path, char **text, void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (!strcmp(path, files[i].path)) {
			*text = strdup(files[i].text);
			return *text ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

static bool acl(const char *path, const char *br)
{
	char why[VMPORT_WHYLEN];
	bool allowed = true;

	assert_int_equal(vmport_acl_check(path, br, load_mem, NULL, &allowed, why, sizeof(why)), 0);
	return allowed;
}

static void test_acl_decision(void **state)
{
	(void)state;
	assert_true(acl("/allow-br0", "br0"));
	assert_false(acl("/allow-br0", "br1")); /* default deny */
	assert_true(acl("/allow-all", "anything"));
	assert_true(acl("/deny-br1", "br0"));
	assert_false(acl("/deny-br1", "br1")); /* deny wins over allow all */
	assert_false(acl("/deny-all", "br0")); /* deny all wins over allow br0 */
	assert_true(acl("/inc", "br0")); /* from the included file */
	assert_true(acl("/inc", "br2"));
	assert_false(acl("/inc", "br3"));
	assert_false(acl("/inc-deny", "br1")); /* an included deny wins */
	assert_true(acl("/inc-deny", "br4"));
	assert_false(acl("/empty", "br0"));
}

static void test_acl_errors(void **state)
{
	static const struct {
		const char *path, *why;
	} bad[] = {
		{ "/bad-word", "/bad-word:2: unknown word 'permit'" },
		{ "/bad-arity", "/bad-arity:1: want 'allow|deny BR|all'" },
		{ "/inc-bad", "/bad-word:2: unknown word 'permit'" },
		{ "/loop", "nested deeper than 8" },
		{ "/missing", "acl /missing: No such file or directory" },
	};
	char why[VMPORT_WHYLEN];
	bool allowed = true;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = 0;
		assert_true(vmport_acl_check(bad[i].path, "br0", load_mem, NULL, &allowed, why,
					     sizeof(why)) < 0);
		if (!strstr(why, bad[i].why))
			fail_msg("%s: why '%s' lacks '%s'", bad[i].path, why, bad[i].why);
	}
}

/* The bridge helper's messages keep FILE:LINE and drop the line's text. */
static void test_why_redact(void **state)
{
	static const struct {
		const char *in, *out;
	} c[] = {
		{ "/etc/brkit/vm-ports.conf:3: 'root:x:0' has no port spec",
		  "/etc/brkit/vm-ports.conf:3: not a valid line (its text is not shown)" },
		{ "/a:b/c:12: unknown word 'secret'",
		  "/a:b/c:12: not a valid line (its text is not shown)" },
		{ "acl /etc/qemu/bridge.conf: No such file or directory",
		  "acl /etc/qemu/bridge.conf: No such file or directory" },
		{ "/x:: nothing", "/x:: nothing" },
	};
	char why[VMPORT_WHYLEN], small[24];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(why, sizeof(why), "%s", c[i].in);
		vmport_why_redact(why, sizeof(why));
		assert_string_equal(why, c[i].out);
	}
	/* a short buffer: cut, never overrun, still no text of the line */
	snprintf(small, sizeof(small), "/f:1: secret text here");
	vmport_why_redact(small, sizeof(small));
	assert_null(strstr(small, "secret"));
	assert_true(strlen(small) < sizeof(small));
}

static void test_state_roundtrip(void **state)
{
	struct vmport_state a, b;
	char buf[8192], why[VMPORT_WHYLEN];

	(void)state;
	memset(&a, 0, sizeof(a));
	snprintf(a.tap, sizeof(a.tap), "vnet0");
	snprintf(a.bridge, sizeof(a.bridge), "br0");
	snprintf(a.spec, sizeof(a.spec), "bridge br0 vlan 10 lock");
	a.enslaved = a.set_up = a.mtu_changed = a.pinned = a.pin_local = a.vlans_changed = true;
	a.old_mtu = 1400;
	a.flags_changed = VMPORT_F_GUARD | VMPORT_F_LOCKED;
	a.old_flags = VMPORT_F_LOCKED;
	memcpy(a.pin_mac, "\x52\x54\x00\x01\x02\x03", 6);
	brkit_vlan_set_add(&a.pin_vids, 10, 12);
	brkit_vlan_set_add(&a.old_vids, 1, 1);
	a.old_pvid = 1;
	assert_true(vmport_state_format(&a, buf, sizeof(buf)) < sizeof(buf));
	assert_int_equal(vmport_state_parse(buf, &b, why, sizeof(why)), 0);
	assert_memory_equal(&a, &b, sizeof(a));

	/* an empty old VLAN set and a no-VLAN pin */
	memset(&a, 0, sizeof(a));
	snprintf(a.tap, sizeof(a.tap), "t");
	snprintf(a.bridge, sizeof(a.bridge), "b");
	a.created = a.pinned = a.vlans_changed = true;
	brkit_vlan_set_add(&a.pin_vids, 0, 0);
	vmport_state_format(&a, buf, sizeof(buf));
	assert_non_null(strstr(buf, "old_vlans=-\n"));
	assert_non_null(strstr(buf, " 0\n"));
	assert_int_equal(vmport_state_parse(buf, &b, why, sizeof(why)), 0);
	assert_memory_equal(&a, &b, sizeof(a));

	/* lock without a MAC: MAB on, a waiter; then the learnt pin */
	memset(&a, 0, sizeof(a));
	snprintf(a.tap, sizeof(a.tap), "t");
	snprintf(a.bridge, sizeof(a.bridge), "b");
	a.mab = true;
	a.waiter = 4242;
	a.waiter_start = 123456789012ULL;
	vmport_state_format(&a, buf, sizeof(buf));
	assert_non_null(strstr(buf, "mab=1\nwaiter=4242 123456789012\n"));
	assert_int_equal(vmport_state_parse(buf, &b, why, sizeof(why)), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	memset(&a, 0, sizeof(a));
	snprintf(a.tap, sizeof(a.tap), "t");
	snprintf(a.bridge, sizeof(a.bridge), "b");
	a.pinned = a.learnt = true;
	memcpy(a.pin_mac, "\x52\x54\x00\x01\x02\x03", 6);
	brkit_vlan_set_add(&a.pin_vids, 0, 0);
	vmport_state_format(&a, buf, sizeof(buf));
	assert_non_null(strstr(buf, "learnt=1\n"));
	assert_null(strstr(buf, "waiter="));
	assert_int_equal(vmport_state_parse(buf, &b, why, sizeof(why)), 0);
	assert_memory_equal(&a, &b, sizeof(a));
}

static void test_state_bad(void **state)
{
	static const char *const bad[] = {
		"tap=t\n",
		"bridge=b\n",
		"tap=t\nbridge=b\ncreated=2\n",
		"tap=t\nbridge=b\nfrob=1\n",
		"tap=t\nbridge=b\nnoequals\n",
		"tap=t\nbridge=b\npin=52:54:00:01:02:03\n",
		"tap=t\nbridge=b\npin=52:54:00:01:02:0x 0\n",
		"tap=t\nbridge=b\nflags_changed=99\n",
		"tap=a/b\nbridge=b\n",
		"tap=t\nbridge=b\nwaiter=12\n",
		"tap=t\nbridge=b\nwaiter=0 5\n",
		"tap=t\nbridge=b\nwaiter=12 \n",
		"tap=t\nbridge=b\nwaiter=12 5x\n",
		"tap=t\nbridge=b\nmab=2\n",
		"tap=t\nbridge=b\nlearnt=yes\n",
	};
	struct vmport_state st;
	char buf[256], why[VMPORT_WHYLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		if (vmport_state_parse(buf, &st, why, sizeof(why)) != -EINVAL)
			fail_msg("case %zu accepted", i);
	}
}

/* BRKIT_MAC: qemu-ifup's source of the guest's MAC for lock */
static void test_mac_env(void **state)
{
	static const uint8_t g1[6] = { 0x52, 0x54, 0, 0x19, 2, 1 },
			     g2[6] = { 0x52, 0x54, 0, 0x19, 2, 2 };
	char why[VMPORT_WHYLEN];
	uint8_t m[6];
	size_t i;
	static const struct {
		const char *env, *want;
	} bad[] = {
		{ "52:54:00:19:02", "BRKIT_MAC='52:54:00:19:02': a unicast address" },
		{ "01:00:5e:00:00:01", "BRKIT_MAC='01:00:5e:00:00:01': a unicast address" },
		{ "00:00:00:00:00:00", "a unicast address" },
		{ "vnet0=52:54:00:19:02:01,junk", "item 'junk' is not TAP=ADDR" },
		{ "vnet0=52:54:00:19:02:01,vnet1=ff:ff:ff:ff:ff:ff",
		  "vnet1=ff:ff:ff:ff:ff:ff: not a unicast" },
		{ "=52:54:00:19:02:01", "tap ''" },
		{ "a/b=52:54:00:19:02:01", "tap 'a/b'" },
		{ "vnet0=52:54:00:19:02:01,vnet0=52:54:00:19:02:02", "tap vnet0 given twice" },
	};

	(void)state;
	assert_int_equal(vmport_mac_env("52:54:00:19:02:01", "vnet0", m, why, sizeof(why)), 0);
	assert_memory_equal(m, g1, 6);
	assert_int_equal(vmport_mac_env("52-54-00-19-02-02", "any", m, why, sizeof(why)), 0);
	assert_memory_equal(m, g2, 6);
	assert_int_equal(vmport_mac_env("vnet0=52:54:00:19:02:01,vnet1=52:54:00:19:02:02", "vnet1",
					m, why, sizeof(why)),
			 0);
	assert_memory_equal(m, g2, 6);
	assert_int_equal(vmport_mac_env("vnet0=52:54:00:19:02:01 vnet1=52:54:00:19:02:02", "vnet0",
					m, why, sizeof(why)),
			 0);
	assert_memory_equal(m, g1, 6);
	/* a list naming other taps: no MAC for this one (the caller refuses lock) */
	assert_int_equal(vmport_mac_env("vnet0=52:54:00:19:02:01", "vnet9", m, why, sizeof(why)),
			 -ENOENT);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		*why = 0;
		assert_int_equal(vmport_mac_env(bad[i].env, "vnet0", m, why, sizeof(why)), -EINVAL);
		if (!strstr(why, bad[i].want))
			fail_msg("BRKIT_MAC='%s': got [%s], want [%s]", bad[i].env, why,
				 bad[i].want);
	}
	assert_int_equal(vmport_parse_mac("52:54:00:19:02:01", m), 0);
	assert_int_equal(vmport_parse_mac("53:54:00:19:02:01", m), -EINVAL);
	assert_int_equal(vmport_parse_mac("52:54:00:19:02:01:", m), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_ok),	      cmocka_unit_test(test_spec_bad),
		cmocka_unit_test(test_conf),	      cmocka_unit_test(test_conf_bad),
		cmocka_unit_test(test_acl_decision),  cmocka_unit_test(test_acl_errors),
		cmocka_unit_test(test_why_redact),    cmocka_unit_test(test_state_roundtrip),
		cmocka_unit_test(test_state_bad),     cmocka_unit_test(test_spec_network),
		cmocka_unit_test(test_network_apply), cmocka_unit_test(test_mac_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

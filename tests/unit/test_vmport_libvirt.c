// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the libvirt hook's domain XML parser: bridge interfaces,
 * brkit:port metadata matched by MAC or dev, bad XML and bad metadata. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hooks/libvirt.h"

static int parse(const char *xml, struct vmport_iface **ifs, size_t *n, char *why)
{
	return vmport_libvirt_parse(xml, strlen(xml), ifs, n, why, VMPORT_WHYLEN);
}

static const char domain[] =
	"<domain type='kvm'>\n"
	"  <name>vm1</name>\n"
	"  <metadata>\n"
	"    <other:thing xmlns:other='https://example.org/x'/>\n"
	"    <brkit:port xmlns:brkit='https://brkit.example/xmlns/1' mac='52:54:00:00:00:01'\n"
	"                vlan='10' lock='yes'/>\n"
	"    <b:port xmlns:b='https://brkit.example/xmlns/1' dev='vnet7' trunks='20-22'\n"
	"            isolated='yes' guard='no' mtu='auto'/>\n"
	"    <port dev='vnet9' vlan='99'/>\n" /* no namespace: not ours */
	"  </metadata>\n"
	"  <devices>\n"
	"    <interface type='bridge'>\n"
	"      <mac address='52:54:00:00:00:01'/>\n"
	"      <source bridge='br0'/>\n"
	"      <target dev='vnet3'/>\n"
	"    </interface>\n"
	"    <interface type='network'>\n"
	"      <source network='default'/>\n"
	"      <target dev='vnet4'/>\n"
	"    </interface>\n"
	"    <interface type='bridge'>\n"
	"      <mac address='52:54:00:00:00:07'/>\n"
	"      <source bridge='br1'/>\n"
	"      <target dev='vnet7'/>\n"
	"    </interface>\n"
	"    <interface type='bridge'>\n"
	"      <source bridge='br2'/>\n"
	"      <target dev='vnet9'/>\n"
	"    </interface>\n"
	"    <interface type='bridge'>\n"
	"      <source bridge='br3'/>\n" /* no target: not started yet */
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

static void test_domain(void **state)
{
	struct vmport_iface *f;
	char why[VMPORT_WHYLEN], spec[VMPORT_SPECLEN];
	size_t n;

	(void)state;
	assert_int_equal(parse(domain, &f, &n, why), 0);
	assert_int_equal(n, 3);
	assert_string_equal(f[0].dev, "vnet3");
	assert_string_equal(f[0].bridge, "br0");
	assert_true(f[0].has_spec);
	vmport_spec_format(&f[0].spec, spec, sizeof(spec));
	/* lock pins the guest's MAC from <mac address> */
	assert_string_equal(spec, "bridge br0 vlan 10 mac 52:54:00:00:00:01 lock");
	assert_string_equal(f[1].dev, "vnet7");
	assert_true(f[1].has_spec);
	vmport_spec_format(&f[1].spec, spec, sizeof(spec));
	assert_string_equal(spec, "bridge br1 trunks 20-22 mtu auto isolated noguard");
	assert_string_equal(f[2].dev, "vnet9");
	assert_false(f[2].has_spec);
	free(f);
}

static void test_no_interfaces(void **state)
{
	struct vmport_iface *f;
	char why[VMPORT_WHYLEN];
	size_t n = 99;

	(void)state;
	assert_int_equal(parse("<domain><name>x</name><devices/></domain>", &f, &n, why), 0);
	assert_int_equal(n, 0);
	free(f);
	assert_int_equal(parse("<domain/>", &f, &n, why), 0);
	assert_int_equal(n, 0);
	free(f);
}

/* An attribute value with a character or entity reference is more than one
 * text node in libxml2's tree: the whole value counts, not its first node. */
static void test_split_text(void **state)
{
	static const char xml[] =
		"<domain><metadata><b:port xmlns:b='https://brkit.example/xmlns/1' "
		"dev='v&#48;' vlan='1&#48;&#48;' trunks='2&#48;-2&#x32;' mtu='a&#117;to' "
		"lock='y&#101;s'/></metadata><devices><interface type='bri&#100;ge'>"
		"<mac address='52:54:00:00:00:&#x30;1'/><source bridge='b&#114;0'/>"
		"<target dev='v&#48;'/></interface></devices></domain>";
	struct vmport_iface *f;
	char why[VMPORT_WHYLEN], spec[VMPORT_SPECLEN];
	size_t n;

	(void)state;
	if (parse(xml, &f, &n, why))
		fail_msg("%s", why);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].dev, "v0");
	assert_string_equal(f[0].bridge, "br0");
	assert_string_equal(f[0].mac, "52:54:00:00:00:01");
	assert_true(f[0].has_spec);
	vmport_spec_format(&f[0].spec, spec, sizeof(spec));
	assert_string_equal(spec,
			    "bridge br0 vlan 100 trunks 20-22 mtu auto mac 52:54:00:00:00:01 lock");
	free(f);
	/* an entity of the document's own DTD splits the value into a text node and
	 * an entity reference node: "1&z;" is vlan 10, never vlan 1 */
	if (parse("<!DOCTYPE domain [<!ENTITY z '0'>]><domain><metadata>"
		  "<b:port xmlns:b='https://brkit.example/xmlns/1' dev='v0' "
		  "vlan='1&z;' trunks='2&z;-29'/></metadata><devices><interface "
		  "type='bridge'><source bridge='b&z;'/><target dev='v&z;'/>"
		  "</interface></devices></domain>",
		  &f, &n, why))
		fail_msg("%s", why);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].dev, "v0");
	assert_string_equal(f[0].bridge, "b0");
	vmport_spec_format(&f[0].spec, spec, sizeof(spec));
	assert_string_equal(spec, "bridge b0 vlan 10 trunks 20-29");
	free(f);
	/* and &amp; in a value is its character, so a bad value is still refused whole */
	assert_int_equal(parse("<domain><metadata><b:port xmlns:b='https://brkit.example/xmlns/1' "
			       "dev='v0' vlan='1&amp;2'/></metadata><devices><interface "
			       "type='bridge'><source bridge='b'/><target dev='v0'/></interface>"
			       "</devices></domain>",
			       &f, &n, why),
			 -EINVAL);
	assert_non_null(strstr(why, "vlan '1&2'"));
}

/* A brkit network's VM: <interface type='ethernet'> (libvirt makes the tap,
 * plugs it nowhere) with brkit:port network='NAME'; type='network' stays
 * libvirt's. */
static const char domain_net[] =
	"<domain type='kvm'>\n"
	"  <name>vm2</name>\n"
	"  <metadata>\n"
	"    <brkit:port xmlns:brkit='https://brkit.example/xmlns/1' mac='52:54:00:00:00:11'\n"
	"                network='default' lock='yes' isolated='yes'/>\n"
	"    <brkit:port xmlns:brkit='https://brkit.example/xmlns/1' dev='vnet13'\n"
	"                network='lab' mtu='1400'/>\n"
	"  </metadata>\n"
	"  <devices>\n"
	"    <interface type='ethernet'>\n"
	"      <mac address='52:54:00:00:00:11'/>\n"
	"      <target dev='vnet11' managed='yes'/>\n"
	"      <model type='virtio'/>\n"
	"    </interface>\n"
	"    <interface type='network'>\n"
	"      <source network='default'/>\n"
	"      <target dev='vnet12'/>\n"
	"    </interface>\n"
	"    <interface type='bridge'>\n"
	"      <source bridge='brk-lab'/>\n"
	"      <target dev='vnet13'/>\n"
	"    </interface>\n"
	"    <interface type='ethernet'>\n" /* no brkit:port: the config file may name it */
	"      <target dev='vnet14'/>\n"
	"    </interface>\n"
	"    <interface type='ethernet'>\n" /* not started: no target */
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

static void test_network(void **state)
{
	struct vmport_iface *f;
	char why[VMPORT_WHYLEN], spec[VMPORT_SPECLEN];
	size_t n;

	(void)state;
	if (parse(domain_net, &f, &n, why))
		fail_msg("%s", why);
	assert_int_equal(n, 3);
	assert_string_equal(f[0].dev, "vnet11");
	assert_true(f[0].ethernet);
	assert_string_equal(f[0].bridge, "");
	assert_true(f[0].has_spec);
	vmport_spec_format(&f[0].spec, spec, sizeof(spec));
	assert_string_equal(spec, "network default mac 52:54:00:00:00:11 isolated lock");
	/* type='bridge' naming a network: the hook checks it is that network's bridge */
	assert_string_equal(f[1].dev, "vnet13");
	assert_false(f[1].ethernet);
	assert_string_equal(f[1].bridge, "brk-lab");
	vmport_spec_format(&f[1].spec, spec, sizeof(spec));
	assert_string_equal(spec, "network lab mtu 1400");
	assert_string_equal(f[2].dev, "vnet14");
	assert_true(f[2].ethernet);
	assert_false(f[2].has_spec);
	free(f);
}

static void test_bad(void **state)
{
	static const struct {
		const char *xml, *why;
	} bad[] = {
		{ "this is not xml", "not XML" },
		{ "", "not XML" },
		{ "<domain><devices>", "not XML" },
		{ "<network/>", "not a libvirt domain (root <network>)" },
		{ "<domain><metadata><b:port xmlns:b='https://brkit.example/xmlns/1' dev='v0' "
		  "vlan='5000'/></metadata><devices><interface type='bridge'><source bridge='b'/>"
		  "<target dev='v0'/></interface></devices></domain>",
		  "interface v0: brkit:port: vlan '5000'" },
		{ "<domain><metadata><b:port xmlns:b='https://brkit.example/xmlns/1' dev='v0' "
		  "lock='maybe'/></metadata><devices><interface type='bridge'><source bridge='b'/>"
		  "<target dev='v0'/></interface></devices></domain>",
		  "'maybe' is not yes or no" },
		{ "<domain><metadata><b:port xmlns:b='https://brkit.example/xmlns/1' dev='v0' "
		  "lock='yes'/></metadata><devices><interface type='ethernet'>"
		  "<target dev='v0'/></interface></devices></domain>",
		  "interface v0: brkit:port: an <interface type='ethernet'> joins a brkit network: "
		  "give network='NAME'" },
		{ "<domain><metadata><b:port xmlns:b='https://brkit.example/xmlns/1' dev='v0' "
		  "network='n1' vlan='10'/></metadata><devices><interface type='ethernet'>"
		  "<target dev='v0'/></interface></devices></domain>",
		  "interface v0: brkit:port: network n1 and 'vlan' exclude each other" },
		{ "<domain><metadata><b:port xmlns:b='https://brkit.example/xmlns/1' dev='v0' "
		  "network='a/b'/></metadata><devices><interface type='ethernet'>"
		  "<target dev='v0'/></interface></devices></domain>",
		  "interface v0: brkit:port: network name 'a/b'" },
	};
	struct vmport_iface *f;
	char why[VMPORT_WHYLEN];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = 0;
		assert_int_equal(parse(bad[i].xml, &f, &n, why), -EINVAL);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: why '%s' lacks '%s'", i, why, bad[i].why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domain),	   cmocka_unit_test(test_no_interfaces),
		cmocka_unit_test(test_split_text), cmocka_unit_test(test_network),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

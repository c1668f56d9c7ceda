// SPDX-License-Identifier: GPL-2.0-or-later
/* The print layer (cli/print.c): the same calls as text and as JSON, compact
 * and pretty, escaping; and the FDB formats written through it
 * (cli/show_fdb.c), as iproute2 and bridge-utils print them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <json-c/json.h>
#include "cli/print.h"
#include "cli/show_fdb.h"

#define MAC_LINE(m)                              \
	do {                                     \
		free(buf);                       \
		buf = NULL;                      \
		mf = open_memstream(&buf, &len); \
		assert_non_null(mf);             \
		show_fdb_mac(mf, m);             \
		fclose(mf);                      \
	} while (0)

/* One object written by the same calls whatever the output. */
static void sample(struct pr *p)
{
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "ifname", "%s: ", "br0");
	pr_uint(p, PR_ANY, "mtu", "mtu %u ", 1500u);
	pr_int(p, PR_ANY, "nsid", "nsid %d ", -3);
	pr_u64(p, PR_ANY, "bytes", "bytes %llu ", 18446744073709551615ULL);
	pr_uint(p, PR_TEXT, NULL, "mask %#x ", 0x10u);
	pr_uint(p, PR_JSON, "mask", "%u", 0x10u);
	pr_bool(p, PR_JSON, "up", "%d", 1);
	pr_bool(p, PR_JSON, "down", "%d", 0);
	pr_null(p, PR_ANY, "link", "@%s ", "NONE");
	pr_centisecs(p, PR_ANY, "timer", "timer %s ", 1505);
	pr_open_arr(p, "flags");
	pr_str(p, PR_ANY, NULL, "<%s,", "UP");
	pr_str(p, PR_ANY, NULL, "%s> ", "LOWER_UP");
	pr_close_arr(p);
	pr_open_arr(p, "none");
	pr_close_arr(p);
	pr_open_obj(p, "info");
	pr_uint(p, PR_ANY, "prio", "prio %4u", 7u);
	pr_close_obj(p);
	pr_text(p, "%s", "\n");
	pr_close_obj(p);
	pr_end(p);
}

static char *run(void (*fn)(struct pr *), bool json, bool pretty)
{
	struct pr p;
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);

	assert_non_null(mf);
	pr_init(&p, mf, json, pretty);
	fn(&p);
	fclose(mf);
	return buf;
}

static void test_text(void **state)
{
	char *s = run(sample, false, false);

	(void)state;
	assert_string_equal(s, "br0: mtu 1500 nsid -3 bytes 18446744073709551615 mask 0x10 @NONE "
			       "timer 15.05 <UP,LOWER_UP> prio    7\n");
	free(s);
	/* -p means nothing for text */
	s = run(sample, false, true);
	assert_string_equal(s, "br0: mtu 1500 nsid -3 bytes 18446744073709551615 mask 0x10 @NONE "
			       "timer 15.05 <UP,LOWER_UP> prio    7\n");
	free(s);
}

static const char compact[] =
	"{\"ifname\":\"br0\",\"mtu\":1500,\"nsid\":-3,\"bytes\":18446744073709551615,"
	"\"mask\":16,\"up\":true,\"down\":false,\"link\":null,\"timer\":15.05,"
	"\"flags\":[\"UP\",\"LOWER_UP\"],\"none\":[],\"info\":{\"prio\":7}}\n";

static void test_json(void **state)
{
	char *s = run(sample, true, false);

	(void)state;
	assert_string_equal(s, compact);
	free(s);
}

static void test_pretty(void **state)
{
	char *s = run(sample, true, true);
	json_object *a, *b;

	(void)state;
	assert_string_equal(s, "{\n"
			       "    \"ifname\": \"br0\",\n"
			       "    \"mtu\": 1500,\n"
			       "    \"nsid\": -3,\n"
			       "    \"bytes\": 18446744073709551615,\n"
			       "    \"mask\": 16,\n"
			       "    \"up\": true,\n"
			       "    \"down\": false,\n"
			       "    \"link\": null,\n"
			       "    \"timer\": 15.05,\n"
			       "    \"flags\": [\n"
			       "        \"UP\",\n"
			       "        \"LOWER_UP\"\n"
			       "    ],\n"
			       "    \"none\": [],\n"
			       "    \"info\": {\n"
			       "        \"prio\": 7\n"
			       "    }\n"
			       "}\n");
	/* the same document as the compact one, for a JSON parser */
	a = json_tokener_parse(s);
	b = json_tokener_parse(compact);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(json_object_equal(a, b));
	json_object_put(a);
	json_object_put(b);
	free(s);
}

/* An array of objects at the top, as `show` prints. */
static void list(struct pr *p)
{
	int i;

	pr_open_arr(p, NULL);
	for (i = 0; i < 3; i++) {
		pr_open_obj(p, NULL);
		pr_int(p, PR_ANY, "i", "%d\n", i);
		pr_close_obj(p);
	}
	pr_close_arr(p);
	pr_end(p);
}

static void empty(struct pr *p)
{
	pr_open_arr(p, NULL);
	pr_close_arr(p);
	pr_end(p);
}

static void test_lists(void **state)
{
	char *s;

	(void)state;
	s = run(list, true, false);
	assert_string_equal(s, "[{\"i\":0},{\"i\":1},{\"i\":2}]\n");
	free(s);
	s = run(list, false, false);
	assert_string_equal(s, "0\n1\n2\n");
	free(s);
	s = run(list, true, true);
	assert_string_equal(s,
			    "[\n    {\n        \"i\": 0\n    },\n    {\n        \"i\": 1\n    },\n"
			    "    {\n        \"i\": 2\n    }\n]\n");
	free(s);
	s = run(empty, true, false);
	assert_string_equal(s, "[]\n");
	free(s);
	s = run(empty, true, true);
	assert_string_equal(s, "[]\n");
	free(s);
	s = run(empty, false, false);
	assert_string_equal(s, "");
	free(s);
}

static const char *escname;

static void one_name(struct pr *p)
{
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "ifname", "%s", escname);
	pr_close_obj(p);
	pr_end(p);
}

static void test_escape(void **state)
{
	char all[32], *s;
	json_object *o, *v;
	int i;

	(void)state;
	escname = "a\"b\\c\nd\te\x01\x1f/\x7f\xc3\xa9";
	s = run(one_name, true, false);
	assert_string_equal(s, "{\"ifname\":\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f/\x7f\xc3\xa9\"}\n");
	free(s);
	/* text prints the name as it is, as iproute2 does */
	s = run(one_name, false, false);
	assert_string_equal(s, escname);
	free(s);
	/* every control character survives a JSON parser's round trip */
	for (i = 1; i < 32; i++)
		all[i - 1] = (char)i;
	all[31] = '\0';
	escname = all;
	s = run(one_name, true, false);
	o = json_tokener_parse(s);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "ifname", &v));
	assert_string_equal(json_object_get_string(v), all);
	json_object_put(o);
	free(s);
}

/* Plain conversions are written by hand, the others by printf: same text. */
static void test_formats(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	struct pr p;

	(void)state;
	pr_init(&p, mf, false, false);
	pr_uint(&p, PR_ANY, "a", "%u|", 0u);
	pr_uint(&p, PR_ANY, "a", "%u|", 4294967295u);
	pr_int(&p, PR_ANY, "a", "%d|", -2147483647 - 1);
	pr_int(&p, PR_ANY, "a", "%i|", 42);
	pr_uint(&p, PR_ANY, "a", "%x|", 0xbeefu);
	pr_uint(&p, PR_ANY, "a", "%#06x|", 0x8001u);
	pr_uint(&p, PR_ANY, "a", "100%% %u|", 5u);
	pr_u64(&p, PR_ANY, "a", "%llu|", 0ULL);
	pr_str(&p, PR_ANY, "a", "%-4s|", "ab");
	pr_str(&p, PR_ANY, "a", "[%s]", "");
	pr_text(&p, "%d-%d|", 1, 2);
	pr_end(&p);
	fclose(mf);
	assert_string_equal(buf, "0|4294967295|-2147483648|42|beef|0x8001|100% 5|0|ab  |[]1-2|");
	free(buf);
}

/* More than the staging buffer holds, with printf fallbacks in between:
 * everything arrives, in order. */
static void test_long(void **state)
{
	char *buf = NULL, name[64];
	size_t len = 0, i, off = 0;
	FILE *mf = open_memstream(&buf, &len);
	struct pr p;

	(void)state;
	pr_init(&p, mf, false, false);
	for (i = 0; i < 3000; i++) {
		pr_uint(&p, PR_ANY, "i", "%u ", (unsigned int)i);
		pr_uint(&p, PR_ANY, "w", "%5u|", (unsigned int)i); /* vfprintf */
	}
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	for (i = 0; i < 200; i++)
		pr_str(&p, PR_ANY, "s", "%s", name);
	pr_end(&p);
	fclose(mf);
	for (i = 0; i < 3000; i++) {
		char want[32];
		int n = snprintf(want, sizeof(want), "%zu %5zu|", i, i);

		assert_memory_equal(buf + off, want, (size_t)n);
		off += (size_t)n;
	}
	assert_int_equal(len, off + 200 * 63);
	free(buf);
}

/* Nesting deeper than the layer tracks still gives valid JSON. */
static void deep(struct pr *p)
{
	int i;

	for (i = 0; i < PR_MAXDEPTH + 4; i++)
		pr_open_arr(p, NULL);
	pr_uint(p, PR_ANY, NULL, "%u", 1u);
	for (i = 0; i < PR_MAXDEPTH + 4; i++)
		pr_close_arr(p);
	pr_end(p);
}

static void test_deep(void **state)
{
	char *s = run(deep, true, false);
	json_object *o;

	(void)state;
	o = json_tokener_parse(s);
	/* json-c's own depth limit is 32: check the ends instead */
	(void)o;
	json_object_put(o);
	assert_int_equal(s[0], '[');
	assert_non_null(strstr(s, "[1]"));
	assert_int_equal(strlen(s), 2 * (PR_MAXDEPTH + 4) + 2);
	free(s);
}

/* ---- the FDB through the print layer ---- */

static const char *names(void *arg, int ifindex)
{
	(void)arg;
	switch (ifindex) {
	case 2:
		return "br0";
	case 5:
		return "p-a";
	case 7:
		return "we\"ird\\";
	case 11:
		return "q-a";
	}
	return NULL;
}

static struct brkit_fdb_entry entry(void)
{
	struct brkit_fdb_entry e = {
		.mac = { 2, 0, 0, 0, 0, 0xab }, .ifindex = 5, .master = 2, .state = NUD_NOARP
	};
	return e;
}

static char *fdb_out(const struct brkit_fdb_entry *e, const struct show_fdb *f, bool json)
{
	struct pr p;
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);

	assert_non_null(mf);
	pr_init(&p, mf, json, false);
	show_fdb_entry(&p, e, f);
	pr_end(&p);
	fclose(mf);
	return buf;
}

static void text_is(const struct brkit_fdb_entry *e, const struct show_fdb *f, const char *want)
{
	char *s = fdb_out(e, f, false);

	assert_string_equal(s, want);
	free(s);
}

/* @want without the newline a top-level JSON value ends with */
static void json_is(const struct brkit_fdb_entry *e, const struct show_fdb *f, const char *want)
{
	char *s = fdb_out(e, f, true);
	size_t n = strlen(s);

	assert_true(n > 0 && s[n - 1] == '\n');
	s[n - 1] = '\0';
	assert_string_equal(s, want);
	free(s);
}

static void test_format_text(void **state)
{
	struct show_fdb f = { .name = names };
	struct brkit_fdb_entry e = entry();

	(void)state;
	text_is(&e, &f, "02:00:00:00:00:ab dev p-a master br0 static\n");
	e.state = NUD_REACHABLE; /* dynamic: empty state, trailing space as iproute2 */
	text_is(&e, &f, "02:00:00:00:00:ab dev p-a master br0 \n");
	e.state = NUD_PERMANENT;
	e.flags = NTF_STICKY | NTF_OFFLOADED | NTF_EXT_LEARNED;
	text_is(&e, &f,
		"02:00:00:00:00:ab dev p-a extern_learn offload sticky master br0 permanent\n");
	e.state = NUD_STALE;
	e.flags = 0;
	text_is(&e, &f, "02:00:00:00:00:ab dev p-a master br0 stale\n");
	e.state = NUD_FAILED;
	text_is(&e, &f, "02:00:00:00:00:ab dev p-a master br0 state=0x20\n");
	e = entry();
	e.deleted = true;
	e.vlan = 10;
	text_is(&e, &f, "Deleted 02:00:00:00:00:ab dev p-a vlan 10 master br0 static\n");
	/* a VXLAN remote */
	e = entry();
	e.master = 0;
	e.ifindex = 9; /* unknown name: "if9" */
	e.flags = NTF_SELF;
	e.state = NUD_PERMANENT;
	e.dst_family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::5", e.dst);
	e.has_port = e.has_vni = e.has_via = e.has_src_vni = true;
	e.port = 4790;
	e.vni = 77;
	e.src_vni = 78;
	e.via = 11;
	text_is(&e, &f,
		"02:00:00:00:00:ab dev if9 dst 2001:db8::5 port 4790 vni 77 src_vni 78 via q-a self "
		"permanent\n");
	e.has_netnsid = true;
	e.netnsid = 3;
	text_is(&e, &f,
		"02:00:00:00:00:ab dev if9 dst 2001:db8::5 port 4790 vni 77 src_vni 78 via ifindex "
		"11 link-netnsid 3 self permanent\n");
	/* show dev DEV leaves out "dev", -s adds "used" */
	e = entry();
	e.has_cacheinfo = true;
	e.used = 12345;
	e.updated = 250;
	f.omit_dev = true;
	f.stats = true;
	text_is(&e, &f, "02:00:00:00:00:ab used 123/2 master br0 static\n");
}

static void test_format_json(void **state)
{
	struct show_fdb f = { .name = names };
	struct brkit_fdb_entry e = entry();

	(void)state;
	json_is(&e, &f,
		"{\"mac\":\"02:00:00:00:00:ab\",\"ifname\":\"p-a\",\"flags\":[],\"master\":\"br0\","
		"\"state\":\"static\"}");
	e.state = NUD_REACHABLE;
	e.flags = NTF_SELF | NTF_STICKY;
	e.deleted = true;
	e.vlan = 4094;
	json_is(&e, &f,
		"{\"deleted\":true,\"mac\":\"02:00:00:00:00:ab\",\"ifname\":\"p-a\",\"vlan\":4094,"
		"\"flags\":[\"self\",\"sticky\"],\"master\":\"br0\",\"state\":\"\"}");
	e = entry();
	e.master = 0;
	e.ifindex = 7; /* a name JSON must escape */
	e.state = NUD_PERMANENT;
	e.dst_family = AF_INET;
	inet_pton(AF_INET, "198.51.100.2", e.dst);
	e.has_vni = e.has_port = e.has_via = true;
	e.vni = 16777215;
	e.port = 4789;
	e.via = 11;
	json_is(&e, &f,
		"{\"mac\":\"02:00:00:00:00:ab\",\"ifname\":\"we\\\"ird\\\\\",\"dst\":\"198.51.100.2\","
		"\"port\":4789,\"vni\":16777215,\"viaIf\":\"q-a\",\"flags\":[],\"state\":\"permanent\"}");
	e = entry();
	e.has_cacheinfo = true;
	e.used = 100;
	e.updated = 399;
	f.omit_dev = true;
	f.stats = true;
	json_is(&e, &f,
		"{\"mac\":\"02:00:00:00:00:ab\",\"used\":1,\"updated\":3,\"flags\":[],\"master\":"
		"\"br0\",\"state\":\"static\"}");
}

static void test_format_mac(void **state)
{
	struct brkit_fdb_mac m = { .mac = { 0xaa, 0xbb, 0xcc, 0, 1, 2 }, .port_no = 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *mf;

	(void)state;
	MAC_LINE(&m);
	assert_string_equal(buf, "  1\taa:bb:cc:00:01:02\tno\t\t   0.00\n");
	m.is_local = true;
	m.port_no = 42;
	MAC_LINE(&m);
	assert_string_equal(buf, " 42\taa:bb:cc:00:01:02\tyes\t\t   0.00\n");
	m.is_local = false;
	m.port_no = 300; /* bridge-utils keeps the low byte */
	m.ageing = 10652;
	MAC_LINE(&m);
	assert_string_equal(buf, " 44\taa:bb:cc:00:01:02\tno\t\t 106.52\n");
	m.port_no = 255;
	m.ageing = 7;
	MAC_LINE(&m);
	assert_string_equal(buf, "255\taa:bb:cc:00:01:02\tno\t\t   0.07\n");
	m.ageing = 123456789;
	MAC_LINE(&m);
	assert_string_equal(buf, "255\taa:bb:cc:00:01:02\tno\t\t1234567.89\n");
	free(buf);
}

/* used and updated are u32 tick counts: never a negative number of seconds
 * (iproute2 divides the u32 by USER_HZ and prints 30000000 in both forms). */
static void test_fdb_used(void **state)
{
	struct show_fdb f = { .name = names, .stats = true };
	struct brkit_fdb_entry e = entry();

	(void)state;
	e.has_cacheinfo = true;
	e.used = 3000000000u;
	e.updated = 4294967295u;
	text_is(&e, &f, "02:00:00:00:00:ab dev p-a used 30000000/42949672 master br0 static\n");
	json_is(&e, &f,
		"{\"mac\":\"02:00:00:00:00:ab\",\"ifname\":\"p-a\",\"used\":30000000,"
		"\"updated\":42949672,\"flags\":[],\"master\":\"br0\",\"state\":\"static\"}");
}

static const char *ctl_names(void *arg, int ifindex)
{
	static char n[IFNAMSIZ];

	(void)arg;
	(void)ifindex;
	memset(n, '\x01', IFNAMSIZ - 1);
	n[IFNAMSIZ - 1] = '\0';
	return n;
}

/* Names of control characters (the kernel allows them) grow sixfold in
 * JSON: every field at once must not overflow anything (ASan watches). */
static void test_fdb_control_names(void **state)
{
	struct show_fdb f = { .name = ctl_names, .stats = true };
	struct brkit_fdb_entry e = entry();
	json_object *o, *v;
	char *s;

	(void)state;
	e.deleted = true;
	e.vlan = 4094;
	e.flags = 0xff;
	e.dst_family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", e.dst);
	e.has_port = e.has_vni = e.has_src_vni = e.has_via = e.has_cacheinfo = true;
	e.port = 65535;
	e.vni = e.src_vni = 16777215;
	e.via = 3;
	e.used = e.updated = 4294967295u;
	e.state = 0xffff & ~(NUD_PERMANENT | NUD_NOARP | NUD_STALE | NUD_REACHABLE);
	s = fdb_out(&e, &f, true);
	assert_true(strlen(s) > 512);
	o = json_tokener_parse(s);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "ifname", &v));
	assert_int_equal(strlen(json_object_get_string(v)), IFNAMSIZ - 1);
	assert_true(json_object_object_get_ex(o, "master", &v));
	assert_int_equal(json_object_get_string(v)[0], '\x01');
	json_object_put(o);
	free(s);
	s = fdb_out(&e, &f, false);
	assert_non_null(strstr(s, "state=0xff39\n"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_format_text),
		cmocka_unit_test(test_format_json),
		cmocka_unit_test(test_format_mac),
		cmocka_unit_test(test_fdb_used),
		cmocka_unit_test(test_fdb_control_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The MDB's pure parts: the change grammar (iproute2's `bridge mdb`), groups
 * and protocols, message parsing (dumps, events, malformed attributes), and
 * the output formats of cli/show_mdb.c (iproute2 6.1's, text and JSON). */
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
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/rtnetlink.h>
#include <brkit/brkit.h>
#include "cli/show_mdb.h"

static int parse_words(struct brkit_mdb_spec *s, const char *line, char *why, size_t wl)
{
	char buf[512], *argv[32], *save = NULL, *t;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (t = strtok_r(buf, " ", &save); t && argc < 32; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	return brkit_mdb_spec_parse(s, argc, argv, why, wl);
}

static void test_spec_good(void **state)
{
	struct brkit_mdb_spec s;
	char why[256];
	uint8_t a[16] = { 0 };

	(void)state;
	assert_int_equal(parse_words(&s, "add dev br0 port p0 grp 233.252.0.1 permanent vid 10",
				     why, sizeof(why)),
			 0);
	assert_int_equal(s.op, BRKIT_MDB_ADD);
	assert_string_equal(s.dev, "br0");
	assert_string_equal(s.port, "p0");
	assert_int_equal(s.family, AF_INET);
	inet_pton(AF_INET, "233.252.0.1", a);
	assert_memory_equal(s.grp, a, 4);
	assert_true(s.permanent);
	assert_int_equal(s.vid, 10);
	assert_false(s.has_src);

	assert_int_equal(
		parse_words(&s,
			    "replace dev br0 port p0 grp ff3e:30:2001:db8::1 temp "
			    "filter_mode exclude source_list 2001:db8::1,2001:db8::2 proto bgp",
			    why, sizeof(why)),
		0);
	assert_int_equal(s.op, BRKIT_MDB_REPLACE);
	assert_int_equal(s.family, AF_INET6);
	assert_false(s.permanent);
	assert_true(s.has_mode);
	assert_int_equal(s.filter_mode, MCAST_EXCLUDE);
	assert_true(s.has_srcs);
	assert_int_equal(s.n_srcs, 2);
	inet_pton(AF_INET6, "2001:db8::2", a);
	assert_memory_equal(s.srcs[1], a, 16);
	assert_int_equal(s.rtprot, 186);

	assert_int_equal(parse_words(&s, "del dev br0 port br0 grp 233.252.0.2 src 192.0.2.1", why,
				     sizeof(why)),
			 0);
	assert_int_equal(s.op, BRKIT_MDB_DEL);
	assert_true(s.has_src);
	inet_pton(AF_INET, "192.0.2.1", a);
	assert_memory_equal(s.src, a, 4);

	assert_int_equal(
		parse_words(&s, "delete grp 01:00:5e:00:00:fb port p1 dev br0", why, sizeof(why)),
		0);
	assert_int_equal(s.family, AF_PACKET);
	assert_int_equal(s.grp[0], 0x01);
	assert_int_equal(s.grp[5], 0xfb);
	/* a MAC group is permanent (the kernel never ages one) */
	assert_int_equal(parse_words(&s, "add dev br0 port p1 grp 01:00:5e:00:00:fb permanent", why,
				     sizeof(why)),
			 0);
	/* proto by number */
	assert_int_equal(
		parse_words(&s, "add dev br0 port p1 grp 233.252.0.9 proto 200", why, sizeof(why)),
		0);
	assert_int_equal(s.rtprot, 200);
}

static void bad(const char *line, const char *want)
{
	struct brkit_mdb_spec s;
	char why[256] = "";

	if (parse_words(&s, line, why, sizeof(why)) != -EINVAL || !strstr(why, want)) {
		print_error("'%s': got [%s], want [%s]\n", line, why, want);
		fail();
	}
}

static void test_spec_bad(void **state)
{
	char many[600];
	int i, n;

	(void)state;
	bad("append dev br0 port p0 grp 233.252.0.1", "unknown verb 'append'");
	bad("add dev br0 port p0", "add needs dev BRIDGE, port PORT and grp GROUP");
	bad("add dev br0 grp 233.252.0.1", "needs dev BRIDGE, port PORT");
	bad("add dev br0 port p0 grp", "'grp' needs a value");
	bad("add dev br0 port p0 grp 192.0.2.1", "grp '192.0.2.1': not an IPv4 multicast");
	bad("add dev br0 port p0 grp 2001:db8::1", "not an IPv6 multicast");
	bad("add dev br0 port p0 grp 02:00:00:00:00:01 permanent", "not a multicast MAC");
	bad("add dev br0 port p0 grp 01:00:5e:00:00:01", "a MAC group must be permanent");
	bad("add dev br0 port p0 grp 01:00:5e:00:00:01 permanent src 192.0.2.1",
	    "a MAC group has no sources");
	bad("add dev br0 port p0 grp x", "not an IPv4, IPv6 or MAC");
	bad("add dev br0 port p0 grp 233.252.0.1 src 2001:db8::1", "not an IPv4 address");
	bad("add dev br0 port p0 grp ff3e::1 src 192.0.2.1", "not an IPv6 address");
	bad("add dev br0 port p0 grp 233.252.0.1 src 233.252.0.2", "a source is a unicast");
	bad("add dev br0 port p0 grp 233.252.0.1 vid 0", "vid '0'");
	bad("add dev br0 port p0 grp 233.252.0.1 vid 4095", "vid '4095'");
	bad("add dev br0 port p0 grp 233.252.0.1 vid 1 vid 2", "'vid' given twice");
	bad("add dev br0 dev br1 port p0 grp 233.252.0.1", "'dev' given twice");
	bad("add dev br0 port p0 port p1 grp 233.252.0.1", "'port' given twice");
	bad("add dev br0 port p0 grp 233.252.0.1 grp 233.252.0.2", "'grp' given twice");
	bad("add dev br0 port p0 grp 233.252.0.1 permanent temp", "only one of permanent, temp");
	bad("add dev br0/x port p0 grp 233.252.0.1", "dev 'br0/x'");
	bad("add dev br0 port aaaaaaaaaaaaaaaaaaaa grp 233.252.0.1", "port 'aaaa");
	bad("add dev br0 port p0 grp 233.252.0.1 filter_mode all", "want include or exclude");
	bad("add dev br0 port p0 grp 233.252.0.1 source_list 192.0.2.1", "needs filter_mode");
	bad("add dev br0 port p0 grp 233.252.0.1 filter_mode include source_list ,", "no address");
	bad("add dev br0 port p0 grp 233.252.0.1 filter_mode include source_list 192.0.2.1,x",
	    "source_list: 'x'");
	bad("add dev br0 port p0 grp 233.252.0.1 src 192.0.2.1 filter_mode include", "drop src");
	bad("add dev br0 port p0 grp 233.252.0.1 proto kernel", "only static (4) or above");
	bad("add dev br0 port p0 grp 233.252.0.1 proto 256", "not a protocol name");
	bad("add dev br0 port p0 grp 233.252.0.1 proto x", "not a protocol name");
	bad("del dev br0 port p0 grp 233.252.0.1 proto static", "del: filter_mode");
	bad("add dev br0 port p0 grp 233.252.0.1 fast", "unexpected 'fast'");
	/* 32 sources: one over the kernel's limit */
	n = snprintf(many, sizeof(many),
		     "add dev br0 port p0 grp 233.252.0.1 filter_mode include source_list ");
	for (i = 1; i <= 32; i++)
		n += snprintf(many + n, sizeof(many) - (size_t)n, "%s192.0.2.%d", i > 1 ? "," : "",
			      i);
	bad(many, "more than 31 sources");
}

static void test_group_proto(void **state)
{
	const char *why;
	uint8_t g[16], p;
	int fam;

	(void)state;
	assert_int_equal(brkit_mdb_parse_group("224.0.0.251", &fam, g, &why), 0);
	assert_int_equal(fam, AF_INET);
	assert_int_equal(brkit_mdb_parse_group("239.255.255.255", &fam, g, &why), 0);
	assert_int_equal(brkit_mdb_parse_group("240.0.0.1", &fam, g, &why), -EINVAL);
	assert_int_equal(brkit_mdb_parse_group("ff02::1:ff00:1", &fam, g, &why), 0);
	assert_int_equal(fam, AF_INET6);
	assert_int_equal(brkit_mdb_parse_group("33:33:00:00:00:01", &fam, g, &why), 0);
	assert_int_equal(fam, AF_PACKET);
	assert_int_equal(brkit_mdb_parse_group("33:33:00:00:00", &fam, g, &why), -EINVAL);
	assert_int_equal(brkit_mdb_parse_group("", &fam, g, &why), -EINVAL);
	assert_int_equal(brkit_mdb_parse_proto("zebra", &p), 0);
	assert_int_equal(p, 11);
	assert_int_equal(brkit_mdb_parse_proto("255", &p), 0);
	assert_int_equal(p, 255);
	assert_int_equal(brkit_mdb_parse_proto("-1", &p), -EINVAL);
	assert_int_equal(brkit_mdb_parse_proto("", &p), -EINVAL);
	assert_string_equal(brkit_mdb_proto_name(4), "static");
	assert_string_equal(brkit_mdb_proto_name(186), "bgp");
	assert_null(brkit_mdb_proto_name(250));
}

/* ---- messages ---- */

static struct nlmsghdr *msg(char *buf, uint16_t type, int br)
{
	struct nlmsghdr *nlh;
	struct br_port_msg *bpm;

	memset(buf, 0, 4096);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	bpm = mnl_nlmsg_put_extra_header(nlh, sizeof(*bpm));
	bpm->family = AF_BRIDGE;
	bpm->ifindex = (uint32_t)br;
	return nlh;
}

/* One MDBA_MDB_ENTRY_INFO: the struct, then (when @attrs) its attributes. */
static void put_entry(struct nlmsghdr *nlh, int port, const char *grp, uint16_t vid, uint8_t state,
		      bool attrs)
{
	struct nlattr *mdb = mnl_attr_nest_start(nlh, MDBA_MDB);
	struct nlattr *ent = mnl_attr_nest_start(nlh, MDBA_MDB_ENTRY);
	struct nlattr *info = mnl_attr_nest_start(nlh, MDBA_MDB_ENTRY_INFO);
	struct br_mdb_entry e = { 0 };

	e.ifindex = (uint32_t)port;
	e.vid = vid;
	e.state = state;
	e.flags = MDB_FLAGS_FAST_LEAVE;
	if (inet_pton(AF_INET, grp, &e.addr.u.ip4) == 1) {
		e.addr.proto = htons(ETH_P_IP);
	} else {
		inet_pton(AF_INET6, grp, &e.addr.u.ip6);
		e.addr.proto = htons(ETH_P_IPV6);
	}
	memcpy(mnl_nlmsg_get_payload_tail(nlh), &e, sizeof(e));
	nlh->nlmsg_len += MNL_ALIGN(sizeof(e));
	if (attrs) {
		struct nlattr *list, *s;
		uint32_t a;

		mnl_attr_put_u32(nlh, MDBA_MDB_EATTR_TIMER, 12345);
		list = mnl_attr_nest_start(nlh, MDBA_MDB_EATTR_SRC_LIST);
		s = mnl_attr_nest_start(nlh, MDBA_MDB_SRCLIST_ENTRY);
		inet_pton(AF_INET, "192.0.2.7", &a);
		mnl_attr_put(nlh, MDBA_MDB_SRCATTR_ADDRESS, 4, &a);
		mnl_attr_put_u32(nlh, MDBA_MDB_SRCATTR_TIMER, 250);
		mnl_attr_nest_end(nlh, s);
		s = mnl_attr_nest_start(nlh, MDBA_MDB_SRCLIST_ENTRY);
		inet_pton(AF_INET, "192.0.2.8", &a);
		mnl_attr_put(nlh, MDBA_MDB_SRCATTR_ADDRESS, 4, &a);
		mnl_attr_put_u32(nlh, MDBA_MDB_SRCATTR_TIMER, 0);
		mnl_attr_nest_end(nlh, s);
		mnl_attr_nest_end(nlh, list);
		mnl_attr_put_u8(nlh, MDBA_MDB_EATTR_GROUP_MODE, MCAST_INCLUDE);
		mnl_attr_put_u8(nlh, 5 /* MDBA_MDB_EATTR_RTPROT */, 11);
		/* a short timer and a source of a bad length: ignored */
		mnl_attr_put_u16(nlh, MDBA_MDB_EATTR_TIMER, 1);
		mnl_attr_put(nlh, MDBA_MDB_EATTR_SOURCE, 3, "abc");
	}
	mnl_attr_nest_end(nlh, info);
	mnl_attr_nest_end(nlh, ent);
	mnl_attr_nest_end(nlh, mdb);
}

static void put_router(struct nlmsghdr *nlh, int port)
{
	struct nlattr *r = mnl_attr_nest_start(nlh, MDBA_ROUTER);
	struct nlattr *p = mnl_attr_nest_start(nlh, MDBA_ROUTER_PORT);
	uint32_t ix = (uint32_t)port;

	memcpy(mnl_nlmsg_get_payload_tail(nlh), &ix, sizeof(ix));
	nlh->nlmsg_len += MNL_ALIGN(sizeof(ix));
	mnl_attr_put_u32(nlh, MDBA_ROUTER_PATTR_TIMER, 4321);
	mnl_attr_put_u8(nlh, MDBA_ROUTER_PATTR_TYPE, MDB_RTR_TYPE_PERM);
	mnl_attr_nest_end(nlh, p);
	mnl_attr_nest_end(nlh, r);
}

struct seen {
	int n, nr;
	struct brkit_mdb_entry e[4];
	struct brkit_mdb_src src[4];
	struct brkit_mdb_router r[4];
};

static int on_entry(const struct brkit_mdb_entry *e, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4) {
		s->e[s->n] = *e;
		if (e->n_srcs)
			memcpy(s->src, e->srcs, (e->n_srcs < 4 ? e->n_srcs : 4) * sizeof(*s->src));
	}
	s->n++;
	return 0;
}

static int on_router(const struct brkit_mdb_router *r, void *arg)
{
	struct seen *s = arg;

	if (s->nr < 4)
		s->r[s->nr] = *r;
	s->nr++;
	return 0;
}

static const struct brkit_mdb_ops ops = { .entry = on_entry, .router = on_router };

static void test_parse(void **state)
{
	char buf[4096];
	struct nlmsghdr *nlh;
	struct seen s = { 0 };
	struct brkit_mdb_filter f = { 0 };
	uint8_t a[16] = { 0 };

	(void)state;
	nlh = msg(buf, RTM_GETMDB, 7);
	put_entry(nlh, 9, "233.252.0.1", 0, MDB_TEMPORARY, true);
	put_entry(nlh, 10, "ff3e:30:2001:db8::1", 5, MDB_PERMANENT, false);
	put_router(nlh, 10);
	assert_int_equal(brkit_mdb_parse(nlh, NULL, &ops, &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.e[0].br, 7);
	assert_int_equal(s.e[0].port, 9);
	assert_int_equal(s.e[0].family, AF_INET);
	inet_pton(AF_INET, "233.252.0.1", a);
	assert_memory_equal(s.e[0].grp, a, 4);
	assert_true(s.e[0].has_timer);
	assert_int_equal(s.e[0].timer, 12345);
	assert_true(s.e[0].has_mode);
	assert_int_equal(s.e[0].filter_mode, MCAST_INCLUDE);
	assert_true(s.e[0].has_rtprot);
	assert_int_equal(s.e[0].rtprot, 11);
	assert_false(s.e[0].has_src);
	assert_int_equal(s.e[0].n_srcs, 2);
	assert_int_equal(s.src[0].timer, 250);
	inet_pton(AF_INET, "192.0.2.8", a);
	assert_memory_equal(s.src[1].addr, a, 4);
	assert_int_equal(s.e[0].flags, MDB_FLAGS_FAST_LEAVE);
	assert_int_equal(s.e[1].family, AF_INET6);
	assert_int_equal(s.e[1].vid, 5);
	assert_int_equal(s.e[1].state, MDB_PERMANENT);
	assert_false(s.e[1].has_timer);
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.r[0].port, 10);
	assert_int_equal(s.r[0].timer, 4321);
	assert_int_equal(s.r[0].type, MDB_RTR_TYPE_PERM);
	assert_false(s.r[0].deleted);

	/* the filter: another bridge, or another VLAN */
	memset(&s, 0, sizeof(s));
	f.br = 8;
	assert_int_equal(brkit_mdb_parse(nlh, &f, &ops, &s), 0);
	assert_int_equal(s.n + s.nr, 0);
	f.br = 7;
	f.vid = 5;
	assert_int_equal(brkit_mdb_parse(nlh, &f, &ops, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.e[0].port, 10);

	/* an event */
	memset(&s, 0, sizeof(s));
	nlh = msg(buf, RTM_DELMDB, 7);
	put_entry(nlh, 9, "233.252.0.1", 0, MDB_PERMANENT, false);
	assert_int_equal(brkit_mdb_parse(nlh, NULL, &ops, &s), 0);
	assert_true(s.e[0].deleted);

	/* not an MDB message; too short */
	nlh->nlmsg_type = RTM_NEWLINK;
	assert_int_equal(brkit_mdb_parse(nlh, NULL, &ops, &s), -ENOENT);
	nlh->nlmsg_type = RTM_NEWMDB;
	nlh->nlmsg_len = sizeof(*nlh) + 2;
	assert_int_equal(brkit_mdb_parse(nlh, NULL, &ops, &s), -EBADMSG);
}

/* An entry info shorter than struct br_mdb_entry is skipped, never read past. */
static void test_parse_short(void **state)
{
	char buf[4096];
	struct nlmsghdr *nlh = msg(buf, RTM_NEWMDB, 3);
	struct nlattr *mdb = mnl_attr_nest_start(nlh, MDBA_MDB);
	struct nlattr *ent = mnl_attr_nest_start(nlh, MDBA_MDB_ENTRY);
	struct seen s = { 0 };

	(void)state;
	mnl_attr_put(nlh, MDBA_MDB_ENTRY_INFO, 10, "0123456789");
	mnl_attr_nest_end(nlh, ent);
	mnl_attr_nest_end(nlh, mdb);
	mdb = mnl_attr_nest_start(nlh, MDBA_ROUTER);
	mnl_attr_put(nlh, MDBA_ROUTER_PORT, 2, "xx");
	mnl_attr_nest_end(nlh, mdb);
	assert_int_equal(brkit_mdb_parse(nlh, NULL, &ops, &s), 0);
	assert_int_equal(s.n + s.nr, 0);
}

/* ---- formats: iproute2 6.1's bridge/mdb.c ---- */

static const char *names(void *arg, int ifindex)
{
	(void)arg;
	return ifindex == 7 ? "br0" : ifindex == 9 ? "p-a" : NULL;
}

static char *out(const struct brkit_mdb_entry *e, const struct show_mdb *f, bool json)
{
	char *b = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&b, &n);
	struct pr p;

	pr_init(&p, fp, json, false);
	show_mdb_entry(&p, e, f);
	pr_end(&p);
	fclose(fp);
	return b;
}

static void is(const struct brkit_mdb_entry *e, const struct show_mdb *f, bool json,
	       const char *want)
{
	char *got = out(e, f, json);

	assert_string_equal(got, want);
	free(got);
}

static void test_format(void **state)
{
	struct brkit_mdb_src src[2] = { { .timer = 250 }, { .timer = 0 } };
	struct brkit_mdb_entry e = {
		.br = 7, .port = 9, .family = AF_INET, .state = MDB_TEMPORARY
	};
	struct show_mdb f = { .name = names };

	(void)state;
	inet_pton(AF_INET, "233.252.0.1", e.grp);
	is(&e, &f, false, "dev br0 port p-a grp 233.252.0.1 temp\n");
	is(&e, &f, true,
	   "{\"index\":7,\"dev\":\"br0\",\"port\":\"p-a\",\"grp\":\"233.252.0.1\","
	   "\"state\":\"temp\",\"flags\":[]}\n");
	e.flags = MDB_FLAGS_OFFLOAD | MDB_FLAGS_BLOCKED;
	e.vid = 10;
	e.has_timer = true;
	e.timer = 25964;
	e.has_src = true;
	inet_pton(AF_INET, "192.0.2.1", e.src);
	is(&e, &f, false,
	   "dev br0 port p-a grp 233.252.0.1 src 192.0.2.1 temp offload blocked vid 10\n");
	f.stats = true;
	is(&e, &f, false,
	   "dev br0 port p-a grp 233.252.0.1 src 192.0.2.1 temp offload blocked vid 10  259.64\n");
	is(&e, &f, true,
	   "{\"index\":7,\"dev\":\"br0\",\"port\":\"p-a\",\"grp\":\"233.252.0.1\","
	   "\"src\":\"192.0.2.1\",\"state\":\"temp\",\"flags\":[\"offload\",\"blocked\"],"
	   "\"vid\":10,\"timer\":\" 259.64\"}\n");
	/* -d: mode, sources, protocol (with iproute2's trailing space) */
	e.has_src = false;
	e.flags = 0;
	e.vid = 0;
	f.stats = false;
	f.details = true;
	e.has_mode = true;
	e.filter_mode = MCAST_EXCLUDE;
	e.has_srcs = true;
	e.n_srcs = 2;
	e.srcs = src;
	inet_pton(AF_INET, "192.0.2.7", src[0].addr);
	inet_pton(AF_INET, "192.0.2.8", src[1].addr);
	e.has_rtprot = true;
	e.rtprot = 2;
	is(&e, &f, false,
	   "dev br0 port p-a grp 233.252.0.1 temp filter_mode exclude source_list "
	   "192.0.2.7/2.50,192.0.2.8/0.00 proto kernel \n");
	is(&e, &f, true,
	   "{\"index\":7,\"dev\":\"br0\",\"port\":\"p-a\",\"grp\":\"233.252.0.1\","
	   "\"state\":\"temp\",\"filter_mode\":\"exclude\",\"source_list\":["
	   "{\"address\":\"192.0.2.7\",\"timer\":\"2.50\"},{\"address\":\"192.0.2.8\","
	   "\"timer\":\"0.00\"}],\"protocol\":\"kernel\",\"flags\":[]}\n");
	/* unknown names: ifNN and a protocol number; a MAC group; a deletion */
	memset(&e, 0, sizeof(e));
	e.br = 7;
	e.port = 42;
	e.family = AF_PACKET;
	e.state = MDB_PERMANENT;
	e.deleted = true;
	memcpy(e.grp, "\x01\x00\x5e\x00\x00\xfb", 6);
	e.has_rtprot = true;
	e.rtprot = 250;
	is(&e, &f, false, "Deleted dev br0 port if42 grp 01:00:5e:00:00:fb permanent proto 250 \n");
}

static void test_format_routers(void **state)
{
	struct brkit_mdb_router r[2] = {
		{ .br = 7,
		  .port = 9,
		  .has_timer = true,
		  .timer = 0,
		  .has_type = true,
		  .type = MDB_RTR_TYPE_PERM },
		{ .br = 7,
		  .port = 11,
		  .has_timer = true,
		  .timer = 12345,
		  .has_type = true,
		  .type = MDB_RTR_TYPE_TEMP_QUERY },
	};
	struct show_mdb f = { .name = names, .details = true };
	char *b = NULL;
	size_t n = 0;
	FILE *fp;
	struct pr p;

	(void)state;
	fp = open_memstream(&b, &n);
	pr_init(&p, fp, false, false);
	show_mdb_routers(&p, 7, r, 2, &f);
	f.stats = true;
	show_mdb_routers(&p, 7, r, 2, &f);
	show_mdb_router_event(&p, &r[1], &f);
	r[1].deleted = true;
	show_mdb_router_event(&p, &r[1], &f);
	pr_end(&p);
	fclose(fp);
	assert_string_equal(b, "router ports on br0: p-a if11 \n"
			       "router ports on br0: p-a    0.00 permanent\n"
			       "router ports on br0: if11  123.45 temp\n"
			       "router port dev if11 master br0\n"
			       "Deleted router port dev if11 master br0\n");
	free(b);
	b = NULL;
	fp = open_memstream(&b, &n);
	pr_init(&p, fp, true, false);
	pr_open_obj(&p, NULL);
	show_mdb_routers(&p, 7, r, 2, &f);
	pr_close_obj(&p);
	pr_end(&p);
	fclose(fp);
	assert_string_equal(b, "{\"br0\":[{\"port\":\"p-a\",\"timer\":\"   0.00\",\"type\":"
			       "\"permanent\"},{\"port\":\"if11\",\"timer\":\" 123.45\",\"type\":"
			       "\"temp\"}]}\n");
	free(b);
}

/* per-VLAN options (vlan global set) and the bridge's multicast options */
static void test_options(void **state)
{
	struct brkit_vlan_global_opts o = { 0 };
	struct brkit_bridge_opts b = { 0 };
	char why[160];
	const char *w;

	(void)state;
	assert_int_equal(brkit_vlan_global_parse(&o, "mcast_snooping", "on", why, sizeof(why)), 0);
	assert_int_equal(brkit_vlan_global_parse(&o, "mcast_querier", "0", why, sizeof(why)), 0);
	assert_int_equal(brkit_vlan_global_parse(&o, "mcast_igmp_version", "3", why, sizeof(why)),
			 0);
	assert_int_equal(o.mask, BRKIT_VG_MCAST_SNOOPING | BRKIT_VG_MCAST_QUERIER |
					 BRKIT_VG_MCAST_IGMP_VERSION);
	assert_true(o.mcast_snooping);
	assert_false(o.mcast_querier);
	assert_int_equal(o.mcast_igmp_version, 3);
	assert_int_equal(brkit_vlan_global_parse(&o, "mcast_mld_version", "3", why, sizeof(why)),
			 -ERANGE);
	assert_non_null(strstr(why, "mcast_mld_version: 3 is out of range (1 or 2)"));
	assert_int_equal(brkit_vlan_global_parse(&o, "mcast_snooping", "maybe", why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "is not on or off"));
	assert_int_equal(brkit_vlan_global_parse(&o, "mcast_igmp_version", "10", why, sizeof(why)),
			 -EINVAL);
	assert_int_equal(brkit_vlan_global_parse(&o, "pvid", "1", why, sizeof(why)), -ENOENT);
	assert_int_equal(brkit_vlan_global_parse(&o, "mcast_querier", NULL, why, sizeof(why)),
			 -EINVAL);

	assert_int_equal(brkit_bridge_opt_parse(&b, "mcast_querier", "on", why, sizeof(why)), 0);
	assert_int_equal(brkit_bridge_opt_parse(&b, "mcast_igmp_version", "3", why, sizeof(why)),
			 0);
	assert_int_equal(brkit_bridge_opt_parse(&b, "mcast_mld_version", "1", why, sizeof(why)), 0);
	assert_int_equal(brkit_bridge_opt_parse(&b, "mcast_router", "2", why, sizeof(why)), 0);
	assert_int_equal(
		brkit_bridge_opt_parse(&b, "mcast_query_interval", "12500", why, sizeof(why)), 0);
	assert_int_equal(brkit_bridge_opt_parse(&b, "mcast_vlan_snooping", "1", why, sizeof(why)),
			 0);
	assert_true(b.mcast_querier && b.mcast_vlan_snooping);
	assert_int_equal(b.mcast_igmp_version, 3);
	assert_int_equal(b.mcast_mld_version, 1);
	assert_int_equal(b.mcast_router, 2);
	assert_int_equal(b.mcast_query_interval, 12500);
	assert_int_equal(brkit_bridge_opts_check(&b, &w), 0);
	b.mcast_igmp_version = 1;
	assert_int_equal(brkit_bridge_opts_check(&b, &w), -ERANGE);
	assert_non_null(strstr(w, "mcast_igmp_version"));
	b.mcast_igmp_version = 2;
	b.mcast_mld_version = 0;
	assert_int_equal(brkit_bridge_opts_check(&b, &w), -ERANGE);
	b.mcast_mld_version = 2;
	b.mcast_router = 3;
	assert_int_equal(brkit_bridge_opts_check(&b, &w), -ERANGE);
	b.mcast_router = 0;
	b.mcast_query_interval = 99;
	assert_int_equal(brkit_bridge_opts_check(&b, &w), -ERANGE);
	assert_non_null(strstr(w, "mcast_query_interval"));
	b.mcast_query_interval = 100;
	assert_int_equal(brkit_bridge_opts_check(&b, &w), 0);
	assert_int_equal(brkit_bridge_opt_parse(&b, "mcast_querier", "2", why, sizeof(why)),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_good),      cmocka_unit_test(test_spec_bad),
		cmocka_unit_test(test_group_proto),    cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_short),    cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_routers), cmocka_unit_test(test_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

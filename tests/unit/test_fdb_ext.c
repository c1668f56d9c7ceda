// SPDX-License-Identifier: GPL-2.0-or-later
/* The FDB's newer kernel answers: the decision to fall back from bulk
 * delete, and the attributes newer kernels add to entries (NDA_FLAGS_EXT,
 * NDA_NH_ID), parsed from crafted messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <brkit/brkit.h>
#include <stdio.h>
#include <stdlib.h>
#include "fdb/fdb_int.h"
#include "cli/print.h"
#include "cli/show_fdb.h"

static void test_bulk_fallback_decision(void **state)
{
	(void)state;
	/* kernels before 5.19: the bulk request read as a delete without NDA_LLADDR */
	assert_true(brkit_fdb_bulk_unsupported(-EINVAL, "invalid address"));
	assert_true(brkit_fdb_bulk_unsupported(-EINVAL, ""));
	assert_true(brkit_fdb_bulk_unsupported(-EINVAL, NULL));
	/* 5.19+: a device without bulk delete */
	assert_true(
		brkit_fdb_bulk_unsupported(-EOPNOTSUPP, "Device does not support bulk deletion"));
	assert_true(brkit_fdb_bulk_unsupported(-EOPNOTSUPP, ""));
	/* 5.19+ refusing the filter itself: a real failure, no fallback */
	assert_false(brkit_fdb_bulk_unsupported(-EINVAL, "Fdb flush: unsupported vlan"));
	/* anything else is a real failure */
	assert_false(brkit_fdb_bulk_unsupported(0, ""));
	assert_false(brkit_fdb_bulk_unsupported(-ENODEV, ""));
	assert_false(brkit_fdb_bulk_unsupported(-EPERM, ""));
	assert_false(brkit_fdb_bulk_unsupported(-ENOBUFS, "invalid address"));
}

/* A bridge entry as the kernel sends it; the tests append what they check. */
static struct nlmsghdr *entry_msg(char *buf)
{
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0x42 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_NEWNEIGH;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = 5;
	ndm->ndm_state = NUD_REACHABLE;
	ndm->ndm_flags = NTF_MASTER;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	mnl_attr_put_u32(nlh, NDA_MASTER, 2);
	return nlh;
}

static void test_parse_locked(void **state)
{
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = entry_msg(buf);
	struct brkit_fdb_entry e;

	(void)state;
	/* what br_fdb_fill_info() puts for an entry learned on a locked port */
	mnl_attr_put_u32(nlh, NDA_FLAGS_EXT, BRKIT_FDB_EXT_LOCKED);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_int_equal(e.flags_ext, BRKIT_FDB_EXT_LOCKED);
	assert_true(e.flags_ext & BRKIT_FDB_EXT_LOCKED);
	assert_int_equal(e.ifindex, 5);
	assert_int_equal(e.master, 2);
	assert_false(e.has_nh_id);
}

static void test_parse_flags_ext_unknown_bits_kept(void **state)
{
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = entry_msg(buf);
	struct brkit_fdb_entry e;

	(void)state;
	/* bits a later kernel adds are passed on, not dropped */
	mnl_attr_put_u32(nlh, NDA_FLAGS_EXT, BRKIT_FDB_EXT_MANAGED | (1u << 2) | (1u << 31));
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_int_equal(e.flags_ext, BRKIT_FDB_EXT_MANAGED | (1u << 2) | (1u << 31));
	assert_false(e.flags_ext & BRKIT_FDB_EXT_LOCKED);
}

static void test_parse_nh_id(void **state)
{
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = entry_msg(buf);
	struct brkit_fdb_entry e;

	(void)state;
	/* a VXLAN remote through a nexthop group (vxlan_fdb_info) */
	mnl_attr_put_u32(nlh, NDA_NH_ID, 4000000001u);
	mnl_attr_put_u32(nlh, NDA_VNI, 42);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_true(e.has_nh_id);
	assert_int_equal(e.nh_id, 4000000001u);
	assert_true(e.has_vni && e.vni == 42);
	assert_int_equal(e.flags_ext, 0);
}

static void test_parse_absent_and_malformed(void **state)
{
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = entry_msg(buf);
	struct brkit_fdb_entry e;

	(void)state;
	/* a kernel before 5.9 / 6.1 sends neither: reads as none */
	memset(&e, 0xa5, sizeof(e));
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_false(e.has_nh_id);
	assert_int_equal(e.nh_id, 0);
	assert_int_equal(e.flags_ext, 0);
	/* wrong lengths are ignored, not read past */
	mnl_attr_put_u16(nlh, NDA_FLAGS_EXT, 0xffff);
	mnl_attr_put_u16(nlh, NDA_NH_ID, 7);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_int_equal(e.flags_ext, 0);
	assert_false(e.has_nh_id);
}

static char *show(const struct brkit_fdb_entry *e, bool json)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	struct show_fdb fmt = { 0 };
	struct pr p;

	assert_non_null(f);
	pr_init(&p, f, json, false);
	show_fdb_entry(&p, e, &fmt);
	pr_end(&p);
	fclose(f);
	return out;
}

static void test_protocol(void **state)
{
	char buf[1024] = { 0 }, nb[16];
	struct nlmsghdr *nlh = entry_msg(buf);
	struct brkit_fdb_entry e;
	struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	char *out;

	(void)state;
	/* zebra's remote MAC, on a kernel that reports NDA_PROTOCOL */
	ndm->ndm_flags = NTF_EXT_LEARNED; /* the kernel's dumps carry no NTF_MASTER */
	mnl_attr_put_u8(nlh, NDA_PROTOCOL, 11);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_int_equal(e.protocol, 11);
	out = show(&e, false);
	/* after master, before the state, as iproute2 prints it */
	assert_string_equal(out,
			    "02:00:00:00:00:42 dev if5 extern_learn master if2 proto zebra \n");
	free(out);
	out = show(&e, true);
	assert_non_null(strstr(out, "\"master\":\"if2\",\"protocol\":\"zebra\",\"state\":\"\""));
	free(out);
	/* NDA_SRC_VNI and NDA_NH_ID, where iproute2 prints them */
	mnl_attr_put_u32(nlh, NDA_SRC_VNI, 5);
	mnl_attr_put_u32(nlh, NDA_NH_ID, 10);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	out = show(&e, false);
	assert_string_equal(out, "02:00:00:00:00:42 dev if5 src_vni 5 nhid 10 extern_learn master "
				 "if2 proto zebra \n");
	free(out);
	assert_string_equal(show_fdb_proto_name(186, nb), "bgp");
	assert_string_equal(show_fdb_proto_name(2, nb), "kernel");
	assert_string_equal(show_fdb_proto_name(250, nb), "250");
	/* unspec (0) is not shown, as iproute2 leaves it out */
	e.protocol = 0;
	out = show(&e, false);
	assert_null(strstr(out, "proto"));
	free(out);
}

static void test_match_ntf(void **state)
{
	struct brkit_fdb_filter f = { 0 };
	struct brkit_fdb_entry e = { 0 };

	(void)state;
	e.state = NUD_REACHABLE;
	e.flags = NTF_MASTER | NTF_EXT_LEARNED;
	assert_true(brkit_fdb_match(&f, &e));
	/* flush's default: spare what a control plane wrote */
	f.ntf_mask = NTF_EXT_LEARNED;
	assert_false(brkit_fdb_match(&f, &e));
	e.flags = NTF_MASTER;
	assert_true(brkit_fdb_match(&f, &e));
	/* `flush extern_learn`: only those */
	f.ntf_flags = NTF_EXT_LEARNED;
	assert_false(brkit_fdb_match(&f, &e));
	e.flags |= NTF_EXT_LEARNED;
	assert_true(brkit_fdb_match(&f, &e));
	/* flags outside the mask do not count */
	f.ntf_mask = 0;
	e.flags = 0;
	assert_true(brkit_fdb_match(&f, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_fallback_decision),
		cmocka_unit_test(test_parse_locked),
		cmocka_unit_test(test_parse_flags_ext_unknown_bits_kept),
		cmocka_unit_test(test_parse_nh_id),
		cmocka_unit_test(test_parse_absent_and_malformed),
		cmocka_unit_test(test_protocol),
		cmocka_unit_test(test_match_ntf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
#include "fdb/fdb_int.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_fallback_decision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The FDB module's internals shared with its tests (not a public header,
 * not exported from libbrkit.so). */
#ifndef BRKIT_FDB_INT_H
#define BRKIT_FDB_INT_H

#include <brkit/brkit.h>

/* Does the kernel's answer to a bulk RTM_DELNEIGH (@err, extended ack
 * @extack, may be NULL) say that it has no bulk delete, so the flush must
 * dump and delete entry by entry? -EOPNOTSUPP (5.19+, a device without
 * bulk delete), or -EINVAL with "invalid address" or no text (before 5.19
 * the kernel ignores NLM_F_BULK and refuses the missing NDA_LLADDR). Pure. */
bool brkit_fdb_bulk_unsupported(int err, const char *extack);

/* brkit_fdb_flush() with test switches: BRKIT_FDB_FLUSH_NO_BULK_FLAG sends
 * the bulk request without NLM_F_BULK, which a 5.19+ kernel answers exactly
 * as an older kernel answers a bulk request, so a test on a new kernel
 * reaches the fallback through the real detection. */
#define BRKIT_FDB_FLUSH_NO_BULK_FLAG 0x1
int brkit_fdb_flush_mode(struct brkit *h, const struct brkit_fdb_filter *f, unsigned int mode);

#endif

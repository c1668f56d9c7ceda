/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The MDB module's internals: the kernel's attribute numbers that Debian 12's
 * <linux/if_bridge.h> (Linux 6.1) predates. Not a public header. */
#ifndef BRKIT_MDB_INT_H
#define BRKIT_MDB_INT_H

#include <linux/if_bridge.h>

/* MDBA_SET_ENTRY_ATTRS members (Linux 6.2 added all but SOURCE). */
#define BRKIT_MDBE_ATTR_SOURCE 1
#define BRKIT_MDBE_ATTR_SRC_LIST 2
#define BRKIT_MDBE_ATTR_GROUP_MODE 3
#define BRKIT_MDBE_ATTR_RTPROT 4
#define BRKIT_MDBE_SRC_LIST_ENTRY 1
#define BRKIT_MDBE_SRCATTR_ADDRESS 1
/* RTM_GETMDB without NLM_F_DUMP (Linux 6.7). */
#define BRKIT_MDBA_GET_ENTRY 1
#define BRKIT_MDBA_GET_ENTRY_ATTRS 2

#endif

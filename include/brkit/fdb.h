/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the fdb module. Included by <brkit/brkit.h>. */
#ifndef BRKIT_FDB_H
#define BRKIT_FDB_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the bridge module. Included by <brkit/brkit.h>. */
#ifndef BRKIT_BRIDGE_H
#define BRKIT_BRIDGE_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif

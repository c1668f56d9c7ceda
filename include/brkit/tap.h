/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the tap module. Included by <brkit/brkit.h>. */
#ifndef BRKIT_TAP_H
#define BRKIT_TAP_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif

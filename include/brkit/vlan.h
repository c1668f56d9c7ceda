/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libbrkit: the vlan module. Included by <brkit/brkit.h>. */
#ifndef BRKIT_VLAN_H
#define BRKIT_VLAN_H

#include <brkit/brkit.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif

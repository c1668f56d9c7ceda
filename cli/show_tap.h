/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Taps as `brkit tap show` prints them: text, or JSON shaped like
 * `ip -j -d link show` (info_data holds the tun/tap details). Pure. */
#ifndef BRKIT_CLI_SHOW_TAP_H
#define BRKIT_CLI_SHOW_TAP_H

#include <brkit/brkit.h>
#include "cli/print.h"

/* @master: the master's name, NULL when none. */
void show_tap(struct pr *p, const struct brkit_tap_info *t, const char *master);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bridge-utils' output formats (brctl show, showstp), byte for byte. Pure. */
#ifndef BRKIT_CLI_SHOW_BRCTL_H
#define BRKIT_CLI_SHOW_BRCTL_H

#include <stdint.h>
#include <stdio.h>
#include <brkit/brkit.h>

/* Sort a bridge list's bridges and each bridge's ports by name, as brctl does
 * (every listing of bridges and ports uses this order). */
void brctl_sort(struct brkit_bridge_list *l);
/* brctl's "show" lines: the header, and one bridge with its ports. */
void brctl_fmt_show_header(FILE *f);
void brctl_fmt_show_bridge(FILE *f, const struct brkit_bridge_info *b);
/* brctl's "showstp BR" text. */
void brctl_fmt_showstp(FILE *f, const struct brkit_bridge_info *b);
/* brctl's timer format: "%4i.%.2i" of seconds and hundredths. */
void brctl_fmt_timer(FILE *f, uint64_t cs);

#endif

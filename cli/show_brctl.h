/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bridge-utils' output formats (brctl show, showstp), byte for byte. Pure. */
#ifndef BRKIT_CLI_SHOW_BRCTL_H
#define BRKIT_CLI_SHOW_BRCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <brkit/brkit.h>

/* Sort a bridge list's bridges and each bridge's ports by name, as brctl does
 * (every listing of bridges and ports uses this order). */
void brctl_sort(struct brkit_bridge_list *l);
/* brctl's "show" lines: the header, and one bridge with its ports. */
void brctl_fmt_show_header(FILE *f);
void brctl_fmt_show_bridge(FILE *f, const struct brkit_bridge_info *b);
/* The same with "STP enabled" given: yes for a bridge a userspace daemon
 * runs whatever the kernel's stp_state (as bridge-utils under mstpd). */
void brctl_fmt_show_bridge_stp(FILE *f, const struct brkit_bridge_info *b, bool stp);
/* brctl's "showstp BR" text. */
void brctl_fmt_showstp(FILE *f, const struct brkit_bridge_info *b);
/* brctl's timer format: "%4i.%.2i" of seconds and hundredths. */
void brctl_fmt_timer(FILE *f, uint64_t cs);

#endif

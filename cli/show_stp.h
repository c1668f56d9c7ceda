/* SPDX-License-Identifier: GPL-2.0-or-later */
/* brkit stp's layouts for people (`stp show`, `stp trace`) and the words the
 * brctl, bridge and port verbs send to brkit-stpd. Pure. */
#ifndef BRKIT_CLI_SHOW_STP_H
#define BRKIT_CLI_SHOW_STP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/time.h>
#include <brkit/brkit.h>

/* `stp show` as text: the daemon's reply records (@body, the lines after
 * "ok", changed in place) as a block per bridge and a table of its ports, as
 * mstpctl showbridge / showport; @detail (-d) adds a block per port with every
 * field and counter, as mstpctl showportdetail. */
void stp_fmt_show(FILE *f, char *body, bool detail);

/* One captured frame of `stp trace` (@frame from the destination MAC on):
 * text, one line ("12:00:01.000250 p-ab in RST v2 P R=Desig L ... age 0s max
 * 20s hello 2s fdelay 15s"), or with @json one JSON object a line. @out: the
 * frame was sent on @dev (its source is @dev's own address), not received.
 * Times in local time for text, seconds since the epoch for JSON. */
void stp_fmt_trace(FILE *f, bool json, const struct timeval *ts, const char *dev, bool out,
		   const unsigned char *frame, size_t len);

/* The daemon's words for what brkit-stpd can hold of a kernel option set
 * (bridge: priority, Forward Delay, Hello Time, Max Age, which must be whole
 * seconds; port: cost, priority in the kernel's 0-63 which is 802.1D's / 4,
 * guard = bpduguard, root_block = rootguard). Those are taken out of @o (the
 * rest is the kernel's) and written as "priority 4096 fdelay 4" to @words
 * ("" when none). Returns 0, or -EINVAL with @why naming the value the
 * daemon cannot take. Pure. */
int stpd_words_bridge(struct brkit_bridge_opts *o, char *words, size_t len, char *why, size_t wlen);
int stpd_words_port(struct brkit_port_opts *o, char *words, size_t len, char *why, size_t wlen);

#endif

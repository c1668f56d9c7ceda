/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to the lab module: value parsers (unit-tested), netem, the intent log. */
#ifndef BRKIT_LAB_INT_H
#define BRKIT_LAB_INT_H

#include <brkit/lab.h>

/* "5ms", "100us", "1.5s": microseconds, up to 60 s. 0, -EINVAL or -ERANGE. */
int brkit_lab_parse_duration(const char *s, uint32_t *us);
/* "10mbit", "1gbit", "500kbps": bytes per second, 1 to INT32_MAX. */
int brkit_lab_parse_rate(const char *s, uint64_t *bytes);
/* "1%", "0.25%": a probability over 0..UINT32_MAX. */
int brkit_lab_parse_percent(const char *s, uint32_t *prob);

/* Program @l's impairments on interface @ifindex of namespace @h (libnl-route-3's
 * qdisc API: netem at the root, tbf under it for a rate). Error text in @msg. */
struct brkit;
int brkit_lab_netem(struct brkit *h, int ifindex, const struct brkit_lab_link *l, char *msg,
		    size_t msglen);

/* Intent log path of lab @name. */
int brkit_lab_log_path(char *buf, size_t len, const char *name);

/* parse.c: brkit-stpd's port words by bit of enum brkit_lab_rstp_port, NULL-ended */
extern const char *const lab_rstp_port_keys[];

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pure parts of the bridge, port and brctl commands (unit-tested). */
#ifndef BRKIT_CMD_BRIDGE_H
#define BRKIT_CMD_BRIDGE_H

#include <stdio.h>
#include <brkit/brkit.h>
#include <json-c/json.h>

/* Parse iproute2-style bridge options ("forward_delay 1500 stp_state 1 ...",
 * timers in centiseconds) into @o. Returns 0, or -EINVAL/-ERANGE with a
 * message naming the option in @err. */
int bridge_opts_parse(int argc, char **argv, struct brkit_bridge_opts *o, char *err, size_t errlen);
/* Parse "FLAG on|off ... cost N priority N" into @o. */
int port_opts_parse(int argc, char **argv, struct brkit_port_opts *o, char *err, size_t errlen);

/* Create bridge @br, a name or a template with one %d. A template takes the
 * lowest number free, as the kernel would (the kernel does not report its
 * choice over rtnetlink, so brkit picks it and creates that name; a device
 * made in between only moves it on). The name made is in @got. Returns 0, a
 * negative errno from the library (its message in h), or EXIT_FAIL after
 * printing that no number is free. */
int bridge_add_named(struct cli *c, const char *br, const struct brkit_bridge_opts *o,
		     char got[IFNAMSIZ]);
/* After `bridge add TEMPLATE` / `addbr TEMPLATE`: print the name made (text,
 * or {"ifname":...} with -j); when it cannot be written, delete the bridge.
 * Returns an exit status. */
int bridge_report_name(struct cli *c, const char *got);
/* Sort a bridge list's bridges and each bridge's ports by name, as brctl does. */
void brctl_sort(struct brkit_bridge_list *l);
/* brctl's "show" lines: the header, and one bridge with its ports. */
void brctl_fmt_show_header(FILE *f);
void brctl_fmt_show_bridge(FILE *f, const struct brkit_bridge_info *b);
/* brctl's "showstp BR" text. */
void brctl_fmt_showstp(FILE *f, const struct brkit_bridge_info *b);
/* brctl's timer format: "%4i.%.2i" of seconds and hundredths. */
void brctl_fmt_timer(FILE *f, uint64_t cs);

/* JSON objects for `brkit -j bridge show` / `brkit -j port show`. */
json_object *bridge_json(const struct brkit_bridge_info *b);
json_object *port_json(const struct brkit_port_info *p, const char *master);
/* Text for `brkit bridge show` / `brkit port show`. */
void bridge_fmt_text(FILE *f, const struct brkit_bridge_info *b);
void port_fmt_text(FILE *f, const struct brkit_port_info *p, const char *master);

#endif

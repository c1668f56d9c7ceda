/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The brkit command: shared state, exit codes, parsers and output helpers. */
#ifndef BRKIT_CLI_H
#define BRKIT_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <brkit/brkit.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli {
	const char *prog; /* "brkit" or "brctl": the name messages start with */
	const char *netns; /* -n NETNS, NULL for the caller's own */
	bool json; /* -j */
	bool pretty; /* -p with -j */
	bool brctl; /* invoked as brctl */
	bool details; /* -d (mdb: filter mode, sources, protocol, router ports) */
	bool stats; /* -s (mdb: timers) */
	struct brkit *h; /* opened on first use by cli_handle() */
	FILE *out; /* stdout; tests point it elsewhere */
	FILE *err; /* stderr */
};

/* The library handle for the chosen namespace, opened once. NULL after
 * printing why (a namespace that does not exist, not root, ...). */
struct brkit *cli_handle(struct cli *c);
/* Open /dev/null on whichever of fds 0-2 is closed, before anything else is
 * opened (a setuid program's caller may close them). */
void cli_hold_std_fds(void);

/* "PROG: message\n" on c->err; return EXIT_USAGE / EXIT_FAIL. */
int cli_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_failmsg(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print the library's last error (brkit_errmsg, or strerror(-err) when it
 * has none) and return EXIT_FAIL. Usage errors are found before any call. */
int cli_fail(struct cli *c, int err);

/* ---- pure parsers (unit-tested); each returns 0 or -EINVAL ---- */
/* Decimal unsigned integer within [min, max]; no sign, no junk, no overflow. */
int cli_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);
/* An unsigned integer as C and bridge-utils' sscanf("%i") read it: 0x hex,
 * a leading 0 octal ("010" is 8), else decimal; the whole string, no sign. */
int cli_parse_uint_c(const char *s, unsigned long min, unsigned long max, unsigned long *out);
/* Seconds with up to two decimals ("15", "2.5") into centiseconds, within [min, max] cs. */
int cli_parse_centisecs(const char *s, unsigned long min, unsigned long max, unsigned long *out);
/* on/off, yes/no, 1/0, true/false (brctl accepts on/off/yes/no/1/0). */
int cli_parse_bool(const char *s, bool *out);
/* MAC address aa:bb:cc:dd:ee:ff (also '-' separated, uniformly) */
int cli_parse_mac(const char *s, uint8_t mac[6]);
void cli_format_mac(const uint8_t mac[6], char buf[18]);
/* Interface name check with a message naming it: returns 0 or EXIT_USAGE after printing. */
int cli_check_ifname(struct cli *c, const char *what, const char *name);
/* A name that may be a template (one %d, the kernel picks the number): the one
 * rule for every command that creates a device (tap add, bridge add, addbr).
 * Returns 0 or EXIT_USAGE after printing. */
int cli_check_template(struct cli *c, const char *what, const char *name);
/* @tmpl with its %d replaced by @n: 0, -EINVAL (not a template) or
 * -ENAMETOOLONG (over IFNAMSIZ-1 bytes). Pure. */
int cli_template_name(const char *tmpl, unsigned int n, char out[IFNAMSIZ]);

/* A keyword given twice is refused everywhere: each parser keeps one of these
 * and asks cli_once() for every keyword (an alias passes the name of the
 * setting, so `up down` is caught too). */
#define CLI_ONCE_MAX 32
struct cli_once {
	const char *seen[CLI_ONCE_MAX];
	unsigned int n;
};
/* 0 the first time @key is seen, -EEXIST after. Pure. */
int cli_once(struct cli_once *o, const char *key);

/* Split a -batch line into words, in place: white space separates, a word
 * starting with '"' or '\'' runs to the same quote (which must end it), '#'
 * starting a word ends the line. Returns the word count (argv[count] = NULL),
 * -E2BIG over @max words, -EINVAL for a broken quote; @why says which. Pure. */
int cli_split_line(char *line, char **argv, int max, const char **why);
/* Copy @n bytes of @s into @buf (NUL-terminated, truncated to @buflen) with
 * control bytes, DEL and bytes that are not UTF-8 written as \xNN. Returns the
 * length written. Pure. */
size_t cli_escape(const char *s, size_t n, char *buf, size_t buflen);

/* Flush c->out: 0, or the errno of a write that failed (a full disk, a closed
 * stdout). A command that made a device the caller learns the name of only
 * from its output removes the device when this fails. */
int cli_flush_out(struct cli *c);

/* ifindex -> name from one link dump (cli/cmd_fdb.c): load prints and returns
 * an exit status on failure; get returns NULL for an unknown index; free
 * n->name after use. */
struct cli_names {
	char (*name)[IFNAMSIZ];
	int max; /* entries: indexes 0..max-1 */
	char tmp[IFNAMSIZ];
};
int cli_names_load(struct cli *c, struct cli_names *n);
const char *cli_names_get(void *arg, int ifindex);

/* ---- output: cli/print.h (one call per field, text or JSON) ---- */

/* ---- commands: each returns an exit status ---- */
typedef int (*cli_cmd_fn)(struct cli *c, int argc, char **argv);
/* Each command's usage text: main.c prints it to stdout for `CMD help`,
 * `CMD -h`, `CMD --help` and `help CMD` (exit 0); a command prints it to
 * c->err with a usage error (exit 2). */
typedef void (*cli_usage_fn)(struct cli *c, FILE *f);
void cmd_bridge_usage(struct cli *c, FILE *f);
void cmd_port_usage(struct cli *c, FILE *f);
void cmd_tap_usage(struct cli *c, FILE *f);
void cmd_fdb_usage(struct cli *c, FILE *f);
void cmd_mdb_usage(struct cli *c, FILE *f);
void cmd_monitor_usage(struct cli *c, FILE *f);
void cmd_vxlan_usage(struct cli *c, FILE *f);
void cmd_vlan_usage(struct cli *c, FILE *f);
void cmd_lab_usage(struct cli *c, FILE *f);
void cmd_vmport_usage(struct cli *c, FILE *f);
void cmd_stp_usage(struct cli *c, FILE *f);
void cmd_evpn_usage(struct cli *c, FILE *f);
void cmd_net_usage(struct cli *c, FILE *f);
/* Whether @w is a brctl verb (addbr, show, ...). */
/* brctl verbs: argv[0] is the verb. Returns -1 when argv[0] is not a brctl verb. */
int cmd_brctl(struct cli *c, int argc, char **argv);
void brctl_usage(struct cli *c, FILE *f);
/* Verb @w's usage line to @f; false if @w is no brctl verb. */
bool brctl_verb_usage(struct cli *c, FILE *f, const char *w);
int cmd_bridge(struct cli *c, int argc, char **argv);
int cmd_port(struct cli *c, int argc, char **argv);
int cmd_tap(struct cli *c, int argc, char **argv);
int cmd_fdb(struct cli *c, int argc, char **argv);
int cmd_mdb(struct cli *c, int argc, char **argv);
int cmd_showmacs(struct cli *c, int argc, char **argv);
int cmd_monitor(struct cli *c, int argc, char **argv);
int cmd_vxlan(struct cli *c, int argc, char **argv);
int cmd_vlan(struct cli *c, int argc, char **argv);
int cmd_lab(struct cli *c, int argc, char **argv);
int cmd_stp(struct cli *c, int argc, char **argv);
int cmd_evpn(struct cli *c, int argc, char **argv);
int cmd_net(struct cli *c, int argc, char **argv);
/* Send one request to the brkit-stpd of the command's namespace, printing
 * nothing. Returns 0 (*reply: its whole reply, malloc'd), -ENOENT when no
 * daemon runs, -EREMOTE when it refused (*reply holds its "error ..." line),
 * or -errno. */
int stp_daemon_request(struct cli *c, const char *req, char **reply);
/* The raw call (cli/stpd_call.c): k->err and k->reply; -ENODEV when the
 * namespace cannot be entered (the handle says why). */
struct stpd_call {
	const char *req;
	char *reply;
	int err;
};
int stpd_call_daemon(struct cli *c, struct stpd_call *k);
/* brkit-stpd: hand bridge @br over (on), or take it back (off, when the
 * daemon runs it); -1 when the kernel decides (no daemon runs in the
 * namespace, or off for a bridge it does not run), else an exit status
 * (after printing on failure). */
int stp_daemon_onoff(struct cli *c, const char *br, bool on);
/* Whether brkit-stpd runs bridge @br: 1 yes, 0 no (or no daemon), -1 when
 * asking failed (after printing why). */
int stp_daemon_runs(struct cli *c, const char *br);
/* One source of truth: while brkit-stpd runs bridge @br, the STP settings of
 * a kernel option set (bridge: priority and the timers; port: cost, priority,
 * guard, root_block) go to the daemon, converted to its units, and are taken
 * out of @o (the caller gives the kernel what is left). Returns 1 when the
 * daemon does not run @br (@o untouched), 0 when it took them, -1 when it
 * cannot or will not, with @why naming brkit-stpd and the reason (the caller
 * prints it in its style and exits 1; nothing changed). */
int stp_route_bridge(struct cli *c, const char *br, struct brkit_bridge_opts *o, char *why,
		     size_t wlen);
int stp_route_port(struct cli *c, const char *br, const char *dev, struct brkit_port_opts *o,
		   char *why, size_t wlen);
struct brkit_bridge_info;
struct brkit_bridge_list;
/* Which component runs a bridge's tree by the kernel's stp_state alone:
 * "kernel", "user" (a userspace daemon), "none". */
const char *stp_by_kernel(const struct brkit_bridge_info *bi);
/* Overlay brkit-stpd's view (ids, root, cost, timers, priority, port states)
 * on the bridges of @l it runs (one request): @by[i] becomes "brkit-stpd" for
 * those, stp_by_kernel() for the others. */
void stp_daemon_overlay(struct cli *c, struct brkit_bridge_list *l, const char **by);
/* The same, and with @roles (one slot a bridge of @l, zeroed): for each bridge
 * the daemon runs, an array of its ports' roles (constant strings, in the
 * order of its ports); stp_roles_free() frees them. */
void stp_daemon_overlay_roles(struct cli *c, struct brkit_bridge_list *l, const char **by,
			      const char ***roles);
void stp_roles_free(const char ***roles, size_t n);

#endif

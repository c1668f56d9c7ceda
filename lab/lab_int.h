/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to the lab module: value parsers (unit-tested), netem, the intent log. */
#ifndef BRKIT_LAB_INT_H
#define BRKIT_LAB_INT_H

#include <stdarg.h>
#include <sys/types.h>

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
/* Fill @err (FILE:LINE:COL: message) and return @ret (lab/parse.c). */
int lab_verr_at(struct brkit_lab_error *err, const char *file, unsigned int line, unsigned int col,
		int ret, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
int lab_err_at(struct brkit_lab_error *err, const char *file, unsigned int line, unsigned int col,
	       int ret, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Process @pid's command line (NUL-separated words) into @buf, NUL-ended:
 * its length, or -1 (no such process, or a zombie: no command line) (lab/up.c). */
ssize_t lab_proc_cmdline(pid_t pid, char *buf, size_t len);
/* Sleep @ms milliseconds, through signals (lab/up.c). */
void lab_sleep_ms(long ms);
/* mkdir -p PATH (each part 0755): 0 or -errno (lab/up.c). */
int lab_mkdir_p(const char *path);

/* parse.c: brkit-stpd's port words by bit of enum brkit_lab_rstp_port, NULL-ended */
extern const char *const lab_rstp_port_keys[];

/* parse.c: "host", "bridge", "router", "hypervisor" */
const char *lab_kind_name(enum brkit_lab_kind k);

/* frr.c: FRR's daemons in lab nodes. The daemons' folder ($BRKIT_FRR_DIR). */
const char *lab_frr_bindir(void);
/* FRR and every daemon the lab names installed (brkit_lab_frr_check's first
 * part, without the dry runs). */
int lab_frr_installed(const struct brkit_lab *lab, struct brkit_lab_error *err);
/* @f's configuration text (inline or its file's); free it. */
int lab_frr_config(const struct brkit_lab_frr *f, char **out);
/* Start the FRR of every node that has one, all nodes at once: zebra first,
 * the others once each zebra's socket exists. Each node's "frr DIR\n" line
 * goes to @log before its folder is made (->logged: it was). */
struct lab_frr_node {
	int netns_fd;
	const char *ns; /* "LAB-NODE" */
	bool logged;
};
int lab_frr_start(const struct brkit_lab *lab, const char *labname, struct lab_frr_node *nodes,
		  int (*log)(void *arg, const char *line), void *arg, struct brkit_lab_error *err);
/* Stop the daemons of the run folders @dirs, all at once (SIGTERM, 5 s, then
 * SIGKILL), and remove the folders. */
void lab_frr_stop(char *const *dirs, size_t ndirs);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM hooks as programs: qemu-ifup, qemu-ifdown and libvirt's qemu hook
 * (hooks/run.c, the program brkit-hook), and QEMU's bridge helper
 * (hooks/helper.c, the program qemu-bridge-helper). Both programs link only
 * hooks/, the CLI's message helpers (cli/util.c, cli/stpd_call.c), the
 * daemon's client (stpd/client.c) and libbrkit's netlink objects: libc and
 * libmnl, nothing else. `brkit vm-port up|down|hook` calls the same code.
 */
#ifndef BRKIT_HOOKS_HOOK_H
#define BRKIT_HOOKS_HOOK_H

#include <stdbool.h>
#include "cli/cli.h"

struct vmport_spec;
struct vmport_ctx;

/* QEMU's hooks are quiet on success: their stdout is QEMU's. */
extern bool vmport_hook_quiet;

/* The state directory for the command's namespace: @base for the initial
 * namespace, @base/net-INODE for another. Points to a static buffer or @base. */
const char *vmport_state_dir_for(struct cli *c, const char *base);
/* The same into @buf: @base for the initial namespace, @base/net-INODE else. */
const char *vmport_dir_for(struct cli *c, const char *base, char *buf, size_t len);
/* The context of `vm-port` and the root-run hooks: BRKIT_STATE_DIR (tests),
 * BRKIT_VMPORT_FAIL_AFTER (the rollback tests' hook), BRKIT_VMPORT_TEST_VETH
 * (the wire tests: a veth taken as a tap), BRKIT_VMPORT_TEST_NO_MAB (a kernel
 * without MAB). */
void vmport_ctx_init(struct cli *c, struct vmport_ctx *ctx);
/* Under brkit-stpd the guards are the daemon's (see hooks/run.c). 0 with
 * *done, or an exit status after printing. */
int vmport_stpd_guard(struct cli *c, const char *br, const char *tap, bool *done);
/* `network NAME`: read the network's state from @dir (VMPORT_NET_DIR for the
 * namespace, from vmport_dir_for) with vmport_load_secure, and give @out
 * (vmport_network_apply). 0, or a negative errno with @why: -ENOENT no such
 * network, -EPERM a state file or directory that is not root's only (a
 * symbolic link, writable by others: refused, not followed), -EAGAIN an
 * incomplete state, -EINVAL a state that does not parse (with @redact its
 * text is not quoted: the bridge helper reads it for its caller). */
int vmport_network_resolve(const char *dir, const struct vmport_spec *s, struct vmport_spec *out,
			   bool redact, char *why, size_t whylen);
/* vm-port up / down, with the daemon's guards; exit statuses. */
int vmport_do_up(struct cli *c, const char *tap, const struct vmport_spec *s);
int vmport_do_down(struct cli *c, const char *tap);
/* The port spec for @tap: the environment (BRKIT_BRIDGE ...) first, else the
 * config file (BRKIT_CONFIG or /etc/brkit/vm-ports.conf); @src says which
 * ("the environment", "FILE:LINE"). 0, or an exit status after printing why. */
int vmport_spec_for(struct cli *c, const char *tap, struct vmport_spec *s, char *src,
		    size_t srclen);
/* qemu-ifup / qemu-ifdown TAP. */
int vmport_qemu_ifup(struct cli *c, int argc, char **argv);
int vmport_qemu_ifdown(struct cli *c, int argc, char **argv);
/* libvirt's qemu hook: argv[1] domain, argv[2] operation, XML on stdin. */
int vmport_libvirt_hook(struct cli *c, int argc, char **argv);
/* The hook for the name a program was called by (qemu-ifup, qemu-ifdown,
 * libvirt-qemu, .../hooks/qemu); NULL when none. Run setuid or with file
 * capabilities (AT_SECURE) every name gets a refusal: the hooks are run by
 * root (QEMU's script=, libvirtd), never on behalf of a user. */
cli_cmd_fn vmport_hook_for(const char *argv0);

/* ---- QEMU's bridge helper: [--use-vnet] --br=BR|NETWORK --fd=N ---- */
struct vmport_helper_cfg {
	const char *config; /* the port spec file (build time: HELPER_CONF) */
	const char *acl; /* the ACL unless the config names one (HELPER_ACL) */
	const char *state_dir; /* the state base (HELPER_STATE_DIR) */
	/* brkit networks' state of the helper's namespace (HELPER_NET_DIR, as
	 * vmport_dir_for gives it): a config line `PATTERN network NAME` lets
	 * --br=NAME join network NAME's bridge, the ACL checked on that bridge */
	const char *net_dir;
	/* Files are opened with vmport_load_secure: regular, root's, not
	 * writable by group or others, no symbolic link on the way. */
};
int vmport_bridge_helper(struct cli *c, int argc, char **argv, const struct vmport_helper_cfg *cfg);
/* The loader of the helper's files (vmport_load_fn): every directory of the
 * absolute @path from / down is walked with O_NOFOLLOW and must be root's and
 * not writable by group or others; the file itself is opened with
 * O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC and checked with fstat() on that fd: a
 * regular file, owned by root, not writable by group or others. -EPERM (with
 * the reason in @why, naming the path) for a file that fails. */
int vmport_load_secure(const char *path, char **text, char *why, size_t whylen);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* qemu-bridge-helper: the program (installed setuid root). Before it opens
 * any file it (1) takes no environment when it runs with privilege it gained
 * (AT_SECURE), (2) finds the state directory of its network namespace (fixed
 * /proc paths), (3) drops every capability but CAP_NET_ADMIN, and the
 * bounding set with them, and sets no_new_privs. It keeps uid 0 as its
 * effective (and file system) uid: the state directory is root's 0700, and
 * brkit-stpd authorises the guard request by the peer's uid. Its files are
 * fixed at build time (HELPER_CONF, HELPER_ACL, HELPER_STATE_DIR, and
 * HELPER_NET_DIR for brkit networks, never moved); only a
 * caller that is root already (uid and euid 0, no AT_SECURE) may point
 * BRKIT_CONFIG and BRKIT_STATE_DIR elsewhere. */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cap-ng.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include "cli/cli.h"
#include "hooks/hook.h"
#include "hooks/vmport.h"

#ifndef HELPER_CONF
#define HELPER_CONF "/etc/brkit/vm-ports.conf"
#endif
#ifndef HELPER_ACL
#define HELPER_ACL "/etc/qemu/bridge.conf"
#endif
#ifndef HELPER_STATE_DIR
#define HELPER_STATE_DIR "/run/brkit/vm-ports"
#endif
#ifndef HELPER_NET_DIR
#define HELPER_NET_DIR VMPORT_NET_DIR /* what `brkit net add` writes */
#endif

/* CAP_NET_ADMIN alone, in the effective and permitted sets; no inheritable,
 * no ambient, an empty bounding set (when we may clear it), no_new_privs.
 * Returns 0 or a message. */
static const char *drop_caps(void)
{
	bool setpcap;

	if (geteuid() == 0) {
		/* the caller's groups and gid are of no use here: files we
		 * create are root:root */
		if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0)
			return "setting group ids";
	}
	if (capng_get_caps_process() < 0)
		return "reading its capabilities";
	setpcap = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP);
	if (!capng_have_capability(CAPNG_PERMITTED, CAP_NET_ADMIN))
		return "it lacks CAP_NET_ADMIN (install it setuid root)";
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_NET_ADMIN) < 0)
		return "keeping CAP_NET_ADMIN";
	if (capng_apply(setpcap ? CAPNG_SELECT_BOTH : CAPNG_SELECT_CAPS) < 0)
		return "dropping capabilities";
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return "clearing ambient capabilities";
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return "setting no_new_privs";
	/* check it took */
	if (capng_get_caps_process() < 0 ||
	    capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_PARTIAL ||
	    !capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN) ||
	    capng_have_capability(CAPNG_PERMITTED, CAP_DAC_OVERRIDE) ||
	    capng_have_capability(CAPNG_PERMITTED, CAP_SYS_ADMIN))
		return "capabilities still held after the drop";
	return NULL;
}

int main(int argc, char **argv)
{
	struct cli c = { .prog = "qemu-bridge-helper", .out = stdout, .err = stderr };
	struct vmport_helper_cfg cfg = { .config = HELPER_CONF,
					 .acl = HELPER_ACL,
					 .state_dir = HELPER_STATE_DIR };
	char net_dir[VMPORT_PATHLEN];
	const char *why, *v;
	int ret;

	vmport_fixed_state_dir = HELPER_STATE_DIR;
	cli_hold_std_fds();
	if (getauxval(AT_SECURE)) {
		/* privilege gained from the file: nothing of the caller's
		 * environment is read, by us or by libc */
		if (clearenv() != 0)
			return EXIT_FAIL;
	} else if (getuid() == 0 && geteuid() == 0) {
		/* root already: may point the helper at other files */
		v = getenv("BRKIT_CONFIG");
		if (v && *v == '/')
			cfg.config = v;
		v = getenv("BRKIT_STATE_DIR");
		if (v && *v == '/')
			cfg.state_dir = v;
	}
	if (argc < 1)
		return EXIT_USAGE;
	cfg.state_dir = vmport_state_dir_for(&c, cfg.state_dir);
	cfg.net_dir = vmport_dir_for(&c, HELPER_NET_DIR, net_dir, sizeof(net_dir));
	why = drop_caps();
	if (why)
		return cli_failmsg(&c, "dropping to CAP_NET_ADMIN: %s", why);
	ret = vmport_bridge_helper(&c, argc, argv, &cfg);
	if (fflush(stdout) != 0 && ret == EXIT_OK)
		ret = EXIT_FAIL;
	brkit_close(c.h);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-hook: the hooks QEMU and libvirt run as root, as one lean program
 * (libc and libmnl only; libxml2 is dlopen()ed by the libvirt hook). Its role
 * is the name it is called by: qemu-ifup TAP, qemu-ifdown TAP, libvirt-qemu
 * (or .../hooks/qemu) DOMAIN OP SUBOP EXTRA; or brkit-hook ROLE ARGS... */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "hooks/hook.h"

int main(int argc, char **argv)
{
	struct cli c = { .prog = "brkit-hook", .out = stdout, .err = stderr };
	cli_cmd_fn fn;
	int ret;

	cli_hold_std_fds();
	if (argc < 1)
		return EXIT_USAGE;
	fn = vmport_hook_for(argv[0]);
	if (!fn && argc >= 2) { /* brkit-hook ROLE ARGS... */
		fn = vmport_hook_for(argv[1]);
		argc--;
		argv++;
	}
	if (!fn)
		return cli_usage(&c, "usage: brkit-hook qemu-ifup|qemu-ifdown|libvirt-qemu ARGS... "
				     "(or run it by one of those names)");
	ret = fn(&c, argc, argv);
	if (fflush(stdout) != 0 && ret == EXIT_OK)
		ret = EXIT_FAIL;
	brkit_close(c.h);
	return ret;
}

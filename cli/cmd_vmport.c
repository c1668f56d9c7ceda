// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit vm-port up|down|show|hook: the work is hooks/run.c's (shared with the
 * lean hook programs); here the verbs and vm-port show. */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/print.h"
#include "cli/cmd_vmport.h"
#include "hooks/hook.h"
#include "hooks/vmport.h"
#include "nl/util.h"

void cmd_vmport_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit vm-port up TAP bridge BR [vlan TAG] [trunks LIST] [mtu N|auto]\n"
	      "                     [mac ADDR] [isolated] [lock] [noguard]\n"
	      "                     [create [user U] [vnet_hdr] [multi_queue]] [acl FILE]\n"
	      "       brkit vm-port up TAP network NAME [...]   (a brkit network's bridge,\n"
	      "                     from brkit net add NAME; no bridge, vlan or trunks)\n"
	      "       brkit vm-port up TAP vlan N [...]   (an EVPN host: the bridge of the VNI\n"
	      "                     that VLAN N names, from brkit evpn apply; or bridge evpn vlan N)\n"
	      "       brkit vm-port down TAP\n"
	      "       brkit [-j] vm-port show [TAP]\n"
	      "       brkit vm-port hook qemu-ifup|qemu-ifdown|qemu-bridge-helper|libvirt-qemu ARGS...\n",
	      f);
}

struct show {
	struct cli *c;
	struct pr p;
};

static int show_cb(const struct vmport_state *st, void *arg)
{
	struct show *sh = arg;
	struct pr *p = &sh->p;
	char mac[18], vl[2048];
	struct brkit_link l;
	/* stale: the tap is gone, or another device has its name now (a new tap
	 * of that name: the state is an older device's) */
	bool gone = brkit_link_get(sh->c->h, st->tap, &l) == -ENODEV;
	bool replaced = !gone && st->ifindex && l.ifindex != st->ifindex;
	bool stale = gone || replaced;
	char why[160] = "";

	if (gone)
		snprintf(why, sizeof(why), " (stale: the tap is gone)");
	else if (replaced)
		snprintf(why, sizeof(why),
			 " (stale: the state is of an older device, ifindex %d; %s is now "
			 "another device, ifindex %d: the tap was replaced)",
			 st->ifindex, st->tap, l.ifindex);

	*vl = 0;
	if (st->pinned) {
		cli_format_mac(st->pin_mac, mac);
		if (!brkit_vlan_set_has(&st->pin_vids, 0))
			brkit_vlan_set_format(&st->pin_vids, vl, sizeof(vl));
	}
	pr_open_obj(p, NULL);
	pr_str(p, PR_ANY, "tap", "%s", st->tap);
	pr_str(p, PR_JSON, "bridge", "%s", st->bridge);
	pr_str(p, PR_ANY, "spec", " %s", st->spec);
	pr_bool(p, PR_JSON, "created", "%d", st->created);
	if (st->created)
		pr_text(p, " (created)");
	pr_bool(p, PR_JSON, "enslaved", "%d", st->enslaved);
	pr_bool(p, PR_JSON, "stale", "%d", stale);
	if (stale)
		pr_str(p, PR_JSON, "stale_why", "%s", gone ? "gone" : "replaced");
	if (st->pinned) {
		pr_str(p, PR_ANY, "pinned_mac", " pinned %s", mac);
		if (*vl)
			pr_str(p, PR_ANY, "pinned_vlans", " vlans %s", vl);
	}
	/* lock without the guest's MAC: learnt through MAB (hooks/vmport.c) */
	pr_bool(p, PR_JSON, "learnt", "%d", st->learnt);
	if (st->learnt)
		pr_text(p, " (lock: the guest's MAC, learnt)");
	if (st->mab && !st->learnt) {
		bool alive = vmport_waiter_alive(st->waiter, st->waiter_start);

		pr_str(p, PR_JSON, "lock", "%s", alive ? "waiting" : "waiter_gone");
		if (st->waiter)
			pr_int(p, PR_JSON, "waiter_pid", "%d", st->waiter);
		pr_text(p,
			alive ? " (lock: waiting for the guest's first MAC, pid %d)"
			      : " (lock: not learning, the waiter is gone: vm-port up again "
				"restarts it)",
			st->waiter);
	}
	pr_text(p, "%s\n", why);
	pr_close_obj(p);
	return 0;
}

static int do_show(struct cli *c, const char *tap)
{
	struct show sh = { .c = c };
	struct vmport_ctx ctx;
	struct vmport_state st;
	struct brkit *h;
	int err;

	if (tap && cli_check_ifname(c, "tap", tap))
		return EXIT_USAGE;
	vmport_ctx_init(c, &ctx);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	if (tap) {
		err = vmport_state_read(h, ctx.state_dir, tap, &st);
		if (err == -ENOENT)
			return cli_failmsg(c, "%s: not managed by brkit", tap);
		if (err)
			return cli_fail(c, err);
	}
	pr_init(&sh.p, c->out, c->json, c->pretty);
	pr_open_arr(&sh.p, NULL);
	err = tap ? show_cb(&st, &sh) : vmport_foreach(h, ctx.state_dir, show_cb, &sh);
	pr_close_arr(&sh.p);
	pr_end(&sh.p);
	if (err)
		return cli_fail(c, err);
	return EXIT_OK;
}

int cmd_vmport(struct cli *c, int argc, char **argv)
{
	struct vmport_spec s;
	char why[VMPORT_WHYLEN];

	if (argc < 1 || !strcmp(argv[0], "help")) {
		cmd_vmport_usage(c, argc < 1 ? c->err : c->out);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[0], "up")) {
		if (argc < 2)
			return cli_usage(c, "vm-port up: the TAP is missing");
		if (vmport_spec_parse(&s, argc - 2, argv + 2, why, sizeof(why)))
			return cli_usage(c, "vm-port up %s: %s", argv[1], why);
		return vmport_do_up(c, argv[1], &s);
	}
	if (!strcmp(argv[0], "down")) {
		if (argc != 2)
			return cli_usage(c, "vm-port down takes one TAP");
		return vmport_do_down(c, argv[1]);
	}
	if (!strcmp(argv[0], "hook")) {
		cli_cmd_fn fn = NULL;

		if (c->netns)
			return cli_usage(c, "vm-port hook runs in the caller's namespace, not "
					    "with -n (use ip netns exec)");
		if (argc >= 2 && !strcmp(argv[1], "qemu-bridge-helper"))
			return vmport_cli_bridge_helper(c, argc - 1, argv + 1);
		if (argc >= 2)
			fn = vmport_hook_for(argv[1]);
		if (!fn)
			return cli_usage(c, "vm-port hook: want qemu-ifup, qemu-ifdown, "
					    "qemu-bridge-helper or libvirt-qemu");
		return fn(c, argc - 1, argv + 1);
	}
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		if (argc > 2)
			return cli_usage(c, "vm-port show takes at most one TAP");
		return do_show(c, argc == 2 ? argv[1] : NULL);
	}
	cmd_vmport_usage(c, c->err);
	return cli_usage(c, "vm-port: unknown verb '%s'", argv[0]);
}

/* `brkit vm-port hook qemu-bridge-helper ...`: the helper's code with its
 * installed paths, for root (brkit refuses to run setuid at all, cli/main.c);
 * a root caller may point it elsewhere with BRKIT_CONFIG and BRKIT_STATE_DIR,
 * as the installed helper allows root (README, VM hooks). */
int vmport_cli_bridge_helper(struct cli *c, int argc, char **argv)
{
	struct vmport_helper_cfg cfg = { .config = VMPORT_CONFIG,
					 .acl = "/etc/qemu/bridge.conf",
					 .state_dir = VMPORT_STATE_DIR };
	char net_dir[VMPORT_PATHLEN];
	const char *v;

	if (getuid() == 0 && geteuid() == 0) {
		v = getenv("BRKIT_CONFIG");
		if (v && *v == '/')
			cfg.config = v;
		v = getenv("BRKIT_STATE_DIR");
		if (v && *v == '/')
			cfg.state_dir = v;
	}
	cfg.state_dir = vmport_state_dir_for(c, cfg.state_dir);
	cfg.net_dir = vmport_dir_for(c, VMPORT_NET_DIR, net_dir, sizeof(net_dir));
	return vmport_bridge_helper(c, argc, argv, &cfg);
}

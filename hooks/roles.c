// SPDX-License-Identifier: GPL-2.0-or-later
/* The hooks QEMU and libvirt run as root: qemu-ifup / qemu-ifdown (the tap as
 * the only argument, the spec from the environment or the config file) and
 * libvirt's qemu hook (the domain XML on stdin). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include "cli/cli.h"
#include "hooks/hook.h"
#include "hooks/libvirt.h"
#include "hooks/vmport.h"
#include "nl/util.h"

/* ---- the QEMU hooks: the port spec from the environment or the config ---- */

/* BRKIT_BRIDGE [BRKIT_VLAN] [BRKIT_TRUNKS] [BRKIT_MTU] [BRKIT_LOCK] [BRKIT_ACL]
 * as the words of `vm-port up`, or BRKIT_NETWORK (a brkit network, instead of
 * BRKIT_BRIDGE, BRKIT_VLAN and BRKIT_TRUNKS). Returns -1 when neither
 * BRKIT_BRIDGE nor BRKIT_NETWORK is set, else 0 or an exit status. */
static int spec_from_env(struct cli *c, const char *tap, struct vmport_spec *s)
{
	static const struct {
		const char *env, *kw;
	} map[] = {
		{ "BRKIT_BRIDGE", "bridge" }, { "BRKIT_VLAN", "vlan" },
		{ "BRKIT_TRUNKS", "trunks" }, { "BRKIT_MTU", "mtu" },
		{ "BRKIT_ACL", "acl" },	      { "BRKIT_NETWORK", "network" },
	};
	char *words[16], why[VMPORT_WHYLEN];
	const char *lk = getenv("BRKIT_LOCK");
	int n = 0;
	size_t i;
	bool on;

	if (!getenv("BRKIT_BRIDGE") && !getenv("BRKIT_NETWORK"))
		return -1;
	if (getenv("BRKIT_BRIDGE") && getenv("BRKIT_NETWORK"))
		return cli_usage(c,
				 "%s: BRKIT_BRIDGE and BRKIT_NETWORK are both set: give one (the "
				 "network's bridge is the port's)",
				 tap);
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		char *v = getenv(map[i].env);

		if (!v || !*v)
			continue;
		words[n++] = (char *)map[i].kw;
		words[n++] = v;
	}
	if (lk && *lk) {
		if (cli_parse_bool(lk, &on))
			return cli_usage(c, "BRKIT_LOCK='%s': want 1/0, yes/no or on/off", lk);
		if (on)
			words[n++] = "lock";
	}
	if (vmport_spec_parse(s, n, words, why, sizeof(why)))
		return cli_usage(c, "%s: port spec from the environment: %s", tap, why);
	return 0;
}

static const char *config_path(void)
{
	const char *p = getenv("BRKIT_CONFIG");

	return p && *p ? p : VMPORT_CONFIG;
}

/* The config file's spec for @tap: 0 with *found set, or an exit status
 * after printing why. *missing tells the file does not exist. */
static int spec_from_conf(struct cli *c, const char *tap, struct vmport_spec *s, bool *found,
			  bool *missing, unsigned int *line)
{
	const char *path = config_path();
	struct vmport_conf_match m;
	char why[VMPORT_WHYLEN], *text;
	int err;

	*found = *missing = false;
	err = vmport_load_file(path, &text, NULL);
	if (err == -ENOENT) {
		*missing = true;
		return 0;
	}
	if (err)
		return cli_failmsg(c, "%s: %s", path, strerror(-err));
	err = vmport_conf_find(text, path, tap, &m, why, sizeof(why));
	free(text);
	if (err)
		return cli_failmsg(c, "%s", why);
	if (m.found)
		*s = m.spec;
	*found = m.found;
	if (line)
		*line = m.line;
	return 0;
}

/* 0 with @s filled, or an exit status after printing why. */
int vmport_spec_for(struct cli *c, const char *tap, struct vmport_spec *s, char *src, size_t srclen)
{
	unsigned int line = 0;
	bool found, missing;
	int err;

	snprintf(src, srclen, "the environment");
	err = spec_from_env(c, tap, s);
	if (err >= 0)
		return err;
	err = spec_from_conf(c, tap, s, &found, &missing, &line);
	snprintf(src, srclen, "%s:%u", config_path(), line);
	if (err || found)
		return err;
	return cli_failmsg(c,
			   "%s: no port spec: neither BRKIT_BRIDGE nor BRKIT_NETWORK is set in the "
			   "environment and %s "
			   "%s",
			   tap, config_path(),
			   missing ? "does not exist" : "has no line matching it");
}

/* lock pins the guest's MAC, and QEMU does not give its script= that MAC:
 * BRKIT_MAC in QEMU's environment does (one address, or TAP=ADDR,... for
 * several NICs); a spec without lock does not use it. With no MAC at all
 * vm-port up learns the guest's first source MAC (a locked port with MAB,
 * Linux 6.2+) or refuses where the kernel cannot; a BRKIT_MAC list that names
 * other taps only is refused (a NIC left out by mistake). @src names where
 * the spec came from. 0 or an exit status after printing. */
static int lock_mac(struct cli *c, const char *tap, struct vmport_spec *s, const char *src)
{
	const char *env = getenv("BRKIT_MAC");
	char why[VMPORT_WHYLEN], have[18], got[18];
	uint8_t mac[6];
	int err = -ENOENT;

	if (!s->lock)
		return 0;
	if (env && *env) {
		err = vmport_mac_env(env, tap, mac, why, sizeof(why));
		if (err && err != -ENOENT)
			return cli_usage(c, "%s: %s", tap, why);
	}
	if (!err && s->has_mac && memcmp(mac, s->mac, 6)) {
		vmport_mac_str(mac, got);
		vmport_mac_str(s->mac, have);
		return cli_usage(c, "%s: BRKIT_MAC=%s is not the mac %s of the port spec (%s)", tap,
				 got, have, src);
	}
	if (!err) {
		memcpy(s->mac, mac, 6);
		s->has_mac = true;
	}
	if (s->has_mac || !env || !*env)
		return 0; /* no MAC anywhere: vm-port up learns it (MAB) or refuses */
	return cli_usage(c,
			 "%s: lock needs the guest's MAC, which QEMU does not give its script: set "
			 "BRKIT_MAC=ADDR (or TAP=ADDR,... for several NICs) in QEMU's environment, "
			 "or give mac ADDR in the port spec (%s)%s; the tap's own address is the "
			 "host's, and pinning it would cut the VM off",
			 tap, src, env && *env ? " (BRKIT_MAC names other taps)" : "");
}

int vmport_qemu_ifup(struct cli *c, int argc, char **argv)
{
	char src[VMPORT_PATHLEN + 16];
	struct vmport_spec s;
	int err;

	c->prog = "qemu-ifup";
	vmport_hook_quiet = true;
	if (argc != 2)
		return cli_usage(c,
				 "usage: qemu-ifup TAP (QEMU's script=; the spec comes from "
				 "BRKIT_BRIDGE... or %s)",
				 config_path());
	if (cli_check_ifname(c, "tap", argv[1]))
		return EXIT_USAGE;
	err = vmport_spec_for(c, argv[1], &s, src, sizeof(src));
	if (!err)
		err = lock_mac(c, argv[1], &s, src);
	if (err)
		return err;
	return vmport_do_up(c, argv[1], &s);
}

int vmport_qemu_ifdown(struct cli *c, int argc, char **argv)
{
	c->prog = "qemu-ifdown";
	vmport_hook_quiet = true;
	if (argc != 2)
		return cli_usage(c, "usage: qemu-ifdown TAP (QEMU's downscript=)");
	return vmport_do_down(c, argv[1]);
}

static int vmport_refuse_secure(struct cli *c, int argc, char **argv)
{
	(void)argc;
	return cli_failmsg(c,
			   "%s runs setuid or with file capabilities: refused (the hooks are "
			   "run by root; for unprivileged QEMU install qemu-bridge-helper)",
			   argv[0]);
}

/* ---- libvirt's qemu hook: /etc/libvirt/hooks/qemu DOMAIN OP SUBOP EXTRA,
 * the domain XML on stdin ---- */

/* An <interface type='bridge'> whose spec names a brkit network: libvirt put
 * the tap on its <source bridge>, which must be the network's. 0, or an exit
 * status after printing. */
static int network_is_bridge(struct cli *c, const char *dom, const struct vmport_iface *f)
{
	char dbuf[VMPORT_PATHLEN], why[VMPORT_WHYLEN];
	struct vmport_spec r;
	const char *dir;

	if (!cli_handle(c))
		return EXIT_FAIL;
	dir = vmport_dir_for(c, VMPORT_NET_DIR, dbuf, sizeof(dbuf));
	if (vmport_network_resolve(dir, &f->spec, &r, false, why, sizeof(why)))
		return cli_failmsg(c, "%s: %s", f->dev, why);
	if (strcmp(r.bridge, f->bridge))
		return cli_failmsg(c,
				   "%s: network %s's bridge is %s, but domain %s puts it on bridge "
				   "%s (for a brkit network use <interface type='ethernet'>)",
				   f->dev, f->spec.network, r.bridge, dom, f->bridge);
	return 0;
}
int vmport_libvirt_hook(struct cli *c, int argc, char **argv)
{
	struct vmport_iface *ifs = NULL;
	const char *dom, *op;
	char why[VMPORT_WHYLEN], *xml;
	bool up, found, missing;
	size_t len, n, i, k;
	int ret = EXIT_OK, err;

	c->prog = "libvirt-qemu";
	if (argc < 3)
		return cli_usage(c, "usage: libvirt-qemu DOMAIN OPERATION [SUB-OPERATION EXTRA] "
				    "(libvirt's qemu hook; the domain XML on stdin)");
	dom = argv[1];
	op = argv[2];
	if (!strcmp(op, "started") || !strcmp(op, "reconnect"))
		up = true;
	else if (!strcmp(op, "stopped") || !strcmp(op, "release"))
		up = false;
	else
		return EXIT_OK; /* prepare, start, migrate, ...: nothing for brkit */
	err = brkit_read_fd(STDIN_FILENO, 64u << 20, &xml, &len);
	if (err)
		return cli_failmsg(c, "domain %s: reading the domain XML on stdin: %s", dom,
				   strerror(-err));
	if (vmport_libvirt_parse(xml, len, &ifs, &n, why, sizeof(why))) {
		free(xml);
		return cli_failmsg(c, "domain %s: %s", dom, why);
	}
	free(xml);
	if (!n) {
		fprintf(c->out, "domain %s: no bridge or ethernet interface, nothing to do\n", dom);
		free(ifs);
		return EXIT_OK;
	}
	for (i = 0; i < n && ret == EXIT_OK; i++) {
		struct vmport_iface *f = &ifs[i];

		if (!up) {
			ret = vmport_do_down(c, f->dev);
			continue;
		}
		if (!f->has_spec) {
			ret = spec_from_conf(c, f->dev, &f->spec, &found, &missing, NULL);
			if (ret)
				break;
			if (!found) {
				fprintf(c->out,
					"%s: no brkit:port in domain %s's metadata and no line in "
					"%s: left as libvirt made it\n",
					f->dev, dom, config_path());
				continue;
			}
			if (f->ethernet && !*f->spec.network) {
				fprintf(c->out,
					"%s: <interface type='ethernet'> of domain %s and the line of "
					"%s names no brkit network: left as libvirt made it\n",
					f->dev, dom, config_path());
				continue;
			}
			if (!*f->spec.network && strcmp(f->spec.bridge, f->bridge)) {
				ret = cli_failmsg(c, "%s: %s says bridge %s, the domain %s", f->dev,
						  config_path(), f->spec.bridge, f->bridge);
				break;
			}
			/* lock pins the guest's MAC: the interface's <mac address> */
			if (f->spec.lock && !f->spec.has_mac) {
				if (!*f->mac || vmport_parse_mac(f->mac, f->spec.mac)) {
					ret = cli_failmsg(
						c,
						"%s: the line of %s locks, and domain %s gives the "
						"interface no unicast <mac address> to pin",
						f->dev, config_path(), dom);
					break;
				}
				f->spec.has_mac = true;
			}
			f->has_spec = true;
		}
		if (*f->spec.network && !f->ethernet) {
			ret = network_is_bridge(c, dom, f);
			if (ret)
				break;
		}
		ret = vmport_do_up(c, f->dev, &f->spec);
		f->done = ret == EXIT_OK;
	}
	/* started: all or nothing for the domain; reconnect leaves running VMs alone */
	if (ret != EXIT_OK && up && !strcmp(op, "started")) {
		for (k = 0; k < n; k++)
			if (ifs[k].done)
				vmport_do_down(c, ifs[k].dev);
	}
	free(ifs);
	return ret;
}

cli_cmd_fn vmport_hook_for(const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t l = strlen(path);

	/* Run setuid or with file capabilities (AT_SECURE), a hook would hand
	 * its caller the host: every role is refused. */
	if (getauxval(AT_SECURE))
		return vmport_refuse_secure;
	if (!strcmp(name, "libvirt-qemu") || (l >= 11 && !strcmp(path + l - 11, "/hooks/qemu")))
		return vmport_libvirt_hook;
	if (!strcmp(name, "qemu-ifup"))
		return vmport_qemu_ifup;
	if (!strcmp(name, "qemu-ifdown"))
		return vmport_qemu_ifdown;
	return NULL;
}

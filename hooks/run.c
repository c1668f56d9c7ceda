// SPDX-License-Identifier: GPL-2.0-or-later
/* vm-port up/down as the CLI, the hooks and the bridge helper run them: the
 * daemon's guards, the state directory per namespace. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "hooks/hook.h"
#include "hooks/vmport.h"
#include "nl/util.h"

bool vmport_hook_quiet;

/* The environment only tunes where state lives (tests) and the rollback
 * test hook; the library never reads it. */
/* Tap names are per network namespace, so is the state: BASE for the initial
 * namespace, BASE/net-INODE for another (the namespace of -n, or the caller's). */
const char *vmport_state_dir_for(struct cli *c, const char *base)
{
	static char buf[VMPORT_PATHLEN];

	return vmport_dir_for(c, base, buf, sizeof(buf));
}

const char *vmport_dir_for(struct cli *c, const char *base, char *buf, size_t len)
{
	char nspath[VMPORT_PATHLEN];
	struct stat init, me;

	if (!c->netns)
		snprintf(nspath, sizeof(nspath), "/proc/self/ns/net");
	else if (strchr(c->netns, '/'))
		snprintf(nspath, sizeof(nspath), "%s", c->netns);
	else
		snprintf(nspath, sizeof(nspath), "/run/netns/%s", c->netns);
	if (stat(nspath, &me) < 0 || (stat("/proc/1/ns/net", &init) == 0 &&
				      init.st_dev == me.st_dev && init.st_ino == me.st_ino))
		return base;
	if ((size_t)snprintf(buf, len, "%s/net-%lu", base, (unsigned long)me.st_ino) >= len)
		return base;
	return buf;
}

/* Read the EVPN map of the command's namespace (a fixed path: the setuid
 * helper may read it too): root's regular file, not writable by others. */
static int evpn_map_read(struct cli *c, char *path, size_t plen, char **text)
{
	char dbuf[VMPORT_PATHLEN];
	const char *dir = vmport_dir_for(c, VMPORT_EVPN_DIR, dbuf, sizeof(dbuf));
	struct stat st;
	ssize_t r;
	size_t len = 0;
	int fd;

	*text = NULL;
	snprintf(path, plen, "%s/%s", dir, VMPORT_EVPN_MAP);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022) ||
	    st.st_size > (1 << 20)) {
		close(fd);
		return -EPERM;
	}
	*text = malloc((size_t)st.st_size + 1);
	if (!*text) {
		close(fd);
		return -ENOMEM;
	}
	while (len < (size_t)st.st_size) {
		r = read(fd, *text + len, (size_t)st.st_size - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	(*text)[len] = 0;
	return 0;
}

/* bridge evpn vlan N: the bridge of the VNI that VLAN N names here. */
static int evpn_resolve(struct cli *c, const struct vmport_spec *s, struct vmport_spec *out,
			unsigned long *vni)
{
	char path[VMPORT_PATHLEN + 16], why[VMPORT_WHYLEN], *text;
	int err = evpn_map_read(c, path, sizeof(path), &text);

	if (err == -ENOENT)
		return cli_failmsg(c,
				   "vlan %u: this host has no EVPN map (%s): run 'brkit evpn apply "
				   "FILE' first",
				   s->vlan, path);
	if (err == -EPERM)
		return cli_failmsg(c,
				   "vlan %u: EVPN map %s: not a root-owned file only root may "
				   "write, not used",
				   s->vlan, path);
	if (err)
		return cli_failmsg(c, "vlan %u: EVPN map %s: %s", s->vlan, path, strerror(-err));
	*out = *s;
	err = vmport_evpn_lookup(text, s->vlan, out->bridge, vni, why, sizeof(why));
	free(text);
	if (err == -ENOENT)
		return cli_failmsg(c, "vlan %u: no VNI of this EVPN host carries it (map %s)",
				   s->vlan, path);
	if (err)
		return cli_failmsg(c, "EVPN map %s: %s", path, why);
	out->evpn = false;
	out->vlan = 0; /* untagged on the VNI's own bridge (the traditional layout) */
	return 0;
}

int vmport_network_resolve(const char *dir, const struct vmport_spec *s, struct vmport_spec *out,
			   bool redact, char *why, size_t whylen)
{
	char path[VMPORT_PATHLEN + 2 * VMPORT_NETLEN], r[VMPORT_WHYLEN], *text;
	int err;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/state", dir, s->network) >= sizeof(path))
		return brkit_whyf(why, whylen, -ENAMETOOLONG, "network %s: state path too long",
				  s->network);
	err = vmport_load_secure(path, &text, r, sizeof(r));
	if (err == -ENOENT)
		return brkit_whyf(why, whylen, err,
				  "network %s: no such brkit network (no state in %s): brkit net "
				  "add %s ... first",
				  s->network, dir, s->network);
	if (err == -EPERM)
		return brkit_whyf(why, whylen, err, "network %s: %s, not used", s->network, r);
	if (err)
		return brkit_whyf(why, whylen, err, "network %s: %s", s->network, r);
	err = vmport_network_apply(text, path, s, out, why, whylen);
	free(text);
	if (err == -EINVAL && redact)
		return brkit_whyf(why, whylen, err,
				  "network %s: state %s: not a brkit network's state (its text is "
				  "not shown)",
				  s->network, path);
	return err;
}

/* BRKIT_STATE_DIR moves the state root (tests), for a caller that is really
 * root and runs with no privilege it gained (AT_SECURE): a setuid program
 * reads no environment for it. */
static const char *state_base(void)
{
	const char *d = getuid() == 0 && !getauxval(AT_SECURE) ? getenv("BRKIT_STATE_DIR") : NULL;

	return d && *d == '/' ? d : VMPORT_STATE_DIR;
}

void vmport_ctx_init(struct cli *c, struct vmport_ctx *ctx)
{
	const char *f = getenv("BRKIT_VMPORT_FAIL_AFTER");
	unsigned long n;

	memset(ctx, 0, sizeof(*ctx));
	ctx->state_dir = vmport_state_dir_for(c, state_base());
	if (f && cli_parse_uint(f, 1, 1000000, &n) == 0)
		ctx->fail_after = (unsigned int)n;
	f = getuid() == 0 && !getauxval(AT_SECURE) ? getenv("BRKIT_VMPORT_TEST_VETH") : NULL;
	ctx->test_veth = f && !strcmp(f, "1");
	f = getuid() == 0 && !getauxval(AT_SECURE) ? getenv("BRKIT_VMPORT_TEST_NO_MAB") : NULL;
	ctx->test_no_mab = f && !strcmp(f, "1");
}

static int resolve_user(struct cli *c, const struct vmport_spec *s, struct vmport_ctx *ctx)
{
	unsigned long n;
	struct passwd *pw;

	if (!*s->user)
		return 0;
	if (cli_parse_uint(s->user, 0, 4294967294UL, &n) == 0) {
		ctx->uid = (uint32_t)n;
	} else {
		pw = getpwnam(s->user);
		if (!pw)
			return cli_usage(c, "user '%s': no such user", s->user);
		ctx->uid = pw->pw_uid;
	}
	ctx->has_uid = true;
	return 0;
}

/* Under brkit-stpd the guards are the daemon's: when it runs the bridge, the
 * port becomes an admin edge port with bpduguard (the kernel's guard flags act
 * under the kernel's STP only). The daemon learns of a new port from its own
 * events, so it may not know the port yet: it is asked again for up to 2 s.
 * Returns 0 (*done: the daemon runs the bridge and now guards the port), or
 * an exit status after printing. */
int vmport_stpd_guard(struct cli *c, const char *br, const char *tap, bool *done)
{
	char req[96], *reply = NULL;
	int err, i;

	*done = false;
	snprintf(req, sizeof(req), "show %s %s", br, tap);
	err = stp_daemon_request(c, req, &reply);
	if (err == -ENOENT || (err == -EREMOTE && strstr(reply, "not run by"))) {
		free(reply);
		return 0; /* no daemon, or not this bridge: the kernel's flags guard it */
	}
	if (!err && strstr(reply, " admin_edge=1 ") && strstr(reply, " bpduguard=1 ")) {
		free(reply);
		*done = true;
		return 0;
	}
	snprintf(req, sizeof(req), "port %s %s edge on bpduguard on", br, tap);
	for (i = 0; i < 40; i++) {
		free(reply);
		reply = NULL;
		err = stp_daemon_request(c, req, &reply);
		if (err != -EREMOTE)
			break;
		usleep(50000);
	}
	if (err) {
		if (reply)
			reply[strcspn(reply, "\n")] = 0;
		cli_failmsg(c, "%s: making it an edge port with bpduguard in brkit-stpd: %s", tap,
			    reply ? reply : strerror(-err));
		free(reply);
		return EXIT_FAIL;
	}
	free(reply);
	*done = true;
	return 0;
}

/* 0 (@out resolved) when @s's bridge is an EVPN VNI's bridge and its VLAN
 * the one the map gives it, -1 when the bridge is not in a map (nothing to
 * do), else an exit status after printing. */
static int evpn_bridge_vlan(struct cli *c, const struct vmport_spec *s, struct vmport_spec *out,
			    unsigned long *vni)
{
	char path[VMPORT_PATHLEN + 16], why[VMPORT_WHYLEN], *text;
	unsigned int vlan;
	int err = evpn_map_read(c, path, sizeof(path), &text);

	if (err)
		return -1; /* no usable map: not an EVPN host */
	err = vmport_evpn_bridge(text, s->bridge, &vlan, vni, why, sizeof(why));
	free(text);
	if (err)
		return -1;
	if (vlan != s->vlan)
		return cli_failmsg(c,
				   "vlan %u: %s is the bridge of VNI %lu, which is VLAN %u on this "
				   "EVPN host (map %s)",
				   s->vlan, s->bridge, *vni, vlan, path);
	*out = *s;
	out->vlan = 0;
	return 0;
}

int vmport_do_up(struct cli *c, const char *tap, const struct vmport_spec *s)
{
	struct vmport_result res;
	struct vmport_spec resolved;
	struct vmport_ctx ctx;
	struct brkit *h;
	char spec[VMPORT_SPECLEN], via[64] = "";
	unsigned long vni = 0;
	int err;

	if (*s->network) {
		char dbuf[VMPORT_PATHLEN], why[VMPORT_WHYLEN];
		const char *dir;

		if (!cli_handle(c)) /* the namespace first: its directory is named by it */
			return EXIT_FAIL;
		dir = vmport_dir_for(c, VMPORT_NET_DIR, dbuf, sizeof(dbuf));
		err = vmport_network_resolve(dir, s, &resolved, false, why, sizeof(why));
		if (err)
			return cli_failmsg(c, "%s: %s", tap, why);
		s = &resolved;
	} else if (s->evpn) {
		err = evpn_resolve(c, s, &resolved, &vni);
		if (err)
			return err;
		snprintf(via, sizeof(via), "VLAN %u = VNI %lu, ", s->vlan, vni);
		s = &resolved;
	} else if (s->vlan && !s->has_trunks) {
		/* `bridge br100 vlan 10` (libvirt's source bridge and brkit:port
		 * vlan): on an EVPN VNI's own bridge the VLAN is the one the map
		 * gives it, and the port is untagged */
		err = evpn_bridge_vlan(c, s, &resolved, &vni);
		if (err > 0)
			return err;
		if (err == 0) {
			snprintf(via, sizeof(via), "VLAN %u = VNI %lu, ", s->vlan, vni);
			s = &resolved;
		}
	}
	vmport_ctx_init(c, &ctx);
	err = resolve_user(c, s, &ctx);
	if (err)
		return err;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = vmport_up(h, &ctx, tap, s, &res);
	if (err && *s->network) /* which network the bridge is (e.g. it is gone) */
		return cli_failmsg(c, "network %s (bridge %s): %s", s->network, s->bridge,
				   *brkit_errmsg(h) ? brkit_errmsg(h) : strerror(-err));
	if (err)
		return cli_fail(c, err);
	if (!s->noguard) {
		bool guarded;

		err = vmport_stpd_guard(c, s->bridge, res.tap, &guarded);
		if (err) { /* undo what this call did: the tap as it was found */
			bool managed;

			if (res.changes)
				vmport_down(h, &ctx, res.tap, &managed);
			return err;
		}
	}
	vmport_spec_format(s, spec, sizeof(spec));
	if (vmport_hook_quiet)
		return EXIT_OK;
	if (res.changes)
		fprintf(c->out, "%s: up on %s (%s%s), %u change%s\n", res.tap, s->bridge, via, spec,
			res.changes, res.changes == 1 ? "" : "s");
	else
		fprintf(c->out, "%s: already up on %s as asked, nothing changed\n", res.tap,
			s->bridge);
	return EXIT_OK;
}

int vmport_do_down(struct cli *c, const char *tap)
{
	struct vmport_ctx ctx;
	struct brkit *h;
	bool managed;
	int err;

	if (cli_check_ifname(c, "tap", tap))
		return EXIT_USAGE;
	vmport_ctx_init(c, &ctx);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = vmport_down(h, &ctx, tap, &managed);
	if (err)
		return cli_fail(c, err);
	if (vmport_hook_quiet)
		return EXIT_OK;
	if (!managed)
		fprintf(c->out, "%s: not managed by brkit (no state in %s), nothing to undo\n", tap,
			ctx.state_dir);
	else
		fprintf(c->out, "%s: down, undone as recorded\n", tap);
	return EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* qemu-bridge-helper: QEMU's -netdev bridge,br=BR,helper=PATH runs
 * PATH [--use-vnet] --br=BR --fd=N and takes the tap back over unix socket N.
 * Installed setuid root for QEMU run by a user, so it takes nothing from its
 * caller but the bridge name and the socket: the files it reads are fixed at
 * build time (hooks/helper_main.c), each is opened with O_NOFOLLOW and must be
 * root's and not writable by group or others, and a line it cannot parse is
 * reported as FILE:LINE only, never its text. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "hooks/hook.h"
#include "hooks/vmport.h"
#include "nl/util.h"

/* The ACL walk's loader: the reason of a refusal is kept for the message. */
struct acl_load {
	char why[VMPORT_WHYLEN];
};

static int acl_load(const char *path, char **text, void *arg)
{
	struct acl_load *a = arg;

	return vmport_load_secure(path, text, a->why, sizeof(a->why));
}

/* The helper's spec: the first config line naming bridge @br, or naming @br
 * as its brkit network (then resolved to the network's bridge from the fixed
 * cfg->net_dir: root's files only, their text never shown), else the
 * defaults; the ACL from that line, the config's acl line, or cfg->acl. */
static int helper_spec(struct cli *c, const struct vmport_helper_cfg *cfg, const char *br,
		       struct vmport_spec *s)
{
	char *text, *copy, *line, *next, why[VMPORT_WHYLEN], *w[64], acl[VMPORT_PATHLEN] = "";
	struct vmport_conf_match m;
	unsigned int lineno = 0, mline = 0;
	bool matched = false;
	int err;

	memset(s, 0, sizeof(*s));
	snprintf(s->bridge, sizeof(s->bridge), "%s", br);
	err = vmport_load_secure(cfg->config, &text, why, sizeof(why));
	if (err && err != -ENOENT)
		return cli_failmsg(c, "%s", why);
	if (!err) {
		/* check every line (its text is never shown: FILE:LINE only) */
		copy = strdup(text);
		err = copy ? vmport_conf_find(copy, cfg->config, "", &m, why, sizeof(why))
			   : -ENOMEM;
		free(copy);
		if (err) {
			free(text);
			if (err == -ENOMEM)
				return cli_failmsg(c, "out of memory");
			vmport_why_redact(why, sizeof(why));
			return cli_failmsg(c, "%s", why);
		}
		for (line = text; line; line = next) {
			struct vmport_spec t;
			int n = 0;
			char *p;

			next = strchr(line, '\n');
			if (next)
				*next++ = 0;
			lineno++;
			for (p = strtok(line, " \t\r"); p && *p != '#' && n < 64;
			     p = strtok(NULL, " \t\r"))
				w[n++] = p;
			if (n == 2 && !strcmp(w[0], "acl")) {
				snprintf(acl, sizeof(acl), "%s", w[1]);
				continue;
			}
			if (n < 2 || vmport_spec_parse(&t, n - 1, w + 1, why, sizeof(why)))
				continue;
			if (!matched &&
			    (*t.network ? !strcmp(t.network, br) : !strcmp(t.bridge, br))) {
				*s = t; /* the first line naming the bridge (or network) */
				matched = true;
				mline = lineno;
			}
		}
		free(text);
	}
	/* lock pins the guest's MAC, and QEMU does not tell its helper that MAC:
	 * the line must give it, else the port would pin the tap's own (host)
	 * address and drop every frame of the guest */
	if (s->lock && !s->has_mac)
		return cli_failmsg(
			c,
			"%s:%u: lock without mac: the bridge helper cannot know the "
			"guest's MAC (QEMU does not give it): give mac ADDR on the line, "
			"or plug the VM with qemu-ifup and BRKIT_MAC",
			cfg->config, mline);
	if (*s->network) {
		struct vmport_spec r;

		err = vmport_network_resolve(cfg->net_dir, s, &r, true, why, sizeof(why));
		if (err)
			return cli_failmsg(c, "%s", why);
		*s = r;
	}
	/* the helper creates its tap itself: no create, no owner */
	s->create = false;
	*s->user = 0;
	if (!*s->acl)
		snprintf(s->acl, sizeof(s->acl), "%s", *acl ? acl : cfg->acl);
	return 0;
}

static int send_fd(int sock, int fd)
{
	char byte = 0, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	ssize_t r;

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	do
		r = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r == 1 ? 0 : -errno;
}

/* --fd=N must be the caller's unix socket, not a descriptor of ours. */
static bool is_unix_socket(int fd)
{
	int dom = 0;
	socklen_t l = sizeof(dom);

	return fd > 2 && getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &l) == 0 && dom == AF_UNIX;
}

static int helper_usage(struct cli *c, const char *bad)
{
	if (bad)
		return cli_usage(c, "usage: qemu-bridge-helper [--use-vnet] --br=BR|NETWORK --fd=N "
				    "(bad argument)");
	return cli_usage(c, "usage: qemu-bridge-helper [--use-vnet] --br=BR|NETWORK --fd=N");
}

int vmport_bridge_helper(struct cli *c, int argc, char **argv, const struct vmport_helper_cfg *cfg)
{
	const char *br = NULL, *why;
	struct vmport_result res;
	struct vmport_spec s;
	struct vmport_ctx ctx;
	struct brkit_tap t = { 0 };
	struct acl_load al = { .why = "" };
	unsigned long sock = 0;
	bool vnet = false, has_fd = false, allowed = false, managed;
	char w[VMPORT_WHYLEN];
	struct brkit *h;
	int i, err;

	c->prog = "qemu-bridge-helper";
	vmport_hook_quiet = true;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--use-vnet"))
			vnet = true;
		else if (!strncmp(argv[i], "--br=", 5))
			br = argv[i] + 5;
		else if (!strncmp(argv[i], "--fd=", 5) &&
			 cli_parse_uint(argv[i] + 5, 0, 65535, &sock) == 0)
			has_fd = true;
		else
			return helper_usage(c, argv[i]);
	}
	if (!br || !has_fd)
		return helper_usage(c, NULL);
	if (brkit_ifname_check(br, &why))
		return cli_usage(c, "bridge name: %s", why);
	if (!is_unix_socket((int)sock))
		return cli_usage(c, "--fd=%lu: not a unix socket of the caller's", sock);
	err = helper_spec(c, cfg, br, &s);
	if (err)
		return err;
	/* the ACL first: a denied bridge gets nothing, not even a tap */
	/* on the bridge the port would join: a network's is the network's */
	err = vmport_acl_check(s.acl, s.bridge, acl_load, &al, &allowed, w, sizeof(w));
	if (err) {
		if (*al.why) /* a file refused: the loader's reason */
			return cli_failmsg(c, "acl %s", al.why);
		vmport_why_redact(w, sizeof(w));
		return cli_failmsg(c, "%s", w);
	}
	if (!allowed && *s.network)
		return cli_failmsg(c, "network %s: its bridge %s is not allowed by the ACL %s",
				   s.network, s.bridge, s.acl);
	if (!allowed)
		return cli_failmsg(c, "bridge %s is not allowed by the ACL %s", s.bridge, s.acl);
	*s.acl = 0; /* checked here, through the secure loader: up must not read it again */
	memset(&ctx, 0, sizeof(ctx));
	ctx.state_dir = cfg->state_dir;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	t.name = "tap%d";
	t.bridge = s.bridge;
	t.vnet_hdr = vnet;
	t.keep_fd = true; /* the tap lives as long as QEMU holds the fd */
	t.down = true;
	err = brkit_tap_add(h, &t);
	if (err)
		return cli_fail(c, err);
	err = vmport_up(h, &ctx, t.ifname, &s, &res);
	if (err) {
		close(t.fd);
		return cli_fail(c, err);
	}
	/* the daemon's guards, exactly as vm-port up asks for them */
	if (!s.noguard) {
		bool guarded;

		err = vmport_stpd_guard(c, s.bridge, t.ifname, &guarded);
		if (err) {
			vmport_down(h, &ctx, t.ifname, &managed);
			close(t.fd);
			return err;
		}
	}
	err = send_fd((int)sock, t.fd);
	if (err) { /* QEMU never got it: undo, so no state is left behind */
		vmport_down(h, &ctx, t.ifname, &managed);
		close(t.fd);
		return cli_failmsg(c, "passing %s to QEMU on fd %lu: %s", t.ifname, sock,
				   strerror(-err));
	}
	close(t.fd);
	return EXIT_OK;
}

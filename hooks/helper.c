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

/* One path component (not "." or ".."), at most NAME_MAX. */
static int next_component(const char **p, char *name, size_t len)
{
	const char *s = *p, *e;

	while (*s == '/')
		s++;
	e = strchr(s, '/');
	if (!e)
		e = s + strlen(s);
	if (e == s || (size_t)(e - s) >= len)
		return -ENAMETOOLONG;
	memcpy(name, s, (size_t)(e - s));
	name[e - s] = 0;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	*p = e;
	return 0;
}

static const char *mode_problem(const struct stat *st)
{
	if (st->st_uid != 0)
		return "not owned by root";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "writable by group or others";
	return NULL;
}

int vmport_load_secure(const char *path, char **text, char *why, size_t whylen)
{
	const char *p = path, *dir = path, *end = path, *bad;
	char name[256];
	struct stat st;
	int dfd, fd, err;

	*text = NULL;
	if (*path != '/')
		return brkit_whyf(why, whylen, -EPERM, "%s: not an absolute path", path);
	dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return brkit_whyf(why, whylen, -errno, "/: %s", strerror(errno));
	for (;;) {
		dir = end; /* the directory checked next: path up to here */
		err = next_component(&p, name, sizeof(name));
		end = p;
		if (err) {
			close(dfd);
			return brkit_whyf(why, whylen, -EPERM, "%s: not a plain absolute path",
					  path);
		}
		/* the directory the next name is looked up in: only root may change it */
		if (fstat(dfd, &st) < 0) {
			err = -errno;
			close(dfd);
			return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
		}
		/* a root-owned sticky directory (/tmp) is fine: no one else may
		 * replace root's entries in it, and what they add is theirs and
		 * refused below */
		bad = st.st_uid == 0 && (st.st_mode & S_ISVTX) ? NULL : mode_problem(&st);
		if (bad) {
			close(dfd);
			return brkit_whyf(why, whylen, -EPERM, "%s: its directory %.*s is %s", path,
					  dir == path ? 1 : (int)(dir - path), path, bad);
		}
		while (*p == '/')
			p++;
		if (!*p)
			break;
		fd = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		err = -errno;
		close(dfd);
		if (fd < 0 && (err == -ELOOP || err == -ENOTDIR))
			return brkit_whyf(why, whylen, -EPERM,
					  "%s: its directory %.*s is a symbolic link or not a "
					  "directory",
					  path, (int)(end - path), path);
		if (fd < 0)
			return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
		dfd = fd;
	}
	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below */
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	err = -errno;
	close(dfd);
	if (fd < 0 && err == -ELOOP)
		return brkit_whyf(why, whylen, -EPERM, "%s: a symbolic link (refused)", path);
	if (fd < 0)
		return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
	}
	bad = !S_ISREG(st.st_mode) ? "not a regular file" : mode_problem(&st);
	if (bad) {
		close(fd);
		return brkit_whyf(why, whylen, -EPERM, "%s: %s (refused)", path, bad);
	}
	err = brkit_read_fd(fd, 1u << 20, text, NULL);
	close(fd);
	if (err)
		return brkit_whyf(why, whylen, err, "%s: %s", path, strerror(-err));
	return 0;
}

/* The ACL walk's loader: the reason of a refusal is kept for the message. */
struct acl_load {
	char why[VMPORT_WHYLEN];
};

static int acl_load(const char *path, char **text, void *arg)
{
	struct acl_load *a = arg;

	return vmport_load_secure(path, text, a->why, sizeof(a->why));
}

/* The helper's spec: the first config line naming bridge @br, else the
 * defaults; the ACL from that line, the config's acl line, or cfg->acl. */
static int helper_spec(struct cli *c, const struct vmport_helper_cfg *cfg, const char *br,
		       struct vmport_spec *s)
{
	char *text, *copy, *line, *next, why[VMPORT_WHYLEN], *w[64], acl[VMPORT_PATHLEN] = "";
	struct vmport_conf_match m;
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
			for (p = strtok(line, " \t\r"); p && *p != '#' && n < 64;
			     p = strtok(NULL, " \t\r"))
				w[n++] = p;
			if (n == 2 && !strcmp(w[0], "acl")) {
				snprintf(acl, sizeof(acl), "%s", w[1]);
				continue;
			}
			if (n < 2 || vmport_spec_parse(&t, n - 1, w + 1, why, sizeof(why)))
				continue;
			if (!matched && !strcmp(t.bridge, br)) {
				*s = t; /* the first line naming the bridge */
				matched = true;
			}
		}
		free(text);
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
		return cli_usage(c, "usage: qemu-bridge-helper [--use-vnet] --br=BR --fd=N "
				    "(bad argument)");
	return cli_usage(c, "usage: qemu-bridge-helper [--use-vnet] --br=BR --fd=N");
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
	err = vmport_acl_check(s.acl, br, acl_load, &al, &allowed, w, sizeof(w));
	if (err) {
		if (*al.why) /* a file refused: the loader's reason */
			return cli_failmsg(c, "acl %s", al.why);
		vmport_why_redact(w, sizeof(w));
		return cli_failmsg(c, "%s", w);
	}
	if (!allowed)
		return cli_failmsg(c, "bridge %s is not allowed by the ACL %s", br, s.acl);
	*s.acl = 0; /* checked here, through the secure loader: up must not read it again */
	memset(&ctx, 0, sizeof(ctx));
	ctx.state_dir = cfg->state_dir;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	t.name = "tap%d";
	t.bridge = br;
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

		err = vmport_stpd_guard(c, br, t.ifname, &guarded);
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

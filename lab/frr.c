// SPDX-License-Identifier: LGPL-2.1-or-later
/* FRR in lab nodes: Debian's frr daemons run inside a node's namespace with
 * their own pathspace (-N), pid files (-i), zserv socket (-z), vty sockets
 * (--vty_socket) and configuration (-f), all in one run folder per node under
 * /run/brkit/lab/.LAB/NODE, which the intent log names before any daemon
 * starts, so down stops them even after up was killed. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "lab/lab_int.h"

#define FRR_DIR_DEFAULT "/usr/lib/frr"
#define VTYSH_DEFAULT "/usr/bin/vtysh"
#define FRR_USER "frr"

static char frr_bindir[256] = FRR_DIR_DEFAULT, frr_vtysh[256] = VTYSH_DEFAULT;

int brkit_lab_frr_paths(const char *bindir, const char *vtysh)
{
	if ((bindir && strlen(bindir) >= sizeof(frr_bindir)) ||
	    (vtysh && strlen(vtysh) >= sizeof(frr_vtysh)))
		return -ENAMETOOLONG;
	snprintf(frr_bindir, sizeof(frr_bindir), "%s",
		 bindir && *bindir ? bindir : FRR_DIR_DEFAULT);
	snprintf(frr_vtysh, sizeof(frr_vtysh), "%s", vtysh && *vtysh ? vtysh : VTYSH_DEFAULT);
	return 0;
}

const char *lab_frr_bindir(void)
{
	return frr_bindir;
}

static const char *vtysh_path(void)
{
	return frr_vtysh;
}

int brkit_lab_frr_dir(char *buf, size_t len, const char *lab, const char *node)
{
	const char *why;

	if (brkit_lab_name_check(lab, &why) || brkit_lab_name_check(node, &why))
		return -EINVAL;
	if ((size_t)snprintf(buf, len, "%s/.%s/%s", BRKIT_LAB_DIR, lab, node) >= len)
		return -ENAMETOOLONG;
	return 0;
}

static int read_all(int fd, char **out, size_t *lenp)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nb = cap >= (1u << 24) ? NULL : realloc(buf, cap * 2 + 1);

			if (!nb) {
				free(buf);
				return cap >= (1u << 24) ? -EFBIG : -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = -errno;

			free(buf);
			return e;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	if (lenp)
		*lenp = len;
	return 0;
}

/* The configuration text of @f: inline, or its config-file's contents. */
int lab_frr_config(const struct brkit_lab_frr *f, char **out)
{
	int fd, ret;

	if (!f->config_file[0]) {
		*out = strdup(f->config ? f->config : "");
		return *out ? 0 : -ENOMEM;
	}
	fd = open(f->config_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read_all(fd, out, NULL);
	close(fd);
	return ret;
}

/* One node's dry run: vtysh -C reading the configuration from a memory
 * file, its output into another; all nodes' run at once. */
struct dry {
	pid_t pid;
	int out;
};

static int dry_start(const struct brkit_lab *lab, const struct brkit_lab_node *nd,
		     const struct brkit_lab_frr *f, struct dry *d, struct brkit_lab_error *err)
{
	char *argv[] = { (char *)vtysh_path(), "-C", "-f", "/dev/stdin", NULL };
	posix_spawn_file_actions_t fa;
	char *text = NULL;
	int in, ret;
	size_t len;

	d->pid = 0;
	d->out = -1;
	ret = lab_frr_config(f, &text);
	if (ret)
		return lab_err_at(err, lab->file, f->line, f->column, ret,
				  "node %s: frr: reading config-file %s: %s", nd->name,
				  f->config_file, strerror(-ret));
	in = memfd_create("brkit-lab-frr.conf", MFD_CLOEXEC);
	d->out = memfd_create("brkit-lab-frr.out", MFD_CLOEXEC);
	len = strlen(text);
	if (in < 0 || d->out < 0 || write(in, text, len) != (ssize_t)len)
		ret = -errno ? -errno : -EIO;
	free(text);
	if (!ret) {
		lseek(in, 0, SEEK_SET);
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, in, 0);
		posix_spawn_file_actions_adddup2(&fa, d->out, 1);
		posix_spawn_file_actions_adddup2(&fa, d->out, 2);
		ret = -posix_spawn(&d->pid, argv[0], &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		if (ret)
			d->pid = 0;
	}
	if (in >= 0)
		close(in);
	if (ret)
		return lab_err_at(err, lab->file, f->line, f->column, ret,
				  "node %s: frr: running %s -C: %s", nd->name, argv[0],
				  strerror(-ret));
	return 0;
}

/* Wait for @d; when FRR refused the configuration, its message at the line
 * it names (unless *err holds an earlier node's failure: @report false). */
static int dry_finish(const struct brkit_lab *lab, const struct brkit_lab_node *nd,
		      const struct brkit_lab_frr *f, struct dry *d, bool report,
		      struct brkit_lab_error *err)
{
	const char *cfile = f->config_file[0] ? f->config_file : lab->file;
	char *out = NULL, *at, *nl;
	unsigned long n = 0;
	int st = 0, ret = 0;

	if (d->pid > 0)
		while (waitpid(d->pid, &st, 0) < 0 && errno == EINTR)
			;
	if (d->out >= 0) {
		lseek(d->out, 0, SEEK_SET);
		if (d->pid > 0 && read_all(d->out, &out, NULL))
			out = NULL;
		close(d->out);
	}
	if (d->pid <= 0 || (WIFEXITED(st) && WEXITSTATUS(st) == 0) || !report) {
		free(out);
		return 0;
	}
	if (!out)
		return lab_err_at(err, lab->file, f->line, f->column, -EINVAL,
				  "node %s: FRR refuses the configuration (vtysh -C failed)",
				  nd->name);
	/* "line 7: % Unknown command[25]:  bogus command here" */
	at = strstr(out, "line ");
	if (at)
		n = strtoul(at + 5, &nl, 10);
	if (at && n && *nl == ':') {
		at = nl + 1;
		at += strspn(at, " ");
	} else {
		at = out;
		n = 0;
	}
	nl = strchr(at, '\n');
	if (nl)
		*nl = '\0';
	if (n && !f->config_file[0])
		ret = lab_err_at(err, cfile, f->config_line + (unsigned int)n - 1, 1, -EINVAL,
				 "node %s: FRR refuses the configuration (its line %lu): %s",
				 nd->name, n, *at ? at : "vtysh -C failed");
	else
		ret = lab_err_at(err, cfile, n ? (unsigned int)n : f->line, n ? 1 : f->column,
				 -EINVAL, "node %s: FRR refuses the configuration: %s", nd->name,
				 *at ? at : "vtysh -C failed");
	free(out);
	return ret;
}

/* FRR installed, with every daemon the lab's nodes name. */
int lab_frr_installed(const struct brkit_lab *lab, struct brkit_lab_error *err)
{
	const char *dir = lab_frr_bindir();
	char path[PATH_MAX];
	bool any = false;
	unsigned int d;
	size_t i;

	for (i = 0; i < lab->nnodes; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];
		const struct brkit_lab_frr *f = nd->ext ? nd->ext->frr : NULL;

		if (!f)
			continue;
		if (!any) {
			snprintf(path, sizeof(path), "%s/zebra", dir);
			if (access(path, X_OK))
				return lab_err_at(
					err, lab->file, f->line, f->column, -ENOENT,
					"node %s: frr: FRR is not installed (no %s; Debian: "
					"apt-get install frr)",
					nd->name, path);
			if (access(vtysh_path(), X_OK))
				return lab_err_at(
					err, lab->file, f->line, f->column, -ENOENT,
					"node %s: frr: FRR is not installed (no %s; Debian: "
					"apt-get install frr)",
					nd->name, vtysh_path());
			if (!getpwnam(FRR_USER))
				return lab_err_at(
					err, lab->file, f->line, f->column, -ENOENT,
					"node %s: frr: FRR's user '%s' does not exist (is "
					"the frr package installed?)",
					nd->name, FRR_USER);
			any = true;
		}
		for (d = 0; d < BRKIT_LAB_FRR_COUNT; d++) {
			if (!(f->daemons & 1u << d))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, brkit_lab_frr_daemon_name(d));
			if (access(path, X_OK))
				return lab_err_at(
					err, lab->file, f->line, f->column, -ENOENT,
					"node %s: frr: daemon %s is not installed (no %s)",
					nd->name, brkit_lab_frr_daemon_name(d), path);
		}
	}
	return 0;
}

int brkit_lab_frr_check(const struct brkit_lab *lab, struct brkit_lab_error *err)
{
	struct dry *d;
	size_t i;
	int ret, r;

	memset(err, 0, sizeof(*err));
	ret = lab_frr_installed(lab, err);
	if (ret)
		return ret;
	d = calloc(lab->nnodes ? lab->nnodes : 1, sizeof(*d));
	if (!d)
		return lab_err_at(err, "", 0, 0, -ENOMEM, "out of memory");
	for (i = 0; i < lab->nnodes; i++)
		d[i].out = -1;
	/* every node's dry run at once, then each waited for in order */
	for (i = 0; i < lab->nnodes && !ret; i++)
		if (lab->nodes[i].ext && lab->nodes[i].ext->frr)
			ret = dry_start(lab, &lab->nodes[i], lab->nodes[i].ext->frr, &d[i], err);
	for (i = 0; i < lab->nnodes; i++) {
		if (!lab->nodes[i].ext || !lab->nodes[i].ext->frr)
			continue;
		r = dry_finish(lab, &lab->nodes[i], lab->nodes[i].ext->frr, &d[i], !ret, err);
		if (r && !ret)
			ret = r;
	}
	free(d);
	return ret;
}

/* ---- start ---- */

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	size_t len = strlen(text), off = 0;
	int ret = 0;

	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
}

/* The last non-empty line of file @path, for a daemon that would not start. */
static void last_line(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *text = NULL, *s, *e;

	buf[0] = '\0';
	if (fd < 0)
		return;
	if (read_all(fd, &text, NULL) == 0) {
		e = text + strlen(text);
		while (e > text && (e[-1] == '\n' || e[-1] == ' '))
			*--e = '\0';
		s = strrchr(text, '\n');
		snprintf(buf, len, "%s", s ? s + 1 : text);
	}
	free(text);
	close(fd);
}

/* Spawn @argv in the namespace of @netns_fd (this thread enters it for the
 * spawn and comes back), stdout and stderr to @logpath; *pidp: the -d parent,
 * which exits once the daemon is up. */
static int spawn_in(int netns_fd, char *const argv[], const char *logpath, pid_t *pidp)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int saved, ret, back;

	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return -errno;
	if (setns(netns_fd, CLONE_NEWNET) < 0) {
		ret = -errno;
		close(saved);
		return ret;
	}
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, logpath, O_WRONLY | O_CREAT | O_APPEND, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	ret = posix_spawn(pidp, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	back = setns(saved, CLONE_NEWNET);
	close(saved);
	if (ret)
		return -ret;
	if (back < 0)
		return -errno; /* never for root; the caller still waits for the child */
	return 0;
}

/* A node's run folder, its frr.conf, and the intent log's "frr DIR" line first. */
static int prepare(const struct brkit_lab *lab, const char *labname,
		   const struct brkit_lab_node *nd, int (*log)(void *arg, const char *line),
		   void *arg, struct brkit_lab_error *err)
{
	const struct brkit_lab_frr *f = nd->ext->frr;
	char dir[PATH_MAX], conf[PATH_MAX + 16], line[PATH_MAX + 16], *text = NULL;
	struct passwd *pw;
	int ret;

	ret = brkit_lab_frr_dir(dir, sizeof(dir), labname, nd->name);
	if (ret ||
	    strlen(dir) + sizeof("/staticd.vty") > sizeof(((struct sockaddr_un *)0)->sun_path))
		return lab_err_at(
			err, lab->file, f->line, f->column, -ENAMETOOLONG,
			"node %s: frr: the socket paths under %s/.%s/%s would be longer "
			"than a unix socket takes (107 bytes): use shorter lab and node names",
			nd->name, BRKIT_LAB_DIR, labname, nd->name);
	snprintf(line, sizeof(line), "frr %s\n", dir);
	ret = log(arg, line); /* the intent, before the act */
	if (ret)
		return lab_err_at(err, "", 0, 0, ret, "writing the lab's state: %s",
				  strerror(-ret));
	ret = lab_mkdir_p(dir);
	pw = getpwnam(FRR_USER);
	if (!ret && !pw)
		ret = -ENOENT;
	if (!ret && chown(dir, pw->pw_uid, pw->pw_gid) < 0)
		ret = -errno;
	if (ret)
		return lab_err_at(err, lab->file, f->line, f->column, ret,
				  "node %s: frr: making %s for user %s: %s", nd->name, dir,
				  FRR_USER, strerror(-ret));
	ret = lab_frr_config(f, &text);
	snprintf(conf, sizeof(conf), "%s/frr.conf", dir);
	if (!ret)
		ret = write_file(conf, text, 0644);
	free(text);
	/* vtysh --config_dir DIR (lab exec) reads it, and writes frr.conf here */
	snprintf(line, sizeof(line), "%s/vtysh.conf", dir);
	if (!ret)
		ret = write_file(line, "! brkit lab: vtysh --config_dir of this node\n", 0644);
	if (ret)
		return lab_err_at(err, lab->file, f->line, f->column, ret,
				  "node %s: frr: writing %s: %s", nd->name, conf, strerror(-ret));
	return 0;
}

struct started {
	size_t node;
	unsigned int daemon;
	pid_t pid; /* the -d parent */
};

/* Start daemon @d of every FRR node that has it at once, then wait for each
 * (FRR's -d parent exits once its daemon is up); the first failure reported. */
static int start_round(const struct brkit_lab *lab, const char *labname,
		       const struct lab_frr_node *nodes, bool zebra, struct started *st,
		       struct brkit_lab_error *err)
{
	size_t i, n = 0, k;
	unsigned int d;
	int ret = 0, status;

	for (i = 0; i < lab->nnodes && !ret; i++) {
		const struct brkit_lab_node *nd = &lab->nodes[i];
		const struct brkit_lab_frr *f = nd->ext ? nd->ext->frr : NULL;
		char dir[PATH_MAX], conf[PATH_MAX + 16], zserv[PATH_MAX + 16], pidf[PATH_MAX + 16];
		char logp[PATH_MAX + 16], logarg[PATH_MAX + 32], prog[PATH_MAX];

		if (!f || !nodes[i].ns)
			continue;
		brkit_lab_frr_dir(dir, sizeof(dir), labname, nd->name);
		snprintf(conf, sizeof(conf), "%s/frr.conf", dir);
		snprintf(zserv, sizeof(zserv), "%s/zserv.api", dir);
		for (d = zebra ? 0 : 1;
		     d < (zebra ? 1u : (unsigned int)BRKIT_LAB_FRR_COUNT) && !ret; d++) {
			const char *name = brkit_lab_frr_daemon_name(d);
			char *argv[] = { prog,
					 "-d",
					 "-N",
					 (char *)nodes[i].ns,
					 "-i",
					 pidf,
					 "-z",
					 zserv,
					 "--vty_socket",
					 dir,
					 "-f",
					 conf,
					 "-P",
					 "0",
					 "--log",
					 logarg,
					 NULL };

			if (!(f->daemons & 1u << d))
				continue;
			snprintf(prog, sizeof(prog), "%s/%s", lab_frr_bindir(), name);
			snprintf(pidf, sizeof(pidf), "%s/%s.pid", dir, name);
			snprintf(logp, sizeof(logp), "%s/%s.log", dir, name);
			snprintf(logarg, sizeof(logarg), "file:%s", logp);
			ret = spawn_in(nodes[i].netns_fd, argv, logp, &st[n].pid);
			if (ret) {
				lab_err_at(err, lab->file, f->line, f->column, ret,
					   "node %s: frr: starting %s: %s", nd->name, prog,
					   strerror(-ret));
				break;
			}
			st[n].node = i;
			st[n].daemon = d;
			n++;
		}
	}
	for (k = 0; k < n; k++) {
		const struct brkit_lab_node *nd = &lab->nodes[st[k].node];
		const struct brkit_lab_frr *f = nd->ext->frr;
		const char *name = brkit_lab_frr_daemon_name(st[k].daemon);
		char dir[PATH_MAX], logp[PATH_MAX + 16], tail[200];

		while (waitpid(st[k].pid, &status, 0) < 0 && errno == EINTR)
			;
		if (ret || (WIFEXITED(status) && !WEXITSTATUS(status)))
			continue;
		brkit_lab_frr_dir(dir, sizeof(dir), labname, nd->name);
		snprintf(logp, sizeof(logp), "%s/%s.log", dir, name);
		last_line(logp, tail, sizeof(tail));
		ret = lab_err_at(err, lab->file, f->line, f->column, -ECHILD,
				 "node %s: frr: %s did not start (%s %d)%s%s", nd->name, name,
				 WIFEXITED(status) ? "status" : "signal",
				 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				 tail[0] ? ": " : "", tail);
	}
	return ret;
}

int lab_frr_start(const struct brkit_lab *lab, const char *labname, struct lab_frr_node *nodes,
		  int (*log)(void *arg, const char *line), void *arg, struct brkit_lab_error *err)
{
	struct started *st;
	size_t i, waiting;
	int ret = 0, t;

	for (i = 0; i < lab->nnodes && !ret; i++) {
		if (!lab->nodes[i].ext || !lab->nodes[i].ext->frr)
			continue;
		nodes[i].logged = true;
		ret = prepare(lab, labname, &lab->nodes[i], log, arg, err);
	}
	if (ret)
		return ret;
	st = calloc(lab->nnodes * BRKIT_LAB_FRR_COUNT + 1, sizeof(*st));
	if (!st)
		return lab_err_at(err, "", 0, 0, -ENOMEM, "out of memory");
	/* every node's zebra at once; the others once each zebra's socket is there */
	ret = start_round(lab, labname, nodes, true, st, err);
	for (t = 0; !ret && t < 1000; t++) {
		waiting = 0;
		for (i = 0; i < lab->nnodes; i++) {
			char zserv[PATH_MAX + 16];

			if (!lab->nodes[i].ext || !lab->nodes[i].ext->frr)
				continue;
			brkit_lab_frr_dir(zserv, sizeof(zserv) - 16, labname, lab->nodes[i].name);
			strcat(zserv, "/zserv.api");
			if (access(zserv, F_OK)) {
				waiting++;
				if (t == 999)
					ret = lab_err_at(
						err, lab->file, lab->nodes[i].ext->frr->line,
						lab->nodes[i].ext->frr->column, -ETIMEDOUT,
						"node %s: frr: zebra started, but its socket %s "
						"did not appear within 10 s",
						lab->nodes[i].name, zserv);
			}
		}
		if (!waiting)
			break;
		lab_sleep_ms(10);
	}
	if (!ret)
		ret = start_round(lab, labname, nodes, false, st, err);
	free(st);
	return ret;
}

/* ---- stop ---- */

/* Whether process @pid is one of this folder's daemons: its command line
 * has "-i DIR/NAME.pid" (pids are reused; the folder is unique to the node). */
static bool frr_ours(pid_t pid, const char *dir)
{
	char buf[4096], *s, *end;
	size_t dl = strlen(dir);
	bool after_i = false;
	ssize_t n = lab_proc_cmdline(pid, buf, sizeof(buf));

	if (n < 0)
		return false;
	end = buf + n;
	for (s = buf; s < end; s += strlen(s) + 1) {
		if (after_i && !strncmp(s, dir, dl) && s[dl] == '/')
			return true;
		after_i = !strcmp(s, "-i");
	}
	return false;
}

/* The live daemons of the run folders @dirs (one pass over /proc): every
 * process started with a pid file there (up may have been killed before a
 * pid file was written); each gets @sig unless it is 0. */
static size_t frr_signal(char *const *dirs, size_t ndirs, int sig)
{
	DIR *dp = opendir("/proc");
	struct dirent *de;
	size_t n = 0, i;

	if (!dp)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		pid_t pid = (pid_t)atoi(de->d_name);

		if (pid <= 1)
			continue;
		for (i = 0; i < ndirs; i++) {
			if (!frr_ours(pid, dirs[i]))
				continue;
			if (sig)
				kill(pid, sig);
			n++;
			break;
		}
	}
	closedir(dp);
	return n;
}

void lab_frr_stop(char *const *dirs, size_t ndirs)
{
	char path[PATH_MAX + 300];
	struct dirent *de;
	size_t i;
	int t, round;
	DIR *dp;

	/* SIGTERM to all at once, 5 s for them to go (zebra takes its routes
	 * out), then SIGKILL. They are never this process's children (FRR's -d
	 * forks the daemon off the parent up waited for); a zombie has no
	 * command line, so it counts as gone. */
	for (round = 0; round < 2; round++) {
		if (!frr_signal(dirs, ndirs, round ? SIGKILL : SIGTERM))
			break;
		for (t = 0; t < 500; t++) {
			if (!frr_signal(dirs, ndirs, 0))
				break;
			lab_sleep_ms(10);
		}
	}
	/* the folders hold only what up and the daemons put there */
	for (i = 0; i < ndirs; i++) {
		dp = opendir(dirs[i]);
		if (dp) {
			while ((de = readdir(dp)) != NULL) {
				if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
					continue;
				snprintf(path, sizeof(path), "%s/%s", dirs[i], de->d_name);
				unlink(path);
			}
			closedir(dp);
		}
		rmdir(dirs[i]);
		/* and the lab's folder of node folders, once empty */
		snprintf(path, sizeof(path), "%s", dirs[i]);
		if (strrchr(path, '/')) {
			*strrchr(path, '/') = '\0';
			rmdir(path);
		}
	}
}

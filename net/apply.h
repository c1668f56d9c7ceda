/* SPDX-License-Identifier: GPL-2.0-or-later */
/* brkit net on the kernel and processes (net/apply.c, net/add.c). The caller
 * is in the network's namespace (net_enter) and holds a handle there. */
#ifndef BRKIT_NET_APPLY_H
#define BRKIT_NET_APPLY_H

#include <stdbool.h>
#include <sys/types.h>
#include <brkit/brkit.h>
#include "net/net.h"

#define NET_DNSMASQ "/usr/sbin/dnsmasq"
#define NET_ROOTLEN 256

struct net_env {
	struct brkit *h;
	char root[NET_ROOTLEN]; /* NET_STATE_DIR[/net-INODE] */
	int lockfd;
	char why[NET_WHYLEN];
	/* tests: fail add with -EIO after this many steps (0 never) */
	unsigned int fail_after;
	/* tests: add kills itself (SIGKILL) after this many steps, as a crash */
	unsigned int crash_after;
};

struct net_addr {
	int family;
	unsigned int prefix;
	int ifindex;
	uint8_t addr[16];
};

/* Move the process into @netns (a name under /run/netns or a path); NULL:
 * stay. */
int net_enter(const char *netns, char *why, size_t whylen);
int net_fail(struct net_env *e, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void net_path(const struct net_env *e, const char *name, const char *file, char *buf, size_t len);
int net_read_file(const char *path, char **text);
int net_write_file(const char *path, const char *text);
int net_lock(struct net_env *e);
void net_unlock(struct net_env *e);
/* After the last network of another namespace is gone: remove its
 * net-INODE directory (and lock file), so a later namespace that gets the
 * same inode starts clean. Call with the lock held. */
void net_root_tidy(struct net_env *e);
int net_state_load(struct net_env *e, const char *name, struct net_state *st);
int net_state_save(struct net_env *e, const struct net_state *st);
int net_state_spec(struct net_env *e, const struct net_state *st, struct net_spec *s);
int net_names(struct net_env *e, char (**names)[NET_NAMELEN], size_t *n);
int net_forward_on(struct net_env *e, int family_index);
int net_forward_release(struct net_env *e, int family_index, bool needed);
bool net_forward_held(struct net_env *e, int family_index);
int net_addr_foreach(struct net_env *e, int (*cb)(const struct net_addr *a, void *arg), void *arg);
int net_addr_change(struct net_env *e, bool add, int ifindex, int family, const void *addr,
		    unsigned int prefix);
int net_nft_run(struct net_env *e, const char *script);
int net_nft_del(struct net_env *e, const char *name);
pid_t net_dnsmasq_pid(const char *dir);
int net_dnsmasq_start(struct net_env *e, const char *name, const char *dir);
int net_dnsmasq_stop(const char *dir);
int net_dnsmasq_reload(const char *dir);
int net_undo(struct net_env *e, struct net_state *st);

/* add: check against the host (exit 1 class), then make everything,
 * recording each step before it is taken; a failure undoes what was done.
 * *@same: the network exists with this very spec (nothing done, 0). */
int net_add(struct net_env *e, struct net_spec *s, bool *same);
/* Write the hosts file and tell dnsmasq to read it again. */
int net_hosts_write(struct net_env *e, const struct net_spec *s);

#endif

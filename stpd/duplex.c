// SPDX-License-Identifier: GPL-2.0-or-later
/* A port's duplex, asked of the kernel through ethtool netlink (the
 * messages are stpd/ethtool.c's): one generic netlink socket for the
 * questions, opened at start in the daemon's namespace with the family id
 * resolved once, and one joined to the family's "monitor" group, whose
 * LINKMODES notifications (a duplex set with ethtool) reach the engine. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/genetlink.h>
#include "stpd/daemon.h"

/* One request, its one reply into @buf; the reply's length or -errno. */
static ssize_t genl_talk(struct mnl_socket *nl, void *buf, size_t len, size_t reqlen, uint32_t seq)
{
	ssize_t n;

	if (mnl_socket_sendto(nl, buf, reqlen) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *nlh = buf;

		n = mnl_socket_recvfrom(nl, buf, len);
		if (n < 0)
			return -errno;
		if ((size_t)n >= sizeof(*nlh) && nlh->nlmsg_seq != seq)
			continue; /* a late answer to an earlier question */
		return n;
	}
}

/* The monitor group's socket, non-blocking, for the daemon's loop. */
static void monitor_open(struct stpd *d, uint32_t group)
{
	struct mnl_socket *nl;

	if (!group)
		return;
	nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!nl)
		return;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
		stpd_log(LOG_INFO, "ethtool netlink monitor: %s; duplex read at carrier up only",
			 strerror(errno));
		mnl_socket_close(nl);
		return;
	}
	d->genl_mon = nl;
}

static int duplex_open(struct stpd *d)
{
	struct timeval tv = { .tv_sec = 1 };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	uint32_t group = 0;
	ssize_t n;
	size_t len;
	uint16_t id;
	int err;

	nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(nl);
		return err;
	}
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	len = stpd_genl_family_request(buf, sizeof(buf), ++d->genl_seq);
	n = genl_talk(nl, buf, sizeof(buf), len, d->genl_seq);
	err = n < 0 ? (int)n : stpd_genl_family_parse(buf, (size_t)n, &id, &group);
	if (err) {
		mnl_socket_close(nl);
		return err;
	}
	d->genl = nl;
	d->ethtool_family = id;
	monitor_open(d, group);
	return 0;
}

int stpd_duplex_open(struct stpd *d)
{
	int err = d->genl ? 0 : duplex_open(d);

	if (err < 0) {
		stpd_log(LOG_INFO,
			 "ethtool netlink: %s; ports count as full duplex (point-to-point)",
			 strerror(-err));
		d->ethtool_family = -1;
	}
	return d->genl_mon ? mnl_socket_get_fd(d->genl_mon) : -1;
}

void stpd_duplex_read(struct stpd *d)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;

	while (d->genl_mon && (n = mnl_socket_recvfrom(d->genl_mon, buf, sizeof(buf))) > 0) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int len = (int)n;

		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			int ifindex, duplex;

			if (!stpd_ethtool_duplex_ntf(nlh, nlh->nlmsg_len, &ifindex, &duplex))
				stpd_duplex_changed(d, ifindex, duplex);
		}
	}
}

int stpd_port_duplex(struct stpd *d, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	size_t len;
	int err, duplex;

	if (d->ethtool_family < 0)
		return -EOPNOTSUPP; /* no ethtool netlink (kernel before 5.6) */
	if (!d->genl) {
		stpd_duplex_open(d);
		if (!d->genl)
			return -EOPNOTSUPP;
	}
	len = stpd_ethtool_duplex_request(buf, sizeof(buf), (uint16_t)d->ethtool_family,
					  ++d->genl_seq, ifindex);
	n = genl_talk(d->genl, buf, sizeof(buf), len, d->genl_seq);
	if (n < 0)
		return (int)n;
	err = stpd_ethtool_duplex_parse(buf, (size_t)n, &duplex);
	return err < 0 ? err : duplex;
}

void stpd_duplex_close(struct stpd *d)
{
	if (d->genl)
		mnl_socket_close(d->genl);
	if (d->genl_mon)
		mnl_socket_close(d->genl_mon);
	d->genl = d->genl_mon = NULL;
}

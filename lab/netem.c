// SPDX-License-Identifier: LGPL-2.1-or-later
/* Link impairments through libnl-route-3's qdisc API: netem at the root of an
 * interface (delay, jitter, loss) and, for a rate, tbf as netem's child, as
 * `tc qdisc add dev X root handle 1: netem ...; tc qdisc add dev X parent 1:1
 * tbf ...` would make them. libnl's socket must be made inside the node's
 * namespace, so the work runs under brkit_in_netns(). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netlink/netlink.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/netem.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/tc.h>
#include "lab/lab_int.h"

#define NETEM_HANDLE 0x00010000u /* 1: */
#define NETEM_LIMIT 1000 /* packets, as tc's default */
#define TBF_HANDLE 0x000a0000u /* 10: */
#define TBF_LATENCY_US 50000

struct netem_job {
	int ifindex;
	const struct brkit_lab_link *l;
	char *msg;
	size_t msglen;
};

static int nl_to_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	default:
		return -EINVAL;
	}
}

static int add_qdisc(struct nl_sock *sk, struct rtnl_qdisc *q, struct netem_job *j,
		     const char *what)
{
	int err = rtnl_qdisc_add(sk, q, NLM_F_CREATE | NLM_F_REPLACE);

	if (err < 0) {
		snprintf(j->msg, j->msglen, "%s: %s", what, nl_geterror(err));
		return nl_to_errno(err);
	}
	return 0;
}

static int netem_in_ns(struct brkit *h, void *arg)
{
	struct netem_job *j = arg;
	const struct brkit_lab_link *l = j->l;
	struct rtnl_qdisc *q = NULL, *tbf = NULL;
	struct nl_sock *sk;
	int err;

	(void)h;
	sk = nl_socket_alloc();
	if (!sk) {
		snprintf(j->msg, j->msglen, "out of memory");
		return -ENOMEM;
	}
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0) {
		snprintf(j->msg, j->msglen, "connecting libnl: %s", nl_geterror(err));
		err = nl_to_errno(err);
		goto out;
	}
	if (!l->delay_us && !l->loss)
		goto rate; /* a rate alone: tbf at the root */
	q = rtnl_qdisc_alloc();
	if (!q) {
		err = -ENOMEM;
		snprintf(j->msg, j->msglen, "out of memory");
		goto out;
	}
	rtnl_tc_set_ifindex(TC_CAST(q), j->ifindex);
	rtnl_tc_set_parent(TC_CAST(q), TC_H_ROOT);
	rtnl_tc_set_handle(TC_CAST(q), NETEM_HANDLE);
	err = rtnl_tc_set_kind(TC_CAST(q), "netem");
	if (err < 0) {
		snprintf(j->msg, j->msglen, "libnl has no netem: %s", nl_geterror(err));
		err = nl_to_errno(err);
		goto out;
	}
	rtnl_netem_set_limit(q, NETEM_LIMIT);
	if (l->delay_us)
		rtnl_netem_set_delay(q, (int)l->delay_us);
	if (l->jitter_us)
		rtnl_netem_set_jitter(q, (int)l->jitter_us);
	if (l->loss)
		rtnl_netem_set_loss(q, (int)l->loss);
	err = add_qdisc(sk, q, j, "netem");
	if (err == -ENOENT)
		snprintf(j->msg, j->msglen,
			 "the kernel has no netem qdisc (CONFIG_NET_SCH_NETEM), needed for delay, "
			 "jitter and loss");
	if (err || !l->rate)
		goto out;
rate:
	tbf = rtnl_qdisc_alloc();
	if (!tbf) {
		err = -ENOMEM;
		snprintf(j->msg, j->msglen, "out of memory");
		goto out;
	}
	rtnl_tc_set_ifindex(TC_CAST(tbf), j->ifindex);
	rtnl_tc_set_parent(TC_CAST(tbf), q ? NETEM_HANDLE | 1 : TC_H_ROOT);
	rtnl_tc_set_handle(TC_CAST(tbf), q ? TBF_HANDLE : NETEM_HANDLE);
	err = rtnl_tc_set_kind(TC_CAST(tbf), "tbf");
	if (err < 0) {
		snprintf(j->msg, j->msglen, "libnl has no tbf: %s", nl_geterror(err));
		err = nl_to_errno(err);
		goto out;
	}
	/* A bucket of 10 ms of traffic, at least 64 KiB so one burst of
	 * full-size frames passes. */
	rtnl_qdisc_tbf_set_rate(tbf, (int)l->rate,
				(int)(l->rate / 100 > 65536 ? l->rate / 100 : 65536), 0);
	err = rtnl_qdisc_tbf_set_limit_by_latency(tbf, TBF_LATENCY_US);
	if (err < 0) {
		snprintf(j->msg, j->msglen, "tbf limit: %s", nl_geterror(err));
		err = nl_to_errno(err);
		goto out;
	}
	err = add_qdisc(sk, tbf, j, "tbf (rate)");
	if (err == -ENOENT)
		snprintf(j->msg, j->msglen,
			 "the kernel has no tbf qdisc (CONFIG_NET_SCH_TBF), needed for rate");
out:
	rtnl_qdisc_put(tbf);
	rtnl_qdisc_put(q);
	nl_socket_free(sk);
	return err;
}

int brkit_lab_netem(struct brkit *h, int ifindex, const struct brkit_lab_link *l, char *msg,
		    size_t msglen)
{
	struct netem_job j = { .ifindex = ifindex, .l = l, .msg = msg, .msglen = msglen };
	int err;

	msg[0] = '\0';
	err = brkit_in_netns(h, netem_in_ns, &j);
	if (err && !msg[0])
		snprintf(msg, msglen, "%s", brkit_errmsg(h));
	return err;
}

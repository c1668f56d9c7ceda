// SPDX-License-Identifier: GPL-2.0-or-later
/* Exercises libbrkit's netlink core in a namespace; the netns suite checks its
 * effects through iproute2. Usage: nlcore NETNS VERB ... */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/veth.h>
#include "nl/nl.h"

static unsigned long refused;
static void on_err(void *arg, unsigned long index, int err, const char *ext)
{
	(void)arg;
	refused++;
	printf("refused %lu %d %s\n", index, err, ext);
}

static int count_cb(const struct brkit_link *l, void *arg)
{
	(void)l;
	(*(int *)arg)++;
	return 0;
}

int main(int argc, char **argv)
{
	struct brkit *h;
	int err, i, n;

	if (argc < 3)
		return 2;
	err = brkit_open(&h, argv[1]);
	if (err) {
		printf("open: %s\n", strerror(-err));
		return 1;
	}
	if (!strcmp(argv[2], "count")) {
		n = 0;
		err = brkit_link_foreach(h, count_cb, &n);
		printf("%d\n", n);
	} else if (!strcmp(argv[2], "get")) {
		struct brkit_link l;

		err = brkit_link_get(h, argv[3], &l);
		if (!err)
			printf("%d %s %s %u\n", l.ifindex, l.ifname, l.kind, l.mtu);
	} else if (!strcmp(argv[2], "batch-veth")) {
		/* N veth pairs vA<i>/vB<i> in netdev group G, pipelined; a duplicate at the end. */
		int count = atoi(argv[3]);
		unsigned int group = (unsigned int)atoi(argv[4]);
		struct brkit_batch *b = brkit_batch_new(h, 64, on_err, NULL);

		for (i = 0; i <= count; i++) {
			struct nlmsghdr *nlh =
				brkit_batch_msg(b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
			struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
			struct nlattr *li, *data, *peer;
			char name[IFNAMSIZ];
			int k = i < count ? i : 0; /* the last one repeats the first: refused */

			ifi->ifi_family = AF_UNSPEC;
			snprintf(name, sizeof(name), "vA%d", k);
			mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
			mnl_attr_put_u32(nlh, IFLA_GROUP, group);
			li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
			mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
			data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
			peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
			ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
			snprintf(name, sizeof(name), "vB%d", k);
			mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
			mnl_attr_put_u32(nlh, IFLA_GROUP, group);
			mnl_attr_nest_end(nlh, peer);
			mnl_attr_nest_end(nlh, data);
			mnl_attr_nest_end(nlh, li);
			err = brkit_batch_push(b);
			if (err)
				break;
		}
		if (!err)
			err = brkit_batch_finish(b);
		printf("count %lu failed %lu\n", brkit_batch_count(b), brkit_batch_failed(b));
		brkit_batch_free(b);
		if (err == -EEXIST && refused == 1)
			err = 0;
	} else if (!strcmp(argv[2], "delgroup")) {
		err = brkit_link_del_group(h, (unsigned int)atoi(argv[3]));
	} else if (!strcmp(argv[2], "mtu")) {
		err = brkit_link_set_mtu(h, argv[3], (unsigned int)atoi(argv[4]));
	} else if (!strcmp(argv[2], "up")) {
		err = brkit_link_set_up(h, argv[3], true);
	}
	if (err)
		printf("error: %s\n", brkit_errmsg(h));
	brkit_close(h);
	return err ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* events_watch NETNS: a consumer of <brkit/events.h>, as the STP daemon will be.
 * Prints the state at start (between resync markers), then port, link and FDB
 * events, one line each. Every name is looked up inside the callback on the
 * same handle the events use: the library promises that this is allowed
 * (callbacks never run inside a dump), and a lookup that fails prints "?". */
#include <stdio.h>
#include <brkit/brkit.h>

static struct brkit *h;

static const char *name(int ifindex, char buf[IFNAMSIZ])
{
	struct brkit_link l;

	if (ifindex <= 0 || brkit_link_get_index(h, ifindex, &l))
		return "?";
	snprintf(buf, IFNAMSIZ, "%s", l.ifname);
	return buf;
}

static int on_link(const struct brkit_ev_link *l, void *arg)
{
	char m[IFNAMSIZ];

	(void)arg;
	if (l->port && l->has_state)
		printf("port %s master %s state %u%s\n", l->link.ifname,
		       l->link.master ? name(l->link.master, m) : "-", l->state,
		       l->deleted ? " deleted" : "");
	else if (!l->port)
		printf("link %s %s%s\n", l->link.ifname, l->link.flags & IFF_UP ? "up" : "down",
		       l->deleted ? " deleted" : "");
	return fflush(stdout) ? -1 : 0;
}

static int on_fdb(const struct brkit_fdb_entry *e, void *arg)
{
	char d[IFNAMSIZ];

	(void)arg;
	printf("fdb %02x:%02x:%02x:%02x:%02x:%02x dev %s%s\n", e->mac[0], e->mac[1], e->mac[2],
	       e->mac[3], e->mac[4], e->mac[5], name(e->ifindex, d), e->deleted ? " deleted" : "");
	return fflush(stdout) ? -1 : 0;
}

static int on_resync(enum brkit_ev_resync phase, unsigned int groups, void *arg)
{
	(void)groups;
	(void)arg;
	printf("resync %s\n", phase == BRKIT_EV_RESYNC_BEGIN ? "begin" : "end");
	return fflush(stdout) ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct brkit_events_ops ops = { .link = on_link, .fdb = on_fdb, .resync = on_resync };
	struct brkit_events *ev;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: events_watch NETNS\n");
		return 2;
	}
	if (brkit_open(&h, argv[1]) < 0) {
		fprintf(stderr, "events_watch: cannot open %s\n", argv[1]);
		return 1;
	}
	err = brkit_events_open(h, BRKIT_EV_LINK | BRKIT_EV_FDB, &ev);
	if (!err)
		err = brkit_events_resync(ev, &ops, NULL);
	while (!err)
		err = brkit_events_read(ev, &ops, NULL);
	fprintf(stderr, "events_watch: %s\n", brkit_errmsg(h));
	brkit_events_close(ev);
	brkit_close(h);
	return 1;
}

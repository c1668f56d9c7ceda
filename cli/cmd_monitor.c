// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit monitor [link|fdb|vlan|all]: events as `bridge monitor` prints them,
 * one JSON object a line with -j. On ENOBUFS it says so, re-reads, goes on. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "cli/cli.h"

#define F_LOWER_UP (1U << 16)
#define F_DORMANT (1U << 17)
#define F_ECHO (1U << 18)

struct dev {
	char name[IFNAMSIZ];
	unsigned int flags;
};

struct mon {
	struct cli *c;
	struct dev *d;
	int max;
	bool banner; /* `monitor all`: [LINK] / [NEIGH] / [VLAN] prefixes */
	unsigned int groups;
	char tmp[IFNAMSIZ];
};

static struct dev *dev_slot(struct mon *m, int ifindex)
{
	if (ifindex <= 0 || ifindex > (1 << 22))
		return NULL;
	if (ifindex >= m->max) {
		int max = m->max ? m->max : 64;
		struct dev *d;

		while (max <= ifindex)
			max *= 2;
		d = realloc(m->d, (size_t)max * sizeof(*d));
		if (!d)
			return NULL;
		memset(d + m->max, 0, (size_t)(max - m->max) * sizeof(*d));
		m->d = d;
		m->max = max;
	}
	return &m->d[ifindex];
}

static int names_cb(const struct brkit_link *l, void *arg)
{
	struct dev *d = dev_slot(arg, l->ifindex);

	if (d) {
		memcpy(d->name, l->ifname, IFNAMSIZ);
		d->flags = l->flags;
	}
	return 0;
}

static const char *name_of(void *arg, int ifindex)
{
	struct mon *m = arg;
	struct brkit_link l;

	if (ifindex > 0 && ifindex < m->max && m->d[ifindex].name[0])
		return m->d[ifindex].name;
	/* A device we have not seen: ask once. */
	if (brkit_link_get_index(m->c->h, ifindex, &l) == 0) {
		names_cb(&l, m);
		memcpy(m->tmp, l.ifname, IFNAMSIZ);
		return m->tmp;
	}
	return NULL;
}

static void put_name(struct mon *m, FILE *f, int ifindex, bool json)
{
	const char *n = name_of(m, ifindex);
	char tmp[24];

	if (!n) {
		snprintf(tmp, sizeof(tmp), "if%d", ifindex);
		n = tmp;
	}
	if (!json) {
		fputs(n, f);
		return;
	}
	fputc('"', f);
	for (; *n; n++) {
		if (*n == '"' || *n == '\\')
			fputc('\\', f);
		fputc(*n, f);
	}
	fputc('"', f);
}

static const char *port_state(unsigned int s)
{
	static const char *const names[] = { "disabled", "listening", "learning", "forwarding",
					     "blocking" };

	return s < 5 ? names[s] : "unknown";
}

static void link_flags(FILE *f, unsigned int flags, bool mdown, bool json)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} fl[] = {
		{ IFF_LOOPBACK, "LOOPBACK" },
		{ IFF_BROADCAST, "BROADCAST" },
		{ IFF_POINTOPOINT, "POINTOPOINT" },
		{ IFF_MULTICAST, "MULTICAST" },
		{ IFF_NOARP, "NOARP" },
		{ IFF_ALLMULTI, "ALLMULTI" },
		{ IFF_PROMISC, "PROMISC" },
		{ IFF_NOTRAILERS, "NOTRAILERS" },
		{ IFF_DEBUG, "DEBUG" },
		{ IFF_DYNAMIC, "DYNAMIC" },
		{ IFF_AUTOMEDIA, "AUTOMEDIA" },
		{ IFF_PORTSEL, "PORTSEL" },
		{ IFF_UP, "UP" },
		{ F_LOWER_UP, "LOWER_UP" },
		{ F_DORMANT, "DORMANT" },
		{ F_ECHO, "ECHO" },
	};
	const char *sep = json ? "\"," : ",";
	const char *q = json ? "\"" : "";
	size_t i;

	fputs(json ? ",\"flags\":[" : "<", f);
	if ((flags & IFF_UP) && !(flags & IFF_RUNNING))
		fprintf(f, "%sNO-CARRIER%s", q, flags ? sep : q);
	flags &= ~IFF_RUNNING;
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		if (flags & fl[i].bit) {
			flags &= ~fl[i].bit;
			fprintf(f, "%s%s%s", q, fl[i].name, flags ? sep : q);
		}
	}
	if (flags)
		fprintf(f, "%s%x%s", q, flags, q);
	if (mdown)
		fprintf(f, json ? ",\"M-DOWN\"" : ",M-DOWN");
	fputs(json ? "]" : "> ", f);
}

static int on_link(struct mon *m, const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 }, *a;
	bool json = m->c->json, mdown = false;
	FILE *f = m->c->out;
	struct dev *d;
	int link = 0;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return 0;
	if (ifi->ifi_family != AF_BRIDGE && ifi->ifi_family != AF_UNSPEC)
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*ifi))
	{
		if (mnl_attr_get_type(a) <= IFLA_MAX)
			tb[mnl_attr_get_type(a)] = a;
	}
	if (!tb[IFLA_IFNAME])
		return 0;
	d = dev_slot(m, ifi->ifi_index);
	if (d) {
		/* Like bridge monitor, keep the flags read at start (for M-DOWN):
		 * only names of new or renamed devices are taken from events. */
		if (!d->name[0])
			d->flags = ifi->ifi_flags;
		snprintf(d->name, sizeof(d->name), "%s", mnl_attr_get_str(tb[IFLA_IFNAME]));
	}
	if (tb[IFLA_LINK])
		link = (int)mnl_attr_get_u32(tb[IFLA_LINK]);
	if (link && !tb[IFLA_LINK_NETNSID]) {
		/* as iproute2: a link it cannot name counts as down */
		name_of(m, link);
		d = link < m->max ? &m->d[link] : NULL;
		mdown = !d || !d->name[0] || !(d->flags & IFF_UP);
	}
	if (json) {
		fputc('{', f);
		if (nlh->nlmsg_type == RTM_DELLINK)
			fputs("\"deleted\":true,", f);
		fprintf(f, "\"ifindex\":%d", ifi->ifi_index);
		if (tb[IFLA_LINK] && !link) {
			fputs(",\"link\":null", f);
		} else if (link) {
			if (tb[IFLA_LINK_NETNSID]) {
				fprintf(f, ",\"link_index\":%d", link);
			} else {
				fputs(",\"link\":", f);
				put_name(m, f, link, true);
			}
		}
		fputs(",\"ifname\":", f);
		put_name(m, f, ifi->ifi_index, true);
	} else {
		if (m->banner)
			fputs("[LINK]", f);
		if (nlh->nlmsg_type == RTM_DELLINK)
			fputs("Deleted ", f);
		fprintf(f, "%d: %s", ifi->ifi_index, mnl_attr_get_str(tb[IFLA_IFNAME]));
		if (tb[IFLA_LINK] && !link) {
			fputs("@NONE", f);
		} else if (link) {
			if (tb[IFLA_LINK_NETNSID]) {
				fprintf(f, "@if%d", link);
			} else {
				fputc('@', f);
				put_name(m, f, link, false);
			}
		}
		fputs(": ", f);
	}
	link_flags(f, ifi->ifi_flags, mdown, json);
	if (tb[IFLA_MTU])
		fprintf(f, json ? ",\"mtu\":%u" : "mtu %u ", mnl_attr_get_u32(tb[IFLA_MTU]));
	if (tb[IFLA_MASTER]) {
		fputs(json ? ",\"master\":" : "master ", f);
		put_name(m, f, (int)mnl_attr_get_u32(tb[IFLA_MASTER]), json);
		if (!json)
			fputc(' ', f);
	}
	if (tb[IFLA_PROTINFO]) {
		if (tb[IFLA_PROTINFO]->nla_type & NLA_F_NESTED) {
			const struct nlattr *p[IFLA_BRPORT_MAX + 1] = { 0 };

			mnl_attr_for_each_nested(a, tb[IFLA_PROTINFO])
			{
				if (mnl_attr_get_type(a) <= IFLA_BRPORT_MAX)
					p[mnl_attr_get_type(a)] = a;
			}
			if (p[IFLA_BRPORT_STATE])
				fprintf(f, json ? ",\"state\":\"%s\"" : "state %s ",
					port_state(mnl_attr_get_u8(p[IFLA_BRPORT_STATE])));
			if (p[IFLA_BRPORT_PRIORITY])
				fprintf(f, json ? ",\"priority\":%u" : "priority %u ",
					mnl_attr_get_u16(p[IFLA_BRPORT_PRIORITY]));
			if (p[IFLA_BRPORT_COST])
				fprintf(f, json ? ",\"cost\":%u" : "cost %u ",
					mnl_attr_get_u32(p[IFLA_BRPORT_COST]));
		} else {
			fprintf(f, json ? ",\"state\":\"%s\"" : "state %s ",
				port_state(mnl_attr_get_u8(tb[IFLA_PROTINFO])));
		}
	}
	fputs(json ? "}\n" : "\n", f);
	return 0;
}

static int on_fdb(struct mon *m, const struct nlmsghdr *nlh)
{
	struct brkit_fdb_fmt fmt = { .name = name_of, .arg = m };
	struct brkit_fdb_entry e;
	char buf[BRKIT_FDB_FMTLEN];

	if (brkit_fdb_parse(nlh, &e))
		return 0;
	if (m->c->json) {
		brkit_fdb_format_json(buf, &e, &fmt);
		fputs(buf, m->c->out);
		fputc('\n', m->c->out);
	} else {
		if (m->banner)
			fputs("[NEIGH]", m->c->out);
		brkit_fdb_format_text(buf, &e, &fmt);
		fputs(buf, m->c->out);
	}
	return 0;
}

/* RTM_NEWVLAN / RTM_DELVLAN (VLAN filtering bridges): one line per entry. */
static int on_vlan(struct mon *m, const struct nlmsghdr *nlh)
{
	const struct br_vlan_msg *bvm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *b;
	bool json = m->c->json;
	FILE *f = m->c->out;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*bvm)))
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*bvm))
	{
		const struct bridge_vlan_info *vi = NULL;
		uint16_t range = 0;
		int state = -1;

		if (mnl_attr_get_type(a) != BRIDGE_VLANDB_ENTRY)
			continue;
		mnl_attr_for_each_nested(b, a)
		{
			switch (mnl_attr_get_type(b)) {
			case BRIDGE_VLANDB_ENTRY_INFO:
				if (mnl_attr_get_payload_len(b) >= sizeof(*vi))
					vi = mnl_attr_get_payload(b);
				break;
			case BRIDGE_VLANDB_ENTRY_RANGE:
				range = mnl_attr_get_u16(b);
				break;
			case BRIDGE_VLANDB_ENTRY_STATE:
				state = mnl_attr_get_u8(b);
				break;
			}
		}
		if (!vi)
			continue;
		if (json) {
			fputc('{', f);
			if (nlh->nlmsg_type == RTM_DELVLAN)
				fputs("\"deleted\":true,", f);
			fputs("\"ifname\":", f);
			put_name(m, f, (int)bvm->ifindex, true);
			fprintf(f, ",\"vlan\":%u", vi->vid);
			if (range > vi->vid)
				fprintf(f, ",\"vlanEnd\":%u", range);
			fputs(",\"flags\":[", f);
			if (vi->flags & BRIDGE_VLAN_INFO_PVID)
				fputs((vi->flags & BRIDGE_VLAN_INFO_UNTAGGED) ? "\"PVID\","
									      : "\"PVID\"",
				      f);
			if (vi->flags & BRIDGE_VLAN_INFO_UNTAGGED)
				fputs("\"Egress Untagged\"", f);
			fputc(']', f);
			if (state >= 0)
				fprintf(f, ",\"state\":\"%s\"", port_state((unsigned int)state));
			fputs("}\n", f);
		} else {
			if (m->banner)
				fputs("[VLAN]", f);
			if (nlh->nlmsg_type == RTM_DELVLAN)
				fputs("Deleted ", f);
			put_name(m, f, (int)bvm->ifindex, false);
			fprintf(f, " vlan %u", vi->vid);
			if (range > vi->vid)
				fprintf(f, "-%u", range);
			if (vi->flags & BRIDGE_VLAN_INFO_PVID)
				fputs(" PVID", f);
			if (vi->flags & BRIDGE_VLAN_INFO_UNTAGGED)
				fputs(" Egress Untagged", f);
			if (state >= 0)
				fprintf(f, " state %s", port_state((unsigned int)state));
			fputc('\n', f);
		}
	}
	return 0;
}

static int on_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct mon *m = arg;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (m->groups & BRKIT_MON_LINK)
			on_link(m, nlh);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		if (m->groups & BRKIT_MON_FDB)
			on_fdb(m, nlh);
		break;
	case RTM_NEWVLAN:
	case RTM_DELVLAN:
		if (m->groups & BRKIT_MON_VLAN)
			on_vlan(m, nlh);
		break;
	}
	return 0;
}

/* The re-read's entries are kept and printed after the dump returns: printing
 * may look names up on the handle, which is busy during its own dump. */
struct redump {
	struct brkit_fdb_entry *e;
	size_t n, cap;
};

static int redump_cb(const struct brkit_fdb_entry *e, void *arg)
{
	struct redump *r = arg;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct brkit_fdb_entry *p = realloc(r->e, cap * sizeof(*p));

		if (!p)
			return ENOMEM;
		r->e = p;
		r->cap = cap;
	}
	r->e[r->n++] = *e;
	return 0;
}

static void redump_print(struct mon *m, const struct brkit_fdb_entry *e)
{
	struct brkit_fdb_fmt fmt = { .name = name_of, .arg = m };
	char buf[BRKIT_FDB_FMTLEN];

	if (m->banner && !m->c->json)
		fputs("[NEIGH]", m->c->out);
	if (m->c->json)
		brkit_fdb_format_json(buf, e, &fmt);
	else
		brkit_fdb_format_text(buf, e, &fmt);
	fputs(buf, m->c->out);
	if (m->c->json)
		fputc('\n', m->c->out);
}

static void redump(struct mon *m)
{
	struct redump r = { 0 };
	size_t i;

	brkit_fdb_foreach(m->c->h, NULL, redump_cb, &r);
	for (i = 0; i < r.n; i++)
		redump_print(m, &r.e[i]);
	free(r.e);
}

void cmd_monitor_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit [-j] monitor [link] [fdb] [vlan] [all]\n"
	      "  Print link, FDB and VLAN changes as they happen (all three by default;\n"
	      "  'all' also prefixes each event with its kind).\n",
	      f);
}

int cmd_monitor(struct cli *c, int argc, char **argv)
{
	struct mon m = { .c = c };
	struct brkit_monitor *mon;
	struct cli_once once = { 0 };
	int i, err;

	for (i = 0; i < argc; i++) {
		if (cli_once(&once, argv[i]))
			return cli_usage(c, "monitor: '%s' given twice", argv[i]);
		if (!strcmp(argv[i], "link"))
			m.groups |= BRKIT_MON_LINK;
		else if (!strcmp(argv[i], "fdb"))
			m.groups |= BRKIT_MON_FDB;
		else if (!strcmp(argv[i], "vlan"))
			m.groups |= BRKIT_MON_VLAN;
		else if (!strcmp(argv[i], "all")) {
			m.groups |= BRKIT_MON_LINK | BRKIT_MON_FDB | BRKIT_MON_VLAN;
			m.banner = true;
		} else {
			cmd_monitor_usage(c, c->err);
			return cli_usage(c,
					 "monitor: unexpected '%s' (want link, fdb, vlan or all)",
					 argv[i]);
		}
	}
	if (!m.groups)
		m.groups = BRKIT_MON_LINK | BRKIT_MON_FDB | BRKIT_MON_VLAN;
	if (!cli_handle(c))
		return EXIT_FAIL;
	err = brkit_monitor_open(c->h, m.groups, &mon);
	if (err)
		return cli_fail(c, err);
	setvbuf(c->out, NULL, _IOLBF, 1 << 16);
	brkit_link_foreach(c->h, names_cb, &m);
	for (;;) {
		err = brkit_monitor_read(mon, on_msg, &m);
		if (err == -ENOBUFS) {
			fprintf(c->err,
				"%s: monitor: events were lost (receive queue overflow, ENOBUFS); "
				"re-reading the state\n",
				c->prog);
			brkit_link_foreach(c->h, names_cb, &m);
			if (m.groups & BRKIT_MON_FDB)
				redump(&m);
			fflush(c->out);
			continue;
		}
		if (err)
			break;
		fflush(c->out);
	}
	brkit_monitor_close(mon);
	free(m.d);
	return cli_failmsg(c, "monitor: %s", strerror(-err));
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* The MDB's pure parts: a change as the user writes it (iproute2's `bridge
 * mdb` grammar), groups and routing protocol names. No system calls here.
 * (The output formats are the command's: cli/show_mdb.c.) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/in.h>
#include <brkit/brkit.h>

static const struct {
	uint8_t id;
	const char *name;
} protos[] = {
	{ 0, "unspec" }, { 1, "redirect" }, { 2, "kernel" },	{ 3, "boot" },
	{ 4, "static" }, { 8, "gated" },    { 9, "ra" },	{ 10, "mrt" },
	{ 11, "zebra" }, { 12, "bird" },    { 13, "dnrouted" }, { 14, "xorp" },
	{ 15, "ntk" },	 { 16, "dhcp" },    { 17, "mrouted" },	{ 18, "keepalived" },
	{ 42, "babel" }, { 99, "openr" },   { 186, "bgp" },	{ 187, "isis" },
	{ 188, "ospf" }, { 189, "rip" },    { 192, "eigrp" },
};

const char *brkit_mdb_proto_name(uint8_t proto)
{
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].id == proto)
			return protos[i].name;
	return NULL;
}

static int parse_u(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!s || !*s)
		return -EINVAL;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return -EINVAL;
	}
	*out = v;
	return 0;
}

int brkit_mdb_parse_proto(const char *str, uint8_t *proto)
{
	unsigned long v;
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		if (!strcmp(str, protos[i].name)) {
			*proto = protos[i].id;
			return 0;
		}
	}
	if (parse_u(str, 255, &v))
		return -EINVAL;
	*proto = (uint8_t)v;
	return 0;
}

int brkit_mdb_parse_group(const char *str, int *family, uint8_t grp[16], const char **why)
{
	uint8_t a[16] = { 0 };

	if (inet_pton(AF_INET, str, a) == 1) {
		if ((a[0] & 0xf0) != 0xe0) {
			*why = "not an IPv4 multicast address (224.0.0.0/4)";
			return -EINVAL;
		}
		*family = AF_INET;
	} else if (inet_pton(AF_INET6, str, a) == 1) {
		if (a[0] != 0xff) {
			*why = "not an IPv6 multicast address (ff00::/8)";
			return -EINVAL;
		}
		*family = AF_INET6;
	} else if (strchr(str, ':') && strlen(str) == 17 && brkit_fdb_parse_mac(str, a, why) == 0) {
		if (!(a[0] & 1)) {
			*why = "not a multicast MAC address (the first byte's low bit is 0)";
			return -EINVAL;
		}
		*family = AF_PACKET;
	} else {
		*why = "not an IPv4, IPv6 or MAC multicast address";
		return -EINVAL;
	}
	memcpy(grp, a, 16);
	return 0;
}

static int parse_src(const char *str, int family, uint8_t out[16], const char **why)
{
	uint8_t a[16] = { 0 };

	if (family == AF_PACKET) {
		*why = "a MAC group has no sources";
		return -EINVAL;
	}
	if (inet_pton(family, str, a) != 1) {
		*why = family == AF_INET ? "not an IPv4 address (the group is IPv4)"
					 : "not an IPv6 address (the group is IPv6)";
		return -EINVAL;
	}
	if ((family == AF_INET && (a[0] & 0xf0) == 0xe0) || (family == AF_INET6 && a[0] == 0xff)) {
		*why = "a source is a unicast address, not a multicast one";
		return -EINVAL;
	}
	memcpy(out, a, 16);
	return 0;
}

#define WHY(...) (snprintf(why, whylen, __VA_ARGS__), -EINVAL)

int brkit_mdb_spec_parse(struct brkit_mdb_spec *s, int argc, char **argv, char *why, size_t whylen)
{
	const char *grp = NULL, *src = NULL, *list = NULL, *r, *v = argc > 0 ? argv[0] : "";
	bool seen_state = false;
	int i;

	memset(s, 0, sizeof(*s));
	if (!strcmp(v, "add"))
		s->op = BRKIT_MDB_ADD;
	else if (!strcmp(v, "replace"))
		s->op = BRKIT_MDB_REPLACE;
	else if (!strcmp(v, "del") || !strcmp(v, "delete"))
		s->op = BRKIT_MDB_DEL;
	else
		return WHY("unknown verb '%s' (want add, replace or del)", v);
	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(w, "permanent") || !strcmp(w, "temp")) {
			if (seen_state)
				return WHY("only one of permanent, temp");
			seen_state = true;
			s->permanent = w[0] == 'p';
			continue;
		}
		if (strcmp(w, "dev") && strcmp(w, "port") && strcmp(w, "grp") && strcmp(w, "src") &&
		    strcmp(w, "vid") && strcmp(w, "filter_mode") && strcmp(w, "source_list") &&
		    strcmp(w, "proto"))
			return WHY(
				"unexpected '%s' (want dev, port, grp, src, permanent, temp, vid, "
				"filter_mode, source_list or proto)",
				w);
		if (!val)
			return WHY("'%s' needs a value", w);
		i++;
		if (!strcmp(w, "dev") || !strcmp(w, "port")) {
			char *dst = w[0] == 'd' ? s->dev : s->port;

			if (dst[0])
				return WHY("'%s' given twice", w);
			if (brkit_ifname_check(val, &r))
				return WHY("%s '%s': %s", w, val, r);
			snprintf(dst, IFNAMSIZ, "%s", val);
		} else if (!strcmp(w, "grp") || !strcmp(w, "src") || !strcmp(w, "source_list")) {
			const char **dst = w[0] == 'g' ? &grp : w[1] == 'r' ? &src : &list;

			if (*dst)
				return WHY("'%s' given twice", w);
			*dst = val;
		} else if (!strcmp(w, "vid")) {
			if (s->vid)
				return WHY("'vid' given twice");
			if (brkit_fdb_parse_vlan(val, &s->vid, &r))
				return WHY("vid '%s': %s", val, r);
		} else if (!strcmp(w, "filter_mode")) {
			if (s->has_mode)
				return WHY("'filter_mode' given twice");
			if (!strcmp(val, "include"))
				s->filter_mode = MCAST_INCLUDE;
			else if (!strcmp(val, "exclude"))
				s->filter_mode = MCAST_EXCLUDE;
			else
				return WHY("filter_mode '%s': want include or exclude", val);
			s->has_mode = true;
		} else {
			if (s->rtprot)
				return WHY("'proto' given twice");
			if (brkit_mdb_parse_proto(val, &s->rtprot))
				return WHY("proto '%s': not a protocol name or a number 0-255",
					   val);
			if (s->rtprot < 4)
				return WHY(
					"proto '%s': the kernel takes only static (4) or above for "
					"entries added by hand",
					val);
		}
	}
	if (!s->dev[0] || !s->port[0] || !grp)
		return WHY("%s needs dev BRIDGE, port PORT and grp GROUP", v);
	if (brkit_mdb_parse_group(grp, &s->family, s->grp, &r))
		return WHY("grp '%s': %s", grp, r);
	if (src) {
		if (parse_src(src, s->family, s->src, &r))
			return WHY("src '%s': %s", src, r);
		s->has_src = true;
	}
	if (s->op == BRKIT_MDB_DEL && (s->has_mode || list || s->rtprot))
		return WHY("del: filter_mode, source_list and proto apply to add and replace only");
	if (s->family == AF_PACKET && !s->permanent && s->op != BRKIT_MDB_DEL)
		return WHY("grp '%s': a MAC group must be permanent (the kernel never ages one)",
			   grp);
	if (list) {
		char buf[1024], *save = NULL, *tok;

		if (!s->has_mode)
			return WHY("source_list needs filter_mode include or exclude");
		if (strlen(list) >= sizeof(buf))
			return WHY("source_list: too long");
		snprintf(buf, sizeof(buf), "%s", list);
		for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (s->n_srcs == BRKIT_MDB_SRCS_MAX)
				return WHY("source_list: more than %d sources (the kernel's limit)",
					   BRKIT_MDB_SRCS_MAX);
			if (parse_src(tok, s->family, s->srcs[s->n_srcs], &r))
				return WHY("source_list: '%s': %s", tok, r);
			s->n_srcs++;
		}
		if (!s->n_srcs)
			return WHY("source_list: no address in '%s'", list);
		s->has_srcs = true;
	}
	if ((s->has_mode || s->has_srcs) && s->has_src)
		return WHY("filter_mode and source_list apply to (*, G) entries: drop src");
	return 0;
}

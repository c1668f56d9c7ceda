// SPDX-License-Identifier: LGPL-2.1-or-later
/* The FDB's pure parts: parsing a change as the user writes it. No system
 * calls here. (The output formats are the command's: cli/show_fdb.c.) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <brkit/brkit.h>

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int brkit_fdb_parse_mac(const char *s, uint8_t mac[6], const char **why)
{
	static char buf[96];
	uint8_t tmp[6];
	size_t len, i;
	char sep = 0;

	if (!s || !*s) {
		*why = "empty MAC address";
		return -EINVAL;
	}
	len = strlen(s);
	if (len > 17) {
		*why = "MAC address too long (want 6 bytes as aa:bb:cc:dd:ee:ff)";
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (i % 3 == 2) {
			if (ch != ':' && ch != '-') {
				snprintf(buf, sizeof(buf),
					 "wrong separator '%c' in MAC address (use ':')", ch);
				*why = buf;
				return -EINVAL;
			}
			if (sep && ch != sep) {
				*why = "mixed separators in MAC address (use ':')";
				return -EINVAL;
			}
			sep = ch;
		} else if (hexval(ch) < 0) {
			if (ch == ':' || ch == '-')
				*why = "each byte of a MAC address needs two hex digits";
			else {
				snprintf(buf, sizeof(buf), "'%c' is not a hex digit", ch);
				*why = buf;
			}
			return -EINVAL;
		} else if (i % 3 == 1) {
			tmp[i / 3] = (uint8_t)(hexval(s[i - 1]) << 4 | hexval(ch));
		}
	}
	if (len < 17) {
		*why = "MAC address too short (want 6 bytes as aa:bb:cc:dd:ee:ff)";
		return -EINVAL;
	}
	memcpy(mac, tmp, 6);
	return 0;
}

int brkit_fdb_parse_vlan(const char *s, uint16_t *vid, const char **why)
{
	unsigned long v = 0;
	const char *p;

	if (!s || !*s) {
		*why = "empty VLAN id";
		return -EINVAL;
	}
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9') {
			*why = "VLAN id is not a number 1..4094";
			return -EINVAL;
		}
		if (v < 100000)
			v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v == 0 || v > 4094) {
		*why = v == 4095 ? "VLAN 4095 is reserved (use 1..4094)"
				 : "VLAN id out of range (use 1..4094)";
		return -EINVAL;
	}
	*vid = (uint16_t)v;
	return 0;
}

static int parse_num(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!s || !*s)
		return -EINVAL;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*out = v;
	return 0;
}

static int bad(char *why, size_t len, const char *fmt, const char *word, const char *reason)
{
	snprintf(why, len, fmt, word, reason);
	return -EINVAL;
}

int brkit_fdb_spec_parse(struct brkit_fdb_spec *s, int argc, char **argv, char *why, size_t whylen)
{
	const char *addr = NULL, *r;
	bool has_vlan = false, has_dst = false;
	int i;

	memset(s, 0, sizeof(*s));
	if (argc < 1)
		return bad(why, whylen, "%s%s", "", "missing verb (add, append, replace or del)");
	if (!strcmp(argv[0], "add"))
		s->op = BRKIT_FDB_ADD;
	else if (!strcmp(argv[0], "append"))
		s->op = BRKIT_FDB_APPEND;
	else if (!strcmp(argv[0], "replace"))
		s->op = BRKIT_FDB_REPLACE;
	else if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		s->op = BRKIT_FDB_DEL;
	else
		return bad(why, whylen, "unknown verb '%s'%s", argv[0],
			   " (want add, append, replace or del)");

	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long n;

		if (!strcmp(w, "dev") || !strcmp(w, "vlan") || !strcmp(w, "dst") ||
		    !strcmp(w, "vni") || !strcmp(w, "port") || !strcmp(w, "via")) {
			if (!v)
				return bad(why, whylen, "'%s' %s", w, "needs a value");
			i++;
		}
		if (!strcmp(w, "dev")) {
			if (s->dev[0])
				return bad(why, whylen, "'%s' %s", w, "given twice");
			if (brkit_ifname_check(v, &r))
				return bad(why, whylen, "device '%s': %s", v, r);
			snprintf(s->dev, sizeof(s->dev), "%s", v);
		} else if (!strcmp(w, "via")) {
			if (s->via[0])
				return bad(why, whylen, "'%s' %s", w, "given twice");
			if (brkit_ifname_check(v, &r))
				return bad(why, whylen, "via device '%s': %s", v, r);
			snprintf(s->via, sizeof(s->via), "%s", v);
		} else if (!strcmp(w, "vlan")) {
			if (has_vlan)
				return bad(why, whylen, "'%s' %s", w, "given twice");
			if (brkit_fdb_parse_vlan(v, &s->vlan, &r))
				return bad(why, whylen, "vlan '%s': %s", v, r);
			has_vlan = true;
		} else if (!strcmp(w, "dst")) {
			if (has_dst)
				return bad(why, whylen, "'%s' %s", w, "given twice");
			if (inet_pton(AF_INET, v, s->dst) == 1)
				s->dst_family = AF_INET;
			else if (inet_pton(AF_INET6, v, s->dst) == 1)
				s->dst_family = AF_INET6;
			else
				return bad(why, whylen, "dst '%s': %s", v,
					   "not an IPv4 or IPv6 address");
			has_dst = true;
		} else if (!strcmp(w, "vni")) {
			if (s->has_vni)
				return bad(why, whylen, "'%s' %s", w, "given twice");
			if (parse_num(v, 0xffffffUL, &n))
				return bad(why, whylen, "vni '%s': %s", v,
					   "not a number 0..16777215 (24 bits)");
			s->vni = (uint32_t)n;
			s->has_vni = true;
		} else if (!strcmp(w, "port")) {
			if (s->has_port)
				return bad(why, whylen, "'%s' %s", w, "given twice");
			if (parse_num(v, 65535, &n) || n == 0)
				return bad(why, whylen, "port '%s': %s", v,
					   "not a UDP port number 1..65535");
			s->port = (uint16_t)n;
			s->has_port = true;
		} else if (!strcmp(w, "master")) {
			s->flags |= NTF_MASTER;
		} else if (!strcmp(w, "self")) {
			s->flags |= NTF_SELF;
		} else if (!strcmp(w, "sticky")) {
			s->flags |= NTF_STICKY;
		} else if (!strcmp(w, "extern_learn")) {
			s->flags |= NTF_EXT_LEARNED;
		} else if (!strcmp(w, "static") || !strcmp(w, "dynamic") || !strcmp(w, "local") ||
			   !strcmp(w, "permanent")) {
			if (s->state)
				return bad(why, whylen, "'%s': %s", w,
					   "only one of static, dynamic, local");
			if (w[0] == 's')
				s->state = NUD_NOARP | NUD_REACHABLE;
			else if (w[0] == 'd')
				s->state = NUD_REACHABLE;
			else
				s->state = NUD_PERMANENT;
		} else if (!addr) {
			if (brkit_fdb_parse_mac(w, s->mac, &r))
				return bad(why, whylen, "address '%s': %s", w, r);
			addr = w;
		} else {
			return bad(
				why, whylen, "unexpected '%s'%s", w,
				" (want dev, vlan, master, self, static, dynamic, local, sticky, "
				"dst, vni, port or via)");
		}
	}
	if (!addr)
		return bad(why, whylen, "%s%s", "", "missing the MAC address");
	if (!s->dev[0])
		return bad(why, whylen, "%s%s", "", "missing 'dev DEV'");
	if ((s->flags & NTF_STICKY) && s->state == NUD_REACHABLE)
		return bad(why, whylen, "'%s': %s", "sticky", "a sticky entry cannot be dynamic");
	return 0;
}

int brkit_fdb_split(char *line, char **words, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			break;
		if (n == max)
			return -E2BIG;
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* The FDB's pure parts: parsing a change as the user writes it, and the
 * iproute2 / bridge-utils output formats. No system calls here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <brkit/brkit.h>

static const char hexd[] = "0123456789abcdef";

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
	/* The reason quotes the bad character: one buffer per thread, so two
	 * threads parsing at once never see each other's text. */
	static _Thread_local char buf[96];
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
		} else if (!strcmp(w, "master") || !strcmp(w, "self") || !strcmp(w, "sticky") ||
			   !strcmp(w, "extern_learn")) {
			uint8_t f = w[0] == 'm'	  ? NTF_MASTER
				    : w[1] == 'e' ? NTF_SELF
				    : w[1] == 't' ? NTF_STICKY
						  : NTF_EXT_LEARNED;

			if (s->flags & f)
				return bad(why, whylen, "'%s' %s", w, "given twice");
			s->flags |= f;
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
	/* Both tables in one request: the kernel applies master first and may
	 * refuse self after, leaving half a change. One at a time. */
	if ((s->flags & NTF_MASTER) && (s->flags & NTF_SELF))
		return bad(why, whylen, "'%s': %s", "master self",
			   "give one (master: the bridge's table; self: the device's own), "
			   "one command each");
	/* The bridge's table has no remote endpoints: the kernel would drop
	 * them silently and add a plain entry. */
	if (!(s->flags & NTF_SELF)) {
		const char *w = s->dst_family ? "dst"
				: s->has_vni  ? "vni"
				: s->has_port ? "port"
				: s->via[0]   ? "via"
					      : NULL;

		if (w)
			return bad(why, whylen, "'%s': %s", w,
				   "needs 'self' (a remote endpoint lives in the device's own "
				   "table, e.g. a VXLAN device's)");
	}
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

/* ---- output ---- */

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *put_u(char *p, unsigned long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_i(char *p, long v)
{
	if (v < 0) {
		*p++ = '-';
		return put_u(p, (unsigned long)-v);
	}
	return put_u(p, (unsigned long)v);
}

static char *put_mac(char *p, const uint8_t *m)
{
	int i;

	for (i = 0; i < 6; i++) {
		*p++ = hexd[m[i] >> 4];
		*p++ = hexd[m[i] & 15];
		*p++ = ':';
	}
	return p - 1;
}

static char *put_name(char *p, const struct brkit_fdb_fmt *f, int ifindex)
{
	const char *n = f->name ? f->name(f->arg, ifindex) : NULL;

	if (n)
		return put_str(p, n);
	p = put_str(p, "if");
	return put_u(p, (unsigned long)ifindex);
}

/* A JSON string: names may hold '"' or '\\' (Linux allows them). */
static char *put_jstr(char *p, const char *s)
{
	*p++ = '"';
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			*p++ = '\\';
			*p++ = (char)ch;
		} else if (ch < 0x20) {
			p = put_str(p, "\\u00");
			*p++ = hexd[ch >> 4];
			*p++ = hexd[ch & 15];
		} else {
			*p++ = (char)ch;
		}
	}
	*p++ = '"';
	return p;
}

static char *put_jname(char *p, const struct brkit_fdb_fmt *f, int ifindex)
{
	const char *n = f->name ? f->name(f->arg, ifindex) : NULL;
	char tmp[24];

	if (!n) {
		snprintf(tmp, sizeof(tmp), "if%d", ifindex);
		n = tmp;
	}
	return put_jstr(p, n);
}

static const char *state_name(unsigned int s, char buf[16])
{
	if (s & NUD_PERMANENT)
		return "permanent";
	if (s & NUD_NOARP)
		return "static";
	if (s & NUD_STALE)
		return "stale";
	if (s & NUD_REACHABLE)
		return "";
	snprintf(buf, 16, "state=%#x", s);
	return buf;
}

static const struct {
	uint8_t bit;
	const char *name;
} flag_names[] = {
	{ NTF_SELF, "self" },	      { NTF_ROUTER, "router" }, { NTF_EXT_LEARNED, "extern_learn" },
	{ NTF_OFFLOADED, "offload" }, { NTF_MASTER, "master" }, { NTF_STICKY, "sticky" },
};

static char *put_dst(char *p, const struct brkit_fdb_entry *e)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(e->dst_family, e->dst, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	return put_str(p, a);
}

size_t brkit_fdb_format_text(char *buf, const struct brkit_fdb_entry *e,
			     const struct brkit_fdb_fmt *fmt)
{
	char *p = buf, sb[16];
	size_t i;

	if (e->deleted)
		p = put_str(p, "Deleted ");
	p = put_mac(p, e->mac);
	*p++ = ' ';
	if (!fmt->omit_dev && e->ifindex) {
		p = put_str(p, "dev ");
		p = put_name(p, fmt, e->ifindex);
		*p++ = ' ';
	}
	if (e->dst_family) {
		p = put_str(p, "dst ");
		p = put_dst(p, e);
		*p++ = ' ';
	}
	if (e->vlan) {
		p = put_str(p, "vlan ");
		p = put_u(p, e->vlan);
		*p++ = ' ';
	}
	if (e->has_port) {
		p = put_str(p, "port ");
		p = put_u(p, e->port);
		*p++ = ' ';
	}
	if (e->has_vni) {
		p = put_str(p, "vni ");
		p = put_u(p, e->vni);
		*p++ = ' ';
	}
	if (e->has_src_vni) {
		p = put_str(p, "src_vni ");
		p = put_u(p, e->src_vni);
		*p++ = ' ';
	}
	if (e->has_via) {
		if (e->has_netnsid) {
			p = put_str(p, "via ifindex ");
			p = put_u(p, (unsigned int)e->via);
		} else {
			p = put_str(p, "via ");
			p = put_name(p, fmt, e->via);
		}
		*p++ = ' ';
	}
	if (e->has_netnsid) {
		p = put_str(p, "link-netnsid ");
		p = put_i(p, e->netnsid);
		*p++ = ' ';
	}
	if (fmt->stats && e->has_cacheinfo) {
		p = put_str(p, "used ");
		p = put_i(p, (int)e->used / 100);
		*p++ = '/';
		p = put_i(p, (int)e->updated / 100);
		*p++ = ' ';
	}
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (e->flags & flag_names[i].bit) {
			p = put_str(p, flag_names[i].name);
			*p++ = ' ';
		}
	}
	if (e->master) {
		p = put_str(p, "master ");
		p = put_name(p, fmt, e->master);
		*p++ = ' ';
	}
	p = put_str(p, state_name(e->state, sb));
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - buf);
}

size_t brkit_fdb_format_json(char *buf, const struct brkit_fdb_entry *e,
			     const struct brkit_fdb_fmt *fmt)
{
	char *p = buf, sb[16];
	bool first = true;
	size_t i;

	*p++ = '{';
	if (e->deleted)
		p = put_str(p, "\"deleted\":true,");
	p = put_str(p, "\"mac\":\"");
	p = put_mac(p, e->mac);
	*p++ = '"';
	if (!fmt->omit_dev && e->ifindex) {
		p = put_str(p, ",\"ifname\":");
		p = put_jname(p, fmt, e->ifindex);
	}
	if (e->dst_family) {
		p = put_str(p, ",\"dst\":\"");
		p = put_dst(p, e);
		*p++ = '"';
	}
	if (e->vlan) {
		p = put_str(p, ",\"vlan\":");
		p = put_u(p, e->vlan);
	}
	if (e->has_port) {
		p = put_str(p, ",\"port\":");
		p = put_u(p, e->port);
	}
	if (e->has_vni) {
		p = put_str(p, ",\"vni\":");
		p = put_u(p, e->vni);
	}
	if (e->has_src_vni) {
		p = put_str(p, ",\"src_vni\":");
		p = put_u(p, e->src_vni);
	}
	if (e->has_via) {
		if (e->has_netnsid) {
			p = put_str(p, ",\"viaIfIndex\":");
			p = put_u(p, (unsigned int)e->via);
		} else {
			p = put_str(p, ",\"viaIf\":");
			p = put_jname(p, fmt, e->via);
		}
	}
	if (e->has_netnsid) {
		p = put_str(p, ",\"linkNetNsId\":");
		p = put_i(p, e->netnsid);
	}
	if (fmt->stats && e->has_cacheinfo) {
		p = put_str(p, ",\"used\":");
		p = put_u(p, e->used / 100);
		p = put_str(p, ",\"updated\":");
		p = put_u(p, e->updated / 100);
	}
	p = put_str(p, ",\"flags\":[");
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (e->flags & flag_names[i].bit) {
			if (!first)
				*p++ = ',';
			*p++ = '"';
			p = put_str(p, flag_names[i].name);
			*p++ = '"';
			first = false;
		}
	}
	*p++ = ']';
	if (e->master) {
		p = put_str(p, ",\"master\":");
		p = put_jname(p, fmt, e->master);
	}
	p = put_str(p, ",\"state\":");
	p = put_jstr(p, state_name(e->state, sb));
	*p++ = '}';
	*p = '\0';
	return (size_t)(p - buf);
}

size_t brkit_fdb_format_mac(char *buf, const struct brkit_fdb_mac *m)
{
	char *p = buf;
	unsigned int port = m->port_no & 0xff; /* bridge-utils keeps the low byte */
	unsigned long secs = m->ageing / 100, cs = m->ageing % 100;

	/* "%3i\t" */
	if (port < 100)
		*p++ = ' ';
	if (port < 10)
		*p++ = ' ';
	p = put_u(p, port);
	*p++ = '\t';
	p = put_mac(p, m->mac);
	*p++ = '\t';
	p = put_str(p, m->is_local ? "yes\t\t" : "no\t\t");
	/* "%4i.%.2i" */
	if (secs < 1000)
		*p++ = ' ';
	if (secs < 100)
		*p++ = ' ';
	if (secs < 10)
		*p++ = ' ';
	p = put_u(p, secs);
	*p++ = '.';
	*p++ = (char)('0' + cs / 10);
	*p++ = (char)('0' + cs % 10);
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - buf);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* VM ports, pure part: the spec grammar, the config file, the ACL and the
 * state file. No system calls except through the loader the caller gives. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hooks/vmport.h"
#include "net/net.h"
#include "nl/util.h"

_Static_assert(VMPORT_NETLEN == NET_NAMELEN, "a network's name is net/net.h's");
_Static_assert(sizeof(VMPORT_NET_DIR) == sizeof(NET_STATE_DIR), "net/net.h's state directory");

void vmport_mac_str(const uint8_t m[6], char b[18])
{
	snprintf(b, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -ERANGE;
	}
	*out = v;
	return 0;
}

/* The keywords; the bit is set when seen, so a repeat is refused. */
static const char *const keywords[] = {
	"bridge",  "vlan",   "trunks", "mtu",	   "mac",	  "isolated", "lock",
	"noguard", "create", "user",   "vnet_hdr", "multi_queue", "acl",      "network",
};
enum {
	KW_BRIDGE,
	KW_VLAN,
	KW_TRUNKS,
	KW_MTU,
	KW_MAC,
	KW_ISOLATED,
	KW_LOCK,
	KW_NOGUARD,
	KW_CREATE,
	KW_USER,
	KW_VNET_HDR,
	KW_MULTI_QUEUE,
	KW_ACL,
	KW_NETWORK,
	KW_COUNT
};

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char sep, tail;
	int i;

	if (strlen(s) != 17)
		return -EINVAL;
	sep = s[2];
	if (sep != ':' && sep != '-')
		return -EINVAL;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != sep : !isxdigit((unsigned char)s[i]))
			return -EINVAL;
	}
	if (sscanf(s, "%2x%c%2x%c%2x%c%2x%c%2x%c%2x", &b[0], &tail, &b[1], &tail, &b[2], &tail,
		   &b[3], &tail, &b[4], &tail, &b[5]) != 11)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

int vmport_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t m[6];

	if (parse_mac(s, m) || (m[0] & 1) || !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]))
		return -EINVAL;
	memcpy(mac, m, 6);
	return 0;
}

int vmport_mac_env(const char *env, const char *tap, uint8_t mac[6], char *why, size_t whylen)
{
	char buf[VMPORT_SPECLEN], *item, *save = NULL, *eq;
	bool found = false;
	const char *r;

	if (!strchr(env, '=')) { /* one address: the guest's */
		if (vmport_parse_mac(env, mac))
			return brkit_whyf(why, whylen, -EINVAL,
					  "BRKIT_MAC='%s': a unicast address aa:bb:cc:dd:ee:ff, or "
					  "TAP=ADDR,TAP=ADDR,... for several NICs",
					  env);
		return 0;
	}
	if (strlen(env) >= sizeof(buf))
		return brkit_whyf(why, whylen, -EINVAL, "BRKIT_MAC: too long");
	snprintf(buf, sizeof(buf), "%s", env);
	/* TAP=ADDR items, separated by commas (or blanks): every item is checked */
	for (item = strtok_r(buf, ", \t", &save); item; item = strtok_r(NULL, ", \t", &save)) {
		uint8_t m[6];

		eq = strchr(item, '=');
		if (!eq)
			return brkit_whyf(why, whylen, -EINVAL,
					  "BRKIT_MAC='%s': item '%s' is not TAP=ADDR", env, item);
		*eq = 0;
		if (brkit_ifname_check(item, &r))
			return brkit_whyf(why, whylen, -EINVAL, "BRKIT_MAC='%s': tap '%s': %s", env,
					  item, r);
		if (vmport_parse_mac(eq + 1, m))
			return brkit_whyf(why, whylen, -EINVAL,
					  "BRKIT_MAC='%s': %s=%s: not a unicast address "
					  "aa:bb:cc:dd:ee:ff",
					  env, item, eq + 1);
		if (strcmp(item, tap))
			continue;
		if (found)
			return brkit_whyf(why, whylen, -EINVAL,
					  "BRKIT_MAC='%s': tap %s given twice", env, tap);
		found = true;
		memcpy(mac, m, 6);
	}
	return found ? 0 : -ENOENT;
}

/* What holds whatever the port joins. */
static int vm_checks(const struct vmport_spec *s, char *why, size_t whylen)
{
	if (s->has_mac && !s->lock)
		return brkit_whyf(why, whylen, -EINVAL,
				  "mac is the guest address lock pins: give lock too");
	if ((*s->user || s->vnet_hdr || s->multi_queue) && !s->create)
		return brkit_whyf(why, whylen, -EINVAL,
				  "user, vnet_hdr and multi_queue go with create");
	return 0;
}

int vmport_spec_parse(struct vmport_spec *s, int argc, char **argv, char *why, size_t whylen)
{
	char r2[VMPORT_WHYLEN];
	unsigned int seen = 0;
	unsigned long n;
	const char *r;
	int i, k, err;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < argc; i++) {
		const char *w = argv[i], *v = NULL;

		for (k = 0; k < KW_COUNT; k++)
			if (!strcmp(w, keywords[k]))
				break;
		if (k == KW_COUNT)
			return brkit_whyf(why, whylen, -EINVAL, "unknown argument '%s'", w);
		if (seen & (1u << k))
			return brkit_whyf(why, whylen, -EINVAL, "'%s' given twice", w);
		seen |= 1u << k;
		switch (k) {
		case KW_ISOLATED:
			s->isolated = true;
			continue;
		case KW_LOCK:
			s->lock = true;
			continue;
		case KW_NOGUARD:
			s->noguard = true;
			continue;
		case KW_CREATE:
			s->create = true;
			continue;
		case KW_VNET_HDR:
			s->vnet_hdr = true;
			continue;
		case KW_MULTI_QUEUE:
			s->multi_queue = true;
			continue;
		default:
			break;
		}
		if (i + 1 >= argc)
			return brkit_whyf(why, whylen, -EINVAL, "'%s' needs a value", w);
		v = argv[++i];
		switch (k) {
		case KW_BRIDGE:
			if (!strcmp(v, "evpn")) {
				s->evpn = true;
				break;
			}
			if (brkit_ifname_check(v, &r))
				return brkit_whyf(why, whylen, -EINVAL, "bridge '%s': %s", v, r);
			snprintf(s->bridge, sizeof(s->bridge), "%s", v);
			break;
		case KW_VLAN:
			if (brkit_vlan_parse_vid(v, &s->vlan, &r))
				return brkit_whyf(why, whylen, -EINVAL, "vlan '%s': %s", v, r);
			break;
		case KW_TRUNKS:
			if (brkit_vlan_set_parse(v, &s->trunks, &r))
				return brkit_whyf(why, whylen, -EINVAL, "trunks '%s': %s", v, r);
			if (brkit_vlan_set_has(&s->trunks, 0) ||
			    brkit_vlan_set_has(&s->trunks, 4095))
				return brkit_whyf(why, whylen, -EINVAL,
						  "trunks '%s': VLANs are 1-4094", v);
			s->has_trunks = true;
			break;
		case KW_MTU:
			if (!strcmp(v, "auto")) {
				s->mtu_auto = true;
				break;
			}
			err = parse_uint(v, 65535, &n);
			if (err || n < 68)
				return brkit_whyf(why, whylen, -EINVAL,
						  "mtu '%s': a number 68-65535 or auto", v);
			s->mtu = (unsigned int)n;
			break;
		case KW_MAC:
			if (vmport_parse_mac(v, s->mac))
				return brkit_whyf(why, whylen, -EINVAL,
						  "mac '%s': a unicast address aa:bb:cc:dd:ee:ff",
						  v);
			s->has_mac = true;
			break;
		case KW_USER:
			if (!*v || strlen(v) >= sizeof(s->user))
				return brkit_whyf(why, whylen, -EINVAL,
						  "user '%s': a user name or number", v);
			snprintf(s->user, sizeof(s->user), "%s", v);
			break;
		case KW_ACL:
			if (*v != '/' || strlen(v) >= sizeof(s->acl))
				return brkit_whyf(why, whylen, -EINVAL,
						  "acl '%s': an absolute file name", v);
			snprintf(s->acl, sizeof(s->acl), "%s", v);
			break;
		case KW_NETWORK:
			if (net_name_check(v, r2, sizeof(r2)))
				return brkit_whyf(why, whylen, -EINVAL, "%s", r2);
			snprintf(s->network, sizeof(s->network), "%s", v);
			break;
		}
	}
	if (*s->network) {
		/* the network's bridge is the port's, untagged: nothing else
		 * may name where the port goes */
		static const int other[] = { KW_BRIDGE, KW_VLAN, KW_TRUNKS };

		for (k = 0; k < (int)(sizeof(other) / sizeof(other[0])); k++)
			if (seen & (1u << other[k]))
				return brkit_whyf(
					why, whylen, -EINVAL,
					"network %s and '%s' exclude each other: the port joins "
					"the network's bridge, untagged%s",
					s->network, keywords[other[k]],
					other[k] == KW_BRIDGE ? " (give one of them)" : "");
		return vm_checks(s, why, whylen);
	}
	if (!*s->bridge && !s->evpn && s->vlan && !s->has_trunks)
		s->evpn = true; /* vlan N alone: an EVPN host's VLAN */
	if (!*s->bridge && !s->evpn)
		return brkit_whyf(why, whylen, -EINVAL,
				  "'bridge BR' is missing (or 'network NAME', a brkit network)");
	if (s->evpn && !s->vlan)
		return brkit_whyf(why, whylen, -EINVAL,
				  "bridge evpn needs vlan N (the VLAN whose VNI the VM joins)");
	if (s->evpn && s->has_trunks)
		return brkit_whyf(why, whylen, -EINVAL,
				  "trunks: an EVPN host's VM joins one VNI (vlan N), not a trunk");
	return vm_checks(s, why, whylen);
}

#define PUT(...)                                                                            \
	do {                                                                                \
		int _n = snprintf(buf + (off < len ? off : len), off < len ? len - off : 0, \
				  __VA_ARGS__);                                             \
		off += _n > 0 ? (size_t)_n : 0;                                             \
	} while (0)

size_t vmport_spec_format(const struct vmport_spec *s, char *buf, size_t len)
{
	size_t off = 0;
	char vl[256];

	if (len)
		*buf = 0;
	if (*s->network)
		PUT("network %s", s->network); /* resolved or not: the state says network */
	else
		PUT("bridge %s", s->evpn ? "evpn" : s->bridge);
	if (s->vlan)
		PUT(" vlan %u", s->vlan);
	if (s->has_trunks) {
		brkit_vlan_set_format(&s->trunks, vl, sizeof(vl));
		PUT(" trunks %s", vl);
	}
	if (s->mtu_auto)
		PUT(" mtu auto");
	else if (s->mtu)
		PUT(" mtu %u", s->mtu);
	if (s->has_mac) {
		char m[18];

		vmport_mac_str(s->mac, m);
		PUT(" mac %s", m);
	}
	if (s->isolated)
		PUT(" isolated");
	if (s->lock)
		PUT(" lock");
	if (s->noguard)
		PUT(" noguard");
	if (s->create)
		PUT(" create");
	if (*s->user)
		PUT(" user %s", s->user);
	if (s->vnet_hdr)
		PUT(" vnet_hdr");
	if (s->multi_queue)
		PUT(" multi_queue");
	if (*s->acl)
		PUT(" acl %s", s->acl);
	return off;
}

/* Walk the map's lines: @match is called with each (vlan, vni, bridge);
 * non-zero stops the walk and is returned; -ENOENT when none matched. */
static int evpn_map_walk(char *text,
			 int (*match)(unsigned long vlan, unsigned long vni, const char *bridge,
				      void *arg),
			 void *arg, char *why, size_t whylen)
{
	unsigned int line = 0;
	char *next, *l;

	for (l = text; l && *l; l = next) {
		char *w[8], *ws = NULL, *t;
		unsigned long v, id;
		const char *r;
		int n = 0, ret;

		next = strchr(l, '\n');
		if (next)
			*next++ = 0;
		line++;
		for (t = strtok_r(l, " \t", &ws); t && n < 8; t = strtok_r(NULL, " \t", &ws))
			w[n++] = t;
		if (!n || w[0][0] == '#')
			continue;
		if (n != 6 || strcmp(w[0], "vlan") || strcmp(w[2], "vni") ||
		    strcmp(w[4], "bridge") || parse_uint(w[1], 4094, &v) || !v ||
		    parse_uint(w[3], 16777215, &id) || brkit_ifname_check(w[5], &r))
			return brkit_whyf(why, whylen, -EINVAL,
					  "line %u is not 'vlan N vni V bridge BR'", line);
		ret = match(v, id, w[5], arg);
		if (ret)
			return ret > 0 ? 0 : ret;
	}
	return -ENOENT;
}

struct evpn_q {
	unsigned int vlan;
	const char *bridge;
	char *out_bridge;
	unsigned int *out_vlan;
	unsigned long *vni;
};

static int by_vlan(unsigned long vlan, unsigned long vni, const char *bridge, void *arg)
{
	struct evpn_q *q = arg;

	if (vlan != q->vlan)
		return 0;
	snprintf(q->out_bridge, IFNAMSIZ, "%s", bridge);
	*q->vni = vni;
	return 1;
}

static int by_bridge(unsigned long vlan, unsigned long vni, const char *bridge, void *arg)
{
	struct evpn_q *q = arg;

	if (strcmp(bridge, q->bridge))
		return 0;
	*q->out_vlan = (unsigned int)vlan;
	*q->vni = vni;
	return 1;
}

int vmport_evpn_lookup(char *text, unsigned int vlan, char bridge[IFNAMSIZ], unsigned long *vni,
		       char *why, size_t whylen)
{
	struct evpn_q q = { .vlan = vlan, .out_bridge = bridge, .vni = vni };

	return evpn_map_walk(text, by_vlan, &q, why, whylen);
}

int vmport_evpn_bridge(char *text, const char *bridge, unsigned int *vlan, unsigned long *vni,
		       char *why, size_t whylen)
{
	struct evpn_q q = { .bridge = bridge, .out_vlan = vlan, .vni = vni };

	return evpn_map_walk(text, by_bridge, &q, why, whylen);
}

int vmport_network_apply(char *text, const char *path, const struct vmport_spec *s,
			 struct vmport_spec *out, char *why, size_t whylen)
{
	struct net_state st;
	struct net_spec *ns;
	char r[VMPORT_WHYLEN], *w[64], *p, *save = NULL;
	const char *bad;
	int n = 0, err;

	err = net_state_parse(text, &st, r, sizeof(r));
	if (err)
		return brkit_whyf(why, whylen, -EINVAL, "network %s: state %s: %s", s->network,
				  path, r);
	if (strcmp(st.name, s->network))
		return brkit_whyf(why, whylen, -EINVAL, "network %s: state %s names network %s",
				  s->network, path, st.name);
	if (brkit_ifname_check(st.bridge, &bad))
		return brkit_whyf(why, whylen, -EINVAL, "network %s: state %s: bridge '%s': %s",
				  s->network, path, st.bridge, bad);
	if (!st.complete)
		return brkit_whyf(why, whylen, -EAGAIN,
				  "network %s: being made or broken (%s says complete=0): "
				  "brkit net del %s",
				  s->network, path, s->network);
	/* the network's own words: only its MTU matters to a port */
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return brkit_whyf(why, whylen, -ENOMEM, "network %s: out of memory", s->network);
	for (p = strtok_r(st.spec, " ", &save); p && n < 64; p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	err = p ? -E2BIG : net_spec_parse(ns, n, w, r, sizeof(r));
	if (err) {
		free(ns);
		return brkit_whyf(why, whylen, -EINVAL, "network %s: state %s: spec: %s",
				  s->network, path, err == -E2BIG ? "too many words" : r);
	}
	*out = *s;
	snprintf(out->bridge, sizeof(out->bridge), "%s", st.bridge);
	if (ns->mtu && !out->mtu && !out->mtu_auto)
		out->mtu_auto = true; /* the bridge's, which add set to the network's */
	free(ns);
	return 0;
}

bool vmport_spec_vlans(const struct vmport_spec *s, struct brkit_vlan_set *vids, unsigned int *pvid)
{
	brkit_vlan_set_zero(vids);
	*pvid = s->vlan;
	if (s->has_trunks)
		*vids = s->trunks;
	if (s->vlan)
		brkit_vlan_set_add(vids, s->vlan, s->vlan);
	return s->vlan || s->has_trunks;
}

/* Split @line into words (spaces and tabs), '#' starts a comment. */
static int split(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max)
			return -E2BIG;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = 0;
	}
}

#define MAXWORDS 64

int vmport_conf_find(char *text, const char *path, const char *tap, struct vmport_conf_match *match,
		     char *why, size_t whylen)
{
	char acl[VMPORT_PATHLEN] = "", *line, *next, *w[MAXWORDS], r[VMPORT_WHYLEN];
	unsigned int lineno = 0, acl_line = 0;
	struct vmport_spec s;
	int n;

	memset(match, 0, sizeof(*match));
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		n = split(line, w, MAXWORDS);
		if (n < 0)
			return brkit_whyf(why, whylen, -EINVAL, "%s:%u: too many words", path,
					  lineno);
		if (n == 0)
			continue;
		if (!strcmp(w[0], "acl")) {
			if (n != 2 || *w[1] != '/')
				return brkit_whyf(why, whylen, -EINVAL,
						  "%s:%u: 'acl' takes one absolute file name", path,
						  lineno);
			if (acl_line)
				return brkit_whyf(why, whylen, -EINVAL,
						  "%s:%u: 'acl' given twice (first at line %u)",
						  path, lineno, acl_line);
			if (strlen(w[1]) >= sizeof(acl))
				return brkit_whyf(why, whylen, -EINVAL,
						  "%s:%u: acl file name too long", path, lineno);
			snprintf(acl, sizeof(acl), "%s", w[1]);
			acl_line = lineno;
			continue;
		}
		if (n < 2)
			return brkit_whyf(why, whylen, -EINVAL,
					  "%s:%u: '%s' has no port spec (PATTERN bridge BR ...)",
					  path, lineno, w[0]);
		if (vmport_spec_parse(&s, n - 1, w + 1, r, sizeof(r)))
			return brkit_whyf(why, whylen, -EINVAL, "%s:%u: %s", path, lineno, r);
		if (!match->found && fnmatch(w[0], tap, 0) == 0) {
			match->found = true;
			match->line = lineno;
			match->spec = s;
		}
	}
	if (match->found && *acl && !*match->spec.acl)
		snprintf(match->spec.acl, sizeof(match->spec.acl), "%s", acl);
	return 0;
}

/* ---- ACL ---- */
struct acl_walk {
	vmport_load_fn load;
	void *arg;
	const char *bridge;
	bool allow, deny;
	char *why;
	size_t whylen;
};

static int acl_file(struct acl_walk *a, const char *path, int depth)
{
	char *text, *line, *next, *w[4];
	unsigned int lineno = 0;
	int n, err = 0;

	if (depth > 8)
		return brkit_whyf(a->why, a->whylen, -EINVAL,
				  "acl %s: includes nested deeper than 8", path);
	err = a->load(path, &text, a->arg);
	if (err) {
		snprintf(a->why, a->whylen, "acl %s: %s", path, strerror(-err));
		return err;
	}
	for (line = text; line && !err; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		n = split(line, w, 4);
		if (n == 0)
			continue;
		if (n != 2) {
			err = brkit_whyf(a->why, a->whylen, -EINVAL,
					 "%s:%u: want 'allow|deny BR|all' or 'include FILE'", path,
					 lineno);
		} else if (!strcmp(w[0], "include")) {
			err = acl_file(a, w[1], depth + 1);
		} else if (!strcmp(w[0], "allow") || !strcmp(w[0], "deny")) {
			bool hit = !strcmp(w[1], "all") || !strcmp(w[1], a->bridge);

			if (hit && w[0][0] == 'a')
				a->allow = true;
			else if (hit)
				a->deny = true;
		} else {
			err = brkit_whyf(a->why, a->whylen, -EINVAL, "%s:%u: unknown word '%s'",
					 path, lineno, w[0]);
		}
	}
	free(text);
	return err;
}

int vmport_acl_check(const char *path, const char *bridge, vmport_load_fn load, void *arg,
		     bool *allowed, char *why, size_t whylen)
{
	struct acl_walk a = {
		.load = load, .arg = arg, .bridge = bridge, .why = why, .whylen = whylen
	};
	int err = acl_file(&a, path, 0);

	if (err)
		return err;
	*allowed = a.allow && !a.deny;
	return 0;
}

/* "FILE:LINE: anything" -> "FILE:LINE: not a valid line (its text is not
 * shown)": for the bridge helper, whose files its caller may not read. */
void vmport_why_redact(char *why, size_t len)
{
	char *p, *q;

	for (p = strchr(why, ':'); p; p = strchr(p + 1, ':')) {
		q = p + 1;
		if (!isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q != ':')
			continue;
		q++;
		snprintf(q, len - (size_t)(q - why), " not a valid line (its text is not shown)");
		return;
	}
}

/* ---- state file ---- */
size_t vmport_state_format(const struct vmport_state *st, char *buf, size_t len)
{
	char mac[18], vl[2048];
	size_t off = 0;

	if (len)
		*buf = 0;
	PUT("tap=%s\nbridge=%s\nspec=%s\nifindex=%d\n", st->tap, st->bridge, st->spec, st->ifindex);
	PUT("created=%d\nenslaved=%d\nset_up=%d\n", st->created, st->enslaved, st->set_up);
	if (st->mtu_changed)
		PUT("old_mtu=%u\n", st->old_mtu);
	PUT("flags_changed=%u\nold_flags=%u\n", st->flags_changed, st->old_flags);
	if (st->pinned) {
		vmport_mac_str(st->pin_mac, mac);
		if (brkit_vlan_set_has(&st->pin_vids, 0))
			snprintf(vl, sizeof(vl), "0");
		else
			brkit_vlan_set_format(&st->pin_vids, vl, sizeof(vl));
		PUT("pin=%s %s\n", mac, vl);
		if (st->pin_local)
			PUT("pin_local=1\n");
	}
	if (st->vlans_changed) {
		brkit_vlan_set_format(&st->old_vids, vl, sizeof(vl));
		PUT("old_vlans=%s\nold_pvid=%u\n", *vl ? vl : "-", st->old_pvid);
	}
	if (st->mab)
		PUT("mab=1\n");
	if (st->waiter)
		PUT("waiter=%d %llu\n", st->waiter, st->waiter_start);
	if (st->learnt)
		PUT("learnt=1\n");
	return off;
}

static int state_bool(const char *v, bool *out)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		return -EINVAL;
	*out = *v == '1';
	return 0;
}

int vmport_state_parse(char *text, struct vmport_state *st, char *why, size_t whylen)
{
	char *line, *next, *v, mac[18];
	unsigned int lineno = 0;
	unsigned long n = 0;
	const char *r;

	memset(st, 0, sizeof(*st));
	for (line = text; line && *line; line = next) {
		int bad = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		v = strchr(line, '=');
		if (!v)
			return brkit_whyf(why, whylen, -EINVAL, "line %u: no '='", lineno);
		*v++ = 0;
		if (!strcmp(line, "tap") || !strcmp(line, "bridge")) {
			bad = brkit_ifname_check(v, &r);
			snprintf(*line == 't' ? st->tap : st->bridge, IFNAMSIZ, "%s", v);
		} else if (!strcmp(line, "spec")) {
			bad = strlen(v) >= sizeof(st->spec);
			snprintf(st->spec, sizeof(st->spec), "%s", v);
		} else if (!strcmp(line, "ifindex")) {
			bad = parse_uint(v, 0x7fffffff, &n);
			st->ifindex = (int)n;
		} else if (!strcmp(line, "created")) {
			bad = state_bool(v, &st->created);
		} else if (!strcmp(line, "enslaved")) {
			bad = state_bool(v, &st->enslaved);
		} else if (!strcmp(line, "pin_local")) {
			bad = state_bool(v, &st->pin_local);
		} else if (!strcmp(line, "set_up")) {
			bad = state_bool(v, &st->set_up);
		} else if (!strcmp(line, "old_mtu")) {
			bad = parse_uint(v, 65535, &n);
			st->old_mtu = (unsigned int)n;
			st->mtu_changed = true;
		} else if (!strcmp(line, "flags_changed") || !strcmp(line, "old_flags")) {
			bad = parse_uint(v, (1u << VMPORT_F_COUNT) - 1, &n);
			*(line[0] == 'f' ? &st->flags_changed : &st->old_flags) = (uint32_t)n;
		} else if (!strcmp(line, "pin")) {
			bad = strlen(v) < 19 || v[17] != ' ';
			if (!bad) {
				memcpy(mac, v, 17);
				mac[17] = 0;
				bad = parse_mac(mac, st->pin_mac);
				if (!strcmp(v + 18, "0"))
					brkit_vlan_set_add(&st->pin_vids, 0, 0);
				else if (!bad)
					bad = brkit_vlan_set_parse(v + 18, &st->pin_vids, &r);
				st->pinned = true;
			}
		} else if (!strcmp(line, "old_vlans")) {
			st->vlans_changed = true;
			if (strcmp(v, "-"))
				bad = brkit_vlan_set_parse(v, &st->old_vids, &r);
		} else if (!strcmp(line, "mab")) {
			bad = state_bool(v, &st->mab);
		} else if (!strcmp(line, "learnt")) {
			bad = state_bool(v, &st->learnt);
		} else if (!strcmp(line, "waiter")) {
			char *sp = strchr(v, ' '), *e;

			bad = !sp;
			if (!bad) {
				*sp++ = 0;
				bad = parse_uint(v, 0x7fffffff, &n) || n == 0;
				st->waiter = (int)n;
				errno = 0;
				st->waiter_start = strtoull(sp, &e, 10);
				bad |= !*sp || *e || errno;
			}
		} else if (!strcmp(line, "old_pvid")) {
			bad = parse_uint(v, 4094, &n);
			st->old_pvid = (unsigned int)n;
		} else {
			return brkit_whyf(why, whylen, -EINVAL, "line %u: unknown key '%s'", lineno,
					  line);
		}
		if (bad)
			return brkit_whyf(why, whylen, -EINVAL, "line %u: bad value for '%s'",
					  lineno, line);
	}
	if (!*st->tap || !*st->bridge)
		return brkit_whyf(why, whylen, -EINVAL, "tap or bridge missing");
	return 0;
}

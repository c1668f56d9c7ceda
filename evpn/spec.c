// SPDX-License-Identifier: GPL-2.0-or-later
/* The EVPN host file, read with libyaml's document loader as lab/parse.c
 * reads a lab; every fault names the file, line and the object. Pure. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <yaml.h>
#include "evpn/evpn.h"

struct sctx {
	yaml_document_t doc;
	const char *file;
	char *why;
	size_t whylen;
	struct evpn_spec *s;
};

static int perr(struct sctx *p, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int perr(struct sctx *p, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n)
		snprintf(p->why, p->whylen, "%s:%u: %s", p->file,
			 (unsigned int)n->start_mark.line + 1, msg);
	else
		snprintf(p->why, p->whylen, "%s: %s", p->file, msg);
	return -EINVAL;
}

/* The same at a line already known (checks across entries). */
static int perr_line(struct sctx *p, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int perr_line(struct sctx *p, unsigned int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->why, p->whylen, "%s:%u: %s", p->file, line, msg);
	return -EINVAL;
}

static yaml_node_t *get(struct sctx *p, int id)
{
	return yaml_document_get_node(&p->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

#define MAP_FOR_EACH(n, pair)                                                                \
	for ((pair) = (n)->type == YAML_MAPPING_NODE ? (n)->data.mapping.pairs.start : NULL; \
	     (pair) && (pair) < (n)->data.mapping.pairs.top; (pair)++)
#define SEQ_FOR_EACH(n, it)                                                                  \
	for ((it) = (n)->type == YAML_SEQUENCE_NODE ? (n)->data.sequence.items.start : NULL; \
	     (it) && (it) < (n)->data.sequence.items.top; (it)++)

static int want_map(struct sctx *p, const yaml_node_t *n, const char *what)
{
	yaml_node_pair_t *a, *b;

	if (n->type != YAML_MAPPING_NODE)
		return perr(p, n, "%s: expected a mapping", what);
	MAP_FOR_EACH(n, a)
	{
		const char *k = scalar(get(p, a->key));

		if (!k)
			return perr(p, get(p, a->key), "%s: keys must be plain names", what);
		for (b = n->data.mapping.pairs.start; b < a; b++)
			if (!strcmp(scalar(get(p, b->key)), k))
				return perr(p, get(p, a->key), "%s: '%s' given twice", what, k);
	}
	return 0;
}

static int want_scalar(struct sctx *p, const yaml_node_t *n, const char *what, const char **out)
{
	*out = scalar(n);
	if (!*out || !**out)
		return perr(p, n, "%s: expected a value", what);
	return 0;
}

static int want_uint(struct sctx *p, const yaml_node_t *n, const char *what, unsigned long min,
		     unsigned long max, unsigned long *out)
{
	const char *v;
	char *end;
	int err = want_scalar(p, n, what, &v);

	if (err)
		return err;
	if (*v < '0' || *v > '9')
		return perr(p, n, "%s: '%s' is not a number %lu..%lu", what, v, min, max);
	errno = 0;
	*out = strtoul(v, &end, 10);
	if (*end)
		return perr(p, n, "%s: '%s' is not a number %lu..%lu", what, v, min, max);
	if (errno || *out < min || *out > max)
		return perr(p, n, "%s: %s is out of range %lu..%lu", what, v, min, max);
	return 0;
}

static int want_bool(struct sctx *p, const yaml_node_t *n, const char *what, bool *out)
{
	const char *v;
	int err = want_scalar(p, n, what, &v);

	if (err)
		return err;
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on")) {
		*out = true;
	} else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off")) {
		*out = false;
	} else {
		return perr(p, n, "%s: '%s' is not true or false", what, v);
	}
	return 0;
}

static int want_ifname(struct sctx *p, const yaml_node_t *n, const char *what, char out[IFNAMSIZ])
{
	const char *v, *reason;
	int err = want_scalar(p, n, what, &v);

	if (err)
		return err;
	if (brkit_ifname_check(v, &reason))
		return perr(p, n, "%s: interface name '%s': %s", what, v, reason);
	snprintf(out, IFNAMSIZ, "%s", v);
	return 0;
}

static int parse_ip(const char *v, struct brkit_ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, v, ip->addr) == 1)
		ip->family = AF_INET;
	else if (inet_pton(AF_INET6, v, ip->addr) == 1)
		ip->family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

static int parse_as(struct sctx *p, const yaml_node_t *n, const char *what, char out[EVPN_ASLEN])
{
	const char *v;
	unsigned long as;
	int err = want_scalar(p, n, what, &v);

	if (err)
		return err;
	if (!strcmp(v, "external") || !strcmp(v, "internal")) {
		snprintf(out, EVPN_ASLEN, "%s", v);
		return 0;
	}
	err = want_uint(p, n, what, 1, 4294967295UL, &as);
	if (err)
		return perr(p, n,
			    "%s: '%s' is not an AS number 1..4294967295, external or internal",
			    what, v);
	snprintf(out, EVPN_ASLEN, "%lu", as);
	return 0;
}

static int parse_peer(struct sctx *p, const yaml_node_t *n, struct evpn_peer *pe)
{
	yaml_node_pair_t *pair;
	struct brkit_ipaddr ip;
	const char *v;
	int err;

	memset(pe, 0, sizeof(*pe));
	pe->line = (unsigned int)n->start_mark.line + 1;
	err = want_map(p, n, "bgp: peers: a peer");
	if (err)
		return err;
	MAP_FOR_EACH(n, pair)
	{
		const yaml_node_t *vn = get(p, pair->value);
		const char *k = scalar(get(p, pair->key));

		if (!strcmp(k, "address")) {
			err = want_scalar(p, vn, "peer address", &v);
			if (err)
				return err;
			if (parse_ip(v, &ip))
				return perr(p, vn,
					    "peer address '%s' is not an IPv4 or IPv6 address", v);
			snprintf(pe->address, sizeof(pe->address), "%s", v);
		} else if (!strcmp(k, "interface")) {
			err = want_ifname(p, vn, "peer interface", pe->ifname);
		} else if (!strcmp(k, "remote-as")) {
			err = parse_as(p, vn, "peer remote-as", pe->remote_as);
		} else {
			return perr(p, get(p, pair->key),
				    "bgp: peers: unknown key '%s' (address, interface, remote-as)",
				    k);
		}
		if (err)
			return err;
	}
	if (!!pe->address[0] == !!pe->ifname[0])
		return perr(p, n, "bgp: peers: a peer needs one of address or interface");
	if (!pe->remote_as[0])
		return perr(p, n, "bgp: peer %s: remote-as is missing",
			    pe->address[0] ? pe->address : pe->ifname);
	return 0;
}

static int parse_bgp(struct sctx *p, const yaml_node_t *n)
{
	struct evpn_spec *s = p->s;
	yaml_node_pair_t *pair;
	yaml_node_item_t *it;
	struct in_addr a4;
	unsigned long v;
	const char *str;
	bool seen_as = false;
	size_t i;
	int err;

	err = want_map(p, n, "bgp");
	if (err)
		return err;
	MAP_FOR_EACH(n, pair)
	{
		const yaml_node_t *vn = get(p, pair->value);
		const char *k = scalar(get(p, pair->key));

		if (!strcmp(k, "asn")) {
			err = want_uint(p, vn, "bgp: asn", 1, 4294967295UL, &v);
			s->asn = (uint32_t)v;
			seen_as = true;
		} else if (!strcmp(k, "router-id")) {
			err = want_scalar(p, vn, "bgp: router-id", &str);
			if (err)
				return err;
			if (inet_pton(AF_INET, str, &a4) != 1)
				return perr(p, vn, "bgp: router-id '%s' is not an IPv4 address",
					    str);
			snprintf(s->router_id, sizeof(s->router_id), "%s", str);
		} else if (!strcmp(k, "advertise-vtep")) {
			err = want_bool(p, vn, "bgp: advertise-vtep", &s->advertise_vtep);
		} else if (!strcmp(k, "peers")) {
			if (vn->type != YAML_SEQUENCE_NODE)
				return perr(p, vn, "bgp: peers: expected a list");
			SEQ_FOR_EACH(vn, it)
			{
				if (s->npeers == EVPN_MAX_PEERS)
					return perr(p, get(p, *it), "bgp: peers: more than %d",
						    EVPN_MAX_PEERS);
				err = parse_peer(p, get(p, *it), &s->peers[s->npeers]);
				if (err)
					return err;
				for (i = 0; i < s->npeers; i++) {
					const struct evpn_peer *a = &s->peers[i],
							       *b = &s->peers[s->npeers];

					if (!strcmp(a->address, b->address) &&
					    !strcmp(a->ifname, b->ifname))
						return perr(p, get(p, *it),
							    "bgp: peer %s given twice (line %u)",
							    b->address[0] ? b->address : b->ifname,
							    a->line);
				}
				s->npeers++;
			}
		} else {
			return perr(p, get(p, pair->key),
				    "bgp: unknown key '%s' (asn, router-id, advertise-vtep, peers)",
				    k);
		}
		if (err)
			return err;
	}
	if (!seen_as)
		return perr(p, n, "bgp: asn is missing");
	if (!s->npeers)
		return perr(p, n, "bgp: peers: at least one peer (or route reflector) is needed");
	return 0;
}

static int parse_frr(struct sctx *p, const yaml_node_t *n)
{
	struct evpn_spec *s = p->s;
	yaml_node_pair_t *pair;
	const char *v;
	int err;

	err = want_map(p, n, "frr");
	if (err)
		return err;
	MAP_FOR_EACH(n, pair)
	{
		const yaml_node_t *vn = get(p, pair->value);
		const char *k = scalar(get(p, pair->key));

		if (!strcmp(k, "vty-socket")) {
			err = want_scalar(p, vn, "frr: vty-socket", &v);
			if (err)
				return err;
			if (v[0] != '/' || strlen(v) >= sizeof(s->vty_socket) - 16)
				return perr(
					p, vn,
					"frr: vty-socket '%s' must be an absolute directory path "
					"under %zu bytes",
					v, sizeof(s->vty_socket) - 16);
			snprintf(s->vty_socket, sizeof(s->vty_socket), "%s", v);
		} else if (!strcmp(k, "pathspace")) {
			err = want_scalar(p, vn, "frr: pathspace", &v);
			if (err)
				return err;
			if (strlen(v) >= sizeof(s->pathspace) || strchr(v, '/') || v[0] == '.')
				return perr(p, vn, "frr: pathspace '%s' is not a plain name", v);
			snprintf(s->pathspace, sizeof(s->pathspace), "%s", v);
		} else if (!strcmp(k, "save")) {
			err = want_bool(p, vn, "frr: save", &s->save);
			s->save_given = true;
		} else {
			return perr(p, get(p, pair->key),
				    "frr: unknown key '%s' (vty-socket, pathspace, save)", k);
		}
		if (err)
			return err;
	}
	return 0;
}

static int parse_vni(struct sctx *p, const yaml_node_t *n, struct evpn_vni *e)
{
	yaml_node_pair_t *pair;
	unsigned long v;
	bool seen_vni = false, seen_vlan = false;
	int err;

	memset(e, 0, sizeof(*e));
	e->line = (unsigned int)n->start_mark.line + 1;
	err = want_map(p, n, "vnis: an entry");
	if (err)
		return err;
	MAP_FOR_EACH(n, pair)
	{
		const yaml_node_t *vn = get(p, pair->value);
		const char *k = scalar(get(p, pair->key));

		if (!strcmp(k, "vni")) {
			err = want_uint(p, vn, "vnis: vni", 1, BRKIT_VXLAN_VNI_MAX, &v);
			e->vni = (uint32_t)v;
			seen_vni = true;
		} else if (!strcmp(k, "vlan")) {
			err = want_uint(p, vn, "vnis: vlan", 1, 4094, &v);
			e->vlan = (uint16_t)v;
			seen_vlan = true;
		} else if (!strcmp(k, "bridge")) {
			err = want_ifname(p, vn, "vnis: bridge", e->bridge);
		} else if (!strcmp(k, "vxlan")) {
			err = want_ifname(p, vn, "vnis: vxlan", e->vxlan);
		} else {
			return perr(p, get(p, pair->key),
				    "vnis: unknown key '%s' (vni, vlan, bridge, vxlan)", k);
		}
		if (err)
			return err;
	}
	if (!seen_vni)
		return perr(p, n, "vnis: an entry without its vni");
	if (!seen_vlan)
		return perr(p, n, "VNI %u: vlan is missing", e->vni);
	if (!e->bridge[0])
		snprintf(e->bridge, sizeof(e->bridge), "br%u", e->vni);
	if (!e->vxlan[0])
		snprintf(e->vxlan, sizeof(e->vxlan), "vx%u", e->vni);
	return 0;
}

static int check_vnis(struct sctx *p)
{
	const struct evpn_spec *s = p->s;
	size_t i, j;

	for (i = 0; i < s->nvnis; i++) {
		const struct evpn_vni *b = &s->vnis[i];

		for (j = 0; j < i; j++) {
			const struct evpn_vni *a = &s->vnis[j];

			if (a->vni == b->vni)
				return perr_line(p, b->line, "VNI %u is given twice (line %u)",
						 b->vni, a->line);
			if (a->vlan == b->vlan)
				return perr_line(p, b->line,
						 "VLAN %u is used twice (VNI %u at line %u and VNI "
						 "%u at line %u)",
						 b->vlan, a->vni, a->line, b->vni, b->line);
			if (!strcmp(a->bridge, b->bridge) || !strcmp(a->bridge, b->vxlan) ||
			    !strcmp(a->vxlan, b->bridge) || !strcmp(a->vxlan, b->vxlan))
				return perr_line(p, b->line,
						 "VNI %u: device %s is VNI %u's already (line %u; "
						 "give another bridge: or vxlan: name)",
						 b->vni,
						 !strcmp(a->bridge, b->bridge) ||
								 !strcmp(a->vxlan, b->bridge)
							 ? b->bridge
							 : b->vxlan,
						 a->vni, a->line);
		}
		if (!strcmp(b->bridge, b->vxlan))
			return perr_line(p, b->line, "VNI %u: bridge and vxlan are both '%s'",
					 b->vni, b->bridge);
		for (j = 0; j < s->nunderlay; j++)
			if (!strcmp(s->underlay[j], b->bridge) || !strcmp(s->underlay[j], b->vxlan))
				return perr_line(p, b->line, "VNI %u: '%s' is an underlay device",
						 b->vni, s->underlay[j]);
	}
	return 0;
}

static int parse_top(struct sctx *p, const yaml_node_t *root)
{
	struct evpn_spec *s = p->s;
	yaml_node_pair_t *pair;
	yaml_node_item_t *it;
	const yaml_node_t *vnis = NULL, *bgp = NULL;
	unsigned long v;
	const char *str;
	size_t i;
	int err;

	if (!root)
		return perr(p, NULL, "the file is empty");
	err = want_map(p, root, "the file");
	if (err)
		return err;
	MAP_FOR_EACH(root, pair)
	{
		const yaml_node_t *vn = get(p, pair->value);
		const char *k = scalar(get(p, pair->key));

		if (!strcmp(k, "vtep")) {
			err = want_scalar(p, vn, "vtep", &str);
			if (err)
				return err;
			if (parse_ip(str, &s->vtep))
				return perr(p, vn, "vtep '%s' is not an IPv4 or IPv6 address", str);
			snprintf(s->vtep_str, sizeof(s->vtep_str), "%s", str);
			s->vtep_line = (unsigned int)vn->start_mark.line + 1;
		} else if (!strcmp(k, "underlay")) {
			if (vn->type == YAML_SCALAR_NODE) {
				err = want_ifname(p, vn, "underlay", s->underlay[0]);
				s->underlay_line[0] = (unsigned int)vn->start_mark.line + 1;
				s->nunderlay = 1;
			} else if (vn->type == YAML_SEQUENCE_NODE) {
				SEQ_FOR_EACH(vn, it)
				{
					if (s->nunderlay == EVPN_MAX_UNDERLAY)
						return perr(p, vn, "underlay: more than %d devices",
							    EVPN_MAX_UNDERLAY);
					err = want_ifname(p, get(p, *it), "underlay",
							  s->underlay[s->nunderlay]);
					if (err)
						return err;
					s->underlay_line[s->nunderlay] =
						(unsigned int)get(p, *it)->start_mark.line + 1;
					for (i = 0; i < s->nunderlay; i++)
						if (!strcmp(s->underlay[i],
							    s->underlay[s->nunderlay]))
							return perr(p, get(p, *it),
								    "underlay: %s given twice",
								    s->underlay[i]);
					s->nunderlay++;
				}
			} else {
				return perr(p, vn, "underlay: expected a device or a list");
			}
		} else if (!strcmp(k, "dstport")) {
			err = want_uint(p, vn, "dstport", 1, 65535, &v);
			s->dstport = (uint16_t)v;
		} else if (!strcmp(k, "bgp")) {
			bgp = vn;
			err = parse_bgp(p, vn);
		} else if (!strcmp(k, "frr")) {
			err = parse_frr(p, vn);
		} else if (!strcmp(k, "vnis")) {
			vnis = vn;
		} else {
			return perr(p, get(p, pair->key),
				    "unknown key '%s' (vtep, underlay, dstport, bgp, frr, vnis)",
				    k);
		}
		if (err)
			return err;
	}
	if (!s->vtep.family)
		return perr(p, root, "vtep is missing (this host's VXLAN tunnel address)");
	if (!s->save_given)
		s->save = !s->vty_socket[0];
	if (!bgp)
		return perr(p, root, "bgp is missing (asn and peers)");
	if (!s->router_id[0]) {
		if (s->vtep.family != AF_INET)
			return perr(p, bgp, "bgp: router-id is needed with an IPv6 vtep");
		snprintf(s->router_id, sizeof(s->router_id), "%s", s->vtep_str);
	}
	if (!vnis)
		return 0;
	if (vnis->type != YAML_SEQUENCE_NODE &&
	    !(vnis->type == YAML_SCALAR_NODE && !vnis->data.scalar.length))
		return perr(p, vnis, "vnis: expected a list");
	SEQ_FOR_EACH(vnis, it)
	{
		if (s->nvnis == EVPN_MAX_VNIS)
			return perr(p, get(p, *it), "vnis: more than %d", EVPN_MAX_VNIS);
		if (!s->vnis) {
			s->vnis = calloc(EVPN_MAX_VNIS, sizeof(*s->vnis));
			if (!s->vnis)
				return -ENOMEM;
		}
		err = parse_vni(p, get(p, *it), &s->vnis[s->nvnis]);
		if (err)
			return err;
		s->nvnis++;
	}
	return check_vnis(p);
}

int evpn_spec_parse(const char *text, size_t len, const char *file, struct evpn_spec *s, char *why,
		    size_t whylen)
{
	struct sctx p = { .file = file ? file : "-", .why = why, .whylen = whylen, .s = s };
	yaml_parser_t parser;
	int err;

	memset(s, 0, sizeof(*s));
	s->dstport = BRKIT_VXLAN_PORT;
	s->save = true;
	if (why && whylen)
		why[0] = 0;
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &p.doc)) {
		snprintf(why, whylen, "%s:%u: not YAML: %s", p.file,
			 (unsigned int)parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "malformed");
		yaml_parser_delete(&parser);
		return -EINVAL;
	}
	yaml_parser_delete(&parser);
	err = parse_top(&p, yaml_document_get_root_node(&p.doc));
	yaml_document_delete(&p.doc);
	if (err)
		evpn_spec_free(s);
	return err;
}

int evpn_spec_load(const char *path, struct evpn_spec *s, char *why, size_t whylen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, r;
	FILE *f = fopen(path, "re");
	int err;

	memset(s, 0, sizeof(*s));
	if (!f) {
		err = -errno;
		snprintf(why, whylen, "%s: %s", path, strerror(-err));
		return err;
	}
	for (;;) {
		if (len + 4096 > cap) {
			char *nb;

			if (cap > (1u << 24)) {
				free(buf);
				fclose(f);
				snprintf(why, whylen, "%s: larger than 16 MiB", path);
				return -EFBIG;
			}
			nb = realloc(buf, cap ? cap * 2 : 8192);
			if (!nb) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		err = -EIO;
		snprintf(why, whylen, "%s: read error", path);
		free(buf);
		fclose(f);
		return err;
	}
	fclose(f);
	if (memchr(buf, 0, len)) {
		free(buf);
		snprintf(why, whylen, "%s: holds a NUL byte", path);
		return -EINVAL;
	}
	err = evpn_spec_parse(buf, len, path, s, why, whylen);
	free(buf);
	return err;
}

void evpn_spec_free(struct evpn_spec *s)
{
	free(s->vnis);
	s->vnis = NULL;
	s->nvnis = 0;
}

const struct evpn_vni *evpn_spec_vni(const struct evpn_spec *s, uint32_t vni)
{
	size_t i;

	for (i = 0; i < s->nvnis; i++)
		if (s->vnis[i].vni == vni)
			return &s->vnis[i];
	return NULL;
}

const struct evpn_vni *evpn_spec_vlan(const struct evpn_spec *s, uint16_t vlan)
{
	size_t i;

	for (i = 0; i < s->nvnis; i++)
		if (s->vnis[i].vlan == vlan)
			return &s->vnis[i];
	return NULL;
}

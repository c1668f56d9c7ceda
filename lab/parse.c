// SPDX-License-Identifier: LGPL-2.1-or-later
/* The lab topology file: containerlab's shape, read with libyaml's document
 * loader; every fault is reported with the file, line and column of the node
 * that holds it. Pure: no system call but reading the file. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <yaml.h>
#include "lab/lab_int.h"
#include "nl/util.h"
#include "stp/stp.h"

struct pctx {
	yaml_document_t doc;
	struct brkit_lab *lab;
	struct brkit_lab_error *err;
	const char *file;
	struct brkit_lab_node defaults;
	const yaml_node_t *defaults_map; /* where the defaults' values are */
	bool has_defaults;
	struct brkit_lab_exec defaults_exec; /* defaults' env: and exec_timeout: */
};

int lab_verr_at(struct brkit_lab_error *err, const char *file, unsigned int line, unsigned int col,
		int ret, const char *fmt, va_list ap)
{
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return ret;
}

int lab_err_at(struct brkit_lab_error *err, const char *file, unsigned int line, unsigned int col,
	       int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lab_verr_at(err, file, line, col, ret, fmt, ap);
	va_end(ap);
	return ret;
}

static int perr(struct pctx *p, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int perr(struct pctx *p, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = lab_verr_at(p->err, p->file, n ? (unsigned int)n->start_mark.line + 1 : 0,
			  n ? (unsigned int)n->start_mark.column + 1 : 0, -EINVAL, fmt, ap);
	va_end(ap);
	return ret;
}

static yaml_node_t *get(struct pctx *p, int id)
{
	return yaml_document_get_node(&p->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *type_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a value";
	}
}

/* A plain empty value ("sw2:" with nothing after it) counts as an empty mapping. */
static bool is_null(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (n->data.scalar.length == 0 || !strcmp(scalar(n), "~") ||
		!strcmp(scalar(n), "null"));
}

static int want_scalar(struct pctx *p, const yaml_node_t *n, const char *what, const char **out)
{
	*out = "";
	if (n->type != YAML_SCALAR_NODE)
		return perr(p, n, "%s: expected a value, found %s", what, type_name(n));
	*out = scalar(n);
	return 0;
}

static int want_map(struct pctx *p, const yaml_node_t *n, const char *what)
{
	if (n->type != YAML_MAPPING_NODE && !is_null(n))
		return perr(p, n, "%s: expected a mapping, found %s", what, type_name(n));
	return 0;
}

#define MAP_FOR_EACH(n, pair)                                                                \
	for ((pair) = (n)->type == YAML_MAPPING_NODE ? (n)->data.mapping.pairs.start : NULL; \
	     (pair) && (pair) < (n)->data.mapping.pairs.top; (pair)++)

/* Keys of a mapping must be plain values, each at most once. */
static int check_keys(struct pctx *p, const yaml_node_t *map, const char *what)
{
	yaml_node_pair_t *a, *b;

	MAP_FOR_EACH(map, a)
	{
		yaml_node_t *k = get(p, a->key);

		if (!scalar(k))
			return perr(p, k, "%s: keys must be plain names, found %s", what,
				    type_name(k));
		for (b = map->data.mapping.pairs.start; b < a; b++)
			if (!strcmp(scalar(get(p, b->key)), scalar(k)))
				return perr(p, k, "%s: key '%s' given twice", what, scalar(k));
	}
	return 0;
}

int brkit_lab_name_check(const char *name, const char **why)
{
	const char *s;

	if (!name || !*name) {
		*why = "the name is empty";
		return -EINVAL;
	}
	if (strlen(name) >= BRKIT_LAB_NAMELEN) {
		*why = "the name is longer than 63 bytes";
		return -EINVAL;
	}
	if (name[0] == '.' || name[0] == '-') {
		*why = "the name starts with '.' or '-'";
		return -EINVAL;
	}
	for (s = name; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-')
			continue;
		*why = "the name has a character other than letters, digits, '_', '.' and '-'";
		return -EINVAL;
	}
	return 0;
}

int brkit_lab_netns_name(char *buf, size_t len, const char *lab, const char *node, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (brkit_lab_name_check(lab, why) || brkit_lab_name_check(node, why))
		return -EINVAL;
	if ((size_t)snprintf(buf, len, "%s-%s", lab, node) >= len) {
		*why = "the namespace name is too long";
		return -EINVAL;
	}
	return 0;
}

/* ---- values ---- */

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* "12", "12.5": a decimal with up to 6 fraction digits, as millionths. */
static int parse_decimal(const char *s, size_t n, uint64_t *millionths)
{
	uint64_t whole = 0, frac = 0;
	size_t i = 0;
	int digits = 0;

	if (!n || s[0] == '.')
		return -EINVAL;
	for (; i < n && s[i] != '.'; i++) {
		if (s[i] < '0' || s[i] > '9' || whole > 1000000000ULL)
			return -EINVAL;
		whole = whole * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < n) {
		if (++i == n)
			return -EINVAL;
		for (; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -EINVAL;
			if (digits < 6) {
				frac = frac * 10 + (uint64_t)(s[i] - '0');
				digits++;
			}
		}
	}
	for (; digits < 6; digits++)
		frac *= 10;
	*millionths = whole * 1000000ULL + frac;
	return 0;
}

static const struct unit {
	const char *name;
	uint64_t mult; /* base units per unit */
} time_units[] = {
	/* base: microseconds */
	{ "us", 1 },
	{ "ms", 1000 },
	{ "s", 1000000 },
	{ NULL, 0 },
},
  rate_units[] = {
	  /* base: bits per second */
	  { "bit", 1 },	     { "kbit", 1000ULL },    { "mbit", 1000000ULL },	{ "gbit", 1000000000ULL },
	  { "bps", 8 },	     { "kbps", 8000ULL },    { "mbps", 8000000ULL },	{ "gbps", 8000000000ULL },
	  { NULL, 0 },
  };

/* A number and a unit from @units; the result in the base unit, at most @max. */
static int parse_unit(const char *s, const struct unit *units, uint64_t max, uint64_t *out)
{
	size_t n = strspn(s, "0123456789.");
	const struct unit *u;
	uint64_t m, whole, v;

	for (u = units; u->name; u++)
		if (!strcasecmp(s + n, u->name))
			break;
	if (!u->name || parse_decimal(s, n, &m))
		return -EINVAL;
	whole = m / 1000000;
	if (whole > max / u->mult)
		return -ERANGE;
	v = whole * u->mult + (m % 1000000) * u->mult / 1000000;
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int brkit_lab_parse_duration(const char *s, uint32_t *us)
{
	uint64_t v;
	int ret = parse_unit(s, time_units, 60000000ULL, &v);

	if (!ret)
		*us = (uint32_t)v;
	return ret;
}

int brkit_lab_parse_rate(const char *s, uint64_t *bytes)
{
	uint64_t v;
	int ret = parse_unit(s, rate_units, (uint64_t)INT32_MAX * 8, &v);

	if (ret)
		return ret;
	if (v < 8)
		return -ERANGE;
	*bytes = v / 8;
	return 0;
}

/* "1%", "0.25%", "100%" as a probability over 0..UINT32_MAX. */

int brkit_lab_parse_percent(const char *s, uint32_t *prob)
{
	size_t n = strlen(s);
	uint64_t m;

	if (n < 2 || s[n - 1] != '%' || parse_decimal(s, n - 1, &m))
		return -EINVAL;
	if (m > 100000000ULL)
		return -ERANGE;
	*prob = (uint32_t)(m * UINT32_MAX / 100000000ULL);
	return 0;
}

static int parse_ip(const char *s, struct brkit_lab_addr *a, bool with_prefix)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint64_t prefix;

	if (n >= sizeof(buf) || (with_prefix && !slash) || (!with_prefix && slash))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, a->addr) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, a->addr) == 1)
		a->family = AF_INET6;
	else
		return -EINVAL;
	if (slash) {
		if (parse_u64(slash + 1, 128, &prefix) ||
		    prefix > (a->family == AF_INET ? 32U : 128U))
			return -EINVAL;
		a->prefix = (unsigned int)prefix;
	}
	return 0;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- nodes ---- */

const char *lab_kind_name(enum brkit_lab_kind k)
{
	switch (k) {
	case BRKIT_LAB_BRIDGE:
		return "bridge";
	case BRKIT_LAB_ROUTER:
		return "router";
	case BRKIT_LAB_HYPERVISOR:
		return "hypervisor";
	default:
		return "host";
	}
}

static struct brkit_lab_node_ext *ext_get(struct brkit_lab_node *nd)
{
	if (!nd->ext)
		nd->ext = calloc(1, sizeof(*nd->ext));
	return nd->ext;
}

/* A bridge option by its own keyword (the table and the values are libbrkit's,
 * as for `brkit bridge add`); stp_state is the node's `stp`. */
static int bridge_key(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *k,
		      const yaml_node_t *v, bool *matched)
{
	const char *key = scalar(k), *own, *s;
	char why[160];
	uint32_t bit;
	int ret;

	own = brkit_bridge_opt_lookup(key, &bit);
	*matched = own && !strcmp(own, key) && bit != BRKIT_BR_STP_STATE;
	if (!*matched)
		return 0;
	if (nd->kind != BRKIT_LAB_BRIDGE)
		return perr(p, k, "node %s: '%s' is a bridge option, and the node is a %s",
			    nd->name, key, lab_kind_name(nd->kind));
	ret = want_scalar(p, v, key, &s);
	if (ret)
		return ret;
	if (brkit_bridge_opt_parse(&nd->br, key, s, why, sizeof(why)))
		return perr(p, v, "%s", why);
	return 0;
}

static struct brkit_lab_iface *iface_get(struct brkit_lab_node *nd, const char *ifname)
{
	struct brkit_lab_iface *f;
	size_t i;

	for (i = 0; i < nd->nifaces; i++)
		if (!strcmp(nd->ifaces[i].ifname, ifname))
			return &nd->ifaces[i];
	f = realloc(nd->ifaces, (nd->nifaces + 1) * sizeof(*f));
	if (!f)
		return NULL;
	nd->ifaces = f;
	f = &nd->ifaces[nd->nifaces++];
	memset(f, 0, sizeof(*f));
	snprintf(f->ifname, sizeof(f->ifname), "%s", ifname);
	return f;
}

static int check_ifname(struct pctx *p, const yaml_node_t *at, const struct brkit_lab_node *nd,
			const char *ifname)
{
	const char *why;

	if (brkit_ifname_check(ifname, &why))
		return perr(p, at, "node %s: interface '%s': %s", nd->name, ifname, why);
	/* The kernel reads '%' as a pattern ("p%d") and names the device itself. */
	if (strchr(ifname, '%') || strchr(ifname, '"') || strchr(ifname, '\\'))
		return perr(p, at,
			    "node %s: interface '%s': interface name contains '%%', '\"' or '\\'",
			    nd->name, ifname);
	if (nd->kind == BRKIT_LAB_HYPERVISOR) {
		const char *d = !strncmp(ifname, "br", 2)      ? ifname + 2
				: !strncmp(ifname, "vxlan", 5) ? ifname + 5
							       : NULL;

		if (d && *d && strspn(d, "0123456789") == strlen(d))
			return perr(p, at,
				    "node %s: interface name '%s' is kept for the hypervisor's "
				    "VNI devices (brVNI, vxlanVNI)",
				    nd->name, ifname);
	}
	if (!strcmp(ifname, "lo") ||
	    (nd->kind == BRKIT_LAB_BRIDGE && !strcmp(ifname, BRKIT_LAB_BRNAME)))
		return perr(p, at, "node %s: interface name '%s' is taken by the node's own %s",
			    nd->name, ifname, strcmp(ifname, "lo") ? "bridge" : "loopback");
	return 0;
}

/* Where @a is already an address of node @nd (an interface's or the
 * loopback's), its interface's name, else NULL: the kernel refuses an
 * address twice on one device, and on two devices of one node it is a
 * mistake, so the parser refuses both (issue 19). */
static const char *addr_owner(const struct brkit_lab_node *nd, const struct brkit_lab_addr *a)
{
	size_t i, j, n = a->family == AF_INET ? 4 : 16;

	for (i = 0; i < nd->nifaces; i++)
		for (j = 0; j < nd->ifaces[i].naddr; j++)
			if (nd->ifaces[i].addr[j].family == a->family &&
			    !memcmp(nd->ifaces[i].addr[j].addr, a->addr, n))
				return nd->ifaces[i].ifname;
	if (nd->ext)
		for (j = 0; j < nd->ext->nloopbacks; j++)
			if (nd->ext->loopback[j].family == a->family &&
			    !memcmp(nd->ext->loopback[j].addr, a->addr, n))
				return "lo";
	return NULL;
}

static int parse_addresses(struct pctx *p, struct brkit_lab_node *nd, struct brkit_lab_iface *f,
			   const yaml_node_t *v)
{
	yaml_node_item_t *it;

	if (v->type != YAML_SEQUENCE_NODE)
		return perr(p, v, "node %s: addresses: expected a list, found %s", nd->name,
			    type_name(v));
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *a = get(p, *it);
		const char *s;
		int ret = want_scalar(p, a, "addresses", &s);

		if (ret)
			return ret;
		if (f->naddr == BRKIT_LAB_MAXADDR)
			return perr(p, a, "node %s: more than %d addresses on %s", nd->name,
				    BRKIT_LAB_MAXADDR, f->ifname);
		struct brkit_lab_addr ad;
		const char *owner;

		if (parse_ip(s, &ad, true))
			return perr(p, a,
				    "node %s: address '%s' is not ADDRESS/PREFIX (IPv4 or IPv6)",
				    nd->name, s);
		owner = addr_owner(nd, &ad);
		if (owner)
			return perr(p, a, "node %s: address '%s' is given twice (already on %s)",
				    nd->name, s, owner);
		f->addr[f->naddr++] = ad;
	}
	return 0;
}

/* The port settings only brkit-stpd has, by bit of enum brkit_lab_rstp_port:
 * the daemon's own words, in the file and in a `port BR PORT ...` request. */
const char *const lab_rstp_port_keys[] = { "edge",	 "autoedge",  "p2p",	  "bpduguard",
					   "bpdufilter", "rootguard", "restrtcn", NULL };
static int port_key(struct pctx *p, struct brkit_lab_node *nd, struct brkit_lab_iface *f,
		    const yaml_node_t *k, const yaml_node_t *v)
{
	const char *key = scalar(k), *s, *why;
	unsigned int bit;
	uint64_t num;
	bool b;
	int ret;

	if (!strcmp(key, "addresses")) {
		if (nd->kind == BRKIT_LAB_BRIDGE)
			return perr(p, k,
				    "node %s: addresses go on host nodes, routers and hypervisors",
				    nd->name);
		return parse_addresses(p, nd, f, v);
	}
	if (!strcmp(key, "mac")) {
		ret = want_scalar(p, v, key, &s);
		if (ret)
			return ret;
		if (brkit_fdb_parse_mac(s, f->mac, &why) || (f->mac[0] & 1) ||
		    !(f->mac[0] | f->mac[1] | f->mac[2] | f->mac[3] | f->mac[4] | f->mac[5]))
			return perr(
				p, v,
				"mac: '%s' is not a unicast MAC address (e.g. 02:00:00:00:00:01)",
				s);
		f->has_mac = true;
		return 0;
	}
	if (nd->kind != BRKIT_LAB_BRIDGE)
		return perr(p, k, "node %s: unknown interface option '%s' (a %s's take addresses)",
			    nd->name, key, lab_kind_name(nd->kind));
	ret = want_scalar(p, v, key, &s);
	if (ret)
		return ret;
	/* cost and priority: the widest range here, the node's own (kernel or
	 * brkit-stpd) once its stp is known (check_stp) */
	if (!strcmp(key, "cost")) {
		if (parse_u64(s, STP_MAX_PATH_COST, &num) || num < BRKIT_PORT_MIN_COST)
			return perr(p, v,
				    "cost: '%s' is not a path cost (1 to 65535; 1 to 200000000 "
				    "with stp: rstp)",
				    s);
		f->port.has_cost = true;
		f->port.cost = (uint32_t)num;
		return 0;
	}
	if (!strcmp(key, "priority")) {
		if (parse_u64(s, STP_MAX_PORT_PRIORITY, &num))
			return perr(p, v,
				    "priority: '%s' is not a port priority (0 to 63; 0 to 240 in "
				    "steps of 16 with stp: rstp)",
				    s);
		f->port.has_priority = true;
		f->port.priority = (uint16_t)num;
		return 0;
	}
	for (bit = 0; lab_rstp_port_keys[bit]; bit++) {
		if (strcmp(key, lab_rstp_port_keys[bit]))
			continue;
		if (1u << bit == BRKIT_LAB_RSTP_P2P) {
			if (!strcmp(s, "auto"))
				f->rstp_p2p = BRKIT_LAB_P2P_AUTO;
			else if (!parse_bool(s, &b))
				f->rstp_p2p = b ? BRKIT_LAB_P2P_ON : BRKIT_LAB_P2P_OFF;
			else
				return perr(p, v, "p2p: '%s' is not on, off or auto", s);
		} else if (parse_bool(s, &b)) {
			return perr(p, v, "%s: '%s' is not on/off, yes/no or 1/0", key, s);
		} else if (b) {
			f->rstp_flags |= 1u << bit;
		}
		f->rstp_mask |= 1u << bit;
		return 0;
	}
	if (!strcmp(key, "vlans")) {
		if (brkit_vlan_set_parse(s, &f->vlans, &why))
			return perr(p, v, "vlans: '%s': %s", s, why);
		f->has_vlans = true;
		return 0;
	}
	if (!strcmp(key, "pvid")) {
		if (parse_u64(s, BRKIT_VID_MAX, &num) || num < BRKIT_VID_MIN)
			return perr(p, v, "pvid: '%s' is not a VLAN id (1 to 4094)", s);
		f->pvid = (unsigned int)num;
		return 0;
	}
	for (bit = 0; bit < BRKIT_PF_COUNT; bit++) {
		if (strcmp(key, brkit_port_flag_name(bit)))
			continue;
		if (parse_bool(s, &b))
			return perr(p, v, "%s: '%s' is not on/off, yes/no or 1/0", key, s);
		f->port.flags_mask |= 1u << bit;
		if (b)
			f->port.flags |= 1u << bit;
		return 0;
	}
	return perr(p, k, "node %s: unknown port option '%s'", nd->name, key);
}

static int parse_ifaces(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *map)
{
	yaml_node_pair_t *pair;
	int ret = want_map(p, map, "interfaces");

	if (!ret)
		ret = check_keys(p, map, "interfaces");
	if (ret)
		return ret;
	MAP_FOR_EACH(map, pair)
	{
		yaml_node_t *k = get(p, pair->key), *v = get(p, pair->value), *ok, *ov;
		struct brkit_lab_iface *f;
		yaml_node_pair_t *op;

		ret = check_ifname(p, k, nd, scalar(k));
		if (ret)
			return ret;
		f = iface_get(nd, scalar(k));
		if (!f)
			return -ENOMEM;
		f->line = k->start_mark.line + 1;
		f->column = k->start_mark.column + 1;
		ret = want_map(p, v, scalar(k));
		if (!ret)
			ret = check_keys(p, v, scalar(k));
		if (ret)
			return ret;
		MAP_FOR_EACH(v, op)
		{
			ok = get(p, op->key);
			ov = get(p, op->value);
			ret = port_key(p, nd, f, ok, ov);
			if (ret)
				return ret;
		}
		if (f->pvid && !(f->has_vlans && brkit_vlan_set_has(&f->vlans, f->pvid)))
			return perr(p, k, "node %s: %s: pvid %u is not among its vlans", nd->name,
				    f->ifname, f->pvid);
	}
	return 0;
}

static int parse_kind(struct pctx *p, const yaml_node_t *v, enum brkit_lab_kind *kind)
{
	const char *s;
	int ret = want_scalar(p, v, "kind", &s);

	if (ret)
		return ret;
	if (!strcmp(s, "host"))
		*kind = BRKIT_LAB_HOST;
	else if (!strcmp(s, "bridge"))
		*kind = BRKIT_LAB_BRIDGE;
	else if (!strcmp(s, "router"))
		*kind = BRKIT_LAB_ROUTER;
	else if (!strcmp(s, "hypervisor"))
		*kind = BRKIT_LAB_HYPERVISOR;
	else
		return perr(p, v, "unknown kind '%s' (host, bridge, router or hypervisor)", s);
	return 0;
}

/* ---- loopbacks, VTEPs, VNIs and FRR ---- */

static const char *const frr_daemons[BRKIT_LAB_FRR_COUNT] = {
	"zebra", "bgpd",  "staticd", "ospfd",  "ospf6d", "isisd", "ripd",    "ripngd", "pimd",
	"ldpd",	 "nhrpd", "eigrpd",  "babeld", "pbrd",	 "bfdd",  "fabricd", "vrrpd",  "pathd",
};

const char *brkit_lab_frr_daemon_name(unsigned int d)
{
	return d < BRKIT_LAB_FRR_COUNT ? frr_daemons[d] : NULL;
}

static int parse_loopback(struct pctx *p, struct brkit_lab_node *nd, struct brkit_lab_node_ext *x,
			  const yaml_node_t *v)
{
	const yaml_node_t *one = v->type == YAML_SCALAR_NODE ? v : NULL;
	yaml_node_item_t *it = NULL, *top = NULL;

	if (!one && v->type != YAML_SEQUENCE_NODE)
		return perr(p, v,
			    "node %s: loopback: expected an ADDRESS/PREFIX or a list, found %s",
			    nd->name, type_name(v));
	if (!one) {
		it = v->data.sequence.items.start;
		top = v->data.sequence.items.top;
	}
	for (; one || it < top; it = it ? it + 1 : NULL) {
		const yaml_node_t *a = one ? one : get(p, *it);
		const char *s;
		int ret = want_scalar(p, a, "loopback", &s);

		if (ret)
			return ret;
		if (x->nloopbacks == BRKIT_LAB_MAXADDR)
			return perr(p, a, "node %s: more than %d loopback addresses", nd->name,
				    BRKIT_LAB_MAXADDR);
		struct brkit_lab_addr ad;
		const char *owner;

		if (parse_ip(s, &ad, true))
			return perr(p, a,
				    "node %s: loopback address '%s' is not ADDRESS/PREFIX (IPv4 or "
				    "IPv6, e.g. 192.0.2.11/32)",
				    nd->name, s);
		owner = addr_owner(nd, &ad);
		if (owner)
			return perr(p, a, "node %s: address '%s' is given twice (already on %s)",
				    nd->name, s, owner);
		x->loopback[x->nloopbacks++] = ad;
		if (one)
			break;
	}
	return 0;
}

/* vnis: {100: {vlan: 10}, 200: } or [100, 200] */
static int parse_vnis(struct pctx *p, struct brkit_lab_node *nd, struct brkit_lab_node_ext *x,
		      const yaml_node_t *v)
{
	size_t n, i, j;
	bool map = v->type == YAML_MAPPING_NODE;
	int ret;

	if (!map && v->type != YAML_SEQUENCE_NODE)
		return perr(p, v,
			    "node %s: vnis: expected a mapping of VNIs ({100: {vlan: 10}}) or a "
			    "list, found %s",
			    nd->name, type_name(v));
	n = map ? (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start)
		: (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	x->vnis = calloc(n ? n : 1, sizeof(*x->vnis));
	if (!x->vnis)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const yaml_node_t *k = get(p, map ? v->data.mapping.pairs.start[i].key
						  : v->data.sequence.items.start[i]);
		const yaml_node_t *body = map ? get(p, v->data.mapping.pairs.start[i].value) : NULL;
		struct brkit_lab_vni *vn = &x->vnis[x->nvnis];
		yaml_node_pair_t *pair;
		const char *s;
		uint64_t num;

		ret = want_scalar(p, k, "vnis", &s);
		if (ret)
			return ret;
		if (parse_u64(s, BRKIT_VXLAN_VNI_MAX, &num) || !num)
			return perr(p, k, "node %s: VNI '%s' is not a VNI (1 to 16777215)",
				    nd->name, s);
		vn->vni = (uint32_t)num;
		vn->line = k->start_mark.line + 1;
		vn->column = k->start_mark.column + 1;
		for (j = 0; j < x->nvnis; j++)
			if (x->vnis[j].vni == vn->vni)
				return perr(p, k,
					    "node %s: VNI %u is given twice (first at line %u)",
					    nd->name, vn->vni, x->vnis[j].line);
		x->nvnis++;
		if (!body || is_null(body))
			continue;
		ret = want_map(p, body, s);
		if (!ret)
			ret = check_keys(p, body, s);
		if (ret)
			return ret;
		MAP_FOR_EACH(body, pair)
		{
			const yaml_node_t *bk = get(p, pair->key), *bv = get(p, pair->value);

			if (strcmp(scalar(bk), "vlan"))
				return perr(p, bk, "node %s: VNI %u: unknown key '%s' (vlan)",
					    nd->name, vn->vni, scalar(bk));
			ret = want_scalar(p, bv, "vlan", &s);
			if (ret)
				return ret;
			if (parse_u64(s, BRKIT_VID_MAX, &num) || num < BRKIT_VID_MIN)
				return perr(p, bv, "vlan: '%s' is not a VLAN id (1 to 4094)", s);
			vn->vlan = (uint16_t)num;
			for (j = 0; j + 1 < x->nvnis; j++)
				if (x->vnis[j].vlan == vn->vlan)
					return perr(p, bv,
						    "node %s: VLAN %u is given to VNI %u and VNI "
						    "%u",
						    nd->name, vn->vlan, x->vnis[j].vni, vn->vni);
		}
	}
	return 0;
}

static int parse_daemons(struct pctx *p, struct brkit_lab_node *nd, struct brkit_lab_frr *f,
			 const yaml_node_t *v)
{
	yaml_node_item_t *it;
	unsigned int d;

	if (v->type != YAML_SEQUENCE_NODE)
		return perr(p, v, "node %s: frr: daemons: expected a list, found %s", nd->name,
			    type_name(v));
	f->daemons = 1u << BRKIT_LAB_FRR_ZEBRA;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		const yaml_node_t *a = get(p, *it);
		const char *s;
		int ret = want_scalar(p, a, "daemons", &s);

		if (ret)
			return ret;
		for (d = 0; d < BRKIT_LAB_FRR_COUNT; d++)
			if (!strcmp(s, frr_daemons[d]))
				break;
		if (d == BRKIT_LAB_FRR_COUNT)
			return perr(
				p, a,
				"node %s: frr: unknown daemon '%s' (zebra, bgpd, staticd, "
				"ospfd, ospf6d, isisd, ripd, ripngd, pimd, ldpd, nhrpd, eigrpd, "
				"babeld, pbrd, bfdd, fabricd, vrrpd, pathd)",
				nd->name, s);
		if (d != BRKIT_LAB_FRR_ZEBRA && (f->daemons & 1u << d))
			return perr(p, a, "node %s: frr: daemon %s is listed twice", nd->name, s);
		f->daemons |= 1u << d;
	}
	return 0;
}

/* frr: {daemons: [...], config: |, config-file: PATH} */
static int parse_frr(struct pctx *p, struct brkit_lab_node *nd, struct brkit_lab_node_ext *x,
		     const yaml_node_t *k, const yaml_node_t *v)
{
	const yaml_node_t *cfg = NULL, *cfile = NULL;
	struct brkit_lab_frr *f;
	yaml_node_pair_t *pair;
	int ret;

	if (nd->kind == BRKIT_LAB_BRIDGE)
		return perr(p, k, "node %s: frr runs on host, router or hypervisor nodes",
			    nd->name);
	ret = want_map(p, v, "frr");
	if (!ret)
		ret = check_keys(p, v, "frr");
	if (ret)
		return ret;
	f = x->frr = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->line = k->start_mark.line + 1;
	f->column = k->start_mark.column + 1;
	f->daemons =
		1u << BRKIT_LAB_FRR_ZEBRA | 1u << BRKIT_LAB_FRR_BGPD | 1u << BRKIT_LAB_FRR_STATICD;
	MAP_FOR_EACH(v, pair)
	{
		const yaml_node_t *fk = get(p, pair->key), *fv = get(p, pair->value);
		const char *key = scalar(fk);

		if (!strcmp(key, "daemons")) {
			ret = parse_daemons(p, nd, f, fv);
			if (ret)
				return ret;
		} else if (!strcmp(key, "config")) {
			cfg = fv;
		} else if (!strcmp(key, "config-file") || !strcmp(key, "config_file")) {
			cfile = fv;
		} else {
			return perr(p, fk,
				    "node %s: frr: unknown key '%s' (daemons, config, config-file)",
				    nd->name, key);
		}
	}
	if (cfg && cfile)
		return perr(p, cfile, "node %s: frr: config and config-file: give one", nd->name);
	if (cfg) {
		const char *s;

		ret = want_scalar(p, cfg, "config", &s);
		if (ret)
			return ret;
		f->config = strdup(s);
		if (!f->config)
			return -ENOMEM;
		f->config_line = (unsigned int)cfg->start_mark.line + 1;
		/* a block (| or >): the text starts on the next line */
		if (cfg->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
		    cfg->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)
			f->config_line++;
	}
	if (cfile) {
		const char *s, *slash = strrchr(p->file, '/');
		size_t n;

		ret = want_scalar(p, cfile, "config-file", &s);
		if (ret)
			return ret;
		if (!*s)
			return perr(p, cfile, "node %s: frr: config-file is empty", nd->name);
		/* relative to the lab file's folder */
		if (s[0] == '/' || !slash)
			n = (size_t)snprintf(f->config_file, sizeof(f->config_file), "%s", s);
		else
			n = (size_t)snprintf(f->config_file, sizeof(f->config_file), "%.*s/%s",
					     (int)(slash - p->file), p->file, s);
		if (n >= sizeof(f->config_file))
			return perr(p, cfile, "node %s: frr: config-file: the path is too long",
				    nd->name);
		f->config_line = 1;
	}
	return 0;
}

static int l3_key(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *k,
		  const yaml_node_t *v)
{
	const char *key = scalar(k), *s;
	struct brkit_lab_node_ext *x;
	int ret;

	if (nd->kind == BRKIT_LAB_BRIDGE)
		return perr(p, k, "node %s: '%s' goes on host, router or hypervisor nodes",
			    nd->name, key);
	if ((!strcmp(key, "vtep") || !strcmp(key, "vnis")) && nd->kind != BRKIT_LAB_HYPERVISOR)
		return perr(p, k, "node %s: '%s' goes on hypervisor nodes, and the node is a %s",
			    nd->name, key, lab_kind_name(nd->kind));
	x = ext_get(nd);
	if (!x)
		return -ENOMEM;
	if (!strcmp(key, "loopback"))
		return parse_loopback(p, nd, x, v);
	if (!strcmp(key, "vnis"))
		return parse_vnis(p, nd, x, v);
	if (!strcmp(key, "frr"))
		return parse_frr(p, nd, x, k, v);
	ret = want_scalar(p, v, "vtep", &s);
	if (ret)
		return ret;
	if (parse_ip(s, &x->vtep, false) || x->vtep.family != AF_INET)
		return perr(p, v, "node %s: vtep: '%s' is not an IPv4 address", nd->name, s);
	x->has_vtep = true;
	x->vtep_line = v->start_mark.line + 1;
	x->vtep_column = v->start_mark.column + 1;
	return 0;
}

/* ---- exec: and env: ---- */

static struct brkit_lab_exec *exec_get(struct brkit_lab_node *nd, const yaml_node_t *k)
{
	struct brkit_lab_node_ext *x = ext_get(nd);

	if (!x)
		return NULL;
	if (!x->exec) {
		x->exec = calloc(1, sizeof(*x->exec));
		if (x->exec) {
			x->exec->line = k->start_mark.line + 1;
			x->exec->column = k->start_mark.column + 1;
		}
	}
	return x->exec;
}

/* A scalar's text, refused when it holds a NUL byte ("\0" in YAML), which a
 * command line or an environment variable cannot carry. */
static int want_text(struct pctx *p, const struct brkit_lab_node *nd, const yaml_node_t *n,
		     const char *what, const char **out)
{
	const char *who = nd == &p->defaults ? "the" : "node";
	int ret = want_scalar(p, n, what, out);

	if (ret)
		return perr(p, n, "%s %s: %s: expected a string, found %s", who, nd->name, what,
			    type_name(n));
	if (strlen(*out) != n->data.scalar.length)
		return perr(p, n, "%s %s: %s: the text holds a NUL byte", who, nd->name, what);
	return 0;
}

/* exec: ["cmd", ...]: each a shell command line, in order. */
static int parse_exec(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *k,
		      const yaml_node_t *v)
{
	struct brkit_lab_exec *x;
	yaml_node_item_t *it;
	size_t n;

	if (v->type != YAML_SEQUENCE_NODE)
		return perr(p, v,
			    "node %s: exec: expected a list of commands (exec: [\"ip -br addr\"]), "
			    "found %s",
			    nd->name, type_name(v));
	x = exec_get(nd, k);
	if (!x)
		return -ENOMEM;
	x->line = k->start_mark.line + 1;
	x->column = k->start_mark.column + 1;
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	x->cmds = calloc(n ? n : 1, sizeof(*x->cmds));
	if (!x->cmds)
		return -ENOMEM;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		const yaml_node_t *c = get(p, *it);
		struct brkit_lab_cmd *cmd = &x->cmds[x->ncmds];
		const char *s;
		int ret = want_text(p, nd, c, "exec", &s);

		if (ret)
			return ret;
		if (!s[strspn(s, " \t\n")])
			return perr(p, c, "node %s: exec: the command is empty", nd->name);
		cmd->cmd = strdup(s);
		if (!cmd->cmd)
			return -ENOMEM;
		cmd->line = c->start_mark.line + 1;
		cmd->column = c->start_mark.column + 1;
		x->ncmds++;
	}
	return 0;
}

static bool env_name_ok(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* Set NAME=VALUE in @x->env, replacing NAME's entry when there is one. */
static int env_set(struct brkit_lab_exec *x, const char *name, const char *value, bool replace)
{
	size_t n = strlen(name), i;
	char *kv, **env;

	for (i = 0; i < x->nenv; i++)
		if (!strncmp(x->env[i], name, n) && x->env[i][n] == '=')
			break;
	if (i < x->nenv && !replace)
		return 0;
	if (asprintf(&kv, "%s=%s", name, value) < 0)
		return -ENOMEM;
	if (i < x->nenv) {
		free(x->env[i]);
		x->env[i] = kv;
		return 0;
	}
	env = realloc(x->env, (x->nenv + 1) * sizeof(*env));
	if (!env) {
		free(kv);
		return -ENOMEM;
	}
	x->env = env;
	x->env[x->nenv++] = kv;
	return 0;
}

/* env: {NAME: VALUE, ...} for the node's exec commands (or the defaults'). */
static int parse_env(struct pctx *p, const struct brkit_lab_node *nd, struct brkit_lab_exec *x,
		     const yaml_node_t *v)
{
	yaml_node_pair_t *pair;
	int ret;

	if (v->type != YAML_MAPPING_NODE && !is_null(v))
		return perr(p, v,
			    "%s %s: env: expected a mapping of variables (env: {NAME: VALUE}), "
			    "found %s",
			    nd == &p->defaults ? "the" : "node", nd->name, type_name(v));
	ret = check_keys(p, v, "env");
	if (ret)
		return ret;
	MAP_FOR_EACH(v, pair)
	{
		const yaml_node_t *ek = get(p, pair->key), *ev = get(p, pair->value);
		const char *name = scalar(ek), *val = "";

		if (!env_name_ok(name))
			return perr(p, ek,
				    "%s %s: env: '%s' is not a variable name (letters, digits and "
				    "'_', not starting with a digit)",
				    nd == &p->defaults ? "the" : "node", nd->name, name);
		if (!is_null(ev)) {
			ret = want_text(p, nd, ev, name, &val);
			if (ret)
				return ret;
		}
		ret = env_set(x, name, val, true);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_exec_timeout(struct pctx *p, const struct brkit_lab_node *nd, uint32_t *ms,
			      const yaml_node_t *v)
{
	uint64_t us;
	const char *s;
	int ret = want_scalar(p, v, "exec_timeout", &s);

	if (ret)
		return ret;
	if (parse_unit(s, time_units, (uint64_t)BRKIT_LAB_EXEC_TIMEOUT_MAX_MS * 1000, &us) ||
	    us < 1000)
		return perr(p, v,
			    "%s %s: exec_timeout: '%s' is not a duration from 1ms to 3600s (a "
			    "number and us, ms or s, e.g. 120s)",
			    nd == &p->defaults ? "the" : "node", nd->name, s);
	*ms = (uint32_t)(us / 1000);
	return 0;
}

/* After a node's keys: its exec gets the defaults' env under its own, and the
 * defaults' exec_timeout unless it has its own. */
static int finish_exec(struct pctx *p, struct brkit_lab_node *nd)
{
	struct brkit_lab_exec *x = nd->ext ? nd->ext->exec : NULL;
	const struct brkit_lab_exec *d = &p->defaults_exec;
	size_t i;
	int ret;

	if (!x)
		return 0;
	for (i = 0; i < d->nenv; i++) {
		char *eq = strchr(d->env[i], '=');

		*eq = '\0';
		ret = env_set(x, d->env[i], eq + 1, false);
		*eq = '=';
		if (ret)
			return ret;
	}
	if (!x->timeout_ms)
		x->timeout_ms = d->timeout_ms ? d->timeout_ms : BRKIT_LAB_EXEC_TIMEOUT_MS;
	return 0;
}

static void exec_free(struct brkit_lab_exec *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->ncmds; i++)
		free(x->cmds[i].cmd);
	free(x->cmds);
	for (i = 0; i < x->nenv; i++)
		free(x->env[i]);
	free(x->env);
}

/* exec:, env: and exec_timeout: (env and exec_timeout also in defaults). */
static int exec_key(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *k,
		    const yaml_node_t *v, bool defaults)
{
	const char *key = scalar(k);
	struct brkit_lab_exec *x;

	if (defaults) {
		if (!strcmp(key, "exec"))
			return perr(p, k, "defaults: 'exec' belongs to a node, not defaults");
		x = &p->defaults_exec;
	} else {
		x = exec_get(nd, k);
		if (!x)
			return -ENOMEM;
	}
	if (!strcmp(key, "exec"))
		return parse_exec(p, nd, k, v);
	if (!strcmp(key, "env"))
		return parse_env(p, nd, x, v);
	return parse_exec_timeout(p, nd, &x->timeout_ms, v);
}

/* Node keys; @defaults: the topology's defaults (no per-node keys there). */
/* vlan_multicast: {VID or VID-VID: {OPTION: VALUE, ...}, ...} on a bridge node:
 * per-VLAN multicast options, with brkit vlan global set's names and values. */
static int vlan_mcast_key(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *k,
			  const yaml_node_t *v, bool defaults)
{
	struct brkit_lab_node_ext *x;
	yaml_node_pair_t *pair, *o;
	int ret;

	if (defaults)
		return perr(p, k, "defaults: vlan_multicast is per bridge node, not a default");
	if (nd->kind != BRKIT_LAB_BRIDGE)
		return perr(p, k,
			    "node %s: vlan_multicast is a bridge option, and the node is a %s",
			    nd->name, lab_kind_name(nd->kind));
	ret = want_map(p, v, "vlan_multicast");
	if (ret)
		return ret;
	x = ext_get(nd);
	if (!x)
		return perr(p, k, "out of memory");
	if (x->nvlan_mcast)
		return perr(p, k, "node %s: vlan_multicast given twice", nd->name);
	MAP_FOR_EACH(v, pair)
	{
		yaml_node_t *vk = get(p, pair->key), *vv = get(p, pair->value);
		const char *vid = scalar(vk);
		struct brkit_lab_vlan_mcast *m;
		unsigned int lo, hi;
		char end, why[160];
		int n = vid ? sscanf(vid, "%u-%u%c", &lo, &hi, &end) : 0;

		if (n == 1)
			hi = lo;
		if (!vid || (n != 1 && n != 2) || lo < 1 || hi > 4094 || lo > hi ||
		    strspn(vid, "0123456789-") != strlen(vid))
			return perr(p, vk, "vlan_multicast: '%s' is not a VLAN or a range (1-4094)",
				    vid ? vid : "");
		ret = want_map(p, vv, "vlan_multicast's options");
		if (ret)
			return ret;
		m = realloc(x->vlan_mcast, (x->nvlan_mcast + 1) * sizeof(*m));
		if (!m)
			return perr(p, vk, "out of memory");
		x->vlan_mcast = m;
		m = &m[x->nvlan_mcast++];
		memset(m, 0, sizeof(*m));
		m->lo = lo;
		m->hi = hi;
		m->line = (unsigned int)vk->start_mark.line + 1;
		m->column = (unsigned int)vk->start_mark.column + 1;
		MAP_FOR_EACH(vv, o)
		{
			yaml_node_t *ok = get(p, o->key), *ov = get(p, o->value);
			const char *s;

			ret = want_scalar(p, ov, scalar(ok), &s);
			if (ret)
				return ret;
			ret = brkit_vlan_global_parse(&m->opts, scalar(ok), s, why, sizeof(why));
			if (ret == -ENOENT)
				return perr(
					p, ok,
					"vlan_multicast %s: '%s' is not mcast_snooping, "
					"mcast_querier, mcast_igmp_version or mcast_mld_version",
					vid, scalar(ok));
			if (ret)
				return perr(p, ov, "vlan_multicast %s: %s", vid, why);
		}
		if (!m->opts.mask)
			return perr(p, vk, "vlan_multicast %s: no option", vid);
	}
	return 0;
}

static int node_body(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *map,
		     bool defaults, const yaml_node_t **addrs)
{
	yaml_node_pair_t *pair;
	int ret;

	MAP_FOR_EACH(map, pair)
	{
		yaml_node_t *k = get(p, pair->key), *v = get(p, pair->value);
		const char *key = scalar(k), *s;
		bool matched;

		if (!strcmp(key, "kind"))
			continue; /* read first, by the caller */
		if (!strcmp(key, "stp")) {
			ret = want_scalar(p, v, "stp", &s);
			if (ret)
				return ret;
			if (nd->kind != BRKIT_LAB_BRIDGE)
				return perr(p, k,
					    "node %s: stp is a bridge option, and the node "
					    "is a %s",
					    nd->name, lab_kind_name(nd->kind));
			if (!strcmp(s, "off"))
				nd->stp = BRKIT_LAB_STP_OFF;
			else if (!strcmp(s, "kernel"))
				nd->stp = BRKIT_LAB_STP_KERNEL;
			else if (!strcmp(s, "rstp"))
				nd->stp = BRKIT_LAB_STP_RSTP;
			else
				return perr(p, v, "stp: '%s' is not off, kernel or rstp", s);
			continue;
		}
		if (!strcmp(key, "force_version") || !strcmp(key, "tx_hold_count")) {
			uint64_t num;

			ret = want_scalar(p, v, key, &s);
			if (ret)
				return ret;
			if (nd->kind != BRKIT_LAB_BRIDGE)
				return perr(p, k,
					    "node %s: '%s' is a bridge option, and the node "
					    "is a %s",
					    nd->name, key, lab_kind_name(nd->kind));
			if (key[0] == 'f') {
				if (!strcmp(s, "stp"))
					nd->force_version = STP_FORCE_STP;
				else if (!strcmp(s, "rstp"))
					nd->force_version = STP_FORCE_RSTP;
				else
					return perr(p, v, "force_version: '%s' is not stp or rstp",
						    s);
				nd->rstp_mask |= BRKIT_LAB_RSTP_FORCE_VERSION;
			} else {
				if (parse_u64(s, STP_MAX_TX_HOLD_COUNT, &num) ||
				    num < STP_MIN_TX_HOLD_COUNT)
					return perr(p, v,
						    "tx_hold_count: '%s' is not a transmit hold "
						    "count (%d to %d)",
						    s, STP_MIN_TX_HOLD_COUNT,
						    STP_MAX_TX_HOLD_COUNT);
				nd->tx_hold_count = (uint8_t)num;
				nd->rstp_mask |= BRKIT_LAB_RSTP_TX_HOLD_COUNT;
			}
			continue;
		}
		if (!strcmp(key, "vlan_multicast")) {
			ret = vlan_mcast_key(p, nd, k, v, defaults);
			if (ret)
				return ret;
			continue;
		}
		if (!strcmp(key, "exec") || !strcmp(key, "env") || !strcmp(key, "exec_timeout")) {
			ret = exec_key(p, nd, k, v, defaults);
			if (ret)
				return ret;
			continue;
		}
		ret = bridge_key(p, nd, k, v, &matched);
		if (ret)
			return ret;
		if (matched)
			continue;
		if (defaults) {
			if (!strcmp(key, "addresses") || !strcmp(key, "gateway") ||
			    !strcmp(key, "interfaces") || !strcmp(key, "ports") ||
			    !strcmp(key, "loopback") || !strcmp(key, "vtep") ||
			    !strcmp(key, "vnis") || !strcmp(key, "frr"))
				return perr(p, k, "defaults: '%s' belongs to a node, not defaults",
					    key);
			return perr(p, k, "defaults: unknown key '%s'", key);
		}
		if (!strcmp(key, "addresses")) {
			if (nd->kind == BRKIT_LAB_HYPERVISOR)
				return perr(p, k,
					    "node %s: a hypervisor's addresses go on its "
					    "interfaces (interfaces: {IF: {addresses: [...]}}) or "
					    "its loopback",
					    nd->name);
			if (nd->kind != BRKIT_LAB_HOST && nd->kind != BRKIT_LAB_ROUTER)
				return perr(p, k, "node %s: addresses go on host nodes and routers",
					    nd->name);
			if (v->type != YAML_SEQUENCE_NODE)
				return perr(p, v, "node %s: addresses: expected a list, found %s",
					    nd->name, type_name(v));
			*addrs = v;
		} else if (!strcmp(key, "loopback") || !strcmp(key, "vtep") ||
			   !strcmp(key, "vnis") || !strcmp(key, "frr")) {
			ret = l3_key(p, nd, k, v);
			if (ret)
				return ret;
		} else if (!strcmp(key, "gateway")) {
			if (nd->kind == BRKIT_LAB_BRIDGE)
				return perr(p, k, "node %s: gateway goes on host or router nodes",
					    nd->name);
			ret = want_scalar(p, v, "gateway", &s);
			if (ret)
				return ret;
			if (parse_ip(s, &nd->gateway, false))
				return perr(p, v, "gateway: '%s' is not an IPv4 or IPv6 address",
					    s);
			nd->has_gateway = true;
		} else if (!strcmp(key, "interfaces") || !strcmp(key, "ports")) {
			ret = parse_ifaces(p, nd, v);
			if (ret)
				return ret;
		} else {
			return perr(p, k, "node %s: unknown key '%s'", nd->name, key);
		}
	}
	return 0;
}

static const yaml_node_t *map_find(struct pctx *p, const yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *pair;

	MAP_FOR_EACH(map, pair)
	if (!strcmp(scalar(get(p, pair->key)), key))
		return get(p, pair->value);
	return NULL;
}

/* Where node @nd's setting @key is written: its own map, else the defaults'
 * (when they apply), else NULL. */
static const yaml_node_t *key_at(struct pctx *p, const yaml_node_t *map, bool defaults,
				 const char *key)
{
	const yaml_node_t *v = map_find(p, map, key);

	if (!v && defaults && p->defaults_map)
		v = map_find(p, p->defaults_map, key);
	return v;
}

/* Where port @ifname's setting @key is written (the value), else the port's name. */
static const yaml_node_t *port_at(struct pctx *p, const yaml_node_t *map, const char *ifname,
				  const char *key)
{
	static const char *const lists[] = { "ports", "interfaces" };
	yaml_node_pair_t *pair;
	size_t i;

	for (i = 0; i < 2; i++) {
		const yaml_node_t *l = map_find(p, map, lists[i]);

		if (!l || l->type != YAML_MAPPING_NODE)
			continue;
		MAP_FOR_EACH(l, pair)
		{
			const yaml_node_t *k = get(p, pair->key), *v = get(p, pair->value), *x;

			if (strcmp(scalar(k), ifname))
				continue;
			x = v->type == YAML_MAPPING_NODE ? map_find(p, v, key) : NULL;
			return x ? x : k;
		}
	}
	return NULL;
}

/* A bridge node's STP settings against what runs its tree: the kernel's
 * ranges for stp: kernel and off (port cost 1..65535, priority 0..63, no
 * brkit-stpd setting), brkit-stpd's engine's for stp: rstp (802.1D-2004
 * 17.13/17.14: bridge priority in steps of 4096, port priority in steps of
 * 16, cost up to 200000000, Hello Time 1..2 s, Max Age 6..40 s, Forward
 * Delay 4..30 s and 2 x (Forward Delay - 1) >= Max Age >= 2 x (Hello Time +
 * 1)). The lab's timers are centiseconds for every node, as for `brkit bridge
 * add`; brkit-stpd counts whole seconds, so an rstp node's must be multiples
 * of 100. @name: the node's key; @map: its body; @defaults: the defaults
 * apply to it. */
static int check_stp(struct pctx *p, const struct brkit_lab_node *nd, const yaml_node_t *name,
		     const yaml_node_t *map, bool defaults)
{
	static const struct {
		const char *key;
		uint32_t bit;
		unsigned int min, max;
	} timers[] = {
		{ "hello_time", BRKIT_BR_HELLO_TIME, STP_MIN_HELLO_TIME, STP_MAX_HELLO_TIME },
		{ "max_age", BRKIT_BR_MAX_AGE, STP_MIN_MAX_AGE, STP_MAX_MAX_AGE },
		{ "forward_delay", BRKIT_BR_FORWARD_DELAY, STP_MIN_FORWARD_DELAY,
		  STP_MAX_FORWARD_DELAY },
	};
	const uint32_t *tv[] = { &nd->br.hello_time, &nd->br.max_age, &nd->br.forward_delay };
	unsigned int sec[3] = { STP_DEFAULT_HELLO_TIME, STP_DEFAULT_MAX_AGE,
				STP_DEFAULT_FORWARD_DELAY };
	const yaml_node_t *at;
	size_t i, j;

	if (nd->stp == BRKIT_LAB_STP_KERNEL && (nd->br.mask & BRKIT_BR_FORWARD_DELAY) &&
	    (nd->br.forward_delay < BRKIT_BR_MIN_FWD_DELAY ||
	     nd->br.forward_delay > BRKIT_BR_MAX_FWD_DELAY)) {
		/* the kernel refuses it once STP is on (br_set_forward_delay) */
		at = key_at(p, map, defaults, "forward_delay");
		return perr(p, at ? at : name,
			    "node %s: forward_delay: %u centiseconds is out of the kernel's range "
			    "with stp: kernel (%u to %u, 2 to 30 seconds)",
			    nd->name, nd->br.forward_delay, BRKIT_BR_MIN_FWD_DELAY,
			    BRKIT_BR_MAX_FWD_DELAY);
	}
	if (nd->stp != BRKIT_LAB_STP_RSTP) {
		if (nd->rstp_mask) {
			const char *key = nd->rstp_mask & BRKIT_LAB_RSTP_FORCE_VERSION
						  ? "force_version"
						  : "tx_hold_count";

			at = key_at(p, map, defaults, key);
			return perr(p, at ? at : name,
				    "node %s: %s is a brkit-stpd setting: only stp: rstp nodes "
				    "take it",
				    nd->name, key);
		}
		for (i = 0; i < nd->nifaces; i++) {
			const struct brkit_lab_iface *f = &nd->ifaces[i];

			for (j = 0; lab_rstp_port_keys[j]; j++)
				if (f->rstp_mask & 1u << j)
					return perr(
						p,
						port_at(p, map, f->ifname, lab_rstp_port_keys[j]),
						"node %s: %s: %s is a brkit-stpd setting: only "
						"stp: rstp nodes take it",
						nd->name, f->ifname, lab_rstp_port_keys[j]);
			if (f->port.has_cost && f->port.cost > BRKIT_PORT_MAX_COST)
				return perr(p, port_at(p, map, f->ifname, "cost"),
					    "cost: %u is not a path cost for the kernel (1 to "
					    "65535; up to 200000000 with stp: rstp)",
					    f->port.cost);
			if (f->port.has_priority && f->port.priority > BRKIT_PORT_MAX_PRIO)
				return perr(p, port_at(p, map, f->ifname, "priority"),
					    "priority: %u is not a port priority for the kernel (0 "
					    "to 63; 0 to 240 in steps of 16 with stp: rstp)",
					    f->port.priority);
		}
		return 0;
	}
	if ((nd->br.mask & BRKIT_BR_PRIORITY) &&
	    (nd->br.priority % 4096 || nd->br.priority > STP_MAX_BRIDGE_PRIORITY)) {
		at = key_at(p, map, defaults, "priority");
		return perr(p, at ? at : name,
			    "priority: %u is not a bridge priority for brkit-stpd (0 to 61440 in "
			    "steps of 4096; stp: rstp)",
			    (unsigned int)nd->br.priority);
	}
	for (i = 0; i < 3; i++) {
		uint32_t cs = *tv[i];

		if (!(nd->br.mask & timers[i].bit))
			continue;
		at = key_at(p, map, defaults, timers[i].key);
		if (cs % 100)
			return perr(p, at ? at : name,
				    "%s: %u centiseconds is not a whole number of seconds, which "
				    "brkit-stpd counts in (stp: rstp: %u00 to %u00)",
				    timers[i].key, cs, timers[i].min, timers[i].max);
		if (cs / 100 < timers[i].min || cs / 100 > timers[i].max)
			return perr(p, at ? at : name,
				    "%s: %u centiseconds is out of brkit-stpd's range (stp: rstp: "
				    "%u00 to %u00)",
				    timers[i].key, cs, timers[i].min, timers[i].max);
		sec[i] = cs / 100;
	}
	if (!stp_times_valid(sec[0], sec[1], sec[2])) {
		at = NULL;
		for (i = 0; i < 3 && !at; i++)
			if (nd->br.mask & timers[i].bit)
				at = key_at(p, map, defaults, timers[i].key);
		return perr(p, at ? at : name,
			    "node %s: hello_time %u00, max_age %u00, forward_delay %u00: 802.1D "
			    "needs 2 x (forward_delay - 100) >= max_age >= 2 x (hello_time + 100) "
			    "(stp: rstp; unset ones are brkit-stpd's defaults)",
			    nd->name, sec[0], sec[1], sec[2]);
	}
	for (i = 0; i < nd->nifaces; i++) {
		const struct brkit_lab_iface *f = &nd->ifaces[i];

		if (f->port.has_priority && f->port.priority % 16)
			return perr(p, port_at(p, map, f->ifname, "priority"),
				    "priority: %u is not a port priority for brkit-stpd (0 to 240 "
				    "in steps of 16; stp: rstp)",
				    f->port.priority);
	}
	return 0;
}

static int parse_node(struct pctx *p, struct brkit_lab_node *nd, const yaml_node_t *k,
		      const yaml_node_t *v, const yaml_node_t **addrs)
{
	const yaml_node_t *kind;
	const char *why;
	char ns[BRKIT_LAB_NSLEN];
	int ret;

	*nd = p->defaults;
	nd->ifaces = NULL;
	nd->nifaces = 0;
	nd->line = k->start_mark.line + 1;
	nd->column = k->start_mark.column + 1;
	if (brkit_lab_name_check(scalar(k), &why) ||
	    brkit_lab_netns_name(ns, sizeof(ns), p->lab->name, scalar(k), &why))
		return perr(p, k,
			    "node '%s' would make namespace name '%s-%s', which is not valid: %s",
			    scalar(k), p->lab->name, scalar(k), why);
	snprintf(nd->name, sizeof(nd->name), "%s", scalar(k));
	ret = want_map(p, v, nd->name);
	if (!ret)
		ret = check_keys(p, v, nd->name);
	if (ret)
		return ret;
	kind = map_find(p, v, "kind");
	if (kind) {
		ret = parse_kind(p, kind, &nd->kind);
		if (ret)
			return ret;
		if (nd->kind != p->defaults.kind) {
			/* Options from defaults of the other kind do not apply. */
			memset(&nd->br, 0, sizeof(nd->br));
			nd->stp = BRKIT_LAB_STP_OFF;
			nd->rstp_mask = 0;
		}
	}
	if (!nd->kind)
		return perr(p, k,
			    "node %s: no kind (host, bridge, router or hypervisor), and no "
			    "defaults kind",
			    nd->name);
	ret = node_body(p, nd, v, false, addrs);
	if (!ret)
		ret = finish_exec(p, nd);
	if (!ret && nd->kind == BRKIT_LAB_BRIDGE)
		ret = check_stp(p, nd, k, v, nd->kind == p->defaults.kind);
	return ret;
}

static int parse_nodes(struct pctx *p, const yaml_node_t *map, const yaml_node_t ***addrsp)
{
	struct brkit_lab *lab = p->lab;
	const yaml_node_t **addrs;
	yaml_node_pair_t *pair;
	size_t n;
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return perr(p, map, "nodes: expected a mapping of node names, found %s",
			    type_name(map));
	ret = check_keys(p, map, "nodes");
	if (ret)
		return ret;
	n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
	if (!n)
		return perr(p, map, "nodes: no node");
	lab->nodes = calloc(n, sizeof(*lab->nodes));
	addrs = calloc(n, sizeof(*addrs));
	*addrsp = addrs;
	if (!lab->nodes || !addrs)
		return -ENOMEM;
	MAP_FOR_EACH(map, pair)
	{
		ret = parse_node(p, &lab->nodes[lab->nnodes], get(p, pair->key),
				 get(p, pair->value), &addrs[lab->nnodes]);
		lab->nnodes++; /* counted even on failure, so its ifaces are freed */
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- links ---- */

static int parse_end(struct pctx *p, const yaml_node_t *n, struct brkit_lab_end *e)
{
	struct brkit_lab *lab = p->lab;
	const char *s = scalar(n), *colon;
	char node[BRKIT_LAB_NAMELEN];
	struct brkit_lab_iface *f;
	size_t len;
	int idx, ret;

	if (!s)
		return perr(p, n, "endpoints: expected \"NODE:INTERFACE\", found %s", type_name(n));
	colon = strchr(s, ':');
	if (!colon)
		return perr(p, n, "endpoint '%s' is not NODE:INTERFACE", s);
	len = (size_t)(colon - s);
	if (len == 0 || len >= sizeof(node))
		return perr(p, n, "endpoint '%s': no such node", s);
	memcpy(node, s, len);
	node[len] = '\0';
	idx = brkit_lab_node_find(lab, node);
	if (idx < 0)
		return perr(p, n, "endpoint '%s': no node '%s' in nodes", s, node);
	ret = check_ifname(p, n, &lab->nodes[idx], colon + 1);
	if (ret)
		return ret;
	f = iface_get(&lab->nodes[idx], colon + 1);
	if (!f)
		return -ENOMEM;
	e->node = (size_t)idx;
	e->iface = (size_t)(f - lab->nodes[idx].ifaces);
	return 0;
}

static int link_value(struct pctx *p, struct brkit_lab_link *l, const yaml_node_t *k,
		      const yaml_node_t *v)
{
	const char *key = scalar(k), *s;
	uint64_t num;
	int ret = want_scalar(p, v, key, &s);

	if (ret)
		return ret;
	if (!strcmp(key, "mtu")) {
		if (parse_u64(s, 65535, &num) || num < 68)
			return perr(p, v, "mtu: '%s' is not an MTU (68 to 65535)", s);
		l->mtu = (unsigned int)num;
	} else if (!strcmp(key, "delay") || !strcmp(key, "jitter")) {
		uint32_t *out = key[0] == 'd' ? &l->delay_us : &l->jitter_us;

		if (brkit_lab_parse_duration(s, out))
			return perr(p, v,
				    "%s: '%s' is not a duration up to 60s (a number and us, ms "
				    "or s, e.g. 5ms)",
				    key, s);
	} else if (!strcmp(key, "loss")) {
		if (brkit_lab_parse_percent(s, &l->loss))
			return perr(p, v, "loss: '%s' is not a percentage (0%% to 100%%, e.g. 1%%)",
				    s);
	} else if (!strcmp(key, "vni")) {
		if (parse_u64(s, BRKIT_VXLAN_VNI_MAX, &num) || !num)
			return perr(p, v, "vni: '%s' is not a VNI (1 to 16777215)", s);
		l->vni = (uint32_t)num;
	} else if (!strcmp(key, "vlan")) {
		if (parse_u64(s, BRKIT_VID_MAX, &num) || num < BRKIT_VID_MIN)
			return perr(p, v, "vlan: '%s' is not a VLAN id (1 to 4094)", s);
		l->vlan = (uint16_t)num;
	} else if (!strcmp(key, "rate")) {
		if (brkit_lab_parse_rate(s, &l->rate))
			return perr(p, v,
				    "rate: '%s' is not a rate (a number and bit, kbit, mbit, gbit, "
				    "bps, kbps, mbps or gbps; 1bps to 2GiB/s)",
				    s);
	} else {
		return perr(p, k, "link: unknown key '%s'", key);
	}
	return 0;
}

static int parse_link(struct pctx *p, struct brkit_lab_link *l, const yaml_node_t *n)
{
	const yaml_node_t *eps = NULL;
	yaml_node_pair_t *pair;
	yaml_node_t *jitter = NULL;
	size_t i, j;
	int ret;

	l->line = n->start_mark.line + 1;
	l->column = n->start_mark.column + 1;
	if (n->type != YAML_MAPPING_NODE)
		return perr(p, n, "links: each link is a mapping with endpoints, found %s",
			    type_name(n));
	ret = check_keys(p, n, "link");
	if (ret)
		return ret;
	MAP_FOR_EACH(n, pair)
	{
		yaml_node_t *k = get(p, pair->key), *v = get(p, pair->value);

		if (!strcmp(scalar(k), "endpoints")) {
			eps = v;
			continue;
		}
		if (!strcmp(scalar(k), "jitter"))
			jitter = k;
		ret = link_value(p, l, k, v);
		if (ret)
			return ret;
	}
	if (!eps)
		return perr(p, n, "link: no endpoints");
	if (eps->type != YAML_SEQUENCE_NODE ||
	    eps->data.sequence.items.top - eps->data.sequence.items.start != 2)
		return perr(p, eps, "endpoints: expected a list of two \"NODE:INTERFACE\"");
	if (jitter && !l->delay_us)
		return perr(p, jitter, "jitter: needs a delay on the same link");
	for (i = 0; i < 2; i++) {
		yaml_node_t *e = get(p, eps->data.sequence.items.start[i]);
		struct brkit_lab_end *end = &l->end[i];

		ret = parse_end(p, e, end);
		if (ret)
			return ret;
		/* An endpoint used twice: by this link, or by an earlier one. */
		for (j = 0; j < (size_t)(l - p->lab->links) * 2 + i; j++) {
			const struct brkit_lab_end *o = &p->lab->links[j / 2].end[j % 2];

			if (o->node == end->node && o->iface == end->iface)
				return perr(p, e,
					    "endpoint '%s' is already used by the link at "
					    "line %u",
					    scalar(e), p->lab->links[j / 2].line);
		}
	}
	return 0;
}

static int parse_links(struct pctx *p, const yaml_node_t *seq)
{
	struct brkit_lab *lab = p->lab;
	yaml_node_item_t *it;
	size_t n;
	int ret;

	if (is_null(seq))
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE)
		return perr(p, seq, "links: expected a list, found %s", type_name(seq));
	n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	lab->links = calloc(n ? n : 1, sizeof(*lab->links));
	if (!lab->links)
		return -ENOMEM;
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		ret = parse_link(p, &lab->links[lab->nlinks], get(p, *it));
		lab->nlinks++;
		if (ret)
			return ret;
	}
	return 0;
}

static int err_at(struct pctx *p, unsigned int line, unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int err_at(struct pctx *p, unsigned int line, unsigned int col, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = lab_verr_at(p->err, p->file, line, col, -EINVAL, fmt, ap);
	va_end(ap);
	return ret;
}

/* A link's vni: or vlan: puts its hypervisor end in that VNI's bridge. */
static int finish_vni(struct pctx *p, struct brkit_lab_link *l)
{
	struct brkit_lab *lab = p->lab;
	struct brkit_lab_node *a = &lab->nodes[l->end[0].node], *b = &lab->nodes[l->end[1].node];
	struct brkit_lab_node *hv;
	struct brkit_lab_iface *f;
	size_t e, j;

	if (!l->vni && !l->vlan)
		return 0;
	if (l->vni && l->vlan)
		return err_at(p, l->line, l->column, "link: vni and vlan: give one");
	if ((a->kind == BRKIT_LAB_HYPERVISOR) == (b->kind == BRKIT_LAB_HYPERVISOR))
		return err_at(p, l->line, l->column,
			      "link %s -- %s: %s needs exactly one end on a hypervisor node",
			      a->name, b->name, l->vni ? "vni" : "vlan");
	e = a->kind == BRKIT_LAB_HYPERVISOR ? 0 : 1;
	hv = &lab->nodes[l->end[e].node];
	f = &hv->ifaces[l->end[e].iface];
	for (j = 0; hv->ext && j < hv->ext->nvnis; j++) {
		const struct brkit_lab_vni *vn = &hv->ext->vnis[j];

		if ((l->vni && vn->vni == l->vni) || (l->vlan && vn->vlan == l->vlan)) {
			f->vni = vn->vni;
			break;
		}
	}
	if (!f->vni) {
		if (l->vni)
			return err_at(p, l->line, l->column,
				      "link: VNI %u is not among hypervisor %s's vnis", l->vni,
				      hv->name);
		return err_at(p, l->line, l->column,
			      "link: no VNI of hypervisor %s has vlan %u (vnis: {VNI: {vlan: %u}})",
			      hv->name, l->vlan, l->vlan);
	}
	if (f->naddr)
		return err_at(p, f->line ? f->line : l->line, f->line ? f->column : l->column,
			      "node %s: %s is a port of VNI %u's bridge and takes no addresses",
			      hv->name, f->ifname, f->vni);
	return 0;
}

static bool addr_eq(const struct brkit_lab_addr *a, const struct brkit_lab_addr *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16);
}

/* A hypervisor's VTEP: vtep:, else its first IPv4 loopback; an address of the node. */
static int finish_vtep(struct pctx *p, struct brkit_lab_node *nd)
{
	struct brkit_lab_node_ext *x = nd->ext;
	size_t i, j;

	if (nd->kind != BRKIT_LAB_HYPERVISOR)
		return 0;
	if (x && !x->has_vtep) {
		for (i = 0; i < x->nloopbacks && !x->has_vtep; i++) {
			if (x->loopback[i].family != AF_INET)
				continue;
			x->vtep = x->loopback[i];
			x->vtep.prefix = 0;
			x->has_vtep = true;
		}
	}
	if (!x || !x->has_vtep) {
		if (!x || !x->nvnis)
			return 0;
		return err_at(p, nd->line, nd->column,
			      "node %s: a hypervisor with vnis needs a VTEP address: vtep: "
			      "ADDRESS, or an IPv4 loopback: ADDRESS/32",
			      nd->name);
	}
	for (i = 0; i < x->nloopbacks; i++)
		if (addr_eq(&x->loopback[i], &x->vtep))
			return 0;
	for (i = 0; i < nd->nifaces; i++)
		for (j = 0; j < nd->ifaces[i].naddr; j++)
			if (addr_eq(&nd->ifaces[i].addr[j], &x->vtep))
				return 0;
	{
		char buf[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET, x->vtep.addr, buf, sizeof(buf));
		return err_at(p, x->vtep_line, x->vtep_column,
			      "node %s: VTEP address %s is not an address of the node (give it "
			      "as loopback: %s/32 or on an interface)",
			      nd->name, buf, buf);
	}
}

/* After links: interface options must name link ends; host addresses go on
 * the host's first interface; VNI ports and VTEPs. */
/* @nd's gateway is inside the subnet of one of its interfaces' addresses. */
static bool gateway_on_subnet(const struct brkit_lab_node *nd)
{
	const struct brkit_lab_addr *g = &nd->gateway;
	size_t i, j, b;

	for (i = 0; i < nd->nifaces; i++) {
		for (j = 0; j < nd->ifaces[i].naddr; j++) {
			const struct brkit_lab_addr *a = &nd->ifaces[i].addr[j];
			bool same = a->family == g->family;

			for (b = 0; same && b < a->prefix; b++) {
				unsigned int m = 0x80u >> (b % 8);

				same = (a->addr[b / 8] & m) == (g->addr[b / 8] & m);
			}
			if (same)
				return true;
		}
	}
	return false;
}

/* The value of @key in node @i's mapping (topology: nodes: in file order), for
 * a message about a check made after the whole file is read. */
static const yaml_node_t *node_key(struct pctx *p, size_t i, const char *key)
{
	const yaml_node_t *root = yaml_document_get_root_node(&p->doc), *topo, *nodes;
	yaml_node_pair_t *pair;

	topo = root ? map_find(p, root, "topology") : NULL;
	nodes = topo ? map_find(p, topo, "nodes") : NULL;
	if (!nodes || nodes->type != YAML_MAPPING_NODE)
		return NULL;
	pair = nodes->data.mapping.pairs.start + i;
	if (pair >= nodes->data.mapping.pairs.top)
		return NULL;
	return map_find(p, get(p, pair->value), key);
}

static int finish(struct pctx *p, const yaml_node_t **addrs)
{
	struct brkit_lab *lab = p->lab;
	size_t i, j, k;
	int ret;

	for (k = 0; k < lab->nlinks; k++) {
		ret = finish_vni(p, &lab->links[k]);
		if (ret)
			return ret;
	}

	for (i = 0; i < lab->nnodes; i++) {
		struct brkit_lab_node *nd = &lab->nodes[i];

		for (j = 0; j < nd->nifaces; j++) {
			bool used = false;

			for (k = 0; k < lab->nlinks * 2 && !used; k++)
				used = lab->links[k / 2].end[k % 2].node == i &&
				       lab->links[k / 2].end[k % 2].iface == j;
			if (!used) {
				snprintf(p->err->file, sizeof(p->err->file), "%s", p->file);
				p->err->line = nd->ifaces[j].line;
				p->err->column = nd->ifaces[j].column;
				snprintf(p->err->msg, sizeof(p->err->msg),
					 "node %s: interface %s is not the end of any link",
					 nd->name, nd->ifaces[j].ifname);
				return -EINVAL;
			}
		}
		if (addrs[i]) {
			yaml_node_t *a = (yaml_node_t *)addrs[i];

			if (!nd->nifaces)
				return perr(p, a, "node %s: addresses, but no link to put them on",
					    nd->name);
			ret = parse_addresses(p, nd, &nd->ifaces[0], a);
			if (ret)
				return ret;
		}
		ret = finish_vtep(p, nd);
		if (ret)
			return ret;
		if (nd->has_gateway && !gateway_on_subnet(nd)) {
			char buf[INET6_ADDRSTRLEN];

			inet_ntop(nd->gateway.family, nd->gateway.addr, buf, sizeof(buf));
			return perr(p, node_key(p, i, "gateway"),
				    "node %s: gateway %s is on no subnet of the node's addresses "
				    "(the default route goes through a neighbour on a link)",
				    nd->name, buf);
		}
		if (nd->kind == BRKIT_LAB_BRIDGE) {
			nd->br.mask |= BRKIT_BR_STP_STATE | BRKIT_BR_UP;
			nd->br.stp_state = nd->stp == BRKIT_LAB_STP_KERNEL;
			nd->br.up = true;
			/* Safe multicast: a snooping bridge (the kernel's default)
			 * also queries, unless the file says mcast_querier, so group
			 * entries (IPv6 ND's solicited-node groups among them) are
			 * refreshed and never age out from under a host. */
			if (!(nd->br.mask & BRKIT_BR_MCAST_QUERIER) &&
			    (!(nd->br.mask & BRKIT_BR_MCAST_SNOOPING) || nd->br.mcast_snooping)) {
				nd->br.mask |= BRKIT_BR_MCAST_QUERIER;
				nd->br.mcast_querier = true;
			}
			for (j = 0; j < nd->nifaces; j++)
				if (nd->ifaces[j].has_vlans &&
				    !(nd->br.mask & BRKIT_BR_VLAN_FILTERING)) {
					nd->br.mask |= BRKIT_BR_VLAN_FILTERING;
					nd->br.vlan_filtering = true;
				}
			/* per-VLAN options act only with both of these on: say so
			 * now, not when the kernel takes them and does nothing */
			if (nd->ext && nd->ext->nvlan_mcast &&
			    (!(nd->br.mask & BRKIT_BR_VLAN_FILTERING) || !nd->br.vlan_filtering ||
			     !(nd->br.mask & BRKIT_BR_MCAST_VLAN_SNOOPING) ||
			     !nd->br.mcast_vlan_snooping))
				return perr(p, node_key(p, i, "vlan_multicast"),
					    "node %s: vlan_multicast needs vlan_filtering on (or "
					    "a port with vlans) and mcast_vlan_snooping: 1",
					    nd->name);
		}
	}
	return 0;
}

static size_t uf_find(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Bridges without STP joined in a loop flood each broadcast for ever: refuse
 * the link that closes such a loop. */
static int check_loops(struct pctx *p)
{
	struct brkit_lab *lab = p->lab;
	size_t *parent = malloc((lab->nnodes ? lab->nnodes : 1) * sizeof(*parent)), i;
	int ret = 0;

	if (!parent)
		return -ENOMEM;
	for (i = 0; i < lab->nnodes; i++)
		parent[i] = i;
	for (i = 0; i < lab->nlinks && !ret; i++) {
		const struct brkit_lab_link *l = &lab->links[i];
		const struct brkit_lab_node *a = &lab->nodes[l->end[0].node],
					    *b = &lab->nodes[l->end[1].node];
		size_t ra, rb;

		if (a->kind != BRKIT_LAB_BRIDGE || b->kind != BRKIT_LAB_BRIDGE ||
		    a->stp != BRKIT_LAB_STP_OFF || b->stp != BRKIT_LAB_STP_OFF)
			continue;
		ra = uf_find(parent, l->end[0].node);
		rb = uf_find(parent, l->end[1].node);
		if (ra == rb) {
			snprintf(p->err->file, sizeof(p->err->file), "%s", p->file);
			p->err->line = l->line;
			p->err->column = l->column;
			snprintf(p->err->msg, sizeof(p->err->msg),
				 "link %s:%s -- %s:%s closes a loop of bridges without STP (a "
				 "broadcast storm); set stp: kernel on them",
				 a->name, a->ifaces[l->end[0].iface].ifname, b->name,
				 b->ifaces[l->end[1].iface].ifname);
			ret = -EINVAL;
		}
		parent[ra] = rb;
	}
	free(parent);
	return ret;
}

static int parse_topology(struct pctx *p, const yaml_node_t *map)
{
	const yaml_node_t *nodes = NULL, *links = NULL, *defaults = NULL, *kind;
	const yaml_node_t **addrs = NULL;
	yaml_node_pair_t *pair;
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return perr(p, map, "topology: expected a mapping, found %s", type_name(map));
	ret = check_keys(p, map, "topology");
	if (ret)
		return ret;
	MAP_FOR_EACH(map, pair)
	{
		yaml_node_t *k = get(p, pair->key);
		const char *key = scalar(k);

		if (!strcmp(key, "nodes"))
			nodes = get(p, pair->value);
		else if (!strcmp(key, "links"))
			links = get(p, pair->value);
		else if (!strcmp(key, "defaults"))
			defaults = get(p, pair->value);
		else
			return perr(p, k, "topology: unknown key '%s' (defaults, nodes, links)",
				    key);
	}
	if (defaults) {
		ret = want_map(p, defaults, "defaults");
		if (!ret)
			ret = check_keys(p, defaults, "defaults");
		if (ret)
			return ret;
		snprintf(p->defaults.name, sizeof(p->defaults.name), "defaults");
		kind = map_find(p, defaults, "kind");
		if (kind) {
			ret = parse_kind(p, kind, &p->defaults.kind);
			if (ret)
				return ret;
		}
		/* env: and exec_timeout: apply to every node: they need no kind */
		if (!p->defaults.kind) {
			MAP_FOR_EACH(defaults, pair)
			{
				const char *key = scalar(get(p, pair->key));

				if (strcmp(key, "env") && strcmp(key, "exec_timeout") &&
				    strcmp(key, "exec"))
					return perr(p, defaults,
						    "defaults: options without a kind");
			}
		}
		ret = node_body(p, &p->defaults, defaults, true, NULL);
		if (ret)
			return ret;
		p->defaults_map = defaults;
	}
	if (!nodes)
		return perr(p, map, "topology: no nodes");
	ret = parse_nodes(p, nodes, &addrs);
	if (!ret && links)
		ret = parse_links(p, links);
	if (!ret)
		ret = finish(p, addrs);
	if (!ret)
		ret = check_loops(p);
	free(addrs);
	return ret;
}

static int parse_root(struct pctx *p, const yaml_node_t *root)
{
	const yaml_node_t *topo = NULL, *name = NULL;
	yaml_node_pair_t *pair;
	const char *why;
	int ret;

	if (!root)
		return perr(p, NULL, "the file is empty");
	if (root->type != YAML_MAPPING_NODE)
		return perr(p, root, "expected a mapping with name and topology, found %s",
			    type_name(root));
	ret = check_keys(p, root, "the file");
	if (ret)
		return ret;
	MAP_FOR_EACH(root, pair)
	{
		yaml_node_t *k = get(p, pair->key);

		if (!strcmp(scalar(k), "name"))
			name = get(p, pair->value);
		else if (!strcmp(scalar(k), "topology"))
			topo = get(p, pair->value);
		else
			return perr(p, k, "unknown key '%s' (name, topology)", scalar(k));
	}
	if (!name)
		return perr(p, root, "no lab name (name: ...)");
	if (!scalar(name))
		return perr(p, name, "name: expected a value, found %s", type_name(name));
	if (brkit_lab_name_check(scalar(name), &why))
		return perr(p, name, "lab name '%s': %s", scalar(name), why);
	snprintf(p->lab->name, sizeof(p->lab->name), "%s", scalar(name));
	if (!topo)
		return perr(p, root, "no topology");
	return parse_topology(p, topo);
}

void brkit_lab_free(struct brkit_lab *lab)
{
	size_t i;

	if (!lab)
		return;
	for (i = 0; i < lab->nnodes; i++) {
		struct brkit_lab_node_ext *x = lab->nodes[i].ext;

		free(lab->nodes[i].ifaces);
		if (x) {
			free(x->vnis);
			if (x->frr)
				free(x->frr->config);
			free(x->frr);
			exec_free(x->exec);
			free(x->exec);
			free(x->vlan_mcast);
			free(x);
		}
	}
	free(lab->nodes);
	free(lab->links);
	free(lab);
}

int brkit_lab_node_find(const struct brkit_lab *lab, const char *name)
{
	size_t i;

	for (i = 0; i < lab->nnodes; i++)
		if (!strcmp(lab->nodes[i].name, name))
			return (int)i;
	return -1;
}

/* libyaml's syntax error, at its mark. A tab where YAML wants indentation
 * gets libyaml's "found character that cannot start any token", which never
 * says why: when the line of the error is indented with a tab, or the error
 * is on a tab, say that instead, at the tab. */
static int syntax_error(struct pctx *p, const yaml_parser_t *ps, const char *text, size_t len)
{
	unsigned int line = (unsigned int)ps->problem_mark.line, col;
	size_t i = 0, start, k;

	for (k = 0; k < line && i < len; i++)
		if (text[i] == '\n')
			k++;
	start = i;
	col = (unsigned int)ps->problem_mark.column;
	for (k = start; k < len && (text[k] == ' ' || text[k] == '\t'); k++)
		if (text[k] == '\t')
			return err_at(p, line + 1, (unsigned int)(k - start) + 1,
				      "YAML syntax error: a tab in the indentation (YAML indents "
				      "with spaces only)");
	if (start + col < len && text[start + col] == '\t')
		return err_at(p, line + 1, col + 1,
			      "YAML syntax error: a tab where YAML takes no tab (use spaces)");
	return err_at(p, line + 1, col + 1, "YAML syntax error: %s%s%s",
		      ps->problem ? ps->problem : "malformed", ps->context ? " " : "",
		      ps->context ? ps->context : "");
}

/* Deeper than any lab file needs (root, topology, nodes, a node, interfaces,
 * one interface, a list: 7); a file nesting deeper is refused as soon as the
 * scanner gets there. */
#define LAB_MAX_DEPTH 64

/* A first pass over the file's events, before the document is loaded:
 * libyaml's loader reads a whole value into memory before the schema sees
 * its key, and its scanner slows down quadratically with flow nesting (200,000
 * '[' took over 20 s). So: an unknown top-level key ends the read at that key;
 * nesting deeper than LAB_MAX_DEPTH ends it at that level; and a second YAML
 * document, which the loader would silently ignore, is refused. */
static int prescan(struct pctx *p, const char *text, size_t len)
{
	yaml_parser_t ps;
	yaml_event_t ev;
	unsigned int depth = 0, docs = 0;
	bool want_key = true, root_map = false;
	int ret = 0;

	if (!yaml_parser_initialize(&ps))
		return -ENOMEM;
	yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
	while (!ret) {
		yaml_event_type_t t;
		bool at_root;

		if (!yaml_parser_parse(&ps, &ev)) {
			ret = ps.error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
			if (ret == -EINVAL)
				syntax_error(p, &ps, text, len);
			break;
		}
		t = ev.type;
		at_root = root_map && depth == 1;
		if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			ret = err_at(p, (unsigned int)ev.start_mark.line + 1,
				     (unsigned int)ev.start_mark.column + 1,
				     "a second YAML document: a lab file holds one lab (remove "
				     "this '---' and what follows)");
		} else if (at_root &&
			   (t == YAML_SCALAR_EVENT || t == YAML_ALIAS_EVENT ||
			    t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT)) {
			const char *key =
				t == YAML_SCALAR_EVENT ? (const char *)ev.data.scalar.value : NULL;

			/* a key of the top-level mapping: its value is never read
			 * when the key is unknown */
			if (want_key && key && strcmp(key, "name") && strcmp(key, "topology"))
				ret = err_at(p, (unsigned int)ev.start_mark.line + 1,
					     (unsigned int)ev.start_mark.column + 1,
					     "unknown key '%s' (name, topology)", key);
			want_key = !want_key;
		}
		if (!ret && (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT)) {
			if (depth == 0)
				root_map = t == YAML_MAPPING_START_EVENT;
			if (++depth > LAB_MAX_DEPTH)
				ret = err_at(p, (unsigned int)ev.start_mark.line + 1,
					     (unsigned int)ev.start_mark.column + 1,
					     "nested deeper than %d levels: no lab file needs that",
					     LAB_MAX_DEPTH);
		} else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (t == YAML_DOCUMENT_END_EVENT) {
			root_map = false;
			want_key = true;
		}
		yaml_event_delete(&ev);
		if (t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&ps);
	return ret;
}

int brkit_lab_parse(const char *text, size_t len, const char *file, struct brkit_lab **labp,
		    struct brkit_lab_error *err)
{
	struct pctx p = { .err = err, .file = file ? file : "" };
	yaml_parser_t parser;
	int ret;

	*labp = NULL;
	memset(err, 0, sizeof(*err));
	p.lab = calloc(1, sizeof(*p.lab));
	if (!p.lab)
		return -ENOMEM;
	snprintf(p.lab->file, sizeof(p.lab->file), "%s", p.file);
	ret = prescan(&p, text, len);
	if (ret) {
		free(p.lab);
		if (ret == -ENOMEM)
			snprintf(err->msg, sizeof(err->msg), "%s: out of memory", p.file);
		return ret;
	}
	if (!yaml_parser_initialize(&parser)) {
		free(p.lab);
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &p.doc)) {
		syntax_error(&p, &parser, text, len);
		yaml_parser_delete(&parser);
		free(p.lab);
		return parser.error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
	}
	ret = parse_root(&p, yaml_document_get_root_node(&p.doc));
	yaml_document_delete(&p.doc);
	free(p.defaults.ifaces);
	exec_free(&p.defaults_exec);
	yaml_parser_delete(&parser);
	if (ret) {
		if (ret == -ENOMEM && !err->msg[0])
			snprintf(err->msg, sizeof(err->msg), "%s: out of memory", p.file);
		brkit_lab_free(p.lab);
		return ret;
	}
	*labp = p.lab;
	return 0;
}

int brkit_lab_load(const char *path, struct brkit_lab **labp, struct brkit_lab_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int fd, ret;

	*labp = NULL;
	memset(err, 0, sizeof(*err));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
	} else {
		ret = brkit_read_fd(fd, 0, &buf, &len);
		close(fd);
	}
	if (ret) {
		snprintf(err->file, sizeof(err->file), "%s", path);
		snprintf(err->msg, sizeof(err->msg), "reading %s: %s", path, strerror(-ret));
		return ret;
	}
	ret = brkit_lab_parse(buf, len, path, labp, err);
	free(buf);
	return ret;
}

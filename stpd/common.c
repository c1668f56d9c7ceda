// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-stpd's pure parts: settings, configuration file, protocol records,
 * the IFLA_BR_STP_MODE request. No system calls. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include "stp/stp.h"
#include "nl/util.h"
#include "stpd/stpd.h"

static const char *const bnames[STPD_B_COUNT] = {
	"forcevers",   "priority", "hello", "maxage", "fdelay",
	"txholdcount", "ageing",   "stp",   "rules",
};
static const char *const pnames[STPD_P_COUNT] = {
	"cost",	      "priority",  "edge",     "autoedge", "p2p",    "bpduguard",
	"bpdufilter", "rootguard", "restrtcn", "mcheck",   "enable",
};

const char *stpd_bopt_name(unsigned int i)
{
	return i < STPD_B_COUNT ? bnames[i] : NULL;
}

/* indexed by bit number of enum stp_rules */
static const char *const rule_names[] = {
	"agree-same-root", "aged-fdwhile", "rising-cost", "txhold-events", "stale-info",
};
#define RULE_COUNT (sizeof(rule_names) / sizeof(rule_names[0]))
_Static_assert(STP_RULES_SAFE == (1u << RULE_COUNT) - 1, "a name for every enum stp_rules bit");
_Static_assert(STP_RULE_TXHOLD_EVENTS == 1u << 3 && STP_RULE_STALE_INFO == 1u << 4,
	       "rule_names in bit order");

const char *stpd_rule_name(unsigned int bit)
{
	return bit < RULE_COUNT ? rule_names[bit] : NULL;
}

int stpd_rules_parse(const char *s, uint32_t *rules, char *wb, size_t len)
{
	uint32_t r = 0;
	const char *p = s;

	if (!strcmp(s, "safe")) {
		*rules = STP_RULES_SAFE;
		return 0;
	}
	if (!strcmp(s, "none")) {
		*rules = 0;
		return 0;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		unsigned int b;

		for (b = 0; b < RULE_COUNT; b++)
			if (strlen(rule_names[b]) == n && !strncmp(p, rule_names[b], n))
				break;
		if (b == RULE_COUNT)
			return brkit_whyf(wb, len, -EINVAL,
					  "rules '%s': '%.*s' is not safe, none or a rule (%s, %s, "
					  "%s, %s, %s)",
					  s, (int)(n > 32 ? 32 : n), p, rule_names[0],
					  rule_names[1], rule_names[2], rule_names[3],
					  rule_names[4]);
		if (r & (1u << b))
			return brkit_whyf(wb, len, -EINVAL, "rules '%s': %s given twice", s,
					  rule_names[b]);
		r |= 1u << b;
		if (!comma)
			break;
		p = comma + 1;
	}
	*rules = r;
	return 0;
}

void stpd_rules_format(uint32_t rules, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int b;

	if (!len)
		return;
	buf[0] = 0;
	if (!rules) {
		snprintf(buf, len, "none");
		return;
	}
	for (b = 0; b < RULE_COUNT && off < len; b++)
		if (rules & (1u << b))
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? "," : "",
						rule_names[b]);
}

const char *stpd_popt_name(unsigned int i)
{
	return i < STPD_P_COUNT ? pnames[i] : NULL;
}

const char *stpd_mode_name(enum stpd_mode m)
{
	switch (m) {
	case STPD_MODE_STP_MODE:
		return "stp_mode";
	case STPD_MODE_HELPER:
		return "bridge-stp";
	case STPD_MODE_NFT:
		return "nftables";
	default:
		return "none";
	}
}

static int parse_num(const char *s, unsigned long min, unsigned long max, uint32_t *out)
{
	unsigned long v = 0;
	const char *p = s;

	if (!*s)
		return -EINVAL;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 4000000000ul)
			return -ERANGE;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

static int parse_onoff(const char *s, uint32_t *out)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "1")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "0")) {
		*out = 0;
		return 0;
	}
	return -EINVAL;
}

/* One bridge setting @k = @v. */
static int bopt(unsigned int k, const char *v, uint32_t *out, char *wb, size_t len)
{
	const char *name = bnames[k];

	switch (k) {
	case STPD_B_FORCEVERS:
		if (!strcmp(v, "stp"))
			*out = STP_FORCE_STP;
		else if (!strcmp(v, "rstp"))
			*out = STP_FORCE_RSTP;
		else
			return brkit_whyf(wb, len, -EINVAL, "forcevers '%s': not stp or rstp", v);
		return 0;
	case STPD_B_PRIORITY:
		if (parse_num(v, 0, STP_MAX_BRIDGE_PRIORITY, out) ||
		    *out % STP_BRIDGE_PRIORITY_STEP)
			return brkit_whyf(wb, len, -EINVAL,
					  "priority '%s': not a multiple of 4096 from 0 to 61440",
					  v);
		return 0;
	case STPD_B_HELLO:
		if (parse_num(v, STP_MIN_HELLO_TIME, STP_MAX_HELLO_TIME, out))
			return brkit_whyf(wb, len, -EINVAL, "hello '%s': not %u to %u seconds", v,
					  STP_MIN_HELLO_TIME, STP_MAX_HELLO_TIME);
		return 0;
	case STPD_B_MAXAGE:
		if (parse_num(v, STP_MIN_MAX_AGE, STP_MAX_MAX_AGE, out))
			return brkit_whyf(wb, len, -EINVAL, "maxage '%s': not %u to %u seconds", v,
					  STP_MIN_MAX_AGE, STP_MAX_MAX_AGE);
		return 0;
	case STPD_B_FDELAY:
		if (parse_num(v, STP_MIN_FORWARD_DELAY, STP_MAX_FORWARD_DELAY, out))
			return brkit_whyf(wb, len, -EINVAL, "fdelay '%s': not %u to %u seconds", v,
					  STP_MIN_FORWARD_DELAY, STP_MAX_FORWARD_DELAY);
		return 0;
	case STPD_B_TXHOLD:
		if (parse_num(v, STP_MIN_TX_HOLD_COUNT, STP_MAX_TX_HOLD_COUNT, out))
			return brkit_whyf(wb, len, -EINVAL, "txholdcount '%s': not %u to %u", v,
					  STP_MIN_TX_HOLD_COUNT, STP_MAX_TX_HOLD_COUNT);
		return 0;
	case STPD_B_AGEING:
		/* 802.1D-2004 Table 7-5 (and mstpd): Ageing Time 10 .. 1000000 s */
		if (parse_num(v, 10, 1000000, out))
			return brkit_whyf(wb, len, -EINVAL,
					  "ageing '%s': not 10 to 1000000 seconds (802.1D)", v);
		return 0;
	case STPD_B_STP:
		if (parse_onoff(v, out))
			return brkit_whyf(wb, len, -EINVAL, "%s '%s': not on, off, yes, no, 1 or 0",
					  name, v);
		return 0;
	case STPD_B_RULES:
		return stpd_rules_parse(v, out, wb, len);
	}
	return brkit_whyf(wb, len, -EINVAL, "unknown setting");
}

static int popt(unsigned int k, const char *v, uint32_t *out, char *wb, size_t len)
{
	switch (k) {
	case STPD_P_COST:
		if (parse_num(v, STP_MIN_PATH_COST, STP_MAX_PATH_COST, out))
			return brkit_whyf(wb, len, -EINVAL, "cost '%s': not 1 to 200000000", v);
		return 0;
	case STPD_P_PRIORITY:
		if (parse_num(v, 0, STP_MAX_PORT_PRIORITY, out) || *out % STP_PORT_PRIORITY_STEP)
			return brkit_whyf(wb, len, -EINVAL,
					  "priority '%s': not a multiple of 16 from 0 to 240", v);
		return 0;
	case STPD_P_P2P:
		if (!strcmp(v, "auto"))
			*out = STP_P2P_AUTO;
		else if (!strcmp(v, "on"))
			*out = STP_P2P_ON;
		else if (!strcmp(v, "off"))
			*out = STP_P2P_OFF;
		else
			return brkit_whyf(wb, len, -EINVAL, "p2p '%s': not on, off or auto", v);
		return 0;
	default:
		if (parse_onoff(v, out))
			return brkit_whyf(wb, len, -EINVAL, "%s '%s': not on, off, yes, no, 1 or 0",
					  pnames[k], v);
		return 0;
	}
}

int stpd_opts_parse(struct stpd_opts *o, int argc, char **argv, char *wb, size_t len)
{
	struct stpd_opts n = { .port = o->port };
	unsigned int count = o->port ? STPD_P_COUNT : STPD_B_COUNT;
	const char *const *names = o->port ? pnames : bnames;
	bool strict_seen = false;
	int i = 0;

	if (argc <= 0)
		return brkit_whyf(wb, len, -EINVAL, "no setting given");
	while (i < argc) {
		bool strict = !o->port && !strcmp(argv[i], "strict");
		unsigned int k;
		int err;

		for (k = 0; k < count; k++)
			if (!strcmp(argv[i], names[k]))
				break;
		/* `strict on|off` is `rules none|safe`: the same setting */
		if (strict)
			k = STPD_B_RULES;
		if (k == count)
			return brkit_whyf(wb, len, -EINVAL, "unknown setting '%s'", argv[i]);
		if (n.mask & (1u << k)) {
			if (k == STPD_B_RULES && strict != strict_seen)
				return brkit_whyf(wb, len, -EINVAL,
						  "'strict' and 'rules' both set the rules: give "
						  "one");
			return brkit_whyf(wb, len, -EINVAL, "'%s' given twice", argv[i]);
		}
		if (k == STPD_B_RULES)
			strict_seen = strict;
		n.mask |= 1u << k;
		if (o->port && (k == STPD_P_MCHECK || k == STPD_P_ENABLE)) {
			n.val[k] = 1;
			i++;
			continue;
		}
		if (i + 1 >= argc)
			return brkit_whyf(wb, len, -EINVAL, "'%s' needs a value", argv[i]);
		if (strict) {
			err = parse_onoff(argv[i + 1], &n.val[k]);
			if (err)
				return brkit_whyf(wb, len, -EINVAL,
						  "strict '%s': not on, off, yes, no, 1 or 0",
						  argv[i + 1]);
			n.val[k] = n.val[k] ? 0 : STP_RULES_SAFE;
			i += 2;
			continue;
		}
		err = o->port ? popt(k, argv[i + 1], &n.val[k], wb, len)
			      : bopt(k, argv[i + 1], &n.val[k], wb, len);
		if (err)
			return err;
		i += 2;
	}
	*o = n;
	return 0;
}

void stpd_opts_format(const struct stpd_opts *o, char *buf, size_t len)
{
	unsigned int count = o->port ? STPD_P_COUNT : STPD_B_COUNT, k;
	size_t off = 0;

	buf[0] = 0;
	for (k = 0; k < count && off < len; k++) {
		const char *v;
		char num[96];

		if (!(o->mask & (1u << k)))
			continue;
		if (o->port && (k == STPD_P_MCHECK || k == STPD_P_ENABLE)) {
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? " " : "",
						pnames[k]);
			continue;
		}
		if (!o->port && k == STPD_B_FORCEVERS)
			v = o->val[k] == STP_FORCE_STP ? "stp" : "rstp";
		else if (o->port && k == STPD_P_P2P)
			v = o->val[k] == STP_P2P_ON    ? "on"
			    : o->val[k] == STP_P2P_OFF ? "off"
						       : "auto";
		else if (!o->port && k == STPD_B_RULES) {
			stpd_rules_format(o->val[k], num, sizeof(num));
			v = num;
		} else if ((o->port && k >= STPD_P_EDGE) || (!o->port && k == STPD_B_STP))
			v = o->val[k] ? "on" : "off";
		else {
			snprintf(num, sizeof(num), "%u", o->val[k]);
			v = num;
		}
		off += (size_t)snprintf(buf + off, len - off, "%s%s %s", off ? " " : "",
					o->port ? pnames[k] : bnames[k], v);
	}
}

int stpd_split(char *line, char **argv, int max)
{
	int n = 0;
	char *p = line, *tok;

	while ((tok = strsep(&p, " \t\r\n")) != NULL) {
		if (!*tok)
			continue;
		if (n == max)
			return -E2BIG;
		argv[n++] = tok;
	}
	return n;
}

void stpd_conf_free(struct stpd_conf *c)
{
	free(c->lines);
	memset(c, 0, sizeof(*c));
}

static int pattern_ok(const char *p)
{
	size_t n = strlen(p);

	return n > 0 && n < IFNAMSIZ * 2;
}

/* A bridge line that sets any of hello, maxage, fdelay must meet 802.1D's
 * relation (17.14, the engine's own stp_times_valid()) with the engine's
 * defaults for the ones it does not set: the engine would refuse it when
 * applied, and then with no file or line. */
static bool times_bad(const struct stpd_opts *o, char *wb, size_t len)
{
	const uint32_t tm = (1u << STPD_B_HELLO) | (1u << STPD_B_MAXAGE) | (1u << STPD_B_FDELAY);
	uint32_t h = STP_DEFAULT_HELLO_TIME, m = STP_DEFAULT_MAX_AGE, f = STP_DEFAULT_FORWARD_DELAY;

	if (!(o->mask & tm))
		return false;
	if (o->mask & (1u << STPD_B_HELLO))
		h = o->val[STPD_B_HELLO];
	if (o->mask & (1u << STPD_B_MAXAGE))
		m = o->val[STPD_B_MAXAGE];
	if (o->mask & (1u << STPD_B_FDELAY))
		f = o->val[STPD_B_FDELAY];
	if (stp_times_valid(h, m, f))
		return false;
	snprintf(wb, len,
		 "hello %u, maxage %u, fdelay %u: 802.1D needs 2 x (fdelay - 1) >= maxage >= "
		 "2 x (hello + 1) (timers a line does not set count at their defaults 2, 20, 15)",
		 h, m, f);
	return true;
}

int stpd_conf_parse(const char *file, const char *text, struct stpd_conf *out, char *err,
		    size_t errlen)
{
	struct stpd_conf c = { 0 };
	const char *p = text;
	unsigned int lineno = 0;
	char line[STPD_MAX_REQ];

	memset(out, 0, sizeof(*out));
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *argv[STPD_MAX_WORDS], *hash, wb[160];
		struct stpd_conf_line *l, *nlines;
		int argc, first;

		lineno++;
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "%s:%u: line too long", file, lineno);
			goto bad;
		}
		memcpy(line, p, n);
		line[n] = 0;
		p += n + (nl ? 1 : 0);
		hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		argc = stpd_split(line, argv, STPD_MAX_WORDS);
		if (argc < 0) {
			snprintf(err, errlen, "%s:%u: too many words", file, lineno);
			goto bad;
		}
		if (argc == 0)
			continue;
		if (!strcmp(argv[0], "control")) {
			if (argc != 3 || strcmp(argv[1], "group")) {
				snprintf(err, errlen, "%s:%u: expected 'control group NAME'", file,
					 lineno);
				goto bad;
			}
			if (c.ctl_group[0]) {
				snprintf(err, errlen,
					 "%s:%u: control group given twice (also line %u)", file,
					 lineno, c.ctl_group_line);
				goto bad;
			}
			if (strlen(argv[2]) >= sizeof(c.ctl_group)) {
				snprintf(err, errlen,
					 "%s:%u: control group name longer than %zu bytes", file,
					 lineno, sizeof(c.ctl_group) - 1);
				goto bad;
			}
			strcpy(c.ctl_group, argv[2]);
			c.ctl_group_line = lineno;
			continue;
		}
		nlines = realloc(c.lines, (c.n + 1) * sizeof(*c.lines));
		if (!nlines) {
			snprintf(err, errlen, "%s:%u: out of memory", file, lineno);
			goto bad;
		}
		c.lines = nlines;
		l = &c.lines[c.n];
		memset(l, 0, sizeof(*l));
		l->lineno = lineno;
		if (!strcmp(argv[0], "bridge") && argc >= 2) {
			first = 2;
		} else if (!strcmp(argv[0], "port") && argc >= 3) {
			l->opts.port = true;
			first = 3;
			if (!pattern_ok(argv[2])) {
				snprintf(err, errlen, "%s:%u: port pattern '%s' too long", file,
					 lineno, argv[2]);
				goto bad;
			}
			strcpy(l->port, argv[2]);
		} else {
			snprintf(err, errlen,
				 "%s:%u: expected 'bridge PATTERN SETTING VALUE...', "
				 "'port BRIDGE PORT SETTING VALUE...' or 'control group NAME'",
				 file, lineno);
			goto bad;
		}
		if (!pattern_ok(argv[1])) {
			snprintf(err, errlen, "%s:%u: bridge pattern '%s' too long", file, lineno,
				 argv[1]);
			goto bad;
		}
		strcpy(l->br, argv[1]);
		if (stpd_opts_parse(&l->opts, argc - first, argv + first, wb, sizeof(wb))) {
			snprintf(err, errlen, "%s:%u: %s", file, lineno, wb);
			goto bad;
		}
		if (!l->opts.port && times_bad(&l->opts, wb, sizeof(wb))) {
			snprintf(err, errlen, "%s:%u: %s", file, lineno, wb);
			goto bad;
		}
		if (l->opts.port &&
		    (l->opts.mask & ((1u << STPD_P_MCHECK) | (1u << STPD_P_ENABLE)))) {
			snprintf(err, errlen, "%s:%u: mcheck and enable are commands, not settings",
				 file, lineno);
			goto bad;
		}
		c.n++;
	}
	*out = c;
	return 0;
bad:
	stpd_conf_free(&c);
	return -EINVAL;
}

void stpd_conf_match(const struct stpd_conf *c, const char *br, const char *port,
		     struct stpd_opts *o)
{
	size_t i;
	unsigned int k;

	for (i = 0; i < c->n; i++) {
		const struct stpd_conf_line *l = &c->lines[i];

		if (l->opts.port != (port != NULL) || fnmatch(l->br, br, 0))
			continue;
		if (port && fnmatch(l->port, port, 0))
			continue;
		for (k = 0; k < STPD_OPTS_MAX; k++)
			if (l->opts.mask & (1u << k))
				o->val[k] = l->opts.val[k];
		o->mask |= l->opts.mask;
	}
}

bool stpd_req_is_change(const char *verb)
{
	return strcmp(verb, "show") != 0;
}

void stpd_req_name(int argc, char **argv, char *buf, size_t len)
{
	const char *a1 = argc > 1 ? argv[1] : "?", *a2 = argc > 2 ? argv[2] : "?";

	if (argc <= 0)
		snprintf(buf, len, "request");
	else if (!strcmp(argv[0], "set"))
		snprintf(buf, len, "stp set %s", a1);
	else if (!strcmp(argv[0], "port"))
		snprintf(buf, len, "stp port set %s %s", a1, a2);
	else if (!strcmp(argv[0], "on") || !strcmp(argv[0], "off"))
		snprintf(buf, len, "stp %s %s", a1, argv[0]);
	else
		snprintf(buf, len, "%s", argv[0]);
}

int stpd_rec_parse(char *line, struct stpd_rec *r)
{
	char *argv[STPD_MAX_FIELDS + 1];
	int argc = stpd_split(line, argv, STPD_MAX_FIELDS + 1), i;

	if (argc <= 0 || strlen(argv[0]) >= sizeof(r->kind))
		return -EINVAL;
	strcpy(r->kind, argv[0]);
	r->n = 0;
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq || eq == argv[i])
			return -EINVAL;
		*eq = 0;
		r->key[r->n] = argv[i];
		r->val[r->n] = eq + 1;
		r->n++;
	}
	return 0;
}

const char *stpd_rec_get(const struct stpd_rec *r, const char *key)
{
	unsigned int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], key))
			return r->val[i];
	return NULL;
}

size_t stpd_mode_request(void *buf, size_t len, uint32_t seq, int ifindex, uint32_t mode,
			 uint32_t stp_state)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li, *data;

	if (len < 128)
		return 0;
	memset(buf, 0, 128);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* the order on the wire does not matter: the kernel reads the mode first */
	mnl_attr_put_u32(nlh, STPD_IFLA_BR_STP_MODE, mode);
	mnl_attr_put_u32(nlh, IFLA_BR_STP_STATE, stp_state);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return nlh->nlmsg_len;
}

int stpd_frame_parse(int pkttype, const uint8_t *frame, size_t len, struct stp_bpdu *out)
{
	/* PACKET_OUTGOING: our own transmissions; HOST, BROADCAST, OTHERHOST:
	 * not sent to a group, so not to 01:80:c2:00:00:00 */
	if (pkttype != PACKET_MULTICAST)
		return -1;
	return (int)stp_frame_decode(frame, len, out);
}

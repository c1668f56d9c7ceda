// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit stp's layouts for people, and the words the brctl, bridge and port
 * verbs send to brkit-stpd. Pure: writes to a FILE or a buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/print.h"
#include "cli/show_stp.h"
#include "stp/bpdu.h"
#include "stpd/stpd.h"

/* ---- stp show ---- */

static const char *yesno(const char *v)
{
	if (!v)
		return "-";
	if (!strcmp(v, "1"))
		return "yes";
	if (!strcmp(v, "0"))
		return "no";
	return v;
}

static const char *get(const struct stpd_rec *r, const char *k)
{
	const char *v = stpd_rec_get(r, k);

	return v ? v : "-";
}

/* Two label/value pairs a line, as mstpctl showbridge. */
static void pairs(FILE *f, const char *const (*lv)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 2) {
		if (i + 1 < n)
			fprintf(f, "  %-18s %-22s %-18s %s\n", lv[i][0], lv[i][1], lv[i + 1][0],
				lv[i + 1][1]);
		else
			fprintf(f, "  %-18s %s\n", lv[i][0], lv[i][1]);
	}
}

static void fmt_bridge(FILE *f, const struct stpd_rec *r)
{
	const char *ageing = stpd_rec_get(r, "ageing");
	const char *const lv[][2] = {
		{ "bridge id", get(r, "id") },
		{ "designated root", get(r, "root") },
		{ "root port", get(r, "root_port") },
		{ "path cost", get(r, "root_cost") },
		{ "is root", yesno(stpd_rec_get(r, "is_root")) },
		{ "force protocol", get(r, "forcevers") },
		{ "hello time", get(r, "hello") },
		{ "max age", get(r, "maxage") },
		{ "forward delay", get(r, "fdelay") },
		{ "tx hold count", get(r, "txholdcount") },
		{ "ageing time", ageing ? ageing : "kernel's" },
		{ "strict 802.1D", yesno(stpd_rec_get(r, "strict")) },
		{ "rules", get(r, "rules") },
	};

	fprintf(f, "%s (brkit-stpd, mode %s)\n", get(r, "name"), get(r, "mode"));
	pairs(f, lv, sizeof(lv) / sizeof(lv[0]));
}

static void fmt_port_head(FILE *f)
{
	fprintf(f, "  %-15s %-4s  %-10s  %-10s  %-10s  %9s  %-17s  %-5s  %-4s  %s\n", "port", "id",
		"role", "state", "kernel", "cost", "designated bridge", "dport", "edge", "p2p");
}

static void fmt_port_row(FILE *f, const struct stpd_rec *r)
{
	fprintf(f, "  %-15s %-4s  %-10s  %-10s  %-10s  %9s  %-17s  %-5s  %-4s  %s\n",
		get(r, "name"), get(r, "port_id"), get(r, "role"), get(r, "state"),
		get(r, "kernel_state"), get(r, "cost"), get(r, "designated_bridge"),
		get(r, "designated_port"), yesno(stpd_rec_get(r, "edge")),
		yesno(stpd_rec_get(r, "p2p")));
}

/* -d: every field of the port, two a line, its key as the label. */
static void fmt_port_detail(FILE *f, const struct stpd_rec *r)
{
	const char *left = NULL, *lval = NULL;
	char lbuf[48];
	unsigned int i;

	fprintf(f, "\n  %s:%s\n", get(r, "bridge"), get(r, "name"));
	for (i = 0; i < r->n; i++) {
		char label[48];
		size_t k;

		if (!strcmp(r->key[i], "bridge") || !strcmp(r->key[i], "name"))
			continue;
		snprintf(label, sizeof(label), "%s", r->key[i]);
		for (k = 0; label[k]; k++)
			if (label[k] == '_')
				label[k] = ' ';
		if (!left) {
			memcpy(lbuf, label, sizeof(lbuf));
			left = lbuf;
			lval = r->val[i];
			continue;
		}
		fprintf(f, "    %-22s %-20s %-22s %s\n", left, lval, label, r->val[i]);
		left = NULL;
	}
	if (left)
		fprintf(f, "    %-22s %s\n", left, lval);
}

#define SHOW_MAX_PORTS 4096

void stp_fmt_show(FILE *f, char *body, bool detail)
{
	char *line, *save = NULL;
	char *held[SHOW_MAX_PORTS];
	size_t nheld = 0, i;
	bool first = true, in_bridge = false;

	/* a bridge's port lines are printed twice with -d (table, then
	 * details): keep copies of them until the bridge ends */
	for (line = strtok_r(body, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
		struct stpd_rec r;
		char *copy;

		if (!line || !strncmp(line, "bridge ", 7)) {
			for (i = 0; i < nheld; i++) {
				if (!stpd_rec_parse(held[i], &r))
					fmt_port_detail(f, &r);
				free(held[i]);
			}
			nheld = 0;
			if (!line)
				break;
		}
		copy = detail && !strncmp(line, "port ", 5) && nheld < SHOW_MAX_PORTS ? strdup(line)
										      : NULL;
		if (stpd_rec_parse(line, &r)) {
			free(copy);
			continue;
		}
		if (!strcmp(r.kind, "daemon")) {
			fprintf(f, "brkit-stpd pid %s, namespace %s\n", get(&r, "pid"),
				get(&r, "netns"));
		} else if (!strcmp(r.kind, "bridge")) {
			fprintf(f, "%s", first ? "" : "\n");
			first = false;
			fmt_bridge(f, &r);
			in_bridge = false;
		} else if (!strcmp(r.kind, "port")) {
			if (!in_bridge) {
				fputc('\n', f);
				fmt_port_head(f);
				in_bridge = true;
			}
			fmt_port_row(f, &r);
			if (copy)
				held[nheld++] = copy, copy = NULL;
		}
		free(copy);
	}
}

/* ---- stp trace ---- */

static void id_str(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%04x.%012llx", (unsigned int)(id >> 48),
		 (unsigned long long)(id & 0xffffffffffffull));
}

/* a BPDU time (1/256 s) as "20s" or "1.50s" */
static void bpdu_time(char *buf, size_t len, unsigned int t)
{
	if (t % 256 == 0)
		snprintf(buf, len, "%us", t / 256);
	else
		snprintf(buf, len, "%.2fs", t / 256.0);
}

static void bpdu_secs(char *buf, size_t len, unsigned int t)
{
	if (t % 256 == 0)
		snprintf(buf, len, "%u", t / 256);
	else
		snprintf(buf, len, "%.4f", t / 256.0);
}

static const char *const role_short[] = { "Unkn", "Alt", "Root", "Desig" };

static const char *bpdu_type(const struct stp_bpdu *b)
{
	if (b->type == STP_BPDU_TCN)
		return "TCN";
	if (b->type == STP_BPDU_CONFIG)
		return "CONFIG";
	return b->version >= 3 ? "MST" : "RST";
}

static void trace_text(FILE *f, const struct timeval *ts, const char *dev, bool out,
		       enum stp_drop_reason r, const struct stp_bpdu *b, size_t len)
{
	char when[32], root[24], br[24], t[4][16];
	struct tm tm;
	time_t sec = ts->tv_sec;

	localtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	fprintf(f, "%s.%06ld %s %s ", when, (long)ts->tv_usec, dev, out ? "out" : "in");
	if (r != STP_DROP_NONE) {
		fprintf(f, "malformed (%s), %zu bytes\n", stp_drop_reason_name(r), len);
		return;
	}
	fprintf(f, "%s v%u", bpdu_type(b), b->version);
	if (b->type == STP_BPDU_TCN) {
		fputc('\n', f);
		return;
	}
	if (b->flags & STP_FLAG_TC)
		fputs(" TC", f);
	if (b->type == STP_BPDU_RST) {
		if (b->flags & STP_FLAG_PROPOSAL)
			fputs(" P", f);
		fprintf(f, " R=%s",
			role_short[(b->flags & STP_FLAG_ROLE_MASK) >> STP_FLAG_ROLE_SHIFT]);
		if (b->flags & STP_FLAG_LEARNING)
			fputs(" L", f);
		if (b->flags & STP_FLAG_FORWARDING)
			fputs(" F", f);
		if (b->flags & STP_FLAG_AGREEMENT)
			fputs(" A", f);
	}
	if (b->flags & STP_FLAG_TCA)
		fputs(" TCA", f);
	id_str(b->root_id, root);
	id_str(b->bridge_id, br);
	bpdu_time(t[0], sizeof(t[0]), b->message_age);
	bpdu_time(t[1], sizeof(t[1]), b->max_age);
	bpdu_time(t[2], sizeof(t[2]), b->hello_time);
	bpdu_time(t[3], sizeof(t[3]), b->forward_delay);
	fprintf(f, " root %s cost %u bridge %s port %04x age %s max %s hello %s fdelay %s\n", root,
		b->root_path_cost, br, b->port_id, t[0], t[1], t[2], t[3]);
}

static void trace_json(FILE *f, const struct timeval *ts, const char *dev, bool out,
		       enum stp_drop_reason r, const struct stp_bpdu *b, size_t len)
{
	static const char *const flag_key[] = { "tc",	    "proposal",	  NULL,	       NULL,
						"learning", "forwarding", "agreement", "tca" };
	char buf[32], id[24];
	struct pr p;
	unsigned int i;

	pr_init(&p, f, true, false);
	pr_open_obj(&p, NULL);
	snprintf(buf, sizeof(buf), "%lld.%06ld", (long long)ts->tv_sec, (long)ts->tv_usec);
	pr_num(&p, PR_JSON, "time", "%s", buf);
	pr_str(&p, PR_JSON, "dev", "%s", dev);
	pr_str(&p, PR_JSON, "dir", "%s", out ? "out" : "in");
	if (r != STP_DROP_NONE) {
		pr_str(&p, PR_JSON, "malformed", "%s", stp_drop_reason_name(r));
		pr_uint(&p, PR_JSON, "bytes", "%u", (unsigned int)len);
		goto end;
	}
	pr_str(&p, PR_JSON, "type", "%s", bpdu_type(b));
	pr_uint(&p, PR_JSON, "version", "%u", b->version);
	if (b->type == STP_BPDU_TCN)
		goto end;
	pr_uint(&p, PR_JSON, "flags", "%u", b->flags);
	for (i = 0; i < 8; i++) {
		if (!flag_key[i])
			continue;
		if (b->type != STP_BPDU_RST && i != 0 && i != 7)
			continue;
		pr_bool(&p, PR_JSON, flag_key[i], "%d", !!(b->flags & (1u << i)));
	}
	if (b->type == STP_BPDU_RST)
		pr_str(&p, PR_JSON, "role", "%s",
		       role_short[(b->flags & STP_FLAG_ROLE_MASK) >> STP_FLAG_ROLE_SHIFT]);
	id_str(b->root_id, id);
	pr_str(&p, PR_JSON, "root", "%s", id);
	pr_uint(&p, PR_JSON, "root_cost", "%u", b->root_path_cost);
	id_str(b->bridge_id, id);
	pr_str(&p, PR_JSON, "bridge", "%s", id);
	snprintf(buf, sizeof(buf), "%04x", b->port_id);
	pr_str(&p, PR_JSON, "port", "%s", buf);
	bpdu_secs(buf, sizeof(buf), b->message_age);
	pr_num(&p, PR_JSON, "message_age", "%s", buf);
	bpdu_secs(buf, sizeof(buf), b->max_age);
	pr_num(&p, PR_JSON, "max_age", "%s", buf);
	bpdu_secs(buf, sizeof(buf), b->hello_time);
	pr_num(&p, PR_JSON, "hello_time", "%s", buf);
	bpdu_secs(buf, sizeof(buf), b->forward_delay);
	pr_num(&p, PR_JSON, "forward_delay", "%s", buf);
end:
	pr_close_obj(&p);
	pr_end(&p);
}

void stp_fmt_trace(FILE *f, bool json, const struct timeval *ts, const char *dev, bool out,
		   const unsigned char *frame, size_t len)
{
	struct stp_bpdu b;
	enum stp_drop_reason r = stp_frame_decode(frame, len, &b);

	if (json)
		trace_json(f, ts, dev, out, r, &b, len);
	else
		trace_text(f, ts, dev, out, r, &b, len);
}

/* ---- the verbs' words for brkit-stpd ---- */

static int add_word(char *words, size_t len, const char *key, unsigned long v)
{
	size_t off = strlen(words);
	int n = snprintf(words + off, len - off, "%s%s %lu", off ? " " : "", key, v);

	return n < 0 || (size_t)n >= len - off ? -E2BIG : 0;
}

static int whole_secs(uint32_t cs, const char *what, unsigned long *s, char *why, size_t wlen)
{
	if (cs % 100) {
		snprintf(why, wlen, "%s %u.%02u s: brkit-stpd takes whole seconds", what, cs / 100,
			 cs % 100);
		return -EINVAL;
	}
	*s = cs / 100;
	return 0;
}

int stpd_words_bridge(struct brkit_bridge_opts *o, char *words, size_t len, char *why, size_t wlen)
{
	unsigned long s;
	int err = 0;

	words[0] = 0;
	if (o->mask & BRKIT_BR_PRIORITY)
		err = err ?: add_word(words, len, "priority", o->priority);
	if (!err && (o->mask & BRKIT_BR_FORWARD_DELAY)) {
		err = whole_secs(o->forward_delay, "forward delay", &s, why, wlen);
		if (err)
			return err;
		err = add_word(words, len, "fdelay", s);
	}
	if (!err && (o->mask & BRKIT_BR_HELLO_TIME)) {
		err = whole_secs(o->hello_time, "hello time", &s, why, wlen);
		if (err)
			return err;
		err = add_word(words, len, "hello", s);
	}
	if (!err && (o->mask & BRKIT_BR_MAX_AGE)) {
		err = whole_secs(o->max_age, "max age", &s, why, wlen);
		if (err)
			return err;
		err = add_word(words, len, "maxage", s);
	}
	if (err) {
		snprintf(why, wlen, "too many settings");
		return -EINVAL;
	}
	o->mask &= ~(uint32_t)(BRKIT_BR_PRIORITY | BRKIT_BR_FORWARD_DELAY | BRKIT_BR_HELLO_TIME |
			       BRKIT_BR_MAX_AGE);
	return 0;
}

int stpd_words_port(struct brkit_port_opts *o, char *words, size_t len, char *why, size_t wlen)
{
	int err = 0;

	words[0] = 0;
	if (o->has_cost)
		err = add_word(words, len, "cost", o->cost);
	if (!err && o->has_priority) {
		/* the kernel's port priority is the top 6 bits of the port id,
		 * 802.1D's the top 4: brctl's 32 is 802.1D's 128 */
		if (o->priority % 4) {
			snprintf(
				why, wlen,
				"port priority %u: brkit-stpd takes 802.1D's steps of 16 (0 to 240), "
				"here in the kernel's units (0 to 60 in steps of 4; 32 is 802.1D's 128)",
				o->priority);
			return -EINVAL;
		}
		err = add_word(words, len, "priority", (unsigned long)o->priority * 4);
	}
	if (!err && (o->flags_mask & BRKIT_PF_GUARD))
		err = add_word(words, len, "bpduguard", !!(o->flags & BRKIT_PF_GUARD));
	if (!err && (o->flags_mask & BRKIT_PF_PROTECT))
		err = add_word(words, len, "rootguard", !!(o->flags & BRKIT_PF_PROTECT));
	if (err) {
		snprintf(why, wlen, "too many settings");
		return -EINVAL;
	}
	o->has_cost = o->has_priority = false;
	o->flags_mask &= ~(uint32_t)(BRKIT_PF_GUARD | BRKIT_PF_PROTECT);
	o->flags &= ~(uint32_t)(BRKIT_PF_GUARD | BRKIT_PF_PROTECT);
	return 0;
}

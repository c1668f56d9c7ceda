// SPDX-License-Identifier: GPL-2.0-or-later
/* The one print path: text or streamed JSON, one call per field (see print.h). */
#include <stdarg.h>
#include <string.h>
#include "cli/print.h"

static const char hexd[] = "0123456789abcdef";

void pr_init(struct pr *p, FILE *f, bool json, bool pretty)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->json = json;
	p->pretty = json && pretty;
}

static void put(struct pr *p, const char *s, size_t n)
{
	fwrite_unlocked(s, 1, n, p->f);
}

static void puts_(struct pr *p, const char *s)
{
	put(p, s, strlen(s));
}

static void put_ull(FILE *f, unsigned long long v)
{
	char tmp[24];
	int n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fwrite_unlocked(tmp + n, 1, sizeof(tmp) - (size_t)n, f);
}

static void put_ll(FILE *f, long long v)
{
	if (v < 0) {
		putc_unlocked('-', f);
		put_ull(f, 0ULL - (unsigned long long)v);
	} else {
		put_ull(f, (unsigned long long)v);
	}
}

static void put_hex(FILE *f, unsigned long long v)
{
	char tmp[16];
	int n = sizeof(tmp);

	do {
		tmp[--n] = hexd[v & 15];
		v >>= 4;
	} while (v);
	fwrite_unlocked(tmp + n, 1, sizeof(tmp) - (size_t)n, f);
}

void pr_json_string(FILE *f, const char *s)
{
	const char *run = s;

	putc_unlocked('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		const char *esc = NULL;

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		fwrite_unlocked(run, 1, (size_t)(s - run), f);
		run = s + 1;
		switch (ch) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		}
		if (esc) {
			fputs_unlocked(esc, f);
		} else {
			fputs_unlocked("\\u00", f);
			putc_unlocked(hexd[ch >> 4], f);
			putc_unlocked(hexd[ch & 15], f);
		}
	}
	fwrite_unlocked(run, 1, (size_t)(s - run), f);
	putc_unlocked('"', f);
}

/* ---- JSON structure ---- */

static void indent(struct pr *p)
{
	unsigned int i;

	putc_unlocked('\n', p->f);
	for (i = 0; i < p->depth; i++)
		put(p, "    ", 4);
}

/* Before a value: the separator, the pretty indent and the member's key. */
static void member(struct pr *p, const char *key)
{
	if (p->depth && p->depth <= PR_MAXDEPTH) {
		uint32_t bit = 1u << (p->depth - 1);

		if (p->used & bit)
			putc_unlocked(',', p->f);
		p->used |= bit;
		if (p->pretty)
			indent(p);
		if (key && !(p->arr & bit)) {
			pr_json_string(p->f, key);
			putc_unlocked(':', p->f);
			if (p->pretty)
				putc_unlocked(' ', p->f);
		}
	}
}

static void open_(struct pr *p, const char *key, char ch, bool arr)
{
	if (!p->json)
		return;
	member(p, key);
	putc_unlocked(ch, p->f);
	p->depth++;
	if (p->depth <= PR_MAXDEPTH) {
		uint32_t bit = 1u << (p->depth - 1);

		p->used &= ~bit;
		if (arr)
			p->arr |= bit;
		else
			p->arr &= ~bit;
	}
}

static void close_(struct pr *p, char ch)
{
	bool had;

	if (!p->json || !p->depth)
		return;
	had = p->depth > PR_MAXDEPTH || (p->used & (1u << (p->depth - 1)));
	p->depth--;
	if (p->pretty && had)
		indent(p);
	putc_unlocked(ch, p->f);
}

void pr_open_obj(struct pr *p, const char *key)
{
	open_(p, key, '{', false);
}

void pr_close_obj(struct pr *p)
{
	close_(p, '}');
}

void pr_open_arr(struct pr *p, const char *key)
{
	open_(p, key, '[', true);
}

void pr_close_arr(struct pr *p)
{
	close_(p, ']');
}

void pr_json_end(struct pr *p)
{
	if (p->json && !p->depth)
		putc_unlocked('\n', p->f);
}

/* ---- text ---- */

enum val_type { V_UINT, V_INT, V_U64, V_STR };

/* Write @fmt with its single conversion. Plain conversions are written here
 * (the FDB dump prints 100k lines: printf's parsing would double its cost);
 * anything with flags, a width or a precision goes through vfprintf. */
static void text(struct pr *p, const char *fmt, enum val_type t, va_list ap)
{
	const char *pc = strchr(fmt, '%'), *q;
	bool ll = false;

	if (!pc) {
		puts_(p, fmt);
		return;
	}
	q = pc + 1;
	if (q[0] == 'l' && q[1] == 'l') {
		ll = true;
		q += 2;
	}
	if (!strchr("udisx", *q) || !*q || strchr(q + 1, '%') || ll != (t == V_U64)) {
		vfprintf(p->f, fmt, ap);
		return;
	}
	put(p, fmt, (size_t)(pc - fmt));
	switch (*q) {
	case 's':
		puts_(p, va_arg(ap, const char *));
		break;
	case 'u':
		if (ll)
			put_ull(p->f, va_arg(ap, unsigned long long));
		else
			put_ull(p->f, va_arg(ap, unsigned int));
		break;
	case 'x':
		if (ll)
			put_hex(p->f, va_arg(ap, unsigned long long));
		else
			put_hex(p->f, va_arg(ap, unsigned int));
		break;
	default: /* d, i */
		if (ll)
			put_ll(p->f, va_arg(ap, long long));
		else
			put_ll(p->f, va_arg(ap, int));
		break;
	}
	puts_(p, q + 1);
}

void pr_text(struct pr *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	va_start(ap, fmt);
	if (!strchr(fmt, '%'))
		puts_(p, fmt);
	else
		vfprintf(p->f, fmt, ap);
	va_end(ap);
}

/* Should this field be written, and in which form? */
static bool wanted(const struct pr *p, enum pr_kind k)
{
	return (k & (p->json ? PR_JSON : PR_TEXT)) != 0;
}

void pr_str(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, k))
		return;
	va_start(ap, fmt);
	if (p->json) {
		member(p, key);
		pr_json_string(p->f, va_arg(ap, const char *));
	} else {
		text(p, fmt, V_STR, ap);
	}
	va_end(ap);
}

void pr_uint(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, k))
		return;
	va_start(ap, fmt);
	if (p->json) {
		member(p, key);
		put_ull(p->f, va_arg(ap, unsigned int));
	} else {
		text(p, fmt, V_UINT, ap);
	}
	va_end(ap);
}

void pr_int(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, k))
		return;
	va_start(ap, fmt);
	if (p->json) {
		member(p, key);
		put_ll(p->f, va_arg(ap, int));
	} else {
		text(p, fmt, V_INT, ap);
	}
	va_end(ap);
}

void pr_u64(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, k))
		return;
	va_start(ap, fmt);
	if (p->json) {
		member(p, key);
		put_ull(p->f, va_arg(ap, unsigned long long));
	} else {
		text(p, fmt, V_U64, ap);
	}
	va_end(ap);
}

void pr_bool(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, k))
		return;
	va_start(ap, fmt);
	if (p->json) {
		member(p, key);
		puts_(p, va_arg(ap, int) ? "true" : "false");
	} else {
		vfprintf(p->f, fmt, ap);
	}
	va_end(ap);
}

void pr_null(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, k))
		return;
	va_start(ap, fmt);
	if (p->json) {
		member(p, key);
		puts_(p, "null");
	} else {
		text(p, fmt, V_STR, ap);
	}
	va_end(ap);
}

void pr_num(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, k))
		return;
	va_start(ap, fmt);
	if (p->json) {
		member(p, key);
		puts_(p, va_arg(ap, const char *));
	} else {
		text(p, fmt, V_STR, ap);
	}
	va_end(ap);
}

void pr_centisecs(struct pr *p, enum pr_kind k, const char *key, const char *fmt,
		  unsigned long long cs)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu.%02llu", cs / 100, cs % 100);
	pr_num(p, k, key, fmt, buf);
}

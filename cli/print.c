// SPDX-License-Identifier: GPL-2.0-or-later
/* The one print path: text or streamed JSON, one call per field (see print.h). */
#include <stdarg.h>
#include <string.h>
#include "cli/print.h"

static const char hexd[] = "0123456789abcdef";

/* In the BSS: touched only when used, never freed (stdio uses it until exit). */
static char bigbuf[1 << 20];

void pr_big_buffer(FILE *f)
{
	static FILE *owner;

	if (owner)
		return;
	fflush(f);
	if (setvbuf(f, bigbuf, _IOFBF, sizeof(bigbuf)) == 0)
		owner = f;
}

void pr_init(struct pr *p, FILE *f, bool json, bool pretty)
{
	p->depth = 0;
	p->used = p->arr = 0;
	p->len = 0;
	p->f = f;
	p->json = json;
	p->pretty = json && pretty;
}

/* ---- the staging buffer ---- */

static void flush(struct pr *p)
{
	if (p->len)
		fwrite_unlocked(p->buf, 1, p->len, p->f);
	p->len = 0;
}

static inline void putb(struct pr *p, char ch)
{
	if (p->len == PR_BUFLEN)
		flush(p);
	p->buf[p->len++] = ch;
}

static void put(struct pr *p, const char *s, size_t n)
{
	if (n > PR_BUFLEN - p->len) {
		flush(p);
		if (n >= PR_BUFLEN) {
			fwrite_unlocked(s, 1, n, p->f);
			return;
		}
	}
	memcpy(p->buf + p->len, s, n);
	p->len += n;
}

static void puts_(struct pr *p, const char *s)
{
	put(p, s, strlen(s));
}

static void put_ull(struct pr *p, unsigned long long v)
{
	char tmp[24];
	int n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(p, tmp + n, sizeof(tmp) - (size_t)n);
}

static void put_ll(struct pr *p, long long v)
{
	if (v < 0) {
		putb(p, '-');
		put_ull(p, 0ULL - (unsigned long long)v);
	} else {
		put_ull(p, (unsigned long long)v);
	}
}

static void put_hex(struct pr *p, unsigned long long v)
{
	char tmp[16];
	int n = sizeof(tmp);

	do {
		tmp[--n] = hexd[v & 15];
		v >>= 4;
	} while (v);
	put(p, tmp + n, sizeof(tmp) - (size_t)n);
}

/* A JSON string: '"', '\\' and control characters escaped; runs of plain
 * bytes are copied whole. */
static void put_jstr(struct pr *p, const char *s)
{
	const char *run = s;

	putb(p, '"');
	for (;; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		put(p, run, (size_t)(s - run));
		run = s + 1;
		if (!ch)
			break;
		putb(p, '\\');
		switch (ch) {
		case '"':
		case '\\':
			putb(p, (char)ch);
			break;
		case '\b':
			putb(p, 'b');
			break;
		case '\f':
			putb(p, 'f');
			break;
		case '\n':
			putb(p, 'n');
			break;
		case '\r':
			putb(p, 'r');
			break;
		case '\t':
			putb(p, 't');
			break;
		default:
			put(p, "u00", 3);
			putb(p, hexd[ch >> 4]);
			putb(p, hexd[ch & 15]);
		}
	}
	putb(p, '"');
}

/* ---- JSON structure ---- */

static void indent(struct pr *p)
{
	unsigned int i;

	putb(p, '\n');
	for (i = 0; i < p->depth; i++)
		put(p, "    ", 4);
}

/* Before a value: the separator, the pretty indent and the member's key. */
static void member(struct pr *p, const char *key)
{
	if (p->depth && p->depth <= PR_MAXDEPTH) {
		uint32_t bit = 1u << (p->depth - 1);

		if (p->used & bit)
			putb(p, ',');
		p->used |= bit;
		if (p->pretty)
			indent(p);
		if (key && !(p->arr & bit)) {
			/* keys are our own ASCII literals: nothing to escape */
			size_t n = strlen(key);
			char *b;

			if (n + 4 > PR_BUFLEN - p->len) {
				flush(p);
				if (n + 4 > PR_BUFLEN) { /* not a key we write */
					put_jstr(p, key);
					putb(p, ':');
					return;
				}
			}
			b = p->buf + p->len;
			*b++ = '"';
			memcpy(b, key, n);
			b += n;
			*b++ = '"';
			*b++ = ':';
			if (p->pretty)
				*b++ = ' ';
			p->len = (size_t)(b - p->buf);
		}
	}
}

static void open_(struct pr *p, const char *key, char ch, bool arr)
{
	if (!p->json)
		return;
	member(p, key);
	putb(p, ch);
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
	putb(p, ch);
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

void pr_end(struct pr *p)
{
	if (p->json && !p->depth)
		putb(p, '\n');
	flush(p);
}

/* ---- text ---- */

enum val_type { V_UINT, V_INT, V_U64, V_STR };

/* Write @fmt with its single conversion. Plain conversions are written here
 * (the FDB dump prints 100k lines: printf's parsing would double its cost);
 * anything with flags, a width or a precision goes through vfprintf. */
static void text(struct pr *p, const char *fmt, enum val_type t, va_list ap)
{
	const char *s = fmt, *q;
	bool ll = false;

	while (*s && *s != '%')
		putb(p, *s++);
	if (!*s)
		return;
	q = s + 1;
	if (q[0] == 'l' && q[1] == 'l') {
		ll = true;
		q += 2;
	}
	switch (*q) {
	case 'u':
	case 'd':
	case 'i':
	case 'x':
	case 's':
		if (ll == (t == V_U64))
			break;
		/* fall through */
	default:
		/* flags, a width, "%%": printf takes it from here (the
		 * literal text before it is staged already) */
		flush(p);
		vfprintf(p->f, s, ap);
		return;
	}
	switch (*q) {
	case 's':
		puts_(p, va_arg(ap, const char *));
		break;
	case 'u':
		if (ll)
			put_ull(p, va_arg(ap, unsigned long long));
		else
			put_ull(p, va_arg(ap, unsigned int));
		break;
	case 'x':
		if (ll)
			put_hex(p, va_arg(ap, unsigned long long));
		else
			put_hex(p, va_arg(ap, unsigned int));
		break;
	default: /* d, i */
		if (ll)
			put_ll(p, va_arg(ap, long long));
		else
			put_ll(p, va_arg(ap, int));
		break;
	}
	for (s = q + 1; *s && *s != '%'; s++)
		putb(p, *s);
	if (*s) {
		/* "%%" after the value: no argument left to take */
		flush(p);
		vfprintf(p->f, s, ap);
	}
}

void pr_text(struct pr *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	va_start(ap, fmt);
	if (!strchr(fmt, '%')) {
		puts_(p, fmt);
	} else {
		flush(p);
		vfprintf(p->f, fmt, ap);
	}
	va_end(ap);
}

/* Should this field be written, and in which form? */
static bool wanted(const struct pr *p, enum pr_kind k)
{
	return (k & (p->json ? PR_JSON : PR_TEXT)) != 0;
}

/* One member: @key and its value as JSON (read from @ap as @j says), or the
 * text of @fmt. */
enum json_val { J_STR, J_UINT, J_INT, J_U64, J_NULL, J_RAW };

static void value(struct pr *p, enum pr_kind k, const char *key, const char *fmt, enum json_val j,
		  va_list ap)
{
	static const enum val_type as_text[] = { V_STR, V_UINT, V_INT, V_U64, V_STR, V_STR };

	if (!wanted(p, k))
		return;
	if (!p->json) {
		text(p, fmt, as_text[j], ap);
		return;
	}
	member(p, key);
	switch (j) {
	case J_STR:
		put_jstr(p, va_arg(ap, const char *));
		break;
	case J_UINT:
		put_ull(p, va_arg(ap, unsigned int));
		break;
	case J_INT:
		put_ll(p, va_arg(ap, int));
		break;
	case J_U64:
		put_ull(p, va_arg(ap, unsigned long long));
		break;
	case J_NULL:
		puts_(p, "null");
		break;
	case J_RAW: /* a number already formatted */
		puts_(p, va_arg(ap, const char *));
		break;
	}
}

void pr_str(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	value(p, k, key, fmt, J_STR, ap);
	va_end(ap);
}

void pr_uint(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	value(p, k, key, fmt, J_UINT, ap);
	va_end(ap);
}

void pr_int(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	value(p, k, key, fmt, J_INT, ap);
	va_end(ap);
}

void pr_u64(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	value(p, k, key, fmt, J_U64, ap);
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
		flush(p);
		vfprintf(p->f, fmt, ap);
	}
	va_end(ap);
}

void pr_null(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	value(p, k, key, fmt, J_NULL, ap);
	va_end(ap);
}

void pr_num(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	value(p, k, key, fmt, J_RAW, ap);
	va_end(ap);
}

void pr_centisecs(struct pr *p, enum pr_kind k, const char *key, const char *fmt,
		  unsigned long long cs)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu.%02llu", cs / 100, cs % 100);
	pr_num(p, k, key, fmt, buf);
}

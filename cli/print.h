/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one print path of the brkit command, on iproute2's model: each field is
 * written by one call that prints it as text (with a printf format) or as a
 * JSON member (with a key), whichever the output is, e.g.
 *
 *	pr_uint(p, PR_ANY, "vlan", "vlan %u ", vid);
 *
 * JSON is streamed (no tree is built, nothing is re-parsed), compact or
 * pretty (-p); strings are escaped, control characters included; keys are
 * the program's own ASCII literals and are written as they are. Output is
 * staged in a 4 KiB buffer that is handed on whenever it fills, so no value
 * can overflow it. Pure: it writes to a FILE.
 *
 * The format of a pr_* call holds exactly one conversion of the call's type
 * (checked by the compiler); for a PR_JSON field it is not used but must still
 * match ("%u"). Plain conversions (%u %d %s %llu %lld %x) are written without
 * printf; others (widths, flags) go through vfprintf.
 */
#ifndef BRKIT_CLI_PRINT_H
#define BRKIT_CLI_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum pr_kind {
	PR_TEXT = 1, /* only in text output */
	PR_JSON = 2, /* only in JSON output */
	PR_ANY = 3, /* both */
};

#define PR_MAXDEPTH 32
#define PR_BUFLEN 4096

struct pr {
	FILE *f;
	bool json;
	bool pretty;
	unsigned int depth;
	uint32_t used; /* bit d-1: the container at depth d has a member already */
	uint32_t arr; /* bit d-1: the container at depth d is an array */
	size_t len; /* bytes in buf, not yet handed to f */
	char buf[PR_BUFLEN]; /* staging: one fwrite per 4 KiB, not one per piece */
};

void pr_init(struct pr *p, FILE *f, bool json, bool pretty);
static inline bool pr_is_json(const struct pr *p)
{
	return p->json;
}

/* JSON containers (no text): @key names the member inside an object, NULL
 * inside an array or at the top level. */
void pr_open_obj(struct pr *p, const char *key);
void pr_close_obj(struct pr *p);
void pr_open_arr(struct pr *p, const char *key);
void pr_close_arr(struct pr *p);
/* JSON: end a top-level value with a newline (one value a line). Text: nothing. */
void pr_end(struct pr *p);

#define PR_FMT(n) __attribute__((format(printf, n, n + 1)))
/* Text only, printf-like (iproute2's PRINT_FP with no JSON side). */
void pr_text(struct pr *p, const char *fmt, ...) PR_FMT(2);
void pr_str(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...) PR_FMT(4);
void pr_uint(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...) PR_FMT(4);
void pr_int(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...) PR_FMT(4);
/* The value is an unsigned long long (cast uint64_t values). */
void pr_u64(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...) PR_FMT(4);
/* JSON true/false; text: the format with the int value given. */
void pr_bool(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...) PR_FMT(4);
/* JSON null; text: the format (a string argument, e.g. "@%s" with "NONE"). */
void pr_null(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...) PR_FMT(4);
/* A number already formatted (e.g. "2.50"): unquoted in JSON, %s in text. */
void pr_num(struct pr *p, enum pr_kind k, const char *key, const char *fmt, ...) PR_FMT(4);
#undef PR_FMT

/* Centiseconds as seconds with two decimals ("15.00"), a JSON number. */
void pr_centisecs(struct pr *p, enum pr_kind k, const char *key, const char *fmt,
		  unsigned long long cs);

/* Give @f a 1 MiB output buffer for a long listing (100k FDB entries): far
 * fewer write calls than stdio's default 4 KiB. Flushes first, so it may be
 * called between commands of a -batch; one stream per process gets it. */
void pr_big_buffer(FILE *f);

#endif

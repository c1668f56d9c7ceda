// SPDX-License-Identifier: LGPL-2.1-or-later
/* VLAN sets: a 4096-bit bitmap, list parsing, diff and ranges. Pure. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <brkit/brkit.h>

#define VID_LIMIT 4096

void brkit_vlan_set_zero(struct brkit_vlan_set *s)
{
	memset(s, 0, sizeof(*s));
}

void brkit_vlan_set_add(struct brkit_vlan_set *s, unsigned int lo, unsigned int hi)
{
	unsigned int v;

	for (v = lo; v <= hi && v < VID_LIMIT; v++)
		s->w[v / 64] |= 1ULL << (v % 64);
}

void brkit_vlan_set_del(struct brkit_vlan_set *s, unsigned int lo, unsigned int hi)
{
	unsigned int v;

	for (v = lo; v <= hi && v < VID_LIMIT; v++)
		s->w[v / 64] &= ~(1ULL << (v % 64));
}

bool brkit_vlan_set_has(const struct brkit_vlan_set *s, unsigned int vid)
{
	return vid < VID_LIMIT && (s->w[vid / 64] >> (vid % 64)) & 1;
}

unsigned int brkit_vlan_set_count(const struct brkit_vlan_set *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < 64; i++)
		n += (unsigned int)__builtin_popcountll(s->w[i]);
	return n;
}

bool brkit_vlan_set_equal(const struct brkit_vlan_set *a, const struct brkit_vlan_set *b)
{
	return !memcmp(a->w, b->w, sizeof(a->w));
}

void brkit_vlan_set_diff(const struct brkit_vlan_set *cur, const struct brkit_vlan_set *want,
			 struct brkit_vlan_set *add, struct brkit_vlan_set *del)
{
	unsigned int i;

	for (i = 0; i < 64; i++) {
		uint64_t c = cur->w[i], w = want->w[i];

		if (add)
			add->w[i] = w & ~c;
		if (del)
			del->w[i] = c & ~w;
	}
}

/* The first VID at or after @from whose bit is @bit, or VID_LIMIT. */
static unsigned int scan(const struct brkit_vlan_set *s, unsigned int from, int bit)
{
	unsigned int i = from / 64;
	uint64_t word;

	if (from >= VID_LIMIT)
		return VID_LIMIT;
	word = bit ? s->w[i] : ~s->w[i];
	word &= ~0ULL << (from % 64);
	for (;;) {
		if (word)
			return i * 64 + (unsigned int)__builtin_ctzll(word);
		if (++i == 64)
			return VID_LIMIT;
		word = bit ? s->w[i] : ~s->w[i];
	}
}

bool brkit_vlan_set_next_range(const struct brkit_vlan_set *s, unsigned int from, unsigned int *lo,
			       unsigned int *hi)
{
	unsigned int a = scan(s, from, 1);

	if (a >= VID_LIMIT)
		return false;
	*lo = a;
	*hi = scan(s, a, 0) - 1;
	return true;
}

unsigned int brkit_vlan_set_nranges(const struct brkit_vlan_set *s)
{
	unsigned int lo, hi, n = 0, from = 0;

	while (brkit_vlan_set_next_range(s, from, &lo, &hi)) {
		n++;
		from = hi + 1;
	}
	return n;
}

size_t brkit_vlan_set_format(const struct brkit_vlan_set *s, char *buf, size_t len)
{
	unsigned int lo, hi, from = 0;
	size_t n = 0;
	char item[16];

	if (len)
		buf[0] = '\0';
	while (brkit_vlan_set_next_range(s, from, &lo, &hi)) {
		int k;

		if (lo == hi)
			k = snprintf(item, sizeof(item), "%s%u", n ? "," : "", lo);
		else
			k = snprintf(item, sizeof(item), "%s%u-%u", n ? "," : "", lo, hi);
		if (len && n + (size_t)k < len)
			memcpy(buf + n, item, (size_t)k + 1);
		else if (len && n < len)
			buf[n] = '\0';
		n += (size_t)k;
		from = hi + 1;
	}
	return n;
}

/* Parse a VID from s[0..n) (not terminated). */
static int parse_vid_n(const char *s, size_t n, unsigned int *vid, const char **why)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0) {
		*why = "empty VLAN ID";
		return -EINVAL;
	}
	if (s[0] == '-' || s[0] == '+') {
		*why = "VLAN ID must be a number from 1 to 4094 (no sign)";
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*why = "VLAN ID must be a number from 1 to 4094";
			return -EINVAL;
		}
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 100000)
			break;
	}
	if (v < BRKIT_VID_MIN || v > BRKIT_VID_MAX) {
		*why = v == 0	   ? "VLAN ID 0 is reserved (valid: 1-4094)"
		       : v == 4095 ? "VLAN ID 4095 is reserved (valid: 1-4094)"
				   : "VLAN ID out of range (valid: 1-4094)";
		return -EINVAL;
	}
	*vid = (unsigned int)v;
	return 0;
}

static const char *nowhy;

int brkit_vlan_parse_vid(const char *s, unsigned int *vid, const char **why)
{
	if (!why)
		why = &nowhy;
	if (!s) {
		*why = "empty VLAN ID";
		return -EINVAL;
	}
	return parse_vid_n(s, strlen(s), vid, why);
}

static int parse_range_n(const char *s, size_t n, unsigned int *lo, unsigned int *hi,
			 const char **why)
{
	const char *dash = n ? memchr(s + 1, '-', n - 1) : NULL;
	int err;

	if (n == 0) {
		*why = "empty element in VLAN list";
		return -EINVAL;
	}
	if (!dash) {
		err = parse_vid_n(s, n, lo, why);
		*hi = *lo;
		return err;
	}
	err = parse_vid_n(s, (size_t)(dash - s), lo, why);
	if (err)
		return err;
	err = parse_vid_n(dash + 1, n - (size_t)(dash - s) - 1, hi, why);
	if (err)
		return err;
	if (*hi < *lo) {
		*why = "VLAN range ends below its start";
		return -EINVAL;
	}
	return 0;
}

int brkit_vlan_parse_range(const char *s, unsigned int *lo, unsigned int *hi, const char **why)
{
	if (!why)
		why = &nowhy;
	if (!s || !*s) {
		*why = "empty VLAN ID";
		return -EINVAL;
	}
	return parse_range_n(s, strlen(s), lo, hi, why);
}

int brkit_vlan_set_parse(const char *s, struct brkit_vlan_set *out, const char **why)
{
	const char *p, *comma;
	unsigned int lo, hi;
	int err;

	if (!why)
		why = &nowhy;
	brkit_vlan_set_zero(out);
	if (!s || !*s) {
		*why = "empty VLAN list";
		return -EINVAL;
	}
	for (p = s;; p = comma + 1) {
		comma = strchr(p, ',');
		err = parse_range_n(p, comma ? (size_t)(comma - p) : strlen(p), &lo, &hi, why);
		if (err) {
			brkit_vlan_set_zero(out);
			return err;
		}
		brkit_vlan_set_add(out, lo, hi);
		if (!comma)
			return 0;
	}
}

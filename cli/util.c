// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared CLI plumbing: the handle, messages and exit codes, pure parsers. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"

struct brkit *cli_handle(struct cli *c)
{
	int err;

	if (c->h)
		return c->h;
	err = brkit_open(&c->h, c->netns);
	if (err == 0)
		return c->h;
	if (c->netns && (err == -ENOENT || err == -ENOTDIR))
		cli_failmsg(c, "network namespace %s: does not exist", c->netns);
	else if (c->netns)
		cli_failmsg(c, "network namespace %s: %s", c->netns, strerror(-err));
	else
		cli_failmsg(c, "opening rtnetlink: %s", strerror(-err));
	return NULL;
}

static void vmsg(struct cli *c, const char *fmt, va_list ap)
{
	fprintf(c->err, "%s: ", c->prog);
	vfprintf(c->err, fmt, ap);
	fputc('\n', c->err);
}

int cli_usage(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(c, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_failmsg(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(c, fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

int cli_fail(struct cli *c, int err)
{
	const char *msg = brkit_errmsg(c->h);

	if (!msg || !*msg)
		msg = strerror(-err);
	fprintf(c->err, "%s: %s\n", c->prog, msg);
	return EXIT_FAIL;
}

int cli_check_ifname(struct cli *c, const char *what, const char *name)
{
	const char *why;

	if (brkit_ifname_check(name, &why) == 0)
		return 0;
	return cli_usage(c, "%s '%s': %s", what, name ? name : "", why);
}

int cli_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!s || !*s)
		return -EINVAL;
	for (p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int cli_parse_centisecs(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long whole = 0, frac = 0;
	const char *p = s, *dot;
	int digits = 0;

	if (!s || !*s || *s == '.')
		return -EINVAL;
	dot = strchr(s, '.');
	for (; *p && p != dot; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		if (whole > 100000000UL)
			return -ERANGE;
		whole = whole * 10 + (unsigned long)(*p - '0');
	}
	if (dot) {
		for (p = dot + 1; *p; p++) {
			if (!isdigit((unsigned char)*p))
				return -EINVAL;
			if (digits < 2)
				frac = frac * 10 + (unsigned long)(*p - '0');
			digits++;
		}
		if (digits == 0)
			return -EINVAL;
		if (digits == 1)
			frac *= 10;
	}
	whole = whole * 100 + frac;
	if (whole < min || whole > max)
		return -ERANGE;
	*out = whole;
	return 0;
}

int cli_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "on", "yes", "1", "true" };
	static const char *const no[] = { "off", "no", "0", "false" };
	size_t i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int cli_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t tmp[6];
	char sep = 0;
	int i;

	if (!s || strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		const char *p = s + i * 3;
		int hi = hexval(p[0]), lo = hexval(p[1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		tmp[i] = (uint8_t)(hi << 4 | lo);
		if (i < 5) {
			if (p[2] != ':' && p[2] != '-')
				return -EINVAL;
			if (sep && p[2] != sep)
				return -EINVAL;
			sep = p[2];
		}
	}
	memcpy(mac, tmp, 6);
	return 0;
}

void cli_format_mac(const uint8_t mac[6], char buf[18])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		buf[i * 3] = hex[mac[i] >> 4];
		buf[i * 3 + 1] = hex[mac[i] & 15];
		buf[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
}

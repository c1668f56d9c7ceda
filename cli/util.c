// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared CLI plumbing: the handle, messages and exit codes, pure parsers. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

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

/* Length of the valid UTF-8 sequence at @p (n bytes left), 0 when it is not one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

size_t cli_escape(const char *s, size_t n, char *buf, size_t buflen)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, k;

	if (!buflen)
		return 0;
	while (i < n) {
		char tmp[4];
		size_t m;

		if (p[i] >= 0x20 && p[i] != 0x7f && p[i] < 0x80) {
			tmp[0] = (char)p[i];
			m = 1;
			k = 1;
		} else if (p[i] >= 0x80 && (k = utf8_len(p + i, n - i)) > 0) {
			if (o + k >= buflen)
				break;
			memcpy(buf + o, p + i, k);
			o += k;
			i += k;
			continue;
		} else {
			tmp[0] = '\\';
			tmp[1] = 'x';
			tmp[2] = hex[p[i] >> 4];
			tmp[3] = hex[p[i] & 15];
			m = 4;
			k = 1;
		}
		if (o + m >= buflen)
			break;
		memcpy(buf + o, tmp, m);
		o += m;
		i += k;
	}
	buf[o] = '\0';
	return o;
}

/* One message line on c->err, its control bytes and broken UTF-8 escaped
 * (\xNN): a name read from a file or the kernel may hold any byte. */
static void put_msg(struct cli *c, const char *text)
{
	char esc[4 * 1024 + 1];

	cli_escape(text, strlen(text), esc, sizeof(esc));
	fprintf(c->err, "%s: %s\n", c->prog, esc);
}

static void vmsg(struct cli *c, const char *fmt, va_list ap)
{
	char text[1024];

	vsnprintf(text, sizeof(text), fmt, ap);
	put_msg(c, text);
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
	put_msg(c, msg);
	return EXIT_FAIL;
}

int cli_flush_out(struct cli *c)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int ret = 0;

	/* A reader that went away must not kill us before we can undo: EPIPE
	 * instead of SIGPIPE, for this write only. */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	errno = 0;
	if (fflush(c->out) != 0 || ferror(c->out))
		ret = errno ? errno : EIO;
	sigaction(SIGPIPE, &old, NULL);
	return ret;
}

int cli_once(struct cli_once *o, const char *key)
{
	unsigned int i;

	for (i = 0; i < o->n; i++)
		if (!strcmp(o->seen[i], key))
			return -EEXIST;
	if (o->n < CLI_ONCE_MAX)
		o->seen[o->n++] = key;
	return 0;
}

int cli_check_template(struct cli *c, const char *what, const char *name)
{
	const char *why;

	if (brkit_tap_name_check(name, &why) == 0)
		return 0;
	return cli_usage(c, "%s '%s': %s", what, name ? name : "", why);
}

int cli_template_name(const char *tmpl, unsigned int n, char out[IFNAMSIZ])
{
	const char *p = strchr(tmpl, '%');
	int len;

	if (!p || p[1] != 'd' || strchr(p + 2, '%'))
		return -EINVAL;
	len = snprintf(out, IFNAMSIZ, "%.*s%u%s", (int)(p - tmpl), tmpl, n, p + 2);
	if (len < 0 || len >= IFNAMSIZ)
		return -ENAMETOOLONG;
	return 0;
}

int cli_split_line(char *line, char **argv, int max, const char **why)
{
	static const char ws[] = " \t\r\n";
	char *p = line;
	int argc = 0;

	for (;;) {
		p += strspn(p, ws);
		if (!*p || *p == '#')
			break;
		if (argc == max) {
			*why = "too many words";
			return -E2BIG;
		}
		if (*p == '"' || *p == '\'') {
			char q = *p++, *end = strchr(p, q);

			if (!end) {
				*why = q == '"' ? "unterminated double quote"
						: "unterminated single quote";
				return -EINVAL;
			}
			argv[argc++] = p;
			*end = '\0';
			p = end + 1;
			if (*p && !strchr(ws, *p)) {
				*why = "a closing quote must end its word";
				return -EINVAL;
			}
			continue;
		}
		argv[argc++] = p;
		p += strcspn(p, ws);
		if (*p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
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

int cli_parse_uint_c(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v = 0, base = 10;
	const char *p = s;

	if (!s || !*s)
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!*p)
			return -EINVAL;
	} else if (p[0] == '0' && p[1]) {
		base = 8;
		p++;
	}
	for (; *p; p++) {
		int d = hexval(*p);

		if (d < 0 || (unsigned long)d >= base)
			return -EINVAL;
		if (v > (max - (unsigned long)d) / base)
			return -ERANGE;
		v = v * base + (unsigned long)d;
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

/* A closed stdin, stdout or stderr would be reused by the netlink socket, and
 * output meant for the user written to the kernel: hold each with /dev/null
 * opened read-only, so writing to it fails as it should (EBADF). */
void cli_hold_std_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int n = open("/dev/null", O_RDONLY);

			if (n >= 0 && n != fd) {
				dup2(n, fd);
				close(n);
			}
		}
	}
}

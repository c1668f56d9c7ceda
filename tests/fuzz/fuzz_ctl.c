// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for brkit-stpd's control protocol: the bytes a client
 * sends, cut into reads as the daemon's non-blocking socket may deliver them,
 * through the framing (stpd_ctl_frame), the authorisation and request check
 * (stpd_ctl_check) and, when the check lets it through, a fake daemon that
 * parses the request as stpd_request() does (settings through
 * stpd_opts_parse, printed back with stpd_opts_format and parsed again) on a
 * state of one bridge with two ports. The first input byte picks the read
 * size, the peer (root, a control group member, or neither) and the policy.
 * Nothing may crash or read out of bounds (ASan, UBSan); invariants abort():
 * a line never holds a newline or more than STPD_MAX_REQ bytes, every refusal
 * is one "error ERRNO text\n" line, a change from an unprivileged peer is
 * never let through, and settings round-trip. The same bytes also go through
 * the configuration parser (its `control group` line). The netlink half of
 * stpd_request (daemon.c) is not here: it needs a daemon. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stpd/ctl.h"
#include "stpd/stpd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fake {
	bool on;
	struct stpd_opts br, port[2];
};

static void reply_ok(const char *reply, int ret)
{
	size_t n = strlen(reply);

	if (strncmp(reply, "error ", 6) || n < 8 || reply[n - 1] != '\n' ||
	    memchr(reply, '\n', n - 1) || atoi(reply + 6) != ret)
		abort();
}

/* settings print back to words that parse to the same settings */
static void round_trip(const struct stpd_opts *o)
{
	char words[STPD_MAX_REQ * 2], *argv[STPD_MAX_WORDS];
	struct stpd_opts again = { .port = o->port };
	char why[256];
	int argc;

	stpd_opts_format(o, words, sizeof(words));
	argc = stpd_split(words, argv, STPD_MAX_WORDS);
	if (argc < 0)
		abort();
	if (!o->mask) {
		if (argc != 0)
			abort();
		return;
	}
	if (stpd_opts_parse(&again, argc, argv, why, sizeof(why)) || again.mask != o->mask ||
	    memcmp(again.val, o->val, sizeof(o->val)))
		abort();
}

static void fake_request(struct fake *f, char *line)
{
	char *argv[STPD_MAX_WORDS], why[256], name[200];
	int argc = stpd_split(line, argv, STPD_MAX_WORDS);
	struct stpd_opts n;

	if (argc <= 0) /* stpd_ctl_check let through an empty or over-long one */
		abort();
	stpd_req_name(argc, argv, name, sizeof(name));
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "reload"))
		return;
	if (!strcmp(argv[0], "on") || !strcmp(argv[0], "off")) {
		if (argc == 2 && !strcmp(argv[1], "br0"))
			f->on = !strcmp(argv[0], "on");
		return;
	}
	if (!strcmp(argv[0], "set") && argc >= 3 && !strcmp(argv[1], "br0")) {
		memset(&n, 0, sizeof(n));
		if (stpd_opts_parse(&n, argc - 2, argv + 2, why, sizeof(why)))
			return;
		round_trip(&n);
		f->br = n;
		return;
	}
	if (!strcmp(argv[0], "port") && argc >= 4 && !strcmp(argv[1], "br0") &&
	    (!strcmp(argv[2], "p0") || !strcmp(argv[2], "p1"))) {
		memset(&n, 0, sizeof(n));
		n.port = true;
		if (stpd_opts_parse(&n, argc - 3, argv + 3, why, sizeof(why)))
			return;
		round_trip(&n);
		f->port[argv[2][1] - '0'] = n;
	}
}

static void conf(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[512];
	struct stpd_conf c;

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = 0;
	if (stpd_conf_parse("f", text, &c, err, sizeof(err)) == 0) {
		if (c.ctl_group[0] && (!c.ctl_group_line || strlen(c.ctl_group) >= STPD_GROUP_MAX))
			abort();
		stpd_conf_free(&c);
	} else if (strncmp(err, "f:", 2)) {
		abort();
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t groups[] = { 27, 100, 4242 };
	struct stpd_ctl_policy pol = { 0 };
	struct stpd_peer peer = { .uid = 1000, .gid = 1000 };
	struct fake f = { 0 };
	char buf[STPD_CTL_BUF + 1], reply[512];
	enum stpd_frame fr = STPD_FRAME_MORE;
	size_t chunk, n = 0, off = 0;
	uint8_t mode;
	int ret;

	if (size < 1)
		return 0;
	mode = data[0];
	data++;
	size--;
	conf(data, size);
	chunk = 1u + (mode & 7u) * 150u; /* reads of 1 to 1051 bytes */
	if (mode & 0x08)
		peer.uid = 0;
	if (mode & 0x10) {
		pol.group = "brkit";
		pol.gid = 4242;
	}
	if (mode & 0x20) {
		peer.groups = groups;
		peer.ngroups = 3;
	}
	if (mode & 0x40)
		peer.gid = 4242;
	/* as the daemon reads: what fits, then look; EOF after the last byte */
	while (fr == STPD_FRAME_MORE) {
		size_t take = size - off;

		if (take > chunk)
			take = chunk;
		if (take > STPD_CTL_BUF - n)
			take = STPD_CTL_BUF - n;
		memcpy(buf + n, data + off, take);
		n += take;
		off += take;
		fr = stpd_ctl_frame(buf, n, off == size);
	}
	if (fr == STPD_FRAME_TOOLONG) {
		if (n != STPD_CTL_BUF || memchr(buf, '\n', n))
			abort();
		stpd_ctl_toolong(reply, sizeof(reply));
		reply_ok(reply, E2BIG);
		return 0;
	}
	if (strlen(buf) > STPD_MAX_REQ || strchr(buf, '\n'))
		abort();
	ret = stpd_ctl_check(buf, &peer, &pol, reply, sizeof(reply));
	if (ret) {
		reply_ok(reply, ret);
		return 0;
	}
	{
		/* let through: a known request, and a change only from a privileged peer */
		char copy[STPD_CTL_BUF + 1], *argv[STPD_MAX_WORDS];
		int argc;

		memcpy(copy, buf, strlen(buf) + 1);
		argc = stpd_split(copy, argv, STPD_MAX_WORDS);
		if (argc <= 0 || (stpd_req_is_change(argv[0]) && !stpd_ctl_privileged(&peer, &pol)))
			abort();
		if (stpd_req_is_change(argv[0]) && peer.uid != 0 &&
		    !(pol.group && (peer.gid == pol.gid || peer.groups)))
			abort();
	}
	fake_request(&f, buf);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The control protocol's pure half: framing, and who may change what. No
 * system calls (tests/fuzz/fuzz_ctl.c runs it on any bytes). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "stpd/ctl.h"

enum stpd_frame stpd_ctl_frame(char *buf, size_t n, bool eof)
{
	char *nl = memchr(buf, '\n', n);

	if (nl) {
		*nl = 0;
		return STPD_FRAME_LINE;
	}
	if (n >= STPD_CTL_BUF)
		return STPD_FRAME_TOOLONG;
	if (eof) {
		buf[n] = 0;
		return STPD_FRAME_LINE;
	}
	return STPD_FRAME_MORE;
}

void stpd_ctl_toolong(char *reply, size_t len)
{
	snprintf(reply, len, "error %d request too long (max %d bytes)\n", E2BIG, STPD_MAX_REQ);
}

bool stpd_ctl_privileged(const struct stpd_peer *peer, const struct stpd_ctl_policy *pol)
{
	size_t i;

	if (peer->uid == 0)
		return true;
	if (!pol || !pol->group)
		return false;
	if (peer->gid == pol->gid)
		return true;
	for (i = 0; i < peer->ngroups; i++)
		if (peer->groups[i] == pol->gid)
			return true;
	return false;
}

static bool known_verb(const char *v)
{
	static const char *const verbs[] = { "show", "on", "off", "set", "port", "reload" };
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(v, verbs[i]))
			return true;
	return false;
}

int stpd_ctl_check(const char *line, const struct stpd_peer *peer,
		   const struct stpd_ctl_policy *pol, char *reply, size_t len)
{
	char copy[STPD_CTL_BUF + 1], *argv[STPD_MAX_WORDS], name[160];
	int argc;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = stpd_split(copy, argv, STPD_MAX_WORDS);
	if (argc == -E2BIG) {
		snprintf(reply, len, "error %d request has more than %d words\n", E2BIG,
			 STPD_MAX_WORDS);
		return E2BIG;
	}
	if (argc <= 0) {
		snprintf(reply, len, "error %d empty request\n", EINVAL);
		return EINVAL;
	}
	if (!known_verb(argv[0])) {
		snprintf(reply, len, "error %d unknown request '%.40s'\n", EINVAL, argv[0]);
		return EINVAL;
	}
	if (!stpd_req_is_change(argv[0]) || stpd_ctl_privileged(peer, pol))
		return 0;
	stpd_req_name(argc, argv, name, sizeof(name));
	if (pol && pol->group)
		snprintf(reply, len,
			 "error %d %s: refused: uid %u is not root and not in group %s\n", EPERM,
			 name, peer->uid, pol->group);
	else
		snprintf(reply, len,
			 "error %d %s: refused: uid %u is not root (no control group is "
			 "configured)\n",
			 EPERM, name, peer->uid);
	return EPERM;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* One request to the brkit-stpd of the command's namespace. Its own file so
 * the lean hook programs (hooks/) link it without the rest of `brkit stp`
 * (libpcap). */
#include <errno.h>
#include <string.h>
#include "cli/cli.h"
#include "stpd/stpd.h"

static int call_in_ns(struct brkit *h, void *arg)
{
	struct stpd_call *k = arg;

	(void)h;
	k->err = stpd_client_call(k->req, &k->reply);
	return 0;
}

int stpd_call_daemon(struct cli *c, struct stpd_call *k)
{
	struct brkit *h;

	if (!c->netns)
		return call_in_ns(NULL, k);
	h = cli_handle(c);
	if (!h)
		return -ENODEV;
	brkit_in_netns(h, call_in_ns, k);
	return 0;
}

int stp_daemon_request(struct cli *c, const char *req, char **reply)
{
	struct stpd_call k = { .req = req };

	*reply = NULL;
	if (stpd_call_daemon(c, &k))
		return -ENODEV;
	if (k.err == -ECONNREFUSED || k.err == -ENOENT)
		return -ENOENT;
	if (k.err)
		return k.err;
	*reply = k.reply;
	return strncmp(k.reply, "ok\n", 3) ? -EREMOTE : 0;
}

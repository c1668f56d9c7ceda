// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for brkit net import (net/xml.c): the input is a libvirt
 * network definition. A definition the reader accepts names a valid network
 * with a mode and an address; if net_spec_check passes it too, its canonical
 * words (net_spec_format) parse again with `net add`'s parser to the same
 * words, and the nftables and dnsmasq texts are made from it. A refusal has a
 * reason and leaves the spec empty. Nothing may crash, leak or be undefined
 * (ASan, UBSan). libxml2 is dlopen()ed, as in brkit itself: only brkit's code
 * is instrumented. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(struct net_spec *s)
{
	struct net_spec *t = calloc(1, sizeof(*t));
	char a[1024], b[1024], why[NET_WHYLEN] = "", *w[32], *p, *big;
	int n = 0;

	if (!t)
		return;
	if (net_spec_format(s, a, sizeof(a)) >= sizeof(a))
		abort();
	memcpy(b, a, sizeof(b));
	for (p = strtok(b, " "); p && n < 32; p = strtok(NULL, " "))
		w[n++] = p;
	if (n < 2 || strcmp(w[0], "mode"))
		abort();
	memcpy(t->name, s->name, sizeof(t->name));
	if (net_spec_parse(t, n, w, why, sizeof(why)) || net_spec_check(t, why, sizeof(why)))
		abort();
	net_spec_format(t, b, sizeof(b));
	if (strcmp(a, b))
		abort();
	big = malloc(16384);
	if (big) {
		if (net_nft_script(s, big, 16384) >= 16384 ||
		    net_dnsmasq_conf(s, "/run/brkit/net/x", big, 16384) >= 16384)
			abort();
		free(big);
	}
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct net_spec *s = malloc(sizeof(*s));
	char why[NET_WHYLEN] = "";
	int r;

	if (!s)
		return 0;
	r = net_xml_parse((const char *)data, size, s, why, sizeof(why));
	if (r == -ENOENT) /* libxml2 missing: nothing is tested */
		abort();
	if (r) {
		if (r != -EINVAL && r != -ENOTSUP && r != -E2BIG)
			abort();
		if (!why[0] || s->name[0] || s->mode || s->nhosts)
			abort();
	} else {
		if (net_name_check(s->name, NULL, 0) || !s->mode || s->nhosts > NET_MAXHOSTS)
			abort();
		if (!net_spec_check(s, why, sizeof(why)))
			round_trip(s);
		else if (!why[0])
			abort();
	}
	free(s);
	return 0;
}

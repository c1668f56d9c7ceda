// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for brkit evpn's host file (evpn/spec.c): a file the
 * parser accepts goes on through the kernel plan (against an empty kernel
 * and against its own complete layout), the FRR commands and their check
 * against a running configuration made of those commands, which must find
 * nothing missing. Nothing may crash, leak or be undefined (ASan, UBSan); a
 * refusal has a reason. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evpn/evpn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The running configuration FRR would print for @cmds. */
static char *running(char **cmds, int n)
{
	size_t len = 64, off = 0;
	char *run;
	int i, depth = 0;

	for (i = 0; i < n; i++)
		len += strlen(cmds[i]) + 4;
	run = malloc(len);
	if (!run)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *c = cmds[i];

		if (!strcmp(c, "configure terminal") || !strcmp(c, "end") ||
		    !strcmp(c, "write memory"))
			continue;
		if (!strncmp(c, "router bgp ", 11)) {
			depth = 1;
			off += (size_t)snprintf(run + off, len - off, "%s\n", c);
			continue;
		}
		if (!strcmp(c, "exit-address-family"))
			depth = 1;
		off += (size_t)snprintf(run + off, len - off, "%*s%s\n", depth, "", c);
		if (!strncmp(c, "address-family ", 15))
			depth = 2;
	}
	snprintf(run + off, len - off, "exit\n");
	return run;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evpn_spec s;
	struct evpn_state st = { 0 };
	struct evpn_act *acts;
	struct evpn_link *l;
	char why[512], **cmds;
	size_t n, i;
	int err, nc;

	err = evpn_spec_parse((const char *)data, size, "f.yml", &s, why, sizeof(why));
	if (err) {
		if (!why[0] && err != -ENOMEM)
			abort(); /* a refusal without a reason */
		return 0;
	}
	if (!evpn_plan(&s, &st, &acts, &n, why, sizeof(why))) {
		if (n != s.nvnis * 3)
			abort(); /* bridge, vxlan, flags a VNI on an empty kernel */
		free(acts);
	}
	/* the complete layout: nothing to do */
	l = calloc(s.nvnis * 2 + 1, sizeof(*l));
	if (!l)
		goto out;
	for (i = 0; i < s.nvnis; i++) {
		struct evpn_link *b = &l[2 * i], *x = &l[2 * i + 1];

		snprintf(b->name, sizeof(b->name), "%s", s.vnis[i].bridge);
		snprintf(b->kind, sizeof(b->kind), "bridge");
		b->ifindex = (int)(2 * i + 10);
		b->up = true;
		snprintf(x->name, sizeof(x->name), "%s", s.vnis[i].vxlan);
		snprintf(x->kind, sizeof(x->kind), "vxlan");
		x->ifindex = (int)(2 * i + 11);
		x->master = b->ifindex;
		x->up = true;
		x->vni = s.vnis[i].vni;
		x->local = s.vtep;
		x->dstport = s.dstport;
		x->is_port = true;
		x->neigh_suppress = true;
	}
	st.links = l;
	st.n = s.nvnis * 2;
	if (!evpn_plan(&s, &st, &acts, &n, why, sizeof(why))) {
		if (n)
			abort(); /* its own layout must need nothing */
		free(acts);
	}
	free(l);
	nc = evpn_frr_commands(&s, &cmds);
	if (nc > 0) {
		char *run = running(cmds, nc);

		if (run && evpn_frr_missing(run, &s, why, sizeof(why)) != 0)
			abort(); /* FRR holding exactly our lines: nothing missing */
		free(run);
		evpn_strv_free(cmds, nc);
	}
out:
	evpn_spec_free(&s);
	return 0;
}

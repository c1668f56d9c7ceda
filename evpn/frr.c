// SPDX-License-Identifier: GPL-2.0-or-later
/* The FRR side of an EVPN host: the vtysh commands of its BGP EVPN part, and
 * whether FRR's running configuration already holds them. FRR keeps its own
 * files; brkit only talks to it through vtysh. Pure. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "evpn/evpn.h"

struct strv {
	char **v;
	int n, cap;
};

static int add(struct strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int add(struct strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	if (sv->n == sv->cap) {
		int cap = sv->cap ? sv->cap * 2 : 32;
		char **nv = realloc(sv->v, (size_t)cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		sv->v = nv;
		sv->cap = cap;
	}
	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	sv->v[sv->n++] = s;
	return 0;
}

void evpn_strv_free(char **v, int n)
{
	int i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* The lines of the EVPN part as `show running-config` prints them, with the
 * depth of each (1: inside router bgp, 2: inside an address family), the
 * address-family lines at depth 1. The vtysh commands are the same words. */

static int lines(const struct evpn_spec *s, struct strv *sv, int *depth)
{
	const char *af = s->vtep.family == AF_INET6 ? "ipv6" : "ipv4";
	size_t i;
	int err = 0, d = 0;

#define L(lvl, ...)                                 \
	do {                                        \
		if (!err) {                         \
			depth[d++] = (lvl);         \
			err = add(sv, __VA_ARGS__); \
		}                                   \
	} while (0)
	L(1, "bgp router-id %s", s->router_id);
	L(1, "no bgp ebgp-requires-policy");
	for (i = 0; i < s->npeers; i++) {
		const struct evpn_peer *p = &s->peers[i];

		if (p->ifname[0])
			L(1, "neighbor %s interface remote-as %s", p->ifname, p->remote_as);
		else
			L(1, "neighbor %s remote-as %s", p->address, p->remote_as);
	}
	if (s->advertise_vtep) {
		L(1, "address-family %s unicast", af);
		L(2, "network %s/%d", s->vtep_str, s->vtep.family == AF_INET6 ? 128 : 32);
		/* FRR activates its neighbors in ipv4 unicast only */
		for (i = 0; s->vtep.family == AF_INET6 && i < s->npeers; i++)
			L(2, "neighbor %s activate",
			  s->peers[i].ifname[0] ? s->peers[i].ifname : s->peers[i].address);
		L(1, "exit-address-family");
	}
	L(1, "address-family l2vpn evpn");
	for (i = 0; i < s->npeers; i++)
		L(2, "neighbor %s activate",
		  s->peers[i].ifname[0] ? s->peers[i].ifname : s->peers[i].address);
	L(2, "advertise-all-vni");
	L(1, "exit-address-family");
#undef L
	return err;
}

#define MAX_LINES (EVPN_MAX_PEERS * 2 + 16)

int evpn_frr_commands(const struct evpn_spec *s, char ***cmds)
{
	struct strv sv = { 0 }, body = { 0 };
	int depth[MAX_LINES], i, err;

	*cmds = NULL;
	err = add(&sv, "configure terminal");
	if (!err)
		err = add(&sv, "router bgp %u", s->asn);
	if (!err)
		err = lines(s, &body, depth);
	for (i = 0; !err && i < body.n; i++)
		err = add(&sv, "%s", body.v[i]);
	if (!err)
		err = add(&sv, "end");
	if (!err && s->save)
		err = add(&sv, "write memory");
	evpn_strv_free(body.v, body.n);
	if (err) {
		evpn_strv_free(sv.v, sv.n);
		return err;
	}
	*cmds = sv.v;
	return sv.n;
}

/* The next line of @p (its end in *@end), without its indentation. */
static const char *next_line(const char *p, const char **end, int *indent)
{
	const char *e = strchr(p, '\n');

	*end = e ? e : p + strlen(p);
	*indent = 0;
	while (p < *end && *p == ' ') {
		p++;
		(*indent)++;
	}
	return p;
}

static bool line_is(const char *p, const char *end, const char *want)
{
	size_t n = (size_t)(end - p);

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	return n == strlen(want) && !memcmp(p, want, n);
}

int evpn_frr_missing(const char *run, const struct evpn_spec *s, char *why, size_t whylen)
{
	struct strv body = { 0 };
	int depth[MAX_LINES], i, err, missing = 0;
	char head[32];
	const char *block = NULL, *block_end = NULL, *p, *end;
	int ind;

	snprintf(head, sizeof(head), "router bgp %u", s->asn);
	/* find "router bgp ASN" (the default VRF's); refuse another AS's */
	for (p = run; *p; p = *end ? end + 1 : end) {
		const char *t = next_line(p, &end, &ind);

		if (ind || strncmp(t, "router bgp ", 11))
			continue;
		if (memmem(t, (size_t)(end - t), " vrf ", 5))
			continue;
		if (!line_is(t, end, head)) {
			snprintf(why, whylen,
				 "FRR runs another BGP instance (%.*s), not AS %u: brkit does not "
				 "change it",
				 (int)(end - t), t, s->asn);
			return -EEXIST;
		}
		block = *end ? end + 1 : end;
		/* the block runs to the next line at indentation 0 */
		for (block_end = block; *block_end;) {
			const char *e2, *t2 = next_line(block_end, &e2, &ind);

			if (!ind && e2 > t2)
				break;
			block_end = *e2 ? e2 + 1 : e2;
		}
	}
	if (!block)
		return MAX_LINES; /* no router bgp at all: everything */
	err = lines(s, &body, depth);
	if (err) {
		evpn_strv_free(body.v, body.n);
		return err;
	}
	for (i = 0; i < body.n; i++) {
		bool found = false;
		/* within the right address family for depth-2 lines */
		const char *af = NULL;
		int j;

		if (!strcmp(body.v[i], "exit-address-family") ||
		    !strncmp(body.v[i], "address-family ", 15))
			continue;
		if (depth[i] == 2)
			for (j = i - 1; j >= 0; j--)
				if (!strncmp(body.v[j], "address-family ", 15)) {
					af = body.v[j];
					break;
				}
		{
			bool in_af = false;

			for (p = block; p < block_end && !found; p = end + 1) {
				const char *t = next_line(p, &end, &ind);

				if (!strncmp(t, "address-family ", 15))
					in_af = af && line_is(t, end, af);
				else if (line_is(t, end, "exit-address-family"))
					in_af = false;
				else if ((depth[i] == 1 || in_af) && line_is(t, end, body.v[i]))
					found = true;
				if (!*end)
					break;
			}
		}
		if (!found)
			missing++;
	}
	evpn_strv_free(body.v, body.n);
	return missing;
}

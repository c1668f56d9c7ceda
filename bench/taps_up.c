// SPDX-License-Identifier: GPL-2.0-or-later
/* Bring up COUNT VM taps in one process with libbrkit: create, attach to
 * BRIDGE and set up (brkit_tap_add_many: the TUNSETIFFs one by one, the
 * RTM_SETLINKs pipelined). Usage: taps_up NETNS BRIDGE COUNT DEVGROUP PREFIX [BAD]
 * With BAD, tap number BAD asks for an MTU the kernel refuses, so the netns
 * suite can check that the whole call is undone (all or nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <brkit/brkit.h>

int main(int argc, char **argv)
{
	struct brkit_tap *t;
	struct brkit *h;
	char(*names)[IFNAMSIZ];
	long i, n;
	int err;

	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: taps_up NETNS BRIDGE COUNT DEVGROUP PREFIX [BAD]\n");
		return 2;
	}
	n = strtol(argv[3], NULL, 10);
	if (n <= 0 || n > 100000)
		return 2;
	t = calloc((size_t)n, sizeof(*t));
	names = calloc((size_t)n, sizeof(*names));
	if (!t || !names)
		return 1;
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "%s%ld", argv[5], i);
		t[i].name = names[i];
		t[i].bridge = argv[2];
		t[i].devgroup = (uint32_t)strtoul(argv[4], NULL, 10);
		t[i].has_devgroup = true;
		t[i].vnet_hdr = true;
	}
	if (argc == 7) {
		i = strtol(argv[6], NULL, 10);
		if (i < 0 || i >= n)
			return 2;
		t[i].mtu = 65535; /* above a tap's maximum (65521) */
	}
	err = brkit_open(&h, argv[1]);
	if (err) {
		fprintf(stderr, "taps_up: opening %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	err = brkit_tap_add_many(h, t, (size_t)n);
	if (err)
		fprintf(stderr, "taps_up: %s\n", brkit_errmsg(h));
	brkit_close(h);
	free(t);
	free(names);
	return err ? 1 : 0;
}

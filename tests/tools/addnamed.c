// SPDX-License-Identifier: GPL-2.0-or-later
/* A library caller of the name templates (issue 19): creates a bridge, a
 * VXLAN device or a tap from NAME (a name or a template with one %d) in
 * namespace NETNS through the public API, and prints the name the library
 * says was made, for the suite to compare with what iproute2 sees.
 *   addnamed NETNS bridge|vxlan|tap NAME [VNI]
 * The tap is persistent (the suite deletes it). Exit 0, or 1 with the
 * library's message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <brkit/brkit.h>

int main(int argc, char **argv)
{
	char out[IFNAMSIZ] = "";
	struct brkit *h;
	int err;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: addnamed NETNS bridge|vxlan|tap NAME [VNI]\n");
		return 2;
	}
	if (brkit_open(&h, argv[1]) < 0) {
		fprintf(stderr, "addnamed: cannot open namespace %s\n", argv[1]);
		return 1;
	}
	if (!strcmp(argv[2], "bridge")) {
		err = brkit_bridge_add_named(h, argv[3], NULL, out);
	} else if (!strcmp(argv[2], "vxlan")) {
		struct brkit_vxlan_cfg cfg;

		brkit_vxlan_cfg_init(&cfg, argv[3], argc > 4 ? (uint32_t)atoi(argv[4]) : 42);
		err = brkit_vxlan_add_named(h, &cfg, out);
	} else if (!strcmp(argv[2], "tap")) {
		struct brkit_tap t = { .name = argv[3] };

		err = brkit_tap_add(h, &t);
		if (!err)
			memcpy(out, t.ifname, IFNAMSIZ);
	} else {
		fprintf(stderr, "addnamed: unknown kind %s\n", argv[2]);
		brkit_close(h);
		return 2;
	}
	if (err)
		fprintf(stderr, "%s\n", brkit_errmsg(h));
	else
		printf("%s\n", out);
	brkit_close(h);
	return err ? 1 : 0;
}

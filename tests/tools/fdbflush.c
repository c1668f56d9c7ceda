// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit_fdb_flush() through its test switch, for the netns FDB suite:
 *   fdbflush NETNS bulk|no-bulk-flag [br BR] [dev DEV] [static|dynamic] [vlan N]
 *            [extern_learn|noextern_learn]
 * no-bulk-flag leaves NLM_F_BULK out of the request, so this kernel answers
 * as a kernel before 5.19 does and the library's detection picks the
 * dump-and-delete fallback. Prints "deleted N" (N counted by the fallback,
 * 0 from a bulk delete). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/neighbour.h>
#include <brkit/brkit.h>
#include "fdb/fdb_int.h"

int main(int argc, char **argv)
{
	struct brkit_fdb_filter f = { 0 };
	struct brkit_link l;
	struct brkit *h;
	unsigned int mode;
	int i, err;

	if (argc < 3)
		return 2;
	if (!strcmp(argv[2], "no-bulk-flag"))
		mode = BRKIT_FDB_FLUSH_NO_BULK_FLAG;
	else if (!strcmp(argv[2], "bulk"))
		mode = 0;
	else
		return 2;
	err = brkit_open(&h, argv[1]);
	if (err) {
		fprintf(stderr, "open %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	for (i = 3; i < argc; i++) {
		if ((!strcmp(argv[i], "br") || !strcmp(argv[i], "dev")) && i + 1 < argc) {
			err = brkit_link_get(h, argv[i + 1], &l);
			if (err) {
				fprintf(stderr, "%s\n", brkit_errmsg(h));
				return 1;
			}
			if (argv[i][0] == 'b')
				f.br = l.ifindex;
			else
				f.dev = l.ifindex;
			i++;
		} else if (!strcmp(argv[i], "static")) {
			f.kind = BRKIT_FDB_STATIC;
		} else if (!strcmp(argv[i], "dynamic")) {
			f.kind = BRKIT_FDB_DYNAMIC;
		} else if (!strcmp(argv[i], "extern_learn") || !strcmp(argv[i], "noextern_learn")) {
			f.ntf_mask = NTF_EXT_LEARNED;
			f.ntf_flags = argv[i][0] == 'e' ? NTF_EXT_LEARNED : 0;
		} else if (!strcmp(argv[i], "vlan") && i + 1 < argc) {
			f.vlan = (uint16_t)atoi(argv[++i]);
		} else {
			return 2;
		}
	}
	err = brkit_fdb_flush_mode(h, &f, mode);
	if (err < 0) {
		fprintf(stderr, "%s\n", brkit_errmsg(h));
		brkit_close(h);
		return 1;
	}
	printf("deleted %d\n", err);
	brkit_close(h);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The floor of an FDB dump through libbrkit: walk every entry, format
 * nothing. Usage: fdb_dump NETNS. Prints the entry count. */
#include <stdio.h>
#include <string.h>
#include <brkit/brkit.h>

static int count_cb(const struct brkit_fdb_entry *e, void *arg)
{
	(void)e;
	(*(unsigned long *)arg)++;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = 0;
	struct brkit *h;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: fdb_dump NETNS\n");
		return 2;
	}
	err = brkit_open(&h, argv[1]);
	if (err) {
		fprintf(stderr, "fdb_dump: %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	err = brkit_fdb_foreach(h, NULL, count_cb, &n);
	if (err)
		fprintf(stderr, "fdb_dump: %s\n", brkit_errmsg(h));
	else
		printf("%lu\n", n);
	brkit_close(h);
	return err ? 1 : 0;
}

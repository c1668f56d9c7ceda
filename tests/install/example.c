// SPDX-License-Identifier: GPL-2.0-or-later
/* The README's library example, built against an installed libbrkit. */
#include <stdio.h>
#include <brkit/brkit.h>

int main(int argc, char **argv)
{
	struct brkit *h;
	int err;

	if (brkit_open(&h, argc > 1 ? argv[1] : NULL) < 0)
		return 1;
	err = brkit_link_set_up(h, argc > 2 ? argv[2] : "br0", true);
	if (err < 0)
		fprintf(stderr, "%s\n", brkit_errmsg(h));
	brkit_close(h);
	return err < 0 ? 1 : 0;
}

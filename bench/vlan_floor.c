// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's share of `vlan set 1-4094` and back to 10: the same requests
 * from one process, without starting a program each time.
 * Usage: vlan_floor NETNS DEV ROUNDS; prints the total in nanoseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <brkit/brkit.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct brkit_vlan_set all, ten;
	struct brkit *h;
	long long t0;
	int i, rounds, err;

	if (argc != 4) {
		fprintf(stderr, "usage: vlan_floor NETNS DEV ROUNDS\n");
		return 2;
	}
	rounds = atoi(argv[3]);
	err = brkit_open(&h, argv[1]);
	if (err) {
		fprintf(stderr, "vlan_floor: cannot open %s\n", argv[1]);
		return 1;
	}
	brkit_vlan_set_zero(&all);
	brkit_vlan_set_add(&all, 1, 4094);
	brkit_vlan_set_zero(&ten);
	brkit_vlan_set_add(&ten, 10, 10);
	t0 = now_ns();
	for (i = 0; i < rounds; i++) {
		err = brkit_vlan_set(h, argv[2], &all, 0, BRKIT_VLAN_AUTO, NULL, NULL);
		if (!err)
			err = brkit_vlan_set(h, argv[2], &ten, 0, BRKIT_VLAN_AUTO, NULL, NULL);
		if (err) {
			fprintf(stderr, "vlan_floor: %s\n", brkit_errmsg(h));
			brkit_close(h);
			return 1;
		}
	}
	printf("%lld\n", now_ns() - t0);
	brkit_close(h);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Per-VM hook latency as QEMU pays it: fork + exec of the hook with the tap's
 * name as its only argument, until it exits. Usage:
 *   vmport_lat N HOOK_A PREFIX_A HOOK_B PREFIX_B [FLOOR]
 * runs HOOK_A PREFIX_A<i> and HOOK_B PREFIX_B<i> for i = 0..N-1, interleaved
 * (so both see the same machine load), and prints the median and p99 of each
 * in milliseconds and the ratios A/B. With FLOOR (e.g. /bin/true) it runs
 * that too, interleaved with the others, and prints A's p99 over the floor's.
 * Any hook failing stops the run. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int run(const char *hook, const char *tap, double *ms)
{
	double t0 = now_ms();
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(hook, hook, tap, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	*ms = now_ms() - t0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	int i = (int)(p * (n - 1) + 0.5);

	return v[i];
}

int main(int argc, char **argv)
{
	double *a, *b, *c, med_a, med_b, p99_a, p99_b;
	char tap[32];
	int n, i;

	if ((argc != 6 && argc != 7) || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: vmport_lat N HOOK_A PREFIX_A HOOK_B PREFIX_B [FLOOR]\n");
		return 2;
	}
	a = calloc((size_t)n, sizeof(*a));
	b = calloc((size_t)n, sizeof(*b));
	c = calloc((size_t)n, sizeof(*c));
	if (!a || !b || !c)
		return 1;
	for (i = 0; i < n; i++) {
		snprintf(tap, sizeof(tap), "%s%d", argv[3], i);
		if (run(argv[2], tap, &a[i])) {
			fprintf(stderr, "vmport_lat: %s %s failed\n", argv[2], tap);
			return 1;
		}
		snprintf(tap, sizeof(tap), "%s%d", argv[5], i);
		if (run(argv[4], tap, &b[i])) {
			fprintf(stderr, "vmport_lat: %s %s failed\n", argv[4], tap);
			return 1;
		}
		if (argc == 7 && run(argv[6], "x", &c[i])) {
			fprintf(stderr, "vmport_lat: %s failed\n", argv[6]);
			return 1;
		}
	}
	qsort(a, (size_t)n, sizeof(*a), cmp);
	qsort(b, (size_t)n, sizeof(*b), cmp);
	med_a = pct(a, n, 0.5);
	med_b = pct(b, n, 0.5);
	p99_a = pct(a, n, 0.99);
	p99_b = pct(b, n, 0.99);
	printf("A %-28s median %.2f ms  p99 %.2f ms\n", argv[2], med_a, p99_a);
	printf("B %-28s median %.2f ms  p99 %.2f ms\n", argv[4], med_b, p99_b);
	printf("ratio A/B: median %.2fx  p99 %.2fx  (%d VMs each)\n", med_a / med_b, p99_a / p99_b,
	       n);
	if (argc == 7) {
		qsort(c, (size_t)n, sizeof(*c), cmp);
		printf("F %-28s median %.2f ms  p99 %.2f ms\n", argv[6], pct(c, n, 0.5),
		       pct(c, n, 0.99));
		printf("A over the floor: median +%.2f ms  p99 +%.2f ms\n", med_a - pct(c, n, 0.5),
		       p99_a - pct(c, n, 0.99));
	}
	free(a);
	free(b);
	free(c);
	return 0;
}

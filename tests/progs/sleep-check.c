// SPDX-License-Identifier: GPL-2.0
/*
 * sleep-check COUNT MS [WAIT_MS]: sleep COUNT times MS milliseconds with
 * clock_nanosleep(CLOCK_MONOTONIC), so that in-band timing is known sound:
 * - no sleep may return early;
 * - no sleep may last over a second more than asked (plus WAIT_MS, how
 *   long the emulator may leave this vCPU waiting for its turn): a timer
 *   lost on an idle CPU waits for some unrelated event;
 * - at most one sleep in ten may overshoot more than 3 times MS (plus
 *   WAIT_MS). Without icount the guest clock is host time, so a pause of
 *   the emulator (translating a new path, its thread preempted on the
 *   host) shows as a late sleep now and then; a tick the pipeline loses
 *   or delays makes most of them late.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int compare_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char *argv[])
{
	long long t0, want, slack, late_bound, lost_bound, *overshoot;
	int count, ms, i, early = 0, late = 0, lost = 0, bad;
	struct timespec req;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s COUNT MS [WAIT_MS]\n", argv[0]);
		return 2;
	}
	count = atoi(argv[1]);
	ms = atoi(argv[2]);
	if (count < 1 || ms < 1) {
		fprintf(stderr, "%s: COUNT and MS must be positive\n", argv[0]);
		return 2;
	}
	slack = argc == 4 ? atoi(argv[3]) * 1000000LL : 0;
	want = ms * 1000000LL;
	late_bound = 3 * want + slack;
	lost_bound = 1000000000LL + slack;
	req.tv_sec = want / 1000000000LL;
	req.tv_nsec = want % 1000000000LL;
	overshoot = calloc(count, sizeof(*overshoot));
	if (!overshoot) {
		perror("calloc");
		return 1;
	}

	for (i = 0; i < count; i++) {
		t0 = now_ns();
		if (clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL)) {
			perror("clock_nanosleep");
			return 1;
		}
		overshoot[i] = now_ns() - t0 - want;
		if (overshoot[i] < 0)
			early++;
		else if (overshoot[i] > lost_bound)
			lost++;
		else if (overshoot[i] > late_bound)
			late++;
		if (overshoot[i] < 0 || overshoot[i] > late_bound)
			printf("sleep %d: asked %lld us, overshoot %lld us\n",
			       i, want / 1000, overshoot[i] / 1000);
	}
	qsort(overshoot, count, sizeof(*overshoot), compare_ll);
	bad = early || lost || late > count / 10;
	printf("%d sleeps of %d ms: overshoot median %lld us, worst %lld us; ",
	       count, ms, overshoot[count / 2] / 1000,
	       overshoot[count - 1] / 1000);
	printf("%d early, %d over %lld ms, %d over %lld ms (at most %d): %s\n",
	       early, lost, lost_bound / 1000000, late, late_bound / 1000000,
	       count / 10, bad ? "bad" : "ok");
	free(overshoot);
	return bad;
}

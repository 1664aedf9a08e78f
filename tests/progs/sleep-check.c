// SPDX-License-Identifier: GPL-2.0
/*
 * sleep-check COUNT MS [WAIT_MS]: sleep COUNT times MS milliseconds with
 * clock_nanosleep(CLOCK_MONOTONIC) and check that no sleep returns early
 * and none but the first overshoots grossly (more than 4 times, plus
 * WAIT_MS: how long the emulator may leave this vCPU waiting for its
 * turn), so that in-band timing is known sound.
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

int main(int argc, char *argv[])
{
	long long t0, elapsed, want, slack, worst = 0;
	int count, ms, i, bad = 0;
	struct timespec req;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s COUNT MS [WAIT_MS]\n", argv[0]);
		return 2;
	}
	count = atoi(argv[1]);
	ms = atoi(argv[2]);
	slack = argc == 4 ? atoi(argv[3]) * 1000000LL : 0;
	want = ms * 1000000LL;
	req.tv_sec = want / 1000000000LL;
	req.tv_nsec = want % 1000000000LL;

	for (i = 0; i < count; i++) {
		t0 = now_ns();
		if (clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL)) {
			perror("clock_nanosleep");
			return 1;
		}
		elapsed = now_ns() - t0;
		if (elapsed - want > worst)
			worst = elapsed - want;
		/*
		 * Early is always wrong; late by more than 4x is a lost tick,
		 * except on the first sleep: the emulator translates the code
		 * of its path then, host time the guest clock sees pass.
		 */
		if (elapsed < want || (i && elapsed > 4 * want + slack)) {
			printf("sleep %d: asked %lld ns, slept %lld ns\n",
			       i, want, elapsed);
			bad++;
		}
	}
	printf("%d sleeps of %d ms, worst overshoot %lld us, %d bad\n",
	       count, ms, worst / 1000, bad);
	return bad ? 1 : 0;
}

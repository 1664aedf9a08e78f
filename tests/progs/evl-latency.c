// SPDX-License-Identifier: GPL-2.0
/*
 * evl-latency: timer latency of an EVL thread in user context, the way
 * cyclictest measures it: a SCHED_FIFO thread sleeps oob until absolute
 * dates INTERVAL apart on the monotonic clock and reads the clock as
 * soon as it wakes; the latency is how late it woke. Prints min, avg and
 * max once a second and at the end, in microseconds, and a histogram of
 * 1 us cells, one "hist <us> <count>" line each. Exits non-zero if the
 * thread ever left the oob stage while measuring (printing aside).
 * usage: evl-latency [-i INTERVAL_US] [-l LOOPS] [-p PRIO] [-H MAX_US] [-q]
 */
#include "evl-test.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct stats {
	int64_t min, max, sum;
	long samples;
};

static void add_sample(struct stats *s, int64_t lat)
{
	if (!s->samples || lat < s->min)
		s->min = lat;
	if (!s->samples || lat > s->max)
		s->max = lat;
	s->sum += lat;
	s->samples++;
}

static void print_stats(const char *what, const struct stats *s)
{
	if (!s->samples)
		return;
	printf("%s samples %ld min %.3f avg %.3f max %.3f\n", what, s->samples,
	       s->min / 1000.0, (double)s->sum / s->samples / 1000.0, s->max / 1000.0);
}

int main(int argc, char *argv[])
{
	long interval_us = 200, loops = 10000, hist_max = 1000, left_oob = 0, n, *hist;
	int prio = 98, quiet = 0, opt;
	char name[32];
	struct stats total = { 0 }, second = { 0 };
	int64_t (*now)(void);
	int64_t date, lat, next_report;
	struct thread t;

	while ((opt = getopt(argc, argv, "i:l:p:H:q")) != -1) {
		switch (opt) {
		case 'i':
			interval_us = atol(optarg);
			break;
		case 'l':
			loops = atol(optarg);
			break;
		case 'p':
			prio = atoi(optarg);
			break;
		case 'H':
			hist_max = atol(optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			return 2;
		}
	}
	if (interval_us <= 0 || loops <= 0 || hist_max <= 0)
		return 2;
	hist = calloc(hist_max + 1, sizeof(*hist));
	/* In-band first: the vDSO's data pages fault in on the first read. */
	vdso_now();
	/* Thread names are unique: one per process, so several may run. */
	snprintf(name, sizeof(name), "latency-%d", getpid());
	if (!hist || evl_test_init() || attach(name, &t) || set_fifo(&t, prio)) {
		fprintf(stderr, "evl-latency: cannot set up an oob thread\n");
		return 1;
	}
	now = pick_clock(&t);
	printf("clock read through %s\n", now == vdso_now ? "the vDSO" : "an oob call");
	oob_ioctl(t.efd, EVL_THRIOC_SWITCH_OOB, NULL);

	date = oob_now() + 10 * interval_us * 1000;
	next_report = date + NSEC_PER_SEC;
	for (n = 0; n < loops; n++) {
		date += interval_us * 1000;
		if (oob_sleep_until(date))
			break;
		lat = now() - date;
		/* Woken oob, read the clock oob: or it was no oob sample. */
		if (!is_oob(&t)) {
			left_oob++;
			oob_ioctl(t.efd, EVL_THRIOC_SWITCH_OOB, NULL);
		}
		add_sample(&total, lat);
		add_sample(&second, lat);
		/* Early (gravity) in the first cell, late past the last in it. */
		hist[lat < 0 ? 0 : lat / 1000 < hist_max ? lat / 1000 : hist_max]++;
		/* Printing moves the thread in-band: only if asked to. */
		if (date >= next_report && !quiet) {
			print_stats("second", &second);
			memset(&second, 0, sizeof(second));
			oob_ioctl(t.efd, EVL_THRIOC_SWITCH_OOB, NULL);
		}
		if (date >= next_report)
			next_report += NSEC_PER_SEC;
	}
	detach(&t);

	for (n = 0; n <= hist_max; n++)
		if (hist[n])
			printf("hist %ld %ld\n", n, hist[n]);
	print_stats("total", &total);
	if (total.samples != loops)
		printf("FAILED: %ld samples of %ld\n", total.samples, loops);
	if (left_oob)
		printf("FAILED: the thread left the oob stage %ld times\n", left_oob);
	return total.samples != loops || left_oob;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's clocks: EVL monotonic and realtime are Linux's
 * CLOCK_MONOTONIC and CLOCK_REALTIME, read in a way the out-of-band stage
 * may use; timers run on the monotonic one.
 */
#ifndef _EVL_CLOCK_H
#define _EVL_CLOCK_H

#include <linux/ktime.h>
#include <linux/time.h>
#include <linux/types.h>
#include <evl/types.h>

struct device;
struct file;

struct evl_gravity;

struct evl_clock {
	const char *name;
	clockid_t id;
	struct device *dev;
	/* Set in sysfs; the monotonic clock's is the timers' (timer.c). */
	struct evl_gravity *gravity;
};

/* A date or a duration as the ABI carries it. */
static inline struct __evl_timespec evl_ktime_to_timespec(ktime_t t)
{
	struct timespec64 ts64 = ktime_to_timespec64(t);

	return (struct __evl_timespec){
		.tv_sec = ts64.tv_sec,
		.tv_nsec = ts64.tv_nsec,
	};
}

/* -EINVAL for a negative or ill-formed timespec. */
static inline int evl_timespec_to_ktime(const struct __evl_timespec *ts, ktime_t *t)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*t = ktime_set(ts->tv_sec, ts->tv_nsec);

	return 0;
}

ktime_t evl_read_clock(struct evl_clock *clock);

/* The monotonic date at which @clock will read @date. */
ktime_t evl_clock_to_monotonic(struct evl_clock *clock, ktime_t date);

/* A new timer file on @clock, for EVL_CLKIOC_NEW_TIMER. */
struct file *evl_new_timer_file(struct evl_clock *clock);

int evl_clock_init(void);
void evl_clock_cleanup(void);

#endif /* _EVL_CLOCK_H */

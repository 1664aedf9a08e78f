/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-band timers: per-CPU queues ordered by date, run from the
 * proxy tick with hard interrupts off, whatever the in-band kernel does.
 */
#ifndef _EVL_TIMER_H
#define _EVL_TIMER_H

#include <linux/ktime.h>
#include <linux/rbtree.h>
#include <linux/types.h>

struct evl_timer;

/* Timer anticipation, in ns, per context a timer wakes (sysfs gravity). */
struct evl_gravity {
	u32 irq;
	u32 kernel;
	u32 user;
};

/*
 * How early the timers fire, by the context they wake: that of the
 * monotonic clock they run on, which its sysfs directory sets.
 */
struct evl_gravity *evl_timer_gravity(void);

/* When a timer waking a user thread at @date must fire. */
static inline ktime_t evl_user_date(ktime_t date)
{
	return ktime_sub(date, READ_ONCE(evl_timer_gravity()->user));
}

typedef void (*evl_timer_handler_t)(struct evl_timer *timer);

struct evl_timer {
	struct rb_node node;		/* in its CPU's queue while armed */
	ktime_t date;			/* next expiry, CLOCK_MONOTONIC */
	ktime_t interval;		/* 0 for a one-shot timer */
	u64 overruns;			/* periods missed before this run */
	evl_timer_handler_t handler;	/* out-of-band, hard irqs off */
	int cpu;			/* whose queue it goes in */
};

/* Dates the out-of-band stage can read, whatever in-band holds. */
static inline ktime_t evl_monotonic_now(void)
{
	return ns_to_ktime(ktime_get_mono_fast_ns());
}

static inline ktime_t evl_realtime_now(void)
{
	return ns_to_ktime(ktime_get_real_fast_ns());
}

void evl_init_timer(struct evl_timer *timer, evl_timer_handler_t handler,
		    int cpu);
/* Arms (or re-arms) @timer for @date, then every @interval if not 0. */
void evl_start_timer(struct evl_timer *timer, ktime_t date,
		     ktime_t interval);
void evl_stop_timer(struct evl_timer *timer);
/* Stops @timer and waits until its handler runs nowhere. */
void evl_destroy_timer(struct evl_timer *timer);
bool evl_timer_armed(struct evl_timer *timer);
/* Date of the next expiry, 0 if not armed. */
ktime_t evl_timer_date(struct evl_timer *timer);

/* The CPU new timers go to when the caller's is not an oob CPU. */
int evl_timer_cpu(void);

/* Between the queues and the proxy tick (tick.c), hard irqs off. */
ktime_t evl_run_local_timers(ktime_t now);	/* the next date */
ktime_t evl_next_local_date(void);
int evl_timers_init(void);
void evl_timers_cleanup(void);

#endif /* _EVL_TIMER_H */

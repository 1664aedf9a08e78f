/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each scheduling policy (sched/<policy>.c) tells the scheduler:
 * how the attributes a thread is given rank it in the run queues. The
 * idle level is the in-band kernel's: SCHED_IDLE is not for threads.
 */
#ifndef _EVL_SCHED_POLICY_H
#define _EVL_SCHED_POLICY_H

#include "sched.h"

struct evl_sched_attrs;

struct evl_sched_policy {
	int policy;		/* SCHED_* */
	const char *name;	/* in sysfs */
	/* Any context: @a checked into @s (0), or -EINVAL. */
	int (*setting)(const struct evl_sched_attrs *a,
		       struct evl_sched_setting *s);
};

extern const struct evl_sched_policy evl_sched_fifo;
extern const struct evl_sched_policy evl_sched_rr;
extern const struct evl_sched_policy evl_sched_weak;
extern const struct evl_sched_policy evl_sched_normal;

#endif /* _EVL_SCHED_POLICY_H */

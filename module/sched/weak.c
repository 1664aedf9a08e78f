// SPDX-License-Identifier: GPL-2.0
/*
 * SCHED_WEAK: priorities 0-99 below every FIFO and RR thread; a weak
 * thread goes back in-band after each out-of-band call (syscall.c).
 * SCHED_OTHER, priority 0 only, is SCHED_WEAK 0.
 */
#include <linux/errno.h>
#include <linux/sched.h>
#include <evl/sched-abi.h>
#include "policy.h"

static int weak_setting(const struct evl_sched_attrs *a,
			struct evl_sched_setting *s)
{
	if (a->sched_priority < 0 || a->sched_priority > EVL_FIFO_MAX_PRIO)
		return -EINVAL;
	s->rank = a->sched_priority;

	return 0;
}

static int normal_setting(const struct evl_sched_attrs *a,
			  struct evl_sched_setting *s)
{
	if (a->sched_priority)
		return -EINVAL;
	s->policy = SCHED_WEAK;

	return weak_setting(a, s);
}

const struct evl_sched_policy evl_sched_weak = {
	.policy = SCHED_WEAK,
	.name = "weak",
	.setting = weak_setting,
};

const struct evl_sched_policy evl_sched_normal = {
	.policy = SCHED_NORMAL,
	.name = "weak",
	.setting = normal_setting,
};

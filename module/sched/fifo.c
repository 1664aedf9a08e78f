// SPDX-License-Identifier: GPL-2.0
/*
 * SCHED_FIFO and SCHED_RR: priorities 1-99, shared by both and above
 * every weak thread; an RR thread also has a quantum, which the
 * scheduler counts while it runs (sched/core.c).
 */
#include <linux/errno.h>
#include <linux/ktime.h>
#include <evl/sched-abi.h>
#include "policy.h"

/* Shorter ones would have the CPU serve timer interrupts mostly. */
#define EVL_RR_MIN_QUANTUM_NS	(100 * NSEC_PER_USEC)

static int fifo_setting(const struct evl_sched_attrs *a,
			struct evl_sched_setting *s)
{
	if (a->sched_priority < 1 || a->sched_priority > EVL_FIFO_MAX_PRIO)
		return -EINVAL;
	s->rank = EVL_FIFO_MAX_PRIO + 1 + a->sched_priority;

	return 0;
}

/* A quantum of 0 keeps the thread's current one. */
static int rr_setting(const struct evl_sched_attrs *a,
		      struct evl_sched_setting *s)
{
	const struct __evl_timespec *q = &a->sched_rr_quantum;

	if (q->tv_sec < 0 || q->tv_nsec < 0 || q->tv_nsec >= NSEC_PER_SEC ||
	    q->tv_sec > KTIME_SEC_MAX)
		return -EINVAL;
	s->quantum = ktime_set(q->tv_sec, q->tv_nsec);
	if (s->quantum && s->quantum < EVL_RR_MIN_QUANTUM_NS)
		return -EINVAL;

	return fifo_setting(a, s);
}

const struct evl_sched_policy evl_sched_fifo = {
	.policy = SCHED_FIFO,
	.name = "fifo",
	.setting = fifo_setting,
};

const struct evl_sched_policy evl_sched_rr = {
	.policy = SCHED_RR,
	.name = "rr",
	.setting = rr_setting,
};

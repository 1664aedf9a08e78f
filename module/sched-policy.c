// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduling policies, as the run queues (sched.c) see them: a rank
 * per thread. SCHED_OTHER (priority 0) is SCHED_WEAK, whose threads rank
 * below FIFO and RR ones; FIFO and RR threads share priorities, RR ones
 * with a quantum. The idle level is the in-band kernel's: SCHED_IDLE is
 * not for threads. Quota and TP are not there yet.
 */
#include <linux/errno.h>
#include <linux/ktime.h>
#include <evl/sched-abi.h>
#include "sched.h"

/* Shorter ones would have the CPU serve timer interrupts mostly. */
#define EVL_RR_MIN_QUANTUM_NS	(100 * NSEC_PER_USEC)

/* A valid quantum, or 0 to keep the current one; < 0 if invalid. */
static ktime_t rr_quantum(const struct evl_sched_attrs *a)
{
	const struct __evl_timespec *q = &a->sched_rr_quantum;
	ktime_t quantum;

	if (q->tv_sec < 0 || q->tv_nsec < 0 || q->tv_nsec >= NSEC_PER_SEC ||
	    q->tv_sec > KTIME_SEC_MAX)
		return -EINVAL;
	quantum = ktime_set(q->tv_sec, q->tv_nsec);
	if (quantum && quantum < EVL_RR_MIN_QUANTUM_NS)
		return -EINVAL;

	return quantum;
}

int evl_parse_sched_attrs(const struct evl_sched_attrs *a,
			  struct evl_sched_setting *s)
{
	int prio = a->sched_priority;

	s->policy = a->sched_policy;
	s->prio = prio;
	s->quantum = 0;

	switch (s->policy) {
	case SCHED_NORMAL:	/* SCHED_OTHER */
		if (prio)
			return -EINVAL;
		s->policy = SCHED_WEAK;
		s->rank = 0;
		return 0;
	case SCHED_WEAK:
		if (prio < 0 || prio > EVL_FIFO_MAX_PRIO)
			return -EINVAL;
		s->rank = prio;
		return 0;
	case SCHED_RR:
		s->quantum = rr_quantum(a);
		if (s->quantum < 0)
			return -EINVAL;
		fallthrough;
	case SCHED_FIFO:
		if (prio < 1 || prio > EVL_FIFO_MAX_PRIO)
			return -EINVAL;
		s->rank = EVL_FIFO_MAX_PRIO + 1 + prio;
		return 0;
	case SCHED_QUOTA:
	case SCHED_TP:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

const char *evl_policy_name(int policy)
{
	switch (policy) {
	case SCHED_FIFO:
		return "fifo";
	case SCHED_RR:
		return "rr";
	case SCHED_WEAK:
		return "weak";
	default:
		return "?";
	}
}

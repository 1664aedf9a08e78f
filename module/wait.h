/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-band wait queues: threads block on one until another context
 * (a timer, a thread, any CPU) wakes them, a timeout or a signal. The
 * lock masks interrupts in the CPU, so both stages may take it.
 */
#ifndef _EVL_WAIT_H
#define _EVL_WAIT_H

#include <linux/hard_spinlock.h>
#include <linux/irq_pipeline.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include "debug.h"

struct evl_wait_queue {
	struct hard_spinlock lock;
	struct list_head waiters;	/* FIFO */
	const char *name;		/* static: the waiters' wchan in sysfs */
};

static inline void evl_init_wait_queue(struct evl_wait_queue *wq,
				       const char *name)
{
	hard_spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->waiters);
	wq->name = name;
}

static inline unsigned long evl_lock_wait_queue(struct evl_wait_queue *wq)
{
	unsigned long flags;

	hard_spin_lock_irqsave(&wq->lock, flags);
	return flags;
}

static inline void evl_unlock_wait_queue(struct evl_wait_queue *wq,
					 unsigned long flags)
{
	hard_spin_unlock_irqrestore(&wq->lock, flags);
}

/*
 * Oob, the current thread, @wq locked with @flags: wait on @wq until
 * woken up, @date (monotonic, 0 for none), a signal, or the close of
 * the file its out-of-band call is on; unlocks @wq. Returns 0,
 * -ETIMEDOUT, -EINTR or -EBADF.
 */
int evl_wait_locked(struct evl_wait_queue *wq, ktime_t date,
		    unsigned long flags);

/*
 * Oob, the current thread (any context if @nonblock, which never
 * waits): lock @wq and wait on it until @cond, which @wq's lock guards,
 * holds. Returns 0 with @wq locked (*@flagsp), for
 * the caller to consume what @cond saw; or, @wq unlocked, -EAGAIN at
 * once when @nonblock, else what ended the wait (evl_wait_locked()).
 */
#define evl_wait_event_locked(wq, flagsp, nonblock, cond)		\
({									\
	struct evl_wait_queue *__wq = (wq);				\
	unsigned long *__flagsp = (flagsp);				\
	int __ret = 0;							\
									\
	*__flagsp = evl_lock_wait_queue(__wq);				\
	while (!(cond)) {						\
		if (nonblock) {						\
			evl_unlock_wait_queue(__wq, *__flagsp);		\
			__ret = -EAGAIN;				\
			break;						\
		}							\
		__ret = evl_wait_locked(__wq, 0, *__flagsp);		\
		if (__ret)						\
			break;						\
		*__flagsp = evl_lock_wait_queue(__wq);			\
	}								\
	__ret;								\
})

/*
 * In-band, a task: the same, sleeping on the in-band wait queue
 * @inband_wq, which whoever makes @cond true wakes, instead of on @wq;
 * -ERESTARTSYS on a signal. @cond is only read with @wq locked, and
 * nothing in-band runs with it locked: the task queues itself on
 * @inband_wq before it looks, and leaves that queue before it returns
 * with @wq locked.
 */
#define evl_wait_event_inband_locked(wq, flagsp, inband_wq, nonblock, cond) \
({									\
	struct evl_wait_queue *__wq = (wq);				\
	unsigned long *__flagsp = (flagsp);				\
	wait_queue_head_t *__inband_wq = &(inband_wq);			\
	bool __queued = false;						\
	DEFINE_WAIT(__wait);						\
	int __ret;							\
									\
	evl_assert_may_sleep();						\
	for (;;) {							\
		*__flagsp = evl_lock_wait_queue(__wq);			\
		if (cond) {						\
			__ret = 0;					\
			if (!__queued)					\
				break;					\
			evl_unlock_wait_queue(__wq, *__flagsp);		\
		} else {						\
			evl_unlock_wait_queue(__wq, *__flagsp);		\
			if (__queued)					\
				schedule();				\
		}							\
		if (__queued) {						\
			finish_wait(__inband_wq, &__wait);		\
			__queued = false;				\
			continue;					\
		}							\
		__ret = -EAGAIN;					\
		if (nonblock)						\
			break;						\
		__ret = -ERESTARTSYS;					\
		if (signal_pending(current))				\
			break;						\
		prepare_to_wait(__inband_wq, &__wait, TASK_INTERRUPTIBLE); \
		__queued = true;					\
	}								\
	__ret;								\
})

/*
 * @wq locked: wake up all its waiters. From a thread, call
 * evl_schedule() once @wq is unlocked; interrupts switch on their exit.
 */
void evl_wake_up_all_locked(struct evl_wait_queue *wq);

struct evl_thread;

/*
 * For the scheduler, hard irqs off: take @t off the queue it waits on
 * with @result, unless a waker did first (false). True for a thread
 * not waiting on a queue.
 */
bool evl_claim_waiter(struct evl_thread *t, int result);

#endif /* _EVL_WAIT_H */

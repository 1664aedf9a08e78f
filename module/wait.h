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
#include <linux/spinlock.h>

struct evl_wait_queue {
	struct hard_spinlock lock;
	struct list_head waiters;	/* FIFO */
	const char *name;		/* static: the waiters' wchan in sysfs */
	int closed;			/* -errno: its file is going away */
};

static inline void evl_init_wait_queue(struct evl_wait_queue *wq,
				       const char *name)
{
	hard_spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->waiters);
	wq->name = name;
	wq->closed = 0;
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
 * woken up, @date (monotonic, 0 for none) or a signal; unlocks @wq.
 * Returns 0, -ETIMEDOUT, -EINTR, or the error @wq was closed with.
 */
int evl_wait_locked(struct evl_wait_queue *wq, ktime_t date,
		    unsigned long flags);

/*
 * @wq locked: wake up all its waiters. From a thread, call
 * evl_schedule() once @wq is unlocked; interrupts switch on their exit.
 */
void evl_wake_up_all_locked(struct evl_wait_queue *wq);

/*
 * In-band, from the release of the file @wq belongs to: every waiter
 * wakes up with @err (< 0), and waits to come fail with it at once.
 */
void evl_close_wait_queue(struct evl_wait_queue *wq, int err);

struct evl_thread;

/*
 * For the scheduler, hard irqs off: take @t off the queue it waits on
 * with @result, unless a waker did first (false). True for a thread
 * not waiting on a queue.
 */
bool evl_claim_waiter(struct evl_thread *t, int result);

#endif /* _EVL_WAIT_H */

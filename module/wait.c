// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-band wait queues. A waiter is on its queue and blocked on its
 * CPU (sched.c); whoever takes it off the queue, under the queue's lock,
 * decides how the wait ends: a waker (0), the timeout (-ETIMEDOUT) or a
 * signal (-EINTR). A waker on another CPU leaves the rest to the
 * waiter's CPU, through the reschedule IPI.
 */
#include "sched.h"
#include "thread.h"
#include "wait.h"

static void dequeue_waiter(struct evl_thread *t, int result)
{
	list_del_init(&t->wait_next);
	t->wchan = NULL;
	WRITE_ONCE(t->wchan_name, NULL);
	t->wait_result = result;
}

int evl_wait_locked(struct evl_wait_queue *wq, ktime_t date,
		    unsigned long flags)
{
	struct evl_thread *t = evl_current_thread();
	int ret;

	/* Its file going away, or a signal already there: no wait. */
	ret = wq->closed;
	if (!ret && atomic_xchg(&t->kicked, 0))
		ret = -EINTR;
	if (ret) {
		evl_unlock_wait_queue(wq, flags);
		return ret;
	}
	t->wchan = wq;
	WRITE_ONCE(t->wchan_name, wq->name);
	list_add_tail(&t->wait_next, &wq->waiters);
	ret = evl_block(date, wq);
	hard_local_irq_restore(flags);

	return ret;
}

/* @wq locked: every waiter's wait ends with @result. */
static void release_all_waiters(struct evl_wait_queue *wq, int result)
{
	struct evl_thread *t, *n;

	list_for_each_entry_safe(t, n, &wq->waiters, wait_next) {
		dequeue_waiter(t, result);
		evl_release_waiter(t);
	}
}

void evl_wake_up_all_locked(struct evl_wait_queue *wq)
{
	release_all_waiters(wq, 0);
}

/* In-band: each waiter's CPU switches to it on the reschedule IPI. */
void evl_close_wait_queue(struct evl_wait_queue *wq, int err)
{
	unsigned long flags = evl_lock_wait_queue(wq);

	wq->closed = err;
	release_all_waiters(wq, err);
	evl_unlock_wait_queue(wq, flags);
}

bool evl_claim_waiter(struct evl_thread *t, int result)
{
	struct evl_wait_queue *wq;
	bool claimed;

	if (!(t->state & EVL_T_PEND)) {
		t->wait_result = result;
		return true;
	}
	wq = READ_ONCE(t->wchan);
	if (!wq)
		return false;
	hard_spin_lock(&wq->lock);
	claimed = t->wchan == wq;
	if (claimed)
		dequeue_waiter(t, result);
	hard_spin_unlock(&wq->lock);

	return claimed;
}

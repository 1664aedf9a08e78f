// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-band wait queues. A waiter is on its queue and blocked on its
 * CPU (sched/core.c); whoever takes it off the queue, under the queue's
 * lock, decides how the wait ends: a waker (0), the timeout
 * (-ETIMEDOUT), a signal (-EINTR) or the close of the file the wait is
 * for (-EBADF). A waker on another CPU leaves the rest to the waiter's
 * CPU, through the reschedule IPI.
 */
#include "debug.h"
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

	evl_assert_oob();
	evl_assert_hard_locked(&wq->lock);

	/* A signal already there, or the file closed: no wait. */
	ret = evl_block_break(t);
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

void evl_wake_up_all_locked(struct evl_wait_queue *wq)
{
	struct evl_thread *t, *n;

	evl_assert_hard_locked(&wq->lock);

	list_for_each_entry_safe(t, n, &wq->waiters, wait_next) {
		dequeue_waiter(t, 0);
		evl_release_waiter(t);
	}
}

bool evl_claim_waiter(struct evl_thread *t, int result)
{
	struct evl_wait_queue *wq;
	bool claimed;

	evl_assert_hard_irqs_off();

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

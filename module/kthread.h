/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-band kernel threads: workers of the core and its drivers,
 * scheduled like user threads.
 */
#ifndef _EVL_KTHREAD_H
#define _EVL_KTHREAD_H

#include <linux/completion.h>
#include <linux/irq_work.h>
#include <evl/thread-abi.h>
#include "thread.h"

struct evl_kthread {
	struct evl_thread thread;
	/* The state words a user thread shares with its process. */
	struct evl_user_window window;
	int (*fn)(struct evl_kthread *kt);
	bool stop;
	int start_status;		/* why it could not reach oob */
	int status;			/* what fn returned */
	struct irq_work report;		/* from oob: it made it there */
	struct completion started;
	struct completion done;
};

/*
 * In-band: start @fn on the oob stage of @cpu in a kernel thread named
 * @name, SCHED_FIFO at @prio. Returns once it runs there: 0, or -errno
 * and nothing left behind.
 */
int evl_run_kthread(struct evl_kthread *kt, int (*fn)(struct evl_kthread *kt),
		    int cpu, int prio, const char *name);

/*
 * In-band, a thread evl_run_kthread() started: have
 * evl_kthread_should_stop() say so, break its current wait, and wait
 * until it left. Returns what fn returned.
 */
int evl_stop_kthread(struct evl_kthread *kt);

/* Oob, from fn: time to return. Waits end with -EINTR once it is. */
static inline bool evl_kthread_should_stop(struct evl_kthread *kt)
{
	return READ_ONCE(kt->stop);
}

#endif /* _EVL_KTHREAD_H */

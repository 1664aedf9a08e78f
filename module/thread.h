/* SPDX-License-Identifier: GPL-2.0 */
/* EVL threads: user tasks attached to the core. */
#ifndef _EVL_THREAD_H
#define _EVL_THREAD_H

#include <linux/dovetail.h>
#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/wait.h>
#include <evl/sched-abi.h>
#include <evl/thread-abi.h>
#include "debug.h"
#include "factory.h"
#include "timer.h"

struct evl_thread {
	struct evl_element element;
	struct dovetail_altsched_context altsched;
	struct task_struct *task;
	struct mm_struct *mm;		/* of its process, as attached */
	struct evl_user_window *window;
	pid_t pid;
	int cpu;
	bool attached;
	/* EVL_T_* state and info bits, mirrored in the user window. */
	u32 state;
	u32 info;
	struct evl_sched_attrs attrs;
	int prio;			/* 0 for weak threads */
	u32 isw, csw, sc, rwa;
	wait_queue_head_t join_wait;	/* woken when it detaches */

	/* Scheduling, on the thread's CPU with hard irqs off. */
	struct list_head rq_next;	/* in the ready list */
	struct evl_timer rtimer;	/* ends timed sleeps */
	struct irq_work inband_wakeup;	/* wakes it in-band */
	atomic_t kicked;		/* a signal breaks its sleep */
	/* The file of its oob call in flight, EVL_OOB_FILE_CLOSED once closed. */
	struct file *oob_file;
	atomic_t woken;			/* a waker on another CPU ended its wait */
	struct evl_wait_queue *wchan;	/* waited on; under its lock */
	const char *wchan_name;		/* its name, for sysfs (static) */
	struct list_head wait_next;	/* in wchan's waiters */
	int wait_result;		/* how the block ended */
	ktime_t rr_quantum;		/* SCHED_RR: its time slice */
	ktime_t rr_left;		/* what is left of the slice */
	ktime_t rr_start;		/* when it last started running */
	int mayday_cause;		/* why it was sent a mayday */
	int hm_cause;			/* demotion notice still to send */
	u64 cpu_time_ns;		/* ran oob, up to its last switch out */
	ktime_t run_start;		/* when it was last switched in */
	/* Sampled by the last read of the stats, for the CPU share. */
	u64 stats_cpu_time_ns;
	ktime_t stats_date;
};

static inline struct evl_thread *evl_current_thread(void)
{
	return dovetail_bound(current) ? dovetail_current_state()->core : NULL;
}

static inline struct evl_thread *evl_task_thread(struct task_struct *p)
{
	return dovetail_bound(p) ? dovetail_task_state(p)->core : NULL;
}

static inline void __evl_set_state(struct evl_thread *t, u32 state)
{
	t->state = state;
	WRITE_ONCE(t->window->state, t->state);
	WRITE_ONCE(t->window->info, t->info);
}

/* A thread no other context sees yet: its first state. */
static inline void evl_init_state(struct evl_thread *t, u32 state)
{
	__evl_set_state(t, state);
}

/* Hard irqs off: set and clear state bits, user window included. */
static inline void evl_set_state(struct evl_thread *t, u32 set, u32 clear)
{
	evl_assert_hard_irqs_off();
	__evl_set_state(t, (t->state & ~clear) | set);
}

/* In-band: break the blocks of the out-of-band calls on @file. */
void evl_close_oob_calls(struct file *file);
/* In-band, from the exit of the current task. */
void evl_thread_exit(void);
/* In-band, @mm going away: the current task detaches if it runs exec(). */
void evl_thread_drop_mm(struct mm_struct *mm);
/* In-band: SIGKILL to every attached thread, then wait until all left. */
int evl_kill_threads(void);

int evl_thread_init(void);
void evl_thread_cleanup(void);

#endif /* _EVL_THREAD_H */

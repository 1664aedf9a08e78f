/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-band scheduler: per-CPU run queues of threads running on
 * the oob stage, the in-band kernel being what runs when none is ready.
 */
#ifndef _EVL_SCHED_H
#define _EVL_SCHED_H

#include <linux/ktime.h>

/* Priorities of SCHED_FIFO (1-99) and SCHED_WEAK (0-99) threads. */
#define EVL_FIFO_MAX_PRIO	99
/* The round-robin quantum of threads that did not give theirs. */
#define EVL_RR_QUANTUM_NS	(10 * NSEC_PER_MSEC)

struct evl_sched_attrs;

/* What a policy and priority make of a thread (sched/<policy>.c). */
struct evl_sched_setting {
	int policy;		/* SCHED_OTHER is SCHED_WEAK */
	int prio;
	int rank;		/* in the run queue, higher first */
	ktime_t quantum;	/* SCHED_RR, 0 to keep the thread's */
};

/* 0 and @s, or -EINVAL, -EOPNOTSUPP (quota, tp). */
int evl_parse_sched_attrs(const struct evl_sched_attrs *a,
			  struct evl_sched_setting *s);
const char *evl_policy_name(int policy);

struct evl_thread;
struct evl_wait_queue;
struct file;
struct task_struct;

/* In-band, the current thread: move it to the oob stage (0 or -errno). */
int evl_switch_oob(void);
/*
 * Oob, the current thread, hard irqs off: move it in-band. @cause: an
 * EVL_HMDIAG_* code for a demotion, 0 for a switch it asked for.
 */
void evl_switch_inband(int cause);
/* Oob, the current thread: sleep until @date (monotonic); 0 or -EINTR. */
int evl_sleep_until(ktime_t date);
/*
 * Oob, hard irqs off, the current thread: block until @date (0: none),
 * a wake-up if it waits on @wq (locked; unlocked here), or a signal.
 * Returns 0 (woken up), -ETIMEDOUT or -EINTR.
 */
int evl_block(ktime_t date, struct evl_wait_queue *wq);
/* Hard irqs off: @t, taken off its wait queue, may run again. */
void evl_release_waiter(struct evl_thread *t);
/* Oob, a thread: switch if it readied a better one. */
void evl_schedule(void);
/* In-band: a signal for @t's task; break its out-of-band sleep. */
void evl_kick_thread(struct evl_thread *t);
/*
 * In-band, from the release of @file: if @t's out-of-band call in
 * flight is on @file, its blocks end with -EBADF from now on, the one
 * it may be in included (true).
 */
bool evl_close_oob_call(struct evl_thread *t, struct file *file);
/*
 * Hard irqs off, the current thread @t about to block: -EINTR (a
 * signal kicked it, which this consumes), -EBADF (its call's file was
 * closed) or 0.
 */
int evl_block_break(struct evl_thread *t);

void evl_init_thread_sched(struct evl_thread *t);
/* Time @t ran on the oob stage, in ns. */
u64 evl_thread_cpu_time(struct evl_thread *t);

/* Hooks of the core (main.c). */
void evl_resume_oob_task(struct task_struct *p);
void evl_irq_exit(void);

int evl_sched_init(void);
/* With no thread left, before the timer queues go: the CPU timers. */
void evl_sched_stop_timers(void);
void evl_sched_cleanup(void);

#endif /* _EVL_SCHED_H */

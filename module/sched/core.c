// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-band scheduler. Each oob CPU has a queue of ready threads
 * ordered by priority (first in, first out within one); the thread at
 * its head runs, and when none is ready the in-band kernel does, from
 * where it was left. Everything happens on the queue's CPU with hard
 * interrupts off: threads are pinned, their timers fire on their CPU,
 * and other CPUs reach a thread through the reschedule IPI. Switches
 * happen when a thread blocks or leaves, and on the way out of an
 * interrupt that made a better thread ready or ended a round-robin
 * thread's quantum. A watchdog moves in-band a thread that keeps the
 * in-band kernel of its CPU from running for too long.
 */
#include <linux/dovetail.h>
#include <linux/irq_pipeline.h>
#include <linux/irq_work.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <evl/signal.h>
#include "arch.h"
#include "debug.h"
#include "evl.h"
#include "file.h"
#include "policy.h"
#include "sched.h"
#include "thread.h"
#include "timer.h"
#include "wait.h"

struct evl_rq {
	struct evl_thread *curr;	/* NULL: the in-band kernel runs */
	struct list_head ready;		/* by priority, highest first */
	struct list_head sleepers;	/* in a timed sleep */
	/* The in-band context a thread preempted, resumed when none runs. */
	struct dovetail_altsched_context inband;
	bool resched;
	bool rotate;			/* curr goes behind its peers */
	struct evl_timer rr_timer;	/* ends the quantum of curr */
	/* Every watchdog_sec once a thread ran here: did in-band run? */
	struct evl_timer watchdog;
	unsigned long inband_resumed;	/* switches back to in-band */
	unsigned long watchdog_mark;	/* inband_resumed at the last check */
};

static unsigned int watchdog_sec = 4;
module_param(watchdog_sec, uint, 0444);
MODULE_PARM_DESC(watchdog_sec, "Period of the watchdog: oob threads keeping the in-band kernel of a CPU from running through a whole period get the one running moved in-band (0: no watchdog)");

static DEFINE_PER_CPU(struct evl_rq, evl_rqs);

/* Quota and TP are not there yet: -EOPNOTSUPP, as libevl expects. */
static const struct evl_sched_policy *const policies[] = {
	&evl_sched_fifo, &evl_sched_rr, &evl_sched_weak, &evl_sched_normal,
};

static const struct evl_sched_policy *find_policy(int policy)
{
	int n;

	for (n = 0; n < ARRAY_SIZE(policies); n++)
		if (policies[n]->policy == policy)
			return policies[n];

	return NULL;
}

int evl_parse_sched_attrs(const struct evl_sched_attrs *a,
			  struct evl_sched_setting *s)
{
	const struct evl_sched_policy *p = find_policy(a->sched_policy);

	if (!p)
		return a->sched_policy == SCHED_QUOTA ||
			a->sched_policy == SCHED_TP ? -EOPNOTSUPP : -EINVAL;
	s->policy = p->policy;
	s->prio = a->sched_priority;
	s->quantum = 0;

	return p->setting(a, s);
}

const char *evl_policy_name(int policy)
{
	const struct evl_sched_policy *p = find_policy(policy);

	return p ? p->name : "?";
}

static void enqueue(struct evl_rq *rq, struct evl_thread *t, bool first_of_prio)
{
	struct evl_thread *pos;

	list_for_each_entry(pos, &rq->ready, rq_next) {
		if (pos->prio < t->prio || (first_of_prio && pos->prio == t->prio)) {
			list_add_tail(&t->rq_next, &pos->rq_next);
			return;
		}
	}
	list_add_tail(&t->rq_next, &rq->ready);
}

static bool is_rr(struct evl_thread *t)
{
	return t && t->attrs.sched_policy == SCHED_RR;
}

/*
 * A round-robin thread runs for its quantum, counted while it runs,
 * then goes behind the threads of its priority; one timer per CPU
 * ends the quantum of the thread running there.
 */
static void switch_quantum(struct evl_rq *rq, struct evl_thread *prev,
			   struct evl_thread *next, bool rotated)
{
	ktime_t now;

	if (!is_rr(prev) && !is_rr(next))
		return;

	now = evl_monotonic_now();
	if (is_rr(prev)) {
		prev->rr_left = ktime_sub(prev->rr_left, ktime_sub(now, prev->rr_start));
		if (rotated || prev->rr_left <= 0)
			prev->rr_left = prev->rr_quantum;
	}
	if (is_rr(next)) {
		next->rr_start = now;
		evl_start_timer(&rq->rr_timer, ktime_add(now, next->rr_left), 0);
	} else {
		evl_stop_timer(&rq->rr_timer);
	}
}

static void quantum_over(struct evl_timer *timer)
{
	struct evl_rq *rq = container_of(timer, struct evl_rq, rr_timer);

	if (!is_rr(rq->curr))
		return;
	rq->rotate = true;
	rq->resched = true;
}

/*
 * The watchdog checks every period whether in-band ran since the last
 * check: a thread keeping it out gets caught after one to two periods,
 * and switches cost nothing more than a count.
 */
static void watchdog_check(struct evl_timer *timer)
{
	struct evl_rq *rq = container_of(timer, struct evl_rq, watchdog);
	struct evl_thread *t = rq->curr;

	if (!t || rq->inband_resumed != rq->watchdog_mark) {
		rq->watchdog_mark = rq->inband_resumed;
		return;
	}
	t->mayday_cause = EVL_HMDIAG_WATCHDOG;
	dovetail_send_mayday(t->task);
}

/* The first thread on this CPU starts its watchdog, for good. */
static void start_watchdog(struct evl_rq *rq)
{
	ktime_t period = ktime_set(watchdog_sec, 0);

	if (!watchdog_sec || evl_timer_armed(&rq->watchdog))
		return;
	rq->watchdog_mark = rq->inband_resumed;
	evl_start_timer(&rq->watchdog, ktime_add(evl_monotonic_now(), period), period);
}

/* CPU time: what @prev ran since it was switched in, and @next starts. */
static void account_cpu_time(struct evl_thread *prev, struct evl_thread *next)
{
	ktime_t now = evl_monotonic_now();

	if (prev)
		prev->cpu_time_ns += ktime_to_ns(ktime_sub(now, prev->run_start));
	if (next)
		next->run_start = now;
}

u64 evl_thread_cpu_time(struct evl_thread *t)
{
	struct evl_rq *rq = per_cpu_ptr(&evl_rqs, t->cpu);
	unsigned long flags = hard_local_irq_save();
	u64 ns = READ_ONCE(t->cpu_time_ns);

	/* Running now, maybe on another CPU: add its current run. */
	if (READ_ONCE(rq->curr) == t)
		ns += max_t(s64, 0, ktime_to_ns(ktime_sub(evl_monotonic_now(),
							  READ_ONCE(t->run_start))));
	hard_local_irq_restore(flags);

	return ns;
}

/*
 * Switch to the best ready thread, or in-band if none. @prev_ready: the
 * current thread may run on (it was preempted), it goes back at the
 * head of its priority.
 */
static void schedule_next(struct evl_rq *rq, bool prev_ready)
{
	struct dovetail_altsched_context *out, *in;
	struct evl_thread *prev = rq->curr, *next;
	bool rotated = rq->rotate && prev_ready;

	evl_assert_hard_irqs_off();

	rq->resched = false;
	rq->rotate = false;
	if (prev && prev_ready)
		enqueue(rq, prev, !rotated);
	next = list_first_entry_or_null(&rq->ready, struct evl_thread, rq_next);
	if (next)
		list_del_init(&next->rq_next);
	switch_quantum(rq, prev, next, rotated);
	if (next == prev)
		return;

	account_cpu_time(prev, next);
	rq->curr = next;
	if (prev) {
		out = &prev->altsched;
	} else {
		rq->inband.task = current;
		out = &rq->inband;
	}
	if (next) {
		next->csw++;
		in = &next->altsched;
	} else {
		rq->inband_resumed++;
		in = &rq->inband;
	}

	/* True: @prev had left for in-band, where it runs again now. */
	if (dovetail_context_switch(out, in, false))
		dovetail_resume_inband();
}

/* Oob, hard irqs off, on @t's CPU: @t may run. */
static void make_ready(struct evl_rq *rq, struct evl_thread *t)
{
	evl_set_state(t, EVL_T_READY, EVL_T_DELAY | EVL_T_PEND);
	enqueue(rq, t, false);
	if (!rq->curr || t->prio > rq->curr->prio)
		rq->resched = true;
}

/* On @t's CPU, hard irqs off: end its blocking, the reason set. */
static void unblock(struct evl_rq *rq, struct evl_thread *t)
{
	evl_stop_timer(&t->rtimer);
	list_del_init(&t->rq_next);
	make_ready(rq, t);
}

/* The timeout of a sleep or a wait, unless a waker came first. */
static void block_timeout(struct evl_timer *timer)
{
	struct evl_thread *t = container_of(timer, struct evl_thread, rtimer);

	if (!(t->state & EVL_T_DELAY) || !evl_claim_waiter(t, -ETIMEDOUT))
		return;
	t->info |= EVL_T_TIMEO;
	unblock(this_cpu_ptr(&evl_rqs), t);
}

int evl_block(ktime_t date, struct evl_wait_queue *wq)
{
	struct evl_thread *t = evl_current_thread();
	struct evl_rq *rq = this_cpu_ptr(&evl_rqs);

	evl_assert_oob();
	evl_assert_hard_irqs_off();

	/* Waiters checked for a signal with their queue locked. */
	if (!wq) {
		int ret = evl_block_break(t);

		if (ret)
			return ret;
	}
	t->wait_result = 0;
	t->info &= ~(EVL_T_TIMEO | EVL_T_BREAK);
	evl_set_state(t, (wq ? EVL_T_PEND : 0) | (date ? EVL_T_DELAY : 0),
		      EVL_T_READY);
	list_add_tail(&t->rq_next, &rq->sleepers);
	/* Early by the user gravity: the wake-up path takes about that. */
	if (date)
		evl_start_timer(&t->rtimer, evl_user_date(date), 0);
	/* Wakers on other CPUs may take it off now: the IPI follows. */
	if (wq)
		hard_spin_unlock(&wq->lock);
	schedule_next(rq, false);

	return t->wait_result;
}

int evl_sleep_until(ktime_t date)
{
	unsigned long flags;
	int ret;

	evl_assert_oob();

	flags = hard_local_irq_save();
	ret = evl_block(date, NULL);
	hard_local_irq_restore(flags);

	return ret == -ETIMEDOUT ? 0 : ret;
}

void evl_release_waiter(struct evl_thread *t)
{
	evl_assert_hard_irqs_off();

	if (t->cpu == raw_smp_processor_id() && running_oob()) {
		unblock(this_cpu_ptr(&evl_rqs), t);
		return;
	}
	atomic_set(&t->woken, 1);
	irq_send_oob_ipi(EVL_RESCHED_IPI, cpumask_of(t->cpu));
}

void evl_schedule(void)
{
	struct evl_rq *rq = this_cpu_ptr(&evl_rqs);
	unsigned long flags = hard_local_irq_save();

	evl_assert_oob();

	if (rq->resched)
		schedule_next(rq, true);
	hard_local_irq_restore(flags);
}

void evl_kick_thread(struct evl_thread *t)
{
	evl_assert_inband();

	atomic_set(&t->kicked, 1);
	irq_send_oob_ipi(EVL_RESCHED_IPI, cpumask_of(t->cpu));
}

bool evl_close_oob_call(struct evl_thread *t, struct file *file)
{
	evl_assert_inband();

	if (cmpxchg(&t->oob_file, file, EVL_OOB_FILE_CLOSED) != file)
		return false;
	irq_send_oob_ipi(EVL_RESCHED_IPI, cpumask_of(t->cpu));

	return true;
}

int evl_block_break(struct evl_thread *t)
{
	evl_assert_hard_irqs_off();

	if (atomic_xchg(&t->kicked, 0))
		return -EINTR;
	if (READ_ONCE(t->oob_file) == EVL_OOB_FILE_CLOSED)
		return -EBADF;

	return 0;
}

/*
 * Oob, hard irqs off: ready the threads woken from other CPUs, and
 * break the sleeps and waits of those a signal kicked or whose call's
 * file was closed. A kicked waiter a waker took first is woken, its
 * signal is for the next block.
 */
static bool handle_resched_ipi(struct pt_regs *regs, unsigned int vector)
{
	struct evl_rq *rq = this_cpu_ptr(&evl_rqs);
	struct evl_thread *t, *n;

	evl_assert_oob();
	evl_assert_hard_irqs_off();

	list_for_each_entry_safe(t, n, &rq->sleepers, rq_next) {
		if (atomic_read(&t->kicked) && evl_claim_waiter(t, -EINTR)) {
			atomic_set(&t->kicked, 0);
			t->info |= EVL_T_BREAK;
			unblock(rq, t);
		} else if (READ_ONCE(t->oob_file) == EVL_OOB_FILE_CLOSED &&
			   evl_claim_waiter(t, -EBADF)) {
			atomic_set(&t->woken, 0);
			unblock(rq, t);
		} else if (atomic_xchg(&t->woken, 0)) {
			t->rwa++;
			unblock(rq, t);
		}
	}

	return false;
}

/* In-band, hard irqs off, right after @p left the in-band stage. */
void evl_resume_oob_task(struct task_struct *p)
{
	struct evl_rq *rq = this_cpu_ptr(&evl_rqs);
	struct evl_thread *t = evl_task_thread(p);

	evl_assert_hard_irqs_off();

	/* Its timer is idle: it follows the thread if it was moved. */
	t->cpu = raw_smp_processor_id();
	t->rtimer.cpu = t->cpu;
	start_watchdog(rq);
	evl_set_state(t, EVL_T_READY, EVL_T_INBAND);
	enqueue(rq, t, false);
	schedule_next(rq, false);
}

int evl_switch_oob(void)
{
	struct evl_thread *t = evl_current_thread();

	evl_assert_may_sleep();

	if (!cpumask_test_cpu(raw_smp_processor_id(), &evl_oob_cpus))
		return -EPERM;
	atomic_set(&t->kicked, 0);

	return dovetail_leave_inband();
}

/* In-band: tell @t why it was moved there, as its mode bits ask. */
static void notify_demotion(struct evl_thread *t, int cause)
{
	struct kernel_siginfo si;

	clear_siginfo(&si);
	si.si_signo = SIGDEBUG;
	si.si_code = SI_QUEUE;
	si.si_int = sigdebug_marker | cause;
	send_sig_info(SIGDEBUG, &si, t->task);
}

static void wake_inband(struct irq_work *work)
{
	struct evl_thread *t = container_of(work, struct evl_thread, inband_wakeup);
	int cause = xchg(&t->hm_cause, 0);

	if (cause)
		notify_demotion(t, cause);
	wake_up_process(t->task);
}

/* Hard irqs off: a demotion the thread wants to hear of, or 0. */
static int demotion_notice(struct evl_thread *t, int cause)
{
	if (!cause || !(t->state & EVL_T_HMSIG))
		return 0;
	/* The watchdog always tells; stage switches if asked to. */
	if (cause != EVL_HMDIAG_WATCHDOG && !(t->state & EVL_T_WOSS))
		return 0;

	return cause;
}

void evl_switch_inband(int cause)
{
	struct evl_rq *rq = this_cpu_ptr(&evl_rqs);
	struct evl_thread *t = evl_current_thread();

	evl_assert_oob();
	evl_assert_hard_irqs_off();

	t->hm_cause = demotion_notice(t, cause);
	evl_set_state(t, EVL_T_INBAND, EVL_T_READY);
	t->isw++;
	/* Runs once in-band resumes on this CPU, after the switch below. */
	irq_work_queue(&t->inband_wakeup);
	dovetail_leave_oob();
	schedule_next(rq, false);
}

void evl_irq_exit(void)
{
	struct evl_rq *rq = this_cpu_ptr(&evl_rqs);

	evl_assert_hard_irqs_off();

	if (rq->resched)
		schedule_next(rq, true);
}

void evl_init_thread_sched(struct evl_thread *t)
{
	INIT_LIST_HEAD(&t->rq_next);
	evl_init_timer(&t->rtimer, block_timeout, t->cpu);
	init_irq_work(&t->inband_wakeup, wake_inband);
	atomic_set(&t->kicked, 0);
	atomic_set(&t->woken, 0);
	INIT_LIST_HEAD(&t->wait_next);
	t->task = current;
}

int evl_sched_init(void)
{
	struct evl_rq *rq;
	int cpu;

	for_each_possible_cpu(cpu) {
		rq = per_cpu_ptr(&evl_rqs, cpu);
		rq->curr = NULL;
		INIT_LIST_HEAD(&rq->ready);
		INIT_LIST_HEAD(&rq->sleepers);
		rq->resched = false;
		rq->rotate = false;
		rq->inband_resumed = 0;
		rq->watchdog_mark = 0;
		evl_init_timer(&rq->rr_timer, quantum_over, cpu);
		evl_init_timer(&rq->watchdog, watchdog_check, cpu);
	}

	return irq_pipeline_set_oob_handler(EVL_RESCHED_IPI,
					    handle_resched_ipi, &evl_oob_cpus);
}

void evl_sched_stop_timers(void)
{
	struct evl_rq *rq;
	int cpu;

	for_each_possible_cpu(cpu) {
		rq = per_cpu_ptr(&evl_rqs, cpu);
		evl_destroy_timer(&rq->rr_timer);
		evl_destroy_timer(&rq->watchdog);
	}
}

void evl_sched_cleanup(void)
{
	irq_pipeline_clear_oob_handler(EVL_RESCHED_IPI, &evl_oob_cpus);
}

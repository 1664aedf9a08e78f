// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU queues of out-of-band timers, ordered by date. The proxy tick
 * (tick.c) runs the expired ones and programs the CPU's timer for the
 * earliest date left. Each queue has a lock the out-of-band stage can
 * take: an arch spinlock under hard-disabled interrupts, since in-band
 * locks only mask interrupts virtually.
 */
#include <linux/hard_spinlock.h>
#include <linux/irq_pipeline.h>
#include <linux/percpu.h>
#include <linux/rbtree.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include "debug.h"
#include "evl.h"
#include "tick.h"
#include "timer.h"

struct timer_queue {
	struct hard_spinlock lock;
	struct rb_root_cached timers;
	/* The timer whose handler runs now, if any. */
	struct evl_timer *running;
};

static DEFINE_PER_CPU(struct timer_queue, timer_queues);

static struct evl_gravity timer_gravity;

struct evl_gravity *evl_timer_gravity(void)
{
	return &timer_gravity;
}

static bool earlier(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct evl_timer, node)->date <
		rb_entry(b, struct evl_timer, node)->date;
}

static unsigned long lock_queue(struct timer_queue *q)
{
	unsigned long flags;

	hard_spin_lock_irqsave(&q->lock, flags);
	return flags;
}

static void unlock_queue(struct timer_queue *q, unsigned long flags)
{
	hard_spin_unlock_irqrestore(&q->lock, flags);
}

static void dequeue(struct timer_queue *q, struct evl_timer *timer)
{
	rb_erase_cached(&timer->node, &q->timers);
	RB_CLEAR_NODE(&timer->node);
}

/* True if @timer is now the first of @q. */
static bool enqueue(struct timer_queue *q, struct evl_timer *timer)
{
	return rb_add_cached(&timer->node, &q->timers, earlier) == &timer->node;
}

void evl_init_timer(struct evl_timer *timer, evl_timer_handler_t handler,
		    int cpu)
{
	RB_CLEAR_NODE(&timer->node);
	timer->date = 0;
	timer->interval = 0;
	timer->overruns = 0;
	timer->handler = handler;
	timer->cpu = cpu;
}

void evl_start_timer(struct evl_timer *timer, ktime_t date, ktime_t interval)
{
	struct timer_queue *q = per_cpu_ptr(&timer_queues, timer->cpu);
	unsigned long flags;
	bool first;

	flags = lock_queue(q);
	if (!RB_EMPTY_NODE(&timer->node))
		dequeue(q, timer);
	timer->date = date;
	timer->interval = interval;
	timer->overruns = 0;
	first = enqueue(q, timer);
	unlock_queue(q, flags);

	/* A new earliest date: that CPU's timer must fire sooner. */
	if (!first)
		return;
	flags = hard_local_irq_save();
	if (timer->cpu == raw_smp_processor_id())
		evl_program_local_timer();
	else
		evl_program_remote_timer(timer->cpu);
	hard_local_irq_restore(flags);
}

void evl_stop_timer(struct evl_timer *timer)
{
	struct timer_queue *q = per_cpu_ptr(&timer_queues, timer->cpu);
	unsigned long flags;

	/* The CPU's timer may fire for nothing then: that is harmless. */
	flags = lock_queue(q);
	if (!RB_EMPTY_NODE(&timer->node))
		dequeue(q, timer);
	unlock_queue(q, flags);
}

void evl_destroy_timer(struct evl_timer *timer)
{
	struct timer_queue *q = per_cpu_ptr(&timer_queues, timer->cpu);

	evl_stop_timer(timer);
	while (READ_ONCE(q->running) == timer)
		cpu_relax();
}

bool evl_timer_armed(struct evl_timer *timer)
{
	return !RB_EMPTY_NODE(&timer->node);
}

ktime_t evl_timer_date(struct evl_timer *timer)
{
	struct timer_queue *q = per_cpu_ptr(&timer_queues, timer->cpu);
	unsigned long flags;
	ktime_t date;

	flags = lock_queue(q);
	date = RB_EMPTY_NODE(&timer->node) ? 0 : timer->date;
	unlock_queue(q, flags);

	return date;
}

int evl_timer_cpu(void)
{
	int cpu = raw_smp_processor_id();

	return cpumask_test_cpu(cpu, &evl_oob_cpus) ?
		cpu : cpumask_first(&evl_oob_cpus);
}

/* Periodic: the next date after @now, counting the periods missed. */
static void forward(struct evl_timer *timer, ktime_t now)
{
	u64 missed = 0;

	timer->date = ktime_add(timer->date, timer->interval);
	if (timer->date <= now) {
		missed = ktime_divns(ktime_sub(now, timer->date),
				     ktime_to_ns(timer->interval)) + 1;
		timer->date = ktime_add_ns(timer->date,
					   missed * ktime_to_ns(timer->interval));
	}
	timer->overruns = missed;
}

/*
 * Out-of-band, hard irqs off: run the timers of this CPU due at @now,
 * each handler without the queue lock so that it may re-arm timers.
 * Returns the earliest date left, KTIME_MAX if none.
 */
ktime_t evl_run_local_timers(ktime_t now)
{
	struct timer_queue *q = this_cpu_ptr(&timer_queues);
	struct evl_timer *timer;
	struct rb_node *first;
	ktime_t next;

	evl_assert_hard_irqs_off();

	hard_spin_lock(&q->lock);
	while ((first = rb_first_cached(&q->timers))) {
		timer = rb_entry(first, struct evl_timer, node);
		if (timer->date > now)
			break;
		dequeue(q, timer);
		if (timer->interval) {
			forward(timer, now);
			enqueue(q, timer);
		}
		WRITE_ONCE(q->running, timer);
		hard_spin_unlock(&q->lock);
		timer->handler(timer);
		hard_spin_lock(&q->lock);
		WRITE_ONCE(q->running, NULL);
	}
	next = first ? rb_entry(first, struct evl_timer, node)->date : KTIME_MAX;
	hard_spin_unlock(&q->lock);

	return next;
}

/* Hard irqs off: the earliest date in this CPU's queue. */
ktime_t evl_next_local_date(void)
{
	struct timer_queue *q = this_cpu_ptr(&timer_queues);
	struct rb_node *first;
	ktime_t next;

	evl_assert_hard_irqs_off();

	hard_spin_lock(&q->lock);
	first = rb_first_cached(&q->timers);
	next = first ? rb_entry(first, struct evl_timer, node)->date : KTIME_MAX;
	hard_spin_unlock(&q->lock);

	return next;
}

int evl_timers_init(void)
{
	struct timer_queue *q;
	int cpu;

	for_each_possible_cpu(cpu) {
		q = per_cpu_ptr(&timer_queues, cpu);
		hard_spin_lock_init(&q->lock);
		q->timers = RB_ROOT_CACHED;
		q->running = NULL;
	}

	return 0;
}

/* Every timer belongs to a file or the scheduler, all gone by now. */
void evl_timers_cleanup(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		WARN_ON_ONCE(!RB_EMPTY_ROOT(&per_cpu(timer_queues, cpu).timers.rb_root));
}

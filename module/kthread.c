// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-band kernel threads. One is an in-band kernel thread bound to
 * the core and pinned to an oob CPU, which moves to the oob stage and
 * runs its function there, with hard interrupts on so that oob ones
 * preempt it as they do user threads. It is no element: no device, no
 * shared window, no signals. It stops when its function returns: it
 * goes back in-band, leaves the core and exits.
 */
#include <linux/dovetail.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include "debug.h"
#include "evl.h"
#include "kthread.h"
#include "sched.h"

/* In-band: the thread reached the oob stage (or never will). */
static void report_start(struct irq_work *work)
{
	struct evl_kthread *kt = container_of(work, struct evl_kthread, report);

	complete(&kt->started);
}

static int kthread_body(void *arg)
{
	struct evl_kthread *kt = arg;
	struct evl_thread *t = &kt->thread;
	unsigned long flags;
	int ret;

	evl_init_thread_sched(t);
	dovetail_init_altsched(&t->altsched);
	dovetail_current_state()->core = t;
	dovetail_start_altsched();

	ret = evl_switch_oob();
	if (!ret) {
		/* Oob: the creator hears of it once in-band runs again. */
		irq_work_queue(&kt->report);
		hard_local_irq_enable();
		ret = kt->fn(kt);
		flags = hard_local_irq_save();
		evl_switch_inband(0);
		hard_local_irq_restore(flags);
	} else {
		kt->start_status = ret;
		complete(&kt->started);
	}

	dovetail_stop_altsched();
	dovetail_current_state()->core = NULL;
	kt->status = ret;
	kthread_complete_and_exit(&kt->done, 0);
}

int evl_run_kthread(struct evl_kthread *kt, int (*fn)(struct evl_kthread *kt),
		    int cpu, int prio, const char *name)
{
	evl_assert_may_sleep();

	struct evl_sched_attrs attrs = {
		.sched_policy = SCHED_FIFO,
		.sched_priority = prio,
	};
	struct evl_thread *t = &kt->thread;
	struct evl_sched_setting set;
	struct task_struct *p;
	int ret;

	ret = evl_parse_sched_attrs(&attrs, &set);
	if (ret)
		return ret;
	if (!cpu_online(cpu) || !cpumask_test_cpu(cpu, &evl_oob_cpus))
		return -EINVAL;

	memset(kt, 0, sizeof(*kt));
	kt->fn = fn;
	init_irq_work(&kt->report, report_start);
	init_completion(&kt->started);
	init_completion(&kt->done);
	t->window = &kt->window;
	t->cpu = cpu;
	t->attrs = attrs;
	t->prio = set.rank;
	t->rr_quantum = EVL_RR_QUANTUM_NS;
	evl_init_state(t, EVL_T_INBAND);

	p = kthread_create(kthread_body, kt, "%s", name);
	if (IS_ERR(p))
		return PTR_ERR(p);
	kthread_bind(p, cpu);
	wake_up_process(p);
	wait_for_completion(&kt->started);
	irq_work_sync(&kt->report);
	if (kt->start_status) {
		wait_for_completion(&kt->done);
		return kt->start_status;
	}

	return 0;
}

int evl_stop_kthread(struct evl_kthread *kt)
{
	evl_assert_may_sleep();

	WRITE_ONCE(kt->stop, true);
	evl_kick_thread(&kt->thread);
	wait_for_completion(&kt->done);
	irq_work_sync(&kt->thread.inband_wakeup);
	evl_destroy_timer(&kt->thread.rtimer);

	return kt->status;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal companion core for testing the Dovetail interface: it serves
 * a few out-of-band system calls, counts the system calls of the tasks
 * bound to it and the in-band events it receives, and moves bound tasks
 * to the out-of-band stage and back (one oob task per CPU at a time, no
 * scheduling policy). A bound task pins the module, so that it cannot be
 * unloaded under it.
 */
#define pr_fmt(fmt) "dovetail_test_core: " fmt

#include <linux/atomic.h>
#include <linux/dovetail.h>
#include <linux/irq_pipeline.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/irq_vectors.h>
#include <asm/syscall.h>

/* Calls, as prctl(PR_OOB_SYSCALL, call, arg). */
enum {
	TESTCORE_ECHO = 1,	/* returns arg + 1 */
	TESTCORE_BIND,		/* binds the caller */
	TESTCORE_UNBIND,	/* unbinds the caller */
	TESTCORE_COUNT,		/* system calls the bound caller made */
	TESTCORE_SWITCH_OOB,	/* moves the bound caller to the oob stage */
	TESTCORE_SWITCH_INBAND,	/* moves it back in-band */
	TESTCORE_STAGE,		/* 1 if the caller runs oob, 0 otherwise */
};

struct test_thread {
	struct dovetail_altsched_context altsched;
	struct irq_work wakeup;		/* in-band wake-up after leaving oob */
	unsigned long syscalls;
};

/* The in-band context each CPU resumes when its oob task leaves. */
static DEFINE_PER_CPU(struct dovetail_altsched_context, inband_context);

static atomic_t bound, exits, signals, cleanups;
static atomic_t to_oob, to_inband, demotions, traps, trap_exits, maydays;

static struct test_thread *current_thread(void)
{
	return dovetail_current_state()->core;
}

static void wake_inband(struct irq_work *work)
{
	struct test_thread *t = container_of(work, struct test_thread, wakeup);

	wake_up_process(t->altsched.task);
}

static long do_bind(void)
{
	struct test_thread *t;

	if (dovetail_bound(current))
		return -EBUSY;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	if (!try_module_get(THIS_MODULE)) {
		kfree(t);
		return -ENODEV;
	}
	init_irq_work(&t->wakeup, wake_inband);
	dovetail_init_altsched(&t->altsched);
	dovetail_current_state()->core = t;
	dovetail_start_altsched();
	atomic_inc(&bound);

	return 0;
}

static void unbind(void)
{
	struct test_thread *t = current_thread();

	dovetail_stop_altsched();
	dovetail_current_state()->core = NULL;
	irq_work_sync(&t->wakeup);
	kfree(t);
	atomic_dec(&bound);
	module_put(THIS_MODULE);
}

/* Runs in-band, hard irqs off, right after @p left the in-band stage. */
static void resume_oob_task(struct task_struct *p)
{
	struct dovetail_altsched_context *inband = this_cpu_ptr(&inband_context);
	struct test_thread *t = dovetail_task_state(p)->core;

	inband->task = current;
	atomic_inc(&to_oob);
	/* Back here once the oob task switches to in-band again. */
	dovetail_context_switch(inband, &t->altsched, true);
}

/* From the oob stage, hard irqs off. */
static void switch_inband(struct test_thread *t)
{
	struct dovetail_altsched_context *inband = this_cpu_ptr(&inband_context);

	irq_work_queue(&t->wakeup);
	dovetail_leave_oob();
	atomic_inc(&to_inband);
	if (dovetail_context_switch(&t->altsched, inband, false))
		dovetail_resume_inband();
}

static long do_call(unsigned long call, unsigned long arg)
{
	if (call < TESTCORE_ECHO || call > TESTCORE_STAGE)
		return -EOPNOTSUPP;

	switch (call) {
	case TESTCORE_ECHO:
		return arg + 1;
	case TESTCORE_BIND:
		return do_bind();
	case TESTCORE_STAGE:
		return running_oob();
	}

	if (!dovetail_bound(current))
		return -EPERM;

	switch (call) {
	case TESTCORE_UNBIND:
		if (running_oob())
			return -EBUSY;
		unbind();
		return 0;
	case TESTCORE_COUNT:
		return current_thread()->syscalls;
	case TESTCORE_SWITCH_OOB:
		return running_oob() ? 0 : dovetail_leave_inband();
	case TESTCORE_SWITCH_INBAND:
		if (running_oob())
			switch_inband(current_thread());
		return 0;
	}

	return -EOPNOTSUPP;
}

static int handle_pipelined_syscall(struct pt_regs *regs)
{
	unsigned long args[6];

	if (!in_oob_syscall(regs)) {
		/* A Linux system call of a bound task: count it, pass it on. */
		current_thread()->syscalls++;
		if (running_oob()) {
			/* Linux serves its calls in-band only. */
			atomic_inc(&demotions);
			switch_inband(current_thread());
		}
		return DOVETAIL_SYSCALL_PROPAGATE;
	}

	syscall_get_arguments(current, regs, args);
	regs->ax = do_call(args[1], args[2]);

	return DOVETAIL_SYSCALL_DONE;
}

/* Out-of-band calls of a task running oob, hard irqs off. */
static void handle_oob_syscall(struct pt_regs *regs)
{
	unsigned long args[6];

	syscall_get_arguments(current, regs, args);
	regs->ax = do_call(args[1], args[2]);
}

/* Linux handles faults in-band: move the faulting task there first. */
static void handle_oob_trap_entry(struct pt_regs *regs)
{
	if (!user_mode(regs))
		return;
	atomic_inc(&traps);
	switch_inband(current_thread());
}

static void handle_oob_trap_exit(struct pt_regs *regs)
{
	atomic_inc(&trap_exits);
}

/* A task running oob got a signal: take it in-band to receive it. */
static void handle_oob_mayday(struct pt_regs *regs)
{
	atomic_inc(&maydays);
	switch_inband(current_thread());
}

static void handle_inband_event(enum inband_event_type event, void *data)
{
	struct task_struct *p;

	switch (event) {
	case INBAND_TASK_SIGNAL:
		atomic_inc(&signals);
		p = data;
		if (dovetail_oob(p)) {
			dovetail_send_mayday(p);
			/* Make sure its CPU takes an interrupt soon. */
			irq_send_oob_ipi(RESCHEDULE_OOB_VECTOR,
					 cpumask_of(task_cpu(p)));
		}
		break;
	case INBAND_TASK_EXIT:
		atomic_inc(&exits);
		unbind();
		break;
	case INBAND_PROCESS_CLEANUP:
		atomic_inc(&cleanups);
		break;
	}
}

static const struct dovetail_core_ops test_core_ops = {
	.name = "test",
	.handle_pipelined_syscall = handle_pipelined_syscall,
	.handle_oob_syscall = handle_oob_syscall,
	.resume_oob_task = resume_oob_task,
	.handle_oob_trap_entry = handle_oob_trap_entry,
	.handle_oob_trap_exit = handle_oob_trap_exit,
	.handle_oob_mayday = handle_oob_mayday,
	.handle_inband_event = handle_inband_event,
};

static const struct dovetail_core_ops second_core_ops = {
	.name = "second",
};

static int stats_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf,
			  "bound %d exits %d signals %d cleanups %d to_oob %d to_inband %d demotions %d traps %d trap_exits %d maydays %d\n",
			  atomic_read(&bound), atomic_read(&exits),
			  atomic_read(&signals), atomic_read(&cleanups),
			  atomic_read(&to_oob), atomic_read(&to_inband),
			  atomic_read(&demotions), atomic_read(&traps),
			  atomic_read(&trap_exits), atomic_read(&maydays));
}

static const struct kernel_param_ops stats_ops = {
	.get = stats_get,
};
module_param_cb(stats, &stats_ops, NULL, 0444);

static int __init test_core_init(void)
{
	int ret;

	ret = enable_oob_stage("test-core");
	if (ret)
		return ret;

	ret = dovetail_register_core(&test_core_ops);
	if (ret)
		goto fail_register;

	/* One core at a time. */
	if (dovetail_register_core(&second_core_ops) != -EBUSY) {
		pr_err("a second core was not refused\n");
		ret = -EIO;
		goto fail_second;
	}

	return 0;

fail_second:
	dovetail_unregister_core(&test_core_ops);
fail_register:
	disable_oob_stage();
	return ret;
}
module_init(test_core_init);

static void __exit test_core_exit(void)
{
	dovetail_unregister_core(&test_core_ops);
	disable_oob_stage();
}
module_exit(test_core_exit);

MODULE_DESCRIPTION("Test companion core for the Dovetail interface");
MODULE_LICENSE("GPL");

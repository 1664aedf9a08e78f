// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal companion core for testing the Dovetail interface: it serves
 * a few out-of-band system calls, counts the system calls of the tasks
 * bound to it, the in-band events and the interrupt hooks it receives,
 * and moves bound tasks to the out-of-band stage and back (one oob task
 * per CPU at a time, no scheduling policy). A bound task pins the
 * module, so that it cannot be unloaded under it. The file side is in
 * test_core_files.c.
 */
#define pr_fmt(fmt) "dovetail_test_core: " fmt

#include <linux/atomic.h>
#include <linux/compat.h>
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
#include "test_core.h"

struct test_thread {
	struct dovetail_altsched_context altsched;
	struct irq_work wakeup;		/* in-band wake-up after leaving oob */
	unsigned long syscalls;
	atomic_t events[TESTCORE_EV_TYPES];
	int migrated_to;
	int ucalls_left;		/* rearmings of the user call left */
	bool ucall_oob;			/* the last user call moves oob */
};

/* The in-band context each CPU resumes when its oob task leaves. */
static DEFINE_PER_CPU(struct dovetail_altsched_context, inband_context);

static atomic_t bound, exits, signals, cleanups;
static atomic_t to_oob, to_inband, demotions, traps, trap_exits, maydays;
static atomic_t irq_entries, irq_exits, irq_hooks_inband, irq_unbalanced;
static atomic_t foreign_events;	/* task events about unbound tasks */
static atomic_t ucall_switch_failures;
static DEFINE_PER_CPU(int, irq_depth);

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
	t->migrated_to = -1;
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

static long do_call(const unsigned long *args)
{
	unsigned long call = args[1], arg = args[2];

	if (call < TESTCORE_ECHO || call > TESTCORE_UCALL)
		return -EOPNOTSUPP;

	switch (call) {
	case TESTCORE_ECHO:
		return arg + 1;
	case TESTCORE_BIND:
		return do_bind();
	case TESTCORE_STAGE:
		return running_oob();
	case TESTCORE_FD_MAPPED:
	case TESTCORE_OOB_IOCTL:
	case TESTCORE_OOB_WRITE:
	case TESTCORE_OOB_READ:
		return test_fd_call(call, arg, args[3], args[4]);
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
	case TESTCORE_EVENTS:
		if (arg >= TESTCORE_EV_TYPES)
			return -EINVAL;
		return atomic_read(&current_thread()->events[arg]);
	case TESTCORE_MIGRATED_TO:
		return current_thread()->migrated_to;
	case TESTCORE_UCALL:
		if (running_oob())
			return -EBUSY;
		current_thread()->ucalls_left = arg;
		current_thread()->ucall_oob = args[3];
		dovetail_request_ucall(current);
		return 0;
	}

	return -EOPNOTSUPP;
}

/* An ia32 caller's arguments are the low halves of its registers. */
static void get_call_args(struct pt_regs *regs, unsigned long *args)
{
	int i;

	syscall_get_arguments(current, regs, args);
	if (in_compat_syscall())
		for (i = 0; i < 6; i++)
			args[i] = (u32)args[i];
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

	get_call_args(regs, args);
	regs->ax = do_call(args);

	return DOVETAIL_SYSCALL_DONE;
}

/* Out-of-band calls of a task running oob, hard irqs off. */
static void handle_oob_syscall(struct pt_regs *regs)
{
	unsigned long args[6];

	get_call_args(regs, args);
	regs->ax = do_call(args);
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

/* An event about @p, which the kernel only sends for bound tasks. */
static struct test_thread *event_thread(struct task_struct *p)
{
	if (!dovetail_bound(p)) {
		atomic_inc(&foreign_events);
		return NULL;
	}
	return dovetail_task_state(p)->core;
}

static void count_event(struct task_struct *p, int type)
{
	struct test_thread *t = event_thread(p);

	if (t)
		atomic_inc(&t->events[type]);
}

/* Last thing before current returns to user mode, in-band, preemptible. */
static void handle_retuser(void)
{
	struct test_thread *t = event_thread(current);

	if (!t)
		return;
	atomic_inc(&t->events[TESTCORE_EV_RETUSER]);
	if (t->ucalls_left > 0) {
		t->ucalls_left--;
		dovetail_request_ucall(current);
	} else if (t->ucall_oob) {
		t->ucall_oob = false;
		/* A pending signal keeps it in-band, the caller sees it. */
		if (dovetail_leave_inband())
			atomic_inc(&ucall_switch_failures);
	}
}

static void handle_migration(struct dovetail_migration *m)
{
	/* Another task's thread may be going away: only count our own. */
	if (m->task != current) {
		event_thread(m->task);
		return;
	}
	count_event(current, TESTCORE_EV_MIGRATION);
	current_thread()->migrated_to = m->dest_cpu;
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
	case INBAND_TASK_MIGRATION:
		handle_migration(data);
		break;
	case INBAND_TASK_PTSTOP:
		count_event(current, TESTCORE_EV_PTSTOP);
		break;
	case INBAND_TASK_PTCONT:
		count_event(current, TESTCORE_EV_PTCONT);
		break;
	case INBAND_TASK_PTSTEP:
		/* The tracee is stopped, its thread stays. */
		count_event(data, TESTCORE_EV_PTSTEP);
		break;
	case INBAND_TASK_RETUSER:
		handle_retuser();
		break;
	}
}

/* Around every interrupt while the core is there, oob, hard irqs off. */
static void handle_oob_irq_entry(void)
{
	atomic_inc(&irq_entries);
	if (!running_oob() || !hard_irqs_disabled())
		atomic_inc(&irq_hooks_inband);
	this_cpu_inc(irq_depth);
}

static void handle_oob_irq_exit(void)
{
	atomic_inc(&irq_exits);
	if (!running_oob() || !hard_irqs_disabled())
		atomic_inc(&irq_hooks_inband);
	if (this_cpu_dec_return(irq_depth) < 0)
		atomic_inc(&irq_unbalanced);
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
	.handle_oob_irq_entry = handle_oob_irq_entry,
	.handle_oob_irq_exit = handle_oob_irq_exit,
	.handle_fd_event = test_fd_event,
};

static const struct dovetail_core_ops second_core_ops = {
	.name = "second",
};

static int stats_get(char *buf, const struct kernel_param *kp)
{
	int len;

	len = sysfs_emit(buf,
			 "bound %d exits %d signals %d cleanups %d to_oob %d to_inband %d demotions %d traps %d trap_exits %d maydays %d",
			 atomic_read(&bound), atomic_read(&exits),
			 atomic_read(&signals), atomic_read(&cleanups),
			 atomic_read(&to_oob), atomic_read(&to_inband),
			 atomic_read(&demotions), atomic_read(&traps),
			 atomic_read(&trap_exits), atomic_read(&maydays));
	len += sysfs_emit_at(buf, len,
			     " irq_entries %d irq_exits %d irq_hooks_inband %d irq_unbalanced %d",
			     atomic_read(&irq_entries), atomic_read(&irq_exits),
			     atomic_read(&irq_hooks_inband),
			     atomic_read(&irq_unbalanced));
	len += sysfs_emit_at(buf, len, " foreign_events %d ucall_switch_failures %d",
			     atomic_read(&foreign_events),
			     atomic_read(&ucall_switch_failures));
	len += test_files_stats(buf, len);
	len += sysfs_emit_at(buf, len, "\n");

	return len;
}

static const struct kernel_param_ops stats_ops = {
	.get = stats_get,
};
module_param_cb(stats, &stats_ops, NULL, 0444);

static int __init test_core_init(void)
{
	int ret;

	ret = test_files_init();
	if (ret)
		return ret;

	ret = enable_oob_stage("test-core");
	if (ret)
		goto fail_stage;

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
fail_stage:
	test_files_exit();
	return ret;
}
module_init(test_core_init);

static void __exit test_core_exit(void)
{
	dovetail_unregister_core(&test_core_ops);
	disable_oob_stage();
	test_files_exit();
}
module_exit(test_core_exit);

MODULE_DESCRIPTION("Test companion core for the Dovetail interface");
MODULE_LICENSE("GPL");

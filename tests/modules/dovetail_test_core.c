// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal companion core for testing the Dovetail interface: it serves
 * a few out-of-band system calls, counts the system calls of the tasks
 * bound to it and the in-band events it receives. A bound task pins the
 * module, so that it cannot be unloaded under it.
 */
#define pr_fmt(fmt) "dovetail_test_core: " fmt

#include <linux/atomic.h>
#include <linux/dovetail.h>
#include <linux/irq_pipeline.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <asm/syscall.h>

/* Calls, as prctl(PR_OOB_SYSCALL, call, arg). */
enum {
	TESTCORE_ECHO = 1,	/* returns arg + 1 */
	TESTCORE_BIND,		/* binds the caller */
	TESTCORE_UNBIND,	/* unbinds the caller */
	TESTCORE_COUNT,		/* system calls the bound caller made */
};

static atomic_t bound, exits, signals, cleanups;

static long do_bind(void)
{
	struct oob_thread_state *state = dovetail_current_state();

	if (dovetail_bound(current))
		return -EBUSY;
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	state->core = THIS_MODULE;
	state->words[0] = 0;
	dovetail_start_altsched();
	atomic_inc(&bound);

	return 0;
}

static void unbind(void)
{
	dovetail_stop_altsched();
	dovetail_current_state()->core = NULL;
	atomic_dec(&bound);
	module_put(THIS_MODULE);
}

static long do_call(unsigned long call, unsigned long arg)
{
	switch (call) {
	case TESTCORE_ECHO:
		return arg + 1;
	case TESTCORE_BIND:
		return do_bind();
	case TESTCORE_UNBIND:
		if (!dovetail_bound(current))
			return -EPERM;
		unbind();
		return 0;
	case TESTCORE_COUNT:
		if (!dovetail_bound(current))
			return -EPERM;
		return dovetail_current_state()->words[0];
	default:
		return -EOPNOTSUPP;
	}
}

static int handle_pipelined_syscall(struct pt_regs *regs)
{
	unsigned long args[6];

	if (!in_oob_syscall(regs)) {
		/* A Linux system call of a bound task: count it, pass it on. */
		dovetail_current_state()->words[0]++;
		return DOVETAIL_SYSCALL_PROPAGATE;
	}

	syscall_get_arguments(current, regs, args);
	regs->ax = do_call(args[1], args[2]);

	return DOVETAIL_SYSCALL_DONE;
}

static void handle_inband_event(enum inband_event_type event, void *data)
{
	switch (event) {
	case INBAND_TASK_SIGNAL:
		atomic_inc(&signals);
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
	.handle_inband_event = handle_inband_event,
};

static const struct dovetail_core_ops second_core_ops = {
	.name = "second",
};

static int stats_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "bound %d exits %d signals %d cleanups %d\n",
			  atomic_read(&bound), atomic_read(&exits),
			  atomic_read(&signals), atomic_read(&cleanups));
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

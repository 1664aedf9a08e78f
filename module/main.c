// SPDX-License-Identifier: GPL-2.0
/*
 * Life cycle of the EVL companion core: every step of the load is
 * undone, in reverse order, by a failure further on and by the unload,
 * so that the kernel runs on as if the core had never been there.
 */

#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/dovetail.h>
#include <linux/init.h>
#include <linux/irq_pipeline.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include "clock.h"
#include "control.h"
#include "debug.h"
#include "evl.h"
#include "file.h"
#include "drivers/latmus.h"
#include "sched.h"
#include "shared.h"
#include "syscall.h"
#include "thread.h"
#include "tick.h"
#include "timer.h"
#include "version.h"
#include "xbuf.h"

static char *oobcpus;
module_param(oobcpus, charp, 0444);
MODULE_PARM_DESC(oobcpus, "CPUs running out-of-band tasks (cpulist, default: all online)");

struct cpumask evl_oob_cpus;

static void handle_inband_event(enum inband_event_type event, void *data)
{
	switch (event) {
	case INBAND_TASK_SIGNAL:
		evl_signal_thread(data);
		break;
	case INBAND_TASK_EXIT:
		evl_thread_exit();
		break;
	case INBAND_PROCESS_CLEANUP:
		evl_thread_drop_mm(data);
		break;
	default:
		break;
	}
}

static const struct dovetail_core_ops evl_core_ops = {
	.name = "evl",
	.handle_pipelined_syscall = evl_handle_pipelined_syscall,
	.handle_oob_syscall = evl_handle_oob_syscall,
	.resume_oob_task = evl_resume_oob_task,
	.handle_oob_trap_entry = evl_handle_oob_trap_entry,
	.handle_oob_mayday = evl_handle_oob_mayday,
	.handle_inband_event = handle_inband_event,
	.handle_oob_irq_exit = evl_irq_exit,
	.handle_fd_event = evl_fd_event,
};

static int __init init_oob_cpus(void)
{
	int ret;

	if (!oobcpus || !*oobcpus) {
		cpumask_copy(&evl_oob_cpus, cpu_online_mask);
		return 0;
	}
	ret = cpulist_parse(oobcpus, &evl_oob_cpus);
	if (ret) {
		pr_err("oobcpus=%s: not a CPU list\n", oobcpus);
		return ret;
	}
	cpumask_and(&evl_oob_cpus, &evl_oob_cpus, cpu_online_mask);
	if (cpumask_empty(&evl_oob_cpus)) {
		pr_err("oobcpus=%s: no online CPU in it\n", oobcpus);
		return -EINVAL;
	}

	return 0;
}

static int __init evl_init(void)
{
	int ret;

	ret = init_oob_cpus();
	if (ret)
		return ret;

	ret = evl_shared_init();
	if (ret)
		return ret;

	ret = enable_oob_stage("EVL");
	if (ret) {
		pr_err("cannot claim the out-of-band stage (%d)\n", ret);
		goto fail_stage;
	}

	evl_files_init();
	ret = evl_sched_init();
	if (ret)
		goto fail_sched;

	ret = dovetail_register_core(&evl_core_ops);
	if (ret) {
		pr_err("cannot register as the companion core (%d)\n", ret);
		goto fail_core;
	}

	ret = evl_timers_init();
	if (ret)
		goto fail_timers;

	ret = evl_tick_init();
	if (ret)
		goto fail_tick;

	ret = class_register(&evl_class);
	if (ret)
		goto fail_class;

	ret = evl_control_init();
	if (ret)
		goto fail_control;

	ret = evl_clock_init();
	if (ret)
		goto fail_clock;

	ret = evl_thread_init();
	if (ret)
		goto fail_thread;

	ret = evl_xbuf_init();
	if (ret)
		goto fail_xbuf;

	ret = evl_latmus_init();
	if (ret)
		goto fail_latmus;

	pr_info("core %s loaded, oob CPUs %*pbl%s\n", EVL_CORE_VERSION,
		cpumask_pr_args(&evl_oob_cpus),
		EVL_CONTEXT_CHECKS ? ", context checks on" : "");

	return 0;

fail_latmus:
	evl_xbuf_cleanup();
fail_xbuf:
	evl_thread_cleanup();
fail_thread:
	evl_clock_cleanup();
fail_clock:
	evl_control_cleanup();
fail_control:
	class_unregister(&evl_class);
fail_class:
	evl_tick_cleanup();
fail_tick:
	evl_timers_cleanup();
fail_timers:
	dovetail_unregister_core(&evl_core_ops);
fail_core:
	evl_sched_cleanup();
fail_sched:
	disable_oob_stage();
fail_stage:
	evl_shared_cleanup();

	return ret;
}
module_init(evl_init);

static void __exit evl_exit(void)
{
	evl_latmus_cleanup();
	evl_xbuf_cleanup();
	evl_thread_cleanup();
	evl_sched_stop_timers();
	evl_clock_cleanup();
	evl_control_cleanup();
	class_unregister(&evl_class);
	evl_tick_cleanup();
	evl_timers_cleanup();
	dovetail_unregister_core(&evl_core_ops);
	evl_sched_cleanup();
	disable_oob_stage();
	evl_shared_cleanup();
	pr_info("core %s unloaded\n", EVL_CORE_VERSION);
}
module_exit(evl_exit);

MODULE_DESCRIPTION("EVL real-time companion core");
MODULE_VERSION(EVL_CORE_VERSION);
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * A cpuidle driver for the test guests, where QEMU describes no C-state
 * and no other driver registers: one state, entered with HLT. Each
 * entry checks what the idle path owes a driver under the interrupt
 * pipeline: hard interrupts off and nothing waiting in the in-band log,
 * or the CPU could sleep past an interrupt it already took. The counts
 * are the "entries" and "bad_entries" parameters; unloading unregisters
 * the driver and the CPUs idle as before.
 */
#define pr_fmt(fmt) "cpuidle_test: " fmt

#include <linux/cpuidle.h>
#include <linux/irq_pipeline.h>
#include <linux/module.h>
#include <linux/sysfs.h>

static atomic_t entries = ATOMIC_INIT(0);
static atomic_t bad_entries = ATOMIC_INIT(0);

static int get_count(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(kp->arg));
}

static const struct kernel_param_ops count_ops = {
	.get = get_count,
};

module_param_cb(entries, &count_ops, &entries, 0444);
MODULE_PARM_DESC(entries, "idle state entries");
module_param_cb(bad_entries, &count_ops, &bad_entries, 0444);
MODULE_PARM_DESC(bad_entries,
		 "entries with hard irqs on or an interrupt in the in-band log");

static __cpuidle int enter_halt(struct cpuidle_device *dev,
				struct cpuidle_driver *drv, int index)
{
	if (!hard_irqs_disabled() || inband_irq_pending())
		atomic_inc(&bad_entries);
	atomic_inc(&entries);
	raw_safe_halt();
	raw_local_irq_disable();

	return index;
}

static struct cpuidle_driver test_driver = {
	/* No owner: each CPU's device would pin the module. */
	.name = "cpuidle_test",
	.states = {
		{
			.name = "HLT",
			.desc = "halt until the next interrupt",
			.exit_latency = 1,
			.target_residency = 1,
			.enter = enter_halt,
		},
	},
	.state_count = 1,
};

static int __init cpuidle_test_init(void)
{
	int ret = cpuidle_register(&test_driver, NULL);

	if (ret)
		pr_err("cannot register: %d\n", ret);

	return ret;
}
module_init(cpuidle_test_init);

static void __exit cpuidle_test_exit(void)
{
	cpuidle_unregister(&test_driver);
	pr_info("%d entries, %d with hard irqs on or a logged interrupt\n",
		atomic_read(&entries), atomic_read(&bad_entries));
}
module_exit(cpuidle_test_exit);

MODULE_DESCRIPTION("cpuidle driver checking how the idle path enters it");
MODULE_LICENSE("GPL");

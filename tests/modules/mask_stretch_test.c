// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a number of microseconds to this module's mask_us parameter
 * masks the writer's CPU for that long: a stretch of a known length at
 * a known place, for checking that the core's late tick records
 * (debugfs evl/late_ticks) find it.
 */
#define pr_fmt(fmt) "mask_stretch_test: " fmt

#include <linux/delay.h>
#include <linux/irq_pipeline.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

/* In-band, process context: a tick due meanwhile waits for the unmask. */
static noinline void mask_cpu_for_a_while(unsigned int us)
{
	unsigned long flags = hard_local_irq_save();

	udelay(us);
	hard_local_irq_restore(flags);
}

static int set_mask_us(const char *val, const struct kernel_param *kp)
{
	unsigned int us;
	int ret;

	ret = kstrtouint(val, 0, &us);
	if (ret)
		return ret;
	if (us > 100000)
		return -EINVAL;

	pr_info("masking CPU%d for %u us\n", raw_smp_processor_id(), us);
	mask_cpu_for_a_while(us);

	return 0;
}

static const struct kernel_param_ops mask_us_ops = {
	.set = set_mask_us,
};
module_param_cb(mask_us, &mask_us_ops, NULL, 0200);
MODULE_PARM_DESC(mask_us, "write N: mask this CPU for N us (at most 100000)");

MODULE_DESCRIPTION("Masks the CPU for a known time, for the late tick records");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * Loading this module marks the TSC unstable, as the clocksource
 * watchdog does when the TSC drifts from its reference: sched_clock()
 * turns unstable (a static key flip, so text patching), the TSC's
 * rating drops and the watchdog's thread selects another clocksource.
 * Nothing is undone at unload: the TSC stays unstable until reboot.
 */
#define pr_fmt(fmt) "tsc_unstable_test: " fmt

#include <linux/module.h>
#include <asm/tsc.h>

static int __init tsc_unstable_test_init(void)
{
	mark_tsc_unstable("tsc_unstable_test");
	pr_info("TSC marked unstable\n");

	return 0;
}
module_init(tsc_unstable_test_init);

static void __exit tsc_unstable_test_exit(void)
{
}
module_exit(tsc_unstable_test_exit);

MODULE_DESCRIPTION("Marks the TSC unstable, as the clocksource watchdog does");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * A WARN is a trap that emulates a call: the code it interrupts must go
 * on with the interrupt state it had. Under the pipeline that state is
 * two bits, the in-band stall flag and the CPU's mask. Loading this
 * module warns three times (stage unstalled, stalled, CPU masked) and
 * checks both bits after each; the load fails (-EIO) if one changed.
 * The warnings are expected: the guest test brackets them in the log.
 */
#define pr_fmt(fmt) "warn_state_test: " fmt

#include <linux/irqflags.h>
#include <linux/irq_pipeline.h>
#include <linux/module.h>

/* Warn, then tell whether the stall flag and the CPU mask stayed put. */
static bool warn_keeps_state(const char *where)
{
	bool stalled = irqs_disabled(), masked = hard_irqs_disabled();
	bool kept;

	WARN(1, "deliberate warning, %s\n", where);
	kept = irqs_disabled() == stalled && hard_irqs_disabled() == masked;
	pr_info("%s: stalled %d -> %d, masked %d -> %d: %s\n", where, stalled,
		irqs_disabled(), masked, hard_irqs_disabled(),
		kept ? "kept" : "CHANGED");

	return kept;
}

static int __init warn_state_test_init(void)
{
	unsigned long flags;
	bool ok;

	ok = warn_keeps_state("unstalled");
	local_irq_save(flags);
	ok &= warn_keeps_state("stalled");
	local_irq_restore(flags);
	flags = hard_local_irq_save();
	ok &= warn_keeps_state("masked");
	hard_local_irq_restore(flags);

	return ok ? 0 : -EIO;
}
module_init(warn_state_test_init);

static void __exit warn_state_test_exit(void)
{
}
module_exit(warn_state_test_exit);

MODULE_DESCRIPTION("Checks that a WARN leaves the interrupt state as it was");
MODULE_LICENSE("GPL");

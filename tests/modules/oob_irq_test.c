// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-band device interrupt test, on QEMU's "edu" PCI device (a
 * register write raises an MSI). Loading the module claims the
 * out-of-band stage, requests the device's MSI with IRQF_OOB and checks
 * that each interrupt is handled at once on the out-of-band stage, also
 * while the in-band stage is stalled, and that IRQ_FORWARD gets the
 * handler called in-band afterwards. The line is then moved from CPU to
 * CPU (the out-of-band path bypasses the flow handler that finishes a
 * vector move), its interrupts following it. Then the device's INTx line, a
 * level-triggered IO-APIC line, is refused IRQF_OOB and handled in-band,
 * at once and after a stall: its acknowledgment waits for the in-band
 * handler to have served the device (no storm, no lost interrupt). The
 * load fails with the step that went wrong; no edu device: -ENODEV.
 */
#define pr_fmt(fmt) "oob_irq_test: " fmt

#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_pipeline.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/workqueue.h>

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_IRQ_STATUS		0x24
#define EDU_IRQ_RAISE		0x60
#define EDU_IRQ_ACK		0x64

static unsigned int rounds = 100;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "interrupts raised per step");

struct edu_test {
	struct pci_dev *pdev;
	void __iomem *regs;
	int irq;
	bool forward;
	unsigned int oob_calls;
	unsigned int inband_calls;
	unsigned int foreign_calls;
	unsigned int level_calls;
	unsigned int level_none;
	unsigned int level_early;
	unsigned int oob_cpu;
};

static struct edu_test edu;

static irqreturn_t edu_handler(int irq, void *arg)
{
	struct edu_test *t = arg;
	u32 status;

	if (running_inband()) {
		t->inband_calls++;
		return IRQ_HANDLED;
	}

	status = ioread32(t->regs + EDU_IRQ_STATUS);
	if (!status)
		return IRQ_NONE;
	iowrite32(status, t->regs + EDU_IRQ_ACK);
	WRITE_ONCE(t->oob_cpu, raw_smp_processor_id());
	if (hard_irqs_disabled())
		WRITE_ONCE(t->oob_calls, t->oob_calls + 1);
	else
		t->foreign_calls++;

	return t->forward ? IRQ_FORWARD : IRQ_HANDLED;
}

/* The INTx line, in-band only: it may be shared. */
static irqreturn_t edu_level_handler(int irq, void *arg)
{
	struct edu_test *t = arg;
	u32 status;

	status = ioread32(t->regs + EDU_IRQ_STATUS);
	if (!status) {
		t->level_none++;
		return IRQ_NONE;
	}
	/* Deasserts the line. */
	iowrite32(status, t->regs + EDU_IRQ_ACK);
	WRITE_ONCE(t->level_calls, t->level_calls + 1);

	return IRQ_HANDLED;
}

static bool wait_level_call(struct edu_test *t, unsigned int expected)
{
	int spins;

	for (spins = 0; spins < 100000; spins++) {
		if (READ_ONCE(t->level_calls) == expected)
			return true;
		udelay(1);
	}

	return false;
}

/* On the CPU the line targets: stalling it defers the interrupt. */
static long level_stalled_rounds(void *arg)
{
	unsigned int n, handled = 0, base;
	struct edu_test *t = arg;
	int spins;
	unsigned long flags;

	base = READ_ONCE(t->level_calls);
	t->level_early = 0;
	for (n = 0; n < rounds; n++) {
		local_irq_save(flags);
		iowrite32(1, t->regs + EDU_IRQ_RAISE);
		/* 50 us for it to arrive; stalled, a busy wait. */
		for (spins = 0; spins < 50; spins++)
			udelay(1);
		t->level_early += READ_ONCE(t->level_calls) != base + n;
		local_irq_restore(flags);
		handled += wait_level_call(t, base + n + 1);
	}

	return handled;
}

static int run_level_steps(struct edu_test *t)
{
	const struct cpumask *target;
	unsigned int n, handled = 0;
	int cpu, irq, ret;

	/* Without MSI, the device raises its INTx pin. */
	free_irq(t->irq, t);
	t->irq = -1;
	pci_free_irq_vectors(t->pdev);
	ret = pci_alloc_irq_vectors(t->pdev, 1, 1, PCI_IRQ_INTX);
	if (ret < 0) {
		pr_err("FAILED: INTx: %d\n", ret);
		return ret;
	}
	irq = pci_irq_vector(t->pdev, 0);
	if (!irqd_is_level_type(irq_get_irq_data(irq))) {
		pr_err("FAILED: INTx line %d is not level-triggered\n", irq);
		return -EIO;
	}
	ret = request_irq(irq, edu_level_handler, IRQF_OOB, "oob_irq_test", t);
	if (ret != -EINVAL) {
		pr_err("FAILED: IRQF_OOB on a level-triggered line: %d\n", ret);
		if (!ret)
			free_irq(irq, t);
		return -EIO;
	}
	ret = request_irq(irq, edu_level_handler, IRQF_SHARED, "oob_irq_test", t);
	if (ret) {
		pr_err("FAILED: request_irq(INTx): %d\n", ret);
		return ret;
	}
	t->irq = irq;

	for (n = 0; n < rounds; n++) {
		iowrite32(1, t->regs + EDU_IRQ_RAISE);
		handled += wait_level_call(t, n + 1);
	}
	target = irq_data_get_effective_affinity_mask(irq_get_irq_data(irq));
	cpu = cpumask_first_and(target, cpu_online_mask);
	if (cpu >= nr_cpu_ids) {
		pr_err("FAILED: level-triggered line %d targets no online CPU\n", irq);
		return -EIO;
	}
	handled += work_on_cpu(cpu, level_stalled_rounds, t);
	pr_info("level-triggered line %d: %u raised, %u handled in-band, %u while stalled, %u foreign\n",
		irq, 2 * rounds, handled, t->level_early, t->level_none);
	if (handled == 2 * rounds && !t->level_early && t->level_none < rounds)
		return 0;

	pr_err("FAILED: level-triggered line\n");
	return -EIO;
}

/* Raise one interrupt and wait for its out-of-band handler. */
static bool raise_one(struct edu_test *t)
{
	unsigned int expected = t->oob_calls + 1;
	int spins;

	iowrite32(1, t->regs + EDU_IRQ_RAISE);
	for (spins = 0; spins < 100000; spins++) {
		if (READ_ONCE(t->oob_calls) == expected)
			return true;
		udelay(1);
	}

	return false;
}

static int run_step(struct edu_test *t, const char *step, bool stalled,
		    bool forward)
{
	unsigned long flags = 0;
	unsigned int n, handled = 0;

	t->forward = forward;
	t->oob_calls = 0;
	t->inband_calls = 0;
	if (stalled)
		local_irq_save(flags);
	for (n = 0; n < rounds; n++)
		handled += raise_one(t);
	if (stalled) {
		/* Nothing in-band may have run meanwhile. */
		if (t->inband_calls)
			handled = 0;
		local_irq_restore(flags);
	}
	/* Forwarded calls are replayed once in-band is unstalled. */
	local_irq_disable();
	local_irq_enable();

	pr_info("%s: %u raised, %u handled out-of-band, %u in-band\n", step,
		rounds, handled, t->inband_calls);
	if (handled == rounds && !t->foreign_calls &&
	    t->inband_calls == (forward ? rounds : 0))
		return 0;

	pr_err("FAILED: %s (%u calls with hard irqs on)\n", step,
	       t->foreign_calls);
	return -EIO;
}

/* Affinity changes meet -EBUSY until the previous move is cleaned up. */
static int move_line(struct edu_test *t, unsigned int cpu)
{
	int ret, tries;

	for (tries = 0; tries < 200; tries++) {
		ret = irq_set_affinity(t->irq, cpumask_of(cpu));
		if (ret != -EBUSY)
			break;
		usleep_range(5000, 10000);
	}

	return ret;
}

/*
 * Move the out-of-band line from CPU to CPU: its handler bypasses the
 * flow handler that finishes a vector move, yet each move must be
 * accepted and the interrupts must follow it.
 */
static int run_move_steps(struct edu_test *t)
{
	struct irq_data *irqd = irq_get_irq_data(t->irq);
	unsigned int n, i, cpu, target, moves = 8;
	int ret;

	if (num_online_cpus() < 2) {
		pr_info("vector moves: skipped, one CPU online\n");
		return 0;
	}
	for (n = 0; n < moves; n++) {
		cpu = cpumask_first(irq_data_get_effective_affinity_mask(irqd));
		target = cpumask_next(cpu, cpu_online_mask);
		if (target >= nr_cpu_ids)
			target = cpumask_first(cpu_online_mask);
		ret = move_line(t, target);
		if (ret) {
			pr_err("FAILED: move %u of line %d to CPU%u: %d\n",
			       n + 1, t->irq, target, ret);
			return -EIO;
		}
		/*
		 * A move may be left pending for the next interrupts at the
		 * old target, until the vector of the previous one is freed.
		 */
		for (i = 0; i < 200; i++) {
			if (!raise_one(t) || READ_ONCE(t->oob_cpu) == target)
				break;
			usleep_range(5000, 10000);
		}
		for (i = 0; i < 3; i++) {
			if (!raise_one(t) || READ_ONCE(t->oob_cpu) != target) {
				pr_err("FAILED: move %u: interrupt on CPU%u, not CPU%u\n",
				       n + 1, READ_ONCE(t->oob_cpu), target);
				return -EIO;
			}
		}
	}
	pr_info("vector moves: line %d moved %u times, its interrupts followed\n",
		t->irq, moves);

	return 0;
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	edu.pdev = pdev;
	edu.regs = pcim_iomap(pdev, 0, 0);
	if (!edu.regs)
		return -ENOMEM;
	/* An MSI is a memory write by the device. */
	pci_set_master(pdev);
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
	if (ret < 0)
		return ret;
	edu.irq = pci_irq_vector(pdev, 0);
	ret = request_irq(edu.irq, edu_handler, IRQF_OOB, "oob_irq_test", &edu);
	if (ret) {
		pr_err("FAILED: request_irq(IRQF_OOB): %d\n", ret);
		pci_free_irq_vectors(pdev);
		return ret;
	}

	return 0;
}

static void edu_remove(struct pci_dev *pdev)
{
	if (edu.irq >= 0)
		free_irq(edu.irq, &edu);
	pci_free_irq_vectors(pdev);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name		= "oob_irq_test",
	.id_table	= edu_ids,
	.probe		= edu_probe,
	.remove		= edu_remove,
};

static int __init oob_irq_test_init(void)
{
	int ret;

	ret = enable_oob_stage("oob_irq_test");
	if (ret) {
		pr_err("FAILED: enable_oob_stage: %d\n", ret);
		return ret;
	}
	ret = pci_register_driver(&edu_driver);
	if (ret)
		goto out_stage;
	if (!edu.regs) {
		pr_err("no edu device bound\n");
		ret = -ENODEV;
		goto out_driver;
	}

	ret = run_step(&edu, "in-band unstalled", false, false);
	if (!ret)
		ret = run_step(&edu, "in-band stalled", true, false);
	if (!ret)
		ret = run_step(&edu, "forwarded in-band", false, true);
	if (!ret)
		ret = run_move_steps(&edu);
	if (!ret)
		ret = run_level_steps(&edu);
	if (!ret) {
		pr_info("OK\n");
		return 0;
	}
	ret = -EIO;
out_driver:
	pci_unregister_driver(&edu_driver);
out_stage:
	disable_oob_stage();
	return ret;
}
module_init(oob_irq_test_init);

static void __exit oob_irq_test_exit(void)
{
	pci_unregister_driver(&edu_driver);
	disable_oob_stage();
}
module_exit(oob_irq_test_exit);

MODULE_DESCRIPTION("Out-of-band device interrupt test (QEMU edu device)");
MODULE_LICENSE("GPL");

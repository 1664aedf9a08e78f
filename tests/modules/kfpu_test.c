// SPDX-License-Identifier: GPL-2.0
/*
 * In-band kernel FPU sections preempted by the out-of-band stage.
 * Reading /sys/kernel/debug/kfpu_test runs sections of 1 ms for 300 ms
 * on the reader's CPU: each loads xmm0-xmm15 with a pattern, busy-waits
 * with interrupts on, so that oob tasks may run in between, and checks
 * that the registers still hold the pattern. It answers
 * "sections N corrupted M".
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/string.h>
#include <asm/fpu/api.h>

#define RUN_MS		300
#define NR_XMM_WORDS	32	/* xmm0-xmm15, two words each */

static struct dentry *kfpu_file;

static void load_xmm(const u64 *words)
{
	asm volatile("movdqu 0(%0), %%xmm0\n\tmovdqu 16(%0), %%xmm1\n\t"
		     "movdqu 32(%0), %%xmm2\n\tmovdqu 48(%0), %%xmm3\n\t"
		     "movdqu 64(%0), %%xmm4\n\tmovdqu 80(%0), %%xmm5\n\t"
		     "movdqu 96(%0), %%xmm6\n\tmovdqu 112(%0), %%xmm7\n\t"
		     "movdqu 128(%0), %%xmm8\n\tmovdqu 144(%0), %%xmm9\n\t"
		     "movdqu 160(%0), %%xmm10\n\tmovdqu 176(%0), %%xmm11\n\t"
		     "movdqu 192(%0), %%xmm12\n\tmovdqu 208(%0), %%xmm13\n\t"
		     "movdqu 224(%0), %%xmm14\n\tmovdqu 240(%0), %%xmm15"
		     : : "r" (words) : "memory");
}

static void store_xmm(u64 *words)
{
	asm volatile("movdqu %%xmm0, 0(%0)\n\tmovdqu %%xmm1, 16(%0)\n\t"
		     "movdqu %%xmm2, 32(%0)\n\tmovdqu %%xmm3, 48(%0)\n\t"
		     "movdqu %%xmm4, 64(%0)\n\tmovdqu %%xmm5, 80(%0)\n\t"
		     "movdqu %%xmm6, 96(%0)\n\tmovdqu %%xmm7, 112(%0)\n\t"
		     "movdqu %%xmm8, 128(%0)\n\tmovdqu %%xmm9, 144(%0)\n\t"
		     "movdqu %%xmm10, 160(%0)\n\tmovdqu %%xmm11, 176(%0)\n\t"
		     "movdqu %%xmm12, 192(%0)\n\tmovdqu %%xmm13, 208(%0)\n\t"
		     "movdqu %%xmm14, 224(%0)\n\tmovdqu %%xmm15, 240(%0)"
		     : : "r" (words) : "memory");
}

static ssize_t kfpu_read(struct file *file, char __user *buf, size_t len,
			 loff_t *ppos)
{
	unsigned long end = jiffies + msecs_to_jiffies(RUN_MS);
	unsigned int sections = 0, corrupted = 0;
	u64 pattern[NR_XMM_WORDS], seen[NR_XMM_WORDS];
	char out[64];
	int i, n;

	if (*ppos)
		return 0;

	while (time_before(jiffies, end)) {
		for (i = 0; i < NR_XMM_WORDS; i++)
			pattern[i] = 0x6b667075ULL << 32 | sections << 8 | i;
		kernel_fpu_begin();
		load_xmm(pattern);
		mdelay(1);
		store_xmm(seen);
		kernel_fpu_end();
		sections++;
		corrupted += !!memcmp(pattern, seen, sizeof(seen));
		cond_resched();
	}

	n = scnprintf(out, sizeof(out), "sections %u corrupted %u\n",
		      sections, corrupted);
	return simple_read_from_buffer(buf, len, ppos, out, n);
}

static const struct file_operations kfpu_fops = {
	.owner	= THIS_MODULE,
	.read	= kfpu_read,
	.llseek	= default_llseek,
};

static int __init kfpu_test_init(void)
{
	kfpu_file = debugfs_create_file("kfpu_test", 0400, NULL, NULL, &kfpu_fops);

	return 0;
}
module_init(kfpu_test_init);

static void __exit kfpu_test_exit(void)
{
	debugfs_remove(kfpu_file);
}
module_exit(kfpu_test_exit);

MODULE_DESCRIPTION("In-band kernel FPU sections preempted by the oob stage");
MODULE_LICENSE("GPL");

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the core needs of the CPU architecture, x86 here: one such
 * header per architecture (module/arch/<arch>/arch.h), which Kbuild
 * picks by SRCARCH, and nothing architecture-specific elsewhere.
 */
#ifndef _EVL_ARCH_H
#define _EVL_ARCH_H

#include <linux/types.h>
#include <asm/cpufeature.h>
#include <asm/irq_vectors.h>
#include <asm/evl/fptest.h>

/* The out-of-band IPIs Dovetail reserves for the core. */
#define EVL_RESCHED_IPI		RESCHEDULE_OOB_VECTOR
#define EVL_TIMER_IPI		TIMER_OOB_VECTOR

/* EVL_CTLIOC_GET_COREINFO's fpu_features: what evl_x86_* libevl tests. */
static inline u32 evl_arch_fpu_features(void)
{
	u32 features = 0;

	if (boot_cpu_has(X86_FEATURE_XMM2))
		features |= evl_x86_xmm2;
	if (boot_cpu_has(X86_FEATURE_AVX))
		features |= evl_x86_avx;

	return features;
}

#endif /* _EVL_ARCH_H */

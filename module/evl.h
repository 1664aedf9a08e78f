/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every part of the core shares: its CPUs, the device class its
 * nodes live in, the mark of a process using it, and user copies that
 * work from either stage.
 */
#ifndef _EVL_EVL_H
#define _EVL_EVL_H

#include <linux/cpumask.h>
#include <linux/irq_pipeline.h>
#include <linux/types.h>
#include <linux/uaccess.h>

struct class;

/* CPUs the core runs oob tasks on (module parameter oobcpus). */
extern struct cpumask evl_oob_cpus;

/* /dev/evl/... nodes, /sys/devices/virtual/evl/... */
extern const struct class evl_class;

/* mm->oob_state.flags: the process opened the control device. */
#define EVL_MM_ACTIVE	0

/*
 * User memory from either stage: in-band may fault pages in, the
 * out-of-band stage may not sleep, so a page that is not there gives
 * -EFAULT there (EVL threads lock their memory).
 */
static inline int evl_copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (running_inband())
		return copy_from_user(dst, src, n) ? -EFAULT : 0;
	if (!access_ok(src, n))
		return -EFAULT;
	return __copy_from_user_inatomic(dst, src, n) ? -EFAULT : 0;
}

static inline int evl_copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (running_inband())
		return copy_to_user(dst, src, n) ? -EFAULT : 0;
	if (!access_ok(dst, n))
		return -EFAULT;
	return __copy_to_user_inatomic(dst, src, n) ? -EFAULT : 0;
}

#endif /* _EVL_EVL_H */

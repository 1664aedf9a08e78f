/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of the core share: the life cycle of the core, its
 * CPUs, and the device class its nodes live in.
 */
#ifndef _EVL_EVL_H
#define _EVL_EVL_H

#include <linux/cdev.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
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

/* The shared heap user space maps through the control device. */
extern void *evl_shared_heap;
#define EVL_SHARED_HEAP_SIZE	(256 * 1024)

void *evl_alloc_shared(size_t size);
void evl_free_shared(void *p, size_t size);
u32 evl_shared_offset(void *p);
int evl_shared_init(void);
void evl_shared_cleanup(void);

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

/* A region of @count minors from *@devt on, served by @fops: 0 or -errno. */
int evl_add_chrdev(struct cdev *cdev, dev_t *devt, unsigned int count,
		   const char *name, const struct file_operations *fops);
void evl_del_chrdev(struct cdev *cdev, dev_t devt, unsigned int count);

int evl_control_init(void);
void evl_control_cleanup(void);

#endif /* _EVL_EVL_H */

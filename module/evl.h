/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of the core share: the life cycle of the core, its
 * CPUs, and the device class its nodes live in.
 */
#ifndef _EVL_EVL_H
#define _EVL_EVL_H

#include <linux/cpumask.h>
#include <linux/types.h>

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

int evl_control_init(void);
void evl_control_cleanup(void);

#endif /* _EVL_EVL_H */

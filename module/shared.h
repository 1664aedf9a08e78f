/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared heap: state user space reads without a system call, in
 * one area every EVL process maps through the control device.
 */
#ifndef _EVL_SHARED_H
#define _EVL_SHARED_H

#include <linux/types.h>

#define EVL_SHARED_HEAP_SIZE	(256 * 1024)

extern void *evl_shared_heap;

/* In-band: @size bytes, zeroed, or NULL. */
void *evl_alloc_shared(size_t size);
void evl_free_shared(void *p, size_t size);
/* Where @p is from the start of the heap, what user space is told. */
u32 evl_shared_offset(void *p);

int evl_shared_init(void);
void evl_shared_cleanup(void);

#endif /* _EVL_SHARED_H */

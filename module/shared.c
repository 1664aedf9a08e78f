// SPDX-License-Identifier: GPL-2.0
/*
 * The shared heap: one area every EVL process maps through the control
 * device, holding the state user space reads without a system call
 * (thread windows, later the monitors). Allocated in 16-byte units; an
 * offset from its start is what user space is told.
 */
#include <linux/bitmap.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "debug.h"
#include "evl.h"
#include "shared.h"

#define UNIT		16
#define NR_UNITS	(EVL_SHARED_HEAP_SIZE / UNIT)

void *evl_shared_heap;
static unsigned long *used_units;
static DEFINE_MUTEX(shared_lock);

void *evl_alloc_shared(size_t size)
{
	unsigned int n = DIV_ROUND_UP(size, UNIT);
	unsigned long at;
	void *p = NULL;

	evl_assert_may_sleep();

	mutex_lock(&shared_lock);
	at = bitmap_find_next_zero_area(used_units, NR_UNITS, 0, n, 0);
	if (at < NR_UNITS) {
		bitmap_set(used_units, at, n);
		p = evl_shared_heap + at * UNIT;
		memset(p, 0, n * UNIT);
	}
	mutex_unlock(&shared_lock);

	return p;
}

void evl_free_shared(void *p, size_t size)
{
	mutex_lock(&shared_lock);
	bitmap_clear(used_units, (p - evl_shared_heap) / UNIT,
		     DIV_ROUND_UP(size, UNIT));
	mutex_unlock(&shared_lock);
}

u32 evl_shared_offset(void *p)
{
	return p - evl_shared_heap;
}

int evl_shared_init(void)
{
	evl_shared_heap = vmalloc_user(EVL_SHARED_HEAP_SIZE);
	if (!evl_shared_heap)
		return -ENOMEM;

	used_units = bitmap_zalloc(NR_UNITS, GFP_KERNEL);
	if (!used_units) {
		vfree(evl_shared_heap);
		return -ENOMEM;
	}

	return 0;
}

/* Every allocation belongs to an element, and none outlives the module. */
void evl_shared_cleanup(void)
{
	WARN_ON_ONCE(!bitmap_empty(used_units, NR_UNITS));
	bitmap_free(used_units);
	vfree(evl_shared_heap);
}

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: basic types shared by the core and libevl. */
#ifndef _EVL_UAPI_TYPES_H
#define _EVL_UAPI_TYPES_H

#include <linux/types.h>

/* Element handle, as found in the owner word of a gate. */
typedef __u32 fundle_t;

#define EVL_NO_HANDLE		((fundle_t)0x00000000)

/* Top two bits of an owner word: status, not part of the handle. */
#define EVL_MUTEX_FLCLAIM	((fundle_t)0x80000000) /* waiters queued */
#define EVL_MUTEX_FLCEIL	((fundle_t)0x40000000) /* PP ceiling applied */
#define EVL_HANDLE_INDEX_MASK	(EVL_MUTEX_FLCLAIM | EVL_MUTEX_FLCEIL)

/* The handle an owner word refers to, status bits dropped. */
static inline fundle_t evl_get_index(fundle_t handle)
{
	return handle & ~EVL_HANDLE_INDEX_MASK;
}

/* 64-bit time everywhere, laid out like __kernel_timespec. */
typedef __s64 __evl_time64_t;

struct __evl_timespec {
	__evl_time64_t tv_sec;
	__s64 tv_nsec;
};

struct __evl_itimerspec {
	struct __evl_timespec it_interval;
	struct __evl_timespec it_value;
};

/* Payload of a notice or a poll event: 8 bytes on every ABI. */
union evl_value {
	__s32 val;
	__s64 lval;
	void *ptr;
};

#define evl_intval(__val)	((union evl_value){ .lval = (__val) })
#define evl_ptrval(__ptr)	((union evl_value){ .ptr = (__ptr) })
#define evl_nil			evl_intval(0)

#endif /* !_EVL_UAPI_TYPES_H */

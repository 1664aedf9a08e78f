/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: the hectic context switch torture driver (/dev/hectic). */
#ifndef _EVL_UAPI_DEVICES_HECTIC_H
#define _EVL_UAPI_DEVICES_HECTIC_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* hectic_task_index.flags */
#define HECTIC_INBAND_WAIT	0
#define HECTIC_OOB_WAIT		0x10000

struct hectic_task_index {
	__u32 index;
	__u32 flags;
};

struct hectic_switch_req {
	__u32 from;
	__u32 to;		/* == from: back to the previous task */
};

struct hectic_error {
	struct hectic_switch_req last_switch;
	__u32 fp_val;
};

#define EVL_HECTIC_IOCBASE	'H'

#define EVL_HECIOC_SET_TASKS_COUNT	_IOW(EVL_HECTIC_IOCBASE, 0, __u32)
#define EVL_HECIOC_SET_CPU		_IOW(EVL_HECTIC_IOCBASE, 1, __u32)
#define EVL_HECIOC_REGISTER_UTASK	_IOW(EVL_HECTIC_IOCBASE, 2, struct hectic_task_index)
#define EVL_HECIOC_CREATE_KTASK		_IOWR(EVL_HECTIC_IOCBASE, 3, struct hectic_task_index)
#define EVL_HECIOC_PEND			_IOR(EVL_HECTIC_IOCBASE, 4, struct hectic_task_index)
#define EVL_HECIOC_SWITCH_TO		_IOR(EVL_HECTIC_IOCBASE, 5, struct hectic_switch_req)
#define EVL_HECIOC_GET_SWITCHES_COUNT	_IOR(EVL_HECTIC_IOCBASE, 6, __u32)
#define EVL_HECIOC_GET_LAST_ERROR	_IOR(EVL_HECTIC_IOCBASE, 7, struct hectic_error)
#define EVL_HECIOC_SET_PAUSE		_IOW(EVL_HECTIC_IOCBASE, 8, __u32)
/* Test hooks for the stage exclusion lock (stax-* tests). */
#define EVL_HECIOC_LOCK_STAX		_IO(EVL_HECTIC_IOCBASE, 9)
#define EVL_HECIOC_UNLOCK_STAX		_IO(EVL_HECTIC_IOCBASE, 10)

#endif /* !_EVL_UAPI_DEVICES_HECTIC_H */

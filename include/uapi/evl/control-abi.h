/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: the control device /dev/evl/control. */
#ifndef _EVL_UAPI_CONTROL_ABI_H
#define _EVL_UAPI_CONTROL_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <evl/sched-abi.h>

/*
 * ABI levels the core accepts, oldest and newest. Keep both as plain
 * decimal literals: build scripts may grep them.
 */
#define EVL_ABI_BASE   36
#define EVL_ABI_LEVEL  36

#define EVL_CONTROL_DEV  "/dev/evl/control"

struct evl_core_info {
	__u32 abi_base;
	__u32 abi_current;
	__u32 fpu_features;	/* asm/evl/fptest.h bits */
	__u64 shm_size;		/* length to mmap() the shared heap with */
};

struct evl_cpu_state {
	__u32 cpu;
	__u64 state_ptr;	/* __u32 *, receives EVL_CPU_* bits */
};

#define EVL_CONTROL_IOCBASE	'C'

#define EVL_CTLIOC_GET_COREINFO	_IOR(EVL_CONTROL_IOCBASE, 0, struct evl_core_info)
#define EVL_CTLIOC_SCHEDCTL	_IOWR(EVL_CONTROL_IOCBASE, 1, struct evl_sched_ctlreq)
#define EVL_CTLIOC_GET_CPUSTATE	_IOR(EVL_CONTROL_IOCBASE, 2, struct evl_cpu_state)

#endif /* !_EVL_UAPI_CONTROL_ABI_H */

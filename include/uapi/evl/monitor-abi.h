/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: monitors, i.e. mutexes, events, semaphores and flags. */
#ifndef _EVL_UAPI_MONITOR_ABI_H
#define _EVL_UAPI_MONITOR_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <evl/types.h>
#include <evl/factory-abi.h>

#define EVL_MONITOR_DEV		"monitor"

/* Monitor types, each with its own protocols. */
#define EVL_MONITOR_EVENT	0
#define EVL_EVENT_GATED		0	/* condition variable */
#define EVL_EVENT_COUNT		1	/* semaphore */
#define EVL_EVENT_MASK		2	/* group of flags */
#define EVL_MONITOR_GATE	1
#define EVL_GATE_PI		0	/* mutex, priority inheritance */
#define EVL_GATE_PP		1	/* mutex, priority ceiling */

struct evl_monitor_attrs {
	__u32 clockfd;		/* EVL_CLOCK_* or a clock fd */
	__u32 type : 2,
	      protocol : 4;
	__u32 initval;		/* ceiling, count or bits */
};

/* evl_monitor_state.flags */
#define EVL_MONITOR_SIGNALED	0x1	/* gate and event */
#define EVL_MONITOR_BROADCAST	0x2	/* event */
#define EVL_MONITOR_TARGETED	0x4	/* event */

/* event.gate_offset when no gate is tracked. */
#define EVL_MONITOR_NOGATE	0xffffffffU

/* Monitor words in the shared heap. */
struct evl_monitor_state {
	__u32 flags;
	union {
		struct {
			__u32 owner;	/* fundle, updated atomically */
			__u32 ceiling;
			__u32 recursive : 1,
			      nesting : 31;
		} gate;
		struct {
			__u32 value;	/* updated atomically */
			__u32 pollrefs;	/* updated atomically */
			__u32 gate_offset;
		} event;
	} u;
};

struct evl_monitor_waitreq {
	__u64 timeout_ptr;	/* const struct __evl_timespec * */
	__s32 gatefd;		/* -1 unless gated */
	__s32 status;		/* out: wait outcome */
	__s32 value;		/* in: bits wanted, out: bits got */
};

struct evl_monitor_unwaitreq {
	__s32 gatefd;
};

struct evl_monitor_trywaitreq {
	__s32 value;
};

/* Returned by EVL_MONIOC_BIND, for opening public monitors. */
struct evl_monitor_binding {
	__u32 type : 2,
	      protocol : 4;
	struct evl_element_ids eids;
};

#define EVL_MONITOR_IOCBASE	'm'

#define EVL_MONIOC_ENTER	_IOW(EVL_MONITOR_IOCBASE, 0, struct __evl_timespec)
#define EVL_MONIOC_TRYENTER	_IO(EVL_MONITOR_IOCBASE, 1)
#define EVL_MONIOC_EXIT		_IO(EVL_MONITOR_IOCBASE, 2)
#define EVL_MONIOC_WAIT		_IOWR(EVL_MONITOR_IOCBASE, 3, struct evl_monitor_waitreq)
#define EVL_MONIOC_UNWAIT	_IOWR(EVL_MONITOR_IOCBASE, 4, struct evl_monitor_unwaitreq)
#define EVL_MONIOC_BIND		_IOR(EVL_MONITOR_IOCBASE, 5, struct evl_monitor_binding)
#define EVL_MONIOC_SIGNAL	_IOW(EVL_MONITOR_IOCBASE, 6, __s32)
#define EVL_MONIOC_BROADCAST	_IOW(EVL_MONITOR_IOCBASE, 7, __s32)
#define EVL_MONIOC_WAIT_EXACT	_IOWR(EVL_MONITOR_IOCBASE, 8, struct evl_monitor_waitreq)
#define EVL_MONIOC_TRYWAIT	_IOWR(EVL_MONITOR_IOCBASE, 9, struct evl_monitor_trywaitreq)
#define EVL_MONIOC_TRYWAIT_EXACT _IOWR(EVL_MONITOR_IOCBASE, 10, struct evl_monitor_trywaitreq)

#endif /* !_EVL_UAPI_MONITOR_ABI_H */

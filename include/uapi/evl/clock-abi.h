/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: clock elements and the timer files they create. */
#ifndef _EVL_UAPI_CLOCK_ABI_H
#define _EVL_UAPI_CLOCK_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <evl/types.h>

#define EVL_CLOCK_DEV			"clock"
#define EVL_CLOCK_MONOTONIC_DEV		"monotonic"
#define EVL_CLOCK_REALTIME_DEV		"realtime"

/*
 * Built-in clocks, usable where a clock fd is expected. Note that
 * EVL_CLOCK_REALTIME is zero.
 */
#define EVL_CLOCK_MONOTONIC	(-CLOCK_MONOTONIC)
#define EVL_CLOCK_REALTIME	(-CLOCK_REALTIME)

#define EVL_CLOCK_IOCBASE	'c'

/* The sleep date is absolute. Request 4 is unused. */
#define EVL_CLKIOC_SLEEP	_IOW(EVL_CLOCK_IOCBASE, 0, struct __evl_timespec)
#define EVL_CLKIOC_GET_RES	_IOR(EVL_CLOCK_IOCBASE, 1, struct __evl_timespec)
#define EVL_CLKIOC_GET_TIME	_IOR(EVL_CLOCK_IOCBASE, 2, struct __evl_timespec)
#define EVL_CLKIOC_SET_TIME	_IOW(EVL_CLOCK_IOCBASE, 3, struct __evl_timespec)
#define EVL_CLKIOC_NEW_TIMER	_IO(EVL_CLOCK_IOCBASE, 5)	/* arg: int *fd */

/* Argument of EVL_TFDIOC_SET; it_value is an absolute date. */
struct evl_timerfd_setreq {
	__u64 value_ptr;	/* const struct __evl_itimerspec * */
	__u64 ovalue_ptr;	/* struct __evl_itimerspec *, may be 0 */
};

#define EVL_TIMERFD_IOCBASE	't'

#define EVL_TFDIOC_SET		_IOWR(EVL_TIMERFD_IOCBASE, 0, struct evl_timerfd_setreq)
#define EVL_TFDIOC_GET		_IOR(EVL_TIMERFD_IOCBASE, 1, struct __evl_itimerspec)

#endif /* !_EVL_UAPI_CLOCK_ABI_H */

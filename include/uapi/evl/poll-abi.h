/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: oob polling groups, one per open of /dev/evl/poll. */
#ifndef _EVL_UAPI_POLL_ABI_H
#define _EVL_UAPI_POLL_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <evl/types.h>

#define EVL_POLL_DEV		"poll"

/* evl_poll_ctlreq.action */
#define EVL_POLL_CTLADD		0
#define EVL_POLL_CTLDEL		1
#define EVL_POLL_CTLMOD		2

struct evl_poll_ctlreq {
	__u32 action;
	__u32 fd;
	__u32 events;
	union evl_value pollval;	/* handed back with the events */
};

struct evl_poll_event {
	__u32 fd;
	__u32 events;
	union evl_value pollval;
};

struct evl_poll_waitreq {
	__u64 timeout_ptr;	/* const struct __evl_timespec * */
	__u64 pollset_ptr;	/* struct evl_poll_event * */
	__s32 nrset;		/* in: room in pollset, out: ready count */
};

#define EVL_POLL_IOCBASE	'p'

#define EVL_POLIOC_CTL		_IOW(EVL_POLL_IOCBASE, 0, struct evl_poll_ctlreq)
#define EVL_POLIOC_WAIT		_IOWR(EVL_POLL_IOCBASE, 1, struct evl_poll_waitreq)

#endif /* !_EVL_UAPI_POLL_ABI_H */

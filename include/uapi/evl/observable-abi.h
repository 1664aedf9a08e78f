/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: observables and the notices they carry. */
#ifndef _EVL_UAPI_OBSERVABLE_ABI_H
#define _EVL_UAPI_OBSERVABLE_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <evl/types.h>

#define EVL_OBSERVABLE_DEV	"observable"

/* evl_subscription.flags */
#define EVL_NOTIFY_ALWAYS	0x0
#define EVL_NOTIFY_ONCHANGE	0x1	/* drop repeated values */
#define EVL_NOTIFY_MASK		EVL_NOTIFY_ONCHANGE

/* Written by observers. */
struct evl_notice {
	__u32 tag;
	union evl_value event;
};

/* Tags below this one are the core's. */
#define EVL_NOTICE_USER		64

struct evl_subscription {
	__u32 backlog_count;
	__u32 flags;
};

/* Read by subscribers. */
struct __evl_notification {
	__u32 tag;
	__u32 serial;
	__s32 issuer;		/* pid, 0 for the core */
	union evl_value event;
	struct __evl_timespec date;
};

#define EVL_OBSERVABLE_IOCBASE	'o'

#define EVL_OBSIOC_SUBSCRIBE	_IOW(EVL_OBSERVABLE_IOCBASE, 0, struct evl_subscription)
#define EVL_OBSIOC_UNSUBSCRIBE	_IO(EVL_OBSERVABLE_IOCBASE, 1)

#endif /* !_EVL_UAPI_OBSERVABLE_ABI_H */

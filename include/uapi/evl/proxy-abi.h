/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: proxies relaying oob I/O to an in-band file. */
#ifndef _EVL_UAPI_PROXY_ABI_H
#define _EVL_UAPI_PROXY_ABI_H

#include <linux/types.h>

#define EVL_PROXY_DEV		"proxy"

struct evl_proxy_attrs {
	__u32 fd;		/* the in-band file */
	__u32 bufsz;		/* 0: mmap() forwarding only */
	__u32 granularity;	/* transfer unit, in bytes */
};

#endif /* !_EVL_UAPI_PROXY_ABI_H */

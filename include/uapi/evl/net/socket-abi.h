/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: out-of-band sockets. */
#ifndef _EVL_UAPI_NET_SOCKET_ABI_H
#define _EVL_UAPI_NET_SOCKET_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <evl/types.h>
#include <evl/fcntl.h>

#define AF_OOB			46	/* oob socket domain */

#define SOCK_OOB		O_OOB	/* type flag for socket(2) */

/* Distinct from SOCK_IOC_TYPE (0x89). */
#define EVL_SOCKET_IOCBASE	0xee

struct user_oob_msghdr {
	__u64 name_ptr;		/* struct sockaddr * */
	__u64 iov_ptr;		/* struct iovec * */
	__u64 ctl_ptr;		/* control buffer */
	__u32 namelen;
	__u32 iovlen;
	__u32 ctllen;
	__s32 count;		/* receive: bytes received */
	__u32 flags;
	struct __evl_timespec timeout;
	struct __evl_timespec timestamp;
};

struct evl_netdev_activation {
	__u64 poolsz;
	__u64 bufsz;
};

/* Requests 0 and 1 are unused. */
#define EVL_SOCKIOC_ACTIVATE	_IOW(EVL_SOCKET_IOCBASE, 2, struct evl_netdev_activation)
#define EVL_SOCKIOC_DEACTIVATE	_IO(EVL_SOCKET_IOCBASE, 3)
#define EVL_SOCKIOC_SENDMSG	_IOW(EVL_SOCKET_IOCBASE, 4, struct user_oob_msghdr)
#define EVL_SOCKIOC_RECVMSG	_IOWR(EVL_SOCKET_IOCBASE, 5, struct user_oob_msghdr)
#define EVL_SOCKIOC_SETRECVSZ	_IOW(EVL_SOCKET_IOCBASE, 6, __s32)
#define EVL_SOCKIOC_SETSENDSZ	_IOW(EVL_SOCKET_IOCBASE, 7, __s32)

#endif /* !_EVL_UAPI_NET_SOCKET_ABI_H */

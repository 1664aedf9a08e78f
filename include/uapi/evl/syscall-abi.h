/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: out-of-band call numbers, passed via prctl(PR_OOB_SYSCALL). */
#ifndef _EVL_UAPI_SYSCALL_ABI_H
#define _EVL_UAPI_SYSCALL_ABI_H

#define sys_evl_read	0	/* oob_read(fd, buf, count) */
#define sys_evl_write	1	/* oob_write(fd, buf, count) */
#define sys_evl_ioctl	2	/* oob_ioctl(fd, request, arg) */

#define NR_EVL_SYSCALLS	3

#endif /* !_EVL_UAPI_SYSCALL_ABI_H */

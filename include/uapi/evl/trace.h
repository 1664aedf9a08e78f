/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: the trace device /dev/evl/trace. */
#ifndef _EVL_UAPI_TRACE_H
#define _EVL_UAPI_TRACE_H

#include <linux/ioctl.h>

#define EVL_TRACE_IOCBASE	'O'

#define EVL_TRCIOC_SNAPSHOT	_IO(EVL_TRACE_IOCBASE, 0)

#endif /* !_EVL_UAPI_TRACE_H */

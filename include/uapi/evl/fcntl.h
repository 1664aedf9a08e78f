/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: open flag asking for out-of-band operations. */
#ifndef _EVL_UAPI_FCNTL_H
#define _EVL_UAPI_FCNTL_H

/* Same spelling as Dovetail's asm-generic/fcntl.h, so both may coexist. */
#define O_OOB	010000000000

#endif /* !_EVL_UAPI_FCNTL_H */

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_ASM_GENERIC_DOVETAIL_H
#define _UAPI_ASM_GENERIC_DOVETAIL_H

/* prctl(PR_OOB_SYSCALL, core call, args...) reaches the companion core. */
#define PR_OOB_SYSCALL	0x4f4f4243

#endif /* _UAPI_ASM_GENERIC_DOVETAIL_H */

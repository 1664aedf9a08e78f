/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: element creation through /dev/evl/<type>/clone. */
#ifndef _EVL_UAPI_FACTORY_ABI_H
#define _EVL_UAPI_FACTORY_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* What the core tells about a new element. */
struct evl_element_ids {
	__u32 minor;
	__u32 fundle;
	__u32 state_offset;	/* in the shared heap, or -1 */
};

/* Bits 16-31 belong to the core, the low half is left to libevl. */
#define EVL_CLONE_PRIVATE	0x00000000
#define EVL_CLONE_PUBLIC	0x00010000
#define EVL_CLONE_OBSERVABLE	0x00020000
#define EVL_CLONE_NONBLOCK	0x00040000
#define EVL_CLONE_UNICAST	0x00080000
#define EVL_CLONE_INPUT		0x00100000
#define EVL_CLONE_OUTPUT	0x00200000
#define EVL_CLONE_COREDEV	0x80000000U
#define EVL_CLONE_MASK		(((__u32)-1 << 16) & ~EVL_CLONE_COREDEV)
/* Older name of EVL_CLONE_UNICAST. */
#define EVL_CLONE_MASTER	EVL_CLONE_UNICAST

struct evl_clone_req {
	__u64 name_ptr;		/* const char *, NULL: anonymous */
	__u64 attrs_ptr;	/* type-specific attributes */
	__u32 clone_flags;
	/* Filled in by the core. */
	struct evl_element_ids eids;
	__u32 efd;
};

#define EVL_FACTORY_IOCBASE	'f'

#define EVL_IOC_CLONE		_IOWR(EVL_FACTORY_IOCBASE, 0, struct evl_clone_req)

#endif /* !_EVL_UAPI_FACTORY_ABI_H */

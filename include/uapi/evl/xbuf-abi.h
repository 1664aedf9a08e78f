/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: cross-buffers between the in-band and oob stages. */
#ifndef _EVL_UAPI_XBUF_ABI_H
#define _EVL_UAPI_XBUF_ABI_H

#include <linux/types.h>

#define EVL_XBUF_DEV		"xbuf"

struct evl_xbuf_attrs {
	__u32 i_bufsz;		/* ring written oob, read in-band */
	__u32 o_bufsz;		/* ring written in-band, read oob */
};

#endif /* !_EVL_UAPI_XBUF_ABI_H */

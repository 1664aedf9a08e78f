/* SPDX-License-Identifier: GPL-2.0 */
/* Cross-buffers: byte rings between the in-band and oob stages. */
#ifndef _EVL_XBUF_H
#define _EVL_XBUF_H

#include <linux/types.h>

struct evl_xbuf;

/* In-band: the xbuf behind the caller's @fd, held; ERR_PTR otherwise. */
struct evl_xbuf *evl_get_xbuf(int fd);
void evl_put_xbuf(struct evl_xbuf *xbuf);

/*
 * Any stage, any context: @len bytes to the inbound ring of @xbuf, for
 * its in-band readers, whole or not at all (-EAGAIN: no room).
 */
ssize_t evl_write_xbuf(struct evl_xbuf *xbuf, const void *buf, size_t len);

int evl_xbuf_init(void);
void evl_xbuf_cleanup(void);

#endif /* _EVL_XBUF_H */

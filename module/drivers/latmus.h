/* SPDX-License-Identifier: GPL-2.0 */
/* The latency measurement driver, /dev/latmus. */
#ifndef _EVL_LATMUS_H
#define _EVL_LATMUS_H

int evl_latmus_init(void);
void evl_latmus_cleanup(void);

#endif /* _EVL_LATMUS_H */

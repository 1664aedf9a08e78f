/* SPDX-License-Identifier: GPL-2.0 */
/* The control device, /dev/evl/control, and the core's device class. */
#ifndef _EVL_CONTROL_H
#define _EVL_CONTROL_H

/* In-band, from the load and unload of the core. */
int evl_control_init(void);
void evl_control_cleanup(void);

#endif /* _EVL_CONTROL_H */

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: oob extension of the GPIO character device. */
#ifndef _EVL_UAPI_DEVICES_GPIO_H
#define _EVL_UAPI_DEVICES_GPIO_H

/* gpiohandle_request.flags: the line handle supports oob I/O. */
#define GPIOHANDLE_REQUEST_OOB	0x20UL	/* bit 5 */

#endif /* !_EVL_UAPI_DEVICES_GPIO_H */

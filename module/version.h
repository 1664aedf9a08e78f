/* SPDX-License-Identifier: GPL-2.0 */
/* The one place the core's version is set; dkms.conf reads it too. */
#ifndef _EVL_VERSION_H
#define _EVL_VERSION_H

#define EVL_CORE_VERSION "0.1.0"

#endif /* _EVL_VERSION_H */

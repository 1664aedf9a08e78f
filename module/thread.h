/* SPDX-License-Identifier: GPL-2.0 */
/* EVL threads: user tasks attached to the core. */
#ifndef _EVL_THREAD_H
#define _EVL_THREAD_H

/* In-band, from the exit of the current task. */
void evl_thread_exit(void);

int evl_thread_init(void);
void evl_thread_cleanup(void);

#endif /* _EVL_THREAD_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's use of the proxy tick: the timer queues (timer.c) have
 * their CPU's timer programmed through it.
 */
#ifndef _EVL_TICK_H
#define _EVL_TICK_H

/* Hard irqs off: program this CPU's timer for its next date. */
void evl_program_local_timer(void);
/* Hard irqs off: have @cpu program its timer again (an IPI). */
void evl_program_remote_timer(int cpu);

/* In-band, from the load and unload of the core. */
int evl_tick_init(void);
void evl_tick_cleanup(void);

#endif /* _EVL_TICK_H */

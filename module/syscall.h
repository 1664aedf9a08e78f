/* SPDX-License-Identifier: GPL-2.0 */
/* System calls, traps and signals of EVL threads: hooks of the core. */
#ifndef _EVL_SYSCALL_H
#define _EVL_SYSCALL_H

struct pt_regs;
struct task_struct;

int evl_handle_pipelined_syscall(struct pt_regs *regs);
void evl_handle_oob_syscall(struct pt_regs *regs);
void evl_handle_oob_trap_entry(struct pt_regs *regs);
void evl_handle_oob_mayday(struct pt_regs *regs);
/* In-band: @p, an attached task, has a signal. */
void evl_signal_thread(struct task_struct *p);

#endif /* _EVL_SYSCALL_H */

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: threads, their state bits and the per-thread user window. */
#ifndef _EVL_UAPI_THREAD_ABI_H
#define _EVL_UAPI_THREAD_ABI_H

#include <linux/ioctl.h>
#include <evl/sched-abi.h>

#define EVL_THREAD_DEV		"thread"

/* Thread state word (evl_user_window.state, sysfs "state"). */
#define EVL_T_SUSP	0x00000001	/* suspended */
#define EVL_T_PEND	0x00000002	/* sleeping on a wait channel */
#define EVL_T_DELAY	0x00000004	/* timed sleep */
#define EVL_T_WAIT	0x00000008	/* periodic wait */
#define EVL_T_READY	0x00000010	/* runnable, queued */
#define EVL_T_DORMANT	0x00000020	/* not started */
#define EVL_T_ZOMBIE	0x00000040	/* exited, not disposed of yet */
#define EVL_T_INBAND	0x00000080	/* running in-band */
#define EVL_T_HALT	0x00000100	/* halted */
#define EVL_T_BOOST	0x00000200	/* priority boosted by PI or PP */
#define EVL_T_PTSYNC	0x00000400	/* ptrace synchronization */
#define EVL_T_RRB	0x00000800	/* round-robin */
#define EVL_T_ROOT	0x00001000	/* in-band placeholder */
#define EVL_T_WEAK	0x00002000	/* SCHED_WEAK */
#define EVL_T_USER	0x00004000	/* user space thread */
#define EVL_T_WOSS	0x00008000	/* warn on stage switch */
#define EVL_T_WOLI	0x00010000	/* warn on locking inconsistency */
#define EVL_T_WOSX	0x00020000	/* warn on stage exclusion */
#define EVL_T_PTRACE	0x00040000	/* stopped by ptrace */
#define EVL_T_OBSERV	0x00080000	/* has an observable (export only) */
#define EVL_T_HMSIG	0x00100000	/* HM events sent as SIGDEBUG */
#define EVL_T_HMOBS	0x00200000	/* HM events sent to the observable */
#define EVL_T_WOSO	0x00400000	/* warn on TP window overrun */

/* Thread information word (evl_user_window.info). */
#define EVL_T_TIMEO	0x00000001	/* wait timed out */
#define EVL_T_RMID	0x00000002	/* waited object deleted */
#define EVL_T_BREAK	0x00000004	/* wait forcibly broken */
#define EVL_T_KICKED	0x00000008	/* kicked out of the oob stage */
#define EVL_T_WCHAN	0x00000010	/* wait channel requeue pending */
/* 0x00000020 is unused */
#define EVL_T_CANCELD	0x00000040	/* cancellation pending */
#define EVL_T_PIALERT	0x00000080	/* priority inversion reported */
#define EVL_T_SCHEDP	0x00000100	/* schedparam change pending */
#define EVL_T_BCAST	0x00000200	/* woken by a broadcast */
#define EVL_T_SIGNAL	0x00000400	/* targeted by an event signal */
#define EVL_T_SXALERT	0x00000800	/* stage exclusion reported */
#define EVL_T_PTSIG	0x00001000	/* ptrace signal pending */
#define EVL_T_PTSTOP	0x00002000	/* ptrace stop in progress */
#define EVL_T_PTJOIN	0x00004000	/* must join the ptrace barrier */
#define EVL_T_NOMEM	0x00008000	/* out of memory */

/* Core-private information bits, current thread only. */
#define EVL_T_SYSRST	0x00000001	/* restart syscall after a signal */
#define EVL_T_IGNOVR	0x00000002	/* overruns not counted */
#define EVL_T_INFAULT	0x00000004	/* handling a fault */
#define EVL_T_NORST	0x00000008	/* no syscall restart */

/* One letter per state bit above, in bit order ('.': none shown). */
#define EVL_THREAD_STATE_LABELS	"SWDpRUZXHb#r...t..To.."

/* Health monitoring causes (SIGDEBUG cause, notice tag). */
#define EVL_HMDIAG_SIGDEMOTE	1
#define EVL_HMDIAG_SYSDEMOTE	2
#define EVL_HMDIAG_EXDEMOTE	3
#define EVL_HMDIAG_WATCHDOG	4
#define EVL_HMDIAG_LKDEPEND	5
#define EVL_HMDIAG_LKIMBALANCE	6
#define EVL_HMDIAG_LKSLEEP	7
#define EVL_HMDIAG_STAGEX	8
#define EVL_HMDIAG_OVERRUN	9

/* Per-thread words in the shared heap, kept current by the core. */
struct evl_user_window {
	__u32 state;
	__u32 info;
	__u32 pp_pending;	/* PP gate locked, ceiling not applied yet */
};

struct evl_thread_state {
	struct evl_sched_attrs eattrs;	/* effective (boosted) */
	__u32 cpu;
	__u32 state;
	__u32 isw;		/* in-band switches */
	__u32 csw;		/* context switches */
	__u32 sc;		/* EVL syscalls */
	__u32 rwa;		/* remote wakeups */
	__u64 xtime;		/* CPU time, ns */
};

#define EVL_THREAD_IOCBASE	'T'

#define EVL_THRIOC_SIGNAL		_IOW(EVL_THREAD_IOCBASE, 0, __u32)
#define EVL_THRIOC_SET_SCHEDPARAM	_IOW(EVL_THREAD_IOCBASE, 1, struct evl_sched_attrs)
#define EVL_THRIOC_GET_SCHEDPARAM	_IOR(EVL_THREAD_IOCBASE, 2, struct evl_sched_attrs)
#define EVL_THRIOC_JOIN			_IO(EVL_THREAD_IOCBASE, 3)
#define EVL_THRIOC_GET_STATE		_IOR(EVL_THREAD_IOCBASE, 4, struct evl_thread_state)
#define EVL_THRIOC_SWITCH_OOB		_IO(EVL_THREAD_IOCBASE, 5)
#define EVL_THRIOC_SWITCH_INBAND	_IO(EVL_THREAD_IOCBASE, 6)
#define EVL_THRIOC_DETACH_SELF		_IO(EVL_THREAD_IOCBASE, 7)
#define EVL_THRIOC_SET_MODE		_IOWR(EVL_THREAD_IOCBASE, 8, __u32)
#define EVL_THRIOC_CLEAR_MODE		_IOWR(EVL_THREAD_IOCBASE, 9, __u32)
#define EVL_THRIOC_UNBLOCK		_IO(EVL_THREAD_IOCBASE, 10)
#define EVL_THRIOC_DEMOTE		_IO(EVL_THREAD_IOCBASE, 11)
#define EVL_THRIOC_YIELD		_IO(EVL_THREAD_IOCBASE, 12)

#endif /* !_EVL_UAPI_THREAD_ABI_H */

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* EVL ABI 36: scheduling policies, attributes and policy control. */
#ifndef _EVL_UAPI_SCHED_ABI_H
#define _EVL_UAPI_SCHED_ABI_H

#include <evl/types.h>

/* CPU state bits returned by EVL_CTLIOC_GET_CPUSTATE. */
#define EVL_CPU_OOB		0x1
#define EVL_CPU_ISOL		0x2
#define EVL_CPU_OFFLINE		0x4

/* Policies on top of SCHED_OTHER (0), SCHED_FIFO (1) and SCHED_RR (2). */
#define SCHED_WEAK		43
#define SCHED_QUOTA		44
#define SCHED_TP		45

/* SCHED_RR */
struct __evl_rr_param {
	struct __evl_timespec __sched_rr_quantum;
};

#define sched_rr_quantum	sched_u.rr.__sched_rr_quantum

/* SCHED_QUOTA */
struct __evl_quota_param {
	__s32 __sched_group;
};

#define sched_quota_group	sched_u.quota.__sched_group

enum evl_quota_ctlop {
	evl_quota_add,
	evl_quota_remove,
	evl_quota_force_remove,
	evl_quota_set,
	evl_quota_get,
};

struct evl_quota_ctlparam {
	__s32 op;		/* enum evl_quota_ctlop */
	union {
		struct {
			__s32 tgid;
		} remove;
		struct {
			__s32 tgid;
			__s32 quota;
			__s32 quota_peak;
		} set;
		struct {
			__s32 tgid;
		} get;
	} u;
};

struct evl_quota_ctlinfo {
	__s32 tgid;
	__s32 quota;
	__s32 quota_peak;
	__s32 quota_sum;
};

/* SCHED_TP */
struct __evl_tp_param {
	__s32 __sched_partition;
};

#define sched_tp_partition	sched_u.tp.__sched_partition

#define EVL_TP_IDLE		(-1)	/* the idle pseudo-partition */

struct __evl_tp_window {
	struct __evl_timespec offset;
	struct __evl_timespec duration;
	__s32 ptid;
};

enum evl_tp_ctlop {
	evl_tp_install,
	evl_tp_uninstall,
	evl_tp_start,
	evl_tp_stop,
	evl_tp_get,
};

struct evl_tp_ctlparam {
	__s32 op;		/* enum evl_tp_ctlop */
	__s32 nr_windows;
	struct __evl_tp_window windows[];
};

#define evl_tp_paramlen(__nr_windows)			\
	(sizeof(struct evl_tp_ctlparam) +		\
	 (__nr_windows) * sizeof(struct __evl_tp_window))

struct evl_tp_ctlinfo {
	__s32 nr_windows;
	struct __evl_tp_window windows[];
};

#define evl_tp_infolen(__nr_windows)			\
	(sizeof(struct evl_tp_ctlinfo) +		\
	 (__nr_windows) * sizeof(struct __evl_tp_window))

/* Thread scheduling attributes (EVL_THRIOC_[SG]ET_SCHEDPARAM). */
struct evl_sched_attrs {
	__s32 sched_policy;
	__s32 sched_priority;
	union {
		struct __evl_rr_param rr;
		struct __evl_quota_param quota;
		struct __evl_tp_param tp;
	} sched_u;
};

union evl_sched_ctlparam {
	struct evl_quota_ctlparam quota;
	struct evl_tp_ctlparam tp;
};

union evl_sched_ctlinfo {
	struct evl_quota_ctlinfo quota;
	struct evl_tp_ctlinfo tp;
};

/* Argument of EVL_CTLIOC_SCHEDCTL. */
struct evl_sched_ctlreq {
	__s32 policy;		/* SCHED_QUOTA or SCHED_TP */
	__s32 cpu;
	__u64 param_ptr;	/* const union evl_sched_ctlparam * */
	__u64 info_ptr;		/* union evl_sched_ctlinfo * */
};

#endif /* !_EVL_UAPI_SCHED_ABI_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Host check of the EVL ABI 36 headers in include/uapi, x86-64.
 *
 * The expected values below are typed in from the ABI brief
 * (Appendix A: ioctl numbers, Appendix B: struct sizes, sections 2-9
 * for the few offsets and constants), never computed from the
 * headers under test. One line per mismatch, a summary at the end,
 * exit status 1 if anything differs.
 *
 * Built and run by abi-check.sh, with -I include/uapi.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <asm-generic/dovetail.h>
#include <asm/evl/fptest.h>
#include <evl/types.h>
#include <evl/signal.h>
#include <evl/fcntl.h>
#include <evl/syscall-abi.h>
#include <evl/factory-abi.h>
#include <evl/control-abi.h>
#include <evl/sched-abi.h>
#include <evl/thread-abi.h>
#include <evl/clock-abi.h>
#include <evl/monitor-abi.h>
#include <evl/poll-abi.h>
#include <evl/observable-abi.h>
#include <evl/proxy-abi.h>
#include <evl/xbuf-abi.h>
#include <evl/trace.h>
#include <evl/net/socket-abi.h>
#include <evl/devices/latmus.h>
#include <evl/devices/hectic.h>

struct size_check {
	const char *name;
	size_t size;
	size_t expected;
};

#define SIZE(__type, __expected) { #__type, sizeof(__type), __expected }

/* Appendix B, x86-64. */
static const struct size_check sizes[] = {
	SIZE(struct evl_core_info, 24),
	SIZE(struct evl_cpu_state, 16),
	SIZE(struct evl_clone_req, 40),
	SIZE(struct evl_element_ids, 12),
	SIZE(struct evl_user_window, 12),
	SIZE(struct evl_thread_state, 56),
	SIZE(struct evl_sched_attrs, 24),
	SIZE(struct evl_sched_ctlreq, 24),
	SIZE(struct evl_monitor_attrs, 12),
	SIZE(struct evl_monitor_state, 16),
	SIZE(struct evl_monitor_waitreq, 24),
	SIZE(struct evl_monitor_binding, 16),
	SIZE(struct evl_poll_ctlreq, 24),
	SIZE(struct evl_poll_event, 16),
	SIZE(struct evl_poll_waitreq, 24),
	SIZE(struct __evl_notification, 40),
	SIZE(struct evl_notice, 16),
	SIZE(struct evl_subscription, 8),
	SIZE(struct evl_proxy_attrs, 12),
	SIZE(struct evl_xbuf_attrs, 8),
	SIZE(struct evl_timerfd_setreq, 16),
	SIZE(struct latmus_setup, 32),
	SIZE(struct latmus_measurement, 24),
	SIZE(struct latmus_measurement_result, 24),
	SIZE(struct latmus_result, 16),
	SIZE(union evl_value, 8),
	SIZE(struct evl_quota_ctlparam, 16),
	SIZE(struct evl_quota_ctlinfo, 16),
	SIZE(struct evl_tp_ctlparam, 8),
	/* "tp_ctlparam 8 (+40 per window)" */
	SIZE(struct __evl_tp_window, 40),
};

#define OFFSET(__type, __member, __expected)			\
	{ #__type "." #__member, offsetof(__type, __member), __expected }

/* Section 4.2 (clone request), section 5.1 (core info). */
static const struct size_check offsets[] = {
	OFFSET(struct evl_clone_req, name_ptr, 0),
	OFFSET(struct evl_clone_req, attrs_ptr, 8),
	OFFSET(struct evl_clone_req, clone_flags, 16),
	OFFSET(struct evl_clone_req, eids, 20),
	OFFSET(struct evl_clone_req, efd, 32),
	OFFSET(struct evl_core_info, shm_size, 16),
};

struct value_check {
	const char *name;
	long long value;
	long long expected;
};

#define VALUE(__macro, __expected)	{ #__macro, (long long)(__macro), __expected }

/* Appendix A, x86-64. */
static const struct value_check ioctls[] = {
	/* control 'C' */
	VALUE(EVL_CTLIOC_GET_COREINFO, 0x80184300),
	VALUE(EVL_CTLIOC_SCHEDCTL, 0xc0184301),
	VALUE(EVL_CTLIOC_GET_CPUSTATE, 0x80104302),
	/* factory 'f' */
	VALUE(EVL_IOC_CLONE, 0xc0286600),
	/* thread 'T' */
	VALUE(EVL_THRIOC_SIGNAL, 0x40045400),
	VALUE(EVL_THRIOC_SET_SCHEDPARAM, 0x40185401),
	VALUE(EVL_THRIOC_GET_SCHEDPARAM, 0x80185402),
	VALUE(EVL_THRIOC_JOIN, 0x5403),
	VALUE(EVL_THRIOC_GET_STATE, 0x80385404),
	VALUE(EVL_THRIOC_SWITCH_OOB, 0x5405),
	VALUE(EVL_THRIOC_SWITCH_INBAND, 0x5406),
	VALUE(EVL_THRIOC_DETACH_SELF, 0x5407),
	VALUE(EVL_THRIOC_SET_MODE, 0xc0045408),
	VALUE(EVL_THRIOC_CLEAR_MODE, 0xc0045409),
	VALUE(EVL_THRIOC_UNBLOCK, 0x540a),
	VALUE(EVL_THRIOC_DEMOTE, 0x540b),
	VALUE(EVL_THRIOC_YIELD, 0x540c),
	/* monitor 'm' */
	VALUE(EVL_MONIOC_ENTER, 0x40106d00),
	VALUE(EVL_MONIOC_TRYENTER, 0x6d01),
	VALUE(EVL_MONIOC_EXIT, 0x6d02),
	VALUE(EVL_MONIOC_WAIT, 0xc0186d03),
	VALUE(EVL_MONIOC_UNWAIT, 0xc0046d04),
	VALUE(EVL_MONIOC_BIND, 0x80106d05),
	VALUE(EVL_MONIOC_SIGNAL, 0x40046d06),
	VALUE(EVL_MONIOC_BROADCAST, 0x40046d07),
	VALUE(EVL_MONIOC_WAIT_EXACT, 0xc0186d08),
	VALUE(EVL_MONIOC_TRYWAIT, 0xc0046d09),
	VALUE(EVL_MONIOC_TRYWAIT_EXACT, 0xc0046d0a),
	/* clock 'c' */
	VALUE(EVL_CLKIOC_SLEEP, 0x40106300),
	VALUE(EVL_CLKIOC_GET_RES, 0x80106301),
	VALUE(EVL_CLKIOC_GET_TIME, 0x80106302),
	VALUE(EVL_CLKIOC_SET_TIME, 0x40106303),
	VALUE(EVL_CLKIOC_NEW_TIMER, 0x6305),
	/* timerfd 't' */
	VALUE(EVL_TFDIOC_SET, 0xc0107400),
	VALUE(EVL_TFDIOC_GET, 0x80207401),
	/* poll 'p' */
	VALUE(EVL_POLIOC_CTL, 0x40187000),
	VALUE(EVL_POLIOC_WAIT, 0xc0187001),
	/* observable 'o' */
	VALUE(EVL_OBSIOC_SUBSCRIBE, 0x40086f00),
	VALUE(EVL_OBSIOC_UNSUBSCRIBE, 0x6f01),
	/* latmus 'L' */
	VALUE(EVL_LATIOC_TUNE, 0xc0204c00),
	VALUE(EVL_LATIOC_MEASURE, 0xc0204c01),
	VALUE(EVL_LATIOC_RUN, 0x80104c02),
	VALUE(EVL_LATIOC_PULSE, 0x40084c03),
	VALUE(EVL_LATIOC_RESET, 0x4c04),
	/* hectic 'H' */
	VALUE(EVL_HECIOC_SET_TASKS_COUNT, 0x40044800),
	VALUE(EVL_HECIOC_SET_CPU, 0x40044801),
	VALUE(EVL_HECIOC_REGISTER_UTASK, 0x40084802),
	VALUE(EVL_HECIOC_CREATE_KTASK, 0xc0084803),
	VALUE(EVL_HECIOC_PEND, 0x80084804),
	VALUE(EVL_HECIOC_SWITCH_TO, 0x80084805),
	VALUE(EVL_HECIOC_GET_SWITCHES_COUNT, 0x80044806),
	VALUE(EVL_HECIOC_GET_LAST_ERROR, 0x800c4807),
	VALUE(EVL_HECIOC_SET_PAUSE, 0x40044808),
	VALUE(EVL_HECIOC_LOCK_STAX, 0x4809),
	VALUE(EVL_HECIOC_UNLOCK_STAX, 0x480a),
	/* trace 'O' */
	VALUE(EVL_TRCIOC_SNAPSHOT, 0x4f00),
};

/* Values the brief states in its sections 1-9. */
static const struct value_check constants[] = {
	/* 1.1, 1.3: ABI 36 only */
	VALUE(EVL_ABI_BASE, 36),
	VALUE(EVL_ABI_LEVEL, 36),
	/* 2, 3.1: oob calls */
	VALUE(PR_OOB_SYSCALL, 0x4f4f4243),
	VALUE(sys_evl_read, 0),
	VALUE(sys_evl_write, 1),
	VALUE(sys_evl_ioctl, 2),
	VALUE(NR_EVL_SYSCALLS, 3),
	VALUE(evl_x86_xmm2, 1),
	VALUE(evl_x86_avx, 2),
	/* 4.2: clone flags the core owns, bits 16-30 */
	VALUE(EVL_CLONE_MASK, 0x7fff0000),
	/* 5.1 */
	VALUE(SCHED_QUOTA, 44),
	VALUE(SCHED_TP, 45),
	VALUE(evl_quota_add, 0),
	VALUE(evl_quota_remove, 1),
	VALUE(evl_quota_force_remove, 2),
	VALUE(evl_quota_set, 3),
	VALUE(evl_quota_get, 4),
	VALUE(EVL_TP_IDLE, -1),
	VALUE(evl_tp_paramlen(3), 8 + 3 * 40),
	VALUE(EVL_CPU_OOB, 1),
	VALUE(EVL_CPU_ISOL, 2),
	VALUE(EVL_CPU_OFFLINE, 4),
	/* 5.2, 5.3 */
	VALUE(EVL_MONITOR_SIGNALED, 1),
	VALUE(EVL_MONITOR_BROADCAST, 2),
	VALUE(EVL_MONITOR_TARGETED, 4),
	VALUE(EVL_MONITOR_NOGATE, 0xffffffff),
	VALUE(EVL_NO_HANDLE, 0),
	VALUE(EVL_MUTEX_FLCLAIM, 0x80000000),
	VALUE(EVL_MUTEX_FLCEIL, 0x40000000),
	/* 5.4 */
	VALUE(EVL_MONITOR_EVENT, 0),
	VALUE(EVL_EVENT_GATED, 0),
	VALUE(EVL_EVENT_COUNT, 1),
	VALUE(EVL_EVENT_MASK, 2),
	VALUE(EVL_MONITOR_GATE, 1),
	VALUE(EVL_GATE_PI, 0),
	VALUE(EVL_GATE_PP, 1),
	/* 6.4: policies */
	VALUE(SCHED_WEAK, 43),
	/* 6.4: state bits */
	VALUE(EVL_T_SUSP, 0x1),
	VALUE(EVL_T_PEND, 0x2),
	VALUE(EVL_T_DELAY, 0x4),
	VALUE(EVL_T_WAIT, 0x8),
	VALUE(EVL_T_READY, 0x10),
	VALUE(EVL_T_DORMANT, 0x20),
	VALUE(EVL_T_ZOMBIE, 0x40),
	VALUE(EVL_T_INBAND, 0x80),
	VALUE(EVL_T_HALT, 0x100),
	VALUE(EVL_T_BOOST, 0x200),
	VALUE(EVL_T_PTSYNC, 0x400),
	VALUE(EVL_T_RRB, 0x800),
	VALUE(EVL_T_ROOT, 0x1000),
	VALUE(EVL_T_WEAK, 0x2000),
	VALUE(EVL_T_USER, 0x4000),
	VALUE(EVL_T_WOSS, 0x8000),
	VALUE(EVL_T_WOLI, 0x10000),
	VALUE(EVL_T_WOSX, 0x20000),
	VALUE(EVL_T_PTRACE, 0x40000),
	VALUE(EVL_T_OBSERV, 0x80000),
	VALUE(EVL_T_HMSIG, 0x100000),
	VALUE(EVL_T_HMOBS, 0x200000),
	VALUE(EVL_T_WOSO, 0x400000),
	/* 6.4: info bits */
	VALUE(EVL_T_TIMEO, 0x1),
	VALUE(EVL_T_RMID, 0x2),
	VALUE(EVL_T_BREAK, 0x4),
	VALUE(EVL_T_KICKED, 0x8),
	VALUE(EVL_T_WCHAN, 0x10),
	VALUE(EVL_T_CANCELD, 0x40),
	VALUE(EVL_T_PIALERT, 0x80),
	VALUE(EVL_T_SCHEDP, 0x100),
	VALUE(EVL_T_BCAST, 0x200),
	VALUE(EVL_T_SIGNAL, 0x400),
	VALUE(EVL_T_SXALERT, 0x800),
	VALUE(EVL_T_PTSIG, 0x1000),
	VALUE(EVL_T_PTSTOP, 0x2000),
	VALUE(EVL_T_PTJOIN, 0x4000),
	VALUE(EVL_T_NOMEM, 0x8000),
	/* 6.5 */
	VALUE(EVL_HMDIAG_SIGDEMOTE, 1),
	VALUE(EVL_HMDIAG_SYSDEMOTE, 2),
	VALUE(EVL_HMDIAG_EXDEMOTE, 3),
	VALUE(EVL_HMDIAG_WATCHDOG, 4),
	VALUE(EVL_HMDIAG_LKDEPEND, 5),
	VALUE(EVL_HMDIAG_LKIMBALANCE, 6),
	VALUE(EVL_HMDIAG_LKSLEEP, 7),
	VALUE(EVL_HMDIAG_STAGEX, 8),
	VALUE(EVL_HMDIAG_OVERRUN, 9),
	VALUE(SIGDEBUG, SIGXCPU),
	VALUE(sigdebug_marker, 0xfccf0000),
	/* 7 */
	VALUE(EVL_CLOCK_MONOTONIC, -1),
	VALUE(EVL_CLOCK_REALTIME, 0),
	/* 8.3, 8.4 */
	VALUE(EVL_POLL_CTLADD, 0),
	VALUE(EVL_POLL_CTLDEL, 1),
	VALUE(EVL_POLL_CTLMOD, 2),
	VALUE(EVL_NOTICE_USER, 64),
	VALUE(EVL_NOTIFY_ONCHANGE, 1),
	/* 8.6 */
	VALUE(AF_OOB, 46),
	VALUE(O_OOB, 010000000000),
	VALUE(SOCK_OOB, 010000000000),
	VALUE(EVL_SOCKET_IOCBASE, 0xee),
	/* 9.3 */
	VALUE(EVL_LAT_IRQ, 0),
	VALUE(EVL_LAT_KERN, 1),
	VALUE(EVL_LAT_USER, 2),
	VALUE(EVL_LAT_SIRQ, 3),
	VALUE(HECTIC_OOB_WAIT, 0x10000),
};

#define ARRAY_LEN(__a)	(sizeof(__a) / sizeof((__a)[0]))

static int check_sizes(const char *what, const struct size_check *tab, size_t n)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (tab[i].size != tab[i].expected) {
			printf("abi-check: %s %s is %zu, expected %zu\n",
			       what, tab[i].name, tab[i].size, tab[i].expected);
			bad++;
		}
	}

	return bad;
}

static int check_values(const char *what, const struct value_check *tab, size_t n)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (tab[i].value != tab[i].expected) {
			printf("abi-check: %s %s is %#llx, expected %#llx\n",
			       what, tab[i].name, tab[i].value, tab[i].expected);
			bad++;
		}
	}

	return bad;
}

int main(void)
{
	/* 6.4: one label per state bit, as evl ps prints them. */
	static const char labels[] = "SWDpRUZXHb#r...t..To..";
	int bad = 0;

	bad += check_sizes("size of", sizes, ARRAY_LEN(sizes));
	bad += check_sizes("offset of", offsets, ARRAY_LEN(offsets));
	bad += check_values("ioctl", ioctls, ARRAY_LEN(ioctls));
	bad += check_values("constant", constants, ARRAY_LEN(constants));
	/* 5.3: the handle is the owner word minus its top two bits. */
	if (evl_get_index(0xc0000123) != 0x123) {
		printf("abi-check: constant evl_get_index(0xc0000123) is %#x, expected 0x123\n",
		       evl_get_index(0xc0000123));
		bad++;
	}
	if (strcmp(EVL_THREAD_STATE_LABELS, labels)) {
		printf("abi-check: constant EVL_THREAD_STATE_LABELS is \"%s\", expected \"%s\"\n",
		       EVL_THREAD_STATE_LABELS, labels);
		bad++;
	}

	printf("abi-check: %zu offsets, %zu constants checked, %d mismatch%s\n",
	       ARRAY_LEN(offsets), ARRAY_LEN(constants) + 2,
	       bad, bad == 1 ? "" : "es");
	printf("abi-check: %zu structs, %zu ioctls checked\n",
	       ARRAY_LEN(sizes), ARRAY_LEN(ioctls));

	return bad ? 1 : 0;
}

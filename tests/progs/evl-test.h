/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test programs of EVL threads share: checks printed one per
 * line, out-of-band calls through prctl(PR_OOB_SYSCALL), the monotonic
 * clock read and slept on oob, and threads attached through the UAPI.
 */
#ifndef EVL_TEST_H
#define EVL_TEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include <asm-generic/dovetail.h>
#include <evl/clock-abi.h>
#include <evl/control-abi.h>
#include <evl/factory-abi.h>
#include <evl/syscall-abi.h>
#include <evl/thread-abi.h>

/* Flags between threads, one of them spinning: atomic loads and stores. */
#define SET(flag, v)	__atomic_store_n(&(flag), (v), __ATOMIC_SEQ_CST)
#define GET(flag)	__atomic_load_n(&(flag), __ATOMIC_SEQ_CST)

#define NSEC_PER_MSEC	1000000LL
#define NSEC_PER_SEC	1000000000LL

static int failed, clockfd;
static void *heap;

static inline void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failed = 1;
}

/* Out-of-band ioctl: the result, or -errno. */
static inline long oob_ioctl(int fd, unsigned long req, void *arg)
{
	long ret = prctl(PR_OOB_SYSCALL, sys_evl_ioctl, fd, req, (unsigned long)arg);

	return ret < 0 ? -errno : ret;
}

/* Out-of-band read and write: the byte count, or -errno. */
static inline long oob_read(int fd, void *buf, size_t len)
{
	long ret = prctl(PR_OOB_SYSCALL, sys_evl_read, fd, (unsigned long)buf, len);

	return ret < 0 ? -errno : ret;
}

static inline long oob_write(int fd, const void *buf, size_t len)
{
	long ret = prctl(PR_OOB_SYSCALL, sys_evl_write, fd, (unsigned long)buf, len);

	return ret < 0 ? -errno : ret;
}

static inline int64_t oob_now(void)
{
	struct __evl_timespec ts;

	if (oob_ioctl(clockfd, EVL_CLKIOC_GET_TIME, &ts))
		return -1;
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static inline long oob_sleep_until(int64_t date)
{
	struct __evl_timespec ts = { date / NSEC_PER_SEC, date % NSEC_PER_SEC };

	return oob_ioctl(clockfd, EVL_CLKIOC_SLEEP, &ts);
}

struct thread {
	int efd;
	struct evl_user_window *win;
};

static inline int attach(const char *name, struct thread *t)
{
	struct evl_clone_req req = { .name_ptr = (uintptr_t)name };
	int fd = open("/dev/evl/thread/clone", O_RDWR), ret;

	t->efd = -1;
	t->win = NULL;
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, EVL_IOC_CLONE, &req) ? -errno : 0;
	close(fd);
	if (ret)
		return ret;
	t->efd = req.efd;
	t->win = heap + req.eids.state_offset;
	return 0;
}

/* From in-band, a FIFO or RR policy moves the thread oob. */
static inline int set_policy(struct thread *t, int policy, int prio)
{
	struct evl_sched_attrs attrs = { .sched_policy = policy, .sched_priority = prio };

	return oob_ioctl(t->efd, EVL_THRIOC_SET_SCHEDPARAM, &attrs);
}

static inline int set_fifo(struct thread *t, int prio)
{
	return set_policy(t, SCHED_FIFO, prio);
}

static inline int is_oob(struct thread *t)
{
	return !(t->win->state & EVL_T_INBAND);
}

static inline int64_t vdso_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/*
 * Oob, the attached thread @t: the fastest clock read that keeps it oob.
 * The vDSO reads in user mode where the clocksource allows it, else it
 * makes a system call, which moves the thread in-band: then an oob call
 * does. Read the vDSO once in-band first, to fault its pages in.
 */
static inline int64_t (*pick_clock(struct thread *t))(void)
{
	vdso_now();
	if (is_oob(t))
		return vdso_now;
	oob_ioctl(t->efd, EVL_THRIOC_SWITCH_OOB, NULL);
	return oob_now;
}

static inline void detach(struct thread *t)
{
	ioctl(t->efd, EVL_THRIOC_DETACH_SELF);
	close(t->efd);
}

static inline void pin_cpu0(void)
{
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
}

/* What a process needs before attaching threads: 0 or -1. */
static inline int evl_test_init(void)
{
	struct evl_core_info info;
	int ctl;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ctl = open(EVL_CONTROL_DEV, O_RDWR);
	clockfd = open("/dev/evl/clock/monotonic", O_RDWR);
	if (ctl < 0 || clockfd < 0 || ioctl(ctl, EVL_CTLIOC_GET_COREINFO, &info))
		return -1;
	heap = mmap(NULL, info.shm_size, PROT_READ | PROT_WRITE, MAP_SHARED, ctl, 0);
	if (heap == MAP_FAILED || mlockall(MCL_CURRENT | MCL_FUTURE))
		return -1;
	return 0;
}

#endif /* EVL_TEST_H */

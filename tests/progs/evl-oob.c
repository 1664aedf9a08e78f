// SPDX-License-Identifier: GPL-2.0
/*
 * evl-oob: threads on the out-of-band stage, through the UAPI headers
 * and prctl(PR_OOB_SYSCALL): out-of-band calls (refused before
 * attaching), a weak thread sent back in-band after each, a FIFO thread
 * staying oob, absolute sleeps on the monotonic clock that never wake
 * early and keep the thread oob, demotion by a plain system call,
 * preemption of a spinning FIFO thread by a higher-priority one waking
 * up on the same CPU, and a signal breaking an oob sleep. One line per
 * check; exits non-zero if any was wrong.
 * usage: evl-oob            the checks
 *        evl-oob hold SECS  a FIFO thread sleeping oob that long
 */
#include "evl-test.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

static void check_calls_and_sleeps(void)
{
	struct evl_thread_state st;
	int64_t date, now, late = 0, first;
	struct thread t;
	int k, early = 0, demoted = 0, ret, stayed;
	char what[120];

	check("oob call before attaching: EPERM",
	      oob_ioctl(clockfd, EVL_CLKIOC_GET_TIME, &st) == -EPERM);
	check("attach", attach("oob-main", &t) == 0);
	check("weak: oob call served", oob_now() > 0);
	check("weak: back in-band after it", !is_oob(&t));
	check("oob call, bad call number: ENOSYS",
	      prctl(PR_OOB_SYSCALL, NR_EVL_SYSCALLS, clockfd, 0, 0) == -1 && errno == ENOSYS);
	check("oob call, fd not the core's: EBADF",
	      oob_ioctl(0, EVL_CLKIOC_GET_TIME, &st) == -EBADF);
	check("oob call, unknown request: ENOTTY",
	      oob_ioctl(clockfd, _IO(EVL_CLOCK_IOCBASE, 99), NULL) == -ENOTTY);
	check("oob GET_TIME to a bad pointer: EFAULT",
	      oob_ioctl(clockfd, EVL_CLKIOC_GET_TIME, (void *)8) == -EFAULT);
	check("SCHED_QUOTA: EOPNOTSUPP (not there yet)",
	      set_policy(&t, SCHED_QUOTA, 1) == -EOPNOTSUPP);
	check("SCHED_RR priority 0: EINVAL", set_policy(&t, SCHED_RR, 0) == -EINVAL);
	check("SCHED_RR, 1 us quantum: EINVAL",
	      oob_ioctl(t.efd, EVL_THRIOC_SET_SCHEDPARAM,
			&(struct evl_sched_attrs){ .sched_policy = SCHED_RR,
						   .sched_priority = 1,
						   .sched_rr_quantum = { 0, 1000 } }) == -EINVAL);
	check("FIFO priority 100: EINVAL", set_fifo(&t, 100) == -EINVAL);
	ret = set_fifo(&t, 50);
	stayed = is_oob(&t);	/* before printing, a plain system call */
	check("FIFO 50, from in-band", ret == 0);
	check("FIFO: stays oob after the call", stayed);
	check("SWITCH_OOB while oob", oob_ioctl(t.efd, EVL_THRIOC_SWITCH_OOB, NULL) == 0);
	check("oob GET_STATE: FIFO 50",
	      oob_ioctl(t.efd, EVL_THRIOC_GET_STATE, &st) == 0 &&
	      st.eattrs.sched_policy == SCHED_FIFO && st.eattrs.sched_priority == 50 &&
	      !(st.state & EVL_T_INBAND));

	check("sleep, bad date: EINVAL", oob_ioctl(clockfd, EVL_CLKIOC_SLEEP,
		&(struct __evl_timespec){ 0, -1 }) == -EINVAL);
	first = oob_now() + 1000000;
	for (k = 0; k < 200; k++) {
		date = first + k * 1000000LL;
		if (oob_sleep_until(date))
			break;
		now = oob_now();
		if (now < date)
			early++;
		if (now - date > late)
			late = now - date;
		if (!is_oob(&t))
			demoted++;
	}
	snprintf(what, sizeof(what),
		 "200 absolute sleeps of 1 ms: %d done, %d early, %d demoted, latest %lld us",
		 k, early, demoted, (long long)late / 1000);
	check(what, k == 200 && !early && !demoted);

	syscall(SYS_getpid);
	check("plain system call: demoted in-band", !is_oob(&t));
	check("... and counted",
	      ioctl(t.efd, EVL_THRIOC_GET_STATE, &st) == 0 && st.isw >= 1 && st.sc >= 200);
	check("oob SWITCH_INBAND", oob_now() > 0 && is_oob(&t) &&
	      oob_ioctl(t.efd, EVL_THRIOC_SWITCH_INBAND, NULL) == 0 && !is_oob(&t));
	detach(&t);
}

/* Preemption: a FIFO 80 thread wakes up while a FIFO 10 one spins oob. */

static int high_ran, high_ready, low_spinning;
static int64_t wake_date, high_woke;

static void *high_thread(void *arg)
{
	struct thread t;

	(void)arg;
	pin_cpu0();
	if (attach("oob-high", &t) || set_fifo(&t, 80)) {
		SET(high_ready, -1);
		return NULL;
	}
	SET(high_ready, 1);
	while (!GET(low_spinning))
		oob_sleep_until(oob_now() + 1000000);
	wake_date = oob_now() + 20000000;
	oob_sleep_until(wake_date);
	high_woke = oob_now();
	SET(high_ran, 1);
	detach(&t);
	return NULL;
}

static void check_preemption(void)
{
	pthread_t tid;
	struct thread t;
	int64_t deadline;
	int ok, stayed;

	pin_cpu0();
	ok = attach("oob-low", &t) == 0 && set_fifo(&t, 10) == 0;
	check("FIFO 10 thread", ok);
	if (!ok)
		return;
	pthread_create(&tid, NULL, high_thread, NULL);
	/* In-band until the other one is oob: spinning would starve it. */
	while (!GET(high_ready))
		usleep(1000);
	/* Spin oob, only out-of-band calls, for 2 s at most. */
	deadline = oob_now() + 2000000000LL;
	SET(low_spinning, 1);
	while (!GET(high_ran) && oob_now() < deadline)
		;
	/* Before any plain system call, printing included. */
	stayed = is_oob(&t);
	check("higher priority thread preempted a spinning one", GET(high_ran));
	check("... at its date, not before", GET(high_ran) && high_woke >= wake_date);
	check("spinning thread stayed oob", stayed);
	detach(&t);
	pthread_join(tid, NULL);
}

static void on_signal(int sig)
{
	(void)sig;
}

static int sleeping;

static void *sleeper(void *arg)
{
	struct thread t;
	long *ret = arg;

	if (attach("oob-sleeper", &t) || set_fifo(&t, 20)) {
		*ret = 1;
		SET(sleeping, 1);
		return NULL;
	}
	SET(sleeping, 1);
	*ret = oob_sleep_until(oob_now() + 10000000000LL);
	ret[1] = is_oob(&t);
	detach(&t);
	return NULL;
}

static void check_signal(void)
{
	long ret[2] = { 1, 1 };
	pthread_t tid;

	signal(SIGUSR1, on_signal);
	pthread_create(&tid, NULL, sleeper, ret);
	while (!GET(sleeping))
		usleep(1000);
	usleep(50000);
	pthread_kill(tid, SIGUSR1);
	pthread_join(tid, NULL);
	check("signal: oob sleep broken with EINTR", ret[0] == -EINTR);
	check("signal: handled in-band", ret[1] == 0);
}

static int hold(int secs)
{
	struct thread t;

	if (attach("oob-hold", &t) || set_fifo(&t, 30))
		return 1;
	oob_sleep_until(oob_now() + secs * 1000000000LL);
	return 0;
}

int main(int argc, char *argv[])
{
	if (evl_test_init())
		return 1;
	if (argc > 2 && !strcmp(argv[1], "hold"))
		return hold(atoi(argv[2]));

	check_calls_and_sleeps();
	check_preemption();
	check_signal();
	return failed;
}

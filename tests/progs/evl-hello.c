// SPDX-License-Identifier: GPL-2.0
/*
 * evl-hello: the smallest out-of-band thread, as the README shows it:
 * attach to the core, become SCHED_FIFO (which moves it oob), then wake
 * up every millisecond on the monotonic clock, out-of-band, ten times.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <asm-generic/dovetail.h>
#include <evl/clock-abi.h>
#include <evl/control-abi.h>
#include <evl/factory-abi.h>
#include <evl/syscall-abi.h>
#include <evl/thread-abi.h>

static long oob_ioctl(int fd, unsigned long req, void *arg)
{
	return prctl(PR_OOB_SYSCALL, sys_evl_ioctl, fd, req, (unsigned long)arg);
}

int main(void)
{
	struct evl_sched_attrs fifo = { .sched_policy = SCHED_FIFO, .sched_priority = 80 };
	struct evl_clone_req req = { .name_ptr = (uintptr_t)"hello" };
	int ctl = open("/dev/evl/control", O_RDWR);
	int clk = open("/dev/evl/clock/monotonic", O_RDWR);
	int clone = open("/dev/evl/thread/clone", O_RDWR);
	struct __evl_timespec date;
	int n;

	if (ctl < 0 || clk < 0 || clone < 0 || mlockall(MCL_CURRENT | MCL_FUTURE) ||
	    ioctl(clone, EVL_IOC_CLONE, &req) ||		/* attach */
	    oob_ioctl(req.efd, EVL_THRIOC_SET_SCHEDPARAM, &fifo) ||	/* now oob */
	    oob_ioctl(clk, EVL_CLKIOC_GET_TIME, &date))
		return 1;

	for (n = 0; n < 10; n++) {
		date.tv_nsec += 1000000;
		if (date.tv_nsec >= 1000000000) {
			date.tv_sec++;
			date.tv_nsec -= 1000000000;
		}
		if (oob_ioctl(clk, EVL_CLKIOC_SLEEP, &date))	/* absolute */
			return 1;
	}

	printf("hello from the oob stage, 10 periods of 1 ms\n");	/* back in-band */
	return 0;
}

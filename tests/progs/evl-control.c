// SPDX-License-Identifier: GPL-2.0
/*
 * evl-control: the control device of the core, through the UAPI headers
 * in include/uapi: core information, CPU states, scheduling control and
 * the shared heap mapping, with bad requests along the way. Prints one
 * line per check and exits non-zero on the first wrong answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <evl/control-abi.h>
#include <evl/sched-abi.h>
#include <asm/evl/fptest.h>

static int failed;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failed = 1;
}

/* ioctl() must fail with @err. */
static int fails_with(int fd, unsigned long req, void *arg, int err)
{
	return ioctl(fd, req, arg) == -1 && errno == err;
}

int main(void)
{
	struct evl_sched_ctlreq sreq = { 0 };
	struct evl_cpu_state cpust;
	struct evl_core_info info;
	unsigned int state = 0;
	void *heap;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open(EVL_CONTROL_DEV, O_RDWR);
	check("open " EVL_CONTROL_DEV, fd >= 0);
	if (fd < 0)
		return 1;

	memset(&info, 0xff, sizeof(info));
	check("GET_COREINFO", ioctl(fd, EVL_CTLIOC_GET_COREINFO, &info) == 0);
	check("ABI level 36", info.abi_base == 36 && info.abi_current == 36);
	check("SSE2 among the FPU features", info.fpu_features & evl_x86_xmm2);
	check("shared heap size", info.shm_size > 0 && !(info.shm_size % 4096));
	check("GET_COREINFO, bad pointer: EFAULT",
	      fails_with(fd, EVL_CTLIOC_GET_COREINFO, (void *)8, EFAULT));

	cpust.cpu = 0;
	cpust.state_ptr = (unsigned long)&state;
	check("GET_CPUSTATE cpu 0", ioctl(fd, EVL_CTLIOC_GET_CPUSTATE, &cpust) == 0);
	check("cpu 0 runs oob tasks", state & EVL_CPU_OOB);
	cpust.cpu = 100000;
	check("GET_CPUSTATE, no such CPU: EINVAL",
	      fails_with(fd, EVL_CTLIOC_GET_CPUSTATE, &cpust, EINVAL));
	cpust.cpu = 0;
	cpust.state_ptr = 8;
	check("GET_CPUSTATE, bad state pointer: EFAULT",
	      fails_with(fd, EVL_CTLIOC_GET_CPUSTATE, &cpust, EFAULT));

	sreq.policy = SCHED_QUOTA;
	check("SCHEDCTL quota: EOPNOTSUPP",
	      fails_with(fd, EVL_CTLIOC_SCHEDCTL, &sreq, EOPNOTSUPP));
	sreq.policy = SCHED_TP;
	check("SCHEDCTL tp: EOPNOTSUPP",
	      fails_with(fd, EVL_CTLIOC_SCHEDCTL, &sreq, EOPNOTSUPP));
	sreq.policy = 1;
	check("SCHEDCTL other policy: EINVAL",
	      fails_with(fd, EVL_CTLIOC_SCHEDCTL, &sreq, EINVAL));
	check("unknown request: ENOTTY", fails_with(fd, _IO('C', 99), NULL, ENOTTY));

	heap = mmap(NULL, info.shm_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check("mmap of the shared heap", heap != MAP_FAILED);
	if (heap != MAP_FAILED) {
		memset(heap, 0x5a, info.shm_size);
		munmap(heap, info.shm_size);
	}
	check("mmap, wrong size: EINVAL",
	      mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EINVAL);
	check("mmap, private: EINVAL",
	      mmap(NULL, info.shm_size, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED &&
	      errno == EINVAL);
	close(fd);

	return failed;
}

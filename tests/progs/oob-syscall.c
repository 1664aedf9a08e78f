// SPDX-License-Identifier: GPL-2.0
/*
 * oob-syscall: exercise the out-of-band system call route of Dovetail
 * with the test core (tests/modules/dovetail_test_core.c).
 *
 *   oob-syscall nocore        prctl(PR_OOB_SYSCALL) is a plain EINVAL
 *   oob-syscall check         calls, binding, counting, signal, exit
 *   oob-syscall bind-wait     bind, then wait for a signal (pins the core)
 *   oob-syscall hammer        echo calls and getpid until SIGTERM; every
 *                             answer must be right, or EINVAL (no core)
 *   oob-syscall spin          bind, switch oob and loop in user mode
 *                             until killed (the core's mayday)
 *   oob-syscall switch N      bind, then N rounds of switching to the oob
 *                             stage and back, by request and by demotion
 *                             (a Linux call, a page fault while oob),
 *                             checking the stage and an SSE register
 *                             across every switch
 *   oob-syscall files         out-of-band file operations of the test
 *                             device, through the core's fd map that
 *                             Dovetail's fd notifications keep: open,
 *                             dup, dup2 over a file, close, fork
 *   oob-syscall int80         (x86_64) a native task switching stages
 *                             and calling oob through int $0x80, its
 *                             native calls still recognised in between
 *
 * Built as an ia32 program too (oob-syscall32), where every other core
 * call goes through int $0x80 and the others through the vDSO's entry
 * (SYSENTER or SYSCALL), so that each case meets both ia32 entries.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __i386__
#include <sys/auxv.h>
#endif

#define PR_OOB_SYSCALL	0x4f4f4243
#define NR_IA32_PRCTL	172

enum {
	ECHO = 1, BIND, UNBIND, COUNT, SWITCH_OOB, SWITCH_INBAND, STAGE,
	FD_MAPPED, OOB_IOCTL, OOB_WRITE, OOB_READ,
};

/* The test device's oob_ioctl commands. */
#define TEST_IOC_DOUBLE	1
#define TEST_IOC_STAGE	2
#define TEST_IOC_COMPAT	3	/* 1 through compat_oob_ioctl, else 0 */

/* A raw ia32 call's result, as libc returns it. */
static long ia32_result(int ret)
{
	if (ret < 0 && ret > -4096) {
		errno = -ret;
		return -1;
	}
	return ret;
}

#ifdef __i386__
static long core_call3(long call, long arg1, long arg2, long arg3)
{
	static unsigned int calls;
	static unsigned long vdso_entry;
	int ret;

	if (!vdso_entry)
		vdso_entry = getauxval(AT_SYSINFO);
	if (calls++ % 2 || !vdso_entry)
		asm volatile("int $0x80"
			     : "=a" (ret)
			     : "0" (NR_IA32_PRCTL), "b" (PR_OOB_SYSCALL),
			       "c" (call), "d" (arg1), "S" (arg2), "D" (arg3)
			     : "memory");
	else
		asm volatile("call *%[entry]"
			     : "=a" (ret)
			     : "0" (NR_IA32_PRCTL), "b" (PR_OOB_SYSCALL),
			       "c" (call), "d" (arg1), "S" (arg2), "D" (arg3),
			       [entry] "m" (vdso_entry)
			     : "memory");
	return ia32_result(ret);
}

/* The instruction the vDSO's entry uses, patched in for this CPU. */
static const char *vdso_entry_kind(void)
{
	const unsigned char *code = (const unsigned char *)getauxval(AT_SYSINFO);
	int i;

	for (i = 0; code && i < 32; i++) {
		if (code[i] == 0x0f && code[i + 1] == 0x34)
			return "SYSENTER";
		if (code[i] == 0x0f && code[i + 1] == 0x05)
			return "SYSCALL";
		if (code[i] == 0xcd && code[i + 1] == 0x80)
			return "int $0x80 (no fast entry to check)";
	}
	return "unknown";
}
#else
static long core_call3(long call, long arg1, long arg2, long arg3)
{
	return prctl(PR_OOB_SYSCALL, call, arg1, arg2, arg3);
}

static const char *vdso_entry_kind(void)
{
	return "native";
}
#endif

static long core_call(long call, long arg)
{
	return core_call3(call, arg, 0, 0);
}

static volatile sig_atomic_t stop, signaled;

static void on_signal(int sig)
{
	if (sig == SIGTERM)
		stop = 1;
	signaled = 1;
}

static int fail(const char *what, long got)
{
	printf("FAILED: %s (got %ld, errno %d: %s)\n", what, got, errno,
	       strerror(errno));
	return 1;
}

static int nocore(void)
{
	long ret = core_call(ECHO, 41);

	if (ret != -1 || errno != EINVAL)
		return fail("no core: EINVAL expected", ret);
	printf("no core: EINVAL\n");
	return 0;
}

static int check(void)
{
	long ret;
	int i;

	ret = core_call(ECHO, 41);
	if (ret != 42)
		return fail("echo 41", ret);
	ret = core_call(COUNT, 0);
	if (ret != -1 || errno != EPERM)
		return fail("count while unbound: EPERM expected", ret);
	ret = core_call(99, 0);
	if (ret != -1 || errno != EOPNOTSUPP)
		return fail("unknown call: EOPNOTSUPP expected", ret);
	ret = core_call(BIND, 0);
	if (ret)
		return fail("bind", ret);
	ret = core_call(BIND, 0);
	if (ret != -1 || errno != EBUSY)
		return fail("second bind: EBUSY expected", ret);
	for (i = 0; i < 100; i++)
		getppid();
	ret = core_call(COUNT, 0);
	if (ret != 100)
		return fail("100 syscalls counted", ret);
	/* A signal to a bound task is an event for the core. */
	signal(SIGUSR1, on_signal);
	kill(getpid(), SIGUSR1);
	if (!signaled)
		return fail("SIGUSR1 delivered", 0);
	ret = core_call(UNBIND, 0);
	if (ret)
		return fail("unbind", ret);
	ret = core_call(COUNT, 0);
	if (ret != -1 || errno != EPERM)
		return fail("count after unbind: EPERM expected", ret);
	/* Exit bound: the core sees the exit and unpins itself. */
	ret = core_call(BIND, 0);
	if (ret)
		return fail("bind again", ret);
	printf("%s: calls, binding, counting and signal OK (entry: %s)\n",
	       __func__, vdso_entry_kind());
	return 0;
}

static int bind_wait(void)
{
	long ret;

	signal(SIGTERM, on_signal);
	ret = core_call(BIND, 0);
	if (ret)
		return fail("bind", ret);
	printf("bound, waiting\n");
	fflush(stdout);
	while (!stop)
		pause();
	return 0;
}

static int hammer(void)
{
	unsigned long served = 0, refused = 0, forks = 0;
	int status;
	long i, ret;
	pid_t pid;

	signal(SIGTERM, on_signal);
	for (i = 0; !stop; i++) {
		ret = core_call(ECHO, i);
		if (ret == i + 1)
			served++;
		else if (ret == -1 && errno == EINVAL)
			refused++;
		else
			return fail("echo answer", ret);
		getppid();
		/* Processes come and go too (cleanup events). */
		if (i % 1000 == 0) {
			pid = fork();
			if (pid == 0)
				_exit(core_call(ECHO, 1) == 2 || errno == EINVAL ? 0 : 1);
			if (pid < 0 || waitpid(pid, &status, 0) != pid ||
			    !WIFEXITED(status) || WEXITSTATUS(status))
				return fail("child", pid);
			forks++;
		}
	}
	printf("%s: %lu served by the core, %lu plain EINVAL, %lu forks\n",
	       __func__, served, refused, forks);
	return served && refused ? 0 : fail("both with and without a core", 0);
}

static unsigned long long xmm7_get(void)
{
	unsigned long long v;

	asm volatile("movq %%xmm7, %0" : "=m" (v));
	return v;
}

static void xmm7_set(unsigned long long v)
{
	asm volatile("movq %0, %%xmm7" : : "m" (v) : "xmm7");
}

/* The call must succeed, leave the caller on @stage and xmm7 intact. */
static int expect_stage(const char *what, long ret, long stage,
			unsigned long long pattern)
{
	long now;

	if (ret)
		return fail(what, ret);
	if (xmm7_get() != pattern)
		return fail("xmm7 kept across the switch", 0);
	now = core_call(STAGE, 0);
	if (now != stage)
		return fail(stage ? "running oob" : "running in-band", now);
	return 0;
}

/* A page that faults on its next touch, mlockall() or not. */
static int drop_page(volatile char *page)
{
	if (munlock((void *)page, 4096) ||
	    madvise((void *)page, 4096, MADV_DONTNEED))
		return fail("munlock/madvise", -1);
	return 0;
}

static int switch_stages(long rounds)
{
	unsigned long long pattern;
	volatile char *page;
	long i, ret;

	/* No page fault while oob: nothing handles them there yet. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		return fail("mlockall", -1);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return fail("mmap", -1);
	ret = core_call(BIND, 0);
	if (ret)
		return fail("bind", ret);
	if (core_call(STAGE, 0) != 0)
		return fail("in-band after bind", 0);
	for (i = 0; i < rounds; i++) {
		pattern = 0x5a5a000000000000ULL | (getpid() << 20) | (unsigned long)i;
		xmm7_set(pattern);
		if (expect_stage("switch oob", core_call(SWITCH_OOB, 0), 1, pattern))
			return 1;
		if (core_call(ECHO, i) != i + 1)
			return fail("echo while oob", 0);
		if (expect_stage("switch in-band", core_call(SWITCH_INBAND, 0), 0,
				 pattern))
			return 1;
		if (expect_stage("switch oob again", core_call(SWITCH_OOB, 0), 1,
				 pattern))
			return 1;
		/* A Linux call demotes the caller. */
		if (expect_stage("Linux call while oob", getppid() <= 0, 0, pattern))
			return 1;
		/* So does a page fault. */
		if (drop_page(page))
			return 1;
		if (expect_stage("switch oob for a fault", core_call(SWITCH_OOB, 0),
				 1, pattern))
			return 1;
		page[0] = (char)i;
		if (expect_stage("page fault while oob", page[0] != (char)i, 0,
				 pattern))
			return 1;
	}
	ret = core_call(UNBIND, 0);
	if (ret)
		return fail("unbind", ret);
	printf("%s: %ld rounds of 3 round trips, xmm7 kept\n", __func__, rounds);
	return 0;
}

static int spin(void)
{
	long ret;

	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		return fail("mlockall", -1);
	ret = core_call(BIND, 0);
	if (ret)
		return fail("bind", ret);
	printf("spinning oob\n");
	ret = core_call(SWITCH_OOB, 0);
	if (ret)
		return fail("switch oob", ret);
	for (;;)
		;
}

static int expect_mapped(const char *what, int fd, int mapped)
{
	long ret = core_call(FD_MAPPED, fd);

	if (mapped ? ret != 1 : ret != -1 || errno != EBADF)
		return fail(what, ret);
	return 0;
}

static int files(void)
{
	int fd, fd2, other, status;
	pid_t pid;
	long ret;
	char c;

	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		return fail("mlockall", -1);
	fd = open("/dev/dovetail_test", O_RDWR);
	if (fd < 0)
		return fail("open /dev/dovetail_test", fd);
	other = open("/dev/null", O_RDWR);
	if (other < 0)
		return fail("open /dev/null", other);
	if (expect_mapped("the test file is in the core's map", fd, 1) ||
	    expect_mapped("a plain file is not", other, 0))
		return 1;
	ret = core_call3(OOB_IOCTL, fd, TEST_IOC_DOUBLE, 21);
	if (ret != 42)
		return fail("oob_ioctl called in-band", ret);
	/* An ia32 caller's ioctls go to compat_oob_ioctl. */
	ret = core_call3(OOB_IOCTL, fd, TEST_IOC_COMPAT, 0);
	if (ret != (sizeof(long) == 4))
		return fail("the handler for the caller's ABI", ret);

	ret = core_call(BIND, 0);
	if (ret)
		return fail("bind", ret);
	ret = core_call(SWITCH_OOB, 0);
	if (ret)
		return fail("switch oob", ret);
	ret = core_call3(OOB_IOCTL, fd, TEST_IOC_STAGE, 0);
	if (ret != 1)
		return fail("oob_ioctl runs oob", ret);
	c = 'x';
	ret = core_call3(OOB_WRITE, fd, (long)&c, 1);
	if (ret != 1)
		return fail("oob_write", ret);
	c = 0;
	ret = core_call3(OOB_READ, fd, (long)&c, 1);
	if (ret != 1 || c != 'x')
		return fail("oob_read gives back what oob_write stored", ret);
	ret = core_call3(OOB_IOCTL, other, TEST_IOC_STAGE, 0);
	if (ret != -1 || errno != EBADF)
		return fail("oob call on a plain file: EBADF", ret);
	if (core_call(STAGE, 0) != 1)
		return fail("still oob after the file calls", 0);
	ret = core_call(SWITCH_INBAND, 0);
	if (ret)
		return fail("switch in-band", ret);

	fd2 = dup(fd);
	if (fd2 < 0)
		return fail("dup", fd2);
	if (expect_mapped("dup: the new fd is mapped", fd2, 1))
		return 1;
	if (dup2(fd, other) != other)
		return fail("dup2 over /dev/null", -1);
	if (expect_mapped("dup2: the replaced fd now maps the test file",
			  other, 1))
		return 1;
	if (dup2(fd, fd2) != fd2)
		return fail("dup2 over the same file", -1);
	if (expect_mapped("dup2 over itself keeps it mapped", fd2, 1))
		return 1;
	close(fd2);
	if (expect_mapped("close: unmapped", fd2, 0))
		return 1;
	pid = fork();
	if (pid == 0)
		_exit(expect_mapped("fork: the child's table is mapped", fd, 1));
	if (pid < 0 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status))
		return fail("child", pid);
	close(fd);
	if (expect_mapped("close of the first fd", fd, 0) ||
	    expect_mapped("its dup2 copy stays", other, 1))
		return 1;
	ret = core_call3(OOB_IOCTL, other, TEST_IOC_DOUBLE, 50);
	if (ret != 100)
		return fail("oob_ioctl through the dup2 copy", ret);
	ret = core_call(UNBIND, 0);
	if (ret)
		return fail("unbind", ret);
	/* Exit with "other" open: the exit closes it, and unmaps it. */
	printf("%s: oob file operations and fd map OK\n", __func__);
	return 0;
}

#ifdef __x86_64__
/* prctl(PR_OOB_SYSCALL, call, arg) as an ia32 call from a native task. */
static long int80_call(long call, long arg)
{
	int ret;

	asm volatile("int $0x80"
		     : "=a" (ret)
		     : "0" (NR_IA32_PRCTL), "b" (PR_OOB_SYSCALL), "c" (call),
		       "d" (arg), "S" (0), "D" (0)
		     : "memory", "r8", "r9", "r10", "r11");
	return ia32_result(ret);
}

/* One expected answer from an int $0x80 call, then a native one. */
static int int80_then_native(const char *what, long call, long arg,
			     long expected, long native_stage)
{
	long ret = int80_call(call, arg);

	if (ret != expected)
		return fail(what, ret);
	ret = core_call(STAGE, 0);
	if (ret != native_stage)
		return fail("a native call next, seen as such on its stage", ret);
	return 0;
}

static int int80(void)
{
	long ret;
	int i;

	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		return fail("mlockall", -1);
	ret = core_call(BIND, 0);
	if (ret)
		return fail("bind", ret);
	for (i = 0; i < 100; i++) {
		if (int80_then_native("switch oob through int $0x80",
				      SWITCH_OOB, 0, 0, 1) ||
		    int80_then_native("echo oob through int $0x80",
				      ECHO, i, i + 1, 1) ||
		    int80_then_native("stage through int $0x80",
				      STAGE, 0, 1, 1) ||
		    int80_then_native("switch in-band through int $0x80",
				      SWITCH_INBAND, 0, 0, 0))
			return 1;
	}
	ret = core_call(UNBIND, 0);
	if (ret)
		return fail("unbind", ret);
	printf("%s: 100 rounds of oob calls through int $0x80, native calls right in between\n",
	       __func__);
	return 0;
}
#endif

int main(int argc, char *argv[])
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "nocore"))
		return nocore();
	if (argc == 2 && !strcmp(argv[1], "check"))
		return check();
	if (argc == 2 && !strcmp(argv[1], "bind-wait"))
		return bind_wait();
	if (argc == 2 && !strcmp(argv[1], "hammer"))
		return hammer();
	if (argc == 2 && !strcmp(argv[1], "spin"))
		return spin();
	if (argc == 2 && !strcmp(argv[1], "files"))
		return files();
	if (argc == 3 && !strcmp(argv[1], "switch"))
		return switch_stages(atol(argv[2]));
#ifdef __x86_64__
	if (argc == 2 && !strcmp(argv[1], "int80"))
		return int80();
#endif
	fprintf(stderr, "usage: %s nocore|check|bind-wait|hammer|spin|files|int80|switch N\n",
		argv[0]);
	return 2;
}

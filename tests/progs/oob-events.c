// SPDX-License-Identifier: GPL-2.0
/*
 * oob-events: the in-band events Dovetail sends a core about its tasks,
 * and fork of a process with oob tasks, with the test core
 * (tests/modules/test_core.c).
 *
 *   oob-events retuser     return-to-user calls: one per arming, k+1 for
 *                          k rearmings, and one moving the caller oob
 *   oob-events migration   one event per effective affinity change of a
 *                          bound thread, with the CPU it runs on next
 *                          (needs 2 CPUs)
 *   oob-events ptrace N    a bound tracee single-stepped N times: N step
 *                          events, one stop and one continue event for
 *                          each of its ptrace stops
 *   oob-events fork PAGES  fork copies the private pages of a bound
 *                          process: no COW fault for its writes after a
 *                          fork, oob or not, data apart both ways; an
 *                          unbound process and the bound one's child
 *                          keep copy-on-write
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PR_OOB_SYSCALL	0x4f4f4243
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum {
	ECHO = 1, BIND, UNBIND, COUNT, SWITCH_OOB, SWITCH_INBAND, STAGE,
	FD_MAPPED, OOB_IOCTL, OOB_WRITE, OOB_READ, EVENTS, MIGRATED_TO, UCALL,
};

enum { EV_MIGRATION, EV_PTSTOP, EV_PTCONT, EV_PTSTEP, EV_RETUSER };

static long core_call(long call, long arg1, long arg2)
{
	return prctl(PR_OOB_SYSCALL, call, arg1, arg2, 0);
}

static long events(int type)
{
	return core_call(EVENTS, type, 0);
}

static int fail(const char *what, long got)
{
	printf("FAILED: %s (got %ld, errno %d: %s)\n", what, got, errno,
	       strerror(errno));
	return 1;
}

static int bind_self(void)
{
	long ret = core_call(BIND, 0, 0);

	return ret ? fail("bind", ret) : 0;
}

static int retuser(void)
{
	long before, ret;
	int k;

	if (bind_self())
		return 1;
	if (events(EV_RETUSER) != 0)
		return fail("no call before any arming", events(EV_RETUSER));
	for (k = 0; k <= 4; k++) {
		before = events(EV_RETUSER);
		ret = core_call(UCALL, k, 0);
		if (ret)
			return fail("arm", ret);
		ret = events(EV_RETUSER) - before;
		if (ret != k + 1) {
			printf("armed with %d rearmings\n", k);
			return fail("calls", ret);
		}
	}
	/* Nothing armed: plain system calls make no call. */
	before = events(EV_RETUSER);
	getppid();
	if (events(EV_RETUSER) != before)
		return fail("a call without arming", events(EV_RETUSER) - before);

	/* The call moves the caller oob: it is there back in user mode. */
	ret = core_call(UCALL, 0, 1);
	if (ret)
		return fail("arm the oob move", ret);
	ret = core_call(STAGE, 0, 0);
	if (ret != 1)
		return fail("oob after the return-to-user call", ret);
	ret = core_call(SWITCH_INBAND, 0, 0);
	if (ret || core_call(STAGE, 0, 0) != 0)
		return fail("back in-band", ret);
	printf("%s: one call per arming, k+1 for k rearmings, oob move OK\n",
	       __func__);
	return core_call(UNBIND, 0, 0) ? fail("unbind", -1) : 0;
}

static int set_cpus(int first, int last)
{
	cpu_set_t set;
	int cpu;

	CPU_ZERO(&set);
	for (cpu = first; cpu <= last; cpu++)
		CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static int migration(void)
{
	struct { int first, last; bool change; } steps[] = {
		{ 0, 0, true },		/* from all CPUs to CPU 0 */
		{ 1, 1, true },		/* moves to CPU 1 */
		{ 1, 1, false },	/* the same: no event */
		{ 0, 1, true },		/* widened: stays on CPU 1 */
		{ 0, 0, true },		/* back to CPU 0 */
	};
	long n = 0, got, to;
	unsigned int i;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("%s: needs 2 CPUs\n", __func__);
		return 77;
	}
	if (set_cpus(0, sysconf(_SC_NPROCESSORS_ONLN) - 1))
		return fail("affinity to all CPUs", -1);
	if (bind_self())
		return 1;
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		if (set_cpus(steps[i].first, steps[i].last))
			return fail("sched_setaffinity", -1);
		n += steps[i].change;
		got = events(EV_MIGRATION);
		to = core_call(MIGRATED_TO, 0, 0);
		if (got != n || to != sched_getcpu()) {
			printf("step %u: CPUs %d-%d, %ld events (want %ld), ",
			       i, steps[i].first, steps[i].last, got, n);
			printf("event CPU %ld, on CPU %d\n", to, sched_getcpu());
			return fail("one event per change", got);
		}
	}
	printf("%s: %ld events for %ld changes, CPU right each time\n",
	       __func__, got, n);
	return core_call(UNBIND, 0, 0) ? fail("unbind", -1) : 0;
}

/* The tracee: bound, it stops for its tracer, then checks its events. */
static int tracee(int steps)
{
	long stops, conts, stepped;

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		return fail("PTRACE_TRACEME", -1);
	if (bind_self())
		return 1;
	raise(SIGSTOP);
	stops = events(EV_PTSTOP);
	conts = events(EV_PTCONT);
	stepped = events(EV_PTSTEP);
	printf("%s: %ld stops, %ld continues, %ld steps\n", __func__, stops, conts,
	       stepped);
	if (stepped != steps)
		return fail("one step event per single-step", stepped);
	if (stops != conts || stops < steps + 1)
		return fail("a stop and a continue event per ptrace stop", stops);
	return 0;
}

static int ptrace_events(int steps)
{
	int status, i;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return fail("fork", pid);
	if (pid == 0)
		_exit(tracee(steps));
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGSTOP)
		return fail("tracee stopped", status);
	for (i = 0; i < steps; i++) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL))
			return fail("PTRACE_SINGLESTEP", i);
		if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
			return fail("tracee stopped after a step", status);
	}
	if (ptrace(PTRACE_CONT, pid, NULL, NULL))
		return fail("PTRACE_CONT", -1);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return fail("tracee's verdict", status);
	printf("ptrace: step, stop and continue events OK\n");
	return 0;
}

static long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_minflt;
}

static void fill(char *mem, long pages, char value)
{
	long i, page = sysconf(_SC_PAGESIZE);

	for (i = 0; i < pages; i++)
		mem[i * page] = value;
}

static int holds(const char *mem, long pages, char value)
{
	long i, page = sysconf(_SC_PAGESIZE);

	for (i = 0; i < pages; i++)
		if (mem[i * page] != value)
			return 0;
	return 1;
}

/*
 * Fork with all pages of @mem touched, then write them all: returns the
 * minor faults the writes took. The child checks that it kept the data
 * of the fork, writes its own, and runs @child_check on it.
 */
static long write_after_fork(char *mem, long pages, bool oob,
			     int (*child_check)(char *, long))
{
	int pipefd[2], status;
	long faults;
	pid_t pid;
	char go;

	fill(mem, pages, 'a');
	if (pipe(pipefd))
		return -fail("pipe", -1);
	pid = fork();
	if (pid < 0)
		return -fail("fork", pid);
	if (pid == 0) {
		if (read(pipefd[0], &go, 1) != 1 || !holds(mem, pages, 'a'))
			_exit(fail("child: the data of the fork", -1));
		fill(mem, pages, 'c');
		_exit(child_check ? child_check(mem, pages) : 0);
	}
	/* Counted in-band: getrusage() would move an oob caller. */
	faults = minor_faults();
	if (oob && core_call(SWITCH_OOB, 0, 0))
		return -fail("switch oob", -1);
	fill(mem, pages, 'p');
	/* A fault would have moved the caller in-band. */
	if (oob && core_call(STAGE, 0, 0) != 1)
		return -fail("the writes after the fork stayed oob", -1);
	if (oob && core_call(SWITCH_INBAND, 0, 0))
		return -fail("switch in-band", -1);
	faults = minor_faults() - faults;
	if (write(pipefd[1], "g", 1) != 1 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status))
		return -fail("child", status);
	close(pipefd[0]);
	close(pipefd[1]);
	if (!holds(mem, pages, 'p'))
		return -fail("the child's writes reached the parent", -1);
	return faults;
}

/* The faults of write_after_fork() must be within [@min, @max]. */
static int faults_in(const char *who, char *mem, long pages, bool oob,
		     int (*child_check)(char *, long), long min, long max)
{
	long faults = write_after_fork(mem, pages, oob, child_check);

	if (faults < 0)
		return 1;
	printf("%s: %ld faults writing %ld pages after a fork\n", who, faults,
	       pages);
	if (faults < min || faults > max) {
		printf("%s: %ld to %ld faults expected\n", who, min, max);
		return fail("copy-on-write only for an unbound process", faults);
	}
	return 0;
}

/* In the bound process's child: copy-on-write is back for its forks. */
static int grandchild_cow(char *mem, long pages)
{
	return faults_in("child of the bound process", mem, pages, false, NULL,
			 pages / 2, pages * 2);
}

static int fork_copy(long pages)
{
	long page = sysconf(_SC_PAGESIZE);
	char *mem;

	mem = mmap(NULL, pages * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap", -1);
	/* Small pages: a huge one would make a single fault. */
	madvise(mem, pages * page, MADV_NOHUGEPAGE);

	if (faults_in("unbound", mem, pages, false, NULL, pages / 2, pages * 2))
		return 1;
	if (bind_self())
		return 1;
	if (faults_in("bound, in-band", mem, pages, false, grandchild_cow, 0,
		      pages / 16) ||
	    faults_in("bound, oob", mem, pages, true, NULL, 0, pages / 16))
		return 1;
	printf("fork: private pages copied for a bound process only\n");
	return core_call(UNBIND, 0, 0) ? fail("unbind", -1) : 0;
}

int main(int argc, char *argv[])
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "retuser"))
		return retuser();
	if (argc == 2 && !strcmp(argv[1], "migration"))
		return migration();
	if (argc == 3 && !strcmp(argv[1], "ptrace"))
		return ptrace_events(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "fork"))
		return fork_copy(atol(argv[2]));
	fprintf(stderr, "usage: %s retuser|migration|ptrace N|fork PAGES\n",
		argv[0]);
	return 2;
}

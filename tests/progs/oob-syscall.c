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
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define PR_OOB_SYSCALL	0x4f4f4243

enum { ECHO = 1, BIND, UNBIND, COUNT };

static long core_call(long call, long arg)
{
	return prctl(PR_OOB_SYSCALL, call, arg, 0, 0);
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
	printf("%s: calls, binding, counting and signal OK\n", __func__);
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
	fprintf(stderr, "usage: %s nocore|check|bind-wait|hammer\n", argv[0]);
	return 2;
}

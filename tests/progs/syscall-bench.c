// SPDX-License-Identifier: GPL-2.0
/*
 * syscall-bench: the cost of a system call and of a context switch, for
 * comparing kernels in QEMU's deterministic virtual time (-icount),
 * where elapsed time counts executed instructions.
 *
 *   syscall-bench [CALLS [ROUND_TRIPS]]
 *
 * Prints "getppid NS" (per call) and "pipe-round-trip NS" (per round
 * trip between two processes over two pipes: two context switches on a
 * single CPU, and four system calls).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double bench_getppid(long calls)
{
	long long start = now_ns();
	long i;

	for (i = 0; i < calls; i++)
		getppid();
	return (double)(now_ns() - start) / calls;
}

static double bench_pipe(long trips)
{
	int ping[2], pong[2], status;
	long long start;
	char c = 0;
	pid_t pid;
	long i;

	if (pipe(ping) || pipe(pong))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* Only the parent's write end may stay open, or read never sees EOF. */
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1 && write(pong[1], &c, 1) == 1)
			;
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	start = now_ns();
	for (i = 0; i < trips; i++) {
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			return -1;
	}
	start = now_ns() - start;
	close(ping[1]);
	waitpid(pid, &status, 0);
	return (double)start / trips;
}

int main(int argc, char *argv[])
{
	long calls = argc > 1 ? atol(argv[1]) : 200000;
	long trips = argc > 2 ? atol(argv[2]) : 20000;
	double sc, cs;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sc = bench_getppid(calls);
	cs = bench_pipe(trips);
	if (sc <= 0 || cs <= 0) {
		printf("FAILED: syscall-bench\n");
		return 1;
	}
	printf("getppid %.1f\n", sc);
	printf("pipe-round-trip %.1f\n", cs);
	return 0;
}

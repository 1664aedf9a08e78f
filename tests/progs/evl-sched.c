// SPDX-License-Identifier: GPL-2.0
/*
 * evl-sched: scheduling of oob threads sharing one CPU. Two SCHED_RR
 * threads of one priority spinning oob take turns, each for about its
 * quantum; the FPU registers of a spinning FIFO thread survive a
 * higher-priority one that scribbles over its own every 2 ms, and so do
 * those of in-band kernel FPU sections (the kfpu_test module) and of
 * signal frames while it wakes every 200 us; JOIN
 * waits for a thread to be gone; what sysfs and GET_STATE tell of a
 * thread (timeout, wchan, CPU time); SCHED_IDLE is the core's own.
 * One line per check.
 * usage: evl-sched [WAIT_MS]   WAIT_MS: how long the emulator may leave
 *                              a vCPU waiting for its turn
 */
#include "evl-test.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>

#define QUANTUM_MS	20
#define SPIN_MS		400

static int64_t wait_ns;

struct rr_spinner {
	const char *name;
	int64_t start, end;	/* set once both are attached */
	int ready, slices;
	int64_t longest, busy;
	long state;		/* GET_SCHEDPARAM: RR, its priority, quantum */
};

/* Spin from @start to @end; a gap in the clock is the other's turn. */
static void *rr_spin(void *arg)
{
	struct rr_spinner *s = arg;
	struct evl_sched_attrs attrs = {
		.sched_policy = SCHED_RR,
		.sched_priority = 10,
		.sched_rr_quantum = { 0, QUANTUM_MS * NSEC_PER_MSEC },
	};
	int64_t now, last, slice_start;
	struct thread t;

	if (attach(s->name, &t) ||
	    oob_ioctl(t.efd, EVL_THRIOC_SET_SCHEDPARAM, &attrs)) {
		SET(s->ready, -1);
		return NULL;
	}
	memset(&attrs, 0, sizeof(attrs));
	s->state = oob_ioctl(t.efd, EVL_THRIOC_GET_SCHEDPARAM, &attrs) == 0 &&
		attrs.sched_policy == SCHED_RR && attrs.sched_priority == 10 &&
		attrs.sched_rr_quantum.tv_sec == 0 &&
		attrs.sched_rr_quantum.tv_nsec == QUANTUM_MS * NSEC_PER_MSEC;
	SET(s->ready, 1);
	/*
	 * Attaching takes in-band work on this CPU, which a spinner
	 * already oob would hold off: both start once both are ready.
	 */
	while (!GET(s->end))
		usleep(1000);
	oob_sleep_until(s->start);
	now = oob_now();
	slice_start = now;
	last = now;
	while (now < s->end) {
		now = oob_now();
		if (now - last > NSEC_PER_MSEC || now >= s->end) {
			s->slices++;
			s->busy += last - slice_start;
			if (last - slice_start > s->longest)
				s->longest = last - slice_start;
			slice_start = now;
		}
		last = now;
	}
	detach(&t);
	return NULL;
}

static void check_round_robin(void)
{
	struct rr_spinner s[2] = { { .name = "rr-a" }, { .name = "rr-b" } };
	struct timespec now;
	int64_t start, bound;
	pthread_t tid[2];
	int i;

	for (i = 0; i < 2; i++)
		pthread_create(&tid[i], NULL, rr_spin, &s[i]);
	while (!GET(s[0].ready) || !GET(s[1].ready))
		usleep(1000);
	/* Not attached, this thread reads the same clock in-band. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	start = now.tv_sec * NSEC_PER_SEC + now.tv_nsec + 100 * NSEC_PER_MSEC + wait_ns;
	for (i = 0; i < 2; i++) {
		s[i].start = start;
		SET(s[i].end, start + SPIN_MS * NSEC_PER_MSEC);
	}
	for (i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);

	bound = 3 * QUANTUM_MS * NSEC_PER_MSEC + wait_ns;
	for (i = 0; i < 2; i++) {
		printf("%s: %d turns, %lld ms busy, longest %lld ms\n", s[i].name,
		       s[i].slices, (long long)(s[i].busy / NSEC_PER_MSEC),
		       (long long)(s[i].longest / NSEC_PER_MSEC));
		check("RR 10, 20 ms quantum: set and read back", s[i].ready == 1 && s[i].state);
	}
	check("both took turns (4 at least each)", s[0].slices >= 4 && s[1].slices >= 4);
	check("no turn much longer than the quantum",
	      s[0].longest <= bound && s[1].longest <= bound);
	/* Of the time they ran: the host may hold the whole guest back. */
	check("each had a quarter of their time at least",
	      s[0].busy * 4 >= s[0].busy + s[1].busy &&
	      s[1].busy * 4 >= s[0].busy + s[1].busy);
}

/*
 * FPU: the sum must stay exact whoever runs in between; volatile keeps
 * the compiler from folding the arithmetic away from the registers.
 */
static volatile double step = 0.25;
static int64_t fp_high_period;
static int fp_high_ready, fp_high_runs, fp_high_bad, fp_low_bad, fp_done;

static int fp_sum_wrong(double unit, double expect)
{
	double acc = 0;
	int i;

	for (i = 1; i <= 1000; i++)
		acc += i * unit;
	return acc != expect;
}

static void scribble_fpu(void)
{
	static const double junk = 1234.5678;

	__asm__ volatile("movsd %0, %%xmm0\n\tmovsd %0, %%xmm1\n\t"
			 "movsd %0, %%xmm2\n\tmovsd %0, %%xmm3\n\t"
			 "movsd %0, %%xmm4\n\tmovsd %0, %%xmm5\n\t"
			 "movsd %0, %%xmm6\n\tmovsd %0, %%xmm7\n\t"
			 "movsd %0, %%xmm8\n\tmovsd %0, %%xmm9\n\t"
			 "movsd %0, %%xmm10\n\tmovsd %0, %%xmm11\n\t"
			 "movsd %0, %%xmm12\n\tmovsd %0, %%xmm13\n\t"
			 "movsd %0, %%xmm14\n\tmovsd %0, %%xmm15\n\t"
			 "fldl %0\n\tfstp %%st(0)"
			 : : "m"(junk)
			 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
			   "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
			   "xmm13", "xmm14", "xmm15");
}

static void *fp_high(void *arg)
{
	struct thread t;
	int64_t date;

	(void)arg;
	if (attach("fp-high", &t) || set_fifo(&t, 20)) {
		SET(fp_high_ready, -1);
		return NULL;
	}
	SET(fp_high_ready, 1);
	for (date = oob_now(); !GET(fp_done);) {
		date += fp_high_period;
		oob_sleep_until(date);
		scribble_fpu();
		fp_high_bad += fp_sum_wrong(0.5, 250250.0);
		fp_high_runs++;
	}
	detach(&t);
	return NULL;
}

/* The scribbling thread, waking every @period ns: ready on return. */
static pthread_t start_fp_high(int64_t period)
{
	pthread_t tid;

	SET(fp_done, 0);
	SET(fp_high_ready, 0);
	fp_high_runs = 0;
	fp_high_bad = 0;
	fp_high_period = period;
	pthread_create(&tid, NULL, fp_high, NULL);
	while (!GET(fp_high_ready))
		usleep(1000);
	return tid;
}

static void stop_fp_high(pthread_t tid)
{
	SET(fp_done, 1);
	pthread_join(tid, NULL);
}

static void check_fpu(void)
{
	struct thread t;
	int64_t end;
	pthread_t tid;
	double unit;
	int stayed;

	if (attach("fp-low", &t) || set_fifo(&t, 10)) {
		check("FIFO 10 thread", 0);
		return;
	}
	/* In-band until the other one is oob: spinning would starve it. */
	ioctl(t.efd, EVL_THRIOC_SWITCH_INBAND);
	tid = start_fp_high(2 * NSEC_PER_MSEC);
	oob_ioctl(t.efd, EVL_THRIOC_SWITCH_OOB, NULL);
	end = oob_now() + 300 * NSEC_PER_MSEC;
	while (oob_now() < end) {
		unit = step;
		fp_low_bad += fp_sum_wrong(unit, 125125.0);
	}
	stayed = is_oob(&t);
	stop_fp_high(tid);
	printf("fp-high ran %d times\n", fp_high_runs);
	check("spinning thread stayed oob", stayed);
	check("higher priority thread preempted it (50 times at least)",
	      fp_high_runs >= 50);
	check("FPU registers intact across the switches", !fp_low_bad && !fp_high_bad);
	detach(&t);
}

/*
 * In-band kernel FPU sections (the kfpu_test module, 1 ms each for
 * 300 ms on this CPU) preempted by the scribbling thread: their
 * registers must survive, and its own too.
 */
static void check_kernel_fpu(void)
{
	unsigned int sections = 0, corrupted = 0;
	pthread_t tid;
	FILE *f;
	int n = 0;

	tid = start_fp_high(2 * NSEC_PER_MSEC);
	f = fopen("/sys/kernel/debug/kfpu_test", "r");
	if (f) {
		n = fscanf(f, "sections %u corrupted %u", &sections, &corrupted);
		fclose(f);
	}
	stop_fp_high(tid);
	printf("kernel FPU: %u sections, %u corrupted; fp-high ran %d times\n",
	       sections, corrupted, fp_high_runs);
	check("in-band kernel FPU sections ran (kfpu_test)", n == 2 && sections > 0);
	check("the oob thread preempted them (50 times at least)", fp_high_runs >= 50);
	check("kernel FPU registers intact across oob switches", n == 2 && !corrupted);
	check("the oob thread's registers intact", !fp_high_bad);
}

/*
 * Signal delivery saves the FPU registers to the signal frame and
 * sigreturn loads them back, both editing live registers in-band; an
 * oob thread waking every 200 us on this CPU must not slip its own in.
 * The pattern is loaded, the signal sent by a raw syscall and the
 * registers read back in one asm block: no libc code in between.
 */
#define XMM_WORDS	32

static void on_sigusr2(int sig)
{
	(void)sig;
	scribble_fpu();
}

static int signal_keeps_xmm(const uint64_t *pattern, int pid, int tid)
{
	uint64_t seen[XMM_WORDS];
	long nr = SYS_tgkill;

	__asm__ volatile("movdqu 0(%[p]), %%xmm0\n\tmovdqu 16(%[p]), %%xmm1\n\t"
			 "movdqu 32(%[p]), %%xmm2\n\tmovdqu 48(%[p]), %%xmm3\n\t"
			 "movdqu 64(%[p]), %%xmm4\n\tmovdqu 80(%[p]), %%xmm5\n\t"
			 "movdqu 96(%[p]), %%xmm6\n\tmovdqu 112(%[p]), %%xmm7\n\t"
			 "movdqu 128(%[p]), %%xmm8\n\tmovdqu 144(%[p]), %%xmm9\n\t"
			 "movdqu 160(%[p]), %%xmm10\n\tmovdqu 176(%[p]), %%xmm11\n\t"
			 "movdqu 192(%[p]), %%xmm12\n\tmovdqu 208(%[p]), %%xmm13\n\t"
			 "movdqu 224(%[p]), %%xmm14\n\tmovdqu 240(%[p]), %%xmm15\n\t"
			 "syscall\n\t"
			 "movdqu %%xmm0, 0(%[o])\n\tmovdqu %%xmm1, 16(%[o])\n\t"
			 "movdqu %%xmm2, 32(%[o])\n\tmovdqu %%xmm3, 48(%[o])\n\t"
			 "movdqu %%xmm4, 64(%[o])\n\tmovdqu %%xmm5, 80(%[o])\n\t"
			 "movdqu %%xmm6, 96(%[o])\n\tmovdqu %%xmm7, 112(%[o])\n\t"
			 "movdqu %%xmm8, 128(%[o])\n\tmovdqu %%xmm9, 144(%[o])\n\t"
			 "movdqu %%xmm10, 160(%[o])\n\tmovdqu %%xmm11, 176(%[o])\n\t"
			 "movdqu %%xmm12, 192(%[o])\n\tmovdqu %%xmm13, 208(%[o])\n\t"
			 "movdqu %%xmm14, 224(%[o])\n\tmovdqu %%xmm15, 240(%[o])"
			 : "+a"(nr)
			 : [p] "r"(pattern), [o] "r"(seen), "D"(pid), "S"(tid),
			   "d"(SIGUSR2)
			 : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3",
			   "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
			   "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	return !nr && !memcmp(pattern, seen, sizeof(seen));
}

/* A second, longer (up to ten) where emulated vCPUs share a host thread. */
static int keep_signalling(int sent, int64_t start)
{
	int64_t elapsed = vdso_now() - start;

	return elapsed < NSEC_PER_SEC || (sent < 500 && elapsed < 10 * NSEC_PER_SEC);
}

static void check_signal_fpu(void)
{
	struct sigaction sa = { .sa_handler = on_sigusr2 };
	int pid = getpid(), tid = syscall(SYS_gettid), i, n, bad = 0;
	uint64_t pattern[XMM_WORDS];
	pthread_t tid_high;
	int64_t start;

	sigaction(SIGUSR2, &sa, NULL);
	/* Every 200 us: under emulation, oob wakeups leave little in-band. */
	tid_high = start_fp_high(200 * 1000);
	start = vdso_now();
	for (n = 0; keep_signalling(n, start); n++) {
		for (i = 0; i < XMM_WORDS; i++)
			pattern[i] = 0x7369676eULL << 32 | (uint64_t)n << 8 | i;
		bad += !signal_keeps_xmm(pattern, pid, tid);
	}
	stop_fp_high(tid_high);
	printf("signals: %d sent, %d with the registers changed; fp-high ran %d times\n",
	       n, bad, fp_high_runs);
	check("signals sent (500 at least)", n >= 500);
	check("the oob thread woke among them (500 times at least)", fp_high_runs >= 500);
	check("FPU registers intact across signal frames", !bad);
}

static int joined_done;

static void *join_me(void *arg)
{
	struct thread *t = arg;

	if (attach("join-me", t) || set_fifo(t, 30)) {
		SET(joined_done, -1);
		return NULL;
	}
	oob_sleep_until(oob_now() + 200 * NSEC_PER_MSEC);
	SET(joined_done, 1);
	/* Exits attached: the exit detaches it. */
	return NULL;
}

static void check_join(void)
{
	struct thread t = { .efd = -1 };
	pthread_t tid;
	int ret;

	pthread_create(&tid, NULL, join_me, &t);
	while (!GET(joined_done) && t.efd < 0)
		usleep(1000);
	ret = ioctl(t.efd, EVL_THRIOC_JOIN) ? -errno : 0;
	check("JOIN returned once the thread was gone",
	      ret == 0 && GET(joined_done) == 1);
	check("JOIN again: at once", ioctl(t.efd, EVL_THRIOC_JOIN) == 0);
	check("GET_STATE of the joined thread: ESTALE",
	      ioctl(t.efd, EVL_THRIOC_GET_STATE, &(struct evl_thread_state){ 0 }) &&
	      errno == ESTALE);
	pthread_join(tid, NULL);
	close(t.efd);
	if (attach("join-self", &t))
		return;
	check("JOIN of itself: EDEADLK",
	      ioctl(t.efd, EVL_THRIOC_JOIN) == -1 && errno == EDEADLK);
	detach(&t);
}

static char obs_dir[80];

/* The first line of a sysfs file of the observed thread, or "". */
static void read_attr(const char *attr, char *buf, size_t len)
{
	char path[120];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", obs_dir, attr);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

/* In-band, while the observed thread blocks in phase 1 (sleep) and 2 (read). */
static int obs_phase;
static char obs_timeout[32], obs_wchan_sleep[32], obs_wchan_read[32];

static void *observer(void *arg)
{
	(void)arg;
	while (GET(obs_phase) != 1)
		usleep(1000);
	/* In-band runs on its CPU: the observed thread blocks. */
	read_attr("timeout", obs_timeout, sizeof(obs_timeout));
	read_attr("wchan", obs_wchan_sleep, sizeof(obs_wchan_sleep));
	SET(obs_phase, 2);
	while (GET(obs_phase) != 3)
		usleep(1000);
	read_attr("wchan", obs_wchan_read, sizeof(obs_wchan_read));
	SET(obs_phase, 4);
	return NULL;
}

static void check_observables(void)
{
	struct evl_sched_attrs idle = { .sched_policy = 5 /* SCHED_IDLE */ };
	struct __evl_itimerspec its = { 0 };
	struct evl_timerfd_setreq req = { .value_ptr = (uintptr_t)&its };
	unsigned long long total_ns, share;
	int64_t start, date, spin_end, elapsed;
	struct evl_thread_state st;
	char name[32], stats[128];
	struct thread t;
	unsigned int n[4];
	pthread_t tid;
	uint64_t ticks;
	long timeout;
	int tfd;

	snprintf(name, sizeof(name), "observed-%d", getpid());
	snprintf(obs_dir, sizeof(obs_dir), "/sys/devices/virtual/thread/%s", name);
	if (attach(name, &t) || set_fifo(&t, 20) ||
	    ioctl(clockfd, EVL_CLKIOC_NEW_TIMER, &tfd)) {
		check("observed thread and its timer", 0);
		return;
	}
	start = oob_now();
	check("SCHED_IDLE is the core's own: EINVAL",
	      oob_ioctl(t.efd, EVL_THRIOC_SET_SCHEDPARAM, &idle) == -EINVAL);
	pthread_create(&tid, NULL, observer, NULL);

	/* Phase 1: a 500 ms sleep, which the observer sees going on. */
	SET(obs_phase, 1);
	oob_sleep_until(oob_now() + 500 * NSEC_PER_MSEC);
	while (GET(obs_phase) != 2)
		oob_sleep_until(oob_now() + 10 * NSEC_PER_MSEC);
	timeout = atol(obs_timeout);
	check("timeout: what is left of a 500 ms sleep",
	      timeout > 0 && timeout <= 500 * NSEC_PER_MSEC);
	check("wchan: '-' while sleeping", !strcmp(obs_wchan_sleep, "-"));

	/* Phase 2: a blocked timer read, 300 ms ahead. */
	date = oob_now() + 300 * NSEC_PER_MSEC;
	its.it_value.tv_sec = date / NSEC_PER_SEC;
	its.it_value.tv_nsec = date % NSEC_PER_SEC;
	SET(obs_phase, 3);
	if (oob_ioctl(tfd, EVL_TFDIOC_SET, &req) ||
	    prctl(PR_OOB_SYSCALL, sys_evl_read, tfd, (unsigned long)&ticks, sizeof(ticks)) !=
	    sizeof(ticks))
		check("timer read", 0);
	while (GET(obs_phase) != 4)
		oob_sleep_until(oob_now() + 10 * NSEC_PER_MSEC);
	check("wchan: 'timer' while reading a timer", !strcmp(obs_wchan_read, "timer"));
	pthread_join(tid, NULL);

	/* CPU time: 200 ms spinning oob count, the sleeps do not. */
	spin_end = oob_now() + 200 * NSEC_PER_MSEC;
	while (oob_now() < spin_end)
		;
	elapsed = oob_now() - start;
	check("GET_STATE", oob_ioctl(t.efd, EVL_THRIOC_GET_STATE, &st) == 0);
	printf("CPU time %.1f ms of %.1f ms attached\n", st.xtime / 1e6, elapsed / 1e6);
	check("CPU time: the 200 ms spin, not the 800 ms asleep",
	      st.xtime >= 200 * NSEC_PER_MSEC &&
	      st.xtime < 200 * NSEC_PER_MSEC + 500 * NSEC_PER_MSEC &&
	      (int64_t)st.xtime <= elapsed);
	read_attr("stats", stats, sizeof(stats));
	check("stats: 6 fields, CPU time and share",
	      sscanf(stats, "%u %u %u %u %llu %llu", &n[0], &n[1], &n[2], &n[3],
		     &total_ns, &share) == 6 &&
	      total_ns >= st.xtime && share > 0 && share <= 1000);
	close(tfd);
	detach(&t);
}

int main(int argc, char *argv[])
{
	if (evl_test_init())
		return 1;
	wait_ns = (argc > 1 ? atoll(argv[1]) : 0) * NSEC_PER_MSEC;
	pin_cpu0();
	check_round_robin();
	check_fpu();
	check_kernel_fpu();
	check_signal_fpu();
	check_join();
	check_observables();
	return failed;
}

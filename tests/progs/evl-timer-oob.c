// SPDX-License-Identifier: GPL-2.0
/*
 * evl-timer-oob: timer files read by EVL threads on the out-of-band
 * stage. A FIFO thread reads a 10 ms periodic timer oob: each read gets
 * the ticks of the periods elapsed since the previous one (one, unless
 * it came a period late), none before its date, none missing, never
 * leaving the oob stage; SET and GET oob; bad sizes and non-blocking
 * reads; a signal breaks a blocked read, and so does a close() of the
 * timer from another thread (EBADF); with 2 CPUs, a reader on CPU 1 of
 * a timer firing on CPU 0 is woken through the reschedule IPI (counted
 * as remote wakeups). One line per check.
 * usage: evl-timer-oob [PERIODS [WAIT_MS]]  (200 periods of 10 ms; reads
 *        more than 5 ms + WAIT_MS late are counted, not failed)
 */
#include "evl-test.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define PERIOD_NS	(10 * NSEC_PER_MSEC)

static int64_t late_ns = 5 * NSEC_PER_MSEC;

static int new_timer(void)
{
	int tfd;

	return ioctl(clockfd, EVL_CLKIOC_NEW_TIMER, &tfd) ? -1 : tfd;
}

/* Through the oob call when @oob, else in-band: 0 or -errno. */
static long arm(int tfd, int64_t date, int64_t interval, int oob)
{
	struct __evl_itimerspec its = {
		.it_value = { date / NSEC_PER_SEC, date % NSEC_PER_SEC },
		.it_interval = { interval / NSEC_PER_SEC, interval % NSEC_PER_SEC },
	};
	struct evl_timerfd_setreq req = { .value_ptr = (uintptr_t)&its };

	if (oob)
		return oob_ioctl(tfd, EVL_TFDIOC_SET, &req);
	return ioctl(tfd, EVL_TFDIOC_SET, &req) ? -errno : 0;
}

struct reading {
	int periods, cpu;
	int reads, multi, wrong_ticks, early, late, demoted;
	uint32_t rwa;
	long error;
};

/* Read @r->periods ticks of a timer armed in-band elsewhere. */
static void read_periods(struct thread *t, int tfd, int64_t first, struct reading *r)
{
	struct evl_thread_state st;
	int64_t last, now;
	uint64_t ticks, expiries = 0;
	long ret;
	int n;

	for (n = 0; n < r->periods; n++) {
		ret = oob_read(tfd, &ticks, sizeof(ticks));
		now = oob_now();
		if (ret != sizeof(ticks)) {
			r->error = ret;
			break;
		}
		r->reads++;
		/* A blocking read gets one tick at least. */
		r->wrong_ticks += !ticks;
		r->multi += ticks > 1;
		expiries += ticks;
		/* The date of the latest expiry it got, and of the next one. */
		last = first + (int64_t)(expiries - 1) * PERIOD_NS;
		r->early += now < last;
		r->late += now > last + late_ns;
		/* Later ones long due but not counted: ticks went missing. */
		r->wrong_ticks += now > last + 2 * PERIOD_NS + late_ns;
		r->demoted += !is_oob(t);
	}
	if (!oob_ioctl(t->efd, EVL_THRIOC_GET_STATE, &st))
		r->rwa = st.rwa;
}

static void report(const char *what, struct reading *r)
{
	char line[200];

	printf("%s: %d reads, %d with more than one tick, %d wrong tick counts, ",
	       what, r->reads, r->multi, r->wrong_ticks);
	printf("%d early, %d late, %d demoted, %u remote wakeups\n",
	       r->early, r->late, r->demoted, r->rwa);
	snprintf(line, sizeof(line),
		 "%s: %d periods read oob, the ticks elapsed each time, none early",
		 what, r->periods);
	/*
	 * Late reads are only reported: under emulation the host decides
	 * when the vCPU runs, and a read a period late gets two ticks.
	 */
	check(line, r->reads == r->periods && !r->wrong_ticks && !r->early &&
	      !r->demoted && !r->error);
}

static void check_local(int periods)
{
	struct reading r = { .periods = periods };
	struct __evl_itimerspec its;
	struct thread t;
	uint64_t ticks;
	int64_t first;
	int tfd = new_timer(), ok;

	if (tfd < 0 || attach("timer-reader", &t) || set_fifo(&t, 50)) {
		check("timer file and FIFO thread", 0);
		return;
	}
	/* Armed oob, read oob: nothing in between leaves the oob stage. */
	first = oob_now() + PERIOD_NS;
	ok = arm(tfd, first, PERIOD_NS, 1) == 0 &&
		oob_ioctl(tfd, EVL_TFDIOC_GET, &its) == 0 &&
		its.it_interval.tv_nsec == PERIOD_NS && is_oob(&t);
	read_periods(&t, tfd, first, &r);
	check("SET and GET oob", ok);
	report("same CPU", &r);

	check("read of 4 bytes: EINVAL", oob_read(tfd, &ticks, 4) == -EINVAL);
	check("read to a bad pointer: EFAULT", oob_read(tfd, (void *)8, 8) == -EFAULT);
	check("disarmed", arm(tfd, 0, 0, 0) == 0);
	fcntl(tfd, F_SETFL, O_NONBLOCK);
	check("non-blocking read, no tick: EAGAIN",
	      oob_read(tfd, &ticks, sizeof(ticks)) == -EAGAIN);
	detach(&t);
	close(tfd);
}

static void on_signal(int sig)
{
	(void)sig;
}

static int reader_ready;

static void *blocked_reader(void *arg)
{
	long *ret = arg;
	struct thread t;
	uint64_t ticks;
	int tfd = new_timer();

	if (tfd < 0 || attach("timer-blocked", &t) || set_fifo(&t, 50)) {
		SET(reader_ready, -1);
		return NULL;
	}
	SET(reader_ready, 1);
	*ret = oob_read(tfd, &ticks, sizeof(ticks));	/* never armed */
	detach(&t);
	close(tfd);
	return NULL;
}

static void check_signal(void)
{
	long ret = 1;
	pthread_t tid;

	signal(SIGUSR1, on_signal);
	pthread_create(&tid, NULL, blocked_reader, &ret);
	while (!GET(reader_ready))
		usleep(1000);
	usleep(50000);
	pthread_kill(tid, SIGUSR1);
	pthread_join(tid, NULL);
	check("signal: blocked oob read broken with EINTR", ret == -EINTR);
}

static int closed_tfd;
static struct thread closed_reader;

/* Blocks reading a timer never armed, until another thread closes it. */
static void *reader_of_closed(void *arg)
{
	long *ret = arg;
	uint64_t ticks;

	if (attach("timer-closed", &closed_reader) || set_fifo(&closed_reader, 50)) {
		SET(reader_ready, -1);
		return NULL;
	}
	SET(reader_ready, 1);
	*ret = oob_read(closed_tfd, &ticks, sizeof(ticks));
	detach(&closed_reader);
	return NULL;
}

static void check_close(void)
{
	long ret = 1;
	pthread_t tid;
	int n = 0;

	SET(reader_ready, 0);
	closed_tfd = new_timer();
	pthread_create(&tid, NULL, reader_of_closed, &ret);
	while (!GET(reader_ready))
		usleep(1000);
	/* Closed once the reader waits (its state in the shared heap). */
	while (GET(reader_ready) > 0 &&
	       !(GET(closed_reader.win->state) & EVL_T_PEND) && n++ < 5000)
		usleep(1000);
	check("reader blocked on the timer", GET(closed_reader.win->state) & EVL_T_PEND);
	close(closed_tfd);
	pthread_join(tid, NULL);
	check("close from another thread: the blocked oob read ends with EBADF",
	      ret == -EBADF);
}

static int remote_tfd;
static int64_t remote_first;

static void *remote_reader(void *arg)
{
	struct reading *r = arg;
	struct thread t;
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(1, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (attach("timer-remote", &t) || set_fifo(&t, 50)) {
		r->error = -1;
		return NULL;
	}
	read_periods(&t, remote_tfd, remote_first, r);
	detach(&t);
	return NULL;
}

static void check_remote(int periods)
{
	struct reading r = { .periods = periods };
	struct timespec now;
	pthread_t tid;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("SKIPPED: remote wakeups (one CPU)\n");
		return;
	}
	/* Armed from CPU 0, so it fires there. */
	pin_cpu0();
	remote_tfd = new_timer();
	clock_gettime(CLOCK_MONOTONIC, &now);
	remote_first = now.tv_sec * NSEC_PER_SEC + now.tv_nsec + 500 * NSEC_PER_MSEC;
	if (remote_tfd < 0 || arm(remote_tfd, remote_first, PERIOD_NS, 0)) {
		check("timer armed on CPU 0", 0);
		return;
	}
	pthread_create(&tid, NULL, remote_reader, &r);
	pthread_join(tid, NULL);
	report("timer on CPU 0, reader on CPU 1", &r);
	check("... woken from the other CPU", r.rwa >= (uint32_t)r.reads && r.reads > 0);
	close(remote_tfd);
}

int main(int argc, char *argv[])
{
	int periods = argc > 1 ? atoi(argv[1]) : 200;

	if (argc > 2)
		late_ns += atoll(argv[2]) * NSEC_PER_MSEC;
	if (evl_test_init())
		return 1;
	check_local(periods);
	check_signal();
	check_close();
	check_remote(periods / 4);
	return failed;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * evl-timer: the core's clocks and timer files through the UAPI
 * headers, read in-band: clock reads against Linux's clocks, bad
 * requests, a periodic timer whose tick count must match the periods
 * elapsed exactly and never come early, one-shot timers on both clocks,
 * GET, poll, non-blocking reads and the gravity attribute. Prints one
 * line per check and exits non-zero if any was wrong.
 * usage: evl-timer [PERIODS [WAIT_MS]]  (periodic timer periods of 10 ms,
 *        200; WAIT_MS: how long the emulator may leave a vCPU waiting for
 *        its turn, allowed on top of 5 ms for a tick to come late)
 *        evl-timer hold SECONDS (keep a 1 ms periodic timer that long)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <evl/clock-abi.h>

#define PERIOD_NS	10000000LL
#define MONO_DEV	"/dev/evl/" EVL_CLOCK_DEV "/" EVL_CLOCK_MONOTONIC_DEV
#define REAL_DEV	"/dev/evl/" EVL_CLOCK_DEV "/" EVL_CLOCK_REALTIME_DEV
#define GRAVITY		"/sys/devices/virtual/clock/monotonic/gravity"

static int failed;
static int64_t late_ns = 5000000;	/* a tick may come that late */

static void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failed = 1;
}

static int64_t now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct __evl_timespec to_ts(int64_t ns)
{
	return (struct __evl_timespec){ ns / 1000000000LL, ns % 1000000000LL };
}

static int64_t from_ts(struct __evl_timespec ts)
{
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int arm(int tfd, int64_t date, int64_t interval,
	       struct __evl_itimerspec *old)
{
	struct __evl_itimerspec its = { to_ts(interval), to_ts(date) };
	struct evl_timerfd_setreq req = {
		.value_ptr = (uintptr_t)&its,
		.ovalue_ptr = (uintptr_t)old,
	};

	return ioctl(tfd, EVL_TFDIOC_SET, &req);
}

static int new_timer(int clockfd)
{
	int tfd = -1;

	if (ioctl(clockfd, EVL_CLKIOC_NEW_TIMER, &tfd))
		return -1;
	return tfd;
}

static int open_fds(void)
{
	int fd = dup(0), n = fd;

	close(fd);
	return n;
}

static void check_clock(int fd, clockid_t id, const char *name)
{
	struct __evl_timespec ts = { -1, -1 };
	int64_t before, after, t;
	char what[80];

	before = now_ns(id);
	snprintf(what, sizeof(what), "%s: GET_TIME", name);
	check(what, ioctl(fd, EVL_CLKIOC_GET_TIME, &ts) == 0);
	after = now_ns(id);
	t = from_ts(ts);
	/* The fast readers may lag the timekeeper by a tick at most. */
	snprintf(what, sizeof(what), "%s: reads Linux's clock (off by %lld ns)",
		 name, (long long)(t < before ? t - before : t > after ? t - after : 0));
	check(what, t >= before - 5000000 && t <= after + 5000000);
	snprintf(what, sizeof(what), "%s: resolution 1 ns", name);
	check(what, ioctl(fd, EVL_CLKIOC_GET_RES, &ts) == 0 &&
	      ts.tv_sec == 0 && ts.tv_nsec == 1);
	snprintf(what, sizeof(what), "%s: GET_TIME to a bad pointer: EFAULT", name);
	check(what, ioctl(fd, EVL_CLKIOC_GET_TIME, (void *)8) == -1 && errno == EFAULT);
	ts = to_ts(0);
	ts.tv_nsec = 1000000000;
	snprintf(what, sizeof(what), "%s: SET_TIME, tv_nsec 1e9: EINVAL", name);
	check(what, ioctl(fd, EVL_CLKIOC_SET_TIME, &ts) == -1 && errno == EINVAL);
	snprintf(what, sizeof(what), "%s: unknown request: ENOTTY", name);
	check(what, ioctl(fd, _IO(EVL_CLOCK_IOCBASE, 99), 0) == -1 && errno == ENOTTY);
}

/* Periods of a timer started at @first elapsed by @t. */
static int64_t periods_by(int64_t first, int64_t t)
{
	return t < first ? 0 : (t - first) / PERIOD_NS + 1;
}

/*
 * Periodic, 10 ms: no read returns before the last period it counts,
 * and all ticks counted, those read and those left, are the periods
 * elapsed: none extra, none lost (allowing late_ns of lateness).
 */
static void check_periodic(int monofd, int periods)
{
	int64_t first, t, before, after, total = 0;
	int reads = 0, single = 0, early = 0, tfd;
	struct __evl_itimerspec old;
	uint64_t ticks, left = 0;
	char what[160];

	tfd = new_timer(monofd);
	check("NEW_TIMER on monotonic", tfd >= 0);
	if (tfd < 0)
		return;

	first = now_ns(CLOCK_MONOTONIC) + PERIOD_NS;
	check("arm periodic 10 ms", arm(tfd, first, PERIOD_NS, NULL) == 0);
	while (total < periods) {
		if (read(tfd, &ticks, sizeof(ticks)) != sizeof(ticks)) {
			check("read ticks", 0);
			break;
		}
		t = now_ns(CLOCK_MONOTONIC);
		reads++;
		single += ticks == 1;
		total += ticks;
		if (t < first + (total - 1) * PERIOD_NS)
			early++;
	}
	usleep(25000);
	fcntl(tfd, F_SETFL, O_NONBLOCK);
	before = now_ns(CLOCK_MONOTONIC);
	if (read(tfd, &left, sizeof(left)) != sizeof(left))
		left = 0;
	after = now_ns(CLOCK_MONOTONIC);
	total += left;
	snprintf(what, sizeof(what),
		 "periodic: %lld ticks (%d reads, %d of exactly 1 tick), %lld..%lld periods elapsed",
		 (long long)total, reads, single,
		 (long long)periods_by(first, before - late_ns), (long long)periods_by(first, after));
	check(what, total >= periods_by(first, before - late_ns) &&
	      total <= periods_by(first, after));
	check("periodic: no read before its period", early == 0);
	check("disarm, previous setting returned", arm(tfd, 0, 0, &old) == 0 &&
	      from_ts(old.it_interval) == PERIOD_NS &&
	      from_ts(old.it_value) > 0 && from_ts(old.it_value) <= PERIOD_NS);
	usleep(25000);
	check("disarmed: non-blocking read gives EAGAIN",
	      read(tfd, &ticks, sizeof(ticks)) == -1 && errno == EAGAIN);
	close(tfd);
}

static void check_oneshot(int clockfd, clockid_t id, const char *name)
{
	struct __evl_itimerspec its;
	struct pollfd pfd;
	uint64_t ticks = 0;
	int64_t date, t;
	char what[80];
	int tfd;

	tfd = new_timer(clockfd);
	snprintf(what, sizeof(what), "%s: NEW_TIMER", name);
	check(what, tfd >= 0);
	if (tfd < 0)
		return;

	date = now_ns(id) + 1000000000LL;
	check("arm one-shot in 1 s", arm(tfd, date, 0, NULL) == 0);
	check("GET: no interval, at most 1 s left",
	      ioctl(tfd, EVL_TFDIOC_GET, &its) == 0 && from_ts(its.it_interval) == 0 &&
	      from_ts(its.it_value) > 0 && from_ts(its.it_value) <= 1000000000LL);
	check("GET to a bad pointer: EFAULT",
	      ioctl(tfd, EVL_TFDIOC_GET, (void *)8) == -1 && errno == EFAULT);
	check("read of 4 bytes: EINVAL", read(tfd, &ticks, 4) == -1 && errno == EINVAL);

	date = now_ns(id) + 50000000LL;
	check("re-arm one-shot in 50 ms", arm(tfd, date, 0, NULL) == 0);
	pfd = (struct pollfd){ .fd = tfd, .events = POLLIN };
	check("poll: not ready before the date", poll(&pfd, 1, 0) == 0);
	check("poll: ready after the date", poll(&pfd, 1, 2000) == 1 && (pfd.revents & POLLIN));
	t = now_ns(id);
	snprintf(what, sizeof(what), "%s: expired at the date, not before", name);
	check(what, t >= date);
	check("read: one tick", read(tfd, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks == 1);
	check("GET once expired: disarmed",
	      ioctl(tfd, EVL_TFDIOC_GET, &its) == 0 && from_ts(its.it_value) == 0);
	close(tfd);
}

static void check_bad_requests(int monofd)
{
	struct __evl_itimerspec its = { to_ts(0), to_ts(0) };
	struct evl_timerfd_setreq req = { .value_ptr = (uintptr_t)&its };
	int fds, tfd;

	fds = open_fds();
	check("NEW_TIMER to a bad pointer: EFAULT",
	      ioctl(monofd, EVL_CLKIOC_NEW_TIMER, (void *)8) == -1 && errno == EFAULT);
	check("... and no fd left behind", open_fds() == fds);

	tfd = new_timer(monofd);
	if (tfd < 0)
		return;
	its.it_value.tv_nsec = -1;
	check("SET, negative tv_nsec: EINVAL",
	      ioctl(tfd, EVL_TFDIOC_SET, &req) == -1 && errno == EINVAL);
	its.it_value = to_ts(1);
	its.it_interval.tv_sec = -1;
	check("SET, negative interval: EINVAL",
	      ioctl(tfd, EVL_TFDIOC_SET, &req) == -1 && errno == EINVAL);
	req.value_ptr = 8;
	check("SET, bad value pointer: EFAULT",
	      ioctl(tfd, EVL_TFDIOC_SET, &req) == -1 && errno == EFAULT);
	check("SET, bad request pointer: EFAULT",
	      ioctl(tfd, EVL_TFDIOC_SET, (void *)8) == -1 && errno == EFAULT);
	check("timer file, unknown request: ENOTTY",
	      ioctl(tfd, _IO(EVL_TIMERFD_IOCBASE, 99), 0) == -1 && errno == ENOTTY);
	/* Closed while armed and firing every millisecond. */
	check("arm periodic 1 ms, then close", arm(tfd, now_ns(CLOCK_MONOTONIC), 1000000, NULL) == 0);
	usleep(20000);
	close(tfd);
}

static int write_gravity(const char *value)
{
	int fd = open(GRAVITY, O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, value, strlen(value)) == (ssize_t)strlen(value) ? 0 : -errno;
	close(fd);
	return ret;
}

static int gravity_is(const char *want)
{
	char buf[64] = "";
	FILE *f = fopen(GRAVITY, "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return !strcmp(buf, want);
}

static void check_gravity(void)
{
	check("gravity: 0i 0k 0u at load", gravity_is("0i 0k 0u\n"));
	check("gravity: written", write_gravity("1000i 2000k 3000u") == 0 &&
	      gravity_is("1000i 2000k 3000u\n"));
	check("gravity: garbage refused, EINVAL", write_gravity("12x") == -EINVAL &&
	      gravity_is("1000i 2000k 3000u\n"));
	check("gravity: restored", write_gravity("0i 0k 0u") == 0);
}

/* A live timer file, for the unload refusal. */
static int hold_timer(int monofd, int seconds)
{
	int tfd = new_timer(monofd);

	if (tfd < 0 || arm(tfd, now_ns(CLOCK_MONOTONIC), 1000000, NULL))
		return 1;
	sleep(seconds);
	return 0;
}

int main(int argc, char *argv[])
{
	int periods = argc > 1 ? atoi(argv[1]) : 200;
	int monofd, realfd;

	if (argc > 2 && strcmp(argv[1], "hold"))
		late_ns += atoi(argv[2]) * 1000000LL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	monofd = open(MONO_DEV, O_RDWR);
	realfd = open(REAL_DEV, O_RDWR);
	check("open the clocks", monofd >= 0 && realfd >= 0);
	if (monofd < 0 || realfd < 0)
		return 1;
	if (argc > 2 && !strcmp(argv[1], "hold"))
		return hold_timer(monofd, atoi(argv[2]));

	check_clock(monofd, CLOCK_MONOTONIC, "monotonic");
	check_clock(realfd, CLOCK_REALTIME, "realtime");
	check("monotonic cannot be set: EINVAL",
	      ioctl(monofd, EVL_CLKIOC_SET_TIME, &(struct __evl_timespec){ 1, 0 }) == -1 &&
	      errno == EINVAL);
	check_bad_requests(monofd);
	check_oneshot(monofd, CLOCK_MONOTONIC, "monotonic");
	check_oneshot(realfd, CLOCK_REALTIME, "realtime");
	check_periodic(monofd, periods);
	check_gravity();

	close(monofd);
	close(realfd);
	return failed;
}

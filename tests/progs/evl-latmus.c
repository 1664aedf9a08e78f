// SPDX-License-Identifier: GPL-2.0
/*
 * evl-latmus: latency measured by the core's /dev/latmus, through the
 * UAPI. A measurement (default) prints the driver's summary of every
 * second (min/avg/max in us, samples, overruns) and an overall line,
 * and may write the histogram (1 us cells, "<us> <count>" lines); in
 * user context, a FIFO thread answers the driver's pulses, in kernel
 * context (-k) the driver's own oob kernel thread does; -s measures
 * the in-band handling of a synthetic interrupt. Tuning sets
 * the gravity of a context and prints it. The checks mode tries the
 * driver's bad requests. Exits non-zero on anything inconsistent.
 * usage: evl-latmus [-i|-k|-u|-s] [-p PERIOD_US] [-T SECONDS] [-c CPU] [-P PRIO]
 *                   [-H CELLS] [-g HISTFILE] [-q]
 *        evl-latmus -t [-i|-k|-u] [-p PERIOD_US]  tune
 *        evl-latmus -x                            bad requests
 */
#include "evl-test.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <evl/devices/latmus.h>
#include <evl/xbuf-abi.h>

static int latfd, type = EVL_LAT_USER, period_us = 1000, seconds = 5;
static int cpu, prio = 98, cells = 200, quiet;

static const char *context_name(void)
{
	return type == EVL_LAT_IRQ ? "irq" : type == EVL_LAT_SIRQ ? "sirq" :
		type == EVL_LAT_KERN ? "kernel" : "user";
}

static int new_xbuf(unsigned int size)
{
	struct evl_xbuf_attrs attrs = { .i_bufsz = size };
	struct evl_clone_req req = { .attrs_ptr = (uintptr_t)&attrs };
	int fd = open("/dev/evl/xbuf/clone", O_RDWR), ret;

	if (fd < 0)
		return -1;
	ret = ioctl(fd, EVL_IOC_CLONE, &req) ? -1 : (int)req.efd;
	close(fd);
	return ret;
}

static void on_signal(int sig)
{
	(void)sig;
}

/* Answers each pulse, with the date it woke up from the previous one. */
static int responder_stop, responder_done;
static pthread_t responder_tid;

static void *responder(void *arg)
{
	int64_t (*now)(void);
	uint64_t woke = 0;
	struct thread t;

	(void)arg;
	if (attach("lat-responder", &t) || set_fifo(&t, prio)) {
		SET(responder_done, 1);
		return NULL;
	}
	now = pick_clock(&t);
	while (!GET(responder_stop)) {
		if (oob_ioctl(latfd, EVL_LATIOC_PULSE, &woke))
			woke = 0;	/* no run, or a new one: nothing to tell */
		else
			woke = now();
	}
	detach(&t);
	SET(responder_done, 1);
	return NULL;
}

static void start_responder(void)
{
	if (type == EVL_LAT_USER)
		pthread_create(&responder_tid, NULL, responder, NULL);
}

/* With no run, a pulse waits for the next one: a signal breaks it. */
static void stop_responder(void)
{
	if (type != EVL_LAT_USER)
		return;
	SET(responder_stop, 1);
	while (!GET(responder_done)) {
		pthread_kill(responder_tid, SIGUSR1);
		usleep(10000);
	}
	pthread_join(responder_tid, NULL);
}

static struct latmus_measurement last;
static int32_t *histogram;
static long run_ret = 1;

/* Runs the measurement until main's signal, then takes the results. */
static void *sitter(void *arg)
{
	struct latmus_measurement_result mr = {
		.last_ptr = (uintptr_t)&last,
		.histogram_ptr = (uintptr_t)histogram,
		.len = cells * sizeof(int32_t),
	};
	struct latmus_result res = { .data_ptr = (uintptr_t)&mr, .len = sizeof(mr) };
	struct thread t;

	(void)arg;
	if (attach("lat-sitter", &t))
		return NULL;
	run_ret = oob_ioctl(latfd, EVL_LATIOC_RUN, &res);
	detach(&t);
	return NULL;
}

struct totals {
	int64_t sum, samples;
	int32_t min, max;
	uint32_t overruns;
};

static void add_up(struct totals *tot, const struct latmus_measurement *m)
{
	if (!m->samples)
		return;
	tot->min = m->min_lat < tot->min ? m->min_lat : tot->min;
	tot->max = m->max_lat > tot->max ? m->max_lat : tot->max;
	tot->sum += m->sum_lat;
	tot->samples += m->samples;
	tot->overruns += m->overruns;
}

static int consistent(const struct latmus_measurement *m)
{
	return !m->samples || (m->min_lat <= m->max_lat &&
			       m->min_lat <= m->sum_lat / (int64_t)m->samples &&
			       m->sum_lat / (int64_t)m->samples <= m->max_lat);
}

static int measure(const char *histfile)
{
	struct totals tot = { .min = INT32_MAX, .max = INT32_MIN };
	struct latmus_setup setup = {
		.type = type, .period = period_us * 1000ULL, .priority = prio, .cpu = cpu,
	};
	struct latmus_measurement m;
	int xfd, n, records = 0, bad = 0;
	pthread_t stid;
	int64_t in_hist = 0;
	FILE *f;

	histogram = calloc(cells, sizeof(*histogram));
	xfd = new_xbuf(1024);
	if (xfd < 0 || !histogram)
		return 1;
	setup.u.measure.xfd = xfd;
	setup.u.measure.hcells = cells;
	if (ioctl(latfd, EVL_LATIOC_MEASURE, &setup)) {
		perror("EVL_LATIOC_MEASURE");
		return 1;
	}
	start_responder();
	pthread_create(&stid, NULL, sitter, NULL);

	for (n = 0; n < seconds; n++) {
		if (read(xfd, &m, sizeof(m)) != sizeof(m)) {
			perror("read");
			bad = 1;
			break;
		}
		records++;
		bad |= !consistent(&m);
		add_up(&tot, &m);
		if (!quiet)
			printf("%3d s: min %8.3f avg %8.3f max %8.3f us, %u samples, %u overruns\n",
			       n + 1, m.min_lat / 1e3,
			       m.samples ? (double)m.sum_lat / m.samples / 1e3 : 0,
			       m.max_lat / 1e3, m.samples, m.overruns);
	}
	pthread_kill(stid, SIGUSR1);
	pthread_join(stid, NULL);
	stop_responder();
	if (run_ret) {
		printf("RUN: %s\n", strerror(-run_ret));
		return 1;
	}
	bad |= !consistent(&last);
	add_up(&tot, &last);
	for (n = 0; n < cells; n++)
		in_hist += histogram[n];
	printf("%s, %d us period, CPU%d: min %.3f avg %.3f max %.3f us, %lld samples, %u overruns\n",
	       context_name(), period_us, cpu, tot.min / 1e3,
	       tot.samples ? (double)tot.sum / tot.samples / 1e3 : 0, tot.max / 1e3,
	       (long long)tot.samples, tot.overruns);
	if (in_hist != tot.samples) {
		printf("histogram has %lld samples, the summaries %lld\n",
		       (long long)in_hist, (long long)tot.samples);
		bad = 1;
	}
	if (histfile) {
		f = fopen(histfile, "w");
		if (!f)
			return 1;
		for (n = 0; n < cells; n++)
			fprintf(f, "%d %d\n", n, histogram[n]);
		fclose(f);
	}
	close(xfd);
	return bad || !tot.samples || records < seconds;
}

static int tune(void)
{
	struct latmus_setup setup = {
		.type = type, .period = period_us * 1000ULL, .priority = prio, .cpu = cpu,
		.u.tune.verbosity = 1,
	};
	int32_t gravity = -1;
	struct latmus_result res = { .data_ptr = (uintptr_t)&gravity, .len = sizeof(gravity) };
	struct thread t;
	long ret;

	if (ioctl(latfd, EVL_LATIOC_TUNE, &setup)) {
		perror("EVL_LATIOC_TUNE");
		return 1;
	}
	start_responder();
	if (attach("lat-tuner", &t))
		return 1;
	ret = oob_ioctl(latfd, EVL_LATIOC_RUN, &res);
	detach(&t);
	stop_responder();
	printf("%s gravity: %d ns\n", context_name(), gravity);
	return ret || gravity < 0 || gravity > period_us * 500;
}

static int bad_requests(void)
{
	struct latmus_setup setup = { .type = EVL_LAT_IRQ, .period = 1000000 };
	struct latmus_result res = { 0 };
	uint64_t date = 0;
	struct thread t;
	int xfd = new_xbuf(256), kfd;

	setup.u.measure.xfd = xfd;
	check("in-band RUN: ENOTTY", ioctl(latfd, EVL_LATIOC_RUN, &res) == -1 && errno == ENOTTY);
	setup.type = EVL_LAT_LAST + 1;
	check("unknown context: EINVAL",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EINVAL);
	setup.type = EVL_LAT_KERN;
	check("kernel context, priority 0: EINVAL",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EINVAL);
	/* A file of its own: this one must stay without a setup. */
	kfd = open("/dev/latmus", O_RDWR);
	setup.priority = 90;
	check("kernel context: its thread started",
	      ioctl(kfd, EVL_LATIOC_MEASURE, &setup) == 0);
	check("a new setup replaces the kernel thread",
	      ioctl(kfd, EVL_LATIOC_MEASURE, &setup) == 0);
	close(kfd);	/* and the last goes with the file */
	setup.priority = 0;
	setup.type = EVL_LAT_SIRQ;
	check("tuning in-band synthetic interrupts: EINVAL",
	      ioctl(latfd, EVL_LATIOC_TUNE, &setup) == -1 && errno == EINVAL);
	setup.type = EVL_LAT_IRQ;
	setup.period = 0;
	check("period 0: EINVAL",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EINVAL);
	setup.period = 1000000;
	setup.cpu = 4096;
	check("CPU 4096: EINVAL",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EINVAL);
	setup.cpu = 0;
	setup.u.measure.hcells = 100000;
	check("100000 cells: EINVAL",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EINVAL);
	setup.u.measure.hcells = 10;
	setup.u.measure.xfd = 0;
	check("stdin for an xbuf: EINVAL",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EINVAL);
	setup.u.measure.xfd = 999;
	check("closed fd for an xbuf: EBADF",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EBADF);
	setup.type = EVL_LAT_USER;
	setup.priority = 0;
	setup.u.measure.xfd = xfd;
	check("user context, priority 0: EINVAL",
	      ioctl(latfd, EVL_LATIOC_MEASURE, &setup) == -1 && errno == EINVAL);
	check("setup at a bad pointer: EFAULT",
	      ioctl(latfd, EVL_LATIOC_MEASURE, (void *)8) == -1 && errno == EFAULT);
	check("unknown request: ENOTTY", ioctl(latfd, 0x4c99, 0) == -1 && errno == ENOTTY);
	if (attach("lat-checks", &t)) {
		check("attach", 0);
		return 1;
	}
	check("oob RUN before any setup: ENXIO", oob_ioctl(latfd, EVL_LATIOC_RUN, &res) == -ENXIO);
	check("oob PULSE from a bad pointer: EFAULT",
	      oob_ioctl(latfd, EVL_LATIOC_PULSE, (void *)8) == -EFAULT);
	check("oob RUN from a bad pointer: EFAULT",
	      oob_ioctl(latfd, EVL_LATIOC_RUN, (void *)8) == -EFAULT);
	check("oob unknown request: ENOTTY", oob_ioctl(latfd, 0x4c99, &date) == -ENOTTY);
	detach(&t);
	check("RESET", ioctl(latfd, EVL_LATIOC_RESET) == 0);
	close(xfd);
	return failed;
}

int main(int argc, char *argv[])
{
	struct sigaction sa = { .sa_handler = on_signal };
	const char *histfile = NULL;
	int opt, mode = 'm';

	while ((opt = getopt(argc, argv, "ikusp:T:c:P:H:g:qtx")) != -1) {
		switch (opt) {
		case 'i':
			type = EVL_LAT_IRQ;
			break;
		case 'k':
			type = EVL_LAT_KERN;
			break;
		case 's':
			type = EVL_LAT_SIRQ;
			break;
		case 'u':
			type = EVL_LAT_USER;
			break;
		case 'p':
			period_us = atoi(optarg);
			break;
		case 'T':
			seconds = atoi(optarg);
			break;
		case 'c':
			cpu = atoi(optarg);
			break;
		case 'P':
			prio = atoi(optarg);
			break;
		case 'H':
			cells = atoi(optarg);
			break;
		case 'g':
			histfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 't':
		case 'x':
			mode = opt;
			break;
		default:
			return 2;
		}
	}
	if (period_us <= 0 || seconds <= 0 || cells <= 0)
		return 2;
	/* Signals end the measurement: no restart of the RUN call. */
	sigaction(SIGUSR1, &sa, NULL);
	vdso_now();	/* its pages faulted in, in-band */
	if (evl_test_init())
		return 1;
	latfd = open("/dev/latmus", O_RDWR);
	if (latfd < 0) {
		perror("/dev/latmus");
		return 1;
	}
	if (mode == 'x')
		return bad_requests();
	if (mode == 't')
		return tune();
	return measure(histfile);
}

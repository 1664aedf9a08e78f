// SPDX-License-Identifier: GPL-2.0
/*
 * evl-close: a file of the core closed by one thread while another is
 * blocked in an out-of-band call on it. The blocked call must end at
 * once with EBADF (xbuf read and write, a sleep on a clock, a latmus
 * run), the file must go, and nothing be left. A thread whose own file
 * is closed while it sleeps through another file sleeps on to its date,
 * and leaves nothing once it exits. (Timer files: evl-timer-oob.)
 */
#include "evl-test.h"
#include <pthread.h>
#include <string.h>
#include <evl/devices/latmus.h>
#include <evl/xbuf-abi.h>

/* Long enough that a call ending on its own would be seen as late. */
#define BLOCK_NS	(20 * NSEC_PER_SEC)
#define PROMPT_NS	(5 * NSEC_PER_SEC)

enum op { XBUF_READ, XBUF_WRITE, CLOCK_SLEEP, LATMUS_RUN };

struct blocker {
	enum op op;
	int fd;
	struct thread t;
	int ready;		/* 1 attached and about to block, -1 failed */
	long ret;
	int64_t took;
};

static void *block_on(void *arg)
{
	struct blocker *b = arg;
	struct latmus_result res = { 0 };
	char buf[64];
	int64_t start;

	if (attach("closer-victim", &b->t) || set_fifo(&b->t, 30)) {
		SET(b->ready, -1);
		return NULL;
	}
	memset(buf, 0, sizeof(buf));
	SET(b->ready, 1);
	start = oob_now();
	switch (b->op) {
	case XBUF_READ:
		b->ret = oob_read(b->fd, buf, sizeof(buf));
		break;
	case XBUF_WRITE:
		/* The inbound ring is full: this one waits for room. */
		b->ret = oob_write(b->fd, buf, 16);
		break;
	case CLOCK_SLEEP: {
		int64_t date = start + BLOCK_NS;
		struct __evl_timespec ts = { date / NSEC_PER_SEC, date % NSEC_PER_SEC };

		b->ret = oob_ioctl(b->fd, EVL_CLKIOC_SLEEP, &ts);
		break;
	}
	case LATMUS_RUN:
		/* A measurement ends with a signal, or here with the close. */
		b->ret = oob_ioctl(b->fd, EVL_LATIOC_RUN, &res);
		break;
	}
	b->took = oob_now() - start;
	detach(&b->t);
	return NULL;
}

/* Wait until @b blocks (its state in the shared heap), then close. */
static void close_under(struct blocker *b, const char *what)
{
	char msg[128];
	pthread_t tid;
	int n = 0;

	b->ready = 0;
	b->ret = 1;
	pthread_create(&tid, NULL, block_on, b);
	while (!GET(b->ready))
		usleep(1000);
	while (GET(b->ready) > 0 &&
	       !(GET(b->t.win->state) & (EVL_T_PEND | EVL_T_DELAY)) && n++ < 5000)
		usleep(1000);
	snprintf(msg, sizeof(msg), "%s: the oob call blocks", what);
	check(msg, GET(b->ready) > 0 && (GET(b->t.win->state) & (EVL_T_PEND | EVL_T_DELAY)));
	close(b->fd);
	pthread_join(tid, NULL);
	snprintf(msg, sizeof(msg), "%s: closed from another thread, the call ends with EBADF",
		 what);
	check(msg, b->ret == -EBADF);
	snprintf(msg, sizeof(msg), "%s: at once (%lld ms)", what,
		 (long long)(b->took / NSEC_PER_MSEC));
	check(msg, b->took >= 0 && b->took < PROMPT_NS);
}

static int new_xbuf(unsigned int in, unsigned int out)
{
	struct evl_xbuf_attrs attrs = { .i_bufsz = in, .o_bufsz = out };
	struct evl_clone_req req = { .attrs_ptr = (uintptr_t)&attrs };
	int fd = open("/dev/evl/xbuf/clone", O_RDWR), ret;

	if (fd < 0)
		return -errno;
	ret = ioctl(fd, EVL_IOC_CLONE, &req) ? -errno : (int)req.efd;
	close(fd);
	return ret;
}

static void check_xbuf(void)
{
	struct blocker b = { .op = XBUF_READ };
	char fill[32] = { 0 };
	struct thread filler;

	b.fd = new_xbuf(32, 32);
	check("xbuf for the blocked read", b.fd >= 0);
	if (b.fd >= 0)
		close_under(&b, "xbuf oob read");

	b = (struct blocker){ .op = XBUF_WRITE };
	b.fd = new_xbuf(32, 32);
	check("xbuf for the blocked write", b.fd >= 0);
	if (b.fd < 0)
		return;
	/* Only an oob write fills the inbound ring. */
	if (attach("closer-filler", &filler) == 0) {
		check("inbound ring filled",
		      oob_write(b.fd, fill, sizeof(fill)) == sizeof(fill));
		detach(&filler);
	}
	close_under(&b, "xbuf oob write");
}

static void check_clock(void)
{
	struct blocker b = { .op = CLOCK_SLEEP };

	b.fd = open("/dev/evl/clock/monotonic", O_RDWR);
	check("a clock file of its own", b.fd >= 0);
	if (b.fd >= 0)
		close_under(&b, "clock sleep");
}

static void check_latmus(void)
{
	struct latmus_setup setup = { .type = EVL_LAT_IRQ, .period = 1000000 };
	struct blocker b = { .op = LATMUS_RUN };
	int xfd = new_xbuf(4096, 0);

	b.fd = open("/dev/latmus", O_RDWR);
	check("latmus file", b.fd >= 0 && xfd >= 0);
	if (b.fd < 0 || xfd < 0)
		return;
	setup.u.measure.xfd = xfd;
	check("latmus measurement set up", ioctl(b.fd, EVL_LATIOC_MEASURE, &setup) == 0);
	close_under(&b, "latmus run");
	close(xfd);
}

/*
 * The thread's own file closed under a sleep on the monotonic clock. The
 * sleep is long enough for the closer to see it asleep under load (a
 * guest starved by its host for hundreds of ms).
 */
#define SLEEP_NS	(3000 * NSEC_PER_MSEC)

static struct thread sleeper;
static int sleeper_ready;
static long sleep_ret = 1;
static int64_t slept;

static void *sleep_on(void *arg)
{
	int64_t start;

	(void)arg;
	if (attach("closer-sleeper", &sleeper) || set_fifo(&sleeper, 30)) {
		SET(sleeper_ready, -1);
		return NULL;
	}
	SET(sleeper_ready, 1);
	start = oob_now();
	sleep_ret = oob_sleep_until(start + SLEEP_NS);
	slept = oob_now() - start;
	/* Its file is gone: it leaves by exiting. */
	return NULL;
}

static int threads(void)
{
	char cmd[] = "ls /sys/devices/virtual/thread | grep -c '^closer-sleeper$'";
	FILE *p = popen(cmd, "r");
	int n = -1;

	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static void check_thread(void)
{
	pthread_t tid;
	int n = 0;

	pthread_create(&tid, NULL, sleep_on, NULL);
	while (!GET(sleeper_ready))
		usleep(1000);
	while (GET(sleeper_ready) > 0 && !(GET(sleeper.win->state) & EVL_T_DELAY) && n++ < 5000)
		usleep(1000);
	check("thread: sleeping oob", GET(sleeper_ready) > 0 && (GET(sleeper.win->state) & EVL_T_DELAY));
	close(sleeper.efd);
	pthread_join(tid, NULL);
	check("thread: its file closed under its sleep, the sleep goes to its date",
	      sleep_ret == 0 && slept >= SLEEP_NS);
	/* It detached when it exited. */
	for (n = 0; threads() != 0 && n < 100; n++)
		usleep(10000);
	check("thread: gone once exited", threads() == 0);
}

int main(void)
{
	if (evl_test_init()) {
		printf("FAILED: no EVL core\n");
		return 1;
	}
	check_xbuf();
	check_clock();
	check_latmus();
	check_thread();
	return failed;
}

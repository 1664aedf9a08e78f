// SPDX-License-Identifier: GPL-2.0
/*
 * evl-fuzz: random requests to every node of the core: ioctl numbers of
 * the ABI and random ones (random types, numbers, sizes, directions),
 * with arguments that are NULL, small, kernel, unmapped, at the edge of
 * a mapping or pointing to random bytes; random read/write sizes and
 * mmap lengths. Every call must return (the kernel log is checked for
 * splats by the suite). Requests that would change the system time or
 * arm timers are left out: with random dates and periods they would
 * disturb the rest of the run, not test the checks.
 * usage: evl-fuzz [ITERATIONS [SEED]]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <evl/clock-abi.h>
#include <evl/control-abi.h>
#include <evl/factory-abi.h>
#include <evl/thread-abi.h>
#include <evl/xbuf-abi.h>
#include <evl/devices/latmus.h>

static const unsigned long abi_requests[] = {
	EVL_CTLIOC_GET_COREINFO, EVL_CTLIOC_SCHEDCTL, EVL_CTLIOC_GET_CPUSTATE,
	EVL_CLKIOC_SLEEP, EVL_CLKIOC_GET_RES, EVL_CLKIOC_GET_TIME,
	EVL_CLKIOC_NEW_TIMER, EVL_TFDIOC_GET, EVL_IOC_CLONE,
	EVL_THRIOC_SIGNAL, EVL_THRIOC_SET_SCHEDPARAM, EVL_THRIOC_GET_SCHEDPARAM,
	EVL_THRIOC_JOIN, EVL_THRIOC_GET_STATE, EVL_THRIOC_SWITCH_OOB,
	EVL_THRIOC_SWITCH_INBAND, EVL_THRIOC_DETACH_SELF, EVL_THRIOC_SET_MODE,
	EVL_THRIOC_CLEAR_MODE, EVL_LATIOC_TUNE, EVL_LATIOC_MEASURE,
	EVL_LATIOC_RUN, EVL_LATIOC_PULSE, EVL_LATIOC_RESET,
};

/* Left out, see above. */
static const unsigned long skipped_requests[] = {
	EVL_CLKIOC_SET_TIME, EVL_TFDIOC_SET,
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static unsigned char *buf, *edge;
static long page;

static unsigned long random_request(void)
{
	static const char types[] = "CcTtfmL";
	unsigned long req;
	unsigned int i;

	if (rand() % 2)
		req = abi_requests[rand() % ARRAY_SIZE(abi_requests)];
	else
		req = _IOC(rand() % 4, rand() % 3 ? types[rand() % 7] : rand() % 256,
			   rand() % 16, rand() % 256);
	for (i = 0; i < ARRAY_SIZE(skipped_requests); i++) {
		if ((unsigned int)req == skipped_requests[i])
			return EVL_CLKIOC_GET_TIME;
	}
	return req;
}

/* Random bytes, then a pointer somewhere interesting. */
static void *random_arg(void)
{
	unsigned int i;

	for (i = 0; i < (unsigned int)page; i++)
		buf[i] = rand();
	switch (rand() % 7) {
	case 0:
		return NULL;
	case 1:
		return (void *)(uintptr_t)(rand() % 4096);
	case 2:
		return (void *)0xffffffff81000000UL;
	case 3:
		return (void *)-1L;
	case 4:
		/* The last bytes before an inaccessible page. */
		return edge - 1 - rand() % 64;
	case 5:
		return edge;
	default:
		return buf + rand() % 64;
	}
}

static void fuzz_fd(const char *what, int fd, int iterations)
{
	int i, ret, errors = 0, ok = 0;
	size_t len;
	void *map;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	for (i = 0; i < iterations; i++) {
		switch (rand() % 8) {
		case 0:
			ret = read(fd, random_arg(), rand() % 64);
			break;
		case 1:
			ret = write(fd, random_arg(), rand() % 64);
			break;
		case 2:
			len = (rand() % 80) * 4096;
			map = mmap(NULL, len, PROT_READ | PROT_WRITE,
				   rand() % 2 ? MAP_SHARED : MAP_PRIVATE, fd,
				   (rand() % 3) * 4096);
			ret = map == MAP_FAILED ? -1 : 0;
			if (map != MAP_FAILED)
				munmap(map, len);
			break;
		case 3: {
			struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };

			ret = poll(&pfd, 1, 0);
			break;
		}
		default:
			ret = ioctl(fd, random_request(), random_arg());
			break;
		}
		if (ret < 0)
			errors++;
		else
			ok++;
	}
	printf("%s: %d calls, %d succeeded, %d refused\n", what, iterations, ok, errors);
}

static void fuzz_path(const char *path, int iterations)
{
	int fd = open(path, O_RDWR);

	if (fd < 0) {
		printf("%s: cannot open: %s\n", path, strerror(errno));
		exit(1);
	}
	fuzz_fd(path, fd, iterations);
	close(fd);
}

int main(int argc, char *argv[])
{
	int iterations = argc > 1 ? atoi(argv[1]) : 2000;
	unsigned int seed = argc > 2 ? strtoul(argv[2], NULL, 0) : (unsigned long)getpid();
	int clk, tfd = -1, n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("seed %u\n", seed);
	srand(seed);
	page = sysconf(_SC_PAGESIZE);
	buf = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return 1;
	edge = buf + page;
	mprotect(edge, page, PROT_NONE);

	fuzz_path(EVL_CONTROL_DEV, iterations);
	fuzz_path("/dev/evl/clock/monotonic", iterations);
	fuzz_path("/dev/evl/clock/realtime", iterations);
	/* In-band requests only: no measurement runs. */
	fuzz_path("/dev/latmus", iterations);
	/* Each clone device serves once: open a new one now and then. */
	for (n = 0; n < 20; n++) {
		fuzz_path("/dev/evl/thread/clone", iterations / 20);
		fuzz_path("/dev/evl/xbuf/clone", iterations / 20);
	}
	{
		struct evl_xbuf_attrs attrs = { .i_bufsz = 64, .o_bufsz = 64 };
		struct evl_clone_req req = { .attrs_ptr = (uintptr_t)&attrs };
		int clone = open("/dev/evl/xbuf/clone", O_RDWR);

		if (clone < 0 || ioctl(clone, EVL_IOC_CLONE, &req)) {
			printf("cannot make an xbuf: %s\n", strerror(errno));
			return 1;
		}
		close(clone);
		fuzz_fd("xbuf file", req.efd, iterations);
		close(req.efd);
	}

	clk = open("/dev/evl/clock/monotonic", O_RDWR);
	if (clk < 0 || ioctl(clk, EVL_CLKIOC_NEW_TIMER, &tfd))
		return 1;
	fuzz_fd("timer file", tfd, iterations);
	close(tfd);
	close(clk);

	/* An attached thread's file (random requests may detach it). */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		return 1;
	{
		struct evl_clone_req req = { .name_ptr = (uintptr_t)"fuzz" };
		int clone = open("/dev/evl/thread/clone", O_RDWR);

		if (clone < 0 || ioctl(clone, EVL_IOC_CLONE, &req)) {
			printf("cannot attach a thread: %s\n", strerror(errno));
			return 1;
		}
		close(clone);
		fuzz_fd("thread file", req.efd, iterations);
		close(req.efd);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * evl-xbuf: cross-buffers through the UAPI. Bad attributes; data written
 * oob read in-band and the other way round, across the end of the ring;
 * non-blocking reads and writes; a blocked oob reader woken by an in-band
 * write and a blocked in-band reader woken by an oob write; poll; bad
 * pointers and sizes; a public xbuf opened by path, with its sysfs
 * rings. One line per check.
 */
#include "evl-test.h"
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <evl/xbuf-abi.h>

#define RING	64

/*
 * A new xbuf: its fd, else -errno. A public one is opened by its path
 * before the clone device, which holds it until then, is closed.
 */
static int new_xbuf(const char *name, unsigned int flags, struct evl_xbuf_attrs *attrs)
{
	struct evl_clone_req req = {
		.name_ptr = (uintptr_t)name,
		.attrs_ptr = (uintptr_t)attrs,
		.clone_flags = flags,
	};
	int fd = open("/dev/evl/xbuf/clone", O_RDWR), ret;
	char path[96];

	if (fd < 0)
		return -errno;
	if (ioctl(fd, EVL_IOC_CLONE, &req)) {
		ret = -errno;
	} else if (flags & EVL_CLONE_PUBLIC) {
		snprintf(path, sizeof(path), "/dev/evl/xbuf/%s", name);
		ret = open(path, O_RDWR);
		if (ret < 0)
			ret = -errno;
	} else {
		ret = req.efd;
	}
	close(fd);
	return ret;
}

static void check_attrs(void)
{
	struct evl_xbuf_attrs none = { 0 }, huge = { .i_bufsz = 1U << 30 };

	check("no ring at all: EINVAL", new_xbuf(NULL, 0, &none) == -EINVAL);
	check("1 GiB ring: EINVAL", new_xbuf(NULL, 0, &huge) == -EINVAL);
	check("attributes at a bad pointer: EFAULT",
	      new_xbuf(NULL, 0, (void *)8) == -EFAULT);
}

static void fill_pattern(char *buf, int len, int seed)
{
	int n;

	for (n = 0; n < len; n++)
		buf[n] = (char)(seed + n * 7);
}

static int xfd;
static int helper_state;
static char helper_buf[RING];
static long helper_ret;

/* Reads oob what main writes in-band, then writes oob what main reads. */
static void *helper(void *arg)
{
	struct thread t;
	char out[32];

	(void)arg;
	if (attach("xbuf-helper", &t) || set_fifo(&t, 40)) {
		SET(helper_state, -1);
		return NULL;
	}
	SET(helper_state, 1);
	/* Blocks until main writes in-band. */
	helper_ret = oob_read(xfd, helper_buf, sizeof(helper_buf));
	SET(helper_state, 2);
	/* Main blocks in read() meanwhile. */
	oob_sleep_until(oob_now() + 50 * NSEC_PER_MSEC);
	fill_pattern(out, sizeof(out), 3);
	oob_write(xfd, out, sizeof(out));
	SET(helper_state, 3);
	detach(&t);
	return NULL;
}

static void check_blocking(void)
{
	char in[RING], expect[32];
	pthread_t tid;
	long ret;

	pthread_create(&tid, NULL, helper, NULL);
	while (GET(helper_state) == 0)
		usleep(1000);
	usleep(50000);	/* the helper blocks in oob_read */
	fill_pattern(in, 16, 9);
	check("in-band write", write(xfd, in, 16) == 16);
	pthread_join(tid, NULL);
	check("blocked oob reader woken by an in-band write",
	      helper_ret == 16 && !memcmp(helper_buf, in, 16));
	ret = read(xfd, in, sizeof(in));
	fill_pattern(expect, sizeof(expect), 3);
	check("blocked in-band reader woken by an oob write",
	      ret == (long)sizeof(expect) && !memcmp(in, expect, sizeof(expect)) &&
	      GET(helper_state) == 3);
}

static void check_data(struct thread *t)
{
	char buf[RING + 1], back[RING + 1];
	struct pollfd pfd = { .fd = xfd, .events = POLLIN | POLLOUT };
	int n, ok = 1;

	fill_pattern(buf, 10, 1);
	check("oob write of 10 bytes", oob_write(xfd, buf, 10) == 10 && is_oob(t));
	check("poll: readable and writable", poll(&pfd, 1, 0) == 1 &&
	      pfd.revents == (POLLIN | POLLOUT));
	check("in-band read: the same 10 bytes",
	      read(xfd, back, sizeof(back)) == 10 && !memcmp(buf, back, 10));
	fill_pattern(buf, 20, 2);
	check("in-band write of 20 bytes", write(xfd, buf, 20) == 20);
	check("oob read: the same 20 bytes",
	      oob_read(xfd, back, sizeof(back)) == 20 && !memcmp(buf, back, 20));

	/* 40 bytes at a time in a 64-byte ring: every other one wraps. */
	for (n = 0; n < 8; n++) {
		fill_pattern(buf, 40, n);
		ok &= oob_write(xfd, buf, 40) == 40 &&
			read(xfd, back, 40) == 40 && !memcmp(buf, back, 40);
		ok &= write(xfd, buf, 40) == 40 &&
			oob_read(xfd, back, 40) == 40 && !memcmp(buf, back, 40);
	}
	check("both rings, 8 rounds across their end", ok);

	check("oob write larger than the ring: EFBIG",
	      oob_write(xfd, buf, RING + 1) == -EFBIG);
	check("in-band write larger than the ring: EFBIG",
	      write(xfd, buf, RING + 1) == -1 && errno == EFBIG);
	check("oob write to a bad pointer: EFAULT", oob_write(xfd, (void *)8, 4) == -EFAULT);
	check("oob read to a bad pointer: EFAULT",
	      write(xfd, buf, 4) == 4 && oob_read(xfd, (void *)8, 4) == -EFAULT &&
	      oob_read(xfd, back, 4) == 4);
	check("in-band ioctl: ENOTTY", ioctl(xfd, 0x1234, 0) == -1 && errno == ENOTTY);

	fcntl(xfd, F_SETFL, O_NONBLOCK);
	check("non-blocking oob read, empty: EAGAIN", oob_read(xfd, back, 4) == -EAGAIN);
	check("non-blocking in-band read, empty: EAGAIN",
	      read(xfd, back, 4) == -1 && errno == EAGAIN);
	check("oob write filling the ring", oob_write(xfd, buf, RING) == RING);
	check("non-blocking oob write, full: EAGAIN", oob_write(xfd, buf, 1) == -EAGAIN);
	check("in-band write filling the ring", write(xfd, buf, RING) == RING);
	check("non-blocking in-band write, full: EAGAIN",
	      write(xfd, buf, 1) == -1 && errno == EAGAIN);
	pfd.revents = 0;
	check("poll: readable, not writable", poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
	check("both drained", read(xfd, back, RING) == RING &&
	      oob_read(xfd, back, RING) == RING);
	fcntl(xfd, F_SETFL, 0);
}

static void check_public(void)
{
	struct evl_xbuf_attrs attrs = { .i_bufsz = 128, .o_bufsz = 32 };
	char name[32], path[96], rings[64] = "";
	int fd, fd2;
	FILE *f;

	snprintf(name, sizeof(name), "xbuf-%d", getpid());
	fd = new_xbuf(name, EVL_CLONE_PUBLIC, &attrs);
	check("public xbuf, opened by its path", fd >= 0);
	snprintf(path, sizeof(path), "/dev/evl/xbuf/%s", name);
	fd2 = open(path, O_RDWR);
	check("opened again by path", fd2 >= 0);
	check("write through one", write(fd, "hello", 5) == 5);
	snprintf(path, sizeof(path), "/sys/devices/virtual/xbuf/%s/rings", name);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(rings, sizeof(rings), f))
			rings[0] = '\0';
		fclose(f);
	}
	check("sysfs rings: sizes and fills", !strcmp(rings, "128 0 32 5\n"));
	close(fd);
	close(fd2);
	snprintf(path, sizeof(path), "/dev/evl/xbuf/%s", name);
	check("gone with its last file", access(path, F_OK) && errno == ENOENT);
}

int main(void)
{
	struct evl_xbuf_attrs attrs = { .i_bufsz = RING, .o_bufsz = RING };
	struct thread t;

	if (evl_test_init())
		return 1;
	pin_cpu0();
	check_attrs();
	xfd = new_xbuf(NULL, 0, &attrs);
	check("private xbuf, 64-byte rings", xfd >= 0);
	if (xfd < 0)
		return 1;
	if (attach("xbuf-main", &t) || set_fifo(&t, 20)) {
		check("attach", 0);
		return 1;
	}
	check_data(&t);
	detach(&t);
	check_blocking();
	close(xfd);
	check_public();
	return failed;
}

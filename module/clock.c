// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in clocks, /dev/evl/clock/{monotonic,realtime}: reading,
 * resolution, setting (realtime only) and the creation of timer files.
 * Their sysfs directories, /sys/devices/virtual/clock/<name>, have the
 * gravity: how early timers fire to make up for the wake-up path.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <evl/clock-abi.h>
#include "chrdev.h"
#include "clock.h"
#include "evl.h"
#include "file.h"
#include "sched.h"
#include "timer.h"

/* No timer runs on the realtime clock: its gravity is only kept. */
static struct evl_gravity realtime_gravity;

static struct evl_clock builtin_clocks[] = {
	{ .name = EVL_CLOCK_MONOTONIC_DEV, .id = CLOCK_MONOTONIC },
	{ .name = EVL_CLOCK_REALTIME_DEV, .id = CLOCK_REALTIME,
	  .gravity = &realtime_gravity },
};

static dev_t clock_devt;
static struct cdev clock_cdev;

ktime_t evl_read_clock(struct evl_clock *clock)
{
	return clock->id == CLOCK_REALTIME ? evl_realtime_now() :
		evl_monotonic_now();
}

ktime_t evl_clock_to_monotonic(struct evl_clock *clock, ktime_t date)
{
	if (clock->id == CLOCK_MONOTONIC)
		return date;

	return ktime_sub(date, ktime_sub(evl_realtime_now(), evl_monotonic_now()));
}

/* Either stage. */
static long put_timespec(struct __evl_timespec __user *u_ts, ktime_t t)
{
	struct __evl_timespec ts = evl_ktime_to_timespec(t);

	return evl_copy_to_user(u_ts, &ts, sizeof(ts));
}

static long set_clock_time(struct evl_clock *clock,
			   struct __evl_timespec __user *u_ts)
{
	struct __evl_timespec ts;
	struct timespec64 ts64;
	ktime_t date;

	if (copy_from_user(&ts, u_ts, sizeof(ts)))
		return -EFAULT;
	if (evl_timespec_to_ktime(&ts, &date))
		return -EINVAL;
	/* Like clock_settime(2): the monotonic clock cannot be set. */
	if (clock->id != CLOCK_REALTIME)
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;

	ts64 = ktime_to_timespec64(date);

	return do_settimeofday64(&ts64);
}

/* The fd goes live only once the caller has its number. */
static long new_timer(struct evl_clock *clock, int __user *u_fd)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fd;

	file = evl_new_timer_file(clock);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	if (put_user(fd, u_fd)) {
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);

	return 0;
}

/* What both stages serve. */
static long clock_time_ioctl(struct evl_clock *clock, unsigned int cmd,
			     void __user *u_arg)
{
	switch (cmd) {
	case EVL_CLKIOC_GET_TIME:
		return put_timespec(u_arg, evl_read_clock(clock));
	case EVL_CLKIOC_GET_RES:
		return put_timespec(u_arg, 1);
	default:
		return -ENOTTY;
	}
}

static long clock_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct evl_clock *clock = filp->private_data;
	void __user *u_arg = (void __user *)arg;

	switch (cmd) {
	case EVL_CLKIOC_SET_TIME:
		return set_clock_time(clock, u_arg);
	case EVL_CLKIOC_NEW_TIMER:
		return new_timer(clock, u_arg);
	default:
		return clock_time_ioctl(clock, cmd, u_arg);
	}
}

/* Oob, the calling thread: sleep until an absolute date on @clock. */
static long clock_sleep(struct evl_clock *clock,
			const struct __evl_timespec __user *u_ts)
{
	struct __evl_timespec ts;
	ktime_t date;

	if (evl_copy_from_user(&ts, u_ts, sizeof(ts)))
		return -EFAULT;
	if (evl_timespec_to_ktime(&ts, &date))
		return -EINVAL;

	return evl_sleep_until(evl_clock_to_monotonic(clock, date));
}

static long clock_oob_ioctl(struct file *filp, unsigned int cmd,
			    unsigned long arg)
{
	struct evl_clock *clock = filp->private_data;
	void __user *u_arg = (void __user *)arg;

	if (cmd == EVL_CLKIOC_SLEEP)
		return clock_sleep(clock, u_arg);

	return clock_time_ioctl(clock, cmd, u_arg);
}

static int clock_release(struct inode *inode, struct file *filp)
{
	evl_release_oob_file(filp);

	return 0;
}

static int clock_open(struct inode *inode, struct file *filp)
{
	filp->private_data = &builtin_clocks[iminor(inode) - MINOR(clock_devt)];

	return stream_open(inode, filp);
}

static const struct file_operations clock_fops = {
	.owner		= THIS_MODULE,
	.open		= clock_open,
	.release	= clock_release,
	.unlocked_ioctl	= clock_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.oob_ioctl	= clock_oob_ioctl,
};

static ssize_t gravity_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct evl_clock *clock = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%ui %uk %uu\n", READ_ONCE(clock->gravity->irq),
			  READ_ONCE(clock->gravity->kernel),
			  READ_ONCE(clock->gravity->user));
}

/* "<n>i <n>k <n>u", any of them, in any order. */
static ssize_t gravity_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct evl_clock *clock = dev_get_drvdata(dev);
	struct evl_gravity g = *clock->gravity;
	char *copy, *p, *tok;
	unsigned int ns;
	int ret = 0;
	char kind;

	copy = kstrdup(buf, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	p = strim(copy);
	while (!ret && (tok = strsep(&p, " \t")) != NULL) {
		if (!*tok)
			continue;
		if (sscanf(tok, "%u%c", &ns, &kind) != 2 || ns > NSEC_PER_SEC) {
			ret = -EINVAL;
			break;
		}
		switch (kind) {
		case 'i':
			g.irq = ns;
			break;
		case 'k':
			g.kernel = ns;
			break;
		case 'u':
			g.user = ns;
			break;
		default:
			ret = -EINVAL;
		}
	}
	kfree(copy);
	if (ret)
		return ret;

	WRITE_ONCE(clock->gravity->irq, g.irq);
	WRITE_ONCE(clock->gravity->kernel, g.kernel);
	WRITE_ONCE(clock->gravity->user, g.user);

	return count;
}
static DEVICE_ATTR_RW(gravity);

static struct attribute *clock_attrs[] = {
	&dev_attr_gravity.attr,
	NULL,
};
ATTRIBUTE_GROUPS(clock);

static char *clock_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "evl/clock/%s", dev_name(dev));
}

static const struct class clock_class = {
	.name = EVL_CLOCK_DEV,
	.devnode = clock_devnode,
};

static void destroy_clock_devices(int count)
{
	while (count-- > 0)
		device_destroy(&clock_class, clock_devt + count);
}

int evl_clock_init(void)
{
	struct evl_clock *clock;
	int ret, n;

	ret = evl_add_chrdev(&clock_cdev, &clock_devt, ARRAY_SIZE(builtin_clocks),
			     "evl-clock", &clock_fops);
	if (ret)
		return ret;

	ret = class_register(&clock_class);
	if (ret)
		goto fail_class;

	for (n = 0; n < ARRAY_SIZE(builtin_clocks); n++) {
		clock = &builtin_clocks[n];
		if (clock->id == CLOCK_MONOTONIC)
			clock->gravity = evl_timer_gravity();
		*clock->gravity = (struct evl_gravity){ };
		clock->dev = device_create_with_groups(&clock_class, NULL,
						       clock_devt + n, clock,
						       clock_groups, "%s",
						       clock->name);
		if (IS_ERR(clock->dev)) {
			ret = PTR_ERR(clock->dev);
			goto fail_dev;
		}
	}

	return 0;

fail_dev:
	destroy_clock_devices(n);
	class_unregister(&clock_class);
fail_class:
	evl_del_chrdev(&clock_cdev, clock_devt, ARRAY_SIZE(builtin_clocks));

	return ret;
}

void evl_clock_cleanup(void)
{
	destroy_clock_devices(ARRAY_SIZE(builtin_clocks));
	class_unregister(&clock_class);
	evl_del_chrdev(&clock_cdev, clock_devt, ARRAY_SIZE(builtin_clocks));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Timer files (EVL_CLKIOC_NEW_TIMER): an out-of-band timer on one of
 * the clocks, armed at an absolute date, optionally periodic, whose
 * expiries a read collects as a tick count. Arming pins the timer to the
 * caller's CPU (the first oob CPU if the caller's is not one). The timer
 * fires out-of-band and wakes oob readers at once; in-band readers are
 * woken through irq_work. Both stages set, get and read.
 */
#include <linux/anon_inodes.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/hard_spinlock.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <evl/clock-abi.h>
#include "clock.h"
#include "debug.h"
#include "evl.h"
#include "file.h"
#include "sched.h"
#include "timer.h"
#include "wait.h"

struct timerfd {
	struct evl_timer timer;
	struct evl_clock *clock;
	/* Expiries not read yet, periods missed included. */
	atomic64_t ticks;
	wait_queue_head_t readers;
	struct irq_work wake_readers;
	struct evl_wait_queue oob_readers;
	/* Serializes the setters, of both stages. */
	struct hard_spinlock set_lock;
};

static void timer_fired(struct evl_timer *timer)
{
	struct timerfd *tfd = container_of(timer, struct timerfd, timer);
	unsigned long flags;

	evl_assert_oob();
	evl_assert_hard_irqs_off();

	flags = evl_lock_wait_queue(&tfd->oob_readers);
	atomic64_add(1 + timer->overruns, &tfd->ticks);
	evl_wake_up_all_locked(&tfd->oob_readers);
	evl_unlock_wait_queue(&tfd->oob_readers, flags);
	if (wq_has_sleeper(&tfd->readers))
		irq_work_queue(&tfd->wake_readers);
}

static void wake_readers(struct irq_work *work)
{
	struct timerfd *tfd = container_of(work, struct timerfd, wake_readers);

	wake_up_interruptible(&tfd->readers);
}

/* Interval and time left, as EVL_TFDIOC_GET tells them. */
static void read_setting(struct timerfd *tfd, struct __evl_itimerspec *its)
{
	ktime_t date = evl_timer_date(&tfd->timer), left = 0;

	if (date) {
		/* Armed early by the user gravity: tell the date asked for. */
		date = ktime_add(date, READ_ONCE(evl_timer_gravity()->user));
		left = ktime_sub(date, evl_monotonic_now());
		if (left <= 0)
			left = 1;	/* due now: still armed */
	}
	its->it_interval = evl_ktime_to_timespec(date ? tfd->timer.interval : 0);
	its->it_value = evl_ktime_to_timespec(left);
}

static long set_timer(struct timerfd *tfd, struct evl_timerfd_setreq __user *u_req)
{
	struct __evl_itimerspec its, old;
	struct evl_timerfd_setreq req;
	ktime_t date, interval;
	unsigned long flags;
	int ret;

	if (evl_copy_from_user(&req, u_req, sizeof(req)) ||
	    evl_copy_from_user(&its, u64_to_user_ptr(req.value_ptr), sizeof(its)))
		return -EFAULT;
	ret = evl_timespec_to_ktime(&its.it_value, &date);
	if (!ret)
		ret = evl_timespec_to_ktime(&its.it_interval, &interval);
	if (ret)
		return ret;

	hard_spin_lock_irqsave(&tfd->set_lock, flags);
	read_setting(tfd, &old);
	/* Moving to this CPU: wait until the handler runs nowhere else. */
	evl_destroy_timer(&tfd->timer);
	tfd->timer.cpu = evl_timer_cpu();
	atomic64_set(&tfd->ticks, 0);
	if (date)
		evl_start_timer(&tfd->timer,
				evl_user_date(evl_clock_to_monotonic(tfd->clock, date)),
				interval);
	hard_spin_unlock_irqrestore(&tfd->set_lock, flags);

	if (req.ovalue_ptr &&
	    evl_copy_to_user(u64_to_user_ptr(req.ovalue_ptr), &old, sizeof(old)))
		return -EFAULT;

	return 0;
}

static long get_timer(struct timerfd *tfd, struct __evl_itimerspec __user *u_its)
{
	struct __evl_itimerspec its;

	read_setting(tfd, &its);

	return evl_copy_to_user(u_its, &its, sizeof(its));
}

static long timerfd_ioctl(struct file *filp, unsigned int cmd,
			  unsigned long arg)
{
	struct timerfd *tfd = filp->private_data;
	void __user *u_arg = (void __user *)arg;

	switch (cmd) {
	case EVL_TFDIOC_SET:
		return set_timer(tfd, u_arg);
	case EVL_TFDIOC_GET:
		return get_timer(tfd, u_arg);
	default:
		return -ENOTTY;
	}
}

/*
 * Either stage, oob_readers locked with @flags by a wait that found
 * ticks: take them all, unlock, and give them to the reader, or back
 * for the next read if its buffer faults.
 */
static ssize_t take_ticks(struct timerfd *tfd, char __user *u_buf,
			  unsigned long flags)
{
	u64 ticks = atomic64_xchg(&tfd->ticks, 0);

	evl_unlock_wait_queue(&tfd->oob_readers, flags);
	if (evl_copy_to_user(u_buf, &ticks, sizeof(ticks))) {
		atomic64_add(ticks, &tfd->ticks);
		return -EFAULT;
	}

	return sizeof(ticks);
}

/* The tick count since the last read, as a u64; waits for one. */
static ssize_t timerfd_read(struct file *filp, char __user *u_buf,
			    size_t count, loff_t *ppos)
{
	struct timerfd *tfd = filp->private_data;
	unsigned long flags;
	int ret;

	if (count < sizeof(u64))
		return -EINVAL;
	ret = evl_wait_event_inband_locked(&tfd->oob_readers, &flags,
					   tfd->readers,
					   filp->f_flags & O_NONBLOCK,
					   atomic64_read(&tfd->ticks));

	return ret ?: take_ticks(tfd, u_buf, flags);
}

/* Oob: the same, for an EVL thread. */
static ssize_t timerfd_oob_read(struct file *filp, char __user *u_buf,
				size_t count)
{
	struct timerfd *tfd = filp->private_data;
	unsigned long flags;
	int ret;

	if (count < sizeof(u64))
		return -EINVAL;
	ret = evl_wait_event_locked(&tfd->oob_readers, &flags,
				    filp->f_flags & O_NONBLOCK,
				    atomic64_read(&tfd->ticks));

	return ret ?: take_ticks(tfd, u_buf, flags);
}

static __poll_t timerfd_poll(struct file *filp, poll_table *wait)
{
	struct timerfd *tfd = filp->private_data;

	poll_wait(filp, &tfd->readers, wait);

	return atomic64_read(&tfd->ticks) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int timerfd_release(struct inode *inode, struct file *filp)
{
	struct timerfd *tfd = filp->private_data;

	/* Blocked oob readers get -EBADF; no call uses it after this. */
	evl_release_oob_file(filp);
	evl_destroy_timer(&tfd->timer);
	irq_work_sync(&tfd->wake_readers);
	kfree(tfd);

	return 0;
}

static const struct file_operations timerfd_fops = {
	.owner		= THIS_MODULE,
	.read		= timerfd_read,
	.poll		= timerfd_poll,
	.unlocked_ioctl	= timerfd_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.oob_read	= timerfd_oob_read,
	.oob_ioctl	= timerfd_ioctl,
	.release	= timerfd_release,
	.llseek		= noop_llseek,
};

struct file *evl_new_timer_file(struct evl_clock *clock)
{
	struct timerfd *tfd;
	struct file *file;

	tfd = kzalloc(sizeof(*tfd), GFP_KERNEL);
	if (!tfd)
		return ERR_PTR(-ENOMEM);

	evl_init_timer(&tfd->timer, timer_fired, evl_timer_cpu());
	tfd->clock = clock;
	atomic64_set(&tfd->ticks, 0);
	init_waitqueue_head(&tfd->readers);
	init_irq_work(&tfd->wake_readers, wake_readers);
	evl_init_wait_queue(&tfd->oob_readers, "timer");
	hard_spin_lock_init(&tfd->set_lock);

	file = anon_inode_getfile("[evl-timerfd]", &timerfd_fops, tfd,
				  O_RDWR | O_CLOEXEC);
	if (IS_ERR(file))
		kfree(tfd);

	return file;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The latency measurement driver, /dev/latmus (EVL ABI 36). Each open
 * file runs one measurement: a periodic timer on an oob CPU, and the
 * time from each date to the response, taken in the timer interrupt
 * (EVL_LAT_IRQ), in an oob kernel thread woken by it (EVL_LAT_KERN), in
 * a user thread woken by it through EVL_LATIOC_PULSE (EVL_LAT_USER), or
 * in-band, in the handler of a synthetic interrupt the timer posts there
 * (EVL_LAT_SIRQ). A measurement sends one summary per second to an
 * xbuf, after a second of warm-up, and fills a histogram of 1 us cells;
 * tuning measures the shortest response of a context and makes it that
 * context's timer gravity.
 */

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/irq_pipeline.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <evl/devices/latmus.h>
#include "chrdev.h"
#include "debug.h"
#include "evl.h"
#include "file.h"
#include "kthread.h"
#include "latmus.h"
#include "sched.h"
#include "timer.h"
#include "wait.h"
#include "xbuf.h"

#define LATMUS_MAX_CELLS	1000
#define LATMUS_WARMUP_NS	NSEC_PER_SEC
/* Tuning: the shortest response over this long. */
#define LATMUS_TUNE_NS		NSEC_PER_SEC

struct latmus_runner {
	/* Set up in-band, while not running. */
	u32 type;
	ktime_t period;
	int cpu;
	bool tuning;
	u32 verbosity;
	struct evl_xbuf *xbuf;
	s32 *histogram;
	u32 hcells;
	struct evl_timer timer;
	bool set_up;
	/* EVL_LAT_KERN: the responder, from the setup to the next one. */
	struct evl_kthread responder;
	bool has_responder;

	/* Under wq's lock: the run, its samples and the user responder. */
	struct evl_wait_queue wq;	/* the responder waits for shots */
	struct evl_wait_queue run_wq;	/* RUN waits for the end of tuning */
	bool running;
	ktime_t gravity;		/* the timer fires this much early */
	ktime_t next_date;		/* of the next event, gravity aside */
	ktime_t warmup_end, bulk_end, tune_end;
	struct latmus_measurement bulk;	/* this second */
	s64 tune_min;
	bool tune_done;
	bool shot;			/* an event the responder has not taken */
	ktime_t shot_date;
	ktime_t pulse_date;		/* of the event the responder took */
	u32 generation;			/* runs so far: stale pulses are skipped */
	u32 pulse_generation;
	u32 runs_ended;			/* wakes responders waiting for a shot */
	int sirq;			/* EVL_LAT_SIRQ: handled in-band */
	bool sirq_posted;
	ktime_t sirq_date;
};

static dev_t latmus_devt;
static struct cdev latmus_cdev;
static struct device *latmus_dev;

static const struct class latmus_class = {
	.name = "latmus",
};

static void reset_bulk(struct latmus_measurement *b)
{
	*b = (struct latmus_measurement){
		.min_lat = S32_MAX,
		.max_lat = S32_MIN,
	};
}

/* wq locked: one response, @lat ns after its date, seen at @now. */
static void add_sample(struct latmus_runner *r, ktime_t now, s64 lat)
{
	struct latmus_measurement *b = &r->bulk;
	s32 clamped = clamp_t(s64, lat, S32_MIN, S32_MAX);
	u32 cell;

	if (r->tuning) {
		if (!r->tune_done && lat < r->tune_min)
			r->tune_min = lat;
		if (now >= r->tune_end && !r->tune_done) {
			hard_spin_lock(&r->run_wq.lock);
			WRITE_ONCE(r->tune_done, true);
			evl_wake_up_all_locked(&r->run_wq);
			hard_spin_unlock(&r->run_wq.lock);
		}
		return;
	}
	if (now < r->warmup_end)
		return;

	b->min_lat = min(b->min_lat, clamped);
	b->max_lat = max(b->max_lat, clamped);
	b->sum_lat += lat;
	b->samples++;
	if (r->hcells) {
		cell = lat <= 0 ? 0 : min_t(u64, div_u64(lat, NSEC_PER_USEC), r->hcells - 1);
		r->histogram[cell]++;
	}
	if (now >= r->bulk_end) {
		/* No room: the reader is behind, this second is lost to it. */
		evl_write_xbuf(r->xbuf, b, sizeof(*b));
		reset_bulk(b);
		r->bulk_end = max(ktime_add(r->bulk_end, NSEC_PER_SEC), now);
	}
}

/* Oob, the runner's CPU: an event, due at next_date. */
static void latmus_tick(struct evl_timer *timer)
{
	struct latmus_runner *r = container_of(timer, struct latmus_runner, timer);
	ktime_t now = evl_monotonic_now(), date;
	unsigned long flags;

	evl_assert_oob();
	evl_assert_hard_irqs_off();

	flags = evl_lock_wait_queue(&r->wq);
	if (!r->running) {
		evl_unlock_wait_queue(&r->wq, flags);
		return;
	}
	date = r->next_date;
	r->next_date = ktime_add(date, r->period * (1 + timer->overruns));
	if (!r->tuning && now >= r->warmup_end)
		r->bulk.overruns += timer->overruns;

	if (r->type == EVL_LAT_IRQ) {
		add_sample(r, now, ktime_to_ns(ktime_sub(now, date)));
	} else if (r->type == EVL_LAT_SIRQ) {
		/* One in flight: in-band did not take the previous one. */
		if (r->sirq_posted && now >= r->warmup_end)
			r->bulk.overruns++;
		r->sirq_posted = true;
		r->sirq_date = date;
		irq_post_inband(r->sirq);
	} else {
		/* A shot the responder did not take yet is an overrun. */
		if (r->shot && !r->tuning && now >= r->warmup_end)
			r->bulk.overruns++;
		r->shot = true;
		r->shot_date = date;
		evl_wake_up_all_locked(&r->wq);
	}
	evl_unlock_wait_queue(&r->wq, flags);
}

/*
 * Oob, EVL_LAT_KERN: take each shot of the timer as soon as it wakes us
 * up, for as long as the setup lasts.
 */
static int kernel_responder(struct evl_kthread *kt)
{
	struct latmus_runner *r = container_of(kt, struct latmus_runner, responder);
	unsigned long flags;
	ktime_t now;

	for (;;) {
		/* Woken by a shot, the end of a run, or the stop (-EINTR). */
		if (evl_wait_event_locked(&r->wq, &flags, false,
					  evl_kthread_should_stop(kt) ||
					  (r->running && r->shot)))
			continue;
		if (evl_kthread_should_stop(kt))
			break;
		now = evl_monotonic_now();
		r->shot = false;
		add_sample(r, now, ktime_to_ns(ktime_sub(now, r->shot_date)));
		evl_unlock_wait_queue(&r->wq, flags);
	}
	evl_unlock_wait_queue(&r->wq, flags);

	return 0;
}

static void stop_responder(struct latmus_runner *r)
{
	if (!r->has_responder)
		return;
	evl_stop_kthread(&r->responder);
	r->has_responder = false;
}

/* In-band, the synthetic interrupt the timer posted. */
static irqreturn_t latmus_sirq(int irq, void *arg)
{
	struct latmus_runner *r = arg;
	ktime_t now = evl_monotonic_now();
	unsigned long flags;

	evl_assert_inband();

	flags = evl_lock_wait_queue(&r->wq);
	if (r->running && r->sirq_posted)
		add_sample(r, now, ktime_to_ns(ktime_sub(now, r->sirq_date)));
	r->sirq_posted = false;
	evl_unlock_wait_queue(&r->wq, flags);

	return IRQ_HANDLED;
}

static int get_sirq(struct latmus_runner *r)
{
	int irq = irq_alloc_synthetic(), ret;

	if (irq < 0)
		return irq;
	ret = request_irq(irq, latmus_sirq, 0, "latmus", r);
	if (ret) {
		irq_free_synthetic(irq);
		return ret;
	}
	r->sirq = irq;

	return 0;
}

static void put_sirq(struct latmus_runner *r)
{
	if (!r->sirq)
		return;
	free_irq(r->sirq, r);
	irq_free_synthetic(r->sirq);
	r->sirq = 0;
}

static u32 *context_gravity(u32 type)
{
	struct evl_gravity *g = evl_timer_gravity();

	/* A synthetic interrupt is as early as the timer's. */
	return type == EVL_LAT_IRQ || type == EVL_LAT_SIRQ ? &g->irq :
		type == EVL_LAT_KERN ? &g->kernel : &g->user;
}

/* In-band: a new setup, replacing the previous one. */
static long setup_runner(struct latmus_runner *r, struct latmus_setup __user *u_setup,
			 bool tuning)
{
	struct latmus_setup setup;
	struct evl_xbuf *xbuf = NULL;
	s32 *histogram = NULL;
	unsigned long flags;
	u32 hcells = 0;
	int ret;

	if (copy_from_user(&setup, u_setup, sizeof(setup)))
		return -EFAULT;
	if (setup.type > EVL_LAT_LAST)
		return -EINVAL;
	/* In-band responses set no gravity: no tuning for them. */
	if (tuning && setup.type == EVL_LAT_SIRQ)
		return -EINVAL;
	if (!setup.period || setup.period > NSEC_PER_SEC)
		return -EINVAL;
	if ((setup.type == EVL_LAT_USER || setup.type == EVL_LAT_KERN) &&
	    (setup.priority < 1 || setup.priority > EVL_FIFO_MAX_PRIO))
		return -EINVAL;
	if (setup.cpu >= nr_cpu_ids || !cpumask_test_cpu(setup.cpu, &evl_oob_cpus))
		return -EINVAL;

	if (!tuning) {
		hcells = setup.u.measure.hcells;
		if (hcells > LATMUS_MAX_CELLS)
			return -EINVAL;
		xbuf = evl_get_xbuf(setup.u.measure.xfd);
		if (IS_ERR(xbuf))
			return PTR_ERR(xbuf);
		if (hcells) {
			histogram = kcalloc(hcells, sizeof(*histogram), GFP_KERNEL);
			if (!histogram) {
				evl_put_xbuf(xbuf);
				return -ENOMEM;
			}
		}
	}

	flags = evl_lock_wait_queue(&r->wq);
	if (r->running) {
		evl_unlock_wait_queue(&r->wq, flags);
		kfree(histogram);
		if (xbuf)
			evl_put_xbuf(xbuf);
		return -EBUSY;
	}
	/* No run may start until the new setup is complete. */
	WRITE_ONCE(r->set_up, false);
	evl_unlock_wait_queue(&r->wq, flags);

	/* Not running: neither the timer nor a pulse uses these now. */
	if (r->xbuf)
		evl_put_xbuf(r->xbuf);
	kfree(r->histogram);
	put_sirq(r);
	stop_responder(r);
	if (setup.type == EVL_LAT_SIRQ) {
		ret = get_sirq(r);
		if (ret) {
			r->xbuf = NULL;
			r->histogram = NULL;
			kfree(histogram);
			if (xbuf)
				evl_put_xbuf(xbuf);
			return ret;
		}
	}
	r->type = setup.type;
	r->period = setup.period;
	r->cpu = setup.cpu;
	r->tuning = tuning;
	r->verbosity = tuning ? setup.u.tune.verbosity : 0;
	r->xbuf = xbuf;
	r->histogram = histogram;
	r->hcells = hcells;
	evl_destroy_timer(&r->timer);
	evl_init_timer(&r->timer, latmus_tick, r->cpu);
	if (setup.type == EVL_LAT_KERN) {
		ret = evl_run_kthread(&r->responder, kernel_responder, r->cpu,
				      setup.priority, "latmus-kernel");
		if (ret)
			return ret;
		r->has_responder = true;
	}
	flags = evl_lock_wait_queue(&r->wq);
	WRITE_ONCE(r->set_up, true);
	evl_unlock_wait_queue(&r->wq, flags);

	return 0;
}

/* Oob: the results a measurement hands back, as @u_result says. */
static long copy_results(struct latmus_runner *r, const struct latmus_result *res)
{
	struct latmus_measurement_result mr;
	size_t len;

	if (r->tuning) {
		s32 gravity = READ_ONCE(*context_gravity(r->type));

		if (res->len < sizeof(gravity))
			return -EINVAL;
		return evl_copy_to_user(u64_to_user_ptr(res->data_ptr), &gravity,
					sizeof(gravity));
	}

	if (res->len < sizeof(mr) ||
	    evl_copy_from_user(&mr, u64_to_user_ptr(res->data_ptr), sizeof(mr)))
		return res->len < sizeof(mr) ? -EINVAL : -EFAULT;
	if (evl_copy_to_user(u64_to_user_ptr(mr.last_ptr), &r->bulk, sizeof(r->bulk)))
		return -EFAULT;
	len = min_t(size_t, mr.len, r->hcells * sizeof(*r->histogram));
	if (len && evl_copy_to_user(u64_to_user_ptr(mr.histogram_ptr),
				    r->histogram, len))
		return -EFAULT;

	return 0;
}

/*
 * Oob, an EVL thread: run the measurement until a signal ends it, or
 * the tuning until it is done; then hand the results back.
 */
static long run(struct latmus_runner *r, struct latmus_result __user *u_result)
{
	struct latmus_result res;
	unsigned long flags;
	ktime_t now, first;
	long ret = 0;

	if (evl_copy_from_user(&res, u_result, sizeof(res)))
		return -EFAULT;

	flags = evl_lock_wait_queue(&r->wq);
	if (!READ_ONCE(r->set_up) || r->running) {
		evl_unlock_wait_queue(&r->wq, flags);
		return r->running ? -EBUSY : -ENXIO;
	}
	r->running = true;
	r->generation++;
	r->shot = false;
	r->sirq_posted = false;
	r->gravity = r->tuning ? 0 : READ_ONCE(*context_gravity(r->type));
	reset_bulk(&r->bulk);
	if (r->hcells)
		memset(r->histogram, 0, r->hcells * sizeof(*r->histogram));
	r->tune_min = S64_MAX;
	r->tune_done = false;
	now = evl_monotonic_now();
	first = ktime_add(now, r->period);
	r->next_date = first;
	r->warmup_end = ktime_add(first, LATMUS_WARMUP_NS);
	r->bulk_end = ktime_add(r->warmup_end, NSEC_PER_SEC);
	r->tune_end = ktime_add(first, LATMUS_TUNE_NS);
	evl_unlock_wait_queue(&r->wq, flags);

	evl_start_timer(&r->timer, ktime_sub(first, r->gravity), r->period);

	/* Only a signal (or the close of the file) ends a measurement. */
	ret = evl_wait_event_locked(&r->run_wq, &flags, false,
				    r->tuning && READ_ONCE(r->tune_done));
	if (!ret)
		evl_unlock_wait_queue(&r->run_wq, flags);

	flags = evl_lock_wait_queue(&r->wq);
	r->running = false;
	r->runs_ended++;
	/* Responders waiting for a shot hear the run is over. */
	evl_wake_up_all_locked(&r->wq);
	evl_unlock_wait_queue(&r->wq, flags);
	evl_schedule();
	evl_destroy_timer(&r->timer);

	if (ret && (r->tuning || ret != -EINTR))
		return ret;
	if (r->tuning) {
		/* The shortest response is what the path costs at least. */
		WRITE_ONCE(*context_gravity(r->type),
			   clamp_t(s64, r->tune_min, 0, r->period / 2));
		if (r->verbosity)
			pr_info("latmus: %s gravity: %u ns (shortest response %lld ns)\n",
				r->type == EVL_LAT_IRQ ? "irq" :
				r->type == EVL_LAT_KERN ? "kernel" : "user",
				READ_ONCE(*context_gravity(r->type)), r->tune_min);
	}

	/* A measurement ends with a signal: it went as planned. */
	return copy_results(r, &res);
}

/*
 * Oob, the user responder: @u_date is when it woke up from its
 * previous pulse (0: none), which makes a sample; then wait for the
 * next event. -EPIPE: no run or a new one, the next date is skipped.
 */
static long pulse(struct latmus_runner *r, __u64 __user *u_date)
{
	unsigned long flags;
	u32 ended;
	u64 woke;
	long ret;

	if (evl_copy_from_user(&woke, u_date, sizeof(woke)))
		return -EFAULT;

	flags = evl_lock_wait_queue(&r->wq);
	if (woke && r->running && r->pulse_generation == r->generation)
		add_sample(r, evl_monotonic_now(), (s64)woke - ktime_to_ns(r->pulse_date));
	ended = r->runs_ended;
	evl_unlock_wait_queue(&r->wq, flags);
	/* A run ending while it waits: no shot for the date it asks. */
	ret = evl_wait_event_locked(&r->wq, &flags, false,
				    (r->running && r->shot) ||
				    r->runs_ended != ended);
	if (ret)
		return ret;
	if (!(r->running && r->shot)) {
		evl_unlock_wait_queue(&r->wq, flags);
		return -EPIPE;
	}
	r->shot = false;
	r->pulse_date = r->shot_date;
	ret = r->pulse_generation == r->generation ? 0 : -EPIPE;
	r->pulse_generation = r->generation;
	evl_unlock_wait_queue(&r->wq, flags);

	return ret;
}

static long latmus_oob_ioctl(struct file *filp, unsigned int cmd,
			     unsigned long arg)
{
	struct latmus_runner *r = filp->private_data;

	switch (cmd) {
	case EVL_LATIOC_RUN:
		return run(r, (struct latmus_result __user *)arg);
	case EVL_LATIOC_PULSE:
		return pulse(r, (__u64 __user *)arg);
	default:
		return -ENOTTY;
	}
}

static long latmus_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct latmus_runner *r = filp->private_data;
	struct evl_gravity *g = evl_timer_gravity();

	switch (cmd) {
	case EVL_LATIOC_TUNE:
		return setup_runner(r, (struct latmus_setup __user *)arg, true);
	case EVL_LATIOC_MEASURE:
		return setup_runner(r, (struct latmus_setup __user *)arg, false);
	case EVL_LATIOC_RESET:
		/* Our factory settings: no anticipation. */
		WRITE_ONCE(g->irq, 0);
		WRITE_ONCE(g->kernel, 0);
		WRITE_ONCE(g->user, 0);
		return 0;
	default:
		return -ENOTTY;
	}
}

static int latmus_open(struct inode *inode, struct file *filp)
{
	struct latmus_runner *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	evl_init_wait_queue(&r->wq, "latmus-pulse");
	evl_init_wait_queue(&r->run_wq, "latmus-run");
	evl_init_timer(&r->timer, latmus_tick, evl_timer_cpu());
	filp->private_data = r;

	return stream_open(inode, filp);
}

static int latmus_release(struct inode *inode, struct file *filp)
{
	struct latmus_runner *r = filp->private_data;

	/* No oob call runs on it past this point. */
	evl_release_oob_file(filp);
	evl_destroy_timer(&r->timer);
	put_sirq(r);
	stop_responder(r);
	if (r->xbuf)
		evl_put_xbuf(r->xbuf);
	kfree(r->histogram);
	kfree(r);

	return 0;
}

static const struct file_operations latmus_fops = {
	.owner		= THIS_MODULE,
	.open		= latmus_open,
	.release	= latmus_release,
	.unlocked_ioctl	= latmus_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.oob_ioctl	= latmus_oob_ioctl,
};

int evl_latmus_init(void)
{
	int ret;

	ret = evl_add_chrdev(&latmus_cdev, &latmus_devt, 1, "latmus", &latmus_fops);
	if (ret)
		return ret;
	ret = class_register(&latmus_class);
	if (ret)
		goto fail_class;
	latmus_dev = device_create(&latmus_class, NULL, latmus_devt, NULL, "latmus");
	if (IS_ERR(latmus_dev)) {
		ret = PTR_ERR(latmus_dev);
		goto fail_dev;
	}

	return 0;

fail_dev:
	class_unregister(&latmus_class);
fail_class:
	evl_del_chrdev(&latmus_cdev, latmus_devt, 1);

	return ret;
}

void evl_latmus_cleanup(void)
{
	device_destroy(&latmus_class, latmus_devt);
	class_unregister(&latmus_class);
	evl_del_chrdev(&latmus_cdev, latmus_devt, 1);
}

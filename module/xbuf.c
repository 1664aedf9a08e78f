// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-buffers (EVL_XBUF_DEV elements): two byte rings between the
 * stages. The inbound ring is written on the oob stage (a thread's
 * oob_write, or a driver through evl_write_xbuf()) and read in-band;
 * the outbound ring is written in-band and read by oob_read. A write
 * goes in whole or waits for room, a read takes what is there up to its
 * size or waits for something; O_NONBLOCK makes either -EAGAIN instead.
 * A ring's lock is its oob wait queue's, which masks the CPU: the
 * in-band side copies outside of it, one caller at a time, to or from
 * the part of the ring the oob side leaves alone meanwhile.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/poll.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <evl/xbuf-abi.h>
#include "evl.h"
#include "factory.h"
#include "wait.h"
#include "xbuf.h"

/* Per ring: larger ones would rather be shared memory. */
#define XBUF_MAX_SIZE	SZ_1M
#define NR_XBUFS	128

struct xbuf_ring {
	u8 *data;
	u32 size;
	u32 head;			/* next byte to read */
	u32 fill;
	struct evl_wait_queue oob_wait;	/* its lock guards the ring */
	wait_queue_head_t inband_wait;
	struct irq_work wake_inband;
	/* One in-band reader or writer at a time, copying unlocked. */
	struct mutex inband_lock;
};

struct evl_xbuf {
	struct evl_element element;
	struct xbuf_ring in;		/* oob to in-band */
	struct xbuf_ring out;		/* in-band to oob */
};

static struct evl_xbuf *element_xbuf(struct evl_element *e)
{
	return container_of(e, struct evl_xbuf, element);
}

static void wake_inband_side(struct irq_work *work)
{
	struct xbuf_ring *r = container_of(work, struct xbuf_ring, wake_inband);

	wake_up_interruptible(&r->inband_wait);
}

/* Oob side, ring locked: in-band waiters or pollers hear of it later. */
static void kick_inband_side(struct xbuf_ring *r)
{
	if (wq_has_sleeper(&r->inband_wait))
		irq_work_queue(&r->wake_inband);
}

/* Ring locked: where the next byte goes in (@in), or comes out. */
static u32 ring_pos(struct xbuf_ring *r, bool in)
{
	return in ? (r->head + r->fill) % r->size : r->head;
}

/* Ring locked: @n bytes went in at the tail, or out from the head. */
static void ring_commit(struct xbuf_ring *r, u32 n, bool in)
{
	if (in) {
		r->fill += n;
	} else {
		r->head = (r->head + n) % r->size;
		r->fill -= n;
	}
}

/*
 * Ring locked, oob: copy @n bytes in at the tail (there is room) or out
 * from the head (they are there). @user: the other side is user memory,
 * which only the oob stage touches under the lock (locked pages, no
 * fault).
 */
static int ring_copy(struct xbuf_ring *r, void *buf, u32 n, bool in, bool user)
{
	u32 pos = ring_pos(r, in);
	u32 done = 0, chunk;
	int ret;

	while (done < n) {
		chunk = min(n - done, r->size - pos);
		if (in)
			ret = user ? evl_copy_from_user(r->data + pos,
							(const void __force __user *)buf + done,
							chunk) :
				(memcpy(r->data + pos, buf + done, chunk), 0);
		else
			ret = user ? evl_copy_to_user((void __force __user *)buf + done,
						      r->data + pos, chunk) :
				(memcpy(buf + done, r->data + pos, chunk), 0);
		if (ret)
			return ret;
		done += chunk;
		pos = (pos + chunk) % r->size;
	}
	ring_commit(r, n, in);

	return 0;
}

/*
 * In-band, @r's inband_lock held, unlocked: copy @n bytes of user memory
 * in from @pos (room the oob reader does not read until they are
 * committed) or out from @pos (bytes the oob writer does not touch until
 * they are consumed). -EFAULT if a part could not be copied.
 */
static int ring_copy_inband(struct xbuf_ring *r, u32 pos, void __user *u_buf,
			    u32 n, bool in)
{
	u32 done = 0, chunk;
	unsigned long left;

	while (done < n) {
		chunk = min(n - done, r->size - pos);
		if (in)
			left = copy_from_user(r->data + pos, u_buf + done, chunk);
		else
			left = copy_to_user(u_buf + done, r->data + pos, chunk);
		if (left)
			return -EFAULT;
		done += chunk;
		pos = (pos + chunk) % r->size;
	}

	return 0;
}

static ssize_t ring_write_oob(struct xbuf_ring *r, const void *buf, size_t len,
			      bool user, bool nonblock)
{
	unsigned long flags;
	int ret;

	if (!r->size)
		return -ENXIO;
	if (len > r->size)
		return -EFBIG;
	if (!len)
		return 0;

	ret = evl_wait_event_locked(&r->oob_wait, &flags, nonblock,
				    r->size - r->fill >= len);
	if (ret)
		return ret;
	ret = ring_copy(r, (void *)buf, len, true, user);
	if (!ret)
		kick_inband_side(r);
	evl_unlock_wait_queue(&r->oob_wait, flags);

	return ret ?: len;
}

ssize_t evl_write_xbuf(struct evl_xbuf *xbuf, const void *buf, size_t len)
{
	return ring_write_oob(&xbuf->in, buf, len, false, true);
}

/* Oob, a thread: the inbound ring. */
static ssize_t xbuf_oob_write(struct file *filp, const char __user *u_buf,
			      size_t count)
{
	struct evl_xbuf *x = element_xbuf(filp->private_data);

	return ring_write_oob(&x->in, (const void __force *)u_buf, count, true,
			      filp->f_flags & O_NONBLOCK);
}

/* Oob, a thread: the outbound ring. */
static ssize_t xbuf_oob_read(struct file *filp, char __user *u_buf, size_t count)
{
	struct xbuf_ring *r = &element_xbuf(filp->private_data)->out;
	unsigned long flags;
	u32 n;
	int ret;

	if (!r->size)
		return -ENXIO;
	if (!count)
		return 0;

	ret = evl_wait_event_locked(&r->oob_wait, &flags,
				    filp->f_flags & O_NONBLOCK, r->fill);
	if (ret)
		return ret;
	n = min_t(size_t, count, r->fill);
	ret = ring_copy(r, (void __force *)u_buf, n, false, true);
	if (!ret)
		kick_inband_side(r);
	evl_unlock_wait_queue(&r->oob_wait, flags);

	return ret ?: n;
}

/*
 * In-band, after an unlocked copy: @n bytes went in or out; the oob side
 * waiting for bytes or room goes first.
 */
static void commit_inband(struct xbuf_ring *r, u32 n, bool in)
{
	unsigned long flags = evl_lock_wait_queue(&r->oob_wait);

	ring_commit(r, n, in);
	evl_wake_up_all_locked(&r->oob_wait);
	evl_unlock_wait_queue(&r->oob_wait, flags);
}

/*
 * In-band: one reader or writer of @r at a time; a non-blocking one does
 * not wait for another that waits for bytes or room.
 */
static int lock_inband_side(struct xbuf_ring *r, bool nonblock)
{
	if (nonblock)
		return mutex_trylock(&r->inband_lock) ? 0 : -EAGAIN;

	return mutex_lock_interruptible(&r->inband_lock) ? -ERESTARTSYS : 0;
}

/*
 * In-band: the inbound ring. The bytes are copied out unlocked, then
 * consumed: the oob writers only add behind them meanwhile.
 */
static ssize_t xbuf_read(struct file *filp, char __user *u_buf, size_t count,
			 loff_t *ppos)
{
	struct xbuf_ring *r = &element_xbuf(filp->private_data)->in;
	unsigned long flags;
	ssize_t ret;
	u32 n, pos;

	if (!r->size)
		return -ENXIO;
	if (!count)
		return 0;
	ret = lock_inband_side(r, filp->f_flags & O_NONBLOCK);
	if (ret)
		return ret;

	ret = evl_wait_event_inband_locked(&r->oob_wait, &flags,
					   r->inband_wait,
					   filp->f_flags & O_NONBLOCK,
					   READ_ONCE(r->fill));
	if (ret)
		goto out;
	n = min_t(size_t, count, r->fill);
	pos = ring_pos(r, false);
	evl_unlock_wait_queue(&r->oob_wait, flags);

	ret = ring_copy_inband(r, pos, u_buf, n, false);
	if (ret)
		goto out;

	commit_inband(r, n, false);
	ret = n;
out:
	mutex_unlock(&r->inband_lock);

	return ret;
}

/*
 * In-band: the outbound ring, whole writes only. The bytes are copied
 * in unlocked, to room the oob readers do not read until committed.
 */
static ssize_t xbuf_write(struct file *filp, const char __user *u_buf,
			  size_t count, loff_t *ppos)
{
	struct xbuf_ring *r = &element_xbuf(filp->private_data)->out;
	unsigned long flags;
	ssize_t ret;
	u32 pos;

	if (!r->size)
		return -ENXIO;
	if (count > r->size)
		return -EFBIG;
	if (!count)
		return 0;
	ret = lock_inband_side(r, filp->f_flags & O_NONBLOCK);
	if (ret)
		return ret;

	ret = evl_wait_event_inband_locked(&r->oob_wait, &flags,
					   r->inband_wait,
					   filp->f_flags & O_NONBLOCK,
					   r->size - READ_ONCE(r->fill) >= count);
	if (ret)
		goto out;
	pos = ring_pos(r, true);
	evl_unlock_wait_queue(&r->oob_wait, flags);

	ret = ring_copy_inband(r, pos, (char __user *)u_buf, count, true);
	if (ret)
		goto out;

	commit_inband(r, count, true);
	ret = count;
out:
	mutex_unlock(&r->inband_lock);

	return ret;
}

static __poll_t xbuf_poll(struct file *filp, poll_table *wait)
{
	struct evl_xbuf *x = element_xbuf(filp->private_data);
	__poll_t ready = 0;

	poll_wait(filp, &x->in.inband_wait, wait);
	poll_wait(filp, &x->out.inband_wait, wait);
	if (READ_ONCE(x->in.fill))
		ready |= EPOLLIN | EPOLLRDNORM;
	if (x->out.size > READ_ONCE(x->out.fill))
		ready |= EPOLLOUT | EPOLLWRNORM;

	return ready;
}

static const struct file_operations xbuf_fops = {
	.owner		= THIS_MODULE,
	.open		= evl_open_element,
	.release	= evl_release_element,
	.read		= xbuf_read,
	.write		= xbuf_write,
	.poll		= xbuf_poll,
	.oob_read	= xbuf_oob_read,
	.oob_write	= xbuf_oob_write,
	.llseek		= noop_llseek,
};

struct evl_xbuf *evl_get_xbuf(int fd)
{
	struct evl_xbuf *x = ERR_PTR(-EBADF);
	struct file *filp = fget(fd);

	if (!filp)
		return x;
	if (filp->f_op == &xbuf_fops) {
		x = element_xbuf(filp->private_data);
		evl_get_element(&x->element);
	} else {
		x = ERR_PTR(-EINVAL);
	}
	fput(filp);

	return x;
}

void evl_put_xbuf(struct evl_xbuf *xbuf)
{
	evl_put_element(&xbuf->element);
}

static int init_ring(struct xbuf_ring *r, u32 size, const char *name)
{
	r->size = size;
	if (size) {
		r->data = kvzalloc(size, GFP_KERNEL);
		if (!r->data)
			return -ENOMEM;
	}
	evl_init_wait_queue(&r->oob_wait, name);
	init_waitqueue_head(&r->inband_wait);
	init_irq_work(&r->wake_inband, wake_inband_side);
	mutex_init(&r->inband_lock);

	return 0;
}

static void destroy_ring(struct xbuf_ring *r)
{
	irq_work_sync(&r->wake_inband);
	kvfree(r->data);
}

static struct evl_element *build_xbuf(struct evl_factory *fac,
				      void __user *u_attrs, u32 clone_flags,
				      u32 *state_offset)
{
	struct evl_xbuf_attrs attrs;
	struct evl_xbuf *x;
	int ret;

	if (copy_from_user(&attrs, u_attrs, sizeof(attrs)))
		return ERR_PTR(-EFAULT);
	if ((!attrs.i_bufsz && !attrs.o_bufsz) ||
	    attrs.i_bufsz > XBUF_MAX_SIZE || attrs.o_bufsz > XBUF_MAX_SIZE)
		return ERR_PTR(-EINVAL);

	x = kzalloc(sizeof(*x), GFP_KERNEL);
	if (!x)
		return ERR_PTR(-ENOMEM);
	ret = init_ring(&x->in, attrs.i_bufsz, "xbuf-in");
	if (!ret)
		ret = init_ring(&x->out, attrs.o_bufsz, "xbuf-out");
	if (ret) {
		kvfree(x->in.data);
		kfree(x);
		return ERR_PTR(ret);
	}
	evl_init_element(&x->element, fac, clone_flags);

	return &x->element;
}

static void dispose_xbuf(struct evl_element *e)
{
	struct evl_xbuf *x = element_xbuf(e);

	destroy_ring(&x->in);
	destroy_ring(&x->out);
	kfree(x);
}

/* "<in size> <in fill> <out size> <out fill>", in bytes. */
static ssize_t rings_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct evl_xbuf *x = element_xbuf(dev_get_drvdata(dev));

	return sysfs_emit(buf, "%u %u %u %u\n", x->in.size, READ_ONCE(x->in.fill),
			  x->out.size, READ_ONCE(x->out.fill));
}
static DEVICE_ATTR_RO(rings);

static struct attribute *xbuf_attrs[] = {
	&dev_attr_rings.attr,
	NULL,
};
ATTRIBUTE_GROUPS(xbuf);

static struct evl_factory xbuf_factory = {
	.name		= EVL_XBUF_DEV,
	.fops		= &xbuf_fops,
	.nr_elements	= NR_XBUFS,
	.attr_groups	= xbuf_groups,
	.build		= build_xbuf,
	.dispose	= dispose_xbuf,
};

int evl_xbuf_init(void)
{
	return evl_create_factory(&xbuf_factory);
}

void evl_xbuf_cleanup(void)
{
	evl_delete_factory(&xbuf_factory);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Element factories: the clone protocol (EVL_IOC_CLONE on
 * /dev/evl/<type>/clone), element names, minors and handles (fundles),
 * and the life of an element: it goes away with its last reference, be
 * it an open file or what the type holds (a thread until it exits).
 */
#include <linux/anon_inodes.h>
#include <linux/bitmap.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <evl/factory-abi.h>
#include "chrdev.h"
#include "evl.h"
#include "factory.h"
#include "file.h"

/* Longest element name, as libevl may send it. */
#define EVL_NAME_MAX	128

/* Handles of all elements; the two top bits are the mutex fast path's. */
static DEFINE_XARRAY_ALLOC1(fundles);
#define FUNDLE_LIMIT	XA_LIMIT(1, 0x3fffffff)

void evl_init_element(struct evl_element *e, struct evl_factory *fac,
		      u32 clone_flags)
{
	e->factory = fac;
	refcount_set(&e->refs, 1);
	INIT_LIST_HEAD(&e->next);
	e->clone_flags = clone_flags;
	e->minor = -1;
}

void evl_get_element(struct evl_element *e)
{
	refcount_inc(&e->refs);
}

/*
 * In-band, may sleep: take the element out of sight (name, node, sysfs,
 * handle) while references may remain; its name is free at once.
 */
void evl_retire_element(struct evl_element *e)
{
	struct evl_factory *fac = e->factory;

	mutex_lock(&fac->lock);
	if (list_empty(&e->next)) {
		mutex_unlock(&fac->lock);
		return;
	}
	list_del_init(&e->next);
	mutex_unlock(&fac->lock);

	device_unregister(e->dev);
	xa_erase(&fundles, e->fundle);
	mutex_lock(&fac->lock);
	clear_bit(e->minor, fac->minors);
	mutex_unlock(&fac->lock);
}

/* In-band, may sleep: the last reference takes the element down. */
void evl_put_element(struct evl_element *e)
{
	if (!refcount_dec_and_test(&e->refs))
		return;

	evl_retire_element(e);
	kfree(e->name);
	e->factory->dispose(e);
}

int evl_open_element(struct inode *inode, struct file *filp)
{
	struct evl_factory *fac = container_of(inode->i_cdev, struct evl_factory, cdev);
	int minor = iminor(inode) - MINOR(fac->devt);
	struct evl_element *e, *found = NULL;

	mutex_lock(&fac->lock);
	list_for_each_entry(e, &fac->elements, next) {
		if (e->minor == minor && refcount_inc_not_zero(&e->refs)) {
			found = e;
			break;
		}
	}
	mutex_unlock(&fac->lock);
	if (!found)
		return -ENODEV;

	filp->private_data = found;

	return stream_open(inode, filp);
}

int evl_release_element(struct inode *inode, struct file *filp)
{
	evl_release_oob_file(filp);
	evl_put_element(filp->private_data);

	return 0;
}

/* NULL name: anonymous. A name has no slash and is not empty. */
static const char *get_name(u64 name_ptr)
{
	char *name;

	if (!name_ptr)
		return NULL;

	name = strndup_user(u64_to_user_ptr(name_ptr), EVL_NAME_MAX);
	if (IS_ERR(name))
		return name;
	if (!*name || strchr(name, '/')) {
		kfree(name);
		return ERR_PTR(-EINVAL);
	}

	return name;
}

/* Under fac->lock. */
static bool name_taken(struct evl_factory *fac, const char *name)
{
	struct evl_element *e;

	list_for_each_entry(e, &fac->elements, next) {
		if (!strcmp(e->name, name))
			return true;
	}

	return false;
}

/* Number, name and register @e; the name is the element's from now on. */
static int register_element(struct evl_factory *fac, struct evl_element *e,
			    const char *name)
{
	bool public = e->clone_flags & EVL_CLONE_PUBLIC;
	dev_t devt = 0;
	int ret;

	mutex_lock(&fac->lock);
	e->minor = find_first_zero_bit(fac->minors, fac->nr_elements);
	if (e->minor >= fac->nr_elements) {
		ret = -EAGAIN;
		goto fail;
	}
	e->name = name ?: kasprintf(GFP_KERNEL, "%s%%%d", fac->name, e->minor);
	if (!e->name) {
		ret = -ENOMEM;
		goto fail;
	}
	if (name_taken(fac, e->name)) {
		ret = -EEXIST;
		goto fail_name;
	}
	ret = xa_alloc(&fundles, &e->fundle, e, FUNDLE_LIMIT, GFP_KERNEL);
	if (ret)
		goto fail_name;
	/* Only public elements get a device node. */
	if (public)
		devt = fac->devt + e->minor;
	e->dev = device_create_with_groups(&fac->class, NULL, devt, e,
					   fac->attr_groups, "%s", e->name);
	if (IS_ERR(e->dev)) {
		ret = PTR_ERR(e->dev);
		goto fail_dev;
	}
	set_bit(e->minor, fac->minors);
	list_add_tail(&e->next, &fac->elements);
	mutex_unlock(&fac->lock);

	return 0;

fail_dev:
	xa_erase(&fundles, e->fundle);
fail_name:
	if (e->name != name)
		kfree(e->name);
	e->name = NULL;
fail:
	mutex_unlock(&fac->lock);

	return ret;
}

/*
 * An open clone device: its factory, then the element it made, which
 * it holds until closed unless the type took that reference over.
 */
struct clone_file {
	struct evl_factory *fac;
	atomic_t used;
	struct evl_element *made;
};

static long clone_element(struct clone_file *cf, struct evl_clone_req __user *u_req)
{
	struct evl_factory *fac = cf->fac;
	struct evl_clone_req req;
	struct evl_element *e;
	u32 state_offset = -1U;
	struct file *file = NULL;
	const char *name;
	int ret, fd = -1;

	if (copy_from_user(&req, u_req, sizeof(req)))
		return -EFAULT;
	if (req.clone_flags & ~(fac->clone_flags | EVL_CLONE_PUBLIC))
		return -EINVAL;

	name = get_name(req.name_ptr);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if ((req.clone_flags & EVL_CLONE_PUBLIC) && !name)
		return -EINVAL;

	e = fac->build(fac, u64_to_user_ptr(req.attrs_ptr), req.clone_flags,
		       &state_offset);
	if (IS_ERR(e)) {
		kfree(name);
		return PTR_ERR(e);
	}

	ret = register_element(fac, e, name);
	if (ret) {
		kfree(name);
		fac->dispose(e);
		return ret;
	}

	/* A private element comes with its file, the only way to it. */
	if (!(req.clone_flags & EVL_CLONE_PUBLIC)) {
		fd = get_unused_fd_flags(O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			ret = fd;
			goto fail;
		}
		evl_get_element(e);
		file = anon_inode_getfile(e->name, fac->fops, e, O_RDWR | O_CLOEXEC);
		if (IS_ERR(file)) {
			evl_put_element(e);
			put_unused_fd(fd);
			ret = PTR_ERR(file);
			goto fail;
		}
	}

	req.eids.minor = e->minor;
	req.eids.fundle = e->fundle;
	req.eids.state_offset = state_offset;
	req.efd = fd;
	if (copy_to_user(u_req, &req, sizeof(req))) {
		ret = -EFAULT;
		if (file) {
			fput(file);
			put_unused_fd(fd);
		}
		goto fail;
	}
	if (file)
		fd_install(fd, file);
	/* The reference build() gave: the type's, or the clone file's. */
	if (fac->activate)
		fac->activate(e);
	else
		cf->made = e;

	return 0;

fail:
	evl_put_element(e);

	return ret;
}

/*
 * Running or stopped: a stopped core makes no element. Clones hold the
 * lock for reading, so none is under way when the state changes.
 */
static DECLARE_RWSEM(state_lock);
static bool core_stopped;

bool evl_core_stopped(void)
{
	return READ_ONCE(core_stopped);
}

void evl_set_core_stopped(bool stopped)
{
	down_write(&state_lock);
	WRITE_ONCE(core_stopped, stopped);
	up_write(&state_lock);
}

static long clone_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct clone_file *cf = filp->private_data;
	long ret;

	if (cmd != EVL_IOC_CLONE)
		return -ENOTTY;

	down_read(&state_lock);
	if (core_stopped) {
		up_read(&state_lock);
		return -ENXIO;
	}

	/* One element per open clone device. */
	if (atomic_xchg(&cf->used, 1))
		ret = -EBUSY;
	else
		ret = clone_element(cf, (struct evl_clone_req __user *)arg);
	up_read(&state_lock);

	return ret;
}

static int clone_release(struct inode *inode, struct file *filp)
{
	struct clone_file *cf = filp->private_data;

	if (cf->made)
		evl_put_element(cf->made);
	kfree(cf);

	return 0;
}

static const struct file_operations clone_fops = {
	.owner		= THIS_MODULE,
	.release	= clone_release,
	.unlocked_ioctl	= clone_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

/* The clone device, or a public element's node. */
static int factory_open(struct inode *inode, struct file *filp)
{
	struct evl_factory *fac = container_of(inode->i_cdev, struct evl_factory, cdev);
	struct clone_file *cf;

	/* Same owner as ours, whose reference the open holds. */
	if (iminor(inode) - MINOR(fac->devt) < fac->nr_elements) {
		replace_fops(filp, fops_get(fac->fops));
		return filp->f_op->open ? filp->f_op->open(inode, filp) : -ENODEV;
	}

	cf = kzalloc(sizeof(*cf), GFP_KERNEL);
	if (!cf)
		return -ENOMEM;
	cf->fac = fac;
	replace_fops(filp, fops_get(&clone_fops));
	filp->private_data = cf;

	return stream_open(inode, filp);
}

static const struct file_operations factory_fops = {
	.owner	= THIS_MODULE,
	.open	= factory_open,
};

static char *factory_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "evl/%s/%s", dev->class->name, dev_name(dev));
}

int evl_create_factory(struct evl_factory *fac)
{
	unsigned int nr_minors = fac->nr_elements + 1;
	int ret;

	mutex_init(&fac->lock);
	INIT_LIST_HEAD(&fac->elements);
	fac->minors = bitmap_zalloc(fac->nr_elements, GFP_KERNEL);
	if (!fac->minors)
		return -ENOMEM;

	ret = evl_add_chrdev(&fac->cdev, &fac->devt, nr_minors, fac->name,
			     &factory_fops);
	if (ret)
		goto fail_region;

	fac->class = (struct class){
		.name = fac->name,
		.devnode = factory_devnode,
	};
	ret = class_register(&fac->class);
	if (ret)
		goto fail_class;

	fac->clone_dev = device_create(&fac->class, NULL,
				       fac->devt + fac->nr_elements, fac, "clone");
	if (IS_ERR(fac->clone_dev)) {
		ret = PTR_ERR(fac->clone_dev);
		goto fail_clone;
	}

	return 0;

fail_clone:
	class_unregister(&fac->class);
fail_class:
	evl_del_chrdev(&fac->cdev, fac->devt, nr_minors);
fail_region:
	bitmap_free(fac->minors);

	return ret;
}

/* Elements hold module references: none is left at unload. */
void evl_delete_factory(struct evl_factory *fac)
{
	WARN_ON_ONCE(!list_empty(&fac->elements));
	device_unregister(fac->clone_dev);
	class_unregister(&fac->class);
	evl_del_chrdev(&fac->cdev, fac->devt, fac->nr_elements + 1);
	bitmap_free(fac->minors);
}

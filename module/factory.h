/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Element factories: each element type (thread, later monitor, xbuf...)
 * has a device class named after it, a clone device that creates
 * elements, and one sysfs directory per element; public elements also
 * get a device node, /dev/evl/<type>/<name>.
 */
#ifndef _EVL_FACTORY_H
#define _EVL_FACTORY_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/types.h>

struct evl_factory;

struct evl_element {
	struct evl_factory *factory;
	/* Open files, plus whatever keeps the element alive (a thread). */
	refcount_t refs;
	struct list_head next;		/* in the factory's list */
	struct device *dev;
	const char *name;
	int minor;
	u32 fundle;
	u32 clone_flags;
};

struct evl_factory {
	const char *name;
	/* Of the elements' files; open/release are the factory's. */
	const struct file_operations *fops;
	unsigned int nr_elements;
	u32 clone_flags;		/* accepted besides EVL_CLONE_PUBLIC */
	const struct attribute_group **attr_groups;
	/*
	 * Make the type's element from the user's attributes; the
	 * factory names, numbers and registers it afterwards.
	 */
	struct evl_element *(*build)(struct evl_factory *fac, void __user *u_attrs,
				     u32 clone_flags, u32 *state_offset);
	/* Once the element is out to user space (may be NULL). */
	void (*activate)(struct evl_element *e);
	/* Frees the type's element, once nothing refers to it. */
	void (*dispose)(struct evl_element *e);

	/* Run time. */
	struct class class;
	dev_t devt;			/* elements' minors, then the clone's */
	struct cdev cdev;
	struct device *clone_dev;
	unsigned long *minors;
	struct list_head elements;
	struct mutex lock;		/* elements, minors */
};

void evl_init_element(struct evl_element *e, struct evl_factory *fac,
		      u32 clone_flags);
void evl_get_element(struct evl_element *e);
void evl_put_element(struct evl_element *e);
void evl_retire_element(struct evl_element *e);

/* For the .open and .release of the element files. */
int evl_open_element(struct inode *inode, struct file *filp);
int evl_release_element(struct inode *inode, struct file *filp);

/*
 * In-band: the core's state. Stopping waits for clones under way; the
 * caller then kills the threads (control.c).
 */
bool evl_core_stopped(void);
void evl_set_core_stopped(bool stopped);

int evl_create_factory(struct evl_factory *fac);
void evl_delete_factory(struct evl_factory *fac);

#endif /* _EVL_FACTORY_H */

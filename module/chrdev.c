// SPDX-License-Identifier: GPL-2.0
/*
 * Character device regions: every node of the core (control, clocks,
 * element factories, latmus) is a minor of a region of its own, served
 * by one cdev.
 */
#include <linux/cdev.h>
#include <linux/fs.h>
#include "chrdev.h"
#include "evl.h"

int evl_add_chrdev(struct cdev *cdev, dev_t *devt, unsigned int count,
		   const char *name, const struct file_operations *fops)
{
	int ret;

	ret = alloc_chrdev_region(devt, 0, count, name);
	if (ret)
		return ret;
	cdev_init(cdev, fops);
	ret = cdev_add(cdev, *devt, count);
	if (ret)
		unregister_chrdev_region(*devt, count);

	return ret;
}

void evl_del_chrdev(struct cdev *cdev, dev_t devt, unsigned int count)
{
	cdev_del(cdev);
	unregister_chrdev_region(devt, count);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Character device regions of the core's nodes. */
#ifndef _EVL_CHRDEV_H
#define _EVL_CHRDEV_H

#include <linux/cdev.h>
#include <linux/fs.h>

/* In-band: a region of @count minors from *@devt on, served by @fops. */
int evl_add_chrdev(struct cdev *cdev, dev_t *devt, unsigned int count,
		   const char *name, const struct file_operations *fops);
void evl_del_chrdev(struct cdev *cdev, dev_t devt, unsigned int count);

#endif /* _EVL_CHRDEV_H */

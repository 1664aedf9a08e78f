// SPDX-License-Identifier: GPL-2.0
/*
 * The file side of the test core: a device whose file operations have
 * out-of-band handlers, and the core's own map from (files, fd) to file,
 * kept from Dovetail's fd notifications, through which out-of-band calls
 * reach a file without the in-band fd table.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "test_core.h"

#define FD_MAP_SIZE	64

struct fd_entry {
	struct files_struct *files;
	unsigned int fd;
	struct file *file;
};

/* Taken with hard irqs off: out-of-band callers look it up too. */
static arch_spinlock_t fd_lock = __ARCH_SPIN_LOCK_UNLOCKED;
static struct fd_entry fd_map[FD_MAP_SIZE];
static int fd_mapped, fd_overflows;
static atomic_t fd_installs, fd_uninstalls, fd_replaces, oob_ops;

static unsigned long fd_map_lock(void)
{
	unsigned long flags = hard_local_irq_save();

	arch_spin_lock(&fd_lock);
	return flags;
}

static void fd_map_unlock(unsigned long flags)
{
	arch_spin_unlock(&fd_lock);
	hard_local_irq_restore(flags);
}

static struct fd_entry *fd_find(struct files_struct *files, unsigned int fd)
{
	int i;

	for (i = 0; i < FD_MAP_SIZE; i++)
		if (fd_map[i].file && fd_map[i].files == files && fd_map[i].fd == fd)
			return &fd_map[i];
	return NULL;
}

static struct fd_entry *fd_free_slot(void)
{
	int i;

	for (i = 0; i < FD_MAP_SIZE; i++)
		if (!fd_map[i].file)
			return &fd_map[i];
	return NULL;
}

static void fd_unmap(struct files_struct *files, unsigned int fd)
{
	struct fd_entry *e = fd_find(files, fd);

	if (e) {
		e->file = NULL;
		fd_mapped--;
	}
}

static void fd_map_file(struct files_struct *files, unsigned int fd,
			struct file *file)
{
	struct fd_entry *e = fd_free_slot();

	if (!e) {
		fd_overflows++;
		return;
	}
	*e = (struct fd_entry){ .files = files, .fd = fd, .file = file };
	fd_mapped++;
}

static bool is_test_file(struct file *file);

/* In-band, from the fd table code: keep the map in step with it. */
void test_fd_event(enum dovetail_fd_event event, unsigned int fd,
		   struct file *file, struct files_struct *files)
{
	unsigned long flags;

	flags = fd_map_lock();
	switch (event) {
	case DOVETAIL_FD_INSTALL:
		atomic_inc(&fd_installs);
		if (is_test_file(file))
			fd_map_file(files, fd, file);
		break;
	case DOVETAIL_FD_REPLACE:
		atomic_inc(&fd_replaces);
		fd_unmap(files, fd);
		if (is_test_file(file))
			fd_map_file(files, fd, file);
		break;
	case DOVETAIL_FD_UNINSTALL:
		atomic_inc(&fd_uninstalls);
		fd_unmap(files, fd);
		break;
	}
	fd_map_unlock(flags);
}

/*
 * Calls on a file by descriptor, from either stage: the file is used
 * under the map lock, so that a concurrent close cannot free it.
 */
long test_fd_call(unsigned long call, unsigned long fd, unsigned long arg,
		  unsigned long len)
{
	const struct file_operations *fops;
	struct fd_entry *e;
	unsigned long flags;
	struct file *file;
	long ret;

	flags = fd_map_lock();
	e = fd_find(current->files, fd);
	if (!e) {
		fd_map_unlock(flags);
		return -EBADF;
	}
	file = e->file;
	fops = file->f_op;
	switch (call) {
	case TESTCORE_FD_MAPPED:
		ret = 1;
		break;
	case TESTCORE_OOB_IOCTL:
		/* An ia32 caller gets the handler for its ABI, as in-band. */
		if (in_compat_syscall())
			ret = fops->compat_oob_ioctl ?
				fops->compat_oob_ioctl(file, arg, len) : -ENOTTY;
		else
			ret = fops->oob_ioctl(file, arg, len);
		break;
	case TESTCORE_OOB_WRITE:
		ret = fops->oob_write(file, (const char __user *)arg, len);
		break;
	case TESTCORE_OOB_READ:
		ret = fops->oob_read(file, (char __user *)arg, len);
		break;
	default:
		ret = -EOPNOTSUPP;
	}
	fd_map_unlock(flags);

	return ret;
}

/* The device: one byte of state per open file. */
struct test_file {
	char byte;
};

static int test_open(struct inode *inode, struct file *file)
{
	struct test_file *tf = kzalloc(sizeof(*tf), GFP_KERNEL);

	if (!tf)
		return -ENOMEM;
	/* Replaces the miscdevice misc_open() left there. */
	file->private_data = tf;
	return 0;
}

static int test_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

/*
 * TEST_IOC_DOUBLE returns twice its argument, TEST_IOC_STAGE whether it
 * runs oob, TEST_IOC_COMPAT whether it came through compat_oob_ioctl.
 */
#define TEST_IOC_DOUBLE	1
#define TEST_IOC_STAGE	2
#define TEST_IOC_COMPAT	3

static long test_oob_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	atomic_inc(&oob_ops);
	switch (cmd) {
	case TEST_IOC_DOUBLE:
		return arg * 2;
	case TEST_IOC_STAGE:
		return running_oob();
	case TEST_IOC_COMPAT:
		return 0;
	}
	return -ENOTTY;
}

static long test_compat_oob_ioctl(struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	if (cmd == TEST_IOC_COMPAT) {
		atomic_inc(&oob_ops);
		return 1;
	}
	return test_oob_ioctl(file, cmd, arg);
}

/* The caller's buffer must be present: nothing handles faults oob. */
static ssize_t test_oob_write(struct file *file, const char __user *u,
			      size_t len)
{
	struct test_file *tf = file->private_data;
	unsigned long left;

	atomic_inc(&oob_ops);
	if (len != 1)
		return -EINVAL;
	pagefault_disable();
	left = __copy_from_user_inatomic(&tf->byte, u, 1);
	pagefault_enable();

	return left ? -EFAULT : 1;
}

static ssize_t test_oob_read(struct file *file, char __user *u, size_t len)
{
	struct test_file *tf = file->private_data;
	unsigned long left;

	atomic_inc(&oob_ops);
	if (len != 1)
		return -EINVAL;
	pagefault_disable();
	left = __copy_to_user_inatomic(u, &tf->byte, 1);
	pagefault_enable();

	return left ? -EFAULT : 1;
}

static const struct file_operations test_fops = {
	.owner = THIS_MODULE,
	.open = test_open,
	.release = test_release,
	.oob_ioctl = test_oob_ioctl,
	.compat_oob_ioctl = test_compat_oob_ioctl,
	.oob_write = test_oob_write,
	.oob_read = test_oob_read,
};

static bool is_test_file(struct file *file)
{
	return file && file->f_op == &test_fops;
}

static struct miscdevice test_device = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "dovetail_test",
	.fops = &test_fops,
};

int test_files_stats(char *buf, int at)
{
	return sysfs_emit_at(buf, at,
			     " fd_installs %d fd_uninstalls %d fd_replaces %d fd_mapped %d fd_overflows %d oob_ops %d",
			     atomic_read(&fd_installs),
			     atomic_read(&fd_uninstalls),
			     atomic_read(&fd_replaces), READ_ONCE(fd_mapped),
			     READ_ONCE(fd_overflows), atomic_read(&oob_ops));
}

int test_files_init(void)
{
	return misc_register(&test_device);
}

void test_files_exit(void)
{
	misc_deregister(&test_device);
}

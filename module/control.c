// SPDX-License-Identifier: GPL-2.0
/*
 * The control device, /dev/evl/control: what the core is (ABI level,
 * FPU features, shared heap size), the state of each CPU, scheduling
 * policy control, and the mapping of the shared heap. Its sysfs
 * directory, /sys/devices/virtual/evl/control, has the state, ABI level
 * and oob CPUs. The core is running or stopped: stopped, it has no
 * thread and makes no element; writing "stop" to the state kills the
 * threads first, "start" runs it again.
 */
#include <linux/cdev.h>
#include <linux/compat.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <evl/control-abi.h>
#include <evl/sched-abi.h>
#include "arch.h"
#include "chrdev.h"
#include "control.h"
#include "evl.h"
#include "factory.h"
#include "shared.h"
#include "thread.h"

static char *init_state = "running";
module_param_named(state, init_state, charp, 0444);
MODULE_PARM_DESC(state, "State at load: running, or stopped (no thread attaches until \"start\" is written to /sys/devices/virtual/evl/control/state)");

static char *evl_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "evl/%s", dev_name(dev));
}

const struct class evl_class = {
	.name = "evl",
	.devnode = evl_devnode,
};

static dev_t control_devt;
static struct cdev control_cdev;
static struct device *control_dev;

static long get_core_info(struct evl_core_info __user *u_info)
{
	struct evl_core_info info = {
		.abi_base = EVL_ABI_BASE,
		.abi_current = EVL_ABI_LEVEL,
		.fpu_features = evl_arch_fpu_features(),
		.shm_size = EVL_SHARED_HEAP_SIZE,
	};

	return copy_to_user(u_info, &info, sizeof(info)) ? -EFAULT : 0;
}

static long get_cpu_state(struct evl_cpu_state __user *u_cpust)
{
	struct evl_cpu_state cpust;
	u32 state = 0;

	if (copy_from_user(&cpust, u_cpust, sizeof(cpust)))
		return -EFAULT;
	if (cpust.cpu >= nr_cpu_ids || !cpu_possible(cpust.cpu))
		return -EINVAL;
	if (cpumask_test_cpu(cpust.cpu, &evl_oob_cpus))
		state |= EVL_CPU_OOB;
	if (!cpu_online(cpust.cpu))
		state |= EVL_CPU_OFFLINE;

	return put_user(state, (u32 __user *)u64_to_user_ptr(cpust.state_ptr));
}

static long sched_control(struct evl_sched_ctlreq __user *u_req)
{
	struct evl_sched_ctlreq req;

	if (copy_from_user(&req, u_req, sizeof(req)))
		return -EFAULT;

	/* Neither policy is there yet: "no kernel support" for libevl. */
	switch (req.policy) {
	case SCHED_QUOTA:
	case SCHED_TP:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static long control_ioctl(struct file *filp, unsigned int cmd,
			  unsigned long arg)
{
	void __user *u_arg = (void __user *)arg;

	switch (cmd) {
	case EVL_CTLIOC_GET_COREINFO:
		return get_core_info(u_arg);
	case EVL_CTLIOC_GET_CPUSTATE:
		return get_cpu_state(u_arg);
	case EVL_CTLIOC_SCHEDCTL:
		return sched_control(u_arg);
	default:
		return -ENOTTY;
	}
}

static int control_open(struct inode *inode, struct file *filp)
{
	/* The core serves user processes. */
	if (!current->mm || (current->flags & PF_KTHREAD))
		return -EPERM;
	/* Its threads may attach from now on. */
	set_bit(EVL_MM_ACTIVE, &current->mm->oob_state.flags);

	return stream_open(inode, filp);
}

/* The whole shared heap, from its start, or nothing. */
static int control_mmap(struct file *filp, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff ||
	    vma->vm_end - vma->vm_start != EVL_SHARED_HEAP_SIZE ||
	    !(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	return remap_vmalloc_range(vma, evl_shared_heap, 0);
}

static const struct file_operations control_fops = {
	.owner		= THIS_MODULE,
	.open		= control_open,
	.unlocked_ioctl	= control_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= control_mmap,
};

static ssize_t abi_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", EVL_ABI_LEVEL);
}
static DEVICE_ATTR_RO(abi);

static ssize_t cpus_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(&evl_oob_cpus));
}
static DEVICE_ATTR_RO(cpus);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", evl_core_stopped() ? "stopped" : "running");
}

static ssize_t state_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	bool stop;
	int ret;

	if (sysfs_streq(buf, "stop"))
		stop = true;
	else if (sysfs_streq(buf, "start"))
		stop = false;
	else
		return -EINVAL;

	evl_set_core_stopped(stop);
	if (!stop)
		return count;

	ret = evl_kill_threads();

	return ret ?: count;
}
static DEVICE_ATTR_RW(state);

static struct attribute *control_attrs[] = {
	&dev_attr_abi.attr,
	&dev_attr_cpus.attr,
	&dev_attr_state.attr,
	NULL,
};
ATTRIBUTE_GROUPS(control);

int evl_control_init(void)
{
	int ret;

	if (sysfs_streq(init_state, "stopped")) {
		evl_set_core_stopped(true);
	} else if (!sysfs_streq(init_state, "running")) {
		pr_err("state=%s: running or stopped\n", init_state);
		return -EINVAL;
	}

	ret = evl_add_chrdev(&control_cdev, &control_devt, 1, "evl-control",
			     &control_fops);
	if (ret)
		return ret;

	control_dev = device_create_with_groups(&evl_class, NULL, control_devt,
						NULL, control_groups, "control");
	if (IS_ERR(control_dev)) {
		evl_del_chrdev(&control_cdev, control_devt, 1);
		return PTR_ERR(control_dev);
	}

	return 0;
}

void evl_control_cleanup(void)
{
	device_destroy(&evl_class, control_devt);
	evl_del_chrdev(&control_cdev, control_devt, 1);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * EVL threads: a user task attaches itself through /dev/evl/thread/clone
 * and stays attached until it detaches or exits, whether or not its
 * thread file is still open. Attaching binds the task to the core,
 * pins it to one oob CPU, grants it the capabilities real-time work
 * needs, names it after the element and gives it a window in the
 * shared heap, whose state word user space reads to pick its paths.
 * Threads move to the out-of-band stage on their first out-of-band call
 * and leave it on any other system call (sched.c, syscall.c).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/dovetail.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <evl/factory-abi.h>
#include <evl/thread-abi.h>
#include "evl.h"
#include "factory.h"
#include "sched.h"
#include "thread.h"
#include "timer.h"

#define NR_THREADS	256

static struct evl_thread *element_thread(struct evl_element *e)
{
	return container_of(e, struct evl_thread, element);
}

static struct evl_element *build_thread(struct evl_factory *fac,
					void __user *u_attrs, u32 clone_flags,
					u32 *state_offset)
{
	struct evl_thread *t;

	if (current->flags & PF_KTHREAD || !current->mm)
		return ERR_PTR(-EPERM);
	if (evl_current_thread())
		return ERR_PTR(-EBUSY);
	/* The process must have opened the control device (evl_init()). */
	if (!test_bit(EVL_MM_ACTIVE, &current->mm->oob_state.flags))
		return ERR_PTR(-EPERM);
	/* Page faults would demote the thread: mlockall(MCL_FUTURE) first. */
	if (!(current->mm->def_flags & VM_LOCKED))
		return ERR_PTR(-EINVAL);
	if ((clone_flags & EVL_CLONE_UNICAST) && !(clone_flags & EVL_CLONE_OBSERVABLE))
		return ERR_PTR(-EINVAL);
	/* Thread observables are not there yet. */
	if (clone_flags & EVL_CLONE_OBSERVABLE)
		return ERR_PTR(-EOPNOTSUPP);

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->window = evl_alloc_shared(sizeof(*t->window));
	if (!t->window) {
		kfree(t);
		return ERR_PTR(-ENOMEM);
	}
	*state_offset = evl_shared_offset(t->window);
	evl_init_element(&t->element, fac, clone_flags);
	t->attrs.sched_policy = SCHED_WEAK;
	t->attrs.sched_priority = 0;
	evl_set_state(t, EVL_T_INBAND | EVL_T_WEAK | EVL_T_USER, 0);

	return &t->element;
}

/* What real-time work needs; attached threads keep it after detaching. */
static void grant_capabilities(void)
{
	struct cred *cred = prepare_creds();

	if (!cred)
		return;
	cap_raise(cred->cap_effective, CAP_SYS_NICE);
	cap_raise(cred->cap_effective, CAP_IPC_LOCK);
	cap_raise(cred->cap_effective, CAP_SYS_RAWIO);
	commit_creds(cred);
}

/* The caller becomes the thread, now out to user space. */
static void attach_thread(struct evl_element *e)
{
	struct evl_thread *t = element_thread(e);

	/* Dropped by the detach: an attached thread pins the core. */
	__module_get(THIS_MODULE);
	t->pid = task_pid_nr(current);
	t->cpu = evl_timer_cpu();
	set_cpus_allowed_ptr(current, cpumask_of(t->cpu));
	grant_capabilities();
	task_lock(current);
	strscpy_pad(current->comm, e->name, sizeof(current->comm));
	task_unlock(current);

	evl_init_thread_sched(t);
	dovetail_init_altsched(&t->altsched);
	dovetail_current_state()->core = t;
	t->attached = true;
	dovetail_start_altsched();
}

/* The current task, in-band: detach it from its thread. */
static void detach_current(void)
{
	struct evl_thread *t = evl_current_thread();

	dovetail_stop_altsched();
	dovetail_current_state()->core = NULL;
	t->attached = false;
	evl_set_state(t, EVL_T_ZOMBIE, 0);
	/* Its name is free for reuse now, even if files still refer to it. */
	evl_retire_element(&t->element);
	evl_put_element(&t->element);
	module_put(THIS_MODULE);
}

void evl_thread_exit(void)
{
	if (evl_current_thread())
		detach_current();
}

static void dispose_thread(struct evl_element *e)
{
	struct evl_thread *t = element_thread(e);

	if (t->task) {
		evl_destroy_timer(&t->rtimer);
		irq_work_sync(&t->inband_wakeup);
	}
	evl_free_shared(t->window, sizeof(*t->window));
	kfree(t);
}

/*
 * SCHED_OTHER (priority 0) is SCHED_WEAK; weak threads rank below
 * FIFO ones. A thread running or ready on the oob stage may only change
 * its own settings. Round-robin, quota and TP are not there yet.
 */
static long set_sched_attrs(struct evl_thread *t, const struct evl_sched_attrs *a)
{
	int policy = a->sched_policy, prio = a->sched_priority, rank;
	unsigned long flags;

	switch (policy) {
	case SCHED_NORMAL:	/* SCHED_OTHER */
		if (prio)
			return -EINVAL;
		policy = SCHED_WEAK;
		rank = 0;
		break;
	case SCHED_WEAK:
		if (prio < 0 || prio > EVL_FIFO_MAX_PRIO)
			return -EINVAL;
		rank = prio;
		break;
	case SCHED_FIFO:
		if (prio < 1 || prio > EVL_FIFO_MAX_PRIO)
			return -EINVAL;
		rank = EVL_FIFO_MAX_PRIO + 1 + prio;
		break;
	case SCHED_RR:
	case SCHED_QUOTA:
	case SCHED_TP:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}

	flags = hard_local_irq_save();
	if (t != evl_current_thread() && !(t->state & EVL_T_INBAND)) {
		hard_local_irq_restore(flags);
		return -EBUSY;
	}
	t->attrs.sched_policy = policy;
	t->attrs.sched_priority = prio;
	t->prio = rank;
	if (policy == SCHED_WEAK)
		evl_set_state(t, EVL_T_WEAK, 0);
	else
		evl_set_state(t, 0, EVL_T_WEAK);
	hard_local_irq_restore(flags);

	return 0;
}

static void read_state(struct evl_thread *t, struct evl_thread_state *st)
{
	*st = (struct evl_thread_state){
		.eattrs = t->attrs,
		.cpu = t->cpu,
		.state = t->state,
		.isw = t->isw,
		.csw = t->csw,
		.sc = t->sc,
		.rwa = t->rwa,
	};
}

/* What both stages serve on a live thread's file. */
static long thread_state_ioctl(struct evl_thread *t, unsigned int cmd,
			       void __user *u_arg)
{
	struct evl_thread_state st;
	struct evl_sched_attrs attrs;

	/* A thread that detached or exited is stale. */
	if (!t->attached)
		return -ESTALE;

	switch (cmd) {
	case EVL_THRIOC_GET_STATE:
		read_state(t, &st);
		return evl_copy_to_user(u_arg, &st, sizeof(st));
	case EVL_THRIOC_GET_SCHEDPARAM:
		return evl_copy_to_user(u_arg, &t->attrs, sizeof(t->attrs));
	case EVL_THRIOC_SET_SCHEDPARAM:
		if (evl_copy_from_user(&attrs, u_arg, sizeof(attrs)))
			return -EFAULT;
		return set_sched_attrs(t, &attrs);
	default:
		return -ENOTTY;
	}
}

/* Oob, hard irqs off, from the thread's own calls or another's. */
static long thread_oob_ioctl(struct file *filp, unsigned int cmd,
			     unsigned long arg)
{
	struct evl_thread *t = element_thread(filp->private_data);

	switch (cmd) {
	case EVL_THRIOC_SWITCH_OOB:
		/* The call itself moved the caller oob. */
		return evl_current_thread() == t ? 0 : -EPERM;
	case EVL_THRIOC_SWITCH_INBAND:
		if (evl_current_thread() != t)
			return -EPERM;
		evl_switch_inband();
		return 0;
	default:
		return thread_state_ioctl(t, cmd, (void __user *)arg);
	}
}

static long thread_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct evl_thread *t = element_thread(filp->private_data);

	switch (cmd) {
	case EVL_THRIOC_DETACH_SELF:
		if (!evl_current_thread())
			return -EPERM;
		detach_current();
		return 0;
	case EVL_THRIOC_SWITCH_INBAND:
		/* In-band already: this very call moved it there. */
		return evl_current_thread() == t ? 0 : -EPERM;
	default:
		return thread_state_ioctl(t, cmd, (void __user *)arg);
	}
}

static const struct file_operations thread_fops = {
	.owner		= THIS_MODULE,
	.open		= evl_open_element,
	.release	= evl_release_element,
	.unlocked_ioctl	= thread_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.oob_ioctl	= thread_oob_ioctl,
};

static struct evl_thread *dev_thread(struct device *dev)
{
	return element_thread(dev_get_drvdata(dev));
}

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%#x\n", READ_ONCE(dev_thread(dev)->state));
}
static DEVICE_ATTR_RO(state);

static const char *policy_name(int policy)
{
	switch (policy) {
	case SCHED_FIFO:
		return "fifo";
	case SCHED_RR:
		return "rr";
	case SCHED_WEAK:
		return "weak";
	default:
		return "?";
	}
}

/* "<cpu> <base prio> <current prio> <policy>" */
static ssize_t sched_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct evl_thread *t = dev_thread(dev);

	return sysfs_emit(buf, "%d %d %d %s\n", t->cpu, t->attrs.sched_priority,
			  t->attrs.sched_priority, policy_name(t->attrs.sched_policy));
}
static DEVICE_ATTR_RO(sched);

/* "<isw> <csw> <sc> <rwa> <cpu time ns> <cpu %, x10>" */
static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct evl_thread *t = dev_thread(dev);

	return sysfs_emit(buf, "%u %u %u %u 0 0\n", t->isw, t->csw, t->sc, t->rwa);
}
static DEVICE_ATTR_RO(stats);

static ssize_t pid_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_thread(dev)->pid);
}
static DEVICE_ATTR_RO(pid);

static ssize_t timeout_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static DEVICE_ATTR_RO(timeout);

static ssize_t observable_show(struct device *dev, struct device_attribute *attr,
			       char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static DEVICE_ATTR_RO(observable);

static struct attribute *thread_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_sched.attr,
	&dev_attr_stats.attr,
	&dev_attr_pid.attr,
	&dev_attr_timeout.attr,
	&dev_attr_observable.attr,
	NULL,
};
ATTRIBUTE_GROUPS(thread);

static struct evl_factory thread_factory = {
	.name		= EVL_THREAD_DEV,
	.fops		= &thread_fops,
	.nr_elements	= NR_THREADS,
	.clone_flags	= EVL_CLONE_OBSERVABLE | EVL_CLONE_UNICAST,
	.attr_groups	= thread_groups,
	.build		= build_thread,
	.activate	= attach_thread,
	.dispose	= dispose_thread,
};

int evl_thread_init(void)
{
	return evl_create_factory(&thread_factory);
}

void evl_thread_cleanup(void)
{
	evl_delete_factory(&thread_factory);
}

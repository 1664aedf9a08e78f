// SPDX-License-Identifier: GPL-2.0
/*
 * EVL threads: a user task attaches itself through /dev/evl/thread/clone
 * and stays attached until it detaches or exits, whether or not its
 * thread file is still open. Attaching binds the task to the core,
 * pins it to one oob CPU, grants it the capabilities real-time work
 * needs, names it after the element and gives it a window in the
 * shared heap, whose state word user space reads to pick its paths.
 * Threads move to the out-of-band stage on their first out-of-band call
 * and leave it on any other system call (sched/core.c, syscall.c).
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
#include "debug.h"
#include "evl.h"
#include "factory.h"
#include "sched.h"
#include "shared.h"
#include "thread.h"
#include "timer.h"

#define NR_THREADS	256

/* Mode bits: what to warn about (W*), and how (HM*). */
#define EVL_T_MODE_WARN	(EVL_T_WOSS | EVL_T_WOLI | EVL_T_WOSX | EVL_T_WOSO)
#define EVL_T_MODE_HM	(EVL_T_HMSIG | EVL_T_HMOBS)
#define EVL_T_MODE_BITS	(EVL_T_MODE_WARN | EVL_T_MODE_HM)

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
	init_waitqueue_head(&t->join_wait);
	t->rr_quantum = EVL_RR_QUANTUM_NS;
	evl_init_element(&t->element, fac, clone_flags);
	t->attrs.sched_policy = SCHED_WEAK;
	t->attrs.sched_priority = 0;
	evl_init_state(t, EVL_T_INBAND | EVL_T_WEAK | EVL_T_USER);

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

/* Threads attached now, and who waits for none to be. */
static atomic_t nr_attached = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(all_detached);

/* The caller becomes the thread, now out to user space. */
static void attach_thread(struct evl_element *e)
{
	struct evl_thread *t = element_thread(e);

	/* Dropped by the detach: an attached thread pins the core. */
	__module_get(THIS_MODULE);
	t->pid = task_pid_nr(current);
	t->mm = current->mm;
	t->cpu = evl_timer_cpu();
	set_cpus_allowed_ptr(current, cpumask_of(t->cpu));
	grant_capabilities();
	task_lock(current);
	strscpy_pad(current->comm, e->name, sizeof(current->comm));
	task_unlock(current);

	evl_init_thread_sched(t);
	t->stats_date = evl_monotonic_now();
	dovetail_init_altsched(&t->altsched);
	dovetail_current_state()->core = t;
	t->attached = true;
	atomic_inc(&nr_attached);
	dovetail_start_altsched();
}

/* The current task, in-band: detach it from its thread. */
static void detach_current(void)
{
	struct evl_thread *t = evl_current_thread();
	unsigned long flags;

	dovetail_stop_altsched();
	dovetail_current_state()->core = NULL;
	t->attached = false;
	flags = hard_local_irq_save();
	evl_set_state(t, EVL_T_ZOMBIE, 0);
	hard_local_irq_restore(flags);
	wake_up_all(&t->join_wait);
	/* Its name is free for reuse now, even if files still refer to it. */
	evl_retire_element(&t->element);
	evl_put_element(&t->element);
	if (atomic_dec_and_test(&nr_attached))
		wake_up_all(&all_detached);
	module_put(THIS_MODULE);
}

void evl_thread_exit(void)
{
	if (evl_current_thread())
		detach_current();
}

/*
 * In-band: @mm goes away. A task still attached to a thread of it runs
 * exec(): the thread does not survive into the new program.
 */
void evl_thread_drop_mm(struct mm_struct *mm)
{
	struct evl_thread *t = evl_current_thread();

	if (t && t->mm == mm)
		detach_current();
}

static struct evl_factory thread_factory;

int evl_kill_threads(void)
{
	struct evl_element *e;
	struct evl_thread *t;
	long ret;

	evl_assert_may_sleep();

	mutex_lock(&thread_factory.lock);
	/* Attached, its task is alive until a grace period after it left. */
	rcu_read_lock();
	list_for_each_entry(e, &thread_factory.elements, next) {
		t = element_thread(e);
		if (READ_ONCE(t->attached))
			send_sig(SIGKILL, t->task, 1);
	}
	rcu_read_unlock();
	mutex_unlock(&thread_factory.lock);

	ret = wait_event_killable_timeout(all_detached, !atomic_read(&nr_attached),
					  10 * HZ);
	if (ret > 0)
		return 0;
	if (!ret)
		pr_warn("threads still attached 10 s after their SIGKILL\n");

	return ret ? ret : -EBUSY;
}

void evl_close_oob_calls(struct file *file)
{
	struct evl_element *e;

	evl_assert_may_sleep();

	mutex_lock(&thread_factory.lock);
	list_for_each_entry(e, &thread_factory.elements, next)
		evl_close_oob_call(element_thread(e), file);
	mutex_unlock(&thread_factory.lock);
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
 * A thread running or ready on the oob stage may only change its own
 * settings.
 */
static long set_sched_attrs(struct evl_thread *t, const struct evl_sched_attrs *a)
{
	struct evl_sched_setting set;
	unsigned long flags;
	int ret;

	ret = evl_parse_sched_attrs(a, &set);
	if (ret)
		return ret;

	flags = hard_local_irq_save();
	if (t != evl_current_thread() && !(t->state & EVL_T_INBAND)) {
		hard_local_irq_restore(flags);
		return -EBUSY;
	}
	memset(&t->attrs, 0, sizeof(t->attrs));
	t->attrs.sched_policy = set.policy;
	t->attrs.sched_priority = set.prio;
	t->prio = set.rank;
	if (set.policy == SCHED_RR) {
		if (set.quantum)
			t->rr_quantum = set.quantum;
		/* Its slice starts afresh, once it next runs. */
		t->rr_left = t->rr_quantum;
		t->rr_start = evl_monotonic_now();
		t->attrs.sched_rr_quantum = (struct __evl_timespec){
			.tv_sec = ktime_divns(t->rr_quantum, NSEC_PER_SEC),
			.tv_nsec = ktime_to_ns(t->rr_quantum) % NSEC_PER_SEC,
		};
	}
	if (set.policy == SCHED_WEAK)
		evl_set_state(t, EVL_T_WEAK, EVL_T_RRB);
	else if (set.policy == SCHED_RR)
		evl_set_state(t, EVL_T_RRB, EVL_T_WEAK);
	else
		evl_set_state(t, 0, EVL_T_WEAK | EVL_T_RRB);
	hard_local_irq_restore(flags);

	return 0;
}

/*
 * SET_MODE adds the bits in *@u_mask, CLEAR_MODE removes them; either
 * gives the previous mode back in *@u_mask (an empty mask only reads
 * it). Warnings need a way to be told: SIGDEBUG unless the caller
 * chose, and there is no warning left without one, nor the other way
 * round. Thread observables are not there, hence no HMOBS.
 */
static long update_mode(struct evl_thread *t, unsigned int cmd,
			u32 __user *u_mask)
{
	unsigned long flags;
	u32 mask, old, mode;

	if (evl_copy_from_user(&mask, u_mask, sizeof(mask)))
		return -EFAULT;
	if (mask & ~EVL_T_MODE_BITS)
		return -EINVAL;
	if (cmd == EVL_THRIOC_SET_MODE && (mask & EVL_T_HMOBS))
		return -EINVAL;

	flags = hard_local_irq_save();
	if (t != evl_current_thread() && !(t->state & EVL_T_INBAND)) {
		hard_local_irq_restore(flags);
		return -EBUSY;
	}
	old = t->state & EVL_T_MODE_BITS;
	if (cmd == EVL_THRIOC_SET_MODE) {
		mode = old | mask;
		if ((mode & EVL_T_MODE_WARN) && !(mode & EVL_T_MODE_HM))
			mode |= EVL_T_HMSIG;
	} else {
		mode = old & ~mask;
		if (!(mode & EVL_T_MODE_WARN) || !(mode & EVL_T_MODE_HM))
			mode = 0;
	}
	evl_set_state(t, mode, EVL_T_MODE_BITS & ~mode);
	hard_local_irq_restore(flags);

	return evl_copy_to_user(u_mask, &old, sizeof(old));
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
		.xtime = evl_thread_cpu_time(t),
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
	case EVL_THRIOC_SET_MODE:
	case EVL_THRIOC_CLEAR_MODE:
		return update_mode(t, cmd, u_arg);
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
		evl_switch_inband(0);
		return 0;
	default:
		return thread_state_ioctl(t, cmd, (void __user *)arg);
	}
}

/* In-band: wait until @t detaches or exits. */
static long join_thread(struct evl_thread *t)
{
	if (t == evl_current_thread())
		return -EDEADLK;
	if (wait_event_interruptible(t->join_wait, !READ_ONCE(t->attached)))
		return -EINTR;

	return 0;
}

static long thread_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct evl_thread *t = element_thread(filp->private_data);

	switch (cmd) {
	case EVL_THRIOC_JOIN:
		return join_thread(t);
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

/* "<cpu> <base prio> <current prio> <policy> [<rr quantum, us>]" */
static ssize_t sched_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct evl_thread *t = dev_thread(dev);
	int policy = t->attrs.sched_policy;

	if (policy == SCHED_RR)
		return sysfs_emit(buf, "%d %d %d rr %lld\n", t->cpu,
				  t->attrs.sched_priority, t->attrs.sched_priority,
				  ktime_to_us(t->rr_quantum));

	return sysfs_emit(buf, "%d %d %d %s\n", t->cpu, t->attrs.sched_priority,
			  t->attrs.sched_priority, evl_policy_name(policy));
}
static DEVICE_ATTR_RO(sched);

/*
 * "<isw> <csw> <sc> <rwa> <cpu time ns> <cpu %, x10>", the share of the
 * CPU since the previous read (since the attachment for the first one).
 */
static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct evl_thread *t = dev_thread(dev);
	static DEFINE_MUTEX(sample_lock);
	u64 ns, ran, elapsed, share = 0;
	ktime_t now;

	mutex_lock(&sample_lock);
	ns = evl_thread_cpu_time(t);
	now = evl_monotonic_now();
	ran = ns - t->stats_cpu_time_ns;
	elapsed = ktime_to_ns(ktime_sub(now, t->stats_date));
	if (elapsed)
		share = min_t(u64, div64_u64(ran * 1000, elapsed), 1000);
	t->stats_cpu_time_ns = ns;
	t->stats_date = now;
	mutex_unlock(&sample_lock);

	return sysfs_emit(buf, "%u %u %u %u %llu %llu\n", t->isw, t->csw, t->sc,
			  t->rwa, ns, share);
}
static DEVICE_ATTR_RO(stats);

static ssize_t pid_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_thread(dev)->pid);
}
static DEVICE_ATTR_RO(pid);

/* What is left of its timed sleep or wait, in ns; 0 for none. */
static ssize_t timeout_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct evl_thread *t = dev_thread(dev);
	ktime_t date = evl_timer_date(&t->rtimer), left = 0;

	if (date && (READ_ONCE(t->state) & EVL_T_DELAY))
		left = max_t(ktime_t, 1, ktime_sub(date, evl_monotonic_now()));

	return sysfs_emit(buf, "%lld\n", ktime_to_ns(left));
}
static DEVICE_ATTR_RO(timeout);

static ssize_t observable_show(struct device *dev, struct device_attribute *attr,
			       char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static DEVICE_ATTR_RO(observable);

/* The wait queue it blocks on, "-" for none; root only, as in EVL. */
static ssize_t wchan_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	const char *name = READ_ONCE(dev_thread(dev)->wchan_name);

	return sysfs_emit(buf, "%s\n", name ?: "-");
}
static DEVICE_ATTR_ADMIN_RO(wchan);

static struct attribute *thread_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_sched.attr,
	&dev_attr_stats.attr,
	&dev_attr_pid.attr,
	&dev_attr_timeout.attr,
	&dev_attr_observable.attr,
	&dev_attr_wchan.attr,
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

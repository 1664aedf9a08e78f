// SPDX-License-Identifier: GPL-2.0
/*
 * System calls and traps of EVL threads. Out-of-band calls come as
 * prctl(PR_OOB_SYSCALL, nr, fd, a1, a2): read, write or ioctl on one of
 * the core's files, served on the oob stage; a thread issuing one from
 * in-band is moved oob first, and a weak thread goes back in-band once
 * served. Any other system call, a fault or a signal moves a thread
 * running oob in-band, where Linux handles it.
 */
#include <linux/dovetail.h>
#include <linux/fs.h>
#include <linux/irq_pipeline.h>
#include <linux/sched/signal.h>
#include <linux/time64.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <evl/signal.h>
#include <evl/syscall-abi.h>
#include <evl/thread-abi.h>
#include "debug.h"
#include "evl.h"
#include "file.h"
#include "sched.h"
#include "syscall.h"
#include "thread.h"
#include "timer.h"

/* Hard irqs off, oob: one call on a file of the caller. */
static long do_oob_call(struct evl_thread *t, const unsigned long *args)
{
	unsigned long nr = args[1], fd = args[2], a1 = args[3], a2 = args[4];
	const struct file_operations *fops;
	struct file *file;
	void *token;
	long ret;

	evl_assert_oob();
	evl_assert_hard_irqs_off();

	t->sc++;
	/* No such call: the system call number is wrong, as the ABI says. */
	if (nr >= NR_EVL_SYSCALLS)
		return -ENOSYS;
	file = evl_get_oob_file(fd, &token);
	if (!file)
		return -EBADF;

	/* Its release breaks the call's blocks (evl_close_oob_call()). */
	WRITE_ONCE(t->oob_file, file);
	fops = file->f_op;
	switch (nr) {
	case sys_evl_read:
		if (!(file->f_mode & FMODE_READ))
			ret = -EBADF;
		else
			ret = fops->oob_read ?
				fops->oob_read(file, (char __user *)a1, a2) : -EINVAL;
		break;
	case sys_evl_write:
		if (!(file->f_mode & FMODE_WRITE))
			ret = -EBADF;
		else
			ret = fops->oob_write ?
				fops->oob_write(file, (const char __user *)a1, a2) : -EINVAL;
		break;
	default:
		ret = fops->oob_ioctl ? fops->oob_ioctl(file, (unsigned int)a1, a2) : -ENOTTY;
		if (ret == -ENOIOCTLCMD)
			ret = -ENOTTY;
		break;
	}
	xchg(&t->oob_file, NULL);
	evl_put_oob_file(token);

	return ret;
}

/* Oob, hard irqs off: serve @regs, then send a weak caller in-band. */
static void serve_oob_call(struct evl_thread *t, struct pt_regs *regs,
			   bool from_inband)
{
	unsigned long args[6];

	syscall_get_arguments(current, regs, args);
	syscall_set_return_value(current, regs, do_oob_call(t, args), 0);
	if (from_inband && running_oob() && (t->state & EVL_T_WEAK))
		evl_switch_inband(0);
}

/*
 * Oob: the vDSO makes a clock_gettime() call where it cannot read the
 * clocksource from user mode (hpet, acpi_pm). Serve the two clocks the
 * core keeps rather than move the caller in-band for it. True if served.
 */
static bool serve_clock_fallback(struct pt_regs *regs)
{
	struct __kernel_timespec ts;
	struct timespec64 ts64;
	unsigned long args[6];
	ktime_t now;
	long ret;

	if (in_compat_syscall() ||
	    syscall_get_nr(current, regs) != __NR_clock_gettime)
		return false;

	syscall_get_arguments(current, regs, args);
	switch (args[0]) {
	case CLOCK_MONOTONIC:
		now = evl_monotonic_now();
		break;
	case CLOCK_REALTIME:
		now = evl_realtime_now();
		break;
	default:
		return false;
	}
	ts64 = ktime_to_timespec64(now);
	ts.tv_sec = ts64.tv_sec;
	ts.tv_nsec = ts64.tv_nsec;
	ret = evl_copy_to_user((void __user *)args[1], &ts, sizeof(ts));
	syscall_set_return_value(current, regs, ret, 0);

	return true;
}

int evl_handle_pipelined_syscall(struct pt_regs *regs)
{
	struct evl_thread *t = evl_current_thread();
	unsigned long flags;
	int ret;

	if (!in_oob_syscall(regs)) {
		if (t && running_oob() && serve_clock_fallback(regs))
			return DOVETAIL_SYSCALL_DONE;
		/* Linux serves its other calls in-band only. */
		if (t && running_oob()) {
			flags = hard_local_irq_save();
			evl_switch_inband(EVL_HMDIAG_SYSDEMOTE);
			hard_local_irq_restore(flags);
		}
		return DOVETAIL_SYSCALL_PROPAGATE;
	}

	if (!t) {
		syscall_set_return_value(current, regs, -EPERM, 0);
		return DOVETAIL_SYSCALL_DONE;
	}

	if (!running_oob()) {
		ret = evl_switch_oob();
		if (ret) {
			syscall_set_return_value(current, regs,
						 ret == -ERESTARTSYS ? -EINTR : ret, 0);
			return DOVETAIL_SYSCALL_DONE;
		}
		flags = hard_local_irq_save();
		serve_oob_call(t, regs, true);
		hard_local_irq_restore(flags);
		return DOVETAIL_SYSCALL_DONE;
	}

	flags = hard_local_irq_save();
	serve_oob_call(t, regs, false);
	hard_local_irq_restore(flags);

	return DOVETAIL_SYSCALL_DONE;
}

void evl_handle_oob_syscall(struct pt_regs *regs)
{
	serve_oob_call(evl_current_thread(), regs, false);
}

/* Linux handles faults in-band: move the faulting thread there first. */
void evl_handle_oob_trap_entry(struct pt_regs *regs)
{
	if (user_mode(regs))
		evl_switch_inband(EVL_HMDIAG_EXDEMOTE);
}

/* SIGDEBUG itself must not tell of the demotion it causes. */
static bool sigdebug_pending(void)
{
	return sigismember(&current->pending.signal, SIGDEBUG) ||
		sigismember(&current->signal->shared_pending.signal, SIGDEBUG);
}

/*
 * A thread running oob has a signal, or the watchdog bit: take it
 * in-band, to receive the signal there or let in-band run.
 */
void evl_handle_oob_mayday(struct pt_regs *regs)
{
	struct evl_thread *t = evl_current_thread();
	int cause = t->mayday_cause;

	t->mayday_cause = 0;
	if (!cause && !sigdebug_pending())
		cause = EVL_HMDIAG_SIGDEMOTE;
	evl_switch_inband(cause);
}

void evl_signal_thread(struct task_struct *p)
{
	struct evl_thread *t = evl_task_thread(p);

	if (!t || !dovetail_oob(p))
		return;
	dovetail_send_mayday(p);
	evl_kick_thread(t);
}

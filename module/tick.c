// SPDX-License-Identifier: GPL-2.0
/*
 * The core's use of the proxy tick: on each oob CPU, the timer fires
 * out-of-band, runs the expired core timers, relays the in-band
 * kernel's own event when it is due, and is programmed for whichever of
 * the two comes next. The in-band kernel's programming requests only
 * record its next date (the device keeps it in next_event).
 */

#include <linux/clockchips.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dovetail.h>
#include <linux/hrtimer.h>
#include <linux/irq_pipeline.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/stacktrace.h>
#include <linux/tick.h>
#include "arch.h"
#include "debug.h"
#include "evl.h"
#include "tick.h"
#include "timer.h"

struct tick_state {
	/* This CPU's tick device, once the proxy told us which. */
	struct clock_event_device *real;
	/* In-band's event was relayed, and it asked for no other since. */
	bool inband_relayed;
	/* Running the timers: programming waits for the end. */
	bool in_tick;
	/*
	 * The date the device fires at, KTIME_MAX once it did: the date
	 * asked for, or now plus the device's minimum delay when that date
	 * is past already (the timer is late then, not the tick).
	 */
	ktime_t armed_for;
	/* How far ahead of that date the device was programmed. */
	s64 armed_lead_ns;
	/* How late the ticks came, from that date to the handler. */
	u64 late_count, late_sum_ns, late_max_ns;
	/* Programmings for a date already past. */
	u64 past_count;
};

static DEFINE_PER_CPU(struct tick_state, tick_states);

/*
 * Late ticks, to find what held them back: with late_trace_us set, a
 * tick later than that records how late it was, what it interrupted
 * (the task, its stage, the in-band stall bit) and the stack it
 * interrupted. That stack's first entry past the interrupt entry is
 * where the CPU took the interrupt: where it was unmasked again, when
 * masking is what delayed the tick. Each CPU keeps its worst ones.
 */
static unsigned int late_trace_us;
module_param(late_trace_us, uint, 0644);
MODULE_PARM_DESC(late_trace_us, "record ticks later than this (us, 0: off) in debugfs evl/late_ticks");

#define LATE_TICKS_KEPT		4
#define LATE_TICK_DEPTH		24

struct late_tick {
	u64 late_ns;
	s64 lead_ns;		/* programmed that long before its date */
	pid_t pid;
	bool oob_task;
	bool inband_stalled;
	char comm[TASK_COMM_LEN];
	unsigned int nr_entries;
	unsigned long entries[LATE_TICK_DEPTH];
};

/* Only their CPU writes them, from the oob tick; sorted, worst first. */
static DEFINE_PER_CPU(struct late_tick, late_ticks[LATE_TICKS_KEPT]);

/* Oob stage, hard irqs off. */
static void record_late_tick(u64 late, s64 lead)
{
	struct late_tick *kept = this_cpu_ptr(&late_ticks[0]), *lt;
	int n = LATE_TICKS_KEPT - 1;

	if (late <= kept[n].late_ns)
		return;
	/* Make room at the rank of @late, dropping the last one. */
	for (; n > 0 && kept[n - 1].late_ns < late; n--)
		kept[n] = kept[n - 1];
	lt = &kept[n];
	lt->late_ns = late;
	lt->lead_ns = lead;
	lt->pid = task_pid_nr(current);
	lt->oob_task = dovetail_oob(current);
	lt->inband_stalled = inband_irqs_disabled();
	strscpy(lt->comm, current->comm, sizeof(lt->comm));
	lt->nr_entries = stack_trace_save(lt->entries, LATE_TICK_DEPTH, 0);
}

static void account_lateness(struct tick_state *ts, ktime_t now)
{
	s64 late = ktime_to_ns(ktime_sub(now, ts->armed_for));
	unsigned int trace_us = READ_ONCE(late_trace_us);

	if (ts->armed_for == KTIME_MAX || late < 0)
		return;
	ts->late_count++;
	ts->late_sum_ns += late;
	if (late > ts->late_max_ns)
		ts->late_max_ns = late;
	if (trace_us && late > (s64)trace_us * NSEC_PER_USEC)
		record_late_tick(late, ts->armed_lead_ns);
}

/*
 * debugfs evl/tick_lateness: per oob CPU, "cpuN ticks T avg A max M
 * past P" (ns from the date the device fires at to the tick handler:
 * interrupts masked in the CPU, and the pipeline's entry; P counts the
 * programmings for a date already past). Writing resets the figures
 * and the late ticks.
 */
static int lateness_show(struct seq_file *m, void *unused)
{
	struct tick_state *ts;
	int cpu;

	for_each_cpu(cpu, &evl_oob_cpus) {
		ts = per_cpu_ptr(&tick_states, cpu);
		seq_printf(m, "cpu%d ticks %llu avg %llu max %llu past %llu\n", cpu,
			   ts->late_count,
			   ts->late_count ? div64_u64(ts->late_sum_ns, ts->late_count) : 0,
			   ts->late_max_ns, ts->past_count);
	}

	return 0;
}

/*
 * debugfs evl/late_ticks: per oob CPU, its worst ticks later than
 * late_trace_us, each with the task it interrupted and that stack.
 * Read while the core runs: a record may be torn by a tick meanwhile.
 */
static int late_ticks_show(struct seq_file *m, void *unused)
{
	struct late_tick *lt;
	unsigned int i;
	int cpu, n;

	seq_printf(m, "late_trace_us %u\n", READ_ONCE(late_trace_us));
	for_each_cpu(cpu, &evl_oob_cpus) {
		for (n = 0; n < LATE_TICKS_KEPT; n++) {
			lt = per_cpu_ptr(&late_ticks[n], cpu);
			if (!lt->late_ns)
				break;
			seq_printf(m, "cpu%d late %llu ns (programmed %lld ns ahead), %s %d (%s), in-band %s\n",
				   cpu, lt->late_ns, lt->lead_ns, lt->comm, lt->pid,
				   lt->oob_task ? "oob" : "in-band",
				   lt->inband_stalled ? "stalled" : "unstalled");
			for (i = 0; i < min_t(unsigned int, lt->nr_entries, LATE_TICK_DEPTH); i++)
				seq_printf(m, "  %pS\n", (void *)lt->entries[i]);
		}
	}

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(late_ticks);

static int lateness_open(struct inode *inode, struct file *file)
{
	return single_open(file, lateness_show, NULL);
}

static void reset_lateness(void *unused)
{
	struct tick_state *ts = this_cpu_ptr(&tick_states);
	unsigned long flags = hard_local_irq_save();

	ts->late_count = 0;
	ts->late_sum_ns = 0;
	ts->late_max_ns = 0;
	ts->past_count = 0;
	memset(this_cpu_ptr(&late_ticks[0]), 0, sizeof(late_ticks));
	hard_local_irq_restore(flags);
}

static ssize_t lateness_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	on_each_cpu_mask(&evl_oob_cpus, reset_lateness, NULL, true);

	return count;
}

static const struct file_operations lateness_fops = {
	.owner		= THIS_MODULE,
	.open		= lateness_open,
	.read		= seq_read,
	.write		= lateness_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static struct dentry *debug_dir;

/*
 * Hard irqs off: program this CPU's timer for whichever comes first, the
 * core's next timer (@next) or in-band's next event.
 */
static void program_next_event(struct tick_state *ts, ktime_t next)
{
	struct clock_event_device *real = ts->real;
	ktime_t now;
	u64 delta, cycles;

	if (!real || ts->in_tick)
		return;

	if (!ts->inband_relayed && real->next_event < next)
		next = real->next_event;
	if (next == KTIME_MAX)
		return;
	/*
	 * Armed for that date or sooner already (e.g. a watchdog started
	 * after a wakeup): the timer fires in time, programming it is what
	 * the next tick does. Firing too soon costs an interrupt only.
	 */
	now = evl_monotonic_now();
	if (next >= ts->armed_for && ts->armed_for > now)
		return;

	delta = clamp_t(s64, ktime_to_ns(ktime_sub(next, now)),
			real->min_delta_ns, real->max_delta_ns);
	cycles = (delta * real->mult) >> real->shift;
	cycles = clamp_t(u64, cycles, real->min_delta_ticks,
			 real->max_delta_ticks);
	tick_proxy_program(cycles);
	if (next < now)
		ts->past_count++;
	ts->armed_for = ktime_add_ns(now, delta);
	ts->armed_lead_ns = delta;
}

void evl_program_local_timer(void)
{
	evl_assert_hard_irqs_off();

	program_next_event(this_cpu_ptr(&tick_states), evl_next_local_date());
}

/* Through the timer IPI, whose out-of-band handler is below. */
void evl_program_remote_timer(int cpu)
{
	evl_assert_hard_irqs_off();

	irq_send_oob_ipi(EVL_TIMER_IPI, cpumask_of(cpu));
}

static void handle_oob_tick(struct clock_event_device *real)
{
	struct tick_state *ts = this_cpu_ptr(&tick_states);
	ktime_t now = evl_monotonic_now(), next;

	evl_assert_oob();
	evl_assert_hard_irqs_off();

	ts->real = real;
	account_lateness(ts, now);
	ts->armed_for = KTIME_MAX;
	if (!ts->inband_relayed && real->next_event <= now) {
		ts->inband_relayed = true;
		tick_notify_proxy();
	}
	ts->in_tick = true;
	next = evl_run_local_timers(now);
	ts->in_tick = false;
	program_next_event(ts, next);
}

/* Hard irqs off, in-band: the date is in real->next_event already. */
static int set_next_inband_event(unsigned long delta,
				 struct clock_event_device *real)
{
	struct tick_state *ts = this_cpu_ptr(&tick_states);

	ts->real = real;
	ts->inband_relayed = false;
	program_next_event(ts, evl_next_local_date());

	return 0;
}

static const struct tick_proxy_ops proxy_ops = {
	.handle_oob_tick = handle_oob_tick,
	.set_next_inband_event = set_next_inband_event,
};

/* Another CPU queued a timer earlier than all of ours. */
static bool handle_timer_ipi(struct pt_regs *regs, unsigned int vector)
{
	evl_program_local_timer();
	return false;
}

/*
 * The device of a CPU is known from its first tick or programming
 * request. A short pinned hrtimer brings either at once, even on an idle
 * CPU whose tick is stopped.
 */
static DEFINE_PER_CPU(struct hrtimer, tick_pokes);

static enum hrtimer_restart poke_done(struct hrtimer *timer)
{
	return HRTIMER_NORESTART;
}

static void poke_tick(void *unused)
{
	hrtimer_start(this_cpu_ptr(&tick_pokes), ns_to_ktime(NSEC_PER_USEC * 100),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

static int learn_tick_devices(void)
{
	struct hrtimer *poke;
	int cpu, ret = 0;
	int waited;

	for_each_cpu(cpu, &evl_oob_cpus) {
		poke = per_cpu_ptr(&tick_pokes, cpu);
		hrtimer_init(poke, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
		poke->function = poke_done;
		smp_call_function_single(cpu, poke_tick, NULL, true);
	}
	for_each_cpu(cpu, &evl_oob_cpus) {
		for (waited = 0; !READ_ONCE(per_cpu(tick_states, cpu).real); waited++) {
			if (waited >= 1000) {
				pr_err("no tick from CPU%d\n", cpu);
				ret = -ENODEV;
				break;
			}
			usleep_range(1000, 2000);
		}
	}
	for_each_cpu(cpu, &evl_oob_cpus)
		hrtimer_cancel(per_cpu_ptr(&tick_pokes, cpu));

	return ret;
}

int evl_tick_init(void)
{
	int cpu, ret;

	for_each_possible_cpu(cpu)
		per_cpu(tick_states, cpu) = (struct tick_state){ .armed_for = KTIME_MAX };

	ret = irq_pipeline_set_oob_handler(EVL_TIMER_IPI, handle_timer_ipi,
					   &evl_oob_cpus);
	if (ret)
		return ret;

	ret = tick_install_proxy(&proxy_ops, &evl_oob_cpus);
	if (ret) {
		pr_err("cannot install the proxy tick (%d)\n", ret);
		goto fail_proxy;
	}

	ret = learn_tick_devices();
	if (ret)
		goto fail_learn;

	/* Figures for measurements only: the core runs on without them. */
	debug_dir = debugfs_create_dir("evl", NULL);
	debugfs_create_file("tick_lateness", 0600, debug_dir, NULL, &lateness_fops);
	debugfs_create_file("late_ticks", 0400, debug_dir, NULL, &late_ticks_fops);

	return 0;

fail_learn:
	tick_uninstall_proxy();
fail_proxy:
	irq_pipeline_clear_oob_handler(EVL_TIMER_IPI, &evl_oob_cpus);

	return ret;
}

void evl_tick_cleanup(void)
{
	debugfs_remove(debug_dir);
	tick_uninstall_proxy();
	irq_pipeline_clear_oob_handler(EVL_TIMER_IPI, &evl_oob_cpus);
}

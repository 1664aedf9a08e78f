// SPDX-License-Identifier: GPL-2.0
/*
 * evl-clocksource: what an EVL thread sees while the kernel's
 * clocksource changes under it (the test script switches it meanwhile).
 * A FIFO thread reads a 2 ms periodic timer file oob for SECONDS and,
 * after each read, the monotonic clock through the core and through the
 * vDSO. Checked: the ticks counted never run ahead of the periods
 * elapsed (no read before its expiry date) and, at the end, catch up
 * with them (no tick lost), each clock never goes back, and the thread
 * never leaves the oob stage: on a clocksource user mode cannot read
 * (hpet, acpi_pm) the vDSO falls back to clock_gettime(), which the core
 * must serve oob.
 * usage: evl-clocksource SECONDS [WAIT_MS]  (reads more than 20 ms +
 *        WAIT_MS late are counted, not failed: emulator pauses; the
 *        count must catch up within that lateness)
 */
#include "evl-test.h"
#include <stdlib.h>

#define PERIOD_NS	(2 * NSEC_PER_MSEC)

struct watch {
	long reads, early, late, zero_ticks, demoted;
	long core_back, vdso_back;
	uint64_t expiries;
	int64_t first;
	long error;
};

/* How many expiry dates had come at @date. */
static int64_t periods_at(const struct watch *w, int64_t date)
{
	return date < w->first ? 0 : (date - w->first) / PERIOD_NS + 1;
}

static long arm_oob(int tfd, int64_t date, int64_t interval)
{
	struct __evl_itimerspec its = {
		.it_value = { date / NSEC_PER_SEC, date % NSEC_PER_SEC },
		.it_interval = { interval / NSEC_PER_SEC, interval % NSEC_PER_SEC },
	};
	struct evl_timerfd_setreq req = { .value_ptr = (uintptr_t)&its };

	return oob_ioctl(tfd, EVL_TFDIOC_SET, &req);
}

/* Oob until @end: one timer read and two clock reads per period. */
static void watch_until(struct thread *t, int tfd, int64_t end,
			int64_t late_ns, struct watch *w)
{
	int64_t now, vdso, due, prev_now = 0, prev_vdso = 0;
	uint64_t ticks;
	long ret;

	do {
		ret = oob_read(tfd, &ticks, sizeof(ticks));
		now = oob_now();
		vdso = vdso_now();
		if (ret != sizeof(ticks)) {
			w->error = ret;
			return;
		}
		w->reads++;
		w->zero_ticks += !ticks;
		w->expiries += ticks;
		/* The date of the latest expiry this read got. */
		due = w->first + (int64_t)(w->expiries - 1) * PERIOD_NS;
		w->early += now < due;
		w->late += now > due + late_ns;
		w->core_back += now < prev_now;
		w->vdso_back += vdso < prev_vdso;
		prev_now = now;
		prev_vdso = vdso;
		if (!is_oob(t)) {
			w->demoted++;
			oob_ioctl(t->efd, EVL_THRIOC_SWITCH_OOB, NULL);
		}
	} while (now < end);
}

int main(int argc, char *argv[])
{
	int64_t seconds = argc > 1 ? atol(argv[1]) : 10;
	int64_t late_ns = 20 * NSEC_PER_MSEC, target, late_limit, now;
	struct watch w = { 0 };
	struct thread t;
	uint64_t ticks;
	long ret;
	int tfd;

	if (argc > 2)
		late_ns += atol(argv[2]) * NSEC_PER_MSEC;
	/* In-band first: the vDSO's data pages fault in on the first read. */
	vdso_now();
	if (evl_test_init() || attach("clocksource", &t) || set_fifo(&t, 60) ||
	    ioctl(clockfd, EVL_CLKIOC_NEW_TIMER, &tfd)) {
		check("timer file and FIFO thread", 0);
		return 1;
	}
	w.first = oob_now() + PERIOD_NS;
	check("timer armed oob", !arm_oob(tfd, w.first, PERIOD_NS));
	watch_until(&t, tfd, w.first + seconds * NSEC_PER_SEC, late_ns, &w);

	/*
	 * Every period due by now must be counted once its (late) expiry is
	 * handled: keep reading until the count catches up, within the
	 * lateness allowed. Each read above checked it never ran ahead.
	 */
	target = periods_at(&w, oob_now());
	late_limit = oob_now() + late_ns;
	while (!w.error && (int64_t)w.expiries < target) {
		ret = oob_read(tfd, &ticks, sizeof(ticks));
		now = oob_now();
		if (ret != sizeof(ticks)) {
			w.error = ret;
			break;
		}
		w.expiries += ticks;
		w.early += (int64_t)w.expiries > periods_at(&w, now);
		if (now > late_limit)
			break;
	}
	detach(&t);
	close(tfd);

	printf("%ld reads, %llu ticks for %lld periods elapsed, %ld early, %ld late, ",
	       w.reads, (unsigned long long)w.expiries, (long long)target,
	       w.early, w.late);
	printf("%ld demoted, clock back %ld (core) %ld (vDSO)\n",
	       w.demoted, w.core_back, w.vdso_back);
	check("timer read oob to the end", !w.error && w.reads > 0);
	check("every read got a tick, none before its date",
	      !w.zero_ticks && !w.early);
	check("no tick lost: the count caught up with the periods elapsed",
	      (int64_t)w.expiries >= target);
	check("the core's clock never went back", !w.core_back);
	check("the vDSO's clock never went back", !w.vdso_back);
	check("never left the oob stage while watching", !w.demoted);

	return failed;
}

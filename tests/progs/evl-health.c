// SPDX-License-Identifier: GPL-2.0
/*
 * evl-health: the mode bits of a thread and the SIGDEBUG notices they
 * ask for. SET_MODE/CLEAR_MODE follow the ABI's rules (HMSIG implied by
 * a warning, no warning left without a way to tell, previous mode given
 * back); with EVL_T_WOSS a FIFO thread moved in-band by a plain system
 * call, a signal or a fault gets SIGDEBUG (SI_QUEUE, 0xfccf0000 | cause)
 * once; without it, or when a weak thread goes back in-band after an
 * out-of-band call, none comes. One line per check.
 * usage: evl-health            the checks
 *        evl-health watchdog   spin oob until the watchdog (load evl
 *                              with watchdog_sec=1) moves the thread
 *                              in-band with a WATCHDOG notice, after
 *                              one to two periods
 */
#include "evl-test.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <evl/signal.h>

#define MODE_W	(EVL_T_WOSS | EVL_T_WOLI | EVL_T_WOSX)

static volatile sig_atomic_t notices[16], bad_notices, segvs, usr1s;
static char *fault_page;

static void on_sigdebug(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	if (si->si_code != SI_QUEUE || !sigdebug_marked(si) ||
	    sigdebug_cause(si) >= 16)
		bad_notices++;
	else
		notices[sigdebug_cause(si)]++;
}

/* The faulting write is retried once the page is writable again. */
static void on_sigsegv(int sig)
{
	(void)sig;
	segvs++;
	mprotect(fault_page, 4096, PROT_READ | PROT_WRITE);
}

static void on_sigusr1(int sig)
{
	(void)sig;
	usr1s++;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigdebug;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGDEBUG, &sa, NULL);
	signal(SIGSEGV, on_sigsegv);
	signal(SIGUSR1, on_sigusr1);
}

/* SET_MODE or CLEAR_MODE from the current stage: 0 or -errno. */
static long mode(struct thread *t, unsigned long req, uint32_t mask, uint32_t *old)
{
	long ret;

	ret = is_oob(t) ? oob_ioctl(t->efd, req, &mask) :
		(ioctl(t->efd, req, &mask) ? -errno : 0);
	if (!ret && old)
		*old = mask;
	return ret;
}

static void check_mode_bits(struct thread *t)
{
	uint32_t old = ~0U;

	check("SET_MODE WOSS|WOLI|WOSX: was 0",
	      mode(t, EVL_THRIOC_SET_MODE, MODE_W, &old) == 0 && old == 0);
	check("query: HMSIG implied",
	      mode(t, EVL_THRIOC_SET_MODE, 0, &old) == 0 &&
	      old == (MODE_W | EVL_T_HMSIG));
	check("user window shows WOSS", t->win->state & EVL_T_WOSS);
	check("CLEAR_MODE WOSS: previous mode back",
	      mode(t, EVL_THRIOC_CLEAR_MODE, EVL_T_WOSS, &old) == 0 &&
	      old == (MODE_W | EVL_T_HMSIG));
	check("CLEAR_MODE of the last warnings",
	      mode(t, EVL_THRIOC_CLEAR_MODE, EVL_T_WOLI | EVL_T_WOSX, &old) == 0 &&
	      old == (EVL_T_WOLI | EVL_T_WOSX | EVL_T_HMSIG));
	check("... cleared HMSIG too",
	      mode(t, EVL_THRIOC_SET_MODE, 0, &old) == 0 && old == 0);
	check("HMOBS, thread not observable: EINVAL",
	      mode(t, EVL_THRIOC_SET_MODE, EVL_T_WOSS | EVL_T_HMOBS, NULL) == -EINVAL);
	check("not a mode bit: EINVAL",
	      mode(t, EVL_THRIOC_SET_MODE, EVL_T_WEAK, NULL) == -EINVAL);
	check("bad pointer: EFAULT",
	      ioctl(t->efd, EVL_THRIOC_SET_MODE, (void *)8) == -1 && errno == EFAULT);
	check("oob: SET_MODE WOSS",
	      oob_ioctl(t->efd, EVL_THRIOC_SET_MODE, &(uint32_t){ EVL_T_WOSS }) == 0);
	check("oob: CLEAR_MODE WOSS, HMSIG gone with it",
	      mode(t, EVL_THRIOC_CLEAR_MODE, EVL_T_WOSS, NULL) == 0 &&
	      mode(t, EVL_THRIOC_SET_MODE, 0, &old) == 0 && old == 0);
}

static pthread_t main_tid;

static void *send_usr1(void *arg)
{
	(void)arg;
	usleep(50000);
	pthread_kill(main_tid, SIGUSR1);
	return NULL;
}

static int switch_oob(struct thread *t)
{
	return oob_ioctl(t->efd, EVL_THRIOC_SWITCH_OOB, NULL) == 0 && is_oob(t);
}

/*
 * Each step moves the thread oob, then in-band some way, and prints
 * only after: printing is a plain system call too.
 */
static void check_demotions(struct thread *t)
{
	int ok, oob;
	pthread_t tid;
	long ret;

	check("weak, WOSS", mode(t, EVL_THRIOC_SET_MODE, EVL_T_WOSS, NULL) == 0);
	check("weak: oob call and back in-band, no notice",
	      oob_now() > 0 && !is_oob(t) && !notices[EVL_HMDIAG_SYSDEMOTE]);

	ok = set_fifo(t, 40) == 0 && is_oob(t);
	syscall(SYS_getppid);
	oob = is_oob(t);
	check("FIFO 40: oob", ok);
	check("plain system call: in-band, SYSDEMOTE notice",
	      !oob && notices[EVL_HMDIAG_SYSDEMOTE] == 1);

	main_tid = pthread_self();
	pthread_create(&tid, NULL, send_usr1, NULL);
	ok = switch_oob(t);
	ret = oob_sleep_until(oob_now() + 10 * NSEC_PER_SEC);
	pthread_join(tid, NULL);
	check("oob again", ok);
	check("signal: sleep broken, SIGDEMOTE notice, signal handled",
	      ret == -EINTR && notices[EVL_HMDIAG_SIGDEMOTE] == 1 && usr1s == 1);

	fault_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(fault_page, 4096, PROT_NONE);
	ok = switch_oob(t);
	*(volatile char *)fault_page = 1;
	oob = is_oob(t);
	check("oob again", ok);
	check("fault: in-band, EXDEMOTE notice, SIGSEGV handled",
	      !oob && notices[EVL_HMDIAG_EXDEMOTE] == 1 && segvs == 1 &&
	      fault_page[0] == 1);

	check("WOSS cleared", mode(t, EVL_THRIOC_CLEAR_MODE, EVL_T_WOSS, NULL) == 0);
	ok = switch_oob(t);
	syscall(SYS_getppid);
	oob = is_oob(t);
	check("oob again", ok);
	check("plain system call: in-band, no notice",
	      !oob && notices[EVL_HMDIAG_SYSDEMOTE] == 1);
	check("no other notice", !bad_notices && notices[EVL_HMDIAG_WATCHDOG] == 0);
}

/* Spin oob until moved in-band, 5 s at most. */
static int check_watchdog(struct thread *t)
{
	int64_t start, now;

	check("FIFO 40 with HMSIG only",
	      set_fifo(t, 40) == 0 &&
	      mode(t, EVL_THRIOC_SET_MODE, EVL_T_HMSIG, NULL) == 0);
	if (!switch_oob(t))
		return 1;
	start = now = oob_now();
	while (is_oob(t) && now - start < 5 * NSEC_PER_SEC)
		now = oob_now();
	check("watchdog: moved in-band", !is_oob(t));
	printf("spun %lld ms oob\n", (long long)((now - start) / NSEC_PER_MSEC));
	/* One to two periods of 1 s (it was oob a little before start). */
	check("... after one to two seconds (3 at most with delays)",
	      now - start >= 900 * NSEC_PER_MSEC && now - start <= 3 * NSEC_PER_SEC);
	check("... with a WATCHDOG notice", notices[EVL_HMDIAG_WATCHDOG] == 1);
	return failed;
}

int main(int argc, char *argv[])
{
	struct thread t;

	if (evl_test_init())
		return 1;
	catch_signals();
	pin_cpu0();
	if (attach("health", &t))
		return 1;
	if (argc > 1 && !strcmp(argv[1], "watchdog"))
		return check_watchdog(&t);

	check_mode_bits(&t);
	check_demotions(&t);
	detach(&t);
	return failed;
}

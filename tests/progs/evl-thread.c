// SPDX-License-Identifier: GPL-2.0
/*
 * evl-thread: attaching threads to the core through the UAPI headers:
 * the clone protocol and its bad requests, what attaching does to the
 * task (window, name, CPU, sysfs), private and public threads, names
 * reused after a detach, threads outliving their files until they exit,
 * a forked child that is not attached, and exec() from a thread running
 * oob, whose new program starts unattached. One line per check; exits
 * non-zero if any was wrong.
 * usage: evl-thread              the checks
 *        evl-thread hold SECONDS attach two threads and sleep that long
 *        evl-thread try NAME     attach as NAME: exit status 0, or the errno
 *        evl-thread after-exec   (run by the exec check)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm-generic/dovetail.h>
#include <evl/control-abi.h>
#include <evl/factory-abi.h>
#include <evl/syscall-abi.h>
#include <evl/thread-abi.h>

#define CLONE_DEV	"/dev/evl/thread/clone"
#define SYSDIR		"/sys/devices/virtual/thread"

static int failed;
static void *heap;
static size_t heap_size;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failed = 1;
}

/* EVL_IOC_CLONE on a fresh clone device: 0 or -errno. */
static int clone_thread(const char *name, unsigned int flags,
			struct evl_clone_req *req)
{
	int fd = open(CLONE_DEV, O_RDWR), ret;

	if (fd < 0)
		return -errno;
	memset(req, 0, sizeof(*req));
	req->name_ptr = (uintptr_t)name;
	req->clone_flags = flags;
	ret = ioctl(fd, EVL_IOC_CLONE, req) ? -errno : 0;
	close(fd);
	return ret;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int sys_exists(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), SYSDIR "/%s", name);
	return exists(path);
}

static long sys_value(const char *name, const char *attr)
{
	char path[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), SYSDIR "/%s/%s", name, attr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%li", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static struct evl_user_window *window_of(const struct evl_clone_req *req)
{
	if (req->eids.state_offset + sizeof(struct evl_user_window) > heap_size)
		return NULL;
	return heap + req->eids.state_offset;
}

static void check_bad_requests(void)
{
	struct evl_clone_req req;
	char long_name[200];
	int fd;

	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	check("name with a slash: EINVAL", clone_thread("a/b", 0, &req) == -EINVAL);
	check("empty name: EINVAL", clone_thread("", 0, &req) == -EINVAL);
	check("name too long: EINVAL", clone_thread(long_name, 0, &req) == -EINVAL);
	check("bad name pointer: EFAULT", clone_thread((char *)8, 0, &req) == -EFAULT);
	check("public without a name: EINVAL",
	      clone_thread(NULL, EVL_CLONE_PUBLIC, &req) == -EINVAL);
	check("unknown clone flag: EINVAL", clone_thread("x", EVL_CLONE_INPUT, &req) == -EINVAL);
	check("unicast without observable: EINVAL",
	      clone_thread("x", EVL_CLONE_UNICAST, &req) == -EINVAL);
	check("observable: EOPNOTSUPP (not there yet)",
	      clone_thread("x", EVL_CLONE_OBSERVABLE, &req) == -EOPNOTSUPP);

	fd = open(CLONE_DEV, O_RDWR);
	check("clone request to a bad pointer: EFAULT",
	      ioctl(fd, EVL_IOC_CLONE, (void *)8) == -1 && errno == EFAULT);
	check("clone device used once: EBUSY",
	      ioctl(fd, EVL_IOC_CLONE, &req) == -1 && errno == EBUSY);
	check("clone device, unknown request: ENOTTY",
	      ioctl(fd, _IO(EVL_FACTORY_IOCBASE, 9), 0) == -1 && errno == ENOTTY);
	close(fd);
	check("nothing left of the refused requests", !sys_exists("x") && !sys_exists("a"));
}

static void check_attached(const char *name, const struct evl_clone_req *req, int efd)
{
	struct evl_user_window *win = window_of(req);
	struct evl_thread_state st;
	char comm[16] = "";
	cpu_set_t cpus;
	char what[120];

	snprintf(what, sizeof(what), "%s: fundle %u, window at %u",
		 name, req->eids.fundle, req->eids.state_offset);
	check(what, req->eids.fundle != 0 && win);
	check("window: in-band, weak, user",
	      win && win->state == (EVL_T_INBAND | EVL_T_WEAK | EVL_T_USER));
	check("sysfs state matches", sys_value(name, "state") ==
	      (EVL_T_INBAND | EVL_T_WEAK | EVL_T_USER));
	check("sysfs pid is the task's", sys_value(name, "pid") == gettid());
	prctl(PR_GET_NAME, comm);
	check("task named after the thread", !strncmp(comm, name, 15));
	check("pinned to one CPU", sched_getaffinity(0, sizeof(cpus), &cpus) == 0 &&
	      CPU_COUNT(&cpus) == 1);
	if (efd < 0)
		return;
	memset(&st, 0xff, sizeof(st));
	check("GET_STATE: weak, priority 0", ioctl(efd, EVL_THRIOC_GET_STATE, &st) == 0 &&
	      st.eattrs.sched_policy == SCHED_WEAK && st.eattrs.sched_priority == 0 &&
	      CPU_ISSET(st.cpu, &cpus));
	check("GET_STATE to a bad pointer: EFAULT",
	      ioctl(efd, EVL_THRIOC_GET_STATE, (void *)8) == -1 && errno == EFAULT);
	check("unknown thread request: ENOTTY",
	      ioctl(efd, _IO(EVL_THREAD_IOCBASE, 99), 0) == -1 && errno == ENOTTY);
}

/* A public thread whose file is closed lives on until its task exits. */
static void *public_thread(void *arg)
{
	struct evl_clone_req req;
	int *ok = arg, fd;

	*ok = 0;
	if (clone_thread("pub", EVL_CLONE_PUBLIC, &req))
		return NULL;
	fd = open("/dev/evl/thread/pub", O_RDWR);
	if (fd < 0)
		return NULL;
	check_attached("pub", &req, fd);
	close(fd);
	*ok = sys_exists("pub") && exists("/dev/evl/thread/pub");
	return NULL;
}

static void *duplicate_thread(void *arg)
{
	struct evl_clone_req req;

	*(int *)arg = clone_thread("t1", 0, &req);
	return NULL;
}

static void check_threads(void)
{
	struct evl_clone_req req, req2;
	struct evl_thread_state st;
	pthread_t tid;
	int ok, ret, efd;
	pid_t child;

	ret = clone_thread("t1", 0, &req);
	check("attach private thread t1", ret == 0 && (int)req.efd >= 0);
	if (ret)
		return;
	efd = req.efd;
	check_attached("t1", &req, efd);
	check("no device node for a private thread", !exists("/dev/evl/thread/t1"));
	check("attached twice: EBUSY", clone_thread("t1b", 0, &req2) == -EBUSY);

	pthread_create(&tid, NULL, duplicate_thread, &ret);
	pthread_join(tid, NULL);
	check("same name from another task: EEXIST", ret == -EEXIST);

	/*
	 * A forked child is not attached, and starts over as libevl's
	 * fork handler does: control device, memory locking.
	 */
	child = fork();
	if (child == 0) {
		if (clone_thread("child", 0, &req2) != -EPERM ||
		    open(EVL_CONTROL_DEV, O_RDWR) < 0 ||
		    mlockall(MCL_CURRENT | MCL_FUTURE))
			_exit(1);
		ret = clone_thread("child", 0, &req2);
		if (ret)
			printf("child: clone: %s\n", strerror(-ret));
		_exit(ret == 0 && sys_exists("child") ? 0 : 1);
	}
	check("forked child: not attached, attaches once it opened control",
	      waitpid(child, &ret, 0) == child && WIFEXITED(ret) && WEXITSTATUS(ret) == 0);
	check("child's thread gone with it", !sys_exists("child"));

	check("DETACH_SELF", ioctl(efd, EVL_THRIOC_DETACH_SELF) == 0);
	check("name released at once", !sys_exists("t1"));
	check("detached: GET_STATE gives ESTALE",
	      ioctl(efd, EVL_THRIOC_GET_STATE, &st) == -1 && errno == ESTALE);
	check("detached: DETACH_SELF gives EPERM",
	      ioctl(efd, EVL_THRIOC_DETACH_SELF) == -1 && errno == EPERM);
	ret = clone_thread("t1", 0, &req2);
	check("attach again under the same name", ret == 0);
	close(efd);
	if (!ret) {
		close(req2.efd);
		check("thread outlives its closed file", sys_exists("t1"));
	}

	pthread_create(&tid, NULL, public_thread, &ok);
	pthread_join(tid, NULL);
	check("public thread: node, file closed, still there", ok);
	check("public thread gone once its task exited",
	      !sys_exists("pub") && !exists("/dev/evl/thread/pub"));
}

/*
 * A child attaches "exec-me", switches oob and runs exec(): its new
 * program must find the thread gone and may attach under that name.
 */
static void check_exec(void)
{
	char *args[] = { "evl-thread", "after-exec", NULL };
	struct evl_clone_req req;
	pid_t child;
	int status;

	child = fork();
	if (child == 0) {
		if (open(EVL_CONTROL_DEV, O_RDWR) < 0 ||
		    mlockall(MCL_CURRENT | MCL_FUTURE) ||
		    clone_thread("exec-me", 0, &req) ||
		    prctl(PR_OOB_SYSCALL, sys_evl_ioctl, req.efd, EVL_THRIOC_SWITCH_OOB, 0))
			_exit(2);
		execv("/proc/self/exe", args);
		_exit(3);
	}
	if (waitpid(child, &status, 0) != child)
		status = -1;
	printf("exec child: wait status %#x\n", status);
	check("exec() from a thread running oob: a new program, unattached, attaches again",
	      status == 0);
	check("exec'ed thread gone with its process", !sys_exists("exec-me"));
}

/* The new program of check_exec(): exit status 0 if all is right. */
static int after_exec(void)
{
	struct evl_clone_req req;
	int ret;

	if (sys_exists("exec-me"))
		return 4;
	if (clone_thread("exec-me", 0, &req) != -EPERM)
		return 5;
	if (open(EVL_CONTROL_DEV, O_RDWR) < 0 || mlockall(MCL_CURRENT | MCL_FUTURE))
		return 6;
	ret = clone_thread("exec-me", 0, &req);
	return ret ? 7 : 0;
}

static void *sleeper(void *arg)
{
	struct evl_clone_req req;

	clone_thread("hold-2", 0, &req);
	sleep(*(int *)arg);
	return NULL;
}

int main(int argc, char *argv[])
{
	struct evl_core_info info;
	struct evl_clone_req req;
	pthread_t tid;
	int ctl, secs, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "after-exec"))
		return after_exec();
	if (argc > 2 && !strcmp(argv[1], "try")) {
		if (open(EVL_CONTROL_DEV, O_RDWR) < 0 || mlockall(MCL_CURRENT | MCL_FUTURE))
			return 255;
		ret = clone_thread(argv[2], 0, &req);
		printf("attach %s: %s\n", argv[2], ret ? strerror(-ret) : "done");
		return -ret;
	}
	check("clone before the control device is open: EPERM",
	      clone_thread("early", 0, &req) == -EPERM);
	ctl = open(EVL_CONTROL_DEV, O_RDWR);
	check("open " EVL_CONTROL_DEV, ctl >= 0);
	if (ctl < 0 || ioctl(ctl, EVL_CTLIOC_GET_COREINFO, &info))
		return 1;
	heap_size = info.shm_size;
	heap = mmap(NULL, heap_size, PROT_READ | PROT_WRITE, MAP_SHARED, ctl, 0);
	check("map the shared heap", heap != MAP_FAILED);
	check("clone without mlockall(MCL_FUTURE): EINVAL",
	      clone_thread("early", 0, &req) == -EINVAL);
	check("mlockall", mlockall(MCL_CURRENT | MCL_FUTURE) == 0);

	if (argc > 2 && !strcmp(argv[1], "hold")) {
		secs = atoi(argv[2]);
		if (clone_thread("hold-1", 0, &req))
			return 1;
		pthread_create(&tid, NULL, sleeper, &secs);
		pthread_join(tid, NULL);
		return 0;
	}

	check_bad_requests();
	check_threads();
	check_exec();
	return failed;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the parts of the test core module. */
#ifndef _TEST_CORE_H
#define _TEST_CORE_H

#include <linux/dovetail.h>

/* Calls, as prctl(PR_OOB_SYSCALL, call, arg...). */
enum {
	TESTCORE_ECHO = 1,	/* returns arg + 1 */
	TESTCORE_BIND,		/* binds the caller */
	TESTCORE_UNBIND,	/* unbinds the caller */
	TESTCORE_COUNT,		/* system calls the bound caller made */
	TESTCORE_SWITCH_OOB,	/* moves the bound caller to the oob stage */
	TESTCORE_SWITCH_INBAND,	/* moves it back in-band */
	TESTCORE_STAGE,		/* 1 if the caller runs oob, 0 otherwise */
	TESTCORE_FD_MAPPED,	/* (fd): 1 if the core maps fd to a test file */
	TESTCORE_OOB_IOCTL,	/* (fd, cmd, arg): the file's oob_ioctl */
	TESTCORE_OOB_WRITE,	/* (fd, buf, len): the file's oob_write */
	TESTCORE_OOB_READ,	/* (fd, buf, len): the file's oob_read */
	TESTCORE_EVENTS,	/* (event): the caller's events of that type */
	TESTCORE_MIGRATED_TO,	/* CPU of the caller's last migration event */
	/*
	 * (rearm, oob): arm the return-to-user call, rearmed rearm times,
	 * the last one moving the caller oob if oob is nonzero.
	 */
	TESTCORE_UCALL,
};

/* TESTCORE_EVENTS types. */
enum {
	TESTCORE_EV_MIGRATION,
	TESTCORE_EV_PTSTOP,
	TESTCORE_EV_PTCONT,
	TESTCORE_EV_PTSTEP,
	TESTCORE_EV_RETUSER,
	TESTCORE_EV_TYPES
};

void test_fd_event(enum dovetail_fd_event event, unsigned int fd,
		   struct file *file, struct files_struct *files);
long test_fd_call(unsigned long call, unsigned long fd, unsigned long arg,
		  unsigned long len);
int test_files_stats(char *buf, int at);
int test_files_init(void);
void test_files_exit(void);

#endif /* _TEST_CORE_H */

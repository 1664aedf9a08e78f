/* SPDX-License-Identifier: GPL-2.0 */
/* Out-of-band access to the core's files by descriptor. */
#ifndef _EVL_FILE_H
#define _EVL_FILE_H

#include <linux/dovetail.h>
#include <linux/err.h>

struct file;
struct files_struct;

/* The fd event hook of the core. */
void evl_fd_event(enum dovetail_fd_event event, unsigned int fd,
		  struct file *file, struct files_struct *files);

/* The caller's file at @fd, held until evl_put_oob_file(@token). */
struct file *evl_get_oob_file(unsigned int fd, void **token);
void evl_put_oob_file(void *token);

/*
 * In-band, from the release of the core's files: the out-of-band calls
 * still on @file end their blocks with -EBADF; wait until they left.
 */
void evl_release_oob_file(struct file *file);

/* A thread's oob_file once the file of its call was closed. */
#define EVL_OOB_FILE_CLOSED	((struct file *)ERR_PTR(-EBADF))

void evl_files_init(void);

#endif /* _EVL_FILE_H */

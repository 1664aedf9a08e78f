// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-band access to the core's files by descriptor. Out-of-band code
 * cannot walk the fd table, so the core keeps its own map from (files,
 * fd) to file, in step with the table through Dovetail's fd events. An
 * out-of-band call marks the entry in use; the release of one of the
 * core's files waits until no call uses it any more, so that the file
 * outlives every call made on it. Entries come from a fixed pool: the
 * out-of-band stage cannot allocate.
 */
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/hard_spinlock.h>
#include <linux/hash.h>
#include <linux/irq_pipeline.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include "debug.h"
#include "file.h"
#include "thread.h"

#define NR_ENTRIES	4096
#define HASH_BITS	8

struct oob_fd {
	struct oob_fd *next;		/* in the hash chain or the free list */
	struct files_struct *files;
	struct file *file;
	unsigned int fd;
	int users;			/* out-of-band calls using it */
	bool stale;			/* the fd went away while in use */
};

static struct oob_fd entries[NR_ENTRIES];
static struct oob_fd *buckets[1 << HASH_BITS], *free_entries;
/* Taken with hard irqs off: out-of-band callers look the map up too. */
static DEFINE_HARD_SPINLOCK(map_lock);

static unsigned long lock_map(void)
{
	unsigned long flags;

	hard_spin_lock_irqsave(&map_lock, flags);
	return flags;
}

static void unlock_map(unsigned long flags)
{
	hard_spin_unlock_irqrestore(&map_lock, flags);
}

static struct oob_fd **bucket(struct files_struct *files, unsigned int fd)
{
	return &buckets[hash_long((unsigned long)files ^ fd, HASH_BITS)];
}

static void put_entry(struct oob_fd *e)
{
	e->next = free_entries;
	free_entries = e;
}

/* Take the entry of (files, fd) out of the map; freed unless in use. */
static void unmap(struct files_struct *files, unsigned int fd)
{
	struct oob_fd **link, *e;

	for (link = bucket(files, fd); (e = *link); link = &e->next) {
		if (e->files == files && e->fd == fd) {
			*link = e->next;
			if (e->users)
				e->stale = true;
			else
				put_entry(e);
			return;
		}
	}
}

static void map(struct files_struct *files, unsigned int fd, struct file *file)
{
	struct oob_fd **head = bucket(files, fd), *e = free_entries;

	/* Out of entries: that fd is simply not usable out-of-band. */
	if (!e)
		return;
	free_entries = e->next;
	*e = (struct oob_fd){ .files = files, .fd = fd, .file = file, .next = *head };
	*head = e;
}

/* In-band, from the fd table code: only the core's files are mapped. */
void evl_fd_event(enum dovetail_fd_event event, unsigned int fd,
		  struct file *file, struct files_struct *files)
{
	unsigned long flags;

	flags = lock_map();
	unmap(files, fd);
	if (event != DOVETAIL_FD_UNINSTALL && file->f_op->owner == THIS_MODULE)
		map(files, fd, file);
	unlock_map(flags);
}

struct file *evl_get_oob_file(unsigned int fd, void **token)
{
	struct files_struct *files = current->files;
	struct oob_fd *e;
	unsigned long flags;

	flags = lock_map();
	for (e = *bucket(files, fd); e; e = e->next) {
		if (e->files == files && e->fd == fd) {
			e->users++;
			break;
		}
	}
	unlock_map(flags);
	*token = e;

	return e ? e->file : NULL;
}

void evl_put_oob_file(void *token)
{
	struct oob_fd *e = token;
	unsigned long flags;

	flags = lock_map();
	if (!--e->users && e->stale)
		put_entry(e);
	unlock_map(flags);
}

/*
 * Entries looked at per hold of the map lock: the whole pool at once
 * would keep the CPU masked for hundreds of microseconds, delaying the
 * oob tick by as much.
 */
#define IN_USE_SLICE	64

/*
 * In-band, on release, once no fd maps @file any more: no new call can
 * use it, so an entry seen unused in one slice stays unused for @file
 * after the lock is dropped, and the slices add up to a whole look.
 */
static bool in_use(struct file *file)
{
	unsigned long flags;
	bool used = false;
	int n, end;

	for (n = 0; n < NR_ENTRIES && !used; n = end) {
		end = min(n + IN_USE_SLICE, NR_ENTRIES);
		flags = lock_map();
		for (; n < end && !used; n++)
			used = entries[n].file == file && entries[n].users;
		unlock_map(flags);
	}

	return used;
}

void evl_release_oob_file(struct file *file)
{
	evl_assert_may_sleep();

	/*
	 * The fd is gone from the map: no call starts on @file any more.
	 * Those in flight end soon once their blocks are broken; one that
	 * had the file but was not on it yet when looked for is caught by
	 * the next look.
	 */
	while (in_use(file)) {
		evl_close_oob_calls(file);
		usleep_range(100, 200);
	}
}

void evl_files_init(void)
{
	int n;

	memset(buckets, 0, sizeof(buckets));
	free_entries = NULL;
	for (n = NR_ENTRIES - 1; n >= 0; n--) {
		entries[n] = (struct oob_fd){ };
		put_entry(&entries[n]);
	}
}

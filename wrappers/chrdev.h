/* SPDX-License-Identifier: GPL-2.0 */
/*
 * chrdev.h - what the char-device wrappers (chrdev.c) offer the class
 * shadow above them (shadow/char.c), and the hooks it fills in.
 *
 * The wrappers keep a supervised driver's region, cdev, class and device
 * across a restart, and a proxy of its file_operations that holds callers
 * while the driver recovers. What a restarted driver must be told again
 * about each open file is the shadow's: it keeps a log per file at the end
 * of the wrappers' record of the file (dsw_chrdev_hooks.file_size bytes,
 * zeroed at open), and replays it through dsw_chrdev_files().
 */
#ifndef DRVSUP_CHRDEV_H
#define DRVSUP_CHRDEV_H

#include <linux/fs.h>
#include <linux/types.h>

struct drvsup_domain;

/*
 * Set once, before any driver loads, by dsw_chrdev_hooks_set():
 *   file_size   bytes of per-file state (the log), at dsw_chrdev_file.log
 *   configures  is this ioctl one to log? (asked on every ioctl: cheap)
 *   log_ioctl   the driver took @cmd(@arg) for the file (caller's context,
 *               serialised per device)
 *   log_fasync  the driver took FASYNC on or off for the file
 *   forget      the file is closed: its state goes (may be NULL)
 */
struct dsw_chrdev_hooks {
	size_t file_size;
	bool (*configures)(unsigned int cmd);
	void (*log_ioctl)(void *log, unsigned int cmd, unsigned long arg);
	void (*log_fasync)(void *log, int fd, int on);
	void (*forget)(void *log);
};

void dsw_chrdev_hooks_set(const struct dsw_chrdev_hooks *h);

/* One live open file of a kept cdev, as the shadow sees it. */
struct dsw_chrdev_file {
	const struct file_operations *fops;	/* the driver's */
	struct inode *inode;			/* the driver's view of it */
	struct file *file;			/* the kernel's, kept */
	void *log;				/* the hooks' file_size bytes */
};

int dsw_chrdev_files(struct drvsup_domain *d,
		     int (*fn)(struct drvsup_domain *d,
			       const struct dsw_chrdev_file *f),
		     bool pin);
void drvsup_chrdev_wake_pollers(struct drvsup_domain *d);
void *dsw_chrdev_file_log(struct drvsup_domain *d, struct file *file);

#endif /* DRVSUP_CHRDEV_H */

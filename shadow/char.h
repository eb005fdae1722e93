/* SPDX-License-Identifier: GPL-2.0 */
/*
 * char.h - the char-device class shadow's log of one open file: what a
 * restarted driver must be told again to rebuild the file's state
 * (shadow/char.c), kept by the file_operations proxy (wrappers/chrdev.c).
 */
#ifndef DRVSUP_SHADOW_CHAR_H
#define DRVSUP_SHADOW_CHAR_H

#include <linux/fs.h>
#include <linux/types.h>

struct drvsup_domain;

#define DRVSUP_CHAR_LOG 8

/* The last configuring ioctl of each group, in the order they came. */
struct drvsup_char_log {
	struct {
		unsigned int cmd;
		unsigned long arg;	/* a value, never a user pointer */
		u64 seq;
		u8 group;
	} ent[DRVSUP_CHAR_LOG];
	unsigned int n;
	bool fasync;			/* FASYNC was turned on */
	int fasync_fd;
};

bool drvsup_char_configures(unsigned int cmd);
void drvsup_char_log_ioctl(struct drvsup_char_log *log, unsigned int cmd,
			   unsigned long arg);
void drvsup_char_log_fasync(struct drvsup_char_log *log, int fd, int on);
int drvsup_char_reopen_file(struct drvsup_domain *d,
			    const struct file_operations *fops,
			    struct inode *inode, struct file *file);
int drvsup_char_replay_log(struct drvsup_domain *d,
			   const struct file_operations *fops,
			   struct file *file, const struct drvsup_char_log *log);

#endif /* DRVSUP_SHADOW_CHAR_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * char.c - the char-device class shadow: what it logs of each open file
 * in passive mode, and how it rebuilds the file's state in a restarted
 * driver.
 *
 * The kernel-visible objects (region, cdev and /dev node, class, device)
 * are kept by wrappers/chrdev.c and handed back when the restarted init
 * asks for them; its file_operations proxy keeps the open files, holds
 * callers while a recovery runs and runs a call the fault cut short again.
 * This file owns the log, kept through the wrappers' hooks (struct
 * dsw_chrdev_hooks, wrappers/chrdev.h), and the replay: every open file is opened again (the driver's
 * per-file state, file->private_data, is rebuilt by its own open), then,
 * for each, the configuring ioctls it made are replayed, the last of each
 * group in the order they came, then FASYNC. Queries, reads and writes are never
 * logged: the log stays bounded whatever the application does. What the
 * device produced for a file and the file has not read cannot be replayed;
 * a driver keeps it in per-file memory that outlives the instance
 * (keep.h).
 *
 * Which ioctls configure a driver is a property of the ABI, not of the
 * driver: the table below knows the Linux RTC ABI (<linux/rtc.h>), which
 * every RTC char driver implements. Replayed are only ioctls whose
 * argument is a value (the replay runs in a kworker, which has no user
 * memory to point into); state the hardware keeps (the time, the alarm
 * time in CMOS) needs no replay. ioctls of other ABIs are not replayed.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/rtc.h>
#include <linux/uaccess.h>

#include "../isolation/domain.h"
#include "../wrappers/chrdev.h"
#include "../wrappers/wrap.h"
#include "keep.h"
#include "shadow.h"

#define DRVSUP_CHAR_LOG 8

/* One open file's log: the last configuring ioctl of each group, in order. */
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
	void *keep;			/* drvsup_file_keep(): outlives */
	size_t keep_size;		/* the driver instance */
};

enum { G_AIE = 1, G_UIE, G_PIE, G_IRQP };

/* The group a configuring ioctl belongs to, or 0. */
static u8 cmd_group(unsigned int cmd)
{
	switch (cmd) {
	case RTC_AIE_ON:
	case RTC_AIE_OFF:
	case RTC_ALM_SET:	/* sets the time, leaves the alarm disarmed */
	case RTC_WKALM_SET:	/* arms it or not */
		return G_AIE;
	case RTC_UIE_ON:
	case RTC_UIE_OFF:
		return G_UIE;
	case RTC_PIE_ON:
	case RTC_PIE_OFF:
		return G_PIE;
	case RTC_IRQP_SET:	/* the rate is the argument itself */
		return G_IRQP;
	}
	return 0;
}

/* Is @cmd one the shadow logs? (Cheap: asked on every ioctl.) */
static bool char_configures(unsigned int cmd)
{
	return cmd_group(cmd) != 0;
}

/**
 * char_log_ioctl - @cmd(@arg) succeeded: remember it
 * @to: the file's log (struct drvsup_char_log)
 * @cmd: the ioctl
 * @arg: its argument as the caller gave it
 *
 * Runs in the caller's context right after the driver accepted the call
 * (a user pointer can be read here, not at replay). Serialised per file by
 * the proxy.
 */
static void char_log_ioctl(void *to, unsigned int cmd, unsigned long arg)
{
	static atomic64_t seq = ATOMIC64_INIT(0);
	struct drvsup_char_log *log = to;
	struct rtc_wkalrm wk;
	u8 g = cmd_group(cmd);
	unsigned int i;

	if (!g)
		return;
	/* Alarm times stay in the clock; what is replayed is armed or not. */
	if (cmd == RTC_ALM_SET) {
		cmd = RTC_AIE_OFF;
	} else if (cmd == RTC_WKALM_SET) {
		if (copy_from_user(&wk, (void __user *)arg, sizeof(wk)))
			return;
		cmd = wk.enabled ? RTC_AIE_ON : RTC_AIE_OFF;
	}
	if (cmd != RTC_IRQP_SET)
		arg = 0;
	for (i = 0; i < log->n && log->ent[i].group != g; i++)
		;
	if (i == log->n) {
		if (log->n == DRVSUP_CHAR_LOG)
			return;
		log->n++;
	}
	log->ent[i].cmd = cmd;
	log->ent[i].arg = arg;
	log->ent[i].group = g;
	log->ent[i].seq = atomic64_inc_return(&seq);
}

static void char_log_fasync(void *to, int fd, int on)
{
	struct drvsup_char_log *log = to;

	log->fasync = on;
	log->fasync_fd = fd;
}

static struct drvsup_entry entry_reopen = { "replay-open", -ENODEV, true };
static struct drvsup_entry entry_reioctl = { "replay-ioctl", -ENODEV };
static struct drvsup_entry entry_refasync = { "replay-fasync", -ENODEV };

/**
 * reopen_file - open a kept file again in a restarted driver
 * @d: the domain
 * @f: the file: the driver's file_operations, its view of the inode (its
 *	own cdev in i_cdev), the kernel's file kept across the restart
 *
 * The driver's per-file state, file->private_data, is rebuilt by its own
 * open. Returns 0, or the error of that open (the attempt then failed).
 */
static int reopen_file(struct drvsup_domain *d,
		       const struct dsw_chrdev_file *f)
{
	long ret = 0;

	f->file->private_data = NULL;
	if (f->fops->open)
		ret = DRVSUP_CALL(d, &entry_reopen, f->fops->open, f->inode,
				   f->file);
	return ret < 0 ? ret : 0;
}

/**
 * replay_log - re-apply what one reopened file configured
 * @d: the domain
 * @f: the file, opened again by reopen_file(), and its log
 *
 * Runs once every live file of the device is open again: configuring a
 * device can make it report an event at once (an interrupt source turned
 * on again whose event came while the driver was down, an alarm whose
 * time has come), and every file it would have reached before the fault
 * must be there to get it. Returns 0, or the error of FASYNC.
 */
static int replay_log(struct drvsup_domain *d, const struct dsw_chrdev_file *f)
{
	const struct file_operations *fops = f->fops;
	const struct drvsup_char_log *log = f->log;
	struct file *file = f->file;
	bool done[DRVSUP_CHAR_LOG] = { };
	unsigned int i, k;
	long ret = 0;

	/* Oldest first: the order the application made them in. */
	for (k = 0; k < log->n; k++) {
		int next = -1;

		for (i = 0; i < log->n; i++)
			if (!done[i] && (next < 0 ||
					 log->ent[i].seq < log->ent[next].seq))
				next = i;
		done[next] = true;
		/*
		 * The driver may refuse what it took before (an alarm that
		 * fired meanwhile): the file then has the state the driver
		 * gives it. A fault here fails the attempt (the core sees
		 * the domain failed).
		 */
		if (fops->unlocked_ioctl)
			DRVSUP_CALL(d, &entry_reioctl, fops->unlocked_ioctl,
				     file, log->ent[next].cmd,
				     log->ent[next].arg);
	}
	if (log->fasync && fops->fasync)
		ret = DRVSUP_CALL(d, &entry_refasync, fops->fasync,
				   log->fasync_fd, file, 1);
	return ret < 0 ? ret : 0;
}

/*
 * Reopen every live file, then replay their logs: the second pass only
 * once every file is open again (replay_log() says why).
 */
static int char_replay(struct drvsup_domain *d)
{
	int err = dsw_chrdev_files(d, reopen_file, true);

	return err ?: dsw_chrdev_files(d, replay_log, false);
}

/* Recovery over (or given up): pollers look again. */
static void char_resume(struct drvsup_domain *d)
{
	drvsup_chrdev_wake_pollers(d);
}

static int file_open(struct drvsup_domain *d, const struct dsw_chrdev_file *f)
{
	return -EBUSY;
}

/*
 * A checkpoint needs the driver to have no file open: the replay opens
 * them all again. A restarted driver has not seen them yet.
 */
static int char_checkpoint(struct drvsup_domain *d, bool restarted)
{
	return restarted ? 0 : dsw_chrdev_files(d, file_open, false);
}

/* The char class in the recovery sequence (the files live in chrdev.c). */
static const struct drvsup_shadow_class char_class = {
	.name = "char",
	.checkpoint = char_checkpoint,
	.replay = char_replay,
	.resume = char_resume,
	.dead = char_resume,
};

/* The file is closed: what the driver kept for it goes too. */
static void char_forget(void *to)
{
	struct drvsup_char_log *log = to;

	kfree(log->keep);
}

static const struct dsw_chrdev_hooks char_hooks = {
	.file_size = sizeof(struct drvsup_char_log),
	.configures = char_configures,
	.log_ioctl = char_log_ioctl,
	.log_fasync = char_log_fasync,
	.forget = char_forget,
};

/*
 * --- per-file memory that outlives the instance (keep.h) -------------------
 *
 * Asked for in the driver's open; the open a restart replays for the same
 * file asks again and gets the same memory. Only one open of a file runs
 * at a time (the replay holds the file's callers), so the log needs no
 * lock here.
 */
DSW(void *, drvsup_file_keep, struct file *file, size_t size)
{
	struct drvsup_char_log *log;
	void *mem = NULL;

	DSW_ENTER(d);
	log = size && size <= DRVSUP_FILE_KEEP_MAX ?
	      dsw_chrdev_file_log(d, file) : NULL;
	if (log && !log->keep) {
		log->keep = kzalloc(size, GFP_KERNEL);
		log->keep_size = log->keep ? size : 0;
	}
	if (log && log->keep && log->keep_size == size)
		mem = log->keep;
	DSW_LEAVE();
	return mem;
}

/* Before any driver loads: the char wrappers keep the shadow's log. */
void drvsup_char_shadow_init(void)
{
	dsw_chrdev_hooks_set(&char_hooks);
	drvsup_shadow_class_register(&char_class);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtctest.h - the object model of rtctest, the CMOS RTC char driver: the
 * device (one per module: a PC has one CMOS clock), its open files, and what
 * each file of the driver offers the others.
 *
 *   main.c     module init/exit: registration, sysfs, parameters
 *   chardev.c  the /dev/rtctest ABI (rtc-dev compatible): fops and ioctls
 *   events.c   IRQ 8, alarm policy, interrupt events to open files
 *   cmos.c     every CMOS register access, each under rtc_lock
 *   rtc-calc.h pure logic shared with the host unit tests
 *
 * Locks, outermost first:
 *   rtct.cfg_lock  mutex: changes of time, alarm, enables and rate (so one
 *                  ioctl's read-modify-write sequence is not interleaved
 *                  with another's), the opener count
 *   rtc_lock       the kernel's CMOS lock (spin, irqsave): every access to
 *                  the index/data ports, and the alarm mirror below, which
 *                  changes together with the chip's alarm registers
 *   rtct.ev_lock   spin, irqsave: the open-file list and event words
 * rtc_lock and ev_lock are never held together; the IRQ handler takes them
 * one after the other.
 */
#ifndef RTCTEST_H
#define RTCTEST_H

#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/mc146818rtc.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include "rtc-calc.h"

#define RTCT_IRQ_MASK		(RTC_PIE | RTC_AIE | RTC_UIE) /* = C's flags */
#define RTCT_MAX_USER_FREQ	64	/* Hz without CAP_SYS_RESOURCE */

/* One open file of /dev/rtctest. */
struct rtct_file {
	struct rtct *rtc;		/* its device; constant */
	struct list_head node;		/* in rtc->files; under ev_lock */
	unsigned long *events;		/* read() word, 0 = none; ev_lock */
	unsigned long own_events;	/* where it is when not kept */
};

/* The CMOS clock and its char device. */
struct rtct {
	/* Set up by init, constant until exit. */
	dev_t devt;			/* dynamic major, one minor */
	struct cdev cdev;
	struct class *class;		/* /sys/class/rtctest */
	struct device *dev;		/* /dev/rtctest and its attributes */
	unsigned int irq;		/* RTC_IRQ, 8 */
	u8 century_reg;			/* CMOS index of century, 0 = none */

	struct mutex cfg_lock;		/* see the top of this file */
	unsigned int openers;		/* open files; under cfg_lock */

	/*
	 * The alarm, under rtc_lock. The chip holds only its hour, minute
	 * and second. Invariant: alarm_armed == (register B & RTC_AIE).
	 */
	struct rtc_time alarm;		/* full date and time, valid */
	bool alarm_armed;		/* AIE on and the alarm not reported */
	/*
	 * Flags register C held at init for sources a failed instance had
	 * left enabled: reported when the source is enabled again (a
	 * restart's replay does), dropped when it is turned off. cfg_lock.
	 */
	u8 missed;

	spinlock_t ev_lock;		/* see the top of this file */
	struct list_head files;		/* struct rtct_file; under ev_lock */
	wait_queue_head_t wait;		/* read() and poll() waiters */
	struct fasync_struct *fasync;	/* SIGIO subscribers */
};

/* cmos.c: the chip. Each function takes rtc_lock itself. */
int rtct_cmos_init(struct rtct *rtc);
void rtct_cmos_quiesce(struct rtct *rtc);
void rtct_cmos_clear_flags(void);
int rtct_cmos_read_time(struct rtct *rtc, struct rtc_time *tm);
int rtct_cmos_set_time(struct rtct *rtc, const struct rtc_time *tm);
int rtct_cmos_set_alarm(struct rtct *rtc, const struct rtc_time *alarm,
			bool arm, u8 *pending);
void rtct_cmos_get_alarm(struct rtct *rtc, struct rtc_time *alarm,
			 bool *armed);
bool rtct_cmos_alarm_fire(struct rtct *rtc, const struct rtc_time *now);
u8 rtct_cmos_set_enables(struct rtct *rtc, u8 mask, bool on);
bool rtct_cmos_ack(u8 *flags);
unsigned int rtct_cmos_freq(void);
void rtct_cmos_set_rate(unsigned int rate);

/* events.c: interrupts and what open files see of them. */
irqreturn_t rtct_irq(int irq, void *dev_id);
void rtct_handle_flags(struct rtct *rtc, u8 flags);
int rtct_alarm_set(struct rtct *rtc, const struct rtc_time *alarm,
		   bool enabled);
int rtct_alarm_enable(struct rtct *rtc, bool on);
void rtct_irq_enable(struct rtct *rtc, u8 mask, bool on);
void rtct_file_attach(struct rtct *rtc, struct rtct_file *f,
		      struct file *file);
void rtct_file_detach(struct rtct *rtc, struct rtct_file *f);
unsigned long rtct_take_events(struct rtct_file *f);
void rtct_return_events(struct rtct_file *f, unsigned long events);
bool rtct_events_pending(struct rtct_file *f);

/* chardev.c */
extern const struct file_operations rtct_fops;

#endif /* RTCTEST_H */

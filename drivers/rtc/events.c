// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - rtctest's interrupts and what open files see of them: the IRQ 8
 * handler, the alarm policy (full-date alarms on a chip that compares only
 * hour, minute and second; one-shot), the per-device interrupt enables, and
 * the per-file event words that read(), poll() and SIGIO report.
 *
 * Every open file gets every event; each file's events accumulate in its
 * own rtc-dev style word until that file reads it. Under drvsup the word
 * is in memory the char shadow keeps across a restart of this driver
 * (shadow/keep.h): an event a file was told of survives the instance that
 * took it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include "rtctest.h"
#include "../../shadow/keep.h"

/* Report @flags (RTC_UF/RTC_AF/RTC_PF) to every open file. */
static void rtct_deliver(struct rtct *rtc, u8 flags)
{
	struct rtct_file *f;
	unsigned long irqflags;

	spin_lock_irqsave(&rtc->ev_lock, irqflags);
	list_for_each_entry(f, &rtc->files, node)
		*f->events = rtcc_events_add(*f->events, 1, flags);
	spin_unlock_irqrestore(&rtc->ev_lock, irqflags);

	wake_up_interruptible(&rtc->wait);
	kill_fasync(&rtc->fasync, SIGIO, POLL_IN);
}

/*
 * Whether the armed alarm's whole date and time has come; if so it is now
 * disarmed and must be reported. The chip matched only the time of day.
 */
static bool rtct_alarm_due_now(struct rtct *rtc)
{
	struct rtc_time now;

	if (rtct_cmos_read_time(rtc, &now))
		return false;		/* stays armed: checked again tomorrow */
	return rtct_cmos_alarm_fire(rtc, &now);
}

/*
 * Report interrupt flags the chip raised (from the handler, or found in
 * register C while the enables changed). RTC_AF also means "check whether
 * the alarm is due", which callers use after arming it and after setting the
 * time: an armed alarm whose time has come is reported at once, as the
 * kernel's RTC core does.
 */
void rtct_handle_flags(struct rtct *rtc, u8 flags)
{
	if ((flags & RTC_AF) && !rtct_alarm_due_now(rtc))
		flags &= ~RTC_AF;
	if (flags)
		rtct_deliver(rtc, flags);
}

irqreturn_t rtct_irq(int irq, void *dev_id)
{
	struct rtct *rtc = dev_id;
	u8 flags;

	if (!rtct_cmos_ack(&flags))
		return IRQ_NONE;
	rtct_handle_flags(rtc, flags);
	return IRQ_HANDLED;
}

/*
 * Flags of @mask's sources the chip raised before init while a failed
 * instance had them enabled (rtct_cmos_init()), taken: reported when the
 * source is enabled again, forgotten when it is turned off. cfg_lock held.
 */
static u8 rtct_take_missed(struct rtct *rtc, u8 mask)
{
	u8 flags = rtc->missed & mask;

	rtc->missed &= ~mask;
	return flags;
}

/*
 * Set the full-date alarm and arm it when @enabled (RTC_WKALM_SET;
 * RTC_ALM_SET passes tomorrow's date when the time of day is past).
 * Caller holds cfg_lock and has validated @alarm.
 */
int rtct_alarm_set(struct rtct *rtc, const struct rtc_time *alarm,
		   bool enabled)
{
	struct rtc_time t;
	u8 pending;
	int err;

	rtcc_secs_to_tm(rtcc_tm_to_secs(alarm), &t);	/* wday, yday */
	err = rtct_cmos_set_alarm(rtc, &t, enabled, &pending);
	if (err)
		return err;
	/* A missed alarm is due at once when armed again: the check below. */
	rtct_take_missed(rtc, RTC_AF);
	rtct_handle_flags(rtc, pending | (enabled ? RTC_AF : 0));
	return 0;
}

/* RTC_AIE_ON/OFF: arm or disarm the alarm already set. cfg_lock held. */
int rtct_alarm_enable(struct rtct *rtc, bool on)
{
	struct rtc_time alarm;
	bool armed;

	if (!on) {
		rtct_take_missed(rtc, RTC_AF);
		rtct_handle_flags(rtc, rtct_cmos_set_enables(rtc, RTC_AIE,
							     false));
		return 0;
	}
	rtct_cmos_get_alarm(rtc, &alarm, &armed);
	return rtct_alarm_set(rtc, &alarm, true);
}

/* RTC_UIE_ON/OFF, RTC_PIE_ON/OFF and the last close. cfg_lock held. */
void rtct_irq_enable(struct rtct *rtc, u8 mask, bool on)
{
	u8 missed = rtct_take_missed(rtc, mask);

	rtct_handle_flags(rtc, rtct_cmos_set_enables(rtc, mask, on) |
			       (on ? missed : 0));
}

void rtct_file_attach(struct rtct *rtc, struct rtct_file *f,
		      struct file *file)
{
	unsigned long flags, *kept;

	f->rtc = rtc;
	kept = drvsup_file_keep ? drvsup_file_keep(file, sizeof(*kept)) : NULL;
	f->events = kept ?: &f->own_events;
	/* Left by a failed instance: only a well-formed word is an event. */
	if (*f->events & ~(~0xffUL | RTC_IRQF | RTCC_EVENT_FLAGS) ||
	    (*f->events && !(*f->events & RTC_IRQF)))
		*f->events = 0;
	spin_lock_irqsave(&rtc->ev_lock, flags);
	list_add_tail(&f->node, &rtc->files);
	spin_unlock_irqrestore(&rtc->ev_lock, flags);
}

void rtct_file_detach(struct rtct *rtc, struct rtct_file *f)
{
	unsigned long flags;

	spin_lock_irqsave(&rtc->ev_lock, flags);
	list_del(&f->node);
	spin_unlock_irqrestore(&rtc->ev_lock, flags);
}

/* The file's pending event word (0: none), which is then cleared. */
unsigned long rtct_take_events(struct rtct_file *f)
{
	unsigned long flags, events;

	spin_lock_irqsave(&f->rtc->ev_lock, flags);
	events = *f->events;
	*f->events = 0;
	spin_unlock_irqrestore(&f->rtc->ev_lock, flags);
	return events;
}

/* Give back events taken but not delivered (read() hit a bad buffer). */
void rtct_return_events(struct rtct_file *f, unsigned long events)
{
	unsigned long flags;

	spin_lock_irqsave(&f->rtc->ev_lock, flags);
	*f->events = rtcc_events_merge(*f->events, events);
	spin_unlock_irqrestore(&f->rtc->ev_lock, flags);
}

bool rtct_events_pending(struct rtct_file *f)
{
	return READ_ONCE(*f->events) != 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * cmos.c - rtctest's access to the MC146818-compatible CMOS clock: time,
 * alarm, interrupt enables and flags, periodic rate. Every register access
 * of the driver is in this file and each holds the kernel's rtc_lock, which
 * serializes the index/data port pair with the kernel's own CMOS users (the
 * wall clock at boot and resume, NTP's periodic RTC sync, the NVRAM driver).
 *
 * Reads never return a torn time: the time registers are read only while
 * the update-in-progress bit (register A UIP) is clear, twice, and only two
 * equal readouts count. Waiting for UIP drops the lock; nothing sleeps or
 * delays under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/mc146818rtc.h>
#include <linux/string.h>
#include <asm/processor.h>
#include "rtctest.h"

#define RTCT_UIP_POLL_US	100	/* between looks at UIP */
#define RTCT_UIP_TRIES		100	/* 10 ms; UIP stays up <= 2.228 ms */
#define RTCT_READ_TRIES		10	/* readouts that may disagree */
#define RTCT_DEFAULT_RATE	6	/* 1024 Hz, the chip's reset default */

/*
 * Take rtc_lock at a moment the chip is not updating (UIP clear): at least
 * 244 us remain before the next update starts. 0 with the lock held, or
 * -ETIMEDOUT without it when UIP never cleared (no working clock).
 */
static int rtct_lock_idle(unsigned long *flags)
{
	int i;

	for (i = 0; i < RTCT_UIP_TRIES; i++) {
		spin_lock_irqsave(&rtc_lock, *flags);
		if (!(CMOS_READ(RTC_FREQ_SELECT) & RTC_UIP))
			return 0;
		spin_unlock_irqrestore(&rtc_lock, *flags);
		udelay(RTCT_UIP_POLL_US);
	}
	return -ETIMEDOUT;
}

/* The format of the time registers. rtc_lock held. */
static void rtct_mode(struct rtct *rtc, struct rtcc_mode *m)
{
	u8 regb = CMOS_READ(RTC_CONTROL);

	m->binary = regb & RTC_DM_BINARY;
	m->hour24 = regb & RTC_24H;
	m->century = rtc->century_reg != 0;
}

/* rtc_lock held. */
static void rtct_read_regs(struct rtct *rtc, struct rtcc_regs *r)
{
	r->sec = CMOS_READ(RTC_SECONDS);
	r->min = CMOS_READ(RTC_MINUTES);
	r->hour = CMOS_READ(RTC_HOURS);
	r->wday = CMOS_READ(RTC_DAY_OF_WEEK);
	r->mday = CMOS_READ(RTC_DAY_OF_MONTH);
	r->mon = CMOS_READ(RTC_MONTH);
	r->year = CMOS_READ(RTC_YEAR);
	r->century = rtc->century_reg ? CMOS_READ(rtc->century_reg) : 0;
}

/*
 * Change register B's interrupt enables from @old to @new. Register C (its
 * flags clear on read) is read before and after: flags of sources enabled
 * at the time are returned for the caller to report, as the interrupt
 * handler will not see them now; stale flags of sources that were off are
 * dropped, so enabling UIE does not report an update from the past.
 * rtc_lock held.
 */
static u8 rtct_write_enables(u8 old, u8 new)
{
	u8 pending;

	pending = CMOS_READ(RTC_INTR_FLAGS) & old & RTCT_IRQ_MASK;
	CMOS_WRITE(new, RTC_CONTROL);
	pending |= CMOS_READ(RTC_INTR_FLAGS) & new & RTCT_IRQ_MASK;
	return pending;
}

int rtct_cmos_read_time(struct rtct *rtc, struct rtc_time *tm)
{
	struct rtcc_regs a, b;
	struct rtcc_mode mode;
	unsigned long flags;
	bool updating;
	int i, err;

	for (i = 0; i < RTCT_READ_TRIES; i++) {
		err = rtct_lock_idle(&flags);
		if (err)
			return err;
		rtct_mode(rtc, &mode);
		rtct_read_regs(rtc, &a);
		rtct_read_regs(rtc, &b);
		updating = CMOS_READ(RTC_FREQ_SELECT) & RTC_UIP;
		spin_unlock_irqrestore(&rtc_lock, flags);

		if (updating || memcmp(&a, &b, sizeof(a)))
			continue;
		if (rtcc_regs_to_tm(&a, &mode, tm)) {
			pr_err_ratelimited("clock holds no valid time: %02x:%02x:%02x %02x.%02x.%02x%02x\n",
					   a.hour, a.min, a.sec, a.mday, a.mon,
					   a.century, a.year);
			return -EIO;
		}
		return 0;
	}
	pr_err_ratelimited("time readouts kept changing\n");
	return -EIO;
}

/*
 * Register A while the time is written: the divider chain held in reset,
 * as mc146818_set_time() does (the first update then comes 500 ms after the
 * reset is removed). AMD chipsets have no divider reset there; bit 4 selects
 * a register bank that must be 0 for the time registers.
 */
static u8 rtct_rega_for_set(u8 rega)
{
	if (boot_cpu_data.x86_vendor == X86_VENDOR_AMD ||
	    boot_cpu_data.x86_vendor == X86_VENDOR_HYGON)
		return rega & ~RTC_AMD_BANK_SELECT;
	return rega | RTC_DIV_RESET2;
}

/* Set the clock to @tm, validated by the caller for this chip. */
int rtct_cmos_set_time(struct rtct *rtc, const struct rtc_time *tm)
{
	struct rtcc_mode mode;
	struct rtcc_regs r;
	unsigned long flags;
	u8 regb, rega;
	int err;

	spin_lock_irqsave(&rtc_lock, flags);
	rtct_mode(rtc, &mode);
	err = rtcc_tm_to_regs(tm, &mode, &r);
	if (err)
		goto out;
	regb = CMOS_READ(RTC_CONTROL);
	CMOS_WRITE(regb | RTC_SET, RTC_CONTROL);
	rega = CMOS_READ(RTC_FREQ_SELECT);
	CMOS_WRITE(rtct_rega_for_set(rega), RTC_FREQ_SELECT);

	CMOS_WRITE(r.year, RTC_YEAR);
	CMOS_WRITE(r.mon, RTC_MONTH);
	CMOS_WRITE(r.mday, RTC_DAY_OF_MONTH);
	CMOS_WRITE(r.wday, RTC_DAY_OF_WEEK);
	CMOS_WRITE(r.hour, RTC_HOURS);
	CMOS_WRITE(r.min, RTC_MINUTES);
	CMOS_WRITE(r.sec, RTC_SECONDS);
	if (rtc->century_reg)
		CMOS_WRITE(r.century, rtc->century_reg);

	/* B first: the clock restarts when A leaves divider reset. */
	CMOS_WRITE(regb & ~RTC_SET, RTC_CONTROL);
	CMOS_WRITE(rega & ~RTC_UIP, RTC_FREQ_SELECT);
out:
	spin_unlock_irqrestore(&rtc_lock, flags);
	return err;
}

/*
 * Program the alarm: its hour, minute and second into the chip's alarm
 * registers in the chip's current format (written outside an update: some
 * chipsets drop alarm writes during one), the full date into the mirror,
 * AIE as @arm says. Flags found pending are returned in @pending.
 */
int rtct_cmos_set_alarm(struct rtct *rtc, const struct rtc_time *alarm,
			bool arm, u8 *pending)
{
	struct rtcc_mode mode;
	unsigned long flags;
	u8 regb;
	int err;

	err = rtct_lock_idle(&flags);
	if (err)
		return err;
	rtct_mode(rtc, &mode);
	regb = CMOS_READ(RTC_CONTROL);
	/* The next alarm interrupt must not be the previous alarm's. */
	*pending = rtct_write_enables(regb, regb & ~RTC_AIE);
	regb &= ~RTC_AIE;

	CMOS_WRITE(rtcc_hour_encode(alarm->tm_hour, &mode), RTC_HOURS_ALARM);
	CMOS_WRITE(rtcc_encode(alarm->tm_min, mode.binary), RTC_MINUTES_ALARM);
	CMOS_WRITE(rtcc_encode(alarm->tm_sec, mode.binary), RTC_SECONDS_ALARM);
	rtc->alarm = *alarm;
	rtc->alarm_armed = arm;
	if (arm)
		*pending |= rtct_write_enables(regb, regb | RTC_AIE);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return 0;
}

void rtct_cmos_get_alarm(struct rtct *rtc, struct rtc_time *alarm,
			 bool *armed)
{
	unsigned long flags;

	spin_lock_irqsave(&rtc_lock, flags);
	*alarm = rtc->alarm;
	*armed = rtc->alarm_armed;
	spin_unlock_irqrestore(&rtc_lock, flags);
}

/*
 * If the alarm is armed and due at @now, disarm it (alarms are one-shot:
 * AIE off) and return true; the caller reports it. Register C is left
 * alone: reading it would lose update and periodic flags.
 */
bool rtct_cmos_alarm_fire(struct rtct *rtc, const struct rtc_time *now)
{
	unsigned long flags;
	bool fire;

	spin_lock_irqsave(&rtc_lock, flags);
	fire = rtc->alarm_armed && rtcc_alarm_due(&rtc->alarm, now);
	if (fire) {
		rtc->alarm_armed = false;
		CMOS_WRITE(CMOS_READ(RTC_CONTROL) & ~RTC_AIE, RTC_CONTROL);
	}
	spin_unlock_irqrestore(&rtc_lock, flags);
	return fire;
}

/*
 * Turn the interrupt sources in @mask (RTC_UIE, RTC_PIE; RTC_AIE only off:
 * arming goes through rtct_cmos_set_alarm()) on or off. Returns the flags
 * found pending, for the caller to report.
 */
u8 rtct_cmos_set_enables(struct rtct *rtc, u8 mask, bool on)
{
	unsigned long flags;
	u8 old, pending;

	spin_lock_irqsave(&rtc_lock, flags);
	old = CMOS_READ(RTC_CONTROL);
	pending = rtct_write_enables(old, on ? old | mask : old & ~mask);
	if (mask & RTC_AIE)
		rtc->alarm_armed = on;
	spin_unlock_irqrestore(&rtc_lock, flags);
	return pending;
}

/*
 * Interrupt acknowledge: read (and so clear) register C. Returns whether the
 * chip raised the interrupt; @flags gets the raised flags of enabled sources.
 */
bool rtct_cmos_ack(u8 *flags)
{
	unsigned long irqflags;
	u8 regc, regb;

	spin_lock_irqsave(&rtc_lock, irqflags);
	regc = CMOS_READ(RTC_INTR_FLAGS);
	regb = CMOS_READ(RTC_CONTROL);
	spin_unlock_irqrestore(&rtc_lock, irqflags);
	*flags = regc & regb & RTCT_IRQ_MASK;
	return regc & RTC_IRQF;
}

/*
 * Drop whatever flags register C holds. IRQ 8 is edge-triggered: a flag
 * left set keeps the chip's interrupt output asserted, no new edge comes,
 * and the line stays silent for good.
 */
void rtct_cmos_clear_flags(void)
{
	unsigned long flags;

	spin_lock_irqsave(&rtc_lock, flags);
	CMOS_READ(RTC_INTR_FLAGS);
	spin_unlock_irqrestore(&rtc_lock, flags);
}

unsigned int rtct_cmos_freq(void)
{
	unsigned long flags;
	u8 rega;

	spin_lock_irqsave(&rtc_lock, flags);
	rega = CMOS_READ(RTC_FREQ_SELECT);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return rtcc_rate_to_freq(rega & RTC_RATE_SELECT);
}

void rtct_cmos_set_rate(unsigned int rate)
{
	unsigned long flags;
	u8 rega;

	spin_lock_irqsave(&rtc_lock, flags);
	rega = CMOS_READ(RTC_FREQ_SELECT) & ~(RTC_UIP | RTC_RATE_SELECT);
	CMOS_WRITE(rega | rate, RTC_FREQ_SELECT);
	spin_unlock_irqrestore(&rtc_lock, flags);
}

/* The alarm registers' time of day; "don't care" or garbage reads as 0. */
static void rtct_read_alarm_hms(struct rtct *rtc, struct rtc_time *hms)
{
	struct rtcc_mode mode;
	int h, m, s;

	rtct_mode(rtc, &mode);
	h = rtcc_hour_decode(CMOS_READ(RTC_HOURS_ALARM), &mode);
	m = rtcc_decode(CMOS_READ(RTC_MINUTES_ALARM), mode.binary);
	s = rtcc_decode(CMOS_READ(RTC_SECONDS_ALARM), mode.binary);
	hms->tm_hour = h >= 0 ? h : 0;
	hms->tm_min = m >= 0 && m < 60 ? m : 0;
	hms->tm_sec = s >= 0 && s < 60 ? s : 0;
}

/*
 * Check that a clock answers, bring it to a known state (interrupts off,
 * flags clear, a periodic rate set) and take over its alarm time as the
 * next occurrence of the alarm registers' time of day, disarmed.
 *
 * A clean exit leaves every interrupt source off. A source still enabled
 * here was left on by an instance that stopped without its exit (it
 * failed and is being restarted): the flags register C holds for such
 * sources are events the chip raised for open files that nobody
 * acknowledged, the last one maybe while the handler itself failed. They
 * are kept in rtc->missed for the files (events.c reports them when the
 * source is enabled again); an alarm among them has just gone off, so the
 * alarm taken over is that occurrence, not the next day's.
 */
int rtct_cmos_init(struct rtct *rtc)
{
	struct rtc_time now, hms = { 0 };
	unsigned long flags;
	u8 regb, rega, regd;
	int err;

	err = rtct_cmos_read_time(rtc, &now);
	if (err == -ETIMEDOUT) {
		pr_err("no CMOS clock: update-in-progress never clears\n");
		return -ENODEV;
	}
	if (err) {
		pr_warn("clock holds no valid time; set it with RTC_SET_TIME\n");
		rtcc_secs_to_tm(0, &now);
	}

	spin_lock_irqsave(&rtc_lock, flags);
	regb = CMOS_READ(RTC_CONTROL);
	rtc->missed = rtct_write_enables(regb, regb & ~RTCT_IRQ_MASK);
	rega = CMOS_READ(RTC_FREQ_SELECT);
	if (!(rega & RTC_RATE_SELECT))
		CMOS_WRITE((rega & ~RTC_UIP) | RTCT_DEFAULT_RATE,
			   RTC_FREQ_SELECT);
	regd = CMOS_READ(RTC_VALID);
	rtct_read_alarm_hms(rtc, &hms);
	rtc->alarm_armed = false;
	spin_unlock_irqrestore(&rtc_lock, flags);

	if (!(regd & RTC_VRT))
		pr_warn("CMOS battery reported dead (register D VRT clear)\n");
	rtcc_alarm_next(&now, &hms, &rtc->alarm);
	if (rtc->missed & RTC_AF)	/* it went off: today, at or before now */
		rtcc_secs_to_tm(rtcc_tm_to_secs(&rtc->alarm) - RTCC_SECS_PER_DAY,
				&rtc->alarm);
	return 0;
}

/* Interrupts off and flags clear, for unload. */
void rtct_cmos_quiesce(struct rtct *rtc)
{
	unsigned long flags;
	u8 regb;

	spin_lock_irqsave(&rtc_lock, flags);
	regb = CMOS_READ(RTC_CONTROL);
	rtct_write_enables(regb, regb & ~RTCT_IRQ_MASK);
	rtc->alarm_armed = false;
	spin_unlock_irqrestore(&rtc_lock, flags);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtc-calc.h - the pure logic of the rtctest CMOS RTC driver: register
 * encodings (BCD or binary, 12 or 24 hour, with or without a century
 * register), struct rtc_time validation and conversion to and from seconds,
 * alarm arithmetic, periodic interrupt rates, the rtc-dev read() event word
 * and the sysfs time format.
 *
 * Nothing here touches hardware or takes a lock: every function is a
 * function of its arguments, so the driver and the host unit tests
 * (tests/unit/test_rtc_calc.c) compile the same code. struct rtc_time comes
 * from <linux/rtc.h> on both sides (the UAPI header in userspace).
 *
 * Years: without a century register the chip's two digits map to the window
 * 1970..2069; with one, the century register is honoured when it holds 19..99
 * (some emulated chips never maintain it and read 0: the window applies then)
 * and years up to 9999 can be stored. Nothing before 1970 is accepted, as
 * with the kernel's rtc_valid_tm(). Seconds are long long (the kernel's
 * time64_t), so that userspace needs no typedef of its own.
 */
#ifndef RTCTEST_RTC_CALC_H
#define RTCTEST_RTC_CALC_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/rtc.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/rtc.h>
typedef unsigned char u8;
#endif

#define RTCC_PM			0x80	/* hour register, 12-hour mode: PM */
#define RTCC_YEAR_MIN		1970	/* first year stored or reported */
#define RTCC_YEAR_MAX_WINDOW	2069	/* last year without a century register */
#define RTCC_YEAR_MAX_CENTURY	9999	/* last year with one (century 99) */
#define RTCC_CENTURY_MIN	19	/* lower century values mean "not kept" */
#define RTCC_SECS_PER_DAY	86400
#define RTCC_FREQ_MIN		2	/* periodic interrupt, Hz (rate 15) */
#define RTCC_FREQ_MAX		8192	/* (rate 3) */
#define RTCC_EVENT_FLAGS	(RTC_PF | RTC_AF | RTC_UF)
#define RTCC_FMT_LEN		20	/* "HH:MM:SS DD.MM.YYYY" and NUL */

/* How the chip encodes its time registers. */
struct rtcc_mode {
	bool binary;	/* register B DM set: binary values, else BCD */
	bool hour24;	/* register B 24/12 set: 0..23, else 1..12 and RTCC_PM */
	bool century;	/* the chip has a century register */
};

/*
 * The time registers of an MC146818-compatible clock, encoded as the chip
 * holds them. All u8, no padding: two readouts compare with memcmp().
 */
struct rtcc_regs {
	u8 sec;		/* register 0, 0..59 */
	u8 min;		/* register 2, 0..59 */
	u8 hour;	/* register 4, see struct rtcc_mode */
	u8 wday;	/* register 6, 1 = Sunday; written, not trusted on read */
	u8 mday;	/* register 7, 1..31 */
	u8 mon;		/* register 8, 1..12 */
	u8 year;	/* register 9, 0..99 */
	u8 century;	/* century register, or 0 when there is none */
};

/* BCD byte to binary; -1 when @v is not two BCD digits. */
static inline int rtcc_bcd_to_bin(u8 v)
{
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return -1;
	return (v >> 4) * 10 + (v & 0x0f);
}

/* Binary 0..99 to a BCD byte. */
static inline u8 rtcc_bin_to_bcd(unsigned int v)
{
	return ((v / 10) << 4) | (v % 10);
}

/* Value of a time register in either format; -1 when not valid BCD. */
static inline int rtcc_decode(u8 v, bool binary)
{
	return binary ? v : rtcc_bcd_to_bin(v);
}

/* A value 0..99 in the register format. */
static inline u8 rtcc_encode(unsigned int v, bool binary)
{
	return binary ? v : rtcc_bin_to_bcd(v);
}

/* Hour 0..23 from the hour register; -1 when the byte is no valid hour. */
static inline int rtcc_hour_decode(u8 v, const struct rtcc_mode *m)
{
	int h;

	if (m->hour24) {
		h = rtcc_decode(v, m->binary);
		return h >= 0 && h < 24 ? h : -1;
	}
	h = rtcc_decode(v & ~RTCC_PM, m->binary);
	if (h < 1 || h > 12)
		return -1;
	h %= 12;			/* 12 AM is 0, 12 PM is 12 */
	return v & RTCC_PM ? h + 12 : h;
}

/* Hour 0..23 in the hour register's format. */
static inline u8 rtcc_hour_encode(unsigned int hour, const struct rtcc_mode *m)
{
	unsigned int h12;

	if (m->hour24)
		return rtcc_encode(hour, m->binary);
	h12 = hour % 12 ? hour % 12 : 12;
	return rtcc_encode(h12, m->binary) | (hour >= 12 ? RTCC_PM : 0);
}

static inline bool rtcc_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days in month @mon (0..11) of @year. */
static inline int rtcc_month_days(int mon, int year)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return days[mon] + (mon == 1 && rtcc_is_leap(year));
}

/* Last year the chip can hold. */
static inline int rtcc_year_max(bool century)
{
	return century ? RTCC_YEAR_MAX_CENTURY : RTCC_YEAR_MAX_WINDOW;
}

/*
 * 0 when @tm is a date and time of the proleptic Gregorian calendar that a
 * chip with (@century) or without a century register can hold, else
 * -EINVAL. tm_wday, tm_yday and tm_isdst are ignored.
 */
static inline int rtcc_tm_validate(const struct rtc_time *tm, bool century)
{
	int year;

	/* Compare tm_year first: tm_year + 1900 may overflow. */
	if (tm->tm_year < RTCC_YEAR_MIN - 1900 ||
	    tm->tm_year > rtcc_year_max(century) - 1900)
		return -EINVAL;
	year = tm->tm_year + 1900;
	if (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1 ||
	    tm->tm_mday > rtcc_month_days(tm->tm_mon, year))
		return -EINVAL;
	if (tm->tm_hour < 0 || tm->tm_hour > 23 || tm->tm_min < 0 ||
	    tm->tm_min > 59 || tm->tm_sec < 0 || tm->tm_sec > 59)
		return -EINVAL;
	return 0;
}

/* 0 when @tm's hour, minute and second make a time of day, else -EINVAL. */
static inline int rtcc_hms_validate(const struct rtc_time *tm)
{
	if (tm->tm_hour < 0 || tm->tm_hour > 23 || tm->tm_min < 0 ||
	    tm->tm_min > 59 || tm->tm_sec < 0 || tm->tm_sec > 59)
		return -EINVAL;
	return 0;
}

/*
 * Days from 1970-01-01 to @y-@m-@d (@m 1..12), proleptic Gregorian: the
 * "days from civil" algorithm (eras of 400 years, March-based years).
 */
static inline long long rtcc_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

/* Seconds since 1970-01-01 00:00:00 of a valid @tm. */
static inline long long rtcc_tm_to_secs(const struct rtc_time *tm)
{
	long long days = rtcc_days_from_civil(tm->tm_year + 1900,
					     tm->tm_mon + 1, tm->tm_mday);

	return days * RTCC_SECS_PER_DAY + tm->tm_hour * 3600 +
	       tm->tm_min * 60 + tm->tm_sec;
}

/* Whole days and remaining seconds of @secs >= 0. */
static inline int rtcc_split_days(long long secs, int *rem)
{
#ifdef __KERNEL__
	s32 r;
	s64 q = div_s64_rem(secs, RTCC_SECS_PER_DAY, &r);

	*rem = r;
	return q;
#else
	*rem = secs % RTCC_SECS_PER_DAY;
	return secs / RTCC_SECS_PER_DAY;
#endif
}

/*
 * The date and time @secs (>= 0) seconds after 1970-01-01 00:00:00, with
 * tm_wday (0 = Sunday) and tm_yday filled in and tm_isdst 0.
 */
static inline void rtcc_secs_to_tm(long long secs, struct rtc_time *tm)
{
	int rem, days, z, era, doe, yoe, doy, mp, y, m, d;

	days = rtcc_split_days(secs, &rem);
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);

	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = rem / 3600;
	tm->tm_min = rem / 60 % 60;
	tm->tm_sec = rem % 60;
	tm->tm_wday = (days + 4) % 7;	/* 1970-01-01 was a Thursday */
	tm->tm_yday = days - rtcc_days_from_civil(y, 1, 1);
	tm->tm_isdst = 0;
}

/*
 * Decode the time registers into @tm (with tm_wday and tm_yday computed,
 * the chip's day-of-week register is not trusted). 0, or -EINVAL when the
 * registers hold no valid time.
 */
static inline int rtcc_regs_to_tm(const struct rtcc_regs *r,
				  const struct rtcc_mode *m,
				  struct rtc_time *tm)
{
	int sec = rtcc_decode(r->sec, m->binary);
	int min = rtcc_decode(r->min, m->binary);
	int hour = rtcc_hour_decode(r->hour, m);
	int mday = rtcc_decode(r->mday, m->binary);
	int mon = rtcc_decode(r->mon, m->binary);
	int yy = rtcc_decode(r->year, m->binary);
	int cent = m->century ? rtcc_decode(r->century, m->binary) : -1;
	struct rtc_time t = { 0 };

	if (sec < 0 || min < 0 || hour < 0 || mday < 0 || mon < 1 ||
	    yy < 0 || yy > 99)
		return -EINVAL;
	t.tm_sec = sec;
	t.tm_min = min;
	t.tm_hour = hour;
	t.tm_mday = mday;
	t.tm_mon = mon - 1;
	if (cent >= RTCC_CENTURY_MIN && cent <= 99)
		t.tm_year = cent * 100 + yy - 1900;
	else
		t.tm_year = yy < 70 ? yy + 100 : yy;
	if (rtcc_tm_validate(&t, m->century))
		return -EINVAL;
	rtcc_secs_to_tm(rtcc_tm_to_secs(&t), tm);
	return 0;
}

/* Encode @tm for the chip. 0, or -EINVAL when the chip cannot hold @tm. */
static inline int rtcc_tm_to_regs(const struct rtc_time *tm,
				  const struct rtcc_mode *m,
				  struct rtcc_regs *r)
{
	struct rtc_time t;
	int year;

	if (rtcc_tm_validate(tm, m->century))
		return -EINVAL;
	rtcc_secs_to_tm(rtcc_tm_to_secs(tm), &t);	/* for tm_wday */
	year = tm->tm_year + 1900;
	r->sec = rtcc_encode(tm->tm_sec, m->binary);
	r->min = rtcc_encode(tm->tm_min, m->binary);
	r->hour = rtcc_hour_encode(tm->tm_hour, m);
	r->wday = rtcc_encode(t.tm_wday + 1, m->binary);
	r->mday = rtcc_encode(tm->tm_mday, m->binary);
	r->mon = rtcc_encode(tm->tm_mon + 1, m->binary);
	r->year = rtcc_encode(year % 100, m->binary);
	r->century = m->century ? rtcc_encode(year / 100, m->binary) : 0;
	return 0;
}

/*
 * RTC_ALM_SET: the first moment strictly after @now (valid) whose time of
 * day is @hms's hour, minute and second (valid): today or tomorrow, rolling
 * over month and year ends.
 */
static inline void rtcc_alarm_next(const struct rtc_time *now,
				   const struct rtc_time *hms,
				   struct rtc_time *next)
{
	struct rtc_time t = *now;
	long long then;

	t.tm_hour = hms->tm_hour;
	t.tm_min = hms->tm_min;
	t.tm_sec = hms->tm_sec;
	then = rtcc_tm_to_secs(&t);
	if (then <= rtcc_tm_to_secs(now))
		then += RTCC_SECS_PER_DAY;
	rtcc_secs_to_tm(then, next);
}

/*
 * Whether the full-date @alarm is due at @now. The chip compares only hour,
 * minute and second, so its alarm interrupt comes every day at that time;
 * the alarm is reported only once @now has reached the whole date and time
 * (@now past it by days means the clock was moved forward over the alarm:
 * it is reported late rather than never, as the kernel's RTC core does).
 */
static inline bool rtcc_alarm_due(const struct rtc_time *alarm,
				  const struct rtc_time *now)
{
	return rtcc_tm_to_secs(now) >= rtcc_tm_to_secs(alarm);
}

/* Periodic interrupt frequency (Hz) of register A rate bits; 0 = off. */
static inline unsigned int rtcc_rate_to_freq(unsigned int rate)
{
	rate &= 0x0f;
	if (!rate)
		return 0;
	if (rate <= 2)		/* 32.768 kHz time base: 256 and 128 Hz */
		return 256 >> (rate - 1);
	return 65536 >> rate;
}

/* Register A rate bits for @freq Hz (a power of two 2..8192) or -EINVAL. */
static inline int rtcc_freq_to_rate(unsigned long freq)
{
	unsigned int rate;

	for (rate = 3; rate <= 15; rate++)
		if (freq == (65536UL >> rate))
			return rate;
	return -EINVAL;
}

/*
 * The rtc-dev read() word: (number of interrupts << 8) | RTC_IRQF | the
 * RTC_UF/RTC_AF/RTC_PF flags seen. 0 means nothing pending.
 */
static inline unsigned long rtcc_events_add(unsigned long word,
					    unsigned long count,
					    unsigned int flags)
{
	return (word + (count << 8)) | RTC_IRQF | (flags & RTCC_EVENT_FLAGS);
}

/* Two event words as one: counts add, flags accumulate. */
static inline unsigned long rtcc_events_merge(unsigned long a, unsigned long b)
{
	return ((a & ~0xffUL) + (b & ~0xffUL)) | ((a | b) & 0xff);
}

/* @tm as "HH:MM:SS DD.MM.YYYY" (sysfs time); snprintf()'s return value. */
static inline int rtcc_format(const struct rtc_time *tm, char *buf, size_t len)
{
	return snprintf(buf, len, "%02d:%02d:%02d %02d.%02d.%04d",
			tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_mday,
			tm->tm_mon + 1, tm->tm_year + 1900);
}

#endif /* RTCTEST_RTC_CALC_H */

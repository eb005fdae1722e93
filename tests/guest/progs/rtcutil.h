/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtcutil.h - time helpers shared by the RTC guest programs: monotonic
 * seconds, sleeping, struct rtc_time <-> seconds (converted field by
 * field: struct tm is larger than struct rtc_time, so it is never cast),
 * setting the clock, and a reference reading taken right after a tick.
 */
#ifndef DRVSUP_RTCUTIL_H
#define DRVSUP_RTCUTIL_H

#include <errno.h>
#include <linux/rtc.h>
#include <sys/ioctl.h>
#include <time.h>

static inline double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Seconds since the epoch of an RTC reading (UTC). */
static inline long long rtc_secs(const struct rtc_time *r)
{
	struct tm t = {
		.tm_sec = r->tm_sec, .tm_min = r->tm_min, .tm_hour = r->tm_hour,
		.tm_mday = r->tm_mday, .tm_mon = r->tm_mon, .tm_year = r->tm_year,
	};

	return timegm(&t);
}

static inline void rtc_from_secs(long long secs, struct rtc_time *r)
{
	time_t t = secs;
	struct tm tm;

	gmtime_r(&t, &tm);
	*r = (struct rtc_time){
		.tm_sec = tm.tm_sec, .tm_min = tm.tm_min, .tm_hour = tm.tm_hour,
		.tm_mday = tm.tm_mday, .tm_mon = tm.tm_mon, .tm_year = tm.tm_year,
		.tm_wday = tm.tm_wday, .tm_yday = tm.tm_yday,
	};
}

static inline long long rtc_now(int fd)
{
	struct rtc_time tm;

	if (ioctl(fd, RTC_RD_TIME, &tm) < 0)
		return -1;
	return rtc_secs(&tm);
}

static inline int set_clock(int fd, long long secs)
{
	struct rtc_time tm;

	rtc_from_secs(secs, &tm);
	return ioctl(fd, RTC_SET_TIME, &tm);
}

/* The clock's reading at a known moment: right after a tick. */
struct clock_ref {
	long long secs;
	double mono;
};

static inline void ref_take(int fd, struct clock_ref *ref)
{
	long long first = rtc_now(fd), t;
	double t0 = mono();

	do {
		sleep_s(0.002);
		t = rtc_now(fd);
	} while (t == first && mono() - t0 < 2);
	ref->secs = t;
	ref->mono = mono();
}

#endif /* DRVSUP_RTCUTIL_H */

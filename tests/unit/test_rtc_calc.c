// SPDX-License-Identifier: GPL-2.0
/*
 * test_rtc_calc.c - host unit tests (cmocka) of drivers/rtc/rtc-calc.h, the
 * pure logic of the rtctest CMOS RTC driver. libc's timegm()/gmtime_r() are
 * the oracle for calendar arithmetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "drivers/rtc/rtc-calc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct rtcc_mode all_modes[8] = {
	{ false, false, false }, { false, false, true },
	{ false, true, false },  { false, true, true },
	{ true, false, false },  { true, false, true },
	{ true, true, false },   { true, true, true },
};

static struct rtc_time mk(int y, int mon, int d, int h, int min, int s)
{
	struct rtc_time tm = {
		.tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d,
		.tm_hour = h, .tm_min = min, .tm_sec = s,
	};

	return tm;
}

static long long oracle_secs(const struct rtc_time *tm)
{
	struct tm t = {
		.tm_year = tm->tm_year, .tm_mon = tm->tm_mon,
		.tm_mday = tm->tm_mday, .tm_hour = tm->tm_hour,
		.tm_min = tm->tm_min, .tm_sec = tm->tm_sec,
	};

	return timegm(&t);
}

static void assert_same_time(const struct rtc_time *a, const struct rtc_time *b)
{
	assert_int_equal(a->tm_year, b->tm_year);
	assert_int_equal(a->tm_mon, b->tm_mon);
	assert_int_equal(a->tm_mday, b->tm_mday);
	assert_int_equal(a->tm_hour, b->tm_hour);
	assert_int_equal(a->tm_min, b->tm_min);
	assert_int_equal(a->tm_sec, b->tm_sec);
}

static void test_bcd(void **state)
{
	unsigned int v;
	int hi, lo;

	(void)state;
	for (v = 0; v < 100; v++) {
		assert_int_equal(rtcc_bin_to_bcd(v), (v / 10) * 16 + v % 10);
		assert_int_equal(rtcc_bcd_to_bin(rtcc_bin_to_bcd(v)), v);
		assert_int_equal(rtcc_decode(rtcc_encode(v, false), false), v);
		assert_int_equal(rtcc_decode(rtcc_encode(v, true), true), v);
		assert_int_equal(rtcc_encode(v, true), v);
	}
	assert_int_equal(rtcc_bcd_to_bin(0x59), 59);
	assert_int_equal(rtcc_bcd_to_bin(0x99), 99);
	/* Every byte with a nibble above 9 is not BCD. */
	for (hi = 0; hi < 16; hi++)
		for (lo = 0; lo < 16; lo++)
			if (hi > 9 || lo > 9)
				assert_int_equal(rtcc_bcd_to_bin(hi << 4 | lo), -1);
	assert_int_equal(rtcc_decode(0xff, true), 255);	/* binary: range checks elsewhere */
}

static void test_hour_codes(void **state)
{
	const struct rtcc_mode bcd12 = { false, false, false };
	const struct rtcc_mode bin12 = { true, false, false };
	const struct rtcc_mode bcd24 = { false, true, false };
	const struct rtcc_mode bin24 = { true, true, false };
	unsigned int h, i;

	(void)state;
	/* The 12-hour clock's corner cases, both formats. */
	assert_int_equal(rtcc_hour_encode(0, &bcd12), 0x12);		/* 12 AM */
	assert_int_equal(rtcc_hour_encode(11, &bcd12), 0x11);
	assert_int_equal(rtcc_hour_encode(12, &bcd12), 0x92);		/* 12 PM */
	assert_int_equal(rtcc_hour_encode(13, &bcd12), 0x81);
	assert_int_equal(rtcc_hour_encode(23, &bcd12), 0x91);
	assert_int_equal(rtcc_hour_encode(0, &bin12), 12);
	assert_int_equal(rtcc_hour_encode(12, &bin12), 0x80 | 12);
	assert_int_equal(rtcc_hour_encode(23, &bin12), 0x80 | 11);
	assert_int_equal(rtcc_hour_encode(23, &bcd24), 0x23);
	assert_int_equal(rtcc_hour_encode(23, &bin24), 23);
	assert_int_equal(rtcc_hour_decode(0x12, &bcd12), 0);
	assert_int_equal(rtcc_hour_decode(0x92, &bcd12), 12);
	assert_int_equal(rtcc_hour_decode(0x81, &bcd12), 13);
	/* Round trip of every hour in every format. */
	for (i = 0; i < 8; i++)
		for (h = 0; h < 24; h++)
			assert_int_equal(rtcc_hour_decode(rtcc_hour_encode(h, &all_modes[i]),
							  &all_modes[i]), h);
	/* Bytes that are no hour. */
	assert_int_equal(rtcc_hour_decode(0x00, &bcd12), -1);	/* 0 o'clock */
	assert_int_equal(rtcc_hour_decode(0x80, &bcd12), -1);
	assert_int_equal(rtcc_hour_decode(0x13, &bcd12), -1);
	assert_int_equal(rtcc_hour_decode(0x93, &bcd12), -1);
	assert_int_equal(rtcc_hour_decode(0x0a, &bcd12), -1);	/* not BCD */
	assert_int_equal(rtcc_hour_decode(13, &bin12), -1);
	assert_int_equal(rtcc_hour_decode(0x24, &bcd24), -1);
	assert_int_equal(rtcc_hour_decode(0x92, &bcd24), -1);	/* PM bit in 24 h */
	assert_int_equal(rtcc_hour_decode(24, &bin24), -1);
	assert_int_equal(rtcc_hour_decode(0xc0, &bin24), -1);	/* "don't care" */
}

static void test_leap_and_month_days(void **state)
{
	(void)state;
	assert_false(rtcc_is_leap(1900));
	assert_true(rtcc_is_leap(2000));
	assert_false(rtcc_is_leap(2100));
	assert_true(rtcc_is_leap(2400));
	assert_true(rtcc_is_leap(2024));
	assert_false(rtcc_is_leap(2023));
	assert_int_equal(rtcc_month_days(1, 2000), 29);
	assert_int_equal(rtcc_month_days(1, 2100), 28);
	assert_int_equal(rtcc_month_days(1, 2024), 29);
	assert_int_equal(rtcc_month_days(1, 2023), 28);
	assert_int_equal(rtcc_month_days(0, 2023), 31);
	assert_int_equal(rtcc_month_days(3, 2023), 30);
	assert_int_equal(rtcc_month_days(11, 2023), 31);
}

static void test_validate(void **state)
{
	struct rtc_time tm;

	(void)state;
	tm = mk(2026, 11, 24, 20, 41, 7);
	assert_int_equal(rtcc_tm_validate(&tm, false), 0);
	tm.tm_wday = 99;		/* derived fields are ignored */
	tm.tm_yday = -5;
	assert_int_equal(rtcc_tm_validate(&tm, false), 0);

	tm = mk(2024, 2, 29, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), 0);
	tm = mk(2000, 2, 29, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), 0);
	tm = mk(2023, 2, 29, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 2, 30, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2100, 2, 29, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, true), -EINVAL);
	tm = mk(2100, 2, 28, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, true), 0);
	tm = mk(2023, 4, 31, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 1, 0, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 13, 1, 0, 0, 0);		/* tm_mon 12 */
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 0, 1, 0, 0, 0);		/* tm_mon -1 */
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 1, 1, 24, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 1, 1, -1, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 1, 1, 0, 60, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 1, 1, 0, 0, 60);		/* no leap seconds */
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	tm = mk(2023, 1, 1, 0, 0, -1);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);

	/* Year range: 1970..2069 without a century register, ..9999 with. */
	tm = mk(1970, 1, 1, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), 0);
	tm = mk(1969, 12, 31, 23, 59, 59);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	assert_int_equal(rtcc_tm_validate(&tm, true), -EINVAL);
	tm = mk(2069, 12, 31, 23, 59, 59);
	assert_int_equal(rtcc_tm_validate(&tm, false), 0);
	tm = mk(2070, 1, 1, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, false), -EINVAL);
	assert_int_equal(rtcc_tm_validate(&tm, true), 0);
	tm = mk(9999, 12, 31, 23, 59, 59);
	assert_int_equal(rtcc_tm_validate(&tm, true), 0);
	tm = mk(10000, 1, 1, 0, 0, 0);
	assert_int_equal(rtcc_tm_validate(&tm, true), -EINVAL);
	tm.tm_year = INT32_MAX;			/* no overflow in + 1900 */
	assert_int_equal(rtcc_tm_validate(&tm, true), -EINVAL);
	tm.tm_year = INT32_MIN;
	assert_int_equal(rtcc_tm_validate(&tm, true), -EINVAL);

	tm = mk(2023, 1, 1, 23, 59, 59);
	assert_int_equal(rtcc_hms_validate(&tm), 0);
	tm.tm_mday = 99;			/* ALM_SET ignores the date */
	assert_int_equal(rtcc_hms_validate(&tm), 0);
	tm.tm_hour = 24;
	assert_int_equal(rtcc_hms_validate(&tm), -EINVAL);
}

static void test_secs_known_values(void **state)
{
	struct rtc_time tm;

	(void)state;
	tm = mk(1970, 1, 1, 0, 0, 0);
	assert_int_equal(rtcc_tm_to_secs(&tm), 0);
	rtcc_secs_to_tm(0, &tm);
	assert_int_equal(tm.tm_wday, 4);		/* Thursday */
	assert_int_equal(tm.tm_yday, 0);
	tm = mk(2000, 2, 29, 12, 0, 0);
	assert_int_equal(rtcc_tm_to_secs(&tm), 951825600LL);
	tm = mk(2038, 1, 19, 3, 14, 8);
	assert_int_equal(rtcc_tm_to_secs(&tm), 2147483648LL);
	tm = mk(2100, 3, 1, 0, 0, 0);
	assert_int_equal(rtcc_tm_to_secs(&tm), 4107542400LL);
	tm = mk(9999, 12, 31, 23, 59, 59);
	assert_int_equal(rtcc_tm_to_secs(&tm), 253402300799LL);

	rtcc_secs_to_tm(253402300799LL, &tm);
	assert_int_equal(tm.tm_year, 9999 - 1900);
	assert_int_equal(tm.tm_yday, 364);
	assert_int_equal(tm.tm_wday, 5);		/* a Friday */
	rtcc_secs_to_tm(951825600LL, &tm);		/* 2000-02-29 Tuesday */
	assert_int_equal(tm.tm_mon, 1);
	assert_int_equal(tm.tm_mday, 29);
	assert_int_equal(tm.tm_wday, 2);
	assert_int_equal(tm.tm_yday, 59);
	assert_int_equal(tm.tm_isdst, 0);
}

/* Round trips against libc over 1970..9999, and every day of 1999..2101. */
static void test_secs_against_libc(void **state)
{
	const long long last = 253402300799LL;
	struct rtc_time tm;
	long long s, step;
	struct tm ref;
	time_t t;

	(void)state;
	for (s = 0; s <= last; s += step) {
		step = s < 915148800LL || s > 4133980800LL ? 7777777 : 86400;
		t = s + (s / 86400) % 86400;		/* vary the time of day */
		if (t > last)
			break;
		rtcc_secs_to_tm(t, &tm);
		gmtime_r(&t, &ref);
		assert_int_equal(tm.tm_year, ref.tm_year);
		assert_int_equal(tm.tm_mon, ref.tm_mon);
		assert_int_equal(tm.tm_mday, ref.tm_mday);
		assert_int_equal(tm.tm_hour, ref.tm_hour);
		assert_int_equal(tm.tm_min, ref.tm_min);
		assert_int_equal(tm.tm_sec, ref.tm_sec);
		assert_int_equal(tm.tm_wday, ref.tm_wday);
		assert_int_equal(tm.tm_yday, ref.tm_yday);
		assert_int_equal(rtcc_tm_to_secs(&tm), t);
		assert_int_equal(oracle_secs(&tm), t);
		assert_int_equal(rtcc_tm_validate(&tm, true), 0);
	}
}

static void test_regs_known(void **state)
{
	const struct rtcc_mode bcd24c = { false, true, true };
	const struct rtcc_mode bin12 = { true, false, false };
	struct rtc_time tm = mk(2026, 11, 24, 20, 41, 7), back;
	struct rtcc_regs r;

	(void)state;
	assert_int_equal(rtcc_tm_to_regs(&tm, &bcd24c, &r), 0);
	assert_int_equal(r.sec, 0x07);
	assert_int_equal(r.min, 0x41);
	assert_int_equal(r.hour, 0x20);
	assert_int_equal(r.wday, 0x03);			/* Tuesday, 1 = Sunday */
	assert_int_equal(r.mday, 0x24);
	assert_int_equal(r.mon, 0x11);
	assert_int_equal(r.year, 0x26);
	assert_int_equal(r.century, 0x20);

	assert_int_equal(rtcc_tm_to_regs(&tm, &bin12, &r), 0);
	assert_int_equal(r.sec, 7);
	assert_int_equal(r.hour, 0x80 | 8);
	assert_int_equal(r.year, 26);
	assert_int_equal(r.century, 0);

	/* What QEMU's chip holds, decoded. */
	r = (struct rtcc_regs){ 0x58, 0x47, 0x20, 0x03, 0x24, 0x11, 0x26, 0x20 };
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd24c, &back), 0);
	tm = mk(2026, 11, 24, 20, 47, 58);
	assert_same_time(&back, &tm);
	assert_int_equal(back.tm_wday, 2);
	assert_int_equal(back.tm_yday, 327);
	r.wday = 0x77;				/* day of week is not trusted */
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd24c, &back), 0);
	assert_int_equal(back.tm_wday, 2);
}

/* Every mode, a set of dates including century and leap corners. */
static void test_regs_round_trip(void **state)
{
	static const int dates[][6] = {
		{ 1970, 1, 1, 0, 0, 0 },	{ 1999, 12, 31, 23, 59, 59 },
		{ 2000, 1, 1, 0, 0, 0 },	{ 2000, 2, 29, 12, 0, 0 },
		{ 2024, 2, 29, 11, 59, 59 },	{ 2026, 11, 24, 20, 41, 7 },
		{ 2038, 1, 19, 3, 14, 8 },	{ 2069, 12, 31, 23, 59, 59 },
		{ 2070, 1, 1, 0, 0, 0 },	{ 2099, 12, 31, 23, 59, 59 },
		{ 2100, 2, 28, 13, 0, 1 },	{ 2100, 3, 1, 0, 0, 0 },
		{ 9999, 12, 31, 12, 30, 30 },
	};
	struct rtc_time tm, back;
	struct rtcc_regs r;
	size_t i, m;

	(void)state;
	for (m = 0; m < 8; m++) {
		const struct rtcc_mode *mode = &all_modes[m];

		for (i = 0; i < ARRAY_SIZE(dates); i++) {
			bool fits;

			tm = mk(dates[i][0], dates[i][1], dates[i][2],
				dates[i][3], dates[i][4], dates[i][5]);
			fits = dates[i][0] <= rtcc_year_max(mode->century);
			assert_int_equal(rtcc_tm_to_regs(&tm, mode, &r),
					 fits ? 0 : -EINVAL);
			if (!fits)
				continue;
			assert_int_equal(rtcc_regs_to_tm(&r, mode, &back), 0);
			assert_same_time(&back, &tm);
			assert_int_equal(rtcc_tm_to_secs(&back), oracle_secs(&tm));
		}
	}
}

static void test_regs_century(void **state)
{
	const struct rtcc_mode bcd = { false, true, true };
	const struct rtcc_mode bin = { true, true, true };
	const struct rtcc_mode nocent = { false, true, false };
	struct rtcc_regs r = { 0, 0, 0x12, 1, 0x01, 0x01, 0x26, 0x21 };
	struct rtc_time tm;

	(void)state;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), 0);
	assert_int_equal(tm.tm_year + 1900, 2126);
	assert_int_equal(rtcc_regs_to_tm(&r, &nocent, &tm), 0);	/* ignored */
	assert_int_equal(tm.tm_year + 1900, 2026);
	r.century = 0x19;
	r.year = 0x99;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), 0);
	assert_int_equal(tm.tm_year + 1900, 1999);
	/* A century register nobody keeps (0, 0xff): the 1970..2069 window. */
	r.century = 0x00;
	r.year = 0x26;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), 0);
	assert_int_equal(tm.tm_year + 1900, 2026);
	r.year = 0x70;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), 0);
	assert_int_equal(tm.tm_year + 1900, 1970);
	r.century = 0xff;
	r.year = 0x69;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), 0);
	assert_int_equal(tm.tm_year + 1900, 2069);
	/* Binary century. */
	r = (struct rtcc_regs){ 0, 0, 12, 1, 1, 1, 26, 20 };
	assert_int_equal(rtcc_regs_to_tm(&r, &bin, &tm), 0);
	assert_int_equal(tm.tm_year + 1900, 2026);
	r.century = 99;
	r.year = 99;
	assert_int_equal(rtcc_regs_to_tm(&r, &bin, &tm), 0);
	assert_int_equal(tm.tm_year + 1900, 9999);
	/* 1950: a valid century, but before 1970. */
	r.century = 19;
	r.year = 50;
	assert_int_equal(rtcc_regs_to_tm(&r, &bin, &tm), -EINVAL);
}

static void test_regs_garbage(void **state)
{
	const struct rtcc_mode bcd = { false, true, false };
	const struct rtcc_mode bin = { true, true, false };
	const struct rtcc_regs good = { 0x30, 0x15, 0x10, 2, 0x15, 0x06, 0x26, 0 };
	struct rtcc_regs r;
	struct rtc_time tm;

	(void)state;
	assert_int_equal(rtcc_regs_to_tm(&good, &bcd, &tm), 0);
	r = good; r.sec = 0x60;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.sec = 0x5a;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.min = 0xff;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.hour = 0x24;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.mday = 0x00;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.mday = 0x31;			/* June 31 */
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.mon = 0x00;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.mon = 0x13;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = good; r.year = 0xa0;
	assert_int_equal(rtcc_regs_to_tm(&r, &bcd, &tm), -EINVAL);
	r = (struct rtcc_regs){ 30, 15, 10, 2, 15, 6, 100, 0 };	/* binary 100 */
	assert_int_equal(rtcc_regs_to_tm(&r, &bin, &tm), -EINVAL);
	r.year = 26;
	assert_int_equal(rtcc_regs_to_tm(&r, &bin, &tm), 0);
	r.sec = 0x30;					/* 48 in binary: fine */
	assert_int_equal(rtcc_regs_to_tm(&r, &bin, &tm), 0);
	assert_int_equal(tm.tm_sec, 48);
}

static void check_next(struct rtc_time now, int h, int m, int s,
		       struct rtc_time want)
{
	struct rtc_time hms = mk(1970, 1, 1, h, m, s), next;

	rtcc_alarm_next(&now, &hms, &next);
	assert_same_time(&next, &want);
	assert_int_equal(rtcc_tm_validate(&next, true), 0);
	assert_true(rtcc_tm_to_secs(&next) > rtcc_tm_to_secs(&now));
	assert_true(rtcc_tm_to_secs(&next) - rtcc_tm_to_secs(&now) <= 86400);
}

static void test_alarm_next(void **state)
{
	(void)state;
	/* Later today. */
	check_next(mk(2026, 11, 24, 20, 41, 7), 20, 41, 10,
		   mk(2026, 11, 24, 20, 41, 10));
	check_next(mk(2026, 11, 24, 20, 41, 7), 23, 59, 59,
		   mk(2026, 11, 24, 23, 59, 59));
	/* Now or earlier: tomorrow. */
	check_next(mk(2026, 11, 24, 20, 41, 7), 20, 41, 7,
		   mk(2026, 11, 25, 20, 41, 7));
	check_next(mk(2026, 11, 24, 20, 41, 7), 0, 0, 0,
		   mk(2026, 11, 25, 0, 0, 0));
	/* Over midnight, month, year, leap day, century. */
	check_next(mk(2026, 11, 30, 23, 59, 59), 0, 0, 1,
		   mk(2026, 12, 1, 0, 0, 1));
	check_next(mk(2026, 12, 31, 23, 59, 58), 23, 59, 57,
		   mk(2027, 1, 1, 23, 59, 57));
	check_next(mk(2024, 2, 28, 12, 0, 0), 11, 0, 0,
		   mk(2024, 2, 29, 11, 0, 0));
	check_next(mk(2023, 2, 28, 12, 0, 0), 11, 0, 0,
		   mk(2023, 3, 1, 11, 0, 0));
	check_next(mk(2100, 2, 28, 12, 0, 0), 11, 0, 0,
		   mk(2100, 3, 1, 11, 0, 0));
	check_next(mk(2099, 12, 31, 23, 0, 0), 1, 0, 0,
		   mk(2100, 1, 1, 1, 0, 0));
}

static void test_alarm_due(void **state)
{
	struct rtc_time alarm = mk(2026, 11, 25, 6, 30, 0), now;

	(void)state;
	now = alarm;
	assert_true(rtcc_alarm_due(&alarm, &now));
	now = mk(2026, 11, 25, 6, 30, 1);		/* handled late */
	assert_true(rtcc_alarm_due(&alarm, &now));
	now = mk(2026, 11, 25, 6, 29, 59);
	assert_false(rtcc_alarm_due(&alarm, &now));
	/* The chip matches 06:30:00 every day: only the alarm's day counts. */
	now = mk(2026, 11, 24, 6, 30, 0);
	assert_false(rtcc_alarm_due(&alarm, &now));
	now = mk(2025, 11, 25, 6, 30, 0);
	assert_false(rtcc_alarm_due(&alarm, &now));
	now = mk(2026, 10, 25, 6, 30, 0);
	assert_false(rtcc_alarm_due(&alarm, &now));
	/* The clock moved past it: reported late, not never. */
	now = mk(2026, 11, 26, 6, 30, 0);
	assert_true(rtcc_alarm_due(&alarm, &now));
}

static void test_rates(void **state)
{
	unsigned long f;
	unsigned int rate;

	(void)state;
	assert_int_equal(rtcc_rate_to_freq(0), 0);
	assert_int_equal(rtcc_rate_to_freq(1), 256);
	assert_int_equal(rtcc_rate_to_freq(2), 128);
	assert_int_equal(rtcc_rate_to_freq(3), 8192);
	assert_int_equal(rtcc_rate_to_freq(6), 1024);
	assert_int_equal(rtcc_rate_to_freq(15), 2);
	assert_int_equal(rtcc_rate_to_freq(0x26), 1024);	/* divider bits */
	for (rate = 3; rate <= 15; rate++)
		assert_int_equal(rtcc_freq_to_rate(rtcc_rate_to_freq(rate)), rate);
	for (f = 0; f <= 20000; f++) {
		bool pow2 = f >= 2 && f <= 8192 && !(f & (f - 1));

		assert_int_equal(rtcc_freq_to_rate(f) >= 0, pow2);
		if (!pow2)
			assert_int_equal(rtcc_freq_to_rate(f), -EINVAL);
	}
	assert_int_equal(rtcc_freq_to_rate(1UL << 40), -EINVAL);
	assert_int_equal(rtcc_freq_to_rate((unsigned long)-64), -EINVAL);
}

static void test_events(void **state)
{
	unsigned long w = 0;

	(void)state;
	w = rtcc_events_add(w, 1, RTC_UF);
	assert_int_equal(w, 0x190);			/* rtc-dev: 1 << 8 | IRQF | UF */
	w = rtcc_events_add(w, 1, RTC_UF);
	assert_int_equal(w, 0x290);
	w = rtcc_events_add(w, 1, RTC_AF | RTC_UF);
	assert_int_equal(w, 0x3b0);
	assert_int_equal(w >> 8, 3);
	assert_int_equal(rtcc_events_add(0, 1, 0x0f | RTC_PF), 0x1c0);	/* junk masked */
	assert_int_equal(rtcc_events_merge(0x3b0, 0x1c0), 0x4f0);
	assert_int_equal(rtcc_events_merge(0, 0x190), 0x190);
	assert_int_equal(rtcc_events_merge(0x190, 0), 0x190);
	/* The count does not spill into the flags. */
	w = 0;
	for (int i = 0; i < 1000; i++)
		w = rtcc_events_add(w, 1, RTC_PF);
	assert_int_equal(w, (1000UL << 8) | RTC_IRQF | RTC_PF);
}

static void test_format(void **state)
{
	struct rtc_time tm = mk(2026, 11, 24, 20, 41, 7);
	char buf[64];

	(void)state;
	assert_int_equal(rtcc_format(&tm, buf, sizeof(buf)), RTCC_FMT_LEN - 1);
	assert_string_equal(buf, "20:41:07 24.11.2026");
	tm = mk(1970, 1, 1, 0, 0, 0);
	rtcc_format(&tm, buf, sizeof(buf));
	assert_string_equal(buf, "00:00:00 01.01.1970");
	tm = mk(9999, 12, 31, 23, 59, 59);
	assert_int_equal(rtcc_format(&tm, buf, sizeof(buf)), RTCC_FMT_LEN - 1);
	assert_string_equal(buf, "23:59:59 31.12.9999");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bcd),
		cmocka_unit_test(test_hour_codes),
		cmocka_unit_test(test_leap_and_month_days),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_secs_known_values),
		cmocka_unit_test(test_secs_against_libc),
		cmocka_unit_test(test_regs_known),
		cmocka_unit_test(test_regs_round_trip),
		cmocka_unit_test(test_regs_century),
		cmocka_unit_test(test_regs_garbage),
		cmocka_unit_test(test_alarm_next),
		cmocka_unit_test(test_alarm_due),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests_name("rtc_calc", tests, NULL, NULL);
}

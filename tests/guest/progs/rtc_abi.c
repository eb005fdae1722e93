// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_abi - the error paths of the RTC char ABI on /dev/rtctest (or argv[1]):
 * invalid dates and rates are -EINVAL, bad pointers -EFAULT and change
 * nothing, unknown ioctls -ENOTTY, short reads -EINVAL, an empty
 * O_NONBLOCK read -EAGAIN, a read into a bad buffer loses no event, the
 * alarm ioctls agree with each other. Runs as root; prints TAP (tap.h).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <linux/rtc.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "rtcutil.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *dev = "/dev/rtctest";

/* tap_errno() evaluates its first argument three times: pass values. */
static int check_errno(long rc, int want, const char *desc)
{
	int err = errno;

	return tap_check(rc == -1 && err == want, "%s (rc %ld, errno %s, want %s)",
			 desc, rc, rc == -1 ? strerror(err) : "-", strerror(want));
}

static struct rtc_time mk(int y, int mon, int d, int h, int min, int s)
{
	struct rtc_time tm = {
		.tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d,
		.tm_hour = h, .tm_min = min, .tm_sec = s,
	};

	return tm;
}

static void test_rd_time(int fd)
{
	struct rtc_time tm;
	struct tm ref;
	time_t t;
	int rc;

	rc = ioctl(fd, RTC_RD_TIME, &tm);
	tap_check(rc == 0, "RTC_RD_TIME succeeds");
	if (rc)
		return;
	t = rtc_secs(&tm);
	gmtime_r(&t, &ref);
	tap_check(tm.tm_year >= 70 && tm.tm_mon >= 0 && tm.tm_mon < 12 &&
		  tm.tm_mday == ref.tm_mday && tm.tm_wday == ref.tm_wday &&
		  tm.tm_yday == ref.tm_yday,
		  "RTC_RD_TIME: a valid date with tm_wday/tm_yday (%04d-%02d-%02d wday %d yday %d)",
		  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday,
		  tm.tm_yday);
}

static void test_set_time_invalid(int fd)
{
	static const struct { int y, mon, d, h, min, s; const char *what; } bad[] = {
		{ 2023, 13, 1, 0, 0, 0, "month 12" },
		{ 2023, 0, 1, 0, 0, 0, "month -1" },
		{ 2023, 2, 30, 0, 0, 0, "Feb 30" },
		{ 2023, 2, 29, 0, 0, 0, "Feb 29 of a common year" },
		{ 2100, 2, 29, 0, 0, 0, "Feb 29 2100" },
		{ 2023, 4, 31, 0, 0, 0, "Apr 31" },
		{ 2023, 1, 0, 0, 0, 0, "day 0" },
		{ 2023, 1, 32, 0, 0, 0, "day 32" },
		{ 2023, 1, 1, 24, 0, 0, "hour 24" },
		{ 2023, 1, 1, -1, 0, 0, "hour -1" },
		{ 2023, 1, 1, 0, 60, 0, "minute 60" },
		{ 2023, 1, 1, 0, 0, 60, "second 60" },
		{ 2023, 1, 1, 0, 0, -1, "second -1" },
		{ 1969, 12, 31, 23, 59, 59, "year 1969" },
		{ 10000, 1, 1, 0, 0, 0, "year 10000" },
	};
	struct rtc_time tm;
	long long before, after;
	char desc[80];
	size_t i;

	before = rtc_now(fd);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		tm = mk(bad[i].y, bad[i].mon, bad[i].d, bad[i].h, bad[i].min,
			bad[i].s);
		snprintf(desc, sizeof(desc), "RTC_SET_TIME rejects %s", bad[i].what);
		check_errno(ioctl(fd, RTC_SET_TIME, &tm), EINVAL, desc);
	}
	tm = mk(2023, 1, 1, 0, 0, 0);
	tm.tm_year = INT_MAX;
	check_errno(ioctl(fd, RTC_SET_TIME, &tm), EINVAL, "RTC_SET_TIME rejects tm_year INT_MAX");
	after = rtc_now(fd);
	tap_check(before > 0 && after >= before && after - before <= 2,
		  "rejected RTC_SET_TIME calls left the clock alone (%lld s later)",
		  after - before);
}

static void test_alarm_invalid(int fd)
{
	struct rtc_wkalrm alm = { 0 };
	struct rtc_time tm;

	tm = mk(2023, 1, 1, 24, 0, 0);
	check_errno(ioctl(fd, RTC_ALM_SET, &tm), EINVAL, "RTC_ALM_SET: hour 24");
	tm = mk(2023, 1, 1, 0, 60, 0);
	check_errno(ioctl(fd, RTC_ALM_SET, &tm), EINVAL, "RTC_ALM_SET: minute 60");
	tm = mk(2023, 1, 1, 0, 0, 60);
	check_errno(ioctl(fd, RTC_ALM_SET, &tm), EINVAL, "RTC_ALM_SET: second 60");
	alm.time = mk(2023, 13, 1, 0, 0, 0);
	check_errno(ioctl(fd, RTC_WKALM_SET, &alm), EINVAL, "RTC_WKALM_SET: month 12");
	alm.time = mk(2031, 2, 30, 0, 0, 0);
	check_errno(ioctl(fd, RTC_WKALM_SET, &alm), EINVAL, "RTC_WKALM_SET: Feb 30");
	alm.time = mk(2031, 1, 1, 0, 0, 60);
	alm.enabled = 1;
	check_errno(ioctl(fd, RTC_WKALM_SET, &alm), EINVAL, "RTC_WKALM_SET: second 60");
}

/* A buffer of @len bytes that ends where a PROT_NONE page begins. */
static void *straddle(size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	mprotect(p + pg, pg, PROT_NONE);
	return p + pg - len;
}

static void test_efault(int fd)
{
	void *unmapped = (void *)16, *half = straddle(8);
	struct rtc_wkalrm *half_alm = straddle(sizeof(struct rtc_wkalrm) - 4);
	struct rtc_time *half_tm;
	long long before, after;

	check_errno(ioctl(fd, RTC_RD_TIME, NULL), EFAULT, "RTC_RD_TIME NULL");
	check_errno(ioctl(fd, RTC_RD_TIME, unmapped), EFAULT, "RTC_RD_TIME to an unmapped address");
	check_errno(ioctl(fd, RTC_RD_TIME, half), EFAULT, "RTC_RD_TIME to a buffer cut short by an unmapped page");
	check_errno(ioctl(fd, RTC_ALM_READ, NULL), EFAULT, "RTC_ALM_READ NULL");
	check_errno(ioctl(fd, RTC_WKALM_RD, NULL), EFAULT, "RTC_WKALM_RD NULL");
	check_errno(ioctl(fd, RTC_WKALM_RD, half), EFAULT, "RTC_WKALM_RD to a short buffer");
	check_errno(ioctl(fd, RTC_IRQP_READ, NULL), EFAULT, "RTC_IRQP_READ NULL");
	check_errno(ioctl(fd, RTC_ALM_SET, NULL), EFAULT, "RTC_ALM_SET NULL");
	check_errno(ioctl(fd, RTC_WKALM_SET, NULL), EFAULT, "RTC_WKALM_SET NULL");
	check_errno(ioctl(fd, RTC_WKALM_SET, unmapped), EFAULT, "RTC_WKALM_SET from an unmapped address");

	/* What can be copied is a valid alarm: nothing may be applied. */
	if (half_alm) {
		struct rtc_wkalrm before_alm, after_alm, valid = { .enabled = 1 };

		valid.time = mk(2031, 1, 1, 0, 0, 0);
		memcpy(half_alm, &valid, sizeof(valid) - 4);
		ioctl(fd, RTC_WKALM_RD, &before_alm);
		check_errno(ioctl(fd, RTC_WKALM_SET, half_alm), EFAULT,
			    "RTC_WKALM_SET from a short buffer");
		ioctl(fd, RTC_WKALM_RD, &after_alm);
		tap_check(!memcmp(&before_alm, &after_alm, sizeof(after_alm)),
			  "a faulting RTC_WKALM_SET changed no alarm state");
	}

	before = rtc_now(fd);
	check_errno(ioctl(fd, RTC_SET_TIME, NULL), EFAULT, "RTC_SET_TIME NULL");
	half_tm = straddle(sizeof(struct rtc_time) - 8);
	if (half_tm) {
		struct rtc_time valid = mk(2050, 6, 5, 0, 0, 0);

		memcpy(half_tm, &valid, sizeof(valid) - 8);
		check_errno(ioctl(fd, RTC_SET_TIME, half_tm), EFAULT,
			    "RTC_SET_TIME from a short buffer");
	}
	after = rtc_now(fd);
	tap_check(before > 0 && after >= before && after - before <= 2,
		  "a faulting RTC_SET_TIME left the clock alone (%lld s later)",
		  after - before);
}

static void test_irqp(int fd)
{
	static const unsigned long bad[] = { 0, 1, 3, 100, 3000, 16384, 65536,
					     1UL << 40, ULONG_MAX };
	static const unsigned long good[] = { 2, 64, 1024, 8192, 4 };
	unsigned long orig = 0, f;
	size_t i;
	int ok = 1, rc;

	rc = ioctl(fd, RTC_IRQP_READ, &orig);
	tap_check(rc == 0 && orig >= 2 &&
		  orig <= 8192 && !(orig & (orig - 1)),
		  "RTC_IRQP_READ: a power of two 2..8192 Hz (%lu)", orig);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = ioctl(fd, RTC_IRQP_SET, bad[i]);

		if (rc != -1 || errno != EINVAL) {
			tap_diag("RTC_IRQP_SET %lu: rc %d errno %s", bad[i], rc,
				 strerror(errno));
			ok = 0;
		}
	}
	tap_check(ok, "RTC_IRQP_SET rejects 0, 1, 3, 100, 3000, 16384, 65536, 2^40, ULONG_MAX with EINVAL");
	ok = 1;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		f = 0;
		if (ioctl(fd, RTC_IRQP_SET, good[i]) || ioctl(fd, RTC_IRQP_READ, &f) ||
		    f != good[i]) {
			tap_diag("RTC_IRQP_SET %lu: read back %lu (%s)", good[i], f,
				 strerror(errno));
			ok = 0;
		}
	}
	tap_check(ok, "RTC_IRQP_SET 2, 64, 1024, 8192, 4 Hz: RTC_IRQP_READ agrees");
	ioctl(fd, RTC_IRQP_SET, orig);
}

static void test_enotty(int fd)
{
	int pty;

	check_errno(ioctl(fd, _IO('p', 0x7f), 0), ENOTTY, "unknown ioctl _IO('p', 0x7f)");
	check_errno(ioctl(fd, RTC_EPOCH_READ, &pty), ENOTTY, "RTC_EPOCH_READ (not provided)");
	check_errno(ioctl(fd, 0, 0), ENOTTY, "ioctl 0");
	check_errno(ioctl(fd, TIOCGPGRP, &pty), ENOTTY, "a tty ioctl");
	tap_check(!isatty(fd), "isatty() is false");
}

static void test_read_sizes(int fd)
{
	static const size_t bad[] = { 0, 1, 2, 3, 5, 6, 7 };
	unsigned long buf[2];
	size_t i;
	int ok = 1;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ssize_t n = read(fd, buf, bad[i]);

		if (n != -1 || errno != EINVAL) {
			tap_diag("read(%zu): %zd (%s)", bad[i], n, strerror(errno));
			ok = 0;
		}
	}
	tap_check(ok, "read() of 0, 1, 2, 3, 5, 6, 7 bytes: EINVAL");
	check_errno(read(fd, buf, 4), EAGAIN, "O_NONBLOCK read(4), nothing pending");
	check_errno(read(fd, buf, 8), EAGAIN, "O_NONBLOCK read(8), nothing pending");
	check_errno(read(fd, buf, 16), EAGAIN, "O_NONBLOCK read(16), nothing pending");
	check_errno(lseek(fd, 0, SEEK_SET), ESPIPE, "lseek: ESPIPE");
}

/* Wait for the next pending event on @fd, at most @ms. */
static int wait_event(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDNORM };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static void test_read_fault_keeps_events(int fd)
{
	void *volatile bad_null = NULL, *volatile bad_low = (void *)16;
	unsigned long data = 0;
	unsigned int word = 0;
	ssize_t n;

	tap_check(ioctl(fd, RTC_UIE_ON, 0) == 0, "RTC_UIE_ON");
	tap_check(wait_event(fd, 2500), "poll(): POLLIN within 2.5 s of RTC_UIE_ON");
	check_errno(read(fd, bad_null, sizeof(data)), EFAULT, "read() into NULL");
	check_errno(read(fd, bad_low, 4), EFAULT, "read(4) into an unmapped address");
	n = read(fd, &data, sizeof(data));
	tap_check(n == sizeof(data) && (data & 0xff) == (RTC_IRQF | RTC_UF) &&
		  data >> 8 >= 1,
		  "the event survived the faulting reads (read %zd, 0x%lx)", n, data);
	tap_check(wait_event(fd, 2500), "next update event within 2.5 s");
	n = read(fd, &word, sizeof(word));
	tap_check(n == sizeof(word) && (word & 0xff) == (RTC_IRQF | RTC_UF),
		  "read(4 bytes): an unsigned int event word (%zd, 0x%x)", n, word);
	tap_check(ioctl(fd, RTC_UIE_OFF, 0) == 0, "RTC_UIE_OFF");
	while (read(fd, &data, sizeof(data)) > 0)
		;
}

static void test_alarm_ioctls_agree(int fd)
{
	struct rtc_wkalrm alm = { 0 }, back = { 0 };
	struct rtc_time tm, now;
	long long t;
	int ok;

	t = rtc_now(fd) + 2 * 86400 + 3600;
	rtc_from_secs(t, &alm.time);
	alm.enabled = 0;
	tap_check(ioctl(fd, RTC_WKALM_SET, &alm) == 0, "RTC_WKALM_SET in two days, disabled");
	ok = ioctl(fd, RTC_WKALM_RD, &back) == 0;
	tap_check(ok && rtc_secs(&back.time) == t && !back.enabled &&
		  !back.pending, "RTC_WKALM_RD returns it, disabled");
	ok = ioctl(fd, RTC_ALM_READ, &tm) == 0;
	tap_check(ok && rtc_secs(&tm) == t, "RTC_ALM_READ returns it");
	tap_check(ioctl(fd, RTC_AIE_ON, 0) == 0 && ioctl(fd, RTC_WKALM_RD, &back) == 0 &&
		  back.enabled, "RTC_AIE_ON: RTC_WKALM_RD says enabled");
	tap_check(ioctl(fd, RTC_AIE_OFF, 0) == 0 && ioctl(fd, RTC_WKALM_RD, &back) == 0 &&
		  !back.enabled, "RTC_AIE_OFF: RTC_WKALM_RD says disabled");

	/* RTC_ALM_SET ignores the date it is given: the next such time. */
	ioctl(fd, RTC_RD_TIME, &now);
	tm = mk(1999, 12, 31, (now.tm_hour + 23) % 24, 0, 0);
	tm.tm_mday = 99;
	tap_check(ioctl(fd, RTC_ALM_SET, &tm) == 0, "RTC_ALM_SET with a garbage date");
	ok = ioctl(fd, RTC_ALM_READ, &tm) == 0;
	t = rtc_secs(&tm) - rtc_secs(&now);
	tap_check(ok && t > 0 && t <= 86400 && tm.tm_min == 0 && tm.tm_sec == 0,
		  "RTC_ALM_READ: the next occurrence, within a day (in %lld s)", t);
}

int main(int argc, char **argv)
{
	int fd;

	if (argc > 1)
		dev = argv[1];
	fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (!tap_check(fd >= 0, "open %s", dev)) {
		tap_diag("open: %s", strerror(errno));
		return tap_exit();
	}
	test_rd_time(fd);
	test_set_time_invalid(fd);
	test_alarm_invalid(fd);
	test_efault(fd);
	test_irqp(fd);
	test_enotty(fd);
	test_read_sizes(fd);
	test_read_fault_keeps_events(fd);
	test_alarm_ioctls_agree(fd);
	close(fd);
	return tap_exit();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_time - reading and setting /dev/rtctest's clock (or argv[1]'s): the
 * sysfs time attribute's format and agreement with RTC_RD_TIME; reads in a
 * loop, never torn or stale; set and read back; the chip's own rollovers
 * over a year end, a leap day, a non-leap century year and a century; and
 * every register format the chip can be put in (BCD or binary, 24 or 12
 * hour), switched behind the driver's back through /dev/port as firmware
 * might, checked against the raw registers. The clock and register B are
 * put back afterwards. Prints TAP.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/rtc.h>
#include <poll.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "rtcutil.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SYSFS_TIME	"/sys/class/rtctest/rtctest/time"
#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define REG_HOURS	4
#define REG_YEAR	9
#define REG_B		11
#define REG_CENTURY	0x32
#define B_DM_BINARY	0x04
#define B_24H		0x02
#define B_IRQS		0x70

static const char *dev = "/dev/rtctest";

static long long secs_of(int y, int mon, int d, int h, int min, int s)
{
	struct rtc_time tm = {
		.tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d,
		.tm_hour = h, .tm_min = min, .tm_sec = s,
	};

	return rtc_secs(&tm);
}

static const char *fmt(long long secs)
{
	static char buf[4][64];
	static int n;
	struct rtc_time tm;
	char *b = buf[n++ % 4];

	rtc_from_secs(secs, &tm);
	snprintf(b, sizeof(buf[0]), "%04d-%02d-%02d %02d:%02d:%02d",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
	return b;
}

/* The clock's reading right after a tick. */
static void ref_restore(int fd, const struct clock_ref *ref)
{
	double e = mono() - ref->mono, frac = e - (long long)e;
	long long want;

	sleep_s(frac <= 0.5 ? 0.5 - frac : 1.5 - frac);
	e = mono() - ref->mono;
	want = ref->secs + (long long)e;
	tap_check(set_clock(fd, want) == 0, "clock restored (%+.1f s of test time)", e);
	sleep_s(0.1);
	tap_check(llabs(rtc_now(fd) - want) <= 1,
		  "restored clock reads what it would have read");
}

/* sysfs "HH:MM:SS DD.MM.YYYY\n", in seconds; -1 when malformed. */
static long long sysfs_secs(char *text, size_t len)
{
	static const char *re =
		"^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] [0-3][0-9]\\.[01][0-9]\\.[0-9]{4}\n$";
	int h, min, s, d, mon, y, fd, n;
	regex_t rx;
	int ok;

	fd = open(SYSFS_TIME, O_RDONLY);
	n = fd >= 0 ? read(fd, text, len - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n < 0)
		return -1;
	text[n] = 0;
	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB))
		return -1;
	ok = !regexec(&rx, text, 0, NULL, 0);
	regfree(&rx);
	if (!ok || sscanf(text, "%d:%d:%d %d.%d.%d", &h, &min, &s, &d, &mon, &y) != 6)
		return -1;
	return secs_of(y, mon, d, h, min, s);
}

/* sysfs agrees with RTC_RD_TIME read just before and after. */
static void check_sysfs(int fd, const char *what)
{
	char text[64];
	long long t1, t2, ts;

	t1 = rtc_now(fd);
	ts = sysfs_secs(text, sizeof(text));
	t2 = rtc_now(fd);
	text[strcspn(text, "\n")] = 0;
	tap_check(ts >= 0, "%s: sysfs time is 'HH:MM:SS DD.MM.YYYY\\n' ('%s')", what, text);
	tap_check(ts >= t1 && ts <= t2, "%s: sysfs time agrees with RTC_RD_TIME (%s .. %s)",
		  what, fmt(t1), fmt(t2));
}

/*
 * RTC_RD_TIME in a loop, bracketed by CLOCK_MONOTONIC: the clock never goes
 * back, and between two reads it advances no more than the time that passed
 * allows (a stalled guest may see 2 s pass, a torn or stale read would show
 * a jump within milliseconds). Both clocks follow the host under QEMU.
 */
static void check_read_loop(int fd, double secs)
{
	double t0 = mono(), before, after, prev_before = 0, prev_after = 0;
	double gap, max_gap = 0, max_call = 0;
	long long r, prev = -1;
	long n = 0, back = 0, jumps = 0, ticks = 0;

	while (mono() - t0 < secs) {
		before = mono();
		r = rtc_now(fd);
		after = mono();
		if (after - before > max_call)
			max_call = after - before;
		if (prev >= 0) {
			gap = after - prev_before;
			if (before - prev_after > max_gap)
				max_gap = before - prev_after;
			if (r < prev)
				back++;
			else if (r - prev > (long long)gap + 1)
				jumps++;
			if (r - prev == 1)
				ticks++;
			if (r < prev || r - prev > (long long)gap + 1)
				tap_diag("read %ld: %s after %s, %.3f s apart", n,
					 fmt(r), fmt(prev), gap);
		}
		prev = r;
		prev_before = before;
		prev_after = after;
		n++;
		sleep_s(0.005);
	}
	tap_diag("read loop: %ld reads in %.0f s, %ld ticks seen, longest RTC_RD_TIME %.1f ms, longest pause %.1f ms",
		 n, secs, ticks, max_call * 1e3, max_gap * 1e3);
	tap_check(n > 100 && !back, "read loop: the clock never went back (%ld reads)", n);
	tap_check(!jumps, "read loop: no read jumped further than the time that passed");
}

/* Set @from, watch the chip tick to @to, each second exactly once. */
static void check_rollover(int fd, long long from, long long to, const char *what)
{
	long long prev, t;
	double t0 = mono();
	int steps_ok = 1;

	if (set_clock(fd, from)) {
		tap_fail("%s: RTC_SET_TIME %s: %s", what, fmt(from), strerror(errno));
		return;
	}
	prev = rtc_now(fd);
	if (prev != from && prev != from + 1)
		steps_ok = 0;
	while (prev < to && mono() - t0 < (to - from) + 1.5) {
		sleep_s(0.01);
		t = rtc_now(fd);
		if (t != prev && t != prev + 1)
			steps_ok = 0;
		prev = t;
	}
	tap_check(steps_ok && prev == to, "%s: %s ticked over to %s (last read %s)", what,
		  fmt(from), fmt(to), fmt(prev));
}

static int port_fd = -1;

static int cmos_get(int reg)
{
	unsigned char idx = reg, v;

	if (pwrite(port_fd, &idx, 1, CMOS_INDEX) != 1 ||
	    pread(port_fd, &v, 1, CMOS_DATA) != 1)
		return -1;
	return v;
}

static int cmos_put(int reg, int val)
{
	unsigned char idx = reg, v = val;

	return pwrite(port_fd, &idx, 1, CMOS_INDEX) == 1 &&
	       pwrite(port_fd, &v, 1, CMOS_DATA) == 1 ? 0 : -1;
}

struct mode {
	const char *name;
	int bits;		/* register B DM and 24/12 */
	int hour23, hour0;	/* raw hour register at 23 h and at 0 h */
	int yy99, yy00, c20, c21;
};

static const struct mode modes[] = {
	{ "BCD 24h",    B_24H,               0x23, 0x00, 0x99, 0x00, 0x20, 0x21 },
	{ "binary 24h", B_24H | B_DM_BINARY, 23,   0,    99,   0,    20,   21 },
	{ "BCD 12h",    0,                   0x91, 0x12, 0x99, 0x00, 0x20, 0x21 },
	{ "binary 12h", B_DM_BINARY,         0x8b, 12,   99,   0,    20,   21 },
};

/*
 * In mode @m: 2099-12-31 23:59:58 is set and read back, the chip ticks over
 * the century, an alarm two seconds later (12 AM in the 12-hour modes)
 * fires at its second, and the raw registers hold what the mode says.
 * The alarm is set after midnight: QEMU 7.2 matches a 12-hour alarm hour
 * using the PM bit of the current time, so an alarm set at 11 PM for
 * 12 AM would never fire there (the driver encodes it as the datasheet
 * says either way).
 */
static void check_mode(int fd, const struct mode *m, int has_century)
{
	long long from = secs_of(2099, 12, 31, 23, 59, 58);
	long long to = secs_of(2100, 1, 1, 0, 0, 0);
	struct rtc_wkalrm alm = { .enabled = 1 };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned long d = 0;
	int b, h, y, c, rc;
	long long at, when;
	double t0;

	b = cmos_get(REG_B);
	cmos_put(REG_B, (b & ~(B_DM_BINARY | B_24H)) | m->bits);
	if (!tap_check(set_clock(fd, from) == 0, "%s: RTC_SET_TIME %s", m->name, fmt(from)))
		return;
	h = cmos_get(REG_HOURS);
	y = cmos_get(REG_YEAR);
	c = has_century ? cmos_get(REG_CENTURY) : m->c20;
	tap_check(h == m->hour23 && y == m->yy99 && c == m->c20,
		  "%s: raw registers hour 0x%02x year 0x%02x century 0x%02x (want 0x%02x 0x%02x 0x%02x)",
		  m->name, h, y, c, m->hour23, m->yy99, m->c20);
	at = rtc_now(fd);
	tap_check(at == from || at == from + 1, "%s: RTC_RD_TIME reads it back (%s)",
		  m->name, fmt(at));

	t0 = mono();
	while ((at = rtc_now(fd)) < to && mono() - t0 < 3)
		sleep_s(0.01);
	tap_check(at == to, "%s: ticked over to %s", m->name, fmt(at));
	h = cmos_get(REG_HOURS);
	y = cmos_get(REG_YEAR);
	c = has_century ? cmos_get(REG_CENTURY) : m->c21;
	tap_check(h == m->hour0 && y == m->yy00 && c == m->c21,
		  "%s: after the century: hour 0x%02x year 0x%02x century 0x%02x (want 0x%02x 0x%02x 0x%02x)",
		  m->name, h, y, c, m->hour0, m->yy00, m->c21);
	check_sysfs(fd, m->name);

	when = rtc_now(fd) + 2;
	rtc_from_secs(when, &alm.time);
	rc = ioctl(fd, RTC_WKALM_SET, &alm);
	if (rc == 0 && poll(&p, 1, 3500) == 1 && read(fd, &d, sizeof(d)) != sizeof(d))
		d = 0;
	at = rtc_now(fd);
	ioctl(fd, RTC_AIE_OFF, 0);
	tap_check(rc == 0 && (d & RTC_AF) && at == when,
		  "%s: alarm for %s fired at its second (0x%lx at %s)", m->name,
		  fmt(when), d, fmt(at));
}

static void test_modes(int fd)
{
	int b, century;
	size_t i;

	port_fd = open("/dev/port", O_RDWR);
	if (port_fd < 0) {
		tap_ok("register formats # SKIP /dev/port: %s", strerror(errno));
		return;
	}
	b = cmos_get(REG_B);
	tap_check(b >= 0 && !(b & B_IRQS) && (b & B_24H) && !(b & B_DM_BINARY),
		  "register B is 0x%02x: BCD, 24 h, no interrupt enabled", b);
	century = cmos_get(REG_CENTURY);
	tap_diag("century register 0x32 reads 0x%02x", century);
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		check_mode(fd, &modes[i], century >= 0x19);
	cmos_put(REG_B, (cmos_get(REG_B) & ~(B_DM_BINARY | B_24H)) |
		 (b & (B_DM_BINARY | B_24H)));
	tap_check(cmos_get(REG_B) == b, "register B restored to 0x%02x", b);
	close(port_fd);
}

int main(int argc, char **argv)
{
	struct clock_ref ref;
	long long t, want;
	int fd, century;

	if (argc > 1)
		dev = argv[1];
	fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (!tap_check(fd >= 0, "open %s", dev))
		return tap_exit();
	ref_take(fd, &ref);
	tap_diag("clock at start: %s", fmt(ref.secs));
	check_sysfs(fd, "real time");
	check_read_loop(fd, 5);

	want = secs_of(2030, 6, 15, 12, 34, 56);
	tap_check(set_clock(fd, want) == 0, "RTC_SET_TIME %s", fmt(want));
	t = rtc_now(fd);
	tap_check(t == want || t == want + 1, "RTC_RD_TIME reads it back (%s)", fmt(t));
	check_sysfs(fd, "after setting");

	check_rollover(fd, secs_of(2031, 12, 31, 23, 59, 58),
		       secs_of(2032, 1, 1, 0, 0, 0), "year end");
	check_rollover(fd, secs_of(2024, 2, 28, 23, 59, 59),
		       secs_of(2024, 2, 29, 0, 0, 0), "leap day");
	century = set_clock(fd, secs_of(2100, 2, 28, 0, 0, 0)) == 0;
	if (century) {
		check_rollover(fd, secs_of(2100, 2, 28, 23, 59, 59),
			       secs_of(2100, 3, 1, 0, 0, 0), "2100 is no leap year");
		test_modes(fd);
	} else {
		tap_check(errno == EINVAL, "no century register: 2100 is EINVAL");
		tap_ok("register formats # SKIP they are checked around 2100");
	}
	ref_restore(fd, &ref);
	close(fd);
	return tap_exit();
}

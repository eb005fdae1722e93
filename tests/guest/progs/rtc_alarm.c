// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_alarm - alarms on /dev/rtctest (or argv[1]): an alarm wakes a blocked
 * read(), poll() and select() at exactly its second, in the same interrupt
 * as that second's update event; RTC_ALM_SET picks the next occurrence; an
 * alarm for tomorrow does not fire today although the chip (which compares
 * only h:m:s) interrupts; RTC_AIE_OFF cancels; alarms are one-shot; an alarm
 * already due fires at once (set in the past, or the clock set past it); an
 * alarm across midnight and a year end. The clock is put back afterwards.
 * Prints TAP and the measured latencies.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/rtc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include "rtcutil.h"
#include "tap.h"

static const char *dev = "/dev/rtctest";

/* Put the clock where it would be had nobody set it. */
static void ref_restore(int fd, const struct clock_ref *ref)
{
	double e = mono() - ref->mono, frac = e - (long long)e;
	long long want;

	/* Set mid-second: the divider restarts half a second before a tick. */
	sleep_s(frac <= 0.5 ? 0.5 - frac : 1.5 - frac);
	e = mono() - ref->mono;
	want = ref->secs + (long long)e;
	tap_check(set_clock(fd, want) == 0, "clock restored (%+.1f s of test time)", e);
	sleep_s(0.1);
	tap_check(llabs(rtc_now(fd) - want) <= 1,
		  "restored clock reads what it would have read");
}

static unsigned long irq8_count(void)
{
	char line[512];
	unsigned long n = 0, v;
	FILE *f = fopen("/proc/interrupts", "r");
	char *p, *end;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		p = line;
		while (*p == ' ')
			p++;
		if (strncmp(p, "8:", 2))
			continue;
		for (p += 2; (v = strtoul(p, &end, 10)), end != p; p = end)
			n += v;
	}
	fclose(f);
	return n;
}

static void drain(int fd)
{
	unsigned long d;
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (read(fd, &d, sizeof(d)) > 0)
		;
	fcntl(fd, F_SETFL, fl);
}

static int wkalm_set(int fd, long long secs, int enabled)
{
	struct rtc_wkalrm alm = { .enabled = enabled };

	rtc_from_secs(secs, &alm.time);
	return ioctl(fd, RTC_WKALM_SET, &alm);
}

/* A pending event on @fd within @ms: its word, or 0. */
static unsigned long event_within(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned long d = 0;

	if (poll(&p, 1, ms) != 1 || read(fd, &d, sizeof(d)) != sizeof(d))
		return 0;
	return d;
}

struct blocked_read {
	int fd;
	volatile int done;
	double woke;
	unsigned long data;
	ssize_t n;
};

static void *blocked_reader(void *arg)
{
	struct blocked_read *b = arg;

	b->n = read(b->fd, &b->data, sizeof(b->data));
	b->woke = mono();
	b->done = 1;
	return NULL;
}

/* A read() already blocked when the alarm is set wakes at its second. */
static void test_wakes_blocked_read(int fd)
{
	struct blocked_read b = { .fd = fd };
	struct rtc_wkalrm back;
	pthread_t thr;
	long long when, at;
	double t0;

	drain(fd);
	pthread_create(&thr, NULL, blocked_reader, &b);
	sleep_s(0.2);
	when = rtc_now(fd) + 2;
	t0 = mono();
	tap_check(wkalm_set(fd, when, 1) == 0, "RTC_WKALM_SET 2 s ahead, enabled");
	while (!b.done && mono() - t0 < 6)
		sleep_s(0.01);
	at = rtc_now(fd);
	if (!b.done)			/* interrupt the read: SIGALRM, no restart */
		pthread_kill(thr, SIGALRM);
	pthread_join(thr, NULL);
	tap_check(b.n == sizeof(b.data) && b.data == (1UL << 8 | RTC_IRQF | RTC_AF),
		  "the blocked read() woke with one alarm event (0x%lx, %.2f s after setting)",
		  b.data, b.woke - t0);
	tap_check(at == when, "the clock reads the alarm's second on waking (%+lld s)",
		  at - when);
	tap_check(ioctl(fd, RTC_WKALM_RD, &back) == 0 && !back.enabled,
		  "the alarm is one-shot: disabled after firing");
}

/* The alarm comes in the same interrupt as its second's update event. */
static void test_precision(int fd)
{
	unsigned long d1, d2;
	long long tick, at;
	double t_tick, t_af;

	drain(fd);
	ioctl(fd, RTC_UIE_ON, 0);
	d1 = event_within(fd, 2500);
	t_tick = mono();
	tick = rtc_now(fd);
	wkalm_set(fd, tick + 2, 1);
	d1 = event_within(fd, 2500);		/* tick + 1: update only */
	d2 = event_within(fd, 2500);		/* tick + 2: update + alarm */
	t_af = mono();
	at = rtc_now(fd);
	ioctl(fd, RTC_UIE_OFF, 0);
	tap_diag("alarm: update-only word 0x%lx, then 0x%lx %.3f s after the reference tick",
		 d1, d2, t_af - t_tick);
	tap_check(d1 == (1UL << 8 | RTC_IRQF | RTC_UF) &&
		  d2 == (1UL << 8 | RTC_IRQF | RTC_UF | RTC_AF),
		  "the alarm arrived with its second's update event, not before or after");
	tap_check(at == tick + 2 && t_af - t_tick > 1.8 && t_af - t_tick < 2.2,
		  "alarm at clock second +%lld, %.3f s after the reference tick (2.000 ideal)",
		  at - tick, t_af - t_tick);
}

/* RTC_ALM_SET (time of day) + RTC_AIE_ON + select(), as older tools do. */
static void test_alm_set_select(int fd)
{
	struct timeval tv = { .tv_sec = 4 };
	struct rtc_time tm, back;
	long long when, at;
	fd_set rfds;
	unsigned long d = 0;
	int rc;

	drain(fd);
	when = rtc_now(fd) + 2;
	rtc_from_secs(when, &tm);
	tm.tm_year = 99;		/* the date is ignored */
	tap_check(ioctl(fd, RTC_ALM_SET, &tm) == 0, "RTC_ALM_SET 2 s ahead");
	rc = ioctl(fd, RTC_ALM_READ, &back);
	tap_check(rc == 0 && rtc_secs(&back) == when,
		  "RTC_ALM_READ: today's date was filled in");
	tap_check(ioctl(fd, RTC_AIE_ON, 0) == 0, "RTC_AIE_ON");
	FD_ZERO(&rfds);
	FD_SET(fd, &rfds);
	rc = select(fd + 1, &rfds, NULL, NULL, &tv);
	ioctl(fd, RTC_AIE_OFF, 0);
	if (rc == 1 && read(fd, &d, sizeof(d)) != sizeof(d))
		d = 0;
	at = rtc_now(fd);
	tap_check(rc == 1 && (d & RTC_AF) && at == when,
		  "select() woke for the alarm at its second (0x%lx, %+lld s)", d, at - when);
}

/* An alarm for tomorrow: the chip interrupts today, nobody is told. */
static void test_other_day(int fd)
{
	struct rtc_wkalrm back;
	unsigned long irqs, d;
	long long when;

	drain(fd);
	when = rtc_now(fd) + 86400 + 2;
	irqs = irq8_count();
	wkalm_set(fd, when, 1);
	d = event_within(fd, 3500);
	irqs = irq8_count() - irqs;
	tap_check(irqs >= 1, "the chip raised its h:m:s alarm interrupt today (%lu IRQs)", irqs);
	tap_check(d == 0, "an alarm for tomorrow was not reported today (0x%lx)", d);
	tap_check(ioctl(fd, RTC_WKALM_RD, &back) == 0 && back.enabled &&
		  rtc_secs(&back.time) == when,
		  "it stays armed, for tomorrow's date");
	ioctl(fd, RTC_AIE_OFF, 0);
}

static void test_aie_off_cancels(int fd)
{
	unsigned long irqs, d;

	drain(fd);
	wkalm_set(fd, rtc_now(fd) + 2, 1);
	ioctl(fd, RTC_AIE_OFF, 0);
	irqs = irq8_count();
	d = event_within(fd, 3500);
	irqs = irq8_count() - irqs;
	tap_check(d == 0 && irqs == 0,
		  "RTC_AIE_OFF cancelled the alarm: no event, no interrupt (%lu IRQs)", irqs);
}

/* Alarms already due fire at once, as with the kernel's RTC core. */
static void test_due_now(int fd, const struct clock_ref *ref)
{
	struct rtc_wkalrm back;
	unsigned long d;
	long long now;

	drain(fd);
	wkalm_set(fd, rtc_now(fd) - 10, 1);
	d = event_within(fd, 500);
	tap_check(d & RTC_AF, "an enabled alarm in the past fires at once (0x%lx)", d);
	tap_check(ioctl(fd, RTC_WKALM_RD, &back) == 0 && !back.enabled,
		  "and is then disabled");

	now = rtc_now(fd);
	wkalm_set(fd, now + 60, 1);
	d = event_within(fd, 200);
	tap_check(d == 0, "an alarm a minute ahead does not fire yet");
	tap_check(set_clock(fd, now + 120) == 0, "RTC_SET_TIME two minutes ahead");
	d = event_within(fd, 500);
	tap_check(d & RTC_AF, "setting the clock past an armed alarm fires it (0x%lx)", d);
	ref_restore(fd, ref);
}

/* Over midnight and a year end: the chip's alarm plus the date check. */
static void test_year_end(int fd, const struct clock_ref *ref)
{
	struct rtc_time tm = {
		.tm_year = 130, .tm_mon = 11, .tm_mday = 31,
		.tm_hour = 23, .tm_min = 59, .tm_sec = 58,
	};
	long long when = rtc_secs(&tm) + 3, at;
	unsigned long d;

	drain(fd);
	if (!tap_check(ioctl(fd, RTC_SET_TIME, &tm) == 0, "clock set to 2030-12-31 23:59:58"))
		return;
	wkalm_set(fd, when, 1);
	d = event_within(fd, 4500);
	at = rtc_now(fd);
	rtc_from_secs(at, &tm);
	tap_check((d & RTC_AF) && at == when,
		  "alarm for 2031-01-01 00:00:01 fired then (clock %04d-%02d-%02d %02d:%02d:%02d, 0x%lx)",
		  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		  tm.tm_sec, d);
	ref_restore(fd, ref);
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct clock_ref ref;
	int fd;

	if (argc > 1)
		dev = argv[1];
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: a stuck read fails */
	fd = open(dev, O_RDONLY);
	if (!tap_check(fd >= 0, "open %s", dev))
		return tap_exit();
	ref_take(fd, &ref);
	test_wakes_blocked_read(fd);
	test_precision(fd);
	test_alm_set_select(fd);
	test_other_day(fd);
	test_aie_off_cancels(fd);
	test_due_now(fd, &ref);
	test_year_end(fd, &ref);
	close(fd);
	return tap_exit();
}

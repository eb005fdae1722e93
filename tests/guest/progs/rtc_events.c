// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_events - update and periodic interrupts through /dev/rtctest (or
 * argv[1]): UIE events come once a second, one per clock tick, through
 * read(), select(), poll() and SIGIO; PIE at low and high rates; nothing
 * arrives once the sources are off (accumulation: rtc_multi). Prints TAP
 * and the measured intervals.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/rtc.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "rtcutil.h"
#include "tap.h"

#define NUIE 5

static const char *dev = "/dev/rtctest";
static volatile sig_atomic_t sigio_count;

/* tap_errno() evaluates its first argument three times: pass values. */
static int check_errno(long rc, int want, const char *desc)
{
	int err = errno;

	return tap_check(rc == -1 && err == want, "%s (rc %ld, errno %s, want %s)",
			 desc, rc, rc == -1 ? strerror(err) : "-", strerror(want));
}

/* Throw away whatever is pending (fd is O_NONBLOCK). */
static void drain(int fd)
{
	unsigned long d;

	while (read(fd, &d, sizeof(d)) > 0)
		;
}

static void set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

/* NUIE blocking reads: one event per read, one clock tick per event. */
static void test_uie_read(int fd)
{
	double t0, t[NUIE], dmin = 99, dmax = 0;
	long long sec[NUIE];
	unsigned long data[NUIE];
	int i, ok_words = 1, ok_ticks = 1;

	set_nonblock(fd, 0);
	alarm(15);
	t0 = mono();
	if (!tap_check(ioctl(fd, RTC_UIE_ON, 0) == 0, "RTC_UIE_ON"))
		return;
	for (i = 0; i < NUIE; i++) {
		if (read(fd, &data[i], sizeof(data[i])) != sizeof(data[i])) {
			tap_fail("blocking read() of update event %d: %s", i + 1,
				 strerror(errno));
			alarm(0);
			return;
		}
		t[i] = mono();
		sec[i] = rtc_now(fd);
	}
	alarm(0);
	tap_check(ioctl(fd, RTC_UIE_OFF, 0) == 0, "RTC_UIE_OFF");
	set_nonblock(fd, 1);

	for (i = 0; i < NUIE; i++) {
		if (data[i] != (1UL << 8 | RTC_IRQF | RTC_UF))
			ok_words = 0;
		if (i && sec[i] != sec[i - 1] + 1)
			ok_ticks = 0;
		if (i && t[i] - t[i - 1] < dmin)
			dmin = t[i] - t[i - 1];
		if (i && t[i] - t[i - 1] > dmax)
			dmax = t[i] - t[i - 1];
	}
	for (i = 0; i < NUIE; i++)
		tap_diag("UIE event %d: +%.3f s, clock %lld, word 0x%lx", i + 1,
			 t[i] - t0, sec[i], data[i]);
	tap_diag("UIE: first event %.3f s after RTC_UIE_ON; intervals min %.3f mean %.3f max %.3f s",
		 t[0] - t0, dmin, (t[NUIE - 1] - t[0]) / (NUIE - 1), dmax);
	tap_check(ok_words, "each read() returned 0x190: one interrupt, RTC_IRQF | RTC_UF (first 0x%lx)",
		  data[0]);
	tap_check(ok_ticks, "the clock advanced exactly 1 s between update events");
	tap_check(t[NUIE - 1] - t0 >= 3.5 && t[NUIE - 1] - t0 <= 6.5,
		  "%d update events in %.2f s after RTC_UIE_ON (4..6.5 s expected)",
		  NUIE, t[NUIE - 1] - t0);
	tap_check(dmin >= 0.6 && dmax <= 1.4,
		  "update events 0.6..1.4 s apart (%.3f..%.3f)", dmin, dmax);
}

static void test_uie_select_poll(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDNORM };
	struct timeval tv = { .tv_sec = 2 };
	unsigned long data;
	fd_set rfds;
	ssize_t n;
	int rc;

	drain(fd);
	ioctl(fd, RTC_UIE_ON, 0);
	FD_ZERO(&rfds);
	FD_SET(fd, &rfds);
	rc = select(fd + 1, &rfds, NULL, NULL, &tv);
	tap_check(rc == 1 && FD_ISSET(fd, &rfds), "select() wakes for an update event within 2 s");
	data = 0;
	n = read(fd, &data, sizeof(data));
	tap_check(n == sizeof(data) && (data & RTC_UF),
		  "read() after select() does not block (0x%lx)", data);
	rc = poll(&p, 1, 2000);
	tap_check(rc == 1 && p.revents == (POLLIN | POLLRDNORM),
		  "poll() wakes with POLLIN|POLLRDNORM within 2 s (revents 0x%x)", p.revents);
	drain(fd);
	rc = poll(&p, 1, 0);
	tap_check(rc == 0, "poll() right after reading: nothing pending");
	ioctl(fd, RTC_UIE_OFF, 0);
	drain(fd);
	usleep(1300000);
	check_errno(read(fd, &data, sizeof(data)), EAGAIN,
		    "after RTC_UIE_OFF no update event arrives (O_NONBLOCK read)");
}

static void on_sigio(int sig)
{
	(void)sig;
	sigio_count++;
}

static void test_fasync(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	double t0;

	drain(fd);
	signal(SIGIO, on_sigio);
	fcntl(fd, F_SETOWN, getpid());
	fcntl(fd, F_SETFL, fl | O_ASYNC);
	ioctl(fd, RTC_UIE_ON, 0);
	t0 = mono();
	while (sigio_count < 2 && mono() - t0 < 3.5)
		sleep_s(0.05);
	ioctl(fd, RTC_UIE_OFF, 0);
	fcntl(fd, F_SETFL, fl);
	signal(SIGIO, SIG_IGN);
	tap_check(sigio_count >= 2, "O_ASYNC: SIGIO for each update event (%d in %.2f s)",
		  (int)sigio_count, mono() - t0);
	drain(fd);
}

/* Periodic interrupts for @secs at @freq Hz: how many arrived. */
static unsigned long pie_count(int fd, unsigned long freq, double secs,
			       unsigned long *flags)
{
	unsigned long data = 0;

	drain(fd);
	if (ioctl(fd, RTC_IRQP_SET, freq) || ioctl(fd, RTC_PIE_ON, 0)) {
		tap_diag("PIE at %lu Hz: %s", freq, strerror(errno));
		return 0;
	}
	sleep_s(secs);
	ioctl(fd, RTC_PIE_OFF, 0);
	if (read(fd, &data, sizeof(data)) != sizeof(data))
		return 0;
	*flags = data & 0xff;
	return data >> 8;
}

static void test_pie(int fd)
{
	unsigned long orig = 0, n, flags = 0, data;
	double t0 = 0, t1;
	int i;

	ioctl(fd, RTC_IRQP_READ, &orig);
	n = pie_count(fd, 8, 2.0, &flags);
	tap_check(n >= 12 && n <= 20 && flags == (RTC_IRQF | RTC_PF),
		  "PIE 8 Hz for 2 s: %lu periodic events (16 expected), flags 0x%lx", n, flags);

	/* Blocking reads at 2 Hz, timed from the first event. */
	drain(fd);
	ioctl(fd, RTC_IRQP_SET, 2);
	ioctl(fd, RTC_PIE_ON, 0);
	set_nonblock(fd, 0);
	alarm(5);
	for (i = 0; i < 3; i++) {
		if (read(fd, &data, sizeof(data)) != sizeof(data))
			break;
		if (i == 0)
			t0 = mono();
	}
	t1 = mono();
	alarm(0);
	set_nonblock(fd, 1);
	ioctl(fd, RTC_PIE_OFF, 0);
	tap_check(i == 3 && t1 - t0 >= 0.7 && t1 - t0 <= 1.3 && (data & RTC_PF),
		  "PIE 2 Hz: 2 blocking reads in %.3f s (1 s expected)",
		  i == 3 ? t1 - t0 : -1.0);

	n = pie_count(fd, 1024, 1.0, &flags);
	tap_diag("PIE 1024 Hz for 1 s: %lu events", n);
	tap_check(n >= 256 && n <= 1100,
		  "PIE 1024 Hz (root): %lu events in 1 s (QEMU TCG may drop some)", n);

	sleep_s(0.3);
	check_errno(read(fd, &data, sizeof(data)), EAGAIN,
		  "after RTC_PIE_OFF no periodic event arrives");
	tap_check(ioctl(fd, RTC_IRQP_SET, orig) == 0, "rate restored to %lu Hz", orig);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* SA_RESTART handler that gives up restarting: a second signal ends a hang. */
static void on_alarm_restart_once(int sig)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	(void)sig;
	sigaction(SIGALRM, &sa, NULL);
}

/* SIGALRM after @first seconds, then every @every seconds (0: once). */
static void arm_timer(double first, double every)
{
	struct itimerval it = {
		.it_value = { (time_t)first, (long)((first - (time_t)first) * 1e6) },
		.it_interval = { (time_t)every, (long)((every - (time_t)every) * 1e6) },
	};

	setitimer(ITIMER_REAL, &it, NULL);
}

/*
 * A blocked read() is interruptible (-ERESTARTSYS): a signal without
 * SA_RESTART makes it fail with EINTR; with SA_RESTART it is restarted and
 * returns the next event.
 */
static void test_read_interrupted(int fd)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	unsigned long data = 0;
	double t0, t1;
	ssize_t n;
	int err;

	drain(fd);
	set_nonblock(fd, 0);
	arm_timer(0.3, 0);
	t0 = mono();
	n = read(fd, &data, sizeof(data));
	err = errno;
	tap_check(n == -1 && err == EINTR,
		  "a signal interrupts a blocked read(): EINTR after %.2f s", mono() - t0);

	sa.sa_handler = on_alarm_restart_once;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	ioctl(fd, RTC_UIE_ON, 0);
	arm_timer(2.5, 0);		/* synchronize with a tick first */
	n = read(fd, &data, sizeof(data));
	arm_timer(0.3, 4);		/* the second signal ends a hang */
	t0 = mono();
	n = read(fd, &data, sizeof(data));
	t1 = mono();
	arm_timer(0, 0);
	ioctl(fd, RTC_UIE_OFF, 0);
	sa.sa_handler = on_alarm;
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
	set_nonblock(fd, 1);
	tap_check(n == sizeof(data) && (data & RTC_UF) && t1 - t0 > 0.5,
		  "with SA_RESTART the read() is restarted and returns the next update event (0x%lx after %.2f s)",
		  data, t1 - t0);
	drain(fd);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd;

	if (argc > 1)
		dev = argv[1];
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: a stuck read fails */
	fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (!tap_check(fd >= 0, "open %s", dev))
		return tap_exit();
	test_uie_read(fd);
	test_uie_select_poll(fd);
	test_fasync(fd);
	test_read_interrupted(fd);
	test_pie(fd);
	close(fd);
	return tap_exit();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_reader - an application of the RTC, for recovery tests: for SECONDS
 * it loops over a blocking read() of update events, RTC_RD_TIME, an alarm
 * query (RTC_WKALM_RD) and an open/close of a second file, and counts
 * every call that fails. With ALARM_IN it first arms an alarm that many
 * seconds ahead (RTC_WKALM_SET) and reports whether its event came.
 *
 *   rtc_reader DEV SECONDS [ALARM_IN]
 *
 * Prints "calls=N reads=N errors=N max_stall_ms=N alarm=fired|missed|none"
 * and, on an error, "first_error=CALL:ERRNO". The stall is the longest
 * gap between two completed loop iterations (an update event comes every
 * second, so about 1000 ms is normal). Exit status: 0 with no errors (and
 * the alarm fired, if one was set), 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rtcutil.h"

static long calls, errors;
static char first_error[64];

static void check(int rc, const char *what)
{
	calls++;
	if (rc >= 0)
		return;
	if (!errors++)
		snprintf(first_error, sizeof(first_error), "%s:%s", what,
			 strerrorname_np(errno));
}

int main(int argc, char **argv)
{
	double end, last, stall = 0;
	struct rtc_wkalrm wk = { 0 };
	int fd, fd2, alarm_in = 0, fired = 0;
	unsigned long data;
	long reads = 0;
	struct rtc_time tm;

	if (argc < 3) {
		fprintf(stderr, "usage: rtc_reader DEV SECONDS [ALARM_IN]\n");
		return 2;
	}
	if (argc > 3)
		alarm_in = atoi(argv[3]);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	if (alarm_in > 0) {
		long long now = rtc_now(fd);

		if (now < 0) {
			perror("RTC_RD_TIME");
			return 2;
		}
		rtc_from_secs(now + alarm_in, &wk.time);
		wk.enabled = 1;
		if (ioctl(fd, RTC_WKALM_SET, &wk) < 0) {
			perror("RTC_WKALM_SET");
			return 2;
		}
	}
	if (ioctl(fd, RTC_UIE_ON, 0) < 0) {
		perror("RTC_UIE_ON");
		return 2;
	}
	end = mono() + atof(argv[2]);
	last = mono();
	while (mono() < end) {
		double now;
		ssize_t n = read(fd, &data, sizeof(data));

		check(n == sizeof(data) ? 0 : -1, "read");
		if (n == sizeof(data)) {
			reads++;
			if (data & RTC_AF)
				fired = 1;
		}
		check(ioctl(fd, RTC_RD_TIME, &tm), "RTC_RD_TIME");
		check(ioctl(fd, RTC_WKALM_RD, &wk), "RTC_WKALM_RD");
		fd2 = open(argv[1], O_RDONLY);
		check(fd2, "open");
		if (fd2 >= 0)
			check(close(fd2), "close");
		now = mono();
		if (now - last > stall)
			stall = now - last;
		last = now;
	}
	printf("calls=%ld reads=%ld errors=%ld max_stall_ms=%d alarm=%s\n",
	       calls, reads, errors, (int)(stall * 1000),
	       alarm_in > 0 ? (fired ? "fired" : "missed") : "none");
	if (errors)
		printf("first_error=%s\n", first_error);
	return errors || (alarm_in > 0 && !fired);
}

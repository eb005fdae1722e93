// SPDX-License-Identifier: GPL-2.0
/*
 * rtcctl - a small hwclock-like tool for Linux RTC char devices
 * (/dev/rtctest by default), for people and for the demo:
 *
 *   rtcctl [-d DEV] time                    print the clock's time
 *   rtcctl [-d DEV] set 'YYYY-MM-DD HH:MM:SS'
 *   rtcctl [-d DEV] alarm                   print the alarm (RTC_WKALM_RD)
 *   rtcctl [-d DEV] alarm +N                alarm N s ahead, wait for it
 *   rtcctl [-d DEV] uie N                   wait for N update interrupts
 *
 * Exit status: 0 done, 1 the device or an ioctl failed (or the alarm fired
 * at the wrong second), 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/rtc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "rtcutil.h"

#define EXIT_USAGE 2
#define TM_STR 80	/* fits any struct rtc_time */

static const char *dev = "/dev/rtctest";

static void usage(FILE *out)
{
	fprintf(out,
		"usage: rtcctl [-d DEV] COMMAND\n"
		"  time                       print the clock's time\n"
		"  set 'YYYY-MM-DD HH:MM:SS'  set the clock (CAP_SYS_TIME)\n"
		"  alarm                      print the alarm and whether it is on\n"
		"  alarm +N                   set an alarm N seconds ahead, wait in\n"
		"                             read() until it fires\n"
		"  uie N                      wait for N update interrupts\n"
		"options:\n"
		"  -d, --device DEV           RTC device (default /dev/rtctest)\n"
		"  -h, --help                 this text\n"
		"exit status: 0 done, 1 failed, 2 usage\n");
}

static int fail(const char *what)
{
	fprintf(stderr, "rtcctl: %s: %s: %s\n", dev, what, strerror(errno));
	return 1;
}

static void fmt_tm(const struct rtc_time *tm, char *buf, size_t len)
{
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d",
		 tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
		 tm->tm_hour, tm->tm_min, tm->tm_sec);
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmd_time(int fd)
{
	struct rtc_time tm;
	char s[TM_STR];

	if (ioctl(fd, RTC_RD_TIME, &tm) < 0)
		return fail("RTC_RD_TIME");
	fmt_tm(&tm, s, sizeof(s));
	printf("%s\n", s);
	return 0;
}

static int cmd_set(int fd, const char *arg)
{
	struct rtc_time tm = { 0 };
	char extra;

	if (sscanf(arg, "%d-%d-%d %d:%d:%d%c", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		   &extra) != 6) {
		fprintf(stderr, "rtcctl: set: want 'YYYY-MM-DD HH:MM:SS', got '%s'\n",
			arg);
		return EXIT_USAGE;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if (ioctl(fd, RTC_SET_TIME, &tm) < 0)
		return fail("RTC_SET_TIME");
	return cmd_time(fd);
}

static int cmd_alarm_show(int fd)
{
	struct rtc_wkalrm alm;
	char s[TM_STR];

	if (ioctl(fd, RTC_WKALM_RD, &alm) < 0)
		return fail("RTC_WKALM_RD");
	fmt_tm(&alm.time, s, sizeof(s));
	printf("alarm %s %s%s\n", s, alm.enabled ? "on" : "off",
	       alm.pending ? ", pending" : "");
	return 0;
}

static int cmd_alarm(int fd, const char *arg)
{
	struct rtc_wkalrm alm = { 0 };
	struct rtc_time now;
	unsigned long data;
	char *end, s[TM_STR];
	long long when;
	double t0;
	long n;

	n = strtol(arg + 1, &end, 10);
	if (arg[0] != '+' || *end || end == arg + 1 || n < 1 || n > 86400) {
		fprintf(stderr, "rtcctl: alarm: want +N, 1 <= N <= 86400, got '%s'\n",
			arg);
		return EXIT_USAGE;
	}
	if (ioctl(fd, RTC_RD_TIME, &alm.time) < 0)
		return fail("RTC_RD_TIME");
	when = rtc_secs(&alm.time) + n;
	rtc_from_secs(when, &alm.time);
	alm.enabled = 1;
	if (ioctl(fd, RTC_WKALM_SET, &alm) < 0)
		return fail("RTC_WKALM_SET");
	t0 = mono_now();
	fmt_tm(&alm.time, s, sizeof(s));
	printf("alarm set for %s, waiting in read()\n", s);
	fflush(stdout);

	do {		/* other openers' update or periodic events come too */
		if (read(fd, &data, sizeof(data)) < 0)
			return fail("read");
	} while (!(data & RTC_AF));
	if (ioctl(fd, RTC_RD_TIME, &now) < 0)
		return fail("RTC_RD_TIME");
	fmt_tm(&now, s, sizeof(s));
	printf("alarm fired at %s after %.2f s, read() = 0x%lx (%lu interrupt%s%s%s%s)\n",
	       s, mono_now() - t0, data, data >> 8, data >> 8 == 1 ? "" : "s",
	       data & RTC_AF ? ", alarm" : "", data & RTC_UF ? ", update" : "",
	       data & RTC_PF ? ", periodic" : "");
	return rtc_secs(&now) == when ? 0 : 1;
}

static int cmd_uie(int fd, const char *arg)
{
	struct rtc_time tm;
	unsigned long data;
	double t0, t;
	char *end, s[TM_STR];
	long i, n;

	n = strtol(arg, &end, 10);
	if (*end || end == arg || n < 1) {
		fprintf(stderr, "rtcctl: uie: want a count >= 1, got '%s'\n", arg);
		return EXIT_USAGE;
	}
	if (ioctl(fd, RTC_UIE_ON, 0) < 0)
		return fail("RTC_UIE_ON");
	t0 = mono_now();
	for (i = 1; i <= n; i++) {
		if (read(fd, &data, sizeof(data)) < 0)
			return fail("read");
		t = mono_now();
		if (ioctl(fd, RTC_RD_TIME, &tm) < 0)
			return fail("RTC_RD_TIME");
		fmt_tm(&tm, s, sizeof(s));
		printf("update %ld: %s  +%.3f s  read() = 0x%lx\n", i, s,
		       t - t0, data);
		fflush(stdout);
	}
	if (ioctl(fd, RTC_UIE_OFF, 0) < 0)
		return fail("RTC_UIE_OFF");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd;
	int c, fd, rc, nargs;

	while ((c = getopt_long(argc, argv, "+d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	nargs = argc - optind - 1;
	if (!((!strcmp(cmd, "time") && nargs == 0) ||
	      (!strcmp(cmd, "set") && nargs == 1) ||
	      (!strcmp(cmd, "alarm") && nargs <= 1) ||
	      (!strcmp(cmd, "uie") && nargs == 1))) {
		fprintf(stderr, "rtcctl: bad command line\n");
		usage(stderr);
		return EXIT_USAGE;
	}

	fd = open(dev, O_RDONLY);
	if (fd < 0)
		return fail("open");
	if (!strcmp(cmd, "time"))
		rc = cmd_time(fd);
	else if (!strcmp(cmd, "set"))
		rc = cmd_set(fd, argv[optind + 1]);
	else if (!strcmp(cmd, "alarm"))
		rc = nargs ? cmd_alarm(fd, argv[optind + 1]) : cmd_alarm_show(fd);
	else
		rc = cmd_uie(fd, argv[optind + 1]);
	close(fd);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_perm - privileges on /dev/rtctest (or argv[1]): a process that opened
 * the device as root and then became nobody (uid/gid 65534, so no
 * capabilities) can read the clock and use interrupts at up to 64 Hz, but
 * cannot set the time (CAP_SYS_TIME) nor ask for periodic interrupts above
 * 64 Hz (CAP_SYS_RESOURCE), as with the kernel's rtc-dev. Prints TAP.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/rtc.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "rtcutil.h"
#include "tap.h"

#define NOBODY 65534

static const char *dev = "/dev/rtctest";

static int denied(int rc)
{
	return rc == -1 && (errno == EACCES || errno == EPERM);
}

/* In the child, after dropping root: everything it may and may not do. */
static int unprivileged(int fd)
{
	struct rtc_wkalrm alm = { 0 };
	struct rtc_time tm;
	long long before, after;
	unsigned long f = 0;
	int rc;

	tap_check(geteuid() == NOBODY && getegid() == NOBODY,
		  "child runs as uid/gid %d", NOBODY);
	tap_check(ioctl(fd, RTC_RD_TIME, &tm) == 0, "nobody: RTC_RD_TIME works");
	before = rtc_now(fd);
	rtc_from_secs(before + 86400 * 365, &tm);
	rc = ioctl(fd, RTC_SET_TIME, &tm);
	tap_check(denied(rc), "nobody: RTC_SET_TIME denied (rc %d, %s)", rc,
		  rc ? strerror(errno) : "-");
	after = rtc_now(fd);
	tap_check(after >= before && after - before <= 2,
		  "nobody: the clock was not moved (%lld s later)", after - before);

	/* The parent left the rate at 128 Hz. */
	rc = ioctl(fd, RTC_PIE_ON, 0);
	tap_check(denied(rc), "nobody: RTC_PIE_ON at 128 Hz denied (rc %d, %s)",
		  rc, rc ? strerror(errno) : "-");
	if (!rc)
		ioctl(fd, RTC_PIE_OFF, 0);
	rc = ioctl(fd, RTC_IRQP_SET, 128);
	tap_check(denied(rc), "nobody: RTC_IRQP_SET 128 denied");
	rc = ioctl(fd, RTC_IRQP_SET, 8192);
	tap_check(denied(rc), "nobody: RTC_IRQP_SET 8192 denied");
	rc = ioctl(fd, RTC_IRQP_READ, &f);
	tap_check(rc == 0 && f == 128,
		  "nobody: the rate stayed 128 Hz (%lu)", f);
	tap_check(ioctl(fd, RTC_IRQP_SET, 64) == 0, "nobody: RTC_IRQP_SET 64 allowed");
	tap_check(ioctl(fd, RTC_PIE_ON, 0) == 0, "nobody: RTC_PIE_ON at 64 Hz allowed");
	tap_check(ioctl(fd, RTC_PIE_OFF, 0) == 0, "nobody: RTC_PIE_OFF");
	tap_check(ioctl(fd, RTC_UIE_ON, 0) == 0 && ioctl(fd, RTC_UIE_OFF, 0) == 0,
		  "nobody: RTC_UIE_ON/OFF allowed");
	rtc_from_secs(before + 86400 * 3, &alm.time);
	tap_check(ioctl(fd, RTC_WKALM_SET, &alm) == 0, "nobody: RTC_WKALM_SET allowed");
	rc = open(dev, O_RDONLY);
	tap_check(rc == -1 && errno == EACCES,
		  "nobody: opening %s (mode 0600) is refused", dev);
	return tap_exit();
}

int main(int argc, char **argv)
{
	unsigned long orig = 0;
	int fd, status;
	pid_t pid;

	if (argc > 1)
		dev = argv[1];
	fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (!tap_check(fd >= 0, "open %s as root", dev))
		return tap_exit();
	ioctl(fd, RTC_IRQP_READ, &orig);
	tap_check(ioctl(fd, RTC_IRQP_SET, 128) == 0, "root: RTC_IRQP_SET 128 allowed");

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setgid(NOBODY) || setuid(NOBODY)) {
			tap_fail("setgid/setuid(%d): %s", NOBODY, strerror(errno));
			_exit(1);
		}
		_exit(unprivileged(fd));
	}
	if (!tap_check(pid > 0 && waitpid(pid, &status, 0) == pid,
		       "unprivileged child ran"))
		return tap_exit();
	tap_check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "unprivileged child: no failures");

	tap_check(ioctl(fd, RTC_IRQP_SET, 8192) == 0, "root: RTC_IRQP_SET 8192 allowed");
	tap_check(ioctl(fd, RTC_IRQP_SET, orig) == 0, "root: rate restored to %lu Hz", orig);
	close(fd);
	return tap_exit();
}

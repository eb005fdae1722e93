// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_pending - an event a file was told of survives a restart of the
 * driver that took it (shadow/keep.h). The alarm goes off and select()
 * says the file is readable; then the driver fails before the file reads
 * the event: a crash point in the next call, RTC_AIE_OFF (the kernel's rtc
 * selftest makes that call there), or in the read itself. The read must
 * still return the alarm event, at once: the file is O_NONBLOCK, so an
 * event lost with the instance is EAGAIN. Prints TAP.
 *
 *   rtc_pending DEV CRASHPOINT MODULE
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/rtc.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include "rtcutil.h"
#include "tap.h"

static const char *crashpoint, *module;

static int arm(const char *spec)
{
	char line[128];
	int fd, n, ok;

	fd = open(crashpoint, O_WRONLY);
	if (fd < 0)
		return 0;
	n = snprintf(line, sizeof(line), "%s\n", spec);
	ok = write(fd, line, n) == n;
	close(fd);
	return ok;
}

/* One alarm, told by select(), then a fault in @site before the read. */
static void pending_across_fault(const char *dev, const char *site)
{
	struct timeval tv = { .tv_sec = 5 };
	struct rtc_wkalrm alm = { .enabled = 1 };
	unsigned long data = 0;
	char spec[96];
	fd_set rfds;
	long long now;
	ssize_t n;
	int fd, rc;

	fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (!tap_check(fd >= 0, "%s: open %s", site, dev))
		return;
	now = rtc_now(fd);
	rtc_from_secs(now + 2, &alm.time);
	tap_check(ioctl(fd, RTC_WKALM_SET, &alm) == 0,
		  "%s: alarm set 2 s ahead", site);
	FD_ZERO(&rfds);
	FD_SET(fd, &rfds);
	rc = select(fd + 1, &rfds, NULL, NULL, &tv);
	tap_check(rc == 1, "%s: select() says the alarm came (%d)", site, rc);

	snprintf(spec, sizeof(spec), "%s %s oops", module, site);
	tap_check(arm(spec), "%s: crash point armed (%s)", site, spec);
	if (!strcmp(site, "rtct_ioctl"))
		tap_check(ioctl(fd, RTC_AIE_OFF, 0) == 0,
			  "%s: RTC_AIE_OFF across the fault", site);
	n = read(fd, &data, sizeof(data));
	if (n < 0)
		tap_diag("%s: read: %s", site, strerror(errno));
	tap_check(n == sizeof(data) && (data & RTC_AF) && (data >> 8) >= 1,
		  "%s: the event told before the fault is read after it (data %#lx)",
		  site, n == sizeof(data) ? data : 0UL);
	arm("clear");
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: rtc_pending DEV CRASHPOINT MODULE\n");
		return 2;
	}
	crashpoint = argv[2];
	module = argv[3];
	pending_across_fault(argv[1], "rtct_ioctl");
	pending_across_fault(argv[1], "rtct_read");
	return tap_failed ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * devcall - make one call into a char driver and report how it ended, for
 * fault tests: "ok" or "errno=NAME", on stdout; exit 0 either way (a caller
 * killed by an oops shows as a signal in the shell's status instead).
 *
 *   devcall DEV open|read|ioctl|uie|poll
 *     open   open and close
 *     read   read() of one event (O_NONBLOCK: EAGAIN counts as served)
 *     ioctl  RTC_RD_TIME
 *     uie    RTC_UIE_ON, then a blocking read(): waits for the IRQ handler
 *     poll   RTC_UIE_ON, then poll() with a 3 s limit
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/rtc.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int report(int rc)
{
	if (rc < 0)
		printf("errno=%s\n", strerrorname_np(errno));
	else
		printf("ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long data;
	struct rtc_time tm;
	struct pollfd pfd;
	const char *op;
	int fd, rc;

	if (argc != 3) {
		fprintf(stderr, "usage: devcall DEV open|read|ioctl|uie|poll\n");
		return 2;
	}
	op = argv[2];
	fd = open(argv[1], O_RDONLY | (!strcmp(op, "read") ? O_NONBLOCK : 0));
	if (fd < 0 || !strcmp(op, "open"))
		return report(fd);
	if (!strcmp(op, "read")) {
		rc = read(fd, &data, sizeof(data));
		if (rc < 0 && errno == EAGAIN)
			rc = 0;
	} else if (!strcmp(op, "ioctl")) {
		rc = ioctl(fd, RTC_RD_TIME, &tm);
	} else if (!strcmp(op, "uie")) {
		rc = ioctl(fd, RTC_UIE_ON, 0);
		if (rc == 0)
			rc = read(fd, &data, sizeof(data));
	} else if (!strcmp(op, "poll")) {
		rc = ioctl(fd, RTC_UIE_ON, 0);
		pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
		if (rc == 0)
			rc = poll(&pfd, 1, 3000);
		if (rc > 0 && (pfd.revents & POLLERR)) {
			errno = EIO;
			rc = -1;
		}
	} else {
		fprintf(stderr, "devcall: unknown operation '%s'\n", op);
		return 2;
	}
	report(rc);
	close(fd);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ioctlbench DEV SECONDS - how many RTC_RD_TIME ioctls per second a char
 * driver serves; prints "calls_per_s=N" (for `make bench`).
 */
#include <fcntl.h>
#include <linux/rtc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs, t0, t;
	struct rtc_time tm;
	unsigned long n = 0;
	int fd;

	if (argc != 3 || (secs = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: ioctlbench DEV SECONDS\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	t0 = now();
	do {
		for (int i = 0; i < 64; i++, n++) {
			if (ioctl(fd, RTC_RD_TIME, &tm) < 0) {
				perror("RTC_RD_TIME");
				return 1;
			}
		}
		t = now();
	} while (t - t0 < secs);
	printf("calls_per_s=%.0f\n", n / (t - t0));
	return 0;
}

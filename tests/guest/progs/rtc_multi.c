// SPDX-License-Identifier: GPL-2.0
/*
 * rtc_multi - several openers of /dev/rtctest (or argv[1]) at once: three
 * processes and two threads, each with its own open file, next to the
 * controlling file. Every file receives every update event: while nobody
 * reads, the counts pile up identically in each; blocked readers all wake
 * for each tick. Enables are per device: they stay on while any file is
 * open and go off with the last close. Prints TAP.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/rtc.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "rtcutil.h"
#include "tap.h"

#define NPROC	3
#define NTHR	2
#define NREAD	(NPROC + NTHR)
#define NBLOCK	3		/* blocking reads per reader */

struct reader {
	int id;
	int go[2];		/* parent -> reader: one byte per phase */
};

struct result {
	int id;
	int opened;
	unsigned long accum;	/* event word after phase 1 */
	int nblock;		/* blocking reads that returned an event */
	double block_secs;	/* how long they took */
	unsigned long words[NBLOCK];
	long long secs[NBLOCK];	/* the clock after each */
};

static const char *dev = "/dev/rtctest";
static struct reader readers[NREAD];
static int ready_pipe[2], result_pipe[2];

/* One byte from @fd within @ms; 0 on timeout or error. */
static int get_byte(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	return poll(&p, 1, ms) == 1 && read(fd, &c, 1) == 1;
}

static int put_byte(int fd)
{
	return write(fd, "x", 1) == 1;
}

static void reader_run(struct reader *r)
{
	struct result res = { .id = r->id };
	struct pollfd p;
	double t0;
	int fd, i;

	fd = open(dev, O_RDONLY);
	res.opened = fd >= 0;
	put_byte(ready_pipe[1]);

	/* Phase 1: the parent ran UIE for 3.5 s and turned it off. */
	if (get_byte(r->go[0], 20000) && fd >= 0) {
		fcntl(fd, F_SETFL, O_NONBLOCK);
		if (read(fd, &res.accum, sizeof(res.accum)) != sizeof(res.accum))
			res.accum = 0;
		fcntl(fd, F_SETFL, 0);
	}
	put_byte(ready_pipe[1]);

	/* Phase 2: UIE on; block for NBLOCK events. */
	if (get_byte(r->go[0], 20000) && fd >= 0) {
		t0 = mono();
		for (i = 0; i < NBLOCK; i++) {
			p = (struct pollfd){ .fd = fd, .events = POLLIN };
			if (poll(&p, 1, 3000) != 1 ||
			    read(fd, &res.words[i], sizeof(res.words[i])) !=
			    sizeof(res.words[i]))
				break;
			res.secs[i] = rtc_now(fd);
		}
		res.nblock = i;
		res.block_secs = mono() - t0;
	}
	if (fd >= 0)
		close(fd);
	if (write(result_pipe[1], &res, sizeof(res)) != sizeof(res))
		_exit(1);
}

static void *reader_thread(void *arg)
{
	reader_run(arg);
	return NULL;
}

static int wait_ready(int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!get_byte(ready_pipe[0], 10000))
			return 0;
	return 1;
}

static void release_all(void)
{
	int i;

	for (i = 0; i < NREAD; i++)
		put_byte(readers[i].go[1]);
}

static void check_results(struct result *res, int n, unsigned long ctl_accum)
{
	int i, j, opened = 1, same = 1, blocked = 1, ticks = 1;
	double worst = 0;

	for (i = 0; i < n; i++) {
		opened &= res[i].opened;
		if (res[i].accum != ctl_accum)
			same = 0;
		if (res[i].nblock != NBLOCK || res[i].block_secs > 4.5)
			blocked = 0;
		if (res[i].block_secs > worst)
			worst = res[i].block_secs;
		for (j = 0; j < res[i].nblock; j++) {
			if (!(res[i].words[j] & RTC_UF))
				blocked = 0;
			if (j && res[i].secs[j] <= res[i].secs[j - 1])
				ticks = 0;
		}
		tap_diag("reader %d: accumulated 0x%lx; %d blocking reads in %.3f s: 0x%lx 0x%lx 0x%lx",
			 res[i].id, res[i].accum, res[i].nblock, res[i].block_secs,
			 res[i].words[0], res[i].words[1], res[i].words[2]);
	}
	tap_check(n == NREAD, "%d of %d readers (%d processes, %d threads) reported",
		  n, NREAD, NPROC, NTHR);
	tap_check(opened, "every reader opened its own file while others were open");
	tap_check((ctl_accum & 0xff) == (RTC_IRQF | RTC_UF) && ctl_accum >> 8 >= 3 &&
		  ctl_accum >> 8 <= 4,
		  "3.5 s of UIE unread: 3..4 update events (0x%lx)", ctl_accum);
	tap_check(same, "every open file accumulated exactly the same events");
	tap_check(blocked, "every reader woke for %d update events in <= 4.5 s (slowest %.3f s)",
		  NBLOCK, worst);
	tap_check(ticks, "each reader's wake-ups came on successive clock ticks");
}

int main(int argc, char **argv)
{
	struct result res[NREAD];
	pthread_t thr[NTHR];
	struct pollfd p;
	unsigned long ctl_accum = 0, d;
	int ctl, fd, i, n = 0, status, children_ok = 1;
	pid_t pid[NPROC];

	if (argc > 1)
		dev = argv[1];
	if (pipe(ready_pipe) || pipe(result_pipe))
		return 1;
	ctl = open(dev, O_RDONLY | O_NONBLOCK);
	if (!tap_check(ctl >= 0, "controlling open of %s", dev))
		return tap_exit();
	for (i = 0; i < NREAD; i++) {
		readers[i].id = i;
		if (pipe(readers[i].go))
			return 1;
	}
	fflush(stdout);
	for (i = 0; i < NPROC; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			reader_run(&readers[i]);
			_exit(0);
		}
	}
	for (i = 0; i < NTHR; i++)
		pthread_create(&thr[i], NULL, reader_thread, &readers[NPROC + i]);

	tap_check(wait_ready(NREAD), "all readers opened %s", dev);
	ioctl(ctl, RTC_UIE_ON, 0);
	usleep(3500000);
	ioctl(ctl, RTC_UIE_OFF, 0);
	if (read(ctl, &ctl_accum, sizeof(ctl_accum)) != sizeof(ctl_accum))
		ctl_accum = 0;
	release_all();
	wait_ready(NREAD);

	ioctl(ctl, RTC_UIE_ON, 0);
	release_all();
	for (i = 0; i < NREAD; i++) {
		p = (struct pollfd){ .fd = result_pipe[0], .events = POLLIN };
		if (poll(&p, 1, 15000) != 1 ||
		    read(result_pipe[0], &res[n], sizeof(res[n])) != sizeof(res[n]))
			break;
		n++;
	}
	check_results(res, n, ctl_accum);

	/* The readers closed; UIE must still be on for the controlling file. */
	while (read(ctl, &d, sizeof(d)) > 0)
		;
	p = (struct pollfd){ .fd = ctl, .events = POLLIN };
	tap_check(poll(&p, 1, 2500) == 1,
		  "closing the other files left UIE on for the one still open");

	for (i = 0; i < NTHR; i++)
		pthread_join(thr[i], NULL);
	for (i = 0; i < NPROC; i++)
		if (waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			children_ok = 0;
	tap_check(children_ok, "reader processes exited cleanly");

	/* Last close with UIE on: the device must turn it off. */
	close(ctl);
	fd = open(dev, O_RDONLY | O_NONBLOCK);
	usleep(1500000);
	i = read(fd, &d, sizeof(d));
	tap_check(fd >= 0 && i == -1 && errno == EAGAIN,
		  "the last close turned UIE off: a new file gets no event in 1.5 s");
	close(fd);
	return tap_exit();
}

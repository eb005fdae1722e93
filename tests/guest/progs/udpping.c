// SPDX-License-Identifier: GPL-2.0
/*
 * udpping - UDP request/response through a NIC under faults: send a
 * request to ADDR:PORT every INTERVAL_MS (httpserve.py echoes datagrams
 * that start with "PING") and log every gap of at least GAP_MS between two
 * replies, until SIGTERM or SECONDS have passed.
 *
 *   udpping ADDR PORT SECONDS INTERVAL_MS GAPLOG [GAP_MS]
 *
 * GAPLOG gets one line per gap, "START END" in centiseconds of
 * CLOCK_BOOTTIME (as netrecv's; a gap still open at the end ends then),
 * and a last line "replies N sent N longest_ms N last_cs N" (last_cs: when
 * the last reply came). Exit status: 0, 1 when no reply came at all, 2 for
 * bad usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	long long t_end, next, last = -1, longest = 0, gap_ms = 100;
	unsigned long sent = 0, replies = 0;
	long interval;
	char buf[64];
	FILE *log;
	int fd, port;

	if (argc < 6 || argc > 7 || (port = atoi(argv[2])) <= 0 ||
	    port > 65535 || inet_pton(AF_INET, argv[1], &to.sin_addr) != 1 ||
	    atoi(argv[3]) <= 0 || (interval = atol(argv[4])) <= 0 ||
	    (argc == 7 && (gap_ms = atoll(argv[6])) <= 0)) {
		fprintf(stderr,
			"usage: udpping ADDR PORT SECONDS INTERVAL_MS GAPLOG [GAP_MS]\n");
		return 2;
	}
	to.sin_port = htons(port);
	log = fopen(argv[5], "w");
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (!log || fd < 0 ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("udpping");
		return 2;
	}
	signal(SIGTERM, on_term);
	t_end = now_ms() + atoi(argv[3]) * 1000LL;
	next = now_ms();
	while (!stop && now_ms() < t_end) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long t = now_ms();

		if (t >= next) {
			int n = snprintf(buf, sizeof(buf), "PING %lu", sent);

			/* ENOBUFS and the like while the NIC is away: a loss. */
			send(fd, buf, n, MSG_DONTWAIT);
			sent++;
			next += interval;
			continue;
		}
		if (poll(&pfd, 1, next - t) <= 0)
			continue;
		if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 4 ||
		    memcmp(buf, "PING", 4))
			continue;
		t = now_ms();
		if (last >= 0 && t - last >= gap_ms)
			fprintf(log, "%lld %lld\n", last / 10, t / 10);
		if (last >= 0 && t - last > longest)
			longest = t - last;
		last = t;
		replies++;
	}
	t_end = now_ms();
	if (last >= 0 && t_end - last >= gap_ms)
		fprintf(log, "%lld %lld\n", last / 10, t_end / 10);
	if (last >= 0 && t_end - last > longest)
		longest = t_end - last;
	fprintf(log, "replies %lu sent %lu longest_ms %lld last_cs %lld\n",
		replies, sent, longest, last / 10);
	fclose(log);
	printf("replies=%lu sent=%lu longest_ms=%lld last_cs=%lld\n", replies,
	       sent, longest, last / 10);
	return replies ? 0 : 1;
}

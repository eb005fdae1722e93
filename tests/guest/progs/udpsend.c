// SPDX-License-Identifier: GPL-2.0
/*
 * udpsend ADDR PORT SECONDS [BYTES] - send BYTES-byte UDP datagrams
 * (default 64) to ADDR:PORT for SECONDS, as fast as the socket takes them
 * (blocking: a full send buffer waits for the NIC's transmit completions),
 * and print "packets=N seconds=S pps=P" (for `make bench`).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned long n = 0, errs = 0;
	char buf[1472] = { 0 };
	double secs, t0, t;
	size_t len = 64;
	int fd, port;

	if (argc < 4 || argc > 5 || (secs = atof(argv[3])) <= 0 ||
	    (port = atoi(argv[2])) <= 0 || port > 65535 ||
	    inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
		fprintf(stderr, "usage: udpsend ADDR PORT SECONDS [BYTES]\n");
		return 2;
	}
	if (argc == 5)
		len = strtoul(argv[4], NULL, 0);
	if (len < 1 || len > sizeof(buf)) {
		fprintf(stderr, "udpsend: BYTES must be 1..%zu\n", sizeof(buf));
		return 2;
	}
	to.sin_port = htons(port);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udpsend: socket");
		return 1;
	}
	t0 = now();
	do {
		for (int i = 0; i < 64; i++) {
			memcpy(buf, &n, sizeof(n));
			if (sendto(fd, buf, len, 0, (struct sockaddr *)&to,
				   sizeof(to)) == (ssize_t)len)
				n++;
			else if (errno != ENOBUFS && errno != EAGAIN &&
				 ++errs > 1000) {
				perror("udpsend: sendto");
				return 1;
			}
		}
		t = now() - t0;
	} while (t < secs);
	printf("packets=%lu seconds=%.2f pps=%.0f\n", n, t, n / t);
	return 0;
}

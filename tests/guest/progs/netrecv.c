// SPDX-License-Identifier: GPL-2.0
/*
 * netrecv - fetch http://HOST:PORT/PATH over one TCP connection, copy the
 * body to stdout and log every stall of the stream: a gap of at least
 * GAP_MS between two reads. For network driver tests that inject faults
 * under a transfer and want the outage the application saw.
 *
 *   netrecv HOST PORT PATH GAPLOG [GAP_MS]
 *
 * GAPLOG gets one line per stall, "START END" in centiseconds of
 * CLOCK_BOOTTIME (the clock of /proc/uptime, which shell scripts read),
 * and a last line "bytes N". Exit status: 0 when the server closed the
 * connection after the whole body, 3 when the connection was reset or
 * failed, 2 for bad usage or a bad reply.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_cs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 100LL + ts.tv_nsec / 10000000;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Connect to @sa and send the request for PATH from HOST (@buf is
 * scratch). Returns the socket, or -(exit status).
 */
static int http_get(const struct sockaddr_in *sa, const char *host,
		    const char *path, char *buf, size_t len)
{
	int fd, n;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0) {
		perror("netrecv: connect");
		return -3;
	}
	n = snprintf(buf, len, "GET /%s HTTP/1.0\r\nHost: %s\r\n\r\n", path,
		     host);
	if (write_all(fd, buf, (size_t)n)) {
		perror("netrecv: request");
		return -3;
	}
	return fd;
}

/*
 * The reply's header, read so far into @buf (@have bytes, one byte spare
 * for a NUL). Returns the offset of the body once the header is whole
 * (and sets *want from its Content-Length), 0 while it is not, or
 * -(exit status) for a bad reply.
 */
static ssize_t reply_header(char *buf, size_t have, size_t size,
			    long long *want)
{
	char *end, *cl;

	buf[have < size ? have : size - 1] = 0;
	end = strstr(buf, "\r\n\r\n");
	if (!end) {
		if (have == size) {
			fprintf(stderr, "netrecv: header too long\n");
			return -2;
		}
		return 0;
	}
	if (strncmp(buf, "HTTP/1.", 7) || strncmp(buf + 9, "200", 3)) {
		fprintf(stderr, "netrecv: reply %.12s\n", buf);
		return -2;
	}
	cl = strcasestr(buf, "Content-Length:");
	if (cl && cl < end)
		*want = atoll(cl + 15);
	return end + 4 - buf;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	long long last, t, gap_ms = 300, bytes = 0, want = -1;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, hdr = 1, rc = 0;
	size_t have = 0;
	ssize_t n, body;
	FILE *log;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: netrecv HOST PORT PATH GAPLOG [GAP_MS]\n");
		return 2;
	}
	if (argc == 6)
		gap_ms = atoll(argv[5]);
	sa.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) {
		fprintf(stderr, "netrecv: bad address %s\n", argv[1]);
		return 2;
	}
	log = fopen(argv[4], "w");
	if (!log) {
		perror("netrecv: gap log");
		return 2;
	}
	fd = http_get(&sa, argv[1], argv[3], buf, sizeof(buf));
	if (fd < 0)
		return -fd;
	last = now_ms();
	for (;;) {
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n < 0 && errno == EINTR)
			continue;
		t = now_ms();
		if (t - last >= gap_ms)
			fprintf(log, "%lld %lld\n", now_cs() - (t - last) / 10,
				now_cs());
		last = t;
		if (n < 0) {
			fprintf(stderr, "netrecv: read: %s\n", strerror(errno));
			rc = 3;
			break;
		}
		if (n == 0)
			break;
		if (hdr) {
			have += (size_t)n;
			body = reply_header(buf, have, sizeof(buf), &want);
			if (body < 0)
				return (int)-body;
			if (!body)
				continue;
			hdr = 0;
			n = (ssize_t)have - body;
			if (write_all(1, buf + body, (size_t)n))
				return 2;
			bytes += n;
			have = 0;
			continue;
		}
		if (write_all(1, buf, (size_t)n))
			return 2;
		bytes += n;
	}
	fprintf(log, "bytes %lld\n", bytes);
	fclose(log);
	if (!rc && want >= 0 && bytes != want) {
		fprintf(stderr, "netrecv: %lld of %lld bytes\n", bytes, want);
		rc = 3;
	}
	return rc;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ethq - one SIOCETHTOOL query, for network driver tests (busybox has no
 * ethtool). Prints the answer, or "errno=NAME", on stdout; exits 0 either
 * way (a caller killed by an oops shows as a signal in the shell's status).
 *
 *   ethq IFACE drvinfo   driver=... version=... bus=... n_stats=N
 *   ethq IFACE link      link=0|1
 *   ethq IFACE stats     n_stats=N sum=S (of all counters)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int fd;
static struct ifreq ifr;

static int ethtool(void *cmd)
{
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

static int report_errno(void)
{
	printf("errno=%s\n", strerrorname_np(errno));
	return 0;
}

static int stats(void)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_stats *st;
	uint64_t sum = 0;
	uint32_t i;

	if (ethtool(&info))
		return report_errno();
	st = calloc(1, sizeof(*st) + info.n_stats * sizeof(uint64_t));
	if (!st)
		return 1;
	st->cmd = ETHTOOL_GSTATS;
	st->n_stats = info.n_stats;
	if (ethtool(st))
		return report_errno();
	for (i = 0; i < st->n_stats; i++)
		sum += st->data[i];
	printf("n_stats=%u sum=%llu\n", st->n_stats, (unsigned long long)sum);
	free(st);
	return 0;
}

int main(int argc, char **argv)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_value link = { .cmd = ETHTOOL_GLINK };

	if (argc != 3) {
		fprintf(stderr, "usage: ethq IFACE drvinfo|link|stats\n");
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return report_errno();
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (!strcmp(argv[2], "drvinfo")) {
		if (ethtool(&info))
			return report_errno();
		printf("driver=%s version=%s bus=%s n_stats=%u\n", info.driver,
		       info.version, info.bus_info, info.n_stats);
	} else if (!strcmp(argv[2], "link")) {
		if (ethtool(&link))
			return report_errno();
		printf("link=%u\n", link.data);
	} else if (!strcmp(argv[2], "stats")) {
		return stats();
	} else {
		fprintf(stderr, "ethq: unknown query '%s'\n", argv[2]);
		return 2;
	}
	return 0;
}

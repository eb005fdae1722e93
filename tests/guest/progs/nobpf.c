// SPDX-License-Identifier: GPL-2.0
/*
 * nobpf - run a command as root, but without the capabilities bpf() wants
 * (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN): with Debian's
 * kernel.unprivileged_bpf_disabled the kernel then refuses to load any BPF
 * program, while files root owns (sysfs, debugfs) stay writable. For the
 * tests of what drvsup does without BPF.
 *
 *   nobpf CMD [ARGS...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static const int drop[] = { CAP_SYS_ADMIN, CAP_PERFMON, CAP_BPF };

int main(int argc, char **argv)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: nobpf CMD [ARGS...]\n");
		return 2;
	}
	if (syscall(SYS_capget, &h, d)) {
		perror("nobpf: capget");
		return 1;
	}
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++) {
		unsigned int w = drop[i] / 32, bit = 1u << (drop[i] % 32);

		/* the bounding set: root's exec does not give them back */
		if (prctl(PR_CAPBSET_DROP, drop[i], 0, 0, 0)) {
			perror("nobpf: PR_CAPBSET_DROP");
			return 1;
		}
		d[w].effective &= ~bit;
		d[w].permitted &= ~bit;
		d[w].inheritable &= ~bit;
	}
	if (syscall(SYS_capset, &h, d)) {
		perror("nobpf: capset");
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "nobpf: %s: %s\n", argv[1], strerror(errno));
	return 127;
}

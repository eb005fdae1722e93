/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drvsup.h - shared declarations of the drvsup command: exit codes, the
 * command table entry, output helpers.
 */
#ifndef DRVSUP_TOOL_H
#define DRVSUP_TOOL_H

#include <stdbool.h>

/* Exit codes: distinct per failure class so scripts can tell them apart. */
enum drvsup_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the operation failed */
	EXIT_USAGE = 2,		/* bad command line */
};

struct drvsup_opts {
	bool json;		/* --json: machine-readable output */
};

struct drvsup_cmd {
	const char *name;
	const char *args;	/* synopsis of the arguments, for --help */
	const char *summary;	/* one line, for --help */
	int (*run)(const struct drvsup_opts *o, int argc, char **argv);
};

__attribute__((format(printf, 1, 2)))
void drvsup_err(const char *fmt, ...);

#endif /* DRVSUP_TOOL_H */

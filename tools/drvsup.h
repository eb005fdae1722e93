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
	/* The input module (check, rewrite, load). */
	EXIT_NOINPUT = 3,	/* the file cannot be opened or read */
	EXIT_NOTELF = 4,	/* not an ELF file (empty, text, compressed) */
	EXIT_BADELF = 5,	/* an ELF file, but truncated or malformed */
	EXIT_WRONGELF = 6,	/* not an ELF64 x86-64 relocatable object */
	EXIT_NOTMODULE = 7,	/* no .modinfo, this_module or symbol table */
	EXIT_VERMAGIC = 8,	/* built for another kernel (or no vermagic) */
	/* Whether it can be loaded under supervision. */
	EXIT_UNKNOWN = 9,	/* imports neither wrapped nor direct */
	EXIT_LOCKDOWN = 10,	/* the kernel refuses unsigned modules */
	EXIT_DATA = 11,		/* Module.symvers, imports.tbl or System.map unusable */
	EXIT_REWRITE = 12,	/* the ELF cannot be rewritten (__versions...) */
	/* Loading and unloading. */
	EXIT_PERM = 13,		/* missing capability */
	EXIT_LOADED = 14,	/* a module of that name is already loaded */
	EXIT_NOCORE = 15,	/* drvsup's core module is not loaded */
	EXIT_KERNEL = 16,	/* the kernel refused (finit/delete_module errno) */
	EXIT_NOTLOADED = 17,	/* unload: no module of that name */
	EXIT_BUSY = 18,		/* unload: in use, or not live */
	/* Measuring recoveries (latency). */
	EXIT_UNSUPPORTED = 19,	/* not for this kind of driver (yet) */
	EXIT_NOTRECOVERED = 20,	/* a fault was not recovered in time */
	EXIT_WORKLOAD = 21,	/* the workload saw errors across the faults */
	/* Tracing (trace). */
	EXIT_NOBPF = 22,	/* the kernel lacks or refused BPF */
};

/* One line per exit code, for --help and the docs. */
extern const char *const drvsup_exit_text[];
#define DRVSUP_EXIT_MAX EXIT_NOBPF

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

/* The verbs (check.c, load.c, status.c, latency.c). */
int cmd_check(const struct drvsup_opts *o, int argc, char **argv);
int cmd_rewrite(const struct drvsup_opts *o, int argc, char **argv);
int cmd_load(const struct drvsup_opts *o, int argc, char **argv);
int cmd_unload(const struct drvsup_opts *o, int argc, char **argv);
int cmd_status(const struct drvsup_opts *o, int argc, char **argv);
int cmd_latency(const struct drvsup_opts *o, int argc, char **argv);
int cmd_inject(const struct drvsup_opts *o, int argc, char **argv);
int cmd_campaign(const struct drvsup_opts *o, int argc, char **argv);
int cmd_trial(const struct drvsup_opts *o, int argc, char **argv);
int cmd_report(const struct drvsup_opts *o, int argc, char **argv);
int cmd_trace(const struct drvsup_opts *o, int argc, char **argv);

#endif /* DRVSUP_TOOL_H */

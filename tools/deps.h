/* SPDX-License-Identifier: GPL-2.0 */
/*
 * deps.h - loading a supervised module's library modules first (deps.c).
 */
#ifndef DRVSUP_DEPS_H
#define DRVSUP_DEPS_H

#include <stdbool.h>

#include "elf.h"

struct deps_opts {
	const char *driver;	/* for messages */
	bool dry_run;		/* say what would be loaded */
	bool quiet;		/* --json: no progress text */
	const char *role;	/* what a loaded module is, for messages */
	/*
	 * A library that runs in its driver's domain (the import table's
	 * 'library NAME domain'): loaded by supervise() instead of plainly.
	 */
	bool (*in_domain)(const char *name, const void *arg);
	int (*supervise)(const char *path, const void *arg);
	const void *arg;
};

/*
 * Where module @name is for a driver at @beside: beside it, else through
 * the modules.dep of the tree it is in, else the running kernel's.
 */
bool deps_find(const char *name, const char *beside, char *out, size_t n);

/* Does drvsup supervise module @name (its domain in /sys/kernel/drvsup)? */
bool deps_supervised(const char *name);

/* Load @m's "depends=" modules the kernel lacks; an EXIT_* code. */
int deps_load(const struct kmod *m, const struct deps_opts *o);

/*
 * Load module @name (and what it depends on) unless the kernel has it:
 * found beside @beside, else as deps_find() does. An EXIT_* code.
 */
int deps_load_module(const char *name, const char *beside,
		     const struct deps_opts *o);

#endif /* DRVSUP_DEPS_H */

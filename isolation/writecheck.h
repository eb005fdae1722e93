/* SPDX-License-Identifier: GPL-2.0 */
/*
 * writecheck.h - the write check of drivers built with drvsup's store
 * instrumentation (writecheck.c).
 */
#ifndef DRVSUP_WRITECHECK_H
#define DRVSUP_WRITECHECK_H

#include <linux/types.h>

struct drvsup_domain;

bool drvsup_write_ok(unsigned long a, size_t len, unsigned long site,
		     bool instrumented);
void drvsup_write_hole(struct drvsup_domain *d, const void *p, size_t len,
		       const char *what);
void drvsup_write_unhole(struct drvsup_domain *d, const void *p);

#endif /* DRVSUP_WRITECHECK_H */

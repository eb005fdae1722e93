/* SPDX-License-Identifier: GPL-2.0 */
/*
 * writecheck.h - the write check of drivers built with drvsup's store
 * instrumentation (writecheck.c).
 */
#ifndef DRVSUP_WRITECHECK_H
#define DRVSUP_WRITECHECK_H

#include <linux/types.h>

bool drvsup_write_ok(unsigned long a, size_t len, unsigned long site,
		     bool instrumented);

#endif /* DRVSUP_WRITECHECK_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * quarantine.h - DMA memory of a failed driver, held until its devices
 * have been reset.
 *
 * A failed driver's device still holds the addresses of the rings and
 * buffers it was last given. Bus master is off, but the next probe (of a
 * restarted instance, or of the plain driver after an unload) turns it on
 * before it resets the hardware, and a NIC may then flush queued
 * packets into the old rx ring: freeing that memory at failure corrupts
 * whatever reuses it. So the wrappers hand it to the quarantine instead,
 * which frees it once every device that could address it was reset: a
 * driver bound to it again (its probe reset the hardware), it was removed,
 * or a restart said so (dsw_quarantine_reset()).
 */
#ifndef DRVSUP_QUARANTINE_H
#define DRVSUP_QUARANTINE_H

#include <linux/types.h>

struct device;
struct dentry;

int dsw_quarantine(struct device *const *devs, unsigned int n,
		   void (*release)(void *arg), void *arg, const char *what);
void dsw_quarantine_reset(struct device *dev);

int dsw_quarantine_init(struct dentry *debugfs);
void dsw_quarantine_exit(void);

#endif /* DRVSUP_QUARANTINE_H */

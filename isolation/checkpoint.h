/* SPDX-License-Identifier: GPL-2.0 */
/*
 * checkpoint.h - a driver's state at a quiescent point (checkpoint.c), for
 * a recovery that puts it back there instead of restarting the driver.
 */
#ifndef DRVSUP_CHECKPOINT_H
#define DRVSUP_CHECKPOINT_H

#include <linux/types.h>

struct drvsup_domain;

int drvsup_checkpoint_take(struct drvsup_domain *d);
bool drvsup_checkpoint_usable(struct drvsup_domain *d);
void drvsup_checkpoint_restore(struct drvsup_domain *d);
void drvsup_data_restore(struct drvsup_domain *d, const void *from);
void drvsup_checkpoint_drop(struct drvsup_domain *d, const char *why);
int drvsup_checkpoint_show(struct drvsup_domain *d, char *buf);

#endif /* DRVSUP_CHECKPOINT_H */

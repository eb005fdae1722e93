/* SPDX-License-Identifier: GPL-2.0 */
/*
 * notifier.h - a driver's notifier block on any chain (notifier.c): its
 * function gated, the block tracked and unregistered at a restart. @reg
 * and @unreg put a block on the chain and take it off.
 */
#ifndef DRVSUP_WRAP_NOTIFIER_H
#define DRVSUP_WRAP_NOTIFIER_H

struct notifier_block;

int dsw_notifier_register(struct notifier_block *nb,
			  int (*reg)(struct notifier_block *nb),
			  int (*unreg)(struct notifier_block *nb));
int dsw_notifier_unregister(struct notifier_block *nb,
			    int (*unreg)(struct notifier_block *nb));

#endif /* DRVSUP_WRAP_NOTIFIER_H */

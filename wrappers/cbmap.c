// SPDX-License-Identifier: GPL-2.0
/*
 * cbmap.c - callback records by kernel object (model in cbmap.h).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/hashtable.h>
#include <linux/spinlock.h>

#include "cbmap.h"

static DEFINE_HASHTABLE(cb_map, 8);
static DEFINE_SPINLOCK(cb_lock);	/* writers; readers use RCU */

void dsw_cb_add(struct dsw_cb *cb)
{
	unsigned long flags;

	spin_lock_irqsave(&cb_lock, flags);
	hash_add_rcu(cb_map, &cb->node, (unsigned long)cb->key);
	spin_unlock_irqrestore(&cb_lock, flags);
}

void dsw_cb_del(struct dsw_cb *cb)
{
	unsigned long flags;

	spin_lock_irqsave(&cb_lock, flags);
	hash_del_rcu(&cb->node);
	spin_unlock_irqrestore(&cb_lock, flags);
}

struct dsw_cb *dsw_cb_find(const void *key)
{
	struct dsw_cb *cb;

	hash_for_each_possible_rcu(cb_map, cb, node, (unsigned long)key)
		if (cb->key == key)
			return cb;
	return NULL;
}

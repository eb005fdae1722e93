// SPDX-License-Identifier: GPL-2.0
/*
 * cbmap.c - callback records by kernel object (model in cbmap.h).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "wrap.h"
#include "cbmap.h"

static DEFINE_HASHTABLE(cb_map, 8);
static DEFINE_SPINLOCK(cb_lock);	/* writers; readers use RCU */

/**
 * dsw_cb_new - a new callback record, tracked but not in the map yet
 * @d: the driver's domain
 * @type: the tracker's type of the record (its o->priv is the record)
 * @key: the kernel object that calls back
 * @fn: the driver's function
 * @size: the record's size; its first member is its struct dsw_cb
 * @gfp: allocation flags
 *
 * The caller fills in the rest of the record, then dsw_cb_add()s it.
 * Returns the record, zeroed but for its struct dsw_cb, or NULL without
 * memory.
 */
void *dsw_cb_new(struct drvsup_domain *d, const struct drvsup_obj_type *type,
		 const void *key, void *fn, size_t size, gfp_t gfp)
{
	struct dsw_cb *cb = kzalloc(size, gfp);

	if (!cb)
		return NULL;
	cb->obj = drvsup_track(d, type, key, 0, 0, gfp);
	if (!cb->obj) {
		kfree(cb);
		return NULL;
	}
	cb->key = key;
	cb->d = d;
	cb->fn = fn;
	cb->obj->priv = cb;
	return cb;
}
EXPORT_SYMBOL_NS_GPL(dsw_cb_new, DRVSUP_INTERNAL);

void dsw_cb_add(struct dsw_cb *cb)
{
	unsigned long flags;

	spin_lock_irqsave(&cb_lock, flags);
	hash_add_rcu(cb_map, &cb->node, (unsigned long)cb->key);
	spin_unlock_irqrestore(&cb_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(dsw_cb_add, DRVSUP_INTERNAL);

void dsw_cb_del(struct dsw_cb *cb)
{
	unsigned long flags;

	spin_lock_irqsave(&cb_lock, flags);
	hash_del_rcu(&cb->node);
	spin_unlock_irqrestore(&cb_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(dsw_cb_del, DRVSUP_INTERNAL);

struct dsw_cb *dsw_cb_find(const void *key)
{
	struct dsw_cb *cb;

	hash_for_each_possible_rcu(cb_map, cb, node, (unsigned long)key)
		if (cb->key == key)
			return cb;
	return NULL;
}
EXPORT_SYMBOL_NS_GPL(dsw_cb_find, DRVSUP_INTERNAL);

/**
 * dsw_cb_method - a driver function a record keeps, for a proxy
 * @key: the kernel object the proxy was called for
 * @off: offset in the record of the function pointer (its cb.fn or a
 *	further method the record's type keeps after its struct dsw_cb)
 * @d: set to the record's domain when there is one
 *
 * Return: the driver's function, or NULL (no record: the driver is gone).
 */
void *dsw_cb_method(const void *key, size_t off, struct drvsup_domain **d)
{
	struct dsw_cb *cb;
	void *fn = NULL;

	rcu_read_lock();
	cb = dsw_cb_find(key);
	if (cb) {
		*d = cb->d;
		fn = READ_ONCE(*(void **)((char *)cb + off));
	}
	rcu_read_unlock();
	return fn;
}
EXPORT_SYMBOL_NS_GPL(dsw_cb_method, DRVSUP_INTERNAL);

/**
 * dsw_cb_release_range - release @d's callback records inside memory
 * @d: the domain
 * @start: first byte of the memory
 * @end: one past its last byte
 *
 * For memory about to be freed (a net_device with its NAPI contexts and
 * work items): each record's release stops its kernel object first.
 * Process context.
 */
void dsw_cb_release_range(struct drvsup_domain *d, const void *start,
			  const void *end)
{
	for (;;) {
		const struct drvsup_obj_type *type = NULL;
		const void *key = NULL;
		struct dsw_cb *cb;
		unsigned long flags;
		int bkt;

		spin_lock_irqsave(&cb_lock, flags);
		hash_for_each(cb_map, bkt, cb, node) {
			if (cb->d == d && cb->key >= start && cb->key < end) {
				type = cb->obj->type;
				key = cb->key;
				break;
			}
		}
		spin_unlock_irqrestore(&cb_lock, flags);
		if (!type)
			return;
		/* Released already by someone else (it leaves the map soon). */
		if (!dsw_release(d, type, key))
			return;
	}
}

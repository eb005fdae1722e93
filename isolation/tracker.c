// SPDX-License-Identifier: GPL-2.0
/*
 * tracker.c - the object tracker's mechanism (model in tracker.h).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>

#include "domain.h"
#include "owned.h"
#include "tracker.h"

static struct kmem_cache *obj_cache;

void drvsup_tracker_init(struct drvsup_domain *d)
{
	struct drvsup_tracker *t = &d->tracker;

	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->objs);
	hash_init(t->by_key);
	drvsup_owned_init(d);
}

static size_t extent_of(const struct drvsup_obj *o)
{
	return o->type->extent ? o->type->extent(o) : 0;
}

/**
 * drvsup_track - record that domain @d now holds @key of @type
 * @d: the domain
 * @type: the object's type
 * @key: what the driver holds (address or cookie)
 * @a: type-specific value (size, irq number...)
 * @b: type-specific value
 * @gfp: allocation flags for the record
 *
 * Returns the record, or NULL when no memory was left (the wrapper then
 * undoes the kernel call and fails it: an untracked object could leak).
 */
struct drvsup_obj *drvsup_track(struct drvsup_domain *d,
				const struct drvsup_obj_type *type,
				const void *key, unsigned long a,
				unsigned long b, gfp_t gfp)
{
	struct drvsup_tracker *t = &d->tracker;
	struct drvsup_obj *o;
	unsigned long flags;

	o = kmem_cache_zalloc(obj_cache, gfp);
	if (!o)
		return NULL;
	o->type = type;
	o->key = key;
	o->a = a;
	o->b = b;
	spin_lock_irqsave(&t->lock, flags);
	if (drvsup_extent_add_locked(d, (unsigned long)key, extent_of(o))) {
		spin_unlock_irqrestore(&t->lock, flags);
		kmem_cache_free(obj_cache, o);
		return NULL;
	}
	o->seq = ++t->seq;
	list_add_tail(&o->node, &t->objs);
	hash_add(t->by_key, &o->hnode, (unsigned long)key);
	if (type->kept)
		t->nr_kept++;
	else
		t->nr_driver++;
	spin_unlock_irqrestore(&t->lock, flags);
	return o;
}
EXPORT_SYMBOL_NS_GPL(drvsup_track, DRVSUP_INTERNAL);

static struct drvsup_obj *find_locked(struct drvsup_tracker *t,
				      const struct drvsup_obj_type *type,
				      const void *key)
{
	struct drvsup_obj *o;

	hash_for_each_possible(t->by_key, o, hnode, (unsigned long)key)
		if (o->key == key && (!type || o->type == type))
			return o;
	return NULL;
}

static void unlink_locked(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct drvsup_tracker *t = &d->tracker;

	drvsup_extent_del_locked(d, (unsigned long)o->key, extent_of(o));
	list_del(&o->node);
	hash_del(&o->hnode);
	if (o->type->kept)
		t->nr_kept--;
	else
		t->nr_driver--;
}

/* The record of @key (of @type, or any type if NULL), still tracked. */
struct drvsup_obj *drvsup_find(struct drvsup_domain *d,
			       const struct drvsup_obj_type *type,
			       const void *key)
{
	struct drvsup_obj *o;
	unsigned long flags;

	spin_lock_irqsave(&d->tracker.lock, flags);
	o = find_locked(&d->tracker, type, key);
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	return o;
}
EXPORT_SYMBOL_NS_GPL(drvsup_find, DRVSUP_INTERNAL);

/**
 * drvsup_find_kept - a kept object of @type for a restarted driver
 * @d: the domain, restarting
 * @type: the object's type
 * @b: the object's b field must match, unless 0
 *
 * Returns the oldest such object this restart has not handed back yet,
 * now marked as handed back; NULL if there is none.
 */
struct drvsup_obj *drvsup_find_kept(struct drvsup_domain *d,
				    const struct drvsup_obj_type *type,
				    unsigned long b)
{
	struct drvsup_obj *o, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&d->tracker.lock, flags);
	list_for_each_entry(o, &d->tracker.objs, node) {
		if (o->type == type && (!b || o->b == b) &&
		    o->claimed != d->restart_gen) {
			o->claimed = d->restart_gen;
			found = o;
			break;
		}
	}
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	return found;
}

/**
 * drvsup_untrack - the driver gives @key back
 * @d: the domain
 * @type: the object's type, or NULL for any
 * @key: what the driver held
 *
 * Returns the record (the caller frees it with drvsup_obj_free() after
 * using its fields), or NULL if @d does not hold @key: freeing what the
 * domain does not own is the driver's fault, and the wrapper says so.
 */
struct drvsup_obj *drvsup_untrack(struct drvsup_domain *d,
				  const struct drvsup_obj_type *type,
				  const void *key)
{
	struct drvsup_tracker *t = &d->tracker;
	struct drvsup_obj *o;
	unsigned long flags;

	spin_lock_irqsave(&t->lock, flags);
	o = find_locked(t, type, key);
	if (o)
		unlink_locked(d, o);
	spin_unlock_irqrestore(&t->lock, flags);
	return o;
}
EXPORT_SYMBOL_NS_GPL(drvsup_untrack, DRVSUP_INTERNAL);

/* Free a record drvsup_untrack() returned (NULL: nothing to free). */
void drvsup_obj_free(struct drvsup_obj *o)
{
	if (o)
		kmem_cache_free(obj_cache, o);
}
EXPORT_SYMBOL_NS_GPL(drvsup_obj_free, DRVSUP_INTERNAL);

/*
 * Stop devices and callbacks from entering the driver. Runs right after the
 * fault, in whatever context it happened: the hooks must not sleep.
 */
void drvsup_tracker_quiesce(struct drvsup_domain *d)
{
	struct drvsup_tracker *t = &d->tracker;
	struct drvsup_obj *o;
	unsigned long flags;

	spin_lock_irqsave(&t->lock, flags);
	list_for_each_entry(o, &t->objs, node)
		if (o->type->quiesce)
			o->type->quiesce(d, o);
	spin_unlock_irqrestore(&t->lock, flags);
}

/**
 * drvsup_tracker_release - give the driver's resources back, newest first
 * @d: a domain no task or CPU is inside any more
 * @mode: DRVSUP_RELEASE_DRIVER keeps the kernel-visible objects
 */
void drvsup_tracker_release(struct drvsup_domain *d,
			    enum drvsup_release_mode mode)
{
	struct drvsup_tracker *t = &d->tracker;
	struct drvsup_obj *o;
	unsigned long flags;

	for (;;) {
		struct drvsup_obj *victim = NULL;

		spin_lock_irqsave(&t->lock, flags);
		list_for_each_entry_reverse(o, &t->objs, node) {
			if (mode != DRVSUP_RELEASE_ALL && o->type->kept)
				continue;
			if (mode == DRVSUP_RELEASE_SINCE_MARK && o->seq <= t->mark)
				break;
			victim = o;
			unlink_locked(d, o);
			break;
		}
		spin_unlock_irqrestore(&t->lock, flags);
		if (!victim)
			return;
		if (victim->type->release)
			victim->type->release(d, victim);
		drvsup_obj_free(victim);
	}
}

/**
 * drvsup_tracker_walk - @fn on each of @d's objects, oldest first
 * @d: the domain
 * @fn: runs under the tracker's lock (no sleeping); a non-zero return
 *	stops the walk and is returned
 * @arg: @fn's
 * @mark: the walk completed: the checkpoint's mark is set after the
 *	newest object it saw (checkpoint.c), in the same locked section
 */
int drvsup_tracker_walk(struct drvsup_domain *d,
			int (*fn)(struct drvsup_obj *o, void *arg), void *arg,
			bool mark)
{
	struct drvsup_tracker *t = &d->tracker;
	struct drvsup_obj *o;
	unsigned long flags;
	unsigned int n = 0;
	int ret = 0;

	spin_lock_irqsave(&t->lock, flags);
	list_for_each_entry(o, &t->objs, node) {
		ret = fn(o, arg);
		if (ret)
			break;
		n++;
	}
	if (!ret && mark) {
		t->mark = t->seq;
		t->mark_nr = n;
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return ret;
}

/**
 * drvsup_tracker_rewind - the objects of the checkpoint as they were then
 * @d: a failed domain, released to its mark (DRVSUP_RELEASE_SINCE_MARK)
 *
 * Runs each object's rewind(), newest first. Process context.
 */
void drvsup_tracker_rewind(struct drvsup_domain *d)
{
	struct drvsup_tracker *t = &d->tracker;
	u64 below = U64_MAX;
	unsigned long flags;

	/* Only the recovery changes a failed domain's objects (domain.c). */
	for (;;) {
		struct drvsup_obj *o, *next = NULL;

		spin_lock_irqsave(&t->lock, flags);
		list_for_each_entry_reverse(o, &t->objs, node) {
			if (o->seq < below && o->type->rewind) {
				next = o;
				break;
			}
		}
		spin_unlock_irqrestore(&t->lock, flags);
		if (!next)
			return;
		below = next->seq;
		next->type->rewind(d, next);
	}
}

static int rearm_one(struct drvsup_obj *o, void *d)
{
	if (o->type->rearm)
		o->type->rearm(d, o);
	return 0;
}

/**
 * drvsup_tracker_rearm - what the rewind held back, now
 * @d: a running domain whose driver the recovery from the checkpoint
 *	replayed (its objects may come and go: under the tracker's lock)
 *
 * Runs each object's rearm(), oldest first.
 */
void drvsup_tracker_rearm(struct drvsup_domain *d)
{
	drvsup_tracker_walk(d, rearm_one, d, false);
}

/**
 * drvsup_tracker_find_if - @d's oldest object of @type that matches
 * @d: the domain
 * @type: the objects' type
 * @match: the test, on the object; runs under the tracker's lock, so it
 *	must not sleep
 * @arg: what @match compares with
 *
 * Returns the object's priv, or NULL: for objects the driver names by
 * more than their key (an attribute on a device, a link by its name).
 */
void *drvsup_tracker_find_if(struct drvsup_domain *d,
			     const struct drvsup_obj_type *type,
			     bool (*match)(const struct drvsup_obj *o,
					   const void *arg),
			     const void *arg)
{
	struct drvsup_obj *o;
	unsigned long flags;
	void *priv = NULL;

	spin_lock_irqsave(&d->tracker.lock, flags);
	list_for_each_entry(o, &d->tracker.objs, node) {
		if (o->type == type && match(o, arg)) {
			priv = o->priv;
			break;
		}
	}
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	return priv;
}

/* The priv of up to @max objects of @type in @d, oldest first; how many. */
int drvsup_tracker_collect(struct drvsup_domain *d,
			   const struct drvsup_obj_type *type, void **v,
			   unsigned int max)
{
	struct drvsup_obj *o;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&d->tracker.lock, flags);
	list_for_each_entry(o, &d->tracker.objs, node)
		if (o->type == type && n < max)
			v[n++] = o->priv;
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	return n;
}

/* Can every kept object of @d be handed back to a restarted driver? */
bool drvsup_tracker_restartable(struct drvsup_domain *d)
{
	struct drvsup_tracker *t = &d->tracker;
	struct drvsup_obj *o;
	unsigned long flags;
	bool ok = true;

	spin_lock_irqsave(&t->lock, flags);
	list_for_each_entry(o, &t->objs, node)
		if (o->type->kept && !o->type->restartable)
			ok = false;
	spin_unlock_irqrestore(&t->lock, flags);
	return ok;
}

/* "type count" lines for sysfs: driver-owned objects, or kept ones. */
int drvsup_tracker_show(struct drvsup_domain *d, char *buf, bool kept)
{
	struct drvsup_tracker *t = &d->tracker;
	const struct drvsup_obj_type *seen[32];
	unsigned int count[32];
	struct drvsup_obj *o;
	unsigned long flags;
	int i, n = 0, len = 0;

	spin_lock_irqsave(&t->lock, flags);
	list_for_each_entry(o, &t->objs, node) {
		if (o->type->kept != kept)
			continue;
		for (i = 0; i < n && seen[i] != o->type; i++)
			;
		if (i == n) {
			if (n == ARRAY_SIZE(seen))
				continue;
			seen[n] = o->type;
			count[n++] = 0;
		}
		count[i]++;
	}
	spin_unlock_irqrestore(&t->lock, flags);
	for (i = 0; i < n; i++)
		len += sysfs_emit_at(buf, len, "%s %u\n", seen[i]->name,
				     count[i]);
	return len;
}

int drvsup_tracker_cache_init(void)
{
	obj_cache = KMEM_CACHE(drvsup_obj, 0);
	return obj_cache ? 0 : -ENOMEM;
}

void drvsup_tracker_cache_exit(void)
{
	kmem_cache_destroy(obj_cache);
}

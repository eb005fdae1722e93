// SPDX-License-Identifier: GPL-2.0
/*
 * owned.c - the extents of the memory a domain owns (model in owned.h):
 * the latch tree the tracker and drvsup_own() add to, and its lookup. The
 * checks that ask whether a domain owns some bytes are checks.c's.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/rbtree_latch.h>
#include <linux/slab.h>

#include "domain.h"
#include "owned.h"


static __always_inline struct drvsup_extent *to_extent(struct latch_tree_node *n)
{
	return container_of(n, struct drvsup_extent, ltn);
}

/* The tree's order: by start, then by last. */
static __always_inline bool range_before(unsigned long start,
					 unsigned long last,
					 const struct drvsup_extent *e)
{
	return start < e->start || (start == e->start && last < e->last);
}

static __always_inline bool extent_less(struct latch_tree_node *a,
					struct latch_tree_node *b)
{
	struct drvsup_extent *x = to_extent(a);

	return range_before(x->start, x->last, to_extent(b));
}

/* @key: the address looked up. */
static __always_inline int extent_comp(void *key, struct latch_tree_node *n)
{
	unsigned long a = (unsigned long)key;
	struct drvsup_extent *e = to_extent(n);

	if (a < e->start)
		return -1;
	return a > e->last ? 1 : 0;
}

static const struct latch_tree_ops extent_ops = {
	.less = extent_less,
	.comp = extent_comp,
};

void drvsup_owned_init(struct drvsup_domain *d)
{
	struct latch_tree_root *t = &d->tracker.extents;

	seqcount_latch_init(&t->seq);
	t->tree[0] = RB_ROOT;
	t->tree[1] = RB_ROOT;
}

void drvsup_owned_destroy(struct drvsup_domain *d)
{
	struct latch_tree_root *t = &d->tracker.extents;
	struct rb_node *n;
	unsigned long flags;

	spin_lock_irqsave(&d->tracker.lock, flags);
	while ((n = rb_first(&t->tree[0]))) {
		struct drvsup_extent *e = to_extent(rb_entry(n, struct latch_tree_node,
						      node[0]));

		latch_tree_erase(&e->ltn, t, &extent_ops);
		kfree_rcu(e, rcu);
	}
	WRITE_ONCE(d->tracker.gen, d->tracker.gen + 1);
	spin_unlock_irqrestore(&d->tracker.lock, flags);
}

/* The extent [start, last] exactly, or NULL; under the tracker's lock. */
static struct drvsup_extent *extent_exact(struct drvsup_domain *d,
				   unsigned long start, unsigned long last)
{
	struct rb_node *n = d->tracker.extents.tree[0].rb_node;

	while (n) {
		struct drvsup_extent *e = to_extent(rb_entry(n, struct latch_tree_node,
						      node[0]));

		if (start == e->start && last == e->last)
			return e;
		if (range_before(start, last, e))
			n = n->rb_left;
		else
			n = n->rb_right;
	}
	return NULL;
}

/*
 * Tracker lock held with interrupts off: nothing may sleep, or enable
 * interrupts (a maple tree's node allocation, kmem_cache_alloc_bulk(),
 * does: an interrupt's lookup then saw a tree half written).
 */
int drvsup_extent_add_locked(struct drvsup_domain *d, unsigned long start,
			     size_t len)
{
	unsigned long last = start + len - 1;
	struct drvsup_extent *e;

	if (!len || last < start)
		return 0;
	e = extent_exact(d, start, last);
	if (e) {
		e->refs++;
		return 0;
	}
	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		return -ENOMEM;
	e->start = start;
	e->last = last;
	e->refs = 1;
	latch_tree_insert(&e->ltn, &d->tracker.extents, &extent_ops);
	return 0;
}

void drvsup_extent_del_locked(struct drvsup_domain *d, unsigned long start,
			      size_t len)
{
	unsigned long last = start + len - 1;
	struct drvsup_extent *e;

	/* None: its add found no memory, and the checks never accepted it. */
	if (!len || last < start)
		return;
	e = extent_exact(d, start, last);
	if (!e || --e->refs)
		return;
	latch_tree_erase(&e->ltn, &d->tracker.extents, &extent_ops);
	WRITE_ONCE(d->tracker.gen, d->tracker.gen + 1);
	kfree_rcu(e, rcu);
}

/**
 * drvsup_own - the domain owns [@p, @p + @len) until drvsup_disown()
 * @d: the domain
 * @p: memory the kernel allocated for the driver's objects
 * @len: its length
 *
 * Returns 0 or -ENOMEM.
 */
int drvsup_own(struct drvsup_domain *d, const void *p, size_t len)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&d->tracker.lock, flags);
	err = drvsup_extent_add_locked(d, (unsigned long)p, len);
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	return err;
}
EXPORT_SYMBOL_NS_GPL(drvsup_own, DRVSUP_INTERNAL);

void drvsup_disown(struct drvsup_domain *d, const void *p, size_t len)
{
	unsigned long flags;

	spin_lock_irqsave(&d->tracker.lock, flags);
	drvsup_extent_del_locked(d, (unsigned long)p, len);
	spin_unlock_irqrestore(&d->tracker.lock, flags);
}
EXPORT_SYMBOL_NS_GPL(drvsup_disown, DRVSUP_INTERNAL);

const struct drvsup_extent *drvsup_extent_find(struct drvsup_domain *d,
					       unsigned long a,
					       unsigned long last)
{
	struct latch_tree_node *n;

	n = latch_tree_find((void *)a, &d->tracker.extents, &extent_ops);
	return n && last <= to_extent(n)->last ? to_extent(n) : NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * io.c - wrappers for I/O port regions (request_region and friends).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/ioport.h>

#include "wrap.h"

static void release_ioregion(struct drvsup_domain *d, struct drvsup_obj *o)
{
	__release_region(o->priv, o->a, o->b);
}

static const struct drvsup_obj_type obj_region = {
	.name = "ioregion",
	.release = release_ioregion,
	.ckpt = DRVSUP_CKPT_KEEP,
};

DSW(struct resource *, __request_region, struct resource *parent,
	resource_size_t start, resource_size_t n, const char *name, int flags)
{
	struct drvsup_obj *o;
	struct resource *r;

	DSW_ENTER(d);
	r = __request_region(parent, start, n, name, flags);
	if (r && d) {
		o = drvsup_track(d, &obj_region, r, start, n, GFP_KERNEL);
		if (o) {
			o->priv = parent;
		} else {
			__release_region(parent, start, n);
			r = NULL;
		}
	}
	DSW_LEAVE();
	return r;
}

DSW(void, __release_region, struct resource *parent, resource_size_t start,
	resource_size_t n)
{
	struct drvsup_tracker *t;
	struct drvsup_obj *o, *found = NULL;
	unsigned long flags;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return;
	}
	/* Regions are tracked by resource; the driver names them by range. */
	t = &d->tracker;
	spin_lock_irqsave(&t->lock, flags);
	list_for_each_entry(o, &t->objs, node) {
		if (o->type == &obj_region && o->priv == parent &&
		    o->a == start && o->b == n) {
			found = o;
			break;
		}
	}
	spin_unlock_irqrestore(&t->lock, flags);
	if (!found) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "release_region(%pa, %pa): not the driver's",
			  &start, &n);
		return;
	}
	drvsup_obj_free(drvsup_untrack(d, &obj_region, found->key));
	__release_region(parent, start, n);
	DSW_LEAVE();
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gen.h - what the generated wrappers (gen_imports.c, from the import
 * table's acquire and release lines) call: tracking a resource the kernel
 * granted, and taking one back that the driver gives up.
 */
#ifndef DRVSUP_GEN_H
#define DRVSUP_GEN_H

#include <linux/preempt.h>
#include <linux/printk.h>

#include "wrap.h"

/*
 * Track what the kernel granted; if the tracker cannot, give it back at
 * once and return false (the wrapper then fails the call).
 */
static inline bool dsw_gen_track(struct drvsup_domain *d,
				 const struct drvsup_obj_type *type,
				 const void *key, unsigned long a, unsigned long b)
{
	struct drvsup_obj tmp = { .key = key, .a = a, .b = b };

	if (drvsup_track(d, type, key, a, b,
			 preemptible() ? GFP_KERNEL : GFP_ATOMIC))
		return true;
	type->release(d, &tmp);
	return false;
}

/* A void acquire the tracker could not record: say so, keep going. */
static inline void dsw_gen_untracked(struct drvsup_domain *d, const char *fn)
{
	pr_warn_ratelimited("%s: %s: out of memory tracking it; not released on restart\n",
			    d->name, fn);
}

/* Take back @key of @type from @d; false if @d does not hold it. */
static inline bool dsw_gen_untrack(struct drvsup_domain *d,
				   const struct drvsup_obj_type *type,
				   const void *key)
{
	struct drvsup_obj *o;

	if (!d)
		return true;
	o = drvsup_untrack(d, type, key);
	if (!o)
		return false;
	drvsup_obj_free(o);
	return true;
}

#endif /* DRVSUP_GEN_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * mem.c - wrappers for memory the driver allocates: kmalloc family and
 * vmalloc. Every block is tracked; freeing a block the domain does not own
 * is a fault of the driver, contained before the allocator sees it. The
 * "alloc" and "free" interface faults (faultinj/iface.c) are injected here.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "wrap.h"
#include "../faultinj/faultinj.h"

static void release_kmalloc(struct drvsup_domain *d, struct drvsup_obj *o)
{
	kfree(o->key);
}

static void release_vmalloc(struct drvsup_domain *d, struct drvsup_obj *o)
{
	vfree(o->key);
}

static const struct drvsup_obj_type obj_kmalloc = {
	.name = "kmalloc",
	.release = release_kmalloc,
};

static const struct drvsup_obj_type obj_vmalloc = {
	.name = "vmalloc",
	.release = release_vmalloc,
};

/* Track @p or give it back: an untracked block would leak on failure. */
static void *track_or_free(struct drvsup_domain *d,
			   const struct drvsup_obj_type *type, void *p,
			   size_t size, gfp_t gfp)
{
	if (!p || !d)
		return p;
	if (drvsup_track(d, type, p, size, 0, dsw_gfp(gfp)))
		return p;
	type->release(d, &(struct drvsup_obj){ .key = p });
	return NULL;
}

/*
 * What an allocation wrapper returns: @p tracked, or NULL (faultinj
 * "alloc"); with faultinj "free" a block freed early behind the driver's
 * back: untracked, so the driver's own free of it later is contained.
 */
static void *give(struct drvsup_domain *d, const struct drvsup_obj_type *type,
		  void *p, size_t size, gfp_t gfp)
{
	p = track_or_free(d, type, p, size, gfp);
	if (p && d && faultinj_free_early(d, p, type == &obj_vmalloc))
		drvsup_obj_free(drvsup_untrack(d, type, p));
	return p;
}

DSW(void *, kmalloc_trace, struct kmem_cache *s, gfp_t gfp, size_t size)
{
	void *p;

	DSW_ENTER(d);
	p = give(d, &obj_kmalloc, faultinj_alloc_fails(d) ? NULL :
		 kmalloc_trace(s, gfp, size), size, gfp);
	DSW_LEAVE();
	return p;
}

DSW(void *, __kmalloc, size_t size, gfp_t gfp)
{
	void *p;

	DSW_ENTER(d);
	p = give(d, &obj_kmalloc, faultinj_alloc_fails(d) ? NULL :
		 __kmalloc(size, gfp), size, gfp);
	DSW_LEAVE();
	return p;
}

DSW(void *, __kmalloc_node, size_t size, gfp_t gfp, int node)
{
	void *p;

	DSW_ENTER(d);
	p = give(d, &obj_kmalloc, faultinj_alloc_fails(d) ? NULL :
		 __kmalloc_node(size, gfp, node), size, gfp);
	DSW_LEAVE();
	return p;
}

DSW(void *, kmalloc_large, size_t size, gfp_t gfp)
{
	void *p;

	DSW_ENTER(d);
	p = give(d, &obj_kmalloc, faultinj_alloc_fails(d) ? NULL :
		 kmalloc_large(size, gfp), size, gfp);
	DSW_LEAVE();
	return p;
}

/* Copies are kmalloc()ed blocks too: freed with kfree(). */
DSW(void *, kmemdup, const void *src, size_t len, gfp_t gfp)
{
	void *p;

	DSW_ENTER(d);
	p = give(d, &obj_kmalloc, faultinj_alloc_fails(d) ? NULL :
		 kmemdup(src, len, gfp), len, gfp);
	DSW_LEAVE();
	return p;
}

DSW(char *, kstrdup, const char *s, gfp_t gfp)
{
	char *p;

	DSW_ENTER(d);
	p = give(d, &obj_kmalloc, faultinj_alloc_fails(d) || !s ? NULL :
		 kstrdup(s, gfp), s ? strlen(s) + 1 : 0, gfp);
	DSW_LEAVE();
	return p;
}

DSW(void, kfree, const void *p)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	if (ZERO_OR_NULL_PTR(p) || !d) {
		DSW_LEAVE();
		return;
	}
	o = drvsup_untrack(d, &obj_kmalloc, p);
	if (!o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "kfree(%p): not the driver's memory", p);
		return;
	}
	drvsup_obj_free(o);
	kfree(p);
	DSW_LEAVE();
}

DSW(void *, vzalloc, unsigned long size)
{
	void *p;

	DSW_ENTER(d);
	p = give(d, &obj_vmalloc, faultinj_alloc_fails(d) ? NULL :
		 vzalloc(size), size, GFP_KERNEL);
	DSW_LEAVE();
	return p;
}

DSW(void *, vmalloc, unsigned long size)
{
	void *p;

	DSW_ENTER(d);
	p = give(d, &obj_vmalloc, faultinj_alloc_fails(d) ? NULL :
		 vmalloc(size), size, GFP_KERNEL);
	DSW_LEAVE();
	return p;
}

DSW(void, vfree, const void *p)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	if (!p || !d) {
		DSW_LEAVE();
		return;
	}
	o = drvsup_untrack(d, &obj_vmalloc, p);
	if (!o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "vfree(%p): not the driver's memory", p);
		return;
	}
	drvsup_obj_free(o);
	vfree(p);
	DSW_LEAVE();
}

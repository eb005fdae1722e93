// SPDX-License-Identifier: GPL-2.0
/*
 * mem.c - wrappers for memory the driver allocates: kmalloc family and
 * vmalloc. Every block is tracked; freeing a block the domain does not own
 * is a fault of the driver, contained before the allocator sees it. The
 * "alloc" and "free" interface faults (faultinj/iface.c) are injected here.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/pci.h>
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

/* o->a: the size asked for, all of which the driver owns */
static size_t block_extent(const struct drvsup_obj *o)
{
	return o->a;
}

static const struct drvsup_obj_type obj_kmalloc = {
	.name = "kmalloc",
	.release = release_kmalloc,
	.extent = block_extent,
	.ckpt = DRVSUP_CKPT_COPY,
};

static const struct drvsup_obj_type obj_vmalloc = {
	.name = "vmalloc",
	.release = release_vmalloc,
	.extent = block_extent,
	.ckpt = DRVSUP_CKPT_COPY,
};

/* kvmalloc: either of the two, freed by kvfree() */
static void release_kvmalloc(struct drvsup_domain *d, struct drvsup_obj *o)
{
	kvfree(o->key);
}

static const struct drvsup_obj_type obj_kvmalloc = {
	.name = "kvmalloc",
	.ckpt = DRVSUP_CKPT_COPY,
	.release = release_kvmalloc,
	.extent = block_extent,
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
	if (p && d && faultinj_free_early(d, p, is_vmalloc_addr(p)))
		drvsup_obj_free(drvsup_untrack(d, type, p));
	return p;
}

/*
 * The body of every allocation wrapper: @call gives @size bytes of @type,
 * unless faultinj "alloc" fails it.
 */
#define DSW_GIVE(type, call, size, gfp)					\
	({								\
		void *__p;						\
		DSW_ENTER(d);						\
		__p = give(d, type, faultinj_alloc_fails(d) ? NULL : (call), \
			   size, gfp);					\
		DSW_LEAVE();						\
		__p;							\
	})

DSW(void *, kmalloc_trace, struct kmem_cache *s, gfp_t gfp, size_t size)
{
	return DSW_GIVE(&obj_kmalloc, kmalloc_trace(s, gfp, size), size, gfp);
}

DSW(void *, __kmalloc, size_t size, gfp_t gfp)
{
	return DSW_GIVE(&obj_kmalloc, __kmalloc(size, gfp), size, gfp);
}

DSW(void *, kmalloc_node_trace, struct kmem_cache *s, gfp_t gfp, int node,
	size_t size)
{
	return DSW_GIVE(&obj_kmalloc, kmalloc_node_trace(s, gfp, node, size),
			size, gfp);
}

DSW(void *, __kmalloc_node, size_t size, gfp_t gfp, int node)
{
	return DSW_GIVE(&obj_kmalloc, __kmalloc_node(size, gfp, node), size,
			gfp);
}

DSW(void *, kmalloc_large, size_t size, gfp_t gfp)
{
	return DSW_GIVE(&obj_kmalloc, kmalloc_large(size, gfp), size, gfp);
}

/* Copies are kmalloc()ed blocks too: freed with kfree(). */
DSW(void *, kmemdup, const void *src, size_t len, gfp_t gfp)
{
	return DSW_GIVE(&obj_kmalloc, kmemdup(src, len, gfp), len, gfp);
}

DSW(char *, kstrdup, const char *s, gfp_t gfp)
{
	if (!s)
		return NULL;
	return DSW_GIVE(&obj_kmalloc, kstrdup(s, gfp), strlen(s) + 1, gfp);
}

/* A copy of the user's buffer, NUL-terminated, or an ERR_PTR. */
DSW(void *, memdup_user_nul, const void __user *src, size_t len)
{
	void *p;

	DSW_ENTER(d);
	p = faultinj_alloc_fails(d) ? ERR_PTR(-ENOMEM) :
	    memdup_user_nul(src, len);
	if (!IS_ERR(p))
		p = give(d, &obj_kmalloc, p, len + 1, GFP_KERNEL) ?:
		    ERR_PTR(-ENOMEM);
	DSW_LEAVE();
	return p;
}

/* A copy of the device's VPD, kmalloc()ed: freed with kfree(). */
DSW(void *, pci_vpd_alloc, struct pci_dev *dev, unsigned int *size)
{
	void *buf;

	DSW_ENTER(d);
	buf = pci_vpd_alloc(dev, size);
	if (!IS_ERR(buf))
		buf = give(d, &obj_kmalloc, buf, *size, GFP_KERNEL) ?:
		      ERR_PTR(-ENOMEM);
	DSW_LEAVE();
	return buf;
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
	return DSW_GIVE(&obj_vmalloc, vzalloc(size), size, GFP_KERNEL);
}

DSW(void *, vmalloc, unsigned long size)
{
	return DSW_GIVE(&obj_vmalloc, vmalloc(size), size, GFP_KERNEL);
}

DSW(void *, vzalloc_node, unsigned long size, int node)
{
	return DSW_GIVE(&obj_vmalloc, vzalloc_node(size, node), size, GFP_KERNEL);
}

DSW(void *, vmalloc_node, unsigned long size, int node)
{
	return DSW_GIVE(&obj_vmalloc, vmalloc_node(size, node), size, GFP_KERNEL);
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

DSW(void *, kvmalloc_node, size_t size, gfp_t gfp, int node)
{
	return DSW_GIVE(&obj_kvmalloc, kvmalloc_node(size, gfp, node), size,
			gfp);
}

/* kvfree() frees what any of the three families gave. */
DSW(void, kvfree, const void *p)
{
	static const struct drvsup_obj_type *const types[] = {
		&obj_kvmalloc, &obj_kmalloc, &obj_vmalloc,
	};
	struct drvsup_obj *o = NULL;
	unsigned int i;

	DSW_ENTER(d);
	if (ZERO_OR_NULL_PTR(p) || !d) {
		DSW_LEAVE();
		return;
	}
	for (i = 0; i < ARRAY_SIZE(types) && !o; i++)
		o = drvsup_untrack(d, types[i], p);
	if (!o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "kvfree(%p): not the driver's memory", p);
		return;
	}
	drvsup_obj_free(o);
	kvfree(p);
	DSW_LEAVE();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * dma.c - DMA memory a driver holds: coherent buffers (descriptor rings)
 * as tracked objects, streaming mappings (packet buffers) in the domain's
 * lock-free set of mappings (pkt.h), and the device's DMA masks.
 *
 * A failed driver's coherent buffers and mappings go to the quarantine
 * (quarantine.h): the quiesce hooks of wrappers/pci.c turned the device's
 * bus master off, but the next probe turns it on before it resets the
 * device, which then writes where it was last told to.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/dma-mapping.h>

#include "wrap.h"
#include "devres.h"
#include "pkt.h"
#include "quarantine.h"

/* --- streaming mappings --------------------------------------------------- */

/* A struct page the memory map holds, of a page that is in use. */
static bool page_in_use(const struct page *page)
{
	unsigned long off = (unsigned long)page - (unsigned long)vmemmap;

	/* a tail page's own count is 0: its folio's is the one */
	return (unsigned long)page >= (unsigned long)vmemmap &&
	       off % sizeof(struct page) == 0 &&
	       pfn_valid(off / sizeof(struct page)) &&
	       folio_ref_count(page_folio(page)) > 0;
}

#define MAP_MAX_PAGES	64	/* a streaming mapping of order-0 pages */

/*
 * The rule for a streaming mapping: [@offset, @offset + @size) from @page
 * lies in pages in use, within @page's folio when it is a large one. A
 * corrupted page pointer or length is refused before dma-direct sees it.
 */
static bool map_sane(struct page *page, size_t offset, size_t size)
{
	unsigned long first, n, i;
	struct folio *folio;

	if (offset + size < offset || !page_in_use(page))
		return false;
	if (!size)
		return true;
	first = offset >> PAGE_SHIFT;
	n = ((offset + size - 1) >> PAGE_SHIFT) - first + 1;
	folio = page_folio(page);
	if (folio_test_large(folio))
		return (folio_page_idx(folio, page) + first + n) <=
		       folio_nr_pages(folio);
	if (n > MAP_MAX_PAGES)
		return false;
	for (i = 0; i < n; i++)
		if (!page_in_use(page + first + i))
			return false;
	return true;
}

/*
 * The device a driver maps for is one it probed (its devres group open),
 * known once a mapping for it was made; the direction one the kernel
 * would not BUG on. A corrupted device pointer would have the kernel call
 * through its DMA ops.
 */
static bool dma_dev_ok(struct drvsup_domain *d, struct dsw_pkt *p,
		       struct device *dev, enum dma_data_direction dir)
{
	return valid_dma_direction(dir) &&
	       ((p && dsw_pkt_dev_known(p, dev)) || dsw_devres_bound(d, dev));
}

DSW(dma_addr_t, dma_map_page_attrs, struct device *dev, struct page *page,
	size_t offset, size_t size, enum dma_data_direction dir,
	unsigned long attrs)
{
	struct dsw_pkt *p;
	dma_addr_t addr;
	int idx;

	DSW_ENTER(d);
	if (dsw_unowned(d, dev))
		return DMA_MAPPING_ERROR;
	p = d ? dsw_pkt_find(d) : NULL;
	if (d && !dma_dev_ok(d, p, dev, dir)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "dma_map_page(device %p, direction %d): not a device the driver is bound to, or no direction",
			  dev, dir);
		return DMA_MAPPING_ERROR;
	}
	if (d && !map_sane(page, offset, size)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "dma_map_page(%p, %zu, %zu): not memory in use",
			  page, offset, size);
		return DMA_MAPPING_ERROR;
	}
	addr = dma_map_page_attrs(dev, page, offset, size, dir, attrs);
	if (!p || dma_mapping_error(dev, addr))
		goto out;
	idx = dsw_pkt_dev_index(p, dev);
	if (idx < 0 || size >> DSW_MAP_SIZE_BITS ||
	    dsw_set_add_val(&p->maps, addr, dsw_map_val(size, dir, idx)) < 0) {
		dma_unmap_page_attrs(dev, addr, size, dir, attrs);
		addr = DMA_MAPPING_ERROR;
	}
out:
	DSW_LEAVE();
	return addr;
}

DSW(void, dma_unmap_page_attrs, struct device *dev, dma_addr_t addr,
	size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct dsw_pkt *p;
	int idx;

	DSW_ENTER(d);
	p = d ? dsw_pkt_find(d) : NULL;
	if (p) {
		idx = dsw_pkt_dev_find(p, dev);
		if (idx < 0 || !dsw_set_del_val(&p->maps, addr,
						dsw_map_val(size, dir, idx),
						DSW_MAP_MATCH)) {
			dsw_fault(d, DRVSUP_FAULT_BADARG,
				  "dma_unmap(%pad, %zu): not mapped by the driver",
				  &addr, size);
			return;
		}
	}
	dma_unmap_page_attrs(dev, addr, size, dir, attrs);
	DSW_LEAVE();
}

/*
 * A sync of a streaming mapping reaches the kernel's DMA ops through its
 * device: the same rule as for a map (a bent pointer to the driver's
 * pci_dev had the kernel read its ops from garbage: campaign e1000-wi-1215,
 * trial 249).
 */
DSW(void, dma_sync_single_for_cpu, struct device *dev, dma_addr_t addr,
	size_t size, enum dma_data_direction dir)
{
	DSW_ENTER(d);
	if (d && !dma_dev_ok(d, dsw_pkt_find(d), dev, dir)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "dma_sync_single_for_cpu(device %p, direction %d): not a device the driver is bound to, or no direction",
			  dev, dir);
		return;
	}
	dma_sync_single_for_cpu(dev, addr, size, dir);
	DSW_LEAVE();
}

DSW(void, dma_sync_single_for_device, struct device *dev, dma_addr_t addr,
	size_t size, enum dma_data_direction dir)
{
	DSW_ENTER(d);
	if (d && !dma_dev_ok(d, dsw_pkt_find(d), dev, dir)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "dma_sync_single_for_device(device %p, direction %d): not a device the driver is bound to, or no direction",
			  dev, dir);
		return;
	}
	dma_sync_single_for_device(dev, addr, size, dir);
	DSW_LEAVE();
}

/* --- coherent buffers ------------------------------------------------------ */

/* o->a: size | attrs << DMA_ATTRS_SHIFT; o->b: DMA handle; o->priv: device */
#define DMA_ATTRS_SHIFT 48

struct coherent {
	struct device *dev;
	size_t size;
	void *cpu;
	dma_addr_t handle;
	unsigned long attrs;
};

static void free_coherent(void *arg)
{
	struct coherent *c = arg;

	dma_free_attrs(c->dev, c->size, c->cpu, c->handle, c->attrs);
	kfree(c);
}

/* The device may still address the buffer: quarantine.h. */
static void release_coherent(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct coherent *c = kmalloc(sizeof(*c), GFP_KERNEL);
	char what[64];

	if (!c) {
		pr_warn("%s: dma-coherent %p left allocated\n", d->name, o->key);
		return;
	}
	c->dev = o->priv;
	c->size = o->a & GENMASK_ULL(DMA_ATTRS_SHIFT - 1, 0);
	c->cpu = (void *)o->key;
	c->handle = o->b;
	c->attrs = o->a >> DMA_ATTRS_SHIFT;
	snprintf(what, sizeof(what), "%s dma-coherent %zu bytes", d->name,
		 c->size);
	if (dsw_quarantine(&c->dev, 1, free_coherent, c, what))
		kfree(c);		/* the buffer itself stays allocated */
}

static size_t coherent_extent(const struct drvsup_obj *o)
{
	return o->a & GENMASK_ULL(DMA_ATTRS_SHIFT - 1, 0);
}

static const struct drvsup_obj_type obj_coherent = {
	.name = "dma-coherent",
	.release = release_coherent,
	.extent = coherent_extent,
};

DSW(void *, dma_alloc_attrs, struct device *dev, size_t size,
	dma_addr_t *handle, gfp_t gfp, unsigned long attrs)
{
	struct drvsup_obj *o;
	void *cpu;

	DSW_ENTER(d);
	cpu = dma_alloc_attrs(dev, size, handle, gfp, attrs);
	if (!cpu || !d)
		goto out;
	if (size >> DMA_ATTRS_SHIFT || attrs >> (64 - DMA_ATTRS_SHIFT)) {
		o = NULL;
	} else {
		o = drvsup_track(d, &obj_coherent, cpu,
				 size | (u64)attrs << DMA_ATTRS_SHIFT, *handle,
				 dsw_gfp(gfp));
	}
	if (o) {
		o->priv = dev;
	} else {
		dma_free_attrs(dev, size, cpu, *handle, attrs);
		cpu = NULL;
	}
out:
	DSW_LEAVE();
	return cpu;
}

/* Managed: tied to @dev, so an unbind gives it back as devres would. */
DSW(void *, dmam_alloc_attrs, struct device *dev, size_t size,
	dma_addr_t *handle, gfp_t gfp, unsigned long attrs)
{
	void *cpu = dsw_dma_alloc_attrs(dev, size, handle, gfp, attrs);

	if (cpu)
		dsw_devres_tie(dev, &obj_coherent, cpu);
	return cpu;
}

DSW(void, dma_free_attrs, struct device *dev, size_t size, void *cpu,
	dma_addr_t handle, unsigned long attrs)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	if (!cpu || !d) {
		DSW_LEAVE();
		return;
	}
	o = drvsup_find(d, &obj_coherent, cpu);
	if (!o || o->priv != dev || o->b != handle ||
	    (o->a & GENMASK_ULL(DMA_ATTRS_SHIFT - 1, 0)) != size) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "dma_free(%p, %zu): not the driver's buffer",
			  cpu, size);
		return;
	}
	drvsup_obj_free(drvsup_untrack(d, &obj_coherent, cpu));
	dma_free_attrs(dev, size, cpu, handle, attrs);
	DSW_LEAVE();
}

/* --- masks ------------------------------------------------------------------ */

/* Process context, before any mapping: a good time to set up the sets. */
DSW(int, dma_set_mask, struct device *dev, u64 mask)
{
	int err;

	DSW_ENTER(d);
	dsw_pkt_get(d);
	err = dma_set_mask(dev, mask);
	DSW_LEAVE();
	return err;
}

DSW(int, dma_set_coherent_mask, struct device *dev, u64 mask)
{
	int err;

	DSW_ENTER(d);
	dsw_pkt_get(d);
	err = dma_set_coherent_mask(dev, mask);
	DSW_LEAVE();
	return err;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * pkt.c - the per-domain packet ownership state (model in pkt.h): creation,
 * lookup, the hand-over of a failed driver's packets to the quarantine
 * (quarantine.h) and the drain that gives them back, and
 * /sys/kernel/debug/drvsup/pkt, what each domain holds now:
 *
 *   DOMAIN skbs N frag-refs N page-refs N dma-maps N
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "wrap.h"
#include "../isolation/sysfs.h"
#include "pkt.h"
#include "quarantine.h"

/* Sizes (log2 slots): at most a quarter full with 4096-entry rings. */
#define SKB_BITS	14
#define FRAG_BITS	10
#define PAGE_BITS	13
#define MAP_BITS	14

/*
 * The states, by domain: a wrapper looks for its own domain's, which lives
 * as long as the domain's code can run, and compares only the domain
 * pointers of the others, so lookups need no lock and no RCU. Writers
 * hold pkt_mutex; a slot's state is published before its domain pointer.
 */
#define PKT_SLOTS 16			/* as many as drvsup has domains */

static struct {
	struct drvsup_domain *d;
	struct dsw_pkt *p;
} pkt_slots[PKT_SLOTS];
static DEFINE_MUTEX(pkt_mutex);

struct dsw_pkt *dsw_pkt_find(struct drvsup_domain *d)
{
	unsigned int i;

	for (i = 0; i < PKT_SLOTS; i++)
		/* Pairs with the release in pkt_new(). */
		if (smp_load_acquire(&pkt_slots[i].d) == d)
			return READ_ONCE(pkt_slots[i].p);
	return NULL;
}

/* --- draining --------------------------------------------------------- */

static void unmap_one(unsigned long addr, unsigned long val, void *arg)
{
	struct dsw_pkt *p = arg;
	struct device *dev = p->devs[val >> DSW_MAP_DEV_SHIFT];
	enum dma_data_direction dir = (val >> DSW_MAP_DIR_SHIFT) & 3;
	size_t size = val & ((1UL << DSW_MAP_SIZE_BITS) - 1);

	/* No CPU sync: nobody will read what the device wrote. */
	dma_unmap_page_attrs(dev, addr, size, dir, DMA_ATTR_SKIP_CPU_SYNC);
}

/*
 * Write isolation (owned.h): while the driver holds an sk_buff, the
 * sk_buff and its head, up to the end of its shared info, are in its
 * write set, but for the two words that say where the head is (end and
 * head: only the kernel's allocators write them; a driver store there is
 * a kfree of the wrong memory later). Only for a domain whose stores are
 * checked (a driver built with the store instrumentation): three extents
 * per sk_buff. A wrapper that may move the head (pskb_expand_head,
 * __skb_pad) takes the old one back before the call and lends the new
 * one after it.
 */
#define SKB_KEEP_FROM	offsetof(struct sk_buff, end)
#define SKB_KEEP_TO	offsetof(struct sk_buff, data)
static_assert(offsetof(struct sk_buff, head) > SKB_KEEP_FROM &&
	      offsetof(struct sk_buff, head) + sizeof(unsigned char *) ==
	      SKB_KEEP_TO, "sk_buff: end, head, then data");

static void skb_extents(struct drvsup_domain *d, struct sk_buff *skb,
			bool lend)
{
	size_t head = skb_end_offset(skb) + sizeof(struct skb_shared_info);
	void *rest = (void *)skb + SKB_KEEP_TO;

	if (lend) {
		drvsup_own(d, skb, SKB_KEEP_FROM);
		drvsup_own(d, rest, sizeof(*skb) - SKB_KEEP_TO);
		drvsup_own(d, skb->head, head);
	} else {
		drvsup_disown(d, skb, SKB_KEEP_FROM);
		drvsup_disown(d, rest, sizeof(*skb) - SKB_KEEP_TO);
		drvsup_disown(d, skb->head, head);
	}
}

void dsw_skb_lend(struct dsw_pkt *p, struct sk_buff *skb, bool lend)
{
	if (p && unlikely(READ_ONCE(p->d->writes_checked)))
		skb_extents(p->d, skb, lend);
}

static void free_skb_one(unsigned long skb, unsigned long val, void *arg)
{
	kfree_skb((struct sk_buff *)skb);
}

static void unlend_skb_one(unsigned long skb, void *arg)
{
	dsw_skb_lend(arg, (struct sk_buff *)skb, false);
}

static void put_pages(unsigned long pfn, unsigned long count, void *arg)
{
	while (count--)
		put_page(pfn_to_page(pfn));
}

static void put_frags(unsigned long pfn, unsigned long count, void *arg)
{
	while (count--)
		page_frag_free(page_address(pfn_to_page(pfn)));
}

/* Give back everything the driver held; mappings before their memory. */
static void pkt_drain(struct dsw_pkt *p)
{
	dsw_set_drain(&p->maps, false, unmap_one, p);
	local_bh_disable();
	dsw_set_drain(&p->skbs, false, free_skb_one, NULL);
	local_bh_enable();
	dsw_set_drain(&p->pages, true, put_pages, NULL);
	dsw_set_drain(&p->frags, true, put_frags, NULL);
}

static void pkt_free(struct dsw_pkt *p);
static struct dsw_pkt *pkt_alloc(void);

static void pkt_release_quarantined(void *arg)
{
	pkt_drain(arg);
	pkt_free(arg);
}

/*
 * A failure: the packets and mappings move to a fresh state that goes to
 * the quarantine (the device may still address them, quarantine.h); @p
 * is left empty for a restarted instance. No code of the driver runs.
 */
static void rewind_pkt(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct dsw_pkt *p = o->priv;
	struct dsw_pkt *q;
	char what[128];

	q = pkt_alloc();
	if (!q) {
		pr_warn("%s: out of memory, packets stay held until unload\n",
			d->name);
		return;
	}
	q->d = d;
	/* Quarantined, they are no longer the driver's to write. */
	dsw_set_for_each(&p->skbs, unlend_skb_one, p);
	swap(p->skbs, q->skbs);
	swap(p->frags, q->frags);
	swap(p->pages, q->pages);
	swap(p->maps, q->maps);
	memcpy(q->devs, p->devs, sizeof(q->devs));
	memset(p->devs, 0, sizeof(p->devs));
	snprintf(what, sizeof(what),
		 "%s packets: skbs %lu frag-refs %lu page-refs %lu dma-maps %lu",
		 d->name, dsw_set_count(&q->skbs, false),
		 dsw_set_count(&q->frags, true), dsw_set_count(&q->pages, true),
		 dsw_set_count(&q->maps, false));
	dsw_quarantine(q->devs, DSW_PKT_DEVS, pkt_release_quarantined, q, what);
}

static void release_pkt(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct dsw_pkt *p = o->priv;

	mutex_lock(&pkt_mutex);
	p->drain = NULL;
	mutex_unlock(&pkt_mutex);
	rewind_pkt(d, o);
}

/*
 * The driver's packets: released on failure; emptied the same way, the
 * record kept, for a recovery from the checkpoint.
 */
static const struct drvsup_obj_type obj_pkt = {
	.name = "packets",
	.release = release_pkt,
	.ckpt = DRVSUP_CKPT_REWIND,
	.rewind = rewind_pkt,
};

static void pkt_free(struct dsw_pkt *p)
{
	dsw_set_destroy(&p->skbs);
	dsw_set_destroy(&p->frags);
	dsw_set_destroy(&p->pages);
	dsw_set_destroy(&p->maps);
	kfree(p);
}

static void release_pkt_state(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct dsw_pkt *p = o->priv;

	unsigned int i;

	mutex_lock(&pkt_mutex);
	for (i = 0; i < PKT_SLOTS; i++) {
		if (pkt_slots[i].p == p) {
			WRITE_ONCE(pkt_slots[i].d, NULL);
			WRITE_ONCE(pkt_slots[i].p, NULL);
		}
	}
	mutex_unlock(&pkt_mutex);
	/* No code of the driver runs any more: nobody holds @p. */
	pkt_drain(p);
	pkt_free(p);
}

/* The sets themselves: kept until unload. */
static const struct drvsup_obj_type obj_pkt_state = {
	.name = "packet-sets",
	.kept = true,
	.ckpt = DRVSUP_CKPT_KEEP,
	.restartable = true,	/* emptied into the quarantine on failure */
	.release = release_pkt_state,
};

/* A state with empty sets, or NULL. */
static struct dsw_pkt *pkt_alloc(void)
{
	struct dsw_pkt *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	atomic_set(&p->lost_skbs, 0);
	if (dsw_set_init(&p->skbs, SKB_BITS, false) ||
	    dsw_set_init(&p->frags, FRAG_BITS, false) ||
	    dsw_set_init(&p->pages, PAGE_BITS, false) ||
	    dsw_set_init(&p->maps, MAP_BITS, true)) {
		pkt_free(p);
		return NULL;
	}
	return p;
}

static struct dsw_pkt *pkt_new(struct drvsup_domain *d)
{
	struct drvsup_obj *o;
	struct dsw_pkt *p;
	unsigned int i;

	for (i = 0; i < PKT_SLOTS && pkt_slots[i].d; i++)
		;
	if (i == PKT_SLOTS)
		return NULL;
	p = pkt_alloc();
	if (!p)
		return NULL;
	p->d = d;
	o = drvsup_track(d, &obj_pkt_state, p, 0, 0, GFP_KERNEL);
	if (!o)
		goto fail;
	o->priv = p;
	WRITE_ONCE(pkt_slots[i].p, p);
	/* The state before the domain: pairs with dsw_pkt_find(). */
	smp_store_release(&pkt_slots[i].d, d);
	return p;
fail:
	pkt_free(p);
	return NULL;
}

/* --- debugfs ------------------------------------------------------------- */


static int pkt_show(struct seq_file *m, void *v)
{
	struct dsw_pkt *p;
	unsigned int i;

	mutex_lock(&pkt_mutex);
	for (i = 0; i < PKT_SLOTS; i++) {
		p = pkt_slots[i].p;
		if (!p)
			continue;
		seq_printf(m, "%s skbs %lu frag-refs %lu page-refs %lu dma-maps %lu\n",
			   p->d->name, dsw_set_count(&p->skbs, false),
			   dsw_set_count(&p->frags, true),
			   dsw_set_count(&p->pages, true),
			   dsw_set_count(&p->maps, false));
	}
	mutex_unlock(&pkt_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pkt);

/* Created with the first state; goes with drvsup's debugfs directory. */
static void pkt_debugfs_init(void)
{
	static bool done;

	if (!done && drvsup_debugfs)
		debugfs_create_file("pkt", 0400, drvsup_debugfs, NULL, &pkt_fops);
	done = true;
}

/**
 * dsw_pkt_get - the packet state of @d, created and armed if need be
 * @d: the domain (may be NULL: then NULL)
 *
 * Process context only. Returns NULL when out of memory: the wrappers then
 * track nothing and refuse packet resources.
 */
struct dsw_pkt *dsw_pkt_get(struct drvsup_domain *d)
{
	struct dsw_pkt *p;
	struct drvsup_obj *o;

	if (!d)
		return NULL;
	might_sleep();
	mutex_lock(&pkt_mutex);
	pkt_debugfs_init();
	p = dsw_pkt_find(d);
	if (!p)
		p = pkt_new(d);
	if (p && !p->drain) {
		o = drvsup_track(d, &obj_pkt, p, 0, 0, GFP_KERNEL);
		if (o) {
			o->priv = p;
			p->drain = o;
		}
	}
	mutex_unlock(&pkt_mutex);
	return p;
}

/*
 * The slot of @dev, which a mapping was made for, or -ENOENT. Any context.
 * Unmaps and syncs look their device up here: only a map, whose device
 * was checked, adds one (a device in a slot is held and quarantined at a
 * failure, so a corrupted pointer must never get one).
 */
int dsw_pkt_dev_find(struct dsw_pkt *p, struct device *dev)
{
	int i;

	for (i = 0; i < DSW_PKT_DEVS; i++)
		if (READ_ONCE(p->devs[i]) == dev)
			return i;
	return -ENOENT;
}

bool dsw_pkt_dev_known(struct dsw_pkt *p, struct device *dev)
{
	return dsw_pkt_dev_find(p, dev) >= 0;
}

/* The index of @dev in @p->devs, added if new; -ENOSPC when full. */
int dsw_pkt_dev_index(struct dsw_pkt *p, struct device *dev)
{
	int i;

	for (i = 0; i < DSW_PKT_DEVS; i++) {
		struct device *cur = READ_ONCE(p->devs[i]);

		if (cur == dev)
			return i;
		if (!cur && !cmpxchg(&p->devs[i], NULL, dev))
			return i;
		if (READ_ONCE(p->devs[i]) == dev)
			return i;
	}
	return -ENOSPC;
}

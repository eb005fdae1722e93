// SPDX-License-Identifier: GPL-2.0
/*
 * skb.c - sk_buffs, page fragments and pages a driver holds: allocation,
 * freeing and the helpers that change an sk_buff's shape. Ownership is
 * recorded in the domain's lock-free packet sets (pkt.h states the rules),
 * so a failed driver's packets can be given back and a driver that frees
 * what it does not own is stopped before the allocator sees it.
 *
 * The shape helpers are passed through, except where the kernel would BUG
 * on a bad argument outside any gate (skb_put past the end, skb_trim of a
 * non-linear sk_buff): there the driver is unwound instead.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "wrap.h"
#include "../faultinj/faultinj.h"
#include "pkt.h"

/* The packet state, created if the caller's gfp allows sleeping. */
static struct dsw_pkt *pkt_for_alloc(struct drvsup_domain *d, gfp_t gfp)
{
	struct dsw_pkt *p = d ? dsw_pkt_find(d) : NULL;

	if (!p && d && gfpflags_allow_blocking(gfp))
		p = dsw_pkt_get(d);
	return p;
}

static inline struct dsw_pkt *pkt_of(struct drvsup_domain *d)
{
	return d ? dsw_pkt_find(d) : NULL;
}

/* A new sk_buff is the driver's; with no room to record it, none is. */
static struct sk_buff *skb_adopt(struct dsw_pkt *p, struct sk_buff *skb)
{
	if (!skb || !p)
		return skb;
	if (dsw_set_add(&p->skbs, (unsigned long)skb) >= 0) {
		dsw_skb_lend(p, skb, true);
		return skb;
	}
	kfree_skb(skb);
	return NULL;
}

/* The pages the driver attached to @skb leave with it. */
void dsw_skb_pages_gone(struct dsw_pkt *p, struct sk_buff *skb)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	int i;

	if (!dsw_ref_any(&p->pages))
		return;
	for (i = 0; i < sh->nr_frags; i++)
		dsw_ref_put(&p->pages, dsw_head_pfn(skb_frag_page(&sh->frags[i])));
}

/* The driver lets go of @skb: false if it was not the driver's. */
bool dsw_skb_let_go(struct dsw_pkt *p, struct sk_buff *skb)
{
	if (!p)
		return true;
	if (!dsw_set_del(&p->skbs, (unsigned long)skb) &&
	    !atomic_add_unless(&p->lost_skbs, -1, 0))
		return false;
	dsw_skb_lend(p, skb, false);
	dsw_skb_pages_gone(p, skb);
	return true;
}

#define DSW_LET_GO(d, skb, fn)						\
	({								\
		bool __ok = !(skb) || dsw_skb_let_go(pkt_of(d), skb);	\
		if (!__ok)						\
			dsw_fault(d, DRVSUP_FAULT_BADARG,		\
				  fn "(%p): not the driver's sk_buff", skb); \
		__ok;							\
	})

/* --- allocation --------------------------------------------------------- */

/* An sk_buff @call makes (a new one, a copy, a clone): the driver's. */
#define DSW_SKB_NEW(gfp, call)						\
	({								\
		struct sk_buff *__skb;					\
		DSW_ENTER(d);						\
		__skb = skb_adopt(pkt_for_alloc(d, gfp), (call));	\
		DSW_LEAVE();						\
		__skb;							\
	})

DSW(struct sk_buff *, __alloc_skb, unsigned int size, gfp_t gfp, int flags,
	int node)
{
	return DSW_SKB_NEW(gfp, __alloc_skb(size, gfp, flags, node));
}

DSW(struct sk_buff *, __napi_alloc_skb, struct napi_struct *napi,
	unsigned int len, gfp_t gfp)
{
	return DSW_SKB_NEW(gfp, __napi_alloc_skb(napi, len, gfp));
}

DSW(struct sk_buff *, __netdev_alloc_skb, struct net_device *dev,
	unsigned int len, gfp_t gfp)
{
	return DSW_SKB_NEW(gfp, __netdev_alloc_skb(dev, len, gfp));
}

/* Copies and clones; the driver still holds the original too. */
DSW(struct sk_buff *, skb_realloc_headroom, struct sk_buff *skb,
	unsigned int headroom)
{
	return DSW_SKB_NEW(GFP_ATOMIC, skb_realloc_headroom(skb, headroom));
}

/*
 * The segments of a GSO packet: a list of new sk_buffs, each the driver's
 * (with no room to record them all, none is, and the driver gets
 * -ENOMEM). The original stays the driver's.
 */
DSW(struct sk_buff *, __skb_gso_segment, struct sk_buff *skb,
	netdev_features_t features, bool tx_path)
{
	struct sk_buff *segs, *s, *t;
	struct dsw_pkt *p;

	DSW_ENTER(d);
	segs = __skb_gso_segment(skb, features, tx_path);
	p = pkt_for_alloc(d, GFP_ATOMIC);
	if (IS_ERR_OR_NULL(segs) || !p)
		goto out;
	for (s = segs; s; s = s->next) {
		if (dsw_set_add(&p->skbs, (unsigned long)s) >= 0) {
			dsw_skb_lend(p, s, true);
			continue;
		}
		for (t = segs; t != s; t = t->next) {
			dsw_skb_lend(p, t, false);
			dsw_set_del(&p->skbs, (unsigned long)t);
		}
		kfree_skb_list(segs);
		segs = ERR_PTR(-ENOMEM);
		break;
	}
out:
	DSW_LEAVE();
	return segs;
}

DSW(struct sk_buff *, skb_clone, struct sk_buff *skb, gfp_t gfp)
{
	return DSW_SKB_NEW(gfp, skb_clone(skb, gfp));
}

DSW(struct sk_buff *, skb_copy, const struct sk_buff *skb, gfp_t gfp)
{
	return DSW_SKB_NEW(gfp, skb_copy(skb, gfp));
}

DSW(struct sk_buff *, skb_copy_expand, const struct sk_buff *skb,
	int newheadroom, int newtailroom, gfp_t gfp)
{
	return DSW_SKB_NEW(gfp, skb_copy_expand(skb, newheadroom, newtailroom,
						gfp));
}

/* A page the driver's page_frag now holds (pkt.h): remembered. */
static void carved_add(struct dsw_pkt *p, struct page *page)
{
	unsigned int i = atomic_inc_return(&p->carved_next) % DSW_PKT_CARVED;

	WRITE_ONCE(p->carved[i], dsw_head_pfn(page));
}

static bool carved_has(struct dsw_pkt *p, unsigned long pfn)
{
	unsigned int i;

	for (i = 0; i < DSW_PKT_CARVED; i++)
		if (READ_ONCE(p->carved[i]) == pfn)
			return true;
	return false;
}

/*
 * build_skb() and napi_build_skb() turn memory the driver owns into an
 * sk_buff's head: a fragment or page reference, or a buffer carved from
 * its page_frag's page (frag_size > 0), or a
 * kmalloc()ed block (0). If the new sk_buff cannot be recorded, it is
 * taken apart again without touching the driver's memory: the reference
 * it took over is given back first, so the driver sees a plain allocation
 * failure. ERR_PTR(-EPERM): @data is not the driver's, or the buffer
 * (@frag_size bytes, its shared info at the end) runs past its pages.
 */
static struct sk_buff *build_owned(struct drvsup_domain *d,
				   struct sk_buff *(*build)(void *, unsigned int),
				   void *data, unsigned int frag_size)
{
	struct dsw_pkt *p = pkt_of(d);
	struct dsw_set *from = NULL;
	unsigned long pfn = 0;
	struct sk_buff *skb;

	if (p && frag_size) {
		struct page *head;

		/* the head and its shared info must fit the driver's pages */
		if (!virt_addr_valid(data))
			return ERR_PTR(-EPERM);
		head = virt_to_head_page(data);
		if (data - page_address(head) + frag_size > page_size(head))
			return ERR_PTR(-EPERM);
		pfn = page_to_pfn(head);
		if (dsw_ref_has(&p->frags, pfn))
			from = &p->frags;
		else if (dsw_ref_has(&p->pages, pfn))
			from = &p->pages;
		else if (!carved_has(p, pfn))
			return ERR_PTR(-EPERM);
	} else if (p && !drvsup_find(d, NULL, data)) {
		return ERR_PTR(-EPERM);
	}
	skb = build(data, frag_size);
	if (!skb || !p)
		return skb;
	if (dsw_set_add(&p->skbs, (unsigned long)skb) < 0) {
		if (frag_size) {
			get_page(virt_to_head_page(data));
			kfree_skb(skb);
			return NULL;
		}
		atomic_inc(&p->lost_skbs);
	} else {
		dsw_skb_lend(p, skb, true);
	}
	if (from)
		dsw_ref_put(from, pfn);
	else if (!frag_size)
		drvsup_obj_free(drvsup_untrack(d, NULL, data));
	return skb;
}

DSW(struct sk_buff *, napi_build_skb, void *data, unsigned int frag_size)
{
	struct sk_buff *skb;

	DSW_ENTER(d);
	skb = build_owned(d, napi_build_skb, data, frag_size);
	if (IS_ERR(skb)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "napi_build_skb(%p, %u): not the driver's memory",
			  data, frag_size);
		return NULL;
	}
	DSW_LEAVE();
	return skb;
}

DSW(struct sk_buff *, build_skb, void *data, unsigned int frag_size)
{
	struct sk_buff *skb;

	DSW_ENTER(d);
	skb = build_owned(d, build_skb, data, frag_size);
	if (IS_ERR(skb)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "build_skb(%p, %u): not the driver's memory",
			  data, frag_size);
		return NULL;
	}
	DSW_LEAVE();
	return skb;
}

/* A page fragment the driver now holds, counted (or freed: NULL). */
static void *frag_adopt(struct drvsup_domain *d, void *frag)
{
	struct dsw_pkt *p = pkt_of(d);

	if (frag && p &&
	    !dsw_ref_get(&p->frags, dsw_head_pfn(virt_to_page(frag)))) {
		page_frag_free(frag);
		frag = NULL;
	}
	return frag;
}

DSW(void *, __netdev_alloc_frag_align, unsigned int fragsz,
	unsigned int align_mask)
{
	void *frag;

	DSW_ENTER(d);
	frag = frag_adopt(d, __netdev_alloc_frag_align(fragsz, align_mask));
	DSW_LEAVE();
	return frag;
}

DSW(void *, __napi_alloc_frag_align, unsigned int fragsz,
	unsigned int align_mask)
{
	void *frag;

	DSW_ENTER(d);
	frag = frag_adopt(d, __napi_alloc_frag_align(fragsz, align_mask));
	DSW_LEAVE();
	return frag;
}

/* Anywhere inside the fragment: a driver may free at start + headroom. */
DSW(void, page_frag_free, void *addr)
{
	struct dsw_pkt *p;

	DSW_ENTER(d);
	p = pkt_of(d);
	if (p && !dsw_ref_put(&p->frags, dsw_head_pfn(virt_to_page(addr)))) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "page_frag_free(%p): not the driver's fragment",
			  addr);
		return;
	}
	page_frag_free(addr);
	DSW_LEAVE();
}

/* --- pages ----------------------------------------------------------------- */

/*
 * Order-0 and compound pages are recorded by head pfn; the driver's
 * put_page() is inline and only calls out (__folio_put) for the last
 * reference. A higher-order non-compound block is not recorded (a driver
 * frees it with __free_pages(), which drvsup does not wrap).
 */
/* A block just allocated for @d: recorded (see above), or freed. */
static struct page *pages_adopt(struct drvsup_domain *d, struct page *page,
				gfp_t gfp, unsigned int order)
{
	struct dsw_pkt *p = page ? pkt_for_alloc(d, gfp) : NULL;

	if (p && (!order || (gfp & __GFP_COMP)) &&
	    !dsw_ref_get(&p->pages, page_to_pfn(page))) {
		__free_pages(page, order);
		return NULL;
	}
	return page;
}

DSW(struct page *, alloc_pages, gfp_t gfp, unsigned int order)
{
	struct page *page;

	DSW_ENTER(d);
	page = pages_adopt(d, alloc_pages(gfp, order), gfp, order);
	DSW_LEAVE();
	return page;
}

/* alloc_pages_node()'s, inline in the driver. */
DSW(struct page *, __alloc_pages, gfp_t gfp, unsigned int order,
	int preferred_nid, nodemask_t *nodemask)
{
	struct page *page;

	DSW_ENTER(d);
	page = pages_adopt(d, __alloc_pages(gfp, order, preferred_nid, nodemask),
			   gfp, order);
	DSW_LEAVE();
	return page;
}

DSW(bool, skb_page_frag_refill, unsigned int sz, struct page_frag *pfrag,
	gfp_t gfp)
{
	struct page *old = pfrag->page;
	struct dsw_pkt *p;
	bool ok;

	DSW_ENTER(d);
	ok = skb_page_frag_refill(sz, pfrag, gfp);
	p = ok && pfrag->page != old ? pkt_for_alloc(d, gfp) : NULL;
	if (p)
		carved_add(p, pfrag->page);
	DSW_LEAVE();
	return ok;
}

DSW(void, __folio_put, struct folio *folio)
{
	struct dsw_pkt *p;

	DSW_ENTER(d);
	p = pkt_of(d);
	if (p)
		dsw_ref_put(&p->pages, folio_pfn(folio));
	__folio_put(folio);
	DSW_LEAVE();
}

DSW(void, __free_pages, struct page *page, unsigned int order)
{
	struct dsw_pkt *p;

	DSW_ENTER(d);
	p = pkt_of(d);
	/* alloc_pages() records order-0 and compound pages (see there) */
	if (p && (!order || dsw_ref_has(&p->pages, page_to_pfn(page))) &&
	    !dsw_ref_put(&p->pages, page_to_pfn(page))) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "__free_pages(%p): not the driver's page", page);
		return;
	}
	__free_pages(page, order);
	DSW_LEAVE();
}

/* --- freeing ----------------------------------------------------------- */

DSW(void, consume_skb, struct sk_buff *skb)
{
	DSW_ENTER(d);
	if (!DSW_LET_GO(d, skb, "consume_skb"))
		return;
	consume_skb(skb);
	DSW_LEAVE();
}

DSW(void, kfree_skb_reason, struct sk_buff *skb, enum skb_drop_reason reason)
{
	DSW_ENTER(d);
	if (!DSW_LET_GO(d, skb, "kfree_skb"))
		return;
	kfree_skb_reason(skb, reason);
	DSW_LEAVE();
}

DSW(void, __dev_kfree_skb_any, struct sk_buff *skb,
	enum skb_free_reason reason)
{
	DSW_ENTER(d);
	if (!DSW_LET_GO(d, skb, "dev_kfree_skb_any"))
		return;
	__dev_kfree_skb_any(skb, reason);
	DSW_LEAVE();
}

DSW(void, __dev_kfree_skb_irq, struct sk_buff *skb,
	enum skb_free_reason reason)
{
	DSW_ENTER(d);
	if (!DSW_LET_GO(d, skb, "dev_kfree_skb_irq"))
		return;
	__dev_kfree_skb_irq(skb, reason);
	DSW_LEAVE();
}

/* --- handing a received packet to the stack: it is no longer the driver's */

DSW(int, netif_rx, struct sk_buff *skb)
{
	int ret;

	DSW_ENTER(d);
	if (!DSW_LET_GO(d, skb, "netif_rx"))
		return NET_RX_DROP;
	ret = netif_rx(skb);
	DSW_LEAVE();
	return ret;
}

DSW(int, netif_receive_skb, struct sk_buff *skb)
{
	int ret;

	DSW_ENTER(d);
	if (!DSW_LET_GO(d, skb, "netif_receive_skb"))
		return NET_RX_DROP;
	ret = netif_receive_skb(skb);
	DSW_LEAVE();
	return ret;
}

DSW(void, napi_consume_skb, struct sk_buff *skb, int budget)
{
	DSW_ENTER(d);
	if (!DSW_LET_GO(d, skb, "napi_consume_skb"))
		return;
	napi_consume_skb(skb, budget);
	DSW_LEAVE();
}

/*
 * Is @skb one the driver holds (or may hold: one its set had no room to
 * record)? One it does not is not read: a bent pointer's fields are
 * garbage the kernel's own checks would panic on.
 */
static bool skb_held(struct dsw_pkt *p, const struct sk_buff *skb)
{
	return !p || dsw_set_has(&p->skbs, (unsigned long)skb) ||
	       atomic_read(&p->lost_skbs);
}

/* __skb_pad(..., free_on_error) frees the sk_buff when it fails. */
DSW(int, __skb_pad, struct sk_buff *skb, int pad, bool free_on_error)
{
	struct dsw_pkt *p;
	int err;

	DSW_ENTER(d);
	p = pkt_of(d);
	/* padding is to a frame's minimum or alignment, never 64 KiB */
	if (!skb_held(p, skb) || pad < 0 || pad > U16_MAX) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "skb_pad(%p, %d): not the driver's sk_buff or padding",
			  skb, pad);
		return -EINVAL;
	}
	dsw_skb_lend(p, skb, false);
	err = __skb_pad(skb, pad, free_on_error);
	/* Gone: forget the pointer, do not look inside. */
	if (err && free_on_error && p)
		dsw_set_del(&p->skbs, (unsigned long)skb);
	else
		dsw_skb_lend(p, skb, true);
	DSW_LEAVE();
	return err;
}

/* --- shape ----------------------------------------------------------------- */

DSW(void *, skb_put, struct sk_buff *skb, unsigned int len)
{
	void *tail;

	DSW_ENTER(d);
	if (unlikely(!skb_held(pkt_of(d), skb))) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "skb_put(%p, %u): not the driver's sk_buff", skb, len);
		return NULL;
	}
	if (unlikely(skb_is_nonlinear(skb) || skb->tail > skb->end ||
		     len > skb->end - skb->tail)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "skb_put(%p, %u): past the end", skb, len);
		return NULL;
	}
	tail = skb_put(skb, len);
	DSW_LEAVE();
	return tail;
}

DSW(void, skb_trim, struct sk_buff *skb, unsigned int len)
{
	DSW_ENTER(d);
	if (unlikely(!skb_held(pkt_of(d), skb))) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "skb_trim(%p, %u): not the driver's sk_buff", skb, len);
		return;
	}
	if (unlikely(skb->data_len && skb->len > len)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "skb_trim(%p, %u): non-linear", skb, len);
		return;
	}
	skb_trim(skb, len);
	DSW_LEAVE();
}

/* Trimming may drop whole frags, and with them pages the driver attached. */
DSW(int, ___pskb_trim, struct sk_buff *skb, unsigned int len)
{
	struct page *before[MAX_SKB_FRAGS];
	struct dsw_pkt *p;
	int i, n = 0, err;

	DSW_ENTER(d);
	p = pkt_of(d);
	if (p && dsw_ref_any(&p->pages)) {
		n = skb_shinfo(skb)->nr_frags;
		for (i = 0; i < n; i++)
			before[i] = skb_frag_page(&skb_shinfo(skb)->frags[i]);
	}
	err = ___pskb_trim(skb, len);
	for (i = skb_shinfo(skb)->nr_frags; i < n; i++)
		dsw_ref_put(&p->pages, dsw_head_pfn(before[i]));
	DSW_LEAVE();
	return err;
}

DSW(int, pskb_expand_head, struct sk_buff *skb, int nhead, int ntail,
	gfp_t gfp)
{
	struct dsw_pkt *p;
	int err;

	DSW_ENTER(d);
	p = d ? dsw_pkt_find(d) : NULL;
	if (p && !dsw_set_has(&p->skbs, (unsigned long)skb))
		p = NULL;		/* not the driver's: lends nothing */
	dsw_skb_lend(p, skb, false);
	err = pskb_expand_head(skb, nhead, ntail, gfp);
	dsw_skb_lend(p, skb, true);
	DSW_LEAVE();
	return err;
}

DSW(int, skb_copy_bits, const struct sk_buff *skb, int offset, void *to,
	int len)
{
	int err;

	DSW_ENTER(d);
	if (unlikely(!skb_held(pkt_of(d), skb))) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "skb_copy_bits(%p): not the driver's sk_buff", skb);
		return -EFAULT;
	}
	/* faultinj "bcopy": past @to's end, if the skb has the bytes */
	err = skb_copy_bits(skb, offset, to, len);
	if (!err) {
		int more = faultinj_copy_len(d, len) - len;

		if (more && offset + len + more <= skb->len)
			skb_copy_bits(skb, offset + len, to + len, more);
	}
	DSW_LEAVE();
	return err;
}

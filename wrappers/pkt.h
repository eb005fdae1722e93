/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pkt.h - what a supervised driver holds at packet rate, per domain: the
 * sk_buffs it owns, its page-fragment and page references, its streaming
 * DMA mappings (wrappers/skb.c, wrappers/dma.c, wrappers/netdev.c).
 *
 * One dsw_pkt per domain, created in process context by the first wrapper
 * that may need it (alloc_etherdev_mqs, dma_set_mask, netif_napi_add...),
 * found from any context by dsw_pkt_find(). Two tracked objects stand for
 * it: "packet-sets" (kept: the sets' memory, freed at unload, so a proxy
 * that returns from a failed driver can still look in them) and "packets"
 * (the driver's contents: a failure drains the sets, DMA mappings first,
 * while the device's bus master is already off). A restarted driver
 * re-arms "packets" with its first dsw_pkt_get().
 *
 * Ownership rules the wrappers apply:
 *  - an sk_buff is the driver's from its allocation (or from the
 *    ndo_start_xmit call that hands it in) until it is freed through a
 *    wrapper or handed up (napi_gro_receive...); freeing or handing up an
 *    sk_buff the driver does not hold is a bad argument;
 *  - a page fragment (netdev_alloc_frag) is a reference on its compound
 *    head page, keyed by pfn: page_frag_free() anywhere inside gives one
 *    back, napi_build_skb() moves it into the new sk_buff;
 *  - a page from alloc_pages() is the driver's alone until it is freed
 *    (__folio_put: the driver's put_page() dropped the last reference) or
 *    attached to an sk_buff that leaves the driver: the frags of every
 *    sk_buff handed up or freed are looked up here while the set is not
 *    empty (skb_fill_page_desc() itself is inline and unseen);
 *  - a page the driver's page_frag holds (skb_page_frag_refill) is carved
 *    into buffers whose references the driver takes inline (get_page()):
 *    no count can follow them. The last DSW_PKT_CARVED such pages are the
 *    driver's to build sk_buffs on, each taking over a reference the
 *    driver took; none is given back at a restart (the buffers the dead
 *    instance had posted to its device are leaked, never freed twice);
 *  - a streaming DMA mapping is keyed by its DMA address; unmapping or
 *    syncing an address the driver did not map is a bad argument.
 */
#ifndef DRVSUP_PKT_H
#define DRVSUP_PKT_H

#include <linux/dma-direction.h>
#include <linux/mm.h>

#include "objset.h"

struct drvsup_domain;
struct drvsup_obj;
struct sk_buff;
struct device;

#define DSW_PKT_DEVS	16		/* devices with DMA mappings, per domain */
#define DSW_PKT_CARVED	128		/* page_frag pages remembered, per domain */

struct dsw_pkt {
	struct drvsup_domain *d;
	struct dsw_set skbs;		/* sk_buff pointers */
	struct dsw_set frags;		/* fragment refs by head pfn */
	struct dsw_set pages;		/* alloc_pages() refs by head pfn */
	struct dsw_set maps;		/* DMA address -> dsw_map_val() */
	struct device *devs[DSW_PKT_DEVS];	/* dsw_map_val()'s device index */
	struct drvsup_obj *drain;	/* the "pkt" object, NULL once drained */
	atomic_t lost_skbs;		/* built but not tracked (set full) */
	unsigned long carved[DSW_PKT_CARVED];	/* head pfns, newest at next-1 */
	atomic_t carved_next;
};

struct dsw_pkt *dsw_pkt_get(struct drvsup_domain *d);
struct dsw_pkt *dsw_pkt_find(struct drvsup_domain *d);

/* A streaming mapping's value: size, direction and device index. */
#define DSW_MAP_SIZE_BITS	32
#define DSW_MAP_DIR_SHIFT	32
#define DSW_MAP_DEV_SHIFT	34
#define DSW_MAP_MATCH		(~0UL)		/* size, dir and device */

int dsw_pkt_dev_index(struct dsw_pkt *p, struct device *dev);
int dsw_pkt_dev_find(struct dsw_pkt *p, struct device *dev);
bool dsw_pkt_dev_known(struct dsw_pkt *p, struct device *dev);

static inline unsigned long dsw_map_val(size_t size,
					enum dma_data_direction dir, int dev)
{
	return size | (unsigned long)dir << DSW_MAP_DIR_SHIFT |
	       (unsigned long)dev << DSW_MAP_DEV_SHIFT;
}

static inline unsigned long dsw_head_pfn(struct page *page)
{
	return page_to_pfn(compound_head(page));
}

/* skb.c: the driver gives @skb's attached pages away with it. */
void dsw_skb_pages_gone(struct dsw_pkt *p, struct sk_buff *skb);
/* skb.c: the driver lets go of @skb (freed or handed up); false if not its. */
bool dsw_skb_let_go(struct dsw_pkt *p, struct sk_buff *skb);
void dsw_skb_lend(struct dsw_pkt *p, struct sk_buff *skb, bool lend);

#endif /* DRVSUP_PKT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * netdev.c - network devices and NAPI: the net_device and its registration
 * (both kept: the interface keeps its ifindex, addresses and routes across
 * a driver failure), the gated method tables installed at registration
 * (netdev_ops.c), link and queue state, and NAPI contexts with a gated
 * poll. sk_buffs handed up through NAPI leave the driver here (pkt.h).
 *
 * At the moment of a failure the device's transmit queues are stopped (the
 * qdisc holds packets), their trans_start refreshed and the carrier turned
 * off, so dev_watchdog never calls ndo_tx_timeout on a dead driver. When
 * the net shadow will restart the driver its fault hook does that instead,
 * and quietly (struct dsw_netdev_hooks, netdev.h); a restarted probe gets
 * the kept device and registration back (alloc_etherdev_mqs,
 * register_netdev).
 *
 * NAPI: a failed poll must still complete its NAPI or napi_disable() waits
 * forever on NAPI_STATE_SCHED; so must a NAPI whose SCHED bit a faulting
 * interrupt handler took with napi_schedule_prep() but never scheduled.
 * napi_disable() of a NAPI never enabled spins forever, and napi_enable()
 * of one enabled BUGs: the record's enabled state turns both into a
 * contained bad argument. A driver may never call netif_napi_del()
 * (free_netdev does it): a failure deletes its NAPI contexts, which live in the kept
 * net_device's private area that a restart will reuse.
 *
 * rtnl is a lock the driver takes through here, nested in the net
 * shadow's while a restart re-probes the driver.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/bottom_half.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_failover.h>

#include "../isolation/writecheck.h"
#include "wrap.h"
#include "devres.h"
#include "cbmap.h"
#include "proxy.h"
#include "netdev.h"
#include "pkt.h"

/* The net class shadow's part; set before any driver loads. */
static const struct dsw_netdev_hooks *hooks;

void dsw_netdev_hooks_set(const struct dsw_netdev_hooks *h)
{
	hooks = h;
}

/* --- the net_device (kept) -------------------------------------------------- */

/* The transmit queues, whose locks the inline netif_tx_lock() takes. */
static size_t queues_size(const struct net_device *dev)
{
	return dev->num_tx_queues * sizeof(struct netdev_queue);
}

/* o->a: sizeof_priv, to know where the allocation ends */
static void release_netdev(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct net_device *dev = (struct net_device *)o->key;

	/* NAPI contexts, work items and timers inside go with it. */
	dsw_cb_release_range(d, dev, netdev_priv(dev) + o->a);
	drvsup_disown(d, dev->_tx, queues_size(dev));
	free_netdev(dev);
}

/* The device and its private area: the driver's locks live there. */
static size_t netdev_extent(const struct drvsup_obj *o)
{
	struct net_device *dev = (struct net_device *)o->key;

	return netdev_priv(dev) - (void *)dev + o->a;
}

/* The driver's own bytes of it: the private area. */
static size_t netdev_state(const struct drvsup_obj *o, unsigned long *start)
{
	*start = (unsigned long)netdev_priv((struct net_device *)o->key);
	return o->a;
}

static const struct drvsup_obj_type obj_netdev = {
	.name = "netdev",
	.kept = true,
	.restartable = true,
	.release = release_netdev,
	.extent = netdev_extent,
	.ckpt = DRVSUP_CKPT_COPY,
	.state = netdev_state,
};

/*
 * A restarted probe gets the kept device back, private area zeroed (NULL:
 * none left to claim; an ERR_PTR: it asked for another shape).
 */
static struct net_device *netdev_kept(struct drvsup_domain *d,
				      int sizeof_priv, unsigned int txqs)
{
	struct drvsup_obj *o = d && drvsup_domain_restarting(d) ?
			       drvsup_find_kept(d, &obj_netdev, 0) : NULL;
	struct net_device *dev;

	if (!o)
		return NULL;
	dev = (struct net_device *)o->key;
	if (o->a != sizeof_priv || dev->num_tx_queues != txqs)
		return ERR_PTR(-EINVAL);
	return dev;
}

/* @dev, just allocated for @d, tracked; NULL if it cannot be. */
static struct net_device *netdev_tracked(struct drvsup_domain *d,
					 struct net_device *dev,
					 int sizeof_priv)
{
	if (!dev || !d)
		return dev;
	if (drvsup_own(d, dev->_tx, queues_size(dev))) {
		free_netdev(dev);
		return NULL;
	}
	if (!drvsup_track(d, &obj_netdev, dev, sizeof_priv, 0, GFP_KERNEL)) {
		drvsup_disown(d, dev->_tx, queues_size(dev));
		free_netdev(dev);
		return NULL;
	}
	return dev;
}

DSW(struct net_device *, alloc_etherdev_mqs, int sizeof_priv,
	unsigned int txqs, unsigned int rxqs)
{
	struct net_device *dev;

	DSW_ENTER(d);
	/* The packet state first: it is released after the device. */
	dsw_pkt_get(d);
	dev = netdev_kept(d, sizeof_priv, txqs);
	if (IS_ERR(dev)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "alloc_etherdev_mqs: restarted with another size");
		return NULL;
	}
	if (!dev)
		dev = netdev_tracked(d, alloc_etherdev_mqs(sizeof_priv, txqs,
							   rxqs),
				     sizeof_priv);
	DSW_LEAVE();
	return dev;
}

/* A new device from alloc_netdev_mqs() becomes @d's, or its kept one. */
static struct net_device *netdev_adopt(struct net_device *dev,
				       int sizeof_priv, unsigned int txqs)
{
	struct net_device *kept;

	DSW_ENTER(d);
	dsw_pkt_get(d);
	kept = netdev_kept(d, sizeof_priv, txqs);
	if (IS_ERR(kept)) {
		free_netdev(dev);
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "alloc_netdev_mqs: restarted with another size");
		return NULL;
	}
	if (kept) {
		free_netdev(dev);
		dev = kept;
	} else {
		dev = netdev_tracked(d, dev, sizeof_priv);
	}
	DSW_LEAVE();
	return dev;
}

/*
 * The driver's @setup runs during the call, on the driver's gate (as a
 * within line's callbacks do): so the kernel is called first, outside any
 * crossing, and a restart's new device is dropped for the kept one.
 */
DSW(struct net_device *, alloc_netdev_mqs, int sizeof_priv, const char *name,
	unsigned char name_assign_type, void (*setup)(struct net_device *),
	unsigned int txqs, unsigned int rxqs)
{
	struct net_device *dev;

	dev = alloc_netdev_mqs(sizeof_priv, name, name_assign_type, setup,
			       txqs, rxqs);
	return dev ? netdev_adopt(dev, sizeof_priv, txqs) : NULL;
}

/* Managed: tied to @dev, so an unbind frees it as devres would have. */
DSW(struct net_device *, devm_alloc_etherdev_mqs, struct device *dev,
	int sizeof_priv, unsigned int txqs, unsigned int rxqs)
{
	struct net_device *ndev;

	ndev = dsw_alloc_etherdev_mqs(sizeof_priv, txqs, rxqs);
	if (ndev)
		dsw_devres_tie(dev, &obj_netdev, ndev);
	return ndev;
}

/* --- its registration and method tables (kept) ---------------------------- */

static void quiesce_netdev_reg(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct net_device *dev = (struct net_device *)o->key;

	/* The net shadow may keep the link up in the kernel's eyes. */
	if (hooks && hooks->fault && hooks->fault(o->priv))
		return;
	netif_tx_stop_all_queues(dev);
	netdev_refresh_trans_start(dev);
	netif_carrier_off(dev);
}

static void release_netdev_reg(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct netdev_proxy *p = o->priv;

	if (hooks && hooks->unregistering)
		hooks->unregistering(p);
	/* A dead driver's ndo_stop/ndo_uninit are not called: proxies. */
	unregister_netdev(p->dev);
	netdev_proxy_restore(p);
	kfree_rcu(p, rcu);
}

static const struct drvsup_obj_type obj_netdev_reg = {
	.name = "netdev-registration",
	.kept = true,
	.restartable = true,
	.ckpt = DRVSUP_CKPT_KEEP,
	.quiesce = quiesce_netdev_reg,
	.release = release_netdev_reg,
};

/* Up to @max proxies of the devices @d registered; how many there are. */
int dsw_netdev_kept(struct drvsup_domain *d, struct netdev_proxy **v,
		    unsigned int max)
{
	return drvsup_tracker_collect(d, &obj_netdev_reg, (void **)v, max);
}

/* The size of @dev's private area, as the driver asked for it. */
size_t dsw_netdev_priv_size(struct drvsup_domain *d, struct net_device *dev)
{
	struct drvsup_obj *o = drvsup_find(d, &obj_netdev, dev);

	return o ? o->a : 0;
}

/* The proxy of a supervised driver's registered device, or NULL. */
struct netdev_proxy *dsw_netdev_proxy(struct net_device *dev)
{
	struct netdev_proxy *p = ndo_proxy_of(dev);

	return dev->netdev_ops == &p->ndo ? p : NULL;
}

DSW(void, free_netdev, struct net_device *dev)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	o = d ? drvsup_find(d, &obj_netdev, dev) : NULL;
	if (!o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "free_netdev(%p): not allocated by the driver", dev);
		return;
	}
	if (drvsup_find(d, &obj_netdev_reg, dev)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "free_netdev(%s): still registered", dev->name);
		return;
	}
	dsw_release(d, &obj_netdev, dev);
	DSW_LEAVE();
}

/* register_netdev(), or register_netdevice() if the caller holds rtnl */
static int netdev_register(struct net_device *dev, bool rtnl_held)
{
	struct netdev_proxy *p;
	struct drvsup_obj *o;
	struct dsw_pkt *pkt;
	int err;

	DSW_ENTER(d);
	if (!d || !drvsup_find(d, &obj_netdev, dev)) {
		pr_err("%s: register_netdev: a device not from alloc_etherdev\n",
		       d ? d->name : "?");
		err = -EINVAL;
		goto out;
	}
	/* A restarted probe: the device never left the kernel. */
	o = drvsup_domain_restarting(d) ? drvsup_find(d, &obj_netdev_reg, dev) :
					  NULL;
	if (o) {
		err = hooks && hooks->reregister ? hooks->reregister(o->priv) :
						   -EINVAL;
		goto out;
	}
	pkt = dsw_pkt_get(d);
	if (!pkt) {
		err = -ENOMEM;
		goto out;
	}
	p = netdev_proxy_new(d, pkt, dev, hooks);
	if (IS_ERR(p)) {
		err = PTR_ERR(p);
		goto out;
	}
	o = drvsup_track(d, &obj_netdev_reg, dev, 0, 0, GFP_KERNEL);
	if (!o) {
		kfree(p);
		err = -ENOMEM;
		goto out;
	}
	o->priv = p;
	if (hooks && hooks->registered)
		hooks->registered(p);
	netdev_proxy_install(p);
	err = rtnl_held ? register_netdevice(dev) : register_netdev(dev);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, &obj_netdev_reg, dev));
		netdev_proxy_restore(p);
		kfree_rcu(p, rcu);
	}
out:
	DSW_LEAVE();
	dsw_check_alive(d);
	return err;
}

DSW(int, register_netdev, struct net_device *dev)
{
	return netdev_register(dev, false);
}

DSW(int, register_netdevice, struct net_device *dev)
{
	return netdev_register(dev, true);
}

/*
 * rtnl. A restart's re-probe runs under the net shadow's rtnl
 * (d->lent_rtnl): the probe's own rtnl_lock() nests inside it, and its
 * hold, unwound at a fault, gives nothing back.
 */
static char rtnl_hold_key;

static void rtnl_hold_release(void *key, unsigned long lent)
{
	if (!lent)
		rtnl_unlock();
}

static inline bool rtnl_lent(struct drvsup_domain *d)
{
	return d && READ_ONCE(d->lent_rtnl) == current;
}

DSW(void, rtnl_lock, void)
{
	bool lent;

	DSW_ENTER(d);
	lent = rtnl_lent(d);
	if (!lent)
		rtnl_lock();
	DSW_LEAVE();
	drvsup_hold_take(rtnl_hold_release, &rtnl_hold_key, lent);
	dsw_check_alive(d);
}

DSW(void, rtnl_unlock, void)
{
	DSW_ENTER(d);
	if (!drvsup_hold_pop(&rtnl_hold_key)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "rtnl_unlock(): rtnl not taken by the call");
		return;
	}
	if (!rtnl_lent(d))
		rtnl_unlock();
	DSW_LEAVE();
}

/*
 * Failover (net_failover.ko) is refused: a driver whose device offers a
 * standby fails its probe with -EOPNOTSUPP, and destroys nothing, since
 * nothing was created (NULL, or a pointer that is the driver's fault).
 */
DSW(struct failover *, net_failover_create, struct net_device *standby)
{
	struct drvsup_domain *d = dsw_domain(_RET_IP_);

	pr_info_once("%s: net_failover_create() refused: -EOPNOTSUPP (imports.tbl)\n",
		     d ? d->name : "?");
	return ERR_PTR(-EOPNOTSUPP);
}

DSW(void, net_failover_destroy, struct failover *failover)
{
	DSW_ENTER(d);
	if (failover) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "net_failover_destroy(%p): never created", failover);
		return;
	}
	DSW_LEAVE();
}

/* Managed: tied to @dev, so an unbind unregisters it as devres would. */
DSW(int, devm_register_netdev, struct device *dev, struct net_device *ndev)
{
	int err = dsw_register_netdev(ndev);

	if (!err)
		dsw_devres_tie(dev, &obj_netdev_reg, ndev);
	return err;
}

DSW(void, unregister_netdev, struct net_device *dev)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_netdev_reg, dev)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "unregister_netdev(%p): not registered by the driver",
			  dev);
		return;
	}
	DSW_LEAVE();
	dsw_check_alive(d);
}

/* --- link and queue state: kernel state of a kept device, passed through --- */

DSW(void, netif_carrier_on, struct net_device *dev)
{
	struct netdev_proxy *p;

	DSW_ENTER_ANY();
	netif_carrier_on(dev);
	/* The net shadow was waiting for this to let tx go. */
	p = dsw_netdev_proxy(dev);
	if (p && READ_ONCE(p->hold_tx) && hooks && hooks->carrier_on)
		hooks->carrier_on(p);
	DSW_LEAVE();
}

DSW(void, netif_tx_wake_queue, struct netdev_queue *txq)
{
	struct netdev_proxy *p;

	DSW_ENTER_ANY();
	/* A restarted driver has no link yet: the net shadow holds tx. */
	p = dsw_netdev_proxy(txq->dev);
	if (!p || !READ_ONCE(p->hold_tx))
		netif_tx_wake_queue(txq);
	DSW_LEAVE();
}

/* --- NAPI -------------------------------------------------------------------- */

struct napi_rec {
	struct dsw_cb cb;		/* key: the napi_struct; fn: its poll */
	struct napi_struct *napi;
	bool enabled;			/* napi_enable()d, not disabled since */
	bool prepped;			/* SCHED taken by prep, not yet scheduled */
	bool completed;			/* napi_complete_done() in this poll */
};
static_assert(offsetof(struct napi_rec, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_napi = { "napi-poll", 0 };

static struct napi_rec *napi_rec_find(struct napi_struct *n)
{
	struct dsw_cb *cb = dsw_cb_find(n);

	return cb ? container_of(cb, struct napi_rec, cb) : NULL;
}

/*
 * The argument rule of a NAPI context the driver passes: one it
 * registered, or (a NAPI whose poll is not the driver's has no record)
 * one in memory its domain owns, of a net_device it owns.
 * napi_refused(): true, and the call unwound, if not.
 */
static bool napi_unknown(struct drvsup_domain *d, struct napi_struct *n)
{
	struct net_device *dev;
	bool known;

	if (!d)
		return false;
	rcu_read_lock();
	known = napi_rec_find(n);
	rcu_read_unlock();
	if (known || !drvsup_owns(d, n, sizeof(*n)))
		return !known;
	dev = READ_ONCE(n->dev);
	return !drvsup_owns(d, dev, sizeof(*dev));
}

#define napi_refused(d, n)						\
	dsw_refused(d, napi_unknown(d, n),				\
		    "NAPI context %p: not one the driver registered", n)

/*
 * The poll runs with BHs off (an RCU reader): the record, freed with
 * kfree_rcu() after netif_napi_del(), outlives the call.
 */
static int napi_proxy_poll(struct napi_struct *n, int budget)
{
	struct napi_rec *r;
	int work;

	rcu_read_lock();
	r = napi_rec_find(n);
	if (likely(r)) {
		r->completed = false;
		work = DRVSUP_CALL(r->cb.d, &entry_napi, r->cb.fn, n, budget);
		if (likely(drvsup_state(r->cb.d) == DRVSUP_RUNNING)) {
			rcu_read_unlock();
			return work;
		}
		if (r->completed) {
			rcu_read_unlock();
			return 0;
		}
	}
	rcu_read_unlock();
	/* A failed (or forgotten) driver: complete, as its poll would have. */
	napi_complete_done(n, 0);
	return 0;
}

/*
 * A registered NAPI context is the kernel's: only its functions change it
 * (write isolation, isolation/writecheck.c), but for the frags sk_buff
 * pointer, which the inline napi_free_frags() clears in the driver.
 */
static void napi_hole(struct drvsup_domain *d, struct napi_struct *n, bool on)
{
	if (on) {
		drvsup_write_hole(d, n, offsetof(struct napi_struct, skb),
				  "napi_struct");
		drvsup_write_hole(d, &n->skb + 1, sizeof(*n) -
				  offsetofend(struct napi_struct, skb), "napi_struct");
	} else {
		drvsup_write_unhole(d, n);
		drvsup_write_unhole(d, &n->skb + 1);
	}
}

/*
 * Back to how netif_napi_add() left it: disabled, no frags sk_buff (a
 * checkpoint's copy of the driver's memory skips the NAPI itself).
 */
static void rewind_napi(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct napi_rec *r = o->priv;
	struct napi_struct *n = r->napi;
	struct dsw_pkt *p = dsw_pkt_find(d);

	/* SCHED taken by a handler that failed before scheduling: poll it. */
	if (READ_ONCE(r->prepped)) {
		local_bh_disable();
		__napi_schedule(n);
		local_bh_enable();
	}
	if (r->enabled)
		napi_disable(n);
	r->enabled = false;
	/* Pages the driver attached to the NAPI's frags sk_buff go with it. */
	if (p && n->skb)
		dsw_skb_pages_gone(p, n->skb);
	napi_free_frags(n);
}

static void release_napi(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct napi_rec *r = o->priv;
	struct napi_struct *n = r->napi;

	rewind_napi(d, o);
	napi_hole(d, n, false);
	netif_napi_del(n);
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static const struct drvsup_obj_type obj_napi = {
	.name = "napi",
	.release = release_napi,
	.ckpt = DRVSUP_CKPT_REWIND,
	.rewind = rewind_napi,
};

/* netif_napi_del(): the record goes with the NAPI (release_napi() deletes it). */
DSW(void, __netif_napi_del, struct napi_struct *napi)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_napi, napi))
		__netif_napi_del(napi);	/* not the driver's poll: not recorded */
	DSW_LEAVE();
}

DSW(void, netif_napi_add_weight, struct net_device *dev,
	struct napi_struct *napi, int (*poll)(struct napi_struct *, int),
	int weight)
{
	struct napi_rec *r;

	DSW_ENTER(d);
	if (!d || !dsw_in_domain(d, poll)) {
		netif_napi_add_weight(dev, napi, poll, weight);
		DSW_LEAVE();
		return;
	}
	rcu_read_lock();
	r = napi_rec_find(napi);
	rcu_read_unlock();
	if (r) {
		/* The kernel would WARN: the NAPI is on a list already. */
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "netif_napi_add(%p): added already", napi);
		return;
	}
	dsw_pkt_get(d);
	r = dsw_cb_new(d, &obj_napi, napi, poll, sizeof(*r), GFP_KERNEL);
	if (r) {
		r->napi = napi;
		dsw_cb_add(&r->cb);
		napi_hole(d, napi, true);
	} else {
		/* The proxy finds no record and completes every poll. */
		pr_err("%s: no memory to record a NAPI context: it will not poll\n",
		       d->name);
	}
	netif_napi_add_weight(dev, napi, napi_proxy_poll, weight);
	DSW_LEAVE();
}

DSW(void, napi_enable, struct napi_struct *n)
{
	struct napi_rec *r;

	DSW_ENTER(d);
	if (napi_refused(d, n))
		return;
	rcu_read_lock();
	r = napi_rec_find(n);
	if (r && r->enabled) {
		rcu_read_unlock();
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "napi_enable(%p): enabled already", n);
		return;
	}
	if (r)
		r->enabled = true;
	rcu_read_unlock();
	napi_enable(n);
	DSW_LEAVE();
}

DSW(void, napi_disable, struct napi_struct *n)
{
	struct napi_rec *r;

	DSW_ENTER(d);
	if (napi_refused(d, n))
		return;
	rcu_read_lock();
	r = napi_rec_find(n);
	if (r && !r->enabled) {
		rcu_read_unlock();
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "napi_disable(%p): not enabled", n);
		return;
	}
	if (r)
		r->enabled = false;
	rcu_read_unlock();
	napi_disable(n);
	DSW_LEAVE();
	dsw_check_alive(d);
}

DSW(bool, napi_schedule_prep, struct napi_struct *n)
{
	struct napi_rec *r;
	bool ret;

	DSW_ENTER(d);
	if (napi_refused(d, n))
		return false;
	ret = napi_schedule_prep(n);
	if (ret) {
		rcu_read_lock();
		r = napi_rec_find(n);
		if (r)
			WRITE_ONCE(r->prepped, true);
		rcu_read_unlock();
	}
	DSW_LEAVE();
	return ret;
}

/* The poll is scheduled: the SCHED bit a prep took is used up. */
static void napi_scheduled(struct napi_struct *n)
{
	struct napi_rec *r;

	rcu_read_lock();
	r = napi_rec_find(n);
	if (r)
		WRITE_ONCE(r->prepped, false);
	rcu_read_unlock();
}

DSW(void, __napi_schedule, struct napi_struct *n)
{
	DSW_ENTER(d);
	if (napi_refused(d, n))
		return;
	napi_scheduled(n);
	__napi_schedule(n);
	DSW_LEAVE();
}

DSW(void, __napi_schedule_irqoff, struct napi_struct *n)
{
	DSW_ENTER(d);
	if (napi_refused(d, n))
		return;
	napi_scheduled(n);
	__napi_schedule_irqoff(n);
	DSW_LEAVE();
}

DSW(bool, napi_complete_done, struct napi_struct *n, int work_done)
{
	struct napi_rec *r;
	bool ret;

	DSW_ENTER(d);
	if (napi_refused(d, n))
		return false;
	rcu_read_lock();
	r = napi_rec_find(n);
	if (r)
		r->completed = true;
	rcu_read_unlock();
	ret = napi_complete_done(n, work_done);
	DSW_LEAVE();
	return ret;
}

/* --- sk_buffs handed up ------------------------------------------------------ */

DSW(gro_result_t, napi_gro_receive, struct napi_struct *napi,
	struct sk_buff *skb)
{
	struct dsw_pkt *p;
	gro_result_t ret;

	DSW_ENTER(d);
	if (napi_refused(d, napi))
		return GRO_CONSUMED;
	p = d ? dsw_pkt_find(d) : NULL;
	if (p && !dsw_skb_let_go(p, skb)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "napi_gro_receive(%p): not the driver's sk_buff",
			  skb);
		return GRO_CONSUMED;
	}
	ret = napi_gro_receive(napi, skb);
	DSW_LEAVE();
	return ret;
}

/* The NAPI's own sk_buff (napi_get_frags) takes the driver's pages up. */
DSW(gro_result_t, napi_gro_frags, struct napi_struct *napi)
{
	struct dsw_pkt *p;
	gro_result_t ret;

	DSW_ENTER(d);
	if (napi_refused(d, napi))
		return GRO_CONSUMED;
	p = d ? dsw_pkt_find(d) : NULL;
	if (p && napi->skb)
		dsw_skb_pages_gone(p, napi->skb);
	ret = napi_gro_frags(napi);
	DSW_LEAVE();
	return ret;
}

DSW(struct sk_buff *, napi_get_frags, struct napi_struct *napi)
{
	struct sk_buff *skb;

	DSW_ENTER(d);
	if (napi_refused(d, napi))
		return NULL;
	skb = napi_get_frags(napi);
	DSW_LEAVE();
	return skb;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbmap.h - callback records: for a kernel object that calls back into a
 * driver with only itself as argument (a napi_struct, a work item, a
 * timer), the domain and the driver's function, found by the object's
 * address from the proxy the kernel now calls instead.
 *
 * Records live in one RCU hash table for all domains. A proxy looks its
 * record up under rcu_read_lock() and copies what it needs; whoever removes
 * a record first makes sure the kernel object no longer calls the proxy
 * (cancelled, deleted), then frees it after a grace period (kfree_rcu).
 * Each record is also a tracked object of its domain (o->priv), so that a
 * failure or an unload quiesces and releases it.
 */
#ifndef DRVSUP_CBMAP_H
#define DRVSUP_CBMAP_H

#include <linux/gfp.h>
#include <linux/rculist.h>
#include <linux/types.h>

struct drvsup_domain;
struct drvsup_obj;
struct drvsup_obj_type;

struct dsw_cb {
	struct hlist_node node;		/* in the map, RCU */
	const void *key;		/* the kernel object */
	struct drvsup_domain *d;	/* the driver's domain */
	void *fn;			/* the driver's function */
	struct drvsup_obj *obj;		/* the tracker's record of this */
	struct rcu_head rcu;
};

void *dsw_cb_new(struct drvsup_domain *d, const struct drvsup_obj_type *type,
		 const void *key, void *fn, size_t size, gfp_t gfp);
void dsw_cb_add(struct dsw_cb *cb);
void dsw_cb_del(struct dsw_cb *cb);
struct dsw_cb *dsw_cb_find(const void *key);	/* rcu_read_lock() held */
void *dsw_cb_method(const void *key, size_t off, struct drvsup_domain **d);
void dsw_cb_release_range(struct drvsup_domain *d, const void *start,
			  const void *end);

#endif /* DRVSUP_CBMAP_H */

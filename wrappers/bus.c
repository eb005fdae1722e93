// SPDX-License-Identifier: GPL-2.0
/*
 * bus.c - a driver's registration on a bus, kept across a restart (bus.h):
 * its tracking, and the restart's probe of every device it has bound.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>

#include "wrap.h"
#include "bus.h"
#include "quarantine.h"

/*
 * A restart: probe @dev, which the kept registration still has bound,
 * with the driver's own probe, as the driver core would (device lock
 * held), inside whatever locks the class shadows want (rtnl for a NIC).
 * A probe that returns resets the device: the old instance's DMA memory
 * can go.
 */
static int reprobe_one(struct device *dev, void *data)
{
	struct dsw_bus_driver *b = data;
	int err;

	device_lock(dev);
	drvsup_recovery_reprobe(b->d, true);
	err = b->probe(b, dev);
	drvsup_recovery_reprobe(b->d, false);
	device_unlock(dev);
	if (!err && drvsup_state(b->d) == DRVSUP_RUNNING &&
	    !READ_ONCE(b->d->probe_keeps_device))
		dsw_quarantine_reset(dev);
	return err;
}

/**
 * dsw_bus_again - a driver registers @key again
 * @d: its domain
 * @type: the bus's registration type
 * @key: the driver's own structure
 * @err: what the registration returns, if this returns true
 *
 * Returns false if @key is not registered: a first registration. Else the
 * kept copy stays, and a restart probes its devices again.
 */
bool dsw_bus_again(struct drvsup_domain *d, const struct drvsup_obj_type *type,
		   const void *key, int *err)
{
	struct dsw_bus_driver *b;
	struct drvsup_obj *o;

	o = drvsup_find(d, type, key);
	if (!o)
		return false;
	b = o->priv;
	*err = drvsup_domain_restarting(d) ?
	       driver_for_each_device(b->drv, NULL, b, reprobe_one) : 0;
	return true;
}
EXPORT_SYMBOL_NS_GPL(dsw_bus_again, DRVSUP_INTERNAL);

/**
 * dsw_bus_add - a first registration: @b tracked under @key, registered
 * @d: the driver's domain
 * @type: the bus's registration type
 * @key: the driver's own structure
 * @b: the copy (or an ERR_PTR, returned as is)
 *
 * Tracked first: probes run before the registration returns. A copy that
 * cannot be registered is freed.
 */
int dsw_bus_add(struct drvsup_domain *d, const struct drvsup_obj_type *type,
		const void *key, struct dsw_bus_driver *b)
{
	struct drvsup_obj *o;
	int err;

	if (IS_ERR(b))
		return PTR_ERR(b);
	o = drvsup_track(d, type, key, 0, 0, GFP_KERNEL);
	if (!o) {
		kfree(b);
		return -ENOMEM;
	}
	o->priv = b;
	err = b->reg(b);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, type, key));
		kfree(b);
	}
	return err;
}
EXPORT_SYMBOL_NS_GPL(dsw_bus_add, DRVSUP_INTERNAL);

// SPDX-License-Identifier: GPL-2.0
/*
 * devres.c - a supervised driver's device-managed resources (devm_*,
 * pcim_*, dmam_*).
 *
 * Every probe drvsup gates runs inside a devres group that drvsup opens
 * on the device and leaves open: whatever the driver asks the device to
 * manage from then on (in its probe, and later, in its open) lands in the
 * group. A restart releases the group, as the driver core would have
 * released it at unbind. A failed probe or an unbind releases it with the
 * device's other resources (the driver core's devres_release_all()), and
 * drvsup only forgets it. The imports that need nothing more are bound
 * straight to the kernel (class devres in imports.tbl).
 *
 * A managed resource that drvsup must keep across a restart (the
 * net_device and its registration) or hand to its own release (DMA
 * memory goes to the quarantine) is tracked like its unmanaged twin and
 * tied to the device: an unbind of a running driver gives it back
 * through the tracker, in the order devres would have; a restart leaves
 * it to the tracker's own rules, and a failed driver's tied objects wait
 * for the domain's release.
 *
 * While the group is open the device is bound to the driver, and its
 * driver_data word is the driver's to write (dev_set_drvdata() is
 * inline): it is in the domain's write set (owned.h).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/device.h>

#include "devres.h"
#include "wrap.h"

static void drvdata_own(struct drvsup_domain *d, struct device *dev, bool own)
{
	if (own)
		drvsup_own(d, &dev->driver_data, sizeof(dev->driver_data));
	else
		drvsup_disown(d, &dev->driver_data, sizeof(dev->driver_data));
}

/* key: the device; priv: the group's id */
static void release_devres_group(struct drvsup_domain *d,
				 struct drvsup_obj *o)
{
	drvdata_own(d, (struct device *)o->key, false);
	devres_release_group((struct device *)o->key, o->priv);
}

/*
 * Nothing managed since the group opened: its opening marker is the last
 * of the device's resources. The marker is the group's first node, and
 * its id points at it (drivers/base/devres.c of 6.1: struct devres_group
 * begins with node[0], whose list entry comes first).
 */
static bool devres_group_empty(const struct drvsup_obj *o)
{
	struct device *dev = (struct device *)o->key;
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&dev->devres_lock, flags);
	empty = dev->devres_head.prev == (struct list_head *)o->priv;
	spin_unlock_irqrestore(&dev->devres_lock, flags);
	return empty;
}

static const struct drvsup_obj_type obj_devres_group = {
	.name = "devres-group",
	.release = release_devres_group,
	.ckpt = DRVSUP_CKPT_KEEP,
	.unchanged = devres_group_empty,
};

/*
 * Before a gated probe of @dev: open the group its managed resources go
 * into. Without one (no memory), they stay the device's until unbind.
 */
void dsw_devres_open(struct drvsup_domain *d, struct device *dev)
{
	struct drvsup_obj *o;
	void *id;

	if (drvsup_find(d, &obj_devres_group, dev))
		return;
	id = devres_open_group(dev, NULL, GFP_KERNEL);
	if (!id)
		goto fail;
	o = drvsup_track(d, &obj_devres_group, dev, 0, 0, GFP_KERNEL);
	if (o) {
		o->priv = id;
		drvdata_own(d, dev, true);
		return;
	}
	devres_remove_group(dev, id);
fail:
	pr_warn("%s: %s: no devres group: managed resources kept to unbind\n",
		d->name, dev_name(dev));
}
EXPORT_SYMBOL_NS_GPL(dsw_devres_open, DRVSUP_INTERNAL);

/*
 * A gated probe of @dev returned @err. A failed first probe's group goes
 * with the driver core's release; a restart's stays tracked, for the
 * domain's release.
 */
void dsw_devres_probed(struct drvsup_domain *d, struct device *dev, int err)
{
	if (err && !drvsup_domain_restarting(d))
		dsw_devres_forget(d, dev);
}
EXPORT_SYMBOL_NS_GPL(dsw_devres_probed, DRVSUP_INTERNAL);

/* After a failed probe or a remove: the driver core releases the group. */
void dsw_devres_forget(struct drvsup_domain *d, struct device *dev)
{
	struct drvsup_obj *o = drvsup_untrack(d, &obj_devres_group, dev);

	if (o)
		drvdata_own(d, dev, false);
	drvsup_obj_free(o);
}
EXPORT_SYMBOL_NS_GPL(dsw_devres_forget, DRVSUP_INTERNAL);

/* Is @dev one of @d's probed devices (its group open)? Any context. */
bool dsw_devres_bound(struct drvsup_domain *d, struct device *dev)
{
	return drvsup_find(d, &obj_devres_group, dev);
}
EXPORT_SYMBOL_NS_GPL(dsw_devres_bound, DRVSUP_INTERNAL);

struct devres_tie {
	struct drvsup_domain *d;
	const struct drvsup_obj_type *type;
	const void *key;
};

static void tie_release(struct device *dev, void *res)
{
	struct devres_tie *t = res;

	if (drvsup_state(t->d) == DRVSUP_RUNNING)
		dsw_release(t->d, t->type, t->key);
}

/**
 * dsw_devres_tie - a tracked object the driver asked @dev to manage
 * @dev: the device the calling driver is bound to
 * @type: the object's type
 * @key: the object, tracked by the calling driver's domain
 *
 * Called by a managed wrapper after its unmanaged twin tracked @key.
 */
void dsw_devres_tie(struct device *dev, const struct drvsup_obj_type *type,
		    const void *key)
{
	struct drvsup_domain *d = drvsup_current_domain();
	struct drvsup_frame *f = drvsup_out_begin();
	struct devres_tie *t;

	if (!d)
		goto out;
	t = devres_alloc(tie_release, sizeof(*t), GFP_KERNEL);
	if (!t) {
		pr_warn("%s: %s kept to the domain's release: no memory\n",
			d->name, type->name);
		goto out;
	}
	t->d = d;
	t->type = type;
	t->key = key;
	devres_add(dev, t);
out:
	drvsup_out_end(f);
}

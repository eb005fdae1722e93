// SPDX-License-Identifier: GPL-2.0
/*
 * dca.c - Direct Cache Access (dca.ko is a library: these wrappers are
 * drvsup_dca.ko, libcall.h). A driver registers a notifier block for DCA
 * providers coming and going, gated as notifier.c gates every chain's
 * block, and adds its device as a requester of a provider's tags: tracked,
 * removed at a restart. A tag for a CPU is a lookup.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/dca.h>
#include <linux/notifier.h>

#include "wrap.h"
#include "libcall.h"
#include "notifier.h"

static int dca_reg(struct notifier_block *nb)
{
	dca_register_notify(nb);
	return 0;
}

static int dca_unreg(struct notifier_block *nb)
{
	dca_unregister_notify(nb);
	return 0;
}

DSW(void, dca_register_notify, struct notifier_block *nb)
{
	dsw_notifier_register(nb, dca_reg, dca_unreg);
}

DSW(void, dca_unregister_notify, struct notifier_block *nb)
{
	dsw_notifier_unregister(nb, dca_unreg);
}

static void release_dca_requester(struct drvsup_domain *d,
				  struct drvsup_obj *o)
{
	dca_remove_requester((struct device *)o->key);
}

static const struct drvsup_obj_type obj_dca_requester = {
	.name = "dca-requester",
	.release = release_dca_requester,
};

DSW(int, dca_add_requester, struct device *dev)
{
	int err;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return -ENODEV;
	}
	err = dca_add_requester(dev);
	if (!err && !drvsup_track(d, &obj_dca_requester, dev, 0, 0, GFP_KERNEL)) {
		dca_remove_requester(dev);
		err = -ENOMEM;
	}
	DSW_LEAVE();
	return err;
}

DSW(int, dca_remove_requester, struct device *dev)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_dca_requester, dev)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "dca_remove_requester(%p): not the driver's", dev);
		return -ENODEV;
	}
	DSW_LEAVE();
	return 0;
}

/* The tag of @cpu's cache for @dev: the DCA core's lock, the provider's. */
DSW(u8, dca3_get_tag, struct device *dev, int cpu)
{
	u8 tag;

	DSW_ENTER_ANY();
	tag = dca3_get_tag(dev, cpu);
	DSW_LEAVE();
	return tag;
}

MODULE_DESCRIPTION("drvsup: wrappers of Direct Cache Access (dca.ko) for supervised drivers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DRVSUP_INTERNAL);

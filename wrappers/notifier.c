// SPDX-License-Identifier: GPL-2.0
/*
 * notifier.c - notifier blocks a driver registers on the kernel's chains
 * (network devices, IPv4 addresses, reboot). The block stays the driver's
 * and is what the chain links; its notifier_call is replaced by
 * notifier_proxy(), which finds the driver's function by the block's
 * address (cbmap.h) and calls it through a gate. A failed driver's block
 * answers NOTIFY_DONE until the recovery unregisters it and gives it its
 * function back; a restarted driver registers it again.
 *
 * Another chain's register and unregister (a library's: dca.c) use the
 * same record through dsw_notifier_register() (notifier.h).
 *
 * Registering on the netdevice chain replays the events of the devices
 * that exist: the driver's function runs then, through the gate, inside
 * the crossing of the register call.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/slab.h>

#include "wrap.h"
#include "cbmap.h"
#include "notifier.h"
#include "proxy.h"

struct notifier_rec {
	struct dsw_cb cb;		/* key: the block; fn: its function */
	struct notifier_block *nb;
	int (*unregister)(struct notifier_block *nb);
};
static_assert(offsetof(struct notifier_rec, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_notifier = { "notifier", NOTIFY_DONE };

static int notifier_proxy(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(nb, offsetof(struct notifier_rec, cb.fn), &d);

	if (!fn)
		return NOTIFY_DONE;
	return (int)DRVSUP_CALL(d, &entry_notifier, fn, nb, action, data);
}

/* Off the chain, the driver's function back in the block, the record gone. */
static int notifier_drop(struct notifier_rec *r)
{
	int err = r->unregister(r->nb);

	r->nb->notifier_call = r->cb.fn;
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
	return err;
}

static void release_notifier(struct drvsup_domain *d, struct drvsup_obj *o)
{
	notifier_drop(o->priv);
}

static const struct drvsup_obj_type obj_notifier = {
	.name = "notifier",
	.release = release_notifier,
};

int dsw_notifier_register(struct notifier_block *nb,
			  int (*reg)(struct notifier_block *nb),
			  int (*unreg)(struct notifier_block *nb))
{
	notifier_fn_t fn;
	struct notifier_rec *r = NULL;
	int err;

	DSW_ENTER(d);
	fn = nb->notifier_call;
	if (d && dsw_in_domain(d, fn)) {
		r = dsw_cb_new(d, &obj_notifier, nb, fn, sizeof(*r),
			       GFP_KERNEL);
		if (!r) {
			DSW_LEAVE();
			return -ENOMEM;
		}
		r->nb = nb;
		r->unregister = unreg;
		dsw_cb_add(&r->cb);
		nb->notifier_call = notifier_proxy;
	}
	err = reg(nb);
	if (err && r) {
		drvsup_obj_free(drvsup_untrack(d, &obj_notifier, nb));
		nb->notifier_call = fn;
		dsw_cb_del(&r->cb);
		kfree_rcu(r, cb.rcu);
	}
	DSW_LEAVE();
	return err;
}
EXPORT_SYMBOL_NS_GPL(dsw_notifier_register, DRVSUP_INTERNAL);

/* A block drvsup did not record (a kernel function) goes straight through. */
int dsw_notifier_unregister(struct notifier_block *nb,
			    int (*unreg)(struct notifier_block *nb))
{
	struct drvsup_obj *o;
	int err = 0;

	DSW_ENTER(d);
	o = d ? drvsup_untrack(d, &obj_notifier, nb) : NULL;
	if (o) {
		err = notifier_drop(o->priv);
		drvsup_obj_free(o);
	} else {
		err = unreg(nb);
	}
	DSW_LEAVE();
	return err;
}
EXPORT_SYMBOL_NS_GPL(dsw_notifier_unregister, DRVSUP_INTERNAL);

DSW(int, register_netdevice_notifier, struct notifier_block *nb)
{
	return dsw_notifier_register(nb, register_netdevice_notifier,
				 unregister_netdevice_notifier);
}

DSW(int, unregister_netdevice_notifier, struct notifier_block *nb)
{
	return dsw_notifier_unregister(nb, unregister_netdevice_notifier);
}

DSW(int, register_inetaddr_notifier, struct notifier_block *nb)
{
	return dsw_notifier_register(nb, register_inetaddr_notifier,
				 unregister_inetaddr_notifier);
}

DSW(int, unregister_inetaddr_notifier, struct notifier_block *nb)
{
	return dsw_notifier_unregister(nb, unregister_inetaddr_notifier);
}

DSW(int, register_reboot_notifier, struct notifier_block *nb)
{
	return dsw_notifier_register(nb, register_reboot_notifier,
				 unregister_reboot_notifier);
}

DSW(int, unregister_reboot_notifier, struct notifier_block *nb)
{
	return dsw_notifier_unregister(nb, unregister_reboot_notifier);
}

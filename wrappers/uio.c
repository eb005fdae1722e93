// SPDX-License-Identifier: GPL-2.0
/*
 * uio.c - userspace I/O devices a driver registers (uio.ko is a library:
 * these wrappers are drvsup_uio.ko, libcall.h). The uio_info a driver
 * hands the core holds its callbacks: the interrupt handler, mmap, open,
 * release and irqcontrol, which the core calls from its interrupt and from
 * the /dev/uioN file operations at any time. Each is replaced by a proxy
 * that finds the driver's function by the uio_info (cbmap.h) and calls it
 * through a gate: a failed driver's device answers -ENODEV (open, mmap),
 * -EIO (irqcontrol), IRQ_NONE, and releases succeed.
 *
 * A registered device is tracked: a restart unregisters it and gives the
 * driver's uio_info its own functions back; the restarted driver
 * registers again.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>
#include <linux/uio_driver.h>

#include "wrap.h"
#include "cbmap.h"
#include "libcall.h"

struct uio_rec {
	struct dsw_cb cb;		/* key: the uio_info; fn: its handler */
	struct uio_info *info;
	int (*mmap)(struct uio_info *info, struct vm_area_struct *vma);
	int (*open)(struct uio_info *info, struct inode *inode);
	int (*release)(struct uio_info *info, struct inode *inode);
	int (*irqcontrol)(struct uio_info *info, s32 irq_on);
};

static_assert(offsetof(struct uio_rec, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_uio_handler = { "uio-handler", IRQ_NONE };
static struct drvsup_entry entry_uio_mmap = { "uio-mmap", -ENODEV };
static struct drvsup_entry entry_uio_open = { "uio-open", -ENODEV };
static struct drvsup_entry entry_uio_release = { "uio-release", 0 };
static struct drvsup_entry entry_uio_irqcontrol = { "uio-irqcontrol", -EIO };

static irqreturn_t uio_handler_proxy(int irq, struct uio_info *info)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(info, offsetof(struct uio_rec, cb.fn), &d);

	if (!fn)
		return IRQ_NONE;
	return (irqreturn_t)DRVSUP_CALL(d, &entry_uio_handler, fn, irq, info);
}

static int uio_mmap_proxy(struct uio_info *info, struct vm_area_struct *vma)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(info, offsetof(struct uio_rec, mmap), &d);

	if (!fn)
		return -ENODEV;
	return (int)DRVSUP_CALL(d, &entry_uio_mmap, fn, info, vma);
}

static int uio_open_proxy(struct uio_info *info, struct inode *inode)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(info, offsetof(struct uio_rec, open), &d);

	if (!fn)
		return -ENODEV;
	return (int)DRVSUP_CALL(d, &entry_uio_open, fn, info, inode);
}

static int uio_release_proxy(struct uio_info *info, struct inode *inode)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(info, offsetof(struct uio_rec, release), &d);

	if (!fn)
		return 0;
	return (int)DRVSUP_CALL(d, &entry_uio_release, fn, info, inode);
}

static int uio_irqcontrol_proxy(struct uio_info *info, s32 irq_on)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(info, offsetof(struct uio_rec, irqcontrol), &d);

	if (!fn)
		return -EIO;
	return (int)DRVSUP_CALL(d, &entry_uio_irqcontrol, fn, info, irq_on);
}

/* The driver's own functions back, the record gone. */
static void uio_drop(struct uio_rec *r)
{
	r->info->handler = r->cb.fn;
	r->info->mmap = r->mmap;
	r->info->open = r->open;
	r->info->release = r->release;
	r->info->irqcontrol = r->irqcontrol;
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static void release_uio(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct uio_rec *r = o->priv;

	uio_unregister_device(r->info);
	uio_drop(r);
}

static const struct drvsup_obj_type obj_uio = {
	.name = "uio-device",
	.release = release_uio,
};

DSW(int, __uio_register_device, struct module *owner, struct device *parent,
	struct uio_info *info)
{
	struct uio_rec *r;
	int err;

	DSW_ENTER(d);
	if (!d || !info) {
		dsw_fault(d, DRVSUP_FAULT_BADARG, "uio_register_device(NULL)");
		return -EINVAL;
	}
	r = dsw_cb_new(d, &obj_uio, info, info->handler, sizeof(*r),
		       GFP_KERNEL);
	if (!r) {
		DSW_LEAVE();
		return -ENOMEM;
	}
	r->info = info;
	r->mmap = info->mmap;
	r->open = info->open;
	r->release = info->release;
	r->irqcontrol = info->irqcontrol;
	dsw_cb_add(&r->cb);
	info->handler = r->cb.fn ? uio_handler_proxy : NULL;
	info->mmap = r->mmap ? uio_mmap_proxy : NULL;
	info->open = r->open ? uio_open_proxy : NULL;
	info->release = r->release ? uio_release_proxy : NULL;
	info->irqcontrol = r->irqcontrol ? uio_irqcontrol_proxy : NULL;
	err = __uio_register_device(owner, parent, info);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, &obj_uio, info));
		uio_drop(r);
	}
	DSW_LEAVE();
	return err;
}

DSW(void, uio_unregister_device, struct uio_info *info)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_uio, info)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "uio_unregister_device(%p): not the driver's", info);
		return;
	}
	DSW_LEAVE();
}

/* Wakes the device's readers: the core's wait queue and fasync. */
DSW_LIB_CROSS_V(uio_event_notify, (struct uio_info *info), (info))

MODULE_DESCRIPTION("drvsup: wrappers of the userspace I/O core (uio.ko) for supervised drivers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DRVSUP_INTERNAL);

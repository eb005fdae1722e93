// SPDX-License-Identifier: GPL-2.0
/*
 * virtio.c - virtio drivers (virtio.ko and virtio_ring.ko are libraries:
 * these wrappers are drvsup_virtio.ko, libcall.h).
 *
 * The registration is a drvsup-owned copy of the virtio_driver with gated
 * validate, probe, scan, remove, config_changed, freeze and restore, kept
 * across a restart as bus.c keeps every bus's.
 *
 * A virtio driver gets its queues by calling the transport through the
 * device's config ops (virtio_find_vqs(), inline), handing it the
 * callbacks the queues' interrupts run. So a probe gives the device a
 * copy of its transport's ops whose find_vqs and del_vqs are drvsup's: the
 * queues' callbacks become vq_proxy(), which finds the driver's function
 * by the queue (cbmap.h) and calls it through a gate, and the queues are
 * one tracked object of the domain. A restart releases them as the
 * driver's remove would: the device reset first (no more DMA, no more
 * callbacks), then the transport's del_vqs. The copy goes at unbind.
 *
 * A restart probes the device again with the device's status rebuilt as
 * the virtio core's probe builds it, from the features negotiated at the
 * first probe (the same driver, the same device).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include "wrap.h"
#include "bus.h"
#include "cbmap.h"
#include "libcall.h"
#include "proxy.h"

/* --- the queues: callbacks gated, the set tracked -------------------------- */

/* A device's config ops while a supervised driver has it. */
struct vcfg {
	struct virtio_config_ops ops;	/* what vdev->config points to */
	const struct virtio_config_ops *orig;	/* the transport's */
	struct drvsup_domain *d;
};

static int vcfg_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			 struct virtqueue *vqs[], vq_callback_t *callbacks[],
			 const char * const names[], const bool *ctx,
			 struct irq_affinity *desc);
static void vcfg_del_vqs(struct virtio_device *vdev);

static struct vcfg *vcfg_of(struct virtio_device *vdev)
{
	return vdev->config->find_vqs == vcfg_find_vqs ?
	       container_of(vdev->config, struct vcfg, ops) : NULL;
}

static struct drvsup_entry entry_vq = { "virtqueue-callback", 0 };

/* A queue's interrupt (vring_interrupt(), hard IRQ). */
static void vq_proxy(struct virtqueue *vq)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(vq, offsetof(struct dsw_cb, fn), &d);

	if (fn)
		DRVSUP_CALL(d, &entry_vq, fn, vq);
}

static void release_vq_cb(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct dsw_cb *cb = o->priv;

	dsw_cb_del(cb);
	kfree_rcu(cb, rcu);
}

static const struct drvsup_obj_type obj_vq_cb = {
	.name = "virtqueue-callback",
	.release = release_vq_cb,
};

/* The device reset, then its queues deleted: as a driver's remove does. */
static void release_vqs(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct virtio_device *vdev = (struct virtio_device *)o->key;
	const struct virtio_config_ops *orig = o->priv;
	struct virtqueue *vq;

	virtio_reset_device(vdev);
	list_for_each_entry(vq, &vdev->vqs, list)
		dsw_release(d, &obj_vq_cb, vq);
	orig->del_vqs(vdev);
}

static const struct drvsup_obj_type obj_vqs = {
	.name = "virtqueues",
	.release = release_vqs,
};

/*
 * The transport's find_vqs with the driver's callbacks gated. Called by
 * the driver (virtio_find_vqs() is inline): a crossing out of its domain.
 */
static int vcfg_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			 struct virtqueue *vqs[], vq_callback_t *callbacks[],
			 const char * const names[], const bool *ctx,
			 struct irq_affinity *desc)
{
	struct vcfg *c = container_of(vdev->config, struct vcfg, ops);
	struct drvsup_domain *d = c->d;
	vq_callback_t **gated;
	struct drvsup_obj *o;
	struct dsw_cb *cb;
	unsigned int i;
	int err = -ENOMEM;

	DSW_ENTER_ANY();
	gated = kmalloc_array(nvqs, sizeof(*gated), GFP_KERNEL);
	if (!gated)
		goto out;
	for (i = 0; i < nvqs; i++)
		gated[i] = callbacks[i] ? dsw_gated(d, callbacks[i], vq_proxy) :
		       NULL;
	err = c->orig->find_vqs(vdev, nvqs, vqs, gated, names, ctx, desc);
	if (err)
		goto out;
	o = drvsup_track(d, &obj_vqs, vdev, 0, 0, GFP_KERNEL);
	if (!o) {
		c->orig->del_vqs(vdev);
		err = -ENOMEM;
		goto out;
	}
	o->priv = (void *)c->orig;
	/* Until recorded, a queue's interrupt finds nothing and is dropped. */
	for (i = 0; i < nvqs; i++) {
		if (gated[i] != vq_proxy || !vqs[i])
			continue;
		cb = dsw_cb_new(d, &obj_vq_cb, vqs[i], callbacks[i],
				sizeof(*cb), GFP_KERNEL);
		if (!cb) {
			dsw_release(d, &obj_vqs, vdev);
			err = -ENOMEM;
			goto out;
		}
		dsw_cb_add(cb);
	}
out:
	kfree(gated);
	DSW_LEAVE();
	return err;
}

static void vcfg_del_vqs(struct virtio_device *vdev)
{
	struct vcfg *c = container_of(vdev->config, struct vcfg, ops);

	DSW_ENTER_ANY();
	if (!dsw_release(c->d, &obj_vqs, vdev))
		c->orig->del_vqs(vdev);	/* none found through drvsup */
	DSW_LEAVE();
}

/* Give @vdev the copy of its ops (a first probe); false: no memory. */
static bool vcfg_install(struct drvsup_domain *d, struct virtio_device *vdev)
{
	struct vcfg *c;

	if (vcfg_of(vdev))
		return true;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return false;
	c->ops = *vdev->config;
	c->ops.find_vqs = vcfg_find_vqs;
	c->ops.del_vqs = vcfg_del_vqs;
	c->orig = vdev->config;
	c->d = d;
	vdev->config = &c->ops;
	return true;
}

/* The transport's own ops back; queues the driver left are released. */
static void vcfg_remove(struct drvsup_domain *d, struct virtio_device *vdev)
{
	struct vcfg *c = vcfg_of(vdev);

	dsw_release(d, &obj_vqs, vdev);
	if (!c)
		return;
	vdev->config = c->orig;
	kfree(c);
}

/* --- the driver: a registered copy with gated methods -------------------- */

struct virtio_proxy {
	struct dsw_bus_driver bus;	/* first: freed with kfree() */
	struct virtio_driver drv;	/* what the kernel knows */
	const struct virtio_driver *orig;
	struct drvsup_domain *d;
};

static_assert(offsetof(struct virtio_proxy, bus) == 0);

#define vdrv_proxy_of(vdev)						\
	container_of(drv_to_virtio((vdev)->dev.driver), struct virtio_proxy, drv)
#define vdrv_method(p, op)	((p)->orig->op)
#define vdrv_gate		DSW_GATE

#define VDRV_R(op, ...)							\
	DSW_PROXY_R(vdrv, op, int, (__VA_ARGS__), vdev,			\
		    (struct virtio_device *vdev), (vdev))
#define VDRV_V(op, name)						\
	DSW_PROXY_V(vdrv, op, (name, 0), vdev,				\
		    (struct virtio_device *vdev), (vdev))

VDRV_R(probe, "virtio-probe", -ENODEV, true)
VDRV_R(validate, "virtio-validate", -ENODEV)
VDRV_V(scan, "virtio-scan")
VDRV_V(remove, "virtio-remove")
VDRV_V(config_changed, "virtio-config-changed")
#ifdef CONFIG_PM
VDRV_R(freeze, "virtio-freeze", -EIO)
VDRV_R(restore, "virtio-restore", -EIO)
#endif

/* A probe runs with the device's ops copied; a failed first one restores. */
static int vdrv_probe(struct virtio_device *vdev)
{
	struct virtio_proxy *p = vdrv_proxy_of(vdev);
	int err;

	if (!vcfg_install(p->d, vdev))
		return -ENOMEM;
	err = vdrv_proxy_probe(vdev);
	if (err && !drvsup_domain_restarting(p->d))
		vcfg_remove(p->d, vdev);
	return err;
}

static void vdrv_remove(struct virtio_device *vdev)
{
	struct virtio_proxy *p = vdrv_proxy_of(vdev);

	vdrv_proxy_remove(vdev);
	vcfg_remove(p->d, vdev);
}

/* virtio_config_disable()/enable() are the core's own (static). */
static void vdev_config_enable(struct virtio_device *vdev, bool on)
{
	bool pending;

	spin_lock_irq(&vdev->config_lock);
	vdev->config_enabled = on;
	pending = on && vdev->config_change_pending;
	if (pending)
		vdev->config_change_pending = false;
	spin_unlock_irq(&vdev->config_lock);
	if (pending)
		virtio_config_changed(vdev);
}

/*
 * The device's status as the core's probe builds it, with the features
 * negotiated at the first probe (dev->features, which a reset keeps).
 */
static int vdev_renegotiate(struct virtio_device *vdev)
{
	int err;

	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	err = vdev->config->finalize_features(vdev);
	if (err || !virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
		return err;
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK))
		return -ENODEV;
	return 0;
}

/* A restart's probe of @dev (bus.c): config changes wait for its end. */
static int vdrv_reprobe(struct dsw_bus_driver *b, struct device *dev)
{
	struct virtio_device *vdev = dev_to_virtio(dev);
	int err;

	vdev_config_enable(vdev, false);
	err = vdev_renegotiate(vdev);
	if (!err)
		err = vdrv_probe(vdev);
	if (err) {
		virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
		return err;
	}
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_DRIVER_OK))
		virtio_device_ready(vdev);
	if (vdrv_proxy_of(vdev)->orig->scan)
		vdrv_proxy_scan(vdev);
	vdev_config_enable(vdev, true);
	return 0;
}

static int vdrv_reg(struct dsw_bus_driver *b)
{
	struct virtio_proxy *p = container_of(b, struct virtio_proxy, bus);

	return register_virtio_driver(&p->drv);
}

/* Driver methods of the embedded device_driver have no proxy: refused. */
static const char *vdrv_unsupported(const struct virtio_driver *drv)
{
	const struct device_driver *dd = &drv->driver;

	if (dd->groups || dd->dev_groups)
		return "attribute groups";
	if (dd->probe || dd->remove || dd->shutdown || dd->suspend ||
	    dd->resume || dd->sync_state || dd->coredump || dd->pm)
		return "struct device_driver methods";
	return NULL;
}

static struct dsw_bus_driver *vdrv_proxy_new(struct drvsup_domain *d,
					     const struct virtio_driver *orig)
{
	const char *why = vdrv_unsupported(orig);
	struct virtio_proxy *p;

	if (why) {
		pr_err("%s: virtio driver %s: %s not supported\n", d->name,
		       orig->driver.name, why);
		return ERR_PTR(-EOPNOTSUPP);
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->bus = (struct dsw_bus_driver){ d, &p->drv.driver, vdrv_reprobe,
					  vdrv_reg };
	p->orig = orig;
	p->d = d;
	p->drv = *orig;		/* ids, feature tables, name, owner */
	p->drv.probe = vdrv_probe;
	p->drv.remove = vdrv_remove;
	p->drv.validate = dsw_gated(d, orig->validate, vdrv_proxy_validate);
	p->drv.scan = dsw_gated(d, orig->scan, vdrv_proxy_scan);
	p->drv.config_changed = dsw_gated(d, orig->config_changed,
					  vdrv_proxy_config_changed);
#ifdef CONFIG_PM
	p->drv.freeze = dsw_gated(d, orig->freeze, vdrv_proxy_freeze);
	p->drv.restore = dsw_gated(d, orig->restore, vdrv_proxy_restore);
#endif
	return &p->bus;
}

/* Unbinds every device (their remove proxies run), then frees the copy. */
static void release_virtio_driver(struct drvsup_domain *d,
				  struct drvsup_obj *o)
{
	struct virtio_proxy *p = o->priv;

	unregister_virtio_driver(&p->drv);
	kfree(p);
}

static const struct drvsup_obj_type obj_virtio_driver = {
	.name = "virtio-driver",
	.kept = true,
	.restartable = true,
	.release = release_virtio_driver,
};

DSW(int, register_virtio_driver, struct virtio_driver *drv)
{
	int err;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return -ENODEV;
	}
	if (!dsw_bus_again(d, &obj_virtio_driver, drv, &err))
		err = dsw_bus_add(d, &obj_virtio_driver, drv,
				  vdrv_proxy_new(d, drv));
	DSW_LEAVE();
	return err;
}

DSW(void, unregister_virtio_driver, struct virtio_driver *drv)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_virtio_driver, drv)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "unregister_virtio_driver(%p): not registered by the driver",
			  drv);
		return;
	}
	DSW_LEAVE();
}

/* Resets the device: the transport waits for its interrupts to finish. */
DSW_LIB_CROSS_V(virtio_reset_device, (struct virtio_device *dev), (dev))

MODULE_DESCRIPTION("drvsup: wrappers of the virtio core (virtio.ko, virtio_ring.ko) for supervised drivers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DRVSUP_INTERNAL);

// SPDX-License-Identifier: GPL-2.0
/*
 * pcmcia.c - PCMCIA drivers: the registration (a drvsup-owned copy of the
 * pcmcia_driver with gated probe, remove, suspend and resume, kept across
 * a restart as bus.c keeps every bus's), and the card's configuration.
 *
 * The PCMCIA core is a library module (pcmcia.ko): these wrappers are a
 * module of their own, drvsup_pcmcia.ko (libcall.h).
 *
 * The configuration a probe builds (I/O ports, memory windows, the
 * enabled card) is one tracked object per card, released by
 * pcmcia_disable_device() at a restart. The interrupt handler is requested
 * through irq.c, gated and tracked on its own: pcmcia_request_irq() is
 * request_irq(card's line, handler, IRQF_SHARED, devname, p_dev->priv),
 * and the core's own record of it (p_dev->_irq) is never set, so that
 * pcmcia_disable_device() leaves it to drvsup. The CIS walkers, which call
 * the driver back during the call, are within lines of the import table.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <pcmcia/cistpl.h>
#include <pcmcia/ds.h>

#include "wrap.h"
#include "bus.h"
#include "devres.h"
#include "irq.h"
#include "libcall.h"
#include "proxy.h"

/* --- the driver: a registered copy with gated methods -------------------- */

struct pcmcia_proxy {
	struct dsw_bus_driver bus;	/* first: freed with kfree() */
	struct pcmcia_driver drv;	/* what the kernel knows */
	const struct pcmcia_driver *orig;
	struct drvsup_domain *d;
};

static_assert(offsetof(struct pcmcia_proxy, bus) == 0);

#define pcm_proxy_of(pdev)						\
	container_of(to_pcmcia_drv((pdev)->dev.driver), struct pcmcia_proxy, drv)
#define pcm_method(p, op)	((p)->orig->op)
#define pcm_gate		DSW_GATE

DSW_PROXY_R(pcm, probe, int, ("pcmcia-probe", -ENODEV, true), pdev,
	    (struct pcmcia_device *pdev), (pdev))
DSW_PROXY_V(pcm, remove, ("pcmcia-remove", 0), pdev,
	    (struct pcmcia_device *pdev), (pdev))
DSW_PROXY_R(pcm, suspend, int, ("pcmcia-suspend", 0), pdev,
	    (struct pcmcia_device *pdev), (pdev))
DSW_PROXY_R(pcm, resume, int, ("pcmcia-resume", 0), pdev,
	    (struct pcmcia_device *pdev), (pdev))

/* As every bus's probe: in a devres group, forgotten if the probe fails. */
static int pcm_probe(struct pcmcia_device *pdev)
{
	struct pcmcia_proxy *p = pcm_proxy_of(pdev);
	int err;

	dsw_devres_open(p->d, &pdev->dev);
	err = pcm_proxy_probe(pdev);
	dsw_devres_probed(p->d, &pdev->dev, err);
	return err;
}

static void pcm_remove(struct pcmcia_device *pdev)
{
	struct pcmcia_proxy *p = pcm_proxy_of(pdev);

	if (p->orig->remove)
		pcm_proxy_remove(pdev);
	dsw_devres_forget(p->d, &pdev->dev);
}

static int pcm_reprobe(struct dsw_bus_driver *b, struct device *dev)
{
	return pcm_probe(to_pcmcia_dev(dev));
}

static int pcm_reg(struct dsw_bus_driver *b)
{
	struct pcmcia_proxy *p = container_of(b, struct pcmcia_proxy, bus);

	return pcmcia_register_driver(&p->drv);
}

static struct dsw_bus_driver *pcm_proxy_new(struct drvsup_domain *d,
					    const struct pcmcia_driver *orig)
{
	const struct device_driver *dd = &orig->drv;
	struct pcmcia_proxy *p;

	if (dd->groups || dd->dev_groups || dd->probe || dd->remove ||
	    dd->shutdown || dd->suspend || dd->resume || dd->pm) {
		pr_err("%s: pcmcia driver %s: struct device_driver members not supported\n",
		       d->name, orig->name);
		return ERR_PTR(-EOPNOTSUPP);
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->bus = (struct dsw_bus_driver){ d, &p->drv.drv, pcm_reprobe,
					  pcm_reg };
	p->orig = orig;
	p->d = d;
	p->drv.name = orig->name;
	p->drv.owner = orig->owner;
	p->drv.id_table = orig->id_table;
	p->drv.probe = orig->probe ? pcm_probe : NULL;
	p->drv.remove = pcm_remove;
	p->drv.suspend = dsw_gated(d, orig->suspend, pcm_proxy_suspend);
	p->drv.resume = dsw_gated(d, orig->resume, pcm_proxy_resume);
	return &p->bus;
}

/* Unbinds every card (their remove proxies run), then frees the copy. */
static void release_pcm_driver(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct pcmcia_proxy *p = o->priv;

	pcmcia_unregister_driver(&p->drv);
	kfree(p);
}

static const struct drvsup_obj_type obj_pcm_driver = {
	.name = "pcmcia-driver",
	.kept = true,
	.restartable = true,
	.release = release_pcm_driver,
};

DSW(int, pcmcia_register_driver, struct pcmcia_driver *drv)
{
	int err;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return -ENODEV;
	}
	if (!dsw_bus_again(d, &obj_pcm_driver, drv, &err))
		err = dsw_bus_add(d, &obj_pcm_driver, drv,
				  pcm_proxy_new(d, drv));
	DSW_LEAVE();
	return err;
}

DSW(void, pcmcia_unregister_driver, struct pcmcia_driver *drv)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_pcm_driver, drv)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pcmcia_unregister_driver(%p): not registered by the driver",
			  drv);
		return;
	}
	DSW_LEAVE();
}

/* --- the card's configuration: one tracked object per card ---------------- */

static void release_pcm_config(struct drvsup_domain *d, struct drvsup_obj *o)
{
	pcmcia_disable_device((struct pcmcia_device *)o->key);
}

static const struct drvsup_obj_type obj_pcm_config = {
	.name = "pcmcia-config",
	.release = release_pcm_config,
};

/* Before a call that configures @pdev: its configuration is @d's. */
static int pcm_config_track(struct drvsup_domain *d, struct pcmcia_device *pdev)
{
	if (!d)
		return -ENODEV;
	if (drvsup_find(d, &obj_pcm_config, pdev))
		return 0;
	return drvsup_track(d, &obj_pcm_config, pdev, 0, 0, GFP_KERNEL) ?
	       0 : -ENOMEM;
}

/* A configuring call, tracked first (its failure leaves a part to undo). */
#define DSW_PCM_CONFIG(name, params, args)				\
	int dsw_##name params;						\
	DSW(int, name, DSW_UNPAREN params)				\
	{								\
		int err;						\
									\
		DSW_ENTER(d);						\
		err = pcm_config_track(d, pdev);			\
		if (!err)						\
			err = name(DSW_UNPAREN args);		\
		DSW_LEAVE();						\
		return err;						\
	}

DSW_PCM_CONFIG(pcmcia_enable_device, (struct pcmcia_device *pdev), (pdev))
DSW_PCM_CONFIG(pcmcia_request_io, (struct pcmcia_device *pdev), (pdev))
DSW_PCM_CONFIG(pcmcia_request_window, (struct pcmcia_device *pdev,
				   struct resource *res, unsigned int speed),
	   (pdev, res, speed))

/* Calls on a configured card: the core's, under its socket's mutex. */
DSW_LIB_CROSS(pcmcia_release_window,
	      (struct pcmcia_device *pdev, struct resource *res), (pdev, res))
DSW_LIB_CROSS(pcmcia_map_mem_page,
	      (struct pcmcia_device *pdev, struct resource *res,
	       unsigned int offset), (pdev, res, offset))
DSW_LIB_CROSS(pcmcia_write_config_byte,
	      (struct pcmcia_device *pdev, off_t where, u8 val),
	      (pdev, where, val))
DSW_LIB_CROSS(pcmcia_fixup_iowidth, (struct pcmcia_device *pdev),
	      (pdev))
DSW_LIB_CROSS(pcmcia_reset_card, (struct pcmcia_socket *skt), (skt))

/* The handler goes through irq.c: gated, tracked, freed by drvsup. */
DSW(int, pcmcia_request_irq, struct pcmcia_device *pdev, irq_handler_t handler)
{
	if (!pdev->irq)
		return -EINVAL;
	return dsw_request_threaded_irq(pdev->irq, handler, NULL, IRQF_SHARED,
					pdev->devname, pdev->priv);
}

/* What the core configured, given back: no longer @d's. */
static void pcm_disable(struct pcmcia_device *pdev)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	o = d ? drvsup_untrack(d, &obj_pcm_config, pdev) : NULL;
	pcmcia_disable_device(pdev);
	DSW_LEAVE();
	drvsup_obj_free(o);
}

/* The driver's handler first (irq.c's), then the configuration. */
DSW(void, pcmcia_disable_device, struct pcmcia_device *pdev)
{
	if (dsw_irq_held(drvsup_current_domain(), pdev->irq, pdev->priv))
		dsw_free_irq(pdev->irq, pdev->priv);
	pcm_disable(pdev);
}

MODULE_DESCRIPTION("drvsup: wrappers of the PCMCIA core (pcmcia.ko) for supervised drivers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DRVSUP_INTERNAL);

// SPDX-License-Identifier: GPL-2.0
/*
 * platform.c - platform drivers: the registration is a drvsup-owned copy
 * of the platform_driver whose probe, remove, shutdown, suspend and resume
 * are gated proxies, with its dev_pm_ops gated (pm.c). Each probe runs in
 * a devres group (devres.c). The registration is kept across a restart,
 * which probes the devices it still has bound again (bus.c).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/platform_device.h>
#include <linux/slab.h>

#include "wrap.h"
#include "bus.h"
#include "devres.h"
#include "pm.h"
#include "proxy.h"

struct plat_proxy {
	struct dsw_bus_driver bus;	/* first: freed with kfree() */
	struct platform_driver drv;	/* what the kernel knows */
	struct dsw_pm_proxy pm;		/* drv.driver.pm, if any */
	const struct platform_driver *orig;
	struct drvsup_domain *d;
	struct module *owner;
};

static_assert(offsetof(struct plat_proxy, bus) == 0);

static struct plat_proxy *plat_of(struct device *dev)
{
	return container_of(to_platform_driver(dev->driver), struct plat_proxy,
			    drv);
}

#define plat_proxy_of(pdev)	plat_of(&(pdev)->dev)
#define plat_method(p, op)	((p)->orig->op)
#define plat_gate		DSW_GATE

#define PLAT_R(op, name)						\
	DSW_PROXY_R(plat, op, int, (name, 0), pdev,			\
		    (struct platform_device *pdev), (pdev))

DSW_PROXY_R(plat, probe, int, ("platform-probe", -ENODEV, true), pdev,
	    (struct platform_device *pdev), (pdev))
PLAT_R(remove, "platform-remove")
PLAT_R(resume, "platform-resume")
DSW_PROXY_V(plat, remove_new, ("platform-remove_new", 0), pdev,
	    (struct platform_device *pdev), (pdev))
DSW_PROXY_V(plat, shutdown, ("platform-shutdown", 0), pdev,
	    (struct platform_device *pdev), (pdev))
/* pm_message_t is one int, passed in a register like one. */
DSW_PROXY_R(plat, suspend, int, ("platform-suspend", 0), pdev,
	    (struct platform_device *pdev, pm_message_t state),
	    (pdev, state.event))

/* As pci.c's probe: in a devres group, forgotten if the probe fails. */
static int plat_probe(struct platform_device *pdev)
{
	struct plat_proxy *p = plat_proxy_of(pdev);
	int err;

	dsw_devres_open(p->d, &pdev->dev);
	err = plat_proxy_probe(pdev);
	dsw_devres_probed(p->d, &pdev->dev, err);
	return err;
}

static int plat_remove(struct platform_device *pdev)
{
	struct plat_proxy *p = plat_proxy_of(pdev);

	if (p->orig->remove_new)
		plat_proxy_remove_new(pdev);
	else if (p->orig->remove)
		plat_proxy_remove(pdev);
	dsw_devres_forget(p->d, &pdev->dev);
	return 0;
}

/* Driver methods of the embedded device_driver have no proxy: refused. */
static const char *plat_unsupported(const struct platform_driver *drv)
{
	const struct device_driver *dd = &drv->driver;

	if (dd->groups || dd->dev_groups)
		return "attribute groups";
	if (dd->probe || dd->remove || dd->shutdown || dd->suspend ||
	    dd->resume || dd->sync_state || dd->coredump)
		return "struct device_driver methods";
	return NULL;
}

/* A restart's probe of @dev (bus.c). */
static int plat_reprobe(struct dsw_bus_driver *b, struct device *dev)
{
	return plat_probe(to_platform_device(dev));
}

static int plat_reg(struct dsw_bus_driver *b)
{
	struct plat_proxy *p = container_of(b, struct plat_proxy, bus);

	return __platform_driver_register(&p->drv, p->owner);
}

static struct dsw_bus_driver *plat_proxy_new(struct drvsup_domain *d,
					     const struct platform_driver *orig,
					     struct module *owner)
{
	const char *why = plat_unsupported(orig);
	struct plat_proxy *p;

	if (why) {
		pr_err("%s: platform driver %s: %s not supported\n", d->name,
		       orig->driver.name, why);
		return ERR_PTR(-EOPNOTSUPP);
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->bus = (struct dsw_bus_driver){ d, &p->drv.driver, plat_reprobe,
					  plat_reg };
	p->orig = orig;
	p->d = d;
	p->owner = owner;
	p->drv.driver.name = orig->driver.name;
	p->drv.driver.of_match_table = orig->driver.of_match_table;
	p->drv.driver.acpi_match_table = orig->driver.acpi_match_table;
	p->drv.driver.probe_type = orig->driver.probe_type;
	p->drv.driver.suppress_bind_attrs = orig->driver.suppress_bind_attrs;
	p->drv.id_table = orig->id_table;
	p->drv.prevent_deferred_probe = orig->prevent_deferred_probe;
	p->drv.driver_managed_dma = orig->driver_managed_dma;
	p->drv.probe = orig->probe ? plat_probe : NULL;
	p->drv.remove = plat_remove;
	p->drv.shutdown = dsw_gated(d, orig->shutdown, plat_proxy_shutdown);
	p->drv.suspend = dsw_gated(d, orig->suspend, plat_proxy_suspend);
	p->drv.resume = dsw_gated(d, orig->resume, plat_proxy_resume);
	if (orig->driver.pm) {
		if (dsw_pm_proxy_init(d, &p->pm, orig->driver.pm) < 0) {
			pr_err("%s: platform driver %s: a dev_pm_ops member cannot be gated\n",
			       d->name, orig->driver.name);
			kfree(p);
			return ERR_PTR(-EOPNOTSUPP);
		}
		p->drv.driver.pm = &p->pm.pm;
	}
	return &p->bus;
}

/* Unbinds every device (their remove proxies run), then frees the copy. */
static void release_plat_driver(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct plat_proxy *p = o->priv;

	platform_driver_unregister(&p->drv);
	kfree(p);
}

static const struct drvsup_obj_type obj_plat_driver = {
	.name = "platform-driver",
	.kept = true,
	.restartable = true,
	.release = release_plat_driver,
};

DSW(int, __platform_driver_register, struct platform_driver *drv,
	struct module *owner)
{
	int err;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return -ENODEV;
	}
	if (!dsw_bus_again(d, &obj_plat_driver, drv, &err))
		err = dsw_bus_add(d, &obj_plat_driver, drv,
				  plat_proxy_new(d, drv, owner));
	DSW_LEAVE();
	return err;
}

DSW(void, platform_driver_unregister, struct platform_driver *drv)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_plat_driver, drv)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "platform_driver_unregister(%p): not registered by the driver",
			  drv);
		return;
	}
	DSW_LEAVE();
}

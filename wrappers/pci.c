// SPDX-License-Identifier: GPL-2.0
/*
 * pci.c - PCI drivers and devices: the driver registration (a drvsup-owned
 * copy of the pci_driver whose probe, remove, shutdown, power-management
 * and error-recovery methods are gated proxies), the device's enable, BARs,
 * regions, bus mastering and MMIO mappings.
 *
 * Kept (the PCI binding recovery must not lose): the registration and the
 * device enable (pci_disable_device() + pci_enable_device() cost 100 ms
 * each under QEMU TCG). Released on failure: regions, bus master, MMIO
 * mappings. At the moment of a failure, in whatever context it happened,
 * every device the domain enabled stops: bus master off (no more DMA, no
 * MSI) and INTx masked in the command register, not at the interrupt
 * controller: a line may be shared (IRQF_SHARED), and a device still
 * asserting a shared level-triggered line would take its neighbours down
 * with it once the handler answers IRQ_NONE. A restarted driver's
 * interrupts need INTx unmasked again (o->b of the enable record says
 * drvsup masked it).
 *
 * Config-space reads (pci_read_config_*), pci_select_bars(), the I/O string
 * accessors and dev_driver_string() touch nothing a failure must undo: they
 * bind directly to the kernel (their pass lines in wrappers/imports.tbl).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/io.h>
#include <linux/pci.h>
#include <linux/pm_wakeup.h>
#include <linux/slab.h>

#include "wrap.h"
#include "bus.h"
#include "devres.h"
#include "pkt.h"
#include "pm.h"
#include "proxy.h"

/* Stop @pdev from mastering the bus and from raising INTx. Any context. */
static void pci_quiesce_dev(struct pci_dev *pdev)
{
	u16 cmd, new;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	new = (cmd & ~PCI_COMMAND_MASTER) | PCI_COMMAND_INTX_DISABLE;
	if (new != cmd)
		pci_write_config_word(pdev, PCI_COMMAND, new);
	pdev->is_busmaster = 0;
}

/* --- the driver: a registered copy with gated methods -------------------- */

struct pci_proxy {
	struct dsw_bus_driver bus;		/* first: freed with kfree() */
	struct pci_driver drv;			/* what the kernel knows */
	struct dsw_pm_proxy pm;			/* drv.driver.pm, if any */
	struct pci_error_handlers err;		/* drv.err_handler, if any */
	const struct pci_driver *orig;		/* the driver's own */
	struct drvsup_domain *d;
	struct module *owner;			/* __pci_register_driver's */
	const char *mod_name;
};

static_assert(offsetof(struct pci_proxy, bus) == 0);

static struct pci_proxy *proxy_of(struct device *dev)
{
	return container_of(to_pci_driver(dev->driver), struct pci_proxy, drv);
}

/*
 * The proxies, as table lines (proxy.h): pdrv_ for the pci_driver's
 * methods, err_ for its pci_error_handlers (its dev_pm_ops: pm.c).
 */
#define pdrv_proxy_of(pdev)	proxy_of(&(pdev)->dev)
#define pdrv_method(p, op)	((p)->orig->op)
#define pdrv_gate		DSW_GATE

/* pm_message_t is one int, passed in a register like one. */
static_assert(sizeof(pm_message_t) == sizeof(int));

#define PDRV_R(op, entry, ...)						\
	DSW_PROXY_R(pdrv, op, int, entry, pdev, __VA_ARGS__)

DSW_PROXY_R(pdrv, probe, int, ("pci-probe", -ENODEV, true), pdev,
	    (struct pci_dev *pdev, const struct pci_device_id *id), (pdev, id))
DSW_PROXY_V(pdrv, remove, ("pci-remove", 0), pdev,
	    (struct pci_dev *pdev), (pdev))
DSW_PROXY_V(pdrv, shutdown, ("pci-shutdown", 0), pdev,
	    (struct pci_dev *pdev), (pdev))
PDRV_R(suspend, ("pci-suspend", 0),
	(struct pci_dev *pdev, pm_message_t state), (pdev, state.event))
PDRV_R(resume, ("pci-resume", 0), (struct pci_dev *pdev), (pdev))
PDRV_R(sriov_configure, ("pci-sriov-configure", -ENODEV),
	(struct pci_dev *pdev, int num_vfs), (pdev, num_vfs))

/*
 * A probe runs in a devres group (devres.c), which a restart releases;
 * a failed probe or an unbind leaves it to the driver core. A restart's
 * probe that fails leaves it tracked: the domain's release frees it.
 */
static int pdrv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct pci_proxy *p = pdrv_proxy_of(pdev);
	int err;

	dsw_devres_open(p->d, &pdev->dev);
	err = pdrv_proxy_probe(pdev, id);
	dsw_devres_probed(p->d, &pdev->dev, err);
	return err;
}

/* Set even if the driver has no remove: the group must be forgotten. */
static void pdrv_remove(struct pci_dev *pdev)
{
	struct pci_proxy *p = pdrv_proxy_of(pdev);

	if (p->orig->remove)
		pdrv_proxy_remove(pdev);
	dsw_devres_forget(p->d, &pdev->dev);
}

/* Error recovery: a failed driver cannot recover its device. */
#define err_proxy_of(pdev)	proxy_of(&(pdev)->dev)
#define err_method(p, op)	((p)->orig->err_handler->op)
#define err_gate		DSW_GATE

#define ERR_R(op, name)							\
	DSW_PROXY_R(err, op, pci_ers_result_t,				\
		    (name, PCI_ERS_RESULT_DISCONNECT), pdev,		\
		    (struct pci_dev *pdev), (pdev))
#define ERR_V(op)							\
	DSW_PROXY_V(err, op, ("pci-" #op, 0), pdev,			\
		    (struct pci_dev *pdev), (pdev))

DSW_PROXY_R(err, error_detected, pci_ers_result_t,
	    ("pci-error-detected", PCI_ERS_RESULT_DISCONNECT), pdev,
	    (struct pci_dev *pdev, pci_channel_state_t state), (pdev, state))
ERR_R(mmio_enabled, "pci-mmio_enabled")
ERR_R(slot_reset, "pci-slot_reset")
ERR_V(reset_prepare)
ERR_V(reset_done)
ERR_V(resume)

static const struct pci_error_handlers err_proxies = {
	.error_detected = err_proxy_error_detected,
	.mmio_enabled = err_proxy_mmio_enabled,
	.slot_reset = err_proxy_slot_reset,
	.reset_prepare = err_proxy_reset_prepare,
	.reset_done = err_proxy_reset_done,
	.resume = err_proxy_resume,
};

/*
 * Methods no proxy is written for: refuse the driver rather than let the
 * kernel call into it ungated.
 */
static const char *pci_unsupported(const struct pci_driver *drv)
{
	const struct device_driver *dd = &drv->driver;

	if (drv->sriov_set_msix_vec_count || drv->sriov_get_vf_total_msix)
		return "sriov msix methods";
	if (drv->groups || drv->dev_groups || dd->groups || dd->dev_groups)
		return "attribute groups";
	if (dd->probe || dd->remove || dd->shutdown || dd->suspend ||
	    dd->resume || dd->sync_state || dd->coredump)
		return "struct device_driver methods";
	return NULL;
}

static int pci_reprobe(struct dsw_bus_driver *b, struct device *dev);

static int pci_reg(struct dsw_bus_driver *b)
{
	struct pci_proxy *p = container_of(b, struct pci_proxy, bus);

	return __pci_register_driver(&p->drv, p->owner, p->mod_name);
}

static struct dsw_bus_driver *pci_proxy_new(struct drvsup_domain *d,
					    const struct pci_driver *orig,
					    struct module *owner,
					    const char *mod_name)
{
	const char *why = pci_unsupported(orig);
	struct pci_proxy *p;

	if (why) {
		pr_err("%s: pci driver %s: %s not supported\n", d->name,
		       orig->name, why);
		return ERR_PTR(-EOPNOTSUPP);
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->bus = (struct dsw_bus_driver){ d, &p->drv.driver, pci_reprobe,
					  pci_reg };
	p->orig = orig;
	p->d = d;
	p->owner = owner;
	p->mod_name = mod_name;
	p->drv.name = orig->name;
	p->drv.id_table = orig->id_table;
	p->drv.driver_managed_dma = orig->driver_managed_dma;
	p->drv.driver.suppress_bind_attrs = orig->driver.suppress_bind_attrs;
	p->drv.driver.probe_type = orig->driver.probe_type;
	p->drv.probe = orig->probe ? pdrv_probe : NULL;
	p->drv.remove = pdrv_remove;
	p->drv.suspend = dsw_gated(d, orig->suspend, pdrv_proxy_suspend);
	p->drv.resume = dsw_gated(d, orig->resume, pdrv_proxy_resume);
	p->drv.shutdown = dsw_gated(d, orig->shutdown, pdrv_proxy_shutdown);
	p->drv.sriov_configure = dsw_gated(d, orig->sriov_configure,
					   pdrv_proxy_sriov_configure);
	if (orig->driver.pm) {
		if (dsw_pm_proxy_init(d, &p->pm, orig->driver.pm) < 0)
			goto unsupported;
		p->drv.driver.pm = &p->pm.pm;
	}
	if (orig->err_handler) {
		if (dsw_gate_table(d, &p->err, orig->err_handler, &err_proxies,
				   0, sizeof(p->err)) < 0)
			goto unsupported;
		p->drv.err_handler = &p->err;
	}
	return &p->bus;
unsupported:
	pr_err("%s: pci driver %s: a method table member cannot be gated\n",
	       d->name, orig->name);
	kfree(p);
	return ERR_PTR(-EOPNOTSUPP);
}

/* Unbinds every device (their remove proxies run), then frees the copy. */
static void release_pci_driver(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct pci_proxy *p = o->priv;

	pci_unregister_driver(&p->drv);
	kfree(p);
}

static const struct drvsup_obj_type obj_pci_driver = {
	.name = "pci-driver",
	.kept = true,
	.restartable = true,
	.ckpt = DRVSUP_CKPT_KEEP,
	.release = release_pci_driver,
};

static const struct drvsup_obj_type obj_pci_enable;

/* A restart's probe of @dev (bus.c); quiesce masked its INTx: unmasked. */
static int pci_reprobe(struct dsw_bus_driver *b, struct device *dev)
{
	struct pci_proxy *p = container_of(b, struct pci_proxy, bus);
	struct pci_dev *pdev = to_pci_dev(dev);
	const struct pci_device_id *id = pci_match_id(p->orig->id_table, pdev);
	struct drvsup_obj *o;

	if (!id)
		return 0;
	o = drvsup_find(p->d, &obj_pci_enable, pdev);
	if (o && o->b) {
		pci_intx(pdev, 1);
		o->b = 0;
	}
	return pdrv_probe(pdev, id);
}

DSW(int, __pci_register_driver, struct pci_driver *drv, struct module *owner,
	const char *mod_name)
{
	int err;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return -ENODEV;
	}
	if (!dsw_bus_again(d, &obj_pci_driver, drv, &err))
		err = dsw_bus_add(d, &obj_pci_driver, drv,
				  pci_proxy_new(d, drv, owner, mod_name));
	DSW_LEAVE();
	return err;
}

DSW(void, pci_unregister_driver, struct pci_driver *drv)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_pci_driver, drv)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pci_unregister_driver(%p): not registered by the driver",
			  drv);
		return;
	}
	DSW_LEAVE();
}

/* --- the device: enable (kept), regions, bus master, MMIO -------------------- */

/* o->a: how many enables the domain holds; o->b: 1 once quiesce masked INTx */
static void quiesce_pci_dev(struct drvsup_domain *d, struct drvsup_obj *o)
{
	pci_quiesce_dev((struct pci_dev *)o->key);
	o->b = 1;
}

static void release_pci_enable(struct drvsup_domain *d, struct drvsup_obj *o)
{
	while (o->a--)
		pci_disable_device((struct pci_dev *)o->key);
}

/*
 * After the replay from the checkpoint: INTx as the driver had it
 * (quiesce masked it, and it stays masked through the driver's open).
 */
static void rearm_pci_intx(struct drvsup_domain *d, struct drvsup_obj *o)
{
	if (o->b) {
		pci_intx((struct pci_dev *)o->key, 1);
		o->b = 0;
	}
}

static const struct drvsup_obj_type obj_pci_enable = {
	.name = "pci-enable",
	.kept = true,
	.restartable = true,
	.quiesce = quiesce_pci_dev,
	.release = release_pci_enable,
	.ckpt = DRVSUP_CKPT_REWIND,
	.rearm = rearm_pci_intx,
};

static void release_pci_master(struct drvsup_domain *d, struct drvsup_obj *o)
{
	pci_clear_master((struct pci_dev *)o->key);
}

/* Back to the checkpoint: bus mastering on again (INTx: rearm). */
static void rewind_pci_master(struct drvsup_domain *d, struct drvsup_obj *o)
{
	pci_set_master((struct pci_dev *)o->key);
}

static const struct drvsup_obj_type obj_pci_master = {
	.name = "pci-master",
	.quiesce = quiesce_pci_dev,
	.release = release_pci_master,
	.ckpt = DRVSUP_CKPT_REWIND,
	.rewind = rewind_pci_master,
	.rearm = rearm_pci_intx,
};

static void release_pci_regions(struct drvsup_domain *d, struct drvsup_obj *o)
{
	pci_release_selected_regions((struct pci_dev *)o->key, o->a);
}

static const struct drvsup_obj_type obj_pci_regions = {
	.name = "pci-regions",
	.release = release_pci_regions,
	.ckpt = DRVSUP_CKPT_KEEP,
};

/* One BAR (a = the device, b = the BAR), named by its resource. */
static void release_pci_region(struct drvsup_domain *d, struct drvsup_obj *o)
{
	pci_release_region((struct pci_dev *)o->a, o->b);
}

static const struct drvsup_obj_type obj_pci_region = {
	.name = "pci-region",
	.release = release_pci_region,
	.ckpt = DRVSUP_CKPT_KEEP,
};

static void release_iomap(struct drvsup_domain *d, struct drvsup_obj *o)
{
	iounmap((void __iomem *)o->key);
}

/* A mapping is the driver's to write while it holds it (mmio_store.h). */
static size_t iomap_extent(const struct drvsup_obj *o)
{
	return o->a;
}

static const struct drvsup_obj_type obj_iomap = {
	.name = "iomap",
	.release = release_iomap,
	.extent = iomap_extent,
	.ckpt = DRVSUP_CKPT_KEEP,
};

/*
 * A restarted probe enables a device whose enable was kept: hand it back
 * (once per restart) instead of enabling it again.
 */
static bool enable_kept(struct drvsup_domain *d, struct pci_dev *pdev)
{
	struct drvsup_obj *o;

	if (!d || !drvsup_domain_restarting(d))
		return false;
	o = drvsup_find(d, &obj_pci_enable, pdev);
	if (!o || o->claimed == d->restart_gen)
		return false;
	o->claimed = d->restart_gen;
	return true;
}

/* One more enable of @pdev held by @d; undone if it cannot be recorded. */
static int enable_done(struct drvsup_domain *d, struct pci_dev *pdev, int err)
{
	struct drvsup_obj *o;

	if (err || !d)
		return err;
	/* Process context, before any DMA mapping: set up the packet sets. */
	dsw_pkt_get(d);
	/* Enables and disables of a device are serialised by its probe/remove. */
	o = drvsup_find(d, &obj_pci_enable, pdev);
	if (o) {
		o->a++;
		return 0;
	}
	if (!drvsup_track(d, &obj_pci_enable, pdev, 1, 0, GFP_KERNEL)) {
		pci_disable_device(pdev);
		return -ENOMEM;
	}
	return 0;
}

DSW(int, pci_enable_device, struct pci_dev *pdev)
{
	int err;

	DSW_ENTER(d);
	err = enable_kept(d, pdev) ? 0 :
	      enable_done(d, pdev, pci_enable_device(pdev));
	DSW_LEAVE();
	dsw_check_alive(d);
	return err;
}

DSW(int, pci_enable_device_mem, struct pci_dev *pdev)
{
	int err;

	DSW_ENTER(d);
	err = enable_kept(d, pdev) ? 0 :
	      enable_done(d, pdev, pci_enable_device_mem(pdev));
	DSW_LEAVE();
	dsw_check_alive(d);
	return err;
}

/*
 * A managed enable, pinned so that releasing the probe's devres group at
 * a restart does not disable the device (100 ms under TCG): the enable is
 * the domain's like pci_enable_device()'s, and tied to the device, so an
 * unbind disables it as pcim would have.
 */
DSW(int, pcim_enable_device, struct pci_dev *pdev)
{
	int before = atomic_read(&pdev->enable_cnt);
	bool tie = false;
	int err;

	DSW_ENTER(d);
	err = pcim_enable_device(pdev);
	/* Enabled twice in one probe: pcim counts it once, and so do we. */
	if (!err && atomic_read(&pdev->enable_cnt) != before) {
		pcim_pin_device(pdev);
		err = enable_done(d, pdev, 0);
		tie = !err && d;
	}
	DSW_LEAVE();
	if (tie)
		dsw_devres_tie(&pdev->dev, &obj_pci_enable, pdev);
	dsw_check_alive(d);
	return err;
}

DSW(void, pci_disable_device, struct pci_dev *pdev)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	o = d ? drvsup_find(d, &obj_pci_enable, pdev) : NULL;
	if (!o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pci_disable_device(%s): not enabled by the driver",
			  pci_name(pdev));
		return;
	}
	if (!--o->a) {
		drvsup_obj_free(drvsup_untrack(d, &obj_pci_enable, pdev));
		/* Disabling clears bus master too. */
		drvsup_obj_free(drvsup_untrack(d, &obj_pci_master, pdev));
	}
	pci_disable_device(pdev);
	DSW_LEAVE();
}

DSW(void, pci_clear_master, struct pci_dev *pdev)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	o = d ? drvsup_untrack(d, &obj_pci_master, pdev) : NULL;
	if (o)
		drvsup_obj_free(o);
	pci_clear_master(pdev);
	DSW_LEAVE();
}

DSW(void, pci_set_master, struct pci_dev *pdev)
{
	DSW_ENTER(d);
	pci_set_master(pdev);
	/* Not recorded (no memory): the enable record's quiesce still stops it. */
	if (d && !drvsup_find(d, &obj_pci_master, pdev))
		drvsup_track(d, &obj_pci_master, pdev, 0, 0, GFP_ATOMIC);
	DSW_LEAVE();
}

/*
 * One record per device: o->a is the set of BARs the driver holds. Record
 * @bars, which the kernel just granted (@err 0); give them back if that
 * cannot be recorded.
 */
static int regions_granted(struct drvsup_domain *d, struct pci_dev *pdev,
			   int bars, int err)
{
	struct drvsup_obj *o;

	if (err || !d)
		return err;
	o = drvsup_find(d, &obj_pci_regions, pdev);
	if (o) {
		o->a |= bars;
	} else if (!drvsup_track(d, &obj_pci_regions, pdev, bars, 0,
				 GFP_KERNEL)) {
		pci_release_selected_regions(pdev, bars);
		err = -ENOMEM;
	}
	return err;
}

DSW(int, pci_request_selected_regions, struct pci_dev *pdev, int bars,
	const char *name)
{
	int err;

	DSW_ENTER(d);
	err = regions_granted(d, pdev, bars,
			      pci_request_selected_regions(pdev, bars, name));
	DSW_LEAVE();
	return err;
}

DSW(int, pci_request_selected_regions_exclusive, struct pci_dev *pdev,
	int bars, const char *name)
{
	int err;

	DSW_ENTER(d);
	err = regions_granted(d, pdev, bars,
			      pci_request_selected_regions_exclusive(pdev, bars, name));
	DSW_LEAVE();
	return err;
}

DSW(void, pci_release_selected_regions, struct pci_dev *pdev, int bars)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	o = d ? drvsup_find(d, &obj_pci_regions, pdev) : NULL;
	if (!o || (o->a & bars) != bars) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pci_release_selected_regions(%s, %#x): not the driver's",
			  pci_name(pdev), bars);
		return;
	}
	o->a &= ~bars;
	if (!o->a)
		drvsup_obj_free(drvsup_untrack(d, &obj_pci_regions, pdev));
	pci_release_selected_regions(pdev, bars);
	DSW_LEAVE();
}

/* An MMIO mapping the driver holds; undone if it cannot be recorded. */
static void __iomem *iomap_done(struct drvsup_domain *d, void __iomem *addr,
				unsigned long size)
{
	if (addr && d &&
	    !drvsup_track(d, &obj_iomap, (const void __force *)addr, size, 0,
			  GFP_KERNEL)) {
		iounmap(addr);
		addr = NULL;
	}
	return addr;
}

DSW(void __iomem *, pci_ioremap_bar, struct pci_dev *pdev, int bar)
{
	void __iomem *addr;

	DSW_ENTER(d);
	addr = iomap_done(d, pci_ioremap_bar(pdev, bar),
			  pci_resource_len(pdev, bar));
	DSW_LEAVE();
	return addr;
}

DSW(void __iomem *, ioremap, resource_size_t offset, unsigned long size)
{
	void __iomem *addr;

	DSW_ENTER(d);
	addr = iomap_done(d, ioremap(offset, size), size);
	DSW_LEAVE();
	return addr;
}

/*
 * One BAR's region, tracked by its resource so that each BAR is given back
 * on its own. A BAR of no length is neither requested nor tracked.
 */
DSW(int, pci_request_region, struct pci_dev *pdev, int bar, const char *name)
{
	int err;

	DSW_ENTER(d);
	if (!d || bar < 0 || bar >= DEVICE_COUNT_RESOURCE) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pci_request_region(BAR %d): no such BAR", bar);
		return -EINVAL;
	}
	err = pci_request_region(pdev, bar, name);
	if (!err && pci_resource_len(pdev, bar) &&
	    !drvsup_track(d, &obj_pci_region, &pdev->resource[bar],
			  (unsigned long)pdev, bar, GFP_KERNEL)) {
		pci_release_region(pdev, bar);
		err = -ENOMEM;
	}
	DSW_LEAVE();
	return err;
}

DSW(void, pci_release_region, struct pci_dev *pdev, int bar)
{
	bool nobar = bar < 0 || bar >= DEVICE_COUNT_RESOURCE;

	DSW_ENTER(d);
	if (nobar || (!dsw_release(d, &obj_pci_region, &pdev->resource[bar]) &&
		      pci_resource_len(pdev, bar))) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pci_release_region(BAR %d): not requested by the driver",
			  bar);
		return;
	}
	DSW_LEAVE();
}

/* A write-combining MTRR (0: none was needed, PAT does it). */
static void release_phys_wc(struct drvsup_domain *d, struct drvsup_obj *o)
{
	arch_phys_wc_del((int)o->a);
}

static const struct drvsup_obj_type obj_phys_wc = {
	.name = "phys-wc",
	.release = release_phys_wc,
	.ckpt = DRVSUP_CKPT_KEEP,
};

DSW(int, arch_phys_wc_add, unsigned long base, unsigned long size)
{
	int handle;

	DSW_ENTER(d);
	handle = arch_phys_wc_add(base, size);
	if (handle > 0 && (!d || !drvsup_track(d, &obj_phys_wc,
					      (void *)(unsigned long)handle,
					      handle, 0, GFP_KERNEL))) {
		arch_phys_wc_del(handle);
		handle = -ENOMEM;
	}
	DSW_LEAVE();
	return handle;
}

DSW(void, arch_phys_wc_del, int handle)
{
	DSW_ENTER(d);
	if (handle > 0 &&
	    !dsw_release(d, &obj_phys_wc, (void *)(unsigned long)handle)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "arch_phys_wc_del(%d): not the driver's", handle);
		return;
	}
	DSW_LEAVE();
}

/* The same, write-combining: iounmap() gives it back. */
DSW(void __iomem *, ioremap_wc, resource_size_t offset, unsigned long size)
{
	void __iomem *addr;

	DSW_ENTER(d);
	addr = iomap_done(d, ioremap_wc(offset, size), size);
	DSW_LEAVE();
	return addr;
}

DSW(void, iounmap, volatile void __iomem *addr)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	if (!addr || !d) {
		DSW_LEAVE();
		return;
	}
	o = drvsup_untrack(d, &obj_iomap, (const void __force *)addr);
	if (!o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "iounmap(%p): not mapped by the driver",
			  (void __force *)addr);
		return;
	}
	drvsup_obj_free(o);
	iounmap(addr);
	DSW_LEAVE();
}

/*
 * References to other PCI devices (a companion function, a bridge the
 * driver quirks): pci_get_device() returns a new reference and drops the
 * one it was handed to continue from; a restart puts what the dead
 * instance still held.
 */
static void release_pci_ref(struct drvsup_domain *d, struct drvsup_obj *o)
{
	pci_dev_put((struct pci_dev *)o->key);
}

static const struct drvsup_obj_type obj_pci_ref = {
	.name = "pci-ref",
	.release = release_pci_ref,
	.ckpt = DRVSUP_CKPT_KEEP,
};

/* A reference the driver now holds, tracked (or dropped: NULL). */
static struct pci_dev *pci_ref_adopt(struct drvsup_domain *d,
				     struct pci_dev *pdev)
{
	if (pdev && d && !drvsup_track(d, &obj_pci_ref, pdev, 0, 0, GFP_KERNEL)) {
		pci_dev_put(pdev);
		pdev = NULL;
	}
	return pdev;
}

DSW(struct pci_dev *, pci_get_device, unsigned int vendor, unsigned int device,
	struct pci_dev *from)
{
	struct drvsup_obj *o;
	struct pci_dev *pdev;

	DSW_ENTER(d);
	o = d && from ? drvsup_untrack(d, &obj_pci_ref, from) : NULL;
	if (d && from && !o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pci_get_device(.., %s): not a reference the driver holds",
			  pci_name(from));
		return NULL;
	}
	if (o)
		drvsup_obj_free(o);
	pdev = pci_ref_adopt(d, pci_get_device(vendor, device, from));
	DSW_LEAVE();
	return pdev;
}

DSW(struct pci_dev *, pci_dev_get, struct pci_dev *pdev)
{
	DSW_ENTER(d);
	pdev = pci_ref_adopt(d, pci_dev_get(pdev));
	DSW_LEAVE();
	return pdev;
}

/* The device in slot @devfn of @bus, referenced. */
DSW(struct pci_dev *, pci_get_slot, struct pci_bus *bus, unsigned int devfn)
{
	struct pci_dev *pdev;

	DSW_ENTER(d);
	pdev = pci_ref_adopt(d, pci_get_slot(bus, devfn));
	DSW_LEAVE();
	return pdev;
}

DSW(void, pci_dev_put, struct pci_dev *pdev)
{
	struct drvsup_obj *o;

	DSW_ENTER(d);
	o = d && pdev ? drvsup_untrack(d, &obj_pci_ref, pdev) : NULL;
	if (d && pdev && !o) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "pci_dev_put(%s): not a reference the driver holds",
			  pci_name(pdev));
		return;
	}
	if (o)
		drvsup_obj_free(o);
	pci_dev_put(pdev);
	DSW_LEAVE();
}

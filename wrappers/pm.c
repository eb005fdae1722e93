// SPDX-License-Identifier: GPL-2.0
/*
 * pm.c - the dev_pm_ops of a driver a bus proxy registers (pci.c,
 * platform.c): a gated copy, found from the device by the driver the
 * driver core bound it to (dev->driver->pm), whatever the bus.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/device.h>

#include "pm.h"
#include "proxy.h"

/*
 * dev_pm_ops: a failed driver has nothing to suspend or resume, so the
 * failure result is 0 and the system's sleep transition goes on.
 */
#define pm_proxy_of(dev)						\
	container_of((dev)->driver->pm, struct dsw_pm_proxy, pm)
#define pm_method(p, op)	((p)->orig->op)
#define pm_gate			DSW_GATE

#define PM_PROXY(op)							\
	DSW_PROXY_R(pm, op, int, ("pm-" #op, 0), dev,			\
		    (struct device *dev), (dev))

PM_PROXY(prepare)
PM_PROXY(suspend)
PM_PROXY(resume)
PM_PROXY(freeze)
PM_PROXY(thaw)
PM_PROXY(poweroff)
PM_PROXY(restore)
PM_PROXY(suspend_late)
PM_PROXY(resume_early)
PM_PROXY(freeze_late)
PM_PROXY(thaw_early)
PM_PROXY(poweroff_late)
PM_PROXY(restore_early)
PM_PROXY(suspend_noirq)
PM_PROXY(resume_noirq)
PM_PROXY(freeze_noirq)
PM_PROXY(thaw_noirq)
PM_PROXY(poweroff_noirq)
PM_PROXY(restore_noirq)
PM_PROXY(runtime_suspend)
PM_PROXY(runtime_resume)
PM_PROXY(runtime_idle)
DSW_PROXY_V(pm, complete, ("pm-complete", 0), dev, (struct device *dev),
	    (dev))

static const struct dev_pm_ops pm_proxies = {
	.prepare = pm_proxy_prepare,
	.complete = pm_proxy_complete,
	.suspend = pm_proxy_suspend,
	.resume = pm_proxy_resume,
	.freeze = pm_proxy_freeze,
	.thaw = pm_proxy_thaw,
	.poweroff = pm_proxy_poweroff,
	.restore = pm_proxy_restore,
	.suspend_late = pm_proxy_suspend_late,
	.resume_early = pm_proxy_resume_early,
	.freeze_late = pm_proxy_freeze_late,
	.thaw_early = pm_proxy_thaw_early,
	.poweroff_late = pm_proxy_poweroff_late,
	.restore_early = pm_proxy_restore_early,
	.suspend_noirq = pm_proxy_suspend_noirq,
	.resume_noirq = pm_proxy_resume_noirq,
	.freeze_noirq = pm_proxy_freeze_noirq,
	.thaw_noirq = pm_proxy_thaw_noirq,
	.poweroff_noirq = pm_proxy_poweroff_noirq,
	.restore_noirq = pm_proxy_restore_noirq,
	.runtime_suspend = pm_proxy_runtime_suspend,
	.runtime_resume = pm_proxy_runtime_resume,
	.runtime_idle = pm_proxy_runtime_idle,
};

/* Fill @p with @orig's methods gated; < 0 if one has no proxy. */
int dsw_pm_proxy_init(struct drvsup_domain *d, struct dsw_pm_proxy *p,
		      const struct dev_pm_ops *orig)
{
	p->orig = orig;
	p->d = d;
	return dsw_gate_table(d, &p->pm, orig, &pm_proxies, 0,
			      sizeof(p->pm)) < 0 ? -EOPNOTSUPP : 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pm.h - a driver's dev_pm_ops, gated (pm.c): for the copy of a driver
 * that a bus proxy registers (pci.c, platform.c).
 */
#ifndef DRVSUP_PM_H
#define DRVSUP_PM_H

#include <linux/pm.h>

struct drvsup_domain;

struct dsw_pm_proxy {
	struct dev_pm_ops pm;		/* what the driver core calls */
	const struct dev_pm_ops *orig;	/* the driver's */
	struct drvsup_domain *d;
};

int dsw_pm_proxy_init(struct drvsup_domain *d, struct dsw_pm_proxy *p,
		      const struct dev_pm_ops *orig);

#endif /* DRVSUP_PM_H */

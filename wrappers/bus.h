/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bus.h - a driver's registration on a bus (PCI, platform, PCMCIA): what
 * the bus files share. Each registers a drvsup-owned copy of the driver
 * with gated methods, tracked under the driver's own structure and kept
 * across a restart; a restarted driver that registers again gets the kept
 * copy back, and the devices it still has bound are probed again.
 */
#ifndef DRVSUP_BUS_H
#define DRVSUP_BUS_H

#include <linux/device.h>

struct drvsup_domain;
struct drvsup_obj_type;

/* The first member of a bus file's copy (freed with kfree()). */
struct dsw_bus_driver {
	struct drvsup_domain *d;
	struct device_driver *drv;	/* the registered copy's */
	/* the bus's probe of @dev, as its proxy runs it: 0 if not matched */
	int (*probe)(struct dsw_bus_driver *b, struct device *dev);
	/* registers the copy with its bus */
	int (*reg)(struct dsw_bus_driver *b);
};

bool dsw_bus_again(struct drvsup_domain *d, const struct drvsup_obj_type *type,
		   const void *key, int *err);
int dsw_bus_add(struct drvsup_domain *d, const struct drvsup_obj_type *type,
		const void *key, struct dsw_bus_driver *b);

#endif /* DRVSUP_BUS_H */

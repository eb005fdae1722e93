/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devattr.h - a driver's device attributes, gated (devattr.c): sysfs
 * calls a proxy whose show and store cross into the driver's domain.
 */
#ifndef DRVSUP_DEVATTR_H
#define DRVSUP_DEVATTR_H

#include <linux/device.h>

struct drvsup_domain;

struct dsw_attr_proxy {
	struct device_attribute attr;		/* what sysfs calls */
	const struct device_attribute *orig;	/* the driver's */
	struct drvsup_domain *d;
};

/* A copy of a driver's attribute groups, every attribute a proxy. */
struct dsw_groups_proxy {
	const struct attribute_group **groups;	/* NULL-terminated */
	unsigned int nr_attrs;
	struct dsw_attr_proxy *attrs;
};

struct dsw_groups_proxy *dsw_groups_proxy_new(struct drvsup_domain *d,
					      const struct attribute_group **groups);
void dsw_groups_proxy_free(struct dsw_groups_proxy *g);

#endif /* DRVSUP_DEVATTR_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devres.h - a supervised driver's device-managed resources (devres.c).
 */
#ifndef DRVSUP_DEVRES_H
#define DRVSUP_DEVRES_H

struct device;
struct drvsup_domain;
struct drvsup_obj_type;

void dsw_devres_open(struct drvsup_domain *d, struct device *dev);
void dsw_devres_probed(struct drvsup_domain *d, struct device *dev, int err);
void dsw_devres_forget(struct drvsup_domain *d, struct device *dev);
bool dsw_devres_bound(struct drvsup_domain *d, struct device *dev);
void dsw_devres_tie(struct device *dev, const struct drvsup_obj_type *type,
		    const void *key);

#endif /* DRVSUP_DEVRES_H */

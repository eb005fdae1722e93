/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netdev.h - the net_device wrappers (netdev.c) as the net class shadow
 * (shadow/net.c) sees them: the devices a domain registered, and the hooks
 * through which it takes part (struct dsw_netdev_hooks, netdev_ops.h).
 */
#ifndef DRVSUP_NETDEV_H
#define DRVSUP_NETDEV_H

#include <linux/netdevice.h>

#include "netdev_ops.h"

struct drvsup_domain;

void dsw_netdev_hooks_set(const struct dsw_netdev_hooks *h);
int dsw_netdev_kept(struct drvsup_domain *d, struct netdev_proxy **v,
		    unsigned int max);
size_t dsw_netdev_priv_size(struct drvsup_domain *d, struct net_device *dev);
struct netdev_proxy *dsw_netdev_proxy(struct net_device *dev);

#endif /* DRVSUP_NETDEV_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netdev.h - what wrappers/netdev.c and wrappers/netdev_ops.c share: the
 * per-device proxy that stands between the kernel and a supervised
 * driver's net_device_ops and ethtool_ops.
 *
 * register_netdev() installs a netdev_proxy: dev->netdev_ops and
 * dev->ethtool_ops point at its tables, whose members are the driver's own
 * where they are kernel helpers (eth_validate_addr...) and gated proxies
 * where they are the driver's code. A proxy finds its netdev_proxy from the
 * device (container_of on the table pointer) with no lookup.
 * unregister_netdev() puts the driver's tables back after the device is
 * gone from the kernel's view, and frees the proxy after a grace period.
 */
#ifndef DRVSUP_NETDEV_H
#define DRVSUP_NETDEV_H

#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "../shadow/net.h"

struct drvsup_domain;
struct dsw_pkt;

#define NDP_SSETS 32			/* string sets whose count is cached */

struct netdev_proxy {
	struct net_device_ops ndo;		/* dev->netdev_ops */
	struct ethtool_ops eto;			/* dev->ethtool_ops */
	const struct net_device_ops *orig_ndo;	/* the driver's */
	const struct ethtool_ops *orig_eto;	/* the driver's */
	struct drvsup_domain *d;
	struct dsw_pkt *pkt;			/* its sk_buffs (ndo_start_xmit) */
	struct net_device *dev;
	bool ndo_gated, eto_gated;		/* the tables hold a proxy */
	/* last get_sset_count() per string set: get_strings() output size */
	int sset_count[NDP_SSETS];
	struct drvsup_net_log log;		/* the net shadow's (shadow/net.c) */
	struct rcu_head rcu;
};

static inline struct netdev_proxy *ndo_proxy_of(const struct net_device *dev)
{
	return container_of(dev->netdev_ops, struct netdev_proxy, ndo);
}

static inline struct netdev_proxy *eto_proxy_of(const struct net_device *dev)
{
	return container_of(dev->ethtool_ops, struct netdev_proxy, eto);
}

struct netdev_proxy *netdev_proxy_new(struct drvsup_domain *d,
				      struct dsw_pkt *pkt,
				      struct net_device *dev);
void netdev_proxy_install(struct netdev_proxy *p);
void netdev_proxy_restore(struct netdev_proxy *p);

/* Keep dev_watchdog from calling ndo_tx_timeout on stopped queues. */
void netdev_refresh_trans_start(struct net_device *dev);

#endif /* DRVSUP_NETDEV_H */

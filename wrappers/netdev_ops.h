/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netdev_ops.h - the per-device proxy that stands between the kernel and a
 * supervised driver's net_device_ops and ethtool_ops (netdev_ops.c), used
 * by the net_device wrappers (netdev.c) and the net class shadow.
 *
 * register_netdev() installs a netdev_proxy: dev->netdev_ops and
 * dev->ethtool_ops point at its tables, whose members are the driver's own
 * where they are kernel helpers (eth_validate_addr...) and gated proxies
 * where they are the driver's code. A proxy finds its netdev_proxy from the
 * device (container_of on the table pointer) with no lookup.
 * unregister_netdev() puts the driver's tables back after the device is
 * gone from the kernel's view, and frees the proxy after a grace period.
 *
 * A class shadow above (shadow/net.c) takes part through struct
 * dsw_netdev_hooks: its per-device state lives at the end of the proxy,
 * and its answers replace the gated methods it names.
 */
#ifndef DRVSUP_NETDEV_OPS_H
#define DRVSUP_NETDEV_OPS_H

#include <linux/ethtool.h>
#include <linux/netdevice.h>

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
	bool away;		/* being restarted: the driver is not called */
	bool hold_tx;		/* its wakes of tx queues are held back */
	struct rcu_head rcu;
	unsigned long long shadow[];	/* the hooks' state: shadow_size bytes */
};

/*
 * What the net class shadow does at the wrappers' turns; set once, before
 * any driver loads, by dsw_netdev_hooks_set(). Without hooks a failed
 * driver's devices are stopped and never re-registered.
 *   shadow_size    bytes of per-device state at the end of each proxy
 *   registered     a device was registered (its state is zeroed)
 *   unregistering  it is about to be unregistered: nothing may wait on it
 *   fault          its driver failed (any context): true if the shadow
 *                  takes the device over, false to stop it
 *   reregister     a restarted probe registers the kept device (rtnl held)
 *   carrier_on     the driver reports carrier while hold_tx is set (any
 *                  context)
 *   ndo, eto       methods the shadow answers itself; it calls the gated
 *                  method through dsw_ndo_gates/dsw_eto_gates
 */
struct dsw_netdev_hooks {
	size_t shadow_size;
	void (*registered)(struct netdev_proxy *p);
	void (*unregistering)(struct netdev_proxy *p);
	bool (*fault)(struct netdev_proxy *p);
	int (*reregister)(struct netdev_proxy *p);
	void (*carrier_on)(struct netdev_proxy *p);
	const struct net_device_ops *ndo;
	const struct ethtool_ops *eto;
};

/* The gated proxy of every method (netdev_ops.c). */
extern const struct net_device_ops dsw_ndo_gates;
extern const struct ethtool_ops dsw_eto_gates;

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
				      struct net_device *dev,
				      const struct dsw_netdev_hooks *h);
void netdev_proxy_install(struct netdev_proxy *p);
void netdev_proxy_restore(struct netdev_proxy *p);

/* Keep dev_watchdog from calling ndo_tx_timeout on stopped queues. */
void netdev_refresh_trans_start(struct net_device *dev);

#endif /* DRVSUP_NETDEV_OPS_H */

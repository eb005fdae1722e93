/* SPDX-License-Identifier: GPL-2.0 */
/*
 * net.h - the network class shadow's log of one kept net_device, and the
 * calls through which the net wrappers (wrappers/netdev*.c, pci.c) and
 * the shadow (shadow/net.c) hand a device to each other.
 *
 * The log holds what the kernel's own net_device does not keep across a
 * re-probe: the name and address the probe overwrites, the MTU the device
 * was registered with, the last driver info and statistics (answers while
 * the driver is away), and the state-changing ethtool settings.
 */
#ifndef DRVSUP_SHADOW_NET_H
#define DRVSUP_SHADOW_NET_H

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>

struct drvsup_domain;
struct netdev_proxy;

struct drvsup_net_log {
	bool recovering;		/* proxies answer, the driver is away */
	bool hold_tx;			/* queues stopped until carrier comes */
	bool have_drvinfo, have_stats, have_ring, have_pause, have_msglevel;
	unsigned int reg_mtu;		/* the MTU at the first registration */
	unsigned char addr[MAX_ADDR_LEN];	/* dev_addr at the fault */
	char name[IFNAMSIZ];
	struct ethtool_drvinfo drvinfo;
	struct rtnl_link_stats64 stats;
	struct ethtool_ringparam ring;
	struct kernel_ethtool_ringparam kring;
	struct ethtool_pauseparam pause;
	u32 msglevel;
	u64 wait_from_ns;		/* replay done, carrier awaited */
	struct delayed_work carrier_work;	/* gives up waiting */
};

void drvsup_net_log_init(struct netdev_proxy *p);
void drvsup_net_log_forget(struct netdev_proxy *p);
void drvsup_net_fault(struct netdev_proxy *p);
int drvsup_net_reregister(struct netdev_proxy *p);
void drvsup_net_carrier_on(struct net_device *dev);

/* wrappers/netdev.c: the domain's registered devices */
int dsw_netdev_kept(struct drvsup_domain *d, struct netdev_proxy **v,
		    unsigned int max);
size_t dsw_netdev_priv_size(struct drvsup_domain *d, struct net_device *dev);
struct netdev_proxy *dsw_netdev_proxy(struct net_device *dev);

#endif /* DRVSUP_SHADOW_NET_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * netdev_ops.c - the gated net_device_ops and ethtool_ops a supervised
 * network driver's devices present to the kernel (model in netdev_ops.h).
 *
 * One proxy per method, generated from the tables below: each line names
 * the method, its return type, the result the kernel gets when the driver
 * failed (now or before: any call that returns while the domain is not
 * running gets it), the device argument, the parameters and the arguments.
 * Methods returning nothing name what to do on failure instead: zero what
 * an ethtool "get" was to fill (stats structs are set to "not reported",
 * ETHTOOL_STAT_NOT_SET, as the ethtool core initialises them), refresh the
 * queues' trans_start so dev_watchdog keeps quiet. The proxies are
 * gathered in dsw_ndo_gates and dsw_eto_gates, from which dsw_gate_table()
 * (proxy.h) builds each device's tables, with the net shadow's answers
 * (dsw_netdev_hooks) in place of the methods it answers itself; a driver method with no proxy
 * there makes registration fail: the two with more than the six arguments
 * a gate carries, ndo_fdb_add and ndo_fdb_get, have none.
 *
 * ndo_start_xmit is written out: the sk_buff becomes the driver's for the
 * call (pkt.h), and if the driver failed it is freed here exactly once,
 * unless the domain's drain already gave it back, and NETDEV_TX_OK
 * returned; while the net shadow holds tx it is not passed on at all.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "wrap.h"
#include "netdev_ops.h"
#include "pkt.h"
#include "proxy.h"

static inline bool ndp_failed(const struct drvsup_domain *d)
{
	return unlikely(atomic_read(&d->state) != DRVSUP_RUNNING);
}

/*
 * The net shadow is restarting the driver behind this device: the driver
 * is not called (it is gone, or half probed); the call gets its failure
 * result, or what the shadow answers for it (its hooks' tables).
 */
static inline bool ndp_away(const struct netdev_proxy *p)
{
	return unlikely(READ_ONCE(p->away));
}

/* Failure actions. */
#define ZERO_CMD(x)	zero_after_cmd(x, sizeof(*(x)))
#define NOT_SET(x)	memset(x, 0xff, sizeof(*(x)))

/* Zero an ethtool struct, all but its leading u32 cmd. */
static void zero_after_cmd(void *x, size_t size)
{
	memset(x + sizeof(u32), 0, size - sizeof(u32));
}

static void eto_zero_regs(struct ethtool_regs *regs, void *buf)
{
	regs->version = 0;
	memset(buf, 0, regs->len);
}

static void eto_zero_ring(struct ethtool_ringparam *ring,
			  struct kernel_ethtool_ringparam *kring)
{
	ZERO_CMD(ring);
	memset(kring, 0, sizeof(*kring));
}

static void eto_test_failed(struct ethtool_test *test, u64 *data)
{
	test->flags |= ETH_TEST_FL_FAILED;
	memset(data, 0, test->len * sizeof(u64));
}

/* get_strings' output: the string set's last count. */
static size_t eto_strings_size(struct net_device *dev, u32 sset)
{
	int n = sset < NDP_SSETS ? READ_ONCE(eto_proxy_of(dev)->sset_count[sset])
				 : 0;

	return n > 0 ? (size_t)n * ETH_GSTRING_LEN : 0;
}

static void eto_zero_strings(struct net_device *dev, u32 sset, u8 *data)
{
	memset(data, 0, eto_strings_size(dev, sset));
}

static void eto_rmon_failed(struct ethtool_rmon_stats *stats,
			    const struct ethtool_rmon_hist_range **ranges)
{
	NOT_SET(stats);
	*ranges = NULL;
}

void netdev_refresh_trans_start(struct net_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->num_tx_queues; i++)
		WRITE_ONCE(netdev_get_tx_queue(dev, i)->trans_start, jiffies);
}

/* --- proxy lines (proxy.h) ------------------------------------------------ */

/*
 * NDO_R(op, type, failure, device, (params), (args)) defines ndo_proxy_op
 * for a method that returns a value; NDO_V(op, device, (params), (args),
 * on_failure) for one that returns nothing. ETO_R and ETO_V are the same
 * for ethtool_ops, whose device argument is always dev.
 */
#define ndo_method(p, op)	((p)->orig_ndo->op)
#define eto_method(p, op)	((p)->orig_eto->op)
#define ndo_gate		DSW_GATE
#define eto_gate		DSW_GATE
#define ndo_away		ndp_away
#define eto_away		ndp_away
#define ndo_failed(p)		ndp_failed((p)->d)
#define eto_failed(p)		ndp_failed((p)->d)

#define NDO_R(op, rt, fail, devx, params, args)				\
	DSW_GUARDED_R(ndo, op, rt, fail, devx, params, args)
#define NDO_V(op, devx, params, args, on_fail)				\
	DSW_GUARDED_V(ndo, op, devx, params, args, on_fail)
#define ETO_R(op, rt, fail, params, args)				\
	DSW_GUARDED_R(eto, op, rt, fail, dev, params, args)
#define ETO_V(op, params, args, on_fail)				\
	DSW_GUARDED_V(eto, op, dev, params, args, on_fail)
/*
 * Methods that fill a buffer of the kernel's: it is lent for the call (the
 * ethtool core hands some in heap memory, e.g. get_drvinfo's).
 */
#define ETO_LR(op, rt, fail, params, args, buf, len)			\
	DSW_LENDING_R(eto, op, rt, fail, dev, params, args, buf, len)
#define ETO_LV(op, params, args, on_fail, buf, len)			\
	DSW_LENDING_V(eto, op, dev, params, args, on_fail, buf, len)

/* --- net_device_ops ---------------------------------------------------------- */

#define ND struct net_device *dev

NDO_R(ndo_init, int, -ENODEV, dev, (ND), (dev))
NDO_V(ndo_uninit, dev, (ND), (dev), 0)
NDO_R(ndo_open, int, -ENODEV, dev, (ND), (dev))
NDO_R(ndo_stop, int, -ENODEV, dev, (ND), (dev))
NDO_R(ndo_features_check, netdev_features_t, features, dev,
	(struct sk_buff *skb, ND, netdev_features_t features),
	(skb, dev, features))
NDO_R(ndo_select_queue, u16, 0, dev, (ND, struct sk_buff *skb,
	struct net_device *sb_dev), (dev, skb, sb_dev))
NDO_V(ndo_change_rx_flags, dev, (ND, int flags), (dev, flags), 0)
NDO_V(ndo_set_rx_mode, dev, (ND), (dev), 0)
NDO_R(ndo_set_mac_address, int, -ENODEV, dev, (ND, void *addr),
	(dev, addr))
NDO_R(ndo_validate_addr, int, -ENODEV, dev, (ND), (dev))
NDO_R(ndo_do_ioctl, int, -ENODEV, dev, (ND, struct ifreq *ifr, int cmd),
	(dev, ifr, cmd))
NDO_R(ndo_eth_ioctl, int, -ENODEV, dev, (ND, struct ifreq *ifr, int cmd),
	(dev, ifr, cmd))
NDO_R(ndo_siocbond, int, -ENODEV, dev, (ND, struct ifreq *ifr, int cmd),
	(dev, ifr, cmd))
NDO_R(ndo_siocwandev, int, -ENODEV, dev, (ND, struct if_settings *ifs),
	(dev, ifs))
NDO_R(ndo_siocdevprivate, int, -ENODEV, dev, (ND, struct ifreq *ifr,
	void __user *data, int cmd), (dev, ifr, data, cmd))
NDO_R(ndo_set_config, int, -ENODEV, dev, (ND, struct ifmap *map),
	(dev, map))
NDO_R(ndo_change_mtu, int, -ENODEV, dev, (ND, int new_mtu),
	(dev, new_mtu))
NDO_R(ndo_neigh_setup, int, -ENODEV, dev, (ND, struct neigh_parms *np),
	(dev, np))
NDO_V(ndo_tx_timeout, dev, (ND, unsigned int txqueue), (dev, txqueue),
	(netdev_refresh_trans_start(dev), 0))
NDO_V(ndo_get_stats64, dev, (ND, struct rtnl_link_stats64 *storage),
	(dev, storage), memset(storage, 0, sizeof(*storage)))
NDO_R(ndo_has_offload_stats, bool, false, dev,
	(const struct net_device *dev, int attr_id), (dev, attr_id))
NDO_R(ndo_get_offload_stats, int, -ENODEV, dev, (int attr_id,
	const struct net_device *dev, void *attr_data),
	(attr_id, dev, attr_data))
NDO_R(ndo_get_stats, struct net_device_stats *, &dev->stats, dev,
	(ND), (dev))
NDO_R(ndo_vlan_rx_add_vid, int, -ENODEV, dev, (ND, __be16 proto,
	u16 vid), (dev, proto, vid))
NDO_R(ndo_vlan_rx_kill_vid, int, -ENODEV, dev, (ND, __be16 proto,
	u16 vid), (dev, proto, vid))
#ifdef CONFIG_NET_POLL_CONTROLLER
NDO_V(ndo_poll_controller, dev, (ND), (dev), 0)
NDO_R(ndo_netpoll_setup, int, -ENODEV, dev,
	(ND, struct netpoll_info *info), (dev, info))
NDO_V(ndo_netpoll_cleanup, dev, (ND), (dev), 0)
#endif
NDO_R(ndo_set_vf_mac, int, -ENODEV, dev, (ND, int queue, u8 *mac),
	(dev, queue, mac))
NDO_R(ndo_set_vf_vlan, int, -ENODEV, dev, (ND, int queue, u16 vlan,
	u8 qos, __be16 proto), (dev, queue, vlan, qos, proto))
NDO_R(ndo_set_vf_rate, int, -ENODEV, dev, (ND, int vf, int min_tx_rate,
	int max_tx_rate), (dev, vf, min_tx_rate, max_tx_rate))
NDO_R(ndo_set_vf_spoofchk, int, -ENODEV, dev, (ND, int vf,
	bool setting), (dev, vf, setting))
NDO_R(ndo_set_vf_trust, int, -ENODEV, dev, (ND, int vf, bool setting),
	(dev, vf, setting))
NDO_R(ndo_get_vf_config, int, -ENODEV, dev, (ND, int vf,
	struct ifla_vf_info *ivf), (dev, vf, ivf))
NDO_R(ndo_set_vf_link_state, int, -ENODEV, dev, (ND, int vf,
	int link_state), (dev, vf, link_state))
NDO_R(ndo_get_vf_stats, int, -ENODEV, dev, (ND, int vf,
	struct ifla_vf_stats *vf_stats), (dev, vf, vf_stats))
NDO_R(ndo_set_vf_port, int, -ENODEV, dev, (ND, int vf,
	struct nlattr *port[]), (dev, vf, port))
NDO_R(ndo_get_vf_port, int, -ENODEV, dev, (ND, int vf,
	struct sk_buff *skb), (dev, vf, skb))
NDO_R(ndo_get_vf_guid, int, -ENODEV, dev, (ND, int vf,
	struct ifla_vf_guid *node_guid, struct ifla_vf_guid *port_guid),
	(dev, vf, node_guid, port_guid))
NDO_R(ndo_set_vf_guid, int, -ENODEV, dev, (ND, int vf, u64 guid,
	int guid_type), (dev, vf, guid, guid_type))
NDO_R(ndo_set_vf_rss_query_en, int, -ENODEV, dev, (ND, int vf,
	bool setting), (dev, vf, setting))
NDO_R(ndo_setup_tc, int, -EOPNOTSUPP, dev, (ND,
	enum tc_setup_type type, void *type_data), (dev, type, type_data))
#if IS_ENABLED(CONFIG_FCOE)
NDO_R(ndo_fcoe_enable, int, -ENODEV, dev, (ND), (dev))
NDO_R(ndo_fcoe_disable, int, -ENODEV, dev, (ND), (dev))
NDO_R(ndo_fcoe_ddp_setup, int, 0, dev, (ND, u16 xid,
	struct scatterlist *sgl, unsigned int sgc), (dev, xid, sgl, sgc))
NDO_R(ndo_fcoe_ddp_done, int, 0, dev, (ND, u16 xid), (dev, xid))
NDO_R(ndo_fcoe_ddp_target, int, 0, dev, (ND, u16 xid,
	struct scatterlist *sgl, unsigned int sgc), (dev, xid, sgl, sgc))
NDO_R(ndo_fcoe_get_hbainfo, int, -ENODEV, dev,
	(ND, struct netdev_fcoe_hbainfo *hbainfo), (dev, hbainfo))
#endif
#if IS_ENABLED(CONFIG_LIBFCOE)
NDO_R(ndo_fcoe_get_wwn, int, -ENODEV, dev, (ND, u64 *wwn, int type),
	(dev, wwn, type))
#endif
#ifdef CONFIG_RFS_ACCEL
NDO_R(ndo_rx_flow_steer, int, -ENODEV, dev, (ND,
	const struct sk_buff *skb, u16 rxq_index, u32 flow_id),
	(dev, skb, rxq_index, flow_id))
#endif
NDO_R(ndo_add_slave, int, -ENODEV, dev, (ND, struct net_device *slave,
	struct netlink_ext_ack *extack), (dev, slave, extack))
NDO_R(ndo_del_slave, int, -ENODEV, dev, (ND, struct net_device *slave),
	(dev, slave))
NDO_R(ndo_get_xmit_slave, struct net_device *, NULL, dev,
	(ND, struct sk_buff *skb, bool all_slaves), (dev, skb, all_slaves))
NDO_R(ndo_sk_get_lower_dev, struct net_device *, NULL, dev,
	(ND, struct sock *sk), (dev, sk))
NDO_R(ndo_fix_features, netdev_features_t, features, dev,
	(ND, netdev_features_t features), (dev, features))
NDO_R(ndo_set_features, int, -ENODEV, dev, (ND,
	netdev_features_t features), (dev, features))
NDO_R(ndo_neigh_construct, int, -ENODEV, dev, (ND, struct neighbour *n),
	(dev, n))
NDO_V(ndo_neigh_destroy, dev, (ND, struct neighbour *n), (dev, n), 0)
NDO_R(ndo_fdb_del, int, -ENODEV, dev, (struct ndmsg *ndm,
	struct nlattr *tb[], ND, const unsigned char *addr, u16 vid,
	struct netlink_ext_ack *extack), (ndm, tb, dev, addr, vid, extack))
NDO_R(ndo_fdb_del_bulk, int, -ENODEV, dev, (struct ndmsg *ndm,
	struct nlattr *tb[], ND, u16 vid, struct netlink_ext_ack *extack),
	(ndm, tb, dev, vid, extack))
NDO_R(ndo_fdb_dump, int, -ENODEV, dev, (struct sk_buff *skb,
	struct netlink_callback *cb, ND, struct net_device *filter_dev,
	int *idx), (skb, cb, dev, filter_dev, idx))
NDO_R(ndo_bridge_setlink, int, -ENODEV, dev, (ND, struct nlmsghdr *nlh,
	u16 flags, struct netlink_ext_ack *extack),
	(dev, nlh, flags, extack))
NDO_R(ndo_bridge_getlink, int, -ENODEV, dev, (struct sk_buff *skb,
	u32 pid, u32 seq, ND, u32 filter_mask, int nlflags),
	(skb, pid, seq, dev, filter_mask, nlflags))
NDO_R(ndo_bridge_dellink, int, -ENODEV, dev, (ND, struct nlmsghdr *nlh,
	u16 flags), (dev, nlh, flags))
NDO_R(ndo_change_carrier, int, -ENODEV, dev, (ND, bool new_carrier),
	(dev, new_carrier))
NDO_R(ndo_get_phys_port_id, int, -EOPNOTSUPP, dev,
	(ND, struct netdev_phys_item_id *ppid), (dev, ppid))
NDO_R(ndo_get_port_parent_id, int, -EOPNOTSUPP, dev,
	(ND, struct netdev_phys_item_id *ppid), (dev, ppid))
NDO_R(ndo_get_phys_port_name, int, -EOPNOTSUPP, dev, (ND, char *name,
	size_t len), (dev, name, len))
NDO_R(ndo_dfwd_add_station, void *, NULL, pdev,
	(struct net_device *pdev, ND), (pdev, dev))
NDO_V(ndo_dfwd_del_station, pdev, (struct net_device *pdev, void *priv),
	(pdev, priv), 0)
NDO_R(ndo_set_tx_maxrate, int, -ENODEV, dev, (ND, int queue_index,
	u32 maxrate), (dev, queue_index, maxrate))
NDO_R(ndo_get_iflink, int, dev->ifindex, dev,
	(const struct net_device *dev), (dev))
NDO_R(ndo_fill_metadata_dst, int, -ENODEV, dev, (ND,
	struct sk_buff *skb), (dev, skb))
NDO_V(ndo_set_rx_headroom, dev, (ND, int needed_headroom),
	(dev, needed_headroom), 0)
NDO_R(ndo_bpf, int, -EOPNOTSUPP, dev, (ND, struct netdev_bpf *bpf),
	(dev, bpf))
NDO_R(ndo_xdp_xmit, int, -ENODEV, dev, (ND, int n,
	struct xdp_frame **xdp, u32 flags), (dev, n, xdp, flags))
NDO_R(ndo_xdp_get_xmit_slave, struct net_device *, NULL, dev,
	(ND, struct xdp_buff *xdp), (dev, xdp))
NDO_R(ndo_xsk_wakeup, int, -ENODEV, dev, (ND, u32 queue_id,
	u32 flags), (dev, queue_id, flags))
NDO_R(ndo_get_devlink_port, struct devlink_port *, NULL, dev, (ND),
	(dev))
NDO_R(ndo_tunnel_ctl, int, -ENODEV, dev, (ND,
	struct ip_tunnel_parm *parm, int cmd), (dev, parm, cmd))
NDO_R(ndo_get_peer_dev, struct net_device *, NULL, dev, (ND), (dev))
NDO_R(ndo_fill_forward_path, int, -ENODEV, ctx->dev,
	(struct net_device_path_ctx *ctx, struct net_device_path *path),
	(ctx, path))
NDO_R(ndo_get_tstamp, ktime_t, hwtstamps->hwtstamp, dev, (ND,
	const struct skb_shared_hwtstamps *hwtstamps, bool cycles),
	(dev, hwtstamps, cycles))

static struct drvsup_entry ndo_entry_xmit = { "ndo_start_xmit",
					      NETDEV_TX_OK };

/*
 * Tx is held (a restarted driver, no carrier yet): the packet stays the
 * kernel's and its queue stops, so that the driver's own start of its
 * queues in its open (an inline bit clear no wrapper sees) lets nothing
 * through before the net shadow lets tx go. Stopped, then looked at
 * again: a release in between wakes the queue.
 */
static void ndp_hold(const struct netdev_proxy *p, struct sk_buff *skb)
{
	struct netdev_queue *txq = skb_get_tx_queue(p->dev, skb);

	netif_tx_stop_queue(txq);
	/* the stop before the look: release_tx() clears, then wakes */
	smp_mb__after_atomic();
	if (!READ_ONCE(p->hold_tx))
		netif_tx_wake_queue(txq);
}

static netdev_tx_t ndo_proxy_ndo_start_xmit(struct sk_buff *skb,
					    struct net_device *dev)
{
	const struct netdev_proxy *p = ndo_proxy_of(dev);
	struct dsw_set *skbs = &p->pkt->skbs;
	netdev_tx_t ret;

	if (ndp_failed(p->d))
		goto drop;
	if (unlikely(READ_ONCE(p->hold_tx))) {
		ndp_hold(p, skb);
		return NETDEV_TX_BUSY;		/* the kernel requeues it */
	}
	if (dsw_set_add(skbs, (unsigned long)skb) < 0)
		goto drop;
	dsw_skb_lend(p->pkt, skb, true);
	ret = DSW_RET(netdev_tx_t, DRVSUP_CALL(p->d, &ndo_entry_xmit,
						p->orig_ndo->ndo_start_xmit,
						skb, dev));
	if (ndp_failed(p->d)) {
		/* Here or elsewhere: ours to free unless the drain took it. */
		if (dsw_set_del(skbs, (unsigned long)skb)) {
			dsw_skb_lend(p->pkt, skb, false);
			goto drop;
		}
		return NETDEV_TX_OK;
	}
	if (unlikely(ret == NETDEV_TX_BUSY) &&
	    dsw_set_del(skbs, (unsigned long)skb))	/* the kernel's again */
		dsw_skb_lend(p->pkt, skb, false);
	return ret;
drop:
	dev_core_stats_tx_dropped_inc(dev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

const struct net_device_ops dsw_ndo_gates = {
	.ndo_init = ndo_proxy_ndo_init,
	.ndo_uninit = ndo_proxy_ndo_uninit,
	.ndo_open = ndo_proxy_ndo_open,
	.ndo_stop = ndo_proxy_ndo_stop,
	.ndo_features_check = ndo_proxy_ndo_features_check,
	.ndo_select_queue = ndo_proxy_ndo_select_queue,
	.ndo_change_rx_flags = ndo_proxy_ndo_change_rx_flags,
	.ndo_set_rx_mode = ndo_proxy_ndo_set_rx_mode,
	.ndo_set_mac_address = ndo_proxy_ndo_set_mac_address,
	.ndo_validate_addr = ndo_proxy_ndo_validate_addr,
	.ndo_do_ioctl = ndo_proxy_ndo_do_ioctl,
	.ndo_eth_ioctl = ndo_proxy_ndo_eth_ioctl,
	.ndo_siocbond = ndo_proxy_ndo_siocbond,
	.ndo_siocwandev = ndo_proxy_ndo_siocwandev,
	.ndo_siocdevprivate = ndo_proxy_ndo_siocdevprivate,
	.ndo_set_config = ndo_proxy_ndo_set_config,
	.ndo_change_mtu = ndo_proxy_ndo_change_mtu,
	.ndo_neigh_setup = ndo_proxy_ndo_neigh_setup,
	.ndo_tx_timeout = ndo_proxy_ndo_tx_timeout,
	.ndo_get_stats64 = ndo_proxy_ndo_get_stats64,
	.ndo_has_offload_stats = ndo_proxy_ndo_has_offload_stats,
	.ndo_get_offload_stats = ndo_proxy_ndo_get_offload_stats,
	.ndo_get_stats = ndo_proxy_ndo_get_stats,
	.ndo_vlan_rx_add_vid = ndo_proxy_ndo_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid = ndo_proxy_ndo_vlan_rx_kill_vid,
#ifdef CONFIG_NET_POLL_CONTROLLER
	.ndo_poll_controller = ndo_proxy_ndo_poll_controller,
	.ndo_netpoll_setup = ndo_proxy_ndo_netpoll_setup,
	.ndo_netpoll_cleanup = ndo_proxy_ndo_netpoll_cleanup,
#endif
	.ndo_set_vf_mac = ndo_proxy_ndo_set_vf_mac,
	.ndo_set_vf_vlan = ndo_proxy_ndo_set_vf_vlan,
	.ndo_set_vf_rate = ndo_proxy_ndo_set_vf_rate,
	.ndo_set_vf_spoofchk = ndo_proxy_ndo_set_vf_spoofchk,
	.ndo_set_vf_trust = ndo_proxy_ndo_set_vf_trust,
	.ndo_get_vf_config = ndo_proxy_ndo_get_vf_config,
	.ndo_set_vf_link_state = ndo_proxy_ndo_set_vf_link_state,
	.ndo_get_vf_stats = ndo_proxy_ndo_get_vf_stats,
	.ndo_set_vf_port = ndo_proxy_ndo_set_vf_port,
	.ndo_get_vf_port = ndo_proxy_ndo_get_vf_port,
	.ndo_get_vf_guid = ndo_proxy_ndo_get_vf_guid,
	.ndo_set_vf_guid = ndo_proxy_ndo_set_vf_guid,
	.ndo_set_vf_rss_query_en = ndo_proxy_ndo_set_vf_rss_query_en,
	.ndo_setup_tc = ndo_proxy_ndo_setup_tc,
#if IS_ENABLED(CONFIG_FCOE)
	.ndo_fcoe_enable = ndo_proxy_ndo_fcoe_enable,
	.ndo_fcoe_disable = ndo_proxy_ndo_fcoe_disable,
	.ndo_fcoe_ddp_setup = ndo_proxy_ndo_fcoe_ddp_setup,
	.ndo_fcoe_ddp_done = ndo_proxy_ndo_fcoe_ddp_done,
	.ndo_fcoe_ddp_target = ndo_proxy_ndo_fcoe_ddp_target,
	.ndo_fcoe_get_hbainfo = ndo_proxy_ndo_fcoe_get_hbainfo,
#endif
#if IS_ENABLED(CONFIG_LIBFCOE)
	.ndo_fcoe_get_wwn = ndo_proxy_ndo_fcoe_get_wwn,
#endif
#ifdef CONFIG_RFS_ACCEL
	.ndo_rx_flow_steer = ndo_proxy_ndo_rx_flow_steer,
#endif
	.ndo_add_slave = ndo_proxy_ndo_add_slave,
	.ndo_del_slave = ndo_proxy_ndo_del_slave,
	.ndo_get_xmit_slave = ndo_proxy_ndo_get_xmit_slave,
	.ndo_sk_get_lower_dev = ndo_proxy_ndo_sk_get_lower_dev,
	.ndo_fix_features = ndo_proxy_ndo_fix_features,
	.ndo_set_features = ndo_proxy_ndo_set_features,
	.ndo_neigh_construct = ndo_proxy_ndo_neigh_construct,
	.ndo_neigh_destroy = ndo_proxy_ndo_neigh_destroy,
	.ndo_fdb_del = ndo_proxy_ndo_fdb_del,
	.ndo_fdb_del_bulk = ndo_proxy_ndo_fdb_del_bulk,
	.ndo_fdb_dump = ndo_proxy_ndo_fdb_dump,
	.ndo_bridge_setlink = ndo_proxy_ndo_bridge_setlink,
	.ndo_bridge_getlink = ndo_proxy_ndo_bridge_getlink,
	.ndo_bridge_dellink = ndo_proxy_ndo_bridge_dellink,
	.ndo_change_carrier = ndo_proxy_ndo_change_carrier,
	.ndo_get_phys_port_id = ndo_proxy_ndo_get_phys_port_id,
	.ndo_get_port_parent_id = ndo_proxy_ndo_get_port_parent_id,
	.ndo_get_phys_port_name = ndo_proxy_ndo_get_phys_port_name,
	.ndo_dfwd_add_station = ndo_proxy_ndo_dfwd_add_station,
	.ndo_dfwd_del_station = ndo_proxy_ndo_dfwd_del_station,
	.ndo_set_tx_maxrate = ndo_proxy_ndo_set_tx_maxrate,
	.ndo_get_iflink = ndo_proxy_ndo_get_iflink,
	.ndo_fill_metadata_dst = ndo_proxy_ndo_fill_metadata_dst,
	.ndo_set_rx_headroom = ndo_proxy_ndo_set_rx_headroom,
	.ndo_bpf = ndo_proxy_ndo_bpf,
	.ndo_xdp_xmit = ndo_proxy_ndo_xdp_xmit,
	.ndo_xdp_get_xmit_slave = ndo_proxy_ndo_xdp_get_xmit_slave,
	.ndo_xsk_wakeup = ndo_proxy_ndo_xsk_wakeup,
	.ndo_get_devlink_port = ndo_proxy_ndo_get_devlink_port,
	.ndo_tunnel_ctl = ndo_proxy_ndo_tunnel_ctl,
	.ndo_get_peer_dev = ndo_proxy_ndo_get_peer_dev,
	.ndo_fill_forward_path = ndo_proxy_ndo_fill_forward_path,
	.ndo_get_tstamp = ndo_proxy_ndo_get_tstamp,
	.ndo_start_xmit = ndo_proxy_ndo_start_xmit,
};

/* --- ethtool_ops ---------------------------------------------------------------- */

ETO_LV(get_drvinfo, (ND, struct ethtool_drvinfo *info), (dev, info),
	ZERO_CMD(info), info, sizeof(*info))
ETO_R(get_regs_len, int, 0, (ND), (dev))
ETO_LV(get_regs, (ND, struct ethtool_regs *regs, void *buf),
	(dev, regs, buf), (eto_zero_regs(regs, buf), 0), buf, regs->len)
ETO_LV(get_wol, (ND, struct ethtool_wolinfo *wol), (dev, wol),
	ZERO_CMD(wol), wol, sizeof(*wol))
ETO_R(set_wol, int, -ENODEV, (ND, struct ethtool_wolinfo *wol),
	(dev, wol))
ETO_R(get_msglevel, u32, 0, (ND), (dev))
ETO_V(set_msglevel, (ND, u32 level), (dev, level), 0)
ETO_R(nway_reset, int, -ENODEV, (ND), (dev))
ETO_R(get_link, u32, 0, (ND), (dev))
ETO_R(get_link_ext_state, int, -ENODATA, (ND,
	struct ethtool_link_ext_state_info *info), (dev, info))
ETO_R(get_eeprom_len, int, 0, (ND), (dev))
ETO_LR(get_eeprom, int, -ENODEV, (ND, struct ethtool_eeprom *ee,
	u8 *data), (dev, ee, data), data, ee->len)
ETO_R(set_eeprom, int, -ENODEV, (ND, struct ethtool_eeprom *ee,
	u8 *data), (dev, ee, data))
ETO_LR(get_coalesce, int, -ENODEV, (ND, struct ethtool_coalesce *ec,
	struct kernel_ethtool_coalesce *kec,
	struct netlink_ext_ack *extack), (dev, ec, kec, extack),
	ec, sizeof(*ec))
ETO_R(set_coalesce, int, -ENODEV, (ND, struct ethtool_coalesce *ec,
	struct kernel_ethtool_coalesce *kec,
	struct netlink_ext_ack *extack), (dev, ec, kec, extack))
ETO_LV(get_ringparam, (ND, struct ethtool_ringparam *ring,
	struct kernel_ethtool_ringparam *kring,
	struct netlink_ext_ack *extack), (dev, ring, kring, extack),
	(eto_zero_ring(ring, kring), 0), ring, sizeof(*ring))
ETO_R(set_ringparam, int, -ENODEV, (ND, struct ethtool_ringparam *ring,
	struct kernel_ethtool_ringparam *kring,
	struct netlink_ext_ack *extack), (dev, ring, kring, extack))
ETO_V(get_pause_stats, (ND, struct ethtool_pause_stats *stats),
	(dev, stats), NOT_SET(stats))
ETO_LV(get_pauseparam, (ND, struct ethtool_pauseparam *pause),
	(dev, pause), ZERO_CMD(pause), pause, sizeof(*pause))
ETO_R(set_pauseparam, int, -ENODEV, (ND,
	struct ethtool_pauseparam *pause), (dev, pause))
ETO_LV(self_test, (ND, struct ethtool_test *test, u64 *data),
	(dev, test, data), (eto_test_failed(test, data), 0),
	data, test->len * sizeof(u64))
ETO_LV(get_strings, (ND, u32 sset, u8 *data), (dev, sset, data),
	(eto_zero_strings(dev, sset, data), 0),
	data, eto_strings_size(dev, sset))
ETO_R(set_phys_id, int, -ENODEV, (ND,
	enum ethtool_phys_id_state state), (dev, state))
ETO_LV(get_ethtool_stats, (ND, struct ethtool_stats *stats, u64 *data),
	(dev, stats, data), memset(data, 0, stats->n_stats * sizeof(u64)),
	data, stats->n_stats * sizeof(u64))
ETO_R(begin, int, -ENODEV, (ND), (dev))
ETO_V(complete, (ND), (dev), 0)
ETO_R(get_priv_flags, u32, 0, (ND), (dev))
ETO_R(set_priv_flags, int, -ENODEV, (ND, u32 flags), (dev, flags))
ETO_R(get_rxnfc, int, -ENODEV, (ND, struct ethtool_rxnfc *info,
	u32 *rule_locs), (dev, info, rule_locs))
ETO_R(set_rxnfc, int, -ENODEV, (ND, struct ethtool_rxnfc *info),
	(dev, info))
ETO_R(flash_device, int, -ENODEV, (ND, struct ethtool_flash *flash),
	(dev, flash))
ETO_R(reset, int, -ENODEV, (ND, u32 *flags), (dev, flags))
ETO_R(get_rxfh_key_size, u32, 0, (ND), (dev))
ETO_R(get_rxfh_indir_size, u32, 0, (ND), (dev))
ETO_R(get_rxfh, int, -ENODEV, (ND, u32 *indir, u8 *key, u8 *hfunc),
	(dev, indir, key, hfunc))
ETO_R(set_rxfh, int, -ENODEV, (ND, const u32 *indir, const u8 *key,
	const u8 hfunc), (dev, indir, key, hfunc))
ETO_R(get_rxfh_context, int, -ENODEV, (ND, u32 *indir, u8 *key,
	u8 *hfunc, u32 rss_context), (dev, indir, key, hfunc, rss_context))
ETO_R(set_rxfh_context, int, -ENODEV, (ND, const u32 *indir,
	const u8 *key, const u8 hfunc, u32 *rss_context, bool delete),
	(dev, indir, key, hfunc, rss_context, delete))
ETO_LV(get_channels, (ND, struct ethtool_channels *ch), (dev, ch),
	ZERO_CMD(ch), ch, sizeof(*ch))
ETO_R(set_channels, int, -ENODEV, (ND, struct ethtool_channels *ch),
	(dev, ch))
ETO_R(get_dump_flag, int, -ENODEV, (ND, struct ethtool_dump *dump),
	(dev, dump))
ETO_LR(get_dump_data, int, -ENODEV, (ND, struct ethtool_dump *dump,
	void *buf), (dev, dump, buf), buf, dump->len)
ETO_R(set_dump, int, -ENODEV, (ND, struct ethtool_dump *dump),
	(dev, dump))
ETO_LR(get_ts_info, int, -ENODEV, (ND, struct ethtool_ts_info *info),
	(dev, info), info, sizeof(*info))
ETO_R(get_module_info, int, -ENODEV, (ND,
	struct ethtool_modinfo *modinfo), (dev, modinfo))
ETO_LR(get_module_eeprom, int, -ENODEV, (ND, struct ethtool_eeprom *ee,
	u8 *data), (dev, ee, data), data, ee->len)
ETO_LR(get_eee, int, -ENODEV, (ND, struct ethtool_eee *eee), (dev, eee),
	eee, sizeof(*eee))
ETO_R(set_eee, int, -ENODEV, (ND, struct ethtool_eee *eee), (dev, eee))
ETO_R(get_tunable, int, -ENODEV, (ND, const struct ethtool_tunable *t,
	void *data), (dev, t, data))
ETO_R(set_tunable, int, -ENODEV, (ND, const struct ethtool_tunable *t,
	const void *data), (dev, t, data))
ETO_R(get_per_queue_coalesce, int, -ENODEV, (ND, u32 queue,
	struct ethtool_coalesce *ec), (dev, queue, ec))
ETO_R(set_per_queue_coalesce, int, -ENODEV, (ND, u32 queue,
	struct ethtool_coalesce *ec), (dev, queue, ec))
ETO_LR(get_link_ksettings, int, -ENODEV, (ND,
	struct ethtool_link_ksettings *ks), (dev, ks), ks, sizeof(*ks))
ETO_R(set_link_ksettings, int, -ENODEV, (ND,
	const struct ethtool_link_ksettings *ks), (dev, ks))
ETO_V(get_fec_stats, (ND, struct ethtool_fec_stats *stats),
	(dev, stats), NOT_SET(stats))
ETO_LR(get_fecparam, int, -ENODEV, (ND, struct ethtool_fecparam *fec),
	(dev, fec), fec, sizeof(*fec))
ETO_R(set_fecparam, int, -ENODEV, (ND, struct ethtool_fecparam *fec),
	(dev, fec))
ETO_LV(get_ethtool_phy_stats, (ND, struct ethtool_stats *stats,
	u64 *data), (dev, stats, data),
	memset(data, 0, stats->n_stats * sizeof(u64)),
	data, stats->n_stats * sizeof(u64))
ETO_R(get_phy_tunable, int, -ENODEV, (ND,
	const struct ethtool_tunable *t, void *data), (dev, t, data))
ETO_R(set_phy_tunable, int, -ENODEV, (ND,
	const struct ethtool_tunable *t, const void *data), (dev, t, data))
ETO_R(get_module_eeprom_by_page, int, -ENODEV, (ND,
	const struct ethtool_module_eeprom *page,
	struct netlink_ext_ack *extack), (dev, page, extack))
ETO_V(get_eth_phy_stats, (ND, struct ethtool_eth_phy_stats *stats),
	(dev, stats), NOT_SET(stats))
ETO_V(get_eth_mac_stats, (ND, struct ethtool_eth_mac_stats *stats),
	(dev, stats), NOT_SET(stats))
ETO_V(get_eth_ctrl_stats, (ND, struct ethtool_eth_ctrl_stats *stats),
	(dev, stats), NOT_SET(stats))
ETO_V(get_rmon_stats, (ND, struct ethtool_rmon_stats *stats,
	const struct ethtool_rmon_hist_range **ranges),
	(dev, stats, ranges), (eto_rmon_failed(stats, ranges), 0))
ETO_R(get_module_power_mode, int, -ENODEV, (ND,
	struct ethtool_module_power_mode_params *params,
	struct netlink_ext_ack *extack), (dev, params, extack))
ETO_R(set_module_power_mode, int, -ENODEV, (ND,
	const struct ethtool_module_power_mode_params *params,
	struct netlink_ext_ack *extack), (dev, params, extack))

/* The string count, remembered to size get_strings' failure output. */
static struct drvsup_entry eto_entry_get_sset_count = {
	"get_sset_count", -ENODEV };

static int eto_proxy_get_sset_count(struct net_device *dev, int sset)
{
	struct netdev_proxy *p = eto_proxy_of(dev);
	int n;

	n = DSW_RET(int, DRVSUP_CALL(p->d, &eto_entry_get_sset_count,
				      p->orig_eto->get_sset_count, dev, sset));
	if (ndp_failed(p->d))
		n = -ENODEV;
	if ((unsigned int)sset < NDP_SSETS)
		WRITE_ONCE(p->sset_count[sset], n);
	return n;
}

const struct ethtool_ops dsw_eto_gates = {
	.get_drvinfo = eto_proxy_get_drvinfo,
	.get_regs_len = eto_proxy_get_regs_len,
	.get_regs = eto_proxy_get_regs,
	.get_wol = eto_proxy_get_wol,
	.set_wol = eto_proxy_set_wol,
	.get_msglevel = eto_proxy_get_msglevel,
	.set_msglevel = eto_proxy_set_msglevel,
	.nway_reset = eto_proxy_nway_reset,
	.get_link = eto_proxy_get_link,
	.get_link_ext_state = eto_proxy_get_link_ext_state,
	.get_eeprom_len = eto_proxy_get_eeprom_len,
	.get_eeprom = eto_proxy_get_eeprom,
	.set_eeprom = eto_proxy_set_eeprom,
	.get_coalesce = eto_proxy_get_coalesce,
	.set_coalesce = eto_proxy_set_coalesce,
	.get_ringparam = eto_proxy_get_ringparam,
	.set_ringparam = eto_proxy_set_ringparam,
	.get_pause_stats = eto_proxy_get_pause_stats,
	.get_pauseparam = eto_proxy_get_pauseparam,
	.set_pauseparam = eto_proxy_set_pauseparam,
	.self_test = eto_proxy_self_test,
	.get_strings = eto_proxy_get_strings,
	.set_phys_id = eto_proxy_set_phys_id,
	.get_ethtool_stats = eto_proxy_get_ethtool_stats,
	.begin = eto_proxy_begin,
	.complete = eto_proxy_complete,
	.get_priv_flags = eto_proxy_get_priv_flags,
	.set_priv_flags = eto_proxy_set_priv_flags,
	.get_rxnfc = eto_proxy_get_rxnfc,
	.set_rxnfc = eto_proxy_set_rxnfc,
	.flash_device = eto_proxy_flash_device,
	.reset = eto_proxy_reset,
	.get_rxfh_key_size = eto_proxy_get_rxfh_key_size,
	.get_rxfh_indir_size = eto_proxy_get_rxfh_indir_size,
	.get_rxfh = eto_proxy_get_rxfh,
	.set_rxfh = eto_proxy_set_rxfh,
	.get_rxfh_context = eto_proxy_get_rxfh_context,
	.set_rxfh_context = eto_proxy_set_rxfh_context,
	.get_channels = eto_proxy_get_channels,
	.set_channels = eto_proxy_set_channels,
	.get_dump_flag = eto_proxy_get_dump_flag,
	.get_dump_data = eto_proxy_get_dump_data,
	.set_dump = eto_proxy_set_dump,
	.get_ts_info = eto_proxy_get_ts_info,
	.get_module_info = eto_proxy_get_module_info,
	.get_module_eeprom = eto_proxy_get_module_eeprom,
	.get_eee = eto_proxy_get_eee,
	.set_eee = eto_proxy_set_eee,
	.get_tunable = eto_proxy_get_tunable,
	.set_tunable = eto_proxy_set_tunable,
	.get_per_queue_coalesce = eto_proxy_get_per_queue_coalesce,
	.set_per_queue_coalesce = eto_proxy_set_per_queue_coalesce,
	.get_link_ksettings = eto_proxy_get_link_ksettings,
	.set_link_ksettings = eto_proxy_set_link_ksettings,
	.get_fec_stats = eto_proxy_get_fec_stats,
	.get_fecparam = eto_proxy_get_fecparam,
	.set_fecparam = eto_proxy_set_fecparam,
	.get_ethtool_phy_stats = eto_proxy_get_ethtool_phy_stats,
	.get_phy_tunable = eto_proxy_get_phy_tunable,
	.set_phy_tunable = eto_proxy_set_phy_tunable,
	.get_module_eeprom_by_page = eto_proxy_get_module_eeprom_by_page,
	.get_eth_phy_stats = eto_proxy_get_eth_phy_stats,
	.get_eth_mac_stats = eto_proxy_get_eth_mac_stats,
	.get_eth_ctrl_stats = eto_proxy_get_eth_ctrl_stats,
	.get_rmon_stats = eto_proxy_get_rmon_stats,
	.get_module_power_mode = eto_proxy_get_module_power_mode,
	.set_module_power_mode = eto_proxy_set_module_power_mode,
	.get_sset_count = eto_proxy_get_sset_count,
};

/* --- building and installing the tables ------------------------------------- */

/* A method table the kernel would call ungated, or NULL if none. */
static const char *netdev_unsupported(struct netdev_proxy *p)
{
	struct net_device *dev = p->dev;
	const void *tables[] = {
		dev->header_ops, dev->rtnl_link_ops, dev->udp_tunnel_nic_info,
		dev->priv_destructor,
#ifdef CONFIG_WIRELESS_EXT
		dev->wireless_handlers,
#endif
#ifdef CONFIG_NET_L3_MASTER_DEV
		dev->l3mdev_ops,
#endif
#if IS_ENABLED(CONFIG_IPV6)
		dev->ndisc_ops,
#endif
#ifdef CONFIG_XFRM_OFFLOAD
		dev->xfrmdev_ops,
#endif
#if IS_ENABLED(CONFIG_TLS_DEVICE)
		dev->tlsdev_ops,
#endif
#ifdef CONFIG_DCB
		dev->dcbnl_ops,
#endif
#if IS_ENABLED(CONFIG_MACSEC)
		dev->macsec_ops,
#endif
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tables); i++)
		if (tables[i] && dsw_in_domain(p->d, tables[i]))
			return "a method table other than netdev_ops/ethtool_ops";
	return NULL;
}

/* ethtool_ops: its methods follow its data members. */
#define ETO_FIRST offsetof(struct ethtool_ops, get_drvinfo)

/**
 * netdev_proxy_new - gated method tables for @dev
 * @d: the driver's domain
 * @pkt: its packet state (ndo_start_xmit records sk_buffs there)
 * @dev: the device, with the driver's netdev_ops and ethtool_ops set
 * @h: the class shadow's hooks (its state's size, its answers), or NULL
 *
 * Returns the proxy (not yet installed) or an ERR_PTR: -EOPNOTSUPP when the
 * driver implements a method no proxy can gate.
 */
struct netdev_proxy *netdev_proxy_new(struct drvsup_domain *d,
				      struct dsw_pkt *pkt,
				      struct net_device *dev,
				      const struct dsw_netdev_hooks *h)
{
	struct netdev_proxy *p;
	const char *why;
	long n = 0;

	p = kzalloc(sizeof(*p) + (h ? h->shadow_size : 0), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->d = d;
	p->pkt = pkt;
	p->dev = dev;
	p->orig_ndo = dev->netdev_ops;
	p->orig_eto = dev->ethtool_ops;
	why = netdev_unsupported(p);
	if (!why && p->orig_ndo) {
		n = dsw_gate_table(d, &p->ndo, p->orig_ndo, &dsw_ndo_gates, 0,
				   sizeof(p->ndo));
		p->ndo_gated = n > 0;
		why = n < 0 ? "a net_device_ops method" : NULL;
	}
	if (!why && p->orig_eto) {
		n = dsw_gate_table(d, &p->eto, p->orig_eto, &dsw_eto_gates,
				   ETO_FIRST, sizeof(p->eto));
		p->eto_gated = n > 0;
		why = n < 0 ? "an ethtool_ops method" : NULL;
	}
	if (why) {
		pr_err("%s: %s: %s (at offset %ld) cannot be gated\n", d->name,
		       dev->name, why, n < 0 ? -n - 1 : 0);
		kfree(p);
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (h) {
		dsw_answer_table(&p->ndo, &dsw_ndo_gates, h->ndo, 0,
				 sizeof(p->ndo));
		dsw_answer_table(&p->eto, &dsw_eto_gates, h->eto, ETO_FIRST,
				 sizeof(p->eto));
	}
	return p;
}

/* Point the device at the gated tables (those that gate driver code). */
void netdev_proxy_install(struct netdev_proxy *p)
{
	if (p->ndo_gated)
		WRITE_ONCE(p->dev->netdev_ops, &p->ndo);
	if (p->eto_gated)
		WRITE_ONCE(p->dev->ethtool_ops, &p->eto);
}

/* Give the device the driver's tables back (it is unregistered). */
void netdev_proxy_restore(struct netdev_proxy *p)
{
	if (p->dev->netdev_ops == &p->ndo)
		WRITE_ONCE(p->dev->netdev_ops, p->orig_ndo);
	if (p->dev->ethtool_ops == &p->eto)
		WRITE_ONCE(p->dev->ethtool_ops, p->orig_eto);
}

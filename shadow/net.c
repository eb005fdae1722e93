// SPDX-License-Identifier: GPL-2.0
/*
 * net.c - the network class shadow: a NIC driver restarted behind the
 * net_device the kernel keeps (same ifindex, name, addresses, routes and
 * sockets), for any driver whose imports drvsup covers. It knows the
 * net_device, rtnl and ethtool, and no driver.
 *
 * It takes part through the hooks of the net wrappers (struct
 * dsw_netdev_hooks, wrappers/netdev.h): its log of each device lives at
 * the end of the device's proxy, and it answers some methods itself.
 *
 * fault (net_fault, any context): the gated methods stop calling the
 *   driver and answer for it (below), tx queues stop
 *   with a fresh trans_start, and the carrier goes off *quietly*: the
 *   NOCARRIER bit with no linkwatch event, so no operstate change, no
 *   neighbour flush and no qdisc reset reach the stack, and dev_watchdog
 *   keeps away.
 * reset (before the restart, under rtnl): START off, so the driver sees a
 *   device never opened, as after any probe; the private area zeroed (the
 *   old NAPI contexts, works and timers went with the driver's resources).
 *   From the checkpoint instead (core.c): START off, and the address,
 *   features and BQL state as the probe had left them before the
 *   checkpoint; no restart, the replay below is the same.
 * restart: each bound device is probed again under rtnl (the "reprobe"
 *   hook, which wrappers/bus.c runs around it); the probe is handed the
 *   kept device, and its register_netdev() is net_reregister(): the
 *   name and gated tables the probe wrote over go back, the features as
 *   register_netdevice() fixes them up, BQL state reset.
 * replay (under rtnl): the driver takes calls again, as one whose device
 *   is not open yet; the address (the probe wrote the EEPROM's), the MTU,
 *   logged ethtool settings and the kernel's wanted features go to it
 *   while it sees the device closed, then open if the kernel has it up,
 *   and the rx mode.
 * resume: tx stays held until the driver reports carrier itself (waking
 *   it earlier makes a driver see "link down with tx pending" and reset
 *   the adapter again; the xmit gate hands back what reaches it meanwhile,
 *   wrappers/netdev_ops.c): through the netif_carrier_on() wrapper, or, when
 *   a library in the kernel reports it for the driver (mii_check_link()),
 *   as the carrier the kernel sees, looked at every CARRIER_POLL_MS.
 *   Meanwhile the domain's delayed works run every DRVSUP_HURRY_MS rather
 *   than on the driver's own period (drivers that poll their link do it
 *   every few seconds). No carrier in CARRIER_WAIT_MS: the kernel is told.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>

#include "../isolation/domain.h"
#include "../wrappers/netdev.h"
#include "../wrappers/proxy.h"
#include "../wrappers/quarantine.h"
#include "shadow.h"

#define NET_MAX		8	/* devices of one driver the shadow restarts */

/*
 * The log of one kept net_device: what the kernel's own net_device does
 * not keep across a re-probe: the name and address the probe overwrites,
 * the MTU the device was registered with, the last driver info and
 * statistics (answers while the driver is away), and the state-changing
 * ethtool settings. It lives at the end of the device's proxy
 * (dsw_netdev_hooks.shadow_size), zeroed at registration.
 */
struct drvsup_net_log {
	struct netdev_proxy *p;		/* whose */
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
	/* the device as checkpointed (net_checkpoint()): what the probe set */
	unsigned char ckpt_addr[MAX_ADDR_LEN];
	netdev_features_t ckpt_features, ckpt_hw_features;
	struct delayed_work carrier_work;	/* looks for carrier, gives up */
	unsigned long carrier_deadline;		/* jiffies: gives up then */
};

static inline struct drvsup_net_log *log_of(const struct netdev_proxy *p)
{
	return (struct drvsup_net_log *)p->shadow;
}

/* The net shadow's state of a domain, kept by the core (state_size). */
struct drvsup_net_domain {
	u64 last_link_ns, total_link_ns;	/* fault -> carrier back */
	bool reopen;				/* sysfs "reopen" */
};

static const struct drvsup_shadow_class net_class;

static struct drvsup_net_domain *net_of(struct drvsup_domain *d)
{
	return drvsup_shadow_class_state(d, &net_class);
}

/*
 * The probe writes dev->name ("eth%d"), and the kernel finds a device by
 * name through its name node, which points at dev->name: for the length
 * of a re-probe "eth0" would be "No such device" to every lookup without
 * rtnl (SIOCGIFFLAGS, seen). So the node points at the shadow's copy of
 * the name meanwhile. The node's layout is net/core/dev.h's (6.1), not
 * public: it is only written after it was read back as expected.
 */
struct name_node_61 {
	struct hlist_node hlist;
	struct list_head list;
	struct net_device *dev;
	const char *name;
};

static void name_node_point(struct net_device *dev, const char *from,
			    const char *to)
{
	struct name_node_61 *node = (struct name_node_61 *)dev->name_node;

	if (node && node->dev == dev && node->name == from)
		WRITE_ONCE(node->name, to);
}
#define CARRIER_WAIT_MS	5000
#define CARRIER_POLL_MS	20

static struct drvsup_entry entry_mac = { "replay-set_mac_address", -ENODEV, true };
static struct drvsup_entry entry_mtu = { "replay-change_mtu", -ENODEV, true };
static struct drvsup_entry entry_ring = { "replay-set_ringparam", -ENODEV, true };
static struct drvsup_entry entry_pause = { "replay-set_pauseparam", -ENODEV, true };
static struct drvsup_entry entry_msglevel = { "replay-set_msglevel", 0, true };
static struct drvsup_entry entry_open = { "replay-open", -ENODEV, true };
static struct drvsup_entry entry_stop = { "replay-stop", -ENODEV, true };

/* A method of the driver's own table: through a gate if it is its code. */
#define REPLAY(d, e, fn, ...)						\
	(dsw_in_domain(d, fn) ? (int)DRVSUP_CALL(d, e, fn, __VA_ARGS__) : \
	 -EOPNOTSUPP)

/* The driver is away: being restarted, not called. */
static inline bool away(const struct netdev_proxy *p)
{
	return unlikely(READ_ONCE(p->away));
}

/* False if tx was not held (or another context released it first). */
static bool release_tx(struct netdev_proxy *p)
{
	struct net_device *dev = p->dev;

	if (!xchg(&p->hold_tx, false))
		return false;
	netdev_refresh_trans_start(dev);
	netif_tx_wake_all_queues(dev);
	return true;
}

/* Nobody of @d waits for link any more: its works keep their own pace. */
static void hurry_off(struct drvsup_domain *d)
{
	struct netdev_proxy *v[NET_MAX];
	int i, n = dsw_netdev_kept(d, v, NET_MAX);

	for (i = 0; i < n; i++)
		if (READ_ONCE(v[i]->hold_tx))
			return;
	WRITE_ONCE(d->hurry, false);
}

static void net_carrier_on(struct netdev_proxy *p);

static void carrier_check(struct work_struct *w)
{
	struct drvsup_net_log *log = container_of(to_delayed_work(w),
						  struct drvsup_net_log,
						  carrier_work);
	struct netdev_proxy *p = log->p;

	if (!READ_ONCE(p->hold_tx))
		return;
	/* Reported by a library the driver called, not through the wrapper. */
	if (netif_carrier_ok(p->dev)) {
		net_carrier_on(p);
		return;
	}
	if (time_before(jiffies, log->carrier_deadline)) {
		schedule_delayed_work(&log->carrier_work,
				      msecs_to_jiffies(CARRIER_POLL_MS));
		return;
	}
	pr_info("%s: %s: no carrier %u ms after the restart\n", p->d->name,
		p->dev->name, CARRIER_WAIT_MS);
	release_tx(p);
	hurry_off(p->d);
	netif_carrier_event(p->dev);	/* the kernel learns the link is down */
}

/* A new registration: its log (zeroed with the proxy). */
static void net_registered(struct netdev_proxy *p)
{
	struct drvsup_net_log *log = log_of(p);

	log->p = p;
	INIT_DELAYED_WORK(&log->carrier_work, carrier_check);
	log->reg_mtu = p->dev->mtu;
}

/* The name a failed re-probe may have left overwritten. Under rtnl. */
static void restore_name(struct netdev_proxy *p)
{
	ASSERT_RTNL();
	if (!away(p))
		return;
	memcpy(p->dev->name, log_of(p)->name, IFNAMSIZ);
	name_node_point(p->dev, log_of(p)->name, p->dev->name);
}

/* The device is about to be unregistered: nothing may wait on it. */
static void net_unregistering(struct netdev_proxy *p)
{
	WRITE_ONCE(p->hold_tx, false);
	cancel_delayed_work_sync(&log_of(p)->carrier_work);
	rtnl_lock();
	restore_name(p);
	rtnl_unlock();
}

/**
 * net_fault - the driver behind @p failed
 * @p: the device's proxy
 *
 * Any context (the tracker's quiesce). If the driver will be restarted,
 * keeps the kernel's view of the link as it is, minus the carrier, takes
 * the driver out of the calls and returns true.
 */
static bool net_fault(struct netdev_proxy *p)
{
	struct drvsup_net_log *log = log_of(p);
	struct net_device *dev = p->dev;

	if (!drvsup_shadow_recovering(p->d))
		return false;
	netif_tx_stop_all_queues(dev);
	netdev_refresh_trans_start(dev);
	/* Quietly: no linkwatch event (dev_watchdog tests the bit). */
	set_bit(__LINK_STATE_NOCARRIER, &dev->state);
	if (away(p))
		return true;	/* a failed attempt: the log is the first fault's */
	WRITE_ONCE(p->away, true);
	memcpy(log->addr, dev->dev_addr, dev->addr_len);
	memcpy(log->name, dev->name, IFNAMSIZ);
	return true;
}

/*
 * Restart: the probe of a driver holding net devices runs under rtnl,
 * which its own rtnl_lock() then nests in (lent_rtnl).
 */
static void net_reprobe(struct drvsup_domain *d, bool begin)
{
	struct netdev_proxy *p;

	if (!dsw_netdev_kept(d, &p, 1))
		return;
	if (begin) {
		rtnl_lock();
		WRITE_ONCE(d->lent_rtnl, current);
	} else {
		WRITE_ONCE(d->lent_rtnl, NULL);
		rtnl_unlock();
	}
}

/* The old instance's packets in flight were freed: BQL restarts. */
static void bql_reset(struct net_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->num_tx_queues; i++)
		netdev_tx_reset_queue(netdev_get_tx_queue(dev, i));
}

/**
 * net_reregister - a restarted probe registers its kept device
 * @p: the device's proxy
 *
 * Under rtnl (the re-probe). Puts back what the probe wrote over in a
 * device the kernel never stopped using.
 */
static int net_reregister(struct netdev_proxy *p)
{
	struct drvsup_net_log *log = log_of(p);
	struct net_device *dev = p->dev;

	ASSERT_RTNL();
	if (dev->netdev_ops != p->orig_ndo || dev->ethtool_ops != p->orig_eto) {
		pr_err("%s: %s: restarted with other method tables\n",
		       p->d->name, log->name);
		return -EINVAL;
	}
	memcpy(dev->name, log->name, IFNAMSIZ);
	name_node_point(dev, log->name, dev->name);
	netdev_proxy_install(p);
	/* What register_netdevice() adds to the driver's features. */
	dev->hw_features |= NETIF_F_SOFT_FEATURES | NETIF_F_SOFT_FEATURES_OFF;
	dev->features |= NETIF_F_SOFT_FEATURES;
	if (!(dev->flags & IFF_LOOPBACK))
		dev->hw_features |= NETIF_F_NOCACHE_COPY;
	if (dev->hw_features & NETIF_F_TSO)
		dev->hw_features |= NETIF_F_TSO_MANGLEID;
	if (dev->vlan_features & NETIF_F_TSO)
		dev->vlan_features |= NETIF_F_TSO_MANGLEID;
	dev->vlan_features |= NETIF_F_HIGHDMA;
	bql_reset(dev);
	return 0;
}

/* The driver reports carrier (tx held): the stack may send again. Any context. */
static void net_carrier_on(struct netdev_proxy *p)
{
	struct drvsup_net_domain *n = net_of(p->d);
	u64 ns = ktime_get_mono_fast_ns() - drvsup_shadow_of(p->d)->fault_ns;

	/* The wrapper and carrier_check() may both see it: count it once. */
	if (!release_tx(p))
		return;
	n->last_link_ns = ns;
	n->total_link_ns += ns;
	hurry_off(p->d);
	cancel_delayed_work(&log_of(p)->carrier_work);
}

/*
 * Before the driver's state is checkpointed: no device open, and the
 * address and features its probe gave each device, which a recovery
 * from the checkpoint puts back (so that the replay finds them changed).
 */
static int net_checkpoint(struct drvsup_domain *d, bool restarted)
{
	struct netdev_proxy *v[NET_MAX];
	int i, err = 0, n = dsw_netdev_kept(d, v, NET_MAX);

	if (!n)
		return 0;
	rtnl_lock();
	for (i = 0; i < n && !err; i++) {
		struct drvsup_net_log *log = log_of(v[i]);
		struct net_device *dev = v[i]->dev;

		if (netif_running(dev)) {
			err = -EBUSY;
			break;
		}
		memcpy(log->ckpt_addr, dev->dev_addr, dev->addr_len);
		log->ckpt_features = dev->features;
		log->ckpt_hw_features = dev->hw_features;
	}
	rtnl_unlock();
	return err;
}

/* As of the checkpoint: what the kernel's device says of the driver. */
static void rewind_dev(struct netdev_proxy *p)
{
	struct drvsup_net_log *log = log_of(p);
	struct net_device *dev = p->dev;

	if (dev->addr_len)
		dev_addr_set(dev, log->ckpt_addr);
	dev->features = log->ckpt_features;
	dev->hw_features = log->ckpt_hw_features;
	bql_reset(dev);
}

static void net_reset(struct drvsup_domain *d, bool warm)
{
	struct netdev_proxy *v[NET_MAX];
	int i, n = dsw_netdev_kept(d, v, NET_MAX);

	if (!n)
		return;
	rtnl_lock();
	for (i = 0; i < n; i++) {
		struct net_device *dev = v[i]->dev;

		clear_bit(__LINK_STATE_START, &dev->state);
		if (warm) {
			rewind_dev(v[i]);
			continue;
		}
		name_node_point(dev, dev->name, log_of(v[i])->name);
		memset(netdev_priv(dev), 0, dsw_netdev_priv_size(d, dev));
	}
	rtnl_unlock();
}

/* Under rtnl: the address, MTU and ethtool settings the log holds. */
static int replay_settings(struct drvsup_domain *d, struct netdev_proxy *p)
{
	const struct net_device_ops *ndo = p->orig_ndo;
	const struct ethtool_ops *eto = p->orig_eto;
	struct drvsup_net_log *log = log_of(p);
	struct net_device *dev = p->dev;
	int err = 0;

	if (memcmp(dev->dev_addr, log->addr, dev->addr_len)) {
		struct sockaddr sa = { .sa_family = dev->type };

		memcpy(sa.sa_data, log->addr, dev->addr_len);
		err = ndo->ndo_set_mac_address ?
		      REPLAY(d, &entry_mac, ndo->ndo_set_mac_address, dev,
			     &sa) : -EOPNOTSUPP;
		if (err == -EOPNOTSUPP) {
			eth_hw_addr_set(dev, log->addr);
			err = 0;
		}
	}
	if (!err && dev->mtu != log->reg_mtu && ndo->ndo_change_mtu)
		err = REPLAY(d, &entry_mtu, ndo->ndo_change_mtu, dev,
			     dev->mtu);
	if (!err && log->have_ring && eto && eto->set_ringparam)
		err = REPLAY(d, &entry_ring, eto->set_ringparam, dev,
			     &log->ring, &log->kring, NULL);
	if (!err && log->have_pause && eto && eto->set_pauseparam)
		err = REPLAY(d, &entry_pause, eto->set_pauseparam, dev,
			     &log->pause);
	if (!err && log->have_msglevel && eto && eto->set_msglevel)
		REPLAY(d, &entry_msglevel, eto->set_msglevel, dev,
		       log->msglevel);
	return err;
}

/*
 * Under rtnl, with "reopen" set: close the restarted driver's device and
 * open it again, as `ip link set down/up` would. For a device whose state
 * outlives the driver's probe (one that ignores the restarted instance's
 * setup while the dead instance's is active): the driver's own close
 * resets it.
 */
static int replay_cycle(struct drvsup_domain *d, struct netdev_proxy *p)
{
	const struct net_device_ops *ndo = p->orig_ndo;
	struct net_device *dev = p->dev;
	int err;

	clear_bit(__LINK_STATE_START, &dev->state);
	err = REPLAY(d, &entry_stop, ndo->ndo_stop, dev);
	set_bit(__LINK_STATE_START, &dev->state);
	if (err || drvsup_state(d) != DRVSUP_RUNNING)
		return err;
	/* Reset by its close: the dead instance's DMA memory can go. */
	if (dev->dev.parent)
		dsw_quarantine_reset(dev->dev.parent);
	return REPLAY(d, &entry_open, ndo->ndo_open, dev);
}

/* Under rtnl: open the device the kernel has up; tx waits for carrier. */
static int replay_open(struct drvsup_domain *d, struct netdev_proxy *p)
{
	const struct net_device_ops *ndo = p->orig_ndo;
	struct net_device *dev = p->dev;
	int err;

	/* Wakes by the driver are held back until it reports carrier. */
	WRITE_ONCE(p->hold_tx, true);
	WRITE_ONCE(d->hurry, true);
	set_bit(__LINK_STATE_START, &dev->state);
	err = ndo->ndo_open ? REPLAY(d, &entry_open, ndo->ndo_open, dev) : 0;
	if (!err && net_of(d)->reopen && ndo->ndo_stop &&
	    drvsup_state(d) == DRVSUP_RUNNING)
		err = replay_cycle(d, p);
	if (err || drvsup_state(d) != DRVSUP_RUNNING) {
		clear_bit(__LINK_STATE_START, &dev->state);
		WRITE_ONCE(p->hold_tx, false);
		return err;
	}
	netif_tx_stop_all_queues(dev);	/* open started them */
	/*
	 * A driver may report carrier inside its open (through
	 * mii_check_media(), say): tx was released then, and the stop above
	 * must not outlast it (nothing would wake the queues until the
	 * netdev watchdog's transmit timeout, 5 s on: measured).
	 */
	if (!READ_ONCE(p->hold_tx))
		netif_tx_wake_all_queues(dev);
	else if (netif_carrier_ok(dev))
		release_tx(p);
	return 0;
}

/* Under rtnl: bring the restarted driver to where the kernel has @p. */
static int replay_one(struct drvsup_domain *d, struct netdev_proxy *p)
{
	struct net_device *dev = p->dev;
	int err;

	ASSERT_RTNL();
	/*
	 * The driver is probed: from here on it takes calls as a driver of a
	 * device not yet opened does (rtnl keeps those that need it out).
	 */
	WRITE_ONCE(p->away, false);
	err = replay_settings(d, p);
	if (err || drvsup_state(d) != DRVSUP_RUNNING)
		return err;
	/* The kernel's wanted features against what the probe set up. */
	netdev_update_features(dev);
	if (drvsup_state(d) != DRVSUP_RUNNING)
		return 0;
	if (dev->flags & IFF_UP) {
		err = replay_open(d, p);
		if (err || drvsup_state(d) != DRVSUP_RUNNING)
			return err;
	}
	if (dev->flags & IFF_UP && dev->netdev_ops->ndo_set_rx_mode) {
		netif_addr_lock_bh(dev);
		dev->netdev_ops->ndo_set_rx_mode(dev);
		netif_addr_unlock_bh(dev);
	}
	return 0;
}

static int net_replay(struct drvsup_domain *d)
{
	struct netdev_proxy *v[NET_MAX];
	int i, err = 0, n = dsw_netdev_kept(d, v, NET_MAX);

	if (!n)
		return 0;
	rtnl_lock();
	for (i = 0; i < n && !err && drvsup_state(d) == DRVSUP_RUNNING; i++)
		err = replay_one(d, v[i]);
	rtnl_unlock();
	return err;
}

static void net_resume(struct drvsup_domain *d)
{
	struct netdev_proxy *v[NET_MAX];
	int i, n = dsw_netdev_kept(d, v, NET_MAX);

	for (i = 0; i < n; i++) {
		netdev_refresh_trans_start(v[i]->dev);
		if (!READ_ONCE(v[i]->hold_tx))
			continue;
		log_of(v[i])->carrier_deadline = jiffies +
						  msecs_to_jiffies(CARRIER_WAIT_MS);
		schedule_delayed_work(&log_of(v[i])->carrier_work,
				      msecs_to_jiffies(CARRIER_POLL_MS));
	}
	if (n)
		hurry_off(d);
}

/*
 * Given up: the kernel learns the link is gone (an interface it has up
 * stays up, running with no carrier); tx stays stopped.
 */
static void net_dead(struct drvsup_domain *d)
{
	struct netdev_proxy *v[NET_MAX];
	int i, n = dsw_netdev_kept(d, v, NET_MAX);

	rtnl_lock();
	for (i = 0; i < n; i++) {
		WRITE_ONCE(v[i]->hold_tx, false);
		cancel_delayed_work(&log_of(v[i])->carrier_work);
		restore_name(v[i]);
		/* Up in the kernel's eyes, running with no carrier. */
		if (v[i]->dev->flags & IFF_UP)
			set_bit(__LINK_STATE_START, &v[i]->dev->state);
		netif_tx_stop_all_queues(v[i]->dev);
		netif_carrier_event(v[i]->dev);
	}
	rtnl_unlock();
	WRITE_ONCE(d->hurry, false);
}

/* A NIC serves again once its link is back: the "link" phase. */
static int net_phases(struct drvsup_domain *d, char *buf, int len)
{
	struct drvsup_net_domain *n = net_of(d);

	if (n->last_link_ns)
		len += sysfs_emit_at(buf, len, "link %llu %llu\n",
				     n->last_link_ns / NSEC_PER_USEC,
				     n->total_link_ns / NSEC_PER_USEC);
	return len;
}

#define to_domain(k) container_of(k, struct drvsup_domain, kobj)

static ssize_t reopen_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", net_of(to_domain(k))->reopen);
}

/* 1: a restart closes and reopens the device after its replayed open. */
static ssize_t reopen_store(struct kobject *k, struct kobj_attribute *a,
			    const char *buf, size_t len)
{
	bool on;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (kstrtobool(buf, &on))
		return -EINVAL;
	WRITE_ONCE(net_of(to_domain(k))->reopen, on);
	/* The probe no longer resets the device: the cycle does. */
	WRITE_ONCE(to_domain(k)->probe_keeps_device, on);
	return len;
}

static struct kobj_attribute reopen_attr = __ATTR_RW(reopen);

static struct attribute *net_attrs[] = {
	&reopen_attr.attr,
	NULL,
};

static const struct drvsup_shadow_class net_class = {
	.name = "net",
	.state_size = sizeof(struct drvsup_net_domain),
	.phases = net_phases,
	.checkpoint = net_checkpoint,
	.reset = net_reset,
	.reprobe = net_reprobe,
	.replay = net_replay,
	.resume = net_resume,
	.dead = net_dead,
	.attrs = net_attrs,
};

/*
 * --- what the net shadow answers while the driver is away -------------------
 *
 * Every call under rtnl must return at once during a recovery (the replay
 * needs rtnl): open and close are logged by the kernel's own IFF_UP, an
 * address or MTU is set in the net_device and replayed, driver info and
 * statistics come from the last answer; state-changing ethtool settings
 * are logged when the driver took them and replayed after a restart, and
 * refused with -EAGAIN meanwhile. These stand in the device's tables in
 * place of the gated methods (dsw_ndo_gates, dsw_eto_gates), which they
 * call while the driver is there.
 */
static bool driver_failed(const struct netdev_proxy *p)
{
	return drvsup_state(p->d) != DRVSUP_RUNNING;
}

static int answer_open(struct net_device *dev)
{
	return away(ndo_proxy_of(dev)) ? 0 : dsw_ndo_gates.ndo_open(dev);
}

static int answer_stop(struct net_device *dev)
{
	return away(ndo_proxy_of(dev)) ? 0 : dsw_ndo_gates.ndo_stop(dev);
}

static int answer_set_mac_address(struct net_device *dev, void *addr)
{
	struct netdev_proxy *p = ndo_proxy_of(dev);
	struct sockaddr *sa = addr;

	if (!away(p))
		return dsw_ndo_gates.ndo_set_mac_address(dev, addr);
	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	eth_hw_addr_set(dev, sa->sa_data);
	memcpy(log_of(p)->addr, sa->sa_data, dev->addr_len);
	return 0;
}

static int answer_change_mtu(struct net_device *dev, int new_mtu)
{
	if (!away(ndo_proxy_of(dev)))
		return dsw_ndo_gates.ndo_change_mtu(dev, new_mtu);
	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}

/*
 * A "get" answered from the last one the driver gave: @called says the
 * driver just filled @out; if it did not fail doing it, @out is kept in
 * @copy, else the kept copy, if any, is put in @out. Returns false if
 * @out has neither.
 */
static bool answer_kept(struct netdev_proxy *p, bool called, void *out,
			void *copy, size_t size, bool *have)
{
	if (called && !driver_failed(p)) {
		memcpy(copy, out, size);
		WRITE_ONCE(*have, true);
		return true;
	}
	if (!READ_ONCE(*have))
		return false;
	memcpy(out, copy, size);
	return true;
}

#define ANSWER_KEPT(p, called, out, field)				\
	answer_kept(p, called, out, &log_of(p)->field, sizeof(*(out)),	\
		    &log_of(p)->have_##field)

static void answer_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *storage)
{
	struct netdev_proxy *p = ndo_proxy_of(dev);
	bool called = !away(p);

	if (called)
		dsw_ndo_gates.ndo_get_stats64(dev, storage);
	if (!ANSWER_KEPT(p, called, storage, stats))
		memset(storage, 0, sizeof(*storage));
}

static const struct net_device_ops ndo_answers = {
	.ndo_open = answer_open,
	.ndo_stop = answer_stop,
	.ndo_set_mac_address = answer_set_mac_address,
	.ndo_change_mtu = answer_change_mtu,
	.ndo_get_stats64 = answer_get_stats64,
};

static void answer_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	struct netdev_proxy *p = eto_proxy_of(dev);
	bool called = !away(p);

	if (called)
		dsw_eto_gates.get_drvinfo(dev, info);
	ANSWER_KEPT(p, called, info, drvinfo);
}

static int answer_set_ringparam(struct net_device *dev,
				struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	struct netdev_proxy *p = eto_proxy_of(dev);
	struct drvsup_net_log *log = log_of(p);
	int err;

	if (away(p))
		return -EAGAIN;
	err = dsw_eto_gates.set_ringparam(dev, ring, kring, extack);
	if (!err) {
		log->ring = *ring;
		log->kring = *kring;
		log->have_ring = true;
	}
	return err;
}

static int answer_set_pauseparam(struct net_device *dev,
				 struct ethtool_pauseparam *pause)
{
	struct netdev_proxy *p = eto_proxy_of(dev);
	struct drvsup_net_log *log = log_of(p);
	int err;

	if (away(p))
		return -EAGAIN;
	err = dsw_eto_gates.set_pauseparam(dev, pause);
	if (!err) {
		log->pause = *pause;
		log->have_pause = true;
	}
	return err;
}

static void answer_set_msglevel(struct net_device *dev, u32 level)
{
	struct drvsup_net_log *log = log_of(eto_proxy_of(dev));

	log->msglevel = level;
	log->have_msglevel = true;
	dsw_eto_gates.set_msglevel(dev, level);
}

static const struct ethtool_ops eto_answers = {
	.get_drvinfo = answer_get_drvinfo,
	.set_ringparam = answer_set_ringparam,
	.set_pauseparam = answer_set_pauseparam,
	.set_msglevel = answer_set_msglevel,
};

static const struct dsw_netdev_hooks net_hooks = {
	.shadow_size = sizeof(struct drvsup_net_log),
	.registered = net_registered,
	.unregistering = net_unregistering,
	.fault = net_fault,
	.reregister = net_reregister,
	.carrier_on = net_carrier_on,
	.ndo = &ndo_answers,
	.eto = &eto_answers,
};

/* Before any driver loads: the net wrappers call the shadow's hooks. */
void drvsup_net_shadow_init(void)
{
	dsw_netdev_hooks_set(&net_hooks);
	drvsup_shadow_class_register(&net_class);
}

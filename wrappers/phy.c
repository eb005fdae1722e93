// SPDX-License-Identifier: GPL-2.0
/*
 * phy.c - phylib (libphy.ko; these wrappers are drvsup_phy.ko: libcall.h). A
 * driver hands phylib two kinds of callbacks: its MDIO bus's read, write
 * and reset, which the PHY drivers and the PHY state machine call, and
 * the adjust_link handler phy_connect() takes. Each is replaced by a proxy
 * that finds the driver's function by the bus or the net_device (cbmap.h)
 * and calls it through a gate: a failed driver's bus answers -EIO, its
 * handler is not called.
 *
 * A registered bus and a connected PHY are tracked: a restart unregisters
 * the bus and disconnects the PHY (which stops its state machine), and the
 * restarted driver builds both again. PHY drivers' code (the ethtool and
 * ioctl helpers, mdiobus_read) is a crossing: it takes phylib's locks, and
 * reaches the driver only through the gated bus.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/phy.h>
#include <linux/slab.h>

#include "wrap.h"
#include "cbmap.h"
#include "libcall.h"

/* --- the MDIO bus --------------------------------------------------------- */

struct mdio_rec {
	struct dsw_cb cb;		/* key: the bus; fn: its read */
	struct mii_bus *bus;
	int (*write)(struct mii_bus *bus, int addr, int regnum, u16 val);
	int (*reset)(struct mii_bus *bus);
};
static_assert(offsetof(struct mdio_rec, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_mdio_read = { "mdio-read", -EIO };
static struct drvsup_entry entry_mdio_write = { "mdio-write", -EIO };
static struct drvsup_entry entry_mdio_reset = { "mdio-reset", -EIO };

static int mdio_read_proxy(struct mii_bus *bus, int addr, int regnum)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(bus, offsetof(struct mdio_rec, cb.fn), &d);

	if (!fn)
		return -EIO;
	return (int)DRVSUP_CALL(d, &entry_mdio_read, fn, bus, addr, regnum);
}

static int mdio_write_proxy(struct mii_bus *bus, int addr, int regnum, u16 val)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(bus, offsetof(struct mdio_rec, write), &d);

	if (!fn)
		return -EIO;
	return (int)DRVSUP_CALL(d, &entry_mdio_write, fn, bus, addr, regnum,
				val);
}

static int mdio_reset_proxy(struct mii_bus *bus)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(bus, offsetof(struct mdio_rec, reset), &d);

	if (!fn)
		return -EIO;
	return (int)DRVSUP_CALL(d, &entry_mdio_reset, fn, bus);
}

/* The bus's own methods back, the record gone. */
static void mdio_drop(struct mdio_rec *r)
{
	r->bus->read = r->cb.fn;
	r->bus->write = r->write;
	r->bus->reset = r->reset;
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static void release_mdiobus(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct mdio_rec *r = o->priv;

	mdiobus_unregister(r->bus);
	mdio_drop(r);
}

static const struct drvsup_obj_type obj_mdiobus = {
	.name = "mdio-bus",
	.release = release_mdiobus,
};

/* Registering probes the bus for PHYs: the proxies run inside the call. */
DSW(int, __mdiobus_register, struct mii_bus *bus, struct module *owner)
{
	struct mdio_rec *r;
	int err;

	DSW_ENTER(d);
	if (!d || !dsw_in_domain(d, bus->read) ||
	    (bus->write && !dsw_in_domain(d, bus->write)) ||
	    (bus->reset && !dsw_in_domain(d, bus->reset))) {
		DSW_LEAVE();
		return d ? -EOPNOTSUPP : -ENODEV;
	}
	r = dsw_cb_new(d, &obj_mdiobus, bus, bus->read, sizeof(*r),
		       GFP_KERNEL);
	if (!r) {
		DSW_LEAVE();
		return -ENOMEM;
	}
	r->bus = bus;
	r->write = bus->write;
	r->reset = bus->reset;
	dsw_cb_add(&r->cb);
	bus->read = mdio_read_proxy;
	bus->write = r->write ? mdio_write_proxy : NULL;
	bus->reset = r->reset ? mdio_reset_proxy : NULL;
	err = __mdiobus_register(bus, owner);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, &obj_mdiobus, bus));
		mdio_drop(r);
	}
	DSW_LEAVE();
	return err;
}

DSW(void, mdiobus_unregister, struct mii_bus *bus)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_mdiobus, bus)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "mdiobus_unregister(%p): not a bus the driver registered",
			  bus);
		return;
	}
	DSW_LEAVE();
}

/* --- the bus's memory: mdiobus_alloc_size() and mdiobus_free() ------------ */

static void release_mdiobus_mem(struct drvsup_domain *d, struct drvsup_obj *o)
{
	mdiobus_free((struct mii_bus *)o->key);
}

static const struct drvsup_obj_type obj_mdiobus_mem = {
	.name = "mdio-bus-memory",
	.release = release_mdiobus_mem,
};

DSW(struct mii_bus *, mdiobus_alloc_size, size_t size)
{
	struct mii_bus *bus;

	DSW_ENTER(d);
	bus = d ? mdiobus_alloc_size(size) : NULL;
	if (bus && !drvsup_track(d, &obj_mdiobus_mem, bus, 0, 0, GFP_KERNEL)) {
		mdiobus_free(bus);
		bus = NULL;
	}
	DSW_LEAVE();
	return bus;
}

DSW(void, mdiobus_free, struct mii_bus *bus)
{
	DSW_ENTER(d);
	if (!dsw_release(d, &obj_mdiobus_mem, bus)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "mdiobus_free(%p): not a bus the driver allocated",
			  bus);
		return;
	}
	DSW_LEAVE();
}

/* --- the PHY a net_device is connected to --------------------------------- */

struct phy_rec {
	struct dsw_cb cb;		/* key: the net_device; fn: adjust_link */
	struct phy_device *phydev;
};
static_assert(offsetof(struct phy_rec, cb) == 0);

static struct drvsup_entry entry_adjust_link = { "phy-adjust-link", 0 };

static void adjust_link_proxy(struct net_device *dev)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(dev, offsetof(struct phy_rec, cb.fn), &d);

	if (fn)
		DRVSUP_CALL(d, &entry_adjust_link, fn, dev);
}

/* Disconnecting stops the PHY's state machine first (phylib). */
static void release_phy(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct phy_rec *r = o->priv;

	phy_disconnect(r->phydev);
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static const struct drvsup_obj_type obj_phy = {
	.name = "phy-connection",
	.release = release_phy,
};

/* The record of @dev's handler, before phylib may call it; or NULL. */
static struct phy_rec *phy_rec_new(struct drvsup_domain *d,
				   struct net_device *dev,
				   void (*handler)(struct net_device *))
{
	struct phy_rec *r;

	r = dsw_cb_new(d, &obj_phy, dev, handler, sizeof(*r), GFP_KERNEL);
	if (r)
		dsw_cb_add(&r->cb);
	return r;
}

/* After the connect call: @phydev's record, or none if it failed. */
static void phy_rec_done(struct drvsup_domain *d, struct phy_rec *r,
			 struct phy_device *phydev, bool ok)
{
	if (ok) {
		r->phydev = phydev;
		return;
	}
	drvsup_obj_free(drvsup_untrack(d, &obj_phy, r->cb.key));
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

DSW(struct phy_device *, phy_connect, struct net_device *dev,
	const char *bus_id, void (*handler)(struct net_device *),
	phy_interface_t interface)
{
	struct phy_device *phydev = ERR_PTR(-ENOMEM);
	struct phy_rec *r;

	DSW_ENTER(d);
	if (!d || !dsw_in_domain(d, handler)) {
		DSW_LEAVE();
		return ERR_PTR(d ? -EOPNOTSUPP : -ENODEV);
	}
	r = phy_rec_new(d, dev, handler);
	if (r) {
		phydev = phy_connect(dev,
				      bus_id, adjust_link_proxy, interface);
		phy_rec_done(d, r, phydev, !IS_ERR(phydev));
	}
	DSW_LEAVE();
	return phydev;
}

DSW(int, phy_connect_direct, struct net_device *dev,
	struct phy_device *phydev, void (*handler)(struct net_device *),
	phy_interface_t interface)
{
	struct phy_rec *r;
	int err = -ENOMEM;

	DSW_ENTER(d);
	if (!d || !dsw_in_domain(d, handler)) {
		DSW_LEAVE();
		return d ? -EOPNOTSUPP : -ENODEV;
	}
	r = phy_rec_new(d, dev, handler);
	if (r) {
		err = phy_connect_direct(dev, phydev,
				   adjust_link_proxy, interface);
		phy_rec_done(d, r, phydev, !err);
	}
	DSW_LEAVE();
	return err;
}

DSW(void, phy_disconnect, struct phy_device *phydev)
{
	DSW_ENTER(d);
	if (!phydev->attached_dev ||
	    !dsw_release(d, &obj_phy, phydev->attached_dev)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "phy_disconnect(%p): not a PHY the driver connected",
			  phydev);
		return;
	}
	DSW_LEAVE();
}

/* --- phylib's own code: crossings -------------------------------------- */

DSW_LIB_CROSS_V(phy_start, (struct phy_device *phydev), (phydev))
DSW_LIB_CROSS_V(phy_stop, (struct phy_device *phydev), (phydev))
DSW_LIB_CROSS_V(phy_support_asym_pause, (struct phy_device *phydev),
		(phydev))
DSW_LIB_CROSS_V(phy_set_max_speed, (struct phy_device *phydev, u32 max_speed),
		(phydev, max_speed))
DSW_LIB_CROSS(mdiobus_read, (struct mii_bus *bus, int addr, u32 regnum),
	      (bus, addr, regnum))
DSW_LIB_CROSS(phy_ethtool_nway_reset, (struct net_device *dev),
	      (dev))
DSW_LIB_CROSS(phy_ethtool_get_link_ksettings,
	      (struct net_device *dev, struct ethtool_link_ksettings *cmd),
	      (dev, cmd))
DSW_LIB_CROSS(phy_ethtool_set_link_ksettings,
	      (struct net_device *dev, const struct ethtool_link_ksettings *cmd),
	      (dev, cmd))
DSW_LIB_CROSS(phy_do_ioctl,
	      (struct net_device *dev, struct ifreq *ifr, int cmd),
	      (dev, ifr, cmd))
DSW_LIB_CROSS(phy_do_ioctl_running,
	      (struct net_device *dev, struct ifreq *ifr, int cmd),
	      (dev, ifr, cmd))
DSW_LIB_CROSS(phy_start_aneg, (struct phy_device *phydev), (phydev))
DSW_LIB_CROSS(phy_ethtool_ksettings_set, (struct phy_device *phydev,
	      const struct ethtool_link_ksettings *cmd), (phydev, cmd))
DSW_LIB_CROSS_V(phy_ethtool_ksettings_get, (struct phy_device *phydev,
		struct ethtool_link_ksettings *cmd), (phydev, cmd))
DSW_LIB_CROSS_V(phy_set_asym_pause, (struct phy_device *phydev, bool rx,
		bool tx), (phydev, rx, tx))
DSW_LIB_CROSS(phy_mii_ioctl,
	      (struct phy_device *phydev, struct ifreq *ifr, int cmd),
	      (phydev, ifr, cmd))
DSW_LIB_CROSS(phy_init_eee,
	      (struct phy_device *phydev, bool clk_stop_enable),
	      (phydev, clk_stop_enable))
DSW_LIB_CROSS(phy_ethtool_set_eee,
	      (struct phy_device *phydev, struct ethtool_eee *data),
	      (phydev, data))
DSW_LIB_CROSS(phy_ethtool_get_eee,
	      (struct phy_device *phydev, struct ethtool_eee *data),
	      (phydev, data))
DSW_LIB_CROSS(phy_ethtool_set_wol,
	      (struct phy_device *phydev, struct ethtool_wolinfo *wol),
	      (phydev, wol))
DSW_LIB_CROSS_V(phy_ethtool_get_wol,
		(struct phy_device *phydev, struct ethtool_wolinfo *wol),
		(phydev, wol))
DSW_LIB_CROSS_V(phy_remove_link_mode,
		(struct phy_device *phydev, u32 link_mode), (phydev, link_mode))

MODULE_DESCRIPTION("drvsup: wrappers of phylib (libphy.ko) for supervised drivers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DRVSUP_INTERNAL);

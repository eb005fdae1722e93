// SPDX-License-Identifier: GPL-2.0
/*
 * quarantine.c - DMA memory of failed drivers, held until the devices that
 * may still address it were reset (why: quarantine.h).
 *
 * An entry is one batch of memory (a coherent buffer, a domain's packet
 * buffers and mappings) with the devices it was mapped for. It is released
 * when the last of them was reset: bound to a driver again, removed, or
 * reset by drvsup. At drvsup's exit, devices nobody bound again get a PCI
 * function reset; memory of a device that cannot be reset is left
 * allocated, with a warning: a leak is better than a device writing into
 * memory the kernel has reused.
 *
 * /sys/kernel/debug/drvsup/quarantine lists what is held:
 *
 *   WHAT devices DEV[,DEV...] waiting DEV[,DEV...]
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "quarantine.h"

#define Q_DEVS 16

struct q_entry {
	struct list_head node;
	struct device *devs[Q_DEVS];	/* referenced */
	unsigned int n;
	unsigned long waiting;		/* bit i: devs[i] not reset yet */
	void (*release)(void *arg);
	void *arg;
	char *what;
	bool leak;			/* a device could not be reset */
};

static LIST_HEAD(q_entries);
static DEFINE_MUTEX(q_mutex);

static void q_free(struct q_entry *e)
{
	unsigned int i;

	if (!e->leak)
		e->release(e->arg);
	for (i = 0; i < e->n; i++)
		put_device(e->devs[i]);
	kfree(e->what);
	kfree(e);
}

/**
 * dsw_quarantine - hold DMA memory until @devs were reset
 * @devs: the devices that may address it (NULL entries are skipped)
 * @n: how many
 * @release: frees the memory; called in process context
 * @arg: its argument
 * @what: a description for debugfs and warnings
 *
 * Process context. With no device, @release runs at once. Out of memory
 * the memory is left allocated (never freed early); returns -ENOMEM.
 */
int dsw_quarantine(struct device *const *devs, unsigned int n,
		   void (*release)(void *arg), void *arg, const char *what)
{
	struct q_entry *e;
	unsigned int i;

	might_sleep();
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e || n > Q_DEVS) {
		pr_warn("%s: cannot quarantine, left allocated\n", what);
		kfree(e);
		return -ENOMEM;
	}
	e->release = release;
	e->arg = arg;
	e->what = kstrdup(what, GFP_KERNEL);
	for (i = 0; i < n; i++) {
		if (!devs[i])
			continue;
		e->devs[e->n] = get_device(devs[i]);
		e->waiting |= BIT(e->n);
		e->n++;
	}
	if (!e->n) {
		q_free(e);
		return 0;
	}
	mutex_lock(&q_mutex);
	list_add_tail(&e->node, &q_entries);
	mutex_unlock(&q_mutex);
	return 0;
}

/* Take @dev off every entry; the entries it was the last for, in @done. */
static void q_reset_locked(struct device *dev, struct list_head *done)
{
	struct q_entry *e, *tmp;
	unsigned int i;

	list_for_each_entry_safe(e, tmp, &q_entries, node) {
		for (i = 0; i < e->n; i++)
			if (e->devs[i] == dev)
				e->waiting &= ~BIT(i);
		if (!e->waiting)
			list_move_tail(&e->node, done);
	}
}

static void q_free_list(struct list_head *done)
{
	struct q_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, done, node) {
		list_del(&e->node);
		q_free(e);
	}
}

/**
 * dsw_quarantine_reset - @dev was reset: free what only it could address
 * @dev: the device
 *
 * Process context.
 */
void dsw_quarantine_reset(struct device *dev)
{
	LIST_HEAD(done);

	mutex_lock(&q_mutex);
	q_reset_locked(dev, &done);
	mutex_unlock(&q_mutex);
	q_free_list(&done);
}

/* A driver's probe resets its device; a removed device does no DMA. */
static int q_bus_event(struct notifier_block *nb, unsigned long action,
		       void *data)
{
	if (action == BUS_NOTIFY_BOUND_DRIVER ||
	    action == BUS_NOTIFY_REMOVED_DEVICE)
		dsw_quarantine_reset(data);
	return NOTIFY_DONE;
}

static struct notifier_block q_pci_nb = {
	.notifier_call = q_bus_event,
};

static int q_show(struct seq_file *m, void *v)
{
	struct q_entry *e;
	unsigned int i;

	mutex_lock(&q_mutex);
	list_for_each_entry(e, &q_entries, node) {
		seq_printf(m, "%s devices", e->what ?: "?");
		for (i = 0; i < e->n; i++)
			seq_printf(m, "%c%s", i ? ',' : ' ', dev_name(e->devs[i]));
		seq_puts(m, " waiting");
		for (i = 0; i < e->n; i++)
			if (e->waiting & BIT(i))
				seq_printf(m, " %s", dev_name(e->devs[i]));
		seq_putc(m, '\n');
	}
	mutex_unlock(&q_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(q);

int dsw_quarantine_init(struct dentry *debugfs)
{
	if (debugfs)
		debugfs_create_file("quarantine", 0400, debugfs, NULL, &q_fops);
	return bus_register_notifier(&pci_bus_type, &q_pci_nb);
}

/* Marks every entry @dev may address: its memory is never freed. */
static void q_leak_locked(struct device *dev)
{
	struct q_entry *e;
	unsigned int i;

	list_for_each_entry(e, &q_entries, node)
		for (i = 0; i < e->n; i++)
			if (e->devs[i] == dev)
				e->leak = true;
}

/* Reset what nobody bound again; leak what cannot be reset. */
void dsw_quarantine_exit(void)
{
	struct q_entry *e;
	struct device *dev;
	LIST_HEAD(done);

	/* After this no bind runs our notifier: no lock order with q_mutex. */
	bus_unregister_notifier(&pci_bus_type, &q_pci_nb);
	mutex_lock(&q_mutex);
	while (!list_empty(&q_entries)) {
		e = list_first_entry(&q_entries, struct q_entry, node);
		dev = e->devs[__ffs(e->waiting)];
		if (!dev_is_pci(dev) || pci_reset_function(to_pci_dev(dev))) {
			pr_warn("%s: device %s could not be reset, its DMA memory stays allocated\n",
				e->what ?: "?", dev_name(dev));
			q_leak_locked(dev);
		}
		q_reset_locked(dev, &done);
	}
	mutex_unlock(&q_mutex);
	q_free_list(&done);
}

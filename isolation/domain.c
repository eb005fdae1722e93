// SPDX-License-Identifier: GPL-2.0
/*
 * domain.c - the life of a protection domain.
 *
 * A module that binds to drvsup's wrappers (its imports were rewritten by
 * `drvsup load`) is a supervised driver. The module notifier creates its
 * domain at MODULE_STATE_COMING and puts gates on mod->init and mod->exit;
 * the init gate, which runs after module parameters were parsed, snapshots
 * the driver's writable data for a later restart. MODULE_STATE_GOING (after
 * exit, or after a failed init) releases what the driver still holds and
 * destroys the domain.
 *
 * mod->init/exit take no argument, so each domain owns one of a fixed set
 * of slots whose init/exit stubs know their slot number.
 *
 * What happens after a fault beyond the tear-down is the recovery layer's
 * (struct drvsup_recovery_ops, registered from above): this file calls it
 * at each step of a domain's life and knows nothing else of it.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/timekeeping.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "domain.h"
#include "../wrappers/tracker.h"

#define DRVSUP_MAX_DOMAINS 16

static unsigned int hang_budget_ms = 250;
module_param(hang_budget_ms, uint, 0644);
MODULE_PARM_DESC(hang_budget_ms,
		 "default on-CPU budget of one driver call before it is unwound as a hang (0: off)");

static LIST_HEAD(drvsup_domains);		/* RCU readers, writers hold lock */
static DEFINE_MUTEX(domains_lock);
static struct drvsup_domain *slots[DRVSUP_MAX_DOMAINS];
static struct workqueue_struct *fail_wq;

static struct drvsup_entry entry_init = { "init", -ENODEV, true };
static struct drvsup_entry entry_exit = { "exit", 0 };

/* Set once at module init, before any domain exists. */
static const struct drvsup_recovery_ops *recovery;

/**
 * drvsup_recovery_register - the layer that restarts failed domains
 * @ops: its hooks (see domain.h), static
 *
 * Called at module init, before the module notifier runs.
 */
void drvsup_recovery_register(const struct drvsup_recovery_ops *ops)
{
	recovery = ops;
	drvsup_domain_sysfs_group(ops ? ops->group : NULL);
}

/* Is a recovery of @d pending or running? Any context. */
bool drvsup_recovering(struct drvsup_domain *d)
{
	return recovery && recovery->recovering(d);
}

/* Hold a caller of a kept object while @d recovers; 0 when it serves. */
int drvsup_recovery_wait(struct drvsup_domain *d)
{
	if (recovery)
		return recovery->wait(d);
	return drvsup_state(d) == DRVSUP_RUNNING ? 0 : -ENODEV;
}

/* A restart probes a bus device: the recovery layer's locks around it. */
void drvsup_recovery_reprobe(struct drvsup_domain *d, bool begin)
{
	if (recovery && recovery->reprobe)
		recovery->reprobe(d, begin);
}

/* The domain whose core memory contains @addr (RCU or domains_lock). */
struct drvsup_domain *drvsup_domain_of_addr(unsigned long addr)
{
	struct drvsup_domain *d;

	list_for_each_entry_rcu(d, &drvsup_domains, node,
				lockdep_is_held(&domains_lock))
		if (addr >= d->mem_start && addr < d->mem_end)
			return d;
	return NULL;
}

/* Find a domain by module name and take a reference on it. */
struct drvsup_domain *drvsup_domain_get(const char *name)
{
	struct drvsup_domain *d, *found = NULL;

	mutex_lock(&domains_lock);
	list_for_each_entry(d, &drvsup_domains, node) {
		if (!strcmp(d->name, name)) {
			kobject_get(&d->kobj);
			found = d;
			break;
		}
	}
	mutex_unlock(&domains_lock);
	return found;
}

static bool module_uses_drvsup(struct module *mod)
{
	struct module_use *use;

	/* Complete at COMING; only changes again when mod is unloaded. */
	list_for_each_entry(use, &mod->target_list, target_list)
		if (use->target == THIS_MODULE)
			return true;
	return false;
}

/*
 * The driver's own writable data: [base + ro_after_init_size, base + size)
 * of the core layout, less the struct module the kernel uses.
 */
static void domain_snapshot(struct drvsup_domain *d)
{
	struct module_layout *l = &d->mod->core_layout;

	d->snap_start = (unsigned long)l->base + l->ro_after_init_size;
	d->snap_size = l->size - l->ro_after_init_size;
	d->snap = vmalloc(d->snap_size);
	if (d->snap)
		memcpy(d->snap, (void *)d->snap_start, d->snap_size);
	else
		pr_warn("%s: no memory for a data snapshot: restart disabled\n",
			d->name);
}

static int slot_init(int slot)
{
	struct drvsup_domain *d = slots[slot];
	u64 t0;
	int ret;

	domain_snapshot(d);
	t0 = ktime_get_ns();
	ret = DRVSUP_CALL0(d, &entry_init, d->orig_init);
	d->init_ns = ktime_get_ns() - t0;	/* cold init, for comparison */
	return ret;
}

static void slot_exit(int slot)
{
	struct drvsup_domain *d = slots[slot];

	if (d->orig_exit)
		DRVSUP_CALL0(d, &entry_exit, d->orig_exit);
}

#define SLOT(n)								\
	static int slot_init_##n(void) { return slot_init(n); }	\
	static void slot_exit_##n(void) { slot_exit(n); }
SLOT(0) SLOT(1) SLOT(2) SLOT(3) SLOT(4) SLOT(5) SLOT(6) SLOT(7)
SLOT(8) SLOT(9) SLOT(10) SLOT(11) SLOT(12) SLOT(13) SLOT(14) SLOT(15)
#undef SLOT

#define SLOT_FNS(n) { slot_init_##n, slot_exit_##n }
static const struct {
	int (*init)(void);
	void (*exit)(void);
} slot_fns[DRVSUP_MAX_DOMAINS] = {
	SLOT_FNS(0), SLOT_FNS(1), SLOT_FNS(2), SLOT_FNS(3),
	SLOT_FNS(4), SLOT_FNS(5), SLOT_FNS(6), SLOT_FNS(7),
	SLOT_FNS(8), SLOT_FNS(9), SLOT_FNS(10), SLOT_FNS(11),
	SLOT_FNS(12), SLOT_FNS(13), SLOT_FNS(14), SLOT_FNS(15),
};

static void domain_fail_work(struct work_struct *w)
{
	struct drvsup_domain *d = container_of(w, typeof(*d), fail_work);

	/* Drive every task and CPU out before touching what they used. */
	drvsup_domain_wake_sleepers(d);
	wait_event(d->drained, atomic_read(&d->in_flight) == 0);
	if (recovery)
		recovery->quiesced(d);
	drvsup_tracker_release(d, DRVSUP_RELEASE_DRIVER);
	if (recovery && recovery->released(d))
		return;		/* a restart attempt is on its way */
	pr_info("%s: failed; driver resources released, entries return -ENODEV\n",
		d->name);
}

/* The recovery layer's restart: the driver's init again, through its gate. */
int drvsup_domain_restart(struct drvsup_domain *d)
{
	return DRVSUP_CALL0(d, &entry_init, d->orig_init);
}

/* A restart the driver refused: tear down what it got, as after a fault. */
void drvsup_domain_fail_restart(struct drvsup_domain *d)
{
	if (atomic_cmpxchg(&d->state, DRVSUP_RUNNING, DRVSUP_FAILED) !=
	    DRVSUP_RUNNING)
		return;
	drvsup_tracker_quiesce(d);
	queue_work(fail_wq, &d->fail_work);
}

/**
 * drvsup_domain_fail - a call in @d was unwound
 * @d: the domain
 * @f: the unwound frame (fault kind, ip, address)
 *
 * Records and reports the fault, stops new entries and queues the
 * tear-down. Unwinds of sleepers in an already failed domain only count.
 */
void drvsup_domain_fail(struct drvsup_domain *d, struct drvsup_frame *f)
{
	if (f->fault == DRVSUP_FAULT_KILLED)
		return;
	atomic_inc(&d->faults);
	drvsup_report_fault(d, f);
	if (recovery && drvsup_state(d) == DRVSUP_RUNNING)
		recovery->fault(d);
	if (atomic_cmpxchg(&d->state, DRVSUP_RUNNING, DRVSUP_FAILED) !=
	    DRVSUP_RUNNING)
		return;
	/* Now, in whatever context: stop devices from interrupting. */
	drvsup_tracker_quiesce(d);
	queue_work(fail_wq, &d->fail_work);
}

/**
 * drvsup_domain_alloc - a new, running domain with nothing in it
 * @name: its name (must outlive the domain)
 *
 * The caller adds the module-specific parts. Freed by drvsup_domain_free()
 * (directly, or through the kobject once it was added to sysfs).
 */
struct drvsup_domain *drvsup_domain_alloc(const char *name)
{
	struct drvsup_domain *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NULL;
	d->cnt = alloc_percpu(struct drvsup_counters);
	if (!d->cnt) {
		kfree(d);
		return NULL;
	}
	d->name = name;
	atomic_set(&d->state, DRVSUP_RUNNING);
	init_waitqueue_head(&d->drained);
	INIT_LIST_HEAD(&d->sleepers);
	spin_lock_init(&d->sleepers_lock);
	spin_lock_init(&d->lock);
	INIT_WORK(&d->fail_work, domain_fail_work);
	d->budget_ms = hang_budget_ms;
	drvsup_tracker_init(d);
	if (recovery && recovery->init(d)) {
		free_percpu(d->cnt);
		kfree(d);
		return NULL;
	}
	return d;
}

static int domain_create(struct module *mod)
{
	struct module_layout *l = &mod->core_layout;
	struct drvsup_domain *d;
	int slot, err;

	for (slot = 0; slot < DRVSUP_MAX_DOMAINS; slot++)
		if (!slots[slot])
			break;
	if (slot == DRVSUP_MAX_DOMAINS) {
		pr_err("%s: more than %d supervised drivers\n", mod->name,
		       DRVSUP_MAX_DOMAINS);
		return -ENOSPC;
	}

	d = drvsup_domain_alloc(mod->name);
	if (!d)
		return -ENOMEM;
	d->mod = mod;
	d->text_start = (unsigned long)l->base;
	d->text_end = d->text_start + l->text_size;
	d->mem_start = (unsigned long)l->base;
	d->mem_end = d->mem_start + l->size;
	d->orig_init = mod->init;
	d->orig_exit = mod->exit;

	err = drvsup_domain_sysfs_add(d);
	if (err) {
		kobject_put(&d->kobj);
		return err;
	}

	slots[slot] = d;
	if (mod->init)
		mod->init = slot_fns[slot].init;
	if (mod->exit)
		mod->exit = slot_fns[slot].exit;
	list_add_tail_rcu(&d->node, &drvsup_domains);
	pr_info("%s: supervised (domain %d)\n", d->name, slot);
	return 0;
}

static void domain_destroy(struct drvsup_domain *d)
{
	int slot;

	list_del_rcu(&d->node);
	synchronize_rcu();
	for (slot = 0; slot < DRVSUP_MAX_DOMAINS; slot++)
		if (slots[slot] == d)
			slots[slot] = NULL;
	if (drvsup_state(d) != DRVSUP_DEAD)
		atomic_set(&d->state, DRVSUP_DEAD);
	if (recovery)
		recovery->destroy(d);
	flush_work(&d->fail_work);
	wait_event(d->drained, atomic_read(&d->in_flight) == 0);
	drvsup_tracker_release(d, DRVSUP_RELEASE_ALL);
	drvsup_domain_sysfs_del(d);
	pr_info("%s: unloaded\n", d->name);
	kobject_put(&d->kobj);
}

static int module_event(struct notifier_block *nb, unsigned long ev,
			void *data)
{
	struct module *mod = data;
	struct drvsup_domain *d;
	int err = 0;

	if (mod == THIS_MODULE)
		return NOTIFY_DONE;
	mutex_lock(&domains_lock);
	switch (ev) {
	case MODULE_STATE_COMING:
		if (module_uses_drvsup(mod))
			err = domain_create(mod);
		break;
	case MODULE_STATE_GOING:
		d = drvsup_domain_of_addr((unsigned long)mod->core_layout.base);
		if (d && d->mod == mod)
			domain_destroy(d);
		break;
	}
	mutex_unlock(&domains_lock);
	return notifier_from_errno(err);
}

static struct notifier_block module_nb = {
	.notifier_call = module_event,
};

int drvsup_domains_init(void)
{
	int err;

	fail_wq = alloc_workqueue("drvsup", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!fail_wq)
		return -ENOMEM;
	err = register_module_notifier(&module_nb);
	if (err)
		destroy_workqueue(fail_wq);
	return err;
}

void drvsup_domains_exit(void)
{
	/* drvsup cannot unload while a supervised module uses it. */
	unregister_module_notifier(&module_nb);
	destroy_workqueue(fail_wq);
}

/* The kobject's release function (sysfs.c), and the selftest's free. */
void drvsup_domain_free(struct kobject *kobj)
{
	struct drvsup_domain *d = container_of(kobj, typeof(*d), kobj);

	if (recovery)
		recovery->free(d);
	vfree(d->snap);
	free_percpu(d->cnt);
	kfree(d);
}

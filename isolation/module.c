// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - which modules are supervised, and their init and exit gates.
 *
 * A module that binds to drvsup's wrappers (its imports were rewritten by
 * `drvsup load`) is a supervised driver, unless it is one of drvsup's own
 * library wrapper modules (drvsup_LIB: wrappers/libcall.h). The module notifier creates its
 * domain at MODULE_STATE_COMING and puts gates on mod->init and mod->exit;
 * the init gate, which runs after module parameters were parsed, snapshots
 * the driver's writable data for a later restart. MODULE_STATE_GOING (after
 * exit, or after a failed init) releases what the driver still holds and
 * destroys the domain.
 *
 * mod->init/exit take no argument, so each domain owns one of a fixed set
 * of slots whose init/exit stubs know their slot number.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "domain.h"
#include "module.h"
#include "sysfs.h"

#define DRVSUP_MAX_DOMAINS 16

static DEFINE_MUTEX(slots_lock);		/* the notifier's: slots[] */
static struct drvsup_domain *slots[DRVSUP_MAX_DOMAINS];

static struct drvsup_entry entry_init = { "init", -ENODEV, true };
static struct drvsup_entry entry_exit = { "exit", 0 };

/* The domain of @mod, or NULL. Under slots_lock. */
static struct drvsup_domain *slot_of(struct module *mod)
{
	int slot;

	lockdep_assert_held(&slots_lock);
	for (slot = 0; slot < DRVSUP_MAX_DOMAINS; slot++)
		if (slots[slot] && slots[slot]->mod == mod)
			return slots[slot];
	return NULL;
}

static bool module_uses_drvsup(struct module *mod)
{
	struct module_use *use;

	/* drvsup's own wrappers of a library (wrappers/libcall.h). */
	if (!strncmp(mod->name, DRVSUP_LIBWRAP_PREFIX,
		     strlen(DRVSUP_LIBWRAP_PREFIX)))
		return false;

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
	ret = DRVSUP_CALL(d, &entry_init, d->orig_init);
	d->init_ns = ktime_get_ns() - t0;	/* cold init, for comparison */
	if (!ret && drvsup_state(d) == DRVSUP_RUNNING)
		drvsup_recovery_initialized(d);
	return ret;
}

static void slot_exit(int slot)
{
	struct drvsup_domain *d = slots[slot];

	if (d->orig_exit)
		DRVSUP_CALL(d, &entry_exit, d->orig_exit);
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

/* The recovery layer's restart: the driver's init again, through its gate. */
int drvsup_domain_restart(struct drvsup_domain *d)
{
	return DRVSUP_CALL(d, &entry_init, d->orig_init);
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
	d->data_start = d->mem_start + l->ro_after_init_size;
	d->data_end = d->mem_end;
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
	drvsup_domain_publish(d);
	pr_info("%s: supervised (domain %d)\n", d->name, slot);
	return 0;
}

static void domain_destroy(struct drvsup_domain *d)
{
	int slot;

	drvsup_domain_unpublish(d);
	for (slot = 0; slot < DRVSUP_MAX_DOMAINS; slot++)
		if (slots[slot] == d)
			slots[slot] = NULL;
	drvsup_domain_retire(d);
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
	mutex_lock(&slots_lock);
	switch (ev) {
	case MODULE_STATE_COMING:
		if (module_uses_drvsup(mod))
			err = domain_create(mod);
		break;
	case MODULE_STATE_GOING:
		d = slot_of(mod);
		if (d)
			domain_destroy(d);
		break;
	}
	mutex_unlock(&slots_lock);
	return notifier_from_errno(err);
}

static struct notifier_block module_nb = {
	.notifier_call = module_event,
};

int drvsup_modules_init(void)
{
	return register_module_notifier(&module_nb);
}

void drvsup_modules_exit(void)
{
	/* drvsup cannot unload while a supervised module uses it. */
	unregister_module_notifier(&module_nb);
}

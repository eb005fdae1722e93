// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - state of each supervised driver in /sys/kernel/drvsup/<name>/.
 *
 *   state       running | failed | recovering | dead
 *   faults      contained faults since load
 *   last_fault  kind entry ip-symbol address (or "none")
 *   crossings   "in N" (kernel->driver gates) and "out N" (wrappers)
 *   entries     gate crossings per entry point, "name N" per line
 *   in_flight   tasks and CPUs inside the driver now
 *   stack_fallbacks  task-level calls that found no free domain stack
 *   objects     tracked driver-owned objects, "type count" per line
 *   kept        objects kept for the kernel (cdev, net_device...)
 *   hang_budget_ms  on-CPU budget of one call before it is a hang (rw)
 *
 * and the files of the recovery layer, if one registered (the shadow's:
 * recovery, recoveries, restart_budget, reset, phases).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "domain.h"
#include "stack.h"
#include "sysfs.h"

static struct kobject *drvsup_kobj;

/* /sys/kernel/debug/drvsup/: fault-injection knobs and the self-test */
struct dentry *drvsup_debugfs;

#define to_domain(k) container_of(k, struct drvsup_domain, kobj)

static ssize_t state_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	struct drvsup_domain *d = to_domain(k);
	enum drvsup_state st = drvsup_state(d);

	/* Failed, or running its replay: the recovery layer is at work. */
	if (st != DRVSUP_DEAD && drvsup_recovering(d))
		return sysfs_emit(buf, "recovering\n");
	return sysfs_emit(buf, "%s\n", drvsup_state_name(st));
}

static ssize_t faults_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&to_domain(k)->faults));
}

static ssize_t last_fault_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	struct drvsup_domain *d = to_domain(k);
	struct drvsup_fault_info fi;
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	fi = d->last_fault;
	spin_unlock_irqrestore(&d->lock, flags);
	if (fi.kind == DRVSUP_FAULT_NONE)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%s %s %s %#lx\n", drvsup_fault_name(fi.kind),
			  fi.entry, fi.where, fi.addr);
}

static ssize_t crossings_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	struct drvsup_domain *d = to_domain(k);
	u64 in = 0;
	unsigned int slot;

	/* A gate counts its entry point's slot only: sum them. */
	for (slot = 0; slot <= DRVSUP_MAX_ENTRIES; slot++)
		in += drvsup_cnt_sum(d, by_entry[slot]);
	return sysfs_emit(buf, "in %llu\nout %llu\n", in,
			  drvsup_cnt_sum(d, calls_out));
}

/* "name N" for each entry point @d was entered through, in registry order. */
static ssize_t entries_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	struct drvsup_domain *d = to_domain(k);
	unsigned int slot;
	const char *name;
	int len = 0;
	u64 n;

	for (slot = 0; slot <= DRVSUP_ENTRY_OTHER; slot++) {
		name = drvsup_entry_name(slot);
		n = name ? drvsup_cnt_sum(d, by_entry[slot]) : 0;
		if (n)
			len += sysfs_emit_at(buf, len, "%s %llu\n", name, n);
	}
	return len;
}

static ssize_t in_flight_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	return sysfs_emit(buf, "%ld\n", drvsup_cnt_sum(to_domain(k), in_flight));
}

static ssize_t stack_fallbacks_show(struct kobject *k,
				    struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%ld\n", drvsup_stack_fallbacks(to_domain(k)));
}

static ssize_t objects_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return drvsup_tracker_show(to_domain(k), buf, false);
}

static ssize_t kept_show(struct kobject *k, struct kobj_attribute *a,
			 char *buf)
{
	return drvsup_tracker_show(to_domain(k), buf, true);
}

static ssize_t hang_budget_ms_show(struct kobject *k, struct kobj_attribute *a,
				   char *buf)
{
	return sysfs_emit(buf, "%u\n", to_domain(k)->budget_ms);
}

static ssize_t hang_budget_ms_store(struct kobject *k, struct kobj_attribute *a,
				    const char *buf, size_t len)
{
	unsigned int ms;
	int err = kstrtouint(buf, 0, &ms);

	if (err)
		return err;
	WRITE_ONCE(to_domain(k)->budget_ms, ms);
	return len;
}

static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute faults_attr = __ATTR_RO(faults);
static struct kobj_attribute last_fault_attr = __ATTR_RO(last_fault);
static struct kobj_attribute crossings_attr = __ATTR_RO(crossings);
static struct kobj_attribute entries_attr = __ATTR_RO(entries);
static struct kobj_attribute in_flight_attr = __ATTR_RO(in_flight);
static struct kobj_attribute stack_fallbacks_attr = __ATTR_RO(stack_fallbacks);
static struct kobj_attribute objects_attr = __ATTR_RO(objects);
static struct kobj_attribute kept_attr = __ATTR_RO(kept);
static struct kobj_attribute hang_budget_ms_attr = __ATTR_RW(hang_budget_ms);

static struct attribute *domain_attrs[] = {
	&state_attr.attr,
	&faults_attr.attr,
	&last_fault_attr.attr,
	&crossings_attr.attr,
	&entries_attr.attr,
	&in_flight_attr.attr,
	&stack_fallbacks_attr.attr,
	&objects_attr.attr,
	&kept_attr.attr,
	&hang_budget_ms_attr.attr,
	NULL,
};
static const struct attribute_group domain_group = {
	.attrs = domain_attrs,
};

/* Slot 1: the recovery layer's files, if one registered. */
static const struct attribute_group *domain_groups[] = {
	&domain_group,
	NULL,
	NULL,
};

static const struct kobj_type domain_ktype = {
	.release = drvsup_domain_free,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = domain_groups,
};

int drvsup_domain_sysfs_add(struct drvsup_domain *d)
{
	domain_groups[1] = drvsup_recovery_group();
	return kobject_init_and_add(&d->kobj, &domain_ktype, drvsup_kobj,
				    "%s", d->name);
}

void drvsup_domain_sysfs_del(struct drvsup_domain *d)
{
	kobject_del(&d->kobj);
}

int drvsup_sysfs_init(void)
{
	drvsup_kobj = kobject_create_and_add("drvsup", kernel_kobj);
	return drvsup_kobj ? 0 : -ENOMEM;
}

void drvsup_sysfs_exit(void)
{
	kobject_put(drvsup_kobj);
}

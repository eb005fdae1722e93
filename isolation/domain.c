// SPDX-License-Identifier: GPL-2.0
/*
 * domain.c - the life of a protection domain: made, published (found by
 * address or name), failed and torn down, retired, freed. Which modules
 * get a domain, and their init and exit gates, are module.c's.
 *
 * What happens after a fault beyond the tear-down is the recovery layer's
 * (struct drvsup_recovery_ops, registered from above): this file calls it
 * at each step of a domain's life and knows nothing else of it.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "checkpoint.h"
#include "domain.h"
#include "owned.h"
#include "stack.h"

static unsigned int hang_budget_ms = 250;
module_param(hang_budget_ms, uint, 0644);
MODULE_PARM_DESC(hang_budget_ms,
		 "default on-CPU budget of one driver call before it is unwound as a hang (0: off)");

static LIST_HEAD(drvsup_domains);		/* RCU readers, writers hold lock */
static DEFINE_MUTEX(domains_lock);
static struct workqueue_struct *fail_wq;

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

/* The driver's init succeeded: the recovery layer may checkpoint it. */
void drvsup_recovery_initialized(struct drvsup_domain *d)
{
	if (recovery && recovery->initialized)
		recovery->initialized(d);
}

/* @d can be found by address and name from now on. */
void drvsup_domain_publish(struct drvsup_domain *d)
{
	mutex_lock(&domains_lock);
	list_add_tail_rcu(&d->node, &drvsup_domains);
	mutex_unlock(&domains_lock);
}

/* @d can no longer be found; no RCU reader still sees it. */
void drvsup_domain_unpublish(struct drvsup_domain *d)
{
	mutex_lock(&domains_lock);
	list_del_rcu(&d->node);
	mutex_unlock(&domains_lock);
	synchronize_rcu();
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
EXPORT_SYMBOL_NS_GPL(drvsup_domain_of_addr, DRVSUP_INTERNAL);

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

/*
 * Tasks asleep inside a domain are listed on it, so that a failure can wake
 * them: they are unwound when they return through the wrapper they slept
 * in. Only the sleeping wrappers register (wrappers/sync.c): a crossing
 * costs no lock.
 */
void drvsup_sleeper_add(struct drvsup_domain *d, struct drvsup_sleeper *s)
{
	s->task = current;
	spin_lock(&d->sleepers_lock);
	list_add(&s->node, &d->sleepers);
	spin_unlock(&d->sleepers_lock);
}

void drvsup_sleeper_del(struct drvsup_domain *d, struct drvsup_sleeper *s)
{
	spin_lock(&d->sleepers_lock);
	list_del(&s->node);
	spin_unlock(&d->sleepers_lock);
}

/* Wake every task asleep inside @d so that it leaves at its wrapper. */
void drvsup_domain_wake_sleepers(struct drvsup_domain *d)
{
	struct drvsup_sleeper *s;

	spin_lock(&d->sleepers_lock);
	list_for_each_entry(s, &d->sleepers, node)
		wake_up_process(s->task);
	spin_unlock(&d->sleepers_lock);
}

static void drain_barrier(void *unused)
{
	smp_mb();	/* this CPU's counts before, its state reads after */
}

/**
 * drvsup_domain_drain - wait until no call is inside @d
 * @d: a domain whose state is no longer DRVSUP_RUNNING
 *
 * A gate counts itself in (a plain per-CPU increment), then reads the
 * state; on its way out it counts itself out, then reads the state
 * again and wakes @d->drained if the domain is not running. The barrier
 * on every CPU, after the change of state, splits each CPU's gates in
 * two: one that counted itself in before it is in the sum read below;
 * one after it sees the new state and turns back (and wakes the
 * drainer). So does a gate on its way out: one that counted itself out
 * before the barrier is out of the sum, one after it wakes the drainer.
 */
void drvsup_domain_drain(struct drvsup_domain *d)
{
	on_each_cpu(drain_barrier, NULL, 1);
	wait_event(d->drained, drvsup_cnt_sum(d, in_flight) == 0);
}

static void domain_fail_work(struct work_struct *w)
{
	struct drvsup_domain *d = container_of(w, typeof(*d), fail_work);
	bool rewind;

	/* Drive every task and CPU out before touching what they used. */
	drvsup_domain_wake_sleepers(d);
	drvsup_domain_drain(d);
	if (recovery)
		recovery->quiesced(d);
	/* Back to the checkpoint (checkpoint.c), or everything goes. */
	rewind = recovery && recovery->rewinds && recovery->rewinds(d);
	drvsup_tracker_release(d, rewind ? DRVSUP_RELEASE_SINCE_MARK :
					   DRVSUP_RELEASE_DRIVER);
	if (rewind)
		drvsup_tracker_rewind(d);
	if (recovery && recovery->released(d))
		return;		/* a restart attempt is on its way */
	pr_info("%s: failed; driver resources released, entries return -ENODEV\n",
		d->name);
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
	mutex_init(&d->ckpt_lock);
	d->budget_ms = hang_budget_ms;
	drvsup_tracker_init(d);
	if (drvsup_stacks_alloc(d))
		goto fail;
	if (recovery && recovery->init(d))
		goto fail;
	return d;
fail:
	drvsup_stacks_free(d);
	free_percpu(d->cnt);
	kfree(d);
	return NULL;
}

/**
 * drvsup_domain_retire - the module of @d is going: nothing runs in it again
 * @d: the domain, unpublished
 *
 * Waits for a tear-down in progress and for every frame to leave, then
 * releases all the driver still holds, kept objects too.
 */
void drvsup_domain_retire(struct drvsup_domain *d)
{
	if (drvsup_state(d) != DRVSUP_DEAD)
		atomic_set(&d->state, DRVSUP_DEAD);
	if (recovery)
		recovery->destroy(d);
	flush_work(&d->fail_work);
	drvsup_domain_drain(d);
	drvsup_tracker_release(d, DRVSUP_RELEASE_ALL);
}

int drvsup_domains_init(void)
{
	fail_wq = alloc_workqueue("drvsup", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	return fail_wq ? 0 : -ENOMEM;
}

void drvsup_domains_exit(void)
{
	destroy_workqueue(fail_wq);
}

/* The recovery layer's files for a domain's sysfs directory, or NULL. */
const struct attribute_group *drvsup_recovery_group(void)
{
	return recovery ? recovery->group : NULL;
}

/* The kobject's release function (sysfs.c), and the selftest's free. */
void drvsup_domain_free(struct kobject *kobj)
{
	struct drvsup_domain *d = container_of(kobj, typeof(*d), kobj);

	if (recovery)
		recovery->free(d);
	drvsup_owned_destroy(d);
	drvsup_stacks_free(d);
	drvsup_checkpoint_drop(d, NULL);
	vfree(d->snap);
	free_percpu(d->cnt);
	kfree(d);
}

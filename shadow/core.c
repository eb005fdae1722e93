// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - the shadow core: after a contained fault, restart the driver in
 * place behind the objects the kernel knows it by (model: shadow.h).
 *
 * isolation/domain.c detects and tears down, and calls this file through
 * the struct drvsup_recovery_ops it registers (drvsup_shadow_register()):
 * shadow_fault() at the fault decides whether this domain will recover
 * (callers of its kept objects then wait instead of getting -ENODEV),
 * drvsup_shadow_released() after quiesce and release schedules the
 * attempt. An attempt runs in a
 * kworker: reset the data sections from the snapshot the init gate took,
 * run init again through its gate (the wrappers hand back what was kept),
 * let the class shadows replay their logs, release the waiters. A fault
 * or an error on the way sends the domain through the fail path again,
 * and that is a failed attempt.
 *
 * Restarts are bounded, as MINIX 3's reincarnation server does it: at
 * most restart_budget attempts in its window, the first at once, each
 * later one after a backoff that doubles. Past the budget the driver is
 * dead (-ENODEV everywhere) until "reset" is written.
 *
 * A driver with no bus restarts by its init; a PCI driver's init
 * registers again, and the kept registration probes each device it had
 * bound (wrappers/pci.c). A domain that keeps objects no class shadow
 * can hand back stays failed, as without a shadow.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/sysfs.h>

#include "../isolation/checkpoint.h"
#include "../isolation/domain.h"
#include "../isolation/module.h"
#include "../wrappers/wrap.h"
#include "shadow.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static const char *const phase_name[DRVSUP_PH_NR] = {
	[DRVSUP_PH_QUIESCE] = "quiesce",
	[DRVSUP_PH_RELEASE] = "release",
	[DRVSUP_PH_RESET] = "reset",
	[DRVSUP_PH_RESTART] = "restart",
	[DRVSUP_PH_REPLAY] = "replay",
	[DRVSUP_PH_RESUME] = "resume",
	[DRVSUP_PH_TOTAL] = "total",
};

static unsigned int restart_max = 5;
module_param(restart_max, uint, 0644);
MODULE_PARM_DESC(restart_max,
		 "restart attempts per window a new domain gets (0: no restarts, failed drivers stay failed)");

static bool checkpoint;
module_param(checkpoint, bool, 0644);
MODULE_PARM_DESC(checkpoint,
		 "new domains recover from a checkpoint of the driver when they can, not by a restart (sysfs recovery_mode)");

static struct workqueue_struct *shadow_wq;

/* The class shadows, in the order they registered (before any domain). */
static const struct drvsup_shadow_class *classes[4];
static unsigned int nclasses;
/* Where each class's state is in drvsup_shadow.class_state; their sum. */
static size_t class_off[ARRAY_SIZE(classes)], class_size;

#define for_each_class(c, i) \
	for (i = 0; i < nclasses && ((c) = classes[i]); i++)

/* A class shadow takes part in every recovery from now on. Module init. */
#define SHADOW_CLASS_ATTRS	4	/* room for the class shadows' files */
static struct attribute *shadow_attrs[7 + SHADOW_CLASS_ATTRS + 1];

/* Before any domain exists: the class's files join the core's group. */
static void add_class_attrs(struct attribute *const *attrs)
{
	unsigned int n = 0;

	while (shadow_attrs[n])
		n++;
	for (; attrs && *attrs; attrs++) {
		if (WARN_ON(n >= ARRAY_SIZE(shadow_attrs) - 1))
			return;
		shadow_attrs[n++] = *attrs;
	}
}

void drvsup_shadow_class_register(const struct drvsup_shadow_class *c)
{
	if (WARN_ON(nclasses == ARRAY_SIZE(classes)))
		return;
	add_class_attrs(c->attrs);
	class_off[nclasses] = class_size;
	class_size += ALIGN(c->state_size, sizeof(unsigned long long));
	classes[nclasses++] = c;
}

/* The state the core keeps in @d for class @c (NULL: @c never registered). */
void *drvsup_shadow_class_state(struct drvsup_domain *d,
				const struct drvsup_shadow_class *c)
{
	unsigned int i;

	for (i = 0; i < nclasses; i++)
		if (classes[i] == c)
			return (void *)drvsup_shadow_of(d)->class_state +
			       class_off[i];
	return NULL;
}

static void recover_work(struct work_struct *w);

static int shadow_init(struct drvsup_domain *d)
{
	struct drvsup_shadow *s = kzalloc(sizeof(*s) + class_size, GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	d->recovery = s;
	s->d = d;
	init_waitqueue_head(&s->wq);
	INIT_DELAYED_WORK(&s->work, recover_work);
	s->max_restarts = min_t(unsigned int, restart_max, DRVSUP_RESTART_MAX);
	s->window_ms = 60000;
	s->backoff_ms = 50;
	s->wait_ms = 10000;
	s->from_ckpt = READ_ONCE(checkpoint);
	return 0;
}

static void shadow_free(struct drvsup_domain *d)
{
	kfree(d->recovery);
}

/* Could a fault in @d be recovered now? Any context. */
static bool can_recover(struct drvsup_domain *d)
{
	struct drvsup_shadow *s = drvsup_shadow_of(d);

	return s->max_restarts && !READ_ONCE(s->dead) &&
	       d->mod && d->snap && d->orig_init &&
	       READ_ONCE(d->mod->state) == MODULE_STATE_LIVE &&
	       drvsup_tracker_restartable(d);
}

/**
 * shadow_fault - @d is about to fail: will it recover?
 * @d: the domain
 *
 * Called before the domain leaves RUNNING, in the fault's context, so that
 * a caller seeing it failed also sees it recovering.
 */
static void shadow_fault(struct drvsup_domain *d)
{
	struct drvsup_shadow *s = drvsup_shadow_of(d);

	if (atomic_read(&s->active) || !can_recover(d))
		return;
	s->fault_ns = ktime_get_mono_fast_ns();
	s->phase_start_ns = s->fault_ns;
	s->warm_tried = false;
	atomic_set(&s->active, 1);
	/* Active before the domain leaves RUNNING: shadow_wait(). */
	smp_mb__after_atomic();
}


/* Is a recovery of @d pending or running? Any context. */
bool drvsup_shadow_recovering(struct drvsup_domain *d)
{
	return atomic_read(&drvsup_shadow_of(d)->active);
}

/* A restart probes a bus device: the class shadows' locks around it. */
static void shadow_reprobe(struct drvsup_domain *d, bool begin)
{
	const struct drvsup_shadow_class *c;
	unsigned int i;

	for_each_class(c, i)
		if (c->reprobe)
			c->reprobe(d, begin);
}

/* Time the phase that just ended. */
void drvsup_shadow_phase(struct drvsup_domain *d, enum drvsup_phase ph)
{
	struct drvsup_shadow *s = drvsup_shadow_of(d);
	u64 now = ktime_get_mono_fast_ns();
	u64 ns = ph == DRVSUP_PH_TOTAL ? now - s->fault_ns :
					 now - s->phase_start_ns;

	s->phase_start_ns = now;
	s->last_ns[ph] = ns;
	s->total_ns[ph] += ns;
	trace_recovery_phase(d->name, phase_name[ph], ns, s->nattempts);
}

/* Give up: -ENODEV for everyone until "reset". */
static void go_dead(struct drvsup_domain *d, unsigned int n)
{
	const struct drvsup_shadow_class *c;
	struct drvsup_shadow *s = drvsup_shadow_of(d);
	unsigned int i;

	WRITE_ONCE(s->dead, true);
	/* Released to the checkpoint only: the rest goes too. */
	if (s->warm)
		drvsup_tracker_release(d, DRVSUP_RELEASE_DRIVER);
	s->warm = false;
	atomic_set(&d->state, DRVSUP_DEAD);
	atomic_set(&s->active, 0);
	wake_up_all(&s->wq);
	for_each_class(c, i)
		if (c->dead)
			c->dead(d);
	trace_recovery_done(d->name, "dead",
			    ktime_get_mono_fast_ns() - s->fault_ns, s->nattempts);
	pr_warn("%s: dead: %u restarts in %u ms did not bring it back; echo 1 >/sys/kernel/drvsup/%s/reset to try again\n",
		d->name, n, s->window_ms, d->name);
}

/**
 * drvsup_shadow_released - the failed driver is out and its objects gone
 * @d: the domain
 *
 * Schedules the next restart attempt within the budget, or declares the
 * driver dead. Returns whether a recovery goes on. Process context.
 */
bool drvsup_shadow_released(struct drvsup_domain *d)
{
	struct drvsup_shadow *s = drvsup_shadow_of(d);
	u64 now = ktime_get_mono_fast_ns(), window = (u64)s->window_ms * NSEC_PER_MSEC;
	unsigned int i, n = 0, max = min(s->max_restarts, DRVSUP_RESTART_MAX);
	unsigned long delay = 0;

	if (!drvsup_shadow_recovering(d))
		return false;
	if (READ_ONCE(s->dead)) {
		atomic_set(&s->active, 0);
		wake_up_all(&s->wq);
		return false;
	}
	drvsup_shadow_phase(d, DRVSUP_PH_RELEASE);
	for (i = 0; i < DRVSUP_RESTART_MAX; i++)
		if (s->attempt_ns[i] && now - s->attempt_ns[i] < window)
			n++;
	if (n >= max) {
		go_dead(d, n);
		return false;
	}
	if (n)
		delay = msecs_to_jiffies(s->backoff_ms << (n - 1));
	s->attempt_ns[s->nattempts % DRVSUP_RESTART_MAX] = now;
	s->nattempts++;
	queue_delayed_work(shadow_wq, &s->work, delay);
	return true;
}

/* How a step of a restart attempt ended. */
enum attempt {
	ATTEMPT_OK,		/* on to the next step */
	ATTEMPT_GONE,		/* the domain is no longer failed: nothing to do */
	ATTEMPT_FAULTED,	/* the driver faulted: the fail path runs */
	ATTEMPT_REFUSED,	/* it returned an error: fail it as after a fault */
};

/*
 * Checkpoint the driver if no class has a device open: after its init,
 * and after each restart (before the replay opens them again).
 */
static void take_checkpoint(struct drvsup_domain *d, bool restarted)
{
	const struct drvsup_shadow_class *c;
	unsigned int i;

	for_each_class(c, i) {
		if (c->checkpoint && c->checkpoint(d, restarted)) {
			drvsup_checkpoint_drop(d, "a device was open");
			return;
		}
	}
	drvsup_checkpoint_take(d);
}

static void shadow_initialized(struct drvsup_domain *d)
{
	take_checkpoint(d, false);
}

/*
 * After the drain of a failed domain: does this attempt start from the
 * checkpoint? If not, everything is released and the checkpoint with it.
 */
static bool shadow_rewinds(struct drvsup_domain *d)
{
	struct drvsup_shadow *s = drvsup_shadow_of(d);

	s->warm = READ_ONCE(s->from_ckpt) && !s->warm_tried &&
		  s->warm_run < DRVSUP_WARM_RUN &&
		  drvsup_shadow_recovering(d) && !READ_ONCE(s->dead) &&
		  drvsup_checkpoint_usable(d);
	if (!s->warm)
		drvsup_checkpoint_drop(d, s->warm_tried ?
				       "a recovery from it failed" : NULL);
	return s->warm;
}

/* From the checkpoint: the driver's bytes back, and running again. */
static enum attempt rewind_driver(struct drvsup_domain *d)
{
	const struct drvsup_shadow_class *c;
	unsigned int i;

	drvsup_shadow_of(d)->warm_tried = true;
	drvsup_checkpoint_restore(d);
	for_each_class(c, i)
		if (c->reset)
			c->reset(d, true);
	drvsup_shadow_phase(d, DRVSUP_PH_RESET);
	if (atomic_cmpxchg(&d->state, DRVSUP_FAILED, DRVSUP_RUNNING) !=
	    DRVSUP_FAILED)
		return ATTEMPT_GONE;
	drvsup_shadow_phase(d, DRVSUP_PH_RESTART);
	return ATTEMPT_OK;
}

/* Reset the driver's data and run its init again, handing back kept objects. */
static enum attempt restart_driver(struct drvsup_domain *d)
{
	const struct drvsup_shadow_class *c;
	unsigned int i;
	int err;

	if (drvsup_shadow_of(d)->warm)
		return rewind_driver(d);
	drvsup_data_restore(d, d->snap);
	for_each_class(c, i)
		if (c->reset)
			c->reset(d, false);
	drvsup_shadow_phase(d, DRVSUP_PH_RESET);

	d->restart_gen++;
	WRITE_ONCE(d->restarting, true);
	if (atomic_cmpxchg(&d->state, DRVSUP_FAILED, DRVSUP_RUNNING) !=
	    DRVSUP_FAILED) {
		WRITE_ONCE(d->restarting, false);
		return ATTEMPT_GONE;
	}
	err = drvsup_domain_restart(d);
	WRITE_ONCE(d->restarting, false);
	if (drvsup_state(d) != DRVSUP_RUNNING)
		return ATTEMPT_FAULTED;
	if (err) {
		pr_warn("%s: restart: init returned %d\n", d->name, err);
		return ATTEMPT_REFUSED;
	}
	drvsup_shadow_phase(d, DRVSUP_PH_RESTART);
	take_checkpoint(d, true);
	return ATTEMPT_OK;
}

/* The class shadows re-apply their logs to the restarted driver. */
static enum attempt replay_classes(struct drvsup_domain *d)
{
	const struct drvsup_shadow_class *c;
	unsigned int i;
	int err = 0;

	for_each_class(c, i) {
		if (c->replay)
			err = c->replay(d);
		if (drvsup_state(d) != DRVSUP_RUNNING)
			return ATTEMPT_FAULTED;
		if (err) {
			pr_warn("%s: %s replay: %d\n", d->name, c->name, err);
			return ATTEMPT_REFUSED;
		}
	}
	drvsup_shadow_phase(d, DRVSUP_PH_REPLAY);
	return ATTEMPT_OK;
}

/* The driver serves again: release the waiters and the classes' holds. */
static void resume(struct drvsup_shadow *s)
{
	const struct drvsup_shadow_class *c;
	struct drvsup_domain *d = s->d;
	unsigned int i;

	atomic_set(&s->active, 0);
	/* pairs with shadow_wait() */
	smp_mb__after_atomic();
	wake_up_all(&s->wq);
	for_each_class(c, i)
		if (c->resume)
			c->resume(d);
	drvsup_shadow_phase(d, DRVSUP_PH_RESUME);
	drvsup_shadow_phase(d, DRVSUP_PH_TOTAL);
	s->recoveries++;
	if (s->warm) {
		s->warm_recoveries++;
		s->warm_run++;
	} else {
		s->warm_run = 0;
	}
	trace_recovery_done(d->name, "recovered", s->last_ns[DRVSUP_PH_TOTAL],
			    s->nattempts);
	pr_info("%s: recovered in %llu us (%s, attempt %u)\n", d->name,
		s->last_ns[DRVSUP_PH_TOTAL] / NSEC_PER_USEC,
		s->warm ? "from the checkpoint" : "restart", s->nattempts);
}

static void recover_work(struct work_struct *w)
{
	struct drvsup_shadow *s = container_of(to_delayed_work(w),
					       struct drvsup_shadow, work);
	struct drvsup_domain *d = s->d;
	enum attempt r;

	/* rmmod waits for this attempt, or this attempt for nothing. */
	if (READ_ONCE(s->dead) || !try_module_get(d->mod))
		return;
	s->phase_start_ns = ktime_get_mono_fast_ns();
	r = restart_driver(d);
	if (r == ATTEMPT_OK)
		r = replay_classes(d);
	/* From the checkpoint: the device may interrupt the driver now. */
	if (r == ATTEMPT_OK && s->warm)
		drvsup_tracker_rearm(d);
	switch (r) {
	case ATTEMPT_OK:
		resume(s);
		break;
	case ATTEMPT_REFUSED:
		drvsup_domain_fail_restart(d);
		fallthrough;
	case ATTEMPT_FAULTED:
		s->failed++;
		trace_recovery_done(d->name, r == ATTEMPT_REFUSED ? "refused" : "failed",
				    ktime_get_mono_fast_ns() - s->fault_ns, s->nattempts);
		break;
	case ATTEMPT_GONE:
		break;
	}
	module_put(d->mod);
}

/**
 * shadow_wait - hold a caller of a kept object while @d recovers
 * @d: the domain
 *
 * Returns 0 when the driver serves (again), -ENODEV when it failed for
 * good, -ERESTARTSYS on a signal, -ETIMEDOUT if the recovery took longer
 * than wait_ms. Process context, no locks held.
 */
static int shadow_wait(struct drvsup_domain *d)
{
	long t;

	if (likely(drvsup_state(d) == DRVSUP_RUNNING &&
		   !drvsup_shadow_recovering(d)))
		return 0;
	if (!drvsup_shadow_recovering(d))
		return -ENODEV;
	t = wait_event_interruptible_timeout(drvsup_shadow_of(d)->wq,
					     !drvsup_shadow_recovering(d),
					     msecs_to_jiffies(drvsup_shadow_of(d)->wait_ms));
	if (t < 0)
		return t;
	if (!t)
		return -ETIMEDOUT;
	return drvsup_state(d) == DRVSUP_RUNNING ? 0 : -ENODEV;
}

/* Unload: no attempt after this, none running, nobody left waiting. */
static void shadow_destroy(struct drvsup_domain *d)
{
	struct drvsup_shadow *s = drvsup_shadow_of(d);

	WRITE_ONCE(s->dead, true);
	cancel_delayed_work_sync(&s->work);
	atomic_set(&s->active, 0);
	wake_up_all(&s->wq);
}

/* Every task and CPU is out of the failed driver. */
static void shadow_quiesced(struct drvsup_domain *d)
{
	drvsup_shadow_phase(d, DRVSUP_PH_QUIESCE);
}

/* --- sysfs: /sys/kernel/drvsup/<driver>/ ---------------------------------- */

#define to_domain(k) container_of(k, struct drvsup_domain, kobj)

static ssize_t recovery_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	struct drvsup_domain *d = to_domain(k);
	const char *st = "passive";

	if (READ_ONCE(drvsup_shadow_of(d)->dead))
		st = "dead";
	else if (drvsup_shadow_recovering(d))
		st = "active";
	else if (!can_recover(d))
		st = "off";
	return sysfs_emit(buf, "%s\n", st);
}

static ssize_t recoveries_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	struct drvsup_shadow *s = drvsup_shadow_of(to_domain(k));

	return sysfs_emit(buf, "recovered %lu\nfailed %lu\nattempts %u\nfrom-checkpoint %lu\n",
			  s->recoveries, s->failed, s->nattempts,
			  s->warm_recoveries);
}

static ssize_t recovery_mode_show(struct kobject *k, struct kobj_attribute *a,
				  char *buf)
{
	struct drvsup_shadow *s = drvsup_shadow_of(to_domain(k));

	return sysfs_emit(buf, "%s\n", READ_ONCE(s->from_ckpt) ? "checkpoint" :
							      "restart");
}

/* "restart" or "checkpoint" (which falls back to a restart). */
static ssize_t recovery_mode_store(struct kobject *k, struct kobj_attribute *a,
				   const char *buf, size_t len)
{
	struct drvsup_shadow *s = drvsup_shadow_of(to_domain(k));

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (sysfs_streq(buf, "checkpoint"))
		WRITE_ONCE(s->from_ckpt, true);
	else if (sysfs_streq(buf, "restart"))
		WRITE_ONCE(s->from_ckpt, false);
	else
		return -EINVAL;
	return len;
}

static ssize_t checkpoint_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return drvsup_checkpoint_show(to_domain(k), buf);
}

static ssize_t restart_budget_show(struct kobject *k, struct kobj_attribute *a,
				   char *buf)
{
	struct drvsup_shadow *s = drvsup_shadow_of(to_domain(k));

	return sysfs_emit(buf, "%u %u %u\n", s->max_restarts, s->window_ms,
			  s->backoff_ms);
}

/* "MAX WINDOW_MS [BACKOFF_MS]": MAX 0 turns restarting off. */
static ssize_t restart_budget_store(struct kobject *k, struct kobj_attribute *a,
				    const char *buf, size_t len)
{
	struct drvsup_shadow *s = drvsup_shadow_of(to_domain(k));
	unsigned int max, window, backoff = s->backoff_ms;
	int n = sscanf(buf, "%u %u %u", &max, &window, &backoff);

	if (n < 2 || max > DRVSUP_RESTART_MAX || !window || backoff > 10000)
		return -EINVAL;
	s->max_restarts = max;
	s->window_ms = window;
	s->backoff_ms = backoff;
	return len;
}

/* Forget the attempts and, if dead, try again now. */
static ssize_t reset_store(struct kobject *k, struct kobj_attribute *a,
			   const char *buf, size_t len)
{
	struct drvsup_domain *d = to_domain(k);
	struct drvsup_shadow *s = drvsup_shadow_of(d);

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	memset(s->attempt_ns, 0, sizeof(s->attempt_ns));
	if (!READ_ONCE(s->dead))
		return len;
	if (atomic_cmpxchg(&d->state, DRVSUP_DEAD, DRVSUP_FAILED) !=
	    DRVSUP_DEAD || READ_ONCE(d->mod->state) != MODULE_STATE_LIVE)
		return -EBUSY;
	WRITE_ONCE(s->dead, false);
	s->fault_ns = ktime_get_mono_fast_ns();
	atomic_set(&s->active, 1);
	if (!drvsup_shadow_released(d))
		return -EIO;
	return len;
}

static ssize_t phases_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	struct drvsup_shadow *s = drvsup_shadow_of(to_domain(k));
	const struct drvsup_shadow_class *c;
	int i, len = sysfs_emit(buf, "phase last_us total_us\n");

	for (i = 0; i < DRVSUP_PH_NR; i++)
		len += sysfs_emit_at(buf, len, "%s %llu %llu\n", phase_name[i],
				     s->last_ns[i] / NSEC_PER_USEC,
				     s->total_ns[i] / NSEC_PER_USEC);
	for_each_class(c, i)
		if (c->phases)
			len = c->phases(to_domain(k), buf, len);
	/* What a cold start costs, to set a recovery against. */
	len += sysfs_emit_at(buf, len, "cold-init %llu %llu\n",
			     to_domain(k)->init_ns / NSEC_PER_USEC,
			     to_domain(k)->init_ns / NSEC_PER_USEC);
	return len;
}

static struct kobj_attribute recovery_attr = __ATTR_RO(recovery);
static struct kobj_attribute recoveries_attr = __ATTR_RO(recoveries);
static struct kobj_attribute restart_budget_attr = __ATTR_RW(restart_budget);
static struct kobj_attribute reset_attr = __ATTR_WO(reset);
static struct kobj_attribute phases_attr = __ATTR_RO(phases);
static struct kobj_attribute recovery_mode_attr = __ATTR_RW(recovery_mode);
static struct kobj_attribute checkpoint_attr = __ATTR_RO(checkpoint);

/* The core's files, then the classes' (drvsup_shadow_class_register()). */
static struct attribute *shadow_attrs[7 + SHADOW_CLASS_ATTRS + 1] = {
	&recovery_attr.attr,
	&recoveries_attr.attr,
	&restart_budget_attr.attr,
	&reset_attr.attr,
	&phases_attr.attr,
	&recovery_mode_attr.attr,
	&checkpoint_attr.attr,
};

static const struct attribute_group shadow_group = {
	.attrs = shadow_attrs,
};

static const struct drvsup_recovery_ops shadow_ops = {
	.init = shadow_init,
	.free = shadow_free,
	.fault = shadow_fault,
	.quiesced = shadow_quiesced,
	.released = drvsup_shadow_released,
	.destroy = shadow_destroy,
	.recovering = drvsup_shadow_recovering,
	.wait = shadow_wait,
	.reprobe = shadow_reprobe,
	.initialized = shadow_initialized,
	.rewinds = shadow_rewinds,
	.group = &shadow_group,
};

/* Before any domain exists: recovery is the shadow core's. */
int drvsup_shadow_core_init(void)
{
	shadow_wq = alloc_ordered_workqueue("drvsup-shadow", WQ_MEM_RECLAIM);
	if (!shadow_wq)
		return -ENOMEM;
	drvsup_recovery_register(&shadow_ops);
	return 0;
}

void drvsup_shadow_core_exit(void)
{
	drvsup_recovery_register(NULL);
	destroy_workqueue(shadow_wq);
}

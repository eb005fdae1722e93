/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrap.h - what every driver->kernel wrapper and kernel->driver proxy uses.
 *
 * A wrapper for kernel function X is exported as dsw_X with X's prototype
 * (checked at build time); `drvsup load` rebinds a driver's import X to it.
 * Its shape:
 *
 *	DSW(void *, X, args)
 *	{
 *		DSW_ENTER(d);		// domain of the calling driver, crossing out
 *		... validate, call X, track what it granted ...
 *		DSW_LEAVE();
 *		return ret;
 *	}
 *
 * A wrapper that finds its driver broke the rules (freeing what it does not
 * own, a NULL where the kernel would oops) calls dsw_fault(): the driver
 * call is unwound as a contained fault instead of corrupting the kernel.
 */
#ifndef DRVSUP_WRAP_H
#define DRVSUP_WRAP_H

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/semaphore.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "../isolation/domain.h"
#include "../isolation/owned.h"
#include "../isolation/tracker.h"

/*
 * Define wrapper dsw_<name> for kernel function <name>: declared, exported,
 * and asserted to have exactly <name>'s type.
 */
#define DSW(ret, name, ...)						\
	ret dsw_##name(__VA_ARGS__);					\
	static_assert(__builtin_types_compatible_p(typeof(&dsw_##name),	\
						   typeof(&name)),	\
		      "dsw_" #name " must have the type of " #name);	\
	EXPORT_SYMBOL_GPL(dsw_##name);					\
	ret dsw_##name(__VA_ARGS__)

/* The domain of the driver that called the current wrapper. */
static __always_inline struct drvsup_domain *dsw_domain(unsigned long caller)
{
	struct drvsup_domain *d = drvsup_current_domain();

	if (likely(d))
		return d;
	/* Driver code running outside any gate: a proxy is missing. */
	rcu_read_lock();
	d = drvsup_domain_of_addr(caller);
	rcu_read_unlock();
	return d;
}

#define DSW_ENTER(d)							\
	struct drvsup_domain *d =					\
		dsw_domain((unsigned long)__builtin_return_address(0));	\
	struct drvsup_frame *__dsw_f = drvsup_out_begin()

/* For wrappers that do not need the domain. */
#define DSW_ENTER_ANY() struct drvsup_frame *__dsw_f = drvsup_out_begin()

#define DSW_LEAVE() drvsup_out_end(__dsw_f)

/*
 * The driver's instruction that called the current wrapper, from the
 * wrapper's return address @ret: the call (a direct call, e8 rel32) just
 * before it, or @ret itself after any other call; 0 if @ret is not in the
 * driver's text (the wrapper was reached through a helper).
 */
static __always_inline unsigned long dsw_driver_call(struct drvsup_domain *d,
						     unsigned long ret)
{
	u8 op;

	if (!d || ret < d->text_start + 5 || ret > d->text_end)
		return 0;
	if (!get_kernel_nofault(op, (u8 *)(ret - 5)) && op == 0xe8)
		return ret - 5;
	return ret;
}

/*
 * The driver broke a rule the kernel relies on (freeing what it does not
 * own, a hardening check that failed): say why, and unwind the driver's
 * call as a contained fault of @kind, recorded at the driver's call site.
 * Returns only outside a gate (no frame to unwind).
 */
#define dsw_fault(d, kind, fmt, ...)					\
	do {								\
		unsigned long __site = dsw_driver_call(d, _RET_IP_);	\
									\
		drvsup_report_why(d, fmt, ##__VA_ARGS__);		\
		DSW_LEAVE();						\
		drvsup_unwind_current(kind, __site);			\
	} while (0)

/*
 * The argument rules, one per type: an object of one of these types that
 * a driver passes is one the kernel writes (a lock, a wait queue, a list,
 * a timer...), so it must lie in memory the domain owns (owned.h), or one
 * the kernel only reads (a device), which must at least be mapped. A lock
 * or a wait queue must also be shaped like one (args.c): a pointer the
 * fault bent to other memory the domain owns is refused before the
 * kernel spins on it. A wrapper asks with dsw_unowned() for each such
 * argument; for any other type the check compiles to nothing. wrapgen
 * applies it to every pointer argument of the wrappers it generates.
 */
struct dsw_arg_rule {
	const char *name;
	size_t size;
	bool read_only;		/* the kernel only reads it: must be mapped */
	bool (*shaped)(const void *p);	/* its words can be what they are */
};

#define DSW_RULE(t, name) (&(const struct dsw_arg_rule){ name, sizeof(t), false })
#define DSW_READ(t, name) (&(const struct dsw_arg_rule){ name, sizeof(t), true })
#define DSW_SHAPE(t, name, fn)						\
	(&(const struct dsw_arg_rule){ name, sizeof(t), false, fn })

/* wrappers/args.c: the shapes */
bool dsw_spinlock_shaped(const void *p);
bool dsw_mutex_shaped(const void *p);
bool dsw_waitq_shaped(const void *p);
bool dsw_completion_shaped(const void *p);
bool dsw_sem_shaped(const void *p);
bool dsw_rwsem_shaped(const void *p);

#define dsw_arg_rule(p) _Generic((p),					\
	raw_spinlock_t * : DSW_SHAPE(raw_spinlock_t, "spinlock", dsw_spinlock_shaped), \
	spinlock_t * : DSW_SHAPE(spinlock_t, "spinlock", dsw_spinlock_shaped), \
	rwlock_t * : DSW_RULE(rwlock_t, "rwlock"),			\
	struct mutex * : DSW_SHAPE(struct mutex, "mutex", dsw_mutex_shaped), \
	struct rw_semaphore * : DSW_SHAPE(struct rw_semaphore, "rw_semaphore", \
					  dsw_rwsem_shaped),		\
	struct semaphore * : DSW_SHAPE(struct semaphore, "semaphore",	\
				       dsw_sem_shaped),			\
	struct wait_queue_head * : DSW_SHAPE(struct wait_queue_head,	\
					     "wait queue", dsw_waitq_shaped), \
	struct wait_queue_entry * : DSW_RULE(struct wait_queue_entry, "wait entry"), \
	struct completion * : DSW_SHAPE(struct completion, "completion", \
					dsw_completion_shaped),		\
	struct list_head * : DSW_RULE(struct list_head, "list head"),	\
	struct timer_list * : DSW_RULE(struct timer_list, "timer"),	\
	struct work_struct * : DSW_RULE(struct work_struct, "work"),	\
	struct delayed_work * : DSW_RULE(struct delayed_work, "delayed work"), \
	struct tasklet_struct * : DSW_RULE(struct tasklet_struct, "tasklet"),	\
	struct device * : DSW_READ(struct device, "device"), default : NULL)

/*
 * wrappers/args.c: why the object at @p breaks rule @r for @d (@shape: and
 * its shape), or NULL; gen_imports.c: the table's "data shared" objects.
 */
const char *dsw_arg_bad(struct drvsup_domain *d, const void *p,
			const struct dsw_arg_rule *r, bool shape,
			unsigned long site);
bool dsw_gen_shared(const void *p, size_t len);

#define __dsw_unowned(d, p, shape)					\
	({								\
		const struct dsw_arg_rule *__r = dsw_arg_rule(p);	\
		const char *__why = __r ?				\
			dsw_arg_bad(d, p, __r, shape, _RET_IP_) : NULL;	\
									\
		if (__why)						\
			dsw_fault(d, DRVSUP_FAULT_BADARG, "%s %p: %s",	\
				  __r->name, p, __why);			\
		__why != NULL;						\
	})

/*
 * True (and the driver's call unwound, if under a gate) when @p breaks
 * its type's rule; the wrapper then returns without calling the kernel.
 * dsw_unowned_init(): @p is to be initialised, its shape not yet one.
 */
#define dsw_unowned(d, p) __dsw_unowned(d, p, true)
#define dsw_unowned_init(d, p) __dsw_unowned(d, p, false)

/* wrappers/args.c: a list whose neighbours do not point back at it */
bool dsw_list_broken(const struct list_head *head);

/*
 * A wrapper's own argument rule: true when @bad, and then the driver's
 * call is unwound as a contained bad-argument fault saying why.
 */
#define dsw_refused(d, bad, fmt, ...)					\
	({								\
		bool __b = (bad);					\
									\
		if (__b)						\
			dsw_fault(d, DRVSUP_FAULT_BADARG, fmt, ##__VA_ARGS__); \
		__b;							\
	})

/* The list rule's second half: @h must be a consistent list. */
#define dsw_bad_list(d, h)						\
	dsw_refused(d, dsw_list_broken(h), "list %p: corrupted", h)

/*
 * The CPU rule: a CPU number a driver passes must name a possible CPU;
 * the kernel indexes per-CPU data with it unchecked.
 */
#define dsw_bad_cpu(d, cpu)						\
	dsw_refused(d, (unsigned int)(cpu) >= nr_cpu_ids ||		\
		    !cpu_possible(cpu), "cpu %d: not a CPU", (int)(cpu))

/**
 * dsw_release - the driver gives back @key of @type
 * @d: its domain, or NULL
 * @type: the object's type
 * @key: the object
 *
 * Untracks, releases (@type's release) and frees the object. Returns
 * false if @key was not the driver's.
 */
static inline bool dsw_release(struct drvsup_domain *d,
			       const struct drvsup_obj_type *type,
			       const void *key)
{
	struct drvsup_obj *o = d ? drvsup_untrack(d, type, key) : NULL;

	if (!o)
		return false;
	type->release(d, o);
	drvsup_obj_free(o);
	return true;
}

/*
 * dsw_give_back - dsw_release(), unless a restart keeps the object: the
 * driver's init ran again and frees what it would have been given back,
 * and the object stays tracked.
 */
static inline bool dsw_give_back(struct drvsup_domain *d,
				 const struct drvsup_obj_type *type,
				 const void *key)
{
	if (d && drvsup_domain_restarting(d) && drvsup_find(d, type, key))
		return true;
	return dsw_release(d, type, key);
}

/* Tracking may allocate in any context the wrapped call allowed. */
static inline gfp_t dsw_gfp(gfp_t driver_gfp)
{
	return gfpflags_allow_blocking(driver_gfp) ? GFP_KERNEL : GFP_ATOMIC;
}

/* A wrapper that sleeps checks on its way back whether to go on. */
static __always_inline void dsw_check_alive(struct drvsup_domain *d)
{
	if (unlikely(d && drvsup_state(d) != DRVSUP_RUNNING))
		drvsup_unwind_current(DRVSUP_FAULT_KILLED,
				      dsw_driver_call(d, _RET_IP_));
}

#endif /* DRVSUP_WRAP_H */

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
 * own, a NULL where the kernel would oops) calls dsw_bad_arg(): the driver
 * call is unwound as a contained fault instead of corrupting the kernel.
 */
#ifndef DRVSUP_WRAP_H
#define DRVSUP_WRAP_H

#include <linux/export.h>
#include <linux/rcupdate.h>

#include "../isolation/domain.h"
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

/* The driver passed something the kernel must not see: unwind it. */
#define dsw_bad_arg(d, fmt, ...)					\
	do {								\
		pr_err_ratelimited("%s: " fmt "\n", (d) ? (d)->name : "?", \
				   ##__VA_ARGS__);			\
		DSW_LEAVE();						\
		drvsup_unwind_current(DRVSUP_FAULT_BADARG);		\
	} while (0)

/* Tracking may allocate in any context the wrapped call allowed. */
static inline gfp_t dsw_gfp(gfp_t driver_gfp)
{
	return gfpflags_allow_blocking(driver_gfp) ? GFP_KERNEL : GFP_ATOMIC;
}

/* A wrapper that sleeps checks on its way back whether to go on. */
static inline void dsw_check_alive(struct drvsup_domain *d)
{
	if (unlikely(d && drvsup_state(d) != DRVSUP_RUNNING))
		drvsup_unwind_current(DRVSUP_FAULT_KILLED);
}

#endif /* DRVSUP_WRAP_H */

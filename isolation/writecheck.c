// SPDX-License-Identifier: GPL-2.0
/*
 * writecheck.c - write isolation: the check made before every store of a
 * driver built with drvsup's store instrumentation (mk/writeiso.mk; the
 * compiler's calls land in wrappers/store.c). A store must lie in the
 * domain's write set: the memory it owns (owned.h) less the gates' frames
 * on its stack. The knob "writecheck" and its counts are owned.c's.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/percpu.h>

#include "domain.h"
#include "owned.h"
#include "writecheck.h"

/*
 * Does [@a, @a + @len) touch a gate's frame of this chain? A frame (its
 * saved registers, its holds) is what unwinds the driver: it lies on the
 * stack the driver runs on, above the driver's own frames, and no store
 * of the driver may reach it.
 */
static bool on_frames(const struct drvsup_frame *f, unsigned long a,
		      size_t len)
{
	for (; f; f = f->prev)
		if (a < (unsigned long)(f + 1) && a + len > (unsigned long)f)
			return true;
	return false;
}

/**
 * drvsup_write_ok - may the driver running now store @len bytes at @a?
 * @a: the first byte the store writes
 * @len: how many
 * @site: the driver's instruction after the store's check call
 * @instrumented: the driver's own check (else one the fault injector
 *	has it make): marks the domain's driver as one whose stores are
 *	checked (domain.h: writes_checked)
 *
 * Asked by the store instrumentation before every store of a driver
 * built with it (wrappers/store.c). The write set is what the domain
 * owns (owned.h): its data, its stack but for the gates' frames on it,
 * its blocks' extents, and the buffers the kernel lent it for a call or
 * while the driver holds them (an sk_buff, a bound device's driver_data).
 *
 * Returns false when the store must not be made (writecheck enforce):
 * the caller unwinds the driver's call as a contained wild-write fault
 * before memory is changed.
 */
bool drvsup_write_ok(unsigned long a, size_t len, unsigned long site,
		     bool instrumented)
{
	struct drvsup_frame *f = drvsup_current_frame();
	struct drvsup_domain *d;
	int m = READ_ONCE(drvsup_check_modes[DRVSUP_WRITECHECK]);

	if (m == DRVSUP_CHECK_OFF)
		return true;
	/* Driver code the kernel called without a gate: no call to unwind. */
	if (unlikely(!f || f->out)) {
		this_cpu_inc(drvsup_nr_ungated);
		return true;
	}
	d = f->dom;
	if (instrumented && unlikely(!READ_ONCE(d->writes_checked)))
		WRITE_ONCE(d->writes_checked, true);
	this_cpu_inc(drvsup_nr_checked[DRVSUP_WRITECHECK]);
	if (likely(drvsup_owns(d, (void *)a, len) && !on_frames(f, a, len)))
		return true;
	this_cpu_inc(drvsup_nr_outside[DRVSUP_WRITECHECK]);
	if (m != DRVSUP_CHECK_ENFORCE) {
		pr_warn_ratelimited("%s: store of %zu bytes at %pS from %pS: outside the domain's write set\n",
				    d->name, len, (void *)a, (void *)site);
		return true;
	}
	drvsup_report_why(d, "store of %zu bytes at %pS: outside the domain's write set",
			  len, (void *)a);
	return false;
}
EXPORT_SYMBOL_NS_GPL(drvsup_write_ok, DRVSUP_INTERNAL);

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
#include <linux/string.h>

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

/*
 * Is [@a, @a + @len) in the write set? Blocks are looked up in the frame's
 * cache of the extents this call found last, then in the domain's tree.
 */
static bool write_set(struct drvsup_frame *f, struct drvsup_domain *d,
		      unsigned long a, size_t len)
{
	unsigned long last = a + len - 1, gen = READ_ONCE(d->tracker.gen);
	const struct drvsup_extent *e;
	bool ok;
	int i;

	if (!len || last < a)
		return false;
	if (drvsup_owns_data_or_stack(d, a, last))
		return !on_frames(f, a, len);
	rcu_read_lock();
	/* Cached extents are live while no extent was removed since. */
	if (f->wgen == gen) {
		for (i = 0; i < DRVSUP_WCACHE; i++) {
			e = f->wcache[i];
			if (e && a >= e->start && last <= e->last) {
				rcu_read_unlock();
				return true;
			}
		}
	} else {
		f->wgen = gen;
		memset(f->wcache, 0, sizeof(f->wcache));
	}
	e = drvsup_extent_find(d, a, last);
	ok = e;
	if (e)
		f->wcache[f->wnext++ % DRVSUP_WCACHE] = e;
	rcu_read_unlock();
	return ok;
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
		this_cpu_inc(drvsup_nr_ungated[DRVSUP_WRITECHECK]);
		return true;
	}
	d = f->dom;
	if (instrumented && unlikely(!READ_ONCE(d->writes_checked)))
		WRITE_ONCE(d->writes_checked, true);
	this_cpu_inc(drvsup_nr_checked[DRVSUP_WRITECHECK]);
	if (likely(write_set(f, d, a, len)))
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

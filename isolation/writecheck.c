// SPDX-License-Identifier: GPL-2.0
/*
 * writecheck.c - write isolation: the check made before every store of a
 * driver built with drvsup's store instrumentation (mk/writeiso.mk; the
 * compiler's calls land in wrappers/store.c). A store must lie in the
 * domain's write set: the memory it owns (owned.h) less the gates' frames
 * on its stack and the kernel objects it registered inside that memory.
 * The knob "writecheck" and its counts are checks.c's.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/atomic.h>
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
 * drvsup_write_hole - take a kernel object out of @d's write set
 * @d: the domain
 * @p: the object, in memory @d owns
 * @len: its size
 * @what: its type, for the report
 *
 * For an object the driver embeds in its memory and registers with the
 * kernel (a NAPI context), which from then on only the kernel writes: a
 * driver's store into it is refused like one outside the write set,
 * before the kernel walks what the store would have corrupted. Any
 * context; lock-free (a slot is claimed by its start).
 */
void drvsup_write_hole(struct drvsup_domain *d, const void *p, size_t len,
		       const char *what)
{
	unsigned long start = (unsigned long)p;
	int i;

	for (i = 0; i < DRVSUP_MAX_HOLES; i++) {
		struct drvsup_hole *h = &d->holes[i];

		if (!cmpxchg(&h->start, 0, start)) {
			h->what = what;
			WRITE_ONCE(h->last, start + len - 1);
			atomic_inc(&d->nholes);
			return;
		}
	}
	pr_warn_once("%s: more than %d kernel objects in its memory: %s %p stays writable\n",
		     d->name, DRVSUP_MAX_HOLES, what, p);
}
EXPORT_SYMBOL_NS_GPL(drvsup_write_hole, DRVSUP_INTERNAL);

/* drvsup_write_unhole - @p, of drvsup_write_hole(), is the driver's again */
void drvsup_write_unhole(struct drvsup_domain *d, const void *p)
{
	int i;

	for (i = 0; i < DRVSUP_MAX_HOLES; i++) {
		struct drvsup_hole *h = &d->holes[i];

		if (READ_ONCE(h->start) == (unsigned long)p) {
			WRITE_ONCE(h->last, 0);
			WRITE_ONCE(h->start, 0);
			atomic_dec(&d->nholes);
			return;
		}
	}
}
EXPORT_SYMBOL_NS_GPL(drvsup_write_unhole, DRVSUP_INTERNAL);

/* The registered kernel object [@a, @a + @len) touches, or NULL. */
static const struct drvsup_hole *in_hole(struct drvsup_domain *d,
					 unsigned long a, size_t len)
{
	unsigned long last = a + len - 1;
	int i;

	if (likely(!atomic_read(&d->nholes)))
		return NULL;
	for (i = 0; i < DRVSUP_MAX_HOLES; i++) {
		const struct drvsup_hole *h = &d->holes[i];
		unsigned long s = READ_ONCE(h->start), l = READ_ONCE(h->last);

		if (s && a <= l && last >= s)
			return h;
	}
	return NULL;
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
	const struct drvsup_hole *h = NULL;
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
	if (likely(write_set(f, d, a, len))) {
		h = in_hole(d, a, len);
		if (likely(!h))
			return true;
	}
	this_cpu_inc(drvsup_nr_outside[DRVSUP_WRITECHECK]);
	if (m != DRVSUP_CHECK_ENFORCE) {
		pr_warn_ratelimited("%s: store of %zu bytes at %pS from %pS: %s%s\n",
				    d->name, len, (void *)a, (void *)site,
				    h ? "into a registered " : "outside the domain's write set",
				    h ? h->what : "");
		return true;
	}
	drvsup_report_why(d, "store of %zu bytes at %pS: %s%s", len, (void *)a,
			  h ? "into a registered " : "outside the domain's write set",
			  h ? h->what : "");
	return false;
}
EXPORT_SYMBOL_NS_GPL(drvsup_write_ok, DRVSUP_INTERNAL);

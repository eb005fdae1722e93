// SPDX-License-Identifier: GPL-2.0
/*
 * trigger.c - when an armed injection fires (the should_fail() of
 * lib/fault-inject.c for drvsup): hit counting, the Nth execution, a
 * probability, a limit on firings, the seeded random numbers a firing uses,
 * and the kernel-log line that says an injection first fired.
 *
 * Runs in any context, including a kprobe handler with interrupts off.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/ktime.h>
#include <linux/printk.h>
#include <linux/timekeeping.h>

#include "faultinj.h"

/* 1: log the first firing of each injection; 2: every firing; 0: none */
u32 faultinj_verbose = 1;

void faultinj_trigger_init(struct faultinj_trigger *t)
{
	atomic_long_set(&t->hits, 0);
	atomic_long_set(&t->fired, 0);
	t->first_hit_ns = 0;
	t->first_fire_ns = 0;
	raw_spin_lock_init(&t->lock);
	prandom_seed_state(&t->rnd, t->seed);
}

/* A random number below @below (0: any u32) from the injection's seed. */
u32 faultinj_random(struct faultinj_trigger *t, u32 below)
{
	unsigned long flags;
	u32 r;

	raw_spin_lock_irqsave(&t->lock, flags);
	r = prandom_u32_state(&t->rnd);
	raw_spin_unlock_irqrestore(&t->lock, flags);
	return below ? r % below : r;
}

/* Count one execution of the site; true when this one is to be faulty. */
bool faultinj_trigger_hit(struct faultinj_trigger *t)
{
	long hit = atomic_long_inc_return(&t->hits);
	u64 now = ktime_get_mono_fast_ns();

	if (hit == 1)
		WRITE_ONCE(t->first_hit_ns, now);
	if (hit < t->nth)
		return false;
	if (t->times && atomic_long_read(&t->fired) >= t->times)
		return false;
	if (t->ppm < 1000000 && faultinj_random(t, 1000000) >= t->ppm)
		return false;
	if (t->times && atomic_long_inc_return(&t->fired) > t->times) {
		atomic_long_dec(&t->fired);
		return false;
	} else if (!t->times) {
		atomic_long_inc(&t->fired);
	}
	if (!READ_ONCE(t->first_fire_ns))
		WRITE_ONCE(t->first_fire_ns, now);
	return true;
}

void faultinj_log_fire(struct faultinj *fi)
{
	long n = atomic_long_read(&fi->trig.fired);

	if (faultinj_verbose >= 2 || (faultinj_verbose == 1 && n == 1))
		pr_info("faultinj: #%d %s at %s+%#lx fired (%ld): %s\n", fi->id,
			faultinj_names[fi->type], fi->sym, fi->offset, n,
			fi->detail);
}

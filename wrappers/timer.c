// SPDX-License-Identifier: GPL-2.0
/*
 * timer.c - timers a driver sets up. init_timer_key() with a function in
 * the driver's code installs timer_proxy() instead and records the driver's
 * function by the timer's address (cbmap.h); the proxy runs it through a
 * gate. Other timer functions (delayed_work_timer_fn for a delayed work)
 * are passed through untouched.
 *
 * As for work items, a record knows whether its timer may be pending
 * (armed by mod_timer/add_timer, not yet fired or deleted), so tear-down
 * only touches the timer when it must: a failure deletes armed timers at
 * once (quiesce) and synchronously once the domain drained (release).
 * While the net shadow waits for a restarted NIC's link, the driver's
 * timers fire at most DRVSUP_HURRY_MS out: many drivers poll their link
 * from a timer of their own.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>
#include <linux/timer.h>

#include "wrap.h"
#include "cbmap.h"
#include "proxy.h"

struct timer_rec {
	struct dsw_cb cb;		/* key: the timer_list; fn: its function */
	struct timer_list *timer;
	bool armed;			/* may be pending */
	unsigned int gen;		/* arms so far: a callback that re-arms */
};
static_assert(offsetof(struct timer_rec, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_timer = { "timer", 0 };

static struct timer_rec *timer_rec_find(struct timer_list *timer)
{
	struct dsw_cb *cb = dsw_cb_find(timer);

	return cb ? container_of(cb, struct timer_rec, cb) : NULL;
}

static void timer_proxy(struct timer_list *timer)
{
	struct timer_rec *r;
	unsigned int gen = 0;
	struct drvsup_domain *d = NULL;
	void *fn = NULL;

	rcu_read_lock();
	r = timer_rec_find(timer);
	if (r) {
		d = r->cb.d;
		fn = r->cb.fn;
		gen = READ_ONCE(r->gen);
	}
	rcu_read_unlock();
	if (!fn)
		return;
	DRVSUP_CALL(d, &entry_timer, fn, timer);
	/* Fired and not armed again by the callback: idle. */
	rcu_read_lock();
	r = timer_rec_find(timer);
	if (r && READ_ONCE(r->gen) == gen)
		WRITE_ONCE(r->armed, false);
	rcu_read_unlock();
}

static void quiesce_timer(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct timer_rec *r = o->priv;

	if (READ_ONCE(r->armed))
		timer_delete(r->timer);
}

static void release_timer(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct timer_rec *r = o->priv;

	if (READ_ONCE(r->armed))
		timer_delete_sync(r->timer);
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static const struct drvsup_obj_type obj_timer = {
	.name = "timer",
	.quiesce = quiesce_timer,
	.release = release_timer,
};

DSW(void, init_timer_key, struct timer_list *timer,
	void (*func)(struct timer_list *), unsigned int flags, const char *name,
	struct lock_class_key *key)
{
	struct timer_rec *r;
	struct dsw_cb *cb;

	DSW_ENTER(d);
	if (dsw_unowned(d, timer))
		return;
	if (!d || !dsw_in_domain(d, func)) {
		init_timer_key(timer, func, flags, name, key);
		DSW_LEAVE();
		return;
	}
	rcu_read_lock();
	cb = dsw_cb_find(timer);
	rcu_read_unlock();
	if (cb) {
		/* Set up again: the timer is idle by the rules of timers. */
		r = container_of(cb, struct timer_rec, cb);
		r->cb.fn = func;
		WRITE_ONCE(r->armed, false);
	} else {
		r = dsw_cb_new(d, &obj_timer, timer, func, sizeof(*r),
			       GFP_ATOMIC);
		if (!r) {
			/* Unrecorded: the proxy finds nothing and returns. */
			pr_err_ratelimited("%s: no memory to record a timer: it will not run\n",
					   d->name);
			init_timer_key(timer, timer_proxy, flags, name, key);
			DSW_LEAVE();
			return;
		}
		r->timer = timer;
		dsw_cb_add(&r->cb);
	}
	init_timer_key(timer, timer_proxy, flags, name, key);
	DSW_LEAVE();
}

/* Record that @timer may be pending. */
/*
 * One more arm of @timer, due at @expires; when it should fire instead. A
 * restarted NIC waits for link (d->hurry): the driver's own timers, which
 * poll it, fire at most DRVSUP_HURRY_MS out, as its delayed works do.
 */
static unsigned long timer_arm(struct timer_list *timer, unsigned long expires)
{
	unsigned long soon = jiffies + msecs_to_jiffies(DRVSUP_HURRY_MS);
	struct timer_rec *r;

	rcu_read_lock();
	r = timer_rec_find(timer);
	if (r) {
		WRITE_ONCE(r->gen, r->gen + 1);
		WRITE_ONCE(r->armed, true);
		if (READ_ONCE(r->cb.d->hurry) && time_after(expires, soon))
			expires = soon;
	}
	rcu_read_unlock();
	return expires;
}

static void timer_disarm(struct timer_list *timer)
{
	struct timer_rec *r;

	rcu_read_lock();
	r = timer_rec_find(timer);
	if (r)
		WRITE_ONCE(r->armed, false);
	rcu_read_unlock();
}

DSW(int, mod_timer, struct timer_list *timer, unsigned long expires)
{
	int ret;

	DSW_ENTER(d);
	if (dsw_unowned(d, timer))
		return 0;
	ret = mod_timer(timer, timer_arm(timer, expires));
	DSW_LEAVE();
	return ret;
}

DSW(void, add_timer, struct timer_list *timer)
{
	DSW_ENTER(d);
	if (dsw_unowned(d, timer))
		return;
	timer->expires = timer_arm(timer, timer->expires);
	add_timer(timer);
	DSW_LEAVE();
}

DSW(int, timer_delete_sync, struct timer_list *timer)
{
	int ret;

	DSW_ENTER(d);
	if (dsw_unowned(d, timer))
		return 0;
	ret = timer_delete_sync(timer);
	timer_disarm(timer);
	DSW_LEAVE();
	dsw_check_alive(d);
	return ret;
}

/* As timer_delete_sync(); the kernel no longer lets the timer re-arm. */
DSW(int, timer_shutdown_sync, struct timer_list *timer)
{
	int ret;

	DSW_ENTER(d);
	if (dsw_unowned(d, timer))
		return 0;
	ret = timer_shutdown_sync(timer);
	timer_disarm(timer);
	DSW_LEAVE();
	dsw_check_alive(d);
	return ret;
}

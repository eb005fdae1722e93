// SPDX-License-Identifier: GPL-2.0
/*
 * tasklet.c - tasklets a driver sets up. tasklet_setup() and
 * tasklet_init() with a function in the driver's code install
 * tasklet_proxy() instead and record the driver's function by the
 * tasklet's address (cbmap.h); the proxy runs it through a gate in softirq
 * context. Scheduling (__tasklet_schedule) and waiting (tasklet_kill) need
 * no wrapper of their own: the kernel only ever runs the proxy.
 *
 * At a restart or an unload the record goes: tasklet_kill() waits for a
 * scheduled or running proxy, which finds a failed domain's gate closed.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/interrupt.h>
#include <linux/slab.h>

#include "wrap.h"
#include "cbmap.h"
#include "proxy.h"

struct tasklet_rec {
	struct dsw_cb cb;		/* key: the tasklet; fn: its function */
	struct tasklet_struct *t;
	bool use_data;			/* tasklet_init(): fn(data) */
	unsigned long data;
};

static_assert(offsetof(struct tasklet_rec, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_tasklet = { "tasklet", 0 };

static struct tasklet_rec *tasklet_rec_find(struct tasklet_struct *t)
{
	struct dsw_cb *cb = dsw_cb_find(t);

	return cb ? container_of(cb, struct tasklet_rec, cb) : NULL;
}

static void tasklet_proxy(struct tasklet_struct *t)
{
	struct tasklet_rec *r;
	struct drvsup_domain *d = NULL;
	unsigned long data = 0;
	bool use_data = false;
	void *fn = NULL;

	rcu_read_lock();
	r = tasklet_rec_find(t);
	if (r) {
		d = r->cb.d;
		fn = r->cb.fn;
		use_data = r->use_data;
		data = r->data;
	}
	rcu_read_unlock();
	if (!fn)
		return;
	if (use_data)
		DRVSUP_CALL(d, &entry_tasklet, fn, data);
	else
		DRVSUP_CALL(d, &entry_tasklet, fn, t);
}

/* tasklet_init()'s shape: the proxy's data is the tasklet itself. */
static void tasklet_data_proxy(unsigned long t)
{
	tasklet_proxy((struct tasklet_struct *)t);
}

static void release_tasklet(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct tasklet_rec *r = o->priv;

	tasklet_kill(r->t);
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static const struct drvsup_obj_type obj_tasklet = {
	.name = "tasklet",
	.release = release_tasklet,
};

/*
 * Record @fn of @t for the proxy (again, if set up before). False: no
 * memory; the tasklet then runs the proxy, which finds nothing.
 */
static bool tasklet_record(struct drvsup_domain *d, struct tasklet_struct *t,
			   void *fn, bool use_data, unsigned long data)
{
	struct tasklet_rec *r;

	rcu_read_lock();
	r = tasklet_rec_find(t);
	rcu_read_unlock();
	if (!r) {
		r = dsw_cb_new(d, &obj_tasklet, t, fn, sizeof(*r), GFP_ATOMIC);
		if (!r) {
			pr_err_ratelimited("%s: no memory to record a tasklet: it will not run\n",
					   d->name);
			return false;
		}
		r->t = t;
		r->use_data = use_data;
		r->data = data;
		dsw_cb_add(&r->cb);
		return true;
	}
	/* Set up again: the tasklet is idle by the rules of tasklets. */
	WRITE_ONCE(r->cb.fn, fn);
	WRITE_ONCE(r->use_data, use_data);
	WRITE_ONCE(r->data, data);
	return true;
}

DSW(void, tasklet_setup, struct tasklet_struct *t,
	void (*callback)(struct tasklet_struct *))
{
	DSW_ENTER(d);
	if (dsw_unowned(d, t))
		return;
	if (d && dsw_in_domain(d, callback)) {
		tasklet_record(d, t, callback, false, 0);
		callback = tasklet_proxy;
	}
	tasklet_setup(t, callback);
	DSW_LEAVE();
}

DSW(void, tasklet_init, struct tasklet_struct *t,
	void (*func)(unsigned long), unsigned long data)
{
	DSW_ENTER(d);
	if (dsw_unowned(d, t))
		return;
	if (d && dsw_in_domain(d, func)) {
		tasklet_record(d, t, func, true, data);
		func = tasklet_data_proxy;
		data = (unsigned long)t;
	}
	tasklet_init(t, func, data);
	DSW_LEAVE();
}

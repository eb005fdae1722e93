// SPDX-License-Identifier: GPL-2.0
/*
 * workqueue.c - work items a driver queues. The first time a work item
 * whose function is the driver's code is queued, its func is swapped for
 * work_proxy() and the driver's function recorded by the work's address
 * (cbmap.h); the proxy runs it through a gate. A delayed work keeps its
 * timer function delayed_work_timer_fn (__queue_delayed_work WARNs if it
 * differs): that timer only queues the work item, whose func is the proxy.
 *
 * A record knows whether its work may be pending ("armed": queued since
 * the driver last cancelled it), so that tear-down only touches the work
 * item when it must: a failure cancels armed works at once (quiesce, any
 * context) and synchronously once the domain drained (release, drvsup's
 * workqueue, never under rtnl: a driver's reset work may take it), then gives
 * the work its function back. free_netdev() releases the records of works
 * inside the net_device it frees (wrappers/netdev.c). While the net shadow
 * waits for a restarted NIC's link (shadow/net.c), delayed works are
 * queued at most DRVSUP_HURRY_MS out: drivers learn of link from a
 * periodic work (every 2 s, for some).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>
#include <linux/workqueue.h>

#include "wrap.h"
#include "cbmap.h"
#include "proxy.h"

struct work_rec {
	struct dsw_cb cb;		/* key: the work_struct; fn: its func */
	struct work_struct *work;
	struct delayed_work *dwork;	/* when queued as a delayed work */
	bool armed;			/* may be pending */
};
static_assert(offsetof(struct work_rec, cb) == 0);	/* dsw_cb_new() */

static DEFINE_SPINLOCK(adopt_lock);	/* one record per work item */

static struct drvsup_entry entry_work = { "work", 0 };

static void work_proxy(struct work_struct *work)
{
	struct drvsup_domain *d = NULL;
	work_func_t fn = NULL;
	struct dsw_cb *cb;

	rcu_read_lock();
	cb = dsw_cb_find(work);
	if (cb) {
		d = cb->d;
		fn = cb->fn;
	}
	rcu_read_unlock();
	if (fn)
		DRVSUP_CALL(d, &entry_work, fn, work);
}

static void quiesce_work(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct work_rec *r = o->priv;

	if (!READ_ONCE(r->armed))
		return;
	if (r->dwork)
		cancel_delayed_work(r->dwork);
	else
		cancel_work(r->work);
}

static void release_work(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct work_rec *r = o->priv;

	if (READ_ONCE(r->armed)) {
		if (r->dwork)
			cancel_delayed_work_sync(r->dwork);
		else
			cancel_work_sync(r->work);
		WRITE_ONCE(r->work->func, (work_func_t)r->cb.fn);
	}
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static const struct drvsup_obj_type obj_work = {
	.name = "work",
	.quiesce = quiesce_work,
	.release = release_work,
};

/*
 * Route @work through the proxy and mark it armed. False if it could not be
 * recorded: the driver's work is then not queued (as if already pending).
 */
static bool work_adopt(struct drvsup_domain *d, struct work_struct *work,
		       struct delayed_work *dwork)
{
	work_func_t fn = READ_ONCE(work->func);
	struct work_rec *r;
	struct dsw_cb *cb;
	unsigned long flags;
	bool ok = true;

	if (!d || (fn != work_proxy && !dsw_in_domain(d, fn)))
		return true;		/* not driver code: nothing to gate */
	spin_lock_irqsave(&adopt_lock, flags);
	rcu_read_lock();
	cb = dsw_cb_find(work);
	rcu_read_unlock();
	r = cb ? container_of(cb, struct work_rec, cb) : NULL;
	if (!r && fn != work_proxy) {
		r = dsw_cb_new(d, &obj_work, work, fn, sizeof(*r),
			       GFP_ATOMIC);
		if (r) {
			r->work = work;
			dsw_cb_add(&r->cb);
		}
	}
	if (r) {
		if (fn != work_proxy) {
			/* New, or set up again by INIT_WORK(). */
			r->cb.fn = fn;
			WRITE_ONCE(work->func, work_proxy);
		}
		r->dwork = dwork;
		WRITE_ONCE(r->armed, true);
	} else {
		ok = fn == work_proxy;	/* a record being released: let it be */
	}
	spin_unlock_irqrestore(&adopt_lock, flags);
	return ok;
}

/* The driver cancelled @work: it is idle (or will be: _sync waits). */
static void work_disarm(struct work_struct *work)
{
	struct dsw_cb *cb;

	rcu_read_lock();
	cb = dsw_cb_find(work);
	if (cb)
		WRITE_ONCE(container_of(cb, struct work_rec, cb)->armed, false);
	rcu_read_unlock();
}

/* A work's CPU: WORK_CPU_UNBOUND (any) or one that exists (wrap.h). */
#define wq_bad_cpu(d, cpu) ((cpu) != WORK_CPU_UNBOUND && dsw_bad_cpu(d, cpu))

DSW(bool, queue_work_on, int cpu, struct workqueue_struct *wq,
	struct work_struct *work)
{
	bool ret = false;

	DSW_ENTER(d);
	if (dsw_unowned(d, work) || wq_bad_cpu(d, cpu))
		return false;
	if (work_adopt(d, work, NULL))
		ret = queue_work_on(cpu, wq, work);
	DSW_LEAVE();
	return ret;
}

DSW(bool, queue_delayed_work_on, int cpu, struct workqueue_struct *wq,
	struct delayed_work *dwork, unsigned long delay)
{
	bool ret = false;

	DSW_ENTER(d);
	if (dsw_unowned(d, dwork) || wq_bad_cpu(d, cpu))
		return false;
	/* A restarted NIC waits for link: let its periodic works poll soon. */
	if (d && READ_ONCE(d->hurry))
		delay = min(delay, msecs_to_jiffies(DRVSUP_HURRY_MS));
	if (work_adopt(d, &dwork->work, dwork))
		ret = queue_delayed_work_on(cpu, wq, dwork, delay);
	DSW_LEAVE();
	return ret;
}

DSW(bool, cancel_work_sync, struct work_struct *work)
{
	bool ret;

	DSW_ENTER(d);
	if (dsw_unowned(d, work))
		return false;
	work_disarm(work);
	ret = cancel_work_sync(work);
	DSW_LEAVE();
	dsw_check_alive(d);
	return ret;
}

DSW(bool, cancel_delayed_work_sync, struct delayed_work *dwork)
{
	bool ret;

	DSW_ENTER(d);
	if (dsw_unowned(d, dwork))
		return false;
	work_disarm(&dwork->work);
	ret = cancel_delayed_work_sync(dwork);
	DSW_LEAVE();
	dsw_check_alive(d);
	return ret;
}

/* Not waiting: a work item that was pending is not any more. */
DSW(bool, cancel_delayed_work, struct delayed_work *dwork)
{
	bool ret;

	DSW_ENTER(d);
	if (dsw_unowned(d, dwork))
		return false;
	ret = cancel_delayed_work(dwork);
	if (ret)
		work_disarm(&dwork->work);
	DSW_LEAVE();
	return ret;
}

/* --- the driver's own workqueues ------------------------------------------ */

static void release_wq(struct drvsup_domain *d, struct drvsup_obj *o)
{
	destroy_workqueue((struct workqueue_struct *)o->key);
}

static const struct drvsup_obj_type obj_wq = {
	.name = "workqueue",
	.release = release_wq,
	.ckpt = DRVSUP_CKPT_KEEP,
};

/* The name is formatted here: the kernel gets it as one "%s" argument. */
__printf(1, 4) struct workqueue_struct *
dsw_alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);
DSW(struct workqueue_struct *, alloc_workqueue, const char *fmt,
	unsigned int flags, int max_active, ...)
{
	struct workqueue_struct *wq;
	char name[24];		/* WQ_NAME_LEN of kernel/workqueue.c */
	va_list ap;

	va_start(ap, max_active);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	DSW_ENTER(d);
	wq = alloc_workqueue("%s", flags, max_active, name);
	if (wq && d && !drvsup_track(d, &obj_wq, wq, 0, 0, GFP_KERNEL)) {
		destroy_workqueue(wq);
		wq = NULL;
	}
	DSW_LEAVE();
	return wq;
}

DSW(void, destroy_workqueue, struct workqueue_struct *wq)
{
	DSW_ENTER(d);
	if (d && !dsw_release(d, &obj_wq, wq)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "destroy_workqueue(%p): not the driver's workqueue", wq);
		return;
	}
	if (!d)
		destroy_workqueue(wq);
	DSW_LEAVE();
}

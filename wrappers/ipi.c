// SPDX-License-Identifier: GPL-2.0
/*
 * ipi.c - a driver's function run on another CPU by an IPI:
 * smp_call_function_single_async() on a call_single_data the driver set
 * up (csd->func, csd->info). The csd is made to call csd_proxy() with the
 * csd itself as its info, and the driver's func and info are recorded by
 * the csd's address (cbmap.h); the proxy runs func(info) through a gate,
 * in the target CPU's interrupt context. A driver that sets its csd up
 * again between calls (INIT_CSD) is recorded again.
 *
 * The kernel unlocks an async csd before it calls the function, and the
 * proxy uses its info only as a key, so a record is dropped at a restart
 * without touching the csd (whose memory may be gone): a call still in
 * flight then finds no record and runs nothing.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>
#include <linux/smp.h>

#include "wrap.h"
#include "cbmap.h"
#include "proxy.h"

struct csd_rec {
	struct dsw_cb cb;		/* key: the csd; fn: the driver's func */
	void *info;			/* the driver's info */
};

static_assert(offsetof(struct csd_rec, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_ipi = { "ipi", 0 };

static void csd_proxy(void *csd)
{
	struct drvsup_domain *d = NULL;
	void *fn = NULL, *info = NULL;
	struct dsw_cb *cb;

	rcu_read_lock();
	cb = dsw_cb_find(csd);
	if (cb) {
		d = cb->d;
		fn = READ_ONCE(cb->fn);
		info = READ_ONCE(container_of(cb, struct csd_rec, cb)->info);
	}
	rcu_read_unlock();
	if (fn)
		DRVSUP_CALL(d, &entry_ipi, fn, info);
}

static void release_csd(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct csd_rec *r = o->priv;

	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static const struct drvsup_obj_type obj_csd = {
	.name = "csd",
	.release = release_csd,
};

/* Record the driver's func and info of an idle @csd, and point it at us. */
static int csd_record(struct drvsup_domain *d, call_single_data_t *csd)
{
	struct csd_rec *r;
	struct dsw_cb *cb;

	rcu_read_lock();
	cb = dsw_cb_find(csd);
	rcu_read_unlock();
	if (cb && cb->d != d)
		return -EINVAL;
	r = cb ? container_of(cb, struct csd_rec, cb) : NULL;
	if (!r) {
		r = dsw_cb_new(d, &obj_csd, csd, csd->func, sizeof(*r),
			       GFP_ATOMIC);
		if (!r)
			return -ENOMEM;
		r->info = csd->info;
		dsw_cb_add(&r->cb);
	} else {
		WRITE_ONCE(r->cb.fn, csd->func);
		WRITE_ONCE(r->info, csd->info);
	}
	csd->func = csd_proxy;
	csd->info = csd;
	return 0;
}

DSW(int, smp_call_function_single_async, int cpu, call_single_data_t *csd)
{
	int err = -EBUSY;

	DSW_ENTER(d);
	if (!d || !csd || !csd->func) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "smp_call_function_single_async(%p): no function", csd);
		return -EINVAL;
	}
	/* In flight: the kernel's answer, before the csd is touched. */
	if (READ_ONCE(csd->node.u_flags) & CSD_FLAG_LOCK)
		goto out;
	err = csd->func == csd_proxy ? 0 : csd_record(d, csd);
	if (err == -EINVAL) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "smp_call_function_single_async(%p): another domain's",
			  csd);
		return err;
	}
	if (!err)
		err = smp_call_function_single_async(cpu, csd);
out:
	DSW_LEAVE();
	return err;
}

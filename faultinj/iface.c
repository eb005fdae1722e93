// SPDX-License-Identifier: GPL-2.0
/*
 * iface.c - interface faults, injected in drvsup's own wrappers: an
 * allocation that returns NULL (alloc), an allocation freed early while
 * the driver still uses it (free), a copy that writes past the end of its
 * destination (bcopy), an interrupt lost or delivered twice (irq). Each
 * wrapper calls one hook here; with nothing armed a hook costs one atomic
 * read. Only supervised drivers have wrappers: arming one of these for a
 * plain module is refused (inject.c).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/interrupt.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "../isolation/domain.h"
#include "faultinj.h"

/* Armed interface faults: changed under faultinj_lock, read under RCU. */
static LIST_HEAD(iface_list);
static atomic_t iface_armed = ATOMIC_INIT(0);

void faultinj_iface_add(struct faultinj *fi)
{
	lockdep_assert_held(&faultinj_lock);
	list_add_rcu(&fi->iface_node, &iface_list);
	atomic_inc(&iface_armed);
}

/* The caller frees @fi only after this returns (an RCU grace period). */
void faultinj_iface_del(struct faultinj *fi)
{
	lockdep_assert_held(&faultinj_lock);
	list_del_rcu(&fi->iface_node);
	atomic_dec(&iface_armed);
	synchronize_rcu();
}

/* Does an armed @type fault for @d fire now? Fills @fi_out when it does. */
static bool iface_fires(struct drvsup_domain *d, enum faultinj_type type,
			struct faultinj **fi_out)
{
	struct faultinj *fi;
	bool fire = false;

	if (likely(!atomic_read(&iface_armed)) || !d)
		return false;
	rcu_read_lock();
	list_for_each_entry_rcu(fi, &iface_list, iface_node) {
		if (fi->type != type || strcmp(fi->mod, d->name))
			continue;
		fire = faultinj_trigger_hit(&fi->trig);
		if (fire) {
			*fi_out = fi;
			faultinj_log_fire(fi);
		}
		break;
	}
	rcu_read_unlock();
	return fire;
}

/* kmalloc/vzalloc wrappers: true when this allocation is to fail. */
bool faultinj_alloc_fails(struct drvsup_domain *d)
{
	struct faultinj *fi;

	return iface_fires(d, FI_ALLOC, &fi);
}

/*
 * free: the kmalloc/vzalloc wrappers hand the driver a block they have
 * already stopped tracking, and free it FREE_EARLY_MS later, while the
 * driver still uses it (Rio's and Nooks' "free" fault). The driver's own
 * free of it later is a free of memory it does not own.
 */
#define FREE_EARLY_MS	20

struct early_free {
	struct delayed_work work;
	const void *p;
	bool vmalloc;
};

static void early_free_fn(struct work_struct *w)
{
	struct early_free *ef = container_of(to_delayed_work(w),
					     struct early_free, work);

	if (ef->vmalloc)
		vfree(ef->p);
	else
		kfree(ef->p);
	kfree(ef);
}

/* True when @p, just allocated for @d, is to be freed early (then it is). */
bool faultinj_free_early(struct drvsup_domain *d, const void *p, bool vmalloc)
{
	struct early_free *ef;
	struct faultinj *fi;

	if (!p || !iface_fires(d, FI_FREE, &fi))
		return false;
	ef = kmalloc(sizeof(*ef), GFP_ATOMIC);
	if (!ef)
		return false;
	ef->p = p;
	ef->vmalloc = vmalloc;
	INIT_DELAYED_WORK(&ef->work, early_free_fn);
	schedule_delayed_work(&ef->work, msecs_to_jiffies(FREE_EARLY_MS));
	return true;
}

/*
 * bcopy: the length a copy wrapper uses instead of @n. When it fires the
 * copy runs 1-64 bytes past the end of its destination (Rio's copy
 * overrun), reading as many past the end of its source.
 */
unsigned long faultinj_copy_len(struct drvsup_domain *d, unsigned long n)
{
	struct faultinj *fi;

	if (!iface_fires(d, FI_BCOPY, &fi))
		return n;
	return n + 1 + faultinj_random(&fi->trig, 64);
}

/* The irq proxy: the driver's handler through its gate, 0, 1 or 2 times. */
long faultinj_irq(struct drvsup_domain *d, struct drvsup_entry *e,
		  void *handler, int irq, void *dev_id)
{
	struct faultinj *fi;
	long ret;

	if (!iface_fires(d, FI_IRQ, &fi))
		return DRVSUP_CALL(d, e, handler, irq, dev_id);
	if (!fi->irq_double)
		return IRQ_HANDLED;	/* lost: the driver never sees it */
	ret = DRVSUP_CALL(d, e, handler, irq, dev_id);
	return ret | DRVSUP_CALL(d, e, handler, irq, dev_id);
}

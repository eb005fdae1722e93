// SPDX-License-Identifier: GPL-2.0
/*
 * irq.c - interrupt handlers: request_threaded_irq/free_irq wrappers and
 * the proxy that runs a driver's handler through a gate.
 *
 * The kernel is given drvsup's proxy and a drvsup-owned record as dev_id;
 * the driver keeps naming the line by (irq, its own dev_id). After a
 * fault the proxy answers IRQ_NONE without entering the driver; a line the
 * driver does not share is disabled at once so that a device that keeps
 * asserting it cannot storm (a shared line is quiesced by masking the
 * device, wrappers/pci.c).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/interrupt.h>
#include <linux/slab.h>

#include "wrap.h"
#include "irq.h"
#include "proxy.h"
#include "../faultinj/faultinj.h"

struct irq_proxy {
	struct drvsup_domain *d;
	irq_handler_t handler, thread_fn;
	void *dev_id;			/* the driver's */
	unsigned int irq;
	unsigned long flags;
	bool disabled;			/* by quiesce */
};

/*
 * The handler and the thread, as table lines (proxy.h); the handler's
 * crossing is faultinj's, which may lose or double an interrupt.
 */
#define irq_proxy_of(rec)	((struct irq_proxy *)(rec))
#define irq_method(p, op)	((p)->op)
#define irq_gate(p, e, ...)	faultinj_irq((p)->d, e, __VA_ARGS__)
#define irqt_proxy_of		irq_proxy_of
#define irqt_method		irq_method
#define irqt_gate		DSW_GATE

DSW_PROXY_R(irq, handler, irqreturn_t, ("irq", IRQ_NONE), rec,
	    (int irq, void *rec), (irq, p->dev_id))
DSW_PROXY_R(irqt, thread_fn, irqreturn_t, ("irq-thread", IRQ_NONE), rec,
	    (int irq, void *rec), (irq, p->dev_id))

static void quiesce_irq(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct irq_proxy *p = o->priv;

	if (!(p->flags & IRQF_SHARED) && !p->disabled) {
		disable_irq_nosync(p->irq);
		p->disabled = true;
	}
}

static void release_irq(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct irq_proxy *p = o->priv;

	free_irq(p->irq, p);
	kfree(p);
}

static const struct drvsup_obj_type obj_irq = {
	.name = "irq",
	.quiesce = quiesce_irq,
	.release = release_irq,
};

DSW(int, request_threaded_irq, unsigned int irq, irq_handler_t handler,
	irq_handler_t thread_fn, unsigned long flags, const char *name,
	void *dev_id)
{
	struct irq_proxy *p;
	struct drvsup_obj *o;
	int err;

	DSW_ENTER(d);
	p = d ? kzalloc(sizeof(*p), GFP_KERNEL) : NULL;
	if (!p) {
		DSW_LEAVE();
		return d ? -ENOMEM : -ENODEV;
	}
	*p = (struct irq_proxy){ d, handler, thread_fn, dev_id, irq, flags };
	/* Track first: the line may fire as soon as it is requested. */
	o = drvsup_track(d, &obj_irq, p, irq, 0, GFP_KERNEL);
	if (!o) {
		kfree(p);
		DSW_LEAVE();
		return -ENOMEM;
	}
	o->priv = p;
	err = request_threaded_irq(irq, handler ? irq_proxy_handler : NULL,
				   thread_fn ? irqt_proxy_thread_fn : NULL,
				   flags, name, p);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, &obj_irq, p));
		kfree(p);
	}
	DSW_LEAVE();
	return err;
}

/* The handler the driver names by (irq, its dev_id): @arg a proxy. */
static bool irq_match(const struct drvsup_obj *o, const void *arg)
{
	const struct irq_proxy *p = o->priv, *q = arg;

	return p->irq == q->irq && p->dev_id == q->dev_id;
}

bool dsw_irq_held(struct drvsup_domain *d, unsigned int irq, void *dev_id)
{
	struct irq_proxy name = { .irq = irq, .dev_id = dev_id };

	return d && drvsup_tracker_find_if(d, &obj_irq, irq_match, &name);
}
EXPORT_SYMBOL_NS_GPL(dsw_irq_held, DRVSUP_INTERNAL);

DSW(const void *, free_irq, unsigned int irq, void *dev_id)
{
	struct irq_proxy *p, name = { .irq = irq, .dev_id = dev_id };
	const void *devname;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return NULL;
	}
	p = drvsup_tracker_find_if(d, &obj_irq, irq_match, &name);
	if (!p) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "free_irq(%u): not the driver's handler", irq);
		return NULL;
	}
	devname = free_irq(irq, p);
	drvsup_obj_free(drvsup_untrack(d, &obj_irq, p));
	kfree(p);
	DSW_LEAVE();
	return devname;
}

/* Does @d have a handler on @irq? */
static bool irq_owned(struct drvsup_domain *d, unsigned int irq)
{
	struct drvsup_obj *o;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&d->tracker.lock, flags);
	list_for_each_entry(o, &d->tracker.objs, node) {
		if (o->type == &obj_irq && o->a == irq) {
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	return found;
}

/* A line the driver disabled is enabled again if the driver is unwound. */
static void release_disabled_irq(void *irq, unsigned long arg)
{
	enable_irq((unsigned long)irq);
}

DSW(bool, disable_hardirq, unsigned int irq)
{
	bool ret;

	DSW_ENTER(d);
	if (!d || !irq_owned(d, irq)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "disable_hardirq(%u): not the driver's interrupt",
			  irq);
		return false;
	}
	ret = disable_hardirq(irq);
	drvsup_hold_push(release_disabled_irq, (void *)(unsigned long)irq, 0);
	DSW_LEAVE();
	return ret;
}

DSW(void, disable_irq, unsigned int irq)
{
	DSW_ENTER(d);
	if (!d || !irq_owned(d, irq)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "disable_irq(%u): not the driver's interrupt", irq);
		return;
	}
	disable_irq(irq);
	drvsup_hold_push(release_disabled_irq, (void *)(unsigned long)irq, 0);
	DSW_LEAVE();
}

DSW(void, disable_irq_nosync, unsigned int irq)
{
	DSW_ENTER(d);
	if (!d || !irq_owned(d, irq)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "disable_irq_nosync(%u): not the driver's interrupt",
			  irq);
		return;
	}
	disable_irq_nosync(irq);
	drvsup_hold_push(release_disabled_irq, (void *)(unsigned long)irq, 0);
	DSW_LEAVE();
}

DSW(void, enable_irq, unsigned int irq)
{
	DSW_ENTER(d);
	if (!d || !irq_owned(d, irq)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "enable_irq(%u): not the driver's interrupt", irq);
		return;
	}
	drvsup_hold_pop((void *)(unsigned long)irq);
	enable_irq(irq);
	DSW_LEAVE();
}

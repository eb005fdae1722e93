// SPDX-License-Identifier: GPL-2.0
/*
 * cpuhp.c - CPU hotplug states a driver sets up, and their instances.
 *
 * A multi-instance state's callbacks are called with the instance, a node
 * in the driver's memory: the state is recorded with the driver's startup
 * and teardown, and each instance added to it becomes a callback record
 * found by its node (cbmap.h), through which cpuhp_proxy_startup() and
 * cpuhp_proxy_teardown() call the driver through a gate. A single-instance
 * state's callbacks get only the CPU, nothing drvsup could find its driver
 * by: one with a callback in the driver is refused (-EOPNOTSUPP).
 *
 * States and instances are tracked: a restart removes the instances, then
 * the states, without calling the driver (invoke false); the restarted
 * driver sets them up again.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/cpuhotplug.h>
#include <linux/slab.h>

#include "wrap.h"
#include "cbmap.h"
#include "proxy.h"

typedef int (*cpuhp_multi_fn)(unsigned int cpu, struct hlist_node *node);

struct cpuhp_inst {
	struct dsw_cb cb;		/* key: the node; fn: the startup */
	cpuhp_multi_fn teardown;
	enum cpuhp_state state;
};

static_assert(offsetof(struct cpuhp_inst, cb) == 0);	/* dsw_cb_new() */

static struct drvsup_entry entry_startup = { "cpuhp-startup", -EIO };
static struct drvsup_entry entry_teardown = { "cpuhp-teardown", 0 };

static int cpuhp_proxy_startup(unsigned int cpu, struct hlist_node *node)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(node, offsetof(struct cpuhp_inst, cb.fn), &d);

	return fn ? (int)DRVSUP_CALL(d, &entry_startup, fn, cpu, node) : 0;
}

static int cpuhp_proxy_teardown(unsigned int cpu, struct hlist_node *node)
{
	struct drvsup_domain *d;
	void *fn = dsw_cb_method(node, offsetof(struct cpuhp_inst, teardown),
				 &d);

	return fn ? (int)DRVSUP_CALL(d, &entry_teardown, fn, cpu, node) : 0;
}

/* A state: key its number, a its startup, b its teardown (driver's). */
static void release_state(struct drvsup_domain *d, struct drvsup_obj *o)
{
	__cpuhp_remove_state((enum cpuhp_state)(unsigned long)o->key, false);
}

static const struct drvsup_obj_type obj_cpuhp_state = {
	.name = "cpuhp-state",
	.release = release_state,
};

/* The record of an instance the kernel no longer has (or never got). */
static void inst_drop(struct cpuhp_inst *r)
{
	dsw_cb_del(&r->cb);
	kfree_rcu(r, cb.rcu);
}

static void release_inst(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct cpuhp_inst *r = o->priv;

	__cpuhp_state_remove_instance(r->state, (struct hlist_node *)r->cb.key,
				      false);
	inst_drop(r);
}


static const struct drvsup_obj_type obj_cpuhp_inst = {
	.name = "cpuhp-instance",
	.release = release_inst,
};

/* The driver's record of @node, untracked and dropped, if it has one. */
static void inst_forget(struct drvsup_domain *d, struct hlist_node *node)
{
	struct drvsup_obj *o = d ? drvsup_untrack(d, &obj_cpuhp_inst, node) :
			       NULL;

	if (o)
		inst_drop(o->priv);
	drvsup_obj_free(o);
}

static inline void *state_key(enum cpuhp_state state)
{
	return (void *)(unsigned long)state;
}

DSW(int, __cpuhp_setup_state, enum cpuhp_state state, const char *name,
	bool invoke, int (*startup)(unsigned int cpu),
	int (*teardown)(unsigned int cpu), bool multi_instance)
{
	unsigned long up = (unsigned long)startup;
	unsigned long down = (unsigned long)teardown;
	struct drvsup_obj *o;
	bool gated;
	int ret;

	DSW_ENTER(d);
	gated = d && (dsw_in_domain(d, startup) || dsw_in_domain(d, teardown));
	if (gated && !multi_instance) {
		pr_err("%s: CPU hotplug state %s: single-instance callbacks cannot be gated\n",
		       d->name, name);
		DSW_LEAVE();
		return -EOPNOTSUPP;
	}
	if (gated) {
		startup = dsw_gated(d, startup, (void *)cpuhp_proxy_startup);
		teardown = dsw_gated(d, teardown, (void *)cpuhp_proxy_teardown);
	}
	ret = __cpuhp_setup_state(state, name, invoke, startup, teardown,
				  multi_instance);
	if (ret >= 0 && d) {
		/* A dynamic state is the number returned. */
		if (ret > 0)
			state = ret;
		o = drvsup_track(d, &obj_cpuhp_state, state_key(state), up,
				 down, GFP_KERNEL);
		if (!o) {
			__cpuhp_remove_state(state, false);
			ret = -ENOMEM;
		}
	}
	DSW_LEAVE();
	return ret;
}

DSW(void, __cpuhp_remove_state, enum cpuhp_state state, bool invoke)
{
	DSW_ENTER(d);
	/* The driver's teardown runs through the proxies, gated. */
	if (!d || !drvsup_find(d, &obj_cpuhp_state, state_key(state))) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "cpuhp_remove_state(%d): not set up by the driver",
			  state);
		return;
	}
	__cpuhp_remove_state(state, invoke);
	drvsup_obj_free(drvsup_untrack(d, &obj_cpuhp_state, state_key(state)));
	DSW_LEAVE();
}

DSW(int, __cpuhp_state_add_instance, enum cpuhp_state state,
	struct hlist_node *node, bool invoke)
{
	struct cpuhp_inst *r;
	struct drvsup_obj *s;
	int err;

	DSW_ENTER(d);
	s = d ? drvsup_find(d, &obj_cpuhp_state, state_key(state)) : NULL;
	if (!s) {
		/* A state of the kernel's own has no callback of the driver. */
		err = __cpuhp_state_add_instance(state, node, invoke);
		DSW_LEAVE();
		return err;
	}
	r = dsw_cb_new(d, &obj_cpuhp_inst, node, (void *)s->a, sizeof(*r),
		       GFP_KERNEL);
	if (!r) {
		DSW_LEAVE();
		return -ENOMEM;
	}
	r->teardown = (cpuhp_multi_fn)s->b;
	r->state = state;
	dsw_cb_add(&r->cb);
	err = __cpuhp_state_add_instance(state, node, invoke);
	if (err)	/* never added: nothing to remove from the kernel */
		inst_forget(d, node);
	DSW_LEAVE();
	return err;
}

DSW(int, __cpuhp_state_remove_instance, enum cpuhp_state state,
	struct hlist_node *node, bool invoke)
{
	int err;

	DSW_ENTER(d);
	/* The teardown, if invoked, runs through the proxy: record kept. */
	err = __cpuhp_state_remove_instance(state, node, invoke);
	inst_forget(d, node);
	DSW_LEAVE();
	return err;
}

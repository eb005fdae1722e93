// SPDX-License-Identifier: GPL-2.0
/*
 * gate.c - entering and leaving a domain.
 *
 * drvsup_gate() is the C side of every kernel->driver call: it links a
 * frame on the current chain, counts the call (in all and per entry point),
 * runs the driver through gate_entry.S on a stack of its domain's
 * (stack.c) and, when a trap handler unwound the call, puts back what the
 * driver left behind (held kernel locks, preempt count, RCU nesting,
 * pagefault-disable depth) before returning the entry's failure result.
 *
 * Frames chain per CPU through drvsup_cur. A task that may sleep inside a
 * driver takes its frames with it: its outermost frame registers a preempt
 * notifier that moves the chain off the CPU when the task is switched out
 * and back onto whichever CPU it is switched in on.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "domain.h"
#include "gate_entry.h"
#include "stack.h"

DEFINE_PER_CPU(struct drvsup_frame *, drvsup_cur);
EXPORT_PER_CPU_SYMBOL_GPL(drvsup_cur);


static_assert(offsetof(struct drvsup_frame, ctx) == 0);
static_assert(offsetof(struct drvsup_ctx, rsp) == 48);
static_assert(offsetof(struct drvsup_ctx, rflags) == 56);
static_assert(offsetof(struct drvsup_ctx, fn) == 64);
static_assert(offsetof(struct drvsup_ctx, clobbered) == 72);
static_assert(offsetof(struct drvsup_ctx, stack_top) == 80);

/* The outermost frame of a task that may sleep inside the domain. */
struct drvsup_task_frame {
	struct drvsup_frame f;
	struct preempt_notifier pn;
	struct drvsup_frame *parked;	/* the chain while switched out */
};

static void chain_sched_out(struct preempt_notifier *pn,
			    struct task_struct *next)
{
	struct drvsup_task_frame *tf = container_of(pn, typeof(*tf), pn);

	tf->parked = drvsup_current_frame();
	this_cpu_write(drvsup_cur, NULL);
}

static void chain_sched_in(struct preempt_notifier *pn, int cpu)
{
	struct drvsup_task_frame *tf = container_of(pn, typeof(*tf), pn);

	this_cpu_write(drvsup_cur, tf->parked);
	tf->parked = NULL;
}

static struct preempt_ops chain_ops = {
	.sched_in = chain_sched_in,
	.sched_out = chain_sched_out,
};

/*
 * Make the chain move with the current task: preempt_notifier_register()
 * inline. That is one hlist_add_head() on current's own list (which only
 * the scheduler, switching this task on this CPU, walks: preemption is
 * off here) behind a check that the key is on, which drvsup_gate_init()
 * made sure of. Called out of line, the pair cost two calls per gate.
 * The frame dies with the call: its node is unlinked without poisoning
 * (__hlist_del()).
 */
static __always_inline void chain_follow_task(struct drvsup_task_frame *tf)
{
	tf->parked = NULL;
	tf->pn.ops = &chain_ops;	/* preempt_notifier_init() less the link */
	hlist_add_head(&tf->pn.link, &current->preempt_notifiers);
}

/*
 * Preempt notifiers are off (a static key in __schedule()) until someone
 * needs them. drvsup turns them on and never back off: every flip of the
 * key rewrites __schedule()'s text with text_poke_bp() while the other
 * CPUs run it, and under QEMU TCG one such flip left a CPU spinning at
 * the patched site with interrupts off (measured: 1 hang in 37 cycles of
 * insmod/rmmod drvsup; the next text_poke then waited for it forever).
 * Left on, the key costs a context switch a test of an empty list.
 */
int drvsup_gate_init(void)
{
	preempt_notifier_inc();
	return 0;
}

void drvsup_gate_exit(void)
{
}

/* Let go of what an unwound frame still holds, newest first. */
static void frame_release_holds(struct drvsup_frame *f)
{
	while (f->nholds) {
		struct drvsup_hold *h = &f->holds[--f->nholds];

		h->release(h->obj, h->arg);
	}
}

/*
 * drvsup_frame_unwound - let go of what an unwound call holds
 * @f: the frame the trap handler unwound
 *
 * Called by drvsup_gate_recover on the stack the driver faulted on, so
 * that holds in the driver's own frames (a wait entry on its stack) are
 * still intact when they are unlinked. Runs as the kernel side of the
 * frame: a fault in the release code is not taken for the driver's.
 * Returns the entry's failure result, the gate call's return value.
 */
long drvsup_frame_unwound(struct drvsup_frame *f)
{
	f->out++;
	frame_release_holds(f);
	f->out--;
	return f->entry->failret;
}

/* Undo what the driver changed in the CPU's and task's state. */
static void frame_restore(struct drvsup_frame *f)
{
	frame_release_holds(f);
	while (rcu_preempt_depth() > f->rcu)
		__rcu_read_unlock();
	current->pagefault_disabled = f->pagefault;
	preempt_count_set(f->preempt);
	/* A return with a lock taken irqsave left interrupts off. */
	if ((f->ctx.rflags & X86_EFLAGS_IF) && irqs_disabled())
		local_irq_enable();
}

/*
 * A call that returns still holding a scoped hold: let go of everything
 * it holds, as an unwind would, and fail the domain. Holds that may
 * outlive the call are just forgotten.
 */
static void frame_check_holds(struct drvsup_frame *f)
{
	int i;

	for (i = 0; i < f->nholds; i++) {
		if (!f->holds[i].scoped)
			continue;
		f->fault = DRVSUP_FAULT_LOCK;
		f->fault_ip = f->ctx.fn;
		f->fault_addr = (unsigned long)f->holds[i].obj;
		return;
	}
	f->nholds = 0;
}

/*
 * A call that returned: with callee-saved registers changed (restored by
 * gate_entry.S by now), or holding what it had to let go of.
 */
static __always_inline void frame_check_return(struct drvsup_frame *f)
{
	if (unlikely(f->ctx.clobbered && !f->fault)) {
		f->fault = DRVSUP_FAULT_REGS;
		f->fault_ip = f->ctx.fn;
		f->fault_addr = 0;
	}
	if (unlikely(f->nholds && !f->fault))
		frame_check_holds(f);
}

/*
 * The entry registry: the names of the entry points crossed so far, in the
 * order of their first crossing. Slots are only ever added, under
 * entry_lock; readers take entry_nr with acquire and read the slots below.
 */
static DEFINE_SPINLOCK(entry_lock);
static const char *entry_name[DRVSUP_MAX_ENTRIES];
static unsigned int entry_nr;

/* Give @e its slot: the one of its name, a new one, or "other". */
static noinline unsigned int entry_assign(struct drvsup_entry *e)
{
	unsigned long flags;
	unsigned int i, id;

	spin_lock_irqsave(&entry_lock, flags);
	id = e->id;
	if (id)
		goto out;
	for (i = 0; i < entry_nr; i++)
		if (!strcmp(entry_name[i], e->name))
			break;
	if (i == entry_nr && i < DRVSUP_MAX_ENTRIES) {
		entry_name[i] = e->name;
		/* the name before the count: pairs with drvsup_entry_name() */
		smp_store_release(&entry_nr, i + 1);
	}
	id = 1 + min_t(unsigned int, i, DRVSUP_ENTRY_OTHER);
	WRITE_ONCE(e->id, id);
out:
	spin_unlock_irqrestore(&entry_lock, flags);
	return id;
}

/* @e's slot in drvsup_counters.by_entry: a load once it has one. */
static __always_inline unsigned int entry_slot(struct drvsup_entry *e)
{
	unsigned int id = READ_ONCE(e->id);

	if (unlikely(!id))
		id = entry_assign(e);
	return id - 1;
}

/*
 * drvsup_entry_name - the name counted in slot @slot of by_entry: an entry
 * point's, "other" for DRVSUP_ENTRY_OTHER, NULL for a slot not in use yet.
 */
const char *drvsup_entry_name(unsigned int slot)
{
	if (slot == DRVSUP_ENTRY_OTHER)
		return "other";
	/* pairs with entry_assign(): a slot below entry_nr has its name */
	if (slot >= smp_load_acquire(&entry_nr))
		return NULL;
	return entry_name[slot];
}

/* The arguments of a driver call, passed through to drvsup_gate_call(). */
struct gate_args {
	unsigned long a[6];
};

/* Count the call out of @d; wake a drainer if the domain stopped. */
static __always_inline void gate_leave(struct drvsup_domain *d)
{
	this_cpu_dec(d->cnt->in_flight);
	if (unlikely(drvsup_state(d) != DRVSUP_RUNNING))
		wake_up_all(&d->drained);
}

/*
 * Preemption off around the chain's changes, unless the context cannot
 * be preempted anyway (interrupt level): two counter updates and a test
 * that an interrupt-level gate, the datapath's, does not pay.
 */
static __always_inline void gate_nopreempt(bool irq_level)
{
	if (!irq_level)
		preempt_disable();
}

static __always_inline void gate_preempt(bool irq_level)
{
	if (!irq_level)
		preempt_enable();
}

static __always_inline long gate_enter(struct drvsup_frame *f,
				       struct drvsup_task_frame *tf,
				       bool irq_level, unsigned int slot,
				       const struct gate_args *a)
{
	struct drvsup_domain *d = f->dom;
	unsigned long ret;

	f->out = 0;
	f->nholds = 0;
	f->holds_lost = 0;
	f->wgen = DRVSUP_WGEN_NONE;
	f->fault = DRVSUP_FAULT_NONE;
	f->site = 0;
	f->ticks = 0;
	f->rcu = rcu_preempt_depth();
	f->pagefault = current->pagefault_disabled;

	gate_nopreempt(irq_level);
	/* In, then the state: drvsup_domain_drain() pairs with this. */
	this_cpu_inc(d->cnt->in_flight);
	if (unlikely(drvsup_state(d) != DRVSUP_RUNNING)) {
		gate_leave(d);
		gate_preempt(irq_level);
		return f->entry->failret;
	}
	this_cpu_inc(d->cnt->by_entry[slot]);
	f->prev = drvsup_current_frame();
	if (tf)
		chain_follow_task(tf);
	this_cpu_write(drvsup_cur, f);
	/* Record the count the driver must see again after an unwind. */
	f->preempt = preempt_count() - (irq_level ? 0 : PREEMPT_DISABLE_OFFSET);
	drvsup_stack_enter(f, tf != NULL);
	gate_preempt(irq_level);

	ret = drvsup_gate_call(&f->ctx, a->a[0], a->a[1], a->a[2], a->a[3],
			       a->a[4], a->a[5]);

	frame_check_return(f);
	if (unlikely(f->fault)) {
		frame_restore(f);
		ret = f->entry->failret;
	}

	gate_nopreempt(irq_level);
	drvsup_stack_leave(f);
	WARN_ON_ONCE(drvsup_current_frame() != f);
	this_cpu_write(drvsup_cur, f->prev);
	if (tf)
		__hlist_del(&tf->pn.link);
	gate_preempt(irq_level);

	if (unlikely(f->fault))
		drvsup_domain_fail(d, f);
	gate_leave(d);
	return ret;
}

/**
 * drvsup_gate - call a driver function inside its domain
 * @d: the driver's domain
 * @e: the entry point kind; e->failret is returned if the call is unwound
 * @fn: the driver's function
 * @a0: first argument of @fn
 * @a1: second argument
 * @a2: third argument
 * @a3: fourth argument
 * @a4: fifth argument
 * @a5: sixth argument
 *
 * Returns what @fn returned, or @e->failret when the domain is not running
 * or the call faulted.
 */
long drvsup_gate(struct drvsup_domain *d, struct drvsup_entry *e,
		 const void *fn, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long a3, unsigned long a4,
		 unsigned long a5)
{
	struct drvsup_task_frame tf __uninitialized;
	struct drvsup_frame *f = &tf.f;
	const struct gate_args a = { { a0, a1, a2, a3, a4, a5 } };
	bool irq_level, task_level;

	f->ctx.fn = (unsigned long)fn;
	f->dom = d;
	f->entry = e;

	/*
	 * A task outside interrupt context may sleep in the driver: its
	 * outermost frame carries the preempt notifier. (Nested frames of the
	 * same task are on the chain already and move with it.)
	 */
	irq_level = in_interrupt();
	task_level = !irq_level && !drvsup_current_frame();
	return gate_enter(f, task_level ? &tf : NULL, irq_level,
			  entry_slot(e), &a);
}
EXPORT_SYMBOL_GPL(drvsup_gate);

static bool hold_add(void (*release)(void *, unsigned long), void *obj,
		     unsigned long arg, bool scoped)
{
	struct drvsup_frame *f = drvsup_current_frame();
	int i;

	if (!f)
		return true;
	/* A lock taken twice (a read lock) is let go of twice. */
	for (i = 0; i < f->nholds && !scoped; i++)
		if (f->holds[i].obj == obj && f->holds[i].release == release)
			return true;
	if (f->nholds >= DRVSUP_MAX_HOLDS) {
		WARN_ONCE(1, "drvsup: %s holds more than %d kernel objects\n",
			  f->dom->name, DRVSUP_MAX_HOLDS);
		f->holds_lost += scoped;
		return false;
	}
	f->holds[f->nholds++] = (struct drvsup_hold){ release, obj, arg, scoped };
	return true;
}

/**
 * drvsup_hold_push - record a kernel object the current driver call holds
 * @release: how to let it go if the call is unwound
 * @obj: the object (a disabled interrupt, a semaphore, a wait entry...)
 * @arg: passed to @release (e.g. saved flags)
 *
 * Wrappers call this after the kernel granted the object, inside
 * drvsup_out_begin()/drvsup_out_end(). The driver may keep the object
 * past the call's return (a semaphore is up()ed by a later call). Returns
 * false when the frame's table is full (the object is then not released
 * on unwind).
 */
bool drvsup_hold_push(void (*release)(void *, unsigned long), void *obj,
		      unsigned long arg)
{
	return hold_add(release, obj, arg, false);
}

/**
 * drvsup_hold_take - record a lock the current call took
 * @release: how to let it go
 * @obj: the lock
 * @arg: passed to @release
 *
 * As drvsup_hold_push(), for what the call must let go of before it
 * returns: the gate releases one still held then, and fails the domain
 * (DRVSUP_FAULT_LOCK); letting go of one the call did not take is
 * refused (drvsup_hold_pop()).
 */
void drvsup_hold_take(void (*release)(void *, unsigned long), void *obj,
		      unsigned long arg)
{
	hold_add(release, obj, arg, true);
}

/* Forget @f's newest record of @obj; false if it has none. */
static bool frame_pop(struct drvsup_frame *f, void *obj)
{
	int i;

	for (i = f->nholds - 1; i >= 0; i--) {
		if (f->holds[i].obj != obj)
			continue;
		memmove(&f->holds[i], &f->holds[i + 1],
			(f->nholds - i - 1) * sizeof(f->holds[0]));
		f->nholds--;
		return true;
	}
	return false;
}

/**
 * drvsup_hold_pop - the driver lets go of @obj itself
 * @obj: what it held
 *
 * Forgets the newest record of @obj in the current frame, or in an outer
 * frame of the same domain on this CPU (a lock taken before a nested
 * gate). Returns false if no frame of the call holds it: the driver lets
 * go of a lock it did not take (true outside any gate, and while holds
 * the table missed are outstanding).
 */
bool drvsup_hold_pop(void *obj)
{
	struct drvsup_frame *top = drvsup_current_frame();
	struct drvsup_frame *f;

	for (f = top; f && f->dom == top->dom; f = f->prev)
		if (frame_pop(f, obj))
			return true;
	if (!top)
		return true;
	if (top->holds_lost) {
		top->holds_lost--;
		return true;
	}
	return false;
}

/*
 * drvsup_unwind_current - abandon the current driver call
 * @kind: what the fault is
 * @site: the driver's instruction that called the wrapper, recorded as
 *	the fault's ip (0: the unwind's own trap)
 *
 * For wrappers that refuse what the driver asked, or find on their way
 * back to the driver that the domain failed meanwhile (a sleeper woken by
 * recovery): unwinds the innermost frame through the DIE_TRAP path, as if
 * the driver had faulted. Returns only if there is no frame to unwind.
 */
void drvsup_unwind_current(enum drvsup_fault_kind kind, unsigned long site)
{
	struct drvsup_frame *f = drvsup_current_frame();

	if (!f)
		return;
	f->pending = kind;
	f->pending_ip = site;
	drvsup_unwind_trap();
}
EXPORT_SYMBOL_NS_GPL(drvsup_unwind_current, DRVSUP_INTERNAL);

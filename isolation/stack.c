// SPDX-License-Identifier: GPL-2.0
/*
 * stack.c - the stacks drivers run on.
 *
 * The gate's frame (its saved registers, its holds) and the frames of the
 * kernel that called the gate are what an unwind returns to. On the stack
 * the gate was entered on they lie just above the driver's frames, where
 * a driver that writes past its own frame, or runs with a bent stack
 * pointer, reaches them. So the outermost gate of a call runs the driver
 * on a stack of its domain's (gate_entry.S switches to it): whatever the
 * driver writes above its frames there is the domain's own, and a fault
 * with the stack pointer anywhere in that stack unwinds (trap.c).
 *
 * Calls at hardirq and at softirq level (BH disabled too) cannot sleep or
 * move, and a level does not nest in itself on a CPU but through a gate
 * already on that level's stack: each domain has one stack per CPU and
 * level, taken from the CPU's slot while a call runs on it. Task-level
 * calls may sleep and move: the outermost frame of a task takes one of
 * DRVSUP_TASK_STACKS from the domain's pool for the call, and gives it
 * back to the CPU it ends on, which keeps one for its next call (stack.h:
 * the common path takes and gives back with no atomic instruction). A
 * nested gate, a call in NMI context, or one that finds the pool empty
 * (counted in sysfs, stack_fallbacks) runs on the stack it was entered
 * on, as it would without domain stacks.
 *
 * Stacks are vmalloc()ed, as the kernel's own are: the guard page of the
 * area below catches an overflow (a double fault, which nothing unwinds).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/bitops.h>
#include <linux/debugfs.h>
#include <linux/hardirq.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>

#include "domain.h"
#include "gate_entry.h"
#include "stack.h"

static_assert(DRVSUP_TASK_STACKS <= BITS_PER_LONG);

/* debugfs domain_stacks: N runs every call on the stack it is entered on. */
bool drvsup_stacks_on __read_mostly = true;

/*
 * The headroom above the driver's first frame holds the gate's poison
 * (gate_entry.h): a return with the stack pointer bent up into it jumps
 * nowhere but into a general-protection fault. A fault there may leave
 * words of its own (an exception frame): the poison is laid again after
 * one.
 */
void drvsup_stack_poison(unsigned long base)
{
	memset64((u64 *)(base + DRVSUP_STACK_SIZE - DRVSUP_STACK_HEADROOM),
		 DRVSUP_GATE_POISON, DRVSUP_STACK_HEADROOM / 8);
}

static unsigned long stack_new(int node)
{
	unsigned long base = (unsigned long)vmalloc_node(DRVSUP_STACK_SIZE, node);

	if (base)
		drvsup_stack_poison(base);
	return base;
}

void drvsup_stacks_free(struct drvsup_domain *d)
{
	struct drvsup_stacks *s = d->stacks;
	int cpu, i;

	if (!s)
		return;
	for (i = 0; i < DRVSUP_TASK_STACKS; i++)
		vfree((void *)s->task[i]);
	if (s->cpu) {
		for_each_possible_cpu(cpu) {
			vfree((void *)per_cpu_ptr(s->cpu, cpu)->base[0]);
			vfree((void *)per_cpu_ptr(s->cpu, cpu)->base[1]);
		}
	}
	free_percpu(s->cpu);
	kfree(s);
	d->stacks = NULL;
}

int drvsup_stacks_alloc(struct drvsup_domain *d)
{
	struct drvsup_stacks *s;
	int cpu, i;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	d->stacks = s;
	s->cpu = alloc_percpu(struct drvsup_cpu_stacks);
	if (!s->cpu)
		goto nomem;
	for_each_possible_cpu(cpu) {
		struct drvsup_cpu_stacks *c = per_cpu_ptr(s->cpu, cpu);

		c->soft = stack_new(cpu_to_node(cpu));
		c->base[0] = c->soft;
		c->hard = stack_new(cpu_to_node(cpu));
		c->base[1] = c->hard;
		if (!c->soft || !c->hard)
			goto nomem;
	}
	for (i = 0; i < DRVSUP_TASK_STACKS; i++) {
		s->task[i] = stack_new(NUMA_NO_NODE);
		if (!s->task[i])
			goto nomem;
	}
	return 0;
nomem:
	drvsup_stacks_free(d);
	return -ENOMEM;
}

/* Stay on the stack the gate is entered on (its caller's, if a domain's). */
void drvsup_stack_stay(struct drvsup_frame *f)
{
	struct drvsup_frame *prev = f->prev;
	unsigned long sp = current_stack_pointer;

	f->stk_own = DRVSUP_STK_NONE;
	f->ctx.stack_top = 0;
	f->stk = prev && drvsup_on_domain_stack(prev, sp, sp) ? prev->stk : 0;
}

/* This CPU keeps no task stack: take a free one from the pool, if any. */
void drvsup_stack_pool_take(struct drvsup_frame *f)
{
	struct drvsup_stacks *s = f->dom->stacks;
	unsigned long busy;
	int i;

	do {
		busy = READ_ONCE(s->busy);
		i = busy == ~0UL ? BITS_PER_LONG : ffz(busy);
		if (i >= DRVSUP_TASK_STACKS) {
			atomic_long_inc(&s->fallbacks);
			drvsup_stack_stay(f);
			return;
		}
	} while (test_and_set_bit(i, &s->busy));
	drvsup_stack_use(f, s->task[i], i);
}

/* This CPU keeps one already: @f's goes back to the pool. */
void drvsup_stack_pool_give(struct drvsup_frame *f)
{
	clear_bit(f->stk_own, &f->dom->stacks->busy);
}

/*
 * Does @sp lie in one of @d's stacks? A fault's stack pointer bent far
 * enough to leave the stack its call runs on lands in the next vmalloc
 * area down, most often another of the domain's stacks. Fault path only.
 */
bool drvsup_domain_stack_at(struct drvsup_domain *d, unsigned long sp)
{
	struct drvsup_stacks *s = d->stacks;
	int cpu, i;

	if (!s)
		return false;
	for (i = 0; i < DRVSUP_TASK_STACKS; i++)
		if (drvsup_stack_holds(s->task[i], sp, sp))
			return true;
	for_each_possible_cpu(cpu) {
		struct drvsup_cpu_stacks *c = per_cpu_ptr(s->cpu, cpu);

		if (drvsup_stack_holds(c->base[0], sp, sp) ||
		    drvsup_stack_holds(c->base[1], sp, sp))
			return true;
	}
	return false;
}

/* How many task-level calls found the pool empty, for sysfs. */
long drvsup_stack_fallbacks(struct drvsup_domain *d)
{
	return d->stacks ? atomic_long_read(&d->stacks->fallbacks) : 0;
}

/* The knob that measures what the domain stacks cost (make bench). */
void drvsup_stack_debugfs(struct dentry *dir)
{
	debugfs_create_bool("domain_stacks", 0600, dir, &drvsup_stacks_on);
}

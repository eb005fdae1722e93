/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stack.h - the stacks drivers run on (stack.c): the gate's fast path,
 * inline.
 */
#ifndef DRVSUP_STACK_H
#define DRVSUP_STACK_H

#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/thread_info.h>
#include <linux/types.h>

#include "domain.h"

/*
 * A domain stack: a guard page below it (vmalloc), DRVSUP_STACK_SIZE bytes,
 * of which the driver's first frame starts DRVSUP_STACK_HEADROOM below the
 * top, so that a stack pointer bent upwards a little stays in the stack.
 */
#define DRVSUP_STACK_HEADROOM	PAGE_SIZE
#define DRVSUP_STACK_SIZE	(THREAD_SIZE + DRVSUP_STACK_HEADROOM)
#define DRVSUP_TASK_STACKS	8	/* task-level calls at once, per domain */

/* What a frame gives back when its call is over (f->stk_own). */
enum { DRVSUP_STK_NONE = -3, DRVSUP_STK_HARD = -2, DRVSUP_STK_SOFT = -1 };

/*
 * A CPU's stacks of a domain: the base of its softirq-level and its
 * hardirq-level stack, 0 while a call runs on it, and 1 + the task slot
 * the CPU keeps from the pool for its next task-level call, or 0; and
 * the two bases again, which stay.
 */
struct drvsup_cpu_stacks {
	unsigned long soft, hard;
	int cached;
	unsigned long base[2];		/* soft and hard, taken or not */
};

struct drvsup_stacks {
	struct drvsup_cpu_stacks __percpu *cpu;
	unsigned long busy;		/* bit i: task[i] taken or kept by a CPU */
	unsigned long task[DRVSUP_TASK_STACKS];
	atomic_long_t fallbacks;	/* task-level calls on a kernel stack */
};

extern bool drvsup_stacks_on;

struct dentry;
void drvsup_stack_debugfs(struct dentry *dir);
int drvsup_stacks_alloc(struct drvsup_domain *d);
void drvsup_stacks_free(struct drvsup_domain *d);
long drvsup_stack_fallbacks(struct drvsup_domain *d);
bool drvsup_domain_stack_at(struct drvsup_domain *d, unsigned long sp);
/* The slow paths of drvsup_stack_enter()/_leave() (stack.c). */
void drvsup_stack_pool_take(struct drvsup_frame *f);
void drvsup_stack_pool_give(struct drvsup_frame *f);
void drvsup_stack_stay(struct drvsup_frame *f);
void drvsup_stack_poison(unsigned long base);

static __always_inline void drvsup_stack_use(struct drvsup_frame *f,
					     unsigned long base, int own)
{
	f->stk = base;
	f->stk_own = own;
	f->ctx.stack_top = base + DRVSUP_STACK_SIZE - DRVSUP_STACK_HEADROOM;
}

/*
 * drvsup_stack_enter - choose the stack @f's call runs on
 * @f: the frame, linked on this CPU's chain (f->prev set)
 * @task_level: the outermost frame of a task outside interrupt context
 *
 * With preemption off, before gate_entry.S, which switches to
 * f->ctx.stack_top (0: stays on the current stack).
 */
static __always_inline void drvsup_stack_enter(struct drvsup_frame *f,
					       bool task_level)
{
	struct drvsup_stacks *s = f->dom->stacks;
	unsigned int pc = preempt_count();
	unsigned long base;
	int i;

	if (unlikely(!s || !READ_ONCE(drvsup_stacks_on)) || (pc & NMI_MASK))
		goto stay;
	if (task_level) {
		i = this_cpu_read(s->cpu->cached);
		if (unlikely(!i)) {
			drvsup_stack_pool_take(f);
			return;
		}
		this_cpu_write(s->cpu->cached, 0);
		drvsup_stack_use(f, s->task[i - 1], i - 1);
		return;
	}
	if (pc & HARDIRQ_MASK) {
		base = this_cpu_read(s->cpu->hard);
		if (!base)
			goto stay;		/* nested in a call on it */
		this_cpu_write(s->cpu->hard, 0);
		drvsup_stack_use(f, base, DRVSUP_STK_HARD);
		return;
	}
	if (pc & SOFTIRQ_MASK) {
		base = this_cpu_read(s->cpu->soft);
		if (!base)
			goto stay;
		this_cpu_write(s->cpu->soft, 0);
		drvsup_stack_use(f, base, DRVSUP_STK_SOFT);
		return;
	}
stay:
	drvsup_stack_stay(f);		/* nested in a task-level call */
}

/* The call is over (returned or unwound): its stack back, preemption off. */
static __always_inline void drvsup_stack_leave(struct drvsup_frame *f)
{
	struct drvsup_stacks *s = f->dom->stacks;

	if (f->stk_own == DRVSUP_STK_NONE)
		return;
	if (unlikely(f->fault))
		drvsup_stack_poison(f->stk);
	if (f->stk_own == DRVSUP_STK_SOFT)
		this_cpu_write(s->cpu->soft, f->stk);
	else if (f->stk_own == DRVSUP_STK_HARD)
		this_cpu_write(s->cpu->hard, f->stk);
	else if (likely(!this_cpu_read(s->cpu->cached)))
		this_cpu_write(s->cpu->cached, f->stk_own + 1);
	else
		drvsup_stack_pool_give(f);
}

/* Does [@a, @last] lie in the domain stack at @base (0: none)? */
static inline bool drvsup_stack_holds(unsigned long base, unsigned long a,
				      unsigned long last)
{
	return base && a >= base && last < base + DRVSUP_STACK_SIZE;
}

/* Does [@a, @last] lie in the domain stack @f runs on? */
static inline bool drvsup_on_domain_stack(const struct drvsup_frame *f,
					  unsigned long a, unsigned long last)
{
	return drvsup_stack_holds(f->stk, a, last);
}

#endif /* DRVSUP_STACK_H */

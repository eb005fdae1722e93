// SPDX-License-Identifier: GPL-2.0
/*
 * crash.c - the crash kinds: functions that raise a real fault of one kind
 * in whatever context calls them. Crash points send a driver here from a
 * kprobe; the self-test calls them inside a gate.
 *
 * Two kinds are the stores of a driver built with the store
 * instrumentation (wrappers/store.c) gone astray, as the compiler emits
 * them: the write check first, then the store. Only the check is made:
 * with the check off, the store would corrupt what it aims at.
 *  - wild: at kernel memory no domain owns (a variable of drvsup's);
 *  - frame: at the innermost gate's frame, on the stack the driver runs
 *    on, which the check keeps out of the write set.
 *
 * One kind returns: smash overwrites the stack above the gated function's
 * frame, which then returns into what it wrote.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/processor.h>
#include <linux/string.h>

#include "../isolation/domain.h"
#include "../isolation/gate_entry.h"
#include "../isolation/stack.h"
#include "../isolation/writecheck.h"
#include "crash.h"

const char *const drvsup_crash_names[DRVSUP_CRASH_NR] = {
	[DRVSUP_CRASH_OOPS]	= "oops",
	[DRVSUP_CRASH_GPF]	= "gpf",
	[DRVSUP_CRASH_BUG]	= "bug",
	[DRVSUP_CRASH_DIV0]	= "div0",
	[DRVSUP_CRASH_WHILE1]	= "while1",
	[DRVSUP_CRASH_IRQOFF]	= "irqoff",
	[DRVSUP_CRASH_WILD]	= "wild",
	[DRVSUP_CRASH_FRAME]	= "frame",
	[DRVSUP_CRASH_WARN]	= "warn",
	[DRVSUP_CRASH_HOLE]	= "hole",
	[DRVSUP_CRASH_SMASH]	= "smash",
	[DRVSUP_CRASH_PANIC]	= "panic",
	[DRVSUP_CRASH_FARSTACK]	= "farstack",
	[DRVSUP_CRASH_WILDRSP]	= "wildrsp",
};

int drvsup_crash_parse(const char *s)
{
	return sysfs_match_string(drvsup_crash_names, s);
}

static noinline void crash_oops(void)
{
	int *p = NULL;

	OPTIMIZER_HIDE_VAR(p);
	WRITE_ONCE(*p, 0x0b0b);
}

static noinline void crash_gpf(void)
{
	unsigned long *p = (unsigned long *)0xdead000000000100UL;

	OPTIMIZER_HIDE_VAR(p);
	WRITE_ONCE(*p, 0x0b0b);
}

static noinline void crash_bug(void)
{
	BUG();
}

static noinline void crash_div0(void)
{
	unsigned int lo = 1, hi = 0, zero = 0;

	/* In asm: a compiler may turn 1 / x into a compare. */
	asm volatile("divl %2" : "+a" (lo), "+d" (hi) : "r" (zero));
}

static noinline void crash_while1(void)
{
	for (;;)
		cpu_relax();
}

static noinline void crash_irqoff(void)
{
	local_irq_disable();
	for (;;)
		cpu_relax();
}

static unsigned long wild_target;

/* The check the compiler emits before a store, the store left out. */
static __always_inline void store_checked(unsigned long a, unsigned long site)
{
	if (!drvsup_write_ok(a, sizeof(long), site, false))
		drvsup_unwind_current(DRVSUP_FAULT_WRITE, site);
}

static noinline void crash_wild(void)
{
	store_checked((unsigned long)&wild_target, _RET_IP_);
}

static noinline void crash_frame(void)
{
	store_checked((unsigned long)drvsup_current_frame(), _RET_IP_);
}

static void hole_release(void *obj, unsigned long d)
{
	drvsup_write_unhole((struct drvsup_domain *)d, obj);
}

/*
 * An object on the driver's stack registered as a kernel object, the way
 * a NAPI context is (wrappers/netdev.c), then a checked store into it.
 * The hold takes it out of the list again when the call unwinds.
 */
static noinline void crash_hole(void)
{
	struct drvsup_domain *d = drvsup_current_frame()->dom;
	unsigned long obj[4] = { 0 };

	drvsup_write_hole(d, obj, sizeof(obj), "test object");
	drvsup_hold_push(hole_release, obj, (unsigned long)d);
	store_checked((unsigned long)&obj[2], _RET_IP_);
	drvsup_hold_pop(obj);
	drvsup_write_unhole(d, obj);
}

/*
 * Everything above the frame of the driver function the gate called, up
 * to the top of the domain stack it runs on (isolation/stack.c), as a
 * driver whose stack offset went wild would write it: the gate's words
 * there and the headroom above them. The function then returns into the
 * poison. Without a domain stack the kernel's frames would lie there:
 * nothing is written, and the call returns normally.
 */
static noinline void crash_smash(void)
{
	struct drvsup_frame *f = drvsup_current_frame();
	unsigned long *p, *top;

	if (!f || !f->ctx.stack_top)
		return;
	p = (unsigned long *)(f->ctx.stack_top - DRVSUP_GATE_WORDS * 8);
	top = (unsigned long *)(f->stk + DRVSUP_STACK_SIZE);
	while (p < top)
		*p++ = 0xdead5a5a5a5a5a5aUL;
}

/*
 * What a stack protector does when its canary is gone (kernel/panic.c,
 * __stack_chk_fail()): a driver that jumps into the middle of another
 * module's function through a bent pointer ends there.
 */
static noinline void crash_panic(void)
{
	panic("stack-protector: Kernel stack is corrupted in: %pB",
	      __builtin_return_address(0));
}

/*
 * A stack pointer bent off the call's own stack, onto another of the
 * domain's (trial 238 of e1000-wi-1208: 31 KB down, past the guard page),
 * and a fault there: a NULL store with the stack pointer half way down a
 * task stack of the pool no call uses. The CPU pushes its exception
 * frame there; the recovery runs on the call's own stack (trap.c). On a
 * kernel stack (no domain stacks) nothing is bent: a plain NULL store.
 */
static noinline void crash_farstack(void)
{
	struct drvsup_frame *f = drvsup_current_frame();
	struct drvsup_stacks *s = f ? f->dom->stacks : NULL;
	unsigned long sp = 0;
	int i;

	for (i = 0; s && f->ctx.stack_top && i < DRVSUP_TASK_STACKS && !sp; i++)
		if (s->task[i] && !test_bit(i, &s->busy))
			sp = s->task[i] + DRVSUP_STACK_SIZE / 2;
	if (!sp) {
		crash_oops();
		return;
	}
	asm volatile("mov %0, %%rsp\n\t"
		     "movq $0, 0"
		     : : "r" (sp) : "memory");
	unreachable();
}

/*
 * A stack pointer bent to memory nothing maps (trial 89 of the first e1000
 * campaign loaded 0x80003b70), then used: the page fault that follows
 * (a store there) cannot push its frame there either: the CPU raises a
 * double fault.
 * The address is in the hole below the direct map, canonical and never
 * mapped.
 */
static noinline void crash_wildrsp(void)
{
	asm volatile("mov %0, %%rsp\n\t"
		     "movq $0, (%%rsp)"
		     : : "r" (0xffff800000001000UL) : "memory");
	unreachable();
}

/* Contained, the warning unwinds; else it is printed and BUG() follows. */
static noinline void crash_warn(void)
{
	WARN_ON(1);
	BUG();
}

void (*const drvsup_crash_fns[DRVSUP_CRASH_NR])(void) = {
	[DRVSUP_CRASH_OOPS]	= crash_oops,
	[DRVSUP_CRASH_GPF]	= crash_gpf,
	[DRVSUP_CRASH_BUG]	= crash_bug,
	[DRVSUP_CRASH_DIV0]	= crash_div0,
	[DRVSUP_CRASH_WHILE1]	= crash_while1,
	[DRVSUP_CRASH_IRQOFF]	= crash_irqoff,
	[DRVSUP_CRASH_WILD]	= crash_wild,
	[DRVSUP_CRASH_FRAME]	= crash_frame,
	[DRVSUP_CRASH_WARN]	= crash_warn,
	[DRVSUP_CRASH_HOLE]	= crash_hole,
	[DRVSUP_CRASH_SMASH]	= crash_smash,
	[DRVSUP_CRASH_PANIC]	= crash_panic,
	[DRVSUP_CRASH_WILDRSP]	= crash_wildrsp,
	[DRVSUP_CRASH_FARSTACK]	= crash_farstack,
};

void drvsup_crash(enum drvsup_crash_kind kind)
{
	if (kind < DRVSUP_CRASH_NR)
		drvsup_crash_fns[kind]();
}

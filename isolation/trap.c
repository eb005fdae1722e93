// SPDX-License-Identifier: GPL-2.0
/*
 * trap.c - catching faults inside a domain before they become oopses.
 *
 * Page faults are caught by an ftrace-based kprobe on page_fault_oops(),
 * before anything is printed or tainted; its pre-handler unwinds the
 * faulting frame and makes page_fault_oops() return at once. General
 * protection faults (DIE_GPF), invalid opcodes and divide errors (DIE_TRAP)
 * arrive through the die notifier before the kernel prints anything of its
 * own. DIE_OOPS is a fallback only: by then the oops was printed and the
 * kernel tainted.
 *
 * A panic() under a gate (a stack protector that failed in code the driver
 * jumped to) is caught by a kprobe on panic() before it prints anything.
 *
 * BUG() and WARN() are a ud2 the kernel first looks up with report_bug().
 * A kprobe there makes one on the driver side a silent BUG: WARN() too,
 * for it is the driver, or the kernel code inlined into it (a DMA map's
 * checks), finding its own state broken. The die notifier then unwinds
 * it as the domain's fault, with nothing printed.
 *
 * A fault is drvsup's to contain only if the innermost frame of this CPU
 * is on the driver side (not inside a wrapper), at the same interrupt level
 * as the fault, and the faulting stack lies inside that frame's activation
 * (its domain stack, stack.c).
 * Everything else is left to the kernel, as without drvsup.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/bug.h>
#include <linux/context_tracking_state.h>
#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <asm/traps.h>

#include "domain.h"
#include "gate_entry.h"
#include "stack.h"


/* Interrupt level bits that must match between a frame and a fault. */
#define LEVEL_MASK (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)

/*
 * Why a fault in @regs is not inside @f's call, whatever its stack pointer
 * (NULL: it is). @hardirq_adjust as for drvsup_frame_for().
 */
static const char *not_in_call(const struct drvsup_frame *f,
			       struct pt_regs *regs, int hardirq_adjust)
{
	/*
	 * A frame already unwound (fault set) is on its way out, through
	 * drvsup_gate_recover on the driver's stack: a second trap there (the
	 * watchdog's NMI again) must not unwind it twice.
	 */
	if (f->fault)
		return "the call is already unwinding";
	if (f->out)
		return "inside a wrapper (the kernel's side)";
	if (user_mode(regs))
		return "in user mode";
	if (((preempt_count() - hardirq_adjust) ^ f->preempt) & LEVEL_MASK)
		return "at another interrupt level than the call";
	return NULL;
}

/*
 * Why a fault in @regs is not @f's to contain (NULL: it is). @hardirq_adjust
 * as for drvsup_frame_for().
 */
static const char *not_domains(const struct drvsup_frame *f,
			       struct pt_regs *regs, int hardirq_adjust)
{
	const char *why = not_in_call(f, regs, hardirq_adjust);

	if (why)
		return why;
	/*
	 * The fault's stack pointer must lie on the stack the call runs on.
	 * A domain stack the gate switched to is the domain's from bottom to
	 * top (stack.c): a stack pointer bent anywhere in it unwinds, and so
	 * does one bent onto another stack of the domain's (the recovery then
	 * runs on the call's own: drvsup_unwind_regs()).
	 * Otherwise it must lie below the gate: a driver that popped a word
	 * too many returns to the poison of the gate's gap (gate_entry.S), a
	 * non-canonical address, and faults with sp inside the gap. Without
	 * the gap the extra pop would return into the gate's C caller on a
	 * shifted stack, with no fault to contain.
	 */
	if (f->ctx.stack_top) {
		if (!drvsup_domain_stack_at(f->dom, regs->sp))
			return "stack pointer off the domain's stacks";
	} else if (regs->sp > f->ctx.rsp || f->ctx.rsp - regs->sp > THREAD_SIZE) {
		return "stack pointer off the call's stack";
	}
	return NULL;
}

/**
 * drvsup_frame_for - the frame a fault in @regs belongs to, or NULL
 * @regs: the interrupted context
 * @hardirq_adjust: HARDIRQ_OFFSET when called from an interrupt that
 *	interrupted @regs (the watchdog), NMI_OFFSET + HARDIRQ_OFFSET from
 *	the int3 of a probe, else 0
 */
struct drvsup_frame *drvsup_frame_for(struct pt_regs *regs, int hardirq_adjust)
{
	struct drvsup_frame *f = drvsup_current_frame();

	return f && !not_domains(f, regs, hardirq_adjust) ? f : NULL;
}

/*
 * The frame a fault that will otherwise oops belongs to, or NULL. A fault
 * under a gate that is left to the kernel says why first, so that the oops
 * that follows can be read (campaign causes, a user's bug report).
 */
static struct drvsup_frame *fatal_frame_for(struct pt_regs *regs)
{
	struct drvsup_frame *f = drvsup_current_frame();
	const char *why;

	if (!f)
		return NULL;
	why = not_domains(f, regs, 0);
	if (!why)
		return f;
	pr_emerg("%s: fault at %pS not contained: %s (sp %+ld from the top of the call's stack)\n",
		 f->dom->name, (void *)regs->ip, why,
		 (long)(regs->sp - (f->ctx.stack_top ?: f->ctx.rsp)));
	return NULL;
}

/**
 * drvsup_unwind_regs - make @regs resume at @f's recovery label
 * @f: the frame to unwind
 * @regs: the interrupted context (exception or interrupt frame)
 * @kind: what happened
 * @addr: faulting data address, if any
 *
 * Rewrites the interrupted context so that returning from the exception
 * (or interrupt) lands in drvsup_gate_recover with the flags the gate saw;
 * it puts back the gate's callee-saved registers and stack pointer.
 */
bool drvsup_unwind_regs(struct drvsup_frame *f, struct pt_regs *regs,
			enum drvsup_fault_kind kind, unsigned long addr)
{
	f->fault = kind;
	f->fault_ip = regs->ip;
	f->fault_addr = addr;

	/*
	 * The stack pointer stays where the fault left it (drvsup_frame_for()
	 * checked it lies below the gate): the recovery code lets go of the
	 * call's holds there, above none of the driver's frames. One bent
	 * onto another of the domain's stacks is put back onto the call's
	 * own, half way down: below the frames a driver call has.
	 */
	if (f->ctx.stack_top && !drvsup_on_domain_stack(f, regs->sp, regs->sp))
		regs->sp = f->stk + THREAD_SIZE / 2;
	regs->di = (unsigned long)f;
	regs->flags = f->ctx.rflags;
	regs->ip = (unsigned long)drvsup_gate_recover;
	return true;
}

/* page_fault_oops(regs, error_code, address): runs before any oops output. */
static int pf_oops_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct pt_regs *fregs = (struct pt_regs *)regs->di;
	struct drvsup_frame *f = fatal_frame_for(fregs);

	if (!f)
		return 0;
	drvsup_unwind_regs(f, fregs, DRVSUP_FAULT_PAGE, regs->dx);
	/* Return from page_fault_oops() at once: the stack is as at entry. */
	regs->ip = (unsigned long)drvsup_just_return;
	return 1;
}

static struct kprobe pf_oops_probe = {
	.symbol_name = "page_fault_oops",
	.pre_handler = pf_oops_pre,
};

/*
 * A probe whose pre handler changes ip: without an ftrace site it is an
 * int3 probe, which the kernel would turn into a jump (optimized) one that
 * does not honour a changed ip. A probe with a post handler is never
 * optimized (report_bug() has no ftrace site).
 */
static void never_optimized(struct kprobe *p, struct pt_regs *regs,
			    unsigned long flags)
{
}

/*
 * panic(fmt, ...) under a gate, outside any crossing, at the call's
 * interrupt level and on its stack: the code that panics is the driver's,
 * a helper it called directly, or code it jumped to through a bent
 * function pointer (the middle of another module's function, whose stack
 * protector then fails). The domain's fault, unwound before panic()
 * prints or does anything.
 */
static int panic_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct drvsup_frame *f = fatal_frame_for(regs);

	if (!f)
		return 0;
	drvsup_report_why(f->dom, "panic: %s", (const char *)regs->di);
	drvsup_unwind_regs(f, regs, DRVSUP_FAULT_CHECK, 0);
	return 1;
}

static struct kprobe panic_probe = {
	.symbol_name = "panic",
	.pre_handler = panic_pre,
	.post_handler = never_optimized,
};

/*
 * Is the ud2 at @ip a WARN() of @mod's bug table? (The self-test's
 * domain has no module: its code is drvsup's.)
 */
static bool is_warning(const struct module *mod, unsigned long ip)
{
	unsigned int i;

	if (!mod)
		mod = THIS_MODULE;
	for (i = 0; i < mod->num_bugs; i++) {
		const struct bug_entry *b = &mod->bug_table[i];

		if ((unsigned long)&b->bug_addr_disp + b->bug_addr_disp == ip)
			return b->flags & BUGFLAG_WARNING;
	}
	return false;
}

/* report_bug(bugaddr, regs): return BUG_TRAP_TYPE_BUG, printing nothing. */
static int report_bug_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct pt_regs *bregs = (struct pt_regs *)regs->si;
	/* an int3 from kernel mode is entered as an NMI (exc_int3()) */
	struct drvsup_frame *f = drvsup_frame_for(bregs, in_nmi() ?
						  NMI_OFFSET + HARDIRQ_OFFSET : 0);

	if (!f || bregs->ip != regs->di)
		return 0;
	regs->ax = BUG_TRAP_TYPE_BUG;
	regs->ip = (unsigned long)drvsup_just_return;
	return 1;
}


static struct kprobe report_bug_probe = {
	.symbol_name = "report_bug",
	.pre_handler = report_bug_pre,
	.post_handler = never_optimized,
};

/* drvsup_iret_to() pops the frame in this order. */
static_assert(offsetof(struct pt_regs, r15) == 0);
static_assert(offsetof(struct pt_regs, di) == 14 * 8);
static_assert(offsetof(struct pt_regs, ip) == 16 * 8);

/*
 * A double fault under a gate: the driver loaded a wild stack pointer,
 * and the CPU could not push the frame of the fault that followed there.
 * exc_double_fault() calls the die notifiers, ignores their verdict and
 * panics, so the unwind cannot return to it: it leaves by itself,
 * through the rewritten frame, as the handler's own espfix64 branch does.
 * First it undoes what the handler did on entry (irqentry_nmi_enter():
 * the NMI and hardirq counts, RCU's NMI nesting; lockdep, irq-flag
 * tracing and the latency tracers' NMI hooks are not built in Debian's
 * kernel) and the RCU read lock notify_die() holds around us.
 * The frame must be the driver's: on this CPU, at the level the fault
 * came from, the faulting instruction in its module (the self-test's
 * domain has none: its code is drvsup's), from kernel mode;
 * and running on a domain stack, which the recovery moves to (a call on
 * the kernel stack, debugfs domain_stacks N, has no stack to move to).
 * The double fault's stack (IST) is left as it is: the next one starts
 * at its top again.
 */
static const char *df_not_domains(const struct drvsup_frame *f,
				  struct pt_regs *regs,
				  const struct context_tracking *ct)
{
	const char *why = not_in_call(f, regs, NMI_OFFSET + HARDIRQ_OFFSET);

	if (why)
		return why;
	if (!f->ctx.stack_top)
		return "the call runs on a kernel stack: none to recover on";
	/* RCU was watching: the entry added 2 (1 would be from idle) */
	if (READ_ONCE(ct->dynticks_nmi_nesting) <= 2)
		return "RCU was not watching";
	if (!within_module(regs->ip, f->dom->mod ?: THIS_MODULE))
		return "not in the driver's code";
	return NULL;
}

static void df_unwind(struct pt_regs *regs)
{
	struct context_tracking *ct = this_cpu_ptr(&context_tracking);
	struct drvsup_frame *f = drvsup_current_frame();
	const char *why;

	if (!f)
		return;
	why = df_not_domains(f, regs, ct);
	if (why) {
		pr_emerg("%s: double fault at %pS not contained: %s\n",
			 f->dom->name, (void *)regs->ip, why);
		return;
	}
	drvsup_unwind_regs(f, regs, DRVSUP_FAULT_DOUBLE, regs->sp);
	rcu_read_unlock();
	WRITE_ONCE(ct->dynticks_nmi_nesting, ct->dynticks_nmi_nesting - 2);
	__preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
	drvsup_iret_to(regs);
}

static int die_event(struct notifier_block *nb, unsigned long val, void *data)
{
	struct die_args *args = data;
	struct pt_regs *regs = args->regs;
	enum drvsup_fault_kind kind;
	struct drvsup_frame *f;

	switch (val) {
	case DIE_GPF:
		kind = DRVSUP_FAULT_GPF;
		break;
	case DIE_TRAP:
		if (regs->ip == (unsigned long)drvsup_unwind_trap) {
			/* Deliberate unwind from a wrapper (kernel side). */
			f = drvsup_current_frame();
			if (!f)
				return NOTIFY_DONE;
			drvsup_unwind_regs(f, regs, f->pending, 0);
			/* The fault is the driver's call, not this ud2. */
			if (f->pending_ip)
				f->fault_ip = f->pending_ip;
			goto stop;
		}
		if (args->trapnr == X86_TRAP_DF)
			df_unwind(regs);	/* returns if not the driver's */
		if (args->trapnr == X86_TRAP_UD)
			kind = DRVSUP_FAULT_BUG;
		else if (args->trapnr == X86_TRAP_DE)
			kind = DRVSUP_FAULT_DIV;
		else
			return NOTIFY_DONE;
		break;
	case DIE_OOPS:
		/* Fallback: the page_fault_oops hook was missed. */
		kind = DRVSUP_FAULT_PAGE;
		break;
	default:
		return NOTIFY_DONE;
	}

	f = val == DIE_OOPS ? drvsup_frame_for(regs, 0) : fatal_frame_for(regs);
	if (!f)
		return NOTIFY_DONE;
	if (kind == DRVSUP_FAULT_BUG && is_warning(f->dom->mod, regs->ip))
		kind = DRVSUP_FAULT_WARN;
	drvsup_unwind_regs(f, regs, kind, 0);
stop:
	/* DIE_GPF runs with interrupts enabled: match what the gate had. */
	if (!(f->ctx.rflags & X86_EFLAGS_IF))
		local_irq_disable();
	return NOTIFY_STOP;
}

static struct notifier_block die_nb = {
	.notifier_call = die_event,
	.priority = INT_MAX,
};

int drvsup_trap_init(void)
{
	int err;

	err = register_kprobe(&pf_oops_probe);
	if (err) {
		pr_err("cannot hook page_fault_oops (%d)\n", err);
		return err;
	}
	err = register_kprobe(&report_bug_probe);
	if (err) {
		pr_err("cannot hook report_bug (%d)\n", err);
		goto out_pf;
	}
	err = register_kprobe(&panic_probe);
	if (err) {
		pr_err("cannot hook panic (%d)\n", err);
		goto out_bug;
	}
	err = register_die_notifier(&die_nb);
	if (err)
		goto out_panic;
	return 0;
out_panic:
	unregister_kprobe(&panic_probe);
out_bug:
	unregister_kprobe(&report_bug_probe);
out_pf:
	unregister_kprobe(&pf_oops_probe);
	return err;
}

void drvsup_trap_exit(void)
{
	unregister_die_notifier(&die_nb);
	unregister_kprobe(&panic_probe);
	unregister_kprobe(&report_bug_probe);
	unregister_kprobe(&pf_oops_probe);
}

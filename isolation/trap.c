// SPDX-License-Identifier: GPL-2.0
/*
 * trap.c - catching faults inside a domain before they become oopses.
 *
 * Page faults are caught by an ftrace-based kprobe on page_fault_oops(),
 * before anything is printed or tainted; its pre-handler unwinds the
 * faulting frame and makes page_fault_oops() return at once. General
 * protection faults (DIE_GPF), invalid opcodes and divide errors (DIE_TRAP)
 * arrive through the die notifier before the kernel prints anything of its
 * own (BUG() has printed its "kernel BUG at" line by then). DIE_OOPS is a
 * fallback only: by then the oops was printed and the kernel tainted.
 *
 * A fault is drvsup's to contain only if the innermost frame of this CPU
 * is on the driver side (not inside a wrapper), at the same interrupt level
 * as the fault, and the faulting stack lies inside that frame's activation.
 * Everything else is left to the kernel, as without drvsup.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <asm/traps.h>

#include "domain.h"
#include "gate_entry.h"


/* Interrupt level bits that must match between a frame and a fault. */
#define LEVEL_MASK (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)

/**
 * drvsup_frame_for - the frame a fault in @regs belongs to, or NULL
 * @regs: the interrupted context
 * @hardirq_adjust: HARDIRQ_OFFSET when called from an interrupt that
 *	interrupted @regs (the watchdog), else 0
 */
struct drvsup_frame *drvsup_frame_for(struct pt_regs *regs, int hardirq_adjust)
{
	struct drvsup_frame *f = drvsup_current_frame();

	/*
	 * A frame already unwound (fault set) is on its way out, through
	 * drvsup_gate_recover on the driver's stack: a second trap there (the
	 * watchdog's NMI again) must not unwind it twice.
	 */
	if (!f || f->out || f->fault || user_mode(regs))
		return NULL;
	if (((preempt_count() - hardirq_adjust) ^ f->preempt) & LEVEL_MASK)
		return NULL;
	/*
	 * The fault's stack pointer must lie below the gate, on its stack:
	 * a driver that popped a word too many returns to the poison of the
	 * gate's gap (gate_entry.S), a non-canonical address, and faults
	 * with sp inside the gap. Without the gap the extra pop would return
	 * into the gate's C caller on a shifted stack, with no fault to
	 * contain.
	 */
	if (regs->sp > f->ctx.rsp || f->ctx.rsp - regs->sp > THREAD_SIZE)
		return NULL;
	return f;
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
	 * call's holds there, above none of the driver's frames.
	 */
	regs->di = (unsigned long)f;
	regs->flags = f->ctx.rflags;
	regs->ip = (unsigned long)drvsup_gate_recover;
	return true;
}

/* page_fault_oops(regs, error_code, address): runs before any oops output. */
static int pf_oops_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct pt_regs *fregs = (struct pt_regs *)regs->di;
	struct drvsup_frame *f = drvsup_frame_for(fregs, 0);

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

	f = drvsup_frame_for(regs, 0);
	if (!f)
		return NOTIFY_DONE;
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
	err = register_die_notifier(&die_nb);
	if (err) {
		unregister_kprobe(&pf_oops_probe);
		return err;
	}
	return 0;
}

void drvsup_trap_exit(void)
{
	unregister_die_notifier(&die_nb);
	unregister_kprobe(&pf_oops_probe);
}

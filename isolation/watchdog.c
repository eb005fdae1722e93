// SPDX-License-Identifier: GPL-2.0
/*
 * watchdog.c - unwinding drivers that hang.
 *
 * A per-CPU hrtimer ticks every drvsup_watchdog_ms. Each tick that finds
 * the CPU's innermost frame on the driver side counts one tick on that
 * frame (a new call starts again from zero); a frame that has been seen on
 * a CPU for its domain's budget is unwound from the interrupted registers,
 * as a trap handler would. So the budget is on-CPU time, sampled: a task
 * asleep is on no CPU and is not counted. A crossing reads no clock (under
 * TCG a local_clock() cost 480 ns and a jiffies read 170 ns, more than the
 * rest of the gate) and arms no timer.
 *
 * A driver looping with interrupts disabled stops its CPU's ticks. Each
 * tick therefore also looks at the other CPUs: one whose ticks have not
 * advanced for its domain's budget while its innermost frame is on the
 * driver side is sent an NMI, and the NMI handler unwinds that frame from
 * the registers it interrupted. With one CPU there is no other CPU to
 * notice: such a loop is out of reach there.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/cpuhotplug.h>
#include <linux/hrtimer.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>
#include <asm/apic.h>
#include <asm/irq_regs.h>
#include <asm/nmi.h>

#include "domain.h"

static unsigned int drvsup_watchdog_ms = 10;
module_param_named(watchdog_ms, drvsup_watchdog_ms, uint, 0444);
MODULE_PARM_DESC(watchdog_ms, "hang watchdog period in ms (per CPU)");

static DEFINE_PER_CPU(struct hrtimer, wd_timer);
static enum cpuhp_state wd_state;

/* A CPU's own ticks, and what the other CPUs last saw of them. */
static DEFINE_PER_CPU(unsigned long, wd_beats);
static DEFINE_PER_CPU(unsigned long, wd_seen);
static DEFINE_PER_CPU(unsigned int, wd_stalled);	/* ticks elsewhere */
static DEFINE_PER_CPU(bool, wd_nmi_sent);
static bool wd_nmi;					/* handler registered */

/*
 * The frame @cpu runs on the driver side, not unwound yet, read from
 * another CPU: it lives on @cpu's stack and may be gone meanwhile, so
 * every read may fail.
 */
static bool remote_in_driver(int cpu, unsigned int *budget_ms)
{
	struct drvsup_frame *f = READ_ONCE(per_cpu(drvsup_cur, cpu));
	enum drvsup_fault_kind fault;
	struct drvsup_domain *d;
	unsigned int out;

	if (!f || copy_from_kernel_nofault(&out, &f->out, sizeof(out)) || out ||
	    copy_from_kernel_nofault(&fault, &f->fault, sizeof(fault)) || fault ||
	    copy_from_kernel_nofault(&d, &f->dom, sizeof(d)) ||
	    copy_from_kernel_nofault(budget_ms, &d->budget_ms, sizeof(*budget_ms)))
		return false;
	return *budget_ms;
}

/* From a tick on this CPU: NMI the CPUs stuck in a driver, ticks stopped. */
static void wd_check_others(void)
{
	unsigned int budget_ms;
	int cpu, self = smp_processor_id();
	unsigned long beats;

	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		beats = READ_ONCE(per_cpu(wd_beats, cpu));
		if (beats != per_cpu(wd_seen, cpu)) {
			per_cpu(wd_seen, cpu) = beats;
			per_cpu(wd_stalled, cpu) = 0;
			per_cpu(wd_nmi_sent, cpu) = false;
			continue;
		}
		if (!remote_in_driver(cpu, &budget_ms) ||
		    ++per_cpu(wd_stalled, cpu) * drvsup_watchdog_ms < budget_ms ||
		    per_cpu(wd_nmi_sent, cpu))
			continue;
		per_cpu(wd_nmi_sent, cpu) = true;
		apic->send_IPI(cpu, NMI_VECTOR);
	}
}

/*
 * An NMI on a CPU whose ticks stopped: unwind the frame it interrupted.
 *
 * The NMI entry of a kernel-mode NMI (entry_64.S, asm_exc_nmi) returns
 * through its "iret" frame, the 5 words just above @regs, not through
 * regs->ip..ss (its "outermost" copy): the unwind writes both. If the
 * words above do not hold the interrupted context, the layout is not the
 * one this was written against, and the hang is left alone.
 */
static int wd_nmi_handler(unsigned int type, struct pt_regs *regs)
{
	unsigned long *iret = (unsigned long *)(regs + 1);
	struct drvsup_frame *f;

	if (!this_cpu_read(wd_nmi_sent))
		return NMI_DONE;
	this_cpu_write(wd_nmi_sent, false);
	f = drvsup_frame_for(regs, NMI_OFFSET + HARDIRQ_OFFSET);
	if (!f || iret[0] != regs->ip || iret[1] != regs->cs ||
	    iret[3] != regs->sp) {
		pr_warn_ratelimited("NMI: a hang with interrupts off left alone\n");
		return NMI_DONE;
	}
	drvsup_unwind_regs(f, regs, DRVSUP_FAULT_HANG, 0);
	iret[0] = regs->ip;
	iret[2] = regs->flags;
	iret[3] = regs->sp;
	return NMI_HANDLED;
}

static enum hrtimer_restart wd_tick(struct hrtimer *t)
{
	struct drvsup_frame *f = drvsup_current_frame();
	struct pt_regs *regs = get_irq_regs();

	hrtimer_forward_now(t, ms_to_ktime(drvsup_watchdog_ms));
	__this_cpu_inc(wd_beats);
	if (wd_nmi)
		wd_check_others();
	if (!f || f->out || !regs || !f->dom->budget_ms)
		return HRTIMER_RESTART;
	if (++f->ticks * drvsup_watchdog_ms < f->dom->budget_ms *
	    (f->entry->setup ? DRVSUP_SETUP_BUDGET : 1))
		return HRTIMER_RESTART;
	/* Only the context this interrupt interrupted can be unwound. */
	if (drvsup_frame_for(regs, HARDIRQ_OFFSET) != f)
		return HRTIMER_RESTART;
	drvsup_unwind_regs(f, regs, DRVSUP_FAULT_HANG, 0);
	return HRTIMER_RESTART;
}

static int wd_online(unsigned int cpu)
{
	struct hrtimer *t = this_cpu_ptr(&wd_timer);

	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	t->function = wd_tick;
	hrtimer_start(t, ms_to_ktime(drvsup_watchdog_ms),
		      HRTIMER_MODE_REL_PINNED_HARD);
	return 0;
}

static int wd_offline(unsigned int cpu)
{
	hrtimer_cancel(this_cpu_ptr(&wd_timer));
	return 0;
}

int drvsup_watchdog_init(void)
{
	int ret;

	if (!drvsup_watchdog_ms)
		drvsup_watchdog_ms = 10;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "drvsup/watchdog:online",
				wd_online, wd_offline);
	if (ret < 0)
		return ret;
	wd_state = ret;
	/* Without it, a loop with interrupts off stays out of reach. */
	wd_nmi = !register_nmi_handler(NMI_LOCAL, wd_nmi_handler, 0,
				       "drvsup_watchdog");
	if (!wd_nmi)
		pr_warn("no NMI handler: loops with interrupts off cannot be unwound\n");
	return 0;
}

void drvsup_watchdog_exit(void)
{
	cpuhp_remove_state(wd_state);
	if (wd_nmi)
		unregister_nmi_handler(NMI_LOCAL, "drvsup_watchdog");
}

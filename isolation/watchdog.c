// SPDX-License-Identifier: GPL-2.0
/*
 * watchdog.c - unwinding drivers that hang with interrupts enabled.
 *
 * A per-CPU hrtimer ticks every drvsup_watchdog_ms. Each tick that finds
 * the CPU's innermost frame on the driver side counts one tick on that
 * frame (a new call starts again from zero); a frame that has been seen on
 * a CPU for its domain's budget is unwound from the interrupted registers,
 * as a trap handler would. So the budget is on-CPU time, sampled: a task
 * asleep is on no CPU and is not counted. A crossing reads no clock (under
 * TCG a local_clock() cost 480 ns and a jiffies read 170 ns, more than the
 * rest of the gate) and arms no timer. Loops with interrupts disabled are
 * out of reach (they would need an NMI).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/cpuhotplug.h>
#include <linux/hrtimer.h>
#include <linux/moduleparam.h>
#include <asm/irq_regs.h>

#include "domain.h"

static unsigned int drvsup_watchdog_ms = 10;
module_param_named(watchdog_ms, drvsup_watchdog_ms, uint, 0444);
MODULE_PARM_DESC(watchdog_ms, "hang watchdog period in ms (per CPU)");

static DEFINE_PER_CPU(struct hrtimer, wd_timer);
static enum cpuhp_state wd_state;

static enum hrtimer_restart wd_tick(struct hrtimer *t)
{
	struct drvsup_frame *f = drvsup_current_frame();
	struct pt_regs *regs = get_irq_regs();

	hrtimer_forward_now(t, ms_to_ktime(drvsup_watchdog_ms));
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
	return 0;
}

void drvsup_watchdog_exit(void)
{
	cpuhp_remove_state(wd_state);
}

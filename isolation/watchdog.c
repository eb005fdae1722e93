// SPDX-License-Identifier: GPL-2.0
/*
 * watchdog.c - unwinding drivers that hang with interrupts enabled.
 *
 * A per-CPU hrtimer ticks every drvsup_watchdog_ms. When it interrupts a
 * CPU whose innermost frame is on the driver side and has been on a CPU
 * longer than its domain's budget (time asleep does not count), it unwinds
 * that frame from the interrupted registers, as a trap handler would.
 * There is no per-call timer: a crossing costs nothing here. Loops with
 * interrupts disabled are out of reach (they would need an NMI).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/cpuhotplug.h>
#include <linux/hrtimer.h>
#include <linux/moduleparam.h>
#include <linux/sched/clock.h>
#include <asm/irq_regs.h>

#include "domain.h"

static unsigned int drvsup_watchdog_ms = 10;
module_param_named(watchdog_ms, drvsup_watchdog_ms, uint, 0444);
MODULE_PARM_DESC(watchdog_ms, "hang watchdog period in ms (per CPU)");

static DEFINE_PER_CPU(struct hrtimer, wd_timer);
static enum cpuhp_state wd_state;

static enum hrtimer_restart wd_tick(struct hrtimer *t)
{
	struct drvsup_frame *f = this_cpu_read(drvsup_cur);
	struct pt_regs *regs = get_irq_regs();

	hrtimer_forward_now(t, ms_to_ktime(drvsup_watchdog_ms));
	if (!f || f->out || !regs || !f->dom->budget_ns)
		return HRTIMER_RESTART;
	if (local_clock() - f->start_ns - f->slept_ns < f->dom->budget_ns)
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

// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - the only place that prints a contained fault.
 *
 * One concise line per fault (driver, kind, entry point, ip as sym+off,
 * address), never an oops: the full picture is in sysfs; and the
 * drvsup:contained_fault tracepoint with the same (trace.h).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/kallsyms.h>
#include <linux/ratelimit.h>
#include <linux/sched/clock.h>

#include "domain.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/*
 * `drvsup trace` counts gate crossings with a kprobe on drvsup_gate() and
 * reads the names through its first two arguments (drvsup.ko has no BTF):
 * these offsets are what tools/bpf/drvsup.bpf.c reads.
 */
static_assert(offsetof(struct drvsup_domain, name) == 8);
static_assert(offsetof(struct drvsup_entry, name) == 0);

static const char *const fault_names[DRVSUP_FAULT_NR] = {
	[DRVSUP_FAULT_NONE]	= "none",
	[DRVSUP_FAULT_PAGE]	= "page-fault",
	[DRVSUP_FAULT_GPF]	= "general-protection",
	[DRVSUP_FAULT_BUG]	= "invalid-opcode",
	[DRVSUP_FAULT_DIV]	= "divide-error",
	[DRVSUP_FAULT_HANG]	= "hang",
	[DRVSUP_FAULT_BADARG]	= "bad-argument",
	[DRVSUP_FAULT_KILLED]	= "killed",
	[DRVSUP_FAULT_CHECK]	= "hardening-check",
	[DRVSUP_FAULT_REGS]	= "registers-clobbered",
	[DRVSUP_FAULT_LOCK]	= "lock-held",
	[DRVSUP_FAULT_WRITE]	= "wild-write",
	[DRVSUP_FAULT_WARN]	= "warning",
	[DRVSUP_FAULT_DOUBLE]	= "double-fault",
};

const char *drvsup_fault_name(enum drvsup_fault_kind kind)
{
	return kind < DRVSUP_FAULT_NR ? fault_names[kind] : "?";
}

const char *drvsup_state_name(enum drvsup_state state)
{
	switch (state) {
	case DRVSUP_RUNNING:
		return "running";
	case DRVSUP_FAILED:
		return "failed";
	case DRVSUP_DEAD:
		return "dead";
	}
	return "?";
}

void drvsup_report_fault(struct drvsup_domain *d, struct drvsup_frame *f)
{
	static DEFINE_RATELIMIT_STATE(rs, HZ, 20);
	struct drvsup_fault_info *fi = &d->last_fault;
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	fi->kind = f->fault;
	fi->entry = f->entry->name;
	fi->ip = f->fault_ip;
	fi->addr = f->fault_addr;
	fi->when_ns = local_clock();
	sprint_symbol(fi->where, f->site ? f->site : f->fault_ip);
	trace_contained_fault(d->name, drvsup_fault_name(f->fault),
			      f->entry->name, fi->where, f->fault_ip,
			      f->fault_addr);
	spin_unlock_irqrestore(&d->lock, flags);

	if (!__ratelimit(&rs))
		return;
	if (f->site)
		pr_err("%s: contained %s in %s at crash point %pS (raised at %pS), address %#lx\n",
		       d->name, drvsup_fault_name(f->fault), f->entry->name,
		       (void *)f->site, (void *)f->fault_ip, f->fault_addr);
	else
		pr_err("%s: contained %s in %s at %pS, address %#lx\n",
		       d->name, drvsup_fault_name(f->fault), f->entry->name,
		       (void *)f->fault_ip, f->fault_addr);
}

/*
 * Why a wrapper refuses what the driver asked, printed before the unwind
 * that drvsup_report_fault() then reports: "<driver>: <why>".
 */
void drvsup_report_why(struct drvsup_domain *d, const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(rs, HZ, 20);
	struct va_format vaf;
	va_list args;

	if (!__ratelimit(&rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("%s: %pV\n", d ? d->name : "?", &vaf);
	va_end(args);
}
EXPORT_SYMBOL_NS_GPL(drvsup_report_why, DRVSUP_INTERNAL);

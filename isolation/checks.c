// SPDX-License-Identifier: GPL-2.0
/*
 * checks.c - the two checks made against the memory a domain owns, each
 * with a debugfs knob saying whether what lies outside is refused
 * (enforce, the default), only reported (warn), or not looked at (off),
 * with its counts:
 *  - "argcheck": the objects the wrappers pass on for the kernel to write;
 *  - "writecheck": every store of a driver built with drvsup's store
 *    instrumentation (writecheck.c);
 * and the question both ask: does the domain own these bytes in the call
 * running now? Its data, the stacks the call runs on (stack.c) and its
 * extents (owned.c).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>

#include "domain.h"
#include "owned.h"
#include "stack.h"

static const char *const mode_names[] = { "off", "warn", "enforce" };
static const char *const check_names[DRVSUP_NR_CHECKS] = { "argcheck",
							    "writecheck" };
int drvsup_check_modes[DRVSUP_NR_CHECKS] = { DRVSUP_CHECK_ENFORCE,
					     DRVSUP_CHECK_ENFORCE };
/* Per CPU: a lock wrapper on every CPU counts here, no shared line. */
DEFINE_PER_CPU(unsigned long[DRVSUP_NR_CHECKS], drvsup_nr_checked);
DEFINE_PER_CPU(unsigned long[DRVSUP_NR_CHECKS], drvsup_nr_outside);
DEFINE_PER_CPU(unsigned long[DRVSUP_NR_CHECKS], drvsup_nr_ungated);

static unsigned long sum(unsigned long (__percpu *v)[DRVSUP_NR_CHECKS],
			 int check)
{
	unsigned long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += per_cpu(*v, cpu)[check];
	return n;
}

/*
 * On a stack the call runs on: the domain stack of the innermost frame
 * (stack.c); the task's (a softirq may run there, and the kernel passes
 * the driver objects on it); or in interrupt context the part of the
 * interrupt stack above the kernel's stack pointer at the gate (the
 * current one on a kernel stack), where the kernel's objects and, without
 * a domain stack, the driver's frames are.
 */
static bool on_stack(unsigned long a, unsigned long last)
{
	struct drvsup_frame *f = drvsup_current_frame();
	unsigned long lo = (unsigned long)task_stack_page(current);
	unsigned long sp = current_stack_pointer;

	if (a >= lo && last < lo + THREAD_SIZE)
		return true;
	if (f && f->stk) {
		if (drvsup_on_domain_stack(f, a, last))
			return true;
		/* the gate that switched to it saved the kernel's */
		while (!f->ctx.stack_top && f->prev && f->prev->stk == f->stk)
			f = f->prev;
		sp = f->ctx.rsp;
	}
	return !in_task() && a >= sp && last < sp + IRQ_STACK_SIZE / 2;
}

bool drvsup_owns_data_or_stack(struct drvsup_domain *d, unsigned long a,
			       unsigned long last)
{
	return (a >= d->data_start && last < d->data_end) || on_stack(a, last);
}

/* Does [@p, @p + @len) lie in memory @d owns? Any context. */
bool drvsup_owns(struct drvsup_domain *d, const void *p, size_t len)
{
	unsigned long a = (unsigned long)p, last = a + len - 1;
	bool ok;

	if (!len || last < a)
		return false;
	if (drvsup_owns_data_or_stack(d, a, last))
		return true;
	rcu_read_lock();
	ok = drvsup_extent_find(d, a, last);
	rcu_read_unlock();
	return ok;
}
EXPORT_SYMBOL_NS_GPL(drvsup_owns, DRVSUP_INTERNAL);

/**
 * drvsup_arg_owned - may the kernel write @what at @p for @d?
 * @d: the calling driver's domain, or NULL (then it may)
 * @p: the argument
 * @len: the size of its type
 * @what: the type's name for the report, e.g. "spinlock"
 * @site: the wrapper's return address in the driver, for the report
 *
 * Returns false when the wrapper must refuse the call (argcheck enforce).
 */
bool drvsup_arg_owned(struct drvsup_domain *d, const void *p, size_t len,
		      const char *what, unsigned long site)
{
	int m = READ_ONCE(drvsup_check_modes[DRVSUP_ARGCHECK]);

	if (!d || m == DRVSUP_CHECK_OFF)
		return true;
	this_cpu_inc(drvsup_nr_checked[DRVSUP_ARGCHECK]);
	if (drvsup_owns(d, p, len))
		return true;
	this_cpu_inc(drvsup_nr_outside[DRVSUP_ARGCHECK]);
	if (m == DRVSUP_CHECK_ENFORCE)
		return false;
	pr_warn_ratelimited("%s: %s %p from %pS: not in memory the domain owns\n",
			    d->name, what, p, (void *)site);
	return true;
}
EXPORT_SYMBOL_NS_GPL(drvsup_arg_owned, DRVSUP_INTERNAL);

static ssize_t check_read(struct file *f, char __user *ubuf, size_t n,
			  loff_t *pos)
{
	int check = (long)f->private_data;
	char buf[128];
	int len;

	len = scnprintf(buf, sizeof(buf), "%s checked=%lu outside=%lu",
			mode_names[READ_ONCE(drvsup_check_modes[check])],
			sum(&drvsup_nr_checked, check),
			sum(&drvsup_nr_outside, check));
	if (check == DRVSUP_WRITECHECK)
		len += scnprintf(buf + len, sizeof(buf) - len, " ungated=%lu",
				 sum(&drvsup_nr_ungated, check));
	len += scnprintf(buf + len, sizeof(buf) - len, "\n");
	return simple_read_from_buffer(ubuf, n, pos, buf, len);
}

static ssize_t check_write(struct file *f, const char __user *ubuf,
			   size_t n, loff_t *pos)
{
	int check = (long)f->private_data;
	char buf[16];
	int m, cpu;

	if (n >= sizeof(buf) || copy_from_user(buf, ubuf, n))
		return -EINVAL;
	buf[n] = 0;
	m = sysfs_match_string(mode_names, strim(buf));
	if (m < 0)
		return m;
	WRITE_ONCE(drvsup_check_modes[check], m);
	for_each_possible_cpu(cpu) {
		per_cpu(drvsup_nr_checked, cpu)[check] = 0;
		per_cpu(drvsup_nr_outside, cpu)[check] = 0;
		per_cpu(drvsup_nr_ungated, cpu)[check] = 0;
	}
	return n;
}

static const struct file_operations check_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = check_read,
	.write = check_write,
	.llseek = default_llseek,
};

void drvsup_owned_debugfs(struct dentry *dir)
{
	long check;

	for (check = 0; check < DRVSUP_NR_CHECKS; check++)
		debugfs_create_file(check_names[check], 0600, dir,
				    (void *)check, &check_fops);
}

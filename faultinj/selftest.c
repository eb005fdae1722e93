// SPDX-License-Identifier: GPL-2.0
/*
 * selftest.c - exercise the isolation layer without any driver: crashes
 * (crash.h) in a pseudo-domain, through its gates.
 *
 *   echo "KIND CONTEXT" > /sys/kernel/debug/drvsup/selftest
 *   cat /sys/kernel/debug/drvsup/selftest
 *
 * KIND is a crash kind (oops gpf bug div0 while1 irqoff wild frame hole
 * warn smash panic farstack, faultinj/crash.h) or "none"; CONTEXT is
 * process, sleep (process context that sleeps, and may change CPU,
 * before it crashes), softirq (a timer) or hardirq (an irq_work). The victim takes
 * rcu_read_lock() and disables preemption before it crashes, so the
 * result line also says whether the unwind put
 * back preempt count, RCU nesting and the interrupt flag:
 *
 *   ctx=hardirq kind=oops ret=-5 fault=page-fault restored=yes held=released
 *
 * The victim also holds an object on its own stack, linked on a list of
 * drvsup's (as a driver's wait entry is on its wait queue), so the line
 * ends with held=released when the unwind let go of it while the
 * victim's frame was still below the stack pointer, intact, and unlinked
 * it (held=stale: it let go of it from above, where the release code's
 * own frames may already have overwritten it).
 *
 * The victim runs in a pseudo-domain named "selftest" that has no module:
 * every run starts with the domain running again.
 *
 *   echo N > /sys/kernel/debug/drvsup/gatebench; cat .../gatebench
 *
 * times N calls of an empty function through a plain indirect call and
 * through a gate, in process context, with a breakdown (bench_run()):
 *
 *   calls=N indirect_ns=15.2 gate_ns=63.0 ratio=4.14 asm_ns=... bh_gate_ns=...
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

#include "../isolation/domain.h"
#include "../isolation/gate_entry.h"
#include "crash.h"
#include "faultinj.h"

enum st_ctx { ST_PROCESS, ST_SLEEP, ST_SOFTIRQ, ST_HARDIRQ, ST_NR };
static const char *const st_ctx_names[ST_NR] = {
	"process", "sleep", "softirq", "hardirq",
};

static struct drvsup_entry st_entry = { "selftest", -EIO };
static struct drvsup_domain *st_dom;
static DEFINE_MUTEX(st_lock);			/* one run at a time */
static struct completion st_done;
static int st_kind;				/* crash kind, -1: none */
static enum st_ctx st_ctx;
static char st_result[176];
static LIST_HEAD(st_held);			/* the victim's on-stack object */
static bool st_held_below;			/* let go of from below it */

/* The unwind lets go of the victim's object: unlink it if it is intact. */
static void st_release(void *obj, unsigned long arg)
{
	struct list_head *node = obj;

	st_held_below = current_stack_pointer < (unsigned long)node;
	if (st_held_below)
		list_del_init(node);
	else
		INIT_LIST_HEAD(&st_held);	/* forget it, touch nothing */
}

static noinline long st_victim(unsigned long sleep)
{
	struct list_head held;

	if (sleep)
		msleep(20);
	list_add(&held, &st_held);
	drvsup_hold_push(st_release, &held, 0);
	rcu_read_lock();
	preempt_disable();
	if (st_kind >= 0)
		drvsup_crash(st_kind);
	preempt_enable();
	rcu_read_unlock();
	drvsup_hold_pop(&held);
	list_del_init(&held);
	st_held_below = true;
	return 0;
}

static void st_run(void)
{
	int pc = preempt_count(), rcu = rcu_preempt_depth();
	bool irqs = irqs_disabled();
	long ret;

	st_dom->last_fault.kind = DRVSUP_FAULT_NONE;
	st_held_below = false;
	ret = DRVSUP_CALL(st_dom, &st_entry, st_victim, st_ctx == ST_SLEEP);
	snprintf(st_result, sizeof(st_result),
		 "ctx=%s kind=%s ret=%ld fault=%s restored=%s held=%s\n",
		 st_ctx_names[st_ctx],
		 st_kind < 0 ? "none" : drvsup_crash_names[st_kind], ret,
		 drvsup_fault_name(st_dom->last_fault.kind),
		 pc == preempt_count() && rcu == rcu_preempt_depth() &&
		 irqs == irqs_disabled() ? "yes" : "no",
		 st_held_below && list_empty(&st_held) ? "released" : "stale");
}

static void st_irq_work(struct irq_work *w)
{
	st_run();
	complete(&st_done);
}

static DEFINE_IRQ_WORK(st_iw, st_irq_work);

static void st_timer_fn(struct timer_list *t)
{
	st_run();
	complete(&st_done);
}

static DEFINE_TIMER(st_timer, st_timer_fn);

static ssize_t st_write(struct file *file, const char __user *ubuf,
			size_t len, loff_t *ppos)
{
	char buf[32], *ctx;
	int kind, c;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	ctx = strim(buf);
	kind = strcmp(strsep(&ctx, " "), "none") ?
	       drvsup_crash_parse(buf) : -1;
	if (kind < -1 || !ctx)
		return -EINVAL;
	c = sysfs_match_string(st_ctx_names, strim(ctx));
	if (c < 0)
		return c;
	if (kind == DRVSUP_CRASH_WHILE1 && c == ST_HARDIRQ)
		return -EINVAL;	/* a hang with interrupts off is out of reach */

	mutex_lock(&st_lock);
	flush_work(&st_dom->fail_work);
	atomic_set(&st_dom->state, DRVSUP_RUNNING);
	st_kind = kind;
	st_ctx = c;
	reinit_completion(&st_done);
	switch (st_ctx) {
	case ST_PROCESS:
	case ST_SLEEP:
		st_run();
		break;
	case ST_SOFTIRQ:
		mod_timer(&st_timer, jiffies);
		wait_for_completion(&st_done);
		break;
	case ST_HARDIRQ:
		irq_work_queue(&st_iw);
		wait_for_completion(&st_done);
		break;
	default:
		break;
	}
	pr_info("selftest: %s", st_result);
	mutex_unlock(&st_lock);
	return len;
}

static ssize_t st_read(struct file *file, char __user *ubuf, size_t len,
		       loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&st_lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, st_result,
				      strlen(st_result));
	mutex_unlock(&st_lock);
	return ret;
}

static noinline long bench_nop(unsigned long x)
{
	return x;
}

static char bench_result[192];

/* Tenths of a nanosecond per call from @ns for @n calls. */
static u64 per_call(u64 ns, unsigned long n)
{
	return div64_u64(ns * 10, n);
}

/*
 * The breakdown: the plain indirect call; the gate's assembly alone
 * (gate_entry.S on a ready context, no bookkeeping); the whole gate with
 * bottom halves off (no preempt notifier: what an interrupt-level entry
 * pays); the whole gate in process context (what a syscall-level entry
 * pays, the figure `make bench` compares).
 */
static void bench_run(unsigned long n, long (*fn)(unsigned long))
{
	/* The asm finds it as this CPU's frame; out: no watchdog budget. */
	static struct drvsup_frame f;
	unsigned long i, sum = 0;
	u64 t[5];

	t[0] = ktime_get_ns();
	for (i = 0; i < n; i++)
		sum += fn(i);
	t[1] = ktime_get_ns();
	f.ctx = (struct drvsup_ctx){ .fn = (unsigned long)fn };
	f.dom = st_dom;
	f.out = 1;
	preempt_disable();
	f.prev = this_cpu_read(drvsup_cur);
	this_cpu_write(drvsup_cur, &f);
	for (i = 0; i < n; i++)
		sum += drvsup_gate_call(&f.ctx, i, 0, 0, 0, 0, 0);
	this_cpu_write(drvsup_cur, f.prev);
	preempt_enable();
	t[2] = ktime_get_ns();
	local_bh_disable();
	for (i = 0; i < n; i++)
		sum += DRVSUP_CALL(st_dom, &st_entry, fn, i);
	local_bh_enable();
	t[3] = ktime_get_ns();
	for (i = 0; i < n; i++)
		sum += DRVSUP_CALL(st_dom, &st_entry, fn, i);
	t[4] = ktime_get_ns();
	OPTIMIZER_HIDE_VAR(sum);
	for (i = 0; i < 4; i++)
		t[i] = per_call(t[i + 1] - t[i], n);
	snprintf(bench_result, sizeof(bench_result),
		 "calls=%lu indirect_ns=%llu.%llu gate_ns=%llu.%llu ratio=%llu.%02llu asm_ns=%llu.%llu bh_gate_ns=%llu.%llu\n",
		 n, t[0] / 10, t[0] % 10, t[3] / 10, t[3] % 10,
		 div64_u64(t[3], max(t[0], 1ULL)),
		 div64_u64(t[3] * 100, max(t[0], 1ULL)) % 100,
		 t[1] / 10, t[1] % 10, t[2] / 10, t[2] % 10);
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	long (*bench_fn)(unsigned long) = bench_nop;
	unsigned long n;
	int err;

	err = kstrtoul_from_user(ubuf, len, 0, &n);
	if (err)
		return err;
	if (!n || n > 100000000)
		return -EINVAL;
	/* An indirect call the compiler cannot turn into a direct one. */
	OPTIMIZER_HIDE_VAR(bench_fn);
	mutex_lock(&st_lock);
	flush_work(&st_dom->fail_work);
	atomic_set(&st_dom->state, DRVSUP_RUNNING);
	bench_run(n, bench_fn);
	mutex_unlock(&st_lock);
	return len;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	return simple_read_from_buffer(ubuf, len, ppos, bench_result,
				       strlen(bench_result));
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.write = bench_write,
	.read = bench_read,
	.llseek = default_llseek,
};

static const struct file_operations st_fops = {
	.owner = THIS_MODULE,
	.write = st_write,
	.read = st_read,
	.llseek = default_llseek,
};

int drvsup_selftest_init(struct dentry *dir)
{
	st_dom = drvsup_domain_alloc("selftest");
	if (!st_dom)
		return -ENOMEM;
	init_completion(&st_done);
	debugfs_create_file("selftest", 0600, dir, NULL, &st_fops);
	debugfs_create_file("gatebench", 0600, dir, NULL, &bench_fops);
	return 0;
}

void drvsup_selftest_exit(void)
{
	del_timer_sync(&st_timer);
	irq_work_sync(&st_iw);
	flush_work(&st_dom->fail_work);
	drvsup_domain_free(&st_dom->kobj);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * owned.c - what memory a domain owns (model in owned.h), and the policy
 * of the two checks made against it, each with a debugfs knob saying
 * whether what lies outside is refused (enforce, the default), only
 * reported (warn), or not looked at (off), with its counts:
 *  - "argcheck": the objects the wrappers pass on for the kernel to write;
 *  - "writecheck": every store of a driver built with drvsup's store
 *    instrumentation (writecheck.c).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/rbtree_latch.h>
#include <linux/slab.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>

#include "domain.h"
#include "owned.h"

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

static __always_inline struct drvsup_extent *to_extent(struct latch_tree_node *n)
{
	return container_of(n, struct drvsup_extent, ltn);
}

/* The tree's order: by start, then by last. */
static __always_inline bool range_before(unsigned long start,
					 unsigned long last,
					 const struct drvsup_extent *e)
{
	return start < e->start || (start == e->start && last < e->last);
}

static __always_inline bool extent_less(struct latch_tree_node *a,
					struct latch_tree_node *b)
{
	struct drvsup_extent *x = to_extent(a);

	return range_before(x->start, x->last, to_extent(b));
}

/* @key: the address looked up. */
static __always_inline int extent_comp(void *key, struct latch_tree_node *n)
{
	unsigned long a = (unsigned long)key;
	struct drvsup_extent *e = to_extent(n);

	if (a < e->start)
		return -1;
	return a > e->last ? 1 : 0;
}

static const struct latch_tree_ops extent_ops = {
	.less = extent_less,
	.comp = extent_comp,
};

void drvsup_owned_init(struct drvsup_domain *d)
{
	struct latch_tree_root *t = &d->tracker.extents;

	seqcount_latch_init(&t->seq);
	t->tree[0] = RB_ROOT;
	t->tree[1] = RB_ROOT;
}

void drvsup_owned_destroy(struct drvsup_domain *d)
{
	struct latch_tree_root *t = &d->tracker.extents;
	struct rb_node *n;
	unsigned long flags;

	spin_lock_irqsave(&d->tracker.lock, flags);
	while ((n = rb_first(&t->tree[0]))) {
		struct drvsup_extent *e = to_extent(rb_entry(n, struct latch_tree_node,
						      node[0]));

		latch_tree_erase(&e->ltn, t, &extent_ops);
		kfree_rcu(e, rcu);
	}
	WRITE_ONCE(d->tracker.gen, d->tracker.gen + 1);
	spin_unlock_irqrestore(&d->tracker.lock, flags);
}

/* The extent [start, last] exactly, or NULL; under the tracker's lock. */
static struct drvsup_extent *extent_exact(struct drvsup_domain *d,
				   unsigned long start, unsigned long last)
{
	struct rb_node *n = d->tracker.extents.tree[0].rb_node;

	while (n) {
		struct drvsup_extent *e = to_extent(rb_entry(n, struct latch_tree_node,
						      node[0]));

		if (start == e->start && last == e->last)
			return e;
		if (range_before(start, last, e))
			n = n->rb_left;
		else
			n = n->rb_right;
	}
	return NULL;
}

/*
 * Tracker lock held with interrupts off: nothing may sleep, or enable
 * interrupts (a maple tree's node allocation, kmem_cache_alloc_bulk(),
 * does: an interrupt's lookup then saw a tree half written).
 */
int drvsup_extent_add_locked(struct drvsup_domain *d, unsigned long start,
			     size_t len)
{
	unsigned long last = start + len - 1;
	struct drvsup_extent *e;

	if (!len || last < start)
		return 0;
	e = extent_exact(d, start, last);
	if (e) {
		e->refs++;
		return 0;
	}
	e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		return -ENOMEM;
	e->start = start;
	e->last = last;
	e->refs = 1;
	latch_tree_insert(&e->ltn, &d->tracker.extents, &extent_ops);
	return 0;
}

void drvsup_extent_del_locked(struct drvsup_domain *d, unsigned long start,
			      size_t len)
{
	unsigned long last = start + len - 1;
	struct drvsup_extent *e;

	/* None: its add found no memory, and the checks never accepted it. */
	if (!len || last < start)
		return;
	e = extent_exact(d, start, last);
	if (!e || --e->refs)
		return;
	latch_tree_erase(&e->ltn, &d->tracker.extents, &extent_ops);
	WRITE_ONCE(d->tracker.gen, d->tracker.gen + 1);
	kfree_rcu(e, rcu);
}

/**
 * drvsup_own - the domain owns [@p, @p + @len) until drvsup_disown()
 * @d: the domain
 * @p: memory the kernel allocated for the driver's objects
 * @len: its length
 *
 * Returns 0 or -ENOMEM.
 */
int drvsup_own(struct drvsup_domain *d, const void *p, size_t len)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&d->tracker.lock, flags);
	err = drvsup_extent_add_locked(d, (unsigned long)p, len);
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	return err;
}
EXPORT_SYMBOL_NS_GPL(drvsup_own, DRVSUP_INTERNAL);

void drvsup_disown(struct drvsup_domain *d, const void *p, size_t len)
{
	unsigned long flags;

	spin_lock_irqsave(&d->tracker.lock, flags);
	drvsup_extent_del_locked(d, (unsigned long)p, len);
	spin_unlock_irqrestore(&d->tracker.lock, flags);
}
EXPORT_SYMBOL_NS_GPL(drvsup_disown, DRVSUP_INTERNAL);

/*
 * On the stack this code runs on: the task's (a softirq may run there),
 * or in interrupt context the part of the interrupt stack above the
 * stack pointer, where the driver's frames are.
 */
static bool on_stack(unsigned long a, unsigned long last)
{
	unsigned long lo = (unsigned long)task_stack_page(current);
	unsigned long sp = current_stack_pointer;

	if (a >= lo && last < lo + THREAD_SIZE)
		return true;
	return !in_task() && a >= sp && last < sp + IRQ_STACK_SIZE / 2;
}

bool drvsup_owns_data_or_stack(struct drvsup_domain *d, unsigned long a,
			       unsigned long last)
{
	return (a >= d->data_start && last < d->data_end) || on_stack(a, last);
}

const struct drvsup_extent *drvsup_extent_find(struct drvsup_domain *d,
					       unsigned long a,
					       unsigned long last)
{
	struct latch_tree_node *n;

	n = latch_tree_find((void *)a, &d->tracker.extents, &extent_ops);
	return n && last <= to_extent(n)->last ? to_extent(n) : NULL;
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

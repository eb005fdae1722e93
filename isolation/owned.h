/* SPDX-License-Identifier: GPL-2.0 */
/*
 * owned.h - the memory a domain owns, against which a wrapper checks the
 * objects a driver passes the kernel to write (a lock, a wait queue, a
 * list head...; wrappers/wrap.h has the rule for each type).
 *
 * A domain owns its module's writable data and bss, the stack it runs on,
 * and the *extents* of what the tracker holds for it: every
 * tracked object whose type has an extent() (a kmalloc block, DMA-coherent
 * memory, the net_device with its private area) and the memory a wrapper
 * adds by drvsup_own() (memory the kernel allocated for the driver's
 * objects, such as a net_device's queues). Extents live in a latch tree
 * per domain (two copies of an rbtree behind a seqcount: include/linux/
 * rbtree_latch.h), written under the tracker's lock, read under RCU from
 * any context (an NMI too).
 */
#ifndef DRVSUP_OWNED_H
#define DRVSUP_OWNED_H

#include <linux/percpu.h>
#include <linux/rbtree_latch.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct dentry;
struct drvsup_domain;

void drvsup_owned_init(struct drvsup_domain *d);
void drvsup_owned_destroy(struct drvsup_domain *d);

/* Under the tracker's lock (tracker.c): 0 or -ENOMEM. */
int drvsup_extent_add_locked(struct drvsup_domain *d, unsigned long start,
			     size_t len);
void drvsup_extent_del_locked(struct drvsup_domain *d, unsigned long start,
			      size_t len);

/*
 * An extent: [start, last], held @refs times (two owners of the same
 * bytes, e.g. the same block tracked twice, each give it back). A node of
 * the domain's latch tree, freed a grace period after its removal, which
 * bumps the tracker's @gen (tracker.h).
 */
struct drvsup_extent {
	struct latch_tree_node ltn;
	unsigned long start, last;
	unsigned int refs;
	struct rcu_head rcu;
};

/* Under rcu_read_lock(): the extent holding [@a, @last], or NULL. */
const struct drvsup_extent *drvsup_extent_find(struct drvsup_domain *d,
					       unsigned long a,
					       unsigned long last);
/* Is [@a, @last] in @d's data or on the stack the caller runs on? */
bool drvsup_owns_data_or_stack(struct drvsup_domain *d, unsigned long a,
			       unsigned long last);

int drvsup_own(struct drvsup_domain *d, const void *p, size_t len);
void drvsup_disown(struct drvsup_domain *d, const void *p, size_t len);
bool drvsup_owns(struct drvsup_domain *d, const void *p, size_t len);
bool drvsup_arg_owned(struct drvsup_domain *d, const void *p, size_t len,
		      const char *what, unsigned long site);

/*
 * The checks made against that memory, each with its debugfs knob
 * (checks.c): the wrappers' argument check, and the write check of drivers
 * built with the store instrumentation (writecheck.c). Modes and per-CPU
 * counts, read and bumped inline on the fast path.
 */
enum drvsup_check { DRVSUP_ARGCHECK, DRVSUP_WRITECHECK, DRVSUP_NR_CHECKS };
enum { DRVSUP_CHECK_OFF, DRVSUP_CHECK_WARN, DRVSUP_CHECK_ENFORCE };
extern int drvsup_check_modes[DRVSUP_NR_CHECKS];
DECLARE_PER_CPU(unsigned long[DRVSUP_NR_CHECKS], drvsup_nr_checked);
DECLARE_PER_CPU(unsigned long[DRVSUP_NR_CHECKS], drvsup_nr_outside);
/* What a check could not judge (writecheck: driver code outside a gate). */
DECLARE_PER_CPU(unsigned long[DRVSUP_NR_CHECKS], drvsup_nr_ungated);

void drvsup_owned_debugfs(struct dentry *dir);

#endif /* DRVSUP_OWNED_H */

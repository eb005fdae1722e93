// SPDX-License-Identifier: GPL-2.0
/*
 * args.c - the argument rules of wrap.h: an object a driver passes the
 * kernel to write lies in memory its domain owns (isolation/owned.h) or
 * in a kernel object the import table shares with every driver (its
 * "data shared" lines), one it passes to be read is mapped; a lock or a
 * wait queue is shaped like one; a driver's list is consistent.
 *
 * A driver's inline list_add()/list_del() call __list_add_valid() and
 * __list_del_entry_valid(), which BUG (CONFIG_BUG_ON_DATA_CORRUPTION) on
 * a list the driver corrupted. Supervised, the same checks run here with
 * reads that cannot fault, and a broken list is a contained fault of the
 * domain, refused before anything is written. Wrappers that hand a list
 * of the driver to the kernel (a wait queue) check it with dsw_bad_list().
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/poison.h>
#include <linux/rwsem.h>
#include <linux/semaphore.h>
#include <linux/wait.h>

#include "wrap.h"

static bool read_ptr(struct list_head *const *from, struct list_head **to)
{
	return !get_kernel_nofault(*to, from);
}

/*
 * Why the kernel may not use the object at @p of rule @r for @d, or NULL;
 * @shape: check its words too (not for an object about to be initialised).
 */
const char *dsw_arg_bad(struct drvsup_domain *d, const void *p,
			const struct dsw_arg_rule *r, bool shape,
			unsigned long site)
{
	char c;

	if (r->read_only)
		return get_kernel_nofault(c, (const char *)p) ||
		       get_kernel_nofault(c, (const char *)p + r->size - 1) ?
		       "not mapped" : NULL;
	if (dsw_gen_shared(p, r->size))
		return NULL;
	if (!drvsup_arg_owned(d, p, r->size, r->name, site))
		return "not in memory the domain owns";
	return shape && r->shaped && !r->shaped(p) ? "not shaped like one" : NULL;
}

/*
 * The shapes. The object is in memory the domain owns, so its own words
 * can be read; what they point at is read without faulting. Each test is
 * one a real object passes at any moment, with no lock held: a word in
 * range, a list pointer that can be read. A list's neighbours are not
 * followed while others may be changing them under the object's lock.
 */

/* A queued spinlock word: locked 0, 1 or paravirt's slow value, pending 0
 * or 1, its tail (CPU + 1) a CPU there is.
 */
static bool qlock_shaped(const arch_spinlock_t *l)
{
	u32 v = (u32)atomic_read(&l->val);
	u32 locked = (v & _Q_LOCKED_MASK) >> _Q_LOCKED_OFFSET;
	u32 pending = (v & _Q_PENDING_MASK) >> _Q_PENDING_OFFSET;

	return (locked == 0 || locked == _Q_LOCKED_VAL || locked == 3) &&
	       pending <= 1 && (v >> _Q_TAIL_CPU_OFFSET) <= nr_cpu_ids;
}

bool dsw_spinlock_shaped(const void *p)
{
	return qlock_shaped(&((const raw_spinlock_t *)p)->raw_lock);
}

/* A list head that can be read and points at readable neighbours. */
static bool list_shaped(const struct list_head *h)
{
	struct list_head *next, *prev, *x;

	return read_ptr(&h->next, &next) && read_ptr(&h->prev, &prev) &&
	       read_ptr(&next->prev, &x) && read_ptr(&prev->next, &x);
}

bool dsw_mutex_shaped(const void *p)
{
	const struct mutex *m = p;
	unsigned long owner = atomic_long_read(&m->owner) & ~0x07UL;

	return (!owner || virt_addr_valid(owner)) &&
	       qlock_shaped(&m->wait_lock.raw_lock) &&
#ifdef CONFIG_MUTEX_SPIN_ON_OWNER
	       (u32)atomic_read(&m->osq.tail) <= nr_cpu_ids &&
#endif
	       list_shaped(&m->wait_list);
}

bool dsw_waitq_shaped(const void *p)
{
	const struct wait_queue_head *wq = p;

	return dsw_spinlock_shaped(&wq->lock) && list_shaped(&wq->head);
}

bool dsw_completion_shaped(const void *p)
{
	const struct completion *c = p;

	return qlock_shaped(&c->wait.lock.raw_lock) &&
	       list_shaped(&c->wait.task_list);
}

bool dsw_sem_shaped(const void *p)
{
	const struct semaphore *s = p;

	return dsw_spinlock_shaped(&s->lock) && list_shaped(&s->wait_list);
}

bool dsw_rwsem_shaped(const void *p)
{
	const struct rw_semaphore *s = p;

	return dsw_spinlock_shaped(&s->wait_lock) && list_shaped(&s->wait_list);
}

/* True if @head or a neighbour cannot be read or does not point back. */
bool dsw_list_broken(const struct list_head *head)
{
	struct list_head *next, *prev, *back;

	if (!read_ptr(&head->next, &next) || !read_ptr(&head->prev, &prev))
		return true;
	if (!read_ptr(&next->prev, &back) || back != head)
		return true;
	return !read_ptr(&prev->next, &back) || back != head;
}

DSW(bool, __list_add_valid, struct list_head *new, struct list_head *prev,
	struct list_head *next)
{
	struct list_head *np, *pn;

	DSW_ENTER(d);
	if (!prev || !next || !read_ptr(&next->prev, &np) ||
	    !read_ptr(&prev->next, &pn) || np != prev || pn != next ||
	    new == prev || new == next) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "list_add(%p, %p, %p): corrupted list", new,
			  prev, next);
		return false;
	}
	DSW_LEAVE();
	return true;
}

DSW(bool, __list_del_entry_valid, struct list_head *entry)
{
	struct list_head *prev, *next, *back;
	bool ok;

	DSW_ENTER(d);
	ok = read_ptr(&entry->prev, &prev) && read_ptr(&entry->next, &next) &&
	     prev && next && next != LIST_POISON1 && prev != LIST_POISON2 &&
	     read_ptr(&prev->next, &back) && back == entry &&
	     read_ptr(&next->prev, &back) && back == entry;
	if (!ok) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "list_del(%p): corrupted list", entry);
		return false;
	}
	DSW_LEAVE();
	return true;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * args.c - the argument rules of wrap.h: an object a driver passes the
 * kernel to write lies in memory its domain owns (isolation/owned.h) or
 * in a kernel object the import table shares with every driver (its
 * "data shared" lines), one it passes to be read is mapped; a driver's
 * list is consistent.
 *
 * A driver's inline list_add()/list_del() call __list_add_valid() and
 * __list_del_entry_valid(), which BUG (CONFIG_BUG_ON_DATA_CORRUPTION) on
 * a list the driver corrupted. Supervised, the same checks run here with
 * reads that cannot fault, and a broken list is a contained fault of the
 * domain, refused before anything is written. Wrappers that hand a list
 * of the driver to the kernel (a wait queue) check it with dsw_bad_list().
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/list.h>
#include <linux/poison.h>

#include "wrap.h"

/* May the kernel write the object at @p of rule @r for @d? */
bool dsw_arg_ok(struct drvsup_domain *d, const void *p,
		const struct dsw_arg_rule *r, unsigned long site)
{
	char c;

	if (r->read_only)
		return !get_kernel_nofault(c, (const char *)p) &&
		       !get_kernel_nofault(c, (const char *)p + r->size - 1);
	return dsw_gen_shared(p, r->size) ||
	       drvsup_arg_owned(d, p, r->size, r->name, site);
}

static bool read_ptr(struct list_head *const *from, struct list_head **to)
{
	return !get_kernel_nofault(*to, from);
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

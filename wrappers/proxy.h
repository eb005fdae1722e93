/* SPDX-License-Identifier: GPL-2.0 */
/*
 * proxy.h - the proxies through which the kernel calls a driver's methods,
 * written as table lines, and gated copies of the method tables a driver
 * hands the kernel (net_device_ops, ethtool_ops, dev_pm_ops,
 * pci_error_handlers).
 *
 * For each table type there is one static table of proxies, a gate per
 * method. dsw_gate_table() copies the driver's table and replaces every
 * member that points into the driver's code by the proxy at the same
 * offset; members that point elsewhere (kernel helpers such as
 * eth_validate_addr) are kept as they are. A driver method with no proxy
 * makes the copy fail: the kernel must never call driver code ungated.
 */
#ifndef DRVSUP_PROXY_H
#define DRVSUP_PROXY_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "../isolation/domain.h"
#include "../isolation/owned.h"

/* --- proxy table lines ---------------------------------------------------- */

#define DSW_UNPAREN(...) __VA_ARGS__

/*
 * A method's result as its type: the callee set only the low bytes of rax
 * for a narrow return type (bool in al), take exactly those.
 */
#define DSW_RET(rt, v)							\
	({								\
		long __v = (v);						\
		rt __r;							\
									\
		static_assert(sizeof(rt) <= sizeof(long));		\
		memcpy(&__r, &__v, sizeof(__r));			\
		__r;							\
	})

/*
 * One line, one proxy. A file proxying a table of methods picks a prefix
 * pfx and defines for it:
 *   pfx_proxy_of(x)          the proxy record of a call, from an argument
 *   pfx_method(p, op)        the driver's method op, from the record p
 *   pfx_gate(p, e, fn, ...)  the crossing: DSW_GATE, or a wrapper of it
 * Then each line
 *   DSW_PROXY_R(pfx, op, rt, (entry), rec, (params), (args))
 *   DSW_PROXY_V(pfx, op, (entry), rec, (params), (args))
 * defines the gate's entry pfx_entry_op (struct drvsup_entry: name,
 * failret[, setup]) and the proxy pfx_proxy_op(params): p =
 * pfx_proxy_of(rec), then pfx_method(p, op)(args) through the gate; @args
 * may name the record p. A value proxy returns the method's result, or
 * the entry's failret when the gate unwound it.
 *
 * A table the driver's class shadow can stand in for uses the guarded
 * lines: their prefix also defines
 *   pfx_away(p)    the driver is not to be called (being restarted)
 *   pfx_failed(p)  the driver failed during the call or before it
 * and the kernel gets @fail (an expression over the parameters), or the
 * void proxy runs @on_fail, whenever either holds.
 *   DSW_GUARDED_R(pfx, op, rt, fail, rec, (params), (args))
 *   DSW_GUARDED_V(pfx, op, rec, (params), (args), on_fail)
 * Their entries are named after the method, with failret 0.
 */
#define DSW_GATE(p, e, ...)	DRVSUP_CALL((p)->d, e, __VA_ARGS__)

/*
 * Lend (@lend) or take back [@buf, @buf + @len), memory of the kernel's,
 * to @d for one call: in the write set of a driver whose stores are
 * checked (owned.h). Nothing for any other driver.
 */
static inline void dsw_lend(struct drvsup_domain *d, const void *buf,
			    size_t len, bool lend)
{
	/* A constant NULL @buf (DSW_GUARDED_*) compiles to nothing. */
	if (!buf || !len || likely(!READ_ONCE(d->writes_checked)))
		return;
	if (lend)
		drvsup_own(d, buf, len);
	else
		drvsup_disown(d, buf, len);
}

#define __DSW_CALL(pfx, op, p, args)					\
	pfx##_gate(p, &pfx##_entry_##op, pfx##_method(p, op),		\
		   DSW_UNPAREN args)

#define DSW_PROXY_R(pfx, op, rt, entry, rec, params, args)		\
	static struct drvsup_entry pfx##_entry_##op = { DSW_UNPAREN entry }; \
	static rt pfx##_proxy_##op params				\
	{								\
		typeof(pfx##_proxy_of(rec)) p = pfx##_proxy_of(rec);	\
									\
		return DSW_RET(rt, __DSW_CALL(pfx, op, p, args));	\
	}

#define DSW_PROXY_V(pfx, op, entry, rec, params, args)			\
	static struct drvsup_entry pfx##_entry_##op = { DSW_UNPAREN entry }; \
	static void pfx##_proxy_##op params				\
	{								\
		typeof(pfx##_proxy_of(rec)) p = pfx##_proxy_of(rec);	\
									\
		__DSW_CALL(pfx, op, p, args);				\
	}

#define DSW_GUARDED_R(pfx, op, rt, fail, rec, params, args)		\
	DSW_LENDING_R(pfx, op, rt, fail, rec, params, args, NULL, 0)
#define DSW_GUARDED_V(pfx, op, rec, params, args, on_fail)		\
	DSW_LENDING_V(pfx, op, rec, params, args, on_fail, NULL, 0)

/*
 * The same, for a method the kernel hands a buffer to fill that no type
 * sizes (an ethtool method's data array): [@buf, @buf + @len), expressions
 * over the parameters, is lent to the driver for the call (dsw_lend()).
 */
#define DSW_LENDING_R(pfx, op, rt, fail, rec, params, args, buf, len)	\
	static struct drvsup_entry pfx##_entry_##op = { #op, 0 };	\
	static rt pfx##_proxy_##op params				\
	{								\
		typeof(pfx##_proxy_of(rec)) p = pfx##_proxy_of(rec);	\
		rt __ret;						\
									\
		if (pfx##_away(p))					\
			return (fail);					\
		dsw_lend(p->d, buf, len, true);				\
		__ret = DSW_RET(rt, __DSW_CALL(pfx, op, p, args));	\
		dsw_lend(p->d, buf, len, false);			\
		if (pfx##_failed(p))					\
			__ret = (fail);					\
		return __ret;						\
	}

#define DSW_LENDING_V(pfx, op, rec, params, args, on_fail, buf, len)	\
	static struct drvsup_entry pfx##_entry_##op = { #op, 0 };	\
	static void pfx##_proxy_##op params				\
	{								\
		typeof(pfx##_proxy_of(rec)) p = pfx##_proxy_of(rec);	\
									\
		if (!pfx##_away(p)) {					\
			dsw_lend(p->d, buf, len, true);			\
			__DSW_CALL(pfx, op, p, args);			\
			dsw_lend(p->d, buf, len, false);		\
		}							\
		if (pfx##_away(p) || pfx##_failed(p))			\
			(void)on_fail;					\
	}

/* --- gated copies of method tables ---------------------------------------- */

/* Is @p inside the module core of @d (its code, data or kept init)? */
static inline bool dsw_in_domain(const struct drvsup_domain *d, const void *p)
{
	unsigned long a = (unsigned long)p;

	return a >= d->mem_start && a < d->mem_end;
}

/*
 * A member of a copied table: @proxy if the driver's @fn is its code, @fn
 * itself if it is a kernel helper (or NULL).
 */
#define dsw_gated(d, fn, proxy)	(dsw_in_domain(d, fn) ? (proxy) : (fn))

/**
 * dsw_gate_table - copy a method table with the driver's methods gated
 * @d: the driver's domain
 * @copy: the copy to fill (@size bytes)
 * @orig: the driver's table
 * @proxies: the proxy of each method, at the same offsets
 * @first: offset of the first method (data members come before)
 * @size: size of the table type; methods fill [@first, @size)
 *
 * Returns how many members were gated, or -(offset + 1) of the first
 * driver method that has no proxy.
 */
static inline long dsw_gate_table(const struct drvsup_domain *d, void *copy,
				  const void *orig, const void *proxies,
				  size_t first, size_t size)
{
	const void * const *from = orig + first;
	const void * const *gate = proxies + first;
	const void **to = copy + first;
	size_t i, n = (size - first) / sizeof(void *);
	long gated = 0;

	memcpy(copy, orig, size);
	for (i = 0; i < n; i++) {
		if (!from[i] || !dsw_in_domain(d, from[i]))
			continue;
		if (!gate[i])
			return -(long)(first + i * sizeof(void *)) - 1;
		to[i] = gate[i];
		gated++;
	}
	return gated;
}

/**
 * dsw_answer_table - put answers in place of gated members
 * @copy: a table dsw_gate_table() filled from @gates
 * @gates: the proxies it was filled from
 * @answers: a table of the same type; its non-NULL members replace the
 *	members of @copy that are the gate at the same offset (NULL: none)
 * @first: offset of the first method
 * @size: size of the table type
 */
static inline void dsw_answer_table(void *copy, const void *gates,
				    const void *answers, size_t first,
				    size_t size)
{
	const void * const *gate = gates + first;
	const void * const *answer;
	const void **to = copy + first;
	size_t i, n = (size - first) / sizeof(void *);

	if (!answers)
		return;
	answer = answers + first;
	for (i = 0; i < n; i++)
		if (answer[i] && to[i] == gate[i])
			to[i] = answer[i];
}

#endif /* DRVSUP_PROXY_H */

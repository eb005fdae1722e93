/* SPDX-License-Identifier: GPL-2.0 */
/*
 * proxy.h - gated copies of the method tables a driver hands the kernel
 * (net_device_ops, ethtool_ops, dev_pm_ops, pci_error_handlers).
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

/* Is @p inside the module core of @d (its code, data or kept init)? */
static inline bool dsw_in_domain(const struct drvsup_domain *d, const void *p)
{
	unsigned long a = (unsigned long)p;

	return a >= d->mem_start && a < d->mem_end;
}

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

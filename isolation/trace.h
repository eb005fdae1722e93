/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h - drvsup:contained_fault, one event per fault a gate contained
 * (emitted by report.c, next to the one line it prints):
 *
 *   echo 1 >/sys/kernel/tracing/events/drvsup/contained_fault/enable
 *
 * Its fields are read by `drvsup trace` (tools/bpf/drvsup.bpf.c lays the
 * record out the same way: keep the two in step).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM drvsup

#if !defined(DRVSUP_ISOLATION_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define DRVSUP_ISOLATION_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(contained_fault,
	TP_PROTO(const char *driver, const char *kind, const char *ep,
		 const char *where, unsigned long ip, unsigned long addr),
	TP_ARGS(driver, kind, ep, where, ip, addr),
	TP_STRUCT__entry(
		__string(driver, driver)
		__string(kind, kind)
		__string(ep, ep)
		__string(where, where)
		__field(unsigned long, ip)
		__field(unsigned long, addr)
	),
	TP_fast_assign(
		__assign_str(driver, driver);
		__assign_str(kind, kind);
		__assign_str(ep, ep);
		__assign_str(where, where);
		__entry->ip = ip;
		__entry->addr = addr;
	),
	TP_printk("driver=%s kind=%s ep=%s where=%s ip=%#lx addr=%#lx",
		  __get_str(driver), __get_str(kind), __get_str(ep),
		  __get_str(where), __entry->ip, __entry->addr)
);

#endif /* DRVSUP_ISOLATION_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>

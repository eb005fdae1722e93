/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h - drvsup:recovery_phase, one event per phase of a recovery, and
 * drvsup:recovery_done, one per attempt's end (recovered, failed: it
 * faulted again, refused: init or a replay returned an error, dead: past
 * the restart budget):
 *
 *   echo 1 >/sys/kernel/tracing/events/drvsup/recovery_phase/enable
 *
 * `drvsup trace` reads both (tools/bpf/drvsup.bpf.c lays the records out
 * the same way: keep the two in step).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM drvsup

#if !defined(DRVSUP_SHADOW_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define DRVSUP_SHADOW_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(recovery_phase,
	TP_PROTO(const char *driver, const char *phase, u64 ns,
		 unsigned int attempt),
	TP_ARGS(driver, phase, ns, attempt),
	TP_STRUCT__entry(
		__string(driver, driver)
		__string(phase, phase)
		__field(u64, ns)
		__field(unsigned int, attempt)
	),
	TP_fast_assign(
		__assign_str(driver, driver);
		__assign_str(phase, phase);
		__entry->ns = ns;
		__entry->attempt = attempt;
	),
	TP_printk("driver=%s phase=%s us=%llu attempt=%u", __get_str(driver),
		  __get_str(phase), __entry->ns / 1000, __entry->attempt)
);

TRACE_EVENT(recovery_done,
	TP_PROTO(const char *driver, const char *result, u64 ns,
		 unsigned int attempt),
	TP_ARGS(driver, result, ns, attempt),
	TP_STRUCT__entry(
		__string(driver, driver)
		__string(result, result)
		__field(u64, ns)
		__field(unsigned int, attempt)
	),
	TP_fast_assign(
		__assign_str(driver, driver);
		__assign_str(result, result);
		__entry->ns = ns;
		__entry->attempt = attempt;
	),
	TP_printk("driver=%s result=%s us=%llu attempt=%u", __get_str(driver),
		  __get_str(result), __entry->ns / 1000, __entry->attempt)
);

#endif /* DRVSUP_SHADOW_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>

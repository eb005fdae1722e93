// SPDX-License-Identifier: GPL-2.0
/*
 * drvsup.bpf.c - the BPF side of `drvsup trace` and `drvsup latency`.
 *
 * Three tracepoint programs on drvsup's own events (contained_fault in
 * isolation/trace.h, recovery_phase and recovery_done in shadow/trace.h)
 * copy each event into a ring buffer and count phase durations into log2
 * histograms; a kprobe on drvsup_gate() counts gate crossings per driver
 * and entry point. All counting is here, in maps: nothing is read from
 * drvsup's own counters.
 *
 * drvsup.ko has no BTF, so its tracepoint records are laid out below by
 * hand from the TRACE_EVENT definitions (a common header of 8 bytes, then
 * the fields in order; a __string is a __data_loc u32: offset from the
 * record's start in the low 16 bits, length in the high 16). `drvsup
 * trace` checks these offsets against the events' format files before it
 * loads this program. The kernel's own types come from the guest kernel's
 * BTF (vmlinux.h, generated at build time), with CO-RE relocations.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "events.h"

char LICENSE[] SEC("license") = "GPL";

/* Only this driver's events and crossings ("" : every driver). */
const volatile char filter[DT_NAME_LEN] = "";

/* Events the ring buffer had no room for. */
__u64 dropped = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct dt_hist_key);
	__type(value, struct dt_hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct dt_gate_key);
	__type(value, __u64);
} gates SEC(".maps");

/* struct trace_event_raw_contained_fault */
struct tp_fault {
	__u64 common;
	__u32 driver, kind, ep, where;
	unsigned long ip, addr;
};

/* struct trace_event_raw_recovery_phase and _recovery_done */
struct tp_phase {
	__u64 common;
	__u32 driver, word;
	__u64 ns;
	__u32 attempt;
};

/* Copy the __data_loc string @loc of the record @rec into @dst. */
static __always_inline void loc_str(char *dst, __u32 size, void *rec,
				    __u32 loc)
{
	bpf_probe_read_kernel_str(dst, size, (char *)rec + (loc & 0xffff));
}

static __always_inline bool wanted(const char *driver)
{
	int i;

	if (!filter[0])
		return true;
	for (i = 0; i < DT_NAME_LEN; i++) {
		if (driver[i] != filter[i])
			return false;
		if (!driver[i])
			return true;
	}
	return true;
}

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 r = 0;

	while (v > 1 && r < DT_SLOTS - 1) {
		v >>= 1;
		r++;
	}
	return r;
}

static __always_inline void hist_add(const char *driver, const char *phase,
				     __u64 ns)
{
	static const struct dt_hist zero;
	struct dt_hist_key k = {};
	struct dt_hist *h;

	__builtin_memcpy(k.driver, driver, DT_NAME_LEN);
	__builtin_memcpy(k.phase, phase, DT_WORD_LEN);
	h = bpf_map_lookup_elem(&hists, &k);
	if (!h) {
		bpf_map_update_elem(&hists, &k, &zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &k);
		if (!h)
			return;
	}
	__sync_fetch_and_add(&h->slots[log2_slot(ns / 1000)], 1);
}

static __always_inline struct dt_event *event_new(__u32 type)
{
	struct dt_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return NULL;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->type = type;
	e->ts_ns = bpf_ktime_get_ns();
	return e;
}

/* A new event of @type for the driver named in record @rec, or NULL when
 * the ring is full or the driver is filtered out. */
static __always_inline struct dt_event *event_of(__u32 type, void *rec,
						 __u32 driver_loc)
{
	struct dt_event *e = event_new(type);

	if (!e)
		return NULL;
	loc_str(e->driver, sizeof(e->driver), rec, driver_loc);
	if (!wanted(e->driver)) {
		bpf_ringbuf_discard(e, 0);
		return NULL;
	}
	return e;
}

SEC("tracepoint/drvsup/contained_fault")
int on_fault(struct tp_fault *tp)
{
	struct dt_event *e = event_of(DT_FAULT, tp, tp->driver);

	if (!e)
		return 0;
	loc_str(e->word, sizeof(e->word), tp, tp->kind);
	loc_str(e->ep, sizeof(e->ep), tp, tp->ep);
	loc_str(e->where, sizeof(e->where), tp, tp->where);
	e->ip = tp->ip;
	e->addr = tp->addr;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

static __always_inline int on_recovery(struct tp_phase *tp, __u32 type)
{
	struct dt_event *e = event_of(type, tp, tp->driver);

	if (!e)
		return 0;
	loc_str(e->word, sizeof(e->word), tp, tp->word);
	e->ns = tp->ns;
	e->attempt = tp->attempt;
	if (type == DT_PHASE)
		hist_add(e->driver, e->word, e->ns);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/drvsup/recovery_phase")
int on_phase(struct tp_phase *tp)
{
	return on_recovery(tp, DT_PHASE);
}

SEC("tracepoint/drvsup/recovery_done")
int on_done(struct tp_phase *tp)
{
	return on_recovery(tp, DT_DONE);
}

/*
 * Every kernel->driver call: drvsup_gate(d, e, fn, ...), d->name at offset
 * 8 of struct drvsup_domain, e->name at 0 of struct drvsup_entry (pinned
 * by static_asserts in isolation/report.c).
 */
SEC("kprobe/drvsup_gate")
int on_gate(struct pt_regs *ctx)
{
	struct dt_gate_key k = {};
	const char *s = NULL;
	/* the arguments through CO-RE: pt_regs as the guest kernel has it */
	void *d = (void *)PT_REGS_PARM1_CORE(ctx);
	void *entry = (void *)PT_REGS_PARM2_CORE(ctx);
	static const __u64 zero;
	__u64 *n;

	bpf_probe_read_kernel(&s, sizeof(s), (char *)d + 8);
	bpf_probe_read_kernel_str(k.driver, sizeof(k.driver), s);
	if (!wanted(k.driver))
		return 0;
	s = NULL;
	bpf_probe_read_kernel(&s, sizeof(s), entry);
	bpf_probe_read_kernel_str(k.ep, sizeof(k.ep), s);
	n = bpf_map_lookup_elem(&gates, &k);
	if (!n) {
		/* another CPU may insert it first: then count in its slot */
		bpf_map_update_elem(&gates, &k, &zero, BPF_NOEXIST);
		n = bpf_map_lookup_elem(&gates, &k);
		if (!n)
			return 0;
	}
	__sync_fetch_and_add(n, 1);
	return 0;
}

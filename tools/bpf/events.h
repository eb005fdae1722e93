/* SPDX-License-Identifier: GPL-2.0 */
/*
 * events.h - what drvsup.bpf.c hands to `drvsup trace` and `drvsup
 * latency`: the ring buffer's event record and the maps' keys and values.
 * Included by the BPF program (after vmlinux.h) and by userspace (after
 * <linux/types.h>).
 */
#ifndef DRVSUP_BPF_EVENTS_H
#define DRVSUP_BPF_EVENTS_H

#define DT_NAME_LEN	32	/* a driver's or an entry point's name */
#define DT_WORD_LEN	24	/* a fault kind, a phase, a result */
#define DT_WHERE_LEN	96	/* a fault site, sym+off/size [module] */
#define DT_SLOTS	32	/* log2 buckets of a phase histogram, in us */

enum dt_type {
	DT_FAULT = 1,		/* drvsup:contained_fault */
	DT_PHASE = 2,		/* drvsup:recovery_phase */
	DT_DONE = 3,		/* drvsup:recovery_done */
};

struct dt_event {
	__u32 type;		/* enum dt_type */
	__u32 attempt;		/* DT_PHASE, DT_DONE */
	__u64 ts_ns;		/* bpf_ktime_get_ns() */
	__u64 ns;		/* DT_PHASE, DT_DONE: the duration */
	__u64 ip, addr;		/* DT_FAULT */
	char driver[DT_NAME_LEN];
	char word[DT_WORD_LEN];	/* kind, phase or result */
	char ep[DT_NAME_LEN];	/* DT_FAULT: the entry point */
	char where[DT_WHERE_LEN]; /* DT_FAULT */
};

/* A phase histogram: per driver and phase. */
struct dt_hist_key {
	char driver[DT_NAME_LEN];
	char phase[DT_WORD_LEN];
};

struct dt_hist {
	__u64 slots[DT_SLOTS];
};

/* Gate crossings: per driver and entry point. */
struct dt_gate_key {
	char driver[DT_NAME_LEN];
	char ep[DT_NAME_LEN];
};

#endif /* DRVSUP_BPF_EVENTS_H */

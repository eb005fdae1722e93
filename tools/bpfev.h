/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpfev.h - drvsup's BPF program (bpf/drvsup.bpf.c) from userspace: load
 * and attach it, read its events as they come, and its maps (phase
 * histograms, gate crossings). Used by `drvsup trace` and `drvsup latency`.
 */
#ifndef DRVSUP_BPFEV_H
#define DRVSUP_BPFEV_H

#include <linux/types.h>
#include <stddef.h>

#include "bpf/events.h"

struct bpfev;

/* Why bpfev_open() failed. */
enum bpfev_err {
	BPFEV_NOBPF = 1,	/* the kernel refused or lacks BPF: why says */
	BPFEV_NOCORE,		/* no drvsup events: drvsup.ko not loaded */
	BPFEV_LAYOUT,		/* the events are not laid out as expected */
};

/*
 * Load the program (only @driver's events and crossings unless NULL) and
 * attach it. NULL on failure, with *err and a one-line reason in @why.
 */
struct bpfev *bpfev_open(const char *driver, enum bpfev_err *err, char *why,
			 size_t len);

/* Called once per event; a non-zero return stops bpfev_poll(). */
typedef int (*bpfev_fn)(void *ctx, const struct dt_event *e);

/*
 * Wait up to @ms for events and hand each to @fn. Returns the number
 * handled, or -errno (-EINTR when a signal came).
 */
int bpfev_poll(struct bpfev *b, int ms, bpfev_fn fn, void *ctx);

/* Each phase histogram, each gate-crossing count (unordered). */
typedef void (*bpfev_hist_fn)(void *ctx, const struct dt_hist_key *k,
			      const struct dt_hist *h);
typedef void (*bpfev_gate_fn)(void *ctx, const struct dt_gate_key *k,
			      __u64 n);
int bpfev_hists(struct bpfev *b, bpfev_hist_fn fn, void *ctx);
int bpfev_gates(struct bpfev *b, bpfev_gate_fn fn, void *ctx);

/* Events the ring buffer had no room for. */
__u64 bpfev_dropped(struct bpfev *b);

void bpfev_close(struct bpfev *b);

#endif /* DRVSUP_BPFEV_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recovery.h - the shadow's sysfs files as data (phases, recoveries,
 * restart_budget: docs/sysfs.md) and the distribution of a sample
 * (min, median, p99, max). Pure logic, unit-tested on the host
 * (tests/unit/test_recovery.c); status.c and latency.c use it.
 */
#ifndef DRVSUP_RECOVERY_H
#define DRVSUP_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The lines of `phases`, in the order shadow/core.c prints them. */
enum rec_phase {
	PH_QUIESCE,
	PH_RELEASE,
	PH_RESET,
	PH_RESTART,
	PH_REPLAY,
	PH_RESUME,
	PH_TOTAL,	/* fault -> serving again */
	PH_COLD_INIT,	/* the driver's first init */
	PH_NR,
};
extern const char *const rec_phase_name[PH_NR];

struct rec_phases {
	uint64_t last_us[PH_NR];
	uint64_t total_us[PH_NR];
	bool have[PH_NR];		/* the line was there */
};

/*
 * Parse `phases` ("phase last_us total_us" header, then "NAME LAST TOTAL"
 * lines). Unknown names are skipped (a newer drvsup.ko may add phases).
 * Returns the number of known phases read, -1 if a line is malformed.
 */
int rec_phases_parse(const char *text, struct rec_phases *p);

struct rec_counts {
	uint64_t recovered, failed, attempts;
	uint64_t from_ckpt;		/* of recovered; 0 if the line is absent */
};

/* Parse `recoveries` ("recovered N\nfailed N\nattempts N", and from a
 * drvsup.ko with checkpoints "from-checkpoint N"): 0, or -1 if one of
 * the first three is missing or a count is malformed. */
int rec_counts_parse(const char *text, struct rec_counts *c);

struct rec_budget {
	unsigned int max, window_ms, backoff_ms;
};

/* Parse `restart_budget` ("MAX WINDOW_MS BACKOFF_MS"): 0, or -1. */
int rec_budget_parse(const char *text, struct rec_budget *b);

/* The distribution of a sample; all zero when n is 0. */
struct dist {
	size_t n;
	double min, median, p99, max;
};

/*
 * The @p-th percentile (0..100) of @sorted (ascending, @n > 0), linearly
 * interpolated between the closest ranks (numpy's default): p 50 of an
 * even-sized sample is the mean of the middle two.
 */
double percentile(const double *sorted, size_t n, double p);

/* Sort @v (in place) and describe it. */
void dist_of(double *v, size_t n, struct dist *d);

#endif /* DRVSUP_RECOVERY_H */

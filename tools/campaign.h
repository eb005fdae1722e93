/* SPDX-License-Identifier: GPL-2.0 */
/*
 * campaign.h - what campaign.c and report.c share, and the pure helpers
 * the unit tests reach: trial ids and seeds, the progress line, JSON
 * line fields, Wilson intervals.
 */
#ifndef DRVSUP_CAMPAIGN_H
#define DRVSUP_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* faultinj.md's outcome classes, in report order */
#define CAMPAIGN_OUTCOMES 8
extern const char *const campaign_outcomes[CAMPAIGN_OUTCOMES];
int campaign_outcome_index(const char *s);	/* -1 if none of them */

void campaign_job_id(char *buf, size_t len, unsigned long index,
		     const char *column);
uint64_t campaign_job_seed(uint64_t seed, unsigned long index);

/* A duration for people: "42s", "12m05s", "2h07m". */
void campaign_duration(char *buf, size_t len, long secs);

/* The campaign's progress line: DONE/TOTAL trials, the rate of this run
 * (DONE_RUN in ELAPSED_MS), the ETA at that rate, the elapsed time and
 * the non-zero COUNTS by outcome (campaign_outcomes' order, then one for
 * any other). Returns its length (cut at len - 1). */
size_t campaign_progress_line(char *buf, size_t len, size_t done,
			      size_t total, size_t done_run, long elapsed_ms,
			      const unsigned long counts[CAMPAIGN_OUTCOMES + 1]);

/* The value of top-level "key" in a JSON line: a string (unquoted,
 * unescaped into buf) or a bare number/literal. False if absent. */
bool json_field(const char *line, const char *key, char *buf, size_t len);

/* Wilson score interval for k of n at 95%: [*lo, *hi] (0..1). */
void wilson95(unsigned long k, unsigned long n, double *lo, double *hi);

#endif /* DRVSUP_CAMPAIGN_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * recovery.c - parsing the shadow's sysfs files, and sample distributions
 * (recovery.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "recovery.h"

const char *const rec_phase_name[PH_NR] = {
	[PH_QUIESCE] = "quiesce",
	[PH_RELEASE] = "release",
	[PH_RESET] = "reset",
	[PH_RESTART] = "restart",
	[PH_REPLAY] = "replay",
	[PH_RESUME] = "resume",
	[PH_TOTAL] = "total",
	[PH_COLD_INIT] = "cold-init",
};

/* A decimal number at *s (no sign), then blanks; false if there is none. */
static bool number(const char **s, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)**s))
		return false;
	errno = 0;
	*v = strtoull(*s, &end, 10);
	if (errno)
		return false;
	*s = end;
	while (**s == ' ' || **s == '\t')
		(*s)++;
	return true;
}

/* The next line of *s into buf (without '\n'); false at the end. */
static bool next_line(const char **s, char *buf, size_t n)
{
	const char *nl;
	size_t len;

	if (!**s)
		return false;
	nl = strchr(*s, '\n');
	len = nl ? (size_t)(nl - *s) : strlen(*s);
	if (len >= n)
		len = n - 1;
	memcpy(buf, *s, len);
	buf[len] = '\0';
	*s = nl ? nl + 1 : *s + strlen(*s);
	return true;
}

int rec_phases_parse(const char *text, struct rec_phases *p)
{
	char line[128];
	int found = 0;

	memset(p, 0, sizeof(*p));
	while (next_line(&text, line, sizeof(line))) {
		char name[32];
		const char *s;
		uint64_t last, total;
		size_t len = strcspn(line, " \t");
		int i;

		if (!len)
			continue;		/* blank */
		if (len >= sizeof(name))
			return -1;
		memcpy(name, line, len);
		name[len] = '\0';
		if (!strcmp(name, "phase"))
			continue;		/* the header */
		s = line + len;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!number(&s, &last) || !number(&s, &total) || *s)
			return -1;
		for (i = 0; i < PH_NR; i++) {
			if (strcmp(name, rec_phase_name[i]))
				continue;
			if (!p->have[i])
				found++;
			p->last_us[i] = last;
			p->total_us[i] = total;
			p->have[i] = true;
		}
	}
	return found;
}

int rec_counts_parse(const char *text, struct rec_counts *c)
{
	static const char *const key[] = {
		"recovered", "failed", "attempts", "from-checkpoint"
	};
	uint64_t *val[] = { &c->recovered, &c->failed, &c->attempts, &c->from_ckpt };
	unsigned int seen = 0;
	char line[128];
	size_t i;

	memset(c, 0, sizeof(*c));
	while (next_line(&text, line, sizeof(line))) {
		for (i = 0; i < 4; i++) {
			size_t k = strlen(key[i]);
			const char *s = line + k;

			if (strncmp(line, key[i], k) || *s != ' ')
				continue;
			while (*s == ' ')
				s++;
			if (!number(&s, val[i]) || *s)
				return -1;
			seen |= 1u << i;
		}
	}
	return (seen & 7) == 7 ? 0 : -1;
}

int rec_budget_parse(const char *text, struct rec_budget *b)
{
	const char *s = text;
	uint64_t v[3];
	int i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < 3; i++)
		if (!number(&s, &v[i]) || v[i] > 0xffffffffu)
			return -1;
	while (*s == '\n')
		s++;
	if (*s)
		return -1;
	b->max = v[0];
	b->window_ms = v[1];
	b->backoff_ms = v[2];
	return 0;
}

double percentile(const double *sorted, size_t n, double p)
{
	double pos, frac;
	size_t lo;

	if (p <= 0 || n == 1)
		return sorted[0];
	if (p >= 100)
		return sorted[n - 1];
	pos = p / 100 * (double)(n - 1);
	lo = (size_t)pos;
	frac = pos - (double)lo;
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void dist_of(double *v, size_t n, struct dist *d)
{
	memset(d, 0, sizeof(*d));
	d->n = n;
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	d->min = v[0];
	d->median = percentile(v, n, 50);
	d->p99 = percentile(v, n, 99);
	d->max = v[n - 1];
}

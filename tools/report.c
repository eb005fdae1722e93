// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - drvsup report DIR: a campaign's trials.jsonl summarised in
 * DIR/report.md (first the Nooks-comparable rate: of the faults that
 * crashed the plain kernel, the share survived under supervision; then
 * outcomes by fault type, supervised vs baseline; system
 * survival and transparency with Wilson 95% intervals; the recovery
 * latency distribution; a consistency check), and DIR/report.png drawn by
 * gnuplot (outcomes by type, latency CDF). Exit status 11 (data) when a
 * trial is unreadable or unclassified, so a test can rely on the counts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "drvsup.h"
#include "target.h"

const char *const campaign_outcomes[CAMPAIGN_OUTCOMES] = {
	"not-activated", "no-effect", "contained-transparent",
	"contained-visible", "driver-dead", "silent-corruption",
	"system-hang", "system-crash",
};

int campaign_outcome_index(const char *s)
{
	int i;

	for (i = 0; i < CAMPAIGN_OUTCOMES; i++)
		if (!strcmp(s, campaign_outcomes[i]))
			return i;
	return -1;
}

bool json_field(const char *line, const char *key, char *buf, size_t len)
{
	char pat[80];
	const char *p;
	size_t n = 0;
	int depth = 0;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	/* only at the top level: skip nested objects */
	for (p = line; *p; p++) {
		if (*p == '"') {	/* a string: match the key or skip it */
			if (depth == 1 && !strncmp(p, pat, strlen(pat)))
				break;
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return false;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		}
	}
	if (!*p)
		return false;
	p += strlen(pat);
	if (*p == '"') {
		for (p++; *p && *p != '"' && n + 1 < len; p++) {
			if (*p == '\\' && p[1])
				p++;
			buf[n++] = *p;
		}
	} else {
		while (*p && *p != ',' && *p != '}' && n + 1 < len)
			buf[n++] = *p++;
	}
	buf[n] = '\0';
	return true;
}

void wilson95(unsigned long k, unsigned long n, double *lo, double *hi)
{
	const double z = 1.959964;
	double p, d, c, h;

	if (!n) {
		*lo = 0;
		*hi = 1;
		return;
	}
	p = (double)k / n;
	d = 1 + z * z / n;
	c = (p + z * z / (2.0 * n)) / d;
	h = z * sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
}

enum { COL_SUP, COL_BASE, COLS };
static const char *const col_names[COLS] = { "supervised", "baseline" };

/* The outcomes of one trial index in both columns (-1: not run). */
struct pair {
	signed char o[COLS];
};

struct tally {
	unsigned long n[FIT_NR_CODE][COLS][CAMPAIGN_OUTCOMES];
	struct pair *pairs;		/* by trial index */
	size_t npairs;
	unsigned long lines, bad;	/* read; unreadable or unclassified */
	double *lat;			/* recovery ms, supervised */
	size_t nlat;
};

/* Record that trial @idx of column @c ended in outcome @o. */
static int pair_set(struct tally *t, long idx, int c, int o)
{
	struct pair *np;

	if (idx < 0 || idx > 10000000)
		return 0;
	if ((size_t)idx >= t->npairs) {
		np = realloc(t->pairs, (idx + 1) * sizeof(*np));
		if (!np)
			return -1;
		memset(np + t->npairs, -1, (idx + 1 - t->npairs) * sizeof(*np));
		t->pairs = np;
		t->npairs = idx + 1;
	}
	t->pairs[idx].o[c] = (signed char)o;
	return 0;
}

static int read_trials(const char *dir, struct tally *t, char *why, size_t len)
{
	char path[4096], line[70000], v[256], col[32], type[32], out[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/trials.jsonl", dir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(why, len, "%s: cannot read", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		int ty, c, o;

		t->lines++;
		if (!json_field(line, "column", col, sizeof(col)) ||
		    !json_field(line, "type", type, sizeof(type)) ||
		    !json_field(line, "outcome", out, sizeof(out)) ||
		    (ty = fi_type_parse(type)) < 0 || ty >= FIT_NR_CODE ||
		    (o = campaign_outcome_index(out)) < 0) {
			t->bad++;
			continue;
		}
		c = strcmp(col, "baseline") ? COL_SUP : COL_BASE;
		t->n[ty][c][o]++;
		if (json_field(line, "index", v, sizeof(v)) && pair_set(t, atol(v), c, o)) {
			snprintf(why, len, "out of memory");
			fclose(f);
			return -1;
		}
		if (c == COL_SUP && json_field(line, "recovery_us", v, sizeof(v)) &&
		    strcmp(v, "null") && o >= 2 && o <= 3) {
			t->lat = realloc(t->lat, (t->nlat + 1) * sizeof(double));
			t->lat[t->nlat++] = atof(v) / 1000.0;
		}
	}
	fclose(f);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(const double *v, size_t n, double p)
{
	size_t i = (size_t)ceil(p * n);

	return v[i ? i - 1 : 0];
}

static unsigned long col_sum(const struct tally *t, int c, int o)
{
	unsigned long s = 0;
	int ty;

	for (ty = 0; ty < FIT_NR_CODE; ty++)
		s += t->n[ty][c][o];
	return s;
}

static void rates(FILE *f, const struct tally *t, int c)
{
	unsigned long act = 0, alive, transp;
	double lo, hi;
	int o;

	for (o = 1; o < CAMPAIGN_OUTCOMES; o++)
		act += col_sum(t, c, o);
	alive = act - col_sum(t, c, 6) - col_sum(t, c, 7);
	transp = col_sum(t, c, 1) + col_sum(t, c, 2);
	fprintf(f, "| %s | %lu |", col_names[c], act);
	if (!act) {
		fputs(" none to count | none to count |\n", f);
		return;
	}
	wilson95(alive, act, &lo, &hi);
	fprintf(f, " %lu (%.1f%%; %.1f–%.1f%%) |", alive,
		100.0 * alive / act, 100 * lo, 100 * hi);
	wilson95(transp, act, &lo, &hi);
	fprintf(f, " %lu (%.1f%%; %.1f–%.1f%%) |\n", transp,
		100.0 * transp / act, 100 * lo, 100 * hi);
}

static void write_plot(const char *dir, const struct tally *t)
{
	char path[4096];
	FILE *f;
	int ty, c, o;
	size_t i;

	snprintf(path, sizeof(path), "%s/outcomes.dat", dir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "type-column");
	for (o = 0; o < CAMPAIGN_OUTCOMES; o++)
		fprintf(f, " %s", campaign_outcomes[o]);
	fputc('\n', f);
	for (ty = 0; ty < FIT_NR_CODE; ty++)
		for (c = 0; c < COLS; c++) {
			fprintf(f, "%s/%c", fi_type_names[ty], col_names[c][0]);
			for (o = 0; o < CAMPAIGN_OUTCOMES; o++)
				fprintf(f, " %lu", t->n[ty][c][o]);
			fputc('\n', f);
		}
	fclose(f);
	snprintf(path, sizeof(path), "%s/latency.dat", dir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "# recovery_ms cumulative_fraction\n");
	for (i = 0; i < t->nlat; i++)
		fprintf(f, "%.3f %.4f\n", t->lat[i], (i + 1.0) / t->nlat);
	if (!t->nlat)
		fprintf(f, "0 0\n");
	fclose(f);
	snprintf(path, sizeof(path), "%s/report.gp", dir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f,
		"set terminal pngcairo size 1400,600 noenhanced\n"
		"set output 'report.png'\n"
		"set multiplot layout 1,2\n"
		"set title 'Outcomes by fault type (s: supervised, b: baseline)'\n"
		"set style data histograms\nset style histogram rowstacked\n"
		"set style fill solid border -1\nset boxwidth 0.8\n"
		"set xtics rotate by -60\nset key outside top center horizontal font ',8'\n"
		"set ylabel 'trials'\n"
		"plot for [i=2:%d] 'outcomes.dat' using i:xtic(1) title columnheader(i)\n"
		"unset style\nset xtics norotate\nset key inside bottom right\n"
		"set title 'Recovery latency CDF (supervised, recovered)'\n"
		"set xlabel 'ms'\nset ylabel 'fraction'\nset logscale x\n"
		"plot 'latency.dat' using 1:2 with steps title 'recovery'\n"
		"unset multiplot\n", CAMPAIGN_OUTCOMES + 1);
	fclose(f);
	snprintf(path, sizeof(path), "cd '%s' && gnuplot report.gp 2>/dev/null", dir);
	if (system(path))
		drvsup_err("report: gnuplot failed (gnuplot-nox installed?); no report.png");
}

/* Markdown-safe: no '|' or newline from the evidence into a table cell. */
static void cell(FILE *f, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] && i < max; i++)
		fputc(s[i] == '|' ? '/' : s[i] == '\n' ? ' ' : s[i], f);
	if (s[i])
		fputs("…", f);
}

/* What the workload saw, for a trial the kernel said nothing about. */
static void quiet_evidence(const char *line, char *ev, size_t len)
{
	char we[16] = "?", wd[16] = "?", sa[16] = "?";

	json_field(line, "workload_errors", we, sizeof(we));
	json_field(line, "wrong_data", wd, sizeof(wd));
	json_field(line, "serving_after", sa, sizeof(sa));
	snprintf(ev, len,
		 "no kernel message; workload errors %s, wrong data %s, serving after %s",
		 we, wd, sa);
}

/*
 * Every supervised trial the domain did not make harmless, with what it
 * was and what the kernel said: a campaign's report must account for each.
 */
static void escapes(FILE *f, const char *dir)
{
	char path[4096], line[70000], col[32], out[64], id[32], type[32];
	char at[128], insn[128], ev[400], seed[32];
	unsigned long n = 0;
	const char *tg;
	FILE *in;

	snprintf(path, sizeof(path), "%s/trials.jsonl", dir);
	in = fopen(path, "r");
	if (!in)
		return;
	fprintf(f, "\n## Supervised trials that were not contained\n\n"
		"system-crash, system-hang, silent-corruption, driver-dead and\n"
		"contained-visible in the supervised column. A trial whose guest died\n"
		"before reporting has no target here; `drvsup inject DRIVER --type T\n"
		"--seed S --func ... --ko DRIVER.ko --dry-run` names it (the seed names\n"
		"one exact mutation).\n\n"
		"| trial | type | seed | outcome | target | evidence |\n|---|---|---:|---|---|---|\n");
	while (fgets(line, sizeof(line), in)) {
		if (!json_field(line, "column", col, sizeof(col)) ||
		    strcmp(col, "supervised") ||
		    !json_field(line, "outcome", out, sizeof(out)) ||
		    !(strstr(out, "system-") || !strcmp(out, "silent-corruption") ||
		      !strcmp(out, "driver-dead") || !strcmp(out, "contained-visible")))
			continue;
		if (!json_field(line, "id", id, sizeof(id)))
			snprintf(id, sizeof(id), "?");
		if (!json_field(line, "type", type, sizeof(type)))
			snprintf(type, sizeof(type), "?");
		if (!json_field(line, "seed", seed, sizeof(seed)))
			snprintf(seed, sizeof(seed), "?");
		at[0] = insn[0] = '\0';
		tg = strstr(line, "\"target\":{");
		if (tg) {
			tg += strlen("\"target\":");
			json_field(tg, "at", at, sizeof(at));
			json_field(tg, "insn", insn, sizeof(insn));
		}
		if ((!json_field(line, "kernel_log", ev, sizeof(ev)) || !ev[0]) &&
		    (!json_field(line, "last_fault", ev, sizeof(ev)) || !ev[0] ||
		     !strcmp(ev, "none")))
			quiet_evidence(line, ev, sizeof(ev));
		fprintf(f, "| %s | %s | %s | %s | ", id, type, seed, out);
		if (at[0]) {
			fprintf(f, "`%s` (`", at);
			cell(f, insn, 60);
			fputs("`)", f);
		} else {
			fputs("—", f);
		}
		fputs(" | ", f);
		cell(f, ev, 160);
		fputs(" |\n", f);
		n++;
	}
	fclose(in);
	if (!n)
		fprintf(f, "| — | | | none | | |\n");
}

/* The outcomes of each fault type in each column; returns how many trials. */
static unsigned long outcome_table(FILE *f, const struct tally *t)
{
	unsigned long total = 0;
	int ty, c, k;

	fprintf(f, "## Outcomes by fault type\n\n| type | column | trials |");
	for (k = 0; k < CAMPAIGN_OUTCOMES; k++)
		fprintf(f, " %s |", campaign_outcomes[k]);
	fprintf(f, "\n|---|---|---:|");
	for (k = 0; k < CAMPAIGN_OUTCOMES; k++)
		fprintf(f, "---:|");
	fputc('\n', f);
	for (ty = 0; ty <= FIT_NR_CODE; ty++)
		for (c = 0; c < COLS; c++) {
			unsigned long row[CAMPAIGN_OUTCOMES], n = 0;

			for (k = 0; k < CAMPAIGN_OUTCOMES; k++) {
				row[k] = ty < FIT_NR_CODE ? t->n[ty][c][k] :
					 col_sum(t, c, k);
				n += row[k];
			}
			if (!n)
				continue;
			if (ty == FIT_NR_CODE)
				total += n;
			fprintf(f, "| %s | %s | %lu |",
				ty < FIT_NR_CODE ? fi_type_names[ty] : "**all**",
				col_names[c], n);
			for (k = 0; k < CAMPAIGN_OUTCOMES; k++)
				fprintf(f, " %lu |", row[k]);
			fputc('\n', f);
		}
	return total;
}

#define OUT_NO_EFFECT	1
#define OUT_TRANSPARENT	2
#define OUT_HANG	6
#define OUT_CRASH	7

static bool lost(int o)
{
	return o == OUT_HANG || o == OUT_CRASH;
}

static void rate_cell(FILE *f, unsigned long k, unsigned long n)
{
	double lo, hi;

	if (!n) {
		fputs(" none to count |", f);
		return;
	}
	wilson95(k, n, &lo, &hi);
	fprintf(f, " %lu of %lu (**%.1f%%**; %.1f–%.1f%%) |", k, n,
		100.0 * k / n, 100 * lo, 100 * hi);
}

/*
 * Nooks' yardstick first: of the faults that crashed or hung the plain
 * kernel (baseline), the share the supervised kernel survived, and the
 * share the workload never noticed; then the survival over every fault
 * that fired under supervision.
 */
static void paired(FILE *f, const struct tally *t)
{
	unsigned long n = 0, alive = 0, transp = 0, act = 0, act_alive = 0;
	unsigned long base = 0;
	size_t i;

	for (i = 0; i < t->npairs; i++) {
		int s = t->pairs[i].o[COL_SUP], b = t->pairs[i].o[COL_BASE];

		base += b >= 0;
		if (s > 0) {
			act++;
			act_alive += !lost(s);
		}
		if (s < 0 || !lost(b))
			continue;
		n++;
		alive += !lost(s);
		transp += s == OUT_NO_EFFECT || s == OUT_TRANSPARENT;
	}
	fprintf(f, "## Survival (95%% Wilson intervals)\n\n"
		"| rate | supervised |\n|---|---:|\n"
		"| faults that crashed or hung the plain kernel, survived |");
	rate_cell(f, alive, n);
	fprintf(f, "\n| faults that crashed or hung the plain kernel, transparent |");
	rate_cell(f, transp, n);
	fprintf(f, "\n| all activated faults, survived |");
	rate_cell(f, act_alive, act);
	fprintf(f, "\n\nPaired by trial index: the same mutation in both columns. "
		"The first row is\nthe rate Nooks reported (SOSP '03: 99%%).%s\n\n",
		base ? "" : " No baseline column here\n(`--baseline`): "
		"the first two rows have nothing to count.");
}

/* The rates of each column and the supervised recovery latency. */
static void rates_and_latency(FILE *f, const struct tally *t)
{
	int c;

	fprintf(f, "\n## Rates over activated trials (95%% Wilson intervals)\n\n"
		"System survival: no system-hang or system-crash. Transparency: the\n"
		"workload saw nothing (no-effect or contained-transparent).\n\n"
		"| column | activated | system survived | transparent |\n|---|---:|---:|---:|\n");
	for (c = 0; c < COLS; c++)
		rates(f, t, c);
	fprintf(f, "\n## Recovery latency (supervised, fault → serving again)\n\n");
	if (t->nlat)
		fprintf(f, "%zu recoveries: min %.2f, p50 %.2f, p90 %.2f, p99 %.2f, max %.2f ms\n",
			t->nlat, t->lat[0], pct(t->lat, t->nlat, 0.5),
			pct(t->lat, t->nlat, 0.9), pct(t->lat, t->nlat, 0.99),
			t->lat[t->nlat - 1]);
	else
		fprintf(f, "no recoveries\n");
}

int cmd_report(const struct drvsup_opts *o, int argc, char **argv)
{
	struct tally *t;
	char path[4096], why[4400];
	unsigned long total;
	FILE *f;
	int rc;

	(void)o;
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(argc == 2 && !strcmp(argv[1], "--help") ? stdout : stderr,
			"usage: drvsup report DIR\n\n"
			"Summarise DIR/trials.jsonl (drvsup campaign) into DIR/report.md and\n"
			"DIR/report.png; prints the Markdown. Exit status 11 when a trial\n"
			"line is unreadable or not one of faultinj.md's outcome classes.\n");
		return argc == 2 && !strcmp(argv[1], "--help") ? EXIT_OK : EXIT_USAGE;
	}
	t = calloc(1, sizeof(*t));
	if (read_trials(argv[1], t, why, sizeof(why))) {
		drvsup_err("report: %s", why);
		return EXIT_DATA;
	}
	qsort(t->lat, t->nlat, sizeof(double), cmp_double);
	snprintf(path, sizeof(path), "%s/report.md", argv[1]);
	f = fopen(path, "w");
	if (!f) {
		drvsup_err("report: cannot write %s", path);
		return EXIT_FAIL;
	}
	paired(f, t);
	total = outcome_table(f, t);
	rates_and_latency(f, t);
	escapes(f, argv[1]);
	fprintf(f, "\n## Consistency\n\n%lu lines, %lu classified, %lu unreadable or "
		"unclassified: %s\n\n![outcomes and latency](report.png)\n",
		t->lines, total, t->bad,
		t->bad || total != t->lines ? "**INCONSISTENT**" : "ok");
	fclose(f);
	write_plot(argv[1], t);
	snprintf(path, sizeof(path), "cat '%s/report.md'", argv[1]);
	rc = system(path);
	(void)rc;
	rc = t->bad || total != t->lines ? EXIT_DATA : EXIT_OK;
	free(t->lat);
	free(t->pairs);
	free(t);
	return rc;
}

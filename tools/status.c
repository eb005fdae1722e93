// SPDX-License-Identifier: GPL-2.0
/*
 * status.c - `drvsup status [NAME] [--json]`: the state of supervised
 * drivers, read from /sys/kernel/drvsup/<name>/ (isolation/sysfs.c and
 * shadow/core.c say what each file holds; docs/sysfs.md).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "drvsup.h"
#include "json.h"
#include "recovery.h"

#define SYSDIR "/sys/kernel/drvsup"

/* Read a whole sysfs file of domain @name; "" if absent. */
static char *read_attr(const char *name, const char *attr, char *buf, size_t n)
{
	char path[PATH_MAX], p[PATH_MAX];
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), SYSDIR "/%s/%s", name, attr);
	buf[0] = '\0';
	f = fopen(sysroot_path(p, sizeof(p), path), "re");
	if (!f)
		return buf;
	len = fread(buf, 1, n - 1, f);
	buf[len] = '\0';
	fclose(f);
	while (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

/* "key N" lines -> {"key": N, ...} or "key N, key N" */
static void print_pairs(FILE *out, const char *text, bool json)
{
	char copy[4096], *line, *save = NULL;
	bool first = true;

	snprintf(copy, sizeof(copy), "%s", text);
	fputs(json ? "{" : "", out);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (!sp)
			continue;
		*sp = '\0';
		if (json) {
			fputs(first ? "" : ",", out);
			json_key(out, line);
			fprintf(out, "%s", sp + 1);
		} else {
			fprintf(out, "%s%s %s", first ? "" : ", ", line, sp + 1);
		}
		first = false;
	}
	fputs(json ? "}" : (first ? "none" : ""), out);
}

/* The shadow's files (shadow/core.c); absent from a drvsup.ko without it. */
struct shadow_state {
	char recovery[32];		/* "" if absent */
	bool have_counts, have_budget, have_last;
	struct rec_counts counts;
	struct rec_budget budget;
	uint64_t last_us;		/* phases' total last_us */
};

static void read_shadow(const char *name, struct shadow_state *s)
{
	char buf[1024];
	struct rec_phases ph;

	memset(s, 0, sizeof(*s));
	read_attr(name, "recovery", s->recovery, sizeof(s->recovery));
	s->have_counts = !rec_counts_parse(read_attr(name, "recoveries", buf, sizeof(buf)),
					   &s->counts);
	s->have_budget = !rec_budget_parse(read_attr(name, "restart_budget", buf, sizeof(buf)),
					   &s->budget);
	/* The total phase is timed only when a recovery completes. */
	if (rec_phases_parse(read_attr(name, "phases", buf, sizeof(buf)), &ph) > 0 &&
	    ph.have[PH_TOTAL] && s->have_counts && s->counts.recovered) {
		s->have_last = true;
		s->last_us = ph.last_us[PH_TOTAL];
	}
}

static void show_shadow_json(const struct shadow_state *s)
{
	json_key(stdout, "recovery");
	json_str(stdout, *s->recovery ? s->recovery : NULL);
	printf(",");
	json_key(stdout, "recoveries");
	if (s->have_counts)
		printf("{\"recovered\":%" PRIu64 ",\"failed\":%" PRIu64
		       ",\"attempts\":%" PRIu64 "}", s->counts.recovered,
		       s->counts.failed, s->counts.attempts);
	else
		printf("null");
	printf(",");
	json_key(stdout, "last_recovery_us");
	if (s->have_last)
		printf("%" PRIu64, s->last_us);
	else
		printf("null");
	printf(",");
	json_key(stdout, "restart_budget");
	if (s->have_budget)
		printf("{\"max\":%u,\"window_ms\":%u,\"backoff_ms\":%u}",
		       s->budget.max, s->budget.window_ms, s->budget.backoff_ms);
	else
		printf("null");
}

static void show_shadow_text(const struct shadow_state *s)
{
	if (!*s->recovery && !s->have_counts && !s->have_budget)
		return;		/* a drvsup.ko without shadows */
	printf("  recovery:   %s", *s->recovery ? s->recovery : "?");
	if (s->have_counts)
		printf(" (recovered %" PRIu64 ", failed %" PRIu64 ", attempts %" PRIu64 ")",
		       s->counts.recovered, s->counts.failed, s->counts.attempts);
	printf("\n  last recovery: ");
	if (s->have_last)
		printf("%.2f ms (fault -> serving again)\n", s->last_us / 1000.0);
	else
		printf("none\n");
	if (s->have_budget)
		printf("  restart budget: %u in %u ms, backoff %u ms%s\n",
		       s->budget.max, s->budget.window_ms, s->budget.backoff_ms,
		       s->budget.max ? "" : " (restarts off)");
}

static void show_one(const char *name, bool json, bool first)
{
	struct shadow_state sh;
	char state[64], faults[32], last[512], cross[128], inflight[32];
	char entries[4096], objs[4096], kept[4096], budget[32];

	read_attr(name, "state", state, sizeof(state));
	read_attr(name, "faults", faults, sizeof(faults));
	read_attr(name, "last_fault", last, sizeof(last));
	read_attr(name, "crossings", cross, sizeof(cross));
	read_attr(name, "entries", entries, sizeof(entries));
	read_attr(name, "in_flight", inflight, sizeof(inflight));
	read_attr(name, "objects", objs, sizeof(objs));
	read_attr(name, "kept", kept, sizeof(kept));
	read_attr(name, "hang_budget_ms", budget, sizeof(budget));
	read_shadow(name, &sh);

	if (json) {
		printf("%s{", first ? "" : ",");
		json_key(stdout, "name");
		json_str(stdout, name);
		printf(",");
		json_key(stdout, "state");
		json_str(stdout, state);
		printf(",");
		json_key(stdout, "faults");
		printf("%s,", *faults ? faults : "0");
		json_key(stdout, "last_fault");
		json_str(stdout, strcmp(last, "none") ? last : NULL);
		printf(",");
		json_key(stdout, "crossings");
		print_pairs(stdout, cross, true);
		printf(",");
		json_key(stdout, "entries");
		print_pairs(stdout, entries, true);
		printf(",");
		json_key(stdout, "in_flight");
		printf("%s,", *inflight ? inflight : "0");
		json_key(stdout, "objects");
		print_pairs(stdout, objs, true);
		printf(",");
		json_key(stdout, "kept");
		print_pairs(stdout, kept, true);
		printf(",");
		json_key(stdout, "hang_budget_ms");
		printf("%s,", *budget ? budget : "0");
		show_shadow_json(&sh);
		printf("}");
		return;
	}
	printf("%s: %s\n", name, state);
	printf("  faults:     %s%s%s\n", faults, strcmp(last, "none") ? ", last: " : "",
	       strcmp(last, "none") ? last : "");
	printf("  crossings:  ");
	print_pairs(stdout, cross, false);
	printf(" (in: kernel->driver, out: driver->kernel)\n");
	printf("  entries:    ");
	print_pairs(stdout, entries, false);
	printf(" (kernel->driver, per entry point)\n");
	printf("  in flight:  %s\n", inflight);
	printf("  objects:    ");
	print_pairs(stdout, objs, false);
	printf("\n  kept:       ");
	print_pairs(stdout, kept, false);
	printf("\n  hang budget: %s ms\n", budget);
	show_shadow_text(&sh);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_status(const struct drvsup_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char p[PATH_MAX], *names[64];
	bool json = o->json;
	struct dirent *de;
	int c, n = 0, i;
	DIR *dir;

	optind = 0;	/* 0: glibc re-reads the optstring (main used "+") */
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("usage: drvsup status [--json] [NAME]\n"
			       "State, faults, crossings (also per entry point), tracked\n"
			       "objects and the shadow's state (recovery, recoveries, the\n"
			       "last recovery's latency, restart budget) of supervised\n"
			       "drivers (all of them, or NAME), from " SYSDIR "/.\n");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		drvsup_err("status takes at most one driver name");
		return EXIT_USAGE;
	}
	dir = opendir(sysroot_path(p, sizeof(p), SYSDIR));
	if (!dir) {
		drvsup_err("drvsup core module not loaded (%s: %s)", SYSDIR,
			   strerror(errno));
		return EXIT_NOCORE;
	}
	while ((de = readdir(dir)) && n < 64) {
		if (de->d_name[0] == '.')
			continue;
		if (optind < argc && strcmp(de->d_name, argv[optind]))
			continue;
		names[n++] = strdup(de->d_name);
	}
	closedir(dir);
	if (optind < argc && !n) {
		drvsup_err("%s: not supervised", argv[optind]);
		return EXIT_NOTLOADED;
	}
	qsort(names, n, sizeof(names[0]), name_cmp);
	if (json)
		printf("[");
	else if (!n)
		printf("no supervised drivers\n");
	for (i = 0; i < n; i++) {
		show_one(names[i], json, i == 0);
		free(names[i]);
	}
	if (json)
		printf("]\n");
	return EXIT_OK;
}

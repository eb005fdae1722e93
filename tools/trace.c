// SPDX-License-Identifier: GPL-2.0
/*
 * trace.c - drvsup trace: drvsup's faults and recoveries as they happen,
 * from BPF (bpfev.h, bpf/drvsup.bpf.c): one line (or JSON object) per
 * contained fault, recovery phase and restart result; at the end, per
 * driver, a log2 histogram of each phase's duration and the gate
 * crossings per entry point, both counted in BPF maps.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bpfev.h"
#include "drvsup.h"
#include "json.h"

#define MAX_DRIVERS 16
#define MAX_ENTRIES 64

static const char *const phases[] = {
	"quiesce", "release", "reset", "restart", "replay", "resume", "total",
};
#define NPHASES (sizeof(phases) / sizeof(phases[0]))

struct gate_count {
	char ep[DT_NAME_LEN];
	__u64 n;
};

/* What the run saw of one driver. */
struct drv {
	char name[DT_NAME_LEN];
	unsigned long faults, recovered, failed, refused, dead;
	struct dt_hist hist[NPHASES];
	bool has_hist[NPHASES];
	struct gate_count gates[MAX_ENTRIES];
	int ngates;
};

struct run {
	bool json;
	__u64 t0_ns;
	struct drv drv[MAX_DRIVERS];
	int ndrv;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static __u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static struct drv *drv_get(struct run *r, const char *name)
{
	int i;

	for (i = 0; i < r->ndrv; i++)
		if (!strcmp(r->drv[i].name, name))
			return &r->drv[i];
	if (r->ndrv == MAX_DRIVERS)
		return NULL;
	snprintf(r->drv[r->ndrv].name, DT_NAME_LEN, "%s", name);
	return &r->drv[r->ndrv++];
}

static int phase_index(const char *phase)
{
	size_t i;

	for (i = 0; i < NPHASES; i++)
		if (!strcmp(phases[i], phase))
			return i;
	return -1;
}

static void count_event(struct run *r, const struct dt_event *e)
{
	struct drv *d = drv_get(r, e->driver);

	if (!d)
		return;
	if (e->type == DT_FAULT)
		d->faults++;
	else if (e->type != DT_DONE)
		return;
	else if (!strcmp(e->word, "recovered"))
		d->recovered++;
	else if (!strcmp(e->word, "refused"))
		d->refused++;
	else if (!strcmp(e->word, "dead"))
		d->dead++;
	else
		d->failed++;
}

static const char *type_name(__u32 type)
{
	switch (type) {
	case DT_FAULT:
		return "fault";
	case DT_PHASE:
		return "phase";
	case DT_DONE:
		return "recovery";
	}
	return "?";
}

static void print_event_json(const struct run *r, const struct dt_event *e)
{
	printf("{\"event\":\"%s\",\"t_us\":%llu,\"driver\":", type_name(e->type),
	       (unsigned long long)(e->ts_ns - r->t0_ns) / 1000);
	json_str(stdout, e->driver);
	if (e->type == DT_FAULT) {
		printf(",\"kind\":");
		json_str(stdout, e->word);
		printf(",\"entry\":");
		json_str(stdout, e->ep);
		printf(",\"where\":");
		json_str(stdout, e->where);
		printf(",\"ip\":\"%#llx\",\"address\":\"%#llx\"}\n",
		       (unsigned long long)e->ip, (unsigned long long)e->addr);
		return;
	}
	printf(e->type == DT_PHASE ? ",\"phase\":" : ",\"result\":");
	json_str(stdout, e->word);
	printf(",\"ns\":%llu,\"us\":%llu,\"attempt\":%u}\n",
	       (unsigned long long)e->ns, (unsigned long long)e->ns / 1000,
	       e->attempt);
}

static void print_event_text(const struct run *r, const struct dt_event *e)
{
	double t = (double)(e->ts_ns - r->t0_ns) / 1e9, ms = e->ns / 1e6;

	printf("%11.6f %-12s ", t, e->driver);
	if (e->type == DT_FAULT)
		printf("fault %s in %s at %s, ip %#llx, address %#llx\n",
		       e->word, e->ep, e->where, (unsigned long long)e->ip,
		       (unsigned long long)e->addr);
	else if (e->type == DT_PHASE)
		printf("  %-8s %10.3f ms\n", e->word, ms);
	else if (!strcmp(e->word, "recovered"))
		printf("recovered in %.3f ms (restart %u)\n", ms, e->attempt);
	else
		printf("restart %u %s after %.3f ms\n", e->attempt, e->word, ms);
}

static int on_event(void *ctx, const struct dt_event *e)
{
	struct run *r = ctx;

	if (e->ts_ns < r->t0_ns)	/* before the run: not ours */
		return 0;
	count_event(r, e);
	if (r->json)
		print_event_json(r, e);
	else
		print_event_text(r, e);
	return 0;
}

static void take_hist(void *ctx, const struct dt_hist_key *k,
		      const struct dt_hist *h)
{
	struct drv *d = drv_get(ctx, k->driver);
	int i = phase_index(k->phase);

	if (!d || i < 0)
		return;
	d->hist[i] = *h;
	d->has_hist[i] = true;
}

static void take_gate(void *ctx, const struct dt_gate_key *k, __u64 n)
{
	struct drv *d = drv_get(ctx, k->driver);

	if (!d || d->ngates == MAX_ENTRIES)
		return;
	snprintf(d->gates[d->ngates].ep, DT_NAME_LEN, "%s", k->ep);
	d->gates[d->ngates++].n = n;
}

static int by_count(const void *a, const void *b)
{
	const struct gate_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->ep, y->ep);
}

/* The slots a histogram prints: 0 up to its last non-empty one. */
static int hist_len(const struct dt_hist *h)
{
	int n = DT_SLOTS;

	while (n > 0 && !h->slots[n - 1])
		n--;
	return n;
}

static unsigned long long slot_lo(int i)
{
	return i ? 1ull << i : 0;
}

static unsigned long long slot_hi(int i)
{
	return (1ull << (i + 1)) - 1;
}

/* As biolatency and runqlat print theirs. */
static void print_hist_text(const char *driver, const char *phase,
			    const struct dt_hist *h)
{
	__u64 max = 0;
	int i, n = hist_len(h), w;

	for (i = 0; i < n; i++)
		if (h->slots[i] > max)
			max = h->slots[i];
	printf("\n%s %s\n%13s%7s : count    distribution\n", driver, phase,
	       "usecs", "");
	for (i = 0; i < n; i++) {
		w = max ? (int)(h->slots[i] * 40 / max) : 0;
		printf("%8llu -> %-8llu : %-8llu |%-40.*s|\n", slot_lo(i),
		       slot_hi(i), (unsigned long long)h->slots[i], w,
		       "****************************************");
	}
}

static void print_summary_text(struct run *r, __u64 dropped)
{
	int i, j;
	size_t p;

	printf("\n");
	for (i = 0; i < r->ndrv; i++) {
		struct drv *d = &r->drv[i];

		printf("%s: %lu faults, %lu recovered, %lu failed, %lu refused, %lu dead\n",
		       d->name, d->faults, d->recovered, d->failed, d->refused,
		       d->dead);
	}
	if (dropped)
		printf("%llu events lost (ring buffer full)\n",
		       (unsigned long long)dropped);
	for (i = 0; i < r->ndrv; i++)
		for (p = 0; p < NPHASES; p++)
			if (r->drv[i].has_hist[p])
				print_hist_text(r->drv[i].name, phases[p],
						&r->drv[i].hist[p]);
	for (i = 0; i < r->ndrv; i++) {
		struct drv *d = &r->drv[i];

		if (!d->ngates)
			continue;
		printf("\n%s gate crossings (kernel -> driver)\n%-28s %12s\n",
		       d->name, "entry point", "calls");
		for (j = 0; j < d->ngates; j++)
			printf("%-28s %12llu\n", d->gates[j].ep,
			       (unsigned long long)d->gates[j].n);
	}
}

static void print_drv_json(const struct drv *d)
{
	const char *sep = "";
	size_t p;
	int i, n;

	json_key(stdout, d->name);
	printf("{\"faults\":%lu,\"recovered\":%lu,\"failed\":%lu,\"refused\":%lu,\"dead\":%lu,\"histograms_us\":{",
	       d->faults, d->recovered, d->failed, d->refused, d->dead);
	for (p = 0; p < NPHASES; p++) {
		if (!d->has_hist[p])
			continue;
		printf("%s\"%s\":[", sep, phases[p]);
		n = hist_len(&d->hist[p]);
		for (i = 0; i < n; i++)
			printf("%s{\"lo\":%llu,\"hi\":%llu,\"count\":%llu}",
			       i ? "," : "", slot_lo(i), slot_hi(i),
			       (unsigned long long)d->hist[p].slots[i]);
		printf("]");
		sep = ",";
	}
	printf("},\"crossings\":{");
	for (i = 0; i < d->ngates; i++) {
		printf(i ? "," : "");
		json_key(stdout, d->gates[i].ep);
		printf("%llu", (unsigned long long)d->gates[i].n);
	}
	printf("}}");
}

static void print_summary_json(struct run *r, __u64 dropped, double secs)
{
	int i;

	printf("{\"event\":\"summary\",\"seconds\":%.3f,\"lost\":%llu,\"drivers\":{",
	       secs, (unsigned long long)dropped);
	for (i = 0; i < r->ndrv; i++) {
		printf(i ? "," : "");
		print_drv_json(&r->drv[i]);
	}
	printf("}}\n");
}

static void summary(struct run *r, struct bpfev *b, double secs)
{
	int i;

	bpfev_hists(b, take_hist, r);
	bpfev_gates(b, take_gate, r);
	for (i = 0; i < r->ndrv; i++)
		qsort(r->drv[i].gates, r->drv[i].ngates,
		      sizeof(struct gate_count), by_count);
	if (r->json)
		print_summary_json(r, bpfev_dropped(b), secs);
	else
		print_summary_text(r, bpfev_dropped(b));
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: drvsup trace [DRIVER] [--json] [--duration S]\n"
		"Print drvsup's events as they happen, from a BPF program attached\n"
		"to its tracepoints: each contained fault (driver, kind, entry point,\n"
		"where), each recovery phase with its duration, each restart's\n"
		"result. On exit (after S seconds, or SIGINT/SIGTERM): per driver,\n"
		"a log2 histogram of each phase's duration and the gate crossings\n"
		"per entry point, both counted in BPF maps. Only DRIVER's, if given.\n"
		"  -j, --json        one JSON object per event, then a summary object\n"
		"  -d, --duration S  stop after S seconds (default: until a signal)\n"
		"Exit status: 0; 22 BPF not available (one line says why);\n"
		"15 drvsup.ko not loaded; 1 another failure; 2 usage.\n");
}

static int parse(int argc, char **argv, struct run *r, double *secs,
		 const char **driver)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "duration", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	optind = 0;	/* 0: glibc re-reads the optstring (main used "+") */
	while ((c = getopt_long(argc, argv, "jd:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			r->json = true;
			break;
		case 'd':
			*secs = strtod(optarg, &end);
			if (*end || *secs <= 0) {
				drvsup_err("trace: --duration wants seconds > 0, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	*driver = optind < argc ? argv[optind] : NULL;
	return 0;
}

static int open_bpf(const char *driver, struct bpfev **b)
{
	enum bpfev_err err;
	char why[256];

	*b = bpfev_open(driver, &err, why, sizeof(why));
	if (*b)
		return 0;
	switch (err) {
	case BPFEV_NOBPF:
		drvsup_err("trace: BPF not available: %s", why);
		return EXIT_NOBPF;
	case BPFEV_NOCORE:
		drvsup_err("trace: %s", why);
		return EXIT_NOCORE;
	default:
		drvsup_err("trace: %s", why);
		return EXIT_FAIL;
	}
}

int cmd_trace(const struct drvsup_opts *o, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct run *r = calloc(1, sizeof(*r));
	const char *driver = NULL;
	double secs = 0;
	__u64 end = 0;
	struct bpfev *b;
	int rc, n = 0;

	if (!r)
		return EXIT_FAIL;
	r->json = o->json;
	rc = parse(argc, argv, r, &secs, &driver);
	if (rc || (rc = open_bpf(driver, &b))) {
		free(r);
		return rc < 0 ? EXIT_OK : rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r->t0_ns = mono_ns();
	if (secs)
		end = r->t0_ns + (__u64)(secs * 1e9);
	fprintf(stderr, "drvsup: tracing %s; %s\n", driver ? driver : "every driver",
		secs ? "until the duration is up or Ctrl-C" : "Ctrl-C ends");
	while (!stop && (!end || mono_ns() < end)) {
		n = bpfev_poll(b, 100, on_event, r);
		if (n < 0 && n != -EINTR)
			break;
	}
	bpfev_poll(b, 0, on_event, r);	/* what came before the end */
	summary(r, b, (mono_ns() - r->t0_ns) / 1e9);
	bpfev_close(b);
	free(r);
	if (n < 0 && n != -EINTR) {
		drvsup_err("trace: reading events: %s", strerror(-n));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

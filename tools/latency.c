// SPDX-License-Identifier: GPL-2.0
/*
 * latency.c - `drvsup latency DRIVER --faults N --kind KIND`: how long a
 * supervised driver is away when it faults and its shadow restarts it.
 *
 * A workload thread calls one ioctl on the driver's char device as fast as
 * it can (RTC_RD_TIME unless told otherwise) and times each completion
 * (CLOCK_MONOTONIC); for a network driver it reads a TCP stream from a
 * peer (--peer, an HTTP server such as tests/guest/httpserve) and times
 * each read. N faults are injected one at a time through debugfs
 * `crashpoint` at a function on the workload's path; after each, the
 * shadow's `recoveries` must move within a time limit, and `phases` gives
 * what the recovery took, phase by phase (docs/sysfs.md). The workload's
 * view is the outage: the longest gap between two consecutive completions
 * from just before the fault until it is served again. For the run the
 * restart budget is raised to 16 attempts a second without backoff, and
 * put back after it; the run's attempts are then forgotten ("reset"), so
 * that they do not count against the driver's own budget.
 *
 * The phases come from the same BPF events `drvsup trace` reads (bpfev.h:
 * drvsup:recovery_phase, attached for the run); sysfs `phases` is read
 * too, and printed beside them when the two differ. Without BPF the run
 * goes on from sysfs alone and says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/rtc.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "bpfev.h"
#include "check.h"
#include "drvsup.h"
#include "json.h"
#include "recovery.h"

#define SYSDIR "/sys/kernel/drvsup"
#define CRASHPOINT "/sys/kernel/debug/drvsup/crashpoint"
#define RUN_BUDGET "16 1000 0"		/* during the run */
#define RUN_BUDGET_MAX 16
#define RUN_BUDGET_WINDOW_MS 1000
#define MAX_FAULTS 10000
#define POLL_NS 1000000ull		/* sysfs polled every 1 ms */
#define PROGRESS_NS 60000000000ull	/* progress off a terminal: once a minute */

/* Drivers whose device node and fault site we know. */
static const struct known {
	const char *driver, *dev, *at;
} known[] = {
	{ "rtctest", "/dev/rtctest", "rtct_ioctl" },
	{ "e1000", NULL, "e1000_xmit_frame" },	/* a NIC: no node */
};

#define NET_STREAM "stream/4096/2048"	/* 4 GiB at 2 MiB/s: longer than a run */
#define NET_INTERVAL_MS 4000		/* TCP's retransmit timer backs off */

static const char *const kinds[] = { "oops", "gpf", "bug", "div0", "while1" };

/* The phases reported per fault (cold-init is once per run). */
#define NPH PH_TOTAL

struct opts {
	const char *driver, *dev, *at, *kind;
	const char *peer, *stream;	/* a net driver's workload */
	bool net;
	unsigned long cmd;		/* the workload's ioctl */
	long faults;
	long interval_ms, timeout_ms;
	bool dry_run, json;
	bool dev_derived;
	const char *mode;		/* --mode: NULL keeps the driver's */
	const char *run_mode;		/* the series under way: its mode */
	const char *old_mode;		/* the driver's, put back after */
	bool several;			/* more than one series (--mode both) */
};

/* ------------------------------------------------------------------ */
/* Files                                                               */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull) };

	nanosleep(&ts, NULL);		/* a signal cuts it short: fine */
}

/* A whole small file (under the sysroot) into buf; -errno if unreadable. */
static int read_file(const char *path, char *buf, size_t n)
{
	char p[PATH_MAX];
	size_t len;
	FILE *f;

	buf[0] = '\0';
	f = fopen(sysroot_path(p, sizeof(p), path), "re");
	if (!f)
		return -errno;
	len = fread(buf, 1, n - 1, f);
	buf[len] = '\0';
	fclose(f);
	return 0;
}

/* One write(2) of text, as `echo` does; 0 or -errno. */
static int write_file(const char *path, const char *text)
{
	char p[PATH_MAX];
	size_t len = strlen(text);
	ssize_t w;
	int fd, err = 0;

	fd = open(sysroot_path(p, sizeof(p), path), O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	w = write(fd, text, len);
	if (w < 0)
		err = -errno;
	else if ((size_t)w != len)
		err = -EIO;
	close(fd);
	return err;
}

static int read_attr(const char *drv, const char *attr, char *buf, size_t n)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SYSDIR "/%s/%s", drv, attr);
	return read_file(path, buf, n);
}

static int write_attr(const char *drv, const char *attr, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SYSDIR "/%s/%s", drv, attr);
	return write_file(path, text);
}

/* The first word of a sysfs file ("running\n" -> "running"). */
static const char *attr_word(const char *drv, const char *attr, char *buf, size_t n)
{
	if (read_attr(drv, attr, buf, n))
		buf[0] = '\0';
	buf[strcspn(buf, " \n")] = '\0';
	return buf;
}

static int read_counts(const char *drv, struct rec_counts *c)
{
	char buf[256];

	if (read_attr(drv, "recoveries", buf, sizeof(buf)))
		return -1;
	return rec_counts_parse(buf, c);
}

/* Does a "TYPE COUNT" list (kept, objects) have a line starting with @type? */
static bool has_line(const char *text, const char *type)
{
	size_t n = strlen(type);
	const char *s;

	for (s = text; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL)
		if (!strncmp(s, type, n))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* The device node                                                     */

/* Char majors registered under @name (/proc/devices); how many. */
static int char_majors(const char *name, unsigned int *maj, int max)
{
	char buf[16384], *line, *save = NULL;
	bool chr = false;
	int n = 0;

	if (read_file("/proc/devices", buf, sizeof(buf)))
		return 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned int m;
		char dev[64];

		if (!strcmp(line, "Character devices:"))
			chr = true;
		else if (!strcmp(line, "Block devices:"))
			chr = false;
		else if (chr && n < max && sscanf(line, "%u %63s", &m, dev) == 2 &&
			 !strcmp(dev, name))
			maj[n++] = m;
	}
	return n;
}

/*
 * The /dev node of @drv: the device of a char region it registered under
 * its own name (/proc/devices, /sys/dev/char/MAJ:MIN/uevent DEVNAME), or
 * else /dev/DRIVER. 0, or -1 (message printed).
 */
static int derive_dev(const char *drv, char *dev, size_t n)
{
	unsigned int maj[8];
	int nmaj = char_majors(drv, maj, 8), found = 0, i;
	char p[PATH_MAX], names[512] = "";
	struct dirent *de;
	struct stat st;
	DIR *dir;

	dir = nmaj ? opendir(sysroot_path(p, sizeof(p), "/sys/dev/char")) : NULL;
	while (dir && (de = readdir(dir))) {
		unsigned int ma, mi;
		char path[PATH_MAX], buf[1024], *dn;

		if (sscanf(de->d_name, "%u:%u", &ma, &mi) != 2)
			continue;
		for (i = 0; i < nmaj && maj[i] != ma; i++)
			;
		if (i == nmaj)
			continue;
		snprintf(path, sizeof(path), "/sys/dev/char/%s/uevent", de->d_name);
		if (read_file(path, buf, sizeof(buf)) || !(dn = strstr(buf, "DEVNAME=")))
			continue;
		dn += strlen("DEVNAME=");
		dn[strcspn(dn, "\n")] = '\0';
		if (!found++)
			snprintf(dev, n, "/dev/%s", dn);
		snprintf(names + strlen(names), sizeof(names) - strlen(names), " /dev/%s", dn);
	}
	if (dir)
		closedir(dir);
	if (found == 1)
		return 0;
	if (found > 1) {
		drvsup_err("%s has %d device nodes (%s ): pick one with --dev", drv, found,
			   names);
		return -1;
	}
	snprintf(dev, n, "/dev/%s", drv);
	if (stat(sysroot_path(p, sizeof(p), dev), &st) == 0)
		return 0;
	drvsup_err("cannot tell %s's device node (no char region named %s with a "
		   "device, no %s): give --dev", drv, drv, dev);
	return -1;
}

/* ------------------------------------------------------------------ */
/* The workload                                                        */

struct workload {
	int fd;
	unsigned long cmd;
	unsigned char arg[16384];	/* the ioctl's buffer (_IOC_SIZE < 16 KiB) */
	atomic_bool stop;
	atomic_bool pause_req, paused;	/* see workload_pause() */
	atomic_int epoch;		/* the fault being measured, or -1 */
	atomic_uint_fast64_t calls, errors;
	atomic_int first_errno;
	uint64_t *maxgap_ns;		/* per fault; the thread's until joined */
	uint64_t start_ns, end_ns;
	bool net;			/* fd is a TCP stream: read it */
	atomic_bool broken;		/* the stream ended or was reset */
	uint64_t bytes;
};

/*
 * Call as fast as possible; a gap between two completions counts for the
 * fault whose epoch is open when the later one completes. The main thread
 * closes an epoch only after a completion it saw after the recovery, so
 * the gap the fault caused always lands in it. A pause is not a gap: the
 * clock restarts when the thread resumes.
 */
static void *workload_run(void *arg)
{
	struct workload *w = arg;
	uint64_t last = now_ns(), t;
	int r, e;

	w->start_ns = last;
	while (!atomic_load_explicit(&w->stop, memory_order_relaxed)) {
		if (atomic_load(&w->pause_req)) {
			atomic_store(&w->paused, true);
			while (atomic_load(&w->pause_req) && !atomic_load(&w->stop))
				sleep_ns(POLL_NS / 20);
			atomic_store(&w->paused, false);
			last = now_ns();
			continue;	/* paused again? look before calling */
		}
		if (w->net) {
			ssize_t n = read(w->fd, w->arg, sizeof(w->arg));

			/* Nothing within the socket's timeout: look at stop again. */
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				continue;
			r = n > 0 ? 0 : -1;
			if (!n)
				errno = ECONNRESET;	/* the stream ended early */
			else if (n > 0)
				w->bytes += (uint64_t)n;
		} else {
			r = ioctl(w->fd, w->cmd, w->arg);
		}
		t = now_ns();
		if (r < 0) {
			int zero = 0;

			atomic_compare_exchange_strong(&w->first_errno, &zero, errno);
			atomic_fetch_add(&w->errors, 1);
			if (w->net) {
				atomic_store(&w->broken, true);
				break;
			}
		}
		e = atomic_load_explicit(&w->epoch, memory_order_acquire);
		if (e >= 0 && t - last > w->maxgap_ns[e])
			w->maxgap_ns[e] = t - last;
		last = t;
		atomic_fetch_add_explicit(&w->calls, 1, memory_order_release);
	}
	w->end_ns = last;
	return NULL;
}

/*
 * Hold the workload between two calls; false if it did not get there
 * within @limit_ns (stuck in the driver). Crash points are armed and
 * cleared only while it is held: arming or removing the ftrace-based
 * kprobe of a crash point at a function another CPU is running sends that
 * CPU to address 0 or into "Unrecoverable kprobe detected" (6.1 under
 * TCG: kprobe_int3_handler takes the int3 ftrace patches in for the
 * kprobe's own and single-steps a probe that has no instruction slot).
 */
static bool workload_pause(struct workload *w, uint64_t limit_ns)
{
	uint64_t t0 = now_ns();

	atomic_store(&w->pause_req, true);
	while (!atomic_load(&w->paused) && !atomic_load(&w->broken)) {
		if (now_ns() - t0 > limit_ns)
			return false;
		sleep_ns(POLL_NS / 20);
	}
	return true;
}

static void workload_resume(struct workload *w)
{
	atomic_store(&w->pause_req, false);
}

/* ------------------------------------------------------------------ */
/* The run                                                             */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct results {
	long done;			/* faults measured */
	long armed;			/* crash points armed */
	double *ph[NPH + 1];		/* per fault, us: phases and total */
	double *sys[NPH + 1];		/* the same from sysfs `phases` */
	struct bpfev *bpf;		/* NULL: the phases are sysfs' */
	char bpf_why[256];		/* why there is no BPF */
	double cur[NPH + 1];		/* the BPF events of the recovery under way */
	unsigned int cur_have;		/* bit k: cur[k] came */
	long bpf_recs;			/* recoveries the BPF events completed */
	long from_bpf, differ;		/* faults with BPF phases; those sysfs differs on */
	double *outage;			/* per fault, us */
	double *link;			/* per fault, us: fault -> carrier (net) */
	uint64_t cold_init_us;
	bool have_cold;
	struct rec_counts c0, c1;	/* recoveries before and after */
	uint64_t calls, errors, bytes;
	int first_errno;
	double seconds;			/* the workload's run time */
	const char *why;		/* the run stopped early: why (NULL: it did not) */
	int rc;
};

static const char *kind_ok(const char *k)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(k, kinds[i]))
			return k;
	return NULL;
}

/*
 * "fault 12/50 ...": over itself after every fault on a terminal; a line
 * for the first, then once a minute, and for the last one otherwise.
 */
static void progress(const struct opts *o, long i, const struct results *r, bool tty)
{
	static uint64_t last_ns;
	uint64_t t = now_ns();

	if (!tty && i != 1 && i != o->faults && t - last_ns < PROGRESS_NS)
		return;
	last_ns = t;
	fprintf(stderr, "%sfault %ld/%ld: recovered in %.2f ms%s", tty ? "\r" : "", i,
		o->faults, r->ph[PH_TOTAL][i - 1] / 1000.0, tty ? "   " : "\n");
	fflush(stderr);
}

/* A drvsup:recovery_phase event of the driver (the program filters). */
static int on_bpf_event(void *ctx, const struct dt_event *e)
{
	struct results *r = ctx;
	int k;

	if (e->type != DT_PHASE)
		return 0;
	for (k = 0; k <= NPH; k++)
		if (!strcmp(e->word, rec_phase_name[k]))
			break;
	if (k > NPH)
		return 0;
	/* whole microseconds, as sysfs shows them */
	r->cur[k] = (double)(e->ns / 1000);
	r->cur_have |= 1u << k;
	if (k == PH_TOTAL)
		r->bpf_recs++;
	return 0;
}

/*
 * Fault @i was recovered: its phases from the BPF events if they all came
 * (sysfs' otherwise), and whether sysfs says the same.
 */
static void take_phases(struct results *r, long i)
{
	bool bpf = false, diff = false;
	int k;

	if (r->bpf && bpfev_poll(r->bpf, 0, on_bpf_event, r) >= 0)
		bpf = r->bpf_recs == i + 1 && r->cur_have == (1u << (NPH + 1)) - 1;
	r->from_bpf += bpf;
	for (k = 0; k <= NPH; k++) {
		r->ph[k][i] = bpf ? r->cur[k] : r->sys[k][i];
		diff |= r->ph[k][i] != r->sys[k][i];
	}
	r->differ += diff;
	r->cur_have = 0;
}

/* Wait until the workload completed a call after now; false on timeout. */
static bool workload_moved(struct workload *w, uint64_t limit_ns)
{
	uint64_t c0 = atomic_load(&w->calls), t0 = now_ns();

	while (atomic_load_explicit(&w->calls, memory_order_acquire) == c0) {
		if (now_ns() - t0 > limit_ns || atomic_load(&w->broken))
			return false;
		sleep_ns(POLL_NS / 10);
	}
	return true;
}

/* Remove the crash point, the workload held if it can be (see
 * workload_pause(); a workload stuck in the driver is not running it). */
static void disarm(struct workload *w)
{
	workload_pause(w, 1000000000ull);
	write_file(CRASHPOINT, "clear");
	workload_resume(w);
}

/* A net driver's "link" line of phases: fault -> carrier back, last time. */
static double phase_link_us(const char *drv)
{
	char buf[1024], *l;
	unsigned long long us;

	if (read_attr(drv, "phases", buf, sizeof(buf)))
		return 0;
	l = strstr(buf, "\nlink ");
	return l && sscanf(l, "\nlink %llu", &us) == 1 ? (double)us : 0;
}

/* Fault @i's phases from sysfs `phases`; 0, or -1 if unreadable. */
static int read_phases(const char *drv, struct results *r, long i)
{
	struct rec_phases ph;
	char buf[1024];
	int k;

	if (read_attr(drv, "phases", buf, sizeof(buf)) ||
	    rec_phases_parse(buf, &ph) < 0 || !ph.have[PH_TOTAL])
		return -1;
	for (k = 0; k <= NPH; k++)
		r->sys[k][i] = (double)ph.last_us[k];
	return 0;
}

/* Inject fault @i and wait for its recovery; 0, or an exit code. */
static int one_fault(const struct opts *o, struct workload *w, long i, struct results *r,
		     char *msg, size_t msgn)
{
	uint64_t t0, limit = (uint64_t)o->timeout_ms * 1000000ull;
	struct rec_counts before, c;
	char line[256], buf[1024], rec[32];
	int err;

	if (read_counts(o->driver, &before)) {
		snprintf(msg, msgn, "%s: cannot read recoveries", o->driver);
		return EXIT_FAIL;
	}
	if (!workload_pause(w, limit)) {
		workload_resume(w);
		snprintf(msg, msgn, "fault %ld: the workload did not come back from the driver "
			 "within %ld ms", i + 1, o->timeout_ms);
		return EXIT_NOTRECOVERED;
	}
	snprintf(line, sizeof(line), "%s %s %s", o->driver, o->at, o->kind);
	err = write_file(CRASHPOINT, line);
	if (err) {
		workload_resume(w);
		snprintf(msg, msgn, "cannot arm crash point '%s': %s%s", line, strerror(-err),
			 err == -ENOENT || err == -EILSEQ ?
			 " (no such symbol in the module, or an offset inside an instruction)" : "");
		return err == -ENOENT || err == -EILSEQ || err == -EINVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	r->armed++;
	atomic_store_explicit(&w->epoch, (int)i, memory_order_release);
	workload_resume(w);
	t0 = now_ns();
	for (;;) {
		if (!read_counts(o->driver, &c) && c.recovered > before.recovered)
			break;
		if (!strcmp(attr_word(o->driver, "recovery", rec, sizeof(rec)), "dead")) {
			disarm(w);
			snprintf(msg, msgn, "fault %ld: %s is dead: the restart budget ran out "
				 "(%" PRIu64 " failed attempts)", i + 1, o->driver,
				 c.failed - before.failed);
			return EXIT_NOTRECOVERED;
		}
		if (now_ns() - t0 > limit || interrupted) {
			char cp[512] = "";

			read_file(CRASHPOINT, cp, sizeof(cp));
			cp[strcspn(cp, "\n")] = '\0';
			disarm(w);
			if (interrupted)
				return EXIT_FAIL;
			snprintf(msg, msgn, "fault %ld: not recovered within %ld ms (state %s, "
				 "recovery %s; crash point: %s)", i + 1, o->timeout_ms,
				 attr_word(o->driver, "state", buf, sizeof(buf)), rec,
				 *cp ? cp : "gone");
			return EXIT_NOTRECOVERED;
		}
		sleep_ns(POLL_NS);
	}
	if (read_phases(o->driver, r, i)) {
		disarm(w);
		snprintf(msg, msgn, "%s: cannot read phases", o->driver);
		return EXIT_FAIL;
	}
	if (!workload_moved(w, limit)) {
		disarm(w);
		snprintf(msg, msgn, "fault %ld: recovered, but the workload did not get an "
			 "answer within %ld ms", i + 1, o->timeout_ms);
		return EXIT_NOTRECOVERED;
	}
	atomic_store_explicit(&w->epoch, -1, memory_order_release);
	disarm(w);
	take_phases(r, i);
	if (o->net)
		r->link[i] = phase_link_us(o->driver);
	r->done = i + 1;
	return 0;
}

/* Check the driver can be measured; 0 or an exit code (message printed). */
static int preflight(const struct opts *o, struct rec_budget *old, char *oldtext, size_t n)
{
	char buf[256], cp[1024];
	int err;

	if (geteuid() != 0) {
		drvsup_err("latency needs root (it writes debugfs and %s/%s/)", SYSDIR,
			   o->driver);
		return EXIT_PERM;
	}
	err = read_file(CRASHPOINT, cp, sizeof(cp));
	if (err) {
		drvsup_err("%s: %s (is debugfs mounted on /sys/kernel/debug?)", CRASHPOINT,
			   strerror(-err));
		return EXIT_FAIL;
	}
	if (*cp) {
		cp[strcspn(cp, "\n")] = '\0';
		drvsup_err("crash points are armed already (%s%s); this run would clear them: "
			   "echo clear >%s first", cp, strchr(cp, '\n') ? ", ..." : "", CRASHPOINT);
		return EXIT_BUSY;
	}
	if (strcmp(attr_word(o->driver, "state", buf, sizeof(buf)), "running")) {
		if (!strcmp(buf, "dead"))
			drvsup_err("%s is dead, not running: echo 1 >" SYSDIR "/%s/reset first",
				   o->driver, o->driver);
		else
			drvsup_err("%s is %s, not running", o->driver,
				   *buf ? buf : "in no known state");
		return EXIT_FAIL;
	}
	if (read_attr(o->driver, "restart_budget", oldtext, n) || rec_budget_parse(oldtext, old)) {
		drvsup_err("%s: no shadow (restart_budget unreadable): this drvsup.ko cannot "
			   "restart drivers", o->driver);
		return EXIT_UNSUPPORTED;
	}
	oldtext[strcspn(oldtext, "\n")] = '\0';
	return 0;
}

/* After the budget was raised: recovery must be passive now. */
static int check_passive(const struct opts *o)
{
	char rec[32];

	attr_word(o->driver, "recovery", rec, sizeof(rec));
	if (!strcmp(rec, "passive"))
		return 0;
	if (!strcmp(rec, "off")) {
		drvsup_err("%s: recovery off: it keeps objects no class shadow can hand back "
			   "yet", o->driver);
		return EXIT_UNSUPPORTED;
	}
	drvsup_err("%s: recovery %s, not passive: a recovery is under way", o->driver,
		   *rec ? rec : "unknown");
	return EXIT_FAIL;
}

/* ------------------------------------------------------------------ */
/* The report                                                          */

static const char *row_name[NPH + 1] = {
	[PH_QUIESCE] = "  quiesce",
	[PH_RELEASE] = "  release",
	[PH_RESET] = "  reset",
	[PH_RESTART] = "  restart",
	[PH_REPLAY] = "  replay",
	[PH_RESUME] = "  resume",
	[PH_TOTAL] = "total (fault -> serving)",
};

static void text_row(const char *name, const struct dist *d)
{
	printf("%-26s %9.2f %9.2f %9.2f %9.2f\n", name, d->min / 1000, d->median / 1000,
	       d->p99 / 1000, d->max / 1000);
}

static void json_dist(const char *key, const struct dist *d)
{
	json_key(stdout, key);
	printf("{\"n\":%zu,\"min\":%.1f,\"median\":%.1f,\"p99\":%.1f,\"max\":%.1f}", d->n,
	       d->min, d->median, d->p99, d->max);
}

static void json_samples(const char *key, const double *v, long n)
{
	long i;

	json_key(stdout, key);
	printf("[");
	for (i = 0; i < n; i++)
		printf("%s%.0f", i ? "," : "", v[i]);
	printf("]");
}

/* The distributions a report shows, by row. */
struct rows {
	struct dist ph[NPH + 1], sys[NPH + 1], out, link;
};

/* dist_of() sorts: a copy, so that the samples keep the faults' order. */
static void dist_copy(const double *v, long n, double *tmp, struct dist *d)
{
	memcpy(tmp, v, n * sizeof(double));
	dist_of(tmp, n, d);
}

static int rows_of(const struct opts *o, const struct results *r, struct rows *w)
{
	double *tmp = calloc(r->done ? r->done : 1, sizeof(double));
	int k;

	if (!tmp) {
		drvsup_err("out of memory");
		return -1;
	}
	memset(w, 0, sizeof(*w));
	for (k = 0; k <= NPH; k++) {
		dist_copy(r->ph[k], r->done, tmp, &w->ph[k]);
		dist_copy(r->sys[k], r->done, tmp, &w->sys[k]);
	}
	dist_copy(r->outage, r->done, tmp, &w->out);
	if (o->net)
		dist_copy(r->link, r->done, tmp, &w->link);
	free(tmp);
	return 0;
}

/* {"driver":..,"dev":..,"at":..,"kind":..,"ioctl":..,"faults":N: what ran. */
static void json_ident(const struct opts *o)
{
	printf("{");
	json_kv(stdout, "driver", o->driver, 1);
	json_kv(stdout, "dev", o->dev, 0);
	json_kv(stdout, "at", o->at, 0);
	json_kv(stdout, "kind", o->kind, 0);
	json_kv(stdout, "mode", o->run_mode ? o->run_mode : o->mode, 0);
	printf(",\"ioctl\":\"%#lx\",\"faults\":%ld", o->cmd, o->faults);
}

static void json_head(const struct opts *o, const struct results *r)
{
	json_ident(o);
	printf(",\"recovered\":%ld,\"from_checkpoint\":%" PRIu64 ","
	       "\"failed_attempts\":%" PRIu64 ",", r->done,
	       r->c1.from_ckpt - r->c0.from_ckpt, r->c1.failed - r->c0.failed);
	printf("\"workload\":{\"calls\":%" PRIu64 ",\"errors\":%" PRIu64
	       ",\"seconds\":%.2f},", r->calls, r->errors, r->seconds);
	json_key(stdout, "cold_init_us");
	if (r->have_cold)
		printf("%" PRIu64 ",", r->cold_init_us);
	else
		printf("null,");
}

static void json_phases(const char *key, const struct dist *d)
{
	int k;

	printf("\"%s\":{", key);
	for (k = 0; k < NPH; k++) {
		printf("%s", k ? "," : "");
		json_dist(rec_phase_name[k], &d[k]);
	}
	printf("},");
}

/* Where the phases came from: "bpf" (and how many faults sysfs differs
 * on, with its figures then) or "sysfs" (and why). */
static void json_source(const struct results *r, const struct rows *w)
{
	printf("\"phases_from\":\"%s\",\"bpf_recoveries\":%ld,",
	       r->bpf ? "bpf" : "sysfs", r->from_bpf);
	json_key(stdout, "bpf_error");
	json_str(stdout, r->bpf ? NULL : r->bpf_why);
	printf(",\"sysfs_differs\":%ld,", r->differ);
	if (r->differ) {
		json_dist("sysfs_total_us", &w->sys[PH_TOTAL]);
		printf(",");
		json_phases("sysfs_phases_us", w->sys);
	}
}

static void report_json(const struct opts *o, const struct results *r, const struct rows *w)
{
	json_head(o, r);
	json_dist("total_us", &w->ph[PH_TOTAL]);
	printf(",");
	json_phases("phases_us", w->ph);
	json_source(r, w);
	if (o->net) {
		json_dist("link_us", &w->link);
		printf(",");
	}
	json_dist("outage_us", &w->out);
	printf(",\"samples_us\":{");
	json_samples("total", r->ph[PH_TOTAL], r->done);
	printf(",");
	json_samples("outage", r->outage, r->done);
	printf("},");
	json_key(stdout, "error");
	json_str(stdout, r->why);
	printf(",\"ok\":%s}", r->rc == EXIT_OK ? "true" : "false");
}

static void text_head(const struct opts *o, const struct results *r)
{
	uint64_t failed = r->c1.failed - r->c0.failed;

	printf("%s: %ld of %ld %s faults at %s recovered", o->driver, r->done, o->faults,
	       o->kind, o->at);
	if (failed)
		printf(" (%" PRIu64 " failed restart attempt%s on the way)", failed,
		       failed == 1 ? "" : "s");
	printf("\nrecovery mode: %s, %" PRIu64 " of %ld from the checkpoint", o->run_mode,
	       r->c1.from_ckpt - r->c0.from_ckpt, r->done);
	if (o->net)
		printf("\nworkload: TCP stream from %s/%s, %" PRIu64 " reads (%.1f MB) in %.1f s, "
		       "%" PRIu64 " errors", o->peer, o->stream, r->calls, r->bytes / 1048576.0,
		       r->seconds, r->errors);
	else
		printf("\nworkload: ioctl %#lx on %s, %" PRIu64 " calls in %.1f s, %" PRIu64
		       " errors", o->cmd, o->dev, r->calls, r->seconds, r->errors);
	if (r->errors)
		printf(" (first: %s)", strerror(r->first_errno));
	if (r->bpf)
		printf("\nphases: from BPF (drvsup:recovery_phase) for %ld of %ld faults; "
		       "sysfs differs on %ld%s", r->from_bpf, r->done, r->differ,
		       r->differ ? " (its rows beside)" : "");
	else
		printf("\nphases: from sysfs (BPF not available: %s)", r->bpf_why);
}

static void report_text(const struct opts *o, const struct results *r, const struct rows *w)
{
	int k;

	text_head(o, r);
	if (!r->done) {
		printf("\nno fault measured\n");
		return;
	}
	printf("\n\n%-26s %9s %9s %9s %9s\n", "ms", "min", "median", "p99", "max");
	text_row(row_name[PH_TOTAL], &w->ph[PH_TOTAL]);
	if (r->differ)
		text_row("  sysfs", &w->sys[PH_TOTAL]);
	for (k = 0; k < NPH; k++) {
		text_row(row_name[k], &w->ph[k]);
		if (r->differ)
			text_row("    sysfs", &w->sys[k]);
	}
	if (o->net)
		text_row("link (fault -> carrier)", &w->link);
	text_row("outage seen by workload", &w->out);
	if (r->have_cold)
		printf("%-26s %9.2f\n", "cold init (first load)", r->cold_init_us / 1000.0);
}

static void report(const struct opts *o, const struct results *r)
{
	struct rows w;

	if (rows_of(o, r, &w))
		return;
	if (o->json)
		report_json(o, r, &w);
	else
		report_text(o, r, &w);
}

/* ------------------------------------------------------------------ */
/* The verb                                                            */

static void usage_latency(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: drvsup latency DRIVER --faults N --kind KIND [OPTIONS]\n"
		"Inject N faults into a supervised driver, one at a time, while a\n"
		"workload thread calls an ioctl on its device node as fast as it can\n"
		"(a char driver) or reads a TCP stream through it (a network driver);\n"
		"print min, median, p99 and max of the recovery time (fault -> serving\n"
		"again) and of each recovery phase (sysfs 'phases'), of the outage the\n"
		"workload saw (its longest gap between two answers around each fault),\n"
		"the workload's errors, and the driver's cold init. Needs root and\n"
		"debugfs. The restart budget is %s (16 attempts a second) for the\n"
		"run, then put back; the run's attempts are forgotten ('reset').\n"
		"\n"
		"  -f, --faults N       faults to inject (1..%d)\n"
		"  -k, --kind KIND      crash kind:", RUN_BUDGET, MAX_FAULTS);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		fprintf(f, " %s", kinds[i]);
	fprintf(f, "\n"
		"  -a, --at SYMBOL[+OFF]  where (debugfs crashpoint syntax): a function\n"
		"                       on the workload's path, e.g. its ioctl handler\n"
		"  -d, --dev NODE       the device node (default: the node of the char\n"
		"                       region named DRIVER, or /dev/DRIVER)\n"
		"      --ioctl CMD      the workload's call (default RTC_RD_TIME, %#lx),\n"
		"                       given a 16 KiB buffer; it must succeed as is\n"
		"      --peer HOST:PORT a network driver's workload: an HTTP server\n"
		"                       serving --stream (tests/guest/httpserve does)\n"
		"      --stream PATH    what to GET from it (default " NET_STREAM ":\n"
		"                       4 GiB paced at 2 MiB/s)\n"
		"  -i, --interval MS    between injections (default 100, at least %d;\n"
		"                       network drivers: 4000)\n"
		"  -t, --timeout MS     for each recovery (default 10000)\n"
		"  -m, --mode MODE      recovery_mode for the run: restart, checkpoint\n"
		"                       (from the driver's checkpoint where it can),\n"
		"                       or both, one series each (default: as it is)\n"
		"  -n, --dry-run        say what would run; inject nothing\n"
		"  -j, --json           JSON (times in us; samples per fault)\n"
		"Defaults known for:", (unsigned long)RTC_RD_TIME,
		RUN_BUDGET_WINDOW_MS / RUN_BUDGET_MAX + 8);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		fprintf(f, " %s (%s, --at %s)", known[i].driver,
			known[i].dev ? known[i].dev : "a TCP stream", known[i].at);
	fprintf(f, "; other drivers need --at.\n"
		"Exit status: 0 every fault recovered and the workload saw no error;\n"
		"%d a fault was not recovered in time; %d the workload saw errors;\n"
		"%d not for this driver (no class shadow can restart it).\n",
		EXIT_NOTRECOVERED, EXIT_WORKLOAD, EXIT_UNSUPPORTED);
}

static bool parse_long(const char *s, long lo, long hi, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return !errno && end != s && !*end && *v >= lo && *v <= hi;
}

enum { OPT_IOCTL = 0x100, OPT_PEER, OPT_STREAM };

/* One option into @o: 0, -1 after --help, or an exit code. */
static int set_opt(struct opts *o, int c, char *arg)
{
	long min_interval = RUN_BUDGET_WINDOW_MS / RUN_BUDGET_MAX + 8;
	char *end;

	switch (c) {
	case 'f':
		if (!parse_long(arg, 1, MAX_FAULTS, &o->faults)) {
			drvsup_err("--faults: a number from 1 to %d, not '%s'",
				   MAX_FAULTS, arg);
			return EXIT_USAGE;
		}
		return 0;
	case 'k':
		o->kind = arg;
		if (!kind_ok(arg)) {
			drvsup_err("--kind: oops, gpf, bug, div0 or while1, not '%s'",
				   arg);
			return EXIT_USAGE;
		}
		return 0;
	case 'a':
		o->at = arg;
		if (!*arg || strpbrk(arg, " \t\n")) {
			drvsup_err("--at: one symbol, SYMBOL[+OFFSET]");
			return EXIT_USAGE;
		}
		return 0;
	case 'd':
		o->dev = arg;
		return 0;
	case OPT_PEER:
		o->peer = arg;
		return 0;
	case OPT_STREAM:
		o->stream = arg;
		if (!*arg || strpbrk(arg, " \t\r\n")) {
			drvsup_err("--stream: a path on the peer, e.g. %s", NET_STREAM);
			return EXIT_USAGE;
		}
		return 0;
	case OPT_IOCTL:
		errno = 0;
		o->cmd = strtoul(arg, &end, 0);
		if (errno || end == arg || *end || !o->cmd || o->cmd > 0xffffffffu) {
			drvsup_err("--ioctl: an ioctl number (e.g. 0x80247009), not '%s'",
				   arg);
			return EXIT_USAGE;
		}
		return 0;
	case 'i':
		if (!parse_long(arg, min_interval, 3600000, &o->interval_ms)) {
			drvsup_err("--interval: milliseconds, at least %ld (the run's budget "
				   "allows %d restarts in %d ms), not '%s'", min_interval,
				   RUN_BUDGET_MAX, RUN_BUDGET_WINDOW_MS, arg);
			return EXIT_USAGE;
		}
		return 0;
	case 't':
		if (!parse_long(arg, 1, 3600000, &o->timeout_ms)) {
			drvsup_err("--timeout: milliseconds, not '%s'", arg);
			return EXIT_USAGE;
		}
		return 0;
	case 'm':
		if (strcmp(arg, "restart") && strcmp(arg, "checkpoint") &&
		    strcmp(arg, "both")) {
			drvsup_err("--mode: restart, checkpoint or both, not '%s'", arg);
			return EXIT_USAGE;
		}
		o->mode = arg;
		return 0;
	case 'n':
		o->dry_run = true;
		return 0;
	case 'j':
		o->json = true;
		return 0;
	case 'h':
		usage_latency(stdout);
		return -1;
	default:
		return EXIT_USAGE;
	}
}

/* Options into @o; 0, -1 after --help, or an exit code. */
static int parse_opts(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "faults", required_argument, NULL, 'f' },
		{ "kind", required_argument, NULL, 'k' },
		{ "at", required_argument, NULL, 'a' },
		{ "dev", required_argument, NULL, 'd' },
		{ "ioctl", required_argument, NULL, OPT_IOCTL },
		{ "peer", required_argument, NULL, OPT_PEER },
		{ "stream", required_argument, NULL, OPT_STREAM },
		{ "interval", required_argument, NULL, 'i' },
		{ "timeout", required_argument, NULL, 't' },
		{ "mode", required_argument, NULL, 'm' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	o->cmd = RTC_RD_TIME;
	o->stream = NET_STREAM;
	o->interval_ms = 0;		/* 0: the default for the driver's class */
	o->timeout_ms = 10000;
	optind = 0;	/* 0: glibc re-reads the optstring (main used "+") */
	while ((c = getopt_long(argc, argv, "f:k:a:d:i:t:m:njh", longopts, NULL)) != -1) {
		rc = set_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	if (argc - optind != 1) {
		drvsup_err("latency takes one driver name (see 'drvsup latency --help')");
		return EXIT_USAGE;
	}
	o->driver = argv[optind];
	if (!o->faults || !o->kind) {
		drvsup_err("latency needs --faults N and --kind KIND");
		return EXIT_USAGE;
	}
	return 0;
}

/* Which node and symbol; 0, or an exit code (message printed). */
static int resolve(struct opts *o, char *devbuf, size_t n)
{
	char path[PATH_MAX], p[PATH_MAX], kept[4096];
	const struct known *k = NULL;
	struct stat st;
	size_t i;

	if (strchr(o->driver, '/') || !*o->driver || o->driver[0] == '.') {
		drvsup_err("'%s': a driver name, as in 'drvsup status'", o->driver);
		return EXIT_USAGE;
	}
	if (stat(sysroot_path(p, sizeof(p), SYSDIR), &st)) {
		drvsup_err("drvsup core module not loaded (%s: %s)", SYSDIR, strerror(errno));
		return EXIT_NOCORE;
	}
	snprintf(path, sizeof(path), SYSDIR "/%s", o->driver);
	if (stat(sysroot_path(p, sizeof(p), path), &st)) {
		drvsup_err("%s: not supervised", o->driver);
		return EXIT_NOTLOADED;
	}
	if (read_attr(o->driver, "kept", kept, sizeof(kept)))
		kept[0] = '\0';
	o->net = has_line(kept, "netdev");
	if (o->net && !o->peer) {
		drvsup_err("%s: a network driver: its workload is a TCP stream, give --peer "
			   "HOST:PORT (an HTTP server with %s, e.g. tests/guest/httpserve)",
			   o->driver, o->stream);
		return EXIT_USAGE;
	}
	if (!o->interval_ms)
		o->interval_ms = o->net ? NET_INTERVAL_MS : 100;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].driver, o->driver))
			k = &known[i];
	if (!o->at && !k) {
		drvsup_err("%s: no default fault site: give --at SYMBOL (a function on the "
			   "workload's path, e.g. the driver's ioctl handler)", o->driver);
		return EXIT_USAGE;
	}
	if (!o->at)
		o->at = k->at;
	if (o->net) {
		o->dev = o->peer;
	} else if (!o->dev && k && k->dev) {
		o->dev = k->dev;
	} else if (!o->dev) {
		if (derive_dev(o->driver, devbuf, n))
			return EXIT_USAGE;
		o->dev = devbuf;
		o->dev_derived = true;
	}
	return 0;
}

/* A net driver's workload: GET the stream from the peer, headers read. */
static int open_peer(const struct opts *o, struct workload *w)
{
	static const struct timeval rcv_timeout = { .tv_usec = 200000 };
	struct sockaddr_in sa = { .sin_family = AF_INET };
	char host[64], *colon, req[512];
	size_t have = 0;
	long port;
	ssize_t n;

	snprintf(host, sizeof(host), "%s", o->peer);
	colon = strrchr(host, ':');
	if (!colon || !parse_long(colon + 1, 1, 65535, &port)) {
		drvsup_err("--peer: HOST:PORT, not '%s'", o->peer);
		return EXIT_USAGE;
	}
	*colon = '\0';
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		drvsup_err("--peer: an IPv4 address, not '%s'", host);
		return EXIT_USAGE;
	}
	w->net = true;
	w->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	/* A read waits this long at most: a stalled stream cannot hold the run. */
	if (w->fd >= 0)
		setsockopt(w->fd, SOL_SOCKET, SO_RCVTIMEO, &rcv_timeout, sizeof(rcv_timeout));
	if (w->fd < 0 || connect(w->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		drvsup_err("cannot connect to %s: %s", o->peer, strerror(errno));
		if (w->fd >= 0)
			close(w->fd);
		return EXIT_FAIL;
	}
	n = snprintf(req, sizeof(req), "GET /%s HTTP/1.0\r\nHost: %s\r\n\r\n", o->stream,
		     host);
	if (write(w->fd, req, (size_t)n) != n)
		goto bad;
	/* The reply's head, a byte at a time: the body is the workload's. */
	while (have < sizeof(w->arg) - 1 &&
	       (have < 4 || memcmp(w->arg + have - 4, "\r\n\r\n", 4))) {
		if (read(w->fd, w->arg + have, 1) != 1)
			goto bad;
		have++;
	}
	w->arg[have] = '\0';
	if (strncmp((char *)w->arg, "HTTP/1.", 7) || strncmp((char *)w->arg + 9, "200", 3))
		goto bad;
	return 0;
bad:
	drvsup_err("%s: no stream at /%s (%.40s)", o->peer, o->stream,
		   have ? (char *)w->arg : strerror(errno));
	close(w->fd);
	return EXIT_FAIL;
}

static int open_dev(const struct opts *o, struct workload *w)
{
	struct stat st;
	int e;

	w->fd = open(o->dev, O_RDONLY | O_CLOEXEC);
	if (w->fd < 0) {
		drvsup_err("cannot open %s: %s", o->dev, strerror(errno));
		return EXIT_FAIL;
	}
	if (fstat(w->fd, &st) || !S_ISCHR(st.st_mode)) {
		drvsup_err("%s: not a char device", o->dev);
		close(w->fd);
		return EXIT_USAGE;
	}
	w->cmd = o->cmd;
	/* One call before anything is injected: the workload must be sound. */
	if (ioctl(w->fd, w->cmd, w->arg) < 0) {
		e = errno;
		drvsup_err("%s: ioctl %#lx fails before any fault (%s): give --ioctl a query "
			   "%s answers", o->dev, o->cmd, strerror(e), o->driver);
		close(w->fd);
		return EXIT_USAGE;
	}
	return 0;
}

static void results_free(struct results *r)
{
	int k;

	for (k = 0; k <= NPH; k++) {
		free(r->ph[k]);
		free(r->sys[k]);
	}
	free(r->outage);
	free(r->link);
	bpfev_close(r->bpf);
}

/* The per-fault arrays and the workload; 0, or -1 out of memory. */
static int results_alloc(const struct opts *o, struct results *r, struct workload **wp)
{
	struct workload *w = calloc(1, sizeof(*w));
	bool ok;
	int k;

	*wp = w;
	r->outage = calloc(o->faults, sizeof(double));
	r->link = calloc(o->faults, sizeof(double));
	ok = w && r->outage && r->link;
	for (k = 0; k <= NPH; k++) {
		r->ph[k] = calloc(o->faults, sizeof(double));
		r->sys[k] = calloc(o->faults, sizeof(double));
		ok = ok && r->ph[k] && r->sys[k];
	}
	if (w)
		w->maxgap_ns = calloc(o->faults, sizeof(uint64_t));
	if (!ok || !w->maxgap_ns) {
		drvsup_err("out of memory");
		return -1;
	}
	atomic_init(&w->epoch, -1);
	return 0;
}

/* The phases' BPF events, for the run; without them, one line says so. */
static void bpf_attach(const struct opts *o, struct results *r)
{
	enum bpfev_err err;

	r->bpf = bpfev_open(o->driver, &err, r->bpf_why, sizeof(r->bpf_why));
	if (!r->bpf)
		drvsup_err("latency: BPF not available (%s): phases from sysfs alone",
			   r->bpf_why);
}

static void print_dry_run(const struct opts *o)
{
	if (o->json) {
		json_ident(o);
		printf(",\"dry_run\":true}\n");
	} else if (o->net) {
		printf("would inject %ld %s faults at %s:%s, %ld ms apart, restart "
		       "budget %s, while a thread reads a TCP stream from %s/%s\n",
		       o->faults, o->kind, o->driver, o->at, o->interval_ms, RUN_BUDGET,
		       o->peer, o->stream);
	} else {
		printf("would inject %ld %s faults at %s:%s, %ld ms apart, restart "
		       "budget %s, while a thread calls ioctl %#lx on %s%s\n",
		       o->faults, o->kind, o->driver, o->at, o->interval_ms, RUN_BUDGET,
		       o->cmd, o->dev, o->dev_derived ? " (derived)" : "");
	}
}

/*
 * The workload thread, then the faults one at a time, then the thread
 * joined and its figures taken; 0 or an exit code (@msg says why).
 */
static int run_faults(const struct opts *o, struct workload *w, struct results *r,
		      char *msg, size_t msgn)
{
	bool tty = isatty(2);
	sigset_t block, prev;
	uint64_t next;
	pthread_t th;
	int rc;
	long i;

	/* The workload takes no signals: they are the main thread's. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &prev);
	rc = pthread_create(&th, NULL, workload_run, w);
	pthread_sigmask(SIG_SETMASK, &prev, NULL);
	if (rc) {
		snprintf(msg, msgn, "cannot start the workload: %s", strerror(rc));
		return EXIT_FAIL;
	}
	/* Let it run a while before the first fault: a baseline. */
	next = now_ns() + (uint64_t)o->interval_ms * 1000000ull;
	for (i = 0; i < o->faults && !interrupted; i++) {
		uint64_t t = now_ns();

		if (t < next)
			sleep_ns(next - t);
		if (interrupted)
			break;
		next = now_ns() + (uint64_t)o->interval_ms * 1000000ull;
		rc = one_fault(o, w, i, r, msg, msgn);
		if (rc)
			break;
		progress(o, i + 1, r, tty);
	}
	if (tty && r->done)
		fputc('\n', stderr);
	atomic_store(&w->stop, true);
	pthread_join(th, NULL);
	for (i = 0; i < r->done; i++)
		r->outage[i] = w->maxgap_ns[i] / 1000.0;
	r->calls = atomic_load(&w->calls);
	r->bytes = w->bytes;
	r->errors = atomic_load(&w->errors);
	r->first_errno = atomic_load(&w->first_errno);
	r->seconds = (w->end_ns - w->start_ns) / 1e9;
	return rc;
}

/* How the run ended: the exit code, and @msg unless it says why already. */
static int run_verdict(int rc, struct results *r, char *msg, size_t msgn)
{
	if (interrupted) {
		if (!*msg)
			snprintf(msg, msgn, "interrupted after %ld faults", r->done);
		if (!rc)
			rc = EXIT_FAIL;
	}
	if (!rc && r->errors) {
		snprintf(msg, msgn, "the workload saw %" PRIu64 " errors (first: %s)",
			 r->errors, strerror(r->first_errno));
		rc = EXIT_WORKLOAD;
	}
	return rc;
}

/* Forget the series' attempts: they are not the driver's. */
static void forget_attempts(const struct opts *o, const struct results *r)
{
	char buf[64];

	/* Not if dead: a reset would restart it, the administrator's call. */
	if (r->armed && strcmp(attr_word(o->driver, "recovery", buf, sizeof(buf)), "dead"))
		write_attr(o->driver, "reset", "1");
}

/* The cold init, if `phases` has it. */
static void take_cold_init(const struct opts *o, struct results *r)
{
	struct rec_phases ph;
	char buf[1024];

	if (!read_attr(o->driver, "phases", buf, sizeof(buf)) &&
	    rec_phases_parse(buf, &ph) >= 0 && ph.have[PH_COLD_INIT]) {
		r->have_cold = true;
		r->cold_init_us = ph.last_us[PH_COLD_INIT];
	}
}

/*
 * One series of faults in recovery mode @mode, with its own workload;
 * its report printed. 0 or an exit code.
 */
static int run_series(struct opts *o, const char *mode)
{
	struct results r = { .rc = EXIT_OK };
	struct workload *w = NULL;
	char msg[768] = "";
	int rc;

	o->run_mode = mode;
	/* Written only to change it: that needs CAP_SYS_ADMIN. */
	rc = strcmp(mode, o->old_mode) ? write_attr(o->driver, "recovery_mode", mode) : 0;
	if (rc) {
		drvsup_err("cannot set %s's recovery_mode to %s: %s", o->driver, mode,
			   strerror(-rc));
		return EXIT_FAIL;
	}
	if (results_alloc(o, &r, &w)) {
		rc = EXIT_FAIL;
		goto out_free;
	}
	rc = o->net ? open_peer(o, w) : open_dev(o, w);
	if (rc)
		goto out_free;
	take_cold_init(o, &r);
	bpf_attach(o, &r);
	rc = check_passive(o);
	if (rc || read_counts(o->driver, &r.c0)) {
		if (!rc)
			drvsup_err("%s: cannot read recoveries", o->driver);
		rc = rc ? rc : EXIT_FAIL;
		goto out_close;
	}
	rc = run_verdict(run_faults(o, w, &r, msg, sizeof(msg)), &r, msg, sizeof(msg));
	read_counts(o->driver, &r.c1);
	r.rc = rc;
	r.why = *msg ? msg : NULL;
	report(o, &r);
	if (*msg)
		drvsup_err("%s", msg);
	forget_attempts(o, &r);
out_close:
	close(w->fd);
out_free:
	if (w)
		free(w->maxgap_ns);
	free(w);
	results_free(&r);
	return rc;
}

int cmd_latency(const struct drvsup_opts *g, int argc, char **argv)
{
	static const char *const both[] = { "restart", "checkpoint" };
	struct opts o = { .json = g->json };
	struct sigaction sa = { .sa_handler = on_signal };
	char devbuf[PATH_MAX], oldtext[64], oldmode[32];
	const char *modes[2];
	struct rec_budget old;
	int i, n = 1, rc, rc1;

	rc = parse_opts(&o, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = resolve(&o, devbuf, sizeof(devbuf));
	if (rc)
		return rc;
	if (o.dry_run) {
		print_dry_run(&o);
		return EXIT_OK;
	}
	rc = preflight(&o, &old, oldtext, sizeof(oldtext));
	if (rc)
		return rc;
	/* A drvsup.ko without the file only restarts. */
	attr_word(o.driver, "recovery_mode", oldmode, sizeof(oldmode));
	if (!*oldmode && o.mode && strcmp(o.mode, "restart")) {
		drvsup_err("%s: no recovery_mode (an older drvsup.ko?): it only restarts",
			   o.driver);
		return EXIT_UNSUPPORTED;
	}
	if (!*oldmode)
		snprintf(oldmode, sizeof(oldmode), "restart");
	o.old_mode = oldmode;
	modes[0] = o.mode ? o.mode : oldmode;
	if (o.mode && !strcmp(o.mode, "both")) {
		modes[0] = both[0];
		modes[1] = both[1];
		n = 2;
		o.several = true;
	}

	/* From here on the budget is ours: put it back on every way out. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = write_attr(o.driver, "restart_budget", RUN_BUDGET);
	if (rc) {
		drvsup_err("cannot set %s's restart budget: %s", o.driver, strerror(-rc));
		rc = EXIT_FAIL;
		goto out;
	}
	if (o.json && o.several)
		printf("[");
	for (i = 0, rc = EXIT_OK; i < n && !interrupted; i++) {
		if (i)
			printf(o.json ? "," : "\n");
		rc1 = run_series(&o, modes[i]);
		if (o.json && !o.several)
			printf("\n");
		if (!rc)
			rc = rc1;
	}
	if (o.json && o.several)
		printf("]\n");
	if (o.run_mode && strcmp(o.run_mode, oldmode) &&
	    write_attr(o.driver, "recovery_mode", oldmode))
		drvsup_err("cannot put back %s's recovery_mode '%s'", o.driver, oldmode);
out:
	rc1 = write_attr(o.driver, "restart_budget", oldtext);
	if (rc1)
		drvsup_err("cannot put back %s's restart budget '%s': %s", o.driver, oldtext,
			   strerror(-rc1));
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return rc;
}

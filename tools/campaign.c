// SPDX-License-Identifier: GPL-2.0
/*
 * campaign.c - drvsup campaign and drvsup trial, on the host: many
 * injected faults, each in a test guest whose state is known clean.
 *
 * A worker owns one guest at a time (tests/guest/run --script campaign,
 * 1 vCPU unless --smp; the guest side is tests/guest/scripts/campaign.sh) and hands it
 * trials over its console while each ends clean; a trial that does not
 * (or a guest that dies or stops answering) retires the guest and the next
 * trial boots a fresh one. Workers run side by side, never more than the
 * host has cores (vm.md). Every trial appends one JSON line to
 * OUT/trials.jsonl (under flock); a campaign started again with the same
 * OUT skips the trials already there. --emit-jobs writes the same trials
 * as self-contained `drvsup trial` commands for GNU parallel and for a
 * Slurm job array.
 *
 * Output: one progress line on stderr (trials done/total, rate, ETA,
 * outcomes so far), in place on a terminal, else once a minute and at
 * the end. The harness's console is read from its log, not from its
 * stdout; what it says on stderr is passed on (something went wrong),
 * except what follows the campaign stopping a guest itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "campaign.h"
#include "drvsup.h"
#include "target.h"

/*
 * The drivers a campaign knows: the QEMU NIC model a network driver's
 * guests boot with (NULL: the RTC driver, a char device), and the
 * functions its workload runs through (README, campaigns). DRIVER-wi is
 * DRIVER built from source with the store instrumentation (make's
 * modules/wi/, mk/writeiso.mk): supervised only, it cannot load plain.
 */
static const struct {
	const char *driver, *nic, *funcs;
} hot[] = {
	{ "rtctest", NULL,
	  "rtct_open,rtct_release,rtct_read,rtct_ioctl,rtct_cmos_read_time,"
	  "rtct_read_regs,rtct_irq,rtct_handle_flags,rtct_cmos_ack,"
	  "rtct_take_events,rtct_return_events,rtct_events_pending,"
	  "rtct_file_attach,rtct_file_detach,rtct_cmos_get_alarm" },
	{ "e1000", "e1000",
	  "e1000_xmit_frame,e1000_intr,e1000_clean,e1000_clean_rx_irq,"
	  "e1000_alloc_rx_buffers,e1000_maybe_stop_tx,e1000_update_itr,"
	  "e1000_watchdog,e1000_update_stats,e1000_has_link,"
	  "e1000_check_for_link" },
	{ "e1000-wi", "e1000",
	  "e1000_xmit_frame,e1000_intr,e1000_clean,e1000_clean_rx_irq,"
	  "e1000_alloc_rx_buffers,e1000_maybe_stop_tx,e1000_update_itr,"
	  "e1000_watchdog,e1000_update_stats,e1000_has_link,"
	  "e1000_check_for_link" },
	{ "pcnet32", "pcnet",
	  "pcnet32_start_xmit,pcnet32_interrupt,pcnet32_poll,"
	  "pcnet32_watchdog,pcnet32_check_media,pcnet32_get_stats,"
	  "mdio_read,mdio_write,pcnet32_wio_read_csr,pcnet32_wio_write_csr,"
	  "pcnet32_wio_read_bcr,pcnet32_wio_write_bcr" },
};

struct camp {
	const char *driver, *out, *funcs, *top;
	char types[FIT_NR];		/* selected types, in order */
	int ntypes;
	unsigned long trials;
	unsigned long batch;		/* --emit-jobs: trials per command */
	uint64_t seed;
	int jobs;
	int smp;			/* vCPUs per guest */
	bool checkpoint;		/* --recovery checkpoint: drvsup.ko checkpoint=1 */
	bool baseline, supervised, emit;
	int trial_timeout, boot_timeout;	/* seconds */
};

struct job {
	unsigned long index;
	const char *column;
	enum fi_type type;
	uint64_t seed;
	char id[40];
};

struct guest {
	pid_t pid;
	int in, out;			/* its stdin; its console.log (or -1) */
	int err;			/* the harness's stderr (or -1) */
	char ebuf[4096];		/* a partial line of it */
	size_t elen;
	const char *top;
	char name[96];
	char buf[65536];
	size_t len;
	int trials;
	bool eof;
};

/* @driver's index in hot[], or -1 if a campaign does not know it. */
static int known(const char *driver)
{
	size_t i;

	for (i = 0; i < sizeof(hot) / sizeof(hot[0]); i++)
		if (!strcmp(hot[i].driver, driver))
			return (int)i;
	return -1;
}

static const char *hot_funcs(const char *driver)
{
	int i = known(driver);

	return i < 0 ? "all" : hot[i].funcs;
}

/* The QEMU NIC model of a network driver's guests; NULL for a char one. */
static const char *nic_of(const char *driver)
{
	int i = known(driver);

	return i < 0 ? NULL : hot[i].nic;
}

/* An error: on a terminal, the progress line is cleared first. */
__attribute__((format(printf, 1, 2)))
static void camp_err(const char *fmt, ...)
{
	va_list ap;

	if (isatty(2))
		fputs("\r\033[K", stderr);
	fputs("drvsup: campaign: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void campaign_job_id(char *buf, size_t len, unsigned long index,
		     const char *column)
{
	snprintf(buf, len, "%lu-%c", index, column[0]);
}

uint64_t campaign_job_seed(uint64_t seed, unsigned long index)
{
	return fi_mix(seed * 1000003ULL + index) & 0xffffffffULL;
}

/* Trial @i of a column: its type in turn, its seed from the campaign's. */
static void job_init(const struct camp *c, struct job *j, unsigned long i,
		     const char *column)
{
	j->index = i;
	j->column = column;
	j->type = (enum fi_type)c->types[i % (unsigned long)c->ntypes];
	j->seed = campaign_job_seed(c->seed, i);
	campaign_job_id(j->id, sizeof(j->id), i, column);
}

static int cloexec_pipe(int fd[2])
{
	if (pipe(fd))
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static int guest_start(struct guest *g, const struct camp *c, int worker,
		       int serial)
{
	const char *nic = nic_of(c->driver);
	int to[2], err[2], null;
	char cmd[1024];

	snprintf(g->name, sizeof(g->name), "campaign-%d-w%d-g%d", (int)getpid(),
		 worker, serial);
	/* A network driver's workload downloads from a server on the host. */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && DRVSUP_PARAMS='%s' exec %s tests/guest/run --script campaign "
		 "--smp %d --timeout 864000 --health-idle 0 --nic %s --name %s",
		 c->top, c->checkpoint ? "checkpoint=1" : "",
		 nic ? "tests/guest/httpserve --size 8 --limit 864000 --" : "", c->smp,
		 nic ? nic : "e1000", g->name);
	/*
	 * The harness echoes the console on its stdout; the campaign reads
	 * console.log instead (tee writes it at once), so that stdout goes
	 * to /dev/null. A pipe nobody reads made every tool in the harness's
	 * console pipeline fail with "write error: Broken pipe".
	 */
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null < 0)
		return -1;
	if (cloexec_pipe(to)) {
		close(null);
		return -1;
	}
	if (cloexec_pipe(err)) {
		close(null);
		close(to[0]);
		close(to[1]);
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);	/* ours: writes to a dead guest fail */
	g->pid = fork();
	if (g->pid < 0) {
		g->pid = 0;
		close(null);
		close(to[0]);
		close(to[1]);
		close(err[0]);
		close(err[1]);
		return -1;
	}
	if (!g->pid) {
		setsid();
		signal(SIGPIPE, SIG_DFL);	/* not inherited by the harness */
		dup2(to[0], 0);
		dup2(null, 1);
		dup2(err[1], 2);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(err[1]);
	close(null);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	g->in = to[1];
	g->err = err[0];
	g->elen = 0;
	g->out = -1;
	g->top = c->top;
	g->len = 0;
	g->trials = 0;
	g->eof = false;
	return 0;
}

/*
 * What the harness wrote on stderr since last time: passed on line by
 * line (@drop: read and thrown away: it is about the campaign stopping
 * the guest, e.g. QEMU's "terminating on signal 15").
 */
static void guest_relay_err(struct guest *g, bool drop)
{
	ssize_t r;

	if (g->err < 0)
		return;
	while ((r = read(g->err, g->ebuf + g->elen,
			 sizeof(g->ebuf) - 1 - g->elen)) > 0) {
		char *p = g->ebuf, *nl;

		g->elen += (size_t)r;
		g->ebuf[g->elen] = '\0';
		while ((nl = strchr(p, '\n'))) {
			*nl = '\0';
			if (!drop)
				camp_err("guest %s: %s", g->name, p);
			p = nl + 1;
		}
		g->elen -= (size_t)(p - g->ebuf);
		memmove(g->ebuf, p, g->elen);
		if (g->elen == sizeof(g->ebuf) - 1) {	/* a runaway line */
			g->ebuf[g->elen] = '\0';
			if (!drop)
				camp_err("guest %s: %s", g->name, g->ebuf);
			g->elen = 0;
		}
	}
}

static void guest_stop(struct guest *g, int grace)
{
	long i;

	if (!g->pid)
		return;
	if (g->pid > 0 && !g->eof && write(g->in, "QUIT\n", 5) < 0)
		g->eof = true;
	close(g->in);
	if (g->out >= 0)
		close(g->out);
	/* A guest told to quit (or retiring itself) powers off on its own. */
	for (i = 0; g->pid > 0 && i < grace * 10L; i++) {
		guest_relay_err(g, false);
		if (waitpid(g->pid, NULL, WNOHANG) == g->pid)
			g->pid = -g->pid;
		else
			usleep(100000);
	}
	guest_relay_err(g, false);
	if (g->pid > 0) {
		kill(-g->pid, SIGTERM);
		usleep(300000);
		kill(-g->pid, SIGKILL);
		waitpid(g->pid, NULL, 0);
	}
	/* what is left comes from a harness stopped by us */
	usleep(100000);
	guest_relay_err(g, g->pid > 0);
	close(g->err);
	g->err = -1;
	g->pid = 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* The guest's console log, once the harness created it; -1 until then. */
static int open_console(const struct guest *g)
{
	char pat[PATH_MAX];
	glob_t gl;
	int fd = -1;

	snprintf(pat, sizeof(pat), "%s/build/%s-*/console.log", g->top, g->name);
	if (!glob(pat, 0, NULL, &gl) && gl.gl_pathc)
		fd = open(gl.gl_pathv[gl.gl_pathc - 1], O_RDONLY);
	globfree(&gl);
	return fd;
}

/* The next line starting with @prefix within @secs; NULL at EOF/timeout. */
static char *guest_line(struct guest *g, const char *prefix, int secs,
			bool *timed_out)
{
	long end = now_ms() + secs * 1000L;
	static char line[65536];

	*timed_out = false;
	for (;;) {
		char *nl = memchr(g->buf, '\n', g->len);

		if (nl) {
			size_t n = (size_t)(nl - g->buf);

			memcpy(line, g->buf, n);
			line[n] = '\0';
			if (n && line[n - 1] == '\r')
				line[n - 1] = '\0';
			memmove(g->buf, nl + 1, g->len - n - 1);
			g->len -= n + 1;
			if (!strncmp(line, prefix, strlen(prefix)))
				return line;
			continue;
		}
		if (g->eof)
			return NULL;
		if (now_ms() >= end) {
			*timed_out = true;
			return NULL;
		}
		if (g->out < 0)
			g->out = open_console(g);
		ssize_t r = 0;

		if (g->len == sizeof(g->buf))
			g->len = 0;	/* a runaway line: drop it */
		if (g->out >= 0)
			r = read(g->out, g->buf + g->len, sizeof(g->buf) - g->len);
		if (r > 0) {
			g->len += (size_t)r;
			continue;
		}
		/* nothing new: has the guest (the harness) ended? */
		if (waitpid(g->pid, NULL, WNOHANG) == g->pid) {
			g->pid = -g->pid;	/* reaped */
			if (g->out >= 0 && read(g->out, g->buf + g->len,
						sizeof(g->buf) - g->len) > 0)
				continue;
			g->eof = true;
			continue;
		}
		guest_relay_err(g, false);
		usleep(100000);
	}
}

/* What the console log of a dead guest says went wrong ("" if nothing). */
static void console_evidence(const struct camp *c, const struct guest *g,
			     char *ev, size_t len)
{
	char pat[PATH_MAX], line[512];
	glob_t gl;
	FILE *f;

	ev[0] = '\0';
	snprintf(pat, sizeof(pat), "%s/build/%s-*/console.log", c->top, g->name);
	if (glob(pat, 0, NULL, &gl) || !gl.gl_pathc)
		return;
	f = fopen(gl.gl_pathv[gl.gl_pathc - 1], "r");
	globfree(&gl);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		static const char *const bad[] = {
			"Kernel panic", "Oops", "BUG:", "general protection",
			"soft lockup", "stall", "divide error", "invalid opcode",
		};
		size_t i, n;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (strstr(line, bad[i]))
				break;
		n = strlen(ev);
		if (i == sizeof(bad) / sizeof(bad[0]) || n > len / 2)
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		for (char *p = line; *p; p++)
			if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
				*p = ' ';
		snprintf(ev + n, len - n, "%s%s", n ? " | " : "", line);
	}
	fclose(f);
}

static void append_line(const char *out, const char *line)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/trials.jsonl", out);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0) {
		camp_err("%s: %s", path, strerror(errno));
		return;
	}
	flock(fd, LOCK_EX);
	if (write(fd, line, strlen(line)) < 0)
		camp_err("%s: %s", path, strerror(errno));
	flock(fd, LOCK_UN);
	close(fd);
}

static void record(const struct camp *c, const struct job *j,
		   const struct guest *g, long wall_ms, const char *body,
		   const char *host_outcome, const char *evidence)
{
	static char line[70000];
	int n;

	n = snprintf(line, sizeof(line),
		     "{\"id\":\"%s\",\"index\":%lu,\"driver\":\"%s\",\"column\":\"%s\","
		     "\"type\":\"%s\",\"seed\":%" PRIu64 ",\"funcs\":\"%s\","
		     "\"guest\":\"%s\",\"vcpus\":%d,\"trial_in_guest\":%d,\"wall_ms\":%ld,",
		     j->id, j->index, c->driver, j->column,
		     fi_type_names[j->type], j->seed,
		     strcmp(c->funcs, hot_funcs(c->driver)) ? c->funcs : "workload-path",
		     g->name, c->smp, g->trials, wall_ms);
	if (body)	/* the guest's object, without its opening brace */
		snprintf(line + n, sizeof(line) - (size_t)n, "%s\n", body + 1);
	else
		snprintf(line + n, sizeof(line) - (size_t)n,
			 "\"outcome\":\"%s\",\"kernel_log\":\"%s\",\"by\":\"host\"}\n",
			 host_outcome, evidence);
	append_line(c->out, line);
}

/* One trial in @g (started if need be). False: the guest must go. */
static bool run_job(const struct camp *c, struct guest *g, const struct job *j,
		    int worker, int *serial, bool *invalid)
{
	char cmd[2048], ev[1024];
	bool timed_out;
	char *l;
	long t0;

	*invalid = false;
	if (!g->pid) {
		if (guest_start(g, c, worker, (*serial)++))
			return false;
		if (!guest_line(g, "CAMPAIGN-READY", c->boot_timeout, &timed_out)) {
			guest_stop(g, 0);
			camp_err("guest %s did not boot", g->name);
			*invalid = true;
			return false;
		}
	}
	t0 = now_ms();
	snprintf(cmd, sizeof(cmd), "TRIAL %s %s %s %" PRIu64 " %s\n", c->driver,
		 j->column, fi_type_names[j->type], j->seed, c->funcs);
	if (write(g->in, cmd, strlen(cmd)) < 0)
		g->eof = true;
	g->trials++;
	l = guest_line(g, "TRIAL-RESULT ", c->trial_timeout, &timed_out);
	if (!l) {
		/* Dead or silent: the console says which. */
		guest_stop(g, timed_out ? 0 : 10);
		console_evidence(c, g, ev, sizeof(ev));
		record(c, j, g, now_ms() - t0, NULL,
		       /* a kernel error on the console: an escaped fault */
		       timed_out && !ev[0] ? "system-hang" : "system-crash", ev);
		return false;
	}
	if (strstr(l, "\"outcome\":\"invalid\"")) {
		*invalid = true;
		guest_stop(g, 10);
		return false;
	}
	record(c, j, g, now_ms() - t0, l + strlen("TRIAL-RESULT "), NULL, NULL);
	l = guest_line(g, "TRIAL-CLEAN ", 120, &timed_out);
	if (!l || strncmp(l, "TRIAL-CLEAN yes", 15) ||
	    !guest_line(g, "CAMPAIGN-READY", 30, &timed_out)) {
		guest_stop(g, timed_out ? 0 : 10);
		return false;
	}
	return true;
}

static void run_worker(const struct camp *c, struct job *jobs, size_t n,
		       int worker)
{
	struct guest *g = calloc(1, sizeof(*g));
	int serial = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		bool invalid;

		if (!run_job(c, g, &jobs[i], worker, &serial, &invalid) &&
		    invalid) {
			/* set-up failed: once more in a fresh guest */
			if (!run_job(c, g, &jobs[i], worker, &serial, &invalid) &&
			    invalid)
				record(c, &jobs[i], g, 0, NULL, "invalid", "");
		}
	}
	guest_stop(g, 10);
	free(g);
}

/* Ids already in OUT/trials.jsonl (a resumed campaign skips them). */
static bool done_before(const char *out, const char *id)
{
	static char *ids;
	static size_t len;
	char path[PATH_MAX], needle[64];

	if (!ids) {
		char line[70000];
		FILE *f;

		snprintf(path, sizeof(path), "%s/trials.jsonl", out);
		ids = strdup(" ");
		len = 1;
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f)) {
			char id[40];

			if (sscanf(line, "{\"id\":\"%39[^\"]\"", id) != 1 ||
			    !strchr(line, '\n'))
				continue;	/* a line cut short: redo it */
			ids = realloc(ids, len + strlen(id) + 2);
			len += (size_t)sprintf(ids + len, "%s ", id);
		}
		if (f)
			fclose(f);
	}
	snprintf(needle, sizeof(needle), " %s ", id);
	return strstr(ids, needle) != NULL;
}

static size_t count_lines(const char *out)
{
	char path[PATH_MAX];
	size_t n = 0;
	FILE *f;
	int ch;

	snprintf(path, sizeof(path), "%s/trials.jsonl", out);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

static void self_path(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
}

/*
 * One `drvsup trial` command per line, each running --count trials of one
 * column in one guest (a guest boots once per line, not once per trial).
 */
static int emit_jobs(const struct camp *c)
{
	static const char *const cols[] = { "supervised", "baseline" };
	char path[PATH_MAX], self[PATH_MAX], types[256] = "";
	/* a trial's worst case: its timeout and a guest's boot */
	unsigned long mins = c->batch * ((unsigned long)c->trial_timeout + 60) / 60 + 5;
	unsigned long a, k;
	size_t n = 0;
	FILE *f;
	int i;

	self_path(self, sizeof(self));
	for (i = 0; i < c->ntypes; i++)
		snprintf(types + strlen(types), sizeof(types) - strlen(types),
			 "%s%s", i ? "," : "", fi_type_names[(int)c->types[i]]);
	snprintf(path, sizeof(path), "%s/jobs.txt", c->out);
	f = fopen(path, "w");
	if (!f)
		return EXIT_FAIL;
	for (a = 0; a < c->trials; a += c->batch) {
		k = c->trials - a < c->batch ? c->trials - a : c->batch;
		for (i = 0; i < (c->baseline ? 2 : 1); i++, n++)
			fprintf(f, "%s trial --driver %s --column %s --types %s --seed %"
				PRIu64 " --index %lu --count %lu --smp %d%s --funcs %s --top %s --out %s\n",
				self, c->driver, cols[i], types, c->seed, a, k,
				c->smp, c->checkpoint ? " --recovery checkpoint" : "",
				c->funcs, c->top, c->out);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/campaign.slurm", c->out);
	f = fopen(path, "w");
	if (!f)
		return EXIT_FAIL;
	fprintf(f,
		"#!/bin/sh\n"
		"# drvsup campaign --driver %s --types %s --trials %lu --seed %" PRIu64 "%s\n"
		"# One line of jobs.txt per array task: up to %lu trials in one %d-vCPU guest.\n"
		"#SBATCH --job-name=drvsup-%s\n"
		"#SBATCH --array=1-%zu\n"
		"#SBATCH --cpus-per-task=%d\n"
		"#SBATCH --time=%lu:%02lu:00\n"
		"line=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" '%s/jobs.txt')\n"
		"eval \"$line\"\n",
		c->driver, types, c->trials, c->seed, c->baseline ? " --baseline" : "",
		c->batch, c->smp, c->driver, n, c->smp, mins / 60, mins % 60, c->out);
	fclose(f);
	printf("%zu commands of up to %lu trials: %s/jobs.txt (parallel -j N < jobs.txt, "
	       "or with --sshloginfile), %s/campaign.slurm (sbatch)\n", n, c->batch,
	       c->out, c->out);
	return EXIT_OK;
}

void campaign_duration(char *buf, size_t len, long secs)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(buf, len, "%lds", secs);
	else if (secs < 3600)
		snprintf(buf, len, "%ldm%02lds", secs / 60, secs % 60);
	else
		snprintf(buf, len, "%ldh%02ldm", secs / 3600, secs / 60 % 60);
}

/* The outcomes as the progress line names them (report order). */
static const char *const short_outcomes[CAMPAIGN_OUTCOMES + 1] = {
	"not-activated", "no-effect", "transparent", "visible", "dead",
	"corruption", "hang", "crash", "other",
};

size_t campaign_progress_line(char *buf, size_t len, size_t done,
			      size_t total, size_t done_run, long elapsed_ms,
			      const unsigned long counts[CAMPAIGN_OUTCOMES + 1])
{
	double min = elapsed_ms / 60000.0;
	double rate = min > 0 ? done_run / min : 0;
	char eta[32], el[32];
	bool first = true;
	size_t n;
	int i;

	campaign_duration(el, sizeof(el), elapsed_ms / 1000);
	if (done >= total)
		snprintf(eta, sizeof(eta), "done");
	else if (!done_run || rate <= 0)
		snprintf(eta, sizeof(eta), "ETA ?");
	else {
		snprintf(eta, sizeof(eta), "ETA ");
		campaign_duration(eta + 4, sizeof(eta) - 4,
				  (long)((total - done) / rate * 60 + 0.5));
	}
	n = (size_t)snprintf(buf, len, "campaign: %zu/%zu trials, %.1f/min, %s, %s elapsed",
			     done, total, rate, eta, el);
	for (i = 0; i <= CAMPAIGN_OUTCOMES && n < len; i++) {
		if (!counts[i])
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s %lu",
				      first ? " | " : ", ", short_outcomes[i],
				      counts[i]);
		first = false;
	}
	return n < len ? n : len - 1;
}

/* What the parent knows of OUT/trials.jsonl: lines read and outcomes. */
struct tally {
	off_t off;			/* where the next line starts */
	off_t start;			/* the end of the file when we began */
	size_t run;			/* lines after start */
	unsigned long counts[CAMPAIGN_OUTCOMES + 1];
};

static void tally_read(struct tally *t, const char *out)
{
	char path[PATH_MAX], line[70000], v[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/trials.jsonl", out);
	f = fopen(path, "r");
	if (!f)
		return;
	fseeko(f, t->off, SEEK_SET);
	while (fgets(line, sizeof(line), f) && strchr(line, '\n')) {
		int o = -1;

		if (json_field(line, "outcome", v, sizeof(v)))
			o = campaign_outcome_index(v);
		t->counts[o < 0 ? CAMPAIGN_OUTCOMES : o]++;
		if (t->off >= t->start)
			t->run++;
		t->off = ftello(f);
	}
	fclose(f);
}

/* The progress line: in place on a terminal, else a line of its own. */
static void progress(const struct tally *t, size_t before, size_t total,
		     long elapsed_ms, bool tty)
{
	char line[512];
	struct winsize ws;
	size_t n;

	n = campaign_progress_line(line, sizeof(line), before + t->run, total,
				   t->run, elapsed_ms, t->counts);
	if (!tty) {
		fprintf(stderr, "%s\n", line);
		return;
	}
	/* one terminal row: a wrapped line could not be redrawn in place */
	if (!ioctl(2, TIOCGWINSZ, &ws) && ws.ws_col > 1 && n >= ws.ws_col)
		line[ws.ws_col - 1] = '\0';
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
}

static void default_top(struct camp *c)
{
	static char top[PATH_MAX];
	char *p;

	if (c->top)
		return;
	self_path(top, sizeof(top));	/* TOP/build/host/drvsup */
	for (int i = 0; i < 3 && (p = strrchr(top, '/')); i++)
		*p = '\0';
	c->top = top;
}

static int parse_types(struct camp *c, const char *list)
{
	char buf[256], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", list);
	c->ntypes = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int t = fi_type_parse(tok);

		if (t < 0 || t >= FIT_NR_CODE) {
			camp_err("'%s' is not a code mutation type", tok);
			return -1;
		}
		c->types[c->ntypes++] = (char)t;
	}
	return c->ntypes ? 0 : -1;
}

static void usage_campaign(FILE *f)
{
	fprintf(f,
		"usage: drvsup campaign --driver e1000|e1000-wi|pcnet32|rtctest --trials N\n"
		"                       --out DIR\n"
		"                       [--types T1,T2...] [--seed S] [-j JOBS] [--baseline]\n"
		"                       [--funcs F1,F2|all] [--emit-jobs [--batch K]]\n"
		"                       [--smp N] [--trial-timeout S]\n"
		"                       [--recovery restart|checkpoint]\n"
		"       drvsup trial --driver D --column supervised|baseline --types T1,T2...\n"
		"                    --seed S --index I [--count K] [--smp N] --out DIR\n"
		"                    [--funcs F] [--recovery restart|checkpoint]\n"
		"\n"
		"N faults (code mutations of TYPES, in turn; default all ten), each seeded\n"
		"from S and its index, in DRIVER supervised and, with --baseline, the same\n"
		"faults in the plain driver. Trials run in test guests of N vCPUs\n"
		"(default 1; with 2 or more, a loop with interrupts off is caught by\n"
		"another CPU's watchdog), JOBS side by side (default 1; JOBS x N at most\n"
		"the host's cores). One JSON line per trial\n"
		"in DIR/trials.jsonl; run again to resume. --funcs: where faults land\n"
		"(default: the functions the driver's workload runs through; 'all': all\n"
		"of .text). --emit-jobs: write DIR/jobs.txt (GNU parallel) and\n"
		"DIR/campaign.slurm instead of running, one 'drvsup trial' command per\n"
		"K trials of a column (default 1), run in one guest: trial I to I+K-1 of\n"
		"the campaign with seed S and those types. --recovery checkpoint: the\n"
		"supervised driver recovers from its checkpoint where it can (drvsup.ko\n"
		"checkpoint=1; default: restarts). 'drvsup report DIR' summarises.\n");
}

static int parse(struct camp *c, int argc, char **argv, bool trial,
		 struct job *one, unsigned long *count)
{
	static const struct option opts[] = {
		{ "driver", required_argument, NULL, 'D' },
		{ "trials", required_argument, NULL, 'n' },
		{ "types", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "baseline", no_argument, NULL, 'b' },
		{ "out", required_argument, NULL, 'o' },
		{ "funcs", required_argument, NULL, 'f' },
		{ "emit-jobs", no_argument, NULL, 'e' },
		{ "batch", required_argument, NULL, 'B' },
		{ "count", required_argument, NULL, 'C' },
		{ "smp", required_argument, NULL, 'S' },
		{ "trial-timeout", required_argument, NULL, 'T' },
		{ "column", required_argument, NULL, 'c' },
		{ "index", required_argument, NULL, 'i' },
		{ "top", required_argument, NULL, 'p' },
		{ "recovery", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *types = "text,nop,dst,src,branch,ptr,loop,init,stack,heap";
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int ch;

	*c = (struct camp){ .jobs = 1, .supervised = true, .trial_timeout = 0,
			    .boot_timeout = 300, .batch = 1, .smp = 1 };
	*count = 1;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "D:n:t:s:j:bo:f:eB:C:S:T:c:i:p:R:h", opts,
				 NULL)) != -1) {
		switch (ch) {
		case 'D': c->driver = optarg; break;
		case 'n': c->trials = strtoul(optarg, NULL, 0); break;
		case 't': types = optarg; break;
		case 's': c->seed = strtoull(optarg, NULL, 0); break;
		case 'j': c->jobs = atoi(optarg); break;
		case 'b': c->baseline = true; break;
		case 'o': c->out = optarg; break;
		case 'f': c->funcs = optarg; break;
		case 'e': c->emit = true; break;
		case 'B': c->batch = strtoul(optarg, NULL, 0); break;
		case 'C': *count = strtoul(optarg, NULL, 0); break;
		case 'S': c->smp = atoi(optarg); break;
		case 'T': c->trial_timeout = atoi(optarg); break;
		case 'c': one->column = optarg; break;
		case 'i': one->index = strtoul(optarg, NULL, 0); break;
		case 'p': c->top = optarg; break;
		case 'R':
			if (strcmp(optarg, "restart") && strcmp(optarg, "checkpoint")) {
				drvsup_err("campaign: --recovery: restart or checkpoint, not '%s'",
					   optarg);
				return EXIT_USAGE;
			}
			c->checkpoint = !strcmp(optarg, "checkpoint");
			break;
		case 'h': usage_campaign(stdout); return 0;
		default: usage_campaign(stderr); return EXIT_USAGE;
		}
	}
	if (!c->driver || !c->out || (!trial && !c->trials) || optind != argc ||
	    parse_types(c, types) || c->jobs < 1 || !c->batch || !*count ||
	    c->smp < 1) {
		usage_campaign(stderr);
		return EXIT_USAGE;
	}
	if (known(c->driver) < 0) {
		drvsup_err("campaign: %s: no workload for it (e1000, e1000-wi, pcnet32, rtctest)",
			   c->driver);
		return EXIT_USAGE;
	}
	if ((long)c->jobs * c->smp > cores) {
		drvsup_err("campaign: -j %d --smp %d: more vCPUs than the host's %ld cores give false lockups",
			   c->jobs, c->smp, cores);
		return EXIT_USAGE;
	}
	if (trial && (!one->column || (strcmp(one->column, "supervised") &&
				       strcmp(one->column, "baseline")))) {
		usage_campaign(stderr);
		return EXIT_USAGE;
	}
	if (!c->funcs)
		c->funcs = hot_funcs(c->driver);
	if (!c->trial_timeout)
		c->trial_timeout = nic_of(c->driver) ? 120 : 40;
	default_top(c);
	mkdir(c->out, 0755);
	return -1;	/* go on */
}

int cmd_trial(const struct drvsup_opts *o, int argc, char **argv)
{
	unsigned long count, i;
	struct job one = { 0 }, *jobs;
	struct camp c;
	size_t n = 0;
	int r;

	(void)o;
	r = parse(&c, argc, argv, true, &one, &count);
	if (r >= 0)
		return r;
	jobs = calloc(count, sizeof(*jobs));
	if (!jobs)
		return EXIT_FAIL;
	for (i = one.index; i < one.index + count; i++) {
		job_init(&c, &jobs[n], i, one.column);
		if (!done_before(c.out, jobs[n].id))
			n++;
	}
	run_worker(&c, jobs, n, 0);
	free(jobs);
	return EXIT_OK;
}

int cmd_campaign(const struct drvsup_opts *o, int argc, char **argv)
{
	struct job dummy, *jobs;
	size_t n = 0, total, before, i;
	unsigned long count;
	struct tally t = { 0 };
	bool tty = isatty(2);
	struct camp c;
	pid_t *pids;
	long t0, shown;
	int r, w;

	(void)o;
	r = parse(&c, argc, argv, false, &dummy, &count);
	if (r >= 0)
		return r;
	if (c.emit)
		return emit_jobs(&c);
	total = c.trials * (c.baseline ? 2 : 1);
	jobs = calloc(total, sizeof(*jobs));
	for (i = 0; i < c.trials; i++) {
		static const char *const cols[] = { "supervised", "baseline" };

		for (int k = 0; k < (c.baseline ? 2 : 1); k++) {
			job_init(&c, &jobs[n], i, cols[k]);
			if (!done_before(c.out, jobs[n].id))
				n++;
		}
	}
	before = total - n;
	t0 = now_ms();
	shown = t0;
	tally_read(&t, c.out);	/* the outcomes of a resumed campaign */
	t.start = t.off;
	t.run = 0;
	pids = calloc((size_t)c.jobs, sizeof(*pids));
	for (w = 0; w < c.jobs; w++) {
		/* worker w takes every c.jobs-th pending trial */
		struct job *mine = calloc(n + 1, sizeof(*mine));
		size_t m = 0;

		for (i = (size_t)w; i < n; i += (size_t)c.jobs)
			mine[m++] = jobs[i];
		pids[w] = fork();
		if (!pids[w]) {
			run_worker(&c, mine, m, w);
			_exit(0);
		}
		free(mine);
	}
	for (w = 0; w < c.jobs;) {
		if (waitpid(-1, NULL, WNOHANG) > 0) {
			w++;
			continue;
		}
		tally_read(&t, c.out);
		if (tty)
			progress(&t, before, total, now_ms() - t0, true);
		else if (now_ms() - shown >= 60000) {
			progress(&t, before, total, now_ms() - t0, false);
			shown = now_ms();
		}
		sleep(1);
	}
	tally_read(&t, c.out);
	progress(&t, before, total, now_ms() - t0, tty);
	if (tty)
		fputc('\n', stderr);
	printf("%zu trials in %s/trials.jsonl (%zu this run, %.1f min)\n",
	       count_lines(c.out), c.out, n, (now_ms() - t0) / 60000.0);
	free(pids);
	free(jobs);
	return EXIT_OK;
}

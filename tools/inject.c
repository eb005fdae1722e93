// SPDX-License-Identifier: GPL-2.0
/*
 * inject.c - drvsup inject: arm one fault in a loaded driver through
 * debugfs (faultinj/inject.c). Code mutations land where target.c says:
 * at --at SYM+OFF, or at an instruction of the right class chosen by
 * --seed; an instruction the kernel refuses (its own instruction-boundary
 * check, a divide, ...) makes a seeded choice move on to the next one.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drvsup.h"
#include "json.h"
#include "target.h"

#define FI_DIR "/sys/kernel/debug/drvsup/faultinj"
#define MAX_ATTEMPTS 20

static void usage_inject(FILE *f)
{
	int i;

	fprintf(f,
		"usage: drvsup inject DRIVER --type TYPE [--at SYM+OFF | --seed S]\n"
		"                     [--func F1,F2] [--bit B] [--nth N | --prob P]\n"
		"                     [--times T] [--mode lost|double] [--ko PATH]\n"
		"                     [--dry-run] [--json]\n"
		"       drvsup inject --clear\n"
		"\n"
		"Arm one fault in DRIVER (supervised or plain). Code mutations land on an\n"
		"instruction of DRIVER.ko's .text able to take TYPE (decoded with Capstone):\n"
		"the one at --at, or one chosen by --seed (default 0) among those of\n"
		"--func (default: every function). --bit B flips bit B (0-63) where\n"
		"the type flips one (default: the seed's, or one per firing). --nth N\n"
		"fires on the Nth execution, --prob P (0-1) with that probability per\n"
		"execution, at most --times T times (default 1; 0: no limit).\n"
		"Interface faults (alloc, irq, free, bcopy) need a supervised driver.\n"
		"--dry-run prints the target without arming (works on the host).\n"
		"--ko: the module file (default /drvsup/modules/DRIVER.ko).\n"
		"Types:");
	for (i = 0; i < FIT_NR; i++)
		fprintf(f, " %s", fi_type_names[i]);
	fprintf(f, "\n");
}

static int write_line(const char *path, const char *line)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f)
		return -errno;
	if (fputs(line, f) < 0)
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

static void read_error(char *buf, size_t len)
{
	FILE *f = fopen(FI_DIR "/error", "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* The id of the last injection listed (the one just armed). */
static int last_id(void)
{
	FILE *f = fopen(FI_DIR "/inject", "r");
	char line[512];
	int id = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		id = atoi(line);
	fclose(f);
	return id;
}

struct inject_args {
	const char *driver, *ko, *funcs, *at, *mode;
	enum fi_type type;
	uint64_t seed;
	int bit;			/* -1: the target's own */
	unsigned long nth, times;
	double prob;
	bool dry, json;
};

static void trigger_kv(const struct inject_args *a, char *buf, size_t len)
{
	snprintf(buf, len, " nth=%lu times=%lu prob=%u seed=%" PRIu64, a->nth,
		 a->times, (unsigned int)(a->prob * 1000000.0 + 0.5), a->seed);
}

static void print_target(const struct inject_args *a, const struct fi_target *t,
			 int id, int attempts)
{
	if (a->json) {
		printf("{\"id\":%d,\"driver\":", id);
		json_str(stdout, a->driver);
		printf(",\"type\":\"%s\",\"at\":\"%s+%#lx\",\"insn\":",
		       fi_type_names[a->type], t->sym, t->off);
		json_str(stdout, t->insn);
		printf(",\"reg\":\"%s\",\"bit\":%d,\"disp\":%ld,\"attempts\":%d}\n",
		       t->reg, t->bit, t->disp, attempts);
	} else {
		printf("%s #%d %s at %s+%#lx (%s)%s%s bit=%d disp=%ld\n",
		       a->dry ? "would arm" : "armed", id,
		       fi_type_names[a->type], t->sym, t->off, t->insn,
		       t->reg[0] ? " reg=" : "", t->reg, t->bit, t->disp);
	}
}

static int arm_iface(const struct inject_args *a)
{
	char line[256], trig[128], err[160];
	int r;

	trigger_kv(a, trig, sizeof(trig));
	snprintf(line, sizeof(line), "%s %s%s%s%s\n", a->driver,
		 fi_type_names[a->type], trig, a->mode ? " mode=" : "",
		 a->mode ? a->mode : "");
	if (a->dry) {
		printf("would write: %s", line);
		return EXIT_OK;
	}
	r = write_line(FI_DIR "/inject", line);
	if (r) {
		read_error(err, sizeof(err));
		drvsup_err("inject: %s", err[0] ? err : strerror(-r));
		return r == -ENOENT ? EXIT_NOCORE : EXIT_FAIL;
	}
	if (a->json)
		printf("{\"id\":%d,\"type\":\"%s\"}\n", last_id(),
		       fi_type_names[a->type]);
	else
		printf("armed #%d %s in %s\n", last_id(),
		       fi_type_names[a->type], a->driver);
	return EXIT_OK;
}

static int arm_code(const struct inject_args *a)
{
	char path[512], line[384], trig[128], err[256] = "";
	struct fi_target t;
	unsigned int attempt;
	struct kmod m;
	int r, rc = EXIT_FAIL;

	if (a->ko)
		snprintf(path, sizeof(path), "%s", a->ko);
	else
		snprintf(path, sizeof(path), "/drvsup/modules/%s.ko", a->driver);
	r = kmod_open(&m, path, err);
	if (r) {
		drvsup_err("inject: %s", err);
		return r;
	}
	trigger_kv(a, trig, sizeof(trig));
	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		if (a->at) {
			char sym[128], *plus;
			unsigned long off = 0;

			snprintf(sym, sizeof(sym), "%s", a->at);
			plus = strchr(sym, '+');
			if (plus) {
				*plus++ = '\0';
				off = strtoul(plus, NULL, 0);
			}
			r = fi_at(&m, a->type, sym, off, a->seed, &t, err,
				  sizeof(err));
		} else {
			r = fi_pick(&m, a->type, a->seed, attempt, a->funcs, &t,
				    err, sizeof(err));
		}
		if (r) {
			drvsup_err("inject: %s", err);
			rc = EXIT_USAGE;
			break;
		}
		if (a->bit >= 0)
			t.bit = a->bit;
		if (a->dry) {
			print_target(a, &t, 0, attempt + 1);
			rc = EXIT_OK;
			break;
		}
		snprintf(line, sizeof(line), "%s %s+%#lx %s%s%s bit=%d disp=%ld%s\n",
			 a->driver, t.sym, t.off, fi_type_names[a->type],
			 t.reg[0] ? " reg=" : "", t.reg, t.bit, t.disp, trig);
		r = write_line(FI_DIR "/inject", line);
		if (!r) {
			print_target(a, &t, last_id(), attempt + 1);
			rc = EXIT_OK;
			break;
		}
		read_error(err, sizeof(err));
		if (r == -ENOENT && !err[0]) {
			drvsup_err("inject: %s missing (drvsup.ko not loaded?)",
				   FI_DIR);
			rc = EXIT_NOCORE;
			break;
		}
		fprintf(stderr, "drvsup: inject: %s+%#lx refused: %s\n", t.sym,
			t.off, err[0] ? err : strerror(-r));
		if (a->at)
			break;
	}
	kmod_close(&m);
	return rc;
}

/* Command-line state beyond inject_args: what only parsing needs. */
struct inject_cli {
	bool clear, nth, prob;
};

/* One option into @a: 0, -1 after --help, or an exit code. */
static int inject_opt(struct inject_args *a, struct inject_cli *cli, int c,
		      char *arg)
{
	char *end = "";

	switch (c) {
	case 't':
		a->type = fi_type_parse(arg);
		if ((int)a->type < 0) {
			drvsup_err("inject: unknown type '%s'", arg);
			return EXIT_USAGE;
		}
		return 0;
	case 'a':
		a->at = arg;
		return 0;
	case 's':
		a->seed = strtoull(arg, &end, 0);
		break;
	case 'f':
		a->funcs = arg;
		return 0;
	case 'b':
		a->bit = (int)strtol(arg, &end, 0);
		if (a->bit < 0 || a->bit > 63)
			end = "range";
		break;
	case 'n':
		a->nth = strtoul(arg, &end, 0);
		cli->nth = true;
		if (!a->nth)
			end = "0";
		break;
	case 'p':
		a->prob = strtod(arg, &end);
		cli->prob = true;
		if (a->prob <= 0 || a->prob > 1)
			end = "range";
		break;
	case 'T':
		a->times = strtoul(arg, &end, 0);
		break;
	case 'm':
		a->mode = arg;
		return 0;
	case 'k':
		a->ko = arg;
		return 0;
	case 'd':
		a->dry = true;
		return 0;
	case 'c':
		cli->clear = true;
		return 0;
	case 'j':
		a->json = true;
		return 0;
	case 'h':
		usage_inject(stdout);
		return -1;
	default:
		usage_inject(stderr);
		return EXIT_USAGE;
	}
	if (!*end)
		return 0;
	drvsup_err("inject: bad value '%s'", arg);
	return EXIT_USAGE;
}

int cmd_inject(const struct drvsup_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "at", required_argument, NULL, 'a' },
		{ "seed", required_argument, NULL, 's' },
		{ "func", required_argument, NULL, 'f' },
		{ "bit", required_argument, NULL, 'b' },
		{ "nth", required_argument, NULL, 'n' },
		{ "prob", required_argument, NULL, 'p' },
		{ "times", required_argument, NULL, 'T' },
		{ "mode", required_argument, NULL, 'm' },
		{ "ko", required_argument, NULL, 'k' },
		{ "dry-run", no_argument, NULL, 'd' },
		{ "clear", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct inject_args a = { .type = FIT_NR, .bit = -1, .nth = 1, .times = 1,
				 .prob = 1.0, .json = o->json };
	struct inject_cli cli = { 0 };
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "t:a:s:f:b:n:p:T:m:k:dcjh", opts,
				NULL)) != -1) {
		rc = inject_opt(&a, &cli, c, optarg);
		if (rc)
			return rc < 0 ? EXIT_OK : rc;
	}
	if (cli.clear) {
		if (write_line(FI_DIR "/inject", "clear\n")) {
			drvsup_err("inject: cannot clear (drvsup.ko not loaded?)");
			return EXIT_NOCORE;
		}
		return EXIT_OK;
	}
	if (optind + 1 != argc || a.type == FIT_NR || (cli.nth && cli.prob) ||
	    (a.at && a.funcs)) {
		usage_inject(stderr);
		return EXIT_USAGE;
	}
	a.driver = argv[optind];
	if (a.mode && a.type != FIT_IRQ) {
		drvsup_err("inject: --mode is for irq faults");
		return EXIT_USAGE;
	}
	return a.type >= FIT_NR_CODE ? arm_iface(&a) : arm_code(&a);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * drvsup.c - the drvsup command: option parsing and verb dispatch.
 *
 * drvsup [--json] VERB [ARGS...]. Each verb is one entry of cmds[]; errors
 * are one line on stderr and a distinct exit code (drvsup.h).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drvsup.h"

#ifndef DRVSUP_VERSION
#define DRVSUP_VERSION "unknown"
#endif

void drvsup_err(const char *fmt, ...)
{
	va_list ap;

	fputs("drvsup: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int cmd_version(const struct drvsup_opts *o, int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		drvsup_err("version takes no arguments");
		return EXIT_USAGE;
	}
	if (o->json)
		printf("{\"version\":\"%s\"}\n", DRVSUP_VERSION);
	else
		printf("drvsup %s\n", DRVSUP_VERSION);
	return EXIT_OK;
}

static int cmd_help(const struct drvsup_opts *o, int argc, char **argv);

static const struct drvsup_cmd cmds[] = {
	{ "check", "DRIVER.ko", "sort imports: wrapped, direct, unknown", cmd_check },
	{ "load", "DRIVER.ko [P=V...]", "load a driver under supervision", cmd_load },
	{ "unload", "NAME", "unload a driver", cmd_unload },
	{ "status", "[NAME]", "state, faults, crossings, objects, recovery", cmd_status },
	{ "latency", "DRIVER -f N -k KIND", "inject faults, measure recovery latency", cmd_latency },
	{ "trace", "[DRIVER]", "faults and recoveries as they happen (BPF)", cmd_trace },
	{ "inject", "DRIVER --type T", "arm one fault (code mutation or interface)", cmd_inject },
	{ "campaign", "--driver D --trials N", "fault-injection campaign in test guests (host)", cmd_campaign },
	{ "trial", "--driver D --type T ...", "one campaign trial in a fresh guest (host)", cmd_trial },
	{ "report", "DIR", "a campaign's outcomes, rates, latency, plot", cmd_report },
	{ "rewrite", "DRIVER.ko -o OUT", "write the module load would insert", cmd_rewrite },
	{ "version", "", "print the version of this command", cmd_version },
	{ "help", "", "this text", cmd_help },
};

const char *const drvsup_exit_text[] = {
	[EXIT_OK] = "success",
	[EXIT_FAIL] = "operation failed",
	[EXIT_USAGE] = "usage error",
	[EXIT_NOINPUT] = "module file unreadable",
	[EXIT_NOTELF] = "not an ELF file",
	[EXIT_BADELF] = "truncated or malformed ELF",
	[EXIT_WRONGELF] = "not an ELF64 x86-64 relocatable object",
	[EXIT_NOTMODULE] = "not a kernel module",
	[EXIT_VERMAGIC] = "built for another kernel",
	[EXIT_UNKNOWN] = "unknown imports",
	[EXIT_LOCKDOWN] = "kernel refuses unsigned modules",
	[EXIT_DATA] = "data file missing or malformed",
	[EXIT_REWRITE] = "module cannot be rewritten",
	[EXIT_PERM] = "missing capability",
	[EXIT_LOADED] = "already loaded",
	[EXIT_NOCORE] = "drvsup core module not loaded",
	[EXIT_KERNEL] = "the kernel refused",
	[EXIT_NOTLOADED] = "not loaded",
	[EXIT_BUSY] = "module busy",
	[EXIT_UNSUPPORTED] = "not supported for this driver",
	[EXIT_NOTRECOVERED] = "a fault was not recovered",
	[EXIT_WORKLOAD] = "the workload saw errors",
	[EXIT_NOBPF] = "BPF not available",
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: drvsup [OPTIONS] COMMAND [ARGS...]\n"
		"\n"
		"Fault-isolating driver supervisor: load Linux drivers under\n"
		"supervision, contain their faults and restart them.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %-20s %s\n", cmds[i].name, cmds[i].args,
			cmds[i].summary);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json      machine-readable output where the output is data\n"
		"  -h, --help      this text\n"
		"  -V, --version   same as 'drvsup version'\n"
		"\n"
		"'drvsup COMMAND --help' describes each command.\n"
		"\n"
		"Exit status:\n");
	for (i = 0; i <= DRVSUP_EXIT_MAX; i++)
		fprintf(f, "  %2zu  %s\n", i, drvsup_exit_text[i]);
}

static int cmd_help(const struct drvsup_opts *o, int argc, char **argv)
{
	(void)o;
	(void)argc;
	(void)argv;
	usage(stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct drvsup_opts o = { 0 };
	size_t i;
	int c;

	/* '+': stop at the verb; the verb parses its own options. */
	while ((c = getopt_long(argc, argv, "+jhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			return cmd_version(&o, 1, argv);
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[optind], cmds[i].name))
			return cmds[i].run(&o, argc - optind, argv + optind);
	drvsup_err("unknown command '%s' (see 'drvsup --help')", argv[optind]);
	return EXIT_USAGE;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check.h - what check, rewrite and load share: a module opened, validated
 * against its target kernel and classified against drvsup's data files,
 * and the running kernel's policy on unsigned modules.
 */
#ifndef DRVSUP_CHECK_H
#define DRVSUP_CHECK_H

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "btf.h"
#include "elf.h"
#include "importmap.h"

/* drvsup's core module: exports the dsw_* wrappers. */
#define DRVSUP_CORE_MODULE "drvsup"

/*
 * The running kernel's policy on loading an unsigned module. Read from
 * /sys/kernel/security/lockdown, /sys/module/module/parameters/sig_enforce
 * and /proc/sys/kernel/modules_disabled (under $DRVSUP_SYSROOT if set).
 */
struct kpolicy {
	char running[128];	/* release of the running kernel */
	char lockdown[32];	/* "none", "integrity", ... or "" if unreadable */
	int sig_enforce;	/* 1, 0, or -1 if unreadable */
	int modules_disabled;	/* 1, 0, or -1 if unreadable */
	bool refuses_unsigned;	/* lockdown or sig_enforce: needs a signature */
	bool disabled;		/* modules_disabled: refuses every module */
	bool applies;		/* the running kernel is the target kernel */
	char why[256];		/* one line: what it found */
};

/* Options the module verbs share (check, rewrite, load). */
struct target_opts {
	const char *kver;	/* --kver, NULL: the running kernel */
	const char *symvers;	/* --symvers, NULL: the data directory */
	const char *map;	/* --map, NULL: the data directory */
	const char *system_map;	/* --system-map FILE|none, NULL: automatic */
	const char *btf;	/* check --btf FILE, NULL: found (btf.h) */
	bool no_btf;		/* check --no-btf */
	bool verbose;
	bool json;
};

struct target {
	struct target_opts o;
	char kver[128];
	char symvers_path[PATH_MAX], map_path[PATH_MAX];
	struct kmod m;
	struct symvers sv;
	struct imptab tab;
	struct symtypes map, kallsyms;
	char kinds[PATH_MAX + 128];	/* where the import kinds came from */
	size_t kinds_disagree;		/* tables vs the relocation guess */
	struct classification cl;
	size_t nrenames;	/* wrapped imports whose name changes */
	bool as_is;		/* nothing to rewrite: load inserts the file
				 * unchanged, signature included */
	bool refused;		/* the running target kernel would refuse it */
	struct kpolicy pol;
	/* check only: what BTF says of each unknown import (by cl.v index) */
	struct import_hint *hints;
	char btf_from[512];	/* where the BTF came from, or why there is none */
	char err[KMOD_ERRLEN];
};

/* getopt_long entries and help text for target_opts; TARGET_SHORTOPTS
 * are their short forms. */
#define TARGET_SHORTOPTS "k:s:m:vj"
enum { OPT_SYSTEM_MAP = 0x100 };
#define TARGET_LONGOPTS \
	{ "kver", required_argument, NULL, 'k' }, \
	{ "symvers", required_argument, NULL, 's' }, \
	{ "map", required_argument, NULL, 'm' }, \
	{ "system-map", required_argument, NULL, OPT_SYSTEM_MAP }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "json", no_argument, NULL, 'j' }
/* DKMS's tree (dkms_tree in dkms(8)): drvsup's builds per kernel. */
#define DKMS_TREE "/var/lib/dkms"
#ifndef DRVSUP_VERSION
#define DRVSUP_VERSION "unknown"
#endif
#define TARGET_HELP \
	"  -k, --kver VER        target kernel release (default: the running one)\n" \
	"  -s, --symvers FILE    drvsup's Module.symvers (the wrappers)\n" \
	"  -m, --map FILE        the import table (imports.tbl)\n" \
	"      --system-map FILE|none  symbol types (System.map or kallsyms format);\n" \
	"                        default /boot/System.map-VER, then /proc/kallsyms\n" \
	"                        if VER is running, else relocations only\n" \
	"  -v, --verbose         say why each import is code or data\n" \
	"  -j, --json            JSON output\n" \
	"Data files come from $DRVSUP_DATA, else <dir of drvsup>/../share/drvsup/;\n" \
	"without $DRVSUP_DATA, Module.symvers from " DKMS_TREE "/drvsup/VERSION/VER/ARCH/\n" \
	"first when DKMS built this version of drvsup.ko for VER.\n"

/* Handle one target option; false if c is not one. */
bool target_opt(struct target_opts *o, int c, const char *arg);

/* Open, validate and classify; fills t->err and returns an exit code. */
int target_prepare(struct target *t, const char *ko);
void target_free(struct target *t);

/* Print the classification (text or JSON). */
void target_report(const struct target *t, FILE *f);

/* The unknown imports as "a, b, c" (static buffer, truncated with ...). */
const char *target_unknown_list(const struct target *t);

/* Read the running kernel's policy; target_kver decides 'applies'. */
void kpolicy_read(struct kpolicy *p, const char *target_kver);

/* path under $DRVSUP_SYSROOT (for tests); returns buf. */
const char *sysroot_path(char *buf, size_t n, const char *path);

/* The running kernel's release (osrelease under the sysroot, or uname). */
void running_release(char *buf, size_t n);

#endif /* DRVSUP_CHECK_H */

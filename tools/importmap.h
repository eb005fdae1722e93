/* SPDX-License-Identifier: GPL-2.0 */
/*
 * importmap.h - which import of a module binds to what.
 *
 * Three inputs:
 *  - drvsup's Module.symvers (kbuild: "0xCRC\tSYMBOL\tMODULE\tEXPORT\tNS"):
 *    every export named dsw_X is the wrapper for import X;
 *  - the import table, wrappers/imports.tbl: one line per symbol a
 *    supervised driver may import, with the class of rule that covers it
 *    (its header says what each class means);
 *  - a symbol type table (System.map or /proc/kallsyms format) that says
 *    which imports are data, overriding the relocation guess of elf.c.
 *
 * Classification of import X:
 *  wrapped  the table gives X a wrapper class (custom, acquire, release,
 *           lock, unlock, sleep, cross, refuse) and drvsup exports dsw_X; X already named dsw_*
 *           and exported by drvsup counts as wrapped with nothing to rename.
 *  direct   the table gives X a direct class (pass, data, thunk, within,
 *           devres).
 *  unknown  everything else, with why: the load is refused.
 */
#ifndef DRVSUP_IMPORTMAP_H
#define DRVSUP_IMPORTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf.h"

#define WRAPPER_PREFIX "dsw_"
/* drvsup.ko's exports to its library wrapper modules (wrappers/libcall.h). */
#define DRVSUP_INTERNAL_NS "DRVSUP_INTERNAL"
/* Their names: drvsup_LIB (isolation/module.h, DRVSUP_LIBWRAP_PREFIX). */
#define LIBWRAP_PREFIX "drvsup_"

struct symvers_entry {
	char *name;
	uint32_t crc;
	char *module;		/* module path, e.g. "drvsup" */
	char *export_type;	/* EXPORT_SYMBOL_GPL ... */
	char *ns;		/* namespace, "" if none */
};

struct symvers {
	char *path;
	struct symvers_entry *v;	/* sorted by name */
	size_t n;
	size_t nwrappers;	/* entries named dsw_* */
};

enum imp_class {
	IMP_PASS,	/* pure helper: bound straight to the kernel */
	IMP_DATA,	/* a variable: keeps its name */
	IMP_THUNK,	/* compiler call target: keeps its name */
	IMP_WITHIN,	/* library call that calls back only during the call */
	IMP_DEVRES,	/* device-managed: released with the probe's devres group */
	IMP_CUSTOM,	/* hand-written wrapper in wrappers/FILE */
	IMP_ACQUIRE,	/* generated: tracks the resource it grants */
	IMP_RELEASE,	/* generated: gives back a tracked resource */
	IMP_LOCK,	/* generated: a hold released on unwind */
	IMP_UNLOCK,	/* generated: drops the hold */
	IMP_SLEEP,	/* generated: may sleep; unwinds if the domain failed */
	IMP_CROSS,	/* generated: a crossing into kernel code, nothing kept */
	IMP_REFUSE,	/* generated: fails with -ERRNO, never reaches the kernel */
	IMP_STORE,	/* generated: writes where its arguments say; checked */
	IMP_NCLASSES
};

struct imp_rule {
	char *pattern;		/* symbol or fnmatch() glob (direct classes) */
	bool glob;
	bool keep;		/* must keep its name: never wrapped */
	enum imp_class cls;
	char *arg;		/* custom: file; data: ro|rw|shared; refuse: errno;
				 * cross: init or none; others: type */
	char *key, *ok, *a, *b;	/* acquire..unlock: key=, ok=, a=, b= */
	char *dst, *len;	/* store: dst=argN, len=argN[*K] or none */
	unsigned line;
};

/* "type NAME release=FN(ARGS)" */
struct imp_type {
	char *name, *fn, *args;
	unsigned line;
	bool scoped;		/* a lock given back before its call returns */
	bool unchanged;		/* a resource that does not change once granted */
};

struct imptab {
	char *path;
	struct imp_rule *v;
	size_t n;
	struct imp_type *types;
	size_t ntypes;
	char **domain_libs;	/* 'library NAME domain': in the driver's domain */
	size_t ndomain_libs;
};

/* name -> nm type letter, from System.map or /proc/kallsyms. */
struct symtype {
	char *name;
	char type;
};

struct symtypes {
	char *path;
	struct symtype *v;	/* sorted by name, globals first */
	size_t n;
};

enum import_class {
	IMPORT_WRAPPED,
	IMPORT_DIRECT,
	IMPORT_UNKNOWN,
	IMPORT_NCLASSES
};

struct classified {
	const struct kmod_import *imp;
	enum import_class cls;
	const struct symvers_entry *wrapper;	/* IMPORT_WRAPPED */
	const struct imp_rule *rule;		/* its import-table line */
	const char *note;			/* why, for unknown or conflicts */
};

struct classification {
	struct classified *v;	/* in import order */
	size_t n;
	size_t count[IMPORT_NCLASSES];
	size_t conflicts;	/* entries with a note on a wrapped/direct import */
};

int symvers_load(struct symvers *sv, const char *path, char *err);
const struct symvers_entry *symvers_find(const struct symvers *sv,
					 const char *name);
void symvers_free(struct symvers *sv);
bool symvers_is_wrapper(const struct symvers_entry *e);
bool is_libwrap_module(const char *name);

int imptab_load(struct imptab *t, const char *path, char *err);
const struct imp_rule *imptab_match(const struct imptab *t, const char *sym);
const struct imp_type *imptab_type(const struct imptab *t, const char *name);
void imptab_free(struct imptab *t);
/* Does library module @name run in its driver's domain (a 'library' line)? */
bool imptab_domain_lib(const struct imptab *t, const char *name);
const char *imp_class_name(enum imp_class c);
bool imp_class_direct(enum imp_class c);

/*
 * Load a System.map or /proc/kallsyms file. Returns EXIT_OK, or EXIT_DATA
 * when unreadable or a placeholder (Debian ships the real System.map in
 * linux-image-*-dbg; its /boot file is one line).
 */
int symtypes_load(struct symtypes *t, const char *path, char *err);
/* 'd' for data, 'f' for function, 0 if unknown or undecided ('A', 'U'). */
char symtypes_kind(const struct symtypes *t, const char *name);
/* Decide the kinds of m's imports still guessed from relocations (apply
 * System.map first, kallsyms second); returns how many it decided and, in
 * *disagree, how many differ from the relocation guess. */
size_t symtypes_apply(const struct symtypes *t, struct kmod *m,
		      enum kmod_kind_src src, size_t *disagree);
void symtypes_free(struct symtypes *t);

int classify(const struct kmod *m, const struct symvers *sv,
	     const struct imptab *tab, struct classification *c);
void classification_free(struct classification *c);

/* The renames a rewrite needs (wrapped imports whose name changes). */
size_t classification_renames(const struct classification *c,
			      struct kmod_rename *out);

const char *import_class_name(enum import_class c);

#endif /* DRVSUP_IMPORTMAP_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * elf.h - a kernel module (.ko) as drvsup reads and rewrites it, with libelf.
 *
 * kmod_open() validates the file (ELF64, x86-64, ET_REL, a module), finds
 * its sections, its .modinfo and its imports (undefined symbols), and
 * guesses for each import whether it is code or data from the relocations
 * that use it (importmap.c may override the guess from System.map).
 * kmod_rewrite() writes a new module in which some imports are renamed
 * (string appended to .strtab, st_name repointed, __versions entry patched
 * with the new name and CRC), the .init* sections are renamed so the kernel
 * keeps them resident, and the signature trailer is gone. The input is never
 * modified. Functions return an enum drvsup_exit code and, on failure, put a
 * one-line message into err.
 */
#ifndef DRVSUP_ELF_H
#define DRVSUP_ELF_H

#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KMOD_ERRLEN 512

/* The signature trailer the kernel's sign-file appends (module_signature.h). */
#define KMOD_SIG_MARKER "~Module signature appended~\n"
#define KMOD_SIG_INFO_LEN 12	/* struct module_signature */

/* struct modversion_info: one __versions entry. */
#define KMOD_VERSION_ENTRY 64
#define KMOD_VERSION_NAME 56	/* name field, NUL included */

/* Init sections are renamed by replacing the leading ".init" with this:
 * the kernel's module_init_section() only looks for the ".init" prefix. */
#define KMOD_INIT_RENAME ".drvsup.init"

enum kmod_kind {
	KIND_FUNC,		/* code: called or its address taken */
	KIND_DATA,		/* a variable, per-CPU variable, static key, struct */
};

/* Where an import's kind came from, best first. */
enum kmod_kind_src {
	KSRC_RELOCS,		/* guessed from how relocations use it */
	KSRC_ELF,		/* the symbol's own STT_ type */
	KSRC_SYSTEM_MAP,	/* /boot/System.map-KVER */
	KSRC_KALLSYMS,		/* /proc/kallsyms of the running target kernel */
};

/* One undefined symbol of the module. */
struct kmod_import {
	const char *name;	/* in the module's .strtab (kmod.buf) */
	size_t symidx;		/* index in .symtab */
	bool weak;		/* STB_WEAK: may stay unresolved */
	enum kmod_kind kind;
	enum kmod_kind_src kind_src;
	const char *why;	/* one phrase: the evidence for kind */
	bool uncertain;		/* only its address is taken and no table
				 * decided: a function pointer or an object */
	enum kmod_kind reloc_kind;	/* the relocation guess, kept for comparison */
	unsigned nrelocs;	/* relocations that name it */
};

struct kmod {
	char *path;		/* as given, for messages */
	unsigned char *buf;	/* the whole file, private copy */
	size_t size;		/* bytes in buf */
	size_t elf_size;	/* bytes of ELF: size without the signature */
	bool is_signed;		/* ended with KMOD_SIG_MARKER */
	size_t sig_len;		/* signature blob + info + marker, bytes */
	Elf *elf;		/* libelf view of buf[0..elf_size) */
	size_t shnum, shstrndx;
	size_t symtab, strtab;	/* section indices (always found) */
	size_t versions;	/* __versions, 0 when absent */
	size_t modinfo;		/* .modinfo */
	size_t this_module;	/* .gnu.linkonce.this_module */
	const char *name;	/* module name (modinfo name= or struct module) */
	const char *vermagic;	/* modinfo vermagic=, NULL if absent */
	struct kmod_import *imports;
	size_t nimports;
	size_t nfunc, ndata;	/* imports by kind */
	size_t nuncertain;	/* of nfunc: only address-taken, unconfirmed */
};

/* One import to rename: from -> to, with the CRC for __versions. */
struct kmod_rename {
	const char *from;
	const char *to;
	uint32_t crc;
	const char *ns;		/* symbol namespace of 'to', NULL or "" if none */
};

/* What kmod_rewrite() did. */
struct kmod_rewrite_stats {
	size_t renamed;		/* symbols repointed */
	size_t versions_patched;	/* __versions entries patched */
	size_t init_sections;	/* .init* sections renamed */
	size_t init_relas;	/* their relocation sections renamed */
	size_t import_ns;	/* import_ns= tags added to .modinfo */
	size_t sig_dropped;	/* bytes of signature trailer dropped */
	size_t out_size;	/* bytes written */
};

int kmod_open(struct kmod *m, const char *path, char *err);
int kmod_open_mem(struct kmod *m, const char *label, const void *data,
		  size_t size, char *err);
void kmod_close(struct kmod *m);

/* First value of a .modinfo tag ("vermagic"), NULL if absent; *next walks. */
const char *kmod_modinfo(const struct kmod *m, const char *tag,
			 const char *after);

/* Name of section i ("" if none). */
const char *kmod_secname(const struct kmod *m, size_t i);

/* The __versions entry for sym: true and *crc if found. */
bool kmod_version(const struct kmod *m, const char *sym, uint64_t *crc);

/* Recount m->nfunc/ndata after kinds changed. */
void kmod_count_kinds(struct kmod *m);

/* Whether a section name is one the kernel frees after init and that
 * kmod_rewrite() renames (".init.text", ... but not ".init_array"). */
bool kmod_is_renamed_init(const char *secname);

/* Whether m has sections kmod_rewrite() would rename. */
bool kmod_has_init_sections(const struct kmod *m);

/* Write the rewritten module to fd (a file or memfd, positioned at 0). */
int kmod_rewrite(const struct kmod *m, const struct kmod_rename *rn, size_t n,
		 int fd, struct kmod_rewrite_stats *st, char *err);

__attribute__((format(printf, 3, 4)))
int kmod_fail(char *err, int code, const char *fmt, ...);
const char *kmod_kind_name(enum kmod_kind k);
const char *kmod_kind_src_name(enum kmod_kind_src s);

#endif /* DRVSUP_ELF_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * btf.h - the target kernel's own types, read with libbpf: the prototype
 * of every import a module needs, and from it the class of rule the
 * import table should give it (pass-through, data, acquire/release, lock,
 * callback-taking).
 *
 * vmlinux BTF comes from --btf FILE (raw BTF or an ELF file with .BTF),
 * else /sys/kernel/btf/vmlinux when the target kernel is the running
 * one, else the .BTF section of /boot/vmlinuz-VER (an ELF kernel inside
 * the bzImage, xz- or gzip-compressed). A symbol another module exports
 * (mii, libphy, virtio_ring) has its prototype in that module's split BTF,
 * found through /lib/modules/VER/modules.symbols.
 */
#ifndef DRVSUP_BTF_H
#define DRVSUP_BTF_H

#include <stdbool.h>
#include <stddef.h>

struct btf;

struct kbtf {
	struct btf *vmlinux;
	char from[512];		/* where vmlinux BTF came from */
	char kver[128];
	struct kbtf_mod *mods;	/* module BTFs parsed so far */
	size_t nmods;
};

/* What BTF says of one import, and the table line it suggests. */
struct import_hint {
	bool found;		/* a FUNC record in vmlinux or a module */
	char exporter[64];	/* "vmlinux" or the module that exports it */
	char proto[512];	/* C prototype, one line */
	const char *cls;	/* pass, data, acquire, release, lock, callback,
				 * or unknown: no prototype found */
	char line[256];		/* the import-table line to add */
	char why[256];		/* what the suggestion rests on */
};

/* 0, or -1 with a one-line reason in err. */
int kbtf_open(struct kbtf *k, const char *kver, const char *btf_path,
	      char *err, size_t errlen);
void kbtf_close(struct kbtf *k);

/* maybe_data: the module reads it as data or only takes its address. */
void kbtf_hint(struct kbtf *k, const char *name, bool maybe_data,
	       struct import_hint *h);

/* A function's prototype as C text, for generating its wrapper. */
#define KBTF_MAXPARAMS 12

struct kbtf_fn {
	char ret[128];				/* return type: "int", "void *" */
	bool ret_void, ret_ptr;
	int nparams;
	bool variadic;
	char type[KBTF_MAXPARAMS][128];		/* parameter type: "struct pci_dev *" */
	char decl[KBTF_MAXPARAMS][160];		/* with its name: "struct pci_dev *a0" */
};

/* 0, or -1: no FUNC record in vmlinux BTF, or too many parameters. */
int kbtf_fn(struct kbtf *k, const char *name, struct kbtf_fn *fn);

/* Pure helpers, unit-tested: the release a name suggests ("" if none). */
bool btf_name_is_lock(const char *name);
const char *btf_name_verb(const char *name, bool *acquire);
bool btf_release_name(const char *name, char *out, size_t n);

#endif /* DRVSUP_BTF_H */

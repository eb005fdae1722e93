// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - reading and rewriting a kernel module with libelf (see elf.h).
 *
 * Reading: the whole file is copied into memory and handed to elf_memory();
 * everything kmod_open() returns points into that copy. Validation goes from
 * the outside in (readable, ELF magic, class, byte order, machine, type,
 * section table inside the file, module sections) so every kind of bad input
 * gets its own exit code.
 *
 * Rewriting: a new ELF is built with ELF_C_WRITE and ELF_F_LAYOUT. Every
 * section keeps its original offset and bytes except the ones that grow
 * (.strtab, .shstrtab, and .modinfo when a namespace import is added), which
 * move to the end of the file, followed by the section header table. So a
 * byte comparison of any other section against the input is meaningful.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drvsup.h"
#include "elf.h"

/* Put a one-line error in err (KMOD_ERRLEN bytes, may be NULL); return code. */
int kmod_fail(char *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err, KMOD_ERRLEN, fmt, ap);
		va_end(ap);
	}
	return code;
}

const char *kmod_kind_name(enum kmod_kind k)
{
	return k == KIND_DATA ? "data" : "function";
}

const char *kmod_kind_src_name(enum kmod_kind_src s)
{
	switch (s) {
	case KSRC_ELF:
		return "elf-symbol-type";
	case KSRC_SYSTEM_MAP:
		return "system-map";
	case KSRC_KALLSYMS:
		return "kallsyms";
	case KSRC_RELOCS:
	default:
		return "relocations";
	}
}

const char *kmod_secname(const struct kmod *m, size_t i)
{
	Elf_Scn *scn = elf_getscn(m->elf, i);
	GElf_Shdr sh;
	const char *s;

	if (!scn || !gelf_getshdr(scn, &sh))
		return "";
	s = elf_strptr(m->elf, m->shstrndx, sh.sh_name);
	return s ? s : "";
}

static bool getshdr(const struct kmod *m, size_t i, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(m->elf, i);

	return scn && gelf_getshdr(scn, sh);
}

/* The uninterpreted bytes of section i (NULL for NOBITS or on error). */
static Elf_Data *rawdata(const struct kmod *m, size_t i)
{
	Elf_Scn *scn = elf_getscn(m->elf, i);

	return scn ? elf_rawdata(scn, NULL) : NULL;
}

static size_t find_section(const struct kmod *m, const char *name)
{
	size_t i;

	for (i = 1; i < m->shnum; i++)
		if (!strcmp(kmod_secname(m, i), name))
			return i;
	return 0;
}

const char *kmod_modinfo(const struct kmod *m, const char *tag,
			 const char *after)
{
	Elf_Data *d = m->modinfo ? rawdata(m, m->modinfo) : NULL;
	const char *p, *end;
	size_t tl = strlen(tag), len;

	if (!d || !d->d_buf)
		return NULL;
	p = d->d_buf;
	end = p + d->d_size;
	if (after) {
		if (after < p || after >= end)
			return NULL;
		p = after + strnlen(after, end - after) + 1;
	}
	for (; p < end; p += len + 1) {
		len = strnlen(p, end - p);
		if (len == (size_t)(end - p))
			break;		/* unterminated: ignore */
		if (len > tl && !memcmp(p, tag, tl) && p[tl] == '=')
			return p + tl + 1;
	}
	return NULL;
}

bool kmod_version(const struct kmod *m, const char *sym, uint64_t *crc)
{
	Elf_Data *d = m->versions ? rawdata(m, m->versions) : NULL;
	const unsigned char *e;
	size_t i;

	if (!d || !d->d_buf)
		return false;
	for (i = 0; i + KMOD_VERSION_ENTRY <= d->d_size; i += KMOD_VERSION_ENTRY) {
		e = (const unsigned char *)d->d_buf + i;
		if (!strncmp((const char *)e + 8, sym, KMOD_VERSION_NAME)) {
			if (crc) {
				uint64_t v = 0;
				int b;

				for (b = 7; b >= 0; b--)	/* little endian */
					v = v << 8 | e[b];
				*crc = v;
			}
			return true;
		}
	}
	return false;
}

bool kmod_is_renamed_init(const char *name)
{
	/* kernel/module/main.c: module_init_section() is
	 * strstarts(name, ".init"). .init_array is looked up by name
	 * (mod->ctors), so it keeps its name and stays init. */
	return !strncmp(name, ".init", 5) && strcmp(name, ".init_array") &&
	       strncmp(name, ".init_array.", 12);
}

bool kmod_has_init_sections(const struct kmod *m)
{
	size_t i;

	for (i = 1; i < m->shnum; i++)
		if (kmod_is_renamed_init(kmod_secname(m, i)))
			return true;
	return false;
}

void kmod_count_kinds(struct kmod *m)
{
	size_t i;

	m->nfunc = m->ndata = m->nuncertain = 0;
	for (i = 0; i < m->nimports; i++) {
		if (m->imports[i].kind == KIND_DATA)
			m->ndata++;
		else
			m->nfunc++;
		if (m->imports[i].uncertain)
			m->nuncertain++;
	}
}

/* ------------------------------------------------------------------ */
/* Code or data: evidence from the relocations that name an import.    */

/*
 * The guess, in order: a PLT32 relocation (call/jmp) means code; a use from
 * __jump_table (static key) or __param (param ops) means data; a memory
 * operand in code means data; anything else (an address stored in a table
 * or loaded as an immediate) is taken for code but marked uncertain.
 *
 * Does the 32-bit field at off in an instruction stream look like the
 * displacement of a memory operand (so the symbol is a variable)? Only
 * the unambiguous encodings count:
 *  - PC32: ModRM with mod=00 rm=101 right before it (RIP-relative), except
 *    LEA (0x8d), which only takes an address;
 *  - 32S/32: ModRM mod=00 rm=100 and SIB base=101 right before it
 *    (absolute disp32, as in "mov %gs:current_task,%rax").
 * An immediate operand ("mov $delayed_work_timer_fn,%rsi") matches neither.
 */
static bool is_memory_operand(const unsigned char *b, size_t size,
			      GElf_Addr off, unsigned type)
{
	if (off < 2 || off + 4 > size)
		return false;
	if (type == R_X86_64_PC32)
		return (b[off - 1] & 0xc7) == 0x05 && b[off - 2] != 0x8d;
	if (type == R_X86_64_32S || type == R_X86_64_32)
		return (b[off - 2] & 0xc7) == 0x04 && (b[off - 1] & 0x07) == 0x05;
	return false;
}

struct evidence {
	bool called;
	const char *data_why;
};

static void gather_evidence(struct kmod *m, const long *import_of,
			    size_t nsyms, struct evidence *ev)
{
	size_t s;

	for (s = 1; s < m->shnum; s++) {
		GElf_Shdr sh, th;
		Elf_Data *d, *tb;
		const char *tname;
		bool texec;
		size_t j, nrel;

		if (!getshdr(m, s, &sh) ||
		    (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL) ||
		    sh.sh_link != m->symtab || !sh.sh_info ||
		    sh.sh_info >= m->shnum || !getshdr(m, sh.sh_info, &th))
			continue;
		d = elf_getdata(elf_getscn(m->elf, s), NULL);
		if (!d || !sh.sh_entsize)
			continue;
		tname = kmod_secname(m, sh.sh_info);
		texec = th.sh_flags & SHF_EXECINSTR;
		tb = th.sh_type == SHT_NOBITS ? NULL : rawdata(m, sh.sh_info);
		nrel = sh.sh_size / sh.sh_entsize;
		for (j = 0; j < nrel; j++) {
			GElf_Rela r;
			GElf_Rel rl;
			size_t sym;
			unsigned type;
			long ii;

			if (sh.sh_type == SHT_RELA) {
				if (!gelf_getrela(d, j, &r))
					break;
			} else {
				if (!gelf_getrel(d, j, &rl))
					break;
				r.r_offset = rl.r_offset;
				r.r_info = rl.r_info;
			}
			sym = GELF_R_SYM(r.r_info);
			type = GELF_R_TYPE(r.r_info);
			if (sym >= nsyms || (ii = import_of[sym]) < 0)
				continue;
			m->imports[ii].nrelocs++;
			if (type == R_X86_64_PLT32) {
				ev[ii].called = true;
			} else if (!strcmp(tname, "__jump_table")) {
				ev[ii].data_why = "static key (__jump_table)";
			} else if (!strcmp(tname, "__param")) {
				ev[ii].data_why = "module_param ops or variable (__param)";
			} else if (texec && tb && tb->d_buf &&
				   is_memory_operand(tb->d_buf, tb->d_size,
						     r.r_offset, type)) {
				ev[ii].data_why = "memory operand in code";
			} else if (texec && tb && tb->d_buf &&
				   type == R_X86_64_PC32 && r.r_offset >= 1 &&
				   r.r_offset + 4 <= tb->d_size &&
				   (((unsigned char *)tb->d_buf)[r.r_offset - 1] == 0xe8 ||
				    ((unsigned char *)tb->d_buf)[r.r_offset - 1] == 0xe9)) {
				ev[ii].called = true;	/* call/jmp rel32, pre-PLT32 */
			}
		}
	}
}

static void guess_kinds(struct kmod *m, size_t nsyms)
{
	long *import_of = malloc(nsyms * sizeof(*import_of));
	struct evidence *ev = calloc(m->nimports ? m->nimports : 1, sizeof(*ev));
	size_t i;

	if (import_of && ev) {
		for (i = 0; i < nsyms; i++)
			import_of[i] = -1;
		for (i = 0; i < m->nimports; i++)
			import_of[m->imports[i].symidx] = (long)i;
		gather_evidence(m, import_of, nsyms, ev);
	}
	for (i = 0; i < m->nimports; i++) {
		struct kmod_import *imp = &m->imports[i];

		if (ev && ev[i].called) {
			imp->kind = KIND_FUNC;
			imp->why = "called";
		} else if (ev && ev[i].data_why) {
			imp->kind = KIND_DATA;
			imp->why = ev[i].data_why;
		} else {
			/* "mov $delayed_work_timer_fn,%rsi" and
			 * "mov $rtc_lock,%rdi" look the same: say so. */
			imp->kind = KIND_FUNC;
			imp->uncertain = true;
			imp->why = imp->nrelocs ? "address taken only (function or object?)" :
						  "not referenced";
		}
		imp->kind_src = KSRC_RELOCS;
		imp->reloc_kind = imp->kind;
	}
	free(import_of);
	free(ev);
}

/* ------------------------------------------------------------------ */
/* Opening and validating.                                             */

static const char *compression(const unsigned char *b, size_t n)
{
	if (n >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
		return "xz";
	if (n >= 4 && !memcmp(b, "\x28\xb5\x2f\xfd", 4))
		return "zstd";
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return "gzip";
	return NULL;
}

static const char *etype_name(unsigned t)
{
	switch (t) {
	case ET_EXEC:
		return "an executable (ET_EXEC)";
	case ET_DYN:
		return "a shared object or PIE (ET_DYN)";
	case ET_CORE:
		return "a core dump (ET_CORE)";
	default:
		return "not relocatable";
	}
}

/* Big-endian 32-bit read, for module_signature.sig_len. */
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int find_signature(struct kmod *m, char *err)
{
	const size_t ml = sizeof(KMOD_SIG_MARKER) - 1;
	const unsigned char *info;
	size_t total;

	m->elf_size = m->size;
	if (m->size < ml || memcmp(m->buf + m->size - ml, KMOD_SIG_MARKER, ml))
		return EXIT_OK;
	if (m->size < ml + KMOD_SIG_INFO_LEN)
		return kmod_fail(err, EXIT_BADELF, "%s: corrupt module signature trailer",
			    m->path);
	info = m->buf + m->size - ml - KMOD_SIG_INFO_LEN;
	/* signer_len and key_id_len (0 for PKCS#7) precede the signature. */
	total = ml + KMOD_SIG_INFO_LEN + (size_t)be32(info + 8) + info[3] + info[4];
	if (total > m->size - sizeof(Elf64_Ehdr))
		return kmod_fail(err, EXIT_BADELF,
			    "%s: module signature trailer (%zu bytes) longer than the file",
			    m->path, total);
	m->is_signed = true;
	m->sig_len = total;
	m->elf_size = m->size - total;
	return EXIT_OK;
}

static int check_header(struct kmod *m, char *err)
{
	const unsigned char *b = m->buf;
	const char *z;
	Elf64_Ehdr eh;

	if (m->size == 0)
		return kmod_fail(err, EXIT_NOTELF, "%s: empty file, not a kernel module",
			    m->path);
	z = compression(b, m->size);
	if (z)
		return kmod_fail(err, EXIT_NOTELF,
			    "%s: %s-compressed; decompress the module first",
			    m->path, z);
	if (m->size < SELFMAG || memcmp(b, ELFMAG, SELFMAG))
		return kmod_fail(err, EXIT_NOTELF, "%s: not an ELF file", m->path);
	if (m->size < EI_NIDENT)
		return kmod_fail(err, EXIT_BADELF, "%s: truncated ELF header", m->path);
	if (b[EI_CLASS] == ELFCLASS32)
		return kmod_fail(err, EXIT_WRONGELF,
			    "%s: 32-bit ELF; expected an ELF64 x86-64 kernel module",
			    m->path);
	if (b[EI_CLASS] != ELFCLASS64)
		return kmod_fail(err, EXIT_WRONGELF, "%s: unknown ELF class %u",
			    m->path, b[EI_CLASS]);
	if (b[EI_DATA] != ELFDATA2LSB)
		return kmod_fail(err, EXIT_WRONGELF,
			    "%s: big-endian ELF; expected an x86-64 kernel module",
			    m->path);
	if (m->size < sizeof(eh))
		return kmod_fail(err, EXIT_BADELF, "%s: truncated ELF header", m->path);
	memcpy(&eh, b, sizeof(eh));
	if (eh.e_machine != EM_X86_64)
		return kmod_fail(err, EXIT_WRONGELF,
			    "%s: ELF for machine %u; expected x86-64 (%u)",
			    m->path, eh.e_machine, EM_X86_64);
	if (eh.e_type != ET_REL)
		return kmod_fail(err, EXIT_WRONGELF,
			    "%s: %s, not a relocatable kernel module (ET_REL)",
			    m->path, etype_name(eh.e_type));
	if (eh.e_shoff == 0)
		return kmod_fail(err, EXIT_NOTMODULE, "%s: no section headers", m->path);
	if (eh.e_shentsize != sizeof(Elf64_Shdr))
		return kmod_fail(err, EXIT_BADELF, "%s: section header size %u, expected %zu",
			    m->path, eh.e_shentsize, sizeof(Elf64_Shdr));
	return EXIT_OK;
}

/* The section header table lies inside the ELF part (before libelf, whose
 * view of a cut-off table is just "no sections"). */
static int check_shdr_bounds(struct kmod *m, char *err)
{
	Elf64_Ehdr eh;
	Elf64_Shdr s0;
	uint64_t n, end;

	memcpy(&eh, m->buf, sizeof(eh));
	n = eh.e_shnum;
	if (!n && eh.e_shoff <= m->elf_size &&
	    m->elf_size - eh.e_shoff >= sizeof(s0)) {
		memcpy(&s0, m->buf + eh.e_shoff, sizeof(s0));
		n = s0.sh_size;		/* extended section numbering */
	}
	end = eh.e_shoff + (n ? n : 1) * sizeof(Elf64_Shdr);
	if (eh.e_shoff > m->elf_size || n > m->elf_size || end > m->elf_size)
		return kmod_fail(err, EXIT_BADELF,
			    "%s: truncated: section headers end at %llu, file has %zu bytes",
			    m->path, (unsigned long long)end, m->elf_size);
	return EXIT_OK;
}

/* Every section and the section table lie inside the ELF part. */
static int check_sections(struct kmod *m, char *err)
{
	GElf_Ehdr eh;
	size_t i;

	if (!gelf_getehdr(m->elf, &eh))
		return kmod_fail(err, EXIT_BADELF, "%s: %s", m->path, elf_errmsg(-1));
	if (eh.e_shoff > m->elf_size ||
	    m->shnum > (m->elf_size - eh.e_shoff) / sizeof(Elf64_Shdr))
		return kmod_fail(err, EXIT_BADELF,
			    "%s: truncated: section headers end past the end of the file (%zu bytes)",
			    m->path, m->elf_size);
	for (i = 1; i < m->shnum; i++) {
		GElf_Shdr sh;

		if (!getshdr(m, i, &sh))
			return kmod_fail(err, EXIT_BADELF, "%s: section %zu: %s",
				    m->path, i, elf_errmsg(-1));
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > m->elf_size ||
		     sh.sh_size > m->elf_size - sh.sh_offset))
			return kmod_fail(err, EXIT_BADELF,
				    "%s: truncated: section %zu ends at %llu, file has %zu bytes",
				    m->path, i,
				    (unsigned long long)(sh.sh_offset + sh.sh_size),
				    m->elf_size);
		if (!elf_strptr(m->elf, m->shstrndx, sh.sh_name))
			return kmod_fail(err, EXIT_BADELF, "%s: section %zu has no name",
				    m->path, i);
	}
	return EXIT_OK;
}

static int find_module_sections(struct kmod *m, char *err)
{
	GElf_Shdr sh;
	size_t i;

	for (i = 1; i < m->shnum; i++)
		if (getshdr(m, i, &sh) && sh.sh_type == SHT_SYMTAB) {
			m->symtab = i;
			m->strtab = sh.sh_link;
			break;
		}
	if (!m->symtab)
		return kmod_fail(err, EXIT_NOTMODULE, "%s: no symbol table (stripped?)",
			    m->path);
	if (sh.sh_entsize != sizeof(Elf64_Sym) || !m->strtab ||
	    m->strtab >= m->shnum || !getshdr(m, m->strtab, &sh) ||
	    sh.sh_type != SHT_STRTAB)
		return kmod_fail(err, EXIT_BADELF, "%s: malformed symbol table", m->path);
	m->modinfo = find_section(m, ".modinfo");
	if (!m->modinfo)
		return kmod_fail(err, EXIT_NOTMODULE,
			    "%s: no .modinfo section: not a kernel module", m->path);
	m->this_module = find_section(m, ".gnu.linkonce.this_module");
	if (!m->this_module)
		return kmod_fail(err, EXIT_NOTMODULE,
			    "%s: no .gnu.linkonce.this_module section: not a kernel module",
			    m->path);
	m->versions = find_section(m, "__versions");
	return EXIT_OK;
}

/* struct module (6.1, x86-64): state (4) + pad, list (16), then name[56]. */
#define THIS_MODULE_NAME_OFF 24
#define MODULE_NAME_LEN 56

static int find_name(struct kmod *m, char *err)
{
	Elf_Data *d;

	m->name = kmod_modinfo(m, "name", NULL);
	if (m->name && *m->name)
		return EXIT_OK;
	d = rawdata(m, m->this_module);
	if (d && d->d_buf && d->d_size >= THIS_MODULE_NAME_OFF + MODULE_NAME_LEN) {
		const char *n = (const char *)d->d_buf + THIS_MODULE_NAME_OFF;

		if (*n && strnlen(n, MODULE_NAME_LEN) < MODULE_NAME_LEN) {
			m->name = n;
			return EXIT_OK;
		}
	}
	return kmod_fail(err, EXIT_NOTMODULE, "%s: no module name", m->path);
}

static int find_imports(struct kmod *m, char *err)
{
	Elf_Data *d = elf_getdata(elf_getscn(m->elf, m->symtab), NULL);
	size_t nsyms, i;

	if (!d)
		return kmod_fail(err, EXIT_BADELF, "%s: symbol table: %s", m->path,
			    elf_errmsg(-1));
	nsyms = d->d_size / sizeof(Elf64_Sym);
	m->imports = calloc(nsyms ? nsyms : 1, sizeof(*m->imports));
	if (!m->imports)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	for (i = 1; i < nsyms; i++) {
		GElf_Sym s;
		struct kmod_import *imp;
		const char *name;

		if (!gelf_getsym(d, i, &s))
			return kmod_fail(err, EXIT_BADELF, "%s: symbol %zu: %s",
				    m->path, i, elf_errmsg(-1));
		if (s.st_shndx != SHN_UNDEF || !s.st_name)
			continue;
		name = elf_strptr(m->elf, m->strtab, s.st_name);
		if (!name)
			return kmod_fail(err, EXIT_BADELF, "%s: symbol %zu: bad name",
				    m->path, i);
		imp = &m->imports[m->nimports++];
		imp->name = name;
		imp->symidx = i;
		imp->weak = GELF_ST_BIND(s.st_info) == STB_WEAK;
	}
	guess_kinds(m, nsyms);
	/* A type recorded on the undefined symbol itself beats the guess. */
	for (i = 0; i < m->nimports; i++) {
		GElf_Sym s;
		unsigned t;

		gelf_getsym(d, m->imports[i].symidx, &s);
		t = GELF_ST_TYPE(s.st_info);
		if (t == STT_FUNC || t == STT_OBJECT || t == STT_TLS ||
		    t == STT_COMMON) {
			m->imports[i].kind = t == STT_FUNC ? KIND_FUNC : KIND_DATA;
			m->imports[i].kind_src = KSRC_ELF;
			m->imports[i].uncertain = false;
			m->imports[i].why = "symbol type";
		}
	}
	kmod_count_kinds(m);
	return EXIT_OK;
}

/* Takes ownership of buf. */
static int kmod_parse(struct kmod *m, const char *label, unsigned char *buf,
		      size_t size, char *err)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->buf = buf;
	m->size = size;
	m->path = strdup(label);
	if (!m->path)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	rc = check_header(m, err);
	if (rc)
		return rc;
	rc = find_signature(m, err);
	if (!rc)
		rc = check_shdr_bounds(m, err);
	if (rc)
		return rc;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return kmod_fail(err, EXIT_FAIL, "libelf: %s", elf_errmsg(-1));
	m->elf = elf_memory((char *)m->buf, m->elf_size);
	if (!m->elf || elf_kind(m->elf) != ELF_K_ELF)
		return kmod_fail(err, EXIT_BADELF, "%s: %s", m->path,
			    m->elf ? "not an ELF object" : elf_errmsg(-1));
	if (elf_getshdrnum(m->elf, &m->shnum) || elf_getshdrstrndx(m->elf, &m->shstrndx))
		return kmod_fail(err, EXIT_BADELF, "%s: %s", m->path, elf_errmsg(-1));
	if (m->shstrndx == 0 || m->shstrndx >= m->shnum)
		return kmod_fail(err, EXIT_BADELF, "%s: no section name table", m->path);
	rc = check_sections(m, err);
	if (!rc)
		rc = find_module_sections(m, err);
	if (!rc)
		rc = find_name(m, err);
	if (!rc)
		rc = find_imports(m, err);
	if (!rc)
		m->vermagic = kmod_modinfo(m, "vermagic", NULL);
	return rc;
}

int kmod_open_mem(struct kmod *m, const char *label, const void *data,
		  size_t size, char *err)
{
	unsigned char *buf = malloc(size ? size : 1);

	if (!buf) {
		memset(m, 0, sizeof(*m));
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	}
	memcpy(buf, data, size);
	return kmod_parse(m, label, buf, size, err);
}

int kmod_open(struct kmod *m, const char *path, char *err)
{
	unsigned char *buf = NULL, *nb;
	size_t size = 0, cap = 0;
	struct stat st;
	ssize_t r;
	int fd;

	memset(m, 0, sizeof(*m));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kmod_fail(err, EXIT_NOINPUT, "cannot open %s: %s", path,
			    strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return kmod_fail(err, EXIT_NOINPUT, "cannot read %s: %s", path,
			    strerror(EISDIR));
	}
	for (;;) {
		if (size == cap) {
			cap = cap ? cap * 2 : (st.st_size > 0 ? (size_t)st.st_size + 1 : 65536);
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				close(fd);
				return kmod_fail(err, EXIT_FAIL, "out of memory");
			}
			buf = nb;
		}
		r = read(fd, buf + size, cap - size);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			close(fd);
			return kmod_fail(err, EXIT_NOINPUT, "cannot read %s: %s", path,
				    strerror(e));
		}
		if (r == 0)
			break;
		size += r;
	}
	close(fd);
	return kmod_parse(m, path, buf, size, err);
}

void kmod_close(struct kmod *m)
{
	if (m->elf)
		elf_end(m->elf);
	free(m->imports);
	free(m->buf);
	free(m->path);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------------ */
/* Rewriting.                                                          */

/* A growable byte buffer, for the string tables and .modinfo. */
struct bytes {
	unsigned char *p;
	size_t len, cap;
};

static bool bytes_add(struct bytes *b, const void *s, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *np;

		while (cap < b->len + n)
			cap *= 2;
		np = realloc(b->p, cap);
		if (!np)
			return false;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return true;
}

/* Append a NUL-terminated string; its offset in *off. */
static bool bytes_addstr(struct bytes *b, const char *s, size_t *off)
{
	if (off)
		*off = b->len;
	return bytes_add(b, s, strlen(s) + 1);
}

static bool bytes_init(struct bytes *b, const Elf_Data *d)
{
	memset(b, 0, sizeof(*b));
	return bytes_add(b, d && d->d_buf ? d->d_buf : "", d && d->d_buf ? d->d_size : 0);
}

static const struct kmod_import *import_named(const struct kmod *m,
					      const char *name)
{
	size_t i;

	for (i = 0; i < m->nimports; i++)
		if (!strcmp(m->imports[i].name, name))
			return &m->imports[i];
	return NULL;
}

struct rewrite {
	const struct kmod *m;
	struct bytes strtab, shstrtab, modinfo;
	unsigned char *versions;	/* copy of __versions, or NULL */
	size_t versions_size;
	Elf64_Sym *syms;		/* copy of .symtab (memory form) */
	size_t syms_size;
	size_t *shname;			/* new sh_name per section */
	bool modinfo_grew;
};

static void rewrite_free(struct rewrite *w)
{
	free(w->strtab.p);
	free(w->shstrtab.p);
	free(w->modinfo.p);
	free(w->versions);
	free(w->syms);
	free(w->shname);
}

/*
 * Point @r->from's __versions entry at @r->to with @r->to's CRC. An
 * import modpost found no export for has no entry: a weak one (an
 * optional interface of drvsup's, shadow/keep.h), or a compiler callee
 * that only drvsup defines (the store instrumentation, wrappers/store.c).
 * It gets one, appended.
 */
static int patch_version(struct rewrite *w, const struct kmod_rename *r,
			 char *err)
{
	unsigned char *grown;
	size_t i;

	for (i = 0; i + KMOD_VERSION_ENTRY <= w->versions_size;
	     i += KMOD_VERSION_ENTRY) {
		unsigned char *e = w->versions + i;
		int b;

		if (strncmp((char *)e + 8, r->from, KMOD_VERSION_NAME))
			continue;
		for (b = 0; b < 8; b++)		/* u64 crc, little endian */
			e[b] = (unsigned char)((uint64_t)r->crc >> (8 * b));
		memset(e + 8, 0, KMOD_VERSION_NAME);
		memcpy(e + 8, r->to, strlen(r->to));
		return EXIT_OK;
	}
	grown = realloc(w->versions, w->versions_size + KMOD_VERSION_ENTRY);
	if (!grown)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	w->versions = grown;
	grown += w->versions_size;
	w->versions_size += KMOD_VERSION_ENTRY;
	memset(grown, 0, KMOD_VERSION_ENTRY);
	for (i = 0; i < 8; i++)
		grown[i] = (unsigned char)((uint64_t)r->crc >> (8 * i));
	memcpy(grown + 8, r->to, strlen(r->to));
	return EXIT_OK;
}

static int rename_imports(struct rewrite *w, const struct kmod_rename *rn,
			  size_t n, struct kmod_rewrite_stats *st, char *err)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct kmod_import *imp = import_named(w->m, rn[i].from);
		size_t off;

		if (!imp)
			return kmod_fail(err, EXIT_REWRITE, "%s: does not import %s",
				    w->m->path, rn[i].from);
		for (j = 0; j < i; j++)
			if (!strcmp(rn[j].from, rn[i].from))
				return kmod_fail(err, EXIT_REWRITE,
					    "%s renamed twice", rn[i].from);
		if (strlen(rn[i].to) >= KMOD_VERSION_NAME)
			return kmod_fail(err, EXIT_REWRITE,
				    "%s: wrapper name %s is longer than %d characters (the __versions limit)",
				    w->m->path, rn[i].to, KMOD_VERSION_NAME - 1);
		if (!*rn[i].to)
			return kmod_fail(err, EXIT_REWRITE, "empty name for %s",
				    rn[i].from);
		/* Never rename in place: ld tail-merges .strtab. */
		if (!bytes_addstr(&w->strtab, rn[i].to, &off))
			return kmod_fail(err, EXIT_FAIL, "out of memory");
		w->syms[imp->symidx].st_name = (Elf64_Word)off;
		st->renamed++;
		if (w->versions) {
			int rc = patch_version(w, &rn[i], err);

			if (rc)
				return rc;
			st->versions_patched++;
		}
	}
	return EXIT_OK;
}

static int add_import_ns(struct rewrite *w, const struct kmod_rename *rn,
			 size_t n, struct kmod_rewrite_stats *st, char *err)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const char *ns = rn[i].ns, *v;
		bool have = false;
		char tag[256];

		if (!ns || !*ns)
			continue;
		for (v = kmod_modinfo(w->m, "import_ns", NULL); v && !have;
		     v = kmod_modinfo(w->m, "import_ns", v))
			have = !strcmp(v, ns);
		for (j = 0; j < i && !have; j++)
			have = rn[j].ns && !strcmp(rn[j].ns, ns);
		if (have)
			continue;
		if (snprintf(tag, sizeof(tag), "import_ns=%s", ns) >= (int)sizeof(tag))
			return kmod_fail(err, EXIT_REWRITE, "namespace %s too long", ns);
		if (!bytes_addstr(&w->modinfo, tag, NULL))
			return kmod_fail(err, EXIT_FAIL, "out of memory");
		w->modinfo_grew = true;
		st->import_ns++;
	}
	return EXIT_OK;
}

static int rename_init_sections(struct rewrite *w,
				struct kmod_rewrite_stats *st, char *err)
{
	const struct kmod *m = w->m;
	char name[512];
	size_t i;

	for (i = 1; i < m->shnum; i++) {
		const char *s = kmod_secname(m, i), *target;
		GElf_Shdr sh;

		if (kmod_is_renamed_init(s)) {
			snprintf(name, sizeof(name), "%s%s", KMOD_INIT_RENAME, s + 5);
			st->init_sections++;
		} else if (getshdr(m, i, &sh) &&
			   (sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL) &&
			   sh.sh_info && sh.sh_info < m->shnum &&
			   !(sh.sh_flags & SHF_ALLOC) &&
			   kmod_is_renamed_init(target = kmod_secname(m, sh.sh_info))) {
			snprintf(name, sizeof(name), "%s%s%s",
				 sh.sh_type == SHT_RELA ? ".rela" : ".rel",
				 KMOD_INIT_RENAME, target + 5);
			st->init_relas++;
		} else {
			continue;
		}
		if (!bytes_addstr(&w->shstrtab, name, &w->shname[i]))
			return kmod_fail(err, EXIT_FAIL, "out of memory");
	}
	return EXIT_OK;
}

static int prepare(struct rewrite *w, const struct kmod_rename *rn, size_t n,
		   struct kmod_rewrite_stats *st, char *err)
{
	const struct kmod *m = w->m;
	Elf_Data *d;
	size_t i;
	int rc;

	if (!bytes_init(&w->strtab, rawdata(m, m->strtab)) ||
	    !bytes_init(&w->shstrtab, rawdata(m, m->shstrndx)) ||
	    !bytes_init(&w->modinfo, rawdata(m, m->modinfo)))
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	d = elf_getdata(elf_getscn(m->elf, m->symtab), NULL);
	w->syms_size = d ? d->d_size : 0;
	w->syms = malloc(w->syms_size ? w->syms_size : 1);
	w->shname = calloc(m->shnum, sizeof(*w->shname));
	if (!w->syms || !w->shname)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	if (d)
		memcpy(w->syms, d->d_buf, w->syms_size);
	for (i = 0; i < m->shnum; i++) {
		GElf_Shdr sh;

		w->shname[i] = getshdr(m, i, &sh) ? sh.sh_name : 0;
	}
	if (m->versions) {
		d = rawdata(m, m->versions);
		w->versions_size = d && d->d_buf ? d->d_size : 0;
		w->versions = malloc(w->versions_size ? w->versions_size : 1);
		if (!w->versions)
			return kmod_fail(err, EXIT_FAIL, "out of memory");
		if (w->versions_size)
			memcpy(w->versions, d->d_buf, w->versions_size);
	}
	rc = rename_imports(w, rn, n, st, err);
	if (!rc)
		rc = add_import_ns(w, rn, n, st, err);
	if (!rc)
		rc = rename_init_sections(w, st, err);
	return rc;
}

static GElf_Off align_up(GElf_Off v, GElf_Xword a)
{
	return a > 1 ? (v + a - 1) / a * a : v;
}

/* The contents of output section i: a table the rewrite grew, or the input's. */
static bool section_data(const struct rewrite *w, size_t i, Elf_Scn *in,
			 const GElf_Shdr *sh, Elf_Data *od)
{
	const struct kmod *m = w->m;
	Elf_Data *id;

	if (i == m->symtab) {
		od->d_buf = w->syms;
		od->d_size = w->syms_size;
		od->d_type = ELF_T_SYM;
	} else if (i == m->strtab) {
		od->d_buf = w->strtab.p;
		od->d_size = w->strtab.len;
	} else if (i == m->shstrndx) {
		od->d_buf = w->shstrtab.p;
		od->d_size = w->shstrtab.len;
	} else if (i == m->modinfo && w->modinfo_grew) {
		od->d_buf = w->modinfo.p;
		od->d_size = w->modinfo.len;
	} else if (i == m->versions && w->versions) {
		od->d_buf = w->versions;
		od->d_size = w->versions_size;
	} else if (sh->sh_type == SHT_NOBITS) {
		od->d_buf = NULL;
		od->d_size = sh->sh_size;
	} else {
		id = elf_rawdata(in, NULL);
		if (!id)
			return false;
		od->d_buf = id->d_buf;
		od->d_size = id->d_size;
	}
	return true;
}

/* Build and write the output ELF: original layout, grown tables at the end. */
static int emit(struct rewrite *w, int fd, struct kmod_rewrite_stats *st,
		char *err)
{
	const struct kmod *m = w->m;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	GElf_Off end = sizeof(Elf64_Ehdr);
	Elf *out;
	size_t i;
	off_t sz;

	if (!gelf_getehdr(m->elf, &eh))
		return kmod_fail(err, EXIT_BADELF, "%s: %s", m->path, elf_errmsg(-1));
	for (i = 1; i < m->shnum; i++)
		if (getshdr(m, i, &sh) && sh.sh_type != SHT_NOBITS &&
		    sh.sh_offset + sh.sh_size > end)
			end = sh.sh_offset + sh.sh_size;

	out = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!out || !gelf_newehdr(out, ELFCLASS64))
		goto elferr;
	elf_flagelf(out, ELF_C_SET, ELF_F_LAYOUT);

	for (i = 1; i < m->shnum; i++) {
		Elf_Scn *in = elf_getscn(m->elf, i), *os = elf_newscn(out);
		Elf_Data *od;

		if (!in || !os || !gelf_getshdr(in, &sh) || !(od = elf_newdata(os)))
			goto elferr;
		od->d_version = EV_CURRENT;
		od->d_off = 0;
		od->d_align = sh.sh_addralign ? sh.sh_addralign : 1;
		od->d_type = ELF_T_BYTE;
		sh.sh_name = w->shname[i];
		if (!section_data(w, i, in, &sh, od))
			goto elferr;
		/* Grown sections move to the end; the rest stay put. */
		if (od->d_size != sh.sh_size) {
			sh.sh_offset = align_up(end, od->d_align);
			end = sh.sh_offset + od->d_size;
		}
		sh.sh_size = od->d_size;
		if (!gelf_update_shdr(os, &sh))
			goto elferr;
	}
	/* Extended numbering lives in section 0: copy it as is. */
	if (getshdr(m, 0, &sh)) {
		Elf_Scn *z = elf_getscn(out, 0);

		if (z && !gelf_update_shdr(z, &sh))
			goto elferr;
	}
	eh.e_shoff = align_up(end, 8);
	if (!gelf_update_ehdr(out, &eh))
		goto elferr;
	sz = elf_update(out, ELF_C_WRITE);
	if (sz < 0)
		goto elferr;
	st->out_size = (size_t)sz;
	elf_end(out);
	return EXIT_OK;
elferr:
	if (out)
		elf_end(out);
	return kmod_fail(err, EXIT_REWRITE, "%s: writing the rewritten module: %s",
		    m->path, elf_errmsg(-1));
}

int kmod_rewrite(const struct kmod *m, const struct kmod_rename *rn, size_t n,
		 int fd, struct kmod_rewrite_stats *st, char *err)
{
	struct kmod_rewrite_stats dummy;
	struct rewrite w = { .m = m };
	int rc;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	rc = prepare(&w, rn, n, st, err);
	if (!rc)
		rc = emit(&w, fd, st, err);
	if (!rc)
		st->sig_dropped = m->sig_len;
	rewrite_free(&w);
	return rc;
}

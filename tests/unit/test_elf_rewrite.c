// SPDX-License-Identifier: GPL-2.0
/*
 * test_elf_rewrite.c - host unit tests (cmocka) of kmod_rewrite() in
 * tools/elf.c on Debian's e1000.ko, with a synthetic Module.symvers that
 * wraps every import wrappers/imports.tbl does not bind directly:
 *  - the output is an ET_REL libelf (and kmod_open) reads back;
 *  - every symbol keeps its fields; exactly the wrapped imports are renamed
 *    (to dsw_NAME), through names appended to .strtab, so tail-merged
 *    neighbours (register_netdev in unregister_netdev, pci_set_mwi in
 *    e1000_pci_set_mwi) stay intact;
 *  - every section but .symtab, .strtab, .shstrtab and __versions is byte
 *    for byte the input, at the same offset (relocations included);
 *  - __versions entries carry the wrapper's name and CRC;
 *  - no section name starts with ".init" any more;
 *  - the signature trailer is gone.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tools/drvsup.h"
#include "tools/elf.h"
#include "tools/importmap.h"
#include "tests/unit/ko_fixture.h"

#define E1000_TAIL_MERGED 8	/* loader.md, "Traps in rewriting" */

struct env {
	struct kmod in;			/* e1000.ko */
	struct imptab dm;
	struct symvers sv;
	struct classification cl;
	struct kmod_rename *rn;
	size_t nrn;
	char *symvers;
	struct kmod_rewrite_stats st;
	unsigned char *out;		/* the rewritten module */
	size_t out_size;
	Elf *oe;			/* libelf view of out */
};

/* Rewrite m with rn[n] into a temporary file; return its bytes. */
static int rewrite_to_buf(const struct kmod *m, const struct kmod_rename *rn,
			  size_t n, struct kmod_rewrite_stats *st,
			  unsigned char **buf, size_t *size, char *err)
{
	char *path = fixture_temp("", 0);
	int fd, rc;

	*buf = NULL;
	if (!path)
		return EXIT_FAIL;
	fd = open(path, O_RDWR);
	rc = kmod_rewrite(m, rn, n, fd, st, err);
	close(fd);
	if (!rc)
		*buf = fixture_read(path, size);
	unlink(path);
	free(path);
	return rc;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char err[KMOD_ERRLEN] = "";

	*state = e;
	if (!e)
		return -1;
	if (!e1000_path())
		return 0;
	if (kmod_open(&e->in, e1000_path(), err) ||
	    imptab_load(&e->dm, IMPORT_TABLE, err))
		goto bad;
	e->symvers = fixture_symvers(&e->in, &e->dm, NULL);
	if (!e->symvers || symvers_load(&e->sv, e->symvers, err) ||
	    classify(&e->in, &e->sv, &e->dm, &e->cl))
		goto bad;
	e->rn = calloc(e->cl.n, sizeof(*e->rn));
	if (!e->rn)
		goto bad;
	e->nrn = classification_renames(&e->cl, e->rn);
	if (rewrite_to_buf(&e->in, e->rn, e->nrn, &e->st, &e->out, &e->out_size, err))
		goto bad;
	e->oe = elf_memory((char *)e->out, e->out_size);
	return e->oe ? 0 : -1;
bad:
	fprintf(stderr, "setup: %s\n", err);
	return -1;
}

static int teardown(void **state)
{
	struct env *e = *state;

	if (!e)
		return 0;
	if (e->oe)
		elf_end(e->oe);
	free(e->out);
	free(e->rn);
	classification_free(&e->cl);
	symvers_free(&e->sv);
	imptab_free(&e->dm);
	if (e->symvers) {
		unlink(e->symvers);
		free(e->symvers);
	}
	kmod_close(&e->in);
	free(e);
	return 0;
}

static struct env *env(void **state)
{
	struct env *e = *state;

	if (!e || !e->out) {
		print_message("no e1000.ko for kernel '%s': skipped\n", fixture_kver());
		skip();
	}
	return e;
}

static const struct kmod_rename *renamed(const struct env *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nrn; i++)
		if (!strcmp(e->rn[i].from, name))
			return &e->rn[i];
	return NULL;
}

static void test_output_is_a_module(void **state)
{
	struct env *e = env(state);
	char err[KMOD_ERRLEN];
	GElf_Ehdr eh;
	struct kmod m;

	assert_int_equal(e->nrn, E1000_WRAPPED);
	assert_int_equal(e->st.renamed, E1000_WRAPPED);
	assert_int_equal(e->st.out_size, e->out_size);
	assert_int_equal(elf_kind(e->oe), ELF_K_ELF);
	assert_non_null(gelf_getehdr(e->oe, &eh));
	assert_int_equal(eh.e_type, ET_REL);
	assert_int_equal(eh.e_machine, EM_X86_64);
	assert_int_equal(gelf_getclass(e->oe), ELFCLASS64);

	assert_int_equal(kmod_open_mem(&m, "out", e->out, e->out_size, err), EXIT_OK);
	assert_string_equal(m.name, "e1000");
	assert_string_equal(m.vermagic, e->in.vermagic);
	assert_int_equal(m.nimports, E1000_IMPORTS);
	assert_int_equal(m.nfunc, E1000_FUNCS);
	assert_int_equal(m.ndata, E1000_DATA);
	assert_int_equal(m.shnum, e->in.shnum);
	kmod_close(&m);
}

static void test_signature_dropped(void **state)
{
	struct env *e = env(state);
	const size_t ml = sizeof(KMOD_SIG_MARKER) - 1;

	assert_true(e->in.is_signed);
	assert_int_equal(e->st.sig_dropped, e->in.sig_len);
	assert_true(e->out_size > ml);
	assert_memory_not_equal(e->out + e->out_size - ml, KMOD_SIG_MARKER, ml);
}

static Elf_Scn *symtab_of(Elf *elf, GElf_Shdr *sh)
{
	Elf_Scn *s = NULL;

	while ((s = elf_nextscn(elf, s)))
		if (gelf_getshdr(s, sh) && sh->sh_type == SHT_SYMTAB)
			return s;
	fail_msg("no symtab");
	return NULL;
}

static void test_symbols(void **state)
{
	struct env *e = env(state);
	GElf_Shdr ish, osh;
	Elf_Scn *is = symtab_of(e->in.elf, &ish), *os = symtab_of(e->oe, &osh);
	Elf_Data *id = elf_getdata(is, NULL), *od = elf_getdata(os, NULL);
	size_t i, n = ish.sh_size / sizeof(Elf64_Sym), nrenamed = 0;
	GElf_Shdr str;

	assert_non_null(gelf_getshdr(elf_getscn(e->in.elf, ish.sh_link), &str));
	assert_int_equal(osh.sh_size, ish.sh_size);
	assert_int_equal(osh.sh_info, ish.sh_info);
	for (i = 1; i < n; i++) {
		GElf_Sym a, b;
		const char *an, *bn;
		const struct kmod_rename *r;

		assert_non_null(gelf_getsym(id, i, &a));
		assert_non_null(gelf_getsym(od, i, &b));
		assert_int_equal(a.st_info, b.st_info);
		assert_int_equal(a.st_other, b.st_other);
		assert_int_equal(a.st_shndx, b.st_shndx);
		assert_int_equal(a.st_value, b.st_value);
		assert_int_equal(a.st_size, b.st_size);
		an = elf_strptr(e->in.elf, ish.sh_link, a.st_name);
		bn = elf_strptr(e->oe, osh.sh_link, b.st_name);
		assert_non_null(an);
		assert_non_null(bn);
		r = a.st_shndx == SHN_UNDEF ? renamed(e, an) : NULL;
		if (r) {
			assert_int_equal(strncmp(bn, "dsw_", 4), 0);
			assert_string_equal(bn + 4, an);
			assert_true(b.st_name >= str.sh_size);	/* appended */
			nrenamed++;
		} else {
			assert_int_equal(a.st_name, b.st_name);
			assert_string_equal(an, bn);
		}
	}
	assert_int_equal(nrenamed, E1000_WRAPPED);
}

/* The old .strtab is a prefix of the new one: new names were appended. */
static void test_strtab_appended(void **state)
{
	struct env *e = env(state);
	GElf_Shdr ish, osh, is2, os2;
	Elf_Data *a, *b;

	symtab_of(e->in.elf, &ish);
	symtab_of(e->oe, &osh);
	a = elf_rawdata(elf_getscn(e->in.elf, ish.sh_link), NULL);
	b = elf_rawdata(elf_getscn(e->oe, osh.sh_link), NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(b->d_size > a->d_size);
	assert_memory_equal(a->d_buf, b->d_buf, a->d_size);
	/* the same for the section names */
	assert_non_null(gelf_getshdr(elf_getscn(e->in.elf, e->in.shstrndx), &is2));
	a = elf_rawdata(elf_getscn(e->in.elf, e->in.shstrndx), NULL);
	b = elf_rawdata(elf_getscn(e->oe, e->in.shstrndx), NULL);
	assert_non_null(gelf_getshdr(elf_getscn(e->oe, e->in.shstrndx), &os2));
	assert_true(b->d_size > a->d_size);
	assert_memory_equal(a->d_buf, b->d_buf, a->d_size);
}

/* ld's tail merging: 8 undefined names share bytes with another name. */
static void test_tail_merged_neighbours(void **state)
{
	static const char *const pairs[][2] = {
		/* { import, the name it is the tail of } */
		{ "register_netdev", "unregister_netdev" },
		{ "pci_set_mwi", "e1000_pci_set_mwi" },
		{ "pci_clear_mwi", "e1000_pci_clear_mwi" },
		{ "pcix_get_mmrbc", "e1000_pcix_get_mmrbc" },
		{ "consume_skb", "napi_consume_skb" },
		{ "skb_trim", "___pskb_trim" },
		{ "_printk", "__warn_printk" },
	};
	struct env *e = env(state);
	GElf_Shdr ish, osh;
	Elf_Data *id = elf_getdata(symtab_of(e->in.elf, &ish), NULL);
	Elf_Data *od = elf_getdata(symtab_of(e->oe, &osh), NULL);
	size_t i, j, n = ish.sh_size / sizeof(Elf64_Sym), merged = 0;

	/* count them in the input: an import's name starts inside another */
	for (i = 1; i < n; i++) {
		GElf_Sym s, t;
		size_t len;

		gelf_getsym(id, i, &s);
		if (s.st_shndx != SHN_UNDEF || !s.st_name)
			continue;
		for (j = 1; j < n; j++) {
			gelf_getsym(id, j, &t);
			len = strlen(elf_strptr(e->in.elf, ish.sh_link, t.st_name));
			if (t.st_name < s.st_name && s.st_name < t.st_name + len) {
				merged++;
				break;
			}
		}
	}
	assert_int_equal(merged, E1000_TAIL_MERGED);

	/* after the rewrite, each side has its own right name */
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const char *imp = pairs[i][0], *whole = pairs[i][1];
		bool seen_imp = false, seen_whole = false;

		for (j = 1; j < n; j++) {
			GElf_Sym a, b;
			const char *an, *bn;

			gelf_getsym(id, j, &a);
			gelf_getsym(od, j, &b);
			an = elf_strptr(e->in.elf, ish.sh_link, a.st_name);
			bn = elf_strptr(e->oe, osh.sh_link, b.st_name);
			if (!strcmp(an, imp)) {
				seen_imp = true;
				if (renamed(e, imp))
					assert_int_equal(strcmp(bn + 4, imp), 0);
				else
					assert_string_equal(bn, imp);
			}
			if (!strcmp(an, whole)) {
				seen_whole = true;
				if (renamed(e, whole))
					assert_string_equal(bn + 4, whole);
				else
					assert_string_equal(bn, whole);
			}
		}
		assert_true(seen_imp);
		assert_true(seen_whole);
	}
	/* the two loader.md names */
	assert_non_null(renamed(e, "register_netdev"));
	assert_non_null(renamed(e, "unregister_netdev"));
	assert_non_null(renamed(e, "pci_set_mwi"));
}

/* Every section but the four rewritten ones is the input, byte for byte,
 * at the same offset with the same header (apart from renamed names). */
static void test_other_sections_identical(void **state)
{
	struct env *e = env(state);
	size_t i, same = 0, nrela = 0, rela_in = 0;

	for (i = 1; i < e->in.shnum; i++) {
		Elf_Scn *a = elf_getscn(e->in.elf, i), *b = elf_getscn(e->oe, i);
		GElf_Shdr sa, sb;
		Elf_Data *da, *db;

		assert_non_null(gelf_getshdr(a, &sa));
		assert_non_null(gelf_getshdr(b, &sb));
		assert_int_equal(sa.sh_type, sb.sh_type);
		assert_int_equal(sa.sh_flags, sb.sh_flags);
		assert_int_equal(sa.sh_link, sb.sh_link);
		assert_int_equal(sa.sh_info, sb.sh_info);
		assert_int_equal(sa.sh_addralign, sb.sh_addralign);
		assert_int_equal(sa.sh_entsize, sb.sh_entsize);
		rela_in += sa.sh_type == SHT_RELA;
		if (i == e->in.symtab || i == e->in.strtab || i == e->in.shstrndx ||
		    i == e->in.versions)
			continue;
		assert_int_equal(sa.sh_offset, sb.sh_offset);
		assert_int_equal(sa.sh_size, sb.sh_size);
		if (sa.sh_type == SHT_NOBITS) {
			same++;
			continue;
		}
		da = elf_rawdata(a, NULL);
		db = elf_rawdata(b, NULL);
		assert_int_equal(da->d_size, db->d_size);
		assert_memory_equal(da->d_buf, db->d_buf, da->d_size);
		nrela += sa.sh_type == SHT_RELA;
		same++;
	}
	assert_int_equal(same, e->in.shnum - 1 - 4);
	/* all 19 relocation sections unchanged: symbol indices are kept */
	assert_int_equal(nrela, rela_in);
	assert_int_equal(nrela, 19);
}

static void test_versions(void **state)
{
	struct env *e = env(state);
	Elf_Data *a = elf_rawdata(elf_getscn(e->in.elf, e->in.versions), NULL);
	Elf_Data *b = elf_rawdata(elf_getscn(e->oe, e->in.versions), NULL);
	size_t i, patched = 0, n;

	assert_int_equal(a->d_size, b->d_size);
	n = a->d_size / KMOD_VERSION_ENTRY;
	assert_int_equal(n, E1000_VERSIONS);
	assert_int_equal(e->st.versions_patched, E1000_WRAPPED);
	for (i = 0; i < n; i++) {
		const unsigned char *x = (unsigned char *)a->d_buf + i * KMOD_VERSION_ENTRY;
		const unsigned char *y = (unsigned char *)b->d_buf + i * KMOD_VERSION_ENTRY;
		const struct kmod_rename *r = renamed(e, (const char *)x + 8);
		uint64_t crc;
		size_t k;

		if (!r) {
			assert_memory_equal(x, y, KMOD_VERSION_ENTRY);
			continue;
		}
		patched++;
		assert_string_equal((const char *)y + 8, r->to);
		for (k = 8 + strlen(r->to); k < KMOD_VERSION_ENTRY; k++)
			assert_int_equal(y[k], 0);
		memcpy(&crc, y, 8);	/* little-endian host and file */
		assert_int_equal(crc, fixture_crc(r->to));
	}
	assert_int_equal(patched, E1000_WRAPPED);
}

static void test_init_sections(void **state)
{
	struct env *e = env(state);
	size_t i, init = 0, rela = 0;
	bool text = false;

	assert_int_equal(e->st.init_sections, 2);	/* .init.text, .init.data */
	assert_int_equal(e->st.init_relas, 2);
	for (i = 1; i < e->in.shnum; i++) {
		GElf_Shdr sh;
		const char *n;

		assert_non_null(gelf_getshdr(elf_getscn(e->oe, i), &sh));
		n = elf_strptr(e->oe, e->in.shstrndx, sh.sh_name);
		assert_non_null(n);
		assert_false(strncmp(n, ".init", 5) == 0);
		assert_false(strstr(n, ".rela.init") == n);
		if (!strcmp(kmod_secname(&e->in, i), ".init.text")) {
			assert_string_equal(n, KMOD_INIT_RENAME ".text");
			text = true;
		}
		init += !strncmp(n, KMOD_INIT_RENAME, strlen(KMOD_INIT_RENAME));
		if (!strncmp(n, ".rela" KMOD_INIT_RENAME, 5 + strlen(KMOD_INIT_RENAME))) {
			GElf_Shdr t;

			rela++;
			assert_non_null(gelf_getshdr(elf_getscn(e->oe, sh.sh_info), &t));
			assert_string_equal(n + 5, elf_strptr(e->oe, e->in.shstrndx, t.sh_name));
		}
	}
	assert_true(text);
	assert_int_equal(init, 2);
	assert_int_equal(rela, 2);
	assert_true(kmod_is_renamed_init(".init.rodata"));
	assert_false(kmod_is_renamed_init(".init_array"));
	assert_false(kmod_is_renamed_init(".exit.text"));
}

/* Rewriting the output again changes nothing more. */
static void test_idempotent(void **state)
{
	struct env *e = env(state);
	char err[KMOD_ERRLEN];
	struct classification c;
	struct kmod_rewrite_stats st;
	struct kmod_rename *rn;
	unsigned char *buf;
	struct kmod m;
	size_t n, size;

	assert_int_equal(kmod_open_mem(&m, "out", e->out, e->out_size, err), EXIT_OK);
	assert_int_equal(classify(&m, &e->sv, &e->dm, &c), EXIT_OK);
	assert_int_equal(c.count[IMPORT_WRAPPED], E1000_WRAPPED);
	assert_int_equal(c.count[IMPORT_UNKNOWN], 0);
	rn = calloc(c.n, sizeof(*rn));
	n = classification_renames(&c, rn);
	assert_int_equal(n, 0);
	assert_int_equal(rewrite_to_buf(&m, rn, n, &st, &buf, &size, err), EXIT_OK);
	assert_int_equal(st.renamed, 0);
	assert_int_equal(st.init_sections, 0);
	assert_int_equal(st.sig_dropped, 0);
	assert_int_equal(size, e->out_size);
	assert_memory_equal(buf, e->out, size);
	free(buf);
	free(rn);
	classification_free(&c);
	kmod_close(&m);
}

static void test_namespace(void **state)
{
	struct env *e = env(state);
	struct kmod_rename rn[2] = {
		{ "kfree", "dsw_kfree", 1, "DRVSUP" },
		{ "vfree", "dsw_vfree", 2, "DRVSUP" },
	};
	char err[KMOD_ERRLEN];
	struct kmod_rewrite_stats st;
	unsigned char *buf;
	struct kmod m;
	const char *v;
	size_t size;

	assert_int_equal(rewrite_to_buf(&e->in, rn, 2, &st, &buf, &size, err), EXIT_OK);
	assert_int_equal(st.import_ns, 1);
	assert_int_equal(kmod_open_mem(&m, "ns", buf, size, err), EXIT_OK);
	v = kmod_modinfo(&m, "import_ns", NULL);
	assert_non_null(v);
	assert_string_equal(v, "DRVSUP");
	assert_null(kmod_modinfo(&m, "import_ns", v));
	assert_string_equal(kmod_modinfo(&m, "vermagic", NULL), e->in.vermagic);
	assert_string_equal(kmod_modinfo(&m, "license", NULL), "GPL v2");
	assert_true(kmod_version(&m, "dsw_kfree", NULL));
	assert_false(kmod_version(&m, "kfree", NULL));
	assert_true(kmod_version(&m, "kmalloc_trace", NULL));
	kmod_close(&m);
	free(buf);
}

static void test_errors(void **state)
{
	struct env *e = env(state);
	char err[KMOD_ERRLEN], longname[80];
	struct kmod_rewrite_stats st;
	struct kmod_rename r = { "kfree", NULL, 1, NULL };
	unsigned char *buf;
	size_t size;

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	memcpy(longname, "dsw_", 4);
	longname[KMOD_VERSION_NAME] = 0;	/* 56 characters: one too many */
	r.to = longname;
	assert_int_equal(rewrite_to_buf(&e->in, &r, 1, &st, &buf, &size, err),
			 EXIT_REWRITE);
	assert_non_null(strstr(err, "longer than 55"));
	longname[KMOD_VERSION_NAME - 1] = 0;	/* 55: fits */
	assert_int_equal(rewrite_to_buf(&e->in, &r, 1, &st, &buf, &size, err), EXIT_OK);
	free(buf);

	r.from = "no_such_import";
	r.to = "dsw_no_such_import";
	assert_int_equal(rewrite_to_buf(&e->in, &r, 1, &st, &buf, &size, err),
			 EXIT_REWRITE);
}

/*
 * An import modpost found no export for has no __versions entry: a weak
 * one (an optional drvsup interface, shadow/keep.h), or a compiler callee
 * only drvsup defines (the store instrumentation's __asan_store*, built
 * with KBUILD_MODPOST_WARN): the rewrite appends one.
 */
static void check_import_gets_a_version(void **state, unsigned char bind)
{
	struct env *e = env(state);
	char err[KMOD_ERRLEN];
	struct kmod_rewrite_stats st;
	struct kmod_rename r = { "kfree", "dsw_kfree", 0x1234abcd, NULL };
	unsigned char *buf, *in;
	struct kmod m, out;
	GElf_Shdr vs, ss;
	Elf64_Sym *sym;
	uint64_t crc;
	size_t size, outsize, i, k;

	in = fixture_read(e1000_path(), &size);
	assert_non_null(in);
	assert_non_null(gelf_getshdr(elf_getscn(e->in.elf, e->in.versions), &vs));
	assert_non_null(gelf_getshdr(elf_getscn(e->in.elf, e->in.symtab), &ss));
	for (i = 0; i < vs.sh_size; i += KMOD_VERSION_ENTRY)
		if (!strcmp((char *)in + vs.sh_offset + i + 8, "kfree"))
			break;
	assert_true(i < vs.sh_size);
	in[vs.sh_offset + i + 8] = 'K';	/* no entry for kfree any more */
	for (k = 0; k < e->in.nimports; k++)
		if (!strcmp(e->in.imports[k].name, "kfree"))
			break;
	assert_true(k < e->in.nimports);
	sym = (Elf64_Sym *)(in + ss.sh_offset) + e->in.imports[k].symidx;
	sym->st_info = ELF64_ST_INFO(bind, ELF64_ST_TYPE(sym->st_info));
	assert_int_equal(kmod_open_mem(&m, "noversion", in, size, err), EXIT_OK);
	assert_false(kmod_version(&m, "kfree", NULL));

	assert_int_equal(rewrite_to_buf(&m, &r, 1, &st, &buf, &outsize, err), EXIT_OK);
	assert_int_equal(st.versions_patched, 1);
	assert_int_equal(kmod_open_mem(&out, "noversion-out", buf, outsize, err), EXIT_OK);
	assert_true(kmod_version(&out, "dsw_kfree", &crc));
	assert_int_equal(crc, 0x1234abcd);
	/* the others are still there */
	assert_true(kmod_version(&out, "kmalloc_trace", NULL));
	kmod_close(&out);
	kmod_close(&m);
	free(buf);
	free(in);
}

static void test_weak_import_gets_a_version(void **state)
{
	check_import_gets_a_version(state, STB_WEAK);
}

static void test_unversioned_import_gets_a_version(void **state)
{
	check_import_gets_a_version(state, STB_GLOBAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_is_a_module),
		cmocka_unit_test(test_signature_dropped),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_strtab_appended),
		cmocka_unit_test(test_tail_merged_neighbours),
		cmocka_unit_test(test_other_sections_identical),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_init_sections),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_namespace),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_weak_import_gets_a_version),
		cmocka_unit_test(test_unversioned_import_gets_a_version),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

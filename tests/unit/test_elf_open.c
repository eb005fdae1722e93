// SPDX-License-Identifier: GPL-2.0
/*
 * test_elf_open.c - host unit tests (cmocka) of kmod_open() in tools/elf.c:
 * every kind of bad input gets its own exit code, and Debian's e1000.ko is
 * read as loader.md measured it (154 imports: 138 functions, 16 data, the
 * kinds guessed from relocations alone; 155 __versions entries; signed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tools/drvsup.h"
#include "tools/elf.h"
#include "tools/importmap.h"
#include "tests/unit/ko_fixture.h"

static int open_buf(const void *buf, size_t n, char *err)
{
	struct kmod m;
	int rc = kmod_open_mem(&m, "buf", buf, n, err);

	kmod_close(&m);
	return rc;
}

/* e1000 bytes, or skip the test. */
static unsigned char *e1000_bytes(size_t *n)
{
	const char *p = e1000_path();
	unsigned char *b;

	if (!p) {
		print_message("no e1000.ko for kernel '%s': skipped\n", fixture_kver());
		skip();
	}
	b = fixture_read(p, n);
	assert_non_null(b);
	return b;
}

static void test_unreadable(void **state)
{
	char err[KMOD_ERRLEN];
	struct kmod m;

	(void)state;
	assert_int_equal(kmod_open(&m, "/nonexistent/x.ko", err), EXIT_NOINPUT);
	assert_non_null(strstr(err, "No such file"));
	kmod_close(&m);
	assert_int_equal(kmod_open(&m, "/tmp", err), EXIT_NOINPUT);
	kmod_close(&m);
}

static void test_empty_file(void **state)
{
	char err[KMOD_ERRLEN], *p = fixture_temp("", 0);
	struct kmod m;

	(void)state;
	assert_non_null(p);
	assert_int_equal(kmod_open(&m, p, err), EXIT_NOTELF);
	assert_non_null(strstr(err, "empty"));
	kmod_close(&m);
	unlink(p);
	free(p);
}

static void test_text_file(void **state)
{
	static const char txt[] = "#!/bin/sh\necho this is not a module\n";
	char err[KMOD_ERRLEN];

	(void)state;
	assert_int_equal(open_buf(txt, sizeof(txt) - 1, err), EXIT_NOTELF);
	assert_non_null(strstr(err, "not an ELF"));
	assert_int_equal(open_buf("\x7f" "EL", 3, err), EXIT_NOTELF);
}

static void test_compressed(void **state)
{
	char err[KMOD_ERRLEN];

	(void)state;
	assert_int_equal(open_buf("\xfd" "7zXZ\0\0\0\0", 10, err), EXIT_NOTELF);
	assert_non_null(strstr(err, "xz-compressed"));
	assert_int_equal(open_buf("\x28\xb5\x2f\xfd\0\0", 6, err), EXIT_NOTELF);
	assert_non_null(strstr(err, "zstd"));
}

static void test_elf32(void **state)
{
	unsigned char h[52] = { 0x7f, 'E', 'L', 'F', ELFCLASS32, ELFDATA2LSB, 1 };
	char err[KMOD_ERRLEN];

	(void)state;
	h[16] = ET_REL;
	h[18] = EM_386;
	assert_int_equal(open_buf(h, sizeof(h), err), EXIT_WRONGELF);
	assert_non_null(strstr(err, "32-bit"));
}

static void test_big_endian(void **state)
{
	unsigned char h[64] = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2MSB, 1 };
	char err[KMOD_ERRLEN];

	(void)state;
	assert_int_equal(open_buf(h, sizeof(h), err), EXIT_WRONGELF);
}

static void test_truncated(void **state)
{
	char err[KMOD_ERRLEN];
	unsigned char *b;
	size_t n;

	(void)state;
	b = e1000_bytes(&n);
	/* inside the ELF header */
	assert_int_equal(open_buf(b, 40, err), EXIT_BADELF);
	assert_int_equal(open_buf(b, 10, err), EXIT_BADELF);
	/* header complete, sections and section table cut off */
	assert_int_equal(open_buf(b, 4096, err), EXIT_BADELF);
	assert_non_null(strstr(err, "truncated"));
	/* only the section table (and signature) missing */
	assert_int_equal(open_buf(b, n / 2, err), EXIT_BADELF);
	free(b);
}

/* Patch one Elf64_Ehdr field of a copy of e1000 and expect rc. */
static void patched_header(size_t off, uint16_t val, int rc)
{
	char err[KMOD_ERRLEN];
	unsigned char *b;
	size_t n;

	b = e1000_bytes(&n);
	memcpy(b + off, &val, sizeof(val));
	assert_int_equal(open_buf(b, n, err), rc);
	free(b);
}

static void test_not_relocatable(void **state)
{
	(void)state;
	patched_header(offsetof(Elf64_Ehdr, e_type), ET_DYN, EXIT_WRONGELF);
	patched_header(offsetof(Elf64_Ehdr, e_type), ET_EXEC, EXIT_WRONGELF);
}

static void test_other_machine(void **state)
{
	(void)state;
	patched_header(offsetof(Elf64_Ehdr, e_machine), EM_AARCH64, EXIT_WRONGELF);
}

/* Overwrite the first occurrence of a section name in .shstrtab. */
static void rename_section(unsigned char *b, size_t n, const char *from,
			   const char *to)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh;
	unsigned char *tab, *hit;

	memcpy(&eh, b, sizeof(eh));
	memcpy(&sh, b + eh.e_shoff + (size_t)eh.e_shstrndx * sizeof(sh), sizeof(sh));
	assert_true(sh.sh_offset + sh.sh_size <= n);
	tab = b + sh.sh_offset;
	for (hit = tab; hit + strlen(from) < tab + sh.sh_size; hit++)
		if (!memcmp(hit, from, strlen(from) + 1))
			break;
	assert_true(hit + strlen(from) < tab + sh.sh_size);
	memcpy(hit, to, strlen(to));
}

static void test_not_a_module(void **state)
{
	char err[KMOD_ERRLEN];
	unsigned char *b;
	size_t n;

	(void)state;
	b = e1000_bytes(&n);
	rename_section(b, n, ".modinfo", ".modinfX");
	assert_int_equal(open_buf(b, n, err), EXIT_NOTMODULE);
	assert_non_null(strstr(err, ".modinfo"));
	free(b);

	b = e1000_bytes(&n);
	rename_section(b, n, ".gnu.linkonce.this_module", ".gnu.linkonce.this_modulX");
	assert_int_equal(open_buf(b, n, err), EXIT_NOTMODULE);
	assert_non_null(strstr(err, "this_module"));
	free(b);
}

static void test_stripped(void **state)
{
	char err[KMOD_ERRLEN];
	Elf64_Ehdr eh;
	Elf64_Shdr sh;
	unsigned char *b;
	size_t n, i;

	(void)state;
	b = e1000_bytes(&n);
	memcpy(&eh, b, sizeof(eh));
	for (i = 0; i < eh.e_shnum; i++) {
		unsigned char *p = b + eh.e_shoff + i * sizeof(sh);

		memcpy(&sh, p, sizeof(sh));
		if (sh.sh_type == SHT_SYMTAB) {
			sh.sh_type = SHT_PROGBITS;
			memcpy(p, &sh, sizeof(sh));
		}
	}
	assert_int_equal(open_buf(b, n, err), EXIT_NOTMODULE);
	assert_non_null(strstr(err, "stripped"));
	free(b);
}

static void test_e1000(void **state)
{
	char err[KMOD_ERRLEN] = "";
	const char *p = e1000_path();
	struct kmod m;
	uint64_t crc;
	size_t i, weak = 0, n = 0;

	(void)state;
	if (!p)
		skip();
	assert_int_equal(kmod_open(&m, p, err), EXIT_OK);
	assert_string_equal(m.name, "e1000");
	assert_non_null(m.vermagic);
	assert_int_equal(strncmp(m.vermagic, fixture_kver(), strlen(fixture_kver())), 0);
	assert_true(m.is_signed);
	assert_int_equal(m.elf_size + m.sig_len, m.size);
	assert_true(m.versions && m.modinfo && m.this_module && m.symtab);

	/* loader.md: 154 undefined symbols, 138 functions, 16 data. Here the
	 * kinds come from the relocations alone (no System.map on a host). */
	assert_int_equal(m.nimports, E1000_IMPORTS);
	assert_int_equal(m.nfunc, E1000_FUNCS);
	assert_int_equal(m.ndata, E1000_DATA);
	for (i = 0; i < m.nimports; i++) {
		assert_int_equal(m.imports[i].kind_src, KSRC_RELOCS);
		weak += m.imports[i].weak;
		if (m.imports[i].uncertain)
			n++;
	}
	assert_int_equal(weak, 0);
	/* eth_validate_addr, ethtool_op_get_ts_info (ops tables) and
	 * delayed_work_timer_fn (an immediate) are only address-taken. */
	assert_int_equal(n, 3);
	assert_int_equal(m.nuncertain, 3);

	assert_true(kmod_version(&m, "module_layout", &crc));
	assert_true(kmod_version(&m, "register_netdev", &crc));
	assert_true(crc != 0 && crc <= 0xffffffffu);
	assert_false(kmod_version(&m, "dsw_register_netdev", NULL));
	assert_non_null(kmod_modinfo(&m, "parmtype", NULL));
	assert_null(kmod_modinfo(&m, "import_ns", NULL));
	kmod_close(&m);
}

/* The per-import evidence for the 16 data imports. */
static void test_e1000_data_evidence(void **state)
{
	static const char *const data[E1000_DATA] = {
		"__preempt_count", "cpu_number", "current_task", "softnet_data",
		"jiffies", "system_state", "system_wq", "kmalloc_caches",
		"page_offset_base", "phys_base", "vmemmap_base",
		"devmap_managed_key", "hugetlb_optimize_vmemmap_key",
		"param_array_ops", "param_ops_int", "param_ops_uint",
	};
	char err[KMOD_ERRLEN];
	const char *p = e1000_path();
	struct kmod m;
	size_t i, j;

	(void)state;
	if (!p)
		skip();
	assert_int_equal(kmod_open(&m, p, err), EXIT_OK);
	for (j = 0; j < E1000_DATA; j++) {
		bool found = false;

		for (i = 0; i < m.nimports; i++) {
			if (strcmp(m.imports[i].name, data[j]))
				continue;
			found = true;
			if (m.imports[i].kind != KIND_DATA)
				fail_msg("%s guessed %s (%s)", data[j],
					 kmod_kind_name(m.imports[i].kind),
					 m.imports[i].why);
		}
		assert_true(found);
	}
	for (i = 0; i < m.nimports; i++)
		if (!strcmp(m.imports[i].name, "__fentry__") ||
		    !strcmp(m.imports[i].name, "delayed_work_timer_fn") ||
		    !strcmp(m.imports[i].name, "eth_validate_addr"))
			assert_int_equal(m.imports[i].kind, KIND_FUNC);
	kmod_close(&m);
}

/* A module without a signature is read whole. */
static void test_unsigned(void **state)
{
	char err[KMOD_ERRLEN];
	unsigned char *b;
	struct kmod m;
	size_t n;

	(void)state;
	b = e1000_bytes(&n);
	assert_int_equal(kmod_open_mem(&m, "e1000", b, n, err), EXIT_OK);
	n = m.elf_size;
	kmod_close(&m);
	assert_int_equal(kmod_open_mem(&m, "e1000-unsigned", b, n, err), EXIT_OK);
	assert_false(m.is_signed);
	assert_int_equal(m.elf_size, n);
	assert_int_equal(m.nimports, E1000_IMPORTS);
	kmod_close(&m);
	/* a marker without a plausible signature */
	memcpy(b + 100, KMOD_SIG_MARKER, sizeof(KMOD_SIG_MARKER) - 1);
	assert_int_equal(open_buf(b, 100 + sizeof(KMOD_SIG_MARKER) - 1, err),
			 EXIT_BADELF);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_text_file),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_elf32),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_not_relocatable),
		cmocka_unit_test(test_other_machine),
		cmocka_unit_test(test_not_a_module),
		cmocka_unit_test(test_stripped),
		cmocka_unit_test(test_e1000),
		cmocka_unit_test(test_e1000_data_evidence),
		cmocka_unit_test(test_unsigned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

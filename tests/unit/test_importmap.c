// SPDX-License-Identifier: GPL-2.0
/*
 * test_importmap.c - host unit tests (cmocka) of tools/importmap.c: parsing
 * Module.symvers, imports.tbl and System.map, and classifying Debian's
 * e1000.ko against wrappers/imports.tbl and a synthetic Module.symvers.
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

/* e1000's split per wrappers/imports.tbl (loader.md's 16 data and 8
 * must-keep-name functions, plus 25 library functions). */

static char *temp_text(const char *s)
{
	char *p = fixture_temp(s, strlen(s));

	assert_non_null(p);
	return p;
}

static void drop(char *path)
{
	unlink(path);
	free(path);
}

static void test_symvers(void **state)
{
	char err[KMOD_ERRLEN], *p;
	const struct symvers_entry *e;
	struct symvers sv;

	(void)state;
	p = temp_text("0x00000001\tdsw_kfree\tdrvsup\tEXPORT_SYMBOL_GPL\t\n"
		      "0xdeadbeef\tdsw_eth_validate_addr\tdrvsup\tEXPORT_SYMBOL_GPL\tDRVSUP\n"
		      "\n"
		      "0x12345678\tdrvsup_gate\tdrvsup\tEXPORT_SYMBOL\n"
		      "0x00000002\tdsw_phy_start\t/b/drvsup_phy\tEXPORT_SYMBOL_GPL\t\n"
		      "0x00000003\tdsw_bus_add\tdrvsup\tEXPORT_SYMBOL_GPL\tDRVSUP_INTERNAL\n"
		      "0x00000004\tdsw_foo\t/b/e1000\tEXPORT_SYMBOL_GPL\t\n");
	assert_int_equal(symvers_load(&sv, p, err), EXIT_OK);
	assert_int_equal(sv.n, 6);
	/* drvsup's and its library modules', not its internal interface. */
	assert_int_equal(sv.nwrappers, 3);
	assert_true(symvers_is_wrapper(symvers_find(&sv, "dsw_phy_start")));
	assert_false(symvers_is_wrapper(symvers_find(&sv, "dsw_bus_add")));
	assert_false(symvers_is_wrapper(symvers_find(&sv, "dsw_foo")));
	e = symvers_find(&sv, "dsw_eth_validate_addr");
	assert_non_null(e);
	assert_int_equal(e->crc, 0xdeadbeef);
	assert_string_equal(e->ns, "DRVSUP");
	assert_string_equal(e->export_type, "EXPORT_SYMBOL_GPL");
	e = symvers_find(&sv, "drvsup_gate");
	assert_non_null(e);
	assert_string_equal(e->ns, "");
	assert_null(symvers_find(&sv, "dsw_kmalloc"));
	symvers_free(&sv);
	drop(p);

	p = temp_text("0xnothex\tdsw_x\tdrvsup\tEXPORT_SYMBOL\t\n");
	assert_int_equal(symvers_load(&sv, p, err), EXIT_DATA);
	assert_non_null(strstr(err, ":1:"));
	symvers_free(&sv);
	drop(p);
	p = temp_text("0x1 dsw_x drvsup EXPORT_SYMBOL\n");	/* spaces, not tabs */
	assert_int_equal(symvers_load(&sv, p, err), EXIT_DATA);
	symvers_free(&sv);
	drop(p);
	assert_int_equal(symvers_load(&sv, "/nonexistent/Module.symvers", err), EXIT_DATA);
	symvers_free(&sv);
}

static void test_imptab(void **state)
{
	char err[KMOD_ERRLEN], *p;
	const struct imp_rule *r;
	struct imptab dm;

	(void)state;
	p = temp_text("# comment\n"
		      "__x86_indirect_thunk_*\tthunk   # glob\n"
		      "\n"
		      "mem*  pass\n"
		      "memcpy data ro\n"
		      "rtc_lock data shared\n"
		      "  strlen pass \n"
		      "kfree custom mem.c\n"
		      "type regions release=pci_release_regions(key)\n"
		      "pci_request_regions acquire regions key=arg0 ok=zero\n"
		      "pci_release_regions release regions key=arg0\n"
		      "mii_link_ok within\n"
		      "ptp_clock_register refuse EOPNOTSUPP\n"
		      "library 8390 domain\n"
		      "pcim_iomap devres\n"
		      "strscpy store dst=arg0 len=arg2\n"
		      "ioread16_rep store len=arg2*2 dst=arg1\n"
		      "pci_read_config_word store dst=arg2\n");
	assert_int_equal(imptab_load(&dm, p, err), EXIT_OK);
	assert_int_equal(dm.n, 14);
	assert_true(imptab_domain_lib(&dm, "8390"));
	assert_false(imptab_domain_lib(&dm, "mii"));
	assert_int_equal(dm.ntypes, 1);
	r = imptab_match(&dm, "__x86_indirect_thunk_rax");
	assert_non_null(r);
	assert_true(r->glob && r->keep && r->cls == IMP_THUNK);
	assert_int_equal(r->line, 2);
	/* an exact entry beats an earlier glob */
	r = imptab_match(&dm, "memcpy");
	assert_non_null(r);
	assert_false(r->glob);
	assert_true(r->keep && r->cls == IMP_DATA);
	r = imptab_match(&dm, "memset");
	assert_non_null(r);
	assert_string_equal(r->pattern, "mem*");
	assert_false(r->keep);
	r = imptab_match(&dm, "rtc_lock");
	assert_true(r && r->cls == IMP_DATA && !strcmp(r->arg, "shared"));
	assert_non_null(imptab_match(&dm, "strlen"));
	assert_null(imptab_match(&dm, "strlen2"));
	r = imptab_match(&dm, "kfree");
	assert_true(r && r->cls == IMP_CUSTOM && !strcmp(r->arg, "mem.c"));
	r = imptab_match(&dm, "pci_request_regions");
	assert_true(r && r->cls == IMP_ACQUIRE && !strcmp(r->key, "arg0") &&
		    !strcmp(r->ok, "zero"));
	assert_string_equal(imptab_type(&dm, r->arg)->fn, "pci_release_regions");
	assert_string_equal(imptab_type(&dm, r->arg)->args, "key");
	assert_true(imp_class_direct(imptab_match(&dm, "mii_link_ok")->cls));
	assert_false(imp_class_direct(r->cls));
	r = imptab_match(&dm, "ptp_clock_register");
	assert_true(r && r->cls == IMP_REFUSE && !strcmp(r->arg, "EOPNOTSUPP"));
	r = imptab_match(&dm, "pcim_iomap");
	assert_true(r && r->cls == IMP_DEVRES && imp_class_direct(r->cls) &&
		    !r->keep);
	assert_string_equal(imp_class_name(r->cls), "devres");
	r = imptab_match(&dm, "strscpy");
	assert_true(r && r->cls == IMP_STORE && !strcmp(r->dst, "arg0") &&
		    !strcmp(r->len, "arg2") && !imp_class_direct(r->cls));
	r = imptab_match(&dm, "ioread16_rep");
	assert_true(r && !strcmp(r->dst, "arg1") && !strcmp(r->len, "arg2*2"));
	r = imptab_match(&dm, "pci_read_config_word");
	assert_true(r && !strcmp(r->dst, "arg2") && !r->len);
	imptab_free(&dm);
	drop(p);
}

/* Lines the table refuses, each with where and why. */
static void test_imptab_refused(void **state)
{
	char err[KMOD_ERRLEN], *p;
	struct imptab dm;
	size_t i;
	static const char *const bad[] = {
		"memcpy pass extra\n",			/* pass takes no word */
		"pcim_iomap devres extra\n",		/* neither does devres */
		"memcpy sometimes\n",			/* no such class */
		"mem;cpy pass\n",			/* not a symbol */
		"kfree custom\n",			/* custom names its file */
		"k*free custom mem.c\n",		/* a glob is direct only */
		"x acquire nosuch key=arg0\n",		/* type not defined */
		"type t release=f(key)\nx acquire t\n",	/* no key= */
		"type t release=f(key)\nx acquire t key=arg99\n",
		"type t release=f(key)\nx release t key=*arg0\n", /* * only acquire */
		"type t release=f(key)\nx lock t key=arg0 ok=maybe\n",
		"type t release=f\n",			/* no (...) */
		"type t release=f(key) scope\n",	/* only 'scoped' */
		"type t release=f(key) scoped extra\n",
		"type t release=f(key) scoped scoped\n",
		"type t release=f(key) unchanged unchanged\n",
		"memcpy pass\nmemcpy pass\n",		/* two lines */
		"jiffies data sometimes\n",
		"rtc_* data shared\n",			/* shared: one object */
		"ptp_clock_register refuse\n",		/* refuse names its error */
		"ptp_clock_register refuse 95\n",
		"library 8390\n",			/* where it runs */
		"library 8390 kernel\n",		/* only 'domain' */
		"library 83;90 domain\n",		/* not a module name */
		"library 8390 domain extra\n",
		"strscpy store\n",			/* store names dst= */
		"strscpy store len=arg2\n",
		"strscpy store dst=ret\n",		/* an argument */
		"strscpy store dst=*arg0\n",
		"strscpy store dst=arg0 len=arg2*0\n",	/* K in 1..4096 */
		"strscpy store dst=arg0 len=arg2*\n",
		"strscpy store dst=arg0 len=arg2*x\n",
		"strscpy store dst=arg0 len=none\n",
		"strscpy store dst=arg0 dst=arg1\n",	/* once each */
		"strscpy store dst=arg0 key=arg1\n",
		"strscpy store dst=arg0 arg2\n",
	};

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = temp_text(bad[i]);
		if (imptab_load(&dm, p, err) != EXIT_DATA)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(strstr(err, ":"));
		imptab_free(&dm);
		drop(p);
	}
}

/* The project's own table. */
static void test_imptab_project(void **state)
{
	char err[KMOD_ERRLEN];
	const struct imp_rule *r;
	struct imptab dm;

	(void)state;
	assert_int_equal(imptab_load(&dm, IMPORT_TABLE, err), EXIT_OK);
	assert_true(dm.n > 100);
	r = imptab_match(&dm, "__SCT__cond_resched");
	assert_true(r && r->keep);
	r = imptab_match(&dm, "kfree");
	assert_true(r && r->cls == IMP_CUSTOM);
	assert_int_equal(imptab_match(&dm, "_raw_spin_lock_irqsave")->cls, IMP_CUSTOM);
	assert_int_equal(imptab_match(&dm, "mutex_lock")->cls, IMP_CUSTOM);
	assert_int_equal(imptab_match(&dm, "init_timer_key")->cls, IMP_CUSTOM);
	/* a spinlock is given back within its call, a semaphore need not be */
	assert_true(imptab_type(&dm, "raw_spin_bh")->scoped);
	assert_false(imptab_type(&dm, "sem")->scoped);
	/* a region stays as granted: a recovery from the checkpoint keeps it */
	assert_true(imptab_type(&dm, "pci_regions")->unchanged);
	assert_false(imptab_type(&dm, "pci_regions")->scoped);
	assert_false(imptab_type(&dm, "sem")->unchanged);
	assert_null(imptab_match(&dm, "no_such_symbol"));
	imptab_free(&dm);
}

/* A System.map of n filler symbols plus the given lines. */
static char *system_map(const char *lines, unsigned n)
{
	char *p = fixture_temp("", 0);
	FILE *f = fopen(p, "w");
	unsigned i;

	assert_non_null(f);
	for (i = 0; i < n; i++)
		fprintf(f, "ffffffff81%06x T filler_%u\n", i, i);
	fputs(lines, f);
	fclose(f);
	return p;
}

static void test_symtypes(void **state)
{
	char err[KMOD_ERRLEN], *p;
	struct symtypes t;

	(void)state;
	/* Debian's /boot placeholder */
	p = temp_text("ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n");
	assert_int_equal(symtypes_load(&t, p, err), EXIT_DATA);
	assert_non_null(strstr(err, "placeholder"));
	symtypes_free(&t);
	drop(p);

	p = system_map("ffffffff82000000 D jiffies\n"
		       "0000000000020000 A current_task\n"
		       "ffffffff81000000 t kfree\n"		/* a local of that name */
		       "ffffffff81000010 T kfree\n"
		       "ffffffff81000020 r __ksymtab_kfree\n"
		       "ffffffff82000010 b static_state\n"
		       "ffffffffc0000000 t helper\t[somemodule]\n"
		       "ffffffff81000030 W weakfn\n"
		       "ffffffff81000040 U undefined_thing\n", 1000);
	assert_int_equal(symtypes_load(&t, p, err), EXIT_OK);
	assert_int_equal(symtypes_kind(&t, "jiffies"), 'd');
	assert_int_equal(symtypes_kind(&t, "current_task"), 'd');	/* per-CPU */
	assert_int_equal(symtypes_kind(&t, "kfree"), 'f');
	assert_int_equal(symtypes_kind(&t, "static_state"), 'd');
	assert_int_equal(symtypes_kind(&t, "helper"), 'f');
	assert_int_equal(symtypes_kind(&t, "weakfn"), 'f');
	assert_int_equal(symtypes_kind(&t, "undefined_thing"), 0);
	assert_int_equal(symtypes_kind(&t, "nosuch"), 0);
	assert_int_equal(symtypes_kind(&t, "filler_999"), 'f');
	symtypes_free(&t);
	drop(p);
}

struct e1000_env {
	struct kmod m;
	struct imptab dm;
	struct symvers sv;
	char *symvers;
};

static int e1000_setup(void **state)
{
	struct e1000_env *e = calloc(1, sizeof(*e));
	char err[KMOD_ERRLEN];

	if (!e || !e1000_path())
		return (*state = e), 0;
	if (kmod_open(&e->m, e1000_path(), err) ||
	    imptab_load(&e->dm, IMPORT_TABLE, err))
		return -1;
	e->symvers = fixture_symvers(&e->m, &e->dm, NULL);
	if (!e->symvers || symvers_load(&e->sv, e->symvers, err))
		return -1;
	*state = e;
	return 0;
}

static int e1000_teardown(void **state)
{
	struct e1000_env *e = *state;

	if (!e)
		return 0;
	if (e->symvers)
		drop(e->symvers);
	symvers_free(&e->sv);
	imptab_free(&e->dm);
	kmod_close(&e->m);
	free(e);
	return 0;
}

static struct e1000_env *env(void **state)
{
	struct e1000_env *e = *state;

	if (!e || !e->m.nimports) {
		print_message("no e1000.ko for kernel '%s': skipped\n", fixture_kver());
		skip();
	}
	return e;
}

static void test_classify_e1000(void **state)
{
	struct e1000_env *e = env(state);
	struct kmod_rename *rn;
	struct classification c;
	size_t i, data_direct = 0;

	assert_int_equal(e->m.nimports, E1000_IMPORTS);
	assert_int_equal(e->sv.nwrappers, E1000_WRAPPED);
	assert_int_equal(classify(&e->m, &e->sv, &e->dm, &c), EXIT_OK);
	assert_int_equal(c.count[IMPORT_WRAPPED], E1000_WRAPPED);
	assert_int_equal(c.count[IMPORT_DIRECT], E1000_DIRECT);
	assert_int_equal(c.count[IMPORT_UNKNOWN], 0);
	assert_int_equal(c.conflicts, 0);
	for (i = 0; i < c.n; i++) {
		const struct classified *x = &c.v[i];

		/* loader.md: data and must-keep-name imports stay direct */
		if (x->imp->kind == KIND_DATA) {
			assert_int_equal(x->cls, IMPORT_DIRECT);
			assert_true(x->rule->keep);
			data_direct++;
		}
		if (x->cls == IMPORT_WRAPPED) {
			assert_int_equal(strncmp(x->wrapper->name, "dsw_", 4), 0);
			assert_string_equal(x->wrapper->name + 4, x->imp->name);
		}
	}
	assert_int_equal(data_direct, E1000_DATA);
	rn = calloc(c.n, sizeof(*rn));
	assert_non_null(rn);
	assert_int_equal(classification_renames(&c, rn), E1000_WRAPPED);
	free(rn);
	classification_free(&c);

	/* without any wrapper, the same imports are unknown */
	{
		struct symvers none = { 0 };

		assert_int_equal(classify(&e->m, &none, &e->dm, &c), EXIT_OK);
		assert_int_equal(c.count[IMPORT_WRAPPED], 0);
		assert_int_equal(c.count[IMPORT_DIRECT], E1000_DIRECT);
		assert_int_equal(c.count[IMPORT_UNKNOWN], E1000_WRAPPED);
		classification_free(&c);
	}
}

static const struct classified *find(const struct classification *c,
				     const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].imp->name, name))
			return &c->v[i];
	fail_msg("no import %s", name);
	return NULL;
}

/*
 * The table decides: a direct line binds directly even if drvsup exports a
 * wrapper of that name; a wrapper export with no line is refused, named.
 */
static void test_precedence(void **state)
{
	struct e1000_env *e = env(state);
	char err[KMOD_ERRLEN], *p;
	struct classification c;
	struct symvers sv;
	const struct classified *x;

	p = fixture_symvers(&e->m, &e->dm,
			    "0x00000011\tdsw_eth_type_trans\tdrvsup\tEXPORT_SYMBOL_GPL\t\n"
			    "0x00000012\tdsw_jiffies\tdrvsup\tEXPORT_SYMBOL_GPL\t\n"
			    "0x00000013\tdsw___fentry__\tdrvsup\tEXPORT_SYMBOL_GPL\t\n");
	assert_int_equal(symvers_load(&sv, p, err), EXIT_OK);
	assert_int_equal(classify(&e->m, &sv, &e->dm, &c), EXIT_OK);
	x = find(&c, "eth_type_trans");
	assert_int_equal(x->cls, IMPORT_DIRECT);
	assert_non_null(strstr(x->note, "ignored"));
	x = find(&c, "jiffies");
	assert_int_equal(x->cls, IMPORT_DIRECT);
	assert_non_null(x->note);
	x = find(&c, "__fentry__");
	assert_int_equal(x->cls, IMPORT_DIRECT);
	assert_int_equal(c.count[IMPORT_WRAPPED], E1000_WRAPPED);
	assert_int_equal(c.conflicts, 3);
	classification_free(&c);
	symvers_free(&sv);
	drop(p);
}

/* A System.map decides kinds; disagreeing with a confident guess counts. */
static void test_symtypes_apply(void **state)
{
	char err[KMOD_ERRLEN], *p;
	struct symtypes t;
	struct kmod m;
	size_t n, d;

	env(state);	/* skips without e1000.ko */
	assert_int_equal(kmod_open(&m, e1000_path(), err), EXIT_OK);
	p = system_map("0000000000000000 D jiffies\n"
		       "0000000000000000 T kfree\n"
		       "0000000000000000 D eth_validate_addr\n"	/* uncertain guess */
		       "0000000000000000 D memcpy\n"		/* confident guess */
		       "0000000000000000 A cpu_number\n", 1000);
	assert_int_equal(symtypes_load(&t, p, err), EXIT_OK);
	n = symtypes_apply(&t, &m, KSRC_SYSTEM_MAP, &d);
	assert_int_equal(n, 5);
	assert_int_equal(d, 1);
	assert_int_equal(m.ndata, E1000_DATA + 2);
	assert_int_equal(m.nuncertain, 2);
	symtypes_free(&t);
	drop(p);
	kmod_close(&m);
}

/* drvsup's RTC driver, when built: its data imports are all in the map. */
static void test_rtc_driver(void **state)
{
	const char *ko = DRVSUP_TOP "/drivers/rtc/rtctest.ko";
	char err[KMOD_ERRLEN];
	struct imptab dm;
	struct kmod m;
	size_t i;

	(void)state;
	if (access(ko, R_OK)) {
		print_message("%s not built: skipped\n", ko);
		skip();
	}
	assert_int_equal(kmod_open(&m, ko, err), EXIT_OK);
	assert_int_equal(imptab_load(&dm, IMPORT_TABLE, err), EXIT_OK);
	for (i = 0; i < m.nimports; i++)
		if (m.imports[i].kind == KIND_DATA &&
		    !imptab_match(&dm, m.imports[i].name))
			fail_msg("data import %s not in the import table", m.imports[i].name);
	imptab_free(&dm);
	kmod_close(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_symvers),
		cmocka_unit_test(test_imptab),
		cmocka_unit_test(test_imptab_refused),
		cmocka_unit_test(test_imptab_project),
		cmocka_unit_test(test_symtypes),
		cmocka_unit_test(test_classify_e1000),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_symtypes_apply),
		cmocka_unit_test(test_rtc_driver),
	};

	return cmocka_run_group_tests(tests, e1000_setup, e1000_teardown);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_wrapgen.c - the build's wrapper generator (tools/gen/wrapgen) on
 * small import tables, against the BTF of the kernel the guest boots:
 * what each generated class does, and the tables it must refuse.
 * Skipped when the generator or the kernel image is not there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define WRAPGEN DRVSUP_BUILD "/host/wrapgen"

static char kver[128];
static char out[65536];

static int find_kernel(void **state)
{
	FILE *p = popen(DRVSUP_TOP "/scripts/kver", "r");
	char img[256];

	(void)state;
	if (p && fgets(kver, sizeof(kver), p))
		kver[strcspn(kver, "\n")] = 0;
	if (p)
		pclose(p);
	snprintf(img, sizeof(img), "/boot/vmlinuz-%s", kver);
	if (!kver[0] || access(img, R_OK) || access(WRAPGEN, X_OK))
		kver[0] = 0;
	return 0;
}

/* Generate from TABLE; the exit status, the C in out[]. */
static int gen(const char *table)
{
	char tbl[] = "/tmp/drvsup-wrapgen-XXXXXX", cmd[512], c_out[64];
	int fd = mkstemp(tbl), rc;
	size_t n = 0;
	FILE *f;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, table, strlen(table)), (ssize_t)strlen(table));
	close(fd);
	snprintf(c_out, sizeof(c_out), "%s.c", tbl);
	snprintf(cmd, sizeof(cmd), "%s --kver %s %s %s 2>/dev/null", WRAPGEN, kver,
		 tbl, c_out);
	rc = system(cmd);
	out[0] = 0;
	f = fopen(c_out, "r");
	if (f) {
		n = fread(out, 1, sizeof(out) - 1, f);
		fclose(f);
	}
	out[n] = 0;
	unlink(tbl);
	unlink(c_out);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

#define HAS(s) assert_non_null(strstr(out, s))

static void test_classes(void **state)
{
	(void)state;
	if (!kver[0])
		skip();
	assert_int_equal(gen("type regions release=pci_release_regions(key) unchanged\n"
			     "pci_request_regions acquire regions key=arg0\n"
			     "pci_release_regions release regions key=arg0\n"
			     "type pool release=dma_pool_free(a,key,b)\n"
			     "dma_pool_alloc acquire pool key=ret a=arg0 b=*arg2\n"
			     "type bh release=_raw_spin_unlock_bh(key)\n"
			     "_raw_spin_lock_bh lock bh key=arg0\n"
			     "_raw_spin_unlock_bh unlock bh key=arg0\n"
			     "type rd release=_raw_read_unlock(key) scoped\n"
			     "_raw_read_lock lock rd key=arg0\n"
			     "_raw_read_unlock unlock rd key=arg0\n"
			     "msleep_interruptible sleep\n"
			     "netif_device_detach cross\n"
			     "__mutex_init cross init\n"
			     "ptp_clock_register refuse EOPNOTSUPP\n"
			     "strscpy store dst=arg0 len=arg2\n"
			     "ioread16_rep store dst=arg1 len=arg2*2\n"
			     "pci_read_config_word store dst=arg2\n"), 0);
	/* prototypes from BTF, with the kernel's integer names */
	HAS("DSW(int, pci_request_regions, struct pci_dev *a0, const char *a1)");
	HAS("DSW(void *, dma_pool_alloc, struct dma_pool *a0, gfp_t a1, dma_addr_t *a2)");
	HAS("DSW(unsigned long, msleep_interruptible, unsigned int a0)");
	/* acquire: tracked after success (integer: zero), a and b kept */
	HAS("if (d && !ret &&");
	HAS("(const void *)(unsigned long)a0, 0UL,");
	HAS("(const void *)(unsigned long)ret, (unsigned long)a0,\n\t\t\t   (unsigned long)*a2))");
	HAS("if (d && !IS_ERR_OR_NULL(ret) &&");
	HAS("ret = (int)-ENOMEM;");
	HAS("ret = (void *)NULL;");
	/* its type's release, from what was kept */
	HAS("dma_pool_free((struct dma_pool *)o->a, (void *)(unsigned long)o->key, (dma_addr_t)o->b);");
	/* an unchanged resource: kept as it is by a recovery from the checkpoint */
	HAS("\t.name = \"regions\",\n\t.release = dsw_gen_release_regions,\n"
	    "\t.ckpt = DRVSUP_CKPT_KEEP,\n};");
	HAS("\t.name = \"pool\",\n\t.release = dsw_gen_release_pool,\n};");
	/* release: a key the domain does not hold is a contained fault */
	HAS("if (!dsw_gen_untrack(d, &dsw_gen_type_regions, (const void *)(unsigned long)a0)) {");
	HAS("dsw_fault(d, DRVSUP_FAULT_BADARG,");
	/* lock: a hold released on unwind; unlock drops it first */
	HAS("drvsup_hold_push(dsw_gen_hold_bh, (void *)a0, 0UL);");
	/* a scoped lock: held within the call; an unlock not taken refused */
	HAS("drvsup_hold_take(dsw_gen_hold_rd, (void *)a0, 0UL);");
	HAS("if (!drvsup_hold_pop((void *)a0)) {\n\t\tdsw_fault(d, DRVSUP_FAULT_BADARG,\n"
	    "\t\t\t  \"_raw_read_unlock(%#lx): a lock the call did not take\",");
	HAS("drvsup_hold_pop((void *)a0);\n\t_raw_spin_unlock_bh(a0);");
	/* sleep: unwinds on its way back if the domain failed */
	HAS("ret = msleep_interruptible(a0);\n\tDSW_LEAVE();\n\tdsw_check_alive(d);");
	/* cross: a crossing, nothing kept; its pointer arguments checked */
	HAS("DSW_ENTER(d);\n\tif (dsw_unowned(d, a0))\n\t\treturn;\n"
	    "\tnetif_device_detach(a0);\n\tDSW_LEAVE();");
	/* cross init: the object initialised is checked for ownership only */
	HAS("DSW_ENTER(d);\n\tif (dsw_unowned_init(d, a0))\n\t\treturn;\n"
	    "\tif (dsw_unowned(d, a1))\n\t\treturn;\n");
	/* every pointer argument is checked by its type's rule first */
	HAS("DSW_ENTER(d);\n\tif (dsw_unowned(d, a0))\n\t\treturn 0;\n"
	    "\tif (dsw_unowned(d, a1))\n\t\treturn 0;\n\tret = pci_request_regions(a0, a1);");
	/* an argument that is not a pointer has no rule */
	HAS("DSW_ENTER(d);\n\tret = msleep_interruptible(a0);");
	/* refuse: the kernel never sees it */
	HAS("return (struct ptp_clock *)ERR_PTR(-EOPNOTSUPP);");
	assert_null(strstr(out, "ptp_clock_register(a0"));
	/* store: the destination checked, then the call, no crossing */
	HAS("\tdsw_store_dst((const void *)(unsigned long)a0, (size_t)a2,\n"
	    "\t\t      _RET_IP_);\n\tret = strscpy(a0, a1, a2);");
	HAS("\tdsw_store_dst((const void *)(unsigned long)a1, (size_t)a2 * 2,\n"
	    "\t\t      _RET_IP_);\n\tioread16_rep(a0, a1, a2);");
	HAS("\tdsw_store_dst((const void *)(unsigned long)a2, sizeof(*a2),\n"
	    "\t\t      _RET_IP_);\n\tret = pci_read_config_word(");
}

static void test_refused(void **state)
{
	(void)state;
	if (!kver[0])
		skip();
	/* no prototype, too many keys, a variadic function, a void refuse */
	assert_int_not_equal(gen("type t release=kfree(key)\nno_such_fn acquire t key=ret\n"), 0);
	assert_int_not_equal(gen("type t release=kfree(key)\nkfree release t key=arg3\n"), 0);
	assert_int_not_equal(gen("type t release=destroy_workqueue(key)\n"
				 "alloc_workqueue acquire t key=ret\n"), 0);
	assert_int_not_equal(gen("kfree refuse EINVAL\n"), 0);
	/* cross takes no word but init */
	assert_int_not_equal(gen("netif_device_detach cross all\n"), 0);
	/* a store's dst must be a pointer argument, sized when void * */
	assert_int_not_equal(gen("strscpy store dst=arg2\n"), 0);
	assert_int_not_equal(gen("strscpy store dst=arg0 len=arg5\n"), 0);
	assert_int_not_equal(gen("get_random_bytes store dst=arg0\n"), 0);
	/* a type's release that takes other arguments */
	assert_int_not_equal(gen("type t release=pci_iounmap(key)\npci_iomap acquire t key=ret\n"), 0);
	/* and nothing is left behind on failure */
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, find_kernel, NULL);
}

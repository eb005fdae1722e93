// SPDX-License-Identifier: GPL-2.0
/*
 * test_btf.c - host unit tests (cmocka) of tools/btf.c: the name rules
 * behind the import-table suggestions, and the suggestions themselves
 * read from the BTF of the kernel the guest boots (its /boot/vmlinuz and
 * its modules' split BTF).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tools/btf.h"

static void test_lock_names(void **state)
{
	(void)state;
	assert_true(btf_name_is_lock("_raw_spin_lock_irqsave"));
	assert_true(btf_name_is_lock("mutex_unlock"));
	assert_true(btf_name_is_lock("rtnl_lock"));
	assert_true(btf_name_is_lock("down_interruptible"));
	assert_false(btf_name_is_lock("blk_mq_end_request"));
	assert_false(btf_name_is_lock("clock_t_to_jiffies"));
	assert_false(btf_name_is_lock("netif_carrier_on"));
}

static void test_verb_pairs(void **state)
{
	char out[128];
	bool acq;

	(void)state;
	assert_string_equal(btf_name_verb("pci_request_regions", &acq), "request");
	assert_true(acq);
	assert_string_equal(btf_name_verb("pci_iounmap", &acq), "iounmap");
	assert_false(acq);
	assert_null(btf_name_verb("netif_rx", &acq));
	/* a verb only as a whole word: "mapping" and "registers" are not */
	assert_null(btf_name_verb("dma_mapping_error", &acq));
	assert_true(btf_release_name("pci_request_regions", out, sizeof(out)));
	assert_string_equal(out, "pci_release_regions");
	assert_true(btf_release_name("register_netdev", out, sizeof(out)));
	assert_string_equal(out, "unregister_netdev");
	assert_false(btf_release_name("free_irq", out, sizeof(out)));
}

static struct kbtf k;

static int open_kernel(void **state)
{
	char kver[128] = "", err[256];
	FILE *p = popen(DRVSUP_TOP "/scripts/kver", "r");

	(void)state;
	if (p && fgets(kver, sizeof(kver), p))
		kver[strcspn(kver, "\n")] = 0;
	if (p)
		pclose(p);
	if (!kver[0])
		return 0;	/* the tests below skip */
	if (kbtf_open(&k, kver, NULL, err, sizeof(err)))
		fail_msg("%s", err);
	return 0;
}

static int close_kernel(void **state)
{
	(void)state;
	kbtf_close(&k);
	return 0;
}

/* The suggestion for NAME: its class and the start of its table line. */
static void expect(const char *name, const char *cls, const char *line)
{
	struct import_hint h;

	kbtf_hint(&k, name, !strcmp(cls, "data"), &h);
	assert_string_equal(h.cls, cls);
	if (strncmp(h.line, line, strlen(line)))
		fail_msg("%s: line '%s', want '%s...'", name, h.line, line);
}

static void test_suggestions(void **state)
{
	struct import_hint h;

	(void)state;
	if (!k.vmlinux)
		skip();
	expect("pci_request_regions", "acquire",
	       "pci_request_regions acquire pci_request_regions key=arg0  "
	       "# type pci_request_regions release=pci_release_regions(key)");
	expect("pci_iomap", "acquire", "pci_iomap acquire pci_iomap key=ret  "
	       "# type pci_iomap release=pci_iounmap(key)");
	expect("pci_release_regions", "release",
	       "pci_release_regions release pci_request_regions key=arg0");
	/* a function-pointer parameter, never pass-through */
	expect("tasklet_setup", "callback",
	       "tasklet_setup custom FILE.c  # callback: arg1 becomes a gate");
	/* a struct whose members carry code: mii's mdio accessors */
	expect("mii_link_ok", "callback",
	       "mii_link_ok custom FILE.c  # callback: arg0 fields=mdio_read,mdio_write");
	expect("_raw_spin_lock_irqsave", "lock",
	       "_raw_spin_lock_irqsave lock _raw_spin_lock_irqsave key=arg0");
	expect("_raw_spin_unlock_bh", "lock",
	       "_raw_spin_unlock_bh unlock _raw_spin_lock_bh key=arg0");
	expect("byte_rev_table", "data", "byte_rev_table data");
	expect("ioread32", "pass", "ioread32 pass");
	/* no FUNC record for a function: said, not guessed */
	expect("__x86_indirect_thunk_rax", "unknown", "# __x86_indirect_thunk_rax: no prototype");
	/* prototypes print as C, from vmlinux or from the exporting module */
	kbtf_hint(&k, "mii_link_ok", false, &h);
	assert_string_equal(h.exporter, "mii");
	assert_string_equal(h.proto, "int mii_link_ok(struct mii_if_info *mii)");
	kbtf_hint(&k, "pci_iomap", false, &h);
	assert_string_equal(h.proto,
			    "void *pci_iomap(struct pci_dev *dev, int bar, long unsigned int maxlen)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_names),
		cmocka_unit_test(test_verb_pairs),
		cmocka_unit_test_setup_teardown(test_suggestions, open_kernel, close_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - drvsup.ko: module init and exit, in dependency order. The one
 * file that knows every layer (docs/architecture.md): isolation at the
 * bottom, the wrappers and fault injection on it, the shadows on top,
 * which register their hooks with the layers below before any driver can
 * load.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>

#include "isolation/domain.h"
#include "isolation/module.h"
#include "isolation/sysfs.h"
#include "wrappers/quarantine.h"
#include "faultinj/faultinj.h"
#include "shadow/shadow.h"

static int __init drvsup_init(void)
{
	int err;

	err = drvsup_sysfs_init();
	if (err)
		return err;
	err = drvsup_tracker_cache_init();
	if (err)
		goto out_sysfs;
	err = drvsup_gate_init();
	if (err)
		goto out_cache;
	err = drvsup_trap_init();
	if (err)
		goto out_gate;
	err = drvsup_watchdog_init();
	if (err)
		goto out_trap;
	err = drvsup_shadow_core_init();
	if (err)
		goto out_watchdog;
	drvsup_char_shadow_init();
	drvsup_net_shadow_init();
	err = drvsup_domains_init();
	if (err)
		goto out_shadow;
	err = drvsup_modules_init();
	if (err)
		goto out_fail_wq;
	drvsup_debugfs = debugfs_create_dir("drvsup", NULL);
	err = drvsup_selftest_init(drvsup_debugfs);
	if (err)
		goto out_domains;
	err = drvsup_crashpoint_init(drvsup_debugfs);
	if (err)
		goto out_selftest;
	err = drvsup_faultinj_init(drvsup_debugfs);
	if (err)
		goto out_crashpoint;
	err = dsw_quarantine_init(drvsup_debugfs);
	if (err)
		goto out_faultinj;
	pr_info("ready\n");
	return 0;

out_faultinj:
	drvsup_faultinj_exit();
out_crashpoint:
	drvsup_crashpoint_exit();
out_selftest:
	drvsup_selftest_exit();
out_domains:
	debugfs_remove_recursive(drvsup_debugfs);
	drvsup_modules_exit();
out_fail_wq:
	drvsup_domains_exit();
out_shadow:
	drvsup_shadow_core_exit();
out_watchdog:
	drvsup_watchdog_exit();
out_trap:
	drvsup_trap_exit();
out_gate:
	drvsup_gate_exit();
out_cache:
	drvsup_tracker_cache_exit();
out_sysfs:
	drvsup_sysfs_exit();
	return err;
}

static void __exit drvsup_exit(void)
{
	debugfs_remove_recursive(drvsup_debugfs);
	drvsup_faultinj_exit();
	drvsup_crashpoint_exit();
	drvsup_selftest_exit();
	drvsup_modules_exit();
	drvsup_domains_exit();
	dsw_quarantine_exit();
	drvsup_shadow_core_exit();
	drvsup_watchdog_exit();
	drvsup_trap_exit();
	drvsup_gate_exit();
	drvsup_tracker_cache_exit();
	drvsup_sysfs_exit();
}

module_init(drvsup_init);
module_exit(drvsup_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("drvsup: fault-isolating driver supervisor");

// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - drvsup.ko: module init and exit, in dependency order.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>

#include "domain.h"
#include "../wrappers/quarantine.h"
#include "../faultinj/faultinj.h"

/* /sys/kernel/debug/drvsup/: fault-injection knobs and the self-test */
struct dentry *drvsup_debugfs;

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
	err = drvsup_domains_init();
	if (err)
		goto out_watchdog;
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
	err = drvsup_shadow_core_init();
	if (err)
		goto out_quarantine;
	pr_info("ready\n");
	return 0;

out_quarantine:
	dsw_quarantine_exit();
out_faultinj:
	drvsup_faultinj_exit();
out_crashpoint:
	drvsup_crashpoint_exit();
out_selftest:
	drvsup_selftest_exit();
out_domains:
	debugfs_remove_recursive(drvsup_debugfs);
	drvsup_domains_exit();
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
	drvsup_domains_exit();
	drvsup_shadow_core_exit();
	dsw_quarantine_exit();
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

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
#include "isolation/owned.h"
#include "isolation/stack.h"
#include "isolation/sysfs.h"
#include "wrappers/quarantine.h"
#include "faultinj/faultinj.h"
#include "shadow/shadow.h"

static int __init shadows_init(void)
{
	int err = drvsup_shadow_core_init();

	if (!err) {
		drvsup_char_shadow_init();
		drvsup_net_shadow_init();
	}
	return err;
}

static int __init debugfs_init(void)
{
	drvsup_debugfs = debugfs_create_dir("drvsup", NULL);
	drvsup_owned_debugfs(drvsup_debugfs);
	drvsup_stack_debugfs(drvsup_debugfs);
	return 0;
}

static void debugfs_exit(void)
{
	debugfs_remove_recursive(drvsup_debugfs);
}

static int __init selftest_init(void)
{
	return drvsup_selftest_init(drvsup_debugfs);
}

static int __init crashpoint_init(void)
{
	return drvsup_crashpoint_init(drvsup_debugfs);
}

static int __init faultinj_init(void)
{
	return drvsup_faultinj_init(drvsup_debugfs);
}

static int __init quarantine_init(void)
{
	return dsw_quarantine_init(drvsup_debugfs);
}

/*
 * Bottom up: isolation, the shadows (which register with the layers below
 * before any domain can exist), domains and the module notifier, then the
 * debugfs knobs. A failed step undoes those before it, in reverse.
 */
struct init_step {
	int (*init)(void);
	void (*exit)(void);
};

static const struct init_step steps[] __initconst = {
	{ drvsup_sysfs_init, drvsup_sysfs_exit },
	{ drvsup_tracker_cache_init, drvsup_tracker_cache_exit },
	{ drvsup_gate_init, drvsup_gate_exit },
	{ drvsup_trap_init, drvsup_trap_exit },
	{ drvsup_watchdog_init, drvsup_watchdog_exit },
	{ shadows_init, drvsup_shadow_core_exit },
	{ drvsup_domains_init, drvsup_domains_exit },
	{ drvsup_modules_init, drvsup_modules_exit },
	{ debugfs_init, debugfs_exit },
	{ selftest_init, drvsup_selftest_exit },
	{ crashpoint_init, drvsup_crashpoint_exit },
	{ faultinj_init, drvsup_faultinj_exit },
	{ quarantine_init, dsw_quarantine_exit },
};

static int __init drvsup_init(void)
{
	int i, err = 0;

	for (i = 0; i < ARRAY_SIZE(steps) && !err; i++)
		err = steps[i].init();
	if (!err) {
		pr_info("ready\n");
		return 0;
	}
	for (i -= 2; i >= 0; i--)
		steps[i].exit();
	return err;
}

/* Knobs first, so that nobody reads one while its owner goes. */
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

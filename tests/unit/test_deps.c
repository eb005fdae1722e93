// SPDX-License-Identifier: GPL-2.0
/*
 * test_deps.c - where drvsup load finds a driver's library modules
 * (tools/deps.c): beside the driver, through the modules.dep of the module
 * tree the driver is in, names with '-' and '_' alike.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tools/deps.h"
#include "tools/drvsup.h"

void drvsup_err(const char *fmt, ...)
{
	(void)fmt;
}

static char top[64];

static void touch(const char *rel, const char *text)
{
	char path[256], dir[256], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(top) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/drvsup-deps-XXXXXX");
	if (!mkdtemp(top))
		return -1;
	touch("kernel/drivers/net/ethernet/amd/pcnet32.ko", "");
	touch("kernel/drivers/net/ethernet/amd/beside.ko", "");
	touch("kernel/drivers/net/mii.ko", "");
	touch("kernel/drivers/net/net_failover.ko", "");
	touch("modules.dep",
	      "kernel/drivers/net/ethernet/amd/pcnet32.ko: kernel/drivers/net/mii.ko\n"
	      "kernel/drivers/net/mii.ko:\n"
	      "kernel/drivers/net/net_failover.ko:\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_find(void **state)
{
	char drv[256], want[256], out[256];

	(void)state;
	snprintf(drv, sizeof(drv), "%s/kernel/drivers/net/ethernet/amd/pcnet32.ko", top);
	/* through the tree's modules.dep, two directories up and more */
	snprintf(want, sizeof(want), "%s/kernel/drivers/net/mii.ko", top);
	assert_true(deps_find("mii", drv, out, sizeof(out)));
	assert_string_equal(out, want);
	/* beside the driver first */
	snprintf(want, sizeof(want), "%s/kernel/drivers/net/ethernet/amd/beside.ko", top);
	assert_true(deps_find("beside", drv, out, sizeof(out)));
	assert_string_equal(out, want);
	/* net_failover is listed as net_failover.ko: found by its name */
	assert_true(deps_find("net_failover", drv, out, sizeof(out)));
	/* nowhere */
	assert_false(deps_find("no_such_library", drv, out, sizeof(out)));
	/* a name that does not fit is not found, not cut */
	assert_false(deps_find("mii", drv, out, 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

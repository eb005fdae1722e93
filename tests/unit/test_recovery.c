// SPDX-License-Identifier: GPL-2.0
/*
 * test_recovery.c - host unit tests (cmocka) of tools/recovery.c: parsing
 * the shadow's sysfs files (phases, recoveries, restart_budget) as
 * shadow/core.c prints them, and the percentiles `drvsup latency` reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/recovery.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define assert_near(a, b) assert_true((a) - (b) < 1e-9 && (b) - (a) < 1e-9)

/* What phases_show() prints after a recovery (figures from a guest run). */
static const char phases_text[] =
	"phase last_us total_us\n"
	"quiesce 134 4012\n"
	"release 78 2390\n"
	"reset 18 561\n"
	"restart 226 7301\n"
	"replay 21 702\n"
	"resume 21 1493\n"
	"total 602 18009\n"
	"cold-init 3347 3347\n";

static void test_phases(void **state)
{
	struct rec_phases p;

	(void)state;
	assert_int_equal(rec_phases_parse(phases_text, &p), PH_NR);
	assert_int_equal(p.last_us[PH_QUIESCE], 134);
	assert_int_equal(p.total_us[PH_QUIESCE], 4012);
	assert_int_equal(p.last_us[PH_RESTART], 226);
	assert_int_equal(p.last_us[PH_RESUME], 21);
	assert_int_equal(p.last_us[PH_TOTAL], 602);
	assert_int_equal(p.total_us[PH_TOTAL], 18009);
	assert_int_equal(p.last_us[PH_COLD_INIT], 3347);
	assert_true(p.have[PH_COLD_INIT] && p.have[PH_QUIESCE]);
	assert_string_equal(rec_phase_name[PH_COLD_INIT], "cold-init");
}

static void test_phases_variants(void **state)
{
	struct rec_phases p;

	(void)state;
	/* before any recovery: zeros, every line there */
	assert_int_equal(rec_phases_parse("phase last_us total_us\nquiesce 0 0\n"
					  "release 0 0\nreset 0 0\nrestart 0 0\n"
					  "replay 0 0\nresume 0 0\ntotal 0 0\n"
					  "cold-init 812 812\n", &p), PH_NR);
	assert_int_equal(p.last_us[PH_TOTAL], 0);
	assert_int_equal(p.last_us[PH_COLD_INIT], 812);
	/* an older drvsup.ko without cold-init, no final newline */
	assert_int_equal(rec_phases_parse("phase last_us total_us\ntotal 7 9", &p), 1);
	assert_true(p.have[PH_TOTAL]);
	assert_false(p.have[PH_COLD_INIT]);
	assert_int_equal(p.last_us[PH_TOTAL], 7);
	/* a phase this tool does not know yet is skipped */
	assert_int_equal(rec_phases_parse("handover 5 5\ntotal 3 3\n", &p), 1);
	assert_int_equal(p.last_us[PH_TOTAL], 3);
	/* 64-bit figures */
	assert_int_equal(rec_phases_parse("total 18446744073709551615 1\n", &p), 1);
	assert_true(p.last_us[PH_TOTAL] == UINT64_MAX);
	/* empty (the file is absent): nothing */
	assert_int_equal(rec_phases_parse("", &p), 0);
	assert_false(p.have[PH_TOTAL]);
}

static void test_phases_malformed(void **state)
{
	static const char *const bad[] = {
		"total 12\n",			/* one number */
		"total 12 13 14\n",		/* three */
		"total -1 3\n",			/* a sign */
		"total 1x 3\n",
		"total  \n",
		"quiesce 1 2\ntotal abc 3\n",	/* a bad line after good ones */
		"total 99999999999999999999 1\n",	/* overflows 64 bits */
		"an-extremely-long-phase-name-beyond-any-buffer 1 2\n",
	};
	struct rec_phases p;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (rec_phases_parse(bad[i], &p) != -1)
			fail_msg("accepted: '%s'", bad[i]);
}

static void test_counts(void **state)
{
	struct rec_counts c;

	(void)state;
	assert_int_equal(rec_counts_parse("recovered 55\nfailed 1\nattempts 56\n", &c), 0);
	assert_int_equal(c.recovered, 55);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.attempts, 56);
	/* order does not matter, the final newline neither */
	assert_int_equal(rec_counts_parse("attempts 3\nrecovered 2\nfailed 1", &c), 0);
	assert_int_equal(c.recovered, 2);
	assert_int_equal(c.attempts, 3);
	/* each count must be there, and a number */
	assert_int_equal(rec_counts_parse("recovered 55\nfailed 1\n", &c), -1);
	assert_int_equal(rec_counts_parse("", &c), -1);
	assert_int_equal(rec_counts_parse("recovered x\nfailed 1\nattempts 2\n", &c), -1);
	assert_int_equal(rec_counts_parse("recovered 1 2\nfailed 1\nattempts 2\n", &c), -1);
	/* a longer key is not the key */
	assert_int_equal(rec_counts_parse("recoveredx 1\nfailed 1\nattempts 2\n", &c), -1);
	/* recoveries from the checkpoint: counted if there, 0 if not */
	assert_int_equal(rec_counts_parse("recovered 5\nfailed 0\nattempts 5\n"
					  "from-checkpoint 4\n", &c), 0);
	assert_int_equal(c.from_ckpt, 4);
	assert_int_equal(rec_counts_parse("recovered 5\nfailed 0\nattempts 5\n", &c), 0);
	assert_int_equal(c.from_ckpt, 0);
	assert_int_equal(rec_counts_parse("recovered 5\nfailed 0\nattempts 5\n"
					  "from-checkpoint x\n", &c), -1);
}

static void test_budget(void **state)
{
	struct rec_budget b;

	(void)state;
	assert_int_equal(rec_budget_parse("5 60000 50\n", &b), 0);
	assert_int_equal(b.max, 5);
	assert_int_equal(b.window_ms, 60000);
	assert_int_equal(b.backoff_ms, 50);
	assert_int_equal(rec_budget_parse("16 1000 0", &b), 0);
	assert_int_equal(b.backoff_ms, 0);
	assert_int_equal(rec_budget_parse("5 60000\n", &b), -1);
	assert_int_equal(rec_budget_parse("5 60000 50 7\n", &b), -1);
	assert_int_equal(rec_budget_parse("", &b), -1);
	assert_int_equal(rec_budget_parse("5 60000 4294967296\n", &b), -1);
}

static void test_percentile(void **state)
{
	static const double one[] = { 7 };
	static const double two[] = { 1, 3 };
	double v[100];
	size_t i;

	(void)state;
	assert_near(percentile(one, 1, 50), 7);
	assert_near(percentile(one, 1, 99), 7);
	/* even size: the mean of the middle two */
	assert_near(percentile(two, 2, 50), 2);
	assert_near(percentile(two, 2, 0), 1);
	assert_near(percentile(two, 2, 100), 3);
	/* 1..100: linear between ranks, as numpy.percentile does it */
	for (i = 0; i < 100; i++)
		v[i] = (double)(i + 1);
	assert_near(percentile(v, 100, 50), 50.5);
	assert_near(percentile(v, 100, 99), 99.01);
	assert_near(percentile(v, 100, 25), 25.75);
	/* 30 samples: p99 lies between the two largest */
	assert_near(percentile(v, 30, 99), 29.71);
}

static void test_dist(void **state)
{
	double v[] = { 602, 321, 5907, 593, 1905, 743, 576 };
	double unsorted[] = { 9, 1, 5 };
	struct dist d;

	(void)state;
	dist_of(v, ARRAY_SIZE(v), &d);
	assert_int_equal(d.n, 7);
	assert_near(d.min, 321);
	assert_near(d.median, 602);
	assert_near(d.max, 5907);
	/* sorted: 321 576 593 602 743 1905 5907; p99 at rank 5.94 */
	assert_near(d.p99, 1905 + 0.94 * (5907 - 1905));
	assert_near(v[0], 321);		/* sorted in place */
	dist_of(unsorted, 3, &d);
	assert_near(d.median, 5);
	/* an empty sample: zeros, not a crash */
	dist_of(NULL, 0, &d);
	assert_int_equal(d.n, 0);
	assert_near(d.max, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_phases_variants),
		cmocka_unit_test(test_phases_malformed),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_dist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

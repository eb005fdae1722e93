// SPDX-License-Identifier: GPL-2.0
/*
 * test_campaign.c - the pure parts of fault-injection campaigns: which
 * instructions each fault type may mutate (tools/target.c, Capstone),
 * JSON line fields, outcome classes and Wilson intervals (tools/report.c),
 * the progress line of drvsup campaign (tools/campaign.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/campaign.h"
#include "tools/drvsup.h"
#include "tools/target.h"

void drvsup_err(const char *fmt, ...)
{
	(void)fmt;
}

static int cls(enum fi_type t, const uint8_t *b, size_t n, unsigned long off,
	       struct fi_target *out)
{
	return fi_classify(t, b, n, off, 12345, out);
}

static void test_branch_and_loop(void **state)
{
	static const uint8_t je[] = { 0x0f, 0x84, 0x65, 0x01, 0x00, 0x00 };
	static const uint8_t cmp[] = { 0x81, 0xfe, 0x0a, 0x70, 0x24, 0x40 };
	struct fi_target t;

	(void)state;
	assert_int_equal(cls(FIT_BRANCH, je, sizeof(je), 0x30, &t), 1);
	assert_int_equal(cls(FIT_LOOP, je, sizeof(je), 0x30, &t), 0);
	assert_int_equal(cls(FIT_DST, je, sizeof(je), 0x30, &t), 0);
	assert_int_equal(cls(FIT_BRANCH, cmp, sizeof(cmp), 0x2a, &t), 0);
	assert_int_equal(cls(FIT_LOOP, cmp, sizeof(cmp), 0x2a, &t), 1);
	assert_string_equal(t.reg, "rsi");
	assert_true(t.bit >= 0 && t.bit < 32);	/* esi: 32 bits */
}

static void test_memory_operands(void **state)
{
	/* mov rbx, [rdi + 0xc8] */
	static const uint8_t ld[] = { 0x48, 0x8b, 0x9f, 0xc8, 0, 0, 0 };
	/* lea rdx, [rsp + 0xf] */
	static const uint8_t lea[] = { 0x48, 0x8d, 0x54, 0x24, 0x0f };
	/* mov qword ptr [rsp + 0x10], 0 */
	static const uint8_t st[] = { 0x48, 0xc7, 0x44, 0x24, 0x10, 0, 0, 0, 0 };
	struct fi_target t;

	(void)state;
	assert_int_equal(cls(FIT_PTR, ld, sizeof(ld), 0x10, &t), 1);
	assert_string_equal(t.reg, "rdi");
	assert_true(t.bit >= 12 && t.bit < 64);
	assert_int_equal(cls(FIT_HEAP, ld, sizeof(ld), 0x10, &t), 1);
	assert_string_equal(t.reg, "rdi");
	assert_int_equal(t.disp, 0xc8);
	assert_int_equal(cls(FIT_DST, ld, sizeof(ld), 0x10, &t), 1);
	assert_string_equal(t.reg, "rbx");
	assert_int_equal(cls(FIT_INIT, ld, sizeof(ld), 0x10, &t), 0);
	assert_int_equal(cls(FIT_PTR, lea, sizeof(lea), 0x10, &t), 0);
	assert_int_equal(cls(FIT_INIT, st, sizeof(st), 0x10, &t), 1);
	assert_int_equal(cls(FIT_HEAP, st, sizeof(st), 0x10, &t), 0);
}

static void test_never(void **state)
{
	static const uint8_t div[] = { 0x48, 0xf7, 0xf1 };	/* div rcx */
	static const uint8_t ud2[] = { 0x0f, 0x0b };
	static const uint8_t fentry[] = { 0xe8, 0, 0, 0, 0 };
	struct fi_target t;
	int ty;

	(void)state;
	for (ty = 0; ty < FIT_NR_CODE; ty++) {
		assert_int_equal(cls(ty, div, sizeof(div), 8, &t), 0);
		assert_int_equal(cls(ty, ud2, sizeof(ud2), 8, &t), 0);
		assert_int_equal(cls(ty, fentry, sizeof(fentry), 0, &t), 0);
	}
	/* the same call past the entry: nop may skip it, nothing else */
	assert_int_equal(cls(FIT_NOP, fentry, sizeof(fentry), 8, &t), 1);
	assert_int_equal(cls(FIT_SRC, fentry, sizeof(fentry), 8, &t), 0);
}

static void test_json_field(void **state)
{
	const char *l = "{\"id\":\"3-b\",\"target\":{\"type\":\"nested\",\"bit\":7},"
			"\"type\":\"ptr\",\"recovery_us\":null,\"q\":\"a\\\"b\",\"n\":42}";
	char v[64];

	(void)state;
	assert_true(json_field(l, "type", v, sizeof(v)));
	assert_string_equal(v, "ptr");	/* not the nested one */
	assert_true(json_field(l, "id", v, sizeof(v)));
	assert_string_equal(v, "3-b");
	assert_true(json_field(l, "recovery_us", v, sizeof(v)));
	assert_string_equal(v, "null");
	assert_true(json_field(l, "q", v, sizeof(v)));
	assert_string_equal(v, "a\"b");
	assert_true(json_field(l, "n", v, sizeof(v)));
	assert_string_equal(v, "42");
	assert_false(json_field(l, "bit", v, sizeof(v)));
	assert_false(json_field(l, "missing", v, sizeof(v)));
}

static void test_outcomes(void **state)
{
	(void)state;
	assert_int_equal(campaign_outcome_index("not-activated"), 0);
	assert_int_equal(campaign_outcome_index("system-crash"), 7);
	assert_int_equal(campaign_outcome_index("contained"), -1);
	assert_int_equal(campaign_outcome_index("invalid"), -1);
}

static void test_wilson(void **state)
{
	double lo, hi;

	(void)state;
	wilson95(5, 10, &lo, &hi);
	assert_true(fabs(lo - 0.2366) < 0.001 && fabs(hi - 0.7634) < 0.001);
	wilson95(10, 10, &lo, &hi);
	assert_true(fabs(lo - 0.7225) < 0.001 && fabs(hi - 1.0) < 1e-9);
	wilson95(0, 20, &lo, &hi);
	assert_true(lo == 0.0 && fabs(hi - 0.1611) < 0.001);
	wilson95(0, 0, &lo, &hi);
	assert_true(lo == 0.0 && hi == 1.0);
}

/* A trial line of column @col, index @i, outcome @out. */
static void trial(FILE *f, const char *col, int i, const char *out)
{
	fprintf(f, "{\"id\":\"%d-%c\",\"index\":%d,\"column\":\"%s\","
		"\"type\":\"nop\",\"outcome\":\"%s\",\"recovery_us\":null}\n",
		i, col[0], i, col, out);
}

/* The Nooks-comparable rate: pairs whose baseline crashed or hung. */
static void test_report_paired(void **state)
{
	char dir[] = "/tmp/drvsup-report-XXXXXX", path[64], md[8192];
	char *argv[] = { "report", dir, NULL };
	size_t n;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/trials.jsonl", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	trial(f, "supervised", 0, "contained-transparent");
	trial(f, "baseline", 0, "system-crash");
	trial(f, "supervised", 1, "system-crash");
	trial(f, "baseline", 1, "system-hang");
	trial(f, "supervised", 2, "contained-visible");
	trial(f, "baseline", 2, "system-crash");
	trial(f, "supervised", 3, "no-effect");
	trial(f, "baseline", 3, "no-effect");
	trial(f, "supervised", 4, "not-activated");
	trial(f, "baseline", 4, "not-activated");
	/* a baseline crash without its supervised twin is not a pair */
	trial(f, "baseline", 5, "system-crash");
	fclose(f);
	assert_int_equal(cmd_report(NULL, 2, argv), 0);
	snprintf(path, sizeof(path), "%s/report.md", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(md, 1, sizeof(md) - 1, f);
	md[n] = 0;
	fclose(f);
	/* it comes first, before the outcome table */
	assert_true(strstr(md, "## Survival") < strstr(md, "## Outcomes"));
	assert_non_null(strstr(md, "plain kernel, survived | 2 of 3 (**66.7%**"));
	assert_non_null(strstr(md, "plain kernel, transparent | 1 of 3 (**33.3%**"));
	assert_non_null(strstr(md, "all activated faults, survived | 3 of 4 (**75.0%**"));
	snprintf(md, sizeof(md), "rm -rf '%s'", dir);
	assert_int_equal(system(md), 0);
}

static void test_seeds(void **state)
{
	char a[40], b[40];

	(void)state;
	/* the two columns of a trial share its seed; trials do not */
	assert_int_equal(campaign_job_seed(1, 3), campaign_job_seed(1, 3));
	assert_int_not_equal(campaign_job_seed(1, 3), campaign_job_seed(1, 4));
	assert_int_not_equal(campaign_job_seed(1, 3), campaign_job_seed(2, 3));
	campaign_job_id(a, sizeof(a), 3, "supervised");
	campaign_job_id(b, sizeof(b), 3, "baseline");
	assert_string_equal(a, "3-s");
	assert_string_equal(b, "3-b");
}

static void test_duration(void **state)
{
	char b[32];

	(void)state;
	campaign_duration(b, sizeof(b), 0);
	assert_string_equal(b, "0s");
	campaign_duration(b, sizeof(b), 59);
	assert_string_equal(b, "59s");
	campaign_duration(b, sizeof(b), 60);
	assert_string_equal(b, "1m00s");
	campaign_duration(b, sizeof(b), 3599);
	assert_string_equal(b, "59m59s");
	campaign_duration(b, sizeof(b), 3600 + 7 * 60 + 59);
	assert_string_equal(b, "1h07m");
	campaign_duration(b, sizeof(b), -5);
	assert_string_equal(b, "0s");
}

static void test_progress_line(void **state)
{
	unsigned long none[CAMPAIGN_OUTCOMES + 1] = { 0 };
	unsigned long some[CAMPAIGN_OUTCOMES + 1] = { 0 };
	char b[256], small[24];
	size_t n;

	(void)state;
	/* nothing done yet: no rate, no ETA, no outcomes */
	campaign_progress_line(b, sizeof(b), 0, 150, 0, 5000, none);
	assert_string_equal(b, "campaign: 0/150 trials, 0.0/min, ETA ?, 5s elapsed");
	/* 30 this run in 10 min: 3/min, 120 left: 40 min */
	some[1] = 12;	/* no-effect */
	some[2] = 9;	/* contained-transparent */
	some[7] = 4;	/* system-crash */
	some[CAMPAIGN_OUTCOMES] = 1;	/* anything else (invalid) */
	some[0] = 4;	/* not-activated */
	n = campaign_progress_line(b, sizeof(b), 30, 150, 30, 600000, some);
	assert_string_equal(b, "campaign: 30/150 trials, 3.0/min, ETA 40m00s, 10m00s elapsed"
			    " | not-activated 4, no-effect 12, transparent 9, crash 4, other 1");
	assert_int_equal(n, strlen(b));
	/* resumed: 100 done before, 10 this run in 2 min (5/min), 40 left */
	n = campaign_progress_line(b, sizeof(b), 110, 150, 10, 120000, none);
	assert_string_equal(b, "campaign: 110/150 trials, 5.0/min, ETA 8m00s, 2m00s elapsed");
	/* finished */
	campaign_progress_line(b, sizeof(b), 150, 150, 150, 3 * 3600000L, none);
	assert_string_equal(b, "campaign: 150/150 trials, 0.8/min, done, 3h00m elapsed");
	/* a short buffer: cut, still a string */
	n = campaign_progress_line(small, sizeof(small), 30, 150, 30, 600000, some);
	assert_int_equal(n, sizeof(small) - 1);
	assert_int_equal(strlen(small), sizeof(small) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_branch_and_loop),
		cmocka_unit_test(test_memory_operands),
		cmocka_unit_test(test_never),
		cmocka_unit_test(test_json_field),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_report_paired),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_progress_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

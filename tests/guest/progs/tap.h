/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - TAP output for guest test programs.
 *
 * A guest test program prints "ok - DESC" / "not ok - DESC" lines and
 * "# ..." diagnostics on stdout; the guest script forwards them with
 * tap_prog (tests/guest/lib.sh), which numbers them. Exit status is
 * tap_exit(): 0 when nothing failed.
 */
#ifndef DRVSUP_TAP_H
#define DRVSUP_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_failed;

static inline void tap_vline(int ok, const char *fmt, va_list ap)
{
	printf("%s - ", ok ? "ok" : "not ok");
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
}

__attribute__((format(printf, 2, 3)))
static inline int tap_check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(ok, fmt, ap);
	va_end(ap);
	return ok;
}

__attribute__((format(printf, 1, 2)))
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#define tap_ok(...)	tap_check(1, __VA_ARGS__)
#define tap_fail(...)	tap_check(0, __VA_ARGS__)

/* Check that a call failed with the expected errno (rc evaluated once). */
static inline int tap_errno(long rc, int want, const char *desc)
{
	int e = errno;

	return tap_check(rc == -1 && e == want, "%s (rc %ld, errno %s, want %s)",
			 desc, rc, rc == -1 ? strerror(e) : "-", strerror(want));
}

static inline int tap_exit(void)
{
	return tap_failed ? 1 : 0;
}

#endif /* DRVSUP_TAP_H */

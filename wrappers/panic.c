// SPDX-License-Identifier: GPL-2.0
/*
 * panic.c - the driver's own calls to panic(): the compiler's hardening
 * checks. A driver built with -fstack-protector calls __stack_chk_fail()
 * when a function finds its stack canary overwritten, and one built with
 * FORTIFY_SOURCE calls fortify_panic() on a copy it can tell overflows.
 * Both panic the machine. Inside a domain the damage is the driver's: its
 * stack frame (the canary sits between a function's locals and its return
 * address, so a linear overrun meets it before any frame above), or the
 * object it copied into. The call is unwound to its gate as a contained
 * fault instead, never returning through the corrupted frame. Outside a
 * gate the kernel's own function runs.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/string.h>

#include "wrap.h"

void __stack_chk_fail(void);	/* kernel/panic.c; the compiler's callee */

DSW(void, __stack_chk_fail, void)
{
	DSW_ENTER(d);
	dsw_fault(d, DRVSUP_FAULT_CHECK, "stack protector: stack corrupted in %pS",
		  __builtin_return_address(0));
	__stack_chk_fail();
}

void __noreturn __cold dsw_fortify_panic(const char *name);

DSW(void, fortify_panic, const char *name)
{
	DSW_ENTER(d);
	dsw_fault(d, DRVSUP_FAULT_CHECK, "fortify: %s overflows its buffer in %pS",
		  name, __builtin_return_address(0));
	fortify_panic(name);
}

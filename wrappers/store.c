// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - the calls a driver built with drvsup's store instrumentation
 * makes before each of its stores. `make` builds such a driver with gcc's
 * -fsanitize=kernel-address, reads not instrumented and every check made
 * a call (mk/writeiso.mk): a store of N bytes at ADDR first calls
 * __asan_storeN_noabort(ADDR). drvsup's runtime is not KASAN's shadow
 * memory: it asks whether the bytes lie in the domain's write set
 * (drvsup_write_ok(), isolation/writecheck.c), and the driver's call is
 * unwound as a contained fault before a store outside it happens. The driver's import of
 * each name is bound here like any custom import.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include "wrap.h"
#include "../isolation/writecheck.h"
#include "store.h"

static __always_inline void store_check(unsigned long addr, size_t size,
					unsigned long site)
{
	if (unlikely(!drvsup_write_ok(addr, size, site, true)))
		drvsup_unwind_current(DRVSUP_FAULT_WRITE, site);
}

DSW(void, __asan_store1_noabort, unsigned long addr)
{
	store_check(addr, 1, _RET_IP_);
}

DSW(void, __asan_store2_noabort, unsigned long addr)
{
	store_check(addr, 2, _RET_IP_);
}

DSW(void, __asan_store4_noabort, unsigned long addr)
{
	store_check(addr, 4, _RET_IP_);
}

DSW(void, __asan_store8_noabort, unsigned long addr)
{
	store_check(addr, 8, _RET_IP_);
}

DSW(void, __asan_store16_noabort, unsigned long addr)
{
	store_check(addr, 16, _RET_IP_);
}

DSW(void, __asan_storeN_noabort, unsigned long addr, size_t size)
{
	if (size)
		store_check(addr, size, _RET_IP_);
}

/* Before a noreturn call: KASAN unpoisons the stack; there is no poison. */
DSW(void, __asan_handle_no_return, void)
{
}

// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - the calls a driver built with drvsup's store instrumentation
 * makes before each of its stores. `make` builds such a driver with gcc's
 * -fsanitize=kernel-address, reads not instrumented and every check made
 * a call (mk/writeiso.mk): a store of N bytes at ADDR first calls
 * __asan_storeN_noabort(ADDR). drvsup's runtime is not KASAN's shadow
 * memory: it asks whether the bytes lie in the domain's write set
 * (drvsup_write_ok(), isolation/writecheck.c), and the driver's call is
 * unwound as a contained fault before a store outside it happens. The
 * driver's import of each name is bound here like any custom import.
 *
 * The stores the compiler leaves to a library call (memcpy, memset,
 * memmove: a struct copy, a buffer cleared) and those of the kernel's
 * helpers that write where the driver says (the import table's "store"
 * lines, generated) get the same check first, through dsw_store_dst();
 * and so do its MMIO writes, inline assembly the compiler cannot see
 * (mmio_store.h, forced into the driver's build).
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

/**
 * dsw_store_dst - a call is about to store @len bytes at @dst for the driver
 * @dst: the first byte (memcpy's destination)
 * @len: how many
 * @site: the driver's return address from the call
 *
 * For a driver whose own stores are checked, the same check as one of
 * them; the driver's call is unwound if it fails. Nothing for any other
 * driver: its own stores go unchecked, and its write set is not kept
 * (what the kernel lends it for a call is not added).
 */
void dsw_store_dst(const void *dst, size_t len, unsigned long site)
{
	struct drvsup_frame *f = drvsup_current_frame();

	if (!len || !f || likely(!READ_ONCE(f->dom->writes_checked)))
		return;
	store_check((unsigned long)dst, len, site);
}

DSW(void *, memcpy, void *dst, const void *src, size_t len)
{
	dsw_store_dst(dst, len, _RET_IP_);
	return __memcpy(dst, src, len);
}

DSW(void *, __memcpy, void *dst, const void *src, size_t len)
{
	dsw_store_dst(dst, len, _RET_IP_);
	return __memcpy(dst, src, len);
}

DSW(void *, memmove, void *dst, const void *src, size_t len)
{
	dsw_store_dst(dst, len, _RET_IP_);
	return __memmove(dst, src, len);
}

DSW(void *, __memmove, void *dst, const void *src, size_t len)
{
	dsw_store_dst(dst, len, _RET_IP_);
	return __memmove(dst, src, len);
}

DSW(void *, memset, void *dst, int c, size_t len)
{
	dsw_store_dst(dst, len, _RET_IP_);
	return __memset(dst, c, len);
}

DSW(void *, __memset, void *dst, int c, size_t len)
{
	dsw_store_dst(dst, len, _RET_IP_);
	return __memset(dst, c, len);
}

/* An MMIO write: in a mapping the driver holds (mmio_store.h). */
DSW(void, __drvsup_mmio_store, const void __iomem *addr,
	unsigned long size)
{
	store_check((unsigned long __force)addr, size, _RET_IP_);
}

/* Before a noreturn call: KASAN unpoisons the stack; there is no poison. */
DSW(void, __asan_handle_no_return, void)
{
}

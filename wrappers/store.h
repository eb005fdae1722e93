/* SPDX-License-Identifier: GPL-2.0 */
/*
 * store.h - the compiler's callees of the store instrumentation
 * (-fsanitize=kernel-address, calls only), which the kernel defines only
 * with CONFIG_KASAN: wrappers/store.c binds a driver's imports of them;
 * and the check of the stores calls make for the driver.
 */
#ifndef DRVSUP_STORE_H
#define DRVSUP_STORE_H

#include <linux/types.h>

void __asan_store1_noabort(unsigned long addr);
void __asan_store2_noabort(unsigned long addr);
void __asan_store4_noabort(unsigned long addr);
void __asan_store8_noabort(unsigned long addr);
void __asan_store16_noabort(unsigned long addr);
void __asan_storeN_noabort(unsigned long addr, size_t size);
void __asan_handle_no_return(void);

/* The check before an MMIO write of such a driver (mmio_store.h). */
void __drvsup_mmio_store(const void __iomem *addr,
			 unsigned long size);

/* Checks a call's store for the driver like its own (store.c). */
void dsw_store_dst(const void *dst, size_t len, unsigned long site);

#endif /* DRVSUP_STORE_H */

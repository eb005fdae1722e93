/* SPDX-License-Identifier: GPL-2.0 */
/*
 * store.h - the compiler's callees of the store instrumentation
 * (-fsanitize=kernel-address, calls only), which the kernel defines only
 * with CONFIG_KASAN: wrappers/store.c binds a driver's imports of them.
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

#endif /* DRVSUP_STORE_H */

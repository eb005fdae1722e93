/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmio_store.h - forced into every file of a driver built with drvsup's
 * store instrumentation (-include, mk/writeiso.mk), never into drvsup.
 * The compiler cannot instrument a store written in inline assembly,
 * which every MMIO write is: here each one first calls
 * __drvsup_mmio_store(addr, size), which `drvsup load` binds to the write
 * check (wrappers/store.c). A mapping the driver holds (ioremap,
 * pci_ioremap_bar) is in its write set; a register write through a bent
 * base pointer is refused before it lands in kernel memory.
 */
#ifndef DRVSUP_MMIO_STORE_H
#define DRVSUP_MMIO_STORE_H

#include <linux/io.h>

void __drvsup_mmio_store(const void __iomem *addr,
			 unsigned long size);

/* Within the expansion of writel, writel is the function (C11 6.10.3.4). */
#define __DRVSUP_MMIO(fn, v, a, n)					\
	({								\
		void __iomem *__dmm = (void __iomem *)(a);		\
									\
		__drvsup_mmio_store(__dmm, n);				\
		fn(v, __dmm);						\
	})

#undef writeb
#undef writew
#undef writel
#undef writeq
#undef __writeb
#undef __writew
#undef __writel
#undef __writeq
#define writeb(v, a)	__DRVSUP_MMIO(writeb, v, a, 1)
#define writew(v, a)	__DRVSUP_MMIO(writew, v, a, 2)
#define writel(v, a)	__DRVSUP_MMIO(writel, v, a, 4)
#define writeq(v, a)	__DRVSUP_MMIO(writeq, v, a, 8)
#define __writeb(v, a)	__DRVSUP_MMIO(__writeb, v, a, 1)
#define __writew(v, a)	__DRVSUP_MMIO(__writew, v, a, 2)
#define __writel(v, a)	__DRVSUP_MMIO(__writel, v, a, 4)
#define __writeq(v, a)	__DRVSUP_MMIO(__writeq, v, a, 8)

#endif /* DRVSUP_MMIO_STORE_H */

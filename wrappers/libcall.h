/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libcall.h - wrappers of a library module's exports (pcmcia.ko,
 * libphy.ko). drvsup.ko must not depend on a library (it loads on machines
 * without one), and Debian's 6.1 refuses symbol_get() of a non-GPL export,
 * so each library's wrappers are a module of their own (drvsup_pcmcia.ko,
 * drvsup_phy.ko) that links against the library as any driver does, and
 * that `drvsup load` loads before a driver that imports from it. They use
 * drvsup.ko's wrapper interface, exported in the DRVSUP_INTERNAL namespace
 * (each module says MODULE_IMPORT_NS(DRVSUP_INTERNAL)).
 */
#ifndef DRVSUP_LIBCALL_H
#define DRVSUP_LIBCALL_H

#include <linux/module.h>

#include "wrap.h"
#include "proxy.h"

/*
 * The wrapper of a library call that takes the library's own locks or
 * calls back through gated proxies: a crossing out of the domain, as the
 * import table's cross lines are for the kernel's own exports.
 */
#define DSW_LIB_CROSS(name, params, args)				\
	int dsw_##name params;						\
	DSW(int, name, DSW_UNPAREN params)				\
	{								\
		int __r;						\
									\
		DSW_ENTER_ANY();					\
		__r = name(DSW_UNPAREN args);				\
		DSW_LEAVE();						\
		return __r;						\
	}

#define DSW_LIB_CROSS_V(name, params, args)				\
	void dsw_##name params;						\
	DSW(void, name, DSW_UNPAREN params)				\
	{								\
		DSW_ENTER_ANY();					\
		name(DSW_UNPAREN args);					\
		DSW_LEAVE();						\
	}

#endif /* DRVSUP_LIBCALL_H */

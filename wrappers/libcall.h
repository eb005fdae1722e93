/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libcall.h - calling an export of a library module that drvsup.ko must
 * not depend on (pcmcia.ko, libphy.ko): drvsup loads on machines without
 * them. symbol_get() resolves the export at the call. A supervised driver
 * that imports from the library depends on it, so `drvsup load` has loaded
 * it first, and it stays while the driver can call.
 */
#ifndef DRVSUP_LIBCALL_H
#define DRVSUP_LIBCALL_H

#include <linux/module.h>

#include "wrap.h"
#include "proxy.h"

/* @name(@args), or @fail if its module is not loaded. */
#define dsw_lib_call(fail, name, args...)				\
	({								\
		typeof(&name) __fn = symbol_get(name);			\
		typeof(__fn(args)) __ret = (fail);			\
									\
		if (__fn) {						\
			__ret = __fn(args);				\
			symbol_put(name);				\
		}							\
		__ret;							\
	})

/* The same, for a function of no value. */
#define dsw_lib_call_v(name, args...)					\
	do {								\
		typeof(&name) __fn = symbol_get(name);			\
									\
		if (__fn) {						\
			__fn(args);					\
			symbol_put(name);				\
		}							\
	} while (0)

/*
 * The wrapper of a library call that takes the library's own locks or
 * calls back through gated proxies: a crossing out of the domain, as the
 * import table's cross lines are for the kernel's own exports. An int
 * call gets @fail if the library is not loaded.
 */
#define DSW_LIB_CROSS(fail, name, params, args)				\
	int dsw_##name params;						\
	DSW(int, name, DSW_UNPAREN params)				\
	{								\
		int __r;						\
									\
		DSW_ENTER_ANY();					\
		__r = dsw_lib_call(fail, name, DSW_UNPAREN args);	\
		DSW_LEAVE();						\
		return __r;						\
	}

#define DSW_LIB_CROSS_V(name, params, args)				\
	void dsw_##name params;						\
	DSW(void, name, DSW_UNPAREN params)				\
	{								\
		DSW_ENTER_ANY();					\
		dsw_lib_call_v(name, DSW_UNPAREN args);			\
		DSW_LEAVE();						\
	}

#endif /* DRVSUP_LIBCALL_H */

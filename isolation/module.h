/* SPDX-License-Identifier: GPL-2.0 */
/*
 * module.h - supervised modules (module.c): a domain per module that binds
 * to drvsup's wrappers, gates on its init and exit.
 */
#ifndef DRVSUP_MODULE_H
#define DRVSUP_MODULE_H

struct drvsup_domain;

/* drvsup's library wrapper modules (wrappers/libcall.h): never supervised. */
#define DRVSUP_LIBWRAP_PREFIX "drvsup_"

int drvsup_domain_restart(struct drvsup_domain *d);
int drvsup_modules_init(void);
void drvsup_modules_exit(void);

#endif /* DRVSUP_MODULE_H */

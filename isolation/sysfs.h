/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs.h - drvsup's directories (sysfs.c): /sys/kernel/drvsup/<driver>/
 * for each domain, and /sys/kernel/debug/drvsup/ for the knobs of the
 * fault injection, the self-test and the wrappers.
 */
#ifndef DRVSUP_SYSFS_H
#define DRVSUP_SYSFS_H

struct dentry;
struct drvsup_domain;

extern struct dentry *drvsup_debugfs;

int drvsup_sysfs_init(void);
void drvsup_sysfs_exit(void);
int drvsup_domain_sysfs_add(struct drvsup_domain *d);
void drvsup_domain_sysfs_del(struct drvsup_domain *d);

#endif /* DRVSUP_SYSFS_H */

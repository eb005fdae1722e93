/* SPDX-License-Identifier: GPL-2.0 */
/*
 * keep.h - what a char driver may ask of drvsup's char-device shadow.
 *
 * A restart rebuilds each open file's driver state by running the driver's
 * open again and replaying what the file configured (shadow/char.c). What
 * the device already produced for a file and the file has not read yet (an
 * RTC's event word) cannot be rebuilt that way: it died with the instance.
 * A driver that wants it to survive keeps it in memory the shadow owns, as
 * MINIX 3 drivers keep state in the data store of their reincarnation
 * server:
 *
 *	f->events = drvsup_file_keep ?
 *		    drvsup_file_keep(file, sizeof(*f->events)) : NULL;
 *	if (!f->events)
 *		f->events = &f->own_events;
 *
 * called from the driver's open(). The first call for a file returns
 * zeroed memory; the open a restart replays for the same file gets the same
 * memory back with what the failed instance left in it, which the driver
 * must treat as untrusted input. The memory is freed when the file is
 * closed. drvsup exports only the wrapper, dsw_drvsup_file_keep, which a
 * supervised load binds the import to (giving it the __versions entry
 * modpost could not write). Not supervised, the weak import stays NULL:
 * the driver uses its own memory, and nothing ties it to drvsup (a module
 * that uses a drvsup export is a supervised driver, isolation/domain.c).
 *
 * checkpatch reports the weak declaration (WEAK_DECLARATION); it is
 * deliberate. A weak reference is how code takes a symbol that may not be
 * there (the kernel's own symbol_get() is one when modules are built in),
 * and a lookup by name at run time, symbol_get(), would bypass the
 * binding of a supervised load.
 */
#ifndef DRVSUP_SHADOW_KEEP_H
#define DRVSUP_SHADOW_KEEP_H

#include <linux/compiler.h>
#include <linux/types.h>

struct file;

#define DRVSUP_FILE_KEEP_MAX	256	/* bytes a file may keep */

void *drvsup_file_keep(struct file *file, size_t size) __weak;

#endif /* DRVSUP_SHADOW_KEEP_H */

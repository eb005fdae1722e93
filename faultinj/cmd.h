/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmd.h - a debugfs knob's command line, as faultinj's knobs take them
 * ("clear", or what to arm): one write, one line.
 */
#ifndef DRVSUP_FAULTINJ_CMD_H
#define DRVSUP_FAULTINJ_CMD_H

#include <linux/errno.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/*
 * Copy the @len bytes written to a knob into @buf (@size bytes) as one
 * trimmed string; returns it, or an ERR_PTR (too long, bad address).
 */
static inline char *faultinj_cmd(char *buf, size_t size,
				 const char __user *ubuf, size_t len)
{
	if (len >= size)
		return ERR_PTR(-EINVAL);
	if (copy_from_user(buf, ubuf, len))
		return ERR_PTR(-EFAULT);
	buf[len] = '\0';
	return strim(buf);
}

#endif /* DRVSUP_FAULTINJ_CMD_H */

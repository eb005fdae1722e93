// SPDX-License-Identifier: GPL-2.0
/*
 * uaccess.c - copies between user memory and the driver: wrapped so the
 * "bcopy" interface fault (faultinj/iface.c) has a copy to overrun, and
 * so a copy into the kernel is checked like a store of a driver whose
 * stores are (store.c). A bad user pointer stays what it is without
 * drvsup, -EFAULT through the exception table.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/uaccess.h>

#include "wrap.h"
#include "store.h"
#include "../faultinj/faultinj.h"

/* What is left of @n bytes when @left of the overrun @len were not copied. */
static unsigned long left_of(unsigned long n, unsigned long len,
			     unsigned long left)
{
	return left > len - n ? left - (len - n) : 0;
}

DSW(unsigned long, _copy_from_user, void *to, const void __user *from,
	unsigned long n)
{
	unsigned long len, left;

	dsw_store_dst(to, n, _RET_IP_);
	DSW_ENTER(d);
	len = faultinj_copy_len(d, n);
	left = _copy_from_user(to, from, len);
	DSW_LEAVE();
	return left_of(n, len, left);
}

DSW(unsigned long, _copy_to_user, void __user *to, const void *from,
	unsigned long n)
{
	unsigned long len, left;

	DSW_ENTER(d);
	len = faultinj_copy_len(d, n);
	left = _copy_to_user(to, from, len);
	DSW_LEAVE();
	return left_of(n, len, left);
}

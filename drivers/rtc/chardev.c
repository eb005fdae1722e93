// SPDX-License-Identifier: GPL-2.0
/*
 * chardev.c - the /dev/rtctest ABI: the Linux RTC char interface as
 * drivers/rtc/dev.c gives /dev/rtc (ioctls, read(), poll(), fasync), so
 * hwclock-like tools work unmodified, except that any number of files may
 * be open at once. Interrupt enables are per device and go off when the last
 * file closes; events are per file (events.c).
 *
 * Arguments are copied in whole and validated before anything is applied,
 * so a bad pointer (-EFAULT) or value (-EINVAL) changes nothing; a result is
 * reported as success only when it was copied out whole, and read() gives
 * back the events it could not copy out.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "rtctest.h"

static int rtct_open(struct inode *inode, struct file *file)
{
	struct rtct *rtc = container_of(inode->i_cdev, struct rtct, cdev);
	struct rtct_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_lock(&rtc->cfg_lock);
	rtc->openers++;
	mutex_unlock(&rtc->cfg_lock);
	rtct_file_attach(rtc, f, file);
	file->private_data = f;
	return stream_open(inode, file);
}

static int rtct_release(struct inode *inode, struct file *file)
{
	struct rtct_file *f = file->private_data;
	struct rtct *rtc = f->rtc;

	rtct_file_detach(rtc, f);
	mutex_lock(&rtc->cfg_lock);
	if (--rtc->openers == 0)
		rtct_irq_enable(rtc, RTCT_IRQ_MASK, false);
	mutex_unlock(&rtc->cfg_lock);
	kfree(f);
	return 0;
}

/*
 * rtc-dev's read(): an unsigned long (or an unsigned int, when that is the
 * size asked for) holding (interrupts << 8) | flags; blocks until there is
 * one unless O_NONBLOCK.
 */
static ssize_t rtct_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	struct rtct_file *f = file->private_data;
	unsigned long data;
	ssize_t len;
	int err;

	if (count != sizeof(unsigned int) && count < sizeof(unsigned long))
		return -EINVAL;

	if (file->f_flags & O_NONBLOCK) {
		data = rtct_take_events(f);
		if (!data)
			return -EAGAIN;
	} else {
		err = wait_event_interruptible(f->rtc->wait,
					       (data = rtct_take_events(f)));
		if (err)
			return err;
	}

	if (count < sizeof(unsigned long)) {
		len = sizeof(unsigned int);
		err = put_user(data, (unsigned int __user *)buf);
	} else {
		len = sizeof(unsigned long);
		err = put_user(data, (unsigned long __user *)buf);
	}
	if (err) {
		rtct_return_events(f, data);
		return err;
	}
	return len;
}

static __poll_t rtct_poll(struct file *file, poll_table *wait)
{
	struct rtct_file *f = file->private_data;

	poll_wait(file, &f->rtc->wait, wait);
	return rtct_events_pending(f) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int rtct_fasync(int fd, struct file *file, int on)
{
	struct rtct_file *f = file->private_data;

	return fasync_helper(fd, file, on, &f->rtc->fasync);
}

static int rtct_ioc_rd_time(struct rtct *rtc, void __user *uarg)
{
	struct rtc_time tm;
	int err;

	err = rtct_cmos_read_time(rtc, &tm);
	if (err)
		return err;
	return copy_to_user(uarg, &tm, sizeof(tm)) ? -EFAULT : 0;
}

static int rtct_ioc_set_time(struct rtct *rtc, void __user *uarg)
{
	struct rtc_time tm;
	int err;

	if (!capable(CAP_SYS_TIME))
		return -EACCES;
	if (copy_from_user(&tm, uarg, sizeof(tm)))
		return -EFAULT;
	if (rtcc_tm_validate(&tm, rtc->century_reg))
		return -EINVAL;

	err = mutex_lock_interruptible(&rtc->cfg_lock);
	if (err)
		return err;
	err = rtct_cmos_set_time(rtc, &tm);
	if (!err)	/* the clock may have moved past an armed alarm */
		rtct_handle_flags(rtc, RTC_AF);
	mutex_unlock(&rtc->cfg_lock);
	return err;
}

static int rtct_ioc_alm_read(struct rtct *rtc, void __user *uarg)
{
	struct rtc_time alarm;
	bool armed;

	rtct_cmos_get_alarm(rtc, &alarm, &armed);
	return copy_to_user(uarg, &alarm, sizeof(alarm)) ? -EFAULT : 0;
}

/* RTC_ALM_SET: a time of day, the next one to come; leaves AIE off. */
static int rtct_ioc_alm_set(struct rtct *rtc, void __user *uarg)
{
	struct rtc_time hms, now, alarm;
	int err;

	if (copy_from_user(&hms, uarg, sizeof(hms)))
		return -EFAULT;
	if (rtcc_hms_validate(&hms))
		return -EINVAL;

	err = mutex_lock_interruptible(&rtc->cfg_lock);
	if (err)
		return err;
	err = rtct_cmos_read_time(rtc, &now);
	if (!err) {
		rtcc_alarm_next(&now, &hms, &alarm);
		err = rtct_alarm_set(rtc, &alarm, false);
	}
	mutex_unlock(&rtc->cfg_lock);
	return err;
}

static int rtct_ioc_wkalm_read(struct rtct_file *f, void __user *uarg)
{
	struct rtc_wkalrm alm = { 0 };
	bool armed;

	rtct_cmos_get_alarm(f->rtc, &alm.time, &armed);
	alm.enabled = armed;
	alm.pending = !!(READ_ONCE(*f->events) & RTC_AF);
	return copy_to_user(uarg, &alm, sizeof(alm)) ? -EFAULT : 0;
}

/* RTC_WKALM_SET: a full date and time; enabled arms it (AIE on) or not. */
static int rtct_ioc_wkalm_set(struct rtct *rtc, void __user *uarg)
{
	struct rtc_wkalrm alm;
	int err;

	if (copy_from_user(&alm, uarg, sizeof(alm)))
		return -EFAULT;
	if (rtcc_tm_validate(&alm.time, rtc->century_reg))
		return -EINVAL;

	err = mutex_lock_interruptible(&rtc->cfg_lock);
	if (err)
		return err;
	err = rtct_alarm_set(rtc, &alm.time, alm.enabled);
	mutex_unlock(&rtc->cfg_lock);
	return err;
}

/* RTC_AIE/UIE/PIE_ON/OFF; @mask is the register B enable bit. */
static int rtct_ioc_enable(struct rtct *rtc, u8 mask, bool on)
{
	int err;

	if (mask == RTC_PIE && on &&
	    rtct_cmos_freq() > RTCT_MAX_USER_FREQ && !capable(CAP_SYS_RESOURCE))
		return -EACCES;

	err = mutex_lock_interruptible(&rtc->cfg_lock);
	if (err)
		return err;
	if (mask == RTC_AIE)
		err = rtct_alarm_enable(rtc, on);
	else
		rtct_irq_enable(rtc, mask, on);
	mutex_unlock(&rtc->cfg_lock);
	return err;
}

/* RTC_IRQP_SET: @freq is the argument itself, not a pointer. */
static int rtct_ioc_irqp_set(struct rtct *rtc, unsigned long freq)
{
	int rate, err;

	if (freq > RTCT_MAX_USER_FREQ && !capable(CAP_SYS_RESOURCE))
		return -EACCES;
	rate = rtcc_freq_to_rate(freq);
	if (rate < 0)
		return rate;

	err = mutex_lock_interruptible(&rtc->cfg_lock);
	if (err)
		return err;
	rtct_cmos_set_rate(rate);
	mutex_unlock(&rtc->cfg_lock);
	return 0;
}

static long rtct_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rtct_file *f = file->private_data;
	struct rtct *rtc = f->rtc;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case RTC_RD_TIME:
		return rtct_ioc_rd_time(rtc, uarg);
	case RTC_SET_TIME:
		return rtct_ioc_set_time(rtc, uarg);
	case RTC_ALM_READ:
		return rtct_ioc_alm_read(rtc, uarg);
	case RTC_ALM_SET:
		return rtct_ioc_alm_set(rtc, uarg);
	case RTC_WKALM_RD:
		return rtct_ioc_wkalm_read(f, uarg);
	case RTC_WKALM_SET:
		return rtct_ioc_wkalm_set(rtc, uarg);
	case RTC_AIE_ON:
	case RTC_AIE_OFF:
		return rtct_ioc_enable(rtc, RTC_AIE, cmd == RTC_AIE_ON);
	case RTC_UIE_ON:
	case RTC_UIE_OFF:
		return rtct_ioc_enable(rtc, RTC_UIE, cmd == RTC_UIE_ON);
	case RTC_PIE_ON:
	case RTC_PIE_OFF:
		return rtct_ioc_enable(rtc, RTC_PIE, cmd == RTC_PIE_ON);
	case RTC_IRQP_READ:
		return put_user((unsigned long)rtct_cmos_freq(),
				(unsigned long __user *)uarg);
	case RTC_IRQP_SET:
		return rtct_ioc_irqp_set(rtc, arg);
	default:
		return -ENOTTY;
	}
}

#ifdef CONFIG_COMPAT
/* 32-bit callers: the two ioctls whose argument is a long. */
#define RTCT_IRQP_READ32	_IOR('p', 0x0b, __u32)
#define RTCT_IRQP_SET32		_IOW('p', 0x0c, __u32)

static long rtct_compat_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	switch (cmd) {
	case RTCT_IRQP_READ32:
		return put_user(rtct_cmos_freq(), (__u32 __user *)compat_ptr(arg));
	case RTCT_IRQP_SET32:
		return rtct_ioctl(file, RTC_IRQP_SET, arg);
	default:
		return rtct_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
	}
}
#endif

const struct file_operations rtct_fops = {
	.owner		= THIS_MODULE,
	.llseek		= no_llseek,
	.read		= rtct_read,
	.poll		= rtct_poll,
	.unlocked_ioctl	= rtct_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= rtct_compat_ioctl,
#endif
	.open		= rtct_open,
	.release	= rtct_release,
	.fasync		= rtct_fasync,
};

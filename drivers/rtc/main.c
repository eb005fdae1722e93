// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - rtctest, a char driver for the PC's CMOS real-time clock
 * (/dev/rtctest, the Linux RTC ioctl ABI): module parameters, the sysfs
 * time attribute, and registration with its unwinding. The module's whole
 * state is the one struct rtct below.
 *
 * The clock must be free: the built-in rtc_cmos driver claims the same
 * ports and IRQ (boot with initcall_blacklist=cmos_init), and HPET legacy
 * replacement would steal IRQ 8 from the chip (hpet=disable).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/mc146818rtc.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#ifdef CONFIG_ACPI
#include <linux/acpi.h>
#endif
#include "rtctest.h"

#define RTCT_NR_PORTS		2	/* index and data: RTC_PORT(0), (1) */
#define RTCT_CENTURY_FIRST	(RTC_REG_D + 1)	/* below: clock registers */
#define RTCT_CENTURY_LAST	0x7f	/* bit 7 of the index masks NMIs */

static struct rtct rtct_dev;

static int century_reg = 0x32;
module_param(century_reg, int, 0444);
MODULE_PARM_DESC(century_reg,
		 "CMOS index of the century register when ACPI names none (default 0x32; 0: none, years 1970-2069)");

static bool rtct_century_ok(int index)
{
	return index >= RTCT_CENTURY_FIRST && index <= RTCT_CENTURY_LAST;
}

/* The century register: ACPI's FADT names it, else the module parameter. */
static int rtct_find_century(u8 *index, const char **source)
{
#ifdef CONFIG_ACPI
	if (acpi_gbl_FADT.header.revision >= FADT2_REVISION_ID &&
	    acpi_gbl_FADT.century) {
		if (rtct_century_ok(acpi_gbl_FADT.century)) {
			*index = acpi_gbl_FADT.century;
			*source = "ACPI FADT";
			return 0;
		}
		pr_warn("ignoring ACPI FADT century index 0x%x\n",
			acpi_gbl_FADT.century);
	}
#endif
	if (century_reg && !rtct_century_ok(century_reg)) {
		pr_err("century_reg=0x%x: not 0 nor 0x%x..0x%x\n", century_reg,
		       RTCT_CENTURY_FIRST, RTCT_CENTURY_LAST);
		return -EINVAL;
	}
	*index = century_reg;
	*source = century_reg ? "module parameter" : "none, years 1970-2069";
	return 0;
}

static ssize_t time_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct rtct *rtc = dev_get_drvdata(dev);
	char s[RTCC_FMT_LEN];
	struct rtc_time tm;
	int err;

	err = rtct_cmos_read_time(rtc, &tm);
	if (err)
		return err;
	rtcc_format(&tm, s, sizeof(s));
	return sysfs_emit(buf, "%s\n", s);
}
static DEVICE_ATTR_RO(time);

static struct attribute *rtct_attrs[] = {
	&dev_attr_time.attr,
	NULL
};
ATTRIBUTE_GROUPS(rtct);

static void rtct_state_init(struct rtct *rtc)
{
	mutex_init(&rtc->cfg_lock);
	spin_lock_init(&rtc->ev_lock);
	INIT_LIST_HEAD(&rtc->files);
	init_waitqueue_head(&rtc->wait);
	rtc->irq = RTC_IRQ;
}

/* The char device: region, cdev, class and /dev node, undone on error. */
static int __init rtct_chrdev_init(struct rtct *rtc)
{
	int err;

	err = alloc_chrdev_region(&rtc->devt, 0, 1, KBUILD_MODNAME);
	if (err)
		return err;
	cdev_init(&rtc->cdev, &rtct_fops);
	rtc->cdev.owner = THIS_MODULE;
	err = cdev_add(&rtc->cdev, rtc->devt, 1);
	if (err)
		goto err_chrdev;

	rtc->class = class_create(THIS_MODULE, KBUILD_MODNAME);
	if (IS_ERR(rtc->class)) {
		err = PTR_ERR(rtc->class);
		goto err_cdev;
	}
	rtc->dev = device_create_with_groups(rtc->class, NULL, rtc->devt, rtc,
					     rtct_groups, KBUILD_MODNAME);
	if (IS_ERR(rtc->dev)) {
		err = PTR_ERR(rtc->dev);
		goto err_class;
	}
	return 0;

err_class:
	class_destroy(rtc->class);
err_cdev:
	cdev_del(&rtc->cdev);
err_chrdev:
	unregister_chrdev_region(rtc->devt, 1);
	return err;
}

static int __init rtct_init(void)
{
	struct rtct *rtc = &rtct_dev;
	const char *century_src;
	int err;

	rtct_state_init(rtc);
	err = rtct_find_century(&rtc->century_reg, &century_src);
	if (err)
		return err;

	if (!request_region(RTC_PORT(0), RTCT_NR_PORTS, KBUILD_MODNAME)) {
		pr_err("ports 0x%x-0x%x busy (rtc_cmos? boot with initcall_blacklist=cmos_init)\n",
		       RTC_PORT(0), RTC_PORT(RTCT_NR_PORTS - 1));
		return -EBUSY;
	}
	err = rtct_cmos_init(rtc);
	if (err)
		goto err_region;

	err = request_irq(rtc->irq, rtct_irq, 0, KBUILD_MODNAME, rtc);
	if (err) {
		pr_err("IRQ %u unavailable: %d\n", rtc->irq, err);
		goto err_region;
	}
	rtct_cmos_clear_flags();

	err = rtct_chrdev_init(rtc);
	if (err)
		goto err_irq;

	pr_info("CMOS clock at 0x%x, IRQ %u, /dev/%s (%u:%u), century register 0x%02x (%s)\n",
		RTC_PORT(0), rtc->irq, KBUILD_MODNAME, MAJOR(rtc->devt),
		MINOR(rtc->devt), rtc->century_reg, century_src);
	return 0;

err_irq:
	rtct_cmos_quiesce(rtc);
	free_irq(rtc->irq, rtc);
err_region:
	release_region(RTC_PORT(0), RTCT_NR_PORTS);
	return err;
}

static void __exit rtct_exit(void)
{
	struct rtct *rtc = &rtct_dev;

	device_destroy(rtc->class, rtc->devt);
	class_destroy(rtc->class);
	cdev_del(&rtc->cdev);
	unregister_chrdev_region(rtc->devt, 1);
	rtct_cmos_quiesce(rtc);
	free_irq(rtc->irq, rtc);
	release_region(RTC_PORT(0), RTCT_NR_PORTS);
}

module_init(rtct_init);
module_exit(rtct_exit);

MODULE_DESCRIPTION("CMOS real-time clock char driver (/dev/rtctest, RTC ioctl ABI)");
MODULE_AUTHOR("drvsup project");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * devattr.c - device attributes of a supervised driver: sysfs calls a
 * proxy attribute whose show and store run the driver's through a gate.
 * Groups handed to device_create_with_groups() are copied with every
 * attribute a proxy (chrdev.c); a single attribute a driver adds with
 * device_create_file() gets a proxy of its own, tracked: a restart
 * removes it, and the restarted probe adds it again. So does a binary
 * attribute (device_create_bin_file()). Symbolic links are tracked by
 * directory and name.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/slab.h>

#include "wrap.h"
#include "devattr.h"
#include "proxy.h"

/* sysfs show and store, as table lines (proxy.h). */
#define attr_proxy_of(attr)	container_of(attr, struct dsw_attr_proxy, attr)
#define attr_method(p, op)	((p)->orig->op)
#define attr_gate		DSW_GATE

DSW_PROXY_R(attr, show, ssize_t, ("sysfs-show", -ENODEV), attr,
	    (struct device *dev, struct device_attribute *attr, char *buf),
	    (dev, p->orig, buf))
DSW_PROXY_R(attr, store, ssize_t, ("sysfs-store", -ENODEV), attr,
	    (struct device *dev, struct device_attribute *attr,
	     const char *buf, size_t len), (dev, p->orig, buf, len))

static void attr_proxy_init(struct drvsup_domain *d, struct dsw_attr_proxy *a,
			    const struct device_attribute *orig)
{
	a->orig = orig;
	a->d = d;
	a->attr.attr = orig->attr;
	a->attr.show = orig->show ? attr_proxy_show : NULL;
	a->attr.store = orig->store ? attr_proxy_store : NULL;
}

void dsw_groups_proxy_free(struct dsw_groups_proxy *g)
{
	int i;

	for (i = 0; g->groups && g->groups[i]; i++) {
		kfree(g->groups[i]->attrs);
		kfree(g->groups[i]);
	}
	kfree(g->groups);
	kfree(g->attrs);
	kfree(g);
}

/*
 * Copy the driver's attribute groups with every device attribute replaced
 * by a proxy. Visibility callbacks are not supported (none of drvsup's
 * drivers uses one): such a group is refused.
 */
struct dsw_groups_proxy *dsw_groups_proxy_new(struct drvsup_domain *d,
					      const struct attribute_group **groups)
{
	unsigned int ng = 0, na = 0, i, j, k = 0;
	struct dsw_groups_proxy *g;

	for (i = 0; groups && groups[i]; i++) {
		if (groups[i]->is_visible || groups[i]->bin_attrs)
			return ERR_PTR(-EOPNOTSUPP);
		for (j = 0; groups[i]->attrs && groups[i]->attrs[j]; j++)
			na++;
		ng++;
	}
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return ERR_PTR(-ENOMEM);
	if (!ng)
		return g;
	g->groups = kcalloc(ng + 1, sizeof(*g->groups), GFP_KERNEL);
	g->attrs = kcalloc(na, sizeof(*g->attrs), GFP_KERNEL);
	if (!g->groups || (na && !g->attrs))
		goto nomem;
	for (i = 0; i < ng; i++) {
		struct attribute_group *ag;

		ag = kmemdup(groups[i], sizeof(*ag), GFP_KERNEL);
		if (!ag)
			goto nomem;
		g->groups[i] = ag;
		for (j = 0; groups[i]->attrs && groups[i]->attrs[j]; j++)
			;
		ag->attrs = kcalloc(j + 1, sizeof(*ag->attrs), GFP_KERNEL);
		if (!ag->attrs)
			goto nomem;
		for (j = 0; groups[i]->attrs && groups[i]->attrs[j]; j++) {
			struct dsw_attr_proxy *a = &g->attrs[k++];

			attr_proxy_init(d, a, container_of(groups[i]->attrs[j],
							   struct device_attribute,
							   attr));
			ag->attrs[j] = &a->attr.attr;
		}
	}
	g->nr_attrs = na;
	return g;
nomem:
	dsw_groups_proxy_free(g);
	return ERR_PTR(-ENOMEM);
}

/* --- single attributes: device_create_file() ----------------------------- */

/* key: the proxy; o->a: the device */
static void release_devattr(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct dsw_attr_proxy *a = o->priv;

	device_remove_file((struct device *)o->a, &a->attr);
	kfree(a);
}

static const struct drvsup_obj_type obj_devattr = {
	.name = "device-attribute",
	.release = release_devattr,
};

DSW(int, device_create_file, struct device *dev,
	const struct device_attribute *attr)
{
	struct dsw_attr_proxy *a;
	struct drvsup_obj *o;
	int err;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return -ENODEV;
	}
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	o = a ? drvsup_track(d, &obj_devattr, a, (unsigned long)dev, 0,
			     GFP_KERNEL) : NULL;
	if (!o) {
		kfree(a);
		DSW_LEAVE();
		return -ENOMEM;
	}
	attr_proxy_init(d, a, attr);
	o->priv = a;
	err = device_create_file(dev, &a->attr);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, &obj_devattr, a));
		kfree(a);
	}
	DSW_LEAVE();
	return err;
}

/* The attribute the driver names: @arg is a struct devattr_name. */
struct devattr_name {
	const struct device *dev;
	const void *attr;		/* the driver's attribute */
};

static bool devattr_match(const struct drvsup_obj *o, const void *arg)
{
	const struct dsw_attr_proxy *a = o->priv;
	const struct devattr_name *n = arg;

	return a->orig == n->attr && o->a == (unsigned long)n->dev;
}

DSW(void, device_remove_file, struct device *dev,
	const struct device_attribute *attr)
{
	struct devattr_name n = { dev, attr };
	struct dsw_attr_proxy *a;

	DSW_ENTER(d);
	a = d ? drvsup_tracker_find_if(d, &obj_devattr, devattr_match, &n) :
	    NULL;
	if (!a) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "device_remove_file(%s): not an attribute the driver added",
			  attr->attr.name);
		return;
	}
	dsw_release(d, &obj_devattr, a);
	DSW_LEAVE();
}

/* --- symbolic links: sysfs_create_link() --------------------------------- */

/*
 * A link is named by its directory and its name, and a driver may build
 * the name on its stack: the tracked key is a copy of both.
 */
struct dsw_link {
	struct kobject *kobj;
	char name[];
};

static void release_link(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct dsw_link *l = o->priv;

	sysfs_remove_link(l->kobj, l->name);
	kfree(l);
}

static const struct drvsup_obj_type obj_link = {
	.name = "sysfs-link",
	.release = release_link,
};

DSW(int, sysfs_create_link, struct kobject *kobj, struct kobject *target,
	const char *name)
{
	struct drvsup_obj *o = NULL;
	struct dsw_link *l;
	size_t len;
	int err;

	DSW_ENTER(d);
	len = strlen(name) + 1;
	l = d ? kmalloc(struct_size(l, name, len), GFP_KERNEL) : NULL;
	if (l) {
		l->kobj = kobj;
		memcpy(l->name, name, len);
		o = drvsup_track(d, &obj_link, l, 0, 0, GFP_KERNEL);
	}
	if (!o) {
		kfree(l);
		DSW_LEAVE();
		return d ? -ENOMEM : -ENODEV;
	}
	o->priv = l;
	err = sysfs_create_link(kobj, target, name);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, &obj_link, l));
		kfree(l);
	}
	DSW_LEAVE();
	return err;
}

struct link_name {
	const struct kobject *kobj;
	const char *name;
};

static bool link_match(const struct drvsup_obj *o, const void *arg)
{
	const struct dsw_link *l = o->priv;
	const struct link_name *n = arg;

	return l->kobj == n->kobj && !strcmp(l->name, n->name);
}

DSW(void, sysfs_remove_link, struct kobject *kobj, const char *name)
{
	struct link_name n = { kobj, name };
	struct dsw_link *l;

	DSW_ENTER(d);
	l = d ? drvsup_tracker_find_if(d, &obj_link, link_match, &n) : NULL;
	if (!l) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "sysfs_remove_link(%s): not a link the driver made", name);
		return;
	}
	dsw_release(d, &obj_link, l);
	DSW_LEAVE();
}

/* --- binary attributes: device_create_bin_file() ------------------------- */

struct dsw_bin_proxy {
	struct bin_attribute attr;	/* what sysfs knows */
	const struct bin_attribute *orig;
	struct drvsup_domain *d;
	struct device *dev;
};

#define bin_proxy_of(attr)	container_of(attr, struct dsw_bin_proxy, attr)
#define bin_method(p, op)	((p)->orig->op)
#define bin_gate		DSW_GATE

/* The driver's methods get its own attribute (its size and private). */
#define BIN_RW(op)							\
	DSW_PROXY_R(bin, op, ssize_t, ("sysfs-bin-" #op, -ENODEV), attr, \
		    (struct file *f, struct kobject *kobj,		\
		     struct bin_attribute *attr, char *buf, loff_t off,	\
		     size_t len),					\
		    (f, kobj, (struct bin_attribute *)p->orig, buf, off, len))
BIN_RW(read)
BIN_RW(write)
DSW_PROXY_R(bin, mmap, int, ("sysfs-bin-mmap", -ENODEV), attr,
	    (struct file *f, struct kobject *kobj, struct bin_attribute *attr,
	     struct vm_area_struct *vma),
	    (f, kobj, (struct bin_attribute *)p->orig, vma))

static void release_binattr(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct dsw_bin_proxy *b = o->priv;

	device_remove_bin_file(b->dev, &b->attr);
	kfree(b);
}

static const struct drvsup_obj_type obj_binattr = {
	.name = "device-bin-attribute",
	.release = release_binattr,
};

DSW(int, device_create_bin_file, struct device *dev,
	const struct bin_attribute *attr)
{
	struct dsw_bin_proxy *b;
	struct drvsup_obj *o;
	int err;

	DSW_ENTER(d);
	if (!d || attr->f_mapping) {
		DSW_LEAVE();
		return d ? -EOPNOTSUPP : -ENODEV;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	o = b ? drvsup_track(d, &obj_binattr, b, 0, 0, GFP_KERNEL) : NULL;
	if (!o) {
		kfree(b);
		DSW_LEAVE();
		return -ENOMEM;
	}
	o->priv = b;
	*b = (struct dsw_bin_proxy){ .orig = attr, .d = d, .dev = dev };
	b->attr.attr = attr->attr;
	b->attr.size = attr->size;
	b->attr.read = attr->read ? bin_proxy_read : NULL;
	b->attr.write = attr->write ? bin_proxy_write : NULL;
	b->attr.mmap = attr->mmap ? bin_proxy_mmap : NULL;
	err = device_create_bin_file(dev, &b->attr);
	if (err) {
		drvsup_obj_free(drvsup_untrack(d, &obj_binattr, b));
		kfree(b);
	}
	DSW_LEAVE();
	return err;
}

static bool binattr_match(const struct drvsup_obj *o, const void *arg)
{
	const struct dsw_bin_proxy *b = o->priv;
	const struct devattr_name *n = arg;

	return b->orig == n->attr && b->dev == n->dev;
}

DSW(void, device_remove_bin_file, struct device *dev,
	const struct bin_attribute *attr)
{
	struct devattr_name n = { dev, attr };
	struct dsw_bin_proxy *b;

	DSW_ENTER(d);
	b = d ? drvsup_tracker_find_if(d, &obj_binattr, binattr_match, &n) :
	    NULL;
	if (!b) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "device_remove_bin_file(%s): not an attribute the driver added",
			  attr->attr.name);
		return;
	}
	dsw_release(d, &obj_binattr, b);
	DSW_LEAVE();
}

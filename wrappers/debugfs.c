// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs.c - a driver's debugfs directories and files. A file's
 * file_operations are a gated copy (the driver's methods become proxies,
 * kernel helpers such as fixed_size_llseek stay), which debugfs's own
 * proxy hands each call (debugfs_real_fops()). Every directory and file a
 * domain creates is tracked: a restart removes them, and the restarted
 * driver creates them again. Removing a directory removes what was made
 * under it, so their records go with it.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>

#include "wrap.h"
#include "proxy.h"

/* A directory or a file; a file's copy of its operations. */
struct dbg_proxy {
	struct dentry *dentry;
	struct file_operations fops;	/* what debugfs is given */
	const struct file_operations *orig;
	struct drvsup_domain *d;
};

#define dbg_proxy_of(file)						\
	container_of(debugfs_real_fops(file), struct dbg_proxy, fops)
#define dbg_method(p, op)	((p)->orig->op)
#define dbg_gate		DSW_GATE

DSW_PROXY_R(dbg, open, int, ("debugfs-open", -ENODEV), file,
	    (struct inode *inode, struct file *file), (inode, file))
DSW_PROXY_R(dbg, release, int, ("debugfs-release", 0), file,
	    (struct inode *inode, struct file *file), (inode, file))
DSW_PROXY_R(dbg, read, ssize_t, ("debugfs-read", -ENODEV), file,
	    (struct file *file, char __user *buf, size_t len, loff_t *pos),
	    (file, buf, len, pos))
DSW_PROXY_R(dbg, write, ssize_t, ("debugfs-write", -ENODEV), file,
	    (struct file *file, const char __user *buf, size_t len,
	     loff_t *pos), (file, buf, len, pos))
DSW_PROXY_R(dbg, llseek, loff_t, ("debugfs-llseek", -ENODEV), file,
	    (struct file *file, loff_t off, int whence), (file, off, whence))
DSW_PROXY_R(dbg, unlocked_ioctl, long, ("debugfs-ioctl", -ENODEV), file,
	    (struct file *file, unsigned int cmd, unsigned long arg),
	    (file, cmd, arg))

/* The methods debugfs's full proxy passes on. */
static const struct file_operations dbg_proxies = {
	.open = dbg_proxy_open,
	.release = dbg_proxy_release,
	.read = dbg_proxy_read,
	.write = dbg_proxy_write,
	.llseek = dbg_proxy_llseek,
	.unlocked_ioctl = dbg_proxy_unlocked_ioctl,
};

/* key: the dentry; priv: its record */
static void release_dbg(struct drvsup_domain *d, struct drvsup_obj *o)
{
	debugfs_remove((struct dentry *)o->key);
	kfree(o->priv);
}

static const struct drvsup_obj_type obj_dbg = {
	.name = "debugfs",
	.release = release_dbg,
};

/* @dentry, made by the kernel for @d, tracked; removed if it cannot be. */
static struct dentry *dbg_track(struct drvsup_domain *d, struct dentry *dentry,
				struct dbg_proxy *p)
{
	struct drvsup_obj *o;

	if (IS_ERR(dentry) || !p) {
		if (!IS_ERR(dentry))
			debugfs_remove(dentry);
		kfree(p);
		return IS_ERR(dentry) ? dentry : ERR_PTR(-ENOMEM);
	}
	p->dentry = dentry;
	o = drvsup_track(d, &obj_dbg, dentry, 0, 0, GFP_KERNEL);
	if (!o) {
		debugfs_remove(dentry);
		kfree(p);
		return ERR_PTR(-ENOMEM);
	}
	o->priv = p;
	return dentry;
}

DSW(struct dentry *, debugfs_create_dir, const char *name,
	struct dentry *parent)
{
	struct dentry *dentry;

	DSW_ENTER(d);
	dentry = d ? dbg_track(d, debugfs_create_dir(name, parent),
			       kzalloc(sizeof(struct dbg_proxy), GFP_KERNEL)) :
		 ERR_PTR(-ENODEV);
	DSW_LEAVE();
	return dentry;
}

DSW(struct dentry *, debugfs_create_file, const char *name, umode_t mode,
	struct dentry *parent, void *data, const struct file_operations *fops)
{
	struct dentry *dentry = ERR_PTR(-ENOMEM);
	struct dbg_proxy *p;

	DSW_ENTER(d);
	if (!d) {
		DSW_LEAVE();
		return ERR_PTR(-ENODEV);
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (p) {
		p->orig = fops;
		p->d = d;
		if (dsw_gate_table(d, &p->fops, fops, &dbg_proxies,
				   offsetof(struct file_operations, llseek),
				   sizeof(p->fops)) < 0)
			dentry = ERR_PTR(-EOPNOTSUPP);
		else
			dentry = debugfs_create_file(name, mode, parent, data,
						     &p->fops);
	}
	dentry = dbg_track(d, dentry, p);
	DSW_LEAVE();
	return dentry;
}

/* Is @dentry @top or under it? */
static bool dbg_under(struct dentry *dentry, struct dentry *top)
{
	for (; !IS_ROOT(dentry); dentry = dentry->d_parent)
		if (dentry == top)
			return true;
	return dentry == top;
}

static bool dbg_match_under(const struct drvsup_obj *o, const void *top)
{
	const struct dbg_proxy *p = o->priv;

	return dbg_under(p->dentry, (struct dentry *)top);
}

/*
 * A directory's records go with it: debugfs removes what is under it. They
 * are dropped first, while their dentries still exist to be walked.
 */
DSW(void, debugfs_remove, struct dentry *dentry)
{
	struct dbg_proxy *p;
	struct drvsup_obj *o;

	DSW_ENTER(d);
	if (IS_ERR_OR_NULL(dentry) || !d) {
		DSW_LEAVE();
		return;
	}
	if (!drvsup_find(d, &obj_dbg, dentry)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "debugfs_remove(%pd): not an entry the driver made",
			  dentry);
		return;
	}
	while ((p = drvsup_tracker_find_if(d, &obj_dbg, dbg_match_under,
					   dentry))) {
		o = drvsup_untrack(d, &obj_dbg, p->dentry);
		if (o)
			kfree(o->priv);
		drvsup_obj_free(o);
	}
	debugfs_remove(dentry);
	DSW_LEAVE();
}

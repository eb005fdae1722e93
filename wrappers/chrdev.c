// SPDX-License-Identifier: GPL-2.0
/*
 * chrdev.c - char devices: region, cdev, class and device wrappers, and the
 * file_operations proxy that runs a driver's file methods through gates.
 *
 * The cdev the kernel sees is drvsup's (cdev_alloc'ed, owner drvsup), with
 * proxy file_operations; the driver's own struct cdev is initialised but
 * never added. So a file may outlive a dead, unloaded driver (it then gets
 * -ENODEV, and pins drvsup instead), and nothing the kernel links to lives
 * in driver memory. The driver's open and release see a copy of the inode
 * whose i_cdev is the driver's own cdev, as container_of() expects (Nooks'
 * wrappers pass object copies into the domain the same way).
 *
 * poll callers wait on a queue of the proxy's: the driver's poll_wait()
 * links nothing, and every wake_up the driver makes also wakes the queue.
 * Device attributes get proxies too (devattr.c), so sysfs show/store
 * cross gates.
 *
 * While the driver is being restarted the proxy holds callers (the
 * recovery layer's wait) and runs a call the fault cut short once more
 * against the restarted driver; a restarted init gets the kept region,
 * cdev, class and device back. The char-device class shadow keeps each
 * open file's log through the hooks it fills in and reopens every live
 * file through dsw_chrdev_files() (chrdev.h).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/poll.h>
#include <linux/slab.h>

#include "wrap.h"
#include "chrdev.h"
#include "devattr.h"
#include "proxy.h"

/* The char class shadow's part; set before any driver loads. */
static const struct dsw_chrdev_hooks *hooks;

void dsw_chrdev_hooks_set(const struct dsw_chrdev_hooks *h)
{
	hooks = h;
}

struct fops_proxy {
	struct file_operations fops;	/* what the kernel calls */
	const struct file_operations *orig;
	struct drvsup_domain *d;	/* holds a reference */
	struct cdev *drv_cdev;		/* the driver's, for its open */
	struct cdev *cdev;		/* ours, in the kernel's map */
	wait_queue_head_t pollwq;	/* poll callers wait here */
	struct kref ref;		/* cdev + open files */
	struct mutex files_mutex;	/* adds, removals and the replay */
	spinlock_t lock;		/* guards files (also taken atomically) */
	struct list_head files;
};

struct proxy_file {
	struct list_head node;
	struct file *file;
	bool pinned;			/* holds a reference on the driver */
	bool opened;			/* the driver's open succeeded */
	bool closing;			/* release has begun: not replayed */
	struct inode inode;		/* the driver's view of the inode */
	unsigned long long log[];	/* the hooks' file_size bytes */
};

static void proxy_file_free(struct proxy_file *pf)
{
	if (hooks && hooks->forget)
		hooks->forget(pf->log);
	kfree(pf);
}

static struct drvsup_entry entry_open = { "open", -ENODEV, true };
static struct drvsup_entry entry_release = { "release", 0 };
static struct drvsup_entry entry_poll = { "poll", EPOLLERR };

static void fops_proxy_free(struct kref *ref)
{
	struct fops_proxy *p = container_of(ref, typeof(*p), ref);

	kobject_put(&p->d->kobj);
	kfree(p);
	module_put(THIS_MODULE);
}

static struct fops_proxy *to_proxy(struct file *file)
{
	return container_of(file->f_op, struct fops_proxy, fops);
}

static struct proxy_file *proxy_file_find(struct fops_proxy *p,
					  struct file *file)
{
	struct proxy_file *pf;

	list_for_each_entry(pf, &p->files, node)
		if (pf->file == file)
			return pf;
	return NULL;
}

/*
 * Call a driver method on behalf of an application: waits out a recovery;
 * a call a fault cut short (the domain's fault count moved and the gate
 * gave its failure result) waits for the restarted driver and runs again,
 * once.
 */
static long proxy_call(struct fops_proxy *p, struct drvsup_entry *e,
		       const void *fn, unsigned long a0, unsigned long a1,
		       unsigned long a2, unsigned long a3)
{
	struct drvsup_domain *d = p->d;
	int tries, faults, err;
	long ret = e->failret;

	for (tries = 0; tries < 2; tries++) {
		err = drvsup_recovery_wait(d);
		if (err)
			return err;
		faults = atomic_read(&d->faults);
		ret = drvsup_gate(d, e, fn, a0, a1, a2, a3, 0, 0);
		if (ret != e->failret || atomic_read(&d->faults) == faults)
			break;
	}
	return ret;
}

static struct proxy_file *proxy_file_get(struct fops_proxy *p,
					 struct file *file)
{
	struct proxy_file *pf;
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	pf = proxy_file_find(p, file);
	spin_unlock_irqrestore(&p->lock, flags);
	return pf;
}

static int proxy_open(struct inode *inode, struct file *file)
{
	struct fops_proxy *p = container_of(inode->i_cdev->ops,
					    struct fops_proxy, fops);
	struct proxy_file *pf;
	unsigned long flags;
	int ret, tries, faults;

	for (tries = 0; tries < 2; tries++) {
		ret = drvsup_recovery_wait(p->d);
		if (ret)
			return ret;
		if (!try_module_get(p->d->mod))
			return -ENODEV;
		pf = kzalloc(sizeof(*pf) + (hooks ? hooks->file_size : 0),
			     GFP_KERNEL);
		if (!pf) {
			module_put(p->d->mod);
			return -ENOMEM;
		}
		pf->file = file;
		pf->pinned = true;
		memcpy(&pf->inode, inode, sizeof(*inode));
		pf->inode.i_cdev = p->drv_cdev;
		kref_get(&p->ref);
		mutex_lock(&p->files_mutex);
		spin_lock_irqsave(&p->lock, flags);
		list_add(&pf->node, &p->files);
		spin_unlock_irqrestore(&p->lock, flags);
		mutex_unlock(&p->files_mutex);

		faults = atomic_read(&p->d->faults);
		ret = p->orig->open ?
		      DRVSUP_CALL(p->d, &entry_open, p->orig->open,
				   &pf->inode, file) : 0;
		if (!ret) {
			pf->opened = true;
			return 0;
		}
		mutex_lock(&p->files_mutex);
		spin_lock_irqsave(&p->lock, flags);
		list_del(&pf->node);
		if (pf->pinned)
			module_put(p->d->mod);
		spin_unlock_irqrestore(&p->lock, flags);
		mutex_unlock(&p->files_mutex);
		proxy_file_free(pf);
		kref_put(&p->ref, fops_proxy_free);
		if (ret != entry_open.failret ||
		    atomic_read(&p->d->faults) == faults)
			break;
	}
	return ret;
}

static int proxy_release(struct inode *inode, struct file *file)
{
	struct fops_proxy *p = to_proxy(file);
	struct proxy_file *pf;
	unsigned long flags;

	pf = proxy_file_get(p, file);
	if (WARN_ON_ONCE(!pf))
		return 0;
	/* A restart reopens the file: let it finish, then close the new one. */
	if (!drvsup_recovery_wait(p->d) && p->orig->release) {
		mutex_lock(&p->files_mutex);
		pf->closing = true;
		mutex_unlock(&p->files_mutex);
		DRVSUP_CALL(p->d, &entry_release, p->orig->release,
			     &pf->inode, file);
	}
	mutex_lock(&p->files_mutex);
	spin_lock_irqsave(&p->lock, flags);
	list_del(&pf->node);
	if (pf->pinned)
		module_put(p->d->mod);
	spin_unlock_irqrestore(&p->lock, flags);
	mutex_unlock(&p->files_mutex);
	proxy_file_free(pf);
	kref_put(&p->ref, fops_proxy_free);
	return 0;
}

/*
 * The file methods that are one gated call, as table lines (proxy.h):
 * through proxy_call(), with up to four arguments.
 */
#define fops_proxy_of(file)	to_proxy(file)
#define fops_method(p, op)	((p)->orig->op)
#define fops_gate(p, e, ...)						\
	({								\
		static_assert(COUNT_ARGS(__VA_ARGS__) <= 5,		\
			      "a file method proxy carries four arguments"); \
		__fops_gate(p, e, __VA_ARGS__, 0, 0, 0, 0);		\
	})
#define __fops_gate(p, e, fn, a0, a1, a2, a3, ...)			\
	proxy_call(p, e, fn, (unsigned long)(a0), (unsigned long)(a1),	\
		   (unsigned long)(a2), (unsigned long)(a3))

DSW_PROXY_R(fops, read, ssize_t, ("read", -ENODEV), file,
	    (struct file *file, char __user *buf, size_t len, loff_t *ppos),
	    (file, buf, len, ppos))
DSW_PROXY_R(fops, write, ssize_t, ("write", -ENODEV), file,
	    (struct file *file, const char __user *buf, size_t len,
	     loff_t *ppos), (file, buf, len, ppos))
DSW_PROXY_R(fops, unlocked_ioctl, long, ("ioctl", -ENODEV), file,
	    (struct file *file, unsigned int cmd, unsigned long arg),
	    (file, cmd, arg))
DSW_PROXY_R(fops, compat_ioctl, long, ("ioctl", -ENODEV), file,
	    (struct file *file, unsigned int cmd, unsigned long arg),
	    (file, cmd, arg))
DSW_PROXY_R(fops, fasync, int, ("fasync", -ENODEV), file,
	    (int fd, struct file *file, int on), (fd, file, on))

/* A configuring ioctl the driver took goes into the file's log. */
static void proxy_log_ioctl(struct fops_proxy *p, struct file *file,
			    unsigned int cmd, unsigned long arg)
{
	struct proxy_file *pf;

	mutex_lock(&p->files_mutex);
	pf = proxy_file_get(p, file);
	if (pf)
		hooks->log_ioctl(pf->log, cmd, arg);
	mutex_unlock(&p->files_mutex);
}

static long proxy_ioctl(struct file *file, unsigned int cmd,
			unsigned long arg)
{
	struct fops_proxy *p = to_proxy(file);
	long ret;

	ret = fops_proxy_unlocked_ioctl(file, cmd, arg);
	if (ret >= 0 && hooks && hooks->configures(cmd))
		proxy_log_ioctl(p, file, cmd, arg);
	return ret;
}

/* The driver's poll_wait() lands here and links nothing. */
static void poll_noop(struct file *file, wait_queue_head_t *wq,
		      struct poll_table_struct *pt)
{
}

static __poll_t proxy_poll(struct file *file, struct poll_table_struct *pt)
{
	struct fops_proxy *p = to_proxy(file);
	struct poll_table_struct dpt;

	poll_wait(file, &p->pollwq, pt);
	/* Restarting: nothing yet; the end of the recovery wakes pollwq. */
	if (drvsup_recovering(p->d))
		return 0;
	init_poll_funcptr(&dpt, poll_noop);
	dpt._key = pt ? pt->_key : ~(__poll_t)0;
	return (__poll_t)DRVSUP_CALL(p->d, &entry_poll, p->orig->poll, file,
				      pt ? &dpt : NULL);
}

static int proxy_fasync(int fd, struct file *file, int on)
{
	struct fops_proxy *p = to_proxy(file);
	struct proxy_file *pf;
	int ret;

	ret = fops_proxy_fasync(fd, file, on);
	if (ret >= 0 && hooks) {
		mutex_lock(&p->files_mutex);
		pf = proxy_file_get(p, file);
		if (pf)
			hooks->log_fasync(pf->log, fd, on);
		mutex_unlock(&p->files_mutex);
	}
	return ret;
}

static struct fops_proxy *fops_proxy_new(struct drvsup_domain *d,
					 struct cdev *drv_cdev)
{
	const struct file_operations *orig = drv_cdev->ops;
	struct fops_proxy *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	__module_get(THIS_MODULE);
	kobject_get(&d->kobj);
	p->orig = orig;
	p->d = d;
	p->drv_cdev = drv_cdev;
	init_waitqueue_head(&p->pollwq);
	kref_init(&p->ref);
	mutex_init(&p->files_mutex);
	spin_lock_init(&p->lock);
	INIT_LIST_HEAD(&p->files);

	p->fops.owner = THIS_MODULE;
	p->fops.open = proxy_open;
	p->fops.release = proxy_release;
	p->fops.llseek = orig->llseek;
	p->fops.read = dsw_gated(d, orig->read, fops_proxy_read);
	p->fops.write = dsw_gated(d, orig->write, fops_proxy_write);
	p->fops.unlocked_ioctl = dsw_gated(d, orig->unlocked_ioctl,
					   proxy_ioctl);
	p->fops.compat_ioctl = dsw_gated(d, orig->compat_ioctl,
					 fops_proxy_compat_ioctl);
	p->fops.poll = dsw_gated(d, orig->poll, proxy_poll);
	p->fops.fasync = dsw_gated(d, orig->fasync, proxy_fasync);
	return p;
}

/* A dead driver no longer pins its module: unload must work. */
static void quiesce_cdev(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct fops_proxy *p = o->priv;
	struct proxy_file *pf;
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	list_for_each_entry(pf, &p->files, node) {
		if (pf->pinned) {
			module_put(d->mod);
			pf->pinned = false;
		}
	}
	spin_unlock_irqrestore(&p->lock, flags);
	wake_up_all(&p->pollwq);
}

static void release_cdev(struct drvsup_domain *d, struct drvsup_obj *o)
{
	struct fops_proxy *p = o->priv;

	cdev_del(p->cdev);
	wake_up_all(&p->pollwq);
	kref_put(&p->ref, fops_proxy_free);
}

static const struct drvsup_obj_type obj_cdev = {
	.name = "cdev",
	.kept = true,
	.ckpt = DRVSUP_CKPT_KEEP,
	.restartable = true,
	.quiesce = quiesce_cdev,
	.release = release_cdev,
};

DSW(int, cdev_add, struct cdev *drv_cdev, dev_t dev, unsigned int count)
{
	struct fops_proxy *p;
	struct drvsup_obj *o;
	int err = -ENOMEM;

	DSW_ENTER(d);
	if (!d || !drv_cdev->ops) {
		DSW_LEAVE();
		return -EINVAL;
	}
	/* A restarted driver: ours is still in the kernel's map. */
	o = drvsup_domain_restarting(d) ? drvsup_find(d, &obj_cdev, drv_cdev) :
					  NULL;
	if (o && o->a == dev && o->b == count) {
		DSW_LEAVE();
		return 0;
	}
	p = fops_proxy_new(d, drv_cdev);
	if (!p)
		goto out;
	p->cdev = cdev_alloc();
	if (!p->cdev)
		goto out_proxy;
	p->cdev->ops = &p->fops;
	p->cdev->owner = THIS_MODULE;
	o = drvsup_track(d, &obj_cdev, drv_cdev, dev, count, GFP_KERNEL);
	if (!o)
		goto out_cdev;
	o->priv = p;
	err = cdev_add(p->cdev, dev, count);
	if (!err)
		goto out;
	drvsup_obj_free(drvsup_untrack(d, &obj_cdev, drv_cdev));
out_cdev:
	kobject_put(&p->cdev->kobj);
out_proxy:
	kref_put(&p->ref, fops_proxy_free);
out:
	DSW_LEAVE();
	return err;
}

DSW(void, cdev_del, struct cdev *drv_cdev)
{
	DSW_ENTER(d);
	/* A restart that fails on its way: the shadow keeps the cdev. */
	if (!dsw_give_back(d, &obj_cdev, drv_cdev)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "cdev_del(%p): not added by the driver", drv_cdev);
		return;
	}
	DSW_LEAVE();
}

/* Wake poll callers of every char device of @d (after a driver wake_up). */
void drvsup_chrdev_wake_pollers(struct drvsup_domain *d)
{
	struct drvsup_tracker *t = &d->tracker;
	struct drvsup_obj *o;
	unsigned long flags;

	spin_lock_irqsave(&t->lock, flags);
	list_for_each_entry(o, &t->objs, node) {
		struct fops_proxy *p = o->priv;

		if (o->type == &obj_cdev && wq_has_sleeper(&p->pollwq))
			wake_up_all(&p->pollwq);
	}
	spin_unlock_irqrestore(&t->lock, flags);
}

/* Run @fn on each live file of one kept cdev, pinning those it took. */
static int cdev_files(struct drvsup_domain *d, struct fops_proxy *p,
		      int (*fn)(struct drvsup_domain *d,
				const struct dsw_chrdev_file *f),
		      bool pin)
{
	struct dsw_chrdev_file f = { .fops = p->orig };
	struct proxy_file *pf;
	unsigned long flags;
	int err = 0;

	mutex_lock(&p->files_mutex);
	list_for_each_entry_reverse(pf, &p->files, node) {
		if (!pf->opened || pf->closing)
			continue;
		f.inode = &pf->inode;
		f.file = pf->file;
		f.log = pf->log;
		err = fn(d, &f);
		if (err || drvsup_state(d) != DRVSUP_RUNNING) {
			err = err ?: -EIO;
			break;
		}
		if (!pin)
			continue;
		spin_lock_irqsave(&p->lock, flags);
		if (!pf->pinned && try_module_get(d->mod))
			pf->pinned = true;
		spin_unlock_irqrestore(&p->lock, flags);
	}
	mutex_unlock(&p->files_mutex);
	return err;
}

/**
 * dsw_chrdev_files - visit every live open file of @d's kept cdevs
 * @d: the domain, its init run again
 * @fn: called for each file, oldest last; an error stops the visit
 * @pin: a file @fn returned 0 for pins the driver's module again (the
 *	file is open in the restarted driver)
 *
 * Callers of the files are held until the recovery ends, so the lists
 * only change under files_mutex here. Returns 0, the first error, or
 * -EIO when the driver failed meanwhile.
 */
int dsw_chrdev_files(struct drvsup_domain *d,
		     int (*fn)(struct drvsup_domain *d,
			       const struct dsw_chrdev_file *f),
		     bool pin)
{
	struct fops_proxy *p[8];
	unsigned int i, n = 0;
	struct drvsup_obj *o;
	unsigned long flags;
	int err = 0;

	/* The kept cdevs (few): the replay itself adds objects. */
	spin_lock_irqsave(&d->tracker.lock, flags);
	list_for_each_entry(o, &d->tracker.objs, node) {
		if (o->type == &obj_cdev && n < ARRAY_SIZE(p)) {
			p[n] = o->priv;
			kref_get(&p[n++]->ref);
		}
	}
	spin_unlock_irqrestore(&d->tracker.lock, flags);
	for (i = 0; i < n; i++) {
		if (!err && drvsup_state(d) == DRVSUP_RUNNING)
			err = cdev_files(d, p[i], fn, pin);
		kref_put(&p[i]->ref, fops_proxy_free);
	}
	return err;
}

/* --- chrdev regions -------------------------------------------------- */

static void release_chrdev_region(struct drvsup_domain *d, struct drvsup_obj *o)
{
	unregister_chrdev_region(o->a, o->b);
}

static const struct drvsup_obj_type obj_chrdev_region = {
	.name = "chrdev-region",
	.kept = true,
	.ckpt = DRVSUP_CKPT_KEEP,
	.restartable = true,
	.release = release_chrdev_region,
};

DSW(int, alloc_chrdev_region, dev_t *dev, unsigned int baseminor,
	unsigned int count, const char *name)
{
	struct drvsup_obj *o;
	int err;

	DSW_ENTER(d);
	o = d && drvsup_domain_restarting(d) ?
	    drvsup_find_kept(d, &obj_chrdev_region, count) : NULL;
	if (o) {
		*dev = o->a;
		DSW_LEAVE();
		return 0;
	}
	err = alloc_chrdev_region(dev, baseminor, count, name);
	if (!err && d &&
	    !drvsup_track(d, &obj_chrdev_region, (void *)(unsigned long)*dev,
			  *dev, count, GFP_KERNEL)) {
		unregister_chrdev_region(*dev, count);
		err = -ENOMEM;
	}
	DSW_LEAVE();
	return err;
}

/* The region as registered (release_chrdev_region), whatever @count. */
DSW(void, unregister_chrdev_region, dev_t from, unsigned int count)
{
	DSW_ENTER(d);
	if (!dsw_give_back(d, &obj_chrdev_region, (void *)(unsigned long)from)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "unregister_chrdev_region(%u:%u): not the driver's",
			  MAJOR(from), MINOR(from));
		return;
	}
	DSW_LEAVE();
}

/* --- classes ----------------------------------------------------------- */

static void release_class(struct drvsup_domain *d, struct drvsup_obj *o)
{
	class_destroy((struct class *)o->key);
}

static const struct drvsup_obj_type obj_class = {
	.name = "class",
	.kept = true,
	.ckpt = DRVSUP_CKPT_KEEP,
	.restartable = true,
	.release = release_class,
};

DSW(struct class *, __class_create, struct module *owner, const char *name,
	struct lock_class_key *key)
{
	struct drvsup_obj *o;
	struct class *cls;

	DSW_ENTER(d);
	o = d && drvsup_domain_restarting(d) ?
	    drvsup_find_kept(d, &obj_class, 0) : NULL;
	if (o) {
		DSW_LEAVE();
		return (struct class *)o->key;
	}
	/* The class outlives a dead driver: drvsup owns it. */
	cls = __class_create(THIS_MODULE, name, key);
	if (!IS_ERR(cls) && d &&
	    !drvsup_track(d, &obj_class, cls, 0, 0, GFP_KERNEL)) {
		class_destroy(cls);
		cls = ERR_PTR(-ENOMEM);
	}
	DSW_LEAVE();
	return cls;
}

DSW(void, class_destroy, struct class *cls)
{
	DSW_ENTER(d);
	if (IS_ERR_OR_NULL(cls)) {
		DSW_LEAVE();
		return;
	}
	if (!dsw_give_back(d, &obj_class, cls)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "class_destroy(%p): not the driver's", cls);
		return;
	}
	DSW_LEAVE();
}

/* --- devices and their attributes -------------------------------------- */

/* o->a: the devt; o->b: the class; o->priv: the attribute proxies */
static void release_device(struct drvsup_domain *d, struct drvsup_obj *o)
{
	device_destroy((struct class *)o->b, o->a);
	dsw_groups_proxy_free(o->priv);
}

static const struct drvsup_obj_type obj_device = {
	.name = "device",
	.kept = true,
	.ckpt = DRVSUP_CKPT_KEEP,
	.restartable = true,
	.release = release_device,
};

__printf(6, 7) struct device *
dsw_device_create_with_groups(struct class *cls, struct device *parent,
			      dev_t devt, void *drvdata,
			      const struct attribute_group **groups,
			      const char *fmt, ...);
DSW(struct device *, device_create_with_groups, struct class *cls,
	struct device *parent, dev_t devt, void *drvdata,
	const struct attribute_group **groups, const char *fmt, ...)
{
	struct dsw_groups_proxy *g;
	struct drvsup_obj *o;
	struct device *dev;
	va_list ap;
	char *name;

	DSW_ENTER(d);
	o = d && drvsup_domain_restarting(d) ?
	    drvsup_find(d, &obj_device, (void *)(unsigned long)devt) : NULL;
	if (o) {
		/* The kept device, with the restarted driver's data. */
		dev = class_find_device_by_devt(cls, devt);
		if (dev) {
			put_device(dev);
			dev_set_drvdata(dev, drvdata);
			DSW_LEAVE();
			return dev;
		}
	}
	va_start(ap, fmt);
	name = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	dev = ERR_PTR(-ENOMEM);
	if (!name || !d)
		goto out;
	g = dsw_groups_proxy_new(d, groups);
	if (IS_ERR(g)) {
		dev = ERR_CAST(g);
		goto out;
	}
	o = drvsup_track(d, &obj_device, (void *)(unsigned long)devt, devt,
			 (unsigned long)cls, GFP_KERNEL);
	if (!o) {
		dsw_groups_proxy_free(g);
		goto out;
	}
	o->priv = g;
	dev = device_create_with_groups(cls, parent, devt, drvdata,
					g->groups, "%s", name);
	if (IS_ERR(dev)) {
		drvsup_obj_free(drvsup_untrack(d, &obj_device,
					       (void *)(unsigned long)devt));
		dsw_groups_proxy_free(g);
	}
out:
	kfree(name);
	DSW_LEAVE();
	return dev;
}

DSW(void, device_destroy, struct class *cls, dev_t devt)
{
	DSW_ENTER(d);
	if (!dsw_give_back(d, &obj_device, (void *)(unsigned long)devt)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "device_destroy(%u:%u): not the driver's",
			  MAJOR(devt), MINOR(devt));
		return;
	}
	DSW_LEAVE();
}

/* --- fasync -------------------------------------------------------------- */

/* A fasync entry links the file into a list in driver memory. */
static void release_fasync(struct drvsup_domain *d, struct drvsup_obj *o)
{
	fasync_helper(-1, (struct file *)o->key, 0,
		      (struct fasync_struct **)o->a);
}

static const struct drvsup_obj_type obj_fasync = {
	.name = "fasync",
	.release = release_fasync,
};

DSW(int, fasync_helper, int fd, struct file *file, int on,
	struct fasync_struct **fapp)
{
	struct drvsup_obj *o;
	int ret;

	DSW_ENTER(d);
	ret = fasync_helper(fd, file, on, fapp);
	if (d && ret >= 0) {
		o = drvsup_find(d, &obj_fasync, file);
		if (on && !o && !drvsup_track(d, &obj_fasync, file,
					      (unsigned long)fapp, 0,
					      GFP_KERNEL)) {
			fasync_helper(-1, file, 0, fapp);
			ret = -ENOMEM;
		} else if (!on && o) {
			drvsup_obj_free(drvsup_untrack(d, &obj_fasync, file));
		}
	}
	DSW_LEAVE();
	return ret;
}

/**
 * dsw_chrdev_file_log - the class shadow's state of an open file of @d's
 * @d: the domain of the driver asking
 * @file: a file of one of its char devices, in its open or later
 *
 * Returns the hooks' file_size bytes for @file (they live until the file
 * is closed), or NULL if @file is not a supervised file of @d's.
 */
void *dsw_chrdev_file_log(struct drvsup_domain *d, struct file *file)
{
	struct proxy_file *pf = NULL;
	struct fops_proxy *p;
	unsigned long flags;

	if (!d || !file || !hooks || file->f_op->open != proxy_open)
		return NULL;
	p = to_proxy(file);
	if (p->d != d)
		return NULL;
	spin_lock_irqsave(&p->lock, flags);
	pf = proxy_file_find(p, file);
	spin_unlock_irqrestore(&p->lock, flags);
	return pf ? pf->log : NULL;
}

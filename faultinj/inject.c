// SPDX-License-Identifier: GPL-2.0
/*
 * inject.c - the fault injector's debugfs interface and its list of armed
 * injections (/sys/kernel/debug/drvsup/faultinj/):
 *
 *   inject   write "MODULE SYMBOL+OFFSET TYPE [KEY=VALUE...]" (code
 *            mutation) or "MODULE TYPE [KEY=VALUE...]" (interface fault),
 *            or "clear"; read: one line per injection armed since the last
 *            clear, with its hits, firings and when it first ran and fired
 *   error    why the last write was refused (empty after a success)
 *   verbose  0: quiet, 1: log each injection's first firing (default),
 *            2: log every firing
 *
 * KEYs: reg= bit= disp= (what to corrupt), nth= times= prob= (parts per
 * million) seed= (the trigger, trigger.c), mode=lost|double (irq). A
 * refused write arms nothing and says why in "error" and the kernel log.
 * Records outlive their module (marked "gone") so that a trial can still
 * read whether its fault ran after the driver was unloaded.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../isolation/domain.h"
#include "cmd.h"
#include "faultinj.h"

const char *const faultinj_names[FI_NR] = {
	[FI_TEXT] = "text", [FI_NOP] = "nop", [FI_DST] = "dst",
	[FI_SRC] = "src", [FI_BRANCH] = "branch", [FI_PTR] = "ptr",
	[FI_LOOP] = "loop", [FI_INIT] = "init", [FI_STACK] = "stack",
	[FI_HEAP] = "heap", [FI_ALLOC] = "alloc", [FI_IRQ] = "irq",
	[FI_FREE] = "free", [FI_BCOPY] = "bcopy",
};

LIST_HEAD(faultinj_list);
DEFINE_MUTEX(faultinj_lock);
static int next_id = 1;
static char last_error[128];	/* guarded by faultinj_lock */

static bool is_iface(enum faultinj_type t)
{
	return t >= FI_NR_CODE;
}

static void fi_free(struct faultinj *fi)
{
	if (is_iface(fi->type)) {
		if (!fi->gone)
			faultinj_iface_del(fi);
	} else {
		faultinj_mutation_disarm(fi);
	}
	list_del(&fi->node);
	kfree(fi);
}

/* KEY=VALUE into @fi; -EINVAL for an unknown key or a bad value. */
static int parse_kv(struct faultinj *fi, char *kv, char *err, size_t len)
{
	char *val = strchr(kv, '=');
	int r = 0;

	if (!val)
		goto bad;
	*val++ = '\0';
	if (!strcmp(kv, "reg")) {
		fi->reg = faultinj_reg_parse(val);
		r = fi->reg < -1 ? -EINVAL : 0;
	} else if (!strcmp(kv, "bit")) {
		r = kstrtoint(val, 0, &fi->bit);
		if (!r && (fi->bit < -1 || fi->bit > 63))
			r = -EINVAL;
	} else if (!strcmp(kv, "disp")) {
		r = kstrtol(val, 0, &fi->disp);
	} else if (!strcmp(kv, "nth")) {
		r = kstrtoul(val, 0, &fi->trig.nth);
		if (!r && !fi->trig.nth)
			r = -EINVAL;
	} else if (!strcmp(kv, "times")) {
		r = kstrtoul(val, 0, &fi->trig.times);
	} else if (!strcmp(kv, "prob")) {
		r = kstrtou32(val, 0, &fi->trig.ppm);
		if (!r && (!fi->trig.ppm || fi->trig.ppm > 1000000))
			r = -EINVAL;
	} else if (!strcmp(kv, "seed")) {
		r = kstrtou64(val, 0, &fi->trig.seed);
	} else if (!strcmp(kv, "mode") && fi->type == FI_IRQ) {
		fi->irq_double = !strcmp(val, "double");
		r = fi->irq_double || !strcmp(val, "lost") ? 0 : -EINVAL;
	} else {
		goto bad;
	}
	if (r)
		snprintf(err, len, "bad value for %s: '%s'", kv, val);
	return r ? -EINVAL : 0;
bad:
	snprintf(err, len, "unknown setting '%s'", kv);
	return -EINVAL;
}

static int arm_iface(struct faultinj *fi, char *err, size_t len)
{
	struct drvsup_domain *d = drvsup_domain_get(fi->mod);

	if (!d) {
		snprintf(err, len, "%s is not supervised: %s faults live in drvsup's wrappers",
			 fi->mod, faultinj_names[fi->type]);
		return -ENODEV;
	}
	kobject_put(&d->kobj);
	snprintf(fi->detail, sizeof(fi->detail), "%s",
		 fi->type == FI_ALLOC ? "allocation returned NULL" :
		 fi->type == FI_FREE ? "allocation freed early" :
		 fi->type == FI_BCOPY ? "copy overran its destination" :
		 fi->irq_double ? "interrupt delivered twice" :
		 "interrupt lost");
	faultinj_iface_add(fi);
	return 0;
}

/*
 * "MODULE [SYMBOL+OFFSET] TYPE": the fault type, or -EINVAL. An interface
 * fault has no SYMBOL+OFFSET (*where is then NULL).
 */
static int fi_parse_head(char **line, char **mod, char **where, char *err,
			 size_t len)
{
	char *type;
	int t;

	*mod = strsep(line, " ");
	*where = strsep(line, " ");
	if (!*mod || !**mod || !*where || !**where) {
		snprintf(err, len, "usage: MODULE [SYMBOL+OFFSET] TYPE [KEY=VALUE...]");
		return -EINVAL;
	}
	t = match_string(faultinj_names, FI_NR, *where);
	if (t >= 0 && is_iface(t)) {
		type = *where;
		*where = NULL;
	} else {
		type = strsep(line, " ");
		t = type ? match_string(faultinj_names, FI_NR, type) : -EINVAL;
	}
	if (t < 0 || (*where && is_iface(t)) || (!*where && !is_iface(t))) {
		snprintf(err, len, "unknown fault type '%s' (or missing SYMBOL+OFFSET)",
			 type ?: "");
		return -EINVAL;
	}
	if (strlen(*mod) >= MODULE_NAME_LEN) {
		snprintf(err, len, "module name too long");
		return -EINVAL;
	}
	return t;
}

/* A new injection of type @t at @mod's @where ("SYMBOL[+OFFSET]" or NULL). */
static struct faultinj *fi_new(const char *mod, char *where, int t, char *err,
			       size_t len)
{
	struct faultinj *fi;
	char *off;

	fi = kzalloc(sizeof(*fi), GFP_KERNEL);
	if (!fi)
		return ERR_PTR(-ENOMEM);
	fi->type = t;
	fi->reg = -1;
	fi->bit = -1;
	fi->disp = t == FI_STACK ? -1 : 0;
	fi->trig.nth = 1;
	fi->trig.times = 1;
	fi->trig.ppm = 1000000;
	strscpy(fi->mod, mod, sizeof(fi->mod));
	if (!where) {
		snprintf(fi->sym, sizeof(fi->sym), "%s:-", mod);
		return fi;
	}
	off = strchr(where, '+');
	if (off)
		*off++ = '\0';
	if (off && kstrtoul(off, 0, &fi->offset)) {
		snprintf(err, len, "bad offset '%s'", off);
		kfree(fi);
		return ERR_PTR(-EINVAL);
	}
	snprintf(fi->sym, sizeof(fi->sym), "%s:%s", mod, where);
	return fi;
}

/* The "KEY=VALUE..." rest of the line, then what they must agree on. */
static int fi_settings(struct faultinj *fi, char *line, char *err, size_t len)
{
	char *kv;
	int r;

	while ((kv = strsep(&line, " "))) {
		if (!*kv)
			continue;
		r = parse_kv(fi, kv, err, len);
		if (r)
			return r;
	}
	if (fi->type == FI_STACK && (fi->disp < -1 || fi->disp > 7)) {
		snprintf(err, len, "stack: disp= is a word index 0-7");
		return -EINVAL;
	}
	return 0;
}

/* "MODULE [SYMBOL+OFFSET] TYPE [KEY=VALUE...]" */
static int fi_arm(char *line, char *err, size_t len)
{
	char *mod, *where;
	struct faultinj *fi;
	int t, r;

	t = fi_parse_head(&line, &mod, &where, err, len);
	if (t < 0)
		return t;
	fi = fi_new(mod, where, t, err, len);
	if (IS_ERR(fi))
		return PTR_ERR(fi);
	r = fi_settings(fi, line, err, len);
	if (r) {
		kfree(fi);
		return r;
	}
	faultinj_trigger_init(&fi->trig);
	r = is_iface(t) ? arm_iface(fi, err, len) :
			  faultinj_mutation_arm(fi, err, len);
	if (r) {
		kfree(fi);
		return r;
	}
	fi->id = next_id++;
	list_add_tail(&fi->node, &faultinj_list);
	if (faultinj_verbose)
		pr_info("faultinj: #%d %s at %s+%#lx armed (nth=%lu times=%lu prob=%u seed=%llu)\n",
			fi->id, faultinj_names[t], fi->sym, fi->offset,
			fi->trig.nth, fi->trig.times, fi->trig.ppm,
			fi->trig.seed);
	return 0;
}

static ssize_t inject_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	char buf[256], *cmd = faultinj_cmd(buf, sizeof(buf), ubuf, len);
	int err;

	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	mutex_lock(&faultinj_lock);
	last_error[0] = '\0';
	if (!strcmp(cmd, "clear")) {
		struct faultinj *fi, *tmp;

		list_for_each_entry_safe(fi, tmp, &faultinj_list, node)
			fi_free(fi);
		err = 0;
	} else {
		err = fi_arm(cmd, last_error, sizeof(last_error));
		if (err && !last_error[0])
			snprintf(last_error, sizeof(last_error), "error %d", err);
		if (err)
			pr_info("faultinj: refused: %s\n", last_error);
	}
	mutex_unlock(&faultinj_lock);
	return err ? err : len;
}

static int inject_show(struct seq_file *m, void *v)
{
	struct faultinj *fi;

	mutex_lock(&faultinj_lock);
	list_for_each_entry(fi, &faultinj_list, node) {
		seq_printf(m, "%d %s+%#lx %s", fi->id, fi->sym, fi->offset,
			   faultinj_names[fi->type]);
		if (!is_iface(fi->type))
			seq_printf(m, " reg=%s bit=%d disp=%ld",
				   faultinj_reg_name(fi->reg), fi->bit,
				   fi->disp);
		seq_printf(m, " nth=%lu times=%lu prob=%u seed=%llu hits=%ld fired=%ld first_hit_ns=%llu first_fire_ns=%llu state=%s detail=%s\n",
			   fi->trig.nth, fi->trig.times, fi->trig.ppm,
			   fi->trig.seed, atomic_long_read(&fi->trig.hits),
			   atomic_long_read(&fi->trig.fired),
			   READ_ONCE(fi->trig.first_hit_ns),
			   READ_ONCE(fi->trig.first_fire_ns),
			   fi->gone ? "gone" : "armed",
			   fi->detail[0] ? fi->detail : "-");
	}
	mutex_unlock(&faultinj_lock);
	return 0;
}

static int inject_open(struct inode *inode, struct file *file)
{
	return single_open(file, inject_show, NULL);
}

static const struct file_operations inject_fops = {
	.owner = THIS_MODULE,
	.open = inject_open,
	.read = seq_read,
	.write = inject_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int error_show(struct seq_file *m, void *v)
{
	mutex_lock(&faultinj_lock);
	if (last_error[0])
		seq_printf(m, "%s\n", last_error);
	mutex_unlock(&faultinj_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(error);

/* A module going away: its probes go, its records stay (marked gone). */
static int fi_module_event(struct notifier_block *nb, unsigned long ev,
			   void *data)
{
	struct module *mod = data;
	struct faultinj *fi;

	if (ev != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&faultinj_lock);
	list_for_each_entry(fi, &faultinj_list, node) {
		if (fi->gone || strcmp(fi->mod, mod->name))
			continue;
		if (is_iface(fi->type))
			faultinj_iface_del(fi);
		else
			faultinj_mutation_disarm(fi);
		fi->gone = true;
	}
	mutex_unlock(&faultinj_lock);
	return NOTIFY_DONE;
}

static struct notifier_block fi_module_nb = {
	.notifier_call = fi_module_event,
};

int drvsup_faultinj_init(struct dentry *parent)
{
	struct dentry *dir = debugfs_create_dir("faultinj", parent);

	debugfs_create_file("inject", 0600, dir, NULL, &inject_fops);
	debugfs_create_file("error", 0400, dir, NULL, &error_fops);
	debugfs_create_u32("verbose", 0600, dir, &faultinj_verbose);
	return register_module_notifier(&fi_module_nb);
}

void drvsup_faultinj_exit(void)
{
	struct faultinj *fi, *tmp;

	unregister_module_notifier(&fi_module_nb);
	mutex_lock(&faultinj_lock);
	list_for_each_entry_safe(fi, tmp, &faultinj_list, node)
		fi_free(fi);
	mutex_unlock(&faultinj_lock);
}

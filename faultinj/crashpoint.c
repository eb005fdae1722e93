// SPDX-License-Identifier: GPL-2.0
/*
 * crashpoint.c - deterministic crash points in a driver, armed from debugfs.
 *
 *   echo "MODULE SYMBOL[+OFFSET] KIND [NTH [TIMES]]" > /sys/kernel/debug/drvsup/crashpoint
 *   cat /sys/kernel/debug/drvsup/crashpoint      # armed points, hits, fired
 *   echo "clear" > /sys/kernel/debug/drvsup/crashpoint
 *
 * A kprobe at MODULE:SYMBOL+OFFSET counts hits; from the NTH hit on it fires
 * TIMES times (default 1 1): the probed context is sent into the crash kind
 * (faultinj/crash.c) as if the driver had called it there, and raises a real
 * fault of that kind in the driver's context. The probe never single-steps
 * the crash: a #DE or #UD inside a kprobe's single-step leaves the CPU's
 * kprobe state set and blinds the page-fault hook (isolation.md). Probes get
 * a post handler so they are never optimised (an optimised probe ignores
 * the redirection). Works on supervised and plain drivers alike.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/debugfs.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../isolation/domain.h"
#include "cmd.h"
#include "crash.h"
#include "faultinj.h"

struct crashpoint {
	struct kprobe kp;
	struct list_head node;
	char sym[MODULE_NAME_LEN + KSYM_NAME_LEN + 2];	/* "module:symbol" */
	enum drvsup_crash_kind kind;
	unsigned long offset;		/* as armed (the probe may be past fentry) */
	unsigned long nth, times;
	atomic_long_t hits, fired;
};

static LIST_HEAD(points);
static DEFINE_MUTEX(points_lock);

static int cp_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct crashpoint *cp = container_of(kp, struct crashpoint, kp);
	struct drvsup_frame *f;
	long hit = atomic_long_inc_return(&cp->hits);

	if (hit < cp->nth || hit >= cp->nth + cp->times)
		return 0;
	atomic_long_inc(&cp->fired);
	f = drvsup_current_frame();
	if (f)
		f->site = (unsigned long)kp->addr;
	regs->ip = (unsigned long)drvsup_crash_fns[cp->kind];
	return 1;	/* ip changed: do not single-step */
}

static void cp_post(struct kprobe *kp, struct pt_regs *regs,
		    unsigned long flags)
{
}

static void cp_free(struct crashpoint *cp)
{
	unregister_kprobe(&cp->kp);
	list_del(&cp->node);
	kfree(cp);
}

/*
 * Where to probe: SYMBOL+OFFSET, except that a function's ftrace site (its
 * entry) is never probed. A kprobe there is ftrace-based, and arming or
 * clearing it makes ftrace patch the site with text_poke_bp(); a CPU in
 * the function at that moment was seen (under QEMU TCG) to take the
 * patch's int3 after the patching ended, which the kprobe handler then
 * "single-steps" from the ftrace kprobe's missing slot: a jump to address
 * 0. The instruction after the site is still before the driver did
 * anything. The address is found with a probe registered disabled, which
 * patches nothing.
 */
static int cp_resolve(struct crashpoint *cp, unsigned long offset)
{
	struct kprobe probe = {
		.symbol_name = cp->sym,
		.offset = offset,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int err = register_kprobe(&probe);

	if (err)
		return err;
	cp->kp.addr = probe.addr;
	if (probe.flags & KPROBE_FLAG_FTRACE)
		cp->kp.addr = probe.addr + MCOUNT_INSN_SIZE;
	unregister_kprobe(&probe);
	return 0;
}

/* "MODULE SYMBOL[+OFFSET] KIND [NTH [TIMES]]" */
static int cp_arm(char *line)
{
	char *mod, *sym, *kind, *off;
	struct crashpoint *cp;
	unsigned long offset = 0;
	int k, err;

	mod = strsep(&line, " ");
	sym = strsep(&line, " ");
	kind = strsep(&line, " ");
	if (!mod || !sym || !kind || !*mod || !*sym)
		return -EINVAL;
	k = drvsup_crash_parse(kind);
	if (k < 0)
		return k;
	off = strchr(sym, '+');
	if (off) {
		*off++ = '\0';
		if (kstrtoul(off, 0, &offset))
			return -EINVAL;
	}
	cp = kzalloc(sizeof(*cp), GFP_KERNEL);
	if (!cp)
		return -ENOMEM;
	cp->kind = k;
	cp->nth = 1;
	cp->times = 1;
	if (line && sscanf(line, "%lu %lu", &cp->nth, &cp->times) < 1) {
		kfree(cp);
		return -EINVAL;
	}
	if (!cp->nth || !cp->times) {
		kfree(cp);
		return -EINVAL;
	}
	snprintf(cp->sym, sizeof(cp->sym), "%s:%s", mod, sym);
	err = cp_resolve(cp, offset);
	if (!err) {
		cp->kp.pre_handler = cp_pre;
		cp->kp.post_handler = cp_post;
		err = register_kprobe(&cp->kp);
	}
	if (err) {
		pr_info("crashpoint %s+%#lx: cannot probe (%d)\n", cp->sym,
			offset, err);
		kfree(cp);
		return err;
	}
	cp->offset = offset;
	list_add_tail(&cp->node, &points);
	return 0;
}

static ssize_t cp_write(struct file *file, const char __user *ubuf,
			size_t len, loff_t *ppos)
{
	char buf[160], *cmd = faultinj_cmd(buf, sizeof(buf), ubuf, len);
	int err;

	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	mutex_lock(&points_lock);
	if (!strcmp(cmd, "clear")) {
		struct crashpoint *cp, *tmp;

		list_for_each_entry_safe(cp, tmp, &points, node)
			cp_free(cp);
		err = 0;
	} else {
		err = cp_arm(cmd);
	}
	mutex_unlock(&points_lock);
	return err ? err : len;
}

static int cp_show(struct seq_file *m, void *v)
{
	struct crashpoint *cp;

	mutex_lock(&points_lock);
	list_for_each_entry(cp, &points, node)
		seq_printf(m, "%s+%#lx %s nth=%lu times=%lu hits=%ld fired=%ld\n",
			   cp->sym, cp->offset, drvsup_crash_names[cp->kind],
			   cp->nth, cp->times, atomic_long_read(&cp->hits),
			   atomic_long_read(&cp->fired));
	mutex_unlock(&points_lock);
	return 0;
}

static int cp_open(struct inode *inode, struct file *file)
{
	return single_open(file, cp_show, NULL);
}

static const struct file_operations cp_fops = {
	.owner = THIS_MODULE,
	.open = cp_open,
	.read = seq_read,
	.write = cp_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* A module going away takes its crash points with it. */
static int cp_module_event(struct notifier_block *nb, unsigned long ev,
			   void *data)
{
	struct module *mod = data;
	struct crashpoint *cp, *tmp;
	size_t n = strlen(mod->name);

	if (ev != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&points_lock);
	list_for_each_entry_safe(cp, tmp, &points, node)
		if (!strncmp(cp->sym, mod->name, n) && cp->sym[n] == ':')
			cp_free(cp);
	mutex_unlock(&points_lock);
	return NOTIFY_DONE;
}

static struct notifier_block cp_module_nb = {
	.notifier_call = cp_module_event,
};

int drvsup_crashpoint_init(struct dentry *dir)
{
	debugfs_create_file("crashpoint", 0600, dir, NULL, &cp_fops);
	return register_module_notifier(&cp_module_nb);
}

void drvsup_crashpoint_exit(void)
{
	struct crashpoint *cp, *tmp;

	unregister_module_notifier(&cp_module_nb);
	mutex_lock(&points_lock);
	list_for_each_entry_safe(cp, tmp, &points, node)
		cp_free(cp);
	mutex_unlock(&points_lock);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * faultinj.h - the fault injector's model: fault types, triggers and armed
 * injections, shared by the debugfs interface (inject.c), the decision
 * (trigger.c), code mutations (mutate.c) and interface faults (iface.c).
 */
#ifndef DRVSUP_FAULTINJ_H
#define DRVSUP_FAULTINJ_H

#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/spinlock.h>

struct dentry;
struct drvsup_domain;
struct drvsup_entry;

/* The fault types of faultinj.md; the order is the ABI of faultinj_names. */
enum faultinj_type {
	FI_TEXT,	/* flip a bit of the instruction's result (post) */
	FI_NOP,		/* skip the instruction */
	FI_DST,		/* corrupt the destination register after it */
	FI_SRC,		/* corrupt a source register before it */
	FI_BRANCH,	/* invert a conditional branch */
	FI_PTR,		/* corrupt the base/index register of a memory operand */
	FI_LOOP,	/* corrupt a compare's register operand */
	FI_INIT,	/* skip a store that initialises a local */
	FI_STACK,	/* flip a bit in the driver's stack frame */
	FI_HEAP,	/* flip a bit in the object a memory operand addresses */
	FI_NR_CODE,	/* --- above: code mutations (kprobes); below: wrappers */
	FI_ALLOC = FI_NR_CODE,	/* an allocation returns NULL */
	FI_IRQ,		/* an interrupt is lost or delivered twice */
	FI_FREE,	/* an allocation is freed early (use after free) */
	FI_BCOPY,	/* a copy writes past the end of its destination */
	FI_NR,
};

extern const char *const faultinj_names[FI_NR];

/*
 * When an armed injection fires: hits count executions of the site; from
 * hit @nth on, each hit fires with probability @ppm per million, until it
 * fired @times times (0: no limit). Defaults 1, 1000000, 1: once, at the
 * first execution.
 */
struct faultinj_trigger {
	unsigned long nth;
	unsigned long times;
	u32 ppm;
	u64 seed;			/* bits and probabilities come from it */
	atomic_long_t hits, fired;
	u64 first_hit_ns, first_fire_ns;	/* monotonic; 0: not yet */
	raw_spinlock_t lock;		/* guards rnd (any context) */
	struct rnd_state rnd;
};

/* One armed injection; on faultinj_list, guarded by faultinj_lock. */
struct faultinj {
	struct list_head node;
	int id;				/* unique, never reused in a boot */
	enum faultinj_type type;
	char mod[MODULE_NAME_LEN];
	char sym[MODULE_NAME_LEN + KSYM_NAME_LEN + 2];	/* "module:symbol" */
	unsigned long offset;
	struct faultinj_trigger trig;

	/* code mutations */
	struct kprobe kp;
	bool probed;			/* kp registered */
	bool gone;			/* the module went away: kp unregistered */
	int reg;			/* pt_regs word index, -1: flags */
	int bit;			/* -1: chosen at random per firing */
	long disp;			/* heap: the memory operand's displacement */
	char detail[48];		/* what the last firing did */

	/* interface faults */
	struct list_head iface_node;	/* on iface.c's RCU list */
	bool irq_double;		/* irq: deliver twice (else: lose it) */
};

extern struct list_head faultinj_list;
extern struct mutex faultinj_lock;
extern u32 faultinj_verbose;

/* trigger.c */
void faultinj_trigger_init(struct faultinj_trigger *t);
bool faultinj_trigger_hit(struct faultinj_trigger *t);
u32 faultinj_random(struct faultinj_trigger *t, u32 below);
void faultinj_log_fire(struct faultinj *fi);

/* mutate.c: arm (registers the probe) and disarm a code mutation */
int faultinj_mutation_arm(struct faultinj *fi, char *err, size_t errlen);
void faultinj_mutation_disarm(struct faultinj *fi);
int faultinj_reg_parse(const char *name);
const char *faultinj_reg_name(int reg);

/* iface.c: arm and disarm an interface fault (under faultinj_lock) */
void faultinj_iface_add(struct faultinj *fi);
void faultinj_iface_del(struct faultinj *fi);

/* selftest.c: the isolation self-test and gate benchmark */
int drvsup_selftest_init(struct dentry *dir);
void drvsup_selftest_exit(void);

/* crashpoint.c */
int drvsup_crashpoint_init(struct dentry *dir);
void drvsup_crashpoint_exit(void);

/* inject.c */
int drvsup_faultinj_init(struct dentry *dir);
void drvsup_faultinj_exit(void);

/* Hooks for drvsup's wrappers (iface.c): one call per wrapper. */
bool faultinj_alloc_fails(struct drvsup_domain *d);
bool faultinj_free_early(struct drvsup_domain *d, const void *p, bool vmalloc);
unsigned long faultinj_copy_len(struct drvsup_domain *d, unsigned long n);
long faultinj_irq(struct drvsup_domain *d, struct drvsup_entry *e,
		  void *handler, int irq, void *dev_id);

#endif /* DRVSUP_FAULTINJ_H */

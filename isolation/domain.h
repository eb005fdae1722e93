/* SPDX-License-Identifier: GPL-2.0 */
/*
 * domain.h - the object model of drvsup's isolation layer.
 *
 * A *domain* is one supervised driver module. Every kernel->driver call
 * enters it through a *gate*, which pushes a *frame* (a recovery context
 * saved by gate_entry.S plus bookkeeping) on the chain of the current task
 * (process context, may sleep) or CPU (interrupt context). A fault while
 * the innermost frame is on the driver side unwinds that frame: the CPU
 * resumes at the gate's recovery label with the registers, stack and flags
 * the gate saw, the C side restores preempt count, RCU nesting and
 * pagefault-disable depth and releases the kernel locks the frame took
 * through wrappers, and the caller gets the entry's failure result.
 *
 * Invariants:
 *  - this_cpu(drvsup_cur) is the innermost frame running on this CPU, or
 *    NULL. A task's frames are moved off the CPU by its preempt notifier
 *    when it is switched out and back when it is switched in.
 *  - A frame lives on the stack of the context that entered the gate and
 *    is unlinked before the gate returns. The driver runs on a stack of
 *    its domain's (stack.c), out of which its stores cannot reach the
 *    frame (but for a nested gate, which stays on the stack it is on).
 *  - The in_flight counts of dom->cnt, summed over the CPUs, count the
 *    frames of the domain on all chains; a domain's memory is only torn
 *    down when the sum is zero (drvsup_domain_drain()).
 */
#ifndef DRVSUP_DOMAIN_H
#define DRVSUP_DOMAIN_H

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "tracker.h"

/* Life of a domain. */
enum drvsup_state {
	DRVSUP_RUNNING,		/* passive: calls go to the driver */
	DRVSUP_FAILED,		/* a fault was contained; no new entries */
	DRVSUP_DEAD,		/* released; every entry gets -ENODEV */
};

/* What a contained fault was. */
enum drvsup_fault_kind {
	DRVSUP_FAULT_NONE,
	DRVSUP_FAULT_PAGE,	/* page fault (NULL or bad pointer) */
	DRVSUP_FAULT_GPF,	/* general protection (non-canonical address) */
	DRVSUP_FAULT_BUG,	/* invalid opcode: BUG() or ud2 */
	DRVSUP_FAULT_DIV,	/* divide error */
	DRVSUP_FAULT_HANG,	/* on-CPU budget exceeded (watchdog) */
	DRVSUP_FAULT_BADARG,	/* a wrapper refused an argument */
	DRVSUP_FAULT_KILLED,	/* unwound because the domain failed elsewhere */
	DRVSUP_FAULT_CHECK,	/* a hardening check failed (stack protector) */
	DRVSUP_FAULT_REGS,	/* returned with a callee-saved register changed */
	DRVSUP_FAULT_LOCK,	/* returned holding a lock the call took */
	DRVSUP_FAULT_WRITE,	/* a store outside the domain's write set */
	DRVSUP_FAULT_WARN,	/* WARN() on the driver side */
	DRVSUP_FAULT_DOUBLE,	/* double fault: a wild stack pointer */
	DRVSUP_FAULT_NR,
};

/* The registers gate_entry.S saves; layout shared with gate_entry.S (static_asserts). */
struct drvsup_ctx {
	unsigned long rbx, rbp, r12, r13, r14, r15;
	unsigned long rsp;		/* at gate entry: points at our return address */
	unsigned long rflags;
	unsigned long fn;		/* driver function to call */
	unsigned long clobbered;	/* returned with rbx..r15 changed */
	unsigned long stack_top;	/* where the driver's stack starts; 0: below ours */
};

/*
 * One kernel->driver entry point kind, e.g. "ndo_start_xmit". Setup entries
 * (init, probe, open) may busy-wait on hardware: their hang budget is
 * DRVSUP_SETUP_BUDGET times the domain's.
 *
 * Entries are static objects of drvsup.ko. The first crossing of an entry
 * gives it a slot in the entry registry (gate.c), shared by every entry of
 * the same name, in which each domain counts its crossings (by_entry).
 */
struct drvsup_entry {
	const char *name;
	long failret;			/* returned to the kernel when unwound */
	bool setup;
	unsigned int id;		/* 1 + registry slot; 0: not yet crossed */
};

/*
 * Entry names the registry holds. Entries crossed after it is full are
 * counted together in the slot DRVSUP_ENTRY_OTHER ("other" in sysfs).
 */
#define DRVSUP_MAX_ENTRIES 64
#define DRVSUP_ENTRY_OTHER DRVSUP_MAX_ENTRIES

#define DRVSUP_SETUP_BUDGET 8

#define DRVSUP_HURRY_MS	50	/* a delayed work's delay while d->hurry */

/*
 * Something a frame holds that must be let go of if it is unwound. A
 * scoped hold (a lock, a wait entry) must also be let go of before the
 * call returns: one still held then is the driver's fault.
 */
struct drvsup_hold {
	void (*release)(void *obj, unsigned long arg);
	void *obj;
	unsigned long arg;
	bool scoped;
};

#define DRVSUP_MAX_HOLDS 8
#define DRVSUP_MAX_HOLES 8
#define DRVSUP_WCACHE 4
#define DRVSUP_WGEN_NONE (~0UL)

struct drvsup_extent;
struct drvsup_stacks;

struct drvsup_domain;

struct drvsup_frame {
	struct drvsup_ctx ctx;			/* must stay first: gate_entry.S */
	struct drvsup_frame *prev;		/* next outer frame, same task/CPU */
	struct drvsup_domain *dom;
	const struct drvsup_entry *entry;
	int preempt;				/* preempt_count() at entry */
	int rcu;				/* rcu_preempt_depth() at entry */
	int pagefault;				/* current->pagefault_disabled */
	unsigned int out;			/* >0: in a wrapper (kernel side) */
	unsigned int ticks;			/* watchdog ticks seen on a CPU */
	enum drvsup_fault_kind fault;		/* set when unwound */
	enum drvsup_fault_kind pending;		/* kind for drvsup_unwind_current */
	unsigned long pending_ip;		/* and the driver's call site, or 0 */
	unsigned long fault_ip, fault_addr;
	unsigned long site;			/* crash point that fired, if any */
	/*
	 * The domain stack the call runs on (stack.c): its base, or 0 on a
	 * kernel stack; and what drvsup_stack_leave() gives back.
	 */
	unsigned long stk;
	int stk_own;
	unsigned int nholds;
	unsigned int holds_lost;		/* scoped holds the table missed */
	struct drvsup_hold holds[DRVSUP_MAX_HOLDS];
	/*
	 * The write check's last extents found in this call (writecheck.c),
	 * valid while the tracker's gen is @wgen (DRVSUP_WGEN_NONE at entry).
	 */
	unsigned long wgen;
	unsigned int wnext;
	const struct drvsup_extent *wcache[DRVSUP_WCACHE];
};

/* Per-CPU crossing counters of a domain (summed for sysfs). */
struct drvsup_counters {
	/*
	 * Frames of the domain entered on this CPU less those that left
	 * it (a call that slept may leave on another CPU: only the sum
	 * means anything). A gate counts itself in before it reads the
	 * domain's state, and out before it reads it again:
	 * drvsup_domain_drain() orders that against a change of state.
	 */
	long in_flight;
	u64 calls_out;			/* driver -> kernel (wrappers) */
	/* kernel -> driver (gates), by entry registry slot */
	u64 by_entry[DRVSUP_MAX_ENTRIES + 1];
};

/* @field of @d's per-CPU counters (an lvalue expression), summed. */
#define drvsup_cnt_sum(d, field)					\
	({								\
		typeof(((struct drvsup_counters *)0)->field) __n = 0;	\
		int __cpu;						\
									\
		for_each_possible_cpu(__cpu)				\
			__n += per_cpu_ptr((d)->cnt, __cpu)->field;	\
		__n;							\
	})

/* What the last contained fault was, for sysfs and the report. */
struct drvsup_fault_info {
	enum drvsup_fault_kind kind;
	const char *entry;		/* entry point name */
	unsigned long ip, addr;
	char where[KSYM_SYMBOL_LEN];	/* ip (or crash point) as sym+off */
	u64 when_ns;
};

/*
 * A domain, field by field: what guards it, and what holds of it. A
 * domain is made by drvsup_domain_alloc(), published on drvsup_domains
 * (domain.c, RCU) by module.c once its module is bound, unpublished and
 * retired when the module goes, and freed with its kobject.
 */
struct drvsup_domain {
	/* Set before publication, constant afterwards. */
	struct module *mod;
	const char *name;			/* mod->name */
	unsigned long text_start, text_end;	/* driver text, for ip lookups */
	unsigned long mem_start, mem_end;	/* all of the module's core memory */
	unsigned long data_start, data_end;	/* its writable part: owned.h */
	int (*orig_init)(void);			/* the entry points the kernel */
	void (*orig_exit)(void);		/* held in struct module */
	struct drvsup_counters __percpu *cnt;	/* each CPU writes its own */

	/* On drvsup_domains: written under domains_lock, read under RCU. */
	struct list_head node;

	/*
	 * enum drvsup_state; any context, no lock. RUNNING -> FAILED only by
	 * cmpxchg (drvsup_domain_fail*: the first fault queues fail_work);
	 * FAILED -> RUNNING only by the recovery layer's restart; -> DEAD
	 * by the recovery layer (its budget spent) or at retirement. Gates
	 * let no new entry in unless it is RUNNING.
	 */
	atomic_t state;

	/*
	 * Woken by a gate that leaves while the domain is not running: the
	 * domain's objects are only released, and its memory only torn
	 * down, once no frame of it is on any chain (cnt->in_flight).
	 */
	wait_queue_head_t drained;

	/* Tasks asleep in its wrappers; under sleepers_lock (process context). */
	spinlock_t sleepers_lock;
	struct list_head sleepers;

	unsigned int budget_ms;			/* hang budget per entry; sysfs, racy */
	atomic_t faults;			/* contained faults, all time */

	/* Under lock (irqsave: written in fault context, read by sysfs). */
	spinlock_t lock;
	struct drvsup_fault_info last_fault;

	/* Tear-down after a fault; queued once per RUNNING -> FAILED. */
	struct work_struct fail_work;

	/* What the driver holds; under tracker.lock (tracker.h). */
	struct drvsup_tracker tracker;

	/*
	 * The driver's writable data as the first init gate found it, for
	 * a restart (module.c); written once, before the first init runs.
	 */
	void *snap;
	unsigned long snap_start, snap_size;
	u64 init_ns;				/* how long the first init took */
	/*
	 * The driver's state at a quiescent point since (checkpoint.c), and
	 * why there is none; under ckpt_lock.
	 */
	struct mutex ckpt_lock;
	struct drvsup_ckpt *ckpt;
	const char *ckpt_why;

	/*
	 * Restarts. The recovery layer above (struct drvsup_recovery_ops)
	 * keeps its state behind @recovery and writes the rest, in its
	 * restart worker; the wrappers read them (READ_ONCE). While
	 * @restarting, init runs again and the wrappers hand back kept
	 * objects, each once per @restart_gen.
	 */
	void *recovery;				/* ops->init's, freed by ops->free */
	bool restarting;
	unsigned int restart_gen;
	bool hurry;				/* run the driver's delayed works soon */
	/*
	 * The driver's probe leaves its device running what the dead
	 * instance set up: the device's DMA memory stays quarantined past
	 * the probe, until the class shadow has the device reset.
	 */
	bool probe_keeps_device;
	/*
	 * The task whose re-probe runs under a lock the class shadow took
	 * for it (rtnl, shadow/net.c): the driver's own taking of that lock
	 * in the probe nests inside the shadow's (wrappers/netdev.c).
	 */
	struct task_struct *lent_rtnl;
	/*
	 * The driver was built with drvsup's store instrumentation: set by
	 * its first checked store (in its init or probe, before it holds a
	 * packet), so the wrappers record the extents of what they lend
	 * it at packet rate only for a driver whose stores are checked.
	 */
	bool writes_checked;
	/*
	 * Kernel objects the driver registered inside its own memory (a
	 * NAPI context): out of its write set while registered
	 * (writecheck.c). A slot is free while its start is 0.
	 */
	struct drvsup_stacks *stacks;		/* the stacks it runs on: stack.c */
	atomic_t nholes;
	struct drvsup_hole {
		unsigned long start, last;
		const char *what;
	} holes[DRVSUP_MAX_HOLES];

	struct kobject kobj;			/* /sys/kernel/drvsup/<name>/ */
};

DECLARE_PER_CPU(struct drvsup_frame *, drvsup_cur);

/* The innermost frame running on this CPU, or NULL (see the invariants). */
static __always_inline struct drvsup_frame *drvsup_current_frame(void)
{
	return this_cpu_read(drvsup_cur);
}

/* The domain of the innermost frame on this CPU, or NULL. */
static __always_inline struct drvsup_domain *drvsup_current_domain(void)
{
	struct drvsup_frame *f = drvsup_current_frame();

	return f ? f->dom : NULL;
}

/* gate.c */
long drvsup_gate(struct drvsup_domain *d, struct drvsup_entry *e,
		 const void *fn, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long a3, unsigned long a4,
		 unsigned long a5);
bool drvsup_hold_push(void (*release)(void *, unsigned long), void *obj,
		      unsigned long arg);
void drvsup_hold_take(void (*release)(void *, unsigned long), void *obj,
		      unsigned long arg);
bool drvsup_hold_pop(void *obj);
void drvsup_unwind_current(enum drvsup_fault_kind kind, unsigned long site);
const char *drvsup_entry_name(unsigned int slot);
/* A task asleep in a wrapper, on dom->sleepers. */
struct drvsup_sleeper {
	struct list_head node;
	struct task_struct *task;
};

void drvsup_sleeper_add(struct drvsup_domain *d, struct drvsup_sleeper *s);
void drvsup_sleeper_del(struct drvsup_domain *d, struct drvsup_sleeper *s);
void drvsup_domain_wake_sleepers(struct drvsup_domain *d);
void drvsup_domain_drain(struct drvsup_domain *d);
int drvsup_gate_init(void);
void drvsup_gate_exit(void);

/*
 * The one way to cross a gate: DRVSUP_CALL(d, e, fn, args...) calls
 * fn(args...) inside domain d as entry e, with up to six arguments
 * (integers or pointers), and is what fn returned as a long, or
 * e->failret. fn is counted with the arguments, so that a call with none
 * pads like any other.
 */
#define __DS_A(x) ((unsigned long)(x))
#define DRVSUP_CALL(d, e, ...)						\
	({								\
		static_assert(COUNT_ARGS(__VA_ARGS__) <= 7,		\
			      "a gate carries six arguments");		\
		__DRVSUP_CALL(d, e, __VA_ARGS__, 0, 0, 0, 0, 0, 0);	\
	})
#define __DRVSUP_CALL(d, e, fn, a0, a1, a2, a3, a4, a5, ...)		\
	drvsup_gate(d, e, fn, __DS_A(a0), __DS_A(a1), __DS_A(a2),	\
		    __DS_A(a3), __DS_A(a4), __DS_A(a5))

/*
 * Driver -> kernel crossings: a wrapper brackets the kernel call so that a
 * fault in kernel code is never unwound into the driver's gate.
 */
static inline struct drvsup_frame *drvsup_out_begin(void)
{
	struct drvsup_frame *f = drvsup_current_frame();

	if (f) {
		f->out++;
		this_cpu_inc(f->dom->cnt->calls_out);
	}
	return f;
}

static inline void drvsup_out_end(struct drvsup_frame *f)
{
	if (f)
		f->out--;
}

/* trap.c */
int drvsup_trap_init(void);
void drvsup_trap_exit(void);
bool drvsup_unwind_regs(struct drvsup_frame *f, struct pt_regs *regs,
			enum drvsup_fault_kind kind, unsigned long addr);
struct drvsup_frame *drvsup_frame_for(struct pt_regs *regs, int irq_adjust);

/* watchdog.c */
int drvsup_watchdog_init(void);
void drvsup_watchdog_exit(void);

/* domain.c */
struct drvsup_domain *drvsup_domain_alloc(const char *name);
void drvsup_domain_publish(struct drvsup_domain *d);
void drvsup_domain_unpublish(struct drvsup_domain *d);
struct drvsup_domain *drvsup_domain_of_addr(unsigned long addr);
struct drvsup_domain *drvsup_domain_get(const char *name);
void drvsup_domain_fail(struct drvsup_domain *d, struct drvsup_frame *f);
void drvsup_domain_fail_restart(struct drvsup_domain *d);
void drvsup_domain_retire(struct drvsup_domain *d);
void drvsup_domain_free(struct kobject *kobj);
int drvsup_domains_init(void);
void drvsup_domains_exit(void);

/*
 * Recovery: what a layer above isolation does with a failed domain (the
 * shadow drivers, shadow/core.c). It registers its ops once, at module
 * init, before any domain exists; without it a failed domain stays failed.
 * All hooks are called in process context unless said otherwise:
 *   init      a new domain: set up d->recovery (0 or -errno)
 *   free      the domain's memory goes: free d->recovery
 *   fault     @d is about to leave RUNNING (fault context, any): decide
 *             whether it will recover, before anyone sees it failed
 *   quiesced  every task and CPU left the failed driver
 *   released  its objects were released: true if a restart comes
 *   destroy   the module is going: no attempt after this one
 *   recovering  is a recovery pending or running? (any context)
 *   wait      hold a caller of a kept object until the driver serves:
 *             0, or -ENODEV/-ETIMEDOUT/-ERESTARTSYS
 *   reprobe   around a bus device's probe during a restart (begin true,
 *             then false)
 *   group     the layer's files in the domain's sysfs directory
 */
struct drvsup_recovery_ops {
	int (*init)(struct drvsup_domain *d);
	void (*free)(struct drvsup_domain *d);
	void (*fault)(struct drvsup_domain *d);
	void (*quiesced)(struct drvsup_domain *d);
	bool (*released)(struct drvsup_domain *d);
	void (*destroy)(struct drvsup_domain *d);
	bool (*recovering)(struct drvsup_domain *d);
	int (*wait)(struct drvsup_domain *d);
	void (*reprobe)(struct drvsup_domain *d, bool begin);
	/* the driver's init returned 0 (process context) */
	void (*initialized)(struct drvsup_domain *d);
	/* after the drain: true to release to the checkpoint, not everything */
	bool (*rewinds)(struct drvsup_domain *d);
	const struct attribute_group *group;
};

void drvsup_recovery_register(const struct drvsup_recovery_ops *ops);
bool drvsup_recovering(struct drvsup_domain *d);
int drvsup_recovery_wait(struct drvsup_domain *d);
void drvsup_recovery_reprobe(struct drvsup_domain *d, bool begin);
void drvsup_recovery_initialized(struct drvsup_domain *d);
const struct attribute_group *drvsup_recovery_group(void);

/* Is @d's init running again (the wrappers hand back kept objects)? */
static inline bool drvsup_domain_restarting(struct drvsup_domain *d)
{
	return READ_ONCE(d->restarting);
}

/* report.c */
const char *drvsup_fault_name(enum drvsup_fault_kind kind);
const char *drvsup_state_name(enum drvsup_state state);
void drvsup_report_fault(struct drvsup_domain *d, struct drvsup_frame *f);
__printf(2, 3) void drvsup_report_why(struct drvsup_domain *d,
				      const char *fmt, ...);

static inline enum drvsup_state drvsup_state(struct drvsup_domain *d)
{
	return atomic_read(&d->state);
}

#endif /* DRVSUP_DOMAIN_H */

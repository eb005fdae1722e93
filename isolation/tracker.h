/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracker.h - the object tracker: every resource a supervised driver got
 * from the kernel through a wrapper, so that a failed driver's resources
 * can be released (in reverse order) without its help.
 *
 * Each wrapper subsystem (wrappers/<subsystem>.c) defines the object types
 * it tracks with a struct drvsup_obj_type saying how to quiesce and release
 * one. Objects the kernel sees as the driver's identity (the cdev and /dev
 * node, the net_device, the PCI driver binding) are *kept*: a failed driver
 * loses everything else, and kept objects go only when the module unloads.
 *
 * Invariant: an object is on exactly one domain's list from the wrapper
 * call that granted it until the wrapper call that freed it, or until the
 * tracker released it. Lookups by key take the domain's tracker lock.
 */
#ifndef DRVSUP_TRACKER_H
#define DRVSUP_TRACKER_H

#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/rbtree_latch.h>
#include <linux/spinlock.h>

struct drvsup_domain;
struct drvsup_obj;

/*
 * What a recovery from the checkpoint (checkpoint.c) does with an object
 * the driver held when the checkpoint was taken: it keeps it, so each
 * type says how it comes back to the state it had then. A domain holding
 * an object of a type that cannot is restarted from scratch instead.
 */
enum drvsup_ckpt_rule {
	DRVSUP_CKPT_NONE,	/* only a restart brings it back */
	DRVSUP_CKPT_KEEP,	/* nothing of it changes after it was granted */
	DRVSUP_CKPT_COPY,	/* the driver's bytes: copied back (state()) */
	DRVSUP_CKPT_REWIND,	/* rewind() brings it back */
};

struct drvsup_obj_type {
	const char *name;		/* sysfs and report name, e.g. "irq" */
	bool kept;			/* survives a failure (kernel-visible) */
	bool restartable;		/* kept: a restarted driver gets it back */
	/* stop the object from calling into the driver; atomic (may be NULL) */
	void (*quiesce)(struct drvsup_domain *d, struct drvsup_obj *o);
	/* give the object back to the kernel */
	void (*release)(struct drvsup_domain *d, struct drvsup_obj *o);
	/* bytes at key the domain owns while it holds it (owned.h; may be NULL) */
	size_t (*extent)(const struct drvsup_obj *o);
	enum drvsup_ckpt_rule ckpt;
	/* DRVSUP_CKPT_COPY: where the driver's bytes are (NULL: key, extent) */
	size_t (*state)(const struct drvsup_obj *o, unsigned long *start);
	/* DRVSUP_CKPT_REWIND: back to the state it was granted in; process context */
	void (*rewind)(struct drvsup_domain *d, struct drvsup_obj *o);
	/*
	 * DRVSUP_CKPT_REWIND: after the replay from the checkpoint, what the
	 * rewind held back (a device's interrupts: its driver's open expects
	 * a device quiet as after probe, and this one may still raise what
	 * the dead instance enabled); under the tracker's lock, no sleeping
	 */
	void (*rearm)(struct drvsup_domain *d, struct drvsup_obj *o);
	/* DRVSUP_CKPT_KEEP: may veto (it changed after all); any context, no sleep */
	bool (*unchanged)(const struct drvsup_obj *o);
};

struct drvsup_obj {
	struct list_head node;		/* domain's objects, oldest first */
	struct hlist_node hnode;	/* by key */
	const struct drvsup_obj_type *type;
	const void *key;		/* what the driver holds: address, cookie */
	unsigned long a, b;		/* type-specific (size, irq, dma handle) */
	void *priv;			/* type-specific (a proxy, a copy) */
	unsigned int claimed;		/* restart that got it back (kept) */
	u64 seq;			/* order of tracking, from 1 */
};

#define DRVSUP_TRACKER_BITS 10

struct drvsup_tracker {
	spinlock_t lock;		/* guards everything below */
	struct list_head objs;
	struct latch_tree_root extents;	/* memory the objects own: owned.h */
	unsigned long gen;		/* bumped by each extent removal */
	DECLARE_HASHTABLE(by_key, DRVSUP_TRACKER_BITS);
	unsigned int nr_driver;		/* objects released on failure */
	unsigned int nr_kept;		/* objects kept for the kernel */
	u64 seq;			/* the last object's */
	u64 mark;			/* seq at the checkpoint (0: none) */
	unsigned int mark_nr;		/* objects held at the checkpoint */
};

enum drvsup_release_mode {
	DRVSUP_RELEASE_DRIVER,		/* after a failure: all but kept objects */
	DRVSUP_RELEASE_ALL,		/* at unload: everything left */
	DRVSUP_RELEASE_SINCE_MARK,	/* to the checkpoint: objects newer than it */
};

void drvsup_tracker_init(struct drvsup_domain *d);
struct drvsup_obj *drvsup_track(struct drvsup_domain *d,
				const struct drvsup_obj_type *type,
				const void *key, unsigned long a,
				unsigned long b, gfp_t gfp);
struct drvsup_obj *drvsup_untrack(struct drvsup_domain *d,
				  const struct drvsup_obj_type *type,
				  const void *key);
struct drvsup_obj *drvsup_find(struct drvsup_domain *d,
			       const struct drvsup_obj_type *type,
			       const void *key);
struct drvsup_obj *drvsup_find_kept(struct drvsup_domain *d,
				    const struct drvsup_obj_type *type,
				    unsigned long b);
void drvsup_obj_free(struct drvsup_obj *o);
void drvsup_tracker_quiesce(struct drvsup_domain *d);
void drvsup_tracker_release(struct drvsup_domain *d,
			    enum drvsup_release_mode mode);
int drvsup_tracker_show(struct drvsup_domain *d, char *buf, bool kept);
bool drvsup_tracker_restartable(struct drvsup_domain *d);
void *drvsup_tracker_find_if(struct drvsup_domain *d,
			     const struct drvsup_obj_type *type,
			     bool (*match)(const struct drvsup_obj *o,
					   const void *arg),
			     const void *arg);
int drvsup_tracker_walk(struct drvsup_domain *d,
			int (*fn)(struct drvsup_obj *o, void *arg), void *arg,
			bool mark);
void drvsup_tracker_rewind(struct drvsup_domain *d);
void drvsup_tracker_rearm(struct drvsup_domain *d);
int drvsup_tracker_collect(struct drvsup_domain *d,
			   const struct drvsup_obj_type *type, void **v,
			   unsigned int max);

int drvsup_tracker_cache_init(void);
void drvsup_tracker_cache_exit(void);

#endif /* DRVSUP_TRACKER_H */

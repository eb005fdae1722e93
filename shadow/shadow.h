/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shadow.h - shadow drivers: restarting a failed driver in place so that
 * the kernel objects it registered, and the applications using them, see
 * a delay instead of an error (Swift et al., OSDI 2004).
 *
 * core.c owns the per-domain state machine and the recovery sequence:
 *
 *   passive --fault--> active: callers of kept objects wait; quiesce and
 *   release (driver objects freed, DMA memory quarantined), reset (data
 *   sections from the init-time snapshot), restart (the driver's init
 *   again, handed back the objects the shadow kept), replay (class
 *   shadows: reopen files, re-apply configuration), resume --> passive.
 *
 * With "recovery_mode" checkpoint, a recovery whose checkpoint is usable
 * (isolation/checkpoint.c) releases only what the driver got since it,
 * copies the checkpointed state back instead of the reset and skips the
 * restart: init and probe do not run again. Its replay is the same. An
 * attempt from the checkpoint that fails is followed by a restart.
 *
 * A fault during recovery is a failed attempt; attempts are bounded per
 * window with exponential backoff (the first at once), past which the
 * driver is dead: -ENODEV for everyone, until an administrator writes
 * its sysfs "reset". The class shadows (char.c for char devices, net.c
 * for network devices) plug into the sequence through a struct
 * drvsup_shadow_class each, which they register with the core; a domain with no object of a class's kind
 * makes its hooks no-ops.
 */
#ifndef DRVSUP_SHADOW_H
#define DRVSUP_SHADOW_H

#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "../isolation/domain.h"

enum drvsup_phase {
	DRVSUP_PH_QUIESCE,	/* fault -> every task and CPU out */
	DRVSUP_PH_RELEASE,	/* the driver's objects given back */
	DRVSUP_PH_RESET,	/* data sections restored */
	DRVSUP_PH_RESTART,	/* init ran again */
	DRVSUP_PH_REPLAY,	/* class shadows re-applied the log */
	DRVSUP_PH_RESUME,	/* waiters released */
	DRVSUP_PH_TOTAL,	/* fault -> serving again */
	DRVSUP_PH_NR,
};

#define DRVSUP_RESTART_MAX	16	/* cap of the restart budget */
/*
 * Recoveries from the checkpoint in a row before a restart: the device is
 * not reset by one, so the DMA memory of each dead instance stays in the
 * quarantine until a probe resets the device (wrappers/quarantine.c).
 */
#define DRVSUP_WARM_RUN		8

/* A domain's recovery state (d->recovery). */
struct drvsup_shadow {
	struct drvsup_domain *d;	/* whose */
	atomic_t active;		/* a recovery is pending or running */
	bool dead;			/* budget exhausted */
	wait_queue_head_t wq;		/* callers waiting for the end of it */
	struct delayed_work work;	/* the next restart attempt */

	/* the budget: at most max_restarts attempts in window_ms */
	unsigned int max_restarts;
	unsigned int window_ms;
	unsigned int backoff_ms;	/* before the 2nd attempt; doubles */
	unsigned int wait_ms;		/* how long a caller waits at most */
	u64 attempt_ns[DRVSUP_RESTART_MAX];	/* ring of attempt times */
	unsigned int nattempts;		/* all time */

	u64 fault_ns;			/* when the recovery began */
	u64 phase_start_ns;
	u64 last_ns[DRVSUP_PH_NR], total_ns[DRVSUP_PH_NR];
	unsigned long recoveries;	/* completed */
	unsigned long failed;		/* attempts that failed */
	/*
	 * Recovery from the checkpoint (isolation/checkpoint.c): asked for
	 * (sysfs "recovery_mode"), this attempt's (set after the drain), one
	 * tried in this recovery already (the next attempt restarts), and
	 * how many recoveries took it.
	 */
	bool from_ckpt;
	bool warm;
	bool warm_tried;
	unsigned int warm_run;		/* in a row since the last restart */
	unsigned long warm_recoveries;
	/* the class shadows' state: drvsup_shadow_class_state() */
	unsigned long long class_state[];
};

/*
 * A class shadow's part in a recovery. @state_size bytes of per-domain
 * state are kept for it, zeroed (drvsup_shadow_class_state()). Hooks run
 * in the recovery worker (process context, no locks held) and may be
 * NULL:
 *   checkpoint  before the driver's state is checkpointed, after its init
 *           or after a restart (@restarted: before the replay): 0 if the
 *           driver has none of the class's devices open (-EBUSY), and
 *           what it needs to put the devices back as they were then,
 *           recorded
 *   reset   after the data sections were restored, before the restart:
 *           per-device private state the driver's init will rebuild;
 *           @warm: restored from the checkpoint instead, no restart
 *   reprobe around each probe of a bus device during the restart (begin
 *           true, then false): locks the class's kernel objects need
 *   replay  after the restart: re-apply the class log; an error (or a
 *           fault in the driver) makes the attempt a failed one
 *   resume  the driver serves again: release what was held back
 *   dead    the budget is spent: tell the kernel the device is gone
 *   phases  the domain's "phases" file: add the class's lines at @len
 *           (sysfs_emit_at), return the new length (sysfs, any process)
 * @attrs (NULL-terminated, or NULL) are files of the class in each
 * domain's sysfs directory, next to the core's.
 */
struct drvsup_shadow_class {
	const char *name;
	size_t state_size;
	int (*checkpoint)(struct drvsup_domain *d, bool restarted);
	void (*reset)(struct drvsup_domain *d, bool warm);
	void (*reprobe)(struct drvsup_domain *d, bool begin);
	int (*replay)(struct drvsup_domain *d);
	void (*resume)(struct drvsup_domain *d);
	void (*dead)(struct drvsup_domain *d);
	int (*phases)(struct drvsup_domain *d, char *buf, int len);
	struct attribute *const *attrs;
};

/* The shadow state of @d (the recovery layer's, set by its init hook). */
static inline struct drvsup_shadow *drvsup_shadow_of(struct drvsup_domain *d)
{
	return d->recovery;
}

bool drvsup_shadow_released(struct drvsup_domain *d);
bool drvsup_shadow_recovering(struct drvsup_domain *d);
void drvsup_shadow_phase(struct drvsup_domain *d, enum drvsup_phase ph);
void drvsup_shadow_class_register(const struct drvsup_shadow_class *c);
void *drvsup_shadow_class_state(struct drvsup_domain *d,
				const struct drvsup_shadow_class *c);
int drvsup_shadow_core_init(void);
void drvsup_shadow_core_exit(void);

/*
 * The class shadows (char.c, net.c): each fills in the hooks of its
 * wrappers and registers its class with the core. Module init, after
 * drvsup_shadow_core_init(), before any domain exists.
 */
void drvsup_char_shadow_init(void);
void drvsup_net_shadow_init(void);

#endif /* DRVSUP_SHADOW_H */

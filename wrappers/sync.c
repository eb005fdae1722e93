// SPDX-License-Identifier: GPL-2.0
/*
 * sync.c - wrappers for locks, sleeps and waits.
 *
 * Every lock a driver takes through a wrapper is recorded as a scoped hold
 * of the current frame: if the driver faults while holding it, the unwind
 * releases it, or the next user (the kernel's own CMOS code for the global
 * rtc_lock) would spin forever; a call that returns still holding it fails
 * its domain (the gate releases it), and an unlock of a lock the call did
 * not take is refused before the kernel sees it (a skipped lock would
 * otherwise unlock a free lock with stale interrupt flags). A task that
 * got a lock while its domain failed is unwound at once, which releases
 * the lock again.
 *
 * Sleeping imports check on their way back whether the domain failed while
 * the task slept, and unwind the task to its gate if so; a wait entry the
 * driver linked into a wait queue is a hold, unlinked on unwind.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "wrap.h"
#include "chrdev.h"

static void release_raw_spin(void *lock, unsigned long arg)
{
	do_raw_spin_unlock(lock);
}

static void release_mutex(void *lock, unsigned long arg)
{
	mutex_unlock(lock);
}

static void release_wait(void *entry, unsigned long wq)
{
	finish_wait((struct wait_queue_head *)wq, entry);
}

/* Record a lock the driver now holds; leave if the domain failed. */
static void took_lock(struct drvsup_domain *d,
		      void (*release)(void *, unsigned long), void *lock)
{
	drvsup_hold_take(release, lock, 0);
	dsw_check_alive(d);
}

DSW(void, _raw_spin_lock, raw_spinlock_t *lock)
{
	DSW_ENTER(d);
	if (dsw_unowned(d, lock))
		return;
	_raw_spin_lock(lock);
	DSW_LEAVE();
	took_lock(d, release_raw_spin, lock);
}

DSW(unsigned long, _raw_spin_lock_irqsave, raw_spinlock_t *lock)
{
	unsigned long flags;

	DSW_ENTER(d);
	if (dsw_unowned(d, lock))
		return 0;
	flags = _raw_spin_lock_irqsave(lock);
	DSW_LEAVE();
	took_lock(d, release_raw_spin, lock);
	return flags;
}

DSW(void, _raw_spin_unlock, raw_spinlock_t *lock)
{
	DSW_ENTER(d);
	if (!drvsup_hold_pop(lock)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "spin_unlock(%p): a lock the call did not take", lock);
		return;
	}
	_raw_spin_unlock(lock);
	DSW_LEAVE();
}

DSW(void, _raw_spin_unlock_irqrestore, raw_spinlock_t *lock,
	unsigned long flags)
{
	DSW_ENTER(d);
	if (!drvsup_hold_pop(lock)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "spin_unlock_irqrestore(%p): a lock the call did not take", lock);
		return;
	}
	_raw_spin_unlock_irqrestore(lock, flags);
	DSW_LEAVE();
}

DSW(void, mutex_lock, struct mutex *m)
{
	DSW_ENTER(d);
	if (dsw_unowned(d, m))
		return;
	mutex_lock(m);
	DSW_LEAVE();
	took_lock(d, release_mutex, m);
}

DSW(int, mutex_lock_interruptible, struct mutex *m)
{
	int err;

	DSW_ENTER(d);
	if (dsw_unowned(d, m))
		return -EINVAL;
	err = mutex_lock_interruptible(m);
	DSW_LEAVE();
	if (!err)
		took_lock(d, release_mutex, m);
	return err;
}

DSW(void, mutex_unlock, struct mutex *m)
{
	DSW_ENTER(d);
	if (!drvsup_hold_pop(m)) {
		dsw_fault(d, DRVSUP_FAULT_BADARG,
			  "mutex_unlock(%p): a lock the call did not take", m);
		return;
	}
	mutex_unlock(m);
	DSW_LEAVE();
}

DSW(long, prepare_to_wait_event, struct wait_queue_head *wq,
	struct wait_queue_entry *entry, int state)
{
	long ret;

	DSW_ENTER(d);
	if (dsw_unowned(d, wq) || dsw_unowned(d, entry) ||
	    dsw_bad_list(d, &wq->head))
		return -EINVAL;
	ret = prepare_to_wait_event(wq, entry, state);
	drvsup_hold_push(release_wait, entry, (unsigned long)wq);
	DSW_LEAVE();
	dsw_check_alive(d);
	return ret;
}

DSW(void, finish_wait, struct wait_queue_head *wq,
	struct wait_queue_entry *entry)
{
	DSW_ENTER(d);
	/* refused while still a hold: the unwind unlinks it from its queue */
	if (dsw_unowned(d, wq) || dsw_unowned(d, entry))
		return;
	drvsup_hold_pop(entry);
	finish_wait(wq, entry);
	DSW_LEAVE();
}

DSW(int, __wake_up, struct wait_queue_head *wq, unsigned int mode, int nr,
	void *key)
{
	int woken;

	DSW_ENTER(d);
	if (dsw_unowned(d, wq) || dsw_bad_list(d, &wq->head))
		return 0;
	woken = __wake_up(wq, mode, nr, key);
	/* poll callers of the driver's files wait on drvsup's queues */
	if (d)
		drvsup_chrdev_wake_pollers(d);
	DSW_LEAVE();
	return woken;
}

DSW(void, schedule, void)
{
	struct drvsup_sleeper sl;

	DSW_ENTER(d);
	if (d) {
		drvsup_sleeper_add(d, &sl);
		/* The domain may have failed before we were listed. */
		if (drvsup_state(d) != DRVSUP_RUNNING)
			__set_current_state(TASK_RUNNING);
	}
	schedule();
	if (d)
		drvsup_sleeper_del(d, &sl);
	DSW_LEAVE();
	dsw_check_alive(d);
}

/* Sleep up to @timeout jiffies, woken early if the domain fails. */
static long dsw_sleep(struct drvsup_domain *d, long timeout, bool intr)
{
	struct drvsup_sleeper sl;

	if (d)
		drvsup_sleeper_add(d, &sl);
	while (timeout > 0 && !(d && drvsup_state(d) != DRVSUP_RUNNING)) {
		if (intr && signal_pending(current))
			break;
		set_current_state(intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE);
		if (d && drvsup_state(d) != DRVSUP_RUNNING)
			__set_current_state(TASK_RUNNING);
		timeout = schedule_timeout(timeout);
	}
	__set_current_state(TASK_RUNNING);
	if (d)
		drvsup_sleeper_del(d, &sl);
	return timeout;
}

DSW(void, msleep, unsigned int msecs)
{
	DSW_ENTER(d);
	dsw_sleep(d, msecs_to_jiffies(msecs) + 1, false);
	DSW_LEAVE();
	dsw_check_alive(d);
}

/*
 * yield() gives the CPU up for an unbounded while; supervised, it sleeps
 * one tick, so that a failed domain is noticed on the way back.
 */
DSW(void, yield, void)
{
	DSW_ENTER(d);
	dsw_sleep(d, 1, false);
	DSW_LEAVE();
	dsw_check_alive(d);
}

DSW(unsigned long, msleep_interruptible, unsigned int msecs)
{
	unsigned long left;

	DSW_ENTER(d);
	left = jiffies_to_msecs(dsw_sleep(d, msecs_to_jiffies(msecs) + 1, true));
	DSW_LEAVE();
	dsw_check_alive(d);
	return left;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * checkpoint.c - a copy of a driver's state at a quiescent point, so that
 * a recovery can put the driver back there instead of running its init
 * and probe again (FGFT, ASPLOS '13, checkpoints for the same reason).
 *
 * The shadow takes it after the driver's init, and again after each
 * restart, while no device of the driver is open (the class shadows say
 * so): the driver's writable data, the bytes of every object the tracker
 * holds for it whose type says they are the driver's (DRVSUP_CKPT_COPY:
 * its memory blocks, the private area of a kept net_device), and a mark
 * in the tracker after its newest object.
 *
 * A recovery from it: the tracker releases only what is newer than the
 * mark (DRVSUP_RELEASE_SINCE_MARK) and rewinds the older objects to the
 * state they were granted in (DRVSUP_CKPT_REWIND: bus mastering on again,
 * a NAPI context disabled, the packets quarantined); then the bytes are
 * copied back, less the kernel objects registered inside them (the holes
 * of writecheck.c: a NAPI context), and the class shadows replay their
 * logs as after a restart.
 *
 * It is usable only if every object of the mark is still held, none kept
 * for the kernel was added since, and every type can come back: a type
 * without a rule (DRVSUP_CKPT_NONE) means a restart. What the device
 * keeps is not in it: the driver's open sets its device up again.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>

#include "checkpoint.h"
#include "domain.h"

#define CKPT_MAX_BYTES	(8 << 20)	/* past this a restart is as fast */
#define CKPT_TRIES	3		/* walks racing an allocation */

struct ckpt_range {
	unsigned long start;
	size_t len;
};

struct drvsup_ckpt {
	unsigned int nr;		/* ranges */
	size_t bytes;			/* their sum */
	struct ckpt_range *r;
	void *data;			/* the data sections, then each range */
};

/* One walk over the tracker: pass 1 (c NULL) sizes, pass 2 copies. */
struct ckpt_walk {
	struct drvsup_ckpt *c;
	void *to;
	unsigned int nr;
	size_t bytes;
	u64 mark;			/* usable(): the tracker's mark */
	unsigned int held;		/* usable(): objects older than it */
	const char *why;		/* the type that cannot come back */
};

static size_t copy_range(const struct drvsup_obj *o, unsigned long *start)
{
	if (o->type->state)
		return o->type->state(o, start);
	*start = (unsigned long)o->key;
	return o->type->extent ? o->type->extent(o) : 0;
}

/* A kept object whose type says it changed after all (its devres group). */
static bool keep_changed(const struct drvsup_obj *o)
{
	return o->type->ckpt == DRVSUP_CKPT_KEEP && o->type->unchanged &&
	       !o->type->unchanged(o);
}

static int ckpt_visit(struct drvsup_obj *o, void *arg)
{
	struct ckpt_walk *w = arg;
	unsigned long start;
	size_t len;

	switch (o->type->ckpt) {
	case DRVSUP_CKPT_NONE:
		w->why = o->type->name;
		return -EOPNOTSUPP;
	case DRVSUP_CKPT_KEEP:
		if (keep_changed(o)) {
			w->why = o->type->name;
			return -EBUSY;
		}
		return 0;
	case DRVSUP_CKPT_REWIND:
		return 0;
	case DRVSUP_CKPT_COPY:
		break;
	}
	len = copy_range(o, &start);
	if (!len)
		return 0;
	if (w->c) {
		if (w->nr == w->c->nr || w->bytes + len > w->c->bytes)
			return -EAGAIN;		/* it grew since pass 1 */
		w->c->r[w->nr] = (struct ckpt_range){ start, len };
		memcpy(w->to, (void *)start, len);
		w->to += len;
	}
	w->nr++;
	w->bytes += len;
	return 0;
}

static void ckpt_free(struct drvsup_ckpt *c)
{
	if (!c)
		return;
	vfree(c->data);
	kfree(c->r);
	kfree(c);
}

static struct drvsup_ckpt *ckpt_alloc(struct drvsup_domain *d,
				      const struct ckpt_walk *w)
{
	struct drvsup_ckpt *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->nr = w->nr;
	c->bytes = w->bytes;
	c->r = kcalloc(w->nr ?: 1, sizeof(*c->r), GFP_KERNEL);
	c->data = vmalloc(d->snap_size + w->bytes);
	if (!c->r || !c->data) {
		ckpt_free(c);
		return NULL;
	}
	return c;
}

static void drop_locked(struct drvsup_domain *d, const char *why)
{
	ckpt_free(d->ckpt);
	d->ckpt = NULL;
	d->ckpt_why = why;
	WRITE_ONCE(d->tracker.mark, 0);
}

/**
 * drvsup_checkpoint_take - copy @d's state, replacing its checkpoint
 * @d: a running domain whose devices are closed (the caller checked)
 *
 * Returns 0, or an error and @d has no checkpoint (sysfs says why).
 * Process context.
 */
int drvsup_checkpoint_take(struct drvsup_domain *d)
{
	struct drvsup_ckpt *c = NULL;
	struct ckpt_walk w;
	int err, tries = 0;

	mutex_lock(&d->ckpt_lock);
	drop_locked(d, NULL);
	do {
		ckpt_free(c);
		c = NULL;
		w = (struct ckpt_walk){};
		err = drvsup_tracker_walk(d, ckpt_visit, &w, false);
		if (err)
			break;
		err = -E2BIG;
		if (!d->snap || w.bytes > CKPT_MAX_BYTES)
			break;
		err = -ENOMEM;
		c = ckpt_alloc(d, &w);
		if (!c)
			break;
		memcpy(c->data, (void *)d->snap_start, d->snap_size);
		w = (struct ckpt_walk){ .c = c, .to = c->data + d->snap_size };
		err = drvsup_tracker_walk(d, ckpt_visit, &w, true);
	} while (err == -EAGAIN && ++tries < CKPT_TRIES);
	if (!err) {
		c->nr = w.nr;
		c->bytes = w.bytes;
		d->ckpt = c;
	} else {
		ckpt_free(c);
		d->ckpt_why = w.why ?: err == -E2BIG ? "too large" :
			      err == -ENOMEM ? "no memory" : "its objects kept changing";
	}
	mutex_unlock(&d->ckpt_lock);
	return err;
}

static int usable_visit(struct drvsup_obj *o, void *arg)
{
	struct ckpt_walk *w = arg;

	if (o->seq <= w->mark) {
		w->held++;
		if (keep_changed(o)) {
			w->why = o->type->name;
			return -EBUSY;
		}
	} else if (o->type->kept) {
		w->why = o->type->name;		/* the kernel knows it now */
		return -EBUSY;
	}
	return 0;
}

/**
 * drvsup_checkpoint_usable - could @d go back to its checkpoint?
 * @d: a failed domain no call is inside
 *
 * Its objects are compared with the mark; if it cannot, the checkpoint
 * is dropped and sysfs says why.
 */
bool drvsup_checkpoint_usable(struct drvsup_domain *d)
{
	struct ckpt_walk w = { .mark = READ_ONCE(d->tracker.mark) };
	bool ok;

	mutex_lock(&d->ckpt_lock);
	ok = d->ckpt && !drvsup_tracker_walk(d, usable_visit, &w, false);
	if (ok && w.held != d->tracker.mark_nr) {
		w.why = "an object of the checkpoint was freed since";
		ok = false;
	}
	if (d->ckpt && !ok)
		drop_locked(d, w.why);
	mutex_unlock(&d->ckpt_lock);
	return ok;
}

/* The registered kernel object or struct module in [@a, @end), lowest first. */
static bool next_hole(struct drvsup_domain *d, unsigned long a,
		      unsigned long end, unsigned long *hs, unsigned long *he)
{
	unsigned long mod = (unsigned long)d->mod;
	unsigned long s = end, e = end;
	int i;

	if (mod && mod + sizeof(struct module) > a && mod < end) {
		s = mod;
		e = mod + sizeof(struct module);
	}
	for (i = 0; i < DRVSUP_MAX_HOLES; i++) {
		unsigned long hs1 = READ_ONCE(d->holes[i].start);
		unsigned long he1 = READ_ONCE(d->holes[i].last) + 1;

		if (hs1 && he1 > a && hs1 < end && hs1 < s) {
			s = hs1;
			e = he1;
		}
	}
	*hs = max(s, a);
	*he = min(e, end);
	return s < end;
}

/*
 * Copy @len bytes from @from back to @start, less the kernel's: the
 * struct module in the data sections, and the objects the driver
 * registered inside its memory, which only the kernel writes.
 */
static void copy_back(struct drvsup_domain *d, unsigned long start,
		      const void *from, size_t len)
{
	unsigned long end = start + len, hs, he;

	while (start < end) {
		if (!next_hole(d, start, end, &hs, &he)) {
			memcpy((void *)start, from, end - start);
			return;
		}
		memcpy((void *)start, from, hs - start);
		from += he - start;
		start = he;
	}
}

/**
 * drvsup_data_restore - the driver's data sections from a copy of them
 * @d: a failed domain no call is inside
 * @from: d->snap_size bytes (the init snapshot, or a checkpoint's)
 */
void drvsup_data_restore(struct drvsup_domain *d, const void *from)
{
	copy_back(d, d->snap_start, from, d->snap_size);
}

/**
 * drvsup_checkpoint_restore - put the driver's bytes back as checkpointed
 * @d: a failed domain, released to the mark and rewound (domain.c)
 */
void drvsup_checkpoint_restore(struct drvsup_domain *d)
{
	struct drvsup_ckpt *c;
	const void *from;
	unsigned int i;

	mutex_lock(&d->ckpt_lock);
	c = d->ckpt;
	if (c) {
		drvsup_data_restore(d, c->data);
		from = c->data + d->snap_size;
		for (i = 0; i < c->nr; i++) {
			copy_back(d, c->r[i].start, from, c->r[i].len);
			from += c->r[i].len;
		}
	}
	mutex_unlock(&d->ckpt_lock);
}

/* At the domain's end, or when it is restarted from scratch (@why: NULL keeps the last). */
void drvsup_checkpoint_drop(struct drvsup_domain *d, const char *why)
{
	mutex_lock(&d->ckpt_lock);
	drop_locked(d, why ?: d->ckpt_why);
	mutex_unlock(&d->ckpt_lock);
}

/* sysfs "checkpoint": its size, or why there is none. */
int drvsup_checkpoint_show(struct drvsup_domain *d, char *buf)
{
	int n;

	mutex_lock(&d->ckpt_lock);
	if (d->ckpt)
		n = sysfs_emit(buf, "%zu bytes: data %lu, %u blocks %zu\n",
			       d->snap_size + d->ckpt->bytes, d->snap_size,
			       d->ckpt->nr, d->ckpt->bytes);
	else
		n = sysfs_emit(buf, "none: %s\n", d->ckpt_why ?: "not taken");
	mutex_unlock(&d->ckpt_lock);
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * objset.c - lock-free ownership sets (model and invariants in objset.h).
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/hash.h>
#include <linux/vmalloc.h>

#include "objset.h"

int dsw_set_init(struct dsw_set *s, unsigned int bits, bool keyed)
{
	size_t n = 1UL << bits;

	s->bits = bits;
	s->mask = n - 1;
	atomic_set(&s->nr, 0);
	s->val = NULL;
	s->key = vzalloc(array_size(n, sizeof(*s->key)));
	if (!s->key)
		return -ENOMEM;
	if (keyed) {
		s->val = vzalloc(array_size(n, sizeof(*s->val)));
		if (!s->val) {
			vfree(s->key);
			s->key = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

void dsw_set_destroy(struct dsw_set *s)
{
	vfree(s->key);
	vfree(s->val);
	s->key = NULL;
	s->val = NULL;
}

static inline unsigned int slot_of(struct dsw_set *s, unsigned long key,
				   unsigned int n)
{
	return (hash_long(key, s->bits) + n) & s->mask;
}

static inline bool is_key(unsigned long w)
{
	return w != DSW_SET_FREE && w != DSW_SET_TOMB && w != DSW_SET_BUSY;
}

static inline unsigned long ref_pfn(unsigned long w)
{
	return w >> DSW_REF_BITS;
}

/*
 * The slot that holds @key along its probe sequence (for a reference
 * set, @ref: a reference on page @key), or -1.
 */
static __always_inline long find(struct dsw_set *s, unsigned long key,
				 bool ref)
{
	unsigned int n, i;
	unsigned long w;

	for (n = 0; n < DSW_SET_PROBE; n++) {
		i = slot_of(s, key, n);
		w = READ_ONCE(s->key[i]);
		if (w == DSW_SET_FREE)
			return -1;
		if (ref ? is_key(w) && ref_pfn(w) == key : w == key)
			return i;
	}
	return -1;
}

/*
 * Delete @key; with a @mask, only where its value matches @val in the
 * bits of @mask.
 */
static __always_inline bool del(struct dsw_set *s, unsigned long key,
				unsigned long val, unsigned long mask)
{
	unsigned int n, i;
	unsigned long w;

	for (n = 0; n < DSW_SET_PROBE; n++) {
		i = slot_of(s, key, n);
		/* The key before its value: pairs with dsw_set_add_val(). */
		w = smp_load_acquire(&s->key[i]);
		if (w == DSW_SET_FREE)
			return false;
		if (w != key || (mask && ((READ_ONCE(s->val[i]) ^ val) & mask)))
			continue;
		if (cmpxchg(&s->key[i], key, DSW_SET_TOMB) == key)
			return true;
	}
	return false;
}

/* Claim an empty slot near @key's hash for @claim; its index or -ENOSPC. */
static long claim(struct dsw_set *s, unsigned long key, unsigned long claim)
{
	unsigned int n, i;
	unsigned long w;

	for (n = 0; n < DSW_SET_PROBE; n++) {
		i = slot_of(s, key, n);
		w = READ_ONCE(s->key[i]);
		if ((w == DSW_SET_FREE || w == DSW_SET_TOMB) &&
		    cmpxchg(&s->key[i], w, claim) == w)
			return i;
	}
	return -ENOSPC;
}

long dsw_set_add(struct dsw_set *s, unsigned long key)
{
	if (WARN_ON_ONCE(!is_key(key)))
		return -EINVAL;
	return claim(s, key, key);
}

bool dsw_set_del(struct dsw_set *s, unsigned long key)
{
	return del(s, key, 0, 0);
}

bool dsw_set_has(struct dsw_set *s, unsigned long key)
{
	return find(s, key, false) >= 0;
}

/* Swap what slot @slot holds from @old to @key (a reservation made good). */
bool dsw_set_replace(struct dsw_set *s, long slot, unsigned long old,
		     unsigned long key)
{
	return cmpxchg(&s->key[slot], old, key) == old;
}

long dsw_set_add_val(struct dsw_set *s, unsigned long key, unsigned long val)
{
	long i;

	if (WARN_ON_ONCE(!is_key(key)))
		return -EINVAL;
	i = claim(s, key, DSW_SET_BUSY);
	if (i < 0)
		return i;
	WRITE_ONCE(s->val[i], val);
	/* Publish the key after its value: pairs with readers' acquire. */
	smp_store_release(&s->key[i], key);
	return i;
}

bool dsw_set_del_val(struct dsw_set *s, unsigned long key, unsigned long val,
		     unsigned long mask)
{
	return del(s, key, val, mask);
}

bool dsw_set_has_val(struct dsw_set *s, unsigned long key)
{
	return dsw_set_has(s, key);
}

/* --- reference counts ------------------------------------------------- */

bool dsw_ref_get(struct dsw_set *s, unsigned long pfn)
{
	unsigned int n, i;
	unsigned long w;

	/* One more reference on a pfn already held... */
	for (n = 0; n < DSW_SET_PROBE; n++) {
		i = slot_of(s, pfn, n);
		w = READ_ONCE(s->key[i]);
		while (is_key(w) && ref_pfn(w) == pfn &&
		       (w & DSW_REF_MAX) < DSW_REF_MAX) {
			unsigned long old = cmpxchg(&s->key[i], w, w + 1);

			if (old == w)
				return true;
			w = old;
		}
		if (w == DSW_SET_FREE)
			break;
	}
	/*
	 * ...or a new slot. Two CPUs may both get here for one pfn and hold
	 * it in two slots: puts take from either, a drain gives back both.
	 */
	if (claim(s, pfn, (pfn << DSW_REF_BITS) | 1) < 0)
		return false;
	atomic_inc(&s->nr);
	return true;
}

bool dsw_ref_put(struct dsw_set *s, unsigned long pfn)
{
	unsigned int n, i;
	unsigned long w, new;

	for (n = 0; n < DSW_SET_PROBE; n++) {
		i = slot_of(s, pfn, n);
		w = READ_ONCE(s->key[i]);
		while (is_key(w) && ref_pfn(w) == pfn) {
			unsigned long old;

			new = (w & DSW_REF_MAX) == 1 ? DSW_SET_TOMB : w - 1;
			old = cmpxchg(&s->key[i], w, new);
			if (old == w) {
				if (new == DSW_SET_TOMB)
					atomic_dec(&s->nr);
				return true;
			}
			w = old;
		}
		if (w == DSW_SET_FREE)
			return false;
	}
	return false;
}

bool dsw_ref_has(struct dsw_set *s, unsigned long pfn)
{
	return find(s, pfn, true) >= 0;
}

/* --- draining and counting --------------------------------------------- */

void dsw_set_drain(struct dsw_set *s, bool refs,
		   void (*fn)(unsigned long key, unsigned long val, void *arg),
		   void *arg)
{
	unsigned int i;
	unsigned long w;

	if (!s->key)
		return;
	for (i = 0; i <= s->mask; i++) {
		unsigned long v = 0;

		/* A racing put changes the count: read the slot again. */
		do {
			/* The key before its value: see dsw_set_add_val(). */
			w = smp_load_acquire(&s->key[i]);
			if (is_key(w) && s->val)
				v = READ_ONCE(s->val[i]);
		} while (is_key(w) && cmpxchg(&s->key[i], w, DSW_SET_TOMB) != w);
		if (!is_key(w))
			continue;
		if (refs) {
			atomic_dec(&s->nr);
			fn(ref_pfn(w), w & DSW_REF_MAX, arg);
		} else {
			fn(w, v, arg);
		}
	}
}

void dsw_set_for_each(struct dsw_set *s, void (*fn)(unsigned long key, void *arg),
		      void *arg)
{
	unsigned long *k = s->key, *end = k ? k + s->mask + 1 : NULL;

	for (; k && k < end; k++) {
		/* Pairs with the adder's publication: see dsw_set_add_val(). */
		unsigned long w = smp_load_acquire(k);

		if (is_key(w))
			fn(w, arg);
	}
}

unsigned long dsw_set_count(struct dsw_set *s, bool refs)
{
	unsigned long w, nr = 0;
	unsigned int i;

	if (!s->key)
		return 0;
	for (i = 0; i <= s->mask; i++) {
		w = READ_ONCE(s->key[i]);
		if (is_key(w))
			nr += refs ? w & DSW_REF_MAX : 1;
	}
	return nr;
}

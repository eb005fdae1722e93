/* SPDX-License-Identifier: GPL-2.0 */
/*
 * objset.h - lock-free ownership sets for objects a driver gets and gives
 * back at packet rate (sk_buffs, page references, streaming DMA mappings),
 * where a record in the object tracker (a lock and an allocation each)
 * would cost more than the packet.
 *
 * A set is an open-addressed hash table of words, probed linearly from the
 * key's hash for at most DSW_SET_PROBE slots. Each slot's key word is FREE
 * (never used), TOMB (used, now empty) or a key; slots only change by
 * cmpxchg, so adding and removing are lock-free and safe from any context.
 * A removal and a drain racing for the same key: exactly one gets it.
 *
 * Kinds of set:
 *  - key set: one word per slot, the key itself (an sk_buff pointer);
 *  - keyed values: a key and a value per slot (a DMA address, and its size,
 *    direction and device). The adder claims the slot as BUSY, writes the
 *    value, then publishes the key (release); readers load the key with
 *    acquire before the value;
 *  - reference counts: one word, a page frame number and a count packed
 *    together (DSW_REF_BITS of count), so a reference is taken or dropped
 *    with one cmpxchg and a slot empties (TOMB) with its last reference.
 *
 * Invariants: a key sits within DSW_SET_PROBE slots of its hash; FREE never
 * comes back, so a search may stop at FREE; TOMB slots are reused by adds.
 * Keys must not be FREE, TOMB or BUSY (0, ~0, ~0 - 1): no pointer, DMA
 * address or packed page count is.
 */
#ifndef DRVSUP_OBJSET_H
#define DRVSUP_OBJSET_H

#include <linux/atomic.h>
#include <linux/types.h>

#define DSW_SET_FREE	0UL
#define DSW_SET_TOMB	(~0UL)
#define DSW_SET_BUSY	(~0UL - 1)
#define DSW_SET_PROBE	64

/* Reference counts: pfn << DSW_REF_BITS | count. */
#define DSW_REF_BITS	16
#define DSW_REF_MAX	((1UL << DSW_REF_BITS) - 1)

struct dsw_set {
	unsigned long *key;		/* FREE, TOMB, BUSY or a key */
	unsigned long *val;		/* keyed values only, else NULL */
	unsigned int bits;		/* log2 of the number of slots */
	unsigned int mask;		/* slots - 1 */
	atomic_t nr;			/* reference sets: pfns held (else 0) */
};

int dsw_set_init(struct dsw_set *s, unsigned int bits, bool keyed);
void dsw_set_destroy(struct dsw_set *s);

/* Key sets. dsw_set_add() returns the slot, or -ENOSPC. */
long dsw_set_add(struct dsw_set *s, unsigned long key);
bool dsw_set_del(struct dsw_set *s, unsigned long key);
bool dsw_set_has(struct dsw_set *s, unsigned long key);
bool dsw_set_replace(struct dsw_set *s, long slot, unsigned long old,
		     unsigned long key);

/* Keyed values: delete the first entry of @key whose value matches. */
long dsw_set_add_val(struct dsw_set *s, unsigned long key, unsigned long val);
bool dsw_set_del_val(struct dsw_set *s, unsigned long key, unsigned long val,
		     unsigned long mask);
bool dsw_set_has_val(struct dsw_set *s, unsigned long key);

/* Reference counts by page frame number. */
bool dsw_ref_get(struct dsw_set *s, unsigned long pfn);
bool dsw_ref_put(struct dsw_set *s, unsigned long pfn);
bool dsw_ref_has(struct dsw_set *s, unsigned long pfn);

/*
 * Empty the set, calling @fn for what each slot held: (key, value) for key
 * sets and keyed values (value 0 in key sets), (pfn, count) for reference
 * sets. Concurrent removals may still run (each key goes to one side only);
 * concurrent adds must not.
 */
void dsw_set_drain(struct dsw_set *s, bool refs,
		   void (*fn)(unsigned long key, unsigned long val, void *arg),
		   void *arg);

/* Each key of a key set, by a scan; the keys stay. */
void dsw_set_for_each(struct dsw_set *s, void (*fn)(unsigned long key, void *arg),
		      void *arg);

/* Keys (reference sets: references) held, by a scan, for reports. */
unsigned long dsw_set_count(struct dsw_set *s, bool refs);

/* Reference sets only: does the set hold anything? (one read) */
static inline bool dsw_ref_any(struct dsw_set *s)
{
	return atomic_read(&s->nr) != 0;
}

#endif /* DRVSUP_OBJSET_H */

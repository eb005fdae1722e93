/* SPDX-License-Identifier: GPL-2.0 */
/*
 * target.h - choosing where a code mutation lands: the fault types, which
 * instructions each can mutate (decoded with Capstone), and a seeded
 * choice among a driver's instructions. Pure logic: no kernel, no I/O
 * besides reading the module (elf.c), so unit tests run it on the host.
 */
#ifndef DRVSUP_TARGET_H
#define DRVSUP_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "elf.h"

/* The same names and order as faultinj/faultinj.h (the debugfs ABI). */
enum fi_type {
	FIT_TEXT, FIT_NOP, FIT_DST, FIT_SRC, FIT_BRANCH, FIT_PTR, FIT_LOOP,
	FIT_INIT, FIT_STACK, FIT_HEAP,
	FIT_NR_CODE,
	FIT_ALLOC = FIT_NR_CODE, FIT_IRQ, FIT_FREE, FIT_BCOPY,
	FIT_NR,
};

extern const char *const fi_type_names[FIT_NR];
int fi_type_parse(const char *s);	/* -1 if unknown */

/* One mutation, fully specified: what inject writes to debugfs. */
struct fi_target {
	enum fi_type type;
	char sym[128];		/* function */
	unsigned long off;	/* instruction's offset in it */
	unsigned int len;	/* instruction's length */
	char insn[256];		/* "mnemonic operands", for the record */
	char reg[8];		/* 64-bit register name, "flags" or "" */
	int bit;		/* bit to flip, -1: none/kernel's choice */
	long disp;		/* heap: displacement; stack: word 0-7 */
};

/*
 * fi_classify: can an instruction (@code, @len bytes, at @off in its
 * function) take a fault of @type? If so fill the register/bit/disp of
 * @t from @rnd (a random number: which register, which bit). Returns 1
 * if eligible, 0 if not, -1 if Capstone cannot decode it.
 */
int fi_classify(enum fi_type type, const uint8_t *code, size_t len,
		unsigned long off, uint64_t rnd, struct fi_target *t);

/*
 * fi_pick: the @nth (counted from a seed-derived start) instruction of the
 * module's .text eligible for @type, among functions in @funcs (a comma
 * list; NULL: every function in .text). 0 and *t on success, -1 with a
 * message in @err when nothing in scope is eligible.
 */
int fi_pick(const struct kmod *m, enum fi_type type, uint64_t seed,
	    unsigned int attempt, const char *funcs, struct fi_target *t,
	    char *err, size_t errlen);

/* fi_at: the instruction at SYM+OFF, classified for @type (0, or -1). */
int fi_at(const struct kmod *m, enum fi_type type, const char *sym,
	  unsigned long off, uint64_t seed, struct fi_target *t, char *err,
	  size_t errlen);

/* splitmix64: the seeded random numbers of target choice. */
uint64_t fi_mix(uint64_t x);

#endif /* DRVSUP_TARGET_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crash.h - deterministic crash kinds (lkdtm-style) used by crash points
 * and by drvsup's self-test.
 */
#ifndef DRVSUP_CRASH_H
#define DRVSUP_CRASH_H

enum drvsup_crash_kind {
	DRVSUP_CRASH_OOPS,	/* NULL pointer dereference: page fault */
	DRVSUP_CRASH_GPF,	/* non-canonical address: general protection */
	DRVSUP_CRASH_BUG,	/* BUG(): invalid opcode */
	DRVSUP_CRASH_DIV0,	/* integer divide by zero: divide error */
	DRVSUP_CRASH_WHILE1,	/* endless loop, interrupts as they are */
	DRVSUP_CRASH_IRQOFF,	/* endless loop, interrupts disabled */
	DRVSUP_CRASH_WILD,	/* checked store to kernel memory: wild-write */
	DRVSUP_CRASH_FRAME,	/* checked store onto the gate's frame */
	DRVSUP_CRASH_WARN,	/* WARN_ON(1): a warning on the driver side */
	DRVSUP_CRASH_HOLE,	/* checked store into a registered kernel object */
	DRVSUP_CRASH_SMASH,	/* the stack above the driver's frame overwritten */
	DRVSUP_CRASH_PANIC,	/* panic(): a stack protector failed */
	DRVSUP_CRASH_FARSTACK,	/* a fault on another of the domain's stacks */
	DRVSUP_CRASH_WILDRSP,	/* a wild stack pointer: a double fault */
	DRVSUP_CRASH_NR,
};

extern const char *const drvsup_crash_names[DRVSUP_CRASH_NR];

int drvsup_crash_parse(const char *s);
/*
 * Raises its fault (or spins) in the caller's context and does not return;
 * but smash, which returns and leaves the fault to the gated function's
 * own return.
 */
void drvsup_crash(enum drvsup_crash_kind kind);
extern void (*const drvsup_crash_fns[DRVSUP_CRASH_NR])(void);

#endif /* DRVSUP_CRASH_H */

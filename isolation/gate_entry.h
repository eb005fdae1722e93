/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gate_entry.h - the assembly side of gates (gate_entry.S), for C.
 */
#ifndef DRVSUP_GATE_ENTRY_H
#define DRVSUP_GATE_ENTRY_H

/*
 * The words gate_entry.S writes below the top of the stack it runs the
 * driver on: a gap of poison (and one more word of it, for alignment),
 * the gate's stack pointer and the driver's return address.
 */
#define DRVSUP_GATE_GAP_WORDS	8
#define DRVSUP_GATE_WORDS	(DRVSUP_GATE_GAP_WORDS + 3)
/* Non-canonical: a return to it is a general-protection fault. */
#define DRVSUP_GATE_POISON	0xdead4ead0badf00d

#ifndef __ASSEMBLY__
struct drvsup_ctx;
struct drvsup_frame;
struct pt_regs;

/* Save the recovery context in *ctx and call ctx->fn(a0, ..., a5). */
unsigned long drvsup_gate_call(struct drvsup_ctx *ctx, unsigned long a0,
			       unsigned long a1, unsigned long a2,
			       unsigned long a3, unsigned long a4,
			       unsigned long a5);
/* Where an unwound call resumes: returns to drvsup_gate_call's caller. */
void drvsup_gate_recover(void);
/* Called there: lets go of the frame's holds, returns its failure result. */
long drvsup_frame_unwound(struct drvsup_frame *f);
/* A ud2 the DIE_TRAP handler turns into an unwind of the current frame. */
void drvsup_unwind_trap(void);
/* Leave an exception through the kernel-mode frame @regs, never returning. */
void __noreturn drvsup_iret_to(struct pt_regs *regs);
/* A bare return, for kprobe pre-handlers that skip a probed function. */
void drvsup_just_return(void);
#endif /* __ASSEMBLY__ */

#endif /* DRVSUP_GATE_ENTRY_H */

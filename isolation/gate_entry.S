/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gate_entry.S - the only way into a supervised driver.
 *
 * drvsup_gate_call(ctx, a0, ..., a5) saves the callee-saved registers, rsp
 * and RFLAGS in *ctx (struct drvsup_ctx, domain.h), switches to the stack
 * at ctx->stack_top (a domain stack, stack.c; 0: stays on this one, below
 * its own return address) and calls ctx->fn(a0, ..., a5): the arguments
 * stay in registers, one down. Back from the driver, it finds ctx as the
 * innermost frame of this CPU (gate.c), not in a word of the stack the
 * driver wrote, and returns on the stack pointer saved in it.
 * To unwind a faulting call, a trap handler rewrites the fault's pt_regs
 * with ip = drvsup_gate_recover, di = the frame and RFLAGS from *ctx, and
 * returns from the exception: the recovery code lets go of what the call
 * holds, then returns to the gate's caller with the registers and stack
 * pointer of *ctx, exactly as if the driver function had returned.
 *
 * A driver function must give back rbx, rbp and r12-r15 as it found them
 * (the C calling convention); one that did not, a corrupted register it
 * saved and restored, would hand the corrupted values to the gate's
 * caller, outside the domain. So the driver is called with the gate's
 * poison in all six, not the gate's values (which point at its frame: a
 * driver that reads one it never set, a skipped "mov rbx, rax", would
 * write into the frame through it, and the unwind would then restore the
 * registers from the words it wrote). After the call they are checked
 * against the poison, with one branch for the six, and restored from
 * *ctx; on a mismatch ctx->clobbered is set, and the gate treats the call
 * as a contained fault.
 *
 * Above the driver's return address lie the gate's stack pointer (only for
 * the unwinder: the gate does not read it back) and a gap of GAP_WORDS
 * words filled with a non-canonical poison: a driver that pops a word or
 * two too many returns to a kernel stack address (not executable) or to
 * the poison, a fault the trap handler unwinds. On a domain stack nothing
 * of the kernel's lies above the gap; a nested gate, on the stack it was
 * entered on, has only the gap between the driver and its own frame.
 *
 * The driver is called with no pointer of the gate's in a scratch register:
 * a driver that uses rax without setting it (a skipped call: rax was the
 * ctx pointer) would write into the gate's frame.
 *
 * drvsup_unwind_trap is a ud2 the DIE_TRAP handler recognises: C code that
 * must abandon a driver call (a sleeper woken in a failed domain) executes
 * it to be unwound through the same path as a fault.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/percpu.h>
#include <asm/unwind_hints.h>

#define CTX_RBX		0
#define CTX_RBP		8
#define CTX_R12		16
#define CTX_R13		24
#define CTX_R14		32
#define CTX_R15		40
#define CTX_RSP		48
#define CTX_FLAGS	56
#define CTX_FN		64
#define CTX_CLOBBERED	72
#define CTX_STACK	80

#include "gate_entry.h"

#define GAP_WORDS	DRVSUP_GATE_GAP_WORDS	/* the "stack" fault type's reach: 0-7 */

/* The callee-saved registers back from *ctx (rdi). */
.macro RESTORE_SAVED
	movq	CTX_RBX(%rdi), %rbx
	movq	CTX_RBP(%rdi), %rbp
	movq	CTX_R12(%rdi), %r12
	movq	CTX_R13(%rdi), %r13
	movq	CTX_R14(%rdi), %r14
	movq	CTX_R15(%rdi), %r15
.endm

	.text
SYM_FUNC_START(drvsup_gate_call)
	movq	%rbx, CTX_RBX(%rdi)
	movq	%rbp, CTX_RBP(%rdi)
	movq	%r12, CTX_R12(%rdi)
	movq	%r13, CTX_R13(%rdi)
	movq	%r14, CTX_R14(%rdi)
	movq	%r15, CTX_R15(%rdi)
	movq	%rsp, CTX_RSP(%rdi)
	pushfq
	popq	%rax
	movq	%rax, CTX_FLAGS(%rdi)
	movq	$0, CTX_CLOBBERED(%rdi)
	movq	8(%rsp), %r10		/* the sixth argument, on our caller's stack */
	movq	CTX_STACK(%rdi), %rax
	testq	%rax, %rax
	jnz	1f
	leaq	-8(%rsp), %rax		/* no stack of its own: aligned, below us */
	andq	$-16, %rax
1:	movabsq	$DRVSUP_GATE_POISON, %r11
	.set	w, 1
	.rept	GAP_WORDS + 1
	movq	%r11, -w * 8(%rax)
	.set	w, w + 1
	.endr
	/* The callee-saved registers: poison, not the gate's (see above). */
	movq	%r11, %rbx
	movq	%r11, %rbp
	movq	%r11, %r12
	movq	%r11, %r13
	movq	%r11, %r14
	movq	%r11, %r15
	/* A stack swizzle objtool knows: our stack pointer, then the call. */
	subq	$(DRVSUP_GATE_WORDS - 1) * 8, %rax
	movq	%rsp, (%rax)
	movq	%rax, %rsp
	movq	CTX_FN(%rdi), %r11
	movq	%rsi, %rdi		/* the arguments, one register down */
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %rcx
	movq	%r9, %r8
	movq	%r10, %r9
	xorl	%eax, %eax		/* no gate address left in a scratch register */
	CALL_NOSPEC r11
	movq	PER_CPU_VAR(drvsup_cur), %rdi	/* the frame, ctx first */
	movq	CTX_RSP(%rdi), %rsp
	UNWIND_HINT_FUNC
	/* One branch for the six: rbx ends zero if every one is the poison. */
	movabsq	$DRVSUP_GATE_POISON, %rdx
	xorq	%rdx, %rbx
	xorq	%rdx, %rbp
	xorq	%rdx, %r12
	xorq	%rdx, %r13
	xorq	%rdx, %r14
	xorq	%rdx, %r15
	orq	%rbp, %rbx
	orq	%r12, %rbx
	orq	%r13, %rbx
	orq	%r14, %rbx
	orq	%r15, %rbx
	RESTORE_SAVED			/* moves: the flags stay */
	jnz	.Lclobbered
	RET
.Lclobbered:
	movq	$1, CTX_CLOBBERED(%rdi)
	RET
SYM_FUNC_END(drvsup_gate_call)

/*
 * Reached by IRET from an unwind, rdi = the frame (its ctx first), still
 * on the stack the driver faulted on: what the call holds may lie in the
 * driver's frames (a wait entry on its stack), and is let go of
 * (drvsup_frame_unwound(), which returns the entry's failure result)
 * before the stack pointer goes back above them; only then are the
 * gate's registers and stack pointer restored, and the gate returns to
 * its caller as if the driver function had returned.
 */
SYM_CODE_START(drvsup_gate_recover)
	UNWIND_HINT_EMPTY
	andq	$-16, %rsp
	pushq	%rdi
	pushq	%rdi
	call	drvsup_frame_unwound
	popq	%rdi
	popq	%rdi
	RESTORE_SAVED
	movq	CTX_RSP(%rdi), %rsp
	RET
SYM_CODE_END(drvsup_gate_recover)

SYM_FUNC_START(drvsup_unwind_trap)
	ud2
SYM_FUNC_END(drvsup_unwind_trap)

/*
 * drvsup_iret_to(regs): leave an exception through the frame @regs, as the
 * entry code's exit does, without returning to the handler that called
 * us (trap.c: a double fault, whose handler never returns). Only for a
 * frame of the kernel's own mode: no GS, CR3 or stack switch to undo.
 */
SYM_CODE_START(drvsup_iret_to)
	UNWIND_HINT_EMPTY
	movq	%rdi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$8, %rsp		/* orig_ax */
	iretq
SYM_CODE_END(drvsup_iret_to)

/* Where a kprobe pre-handler sends a probed function to return at once. */
SYM_FUNC_START(drvsup_just_return)
	RET
SYM_FUNC_END(drvsup_just_return)

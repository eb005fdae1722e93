// SPDX-License-Identifier: GPL-2.0
/*
 * mutate.c - code mutations at an instruction boundary of a driver, by
 * kprobe: the pre handler skips the instruction, inverts a conditional
 * branch or corrupts a register or a word of memory before it runs; the
 * post handler corrupts its result. Works on supervised and plain drivers.
 *
 * The instruction boundary is the kernel's own check: register_kprobe()
 * decodes the function from its start with the kernel's instruction
 * decoder and refuses an address inside an instruction (-EILSEQ). Rules
 * from isolation.md: every probe has a post handler, so it is never
 * optimised or boosted (an optimised probe ignores a changed ip); a
 * function's ftrace site is refused; and no probe is placed where its
 * single-step could raise #DE or #UD (a divide, ud0/ud1/ud2), which would
 * leave the CPU's kprobe state set - except a skip, which never steps.
 * Which register an instruction uses is the caller's (the drvsup tool
 * decodes the driver with Capstone); here it is only checked to be a
 * general-purpose register other than rsp.
 */
#define pr_fmt(fmt) "drvsup: " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/uaccess.h>

#include "../isolation/domain.h"
#include "../isolation/writecheck.h"
#include "faultinj.h"

/* pt_regs words by name (x86-64 layout); rsp is left out on purpose. */
static const struct {
	const char *name;
	unsigned int off;
} regs_table[] = {
	{ "rax", offsetof(struct pt_regs, ax) },
	{ "rbx", offsetof(struct pt_regs, bx) },
	{ "rcx", offsetof(struct pt_regs, cx) },
	{ "rdx", offsetof(struct pt_regs, dx) },
	{ "rsi", offsetof(struct pt_regs, si) },
	{ "rdi", offsetof(struct pt_regs, di) },
	{ "rbp", offsetof(struct pt_regs, bp) },
	{ "r8", offsetof(struct pt_regs, r8) },
	{ "r9", offsetof(struct pt_regs, r9) },
	{ "r10", offsetof(struct pt_regs, r10) },
	{ "r11", offsetof(struct pt_regs, r11) },
	{ "r12", offsetof(struct pt_regs, r12) },
	{ "r13", offsetof(struct pt_regs, r13) },
	{ "r14", offsetof(struct pt_regs, r14) },
	{ "r15", offsetof(struct pt_regs, r15) },
};

int faultinj_reg_parse(const char *name)
{
	unsigned int i;

	if (!strcmp(name, "flags"))
		return -1;
	for (i = 0; i < ARRAY_SIZE(regs_table); i++)
		if (!strcmp(name, regs_table[i].name))
			return i;
	return -EINVAL;
}

const char *faultinj_reg_name(int reg)
{
	return reg < 0 ? "flags" : regs_table[reg].name;
}

static unsigned long *reg_word(struct pt_regs *regs, int reg)
{
	return (unsigned long *)((char *)regs + regs_table[reg].off);
}

/* An injection whose post handler is to corrupt this CPU's step, if any. */
static DEFINE_PER_CPU(struct faultinj *, post_pending);

static unsigned int pick_bit(struct faultinj *fi)
{
	if (fi->bit >= 0)
		return fi->bit;
	/* a pointer moved by at least a page reaches another object */
	if (fi->type == FI_PTR)
		return 12 + faultinj_random(&fi->trig, 52);
	return faultinj_random(&fi->trig, 64);
}

static void flip_reg(struct faultinj *fi, struct pt_regs *regs)
{
	static const unsigned int flag_bits[] = { 0, 2, 6, 7, 11 };
	unsigned int bit;

	if (fi->reg < 0) {	/* CF, PF, ZF, SF or OF */
		bit = fi->bit >= 0 ? fi->bit :
		      flag_bits[faultinj_random(&fi->trig, 5)];
		regs->flags ^= BIT(bit);
	} else {
		bit = pick_bit(fi);
		*reg_word(regs, fi->reg) ^= BIT_ULL(bit);
	}
	snprintf(fi->detail, sizeof(fi->detail), "%s bit %u flipped",
		 faultinj_reg_name(fi->reg), bit);
}

/* Flip a bit of the word at @addr (@what), if mapped and writable. */
static void flip_mem(struct faultinj *fi, unsigned long addr,
		     const char *what, long off)
{
	unsigned int bit = fi->bit >= 0 ? fi->bit : faultinj_random(&fi->trig, 64);
	unsigned long *p = (unsigned long *)(addr & ~7UL);
	unsigned long v;

	if (copy_from_kernel_nofault(&v, p, sizeof(v)))
		goto fail;
	v ^= BIT_ULL(bit);
	__put_kernel_nofault(p, &v, unsigned long, fail);
	snprintf(fi->detail, sizeof(fi->detail), "word at %s%+ld bit %u flipped",
		 what, off, bit);
	return;
fail:
	snprintf(fi->detail, sizeof(fi->detail), "word at %s%+ld not writable",
		 what, off);
}

/*
 * In a domain whose stores are checked (a driver built with the store
 * instrumentation), a flipped word of memory stands for a store of the
 * driver's, and is checked like one: outside the write set it is refused
 * and the call unwinds as a contained wild write at the instruction, as
 * the instrumented store would have. True if so (@regs now resume in the
 * gate's recovery).
 */
static bool flip_refused(struct faultinj *fi, struct pt_regs *regs,
			 unsigned long addr)
{
	struct drvsup_frame *f = drvsup_current_frame();

	addr &= ~7UL;
	if (!f || f->out || !READ_ONCE(f->dom->writes_checked) ||
	    drvsup_write_ok(addr, sizeof(long), regs->ip, false))
		return false;
	snprintf(fi->detail, sizeof(fi->detail), "word at %#lx refused: outside the write set",
		 addr);
	faultinj_log_fire(fi);
	drvsup_unwind_regs(f, regs, DRVSUP_FAULT_WRITE, addr);
	return true;
}

/* Does condition code @cc (the low nibble of a Jcc) hold for @flags? */
static bool cc_holds(unsigned int cc, unsigned long flags)
{
	bool cf = flags & X86_EFLAGS_CF, zf = flags & X86_EFLAGS_ZF;
	bool sf = flags & X86_EFLAGS_SF, of = flags & X86_EFLAGS_OF;
	bool pf = flags & X86_EFLAGS_PF, v;

	switch (cc >> 1) {
	case 0:
		v = of;
		break;
	case 1:
		v = cf;
		break;
	case 2:
		v = zf;
		break;
	case 3:
		v = cf || zf;
		break;
	case 4:
		v = sf;
		break;
	case 5:
		v = pf;
		break;
	case 6:
		v = sf != of;
		break;
	default:
		v = zf || sf != of;
		break;
	}
	return (cc & 1) ? !v : v;
}

static int mut_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct faultinj *fi = container_of(kp, struct faultinj, kp);
	unsigned long next = (unsigned long)kp->addr + kp->ainsn.size;
	bool fire = faultinj_trigger_hit(&fi->trig);
	bool taken;
	long word;

	this_cpu_write(post_pending, NULL);
	if (!fire)
		return 0;
	switch (fi->type) {
	case FI_NOP:
	case FI_INIT:
		regs->ip = next;
		snprintf(fi->detail, sizeof(fi->detail), "%u bytes skipped",
			 kp->ainsn.size);
		faultinj_log_fire(fi);
		return 1;	/* ip changed: nothing is single-stepped */
	case FI_BRANCH:
		taken = cc_holds(fi->disp, regs->flags);
		regs->ip = taken ? next : next + kp->ainsn.rel32;
		snprintf(fi->detail, sizeof(fi->detail), "%s instead of %s",
			 taken ? "fell through" : "jumped",
			 taken ? "jumping" : "falling through");
		faultinj_log_fire(fi);
		return 1;
	case FI_SRC:
	case FI_PTR:
	case FI_LOOP:
		flip_reg(fi, regs);
		break;
	case FI_STACK:
		word = fi->disp >= 0 ? fi->disp : faultinj_random(&fi->trig, 8);
		if (flip_refused(fi, regs, regs->sp + 8 * word))
			return 1;
		flip_mem(fi, regs->sp + 8 * word, "rsp", 8 * word);
		break;
	case FI_HEAP:
		if (flip_refused(fi, regs, *reg_word(regs, fi->reg) + fi->disp))
			return 1;
		flip_mem(fi, *reg_word(regs, fi->reg) + fi->disp,
			 faultinj_reg_name(fi->reg), fi->disp);
		break;
	default:	/* FI_TEXT, FI_DST: after the instruction */
		this_cpu_write(post_pending, fi);
		return 0;
	}
	faultinj_log_fire(fi);
	return 0;
}

static void mut_post(struct kprobe *kp, struct pt_regs *regs,
		     unsigned long flags)
{
	struct faultinj *fi = container_of(kp, struct faultinj, kp);

	if (this_cpu_read(post_pending) != fi)
		return;
	this_cpu_write(post_pending, NULL);
	flip_reg(fi, regs);
	faultinj_log_fire(fi);
}

/* The opcode of the instruction at @b (@len bytes): past prefixes and REX. */
static const u8 *insn_opcode(const u8 *b, unsigned int len)
{
	const u8 *end = b + len;

	while (b < end && (*b == 0xf0 || *b == 0xf2 || *b == 0xf3 ||
			   *b == 0x2e || *b == 0x36 || *b == 0x3e ||
			   *b == 0x26 || *b == 0x64 || *b == 0x65 ||
			   *b == 0x66 || *b == 0x67))
		b++;
	if (b < end && (*b & 0xf0) == 0x40)
		b++;
	return b < end ? b : NULL;
}

#define MODRM_REG(m)	(((m) >> 3) & 7)
#define MODRM_MOD(m)	((m) >> 6)

/* Could a single-step of this instruction raise #DE or #UD? */
static bool may_trap_de_ud(const u8 *op, const u8 *end)
{
	if ((op[0] == 0xf6 || op[0] == 0xf7) && op + 1 < end)
		return MODRM_REG(op[1]) >= 6;		/* div, idiv */
	if (op[0] == 0x0f && op + 1 < end)
		return op[1] == 0x0b || op[1] == 0xb9 || op[1] == 0xff;
	return op[0] == 0xd4 || op[0] == 0xd5;		/* aam, aad */
}

static bool is_compare(const u8 *op, const u8 *end)
{
	if ((op[0] >= 0x38 && op[0] <= 0x3d) || op[0] == 0x84 ||
	    op[0] == 0x85 || op[0] == 0xa8 || op[0] == 0xa9)
		return true;
	if (op + 1 >= end)
		return false;
	if (op[0] >= 0x80 && op[0] <= 0x83)
		return MODRM_REG(op[1]) == 7;		/* cmp r/m, imm */
	if (op[0] == 0xf6 || op[0] == 0xf7)
		return MODRM_REG(op[1]) == 0;		/* test r/m, imm */
	return false;
}

/* mov r/m, reg or mov r/m, imm with a memory destination */
static bool is_store(const u8 *op, const u8 *end)
{
	return op + 1 < end && (op[0] == 0x88 || op[0] == 0x89 ||
				op[0] == 0xc6 || op[0] == 0xc7) &&
	       MODRM_MOD(op[1]) != 3;
}

/* The condition code of a Jcc, or -1 if it is none. */
static int jcc_cc(const u8 *insn, unsigned int len)
{
	if (len == 2 && insn[0] >= 0x70 && insn[0] <= 0x7f)
		return insn[0] & 0xf;
	if (len == 6 && insn[0] == 0x0f && (insn[1] & 0xf0) == 0x80)
		return insn[1] & 0xf;
	return -1;
}

/* Is the probed instruction one this type can mutate? */
static int check_insn(struct faultinj *fi, char *err, size_t errlen)
{
	const u8 *insn = fi->kp.ainsn.insn;
	unsigned int len = fi->kp.ainsn.size;
	const u8 *op = insn_opcode(insn, len), *end = insn + len;
	bool skips = fi->type == FI_NOP || fi->type == FI_INIT ||
		     fi->type == FI_BRANCH;

	if (!op) {
		snprintf(err, errlen, "cannot decode the instruction");
		return -EINVAL;
	}
	if (!skips && may_trap_de_ud(op, end)) {
		snprintf(err, errlen,
			 "a divide or undefined opcode: its single-step could raise #DE/#UD");
		return -EINVAL;
	}
	switch (fi->type) {
	case FI_BRANCH:
		fi->disp = jcc_cc(insn, len);
		if (fi->disp < 0) {
			snprintf(err, errlen, "not a conditional branch");
			return -EINVAL;
		}
		break;
	case FI_LOOP:
		if (!is_compare(op, end)) {
			snprintf(err, errlen, "not a compare (cmp/test)");
			return -EINVAL;
		}
		break;
	case FI_INIT:
		if (!is_store(op, end)) {
			snprintf(err, errlen, "not a store (mov to memory)");
			return -EINVAL;
		}
		break;
	default:
		break;
	}
	return 0;
}

static bool needs_reg(enum faultinj_type t)
{
	return t == FI_DST || t == FI_SRC || t == FI_PTR || t == FI_LOOP ||
	       t == FI_HEAP;
}

/* The symbol the probe landed in must be the one asked for. */
static bool in_symbol(struct faultinj *fi)
{
	char buf[KSYM_SYMBOL_LEN], mod[MODULE_NAME_LEN + 4];
	const char *sym = strchr(fi->sym, ':') + 1;
	size_t n = strlen(sym), m;

	/* "symbol+0xoff/0xsize [module]" */
	sprint_symbol(buf, (unsigned long)fi->kp.addr);
	snprintf(mod, sizeof(mod), " [%s]", fi->mod);
	m = strlen(buf);
	return !strncmp(buf, sym, n) && buf[n] == '+' &&
	       m > strlen(mod) && !strcmp(buf + m - strlen(mod), mod);
}

int faultinj_mutation_arm(struct faultinj *fi, char *err, size_t errlen)
{
	int ret;

	if (needs_reg(fi->type) && fi->reg < 0) {
		snprintf(err, errlen, "%s needs reg=REGISTER (not flags)",
			 faultinj_names[fi->type]);
		return -EINVAL;
	}
	fi->kp.symbol_name = fi->sym;
	fi->kp.offset = fi->offset;
	fi->kp.flags = KPROBE_FLAG_DISABLED;	/* nothing patched yet */
	fi->kp.pre_handler = mut_pre;
	fi->kp.post_handler = mut_post;	/* never optimised, never boosted */
	ret = register_kprobe(&fi->kp);
	if (ret == -EILSEQ) {
		snprintf(err, errlen, "%s+%#lx is not an instruction boundary",
			 fi->sym, fi->offset);
		return ret;
	}
	if (ret == -ENOENT || ret == -EINVAL) {
		snprintf(err, errlen, "%s+%#lx: unknown symbol or offset",
			 fi->sym, fi->offset);
		return -ENOENT;
	}
	if (ret) {
		snprintf(err, errlen, "%s+%#lx: kprobe refused (%d)", fi->sym,
			 fi->offset, ret);
		return ret;
	}
	if (!in_symbol(fi)) {
		snprintf(err, errlen, "%s+%#lx is outside the symbol",
			 fi->sym, fi->offset);
		ret = -ENOENT;
	} else if (fi->kp.flags & KPROBE_FLAG_FTRACE) {
		snprintf(err, errlen, "%s+%#lx is the function's ftrace site",
			 fi->sym, fi->offset);
		ret = -EINVAL;
	} else {
		ret = check_insn(fi, err, errlen);
	}
	if (!ret)
		ret = enable_kprobe(&fi->kp);
	if (ret) {
		unregister_kprobe(&fi->kp);
		return ret;
	}
	fi->probed = true;
	return 0;
}

void faultinj_mutation_disarm(struct faultinj *fi)
{
	if (fi->probed)
		unregister_kprobe(&fi->kp);
	fi->probed = false;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * target.c - where a code mutation lands: decode a driver's .text with
 * Capstone, decide per instruction which fault types it can take (a
 * conditional branch for branch, a memory operand for ptr and heap, a
 * compare for loop, a store to a local for init, ...), and pick one by
 * seed. Instructions the kernel side refuses are never picked: a
 * function's ftrace site, divides and undefined opcodes (their
 * single-step could raise #DE/#UD, isolation.md), and - except for nop,
 * which skips calls - calls, jumps and returns.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"

const char *const fi_type_names[FIT_NR] = {
	"text", "nop", "dst", "src", "branch", "ptr", "loop", "init",
	"stack", "heap", "alloc", "irq", "free", "bcopy",
};

int fi_type_parse(const char *s)
{
	int i;

	for (i = 0; i < FIT_NR; i++)
		if (!strcmp(s, fi_type_names[i]))
			return i;
	return -1;
}

uint64_t fi_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Capstone register -> 64-bit name and width, for the 15 usable GPRs. */
static const struct {
	const char *name;
	x86_reg r[4];		/* 64, 32, 16, 8-bit (low byte) */
} gprs[] = {
	{ "rax", { X86_REG_RAX, X86_REG_EAX, X86_REG_AX, X86_REG_AL } },
	{ "rbx", { X86_REG_RBX, X86_REG_EBX, X86_REG_BX, X86_REG_BL } },
	{ "rcx", { X86_REG_RCX, X86_REG_ECX, X86_REG_CX, X86_REG_CL } },
	{ "rdx", { X86_REG_RDX, X86_REG_EDX, X86_REG_DX, X86_REG_DL } },
	{ "rsi", { X86_REG_RSI, X86_REG_ESI, X86_REG_SI, X86_REG_SIL } },
	{ "rdi", { X86_REG_RDI, X86_REG_EDI, X86_REG_DI, X86_REG_DIL } },
	{ "rbp", { X86_REG_RBP, X86_REG_EBP, X86_REG_BP, X86_REG_BPL } },
	{ "r8", { X86_REG_R8, X86_REG_R8D, X86_REG_R8W, X86_REG_R8B } },
	{ "r9", { X86_REG_R9, X86_REG_R9D, X86_REG_R9W, X86_REG_R9B } },
	{ "r10", { X86_REG_R10, X86_REG_R10D, X86_REG_R10W, X86_REG_R10B } },
	{ "r11", { X86_REG_R11, X86_REG_R11D, X86_REG_R11W, X86_REG_R11B } },
	{ "r12", { X86_REG_R12, X86_REG_R12D, X86_REG_R12W, X86_REG_R12B } },
	{ "r13", { X86_REG_R13, X86_REG_R13D, X86_REG_R13W, X86_REG_R13B } },
	{ "r14", { X86_REG_R14, X86_REG_R14D, X86_REG_R14W, X86_REG_R14B } },
	{ "r15", { X86_REG_R15, X86_REG_R15D, X86_REG_R15W, X86_REG_R15B } },
};

/* Index in gprs[] and width in bits of @r; -1 if not a usable GPR. */
static int gpr(unsigned int r, int *bits)
{
	static const int widths[4] = { 64, 32, 16, 8 };
	size_t i, j;

	for (i = 0; i < sizeof(gprs) / sizeof(gprs[0]); i++)
		for (j = 0; j < 4; j++)
			if (gprs[i].r[j] == r) {
				if (bits)
					*bits = widths[j];
				return (int)i;
			}
	return -1;
}

/* The opcode byte past legacy prefixes and REX. */
static const uint8_t *opcode_of(const cs_insn *in)
{
	const uint8_t *b = in->bytes, *end = in->bytes + in->size;

	while (b < end && (*b == 0xf0 || *b == 0xf2 || *b == 0xf3 ||
			   *b == 0x2e || *b == 0x36 || *b == 0x3e ||
			   *b == 0x26 || *b == 0x64 || *b == 0x65 ||
			   *b == 0x66 || *b == 0x67))
		b++;
	if (b < end && (*b & 0xf0) == 0x40)
		b++;
	return b < end ? b : NULL;
}

static int choose_reg(struct fi_target *t, const uint16_t *regs, int n,
		      uint64_t rnd, int minbit)
{
	int idx[64], w[64], k = 0, i, bits;

	for (i = 0; i < n && k < 64; i++) {
		int g = gpr(regs[i], &bits);

		if (g >= 0 && bits > minbit) {
			idx[k] = g;
			w[k++] = bits;
		}
	}
	if (!k)
		return 0;
	i = (int)(rnd % (uint64_t)k);
	snprintf(t->reg, sizeof(t->reg), "%s", gprs[idx[i]].name);
	t->bit = minbit + (int)((rnd >> 16) % (uint64_t)(w[i] - minbit));
	return 1;
}

static bool is_jcc(const cs_insn *in)
{
	const uint8_t *b = in->bytes;

	return (in->size == 2 && b[0] >= 0x70 && b[0] <= 0x7f) ||
	       (in->size == 6 && b[0] == 0x0f && (b[1] & 0xf0) == 0x80);
}

static bool is_flow(csh h, const cs_insn *in)
{
	return cs_insn_group(h, in, X86_GRP_JUMP) ||
	       cs_insn_group(h, in, X86_GRP_CALL) ||
	       cs_insn_group(h, in, X86_GRP_RET) ||
	       cs_insn_group(h, in, X86_GRP_INT) ||
	       cs_insn_group(h, in, X86_GRP_IRET);
}

/* Never a target: the ftrace site, #DE/#UD risks, padding, endbr. */
static bool never(const cs_insn *in, unsigned long off)
{
	static const uint8_t nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

	if (off == 0 && in->size == 5 &&
	    (in->bytes[0] == 0xe8 || !memcmp(in->bytes, nop5, 5)))
		return true;
	switch (in->id) {
	case X86_INS_DIV:
	case X86_INS_IDIV:
	case X86_INS_UD2:
	case X86_INS_INT3:
	case X86_INS_ENDBR64:
	case X86_INS_HLT:
		return true;
	default:
		return !strncmp(in->mnemonic, "ud", 2);
	}
}

static const cs_x86_op *mem_op(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	int i;

	for (i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM)
			return &x->operands[i];
	return NULL;
}

/* loop: a register a cmp or test compares, so the loop never ends. */
static int loop_target(const cs_insn *in, uint64_t rnd, struct fi_target *t)
{
	const cs_x86 *x = &in->detail->x86;
	uint16_t regs[4];
	int i, n = 0;

	if (in->id != X86_INS_CMP && in->id != X86_INS_TEST)
		return 0;
	for (i = 0; i < x->op_count && n < 4; i++)
		if (x->operands[i].type == X86_OP_REG)
			regs[n++] = x->operands[i].reg;
	return choose_reg(t, regs, n, rnd, 0);
}

/* init: a mov that stores to a stack slot (rsp or rbp based), skipped. */
static int is_stack_init(const cs_insn *in, const cs_x86_op *m, const uint8_t *op)
{
	return in->id == X86_INS_MOV && m && op &&
	       in->detail->x86.operands[0].type == X86_OP_MEM &&
	       (m->mem.base == X86_REG_RSP || m->mem.base == X86_REG_RBP) &&
	       (op[0] == 0x88 || op[0] == 0x89 || op[0] == 0xc6 || op[0] == 0xc7);
}

static int classify(csh h, const cs_insn *in, enum fi_type type,
		    unsigned long off, uint64_t rnd, struct fi_target *t)
{
	static const int flag_bits[] = { 0, 2, 6, 7, 11 };
	uint16_t rr[64], rw[64];
	uint8_t nr = 0, nw = 0;
	const cs_x86_op *m;
	const uint8_t *op;
	int bits;

	t->reg[0] = '\0';
	t->bit = -1;
	t->disp = 0;
	if (never(in, off))
		return 0;
	if (type == FIT_BRANCH)
		return is_jcc(in);
	if (type == FIT_NOP)
		return !cs_insn_group(h, in, X86_GRP_JUMP) &&
		       !cs_insn_group(h, in, X86_GRP_RET);
	if (is_flow(h, in))
		return 0;
	if (cs_regs_access(h, in, rr, &nr, rw, &nw))
		return 0;
	m = mem_op(in);
	op = opcode_of(in);
	switch (type) {
	case FIT_TEXT:
		if (choose_reg(t, rw, nw, rnd, 0))
			return 1;
		for (bits = 0; bits < nw; bits++)
			if (rw[bits] == X86_REG_EFLAGS) {
				snprintf(t->reg, sizeof(t->reg), "flags");
				t->bit = flag_bits[rnd % 5];
				return 1;
			}
		return 0;
	case FIT_DST:
		return choose_reg(t, rw, nw, rnd, 0);
	case FIT_SRC:
		return choose_reg(t, rr, nr, rnd, 0);
	case FIT_PTR:
		if (!m || in->id == X86_INS_LEA)	/* lea: arithmetic too */
			return 0;
		if (gpr(m->mem.base, NULL) >= 0)
			return choose_reg(t, (uint16_t[]){ m->mem.base }, 1, rnd,
					  12);
		if (gpr(m->mem.index, NULL) >= 0)
			return choose_reg(t, (uint16_t[]){ m->mem.index }, 1,
					  rnd, 12);
		return 0;
	case FIT_LOOP:
		return loop_target(in, rnd, t);
	case FIT_INIT:
		return is_stack_init(in, m, op);
	case FIT_STACK:
		t->disp = (long)(rnd % 8);
		return 1;
	case FIT_HEAP:
		if (!m || in->id == X86_INS_LEA || m->mem.index != X86_REG_INVALID ||
		    m->mem.base == X86_REG_RBP || gpr(m->mem.base, &bits) < 0 ||
		    bits != 64)
			return 0;
		snprintf(t->reg, sizeof(t->reg), "%s",
			 gprs[gpr(m->mem.base, NULL)].name);
		t->disp = (long)m->mem.disp;
		return 1;
	default:
		return 0;
	}
}

static int open_cs(csh *h)
{
	if (cs_open(CS_ARCH_X86, CS_MODE_64, h) != CS_ERR_OK)
		return -1;
	cs_option(*h, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

int fi_classify(enum fi_type type, const uint8_t *code, size_t len,
		unsigned long off, uint64_t rnd, struct fi_target *t)
{
	cs_insn *in;
	csh h;
	int r = -1;

	if (open_cs(&h))
		return -1;
	if (cs_disasm(h, code, len, off, 1, &in) == 1) {
		r = classify(h, in, type, off, rnd, t);
		t->len = in->size;
		snprintf(t->insn, sizeof(t->insn), "%s %s", in->mnemonic,
			 in->op_str);
		cs_free(in, 1);
	}
	cs_close(&h);
	return r;
}

/* The functions of .text in address order, with their bytes. */
struct func {
	const char *name;
	unsigned long start, size;
};

static int cmp_func(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static const uint8_t *text_funcs(const struct kmod *m, struct func **out,
				 size_t *n, size_t *textsize)
{
	Elf_Scn *scn = elf_getscn(m->elf, m->symtab);
	Elf_Data *sd = scn ? elf_getdata(scn, NULL) : NULL, *td;
	size_t i, text = 0, cap = 0;
	GElf_Sym s;

	*out = NULL;
	*n = 0;
	for (i = 1; i < m->shnum; i++)
		if (!strcmp(kmod_secname(m, i), ".text"))
			text = i;
	if (!sd || !text)
		return NULL;
	td = elf_getdata(elf_getscn(m->elf, text), NULL);
	if (!td || !td->d_buf)
		return NULL;
	*textsize = td->d_size;
	for (i = 0; gelf_getsym(sd, (int)i, &s); i++) {
		if (GELF_ST_TYPE(s.st_info) != STT_FUNC || s.st_shndx != text ||
		    !s.st_size || s.st_value + s.st_size > td->d_size)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = realloc(*out, cap * sizeof(**out));
			if (!*out)
				return NULL;
		}
		(*out)[(*n)++] = (struct func){
			elf_strptr(m->elf, m->strtab, s.st_name),
			s.st_value, s.st_size };
	}
	qsort(*out, *n, sizeof(**out), cmp_func);
	return td->d_buf;
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

/* Walk the eligible instructions; stop at number @want, or count them. */
static long walk(const struct kmod *m, enum fi_type type, const char *funcs,
		 long want, uint64_t rnd, struct fi_target *t)
{
	struct func *f;
	size_t nf, i, tsz;
	const uint8_t *text = text_funcs(m, &f, &nf, &tsz);
	long count = 0;
	cs_insn *in;
	csh h;

	if (!text || open_cs(&h)) {
		free(f);
		return -1;
	}
	in = cs_malloc(h);
	for (i = 0; i < nf; i++) {
		const uint8_t *code = text + f[i].start;
		size_t size = f[i].size;
		uint64_t addr = 0;

		if (funcs && !in_list(funcs, f[i].name))
			continue;
		while (cs_disasm_iter(h, &code, &size, &addr, in)) {
			if (classify(h, in, type, in->address, rnd, t) != 1)
				continue;
			if (count++ == want) {
				snprintf(t->sym, sizeof(t->sym), "%s", f[i].name);
				t->off = in->address;
				t->len = in->size;
				t->type = type;
				snprintf(t->insn, sizeof(t->insn), "%s %s",
					 in->mnemonic, in->op_str);
				cs_free(in, 1);
				cs_close(&h);
				free(f);
				return count;
			}
		}
	}
	cs_free(in, 1);
	cs_close(&h);
	free(f);
	return count;
}

int fi_pick(const struct kmod *m, enum fi_type type, uint64_t seed,
	    unsigned int attempt, const char *funcs, struct fi_target *t,
	    char *err, size_t errlen)
{
	uint64_t rnd = fi_mix(seed ^ 0x5eed);
	long n = walk(m, type, funcs, -1, rnd, t);

	if (n <= 0) {
		snprintf(err, errlen, "no instruction for %s in %s",
			 fi_type_names[type], funcs ? funcs : ".text");
		return -1;
	}
	walk(m, type, funcs, (long)((fi_mix(seed) + attempt) % (uint64_t)n),
	     rnd, t);
	return 0;
}

int fi_at(const struct kmod *m, enum fi_type type, const char *sym,
	  unsigned long off, uint64_t seed, struct fi_target *t, char *err,
	  size_t errlen)
{
	struct func *f;
	size_t nf, i, tsz;
	const uint8_t *text = text_funcs(m, &f, &nf, &tsz);
	int r = -1;

	for (i = 0; text && i < nf; i++) {
		if (strcmp(f[i].name, sym))
			continue;
		if (off >= f[i].size)
			break;
		r = fi_classify(type, text + f[i].start + off,
				f[i].size - off, off, fi_mix(seed ^ 0x5eed), t);
		if (r == 1) {
			snprintf(t->sym, sizeof(t->sym), "%s", sym);
			t->off = off;
			t->type = type;
			free(f);
			return 0;
		}
		snprintf(err, errlen, "%s+%#lx (%s) cannot take a %s fault",
			 sym, off, r < 0 ? "undecodable" : t->insn,
			 fi_type_names[type]);
		free(f);
		return -1;
	}
	snprintf(err, errlen, "%s+%#lx is not in .text of %s", sym, off,
		 m->name);
	free(f);
	return -1;
}

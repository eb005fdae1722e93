// SPDX-License-Identifier: GPL-2.0
/*
 * wrapgen - the wrappers of the import table's generated classes.
 *
 *   wrapgen --kver VER [--btf FILE] TABLE OUT.c
 *	writes a dsw_SYMBOL for every acquire, release, lock, unlock, sleep,
 *	cross, refuse and store line of TABLE (wrappers/imports.tbl), with SYMBOL's prototype from the
 *	kernel's BTF, and the tracker type or hold release of every type
 *	those lines use. DSW() asserts each wrapper has the type the kernel's
 *	headers give SYMBOL, so a prototype BTF got wrong fails the build.
 *   wrapgen --verify Module.symvers TABLE TOP
 *	fails unless drvsup.ko exports dsw_X exactly for the table's wrapper
 *	lines, and each custom line's file (under TOP/wrappers/, or TOP/DIR/
 *	if it names one) defines DSW(..., X, ...).
 *
 * A build tool: it runs on the host, before and after kbuild.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../btf.h"
#include "../drvsup.h"
#include "../importmap.h"

/* Headers that declare what the generated lines wrap: a declaration
 * there that disagrees with BTF fails the build. */
static const char *const headers[] = {
	"linux/aer.h", "linux/completion.h", "linux/cpu_rmap.h", "linux/delay.h", "linux/dma-mapping.h", "linux/etherdevice.h", "linux/ethtool.h", "linux/firmware.h", "linux/hwmon.h",
	"linux/interrupt.h", "linux/io.h", "linux/mc146818rtc.h", "linux/netdevice.h", "linux/pci.h",
	"linux/percpu.h", "linux/platform_device.h", "linux/pm_qos.h", "linux/pm_runtime.h", "linux/ptp_clock_kernel.h", "linux/rcupdate.h", "linux/rtnetlink.h",
	"linux/sched.h", "linux/semaphore.h", "linux/skbuff.h", "linux/slab.h",
	"linux/spinlock.h", "linux/string.h", "linux/vmalloc.h", "linux/workqueue.h", "linux/xz.h",
	"linux/inetdevice.h", "net/devlink.h", "net/dst.h", "net/ip6_route.h", "net/route.h",
	"linux/bpf.h", "linux/cpu.h", "linux/filter.h", "linux/netfilter.h", "net/xdp.h",
};

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("wrapgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* C for REF (ret, argN, *argN, none) of a line of type @type. */
static void ref_expr(const char *ref, const char *type, char *out, size_t n)
{
	if (!strcmp(ref, "ret"))
		snprintf(out, n, "ret");
	else if (!strcmp(ref, "none"))
		snprintf(out, n, "&dsw_gen_key_%s", type);
	else if (*ref == '*')
		snprintf(out, n, "*a%s", ref + 4);
	else
		snprintf(out, n, "a%s", ref + 3);
}

static int ref_ok(const struct imp_rule *r, const char *ref,
		  const struct kbtf_fn *fn)
{
	int i;

	if (!ref || !strcmp(ref, "none"))
		return 0;
	if (!strcmp(ref, "ret"))
		return fn->ret_void ? fail("%s: %s=ret, but it returns void",
					   r->pattern, ref) : 0;
	i = atoi(ref + (*ref == '*' ? 4 : 3));
	return i < fn->nparams ? 0 :
	       fail("%s: %s, but it has %d parameters", r->pattern, ref, fn->nparams);
}

/* The call of the kernel's SYMBOL with the wrapper's parameters. */
static void call_args(const struct kbtf_fn *fn, char *out, size_t n)
{
	size_t len = 0;
	int i;

	out[0] = 0;
	for (i = 0; i < fn->nparams && len < n; i++)
		len += snprintf(out + len, n - len, "%sa%d", i ? ", " : "", i);
}

static void params(FILE *o, const struct kbtf_fn *fn)
{
	int i;

	for (i = 0; i < fn->nparams; i++)
		fprintf(o, ", %s", fn->decl[i]);
	if (!fn->nparams)
		fprintf(o, ", void");
}

/* ------------------------------------------------------------------ */
/* Types: how a tracked resource or a hold is given back               */

struct use {
	bool tracked, held;
};

static int release_body(FILE *o, struct kbtf *k, const struct imp_type *ty,
			const char *key, const char *a, const char *b)
{
	char args[256], *save, *w, *list = strdup(ty->args);
	struct kbtf_fn fn;
	int i = 0, rc = 0;

	if (!list || kbtf_fn(k, ty->fn, &fn)) {
		free(list);
		return fail("type %s: no prototype for %s in BTF", ty->name, ty->fn);
	}
	fprintf(o, "\t%s(", ty->fn);
	for (w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save), i++) {
		while (*w == ' ')
			w++;
		if (i >= fn.nparams) {
			rc = fail("type %s: %s takes %d arguments", ty->name, ty->fn, fn.nparams);
			break;
		}
		if (!strcmp(w, "key"))
			snprintf(args, sizeof(args), "(%s)(unsigned long)%s", fn.type[i], key);
		else if (!strcmp(w, "a"))
			snprintf(args, sizeof(args), "(%s)%s", fn.type[i], a);
		else if (!strcmp(w, "b") && b)
			snprintf(args, sizeof(args), "(%s)%s", fn.type[i], b);
		else {
			rc = fail("type %s: argument '%s' is not key, a or b (b: tracked types only)", ty->name, w);
			break;
		}
		fprintf(o, "%s%s", i ? ", " : "", args);
	}
	if (!rc && i != fn.nparams)
		rc = fail("type %s: %s takes %d arguments", ty->name, ty->fn, fn.nparams);
	fprintf(o, ");\n}\n\n");
	free(list);
	return rc;
}

static int emit_type(FILE *o, struct kbtf *k, const struct imp_type *ty,
		     struct use u)
{
	int rc = 0;

	if (u.held) {
		fprintf(o, "static char dsw_gen_key_%s __maybe_unused;\n\n", ty->name);
		fprintf(o, "static void dsw_gen_hold_%s(void *key, unsigned long a)\n{\n",
			ty->name);
		rc |= release_body(o, k, ty, "key", "a", NULL);
	}
	if (u.tracked) {
		fprintf(o, "static void dsw_gen_release_%s(struct drvsup_domain *d,\n"
			"\t\t\t\tstruct drvsup_obj *o)\n{\n", ty->name);
		rc |= release_body(o, k, ty, "o->key", "o->a", "o->b");
		fprintf(o, "static const struct drvsup_obj_type dsw_gen_type_%s = {\n"
			"\t.name = \"%s\",\n\t.release = dsw_gen_release_%s,\n%s};\n\n",
			ty->name, ty->name, ty->name,
			ty->unchanged ? "\t.ckpt = DRVSUP_CKPT_KEEP,\n" : "");
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Wrappers                                                            */

static const char *ok_expr(const struct imp_rule *r, const struct kbtf_fn *fn)
{
	const char *ok = r->ok ? r->ok : fn->ret_void ? "any" :
			 fn->ret_ptr ? "ptr" : "zero";

	if (!strcmp(ok, "ptr"))
		return "!IS_ERR_OR_NULL(ret)";
	if (!strcmp(ok, "zero"))
		return "!ret";
	if (!strcmp(ok, "nonneg"))
		return "ret >= 0";
	if (!strcmp(ok, "nonzero"))
		return "ret";
	return "1";
}

static void head(FILE *o, const struct imp_rule *r, const struct kbtf_fn *fn)
{
	fprintf(o, "/* imports.tbl:%u: %s%s%s */\n", r->line, imp_class_name(r->cls),
		r->arg ? " " : "", r->arg ? r->arg : "");
	fprintf(o, "DSW(%s, %s", fn->ret, r->pattern);
	params(o, fn);
	fprintf(o, ")\n{\n");
	if (!fn->ret_void && r->cls != IMP_REFUSE)
		fprintf(o, "\t%s%sret;\n\n", fn->ret,
			fn->ret[strlen(fn->ret) - 1] == '*' ? "" : " ");
}

static void tail(FILE *o, const struct kbtf_fn *fn)
{
	fprintf(o, "%s}\n\n", fn->ret_void ? "" : "\treturn ret;\n");
}

/*
 * Every pointer argument is checked by its type's rule (wrappers/wrap.h:
 * a lock, wait queue or list the kernel would write must lie in memory
 * the domain owns, and a lock or wait queue must be shaped like one); for
 * a type without a rule the check compiles away. An initialiser's first
 * argument (cross init) is its output: owned, its words not yet a shape.
 */
static void emit_checks(FILE *o, const struct imp_rule *r,
			const struct kbtf_fn *fn)
{
	bool init = r->cls == IMP_CROSS && r->arg && !strcmp(r->arg, "init");
	int i;

	for (i = 0; i < fn->nparams; i++)
		if (strchr(fn->type[i], '*'))
			fprintf(o, "\tif (%s(d, a%d))\n\t\treturn%s;\n",
				init && !i ? "dsw_unowned_init" : "dsw_unowned",
				i, fn->ret_void ? "" : " 0");
}

static void emit_acquire(FILE *o, const struct imp_rule *r,
			 const struct kbtf_fn *fn, const char *call)
{
	char key[64], a[64] = "0UL", b[64] = "0UL";

	ref_expr(r->key, r->arg, key, sizeof(key));
	if (r->a)
		ref_expr(r->a, r->arg, a, sizeof(a));
	if (r->b)
		ref_expr(r->b, r->arg, b, sizeof(b));
	fprintf(o, "\tDSW_ENTER(d);\n");
	emit_checks(o, r, fn);
	fprintf(o, "\t%s%s(%s);\n", fn->ret_void ? "" : "ret = ", r->pattern, call);
	fprintf(o, "\tif (d && %s &&\n\t    !dsw_gen_track(d, &dsw_gen_type_%s,\n"
		"\t\t\t   (const void *)(unsigned long)%s, %s%s,\n"
		"\t\t\t   %s%s))\n",
		ok_expr(r, fn), r->arg, key, r->a ? "(unsigned long)" : "", a,
		r->b ? "(unsigned long)" : "", b);
	if (fn->ret_void)
		fprintf(o, "\t\tdsw_gen_untracked(d, \"%s\");\n", r->pattern);
	else
		fprintf(o, "\t\tret = (%s)%s;\n", fn->ret, fn->ret_ptr ? "NULL" : "-ENOMEM");
	fprintf(o, "\tDSW_LEAVE();\n");
}

static void emit_release(FILE *o, const struct imp_rule *r,
			 const struct kbtf_fn *fn, const char *call)
{
	char key[64];

	ref_expr(r->key, r->arg, key, sizeof(key));
	fprintf(o, "\tDSW_ENTER(d);\n");
	emit_checks(o, r, fn);
	/* The kernel's release functions take NULL as nothing to give back. */
	if (strchr(fn->type[atoi(r->key + 3)], '*'))
		fprintf(o, "\tif (!%s) {\n\t\tDSW_LEAVE();\n\t\treturn%s;\n\t}\n",
			key, fn->ret_void ? "" : " 0");
	fprintf(o, "\tif (!dsw_gen_untrack(d, &dsw_gen_type_%s, "
		"(const void *)(unsigned long)%s)) {\n", r->arg, key);
	fprintf(o, "\t\tdsw_fault(d, DRVSUP_FAULT_BADARG,\n"
		"\t\t\t  \"%s(%%#lx): not the driver's %s\",\n"
		"\t\t\t  (unsigned long)%s);\n", r->pattern, r->arg, key);
	fprintf(o, "\t\treturn%s;\n\t}\n", fn->ret_void ? "" : " 0");
	fprintf(o, "\t%s%s(%s);\n\tDSW_LEAVE();\n", fn->ret_void ? "" : "ret = ",
		r->pattern, call);
}

static void emit_lock(FILE *o, const struct imp_rule *r,
		      const struct kbtf_fn *fn, const char *call, bool scoped)
{
	char key[64], a[64] = "0UL";

	ref_expr(r->key, r->arg, key, sizeof(key));
	if (r->a) {
		strcpy(a, "(unsigned long)");
		ref_expr(r->a, r->arg, a + strlen(a), sizeof(a) - strlen(a));
	}
	fprintf(o, "\tDSW_ENTER(d);\n");
	emit_checks(o, r, fn);
	fprintf(o, "\t%s%s(%s);\n\tDSW_LEAVE();\n",
		fn->ret_void ? "" : "ret = ", r->pattern, call);
	if (r->ok)	/* a trylock holds only what it got */
		fprintf(o, "\tif (%s)\n\t", ok_expr(r, fn));
	fprintf(o, "\tdrvsup_hold_%s(dsw_gen_hold_%s, (void *)%s, %s);\n",
		scoped ? "take" : "push", r->arg, key, a);
	fprintf(o, "\tdsw_check_alive(d);\n");
}

/* A scoped lock the call did not take is refused before the kernel sees it. */
static void emit_unlock(FILE *o, const struct imp_rule *r,
			const struct kbtf_fn *fn, const char *call, bool scoped)
{
	char key[64];

	ref_expr(r->key, r->arg, key, sizeof(key));
	if (!scoped) {
		fprintf(o, "\tDSW_ENTER_ANY();\n\tdrvsup_hold_pop((void *)%s);\n", key);
	} else {
		fprintf(o, "\tDSW_ENTER(d);\n\tif (!drvsup_hold_pop((void *)%s)) {\n", key);
		fprintf(o, "\t\tdsw_fault(d, DRVSUP_FAULT_BADARG,\n"
			"\t\t\t  \"%s(%%#lx): a lock the call did not take\",\n"
			"\t\t\t  (unsigned long)%s);\n", r->pattern, key);
		fprintf(o, "\t\treturn%s;\n\t}\n", fn->ret_void ? "" : " 0");
	}
	fprintf(o, "\t%s%s(%s);\n\tDSW_LEAVE();\n", fn->ret_void ? "" : "ret = ",
		r->pattern, call);
}

static void emit_sleep(FILE *o, const struct imp_rule *r,
		       const struct kbtf_fn *fn, const char *call)
{
	fprintf(o, "\tDSW_ENTER(d);\n");
	emit_checks(o, r, fn);
	fprintf(o, "\t%s%s(%s);\n\tDSW_LEAVE();\n",
		fn->ret_void ? "" : "ret = ", r->pattern, call);
	fprintf(o, "\tdsw_check_alive(d);\n");
}

static void emit_cross(FILE *o, const struct imp_rule *r,
		       const struct kbtf_fn *fn, const char *call)
{
	int i;

	for (i = 0; i < fn->nparams && !strchr(fn->type[i], '*'); i++)
		;
	/* nothing to check: no need to know the domain */
	fprintf(o, "\t%s;\n", i < fn->nparams ? "DSW_ENTER(d)" : "DSW_ENTER_ANY()");
	emit_checks(o, r, fn);
	fprintf(o, "\t%s%s(%s);\n\tDSW_LEAVE();\n",
		fn->ret_void ? "" : "ret = ", r->pattern, call);
}

/*
 * The call stores into memory its arguments name (memcpy's destination):
 * for a driver whose stores are checked, the range is checked like one
 * of its own stores first (wrappers/store.c). No crossing: the call runs
 * as the driver's, like a pass line.
 */
static int emit_store(FILE *o, const struct imp_rule *r,
		      const struct kbtf_fn *fn, const char *call)
{
	int d = atoi(r->dst + 3), l = r->len ? atoi(r->len + 3) : -1;
	const char *k = r->len ? strchr(r->len, '*') : NULL;
	const char *t = fn->type[d];

	if (!strchr(t, '*'))
		return fail("%s: dst=%s is not a pointer", r->pattern, r->dst);
	if (l >= fn->nparams)
		return fail("%s: len=%s, but it has %d parameters", r->pattern,
			    r->len, fn->nparams);
	if (l < 0 && strstr(t, "void"))
		return fail("%s: dst=%s is a void pointer: name its len=",
			    r->pattern, r->dst);
	if (l >= 0)
		fprintf(o, "\tdsw_store_dst((const void *)(unsigned long)a%d, (size_t)a%d%s%s,\n\t\t      _RET_IP_);\n",
			d, l, k ? " * " : "", k ? k + 1 : "");
	else
		fprintf(o, "\tdsw_store_dst((const void *)(unsigned long)a%d, sizeof(*a%d),\n\t\t      _RET_IP_);\n",
			d, d);
	fprintf(o, "\t%s%s(%s);\n", fn->ret_void ? "" : "ret = ", r->pattern, call);
	return 0;
}

/* The kernel never sees the call: the driver gets the error it handles. */
static int emit_refuse(FILE *o, const struct imp_rule *r,
		       const struct kbtf_fn *fn)
{
	if (fn->ret_void)
		return fail("%s: refuse needs a return value for its error", r->pattern);
	fprintf(o, "\tstruct drvsup_domain *d = dsw_domain(_RET_IP_);\n\n");
	fprintf(o, "\tpr_info_once(\"%%s: %s() refused: -%s (imports.tbl)\\n\",\n"
		"\t\t     d ? d->name : \"?\");\n", r->pattern, r->arg);
	fprintf(o, "\treturn (%s)%s(-%s);\n}\n\n", fn->ret,
		fn->ret_ptr ? "ERR_PTR" : "", r->arg);
	return 0;
}

static int emit_wrapper(FILE *o, struct kbtf *k, const struct imptab *t,
			const struct imp_rule *r)
{
	const struct imp_type *ty = r->arg ? imptab_type(t, r->arg) : NULL;
	bool scoped = ty && ty->scoped;
	struct kbtf_fn fn;
	char call[256];
	int rc = 0;

	if (kbtf_fn(k, r->pattern, &fn))
		return fail("%s (imports.tbl:%u): no prototype in BTF", r->pattern, r->line);
	if (fn.variadic)
		return fail("%s: variadic, cannot be generated: make it custom", r->pattern);
	if (ref_ok(r, r->key, &fn) || ref_ok(r, r->a, &fn) || ref_ok(r, r->b, &fn) ||
	    ref_ok(r, r->dst, &fn))
		return 1;
	if (r->cls == IMP_RELEASE && strncmp(r->key, "arg", 3))
		return fail("%s: a release names its key with key=argN", r->pattern);
	call_args(&fn, call, sizeof(call));
	head(o, r, &fn);
	if (r->cls == IMP_ACQUIRE)
		emit_acquire(o, r, &fn, call);
	else if (r->cls == IMP_RELEASE)
		emit_release(o, r, &fn, call);
	else if (r->cls == IMP_LOCK)
		emit_lock(o, r, &fn, call, scoped);
	else if (r->cls == IMP_UNLOCK)
		emit_unlock(o, r, &fn, call, scoped);
	else if (r->cls == IMP_SLEEP)
		emit_sleep(o, r, &fn, call);
	else if (r->cls == IMP_CROSS)
		emit_cross(o, r, &fn, call);
	else if (r->cls == IMP_STORE)
		rc = emit_store(o, r, &fn, call);
	else
		return emit_refuse(o, r, &fn);
	tail(o, &fn);
	return rc;
}

/* The "data shared" objects: kernel memory every domain may pass. */
static void emit_shared(FILE *o, const struct imptab *t)
{
	size_t i;

	fprintf(o, "bool dsw_gen_shared(const void *p, size_t len)\n{\n"
		"\tstatic const struct {\n\t\tconst void *p;\n\t\tsize_t len;\n"
		"\t} objs[] = {\n");
	for (i = 0; i < t->n; i++)
		if (t->v[i].cls == IMP_DATA && t->v[i].arg &&
		    !strcmp(t->v[i].arg, "shared"))
			fprintf(o, "\t\t{ &%s, sizeof(%s) },\t/* imports.tbl:%u */\n",
				t->v[i].pattern, t->v[i].pattern, t->v[i].line);
	fprintf(o, "\t\t{ NULL, 0 }\n\t};\n\tunsigned int i;\n\n"
		"\tfor (i = 0; objs[i].p; i++)\n"
		"\t\tif (p >= objs[i].p && p + len <= objs[i].p + objs[i].len)\n"
		"\t\t\treturn true;\n\treturn false;\n}\n");
}

static int generate(const struct imptab *t, struct kbtf *k, FILE *o)
{
	struct use *use = calloc(t->ntypes + 1, sizeof(*use));
	size_t i, j;
	int rc = 0;

	if (!use)
		return fail("out of memory");
	fprintf(o, "// SPDX-License-Identifier: GPL-2.0\n"
		"/*\n * gen_imports.c - GENERATED by tools/gen/wrapgen from "
		"wrappers/imports.tbl\n * and the BTF of %s: do not edit.\n */\n"
		"#define pr_fmt(fmt) \"drvsup: \" fmt\n\n", k->kver);
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		fprintf(o, "#include <%s>\n", headers[i]);
	fprintf(o, "\n#include \"wrap.h\"\n#include \"gen.h\"\n#include \"store.h\"\n\n");
	for (i = 0; i < t->n; i++) {
		const struct imp_type *ty = imptab_type(t, t->v[i].arg);

		if (!ty || imp_class_direct(t->v[i].cls) || t->v[i].cls == IMP_CUSTOM)
			continue;
		j = ty - t->types;
		if (t->v[i].cls <= IMP_RELEASE)
			use[j].tracked = true;
		else
			use[j].held = true;
	}
	fputc('\n', o);
	for (j = 0; j < t->ntypes; j++)
		if (use[j].tracked || use[j].held)
			rc |= emit_type(o, k, &t->types[j], use[j]);
	for (i = 0; i < t->n; i++)
		if (!imp_class_direct(t->v[i].cls) && t->v[i].cls != IMP_CUSTOM)
			rc |= emit_wrapper(o, k, t, &t->v[i]);
	emit_shared(o, t);
	free(use);
	return rc;
}

/* ------------------------------------------------------------------ */
/* --verify                                                            */

/*
 * Does wrappers/FILE define dsw_SYM: a line that starts a DSW(ret, SYM, ...)
 * or another DSW macro's use naming SYM (DSW_BUILD_SKB(SYM))?
 */
static bool file_defines(const char *dir, const char *file, const char *sym)
{
	char path[512], *line = NULL, *tok, *save;
	size_t cap = 0;
	bool found = false;
	FILE *f;

	/* FILE.c is in wrappers/; DIR/FILE.c names its folder */
	snprintf(path, sizeof(path), "%s/%s%s", dir, strchr(file, '/') ? "" : "wrappers/",
		 file);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0) {
		if (strncmp(line, "DSW", 3) || !strchr(line, '('))
			continue;
		for (tok = strtok_r(strchr(line, '(') + 1, " \t\n,()*", &save);
		     tok && !found; tok = strtok_r(NULL, " \t\n,()*", &save))
			found = !strcmp(tok, sym);
	}
	free(line);
	fclose(f);
	return found;
}

static int verify(const struct imptab *t, const struct symvers *sv,
		  const char *dir)
{
	char wname[256];
	size_t i, bad = 0;

	for (i = 0; i < t->n; i++) {
		const struct imp_rule *r = &t->v[i];

		if (imp_class_direct(r->cls))
			continue;
		snprintf(wname, sizeof(wname), WRAPPER_PREFIX "%s", r->pattern);
		if (!symvers_find(sv, wname))
			bad += fail("%s:%u: %s is %s, but drvsup.ko does not export %s",
				     t->path, r->line, r->pattern, imp_class_name(r->cls), wname);
		if (r->cls == IMP_CUSTOM && !file_defines(dir, r->arg, r->pattern))
			bad += fail("%s:%u: %s does not define DSW(..., %s, ...)",
				     t->path, r->line, r->arg, r->pattern);
	}
	for (i = 0; i < sv->n; i++) {
		const char *w = sv->v[i].name;
		const struct imp_rule *r;

		if (!symvers_is_wrapper(&sv->v[i]))
			continue;
		r = imptab_match(t, w + strlen(WRAPPER_PREFIX));
		if (!r || imp_class_direct(r->cls))
			bad += fail("%s: %s.ko exports %s, but %s has no wrapper line for %s",
				     sv->path, sv->v[i].module, w, t->path,
				     w + strlen(WRAPPER_PREFIX));
	}
	if (bad)
		return fail("%zu disagreements between the import table and drvsup.ko", bad);
	printf("wrapgen: %s agrees with %s (%zu wrappers)\n", t->path, sv->path,
	       sv->nwrappers);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wrapgen --kver VER [--btf FILE] TABLE OUT.c\n"
		"       wrapgen --verify Module.symvers TABLE TOP\n"
		"Generate the wrappers of the import table's acquire, release, lock\n"
		"and unlock lines from the kernel's BTF, or check that drvsup.ko's\n"
		"exports and the table agree.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kver", required_argument, NULL, 'k' },
		{ "btf", required_argument, NULL, 'b' },
		{ "verify", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *kver = NULL, *btf = NULL, *symvers = NULL;
	char err[KMOD_ERRLEN];
	struct imptab t;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'k')
			kver = optarg;
		else if (c == 'b')
			btf = optarg;
		else if (c == 'v')
			symvers = optarg;
		else {
			usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (argc - optind != 2 || (!symvers && !kver)) {
		usage(stderr);
		return 2;
	}
	if (imptab_load(&t, argv[optind], err))
		return fail("%s", err);
	if (symvers) {
		struct symvers sv;

		rc = symvers_load(&sv, symvers, err) ? fail("%s", err) :
		     verify(&t, &sv, argv[optind + 1]);
		symvers_free(&sv);
	} else {
		struct kbtf k;
		FILE *o;

		if (kbtf_open(&k, kver, btf, err, sizeof(err)))
			return fail("%s", err);
		o = fopen(argv[optind + 1], "we");
		rc = o ? generate(&t, &k, o) : fail("%s: %s", argv[optind + 1], strerror(errno));
		if (o && fclose(o))
			rc = fail("%s: %s", argv[optind + 1], strerror(errno));
		if (rc)
			remove(argv[optind + 1]);
		kbtf_close(&k);
	}
	imptab_free(&t);
	return rc;
}

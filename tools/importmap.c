// SPDX-License-Identifier: GPL-2.0
/*
 * importmap.c - parsing drvsup's Module.symvers, wrappers/imports.tbl and
 * System.map/kallsyms, and classifying a module's imports (importmap.h).
 * Nothing here prints: errors go to err, results to the structures.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drvsup.h"
#include "elf.h"
#include "importmap.h"

const char *import_class_name(enum import_class c)
{
	static const char *const names[] = { "wrapped", "direct", "unknown" };

	return c < IMPORT_NCLASSES ? names[c] : "?";
}

static char *chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

/* ------------------------------------------------------------------ */
/* Module.symvers                                                      */

static int symvers_cmp(const void *a, const void *b)
{
	return strcmp(((const struct symvers_entry *)a)->name,
		      ((const struct symvers_entry *)b)->name);
}

/* One of drvsup's library wrapper modules (isolation/module.h's prefix). */
bool is_libwrap_module(const char *name)
{
	return !strncmp(name, LIBWRAP_PREFIX, strlen(LIBWRAP_PREFIX));
}

/*
 * A wrapper: dsw_X exported by drvsup.ko or by one of its library wrapper
 * modules (drvsup_LIB.ko), not drvsup.ko's interface to those modules
 * (dsw_bus_add, ...: the DRVSUP_INTERNAL namespace).
 */
bool symvers_is_wrapper(const struct symvers_entry *e)
{
	const char *mod = strrchr(e->module, '/');

	mod = mod ? mod + 1 : e->module;
	return !strncmp(e->name, WRAPPER_PREFIX, strlen(WRAPPER_PREFIX)) &&
	       strcmp(e->ns, DRVSUP_INTERNAL_NS) &&
	       (!strcmp(mod, "drvsup") || is_libwrap_module(mod));
}

static int symvers_line(struct symvers *sv, char *line, unsigned lineno,
			char *err)
{
	char *f[5] = { 0 }, *p = line, *end;
	struct symvers_entry *e;
	unsigned long crc;
	int n = 0;

	while (n < 5) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = 0;
	}
	if (n < 4 || !*f[1])
		return kmod_fail(err, EXIT_DATA,
			    "%s:%u: expected 0xCRC<tab>SYMBOL<tab>MODULE<tab>EXPORT[<tab>NAMESPACE]",
			    sv->path, lineno);
	errno = 0;
	crc = strtoul(f[0], &end, 16);
	if (errno || end == f[0] || *end || strncmp(f[0], "0x", 2) ||
	    crc > 0xffffffffUL)
		return kmod_fail(err, EXIT_DATA, "%s:%u: bad CRC '%s'", sv->path,
			    lineno, f[0]);
	e = &sv->v[sv->n];
	e->crc = (uint32_t)crc;
	e->name = strdup(f[1]);
	e->module = strdup(f[2]);
	e->export_type = strdup(f[3]);
	e->ns = strdup(n > 4 ? f[4] : "");
	if (!e->name || !e->module || !e->export_type || !e->ns)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	sv->n++;
	if (symvers_is_wrapper(e))
		sv->nwrappers++;
	return EXIT_OK;
}

int symvers_load(struct symvers *sv, const char *path, char *err)
{
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	unsigned lineno = 0;
	int rc = EXIT_OK;
	FILE *f;

	memset(sv, 0, sizeof(*sv));
	sv->path = strdup(path);
	f = fopen(path, "re");
	if (!f)
		return kmod_fail(err, EXIT_DATA, "cannot read Module.symvers %s: %s",
			    path, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		chomp(line);
		if (!*line)
			continue;
		if (sv->n == alloc) {
			struct symvers_entry *nv;

			alloc = alloc ? alloc * 2 : 256;
			nv = realloc(sv->v, alloc * sizeof(*nv));
			if (!nv) {
				rc = kmod_fail(err, EXIT_FAIL, "out of memory");
				break;
			}
			sv->v = nv;
		}
		rc = symvers_line(sv, line, lineno, err);
		if (rc)
			break;
	}
	free(line);
	fclose(f);
	if (!rc && sv->n)
		qsort(sv->v, sv->n, sizeof(*sv->v), symvers_cmp);
	return rc;
}

const struct symvers_entry *symvers_find(const struct symvers *sv,
					 const char *name)
{
	struct symvers_entry key = { .name = (char *)name };

	if (!sv || !sv->n)
		return NULL;
	return bsearch(&key, sv->v, sv->n, sizeof(*sv->v), symvers_cmp);
}

void symvers_free(struct symvers *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++) {
		free(sv->v[i].name);
		free(sv->v[i].module);
		free(sv->v[i].export_type);
		free(sv->v[i].ns);
	}
	free(sv->v);
	free(sv->path);
	memset(sv, 0, sizeof(*sv));
}

/* ------------------------------------------------------------------ */
/* The import table (wrappers/imports.tbl)                             */

static const char *const class_names[IMP_NCLASSES] = {
	[IMP_PASS] = "pass", [IMP_DATA] = "data", [IMP_THUNK] = "thunk",
	[IMP_WITHIN] = "within", [IMP_DEVRES] = "devres",
	[IMP_CUSTOM] = "custom",
	[IMP_ACQUIRE] = "acquire", [IMP_RELEASE] = "release",
	[IMP_LOCK] = "lock", [IMP_UNLOCK] = "unlock", [IMP_SLEEP] = "sleep",
	[IMP_CROSS] = "cross",
	[IMP_REFUSE] = "refuse", [IMP_STORE] = "store",
};

const char *imp_class_name(enum imp_class c)
{
	return c < IMP_NCLASSES ? class_names[c] : "?";
}

bool imp_class_direct(enum imp_class c)
{
	return c == IMP_PASS || c == IMP_DATA || c == IMP_THUNK ||
	       c == IMP_WITHIN || c == IMP_DEVRES;
}

static bool valid_pattern(const char *p)
{
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.$*?[]!-", *p))
			return false;
	return true;
}

static bool valid_ident(const char *p)
{
	if (!*p || isdigit((unsigned char)*p))
		return false;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return false;
	return true;
}

/* "ret", "none", "argN" or "*argN" (N < 16). */
static bool valid_ref(const char *v, bool star_ok)
{
	char *end;
	long n;

	if (!strcmp(v, "ret") || !strcmp(v, "none"))
		return true;
	if (star_ok && *v == '*')
		v++;
	if (strncmp(v, "arg", 3) || !isdigit((unsigned char)v[3]))
		return false;
	n = strtol(v + 3, &end, 10);
	return !*end && n < 16;
}

static int tab_fail(char *err, const struct imptab *t, unsigned line,
		    const char *what)
{
	return kmod_fail(err, EXIT_DATA, "%s:%u: %s", t->path, line, what);
}

static enum imp_class class_of(const char *w)
{
	int c;

	for (c = 0; w && c < IMP_NCLASSES; c++)
		if (!strcmp(w, class_names[c]))
			return c;
	return IMP_NCLASSES;
}

/* key=, ok=, a= of a tracked-resource or lock line. */
static int rule_opts(struct imptab *t, struct imp_rule *r, char **save,
		     char *err)
{
	static const char *const oks[] = { "zero", "nonzero", "nonneg", "ptr", "any" };
	char *w, *v;
	size_t i;

	while ((w = strtok_r(NULL, " \t\r\n", save))) {
		v = strchr(w, '=');
		if (!v)
			return tab_fail(err, t, r->line, "expected key=, ok= or a=");
		*v++ = 0;
		if (!strcmp(w, "key") && valid_ref(v, r->cls == IMP_ACQUIRE)) {
			r->key = strdup(v);
		} else if (!strcmp(w, "a") && valid_ref(v, r->cls == IMP_ACQUIRE)) {
			r->a = strdup(v);
		} else if (!strcmp(w, "b") && valid_ref(v, r->cls == IMP_ACQUIRE)) {
			r->b = strdup(v);
		} else if (!strcmp(w, "ok")) {
			for (i = 0; i < sizeof(oks) / sizeof(oks[0]); i++)
				if (!strcmp(v, oks[i]))
					r->ok = strdup(v);
			if (!r->ok)
				return tab_fail(err, t, r->line,
						"ok= is zero, nonzero, nonneg, ptr or any");
		} else {
			return tab_fail(err, t, r->line,
					"bad option (key=ret|argN|*argN|none, a=, b=argN|*argN|ret, ok=...)");
		}
	}
	if (!r->key)
		return tab_fail(err, t, r->line, "a tracked resource or lock needs key=");
	return EXIT_OK;
}

/* "argN" or "argN*K" (K a byte count, 1..4096). */
static bool valid_len(const char *v)
{
	const char *star = strchr(v, '*');
	char ref[8], *end;
	long k;

	if (!star)
		return valid_ref(v, false) && strncmp(v, "ret", 3) &&
		       strcmp(v, "none");
	if ((size_t)(star - v) >= sizeof(ref))
		return false;
	memcpy(ref, v, star - v);
	ref[star - v] = 0;
	k = strtol(star + 1, &end, 10);
	return valid_len(ref) && !*end && end != star + 1 && k > 0 && k <= 4096;
}

/* dst=, len= of a store line: what the call writes, and how much. */
static int store_opts(struct imptab *t, struct imp_rule *r, char *w,
		      char **save, char *err)
{
	char *v;

	for (; w; w = strtok_r(NULL, " \t\r\n", save)) {
		v = strchr(w, '=');
		if (!v)
			return tab_fail(err, t, r->line, "expected dst= or len=");
		*v++ = 0;
		if (!strcmp(w, "dst") && !r->dst && valid_ref(v, false) &&
		    strcmp(v, "ret") && strcmp(v, "none"))
			r->dst = strdup(v);
		else if (!strcmp(w, "len") && !r->len && valid_len(v))
			r->len = strdup(v);
		else
			return tab_fail(err, t, r->line,
					"bad option (dst=argN, len=argN or argN*K)");
	}
	if (!r->dst)
		return tab_fail(err, t, r->line, "a store names what it writes: dst=argN");
	return EXIT_OK;
}

/*
 * "type NAME release=FN(ARGS) [scoped] [unchanged]": how a resource or lock
 * is given back; a scoped lock is given back before the call that took it
 * returns; an unchanged resource is the same as granted until it is given
 * back (a recovery from the checkpoint keeps it as it is).
 */
static int type_line(struct imptab *t, unsigned line, char **save, char *err)
{
	char *name = strtok_r(NULL, " \t\r\n", save);
	char *rel = strtok_r(NULL, " \t\r\n", save);
	char *open = rel ? strchr(rel, '(') : NULL;
	size_t len = rel ? strlen(rel) : 0;
	bool scoped = false, unchanged = false, bad = false;
	struct imp_type *ty, *nv;
	char *word;

	while ((word = strtok_r(NULL, " \t\r\n", save))) {
		if (!strcmp(word, "scoped") && !scoped)
			scoped = true;
		else if (!strcmp(word, "unchanged") && !unchanged)
			unchanged = true;
		else
			bad = true;
	}
	if (!name || !valid_ident(name) || !rel || strncmp(rel, "release=", 8) ||
	    !open || rel[len - 1] != ')' || bad)
		return tab_fail(err, t, line,
				"expected: type NAME release=FUNCTION(key|a|b,...) [scoped] [unchanged]");
	rel[len - 1] = 0;
	*open = 0;
	if (!valid_ident(rel + 8))
		return tab_fail(err, t, line, "bad release function");
	nv = realloc(t->types, (t->ntypes + 1) * sizeof(*nv));
	if (!nv)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	t->types = nv;
	ty = &t->types[t->ntypes++];
	ty->name = strdup(name);
	ty->fn = strdup(rel + 8);
	ty->args = strdup(open + 1);
	ty->line = line;
	ty->scoped = scoped;
	ty->unchanged = unchanged;
	if (!ty->name || !ty->fn || !ty->args)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	return EXIT_OK;
}

/* library NAME domain: NAME.ko is loaded under supervision with its driver. */
static int library_line(struct imptab *t, unsigned line, char **save, char *err)
{
	char *name = strtok_r(NULL, " \t\r\n", save);
	char *where = strtok_r(NULL, " \t\r\n", save);
	char **nv;

	if (!name || !*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name) ||
	    !where || strcmp(where, "domain") ||
	    strtok_r(NULL, " \t\r\n", save))
		return tab_fail(err, t, line, "expected: library MODULE domain");
	nv = realloc(t->domain_libs, (t->ndomain_libs + 1) * sizeof(*nv));
	if (!nv)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	t->domain_libs = nv;
	nv[t->ndomain_libs] = strdup(name);
	if (!nv[t->ndomain_libs])
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	t->ndomain_libs++;
	return EXIT_OK;
}

bool imptab_domain_lib(const struct imptab *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ndomain_libs; i++)
		if (!strcmp(t->domain_libs[i], name))
			return true;
	return false;
}

static int rule_line(struct imptab *t, char *word, unsigned line, char **save,
		     char *err)
{
	char *cls = strtok_r(NULL, " \t\r\n", save), *arg;
	struct imp_rule *r, *nv;

	if (!valid_pattern(word) || class_of(cls) == IMP_NCLASSES)
		return tab_fail(err, t, line,
				"expected SYMBOL CLASS (pass, data, thunk, within, devres, custom, acquire, release, lock, unlock, sleep, cross, refuse, store)");
	nv = realloc(t->v, (t->n + 1) * sizeof(*nv));
	if (!nv)
		return kmod_fail(err, EXIT_FAIL, "out of memory");
	t->v = nv;
	r = &t->v[t->n++];
	memset(r, 0, sizeof(*r));
	r->pattern = strdup(word);
	r->glob = strpbrk(word, "*?[") != NULL;
	r->cls = class_of(cls);
	r->keep = r->cls == IMP_DATA || r->cls == IMP_THUNK;
	r->line = line;
	if (r->glob && !imp_class_direct(r->cls))
		return tab_fail(err, t, line, "a glob is only for a direct class (pass, data, thunk, within, devres)");
	arg = strtok_r(NULL, " \t\r\n", save);
	switch (r->cls) {
	case IMP_DATA:
		if (arg && strcmp(arg, "ro") && strcmp(arg, "rw") &&
		    strcmp(arg, "shared"))
			return tab_fail(err, t, line, "data is ro, rw or shared");
		if (arg && !strcmp(arg, "shared") && r->glob)
			return tab_fail(err, t, line, "shared data names one object, no glob");
		break;
	case IMP_CUSTOM:
		if (!arg || !strstr(arg, ".c"))
			return tab_fail(err, t, line, "custom names its file: custom FILE.c");
		break;
	case IMP_CROSS:
		if (arg && strcmp(arg, "init"))
			return tab_fail(err, t, line, "cross takes no word but init");
		break;
	case IMP_REFUSE:
		if (!arg || arg[0] != 'E' || !valid_ident(arg))
			return tab_fail(err, t, line, "refuse names its error: refuse EOPNOTSUPP");
		break;
	case IMP_ACQUIRE: case IMP_RELEASE: case IMP_LOCK: case IMP_UNLOCK:
		if (!arg || !valid_ident(arg))
			return tab_fail(err, t, line, "expected the resource type after the class");
		r->arg = strdup(arg);
		return rule_opts(t, r, save, err);
	case IMP_STORE:
		return store_opts(t, r, arg, save, err);
	default:
		if (arg)
			return tab_fail(err, t, line, "too many words");
		return EXIT_OK;
	}
	r->arg = arg ? strdup(arg) : NULL;
	if (strtok_r(NULL, " \t\r\n", save))
		return tab_fail(err, t, line, "too many words");
	return EXIT_OK;
}

const struct imp_type *imptab_type(const struct imptab *t, const char *name)
{
	size_t i;

	for (i = 0; name && i < t->ntypes; i++)
		if (!strcmp(t->types[i].name, name))
			return &t->types[i];
	return NULL;
}

/* Every type named is defined; no symbol has two lines. */
static int imptab_validate(struct imptab *t, char *err)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		const struct imp_rule *r = &t->v[i];

		if (r->cls >= IMP_ACQUIRE && r->cls <= IMP_UNLOCK && !imptab_type(t, r->arg))
			return tab_fail(err, t, r->line, "its type has no 'type' line");
		for (j = 0; j < i; j++)
			if (!strcmp(t->v[j].pattern, r->pattern))
				return tab_fail(err, t, r->line, "a second line for this symbol");
	}
	return EXIT_OK;
}

int imptab_load(struct imptab *t, const char *path, char *err)
{
	char *line = NULL, *s, *word, *save;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = EXIT_OK;
	FILE *f;

	memset(t, 0, sizeof(*t));
	t->path = strdup(path);
	f = fopen(path, "re");
	if (!f)
		return kmod_fail(err, EXIT_DATA, "cannot read the import table %s: %s",
				 path, strerror(errno));
	while (!rc && getline(&line, &cap, f) > 0) {
		lineno++;
		s = strchr(line, '#');
		if (s)
			*s = 0;
		word = strtok_r(line, " \t\r\n", &save);
		if (!word)
			continue;
		if (!strcmp(word, "type"))
			rc = type_line(t, lineno, &save, err);
		else if (!strcmp(word, "library"))
			rc = library_line(t, lineno, &save, err);
		else
			rc = rule_line(t, word, lineno, &save, err);
	}
	free(line);
	fclose(f);
	return rc ? rc : imptab_validate(t, err);
}

/* An exact entry beats a glob; among globs the first in the file wins. */
const struct imp_rule *imptab_match(const struct imptab *t, const char *sym)
{
	const struct imp_rule *g = NULL;
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->n; i++) {
		const struct imp_rule *r = &t->v[i];

		if (!r->glob) {
			if (!strcmp(r->pattern, sym))
				return r;
		} else if (!g && fnmatch(r->pattern, sym, 0) == 0) {
			g = r;
		}
	}
	return g;
}

void imptab_free(struct imptab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].pattern);
		free(t->v[i].arg);
		free(t->v[i].key);
		free(t->v[i].ok);
		free(t->v[i].a);
		free(t->v[i].b);
		free(t->v[i].dst);
		free(t->v[i].len);
	}
	for (i = 0; i < t->ndomain_libs; i++)
		free(t->domain_libs[i]);
	free(t->domain_libs);
	for (i = 0; i < t->ntypes; i++) {
		free(t->types[i].name);
		free(t->types[i].fn);
		free(t->types[i].args);
	}
	free(t->types);
	free(t->v);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

/* ------------------------------------------------------------------ */
/* System.map / kallsyms                                               */

/* Sort by name; for one name, global (upper case) letters first. */
static int symtype_cmp(const void *a, const void *b)
{
	const struct symtype *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return (islower((unsigned char)x->type) != 0) -
	       (islower((unsigned char)y->type) != 0);
}

/* Fewer entries than this: a placeholder, not a kernel's symbol table. */
#define SYMTYPES_MIN 1000

int symtypes_load(struct symtypes *t, const char *path, char *err)
{
	char *line = NULL, *save, *addr, *type, *name;
	size_t cap = 0, alloc = 0;
	int rc = EXIT_OK;
	FILE *f;

	memset(t, 0, sizeof(*t));
	t->path = strdup(path);
	f = fopen(path, "re");
	if (!f)
		return kmod_fail(err, EXIT_DATA, "cannot read %s: %s", path,
			    strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		addr = strtok_r(line, " \t\n", &save);
		type = strtok_r(NULL, " \t\n", &save);
		name = strtok_r(NULL, " \t\n", &save);
		if (!addr || !type || !name || strlen(type) != 1)
			continue;
		if (t->n == alloc) {
			struct symtype *nv;

			alloc = alloc ? alloc * 2 : 4096;
			nv = realloc(t->v, alloc * sizeof(*nv));
			if (!nv) {
				rc = kmod_fail(err, EXIT_FAIL, "out of memory");
				break;
			}
			t->v = nv;
		}
		t->v[t->n].name = strdup(name);
		t->v[t->n].type = *type;
		if (!t->v[t->n].name) {
			rc = kmod_fail(err, EXIT_FAIL, "out of memory");
			break;
		}
		t->n++;
	}
	free(line);
	fclose(f);
	if (!rc && t->n < SYMTYPES_MIN)
		rc = kmod_fail(err, EXIT_DATA,
			  "%s has %zu symbols: a placeholder (Debian ships the real System.map in linux-image-*-dbg)",
			  path, t->n);
	if (!rc)
		qsort(t->v, t->n, sizeof(*t->v), symtype_cmp);
	return rc;
}

char symtypes_kind(const struct symtypes *t, const char *name)
{
	struct symtype key = { .name = (char *)name, .type = 'A' };
	size_t lo = 0, hi = t ? t->n : 0;

	/* lower bound of name: the first (global) entry for it */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->v[mid].name, key.name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!t || lo >= t->n || strcmp(t->v[lo].name, name))
		return 0;
	/* 'A': kallsyms shows per-CPU variables as absolute symbols. */
	if (strchr("DdBbRrGgSsVvA", t->v[lo].type))
		return 'd';
	if (strchr("TtWwi", t->v[lo].type))
		return 'f';
	return 0;		/* 'U', '?', ... */
}

size_t symtypes_apply(const struct symtypes *t, struct kmod *m,
		      enum kmod_kind_src src, size_t *disagree)
{
	size_t i, n = 0, d = 0;

	for (i = 0; i < m->nimports; i++) {
		struct kmod_import *imp = &m->imports[i];
		bool was_uncertain = imp->uncertain;
		char k;

		if (imp->kind_src != KSRC_RELOCS)
			continue;	/* decided by an earlier table */
		k = symtypes_kind(t, imp->name);
		if (!k)
			continue;
		imp->kind = k == 'd' ? KIND_DATA : KIND_FUNC;
		imp->kind_src = src;
		imp->uncertain = false;
		imp->why = src == KSRC_KALLSYMS ? "kallsyms type" : "System.map type";
		if (imp->kind != imp->reloc_kind && !was_uncertain)
			d++;	/* a confident guess was wrong */
		n++;
	}
	kmod_count_kinds(m);
	if (disagree)
		*disagree = d;
	return n;
}

void symtypes_free(struct symtypes *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

/* ------------------------------------------------------------------ */
/* Classification                                                      */

static void classify_one(const struct kmod_import *imp,
			 const struct symvers *sv, const struct imptab *tab,
			 struct classified *c)
{
	const struct symvers_entry *self = NULL, *w = NULL;
	char wname[256];

	c->imp = imp;
	c->rule = imptab_match(tab, imp->name);
	/* Already bound to a wrapper (a module rewritten before). */
	if (!strncmp(imp->name, WRAPPER_PREFIX, strlen(WRAPPER_PREFIX)))
		self = symvers_find(sv, imp->name);
	if (snprintf(wname, sizeof(wname), WRAPPER_PREFIX "%s", imp->name) <
	    (int)sizeof(wname))
		w = symvers_find(sv, wname);
	if (self && !symvers_is_wrapper(self))
		self = NULL;
	if (w && !symvers_is_wrapper(w))
		w = NULL;

	c->cls = IMPORT_UNKNOWN;
	if (self) {
		c->cls = IMPORT_WRAPPED;
		c->wrapper = self;
	} else if (!c->rule) {
		c->note = w ? "drvsup has dsw_ for it, but the import table has no line" :
			  imp->kind == KIND_DATA ? "not in the import table; data cannot be wrapped" :
			  "not in the import table";
	} else if (imp_class_direct(c->rule->cls)) {
		c->cls = IMPORT_DIRECT;
		if (w)
			c->note = "bound directly by its table line; its wrapper export is ignored";
	} else if (imp->kind == KIND_DATA) {
		c->note = "data, but its table line is a wrapper class";
	} else if (w) {
		c->cls = IMPORT_WRAPPED;
		c->wrapper = w;
	} else {
		c->note = "its table line needs a wrapper that this drvsup.ko does not export";
	}
}

int classify(const struct kmod *m, const struct symvers *sv,
	     const struct imptab *tab, struct classification *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->v = calloc(m->nimports ? m->nimports : 1, sizeof(*c->v));
	if (!c->v)
		return EXIT_FAIL;
	c->n = m->nimports;
	for (i = 0; i < m->nimports; i++) {
		classify_one(&m->imports[i], sv, tab, &c->v[i]);
		c->count[c->v[i].cls]++;
		if (c->v[i].note && c->v[i].cls != IMPORT_UNKNOWN)
			c->conflicts++;
	}
	return EXIT_OK;
}

void classification_free(struct classification *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

size_t classification_renames(const struct classification *c,
			      struct kmod_rename *out)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++) {
		const struct classified *x = &c->v[i];

		if (x->cls != IMPORT_WRAPPED || !strcmp(x->imp->name, x->wrapper->name))
			continue;
		out[n].from = x->imp->name;
		out[n].to = x->wrapper->name;
		out[n].crc = x->wrapper->crc;
		out[n].ns = x->wrapper->ns;
		n++;
	}
	return n;
}

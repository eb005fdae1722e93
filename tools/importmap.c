// SPDX-License-Identifier: GPL-2.0
/*
 * importmap.c - parsing drvsup's Module.symvers, wrappers/direct.map and
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
	if (!strncmp(e->name, WRAPPER_PREFIX, strlen(WRAPPER_PREFIX)))
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
/* direct.map                                                          */

static bool valid_pattern(const char *p)
{
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.$*?[]!-", *p))
			return false;
	return true;
}

int directmap_load(struct directmap *dm, const char *path, char *err)
{
	char *line = NULL, *s, *word, *flag, *extra, *save;
	size_t cap = 0, alloc = 0;
	unsigned lineno = 0;
	int rc = EXIT_OK;
	FILE *f;

	memset(dm, 0, sizeof(*dm));
	dm->path = strdup(path);
	f = fopen(path, "re");
	if (!f)
		return kmod_fail(err, EXIT_DATA, "cannot read direct map %s: %s", path,
			    strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		struct direct_rule *r;

		lineno++;
		s = strchr(line, '#');
		if (s)
			*s = 0;
		word = strtok_r(line, " \t\r\n", &save);
		if (!word)
			continue;
		flag = strtok_r(NULL, " \t\r\n", &save);
		extra = strtok_r(NULL, " \t\r\n", &save);
		if ((flag && strcmp(flag, "keep")) || extra || !valid_pattern(word)) {
			rc = kmod_fail(err, EXIT_DATA,
				  "%s:%u: expected SYMBOL-OR-GLOB [keep]", path, lineno);
			break;
		}
		if (dm->n == alloc) {
			struct direct_rule *nv;

			alloc = alloc ? alloc * 2 : 128;
			nv = realloc(dm->v, alloc * sizeof(*nv));
			if (!nv) {
				rc = kmod_fail(err, EXIT_FAIL, "out of memory");
				break;
			}
			dm->v = nv;
		}
		r = &dm->v[dm->n++];
		r->pattern = strdup(word);
		r->glob = strpbrk(word, "*?[") != NULL;
		r->keep = flag != NULL;
		r->line = lineno;
		if (!r->pattern) {
			rc = kmod_fail(err, EXIT_FAIL, "out of memory");
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

/* An exact entry beats a glob; among globs the first in the file wins. */
const struct direct_rule *directmap_match(const struct directmap *dm,
					  const char *sym)
{
	const struct direct_rule *g = NULL;
	size_t i;

	if (!dm)
		return NULL;
	for (i = 0; i < dm->n; i++) {
		const struct direct_rule *r = &dm->v[i];

		if (!r->glob) {
			if (!strcmp(r->pattern, sym))
				return r;
		} else if (!g && fnmatch(r->pattern, sym, 0) == 0) {
			g = r;
		}
	}
	return g;
}

void directmap_free(struct directmap *dm)
{
	size_t i;

	for (i = 0; i < dm->n; i++)
		free(dm->v[i].pattern);
	free(dm->v);
	free(dm->path);
	memset(dm, 0, sizeof(*dm));
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
			 const struct symvers *sv, const struct directmap *dm,
			 struct classified *c)
{
	const struct symvers_entry *self = NULL, *w = NULL;
	char wname[256];

	c->imp = imp;
	c->rule = directmap_match(dm, imp->name);
	/* Already bound to a wrapper (a module rewritten before). */
	if (!strncmp(imp->name, WRAPPER_PREFIX, strlen(WRAPPER_PREFIX)))
		self = symvers_find(sv, imp->name);
	if (snprintf(wname, sizeof(wname), WRAPPER_PREFIX "%s", imp->name) <
	    (int)sizeof(wname))
		w = symvers_find(sv, wname);

	if (self) {
		c->cls = IMPORT_WRAPPED;
		c->wrapper = self;
	} else if (w && imp->kind != KIND_DATA && !(c->rule && c->rule->keep)) {
		c->cls = IMPORT_WRAPPED;
		c->wrapper = w;
		if (c->rule)
			c->note = "also in direct.map; the wrapper wins";
	} else if (c->rule) {
		c->cls = IMPORT_DIRECT;
		if (w)
			c->note = imp->kind == KIND_DATA ?
				  "data: its wrapper export is ignored" :
				  "keep: its wrapper export is ignored";
	} else {
		c->cls = IMPORT_UNKNOWN;
		c->note = imp->kind != KIND_DATA ? "no wrapper; not in direct.map" :
			  w ? "not in direct.map; data cannot use its wrapper" :
			      "not in direct.map; data cannot be wrapped";
	}
}

int classify(const struct kmod *m, const struct symvers *sv,
	     const struct directmap *dm, struct classification *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->v = calloc(m->nimports ? m->nimports : 1, sizeof(*c->v));
	if (!c->v)
		return EXIT_FAIL;
	c->n = m->nimports;
	for (i = 0; i < m->nimports; i++) {
		classify_one(&m->imports[i], sv, dm, &c->v[i]);
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ko_fixture.h - fixtures for the tests of drvsup's module loader: Debian's
 * e1000.ko for the target kernel (tests skip when it is absent), temporary
 * files, and a synthetic Module.symvers that pretends drvsup wraps every
 * import wrappers/imports.tbl does not bind directly.
 *
 * Everything is static inline so a test that does not link tools/importmap.c
 * can include it too.
 */
#ifndef DRVSUP_KO_FIXTURE_H
#define DRVSUP_KO_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DRVSUP_TOP
#define DRVSUP_TOP "."
#endif
#ifndef DRVSUP_BUILD
#define DRVSUP_BUILD DRVSUP_TOP "/build"
#endif

#define IMPORT_TABLE DRVSUP_TOP "/wrappers/imports.tbl"

/* What loader.md measured on Debian's 6.1 e1000.ko. */
#define E1000_IMPORTS 154
#define E1000_DIRECT 51	/* entries of wrappers/imports.tbl that e1000 imports */
#define E1000_WRAPPED (E1000_IMPORTS - E1000_DIRECT)
#define E1000_FUNCS 138
#define E1000_DATA 16
#define E1000_VERSIONS 155	/* imports + module_layout */

/* $KVER, else scripts/kver: the kernel drvsup targets. */
static inline const char *fixture_kver(void)
{
	static char kver[128];
	const char *env = getenv("KVER");
	FILE *p;

	if (kver[0])
		return kver;
	if (env && *env) {
		snprintf(kver, sizeof(kver), "%s", env);
		return kver;
	}
	p = popen(DRVSUP_TOP "/scripts/kver", "r");
	if (p) {
		if (!fgets(kver, sizeof(kver), p))
			kver[0] = 0;
		pclose(p);
	}
	kver[strcspn(kver, "\n")] = 0;
	return kver;
}

/* Debian's e1000.ko for that kernel, or NULL if it is not there. */
static inline const char *e1000_path(void)
{
	static char path[512];
	struct stat st;

	snprintf(path, sizeof(path),
		 "/lib/modules/%s/kernel/drivers/net/ethernet/intel/e1000/e1000.ko",
		 fixture_kver());
	return fixture_kver()[0] && stat(path, &st) == 0 ? path : NULL;
}

static inline unsigned char *fixture_read(const char *path, size_t *n)
{
	unsigned char *buf = NULL;
	struct stat st;
	FILE *f = fopen(path, "rb");

	*n = 0;
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && (buf = malloc(st.st_size + 1)))
		*n = fread(buf, 1, st.st_size, f);
	fclose(f);
	return buf;
}

/* A new temporary file holding buf; the caller unlinks and frees the name. */
static inline char *fixture_temp(const void *buf, size_t n)
{
	char *path = strdup("/tmp/drvsup-test-XXXXXX");
	int fd = path ? mkstemp(path) : -1;

	if (fd < 0) {
		free(path);
		return NULL;
	}
	if (n && write(fd, buf, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* The CRC the synthetic Module.symvers gives a wrapper (FNV-1a). */
static inline uint32_t fixture_crc(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * Write a Module.symvers with dsw_X for every import X of m that the import
 * table does not bind directly, plus extra lines; return its path. Needs
 * tools/importmap.c (include tools/importmap.h first).
 */
#ifdef DRVSUP_IMPORTMAP_H
static inline char *fixture_symvers(const struct kmod *m,
				    const struct imptab *dm,
				    const char *extra)
{
	char *path = fixture_temp("", 0);
	FILE *f = path ? fopen(path, "w") : NULL;
	char name[128];
	size_t i;

	if (!f)
		return path;
	for (i = 0; i < m->nimports; i++) {
		const struct imp_rule *r = imptab_match(dm, m->imports[i].name);

		if (r && imp_class_direct(r->cls))
			continue;
		snprintf(name, sizeof(name), "dsw_%s", m->imports[i].name);
		fprintf(f, "0x%08x\t%s\t/work/drvsup\tEXPORT_SYMBOL_GPL\t\n",
			fixture_crc(name), name);
	}
	fprintf(f, "0x0badc0de\tdrvsup_gate\t/work/drvsup\tEXPORT_SYMBOL_GPL\t\n");
	if (extra)
		fputs(extra, f);
	fclose(f);
	return path;
}
#endif

#endif /* DRVSUP_KO_FIXTURE_H */

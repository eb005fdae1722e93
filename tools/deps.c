// SPDX-License-Identifier: GPL-2.0
/*
 * deps.c - a supervised module's library modules (its .modinfo
 * "depends="), loaded plainly before it, dependencies first, as modprobe
 * would (deps.h).
 *
 * A library stays in the kernel: the import table makes every symbol the
 * driver takes from it 'within' (called under the driver's gate, calling
 * back only during the call) or wraps it (a wrapper module of drvsup's),
 * or refuses the driver. A library the table says runs in the driver's
 * domain ('library NAME domain') is loaded under supervision instead, by
 * the caller's supervise(): its own kernel calls are then wrapped, and
 * tracked for the driver that calls it. A library's file is
 * looked for beside the driver first, then through the modules.dep of the
 * module tree the driver is in, then through the running kernel's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "deps.h"
#include "drvsup.h"
#include "elf.h"

#define DEPS_MAX_DEPTH 8
#define LIBRARY_ROLE "a library, outside any domain"
#define DOMAIN_ROLE "a library, in the driver's domain"

/* Module names compare with '-' and '_' alike. */
static void norm(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

static bool loaded(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return stat(path, &st) == 0;
}

/* NAME.ko in the modules.dep of module tree @dir: its path in @out. */
static bool find_in_dep(const char *dir, const char *name, char *out, size_t n)
{
	char line[PATH_MAX], want[128];
	bool found = false;
	FILE *f;

	if (snprintf(line, sizeof(line), "%s/modules.dep", dir) >= (int)sizeof(line) ||
	    snprintf(want, sizeof(want), "%s.ko", name) >= (int)sizeof(want))
		return false;
	f = fopen(line, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *b;

		if (!colon)
			continue;
		*colon = 0;
		b = strrchr(line, '/');
		b = b ? b + 1 : line;
		norm(b);
		found = !strcmp(b, want) &&
			snprintf(out, n, "%s/%s", dir, line) < (int)n;
	}
	fclose(f);
	return found && access(out, R_OK) == 0;
}

/*
 * NAME.ko beside @beside; else in the modules.dep of the module tree
 * @beside is in (the first directory above it that has one); else in the
 * running kernel's.
 */
bool deps_find(const char *name, const char *beside, char *out, size_t n)
{
	char dir[PATH_MAX], *slash;
	struct utsname u;
	int up;

	if (snprintf(dir, sizeof(dir), "%s", beside) >= (int)sizeof(dir))
		return false;
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		*slash = 0;
	if (snprintf(out, n, "%s/%s.ko", dir, name) < (int)n &&
	    access(out, R_OK) == 0)
		return true;
	for (up = 0; up < DEPS_MAX_DEPTH && *dir; up++) {
		if (find_in_dep(dir, name, out, n))
			return true;
		slash = strrchr(dir, '/');
		if (!slash)
			break;
		*slash = 0;
	}
	return !uname(&u) &&
	       snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release) < (int)sizeof(dir) &&
	       find_in_dep(dir, name, out, n);
}

static int load_one(const char *name, const char *beside, int depth,
		    const struct deps_opts *o);

static bool in_domain(const char *name, const struct deps_opts *o)
{
	return o->in_domain && o->in_domain(name, o->arg);
}

bool deps_supervised(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/kernel/drvsup/%s", name);
	return stat(path, &st) == 0;
}

/* A library of the driver's domain must not run outside drvsup. */
static int check_loaded(const char *name, const struct deps_opts *o)
{
	if (!in_domain(name, o) || deps_supervised(name))
		return EXIT_OK;
	drvsup_err("%s: its library %s runs in the driver's domain, but is loaded outside drvsup (rmmod %s first)",
		   o->driver, name, name);
	return EXIT_LOADED;
}

/* Load what @m depends on that the kernel does not have yet. */
static int load_deps_of(const struct kmod *m, int depth,
			const struct deps_opts *o)
{
	const char *dep = kmod_modinfo(m, "depends", NULL);
	char *list, *name, *save;
	int rc = EXIT_OK;

	if (!dep || !*dep)
		return EXIT_OK;
	list = strdup(dep);
	if (!list)
		return EXIT_FAIL;
	for (name = strtok_r(list, ",", &save); name && !rc;
	     name = strtok_r(NULL, ",", &save)) {
		norm(name);
		rc = loaded(name) ? check_loaded(name, o) :
		     load_one(name, m->path, depth + 1, o);
	}
	free(list);
	return rc;
}

static int load_one(const char *name, const char *beside, int depth,
		    const struct deps_opts *o)
{
	char path[PATH_MAX], err[KMOD_ERRLEN];
	struct kmod m;
	int fd, rc;

	if (depth > DEPS_MAX_DEPTH) {
		drvsup_err("%s: dependencies nested deeper than %d", name, DEPS_MAX_DEPTH);
		return EXIT_DATA;
	}
	if (!deps_find(name, beside, path, sizeof(path))) {
		drvsup_err("needs the library module %s: not loaded, and no %s.ko beside %s or in a modules.dep",
			   name, name, beside);
		return EXIT_NOINPUT;
	}
	rc = kmod_open(&m, path, err);
	if (rc) {
		drvsup_err("%s", err);
		return rc;
	}
	rc = load_deps_of(&m, depth, o);
	kmod_close(&m);
	if (rc)
		return rc;
	if (in_domain(name, o)) {
		if (o->dry_run) {
			if (!o->quiet)
				printf("%s: would load %s first, under supervision (%s)\n",
				       o->driver, path, DOMAIN_ROLE);
			return EXIT_OK;
		}
		rc = o->supervise(path, o->arg);
		if (!rc && !o->quiet)
			printf("%s: loaded %s under supervision (%s)\n", o->driver,
			       name, DOMAIN_ROLE);
		return rc;
	}
	if (o->dry_run) {
		if (!o->quiet)
			printf("%s: would load %s first (%s)\n", o->driver, path,
			       o->role ? o->role : LIBRARY_ROLE);
		return EXIT_OK;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		drvsup_err("%s: cannot load the library module %s: %s", o->driver,
			   path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_KERNEL;
	}
	close(fd);
	if (!o->quiet)
		printf("%s: loaded %s (%s)\n", o->driver, name,
		       o->role ? o->role : LIBRARY_ROLE);
	return EXIT_OK;
}

int deps_load(const struct kmod *m, const struct deps_opts *o)
{
	return load_deps_of(m, 0, o);
}

int deps_load_module(const char *name, const char *beside,
		     const struct deps_opts *o)
{
	return loaded(name) ? check_loaded(name, o) :
	       load_one(name, beside, 0, o);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * load.c - the load and unload verbs.
 *
 *   drvsup load [OPTIONS] DRIVER.ko [PARAM=VALUE...]
 *	check (refuse unknown imports and a kernel that refuses unsigned
 *	modules), need CAP_SYS_MODULE and CAP_SYS_ADMIN, refuse a module
 *	already loaded or a missing drvsup core, rewrite into a memfd and
 *	finit_module() it; a module with nothing left to rewrite (rewritten
 *	and signed beforehand, for a locked-down kernel) goes in unchanged.
 *	--dry-run stops right before finit_module().
 *   drvsup unload NAME
 *	delete_module(NAME, O_NONBLOCK).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "deps.h"
#include "drvsup.h"
#include "json.h"

/* ------------------------------------------------------------------ */
/* Capabilities and /sys/module                                        */

static bool have_cap(unsigned cap)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d))
		return false;
	return d[cap / 32].effective & (1u << (cap % 32));
}

/* Missing capabilities of the verb, as "CAP_X and CAP_Y", or NULL. */
static const char *missing_caps(bool want_admin)
{
	static char buf[64];
	bool mod = have_cap(CAP_SYS_MODULE);
	bool adm = !want_admin || have_cap(CAP_SYS_ADMIN);

	if (mod && adm)
		return NULL;
	snprintf(buf, sizeof(buf), "%s%s%s", mod ? "" : "CAP_SYS_MODULE",
		 !mod && !adm ? " and " : "", adm ? "" : "CAP_SYS_ADMIN");
	return buf;
}

static bool path_exists(const char *path)
{
	char p[PATH_MAX];
	struct stat st;

	return stat(sysroot_path(p, sizeof(p), path), &st) == 0;
}

/* "loaded" (a module), "built-in", or NULL if absent. */
static const char *module_state(const char *name)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "/sys/module/%s", name);
	if (!path_exists(p))
		return NULL;
	snprintf(p, sizeof(p), "/sys/module/%s/initstate", name);
	return path_exists(p) ? "loaded" : "built-in";
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */

/* Does the module declare parameter name (modinfo parmtype=NAME:TYPE)? */
static bool has_param(const struct kmod *m, const char *name, size_t len)
{
	const char *v;

	if (len == 6 && !strncmp(name, "dyndbg", 6))
		return true;	/* dynamic debug takes it for any module */
	for (v = kmod_modinfo(m, "parmtype", NULL); v;
	     v = kmod_modinfo(m, "parmtype", v))
		if (!strncmp(v, name, len) && v[len] == ':')
			return true;
	return false;
}

/* Join PARAM=VALUE arguments into the string finit_module() parses,
 * quoting values with blanks; check each names a parameter. */
static int build_params(const struct kmod *m, int argc, char **argv,
			char *buf, size_t n)
{
	size_t len = 0, nl;
	int i, w;

	buf[0] = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');

		nl = eq ? (size_t)(eq - a) : strlen(a);
		if (!nl || strcspn(a, " \t\n\"") < nl) {
			drvsup_err("bad parameter '%s': expected NAME=VALUE", a);
			return EXIT_USAGE;
		}
		if (!has_param(m, a, nl)) {
			drvsup_err("%s has no parameter '%.*s' (see modinfo %s)",
				   m->name, (int)nl, a, m->path);
			return EXIT_USAGE;
		}
		if (eq && eq[1 + strcspn(eq + 1, " \t\n")] && !strchr(eq + 1, '"'))
			w = snprintf(buf + len, n - len, "%s%.*s=\"%s\"", len ? " " : "",
				     (int)nl, a, eq + 1);
		else
			w = snprintf(buf + len, n - len, "%s%s", len ? " " : "", a);
		if (w < 0 || (size_t)w >= n - len) {
			drvsup_err("module parameters too long");
			return EXIT_USAGE;
		}
		len += w;
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* load                                                                */

static void load_usage(FILE *f)
{
	fprintf(f,
		"usage: drvsup load [OPTIONS] DRIVER.ko [PARAM=VALUE...]\n"
		"Load a driver under drvsup's supervision: check it, rewrite it\n"
		"(see 'drvsup rewrite') into memory and finit_module() it. Needs\n"
		"drvsup's core module loaded, CAP_SYS_MODULE and CAP_SYS_ADMIN.\n"
		"\n"
		"  -r, --replace         if the kernel already loaded the driver unsupervised\n"
		"                        (udev at boot), unload it first and take over\n"
		"  -n, --dry-run         do everything but the finit_module() call\n"
		"                        (--kver is only allowed with --dry-run)\n"
		TARGET_HELP
		"  -h, --help            this text\n");
}

static const char *finit_hint(int e)
{
	switch (e) {
	case EEXIST:
		return "a module of that name is already loaded";
	case ENOEXEC:
		return "invalid module format (see dmesg)";
	case ENOENT:
		return "unknown symbol: is the drvsup core module current? (see dmesg)";
	case EINVAL:
		return "bad parameters, symbol versions or namespaces (see dmesg)";
	case EPERM:
		return "not permitted: modules disabled or locked down";
	case ENOSYS:
		return "this kernel has no module support";
	case EKEYREJECTED:
	case EBADMSG:
	case ENOKEY:
		return "the kernel requires a valid signature";
	case EBUSY:
		return "the module's init is busy or another load is in progress";
	case ENOMEM:
		return "out of kernel memory";
	default:
		return "see dmesg";
	}
}

struct load_req {
	struct target t;
	bool dry_run;
	bool replace;
	char params[4096];
};

static int load_checks(struct load_req *r)
{
	struct target *t = &r->t;
	const char *caps, *state;

	if (is_libwrap_module(t->m.name)) {
		drvsup_err("%s is drvsup's own wrapper module of a library: `drvsup load` loads it for a driver that needs it",
			   t->m.name);
		return EXIT_USAGE;
	}
	if (t->cl.count[IMPORT_UNKNOWN]) {
		drvsup_err("%s: refusing to load: %zu unknown imports: %s",
			   t->m.name, t->cl.count[IMPORT_UNKNOWN],
			   target_unknown_list(t));
		return EXIT_UNKNOWN;
	}
	if (t->refused) {
		drvsup_err("%s: refusing to load: %s%s", t->m.name, t->pol.why,
			   t->pol.disabled ? "" :
			   " ('drvsup rewrite' it, sign the output with an enrolled key, load that)");
		return EXIT_LOCKDOWN;
	}
	caps = missing_caps(true);
	if (caps) {
		drvsup_err("load needs %s (run as root)", caps);
		return EXIT_PERM;
	}
	state = module_state(t->m.name);
	if (state && r->replace && !strcmp(state, "loaded") && !r->dry_run) {
		if (!module_state(DRVSUP_CORE_MODULE)) {
			drvsup_err("drvsup's core module is not loaded (insmod " DRVSUP_CORE_MODULE ".ko first)");
			return EXIT_NOCORE;
		}
		if (deps_supervised(t->m.name)) {
			drvsup_err("%s is already loaded under drvsup", t->m.name);
			return EXIT_LOADED;
		}
		if (syscall(SYS_delete_module, t->m.name, O_NONBLOCK)) {
			drvsup_err("--replace: cannot unload the running %s: %s",
				   t->m.name, strerror(errno));
			return errno == EWOULDBLOCK || errno == EBUSY ?
			       EXIT_BUSY : EXIT_KERNEL;
		}
		if (!t->o.json)
			printf("%s: unloaded the unsupervised instance\n", t->m.name);
		state = module_state(t->m.name);
	}
	if (state) {
		drvsup_err("%s is already %s%s", t->m.name, state,
			   !strcmp(state, "loaded") ? " (drvsup unload it first)" :
			   " into the kernel");
		return EXIT_LOADED;
	}
	if (!module_state(DRVSUP_CORE_MODULE)) {
		drvsup_err("drvsup's core module is not loaded (insmod " DRVSUP_CORE_MODULE ".ko first)");
		return EXIT_NOCORE;
	}
	return EXIT_OK;
}

/*
 * drvsup's wrappers of a library the driver imports from (pcmcia.ko,
 * libphy.ko) are modules of their own, drvsup_LIB.ko (wrappers/libcall.h):
 * each one the driver's wrappers are in, loaded unless it is, looked for
 * beside drvsup's data (Module.symvers), else through a modules.dep (DKMS
 * installs them with drvsup.ko).
 */
static int load_wrapper_modules(const struct target *t, bool dry_run)
{
	struct deps_opts o = { .driver = t->m.name, .dry_run = dry_run,
			       .quiet = t->o.json,
			       .role = "drvsup's wrappers of a library" };
	size_t i, j;
	int rc = EXIT_OK;

	for (i = 0; i < t->cl.n && !rc; i++) {
		const struct symvers_entry *w = t->cl.v[i].wrapper;
		const char *mod;

		if (t->cl.v[i].cls != IMPORT_WRAPPED || !w)
			continue;
		mod = strrchr(w->module, '/');
		mod = mod ? mod + 1 : w->module;
		if (!strcmp(mod, DRVSUP_CORE_MODULE))
			continue;
		for (j = 0; j < i; j++)		/* once per module */
			if (t->cl.v[j].cls == IMPORT_WRAPPED && t->cl.v[j].wrapper &&
			    !strcmp(t->cl.v[j].wrapper->module, w->module))
				break;
		if (j == i)
			rc = deps_load_module(mod, t->symvers_path, &o);
	}
	return rc;
}

/*
 * The image to insert, in *fd: the module as is, or rewritten to a memfd
 * (its imports renamed to drvsup's wrappers). Fills @st.
 */
static int load_image(struct target *t, struct kmod_rewrite_stats *st, int *fd)
{
	struct kmod_rename *rn;
	char label[80];
	size_t n;
	int rc;

	memset(st, 0, sizeof(*st));
	if (t->as_is) {
		/* Rewritten beforehand (and maybe signed): insert unchanged. */
		*fd = open(t->m.path, O_RDONLY | O_CLOEXEC);
		if (*fd < 0) {
			drvsup_err("cannot open %s: %s", t->m.path, strerror(errno));
			return EXIT_NOINPUT;
		}
		st->out_size = t->m.size;
		return EXIT_OK;
	}
	rn = calloc(t->cl.n ? t->cl.n : 1, sizeof(*rn));
	if (!rn)
		return EXIT_FAIL;
	n = classification_renames(&t->cl, rn);
	snprintf(label, sizeof(label), "drvsup:%s.ko", t->m.name);
	*fd = memfd_create(label, MFD_CLOEXEC);
	if (*fd < 0) {
		drvsup_err("memfd_create: %s", strerror(errno));
		free(rn);
		return EXIT_FAIL;
	}
	rc = kmod_rewrite(&t->m, rn, n, *fd, st, t->err);
	free(rn);
	if (rc) {
		drvsup_err("%s", t->err);
		close(*fd);
	}
	return rc;
}

/* --dry-run: what would be inserted, and how. */
static void load_dry_run(const struct load_req *r,
			 const struct kmod_rewrite_stats *st)
{
	const struct target *t = &r->t;

	if (t->o.json) {
		fputs("{", stdout);
		json_key(stdout, "module");
		json_str(stdout, t->m.name);
		fprintf(stdout, ",\"dry_run\":true,\"as_is\":%s,\"bytes\":%zu,"
			"\"renamed\":%zu,\"init_sections_renamed\":%zu,",
			t->as_is ? "true" : "false", st->out_size,
			st->renamed, st->init_sections);
		json_key(stdout, "params");
		json_str(stdout, r->params);
		fputs("}\n", stdout);
	} else if (t->as_is) {
		printf("%s: would finit_module() %s as is (%zu bytes%s) with params \"%s\"\n",
		       t->m.name, t->m.path, st->out_size,
		       t->m.is_signed ? ", signature kept" : "", r->params);
	} else {
		printf("%s: would finit_module() %zu bytes (%zu imports renamed, "
		       "%zu init sections renamed) with params \"%s\"\n",
		       t->m.name, st->out_size, st->renamed, st->init_sections,
		       r->params);
	}
}

/* deps.c: does the import table put library @name in its driver's domain? */
static bool lib_in_domain(const char *name, const void *arg)
{
	const struct load_req *r = arg;

	return imptab_domain_lib(&r->t.tab, name);
}

/*
 * deps.c: load library @path under supervision, as a driver is loaded: its
 * imports bound to drvsup's wrappers (so that what it takes from the
 * kernel is tracked for the driver it runs for), or refused with them.
 */
static int load_domain_lib(const char *path, const void *arg)
{
	const struct load_req *r = arg;
	struct kmod_rewrite_stats st;
	struct target *t = calloc(1, sizeof(*t));
	int fd = -1, rc;

	if (!t)
		return EXIT_FAIL;
	t->o = r->t.o;
	rc = target_prepare(t, path);
	if (rc) {
		drvsup_err("%s", t->err);
	} else if (t->cl.count[IMPORT_UNKNOWN]) {
		drvsup_err("%s: its library %s runs in its domain, but %zu of the library's imports are unknown: %s",
			   r->t.m.name, t->m.name, t->cl.count[IMPORT_UNKNOWN],
			   target_unknown_list(t));
		rc = EXIT_UNKNOWN;
	} else if (t->refused) {
		drvsup_err("%s: its library %s: %s", r->t.m.name, t->m.name,
			   t->pol.why);
		rc = EXIT_LOCKDOWN;
	}
	if (!rc)
		rc = load_wrapper_modules(t, false);
	if (!rc)
		rc = load_image(t, &st, &fd);
	if (!rc && syscall(SYS_finit_module, fd, "", 0)) {
		drvsup_err("%s: the kernel refused its library %s: %s", r->t.m.name,
			   t->m.name, strerror(errno));
		rc = EXIT_KERNEL;
	}
	if (fd >= 0)
		close(fd);
	target_free(t);
	free(t);
	return rc;
}

static int load_insert(struct load_req *r, const struct drvsup_opts *go)
{
	struct target *t = &r->t;
	struct kmod_rewrite_stats st;
	int fd, rc;

	(void)go;
	rc = load_image(t, &st, &fd);
	if (rc)
		return rc;
	if (r->dry_run) {
		load_dry_run(r, &st);
		close(fd);
		return EXIT_OK;
	}
	if (syscall(SYS_finit_module, fd, r->params, 0)) {
		int e = errno;

		drvsup_err("%s: the kernel refused the module: %s (%s)", t->m.name,
			   strerror(e), finit_hint(e));
		close(fd);
		return EXIT_KERNEL;
	}
	close(fd);
	if (t->o.json) {
		fputs("{", stdout);
		json_key(stdout, "module");
		json_str(stdout, t->m.name);
		fprintf(stdout, ",\"loaded\":true,\"renamed\":%zu}\n", st.renamed);
	} else {
		printf("%s: loaded under drvsup (%zu imports wrapped, %zu direct)\n",
		       t->m.name, t->cl.count[IMPORT_WRAPPED],
		       t->cl.count[IMPORT_DIRECT]);
	}
	return EXIT_OK;
}

int cmd_load(const struct drvsup_opts *go, int argc, char **argv)
{
	static const struct option longopts[] = {
		TARGET_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "replace", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct load_req *r = calloc(1, sizeof(*r));
	int c, rc;

	if (!r)
		return EXIT_FAIL;
	r->t.o.json = go->json;
	optind = 0;	/* 0: glibc re-reads the optstring (main used "+") */
	/* '+': PARAM=VALUE arguments after the module are not options. */
	while ((c = getopt_long(argc, argv, "+" TARGET_SHORTOPTS "nrh", longopts, NULL)) != -1) {
		if (target_opt(&r->t.o, c, optarg))
			continue;
		switch (c) {
		case 'n':
			r->dry_run = true;
			break;
		case 'r':
			r->replace = true;
			break;
		case 'h':
			load_usage(stdout);
			free(r);
			return EXIT_OK;
		default:
			load_usage(stderr);
			free(r);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		drvsup_err("load takes a module file (see 'drvsup load --help')");
		free(r);
		return EXIT_USAGE;
	}
	if (r->t.o.kver && !r->dry_run) {
		drvsup_err("--kver is only allowed with --dry-run: load targets the running kernel");
		free(r);
		return EXIT_USAGE;
	}
	rc = target_prepare(&r->t, argv[optind]);
	if (rc)
		drvsup_err("%s", r->t.err);
	if (!rc)
		rc = build_params(&r->t.m, argc - optind - 1, argv + optind + 1,
				  r->params, sizeof(r->params));
	if (!rc)
		rc = load_checks(r);
	if (!rc)
		rc = deps_load(&r->t.m, &(struct deps_opts){ .driver = r->t.m.name,
			       .dry_run = r->dry_run, .quiet = r->t.o.json,
			       .in_domain = lib_in_domain, .supervise = load_domain_lib,
			       .arg = r });
	if (!rc && !r->t.as_is)
		rc = load_wrapper_modules(&r->t, r->dry_run);
	if (!rc)
		rc = load_insert(r, go);
	target_free(&r->t);
	free(r);
	return rc;
}

/* ------------------------------------------------------------------ */
/* unload                                                              */

static void unload_usage(FILE *f)
{
	fprintf(f,
		"usage: drvsup unload [OPTIONS] NAME\n"
		"Unload a module (NAME, or NAME.ko / a path to it) with\n"
		"delete_module(NAME, O_NONBLOCK). Needs CAP_SYS_MODULE.\n"
		"\n"
		"  -h, --help            this text\n");
}

/* "path/to/foo-bar.ko" -> "foo_bar", as the kernel names modules. */
static int module_name(const char *arg, char *buf, size_t n)
{
	const char *base = strrchr(arg, '/');
	size_t len, i;

	base = base ? base + 1 : arg;
	len = strlen(base);
	if (len > 3 && !strcmp(base + len - 3, ".ko"))
		len -= 3;
	if (!len || len >= n || len >= 56)
		return -1;
	for (i = 0; i < len; i++)
		buf[i] = base[i] == '-' ? '_' : base[i];
	buf[len] = 0;
	return 0;
}

int cmd_unload(const struct drvsup_opts *go, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char name[64];
	const char *caps;
	int c, e;

	optind = 0;	/* 0: glibc re-reads the optstring (main used "+") */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			unload_usage(stdout);
			return EXIT_OK;
		}
		unload_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind != argc - 1) {
		drvsup_err("unload takes one module name (see 'drvsup unload --help')");
		return EXIT_USAGE;
	}
	if (module_name(argv[optind], name, sizeof(name))) {
		drvsup_err("bad module name '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	caps = missing_caps(false);
	if (caps) {
		drvsup_err("unload needs %s (run as root)", caps);
		return EXIT_PERM;
	}
	if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0) {
		if (go->json)
			printf("{\"module\":\"%s\",\"unloaded\":true}\n", name);
		else
			printf("%s: unloaded\n", name);
		return EXIT_OK;
	}
	e = errno;
	switch (e) {
	case ENOENT:
		drvsup_err("%s is not loaded", name);
		return EXIT_NOTLOADED;
	case EWOULDBLOCK:
		drvsup_err("%s is in use (see /sys/module/%s/holders and refcnt)",
			   name, name);
		return EXIT_BUSY;
	case EBUSY:
		drvsup_err("%s is still initialising or unloading, or has no exit function",
			   name);
		return EXIT_BUSY;
	case EPERM:
		drvsup_err("%s: not permitted (kernel.modules_disabled=1?)", name);
		return EXIT_KERNEL;
	case ENOSYS:
		drvsup_err("%s: this kernel has no module support (delete_module: %s)",
			   name, strerror(e));
		return EXIT_KERNEL;
	default:
		drvsup_err("%s: delete_module: %s", name, strerror(e));
		return EXIT_KERNEL;
	}
}

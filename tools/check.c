// SPDX-License-Identifier: GPL-2.0
/*
 * check.c - the check and rewrite verbs, and what load shares with them:
 * finding the data files, reading the kernel's policy on unsigned modules,
 * validating a module against its target kernel and classifying its
 * imports (check.h).
 *
 *   drvsup check [OPTIONS] DRIVER.ko
 *   drvsup rewrite [OPTIONS] DRIVER.ko -o OUT.ko
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check.h"
#include "drvsup.h"
#include "json.h"

/* ------------------------------------------------------------------ */
/* The running system                                                  */

const char *sysroot_path(char *buf, size_t n, const char *path)
{
	const char *root = getenv("DRVSUP_SYSROOT");

	snprintf(buf, n, "%s%s", root ? root : "", path);
	return buf;
}

/* First line of a small file, without the newline; false if unreadable. */
static bool read_line(const char *path, char *buf, size_t n)
{
	char p[PATH_MAX];
	FILE *f = fopen(sysroot_path(p, sizeof(p), path), "re");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, n, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}

void running_release(char *buf, size_t n)
{
	struct utsname u;

	if (getenv("DRVSUP_SYSROOT") &&
	    read_line("/proc/sys/kernel/osrelease", buf, n))
		return;
	if (uname(&u) == 0)
		snprintf(buf, n, "%s", u.release);
	else
		snprintf(buf, n, "unknown");
}

/* "none [integrity] confidentiality" -> "integrity" */
static void lockdown_mode(const char *line, char *out, size_t n)
{
	const char *a = strchr(line, '['), *b = a ? strchr(a, ']') : NULL;

	int len = a && b ? (int)(b - a - 1) : (int)strlen(line);

	snprintf(out, n, "%.*s", len < (int)n ? len : (int)n - 1, a && b ? a + 1 : line);
}

/* lockdown=MODE and module.sig_enforce=1 on the kernel command line. */
static void policy_from_cmdline(struct kpolicy *p, char *cmdline)
{
	char *save, *w;

	for (w = strtok_r(cmdline, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!p->lockdown[0] && !strncmp(w, "lockdown=", 9))
			snprintf(p->lockdown, sizeof(p->lockdown), "%.*s",
				 (int)sizeof(p->lockdown) - 1, w + 9);
		else if (p->sig_enforce < 0 && !strncmp(w, "module.sig_enforce=", 19))
			p->sig_enforce = w[19] == '1' || w[19] == 'Y' || w[19] == 'y';
	}
}

void kpolicy_read(struct kpolicy *p, const char *target_kver)
{
	char line[256], cmdline[4096], ld[64], se[32], md[32];
	size_t len = 0;

	memset(p, 0, sizeof(*p));
	running_release(p->running, sizeof(p->running));
	p->applies = !target_kver || !strcmp(p->running, target_kver);
	p->sig_enforce = p->modules_disabled = -1;
	if (read_line("/sys/kernel/security/lockdown", line, sizeof(line)))
		lockdown_mode(line, p->lockdown, sizeof(p->lockdown));
	if (read_line("/sys/module/module/parameters/sig_enforce", line, sizeof(line)))
		p->sig_enforce = line[0] == 'Y' || line[0] == '1';
	if (read_line("/proc/sys/kernel/modules_disabled", line, sizeof(line)))
		p->modules_disabled = atoi(line) != 0;
	/* securityfs may not be mounted (the test guest): the command line
	 * still says what was asked for at boot. */
	if ((!p->lockdown[0] || p->sig_enforce < 0) &&
	    read_line("/proc/cmdline", cmdline, sizeof(cmdline)))
		policy_from_cmdline(p, cmdline);
	p->refuses_unsigned = (p->lockdown[0] && strcmp(p->lockdown, "none")) ||
			      p->sig_enforce == 1;
	p->disabled = p->modules_disabled == 1;

	snprintf(ld, sizeof(ld), "%s", p->lockdown[0] ? p->lockdown : "unavailable");
	snprintf(se, sizeof(se), "%s", p->sig_enforce < 0 ? "unavailable" :
		 p->sig_enforce ? "Y" : "N");
	snprintf(md, sizeof(md), "%s", p->modules_disabled < 0 ? "unavailable" :
		 p->modules_disabled ? "1" : "0");
	len = snprintf(p->why, sizeof(p->why),
		       "kernel %s: lockdown %s, sig_enforce %s, modules_disabled %s: ",
		       p->running, ld, se, md);
	if (len < sizeof(p->why))
		snprintf(p->why + len, sizeof(p->why) - len, "%s",
			 p->disabled ? "loading modules is disabled" :
			 p->refuses_unsigned ? "unsigned modules are refused" :
			 "unsigned modules load (taint E)");
}

/* ------------------------------------------------------------------ */
/* Data files                                                          */

/* $DRVSUP_DATA (true), else <dir of the executable>/../share/drvsup */
static bool data_dir(char *buf, size_t n)
{
	const char *env = getenv("DRVSUP_DATA");
	char exe[PATH_MAX];
	ssize_t len;

	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return true;
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0) {
		snprintf(buf, n, "/usr/share/drvsup");
		return false;
	}
	exe[len] = 0;
	snprintf(buf, n, "%s/../share/drvsup", dirname(exe));
	return false;
}

/*
 * The Module.symvers of DKMS's build of drvsup.ko for kernel kver, which
 * the DKMS package keeps beside the module it built (dkms.conf's
 * POST_BUILD): the wrappers' CRCs for that kernel. The installed data's
 * are those of the kernel `make install` built for, and a later kernel
 * may change them. Only DKMS's build of this command's own version.
 */
static bool dkms_symvers(const char *kver, char *buf, size_t n)
{
	char path[PATH_MAX];
	struct utsname u;

	if (!strcmp(DRVSUP_VERSION, "unknown") || uname(&u))
		return false;
	snprintf(path, sizeof(path), DKMS_TREE "/drvsup/%s/%s/%s/Module.symvers",
		 DRVSUP_VERSION, kver, u.machine);
	sysroot_path(buf, n, path);
	return access(buf, R_OK) == 0;
}

static int load_data(struct target *t)
{
	char dir[PATH_MAX];
	bool env;
	int rc;

	env = data_dir(dir, sizeof(dir));
	if (t->o.symvers) {
		snprintf(t->symvers_path, sizeof(t->symvers_path), "%s", t->o.symvers);
	} else if (env || !dkms_symvers(t->kver, t->symvers_path,
					sizeof(t->symvers_path))) {
		snprintf(t->symvers_path, sizeof(t->symvers_path), "%s", dir);
		strncat(t->symvers_path, "/Module.symvers",
			sizeof(t->symvers_path) - strlen(t->symvers_path) - 1);
	}
	snprintf(t->map_path, sizeof(t->map_path), "%s", t->o.map ? t->o.map : dir);
	if (!t->o.map)
		strncat(t->map_path, "/imports.tbl",
			sizeof(t->map_path) - strlen(t->map_path) - 1);
	rc = symvers_load(&t->sv, t->symvers_path, t->err);
	if (!rc)
		rc = imptab_load(&t->tab, t->map_path, t->err);
	return rc;
}

/* Decide code or data from System.map, then kallsyms (only when the target
 * kernel is the running one), and leave the rest to the relocation guess. */
static int load_types(struct target *t)
{
	char path[PATH_MAX], sysmap[PATH_MAX], why[KMOD_ERRLEN] = "";
	size_t n1 = 0, n2 = 0, d = 0;
	int len;

	if (t->o.system_map && !strcmp(t->o.system_map, "none")) {
		snprintf(t->kinds, sizeof(t->kinds), "relocations (--system-map none)");
		return EXIT_OK;
	}
	if (t->o.system_map) {
		if (symtypes_load(&t->map, t->o.system_map, t->err))
			return EXIT_DATA;
		n1 = symtypes_apply(&t->map, &t->m, KSRC_SYSTEM_MAP, &d);
		t->kinds_disagree = d;
		len = snprintf(t->kinds, sizeof(t->kinds), "%s (%zu)",
			       t->o.system_map, n1);
		if (n1 < t->m.nimports)
			snprintf(t->kinds + len, sizeof(t->kinds) - len,
				 ", relocations (%zu)", t->m.nimports - n1);
		return EXIT_OK;
	}
	snprintf(path, sizeof(path), "/boot/System.map-%s", t->kver);
	sysroot_path(sysmap, sizeof(sysmap), path);
	if (symtypes_load(&t->map, sysmap, why) == EXIT_OK)
		n1 = symtypes_apply(&t->map, &t->m, KSRC_SYSTEM_MAP, &d);
	t->kinds_disagree = d;
	d = 0;
	if (t->pol.applies && n1 < t->m.nimports &&
	    symtypes_load(&t->kallsyms, sysroot_path(path, sizeof(path), "/proc/kallsyms"),
			  NULL) == EXIT_OK)
		n2 = symtypes_apply(&t->kallsyms, &t->m, KSRC_KALLSYMS, &d);
	t->kinds_disagree += d;
	if (!n1 && !n2) {
		snprintf(t->kinds, sizeof(t->kinds), "relocations (%s%s)",
			 why[0] ? why : "no System.map",
			 t->pol.applies ? "" : "; /proc/kallsyms is another kernel's");
		return EXIT_OK;
	}
	len = 0;
	if (n1)
		len += snprintf(t->kinds + len, sizeof(t->kinds) - len,
				"%s (%zu)", sysmap, n1);
	if (n2)
		len += snprintf(t->kinds + len, sizeof(t->kinds) - len,
				"%s%s (%zu)", n1 ? ", " : "",
				sysroot_path(path, sizeof(path), "/proc/kallsyms"), n2);
	if (n1 + n2 < t->m.nimports)
		snprintf(t->kinds + len, sizeof(t->kinds) - len,
			 ", relocations (%zu)", t->m.nimports - n1 - n2);
	return EXIT_OK;
}

bool target_opt(struct target_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'k':
		o->kver = arg;
		return true;
	case 's':
		o->symvers = arg;
		return true;
	case 'm':
		o->map = arg;
		return true;
	case OPT_SYSTEM_MAP:
		o->system_map = arg;
		return true;
	case 'v':
		o->verbose = true;
		return true;
	case 'j':
		o->json = true;
		return true;
	}
	return false;
}

int target_prepare(struct target *t, const char *ko)
{
	size_t rl;
	int rc;

	if (t->o.kver)
		snprintf(t->kver, sizeof(t->kver), "%s", t->o.kver);
	else
		running_release(t->kver, sizeof(t->kver));
	kpolicy_read(&t->pol, t->kver);

	rc = kmod_open(&t->m, ko, t->err);
	if (rc)
		return rc;
	if (!t->m.vermagic)
		return snprintf(t->err, sizeof(t->err), "%s: no vermagic in .modinfo",
				ko), EXIT_VERMAGIC;
	rl = strcspn(t->m.vermagic, " ");
	if (rl != strlen(t->kver) || strncmp(t->m.vermagic, t->kver, rl))
		return snprintf(t->err, sizeof(t->err),
				"%s: built for kernel %.*s, target is %s%s", ko,
				(int)rl, t->m.vermagic, t->kver,
				t->o.kver ? "" : " (the running kernel; see --kver)"),
		       EXIT_VERMAGIC;
	rc = load_data(t);
	if (!rc)
		rc = load_types(t);
	if (!rc && classify(&t->m, &t->sv, &t->tab, &t->cl))
		rc = (snprintf(t->err, sizeof(t->err), "out of memory"), EXIT_FAIL);
	if (rc)
		return rc;
	for (rl = 0; rl < t->cl.n; rl++)
		t->nrenames += t->cl.v[rl].cls == IMPORT_WRAPPED &&
			       strcmp(t->cl.v[rl].imp->name, t->cl.v[rl].wrapper->name);
	/* A module rewritten (and signed) beforehand goes in unchanged. */
	t->as_is = !t->nrenames && !kmod_has_init_sections(&t->m);
	t->refused = t->pol.applies &&
		     (t->pol.disabled ||
		      (t->pol.refuses_unsigned && !(t->as_is && t->m.is_signed)));
	return EXIT_OK;
}

void target_free(struct target *t)
{
	classification_free(&t->cl);
	symtypes_free(&t->map);
	symtypes_free(&t->kallsyms);
	imptab_free(&t->tab);
	symvers_free(&t->sv);
	kmod_close(&t->m);
}

const char *target_unknown_list(const struct target *t)
{
	static char buf[4096];
	size_t i, len = 0;

	buf[0] = 0;
	for (i = 0; i < t->cl.n; i++) {
		const char *n = t->cl.v[i].imp->name;

		if (t->cl.v[i].cls != IMPORT_UNKNOWN)
			continue;
		if (len + strlen(n) + 8 >= sizeof(buf)) {
			strcpy(buf + len, ", ...");
			break;
		}
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				len ? ", " : "", n);
	}
	return buf;
}

/* ------------------------------------------------------------------ */
/* Reports                                                             */

static void report_hint_json(const struct import_hint *h, FILE *f)
{
	fputs(",\"suggest\":{", f);
	json_kv(f, "class", h->cls, 1);
	json_kv(f, "line", h->line, 0);
	json_kv(f, "prototype", h->found ? h->proto : NULL, 0);
	json_kv(f, "exporter", h->exporter, 0);
	json_kv(f, "why", h->why, 0);
	fputs("}", f);
}

static const struct import_hint *hint_of(const struct target *t,
					 const struct classified *c)
{
	return t->hints ? &t->hints[c - t->cl.v] : NULL;
}

static void report_import_json(const struct target *t,
			       const struct classified *c, FILE *f)
{
	const struct import_hint *h = hint_of(t, c);
	const struct kmod_import *imp = c->imp;

	fputs("{", f);
	json_key(f, "name");
	json_str(f, imp->name);
	fputs(",", f);
	json_key(f, "kind");
	json_str(f, kmod_kind_name(imp->kind));
	fputs(",", f);
	json_key(f, "kind_source");
	json_str(f, kmod_kind_src_name(imp->kind_src));
	fputs(",", f);
	json_key(f, "why");
	json_str(f, imp->why);
	if (imp->uncertain)
		fputs(",\"uncertain\":true", f);
	if (imp->weak)
		fputs(",\"weak\":true", f);
	if (c->wrapper) {
		fputs(",", f);
		json_key(f, "wrapper");
		json_str(f, c->wrapper->name);
		fprintf(f, ",\"crc\":\"0x%08x\",", c->wrapper->crc);
		json_key(f, "namespace");
		json_str(f, c->wrapper->ns);
	}
	if (c->rule) {
		fputs(",", f);
		json_key(f, "rule");
		json_str(f, c->rule->pattern);
		fprintf(f, ",\"rule_line\":%u,\"keep\":%s,", c->rule->line,
			c->rule->keep ? "true" : "false");
		json_key(f, "class");
		json_str(f, imp_class_name(c->rule->cls));
	}
	if (c->note) {
		fputs(",", f);
		json_key(f, "note");
		json_str(f, c->note);
	}
	if (h && h->cls)
		report_hint_json(h, f);
	fputs("}", f);
}

static void report_json(const struct target *t, FILE *f, bool loadable)
{
	const struct kmod *m = &t->m;
	const struct kpolicy *p = &t->pol;
	int cls;
	size_t i;

	fputs("{", f);
	json_key(f, "module");
	json_str(f, m->name);
	fputs(",", f);
	json_key(f, "file");
	json_str(f, m->path);
	fputs(",", f);
	json_key(f, "kver");
	json_str(f, t->kver);
	fputs(",", f);
	json_key(f, "vermagic");
	json_str(f, m->vermagic);
	fprintf(f, ",\"signed\":%s,\"signature_bytes\":%zu,",
		m->is_signed ? "true" : "false", m->sig_len);
	fputs("\"policy\":{", f);
	json_key(f, "running");
	json_str(f, p->running);
	fprintf(f, ",\"applies\":%s,", p->applies ? "true" : "false");
	json_key(f, "lockdown");
	json_str(f, p->lockdown[0] ? p->lockdown : NULL);
	fprintf(f, ",\"sig_enforce\":%s,\"modules_disabled\":%s,\"refuses_unsigned\":%s,",
		p->sig_enforce < 0 ? "null" : p->sig_enforce ? "true" : "false",
		p->modules_disabled < 0 ? "null" : p->modules_disabled ? "true" : "false",
		p->refuses_unsigned ? "true" : "false");
	json_key(f, "summary");
	json_str(f, p->why);
	fputs("},", f);
	fprintf(f, "\"insert_as_is\":%s,\"refused\":%s,", t->as_is ? "true" : "false",
		t->refused ? "true" : "false");
	fprintf(f, "\"imports\":{\"total\":%zu,\"functions\":%zu,\"data\":%zu,"
		"\"uncertain\":%zu},", m->nimports, m->nfunc, m->ndata, m->nuncertain);
	json_key(f, "kinds_from");
	json_str(f, t->kinds);
	fprintf(f, ",\"kinds_disagree_with_relocations\":%zu,", t->kinds_disagree);
	json_key(f, "symvers");
	json_str(f, t->symvers_path);
	fprintf(f, ",\"wrappers_available\":%zu,", t->sv.nwrappers);
	json_key(f, "import_table");
	json_str(f, t->map_path);
	fputs(",", f);
	json_key(f, "btf");
	json_str(f, t->btf_from[0] ? t->btf_from : NULL);
	fprintf(f, ",\"table_lines\":%zu", t->tab.n);
	for (cls = 0; cls < IMPORT_NCLASSES; cls++) {
		bool first = true;

		fprintf(f, ",\"%s\":[", import_class_name(cls));
		for (i = 0; i < t->cl.n; i++) {
			if (t->cl.v[i].cls != (enum import_class)cls)
				continue;
			if (!first)
				fputs(",", f);
			first = false;
			report_import_json(t, &t->cl.v[i], f);
		}
		fputs("]", f);
	}
	fprintf(f, ",\"counts\":{\"wrapped\":%zu,\"direct\":%zu,\"unknown\":%zu}",
		t->cl.count[IMPORT_WRAPPED], t->cl.count[IMPORT_DIRECT],
		t->cl.count[IMPORT_UNKNOWN]);
	fprintf(f, ",\"loadable\":%s}\n", loadable ? "true" : "false");
}

static void report_hint_text(const struct import_hint *h, FILE *f)
{
	if (!h || !h->cls)
		return;
	if (h->found)
		fprintf(f, "      %s;  [%s]\n", h->proto, h->exporter);
	fprintf(f, "      add: %-40s  (%s)\n", h->line, h->why);
}

static void report_import_text(const struct target *t,
			       const struct classified *c, FILE *f)
{
	const struct kmod_import *imp = c->imp;
	char tags[128] = "";
	size_t len = 0;

	if (imp->kind == KIND_DATA)
		len += snprintf(tags + len, sizeof(tags) - len, "data");
	else if (imp->uncertain)
		len += snprintf(tags + len, sizeof(tags) - len, "function?");
	if (imp->weak)
		len += snprintf(tags + len, sizeof(tags) - len, "%sweak", len ? ", " : "");
	if (c->cls != IMPORT_UNKNOWN && c->rule &&
	    !(imp->kind == KIND_DATA && c->rule->cls == IMP_DATA))
		len += snprintf(tags + len, sizeof(tags) - len, "%s%s", len ? ", " : "",
				imp_class_name(c->rule->cls));
	if (c->cls == IMPORT_DIRECT && c->rule->glob)
		len += snprintf(tags + len, sizeof(tags) - len, "%s%s", len ? ", " : "",
				c->rule->pattern);
	if (c->note)
		snprintf(tags + len, sizeof(tags) - len, "%s%s", len ? "; " : "", c->note);
	fprintf(f, "  %s", imp->name);
	if (c->cls == IMPORT_WRAPPED && strcmp(imp->name, c->wrapper->name))
		fprintf(f, " -> %s", c->wrapper->name);
	if (tags[0])
		fprintf(f, "  (%s)", tags);
	if (t->o.verbose)
		fprintf(f, "  [%s: %s, %s]", kmod_kind_name(imp->kind),
			kmod_kind_src_name(imp->kind_src), imp->why);
	fputc('\n', f);
	report_hint_text(hint_of(t, c), f);
}

static void report_text(const struct target *t, FILE *f, bool loadable)
{
	const struct kmod *m = &t->m;
	int cls;
	size_t i;

	fprintf(f, "module:   %s (%s)\n", m->name, m->path);
	fprintf(f, "kernel:   %s (vermagic %s)\n", t->kver, m->vermagic);
	if (m->is_signed && t->as_is)
		fprintf(f, "signed:   yes (%zu bytes of signature)\n", m->sig_len);
	else if (m->is_signed)
		fprintf(f, "signed:   yes; the %zu-byte signature is dropped by the rewrite\n",
			m->sig_len);
	else
		fprintf(f, "signed:   no\n");
	fprintf(f, "policy:   %s%s\n", t->pol.why,
		t->pol.applies ? "" : " [not the target kernel: ignored]");
	if (t->as_is)
		fprintf(f, "insert:   as is: nothing to rewrite%s\n",
			m->is_signed ? ", the signature is kept" : "");
	else
		fprintf(f, "insert:   rewritten (%zu imports renamed%s), unsigned\n",
			t->nrenames, kmod_has_init_sections(m) ?
			", .init* sections renamed" : "");
	fprintf(f, "imports:  %zu (%zu functions, %zu data", m->nimports, m->nfunc,
		m->ndata);
	if (m->nuncertain)
		fprintf(f, "; %zu of the functions only address-taken: maybe objects",
			m->nuncertain);
	fprintf(f, "); kinds from %s\n", t->kinds);
	fprintf(f, "data:     %s (%zu wrappers), %s (%zu rules)\n",
		t->symvers_path, t->sv.nwrappers, t->map_path, t->tab.n);
	if (t->btf_from[0])
		fprintf(f, "btf:      %s\n", t->btf_from);
	for (cls = 0; cls < IMPORT_NCLASSES; cls++) {
		fprintf(f, "%s (%zu):\n", import_class_name(cls), t->cl.count[cls]);
		for (i = 0; i < t->cl.n; i++)
			if (t->cl.v[i].cls == (enum import_class)cls)
				report_import_text(t, &t->cl.v[i], f);
	}
	fprintf(f, "loadable: %s\n", loadable ? "yes" :
		t->cl.count[IMPORT_UNKNOWN] ? "no (unknown imports)" :
		t->pol.disabled ? "no (loading modules is disabled)" :
		"no (the kernel refuses unsigned modules: 'drvsup rewrite' it, sign the "
		"output with an enrolled key, load that)");
}

static bool loadable(const struct target *t)
{
	return !t->cl.count[IMPORT_UNKNOWN] && !t->refused;
}

void target_report(const struct target *t, FILE *f)
{
	if (t->o.json)
		report_json(t, f, loadable(t));
	else
		report_text(t, f, loadable(t));
}

/* ------------------------------------------------------------------ */
/* check                                                               */

static void check_usage(FILE *f)
{
	fprintf(f,
		"usage: drvsup check [OPTIONS] DRIVER.ko...\n"
		"Sort the module's imports into wrapped (drvsup exports dsw_NAME),\n"
		"direct (bound to the kernel by its import-table line) and unknown,\n"
		"and say whether the running kernel would refuse an unsigned module.\n"
		"Exit 0 only if it can be loaded.\n"
		"For each unknown import, the kernel's BTF gives its prototype and the\n"
		"import-table line it suggests (class: pass, data, acquire, release,\n"
		"lock, callback).\n"
		"\n" TARGET_HELP
		"      --btf FILE        vmlinux BTF (raw or ELF); default\n"
		"                        /sys/kernel/btf/vmlinux if VER is running,\n"
		"                        else the .BTF of /boot/vmlinuz-VER\n"
		"      --no-btf          no prototypes or suggestions\n"
		"  -h, --help            this text\n");
}

/* What BTF says of each unknown import of t; k opened on first use. */
static void check_hints(struct target *t, struct kbtf *k, bool *tried)
{
	char err[256];
	size_t i;

	if (!t->cl.count[IMPORT_UNKNOWN])
		return;
	if (!*tried && kbtf_open(k, t->kver, t->o.btf, err, sizeof(err)))
		snprintf(k->from, sizeof(k->from), "none: %s", err);
	*tried = true;
	snprintf(t->btf_from, sizeof(t->btf_from), "%s", k->from);
	if (!k->vmlinux)
		return;
	t->hints = calloc(t->cl.n, sizeof(*t->hints));
	for (i = 0; t->hints && i < t->cl.n; i++)
		if (t->cl.v[i].cls == IMPORT_UNKNOWN)
			kbtf_hint(k, t->cl.v[i].imp->name,
				  t->cl.v[i].imp->kind == KIND_DATA ||
				  t->cl.v[i].imp->uncertain, &t->hints[i]);
}

/* One module: its report, and its exit code. */
static int check_one(const struct target_opts *o, const char *ko, struct kbtf *k,
		     bool *tried)
{
	struct target t = { .o = *o };
	int rc = target_prepare(&t, ko);

	if (rc) {
		drvsup_err("%s", t.err);
		target_free(&t);
		return rc;
	}
	if (!o->no_btf)
		check_hints(&t, k, tried);
	target_report(&t, stdout);
	rc = t.cl.count[IMPORT_UNKNOWN] ? EXIT_UNKNOWN :
	     t.refused ? EXIT_LOCKDOWN : EXIT_OK;
	free(t.hints);
	target_free(&t);
	return rc;
}

int cmd_check(const struct drvsup_opts *go, int argc, char **argv)
{
	enum { OPT_BTF = 0x200, OPT_NO_BTF };
	static const struct option longopts[] = {
		TARGET_LONGOPTS,
		{ "btf", required_argument, NULL, OPT_BTF },
		{ "no-btf", no_argument, NULL, OPT_NO_BTF },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct target_opts o = { .json = go->json };
	struct kbtf k = { 0 };
	bool tried = false;
	int c, rc = EXIT_OK, r;

	optind = 0;	/* 0: glibc re-reads the optstring (main used "+") */
	while ((c = getopt_long(argc, argv, TARGET_SHORTOPTS "h", longopts, NULL)) != -1) {
		if (target_opt(&o, c, optarg))
			continue;
		if (c == OPT_BTF || c == OPT_NO_BTF) {
			o.btf = c == OPT_BTF ? optarg : NULL;
			o.no_btf = c == OPT_NO_BTF;
			continue;
		}
		if (c == 'h') {
			check_usage(stdout);
			return EXIT_OK;
		}
		check_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind >= argc) {
		drvsup_err("check takes module files (see 'drvsup check --help')");
		return EXIT_USAGE;
	}
	/* Several modules: one report each; the exit code of the first that
	 * cannot be loaded. */
	for (; optind < argc; optind++) {
		r = check_one(&o, argv[optind], &k, &tried);
		if (!rc)
			rc = r;
	}
	kbtf_close(&k);
	return rc;
}

/* ------------------------------------------------------------------ */
/* rewrite                                                             */

static void rewrite_usage(FILE *f)
{
	fprintf(f,
		"usage: drvsup rewrite [OPTIONS] DRIVER.ko -o OUT.ko\n"
		"Write the module exactly as 'drvsup load' would insert it: wrapped\n"
		"imports renamed to their wrappers (and __versions patched), .init*\n"
		"sections renamed to " KMOD_INIT_RENAME "* so they stay resident, no\n"
		"signature. Refuses modules with unknown imports unless --force.\n"
		"\n"
		"  -o, --output FILE     where to write (never the input)\n"
		"  -f, --force           rewrite even with unknown imports\n"
		TARGET_HELP
		"  -h, --help            this text\n");
}

static void rewrite_summary(const struct target *t, const char *out,
			    const struct kmod_rewrite_stats *st, FILE *f)
{
	if (t->o.json) {
		fputs("{", f);
		json_key(f, "module");
		json_str(f, t->m.name);
		fputs(",", f);
		json_key(f, "output");
		json_str(f, out);
		fprintf(f, ",\"bytes\":%zu,\"renamed\":%zu,\"versions_patched\":%zu,"
			"\"init_sections_renamed\":%zu,\"init_relocation_sections_renamed\":%zu,"
			"\"import_ns_added\":%zu,\"signature_bytes_dropped\":%zu,"
			"\"unknown\":%zu}\n",
			st->out_size, st->renamed, st->versions_patched,
			st->init_sections, st->init_relas, st->import_ns,
			st->sig_dropped, t->cl.count[IMPORT_UNKNOWN]);
		return;
	}
	fprintf(f, "%s: %zu bytes; %zu imports renamed, %zu __versions entries patched, "
		"%zu init sections (+%zu relocation sections) renamed, "
		"%zu import_ns added, %zu signature bytes dropped\n",
		out, st->out_size, st->renamed, st->versions_patched,
		st->init_sections, st->init_relas, st->import_ns, st->sig_dropped);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Write t's rewritten module to out, through a temporary file beside it. */
static int rewrite_to(struct target *t, const char *out)
{
	struct kmod_rewrite_stats st;
	struct kmod_rename *rn;
	char tmp[PATH_MAX];
	int rc, fd;
	size_t n;

	rn = calloc(t->cl.n ? t->cl.n : 1, sizeof(*rn));
	if (!rn)
		return EXIT_FAIL;
	n = classification_renames(&t->cl, rn);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", out, (int)getpid());
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		drvsup_err("cannot create %s: %s", tmp, strerror(errno));
		free(rn);
		return EXIT_FAIL;
	}
	rc = kmod_rewrite(&t->m, rn, n, fd, &st, t->err);
	free(rn);
	if (rc)
		drvsup_err("%s", t->err);
	if (close(fd) && !rc) {
		drvsup_err("writing %s: %s", tmp, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (!rc && rename(tmp, out)) {
		drvsup_err("cannot rename %s to %s: %s", tmp, out, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (rc)
		unlink(tmp);
	else
		rewrite_summary(t, out, &st, stdout);
	return rc;
}

int cmd_rewrite(const struct drvsup_opts *go, int argc, char **argv)
{
	static const struct option longopts[] = {
		TARGET_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct target t = { .o.json = go->json };
	const char *out = NULL;
	bool force = false;
	int c, rc;

	optind = 0;	/* 0: glibc re-reads the optstring (main used "+") */
	while ((c = getopt_long(argc, argv, TARGET_SHORTOPTS "o:fh", longopts, NULL)) != -1) {
		if (target_opt(&t.o, c, optarg))
			continue;
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			rewrite_usage(stdout);
			return EXIT_OK;
		default:
			rewrite_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !out) {
		drvsup_err("rewrite takes one module file and -o OUT.ko (see 'drvsup rewrite --help')");
		return EXIT_USAGE;
	}
	if (same_file(argv[optind], out)) {
		drvsup_err("%s: refusing to overwrite the input", out);
		return EXIT_USAGE;
	}
	rc = target_prepare(&t, argv[optind]);
	if (rc) {
		drvsup_err("%s", t.err);
	} else if (t.cl.count[IMPORT_UNKNOWN] && !force) {
		drvsup_err("%s: %zu unknown imports: %s (--force to rewrite anyway)",
			   t.m.name, t.cl.count[IMPORT_UNKNOWN], target_unknown_list(&t));
		rc = EXIT_UNKNOWN;
	} else {
		rc = rewrite_to(&t, out);
	}
	target_free(&t);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_drvsup_cli.c - host tests (cmocka) of the drvsup command's module
 * verbs as a user runs them: build/host/drvsup check, rewrite, load
 * --dry-run, unload, status and latency (up to where it would write),
 * their exit codes and messages. /sys and /proc are
 * faked under $DRVSUP_SYSROOT so "core module loaded", "already loaded" and
 * lockdown can be provoked; no test calls finit_module() on the host.
 * Skips when the binary is not built or e1000.ko is absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "tools/drvsup.h"
#include "tools/elf.h"
#include "tools/importmap.h"
#include "tests/unit/ko_fixture.h"

#define DRVSUP DRVSUP_BUILD "/host/drvsup"

struct env {
	char kv[160];		/* "--kver=..." */
	char sv[600];		/* "--symvers=..." */
	char map[600];		/* "--map=..." */
	char *symvers;		/* synthetic: every non-direct import wrapped */
	char *empty;		/* an empty Module.symvers */
	char root[64];		/* fake sysroot */
	const char *ko;
};

static struct env *g;
static char out[1 << 16], err[4096];

static void slurp(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t r = f ? fread(buf, 1, n - 1, f) : 0;

	buf[r] = 0;
	if (f)
		fclose(f);
}

/*
 * Run drvsup with argv (NULL-terminated, without argv[0]); stdout and
 * stderr land in out/err. sysroot: DRVSUP_SYSROOT or NULL; uid: run as
 * this user when >= 0 (tests as root). Returns the exit status.
 */
static int run_as(const char *sysroot, int uid, const char *const *argv)
{
	char o[] = "/tmp/drvsup-cli-out-XXXXXX", e[] = "/tmp/drvsup-cli-err-XXXXXX";
	int fo = mkstemp(o), fe = mkstemp(e), st = -1;
	const char *args[32] = { DRVSUP };
	pid_t pid;
	size_t i;

	assert_true(fo >= 0 && fe >= 0);
	for (i = 0; argv[i] && i < 30; i++)
		args[i + 1] = argv[i];
	pid = fork();
	if (pid == 0) {
		dup2(fo, 1);
		dup2(fe, 2);
		unsetenv("DRVSUP_DATA");
		if (sysroot)
			setenv("DRVSUP_SYSROOT", sysroot, 1);
		else
			unsetenv("DRVSUP_SYSROOT");
		if (uid >= 0 && (setgid(uid) || setuid(uid)))
			_exit(126);
		execv(DRVSUP, (char *const *)args);
		_exit(127);
	}
	assert_true(pid > 0);
	waitpid(pid, &st, 0);
	close(fo);
	close(fe);
	slurp(o, out, sizeof(out));
	slurp(e, err, sizeof(err));
	unlink(o);
	unlink(e);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

#define RUN(...) run_as(NULL, -1, (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_IN(root, ...) run_as(root, -1, (const char *const[]){ __VA_ARGS__, NULL })

static void put(const char *dir, const char *file, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void rm(const char *dir, const char *file)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	assert_int_equal(remove(p), 0);
}

static void mkdirs(const char *root, const char *path)
{
	char p[512], *s;

	snprintf(p, sizeof(p), "%s/%s", root, path);
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

static int setup(void **state)
{
	char e[KMOD_ERRLEN];
	struct imptab dm;
	struct kmod m;

	(void)state;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -1;
	g->ko = e1000_path();
	if (access(DRVSUP, X_OK) || !g->ko)
		return 0;
	if (kmod_open(&m, g->ko, e) || imptab_load(&dm, IMPORT_TABLE, e))
		return -1;
	g->symvers = fixture_symvers(&m, &dm, NULL);
	g->empty = fixture_temp("", 0);
	if (!g->symvers || !g->empty)
		return -1;
	/* readable by the unprivileged runs too */
	chmod(g->symvers, 0644);
	chmod(g->empty, 0644);
	imptab_free(&dm);
	kmod_close(&m);
	snprintf(g->kv, sizeof(g->kv), "--kver=%s", fixture_kver());
	snprintf(g->sv, sizeof(g->sv), "--symvers=%s", g->symvers);
	snprintf(g->map, sizeof(g->map), "--map=%s", IMPORT_TABLE);
	snprintf(g->root, sizeof(g->root), "/tmp/drvsup-root-XXXXXX");
	if (!mkdtemp(g->root))
		return -1;
	chmod(g->root, 0755);
	mkdirs(g->root, "proc/sys/kernel");
	mkdirs(g->root, "sys/module/module/parameters");
	mkdirs(g->root, "sys/kernel/security");
	put(g->root, "proc/sys/kernel/osrelease", fixture_kver());
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	if (!g)
		return 0;
	if (g->root[0] && strstr(g->root, "/tmp/drvsup-root-")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g->root);
		if (system(cmd))
			return -1;
	}
	if (g->symvers)
		unlink(g->symvers);
	if (g->empty)
		unlink(g->empty);
	free(g->symvers);
	free(g->empty);
	free(g);
	return 0;
}

static void need(void)
{
	if (access(DRVSUP, X_OK)) {
		print_message("%s not built: skipped\n", DRVSUP);
		skip();
	}
	if (!g->ko) {
		print_message("no e1000.ko for kernel '%s': skipped\n", fixture_kver());
		skip();
	}
}

static void test_help(void **state)
{
	(void)state;
	need();
	assert_int_equal(RUN("--help"), 0);
	assert_non_null(strstr(out, "check"));
	assert_non_null(strstr(out, "rewrite"));
	assert_non_null(strstr(out, "unload"));
	assert_non_null(strstr(out, "drvsup core module not loaded"));
	assert_non_null(strstr(out, "latency "));
	assert_non_null(strstr(out, "  19  not supported for this driver\n"));
	assert_non_null(strstr(out, "  21  the workload saw errors\n"));
	assert_int_equal(RUN("check", "--help"), 0);
	assert_int_equal(RUN("rewrite", "--help"), 0);
	assert_int_equal(RUN("load", "--help"), 0);
	assert_int_equal(RUN("unload", "--help"), 0);
	assert_int_equal(RUN("check"), EXIT_USAGE);
	assert_int_equal(RUN("check", "--bogus", g->ko), EXIT_USAGE);
	assert_int_equal(RUN("rewrite", g->ko), EXIT_USAGE);
	assert_int_equal(RUN("unload"), EXIT_USAGE);
}

/* inject --dry-run names the mutation; --bit pins the bit it flips */
static void test_inject_bit(void **state)
{
	(void)state;
	need();
	assert_int_equal(RUN("inject", "e1000", "--type", "heap", "--seed", "1", "--ko",
			     g->ko, "--dry-run"), EXIT_OK);
	assert_non_null(strstr(out, "would arm #0 heap at "));
	assert_non_null(strstr(out, " bit=-1 "));	/* drawn per firing */
	assert_int_equal(RUN("inject", "e1000", "--type", "heap", "--seed", "1", "--ko",
			     g->ko, "--dry-run", "--bit", "40"), EXIT_OK);
	assert_non_null(strstr(out, " bit=40 "));
	assert_int_equal(RUN("inject", "e1000", "--type", "heap", "--ko", g->ko,
			     "--dry-run", "--bit", "64"), EXIT_USAGE);
	assert_non_null(strstr(err, "bad value '64'"));
	assert_int_equal(RUN("inject", "e1000", "--type", "heap", "--ko", g->ko,
			     "--dry-run", "--bit", "x"), EXIT_USAGE);
}

static void test_bad_inputs(void **state)
{
	unsigned char elf32[52] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };
	unsigned char *b;
	char *p;
	size_t n;

	(void)state;
	need();
	assert_int_equal(RUN("check", g->kv, "/nonexistent.ko"), EXIT_NOINPUT);
	assert_non_null(strstr(err, "drvsup: cannot open /nonexistent.ko"));
	assert_non_null(strchr(err, '\n'));
	assert_null(strchr(strchr(err, '\n') + 1, '\n'));	/* one line */

	p = fixture_temp("", 0);
	assert_int_equal(RUN("check", g->kv, p), EXIT_NOTELF);
	unlink(p);
	free(p);
	p = fixture_temp("hello\n", 6);
	assert_int_equal(RUN("check", g->kv, p), EXIT_NOTELF);
	unlink(p);
	free(p);
	p = fixture_temp(elf32, sizeof(elf32));
	assert_int_equal(RUN("check", g->kv, p), EXIT_WRONGELF);
	unlink(p);
	free(p);
	b = fixture_read(g->ko, &n);
	p = fixture_temp(b, 4096);
	assert_int_equal(RUN("check", g->kv, p), EXIT_BADELF);
	assert_non_null(strstr(err, "truncated"));
	unlink(p);
	free(p);
	free(b);

	assert_int_equal(RUN("check", "--kver=1.2.3-other", g->sv, g->map, g->ko),
			 EXIT_VERMAGIC);
	assert_non_null(strstr(err, "target is 1.2.3-other"));
	assert_int_equal(RUN("check", g->kv, "--symvers=/nonexistent", g->map, g->ko),
			 EXIT_DATA);
	assert_int_equal(RUN("check", g->kv, g->sv, "--map=/nonexistent", g->ko),
			 EXIT_DATA);
}

static void test_check(void **state)
{
	(void)state;
	need();
	assert_int_equal(RUN("check", g->kv, g->sv, g->map, g->ko), EXIT_OK);
	assert_non_null(strstr(out, "imports:  154 (138 functions, 16 data"));
	assert_non_null(strstr(out, "wrapped (103):"));
	assert_non_null(strstr(out, "direct (51):"));
	assert_non_null(strstr(out, "unknown (0):"));
	assert_non_null(strstr(out, "  register_netdev -> dsw_register_netdev  (custom)\n"));
	assert_non_null(strstr(out, "loadable: yes"));

	assert_int_equal(RUN("--json", "check", g->kv, g->sv, g->map, g->ko), EXIT_OK);
	assert_non_null(strstr(out, "\"imports\":{\"total\":154,\"functions\":138,\"data\":16,"));
	assert_non_null(strstr(out, "\"counts\":{\"wrapped\":103,\"direct\":51,\"unknown\":0}"));
	assert_non_null(strstr(out, "\"loadable\":true}"));
	assert_int_equal(RUN("check", "--json", g->kv, g->sv, g->map, g->ko), EXIT_OK);
	assert_int_equal(out[0], '{');

	/* no wrappers at all: 103 unknown, and the exit code says so */
	assert_int_equal(RUN("check", g->kv, "--symvers", g->empty, g->map, g->ko),
			 EXIT_UNKNOWN);
	assert_non_null(strstr(out, "unknown (103):"));
	assert_non_null(strstr(out, "loadable: no (unknown imports)"));
}

/* Data files come from $DRVSUP_DATA or <exe>/../share/drvsup. */
static void test_data_dir(void **state)
{
	char dir[] = "/tmp/drvsup-data-XXXXXX", cmd[1400];
	const char *argv[] = { "check", g->kv, g->ko, NULL };

	(void)state;
	need();
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp '%s' %s/Module.symvers && cp '%s' %s/imports.tbl",
		 g->symvers, dir, IMPORT_TABLE, dir);
	assert_int_equal(system(cmd), 0);
	{
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			dup2(fd, 1);
			setenv("DRVSUP_DATA", dir, 1);
			execv(DRVSUP, (char *const[]){ DRVSUP, "check", g->kv,
						       (char *)g->ko, NULL });
			_exit(127);
		}
		waitpid(pid, &st, 0);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), EXIT_OK);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	/* without it: <build>/host/../share/drvsup */
	if (access(DRVSUP_BUILD "/share/drvsup/Module.symvers", R_OK)) {
		assert_int_equal(run_as(NULL, -1, argv), EXIT_DATA);
		assert_non_null(strstr(err, "/share/drvsup/Module.symvers"));
	}
}

/*
 * Without $DRVSUP_DATA, Module.symvers comes from DKMS's build of this
 * version of drvsup.ko for the target kernel when there is one (the DKMS
 * package's POST_BUILD keeps it), in DKMS's tree under the sysroot.
 */
static void test_dkms_symvers(void **state)
{
	char root[] = "/tmp/drvsup-dkms-XXXXXX", dir[300], want[700], ver[128];
	char cmd[1400];
	const char *kv = g->kv + strlen("--kver=");
	struct utsname u;

	(void)state;
	need();
	assert_int_equal(RUN("version"), EXIT_OK);
	assert_int_equal(sscanf(out, "drvsup %127s", ver), 1);
	if (!strcmp(ver, "unknown")) {
		print_message("drvsup built outside git (version unknown): skipped\n");
		skip();
	}
	assert_int_equal(uname(&u), 0);
	assert_non_null(mkdtemp(root));
	snprintf(dir, sizeof(dir), "var/lib/dkms/drvsup/%s/%s/%s", ver, kv, u.machine);
	mkdirs(root, dir);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/%s/Module.symvers'", g->symvers, root, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(want, sizeof(want), "data:     %s/%s/Module.symvers (", root, dir);
	assert_int_equal(RUN_IN(root, "check", g->kv, g->map, g->ko), EXIT_OK);
	assert_non_null(strstr(out, want));
	/* --symvers wins */
	assert_int_equal(RUN_IN(root, "check", g->kv, g->sv, g->map, g->ko), EXIT_OK);
	assert_null(strstr(out, "/var/lib/dkms/"));
	/* another version's build is not this command's */
	snprintf(cmd, sizeof(cmd), "mv '%s/var/lib/dkms/drvsup/%s' '%s/var/lib/dkms/drvsup/x%s'",
		 root, ver, root, ver);
	assert_int_equal(system(cmd), 0);
	RUN_IN(root, "check", g->kv, g->map, g->ko);
	assert_null(strstr(out, "/var/lib/dkms/"));
	assert_null(strstr(err, "/var/lib/dkms/"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void test_rewrite(void **state)
{
	char o[600];

	(void)state;
	need();
	snprintf(o, sizeof(o), "%s/e1000.ko", g->root);
	assert_int_equal(RUN("rewrite", g->kv, g->sv, g->map, g->ko, "-o", o), EXIT_OK);
	assert_non_null(strstr(out, "103 imports renamed, 103 __versions entries patched"));
	assert_non_null(strstr(out, "2 init sections (+2 relocation sections) renamed"));
	assert_int_equal(access(o, R_OK), 0);
	/* the output checks clean and has nothing left to rename */
	assert_int_equal(RUN("check", g->kv, g->sv, g->map, o), EXIT_OK);
	assert_non_null(strstr(out, "signed:   no"));
	assert_non_null(strstr(out, "  dsw_register_netdev\n"));
	assert_int_equal(RUN("rewrite", g->kv, g->sv, g->map, o, "-o", o), EXIT_USAGE);
	assert_non_null(strstr(err, "refusing to overwrite the input"));
	assert_int_equal(RUN("rewrite", g->kv, "--symvers", g->empty, g->map, g->ko,
			     "-o", o), EXIT_UNKNOWN);
	assert_int_equal(RUN("rewrite", "-f", g->kv, "--symvers", g->empty, g->map,
			     g->ko, "-o", o), EXIT_OK);
	assert_non_null(strstr(out, "0 imports renamed"));
	unlink(o);
}

static void test_load_dry_run(void **state)
{
	char p[600];
	const char *r = g->root;

	(void)state;
	need();
	if (geteuid() != 0) {
		assert_int_equal(RUN_IN(r, "load", "-n", g->sv, g->map, g->ko), EXIT_PERM);
		skip();
	}
	/* the running kernel (faked) is the target; no core module */
	assert_int_equal(RUN_IN(r, "load", "--dry-run", g->sv, g->map, g->ko), EXIT_NOCORE);
	assert_non_null(strstr(err, "core module is not loaded"));
	mkdirs(r, "sys/module/drvsup");
	put(r, "sys/module/drvsup/initstate", "live\n");
	assert_int_equal(RUN_IN(r, "load", "--dry-run", g->sv, g->map, g->ko,
				"copybreak=128", "debug=2"), EXIT_OK);
	assert_non_null(strstr(out, "would finit_module()"));
	assert_non_null(strstr(out, "params \"copybreak=128 debug=2\""));
	assert_int_equal(RUN_IN(r, "load", "-n", g->sv, g->map, g->ko, "nosuch=1"),
			 EXIT_USAGE);
	assert_non_null(strstr(err, "no parameter 'nosuch'"));
	assert_int_equal(RUN_IN(r, "load", "-n", "--symvers", g->empty, g->map, g->ko),
			 EXIT_UNKNOWN);
	assert_non_null(strstr(err, "refusing to load: 103 unknown imports: "));
	assert_int_equal(RUN_IN(r, "load", g->kv, g->sv, g->map, g->ko), EXIT_USAGE);

	/* already there: a module, or built in */
	mkdirs(r, "sys/module/e1000");
	assert_int_equal(RUN_IN(r, "load", "-n", g->sv, g->map, g->ko), EXIT_LOADED);
	assert_non_null(strstr(err, "built-in"));
	put(r, "sys/module/e1000/initstate", "live\n");
	assert_int_equal(RUN_IN(r, "load", "-n", g->sv, g->map, g->ko), EXIT_LOADED);
	assert_non_null(strstr(err, "e1000 is already loaded"));
	snprintf(p, sizeof(p), "%s/sys/module/e1000/initstate", r);
	unlink(p);
	snprintf(p, sizeof(p), "%s/sys/module/e1000", r);
	rmdir(p);

	/* without root */
	assert_int_equal(run_as(r, 65534, (const char *const[]){ "load", "-n", g->sv,
				g->map, g->ko, NULL }), EXIT_PERM);
	assert_non_null(strstr(err, "CAP_SYS_MODULE"));
	assert_int_equal(run_as(r, 65534, (const char *const[]){ "unload", "e1000",
				NULL }), EXIT_PERM);
}

static void test_lockdown(void **state)
{
	char p[600];
	const char *r = g->root;

	(void)state;
	need();
	put(r, "sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	assert_int_equal(RUN_IN(r, "check", g->sv, g->map, g->ko), EXIT_LOCKDOWN);
	assert_non_null(strstr(out, "lockdown integrity"));
	assert_non_null(strstr(out, "loadable: no (the kernel refuses unsigned modules"));
	assert_int_equal(RUN_IN(r, "load", "-n", g->sv, g->map, g->ko), EXIT_LOCKDOWN);
	/* not the running kernel: reported, not held against it */
	assert_int_equal(RUN_IN(r, "check", "--kver=9.9.9", g->sv, g->map, g->ko),
			 EXIT_VERMAGIC);
	put(r, "sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	put(r, "sys/module/module/parameters/sig_enforce", "Y\n");
	assert_int_equal(RUN_IN(r, "check", g->sv, g->map, g->ko), EXIT_LOCKDOWN);
	put(r, "sys/module/module/parameters/sig_enforce", "N\n");
	assert_int_equal(RUN_IN(r, "check", g->sv, g->map, g->ko), EXIT_OK);
	assert_non_null(strstr(out, "lockdown none, sig_enforce N"));
	/* rewritten and signed beforehand: inserted as is, so allowed */
	{
		static const unsigned char sig[12 + 4] = {
			0, 0, 2 /* PKEY_ID_PKCS7 */, 0, 0, 0, 0, 0, 0, 0, 0, 4,
			0x30, 0x82, 0x00, 0x00,
		};
		char o[600];
		FILE *f;

		put(r, "sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
		snprintf(o, sizeof(o), "%s/e1000-sup.ko", r);
		assert_int_equal(RUN("rewrite", g->kv, g->sv, g->map, g->ko, "-o", o), EXIT_OK);
		assert_int_equal(RUN_IN(r, "check", g->sv, g->map, o), EXIT_LOCKDOWN);
		assert_non_null(strstr(out, "sign the output with an enrolled key"));
		f = fopen(o, "a");
		assert_non_null(f);
		fwrite(sig + 12, 1, 4, f);		/* the "signature" */
		fwrite(sig, 1, 12, f);			/* struct module_signature */
		fputs(KMOD_SIG_MARKER, f);
		fclose(f);
		assert_int_equal(RUN_IN(r, "check", g->sv, g->map, o), EXIT_OK);
		assert_non_null(strstr(out, "insert:   as is: nothing to rewrite, the signature is kept"));
		if (geteuid() == 0) {
			assert_int_equal(RUN_IN(r, "load", "-n", g->sv, g->map, o), EXIT_OK);
			assert_non_null(strstr(out, "as is"));
			assert_non_null(strstr(out, "signature kept"));
		}
		/* the original still needs rewriting: refused */
		assert_int_equal(RUN_IN(r, "check", g->sv, g->map, g->ko), EXIT_LOCKDOWN);
		unlink(o);
		snprintf(p, sizeof(p), "%s/sys/kernel/security/lockdown", r);
		unlink(p);
	}
	/* modules disabled: nothing loads */
	put(r, "proc/sys/kernel/modules_disabled", "1\n");
	assert_int_equal(RUN_IN(r, "check", g->sv, g->map, g->ko), EXIT_LOCKDOWN);
	assert_non_null(strstr(out, "loading modules is disabled"));
	put(r, "proc/sys/kernel/modules_disabled", "0\n");
	/* no securityfs: the command line decides */
	snprintf(p, sizeof(p), "%s/sys/kernel/security/lockdown", r);
	unlink(p);
	put(r, "proc/cmdline", "quiet lockdown=confidentiality\n");
	assert_int_equal(RUN_IN(r, "check", g->sv, g->map, g->ko), EXIT_LOCKDOWN);
	snprintf(p, sizeof(p), "%s/proc/cmdline", r);
	unlink(p);
}

static void test_unload(void **state)
{
	int rc;

	(void)state;
	need();
	if (geteuid() != 0) {
		assert_int_equal(RUN("unload", "drvsup_test_no_such_module"), EXIT_PERM);
		return;
	}
	/* a real delete_module() on the host, of a name that cannot exist */
	rc = RUN("unload", "/x/drvsup-test-no-such-module.ko");
	if (rc == EXIT_KERNEL && strstr(err, "no module support")) {
		print_message("host kernel without modules: %s", err);
	} else {
		assert_int_equal(rc, EXIT_NOTLOADED);
		assert_non_null(strstr(err, "drvsup_test_no_such_module is not loaded"));
	}
	assert_int_equal(RUN("unload", ""), EXIT_USAGE);
}

/* status of a running domain, from its isolation files */
static void status_running(const char *r)
{
	mkdirs(r, "sys/kernel/drvsup/rtctest");
	put(r, "sys/kernel/drvsup/rtctest/state", "running\n");
	put(r, "sys/kernel/drvsup/rtctest/faults", "0\n");
	put(r, "sys/kernel/drvsup/rtctest/last_fault", "none\n");
	put(r, "sys/kernel/drvsup/rtctest/crossings", "in 12\nout 30\n");
	put(r, "sys/kernel/drvsup/rtctest/entries", "init 1\nopen 2\nioctl 7\nrelease 2\n");
	put(r, "sys/kernel/drvsup/rtctest/in_flight", "0\n");
	put(r, "sys/kernel/drvsup/rtctest/objects", "kmalloc 2\nirq 1\n");
	put(r, "sys/kernel/drvsup/rtctest/kept", "cdev 1\n");
	put(r, "sys/kernel/drvsup/rtctest/hang_budget_ms", "250\n");

	assert_int_equal(RUN_IN(r, "status", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "rtctest: running\n"));
	assert_non_null(strstr(out, "  crossings:  in 12, out 30 ("));
	assert_non_null(strstr(out, "  entries:    init 1, open 2, ioctl 7, release 2 ("));
	assert_int_equal(RUN_IN(r, "status", "--json", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "\"crossings\":{\"in\":12,\"out\":30},"
				   "\"entries\":{\"init\":1,\"open\":2,\"ioctl\":7,\"release\":2},"));
}

/* the shadow's state: recovered, never recovered, no shadow at all */
static void status_recovery(const char *r)
{
	put(r, "sys/kernel/drvsup/rtctest/recovery", "passive\n");
	put(r, "sys/kernel/drvsup/rtctest/recoveries", "recovered 3\nfailed 1\nattempts 4\n");
	put(r, "sys/kernel/drvsup/rtctest/restart_budget", "5 60000 50\n");
	put(r, "sys/kernel/drvsup/rtctest/phases",
	    "phase last_us total_us\nquiesce 134 402\nrelease 78 234\nreset 18 54\n"
	    "restart 226 678\nreplay 21 63\nresume 21 63\ntotal 712 2100\n"
	    "cold-init 3347 3347\n");
	assert_int_equal(RUN_IN(r, "status", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "\n  recovery:   passive (recovered 3, failed 1, attempts 4)\n"
				   "  last recovery: 0.71 ms (fault -> serving again)\n"
				   "  restart budget: 5 in 60000 ms, backoff 50 ms\n"));
	assert_int_equal(RUN_IN(r, "status", "--json", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "\"hang_budget_ms\":250,\"recovery\":\"passive\","
				   "\"recoveries\":{\"recovered\":3,\"failed\":1,\"attempts\":4},"
				   "\"last_recovery_us\":712,"
				   "\"restart_budget\":{\"max\":5,\"window_ms\":60000,"
				   "\"backoff_ms\":50}}]\n"));
	/* never recovered: no last recovery (phases holds zeros); restarts off */
	put(r, "sys/kernel/drvsup/rtctest/recovery", "off\n");
	put(r, "sys/kernel/drvsup/rtctest/recoveries", "recovered 0\nfailed 0\nattempts 0\n");
	put(r, "sys/kernel/drvsup/rtctest/restart_budget", "0 60000 50\n");
	put(r, "sys/kernel/drvsup/rtctest/phases",
	    "phase last_us total_us\ntotal 0 0\ncold-init 3347 3347\n");
	assert_int_equal(RUN_IN(r, "status", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "  recovery:   off (recovered 0, failed 0, attempts 0)\n"
				   "  last recovery: none\n"
				   "  restart budget: 0 in 60000 ms, backoff 50 ms (restarts off)\n"));
	assert_int_equal(RUN_IN(r, "--json", "status", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "\"recovery\":\"off\",\"recoveries\":{\"recovered\":0,"
				   "\"failed\":0,\"attempts\":0},\"last_recovery_us\":null,"));
	/* a drvsup.ko without shadows: no such lines, nulls in JSON */
	rm(r, "sys/kernel/drvsup/rtctest/recovery");
	rm(r, "sys/kernel/drvsup/rtctest/recoveries");
	rm(r, "sys/kernel/drvsup/rtctest/restart_budget");
	rm(r, "sys/kernel/drvsup/rtctest/phases");
	assert_int_equal(RUN_IN(r, "status", "rtctest"), EXIT_OK);
	assert_null(strstr(out, "recovery"));
	assert_null(strstr(out, "restart budget"));
	assert_int_equal(RUN_IN(r, "status", "--json", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "\"recovery\":null,\"recoveries\":null,"
				   "\"last_recovery_us\":null,\"restart_budget\":null}]\n"));
}

/* status reads a domain's sysfs files: a fake one under the sysroot */
static void test_status(void **state)
{
	const char *r = g->root;

	(void)state;
	if (access(DRVSUP, X_OK))
		skip();
	status_running(r);
	status_recovery(r);

	/* a domain that was never entered, or a drvsup.ko without the file */
	put(r, "sys/kernel/drvsup/rtctest/entries", "");
	assert_int_equal(RUN_IN(r, "status", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "  entries:    none ("));
	assert_int_equal(RUN_IN(r, "status", "--json"), EXIT_OK);
	assert_non_null(strstr(out, "\"entries\":{},"));
	assert_int_equal(RUN_IN(r, "status", "nosuchdriver"), EXIT_NOTLOADED);

	/* NAME after a global option is still NAME (only rtctest shown) */
	mkdirs(r, "sys/kernel/drvsup/aaa");
	put(r, "sys/kernel/drvsup/aaa/state", "running\n");
	assert_int_equal(RUN_IN(r, "--json", "status", "rtctest"), EXIT_OK);
	assert_non_null(strstr(out, "\"name\":\"rtctest\""));
	assert_null(strstr(out, "\"name\":\"aaa\""));
	assert_int_equal(RUN_IN(r, "status"), EXIT_OK);
	assert_non_null(strstr(out, "aaa: running\n"));
	rm(r, "sys/kernel/drvsup/aaa/state");
	rm(r, "sys/kernel/drvsup/aaa");
}

/* latency's command line, and what --dry-run says it would do */
static void latency_usage(const char *r)
{
	assert_int_equal(RUN("latency", "--help"), EXIT_OK);
	assert_non_null(strstr(out, "--faults N"));
	assert_non_null(strstr(out, "rtctest (/dev/rtctest, --at rtct_ioctl)"));
	assert_int_equal(RUN_IN(r, "latency"), EXIT_USAGE);
	assert_int_equal(RUN_IN(r, "latency", "rtctest"), EXIT_USAGE);
	assert_non_null(strstr(err, "needs --faults N and --kind KIND"));
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "0", "-k", "oops"), EXIT_USAGE);
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "3x", "-k", "oops"), EXIT_USAGE);
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "3", "-k", "boom"), EXIT_USAGE);
	assert_non_null(strstr(err, "--kind: oops, gpf, bug, div0 or while1, not 'boom'"));
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "3", "-k", "oops", "-i", "20"),
			 EXIT_USAGE);
	assert_non_null(strstr(err, "at least 70"));
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "3", "-k", "oops", "--at",
				"a b"), EXIT_USAGE);
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "extra", "-f", "3", "-k", "oops"),
			 EXIT_USAGE);

	/* where: known defaults, and options after the name */
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "--faults", "3", "--kind", "while1",
				"--dry-run"), EXIT_OK);
	assert_non_null(strstr(out, "would inject 3 while1 faults at rtctest:rtct_ioctl,"));
	assert_non_null(strstr(out, "ioctl 0x80247009 on /dev/rtctest\n"));
	assert_int_equal(RUN_IN(r, "--json", "latency", "rtctest", "-f", "2", "-k", "oops",
				"--at", "rtct_read+0x4", "--ioctl", "0x7001", "-n"), EXIT_OK);
	assert_string_equal(out, "{\"driver\":\"rtctest\",\"dev\":\"/dev/rtctest\","
			    "\"at\":\"rtct_read+0x4\",\"kind\":\"oops\",\"mode\":null,"
			    "\"ioctl\":\"0x7001\",\"faults\":2,\"dry_run\":true}\n");
	/* --mode: one of three, named in the dry run's JSON */
	assert_int_equal(RUN_IN(r, "--json", "latency", "rtctest", "-f", "2", "-k", "oops",
				"--mode", "both", "-n"), EXIT_OK);
	assert_non_null(strstr(out, "\"mode\":\"both\""));
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "2", "-k", "oops",
				"--mode", "warm", "-n"), EXIT_USAGE);
}

/* refusals; a driver without defaults: --at needed, the node derived or given */
static void latency_refusals(const char *r)
{
	assert_int_equal(RUN_IN("/nonexistent-root", "latency", "rtctest", "-f", "1", "-k",
				"oops"), EXIT_NOCORE);
	assert_int_equal(RUN_IN(r, "latency", "nosuch", "-f", "1", "-k", "oops"),
			 EXIT_NOTLOADED);
	mkdirs(r, "sys/kernel/drvsup/e1000");
	put(r, "sys/kernel/drvsup/e1000/kept",
	    "netdev 1\nnetdev-registration 1\npci-driver 1\npci-enable 1\n");
	assert_int_equal(RUN_IN(r, "latency", "e1000", "-f", "1", "-k", "oops", "--at",
				"e1000_xmit_frame"), EXIT_USAGE);
	assert_non_null(strstr(err, "give --peer HOST:PORT"));

	mkdirs(r, "sys/kernel/drvsup/foo");
	put(r, "sys/kernel/drvsup/foo/kept", "cdev 1\nchrdev-region 1\n");
	assert_int_equal(RUN_IN(r, "latency", "foo", "-f", "1", "-k", "oops", "-n"), EXIT_USAGE);
	assert_non_null(strstr(err, "foo: no default fault site: give --at SYMBOL"));
	assert_int_equal(RUN_IN(r, "latency", "foo", "-f", "1", "-k", "oops", "--at", "foo_ioctl",
				"-n"), EXIT_USAGE);
	assert_non_null(strstr(err, "cannot tell foo's device node"));
	mkdirs(r, "proc");
	put(r, "proc/devices", "Character devices:\n  1 mem\n240 foo\n241 bar\n\n"
			       "Block devices:\n  7 loop\n242 foo\n");
	mkdirs(r, "sys/dev/char/1:3");
	put(r, "sys/dev/char/1:3/uevent", "MAJOR=1\nMINOR=3\nDEVNAME=null\n");
	mkdirs(r, "sys/dev/char/241:0");
	put(r, "sys/dev/char/241:0/uevent", "MAJOR=241\nMINOR=0\nDEVNAME=bar0\n");
	mkdirs(r, "sys/dev/char/240:0");
	put(r, "sys/dev/char/240:0/uevent", "MAJOR=240\nMINOR=0\nDEVNAME=foo/ctl\n");
	assert_int_equal(RUN_IN(r, "latency", "foo", "-f", "1", "-k", "oops", "--at", "foo_ioctl",
				"-n"), EXIT_OK);
	assert_non_null(strstr(out, "on /dev/foo/ctl (derived)\n"));
	mkdirs(r, "sys/dev/char/240:1");
	put(r, "sys/dev/char/240:1/uevent", "MAJOR=240\nMINOR=1\nDEVNAME=foo1\n");
	assert_int_equal(RUN_IN(r, "latency", "foo", "-f", "1", "-k", "oops", "--at", "foo_ioctl",
				"-n"), EXIT_USAGE);
	assert_non_null(strstr(err, "foo has 2 device nodes"));
	assert_non_null(strstr(err, "pick one with --dev"));
	assert_int_equal(RUN_IN(r, "latency", "foo", "-f", "1", "-k", "oops", "--at", "foo_ioctl",
				"--dev", "/dev/foo1", "-n"), EXIT_OK);
	assert_non_null(strstr(out, "on /dev/foo1\n"));
}

/* before anything is written: root, debugfs, no armed points, running */
static void latency_before_writing(const char *r)
{
	const char *const unpriv[] = { "latency", "rtctest", "-f", "1", "-k", "oops", NULL };

	if (geteuid() != 0) {
		assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "1", "-k", "oops"), EXIT_PERM);
		return;
	}
	assert_int_equal(run_as(r, 65534, unpriv), EXIT_PERM);
	assert_non_null(strstr(err, "latency needs root"));
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "1", "-k", "oops"), EXIT_FAIL);
	assert_non_null(strstr(err, "is debugfs mounted"));
	mkdirs(r, "sys/kernel/debug/drvsup");
	put(r, "sys/kernel/debug/drvsup/crashpoint",
	    "rtctest:rtct_read+0x0 oops nth=1 times=1 hits=0 fired=0\n");
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "1", "-k", "oops"), EXIT_BUSY);
	assert_non_null(strstr(err, "crash points are armed already"));
	put(r, "sys/kernel/debug/drvsup/crashpoint", "");
	put(r, "sys/kernel/drvsup/rtctest/state", "dead\n");
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "1", "-k", "oops"), EXIT_FAIL);
	assert_non_null(strstr(err, "rtctest is dead, not running: "
				   "echo 1 >/sys/kernel/drvsup/rtctest/reset first\n"));
	put(r, "sys/kernel/drvsup/rtctest/state", "running\n");
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "1", "-k", "oops"),
			 EXIT_UNSUPPORTED);
	assert_non_null(strstr(err, "no shadow"));
	/* the workload's call is tried before any fault: /dev/null has no RTC */
	put(r, "sys/kernel/drvsup/rtctest/restart_budget", "5 60000 50\n");
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "1", "-k", "oops", "--dev",
				"/dev/null"), EXIT_USAGE);
	assert_non_null(strstr(err, "fails before any fault"));
	assert_int_equal(RUN_IN(r, "latency", "rtctest", "-f", "1", "-k", "oops", "--dev",
				DRVSUP_TOP "/README.md"), EXIT_USAGE);
	assert_non_null(strstr(err, "not a char device"));
	/* nothing was written */
	{
		char p[600], buf[64];

		snprintf(p, sizeof(p), "%s/sys/kernel/drvsup/rtctest/restart_budget", r);
		slurp(p, buf, sizeof(buf));
		assert_string_equal(buf, "5 60000 50\n");
	}
}

/*
 * latency: what can be checked without a kernel: the command line, the
 * refusals, where the device node comes from (--dry-run), and, as root,
 * the checks before anything is written.
 */
static void test_latency(void **state)
{
	char r[128];

	(void)state;
	if (access(DRVSUP, X_OK))
		skip();
	/* a sysroot of its own, whatever test_status left */
	snprintf(r, sizeof(r), "%s/latency", g->root);
	mkdirs(g->root, "latency");
	mkdirs(r, "sys/kernel/drvsup/rtctest");
	put(r, "sys/kernel/drvsup/rtctest/state", "running\n");
	put(r, "sys/kernel/drvsup/rtctest/kept", "cdev 1\nchrdev-region 1\nclass 1\ndevice 1\n");
	latency_usage(r);
	latency_refusals(r);
	latency_before_writing(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_inject_bit),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_data_dir),
		cmocka_unit_test(test_dkms_symvers),
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_load_dry_run),
		cmocka_unit_test(test_lockdown),
		cmocka_unit_test(test_unload),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_latency),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

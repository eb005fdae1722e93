// SPDX-License-Identifier: GPL-2.0
/*
 * btf.c - the target kernel's BTF: finding it (vmlinux and module split
 * BTF), printing an import's prototype, and suggesting the import-table
 * class it needs (btf.h).
 *
 * The suggestion is mechanical and says what it rests on: a parameter that
 * is a function pointer, or points to a struct with function-pointer
 * members, makes the import callback-taking, never pass-through; a verb
 * pair in the name found in BTF (alloc/free, request/release, map/unmap,
 * register/unregister ...) makes it acquire/release; lock names make it a
 * lock; a symbol with no FUNC record is data. BTF says nothing about
 * sleeping or ownership: a person confirms the line before adding it.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include <bpf/btf.h>

#include "btf.h"

struct kbtf_mod {
	char name[64];
	struct btf *btf;	/* NULL: no BTF for it */
};

/* ------------------------------------------------------------------ */
/* Finding vmlinux BTF                                                 */

static int read_file(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !(*buf = malloc(st.st_size ? st.st_size : 1))) {
		close(fd);
		return -ENOMEM;
	}
	r = read(fd, *buf, st.st_size);
	close(fd);
	if (r != st.st_size) {
		free(*buf);
		return -EIO;
	}
	*len = st.st_size;
	return 0;
}

/* Grow *out to hold at least need bytes. */
static bool grow(unsigned char **out, size_t *cap, size_t need)
{
	unsigned char *p;

	if (need <= *cap)
		return true;
	p = realloc(*out, need * 2);
	if (!p)
		return false;
	*out = p;
	*cap = need * 2;
	return true;
}

static bool xz_unpack(const unsigned char *in, size_t len, unsigned char **out,
		      size_t *outlen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret r = LZMA_MEM_ERROR;

	*out = NULL;
	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return false;
	s.next_in = in;
	s.avail_in = len;
	do {
		if (!grow(out, &cap, s.total_out + (32 << 20)))
			break;
		s.next_out = *out + s.total_out;
		s.avail_out = cap - s.total_out;
		r = lzma_code(&s, LZMA_FINISH);
	} while (r == LZMA_OK || r == LZMA_BUF_ERROR);
	*outlen = s.total_out;
	lzma_end(&s);
	return r == LZMA_STREAM_END;
}

static bool gz_unpack(const unsigned char *in, size_t len, unsigned char **out,
		      size_t *outlen)
{
	z_stream s = { 0 };
	size_t cap = 0;
	int r = Z_OK;

	*out = NULL;
	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return false;
	s.next_in = (unsigned char *)in;
	s.avail_in = len > UINT32_MAX ? UINT32_MAX : len;
	while (r == Z_OK) {
		if (!grow(out, &cap, s.total_out + (32 << 20)))
			break;
		s.next_out = *out + s.total_out;
		s.avail_out = cap - s.total_out;
		r = inflate(&s, Z_NO_FLUSH);
	}
	*outlen = s.total_out;
	inflateEnd(&s);
	return r == Z_STREAM_END;
}

/* The .BTF section of an ELF image in memory, as a new struct btf. */
static struct btf *btf_from_elf_image(unsigned char *img, size_t len)
{
	struct btf *btf = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *e;

	elf_version(EV_CURRENT);
	e = elf_memory((char *)img, len);
	if (!e || elf_getshdrstrndx(e, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			break;
		n = elf_strptr(e, shstrndx, sh.sh_name);
		if (!n || strcmp(n, ".BTF"))
			continue;
		d = elf_getdata(scn, NULL);
		if (d && d->d_size)
			btf = btf__new(d->d_buf, d->d_size);
		break;
	}
out:
	if (e)
		elf_end(e);
	return btf;
}

typedef bool (*unpack_fn)(const unsigned char *, size_t, unsigned char **,
			  size_t *);

/* A bzImage holds the ELF kernel as one compressed stream: find it. */
static struct btf *btf_from_bzimage(const char *path, char *err, size_t errlen)
{
	static const struct {
		const char *magic;
		size_t len;
		unpack_fn unpack;
	} fmts[] = {
		{ "\xfd" "7zXZ\0", 6, xz_unpack },
		{ "\x1f\x8b\x08", 3, gz_unpack },
	};
	unsigned char *img = NULL, *out;
	struct btf *btf = NULL;
	size_t len = 0, outlen, i, at;
	int rc = read_file(path, &img, &len);

	if (rc) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-rc));
		return NULL;
	}
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]) && !btf; i++) {
		for (at = 0; at + fmts[i].len <= len && !btf; at++) {
			if (memcmp(img + at, fmts[i].magic, fmts[i].len))
				continue;
			if (fmts[i].unpack(img + at, len - at, &out, &outlen) &&
			    outlen > 4 && !memcmp(out, "\177ELF", 4))
				btf = btf_from_elf_image(out, outlen);
			free(out);
		}
	}
	free(img);
	if (!btf)
		snprintf(err, errlen, "no ELF kernel with BTF found in %s", path);
	return btf;
}

static bool is_running(const char *kver)
{
	struct utsname u;

	return uname(&u) == 0 && !strcmp(u.release, kver);
}

int kbtf_open(struct kbtf *k, const char *kver, const char *btf_path,
	      char *err, size_t errlen)
{
	memset(k, 0, sizeof(*k));
	snprintf(k->kver, sizeof(k->kver), "%s", kver);
	if (!btf_path && is_running(kver))
		btf_path = "/sys/kernel/btf/vmlinux";
	if (btf_path) {
		/* libbpf 1.x: NULL and errno on error */
		k->vmlinux = btf__parse(btf_path, NULL);
		if (!k->vmlinux) {
			snprintf(err, errlen, "cannot read BTF from %s", btf_path);
			return -1;
		}
		snprintf(k->from, sizeof(k->from), "%s", btf_path);
		return 0;
	}
	snprintf(k->from, sizeof(k->from), "/boot/vmlinuz-%s", kver);
	k->vmlinux = btf_from_bzimage(k->from, err, errlen);
	return k->vmlinux ? 0 : -1;
}

void kbtf_close(struct kbtf *k)
{
	size_t i;

	for (i = 0; i < k->nmods; i++)
		btf__free(k->mods[i].btf);
	free(k->mods);
	btf__free(k->vmlinux);
	memset(k, 0, sizeof(*k));
}

/* ------------------------------------------------------------------ */
/* Module BTF: who exports a symbol, and that module's split BTF        */

/* "alias symbol:NAME MODULE" in modules.symbols; "" if not found. */
static void exporter_of(const struct kbtf *k, const char *name, char *mod,
			size_t n)
{
	char path[512], line[512], want[300];
	FILE *f;

	mod[0] = 0;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.symbols", k->kver);
	snprintf(want, sizeof(want), "alias symbol:%s ", name);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, want, strlen(want)))
			continue;
		snprintf(mod, n, "%s", line + strlen(want));
		mod[strcspn(mod, "\n")] = 0;
		break;
	}
	fclose(f);
}

/* Path of module MOD from modules.dep ('-' and '_' are the same). */
static bool module_path(const struct kbtf *k, const char *mod, char *out,
			size_t n)
{
	char path[512], line[700], *colon, *base;
	bool found = false;
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", k->kver);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		for (i = 0; mod[i] && base[i]; i++)
			if (mod[i] != base[i] &&
			    !(strchr("-_", mod[i]) && strchr("-_", base[i])))
				break;
		found = !mod[i] && !strcmp(base + i, ".ko");
		if (found)
			snprintf(out, n, "/lib/modules/%s/%s", k->kver, line);
	}
	fclose(f);
	return found;
}

static struct btf *module_btf(struct kbtf *k, const char *mod)
{
	struct kbtf_mod *m;
	char path[1024];
	size_t i;

	for (i = 0; i < k->nmods; i++)
		if (!strcmp(k->mods[i].name, mod))
			return k->mods[i].btf;
	m = realloc(k->mods, (k->nmods + 1) * sizeof(*m));
	if (!m)
		return NULL;
	k->mods = m;
	m = &k->mods[k->nmods++];
	snprintf(m->name, sizeof(m->name), "%s", mod);
	m->btf = NULL;
	if (module_path(k, mod, path, sizeof(path))) {
		m->btf = btf__parse_split(path, k->vmlinux);
	}
	return m->btf;
}

/* ------------------------------------------------------------------ */
/* Prototypes                                                          */

struct sbuf {
	char *p;
	size_t n, len;
};

static void sbuf_vprintf(void *ctx, const char *fmt, va_list ap)
{
	struct sbuf *b = ctx;
	int r;

	if (b->len >= b->n)
		return;
	r = vsnprintf(b->p + b->len, b->n - b->len, fmt, ap);
	if (r > 0)
		b->len += r;
	if (b->len >= b->n)
		b->len = b->n - 1;
}

static void emit_decl(struct btf_dump *d, __u32 id, const char *name)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = name);

	btf_dump__emit_type_decl(d, id, &o);
}

static void format_proto(const struct btf *btf, const struct btf_type *fn,
			 const char *name, char *out, size_t n)
{
	const struct btf_type *proto = btf__type_by_id(btf, fn->type);
	struct sbuf b = { out, n, 0 };
	const struct btf_param *p = btf_params(proto);
	struct btf_dump *d;
	int i, vlen = btf_vlen(proto);

	out[0] = 0;
	d = btf_dump__new(btf, sbuf_vprintf, &b, NULL);
	if (!d)
		return;
	emit_decl(d, proto->type, name);
	b.len += snprintf(b.p + b.len, b.n - b.len, "(");
	for (i = 0; i < vlen && b.len < n - 1; i++) {
		if (i)
			b.len += snprintf(b.p + b.len, b.n - b.len, ", ");
		if (!p[i].type) {
			b.len += snprintf(b.p + b.len, b.n - b.len, "...");
			continue;
		}
		emit_decl(d, p[i].type, btf__name_by_offset(btf, p[i].name_off));
	}
	if (b.len < n - 1)
		snprintf(b.p + b.len, b.n - b.len, "%s)", vlen ? "" : "void");
	btf_dump__free(d);
}

/* ------------------------------------------------------------------ */
/* Prototypes as C, for tools/gen/wrapgen.c                            */

static const struct btf_type *strip(const struct btf *btf, __u32 *id);

/* DWARF's names of the integer types, as kernel code spells them. */
static void kernel_int_names(char *s)
{
	static const char *const from[][2] = {
		{ "long long unsigned int", "unsigned long long" },
		{ "long unsigned int", "unsigned long" },
		{ "short unsigned int", "unsigned short" },
		{ "long long int", "long long" },
		{ "long int", "long" },
		{ "short int", "short" },
	};
	size_t i, fl, tl;
	char *p;

	for (i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		fl = strlen(from[i][0]);
		tl = strlen(from[i][1]);
		while ((p = strstr(s, from[i][0]))) {
			memcpy(p, from[i][1], tl);
			memmove(p + tl, p + fl, strlen(p + fl) + 1);
		}
	}
}

static void type_text(const struct btf *btf, __u32 id, const char *name,
		      char *out, size_t n)
{
	struct sbuf b = { out, n, 0 };
	struct btf_dump *d = btf_dump__new(btf, sbuf_vprintf, &b, NULL);

	out[0] = 0;
	if (!d)
		return;
	emit_decl(d, id, name);
	btf_dump__free(d);
	kernel_int_names(out);
}

int kbtf_fn(struct kbtf *k, const char *name, struct kbtf_fn *fn)
{
	const struct btf *btf = k->vmlinux;
	const struct btf_type *t, *proto, *r;
	const struct btf_param *p;
	__s32 id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -1;
	__u32 rid;
	int i;

	memset(fn, 0, sizeof(*fn));
	if (id <= 0)
		return -1;
	t = btf__type_by_id(btf, id);
	proto = btf__type_by_id(btf, t->type);
	p = btf_params(proto);
	if (btf_vlen(proto) > KBTF_MAXPARAMS)
		return -1;
	rid = proto->type;
	fn->ret_void = !rid;
	r = rid ? strip(btf, &rid) : NULL;
	fn->ret_ptr = r && btf_is_ptr(r);
	if (proto->type)
		type_text(btf, proto->type, "", fn->ret, sizeof(fn->ret));
	else
		snprintf(fn->ret, sizeof(fn->ret), "void");
	for (i = 0; i < btf_vlen(proto); i++) {
		char an[8];

		if (!p[i].type) {
			fn->variadic = true;
			break;
		}
		snprintf(an, sizeof(an), "a%d", i);
		type_text(btf, p[i].type, "", fn->type[i], sizeof(fn->type[i]));
		type_text(btf, p[i].type, an, fn->decl[i], sizeof(fn->decl[i]));
		fn->nparams++;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Classes                                                             */

static const struct btf_type *strip(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static bool is_fnptr(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = strip(btf, &id);

	if (!t || !btf_is_ptr(t))
		return false;
	id = t->type;
	t = strip(btf, &id);
	return t && btf_is_func_proto(t);
}

/* Append the function-pointer members of struct ID (and of structs it
 * embeds, not points to) to out; return how many; *all counts members. */
static int fnptr_fields(const struct btf *btf, __u32 id, char *out, size_t n,
			int depth, int *all)
{
	const struct btf_type *t = strip(btf, &id);
	const struct btf_member *m;
	int i, found = 0;

	if (!t || !btf_is_composite(t) || depth > 2)
		return 0;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++) {
		const char *mn = btf__name_by_offset(btf, m[i].name_off);
		size_t len = strlen(out);

		(*all)++;
		if (is_fnptr(btf, m[i].type)) {
			found++;
			if (len + strlen(mn) + 2 < n)
				snprintf(out + len, n - len, "%s%s", len ? "," : "", mn);
		} else {
			found += fnptr_fields(btf, m[i].type, out, n, depth + 1, all);
		}
	}
	return found;
}

/*
 * A struct in which at least one member in CARRIER_SHARE is a function
 * pointer is a callback carrier (timer_list, tasklet_struct, work_struct,
 * mii_if_info, an ops table); one with fewer is a kernel object that
 * happens to hold some (sk_buff's destructor, net_device's
 * priv_destructor), which the driver does not hand over through every
 * call that takes it.
 */
#define CARRIER_SHARE 12

enum cb_strength { CB_DIRECT, CB_CARRIER, CB_OBJECT };

/* Does parameter type ID carry code into the kernel, as strong as s?
 * fields: which members. */
static bool takes_callback(const struct btf *btf, __u32 id, enum cb_strength s,
			   char *fields, size_t n)
{
	const struct btf_type *t;
	int found, all = 0;

	fields[0] = 0;
	if (is_fnptr(btf, id))
		return true;
	t = strip(btf, &id);
	if (s == CB_DIRECT || !t || !btf_is_ptr(t))
		return false;
	id = t->type;
	t = strip(btf, &id);
	if (!t || !btf_is_composite(t))
		return false;
	found = fnptr_fields(btf, id, fields, n, 0, &all);
	return found && (s == CB_OBJECT || found * CARRIER_SHARE >= all);
}

bool btf_name_is_lock(const char *name)
{
	static const char *const words[] = {
		"lock", "unlock", "trylock", "mutex", "spinlock", "rwlock",
	};
	char buf[128], *tok, *save = NULL;
	size_t i;

	/* The semaphore calls are bare verbs. */
	if (!strcmp(name, "up") || !strncmp(name, "down", 4))
		return true;
	snprintf(buf, sizeof(buf), "%s", name);
	for (tok = strtok_r(buf, "_", &save); tok; tok = strtok_r(NULL, "_", &save))
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strcmp(tok, words[i]))
				return true;
	return false;
}

static const struct {
	const char *acquire, *release;
} verb_pairs[] = {
	{ "alloc", "free" }, { "request", "release" }, { "request", "free" },
	{ "register", "unregister" }, { "create", "destroy" },
	{ "map", "unmap" }, { "get", "put" }, { "enable", "disable" },
	{ "add", "del" }, { "add", "remove" }, { "setup", "teardown" },
	{ "iomap", "iounmap" }, { "ioremap", "iounmap" }, { "kmalloc", "kfree" },
	{ "start", "stop" }, { "init", "exit" },
};

#define NPAIRS (sizeof(verb_pairs) / sizeof(verb_pairs[0]))

/* The verb of verb_pairs that occurs as a '_'-separated word of name. */
static const char *word_at(const char *name, const char *word)
{
	size_t wl = strlen(word);
	const char *p = name;

	while ((p = strstr(p, word))) {
		bool start = p == name || p[-1] == '_';
		bool end = !p[wl] || p[wl] == '_';

		if (start && end)
			return p;
		p += wl;
	}
	return NULL;
}

const char *btf_name_verb(const char *name, bool *acquire)
{
	size_t i;

	for (i = 0; i < NPAIRS; i++) {
		if (word_at(name, verb_pairs[i].release)) {
			*acquire = false;
			return verb_pairs[i].release;
		}
		if (word_at(name, verb_pairs[i].acquire)) {
			*acquire = true;
			return verb_pairs[i].acquire;
		}
	}
	return NULL;
}

/* Candidate partner names of name, one per call (idx from 0); false when
 * there are no more. */
static bool partner_name(const char *name, size_t idx, char *out, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < NPAIRS; i++) {
		const char *from[2] = { verb_pairs[i].acquire, verb_pairs[i].release };
		int dir;

		for (dir = 0; dir < 2; dir++) {
			const char *at = word_at(name, from[dir]);

			if (!at || k++ != idx)
				continue;
			snprintf(out, n, "%.*s%s%s", (int)(at - name), name,
				 from[!dir], at + strlen(from[dir]));
			return true;
		}
	}
	return false;
}

bool btf_release_name(const char *name, char *out, size_t n)
{
	bool acq;

	if (!btf_name_verb(name, &acq) || !acq)
		return false;
	return partner_name(name, 0, out, n);
}

static bool has_func(const struct btf *btf, const char *name)
{
	return btf && btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0;
}

/* A partner of name that BTF knows, or false. */
static bool known_partner(const struct btf *btf, const char *name, char *out,
			  size_t n)
{
	size_t idx;

	for (idx = 0; partner_name(name, idx, out, n); idx++)
		if (has_func(btf, out))
			return true;
	return false;
}

static bool hint_callback(struct import_hint *h, const struct btf *btf,
			  const char *name, const struct btf_type *proto,
			  enum cb_strength s)
{
	static const char *const what[] = {
		[CB_DIRECT] = "is a function pointer",
		[CB_CARRIER] = "points to a struct of function pointers",
		[CB_OBJECT] = "points to a kernel object with function-pointer "
			      "members: review",
	};
	const struct btf_param *p = btf_params(proto);
	char fields[160];
	int i;

	for (i = 0; i < btf_vlen(proto); i++) {
		if (!p[i].type || !takes_callback(btf, p[i].type, s, fields, sizeof(fields)))
			continue;
		/* No generated class gates code yet: a custom wrapper does. */
		h->cls = "callback";
		snprintf(h->line, sizeof(h->line),
			 "%s custom FILE.c  # callback: arg%d%s%s becomes a gate", name, i,
			 fields[0] ? " fields=" : "", fields);
		snprintf(h->why, sizeof(h->why), "parameter %d (%s) %s", i,
			 btf__name_by_offset(btf, p[i].name_off),
			 fields[0] ? what[s] : what[CB_DIRECT]);
		return true;
	}
	return false;
}

/* Where an acquired object is named: the pointer returned, else arg 0. */
static const char *key_of(const struct btf *btf, const struct btf_type *proto)
{
	__u32 id = proto->type;
	const struct btf_type *r = strip(btf, &id);

	return r && btf_is_ptr(r) ? "ret" : "arg0";
}

static void hint_by_name(struct import_hint *h, const struct btf *btf,
			 const char *name, const struct btf_type *proto)
{
	char partner[128];
	bool acq;

	if (btf_name_is_lock(name)) {
		const char *un = strstr(name, "unlock");

		h->cls = "lock";
		snprintf(partner, sizeof(partner), "%.*s%s", un ? (int)(un - name) :
			 (int)strlen(name), name, un ? un + 2 : "");
		snprintf(h->line, sizeof(h->line), "%s %s %s key=arg0", name,
			 un ? "unlock" : "lock", partner);
		snprintf(h->why, sizeof(h->why), "a lock by its name");
		return;
	}
	if (!btf_name_verb(name, &acq) || !known_partner(btf, name, partner, sizeof(partner)))
		return;
	h->cls = acq ? "acquire" : "release";
	if (acq)
		snprintf(h->line, sizeof(h->line),
			 "%s acquire %s key=%s  # type %s release=%s(key)", name, name,
			 key_of(btf, proto), name, partner);
	else
		snprintf(h->line, sizeof(h->line), "%s release %s key=arg0", name,
			 partner);
	snprintf(h->why, sizeof(h->why), "%s pairs with %s in BTF", name, partner);
}

void kbtf_hint(struct kbtf *k, const char *name, bool maybe_data,
	       struct import_hint *h)
{
	const struct btf *btf = k->vmlinux;
	const struct btf_type *fn, *proto;
	__s32 id = -1;

	memset(h, 0, sizeof(*h));
	snprintf(h->exporter, sizeof(h->exporter), "vmlinux");
	if (btf)
		id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id <= 0) {
		exporter_of(k, name, h->exporter, sizeof(h->exporter));
		btf = h->exporter[0] ? module_btf(k, h->exporter) : NULL;
		id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -1;
		if (!h->exporter[0])
			snprintf(h->exporter, sizeof(h->exporter), "vmlinux");
	}
	if (id <= 0 && maybe_data) {
		h->cls = "data";
		snprintf(h->line, sizeof(h->line), "%s data", name);
		snprintf(h->why, sizeof(h->why),
			 "no FUNC record, and the module reads it or takes its address: an object");
		return;
	}
	if (id <= 0) {
		h->cls = "unknown";
		snprintf(h->line, sizeof(h->line), "# %s: no prototype", name);
		snprintf(h->why, sizeof(h->why),
			 "no FUNC record in %s BTF%s", h->exporter,
			 strcmp(h->exporter, "vmlinux") ? "" :
			 " (assembly, or a module's export not found in modules.symbols)");
		return;
	}
	h->found = true;
	fn = btf__type_by_id(btf, id);
	proto = btf__type_by_id(btf, fn->type);
	format_proto(btf, fn, name, h->proto, sizeof(h->proto));
	/* Strongest evidence first: code handed over, a pair, a carrier. */
	if (!hint_callback(h, btf, name, proto, CB_DIRECT))
		hint_by_name(h, btf, name, proto);
	if (!h->cls && !hint_callback(h, btf, name, proto, CB_CARRIER))
		hint_callback(h, btf, name, proto, CB_OBJECT);
	if (!h->cls) {
		h->cls = "pass";
		snprintf(h->line, sizeof(h->line), "%s pass", name);
		snprintf(h->why, sizeof(h->why),
			 "no callback and no pair in its name: review its side effects");
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * bpfev.c - load drvsup's BPF program (skeleton from bpf/drvsup.bpf.c),
 * check that drvsup's tracepoint records are laid out as it reads them,
 * attach it, and read its ring buffer and maps (bpfev.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfev.h"
#include "drvsup.skel.h"

struct bpfev {
	struct drvsup_bpf *skel;
	struct ring_buffer *rb;
	bpfev_fn fn;
	void *ctx;
};

/* Offsets of the fields bpf/drvsup.bpf.c reads (struct tp_fault, tp_phase). */
static const struct field {
	const char *event, *name;
	int offset;
} fields[] = {
	{ "contained_fault", "driver", 8 },
	{ "contained_fault", "kind", 12 },
	{ "contained_fault", "ep", 16 },
	{ "contained_fault", "where", 20 },
	{ "contained_fault", "ip", 24 },
	{ "contained_fault", "addr", 32 },
	{ "recovery_phase", "driver", 8 },
	{ "recovery_phase", "phase", 12 },
	{ "recovery_phase", "ns", 16 },
	{ "recovery_phase", "attempt", 24 },
	{ "recovery_done", "driver", 8 },
	{ "recovery_done", "result", 12 },
	{ "recovery_done", "ns", 16 },
	{ "recovery_done", "attempt", 24 },
};

static const char *const tracefs[] = {
	"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
};

/* libbpf's own messages: only with DRVSUP_BPF_DEBUG set. */
static int libbpf_msg(enum libbpf_print_level level, const char *fmt,
		      va_list ap)
{
	(void)level;
	if (!getenv("DRVSUP_BPF_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* The offset of field @name in @event's format file; -1 if absent. */
static int field_offset(const char *event, const char *name, bool *noevent)
{
	char path[256], line[256], want[64];
	int off = -1;
	size_t i;
	FILE *f = NULL;

	for (i = 0; i < sizeof(tracefs) / sizeof(tracefs[0]) && !f; i++) {
		snprintf(path, sizeof(path), "%s/events/drvsup/%s/format",
			 tracefs[i], event);
		f = fopen(path, "r");
	}
	if (!f) {
		*noevent = true;
		return -1;
	}
	/* "\tfield:__data_loc char[] driver;\toffset:8;\tsize:4;..." */
	snprintf(want, sizeof(want), " %s;", name);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, want), *o = strstr(line, "offset:");

		if (strstr(line, "field:") && p && o && p < o)
			off = atoi(o + 7);
	}
	fclose(f);
	return off;
}

static int check_layout(enum bpfev_err *err, char *why, size_t len)
{
	bool noevent = false;
	size_t i;
	int off;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		off = field_offset(fields[i].event, fields[i].name, &noevent);
		if (noevent) {
			*err = BPFEV_NOCORE;
			snprintf(why, len, "no drvsup:%s event in tracefs (drvsup.ko not loaded?)",
				 fields[i].event);
			return -1;
		}
		if (off != fields[i].offset) {
			*err = BPFEV_LAYOUT;
			snprintf(why, len, "drvsup:%s: field %s at offset %d, the BPF program reads it at %d",
				 fields[i].event, fields[i].name, off,
				 fields[i].offset);
			return -1;
		}
	}
	return 0;
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct bpfev *b = ctx;

	if (size < sizeof(struct dt_event))
		return 0;
	return b->fn ? b->fn(b->ctx, data) : 0;
}

static void why_errno(char *why, size_t len, const char *what, int e)
{
	if (e == ENOSYS)
		snprintf(why, len, "%s: no bpf() in this kernel (CONFIG_BPF_SYSCALL=n)",
			 what);
	else
		snprintf(why, len, "%s: %s", what, strerror(e));
}

struct bpfev *bpfev_open(const char *driver, enum bpfev_err *err, char *why,
			 size_t len)
{
	struct bpfev *b = calloc(1, sizeof(*b));
	int e;

	libbpf_set_print(libbpf_msg);
	*err = BPFEV_NOBPF;
	if (!b) {
		why_errno(why, len, "memory", ENOMEM);
		return NULL;
	}
	b->skel = drvsup_bpf__open();
	if (!b->skel) {
		why_errno(why, len, "opening the program", errno);
		goto fail;
	}
	if (driver)
		snprintf((char *)b->skel->rodata->filter,
			 sizeof(b->skel->rodata->filter), "%s", driver);
	e = drvsup_bpf__load(b->skel);
	if (e) {
		why_errno(why, len, "loading the program", -e);
		goto fail;
	}
	if (check_layout(err, why, len))
		goto fail;
	e = drvsup_bpf__attach(b->skel);
	if (e) {
		why_errno(why, len, "attaching the program", -e);
		goto fail;
	}
	b->rb = ring_buffer__new(bpf_map__fd(b->skel->maps.events), on_sample,
				 b, NULL);
	if (!b->rb) {
		why_errno(why, len, "the ring buffer", errno);
		goto fail;
	}
	return b;
fail:
	bpfev_close(b);
	return NULL;
}

int bpfev_poll(struct bpfev *b, int ms, bpfev_fn fn, void *ctx)
{
	b->fn = fn;
	b->ctx = ctx;
	return ring_buffer__poll(b->rb, ms);
}

int bpfev_hists(struct bpfev *b, bpfev_hist_fn fn, void *ctx)
{
	int fd = bpf_map__fd(b->skel->maps.hists);
	struct dt_hist_key k, *prev = NULL;
	struct dt_hist h;

	while (!bpf_map_get_next_key(fd, prev, &k)) {
		if (!bpf_map_lookup_elem(fd, &k, &h))
			fn(ctx, &k, &h);
		prev = &k;
	}
	return errno == ENOENT ? 0 : -errno;
}

int bpfev_gates(struct bpfev *b, bpfev_gate_fn fn, void *ctx)
{
	int fd = bpf_map__fd(b->skel->maps.gates);
	struct dt_gate_key k, *prev = NULL;
	__u64 n;

	while (!bpf_map_get_next_key(fd, prev, &k)) {
		if (!bpf_map_lookup_elem(fd, &k, &n))
			fn(ctx, &k, n);
		prev = &k;
	}
	return errno == ENOENT ? 0 : -errno;
}

__u64 bpfev_dropped(struct bpfev *b)
{
	return b->skel->bss->dropped;
}

void bpfev_close(struct bpfev *b)
{
	if (!b)
		return;
	ring_buffer__free(b->rb);
	drvsup_bpf__destroy(b->skel);
	free(b);
}

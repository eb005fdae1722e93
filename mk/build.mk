# SPDX-License-Identifier: GPL-2.0
#
# drvsup's build rules, run by the top-level Makefile once the packages are
# installed (see there): KVER is read here, once, from what is installed.

ifeq ($(origin KVER),undefined)
KVER := $(shell scripts/kver)
endif
KDIR ?= /lib/modules/$(KVER)/build
BUILD := $(CURDIR)/build
export KVER KDIR BUILD

include mk/writeiso.mk

.PHONY: all kernel modules tools progs check unit guest-check demo shell bench \
	coverage checkpatch clean help install uninstall

all: modules tools progs writeiso

# One clear line when there is no kernel to build for.
kernel:
	@test -n "$(KVER)" -a -d "$(KDIR)" || \
		{ echo "drvsup: no kernel build tree for '$(KVER)' (KDIR=$(KDIR)); scripts/install-deps installs linux-headers-amd64" >&2; exit 1; }

# The import table's generated wrappers (tools/gen/wrapgen, from the
# kernel's BTF); after the build, the table and drvsup.ko's exports must agree.
WRAPGEN := $(BUILD)/host/wrapgen
$(WRAPGEN): $(wildcard tools/gen/*.c tools/*.[ch])
	$(MAKE) -C tools BUILD=$(BUILD) $@

wrappers/gen_imports.c: wrappers/imports.tbl $(WRAPGEN)
	$(WRAPGEN) --kver $(KVER) $< $@

# The wrappers of library modules, each a module (wrappers/libcall.h): the
# drvsup command loads them from beside its data when a driver needs one.
LIBWRAP_KO := drvsup_pcmcia.ko drvsup_phy.ko drvsup_uio.ko drvsup_dca.ko \
	drvsup_virtio.ko

modules: kernel wrappers/gen_imports.c
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	$(WRAPGEN) --verify Module.symvers wrappers/imports.tbl .
	@mkdir -p $(BUILD)/share/drvsup
	cp Module.symvers wrappers/imports.tbl $(LIBWRAP_KO) $(BUILD)/share/drvsup/

tools:
	$(MAKE) -C tools BUILD=$(BUILD)

progs: kernel
	$(MAKE) -C tests/guest BUILD=$(BUILD)

unit:
	$(MAKE) -C tests/unit BUILD=$(BUILD)

check: all unit
	tests/run-all $(if $(T),--tests '$(T)')

# The demo's TCP transfer comes from the host: the same bounded server.
demo: all
	tests/guest/httpserve -- tests/guest/run --demo

shell: all
	tests/guest/run --shell

# The e1000 rows download from the host: a bounded HTTP server on its loopback.
bench: all
	tests/guest/httpserve -- tests/guest/run --script bench

# Which of the kernel's NIC drivers drvsup accepts, and what the others miss.
coverage: modules tools
	DRVSUP_DATA=$(BUILD)/share/drvsup scripts/coverage --kver $(KVER) --out docs/coverage.md

checkpatch: kernel
	scripts/checkpatch $(filter-out %.mod.c,$(wildcard drivers/rtc/*.c drivers/rtc/*.h))

# make install: the DKMS package of drvsup.ko (its sources and dkms.conf in
# /usr/src/drvsup-VERSION; not drivers/: those are the demo's and tests'),
# the drvsup command, its data (Module.symvers, imports.tbl) where it looks
# (<dir of drvsup>/../share/drvsup) and drvsup(8). With DESTDIR (packaging)
# it lays out the files only (replacing any drvsup sources there); without,
# it also replaces any drvsup in DKMS and has DKMS build and install
# drvsup.ko for every kernel with headers.
PREFIX ?= /usr/local
DRVSUP_VERSION ?= $(shell scripts/version)
DKMS_SRC = $(DESTDIR)/usr/src/drvsup-$(DRVSUP_VERSION)
DKMS_FILES = Kbuild main.c scripts/dkms-post-build $(sort $(wildcard $(addsuffix /*.[chS],isolation wrappers shadow faultinj)))
SBINDIR = $(DESTDIR)$(PREFIX)/sbin
DATADIR = $(DESTDIR)$(PREFIX)/share/drvsup
MAN8DIR = $(DESTDIR)$(PREFIX)/share/man/man8

install: modules tools
	@test "$(DRVSUP_VERSION)" != unknown || \
		{ echo "drvsup: no version (not a git checkout): make install DRVSUP_VERSION=X" >&2; exit 1; }
	DESTDIR='$(DESTDIR)' scripts/dkms remove
	install -d $(DKMS_SRC) $(SBINDIR) $(DATADIR) $(MAN8DIR)
	tar -cf - $(DKMS_FILES) | tar -xf - -C $(DKMS_SRC) --no-same-owner
	sed 's/@VERSION@/$(DRVSUP_VERSION)/' dkms.conf >$(DKMS_SRC)/dkms.conf
	install -m 755 $(BUILD)/host/drvsup $(SBINDIR)/drvsup
	install -m 644 Module.symvers wrappers/imports.tbl $(DATADIR)/
	install -m 644 drvsup.8 $(MAN8DIR)/drvsup.8
	$(if $(DESTDIR),,scripts/dkms install $(DRVSUP_VERSION))

# Reverses make install (same DESTDIR and PREFIX); needs no package.
uninstall:
	DESTDIR='$(DESTDIR)' scripts/dkms remove
	rm -f $(SBINDIR)/drvsup $(MAN8DIR)/drvsup.8
	rm -rf $(DATADIR)

help:
	@sed -n '3,14p' Makefile | sed 's/^# \{0,1\}//'

clean:
	-$(if $(wildcard $(KDIR)),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	rm -rf $(BUILD)

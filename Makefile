# SPDX-License-Identifier: GPL-2.0
#
# drvsup top-level build.
#
#   make            kernel modules (out of tree) and the drvsup command
#   make check      host unit tests and the guest test suite (T=glob for a group)
#   make demo       boot the test guest and show what drvsup does
#   make shell      interactive guest shell with everything loaded
#   make bench      supervised vs unsupervised figures (one guest run)
#
# KVER/KDIR select the kernel; by default the newest V with both
# /boot/vmlinuz-V and /lib/modules/V/build (scripts/kver).

KVER ?= $(shell scripts/kver)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := $(CURDIR)/build
export KVER KDIR BUILD

.PHONY: all deps modules tools progs check unit guest-check demo shell bench \
	checkpatch clean

all: deps modules tools progs

# Stop with one clear line when packages are missing and we cannot install.
deps:
	@scripts/install-deps --check >/dev/null || scripts/install-deps
	@test -n "$(KVER)" -a -d "$(KDIR)" || \
		{ echo "drvsup: no kernel build tree for '$(KVER)' (KDIR=$(KDIR))" >&2; exit 1; }

modules: deps
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@mkdir -p $(BUILD)/share/drvsup
	cp Module.symvers wrappers/direct.map $(BUILD)/share/drvsup/

tools: deps
	$(MAKE) -C tools BUILD=$(BUILD)

progs: deps
	$(MAKE) -C tests/guest BUILD=$(BUILD)

unit: deps
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

checkpatch: deps
	scripts/checkpatch $(filter-out %.mod.c,$(wildcard drivers/rtc/*.c drivers/rtc/*.h))

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD)

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

.PHONY: all kernel modules tools progs check unit guest-check demo shell bench \
	coverage checkpatch clean help

all: modules tools progs

# One clear line when there is no kernel to build for.
kernel:
	@test -n "$(KVER)" -a -d "$(KDIR)" || \
		{ echo "drvsup: no kernel build tree for '$(KVER)' (KDIR=$(KDIR)); scripts/install-deps installs linux-headers-amd64" >&2; exit 1; }

modules: kernel
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@mkdir -p $(BUILD)/share/drvsup
	cp Module.symvers wrappers/direct.map $(BUILD)/share/drvsup/

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

help:
	@sed -n '3,13p' Makefile | sed 's/^# \{0,1\}//'

clean:
	-$(if $(wildcard $(KDIR)),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	rm -rf $(BUILD)

# SPDX-License-Identifier: GPL-2.0
#
# Drivers built from linux-source-6.1, unmodified, with drvsup's store
# instrumentation (wrappers/store.c): gcc's kernel-address sanitizer with
# reads left alone, no stack or global redzones, and every check made an
# out-of-line call, so each store first calls __asan_storeN_noabort(addr),
# which drvsup binds to its write-set check; wrappers/mmio_store.h, forced
# into each file, does the same for its MMIO writes (inline assembly the
# compiler cannot instrument). modpost only warns about
# those names: no kernel exports them, `drvsup load` binds them. Beside
# each module, its stores whose address is a register plus a displacement
# (scripts/sites), where the tests aim their wild writes.

WI_CFLAGS := -fsanitize=kernel-address -fasan-shadow-offset=0xdffffc0000000000 \
	--param asan-instrumentation-with-call-threshold=0 \
	--param asan-instrument-reads=0 --param asan-stack=0 \
	--param asan-globals=0 --param asan-instrument-allocas=0 \
	-include $(abspath wrappers/mmio_store.h)
WI_DIR := $(BUILD)/wi
WI_E1000_SRC = $(shell scripts/linux-src)/drivers/net/ethernet/intel/e1000

.PHONY: writeiso
writeiso: kernel
	@mkdir -p $(WI_DIR)/e1000
	cp $(WI_E1000_SRC)/*.[ch] $(WI_E1000_SRC)/Makefile $(WI_DIR)/e1000/
	$(MAKE) -C $(KDIR) M=$(WI_DIR)/e1000 KBUILD_MODPOST_WARN=1 \
		KCFLAGS="$(WI_CFLAGS)" modules
	scripts/sites stores $(WI_DIR)/e1000/e1000.ko >$(WI_DIR)/e1000/e1000.stores

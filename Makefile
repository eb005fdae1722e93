# SPDX-License-Identifier: GPL-2.0
#
# drvsup top-level build.
#
#   make            kernel modules (out of tree) and the drvsup command
#   make check      host unit tests and the guest test suite (T=glob for a group)
#   make demo       boot the test guest and show what drvsup does
#   make shell      interactive guest shell with everything loaded
#   make bench      supervised vs unsupervised figures (one guest run)
#   make install    drvsup.ko through DKMS, the drvsup command and drvsup(8)
#   make uninstall  undo make install (same DESTDIR, PREFIX)
#
# KVER/KDIR select the kernel; by default the newest V with both
# /boot/vmlinuz-V and /lib/modules/V/build (scripts/kver).
#
# Two stages. The first installs the Debian packages that are missing
# (scripts/install-deps), the kernel image and headers among them, and
# only then runs the goals again in a sub-make: the kernel version must be
# read after its packages are there, not when this file is parsed.

GOALS := $(or $(MAKECMDGOALS),all)
# Goals that need no packages and no kernel.
NODEPS_GOALS := clean help uninstall

ifeq ($(DRVSUP_STAGE),)
ifneq ($(filter-out $(NODEPS_GOALS),$(GOALS)),)

.PHONY: $(GOALS) stage2
$(GOALS): stage2 ; @:
stage2:
	@scripts/install-deps
	@$(MAKE) --no-print-directory DRVSUP_STAGE=2 $(GOALS)

else
include mk/build.mk
endif
else
include mk/build.mk
endif

# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's tulip (DEC 21143) on QEMU's tulip model,
# a driver whose resources are device-managed (pcim_enable_device,
# devm_alloc_etherdev_mqs, dmam_alloc_attrs): 12 faults of every crash kind
# in its transmit, interrupt, NAPI poll and media timer under a paced 56 MB
# TCP transfer (tests/guest/shadow-nic.sh).
# nics: tulip
# timeout: 300
. /drvsup/tests/lib.sh
DRV=tulip
SITES="tulip_start_xmit tulip_interrupt tulip_poll tulip_timer"
. /drvsup/tests/shadow-nic.sh

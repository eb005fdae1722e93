# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's tulip (DEC 21143) on QEMU's tulip model,
# a driver whose resources are device-managed (pcim_enable_device,
# devm_alloc_etherdev_mqs, dmam_alloc_attrs): 15 faults of every crash kind
# in its transmit, interrupt, NAPI poll and media timer under a paced 56 MB
# TCP transfer (tests/guest/shadow-nic.sh). tulip's media timer fires
# 50 ms after a restart (the restart hurries the driver's timers until it
# reports link) and then every 60 s: a crash point armed after the
# previous recovery finds it only by chance, so 15 faults are tried for
# at least 10 to land.
# nics: tulip
# timeout: 300
. /drvsup/tests/lib.sh
DRV=tulip
NFAULTS=15
SITES="tulip_start_xmit tulip_interrupt tulip_poll tulip_timer"
. /drvsup/tests/shadow-nic.sh

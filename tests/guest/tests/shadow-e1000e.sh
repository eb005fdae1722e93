# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's e1000e (Intel 82574L) on QEMU's e1000e
# model: 12 faults of every crash kind in its transmit, interrupt, NAPI poll
# and watchdog work under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh).
# nics: e1000e
# timeout: 300
. /drvsup/tests/lib.sh
DRV=e1000e
SITES="e1000_xmit_frame e1000_intr_msix_rx e1000e_poll e1000_watchdog_task"
. /drvsup/tests/shadow-nic.sh

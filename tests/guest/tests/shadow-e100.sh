# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's e100 (Intel 8255x, with mii) on QEMU's
# i82559er model: 12 faults of every crash kind in its transmit, interrupt,
# NAPI poll and watchdog timer under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh).
# nics: i82559er
# timeout: 300
. /drvsup/tests/lib.sh
DRV=e100
SITES="e100_xmit_frame e100_intr e100_poll e100_watchdog"
. /drvsup/tests/shadow-nic.sh

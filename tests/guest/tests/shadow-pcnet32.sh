# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's pcnet32 (AMD PCnet, with mii) on QEMU's
# pcnet model: 12 faults of every crash kind in its transmit, interrupt,
# NAPI poll and watchdog timer under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh).
# nics: pcnet
# timeout: 300
. /drvsup/tests/lib.sh
DRV=pcnet32
SITES="pcnet32_start_xmit pcnet32_interrupt pcnet32_poll pcnet32_watchdog"
. /drvsup/tests/shadow-nic.sh

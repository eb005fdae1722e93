# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's 8139too (Realtek 8139, with mii) on
# QEMU's rtl8139 model: 12 faults of every crash kind in its transmit,
# interrupt, NAPI poll and link thread work under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh).
# nics: rtl8139
# timeout: 300
. /drvsup/tests/lib.sh
DRV=8139too
SITES="rtl8139_start_xmit rtl8139_interrupt rtl8139_poll rtl8139_thread"
. /drvsup/tests/shadow-nic.sh

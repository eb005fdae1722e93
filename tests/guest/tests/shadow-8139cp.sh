# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's 8139cp (Realtek 8139C+, which QEMU's
# rtl8139 model is; 8139too leaves it to 8139cp) on QEMU's rtl8139 model:
# 12 faults of every crash kind in its transmit, interrupt, NAPI poll and
# statistics method under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh), recovering from the driver's checkpoint
# (recovery_mode checkpoint: no re-probe; 11 of the 12 from it, the ninth
# a restart): a second driver on the generic rules of isolation/checkpoint.c.
# The other NICs' tests restart theirs.
# nics: rtl8139
# timeout: 300
. /drvsup/tests/lib.sh
DRV=8139cp
SITES="cp_start_xmit cp_interrupt cp_rx_poll cp_get_stats"
RECOVERY=checkpoint
. /drvsup/tests/shadow-nic.sh

# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's vmxnet3 (VMware vmxnet3) on QEMU's
# vmxnet3 model: 12 faults of every crash kind in its transmit, interrupt,
# NAPI poll and rx-only poll under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh).
# nics: vmxnet3
# manual: a tx timeout after the first restart sends vmxnet3 into its reset work, whose skb frees crash inside dsw_consume_skb (under investigation)
# timeout: 300
. /drvsup/tests/lib.sh
DRV=vmxnet3
SITES="vmxnet3_xmit_frame vmxnet3_intr vmxnet3_poll vmxnet3_poll_rx_only"
. /drvsup/tests/shadow-nic.sh

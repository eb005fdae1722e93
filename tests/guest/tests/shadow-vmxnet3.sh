# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's vmxnet3 (VMware vmxnet3) on QEMU's
# vmxnet3 model: 12 faults of every crash kind in its transmit, interrupt,
# NAPI poll and rx-only poll under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh).
# nics: vmxnet3
# manual: after the first restart vmxnet3 passes no traffic (no route to host; NETDEV WATCHDOG tx timeout 5.4 s later): the dead instance never quiesced or reset the device, and the restarted probe and open do not reset it either (its reset is the driver's own CMD_RESET_DEV, in close and in its tx-timeout work)
# timeout: 300
. /drvsup/tests/lib.sh
DRV=vmxnet3
SITES="vmxnet3_xmit_frame vmxnet3_intr vmxnet3_poll vmxnet3_poll_rx_only"
. /drvsup/tests/shadow-nic.sh

# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's vmxnet3 (VMware vmxnet3) on QEMU's
# vmxnet3 model: 12 faults of every crash kind in its transmit, interrupt,
# NAPI poll and rx-only poll under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh). QEMU's vmxnet3 ignores a second activation
# while the dead instance's is active, so the restart closes and reopens
# the device once after its replayed open (sysfs "reopen"): the driver's
# own close resets it.
# nics: vmxnet3
# manual: under supervision at bde2af1 the transfer's connect failed before the first fault (No route to host), and after a restart the device passes nothing (NETDEV WATCHDOG: tx timeout 5.2 s); the reopen cycle is not verified yet
# timeout: 300
. /drvsup/tests/lib.sh
DRV=vmxnet3
REOPEN=1
SITES="vmxnet3_xmit_frame vmxnet3_intr vmxnet3_poll vmxnet3_poll_rx_only"
. /drvsup/tests/shadow-nic.sh

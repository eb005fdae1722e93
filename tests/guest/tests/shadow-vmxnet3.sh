# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's vmxnet3 (VMware vmxnet3) on QEMU's
# vmxnet3 model: 12 faults of every crash kind in its transmit, its MSI-X
# receive interrupt, its NAPI poll and the receive completion the poll
# runs, under a paced 56 MB TCP transfer (tests/guest/shadow-nic.sh). On
# QEMU the driver takes 3 MSI-X vectors, a queue's transmit and receive
# sharing one (vmxnet3_msix_rx, vmxnet3_poll_rx_only; its legacy
# vmxnet3_intr and vmxnet3_poll are never reached); it has no periodic
# timer. QEMU's vmxnet3 ignores a second activation while the dead
# instance's is active, so the restart closes and reopens the device once
# after its replayed open (sysfs "reopen"): the driver's own close resets
# it. The device keeps its own MAC: QEMU 7.2's vmxnet3 passes no traffic
# after a MAC change even unsupervised (measured: plain vmxnet3, ping
# fails after `ip link set eth0 address 02:5e:...`, works once the
# original is set back).
# nics: vmxnet3
# timeout: 300
. /drvsup/tests/lib.sh
DRV=vmxnet3
REOPEN=1
KEEP_MAC=1
SITES="vmxnet3_xmit_frame vmxnet3_msix_rx vmxnet3_poll_rx_only vmxnet3_rq_rx_complete"
. /drvsup/tests/shadow-nic.sh

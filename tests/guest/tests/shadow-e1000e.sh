# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's e1000e (Intel 82574L) on QEMU's e1000e
# model: 12 faults of every crash kind in its transmit, interrupt, NAPI poll
# and watchdog work under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh). In MSI mode (IntMode=1): QEMU 7.2's e1000e
# asserts, and the guest dies, when a throttled MSI-X interrupt fires after
# MSI-X was disabled, which a restart does (make check at abd219f). The
# vectors cannot simply be kept across a restart: the kernel keeps its
# MSI data in the device's devres, which the restart releases with the
# probe's group.
# nics: e1000e
# timeout: 300
. /drvsup/tests/lib.sh
DRV=e1000e
DRV_ARGS=IntMode=1
# The interrupt handler: MSI's, or the legacy one when e1000e's own MSI
# test at open failed ("MSI interrupt test failed, using legacy interrupt").
sites_after_load() {
	h=e1000_intr_msi
	dmesg | grep -q "MSI interrupt test failed" && h=e1000_intr
	echo "e1000_xmit_frame $h e1000e_poll e1000_watchdog_task"
}
. /drvsup/tests/shadow-nic.sh

# SPDX-License-Identifier: GPL-2.0
# Transparent recovery of Debian's virtio_net on QEMU's virtio-net-pci
# model: 12 faults of every crash kind in its transmit, its receive
# queue's callback (run from the transport's interrupt), its receive NAPI
# poll and its transmit NAPI poll, under a paced 56 MB TCP transfer
# (tests/guest/shadow-nic.sh). A virtio driver is on the virtio bus, not
# PCI: the transport (virtio_pci) stays in the kernel, loaded plainly, and
# drvsup_virtio.ko gates the driver's methods and queue callbacks; the
# restart resets the device and probes it again through the virtio bus.
# virtio_net has no periodic timer or watchdog: its works run only on a
# config change or when receive buffers could not be allocated.
# nics: virtio-net-pci
# timeout: 300
. /drvsup/tests/lib.sh
DRV=virtio_net
SITES="start_xmit skb_recv_done virtnet_poll virtnet_poll_tx"
for m in $(deb_chain virtio_pci); do
	insmod "$m" 2>/dev/null || loaded "$(mod_name "$m")" ||
		tap_fail "virtio_net: the transport loads ($m)"
done
. /drvsup/tests/shadow-nic.sh

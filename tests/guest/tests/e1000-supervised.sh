# SPDX-License-Identifier: GPL-2.0
# Debian's unmodified e1000.ko under supervision, with real traffic: the
# binary checked against the package, a download (>= 50 MB, sha256
# checked) from the host through the plain driver and then the supervised
# one (throughput of each), crossings both ways (transmit crossings >=
# tx_packets) and tracked objects, unload; then contained faults mid-way
# through the driver's entry points, with state built (e1000-faults.sh
# does every crash kind at their entry), under rtnl, in probe and remove,
# and in the jumbo rx path: the system survives, the domain is failed, the
# driver's own objects are released and its DMA memory quarantined, the
# kept objects stay until unload, unload works, and the plain driver can
# take the device again afterwards, which frees the quarantine.
#
# Needs the host's test server (tests/guest/httpserve):
#   tests/guest/httpserve -- tests/guest/run --tests e1000-supervised
# Without it the downloads are skipped.
# timeout: 900
. /drvsup/tests/lib.sh
. /drvsup/tests/e1000.sh

# --- set-up --------------------------------------------------------------
# Containment alone, no restarts (shadow-e1000.sh tests those).
# Containment alone, no restarts (shadow-e1000.sh tests those).
# e1000_probe spends more than the default 250 ms on a CPU under TCG
# (MMIO exits and udelay()s count): give it more.
insmod $MODDIR/drvsup.ko restart_max=0 hang_budget_ms=${E1000_BUDGET_MS:-2000} ||
	{ tap_fail "drvsup.ko loads"; exit 0; }
echo 1 >$PF/enable
# Debian's binary, as the package installed it.
read -r want _ </drvsup/e1000.md5sums
tap_is "e1000.ko is Debian's, byte-identical to the installed one (md5)" \
	"$(md5sum <$E1000 | cut -d' ' -f1)" "${want:-no md5sums entry}"
tap_run "e1000: drvsup check accepts every import" drvsup check $E1000

server=0
wget -q -O /dev/null $URL/blob.sha256 2>/dev/null && server=1

# --- the plain driver, for comparison ------------------------------------------
if insmod $E1000 && net_up; then
	if wget -q -O /dev/null $URL/blob.sha256; then
		server=1
		download "plain e1000"
		throughput "plain e1000"
		PLAIN=$RATE
	else
		tap_skip "plain e1000: download" "no server at $URL (tests/guest/httpserve)"
	fi
else
	tap_fail "plain e1000: loads and brings eth0 up"
fi
rmmod e1000

# --- supervised: traffic, crossings, objects, unload --------------------------------
if ! supervised_load; then
	tap_fail "e1000: supervised load" "$(cat /tmp/load.log)"
	exit 0
fi
tap_ok "e1000: supervised load"
tap_is "e1000: domain running" "$(cat $S/state)" running
case ",$(awk '$1 == "drvsup" { print $4 }' /proc/modules)" in
*,e1000,*) tap_ok "/proc/modules: e1000 uses drvsup" ;;
*) tap_fail "/proc/modules: e1000 uses drvsup" "$(grep -E '^(drvsup|e1000) ' /proc/modules)" ;;
esac
# ndo_set_mac_address (and dev_addr_mod) through their gates.
ip link set eth0 address 02:00:00:00:00:01
tap_is "e1000 (supervised): MAC address set" "$(cat /sys/class/net/eth0/address)" \
	02:00:00:00:00:01
net_up
tap_is "e1000 (supervised): eth0 has carrier" "$(cat /sys/class/net/eth0/carrier)" 1
in0=$(crossings in)
out0=$(crossings out)
if [ $server = 1 ]; then
	download "supervised e1000"
	in1=$(crossings in)
	out1=$(crossings out)
	throughput "supervised e1000"
	SUP=$RATE
	[ -n "${PLAIN:-}" ] && tap_diag "mean throughput supervised/plain: $((SUP * 100 / PLAIN))%"
else
	tap_skip "supervised e1000: download" "no server at $URL (tests/guest/httpserve)"
	ping -c 20 -i 0.2 10.0.2.2 >/dev/null 2>&1
	in1=$(crossings in)
	out1=$(crossings out)
fi
tap_diag "crossings during one download: in $((in1 - in0)), out $((out1 - out0))"
[ "$in1" -gt 0 ] && [ "$out1" -gt 0 ]
tap_is "e1000 (supervised): crossings in and out" $? 0
# Every packet the interface sent crossed the transmit gate.
xmit=$(awk '$1 == "ndo_start_xmit" { print $2 }' $S/entries)
txp=$(cat /sys/class/net/eth0/statistics/tx_packets)
tap_diag "ndo_start_xmit crossings $xmit, tx_packets $txp"
[ "${xmit:-0}" -ge "$txp" ] && [ "$txp" -gt 0 ]
tap_is "e1000 (supervised): transmit crossings >= tx_packets" $? 0
tap_diag "objects:" "$(cat $S/objects)" "kept:" "$(cat $S/kept)" "pkt: $(pkt)"
pkt >/tmp/pkt
read -r _ _ _ frags _ pages _ maps </tmp/pkt
[ "$frags" -gt 0 ] && [ "$maps" -gt 0 ]
tap_is "e1000 (supervised): rx fragments and DMA mappings tracked" $? 0
# MTU 9000: e1000 receives into whole pages (alloc_page, napi_get_frags,
# napi_gro_frags), a path of its own for page ownership.
ip link set eth0 mtu 9000
tap_is "e1000 (supervised): MTU 9000" "$(cat /sys/class/net/eth0/mtu)" 9000
net_up
if [ $server = 1 ]; then
	download "supervised e1000, MTU 9000"
fi
pkt >/tmp/pkt
read -r _ _ _ frags _ pages _ maps </tmp/pkt
tap_is "e1000 (supervised, MTU 9000): rx pages tracked, no fragments" \
	"$([ "$pages" -gt 0 ] && echo "$frags")" 0
ip link set eth0 mtu 1500
net_up
for t in pci-regions pci-master iomap irq napi dma-coherent packets work; do
	grep -q "^$t " $S/objects
	tap_is "e1000 (supervised): $t tracked" $? 0
done
tap_is "e1000 (supervised): kept objects" "$(cut -d' ' -f1 $S/kept | sort | tr '\n' ' ')" "$KEPT"
ip link set eth0 down
tap_run "e1000 (supervised): rmmod works" rmmod e1000
tap_is "e1000 (supervised): domain gone after unload" "$(ls -d $S 2>/dev/null)" ""

# --- contained faults ----------------------------------------------------------------
PING="ping -c 1 -W 1 10.0.2.2"
health_mark
# Ethtool methods beyond the one e1000-faults.sh covers: a reader of a
# sysfs attribute, and a caller that gets counters.
fault_case "ethtool get_link_ksettings" e1000_get_link_ksettings \
	get_link_ksettings "cat /sys/class/net/eth0/speed" speed_fails
fault_case "ethtool get_ethtool_stats" e1000_get_ethtool_stats \
	get_ethtool_stats "ethq eth0 stats" zeroed_stats
# Mid-way, with state built (offsets in Debian 6.1.0-56's e1000.ko):
# the sk_buff DMA-mapped and in the ring, at the call to
# skb_clone_tx_timestamp;
fault_case "ndo_start_xmit, mid-way" e1000_xmit_frame+0x691 ndo_start_xmit "$PING"
# NAPI_STATE_SCHED taken by napi_schedule_prep, at the call to
# __napi_schedule: the NAPI must still be disabled and deleted;
fault_case "the IRQ handler, mid-way" e1000_intr+0x78 irq "$PING"
# a received sk_buff built from a fragment, at the call to
# napi_gro_receive;
fault_case "NAPI rx, mid-way" e1000_clean_rx_irq+0x1c7 napi-poll "$PING"
# the poll done but not completed, at the call to napi_complete_done;
fault_case "NAPI poll, mid-way" e1000_clean+0x291 napi-poll "$PING"
# the watchdog re-arming itself (tail call to queue_delayed_work_on).
fault_case "the watchdog work, mid-way" e1000_watchdog+0x2b3 work "sleep 1"
# Under rtnl: ndo_open at entry and with its IRQ requested and rings set
# up, NAPI not yet enabled (at the call to napi_enable); ndo_stop with NAPI
# disabled and works cancelled, its IRQ not yet freed (at free_irq).
FC_UP=0
fault_case ndo_open e1000_open ndo_open "ip link set eth0 up"
fault_case "ndo_open, mid-way" e1000_open+0xd7 ndo_open "ip link set eth0 up"
FC_UP=1
fault_case "ndo_stop, mid-way" e1000_close+0x8e ndo_stop "ip link set eth0 down"
# The PCI binding: the device unbound (remove runs normally) and bound
# again, probe failing after register_netdev (at netif_carrier_off); remove
# failing after unregister_netdev, before free_netdev (at
# e1000_phy_hw_reset).
PCIDRV=/sys/bus/pci/drivers/e1000
FC_UP=0
FC_SETUP="echo 0000:00:03.0 >$PCIDRV/unbind"
fault_case "pci probe, mid-way" e1000_probe+0x9a8 pci-probe \
	"echo 0000:00:03.0 >$PCIDRV/bind"
FC_SETUP=
FC_KEPT="netdev packet-sets pci-driver pci-enable "
fault_case "pci remove, mid-way" e1000_remove+0x5a pci-remove \
	"echo 0000:00:03.0 >$PCIDRV/unbind"
FC_KEPT=
FC_UP=1
# MTU 9000: pages attached to the NAPI's own sk_buff, at the call to
# ___pskb_trim and at the call to napi_gro_frags (frames longer than
# e1000's copybreak: a download).
if [ $server = 1 ]; then
	FC_SETUP="ip link set eth0 mtu 9000"
	GET="timeout 3 wget -q -O /dev/null $URL/blob"
	fault_case "jumbo rx, mid-way" e1000_clean_jumbo_rx_irq+0x845 napi-poll "$GET"
	fault_case "jumbo rx, at hand-up" e1000_clean_jumbo_rx_irq+0x3f1 napi-poll "$GET"
	FC_SETUP=
fi

# After all that, the plain driver takes the device again and moves data.
if [ $server = 1 ]; then
	# The jumbo case ran last: its rings and pages wait for a reset.
	[ "$(grep -c '^e1000 ' $QUAR)" -gt 0 ]
	tap_is "DMA memory stays quarantined while the device is unbound" $? 0
fi
if insmod $E1000 && net_up; then
	tap_ok "plain e1000 binds the device again after the faults"
	tap_is "the plain driver's probe reset the device: quarantine empty" \
		"$(cat $QUAR)" ""
	[ $server = 1 ] && download "plain e1000 after the faults"
else
	tap_fail "plain e1000 binds the device again after the faults"
fi
rmmod e1000
dmesg | grep -q "NETDEV WATCHDOG"
tap_is "no transmit timeout reported for a failed driver" $? 1
if dmesg | grep -qE 'Oops|general protection fault|Call Trace'; then
	tap_fail "no oops or stack trace printed" \
		"$(dmesg | grep -E 'Oops|general protection|Call Trace' | head -5)"
else
	tap_ok "no oops or stack trace printed"
fi
health_check 10 "e1000-supervised: kernel healthy after the faults"
echo 0 >$PF/enable
rmmod drvsup

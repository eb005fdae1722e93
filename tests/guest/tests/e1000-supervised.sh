# SPDX-License-Identifier: GPL-2.0
# Debian's unmodified e1000.ko under supervision, with real traffic: a
# download (>= 50 MB, sha256 checked) from the host through the plain
# driver and then the supervised one (throughput of each), crossings and
# tracked objects, unload; then contained faults in ndo_start_xmit, the
# interrupt handler, the NAPI poll, the watchdog work and an ethtool
# method: the system survives, the domain is failed, the driver's own
# objects are released, the kept ones stay until unload, unload works,
# and the plain driver can take the device again afterwards.
#
# Needs the host's test server (tests/guest/httpserve, port 8642):
#   tests/guest/httpserve -- tests/guest/run --tests e1000-supervised
# Without it the downloads are skipped.
# manual: known bug, DMA memory of a failed e1000 is freed while the NIC still holds its addresses; re-binding the device then corrupts memory (seen once); run with T=e1000-supervised
# timeout: 900
. /drvsup/tests/lib.sh

S=/sys/kernel/drvsup/e1000
CP=/sys/kernel/debug/drvsup/crashpoint
URL=http://10.0.2.2:8642
E1000=$MODDIR/e1000.ko
KEPT="netdev netdev-registration packet-sets pci-driver pci-enable "

# Imports of e1000 that touch nothing a failure must undo. Until
# wrappers/direct.map lists them, the test loads with a map that does.
DIRECT="eth_validate_addr ethtool_op_get_ts_info net_ratelimit dev_driver_string
eth_type_trans pci_select_bars pci_read_config_word ioread16_rep iowrite16_rep
dql_completed dql_reset"

now_cs() { tr -d . </proc/uptime | cut -d' ' -f1; }

net_up() {
	ip link set lo up
	ip link set eth0 up || return 1
	ip addr add 10.0.2.15/24 dev eth0 2>/dev/null
	ip route add default via 10.0.2.2 2>/dev/null
	_n=0
	while [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" != 1 ]; do
		_n=$((_n + 1))
		[ $_n -gt 100 ] && return 1
		sleep 0.1
	done
}

# download DESC: fetch the blob and check its digest (sha256sum under TCG
# is slower than the link, so it is timed apart: throughput DESC).
download() {
	_got=$(wget -q -O - $URL/blob | sha256sum | cut -d' ' -f1)
	_want=$(wget -q -O - $URL/blob.sha256)
	MB=$(($(wget -q -O - $URL/blob.size || echo 0) / 1048576))
	if [ -n "$_want" ] && [ "$_got" = "$_want" ] && [ "$MB" -ge 50 ]; then
		tap_ok "$1: $MB MB downloaded, sha256 matches"
	else
		tap_fail "$1: $MB MB downloaded, sha256 matches" "got $_got, want $_want"
	fi
}

# throughput DESC: five downloads to /dev/null; RATE = their mean, in
# tenths of MB/s (TCG on a shared host is noisy: compare means).
throughput() {
	_sum=0
	_all=
	for _i in 1 2 3 4 5; do
		_t0=$(now_cs)
		wget -q -O /dev/null $URL/blob
		_cs=$(($(now_cs) - _t0))
		[ $_cs -gt 0 ] || _cs=1
		_r=$((MB * 1000 / _cs))
		_all="$_all $((_r / 10)).$((_r % 10))"
		_sum=$((_sum + _r))
	done
	RATE=$((_sum / 5))
	tap_diag "$1: $MB MB to /dev/null, MB/s:$_all (mean $((RATE / 10)).$((RATE % 10)))"
}

crossings() { awk -v k="$1" '$1 == k { print $2 }' $S/crossings; }

# What the driver holds at packet rate: "skbs N frag-refs N page-refs N
# dma-maps N" (drvsup's debugfs).
pkt() { sed -n 's/^e1000 //p' /sys/kernel/debug/drvsup/pkt; }
PKT0="skbs 0 frag-refs 0 page-refs 0 dma-maps 0"

supervised_load() {
	drvsup load $MAP $E1000 >/tmp/load.log 2>&1
}

# --- set-up --------------------------------------------------------------
# e1000_probe spends more than the default 250 ms on a CPU under TCG
# (MMIO exits and udelay()s count): give it more.
insmod $MODDIR/drvsup.ko hang_budget_ms=${E1000_BUDGET_MS:-2000} ||
	{ tap_fail "drvsup.ko loads"; exit 0; }
MAP=
if ! drvsup check $E1000 >/tmp/check.log 2>&1; then
	unknown=$(awk '/^unknown/ { on = 1; next } /^loadable/ { on = 0 } on { print $1 }' /tmp/check.log)
	missing=
	for u in $unknown; do
		case " $(echo $DIRECT) " in
		*" $u "*) missing="$missing $u" ;;
		*) tap_fail "e1000: every import is wrapped or direct" "$(cat /tmp/check.log)"; exit 0 ;;
		esac
	done
	cp /drvsup/share/drvsup/direct.map /tmp/direct.map
	for u in $missing; do echo "$u" >>/tmp/direct.map; done
	MAP="--map /tmp/direct.map"
	tap_diag "wrappers/direct.map lacks (added for this test):$missing"
fi
tap_run "e1000: drvsup check accepts every import" drvsup check $MAP $E1000

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
# arm SYMBOL[+OFFSET]: a crash point there, or at the symbol's entry if the
# offset is not an instruction of this build of e1000.ko.
arm() {
	echo "e1000 $1 oops" >$CP 2>/dev/null && return
	tap_diag "crash point $1 refused: using ${1%+*} (another e1000.ko build?)"
	echo "e1000 ${1%+*} oops" >$CP
}

# fault_case WHERE SYMBOL[+OFFSET] ENTRY TRIGGER [CHECK]: load, arm, trigger
# until the domain fails, then check what a failure must leave; CHECK (a
# command) runs right after the fault, with the trigger's output in
# /tmp/trigger.log. FC_SETUP runs before the link comes up, FC_UP=0 leaves
# it down, FC_KEPT is what must stay kept (default $KEPT).
fault_case() {
	name="oops in $1 ($2)"
	if ! supervised_load || ! eval "${FC_SETUP:-:}" ||
	   { [ "${FC_UP:-1}" = 1 ] && ! net_up; }; then
		tap_fail "$name: supervised load and link" "$(cat /tmp/load.log)"
		rmmod e1000 2>/dev/null
		return
	fi
	arm "$2"
	n=0
	: >/tmp/trigger.log
	while [ "$(cat $S/state)" != failed ] && [ $n -lt 100 ]; do
		eval "$4" >>/tmp/trigger.log 2>&1
		n=$((n + 1))
		[ "$(cat $S/state)" = failed ] || sleep 0.1
	done
	echo clear >$CP
	tap_is "$name: domain failed" "$(cat $S/state)" failed
	read -r kind entry where _ <$S/last_fault
	tap_is "$name: fault recorded (kind, entry)" "$kind $entry" "page-fault $3"
	case "$where" in
	"${2%+*}"+*) tap_ok "$name: location names the crash point ($where)" ;;
	*) tap_fail "$name: location names the crash point" "got '$where'" ;;
	esac
	[ -n "${5:-}" ] && eval "$5"
	n=0
	while [ -s $S/objects ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	tap_is "$name: driver-owned objects released" "$(cat $S/objects)" ""
	tap_is "$name: packets, fragments, pages, mappings given back" "$(pkt)" "$PKT0"
	tap_is "$name: kept objects remain" \
		"$(cut -d' ' -f1 $S/kept | sort | tr '\n' ' ')" "${FC_KEPT:-$KEPT}"
	# (unreadable once the interface is down)
	[ "${FC_UP:-1}" = 1 ] &&
		tap_is "$name: no carrier" \
			"$(cat /sys/class/net/eth0/carrier 2>/dev/null || echo 0)" 0
	# Packets queue up behind the stopped queue; dev_watchdog stays quiet.
	ping -c 2 -W 1 10.0.2.2 >/dev/null 2>&1
	ethq eth0 drvinfo >/dev/null
	tap_run "$name: rmmod works" rmmod e1000
	tap_is "$name: domain gone" "$(ls -d $S 2>/dev/null)" ""
}

# The caller of a failed ethtool "get" lives and gets zeroes.
zeroed_drvinfo() {
	tap_is "$name: the caller gets a zeroed answer" "$(tail -n 1 /tmp/trigger.log)" \
		"driver= version= bus= n_stats=0"
}
zeroed_stats() {
	case "$(tail -n 1 /tmp/trigger.log)" in
	n_stats=[1-9]*" sum=0") tap_ok "$name: the caller gets zeroed counters" ;;
	*) tap_fail "$name: the caller gets zeroed counters" "$(tail -n 1 /tmp/trigger.log)" ;;
	esac
}
speed_fails() {
	tap_is "$name: the reader gets an error" \
		"$(grep -c 'read error' /tmp/trigger.log)" 1
}

PING="ping -c 1 -W 1 10.0.2.2"
health_mark
# At entry to each kind of entry point.
fault_case ndo_start_xmit e1000_xmit_frame ndo_start_xmit "$PING"
fault_case "the IRQ handler" e1000_intr irq "$PING"
fault_case "NAPI poll" e1000_clean napi-poll "$PING"
fault_case "the watchdog work" e1000_watchdog work "sleep 1"
fault_case "ethtool get_link_ksettings" e1000_get_link_ksettings \
	get_link_ksettings "cat /sys/class/net/eth0/speed" speed_fails
fault_case "ethtool get_drvinfo" e1000_get_drvinfo get_drvinfo \
	"ethq eth0 drvinfo" zeroed_drvinfo
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
if insmod $E1000 && net_up; then
	tap_ok "plain e1000 binds the device again after the faults"
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
rmmod drvsup

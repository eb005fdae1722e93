# SPDX-License-Identifier: GPL-2.0
# Shared by the e1000 guest tests: the interface, downloads from the host's
# test server (tests/guest/httpserve), and fault_case, one contained fault
# in the supervised e1000 with everything a failure must leave checked.
# Sourced after lib.sh.

S=/sys/kernel/drvsup/e1000
CP=/sys/kernel/debug/drvsup/crashpoint
# The host's server: tests/guest/httpserve, its port from tests/guest/run.
URL=http://10.0.2.2:$(sed -n 's/^HTTP_PORT=//p' /drvsup/guest.conf)
# Debian's binary, or the build from source with the store
# instrumentation (E1000_KO=wi/e1000.ko: the write-isolation tests).
E1000=$MODDIR/${E1000_KO:-e1000.ko}
WC=/sys/kernel/debug/drvsup/writecheck
# wc_count checked|outside|ungated: the write check's count (debugfs).
wc_count() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" $WC; }
KEPT="netdev netdev-registration packet-sets pci-driver pci-enable "

now_cs() { tr -d . </proc/uptime | cut -d' ' -f1; }

net_up() {
	ip link set lo up
	ip link set eth0 up || return 1
	ip addr add 10.0.2.15/24 dev eth0 2>/dev/null
	ip route add default via 10.0.2.2 2>/dev/null
	carrier eth0
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

# ping_until_recovered R [TRIES]: traffic (one ping a second at most)
# until e1000's recoveries pass R, TRIES pings at most (50).
ping_until_recovered() {
	_n=0
	while [ "$(recovered e1000)" -le $1 ] && [ $_n -lt ${2:-50} ]; do
		ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1
		_n=$((_n + 1))
	done
}

supervised_load() {
	drvsup load $E1000 >/tmp/load.log 2>&1
}

QUAR=/sys/kernel/debug/drvsup/quarantine
PF=/sys/kernel/tracing/events/exceptions/page_fault_kernel
pf_count() { grep -c page_fault_kernel /sys/kernel/tracing/trace; }

# arm SYMBOL[+OFFSET] KIND: a crash point there, or at the symbol's entry
# if the offset is not an instruction of this build of e1000.ko.
arm() {
	echo "e1000 $1 $2" >$CP 2>/dev/null && return
	tap_diag "crash point $1 refused: using ${1%+*} (another e1000.ko build?)"
	echo "e1000 ${1%+*} $2" >$CP
}

# fault_case WHERE SYMBOL[+OFFSET] ENTRY TRIGGER [CHECK]: load, arm a crash
# point of kind FC_KIND (default oops), trigger until the domain fails,
# then check what a failure must leave; CHECK (a command) runs right after
# the fault, with the trigger's output in /tmp/trigger.log. FC_SETUP runs
# before the link comes up, FC_UP=0 leaves it down, FC_KEPT is what must
# stay kept (default $KEPT). With the link up the driver had DMA rings: they
# must be in the quarantine until a driver binds the device again.
fault_case() {
	kind=${FC_KIND:-oops}
	name="$kind in $1 ($2)"
	if ! supervised_load || ! eval "${FC_SETUP:-:}" ||
	   { [ "${FC_UP:-1}" = 1 ] && ! net_up; }; then
		tap_fail "$name: supervised load and link" "$(cat /tmp/load.log)"
		rmmod e1000 2>/dev/null
		return
	fi
	pf0=$(pf_count)
	arm "$2" $kind
	n=0
	: >/tmp/trigger.log
	while [ "$(cat $S/state)" != failed ] && [ $n -lt 100 ]; do
		eval "$4" >>/tmp/trigger.log 2>&1
		n=$((n + 1))
		[ "$(cat $S/state)" = failed ] || sleep 0.1
	done
	echo clear >$CP
	tap_is "$name: domain failed" "$(cat $S/state)" failed
	read -r fkind entry where _ <$S/last_fault
	tap_is "$name: fault recorded (kind, entry)" "$fkind $entry" \
		"$(fault_name $kind) $3"
	case "$where" in
	"${2%+*}"+*) tap_ok "$name: location names the crash point ($where)" ;;
	*) tap_fail "$name: location names the crash point" "got '$where'" ;;
	esac
	if [ $kind = oops ]; then
		[ "$(pf_count)" -gt "$pf0" ]
		tap_is "$name: exceptions:page_fault_kernel fired" $? 0
	fi
	[ -n "${5:-}" ] && eval "$5"
	n=0
	while [ -s $S/objects ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	tap_is "$name: driver-owned objects released" "$(cat $S/objects)" ""
	tap_is "$name: packets, fragments, pages, mappings given back" "$(pkt)" "$PKT0"
	tap_is "$name: kept objects remain" \
		"$(cut -d' ' -f1 $S/kept | sort | tr '\n' ' ')" "${FC_KEPT:-$KEPT}"
	if [ "${FC_UP:-1}" = 1 ]; then
		# (unreadable once the interface is down)
		tap_is "$name: no carrier" \
			"$(cat /sys/class/net/eth0/carrier 2>/dev/null || echo 0)" 0
		grep -q "^e1000 dma-coherent .* waiting 0000:00:03.0" $QUAR
		tap_is "$name: DMA rings quarantined, not freed" $? 0
	fi
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

# --- Transparent recovery under a TCP transfer (shadow-e1000.sh, shadow-nic.sh)

# udp_start: a UDP request/response beside the transfer: udpping, every
# 20 ms, to the test server's echo (httpserve.py). udp_stop ends it.
udp_start() {
	udpping 10.0.2.2 "${URL##*:}" 900 20 /tmp/udpgaps >/tmp/udpping.out &
	udp_pid=$!
}
udp_stop() { kill -TERM "$udp_pid"; }

# spread FILE: "median M ms, p90 P ms, max X ms" of FILE's first column
# (centiseconds: stalls' output).
spread() {
	cut -d' ' -f1 "$1" >/tmp/spread
	echo "median $(($(pct 0.5 </tmp/spread) * 10)) ms," \
	     "p90 $(($(pct 0.9 </tmp/spread) * 10)) ms, max $(($(pct 1 </tmp/spread) * 10)) ms"
}

# udp_report PREFIX: the longest gap of the UDP request/response at each
# fault in /tmp/faults, as a distribution; no gap may last 3 s, and it must
# answer after the last recovery.
udp_report() {
	stalls /tmp/udpgaps /tmp/udpstalls
	tap_diag "$1UDP request/response every 20 ms: $(cat /tmp/udpping.out)"
	tap_diag "$1UDP longest gap per fault (cs): $(cut -d' ' -f1 /tmp/udpstalls | tr '\n' ' ')"
	tap_diag "$1UDP outage: $(spread /tmp/udpstalls)"
	_max=$(cut -d' ' -f1 /tmp/udpstalls | pct 1)
	[ "$_max" -lt 300 ]
	tap_is "$1UDP answered within 3 s of each fault (longest gap $((_max * 10)) ms)" $? 0
	last=$(sed -n 's/.*last_cs=\([0-9]*\).*/\1/p' /tmp/udpping.out)
	[ "${last:-0}" -gt "$(tail -n 1 /tmp/faults | cut -d' ' -f2)" ]
	tap_is "$1UDP request/response answered after the last recovery" $? 0
}

# iface: what must not change across recoveries.
iface() {
	echo "ifindex=$(cat /sys/class/net/eth0/ifindex)" \
	     "mac=$(cat /sys/class/net/eth0/address)" \
	     "mtu=$(cat /sys/class/net/eth0/mtu)" \
	     "addr=$(ip -o -4 addr show dev eth0 | awk '{ print $4 }')" \
	     "route=$(ip route show default | awk '{ print $3, $5 }')"
}

# stalls [GAPS [OUT [EVENTS]]]: for each fault in EVENTS (/tmp/faults:
# armed, recovered, kind, symbol, in centiseconds), the longest gap of GAPS
# (netrecv's or udpping's log; /tmp/gaps) starting within [armed - 0.5 s,
# recovered + 3 s]: OUT (/tmp/stalls), "CS KIND SYMBOL".
stalls() {
	awk 'NR == FNR { if ($1 ~ /^[0-9]+$/) { ng++; gs[ng] = $1; ge[ng] = $2 } next }
	     { worst = 0
	       for (g = 1; g <= ng; g++)
		       if (gs[g] >= $1 - 50 && gs[g] <= $2 + 300 && ge[g] - gs[g] > worst)
			       worst = ge[g] - gs[g]
	       print worst, $3, $4 }' "${1:-/tmp/gaps}" "${3:-/tmp/faults}" >"${2:-/tmp/stalls}"
}

# contained_once DESC KIND R: the last fault was KIND in ndo_start_xmit,
# exactly one recovery since R, and the interface answers again.
contained_once() {
	tap_is "$1: contained ($2 in ndo_start_xmit)" \
		"$(cut -d' ' -f1-2 $S/last_fault)" "$2 ndo_start_xmit"
	tap_is "$1: recovered once" "$(($(recovered e1000) - $3))" 1
	_n=0
	until ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || [ $_n -ge 10 ]; do _n=$((_n + 1)); done
	[ $_n -lt 10 ]
	tap_is "$1: the interface answers after the restart ($((_n + 1)) pings)" $? 0
}

# SPDX-License-Identifier: GPL-2.0
# The body of the shadow-<driver>.sh tests: transparent recovery of one of
# Debian's own NIC drivers other than e1000, on its QEMU model in a guest of
# its own, through the same net shadow and the same import table as e1000
# (no driver's name in drvsup's kernel code). A paced TCP transfer of 56 MB
# runs while 12 faults of every crash kind hit the driver's transmit,
# interrupt, NAPI poll and timer or watchdog work, one every 2.5 s. The
# transfer must end byte-exact with no reset, the interface keep its
# ifindex, name, MAC (locally administered), MTU, address and route, and
# the stall the transfer saw at each fault is reported as a distribution,
# beside the driver's restart and cold probe times and the longest gap of
# a UDP request/response (udpping) at each fault.
#
# The test sets DRV (the module) and SITES (its transmit, interrupt, NAPI
# poll and timer or work functions), REOPEN=1 for a device the restart
# must close and reopen, KEEP_MAC=1 for a device model that passes nothing
# after a MAC change (the replay then keeps the device's own, checked
# unchanged all the same), NFAULTS for more than 12 faults, DRV_ARGS for
# module parameters, RECOVERY=checkpoint to recover from the driver's
# checkpoint (each recovery but each ninth from it, checked), and may
# define sites_after_load (prints SITES once the interface is up), then
# sources this after lib.sh.
. /drvsup/tests/e1000.sh	# net_up, now_cs, URL

STREAM_MB=56
STREAM_KBPS=1200
NFAULTS=${NFAULTS:-12}
MAC=02:5e:00:00:20:01
PORT=${URL##*:}
S=/sys/kernel/drvsup/$DRV
CP=/sys/kernel/debug/drvsup/crashpoint
KINDS="oops gpf bug div0 while1"

insmod $MODDIR/drvsup.ko || { tap_fail "$DRV: drvsup.ko loads"; exit 0; }
# drvsup load loads the library modules first (mii), through Debian's
# modules.dep of the tree the driver is in.
t0=$(now_cs)
# shellcheck disable=SC2086
drvsup load "$(deb_chain $DRV | tail -n 1)" ${DRV_ARGS:-} >/tmp/load.log 2>&1
tap_is "$DRV: loads under supervision" $? 0
tap_diag "$(cat /tmp/load.log)"
n=0
until [ -e /sys/class/net/eth0 ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
cold=$(($(now_cs) - t0))
# Older drivers take a new address only while the interface is down.
ip link set eth0 mtu 1400
macdesc="locally administered MAC"
if [ -n "${KEEP_MAC:-}" ]; then
	MAC=$(cat /sys/class/net/eth0/address)
	macdesc="its own MAC"
else
	ip link set eth0 address $MAC
fi
if ! net_up; then
	tap_fail "$DRV: link up" "$(cat /tmp/load.log; dmesg | tail -n 20)"
	exit 0
fi
echo 16 60000 0 >$S/restart_budget
MODE=${RECOVERY:-restart}
echo $MODE >$S/recovery_mode
[ $MODE = checkpoint ] && tap_like "$DRV: a checkpoint after its probe" "$(cat $S/checkpoint)" \
	"bytes: data"
ck0=$(from_ckpt $DRV)
# A test whose sites depend on how the driver came up names them now.
command -v sites_after_load >/dev/null && SITES=$(sites_after_load)
# A device whose state outlives the probe: the restart cycles it (sysfs.md).
[ -n "${REOPEN:-}" ] && echo 1 >$S/reopen

before=$(iface)
tap_is "$DRV: set up (MTU 1400, $macdesc)" \
	"$(cat /sys/class/net/eth0/mtu) $(cat /sys/class/net/eth0/address)" "1400 $MAC"
rec0=$(recovered $DRV)
health_mark
mem0=$(awk '/^MemAvailable/ {print $2}' /proc/meminfo)

rm -f /tmp/netrecv.rc	# the loop ends with the transfer: this one's
# At most 150 s (the pace alone takes 47): a transfer that stalls for good
# fails the checks below (status 143), within the test's limit.
(timeout 150 netrecv 10.0.2.2 "$PORT" stream/$STREAM_MB/$STREAM_KBPS /tmp/gaps 240
 echo $? >/tmp/netrecv.rc) | sha256sum | cut -d' ' -f1 >/tmp/stream.sum &
udp_start
t_start=$(now_cs)
sleep 3

# Fault i: site i mod 4, kind i mod 5: every kind meets several sites. A
# hang goes to the poll instead of the interrupt handler: a loop with
# interrupts off is not detected yet (only hangs with interrupts on are).
: >/tmp/faults
i=0 skipped=
while [ $i -lt $NFAULTS ] && [ ! -s /tmp/netrecv.rc ]; do
	kind=$(echo $KINDS | cut -d' ' -f$((i % 5 + 1)))
	site=$((i % 4 + 1))
	[ $kind = while1 ] && [ $site = 2 ] && site=3
	sym=$(echo $SITES | cut -d' ' -f$site)
	want=$((rec0 + i + 1))
	t0=$(now_cs)
	if ! echo "$DRV $sym $kind" >$CP 2>/dev/null; then
		skipped="$skipped $sym"
		i=$((i + 1))
		continue
	fi
	n=0
	while [ "$(recovered $DRV)" -lt $want ] && [ $n -lt 100 ]; do
		ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1
		cat /sys/class/net/eth0/statistics/rx_bytes >/dev/null 2>&1
		n=$((n + 1))
	done
	echo clear >$CP
	if [ "$(recovered $DRV)" -lt $want ]; then
		# A site the workload never reaches on this model (an
		# interrupt mode QEMU does not offer): said, not counted.
		if [ "$(cat $S/state)" = running ] && [ "$(recovered $DRV)" -eq $((want - 1)) ]; then
			skipped="$skipped $sym"
			rec0=$((rec0 - 1))
			i=$((i + 1))
			continue
		fi
		tap_fail "$DRV: fault $i ($kind in $sym) recovered" \
			"state $(cat $S/state), $(tr '\n' ' ' <$S/recoveries)"
		break
	fi
	echo "$t0 $(now_cs) $kind $sym $(phase $DRV total)" >>/tmp/faults
	i=$((i + 1))
	while [ $(($(now_cs) - t0)) -lt 250 ]; do sleep 0.2; done
done
sleep 3
udp_stop
wait
t_end=$(now_cs)

nf=$(wc -l </tmp/faults)
[ -n "$skipped" ] && tap_diag "$DRV: sites not reached or refused:$skipped"
[ "$nf" -ge 10 ]
tap_is "$DRV: at least 10 faults under the transfer, each recovered ($nf)" $? 0
tap_is "$DRV: faults of every kind recovered" \
	"$(cut -d' ' -f3 /tmp/faults | sort -u | tr '\n' ' ')" "bug div0 gpf oops while1 "
tap_is "$DRV: every fault fired while the transfer was in flight" \
	"$(awk -v e="$t_end" '$2 >= e' /tmp/faults | wc -l)" 0
[ "$(cat /tmp/netrecv.rc)" = 143 ] &&
	tap_diag "$DRV: the transfer stalled: not done in 150 s; last gaps: $(tail -n 3 /tmp/gaps | tr '\n' ' ')"
tap_is "$DRV: the transfer was not reset" "$(cat /tmp/netrecv.rc)" 0
tap_is "$DRV: $STREAM_MB MB byte-exact (sha256)" "$(cat /tmp/stream.sum)" \
	"$(wget -q -O - $URL/stream.sha256/$STREAM_MB)"
tap_is "$DRV: ifindex, MAC, MTU, address and route unchanged" "$(iface)" "$before"
tap_is "$DRV: no restart failed" "$(sed -n 's/^failed //p' $S/recoveries)" 0
ckpt_share "$DRV: " $DRV $MODE $ck0 $nf

# The stall the transfer saw around each fault (as shadow-e1000.sh).
stalls
rmed=$(cut -d' ' -f5 /tmp/faults | pct 0.5)
tap_diag "$DRV: stall per fault (cs, kind, symbol): $(tr '\n' ',' </tmp/stalls)"
tap_diag "$DRV: outage seen by the transfer: $(spread /tmp/stalls)"
tap_diag "$DRV: restart (fault -> serving) median $((rmed / 1000)) ms; cold load and probe $((cold * 10)) ms"
udp_report "$DRV: "
# What the recoveries cost in memory, idle again (buffers a dead instance
# had posted to its device are not given back: wrappers/pkt.h).
sleep 2
mem1=$(awk '/^MemAvailable/ {print $2}' /proc/meminfo)
tap_diag "$DRV: MemAvailable $((mem0 - mem1)) kB lower after $nf recoveries"
health_check 5 "$DRV: kernel healthy after $nf recoveries"
tap_run "$DRV: rmmod" rmmod $DRV
tap_is "$DRV: domain gone" "$(ls -d $S 2>/dev/null)" ""
# drvsup load loaded the wrappers of the libraries it imports from.
for m in /sys/module/drvsup_*; do [ -e "$m" ] && rmmod "${m##*/}"; done
rmmod drvsup

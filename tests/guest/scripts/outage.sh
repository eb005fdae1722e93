# SPDX-License-Identifier: GPL-2.0
# Where an e1000 recovery's outage goes: 8 faults in e1000_xmit_frame,
# 4 s apart, under a UDP request/response every 20 ms (udpping). Per fault
# the restart (fault -> driver serving again), the link (fault -> carrier
# back) and the longest gap the UDP client saw; then their medians. Then,
# with no fault, the gap after the driver merely writes RCTL (promiscuous
# mode on, then off): QEMU's e1000 model holds receive for 1 s after that.
#   tests/guest/httpserve -- tests/guest/run --script outage
#   ... --nic e1000:autonegotiation=off    (QEMU's 500 ms autoneg taken out)
. /drvsup/tests/lib.sh
. /drvsup/tests/e1000.sh
NFAULTS=8
insmod $MODDIR/drvsup.ko || exit 1
if ! supervised_load || ! net_up; then
	cat /tmp/load.log
	exit 1
fi
carrier eth0
echo 16 60000 0 >$S/restart_budget
udp_start
sleep 3
: >/tmp/faults
for i in $(seq $NFAULTS); do
	r=$(recovered e1000)
	t0=$(now_cs)
	echo "e1000 e1000_xmit_frame oops" >$CP
	wait_recovered e1000 $((r + 1))
	echo clear >$CP
	sleep 4
	echo "$t0 $(now_cs) oops e1000_xmit_frame $(phase e1000 total) $(phase e1000 link)" >>/tmp/faults
	printf '\rfault %d of %d' "$i" $NFAULTS >&2
done
echo >&2
: >/tmp/ctl
for m in on off; do
	t0=$(now_cs)
	ip link set eth0 promisc $m
	echo "$t0 $t0 $m promisc" >>/tmp/ctl
	sleep 4
done
udp_stop
wait
stalls /tmp/udpgaps /tmp/udpstalls
paste -d' ' /tmp/faults /tmp/udpstalls | awk '{ printf "fault %d: restart %d ms, link %d ms, UDP gap %d ms\n", NR, $5 / 1000, $6 / 1000, $7 * 10 }'
echo "median: restart $(($(cut -d' ' -f5 /tmp/faults | pct 0.5) / 1000)) ms," \
     "link $(($(cut -d' ' -f6 /tmp/faults | pct 0.5) / 1000)) ms," \
     "UDP gap $(($(cut -d' ' -f1 /tmp/udpstalls | pct 0.5) * 10)) ms"
stalls /tmp/udpgaps /tmp/ctlstalls /tmp/ctl
awk '{ printf "no fault, promiscuous mode %s: UDP gap %d ms\n", $2, $1 * 10 }' /tmp/ctlstalls

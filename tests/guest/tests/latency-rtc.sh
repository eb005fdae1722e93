# SPDX-License-Identifier: GPL-2.0
# `drvsup latency`: recovery latency of the supervised RTC driver under a
# workload of RTC_RD_TIME calls, 30 oops and 30 while1 faults in its ioctl
# handler. Every fault recovered, no workload error, sane figures in the
# JSON (the README's "Recovery latency" quotes them), the restart budget
# put back; the command's refusals (no fault site, armed crash points, a
# net driver without a peer), its exit code when a fault is not recovered,
# and 5 faults of Debian's e1000 under a TCP stream.
# timeout: 200
. /drvsup/tests/lib.sh

S=/sys/kernel/drvsup/rtctest
CP=/sys/kernel/debug/drvsup/crashpoint
insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
drvsup load $MODDIR/rtctest.ko >/tmp/load.log 2>&1 ||
	{ tap_fail "rtctest: supervised load" "$(cat /tmp/load.log)"; exit 0; }
budget0=$(cat $S/restart_budget)

# json_num FILE PATH...: the number at "k1":{..."k2":N (one level of nesting
# at most, as drvsup latency --json prints it); empty if absent.
json_num() {
	case $# in
	2) sed -n "s/.*\"$2\":\(-\{0,1\}[0-9.][0-9.]*\).*/\1/p" "$1" ;;
	3) sed -n "s/.*\"$2\":{[^}]*\"$3\":\([0-9.][0-9.]*\).*/\1/p" "$1" ;;
	esac
}
# lt A B: A < B for decimals (awk).
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

for kind in oops while1; do
	r0=$(recovered rtctest)
	drvsup latency rtctest --faults 30 --kind $kind --json >/tmp/lat.json 2>/tmp/lat.err
	rc=$?
	tap_is "latency $kind: exit 0" "$rc" 0
	[ $rc -eq 0 ] || tap_diag "$(tail -n 5 /tmp/lat.err)"
	tap_diag "$(cat /tmp/lat.json)"
	j=/tmp/lat.json
	tap_is "latency $kind: 30 faults recovered, 0 workload errors" \
		"$(json_num $j recovered) $(json_num $j workload errors)" "30 0"
	grep -q '"ok":true}$' $j
	tap_is "latency $kind: JSON says ok" $? 0
	r1=$(recovered rtctest)
	tap_is "latency $kind: the driver counted 30 recoveries" "$((r1 - r0))" 30
	calls=$(json_num $j workload calls)
	[ "${calls:-0}" -gt 1000 ]
	tap_is "latency $kind: the workload ran (${calls:-no} calls)" $? 0
	med=$(json_num $j total_us median)
	p99=$(json_num $j total_us p99)
	omed=$(json_num $j outage_us median)
	cold=$(json_num $j cold_init_us)
	tap_diag "$kind: total median ${med} us p99 ${p99} us, outage median ${omed} us, cold init ${cold} us"
	lt 0 "${med:-0}" && lt "$med" 1000000
	tap_is "latency $kind: median total > 0 and < 1000 ms" $? 0
	lt 0 "${cold:-0}" && lt "$cold" 1000000
	tap_is "latency $kind: cold init > 0 and < 1000 ms" $? 0
	# The workload waits out every recovery: its outage is longer than the
	# recovery's total (fault -> serving again). Pairwise within a tick
	# (4 ms): the kernel times phases with local_clock(), which this guest
	# (TSC unstable) keeps only within a tick of the real time per CPU.
	tot=$(sed -n 's/.*"samples_us":{"total":\[\([0-9,]*\)\].*/\1/p' $j)
	out=$(sed -n 's/.*"samples_us":{[^}]*"outage":\[\([0-9,]*\)\].*/\1/p' $j)
	awk -v a="$tot" -v b="$out" 'BEGIN { n = split(a, x, ","); m = split(b, y, ",")
		for (i = 1; i <= n; i++) if (y[i] + 0 <= 0 || y[i] + 4000 <= x[i] + 0) bad++
		exit !(n == 30 && m == 30 && !bad) }' && lt "$med" "$omed"
	tap_is "latency $kind: outage > recovery time (median $omed us vs $med us; each within 4 ms)" $? 0
	n=$(json_num $j total_us n)
	q=$(sed -n 's/.*"phases_us":{"quiesce":{"n":\([0-9]*\).*/\1/p' $j)
	tap_is "latency $kind: 30 samples of total and of each phase" "$n $q" "30 30"
	# A while1 is detected when it used up the hang budget (watchdog ticks
	# of 10 ms), and the workload waits through that too.
	if [ $kind = while1 ]; then
		hb=$(cat $S/hang_budget_ms)
		lt $((hb * 900)) "$omed" && lt "$omed" $((hb * 1000 + 1000000))
		tap_is "latency while1: median outage between 0.9 x hang budget ($hb ms) and hang budget + 1 s" $? 0
	else
		lt "$omed" 1000000
		tap_is "latency oops: median outage < 1000 ms" $? 0
	fi
	grep -q "^fault 30/30: recovered in " /tmp/lat.err
	tap_is "latency $kind: progress on stderr" $? 0
	# Off a terminal: the first fault, then once a minute, and the last.
	tap_is "latency $kind: progress off a terminal: first and last fault only (a short run)" \
		"$(grep -c '^fault ' /tmp/lat.err) $(grep -c '^fault 1/30: ' /tmp/lat.err)" "2 1"
	# The phases are the BPF events' (drvsup:recovery_phase), and sysfs
	# says the same for every fault.
	tap_is "latency $kind: phases from BPF for 30 faults, sysfs differs on none" \
		"$(grep -o '"phases_from":"[a-z]*","bpf_recoveries":[0-9]*' $j) $(json_num $j sysfs_differs)" \
		'"phases_from":"bpf","bpf_recoveries":30 0'
	tap_is "latency $kind: restart budget put back" "$(cat $S/restart_budget)" "$budget0"
	tap_is "latency $kind: no crash point left" "$(cat $CP)" ""
done

# The run's 60 attempts were forgotten: under the driver's own budget
# (5 a minute) a fault now still recovers instead of finding it dead.
r0=$(recovered rtctest)
echo "rtctest rtct_ioctl oops" >$CP
got=$(devcall /dev/rtctest ioctl)
echo clear >$CP
tap_is "after the runs, a fault recovers under the driver's own budget" \
	"$got $(cat $S/state) $(($(recovered rtctest) - r0))" "ok running 1"

# Ctrl-C: the run stops, says so, and puts everything back.
drvsup latency rtctest -f 1000 -k oops >/tmp/lat.txt 2>/tmp/lat.err &
pid=$!
sleep 3
kill -INT $pid
wait $pid
rc=$?
tap_diag "$(tail -n 1 /tmp/lat.err)"
tap_is "latency: interrupted: exit 1, budget put back, no crash point, driver serves" \
	"$rc $(grep -c '^drvsup: interrupted after [0-9]* faults$' /tmp/lat.err) $(cat $S/restart_budget) $(cat $CP)$(devcall /dev/rtctest ioctl)" \
	"1 1 $budget0 ok"

# drvsup status shows the shadow's side of it.
drvsup status rtctest >/tmp/st.txt
tap_diag "$(cat /tmp/st.txt)"
grep -q "^  recovery:   passive (recovered $(recovered rtctest), " /tmp/st.txt &&
	grep -q "^  last recovery: [0-9]*\.[0-9][0-9] ms (fault -> serving again)$" /tmp/st.txt &&
	grep -q "^  restart budget: $(echo $budget0 | awk '{ print $1 " in " $2 " ms, backoff " $3 " ms" }')$" /tmp/st.txt
tap_is "status: recovery, recoveries, last recovery, restart budget" $? 0
last=$(drvsup status --json rtctest | sed -n 's/.*"last_recovery_us":\([0-9]*\).*/\1/p')
tap_is "status --json: last_recovery_us is the phases' total" "$last" \
	"$(phase rtctest total)"

# Without BPF (root without CAP_BPF/CAP_PERFMON/CAP_SYS_ADMIN: the
# kernel refuses the program), latency works from sysfs and says so once.
nobpf drvsup latency rtctest -f 3 -k oops --json >/tmp/lat.json 2>/tmp/lat.err
rc=$?
tap_diag "$(grep -v '^fault' /tmp/lat.err)"
tap_is "latency without BPF: exit 0, phases from sysfs, one line says why" \
	"$rc $(grep -o '"phases_from":"[a-z]*"' /tmp/lat.json) $(json_num /tmp/lat.json recovered) $(grep -c '^drvsup: latency: BPF not available (loading the program: Operation not permitted): phases from sysfs alone$' /tmp/lat.err)" \
	'0 "phases_from":"sysfs" 3 1'

# The RTC driver requests its IRQ in init: no checkpoint (a line the
# driver holds has no rule for it), so checkpoint mode restarts it.
drvsup latency rtctest -f 3 -k oops --mode checkpoint --json >/tmp/lat.json 2>/dev/null
tap_is "latency --mode checkpoint, no checkpoint (irq): restarts, mode put back" \
	"$? $(grep -o '"mode":"[a-z]*"' /tmp/lat.json) $(json_num /tmp/lat.json from_checkpoint) $(json_num /tmp/lat.json recovered) $(cat $S/checkpoint) $(cat $S/recovery_mode)" \
	'0 "mode":"checkpoint" 0 3 none: irq restart'

# Text output: the table's rows.
drvsup latency rtctest -f 3 -k oops >/tmp/lat.txt 2>/dev/null
rc=$?
tap_diag "$(cat /tmp/lat.txt)"
tap_is "latency text: exit 0, every row, where the phases came from" \
	"$rc $(grep -cE '^(total|  quiesce|  release|  reset|  restart|  replay|  resume|outage|cold init)' /tmp/lat.txt) $(grep -c '^phases: from BPF (drvsup:recovery_phase) for 3 of 3 faults; sysfs differs on 0$' /tmp/lat.txt)" "0 9 1"

# Refusals.
echo "rtctest rtct_read oops" >$CP
drvsup latency rtctest -f 1 -k oops >/dev/null 2>/tmp/lat.err
tap_is "latency refuses while crash points are armed" "$? $(grep -c 'armed already' /tmp/lat.err)" "18 1"
echo clear >$CP
drvsup latency rtctest -f 1 -k oops --at no_such_function >/dev/null 2>/tmp/lat.err
tap_is "latency: unknown symbol is a usage error" "$?" 2
tap_diag "$(cat /tmp/lat.err)"
tap_is "latency: budget put back after an unknown symbol" "$(cat $S/restart_budget)" "$budget0"
# A fault site the workload never reaches: not recovered, exit 20.
drvsup latency rtctest -f 1 -k oops --at rtct_read --timeout 500 >/dev/null 2>/tmp/lat.err
tap_is "latency: a fault that never comes is reported (exit 20)" "$?" 20
tap_diag "$(cat /tmp/lat.err)"
tap_is "latency: crash point cleared after a timeout" "$(cat $CP)" ""

# A network driver: its workload is a TCP stream through it (the host's
# tests/guest/httpserve); no peer is a usage error.
. /drvsup/tests/e1000.sh
if supervised_load && net_up; then
	drvsup latency e1000 -f 1 -k oops >/dev/null 2>/tmp/lat.err
	tap_is "latency: a net driver needs --peer (exit 2)" "$? $(grep -c -- --peer /tmp/lat.err)" "2 1"
	# Both recovery modes, a series each: a restart (re-probe), and from
	# the checkpoint (no re-probe: shorter), the mode put back after.
	drvsup latency e1000 -f 5 -k oops --mode both --peer 10.0.2.2:${URL##*:} \
		>/tmp/lat.txt 2>/tmp/lat.err
	rc=$?
	tap_diag "$(cat /tmp/lat.txt /tmp/lat.err)"
	tap_is "latency e1000 --mode both (5 oops each under a TCP stream): exit 0, total, link and outage rows twice" \
		"$rc $(grep -cE '^(total|link|outage)' /tmp/lat.txt)" "0 6"
	tap_is "latency e1000: a series restarting, one from the checkpoint" \
		"$(grep -c '^recovery mode: restart, 0 of 5 from the checkpoint$' /tmp/lat.txt) $(grep -c '^recovery mode: checkpoint, 5 of 5 from the checkpoint$' /tmp/lat.txt)" \
		"1 1"
	med=$(awk '/^total/ { print $3 }' /tmp/lat.txt | tr '\n' ' ')
	awk -v m="$med" 'BEGIN { split(m, v, " "); exit !(v[2] < v[1] / 2) }'
	tap_is "latency e1000: from the checkpoint under half the restart's median (ms: $med)" $? 0
	tap_is "latency e1000: recovery_mode put back" "$(cat /sys/kernel/drvsup/e1000/recovery_mode)" restart
	rmmod e1000
else
	tap_fail "latency: e1000 loads and has a link" "$(cat /tmp/load.log)"
fi

tap_run "rtctest: unload works" rmmod rtctest
rmmod drvsup

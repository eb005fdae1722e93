# SPDX-License-Identifier: GPL-2.0
# `drvsup trace`: drvsup's BPF program on its tracepoints. While
# `drvsup trace --json` runs, N faults hit the supervised RTC driver (in
# its ioctl handler) and N Debian's e1000 (in its transmit path): the
# trace shows exactly N faults and N recoveries per driver, each fault
# with its kind and entry point, each recovery's phases as long as sysfs
# `phases` says (within 1 ms or 5%), and its summary histograms and gate
# crossings per entry point. Then the same binary where the kernel refuses
# BPF (an unprivileged user, and root without CAP_BPF/CAP_SYS_ADMIN, under
# kernel.unprivileged_bpf_disabled): one line, exit 22, and the rest of
# drvsup still works.
# timeout: 150
. /drvsup/tests/lib.sh

N=5
KINDS="oops gpf bug div0 oops"
CP=/sys/kernel/debug/drvsup/crashpoint
insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
drvsup load $MODDIR/rtctest.ko >/tmp/load.log 2>&1 ||
	{ tap_fail "rtctest: supervised load" "$(cat /tmp/load.log)"; exit 0; }
. /drvsup/tests/e1000.sh
if ! supervised_load || ! net_up; then
	tap_fail "e1000: supervised load, link up" "$(cat /tmp/load.log)"
	exit 0
fi

# For the run, restarts at once (no backoff) and enough of them; put back
# at the end.
b_rtc=$(cat /sys/kernel/drvsup/rtctest/restart_budget)
b_e1000=$(cat $S/restart_budget)
echo "16 1000 0" >/sys/kernel/drvsup/rtctest/restart_budget
echo "16 1000 0" >$S/restart_budget

# sysfs phases of the last recovery, one line per phase: DRIVER PHASE US
sysfs_phases() {
	awk -v d="$1" 'NR > 1 && $1 != "link" && $1 != "cold-init" { print d, $1, $2 }' \
		/sys/kernel/drvsup/$1/phases
}

drvsup trace --json >/tmp/trace.json 2>/tmp/trace.err &
tpid=$!
# Attached once it says so on stderr.
n=0
while ! grep -q '^drvsup: tracing' /tmp/trace.err && [ $n -lt 100 ]; do
	kill -0 $tpid 2>/dev/null || break
	sleep 0.1
	n=$((n + 1))
done
tap_is "trace --json: attached" "$(grep -c '^drvsup: tracing' /tmp/trace.err)" 1

: >/tmp/sysfs.phases
for kind in $KINDS; do
	r=$(recovered rtctest)
	echo "rtctest rtct_ioctl $kind" >$CP
	devcall /dev/rtctest ioctl >/dev/null
	echo clear >$CP
	wait_recovered rtctest $((r + 1)) && sysfs_phases rtctest >>/tmp/sysfs.phases
done
for kind in $KINDS; do
	r=$(recovered e1000)
	echo "e1000 e1000_xmit_frame $kind" >$CP
	ping_until_recovered $r
	echo clear >$CP
	wait_recovered e1000 $((r + 1)) && sysfs_phases e1000 >>/tmp/sysfs.phases
	carrier eth0
done
sleep 0.5
kill -INT $tpid
wait $tpid
tap_is "trace: SIGINT ends it with exit 0" "$?" 0
tap_diag "$(grep -v '"event":"summary"' /tmp/trace.json | head -n 16)"

# ev DRIVER EVENT [MORE]: how many JSON lines of that driver and event.
ev() { grep "\"event\":\"$2\"" /tmp/trace.json | grep "\"driver\":\"$1\"" | grep -c "${3:-.}"; }
for d in rtctest e1000; do
	tap_is "trace $d: exactly $N faults and $N recoveries" \
		"$(ev $d fault) $(ev $d recovery '"result":"recovered"') $(ev $d recovery)" "$N $N $N"
done
tap_is "trace rtctest: the faults' kinds and entry point" \
	"$(grep '"event":"fault".*"driver":"rtctest"' /tmp/trace.json |
		sed 's/.*"kind":"\([^"]*\)","entry":"\([^"]*\)","where":"\([^+"]*\).*/\1 \2 \3/' | tr '\n' ' ')" \
	"$(for k in $KINDS; do printf '%s ioctl rtct_ioctl ' $(fault_name $k); done)"
tap_is "trace e1000: the faults' entry point and site" \
	"$(grep '"event":"fault".*"driver":"e1000"' /tmp/trace.json |
		sed 's/.*"entry":"\([^"]*\)","where":"\([^+"]*\).*/\1 \2/' | sort -u)" \
	"ndo_start_xmit e1000_xmit_frame"

# Each recovery's phases, in order, against what sysfs said after it.
grep '"event":"phase"' /tmp/trace.json |
	sed 's/.*"driver":"\([^"]*\)","phase":"\([^"]*\)".*"us":\([0-9]*\).*/\1 \2 \3/' >/tmp/trace.phases
tap_diag "$(paste /tmp/sysfs.phases /tmp/trace.phases | head -n 7)"
awk 'NR == FNR { k = $1 " " $2; s[k, ++ns[k]] = $3; next }
	{ k = $1 " " $2; i = ++nt[k]; v = s[k, i]; d = $3 - v; if (d < 0) d = -d
	  n++; if (v == "" || (d > 1000 && d > v * 0.05)) { bad++; print "mismatch", k, i, $3, v } }
	END { for (k in ns) if (ns[k] != nt[k]) { bad++; print "count", k, ns[k], nt[k] }
	      print n " phases compared, " bad + 0 " differ"; exit !(n == 2 * 5 * 7 && !bad) }' \
	/tmp/sysfs.phases /tmp/trace.phases >/tmp/cmp.txt
tap_is "trace: every recovery's 7 phases agree with sysfs (1 ms or 5%)" "$?" 0
tap_diag "$(cat /tmp/cmp.txt | tail -n 5)"

# The summary: histograms counted in BPF, gate crossings per entry point.
sum=$(grep '"event":"summary"' /tmp/trace.json)
tap_diag "$sum"
for d in rtctest e1000; do
	tot=$(echo "$sum" | sed "s/.*\"$d\":{[^}]*\"histograms_us\":{.*\"total\":\[\([^]]*\)\].*/\1/" |
		grep -o '"count":[0-9]*' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }')
	tap_is "summary $d: the total histogram counts $N recoveries" "$tot" $N
done
calls=$(echo "$sum" | sed 's/.*"rtctest":{.*"crossings":{[^}]*"ioctl":\([0-9]*\).*/\1/')
[ "${calls:-0}" -ge $N ] 2>/dev/null
tap_is "summary rtctest: ioctl gate crossings counted (${calls:-none}, >= $N)" $? 0
x=$(echo "$sum" | sed 's/.*"e1000":{.*"crossings":{[^}]*"ndo_start_xmit":\([0-9]*\).*/\1/')
[ "${x:-0}" -ge $N ] 2>/dev/null
tap_is "summary e1000: ndo_start_xmit gate crossings counted (${x:-none}, >= $N)" $? 0

# Text form, one driver, --duration: the histogram as biolatency prints it
# (20 oops faults, while e1000 runs too: none of its lines).
(sleep 1
	for i in $(seq 20); do
		r=$(recovered rtctest)
		echo "rtctest rtct_ioctl oops" >$CP
		devcall /dev/rtctest ioctl >/dev/null
		echo clear >$CP
		wait_recovered rtctest $((r + 1))
	done
	ping -c 2 10.0.2.2 >/dev/null 2>&1) &
drvsup trace rtctest --duration 8 >/tmp/trace.txt 2>/dev/null
rc=$?
wait
tap_diag "$(cat /tmp/trace.txt)"
tap_is "trace rtctest --duration 8 (text): exit 0, 20 faults, 20 recoveries, no e1000, total histogram of 20" \
	"$rc $(grep -c ' rtctest *fault page-fault in ioctl at rtct_ioctl' /tmp/trace.txt) $(grep -c 'recovered in' /tmp/trace.txt) $(grep -c e1000 /tmp/trace.txt) $(sed -n '/^rtctest total$/,/^$/p' /tmp/trace.txt | awk '$2 == "->" { s += $5 } END { print s + 0 }')" \
	"0 20 20 0 20"
echo "$b_rtc" >/sys/kernel/drvsup/rtctest/restart_budget
echo "$b_e1000" >$S/restart_budget

# Gate crossings: the kprobe's count is the gate's own counter (sysfs
# `entries`), call for call; and what the attached kprobe costs a call.
ent() { awk -v k="$1" '$1 == k { print $2 }' /sys/kernel/drvsup/rtctest/entries; }
plain=$(ioctlbench /dev/rtctest 2 | sed 's/calls_per_s=//')
drvsup trace rtctest --json --duration 30 >/tmp/tr2.json 2>/tmp/tr2.err &
tpid=$!
n=0
while ! grep -q '^drvsup: tracing' /tmp/tr2.err && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
c0=$(ent ioctl)
traced=$(ioctlbench /dev/rtctest 2 | sed 's/calls_per_s=//')
c1=$(ent ioctl)
kill -TERM $tpid
wait $tpid
rc=$?
bpf=$(sed -n 's/.*"crossings":{[^}]*"ioctl":\([0-9]*\).*/\1/p' /tmp/tr2.json)
tap_diag "RTC_RD_TIME calls/s: $plain untraced, $traced with the kprobe on drvsup_gate"
tap_is "trace: SIGTERM ends it with exit 0; ioctl crossings counted in BPF = the gate's own count ($((c1 - c0)))" \
	"$rc ${bpf:-none}" "0 $((c1 - c0))"

# No BPF: bpf() refused (an unprivileged user; Debian's kernel has
# kernel.unprivileged_bpf_disabled=2).
grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
tap_diag "unprivileged_bpf_disabled=$(cat /proc/sys/kernel/unprivileged_bpf_disabled)"
su -s /bin/sh nobody -c 'drvsup trace --duration 1 >/tmp/nobpf.out 2>/tmp/nobpf.err; echo $? >/tmp/nobpf.rc'
tap_diag "$(cat /tmp/nobpf.err)"
tap_is "no BPF: exit 22, one line on stderr, nothing on stdout" \
	"$(cat /tmp/nobpf.rc) $(wc -l </tmp/nobpf.err) $(grep -c '^drvsup: trace: BPF not available: loading the program: ' /tmp/nobpf.err) $(wc -c </tmp/nobpf.out)" \
	"22 1 1 0"
su -s /bin/sh nobody -c 'drvsup status rtctest >/dev/null; echo $? >/tmp/nobpf.rc'
tap_is "no BPF: drvsup status still works (same user)" "$(cat /tmp/nobpf.rc)" 0
# Root without CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN (progs/nobpf.c).
nobpf drvsup trace rtctest --json >/tmp/nobpf.out 2>/tmp/nobpf.err
rc=$?
tap_diag "$(cat /tmp/nobpf.err)"
tap_is "no BPF (root without CAP_BPF): exit 22, one line, nothing on stdout" \
	"$rc $(wc -l </tmp/nobpf.err) $(grep -c '^drvsup: trace: BPF not available: loading the program: Operation not permitted$' /tmp/nobpf.err) $(wc -c </tmp/nobpf.out)" \
	"22 1 1 0"
nobpf drvsup status --json rtctest >/dev/null
tap_is "no BPF (root without CAP_BPF): drvsup status works" "$?" 0
tap_run "after the trace, drvsup status works" drvsup status

rmmod e1000
tap_run "rtctest: unload works" rmmod rtctest
rmmod drvsup

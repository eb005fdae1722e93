# SPDX-License-Identifier: GPL-2.0
# `make bench`: supervised vs unsupervised in one guest run, medians of 5
# repetitions. Ratios are what to compare: TCG makes absolute times 10-50x
# slower than native (vm.md).
. /drvsup/tests/lib.sh

REPS=5
median() { pct 0.5; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

insmod $MODDIR/drvsup.ko || exit 1
echo "drvsup bench: Linux $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs, QEMU TCG, medians of $REPS"
echo

# The gate: five runs of 2,000,000 empty calls, each run timing the plain
# indirect call, the gate's assembly alone, the whole gate entered with
# bottom halves off (an interrupt-level entry: no preempt notifier) and in
# process context (faultinj/selftest.c: bench_run()).
GB=/sys/kernel/debug/drvsup/gatebench
field() { sed "s/.* $1=\([0-9.]*\).*/\1/" /tmp/gb; }
: >/tmp/ind
: >/tmp/gate
: >/tmp/asm
: >/tmp/bh
for i in $(seq $REPS); do
	echo 2000000 >$GB
	cat $GB >/tmp/gb
	field indirect_ns >>/tmp/ind
	field gate_ns >>/tmp/gate
	field asm_ns >>/tmp/asm
	field bh_gate_ns >>/tmp/bh
done
ind=$(median </tmp/ind)
gate=$(median </tmp/gate)
asm=$(median </tmp/asm)
bh=$(median </tmp/bh)
printf '%-44s %10s %10s %7s\n' "" plain drvsup ratio
printf '%-44s %10s %10s %7s\n' "empty call, ns (indirect call vs gate)" "$ind" "$gate" "$(ratio "$gate" "$ind")"
printf '%-44s %10s %10s %7s\n' "  of which the gate's assembly alone" "$ind" "$asm" "$(ratio "$asm" "$ind")"
printf '%-44s %10s %10s %7s\n' "  gate entered at interrupt level" "$ind" "$bh" "$(ratio "$bh" "$ind")"

rtc_rate() {
	: >/tmp/rate
	for i in $(seq $REPS); do
		ioctlbench /dev/rtctest 2 | sed 's/calls_per_s=//' >>/tmp/rate
	done
	median </tmp/rate
}
insmod $MODDIR/rtctest.ko || exit 1
plain=$(rtc_rate)
rmmod rtctest
# Supervised, runs on the domain stacks and on the kernel stack
# (debugfs domain_stacks) interleaved: what the stack switch costs.
STK=/sys/kernel/debug/drvsup/domain_stacks
drvsup load $MODDIR/rtctest.ko >/tmp/load.log || exit 1
: >/tmp/rate_on
: >/tmp/rate_off
for i in $(seq $REPS); do
	for k in on off; do
		[ $k = on ] && echo Y >$STK || echo N >$STK
		ioctlbench /dev/rtctest 2 | sed 's/calls_per_s=//' >>/tmp/rate_$k
	done
done
echo Y >$STK
rmmod rtctest
sup=$(median </tmp/rate_on)
kstk=$(median </tmp/rate_off)
printf '%-44s %10s %10s %7s\n' "RTC ioctl(RTC_RD_TIME) calls/s" "$plain" "$sup" "$(ratio "$sup" "$plain")"
printf '%-44s %10s %10s %7s\n' "  driver on the kernel stack (domain_stacks N)" "$plain" "$kstk" "$(ratio "$kstk" "$plain")"

# e1000 (Debian's unmodified e1000.ko) with real traffic: downloads of the
# blob from the host's test server (tests/guest/httpserve; `make bench`
# starts it), plain (insmod) and supervised (drvsup load). Per download:
# wall time (/proc/uptime, centiseconds) and the guest's busy CPU time
# (/proc/stat: all CPUs' user+nice+system+irq+softirq+steal jiffies, i.e.
# all but idle and iowait; USER_HZ=100). Timed downloads go to /dev/null;
# one more per mode checks the sha256 (sha256sum under TCG is slower than
# the link, so it is kept out of the figures).
# The server (URL), E1000, S, net_up and now_cs: e1000.sh.
. /drvsup/tests/e1000.sh

die() {
	echo "drvsup bench: FAILED: $*"
	exit 1
}

busy_jiffies() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# e1000_run MODE: the server answering, one sha256-checked download (SHA:
# "ok" or the mismatch), then $REPS timed ones: medians in RATE (MB/s) and
# CPU (guest CPU seconds per 100 MB), per-run figures in RUNS.
e1000_run() {
	size=$(timeout 20 wget -q -O - $URL/blob.size 2>/dev/null)
	case "$size" in
	'' | *[!0-9]*) die "no test server at $URL (run under tests/guest/httpserve, as 'make bench' does); $1 e1000: got '$size' for blob.size" ;;
	esac
	[ "$size" -gt 0 ] || die "empty blob at $URL"
	want=$(wget -q -O - $URL/blob.sha256) || die "$URL/blob.sha256: download failed"
	got=$(wget -q -O - $URL/blob | sha256sum | cut -d' ' -f1)
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		SHA=ok
	else
		SHA="MISMATCH (got $got, want $want)"
	fi
	: >/tmp/mbs
	: >/tmp/cpu
	RUNS=
	for i in $(seq $REPS); do
		j0=$(busy_jiffies)
		t0=$(now_cs)
		wget -q -O /dev/null $URL/blob || die "$1 e1000: download $i of $URL/blob failed"
		t1=$(now_cs)
		j1=$(busy_jiffies)
		awk -v b="$size" -v cs=$((t1 - t0)) -v j=$((j1 - j0)) 'BEGIN {
			mb = b / 1048576
			if (cs < 1) cs = 1
			printf "%.1f %.2f\n", mb * 100 / cs, j / 100 * 100 / mb
		}' >/tmp/one
		read -r r c </tmp/one
		echo "$r" >>/tmp/mbs
		echo "$c" >>/tmp/cpu
		RUNS="$RUNS $r/$c"
	done
	RATE=$(median </tmp/mbs)
	CPU=$(median </tmp/cpu)
}

# udp_run MODE: $REPS runs of udpsend (64-byte datagrams to the host's UDP
# sink for UDP_S seconds each): medians in PPS (datagrams sent per second),
# UCPU (guest CPU seconds per million datagrams) and XPS (gate and wrapper
# crossings per second, supervised only); RECV = how many of all the
# datagrams the host's sink counted.
UDP_S=3
PORT=$(sed -n 's/^HTTP_PORT=//p' /drvsup/guest.conf)
# Both ways, with e1000.sh's crossings(); 0 when not supervised.
all_crossings() {
	[ -r $S/crossings ] || { echo 0; return; }
	echo $(($(crossings in) + $(crossings out)))
}
udp_run() {
	: >/tmp/pps
	: >/tmp/ucpu
	: >/tmp/xps
	sent=0
	h0=$(wget -q -O - $URL/udp.count) || die "$1 e1000: no UDP sink count at $URL/udp.count"
	for i in $(seq $REPS); do
		x0=$(all_crossings)
		j0=$(busy_jiffies)
		udpsend 10.0.2.2 "$PORT" $UDP_S 64 >/tmp/udp || die "$1 e1000: udpsend failed: $(cat /tmp/udp)"
		j1=$(busy_jiffies)
		x1=$(all_crossings)
		eval "$(sed 's/ /;/g' /tmp/udp)"	# packets= seconds= pps=
		sent=$((sent + packets))
		echo "$pps" >>/tmp/pps
		awk -v j=$((j1 - j0)) -v n="$packets" 'BEGIN { printf "%.2f\n", j / 100 * 1e6 / n }' >>/tmp/ucpu
		awk -v x=$((x1 - x0)) -v s="$seconds" 'BEGIN { printf "%.0f\n", x / s }' >>/tmp/xps
	done
	sleep 1
	h1=$(wget -q -O - $URL/udp.count) || die "$1 e1000: no UDP sink count at $URL/udp.count"
	PPS=$(median </tmp/pps)
	UCPU=$(median </tmp/ucpu)
	XPS=$(median </tmp/xps)
	RECV="$((h1 - h0)) of $sent"
}

[ -r $E1000 ] || die "no $E1000 (Debian's e1000.ko) in the guest"
insmod $E1000 || die "plain e1000: insmod failed"
net_up || die "plain e1000: eth0 does not come up"
e1000_run plain
rate_plain=$RATE cpu_plain=$CPU sha_plain=$SHA runs_plain=$RUNS
udp_run plain
pps_plain=$PPS ucpu_plain=$UCPU recv_plain=$RECV
rmmod e1000 || die "plain e1000: rmmod failed"

# e1000_probe spends more than the default hang budget (250 ms) on a CPU
# under TCG: as e1000-supervised.sh does, give the domain 2 s.
echo ${E1000_BUDGET_MS:-2000} >/sys/module/drvsup/parameters/hang_budget_ms
drvsup load $E1000 >/tmp/load.log 2>&1 || die "supervised e1000: drvsup load failed: $(cat /tmp/load.log)"
net_up || die "supervised e1000: eth0 does not come up"
e1000_run supervised
rate_sup=$RATE cpu_sup=$CPU sha_sup=$SHA runs_sup=$RUNS
udp_run supervised
pps_sup=$PPS ucpu_sup=$UCPU recv_sup=$RECV xps_sup=$XPS
state=$(cat $S/state)
[ "$state" = running ] || die "supervised e1000: domain $state after the downloads (figures discarded): $(cat $S/last_fault)"
ip link set eth0 down
rmmod e1000 || die "supervised e1000: rmmod failed"

# Write isolation: e1000 built from linux-source-6.1 with the store
# instrumentation (mk/writeiso.mk), supervised, against Debian's build of
# the same source (uninstrumented) supervised above. The store checks per
# datagram come from the write check's own count (debugfs writecheck).
WI=$MODDIR/wi/e1000.ko
[ -r $WI ] || die "no $WI (make builds it) in the guest"
drvsup load $WI >/tmp/load.log 2>&1 || die "write-isolated e1000: drvsup load failed: $(cat /tmp/load.log)"
net_up || die "write-isolated e1000: eth0 does not come up"
e1000_run write-isolated
rate_wi=$RATE cpu_wi=$CPU sha_wi=$SHA runs_wi=$RUNS
c0=$(wc_count checked)
udp_run write-isolated
c1=$(wc_count checked)
pps_wi=$PPS ucpu_wi=$UCPU recv_wi=$RECV
outside=$(wc_count outside)
state=$(cat $S/state)
[ "$state" = running ] && [ "$outside" = 0 ] ||
	die "write-isolated e1000: domain $state, $outside stores refused (figures discarded): $(cat $S/last_fault)"
ip link set eth0 down
rmmod e1000 || die "write-isolated e1000: rmmod failed"

MB=$(awk -v b="$size" 'BEGIN { printf "%.0f", b / 1048576 }')
printf '%-44s %10s %10s %7s\n' "e1000 TCP download ($MB MB blob), MB/s" "$rate_plain" "$rate_sup" "$(ratio "$rate_sup" "$rate_plain")"
printf '%-44s %10s %10s %7s\n' "e1000 guest CPU s per 100 MB downloaded" "$cpu_plain" "$cpu_sup" "$(ratio "$cpu_sup" "$cpu_plain")"
printf '%-44s %10s %10s %7s\n' "e1000 UDP 64-byte datagrams sent per second" "$pps_plain" "$pps_sup" "$(ratio "$pps_sup" "$pps_plain")"
printf '%-44s %10s %10s %7s\n' "e1000 guest CPU s per million datagrams" "$ucpu_plain" "$ucpu_sup" "$(ratio "$ucpu_sup" "$ucpu_plain")"
printf '%-44s %10s %10s\n' "crossings per second at that rate" "-" "$xps_sup"
echo
printf '%-44s %10s %10s %7s\n' "write isolation (both supervised)" "Debian's" checked ratio
printf '%-44s %10s %10s %7s\n' "e1000 TCP download, MB/s" "$rate_sup" "$rate_wi" "$(ratio "$rate_wi" "$rate_sup")"
printf '%-44s %10s %10s %7s\n' "e1000 guest CPU s per 100 MB downloaded" "$cpu_sup" "$cpu_wi" "$(ratio "$cpu_wi" "$cpu_sup")"
printf '%-44s %10s %10s %7s\n' "e1000 UDP 64-byte datagrams sent per second" "$pps_sup" "$pps_wi" "$(ratio "$pps_wi" "$pps_sup")"
printf '%-44s %10s %10s %7s\n' "e1000 guest CPU us per datagram" "$ucpu_sup" "$ucpu_wi" "$(ratio "$ucpu_wi" "$ucpu_sup")"
awk -v c=$((c1 - c0)) -v n="$sent" -v a="$ucpu_sup" -v b="$ucpu_wi" 'BEGIN {
	printf "%-44s %10s %10.1f\n", "store checks per datagram", "-", c / n
	printf "%-44s %10s %10.2f\n", "  their cost, guest CPU us per datagram", "-", b - a
}'
echo
echo "e1000 UDP datagrams the host's sink received: plain $recv_plain, drvsup $recv_sup, write-isolated $recv_wi"
echo "e1000 sha256 of one $MB MB download each: plain $sha_plain, drvsup $sha_sup, write-isolated $sha_wi"
echo "e1000 runs (MB/s / CPU s per 100 MB): plain$runs_plain; drvsup$runs_sup; write-isolated$runs_wi"
[ "$sha_plain" = ok ] && [ "$sha_sup" = ok ] && [ "$sha_wi" = ok ] || die "e1000: sha256 mismatch"
rmmod drvsup

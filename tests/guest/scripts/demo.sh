# SPDX-License-Identifier: GPL-2.0
# `make demo`: what a person should see drvsup's guest do, step by step.
# The RTC driver plain, then supervised with one contained fault; then
# the RTC driver and Debian's e1000 supervised together under an RTC
# reader and a TCP transfer, 8 faults injected, recovered with the default
# restart budget, and a table of what the applications saw. Runs under
# tests/guest/httpserve (the transfer's peer).
. /drvsup/tests/lib.sh

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
fail() { printf 'DEMO FAILED: %s\n' "$*"; exit 1; }

step "drvsup demo guest: Linux $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs (QEMU TCG)"
run drvsup version

step "Load the CMOS RTC char driver (drivers/rtc, module rtctest)"
run insmod "$MODDIR/rtctest.ko" || fail "insmod rtctest"
dmesg | grep rtctest | tail -n 3
run ls -l /dev/rtctest
run grep rtctest /proc/ioports /proc/interrupts

step "Read the clock through the RTC ioctl ABI and through sysfs"
run rtcctl -d /dev/rtctest time || fail "RTC_RD_TIME"
run cat /sys/class/rtctest/rtctest/time

step "Set an alarm 3 s ahead; a blocked read() wakes when IRQ 8 fires"
run rtcctl -d /dev/rtctest alarm +3 || fail "alarm did not fire"
run grep rtctest /proc/interrupts

step "Unload"
run rmmod rtctest || fail "rmmod rtctest"
[ -e /dev/rtctest ] && fail "/dev/rtctest still present"
echo "/dev/rtctest is gone; ports and IRQ 8 released:"
grep -c rtctest /proc/ioports /proc/interrupts

step "Load the same driver under supervision: every call now crosses a gate"
run insmod "$MODDIR/drvsup.ko" restart_max=0 || fail "insmod drvsup"
run drvsup load "$MODDIR/rtctest.ko" || fail "drvsup load"
run rtcctl -d /dev/rtctest time || fail "supervised RTC_RD_TIME"
run drvsup status rtctest

step "Inject a NULL-pointer fault into the driver's ioctl handler"
run sh -c 'echo "rtctest rtct_ioctl oops" > /sys/kernel/debug/drvsup/crashpoint'
echo '$ rtcctl -d /dev/rtctest time      # without drvsup: an oops, the caller killed'
rtcctl -d /dev/rtctest time
echo "(rtcctl exited with status $? - it got an error and lived)"
dmesg | grep 'drvsup: rtctest: contained' | tail -n 1
run drvsup status rtctest
t=$(cat /proc/sys/kernel/tainted)
echo "Kernel taint flags D (oops), W (warning), L (lockup): $((t & (128 | 512 | 16384))) (0: none set)"

step "Unload the failed driver; the system keeps running"
run rmmod rtctest || fail "rmmod of the failed driver"
run sh -c 'ls /sys/kernel/drvsup/; uptime'
run rmmod drvsup

step "Both drivers supervised, restarts on: the applications do not notice"
. /drvsup/tests/e1000.sh
run insmod "$MODDIR/drvsup.ko" || fail "insmod drvsup"
run drvsup load "$MODDIR/rtctest.ko" || fail "drvsup load rtctest"
run drvsup load "$E1000" || fail "drvsup load e1000 (Debian's own binary)"
net_up || fail "no link on eth0"
run ip -o -4 addr show dev eth0
echo "# the default restart budget: 5 restarts in 60 s, backoff from 50 ms (MAX WINDOW_MS BACKOFF_MS)"
run cat /sys/kernel/drvsup/e1000/restart_budget
echo '$ rtc_reader /dev/rtctest 44 40 &   # update events, RTC_RD_TIME, alarm queries, open/close; an alarm 40 s ahead'
rtc_reader /dev/rtctest 44 40 >/tmp/reader.out 2>&1 &
echo "\$ netrecv 10.0.2.2 ${URL##*:} stream/56/1400 /tmp/gaps | sha256sum &   # a TCP transfer: 56 MB paced over 40 s"
(netrecv 10.0.2.2 "${URL##*:}" stream/56/1400 /tmp/gaps 300
 echo $? >/tmp/netrecv.rc) | sha256sum | cut -d' ' -f1 >/tmp/stream.sum &
sleep 3
: >/tmp/lat.rtctest
: >/tmp/lat.e1000
: >/tmp/link.e1000
n=0
for f in "rtctest oops rtct_read" "e1000 oops e1000_xmit_frame" \
	 "rtctest gpf rtct_ioctl" "e1000 gpf e1000_intr" \
	 "rtctest div0 rtct_irq" "e1000 bug e1000_clean" \
	 "rtctest while1 rtct_ioctl" "e1000 div0 e1000_watchdog"; do
	set -- $f
	t0=$(now_cs)
	r=$(recovered $1)
	echo "$1 $3 $2" >$CP
	wait_recovered $1 $((r + 1)) || wait_recovered $1 $((r + 1))
	echo clear >$CP
	n=$((n + 1))
	S=/sys/kernel/drvsup/$1
	us=$(phase $1 total)
	echo "$us" >>/tmp/lat.$1
	if [ $1 = e1000 ]; then
		while [ "$(cat /sys/class/net/eth0/carrier)" != 1 ]; do sleep 0.05; done
		link=$(phase e1000 link)
		echo "$link" >>/tmp/link.e1000
		echo "fault $n: $2 in $1's $3 -> restarted in $((us / 1000)) ms, link back $((link / 1000)) ms after the fault"
	else
		echo "fault $n: $2 in $1's $3 -> recovered in $us us"
	fi
	while [ $(($(now_cs) - t0)) -lt 450 ]; do sleep 0.2; done
done
wait
errs=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' /tmp/reader.out)
alarm=$(sed -n 's/.*alarm=\([a-z]*\).*/\1/p' /tmp/reader.out)
sum_ok=failed
[ "$(cat /tmp/stream.sum)" = "$(wget -q -O - $URL/stream.sha256/56)" ] && sum_ok=ok
resets=0
[ "$(cat /tmp/netrecv.rc)" = 0 ] || resets=1
stall=$(awk '$1 != "bytes" && $2 - $1 > m { m = $2 - $1 } END { print m * 10 }' /tmp/gaps)
echo "reader: $(cat /tmp/reader.out)"
# Read the figures while the drivers are loaded; the table comes last.
rec_r=$(recovered rtctest) rec_e=$(recovered e1000)
cold_r=$(phase rtctest cold-init) cold_e=$(($(phase e1000 cold-init) / 1000))
run drvsup status e1000
run rmmod e1000 || fail "rmmod e1000"
run rmmod rtctest || fail "rmmod rtctest"
run rmmod drvsup
echo
printf '%-8s %6s %9s %10s %9s %9s  %s\n' driver faults recovered "app errors" "p50 (ms)" "p99 (ms)" "what the application saw"
printf '%-8s %6s %9s %10s %9s %9s  %s\n' rtctest 4 "$rec_r" "$errs" \
	"$(pct 0.5 </tmp/lat.rtctest | awk '{ printf "%.1f", $1 / 1000 }')" \
	"$(pct 0.99 </tmp/lat.rtctest | awk '{ printf "%.1f", $1 / 1000 }')" "alarm $alarm"
printf '%-8s %6s %9s %10s %9s %9s  %s\n' e1000 4 "$rec_e" "$resets" \
	"$(($(pct 0.5 </tmp/lat.e1000) / 1000))" "$(($(pct 0.99 </tmp/lat.e1000) / 1000))" \
	"TCP sha256 $sum_ok, connection resets $resets, longest stall ${stall} ms"
echo "(recovery: fault -> driver serving again; e1000's link came back $(($(pct 0.5 </tmp/link.e1000) / 1000)) ms (p50) after the fault."
echo " Cold init: rtctest $cold_r us, e1000 $cold_e ms (init with its probe).)"
[ "$errs" = 0 ] || fail "the RTC application saw errors"
[ "$sum_ok" = ok ] && [ $resets = 0 ] || fail "the TCP transfer was damaged"
[ "$rec_r" -ge 4 ] && [ "$rec_e" -ge 4 ] || fail "not every fault recovered"

step "demo finished"

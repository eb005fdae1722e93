# SPDX-License-Identifier: GPL-2.0
# `make demo`: what a person should see drvsup's guest do, step by step.
# (Grows into the supervised-driver demo: load under supervision, inject
# faults, show recovery and its latency.)
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

step "Now with restarts: the shadow driver recovers it, the application does not notice"
run insmod "$MODDIR/drvsup.ko" || fail "insmod drvsup"
run drvsup load "$MODDIR/rtctest.ko" || fail "drvsup load"
S=/sys/kernel/drvsup/rtctest
CP=/sys/kernel/debug/drvsup/crashpoint
echo "# many faults in a short time: allow 16 restarts a second"
run sh -c "echo '16 1000 0' >$S/restart_budget"
echo '$ rtc_reader /dev/rtctest 25 20 &   # update events, RTC_RD_TIME, alarm queries, open/close; an alarm 20 s ahead'
rtc_reader /dev/rtctest 25 20 >/tmp/reader.out 2>&1 &
rpid=$!
sleep 2
: >/tmp/lat
n=0
for f in "oops rtct_read" "gpf rtct_ioctl" "bug rtct_open" "div0 rtct_irq" \
	 "while1 rtct_ioctl" "oops rtct_irq" "gpf rtct_read" "bug rtct_ioctl" \
	 "div0 rtct_open" "while1 rtct_read" "oops rtct_open" "gpf rtct_irq"; do
	set -- $f
	r=$(recovered rtctest)
	echo "rtctest $2 $1" >$CP
	wait_recovered rtctest $((r + 1))
	echo clear >$CP
	n=$((n + 1))
	us=$(awk '$1 == "total" { print $2 }' $S/phases)
	echo "$us" >>/tmp/lat
	echo "fault $n: $1 in $2 -> recovered in $us us"
	sleep 1
done
wait $rpid
echo "reader: $(cat /tmp/reader.out)"
sort -n /tmp/lat >/tmp/lat.s
p50=$(awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' /tmp/lat.s)
p99=$(awk '{ v[NR] = $1 } END { i = int(NR * 0.99 + 0.999); print v[i < 1 ? 1 : i] }' /tmp/lat.s)
errs=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' /tmp/reader.out)
alarm=$(sed -n 's/.*alarm=\([a-z]*\).*/\1/p' /tmp/reader.out)
echo
printf '%-8s %7s %10s %11s %12s %12s %6s\n' driver faults recovered "app errors" "p50 (us)" "p99 (us)" alarm
printf '%-8s %7s %10s %11s %12s %12s %6s\n' rtctest $n "$(recovered rtctest)" "$errs" "$p50" "$p99" "$alarm"
echo "(cold init of the driver: $(awk '$1 == "cold-init" { print $2 }' $S/phases) us)"
[ "$errs" = 0 ] || fail "the application saw errors"
[ "$(recovered rtctest)" -ge $n ] || fail "not every fault recovered"
run drvsup status rtctest
run rmmod rtctest || fail "rmmod rtctest"
run rmmod drvsup

step "demo finished"

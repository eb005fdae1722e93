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

step "demo finished"

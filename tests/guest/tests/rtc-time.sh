# SPDX-License-Identifier: GPL-2.0
# Reading and setting rtctest's clock: sysfs time, set/read back, the chip's
# rollovers, every register format (progs/rtc_time.c); busybox hwclock and
# rtcctl, unmodified tools on the standard ABI. The clock is restored.
# timeout: 60
. /drvsup/tests/lib.sh

if ! mod_load rtctest; then
	tap_fail "rtc-time: rtctest loads"
	exit 0
fi
tap_prog rtc_time /dev/rtctest

# busybox hwclock speaks the RTC ioctl ABI.
hw=$(hwclock -r -u -f /dev/rtctest 2>&1)
rc=$?
now=$(rtcctl -d /dev/rtctest time)
if [ $rc -eq 0 ] && [ -n "$hw" ]; then
	tap_ok "busybox hwclock -r -f /dev/rtctest: $hw (rtcctl: $now)"
else
	tap_fail "busybox hwclock -r -f /dev/rtctest" "exit status $rc" "$hw"
fi

# rtcctl: round trip of its own output, and its exit codes.
t=$(rtcctl -d /dev/rtctest time)
tap_run "rtcctl set '$t' (its own time format)" rtcctl -d /dev/rtctest set "$t"
rtcctl -d /dev/rtctest set 'not a date' >/dev/null 2>&1
tap_is "rtcctl set with a malformed date: exit status 2" $? 2
rtcctl -d /dev/rtctest frobnicate >/dev/null 2>&1
tap_is "rtcctl with an unknown command: exit status 2" $? 2
rtcctl -d /nonexistent time >/dev/null 2>&1
tap_is "rtcctl on a missing device: exit status 1" $? 1
tap_run "rtcctl --help" rtcctl --help

# The clock must still agree with the kernel's clock (read from CMOS at
# boot). Under TCG the kernel's clock falls behind QEMU's CMOS clock, which
# follows the host's: measured 3 s after 10 min of a loaded boot. Allowed:
# 2 s, plus 1 s per 100 s of uptime.
rtc=$(date -u -d "$(rtcctl -d /dev/rtctest time)" +%s)
sys=$(date -u +%s)
d=$((rtc - sys))
tol=$((2 + $(cut -d. -f1 /proc/uptime) / 100))
if [ "${d#-}" -le $tol ]; then
	tap_ok "clock left within $tol s of the system clock ($d s)"
else
	tap_fail "clock left within $tol s of the system clock" "rtc $rtc system $sys"
fi
tap_run "rtc-time: rtctest unloads" mod_unload rtctest
